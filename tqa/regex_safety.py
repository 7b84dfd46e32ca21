"""Static refusal of regular expressions that can backtrack catastrophically.

Python's ``re`` is a backtracking engine: ``(a+)+$`` against ``"a" * 50 + "!"`` never finishes. Glossary
regexes are user data, so they are inspected at load time and refused when they contain

* a repetition of something that itself contains an unbounded repetition (``(a+)+``, ``(\\w*\\s?)*``), or
* an unbounded repetition of alternatives that can start with the same character or match nothing
  (``(x|x)*``, ``(a|aa)*``, ``(a|a?)+``) — conservative: ``(ab|ac)*`` is refused too, and the message says
  to use a possessive quantifier or an atomic group, which never backtrack.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | ({_c.POSSESSIVE_REPEAT} if hasattr(_c, "POSSESSIVE_REPEAT") else set())
_UNBOUNDED = _c.MAXREPEAT


def catastrophic_reason(pattern: str) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or None when it looks safe."""
    try:
        parsed = _parser.parse(pattern)
    except Exception:  # invalid patterns are reported by the compiler
        return None
    return _walk(parsed, inside_repeat=False)


def _walk(items, inside_repeat: bool) -> str | None:
    for op, av in items:
        if op in _REPEATS:
            low, high, sub = av
            if op == getattr(_c, "POSSESSIVE_REPEAT", None):
                continue  # possessive repeats never backtrack
            repeats_many = high == _UNBOUNDED or high > 1
            if inside_repeat and high == _UNBOUNDED:
                return "nested quantifiers (a repeated group that contains an unbounded repeat)"
            if repeats_many and _has_unbounded_repeat(sub):
                return "nested quantifiers (a repeated group that contains an unbounded repeat)"
            if high == _UNBOUNDED and _has_overlapping_branches(sub):
                return ("a repeated alternation whose alternatives can start alike or match nothing; "
                        "use a possessive quantifier (*+, ++) or an atomic group (?>...) if it is intended")
            reason = _walk(sub, inside_repeat or repeats_many)
            if reason:
                return reason
        elif op == _c.SUBPATTERN:
            reason = _walk(av[-1], inside_repeat)
            if reason:
                return reason
        elif op == _c.BRANCH:
            for branch in av[1]:
                reason = _walk(branch, inside_repeat)
                if reason:
                    return reason
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            reason = _walk(av[1], inside_repeat)
            if reason:
                return reason
        elif op == getattr(_c, "ATOMIC_GROUP", None):
            continue
    return None


def _has_unbounded_repeat(items) -> bool:
    for op, av in items:
        if op in _REPEATS and op != getattr(_c, "POSSESSIVE_REPEAT", None):
            if av[1] == _UNBOUNDED or _has_unbounded_repeat(av[2]):
                return True
        elif op == _c.SUBPATTERN and _has_unbounded_repeat(av[-1]):
            return True
        elif op == _c.BRANCH and any(_has_unbounded_repeat(b) for b in av[1]):
            return True
    return False


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
