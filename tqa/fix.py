"""Applying suggestions: the safe ones (``autofix``), keeping everything else byte for byte.

A replacement keeps the case of what it replaces: all capitals stay all capitals ("OFFICIAL MICRO-SIGNAL"
→ "OFFICIAL WECHAT ACCOUNT"), a capital first letter stays capital ("New crown" → "COVID-19", "Dabble in" →
"Are involved in"), and otherwise the suggestion is used as written (it keeps its own capitals, "WeChat").
A residue line that is deleted leaves an empty line, so line-aligned files stay aligned with their source
and references. Edits never overlap. Fixing repeats until nothing fixable is left (at most ``MAX_ROUNDS``),
so that ``fix(fix(x)) == fix(x)``: one edit can make another ("the the the" → "the the" → "the").
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from .model import Finding, Severity
from .segment import count_line_breaks, line_bounds

MAX_ROUNDS = 8


@dataclass(frozen=True)
class FixResult:
    """The corrected text, the findings applied (in order, all rounds) and those left for a human."""

    text: str
    applied: tuple[Finding, ...]
    skipped: tuple[Finding, ...]

    @property
    def changed(self) -> bool:
        return bool(self.applied)


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
                   min_severity: Severity | None = None) -> tuple[str, list[Finding], list[Finding]]:
    """One round: apply every fixable finding of ``text``; returns (text, applied, skipped)."""
    rules = set(rules) if rules is not None else None
    applied: list[Finding] = []
    skipped: list[Finding] = []
    pieces: list[str] = []
    position = 0
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if not is_fixable(finding, rules, min_severity):
            skipped.append(finding)
            continue
        if finding.start < position or text[finding.start:finding.end] != finding.text:
            skipped.append(finding)  # overlaps an edit already made, or stale
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
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
        applied.append(finding)
    pieces.append(text[position:])
    return "".join(pieces), applied, skipped


def _line_content(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole line around [start, end) without its line break, when the span is all of its visible text."""
    line_start, line_end = line_bounds(text, start)[0], line_bounds(text, end)[1]
    if text[line_start:start].strip() or text[end:line_end].strip():
        return start, end
    return line_start, line_end


def fix(text: str, glossary=None, *, rules: Iterable[str] | None = None, min_severity: Severity | str | None = None,
        checks=None) -> FixResult:
    """Apply the safe suggestions of every check to ``text`` (see the module docstring)."""
    from .analysis import analyze
    from .glossary import Glossary, load_glossary

    if glossary is not None and not isinstance(glossary, Glossary):
        glossary = load_glossary(glossary)
    if isinstance(min_severity, str):
        min_severity = Severity.parse(min_severity)
    applied: list[Finding] = []
    skipped: list[Finding] = []
    current = text
    for _ in range(MAX_ROUNDS):
        result = analyze(current, glossary, checks=checks)
        current, done, left = apply_findings(current, result.findings, rules=rules, min_severity=min_severity)
        applied.extend(done)
        skipped = left
        if not done:
            break
    return FixResult(current, tuple(applied), tuple(skipped))


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
