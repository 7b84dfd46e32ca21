"""Progress bars on stderr for long runs (``check``, ``compare``, ``mine``), drawn by tqdm.

A bar appears only when stderr is a terminal, the user did not switch it off (``--no-progress``, the config key
``no-progress``), and the run has lasted :data:`DELAY` seconds: a short run (an editor's check of one file) shows
nothing and never imports tqdm. Whatever else the run writes to the terminal meanwhile (warnings, a text report
on stdout) goes through :meth:`Progress.paused`, so that it is not drawn over the bar.
"""

from __future__ import annotations

import contextlib
import sys
import time
from typing import Iterator

#: Seconds a run lasts before its bar appears (``$TQA_PROGRESS_DELAY`` sets another: tests use 0).
DELAY = 1.0
DELAY_VARIABLE = "TQA_PROGRESS_DELAY"


def _delay() -> float:
    import os

    try:
        return max(0.0, float(os.environ.get(DELAY_VARIABLE, DELAY)))
    except ValueError:
        return DELAY


def wanted(enabled: bool = True, stream=None) -> bool:
    """Whether a bar may be shown: ``enabled`` and ``stream`` (stderr) is a terminal."""
    stream = sys.stderr if stream is None else stream
    try:
        return enabled and stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # closed, or not a real stream
        return False


class Progress:
    """A bar of ``total`` units (``unit``: ``"B"`` counts bytes shown as kB/MB, else things such as documents),
    created on the first :meth:`update` after :data:`DELAY` seconds; a no-op when not :func:`wanted`."""

    def __init__(self, total: int | None, *, unit: str = "doc", description: str = "", enabled: bool = True,
                 stream=None, delay: float | None = None):
        self.stream = sys.stderr if stream is None else stream
        self.active = wanted(enabled, self.stream)
        self.total = total
        self.unit = unit
        self.description = description
        self.delay = _delay() if delay is None else delay
        self.done = 0
        self.window_moved = 0  # what the windows of the current document moved the bar on by (tqa.parallel)
        self.started = time.monotonic()
        self._bar = None

    def update(self, amount: int = 1, postfix: str | None = None) -> None:
        self.done += amount
        if not self.active:
            return
        if self._bar is None:
            if time.monotonic() - self.started < self.delay:
                return
            self._bar = self._open()
        self._bar.update(amount)
        if postfix is not None:
            self._bar.set_postfix_str(postfix, refresh=False)

    def _open(self):
        from tqdm import tqdm

        bytes_ = self.unit == "B"
        # A terminal that reports no size (a bare pseudo-terminal) would get no bar at all: 80 by 24 then.
        sized = all(_size(self.stream))
        bar = tqdm(total=self.total, unit=self.unit, unit_scale=bytes_, desc=self.description or None,
                   file=self.stream, dynamic_ncols=sized, ncols=None if sized else 80, nrows=None if sized else 24,
                   leave=False, mininterval=0.2, smoothing=0.1,
                   bar_format=_BYTES_FORMAT if bytes_ else None)
        bar.start_t -= time.monotonic() - self.started  # the rate and ETA count from the run's start
        return bar

    @contextlib.contextmanager
    def paused(self, writing: bool = True) -> Iterator[None]:
        """Write to the terminal inside this block without breaking the bar (it is cleared and redrawn);
        nothing is done unless ``writing``."""
        if self._bar is None or not writing:
            yield
            return
        with self._bar.external_write_mode(file=self.stream):
            yield

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        self.active = False

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_BYTES_FORMAT = "{l_bar}{bar}| {n_fmt}B/{total_fmt}B [{elapsed}<{remaining}, {rate_fmt}{postfix}]"


def _size(stream) -> tuple[int, int]:
    """(columns, lines) of the terminal ``stream`` writes to; zeros when it does not say."""
    import os

    try:
        return tuple(os.get_terminal_size(stream.fileno()))
    except (AttributeError, OSError, ValueError):
        return 0, 0
