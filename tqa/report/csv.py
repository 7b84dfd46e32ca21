"""CSV: one row per finding, columns as DESIGN.md lists them; written document by document. With
``--show-suppressed`` the suppressed findings follow each document's others, and a last column ``suppressed``
says why (empty for a finding reported); without it the columns are the same as ever."""

from __future__ import annotations

from typing import TextIO

from ..model import DocumentResult
from .tables import neutralise_frame
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

    def document(self, result: DocumentResult) -> None:
        frame = result.to_frame(with_suppressed=self.options.show_suppressed)
        if not self.raw:
            frame = neutralise_frame(frame)
        # Rows end with CRLF (RFC 4180); that also makes the csv writer quote a cell holding a lone CR.
        if len(frame) or not self.header_written:
            frame.to_csv(self.stream, header=not self.header_written, index=False, lineterminator="\r\n")
            self.header_written = True


