"""A large plain-text document read, analysed and reported window by window, so that memory is bounded by the
window, not by the document (issue 14: a 1 GB file checked in a few hundred MB).

:class:`TextStream` reads the file twice, never whole. The first pass decodes it block by block (UTF-8, with or
without a BOM) to learn what the whole-file reading would learn: that it is text (no NUL byte; valid UTF-8), how
many characters it has, and where character boundaries fall (so that any stretch of characters can be read back
later: the language check's sample of the start, middle and end). A file that is not valid UTF-8 is not streamed
(:class:`NotStreamable`): its encoding is guessed from the whole file as before (the first pass decodes only
what is not ASCII). The second pass yields the windows, each decoded from its own bytes with a little text before
it and a few lines after it (what the carrying checks read around a window: a name defined in parentheses just
before it, the quotation marks of the next lines), cut as :func:`tqa.pipeline.window_bounds` cuts (right after a
line break that no phrase runs across), so the findings, offsets, lines, columns and segments are exactly those
of the document read whole. A pool's workers read the same windows' bytes themselves (:mod:`tqa.parallel`).

:func:`analyze_stream` analyses the windows and yields each window's findings (filtered by severity and by the
suppression layers, in document order) with the text around them, for the report (:class:`StreamWindow`: every
format but HTML is written window by window), then the document's :class:`~tqa.model.DocumentResult` without its
text, whose findings are only a tally (one shared finding per severity: what gates, scores and the summary
count).
"""

from __future__ import annotations

import codecs
import os
import re
from operator import itemgetter
from typing import TYPE_CHECKING, Iterator, Sequence

from .errors import TqaError
from .segment import LINE_BREAK, count_byte_line_breaks

if TYPE_CHECKING:  # pragma: no cover
    from .checks import Check
    from .glossary import Glossary
    from .model import DocumentResult, Finding, Severity
    from .pipeline import Window
    from .rules import Policy
    from .scoring import Weights
    from .suppression import DocumentSuppression

#: Bytes read and decoded at a time.
BLOCK_BYTES = 4 << 20

#: The window of a stream (characters): smaller than a document's in memory, whose text is held anyway.
STREAM_WINDOW_CHARS = 1_000_000
#: Characters kept before a window (a consistency name's parenthesised acronym looks back a few characters).
LOOKBACK_CHARS = 256
#: Lines read after a window (the punctuation check follows a quotation mark this many lines on) and characters
#: (a glossary phrase may run across the window's end: window_bounds looks this far).
LOOKAHEAD_LINES = 8
LOOKAHEAD_CHARS = 4_000
#: Files at least this large are streamed when the run allows it (smaller ones are read whole: cheaper).
MIN_STREAM_BYTES = 4_000_000
STREAM_VARIABLE = "TQA_MIN_STREAM_BYTES"


class StreamWindow:
    """One window of a document read in a stream, as :func:`analyze_stream` yields it for the report:
    ``findings`` (in the document's coordinates and order) and ``text``, the document's characters from
    ``start`` on: the window's lines, with a little text before them and a few lines after them (what the
    carrying checks read; what a report reads around a finding, such as the line a deleted residue line empties
    and the line break after it, is in it); ``own``, the (start, end) of the window's own characters (the
    windows' own characters, one after the other, are the document). A renderer that writes windows
    (:attr:`tqa.report.base.Renderer.streams`) gets these."""

    __slots__ = ("doc", "findings", "text", "start", "own")

    def __init__(self, doc: str, findings: "list[Finding]", text: str, start: int, own: tuple[int, int]):
        self.doc = doc
        self.findings = findings
        self.text = text
        self.start = start
        self.own = own

    def own_text(self) -> str:
        """The window's own characters."""
        return self.text[self.own[0] - self.start:self.own[1] - self.start]


class NotStreamable(Exception):
    """The file cannot be read window by window (not UTF-8): read it whole."""


def min_stream_bytes() -> int:
    value = os.environ.get(STREAM_VARIABLE, "")
    return int(value) if value.isdigit() else MIN_STREAM_BYTES


class TextStream:
    """A UTF-8 plain-text file, checked and measured in a first pass, then read in windows."""

    def __init__(self, path: str, name: str, block_bytes: int = BLOCK_BYTES, label: str | None = None):
        self.path = path
        self.name = name
        self.block_bytes = block_bytes
        self.bom = 0
        self.length = 0  # characters
        self.encoding = "utf-8"
        # (byte offset, character offset) of character boundaries, one per block: where reading may restart.
        self.marks: list[tuple[int, int]] = []
        self._measure(decoded_first=bool(label))
        if label:  # --encoding, as the whole-file reading names it
            self.encoding = label

    def _open(self):
        try:
            return open(self.path, "rb")
        except OSError:
            raise NotStreamable() from None  # the whole-file reading says what is wrong, as ever

    def _measure(self, decoded_first: bool = False) -> None:
        """The first pass. ``decoded_first``: the whole-file reading would decode before looking for NUL (a BOM,
        --encoding), and so calls it a NUL character, not a NUL byte."""
        with self._open() as handle:
            head = handle.read(4)
            if head.startswith(codecs.BOM_UTF8):
                self.bom, self.encoding = 3, "utf-8-bom"
            elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                raise NotStreamable()  # UTF-16/32: read whole
            handle.seek(self.bom)
            decoder = codecs.getincrementaldecoder("utf-8")("strict")
            position, chars, lines = self.bom, 0, 0
            self.marks.append((position, 0))
            while True:
                block = handle.read(self.block_bytes)
                if not block:
                    break
                nul = block.find(b"\x00")
                if nul >= 0:
                    what = "NUL characters" if self.bom or decoded_first else "NUL bytes"
                    line = lines + block.count(b"\n", 0, nul) + 1
                    raise TqaError(f"{self.name}:{line}: binary file (contains {what}), not text")
                try:
                    chars += _decoded_length(block, decoder)
                except UnicodeDecodeError:
                    raise NotStreamable() from None
                lines += block.count(b"\n")
                position += len(block)
                self.marks.append((position - len(decoder.getstate()[0]), chars))
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                raise NotStreamable() from None
            self.length = chars
            self.size = position  # bytes, the BOM included

    def chars(self, start: int, end: int) -> str:
        """Characters ``start`` to ``end`` of the text (read from the file)."""
        index = max(i for i, (_, c) in enumerate(self.marks) if c <= start)
        byte, char = self.marks[index]
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        pieces: list[str] = []
        have = 0
        try:
            with open(self.path, "rb") as handle:
                handle.seek(byte)
                while have < end - char:
                    block = handle.read(self.block_bytes)
                    if not block:
                        break
                    piece = decoder.decode(block)
                    pieces.append(piece)
                    have += len(piece)
        except (OSError, UnicodeDecodeError) as exc:
            raise TqaError(f"{self.name}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
        return "".join(pieces)[start - char:end - char]

    def sample(self) -> str:
        from .checks.language import document_sample

        return document_sample(self.chars, self.length)

    def windows(self, size: int, glossary: "Glossary | None", byte_spans: bool = False) -> Iterator["Window"]:
        """The windows of the text, at least ``size`` bytes each (the last may be shorter), cut as
        :meth:`byte_windows` cuts (as :func:`tqa.pipeline.window_bounds` cuts: right after a line break that no
        phrase crosses), with what the carrying checks read around each: the ``LOOKBACK_CHARS`` characters before
        it, and after it the ``LOOKAHEAD_LINES`` lines the punctuation check may read on into and at least
        ``LOOKAHEAD_CHARS`` characters; with ``byte_spans``, each with where its text lies in the file.

        Each window's text is decoded from its own bytes, with the little before and after it: decoding the file
        in blocks and joining what was left of one block to the next copied the whole text once more, and
        cutting each window and its surroundings out of that twice more."""
        from .pipeline import Window

        sample = self.sample()
        start, lines_before = 0, 0  # characters and line breaks before the window
        try:
            with open(self.path, "rb") as handle:
                cuts = self.byte_windows(size, glossary)
                if self.size <= self.bom:
                    cuts = iter([(self.bom, self.bom)])  # an empty text is one empty window
                for start_byte, end_byte in cuts:
                    handle.seek(start_byte)
                    data = handle.read(end_byte - start_byte)
                    text = data.decode("utf-8")
                    before = self._before(handle, start_byte)
                    after = self._after(handle, end_byte)
                    end = start + len(text)
                    # Joined: one copy of a megabyte window (a wide one, with a character beyond U+FFFF, is four
                    # megabytes), where ``before + text + after`` made two.
                    yield Window(start, end, text, "".join((before, text, after)), start - len(before),
                                 end_byte == self.size, lines_before, sample=sample if start == 0 else None,
                                 byte_span=(start_byte, end_byte) if byte_spans else None)
                    lines_before += count_byte_line_breaks(data)  # faster over the bytes than the characters
                    start = end
        except (OSError, UnicodeDecodeError) as exc:  # the file changed or went away since the first pass
            raise TqaError(f"{self.name}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None

    def _before(self, handle, position: int) -> str:
        """The ``LOOKBACK_CHARS`` characters before byte ``position`` (fewer at the start of the text)."""
        low = max(self.bom, position - 4 * LOOKBACK_CHARS)  # a character is at most four bytes
        handle.seek(low)
        data = handle.read(position - low)
        return data[_first_character(data):].decode("utf-8")[-LOOKBACK_CHARS:]

    def _after(self, handle, position: int) -> str:
        """The text after byte ``position`` that the carrying checks may read: up to the end of the
        ``LOOKAHEAD_LINES + 1``-th line break, and at least ``LOOKAHEAD_CHARS`` characters (less at the end)."""
        want = 16 * 1024
        while True:
            handle.seek(position)
            data = handle.read(want)
            at_end = position + len(data) >= self.size
            decoder = codecs.getincrementaldecoder("utf-8")("strict")
            text = decoder.decode(data, final=at_end)  # a character cut by the read waits for the next one
            ahead = _after_lines(text, 0, LOOKAHEAD_LINES + 1)
            if at_end or (ahead < len(text) and len(text) >= LOOKAHEAD_CHARS):
                return text[:max(ahead, min(len(text), LOOKAHEAD_CHARS))]
            want *= 4

    def byte_windows(self, size: int, glossary: "Glossary | None") -> Iterator[tuple[int, int]]:
        """(start, end) byte offsets of windows of at least ``size`` bytes (the last may be shorter), each ending
        right after a line break that no phrase runs across, as :func:`tqa.pipeline.window_bounds` cuts (a
        single line is never cut): what a pool's workers read for themselves (:func:`tqa.parallel.stream_rows`).
        Only the bytes around each cut are read here."""
        start, end = self.bom, self.size
        try:
            with open(self.path, "rb") as handle:
                while start < end:
                    cut = end if end - start <= size else self._byte_cut(handle, start + size, end, glossary)
                    yield start, cut
                    start = cut
        except OSError as exc:
            raise TqaError(f"{self.name}: cannot read: {exc.strerror or exc}") from None

    def _byte_cut(self, handle, position: int, end: int, glossary: "Glossary | None") -> int:
        """The first line start at or after byte ``position`` where no phrase crosses, or ``end``."""
        from .pipeline import _CROSSING_REACH, _phrase_crosses

        chunk = 1 << 16
        while position < end:
            handle.seek(position)
            data = handle.read(min(chunk, end - position))
            if not data:  # the file shrank since it was measured: the workers say so
                return end
            found = _BYTE_LINE_BREAK.search(data)
            if found is None:
                position += len(data)
                continue
            cut = position + found.end()
            if found.group() == b"\r" and cut < end:  # the chunk may end between the \r and the \n of a \r\n
                handle.seek(cut)
                if handle.read(1) == b"\n":
                    cut += 1
            if cut >= end:
                return end
            if glossary is None:
                return cut
            # The characters on either side of the cut (a character is at most four bytes).
            reach = 4 * _CROSSING_REACH
            low = max(self.bom, cut - reach)
            handle.seek(low)
            region = handle.read(min(end, cut + reach) - low)
            before = region[_first_character(region):cut - low].decode("utf-8", "strict")
            after = region[cut - low:].decode("utf-8", "ignore")  # a character cut at the region's end: dropped
            if not _phrase_crosses(before + after, len(before), glossary):
                return cut
            position = cut
        return end


_BYTE_LINE_BREAK = re.compile(rb"\r\n?|\n")


def _first_character(data: bytes) -> int:
    """Where the first whole character of ``data`` starts: after the continuation bytes (10xxxxxx) of one that
    began before it."""
    skip = 0
    while skip < len(data) and 0x80 <= data[skip] < 0xC0:
        skip += 1
    return skip
#: The first pass decodes a block in pieces of this many bytes, and only the pieces that are not ASCII.
_PIECE = 4096


def _decoded_length(block: bytes, decoder) -> int:
    """The characters ``decoder`` (an incremental UTF-8 decoder) makes of ``block``, checking it as decoding it
    would (UnicodeDecodeError), without decoding the pieces that are ASCII: on news text most 4 KB pieces are
    (every byte of an ASCII piece is a character), and the first pass took two fifths of its time less."""
    if block.isascii() and not decoder.getstate()[0]:
        return len(block)
    chars = 0
    pending = bool(decoder.getstate()[0])  # bytes of a character that the last piece cut
    for start in range(0, len(block), _PIECE):
        piece = block[start:start + _PIECE]
        if not pending and piece.isascii():
            chars += len(piece)
        else:
            chars += len(decoder.decode(piece))
            pending = bool(decoder.getstate()[0])
    return chars


def _after_lines(text: str, position: int, lines: int) -> int:
    """The offset right after the ``lines``-th line break at or after ``position`` (the end of the text when
    there are fewer)."""
    for _ in range(lines):
        m = LINE_BREAK.search(text, position)
        if m is None:
            return len(text)
        position = m.end()
    return position


def analyze_stream(stream: TextStream, glossary: "Glossary", *, checks: Sequence["Check"],
                   weights: "Weights", min_severity: "Severity | None" = None, target_lang: str | None = None,
                   policy: "Policy | None" = None, runner=None, window_chars: int | None = None,
                   on_window=None, rows: bool = False, suppression: "DocumentSuppression | None" = None
                   ) -> Iterator["StreamWindow | str | DocumentResult"]:
    """Each window's findings (a :class:`StreamWindow`, in document order), then the document's result (a
    DocumentResult without text, its findings a tally: see the module docstring).

    ``suppression`` (:meth:`tqa.suppression.Suppression.for_document`) moves the findings the user has silenced
    out of each window's, as :func:`tqa.pipeline.analyze_document` does out of a whole document's; the result's
    ``suppressed`` is their tally (one of each reason, repeated: what the reports count by layer). Not with
    ``rows``.

    ``rows`` (with a ``runner`` whose run writes CSV rows: ``runner.render``): each
    window's CSV rows (a string) instead of its findings; the workers read the windows' bytes themselves and
    send rows, not findings (:func:`tqa.pipeline.analyze_windows`)."""
    from .checks.language import target_language
    from .model import DocumentResult, tallied
    from .pipeline import WindowTally, analyze_windows, window_size
    from .scoring import score

    target = target_language(target_lang, glossary)
    tally = WindowTally()
    counts: dict = {}
    penalty: float = 0  # as sum() starts: a document without findings has the penalty 0, as when read whole
    silenced: dict = {}  # reason -> [a finding it silenced, how many]
    split = suppression.windows() if suppression is not None and suppression.active else None
    size = window_chars or window_size(STREAM_WINDOW_CHARS)
    if rows:
        from .report.csv import placed_rows

        doc_cell = runner.render.doc_cell(stream.name)
    for found in analyze_windows(stream.windows(size, glossary, byte_spans=rows), glossary, list(checks), tally,
                                 weights=weights, target=target, policy=policy, units=None, runner=runner,
                                 doc=(stream.name, stream.encoding), rows=stream.path if rows else None):
        if rows:  # Row pieces, read by position (some are plain tuples): start, end, rule, severity, penalty, …
            if min_severity is not None:
                found = [f for f in found if f[3] >= min_severity]
            found.sort(key=itemgetter(0, 1, 2))
            for finding in found:
                counts.setdefault(finding[3], [finding, 0])[1] += 1
                penalty += finding[4]  # added in the order sum() adds a whole document's: the same float
        else:
            if min_severity is not None:
                found = [f for f in found if f.severity >= min_severity]
            found.sort(key=lambda f: (f.start, f.end, f.rule))
            if split is not None:
                found, suppressed = split.split(found, *tally.last_full)
                for finding in suppressed:
                    silenced.setdefault(finding.suppressed, [finding, 0])[1] += 1
            for finding in found:
                counts.setdefault(finding.severity, [finding, 0])[1] += 1
                penalty += finding.penalty  # added in the order sum() adds a whole document's: the same float
        if on_window is not None:
            on_window(tally.last_chars)
        yield placed_rows(doc_cell, found, *tally.last_place) if rows else StreamWindow(
            stream.name, found, *tally.last_full, (tally.last_place[0], tally.last_place[0] + tally.last_chars))
        tally.last_full = ("", 0)  # (not kept while the next window is read)
    if split is not None:
        split.finish()
    # A tally of findings (rows stand in for no finding: a finding the window had of each severity does).
    first = {severity: tally.examples[severity] if rows else example for severity, (example, _) in counts.items()}
    stand_ins = tallied(first, {severity: count for severity, (_, count) in counts.items()})
    silent = tallied({reason: example for reason, (example, _) in silenced.items()},
                     {reason: count for reason, (_, count) in silenced.items()})
    yield DocumentResult(doc=stream.name, words=tally.words, segments=tally.segments, findings=stand_ins,
                         suppressed=silent,
                         penalty=penalty, score=score(penalty, tally.words), text="", lang=tally.lang,
                         lang_prob=tally.lang_prob, encoding=stream.encoding, notes=tuple(tally.notes))
