"""Writing a text back in the bytes it was read from: the same codec, the same byte-order mark.

The reader hands the analysis a decoded text without its BOM and the name of the encoding it used; a fixed text
must go back to disk exactly as the file was, except for the edits. So the byte order of UTF-16 and UTF-32 comes
from the file's BOM (not from the codec's habit of writing one of its own), a BOM is written again when and only
when the file had one, and a codec that would not give back the very bytes it read (``unicode_escape`` reads
``\\u00e9`` and writes ``\\xe9``) is found before anything is written.
"""

from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass

from .errors import TqaError

_BYTE_ORDER_MARKS = {
    "utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE),
    "utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE),
}


@dataclass(frozen=True)
class TextEncoding:
    """How a text becomes bytes: ``bom`` followed by the text in ``codec`` (a codec that adds no BOM itself)."""

    name: str  # as the user knows it ("big5", "utf-16"), for messages
    codec: str
    bom: bytes = b""

    @classmethod
    def of_input(cls, data: bytes, encoding: str) -> "TextEncoding":
        """The encoding of the file ``data``, read in ``encoding`` (what the reader reports, or --encoding)."""
        name = "utf-8" if encoding == "utf-8-bom" else encoding  # the reader's name for UTF-8 read by its BOM
        codec = _lookup(name, "encoding")
        if codec in _BYTE_ORDER_MARKS:
            little, big = _BYTE_ORDER_MARKS[codec]
            # Test the longer mark first: the UTF-32 little-endian mark begins with the UTF-16 one.
            for bom, order in sorted(((little, "le"), (big, "be")), key=lambda pair: -len(pair[0])):
                if data.startswith(bom):
                    return cls(encoding, f"{codec}-{order}", bom)
            # No mark: Python read it in the machine's byte order, so it is written back in that order.
            return cls(encoding, f"{codec}-{'le' if sys.byteorder == 'little' else 'be'}")
        if codec == "utf-8-sig":
            codec = "utf-8"  # the BOM, if the file has one, is written below like any other codec's
        try:
            mark = "\ufeff".encode(codec)
        except UnicodeError:
            mark = b""  # the codec has no way to write U+FEFF, so the file cannot start with one
        return cls(encoding, codec, mark if mark and data.startswith(mark) else b"")

    @classmethod
    def named(cls, name: str) -> "TextEncoding":
        """``name`` as Python writes it (utf-16 and utf-8-sig with their BOM): for --output-encoding."""
        return cls(name, _lookup(name, "--output-encoding"))

    def encode(self, text: str) -> bytes:
        """The file's bytes for ``text``; raises ``UnicodeEncodeError`` for a character the codec cannot hold.

        ``surrogateescape`` gives back undecodable bytes a reader may have kept as lone surrogates.
        """
        return self.bom + text.encode(self.codec, "surrogateescape")

    def round_trips(self, text: str, data: bytes) -> bool:
        """Whether writing ``text`` (as read from ``data``) gives back ``data`` byte for byte."""
        try:
            return self.encode(text) == data
        except UnicodeError:
            return False

    @property
    def ascii_compatible(self) -> bool:
        """Whether ASCII text (a diff's markers, line breaks) is plain ASCII bytes in this encoding."""
        probe = "--- +++ @@ -1,2 +1,2 @@\r\n\\ No newline"
        try:
            return probe.encode(self.codec) == probe.encode("ascii")
        except UnicodeError:
            return False


def _lookup(name: str, option: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise TqaError(f"unknown {option} {name!r}") from None
