"""Finding and reading input documents: files, directories, stdin. Every problem is a one-line TqaError."""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import TqaError
from .model import Document

STDIN = "-"


@dataclass(frozen=True)
class Source:
    """A document to read: a path, or stdin."""

    path: str

    @property
    def is_stdin(self) -> bool:
        return self.path == STDIN


def expand_paths(paths: list[str], glob: str = "*.txt") -> list[Source]:
    """Files as given, directories searched recursively for ``glob``; problems raise before anything is read."""
    sources: list[Source] = []
    for path in paths:
        if path == STDIN:
            sources.append(Source(STDIN))
            continue
        p = Path(path)
        if p.is_dir():
            found = sorted(_walk(p, glob))
            if not found:
                raise TqaError(f"{path}: no files matching {glob!r} in this directory")
            sources.extend(Source(f) for f in found)
        elif p.exists():
            sources.append(Source(path))
        else:
            raise TqaError(f"{path}: no such file or directory")
    return sources


def _walk(root: Path, glob: str) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in filenames:
            if fnmatch.fnmatch(name, glob):
                yield os.path.join(dirpath, name)


def read_bytes(source: Source) -> bytes:
    if source.is_stdin:
        return sys.stdin.buffer.read()
    try:
        with open(source.path, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        raise TqaError(f"{source.path}: is a directory") from None
    except FileNotFoundError:
        raise TqaError(f"{source.path}: no such file or directory") from None
    except PermissionError:
        raise TqaError(f"{source.path}: permission denied") from None
    except OSError as exc:
        raise TqaError(f"{source.path}: cannot read: {exc.strerror or exc}") from None


def decode(name: str, data: bytes) -> tuple[str, bytes]:
    """The text of a file and its UTF-8 bytes without a BOM. Refuses binary and non-UTF-8 data."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise TqaError(f"{name}:{line}: binary file (contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise TqaError(
            f"{name}:{line}:{column}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); convert the file to UTF-8"
        ) from None
    return text, data


def read_document(source: Source) -> tuple[Document, bytes]:
    """A :class:`Document` and its UTF-8 bytes (reused by the matcher, so the text is not encoded twice)."""
    name = "<stdin>" if source.is_stdin else source.path
    text, raw = decode(name, read_bytes(source))
    return Document(name, text), raw
