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

from .errors import TqaError
from .edits import Edit, Moved, apply_edits
from .model import Document, Finding, Severity
from .segment import count_line_breaks, line_bounds

if TYPE_CHECKING:  # pragma: no cover
    from .readers.base import ReadOptions, UnitText
    from .writeback import TextEncoding

MAX_ROUNDS = 8


@dataclass(frozen=True)
class FixResult:
    """The corrected text, the findings applied (in order, all rounds) and those left for a human; for a
    document of units, ``document`` is the fixed document (its units and their tags moved with the edits);
    the findings suppression silenced, which no fix touches (as found in the last round)."""

    text: str
    applied: tuple[Finding, ...]
    skipped: tuple[Finding, ...]
    document: Document | None = None
    suppressed: tuple[Finding, ...] = ()  # left alone: the user silenced them (tqa.suppression)

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
                                             after.line, after.tags, after.source_tags, after.comments)
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
            elif start > 0 and text[start - 1] == "\r" and end < len(text) and text[end] == "\n":
                # Between a lone "\r" and its own "\n" an empty line cannot stand: they would read as one
                # "\r\n" and the file would lose a line. The emptied line ends like the one before it, or
                # with "\r\n" where a "\n" follows (a lone "\r" there would join it in turn).
                following_newline = end + 1 < len(text) and text[end + 1] == "\n"
                end, replacement = end + 1, "\r\n" if following_newline else "\r"
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
                 target_lang: str | None = None, policy=None, suppression=None) -> FixResult:
    """Apply the safe suggestions of every check to ``document``. For a document of units, the units and their
    tags move with the edits (``FixResult.document``); no edit changes the text across a tag.

    ``suppression`` (:meth:`tqa.suppression.Suppression.for_document`): the findings it silences are never
    fixed, since the user rejected them. A finding silenced in one round stays silenced in the next, where
    the edits have moved it, even if an edit beside it changed the words a baseline recognises it by.
    """
    from .analysis import resolve_glossary
    from .pipeline import analyze_document

    glossary = resolve_glossary(glossary)
    if isinstance(min_severity, str):
        min_severity = Severity.parse(min_severity)
    applied: list[Finding] = []
    skipped: list[Finding] = []
    silenced: list[Finding] = []
    rejected: dict[tuple[str, int, int], str] = {}  # (rule, start, end) in the current text -> why
    current = document
    for _ in range(MAX_ROUNDS):
        result = analyze_document(current, glossary, checks=checks, target_lang=target_lang, policy=policy,
                                  suppression=suppression)
        findings, silenced = _still_rejected(result.findings, list(result.suppressed), rejected)
        rejected = {(f.rule, f.start, f.end): f.suppressed for f in silenced}
        tags = [unit.start + offset for unit in current.units or () for offset, _ in unit.tags]
        edits, done, left = plan_edits(current.text, findings, rules=rules, min_severity=min_severity,
                                       protected=tags)
        applied.extend(done)
        skipped = left
        if not done:
            break
        current = edited(current, edits)
        moved = Moved(edits)
        rejected = {(rule, moved(start), moved(end)): why for (rule, start, end), why in rejected.items()}
    return FixResult(current.text, tuple(applied), tuple(skipped), current if current.units else None,
                     tuple(silenced))


def _still_rejected(findings: Sequence[Finding], suppressed: list[Finding],
                    rejected: dict[tuple[str, int, int], str]) -> tuple[list[Finding], list[Finding]]:
    """(findings to fix, findings silenced): a finding at the place (moved by the edits) of one silenced in an
    earlier round is silenced again, with the same reason."""
    from dataclasses import replace

    if not rejected:
        return list(findings), suppressed
    kept = []
    for finding in findings:
        why = rejected.get((finding.rule, finding.start, finding.end))
        if why is None:
            kept.append(finding)
        else:
            suppressed.append(replace(finding, suppressed=why))
    return kept, suppressed


def edited(document: Document, edits: Sequence[Edit]) -> Document:
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


@dataclass(frozen=True)
class FileFix:
    """A file fixed: its bytes before and after, the fix, and for plain text the text before it and the
    encoding the fixed text is written in (the input's, with its BOM, unless another was asked for)."""

    name: str
    original: bytes
    fixed: bytes
    result: FixResult
    format: str
    text_before: str = ""
    encoding: "TextEncoding | None" = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def fix_file(path: str, *, data: bytes | None = None, glossary=None, input_format: str | None = None,
             options: "ReadOptions | None" = None, rules: Iterable[str] | None = None,
             min_severity: Severity | str | None = None, checks=None, target_lang: str | None = None,
             output_encoding: str | None = None, policy=None, suppression=None) -> FileFix:
    """Read ``path`` (or ``data``, its bytes, shown as ``path``) in its format, apply the safe suggestions, and
    give the fixed file's bytes: plain text in the encoding and BOM it was read in (``output_encoding`` to write
    another); a bilingual file written back by its reader, every unit the fix did not change as it was.

    ``suppression`` is a :class:`tqa.suppression.Suppression`: the findings it silences (inline comments, an
    ignore file, a baseline) are left alone.

    Refused (``TqaError``, nothing to write): a plain text that would not be written back byte for byte in the
    encoding it was read in, a fix the encoding cannot hold (naming its rule and line), a format tqa cannot
    write back, an inline comment naming an unknown rule.
    """
    from .inputs import Source, decode, read_bytes
    from .readers import ReadOptions, reader_for
    from .writeback import TextEncoding

    source = Source(path)
    name = source.name
    if data is None:
        data = read_bytes(source)
    options = options or ReadOptions()
    reader = reader_for(path, input_format)
    if reader.name != "text":
        if output_encoding:
            raise TqaError(f"--output-encoding is for plain text; a {reader.name} file is written in its own "
                           "encoding")
        if not reader.writes_back:
            raise TqaError(f"{name}: tqa fix cannot write {reader.name} files back")
        document = reader.read(name, data, options)
        result = fix_document(document, glossary, rules=rules, min_severity=min_severity, checks=checks,
                              target_lang=target_lang, policy=policy,
                              suppression=_for(suppression, document, source))
        changed = result.changed_units(document)
        fixed = reader.write_back(name, data, document, changed, options) if changed else data
        return FileFix(name, data, fixed, result, reader.name)
    text, _, encoding_read = decode(name, data, options.encoding)
    in_encoding = TextEncoding.of_input(data, encoding_read)
    if not in_encoding.round_trips(text, data):
        raise TqaError(f"{name}: read as {in_encoding.name}, it would not be written back byte for byte; nothing "
                       f"written (give the file's encoding with --encoding)")
    document = reader.read(name, data, options) if options.source else Document(name, text)
    result = fix_document(document, glossary, rules=rules, min_severity=min_severity, checks=checks,
                          target_lang=target_lang, policy=policy, suppression=_for(suppression, document, source))
    out_encoding = TextEncoding.named(output_encoding) if output_encoding else in_encoding
    return FileFix(name, data, encode_fixed(result, out_encoding, name), result, "text", text, out_encoding)


def _for(suppression, document: Document, source):
    """The layers of ``suppression`` (a :class:`tqa.suppression.Suppression`, or None) for one document."""
    if suppression is None:
        return None
    return suppression.for_document(document, None if source.is_stdin else source.path)


def encode_fixed(result: FixResult, encoding: "TextEncoding", name: str) -> bytes:
    """The fixed text in ``encoding``; a character it cannot hold is refused, naming the fix that wrote it."""
    import re

    try:
        return encoding.encode(result.text)
    except UnicodeEncodeError as exc:
        character = exc.object[exc.start:exc.end]
        line = len(re.findall(r"\r\n|\r|\n", exc.object[:exc.start])) + 1
        culprits = [f for f in result.applied if character in match_case(f.text, f.suggestion)]
        culprit = next((f for f in culprits if f.line == line), culprits[0] if culprits else None)
        hint = "(--output-encoding utf-8 writes the fixed text in UTF-8)"
        if culprit is None:  # the text itself: only when it is written in another encoding than it was read in
            raise TqaError(f"{name}:{line}: {character!r} cannot be written in {encoding.name}; nothing written "
                           f"{hint}") from None
        raise TqaError(f"{name}:{line}: the fix of rule {culprit.rule} writes {character!r}, which "
                       f"{encoding.name} cannot hold; nothing written {hint}") from None


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
