"""Numbers: every number of the source must have an equivalent in the target, and every number of the target one
in the source.

The numbers of each side are read by :mod:`tqa.numbers_zh` and :mod:`tqa.numbers_en` into mentions that carry
every value they can stand for (7月 is July; 3.5亿 is 350,000,000; 十几 is anything from 10 to 19; 19时54分 is
19:54 or 7:54 pm), and two mentions are equivalent when they share one (:func:`tqa.quantities.agree`). What is
left over on both sides is reported:

* ``numbers.mismatch`` (Accuracy/Mistranslation, major): a source number and a target number that stand where
  each other should (3.5亿 rendered "35 million"), paired so that the most numbers pair at the least cost (values
  close, places in the text alike); critical when the scale is off, the same digits ten times (or a hundred, a
  thousand…) too large or too small (million for billion, 0.71万 = 7,100 rendered "0.71 million");
* ``numbers.missing`` (Accuracy/Omission, major): a source number with no equivalent in the target, reported on
  the source (the target span is empty);
* ``numbers.added`` (Accuracy/Addition, major): a target number with no equivalent in the source.

Only *strong* mentions need an equivalent: digits, Chinese numerals of ten or more, percentages, dates, times and
weekdays in the source; digits, times and weekdays in the target. Words a translator uses freely (一, 两, 三,
"both", "first", "one", "three", a month named from the context) only serve as equivalents, or as the other half
of a mismatch.

Decisions: an approximate number agrees with any value in its interval ("十几" with "more than ten", "a dozen or
so", "over 10", not with "dozens"); 5个百分点 is five percentage points, not 5%; a number in a name (iPhone 13,
Mate40) is copied in digits; a translator may round a precise amount (3.456亿 → "346 million") but not a count or
a year (15 is not 20, 2021 is not 2020), and may convert 斤, 公里, 公斤, 亩, 米 and °C (10斤 → "5 kg", 5公里 →
"3.1 miles", within 5%); the digits of a web address are the tags check's; an anonymised #NUMBER# may be any
number.
"""

from __future__ import annotations

import math
from typing import Iterable, Iterator

from .base import UnitCheck
from ..model import Finding, Severity, Unit
from ..rules import Rule, rules_of
from ..quantities import Mention, agree, format_value, scale_ratio

# numbers_zh and numbers_en (cn2an, long pattern tables) are imported where a unit with a source is checked:
# plain text never needs them.

MISMATCH = "numbers.mismatch"
MISSING = "numbers.missing"
ADDED = "numbers.added"
_SCALE_OFF = 10  # a pair whose values differ by a power of ten this large or larger is a scale error: critical
_DOMAINS = {"month": "month", "weekday": "weekday", "time": "time"}

#: What each rule flags and what it leaves alone, shown by ``tqa rule CODE`` and run as tests
#: (tests/test_rule_examples.py): (bad|good, source, target). Lines of the WMT22 zh-en test set (source.zh with
#: a system's output or a human reference, cut to the part that matters); a good example is what a careful
#: translator writes where a cruder check would flag it.
EXAMPLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    MISMATCH: (
        ("bad", "套系价格：3999 元", "Price of sleeve: RMB399"),  # line 857, DLUT: a digit lost
        ("bad", "青海湖裸鲤资源蕴藏量今年增加0.71万吨",  # line 1130, NiuTrans: 万 read as million (critical)
         "Qinghai Lake naked carp reserves increased by 0.71 million tons this year"),
        ("good", "套系价格：3999 元", "Set price: 3,999 yuan"),  # ref A: a thousands separator
        ("good", "青海湖裸鲤资源蕴藏量今年增加0.71万吨",  # ref A: 0.71万 is 7,100
         "The reserves of gymnocypris przewalskii resources in the Qinghai Lake have increased by 7.1 thousand tons"),
        ("good", "11月至次年2月是果实的采摘季节",  # line 314, ref A: months by name
         "November to February of next year is the picking time of fruit"),
    ),
    MISSING: (
        ("bad", "48小时核酸阴性", "Hours negative nucleic acid"),  # line 1019, NiuTrans
        ("bad", "2.本店有仿品吗？", "Does the store have counterfeits?"),  # line 117, Lan-Bridge: the item number
        ("good", "48小时核酸阴性", "Negative nucleic acid test result within 48 hours"),  # ref A
        ("good", "但在这３所美国名校中，亚裔所占比例基本维持在同一水平",  # line 744, ref A: "these", counted before
         "however, in these famous universities in the US, the proportion of Asian students basically maintained "
         "at the same level"),
    ),
    ADDED: (
        ("bad", "正版一二三年级", "the authentic Grade 12 and 33"),  # line 993, DLUT: 一二三 read as 12 and 3
        ("good", "正版一二三年级", "authentic Grade 1, 2 and 3"),  # ref A
        ("good", "最新一批防伪纸已经于本月6日运抵吉隆坡",  # line 909, ref A: the month of 本月 named from the context
         "the latest batch of security paper has been delivered to Kuala Lumpur on December 6"),
    ),
}


class NumbersCheck(UnitCheck):
    name = "numbers"
    description = "numbers, dates, times and percentages of the source that the target changes, drops or adds"
    needs_source = True

    def rules(self, glossary) -> dict[str, Rule]:
        return rules_of(self.name, [
            (MISMATCH, "a number of the source rendered as another number (critical when off by 10× or more)",
             "Accuracy/Mistranslation", (Severity.MAJOR, Severity.CRITICAL)),
            (MISSING, "a number of the source with no equivalent in the target", "Accuracy/Omission", Severity.MAJOR),
            (ADDED, "a number in the target with no equivalent in the source", "Accuracy/Addition", Severity.MAJOR),
        ], EXAMPLES)

    def run(self, ctx) -> Iterable[Finding]:
        # The readers are Chinese (source) and English (target): a file that declares other languages is left
        # alone rather than misread (German writes 1.234 for 1,234).
        source_lang = ctx.document.source_language.lower()
        if (source_lang and not source_lang.startswith("zh")) or (ctx.target_lang and ctx.target_lang != "en"):
            return
        yield from super().run(ctx)

    def check_unit(self, ctx, unit: Unit) -> Iterable[Finding]:
        from .. import numbers_en, numbers_zh

        target = ctx.target_of(unit)
        if not unit.source or not target.strip():
            return  # an empty target is the omission check's
        if not (numbers_zh.MAY_HAVE_STRONG.search(unit.source) or numbers_en.MAY_HAVE_NUMBERS.search(target)):
            return  # most units: no number on either side that needs a counterpart
        mismatches, missing, added = compare(numbers_zh.extract(unit.source), numbers_en.extract(target))
        for source_number, target_number in mismatches:
            ratio = scale_ratio(source_number.value, target_number.value)
            critical = _scale_error(ratio) and _same_kind(source_number, target_number)
            yield ctx.unit_finding(
                unit, target_number.start, target_number.end, rule=MISMATCH, check=self.name,
                category="Accuracy/Mistranslation", severity=Severity.CRITICAL if critical else Severity.MAJOR,
                message=f"the source has {describe(source_number)}, the target {describe(target_number)}"
                        + (f" ({_times(ratio)} off)" if critical else ""),
                source_span=(source_number.start, source_number.end))
        for source_number in missing:
            yield ctx.source_finding(
                unit, source_number.start, source_number.end, rule=MISSING, check=self.name,
                category="Accuracy/Omission", severity=Severity.MAJOR,
                message=f"the source has {describe(source_number)}, which the target does not")
        for target_number in added:
            yield ctx.unit_finding(
                unit, target_number.start, target_number.end, rule=ADDED, check=self.name,
                category="Accuracy/Addition", severity=Severity.MAJOR,
                message=f"the target has {describe(target_number)}, which the source does not")


def compare(source: list[Mention], target: list[Mention]
            ) -> tuple[list[tuple[Mention, Mention]], list[Mention], list[Mention]]:
    """The numbers that do not correspond: (pairs of a source and a target number that stand for each other,
    source numbers without an equivalent, target numbers without an equivalent).

    A number's equivalent is looked for among all the numbers of the other side; in a unit with more than
    ``_NEAR`` numbers on a side (a table, a whole article on one line) only among the ``_NEAR`` nearest by place
    (the same share of the way through the text), so that the time stays linear in the unit's length. A list of
    numbers is translated in its order, so this finds the same equivalents."""
    near_target = _nearby(len(source), len(target))
    near_source = _nearby(len(target), len(source))
    missing = [s for k, s in enumerate(source)
               if s.strong and not any(agree(s, target[j]) for j in near_target(k))]
    added = [t for k, t in enumerate(target)
             if t.strong and not any(agree(source[i], t) for i in near_source(k))]
    # Either half of a mismatch may be a weak number: a missing source number may be rendered by a word or a
    # code ("five" for 3, "Mate50" for Mate40), and an added target number may render a weak source number
    # (三 rendered "5"). A pair needs one strong side, so pairing never flags what was not flagged already.
    source_side = missing + [s for k, s in enumerate(source) if not s.strong and _pairable(s)
                             and not any(agree(s, target[j]) for j in near_target(k))]
    target_side = added + [t for k, t in enumerate(target) if not t.strong and _pairable(t)
                           and not any(agree(source[i], t) for i in near_source(k))]
    # The cost of a pair: how far apart the values are, and how far apart the numbers stand in their texts (a
    # list of numbers is usually translated in its order).
    source_rank = {id(m): k / max(1, len(source) - 1) for k, m in enumerate(source)}
    target_rank = {id(m): k / max(1, len(target) - 1) for k, m in enumerate(target)}
    costs = {}
    if len(source_side) * len(target_side) <= _NEAR * _NEAR:
        candidates = ((i, s, j, t) for i, s in enumerate(source_side) for j, t in enumerate(target_side))
    else:  # only numbers that stand near each other, found by place in one sorted pass
        candidates = _near_pairs(source_side, target_side, source_rank, target_rank)
    for i, s, j, t in candidates:
        if _may_pair(s, t) and (i < len(missing) or j < len(added)):
            costs[(i, j)] = _distance(s, t) + abs(source_rank[id(s)] - target_rank[id(t)])
    chosen = _assign(costs, len(source_side))
    used_source, used_target = {i for i, _ in chosen}, {j for _, j in chosen}
    pairs = [(source_side[i], target_side[j]) for i, j in chosen]
    pairs.sort(key=lambda pair: pair[1].start)
    return (pairs, [s for i, s in enumerate(missing) if i not in used_source],
            [t for j, t in enumerate(added) if j not in used_target])


_NEAR = 64  # numbers on a side beyond which a number's equivalent is looked for only near its place


def _nearby(n_from: int, n_to: int):
    """For the k-th of ``n_from`` numbers, the indexes of the ``n_to`` numbers of the other side to look in: all
    of them, or the ``_NEAR`` nearest to the same share of the way through, nearest first (an equivalent is
    usually there, and the search stops at it)."""
    if n_from <= _NEAR and n_to <= _NEAR:
        every = range(n_to)
        return lambda k: every
    half = _NEAR // 2

    def near(k: int) -> Iterator[int]:
        centre = round(k * (n_to - 1) / max(1, n_from - 1))
        yield centre
        for step in range(1, half + 1):
            if centre - step >= 0:
                yield centre - step
            if centre + step < n_to:
                yield centre + step
    return near


def _near_pairs(source_side, target_side, source_rank, target_rank):
    """(i, s, j, t) for the left-over numbers that stand within ``_NEAR`` places of each other (by their share of
    the way through their texts), at most ``_NEAR`` targets for each source number."""
    import bisect

    order = sorted(range(len(target_side)), key=lambda j: target_rank[id(target_side[j])])
    ranks = [target_rank[id(target_side[j])] for j in order]
    width = _NEAR / max(1, len(source_rank), len(target_rank))
    for i, s in enumerate(source_side):
        at = source_rank[id(s)]
        lo, hi = bisect.bisect_left(ranks, at - width), bisect.bisect_right(ranks, at + width)
        for j in order[lo:min(hi, lo + _NEAR)]:
            yield i, s, j, target_side[j]


def _assign(costs: dict[tuple[int, int], float], sources: int) -> list[tuple[int, int]]:
    """The pairs (source index, target index) that pair the most numbers at the least total cost: searched
    through for the few numbers a unit has, greedy beyond."""
    if len(costs) > 36:
        chosen, used_source, used_target = [], set(), set()
        for (i, j), _ in sorted(costs.items(), key=lambda item: item[1]):
            if i not in used_source and j not in used_target:
                chosen.append((i, j))
                used_source.add(i)
                used_target.add(j)
        return chosen
    options = [[(j, cost) for (i2, j), cost in costs.items() if i2 == i] for i in range(sources)]
    best: tuple[int, float, list] = (0, 0.0, [])

    def search(i: int, used: frozenset, chosen: list, total: float) -> None:
        nonlocal best
        if i == sources:
            if len(chosen) > best[0] or (len(chosen) == best[0] and total < best[1]):
                best = (len(chosen), total, list(chosen))
            return
        search(i + 1, used, chosen, total)
        for j, cost in options[i]:
            if j not in used:
                chosen.append((i, j))
                search(i + 1, used | {j}, chosen, total + cost)
                chosen.pop()

    search(0, frozenset(), [], 0.0)
    return best[2]


def _scale_error(ratio) -> bool:
    """Whether two values differ by a power of ten, ten or more: the same digits with the scale off (0.71万 =
    7,100 rendered "0.71 million"; 2510亿 rendered "25.1 billion")."""
    if ratio is None or ratio < _SCALE_OFF:
        return False
    exponent = math.log10(ratio)
    return abs(exponent - round(exponent)) < 0.005


def _pairable(mention: Mention) -> bool:
    """A weak number that can be half of a mismatch: a code, a month, an ordinal, or a number of two or more
    (not "one" or 一, which are as often not numbers, nor "both", "twice", "half", nor a placeholder)."""
    if mention.kind in ("code", "month"):
        return True
    if mention.kind == "ordinal":  # 3rd, 25th, third; not "first" and "second", which are as often not ordinals
        return bool(mention.digits) or (mention.value is not None and mention.value >= 3)
    return mention.kind == "number" and mention.value is not None and mention.value >= 2


def _domain(mention: Mention) -> str:
    return _DOMAINS.get(mention.kind, "number")


def _may_pair(source: Mention, target: Mention) -> bool:
    """Whether ``target`` can be what the translation made of ``source``: numbers of the same domain (a day of
    the month rendered as a weekday, "10日" as "on Monday", too), a weak code only for a code."""
    if (source.kind == "code" and not source.strong) or (target.kind == "code" and not target.strong):
        if source.kind != target.kind:
            return False
    return _domain(source) == _domain(target) or {source.kind, target.kind} == {"day", "weekday"}


def _same_kind(a: Mention, b: Mention) -> bool:
    quantities = {"number", "percent", "points", "code", "fraction"}
    return a.kind in quantities and b.kind in quantities


def _distance(a: Mention, b: Mention) -> float:
    """How unlikely it is that ``b`` renders ``a``: the distance of their values in orders of magnitude, plus one
    when they are not the same kind of number (a percentage for a plain number)."""
    if {a.kind, b.kind} == {"day", "weekday"}:
        return 0.5
    penalty = 0.0 if a.kind == b.kind or {a.kind, b.kind} <= {"number", "code"} else 1.0
    if not a.value or not b.value:
        return penalty + 10
    return penalty + abs(math.log10(abs(a.value) / abs(b.value)))


def _times(ratio) -> str:
    return f"{format_value(ratio.__round__())}×" if ratio >= 10 else f"{float(ratio):.1f}×"


def describe(mention: Mention) -> str:
    """A number as the message shows it: its text and, when that is not plain digits, its value."""
    text = f"“{mention.text}”"
    if mention.value is None or mention.kind in ("month", "weekday", "time", "code"):
        return text
    shown = format_value(mention.value)
    if mention.approximate:
        reading = mention.readings[0]
        shown = f"{format_value(reading.low)}–{format_value(reading.high)}"
    if shown.replace(",", "") == mention.text.replace(",", "").strip():
        return text
    return f"{text} ({shown})"
