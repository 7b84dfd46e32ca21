"""MQM-style penalties and the score (DESIGN.md, "The score")."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .model import Severity, penalty_per_kword

PUNCTUATION_CATEGORY = "Fluency/Punctuation"


@dataclass(frozen=True)
class Weights:
    """The scoring profile: a penalty per finding by severity (a minor ``Fluency/Punctuation`` finding counts
    ``minor_punctuation``, as in the Google MQM data), times a factor for its check and one for its category
    (1 unless the profile says otherwise). Profiles are data (``tqa/data/profiles/*.yaml``, or a file of
    one's own), named with their version and hash in the signature."""

    minor: float = 1.0
    major: float = 5.0
    critical: float = 25.0
    minor_punctuation: float = 0.1
    checks: tuple[tuple[str, float], ...] = ()  # (check name, factor)
    categories: tuple[tuple[str, float], ...] = ()  # (MQM category, factor)
    name: str = ""  # the profile's name@version#hash, when it came from a file
    description: str = ""

    def penalty(self, severity: Severity, category: str, check: str = "") -> float:
        # Asked once per finding, of a few (severity, category, check) combinations: remembered per profile.
        known = self.__dict__.get("_penalties")
        if known is None:
            known = {}
            object.__setattr__(self, "_penalties", known)
        value = known.get((severity, category, check))
        if value is None:
            value = known[(severity, category, check)] = self._penalty(severity, category, check)
        return value

    def _penalty(self, severity: Severity, category: str, check: str) -> float:
        if severity == Severity.MINOR:
            base = self.minor_punctuation if category == PUNCTUATION_CATEGORY else self.minor
        else:
            base = self.major if severity == Severity.MAJOR else self.critical
        return base * dict(self.checks).get(check, 1.0) * dict(self.categories).get(category, 1.0)

    def describe(self) -> str:
        if self.name:
            return self.name
        return f"minor={self.minor:g},major={self.major:g},critical={self.critical:g},punct={self.minor_punctuation:g}"


PROFILES_DIR = Path(__file__).resolve().parent / "data" / "profiles"


def bundled_profiles() -> dict[str, Path]:
    """The scoring profiles shipped with tqa, by name."""
    return {p.stem: p for p in sorted(PROFILES_DIR.glob("*.yaml"))}


def load_profile(profile: "str | Path | None" = None) -> Weights:
    """A scoring profile: a bundled one by name (``mqm``, the default), or a YAML file of the same shape.
    Refused with one line naming the file (and field) for anything malformed or unknown."""
    import hashlib

    from .errors import TqaError
    from .model import CATEGORIES

    if profile is None:
        profile = "mqm"
    path = Path(profile)
    if not path.is_file():
        bundled = bundled_profiles()
        if str(profile) not in bundled:
            raise TqaError(f"{profile}: no such scoring profile file, and no bundled profile of that name "
                           f"(bundled: {', '.join(bundled)})")
        path = bundled[str(profile)]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TqaError(f"{path}: cannot read the scoring profile: {exc}") from None
    spec = _parsed_profile(path, data)
    if not isinstance(spec, dict):
        raise TqaError(f"{path}: a scoring profile is a mapping (name, version, severity, checks, categories)")
    unknown = set(spec) - {"name", "version", "description", "severity", "minor_punctuation", "checks", "categories"}
    if unknown:
        raise TqaError(f"{path}: unknown field {sorted(unknown)[0]!r} in the scoring profile")

    def number(value, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise TqaError(f"{path}: {where} must be a number of at least 0, not {value!r}")
        return float(value)

    severity = spec.get("severity") or {}
    if not isinstance(severity, dict) or set(severity) - {"minor", "major", "critical"}:
        raise TqaError(f"{path}: 'severity' maps minor, major and critical to their weights")
    factors = {}
    for field in ("checks", "categories"):
        value = spec.get(field) or {}
        if not isinstance(value, dict):
            raise TqaError(f"{path}: {field!r} maps names to factors")
        factors[field] = tuple(sorted((str(k), number(v, f"{field}.{k}")) for k, v in value.items()))
    bad = [c for c, _ in factors["categories"] if c not in CATEGORIES]
    if bad:
        raise TqaError(f"{path}: categories.{bad[0]} is not an MQM category tqa knows")
    name = str(spec.get("name") or path.stem)
    digest = hashlib.sha256(data).hexdigest()[:8]
    return Weights(minor=number(severity.get("minor", 1), "severity.minor"),
                   major=number(severity.get("major", 5), "severity.major"),
                   critical=number(severity.get("critical", 25), "severity.critical"),
                   minor_punctuation=number(spec.get("minor_punctuation", 0.1), "minor_punctuation"),
                   checks=factors["checks"], categories=factors["categories"],
                   name=f"{name}@{spec.get('version', 0)}#{digest}", description=str(spec.get("description", "")))


def _parsed_profile(path: Path, data: bytes):
    """The profile's YAML, parsed: from the cache when these bytes were parsed before (every run loads the
    default profile, and importing PyYAML for it cost a short run more than reading the file)."""
    import hashlib

    from .cache import read_marshal, write_marshal
    from .errors import TqaError

    name = f"profile-{hashlib.sha256(data).hexdigest()}.marshal"
    cached = read_marshal(name)
    if isinstance(cached, tuple) and len(cached) == 1:
        return cached[0]
    import yaml

    try:
        spec = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TqaError(f"{path}: cannot read the scoring profile: {exc}") from None
    write_marshal(name, (spec,))
    return spec


#: The default scoring profile, ``mqm`` (the DESIGN's weights).
DEFAULT_WEIGHTS = load_profile("mqm")


def score(penalty: float, words: int) -> float:
    """``max(0, 100 - 100 * penalty / words)``; an empty text with no penalty scores 100."""
    if words <= 0:
        return 100.0 if penalty <= 0 else 0.0
    return max(0.0, 100.0 - 100.0 * penalty / words)


@dataclass(frozen=True)
class CorpusScore:
    """A corpus score: computed from the summed penalty and words, never by averaging documents."""

    documents: int
    words: int
    penalty: float

    @property
    def score(self) -> float:
        return score(self.penalty, self.words)

    @property
    def penalty_per_kword(self) -> float:
        return penalty_per_kword(self.penalty, self.words)


class CorpusTotals:
    """The running totals of a corpus analysed one document at a time (nothing else of a document is kept)."""

    def __init__(self) -> None:
        self.documents = 0
        self.words = 0
        self.penalty = 0.0

    def add(self, result) -> None:
        self.documents += 1
        self.words += result.words
        self.penalty += result.penalty

    def score(self) -> CorpusScore:
        return CorpusScore(self.documents, self.words, self.penalty)


def corpus_score(results: Iterable) -> CorpusScore:
    """Sum penalties and words over ``DocumentResult`` objects."""
    documents = words = 0
    penalty = 0.0
    for result in results:
        documents += 1
        words += result.words
        penalty += result.penalty
    return CorpusScore(documents, words, penalty)
