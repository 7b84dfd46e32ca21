"""The numbers of an English text, as :class:`~tqa.quantities.Mention` objects with their values.

What it reads (each with an example from news text):

* digits with or without separators: 1,234 / 1 234 / 1234 / 3.5; with a scale: 2.5 billion, 350m, $5bn, 5k,
  1.2 trillion (350m is also 350 metres: both readings);
* number words: three, twenty-five, a hundred, two million, one and a half, half a million, a dozen, two dozen;
* approximate numbers, as the interval they cover: dozens (of) = [20, 100), hundreds = [100, 1,000),
  tens of thousands = [10⁴, 10⁵), a few hundred, several thousand, decades;
* ordinals: 1st, 25th, first, twenty-first; fractions: 1/3, a third, two thirds, half, a quarter;
* percentages and percentage points: 5%, 5 percent, 5 per cent, five percent, 5 percentage points;
* dates and times: July, Jan., May 5 (May is a month only beside a day or year or after "in", "on"…), 2021,
  the 1990s, '90s, 19:54, 7:54 pm, 7 p.m., 7 o'clock, noon, midnight; weekdays: Monday, Tuesdays;
* numbers in names (COVID-19, G20, Mate40, 5G, 3D): *codes*, which must be the digits of the source's.

Digits, months, weekdays and times are *strong* (the source must have them); words ("one", "two", "first",
"half", "both", "dozens") are *weak*: translators use them freely ("the two countries" for 两国, "first" for 首次),
so they only serve as the counterpart of a number in the source.
"""

from __future__ import annotations

import re
from fractions import Fraction

from .numbers_zh import URL
from .quantities import MONTH, TIME, WEEKDAY, Claims, Mention, Reading, interval, point

_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i >= 2}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ORDINAL_SMALL = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split())}
_ORDINAL_TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()) if i >= 2}
_ORDINAL_SCALES = {"hundredth": 100, "thousandth": 1000, "millionth": 10**6, "billionth": 10**9}
_WORD_VALUE = {**_SMALL, **_TENS, **_SCALES, **_ORDINAL_SMALL, **_ORDINAL_TENS, **_ORDINAL_SCALES}
_CARDINAL_WORDS = "|".join(sorted({**_SMALL, **_TENS, **_SCALES}, key=len, reverse=True))
_ORDINAL_WORDS = "|".join(sorted({**_ORDINAL_SMALL, **_ORDINAL_TENS, **_ORDINAL_SCALES}, key=len, reverse=True))
_WORD = rf"(?:{_CARDINAL_WORDS}|{_ORDINAL_WORDS}|dozen)"
# A run of number words: "twenty-five", "two hundred and fifty thousand", "a hundred", "one hundred and first".
_WORDS = re.compile(rf"\b(?:(?:a|an)\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?{_WORD}"
                    rf"(?:(?:\s+and\s+|[\s\-‐]+){_WORD})*\b")

_MONTHS = {name: i + 1 for i, name in enumerate(
    "January February March April May June July August September October November December".split())}
_MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
                        "Oct": 10, "Nov": 11, "Dec": 12}
# A month's name; an abbreviation with its full stop, or beside a day ("Dec 11", "11 Dec").
_MONTH = re.compile(r"\b(?:(" + "|".join(_MONTHS) + r")|(" + "|".join(_MONTH_ABBREVIATIONS) + r")"
                    r"(?:\.|(?=\s+\d)|(?<=\d\s\w{3})|(?<=\d\s\w{4})))(?![\w])")
_WEEKDAYS = {name: i + 1 for i, name in enumerate("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())}
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")s?\b")
# "May" and "March" are also words: a month only beside a number or after a word that introduces a date.
_MONTH_CONTEXT_BEFORE = re.compile(r"(?:\b(?:in|on|of|since|until|till|by|from|to|early|late|mid|last|next|this|"
                                   r"between|and|before|after|through|during|each|every)\s+|\d\s+|-)$", re.IGNORECASE)
_MONTH_CONTEXT_AFTER = re.compile(r"\s*\d|\s+(?:this|last|next)\s+year|\s*(?:to|and|or|-|–|through|until)\s*(?:"
                                  + "|".join(_MONTHS) + r")\b")

_DIGITS = re.compile(r"(?<![\d.,])\d{1,3}(?:(?:,|[ \u00a0\u202f](?=\d{3}(?![\d,])))\d{3})+(?:\.\d+)?(?![\d])"
                     r"|(?<![\d])\d+(?:\.\d+)+|(?<![\d])\d+")
_TIME = re.compile(r"\b(\d{1,2})(?:([:.])(\d{2}))?\s*(?:([ap])(?:\.\s?m\.|m\b)|(o['’]clock\b))", re.IGNORECASE)
_CLOCK = re.compile(r"(?<![\d.:])(\d{1,2}):(\d{2})(?![\d:])")
_DECADE = re.compile(r"(?<![\w'’])(?:(1[0-9]|20)?(\d)0|['’](\d)0)s\b")
_SCALE_AFTER = re.compile(r"(?:\s*-?\s*(hundred|thousand|million|billion|trillion)\b|\s*(bn|mn|tn|trn)\b"
                          r"|(m|k|K|M|B)\b)")
_PERCENT_AFTER = re.compile(r"\s*(?:(%|‰)|(?:-|\s)?(?:percent|per\s?cent|pct)\b"
                            r"|\s+(percentage\s+points?|points?\s+percent)\b)", re.IGNORECASE)
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"(?:km|kg|cm|mm|mg|ml|m|g|l|t|kw|kwh|mw|gw|gwh|mah|gb|mb|tb|kb|hz|khz|mhz|ghz|w|v|h|hr|hrs|"
                         r"min|mins|s|sec|secs|x|ft|mph|lb|lbs|oz|sqm|nm|am|pm|yuan|pcs|kmh)\b", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"(?:RMB|CNY|USD|US|HK|EUR|GBP|JPY|MYR|RM|SGD|NT|Rs|No|AUD|CAD)$")
# Words that join a number with a hyphen without making a name of it (mid-2021, top-10, pre-1990).
_HYPHEN_PREFIXES = {"mid", "pre", "post", "top", "over", "under", "non", "anti", "ex", "late", "early", "around",
                    "about", "circa", "the", "a", "an", "and", "or", "to", "from", "in", "on", "at", "by", "of",
                    "for", "with", "up", "down", "per", "no", "all", "sub", "semi", "multi", "some", "near", "than",
                    "aged", "age", "ages", "grade", "grades", "class", "level", "page", "pages", "year", "years"}
_COVID = re.compile(r"\bcovid[\s\-‐]?19\b")
_DECADE_WORDS = {w: 10 * i for i, w in enumerate(
    "_ _ twenties thirties forties fifties sixties seventies eighties nineties".split()) if i >= 2}
_DECADE_WORD = re.compile(r"\b(" + "|".join(_DECADE_WORDS) + r")\b")
# A capitalised word before a year that a capitalised word follows: a name (the Beijing 2022 Winter Olympics)
# unless the word is a month or a preposition ("In 2021 China…").
_NAMED_YEAR = re.compile(r"\b(?!(?:" + "|".join(_MONTHS) + r"|In|On|At|By|For|From|Since|Until|Of|To|And|After"
                         r"|Before|During|Through|Till|Around|About|Over|Under|The|Year|Fiscal)\b)[A-Z][a-z]+ $")
_ANY_DIGIT = re.compile(r"\d")
_SLASHED = re.compile(r"(?<![\d/.,])(\d{1,4})/(\d{1,4})(?![\d/]|\.\d)")
_RANGE = re.compile(r"[ \t]*(?:-|–|—|~|to|and|or)[ \t]*")
_GROUP_SPACE = re.compile(r"[ \u00a0\u202f]")
_LETTERS_END = re.compile(r"[A-Za-z]+$")
_HYPHENED_WORD_END = re.compile(r"\b([A-Za-z]+)[-‐]$")
_NEXT_NAME = re.compile(r" [A-Z][a-z]")
_LETTERS = re.compile(r"[A-Za-z]+")
_FRACTION_AFTER = re.compile(r"[\s\-‐]+(halves|half|thirds?|quarters?|fourths?|fifths?|sixths?|eighths?|tenths?)\b",
                             re.IGNORECASE)
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
_FRACTION_ORDINAL = re.compile(r"(?i)third|fourth|fifth|sixth|eighth|tenth")
_LOWER_WORD = re.compile(r"[a-z]+")
_APPROXIMATE = (
    (re.compile(r"\bhundreds\s+of\s+(thousands?|millions?|billions?)\b"), 100),
    (re.compile(r"\b(?:tens|dozens|scores)\s+of\s+(thousands?|millions?|billions?)\b"), 10),
    (re.compile(r"\bhalf\s+a\s+(million|billion)\b"), 0),
    (re.compile(r"\b(?:a\s+few|several|some)\s+(hundred|thousand|million|billion)\b"), 2),
    (re.compile(r"\b(dozens|scores|tens|hundreds|thousands|millions|billions|decades)\b"), 1),
)
_UNITS = {"thousands": 1000, "millions": 10**6, "billions": 10**9, "hundred": 100, "thousand": 1000,
          "million": 10**6, "billion": 10**9}
_PLURALS = {"dozens": (20, 100), "scores": (20, 100), "tens": (10, 100), "hundreds": (100, 1000),
            "thousands": (1000, 10**4), "millions": (10**6, 10**9), "billions": (10**9, 10**12),
            "decades": (10, 100)}
_WEAK_WORDS = re.compile(
    r"\b(?:(both|pair|couple|twice|double|doubled|twofold)|(once)|(triple|tripled|threefold|thrice)|"
    r"(quadruple|quadrupled|fourfold)|(half|halves)|(quarter|quarters)|(decade)|(century|centennial|centenary)|"
    r"(noon|midday)|(midnight))\b")
_FRACTION_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                   "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8,
                   "tenth": 10, "tenths": 10}


_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})


class _Extraction(Claims):
    def __init__(self, text: str):
        super().__init__(len(text))
        self.text = text
        # Word patterns run over the text with its ASCII letters lowered (same length, same offsets): a
        # case-sensitive scan is three times faster than an IGNORECASE one.
        self.lower = text.translate(_ASCII_LOWER)
        self.mentions: list[Mention] = []

    def add(self, start: int, end: int, kind: str, readings, value, strong: bool = True,
            approximate: bool = False) -> Mention:
        mention = Mention(start, end, self.text[start:end], kind, tuple(readings), value, strong, approximate)
        self.mentions.append(mention)
        self.claim(start, end)
        return mention


#: A quick test that a text may hold a number that needs a counterpart (digits, a weekday): a target without
#: one can only fail to render the source's numbers, which the source tells.
MAY_HAVE_NUMBERS = re.compile(r"\d|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")


def extract(text: str) -> list[Mention]:
    """Every number in an English text, in text order."""
    x = _Extraction(text)
    finders = _FINDERS if _ANY_DIGIT.search(text) else _WORD_FINDERS
    for finder in finders:
        finder(x)
    return sorted(x.mentions, key=lambda m: (m.start, m.end))


def _time_readings(hour: int, minute: int) -> list[Reading]:
    readings = [point(hour * 60 + minute, TIME), point(hour), point(hour % 12 or 12)]
    if minute:
        readings.append(point(minute))
    return readings


def _times(x: _Extraction) -> None:
    for match in _TIME.finditer(x.text):
        hour = int(match.group(1))
        minute = int(match.group(3) or 0)
        if match.group(2) == "." and not match.group(4):
            continue  # "3.30 o'clock" is not written; "3.30" alone is a decimal
        if hour > 24 or minute >= 60 or not x.free(*match.span()):
            continue
        if match.group(4) and match.group(4).lower() == "p" and hour < 12:
            hour += 12
        x.add(match.start(), match.end(), "time", _time_readings(hour, minute), Fraction(hour * 60 + minute))
    for match in _CLOCK.finditer(x.text):
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour <= 24 and minute < 60 and x.free(*match.span()):
            x.add(match.start(), match.end(), "time", _time_readings(hour, minute), Fraction(hour * 60 + minute))


def _urls(x: _Extraction) -> None:
    if "@" in x.text or "://" in x.text or "www." in x.lower:
        for match in URL.finditer(x.text):
            x.claim(match.start(), match.end())
    for match in _COVID.finditer(x.lower):
        x.add(match.start(), match.end(), "code", [point(19)], Fraction(19), strong=False)


_DATE = re.compile(r"(?<![\d.])((?:19|20)\d\d)([./-])(\d{1,2})\2(\d{1,2})(?!\d|\.\d)")


def _dates(x: _Extraction) -> None:
    # 2021.6.11, 2022-01-17, 2021/6/11: a date written in digits is a year, a month and a day
    for match in _DATE.finditer(x.text):
        month, day = int(match.group(3)), int(match.group(4))
        if not (1 <= month <= 12 and 1 <= day <= 31) or not x.free(*match.span()):
            continue
        x.add(match.start(1), match.end(1), "year", [point(int(match.group(1)))], Fraction(int(match.group(1))))
        x.add(match.start(3), match.end(3), "month", [point(month, MONTH), point(month)], Fraction(month))
        x.add(match.start(4), match.end(4), "day", [point(day)], Fraction(day))
        x.claim(match.start(), match.end())


def _decades(x: _Extraction) -> None:
    # the sixties, the Eighties (as words: weak)
    for match in _DECADE_WORD.finditer(x.lower):
        decade = _DECADE_WORDS[match.group(1).lower()]
        x.add(match.start(), match.end(), "year", [interval(decade, decade + 10),
                                                   interval(1900 + decade, 1910 + decade)], Fraction(decade),
              strong=False)
    # the 1990s, 1960s, the '90s, the 80s (also "in his 50s": an age, [50, 60))
    for match in _DECADE.finditer(x.text):
        if not x.free(*match.span()):
            continue
        century, digit, short = match.groups()
        decade = int(digit or short) * 10
        readings = [point(decade), interval(decade, decade + 10)]
        if century:
            year = int(century) * 100 + decade
            readings = [point(year), interval(year, year + 10)] + readings
        else:
            readings += [point(1900 + decade), point(2000 + decade)]
        x.add(match.start(), match.end(), "year", readings, readings[0].low)


def _months(x: _Extraction) -> None:
    text = x.text
    for match in _MONTH.finditer(text):
        name = match.group(1)
        if name in ("May", "March"):
            before = text[max(0, match.start() - 12):match.start()]
            if not (_MONTH_CONTEXT_BEFORE.search(before) or _MONTH_CONTEXT_AFTER.match(text, match.end())):
                continue
        month = _MONTHS[name] if name else _MONTH_ABBREVIATIONS[match.group(2)]
        # Weak: a translator writes "on December 6" for 本月6日 (the 6th of this month), taking the month
        # from the context.
        x.add(match.start(), match.end(), "month", [point(month, MONTH)], Fraction(month), strong=False)


_NAMED_DAY = re.compile(r"\b(?:Black|Cyber|Good|Ash|Easter|Palm|Holy|Super|Bloody|Maundy) $")


def _weekdays(x: _Extraction) -> None:
    for match in _WEEKDAY.finditer(x.text):
        day = _WEEKDAYS[match.group(1)]
        # Black Friday, Cyber Monday, Good Friday are days of the year, not of the week: weak
        named = _NAMED_DAY.search(x.text, max(0, match.start() - 10), match.start()) is not None
        x.add(match.start(), match.end(), "weekday", [point(day, WEEKDAY)], Fraction(day), strong=not named)


_SCALE_FACTORS = {"hundred": 100, "thousand": 1000, "k": 1000, "million": 10**6, "mn": 10**6, "m": 10**6,
                  "billion": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12, "tn": 10**12, "trn": 10**12}


def _digits(x: _Extraction) -> None:
    text = x.text
    previous: tuple[Mention, Fraction, int] | None = None  # the last number, its scale and its "per" (100 for %)
    for match in _DIGITS.finditer(text):
        start, end = match.span()
        if not x.free(start, end):
            continue
        raw = match.group()
        if raw.count(".") > 1:  # a version or a reference number: 3.5.1, 424.10.0.20
            x.add(start, end, "code", [], None, strong=False)
            continue
        parts = _GROUP_SPACE.split(raw)
        value = Fraction(_GROUP_SPACE.sub("", raw).replace(",", ""))
        readings: list[Reading] = [point(value)]
        if len(parts) > 1:  # "1 234" is 1234, or two numbers side by side
            readings += [point(Fraction(p.replace(",", ""))) for p in parts]
        kind, strong = "number", True
        before = text[max(0, start - 8):start]
        glued = _LETTERS_END.search(before)
        if glued and not _CURRENCY_BEFORE.search(glued.group()):
            kind, strong = "code", False  # G20, Mate40, MU5735
        elif (hyphen := _HYPHENED_WORD_END.search(before)) and hyphen.group(1).lower() not in _HYPHEN_PREFIXES:
            kind, strong = "code", False  # COVID-19, Shenzhou-13, covid-19
        elif len(raw) == 4 and _NAMED_YEAR.search(text, 0, start) and _NEXT_NAME.match(text, end):
            kind, strong = "code", False  # the Beijing 2022 Winter Olympics, Expo 2020 Dubai: part of a name
        suffix = text[end:end + 24]
        scale = _SCALE_AFTER.match(suffix) if kind == "number" else None
        factor, per = Fraction(1), 1
        if scale:
            factor = Fraction(_SCALE_FACTORS[(scale.group(1) or scale.group(2) or scale.group(3)).lower()])
            # "350m" and "5k" are also 350 metres and a 5-kilometre run: they keep the plain reading
            readings = [point(r.low * factor) for r in readings] + (readings if scale.group(3) else [])
            end += scale.end()
            value *= factor
        elif kind == "number":
            letters = _LETTERS.match(suffix)
            if letters and _ORDINAL_SUFFIX.match(suffix):
                # Weak: translators spell out what the source leaves implicit ("the sixth plenary session
                # of the 19th Central Committee" for 全会).
                kind, strong = "ordinal", False
                end += _ORDINAL_SUFFIX.match(suffix).end()
            elif letters and letters.group() == "s":
                readings.append(interval(value, value + 10))  # the 1990s, in his 50s
            elif letters and (not _UNIT_AFTER.match(suffix) or (letters.group().isupper()
                                                                and letters.group() not in _UPPER_UNITS)):
                kind, strong = "code", False  # 5G, 3D (but 5g is five grams, 5GB five gigabytes)
        percent = _PERCENT_AFTER.match(text, end) if kind == "number" else None
        if percent:
            kind = "points" if percent.group(2) else "percent"
            per = 1000 if percent.group(1) == "‰" else 100
            readings += [point(r.low / per) for r in readings if r.exact]
            end = percent.end()
        if previous is not None and kind in _QUANTITIES and previous[0].kind in _QUANTITIES \
                and _RANGE.fullmatch(text, previous[0].end, start):
            _share_with_range_start(x, *previous, factor, per)
        previous = (x.add(start, end, kind, readings, value, strong), factor, per)


_QUANTITIES = ("number", "percent", "points")
_UPPER_UNITS = {"GB", "MB", "TB", "KB", "MW", "GW", "KW", "KWH", "GWH", "MAH", "W", "V", "PM", "AM", "L", "CM", "MM",
                "KM", "KG", "HZ", "GHZ", "MHZ", "X", "H", "S", "T", "M", "K", "B", "BN", "MN"}


def _slashes(x: _Extraction) -> None:
    # 1/3 (a third, or one and three), 7/25 (July 25): a fraction or a date; both numbers count as well
    for match in _SLASHED.finditer(x.text):
        a, b = int(match.group(1)), int(match.group(2))
        if not b or not x.free(*match.span()):
            continue
        readings = [point(Fraction(a, b)), point(a), point(b), point(Fraction(100 * a, b))]
        if 1 <= a <= 12:
            readings.append(point(a, MONTH))
        x.add(match.start(), match.end(), "fraction", readings, Fraction(a, b))


def _share_with_range_start(x: _Extraction, first: Mention, first_factor: Fraction, first_per: int,
                            factor: Fraction, per: int) -> None:
    """"30 to 50 million", "5-10%": a scale or a percent sign written once, after the second end of a range,
    applies to the first end too."""
    if first.value is None or (factor == first_factor and per == first_per):
        return
    extra = []
    if factor != 1 and first_factor == 1:
        extra.append(point(first.value * factor))
    if per != 1 and first_per == 1:
        extra.append(point(first.value / per))
    index = x.mentions.index(first)
    x.mentions[index] = Mention(first.start, first.end, first.text, first.kind, first.readings + tuple(extra),
                                first.value, first.strong, first.approximate)


def _approximate(x: _Extraction) -> None:
    for pattern, multiplier in _APPROXIMATE:
        for match in pattern.finditer(x.lower):
            if not x.free(*match.span()):
                continue
            word = match.group(1).lower()
            if multiplier == 0:  # half a million
                value = Fraction(_UNITS[word], 2)
                x.add(match.start(), match.end(), "number", [point(value)], value, strong=False)
                continue
            if multiplier == 1:
                low, high = _PLURALS[word]
            else:
                unit = _UNITS[word]
                low, high = (unit * multiplier, unit * multiplier * 10) if multiplier != 2 else (unit, unit * 10)
            x.add(match.start(), match.end(), "number", [interval(low, high)], Fraction(low), strong=False,
                  approximate=True)


_ROMAN = re.compile(r"\b(?:Part|Chapter|Section|Article|Volume|Vol\.|Book|Phase|Stage|Level|Grade|Class|Type|War|"
                    r"Title|Act|Round|Season|Episode|No\.)\s+((?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))\b")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}


def _roman(x: _Extraction) -> None:
    # Part III, World War II, Phase IV: Roman numerals only where a word that numbers things comes first.
    for match in _ROMAN.finditer(x.text):
        numeral = match.group(1)
        if not numeral or not x.free(match.start(1), match.end(1)):
            continue
        value = 0
        for i, ch in enumerate(numeral):
            v = _ROMAN_VALUE[ch]
            value += -v if i + 1 < len(numeral) and _ROMAN_VALUE[numeral[i + 1]] > v else v
        x.add(match.start(1), match.end(1), "ordinal", [point(value)], Fraction(value), strong=False)


def _words(x: _Extraction) -> None:
    text = x.text
    for match in _WORDS.finditer(x.lower):
        for start, end, value, ordinal in _parse_words(x.lower, match.start(), match.end()):
            if not x.free(start, end):
                continue
            readings = [point(value)]
            kind = "ordinal" if ordinal else "number"
            after = text[end:end + 40]
            fraction = _FRACTION_AFTER.match(after)
            and_a_half = _AND_A_HALF.match(after)
            if ordinal and _FRACTION_ORDINAL.match(text[start:end].split()[-1]):
                readings.append(point(Fraction(1, value)))  # "a third" is also 1/3
            if fraction and not ordinal:
                denominator = _FRACTION_WORDS[fraction.group(1).lower()]
                readings = [point(Fraction(value, denominator))] + readings
                end += fraction.end()
                kind = "fraction"
            elif and_a_half:
                readings = [point(value + Fraction(1, 2))] + readings
                end += and_a_half.end()
            percent = _PERCENT_AFTER.match(text, end)
            if percent and not ordinal:
                readings += [point(r.low / 100) for r in readings if r.exact]
                kind = "points" if percent.group(2) else "percent"
                end = percent.end()
            x.add(start, end, kind, readings, readings[0].low, strong=False)


def _parse_words(text: str, start: int, end: int):
    """The numbers in a run of number words of ``text`` (lowered), as (start, end, value, is_ordinal): a run
    that cannot be one number ("one two three") is split where it stops being one."""
    tokens = [(m.start() + start, m.end() + start, m.group()) for m in _LOWER_WORD.finditer(text[start:end])]
    results = []
    current: list[tuple[int, int, str]] = []

    def flush():
        words = [t for t in current if t[2] not in ("and", "a", "an")]
        while current and current[-1][2] == "and":
            current.pop()
        if words:
            value, ordinal = _words_value([w[2] for w in words])
            if value is not None:
                results.append((current[0][0], current[-1][1], value, ordinal))
        current.clear()

    last = None
    for token in tokens:
        word = token[2]
        if word in ("a", "an", "and"):
            if word == "and" and last not in ("hundred", "thousand", "million", "billion", "trillion"):
                flush()
                last = None
                continue
            current.append(token)
            continue
        if last is not None and not _may_follow(last, word):
            flush()
        current.append(token)
        last = word
        if word in _ORDINAL_SMALL or word in _ORDINAL_TENS or word in _ORDINAL_SCALES:
            flush()
            last = None
    flush()
    return results


def _may_follow(previous: str, word: str) -> bool:
    small = lambda w: w in _SMALL or w in _ORDINAL_SMALL  # noqa: E731
    tens = lambda w: w in _TENS or w in _ORDINAL_TENS  # noqa: E731
    scale = lambda w: w in _SCALES or w in _ORDINAL_SCALES  # noqa: E731
    if word == "dozen":  # two dozen, a dozen thousand
        return previous in _SMALL
    if previous == "dozen":
        return scale(word)
    if previous in _TENS:
        return (small(word) and 0 < _WORD_VALUE[word] < 10) or scale(word)
    if previous in _SMALL:
        return scale(word)
    if previous in _SCALES:
        return small(word) or tens(word) or (scale(word) and _WORD_VALUE[word] > _SCALES[previous])
    return False


def _words_value(words: list[str]) -> tuple[Fraction | None, bool]:
    total, current = 0, 0
    ordinal = False
    for word in words:
        if word == "dozen":
            current = (current or 1) * 12
            continue
        value = _WORD_VALUE[word]
        ordinal = word in _ORDINAL_SMALL or word in _ORDINAL_TENS or word in _ORDINAL_SCALES
        if value >= 1000:
            total += (current or 1) * value
            current = 0
        elif value == 100:
            current = (current or 1) * 100
        else:
            current += value
    return Fraction(total + current), ordinal


_ADVERB_ORDINAL = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)ly\b")


def _adverb_ordinals(x: _Extraction) -> None:
    # firstly, secondly, thirdly: a list's 第一、第二、第三
    for match in _ADVERB_ORDINAL.finditer(x.lower):
        value = Fraction(_ORDINAL_SMALL[match.group(1).lower()])
        x.add(match.start(), match.end(), "ordinal", [point(value)], value, strong=False)


def _weak_words(x: _Extraction) -> None:
    values = (2, 1, 3, 4, Fraction(1, 2), Fraction(1, 4), 10, 100, 12 * 60, 0)
    for match in _WEAK_WORDS.finditer(x.lower):
        if not x.free(*match.span()):
            continue
        group = next(i for i, g in enumerate(match.groups()) if g)
        value = Fraction(values[group])
        if group in (8, 9):
            readings = [point(value, TIME), point(12)]
        else:
            readings = [point(value)]
            if group in (4, 5):  # half is also 50%, a quarter 25%
                readings.append(point(value * 100))
        kind = "word"  # never half of a mismatch: "doubled" does not render a number
        x.add(match.start(), match.end(), kind, readings, value, strong=False)


# In the order they claim spans; a text without digits needs only the word finders.
_FINDERS = (_urls, _dates, _times, _decades, _months, _weekdays, _roman, _slashes, _digits, _approximate, _words,
            _adverb_ordinals, _weak_words)
_WORD_FINDERS = tuple(f for f in _FINDERS if f not in (_urls, _dates, _times, _slashes, _digits))
