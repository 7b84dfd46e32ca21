"""A document's UTF-8 bytes, prepared once for the matcher and for counting words (numpy, no Python loops).

The matcher scans folded bytes: ASCII upper case lowered, every white-space character and every hyphen turned
into spaces (one per byte), and runs of spaces collapsed to one. The collapse is undone with a small array of
offsets, and byte offsets are turned into character offsets with the positions of UTF-8 continuation bytes.

Hyphens are "-" and the characters that stand for it: U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN (word
processors), U+FE63 SMALL and U+FF0D FULLWIDTH HYPHEN-MINUS (CJK input methods; NFKC folds both to "-").
Dashes are not hyphens: U+2012 FIGURE DASH, U+2013 EN DASH and U+2014 EM DASH join ranges ("2019–2020") and
set off asides ("the bank–which…"), so a phrase never matches across them. Hyphens are not white space: word
counts (``str.split()``) see "micro‐signal" as one word whichever hyphen it has.

A text shorter than ``SMALL_BYTES`` (a paragraph an editor or a pre-commit hook checks) is prepared with plain
Python over lists and ``bytes`` regular expressions instead: the same offsets, without importing numpy, which
takes longer to import than such a text takes to check. ``TextBuffer.small`` says which way a buffer goes; the
list-valued methods (:meth:`TextBuffer.raw_spans`, :meth:`TextBuffer.char_offsets`) work either way.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

#: Texts with fewer UTF-8 bytes than this are prepared without numpy (see the module docstring).
SMALL_BYTES = 32_768
# The byte sequences of the non-ASCII characters that str.split() treats as white space, and of the hyphens.
_UNICODE_SPACES = re.compile(rb"\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80")
_UNICODE_HYPHENS = re.compile(rb"\xe2\x80[\x90\x91]|\xef\xb9\xa3|\xef\xbc\x8d")
_SPACE_RUNS = re.compile(rb"  +")
_CASE_TWINS = re.compile(rb"\xc4\xb0|\xc5\xbf|\xe2\x84\xaa")  # U+0130, U+017F, U+212A (see ascii_case_twins)

_ASCII_WS = b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "


def _table(lower: bool) -> bytes:
    table = bytearray(range(256))
    for byte in _ASCII_WS + b"-":
        table[byte] = 0x20
    if lower:
        for byte in range(ord("A"), ord("Z") + 1):
            table[byte] = byte + 32
    return bytes(table)


FOLD_TABLE = _table(lower=True)
SPACE_TABLE = _table(lower=False)


class TextBuffer:
    """``text`` and its UTF-8 bytes ``raw`` (lone surrogates pass through, so any ``str`` works)."""

    def __init__(self, text: str, raw: bytes | None = None):
        self.text = text
        # What a scan found for another check (tqa.matcher._Scanner.ride): the riders' tuple -> their hits.
        self.rides: dict[tuple[bytes, ...], "np.ndarray"] = {}
        if raw is not None:
            self.raw = raw  # else encoded on first use: a pool's main process may never need a window's bytes

    @cached_property
    def raw(self) -> bytes:
        return self.text.encode("utf-8", "surrogatepass")

    @cached_property
    def small(self) -> bool:
        if len(self.text) >= SMALL_BYTES:  # a character is at least one byte: no need to encode to know
            return False
        return len(self.raw) < SMALL_BYTES

    @cached_property
    def ascii(self) -> bool:
        return self.raw.isascii()

    @cached_property
    def array(self) -> "np.ndarray":
        import numpy as np

        return np.frombuffer(self.raw, dtype=np.uint8)

    # -- the small path: lists and bytes regular expressions ------------------------------------------------
    @cached_property
    def _marked_spans(self) -> list[tuple[int, int]]:
        """Byte spans of the non-ASCII white space and hyphens (small texts)."""
        if self.ascii:
            return []
        spans = [m.span() for m in _UNICODE_SPACES.finditer(self.raw)]
        spans.extend(m.span() for m in _UNICODE_HYPHENS.finditer(self.raw))
        return spans

    @cached_property
    def _small_unfolded(self) -> dict[bool, bytes]:
        """The folded bytes before runs of spaces are collapsed, per case mode (small texts)."""
        out = {}
        for case_sensitive in (False, True):
            data = self.raw.translate(SPACE_TABLE if case_sensitive else FOLD_TABLE)
            if self._marked_spans:
                array = bytearray(data)
                for start, end in self._marked_spans:
                    array[start:end] = b" " * (end - start)
                data = bytes(array)
            out[case_sensitive] = data
        return out

    @cached_property
    def _small_kept_before(self) -> list[int] | None:
        """For each byte the collapse drops, the bytes kept before it (small texts; None: nothing dropped)."""
        kept_before: list[int] = []
        dropped = 0
        for m in _SPACE_RUNS.finditer(self._small_unfolded[True]):
            for position in range(m.start() + 1, m.end()):
                kept_before.append(position - dropped)
                dropped += 1
        return kept_before or None

    @cached_property
    def _small_continuation(self) -> list[int]:
        return [i for i, byte in enumerate(self.raw) if 0x80 <= byte < 0xC0]

    def raw_spans(self, starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
        """:meth:`uncollapse` over lists: offsets in :meth:`folded` bytes back to offsets in ``raw``."""
        if not self.small:
            import numpy as np

            raw_starts, raw_ends = self.uncollapse(np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64))
            return raw_starts.tolist(), raw_ends.tolist()
        kept_before = self._small_kept_before
        if kept_before is None:
            return list(starts), list(ends)
        right = bisect.bisect_right
        return ([s + right(kept_before, s) for s in starts],
                [e - 1 + right(kept_before, e - 1) + 1 for e in ends])

    def char_offsets(self, byte_offsets: list[int]) -> list[int]:
        """:meth:`to_chars` over a list."""
        if self.ascii:
            return list(byte_offsets)
        if not self.small:
            import numpy as np

            return self.to_chars(np.asarray(byte_offsets, dtype=np.int64)).tolist()
        continuation = self._small_continuation
        left = bisect.bisect_left
        return [b - left(continuation, b) for b in byte_offsets]

    # -- the numpy path --------------------------------------------------------------------------------------
    @cached_property
    def _marked(self) -> "tuple[np.ndarray, np.ndarray, np.ndarray]":
        """(byte offsets of every byte of a non-ASCII white-space character, of every byte of a non-ASCII
        hyphen, of each of :meth:`ascii_case_twins`), found in one pass over the lead bytes."""
        import numpy as np

        if self.ascii:
            none = np.zeros(0, dtype=np.int64)
            return none, none, none
        return _unicode_marks(self.array)

    def ascii_case_twins(self) -> list[int]:
        """Byte offsets of the non-ASCII letters that a case-insensitive regex matches as ASCII ones (U+0130
        LATIN CAPITAL LETTER I WITH DOT ABOVE as "i", U+017F LATIN SMALL LETTER LONG S as "s", U+212A KELVIN SIGN as
        "k"): folding leaves them as they are, so a required literal found in the folded bytes misses them."""
        if self.small:
            return [m.start() for m in _CASE_TWINS.finditer(self.raw)] if not self.ascii else []
        return self._marked[2].tolist()

    @cached_property
    def _unicode_spaces(self) -> "np.ndarray | None":
        """True on every byte of a non-ASCII white-space character (no-break space, ideographic space…)."""
        return self._mask(self._marked[0])

    @property
    def unicode_spaces(self) -> "np.ndarray | None":
        """True on every byte of a non-ASCII white-space character; None when there is none (numpy path)."""
        return self._unicode_spaces

    @cached_property
    def _unicode_hyphens(self) -> "np.ndarray | None":
        """True on every byte of a non-ASCII hyphen (U+2010, U+2011, U+FE63, U+FF0D)."""
        return self._mask(self._marked[1])

    def _mask(self, offsets: "np.ndarray") -> "np.ndarray | None":
        import numpy as np

        if not len(offsets):
            return None
        mask = np.zeros(len(self.raw), dtype=bool)
        mask[offsets] = True
        return mask

    def _spaced(self, case_sensitive: bool) -> bytes:
        """The raw bytes with ASCII upper case lowered (unless ``case_sensitive``) and every byte of white space
        or a hyphen made a space: :meth:`folded` before runs of spaces are collapsed (the same length as raw)."""
        import numpy as np

        data = self.raw.translate(SPACE_TABLE if case_sensitive else FOLD_TABLE)
        spaces, hyphens, _ = self._marked
        if len(spaces) or len(hyphens):
            array = np.frombuffer(data, dtype=np.uint8).copy()
            array[spaces] = 0x20
            array[hyphens] = 0x20
            data = array.tobytes()
        return data

    @cached_property
    def _fold_spaces(self) -> "np.ndarray":
        """True where the folded bytes hold a space (white space or hyphen in the text)."""
        import numpy as np

        return np.frombuffer(self._spaced(False), dtype=np.uint8) == 0x20

    @cached_property
    def _collapse(self) -> "tuple[np.ndarray | None, np.ndarray | None]":
        """(offsets of the bytes dropped, mapping array) when the folded text has runs of spaces, else
        (None, None)."""
        import numpy as np

        spaces = self._fold_spaces
        if len(spaces) < 2:
            return None, None
        repeated = spaces[1:] & spaces[:-1]
        dropped = np.flatnonzero(repeated) + 1
        if not len(dropped):
            return None, None
        # kept_before[i]: bytes kept before the i-th dropped byte; a collapsed offset p maps back to
        # p + (number of dropped bytes whose kept_before <= p).
        kept_before = dropped - np.arange(len(dropped))
        return dropped, kept_before

    def folded(self, case_sensitive: bool = False) -> bytes:
        """The bytes the automaton scans (see the module docstring); computed once per case mode."""
        cache = self.__dict__.setdefault("_folded", {})
        if case_sensitive not in cache and self.small:
            cache[case_sensitive] = _SPACE_RUNS.sub(b" ", self._small_unfolded[case_sensitive])
        if case_sensitive not in cache:
            import numpy as np

            data = self._spaced(case_sensitive)
            if "_fold_spaces" not in self.__dict__:  # the same spaces in either case mode: not folded twice
                self.__dict__["_fold_spaces"] = np.frombuffer(data, dtype=np.uint8) == 0x20
            dropped, _ = self._collapse
            cache[case_sensitive] = data if dropped is None else _without(data, dropped)
        return cache[case_sensitive]

    def folded_span(self, start: int, end: int) -> bytes:
        """``folded(True)[start:end]`` (offsets into the folded bytes), made from the raw bytes of that span alone
        when the whole case-sensitive folding was not made: a scan folds the text once, case-insensitively, and
        checks the few hits of case-sensitive keys here."""
        cache = self.__dict__.get("_folded")
        if cache is not None and True in cache:
            return cache[True][start:end]
        (raw_start,), (raw_end,) = self.raw_spans([start], [end])
        piece = self.raw[raw_start:raw_end].translate(SPACE_TABLE)
        if not piece.isascii():
            piece = _UNICODE_HYPHENS.sub(b" ", _UNICODE_SPACES.sub(b" ", piece))
        return _SPACE_RUNS.sub(b" ", piece)

    def line_starts(self) -> list[int]:
        """Character offsets where lines start: after ``\n``, ``\r\n`` or a lone ``\r``."""
        if self.small:
            from .segment import LINE_BREAK

            return [0] + [m.end() for m in LINE_BREAK.finditer(self.text)]
        import numpy as np

        data = self.array
        breaks = np.flatnonzero(data == 0x0A) + 1
        returns = np.flatnonzero(data == 0x0D)
        if len(returns):
            following = returns + 1
            lone = following >= len(data)
            lone[~lone] = data[following[~lone]] != 0x0A
            breaks = np.union1d(breaks, following[lone])
        return [0] + self.to_chars(breaks).tolist()

    def uncollapse(self, starts: "np.ndarray", ends: "np.ndarray") -> "tuple[np.ndarray, np.ndarray]":
        """Offsets in :meth:`folded` bytes back to offsets in ``raw``; ``ends`` are exclusive."""
        import numpy as np

        _, kept_before = self._collapse
        if kept_before is None:
            return starts, ends
        last = ends - 1
        return (starts + np.searchsorted(kept_before, starts, side="right"),
                last + np.searchsorted(kept_before, last, side="right") + 1)

    @cached_property
    def _continuation(self) -> "np.ndarray":
        import numpy as np

        return np.flatnonzero((self.array & 0xC0) == 0x80)

    def to_chars(self, byte_offsets: "np.ndarray") -> "np.ndarray":
        """Character offsets into ``text`` of byte offsets into ``raw`` (which fall on character starts)."""
        import numpy as np

        if self.ascii:
            return byte_offsets
        return byte_offsets - np.searchsorted(self._continuation, byte_offsets, side="left")

    def to_bytes(self, char_offsets: "np.ndarray") -> "np.ndarray":
        """Byte offsets into ``raw`` of character offsets into ``text`` (the inverse of :meth:`to_chars`)."""
        import numpy as np

        if self.ascii:
            return char_offsets
        continuation = self._continuation
        # The character each continuation byte belongs to (non-decreasing): a character's first byte comes
        # after the continuation bytes of the characters before it.
        owners = continuation - np.arange(1, len(continuation) + 1)
        return char_offsets + np.searchsorted(owners, char_offsets, side="left")

    def to_char(self, byte_offset: int) -> int:
        if self.ascii:
            return byte_offset
        if self.small:
            return byte_offset - bisect.bisect_left(self._small_continuation, byte_offset)
        import numpy as np

        return byte_offset - int(np.searchsorted(self._continuation, byte_offset, side="left"))

    @cached_property
    def whitespace(self) -> "np.ndarray":
        """True on every byte of a character that ``str.split()`` treats as white space."""
        space = self._fold_spaces & (self.array != 0x2D)  # every folded space that was not a hyphen
        if self._unicode_hyphens is not None:
            space &= ~self._unicode_hyphens
        return space

    def words(self) -> int:
        """Whitespace tokens, exactly ``len(text.split())``."""
        if self.small:
            return len(self.text.split())
        import numpy as np

        space = self.whitespace
        starts = np.count_nonzero(space[:-1] & ~space[1:])
        return int(starts + (not space[0]))


def _unicode_marks(data: "np.ndarray") -> "tuple[np.ndarray, np.ndarray, np.ndarray]":
    """(byte offsets of every byte of the non-ASCII characters that ``str.split()`` treats as white space, of
    every byte of U+2010, U+2011 (E2 80 90/91), U+FE63 (EF B9 A3) and U+FF0D (EF BC 8D), of the first byte of
    U+0130 (C4 B0), U+017F (C5 BF) and U+212A (E2 84 AA)) in UTF-8 ``data``."""
    import numpy as np

    leads = np.flatnonzero(data >= 0xC2)  # every lead byte of a multi-byte character, and nothing else
    size = len(data)
    lead = data[leads]
    b1 = data[np.minimum(leads + 1, size - 1)]
    b2 = data[np.minimum(leads + 2, size - 1)]
    whole = leads + 2 < size  # (a lead cut off at the end of the data marks nothing)
    two = (lead == 0xC2) & ((b1 == 0x85) | (b1 == 0xA0)) & (leads + 1 < size)  # U+0085, U+00A0
    e2 = lead == 0xE2
    three = whole & (
        ((lead == 0xE1) & (b1 == 0x9A) & (b2 == 0x80))  # U+1680
        | (e2 & (b1 == 0x80) & ((b2 <= 0x8A) | (b2 == 0xA8) | (b2 == 0xA9) | (b2 == 0xAF)))
        | (e2 & (b1 == 0x81) & (b2 == 0x9F))  # U+205F
        | ((lead == 0xE3) & (b1 == 0x80) & (b2 == 0x80))  # U+3000
    )
    hyphen = whole & ((e2 & (b1 == 0x80) & ((b2 == 0x90) | (b2 == 0x91)))
                      | ((lead == 0xEF) & (((b1 == 0xB9) & (b2 == 0xA3)) | ((b1 == 0xBC) & (b2 == 0x8D)))))
    twins = ((((lead == 0xC4) & (b1 == 0xB0)) | ((lead == 0xC5) & (b1 == 0xBF))) & (leads + 1 < size)
             | (whole & e2 & (b1 == 0x84) & (b2 == 0xAA)))
    at_two, at_three, at_hyphen = leads[two], leads[three], leads[hyphen]
    spaces = np.concatenate([at_two, at_two + 1, at_three, at_three + 1, at_three + 2])
    return spaces, np.concatenate([at_hyphen, at_hyphen + 1, at_hyphen + 2]), leads[twins]


def _without(data: bytes, dropped: "np.ndarray") -> bytes:
    """``data`` without the bytes at the sorted offsets ``dropped``: joined from the pieces between them when
    they are few (a text's double spaces), else gathered with a mask."""
    import numpy as np

    if len(dropped) > len(data) >> 8:
        keep = np.ones(len(data), dtype=bool)
        keep[dropped] = False
        return np.frombuffer(data, dtype=np.uint8)[keep].tobytes()
    # Runs of consecutive dropped offsets: the kept pieces lie between them.
    breaks = np.flatnonzero(np.diff(dropped) != 1) + 1
    run_starts = dropped[np.concatenate([[0], breaks])].tolist()
    run_ends = (dropped[np.concatenate([breaks - 1, [len(dropped) - 1]])] + 1).tolist()
    view = memoryview(data)
    pieces = [view[0:run_starts[0]]]
    pieces.extend(view[end:start] for end, start in zip(run_ends, run_starts[1:]))
    pieces.append(view[run_ends[-1]:])
    return b"".join(pieces)
