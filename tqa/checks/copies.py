"""Untranslated and copied: a target that is its source unchanged, and Chinese in the target copied from the
source.

* ``copies.unchanged`` (critical): the target is the source (after Unicode NFKC and white-space folding),
  and the source has at least one CJK letter; a source without one (a number, a URL, a product code, a name
  in Latin script) is rightly copied. The finding spans the whole target and carries the whole source.
* ``copies.copied`` (major; critical when the run is (nearly) its whole sentence, as for the language
  check): a run of CJK text in the target (the language check's definition of a run, ``tqa.scripts.CJK_RUN``)
  that is copied from the source: the run itself is in the source, or at least half of its letters are in
  stretches of two or more letters that are. The finding carries the source span it was copied from.

How it shares its work with the language check: this check runs first (``tqa.checks.BUILTIN`` order), and
its findings have exactly the spans of the language check's ``language.untranslated`` findings, so a copied
run is reported once, as ``copies.copied``, with the source span beside it; a CJK run that is not in the
source (text the system invented, or Japanese where the source is Chinese) is left to the language check.
With ``--no-check copies``, the language check reports every run as before. An empty target is the omission
check's.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from .base import REACH, UnitCheck, near
from ..model import Finding, Severity, Unit
from ..rules import Rule, rules_of
from ..scripts import CJK_LETTER, CJK_RUN, LATIN_LETTER, script_language
from ..lazyre import lazy_compile

CATEGORY = "Accuracy/Untranslated text"
MIN_COPIED_SHARE = 0.5  # of a run's letters, in stretches found in the source
MIN_STRETCH = 2  # letters: a single common character (的, 一) in both is no evidence of a copy
_SPACE = lazy_compile(r"\s+")


def _fold(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def copied_from(run: str, source: str, pairs: set[str] | None = None) -> tuple[int, int] | None:
    """Where in ``source`` the CJK run ``run`` was copied from (the longest copied stretch), or None when it
    is not a copy. ``pairs``: the source's pairs of characters, when the caller keeps them."""
    letters = [(i, c) for i, c in enumerate(run) if CJK_LETTER.match(c)]
    if not letters:
        return None
    core = run[letters[0][0]:letters[-1][0] + 1]
    at = source.find(core)
    if at >= 0:
        return at, at + len(core)
    text = "".join(c for _, c in letters)
    if len(text) == 1:
        at = source.find(text)
        return (at, at + 1) if at >= 0 else None
    # Greedy cover, left to right, by the longest stretch of letters that occurs in the source; a stretch starts
    # only at a pair of letters the source has (a set lookup, not a search of the source).
    if pairs is None:
        pairs = _pairs(source)
    covered, best, i = 0, None, 0
    while i < len(text):
        length = 0
        if text[i:i + MIN_STRETCH] not in pairs:
            i += 1
            continue
        while i + length < len(text) and text[i:i + length + 1] in source:
            length += 1
        if length >= MIN_STRETCH:
            covered += length
            if best is None or length > best[1] - best[0]:
                at = source.find(text[i:i + length])
                best = (at, at + length)
            i += length
        else:
            i += 1
    return best if best is not None and covered >= MIN_COPIED_SHARE * len(text) else None


MAX_RUN = 2000  # characters of a run judged at once; a longer run is judged by its pieces
_BLOCK = 1024  # windows of a long source start and end at multiples of this, so runs share their pairs


def _pairs(source: str) -> set[str]:
    return {source[k:k + MIN_STRETCH] for k in range(len(source) - MIN_STRETCH + 1)}


def _copied(run: re.Match, target_length: int, source: str,
            windows: dict[tuple[int, int], set[str]]) -> tuple[int, int] | None:
    """Where the target's CJK ``run`` was copied from in ``source``, or None. In a long unit the run is looked
    for only near the place in the source that corresponds to its own (:func:`tqa.checks.base.near`), and a run
    longer than ``MAX_RUN`` is judged by its pieces: copied when at least half of them are, from where the first
    copied piece was to where the last one was (or the first one's place, when they are out of order). The
    time stays linear in the length of the unit."""
    pieces = [(k, run.group()[k:k + MAX_RUN]) for k in range(0, len(run.group()), MAX_RUN)]
    spans = []
    for k, piece in pieces:
        low, high = near(run.start() + k, target_length, len(source), reach=REACH + len(piece))
        if (low, high) != (0, len(source)):
            low, high = low - low % _BLOCK, min(len(source), high + -high % _BLOCK)
        window = source[low:high]
        if (low, high) not in windows:
            if len(windows) >= 4:  # runs come in order: the windows before the last few are not needed again
                windows.clear()
            windows[(low, high)] = _pairs(window)
        span = copied_from(piece, window, windows[(low, high)])
        if span is not None:
            spans.append((span[0] + low, span[1] + low))
    if not spans or len(spans) * 2 < len(pieces):
        return None
    first, last = spans[0], spans[-1]
    return (first[0], last[1]) if last[1] >= first[0] else first


#: What each rule flags and what it leaves alone, shown by ``tqa rule CODE`` and run as tests
#: (tests/test_rule_examples.py): (bad|good, source, target), from the WMT22 zh-en test set.
EXAMPLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "copies.unchanged": (
        # line 1 of the source sent back as its translation (no WMT22 system does that; a file returned
        # untranslated does)
        ("bad", "是否有途径处罚他", "是否有途径处罚他"),
        ("good", "unacceptable", "unacceptable"),  # line 1737, ref B: a source in English is rightly copied
    ),
    "copies.copied": (
        ("bad", "不过我#PRS_ORG#收到了", "But I'm #PRS_ORG #收到了"),  # line 660, Online-Y
        # line 1293, Online-G: 减 is not the source's 減, so not a copy (the language check reports it)
        ("good", "所以，这个月可以有 4 次用#PRS_ORG# RED 信用卡享受減 $20 優惠",
         "So, you can use the #PRS_ORG#RED credit card 4 times this month to enjoy a减20 discount"),
        # line 450, ref A: the headline separator 丨 is not a letter
        ("good", "新华全媒+丨北京青少年冰球联赛助燃冬奥热情",
         "XInhua All Media+丨Beijing Teenager Ice Hockey League fueled the enthusiasm for the Winter Olympics"),
    ),
}


class CopiesCheck(UnitCheck):
    name = "copies"
    description = "a target that is its source unchanged, and Chinese in the target copied from the source"

    def rules(self, glossary) -> dict[str, Rule]:
        return rules_of(self.name, [
            ("copies.unchanged", "the target is the source, unchanged: it was not translated", CATEGORY,
             Severity.CRITICAL),
            ("copies.copied", "Chinese (Japanese, Korean) text copied from the source into the target", CATEGORY,
             (Severity.MAJOR, Severity.CRITICAL)),
        ], EXAMPLES)

    def check_unit(self, ctx, unit: Unit) -> Iterable[Finding]:
        source = unit.source or ""
        if not CJK_LETTER.search(source):
            return
        target = ctx.target_of(unit)
        if not target.strip() or not CJK_LETTER.search(target):
            return  # an empty target is omission's; a target without CJK letters copied none
        if _fold(target) == _fold(source):
            start = len(target) - len(target.lstrip())
            end = len(target.rstrip())
            yield ctx.unit_finding(
                unit, start, end, rule="copies.unchanged", check=self.name, category=CATEGORY,
                severity=Severity.CRITICAL, source_span=(0, len(source)),
                message="the target is the source, unchanged: it was not translated")
            return
        base = unit.start - ctx.offset  # the unit's target in window coordinates
        sentences: dict[tuple[int, int], tuple[int, int]] = {}  # sentence -> (visible characters, Latin letters)
        windows: dict[tuple[int, int], set[str]] = {}  # a window of the source -> its pairs of characters
        for m in CJK_RUN.finditer(target):
            span = _copied(m, len(target), source, windows)
            if span is None:
                continue
            # Severity as the language check judges it: critical when the run is (nearly) its whole sentence.
            bounds = ctx.segmentation.sentence_at(base + m.start())
            if bounds not in sentences:
                sentence = ctx.text[bounds[0]:bounds[1]]
                sentences[bounds] = (len(sentence) - sum(1 for c in sentence if c.isspace()),
                                     len(LATIN_LETTER.findall(sentence)))
            visible, latin = sentences[bounds]
            whole = latin < 3 or (m.end() - m.start()) >= 0.6 * visible
            language = script_language(m.group())
            yield ctx.unit_finding(
                unit, m.start(), m.end(), rule="copies.copied", check=self.name, category=CATEGORY,
                severity=Severity.CRITICAL if whole else Severity.MAJOR, source_span=span,
                message=(f"{language} copied from the source untranslated (“{source[span[0]:span[1]]}”): "
                         f"translate it"))
