"""The numbers of a Chinese text, as :class:`~tqa.quantities.Mention` objects with their values.

What it reads (each with an example from news text):

* Arabic digits, full-width or not, with thousands separators: 1,234 / １２３４ / 3.5;
* Chinese numerals and mixed forms, through cn2an (:func:`chinese_value`): 三千五百, 两百, 十一万三, 二〇二一;
* scale words after digits or numerals: 3.5万 = 35,000; 3.5亿 = 350 million; 1.2万亿 = 1.2 trillion;
* approximate numbers, as the interval they cover: 十几 = [10, 20), 几十 / 数十 = [20, 100), 上万 = [10⁴, 10⁵),
  三十多 / 30余 = [30, 40), 3000多万 = [3×10⁷, 4×10⁷), 两三 = [2, 4), 七八十 = [70, 90);
* percentages and percentage points: 百分之五, 5%, 5个百分点; fractions: 三分之一;
* dates and times: 2021年, 21年 (2021 or 21 years), 7月 (July, and 7), 25日 / 25号, 19时54分, 24时 (midnight),
  下午3点, 18:40; decades: 80年代, 六七十年代; weekdays: 周一 / 星期一 / 礼拜天;
* ordinals: 第3, 第十九届;
* numbers that are part of a name, which must be copied as they are: iPhone 13, Mate40, PM2.5, 5G;
* the anonymisation placeholders of the WMT data (#NUMBER#, #PHONENUMBER#): a number that could be any.

A mention is *strong* (the target must have it) when it is written in digits, or is a Chinese numeral of ten or
more, a percentage, a date, a time or a weekday; single Chinese numerals (一, 两, 三…) are *weak*: they are so often
part of words (一些, 统一, 两国 → "both") that they only serve as the counterpart of a number in the target.
Words whose characters are numerals but that are not numbers (十分 "very", 千万 "by all means", 万一 "in case",
红十字 "Red Cross") are left out.
"""

from __future__ import annotations

import re
import warnings
from fractions import Fraction
from functools import lru_cache

from .quantities import ANY, MONTH, NUMBER, TIME, WEEKDAY, Claims, Mention, Reading, interval, point

CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖廿"
CN_UNITS = "十百千万亿拾佰仟"
CN_NUMERALS = CN_DIGITS + CN_UNITS
_DIGIT_VALUE = {ch: i for i, chars in enumerate(("零〇", "一壹", "二两贰廿", "三叁", "四肆", "五伍", "六陆", "七柒",
                                                 "八捌", "九玖")) for ch in chars}
_DIGIT_VALUE["廿"] = 20
_FORMAL = set("壹贰叁肆伍陆柒捌玖拾佰仟")  # the numerals of cheques and contracts
_UNIT_VALUE = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10**4, "亿": 10**8}

# Full-width forms that news text mixes with ASCII, mapped one character to one (offsets stay valid).
_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
                        "％": "%", "．": ".", "～": "~", "－": "-", "：": ":", "＋": "+", "＃": "#"})

ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SMALL_NUM = rf"\d+|[{CN_DIGITS}十]+"  # a numeral without large units: days, months, hours
# A run of numerals, with the approximation marks that can sit inside one: 十几, 几十, 30余, 一百多, 上万.
_RUN = re.compile(rf"(?:[数几上](?=[十百千万亿]))?(?:{ARABIC}|[{CN_NUMERALS}])"
                  rf"(?:[{CN_NUMERALS}]|(?<=[十百千万亿拾佰仟])几|[多余来](?=[十百千万亿])|(?<=[\d十百千万亿])[多余来]"
                  rf"|点(?=[{CN_DIGITS}])|(?<=\d) (?=[万亿])|(?<=[万亿])\d+)*")
# Units that begin with a numeral: 5千克 is five kilograms, not 5,000 grams.
_KILO = re.compile(r"[千百](?=[克米瓦卡帕兆赫焦伏])|百分")

# Words written with numerals that are not numbers here (a numeral run that starts inside one is skipped).
_NOT_NUMBERS = re.compile(
    "十分|十足|十字|十全十美|千万(?=[不别要得记莫])|万万|万一|一一|千方百计|五花八门|七上八下|乱七八糟|三心二意|一五一十"
    "|四面八方|九死一生|万众|万物|万象|万千|千奇百怪|百变|百科|百度|百事|百货|百姓|百花|万达|万科|千里|百般|一百个"
    "|千千万万|成千上万|成百上千|数以万计|数以千计|数以百计|数以亿计|亿万|千家万户|二手|一心一意|一模一样"
    "|不三不四|三三两两|接二连三|独一无二|说一不二|一清二楚|十万八千里|百分百|百里挑一|万无一失"
    "|五十铃|十三陵")  # names: Isuzu, the Ming Tombs
# Fixed phrases that are numbers but vague ones: weak mentions with the interval they cover.
_VAGUE = {
    "成千上万": [interval(1000, 10**5)], "千千万万": [interval(1000, 10**8)], "成百上千": [interval(100, 10**4)],
    "数以万计": [interval(10**4, 10**6)], "数以千计": [interval(1000, 10**4)], "数以百计": [interval(100, 1000)],
    "数以亿计": [interval(10**8, 10**10)], "亿万": [interval(10**8, 10**9)],
    # 百分之百, 百分二百的努力: "completely", "our very best"
    "百分百": [point(100), point(1)], "百分之百": [point(100), point(1)], "百分之?二百": [point(200), point(2)],
    "180度": [point(180)],  # 180度大转变: "a complete turnaround"
    "二月二": [point(2, MONTH), point(2)],  # the festival 龙抬头 ("Dragon Raises its Head" Day)
}
_VAGUE_PATTERNS = [(re.compile(phrase), readings) for phrase, readings in _VAGUE.items()]
_VAGUE_PHRASE = re.compile("|".join(sorted(_VAGUE, key=len, reverse=True)))
_PLACEHOLDER = re.compile(r"#(?:NUMBER|PHONENUMBER)#")
# A number glued to Latin letters is part of a name (iPhone 13, Mate40, LP700, PM2.5, COVID-19, 5G, 3D) unless
# the letters are a unit (5km, 30mg) or a currency (RMB5).
_UNIT_AFTER = re.compile(r"(?:km|kg|cm|mm|mg|ml|m|g|l|t|kw|kwh|mah|gb|mb|tb|kb|hz|khz|mhz|ghz|w|v|h|min|s|x|ft|nm"
                         r"|mph|pcs|k)\b", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"(?:RMB|CNY|USD|US\$|HK\$|EUR|GBP|JPY|MYR|NT\$|\$|¥|€|£|No\.?)\s?$")
_LATIN_BEFORE = re.compile(r"[A-Za-z][A-Za-z]*[-\s]?$")
_LATIN_AFTER = re.compile(r"[A-Za-z]+")
_TIME_WORDS = ("上午", "下午", "晚上", "早上", "早晨", "凌晨", "中午", "傍晚", "夜里", "夜间", "晚", "早", "今天", "明天",
               "昨天", "当天", "次日", "日")
_WEEKDAY = re.compile(r"(?:星期|礼拜|周)([一二三四五六日天])(?![年次遍回个些岁])")
_WEEKDAY_VALUE = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
_MEASURE_AFTER = re.compile(r"\s?(?:[个位名人元次年月日天岁项家件台辆户份倍届条所座只本张块层款批场种部期点分秒周号米吨斤里]|小时)")
_SCALED_GROUPS = re.compile(rf"({ARABIC})([十百千万亿]*)")
_DIGIT_RUN = re.compile(r"\d+(?:\.\d+)*")
_RANGE_BETWEEN = re.compile(r"\s*[~\-—–至到]\s*")
_SCALE_END = re.compile(r"[万亿]+$")
# Web addresses and e-mail addresses are copied as they are (the tags check's business): their digits are not
# numbers.
URL = re.compile(r"(?:https?://|www\.)[^\s，。；！？、”’）)\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


#: A quick test that a text may hold a strong number (one the target must have): every strong mention the
#: finders below make has digits, two numerals side by side, or one of these words around a numeral.
MAY_HAVE_STRONG = re.compile(rf"[\d０-９]|[{CN_NUMERALS}]{{2}}|[{CN_NUMERALS}]\s?(?:月|世纪|时|点)|第[{CN_NUMERALS}]"
                             rf"|[数几上][十百千万亿]|[十百千万亿][几多余来]|百分|分之|星期|礼拜|周[一二三四五六日天]")


def normalize(text: str) -> str:
    """Full-width digits, letters and signs as ASCII, one character for one."""
    return text.translate(_WIDTH)


@lru_cache(maxsize=4096)
def chinese_value(numeral: str) -> Fraction | None:
    """The value of a Chinese numeral without approximation marks (三千五百 → 3500, 两百 → 200, 十一万三 →
    113000, 二〇二一 → 2021, 三点五 → 3.5), or None.

    cn2an does the work in its "normal" mode, which also reads spoken forms (一万二 = 12,000) and digit-by-digit
    numbers (二〇二一). What it gets wrong is kept from it: a bare scale character (万, 百: cn2an raises,
    and its ``transform`` warns), two adjacent digits that mean "two or three" (两三 would be 23), and
    a repeated digit (一一 "one by one" would be 11).
    """
    if not numeral or any(ch not in CN_NUMERALS + "点" for ch in numeral):
        return None
    if len(numeral) == 1 and numeral in _UNIT_VALUE:
        return Fraction(_UNIT_VALUE[numeral])
    if len(numeral) == 2 and all(ch in _DIGIT_VALUE for ch in numeral) and "〇" not in numeral and "零" not in numeral:
        return None  # 两三, 七八: "two or three"; 一一: "one by one"
    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = cn2an.cn2an(numeral, "normal")
        except (ValueError, KeyError, IndexError):
            return None
    return Fraction(str(value))


def _trailing_zeros(value: Fraction) -> int:
    if value.denominator != 1 or value == 0:
        return 0
    n, zeros = value.numerator, 0
    while n % 10 == 0:
        n //= 10
        zeros += 1
    return zeros


def _more_than(value: Fraction) -> tuple[Fraction, Fraction]:
    """The interval of "value and some more" (三十多 = [30, 40), 100余 = [100, 200), 3万多 = [30000, 40000))."""
    return value, value + Fraction(10) ** _trailing_zeros(value)


_PAIR = re.compile(r"^(十)?([一两二三四五六七八九])([二三四五六七八九])([十百千万]?)$")


def _pair(numeral: str) -> tuple[Fraction, Fraction] | None:
    """Two adjacent digits that mean "this or the next" (两三 = 2–3, 七八十 = 70–80, 十七八 = 17–18) as the
    interval they cover, or None."""
    match = _PAIR.match(numeral)
    if not match:
        return None
    ten, first, second, unit = match.groups()
    a, b = _DIGIT_VALUE[first], _DIGIT_VALUE[second]
    if b != a + 1 and not (first == "一" and second == "两"):
        return None
    if ten and unit:
        return None
    scale = _UNIT_VALUE.get(unit, 1)
    base = 10 if ten else 0
    return Fraction(base + a * scale), Fraction(base + (b + 1) * scale)


_SPLIT = re.compile(r"^(?P<pre>[数几上])?(?P<head>.*?)(?P<mark>[多余来几])?(?P<scale>[百千万亿]*)(?P<post>[多余来])?$")


def parse_number(run: str) -> tuple[Fraction, Fraction] | None:
    """The interval [low, high) a numeral run stands for (low == high for an exact number), or None.

    3.5万 → 35,000; 1.2万亿 → 1.2×10¹²; 三千五百 → 3,500; 十几 → [10, 20); 几十万 → [2×10⁵, 10⁶);
    3000多万 → [3×10⁷, 4×10⁷); 上百 → [100, 1,000); 七八十 → [70, 90).
    """
    run = run.replace(" ", "")
    exact = _exact(run)
    if exact is not None:
        return exact, exact
    match = _SPLIT.match(run)
    if not match:
        return None
    pre, head, mark, scale, post = match.group("pre", "head", "mark", "scale", "post")
    multiplier = Fraction(1)
    for ch in scale:
        multiplier *= _UNIT_VALUE[ch]
    if not head and not pre:
        if not scale or mark:
            return None
        # 千亿 (a hundred billion), 百万 (a million): units alone
        return (multiplier, multiplier) if not post else _more_than(multiplier)
    if scale and any(_UNIT_VALUE.get(ch, 0) >= min(_UNIT_VALUE[u] for u in scale) for ch in head):
        return None  # 3万5万: not one number
    if pre:
        # 几十, 数百, 上万: several of a unit ("dozens", "hundreds"); 上 (at least one) starts at the unit itself.
        if not head and not scale:
            return None  # 几 alone is "a few", not a number
        unit = _exact(head) if head else Fraction(1)
        if head and (unit is None or head.strip(CN_UNITS)):
            return None
        unit = (unit or 1) * multiplier
        if mark or post:
            return None
        return (unit if pre == "上" else 2 * unit), 10 * unit
    pair = _pair(head)
    if pair is not None:
        if mark or post:
            return None
        return pair[0] * multiplier, pair[1] * multiplier
    base = _exact(head)
    if base is None:
        return None
    if mark:
        if mark == "几" and not head.endswith(tuple("十百千")):
            return None
        low, high = _more_than(base)
        low, high = low * multiplier, high * multiplier
    else:
        low = high = base * multiplier
    if post:
        if mark:
            return None
        low, high = _more_than(low)
    return low, high


def _exact(text: str) -> Fraction | None:
    """An exact number: Arabic digits with an optional scale (3.5万, 1.2万亿, 500万, 3千), or a Chinese numeral."""
    text = text.replace(" ", "")
    if text[:1].isdigit():
        groups = _SCALED_GROUPS.findall(text)
        if "".join(a + b for a, b in groups) != text:
            return None
        value, last_scale = Fraction(0), None
        for digits, units in groups:
            scale = Fraction(1)
            for ch in units:
                scale *= _UNIT_VALUE[ch]
            if last_scale is not None and scale >= last_scale:
                return None  # 2万4801 adds up; 3万5万 does not
            value += Fraction(digits.replace(",", "")) * scale
            last_scale = scale
        return value
    return chinese_value(text)


def _mention(start: int, end: int, text: str, kind: str, readings, value, strong: bool = True,
             approximate: bool = False) -> Mention:
    return Mention(start, end, text[start:end], kind, tuple(readings), value, strong, approximate)


def _small_value(numeral: str) -> Fraction | None:
    if numeral.isdigit():
        return Fraction(int(numeral))
    return chinese_value(numeral)


def _number_readings(low: Fraction, high: Fraction) -> list[Reading]:
    return [interval(low, high)] if low != high else [point(low)]


class _Extraction(Claims):
    """One pass over a text: each finder claims spans, and no later finder looks inside a claimed one."""

    def __init__(self, text: str):
        super().__init__(len(text))
        self.original = text
        self.text = normalize(text)
        self.mentions: list[Mention] = []

    def add(self, start: int, end: int, kind: str, readings, value, strong: bool = True,
            approximate: bool = False) -> None:
        self.mentions.append(_mention(start, end, self.original, kind, readings, value, strong, approximate))
        self.claim(start, end)

    def before(self, start: int, length: int) -> str:
        return self.text[max(0, start - length):start]


def extract(text: str) -> list[Mention]:
    """Every number in a Chinese text, in text order."""
    x = _Extraction(text)
    for finder in _FINDERS:
        finder(x)
    return sorted(x.mentions, key=lambda m: (m.start, m.end))


def _placeholders(x: _Extraction) -> None:
    if "@" in x.text or "://" in x.text or "www." in x.text:
        for match in URL.finditer(x.text):
            # Weak codes: a translation that breaks the address ("https: / / zhuanlan.zhihu.com / p / 60474873")
            # is the tags check's finding, not a number added.
            for digits in _DIGIT_RUN.finditer(x.text, match.start(), match.end()):
                x.add(digits.start(), digits.end(), "code", [point(int(digits.group().replace(".", "") or 0))],
                      None, strong=False)
            x.claim(match.start(), match.end())
    for match in _PLACEHOLDER.finditer(x.text):
        x.add(match.start(), match.end(), "placeholder", [Reading(ANY, Fraction(0), Fraction(0))], None,
              strong=False)


def _not_numbers(x: _Extraction) -> None:
    for match in _NOT_NUMBERS.finditer(x.text):
        if _VAGUE_PHRASE.fullmatch(match.group()):
            continue
        x.claim(match.start(), match.end())


def _codes(x: _Extraction) -> None:
    text = x.text
    for match in _DIGIT_RUN.finditer(text):
        start, end = match.span()
        if not x.free(start, end):
            continue
        before = text[max(0, start - 12):start]
        after = text[end:end + 6]
        glued_before = _LATIN_BEFORE.search(before) and not _CURRENCY_BEFORE.search(before)
        letters_after = _LATIN_AFTER.match(after)
        glued_after = letters_after and not _UNIT_AFTER.match(after) and letters_after.group()[0].isupper()
        dotted = match.group().count(".") > 1  # a reference number: 424.10.0.20.02.002
        if glued_before or glued_after or dotted:
            value = Fraction(match.group()) if not dotted else None
            x.add(start, end, "code", [point(value)] if value is not None else [], value)


# Numbers in names: the five-year plans (“十四五”规划, the 14th Five-Year Plan), shopping festivals (双十一,
# Double 11, Singles' Day) and holidays written as dates (“六一”, June 1, Children's Day). Translators name them
# ("Singles' Day", "Children's Day"), so they are weak: counterparts for the numbers a translation writes.
_PLAN = re.compile(r"(十?[一二三四五六七八九])五(?=[”\"’'」]|规划|计划|时期|期间)")
_FESTIVAL = re.compile(r"双(十一|十二|11|12)|(?<=[“\"])([一二三四五六七八九十]{2}|十[一二])(?=[”\"])")
# Shopping days named by their date: 618 (June 18), 418, 520 ("I love you" day, May 20), 1111.
_SHOPPING_DAY = re.compile(r"(?<![\d.])([1-9]|1[012])([0-3]\d)(?=\s?(?:银行)?(?:活动|大促|购物节|狂欢节|节|当天|那天|促销))")


def _named(x: _Extraction) -> None:
    for match in _PLAN.finditer(x.text):
        if x.free(*match.span()):
            ordinal = chinese_value(match.group(1))
            x.add(match.start(), match.end(), "ordinal", [point(ordinal), point(5)], ordinal)
    for match in _FESTIVAL.finditer(x.text):
        if not x.free(*match.span()):
            continue
        if match.group(1):
            day = _small_value(match.group(1))
            readings = [point(day), point(day, MONTH), point(day * 101)]  # 11, November, 11.11
        else:
            digits = match.group(2)
            month, day = (_small_value(digits[:-1]), _small_value(digits[-1])) if len(digits) == 2 else \
                (Fraction(10), Fraction(1))
            if month is None or day is None:
                continue
            readings = [point(month, MONTH), point(month), point(day)]
        x.add(match.start(), match.end(), "date", readings, None, strong=False)


def _shopping_days(x: _Extraction) -> None:
    for match in _SHOPPING_DAY.finditer(x.text):
        month, day = int(match.group(1)), int(match.group(2))
        if 1 <= day <= 31 and x.free(*match.span()):
            x.add(match.start(), match.end(), "date",
                  [point(int(match.group()), NUMBER), point(month, MONTH), point(day)], Fraction(int(match.group())))


_HALF = re.compile(rf"(?:({_SMALL_NUM})个)?半(个?小时)?|一半|俩|双(?=[方边向手])|首(?=[次届个位批家款只])")


def _halves(x: _Extraction) -> None:
    # 半 and 一半 (half), 一个半 (one and a half), 半小时 (half an hour, or 30 minutes), 半年 (six months);
    # 俩 and 双 (two, both); 首 (first).
    for match in _HALF.finditer(x.text):
        if not x.free(*match.span()):
            continue
        word = match.group()
        if word == "俩" or word.startswith("双"):
            readings = [point(2)]
        elif word.startswith("首"):
            readings = [point(1)]
        elif word == "一半":
            readings = [point(Fraction(1, 2))]
        else:
            whole = _small_value(match.group(1)) if match.group(1) else Fraction(0)
            if whole is None:
                continue
            readings = [point(whole + Fraction(1, 2)), point(whole)] if whole else [point(Fraction(1, 2))]
            if match.group(2):
                readings.append(point(whole * 60 + 30))
            elif not whole and x.text.startswith("年", match.end()):
                readings.append(point(6))  # 半年: "six months"
        x.add(match.start(), match.end(), "number", readings, readings[0].low, strong=False)


_PERCENT_NUMBER = rf"(?:{ARABIC}|[{CN_NUMERALS}点]+)"
_PERCENT_PATTERNS = (
    (re.compile(rf"百分之(?P<n>{_PERCENT_NUMBER})"), "percent"),
    (re.compile(rf"(?P<n>{ARABIC})\s*[%‰]"), "percent"),
    (re.compile(rf"(?P<n>{_PERCENT_NUMBER})\s*个?百分点"), "points"),
)


def _percentages(x: _Extraction) -> None:
    text = x.text
    for pattern, kind in _PERCENT_PATTERNS:
        for match in pattern.finditer(text):
            if not x.free(*match.span()):
                continue
            numeral = match.group("n")
            span = parse_number(numeral)
            if span is None:
                continue
            low, high = span
            per = 1000 if match.group().endswith("‰") else 100
            readings = _number_readings(low, high) + _number_readings(low / per, high / per)
            x.add(match.start(), match.end(), kind, readings, low, approximate=low != high)


_FRACTION = re.compile(rf"({ARABIC}|[{CN_NUMERALS}]+)分之({ARABIC}|[{CN_NUMERALS}]+)")


def _fractions(x: _Extraction) -> None:
    for match in _FRACTION.finditer(x.text):
        if not x.free(*match.span()):
            continue
        denominator, numerator = _exact(match.group(1)), _exact(match.group(2))
        if not denominator or numerator is None:
            continue
        value = numerator / denominator
        readings = [point(value), point(numerator), point(denominator), point(value * 100)]
        x.add(match.start(), match.end(), "fraction", readings, value)


_DECADE = re.compile(rf"({ARABIC}|[{CN_NUMERALS}]+)年代")


def _decades(x: _Extraction) -> None:
    # 80年代, 90年代, 六七十年代 (the 1960s and 1970s), 2010年代
    for match in _DECADE.finditer(x.text):
        if not x.free(*match.span()):
            continue
        span = parse_number(match.group(1))
        if span is None:
            continue
        low, high = span
        if high == low:
            high = low + 10
        readings = [interval(low, high)]
        if high <= 100:
            readings += [interval(1900 + low, 1900 + high), interval(2000 + low, 2000 + high)]
        x.add(match.start(), match.end(1), "year", readings, low)
        x.claim(match.end(1), match.end())


_HOUR = re.compile(rf"({_SMALL_NUM})(?:时|点钟|点)(?:(半)|({_SMALL_NUM})分|(一刻)|(整))?")


_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])")


def _times(x: _Extraction) -> None:
    text = x.text
    # 18:40, 19时54分, 24时, 下午3点, 10点半, 三点一刻
    for match in _CLOCK.finditer(text):
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour <= 24 and minute < 60 and x.free(*match.span()):
            x.add(match.start(), match.end(), "time", _time_readings(hour, minute), Fraction(hour * 60 + minute))
    for match in _HOUR.finditer(text):
        start, end = match.span()
        if not x.free(start, end):
            continue
        hour = _small_value(match.group(1))
        if hour is None or hour.denominator != 1 or not 0 <= hour <= 24:
            continue
        has_minutes = any(match.group(i) for i in (2, 3, 4, 5))
        in_context = match.group().endswith("点钟") or has_minutes or x.before(start, 2).endswith(_TIME_WORDS)
        if not in_context and not (match.group(1).isdigit() and "时" in match.group()):
            # 3点 can be "three points" and 一时 "for a while": a time only where its context says so.
            continue
        minute = 30 if match.group(2) else 15 if match.group(4) else int(_small_value(match.group(3)) or 0) \
            if match.group(3) else 0
        x.add(start, end, "time", _time_readings(int(hour), int(minute)), Fraction(int(hour) * 60 + int(minute)))


def _time_readings(hour: int, minute: int) -> list[Reading]:
    readings = [point(hour * 60 + minute, TIME), point(hour), point(hour % 12 or 12)]
    if minute:
        readings.append(point(minute))
    return readings


_RANGE_SIGN = r"\s*(?:[至到~\-—–、]|和|或)\s*"
_DOTTED_DATE = re.compile(r"(?<![\d.])((?:19|20)\d\d)[./](\d{1,2})(?:[./](\d{1,2}))?(?!\d|\.\d)")
_YEAR = re.compile(rf"(?<![\d.])(\d{{4}}|\d{{2}}|(?:一九|二[〇零])[{CN_DIGITS}]{{2}})(?=\s?年)")
_DAY = re.compile(rf"(?<![\d{CN_NUMERALS}])(\d{{1,2}}|[{CN_DIGITS}十]{{1,3}})(?=\s?[日号])")
_CENTURY = re.compile(rf"({ARABIC}|[{CN_NUMERALS}]+)\s?世纪")
_GENERATION = re.compile(r"(?<![\d.])(\d0|\d5)(?=后)")
_ORDINAL = re.compile(rf"第({ARABIC}|[{CN_NUMERALS}]+)")
_MONTH_NUMERAL = r"(\d{1,2}|十[一二]|[一二三四五六七八九十])"
_MONTH = re.compile(rf"(?<![\d{CN_NUMERALS}]){_MONTH_NUMERAL}(?:{_RANGE_SIGN}{_MONTH_NUMERAL})?\s?月")


def _dotted_dates(x: _Extraction) -> None:
    text = x.text
    # 2021.6.11, 2021/6/11, 2021.6: a date in digits
    for match in _DOTTED_DATE.finditer(text):
        month, day = int(match.group(2)), int(match.group(3) or 1)
        if not (1 <= month <= 12 and 1 <= day <= 31) or not x.free(*match.span()):
            continue
        year = Fraction(int(match.group(1)))
        x.add(match.start(1), match.end(1), "year", [point(year), point(Fraction(match.group(1) + "." +
                                                                                 match.group(2)))], year)
        x.add(match.start(2), match.end(2), "month", [point(month, MONTH), point(month)], Fraction(month))
        if match.group(3):
            x.add(match.start(3), match.end(3), "day", [point(day)], Fraction(day))
        x.claim(match.start(), match.end())


def _dates(x: _Extraction) -> None:
    text = x.text
    # Years: 2021年, 二〇二一年; 21年 is the year 2021 or 21 years, whichever the translator meant.
    for match in _YEAR.finditer(text):
        start, end = match.span()
        if not x.free(start, end):
            continue
        numeral = match.group(1)
        value = Fraction(int(numeral)) if numeral.isdigit() else _direct(numeral)
        if value is None:
            continue
        readings = [point(value)]
        if len(numeral) == 2:
            readings += [point(2000 + value), point(1900 + value)]
        x.add(start, end, "year", readings, value, strong=len(numeral) == 4 or numeral.isdigit())
    # Months: 7月, 十二月, 3至6月 (March to June), 3、4月; not 7个月 ("seven months", a number).
    for match in _MONTH.finditer(text):
        numerals = [(match.start(i), match.end(i)) for i in (1, 2) if match.group(i)]
        values = [_small_value(text[a:b]) for a, b in numerals]
        if any(v is None or not 1 <= v <= 12 for v in values) or not x.free(match.start(), match.end()):
            continue
        # 农历七月 is "the seventh lunar month"; 1-11月 is also "the first 11 months" (as numbers, not names)
        counted = x.before(match.start(), 2) in ("农历", "阴历") or (len(values) == 2 and values[0] == 1)
        for (a, b), value in zip(numerals, values):
            strong = text[a].isdigit() or value > 1  # 一月 is also "one month"
            last = b == numerals[-1][1]
            readings = [point(value, MONTH)] + ([point(value)] if counted else [])
            x.add(a, match.end() if last else b, "month", readings, value, strong=strong)
    # Days: 25日, 25号, 二十五日
    for match in _DAY.finditer(text):
        start, end = match.span()
        if not x.free(start, end):
            continue
        day = _small_value(match.group(1))
        if day is None or not 1 <= day <= 31:
            continue
        after_month = x.before(start, 1) == "月"
        strong = match.group(1).isdigit() or after_month
        x.add(start, end, "day", [point(day)], day, strong=strong)
    # Centuries: 20世纪 is the twentieth century, the years 1900–1999 ("the 1980s" renders 20世纪80年代).
    for match in _CENTURY.finditer(text):
        century = _exact(match.group(1))
        if century is None or century.denominator != 1 or not 1 <= century <= 30 or not x.free(*match.span()):
            continue
        x.add(match.start(1), match.end(1), "ordinal",
              [point(century), interval((century - 1) * 100, century * 100)], century)
    # Generations: 95后, 00后 (people born after 1995, after 2000)
    for match in _GENERATION.finditer(text):
        if x.free(*match.span()):
            value = int(match.group(1))
            x.add(match.start(), match.end(), "year",
                  [point(value), point((2000 if value < 30 else 1900) + value)], Fraction(value))


def _direct(numeral: str) -> Fraction | None:
    """Digit by digit: 二〇二一 → 2021."""
    if all(ch in _DIGIT_VALUE and _DIGIT_VALUE[ch] < 10 for ch in numeral):
        return Fraction(int("".join(str(_DIGIT_VALUE[ch]) for ch in numeral)))
    return None


def _weekdays(x: _Extraction) -> None:
    text = x.text
    for match in _WEEKDAY.finditer(text):
        start, end = match.span()
        if not x.free(start, end):
            continue
        before = x.before(start, 1)
        if match.group().startswith("周") and before and (before in CN_NUMERALS or before.isdigit() or before in "几每这那"):
            if before != "每":  # 每周一 is "every Monday"; 一周一次 is "once a week"
                continue
        day = _WEEKDAY_VALUE[match.group(1)]
        x.add(start, end, "weekday", [point(day, WEEKDAY)], Fraction(day))


def _ordinals(x: _Extraction) -> None:
    for match in _ORDINAL.finditer(x.text):
        start, end = match.start(1), match.end(1)
        if not x.free(start, end):
            continue
        value = _exact(match.group(1))
        if value is None:
            continue
        # 第一 and 第二 are as often "first", "next" or a list's "firstly" as an ordinal: weak unless in digits.
        strong = match.group(1)[0].isdigit() or value >= 3
        x.add(start, end, "ordinal", [point(value)], value, strong=strong)


def _vague(x: _Extraction) -> None:
    for match in _VAGUE_PHRASE.finditer(x.text):
        readings = next(r for phrase, r in _VAGUE_PATTERNS if phrase.fullmatch(match.group()))
        if x.free(*match.span()):
            x.add(match.start(), match.end(), "number", readings, readings[0].low, strong=False,
                  approximate=not readings[0].exact)


# A small number after a demonstrative refers back to things already counted ("这3所大学", these three
# universities): translators often drop it ("these universities").
_DEMONSTRATIVE = re.compile(r"(?:这|那|该|此|上述|前述|以上|其中|这些|那些)\s?$")
# 成 after a numeral is a tenth: 四成以上 = more than 40%, 超六成 = over 60%.
_TENTHS = re.compile(r"(?<=[超近约占逾达过有仅只足到])([一二两三四五六七八九十]|[一二三四五六七八九]{2})成"
                     r"|([一二两三四五六七八九十]|[一二三四五六七八九]{2})成(?=以上|以下|左右|多|的|[，。、；”\s]|$)")


def _tenths(x: _Extraction) -> None:
    for match in _TENTHS.finditer(x.text):
        numeral = match.group(1) or match.group(2)
        span = _pair(numeral) or ((v, v) if (v := chinese_value(numeral)) is not None else None)
        if span is None or not x.free(*match.span()):
            continue
        low, high = span
        readings = [interval(low * 10, high * 10) if low != high else point(low * 10),
                    interval(low / 10, high / 10) if low != high else point(low / 10)]
        x.add(match.start(), match.end(), "percent", readings, low * 10, strong=False, approximate=low != high)


# Units a translator may convert (10斤 → "5 kg", 5公里 → "3.1 miles"): the converted value, give or take 5% for
# the translator's rounding, is also a reading.
_CONVERTIBLE = re.compile(r"\s?(平方公里|平方米|公里|千米|km|公斤|千克|kg|斤|亩|米|摄氏度|℃)")
_CONVERSIONS = {
    "公里": [Fraction(621371, 10**6)], "千米": [Fraction(621371, 10**6)], "km": [Fraction(621371, 10**6)],
    "公斤": [Fraction(220462, 10**5)], "千克": [Fraction(220462, 10**5)], "kg": [Fraction(220462, 10**5)],
    "斤": [Fraction(1, 2), Fraction(110231, 10**5)], "亩": [Fraction(1, 15), Fraction(164737, 10**6)],
    "米": [Fraction(328084, 10**5)], "平方公里": [Fraction(386102, 10**6)], "平方米": [Fraction(107639, 10**4)],
}


def _converted(value: Fraction, unit: str) -> list[Reading]:
    if unit in ("摄氏度", "℃"):
        targets = [value * 9 / 5 + 32]
    else:
        targets = [value * factor for factor in _CONVERSIONS[unit]]
    return [point(t) if t.denominator == 1 and unit == "斤" else interval(t * Fraction(95, 100), t * Fraction(105, 100))
            for t in targets]


def _numbers(x: _Extraction) -> None:
    text = x.text
    previous: Mention | None = None
    for match in _RUN.finditer(text):
        start, end = match.span()
        run = match.group()
        while run and not x.free(start, start + len(run)):
            # a run that reaches into a claimed span (a date, an idiom) keeps its part before it
            run = run[:-1]
        if not run or not x.free(start, start + 1):
            continue
        kilo = _KILO.search(text, start, start + len(run) + 1)
        if kilo and kilo.start() < start + len(run):
            run = run[:kilo.start() - start]
        run = run.rstrip(" ")
        if run and all(ch in CN_DIGITS for ch in run) and len(run) >= 2 and _pair(run) is None:
            # 三四五六年级 (years three, four, five and six), 六四: digits side by side are a list or a name
            end = start + len(run)
            values = [_DIGIT_VALUE[ch] for ch in run]
            readings = [point(v) for v in values] + [point(int("".join(str(v % 10) for v in values)))]
            x.add(start, end, "number", readings, None, strong=False)
            previous = None
            continue
        if len(run) == 1 and run in _FORMAL and not _MEASURE_AFTER.match(text, start + 1):
            continue  # 陆, 伍 alone are surnames (陆先生) more often than numbers
        parsed = None
        while run:
            parsed = parse_number(run)
            if parsed is not None:
                break
            run = run[:-1].rstrip(" ")
        if parsed is None:
            continue
        end = start + len(run)
        low, high = parsed
        readings = _number_readings(low, high)
        has_digits = any(ch.isdigit() for ch in run)
        has_unit = any(ch in CN_UNITS for ch in run)
        # Single Chinese numerals (一, 两, 十, 万) are as often part of a word as a number: weak.
        strong = has_digits or (has_unit and low >= 10 and len(run) > 1 and not run.strip(CN_UNITS) == "")
        if strong and high <= 10 and _DEMONSTRATIVE.search(text, 0, start):
            strong = False
        if strong and run == "1" and _MEASURE_AFTER.match(text, end):
            strong = False  # 1个, 1次: "a", "one", "every"
        unit = _CONVERTIBLE.match(text, end)
        if unit and low == high and low > 0:
            readings += _converted(low, unit.group(1))
        if low == high and x.before(start, 1) == "等":
            readings.append(point(low - 1))  # 耶鲁等3所大学: "Yale and two other universities"
        # A range ("3~5万", "3-5天", "0.64～3.31米"): a scale written once applies to both ends.
        if previous is not None and previous.end < start and _RANGE_BETWEEN.fullmatch(text, previous.end, start):
            scale = _scale_of(run)
            if scale != 1 and previous.value is not None and _scale_of(previous.text) == 1:
                extra = [point(previous.value * scale)] + list(previous.readings)
                x.mentions[x.mentions.index(previous)] = Mention(
                    previous.start, previous.end, previous.text, previous.kind, tuple(extra), previous.value,
                    previous.strong, previous.approximate)
        x.add(start, end, "number", readings, low, strong=strong, approximate=low != high)
        previous = x.mentions[-1]


def _scale_of(run: str) -> int:
    match = _SCALE_END.search(run.rstrip("多余来"))
    scale = 1
    if match:
        for ch in match.group():
            scale *= _UNIT_VALUE[ch]
    return scale


# In the order they claim spans: the most specific first (a placeholder, an idiom, a date in digits, a name),
# the generic numeral last.
_FINDERS = (_placeholders, _not_numbers, _vague, _dotted_dates, _codes, _named, _shopping_days, _percentages,
            _fractions, _decades, _times, _dates, _weekdays, _ordinals, _halves, _tenths, _numbers)
