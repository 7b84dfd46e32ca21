"""A document's UTF-8 bytes, prepared once for the matcher and for counting words (numpy, no Python loops).

The matcher scans folded bytes: ASCII upper case lowered, every white-space character and every hyphen turned
into spaces (one per byte), and runs of spaces collapsed to one. The collapse is undone with a small array of
offsets, and byte offsets are turned into character offsets with the positions of UTF-8 continuation bytes.

Hyphens are "-" and the characters that stand for it: U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN (word
processors), U+FE63 SMALL and U+FF0D FULLWIDTH HYPHEN-MINUS (CJK input methods; NFKC folds both to "-").
Dashes are not hyphens: U+2012 FIGURE DASH, U+2013 EN DASH and U+2014 EM DASH join ranges ("2019–2020") and
set off asides ("the bank–which…"), so a phrase never matches across them. Hyphens are not white space: word
counts (``str.split()``) see "micro‐signal" as one word whichever hyphen it has.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

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
        self.raw = raw if raw is not None else text.encode("utf-8", "surrogatepass")

    @cached_property
    def ascii(self) -> bool:
        return self.raw.isascii()

    @cached_property
    def array(self) -> np.ndarray:
        return np.frombuffer(self.raw, dtype=np.uint8)

    @cached_property
    def _unicode_spaces(self) -> np.ndarray | None:
        """True on every byte of a non-ASCII white-space character (no-break space, ideographic space…)."""
        if self.ascii:
            return None
        mask = np.zeros(len(self.raw), dtype=bool)
        return mask if _mark_unicode_spaces(self.array, mask) else None

    @cached_property
    def _unicode_hyphens(self) -> np.ndarray | None:
        """True on every byte of a non-ASCII hyphen (U+2010, U+2011, U+FE63, U+FF0D)."""
        if self.ascii:
            return None
        mask = np.zeros(len(self.raw), dtype=bool)
        return mask if _mark_unicode_hyphens(self.array, mask) else None

    @cached_property
    def _fold_spaces(self) -> np.ndarray:
        """True where the folded bytes hold a space (white space or hyphen in the text)."""
        spaces = np.frombuffer(self.raw.translate(SPACE_TABLE), dtype=np.uint8) == 0x20
        for mask in (self._unicode_spaces, self._unicode_hyphens):
            if mask is not None:
                spaces |= mask
        return spaces

    @cached_property
    def _collapse(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """(bytes to keep, mapping array) when the folded text has runs of spaces, else (None, None)."""
        spaces = self._fold_spaces
        if len(spaces) < 2:
            return None, None
        repeated = spaces[1:] & spaces[:-1]
        if not repeated.any():
            return None, None
        dropped = np.flatnonzero(repeated) + 1
        keep = np.ones(len(spaces), dtype=bool)
        keep[dropped] = False
        # kept_before[i]: bytes kept before the i-th dropped byte; a collapsed offset p maps back to
        # p + (number of dropped bytes whose kept_before <= p).
        kept_before = dropped - np.arange(len(dropped))
        return keep, kept_before

    def folded(self, case_sensitive: bool = False) -> bytes:
        """The bytes the automaton scans (see the module docstring); computed once per case mode."""
        cache = self.__dict__.setdefault("_folded", {})
        if case_sensitive not in cache:
            data = self.raw.translate(SPACE_TABLE if case_sensitive else FOLD_TABLE)
            masks = [m for m in (self._unicode_spaces, self._unicode_hyphens) if m is not None]
            if masks:
                # Each byte of a non-ASCII space or hyphen becomes a space: offsets stay put, the collapse
                # merges them.
                array = np.frombuffer(data, dtype=np.uint8).copy()
                for mask in masks:
                    array[mask] = 0x20
                data = array.tobytes()
            keep, _ = self._collapse
            cache[case_sensitive] = data if keep is None else np.frombuffer(data, dtype=np.uint8)[keep].tobytes()
        return cache[case_sensitive]

    def line_starts(self) -> list[int]:
        """Character offsets where lines start: after ``\n``, ``\r\n`` or a lone ``\r``."""
        data = self.array
        breaks = np.flatnonzero(data == 0x0A) + 1
        returns = np.flatnonzero(data == 0x0D)
        if len(returns):
            following = returns + 1
            lone = following >= len(data)
            lone[~lone] = data[following[~lone]] != 0x0A
            breaks = np.union1d(breaks, following[lone])
        return [0] + self.to_chars(breaks).tolist()

    def uncollapse(self, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Offsets in :meth:`folded` bytes back to offsets in ``raw``; ``ends`` are exclusive."""
        _, kept_before = self._collapse
        if kept_before is None:
            return starts, ends
        last = ends - 1
        return (starts + np.searchsorted(kept_before, starts, side="right"),
                last + np.searchsorted(kept_before, last, side="right") + 1)

    @cached_property
    def _continuation(self) -> np.ndarray:
        return np.flatnonzero((self.array & 0xC0) == 0x80)

    def to_chars(self, byte_offsets: np.ndarray) -> np.ndarray:
        """Character offsets into ``text`` of byte offsets into ``raw`` (which fall on character starts)."""
        if self.ascii:
            return byte_offsets
        return byte_offsets - np.searchsorted(self._continuation, byte_offsets, side="left")

    def to_char(self, byte_offset: int) -> int:
        if self.ascii:
            return byte_offset
        return byte_offset - int(np.searchsorted(self._continuation, byte_offset, side="left"))

    @cached_property
    def whitespace(self) -> np.ndarray:
        """True on every byte of a character that ``str.split()`` treats as white space."""
        space = self._fold_spaces & (self.array != 0x2D)  # every folded space that was not a hyphen
        if self._unicode_hyphens is not None:
            space &= ~self._unicode_hyphens
        return space

    def words(self) -> int:
        """Whitespace tokens, exactly ``len(text.split())``."""
        if len(self.raw) < 4096:
            return len(self.text.split())
        space = self.whitespace
        starts = np.count_nonzero(space[:-1] & ~space[1:])
        return int(starts + (not space[0]))


def _mark_unicode_spaces(data: np.ndarray, space: np.ndarray) -> bool:
    """Mark the bytes of the non-ASCII characters that ``str.split()`` treats as white space; any found?"""
    padded = np.concatenate([data, np.zeros(2, dtype=np.uint8)])
    leads = np.flatnonzero((data == 0xC2) | (data == 0xE1) | (data == 0xE2) | (data == 0xE3))
    if not len(leads):
        return False
    lead, b1, b2 = padded[leads], padded[leads + 1], padded[leads + 2]
    two = (lead == 0xC2) & ((b1 == 0x85) | (b1 == 0xA0))  # U+0085, U+00A0
    three = (
        ((lead == 0xE1) & (b1 == 0x9A) & (b2 == 0x80))  # U+1680
        | ((lead == 0xE2) & (b1 == 0x80) & ((b2 <= 0x8A) | (b2 == 0xA8) | (b2 == 0xA9) | (b2 == 0xAF)))
        | ((lead == 0xE2) & (b1 == 0x81) & (b2 == 0x9F))  # U+205F
        | ((lead == 0xE3) & (b1 == 0x80) & (b2 == 0x80))  # U+3000
    )
    for mask, width in ((two, 2), (three, 3)):
        for k in range(width):
            space[leads[mask] + k] = True
    return bool(two.any() or three.any())


def _mark_unicode_hyphens(data: np.ndarray, hyphen: np.ndarray) -> bool:
    """Mark the bytes of U+2010, U+2011 (E2 80 90/91), U+FE63 (EF B9 A3) and U+FF0D (EF BC 8D); any found?"""
    padded = np.concatenate([data, np.zeros(2, dtype=np.uint8)])
    leads = np.flatnonzero((data == 0xE2) | (data == 0xEF))
    if not len(leads):
        return False
    lead, b1, b2 = padded[leads], padded[leads + 1], padded[leads + 2]
    found = (((lead == 0xE2) & (b1 == 0x80) & ((b2 == 0x90) | (b2 == 0x91)))
             | ((lead == 0xEF) & (b1 == 0xB9) & (b2 == 0xA3))
             | ((lead == 0xEF) & (b1 == 0xBC) & (b2 == 0x8D)))
    for k in range(3):
        hyphen[leads[found] + k] = True
    return bool(found.any())
