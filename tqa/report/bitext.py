"""What the reports need to know about units: which unit a finding is in, the part of the unit's source a
finding points at, and whether a document's units are more than the lines of a plain text.

Only facts, no formatting: each renderer shows them its own way.
"""

from __future__ import annotations

import bisect
from typing import Sequence

from ..model import DocumentResult, Finding, Unit


def is_bilingual(result: DocumentResult) -> bool:
    """A document with units, one of them at least with a source: its reports show source beside target."""
    return result.units is not None and any(unit.source is not None for unit in result.units)


def names_units(units: Sequence[Unit] | None) -> bool:
    """Whether a finding's location should name its unit: yes for the units of a bilingual file (XLIFF ids,
    TMX or TSV rows), no for plain text, with or without ``--source``, whose unit *n* is line *n* (the location
    already says it)."""
    if units is None:
        return False
    return any(unit.id != str(number) or unit.line != number for number, unit in enumerate(units, 1))


def file_line(unit: Unit | None, name_units: bool) -> int | None:
    """The line of the input file that a finding in ``unit`` is reported at by the reports read as
    ``file:line`` (text, concise, GitHub annotations, SARIF): for an XLIFF, TMX, PO or TSV file (``name_units``,
    :func:`names_units`), the line where the unit starts in it; None when the finding's own line and column are
    already the file's (plain text, with or without ``--source``) or the reader did not know the unit's line
    (the finding's line is then the unit's place among the units, and the report names the unit)."""
    if not name_units or unit is None or unit.line <= 0:
        return None
    return unit.line


class UnitIndex:
    """The units of one document, found by id or by offset (a finding carries its unit's id; a finding made
    by a check that did not set it is found by where it starts)."""

    def __init__(self, units: Sequence[Unit]):
        self.units = tuple(units)
        self._starts = [unit.start for unit in self.units]
        self._by_id = {unit.id: number for number, unit in enumerate(self.units)}

    def position(self, finding: Finding) -> int:
        """The index of the unit ``finding`` belongs to (0 when the document has one unit or the finding
        starts before the first)."""
        number = self._by_id.get(finding.unit)
        if number is not None:
            unit = self.units[number]
            if unit.start <= finding.start <= unit.end:
                return number
        return max(bisect.bisect_right(self._starts, finding.start) - 1, 0)

    def unit_of(self, finding: Finding) -> Unit | None:
        return self.units[self.position(finding)] if self.units else None


def source_span(finding: Finding, unit: Unit | None) -> tuple[int, int] | None:
    """The finding's span in the unit's source, kept inside the source (a check may be wrong; a report must
    not fail), or None when the finding has no source span or the unit no source."""
    if unit is None or unit.source is None or finding.source_start is None:
        return None
    size = len(unit.source)
    start = min(max(finding.source_start, 0), size)
    end = finding.source_end if finding.source_end is not None else start
    return start, min(max(end, start), size)


def empty_span_label(finding: Finding) -> str:
    """What an empty target span stands for, in a word: "source" for a finding about the unit's source (an
    omitted term), "document" for one about the whole document (an empty span at its start, as the language
    check makes), "here" for any other point in the text. Empty for a span that is not empty."""
    if finding.end > finding.start:
        return ""
    if finding.source_start is not None:
        return "source"
    return "document" if finding.start == 0 else "here"
