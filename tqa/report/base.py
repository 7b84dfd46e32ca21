"""What every renderer shares: the :class:`Renderer` interface and its options."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, TextIO

if TYPE_CHECKING:  # pragma: no cover
    from ..model import DocumentResult
    from ..scoring import CorpusScore
    from ..stream import StreamWindow
    from . import RunInfo


@dataclass(frozen=True)
class RenderOptions:
    """How the user asked for the report: colour (text report on a terminal), raw CSV cells, the suppressed
    findings shown too (marked with the reason), and ``quiet``: the findings only, without the summary, score
    line and signature that a format for people closes with (formats for tools, CSV, JSON, SARIF and HTML,
    write the same with or without it)."""

    color: bool = False
    raw_csv: bool = False
    show_suppressed: bool = False
    quiet: bool = False


#: Characters a report keeps in memory in a spool before the spool goes to disk.
SPOOL_CHARS = 16 * 1024 * 1024


def spool(max_chars: int = SPOOL_CHARS):
    """A text file for what a report writes later (documents until the header is complete, a streamed
    document's findings until its summary is known): in memory up to ``max_chars`` characters, then on disk,
    deleted when closed."""
    import tempfile

    return tempfile.SpooledTemporaryFile(max_size=max_chars, mode="w+", encoding="utf-8", newline="")


class Renderer(ABC):
    """One output format: ``begin()``, then ``document(result)`` for each result as it is produced (a corpus is
    streamed, never collected), then ``end(corpus)``. Renderers never analyse. A renderer is one module with one
    subclass, named in :data:`tqa.report.BUILTIN`."""

    name: ClassVar[str]  # for --format
    description: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()  # an -o file name ending that asks for this format
    spreadsheet: ClassVar[bool] = False  # written with a BOM to a file, so that Excel reads UTF-8
    #: Whether a large plain-text document read in a stream (:mod:`tqa.stream`, memory bounded by a window) can
    #: be written window by window: ``window()`` for each of its windows, then ``streamed()`` instead of
    #: ``document()``. The report must be the one ``document()`` writes of the document read whole.
    streams: ClassVar[bool] = False

    def __init__(self, stream: TextIO, info: "RunInfo", options: RenderOptions = RenderOptions()):
        self.stream = stream
        self.info = info
        self.options = options

    def begin(self) -> None:
        """Called once, before the first document (and only once a document was read)."""

    @abstractmethod
    def document(self, result: "DocumentResult") -> None:
        """Called for each document, as soon as it is analysed."""

    def window(self, window: "StreamWindow") -> None:
        """(A renderer that ``streams``.) Called for each window of a document read in a stream, in order: its
        findings, and its text (whole lines) to read around them."""
        raise NotImplementedError(f"the {self.name} report is not written window by window")

    def streamed(self, result: "DocumentResult") -> None:
        """(A renderer that ``streams``.) Called after a streamed document's last window with its result: no
        text, its findings only a tally (one finding of each severity found, standing for them all)."""

    def end(self, corpus: "CorpusScore") -> None:
        """Called once, after the last document, with the corpus totals."""
