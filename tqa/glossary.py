"""Glossaries: loading (YAML, CSV, TSV, TBX), validation with ``file:line`` errors, and compilation.

A glossary is refused before any text is read when anything is wrong with it; every problem is reported,
not only the first. The compiled :class:`~tqa.matcher.Matcher` is built here, once per load.

Two kinds of entry share the format. An *error entry* names phrases (``match``) or a ``regex`` that machine
translation gets wrong; the glossary check finds them. A *term entry* names ``source`` terms and the ``target``
renderings they accept (the first preferred); the term check of a bilingual run uses it. A term entry may also
have ``match``: the known wrong renderings of its terms (a term base's deprecated terms), found like any
error entry's phrases. TBX term bases are read into term entries by :mod:`tqa.termbase`.

With a source, ``when_source`` conditions an entry's ``match``/``regex`` on its ``source`` terms: ``present``
fires only in a unit whose source holds one of them, ``absent`` only in one whose source holds none. A term
entry's ``match`` is ``present`` without saying so (its wrong renderings are wrong renderings *of its terms*).
Plain text has no source: there every entry fires as it always has.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import io
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ._version import __version__
from .errors import GlossaryError, TqaError
from .glossary_fields import LANGUAGE_CODE, LANGUAGE_NAMES, Raw
from .inputs import decode
from .lazyre import lazy_compile
from .matcher import Matcher, Pattern, _starts_at_line_start, phrase_words, required_literal
from .model import CATEGORIES, Severity
from .regex_safety import catastrophic_reason

TOP_LEVEL_FIELDS = {"name", "version", "language", "source_language", "description", "entries", "consistent"}
ENTRY_FIELDS = {
    "id", "match", "regex", "suggest", "category", "severity", "source", "target", "note", "when", "unless",
    "autofix", "case", "examples", "when_source",
}
EXAMPLE_FIELDS = {"bad", "good"}
#: The fields of an example pair (a term entry's self-test).
PAIR_FIELDS = ("source", "target")
#: What ``when_source`` may say: fire only where the unit's source holds one of the entry's ``source`` terms,
#: or only where it holds none.
WHEN_SOURCE = ("present", "absent")
#: What a term entry is when it does not say: a term base has no MQM category or severity, and a term
#: rendered otherwise than its term base says is the MQM "wrong term" error, which reviewers mark major.
TERM_CATEGORY = "Terminology/Inappropriate for context"
TERM_SEVERITY = Severity.MAJOR
_ID = lazy_compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # these: only a glossary that is parsed needs them
#: File extensions of glossary files and the format each one is read in.
GLOSSARY_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".tbx": "tbx"}
#: The glossaries shipped with tqa: inside the installed package, or at the top of a source checkout.
BUNDLED_DIR = Path(__file__).resolve().parent / "glossaries"
_CHECKOUT_DIR = Path(__file__).resolve().parent.parent / "glossaries"
#: The bundled glossary used when none is given.
DEFAULT_GLOSSARY = "zh-en-news"


# --- bundled glossaries, by name ----------------------------------------------------------------------------

def bundled_glossaries() -> dict[str, Path]:
    """The glossaries shipped with tqa, by name (the file name without its extension), in name order."""
    for directory in (BUNDLED_DIR, _CHECKOUT_DIR):
        if directory.is_dir():
            return {p.stem: p for p in sorted(directory.iterdir())
                    if p.suffix.lower() in GLOSSARY_FORMATS and p.is_file()}
    return {}


def default_glossary_path() -> Path:
    """The bundled zh-en news glossary, installed or in a source checkout."""
    path = bundled_glossaries().get(DEFAULT_GLOSSARY)
    if path is None:
        raise TqaError(f"the bundled glossary {DEFAULT_GLOSSARY} is missing from this installation")
    return path


def glossary_path(glossary: str | Path) -> Path:
    """The file that ``glossary`` means: a path that exists, else the bundled glossary of that name.

    A path that exists wins, so that a user's own file is never silently replaced by a bundled one.
    """
    path = Path(glossary)
    if path.exists() or path.is_symlink():
        return path
    bundled = bundled_glossaries()
    if str(glossary) in bundled:
        return bundled[str(glossary)]
    raise GlossaryError([f"{glossary}: no such glossary file, and no bundled glossary of that name "
                         f"(bundled: {', '.join(bundled) or 'none'}; see 'tqa glossary list')"])


def _shadow_note(glossary: str | Path) -> str:
    """Why a file that fails to load was used although a bundled glossary has the same name."""
    bundled = bundled_glossaries().get(str(glossary))
    if bundled is None:
        return ""
    return f" (a bundled glossary has this name too, but a path that exists wins: give the bundled one as {bundled})"


@dataclass(frozen=True)
class TermExample:
    """A term entry's self-test: a source that holds one of the entry's source terms, and a target.

    ``bad``: some finding of the glossary or term check must have the entry's id; ``good``: none may. Run at
    load time, as a one-unit document (:func:`example_failures`).
    """

    kind: str
    source: str
    target: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Entry:
    """One glossary entry, as validated: an error entry (``match`` or ``regex``), a term entry (``source``
    and ``target``), or both (a term entry whose ``match`` lists known wrong renderings)."""

    id: str
    match: tuple[str, ...] = ()
    regex: str | None = None
    suggest: tuple[str, ...] = ()
    category: str = "Other"
    severity: Severity = Severity.MINOR
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    note: str = ""
    when: str | None = None
    unless: str | None = None
    autofix: bool = False
    case_sensitive: bool = False
    when_source: str | None = None  # "present", "absent", or None: fire whatever the source holds
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    pairs: tuple[TermExample, ...] = ()
    file: str = ""
    line: int = 0
    example_lines: tuple[tuple[str, str, int], ...] = field(default=(), compare=False, repr=False)
    glossary: str = ""  # the name of the glossary it belongs to: its rule code is glossary/id

    def __getstate__(self) -> dict:
        """The fields whose values are not their defaults: an entry unpickled without the others reads them from
        the class, where a dataclass keeps its defaults. Most fields of most entries are left at their defaults,
        and a cached glossary of 10,000 entries unpickles a third faster without them."""
        return {name: value for name, value in self.__dict__.items() if _ENTRY_DEFAULTS.get(name, _NO_DEFAULT) != value}

    @property
    def code(self) -> str:
        """The entry's rule code, namespaced by its glossary (``zh-en-news/covid-new-crown``): what findings,
        reports, ``--select``, ``--ignore`` and suppressions name. The bare id is accepted as an alias where
        it is unambiguous."""
        return f"{self.glossary}/{self.id}" if self.glossary else self.id

    @property
    def is_term(self) -> bool:
        """A term entry: it says what its source terms must become in the target."""
        return bool(self.target)

    @property
    def preferred(self) -> str:
        """The preferred target rendering of a term entry (empty for an error entry)."""
        return self.target[0] if self.target else ""

    @property
    def source_condition(self) -> str | None:
        """When, with a source, the entry's ``match``/``regex`` may fire: ``present`` (only where the unit's
        source holds one of its ``source`` terms), ``absent`` (only where it holds none), or None (always).
        A term entry's wrong renderings are ``present``: they are wrong renderings of its terms."""
        if self.when_source is not None:
            return self.when_source
        return "present" if self.is_term else None

    @property
    def suggestion(self) -> str:
        """The fix: the first suggestion, or empty when the text should be deleted or a human must decide."""
        return self.suggest[0] if self.suggest else ""

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"


_NO_DEFAULT = object()
#: The default value of each field of an entry that has one.
_ENTRY_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Entry) if f.default is not dataclasses.MISSING}


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
                 consistent: Iterable["ConsistencyGroup"] = (), skipped: Iterable[str] = (),
                 notes: Iterable[str] = (), matcher: Matcher | None = None):
        """``matcher``: the compiled matcher of exactly these entries, when the caller has one (a glossary read
        from the cache brings it along); else it is compiled here."""
        self.entries: tuple[Entry, ...] = tuple(entries)
        # What reading a term base left out, as "file:line: ...": concepts without terms in both languages
        # (``skipped``) and anything else (``notes``). Loading never prints; `tqa glossary import` shows them.
        self.skipped: tuple[str, ...] = tuple(skipped)
        self.notes: tuple[str, ...] = tuple(notes)
        self.consistent: tuple[ConsistencyGroup, ...] = tuple(consistent)
        self.sources: tuple[GlossaryInfo, ...] = tuple(sources)
        self.language = language
        self.source_language = source_language
        self.description = description
        self.matcher = matcher if matcher is not None else Matcher([_pattern(e) for e in self.entries])

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
            group_id = str(group.value.get("id", (Raw("", group.line), 0))[0].value or "")
            names_raw = group.value.get("names", (Raw(None, group.line), 0))[0]
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
    required, anchored = _regex_facts(entry.regex, entry.case_sensitive) if entry.regex else (None, None)
    return Pattern(
        phrases=entry.match,
        regex_text=entry.regex or None,
        required=required,
        case_sensitive=entry.case_sensitive,
        when_text=entry.when or None,
        unless_text=entry.unless or None,
        name=_pattern_name(entry),
        anchored=anchored,
    )


def _pattern_name(entry: Entry) -> str:
    """How the matcher's notes name an entry (a regex that ran out of time): ``file:line: entry ID``."""
    return f"{entry.location}: entry {entry.id}"


#: What the matcher derives from a regex entry, by (regex, case-sensitive): its required literals and whether
#: it matches only at the start of a line. Both come from parsing the regex, which for the bundled glossaries
#: cost a one-paragraph check more than its analysis; a cached glossary brings them along (_cached_entries).
_REGEX_FACTS: dict[tuple[str, bool], tuple[tuple[bytes, ...] | None, bool]] = {}


def _regex_facts(regex: str, case_sensitive: bool) -> tuple[tuple[bytes, ...] | None, bool]:
    facts = _REGEX_FACTS.get((regex, case_sensitive))
    if facts is None:
        facts = (required_literal(regex, case_sensitive), _starts_at_line_start(regex))
        _REGEX_FACTS[(regex, case_sensitive)] = facts
    return facts


# --- reading ------------------------------------------------------------------------------------------------



def _format_of(path: Path, given: str | Path) -> str:
    """yaml, csv, tsv or tbx, by the file's extension."""
    if path.is_dir():
        raise GlossaryError([f"{path}: is a directory, not a glossary file{_shadow_note(given)}"])
    kind = GLOSSARY_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise GlossaryError([f"{path}: unknown glossary format {path.suffix or '(no extension)'!r}: use .yaml, "
                             f".yml, .csv, .tsv or .tbx{_shadow_note(given)}"])
    return kind


def _read_bytes(path: Path, given: str | Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:  # a dangling symlink
        raise GlossaryError([f"{path}: no such glossary file"]) from None
    except IsADirectoryError:
        raise GlossaryError([f"{path}: is a directory, not a glossary file{_shadow_note(given)}"]) from None
    except OSError as exc:
        raise GlossaryError([f"{path}: cannot read glossary: {exc.strerror or exc}"]) from None


def _read_content(path: Path, given: str | Path, kind: str) -> str | bytes:
    """A TBX file's bytes (XML declares its own encoding), or any other glossary's text."""
    data = _read_bytes(path, given)
    return data if kind == "tbx" else _decoded(path, data)


def _decoded(path: Path, data: bytes) -> str:
    """The glossary's text, decoded as a text to check is (BOM, UTF-8, then detected: a spreadsheet's
    cp1252, GB18030 or UTF-16 export loads as it is)."""
    try:
        text, _, encoding = decode(str(path), data)
    except TqaError as exc:
        raise GlossaryError([str(exc)]) from None
    lost = text.find("\ufffd")
    if lost >= 0:
        # A text may be checked with a few undecodable bytes; a glossary is a specification, and a phrase
        # with a replacement character in it would silently never match.
        raise GlossaryError([f"{path}:{text.count(chr(10), 0, lost) + 1}: holds U+FFFD, a character that could not "
                             f"be decoded (read as {encoding}): save the glossary as UTF-8"])
    return text


# Plain (unquoted) YAML 1.1 scalars that are not text. Everything else, and every quoted scalar, is text.
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {
    **dict.fromkeys(("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"), True),
    **dict.fromkeys(("false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"), False),
}
_INT = lazy_compile(r"[-+]?(?:0|[1-9][0-9_]*)$")
_MAX_DEPTH = 50


class _YamlEvents:
    """Builds ``Raw`` values straight from the YAML parser's events (the C parser when available).

    Faster than PyYAML's composer and constructor, which resolve every scalar in Python; keeps line
    numbers; and refuses aliases, so that a "billion laughs" document cannot expand. Problems that leave the
    rest of the document readable (a key given twice, an alias) are collected in ``problems`` and parsing goes
    on, so that every one is reported; ``fatal`` says the values cannot be trusted (an alias was dropped).
    """

    def __init__(self, text: str, path: str):
        import yaml  # here, not at the top: a glossary loaded from the cache is not parsed

        # CSafeLoader is PyYAML's libyaml binding; its event interface is all that is used here.
        self.parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        self.path = path
        self.problems: list[str] = []
        self.fatal = False

    def document(self) -> Raw | None:
        import yaml

        get = self.parser.get_event
        get()  # StreamStart
        if self.parser.check_event(yaml.StreamEndEvent):
            return None
        get()  # DocumentStart
        root = self.node(0)
        get()  # DocumentEnd
        if not self.parser.check_event(yaml.StreamEndEvent):
            event = self.parser.peek_event()
            self.problems.append(f"{self.path}:{event.start_mark.line + 1}: a glossary file holds one YAML document")
            self.fatal = True
        return root

    def node(self, depth: int) -> Raw:
        import yaml

        event = self.parser.get_event()
        line = event.start_mark.line + 1
        if depth > _MAX_DEPTH:
            raise GlossaryError([f"{self.path}:{line}: YAML nested more than {_MAX_DEPTH} levels deep"])
        if isinstance(event, yaml.ScalarEvent):
            value = event.value
            if event.tag in (None, "!") and event.implicit[0] and not event.style:  # plain scalar
                if value in _NULLS:
                    return Raw(None, line)
                if value in _BOOLS:
                    return Raw(_BOOLS[value], line)
                if _INT.match(value):
                    return Raw(int(value.replace("_", "")), line)
            return Raw(value, line)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not self.parser.check_event(yaml.SequenceEndEvent):
                items.append(self.node(depth + 1))
            self.parser.get_event()
            return Raw(items, line)
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict = {}
            while not self.parser.check_event(yaml.MappingEndEvent):
                key = self.node(depth + 1)
                value = self.node(depth + 1)
                if isinstance(key.value, (dict, list)):
                    self.problems.append(f"{self.path}:{key.line}: a mapping key must be a plain value")
                    continue
                name = str(key.value) if key.value is not None else "null"
                if name in mapping:
                    self.problems.append(f"{self.path}:{key.line}: field {name!r} given twice "
                                         f"(also at line {mapping[name][1]})")
                    continue
                mapping[name] = (value, key.line)
            self.parser.get_event()
            return Raw(mapping, line)
        if isinstance(event, yaml.AliasEvent):
            self.problems.append(f"{self.path}:{line}: YAML aliases (*{event.anchor}) are not allowed in a glossary")
            self.fatal = True
            return Raw(None, line)
        raise GlossaryError([f"{self.path}:{line}: unexpected YAML content"])


def _load_yaml(path: Path, text: str, problems: list[str]) -> tuple[dict, list[tuple[dict, int]], int]:
    import yaml

    events = _YamlEvents(text, str(path))
    try:
        root = events.document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise GlossaryError(events.problems + [f"{path}:{line}: invalid YAML: {exc.problem or exc}"]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; not a marked error
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
        raise GlossaryError(events.problems + [f"{path}:{line}: invalid YAML: character U+{code:04X} is not "
                                               f"allowed ({exc.reason})"]) from None
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GlossaryError(events.problems + [f"{path}:1: invalid YAML: {first_line}"]) from None
    if events.fatal:
        # Validating values an alias left empty would only add problems that are not there.
        raise GlossaryError(events.problems)
    problems.extend(events.problems)
    if root is None:
        raise GlossaryError([f"{path}:1: the glossary is empty"])
    if not isinstance(root.value, dict):
        raise GlossaryError([f"{path}:{root.line}: a glossary must be a mapping with 'name' and 'entries'"])
    meta = {k: (v.value, line) for k, (v, line) in root.value.items() if k != "entries"}
    entries_raw = root.value.get("entries")
    entries: list[tuple[dict, int]] = []
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
    return meta, entries, root.line


def _flatten(mapping: dict) -> dict:
    """{field: Raw(value, line of the field's key)}."""
    return {k: Raw(v.value, line) for k, (v, line) in mapping.items()}


# CSV/TSV column names: the entry fields, and the examples' two columns under either of their names.
_EXAMPLE_COLUMNS = {"bad": "bad", "good": "good", "examples.bad": "bad", "examples.good": "good"}
_COLUMNS = ENTRY_FIELDS | set(_EXAMPLE_COLUMNS)
_DELIMITER_NAMES = {",": "comma-separated", ";": "semicolon-separated", "\t": "tab-separated"}


def _header_cells(line: str, delimiter: str) -> list[str]:
    import csv  # here and below: only a CSV or TSV glossary needs it

    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])]


def _sniff_delimiter(text: str) -> str:
    """The delimiter of a ``.csv`` glossary, judged by its header row: the one that splits it into the most
    known column names (Excel writes semicolons where the decimal mark is a comma; some tools write tabs).
    Comma when none finds a known name; the header's problems then say so.
    """
    for line in text.splitlines():
        if not line.strip(" \t,;") or line.startswith("#"):
            continue  # blank rows and "# name: value" rows come before the header
        known = {d: sum(cell in _COLUMNS for cell in _header_cells(line, d)) for d in _DELIMITER_NAMES}
        return max(known, key=known.__getitem__)  # the first of equals: comma, then semicolon, then tab
    return ","


def _header_problems(header: list[str], line: int, path: Path, delimiter: str) -> list[str]:
    """A column given twice, or unknown: the rows cannot be read as the sheet's author meant them."""
    problems = []
    seen: dict[str, tuple[str, int]] = {}
    for number, column in enumerate(header, 1):
        if not column:
            continue  # spreadsheets pad rows with empty cells
        if column not in _COLUMNS:
            problems.append(f"{path}:{line}: unknown column {column!r}")
            continue
        field_name = _EXAMPLE_COLUMNS.get(column, column)
        if field_name in seen:
            first, first_number = seen[field_name]
            twice = (f"column {column!r} appears twice" if first == column
                     else f"column {column!r} is the same as {first!r}")
            problems.append(f"{path}:{line}: {twice} (columns {first_number} and {number})")
            continue
        seen[field_name] = (column, number)
    if problems and not seen:
        # Nothing known at all: most likely the columns are not separated the way they were read.
        if delimiter == "\t":
            note = "no known column name; a .tsv file is read as tab-separated"
        else:
            note = ("no known column name when the header is split at commas, semicolons or tabs; it was read as "
                    f"{_DELIMITER_NAMES[delimiter]}")
        problems = [f"{p} ({note})" for p in problems]
    return problems


def _load_delimited(path: Path, text: str, kind: str,
                    problems: list[str]) -> tuple[dict, list[tuple[dict, int]], int]:
    if kind == "tsv":
        delimiter = "\t"
    else:
        delimiter = _sniff_delimiter(text)
    import csv  # the csv module (not pandas) because every row's line number is needed for error messages

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
                header_problems = _header_problems(header, header_line, path, delimiter)
                if header_problems:
                    # Rows read through a wrong header would only add problems that are not there.
                    problems.extend(header_problems)
                    return meta, [], header_line
                row_line = reader.line_num + 1
                continue
            if not any(cell.strip() for cell in row):
                row_line = reader.line_num + 1
                continue
            fields: dict[str, Raw] = {}
            for number, (column, cell) in enumerate(zip(header, row), 1):
                cell = cell.strip()
                if cell == "":
                    continue
                if column == "":
                    fields.setdefault("__unnamed__", Raw(number, row_line))
                elif column in _EXAMPLE_COLUMNS:
                    fields.setdefault("examples", Raw({}, row_line)).value[_EXAMPLE_COLUMNS[column]] = (
                        Raw([Raw(x.strip(), row_line) for x in cell.split("|") if x.strip()], row_line), row_line)
                elif column in ("match", "suggest", "source", "target"):
                    fields[column] = Raw([Raw(x.strip(), row_line) for x in cell.split("|")], row_line)
                else:
                    fields[column] = Raw(cell, row_line)
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
                fields["__extra__"] = Raw(len(row) - len(header), row_line)
            entries.append((fields, row_line))
            row_line = reader.line_num + 1
    except csv.Error as exc:
        raise GlossaryError(problems + [f"{path}:{reader.line_num}: invalid {kind.upper()}: {exc}"]) from None
    if header is None:
        raise GlossaryError([f"{path}:1: the glossary is empty (no header row)"])
    return meta, entries, header_line


# --- validation ---------------------------------------------------------------------------------------------

def _strings(raw: Raw, what: str, where: str, problems: list[str], allow_empty: bool = False) -> tuple[str, ...]:
    values = raw.value if isinstance(raw.value, list) else [raw]
    out = []
    for item in values:
        if not isinstance(item, Raw):
            item = Raw(item, raw.line)
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


def _regex(raw: Raw, what: str, where: str, problems: list[str]) -> str | None:
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


# The words a spreadsheet cell (or a YAML value) may use for yes and no; anything else is a mistake to report,
# not a silent "no".
_FLAGS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _flag(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, str)):
        return _FLAGS.get(str(value).strip().lower())
    return None


def _kind(value) -> str:
    """What a value is, in the words of a glossary's author."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _shown(value) -> str:
    return _kind(value) if isinstance(value, (list, dict)) else repr(str(value))


# Fields that narrow or apply a match: a term entry without `match`/`regex` has nothing for them to act on.
_MATCH_ONLY = {
    "suggest": "'suggest' is for 'match'/'regex'; a term entry's suggestion is its first 'target'",
    "when": "'when' is for 'match'/'regex', which this term entry does not have (the term check looks at the "
            "unit's source instead)",
    "unless": "'unless' is for 'match'/'regex', which this term entry does not have (the term check looks at "
              "the unit's source instead)",
    "autofix": "'autofix' is for 'match'/'regex': a term missing from a translation cannot be put in "
               "automatically",
    "when_source": "'when_source' is for 'match'/'regex', which this term entry does not have (the term check "
                   "looks at the unit's source anyway)",
}


def _entry(fields: dict[str, Raw], line: int, path: str, problems: list[str]) -> Entry | None:
    before = len(problems)
    for name, raw in fields.items():
        if name == "__extra__":
            problems.append(f"{path}:{raw.line}: row has {raw.value} more cell(s) than the header")
        elif name == "__unnamed__":
            problems.append(f"{path}:{raw.line}: a value in column {raw.value}, which has no name in the header")
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

    source = _strings(fields["source"], "'source'", path, problems) if fields.get("source") and fields["source"].value is not None else ()
    target = _target(fields.get("target"), label, path, problems)
    is_term = "target" in fields
    if is_term and not source:
        problems.append(f"{path}:{fields['target'].line}: {label}a term entry needs its source term(s) in 'source'")

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
    elif not is_term:
        problems.append(f"{path}:{line}: {label}missing 'match' (or 'regex')"
                        + (", or 'target' for a term entry" if source else ""))
    matches = "match" in fields or "regex" in fields
    if is_term and not matches:
        for name, reason in _MATCH_ONLY.items():
            raw = fields.get(name)
            # An empty cell or "autofix: false" says nothing a term entry could not mean (a spreadsheet has
            # these columns for every row).
            if raw is None or raw.value is None or (name == "autofix" and _flag(raw.value) is False):
                continue
            problems.append(f"{path}:{raw.line}: {label}{reason}")

    suggest: tuple[str, ...] = ()
    if "suggest" in fields and fields["suggest"].value is not None:
        suggest = _strings(fields["suggest"], "'suggest'", path, problems, allow_empty=True)
    elif is_term and matches and target:
        suggest = (target[0],)  # a known wrong rendering is replaced by the preferred one

    category = TERM_CATEGORY if is_term else "Other"
    if "category" in fields:
        category = str(fields["category"].value)
        if category not in CATEGORIES:
            problems.append(f"{path}:{fields['category'].line}: {label}unknown category {category!r} "
                            f"(one of: {', '.join(CATEGORIES)})")
    elif not is_term:
        problems.append(f"{path}:{line}: {label}missing 'category'")

    severity = TERM_SEVERITY if is_term else Severity.MINOR
    if "severity" in fields:
        try:
            severity = Severity.parse(fields["severity"].value)
        except ValueError as exc:
            problems.append(f"{path}:{fields['severity'].line}: {label}{exc}")
    elif not is_term:
        problems.append(f"{path}:{line}: {label}missing 'severity'")

    when = _regex(fields["when"], "'when'", path, problems) if "when" in fields else None
    unless = _regex(fields["unless"], "'unless'", path, problems) if "unless" in fields else None

    autofix = False
    if "autofix" in fields and fields["autofix"].value is not None:
        flag = _flag(fields["autofix"].value)
        if flag is None:
            problems.append(f"{path}:{fields['autofix'].line}: {label}'autofix' must be true or false "
                            f"(or yes/no, 1/0), not {_shown(fields['autofix'].value)}")
        else:
            autofix = flag

    when_source = None
    if matches:  # on a term entry without match/regex, refused above
        when_source = _when_source(fields.get("when_source"), label, source, is_term, path, problems)

    case_sensitive = False
    if "case" in fields and fields["case"].value is not None:
        case = str(fields["case"].value).lower()
        if case not in ("sensitive", "insensitive"):
            problems.append(f"{path}:{fields['case'].line}: {label}'case' must be 'sensitive' or 'insensitive'")
        case_sensitive = case == "sensitive"

    note = ""
    if "note" in fields and fields["note"].value is not None:
        note = str(fields["note"].value).strip()

    bad: list[str] = []
    good: list[str] = []
    pairs: list[TermExample] = []
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
                    if isinstance(item.value, dict):
                        # A pair may leave the source terms out where that tests something: the condition of
                        # `when_source`, or a good pair where `match` must stay silent without the term.
                        needs_term = when_source is None and (kind == "bad" or not matches)
                        pair = _pair(item, kind, source, label, path, problems, needs_term)
                        if pair is not None:
                            pairs.append(pair)
                        continue
                    if not isinstance(item.value, str) or not item.value.strip():
                        problems.append(f"{path}:{item.line}: {label}an example must be non-empty text"
                                        + (" or a {source, target} pair" if source else ""))
                        continue
                    if is_term and not matches:
                        problems.append(f"{path}:{item.line}: {label}a term entry without 'match' or 'regex' has "
                                        "nothing to find in a text: give its examples as {source, target} pairs")
                        continue
                    (bad if kind == "bad" else good).append(item.value)
                    example_lines.append((kind, item.value, item.line))

    if len(problems) > before:
        return None
    return Entry(
        id=entry_id, match=match, regex=regex, suggest=suggest, category=category, severity=severity,
        source=source, target=target, note=note, when=when, unless=unless, autofix=autofix,
        case_sensitive=case_sensitive, when_source=when_source, bad=tuple(bad), good=tuple(good), pairs=tuple(pairs),
        file=path, line=line, example_lines=tuple(example_lines),
    )


def _when_source(raw: Raw | None, label: str, source: tuple[str, ...], term_match: bool, path: str,
                 problems: list[str]) -> str | None:
    """``when_source``: present or absent, on an entry that names the source terms it is about."""
    if raw is None or raw.value is None:
        return None
    value = str(raw.value).strip().lower() if isinstance(raw.value, str) else None
    if value not in WHEN_SOURCE:
        problems.append(f"{path}:{raw.line}: {label}'when_source' must be 'present' or 'absent', not "
                        f"{_shown(raw.value)}")
        return None
    if not source:
        problems.append(f"{path}:{raw.line}: {label}'when_source' needs the source term(s) it is about in 'source'")
        return None
    if term_match and value == "absent":
        problems.append(f"{path}:{raw.line}: {label}'when_source: absent' on a term entry: its 'match' lists wrong "
                        "renderings of its source terms, found only where the source holds one")
        return None
    return value


def _target(raw: Raw | None, label: str, path: str, problems: list[str]) -> tuple[str, ...]:
    """A term entry's accepted renderings: text with words (the term check looks for them as phrases)."""
    if raw is None:
        return ()
    if raw.value in (None, [], ""):
        problems.append(f"{path}:{raw.line}: {label}'target' is empty")
        return ()
    target = _strings(raw, "'target'", path, problems)
    for term in target:
        if not phrase_words(term):
            problems.append(f"{path}:{raw.line}: {label}target term {term!r} has no words to look for")
    return target


def _pair(item: Raw, kind: str, source_terms: tuple[str, ...], label: str, path: str,
          problems: list[str], needs_term: bool = True) -> TermExample | None:
    """One example pair ``{source: ..., target: ...}``: both texts, the source holding a source term (where
    ``needs_term``)."""
    values: dict[str, str] = {}
    before = len(problems)
    for name, (raw, key_line) in item.value.items():
        if name not in PAIR_FIELDS:
            problems.append(f"{path}:{key_line}: {label}unknown field {name!r} in an example pair (use source, "
                            "target)")
        elif not isinstance(raw.value, str) or not raw.value.strip():
            problems.append(f"{path}:{raw.line}: {label}the {name} of an example pair must be non-empty text")
        else:
            values[name] = raw.value
    missing = [name for name in PAIR_FIELDS if name not in item.value]
    if missing:
        problems.append(f"{path}:{item.line}: {label}an example pair needs {' and '.join(map(repr, missing))}")
    if not source_terms:
        problems.append(f"{path}:{item.line}: {label}an example pair needs source terms in the entry's 'source'")
    elif needs_term and "source" in values and not any(term.casefold() in values["source"].casefold()
                                                       for term in source_terms):
        problems.append(f"{path}:{item.line}: {label}the source of an example pair, {values['source']!r}, holds "
                        f"none of the entry's source terms ({', '.join(source_terms)})")
    if len(problems) > before:
        return None
    return TermExample(kind, values["source"], values["target"], item.line)


# --- the glossary's own fields: name, version, languages, description -----------------------------------------

# Characters that separate the parts of the score signature (tqa:…|glossary:name@version#sha+name@…).
_SIGNATURE_CHARACTERS = "|+@#"


@dataclass(frozen=True)
class _Metadata:
    """A glossary file's own fields, validated (name and version go into :class:`GlossaryInfo`)."""

    language: str = ""
    language_line: int = 0
    source_language: str = ""
    description: str = ""
    consistent: tuple[ConsistencyGroup, ...] = ()
    # Read from a term base: the concepts it skipped, and other things it left out ("file:line: ...").
    skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def _signature_part(field_name: str, value, line: int, where: str, problems: list[str],
                    numbers: bool) -> str | None:
    """``name`` or ``version``: one line of text (a version may be a number) that keeps the signature readable."""
    if isinstance(value, int) and not isinstance(value, bool):
        if numbers:
            return str(value)
        problems.append(f"{where}:{line}: {field_name!r} must be text, not a number (quote it: '{value}')")
        return None
    if not isinstance(value, str):
        what = "text or a number" if numbers else "text"
        problems.append(f"{where}:{line}: {field_name!r} must be {what}, not {_kind(value)}")
        return None
    value = value.strip()
    if not value:
        problems.append(f"{where}:{line}: {field_name!r} must not be empty")
    elif any(c in value for c in _SIGNATURE_CHARACTERS):
        problems.append(f"{where}:{line}: {field_name!r} must not contain '|', '+', '@' or '#' (they separate the "
                        "parts of the score signature)")
    elif any(ord(c) < 32 for c in value):
        problems.append(f"{where}:{line}: {field_name!r} must be one line of text")
    else:
        return value
    return None


def _language(field_name: str, value, line: int, where: str, problems: list[str]) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and LANGUAGE_CODE.fullmatch(value.strip()):
        return value.strip()
    guess = None
    if isinstance(value, str):
        guess = LANGUAGE_NAMES.get(value.strip().lower())
        if guess is None and LANGUAGE_CODE.fullmatch(value.strip().replace("_", "-")):
            guess = value.strip().replace("_", "-")
    problems.append(f"{where}:{line}: {field_name!r} must be a language code such as en, zh, zh-Hans or pt-BR, "
                    f"not {_shown(value)}" + (f" (did you mean {guess!r}?)" if guess else ""))
    return ""


def _metadata(meta: dict, where: str, default_name: str, problems: list[str]) -> tuple[str, str, _Metadata]:
    """The name, the version and the rest of a file's own fields; every problem goes to ``problems``."""
    for key, (value, line) in meta.items():
        if key not in TOP_LEVEL_FIELDS:
            problems.append(f"{where}:{line}: unknown field {key!r}")

    def field_value(key):
        return meta.get(key, (None, 0))

    value, line = field_value("name")
    name = default_name if value is None else _signature_part("name", value, line, where, problems, numbers=False)
    value, line = field_value("version")
    version = "0" if value is None else _signature_part("version", value, line, where, problems, numbers=True)
    language, language_line = field_value("language")
    language = _language("language", language, language_line, where, problems)
    value, line = field_value("source_language")
    source_language = _language("source_language", value, line, where, problems)
    value, line = field_value("description")
    description = ""
    if isinstance(value, str):
        description = value.strip()
    elif value is not None:
        problems.append(f"{where}:{line}: 'description' must be text, not {_kind(value)}")
    value, line = field_value("consistent")
    consistent = _consistency_groups(value, where, line, problems)
    return name or default_name, version or "0", _Metadata(language, language_line, source_language,
                                                           description, tuple(consistent))


# --- loading ------------------------------------------------------------------------------------------------

def _cache_file(digest: str, what: str = "glossary") -> Path | None:
    if os.environ.get("TQA_NO_CACHE"):
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tqa"
    return base / f"{what}-{digest}-{__version__}-{_CACHE_FORMAT}.pickle"


def _entries_key(digest: str, kind: str, path: Path, languages: tuple[str | None, str | None]) -> str:
    """What a file's entries are cached under: the SHA-256 of its bytes (``digest``) and what else they depend
    on. The same bytes parse differently as YAML, CSV or TSV, a CSV's name comes from its file name, and a term
    base gives other entries for other languages."""
    return hashlib.sha256(f"{digest}\0{kind}\0{path.stem}\0{languages}".encode("utf-8")).hexdigest()


# Bumped whenever validation changes, so that a glossary validated by older rules is validated again.
# 6: term entries (target, example pairs) and TBX term bases. 7: when_source. 8: entries know their glossary.
# 9: what the matcher derives from each regex entry (_REGEX_FACTS) is kept beside the entries. 10: the required
# literals are the rarest set (tqa.matcher.required_literal), not the first long run. 11: the compiled matcher of
# the file's entries is kept beside them (its tables; the automata are built again), and the matcher of a glossary
# of several files in a file of its own (_combined_matcher). 12: a case-sensitive entry's regex has no required
# literals from a (?i) group, nor any at all under a (?i) for the whole of it.
_CACHE_FORMAT = 12

#: No languages asked of a term base: its own two, the target English (see :func:`tqa.termbase.choose_languages`).
ANY_LANGUAGES: tuple[str | None, str | None] = (None, None)


def _cached_entries(path: Path, content: str | bytes, kind: str,
                    languages: tuple[str | None, str | None] = ANY_LANGUAGES, *, compile: bool = True
                    ) -> tuple[list[Entry], _Metadata, GlossaryInfo, list[str], Matcher | None]:
    """Parse and validate ``path``, or reuse the result of an earlier run on the same bytes.

    Returns the valid entries, the problems (so that clashes with other glossaries are found too) and the
    compiled :class:`Matcher` of the entries (None when there are problems, or when ``compile`` is false and
    there is no cache to keep it in: a glossary of several files compiles their entries together).

    Parsing a large glossary costs more than scanning megabytes of text, so a validated glossary is kept in
    the user's cache directory (``$XDG_CACHE_HOME/tqa``), keyed by the SHA-256 of its text and tqa's version.
    Compiling its matcher cost more than reading the entries back (0.13 s against 0.05 s for 10,000 entries),
    so the matcher is kept beside them: only its automata, which cannot be pickled, are built again, on first
    use (see :meth:`tqa.matcher._Scanner.__setstate__`). Set ``TQA_NO_CACHE=1`` to bypass the cache. Only
    glossaries that passed validation are ever cached.
    """
    digest = hashlib.sha256(content if isinstance(content, bytes) else content.encode("utf-8")).hexdigest()
    cache = _cache_file(_entries_key(digest, kind, path, languages))
    if cache is not None and cache.is_file() and cache.stat().st_uid == os.getuid():
        try:
            entries, metadata, info, facts, matcher = _unpickled(cache)
            _check_matcher(matcher, entries)
            _REGEX_FACTS.update(facts)
            if info.path != str(path):  # the same glossary under another name
                metadata, info = _relocated(entries, metadata, info, matcher, str(path))
            return entries, metadata, info, [], matcher
        except Exception:  # a stale or damaged cache is simply rebuilt
            pass
    entries, metadata, info, problems = _parse_entries(path, content, kind, digest, languages)
    if problems or not (compile or cache is not None):
        return entries, metadata, info, problems, None
    # Compiled before anything uses it: what is pickled is a matcher that has searched no text yet.
    matcher = Matcher([_pattern(e) for e in entries])
    if cache is not None:
        facts = {(e.regex, e.case_sensitive): _regex_facts(e.regex, e.case_sensitive) for e in entries if e.regex}
        _keep(cache, (entries, metadata, info, facts, matcher))
    return entries, metadata, info, problems, matcher


def _check_matcher(matcher, entries: list[Entry]) -> None:
    """Refuse (ValueError) what a cache file holds in place of the matcher of ``entries``."""
    if not isinstance(matcher, Matcher) or [p.phrases for p in matcher.patterns] != [e.match for e in entries]:
        raise ValueError("not the matcher of these entries")


def _keep(cache: Path, value) -> None:
    """Pickle ``value`` into ``cache``, atomically (a temporary file renamed into place); nothing if it fails."""
    try:
        import tempfile

        cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass


def _combined_matcher(keys: list[str], entries: list[Entry], infos: list[GlossaryInfo]
                      ) -> tuple[Matcher | None, Path | None]:
    """The matcher of a glossary made of several files, from the cache (else None), and the cache file it goes
    into once compiled (None when caching is off).

    The files' entries are compiled together (one file's generated keys give way to another's explicit
    phrases, and a phrase of two files is a conflict), so their matcher is cached under the files' keys, in
    their order. Loaded from other paths, it names each entry's file again (its patterns' names)."""
    cache = _cache_file(hashlib.sha256("\0".join(keys).encode("utf-8")).hexdigest(), what="matcher")
    if cache is None or not _ours(cache):
        return None, cache
    try:
        paths, matcher = _unpickled(cache)
        _check_matcher(matcher, entries)
    except Exception:  # a stale or damaged cache is simply rebuilt
        return None, cache
    if paths != [i.path for i in infos]:
        for entry, pattern in zip(entries, matcher.patterns):
            object.__setattr__(pattern, "name", _pattern_name(entry))
    return matcher, None


def _unpickled(cache: Path):
    """What ``cache`` holds. The garbage collector is held off meanwhile: unpickling makes tens of thousands of
    objects, none of them garbage, and the collections they would set off took up to a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(cache, "rb") as handle:
            return pickle.load(handle)
    finally:
        if enabled:
            gc.enable()


def _relocated(entries: list[Entry], metadata: _Metadata, info: GlossaryInfo, matcher: Matcher,
               new: str) -> tuple[_Metadata, GlossaryInfo]:
    """A cached glossary's metadata and info named after the path it was loaded from this time (another
    checkout, a relative path), its entries and the matcher's names of them renamed in place.

    In place: the entries and patterns were unpickled a moment ago and nothing else holds them (nor hashes
    them), and a copy of each (``dataclasses.replace``) cost 0.2 s for 10,000 entries."""
    old = info.path
    for entry, pattern in zip(entries, matcher.patterns):
        object.__setattr__(entry, "file", new)
        object.__setattr__(pattern, "name", _pattern_name(entry))
    consistent = tuple(dataclasses.replace(g, file=new) if g.file == old else g for g in metadata.consistent)
    metadata = dataclasses.replace(metadata, consistent=consistent, skipped=_moved(metadata.skipped, old, new),
                                   notes=_moved(metadata.notes, old, new))
    return metadata, dataclasses.replace(info, path=new)


def _moved(located: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    """``file:line: ...`` texts of a cached glossary, renamed to the path it was loaded from this time."""
    return tuple(new + text[len(old):] if text.startswith(old + ":") else text for text in located)


def _in_line_order(problems: list[str], where: str) -> list[str]:
    """One file's problems sorted by line (stable), as an editor walks through them."""
    located = re.compile(re.escape(where) + r":(\d+):")

    def line(problem: str) -> int:
        match = located.match(problem)
        return int(match.group(1)) if match else 0

    return sorted(problems, key=line)


def _parse_entries(path: Path, content: str | bytes, kind: str, digest: str,
                   languages: tuple[str | None, str | None] = ANY_LANGUAGES,
                   ) -> tuple[list[Entry], _Metadata, GlossaryInfo, list[str]]:
    where = str(path)
    problems: list[str] = []
    skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    if kind == "tbx":
        from .termbase import read_term_base  # lxml and translate-toolkit only when a term base is used

        term_base = read_term_base(path, content, *languages)
        meta, raw_entries, root_line = term_base.meta, term_base.entries, term_base.root_line
        skipped, notes = term_base.skipped, term_base.notes
    elif kind == "yaml":
        meta, raw_entries, root_line = _load_yaml(path, content, problems)
    else:
        meta, raw_entries, root_line = _load_delimited(path, content, kind, problems)
    name, version, metadata = _metadata(meta, where, path.stem, problems)
    metadata = dataclasses.replace(metadata, skipped=skipped, notes=notes)
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
        entries.append(dataclasses.replace(entry, glossary=name))
    if not raw_entries and not problems:
        problems.append(f"{where}:{root_line}: the glossary has no entries")
    return entries, metadata, GlossaryInfo(name, version, where, digest, len(entries)), _in_line_order(problems, where)


def _primary_language(code: str) -> str:
    return code.split("-")[0].lower()


def load_glossary(glossaries: str | Path | Iterable[str | Path] | None = None, *,
                  check_examples: bool = True,
                  term_base_languages: tuple[str | None, str | None] = ANY_LANGUAGES) -> Glossary:
    """Load, validate and compile one glossary, or several merged into one (ids must stay unique).

    Each glossary is a file (YAML, CSV, TSV or a TBX term base) or the name of a bundled glossary
    (``"zh-en-news"``, see :func:`bundled_glossaries`); a path that exists wins over a bundled name. With none,
    the bundled ``zh-en-news``. Raises :class:`GlossaryError` listing every problem of every glossary.
    ``check_examples`` also runs each entry's examples (texts, and source → target pairs through the glossary
    and term checks) and refuses the glossary when one misbehaves. ``term_base_languages`` is the (source,
    target) pair of language codes to take from TBX files; None leaves it to the file
    (:func:`tqa.termbase.choose_languages`).
    """
    if glossaries is None:
        given: list[str | Path] = [DEFAULT_GLOSSARY]
    elif isinstance(glossaries, (str, Path)):
        given = [glossaries]
    else:
        given = list(glossaries) or [DEFAULT_GLOSSARY]
    all_entries: list[Entry] = []
    infos: list[GlossaryInfo] = []
    metas: list[_Metadata] = []
    problems: list[str] = []
    first_seen: dict[str, Entry] = {}  # by rule code
    matchers: list[Matcher | None] = []
    keys: list[str] = []  # what each file's entries are cached under
    for glossary in given:
        try:
            path = glossary_path(glossary)
            kind = _format_of(path, glossary)
            languages = term_base_languages if kind == "tbx" else ANY_LANGUAGES
            entries, metadata, info, file_problems, matcher = _cached_entries(
                path, _read_content(path, glossary, kind), kind, languages, compile=len(given) == 1)
        except GlossaryError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(file_problems)
        twin = next((i for i in infos if i.sha256 == info.sha256 and i.name == info.name), None)
        if twin is not None:
            problems.append(f"{glossary}: the glossary {info.name!r} is given twice (also as {twin.path})")
            continue
        problems.extend(_language_conflict(metadata, info, metas, infos))
        if len(given) == 1:  # the ids of one file, hence its rule codes, are unique (_parse_entries)
            all_entries.extend(entries)
        else:
            for entry in entries:
                code = entry.code
                if code in first_seen:  # two glossaries of one name with an entry of one id
                    first = first_seen[code]
                    problems.append(f"{entry.location}: duplicate rule code {code!r}: another glossary named "
                                    f"{info.name!r} already has it ({first.location}); give one of the "
                                    f"glossaries another 'name'")
                    continue
                first_seen[code] = entry
                all_entries.append(entry)
        infos.append(info)
        metas.append(metadata)
        matchers.append(matcher)
        keys.append(_entries_key(info.sha256, kind, path, languages))
    # One file: its own matcher is the glossary's. Several valid files: theirs together, from the cache.
    compiled, keep = matchers[0] if len(given) == 1 and matchers else None, None
    if len(given) > 1 and not problems:
        compiled, keep = _combined_matcher(keys, all_entries, infos)
    glossary = Glossary(all_entries, infos,
                        language=next((m.language for m in metas if m.language), "en"),
                        source_language=next((m.source_language for m in metas if m.source_language), ""),
                        description=metas[0].description if metas else "",
                        consistent=[g for m in metas for g in m.consistent],
                        skipped=[s for m in metas for s in m.skipped], notes=[n for m in metas for n in m.notes],
                        matcher=compiled)
    if keep is not None:  # before anything searches with it
        _keep(keep, ([i.path for i in infos], glossary.matcher))
    problems.extend(
        f"{glossary.entries[a].location}: {glossary.entries[a].id}: phrase {phrase!r} is already matched by "
        f"entry {glossary.entries[b].code!r} ({glossary.entries[b].location})"
        for a, b, phrase in glossary.matcher.conflicts
    )
    if not problems:  # a conflict leaves an entry without its phrases: what it would flag is unknown
        problems.extend(_flagged_renderings(glossary))
    if problems:
        raise GlossaryError(problems)
    if check_examples:
        passed = _examples_marker(infos, term_base_languages)
        if passed is None or not _ours(passed):
            failures = example_failures(glossary)
            if failures:
                raise GlossaryError(failures)
            _mark(passed)
    return glossary


def _examples_marker(infos: list[GlossaryInfo], languages: tuple[str | None, str | None]) -> Path | None:
    """The cache file that says the examples of exactly these glossaries, merged, passed with this version of
    tqa (None when caching is off).

    Running every example costs more than loading the glossary (0.8 s for the bundled one on a loaded machine,
    five times a paragraph's whole check), and they give the same verdict every time on the same entries,
    code and regex time budgets: a run that saw them pass says so once, and later runs skip them. Only a pass
    is remembered; a glossary whose examples fail is refused every time.
    """
    from . import regex_safety

    described = [f"{i.sha256}\0{i.name}\0{i.path}" for i in infos]
    key = hashlib.sha256("\0\0".join([*described, repr(languages), repr(regex_safety.BUDGET_SECONDS),
                                       repr(regex_safety.BUDGET_SECONDS_PER_MB)]).encode("utf-8")).hexdigest()
    cache = _cache_file(key)
    return cache.with_name(cache.name.replace("glossary-", "examples-", 1)[:-len(".pickle")] + ".passed") \
        if cache is not None else None


def _ours(path: Path) -> bool:
    """Whether ``path`` is a file of the current user (as the cached glossaries must be)."""
    try:
        return path.is_file() and path.stat().st_uid == os.getuid()
    except OSError:
        return False


def _mark(path: Path | None) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.touch()
    except OSError:
        pass


def _language_conflict(metadata: _Metadata, info: GlossaryInfo, metas: list[_Metadata],
                       infos: list[GlossaryInfo]) -> list[str]:
    """Glossaries used together check one text, so they must agree on its language (where they name it)."""
    if not metadata.language:
        return []
    for other, other_info in zip(metas, infos):
        if other.language and _primary_language(other.language) != _primary_language(metadata.language):
            return [f"{info.path}:{metadata.language_line}: language {metadata.language!r} differs from "
                    f"{other.language!r} of glossary {other_info.name!r} ({other_info.path}:{other.language_line}): "
                    "glossaries used together check text in one language"]
    return []


def _flagged_renderings(glossary: Glossary) -> list[str]:
    """A term entry whose own ``match``/``regex`` finds one of its accepted renderings contradicts itself: it
    would flag every correct translation ("Bank of China" listed as wrong for 中国人民银行, whose preferred
    rendering "People's Bank of China" holds it)."""
    problems = []
    matcher = glossary.matcher
    for index, entry in enumerate(glossary.entries):
        if not (entry.is_term and (entry.match or entry.regex)):
            continue
        for rendering in entry.target:
            seen = len(matcher.timeouts)
            hits = [m for m in matcher.find(rendering) if m.entry == index]
            problems.extend(f"{entry.location}: {entry.id}: {timeout.reason}" for timeout in matcher.timeouts[seen:])
            if hits:
                found = ", ".join(repr(rendering[m.start:m.end]) for m in hits)
                problems.append(f"{entry.location}: {entry.id}: its 'match' finds {found} in its own accepted "
                                f"rendering {rendering!r}: a correct translation would be reported")
    return problems


def pending_pairs(glossary: Glossary) -> list[tuple[Entry, TermExample]]:
    """The example pairs that no check runs: none, since the glossary and term checks run every pair
    (:func:`example_failures`). Kept for callers that report pairs "not run yet"."""
    return []


def example_failures(glossary: Glossary) -> list[str]:
    """Every example that does not behave as declared, as ``file:line: id: example ... expected ...``.

    Text examples run through the matcher; example pairs run as a one-unit document (the pair's source and
    target) through the glossary and term checks: a ``bad`` pair needs a finding with the entry's id, a ``good``
    pair none. Examples run within the same time budget as texts; an example on which a regex runs out of time
    is a failure (and its entry stays disabled in this glossary, which is refused anyway).
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
    failures.extend(_pair_failures(glossary))
    return failures


def _pair_failures(glossary: Glossary) -> list[str]:
    """The example pairs that do not behave as declared (see :func:`example_failures`)."""
    if not any(entry.pairs for entry in glossary.entries):
        return []
    # The checks import this module: imported here, when a glossary with pairs is tested.
    from .checks.glossary import GlossaryCheck
    from .checks.terms import TermCheck
    from .model import Document, Unit
    from .pipeline import analyze_document

    checks = [GlossaryCheck(), TermCheck()]
    matcher = glossary.matcher
    by_code = {entry.code: entry for entry in glossary.entries}
    failures = []
    for entry in glossary.entries:
        for pair in entry.pairs:
            where = f"{entry.file}:{pair.line}: {entry.id}: example pair {pair.source!r} → {pair.target!r}"
            document = Document(where, pair.target, units=(Unit("1", 0, len(pair.target), source=pair.source),))
            seen = len(matcher.timeouts)
            found = analyze_document(document, glossary, checks=checks).findings
            findings = [f for f in found if f.rule == entry.code]
            if len(matcher.timeouts) > seen:
                failures.extend(f"{where}: {timeout.reason}" for timeout in matcher.timeouts[seen:])
            elif pair.kind == "bad" and not findings and not any(_stands_for(f, entry, pair, by_code) for f in found):
                failures.append(f"{where} expected finding, got none")
            elif pair.kind == "good" and findings:
                failures.append(f"{where} expected none, got " + ", ".join(_shown_finding(f, pair) for f in findings))
    return failures


def _stands_for(finding, entry: Entry, pair: TermExample, by_code: dict[str, Entry]) -> bool:
    """Whether another entry's finding reports the error a bad pair of ``entry`` shows: a longer source term
    of another term entry that overlaps this one (中央政治局 in 中央政治局常委), or an error entry about the same
    source term (美国证监会 "US Securities Regulatory Commission" for 证监会). The most specific entry speaks."""
    other = by_code.get(finding.rule)
    if other is None or other is entry:
        return False
    terms = [t for t in entry.source if t in pair.source]
    if finding.source_start is not None:  # a term finding of another entry: its source term overlaps ours
        spans = [(m.start(), m.start() + len(t)) for t in terms for m in re.finditer(re.escape(t), pair.source)]
        return any(s < finding.source_end and finding.source_start < e for s, e in spans)
    return any(term in other_term or other_term in term for term in terms for other_term in other.source)


def _shown_finding(finding, pair: TermExample) -> str:
    """A finding of an example pair in a failure message: its target text, or the source term it is about."""
    if finding.end > finding.start:
        return repr(finding.text)
    return f"{finding.check}: {finding.message}"
