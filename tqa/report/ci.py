"""What the reports for CI (SARIF, GitHub annotations, concise lines, ``--statistics``) share: the level of a
severity, what a finding says on one line, which findings ``tqa fix`` would apply, where an offset is in
UTF-16 columns, a fingerprint that survives edits elsewhere, and the closing summary lines.

Only facts and small strings; each renderer lays them out its own way.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from typing import TYPE_CHECKING, Iterator, Sequence

from ..model import DocumentResult, Finding, Severity
from ..segment import LINE_BREAK, count_line_breaks
from . import action, display
from .bitext import UnitIndex, file_line, names_units

if TYPE_CHECKING:  # pragma: no cover
    from ..edits import Edit
    from ..scoring import CorpusScore
    from ..stream import StreamWindow
    from . import RunInfo

#: SARIF's and GitHub's level of each severity. Critical and major are errors: they change what the text says,
#: and they are what ``--fail-on``'s default fails on, so the annotations that fail a build are the red ones;
#: a minor finding (style, punctuation) is a warning. SARIF's ``note`` (GitHub's ``notice``), "not a problem",
#: is left for nothing: every finding is a problem somebody should look at.
LEVELS = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}

_SPACES = re.compile(r"\s+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: How many words on each side of a span go into its fingerprint.
CONTEXT_WORDS = 3


def level(severity: Severity) -> str:
    return LEVELS[severity]


def one_line(text: str) -> str:
    """``text`` on one line: each run of white space (line breaks too) one space; a space at either end kept,
    since a suggestion may hold one ("】" → "] ")."""
    return display(_SPACES.sub(" ", text))


def quoted(text: str) -> str:
    return f'"{one_line(text)}"'


def flagged(finding: Finding, source: str | None = None) -> str:
    """What a finding flags, quoted: its text; for a finding about the unit's source (an omitted term), the
    source span (``source "官方微信号"``); for one about the whole document, ``(document)``."""
    if finding.text.strip():
        return quoted(finding.text)
    if finding.text:
        return repr(finding.text)  # white space alone: a doubled space, a stray tab
    if source is not None and finding.source_start is not None:
        start = min(max(finding.source_start, 0), len(source))
        end = min(max(finding.source_end if finding.source_end is not None else start, start), len(source))
        if end > start:
            return f"source {quoted(source[start:end])}"
        return "(source)"
    return "(document)" if finding.start == 0 else "(here)"


def proposal(finding: Finding) -> str:
    """The suggestion, quoted, or what to do when there is none: ``(delete)``, ``(translate)``, ``(review)``."""
    if finding.suggestion:
        return quoted(finding.suggestion) if finding.suggestion.strip() else repr(finding.suggestion)
    return f"({action(finding)})"


def headline(finding: Finding, source: str | None = None) -> str:
    """``"official micro-signal" → "official WeChat account"``: the flagged text and what to put instead."""
    return f"{flagged(finding, source)} → {proposal(finding)}"


def headlined(result: DocumentResult) -> Iterator[tuple[Finding, str, str, bool, int | None]]:
    """Each finding of ``result`` with its headline (quoting its unit's source where the finding is about it),
    the unit it is in when the units are not the file's lines (``" [unit tu-7]"``, else ``""``), whether a
    safe fix is planned for it, and the line of the file its unit starts at when the finding's own line is not
    the file's (:func:`tqa.report.bitext.file_line`, else None): what every one-line-per-finding format says."""
    fixes = planned_fixes(result)
    units = UnitIndex(result.units) if result.units else None
    name_units = names_units(result.units)
    for finding in result.findings:
        unit = units.unit_of(finding) if units is not None else None
        where = f" [unit {display(finding.unit)}]" if name_units and finding.unit else ""
        yield (finding, headline(finding, unit.source if unit is not None else None), where, id(finding) in fixes,
               file_line(unit, name_units))


def headlined_window(window: "StreamWindow") -> Iterator[tuple[Finding, str, str, bool, int | None]]:
    """:func:`headlined` for a window of a plain-text document read in a stream."""
    fixes = planned_fixes_in_window(window)
    for finding in window.findings:
        yield finding, headline(finding), "", id(finding) in fixes, None


def lines_are_the_files(result: DocumentResult) -> bool:
    """Whether a finding's line and column are a place in the input file: yes for plain text (with or without
    ``--source``: unit *n* is line *n*), no for XLIFF, TMX, PO and TSV, whose document text is the units'
    targets one after the other (line *n* of it is the *n*-th unit, somewhere inside the XML)."""
    return not names_units(result.units)


def tag_offsets(result: DocumentResult) -> list[int]:
    """Where inline tags stand in the document text: no fix changes the text across one."""
    return [unit.start + offset for unit in result.units or () for offset, _ in unit.tags]


def planned_fixes(result: DocumentResult) -> dict[int, "Edit"]:
    """The edit ``tqa fix``'s first round makes for each finding it applies, by ``id(finding)``: an autofix-safe
    finding that overlaps no earlier one, holds no tag and adds or removes no line break. A deletion (page
    residue) empties its line, as ``tqa fix`` does."""
    from ..fix import plan_edits

    if not any(finding.autofix for finding in result.findings):
        return {}
    edits, applied, _ = plan_edits(result.text, result.findings, protected=tag_offsets(result))
    return {id(finding): edit for finding, edit in zip(applied, edits)}


def planned_fixes_in_window(window: "StreamWindow") -> dict[int, "Edit"]:
    """:func:`planned_fixes` for a window of a plain-text document read in a stream: what the plan of the
    document read whole has for the window's findings, edits in the document's offsets. The plan is made over
    the window's text (its whole lines and the lines after them: no finding, and no line a deletion empties,
    crosses into the next window, and the line break after an emptied line is there to see; plain text has no
    tags). Only autofix-safe findings take part in a plan (the others are passed over), so they alone are moved
    into the text's offsets."""
    from ..fix import plan_edits
    from ..model import shifted

    safe = [finding for finding in window.findings if finding.autofix]
    if not safe:
        return {}
    base = window.start
    moved = shifted(safe, base)
    edits, applied, _ = plan_edits(window.text, moved)
    by_moved = {id(finding): (start + base, end + base, replacement)
                for finding, (start, end, replacement) in zip(applied, edits)}
    return {id(finding): by_moved[id(there)] for finding, there in zip(safe, moved) if id(there) in by_moved}


class Positions:
    """Lines and columns of offsets into one document's text, found from a finding's own ``line`` and ``column``
    (where its line starts) rather than from an index of every line, so that a report costs time by its
    findings, not by its text. Lines are 1-based (a line ends at ``\\n``, ``\\r\\n`` or a lone ``\\r``, as
    everywhere in tqa); columns are 1-based and count characters (code points, as the findings' ``column``) or
    UTF-16 code units (SARIF's default: a character outside the Basic Multilingual Plane, an emoji, is two)."""

    def __init__(self, text: str, base: int = 0):
        self.text = text
        self.base = base  # the document offset ``text`` starts at (a window of a stream: whole lines)
        # Characters outside the BMP are looked for once in the text (most documents have none), then line by
        # line, only in the lines a report points into.
        self.any_astral = _ASTRAL.search(text) is not None
        self._astral: dict[int, list[int]] = {}  # line start -> offsets of its characters outside the BMP

    def place(self, finding: Finding, offset: int) -> tuple[int, int]:
        """(line, line start) of ``offset``, at or after the start of the line ``finding`` starts on."""
        line, line_start = finding.line, finding.start - finding.column + 1
        if offset <= finding.start:
            return line, line_start
        at = offset - self.base
        if self.text[at - 1] == "\r" and self.text[at:at + 1] == "\n":
            return self.place(finding, offset - 1)  # inside a \r\n: still the line the \r ends
        between = self.text[finding.start - self.base:at]
        if "\n" in between or "\r" in between:
            line += count_line_breaks(between)
            line_start = finding.start + max(between.rfind("\n"), between.rfind("\r")) + 1
        return line, line_start

    def column(self, line_start: int, offset: int) -> int:
        return offset - line_start + 1

    def utf16_column(self, line_start: int, offset: int) -> int:
        if not self.any_astral:
            return offset - line_start + 1
        astral = self._astral.get(line_start)
        if astral is None:
            start = line_start - self.base
            match = LINE_BREAK.search(self.text, start)
            line_end = match.start() if match else len(self.text)
            astral = self._astral[line_start] = [m.start() + self.base
                                                 for m in _ASTRAL.finditer(self.text, start, line_end)]
        return offset - line_start + bisect.bisect_left(astral, offset) + 1


def fingerprint(text: str, finding: Finding, line_start: int, source: str | None = None, base: int = 0) -> str:
    """A hash of the rule, the flagged text and up to three words (white-space separated) on each side within its
    line (case and spacing ignored): it stays the same when lines are added or removed elsewhere, so that GitHub code
    scanning tracks one finding across edits, and changes when the words around it do. (``text`` starts at the
    document's offset ``base``: a window of whole lines.)"""
    left = text[max(line_start, finding.start - 60) - base:finding.start - base]
    right = text[finding.end - base:finding.end - base + 60]
    match = LINE_BREAK.search(right)
    if match:
        right = right[:match.start()]
    before = left.split()[-CONTEXT_WORDS:]
    after = right.split()[:CONTEXT_WORDS]
    flagged_text = finding.text if finding.text or source is None else flagged(finding, source)
    parts = [finding.rule, " ".join(flagged_text.split()).lower(), " ".join(before).lower(),
             " ".join(after).lower()]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:32]


class Tally:
    """What a report of one line per finding (concise, github) counts as it goes, for its closing lines."""

    def __init__(self) -> None:
        self.findings = 0
        self.fixable = 0
        self.severities: dict[Severity, int] = {}

    def add(self, findings: Sequence[Finding], fixable: int) -> None:
        """Count a document's findings, ``fixable`` of which ``tqa fix`` would apply."""
        self.findings += len(findings)
        self.fixable += fixable
        for finding in findings:
            self.severities[finding.severity] = self.severities.get(finding.severity, 0) + 1

    def summary(self, corpus: "CorpusScore", info: "RunInfo") -> list[str]:
        """The closing lines (left out with ``--quiet``): how many findings, how many ``tqa fix`` would apply, the
        score and the signature."""
        counts = ", ".join(f"{self.severities.get(s, 0)} {s}" for s in sorted(Severity, reverse=True))
        documents = f"{corpus.documents} document{'s' if corpus.documents != 1 else ''}"
        lines = [f"Found {self.findings} finding{'s' if self.findings != 1 else ''} ({counts}) in {documents}."]
        if self.fixable:
            lines.append(f"[*] {self.fixable} fixable with `tqa fix`.")
        lines.append(f"score {corpus.score:.1f} (penalty {corpus.penalty:g} over {corpus.words:,} words, "
                     f"{corpus.penalty_per_kword:.1f} per 1,000 words)")
        lines.append(f"signature: {info.signature()}")
        return lines
