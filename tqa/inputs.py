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


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)
# Single-byte Latin code pages a detector may confuse; English text in one of them is most likely cp1252.
_LATIN_FAMILY = {"cp1250", "cp1252", "latin_1", "iso8859_1", "iso8859_2", "iso8859_15", "cp1257", "mac_roman"}


def decode(name: str, data: bytes, encoding: str | None = None) -> tuple[str, bytes, str]:
    """The text of a file, its UTF-8 bytes (without a BOM), and the encoding it was read in.

    With ``encoding`` that codec is used; otherwise a BOM decides (UTF-8, UTF-16, UTF-32), then UTF-8 is
    tried, then charset-normalizer detects the encoding (GB18030/GBK, Big5, Windows-1252…). Binary data (NUL
    characters in the text) and undecodable bytes are refused with one line naming the file.
    """
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise TqaError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise TqaError(f"{name}:{line}: cannot be read as {encoding} (byte 0x{data[exc.start]:02x})") from None
        return _checked(name, text.removeprefix("\ufeff"), encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(name, data[len(bom):].decode(codec), codec + "-bom" if codec == "utf-8" else codec)
            except UnicodeDecodeError:
                raise TqaError(f"{name}: starts with a {codec} byte-order mark but is not valid {codec}") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise TqaError(f"{name}:{line}: binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), data, "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        line = data.count(b"\n", 0, first_bad) + 1
        column = first_bad - (data.rfind(b"\n", 0, first_bad) + 1) + 1
        raise TqaError(f"{name}:{line}:{column}: not valid UTF-8 and no other encoding fits "
                       f"(byte 0x{data[first_bad]:02x}); give it with --encoding")
    codec = best.encoding
    if codec in _LATIN_FAMILY:
        try:
            return _checked(name, data.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:
            pass
    return _checked(name, str(best), codec)


def _checked(name: str, text: str, encoding: str) -> tuple[str, bytes, str]:
    nul = text.find("\x00")
    if nul >= 0:
        raise TqaError(f"{name}:{text.count(chr(10), 0, nul) + 1}: binary file (contains NUL characters), not text")
    return text, text.encode("utf-8", "surrogatepass"), encoding


def read_document(source: Source, encoding: str | None = None) -> tuple[Document, bytes]:
    """A :class:`Document` and its UTF-8 bytes (reused by the matcher, so the text is not encoded twice)."""
    name = "<stdin>" if source.is_stdin else source.path
    text, raw, used = decode(name, read_bytes(source), encoding)
    return Document(name, text, used), raw
