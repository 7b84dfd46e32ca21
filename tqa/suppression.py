"""Suppression: silencing findings a user has judged false positives, without editing a glossary.

Three layers, tried in this order for every finding (the first that matches wins, so a finding two layers
cover counts once):

1. **inline**, in the document: a unit's comment ``tqa: ignore[CODE,CODE]`` (or a bare ``tqa: ignore``, every
   rule) silences the unit's findings of those rules. Read where the format has comments a translator writes:
   a PO entry's translator comments (``# …``, not the extracted ``#.`` ones, as gettext tools read flags only
   from translator comments), XLIFF and TMX ``<note>``s, a TSV/CSV note cell (:attr:`tqa.model.Unit.comments`).
   Plain text cannot carry comments: its inline layer is the ignore file.
2. **an ignore file** (``.tqaignore``, found like ``.gitignore``: :func:`find_ignore_file`): one rule a line, a
   selector and optionally ``path=GLOB`` (gitignore-style, relative to the file's directory) and
   ``text=PHRASE`` (the phrase must occur in the finding's unit or line, over the finding's span).
3. **a baseline** (``tqa baseline``): the findings of a day, each recorded by its rule, the text flagged and a
   hash of the words around it (not by offset or line, so edits elsewhere in the document do not matter), as a
   multiset: a finding recorded twice silences two.

Codes everywhere are selectors (:meth:`tqa.rules.Selector.parse`: a code, a prefix, a check, a glossary, a
category, a glossary entry's bare id), resolved against every rule tqa can report with the glossaries (a check
switched off in this run included, so one ignore file serves every run); an unknown one is refused at its line.

A suppressed finding leaves ``DocumentResult.findings`` (so its penalty leaves the score, and gates and reports
that read the findings need no change) for ``DocumentResult.suppressed``, with :attr:`Finding.suppressed`
saying why (``inline``, ``.tqaignore:3``, ``baseline``). Suppression runs last, after overlaps are resolved and
after ``--min-severity``: what it removes was reported, so removing it lets no other finding appear in its
place, and a baseline made today silences exactly today's findings.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from .errors import TqaError
from .model import Document, Finding, Unit, shifted
from .segment import line_bounds

if TYPE_CHECKING:  # pragma: no cover
    from .glossary import Glossary
    from .rules import Rule, Selector

IGNORE_FILE = ".tqaignore"
#: A directory holding one of these is a project's root: the search for an ignore file stops there.
PROJECT_MARKERS = (".git", "tqa.toml", ".tqa.toml", "pyproject.toml")
INLINE = "inline"
BASELINE = "baseline"
BASELINE_FORMAT = 1
CONTEXT_WORDS = 3  # normalised words on each side of a finding that its baseline key hashes
_CONTEXT_REACH = 400  # characters looked at on each side for those words
STDIN_PATH = "<stdin>"


# --- selectors: resolved against every rule tqa can report --------------------------------------------------

class RuleCatalog:
    """What selectors are resolved against: every rule of every registered check (those off by default and
    those switched off in this run too) with the glossaries, built on first use (a run with no selector to
    resolve never pays for it)."""

    def __init__(self, glossary: "Glossary"):
        self.glossary = glossary
        self._table: dict[str, "Rule"] | None = None

    def parse(self, text: str, where: str) -> "Selector":
        """``text`` as a selector; an unknown one raises ``TqaError("WHERE: unknown rule code …")``."""
        from .rules import Selector, rule_table

        if self._table is None:
            self._table = rule_table(self.glossary)
        checks = sorted({rule.check for rule in self._table.values()})
        return Selector.parse(text, self._table, checks, [s.name for s in self.glossary.sources], option=where)

    def parse_list(self, text: str, where: str) -> tuple["Selector", ...]:
        """Comma-separated selectors; an empty item is refused."""
        items = [item.strip() for item in text.split(",")]
        if not any(items):
            raise TqaError(f"{where}: no rule code given")
        if not all(items):
            raise TqaError(f"{where}: an empty rule code in {text.strip()!r}")
        return tuple(self.parse(item, where) for item in items)


def _matches(selectors: Iterable["Selector"] | None, finding: Finding) -> bool:
    """Whether one of ``selectors`` names the finding's rule (None: every rule)."""
    if selectors is None:
        return True
    return any(s.matches(finding.rule, finding.check, finding.category) for s in selectors)


# --- where a finding is: its unit or line ------------------------------------------------------------------

class Places:
    """The unit (or, in plain text, the line) of each finding of one document: what inline comments apply to,
    where a ``text=`` phrase is looked for, and what a baseline key hashes the words of."""

    def __init__(self, text: str, units: Sequence[Unit] | None):
        self.text = text
        self.units = tuple(units) if units else ()
        self._by_id = {unit.id: unit for unit in self.units}
        self._starts = [unit.start for unit in self.units]

    def unit(self, finding: Finding) -> Unit | None:
        if not self.units:
            return None
        unit = self._by_id.get(finding.unit)
        if unit is not None and unit.start <= finding.start <= unit.end:
            return unit
        return self.units[max(bisect_right(self._starts, finding.start) - 1, 0)]

    def bounds(self, finding: Finding) -> tuple[int, int]:
        """The target text the finding lies in: its unit's target, else its line (lines, for a phrase that runs
        across a line break)."""
        unit = self.unit(finding)
        if unit is not None:
            return unit.start, max(unit.end, finding.end)
        return line_bounds(self.text, finding.start)[0], line_bounds(self.text, finding.end)[1]


def about_document(finding: Finding) -> bool:
    """A finding about the whole document (its language): an empty span at its start, not about a source."""
    return finding.start == finding.end == 0 and finding.source_start is None and finding.line == 1


# --- layer 1: inline comments ----------------------------------------------------------------------------------

_DIRECTIVE = re.compile(r"(?<![\w-])tqa:[ \t]*ignore(?![\w-])(?P<open>[ \t]*\[)?", re.IGNORECASE)


@dataclass(frozen=True)
class Directive:
    """One ``tqa: ignore[…]`` on a unit: the unit's id, the file line it is reported at, its selectors (None
    for a bare ``tqa: ignore``: every rule), as written."""

    unit: str
    line: int
    selectors: tuple["Selector", ...] | None
    text: str


def read_directives(comment: str, unit: str, line: int, where: str, catalog: RuleCatalog) -> list[Directive]:
    """The directives in one comment of ``unit`` (a comment may hold other words and several directives);
    ``where`` (``FILE:LINE``) starts every error."""
    found = []
    for match in _DIRECTIVE.finditer(comment):
        if match["open"]:
            close = comment.find("]", match.end())
            if close < 0:
                raise TqaError(f"{where}: {comment[match.start():].strip()!r}: the list of rule codes is not "
                               f"closed with ']'")
            codes = comment[match.end():close]
            selectors = catalog.parse_list(codes, where) if codes.strip() else None
            if selectors is None:
                raise TqaError(f"{where}: 'tqa: ignore[]' names no rule (a bare 'tqa: ignore' silences every rule "
                               f"of the unit)")
            text = comment[match.start():close + 1]
        else:
            selectors, text = None, match.group()
        found.append(Directive(unit, line, selectors, text))
    return found


# --- layer 2: the ignore file ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class IgnoreRule:
    """One line of an ignore file: its selectors, and the ``path=`` glob and ``text=`` phrase when given."""

    line: int
    text: str  # the line as written
    selectors: tuple["Selector", ...]
    path: str | None = None
    spec: object | None = field(default=None, repr=False, compare=False)  # pathspec.PathSpec
    phrase: str | None = None
    pattern: re.Pattern | None = field(default=None, repr=False, compare=False)

    def applies_to(self, relative: str | None) -> bool:
        """Whether the rule covers a document at ``relative`` (its path from the ignore file's directory, None
        for stdin or a file outside it)."""
        if self.spec is None:
            return True
        return relative is not None and self.spec.match_file(relative)

    def matches(self, finding: Finding, places: Places) -> bool:
        if not _matches(self.selectors, finding):
            return False
        if self.pattern is None:
            return True
        low, high = places.bounds(finding)
        text = places.text
        if finding.end > finding.start:
            # an occurrence that overlaps the span or contains it: one that starts before the span ends and
            # ends after it starts (occurrences may overlap each other: each start is tried)
            position = low
            while (m := self.pattern.search(text, position, high)) is not None and m.start() < finding.end:
                if m.end() > finding.start:
                    return True
                position = m.start() + 1
            return False
        if self.pattern.search(text, low, high):  # an empty span points at its unit: anywhere in it
            return True
        unit = places.unit(finding)
        return bool(unit is not None and unit.source and self.pattern.search(unit.source))


def phrase_pattern(phrase: str) -> re.Pattern:
    """A phrase as a pattern: its words in order, any run of white space between them, case-insensitive."""
    return re.compile(r"\s+".join(re.escape(word) for word in phrase.split()), re.IGNORECASE)


@dataclass(frozen=True)
class IgnoreFile:
    """A parsed ignore file: where it is (as shown in messages, and its directory, against which ``path=``
    globs are matched), its rules, and the first 8 hex digits of its SHA-256 (for the signature)."""

    shown: str
    directory: str
    rules: tuple[IgnoreRule, ...]
    digest: str

    @classmethod
    def load(cls, path: str | os.PathLike, catalog: RuleCatalog, shown: str | None = None) -> "IgnoreFile":
        """Read and check an ignore file: every problem is ``FILE:LINE: what is wrong`` (:class:`TqaError`)."""
        path = os.fspath(path)
        shown = shown or path
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise TqaError(f"{shown}: no such ignore file") from None
        except OSError as exc:
            raise TqaError(f"{shown}: cannot read the ignore file: {exc.strerror or exc}") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            raise TqaError(f"{shown}:{line}: an ignore file is UTF-8 text") from None
        rules = tuple(rule for number, line in enumerate(text.splitlines(), 1)
                      if (rule := _ignore_rule(line, f"{shown}:{number}", number, catalog)) is not None)
        directory = os.path.dirname(os.path.abspath(path))
        return cls(shown, directory, rules, hashlib.sha256(data).hexdigest()[:8])

    def relative(self, path: str | None) -> str | None:
        """A document's path relative to this file's directory, with ``/`` (None for stdin or a file outside
        the directory: no ``path=`` glob covers it)."""
        if path is None:
            return None
        relative = os.path.relpath(os.path.abspath(path), self.directory)
        if relative == ".." or relative.startswith(".." + os.sep):
            return None
        return relative.replace(os.sep, "/")


_KEYS = ("path", "text")


def _ignore_rule(line: str, where: str, number: int, catalog: RuleCatalog) -> IgnoreRule | None:
    try:
        tokens = shlex.split(line, comments=True)
    except ValueError as exc:  # No closing quotation, No escaped character
        raise TqaError(f"{where}: {str(exc).lower()}") from None
    if not tokens:
        return None
    first, *rest = tokens
    if "=" in first and first.split("=", 1)[0] in _KEYS:
        raise TqaError(f"{where}: a line starts with the rule code (or selector) it silences, not {first!r}")
    selectors = catalog.parse_list(first, where)
    given: dict[str, str] = {}
    for token in rest:
        key, sep, value = token.partition("=")
        if not sep:
            raise TqaError(f"{where}: {token!r} is not KEY=VALUE (path=GLOB or text=PHRASE; quote a phrase with "
                           f"spaces: text=\"the masses\")")
        if key not in _KEYS:
            raise TqaError(f"{where}: unknown key {key!r} (an ignore rule takes path=GLOB and text=PHRASE)")
        if key in given:
            raise TqaError(f"{where}: {key}= given twice")
        given[key] = value
    spec = pattern = None
    glob = given.get("path")
    if glob is not None:
        spec = _glob(glob, where)
    phrase = given.get("text")
    if phrase is not None:
        phrase = " ".join(phrase.split())
        if not phrase:
            raise TqaError(f"{where}: text= needs a phrase")
        pattern = phrase_pattern(phrase)
    return IgnoreRule(number, line.strip(), selectors, glob, spec, phrase, pattern)


def _glob(glob: str, where: str):
    """A gitignore-style pattern (pathspec's gitwildmatch rules) as a one-pattern PathSpec."""
    import pathspec

    if not glob.strip():
        raise TqaError(f"{where}: path= needs a pattern")
    if glob.startswith("!"):
        raise TqaError(f"{where}: path={glob}: a negated pattern silences nothing (name the files it covers)")
    try:
        spec = pathspec.PathSpec.from_lines("gitignore", [glob])
    except ValueError as exc:  # GitIgnorePatternError
        raise TqaError(f"{where}: path={glob}: not a valid pattern ({exc})") from None
    if not spec.patterns or spec.patterns[0].include is None:
        raise TqaError(f"{where}: path={glob}: not a pattern (a comment or white space)")
    return spec


def find_ignore_file(start: str | os.PathLike | None = None) -> Path | None:
    """The ignore file that applies in ``start`` (default: the working directory), found as git finds a
    ``.gitignore``: the nearest ``.tqaignore`` in it or a directory above it, looking no higher than the
    project's root (the first directory holding ``.git``, ``tqa.toml``, ``.tqa.toml`` or ``pyproject.toml``)
    or the file system's root), and never above a ``TQA_CONFIG_CEILING`` directory: the walk of the config
    files (:func:`tqa.config.walk_up`)."""
    from .config import is_file, walk_up

    for directory, _ in walk_up(Path(start) if start is not None else None):
        ignore = directory / IGNORE_FILE
        if is_file(ignore):
            return ignore
        if any(os.path.lexists(directory / marker) for marker in PROJECT_MARKERS):
            return None
    return None


# --- layer 3: the baseline -------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def baseline_key(finding: Finding, places: Places) -> tuple[str, str, str]:
    """(rule, text, context) of a finding: the text flagged with its white space runs made one space, and a
    hash of the ``CONTEXT_WORDS`` normalised words on each side within its unit or line; for a finding with
    an empty span (about a source, or the whole document), of its message and its unit's source. Neither
    offsets nor line numbers: a key survives edits elsewhere in the document."""
    text = " ".join(finding.text.split())
    if finding.end > finding.start:
        low, high = places.bounds(finding)
        source = places.text
        before = _WORD.findall(source, max(low, finding.start - _CONTEXT_REACH), finding.start)[-CONTEXT_WORDS:]
        after = _WORD.findall(source, finding.end, min(high, finding.end + _CONTEXT_REACH))[:CONTEXT_WORDS]
        context = _normal(" ".join(before)) + "\x1f" + _normal(" ".join(after))
    else:
        unit = None if about_document(finding) else places.unit(finding)
        context = "\x1e" + finding.message + "\x1f" + " ".join((unit.source or "").split() if unit else ())
    return finding.rule, text, hashlib.sha256(context.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class Baseline:
    """A baseline file: by document path (relative to the file's directory), each recorded finding's key
    (rule, text, context) with how many times it was found; where the file is; the version and signature it
    was made with; the first 8 hex digits of its SHA-256."""

    shown: str
    directory: str
    documents: dict[str, dict[tuple[str, str, str], int]]
    digest: str
    version: str = ""
    signature: str = ""

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Baseline":
        """Read a baseline; a missing, unreadable or malformed one is one line (:class:`TqaError`)."""
        shown = os.fspath(path)
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise TqaError(f"{shown}: no such baseline file (make one with: tqa baseline FILES -o {shown})") \
                from None
        except OSError as exc:
            raise TqaError(f"{shown}: cannot read the baseline: {exc.strerror or exc}") from None
        try:
            spec = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            where = f":{exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
            raise TqaError(f"{shown}{where}: not a tqa baseline: {exc.msg if hasattr(exc, 'msg') else exc}") \
                from None
        if not isinstance(spec, dict) or not isinstance(spec.get("findings"), list) \
                or spec.get("format") != BASELINE_FORMAT:
            raise TqaError(f"{shown}: not a tqa baseline (an object with \"format\": {BASELINE_FORMAT} and a "
                           f"\"findings\" list, as 'tqa baseline' writes it)")
        documents: dict[str, dict[tuple[str, str, str], int]] = {}
        for number, entry in enumerate(spec["findings"], 1):
            fields = [entry.get(name) for name in ("path", "rule", "text", "context")] \
                if isinstance(entry, dict) else None
            count = entry.get("count", 1) if isinstance(entry, dict) else None
            if fields is None or not all(isinstance(value, str) for value in fields) \
                    or isinstance(count, bool) or not isinstance(count, int) or count < 1:
                raise TqaError(f"{shown}: not a tqa baseline: finding {number} is not an object with the strings "
                               f"path, rule, text, context and a count of at least 1")
            path, *key = fields
            recorded = documents.setdefault(path, {})
            recorded[tuple(key)] = recorded.get(tuple(key), 0) + count
        return cls(shown, os.path.dirname(os.path.abspath(shown)), documents, hashlib.sha256(data).hexdigest()[:8],
                   str(spec.get("tqa_version", "")), str(spec.get("signature", "")))


def document_path(path: str | None, directory: str) -> str:
    """How a baseline names a document: its path relative to the baseline's directory, with ``/``."""
    if path is None:
        return STDIN_PATH
    return os.path.relpath(os.path.abspath(path), directory).replace(os.sep, "/")


def baseline_json(counts: Counter, version: str, signature: str) -> str:
    """A baseline as JSON that diffs well: entries sorted, one field a line, a final line break; ``count`` only
    where a key repeats."""
    entries = [{"path": path, "rule": rule, "text": text, "context": context, **({"count": count} if count > 1 else {})}
               for (path, rule, text, context), count in sorted(counts.items())]
    body = {"format": BASELINE_FORMAT, "tqa_version": version, "signature": signature, "findings": entries}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


class BaselineRecorder:
    """Collects the findings of a run as baseline keys (``tqa baseline``), paths relative to ``directory``."""

    def __init__(self, directory: str):
        self.directory = directory
        self.counts: Counter = Counter()

    def add(self, result, path: str | None) -> None:
        places = Places(result.text, result.units)
        where = document_path(path, self.directory)
        for finding in result.findings:
            self.counts[(where, *baseline_key(finding, places))] += 1

    def json(self, version: str, signature: str) -> str:
        return baseline_json(self.counts, version, signature)


# --- the layers together -----------------------------------------------------------------------------------------

class Suppression:
    """The suppression layers of a run: inline comments (on unless ``inline=False``), an ignore file, a
    baseline. :meth:`for_document` prepares one document (reading its inline comments);
    :meth:`DocumentSuppression.split` then sorts its findings. The run's tallies (what each layer silenced,
    the ignore rules and comments that silenced nothing) are kept here, for the report and the signature."""

    def __init__(self, glossary: "Glossary", *, inline: bool = True, ignore_file: IgnoreFile | None = None,
                 baseline: Baseline | None = None, catalog: RuleCatalog | None = None):
        self.catalog = catalog or RuleCatalog(glossary)
        self.inline = inline
        self.ignore_file = ignore_file
        self.baseline = baseline
        self.counts: Counter = Counter()  # by reason: inline, FILE:LINE, baseline
        self._rule_used: Counter = Counter()  # ignore-file line -> findings silenced
        self._directives: dict[tuple[str, str, int, str], bool] = {}  # (doc, unit, line, text) -> used
        self._baseline_left: dict[str, int] = {}  # document path -> recorded findings nothing matched

    @classmethod
    def load(cls, glossary: "Glossary", *, ignore_file: str | os.PathLike | None = None, find: bool = False,
             baseline: str | os.PathLike | None = None, inline: bool = True) -> "Suppression":
        """The layers from files: ``ignore_file`` when given, else with ``find`` the one
        :func:`find_ignore_file` finds; ``baseline`` when given. Every problem is a :class:`TqaError`."""
        catalog = RuleCatalog(glossary)
        loaded = None
        if ignore_file is not None:
            loaded = IgnoreFile.load(ignore_file, catalog)
        elif find:
            found = find_ignore_file()
            if found is not None:
                loaded = IgnoreFile.load(found, catalog, shown=_shown(found))
        return cls(glossary, inline=inline, ignore_file=loaded,
                   baseline=Baseline.load(baseline) if baseline is not None else None, catalog=catalog)

    @property
    def files(self) -> list[str]:
        """The files this suppression reads (inputs that an output must not overwrite)."""
        return [f.shown for f in (self.ignore_file, self.baseline) if f is not None]

    def for_document(self, document: Document, path: str | None = None) -> "DocumentSuppression":
        """The layers for one document read from ``path`` (None: stdin, or no file). Its inline comments are
        read here: an unknown rule code is ``FILE:LINE: unknown rule code …`` (:class:`TqaError`)."""
        directives: dict[str, list[Directive]] = {}
        if self.inline and document.units:
            for unit in document.units:
                where = f"{document.id}:{unit.line}" if unit.line else f"{document.id}: unit {unit.id}"
                for comment in unit.comments:
                    if "tqa" in comment.lower():
                        directives.setdefault(unit.id, []).extend(
                            read_directives(comment, unit.id, unit.line, where, self.catalog))
        relative = self.ignore_file.relative(path) if self.ignore_file is not None else None
        rules = tuple(rule for rule in self.ignore_file.rules if rule.applies_to(relative)) \
            if self.ignore_file is not None else ()
        recorded: Counter = Counter()
        if self.baseline is not None:
            recorded = Counter(self.baseline.documents.get(document_path(path, self.baseline.directory), {}))
        return DocumentSuppression(self, document.id, directives, rules, recorded)

    def _tally(self, document: "DocumentSuppression", used: set[Directive], suppressed: Sequence[Finding],
               left: Counter) -> None:
        """Add what one document's split silenced to the run's tallies."""
        for finding in suppressed:
            self.counts[finding.suppressed] += 1
            if layer_of(finding.suppressed) not in (INLINE, BASELINE):
                self._rule_used[int(finding.suppressed.rpartition(":")[2])] += 1
        for unit_directives in document.directives.values():
            for directive in unit_directives:
                key = (document.doc, directive.unit, directive.line, directive.text)
                self._directives[key] = self._directives.get(key, False) or directive in used
        if document.recorded:
            self._baseline_left[document.doc] = sum(left.values())

    # -- what the run did ---------------------------------------------------------------------------------------
    def by_layer(self) -> list[tuple[str, int]]:
        """(layer, findings silenced) for each layer that silenced something, in layer order (the ignore file's
        layer is named by the file)."""
        layers: Counter = Counter()
        for reason, count in self.counts.items():
            layers[layer_of(reason)] += count
        return ordered_layers(layers)

    def signature(self) -> str:
        """The layers in the score signature: ``inline`` when an inline comment silenced something, the ignore
        file and the baseline with their hashes when used (empty when none)."""
        parts = []
        if self.counts.get(INLINE):
            parts.append(INLINE)
        if self.ignore_file is not None:
            parts.append(f"ignore-file#{self.ignore_file.digest}")
        if self.baseline is not None:
            parts.append(f"baseline#{self.baseline.digest}")
        return ",".join(parts)

    def unused(self) -> list[str]:
        """Warnings for what silenced nothing in this run: each ignore-file line, each inline comment (at its
        unit's line), and the baseline's recorded findings of the documents checked that were not found."""
        notes = []
        if self.ignore_file is not None:
            notes += [f"{self.ignore_file.shown}:{rule.line}: {rule.text!r} silenced nothing"
                      for rule in self.ignore_file.rules if not self._rule_used.get(rule.line)]
        notes += [f"{doc}:{line}: {text!r} (unit {unit}) silenced nothing"
                  for (doc, unit, line, text), used in self._directives.items() if not used]
        left = sum(self._baseline_left.values())
        if self.baseline is not None and left:
            notes.append(f"{self.baseline.shown}: {left} recorded finding{'s' if left != 1 else ''} of the documents "
                         f"checked {'were' if left != 1 else 'was'} not found (fixed, or changed: 'tqa baseline' "
                         f"again drops them)")
        return notes


def describe_suppressed(by_layer: Sequence[tuple[str, int]]) -> str:
    """``3 suppressed: 2 by the baseline, 1 by .tqaignore`` (``2 suppressed by the baseline`` for one layer;
    empty for none)."""
    def by(layer: str) -> str:
        return "inline" if layer == INLINE else "by the baseline" if layer == BASELINE else f"by {layer}"

    total = sum(count for _, count in by_layer)
    if not total:
        return ""
    if len(by_layer) == 1:
        return f"{total} suppressed {by(by_layer[0][0])}"
    return f"{total} suppressed: " + ", ".join(f"{count} {by(layer)}" for layer, count in by_layer)


def ordered_layers(counts: "Counter | dict[str, int]") -> list[tuple[str, int]]:
    """(layer, count) in layer order: inline, the ignore file(s), the baseline."""
    rank = {INLINE: 0, BASELINE: 2}
    return sorted(((layer, count) for layer, count in counts.items() if count), key=lambda item: rank.get(item[0], 1))


def layer_of(reason: str) -> str:
    """The layer a :attr:`Finding.suppressed` reason names: ``inline``, ``baseline``, or the ignore file (the
    reason without its ``:LINE``)."""
    if reason in (INLINE, BASELINE):
        return reason
    return reason.rpartition(":")[0] or reason


class DocumentSuppression:
    """The layers as they apply to one document: its inline directives by unit id, the ignore rules whose
    ``path=`` covers it, the baseline's recorded findings of it."""

    def __init__(self, run: Suppression, doc: str, directives: dict[str, list[Directive]],
                 rules: tuple[IgnoreRule, ...], recorded: Counter):
        self.run = run
        self.doc = doc
        self.directives = directives
        self.rules = rules
        self.recorded = recorded

    @property
    def active(self) -> bool:
        return bool(self.directives or self.rules or self.recorded)

    def split(self, findings: Sequence[Finding], text: str,
              units: Sequence[Unit] | None) -> tuple[list[Finding], list[Finding]]:
        """(kept, suppressed) of a document's findings (in their order); each suppressed finding carries its
        reason. Each call starts from the whole baseline (``tqa fix`` analyses a document several times)."""
        if not self.active:
            return list(findings), []
        left = Counter(self.recorded)
        used: set[Directive] = set()
        kept, suppressed = self._sorted(findings, self._reasons(findings, Places(text, units), left, used))
        self.run._tally(self, used, suppressed, left)
        return kept, suppressed

    def windows(self) -> "WindowSplit":
        """A split of a plain-text document read in a stream, window by window (:class:`WindowSplit`)."""
        return WindowSplit(self)

    @staticmethod
    def _sorted(findings: Sequence[Finding], reasons) -> tuple[list[Finding], list[Finding]]:
        kept: list[Finding] = []
        suppressed: list[Finding] = []
        for finding, reason in zip(findings, reasons):
            if reason:
                suppressed.append(replace(finding, suppressed=reason))
            else:
                kept.append(finding)
        return kept, suppressed

    def _reasons(self, findings: Sequence[Finding], places: Places, left: Counter, used: set[Directive]):
        """Why each finding is silenced ("" when it is not), in order; ``left`` (the baseline's recorded
        findings not matched yet) and ``used`` (the inline directives that silenced something) are updated."""
        ignore_file = self.run.ignore_file
        for finding in findings:
            reason = ""
            if self.directives and not about_document(finding):
                unit = places.unit(finding)
                for directive in self.directives.get(unit.id, ()) if unit is not None else ():
                    if _matches(directive.selectors, finding):
                        used.add(directive)
                        reason = INLINE
                        break
            if not reason:
                for rule in self.rules:
                    if rule.matches(finding, places):
                        reason = f"{ignore_file.shown}:{rule.line}"
                        break
            if not reason and left:
                key = baseline_key(finding, places)
                if left.get(key, 0) > 0:
                    left[key] -= 1
                    reason = BASELINE
            yield reason


class WindowSplit:
    """:meth:`DocumentSuppression.split` of a plain-text document read in a stream, window by window: the
    baseline's recorded findings are used up across the windows, in the document's order, and the run's tallies
    are added once the last window is split (:meth:`finish`). A window's text is whole lines (what an ignore
    rule's ``text=`` and a baseline key read around a finding is in its line), at the document's offset
    ``base``; the findings are moved into its offsets to be judged and reported as they were."""

    def __init__(self, document: DocumentSuppression):
        self.document = document
        self.left = Counter(document.recorded)
        self.used: set[Directive] = set()

    def split(self, findings: Sequence[Finding], text: str, base: int) -> tuple[list[Finding], list[Finding]]:
        moved = shifted(findings, base) if base else findings
        kept, suppressed = self.document._sorted(
            findings, self.document._reasons(moved, Places(text, None), self.left, self.used))
        self.document.run._tally(self.document, set(), suppressed, Counter())
        return kept, suppressed

    def finish(self) -> None:
        self.document.run._tally(self.document, self.used, (), self.left)


def _shown(path: Path) -> str:
    """A path as messages show it: relative to the working directory when it is below or near it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)
    return relative if not relative.startswith(".." + os.sep + "..") else str(path)
