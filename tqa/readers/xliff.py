"""XLIFF 1.2 and 2.0, read through translate-toolkit and written back by splicing the fixed text into the
original bytes.

**Units.** Every ``<trans-unit>`` (1.2) and every ``<segment>`` (2.0) is one unit: a segment is what a CAT tool
shows and what gets a target, and a 2.0 ``<unit>`` may hold several. A unit's id is the file's own: the
``<trans-unit>``'s or ``<unit>``'s ``id``, and for a 2.0 ``<unit>`` of several segments ``UNIT/SEGMENT`` (the
segment's ``id``, else its position, 1-based). In a file of several ``<file>`` elements, where ids often start
again at 1 in each, every id is prefixed by its file's name (``original`` in 1.2, ``id`` in 2.0) and "/".
Units marked ``translate="no"`` (on themselves or on a ``<group>`` or ``<file>`` around them) are left out: there
is nothing there a translator may change. A unit without a ``<target>`` is read with an empty target (it is
untranslated); a file where no unit has one is refused, since it has not been translated yet.

**Text and tags.** Source and target are flattened by :func:`tqa.readers.inline.flatten`: ``<g>`` and ``<mrk>``
(1.2), ``<pc>`` and ``<mrk>`` (2.0) are pairs of tags around text, every other inline element (``<x/>``,
``<bx/>``, ``<ph>``, ``<bpt>``, ``<sc/>``…) is one tag. The text is the file's character data as it stands
(``xml:space`` is not applied), so that writing back can put it where it was.

**State, notes, line.** The state is the ``state`` attribute of the 1.2 ``<target>`` or of the 2.0
``<segment>`` (empty when the file gives none); the notes are a 1.2 ``<trans-unit>``'s ``<note>`` elements or a
2.0 ``<unit>``'s ``<notes>``; the line is that of the ``<trans-unit>`` or ``<segment>`` start tag. Languages
come from ``source-language``/``target-language`` of the first ``<file>`` (1.2) or ``srcLang``/``trgLang`` of
the root (2.0), else from the options.

**Writing back.** translate-toolkit's serializer re-indents the whole tree and rewrites the prolog and the
root start tag, so it is not used for output. Instead the original text is cut at its markup (the file is
well-formed: it has just been parsed) and only the runs of character data of a changed target whose text
changed are replaced, escaped; start tags, inline tags, entity references and every other byte stay as they
were. The result is parsed again and every unit compared with what it should hold before anything is returned.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterator, Mapping, NamedTuple

from ..errors import TqaError
from ..model import Document, Unit
from .base import Reader, ReadOptions, UnitText, language, units_document

if TYPE_CHECKING:  # pragma: no cover
    from lxml import etree  # imported where a file is read: the reader registry imports this module
from .inline import InlineRules, flatten, local_name

XLIFF_1 = InlineRules(frozenset({"g", "mrk"}))
XLIFF_2 = InlineRules(frozenset({"pc", "mrk"}))


class XliffReader(Reader):
    name = "xliff"
    suffixes = (".xlf", ".xliff", ".sdlxliff")
    description = "XLIFF 1.2 and 2.0 (translate-toolkit): a unit per <trans-unit> or <segment>, inline tags kept"
    writes_back = True

    def read(self, name: str, data: bytes, options: ReadOptions) -> Document:
        loaded = _load(name, data)
        found = list(_units(name, loaded))
        if found and all(unit.target is None for unit in found):
            raise TqaError(f"{name}: no unit has a <target>: the file has not been translated yet, nothing to "
                           "check")
        return units_document(
            name, (_unit_text(unit, loaded.rules) for unit in found), encoding=loaded.encoding, format=self.name,
            source_language=language(loaded.source_language, options.source_language),
            target_language=language(loaded.target_language, options.target_language))

    def write_back(self, name: str, data: bytes, document: Document, targets: Mapping[str, UnitText],
                   options: ReadOptions) -> bytes:
        loaded = _load(name, data)
        codec, bom = _codec(name, data, loaded.encoding)
        text = data[len(bom):].decode(codec)
        markup = _Markup(name, text, loaded.root)
        found = {unit.id: unit for unit in _units(name, loaded)}
        before = {unit.id: unit for unit in document.units or ()}
        edits: list[tuple[int, int, str]] = []
        for unit_id, fixed in targets.items():
            if unit_id not in found or unit_id not in before:
                raise TqaError(f"{name}: there is no unit {unit_id!r} to write back")
            old = before[unit_id]
            edits.extend(markup.target_edits(found[unit_id], document.text[old.start:old.end], old.tags,
                                             fixed, loaded.rules))
        # Only fixed text is new, and only inside character data, where a character the file's encoding cannot
        # hold may be written as a character reference.
        written = bom + _spliced(text, sorted(edits)).encode(codec, "xmlcharrefreplace")
        _verify(name, self.read(name, written, ReadOptions()), document, targets)
        return written


# -- reading -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Loaded:
    """A parsed XLIFF file: the element tree (translate-toolkit's), its version and what it declares."""

    root: etree._Element
    containers: tuple[etree._Element, ...]  # <trans-unit> (1.2) or <segment> (2.0) elements, in order
    version: int
    rules: InlineRules
    encoding: str
    source_language: str
    target_language: str


@dataclass(frozen=True)
class _Found:
    """One unit in the tree: its id, the element that holds it (``<trans-unit>`` or ``<segment>``), its
    ``<source>`` and ``<target>`` (None when absent) and its notes."""

    id: str
    container: etree._Element
    source: etree._Element | None
    target: etree._Element | None
    notes: tuple[str, ...]
    state: str


def _load(name: str, data: bytes) -> _Loaded:
    """Parse ``data`` with translate-toolkit's XLIFF store of the file's version; every problem is one line."""
    from lxml import etree
    from translate.misc.xml_helpers import parse_xml
    from translate.storage import xliff, xliff2

    if not data.strip():
        raise TqaError(f"{name}: an empty file, not XLIFF")
    try:
        # translate-toolkit's own parser (no entity expansion, no network), first to check what the file is:
        # its store classes take any XML and fail deep inside on what is not XLIFF of their version.
        version = _version(name, parse_xml(data))
    except etree.XMLSyntaxError as exc:
        raise TqaError(f"{_where(name, exc)}: not well-formed XML: {_reason(exc)}") from None
    store_class = xliff2.Xliff2File if version == 2 else xliff.Xliff1File
    try:
        store = store_class(data)
    except (ValueError, AssertionError) as exc:  # translate-toolkit's own refusals
        raise TqaError(f"{name}: not a usable XLIFF {version} file ({exc})") from None
    root = store.document.getroot()
    containers = tuple(unit.xmlelement for unit in store.units)
    if version == 1:
        first_file = next(_children(root, "file"))
        declared = (first_file.get("source-language", ""), first_file.get("target-language", ""))
    else:
        declared = (root.get("srcLang", ""), root.get("trgLang", ""))
    return _Loaded(root, containers, version, XLIFF_2 if version == 2 else XLIFF_1,
                   store.document.docinfo.encoding or "UTF-8", *declared)


def _version(name: str, root) -> int:
    """1 or 2, from the root element's ``version`` (else its namespace); refuses what is not XLIFF."""
    if local_name(root.tag) != "xliff":
        raise TqaError(f"{name}:{root.sourceline}: not an XLIFF file (its root element is "
                       f"<{local_name(root.tag) or root.tag}>, not <xliff>)")
    from lxml import etree

    version = root.get("version", "")
    namespace = etree.QName(root).namespace or ""
    if version.startswith("1.") or (not version and ":document:1." in namespace):
        number = 1
    elif version.startswith("2.") or (not version and ":document:2." in namespace):
        number = 2
    else:
        raise TqaError(f"{name}:{root.sourceline}: XLIFF version {version or '(none given)'!r} is not one tqa "
                       "reads (1.0 to 1.2, 2.x)")
    if next(_children(root, "file"), None) is None:
        raise TqaError(f"{name}:{root.sourceline}: an XLIFF file without a <file> element")
    return number


def _where(name: str, exc: etree.XMLSyntaxError) -> str:
    line, column = exc.position if exc.position else (exc.lineno, 0)
    return f"{name}:{line}:{column}" if line and column else f"{name}:{line}" if line else name


def _reason(exc: etree.XMLSyntaxError) -> str:
    """libxml2's message without the position it ends with (the message starts with it)."""
    return re.sub(r", line \d+, column \d+$", "", (exc.msg or str(exc)).strip().splitlines()[0])


def _children(element, name: str) -> Iterator[etree._Element]:
    """The child elements named ``name`` in any namespace (or none)."""
    return element.iterchildren(f"{{*}}{name}")


def _units(name: str, loaded: _Loaded) -> Iterator[_Found]:
    """The units of the file, in order, without those that are not to be translated."""
    several_files = sum(1 for _ in _children(loaded.root, "file")) > 1
    for container in loaded.containers:
        if not _translatable(container, loaded.version):
            continue
        found = _found_1(name, container) if loaded.version == 1 else _found_2(name, container)
        if several_files:
            file = next(container.iterancestors("{*}file"))
            label = file.get("original" if loaded.version == 1 else "id") or ""
            found = replace(found, id=f"{label}/{found.id}")
        yield found


def _translatable(container, version: int) -> bool:
    """Whether the nearest ``translate`` attribute on the unit or around it (group, file) allows translation.
    In 2.0 it is the ``<unit>`` around the segment that carries it."""
    element = container if version == 1 else container.getparent()
    while element is not None:
        value = element.get("translate")
        if value is not None:
            return value.strip().lower() != "no"
        element = element.getparent()
    return True


def _found_1(name: str, trans_unit) -> _Found:
    unit_id = trans_unit.get("id")
    if not unit_id:
        raise TqaError(f"{name}:{trans_unit.sourceline}: a <trans-unit> without an id")
    target = next(_children(trans_unit, "target"), None)
    notes = tuple(_text_of(note) for note in _children(trans_unit, "note"))
    return _Found(unit_id, trans_unit, next(_children(trans_unit, "source"), None), target,
                  tuple(note for note in notes if note), target.get("state", "") if target is not None else "")


def _found_2(name: str, segment) -> _Found:
    unit = segment.getparent()
    unit_id = unit.get("id") if unit is not None else None
    if not unit_id:
        raise TqaError(f"{name}:{(unit if unit is not None else segment).sourceline}: a <unit> without an id")
    segments = list(_children(unit, "segment"))
    if len(segments) > 1:
        unit_id = f"{unit_id}/{segment.get('id') or segments.index(segment) + 1}"
    notes = tuple(_text_of(note) for container in _children(unit, "notes") for note in _children(container, "note"))
    return _Found(unit_id, segment, next(_children(segment, "source"), None), next(_children(segment, "target"), None),
                  tuple(note for note in notes if note), segment.get("state", ""))


def _text_of(element) -> str:
    return "".join(element.itertext()).strip()


def _unit_text(found: _Found, rules: InlineRules) -> UnitText:
    target, tags = flatten(found.target, rules) if found.target is not None else ("", ())
    source, source_tags = flatten(found.source, rules) if found.source is not None else ("", ())
    return UnitText(found.id, target, source, found.state, "\n".join(found.notes), found.container.sourceline or 0,
                    tags, source_tags, found.notes)


# -- writing back --------------------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _codec(name: str, data: bytes, declared: str) -> tuple[str, bytes]:
    """The codec the file's text is in, and its byte-order mark (kept apart so that it is written back as it
    was); refuses a file that would not be written back byte for byte."""
    bom, codec = next(((bom, codec) for bom, codec in _BOMS if data.startswith(bom)), (b"", declared))
    try:
        round_trips = data[len(bom):].decode(codec).encode(codec) == data[len(bom):]
    except (LookupError, UnicodeError):
        round_trips = False
    if not round_trips:
        raise TqaError(f"{name}: read as {codec}, the file would not be written back byte for byte; nothing "
                       "written")
    return codec, bom


# The markup of a well-formed XML document, one token each: comments, CDATA sections (character data, not
# tags), processing instructions and the XML declaration, the document type declaration, end tags, and start
# or empty-element tags (whose attribute values may hold ">").
_TOKEN = re.compile(r"""
    (?P<comment><!--.*?-->)
  | (?P<cdata><!\[CDATA\[.*?\]\]>)
  | (?P<pi><\?.*?\?>)
  | (?P<doctype><!DOCTYPE(?:[^\[>"']|"[^"]*"|'[^']*')*(?:\[(?:[^\]"']|"[^"]*"|'[^']*')*\])?\s*>)
  | (?P<end></[^>]*>)
  | (?P<start><(?:[^>"']|"[^"]*"|'[^']*')*>)
""", re.S | re.X)
_TAG_NAME = re.compile(r"</?([^\s/>]+)")


class _Token(NamedTuple):
    kind: str  # comment, cdata, pi, doctype, end, start, empty
    start: int
    end: int
    element: int = -1  # for start, empty and end tags: the element's index in document order


class _Markup:
    """Where every tag of the document text stands, and for each element (numbered in document order, as
    ``root.iter()`` gives them) the tokens of its start and end tags."""

    def __init__(self, name: str, text: str, root):
        self.name = name
        self.text = text
        self.tokens: list[_Token] = []
        self.bounds: list[list[int]] = []  # element index -> [start token, end token]
        self.names: list[str] = []  # element index -> local name
        open_elements: list[int] = []
        lost = False
        for match in _TOKEN.finditer(text):
            kind, element = match.lastgroup, -1
            if kind == "start":
                element = len(self.bounds)
                self.bounds.append([len(self.tokens), len(self.tokens)])
                self.names.append(_TAG_NAME.match(match[0])[1].rsplit(":", 1)[-1])
                if match[0].endswith("/>"):
                    kind = "empty"
                else:
                    open_elements.append(element)
            elif kind == "end":
                if not open_elements:
                    lost = True
                    break
                element = open_elements.pop()
                self.bounds[element][1] = len(self.tokens)
            self.tokens.append(_Token(kind, match.start(), match.end(), element))
        from lxml import etree

        self.index = {element: number for number, element in enumerate(root.iter(etree.Element))}
        if lost or open_elements or len(self.index) != len(self.bounds):
            # Markup that these regular expressions cannot follow (a document type declaration that they misread,
            # entities declared there that expand to tags): refuse rather than guess.
            raise TqaError(f"{name}: tqa cannot locate the targets in this file's markup to write them back; "
                           "nothing written")

    def target_edits(self, found: _Found, old_text: str, old_tags, fixed: UnitText,
                     rules: InlineRules) -> list[tuple[int, int, str]]:
        """The edits of the document text that give ``found``'s target the text ``fixed.target``: each run of
        character data whose piece of the text changed is replaced, every tag stays as written."""
        if [label for _, label in fixed.tags] != [label for _, label in old_tags]:
            raise TqaError(f"{self.name}:{found.container.sourceline}: the fixed target of unit {found.id!r} "
                           "does not keep its inline tags in order; nothing written")
        new_pieces = _pieces(fixed.target, fixed.tags)
        if found.target is None:
            return [self._new_target(found, new_pieces)]
        first, last = self.bounds[self.index[found.target]]
        if first == last:  # <target/>: it gets content, and an end tag
            token = self.tokens[first]
            if len(new_pieces) != 1:
                raise TqaError(f"{self.name}:{found.container.sourceline}: unit {found.id!r} has no tags to "
                               "place; nothing written")
            start_tag = self.text[token.start:token.end - 2].rstrip() + ">"
            return [(token.start, token.end, start_tag + _escaped(new_pieces[0]) + self._end_tag(token))]
        runs = self._runs(first, last, rules)
        old_pieces = _pieces(old_text, old_tags)
        if len(runs) != len(old_pieces) or len(runs) != len(new_pieces):
            raise TqaError(f"{self.name}:{found.container.sourceline}: tqa cannot follow the inline markup of "
                           f"unit {found.id!r} to write it back; nothing written")
        edits = []
        for run, old, new in zip(runs, old_pieces, new_pieces):
            if old == new:
                continue
            if run is None:
                raise TqaError(f"{self.name}:{found.container.sourceline}: the fix of unit {found.id!r} puts "
                               "text inside an empty inline element; nothing written")
            edits.append((run[0], run[1], _escaped(new)))
        return edits

    def _runs(self, first: int, last: int, rules: InlineRules) -> list[tuple[int, int] | None]:
        """The runs of character data between the tags inside the element whose tags are tokens ``first`` and
        ``last``, in the order of :func:`tqa.readers.inline.flatten`'s pieces: a paired element's tags are two
        tags around runs of its own, any other element (its content included), comment or processing
        instruction is one tag. The inside of an empty paired element (``<g/>``) is None: it has no run."""
        runs: list[tuple[int, int] | None] = []
        position = self.tokens[first].end
        number = first + 1
        while number < last:
            token = self.tokens[number]
            if token.kind == "cdata":
                number += 1
                continue
            runs.append((position, token.start))
            end = token.end
            if token.kind == "empty" and self.names[token.element] in rules.paired:
                runs.append(None)
            elif token.kind == "start" and self.names[token.element] not in rules.paired:
                number = self.bounds[token.element][1]  # the whole element is one tag
                end = self.tokens[number].end
            position = end
            number += 1
        runs.append((position, self.tokens[last].start))
        return runs

    def _end_tag(self, start_token: _Token) -> str:
        qualified = _TAG_NAME.match(self.text, start_token.start)[1]
        return f"</{qualified}>"

    def _new_target(self, found: _Found, pieces: list[str]) -> tuple[int, int, str]:
        """A ``<target>`` for a unit that has none, after its source (1.2: after ``<seg-source>`` when there is
        one), written with the source's namespace prefix."""
        if len(pieces) != 1 or found.source is None:
            raise TqaError(f"{self.name}:{found.container.sourceline}: unit {found.id!r} has no <target> to write "
                           "the fix into; nothing written")
        after = next(_children(found.container, "seg-source"), found.source)
        first, last = self.bounds[self.index[after]]
        qualified = _TAG_NAME.match(self.text, self.tokens[first].start)[1]
        prefix = qualified[:-len(local_name(after.tag))]
        position = self.tokens[last].end
        return (position, position, f"<{prefix}target>{_escaped(pieces[0])}</{prefix}target>")


def _spliced(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, replacement) of ``edits`` (sorted, not overlapping) made."""
    pieces, position = [], 0
    for start, end, replacement in edits:
        pieces += [text[position:start], replacement]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _pieces(text: str, tags) -> list[str]:
    """``text`` cut where its tags stand: one more piece than tags."""
    cuts = [0, *(offset for offset, _ in tags), len(text)]
    return [text[start:end] for start, end in zip(cuts, cuts[1:])]


def _escaped(text: str) -> str:
    """``text`` as XML character data (a carriage return as a reference, so that parsing keeps it)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _verify(name: str, written: Document, original: Document, targets: Mapping[str, UnitText]) -> None:
    """Every unit of ``written`` holds what it should: the fixed target, or the original one."""
    def state(document: Document, unit: Unit) -> tuple:
        return unit.id, document.text[unit.start:unit.end], unit.tags, unit.source, unit.source_tags

    expected = []
    for unit in original.units or ():
        fixed = targets.get(unit.id)
        expected.append((unit.id, fixed.target, tuple(fixed.tags), unit.source, unit.source_tags) if fixed
                        else state(original, unit))
    if [state(written, unit) for unit in written.units or ()] != expected:
        raise TqaError(f"{name}: writing the fixed targets back did not give the fixed units (a bug in tqa); "
                       "nothing written")
