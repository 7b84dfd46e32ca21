"""Static refusal of regular expressions that can backtrack catastrophically.

Python's ``re`` is a backtracking engine: ``(a+)+$`` against ``"a" * 50 + "!"`` never finishes. Glossary
regexes are user data, so they are inspected at load time and refused when they contain

* a repetition of something that itself contains an unbounded repetition (``(a+)+``, ``(\\w*\\s?)*``), or
* an unbounded repetition of alternatives that can match the same text (``(x|x)*``, ``(\\w|\\d)+``).
"""

from __future__ import annotations

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
                return "a repeated alternation whose alternatives can match the same text"
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


def _has_overlapping_branches(items) -> bool:
    for op, av in items:
        if op == _c.SUBPATTERN:
            if _has_overlapping_branches(av[-1]):
                return True
        elif op == _c.BRANCH:
            branches = av[1]
            firsts = [_first_chars(b) for b in branches]
            texts = [str(b) for b in branches]
            for i in range(len(branches)):
                for j in range(i + 1, len(branches)):
                    if texts[i] == texts[j]:
                        return True
                    # Two single-character alternatives that share a character: (\w|\d)*
                    if len(branches[i]) == 1 and len(branches[j]) == 1 and firsts[i] & firsts[j]:
                        return True
        elif op == _c.IN:
            continue
    return False


def _first_chars(items) -> set[int]:
    """A cheap over-approximation of the characters a sequence can start with (only for one-char items)."""
    if not items:
        return set()
    op, av = items[0]
    if op == _c.LITERAL:
        return {av}
    if op == _c.ANY:
        return set(range(0x80)) | {-1}
    if op == _c.IN:
        chars: set[int] = set()
        for iop, iav in av:
            if iop == _c.LITERAL:
                chars.add(iav)
            elif iop == _c.RANGE:
                chars.update(range(iav[0], min(iav[1], 0x2FF) + 1))
            elif iop == _c.CATEGORY:
                chars.update(_category_chars(iav))
            elif iop == _c.NEGATE:
                return set(range(0x80)) | {-1}
        return chars
    return set()


def _category_chars(category) -> set[int]:
    import re

    name = str(category)
    probe = {
        "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
        "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
    }
    for key, rx in probe.items():
        if name.endswith(key):
            compiled = re.compile(rx)
            return {c for c in range(0x300) if compiled.match(chr(c))}
    return set()
