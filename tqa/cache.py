"""The user's cache directory for what tqa computes once and reuses: ``$XDG_CACHE_HOME/tqa`` (else
``~/.cache/tqa``), or nothing when ``TQA_NO_CACHE`` is set.

Validated glossaries are kept there (:mod:`tqa.glossary`), and so are the small things a short run would
otherwise rebuild every time: the parsed scoring profile and langdetect's n-gram table. Everything is keyed by
what it was computed from, read only when the current user owns it, and written atomically; a damaged entry
is rebuilt.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path


def cache_dir() -> Path | None:
    if os.environ.get("TQA_NO_CACHE"):
        return None
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tqa"


def read_marshal(name: str):
    """The value kept under ``name`` (see :func:`write_marshal`), or None."""
    base = cache_dir()
    if base is None:
        return None
    path = base / name
    try:
        if path.stat().st_uid != os.getuid():
            return None
        return marshal.loads(path.read_bytes())
    except Exception:  # missing, from another Python, or damaged: the caller computes it again
        return None


def write_marshal(name: str, value) -> None:
    """Keep ``value`` (built of str, bytes, numbers, lists, tuples and dicts) under ``name``, atomically."""
    try:
        data = marshal.dumps(value)
    except ValueError:  # something marshal cannot hold: not cached
        return
    write_bytes(name, data)


def map_bytes(name: str):
    """The bytes kept under ``name`` (see :func:`write_bytes`) mapped into memory, read-only (an ``mmap``: only
    the pages that are looked at are read from disk), or None."""
    import mmap

    base = cache_dir()
    if base is None:
        return None
    try:
        with open(base / name, "rb") as handle:
            if os.fstat(handle.fileno()).st_uid != os.getuid():
                return None
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, or empty (mmap cannot map nothing): the caller computes it again
        return None


def write_bytes(name: str, data: bytes) -> None:
    """Keep ``data`` under ``name``, atomically (a temporary file renamed into place)."""
    import tempfile

    base = cache_dir()
    if base is None:
        return
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=base, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, base / name)
    except OSError:
        pass
