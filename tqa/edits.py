"""Edits of a text: (start, end, replacement) triples, sorted and not overlapping; applying them, and where an
offset of the text before them is in the text after them. What ``tqa fix`` plans and what a reader's write-back
splices into a file's bytes are both edits."""

from __future__ import annotations

import bisect
from typing import Sequence

Edit = tuple[int, int, str]  # replace text[start:end] with the string


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` (sorted, not overlapping) made."""
    pieces: list[str] = []
    position = 0
    for start, end, replacement in edits:
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


class Moved:
    """Where an offset of the text before ``edits`` (sorted, not overlapping, none empty) is in the text after
    them: an offset at the start of an edit stays before its replacement, one at its end (or later) follows it.
    No edit holds a moved offset strictly inside it (tags are protected, units are separated by line breaks)."""

    def __init__(self, edits: Sequence[Edit]):
        self.ends = [end for _, end, _ in edits]
        self.shifts = [0]
        for start, end, replacement in edits:
            self.shifts.append(self.shifts[-1] + len(replacement) - (end - start))

    def __call__(self, offset: int) -> int:
        return offset + self.shifts[bisect.bisect_right(self.ends, offset)]
