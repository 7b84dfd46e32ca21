"""Regular expressions compiled the first time they are used.

The checks define dozens of patterns at module level; compiling them all (wide Unicode classes, long
alternations) took a third of a one-paragraph ``tqa check``, though a run on plain English text uses few of
them (most belong to the checks that need a source). :func:`lazy_compile` returns a stand-in that compiles on
first use and then hands out the compiled pattern's own methods.
"""

from __future__ import annotations

import re
from typing import Callable


class LazyPattern:
    """A ``re.Pattern`` compiled on first use; attributes (``search``, ``finditer``, ``pattern``…) are the
    compiled pattern's, looked up once each."""

    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)
        _MADE.append(self)

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "_source":
            raise AttributeError(name)
        value = getattr(re.compile(*self._source), name)
        setattr(self, name, value)  # bound to the compiled pattern: later look-ups do not come here
        return value

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r}, {self._source[1]!r})"


_MADE: list[LazyPattern] = []  # every stand-in made so far (module-level patterns: a few dozen)


def compile_made(more: Callable[[], bool] = lambda: True) -> None:
    """Compile the patterns made so far into ``re``'s cache while ``more()`` says to go on, so that their first
    use finds them compiled (a pool's main process does this before it forks: :mod:`tqa.parallel`)."""
    for lazy in list(_MADE):
        if not more():
            return
        re.compile(*lazy._source)


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return LazyPattern(pattern, flags)  # type: ignore[return-value]  (it behaves as one)
