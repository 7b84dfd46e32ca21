"""The compiled multi-pattern matcher behind glossary checks.

Literal phrases of every entry go into one Aho-Corasick automaton (``ahocorasick_rs``, Rust) that scans the
document's UTF-8 bytes once, so the cost of a scan does not grow with the number of literal entries. Before the
scan the bytes are mapped through one 256-byte table (ASCII upper case to lower case, every ASCII white-space
byte and the hyphen to a space; non-ASCII white space and the Unicode hyphens U+2010, U+2011, U+FE63 and U+FF0D
too) and runs of spaces are collapsed: that gives case-insensitive matching and lets a hyphen, a line break or
several spaces inside a phrase match a single space. The plural and possessive forms of a phrase's last word
(``-s``, ``-es``; a possessive ``'s`` ends the word anyway) are accepted at match time by looking at the bytes
after a match; ``-y`` → ``-ies`` plurals are extra automaton keys.

Regex entries are compiled once at load time (``regex`` package) and run over the decoded text, one line at a
time: a regex entry matches within one line.

The automaton reports every (overlapping) occurrence; the matcher keeps those that stand on word boundaries
and satisfy their entry's ``when``/``unless`` context, then resolves leftmost-longest without overlaps.

Cost is linear in the text. A ``when``/``unless`` context is searched in the whole sentence (exactly, however
long the sentence), but once per entry and sentence, not once per match: every match of an entry in one
sentence gets the same verdict. Every regex search (entry, ``when``, ``unless``) runs within its entry's time
budget for the document (:class:`~tqa.regex_safety.RegexBudget`): an entry that exceeds it is disabled for the
rest of the run (the life of this matcher, i.e. of the loaded glossary) and the document gets a note.

Limitation: case folding of the scanned text is ASCII-only, so a non-ASCII capital letter in the text
(``É``) only matches the same capital letter in a phrase.
"""

from __future__ import annotations

import bisect
import itertools
import re
import time
from dataclasses import dataclass, fields
from functools import cached_property
from typing import TYPE_CHECKING, Sequence

import ahocorasick_rs

from .regex_safety import IGNORECASE, OPCODES, RegexBudget, ignores_case, parse_regex
from .textbuf import FOLD_TABLE, SPACE_TABLE, TextBuffer

if TYPE_CHECKING:  # pragma: no cover
    import regex as _regex

    from .segment import Segmentation

_DFA_AFTER_BYTES = 4_000_000
_DFA_MAX_KEYS = 50_000
#: Automata of at most this many keys find where hits start with a leftmost-longest search first, on texts of at
#: least _SPOTTED_TEXT bytes (a prefilter skips ahead there; with more keys it does not pay).
_SPOTTED_KEYS = 64
_SPOTTED_TEXT = 65_536
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")

_SEPARATOR = re.compile(r"[\s\-\u2010\u2011\ufe63\uff0d]+")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def phrase_words(phrase: str) -> list[str]:
    """The words of a phrase: separated by white space or hyphens."""
    return [w for w in _SEPARATOR.split(phrase.strip()) if w]


def phrase_keys(phrase: str) -> list[str]:
    """The automaton keys of ``phrase``: its words joined by single spaces, plus the ``-ies`` plural."""
    words = phrase_words(phrase)
    if not words:
        return []
    base = " ".join(words)
    keys = [base]
    last = words[-1]
    if len(last) > 1 and last[-1] in "yY" and last[-2].lower() not in "aeiouy" and last.isascii():
        keys.append(base[:-1] + "ies")
    return keys


# Plural endings accepted after a phrase whose last word ends with a letter, longest first. Possessives
# ("micro-signal's") need nothing: the apostrophe already ends the word, so the match stops before it.
_SUFFIXES = (b"es", b"s")


def _fold_key(key: str, case_sensitive: bool) -> bytes:
    return key.encode("utf-8").translate(SPACE_TABLE if case_sensitive else FOLD_TABLE)


@dataclass(frozen=True, slots=True)
class Match:
    """A resolved match: character offsets into the text and the index of the entry that matched."""

    start: int
    end: int
    entry: int


@dataclass(frozen=True)
class Pattern:
    """What the matcher needs to know of one glossary entry.

    A glossary gives its regular expressions as text (``regex_text``, ``when_text``, ``unless_text``), compiled
    on first use with :func:`tqa.regex_safety.compile_user_regex` (searches time out): a small text has no line
    where most regex entries could match and no match of most context entries, and compiling them all took
    longer than a paragraph takes to check. ``regex``, ``when`` and ``unless`` take patterns already compiled
    (with the ``regex`` package, or anything with its ``search``/``finditer``/``match`` and ``timeout``).
    """

    phrases: tuple[str, ...] = ()
    regex: "_regex.Pattern | None" = None
    case_sensitive: bool = False
    when: "_regex.Pattern | None" = None
    unless: "_regex.Pattern | None" = None
    # Literals (folded bytes) of which every match of ``regex`` contains at least one; None when unknown.
    required: tuple[bytes, ...] | None = None
    # How notes name the entry: "file:line: entry ID".
    name: str = ""
    regex_text: str | None = None
    when_text: str | None = None
    unless_text: str | None = None
    # Whether every match of the regex starts at the start of a line; None: the matcher finds out (a glossary
    # loaded from the cache knows it already).
    anchored: bool | None = None

    @cached_property
    def compiled_regex(self) -> "_regex.Pattern | None":
        return self.regex if self.regex is not None else _compiled(self.regex_text, ignore_case=not self.case_sensitive,
                                                                    multiline=True)

    @cached_property
    def compiled_when(self) -> "_regex.Pattern | None":
        return self.when if self.when is not None else _compiled(self.when_text, ignore_case=True)

    @cached_property
    def compiled_unless(self) -> "_regex.Pattern | None":
        return self.unless if self.unless is not None else _compiled(self.unless_text, ignore_case=True)

    def __getstate__(self) -> dict:
        """The fields, without the regexes compiled so far: they stay lazy in the process that unpickles the
        pattern (a glossary cache, a cluster's worker), which compiles them on first use. Fields left at their
        defaults are left out too (the unpickled pattern reads them from the class, where a dataclass keeps its
        defaults): most patterns have phrases and a name and nothing else, and unpickle faster so."""
        return {name: value for name, value in self.__dict__.items()
                if name not in _COMPILED and _PATTERN_DEFAULTS.get(name, _NO_DEFAULT) != value}

    def compile(self) -> None:
        """Compile its regexes now rather than on first use; one that does not compile is left for its first use
        to report."""
        for name in _COMPILED:
            try:
                getattr(self, name)
            except Exception:  # noqa: BLE001 (compiled again, and reported, where it is first needed)
                pass

    @property
    def has_regex(self) -> bool:
        return self.regex is not None or self.regex_text is not None

    @property
    def regex_source(self) -> str:
        return self.regex_text if self.regex_text is not None else self.regex.pattern

    @property
    def has_context(self) -> bool:
        return any(x is not None for x in (self.when, self.unless, self.when_text, self.unless_text))


#: The cached properties of a :class:`Pattern`, left out of its pickle.
_COMPILED = frozenset({"compiled_regex", "compiled_when", "compiled_unless"})
#: The default value of each field of a :class:`Pattern`.
_PATTERN_DEFAULTS = {f.name: f.default for f in fields(Pattern)}
_NO_DEFAULT = object()


def _compiled(text: str | None, *, ignore_case: bool, multiline: bool = False) -> "_regex.Pattern | None":
    from .regex_safety import compile_user_regex

    return compile_user_regex(text, ignore_case=ignore_case, multiline=multiline) if text is not None else None


#: What a :class:`_Scanner` keeps in a pickle: everything but its automata and the state of a run.
_SCANNER_TABLES = frozenset({"keys", "phrases", "literals", "phrase_keys", "literal_keys", "word_start_keys",
                             "longest"})


class _Automaton:
    """A scanner's automaton, with the riders (:meth:`_Scanner.ride`) it was built with: their keys follow the
    scanner's own, group after group, numbered from ``len(keys)``."""

    __slots__ = ("find", "riders")

    def __init__(self, automaton: "ahocorasick_rs.BytesAhoCorasick", riders: tuple[tuple[bytes, ...], ...]):
        self.find = automaton.find_matches_as_indexes
        self.riders = riders


class _Scanner:
    """One automaton over the case-folded bytes for every phrase of the glossary and every required literal of its
    regex entries, of both case modes: the text is scanned once.

    A case-sensitive key is in the automaton as its case-folded bytes, and a hit of it is kept only where the
    text's own letters are the key's (:meth:`TextBuffer.folded_span`): a glossary has few such keys, and a
    second automaton over a second folding of the text cost more than all their hits."""

    def __init__(self, phrases: list[tuple[bytes, int, bool]], literals: list[tuple[bytes, bool, list[int]]]):
        index: dict[bytes, int] = {}
        self.keys: list[bytes] = []
        # Per automaton key: (entry, exact key or None, word_start, word_end, inflectable, case_sensitive) of
        # each phrase key folding to it; (exact literal or None, owning regex entries) of each literal.
        by_key: list[list[tuple]] = []
        literals_by_key: list[list[tuple]] = []

        def slot(key: bytes) -> int:
            folded = key.translate(FOLD_TABLE)
            at = index.get(folded)
            if at is None:
                at = index[folded] = len(self.keys)
                self.keys.append(folded)
                by_key.append([])
                literals_by_key.append([])
            return at

        for key, entry, case_sensitive in phrases:
            text = key.decode("utf-8", "surrogatepass")
            by_key[slot(key)].append((entry, key if case_sensitive else None, _is_word_char(text[0]),
                                      _is_word_char(text[-1]), 0x61 <= key[-1] <= 0x7A or 0x41 <= key[-1] <= 0x5A,
                                      case_sensitive))
        for literal, case_sensitive, owners in literals:
            literals_by_key[slot(literal)].append((literal if case_sensitive else None, tuple(owners)))
        # Kept as tuples: most keys have one phrase and no literal (and the empty tuple is one object), so a
        # cached glossary's scanner unpickles quicker than with a list per key.
        self.phrases: list[tuple[tuple, ...]] = [tuple(found) for found in by_key]
        self.literals: list[tuple[tuple, ...]] = [tuple(found) for found in literals_by_key]
        self.phrase_keys = [bool(found) for found in self.phrases]
        self.literal_keys = [bool(found) for found in self.literals]
        # Whether a key starts with a word character (the same in every case of it): a hit right after a word
        # byte is then no whole-word phrase.
        self.word_start_keys = [_is_word_char(k.decode("utf-8", "surrogatepass")[0]) for k in self.keys]
        self.longest = max(map(len, self.keys), default=0)
        self._build()

    def _build(self) -> None:
        """Prepare the automata over ``keys``: the one part of a scanner that cannot be pickled (ahocorasick_rs
        objects are not), so a scanner read from the glossary cache makes them again (:meth:`__setstate__`). The
        scanning automaton is built on first use (:attr:`automaton`): a run that scans enough text to want a DFA
        (:meth:`upgrade`, a pool's warm-up) never builds the NFA (0.02 s for 10,000 keys)."""
        self._automaton = None
        self.scanned = 0
        self.upgraded = False
        self.riders: tuple[tuple[bytes, ...], ...] = ()  # other checks' keys found in the same scan (ride)
        # A few keys (the consistency check's names): a leftmost-longest search, which skips ahead with a
        # prefilter where an overlapping one reads every byte, finds where hits can start; the overlapping
        # automaton then reads only there (see _overlapping).
        self.spotter = (ahocorasick_rs.BytesAhoCorasick(self.keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
                        if self.keys and len(self.keys) <= _SPOTTED_KEYS else None)

    def __getstate__(self) -> dict:
        """The tables, without the automata and what a run has done (scanned bytes, a DFA, numpy arrays, riders)."""
        return {name: value for name, value in self.__dict__.items() if name in _SCANNER_TABLES}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._build()

    def ride(self, riders: tuple[bytes, ...]) -> bool:
        """Find ``riders`` too (another check's folded keys, in a tuple that stays the same object), in the same
        pass over the text: each scan of a large text leaves their overlapping hits in the buffer
        (:attr:`TextBuffer.rides`), so that the other check need not read the text again (the residue check's 59
        literals: a second pass over 100 MB took 0.19 s, one automaton over both 0.04 s more than the glossary's
        alone). Several checks may ride, each with its own tuple. Not for a scanner without keys (it never
        scans) or with a spotter (it reads only where its own keys may be); returns whether they ride. Set
        before the automaton is built (a new rider throws it away)."""
        if not self.keys or self.spotter is not None:
            return False
        if any(group is riders for group in self.riders):
            return True
        if len(self.keys) + sum(map(len, self.riders)) + len(riders) > _DFA_MAX_KEYS:
            return False
        self._carry(self.riders + (riders,))
        return True

    def unride(self) -> None:
        """No riders from now on."""
        if self.riders:
            self._carry(())

    def _carry(self, riders: tuple[tuple[bytes, ...], ...]) -> None:
        self.riders = riders
        upgraded = self.upgraded
        self._automaton, self.upgraded = None, False
        if upgraded:
            self.upgrade()

    def release(self) -> None:
        """Let the automaton go (a DFA of 10,000 keys holds 36 MB): the next scan builds the NFA again, and a DFA
        once it has scanned enough (a pool's main process, once the workers it forked share the DFA)."""
        self._automaton, self.upgraded, self.scanned = None, False, 0

    def _all_keys(self, riders: tuple[tuple[bytes, ...], ...]) -> list[bytes]:
        return self.keys + [key for group in riders for key in group] if riders else self.keys

    @property
    def automaton(self) -> "_Automaton | None":
        """The automaton that scans, with its riders (None when there are no keys): the default NFA until
        :meth:`upgrade`."""
        if self._automaton is None and self.keys:
            riders = self.riders
            self._automaton = _Automaton(ahocorasick_rs.BytesAhoCorasick(self._all_keys(riders)), riders)
        return self._automaton

    def upgrade(self) -> None:
        """Scan with a DFA from now on (when the keys are not too many for one)."""
        if not self.upgraded and self.keys and len(self.keys) <= _DFA_MAX_KEYS:
            riders = self.riders
            self._automaton = _Automaton(ahocorasick_rs.BytesAhoCorasick(
                self._all_keys(riders), implementation=ahocorasick_rs.Implementation.DFA), riders)
            self.upgraded = True

    def scan(self, buf: TextBuffer, disabled: set[int]) -> tuple[list[tuple[int, int, int]], list[tuple[int, int]]]:
        """(byte_start, byte_end, entry) of every whole-word occurrence of a phrase, in offsets into ``buf.raw``;
        and (byte offset in the folded text, regex entry) of every occurrence of a required literal of an entry
        not in ``disabled``."""
        if not self.keys:
            return [], []
        folded = buf.folded(False)
        self.scanned += len(folded)
        if not self.upgraded and self.scanned > _DFA_AFTER_BYTES:
            # A DFA scans about four times faster than the default NFA but costs more to build, so it is
            # built only once a run has shown that it scans enough text to repay it.
            self.upgrade()
        automaton = self.automaton
        hits = self._overlapping(folded, automaton.find)
        riders = automaton.riders
        if riders and not buf.small:
            hits = self._plausible(hits, folded, buf, riders)  # the riders' hits set aside (none too)
        elif riders:  # the riders read a large text's hits only (a small one's are not worth numpy)
            keys = len(self.keys)
            hits = [hit for hit in hits if hit[0] < keys]
        elif not buf.small and len(hits) > 1000:
            hits = self._plausible(hits, folded)
        if not hits:
            return [], []
        phrase_keys = self.phrase_keys
        literal_hits: list[tuple[int, int]] = []
        phrase_hits = []
        for hit in hits:
            key_index = hit[0]
            if phrase_keys[key_index]:
                phrase_hits.append(hit)
            if self.literals[key_index]:
                for exact, owners in self.literals[key_index]:
                    if exact is not None and buf.folded_span(hit[1], hit[2]) != exact:
                        continue
                    literal_hits.extend((hit[1], entry) for entry in owners if entry not in disabled)
        if not phrase_hits:
            return [], literal_hits
        keys, folded_starts, folded_ends = zip(*phrase_hits)
        starts, ends = buf.raw_spans(folded_starts, folded_ends)
        raw = buf.raw
        size = len(raw)
        found = []
        for key_index, start, end, folded_start, folded_end in zip(keys, starts, ends, folded_starts, folded_ends):
            before_word = None
            for entry, exact, word_start, word_end, inflectable, case_sensitive in self.phrases[key_index]:
                if word_start and start > 0:  # first: a case-sensitive key's case is checked on fewer hits
                    if before_word is None:
                        before_word = _word_at(buf, start - 1)
                    if before_word:
                        continue
                if exact is not None and not _same_case(buf, exact, start, end, folded_start, folded_end):
                    continue
                stop = end
                if word_end and end < size and _word_at(buf, end):
                    if not inflectable:
                        continue
                    stop = _inflected_end(buf, end, case_sensitive)
                    if stop < 0:
                        continue
                found.append((start, stop, entry))
        return found, literal_hits

    def _overlapping(self, folded: bytes, find=None) -> list[tuple[int, int, int]]:
        """Every (key, start, end) of the automaton's keys in ``folded``, overlapping ones too (callers sort what
        they keep: the order is not theirs to rely on).

        With a spotter: every match starts inside a span the leftmost-longest search reports (where the search
        resumes after a span, the leftmost match from there is the next span, so no match can start between
        spans), so the overlapping automaton reads each span and the longest key's length after it, and keeps
        the matches that start inside the span (the others start in the next one)."""
        if find is None:
            find = self.automaton.find
        if self.spotter is None or len(folded) < _SPOTTED_TEXT:
            return find(folded, overlapping=True)
        hits: list[tuple[int, int, int]] = []
        reach = self.longest
        for _, start, end in self.spotter.find_matches_as_indexes(folded):
            hits.extend((key, start + s, start + e) for key, s, e in find(folded[start:end + reach], overlapping=True)
                        if s < end - start)
        return hits

    def _arrays(self):
        import numpy as np

        arrays = self.__dict__.get("_arrays_cache")
        if arrays is None:
            word = np.zeros(256, dtype=bool)
            word[list(_WORD_BYTES)] = True
            arrays = self.__dict__["_arrays_cache"] = (
                word, np.array(self.phrase_keys, dtype=bool), np.array(self.literal_keys, dtype=bool),
                np.array(self.word_start_keys, dtype=bool))
        return arrays

    def _plausible(self, hits: list, folded: bytes, buf: TextBuffer | None = None,
                   riders: tuple[tuple[bytes, ...], ...] = ()) -> list:
        """The hits that may still be whole-word phrases or are literals, decided with numpy over all hits: a
        phrase hit right after an ASCII word byte of the folded text (``comment`` for the key ``mm``) is
        dropped (the byte before is the text's own character, lower-cased, or a space for white space).

        With ``riders`` (the automaton's, :meth:`ride`): their hits are not the scanner's; each group's
        (key, start, end), the key numbered within the group, is left in ``buf.rides``."""
        import numpy as np

        word, phrase_keys, literal_keys, word_start = self._arrays()
        table = np.fromiter(itertools.chain.from_iterable(hits), dtype=np.int64, count=3 * len(hits)).reshape(-1, 3)
        keys, starts = table[:, 0], table[:, 1]
        if riders:
            low = own = len(self.keys)
            for group in riders:
                high = low + len(group)
                ridden = table[(keys >= low) & (keys < high)]
                ridden[:, 0] -= low
                buf.rides[group] = ridden
                low = high
            theirs = keys >= own
            keys = np.where(theirs, 0, keys)  # any key of the scanner's: the rows are dropped below
        data = np.frombuffer(folded, dtype=np.uint8)
        after_word = (starts > 0) & word[data[np.maximum(starts - 1, 0)]]
        keep = literal_keys[keys] | (phrase_keys[keys] & ~(word_start[keys] & after_word))
        if riders:
            keep &= ~theirs
        if keep.all():
            return hits
        return [hits[i] for i in np.flatnonzero(keep).tolist()]


def _same_case(buf: TextBuffer, exact: bytes, start: int, end: int, folded_start: int, folded_end: int) -> bool:
    """Whether the text's bytes ``start:end`` (the raw span of folded ``folded_start:folded_end``) are the
    case-sensitive key ``exact``: at once when the span holds no run of spaces or non-ASCII white space that
    folding changed in length, else through :meth:`TextBuffer.folded_span`."""
    piece = buf.raw[start:end]
    if len(piece) == folded_end - folded_start and piece.isascii():
        return piece.translate(SPACE_TABLE) == exact
    return buf.folded_span(folded_start, folded_end) == exact


def _inflected_end(buf: TextBuffer, end: int, case_sensitive: bool) -> int:
    """The end of a plural ending at ``end`` that is followed by a non-word character, or -1."""
    following = buf.raw[end:end + 3]
    if not case_sensitive:
        following = following.lower()
    for suffix in _SUFFIXES:
        if following.startswith(suffix):
            after = end + len(suffix)
            if after >= len(buf.raw) or not _word_at(buf, after):
                return after
    return -1


def _word_at(buf: TextBuffer, byte_pos: int) -> bool:
    """Whether the character at (or, for a continuation byte, containing) ``byte_pos`` is a word character."""
    raw = buf.raw
    byte = raw[byte_pos]
    if byte < 0x80:
        return byte in _WORD_BYTES
    while byte_pos > 0 and 0x80 <= raw[byte_pos] < 0xC0:
        byte_pos -= 1
    char_pos = buf.to_char(byte_pos)
    return char_pos < len(buf.text) and _is_word_char(buf.text[char_pos])


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
        self.regex_entries = [i for i, p in enumerate(self.patterns) if p.has_regex]
        self.context_entries = {i for i, p in enumerate(self.patterns) if p.has_context}
        self.key_count = len(insensitive) + len(sensitive)
        # Entries whose regexes ran out of time (see tqa.regex_safety): skipped from then on.
        self.disabled: set[int] = set()
        self.timeouts: list[RegexTimeout] = []
        # Regex entries run only on the lines where one of their required literals occurs; those literals
        # are found for all regex entries at once by one automaton per case mode.
        self.full_scan_regexes = [i for i in self.regex_entries if self.patterns[i].required is None]
        # Regexes that can only match at the start of a line need one match attempt per line, not a search.
        self.anchored = {i for i in self.regex_entries if self.patterns[i].anchored
                         or self.patterns[i].anchored is None and _starts_at_line_start(self.patterns[i].regex_source)}
        literals: list[tuple[bytes, bool, list[int]]] = []
        for case_sensitive in (False, True):
            owners: dict[bytes, list[int]] = {}
            for i in self.regex_entries:
                pattern = self.patterns[i]
                if pattern.required is not None and pattern.case_sensitive == case_sensitive:
                    for literal in pattern.required:
                        owners.setdefault(literal, []).append(i)
            literals.extend((literal, case_sensitive, entries) for literal, entries in owners.items())
        self.scanner = _Scanner([(key, entry, False) for key, entry in insensitive.items()]
                                + [(key, entry, True) for key, entry in sensitive.items()], literals)

    def __getstate__(self) -> dict:
        """Everything derived from the patterns (kept in the glossary cache, so that a cached glossary does
        not derive it again), without what a run has done: no entry is disabled in the unpickled matcher."""
        return {**self.__dict__, "disabled": set(), "timeouts": []}

    def warm(self) -> None:
        """Build now what a long run would build on first use: the automata, made DFAs (a pool does this in a thread
        before it forks its workers, while the main process reads the first input: :mod:`tqa.parallel`).

        The regexes stay lazy here: compiled when an entry's literal or phrase is first found (over the 100 MB
        benchmark, 49 of the 10,000-entry glossary's 106 regexes are ever needed), or by a pool's main process
        while the thread builds the DFA, time it would otherwise spend waiting (:meth:`Pattern.compile`)."""
        self.scanner.upgrade()
        self.scanner.automaton  # noqa: B018 (the NFA, built now when there are too many keys for a DFA)

    def _regex_windows(self, text: str, buf: TextBuffer, segmentation,
                       hits: list[tuple[int, int]]) -> list[tuple[int, tuple[int, int]]]:
        """(entry, (start, end)) for each enabled regex entry and each line it must be run on, each entry's
        lines in text order (``hits``: the scan's (folded offset, entry) of the required literals).

        Running a regex over a whole document costs a pass of the regex engine per entry (slow on long
        texts), so a regex with required literals runs only on the lines where one of them occurs, found by
        the same automaton scan as the phrases. A regex entry therefore matches within one line.
        """
        windows = []
        disabled = self.disabled
        full_scan = [entry for entry in self.full_scan_regexes if entry not in disabled]
        if full_scan:
            lines = _all_lines(segmentation.line_starts, text)
            windows.extend((entry, line) for entry in full_scan for line in lines)
        line_starts = segmentation.line_starts
        found = set()
        if hits:
            folded_starts, entries = zip(*hits)
            starts, _ = buf.raw_spans(folded_starts, [start + 1 for start in folded_starts])
            found = {(entry, _line_window(line_starts, offset, text))
                     for offset, entry in zip(buf.char_offsets(starts), entries)}
        twins = buf.ascii_case_twins()
        if twins:
            # A line holding "İ", "ſ" or the Kelvin sign may match a case-insensitive regex whose literal the
            # folded bytes do not show ("kilo" in "Kilo" with a Kelvin sign): its entries run on it as well.
            lines = {_line_window(line_starts, offset, text) for offset in buf.char_offsets(twins)}
            found.update((entry, line) for entry in self.regex_entries if entry not in disabled
                         and self.patterns[entry].required is not None and not self.patterns[entry].case_sensitive
                         for line in lines)
        windows.extend(sorted(found))
        return windows

    def crosses(self, text: str, cut: int) -> bool:
        """Whether a match of ``find(text)`` runs across ``cut``, a line start (where a window may end): decided on
        the automaton's phrase hits first, and with :meth:`find` only when one of them crosses. Every match of a
        phrase is such a hit (a plural's included), and a regex entry matches within one line, so a cut that no
        hit crosses is crossed by no match; the hits cost a fraction of the whole search (contexts, regexes)."""
        buf = TextBuffer(text)
        hits, _ = self.scanner.scan(buf, self.disabled)
        if not hits:
            return False
        byte_starts, byte_ends, _ = zip(*hits)
        if not any(start < cut < end for start, end in zip(buf.char_offsets(byte_starts), buf.char_offsets(byte_ends))):
            return False
        return any(match.start < cut < match.end for match in self.find(text, buf=buf))

    def find(self, text: str, segmentation: "Segmentation | None" = None,
             buf: TextBuffer | None = None, *, notes: list[str] | None = None, doc: str = "<text>",
             barriers: Sequence[int] = (), overlapping: bool = False) -> list[Match]:
        """Leftmost-longest, non-overlapping matches in ``text``.

        ``segmentation`` gives sentences (for ``when``/``unless``) and lines; ``buf`` is the text's prepared
        bytes. Both are made here when the caller does not already have them. An entry whose regexes run out
        of time is disabled and a note ``file:line: entry ID: regex took more than N s on DOC:LINE; …`` is
        appended to ``notes`` (``doc`` names the document). ``barriers`` (sorted offsets: where the units of a
        bilingual document start) are never inside a match: a phrase does not run from one unit into the next.
        With ``overlapping``, every match is kept, overlapping or not (to know which phrases occur at all).
        """
        if buf is None:
            buf = TextBuffer(text)
        if segmentation is None:
            from .segment import Segmentation

            segmentation = Segmentation(text, buf)
        searches = _Searches(self, text, segmentation, notes, doc)
        byte_hits, literal_hits = self.scanner.scan(buf, self.disabled)
        candidates: list[tuple[int, int, int]] = []
        if byte_hits:
            byte_starts, byte_ends, entries = zip(*byte_hits)
            candidates.extend(zip(buf.char_offsets(byte_starts), buf.char_offsets(byte_ends), entries))
        windows = self._regex_windows(text, buf, segmentation, literal_hits)
        first = 0
        while first < len(windows):  # the lines of one entry in a row are searched in one go
            entry = windows[first][0]
            last = first + 1
            while last < len(windows) and windows[last][0] == entry:
                last += 1
            candidates.extend(searches.regex_matches(entry, [line for _, line in windows[first:last]]))
            first = last
        if not candidates:
            return []
        # Leftmost first, then longest, then glossary order.
        candidates.sort(key=lambda c: (c[0], c[0] - c[1], c[2]))
        matches = []
        last_end = -1
        disabled = self.disabled
        for start, end, entry in candidates:
            if (start < last_end and not overlapping) or entry in disabled:
                continue
            if barriers:
                i = bisect.bisect_right(barriers, start)
                if i < len(barriers) and barriers[i] < end:
                    continue  # across the start of the next unit
            if entry in self.context_entries and not searches.context_ok(entry, start):
                continue
            matches.append(Match(start, end, entry))
            last_end = end
        return matches


class _Searches:
    """The regex searches of one :meth:`Matcher.find` call: in time budgets, contexts judged once per sentence."""

    def __init__(self, matcher: Matcher, text: str, segmentation, notes: list[str] | None, doc: str):
        self.matcher = matcher
        self.text = text
        self.segmentation = segmentation
        self.notes = notes
        self.doc = doc
        self.budget = RegexBudget(len(text))
        self.sentence: tuple[int, int] | None = None
        self.sentence_text = ""
        self.verdicts: dict[int, bool] = {}  # entry -> context verdict in self.sentence

    def regex_matches(self, entry: int, lines: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
        """(start, end, entry) of every non-empty match of ``entry``'s regex in each ``text[start:end]`` of
        ``lines`` (each a line, searched as a string of its own so that ^ and $ work whatever the line endings).

        The lines are searched within one charge of the entry's time budget, each search given what is left of
        it (a call per line cost more than most searches); when the budget runs out, the entry is disabled at
        the line being searched and the matches found before it are kept."""
        if entry in self.matcher.disabled:
            return []
        text = self.text
        compiled = self.matcher.patterns[entry].compiled_regex
        anchored = entry in self.matcher.anchored
        found: list[tuple[int, int, int]] = []
        searched = 0  # lines done

        def search(left: float) -> None:
            nonlocal searched
            clock = time.perf_counter
            began = clock()
            for start, end in lines[searched:]:
                remaining = left - (clock() - began)
                if remaining <= 0:
                    raise TimeoutError
                line = text[start:end]
                if anchored:
                    match = compiled.match(line, timeout=remaining)
                    spans = [match.span()] if match else ()
                else:
                    spans = [m.span() for m in compiled.finditer(line, timeout=remaining)]
                found.extend((start + s, start + e, entry) for s, e in spans if e > s)
                searched += 1

        try:
            self.budget.run(entry, search)
        except TimeoutError:
            self._disable(entry, "regex", lines[searched][0])
        return found

    def context_ok(self, entry: int, offset: int) -> bool:
        """Whether the sentence around ``offset`` satisfies ``entry``'s ``when`` and ``unless``."""
        sentence = self.segmentation.sentence_at(offset)
        if sentence != self.sentence:
            # Candidates come in text order, so each sentence is cut out once.
            self.sentence = sentence
            self.sentence_text = self.text[sentence[0]:sentence[1]]
            self.verdicts = {}
        verdict = self.verdicts.get(entry)
        if verdict is None:
            verdict = self.verdicts[entry] = self._judge(entry, offset)
        return verdict

    def _judge(self, entry: int, offset: int) -> bool:
        pattern = self.matcher.patterns[entry]
        for what, compiled, wanted in (("'when' regex", pattern.compiled_when, True),
                                       ("'unless' regex", pattern.compiled_unless, False)):
            if compiled is None:
                continue
            try:
                found = self.budget.run(
                    entry, lambda left, compiled=compiled: compiled.search(self.sentence_text, timeout=left))
            except TimeoutError:
                self._disable(entry, what, offset)
                return False
            if (found is not None) != wanted:
                return False
        return True

    def _disable(self, entry: int, what: str, offset: int) -> None:
        timeout = RegexTimeout(entry, self.matcher.patterns[entry].name or f"entry {entry + 1}", what,
                               self.budget.seconds, self.doc, self.segmentation.line_col(offset)[0])
        self.matcher.disabled.add(entry)
        self.matcher.timeouts.append(timeout)
        if self.notes is not None:
            self.notes.append(str(timeout))


@dataclass(frozen=True, slots=True)
class RegexTimeout:
    """An entry whose regex (``what``: "regex", "'when' regex", "'unless' regex") ran out of time."""

    entry: int
    name: str  # "file:line: entry ID"
    what: str
    seconds: float
    doc: str
    line: int

    @property
    def reason(self) -> str:
        return f"{self.what} took more than {self.seconds:.1f} s"

    def __str__(self) -> str:
        return f"{self.name}: {self.reason} on {self.doc}:{self.line}; disabled for the rest of this run"


def required_literal(regex: str, case_sensitive: bool) -> tuple[bytes, ...] | None:
    """Literals of which every match of ``regex`` contains one, as folded bytes, or None when unknown.

    The longest run of literal characters at the top level; failing that, one run per alternative of a
    top-level alternation. Only characters that fold the same in text and pattern qualify: ASCII letters,
    digits, punctuation other than the hyphen, single spaces, and non-ASCII characters without case that are
    neither white space nor a hyphen (``©``, ``…``, Chinese). Runs shorter than three characters are not worth
    it, unless they hold a non-ASCII character (``©`` is rare enough on its own).
    """
    BRANCH, LITERAL, SUBPATTERN = OPCODES.BRANCH, OPCODES.LITERAL, OPCODES.SUBPATTERN
    items = parse_regex(regex)
    if items is None or (case_sensitive and ignores_case(regex)):
        return None  # (a case-sensitive entry whose regex says (?i): its literals may come in any case)

    def leads(alternatives) -> list[str] | None:
        """The literal text each alternative starts with; None when one starts with something else."""
        found = []
        for alternative in alternatives:
            lead = []
            for op, value in alternative:
                if op != LITERAL or not _folds_as_itself(chr(value), case_sensitive):
                    break
                lead.append(chr(value))
            if not lead:
                return None
            found.append("".join(lead))
        return found

    def following_leads(op, value) -> list[str] | None:
        """The leads of a group or alternation that comes right after a run of literals (no quantifier, no flags)."""
        if op == BRANCH:
            return leads(value[1])
        if op == SUBPATTERN and not value[1] and not value[2]:
            inner = list(value[-1])
            return leads(inner[0][1][1]) if len(inner) == 1 and inner[0][0] == BRANCH else leads([inner])
        return None

    def longest_run(seq) -> set[str]:
        """The longest run of literal characters (the first of equals), or that run joined to each alternative
        of a group right after it (``Read (?:more|the full …)``: "Read more", "Read the full"): each contains the
        run, so no more lines hold one than hold the run ("read" alone is a common word, and every line
        holding a required literal is searched with the regex). Empty when there is no run."""
        best, best_joined, run = "", None, []
        for op, value in list(seq) + [(None, None)]:
            if op == LITERAL and _folds_as_itself(chr(value), case_sensitive):
                run.append(chr(value))
                continue
            text = "".join(run)
            candidate = text.strip()
            if "  " not in candidate and len(candidate) > len(best):
                following = following_leads(op, value) if candidate else None
                joined = {(text + lead).strip() for lead in following} if following else None
                best, best_joined = candidate, joined if joined and all("  " not in j for j in joined) else None
            run = []
        return best_joined or ({best} if best else set())

    def required(seq) -> set[str] | None:
        found = longest_run(seq)
        best = min(found, key=len) if found else ""
        if found and not best.isascii():
            return found
        # Every item of a sequence must match, so any one item's literals will do: take the set whose
        # shortest literal is longest (the rarest, so the fewest lines to run the regex on), the longest run
        # of literals or a group's ("praise|good review" beats the "rate" of "(?:praise|good review) rate",
        # which "corporate" and "separate" hold too).
        best_set: set[str] | None = found if len(best) >= 3 else None
        for op, value in seq:
            if op == SUBPATTERN:
                if case_sensitive and value[1] & IGNORECASE:
                    continue  # a (?i:...) group of a case-sensitive entry: its literals may come in any case
                found = required(value[-1])
            elif op == BRANCH:
                per_branch = [required(branch) for branch in value[1]]
                found = set().union(*per_branch) if all(per_branch) else None
            else:
                continue
            if found and (best_set is None or min(map(len, found)) > min(map(len, best_set))):
                best_set = found
        return best_set

    literals = required(items)
    if not literals:
        return None
    return tuple(sorted(_fold_key(literal, case_sensitive) for literal in literals))


def _starts_at_line_start(regex: str) -> bool:
    """Whether every match of ``regex`` (compiled with MULTILINE) starts at ``^`` or ``\\A``: in a window of
    one line, only at its start."""
    items = parse_regex(regex)
    return bool(items) and items[0][0] == OPCODES.AT and items[0][1] in (OPCODES.AT_BEGINNING,
                                                                        OPCODES.AT_BEGINNING_STRING)


def _folds_as_itself(char: str, case_sensitive: bool) -> bool:
    """Whether ``char`` in a regex is found as itself in the folded text (see tqa/textbuf.py)."""
    if char.isascii():
        return char.isalnum() or char == " " or (char.isprintable() and not char.isspace() and char != "-")
    if char.isspace() or char in "\u2010\u2011\ufe63\uff0d":
        return False
    return case_sensitive or char.lower() == char.upper() == char.casefold() == char


def _line_window(line_starts: list[int], offset: int, text: str) -> tuple[int, int]:
    """Start and end of the line holding ``offset``, without its line break."""
    line = bisect.bisect_right(line_starts, offset)
    return _line_content(line_starts, line - 1, text)


def _line_content(line_starts: list[int], index: int, text: str) -> tuple[int, int]:
    start = line_starts[index]
    end = line_starts[index + 1] if index + 1 < len(line_starts) else len(text)
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    return start, end


def _all_lines(line_starts: list[int], text: str) -> list[tuple[int, int]]:
    """Every non-empty line, without its line break."""
    lines = (_line_content(line_starts, i, text) for i in range(len(line_starts)))
    return [(start, end) for start, end in lines if end > start]
