"""Punctuation and typography: errors MT leaves behind that a glossary cannot list.

* a left single quotation mark used as an apostrophe (``Taiwan‘s`` → ``Taiwan’s``);
* full-width Chinese punctuation inside English text (``，。：；！？（）`` → ``, . : ; ! ? ( )``);
* white space before ``, . ; : ? !``;
* a doubled word (``the the``);
* doubled spaces between words;
* quotation marks and brackets never closed within a few lines, or closing nothing.

Every rule finds its candidates with a fast byte search first (memchr, one automaton, numpy) and only then
looks at them with a regex: a regex scan of the whole text per rule would cost far more.

Curly quotes (“ ” ‘ ’) are correct English typography and are left alone. All findings are
``Fluency/Punctuation`` minor, which the score weighs 0.1.
"""

from __future__ import annotations

import bisect
import re
from collections import deque
from functools import lru_cache
from typing import Iterable

import ahocorasick_rs

from .base import Check, CheckPart
from ..model import Finding, Severity
from ..rules import Rule, check_rule
from ..scripts import CJK_LETTER, CJK_RUN
from ..segment import LINE_BREAK
from ..lazyre import lazy_compile

CATEGORY = "Fluency/Punctuation"
#: The rules whose suggestion tqa fix applies (an unbalanced mark needs a human to say where its partner goes).
_AUTOFIX = {f"punctuation.{name}" for name in ("apostrophe", "fullwidth", "space-before", "doubled-word",
                                                "doubled-space")}

_APOSTROPHE = lazy_compile(r"\w+‘\w+")
# Full-width punctuation → its English form; a space is added after it when a letter or digit follows.
_FULLWIDTH = {
    "，": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")",
    "、": ",", "＂": '"', "＇": "'", "「": '"', "」": '"', "『": '"', "』": '"', "【": "[", "】": "]",
    "《": '"', "》": '"',
}
_FULLWIDTH_RUN = lazy_compile("[" + "".join(_FULLWIDTH) + "]")
_SPACE_BEFORE = lazy_compile(r"(?<=\w)[^\S\r\n]+([,.;:?!])(?=[\s\"'”’)\]]|$)", re.MULTILINE)
# A word and its repetitions ("the the", or a neural-MT loop "very very very very"): fixed in one edit.
_DOUBLED_WORD = lazy_compile(r"\b(\w+)(?:[^\S\r\n]+(\1)\b)+", re.IGNORECASE)
# Repetitions that are grammatical or idiomatic English ("that that", "had had", "bye bye").
_DOUBLING_ALLOWED = {"that", "had", "bye", "so", "very", "no", "ha", "hip", "knock", "chop", "tsk", "boo",
                     "la", "cha", "yum", "aye", "tut", "din", "ding", "dum", "pooh", "ta", "wah", "pom", "xo"}
_PAIRS = {"“": "”", "(": ")", "[": "]", "「": "」", "（": "）", "《": "》"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_CARRY_LINES = 5
_LIST_MARKER = lazy_compile(r"[ \t]*\(?[0-9A-Za-z]{1,3}\)")


#: What each rule flags and what it leaves alone, shown by ``tqa rule CODE`` and run as tests
#: (tests/test_rule_examples.py): (bad|good, source, target); the check reads the target alone. Lines of the seed
#: article and of the WMT22 zh-en test set (a system's output or a human reference), cut to the part that matters.
EXAMPLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "punctuation.apostrophe": (
        ("bad", "", "Taiwan‘s “Free Finance” reported on Feb. 5"),  # the seed, line 6
        ("bad", "", "Why didn‘t the person call the police"),  # WMT22 line 86, ref B
        ("good", "", "“Free Finance” reported on Feb. 5 that China’s large Internet has a huge amount of personal "
                     "information"),  # the seed, line 6: curly quotes and the apostrophe ’
    ),
    "punctuation.fullwidth": (
        ("bad", "", "Delivery site："),  # WMT22 line 156, Online-G
        ("bad", "", "【Environment】Overall fine."),  # WMT22 line 1609, Online-A
        # WMT22 line 1395, Online-Y: the comma belongs to the Chinese left in (the language check's finding)
        ("good", "", "I'm at #ADDRESS #，美新里那个分店"),
    ),
    "punctuation.space-before": (
        ("bad", "", "What is the hottest in 2021 ?"),  # WMT22 line 496, LanguageX
        ("good", "", "the casserole of the casserole rice is cracked ..."),  # WMT22 line 795, LanguageX: an ellipsis
    ),
    "punctuation.doubled-word": (
        ("bad", "", "Well wall wall module mechanical automatic control"),  # WMT22 line 150, Online-W
        ("bad", "", "Materials of beauty beauty soup:"),  # WMT22 line 224, AISP-SJTU
        ("good", "", "Han Han is super talented in insulting the audience."),  # WMT22 line 72, ref A: a name
    ),
    "punctuation.doubled-space": (
        ("bad", "", "When I came to the store, they started  a series of tricks."),  # WMT22 line 1527, Lan-Bridge
        # tests/test_check_punctuation.py: an indented paragraph (spaces before its first word, not between words)
        ("good", "", "    The rules apply to all platforms."),
    ),
    "punctuation.unbalanced": (
        ("bad", "", "Nine songs chart [genuine books Lightning delivery"),  # WMT22 line 1680, Online-W
        # WMT22 line 106, ref A: a list marker, not a closing bracket
        ("good", "", "1) Refer to our Ali Want slogan for our cooperating delivery companies!"),
    ),
}


class PunctuationCheck(Check):
    name = "punctuation"
    description = "apostrophes, full-width punctuation, spaces before punctuation, doubled words and spaces, unbalanced quotes and brackets"

    def rules(self, glossary) -> dict[str, Rule]:
        return {code: check_rule(code, self.name, summary, CATEGORY, Severity.MINOR, autofix=code in _AUTOFIX,
                                 examples=EXAMPLES.get(code, ()))
                for code, summary in (
                    ("punctuation.apostrophe", "a left quotation mark (‘) used as an apostrophe"),
                    ("punctuation.fullwidth", "full-width Chinese punctuation in English text"),
                    ("punctuation.space-before", "white space before , . ; : ? !"),
                    ("punctuation.doubled-word", "a word written twice in a row"),
                    ("punctuation.doubled-space", "two or more spaces between words"),
                    ("punctuation.unbalanced", "a quotation mark or bracket never closed, or closing nothing"),
                )}

    def run(self, ctx) -> Iterable[Finding]:
        found = self._local(ctx)
        found.extend(self._unbalanced(ctx, ctx.text))
        return found

    def window_parts(self):
        # Only the balance of quotation marks and brackets carries from one window to the next: the other rules
        # read the window alone, and a pool runs them in its workers (tqa.parallel).
        # The marks to follow are found with the other rules (a window's worker leaves them in ctx.prepared).
        return CheckPart(self, self._local_and_marks), CheckPart(self, lambda ctx: list(self._unbalanced(ctx, ctx.text)))

    def _local_and_marks(self, ctx) -> list[Finding]:
        found = self._local(ctx)
        ctx.prepared[self.name] = _mark_offsets(ctx.buffer, ctx.segmentation.line_starts)
        return found

    def _local(self, ctx) -> list[Finding]:
        """The findings of every rule but the balance of quotation marks and brackets, in rule order."""
        # Every rule first finds its candidates with a fast byte search (memchr, one automaton, numpy) and
        # only then looks at them with a regex: a regex scan of the whole text per rule costs far more.
        text = ctx.text
        buf = ctx.buffer
        raw = buf.raw
        found: list[Finding] = []

        def add(start: int, end: int, rule: str, suggestion: str, message: str, autofix: bool = True) -> None:
            found.append(ctx.finding(start, end, rule=f"punctuation.{rule}", check=self.name, category=CATEGORY,
                                     severity=Severity.MINOR, suggestion=suggestion, message=message,
                                     autofix=autofix))

        if b"\xe2\x80\x98" in raw:  # ‘
            for start, end in _apostrophes(text):
                add(start, end, "apostrophe", text[start:end].replace("‘", "’"),
                    "a left quotation mark (‘) is used as an apostrophe; use ’")
        if not buf.ascii:
            fullwidth = _fullwidth_offsets(buf)
            if fullwidth:
                self._fullwidth(ctx, add, fullwidth)
        for start in _space_before_offsets(buf):
            # The hit is " ," in folded bytes; it maps to the first white-space character of the run.
            m = _SPACE_BEFORE.match(text, start)
            if m is not None:
                add(m.start(), m.end(), "space-before", m.group(1), f"no space before {m.group(1)!r}")
        for start, end, word in _doubled_words(text, buf):
            add(start, end, "doubled-word", word, f"the word {word!r} is doubled")
        for start, end in _space_runs(buf):
            if start and end < len(text) and not text[start - 1].isspace() and not text[end].isspace():
                add(start, end, "doubled-space", " ", "two or more spaces between words")
        return found

    def _fullwidth(self, ctx, add, offsets: list[int]) -> None:
        text = ctx.text
        seg = ctx.segmentation
        runs: dict[tuple[int, int], list[int]] = {}  # line -> [start, end, start, end, …] of its CJK runs
        for start in offsets:
            line = seg.line_span(start)
            if line not in runs:
                runs[line] = ([offset for r in CJK_RUN.finditer(text, *line) for offset in r.span()]
                              if CJK_LETTER.search(text, *line) else [])
            if bisect.bisect_right(runs[line], start) % 2:
                continue  # part of Chinese left in the text: the language check reports the whole run
            char = text[start]
            english = _FULLWIDTH[char]
            after = text[start + 1:start + 2]
            if char not in "（「『【《＂＇" and after and after.isalnum():
                english += " "
            before = text[start - 1:start] if start else ""
            if char == "（" and before and before.isalnum():
                english = " " + english
            add(start, start + 1, "fullwidth", english,
                f"full-width Chinese punctuation {char!r} in English text; use {english.strip()!r}")

    def _unbalanced(self, ctx, text: str) -> Iterable[Finding]:
        """Quotes and brackets that are never closed (or close nothing).

        Quotations and parentheses may run over a few lines (a segment a line, or a quotation over several
        paragraphs), so an opening mark stays open for ``_CARRY_LINES`` lines before it is reported. A list
        marker such as "1)" or "a)" at the start of a line is not a closing bracket. In a long document
        analysed in windows, the marks still open at the end of a window are carried to the next one, and
        whether a mark of this window is ever closed is decided by reading on into the next lines.
        """
        balance = ctx.carry.get(self.name)
        if balance is None:
            balance = ctx.carry[self.name] = _Balance()
        line_starts = ctx.segmentation.line_starts
        marks = ctx.prepared.pop(self.name, None) or _mark_offsets(ctx.buffer, line_starts)
        reports: list[tuple[int, str, str]] = []  # (offset in the document, mark, message)
        # The straight quotes first: a bracket fed before a quote that closes the quote opened in an earlier
        # window must not expire that one. Fed after them, a bracket expires only the last one left open, and
        # only when it comes more than _CARRY_LINES lines after it, as it would in order.
        balance.feed_straight(marks.straight, marks.straight_lines, ctx.offset, ctx.line_offset, reports)
        balance.feed_all(text, marks.positions, marks.lines, line_starts, ctx.offset, ctx.line_offset, reports)
        if marks.last_line:
            # The marks left out of the feeding above (see _mark_offsets) would have expired older ones on
            # their way; feeding the last of them would have expired these.
            balance.expire(marks.last_line + ctx.line_offset, reports)
        carried = balance.copy()
        if ctx.last_window:
            balance.close(reports)
        elif balance.holds_before(ctx.offset + len(text)):
            _read_on(balance, ctx, reports)
        ctx.carry[self.name] = carried
        for offset, char, message in sorted(reports):
            offset -= ctx.offset
            if 0 <= offset < len(text):  # the marks of later windows are reported there
                yield ctx.finding(offset, offset + 1, rule="punctuation.unbalanced", check=self.name,
                                  category=CATEGORY, severity=Severity.MINOR, suggestion="",
                                  message=message + "; add or remove the mark", autofix=False)


class _Balance:
    """The open quotation marks and brackets, in document coordinates: a stack of (mark, offset, line) and
    the open straight double quote."""

    def __init__(self):
        self.stack: deque[tuple[str, int, int]] = deque()
        self.straight: tuple[int, int] | None = None

    def copy(self) -> "_Balance":
        other = _Balance()
        other.stack = deque(self.stack)
        other.straight = self.straight
        return other

    def holds_before(self, offset: int) -> bool:
        """Whether a mark before ``offset`` is still open."""
        return any(o < offset for _, o, _ in self.stack) or (self.straight is not None and self.straight[0] < offset)

    def feed(self, char: str, offset: int, line: int, reports: list, list_marker: bool = False) -> None:
        """One mark at ``offset`` on ``line``; ``list_marker``: a ")" that ends a list marker ("1)")."""
        self.expire(line, reports)
        if char == '"':
            self.straight = (offset, line) if self.straight is None else None
        elif char in _PAIRS:
            self.stack.append((char, offset, line))
        elif self.stack and self.stack[-1][0] == _CLOSERS[char]:
            self.stack.pop()
        elif not list_marker:
            reports.append((offset, char, f"{char!r} closes nothing opened before it"))

    def feed_all(self, text: str, positions: list[int], lines: list[int], line_starts: list[int], offset: int,
                 line_offset: int, reports: list) -> None:
        """:meth:`feed` each mark ``text[p]`` at ``positions`` on ``lines`` (1-based, of the window), in
        document coordinates (``offset``, ``line_offset``); one loop, with the stack in a local, because a
        long document has hundreds of thousands of marks. Whether a ")" ends a list marker is asked only when
        it closes nothing."""
        stack = self.stack
        last = None
        for start, line in zip(positions, lines):
            if line != last:  # within a line nothing more expires
                self.expire(line + line_offset, reports)
                last = line
            char = text[start]
            if char == '"':
                self.straight = (start + offset, line + line_offset) if self.straight is None else None
            elif char in _PAIRS:
                stack.append((char, start + offset, line + line_offset))
            elif stack and stack[-1][0] == _CLOSERS[char]:
                stack.pop()
            elif not (char == ")" and _is_list_marker(text, line_starts[line - 1], start)):
                reports.append((start + offset, char, f"{char!r} closes nothing opened before it"))

    def feed_straight(self, positions: list[int], lines: list[int], offset: int, line_offset: int,
                      reports: list) -> None:
        """:meth:`feed` the straight quotes at ``positions`` on ``lines`` (as :meth:`feed_all` takes them),
        apart from the brackets: neither changes what the other does. A quote opened more than
        ``_CARRY_LINES`` lines before the next one is expired by the time that one is fed (by it, or by a
        bracket on a line between), so the quotes alone decide which are never closed."""
        straight = self.straight
        for start, line in zip(positions, lines):
            line += line_offset
            if straight is None:
                straight = (start + offset, line)
            elif line - straight[1] > _CARRY_LINES:
                reports.append((straight[0], '"', '" is never closed'))
                straight = (start + offset, line)
            else:
                straight = None
        self.straight = straight

    def expire(self, line: int, reports: list) -> None:
        """Report the marks opened more than ``_CARRY_LINES`` lines before ``line``."""
        while self.stack and line - self.stack[0][2] > _CARRY_LINES:
            mark, offset, _ = self.stack.popleft()
            reports.append((offset, mark, f"{mark!r} is never closed"))
        if self.straight is not None and line - self.straight[1] > _CARRY_LINES:
            reports.append((self.straight[0], '"', '" is never closed'))
            self.straight = None

    def close(self, reports: list) -> None:
        """The end of the document: every mark still open is never closed."""
        if self.straight is not None:
            reports.append((self.straight[0], '"', '" is never closed'))
        reports.extend((offset, mark, f"{mark!r} is never closed") for mark, offset, _ in self.stack)
        self.stack.clear()
        self.straight = None


_MARK_CHARS = lazy_compile('[()\\[\\]"“”「」（）《》]')


def _read_on(balance: _Balance, ctx, reports: list) -> None:
    """Follow the marks of the lines after the window (at most ``_CARRY_LINES`` more lines than the last
    open mark needs), so that the fate of this window's open marks is known. Works on a copy."""
    full = ctx.full_text
    base = ctx.text_start  # full_text[i] is the document's character base + i
    position = ctx.offset + len(ctx.text) - base
    line = ctx.line_offset + ctx.segmentation.line_col(len(ctx.text))[0]
    line_start = position
    while position < len(full) and balance.holds_before(ctx.offset + len(ctx.text)):
        m = LINE_BREAK.search(full, position)
        line_end = m.start() if m else len(full)
        for mark in _MARK_CHARS.finditer(full, position, line_end):
            char = mark.group()
            listed = char == ")" and _is_list_marker(full, line_start, mark.start())
            balance.feed(char, mark.start() + base, line, reports, listed)
        if m is None:
            position = len(full)
            break
        position = line_start = m.end()
        line += 1
        balance.expire(line, reports)
    if position >= len(full):
        balance.close(reports)  # the document ended with marks of this window still open


_SPACE_BEFORE_BYTES = ahocorasick_rs.BytesAhoCorasick([b" " + c for c in (b",", b".", b";", b":", b"?", b"!")])
_SPACES = lazy_compile("  +")
# UTF-8 of the marks the balance test follows: ASCII ( ) [ ] " and “ ” 「 」 （ ） 《 》.
_MARK_SEQUENCES = {
    b"\xe2\x80\x9c": "“", b"\xe2\x80\x9d": "”", b"\xe3\x80\x8c": "「", b"\xe3\x80\x8d": "」",
    b"\xef\xbc\x88": "（", b"\xef\xbc\x89": "）", b"\xe3\x80\x8a": "《", b"\xe3\x80\x8b": "》",
}


def _is_list_marker(text: str, line_start: int, offset: int) -> bool:
    """Whether the ")" at ``offset`` ends a list marker such as "1)" or "(a)" that starts its line."""
    m = _LIST_MARKER.match(text, line_start)
    return m is not None and m.end() == offset + 1


def _space_before_offsets(buf) -> list[int]:
    """Character offsets of every space of the folded bytes followed by one of , . ; : ? ! (the candidates of
    ``_SPACE_BEFORE``): from the folded text's spaces on a long text (tqa.checks.bytescan), else by automaton."""
    if buf.small:
        return _char_offsets(buf, _SPACE_BEFORE_BYTES)
    from .bytescan import after_spaces, folded_spaces

    spaces = folded_spaces(buf)
    hits = spaces[_punctuation_table()[after_spaces(buf)]]
    if not len(hits):
        return []
    starts, _ = buf.uncollapse(hits, hits + 1)
    return buf.to_chars(starts).tolist()


@lru_cache(maxsize=1)
def _punctuation_table():
    """True for the bytes of , . ; : ? ! (numpy, made on first use)."""
    import numpy as np

    table = np.zeros(256, dtype=bool)
    table[list(b",.;:?!")] = True
    return table


def _char_offsets(buf, automaton) -> list[int]:
    """Character offsets in the text of every hit of ``automaton`` in the folded bytes."""
    hits = automaton.find_matches_as_indexes(buf.folded(True), overlapping=True)
    if not hits:
        return []
    starts = [h[1] for h in hits]
    starts, _ = buf.raw_spans(starts, [start + 1 for start in starts])
    return buf.char_offsets(starts)


_MARKS = lazy_compile("[][()\"" + "".join(_MARK_SEQUENCES.values()) + "]")


class _Marks:
    """The quotation marks and brackets the balance test follows in a text: ``positions`` (character offsets)
    and ``lines`` (1-based) of the marks to feed in order, the straight quotes to feed apart (``straight``,
    ``straight_lines``: on a long text), and the line of the text's last mark (0: none). A plain class: a
    dataclass would cost the start-up of every run a fraction of a millisecond."""

    __slots__ = ("positions", "lines", "straight", "straight_lines", "last_line")

    def __init__(self, positions: list[int], lines: list[int], straight: list[int], straight_lines: list[int],
                 last_line: int):
        self.positions, self.lines, self.last_line = positions, lines, last_line
        self.straight, self.straight_lines = straight, straight_lines


def _mark_offsets(buf, line_starts: list[int]) -> _Marks:
    """The marks of ``buf`` the balance test must follow.

    On a long text, an opening bracket and the closing one that comes next among the brackets, on the same
    line ("(…)", "“…”", nested ones too), are left out: fed to :class:`_Balance` they push and pop and change
    nothing, and the marks their feeding would expire are expired by the next mark fed, or at the end of
    the text (the caller expires at ``last_line``). The straight quotes are fed apart from the brackets
    (:meth:`_Balance.feed_straight`)."""
    if buf.small:
        positions = [m.start() for m in _MARKS.finditer(buf.text)]
        lines = [bisect.bisect_right(line_starts, p) for p in positions]
        return _Marks(positions, lines, [], [], lines[-1] if lines else 0)
    import numpy as np

    positions, kinds = _mark_array(buf)
    if not len(positions):
        return _Marks([], [], [], [], 0)
    lines = np.searchsorted(line_starts, positions, side="right")
    straight = kinds == 0
    brackets = np.flatnonzero(~straight)
    keep = brackets[_unpaired(kinds[brackets], lines[brackets])]
    return _Marks(positions[keep].tolist(), lines[keep].tolist(), positions[straight].tolist(),
                  lines[straight].tolist(), int(lines[-1]))


def _unpaired(kinds, lines):
    """Indices of the brackets left when (``kinds`` ±1…±6: opening +k, closing -k) each opening one directly
    followed by its closing one on the same line is taken out with it, again and again until no pair is left
    (nesting)."""
    import numpy as np

    left = np.arange(len(kinds))
    while len(left) > 1:
        k, line = kinds[left], lines[left]
        pair = (k[:-1] > 0) & (k[1:] == -k[:-1]) & (line[:-1] == line[1:])
        if not pair.any():
            break
        gone = np.zeros(len(left), dtype=bool)
        gone[:-1] = pair
        gone[1:] |= pair  # pairs never overlap: a pair's second mark closes, a pair's first opens
        left = left[~gone]
    return left


# Each mark's kind for _unpaired: an opening bracket or quotation mark +k, its closing one -k, a straight quote 0.
_KINDS = {'"': 0, "“": 1, "”": -1, "(": 2, ")": -2, "[": 3, "]": -3, "「": 4, "」": -4, "（": 5, "）": -5,
          "《": 6, "》": -6}
_ASCII_KINDS = {ord(c): k for c, k in _KINDS.items() if c.isascii()}


def _mark_array(buf):
    """Character offsets (sorted) and kinds (see ``_KINDS``) of the marks, from the bytes."""
    import numpy as np

    from .bytescan import three_byte_codes

    data = buf.array
    ascii_marks = np.flatnonzero((data == 0x28) | (data == 0x29) | (data == 0x5B) | (data == 0x5D) | (data == 0x22))
    table = np.zeros(256, dtype=np.int8)
    for code, kind in _ASCII_KINDS.items():
        table[code] = kind
    if buf.ascii:
        return ascii_marks, table[data[ascii_marks]]
    leads, codes = three_byte_codes(buf)
    wanted = np.array([int.from_bytes(k, "big") for k in _MARK_SEQUENCES], dtype=np.int32)
    found = np.isin(codes, wanted)
    multi = leads[found]
    multi_kinds = np.zeros(len(multi), dtype=np.int8)
    for sequence, char in _MARK_SEQUENCES.items():
        multi_kinds[codes[found] == int.from_bytes(sequence, "big")] = _KINDS[char]
    positions = np.concatenate([ascii_marks, multi])
    kinds = np.concatenate([table[data[ascii_marks]], multi_kinds])
    order = np.argsort(positions, kind="stable")
    return buf.to_chars(positions[order]), kinds[order]


def _fullwidth_offsets(buf) -> list[int]:
    """Character offsets of the full-width marks of ``_FULLWIDTH``, in order."""
    if buf.small:
        raw = buf.raw
        if b"\xef\xbc" in raw or b"\xef\xbd" in raw or b"\xe3\x80" in raw:
            return [m.start() for m in _FULLWIDTH_RUN.finditer(buf.text)]
        return []
    import numpy as np

    from .bytescan import three_byte_codes

    leads, codes = three_byte_codes(buf)
    wanted = np.array([int.from_bytes(char.encode("utf-8"), "big") for char in _FULLWIDTH], dtype=np.int32)
    return buf.char_offsets(leads[np.isin(codes, wanted)])


def _space_runs(buf) -> list[tuple[int, int]]:
    """(start, end) of every run of two or more spaces (U+0020), as ``_SPACES.finditer`` gives them."""
    if buf.small:
        return [m.span() for m in _SPACES.finditer(buf.text)] if b"  " in buf.raw else []
    import numpy as np

    spaces = buf.array == 0x20
    pairs = np.flatnonzero(spaces[:-1] & spaces[1:])
    if not len(pairs):
        return []
    starts = pairs[(pairs == 0) | ~spaces[np.maximum(pairs - 1, 0)]]
    text = buf.text
    runs = []
    for start in buf.char_offsets(starts):
        end = start + 2
        while text.startswith(" ", end):
            end += 1
        runs.append((start, end))
    return runs


def _doubled_words(text: str, buf) -> Iterable[tuple[int, int, str]]:
    """(start, end, word) of each word written twice in a row ("the the"), with the exceptions above."""
    folded = buf.folded(False)
    doubled_starts = _small_doubled(folded) if buf.small else _doubled_starts(buf)
    if not doubled_starts:
        return
    starts, _ = buf.raw_spans(doubled_starts, [offset + 1 for offset in doubled_starts])
    last_end = -1
    for start in buf.char_offsets(starts):
        if start < last_end:
            continue  # inside a repetition already reported
        m = _DOUBLED_WORD.match(text, start)
        if m is None or (start and (text[start - 1].isalnum() or text[start - 1] == "_")):
            continue
        word = m.group(1)
        if word.lower() in _DOUBLING_ALLOWED or word.isdigit():
            continue
        if word[:1].isupper() and m.group(2)[:1].isupper():
            continue  # "Han Han", "Duran Duran": names
        if start and text[start - 1] in "-‐‑":
            continue  # "low-power power line"
        last_end = m.end()
        yield m.start(), m.end(), word


def _doubled_starts(buf) -> list[int]:
    """Offsets in the folded bytes of the first of two neighbouring tokens that may be one word written twice."""
    import numpy as np

    from .bytescan import after_spaces, folded_spaces

    folded = buf.folded(False)
    spaces = folded_spaces(buf)
    if len(spaces) < 1:
        return []
    # Tokens are the runs between single spaces of the folded text: token 0 from the start to the first
    # space, token j after space j - 1. Neighbours that start with the same byte come first (the bytes after
    # the spaces are at hand); then those of equal length that end with the same byte, or whose second is
    # one longer (it may carry punctuation: "platforms platforms,"), and whose second and middle bytes agree;
    # comparing their bytes and the regex confirm them.
    firsts = np.concatenate([[folded[0]], after_spaces(buf)])
    candidates = np.flatnonzero(firsts[:-1] == firsts[1:])
    if not len(candidates):
        return []
    bounds = np.concatenate([[-1], spaces, [len(folded)]])  # token j runs from bounds[j] + 1 to bounds[j + 1]
    a, b = bounds[candidates] + 1, bounds[candidates + 1] + 1
    size, next_size = b - 1 - a, bounds[candidates + 2] - b
    data = np.frombuffer(folded + b"\0", dtype=np.uint8)
    agree = (size > 0) & ((next_size == size) | (next_size == size + 1))
    last = len(data) - 1
    for place in (np.maximum(size - 1, 0), np.minimum(1, np.maximum(size - 1, 0)), size // 2):
        agree &= data[np.minimum(a + place, last)] == data[np.minimum(b + place, last)]
    candidates, a, b, size = candidates[agree], a[agree], b[agree], size[agree]
    next_ends = bounds[candidates + 2]
    return [start for start, end, next_start, next_end in zip(a.tolist(), (a + size).tolist(), b.tolist(),
                                                               next_ends.tolist())
            if folded[next_start:next_end].startswith(folded[start:end])]


def _small_doubled(folded: bytes) -> list[int]:
    """:func:`_doubled_starts` of a small text, over lists: the same candidates, the same test."""
    spaces = [i for i, byte in enumerate(folded) if byte == 0x20]
    if not spaces:
        return []
    starts_ = [0] + [s + 1 for s in spaces]
    ends_ = spaces + [len(folded)]
    padded = folded + b"\0"
    found = []
    for i in range(len(starts_) - 1):
        start, end, next_start, next_end = starts_[i], ends_[i], starts_[i + 1], ends_[i + 1]
        length, next_length = end - start, next_end - next_start
        if length <= 0 or padded[start] != padded[next_start]:
            continue
        same_end = length == next_length and padded[max(end - 1, 0)] == padded[max(next_end - 1, 0)]
        if (same_end or next_length == length + 1) and folded[next_start:next_end].startswith(folded[start:end]):
            found.append(start)
    return found


_WORD_CHAR = re.compile(r"\w").match


def _apostrophes(text: str) -> Iterable[tuple[int, int]]:
    """The spans ``_APOSTROPHE.finditer(text)`` gives (a word, ‘, a word), found from each ‘ outwards.

    The regex tried ``\\w+`` from every letter of every word of the text and backtracked each time: a tenth of
    a 100 MB run. Leftmost, non-overlapping matches are the word before a ‘ (from where the last match ended at
    the earliest), the mark, and the word after it."""
    size = len(text)
    last_end = 0
    position = text.find("‘")
    while position != -1:
        start = position
        while start > last_end and _WORD_CHAR(text, start - 1):
            start -= 1
        end = position + 1
        while end < size and _WORD_CHAR(text, end):
            end += 1
        if start < position and end > position + 1:
            yield start, end
            last_end = end
        position = text.find("‘", max(position + 1, last_end))
