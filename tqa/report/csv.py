"""CSV: one row per finding, columns as DESIGN.md lists them; written document by document. With
``--show-suppressed`` the suppressed findings follow each document's others, and a last column ``suppressed``
says why (empty for a finding reported); without it the columns are the same as ever."""

from __future__ import annotations

import bisect
import csv
from operator import itemgetter
from typing import TYPE_CHECKING, Iterator, NamedTuple, TextIO

from ..model import FINDING_COLUMNS, DocumentResult
from .tables import FORMULA_PREFIXES, neutralise
from .base import Renderer, RenderOptions

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Severity


class CsvRenderer(Renderer):
    name = "csv"
    description = "one row per finding, the columns of the README's table"
    extensions = (".csv",)
    spreadsheet = True
    streams = True

    def __init__(self, stream: TextIO, info, options: RenderOptions = RenderOptions()):
        super().__init__(stream, info, options)
        self.raw = options.raw_csv
        self.header_written = False
        # Rows end with CRLF (RFC 4180); that also makes the csv writer quote a cell holding a lone CR. The csv
        # module writes what ``result.to_frame().to_csv(index=False)`` would (pandas uses it too), without
        # building a DataFrame per document: on a corpus that was a tenth of the run.
        self.writer = csv.writer(stream, lineterminator="\r\n")

    def document(self, result: DocumentResult) -> None:
        self.write_rows(self.rows(result))

    def window(self, window) -> None:
        self.write_rows(_rows(window.findings, self.raw))

    def rows(self, result: DocumentResult) -> str:
        """The rows of ``result``'s findings as the report holds them (no header): what a pool's worker writes
        for the main process to copy into the report (:attr:`tqa.parallel.RunState.render`)."""
        if self.options.show_suppressed:
            rows = [(*f.row(), f.suppressed) for f in result.findings + result.suppressed]
            if not self.raw:
                rows = _neutralised(rows)
            return csv_lines(rows)
        return _rows(result.findings, self.raw)

    def placeable_rows(self, findings, segment_starts: list[int], offset: int = 0,
                       line_offset: int = 0) -> tuple[str, list[tuple]]:
        """One window's ``findings`` as :class:`Row` pieces, in the window's own coordinates (``offset`` and
        ``line_offset``: where the window starts, when the findings were made in the document's), which
        :func:`placed_rows` puts in place once what comes before the window is known; and the document's cell.
        ``segment_starts``: where the window's segments start (window offsets). The pieces are plain tuples in
        Row's order (:func:`named_rows` names them): a worker sends them, and a named tuple pickles through a Python
        call per row, ten times what its fields cost."""
        if not findings:
            return "", []
        bisect_right = bisect.bisect_right
        records = []
        for f, (head, _, middle, unit, rest) in zip(findings, _pieces(findings, self.raw, numbers=False)):
            start = f.start - offset
            records.append((start, f.end - offset, f.rule, f.severity, f.penalty, bisect_right(segment_starts, start),
                            f.line - line_offset, f.column, middle, None if unit == str(f.line) else unit, rest))
        return head, records

    def doc_cell(self, doc: str) -> str:
        """The ``doc`` cell of a document's rows."""
        return _joined(_neutralised([(doc,)])[0] if not self.raw else (doc,))

    def write_rows(self, text: str) -> None:
        """Write rows made by :meth:`rows`, after the header if it is not written yet."""
        if not self.header_written:
            with_suppressed = self.options.show_suppressed
            self.writer.writerow([*FINDING_COLUMNS, "suppressed"] if with_suppressed else FINDING_COLUMNS)
            self.header_written = True
        self.stream.write(text)


def _rows(findings, raw: bool) -> str:
    """The CSV rows of ``findings`` (the report's columns, no ``suppressed``)."""
    return "".join([f"{head},{numbers},{middle},{unit},{rest}\r\n"
                    for head, numbers, middle, unit, rest in _pieces(findings, raw)])


def _pieces(findings, raw: bool, numbers: bool = True) -> Iterator[tuple[str, str, str, str, str]]:
    """The CSV cells of each finding, as :func:`csv_lines` writes ``finding.row()`` (neutralised unless ``raw``),
    in pieces: the document's cell, the five numbers (segment to end; "" unless ``numbers``: a window's rows get
    theirs when placed), the cells from text to message, the unit's cell and the last two (the source span). Made
    from the finding's fields, without its row: the cells a rule's hits share are made once for all of them, and
    only the cells that vary are tested for formulas."""
    neutral = _unchanged if raw else neutralise
    shared: dict[tuple, str] = {}
    docs: dict[str, str] = {}
    for f in findings:
        doc, penalty = f.doc, f.penalty
        head = docs.get(doc)
        if head is None:
            head = docs[doc] = _cell(neutral(doc))
        key = (f.suggestion, f.rule, f.check, f.category, f.severity, penalty, penalty.__class__, f.message)
        tail = shared.get(key)
        if tail is None:
            tail = shared[key] = _joined([neutral(c) for c in (f.suggestion, f.rule, f.check, f.category,
                                                                str(f.severity), penalty, f.message)])
        cells = ""
        if numbers:
            cells = (f.segment, f.line, f.column, f.start, f.end)
            cells = "{},{},{},{},{}".format(*cells) if set(map(type, cells)) == _INTEGERS else _joined(cells)
        source_start, source_end = f.source_start, f.source_end
        rest = "," if source_start is None and source_end is None else _joined((source_start, source_end))
        text, unit = f.text, f.unit
        if not raw:  # neutralise, inline (a call per cell cost more than the test)
            if text.startswith(FORMULA_PREFIXES):
                text = "'" + text
            if unit.startswith(FORMULA_PREFIXES):
                unit = "'" + unit
        yield head, cells, _cell(text) + "," + tail, _cell(unit), rest


def _unchanged(value):
    return value


def csv_lines(rows: list) -> str:
    """What ``csv.writer(…, lineterminator="\r\n").writerows(rows)`` writes (the csv module's minimal quoting): a
    row's cells joined with commas (None an empty cell, numbers as the csv module writes them), the cells holding a
    comma, a quotation mark or a line break quoted, their quotation marks doubled. Joining the cells here took
    half the time of the csv module; in a finding's row, the cells from suggestion to message, the same for every
    hit of a rule, are joined once for all."""
    after_text: dict[tuple, str] = {}
    doc_cells: dict = {}
    lines = []
    append = lines.append
    for row in rows:
        if len(row) > 14:
            cells = row[7:14]
            key = (*cells, *map(type, cells))  # typed: 1, 1.0 and True are equal keys but different cells
            tail = after_text.get(key)
            if tail is None:
                tail = after_text[key] = _joined(cells)
            doc = row[0]
            first = doc_cells.get(doc) if doc.__class__ is str else None
            if first is None:
                first = doc_cells[doc] = _joined(row[:1])
            numbers = row[1:6]
            numbers = ("{},{},{},{},{}".format(*numbers) if set(map(type, numbers)) == _INTEGERS
                       else _joined(numbers))
            if len(row) == 17 and row[15] is None and row[16] is None:
                rest = _cell(row[14]) + ",,"
            else:
                rest = _joined(row[14:])
            append(f"{first},{numbers},{_cell(row[6])},{tail},{rest}\r\n")
        else:
            line = _joined(row)
            append('""\r\n' if len(row) == 1 and not line else line + "\r\n")  # one empty cell: not an empty line
    return "".join(lines)


_INTEGERS = {int}


def _cell(value) -> str:
    """One cell as :func:`_joined` writes it."""
    if value.__class__ is not str:
        if not isinstance(value, str):
            return "" if value is None else str(value)
        value = str.__str__(value)  # a str subclass (an enum) as its characters, as a join writes it
    if "," in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


class Row(NamedTuple):
    """A finding of one window as a CSV row in pieces (:meth:`CsvRenderer.placeable_rows`): its span, rule,
    severity and penalty in the window's coordinates (what overlap resolution, sorting and the tally read, as
    they read a :class:`~tqa.model.Finding`'s), the segments starting at or before it in the window, its line in
    the window, its column, the cells from ``text`` to ``message``, the ``unit`` cell (None: the line number),
    and the cells after it."""

    start: int
    end: int
    rule: str
    severity: "Severity"
    penalty: float
    before: int
    line: int
    column: int
    middle: str
    unit: str | None
    rest: str


def named_rows(rows: list[tuple]) -> list[Row]:
    """Plain rows (:meth:`CsvRenderer.placeable_rows`) as :class:`Row`, for code that reads them by name."""
    return list(map(Row._make, rows))


def placed_rows(doc: str, rows: list[tuple], chars: int, lines: int, segments: int) -> str:
    """The CSV rows of a window's :class:`Row` pieces, the window preceded by ``chars`` characters, ``lines`` line
    breaks and ``segments`` segments: as :meth:`CsvRenderer.rows` writes the findings made in the document's
    coordinates (white space opening a window belongs to the segment before it)."""
    # By position: the rows are plain tuples in Row's order (CsvRenderer.placeable_rows).
    return "".join([f"{doc},{max(1, before + segments)},{line + lines},{column},{start + chars},{end + chars},"
                    f"{middle},{line + lines if unit is None else unit},{rest}\r\n"
                    for start, end, _, _, _, before, line, column, middle, unit, rest in rows])


def _joined(values) -> str:
    """``values`` as consecutive cells of a row, as :func:`csv_lines` writes them."""
    cells = [cell if isinstance(cell, str) else "" if cell is None else str(cell) for cell in values]
    line = ",".join(cells)
    if line.count(",") != len(cells) - 1 or '"' in line or "\n" in line or "\r" in line:
        line = ",".join(['"' + cell.replace('"', '""') + '"' if "," in cell or '"' in cell or "\n" in cell
                         or "\r" in cell else cell for cell in cells])
    return line


def _neutralised(rows: list[tuple]) -> list:
    """``rows`` with neutralise() applied to every cell. A column's cells repeat (the document, the rule, the
    message) and hardly any looks like a formula: each column's distinct values are tested, and only the rows
    holding one that does are rewritten (a test per cell was a third of writing the report)."""
    if not rows:
        return rows
    risky: dict[int, set] = {}
    for column in range(len(rows[0])):  # each column's distinct values, gathered in C
        found = {value for value in set(map(itemgetter(column), rows))
                 if isinstance(value, str) and value.startswith(FORMULA_PREFIXES)}
        if found:
            risky[column] = found
    if not risky:
        return rows
    return [[neutralise(value) for value in row] if any(row[c] in found for c, found in risky.items()) else row
            for row in rows]
