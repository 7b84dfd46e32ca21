"""The term check: a source term must come out as one of the renderings its glossary term entry accepts.

A term entry names ``source`` terms and the ``target`` renderings they accept (``source: [中国人民银行, 央行]``,
``target: [People's Bank of China, PBOC, central bank]``). For each unit with a source:

* **Finding the source terms.** A source term occurs where it is a substring of the unit's source, case-folded
  (exact with ``case: sensitive``); a term that begins or ends with a Latin letter or digit must not continue a
  Latin word there (``GDP`` is not found in ``GDPR``). Chinese has no spaces to stand on, and segmenting the
  source with jieba to require word boundaries was measured on the WMT22 dev source: it refused as many true
  occurrences as accidental ones (jieba cuts 对华为芯片 as 对华|为 and 中国外交部发言人 as 中国外交部|发言人),
  so terms are plain substrings. Where the occurrences of two term entries overlap, the longest term wins (国务院
  inside 国务院新闻办公室 is the longer term's); equal spans both stand.
* **Finding the renderings.** The accepted renderings of every term entry are compiled once per glossary into one
  :class:`~tqa.matcher.Matcher` and found in the targets of a window in one pass, as glossary phrases are: whole
  words, case-insensitive unless ``case: sensitive``, hyphen and space variants, the plural of the last word;
  a straight and a curly apostrophe are the same (``People’s Bank of China``).
* **A term left out.** When the target holds none of an entry's renderings, the unit gets one finding for the
  entry (however many of its terms, however often): its rule is the entry's id, its span the first occurrence of
  a term in the source (the target span is empty), its suggestion the preferred rendering, never an autofix.
  A known wrong rendering is the glossary check's finding (the entry's own ``match``, or an error entry about a
  source term at the same place, such as "official micro-signal" for 官方微信号): the term check does not report
  that unit again.
* **One term, one rendering** (``terms.inconsistent``). Per source term, the document remembers the renderings
  it used first, one set per kind of rendering: acronyms (PBOC), one-word names (Xinhua, America, COVID-19) and
  names of several words (People's Bank of China); news English moves between kinds freely (the full name, then
  the acronym; the country, then its adjective). A later unit whose target renders the same term with a
  rendering of a kind already used, and with none of those used before, is a minor ``Terminology/Inconsistent
  use of terminology`` finding on that rendering, suggesting the first one as it was written. Another form of a
  rendering used before is no inconsistency: the same words but for punctuation (US, U.S.), a shortening
  (Central Committee, CPC Central Committee), the same words with other endings (Japan, Japanese). A rendering
  used in one unit beside one used before is remembered too. What a long document has used is carried from
  window to window in ``ctx.carry``. A term right after a foreign country or region (美国教育部, the US
  Department of Education) is another body than the bare term (教育部, China's Ministry of Education) and keeps
  its own renderings.

:func:`compiled_terms` is shared with the glossary check, which uses it for ``when_source``.
"""

from __future__ import annotations

import bisect
import os
import re
import weakref
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

import ahocorasick_rs

from ..matcher import Matcher, Pattern, phrase_words
from ..model import Finding, Severity, Unit
from ..rules import Rule, check_rule, entry_rule
from .base import UnitCheck
from ..lazyre import lazy_compile

if TYPE_CHECKING:  # pragma: no cover
    from ..glossary import Entry, Glossary
    from .base import DocContext

INCONSISTENT_RULE = "terms.inconsistent"
INCONSISTENT_CATEGORY = "Terminology/Inconsistent use of terminology"
_ACRONYM = lazy_compile(r"^[A-Z][A-Z0-9&.]{1,7}$")
_APOSTROPHES = ("'", "\u2019")


def _fold(text: str) -> str:
    """``text`` case-folded character by character, so that offsets into it are offsets into ``text``."""
    folded = text.casefold()
    if len(folded) == len(text):  # casefold never shortens a character: each one gave exactly one
        return folded
    return "".join(f if len(f := c.casefold()) == 1 else c for c in text)


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A source term of entry ``entry`` (an index into the glossary's entries) at ``source[start:end]``."""

    start: int
    end: int
    entry: int
    term: str  # as the glossary spells it


class SourceTerms:
    """The source terms of a glossary's entries, found in a unit's source in one pass (one Aho-Corasick
    automaton per case mode, built once)."""

    def __init__(self, entries: Sequence["Entry"]):
        owners: dict[tuple[bool, str], list[tuple[int, str]]] = {}
        for index, entry in enumerate(entries):
            for term in entry.source:
                key = term if entry.case_sensitive else _fold(term)
                owners.setdefault((entry.case_sensitive, key), []).append((index, term))
        self._automata: list[tuple[bool, "ahocorasick_rs.AhoCorasick", list[list[tuple[int, str]]],
                                   list[tuple[bool, bool]]]] = []
        for case_sensitive in (False, True):
            keys = [key for cs, key in owners if cs == case_sensitive]
            if keys:
                # Whether each key begins / ends with a Latin letter or digit: only then is a boundary needed.
                edges = [(_latin(key[0]), _latin(key[-1])) for key in keys]
                self._automata.append((case_sensitive, ahocorasick_rs.AhoCorasick(keys),
                                       [owners[(case_sensitive, key)] for key in keys], edges))

    def __bool__(self) -> bool:
        return bool(self._automata)

    def find(self, source: str) -> list[Occurrence]:
        """Every occurrence of every term in ``source`` (overlapping ones too), in source order."""
        found = []
        folded = None
        size = len(source)
        for case_sensitive, automaton, owners, edges in self._automata:
            if case_sensitive:
                haystack = source
            else:
                haystack = folded = folded if folded is not None else _fold(source)
            for key, start, end in automaton.find_matches_as_indexes(haystack, overlapping=True):
                latin_start, latin_end = edges[key]
                if (latin_start and start > 0 and _latin(source[start - 1])) or (
                        latin_end and end < size and _latin(source[end])):
                    continue  # inside a Latin word
                found.extend(Occurrence(start, end, entry, term) for entry, term in owners[key])
        found.sort(key=lambda o: (o.start, o.end, o.entry))
        return found


def longest(occurrences: Sequence[Occurrence], size: int) -> list[Occurrence]:
    """The occurrences that no longer overlapping one displaces (equal spans all stay), in source order;
    ``size`` is the length of the source. Linear in the characters the occurrences cover."""
    covered = bytearray(size)
    kept_spans: set[tuple[int, int]] = set()
    kept: list[Occurrence] = []
    for occurrence in sorted(occurrences, key=lambda o: (o.start - o.end, o.start)):
        span = (occurrence.start, occurrence.end)
        if span not in kept_spans:
            if covered.find(1, occurrence.start, occurrence.end) >= 0:
                continue
            covered[occurrence.start:occurrence.end] = b"\x01" * (occurrence.end - occurrence.start)
            kept_spans.add(span)
        kept.append(occurrence)
    kept.sort(key=lambda o: (o.start, o.entry))
    return kept


def source_allows(entry: "Entry", index: int, present: set[int]) -> bool:
    """Whether ``entry`` (at ``index``) may fire in a unit whose source holds the terms of the entries in
    ``present`` (``when_source``; a term entry's ``match`` needs its terms)."""
    condition = entry.source_condition
    if condition is None:
        return True
    return (index in present) == (condition == "present")


@dataclass(frozen=True)
class _Rendering:
    key: str  # folded words, one apostrophe: what makes two renderings the same
    words: tuple[str, ...]  # folded, without punctuation ("u.s." is "us")
    kind: str  # "acronym" (PBOC), "word" (one word: Xinhua, America, COVID-19) or "words" (State Council)

    @classmethod
    def of(cls, rendering: str) -> "_Rendering":
        key = _rendering_key(rendering)
        words = tuple(w for w in ("".join(c for c in word if c.isalnum()) for word in key.split()) if w)
        kind = "acronym" if _ACRONYM.match(rendering) else "word" if len(rendering.split()) == 1 else "words"
        return cls(key, words, kind)


@dataclass
class CompiledTerms:
    """What the term and glossary checks need of a glossary, compiled once: its source terms, and one matcher
    over the accepted renderings of its term entries with, per pattern, the entries that accept it."""

    sources: SourceTerms
    term_entries: frozenset[int]
    renderings: Matcher
    rendering_info: list[_Rendering]
    owners: list[tuple[int, ...]]  # per rendering pattern: the term entries that accept it
    accepted: dict[int, tuple[int, ...]] = field(default_factory=dict)  # entry -> its rendering patterns


_COMPILED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def compiled_terms(glossary: "Glossary") -> CompiledTerms:
    """The compiled source terms and renderings of ``glossary``: built once (kept while the glossary lives),
    never per document, window or unit."""
    compiled = _COMPILED.get(glossary)
    if compiled is None:
        compiled = _COMPILED[glossary] = _compile(glossary)
    return compiled


def _rendering_key(phrase: str) -> str:
    return " ".join(phrase_words(phrase.replace("\u2019", "'"))).casefold()


def _compile(glossary: "Glossary") -> CompiledTerms:
    entries = glossary.entries
    term_entries = [i for i, e in enumerate(entries) if e.is_term]
    patterns: dict[tuple[bool, str], int] = {}
    phrases: list[list[str]] = []
    info: list[_Rendering] = []
    owners: list[list[int]] = []
    case_modes: list[bool] = []
    accepted: dict[int, list[int]] = {}
    for index in term_entries:
        entry = entries[index]
        for rendering in entry.target:
            key = _rendering_key(rendering)
            slot = patterns.get((entry.case_sensitive, key))
            if slot is None:
                slot = patterns[(entry.case_sensitive, key)] = len(phrases)
                variants = {rendering}
                if any(a in rendering for a in _APOSTROPHES):
                    variants |= {rendering.replace(a, b) for a in _APOSTROPHES for b in _APOSTROPHES}
                phrases.append(sorted(variants))
                info.append(_Rendering.of(rendering))
                owners.append([])
                case_modes.append(entry.case_sensitive)
            if index not in owners[slot]:
                owners[slot].append(index)
                accepted.setdefault(index, []).append(slot)
    matcher = Matcher([Pattern(phrases=tuple(p), case_sensitive=cs, name=f"rendering {p[0]!r}")
                       for p, cs in zip(phrases, case_modes)])
    return CompiledTerms(
        sources=SourceTerms(entries), term_entries=frozenset(term_entries), renderings=matcher,
        rendering_info=info, owners=[tuple(o) for o in owners],
        accepted={entry: tuple(slots) for entry, slots in accepted.items()},
    )


#: What ``terms.inconsistent`` flags and what it leaves alone, shown by ``tqa rule terms.inconsistent`` and run as
#: tests (tests/test_rule_examples.py): (bad|good, source, target), two units a line each. They use term entries of
#: the bundled glossary (nansha-islands, greater-bay-area); a term entry's own examples are the glossary's.
INCONSISTENT_EXAMPLES: tuple[tuple[str, str, str], ...] = (
    # WMT22 lines 1803-1804, AISP-SJTU: 南沙群岛 first "Spratly Islands", then "Nansha Islands"
    ("bad", "中国近年来在南沙群岛修建大批军事设施。\n图为中国在南沙群岛的永暑岛。",
     "China has built a large number of military facilities in Spratly Islands in recent years.\n"
     "The picture shows China's Yongshu Island in Nansha Islands."),
    # WMT22 lines 613 and 615, NiuTrans: the full name, then its acronym (each kind keeps its own rendering)
    ("good", "粤港澳大湾区要围绕建设国际科技创新中心战略定位\n2021年大湾区科学论坛当日在广东省广州市开幕",
     "The Guangdong-Hong Kong-Macao Greater Bay Area should focus on the strategic positioning of building an "
     "international science and technology innovation center\nThe 2021 GBA Science Forum opened in Guangzhou, "
     "Guangdong Province, on the same day"),
)


class TermCheck(UnitCheck):
    name = "terms"
    description = "with a source: source terms of the glossary's term entries rendered as they accept, consistently"
    needs_source = True

    def rules(self, glossary) -> dict[str, Rule]:
        rules = {e.code: entry_rule(e, self.name) for e in glossary.entries if e.is_term}
        if rules:
            rules[INCONSISTENT_RULE] = check_rule(
                INCONSISTENT_RULE, self.name, "one source term, one rendering: a term rendered otherwise than "
                "earlier in the document", INCONSISTENT_CATEGORY, Severity.MINOR, examples=INCONSISTENT_EXAMPLES)
        return rules

    def run(self, ctx: "DocContext") -> Iterable[Finding]:
        if ctx.units is None:
            return  # plain text: no unit has a source
        compiled = compiled_terms(ctx.glossary)
        if not compiled.term_entries:
            return
        units = [unit for unit in ctx.window_units() if unit.source is not None]
        if not units:
            return
        renderings = _renderings_by_unit(ctx, compiled, units)
        for unit in units:
            yield from self._check(ctx, compiled, unit, renderings.get(unit.start, []))

    def check_unit(self, ctx: "DocContext", unit: Unit) -> Iterator[Finding]:
        compiled = compiled_terms(ctx.glossary)
        if unit.source is None or not compiled.term_entries:
            return
        yield from self._check(ctx, compiled, unit, _renderings_by_unit(ctx, compiled, [unit]).get(unit.start, []))

    def _check(self, ctx: "DocContext", compiled: CompiledTerms, unit: Unit,
               renderings: list[tuple[int, int, int]]) -> Iterator[Finding]:
        """The findings of one unit; ``renderings`` are (start, end, pattern) of the accepted renderings in its
        target, in offsets into the target."""
        occurrences = compiled.sources.find(unit.source)
        terms = longest([o for o in occurrences if o.entry in compiled.term_entries], len(unit.source))
        if not terms:
            return
        by_entry: dict[int, list[Occurrence]] = {}
        for occurrence in terms:
            by_entry.setdefault(occurrence.entry, []).append(occurrence)
        entries = ctx.glossary.entries
        # What each source term (folded) has been rendered as so far in the document, per kind of rendering:
        # folded key -> (the text as first written, the rendering).
        used: dict[str, dict[str, dict[str, tuple[str, _Rendering]]]] = ctx.carry.setdefault(self.name, {})
        reported: list[tuple[int, list[Occurrence]]] | None = None
        for index, found in by_entry.items():
            entry = entries[index]
            mine = set(compiled.accepted.get(index, ()))
            hits = [r for r in renderings if r[2] in mine]
            if hits:
                finding = self._consistency(ctx, compiled, unit, found, hits, used)
                if finding is not None:
                    yield finding
                continue
            if reported is None:
                reported = _glossary_reports(ctx, compiled, unit, occurrences)
            if any(_overlap(theirs, found) for _, theirs in reported):
                continue  # a known wrong rendering: the glossary check's finding
            first = found[0]
            finding = ctx.source_finding(
                unit, first.start, first.end, rule=entry.code, check=self.name, category=entry.category,
                severity=entry.severity, suggestion=entry.preferred, message=_missing_message(unit, first, entry))
            yield replace(finding, note=entry.note) if entry.note else finding

    def _consistency(self, ctx: "DocContext", compiled: CompiledTerms, unit: Unit, found: list[Occurrence],
                     hits: list[tuple[int, int, int]], used: dict) -> Finding | None:
        """A finding when a term of ``found`` was rendered otherwise before (at most one per entry and unit);
        what the unit uses is remembered either way."""
        target = ctx.target_of(unit)
        finding = None
        keys = {id(o): _qualifier(unit.source, o.start) + _fold(unit.source[o.start:o.end]) for o in found}
        for term in dict.fromkeys(keys.values()):
            state = used.setdefault(term, {})
            info = compiled.rendering_info
            for kind in dict.fromkeys(info[p].kind for _, _, p in hits):
                mine = [(s, e, p) for s, e, p in hits if info[p].kind == kind]
                chosen = state.setdefault(kind, {})
                if not chosen or any(_consistent(info[p], chosen) for _, _, p in mine):
                    for s, e, p in mine:  # renderings used together with one used before are consistent too
                        chosen.setdefault(info[p].key, (target[s:e], info[p]))
                    continue
                if finding is None:
                    start, end, _ = mine[0]
                    expected = next(iter(chosen.values()))[0]
                    occurrence = next(o for o in found if keys[id(o)] == term)
                    finding = ctx.unit_finding(
                        unit, start, end, rule=INCONSISTENT_RULE, check=self.name, category=INCONSISTENT_CATEGORY,
                        severity=Severity.MINOR, suggestion=expected, source_span=(occurrence.start, occurrence.end),
                        message=f'"{unit.source[occurrence.start:occurrence.end]}" is rendered "{target[start:end]}" '
                                f'here and "{expected}" earlier in this document; keep to "{expected}"')
        return finding


# A foreign country or region named right before a term makes it another body: 美国教育部 is the US Department
# of Education, not the Ministry of Education the document named before, and 美国防部 the Pentagon. Chinese
# bodies (中国教育部, 我国教育部) keep the bare term's key.
_FOREIGN = lazy_compile(
    r"(?:美国|英国|日本|韩国|朝鲜|德国|法国|俄罗斯|意大利|西班牙|加拿大|澳大利亚|澳洲|新西兰|印度|巴西|墨西哥|以色列|伊朗|"
    r"土耳其|乌克兰|新加坡|马来西亚|泰国|越南|菲律宾|印尼|印度尼西亚|巴基斯坦|沙特|南非|埃及|荷兰|瑞士|瑞典|挪威|丹麦|芬兰|"
    r"波兰|比利时|奥地利|希腊|葡萄牙|爱尔兰|阿根廷|智利|欧盟|台湾|香港|澳门|(?<![\u3400-\u9fff])[美英日韩俄德法台港澳])$")


def _qualifier(source: str, start: int) -> str:
    """The foreign country or region written right before a term at ``start`` (with "|"), or ""."""
    match = _FOREIGN.search(source, max(0, start - 5), start)
    return match.group(0) + "|" if match else ""


def _renderings_by_unit(ctx: "DocContext", compiled: CompiledTerms,
                        units: list[Unit]) -> dict[int, list[tuple[int, int, int]]]:
    """(start, end, pattern) of the accepted renderings in the targets of ``units`` (offsets into each target),
    keyed by the unit's start: one scan of the window."""
    if compiled.renderings.key_count == 0:
        return {}
    starts = [unit.start for unit in units]
    by_unit: dict[int, list[tuple[int, int, int]]] = {}
    for match in compiled.renderings.find(ctx.text, ctx.segmentation, ctx.buffer, barriers=ctx.unit_barriers(),
                                          overlapping=True):  # a longer rendering of another entry hides none
        start = match.start + ctx.offset
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or start >= units[i].end:
            continue  # a unit without a source
        base = units[i].start
        by_unit.setdefault(base, []).append((start - base, match.end + ctx.offset - base, match.entry))
    return by_unit


def _glossary_reports(ctx: "DocContext", compiled: CompiledTerms, unit: Unit,
                      occurrences: list[Occurrence]) -> list[tuple[int, list[Occurrence]]]:
    """The entries the glossary check reports in ``unit`` (as it decides, ``when_source`` included), each with
    the occurrences of its source terms in the unit's source. Run only for a unit where a term is missing."""
    entries = ctx.glossary.entries
    present = {o.entry for o in occurrences}
    reports = []
    for match in ctx.glossary.matcher.find(ctx.target_of(unit), doc=ctx.document.id):
        entry = entries[match.entry]
        if entry.source and source_allows(entry, match.entry, present):
            reports.append((match.entry, [o for o in occurrences if o.entry == match.entry]))
    return reports


def _overlap(these: list[Occurrence], those: list[Occurrence]) -> bool:
    return any(a.start < b.end and b.start < a.end for a in these for b in those)


def _consistent(rendering: _Rendering, chosen: dict[str, tuple[str, _Rendering]]) -> bool:
    """Whether ``rendering`` is one used before or another form of one: the same words but for punctuation
    ("US", "U.S."), a shortening or lengthening ("Xinhua", "Xinhua News Agency"), or the same words but for
    their endings ("America", "American"; "China", "Chinese": a name and its adjective)."""
    if rendering.key in chosen:
        return True
    return any(_contains(rendering.words, used.words) or _contains(used.words, rendering.words)
               or _same_stems(rendering.words, used.words) for _, used in chosen.values())


def _same_stems(these: tuple[str, ...], those: tuple[str, ...]) -> bool:
    """Word by word, a common beginning of at least 4 letters and 4/5 of the shorter word."""
    if len(these) != len(those):
        return False
    for a, b in zip(these, those):
        common = len(os.path.commonprefix([a, b]))
        if a != b and (common < 4 or common < 0.8 * min(len(a), len(b))):
            return False
    return True


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return 0 < n <= len(longer) and any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _missing_message(unit: Unit, occurrence: Occurrence, entry: "Entry") -> str:
    renderings = [f'"{t}"' for t in entry.target]
    listed = renderings[0] if len(renderings) == 1 else f"{', '.join(renderings[:-1])} or {renderings[-1]}"
    return (f'source term "{unit.source[occurrence.start:occurrence.end]}" is not rendered: the target has none of '
            f"{listed}")
