"""What several checks read from a long text's folded bytes (``TextBuffer.folded``), found once per text.

The punctuation check (doubled words, a space before punctuation) and the language check (function words of
other languages) all look at the words of the folded text: the runs between its single spaces. The offsets of
those spaces are the same in both case modes (folding lowers ASCII letters and touches nothing else), so they
are found once, with numpy, and kept for as long as the text's buffer lives.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from ..textbuf import TextBuffer

# What has been found in each buffer, kept while the buffer lives (a window's buffer lives for its checks).
_FOUND: "weakref.WeakKeyDictionary[TextBuffer, dict]" = weakref.WeakKeyDictionary()


def _found(buf: "TextBuffer") -> dict:
    found = _FOUND.get(buf)
    if found is None:
        found = _FOUND[buf] = {}
    return found


def folded_spaces(buf: "TextBuffer") -> "np.ndarray":
    """Offsets of the spaces of ``buf.folded()`` (either case mode), in order."""
    found = _found(buf)
    if "spaces" not in found:
        import numpy as np

        found["spaces"] = np.flatnonzero(np.frombuffer(buf.folded(False), dtype=np.uint8) == 0x20)
    return found["spaces"]


def after_spaces(buf: "TextBuffer") -> "np.ndarray":
    """The byte of ``buf.folded(False)`` after each of :func:`folded_spaces` (0 after a space that ends the
    text): the first byte of each word, and the punctuation a space stands before. Only ASCII letters differ
    between the case modes, so the other bytes are those of ``buf.folded(True)`` too."""
    found = _found(buf)
    if "after" not in found:
        import numpy as np

        data = np.frombuffer(buf.folded(False), dtype=np.uint8)
        spaces = folded_spaces(buf)
        after = data[np.minimum(spaces + 1, len(data) - 1)]
        if len(spaces) and spaces[-1] == len(data) - 1:
            after[-1] = 0
        found["after"] = after
    return found["after"]


def high_leads(buf: "TextBuffer") -> "tuple[np.ndarray, np.ndarray]":
    """(byte offsets in ``buf.raw``, the bytes) of every byte from E1 up: the lead bytes of the characters
    from U+1000 up, where CJK text, curly quotes and full-width punctuation are."""
    found = _found(buf)
    if "high" not in found:
        import numpy as np

        data = buf.array
        leads = np.flatnonzero(data >= 0xE1)
        found["high"] = leads, data[leads]
    return found["high"]


def three_byte_codes(buf: "TextBuffer") -> "tuple[np.ndarray, np.ndarray]":
    """(byte offsets in ``buf.raw``, 24-bit values) of the three-byte UTF-8 sequences that start with E2, E3
    or EF: where the curly quotes, CJK and full-width punctuation are."""
    found = _found(buf)
    if "codes" not in found:
        import numpy as np

        data = buf.array
        leads, values = high_leads(buf)
        leads = leads[((values == 0xE2) | (values == 0xE3) | (values == 0xEF)) & (leads + 2 < len(data))]
        codes = (data[leads].astype(np.int32) << 16) | (data[leads + 1].astype(np.int32) << 8) | data[leads + 2]
        found["codes"] = leads, codes
    return found["codes"]


class WordSet:
    """Short words (at most 8 bytes each) to find among the words of a folded text: each word as one integer
    (its bytes, little-endian), sorted, and a table of the (length, first byte, last byte) they have, which
    rules out most words of a text before their bytes are read."""

    LONGEST = 8  # bytes: a word is read as one 64-bit integer

    def __init__(self, words: list[bytes]):
        import numpy as np

        unique = sorted(set(words))
        codes = np.array([int.from_bytes(word, "little") for word in unique], dtype=np.uint64)
        order = np.argsort(codes)
        self.codes = codes[order]
        self.words = [unique[i] for i in order]
        self.longest = max(len(word) for word in unique)
        if not 0 < self.longest <= self.LONGEST or min(len(word) for word in unique) < 1:
            raise ValueError(f"words of 1 to {self.LONGEST} bytes")
        # Lengths from 0 to longest + 1 (which stands for every longer word): no word of the set has 0 or that.
        self.shapes = np.zeros((self.longest + 2) << 16, dtype=bool)
        for word in unique:
            self.shapes[(len(word) << 16) | (word[0] << 8) | word[-1]] = True

    def find(self, buf: "TextBuffer") -> "tuple[np.ndarray, np.ndarray]":
        """(offset in ``buf.folded()`` of the space before it, index in ``words``) of every word of the set
        that has a space on either side: where an automaton of the keys " word " would find them."""
        import numpy as np

        spaces = folded_spaces(buf)
        if len(spaces) < 2:
            return spaces[:0], spaces[:0]
        data = np.frombuffer(buf.folded(False), dtype=np.uint8)
        # Every word's shape at once, in 32-bit integers where the text allows (half the memory traffic of 64).
        at = spaces.astype(np.int32) if len(data) < 1 << 31 else spaces
        lengths = at[1:] - at[:-1] - 1
        shapes = (np.minimum(lengths, self.longest + 1) << 16) | (data[at[:-1] + 1].astype(at.dtype) << 8)
        shapes |= data[at[1:] - 1]
        short = np.flatnonzero(self.shapes[shapes])
        lengths = lengths[short]
        # The words' bytes, eight to a row (zero after the word's end), read as one little-endian integer a row.
        columns = np.arange(8)
        rows = data[np.minimum(spaces[short, None] + 1 + columns, len(data) - 1)]
        rows[columns >= lengths[:, None]] = 0
        found = np.ascontiguousarray(rows).view("<u8").ravel()
        index = np.minimum(np.searchsorted(self.codes, found), len(self.codes) - 1)
        hit = self.codes[index] == found
        return spaces[short[hit]], index[hit]
