"""CSV: one row per finding, columns as DESIGN.md lists them; written document by document. With
``--show-suppressed`` the suppressed findings follow each document's others, and a last column ``suppressed``
says why (empty for a finding reported); without it the columns are the same as ever."""

from __future__ import annotations

import csv
from typing import TextIO

from ..model import FINDING_COLUMNS, DocumentResult
from .tables import FORMULA_PREFIXES, neutralise
from .base import Renderer, RenderOptions


class CsvRenderer(Renderer):
    name = "csv"
    description = "one row per finding, the columns of the README's table"
    extensions = (".csv",)
    spreadsheet = True

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

    def rows(self, result: DocumentResult) -> str:
        """The rows of ``result``'s findings as the report holds them (no header): what a pool's worker writes
        for the main process to copy into the report (:attr:`tqa.parallel.RunState.render`)."""
        if self.options.show_suppressed:
            rows = [(*f.row(), f.suppressed) for f in result.findings + result.suppressed]
        else:
            rows = [f.row() for f in result.findings]
        if not self.raw:
            rows = _neutralised(rows)
        return csv_lines(rows)

    def write_rows(self, text: str) -> None:
        """Write rows made by :meth:`rows`, after the header if it is not written yet."""
        if not self.header_written:
            with_suppressed = self.options.show_suppressed
            self.writer.writerow([*FINDING_COLUMNS, "suppressed"] if with_suppressed else FINDING_COLUMNS)
            self.header_written = True
        self.stream.write(text)


def csv_lines(rows: list) -> str:
    """What ``csv.writer(…, lineterminator="\r\n").writerows(rows)`` writes (the csv module's minimal quoting):
    a row's cells joined with commas (None an empty cell, numbers as the csv module writes them); in a row that
    holds a comma, a quotation mark or a line break, the cells holding one quoted, their quotation marks doubled.
    Joining the cells here took half the time of the csv module."""
    lines = []
    for row in rows:
        cells = [cell if isinstance(cell, str) else "" if cell is None else str(cell) for cell in row]
        line = ",".join(cells)
        if line.count(",") != len(cells) - 1 or '"' in line or "\n" in line or "\r" in line:
            line = ",".join(['"' + cell.replace('"', '""') + '"'
                             if "," in cell or '"' in cell or "\n" in cell or "\r" in cell else cell
                             for cell in cells])
        elif len(cells) == 1 and not line:
            line = '""'  # a row of one empty cell, quoted so that it is not an empty line
        lines.append(line)
        lines.append("\r\n")
    return "".join(lines)



def _neutralised(rows: list[tuple]) -> list:
    """``rows`` with neutralise() applied to every cell. A column's cells repeat (the document, the rule, the
    message) and hardly any looks like a formula: each column's distinct values are tested, and only the rows
    holding one that does are rewritten (a test per cell was a third of writing the report)."""
    if not rows:
        return rows
    risky: dict[int, set] = {}
    for column in range(len(rows[0])):
        found = {value for value in {row[column] for row in rows}
                 if isinstance(value, str) and value.startswith(FORMULA_PREFIXES)}
        if found:
            risky[column] = found
    if not risky:
        return rows
    return [[neutralise(value) for value in row] if any(row[c] in found for c, found in risky.items()) else row
            for row in rows]
