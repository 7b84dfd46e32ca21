"""Gettext PO catalogues: a unit per translated message, read through translate-toolkit's po store.

What is a unit. Each entry with a msgid, except the header and obsolete entries (``#~``: gettext no longer
uses them, so neither a finding nor a fix belongs there). A plural entry is one unit per ``msgstr[n]``, its
source the msgid for form 0 and msgid_plural for the others.

Its id is the msgid as the file writes it (PO escapes such as ``\\n`` and ``\\"``, without the quotes and the
line wrapping), after its msgctxt and ``|`` when it has one, and ``[n]`` for a plural form:
``product title|正版书籍``, ``%d book[1]``. That is gettext's own identity of a message, and what a translator
searches for in an editor. State: ``needs-review`` for a fuzzy entry, else ``translated``, or ``untranslated``
for an empty msgstr; notes: the translator comments (``#``) and extracted comments (``#.``); comments (where an
inline ``tqa: ignore[CODE]`` is read): the translator comments alone, as gettext tools read flags and a
translator's remarks only there, never in what a program extracted; line: where the entry starts. Languages: the header's ``Language`` (and what translate-toolkit reads from Poedit's headers and
the language team), ``X-Source-Language`` for the source, otherwise the options.

Placeholders (``%s``, ``%(name)s``, ``{0}``) stay text: PO has no markup for them, and a glossary phrase never
holds one, so no phrase is ever matched across one.

Decoding: ``--encoding``, else the charset the header declares, else as plain text is decoded. translate-toolkit
3.20 reads a catalogue in another charset than UTF-8 with the wrong decoder (GB18030 bytes come out as Latin-1),
so the store is given the text in UTF-8 with the header saying so; line numbers are those of the file.

Writing back, translate-toolkit's serializer would re-wrap every message it writes (its wrapping is not
always the one the file has), so only the changed msgstr lines are replaced in the file's text, in the wrapping
style the old string was written in: gettext's wrapping at 79 columns when the old string was wrapped so, one
line when it was written on one line, a line after each ``\\n`` when that is how it was broken.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Mapping

from ..errors import TqaError
from ..model import Document
from .base import Reader, ReadOptions, UnitText, language, units_document


class PoReader(Reader):
    name = "po"
    suffixes = (".po",)
    description = "gettext PO catalogues: a unit per message (msgctxt|msgid, [n] per plural form), fuzzy = needs-review"
    writes_back = True

    def read(self, name: str, data: bytes, options: ReadOptions) -> Document:
        if options.source:
            raise TqaError(f"{name}: --source is for plain text; a PO file has its source in its msgids")
        catalogue = _Catalogue.parse(name, data, options)
        return units_document(name, (entry.unit for entry in catalogue.entries), encoding=catalogue.encoding,
                              notes=catalogue.notes, format=self.name,
                              source_language=catalogue.source_language,
                              target_language=catalogue.target_language)

    def write_back(self, name: str, data: bytes, document: Document, targets: Mapping[str, UnitText],
                   options: ReadOptions) -> bytes:
        from ..edits import apply_edits  # the splice of sorted edits, as fix makes them
        from ..writeback import TextEncoding

        catalogue = _Catalogue.parse(name, data, options)
        encoding = TextEncoding.of_input(data, catalogue.encoding)
        if not encoding.round_trips(catalogue.text, data):
            raise TqaError(f"{name}: read as {catalogue.encoding}, it would not be written back byte for byte; "
                           "nothing written (give the file's encoding with --encoding)")
        lines = _Lines(catalogue.text, catalogue.newline)
        edits = []
        for entry in catalogue.entries:
            new = targets.get(entry.unit.id)
            if new is not None:
                edits.append(_msgstr_edit(name, lines, entry, new.target, catalogue.newline))
        text = apply_edits(catalogue.text, sorted(edits))
        try:
            return encoding.encode(text)
        except UnicodeEncodeError as exc:
            line = text.count(catalogue.newline, 0, exc.start) + 1
            raise TqaError(f"{name}:{line}: the fix writes {exc.object[exc.start:exc.end]!r}, which "
                           f"{catalogue.encoding} cannot hold; nothing written") from None


@dataclass
class _Entry:
    unit: UnitText
    form: int | None  # the plural form, or None


@dataclass
class _Catalogue:
    text: str  # the file's text (without a BOM)
    newline: str
    encoding: str
    notes: tuple[str, ...]
    source_language: str
    target_language: str
    entries: list[_Entry]

    @classmethod
    def parse(cls, name: str, data: bytes, options: ReadOptions) -> "_Catalogue":
        text, encoding, notes = _decode(name, data, options.encoding)
        store = _store(name, text)
        header = store.parseheader()
        entries = []
        for message in store.units:
            if message.isheader() or message.isobsolete():
                continue
            entries.extend(_entries(message))
        return cls(text, store.newline, encoding, notes,
                   language(_locale(header.get("X-Source-Language")), options.source_language),
                   language(_locale(store.gettargetlanguage()), options.target_language), entries)


# The charset the header declares ("CHARSET" in a template that was never filled in declares none).
_CHARSET = re.compile(r'"Content-Type:[^"\n]*?charset=\s*([^\s"\\;]+)', re.I)


def _decode(name: str, data: bytes, encoding: str | None) -> tuple[str, str, tuple[str, ...]]:
    """The file's text, the encoding it was read in, and notes from decoding."""
    from ..decoding import decode_text

    if encoding:
        decoded = decode_text(name, data, encoding)
        return decoded.text, decoded.encoding, decoded.notes
    head = data[:65536].decode("ascii", "replace")
    m = _CHARSET.search(head)
    declared = m[1] if m and m[1].upper() != "CHARSET" else None
    if declared is None:
        decoded = decode_text(name, data)
        return decoded.text, decoded.encoding, decoded.notes
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    try:
        text = data[len(bom):].decode(declared)
    except LookupError:
        raise TqaError(f"{name}:{head.count(chr(10), 0, m.start()) + 1}: the header declares the charset "
                       f"{declared!r}, which is not an encoding tqa knows (give one with --encoding)") from None
    except UnicodeDecodeError as exc:
        body = data[len(bom):]
        line = body.count(b"\n", 0, exc.start) + 1
        raise TqaError(f"{name}:{line}: not {declared}, the charset the header "
                       f"declares (byte 0x{body[exc.start]:02x}); give the file's encoding with --encoding") from None
    return text, ("utf-8-bom" if bom else declared.lower()), ()


def _store(name: str, text: str):
    """translate-toolkit's po store of ``text``, given in UTF-8 with a header that says so (module docstring);
    a syntax error is refused at its line."""
    from io import BytesIO

    from translate.storage.poparser import PoParseError
    from translate.storage.pypo import pofile

    utf8 = _CHARSET.sub(lambda m: m[0][:m.start(1) - m.start()] + "UTF-8", text, count=1)
    try:
        return pofile(BytesIO(utf8.encode("utf-8", "surrogateescape")))
    except PoParseError as exc:
        m = re.match(r"(.*) on line (\d+): (.*)$", str(exc), re.S)
        if m is None:  # pragma: no cover - every PoParseError names its line
            raise TqaError(f"{name}: not a PO file: {exc}") from None
        what = m[1][0].lower() + m[1][1:]
        try:
            line = ast.literal_eval(m[3])  # translate-toolkit gives the line as its repr
        except (ValueError, SyntaxError):
            line = m[3]
        raise TqaError(f"{name}:{m[2]}: not a PO file: {what} in {str(line).strip()[:60]!r}") from None
    except ValueError as exc:  # e.g. msgstr[x] with an index that is not a number
        raise TqaError(f"{name}: not a PO file: {exc}") from None


def _locale(code: str | None) -> str:
    """A gettext locale as a language tag: ``pt_BR`` → ``pt-BR``, ``sr@latin`` → ``sr``."""
    code = (code or "").strip().split("@")[0].split(".")[0]
    return code.replace("_", "-")


def _entries(message) -> list[_Entry]:
    from translate.storage.pypo import escapeforpo, unquotefrompo

    msgid = unquotefrompo(message.msgid)
    base = escapeforpo(msgid)
    if message.msgctxt:
        base = f"{escapeforpo(unquotefrompo(message.msgctxt))}|{base}"
    fuzzy = message.isfuzzy()
    note = message.getnotes()
    comments = tuple(line for line in message.getnotes("translator").splitlines() if line.strip())
    line = message.line_number or 0

    def unit(unit_id: str, target: str, source: str) -> UnitText:
        state = "needs-review" if fuzzy else "translated" if target else "untranslated"
        return UnitText(unit_id, target, source, state, note, line, comments=comments)

    if not message.hasplural():
        return [_Entry(unit(base, unquotefrompo(message.msgstr), msgid), None)]
    plural = unquotefrompo(message.msgid_plural)
    return [_Entry(unit(f"{base}[{form}]", unquotefrompo(message.msgstr[form]), msgid if form == 0 else plural),
                   form)
            for form in sorted(message.msgstr)]


# --- splicing a new msgstr into the file's text ------------------------------------------------------------------

class _Lines:
    """The file's lines as translate-toolkit counts them (split at the newline of its first message), with
    the offset of each in the text."""

    def __init__(self, text: str, newline: str):
        self.lines = text.split(newline)
        self.starts = []
        offset = 0
        for line in self.lines:
            self.starts.append(offset)
            offset += len(line) + len(newline)


def _msgstr_edit(name: str, lines: _Lines, entry: _Entry, new: str, newline: str) -> tuple[int, int, str]:
    """(start, end, replacement) of the msgstr (or ``msgstr[n]``) lines of ``entry`` in the file's text."""
    from translate.storage.pypo import unquotefrompo

    keyword = "msgstr" if entry.form is None else f"msgstr[{entry.form}]"
    first = _keyword_line(lines, entry.unit.line - 1, keyword)
    if first is None:
        raise TqaError(f"{name}:{entry.unit.line}: the {keyword} of unit {entry.unit.id!r} is not where the "
                       "parser found it; nothing written")
    last = first
    while last + 1 < len(lines.lines) and lines.lines[last + 1].lstrip().startswith('"'):
        last += 1
    written = [_quoted(line) for line in lines.lines[first:last + 1]]
    if unquotefrompo(written) != entry.unit.target:
        raise TqaError(f"{name}:{first + 1}: the {keyword} of unit {entry.unit.id!r} is not written the way it "
                       "was read; nothing written")
    head = lines.lines[first][:lines.lines[first].index('"')]
    indent = re.match(r"\s*", lines.lines[first + 1]).group() if last > first else ""
    quoted = _rewrapped(written, entry.unit.target, new) or ['""']  # an empty string is one pair of quotes
    replacement = newline.join([head + quoted[0], *(indent + line for line in quoted[1:])])
    start = lines.starts[first]
    end = lines.starts[last] + len(lines.lines[last])
    return start, end, replacement


def _keyword_line(lines: _Lines, start: int, keyword: str) -> int | None:
    """The index of the line starting with ``keyword`` (``msgstr`` or ``msgstr[n]``) from ``start`` on, before
    the next entry's comments."""
    pattern = re.compile(re.escape(keyword) + r'\s*"')
    for index in range(max(0, start), len(lines.lines)):
        stripped = lines.lines[index].lstrip()
        if pattern.match(stripped):
            return index
    return None


def _quoted(line: str) -> str:
    """The quoted string of a message line, from its first quote to its last (as translate-toolkit reads it)."""
    return line[line.index('"'):line.rindex('"') + 1]


def _rewrapped(written: list[str], old: str, new: str) -> list[str]:
    """``new`` as quoted PO lines, wrapped as ``old`` was written (module docstring)."""
    from translate.storage.pypo import escapeforpo, quoteforpo

    if quoteforpo(old) == written:
        return quoteforpo(new)  # gettext's wrapping (msgcat, msgmerge, xgettext, Poedit)
    if len(written) == 1:
        return [f'"{escapeforpo(new)}"']  # a catalogue written with --no-wrap
    if written[0] == '""' and all(line.endswith('\\n"') for line in written[1:-1]):
        pieces = re.findall(r"[^\n]*\n|[^\n]+", new) or [""]
        return ['""', *(f'"{escapeforpo(piece)}"' for piece in pieces)]  # broken after each \n only
    return quoteforpo(new)
