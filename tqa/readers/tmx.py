"""TMX translation memories: a unit per ``<tu>``, its target and source the ``<seg>``s of two of its ``<tuv>``s.

Read through translate-toolkit's tmx store (the file, its ``<tu>``s, their notes), but each ``<seg>`` through
:func:`tqa.readers.inline.flatten`: the store's text of a segment is the XPath string of the element, which takes
the native code inside ``<bpt>``, ``<ept>``, ``<ph>`` and ``<it>`` (``&lt;b&gt;``) for text. Here each of those
is one tag and ``<hi>`` is a pair of tags around its text.

Languages. TMX names the source language (``srclang`` on the header, or on a ``<tu>``) but not the target: the
target is ``--target-lang``, else the one ``<tuv>`` language that is not the source language. A memory with
several other languages is refused, naming them, until ``--target-lang`` says which one to check; so is one whose
source language is ``*all*`` or missing while the ``<tuv>``s have more than one language and no option says.

Writing back, the store's serializer would re-indent the file and rewrite its prolog, so the new targets are
spliced into the original text instead: only the characters of a changed ``<seg>`` that the fix changed are
replaced (its tags, entities and the rest of its text stay as written); every other byte is the input's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from ..errors import TqaError
from ..model import Document
from .base import Reader, ReadOptions, UnitText, language, units_document
from .inline import InlineRules, flatten, local_name

#: ``<hi>`` holds text between its tags; ``<bpt>``, ``<ept>``, ``<ph>``, ``<it>`` (and ``<ut>``) hold native code.
RULES = InlineRules(paired=frozenset({"hi"}))
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class TmxReader(Reader):
    name = "tmx"
    suffixes = (".tmx",)
    description = ("TMX translation memories: a unit per <tu> (its tuid), the target <tuv> by --target-lang or "
                   "the one language besides srclang")
    writes_back = True

    def read(self, name: str, data: bytes, options: ReadOptions) -> Document:
        if options.source:
            raise TqaError(f"{name}: --source is for plain text; a TMX file has its source in its <tuv>s")
        memory = _Memory.parse(name, data, options)
        return units_document(name, (entry.unit for entry in memory.entries), encoding=memory.encoding,
                              format=self.name, source_language=memory.source_language,
                              target_language=memory.target_language)

    def write_back(self, name: str, data: bytes, document: Document, targets: Mapping[str, UnitText],
                   options: ReadOptions) -> bytes:
        from ..edits import apply_edits  # the splice of sorted edits, as fix makes them
        from ..writeback import TextEncoding

        memory = _Memory.parse(name, data, options)
        encoding = TextEncoding.of_input(data, memory.encoding)
        try:
            text = data[len(encoding.bom):].decode(encoding.codec)
        except UnicodeDecodeError:
            raise TqaError(f"{name}: not valid {memory.encoding}, so it cannot be written back") from None
        if not encoding.round_trips(text, data):
            raise TqaError(f"{name}: read as {memory.encoding}, it would not be written back byte for byte; "
                           "nothing written")
        before = {unit.id: unit for unit in document.units or ()}
        segments = _segment_contents(name, text)
        order = {segment: index for index, segment in enumerate(memory.root.iter("{*}seg"))}
        if len(order) != len(segments):
            raise TqaError(f"{name}: found {len(segments)} <seg> elements where the XML parser found {len(order)}; "
                           "nothing written")
        edits: list[tuple[int, int, str]] = []
        for entry in memory.entries:
            new = targets.get(entry.unit.id)
            if new is None:
                continue
            if entry.segment is None:
                raise TqaError(f"{name}:{entry.unit.line}: unit {entry.unit.id!r} has no target <seg> to write to")
            old = before[entry.unit.id]
            old_text = document.text[old.start:old.end]
            start, end = segments[order[entry.segment]]
            edits.extend(_segment_edits(name, entry.unit, text, start, end, (old_text, old.tags),
                                        (new.target, tuple(new.tags)), encoding.codec))
        text = apply_edits(text, sorted(edits))
        return encoding.encode(text)


@dataclass
class _Entry:
    unit: UnitText
    segment: object | None  # the target <seg> element (None when the <tu> has no <tuv> in the target language)


@dataclass
class _Memory:
    root: object
    encoding: str
    source_language: str
    target_language: str
    entries: list[_Entry]

    @classmethod
    def parse(cls, name: str, data: bytes, options: ReadOptions) -> "_Memory":
        store = _store(name, data)
        root = store.document.getroot()
        header = root.find("header")
        declared = _declared(header.get("srclang") if header is not None else None)
        source = language(declared, options.source_language)
        tus = [unit.xmlelement for unit in store.units]
        target = _target_language(name, tus, source, options.target_language)
        entries = []
        seen: set[str] = set()
        for position, (unit, tu) in enumerate(zip(store.units, tus), 1):
            # A tuid need only be unique from TMX 2.0 on: a repeated one (or a position that is some tuid) gets
            # "@position", so that every unit has an id and the file is still read.
            unit_id = tu.get("tuid") or str(position)
            if unit_id in seen:
                unit_id = f"{unit_id}@{position}"
            seen.add(unit_id)
            entries.append(_entry(name, unit, tu, unit_id, _declared(tu.get("srclang")) or source, target))
        encoding = (store.document.docinfo.encoding or "utf-8").lower()
        return cls(root, encoding, source, target, entries)


def _store(name: str, data: bytes):
    """translate-toolkit's tmx store of ``data``; malformed XML and other roots are refused here, at their line
    (the store would only assert)."""
    from io import BytesIO

    from lxml import etree
    from translate.storage.tmx import tmxfile

    try:
        for _, element in etree.iterparse(BytesIO(data), events=("start",), resolve_entities=False,
                                          no_network=True):
            if element.tag != "tmx":
                raise TqaError(f"{name}:{element.sourceline}: not a TMX file (the root element is "
                               f"<{local_name(element.tag) or element.tag}>, not <tmx>)")
            break
        return tmxfile.parsestring(data)
    except etree.XMLSyntaxError as exc:
        message = re.sub(r", line \d+, column \d+$", "", exc.msg or "")
        raise TqaError(f"{name}:{exc.lineno or 1}: not well-formed XML: {message}") from None


def _declared(value: str | None) -> str:
    """A declared language; ``*all*`` (any language may be the source) declares none."""
    value = (value or "").strip()
    return "" if value.lower() == "*all*" else value


def _tuv_language(tuv) -> str:
    return (tuv.get(XML_LANG) or tuv.get("lang") or "").strip()  # TMX 1.1 wrote lang="…"


def _normal(code: str) -> str:
    return code.replace("_", "-").lower()


def _same_language(code: str, other: str) -> bool:
    """en-US is en; en is en-US (a language without a region matches each of its regions)."""
    a, b = _normal(code), _normal(other)
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def _tuvs(tu) -> list:
    return [child for child in tu if local_name(child.tag) == "tuv"]


def _target_language(name: str, tus: list, source: str, option: str | None) -> str:
    """The target language: the option, else the one language of ``<tuv>``s besides the source (see the module
    docstring)."""
    if option:
        return option.strip()
    others: dict[str, str] = {}
    every: dict[str, str] = {}
    for tu in tus:
        own_source = _declared(tu.get("srclang")) or source
        for tuv in _tuvs(tu):
            code = _tuv_language(tuv)
            if not code:
                continue
            every.setdefault(_normal(code), code)
            if not own_source or not _same_language(code, own_source):
                others.setdefault(_normal(code), code)
    if not source and len(every) > 1:
        raise TqaError(f"{name}: the memory does not say its source language (srclang) and its <tuv>s are in "
                       f"{_listed(every.values())}: give --target-lang (or --source-lang)")
    if len(others) == 1:
        return next(iter(others.values()))
    if not others:
        raise TqaError(f"{name}: no <tuv> in a language other than the source language {source}: "
                       "nothing to check (give --target-lang to check one anyway)")
    raise TqaError(f"{name}: <tuv>s in {len(others)} languages besides the source language {source} "
                   f"({_listed(others.values())}): give --target-lang")


def _listed(codes) -> str:
    codes = sorted(codes)
    return ", ".join(codes[:-1]) + " and " + codes[-1] if len(codes) > 1 else "".join(codes)


def _pick(name: str, tu, tuvs: list, wanted: str, role: str):
    """The ``<tuv>`` in the language ``wanted``: the one written exactly so, else the only one of that language
    (``--target-lang en`` finds ``en-US``)."""
    if not wanted:
        return None
    exact = [tuv for tuv in tuvs if _normal(_tuv_language(tuv)) == _normal(wanted)]
    if exact:
        return exact[0]
    close = [tuv for tuv in tuvs if _tuv_language(tuv) and _same_language(_tuv_language(tuv), wanted)]
    if len(close) > 1:
        raise TqaError(f"{name}:{tu.sourceline}: the {role} language {wanted} fits several <tuv>s "
                       f"({_listed({_tuv_language(tuv) for tuv in close})}): name one of them")
    return close[0] if close else None


def _entry(name: str, unit, tu, unit_id: str, source: str, target: str) -> _Entry:
    tuvs = _tuvs(tu)
    target_tuv = _pick(name, tu, tuvs, target, "target")
    source_tuv = _pick(name, tu, tuvs, source, "source") if source else None
    if source_tuv is None and not source and target_tuv is not None:
        rest = [tuv for tuv in tuvs if tuv is not target_tuv]
        source_tuv = rest[0] if len(rest) == 1 else None  # no source language declared: the other <tuv>
    target_segment = _segment(name, target_tuv)
    source_segment = _segment(name, source_tuv)
    text, tags = flatten(target_segment, RULES) if target_segment is not None else ("", ())
    source_text, source_tags = flatten(source_segment, RULES) if source_segment is not None else (None, ())
    notes = unit.getnotes()
    return _Entry(UnitText(unit_id, text, source_text, "", notes, tu.sourceline or 0, tags, source_tags,
                           (notes,) if notes.strip() else ()),
                  target_segment)


def _segment(name: str, tuv):
    if tuv is None:
        return None
    segment = next((child for child in tuv if local_name(child.tag) == "seg"), None)
    if segment is None:
        raise TqaError(f"{name}:{tuv.sourceline}: a <tuv> without its <seg>")
    return segment


# --- splicing new targets into the file's text ---------------------------------------------------------------

# One token of well-formed XML. Attribute values may hold ">", so a tag is matched attribute by attribute.
_TOKEN = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<cdata><!\[CDATA\[(?P<cdata_text>.*?)\]\]>)"
    r"|(?P<pi><\?.*?\?>)"
    r"|(?P<doctype><!DOCTYPE(?:[^\[>]|\[.*?\])*>)"
    r"|(?P<end></(?P<end_name>[^\s>]+)\s*>)"
    r"|(?P<start><(?P<name>[^\s/>!?]+)(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(?P<empty>/)?>)"
    r"|(?P<text>[^<]+)",
    re.S,
)
# A character of text as written: a reference, a line break (XML reads \r\n and a lone \r as \n), a character.
_ATOM = re.compile(r"&#x[0-9a-fA-F]+;|&#[0-9]+;|&[A-Za-z_][\w.-]*;|\r\n?|[^&\r]", re.S)
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _unprefixed(tag: str) -> str:
    """``tmx:seg`` → ``seg``: a tag as the file writes it, without a namespace prefix."""
    return tag.rsplit(":", 1)[-1]


def _tokens(name: str, text: str, start: int = 0, end: int | None = None):
    end = len(text) if end is None else end
    position = start
    while position < end:
        m = _TOKEN.match(text, position, end)
        if m is None:
            raise TqaError(f"{name}:{text.count(chr(10), 0, position) + 1}: XML tqa cannot follow to write it "
                           "back; nothing written")
        yield m
        position = m.end()


def _segment_contents(name: str, text: str) -> list[tuple[int, int]]:
    """(start, end) of the content of every ``<seg>`` of the file, in document order."""
    contents = []
    opened: int | None = None
    depth = 0
    for m in _tokens(name, text):
        if m["start"] and _unprefixed(m["name"]) == "seg" and opened is None:
            if m["empty"]:
                contents.append((m.end(), m.end()))
            else:
                opened, depth = m.end(), 1
        elif opened is not None and m["start"] and not m["empty"]:
            depth += 1
        elif opened is not None and m["end"]:
            depth -= 1
            if depth == 0:
                contents.append((opened, m.start()))
                opened = None
    return contents


@dataclass
class _Piece:
    """The text between two inline tags as written: ``atoms`` are (start, end, character, in CDATA) of each
    character, in the file's text; ``start``/``end`` where the piece lies (for a piece without characters)."""

    start: int
    end: int
    atoms: list[tuple[int, int, str, bool]]

    @property
    def text(self) -> str:
        return "".join(atom[2] for atom in self.atoms)


def _pieces(name: str, unit: UnitText, text: str, start: int, end: int) -> list[_Piece]:
    """The pieces of text of a ``<seg>``'s content, between its inline tags, in the order of :func:`flatten`."""
    pieces = [_Piece(start, end, [])]
    skipped = 0  # depth inside an element that is one tag (its content is native code, not text)

    def boundary(at_start: int, at_end: int) -> None:
        pieces[-1].end = at_start
        pieces.append(_Piece(at_end, end, []))

    for m in _tokens(name, text, start, end):
        if skipped:
            if m["start"] and not m["empty"]:
                skipped += 1
            elif m["end"]:
                skipped -= 1
                if not skipped:
                    pieces[-1].start = m.end()  # the next piece starts after the element's end tag
            continue
        if m["start"]:
            boundary(m.start(), m.end())
            if _unprefixed(m["name"]) in RULES.paired:
                if m["empty"]:
                    boundary(m.end(), m.end())  # <hi/>: an empty piece between its two tags
            elif not m["empty"]:
                skipped = 1
        elif m["end"]:
            boundary(m.start(), m.end())
        elif m["text"]:
            for atom in _ATOM.finditer(text, m.start(), m.end()):
                pieces[-1].atoms.append((atom.start(), atom.end(), _character(name, unit, atom[0]), False))
        elif m["cdata"]:
            for at in range(m.start("cdata_text"), m.end("cdata_text")):
                pieces[-1].atoms.append((at, at + 1, text[at], True))
        elif m["comment"] or m["pi"]:
            boundary(m.start(), m.end())  # flatten counts a comment in a segment as a tag: no edit crosses it
    return pieces


def _character(name: str, unit: UnitText, written: str) -> str:
    if written.startswith("&#x"):
        return chr(int(written[3:-1], 16))
    if written.startswith("&#"):
        return chr(int(written[2:-1]))
    if written.startswith("&"):
        if written[1:-1] not in _ENTITIES:
            raise TqaError(f"{name}:{unit.line}: unit {unit.id!r}: the entity {written} is defined by the file's "
                           "DTD, which tqa does not read; nothing written")
        return _ENTITIES[written[1:-1]]
    return "\n" if written.startswith("\r") else written


def _segment_edits(name: str, unit: UnitText, text: str, start: int, end: int, old: tuple, new: tuple,
                   codec: str) -> list[tuple[int, int, str]]:
    """The edits of the file's text that turn the ``<seg>`` content ``text[start:end]`` holding the old target
    into one holding the new: in each piece between tags, only the characters that differ."""
    (old_text, old_tags), (new_text, new_tags) = old, new
    pieces = _pieces(name, unit, text, start, end)
    old_pieces = _cut(old_text, old_tags)
    if len(pieces) != len(old_pieces) or [p.text for p in pieces] != old_pieces:
        raise TqaError(f"{name}:{unit.line}: unit {unit.id!r}: its <seg> is not written the way it was read; "
                       "nothing written")
    if len(new_tags) != len(old_tags):
        raise TqaError(f"{name}:{unit.line}: unit {unit.id!r} has {len(old_tags)} inline tags, but the fixed "
                       f"text places {len(new_tags)}")
    edits = []
    for piece, before, after in zip(pieces, old_pieces, _cut(new_text, new_tags)):
        if before != after:
            edits.append(_piece_edit(piece, before, after, codec))
    return edits


def _cut(text: str, tags) -> list[str]:
    cuts = [0, *(offset for offset, _ in tags), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def _piece_edit(piece: _Piece, before: str, after: str, codec: str) -> tuple[int, int, str]:
    """Replace what differs between ``before`` and ``after`` (after the common beginning and end) in the piece
    as written: references and CDATA outside the change stay as they were."""
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < min(len(before), len(after)) - prefix
           and before[len(before) - 1 - suffix] == after[len(after) - 1 - suffix]):
        suffix += 1
    first, last = prefix, len(before) - suffix  # the changed characters of ``before``: [first, last)
    atoms = piece.atoms
    touched = atoms[first:last] or atoms[max(0, first - 1):first + 1]
    if any(in_cdata for *_, in_cdata in touched):
        # Text written into a CDATA section would need other escaping: the piece is written out whole instead.
        return piece.start, piece.end, _escaped(after, codec)
    if first < last:
        edit_start, edit_end = atoms[first][0], atoms[last - 1][1]
    else:  # only an insertion
        edit_start = edit_end = atoms[first][0] if first < len(atoms) else (atoms[-1][1] if atoms else piece.start)
    replacement = _escaped(after[first:len(after) - suffix], codec)
    if any(character == "\n" and end - start == 2 for start, end, character, _ in touched):
        replacement = replacement.replace("\n", "\r\n")  # the line breaks as the file writes them
    return edit_start, edit_end, replacement


def _escaped(text: str, codec: str) -> str:
    """``text`` as XML character data, with a character reference for any character the file's encoding
    cannot hold."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.encode(codec, "xmlcharrefreplace").decode(codec)
