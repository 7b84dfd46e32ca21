"""Applying suggestions: the safe ones (``autofix``), keeping everything else byte for byte.

A replacement keeps the case of what it replaces: all capitals stay all capitals ("OFFICIAL MICRO-SIGNAL"
→ "OFFICIAL WECHAT ACCOUNT"), a capital first letter stays capital ("New crown" → "COVID-19", "Dabble in" →
"Are involved in"), and otherwise the suggestion is used as written (it keeps its own capitals, "WeChat").
A residue line that is deleted leaves an empty line, so line-aligned files stay aligned with their source
and references. Edits never overlap. Fixing repeats until nothing fixable is left (at most ``MAX_ROUNDS``),
so that ``fix(fix(x)) == fix(x)``: one edit can make another ("the the the" → "the the" → "the").
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from .model import Document, Finding, Severity
from .segment import count_line_breaks, line_bounds

if TYPE_CHECKING:  # pragma: no cover
    from .readers.base import UnitText

MAX_ROUNDS = 8


@dataclass(frozen=True)
class FixResult:
    """The corrected text, the findings applied (in order, all rounds) and those left for a human; for a
    document of units, ``document`` is the fixed document (its units and their tags moved with the edits)."""

    text: str
    applied: tuple[Finding, ...]
    skipped: tuple[Finding, ...]
    document: Document | None = None

    @property
    def changed(self) -> bool:
        return bool(self.applied)

    def changed_units(self, original: Document) -> dict[str, "UnitText"]:
        """Each unit of ``original`` whose target (or the place of its tags) the fix changed, by id: its new
        target and tags, as a reader's ``write_back`` takes them."""
        from .readers.base import UnitText

        if self.document is None or not self.document.units or not original.units:
            return {}
        changed = {}
        for before, after in zip(original.units, self.document.units):
            new_target = self.text[after.start:after.end]
            if new_target != original.text[before.start:before.end] or after.tags != before.tags:
                changed[after.id] = UnitText(after.id, new_target, after.source, after.state, after.note,
                                             after.line, after.tags, after.source_tags)
        return changed


def match_case(original: str, replacement: str) -> str:
    """``replacement`` in the case of ``original`` (see the module docstring)."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters) and replacement:
        return replacement.upper()
    if letters and original.lstrip()[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def is_fixable(finding: Finding, rules: Iterable[str] | None = None, min_severity: Severity | None = None) -> bool:
    if not finding.autofix:
        return False
    if rules is not None and finding.rule not in rules:
        return False
    if min_severity is not None and finding.severity < min_severity:
        return False
    return True


def apply_findings(text: str, findings: Sequence[Finding], *, rules: Iterable[str] | None = None,
                   min_severity: Severity | None = None,
                   protected: Sequence[int] = ()) -> tuple[str, list[Finding], list[Finding]]:
    """One round: apply every fixable finding of ``text``; returns (text, applied, skipped)."""
    edits, applied, skipped = plan_edits(text, findings, rules=rules, min_severity=min_severity,
                                         protected=protected)
    return apply_edits(text, edits), applied, skipped


Edit = tuple[int, int, str]  # replace text[start:end] with the string


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` (sorted, not overlapping) made."""
    pieces: list[str] = []
    position = 0
    for start, end, replacement in edits:
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


class Moved:
    """Where an offset of the text before ``edits`` (sorted, not overlapping, none empty) is in the text after
    them: an offset at the start of an edit stays before its replacement, one at its end (or later) follows it.
    No edit holds a moved offset strictly inside it (tags are protected, units are separated by line breaks)."""

    def __init__(self, edits: Sequence[Edit]):
        self.ends = [end for _, end, _ in edits]
        self.shifts = [0]
        for start, end, replacement in edits:
            self.shifts.append(self.shifts[-1] + len(replacement) - (end - start))

    def __call__(self, offset: int) -> int:
        return offset + self.shifts[bisect.bisect_right(self.ends, offset)]


def plan_edits(text: str, findings: Sequence[Finding], *, rules: Iterable[str] | None = None,
               min_severity: Severity | None = None,
               protected: Sequence[int] = ()) -> tuple[list[Edit], list[Finding], list[Finding]]:
    """The edits one round makes: (edits, findings applied, findings skipped). A finding is skipped when it is
    not fixable, overlaps an edit already planned, is stale, would add or remove a line break, or would change
    the text across one of the ``protected`` offsets (where an inline tag stands)."""
    rules = set(rules) if rules is not None else None
    protected = sorted(protected)
    applied: list[Finding] = []
    skipped: list[Finding] = []
    edits: list[Edit] = []
    position = 0
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if not is_fixable(finding, rules, min_severity):
            skipped.append(finding)
            continue
        if finding.start < position or text[finding.start:finding.end] != finding.text:
            skipped.append(finding)  # overlaps an edit already made, or stale
            continue
        if _holds_protected(protected, finding.start, finding.end):
            skipped.append(finding)  # a tag inside: replacing the text would lose it or move it
            continue
        if count_line_breaks(finding.text) != count_line_breaks(finding.suggestion):
            skipped.append(finding)  # joining or splitting lines would break line-aligned files
            continue
        start, end = finding.start, finding.end
        replacement = match_case(finding.text, finding.suggestion)
        if not finding.suggestion:
            start, end = _line_content(text, start, end)  # a deleted residue line stays as an empty line
            if start < position:
                skipped.append(finding)
                continue
            if end == len(text) and (start == 0 or text[start - 1] in "\r\n"):
                # Emptying the last line of a file without a final newline: end the file with a line break
                # so that the empty line still counts (the file keeps its number of lines).
                if start == 0:
                    replacement = "\n"
                else:
                    replacement = "\r\n" if text[max(0, start - 2):start] == "\r\n" else text[start - 1]
            if _holds_protected(protected, start, end):
                skipped.append(finding)
                continue
        edits.append((start, end, replacement))
        position = end
        applied.append(finding)
    return edits, applied, skipped


def _holds_protected(protected: Sequence[int], start: int, end: int) -> bool:
    i = bisect.bisect_right(protected, start)
    return i < len(protected) and protected[i] < end


def _line_content(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole line around [start, end) without its line break, when the span is all of its visible text."""
    line_start, line_end = line_bounds(text, start)[0], line_bounds(text, end)[1]
    if text[line_start:start].strip() or text[end:line_end].strip():
        return start, end
    return line_start, line_end


def fix(text: str, glossary=None, *, rules: Iterable[str] | None = None, min_severity: Severity | str | None = None,
        checks=None) -> FixResult:
    """Apply the safe suggestions of every check to ``text`` (see the module docstring)."""
    return fix_document(Document("<text>", text), glossary, rules=rules, min_severity=min_severity, checks=checks)


def fix_document(document: Document, glossary=None, *, rules: Iterable[str] | None = None,
                 min_severity: Severity | str | None = None, checks=None,
                 target_lang: str | None = None) -> FixResult:
    """Apply the safe suggestions of every check to ``document``. For a document of units, the units and their
    tags move with the edits (``FixResult.document``); no edit changes the text across a tag."""
    from .analysis import resolve_glossary
    from .pipeline import analyze_document

    glossary = resolve_glossary(glossary)
    if isinstance(min_severity, str):
        min_severity = Severity.parse(min_severity)
    applied: list[Finding] = []
    skipped: list[Finding] = []
    current = document
    for _ in range(MAX_ROUNDS):
        result = analyze_document(current, glossary, checks=checks, target_lang=target_lang)
        tags = [unit.start + offset for unit in current.units or () for offset, _ in unit.tags]
        edits, done, left = plan_edits(current.text, result.findings, rules=rules, min_severity=min_severity,
                                       protected=tags)
        applied.extend(done)
        skipped = left
        if not done:
            break
        current = _edited(current, edits)
    return FixResult(current.text, tuple(applied), tuple(skipped), current if current.units else None)


def _edited(document: Document, edits: Sequence[Edit]) -> Document:
    """``document`` with ``edits`` made, its units and their tags moved along."""
    from dataclasses import replace

    text = apply_edits(document.text, edits)
    if not document.units:
        return replace(document, text=text)
    moved = Moved(edits)
    units = []
    for unit in document.units:
        start, end = moved(unit.start), moved(unit.end)
        tags = tuple((moved(unit.start + offset) - start, label) for offset, label in unit.tags)
        units.append(replace(unit, start=start, end=end, tags=tags))
    return replace(document, text=text, units=tuple(units))


def diff_lines(text: str) -> list[str]:
    """``text`` cut into lines as ``patch`` and ``diff`` see them: after each "\\n" only.

    Not ``str.splitlines``, which also breaks at U+2028, U+0085, form feeds…: a diff cut there has lines that
    are not lines of the file, and ``patch`` rejects it. A lone "\\r" (old Mac line ends) is not a break either:
    ``patch`` reads up to "\\n", so a hunk cut at "\\r" could never apply. "\\r\\n" ends a line with its "\\r".
    """
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def unified_diff(before: str, after: str, name: str) -> Iterator[str]:
    """The unified diff that turns ``before`` into ``after``, for ``patch -p0`` run where ``name`` is found.

    A last line without a line break is followed by the "\\ No newline at end of file" marker, as diff writes it.
    """
    for line in difflib.unified_diff(diff_lines(before), diff_lines(after), fromfile=name, tofile=f"{name} (fixed)"):
        yield line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
