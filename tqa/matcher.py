"""The compiled multi-pattern matcher behind glossary checks.

Literal phrases of every entry go into one Aho-Corasick automaton (``ahocorasick_rs``, Rust) that scans the
document's UTF-8 bytes once, so the cost of a scan does not grow with the number of literal entries. Before the
scan the bytes are mapped through one 256-byte table (ASCII upper case to lower case, every ASCII white-space
byte to a space) and runs of spaces are collapsed, which gives case-insensitive matching and lets a line
break or several spaces inside a phrase match a single space. Hyphen/space variants and the plural and
possessive forms of a phrase's last word are generated as automaton keys at compile time.

Regex entries are compiled once at load time and run over the decoded text.

The automaton reports every (overlapping) occurrence; the matcher keeps those that stand on word boundaries
and satisfy their entry's ``when``/``unless`` context, then resolves leftmost-longest without overlaps.
Limitation: case folding of the scanned text is ASCII-only, so a non-ASCII capital letter in the text
(``É``) only matches the same capital letter in a phrase.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import Callable, Sequence

import ahocorasick_rs

# --- byte tables -------------------------------------------------------------------------------------------
_ASCII_WS = b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "


def _table(lower: bool) -> bytes:
    table = bytearray(range(256))
    for byte in _ASCII_WS:
        table[byte] = 0x20
    if lower:
        for byte in range(ord("A"), ord("Z") + 1):
            table[byte] = byte + 32
    return bytes(table)


FOLD_TABLE = _table(lower=True)
SPACE_TABLE = _table(lower=False)
# Deleting every byte that is not a UTF-8 continuation byte leaves one byte per "extra" byte of a character.
_KEEP_CONTINUATION = bytes(range(0x80)) + bytes(range(0xC0, 0x100))
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_SPACE_RUN = re.compile(rb" {2,}")

_SEPARATOR = re.compile(r"[\s\-\u2010\u2011]+")
_INFLECTABLE = re.compile(r"[A-Za-z]$")
_MAX_VARIANT_SEPARATORS = 4


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def phrase_words(phrase: str) -> list[str]:
    """The words of a phrase: separated by white space or hyphens."""
    return [w for w in _SEPARATOR.split(phrase.strip()) if w]


def phrase_keys(phrase: str) -> list[str]:
    """Every surface form of ``phrase`` the automaton must know (case is folded later)."""
    words = phrase_words(phrase)
    if not words:
        return []
    head, last = words[:-1], words[-1]
    lasts = [last]
    if _INFLECTABLE.search(last):
        lasts += [last + "s", last + "es", last + "'s", last + "s'", last + "’s", last + "s’"]
        if len(last) > 1 and last[-1] in "yY" and last[-2].lower() not in "aeiou":
            lasts.append(last[:-1] + "ies")
    joins: list[tuple[str, ...]]
    if len(words) - 1 <= _MAX_VARIANT_SEPARATORS:
        joins = list(itertools.product((" ", "-"), repeat=len(words) - 1))
    else:
        joins = [(" ",) * (len(words) - 1), ("-",) * (len(words) - 1)]
    keys = []
    for join in joins:
        stem = "".join(w + sep for w, sep in zip(head, join))
        keys.extend(stem + tail for tail in lasts)
    return keys


def _fold_key(key: str, case_sensitive: bool) -> bytes:
    data = key.encode("utf-8")
    return data.translate(SPACE_TABLE if case_sensitive else FOLD_TABLE)


@dataclass(frozen=True, slots=True)
class Match:
    """A resolved match: character offsets into the text and the index of the entry that matched."""

    start: int
    end: int
    entry: int


@dataclass(frozen=True, slots=True)
class Pattern:
    """What the matcher needs to know of one glossary entry."""

    phrases: tuple[str, ...] = ()
    regex: re.Pattern | None = None
    case_sensitive: bool = False
    when: re.Pattern | None = None
    unless: re.Pattern | None = None


class _Scanner:
    """One automaton over folded bytes, for either case-insensitive or case-sensitive keys."""

    def __init__(self, keys: dict[bytes, int], case_sensitive: bool):
        self.case_sensitive = case_sensitive
        self.table = SPACE_TABLE if case_sensitive else FOLD_TABLE
        self.keys = list(keys)
        self.entries = [keys[k] for k in self.keys]
        # Whether each key begins / ends with a word character, so that the boundary test applies.
        self.word_start = [k[0] in _WORD_BYTES or k[0] >= 0x80 for k in self.keys]
        self.word_end = [k[-1] in _WORD_BYTES or k[-1] >= 0x80 for k in self.keys]
        self.automaton = ahocorasick_rs.BytesAhoCorasick(self.keys)

    def scan(self, raw: bytes, text: str, to_char: Callable[[int], int]) -> list[tuple[int, int, int]]:
        """(byte_start, byte_end, entry) of every whole-word occurrence, in original byte offsets."""
        folded = raw.translate(self.table)
        collapsed, kept_space_pos, removed_after = _collapse_spaces(folded)
        found = []
        for key_index, start, end in self.automaton.find_matches_as_indexes(collapsed, overlapping=True):
            if kept_space_pos:
                start = _uncollapse(start, kept_space_pos, removed_after)
                end = _uncollapse(end - 1, kept_space_pos, removed_after) + 1
            if self.word_start[key_index] and start > 0 and _word_at(raw, text, start - 1, to_char):
                continue
            if self.word_end[key_index] and end < len(raw) and _word_at(raw, text, end, to_char):
                continue
            found.append((start, end, self.entries[key_index]))
        return found


def _collapse_spaces(folded: bytes) -> tuple[bytes, list[int], list[int]]:
    """Collapse runs of spaces to one; return the map needed to go back to original offsets."""
    i = folded.find(b"  ")
    if i < 0:
        return folded, [], []
    pieces = []
    kept_space_pos: list[int] = []  # offset, in the collapsed bytes, of the space that stands for each run
    removed_after: list[int] = []  # bytes removed by this run and all runs before it
    previous = removed = 0
    while i >= 0:
        j = _SPACE_RUN.match(folded, i).end()
        pieces.append(folded[previous:i + 1])
        kept_space_pos.append(i - removed)
        removed += j - i - 1
        removed_after.append(removed)
        previous = j
        i = folded.find(b"  ", j)
    pieces.append(folded[previous:])
    return b"".join(pieces), kept_space_pos, removed_after


def _uncollapse(pos: int, kept_space_pos: list[int], removed_after: list[int]) -> int:
    runs_before = bisect.bisect_left(kept_space_pos, pos)
    return pos + (removed_after[runs_before - 1] if runs_before else 0)


def _word_at(raw: bytes, text: str, byte_pos: int, to_char: Callable[[int], int]) -> bool:
    """Whether the character at (or, for a continuation byte, containing) ``byte_pos`` is a word character."""
    byte = raw[byte_pos]
    if byte < 0x80:
        return byte in _WORD_BYTES
    while byte_pos > 0 and 0x80 <= raw[byte_pos] < 0xC0:
        byte_pos -= 1
    char_pos = to_char(byte_pos)
    return char_pos < len(text) and _is_word_char(text[char_pos])


class _ByteToChar:
    """Converts byte offsets into the UTF-8 of ``text`` to character offsets, fastest for ascending input."""

    def __init__(self, raw: bytes):
        self.raw = raw
        self.identity = raw.isascii()
        self.byte = 0
        self.char = 0

    def __call__(self, byte_pos: int) -> int:
        if self.identity:
            return byte_pos
        if byte_pos < self.byte:
            self.byte = self.char = 0
        extra = len(self.raw[self.byte:byte_pos].translate(None, _KEEP_CONTINUATION))
        self.char += (byte_pos - self.byte) - extra
        self.byte = byte_pos
        return self.char


class Matcher:
    """All patterns of a glossary, compiled once; ``find`` is the hot path."""

    def __init__(self, patterns: Sequence[Pattern]):
        self.patterns = tuple(patterns)
        insensitive: dict[bytes, int] = {}
        sensitive: dict[bytes, int] = {}
        self.conflicts: list[tuple[int, int, str]] = []  # (entry, other entry, phrase) for duplicate phrases
        explicit: dict[tuple[bool, bytes], int] = {}
        for index, pattern in enumerate(self.patterns):
            keys = sensitive if pattern.case_sensitive else insensitive
            for phrase in pattern.phrases:
                variants = phrase_keys(phrase)
                if not variants:
                    continue
                base = _fold_key(" ".join(phrase_words(phrase)), pattern.case_sensitive)
                owner = explicit.setdefault((pattern.case_sensitive, base), index)
                if owner != index:
                    self.conflicts.append((index, owner, phrase))
                for variant in variants:
                    key = _fold_key(variant, pattern.case_sensitive)
                    # An explicit phrase of another entry beats a generated variant of this one.
                    if key in keys and explicit.get((pattern.case_sensitive, key), index) != index:
                        continue
                    keys[key] = index
        self.scanners = [_Scanner(k, cs) for k, cs in ((insensitive, False), (sensitive, True)) if k]
        self.regex_entries = [i for i, p in enumerate(self.patterns) if p.regex is not None]
        self.key_count = len(insensitive) + len(sensitive)

    def find(self, text: str, sentence_at: Callable[[int], tuple[int, int]], raw: bytes | None = None) -> list[Match]:
        """Leftmost-longest, non-overlapping matches in ``text``.

        ``sentence_at(offset)`` gives the sentence around an offset, for ``when``/``unless``; ``raw`` is
        ``text`` in UTF-8 when the caller already has it.
        """
        if raw is None:
            raw = text.encode("utf-8", "surrogatepass")
        to_char = _ByteToChar(raw)
        byte_hits: list[tuple[int, int, int]] = []
        for scanner in self.scanners:
            byte_hits.extend(scanner.scan(raw, text, to_char))
        candidates: list[tuple[int, int, int]] = []
        if byte_hits:
            byte_hits.sort()
            to_char = _ByteToChar(raw)
            for start, end, entry in byte_hits:
                char_start = to_char(start)
                candidates.append((char_start, char_start + len(raw[start:end].decode("utf-8", "surrogatepass")), entry))
        for entry in self.regex_entries:
            for m in self.patterns[entry].regex.finditer(text):
                if m.end() > m.start():
                    candidates.append((m.start(), m.end(), entry))
        if not candidates:
            return []
        # Leftmost first, then longest, then glossary order.
        candidates.sort(key=lambda c: (c[0], c[0] - c[1], c[2]))
        matches = []
        last_end = -1
        for start, end, entry in candidates:
            if start < last_end:
                continue
            pattern = self.patterns[entry]
            if (pattern.when is not None or pattern.unless is not None) and not _context_ok(
                pattern, text, sentence_at(start)
            ):
                continue
            matches.append(Match(start, end, entry))
            last_end = end
        return matches


def _context_ok(pattern: Pattern, text: str, sentence: tuple[int, int]) -> bool:
    sentence_text = text[sentence[0]:sentence[1]]
    if pattern.when is not None and not pattern.when.search(sentence_text):
        return False
    if pattern.unless is not None and pattern.unless.search(sentence_text):
        return False
    return True
