"""Writing output files atomically: a temporary file beside the target, renamed over it when complete."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path
from typing import Iterator, TextIO

from .errors import TqaError


@contextlib.contextmanager
def open_output(path: str | None, *, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """A text stream for ``path`` (stdout when None or "-"). The file appears only when the block succeeds."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    if target.exists() and not target.is_file():
        # A device or a pipe (/dev/stdout, /dev/full, a FIFO): written directly, never replaced by a rename.
        try:
            with io.open(target, "w", encoding=encoding, newline=newline) as handle:
                yield handle
                handle.flush()
        except OSError as exc:
            raise TqaError(f"{path}: cannot write: {exc.strerror or exc}") from None
        return
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise TqaError(f"{path}: cannot write: directory {str(directory)!r} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise TqaError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with io.open(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise TqaError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
