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

_SPACES: "weakref.WeakKeyDictionary[TextBuffer, np.ndarray]" = weakref.WeakKeyDictionary()


def folded_spaces(buf: "TextBuffer") -> "np.ndarray":
    """Offsets of the spaces of ``buf.folded()`` (either case mode), in order."""
    spaces = _SPACES.get(buf)
    if spaces is None:
        import numpy as np

        spaces = _SPACES[buf] = np.flatnonzero(np.frombuffer(buf.folded(False), dtype=np.uint8) == 0x20)
    return spaces


class WordSet:
    """Short words (at most 8 bytes each) to find among the words of a folded text: each word as one integer
    (its bytes, little-endian), sorted, and a table of the (length, first byte, last byte) they have, which
    rules out most words of a text before their bytes are read."""

    def __init__(self, words: list[bytes]):
        import numpy as np

        unique = sorted(set(words))
        codes = np.array([int.from_bytes(word, "little") for word in unique], dtype=np.uint64)
        order = np.argsort(codes)
        self.codes = codes[order]
        self.words = [unique[i] for i in order]
        self.longest = max(len(word) for word in unique)
        if not 0 < self.longest <= 8 or min(len(word) for word in unique) < 1:
            raise ValueError("words of 1 to 8 bytes")
        self.shapes = np.zeros((self.longest + 1) << 16, dtype=bool)
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
        lengths = spaces[1:] - spaces[:-1] - 1
        short = np.flatnonzero((lengths >= 1) & (lengths <= self.longest))
        lengths = lengths[short]
        first = data[spaces[short] + 1].astype(np.int64)
        last = data[spaces[short + 1] - 1].astype(np.int64)
        maybe = np.flatnonzero(self.shapes[(lengths << 16) | (first << 8) | last])
        short, lengths = short[maybe], lengths[maybe]
        # The words' bytes, eight to a row (zero after the word's end), read as one little-endian integer a row.
        columns = np.arange(8)
        rows = data[np.minimum(spaces[short, None] + 1 + columns, len(data) - 1)]
        rows[columns >= lengths[:, None]] = 0
        found = np.ascontiguousarray(rows).view("<u8").ravel()
        index = np.minimum(np.searchsorted(self.codes, found), len(self.codes) - 1)
        hit = self.codes[index] == found
        return spaces[short[hit]], index[hit]
