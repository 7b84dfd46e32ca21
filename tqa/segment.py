"""Sentence and line segmentation with character offsets.

A segment is a sentence inside one line: line breaks always end a segment, and inside a line a sentence ends
at ``.``, ``!`` or ``?`` (plus closing quotes or brackets) followed by white space and something that can
start a sentence, unless the word before the period is a known abbreviation ("Feb.", "Mr.", "No.") or a
single capital initial ("U.S.", "J. K. Rowling"). Chinese sentence-final punctuation ends a sentence
without a following space. Decimals ("3.5") never split because no space follows the period.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .model import Segment

# Words that end with a period without ending the sentence (case-sensitive on purpose: "No. 3" but not "no.").
ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Ft", "Gen", "Gov", "Sen", "Rep", "Lt", "Col",
    "Capt", "Sgt", "Adm", "Rev", "Hon", "Pres",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "No", "Nos", "Vol", "Vols", "Fig", "Figs", "pp", "vs", "approx", "Dept", "Univ", "Ave", "Inc", "Corp",
    "Co", "Ltd", "Bros", "Est", "e.g", "i.e", "cf", "al", "Art", "Sec", "Ch", "Ed", "Eds",
)

_LOOKBEHINDS = "".join(rf"(?<!\b{re.escape(a)})" for a in sorted(set(ABBREVIATIONS), key=len, reverse=True))

# One regex for every place where a segment ends. Group ``gap`` is the white space between two segments
# (it belongs to neither); the text before it, up to the previous gap, is the segment.
_BOUNDARY = re.compile(
    r"(?P<gap>[^\S\r\n]*(?:\r\n|\r|\n)\s*)"  # a line break, with the blank lines and indentation around it
    r"|(?:" + _LOOKBEHINDS + r"(?<!\b[A-Z])"  # not after an abbreviation or a single capital initial
    r"[.!?]+[\"'”’)\]]*(?P<gap2>[^\S\r\n]+)(?=[\"'“‘(\[]*[^\W_a-z]))"  # ". " before a capital or digit
    r"|(?:[。！？]+[”’」』）)]*(?P<gap3>[^\S\r\n]*))"  # Chinese sentence end, no space needed
)

_LINE_BREAK = re.compile(r"\r\n?|\n")


def segment_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of every non-empty segment of ``text``, in order."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        gap_start = m.start("gap")
        if gap_start < 0:
            gap_start = m.start("gap2")
            if gap_start < 0:
                gap_start = m.start("gap3")
        _append(text, pos, gap_start, starts, ends)
        pos = m.end()
    _append(text, pos, len(text), starts, ends)
    return starts, ends


def _append(text: str, start: int, end: int, starts: list[int], ends: list[int]) -> None:
    # Trim white space so that a segment starts and ends on visible text.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        starts.append(start)
        ends.append(end)


@dataclass
class Segmentation:
    """Lazily computed segments and lines of one text, with offset look-ups."""

    text: str
    _starts: list[int] | None = field(default=None, repr=False)
    _ends: list[int] | None = field(default=None, repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False)

    def _ensure(self) -> None:
        if self._starts is None:
            self._starts, self._ends = segment_bounds(self.text)

    @property
    def count(self) -> int:
        self._ensure()
        return len(self._starts)

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        return self._line_starts

    def index_at(self, offset: int) -> int:
        """The 1-based number of the segment containing ``offset`` (or the nearest one before it)."""
        self._ensure()
        return max(1, bisect.bisect_right(self._starts, offset))

    def span(self, index: int) -> tuple[int, int]:
        """Start and end offsets of segment ``index`` (1-based); the whole text when there is none."""
        self._ensure()
        if not self._starts:
            return 0, len(self.text)
        return self._starts[index - 1], self._ends[index - 1]

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """Offsets of the sentence around ``offset``, widened to cover it when it falls in a gap."""
        start, end = self.span(self.index_at(offset))
        return min(start, offset), max(end, offset)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of ``offset``."""
        line_starts = self.line_starts
        line = bisect.bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    def segments(self) -> list[Segment]:
        self._ensure()
        return [
            Segment(i + 1, self.line_col(s)[0], s, e, self.text[s:e])
            for i, (s, e) in enumerate(zip(self._starts, self._ends))
        ]


def segment(text: str) -> list[Segment]:
    """Split ``text`` into :class:`Segment` objects (sentences within lines) with character offsets."""
    return Segmentation(text).segments()


# UTF-8 encodings of the non-ASCII characters that str.split() treats as white space.
_NON_ASCII_SPACE = re.compile(rb"\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80")
_SPACE_BYTES = bytes.maketrans(b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f", b"         ")


def count_words(text: str, raw: bytes | None = None) -> int:
    """Whitespace tokens, exactly ``len(text.split())``, without building the list for large texts.

    ``raw`` is ``text`` in UTF-8 when the caller already has it.
    """
    if len(text) < 65536:
        return len(text.split())
    if raw is None:
        raw = text.encode("utf-8", "surrogatepass")
    if not raw.isascii() and _NON_ASCII_SPACE.search(raw):
        return sum(len(text[i:j].split()) for i, j in _chunks(text))
    spaced = raw.translate(_SPACE_BYTES)
    # Words are the runs of non-space bytes: count the space runs, then correct for the ends.
    spaces = spaced.count(b" ")
    if spaces == len(spaced):
        return 0
    space_runs = spaces - _extra_spaces(spaced)
    return space_runs + 1 - (spaced[:1] == b" ") - (spaced[-1:] == b" ")


def _extra_spaces(spaced: bytes) -> int:
    """Spaces beyond the first in every run of spaces."""
    extra = 0
    i = spaced.find(b"  ")
    run = re.compile(rb" +")
    while i >= 0:
        j = run.match(spaced, i).end()
        extra += j - i - 1
        i = spaced.find(b"  ", j)
    return extra


def _chunks(text: str):
    """(start, end) of ~64k-character chunks of ``text`` that end at white space (so no word is cut)."""
    i = 0
    n = len(text)
    while i < n:
        j = min(n, i + 65536)
        while j < n and not text[j].isspace():
            j += 1
        yield i, j
        i = j
