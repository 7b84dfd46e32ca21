"""Glossaries: loading (YAML, CSV, TSV), validation with ``file:line`` errors, and compilation.

A glossary is refused before any text is read when anything is wrong with it; every problem is reported,
not only the first. The compiled :class:`~tqa.matcher.Matcher` is built here, once per load.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import os
import pickle
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from . import __version__
from .errors import GlossaryError, TqaError
from .matcher import Matcher, Pattern, phrase_words, required_literal
from .model import CATEGORIES, Severity
from .regex_safety import catastrophic_reason, compile_user_regex

TOP_LEVEL_FIELDS = {"name", "version", "language", "source_language", "description", "entries", "consistent"}
ENTRY_FIELDS = {
    "id", "match", "regex", "suggest", "category", "severity", "source", "note", "when", "unless",
    "autofix", "case", "examples",
}
EXAMPLE_FIELDS = {"bad", "good"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: The glossary shipped with tqa (inside the installed package).
BUNDLED_DIR = Path(__file__).resolve().parent / "glossaries"
DEFAULT_GLOSSARY_NAME = "zh-en-news.yaml"


def default_glossary_path() -> Path:
    """The bundled zh-en news glossary, installed or in a source checkout."""
    for candidate in (BUNDLED_DIR / DEFAULT_GLOSSARY_NAME,
                      Path(__file__).resolve().parent.parent / "glossaries" / DEFAULT_GLOSSARY_NAME):
        if candidate.is_file():
            return candidate
    raise TqaError(f"the bundled glossary {DEFAULT_GLOSSARY_NAME} is missing from this installation")


@dataclass(frozen=True)
class Entry:
    """One glossary entry, as validated."""

    id: str
    match: tuple[str, ...] = ()
    regex: str | None = None
    suggest: tuple[str, ...] = ()
    category: str = "Other"
    severity: Severity = Severity.MINOR
    source: tuple[str, ...] = ()
    note: str = ""
    when: str | None = None
    unless: str | None = None
    autofix: bool = False
    case_sensitive: bool = False
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    file: str = ""
    line: int = 0
    example_lines: tuple[tuple[str, str, int], ...] = field(default=(), compare=False, repr=False)

    @property
    def suggestion(self) -> str:
        """The fix: the first suggestion, or empty when the text should be deleted or a human must decide."""
        return self.suggest[0] if self.suggest else ""

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class GlossaryInfo:
    name: str
    version: str
    path: str
    sha256: str
    entries: int


class Glossary:
    """Validated entries plus the compiled matcher. Build with :func:`load_glossary`."""

    def __init__(self, entries: Iterable[Entry], sources: Iterable[GlossaryInfo], language: str = "en",
                 source_language: str = "", description: str = "",
                 consistent: Iterable["ConsistencyGroup"] = ()):
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.consistent: tuple[ConsistencyGroup, ...] = tuple(consistent)
        self.sources: tuple[GlossaryInfo, ...] = tuple(sources)
        self.language = language
        self.source_language = source_language
        self.description = description
        self.matcher = Matcher([_pattern(e) for e in self.entries])

    @property
    def name(self) -> str:
        return "+".join(s.name for s in self.sources)

    @property
    def version(self) -> str:
        return "+".join(s.version for s in self.sources)

    def signature(self) -> str:
        return "+".join(f"{s.name}@{s.version}#{s.sha256[:8]}" for s in self.sources)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Glossary({self.name!r}, version={self.version!r}, entries={len(self.entries)})"


@dataclass(frozen=True)
class ConsistencyGroup:
    """Names for one thing; a document should keep to the one it uses first."""

    id: str
    names: tuple[str, ...]
    file: str = ""
    line: int = 0


def _consistency_groups(raw_groups, path: str, line: int, problems: list[str]) -> list[ConsistencyGroup]:
    """Validate the top-level ``consistent:`` list: each group a list of names (or {id, names})."""
    if raw_groups is None:
        return []
    if not isinstance(raw_groups, list):
        problems.append(f"{path}:{line}: 'consistent' must be a list of groups of names")
        return []
    groups = []
    for index, group in enumerate(raw_groups, 1):
        group_id, names_raw = "", group
        if isinstance(group.value, dict):
            group_id = str(group.value.get("id", (_Raw("", group.line), 0))[0].value or "")
            names_raw = group.value.get("names", (_Raw(None, group.line), 0))[0]
        if not isinstance(names_raw.value, list):
            problems.append(f"{path}:{group.line}: a 'consistent' group must be a list of names")
            continue
        names = _strings(names_raw, "a name in 'consistent'", path, problems)
        if len(names) < 2:
            problems.append(f"{path}:{group.line}: a 'consistent' group needs at least two names")
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", (group_id or names[0]).lower()).strip("-")
        groups.append(ConsistencyGroup(slug or f"group-{index}", names, path, group.line))
    return groups


def _pattern(entry: Entry) -> Pattern:
    # Compiled with the regex package, whose searches take a timeout: the matcher's hard bound on user regexes.
    return Pattern(
        phrases=entry.match,
        regex=compile_user_regex(entry.regex, ignore_case=not entry.case_sensitive, multiline=True)
        if entry.regex else None,
        required=required_literal(entry.regex, entry.case_sensitive) if entry.regex else None,
        case_sensitive=entry.case_sensitive,
        when=compile_user_regex(entry.when, ignore_case=True) if entry.when else None,
        unless=compile_user_regex(entry.unless, ignore_case=True) if entry.unless else None,
        name=f"{entry.location}: entry {entry.id}",
    )


# --- reading ------------------------------------------------------------------------------------------------

@dataclass
class _Raw:
    """A value read from a file together with the line it came from."""

    value: Any
    line: int


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TqaError(f"{path}: glossary not found") from None
    except IsADirectoryError:
        raise TqaError(f"{path}: is a directory, not a glossary file") from None
    except OSError as exc:
        raise TqaError(f"{path}: cannot read glossary: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise TqaError(f"{path}:{line}: glossary is not valid UTF-8") from None


# Plain (unquoted) YAML 1.1 scalars that are not text. Everything else, and every quoted scalar, is text.
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {
    **dict.fromkeys(("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"), True),
    **dict.fromkeys(("false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"), False),
}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)$")
_MAX_DEPTH = 50


class _YamlEvents:
    """Builds ``_Raw`` values straight from the YAML parser's events (the C parser when available).

    Faster than PyYAML's composer and constructor, which resolve every scalar in Python; keeps line
    numbers; and refuses aliases, so that a "billion laughs" document cannot expand.
    """

    def __init__(self, text: str, path: str):
        # CSafeLoader is PyYAML's libyaml binding; its event interface is all that is used here.
        self.parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        self.path = path

    def document(self) -> _Raw | None:
        get = self.parser.get_event
        get()  # StreamStart
        if self.parser.check_event(yaml.StreamEndEvent):
            return None
        get()  # DocumentStart
        root = self.node(0)
        get()  # DocumentEnd
        if not self.parser.check_event(yaml.StreamEndEvent):
            event = self.parser.peek_event()
            raise GlossaryError([f"{self.path}:{event.start_mark.line + 1}: a glossary file holds one YAML document"])
        return root

    def node(self, depth: int) -> _Raw:
        event = self.parser.get_event()
        line = event.start_mark.line + 1
        if depth > _MAX_DEPTH:
            raise GlossaryError([f"{self.path}:{line}: YAML nested more than {_MAX_DEPTH} levels deep"])
        if isinstance(event, yaml.ScalarEvent):
            value = event.value
            if event.tag in (None, "!") and event.implicit[0] and not event.style:  # plain scalar
                if value in _NULLS:
                    return _Raw(None, line)
                if value in _BOOLS:
                    return _Raw(_BOOLS[value], line)
                if _INT.match(value):
                    return _Raw(int(value.replace("_", "")), line)
            return _Raw(value, line)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not self.parser.check_event(yaml.SequenceEndEvent):
                items.append(self.node(depth + 1))
            self.parser.get_event()
            return _Raw(items, line)
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict = {}
            while not self.parser.check_event(yaml.MappingEndEvent):
                key = self.node(depth + 1)
                value = self.node(depth + 1)
                if isinstance(key.value, (dict, list)):
                    raise GlossaryError([f"{self.path}:{key.line}: a mapping key must be a plain value"])
                name = str(key.value) if key.value is not None else "null"
                if name in mapping:
                    raise GlossaryError([f"{self.path}:{key.line}: field {name!r} given twice (also at line {mapping[name][1]})"])
                mapping[name] = (value, key.line)
            self.parser.get_event()
            return _Raw(mapping, line)
        if isinstance(event, yaml.AliasEvent):
            raise GlossaryError([f"{self.path}:{line}: YAML aliases (*{event.anchor}) are not allowed in a glossary"])
        raise GlossaryError([f"{self.path}:{line}: unexpected YAML content"])


def _load_yaml(path: Path, text: str) -> tuple[dict, list[tuple[dict, int]], int]:
    try:
        root = _YamlEvents(text, str(path)).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise GlossaryError([f"{path}:{line}: invalid YAML: {exc.problem or exc}"]) from None
    except yaml.YAMLError as exc:
        raise GlossaryError([f"{path}:1: invalid YAML: {exc}"]) from None
    if root is None:
        raise GlossaryError([f"{path}:1: the glossary is empty"])
    if not isinstance(root.value, dict):
        raise GlossaryError([f"{path}:{root.line}: a glossary must be a mapping with 'name' and 'entries'"])
    meta = {k: (v.value, line) for k, (v, line) in root.value.items()}
    entries_raw = root.value.get("entries")
    entries: list[tuple[dict, int]] = []
    problems = []
    if entries_raw is None:
        problems.append(f"{path}:{root.line}: missing 'entries'")
    elif not isinstance(entries_raw[0].value, list):
        problems.append(f"{path}:{entries_raw[0].line}: 'entries' must be a list")
    else:
        for item in entries_raw[0].value:
            if not isinstance(item.value, dict):
                problems.append(f"{path}:{item.line}: an entry must be a mapping of fields")
                continue
            entries.append((_flatten(item.value), item.line))
    if problems:
        raise GlossaryError(problems)
    return meta, entries, root.line


def _flatten(mapping: dict) -> dict:
    """{field: _Raw(value, line of the field's key)}."""
    return {k: _Raw(v.value, line) for k, (v, line) in mapping.items()}


def _load_delimited(path: Path, text: str, delimiter: str) -> tuple[dict, list[tuple[dict, int]], int]:
    # The csv module (not pandas) because every row's line number is needed for error messages.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_line = 1
    entries: list[tuple[dict, int]] = []
    meta: dict = {}
    try:
        row_line = 1
        for row in reader:
            if header is None:
                if not row or not any(cell.strip() for cell in row):
                    row_line = reader.line_num + 1
                    continue
                if row[0].startswith("#"):
                    # "# name: value" lines before the header carry the glossary's metadata.
                    key, _, value = row[0][1:].partition(":")
                    if key.strip() and value.strip():
                        meta[key.strip()] = (value.strip(), row_line)
                    row_line = reader.line_num + 1
                    continue
                header = [h.strip() for h in row]
                header_line = row_line
                row_line = reader.line_num + 1
                continue
            if not any(cell.strip() for cell in row):
                row_line = reader.line_num + 1
                continue
            fields: dict[str, _Raw] = {}
            for column, cell in zip(header, row):
                cell = cell.strip()
                if cell == "":
                    continue
                if column in ("bad", "good", "examples.bad", "examples.good"):
                    fields.setdefault("examples", _Raw({}, row_line)).value[column.rsplit(".", 1)[-1]] = (
                        _Raw([_Raw(x.strip(), row_line) for x in cell.split("|") if x.strip()], row_line), row_line)
                elif column in ("match", "suggest", "source"):
                    fields[column] = _Raw([_Raw(x.strip(), row_line) for x in cell.split("|")], row_line)
                elif column == "autofix":
                    fields[column] = _Raw(cell.lower() in ("true", "yes", "1", "y"), row_line)
                else:
                    fields[column] = _Raw(cell, row_line)
            if len(row) > len(header):
                fields["__extra__"] = _Raw(len(row) - len(header), row_line)
            entries.append((fields, row_line))
            row_line = reader.line_num + 1
    except csv.Error as exc:
        raise GlossaryError([f"{path}:{reader.line_num}: invalid {'TSV' if delimiter == chr(9) else 'CSV'}: {exc}"]) from None
    if header is None:
        raise GlossaryError([f"{path}:1: the glossary is empty (no header row)"])
    unknown = [h for h in header if h and h not in ENTRY_FIELDS | {"bad", "good", "examples.bad", "examples.good"}]
    if unknown:
        raise GlossaryError([f"{path}:{header_line}: unknown column {u!r}" for u in unknown])
    meta.setdefault("name", (path.stem, header_line))
    meta["entries"] = (None, header_line)
    return meta, entries, header_line


# --- validation ---------------------------------------------------------------------------------------------

def _strings(raw: _Raw, what: str, where: str, problems: list[str], allow_empty: bool = False) -> tuple[str, ...]:
    values = raw.value if isinstance(raw.value, list) else [raw]
    out = []
    for item in values:
        if not isinstance(item, _Raw):
            item = _Raw(item, raw.line)
        if item.value is None and allow_empty:
            out.append("")
            continue
        if not isinstance(item.value, str) or isinstance(item.value, bool):
            if isinstance(item.value, (int, float)) and not isinstance(item.value, bool):
                out.append(str(item.value))
                continue
            problems.append(f"{where}:{item.line}: {what} must be text, not {type(item.value).__name__}")
            continue
        if not item.value.strip() and not allow_empty:
            problems.append(f"{where}:{item.line}: {what} must not be empty")
            continue
        out.append(item.value)
    return tuple(out)


def _regex(raw: _Raw, what: str, where: str, problems: list[str]) -> str | None:
    if raw.value is None:
        return None
    if not isinstance(raw.value, str) or not raw.value:
        problems.append(f"{where}:{raw.line}: {what} must be a regular expression string")
        return None
    try:
        re.compile(raw.value)
    except re.error as exc:
        problems.append(f"{where}:{raw.line}: invalid regex in {what}: {exc}")
        return None
    reason = catastrophic_reason(raw.value)
    if reason:
        problems.append(f"{where}:{raw.line}: {what} can backtrack catastrophically ({reason}): {raw.value!r}")
        return None
    return raw.value


def _entry(fields: dict[str, _Raw], line: int, path: str, problems: list[str]) -> Entry | None:
    before = len(problems)
    for name, raw in fields.items():
        if name == "__extra__":
            problems.append(f"{path}:{raw.line}: row has {raw.value} more cell(s) than the header")
        elif name not in ENTRY_FIELDS:
            problems.append(f"{path}:{raw.line}: unknown field {name!r}")
    raw_id = fields.get("id")
    entry_id = ""
    if raw_id is None or raw_id.value in (None, ""):
        problems.append(f"{path}:{line}: entry without an 'id'")
    elif not isinstance(raw_id.value, str) or not _ID.match(raw_id.value):
        problems.append(f"{path}:{raw_id.line}: invalid id {raw_id.value!r} (letters, digits, '.', '_', '-')")
    else:
        entry_id = raw_id.value
    label = f"{entry_id}: " if entry_id else ""

    match: tuple[str, ...] = ()
    regex = None
    if "match" in fields and "regex" in fields:
        problems.append(f"{path}:{fields['regex'].line}: {label}give either 'match' or 'regex', not both")
    elif "match" in fields:
        match = _strings(fields["match"], "'match'", path, problems)
        if not match and fields["match"].value in (None, [], ""):
            problems.append(f"{path}:{fields['match'].line}: {label}'match' is empty")
        for phrase in match:
            if not phrase_words(phrase):
                problems.append(f"{path}:{fields['match'].line}: {label}phrase {phrase!r} has no words to match")
    elif "regex" in fields:
        regex = _regex(fields["regex"], "'regex'", path, problems)
    else:
        problems.append(f"{path}:{line}: {label}missing 'match' (or 'regex')")

    suggest: tuple[str, ...] = ()
    if "suggest" in fields and fields["suggest"].value is not None:
        suggest = _strings(fields["suggest"], "'suggest'", path, problems, allow_empty=True)

    category = "Other"
    if "category" not in fields:
        problems.append(f"{path}:{line}: {label}missing 'category'")
    else:
        category = str(fields["category"].value)
        if category not in CATEGORIES:
            problems.append(f"{path}:{fields['category'].line}: {label}unknown category {category!r} "
                            f"(one of: {', '.join(CATEGORIES)})")

    severity = Severity.MINOR
    if "severity" not in fields:
        problems.append(f"{path}:{line}: {label}missing 'severity'")
    else:
        try:
            severity = Severity.parse(fields["severity"].value)
        except ValueError as exc:
            problems.append(f"{path}:{fields['severity'].line}: {label}{exc}")

    when = _regex(fields["when"], "'when'", path, problems) if "when" in fields else None
    unless = _regex(fields["unless"], "'unless'", path, problems) if "unless" in fields else None

    autofix = False
    if "autofix" in fields and fields["autofix"].value is not None:
        if not isinstance(fields["autofix"].value, bool):
            problems.append(f"{path}:{fields['autofix'].line}: {label}'autofix' must be true or false")
        else:
            autofix = fields["autofix"].value

    case_sensitive = False
    if "case" in fields and fields["case"].value is not None:
        case = str(fields["case"].value).lower()
        if case not in ("sensitive", "insensitive"):
            problems.append(f"{path}:{fields['case'].line}: {label}'case' must be 'sensitive' or 'insensitive'")
        case_sensitive = case == "sensitive"

    source = _strings(fields["source"], "'source'", path, problems) if fields.get("source") and fields["source"].value is not None else ()
    note = ""
    if "note" in fields and fields["note"].value is not None:
        note = str(fields["note"].value).strip()

    bad: list[str] = []
    good: list[str] = []
    example_lines: list[tuple[str, str, int]] = []
    if "examples" in fields and fields["examples"].value is not None:
        examples = fields["examples"].value
        if not isinstance(examples, dict):
            problems.append(f"{path}:{fields['examples'].line}: {label}'examples' must map 'bad' and 'good' to lists")
        else:
            for kind, (raw, key_line) in examples.items():
                if kind not in EXAMPLE_FIELDS:
                    problems.append(f"{path}:{key_line}: {label}unknown field 'examples.{kind}' (use bad, good)")
                    continue
                items = raw.value if isinstance(raw.value, list) else [raw]
                for item in items:
                    if not isinstance(item.value, str) or not item.value.strip():
                        problems.append(f"{path}:{item.line}: {label}an example must be non-empty text")
                        continue
                    (bad if kind == "bad" else good).append(item.value)
                    example_lines.append((kind, item.value, item.line))

    if len(problems) > before:
        return None
    return Entry(
        id=entry_id, match=match, regex=regex, suggest=suggest, category=category, severity=severity,
        source=source, note=note, when=when, unless=unless, autofix=autofix, case_sensitive=case_sensitive,
        bad=tuple(bad), good=tuple(good), file=path, line=line, example_lines=tuple(example_lines),
    )


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".csv":
        return "csv"
    if suffix in (".tsv", ".tab"):
        return "tsv"
    raise TqaError(f"{path}: unknown glossary format {suffix or '(no extension)'!r}: use .yaml, .yml, .csv or .tsv")


def _cache_file(digest: str) -> Path | None:
    if os.environ.get("TQA_NO_CACHE"):
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tqa"
    return base / f"glossary-{digest}-{__version__}-{_CACHE_FORMAT}.pickle"


_CACHE_FORMAT = 4  # bump when validation gets stricter, so that no cached verdict outlives it (4: issue 9)


def _cached_entries(path: Path, text: str) -> tuple[list[Entry], dict, GlossaryInfo]:
    """Parse and validate ``path``, or reuse the result of an earlier run on the same bytes.

    Parsing a large glossary costs more than scanning megabytes of text, so a validated glossary is kept in
    the user's cache directory (``$XDG_CACHE_HOME/tqa``), keyed by the SHA-256 of its text and tqa's version.
    Set ``TQA_NO_CACHE=1`` to bypass it. Only glossaries that passed validation are ever cached.
    """
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    # The same bytes parse differently as YAML, CSV or TSV, and a CSV's name comes from its file name.
    key = hashlib.sha256(f"{digest}\0{_format_of(path)}\0{path.stem}".encode("utf-8")).hexdigest()
    cache = _cache_file(key)
    if cache is not None and cache.is_file() and cache.stat().st_uid == os.getuid():
        try:
            with open(cache, "rb") as handle:
                entries, meta, info = pickle.load(handle)
            if info.path != str(path):  # the same glossary under another name
                entries = [dataclasses.replace(e, file=str(path)) for e in entries]
                info = dataclasses.replace(info, path=str(path))
            return entries, meta, info
        except Exception:  # a stale or damaged cache is simply rebuilt
            pass
    entries, meta, info = _parse_entries(path, text, digest)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((entries, meta, info), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)
        except OSError:
            pass
    return entries, meta, info


def _parse_entries(path: Path, text: str, digest: str) -> tuple[list[Entry], dict, GlossaryInfo]:
    kind = _format_of(path)
    where = str(path)
    if kind == "yaml":
        meta, raw_entries, root_line = _load_yaml(path, text)
    else:
        meta, raw_entries, root_line = _load_delimited(path, text, "," if kind == "csv" else "\t")
    problems: list[str] = []
    for key, (value, line) in meta.items():
        if key not in TOP_LEVEL_FIELDS:
            problems.append(f"{where}:{line}: unknown field {key!r}")
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for fields, line in raw_entries:
        entry = _entry(fields, line, where, problems)
        if entry is None:
            continue
        if entry.id in seen:
            problems.append(f"{where}:{line}: duplicate id {entry.id!r} (first defined at line {seen[entry.id]})")
            continue
        seen[entry.id] = line
        entries.append(entry)
    if not raw_entries and not problems:
        problems.append(f"{where}:{root_line}: the glossary has no entries")
    if problems:
        raise GlossaryError(problems)
    name = str(meta.get("name", (path.stem, 0))[0] or path.stem)
    version = str(meta.get("version", ("0", 0))[0])
    info = GlossaryInfo(name, version, where, digest, len(entries))
    plain_meta = {k: v for k, (v, _) in meta.items() if k not in ("entries", "consistent")}
    if "consistent" in meta:
        plain_meta["consistent"] = _consistency_groups(meta["consistent"][0], where, meta["consistent"][1], problems)
        if problems:
            raise GlossaryError(problems)
    return entries, plain_meta, info


def load_glossary(path: str | Path | Iterable[str | Path] | None = None, *, check_examples: bool = True) -> Glossary:
    """Load, validate and compile one glossary file, or several merged into one (ids must stay unique).

    With no path, the bundled ``zh-en-news`` glossary. Raises :class:`GlossaryError` listing every problem.
    ``check_examples`` also runs each entry's examples and refuses the glossary when one misbehaves.
    """
    if path is None:
        paths = [default_glossary_path()]
    elif isinstance(path, (str, Path)):
        paths = [Path(path)]
    else:
        paths = [Path(p) for p in path] or [default_glossary_path()]
    all_entries: list[Entry] = []
    infos: list[GlossaryInfo] = []
    problems: list[str] = []
    metas: list[dict] = []
    first_seen: dict[str, Entry] = {}
    for p in paths:
        try:
            entries, meta, info = _cached_entries(p, _read_text(p))
        except GlossaryError as exc:
            problems.extend(exc.problems)
            continue
        for entry in entries:
            if entry.id in first_seen:
                problems.append(f"{entry.location}: duplicate id {entry.id!r} (also at {first_seen[entry.id].location})")
                continue
            first_seen[entry.id] = entry
            all_entries.append(entry)
        infos.append(info)
        metas.append(meta)
    if problems:
        raise GlossaryError(problems)
    first = metas[0] if metas else {}
    glossary = Glossary(all_entries, infos, language=str(first.get("language") or "en"),
                        source_language=str(first.get("source_language") or ""),
                        description=str(first.get("description") or ""),
                        consistent=[g for meta in metas for g in meta.get("consistent", ())])
    conflicts = [
        f"{glossary.entries[a].location}: {glossary.entries[a].id}: phrase {phrase!r} is already matched by "
        f"entry {glossary.entries[b].id!r} ({glossary.entries[b].location})"
        for a, b, phrase in glossary.matcher.conflicts
    ]
    if conflicts:
        raise GlossaryError(conflicts)
    if check_examples:
        failures = example_failures(glossary)
        if failures:
            raise GlossaryError(failures)
    return glossary


def example_failures(glossary: Glossary) -> list[str]:
    """Every example that does not behave as declared, as ``file:line: id: example ... expected ...``.

    Examples run within the same time budget as texts; an example on which a regex runs out of time is a
    failure (and its entry stays disabled in this glossary, which is refused anyway).
    """
    failures = []
    matcher = glossary.matcher
    for index, entry in enumerate(glossary.entries):
        for kind, example, line in entry.example_lines:
            seen = len(matcher.timeouts)
            hits = [m for m in matcher.find(example) if m.entry == index]
            if len(matcher.timeouts) > seen:
                for timeout in matcher.timeouts[seen:]:
                    whose = "" if timeout.entry == index else f"{timeout.name}: "
                    failures.append(f"{entry.file}:{line}: {entry.id}: example {example!r}: {whose}{timeout.reason}")
            elif kind == "bad" and not hits:
                failures.append(f"{entry.file}:{line}: {entry.id}: example {example!r} expected finding, got none")
            elif kind == "good" and hits:
                spans = ", ".join(repr(example[m.start:m.end]) for m in hits)
                failures.append(f"{entry.file}:{line}: {entry.id}: example {example!r} expected none, got {spans}")
    return failures
