"""CSV: one row per finding, columns as DESIGN.md lists them; written document by document."""

from __future__ import annotations

from typing import TextIO

from ..model import DocumentResult
from ..scoring import CorpusScore
from .tables import neutralise_frame


class CsvRenderer:
    def __init__(self, stream: TextIO, info, *, raw: bool = False):
        self.stream = stream
        self.info = info
        self.raw = raw
        self.header_written = False

    def begin(self) -> None:
        pass

    def document(self, result: DocumentResult) -> None:
        frame = result.to_frame()
        if not self.raw:
            frame = neutralise_frame(frame)
        # Rows end with CRLF (RFC 4180); that also makes the csv writer quote a cell holding a lone CR.
        if len(frame) or not self.header_written:
            frame.to_csv(self.stream, header=not self.header_written, index=False, lineterminator="\r\n")
            self.header_written = True

    def end(self, corpus: CorpusScore) -> None:
        pass
