"""Term bases: a TBX file read as a glossary of term entries, and any glossary written out as YAML.

**Reading.** translate-toolkit's ``tbx`` store reads TBX 2 (root ``martif``: TBX-Basic, TBX-Default): its
``tbxunit`` gives a concept's ``tig`` terms per language with their administrative status and their notes
(definitions, contexts). Two things it does not read are read here with lxml, under the same safe parser
settings (no entity expansion, no network):

- TBX v3 (ISO 30042:2019: root ``tbx``, ``conceptEntry``/``langSec``/``termSec``): the store asserts that the
  root element is ``martif``;
- ``ntig`` term groups of TBX 2 (``ntig/termGrp/term``): ``tbxunit`` reads ``tig`` only.

**Mapping.** A concept (``termEntry``/``conceptEntry``) with terms in the source language and in the target
language becomes one term entry:

- ``source``: its source-language terms, preferred first; deprecated ones too, since a source text may still
  use them and their translation is the same concept's;
- ``target``: its preferred and admitted target-language terms (and those without a status), preferred first;
- ``match``: its deprecated and superseded target-language terms, the known wrong renderings, which the glossary
  check reports with the preferred term as the suggestion (never applied by ``tqa fix``: ``autofix`` is
  false until a person says otherwise);
- ``id``: the concept's id, slugified and made unique (else the preferred target term's slug);
- ``note``: the definitions and notes of the concept and of its two languages;
- ``examples``: the TBX's own context sentences (``descrip type="context"``) of target terms, where the
  entry has known wrong renderings: a deprecated term's context is a ``bad`` example, an accepted term's a
  ``good`` one (each only if it holds its term).

Category and severity are the term-entry defaults of :mod:`tqa.glossary`. Concepts without terms in both
languages are skipped and counted. The entries are validated by :mod:`tqa.glossary` like those of a YAML file,
at the TBX lines they came from.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


from .errors import GlossaryError
from .glossary_fields import LANGUAGE_CODE, LANGUAGE_NAMES, Raw
from .matcher import phrase_words


# Administrative statuses (TBX-Basic "…Term-admn-sts", bare words in TBX v3 dialects), reduced to three.
_FORBIDDEN = {"deprecated", "superseded", "obsolete", "notrecommended"}
_CONCEPTS = {"termEntry", "conceptEntry"}
_LANGUAGES = {"langSet", "langSec"}
_TERM_GROUPS = {"tig", "ntig", "termSec"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters that separate the parts of the score signature may not be in a glossary's name.
_NOT_IN_NAME = re.compile(r"[|+@#\x00-\x1f]+")


@dataclass(frozen=True)
class Term:
    text: str
    status: str  # "preferred", "admitted" or "forbidden"
    line: int
    contexts: tuple[str, ...] = ()


@dataclass(frozen=True)
class LanguageSet:
    language: str  # xml:lang as written
    line: int
    terms: tuple[Term, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Concept:
    id: str  # as written; empty when the concept has none
    line: int
    languages: tuple[LanguageSet, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermBaseFile:
    """A TBX file as read: its header and its concepts."""

    path: str
    root_line: int
    concepts: tuple[Concept, ...]
    title: str = ""
    description: str = ""
    version: str = ""
    version_line: int = 0
    notes: tuple[str, ...] = ()

    def languages(self) -> list[str]:
        """Every language tag of the file that has terms, in the order they first appear."""
        return list(dict.fromkeys(s.language for c in self.concepts for s in c.languages if s.terms))


@dataclass(frozen=True)
class TermBaseGlossary:
    """A term base mapped to glossary fields, for :mod:`tqa.glossary` to validate (``Raw`` values with lines)."""

    meta: dict
    entries: list
    root_line: int
    source_language: str
    target_language: str
    skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


# --- reading TBX --------------------------------------------------------------------------------------------

def read_tbx(path: str | Path, data: bytes) -> TermBaseFile:
    """The concepts of a TBX file (TBX 2 through translate-toolkit, TBX v3 through lxml). A file that is not
    well-formed XML, or not TBX, raises :class:`GlossaryError` with one ``file:line`` problem."""
    where = str(path)
    root_name, root_line = _root_element(where, data)
    if root_name == "martif":
        root, concepts, notes = _read_tbx2(where, data)
    elif root_name == "tbx":
        root = _parse(where, data)
        concepts, notes = _read_lxml(where, root), []
    else:
        raise GlossaryError([f"{where}:{root_line}: not a TBX term base: the root element is <{root_name}>, not "
                             "<martif> (TBX 2, TBX-Basic) or <tbx> (TBX v3)"])
    header = next((child for child in root if _local(child) in ("martifHeader", "tbxHeader")), None)
    title, description, version, version_line = _header(header)
    return TermBaseFile(where, root_line, tuple(concepts), title, description, version, version_line, tuple(notes))


def _safe_parser_options() -> dict:
    # translate-toolkit's settings for untrusted XML: entities are not expanded ("billion laughs", external
    # files), nothing is fetched from the network.
    return {"resolve_entities": False, "no_network": True}


def _syntax_error(where: str, exc) -> GlossaryError:
    message = (getattr(exc, "msg", "") or str(exc) or type(exc).__name__).splitlines()[0]
    message = re.sub(r", line \d+, column \d+$", "", message)  # the line is given in front
    return GlossaryError([f"{where}:{getattr(exc, 'lineno', 0) or 1}: not well-formed XML: {message}"])


def _root_element(where: str, data: bytes) -> tuple[str, int]:
    """The root element's name and line, read without parsing the rest (to choose the reader)."""
    from lxml import etree

    try:
        for _, element in etree.iterparse(io.BytesIO(data), events=("start",), **_safe_parser_options()):
            return _local(element), element.sourceline or 1
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(where, exc) from None
    raise GlossaryError([f"{where}:1: not well-formed XML: no root element"])


def _parse(where: str, data: bytes):
    from lxml import etree

    try:
        return etree.fromstring(data, etree.XMLParser(**_safe_parser_options()))
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(where, exc) from None


def _read_tbx2(where: str, data: bytes):
    """TBX 2 through translate-toolkit: ``tig`` terms, their status, contexts and notes, per language."""
    from lxml import etree
    from translate.misc.xml_helpers import getXMLlang
    from translate.storage.tbx import tbxfile

    try:
        store = tbxfile.parsestring(data)
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(where, exc) from None
    except AssertionError:  # the store's own root check, which _root_element has made already
        raise GlossaryError([f"{where}:1: translate-toolkit cannot read this TBX file"]) from None
    concepts = []
    notes: list[str] = []
    for unit in store.units:
        element = unit.xmlelement
        concept_notes: tuple[str, ...] | None = None
        languages = []
        for node in unit.getlanguageNodes():
            language = getXMLlang(node) or ""
            if not language:
                notes.append(f"{where}:{node.sourceline}: a language set without xml:lang: ignored")
                continue
            if unit.get_target_dom(language) is not node:
                notes.append(f"{where}:{node.sourceline}: a second {language} language set in one concept: ignored")
                continue
            tigs = node.findall(unit.namespaced("tig"))
            found = unit.get_target_terms(language)  # one per tig, in the same order
            terms = [Term(_clean(term.text), _status(term.administrative_status), tig.sourceline or node.sourceline,
                          tuple(_clean(n.text) for n in term.notes if n.scope == "term" and n.category == "context"))
                     for term, tig in zip(found, tigs) if _clean(term.text)]
            terms += _terms(node, {"ntig"})
            if found:
                # Concept- and language-level notes come with every term of the language.
                concept_notes = tuple(_clean(n.text) for n in found[0].notes if n.scope == "concept" and _is_note(n))
                language_notes = tuple(_clean(n.text) for n in found[0].notes
                                       if n.scope == "language" and _is_note(n))
            else:
                language_notes = tuple(_notes(node))
            languages.append(LanguageSet(language, node.sourceline or element.sourceline, tuple(terms),
                                         language_notes))
        if concept_notes is None:
            concept_notes = tuple(_notes(element))
        concepts.append(Concept(element.get("id") or "", element.sourceline or 1, tuple(languages),
                                concept_notes))
    return store.document.getroot(), concepts, notes


def _is_note(note) -> bool:
    """A definition or a note (translate-toolkit's TBXNote): not a subject field, a context or a term note."""
    if note.origin == "definition":  # every <descrip>, whatever its type
        return note.category in (None, "definition")
    return note.origin != "pos"  # <termNote> (part of speech, term type…); what remains is <note>


def _read_lxml(where: str, root) -> list[Concept]:
    """TBX v3 (and any TBX laid out as concepts, languages and term groups), by element names."""
    concepts = []
    for element in root.iter():
        if _local(element) not in _CONCEPTS:
            continue
        languages = []
        for node in element:
            if _local(node) not in _LANGUAGES:
                continue
            language = node.get(_XML_LANG) or ""
            if language:
                languages.append(LanguageSet(language, node.sourceline or element.sourceline,
                                             tuple(_terms(node, _TERM_GROUPS)), tuple(_notes(node))))
        concepts.append(Concept(element.get("id") or "", element.sourceline or 1, tuple(languages),
                                tuple(_notes(element))))
    return concepts


def _terms(language_set, groups: set[str]) -> list[Term]:
    terms = []
    for group in language_set:
        if _local(group) not in groups:
            continue
        term = next((e for e in group.iter() if _local(e) == "term"), None)
        text = _clean(_text(term)) if term is not None else ""
        if not text:
            continue
        status = next((_text(e) for e in group.iter()
                       if (_local(e) == "termNote" and e.get("type") == "administrativeStatus")
                       or _local(e) == "administrativeStatus"), None)
        contexts = tuple(_clean(_text(e)) for e in group.iter()
                         if (_local(e) == "descrip" and e.get("type") == "context") or _local(e) == "context")
        terms.append(Term(text, _status(status), group.sourceline or language_set.sourceline, contexts))
    return terms


def _metadata_elements(node):
    """What describes ``node`` itself: its descendants outside its languages and term groups."""
    for child in node:
        if not isinstance(child.tag, str) or _local(child) in _LANGUAGES | _TERM_GROUPS:
            continue
        yield child
        yield from _metadata_elements(child)


def _notes(node) -> list[str]:
    """Definitions (``descrip type="definition"``, or ``definition`` in TBX v3's DCA style) and notes."""
    return [_clean(_text(e)) for e in _metadata_elements(node)
            if (_local(e) == "descrip" and e.get("type") == "definition") or _local(e) in ("definition", "note")]


def _header(header) -> tuple[str, str, str, int]:
    """title, description, version and its line from ``martifHeader``/``tbxHeader``.

    TBX has no version field; a ``<p type="version">`` (``p`` carries a type in the TBX header) is the
    convention read here. The description is the title and the source description (``sourceDesc/p``).
    """
    if header is None:
        return "", "", "", 0
    elements = [e for e in header.iter() if isinstance(e.tag, str)]
    title = next((_clean(_text(e)) for e in elements if _local(e) == "title"), "")
    version_element = next((e for e in elements if e.get("type") == "version" and _clean(_text(e))), None)
    source_description = next((_clean(_text(p)) for e in elements if _local(e) == "sourceDesc"
                               for p in e if _local(p) == "p" and not p.get("type")), "")
    description = ": ".join(part for part in (title, source_description) if part)
    if version_element is None:
        return title, description, "", 0
    return title, description, _clean(_text(version_element)), version_element.sourceline or 0


def _local(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # a comment or a processing instruction
        return ""
    return tag.rsplit("}", 1)[-1]


def _text(element) -> str:
    # XPath's string value, as translate-toolkit takes it: an entity left unexpanded adds nothing (itertext
    # would add its "&name;").
    return str(element.xpath("string()")) if element is not None else ""


def _clean(text: str | None) -> str:
    """One line: XML pretty-printing puts line breaks and indentation inside elements."""
    return " ".join((text or "").split())


def _status(value: str | None) -> str:
    """preferred, forbidden (deprecated, superseded) or admitted (admitted, no status, anything else)."""
    word = re.sub(r"[^a-z]", "", (value or "").lower()).removesuffix("admnsts").removesuffix("term")
    if word == "preferred":
        return "preferred"
    return "forbidden" if word in _FORBIDDEN else "admitted"


# --- languages ----------------------------------------------------------------------------------------------

def _normal(tag: str) -> str:
    return tag.strip().replace("_", "-").lower()


def _primary(tag: str) -> str:
    return _normal(tag).split("-")[0]


def _matching(code: str, tags: list[str]) -> list[str]:
    """The tags ``code`` names: ``en`` every English tag (en, en-US, en-GB), ``en-GB`` that one only."""
    wanted = _normal(code)
    if "-" in wanted:
        return [t for t in tags if _normal(t) == wanted]
    return [t for t in tags if _primary(t) == wanted]


def _valid_code(code: str, what: str, where: str) -> str:
    code = code.strip().replace("_", "-")
    if LANGUAGE_CODE.fullmatch(code):
        return code
    guess = LANGUAGE_NAMES.get(code.lower())
    raise GlossaryError([f"{where}: the {what} language {code!r} is not a language code such as zh, en or "
                         f"zh-Hans" + (f" (did you mean {guess!r}?)" if guess else "")])


def choose_languages(term_base: TermBaseFile, source: str | None = None,
                     target: str | None = None) -> tuple[str, list[str], str, list[str]]:
    """(source code, its tags, target code, its tags) of the file: the languages given, else its own.

    Without a target: English if the file has it (tqa checks English), else the only language other than the
    source. Without a source: the only language other than the target. Anything else is ambiguous and refused
    with the file's languages named. A code without a region or script takes every variant of its language
    (``en``: en-US and en-GB terms alike); ``en-GB`` takes that one only.
    """
    where = term_base.path
    tags = term_base.languages()
    if not tags:
        raise GlossaryError([f"{where}:{term_base.root_line}: the term base has no terms"])
    listed = ", ".join(tags)
    hint = f"(tqa glossary import {Path(where).name} --source-lang LANG --target-lang LANG)"
    chosen = {}
    for what, code in (("source", source), ("target", target)):
        if code is not None:
            code = _valid_code(code, what, where)
            if not _matching(code, tags):
                raise GlossaryError([f"{where}: the term base has no {code} terms (its languages: {listed})"])
        chosen[what] = code
    source, target = chosen["source"], chosen["target"]
    primaries = list(dict.fromkeys(_primary(t) for t in tags))
    if len(primaries) < 2:
        raise GlossaryError([f"{where}: the term base has terms in one language only ({listed}): term entries "
                             "need a source and a target language"])
    if target is None:
        others = [p for p in primaries if source is None or p != _primary(source)]
        if "en" in others:
            target = "en"
        elif len(others) == 1:
            target = others[0]
        else:
            raise GlossaryError([f"{where}: cannot tell the target language: the term base holds {listed}, and "
                                 f"none is English; name the source and the target {hint}"])
    if source is None:
        others = [p for p in primaries if p != _primary(target)]
        if len(others) != 1:
            raise GlossaryError([f"{where}: cannot tell the source language: the term base holds {listed}; name "
                                 f"the source and the target {hint}"])
        source = others[0]
    source_tags, target_tags = _matching(source, tags), _matching(target, tags)
    if set(source_tags) & set(target_tags):
        raise GlossaryError([f"{where}: the source and the target language are the same ({source}, {target})"])
    return source, source_tags, target, target_tags


# --- the mapping to term entries ----------------------------------------------------------------------------

def read_term_base(path: str | Path, data: bytes, source: str | None = None,
                   target: str | None = None) -> TermBaseGlossary:
    """A TBX file as glossary fields: one term entry per concept with terms in both languages."""
    term_base = read_tbx(path, data)
    source, source_tags, target, target_tags = choose_languages(term_base, source, target)
    where = term_base.path
    entries: list[tuple[dict, int]] = []
    skipped: list[str] = []
    notes = list(term_base.notes)
    ids: set[str] = set()
    claimed: dict[str, str] = {}  # a known wrong rendering (as the matcher folds it) → the entry that has it
    for number, concept in enumerate(term_base.concepts, 1):
        name = concept.id or f"at line {concept.line}"
        source_terms = _ordered(t for s in concept.languages if s.language in source_tags for t in s.terms)
        target_terms = _ordered(t for s in concept.languages if s.language in target_tags for t in s.terms)
        missing = [code for code, terms in ((source, source_terms), (target, target_terms)) if not terms]
        if missing:
            skipped.append(f"{where}:{concept.line}: concept {name}: no {' and no '.join(missing)} term")
            continue
        accepted = [t for t in target_terms if t.status != "forbidden"]
        if not accepted:
            skipped.append(f"{where}:{concept.line}: concept {name}: every {target} term is deprecated")
            continue
        entry_id = _unique(_slug(concept.id) or _slug(accepted[0].text) or f"concept-{number}", ids)
        wrong = []
        for term in (t for t in target_terms if t.status == "forbidden"):
            key = " ".join(phrase_words(term.text)).lower()
            if claimed.get(key, entry_id) != entry_id:
                # One phrase can suggest one replacement only; the first concept keeps it.
                notes.append(f"{where}:{term.line}: concept {name}: the deprecated term {term.text!r} is already a "
                             f"known wrong rendering of entry {claimed[key]!r}; it is listed there only")
                continue
            claimed[key] = entry_id
            wrong.append(term)
        fields = {"id": Raw(entry_id, concept.line), "source": _raw_terms(source_terms),
                  "target": _raw_terms(accepted)}
        if wrong:
            fields["match"] = _raw_terms(wrong)
            examples = {kind: [(c, t.line) for t in terms for c in t.contexts if _holds(c, t.text)]
                        for kind, terms in (("bad", wrong), ("good", accepted))}
            examples = {kind: (Raw([Raw(c, line) for c, line in items], items[0][1]), items[0][1])
                        for kind, items in examples.items() if items}
            if examples:
                fields["examples"] = Raw(examples, concept.line)
        note = _note(concept, source_tags, target_tags)
        if note:
            fields["note"] = Raw(note, concept.line)
        entries.append((fields, concept.line))
    if not entries:
        raise GlossaryError([f"{where}:{term_base.root_line}: no concept has terms in both {source} and {target} "
                             f"({len(skipped)} concepts skipped)"])
    line = term_base.root_line
    meta = {"name": (_NOT_IN_NAME.sub("-", Path(where).stem).strip() or "terms", line),
            "language": (target, line), "source_language": (source, line)}
    if term_base.version:
        meta["version"] = (term_base.version, term_base.version_line)
    if term_base.description:
        meta["description"] = (term_base.description, line)
    return TermBaseGlossary(meta, entries, line, source, target, tuple(skipped), tuple(notes))


def _ordered(terms) -> list[Term]:
    """Preferred terms first, then the others in file order; each text once."""
    unique = list({t.text: t for t in reversed(list(terms))}.values())[::-1]  # the first of equal texts
    return sorted(unique, key=lambda t: {"preferred": 0, "admitted": 1}.get(t.status, 2))


def _raw_terms(terms: list[Term]) -> Raw:
    return Raw([Raw(t.text, t.line) for t in terms], terms[0].line)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower()).strip("-._")


def _unique(base: str, ids: set[str]) -> str:
    candidate, number = base, 2
    while candidate in ids:
        candidate, number = f"{base}-{number}", number + 1
    ids.add(candidate)
    return candidate


def _holds(context: str, term: str) -> bool:
    """Whether ``context`` has ``term`` as whole words (white space and hyphens alike, any case): a context that
    does not would make a self-test that fails for a reason the term base did not mean."""
    words = phrase_words(term)
    pattern = r"(?<!\w)" + r"[\s\-]+".join(map(re.escape, words)) + r"(?!\w)"
    return bool(words) and re.search(pattern, context, re.IGNORECASE) is not None


def _note(concept: Concept, source_tags: list[str], target_tags: list[str]) -> str:
    parts = list(concept.notes)
    for tags in (source_tags, target_tags):
        parts += [n for s in concept.languages if s.language in tags for n in s.notes]
    sentences = [p if p[-1] in ".!?。！？" else p + "." for p in dict.fromkeys(p for p in parts if p)]
    return " ".join(sentences)


# --- writing a glossary as YAML -----------------------------------------------------------------------------
