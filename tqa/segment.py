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
from functools import lru_cache
from itertools import accumulate, compress
from typing import TYPE_CHECKING

from .model import Segment

if TYPE_CHECKING:  # pragma: no cover
    from .textbuf import TextBuffer

# Words that end with a period without ending the sentence (case-sensitive on purpose: "No. 3" but not "no.").
ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Ft", "Gen", "Gov", "Sen", "Rep", "Lt", "Col",
    "Capt", "Sgt", "Adm", "Rev", "Hon", "Pres",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "No", "Nos", "Vol", "Vols", "Fig", "Figs", "pp", "vs", "approx", "Dept", "Univ", "Ave", "Inc", "Corp",
    "Co", "Ltd", "Bros", "Est", "e.g", "i.e", "cf", "al", "Art", "Sec", "Ch", "Ed", "Eds",
)

def _abbreviation_lookbehinds(words) -> str:
    # One fixed-width negative lookbehind per word length (Python needs fixed-width lookbehinds); each
    # covers "<abbreviation>." right after the period has been matched.
    by_length: dict[int, list[str]] = {}
    for word in sorted(set(words)):
        by_length.setdefault(len(word), []).append(re.escape(word))
    return "".join(rf"(?<!\b(?:{'|'.join(group)})\.)" for _, group in sorted(by_length.items()))


# A sentence end, matched at a candidate position (the punctuation itself): ". " before something that can
# start a sentence, unless the period ends an abbreviation or a single capital initial; or Chinese
# sentence-final punctuation, which needs no space after it. The named group is the gap between sentences.
_SENTENCE_END = re.compile(
    r"[.!?]" + _abbreviation_lookbehinds(ABBREVIATIONS) + r"(?<!\b[A-Z]\.)"
    r"[.!?]*[\"'”’)\]]*(?P<gap>[^\S\r\n]+)(?=[\"'“‘(\[]*[^\W_a-z])"
    r"|[。！？]+[”’」』）)]*(?P<cjk>[^\S\r\n]*)"
)
#: A line break: ``\n``, ``\r\n`` or a lone ``\r`` (as in Python's universal newlines and every editor). This is
#: the one definition of a line in tqa: line numbers of findings, ``--segments`` rows, ``compare``'s per-line
#: penalties, the lines a fix keeps, and the line-aligned files of ``--ref`` all use it.
LINE_BREAK = re.compile(r"\r\n?|\n")
_LINE_BREAK = LINE_BREAK


@lru_cache(maxsize=1)
def _byte_classes():
    """(bytes that can follow a sentence-final ".!?": space, tab, more punctuation, closing quotes/brackets and
    the lead byte of the UTF-8 curly quotes; ASCII white space) as numpy lookup tables, made on first use so
    that importing this module does not import numpy."""
    import numpy as np

    after_stop = np.zeros(256, dtype=bool)
    after_stop[list(b" \t.!?\"')]\xe2")] = True
    ascii_space = np.zeros(256, dtype=bool)
    ascii_space[list(b" \t\n\x0b\x0c\r")] = True
    return after_stop, ascii_space



def _sentence_gaps(text: str, candidates, matched: list[int] | None = None) -> tuple[list[int], list[int]]:
    """The gaps between sentences found by ``_SENTENCE_END`` at the candidate positions (in order): where each
    gap starts and ends. A candidate inside the previous match is passed over. ``matched`` gets the candidate
    of each gap (where its match began)."""
    gap_starts: list[int] = []
    gap_ends: list[int] = []
    last = -1
    match = _SENTENCE_END.match
    for pos in candidates:
        if pos < last:
            continue
        m = match(text, pos)
        if m is not None:
            gap_starts.append(m.start(m.lastindex))
            last = m.end()
            gap_ends.append(last)
            if matched is not None:
                matched.append(pos)
    return gap_starts, gap_ends

@lru_cache(maxsize=1)
def _abbreviation_codes():
    """(the ASCII word-byte table; the abbreviations without a period, each packed with its length into one
    integer as :func:`_byte_sentence_gaps` packs the word before a period), for numpy."""
    import numpy as np

    word = np.zeros(256, dtype=bool)
    word[list(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")] = True
    codes = [_packed(a.encode("ascii")) for a in ABBREVIATIONS if "." not in a]
    return word, np.array(sorted(codes), dtype=np.int64)


def _packed(word: bytes) -> int:
    return int.from_bytes(word, "big") << 3 | len(word)


#: The longest abbreviation (characters).
_LONGEST = max(len(a) for a in ABBREVIATIONS)


def _byte_sentence_gaps(text: str, buf: "TextBuffer", padded, stops, cjk):
    """:func:`_sentence_gaps` (as numpy arrays) at the candidates (byte offsets of ``stops``, ``.!?`` that may end a sentence,
    and of ``cjk``), deciding the common cases over the bytes with numpy, and matching ``_SENTENCE_END`` at the
    others only.

    Decided without the regex: a ``.!?`` followed by one space and an ASCII capital letter is a sentence end
    whose gap is that space, unless the period may end an abbreviation or an initial (the word before it is
    one of :data:`ABBREVIATIONS` or a single capital letter, or follows a period: "e.g."): those go to the
    regex. A ``.!?`` followed by a space and an ASCII lower-case letter is no sentence end (nothing can start
    one there). The regex's gaps at the remaining candidates come first in text order, and a decided end inside
    the text one of them matched is dropped, as the regex loop passes over a candidate inside the previous
    gap."""
    import numpy as np

    word, codes = _abbreviation_codes()
    data = buf.array
    after = padded[stops + 1] == 0x20
    nxt = padded[stops + 2]
    capital = after & (nxt >= 0x41) & (nxt <= 0x5A)
    lower = after & (nxt >= 0x61) & (nxt <= 0x7A)
    easy = capital.copy()
    periods = np.flatnonzero(capital & (data[stops] == 0x2E))
    if len(periods):
        at = stops[periods]
        # The up to _LONGEST bytes before each period, and how many of them, counted back from the period,
        # are word bytes (stopping at the first that is not).
        front = np.concatenate([np.zeros(_LONGEST + 1, dtype=np.uint8), data])
        columns = at[:, None] + (_LONGEST + 1) - np.arange(_LONGEST + 1, 0, -1)[None, :]
        before = front[columns]  # before[:, -1] is the byte right before the period, before[:, 0] 7 bytes back
        is_word = word[before] & (columns >= _LONGEST + 1)
        run = np.cumprod(is_word[:, ::-1], axis=1).sum(axis=1)  # the word's length, up to _LONGEST + 1
        short = run <= _LONGEST
        # The word, packed as _packed packs an abbreviation; and the byte before it (a period: "e.g.").
        weights = np.where(np.arange(_LONGEST + 1)[None, :] >= (_LONGEST + 1) - run[:, None], 1, 0)
        packed = np.zeros(len(at), dtype=np.int64)
        for k in range(1, _LONGEST + 2):
            packed = np.where(weights[:, -k] == 1, packed | (before[:, -k].astype(np.int64) << (8 * (k - 1))),
                              packed)
        packed = (packed << 3) | run
        lead = before[np.arange(len(at)), np.maximum(0, _LONGEST - run)]
        known = codes[np.minimum(np.searchsorted(codes, packed), len(codes) - 1)] == packed  # (np.isin sorts)
        doubtful = short & (known
                            | ((run == 1) & (before[:, -1] >= 0x41) & (before[:, -1] <= 0x5A))
                            | ((run > 0) & (lead == 0x2E)))
        easy[periods[doubtful]] = False
    decided = stops[easy]
    # The regex at the rest: candidates that may still end a sentence, in text order with the CJK ones.
    rest = np.union1d(stops[~easy & ~lower], cjk)
    matched: list[int] = []
    regex_starts, regex_ends = _sentence_gaps(text, buf.to_chars(rest).tolist(), matched)
    decided = buf.to_chars(decided)
    if not regex_starts:
        return decided + 1, decided + 2
    return _merged(decided, matched, regex_starts, regex_ends)


def _merged(decided, matched: list[int], regex_starts: list[int], regex_ends: list[int]):
    """The decided sentence ends (character offsets of their ``.!?``; the gap is the next character) merged with
    the regex's gaps (``matched``: where each regex match began), in order. A decided end inside the previous
    regex match ("Really?! Yes": the regex matched at "?", the "!" is inside) is dropped."""
    import numpy as np

    began = np.array(matched, dtype=np.int64)
    starts = np.array(regex_starts, dtype=np.int64)
    ends = np.array(regex_ends, dtype=np.int64)
    previous = np.searchsorted(began, decided, side="left") - 1
    covered = (previous >= 0) & (ends[np.maximum(previous, 0)] > decided)
    decided = decided[~covered]
    all_starts = np.concatenate([decided + 1, starts])
    all_ends = np.concatenate([decided + 2, ends])
    order = np.argsort(all_starts, kind="stable")
    return all_starts[order], all_ends[order]


_SEGMENT_CLASSES = bytes(1 if byte in b".!?" else 2 if byte in b"\n\r" else 3 if byte in (0xE3, 0xEF) else 0
                         for byte in range(256))


def segment_bounds(text: str, buffer: "TextBuffer | None" = None) -> tuple[list[int], list[int]]:
    """Start and end offsets of every non-empty segment of ``text``, in order.

    Candidate positions are found with numpy over the UTF-8 bytes, and only those are tried with the
    sentence-end regex: a regex scan of the whole text would cost several times more. Segment ends may
    include white space before a line break; :meth:`Segmentation.span` trims it when asked.
    """
    from .textbuf import TextBuffer

    buf = buffer or TextBuffer(text)
    if not buf.raw:
        return [], []
    if buf.small:
        return _small_segment_bounds(text)
    import numpy as np

    after_stop, _ = _byte_classes()
    data = buf.array
    padded = np.concatenate([data, np.zeros(3, dtype=np.uint8)])
    # The bytes of interest, classed by one translation of the text (1: ".!?", 2: a line break, 3: a lead byte of
    # CJK punctuation), found with one pass of numpy: a comparison per byte value cost a pass each (and out of the
    # processor's cache, a megabyte window's passes cost three times a smaller one's). Made bool first: numpy finds
    # the nonzero items of a bool array several times faster than those of bytes.
    marked = np.frombuffer(buf.raw.translate(_SEGMENT_CLASSES), dtype=np.uint8)
    found = np.flatnonzero(marked.astype(bool))
    kinds = marked[found]
    stops = found[kinds == 1]
    stops = stops[after_stop[padded[stops + 1]]]
    leads = found[kinds == 3]
    cjk = leads[((padded[leads] == 0xE3) & (padded[leads + 1] == 0x80) & (padded[leads + 2] == 0x82))
                | ((padded[leads] == 0xEF) & (padded[leads + 1] == 0xBC)
                   & ((padded[leads + 2] == 0x81) | (padded[leads + 2] == 0x9F)))]
    gap_starts, gap_ends = _byte_sentence_gaps(text, buf, padded, stops, cjk)
    # Line breaks: a gap runs from the first line break in a run of white space to the end of the run.
    space = buf.whitespace
    breaks = found[kinds == 2]
    if len(breaks):
        if not space[np.minimum(breaks + 1, len(space) - 1)][breaks + 1 < len(space)].any():
            # The usual text: no line break is followed by white space, so each is a run of its own.
            line_starts, line_ends = buf.to_chars(breaks), buf.to_chars(breaks + 1)
        else:
            run_ends = np.flatnonzero(space & ~np.concatenate([space[1:], [False]])) + 1
            ends_of = run_ends[np.searchsorted(run_ends, breaks, side="right")]
            first = np.concatenate([[True], ends_of[1:] != ends_of[:-1]])
            line_starts, line_ends = buf.to_chars(breaks[first]), buf.to_chars(ends_of[first])
        if len(gap_starts):
            all_starts = np.concatenate([line_starts, gap_starts])
            all_ends = np.concatenate([line_ends, gap_ends])
            order = np.argsort(all_starts, kind="stable")
            gap_starts, gap_ends = all_starts[order], all_ends[order]
        else:
            gap_starts, gap_ends = line_starts, line_ends
    unicode_spaces = buf.unicode_spaces
    unusual_space = ((unicode_spaces is not None and bool(unicode_spaces[:-1].any()))
                     or any(0 <= buf.raw.find(byte, 0, len(buf.raw) - 1) for byte in _SEPARATOR_BYTES))
    # _segments_between over arrays: the same segments, without a Python loop over them (a segment starts where
    # every gap before it has ended: gaps may overlap).
    starts = np.concatenate([np.zeros(1, dtype=np.int64), np.maximum.accumulate(np.asarray(gap_ends, dtype=np.int64))])
    ends = np.concatenate([np.asarray(gap_starts, dtype=np.int64), np.array([len(text)], dtype=np.int64)])
    first_visible = _visible_from(text)
    starts[0] = min(first_visible, ends[0])
    ends[-1] = max(starts[-1], _visible_to(text))
    keep = ends > starts
    if unusual_space and len(text):
        # A segment of nothing but white space (non-ASCII or separator-control white space can leave one)
        # starts with white space: only those are sliced and tested, found by their first byte.
        first_bytes = buf.to_bytes(np.minimum(starts, len(text) - 1))
        spaced = np.flatnonzero(keep & buf.whitespace[first_bytes])
        for i in spaced.tolist():
            if text[starts[i]:ends[i]].isspace():
                keep[i] = False
    return starts[keep].tolist(), ends[keep].tolist()


def _segments_between(text: str, gap_starts: list[int], gap_ends: list[int], unusual_space: bool
                      ) -> tuple[list[int], list[int]]:
    """The segments between the gaps (sorted by start), as :func:`segment_bounds` returns them. Gaps may overlap
    (the empty gap after a "。" that ends a line, inside the line break's): a segment starts where every gap before
    it has ended."""
    starts = [0]
    starts.extend(accumulate(gap_ends, max))
    ends = gap_starts
    ends.append(len(text))
    # Leading white space of the text, and trailing white space at its end, belong to no segment.
    first_visible = _visible_from(text)
    starts[0] = first_visible if first_visible <= ends[0] else ends[0]
    ends[-1] = max(starts[-1], _visible_to(text))
    if unusual_space:
        # Non-ASCII (or separator-control) white space can leave a segment of nothing but white space. Only
        # one that starts with white space can be (most start with a letter): the others are not sliced.
        keep = [e > s and not (text[s].isspace() and text[s:e].isspace()) for s, e in zip(starts, ends)]
    else:
        keep = [e > s for s, e in zip(starts, ends)]
    return list(compress(starts, keep)), list(compress(ends, keep))


def _visible_from(text: str) -> int:
    """``len(text) - len(text.lstrip())``, without copying the text (a window is a megabyte)."""
    start = 0
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def _visible_to(text: str) -> int:
    """``len(text.rstrip())``, without copying the text."""
    end = len(text)
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


# The small path of segment_bounds, over the characters: the candidates numpy finds over the bytes (a ".!?"
# followed by a byte of _byte_classes()'s first table, whose 0xE2 stands for U+2000-U+2FFF; Chinese
# sentence-final punctuation), and runs of white space (str.isspace, which \s matches).
_SMALL_CANDIDATES = re.compile("[.!?](?=[ \t.!?\"')\\]\u2000-\u2fff])|[\u3002\uff01\uff1f]")
_WHITE_RUNS = re.compile(r"\s+")
_SEPARATOR_CONTROLS = re.compile("[\x1c-\x1f]")
_SEPARATOR_BYTES = (b"\x1c", b"\x1d", b"\x1e", b"\x1f")  # each found by memchr: a class regex is slower


def _small_segment_bounds(text: str) -> tuple[list[int], list[int]]:
    """:func:`segment_bounds` of a small text, without numpy: the same candidates, gaps and segments."""
    gap_starts, gap_ends = _sentence_gaps(text, (candidate.start() for candidate in _SMALL_CANDIDATES.finditer(text)))
    # Line breaks: a gap runs from the first line break in a run of white space to the end of the run.
    line_gaps = []
    for run in _WHITE_RUNS.finditer(text):
        found = LINE_BREAK.search(run.group())
        if found is not None:
            line_gaps.append((run.start() + found.start(), run.end()))
    if line_gaps:
        gaps = sorted(line_gaps + list(zip(gap_starts, gap_ends)), key=lambda gap: gap[0])
        gap_starts, gap_ends = [g[0] for g in gaps], [g[1] for g in gaps]
    unusual_space = not text.isascii() or _SEPARATOR_CONTROLS.search(text, 0, len(text) - 1) is not None
    return _segments_between(text, gap_starts, gap_ends, unusual_space)


@dataclass
class Segmentation:
    """Lazily computed segments and lines of one text, with offset look-ups."""

    text: str
    buffer: "TextBuffer | None" = field(default=None, repr=False)
    _starts: list[int] | None = field(default=None, repr=False)
    _ends: list[int] | None = field(default=None, repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False)

    def _ensure(self) -> None:
        if self._starts is None:
            self._starts, self._ends = segment_bounds(self.text, self.buffer)

    @property
    def count(self) -> int:
        self._ensure()
        return len(self._starts)

    def bounds(self) -> tuple[list[int], list[int]]:
        """The segments' start and end offsets (as :func:`segment_bounds` gives them: a Segmentation made with
        them as ``_starts`` and ``_ends`` needs not segment the text again)."""
        self._ensure()
        return self._starts, self._ends

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            if self.buffer is not None:
                self._line_starts = self.buffer.line_starts()
            else:
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
        start, end = self._starts[index - 1], self._ends[index - 1]
        while end > start and self.text[end - 1].isspace():
            end -= 1
        while start < end and self.text[start].isspace():
            start += 1
        return start, end

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """Offsets of the sentence around ``offset``, widened to cover it when it falls in a gap."""
        start, end = self.span(self.index_at(offset))
        return min(start, offset), max(end, offset)

    def line_span(self, offset: int) -> tuple[int, int]:
        """Start and end offsets of the line holding ``offset``, without its line break."""
        line_starts = self.line_starts
        line = bisect.bisect_right(line_starts, offset)
        start = line_starts[line - 1]
        end = line_starts[line] if line < len(line_starts) else len(self.text)
        return start, _before_break(self.text, start, end)

    def locate(self, offset: int) -> tuple[int, int, int]:
        """(the number of segments that start at or before ``offset``, line, column as :meth:`line_col`), in one
        call: what every finding needs. The first is :meth:`index_at` but for an offset before the first segment
        (white space at the start of the text), where it is 0: in a window, that offset belongs to the last
        segment of the windows before it."""
        if self._starts is None:
            self._ensure()
        line_starts = self._line_starts if self._line_starts is not None else self.line_starts
        line = bisect.bisect_right(line_starts, offset)
        return bisect.bisect_right(self._starts, offset), line, offset - line_starts[line - 1] + 1

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of ``offset``."""
        line_starts = self.line_starts
        line = bisect.bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    def segments(self) -> list[Segment]:
        self._ensure()
        return [
            Segment(i + 1, self.line_col(s)[0], s, e, self.text[s:e])
            for i, (s, e) in ((i, self.span(i + 1)) for i in range(len(self._starts)))
        ]


def _before_break(text: str, start: int, end: int) -> int:
    """``end`` (the start of the next line) moved back over the line break that ends the line."""
    if end > start and text[end - 1] == "\n":
        end -= 1
        if end > start and text[end - 1] == "\r":
            end -= 1
    elif end > start and text[end - 1] == "\r":
        end -= 1
    return end


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their line breaks (:data:`LINE_BREAK`); a line break at the very end of
    the text ends the last line and does not start another (``"a\nb\n"`` has two lines, ``""`` none)."""
    lines = LINE_BREAK.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


def line_bounds(text: str, offset: int) -> tuple[int, int]:
    """Start and end of the line of ``text`` holding ``offset``, without its line break (for one look-up;
    :meth:`Segmentation.line_span` answers many)."""
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    m = LINE_BREAK.search(text, offset)
    return start, m.start() if m else len(text)


def count_line_breaks(text: str) -> int:
    """The number of line breaks in ``text`` (a ``\r\n`` is one)."""
    if "\r" not in text:  # the usual case: one count instead of three
        return text.count("\n")
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def count_byte_line_breaks(data: bytes) -> int:
    """:func:`count_line_breaks` of the UTF-8 bytes ``data`` (line feeds counted with numpy in a long text: four
    times faster than ``bytes.count``, which reads a byte at a time)."""
    if b"\r" not in data:
        if len(data) < 1 << 16:
            return data.count(b"\n")
        import numpy as np

        return int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8) == 0x0A))
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def segment(text: str) -> list[Segment]:
    """Split ``text`` into :class:`Segment` objects (sentences within lines) with character offsets."""
    return Segmentation(text).segments()


def count_words(text: str) -> int:
    """Whitespace tokens (``len(text.split())``), counted without building the list for large texts."""
    from .textbuf import TextBuffer

    return TextBuffer(text).words()
