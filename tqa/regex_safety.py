"""Glossary regexes are user data: two lines of defence keep them from hanging a run.

**Static refusal** (first line, at load time): a backtracking engine (Python's ``re``, the ``regex`` package)
can take exponential time on ``(a+)+$`` and ``"a" * 50 + "!"``, so :func:`catastrophic_reason` refuses a regex
that contains

* a repetition of something that itself contains an unbounded repetition (``(a+)+``, ``(\\w*\\s?)*``);
* a repetition (unbounded, or of more than ``_FEW``) of something whose length varies: a bounded or optional
  repeat inside (``(a{1,2})+``, ``(a?a)+``, ``(?:\\w{1,3})+``);
* an unbounded repetition of alternatives that can start with the same character or match nothing
  (``(x|x)*``, ``(a|aa)*``, ``(a|a?)+``);
* unbounded repeats side by side that can match the same characters (``\\w*\\w*``, ``\\d+\\w+``: polynomial,
  one power of the line length per repeat).

It is conservative (``(ab?)+c`` is refused although harmless) and its message says to use a possessive
quantifier or an atomic group, which never backtrack. It cannot be complete: shapes will always slip through.

**Hard bound** (second line, at run time): regex entries are compiled with the ``regex`` package
(:func:`compile_user_regex`), whose searches take a ``timeout``. :class:`RegexBudget` gives each entry a time
budget per document, ``BUDGET_SECONDS`` plus ``BUDGET_SECONDS_PER_MB`` per MB of text, shared by all the
searches of that entry (its ``regex``, ``when`` and ``unless``); the matcher disables an entry that exceeds
it. A linear regex needs a small fraction of the budget (the shipped ones run at well under 1 µs per character),
and no entry can cost more than its budget, whatever its shape.
"""

from __future__ import annotations

import bisect
import re
import time
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    import regex

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]


def parse_regex(pattern: str) -> list | None:
    """The parsed items of a Python regular expression (``re``'s own parser), or None when it does not parse."""
    try:
        return list(_parser.parse(pattern))
    except Exception:
        return None


def ignores_case(pattern: str) -> bool:
    """Whether ``pattern`` turns case-insensitive matching on for the whole of it (``(?i)`` at its start)."""
    try:
        return bool(_parser.parse(pattern).state.flags & IGNORECASE)
    except Exception:
        return False


#: ``re``'s flag for case-insensitive matching, as :func:`parse_regex` items and :func:`ignores_case` hold it.
IGNORECASE = _c.SRE_FLAG_IGNORECASE

#: ``re``'s opcode constants, for code that reads :func:`parse_regex` items.
OPCODES = _c

#: Time each regex entry may spend on one document: this many seconds...
BUDGET_SECONDS = 1.0
#: ...plus this many per MB of the document's text (so that long documents do not disable sound entries).
BUDGET_SECONDS_PER_MB = 5.0

_POSSESSIVE = getattr(_c, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | ({_POSSESSIVE} if _POSSESSIVE is not None else set())
_UNBOUNDED = _c.MAXREPEAT
# A repeat of at most this many is "a few": a few repeats of a body whose length varies cost a small power of
# the line length (``(?:[A-Z]\S{0,30} ){0,3}`` in the shipped glossary), not an exponential.
_FEW = 10
_ADVICE = "use a possessive quantifier (*+, ++) or an atomic group (?>...) if it is intended"


def compile_user_regex(pattern: str, *, ignore_case: bool, multiline: bool = False) -> "regex.Pattern":
    """A glossary regex compiled for matching with a time bound (``regex`` package, ``re``-compatible syntax).

    The glossary loader validates with ``re`` (the documented syntax); ``regex`` accepts all of it.
    """
    import regex  # on first use: a small text may need no regex entry compiled at all

    flags = (regex.IGNORECASE if ignore_case else 0) | (regex.MULTILINE if multiline else 0)
    return regex.compile(pattern, flags)


T = TypeVar("T")


class RegexBudget:
    """The time each regex entry may still spend on one document of ``length`` characters.

    ``run(key, search)`` calls ``search(timeout)`` with the time ``key`` has left and charges the time taken;
    ``search`` raises ``TimeoutError`` (as the ``regex`` package does) when the budget runs out.
    """

    def __init__(self, length: int):
        self.seconds = BUDGET_SECONDS + BUDGET_SECONDS_PER_MB * length / 1_000_000
        self._spent: dict[int, float] = {}

    def run(self, key: int, search: Callable[[float], T]) -> T:
        spent = self._spent.get(key, 0.0)
        left = self.seconds - spent
        if left <= 0:
            raise TimeoutError
        start = time.perf_counter()
        try:
            return search(left)
        finally:
            self._spent[key] = spent + time.perf_counter() - start


# --- the static refusal --------------------------------------------------------------------------------------

def catastrophic_reason(pattern: str) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or None when it looks safe."""
    try:
        parsed = _parser.parse(pattern)
    except Exception:  # invalid patterns are reported by the compiler
        return None
    return _walk(list(parsed), inside_repeat=False)


def _walk(items, inside_repeat: bool) -> str | None:
    if _adjacent_overlapping_repeats(items):
        return f"adjacent unbounded repeats that can match the same characters; {_ADVICE}"
    for op, av in items:
        if op in _REPEATS:
            low, high, sub = av
            if op == _POSSESSIVE:
                # A possessive repeat never gives back what it matched, but its body backtracks as it matches.
                reason = _walk(list(sub), inside_repeat=False)
                if reason:
                    return reason
                continue
            repeats_many = high == _UNBOUNDED or high > 1
            if inside_repeat and high == _UNBOUNDED:
                return "nested quantifiers (a repeated group that contains an unbounded repeat)"
            if repeats_many and _has_unbounded_repeat(sub):
                return "nested quantifiers (a repeated group that contains an unbounded repeat)"
            if (high == _UNBOUNDED or high > _FEW) and _has_varying_repeat(sub):
                return ("a repeated group whose length varies (a bounded or optional repeat inside a repeat); "
                        + _ADVICE)
            if high == _UNBOUNDED and _has_overlapping_branches(sub):
                return ("a repeated alternation whose alternatives can start alike or match nothing; " + _ADVICE)
            reason = _walk(list(sub), inside_repeat or repeats_many)
            if reason:
                return reason
        elif op == _c.SUBPATTERN:
            reason = _walk(list(av[-1]), inside_repeat)
            if reason:
                return reason
        elif op == _c.BRANCH:
            for branch in av[1]:
                reason = _walk(list(branch), inside_repeat)
                if reason:
                    return reason
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            reason = _walk(list(av[1]), inside_repeat)
            if reason:
                return reason
        elif op == _ATOMIC:
            reason = _walk(list(av), inside_repeat=False)  # as a possessive repeat: only its inside backtracks
            if reason:
                return reason
    return None


def _has_unbounded_repeat(items) -> bool:
    for op, av in items:
        if op in _REPEATS and op != _POSSESSIVE:
            if av[1] == _UNBOUNDED or _has_unbounded_repeat(av[2]):
                return True
        elif op == _c.SUBPATTERN and _has_unbounded_repeat(av[-1]):
            return True
        elif op == _c.BRANCH and any(_has_unbounded_repeat(b) for b in av[1]):
            return True
    return False


def _has_varying_repeat(items) -> bool:
    """A repeat whose count can vary (``a?``, ``a{1,2}``), at any depth outside atomic groups."""
    for op, av in items:
        if op in _REPEATS and op != _POSSESSIVE:
            if av[0] != av[1] or _has_varying_repeat(av[2]):
                return True
        elif op == _c.SUBPATTERN and _has_varying_repeat(av[-1]):
            return True
        elif op == _c.BRANCH and any(_has_varying_repeat(b) for b in av[1]):
            return True
        elif op in (_c.ASSERT, _c.ASSERT_NOT) and _has_varying_repeat(av[1]):
            return True
    return False


def _adjacent_overlapping_repeats(items) -> bool:
    """Two unbounded repeats next to each other (groups opened up) that can match a common character.

    A line of n such characters can be split between them in n ways at each start, and k of them in n**k.
    A possessive first repeat gives nothing back, so it is harmless.
    """
    flat = _flatten(items)
    for (op1, av1), (op2, av2) in zip(flat, flat[1:]):
        if (op1 in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av1[1] == _UNBOUNDED
                and op2 in _REPEATS and av2[1] == _UNBOUNDED
                and _chars(av1[2]) & _chars(av2[2])):
            return True
    return False


def _flatten(items) -> list:
    """``items`` with every (unrepeated) group replaced by its contents."""
    flat = []
    for op, av in items:
        if op == _c.SUBPATTERN:
            flat.extend(_flatten(av[-1]))
        else:
            flat.append((op, av))
    return flat


# Characters probed when deciding whether two repeats can match a common character: enough of the Basic
# Multilingual Plane for Latin, Greek, Cyrillic, punctuation, spaces, CJK and full-width forms. A class that
# only overlaps elsewhere is not seen (the static refusal is a first line of defence only).
@lru_cache(maxsize=1)
def _probes() -> tuple[int, ...]:
    """The characters tried, in order: made when a regex is first judged (a run with a cached glossary judges
    none, and building them took a small run's start-up about a millisecond)."""
    return tuple(sorted(set(range(0x3100)) | set(range(0x4E00, 0x4F00)) | set(range(0xFE30, 0xFFF0))
                        | {0x1F600, 0x20000}))


def _chars(items) -> frozenset[int]:
    """The probe characters that any one-character item in ``items`` can match (case-insensitively)."""
    found: set[int] = set()
    for op, av in items:
        if op in _REPEATS:
            found |= _chars(av[2])
        elif op == _c.SUBPATTERN:
            found |= _chars(av[-1])
        elif op == _c.BRANCH:
            for branch in av[1]:
                found |= _chars(branch)
        elif op == _ATOMIC:
            found |= _chars(av)
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        else:
            found |= _item_chars(op, av)
    return frozenset(found)


def _item_chars(op, av) -> frozenset[int]:
    if op == _c.LITERAL:
        return _with_case(av)
    if op == _c.NOT_LITERAL:
        return _all_probes() - _with_case(av)
    if op == _c.IN:
        chars: set[int] = set()
        negate = False
        for iop, iav in av:
            if iop == _c.NEGATE:
                negate = True
            elif iop == _c.LITERAL:
                chars |= _with_case(iav)
            elif iop == _c.RANGE:
                for c in _probes()[_index(iav[0]):_index(iav[1] + 1)]:
                    chars |= _with_case(c)
            elif iop == _c.CATEGORY:
                chars |= _category(str(iav))
            else:
                return _all_probes()
        return _all_probes() - chars if negate else frozenset(chars)
    return _all_probes()  # any character, a group reference, anything unusual: assume the worst


def _index(code: int) -> int:
    return bisect.bisect_left(_probes(), code)


def _with_case(code: int) -> frozenset[int]:
    char = chr(code)
    return frozenset(ord(c) for c in {char, char.lower(), char.upper()} if len(c) == 1)


@lru_cache(maxsize=1)
def _all_probes() -> frozenset[int]:
    return frozenset(_probes())


@lru_cache(maxsize=None)
def _category(name: str) -> frozenset[int]:
    probes = {"DIGIT": r"\d", "SPACE": r"\s", "WORD": r"\w", "LINEBREAK": r"\n"}
    for key, rx in probes.items():
        if name.endswith("NOT_" + key):
            compiled = re.compile(rx)
            return frozenset(c for c in _probes() if not compiled.match(chr(c)))
        if name.endswith(key):
            compiled = re.compile(rx)
            return frozenset(c for c in _probes() if compiled.match(chr(c)))
    return _all_probes()


# --- repeated alternations --------------------------------------------------------------------------------

_ANY = frozenset({-1})  # "any character": intersects every non-empty set


def _has_overlapping_branches(items) -> bool:
    """An alternation (at this level or nested) whose alternatives can start alike or match nothing."""
    for op, av in items:
        if op == _c.SUBPATTERN:
            if _has_overlapping_branches(av[-1]):
                return True
        elif op == _c.BRANCH:
            firsts = [_first(branch) for branch in av[1]]
            if any(nullable for _, nullable in firsts):
                return True
            for i in range(len(firsts)):
                for j in range(i + 1, len(firsts)):
                    if _intersects(firsts[i][0], firsts[j][0]):
                        return True
    return False


def _intersects(a: frozenset, b: frozenset) -> bool:
    if not a or not b:
        return False
    return -1 in a or -1 in b or bool(a & b)


def _first(items) -> tuple[frozenset, bool]:
    """The characters a sequence can start with (over-approximated), and whether it can match nothing."""
    chars: set[int] = set()
    for op, av in items:
        item_chars, nullable = _first_item(op, av)
        chars |= item_chars
        if not nullable:
            return frozenset(chars), False
    return frozenset(chars), True


def _first_item(op, av) -> tuple[frozenset, bool]:
    if op == _c.LITERAL:
        return frozenset({av}), False
    if op in (_c.NOT_LITERAL, _c.ANY):
        return _ANY, False
    if op == _c.IN:
        return frozenset(_first_chars([(op, av)])), False
    if op == _c.SUBPATTERN:
        return _first(av[-1])
    if op == _c.BRANCH:
        chars, nullable = set(), False
        for branch in av[1]:
            branch_chars, branch_nullable = _first(branch)
            chars |= branch_chars
            nullable = nullable or branch_nullable
        return frozenset(chars), nullable
    if op in _REPEATS:
        chars, nullable = _first(av[2])
        return chars, nullable or av[0] == 0
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return frozenset(), True
    return _ANY, False  # groupref and anything unusual: assume the worst


def _first_chars(items) -> set[int]:
    """The characters a one-character item (literal, set, any) can match, over-approximated."""
    if not items:
        return set()
    op, av = items[0]
    if op == _c.LITERAL:
        return {av}
    if op == _c.ANY:
        return {-1}
    if op == _c.IN:
        chars: set[int] = set()
        for iop, iav in av:
            if iop == _c.LITERAL:
                chars.add(iav)
            elif iop == _c.RANGE:
                if iav[1] - iav[0] > 0x300:
                    return {-1}
                chars.update(range(iav[0], iav[1] + 1))
            elif iop == _c.CATEGORY:
                chars.update(_category_chars(iav))
            elif iop == _c.NEGATE:
                return {-1}
        return chars
    return {-1}


def _category_chars(category) -> set[int]:
    name = str(category)
    probe = {
        "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
        "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
    }
    for key, rx in probe.items():
        if name.endswith(key):
            if "NOT" in key:
                return {-1}
            compiled = re.compile(rx)
            return {c for c in range(0x300) if compiled.match(chr(c))} | ({-1} if key == "CATEGORY_WORD" else set())
    return {-1}
