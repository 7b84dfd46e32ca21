"""Plain text: one unit per line, with no source; or, with ``--source FILE``, each line of the target with the
same line of the source (the WMT layout: ``source.zh`` beside ``system.en``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from ..decoding import decode_text
from ..errors import TqaError
from ..model import Document
from ..segment import split_lines
from .base import Reader, ReadOptions, UnitText


class TextReader(Reader):
    name = "text"
    suffixes = (".txt",)
    description = "plain text, a unit a line; with --source FILE, line-aligned with its source"
    writes_back = True

    def read(self, name: str, data: bytes, options: ReadOptions) -> Document:
        decoded = decode_text(name, data, options.encoding)
        if options.source is None:
            return Document(name, decoded.text, decoded.encoding, decoded.notes,
                            target_language=options.target_language or "")
        return _aligned(name, decoded, options)

    def write_back(self, name: str, data: bytes, document: Document, targets: Mapping[str, UnitText],
                   options: ReadOptions) -> bytes:
        raise TqaError(f"{name}: plain text is written back by tqa fix directly")  # pragma: no cover


def _aligned(name: str, decoded, options: ReadOptions) -> Document:
    """The target's lines, each with the source's line of the same number: the target text stays as it was
    read (offsets and line breaks included), the units say where each line lies."""
    from ..files import Source, read_bytes

    source = Source(options.source)
    source_text = decode_text(source.name, read_bytes(source), options.encoding)
    document = aligned_document(name, decoded.text, split_lines(source_text.text), source.name,
                                source_language=options.source_language or "",
                                target_language=options.target_language or "")
    return replace(document, encoding=decoded.encoding, notes=(*decoded.notes, *source_text.notes))


def aligned_document(name: str, text: str, source_lines: list[str], source_name: str = "", *,
                     source_language: str = "", target_language: str = "") -> Document:
    """A plain text whose line n is the translation of ``source_lines[n]``: units are its lines, each with its
    source line; the text stays as it is (offsets and line breaks included). Line counts must agree."""
    from ..model import Unit

    starts = _line_spans(text)
    if len(starts) != len(source_lines):
        raise TqaError(f"{name}: {len(starts)} lines, but the source{' ' + source_name if source_name else ''} has "
                       f"{len(source_lines)}; "
                       "with --source, the files must be line-aligned (a line ends at \\n, \\r\\n or a lone \\r)")
    units = tuple(Unit(str(number), start, end, source_lines[number - 1], line=number)
                  for number, (start, end) in enumerate(starts, 1))
    return Document(name, text, units=units, format="text", source_language=source_language,
                    target_language=target_language)


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text`` without its line break, as :func:`tqa.segment.split_lines` counts
    them."""
    from ..segment import LINE_BREAK

    spans = []
    start = 0
    for m in LINE_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans
