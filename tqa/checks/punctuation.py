"""Punctuation and typography: errors MT leaves behind that a glossary cannot list.

* a left single quotation mark used as an apostrophe (``Taiwan‘s`` → ``Taiwan’s``);
* full-width Chinese punctuation inside English text (``，。：；！？（）`` → ``, . : ; ! ? ( )``);
* white space before ``, . ; : ? !``;
* a doubled word (``the the``);
* doubled spaces between words;
* quotation marks and brackets never closed within a few lines, or closing nothing.

Curly quotes (“ ” ‘ ’) are correct English typography and are left alone. All findings are
``Fluency/Punctuation`` minor, which the score weighs 0.1.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..model import Finding, Severity

CATEGORY = "Fluency/Punctuation"

_APOSTROPHE = re.compile(r"\w+‘\w+")
# Full-width punctuation → its English form; a space is added after it when a letter or digit follows.
_FULLWIDTH = {
    "，": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")",
    "、": ",", "＂": '"', "＇": "'", "「": '"', "」": '"', "『": '"', "』": '"', "【": "[", "】": "]",
    "《": '"', "》": '"',
}
_FULLWIDTH_RUN = re.compile("[" + "".join(_FULLWIDTH) + "]")
_CJK_LETTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_SPACE_BEFORE = re.compile(r"(?<=\w)[^\S\r\n]+([,.;:?!])(?=[\s\"'”’)\]]|$)", re.MULTILINE)
_DOUBLED_WORD = re.compile(r"\b(\w+)[^\S\r\n]+(\1)\b", re.IGNORECASE)
# Repetitions that are grammatical or idiomatic English ("that that", "had had", "bye bye").
_DOUBLING_ALLOWED = {"that", "had", "bye", "so", "very", "no", "ha", "hip", "knock", "chop", "tsk", "boo",
                     "la", "cha", "yum", "aye", "tut", "din", "ding", "dum", "pooh", "ta", "wah", "pom", "xo"}
_DOUBLED_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
_PAIRS = {"“": "”", "(": ")", "[": "]", "「": "」", "（": "）", "《": "》"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_CARRY_LINES = 5
_LIST_MARKER = re.compile(r"[ \t]*\(?[0-9A-Za-z]{1,3}\)")
_BRACKETS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSERS)) + '"]')


class PunctuationCheck:
    name = "punctuation"
    description = "apostrophes, full-width punctuation, spaces before punctuation, doubled words and spaces, unbalanced quotes and brackets"

    def run(self, ctx) -> Iterable[Finding]:
        text = ctx.text
        found: list[Finding] = []

        def add(start: int, end: int, rule: str, suggestion: str, message: str, autofix: bool = True) -> None:
            found.append(ctx.finding(start, end, rule=f"punctuation.{rule}", check=self.name, category=CATEGORY,
                                     severity=Severity.MINOR, suggestion=suggestion, message=message,
                                     autofix=autofix))

        raw = ctx.buffer.raw
        if b"\xe2\x80\x98" in raw:  # ‘
            for m in _APOSTROPHE.finditer(text):
                add(m.start(), m.end(), "apostrophe", m.group().replace("‘", "’"),
                    "a left quotation mark (‘) is used as an apostrophe; use ’")
        if not ctx.buffer.ascii:
            for m in _FULLWIDTH_RUN.finditer(text):
                start = m.start()
                line_start, line_end = _line_bounds(text, start)
                if _CJK_LETTER.search(text, line_start, line_end):
                    continue  # Chinese left in the text: the language check reports the whole run
                char = m.group()
                english = _FULLWIDTH[char]
                after = text[start + 1:start + 2]
                if char not in "（「『【《＂＇" and after and after.isalnum():
                    english += " "
                before = text[start - 1:start] if start else ""
                if char == "（" and before and before.isalnum():
                    english = " " + english
                add(start, start + 1, "fullwidth", english,
                    f"full-width Chinese punctuation {char!r} in English text; use {english.strip()!r}")
        for m in _SPACE_BEFORE.finditer(text):
            add(m.start(), m.end(), "space-before", m.group(1), f"no space before {m.group(1)!r}")
        for m in _DOUBLED_WORD.finditer(text):
            word = m.group(1)
            if word.lower() in _DOUBLING_ALLOWED or word.isdigit():
                continue
            if word[:1].isupper() and m.group(2)[:1].isupper():
                continue  # "Han Han", "Duran Duran": names
            if m.start() and text[m.start() - 1] in "-‐‑":
                continue  # "low-power power line"
            add(m.start(), m.end(), "doubled-word", word, f"the word {word!r} is doubled")
        if b"  " in raw:
            for m in _DOUBLED_SPACE.finditer(text):
                add(m.start(), m.end(), "doubled-space", " ", "two or more spaces between words")
        found.extend(self._unbalanced(ctx, text))
        return _without_overlaps(found)

    def _unbalanced(self, ctx, text: str) -> Iterable[Finding]:
        """Quotes and brackets that are never closed (or close nothing).

        Quotations and parentheses may run over a few lines (a segment a line, or a quotation over several
        paragraphs), so an opening mark stays open for ``_CARRY_LINES`` lines before it is reported. A list
        marker such as "1)" or "a)" at the start of a line is not a closing bracket.
        """
        stack: list[tuple[str, int, int]] = []  # (mark, offset, line number)
        straight: list[int] = []
        line_number = 0
        last_line = -1
        for m in _BRACKETS.finditer(text):
            start = m.start()
            char = m.group()
            if start >= last_line:
                line_start, line_end = _line_bounds(text, start)
                last_line = line_end
                line_number += 1
                if len(straight) % 2:
                    yield self._unbalanced_finding(ctx, straight[-1], '"', 'an odd number of " in this paragraph')
                straight = []
                while stack and line_number - stack[0][2] > _CARRY_LINES:
                    mark, offset, _ = stack.pop(0)
                    yield self._unbalanced_finding(ctx, offset, mark, f"{mark!r} is never closed")
            if char == '"':
                straight.append(start)
            elif char in _PAIRS:
                stack.append((char, start, line_number))
            elif stack and stack[-1][0] == _CLOSERS[char]:
                stack.pop()
            elif char == ")" and _LIST_MARKER.match(text, line_start, start + 1):
                continue
            else:
                yield self._unbalanced_finding(ctx, start, char, f"{char!r} closes nothing opened before it")
        if len(straight) % 2:
            yield self._unbalanced_finding(ctx, straight[-1], '"', 'an odd number of " in this paragraph')
        for mark, offset, _ in stack:
            yield self._unbalanced_finding(ctx, offset, mark, f"{mark!r} is never closed")

    def _unbalanced_finding(self, ctx, start: int, char: str, message: str) -> Finding:
        return ctx.finding(start, start + 1, rule="punctuation.unbalanced", check=self.name, category=CATEGORY,
                           severity=Severity.MINOR, suggestion="", message=message + "; add or remove the mark",
                           autofix=False)


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    end = len(text)
    for sep in "\r\n":
        i = text.find(sep, offset)
        if 0 <= i < end:
            end = i
    return start, end


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    findings.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    last_end = -1
    for finding in findings:
        if finding.start >= last_end:
            kept.append(finding)
            last_end = max(last_end, finding.end)
    return kept
