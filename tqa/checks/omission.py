"""Omission and addition: a target that is empty, far shorter or longer than its source warrants, or that has
no counterpart for a sentence, a parenthesis, a quotation or a list item of the source.

* ``omission.empty`` (critical): the target is empty (or only white space) while the source has words.
* The **length model** (``tqa/data/length-zh-en.json``, fitted by ``bench/fit_length_model.py`` on the two
  human references of WMT22 zh-en dev) says how long an English translation of a Chinese source usually is:
  ``log(target characters) = intercept + slope · log(source length)``, and around that line a centre and a
  spread that depend on the source's length (short sources vary far more: 好的 → "OK."). A target's
  deviation in spreads (z) has a tail probability, fitted to the human translations (their tails are heavier
  than a normal's), which the message gives as "1 in N human translations".
* ``omission.short`` (major; critical when the target is 4× shorter than usual or more): fewer than 1 in
  1,000 human translations are this short, the target is at least 2× shorter than usual, and at least
  ``MIN_MISSING_CHARS`` characters are missing. ``omission.long`` (an addition, major), the same the other way.
* ``omission.sentences`` / ``omission.bracket`` / ``omission.quote`` / ``omission.list-item`` (major), when
  one piece of the source explains a short target: the target has fewer sentences (parentheses, quotation
  marks, enumeration markers) than the source has, it is unusually short for the whole source (1 in 100) and
  ordinary for the source without that piece (within the central 1 − 1/25), and that piece fits clearly
  better than any other (by a spread: two sentences of about the same length cannot be told apart by length).
  The finding carries the piece's span in the source. A source with such a piece is reported this way rather
  than as ``omission.short``: one finding, the more precise.
* ``omission.bracket`` / ``omission.quote`` (minor): a parenthesis or quotation of the source that holds only
  Latin-script text (an original name or an abbreviation: （Willem Hanekom）, （LED）) whose words are not in
  the target.
* ``omission.list-item`` (minor): the source starts with an enumeration marker (二、, （三）, 4.) and the
  target starts with none (2., (3), Second, …).

A target with more sentences than its source is not reported: translators split long Chinese sentences.
Every finding is about the source: an empty span at the start of the unit's target (it displaces no other
check's finding), with the source span of what is missing (the whole source for ``omission.short``), except
``omission.long``, which has no source span.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .base import UnitCheck
from ..model import Finding, Severity, Unit
from ..rules import Rule, rules_of
from ..scripts import CJK_LETTER_CLASS
from ..segment import segment
from ..lazyre import lazy_compile

LENGTH_MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "length-zh-en.json"
OMISSION = "Accuracy/Omission"
ADDITION = "Accuracy/Addition"

# Thresholds (policy; the model itself is data).
SHORT_PROBABILITY = 1 / 1000  # omission.short / addition.long: rarer than this among human translations
MIN_RATIO = 2.0  # … and at least this many times shorter (longer) than usual
CRITICAL_RATIO = 4.0  # omission.short is critical from here: most of the source is missing
MIN_MISSING_CHARS = 40  # … and at least this many characters missing (extra): about eight words
PIECE_PROBABILITY = 1 / 100  # a missing piece: the target is this unusual for the whole source …
PIECE_ORDINARY = 1 / 25  # … and no more unusual than this for the source without the piece
PIECE_MISSING_CHARS = 15
PIECE_MARGIN = 1.0  # spreads by which the piece must fit better than the next one
MIN_SOURCE_LENGTH = 4  # shorter sources are not judged by length at all

# -- lengths ---------------------------------------------------------------------------------------------------
_CJK_LETTER = lazy_compile(f"[{CJK_LETTER_CLASS}]")
_NOT_CJK_LETTER = f"(?:(?![{CJK_LETTER_CLASS}])[^\\W\\d_])"
# What counts 1.5 in a source: an anonymisation placeholder (#NAME#), a word in another script, a number.
_SOURCE_TOKEN = lazy_compile(rf"#[A-Z][A-Z0-9_]*#|{_NOT_CJK_LETTER}+(?:['’]{_NOT_CJK_LETTER}+)*|\d+(?:[.,:]\d+)*")
TOKEN_WEIGHT = 1.5


def source_length(text: str) -> float:
    """The length of a Chinese source as the model counts it: its CJK letters, plus 1.5 for each word in
    another script, number or #PLACEHOLDER#."""
    return len(_CJK_LETTER.findall(text)) + TOKEN_WEIGHT * len(_SOURCE_TOKEN.findall(text))


def target_length(text: str) -> int:
    """The length of an English target as the model counts it: its characters other than white space."""
    return len(text) - sum(1 for c in text if c.isspace())


# -- the model -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Judgement:
    """How a target's length compares with the human translations of sources of the same length."""

    expected: float  # the usual target length (characters) for this source
    actual: int
    z: float  # deviation in spreads: negative when shorter than usual
    ratio: float  # how many times shorter (z < 0) or longer (z > 0) than usual
    probability: float  # the share of human translations at least this far out on this side


@dataclass(frozen=True)
class LengthModel:
    intercept: float
    slope: float
    knots: tuple[tuple[float, float, float], ...]  # (log source length, centre, spread), increasing
    short_tail: tuple[float, float, float]  # (from z, log probability at 0, rate): P(-z ≥ w) = exp(a − rate·w)
    long_tail: tuple[float, float, float]
    pairs: int  # human translations it was fitted on
    name: str = ""
    version: int = 0
    sha256: str = ""  # of the file it was read from

    @classmethod
    def from_dict(cls, data: dict, sha256: str = "") -> "LengthModel":
        knots = tuple((k["log_source"], k["center"], k["scale"]) for k in data["knots"])
        tail = lambda t: (t["from_z"], t["log_p"], t["rate"])  # noqa: E731
        return cls(data["intercept"], data["slope"], knots, tail(data["tails"]["short"]),
                   tail(data["tails"]["long"]), data["pairs"], data.get("name", ""), int(data.get("version", 0)),
                   sha256)

    def signature(self) -> str:
        """name@version#hash, as the score signature names the glossary."""
        return f"{self.name or 'length'}@{self.version}#{self.sha256[:8]}"

    def _centre_spread(self, log_source: float) -> tuple[float, float]:
        knots = self.knots
        if log_source <= knots[0][0]:
            return knots[0][1], knots[0][2]
        for (x0, c0, s0), (x1, c1, s1) in zip(knots, knots[1:]):
            if log_source <= x1:
                t = (log_source - x0) / (x1 - x0)
                return c0 + t * (c1 - c0), s0 + t * (s1 - s0)
        return knots[-1][1], knots[-1][2]

    def expected(self, source_len: float) -> float:
        log_source = math.log(source_len)
        centre, _ = self._centre_spread(log_source)
        return math.exp(self.intercept + self.slope * log_source + centre)

    def z(self, source_len: float, target_len: float) -> float:
        log_source = math.log(source_len)
        centre, spread = self._centre_spread(log_source)
        residual = math.log(max(target_len, 1)) - (self.intercept + self.slope * log_source) - centre
        return residual / spread

    def probability(self, z: float) -> float:
        """The share of human translations at least ``|z|`` spreads out on the side of ``z``."""
        start, log_p, rate = self.short_tail if z < 0 else self.long_tail
        w = max(abs(z), start)
        return min(0.5, math.exp(log_p - rate * w))

    def z_for(self, probability: float, short: bool = True) -> float:
        """The deviation beyond which fewer than ``probability`` of human translations lie (negative for
        the short side)."""
        start, log_p, rate = self.short_tail if short else self.long_tail
        w = max(start, (log_p - math.log(probability)) / rate)
        return -w if short else w

    def judge(self, source_len: float, target_len: int) -> Judgement:
        expected = self.expected(source_len)
        z = self.z(source_len, target_len)
        actual = max(target_len, 1)
        ratio = expected / actual if z < 0 else actual / expected
        return Judgement(expected, target_len, z, ratio, self.probability(z))


@lru_cache(maxsize=4)
def load_length_model(path: str | Path = LENGTH_MODEL_FILE) -> LengthModel:
    raw = Path(path).read_bytes()
    return LengthModel.from_dict(json.loads(raw.decode("utf-8")), hashlib.sha256(raw).hexdigest())


def one_in(probability: float) -> str:
    """'1 in 2,000' (two significant figures), 'fewer than 1 in 100,000' beyond that."""
    if probability < 1e-5:
        return "fewer than 1 in 100,000"
    n = 1 / probability
    digits = max(0, int(math.floor(math.log10(n))) - 1)
    return f"1 in {int(round(n, -digits)):,}"


# -- the pieces of a source ------------------------------------------------------------------------------------
_SOURCE_SENTENCE_END = lazy_compile(r"[。！？!?]+(?:\s*[”’」』）)])*")
_PARENTHESIS = lazy_compile(r"（([^（）\n]{1,200})）|\(([^()\n]{1,200})\)")
_QUOTATION = lazy_compile(r"“([^“”\n]{1,300})”|「([^「」\n]{1,300})」|『([^『』\n]{1,300})』|《([^《》\n]{1,100})》"
                        r"|\"([^\"\n]{1,300})\"")
_CN_NUMERAL = "一二三四五六七八九十"
# An enumeration marker at the start of a source: 二、 （三） (4) 4、 4. ⑤
_LEADING_MARKER = lazy_compile(rf"\s*(?:[（(][{_CN_NUMERAL}]{{1,3}}[)）]|[{_CN_NUMERAL}]{{1,3}}[、．]|[（(]\d{{1,2}}[)）]"
                             rf"|\d{{1,2}}[、．]|\d{{1,2}}\.(?!\d)|[①-⑳])")
# … and at the start of an English target: 2. (3) (c) IV. ① Second, Secondly, Five,
_ORDINALS = ("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|one|two|three|four|five|six|"
             "seven|eight|nine|ten|finally|lastly|last")
_TARGET_MARKER = lazy_compile(rf"\s*[\"“'‘\[【]?(?:[（(]?(?:\d{{1,2}}|[ivxIVX]{{1,4}}|[A-Za-z]|{_ORDINALS})[)）]"
                            rf"|(?:\d{{1,2}}|[IVX]{{1,4}}|[A-Za-z])[.,、:：)]|[①-⑳]|(?:{_ORDINALS})(?:ly)?\b)",
                            re.IGNORECASE)
# Items of an enumeration inside a source: 一是… 二是…, ①… ②…, （1）… （2）…
_INLINE_MARKER = lazy_compile(rf"(?:^|(?<=[：:；;，,。\s]))(?:[{_CN_NUMERAL}]是|[①-⑳]|[（(](?:[{_CN_NUMERAL}]{{1,2}}|\d{{1,2}})[)）])")
_TARGET_ITEM = lazy_compile(rf"\b(?:{_ORDINALS})(?:ly)?\b|[（(](?:\d{{1,2}}|[a-zA-Z]|[ivxIVX]{{1,4}})[)）]|[①-⑳]"
                          rf"|(?:^|\s)\d{{1,2}}[.)](?=\s)", re.IGNORECASE)
_TARGET_BRACKET = lazy_compile(r"[(（\[【]")
_TARGET_QUOTE = lazy_compile(r"[\"“”«»「」『』]|(?:^|(?<=\s))[‘']|[’'](?=\s|$|[,.;:!?])")
# A run of Latin-script words (accents included: chè) inside a parenthesis or quotation.
_LATIN_CHUNK = lazy_compile(r"[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f&.'’\- ]*[A-Za-z0-9\u00c0-\u024f]"
                          r"|[A-Za-z\u00c0-\u024f]")
_SQUEEZE = lazy_compile(r"[\s\-'’.]")


@dataclass(frozen=True)
class Piece:
    """A part of a source whose counterpart a target may lack."""

    kind: str  # sentences, bracket, quote, list-item (the rule is omission.<kind>)
    start: int
    end: int
    content: tuple[int, int]  # the text inside the marks


def source_sentences(source: str) -> list[tuple[int, int]]:
    """The sentences of a Chinese source (ends: 。！？!? and closing quotes or brackets), as spans; pieces
    without a letter or digit are not sentences."""
    spans, start = [], 0
    for m in _SOURCE_SENTENCE_END.finditer(source):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(source)))
    out = []
    for s, e in spans:
        while s < e and source[s].isspace():
            s += 1
        if any(c.isalnum() for c in source[s:e]):
            out.append((s, e))
    return out


def _pieces(source: str, target: str) -> list[Piece]:
    """The pieces of ``source`` of a kind the target has fewer of than the source."""
    pieces: list[Piece] = []
    sentences = source_sentences(source)
    if len(sentences) >= 2:
        target_sentences = [s for s in segment(target) if any(c.isalnum() for c in s.text)]
        if len(target_sentences) < len(sentences):
            pieces += [Piece("sentences", s, e, (s, e)) for s, e in sentences]
    brackets = [m for m in _PARENTHESIS.finditer(source) if _CJK_LETTER.search(m.group())]
    if brackets and len(_TARGET_BRACKET.findall(target)) < len(brackets):
        pieces += [Piece("bracket", m.start(), m.end(), (m.start() + 1, m.end() - 1)) for m in brackets]
    quotes = [m for m in _QUOTATION.finditer(source) if _CJK_LETTER.search(m.group())]
    if quotes and len(_TARGET_QUOTE.findall(target)) < 2 * len(quotes):
        pieces += [Piece("quote", m.start(), m.end(), (m.start() + 1, m.end() - 1)) for m in quotes]
    markers = list(_INLINE_MARKER.finditer(source))
    if len(markers) >= 2 and len(_TARGET_ITEM.findall(target)) < len(markers):
        ends = [m.start() for m in markers[1:]] + [len(source)]
        pieces += [Piece("list-item", m.start(), end, (m.end(), end)) for m, end in zip(markers, ends)]
    return pieces


def _squeeze(text: str) -> str:
    """Lower case, without accents, spaces, hyphens, apostrophes and periods: "Brau-Beviale" = "brau beviale",
    "chè" = "che"."""
    return _SQUEEZE.sub("", _squeeze_accents(text).lower())


_WORD = lazy_compile(r"[^\W\d_]+", re.UNICODE)
_ENDINGS = ("ing", "ed", "es", "s")


def _stem(word: str) -> str:
    """A crude English stem, the same for both sides: "doing" = "do", "things" = "thing"."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[:-len(ending)]
    return word


def _inflected_in(words: str, target: str) -> bool:
    """Whether the words of a quoted English phrase stand in ``target`` in their order, each in some inflection
    (“do the right thing” quoted as “doing the right thing”: the sentence's grammar, not an omission)."""
    wanted = [_stem(w) for w in _WORD.findall(_squeeze_accents(words).lower())]
    if len(wanted) < 2:
        return False
    have = [_stem(w) for w in _WORD.findall(_squeeze_accents(target).lower())]
    for k in range(len(have) - len(wanted) + 1):
        if have[k:k + len(wanted)] == wanted:
            return True
    return False


def _squeeze_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_KIND_NAMES = {"sentences": "sentence", "bracket": "parenthesis", "quote": "quotation", "list-item": "list item"}
_PLURALS = {"sentences": "sentences", "bracket": "parentheses", "quote": "quotation marks",
            "list-item": "enumeration markers"}


# Lines of the WMT22 zh-en test set used by the examples below.
_ENVIRONMENT = "【环境】整体还好。"  # line 1609
_BREATH = "“你只需要轻轻呼一口气，这套仪器就能从你呼出的气体成分中，初步检测身体健康状况 。 ”"  # line 9
_SENSOR = "张迪鸣介绍说，这套传感器与智能手机相连，呼出气体后，健康报告就会显示在手机上。"  # line 10
_FILM = "这部片子最让人感到痛苦的就是它仿佛是克系小说里的造物，难以名状，漏洞多的就像是小马哥身上的风衣。"  # line 73
_BEVIALE = ("第十八届“世界饮料创新奖”（World Beverage Innovation Awards）是FoodBev Media与德国纽伦堡国际啤酒、酿酒及饮料工业"
            "展览会（Brau Beviale）联合举办的奖项。")  # line 432
_TACTICS = "战术在于“do the things right”，也就是把事做对。"  # line 675

#: What each rule flags and what it leaves alone, shown by ``tqa rule CODE`` and run as tests
#: (tests/test_rule_examples.py): (bad|good, source, target), a system's output or a human reference.
EXAMPLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "omission.empty": (
        ("bad", "图9中，一个事件的热度波峰恰好是另一事件的波谷", ""),  # line 1479, Online-W left it empty
        ("good", "好的", "OK."),  # line 557, ref A: the shortest translation is not an empty one
    ),
    "omission.short": (
        ("bad", _FILM, "The most painful thing about this film is that it seems to be a creation in a gram novel."),
        # ref B leaves the simile out too, but its target is not unusually short for the source
        ("good", _FILM, "The most terrible thing of this film is that it is just like a creature of the Cthulhu school "
                        "novels, which is nameless, filled with defects."),
        ("good", "我们打电话过去了", "We called."),  # line 1088, ref A: short sources vary
    ),
    "omission.long": (
        ("bad", _ENVIRONMENT, "The actual fact is that you can find a lot of people who are not able to get a lot of "
                              "money."),  # Online-W
        ("good", _ENVIRONMENT, "[Environment] It was not bad on the whole."),  # ref B
    ),
    "omission.sentences": (
        # lines 1609 and 10 as one unit, translated by ref A of line 1609 alone (as tests/test_check_omission.py
        # joins two lines: WMT22 systems leave out no whole sentence that the check finds)
        ("bad", _ENVIRONMENT + _SENSOR, "[Environment] It was not bad overall."),
        # lines 9 and 10 as one unit, ref A of both merged into one sentence: translators merge sentences
        ("good", _BREATH + _SENSOR,
         "“All you need to do is to breathe out, and this set of instrument can detect your physical conditions "
         "preliminarily from the components of the air you breathe out”; Zhang Diming introduced, this set of sensor "
         "is connected to the smart phone; after you breathe out, the health report will be shown on your phone."),
    ),
    "omission.bracket": (
        ("bad", "设计，无处不在（小译林中小学阅读丛书 名师导读图文并茂 《中小学生阅读指导目录》推荐）",
         "Design, everywhere"),  # line 1298, Online-B
        ("bad", _BEVIALE, 'The 18th "World Beverage Innovation Awards" is an award jointly organized by Foodbev media '
                          "and Brau Beveriale in Nuremberg, Germany."),  # JDExploreAcademy: the original name changed
        ("good", _BEVIALE, "The 18th “World Beverage Innovation Awards” is an award jointly held by FoodBev Media and "
                           "Brau Beviale."),  # ref A: the original name for the fair's Chinese name
        ("good", "他因发明蓝色发光二极管（LED）而成为2014年诺贝尔物理学奖的三位获奖者之一。",  # line 639, ref A
         "He became one of the three prize winners of 2014 Nobel Prize in Physics with his invention of blue LED."),
    ),
    "omission.quote": (
        ("bad", _TACTICS, 'The tactic is to "do it right", which is to do it right.'),  # DLUT
        ("good", _TACTICS, "The key of the tactics is “do the things right”."),  # ref A
        # WMT22 dev line 676, Online-G: the quoted phrase inflected to fit the sentence
        ("good", "战略在于“do the right thing”，即做正确的事。",
         "The strategy lies in “doing the right thing”, that is, doing the right thing."),
    ),
    "omission.list-item": (
        ("bad", "2.本店有仿品吗？", "Does the store have counterfeits?"),  # line 117, Lan-Bridge
        ("good", "2.本店有仿品吗？", "2. Is there counterfeit in this store?"),  # ref A
        # line 705, AISP-SJTU: "(six)" is a clumsy counterpart of (六), but a counterpart
        ("good", "(六)参加全国造价工程师执业资格考试教材编写",
         "(six) to participate in the compilation of teaching materials for the national cost engineer "
         "qualification examination"),
    ),
}


class OmissionCheck(UnitCheck):
    name = "omission"
    description = ("an empty target, a target far shorter or longer than its source warrants (a length model of "
                   "human translations), a source sentence, parenthesis, quotation or list item left out")

    def __init__(self, model: LengthModel | None = None):
        self.model = model

    def rules(self, glossary) -> dict[str, Rule]:
        return rules_of(self.name, [
            ("omission.empty", "the target is empty: the source was not translated", OMISSION, Severity.CRITICAL),
            ("omission.short", "the target is far shorter than human translations of a source this long", OMISSION,
             (Severity.MAJOR, Severity.CRITICAL)),
            ("omission.long", "the target is far longer than human translations of a source this long (an "
                              "addition)", ADDITION, Severity.MAJOR),
            ("omission.sentences", "a sentence of the source has no counterpart in the target", OMISSION,
             Severity.MAJOR),
            ("omission.bracket", "a parenthesis of the source has no counterpart in the target", OMISSION,
             (Severity.MINOR, Severity.MAJOR)),
            ("omission.quote", "a quotation or title of the source has no counterpart in the target", OMISSION,
             (Severity.MINOR, Severity.MAJOR)),
            ("omission.list-item", "an item or enumeration marker of the source has no counterpart in the target",
             OMISSION, (Severity.MINOR, Severity.MAJOR)),
        ], EXAMPLES)

    def check_unit(self, ctx, unit: Unit) -> Iterable[Finding]:
        source = unit.source or ""
        if not any(c.isalnum() for c in source):
            return
        target = ctx.target_of(unit)
        if not target.strip():
            yield ctx.source_finding(
                unit, 0, len(source), rule="omission.empty", check=self.name, category=OMISSION,
                severity=Severity.CRITICAL, message="the target is empty: the source was not translated")
            return
        model = self.model or load_length_model()
        reported: set[tuple[int, int]] = set()
        finding = self._length(ctx, unit, source, target, model)
        if finding is not None:
            if finding.source_start is not None and finding.rule != "omission.short":
                reported.add((finding.source_start, finding.source_end))
            yield finding
        yield from self._glosses(ctx, unit, source, target, reported)
        yield from self._leading_marker(ctx, unit, source, target, reported)

    # -- length --------------------------------------------------------------------------------------------
    def _length(self, ctx, unit: Unit, source: str, target: str, model: LengthModel) -> Finding | None:
        source_len = source_length(source)
        if source_len < MIN_SOURCE_LENGTH:
            return None
        target_len = target_length(target)
        whole = model.judge(source_len, target_len)
        missing = whole.expected - whole.actual
        if whole.z < 0 and whole.z <= model.z_for(PIECE_PROBABILITY) and missing >= PIECE_MISSING_CHARS:
            candidates = []
            for piece in _pieces(source, target):
                rest = source_length(source[:piece.start] + source[piece.end:])
                if rest >= 1:
                    z_rest = model.z(rest, target_len)
                    if z_rest >= model.z_for(PIECE_ORDINARY):
                        candidates.append((abs(z_rest), piece))
            candidates.sort(key=lambda c: c[0])
            # Only a piece that explains the length clearly better than any other: two sentences of about the
            # same length, one of them left out, cannot be told apart by length (omission.short may still apply).
            if candidates and (len(candidates) == 1 or candidates[1][0] - candidates[0][0] >= PIECE_MARGIN):
                piece = candidates[0][1]
                name = _KIND_NAMES[piece.kind]
                shown = source[piece.start:piece.end]
                shown = shown if len(shown) <= 40 else shown[:38] + "…"
                return ctx.source_finding(
                    unit, piece.start, piece.end, rule=f"omission.{piece.kind}", check=self.name,
                    category=OMISSION, severity=Severity.MAJOR,
                    message=(f"the target is {whole.ratio:.1f}× shorter than usual for this source "
                             f"({one_in(whole.probability)} human translations is this short) but as long as "
                             f"usual without the source {name} “{shown}” (the target has fewer "
                             f"{_PLURALS[piece.kind]} than the source): it seems to be left out"))
        if (whole.z < 0 and whole.probability < SHORT_PROBABILITY and whole.ratio >= MIN_RATIO
                and missing >= MIN_MISSING_CHARS):
            return ctx.source_finding(
                unit, 0, len(source), rule="omission.short", check=self.name, category=OMISSION,
                severity=Severity.CRITICAL if whole.ratio >= CRITICAL_RATIO else Severity.MAJOR,
                message=(f"the target is {whole.ratio:.1f}× shorter than usual for a source of this length "
                         f"({whole.actual} characters where human translations have about "
                         f"{whole.expected:.0f}; {one_in(whole.probability)} is this short): part of the "
                         f"source seems to be left out"))
        if (whole.z > 0 and whole.probability < SHORT_PROBABILITY and whole.ratio >= MIN_RATIO
                and -missing >= MIN_MISSING_CHARS):
            return ctx.unit_finding(
                unit, 0, 0, rule="omission.long", check=self.name, category=ADDITION, severity=Severity.MAJOR,
                message=(f"the target is {whole.ratio:.1f}× longer than usual for a source of this length "
                         f"({whole.actual} characters where human translations have about "
                         f"{whole.expected:.0f}; {one_in(whole.probability)} is this long): it seems to add "
                         f"what the source does not say"))
        return None

    # -- original names and abbreviations in parentheses and quotation marks ----------------------------------
    def _glosses(self, ctx, unit: Unit, source: str, target: str, reported: set) -> Iterable[Finding]:
        squeezed = None
        for pattern, kind in ((_PARENTHESIS, "bracket"), (_QUOTATION, "quote")):
            for m in pattern.finditer(source):
                if (m.start(), m.end()) in reported or _CJK_LETTER.search(m.group()):
                    continue
                group = next(i for i in range(1, len(m.groups()) + 1) if m.group(i) is not None)
                for chunk in _LATIN_CHUNK.finditer(m.group(group)):
                    words = chunk.group()
                    if sum(c.isalpha() for c in words) < 2:
                        continue
                    if squeezed is None:
                        squeezed = _squeeze(target)
                    if _squeeze(words) in squeezed or (kind == "quote" and _inflected_in(words, target)):
                        continue
                    start = m.start(group) + chunk.start()
                    yield ctx.source_finding(
                        unit, start, start + len(words), rule=f"omission.{kind}", check=self.name,
                        category=OMISSION, severity=Severity.MINOR,
                        message=(f"“{words}”, in the source's {_KIND_NAMES[kind]} {m.group()}, is not in the "
                                 f"target: left out or changed"))

    def _leading_marker(self, ctx, unit: Unit, source: str, target: str, reported: set) -> Iterable[Finding]:
        m = _LEADING_MARKER.match(source)
        if m is None or _TARGET_MARKER.match(target):
            return
        start = len(m.group()) - len(m.group().lstrip())
        if any(s <= start < e for s, e in reported):
            return
        marker = m.group().strip()
        yield ctx.source_finding(
            unit, start, m.end(), rule="omission.list-item", check=self.name, category=OMISSION,
            severity=Severity.MINOR,
            message=f"the source starts with the list marker “{marker}”; the target has none")
