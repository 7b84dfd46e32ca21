"""A number as a text writes it, and when two of them say the same thing.

Both languages' extractors (:mod:`tqa.numbers_zh`, :mod:`tqa.numbers_en`) turn the numbers of a text into
:class:`Mention` objects; the numbers check (:mod:`tqa.checks.numbers`) pairs the source's with the target's
through :func:`agree`. A mention carries every *reading* it can have, because the same characters can stand for
several values: "7月" is the month July and the number 7; "19时54分" is a time of day and the numbers 19 (or 7)
and 54; "350m" is 350 million or 350 metres; "十几" is any value from 10 to 19. Two mentions agree when one of
their readings agrees: a translator who writes any of them has kept the number. Generous on purpose: the check
must not fire on a good translation, and a wrong number rarely shares a reading with the right one.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

# Reading domains: values of different domains never agree (the month July is not the number 7 of "7 days").
NUMBER = "number"
MONTH = "month"
WEEKDAY = "weekday"
TIME = "time"  # minutes after midnight, compared modulo 12 hours (a.m./p.m. and 19:00 vs "7 pm" agree)
ANY = "any"  # an anonymised number (#NUMBER#): agrees with every number

_HALF_DAY = 12 * 60


@dataclass(frozen=True, slots=True)
class Reading:
    """One value a mention can stand for: a point (``low == high``), or the interval [low, high) of an
    approximate number ("十几" = [10, 20), "dozens" = [20, 100))."""

    domain: str
    low: Fraction
    high: Fraction

    @property
    def exact(self) -> bool:
        return self.low == self.high


def point(value, domain: str = NUMBER) -> Reading:
    value = Fraction(value)
    return Reading(domain, value, value)


def interval(low, high, domain: str = NUMBER) -> Reading:
    return Reading(domain, Fraction(low), Fraction(high))


@dataclass(frozen=True, slots=True)
class Mention:
    """A number in a text: ``text == text_of_the_unit[start:end]``.

    ``kind`` says what it is (number, percent, points, ordinal, year, month, day, weekday, time, fraction,
    code, placeholder); ``value`` is its main value (for messages and for telling a scale error); ``strong``
    means it must have a counterpart in the other language (a weak mention, such as "one" or 两, only serves
    as a counterpart). A ``code`` is a number that is part of a name (iPhone 13, Mate40, G20): where both
    texts write it in digits, the digits must be the same.
    """

    start: int
    end: int
    text: str
    kind: str
    readings: tuple[Reading, ...]
    value: Fraction | None = None
    strong: bool = True
    approximate: bool = False

    @property
    def digits(self) -> str:
        return "".join(ch for ch in self.text if "0" <= ch <= "9")


def agree(a: Mention, b: Mention) -> bool:
    """Whether a source mention ``a`` and a target mention ``b`` can stand for the same number."""
    if a.kind == "code" or b.kind == "code":
        if a.digits and b.digits:
            # A number in a name is copied as it is: leading zeros aside, the same digits.
            return a.digits == b.digits or _digits_value(a) == _digits_value(b)
        if a.kind == "code":
            # ... and in digits: the source's iPhone 13 is not "iPhone thirteen".
            return any(r.domain == ANY for r in b.readings)
        # A target name may write in digits what the source writes in words: 二十国集团 is the G20.
    if {a.kind, b.kind} == {"percent", "points"}:
        return False  # 5个百分点 is five percentage points, not 5%: from 20% to 25%, not to 21%
    if a.kind == b.kind == "time":
        # Two times agree as times: 19时54分 is not "9:54 pm" for sharing the 54 (a time's hour and minutes are
        # also numbers only to meet "at 7 in the evening" or "54 minutes past seven").
        return any(readings_agree(x, y) for x in a.readings for y in b.readings if x.domain == y.domain == TIME)
    return any(readings_agree(x, y) for x in a.readings for y in b.readings)


def _digits_value(mention: Mention) -> int | None:
    return int(mention.digits) if mention.digits else None


def readings_agree(a: Reading, b: Reading) -> bool:
    if a.domain == ANY or b.domain == ANY:
        return True
    if a.domain != b.domain:
        return False
    if a.domain == TIME:
        return a.low % _HALF_DAY == b.low % _HALF_DAY
    if a.exact and b.exact:
        if a.low == b.low:
            return True
        x, y = float(a.low), float(b.low)
        if abs(x - y) * 20 > max(abs(x), abs(y)):
            return False  # more than 5% apart: no rounding makes one of the other
        return rounds_to(a.low, b.low) or rounds_to(b.low, a.low)
    if a.exact:
        return b.low <= a.low < b.high
    if b.exact:
        return a.low <= b.low < a.high
    return a.low < b.high and b.low < a.high


def last_place(value: Fraction) -> int | None:
    """The power of ten of ``value``'s last significant digit (3500 → 2, 3.25 → -2, 0 → 0); None when it is not
    a finite decimal (1/3)."""
    if value == 0:
        return 0
    value = abs(value)
    place = 0
    while value.denominator != 1:
        value *= 10
        place -= 1
        if place < -12:
            return None
    numerator = value.numerator
    while numerator % 10 == 0:
        numerator //= 10
        place += 1
    return place


def significant_digits(value: Fraction) -> int | None:
    place = last_place(value)
    if place is None or value == 0:
        return None
    return len(str(int(abs(value) / Fraction(10) ** place)))


def rounds_to(precise: Fraction, rounded: Fraction) -> bool:
    """Whether ``rounded`` is ``precise`` rounded the way a translator rounds: 345.6 million → 346 million,
    23,456,789 → 23.46 million, 12.5% → 13%. Only a value with a fractional part or at least five
    significant digits or of a hundred thousand or more is rounded, and only to two significant digits or more:
    15 is not 20, 2021 is not 2020."""
    if precise == rounded:
        return True
    if abs(precise - rounded) * 20 > abs(rounded):
        return False  # more than 5% apart: no rounding to two significant digits or more does that
    place = last_place(rounded)
    digits = significant_digits(rounded)
    if place is None or digits is None or digits < 2:
        return False
    precise_place = last_place(precise)
    if precise_place is not None and precise_place >= place:
        return False  # not more precise than the rounded value
    precise_digits = significant_digits(precise)
    if precise.denominator == 1 and precise_digits is not None and precise_digits < 5 and abs(precise) < 10**5:
        return False  # counts and years are not rounded: 2021 is not 2020
    unit = Fraction(10) ** place
    return (abs(precise) / unit + Fraction(1, 2)).__floor__() * unit == abs(rounded)


def scale_ratio(a: Fraction | None, b: Fraction | None) -> Fraction | None:
    """How many times larger the larger value is (None when either is missing or zero)."""
    if not a or not b:
        return None
    a, b = abs(a), abs(b)
    return max(a, b) / min(a, b)


def format_value(value: Fraction | None) -> str:
    """A value as a person reads it: 350000000 → "350,000,000", 7/2 → "3.5", 1/3 → "0.333…"."""
    if value is None:
        return "?"
    if value.denominator == 1:
        return f"{value.numerator:,}"
    if last_place(value) is not None:
        text = f"{float(value):,.12f}".rstrip("0").rstrip(".")
        return text
    return f"{float(value):,.3f}…"


class Claims:
    """The spans of a text already read as a number, date or time: each finder of an extraction claims what it
    reads, and no later finder looks inside a claimed span (the Chinese and the English readers share this)."""

    def __init__(self, length: int):
        self.claimed = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return not any(self.claimed[start:end])

    def claim(self, start: int, end: int) -> None:
        self.claimed[start:end] = b"\x01" * (end - start)
