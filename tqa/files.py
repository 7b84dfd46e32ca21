"""One input file: its name as shown (escaped where it cannot be shown as it is) and its bytes, with every
problem a one-line TqaError. The bottom of reading: readers and the directory walk both build on it."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass

from .errors import TqaError

STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Source:
    """A document to read: a path (opened by exactly this name), or stdin."""

    path: str

    @property
    def is_stdin(self) -> bool:
        return self.path == STDIN

    @property
    def name(self) -> str:
        """The name to show: the document id in every report and message."""
        return display_name(self.path)


def display_name(path: str) -> str:
    """``path`` as it can be shown and written anywhere: bytes that are not UTF-8 (which Python keeps as
    surrogate escapes) become ``\\xNN``, and so do control characters, line separators and bidirectional
    overrides, as ``ls -b`` shows them: a newline in a file name would break line-based reports, an escape
    sequence would reach the terminal, and U+202E would show the name reversed."""
    if path == STDIN:
        return STDIN_NAME
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # a str that did not come from the file system (lone surrogates)
        raw = path.encode("utf-8", "surrogatepass")
    return _UNSHOWABLE.sub(_escape, raw.decode("utf-8", "backslashreplace"))


_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def read_bytes(source: Source) -> bytes:
    if source.is_stdin:
        if sys.stdin is None:  # Python sets it to None when started with stdin closed (``tqa check - <&-``)
            raise TqaError(f"{STDIN_NAME}: cannot read: standard input is closed")
        try:
            return sys.stdin.buffer.read()
        except OSError as exc:
            raise TqaError(f"{STDIN_NAME}: cannot read: {_reason(exc)}") from None
    name = source.name
    try:
        with open(source.path, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        raise TqaError(f"{name}: is a directory") from None
    except FileNotFoundError:
        raise TqaError(f"{name}: no such file or directory") from None
    except PermissionError:
        raise TqaError(f"{name}: permission denied") from None
    except OSError as exc:
        raise TqaError(f"{name}: cannot read: {_reason(exc)}") from None
