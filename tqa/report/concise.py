"""Concise: one line per finding, ``file:line:col: CODE message``, the shape of ruff's and flake8's output, for
editors that jump to ``file:line:col`` and for ``grep``.

The message is the severity, the flagged text and what to put instead, then the finding's explanation when
there is no suggestion to show what is wrong (a number, an omission)::

    seeds/000_cfa7abe2bd583fdd.txt:1:129: wechat-official-account [*] major "official micro-signal" → "official WeChat account"
    seeds/000_cfa7abe2bd583fdd.txt:12:1: residue.recent-comments [*] major "Recent Comments" → (delete)
    wmt22-tm.po:13:1: numbers.missing major source "14" → (review): the source has “14”, which the target does not [unit 星空有约丨双子座流星雨14日迎来极大-新华网]

``[*]`` marks a finding ``tqa fix`` applies, as ruff marks what ``--fix`` fixes. Line and column are the
file's: for plain text those of every other report (the JSON's ``line`` and ``column``, 1-based, in
characters); for XLIFF, TMX, PO and TSV, the line where the finding's unit starts in the file, column 1 (the
JSON's line there is the unit's place among the units), and the unit's id closes the line. Without
``--quiet`` the report ends with a count of the findings, the score and the signature. No colour unless ``--color always``: the lines are for
tools as much as for people.
"""

from __future__ import annotations

from typing import TextIO

from ..model import DocumentResult
from ..scoring import CorpusScore
from . import display
from .base import Renderer, RenderOptions
from .ci import Tally, headlined, headlined_window, one_line
from .text import _COLORS, _RESET

_BOLD = "\033[1m"


class ConciseRenderer(Renderer):
    name = "concise"
    description = "one line per finding, file:line:col: CODE message (ruff's concise format)"
    streams = True

    def __init__(self, stream: TextIO, info, options: RenderOptions = RenderOptions()):
        super().__init__(stream, info, options)
        self.tally = Tally()

    def _paint(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.options.color else text

    def document(self, result: DocumentResult) -> None:
        if result.findings:
            self._write(result.doc, headlined(result), result.findings)

    def window(self, window) -> None:
        if window.findings:
            self._write(window.doc, headlined_window(window), window.findings)

    def _write(self, doc: str, items, findings) -> None:
        doc = display(doc)
        lines, fixable_count = [], 0
        for finding, message, where, fixable, unit_line in items:
            if not finding.suggestion and finding.message:
                message += f": {one_line(finding.message)}"
            message += where
            line, column = (finding.line, finding.column) if unit_line is None else (unit_line, 1)
            lines.append(f"{self._paint(f'{doc}:{line}:{column}:', _BOLD)} "
                         f"{self._paint(display(finding.rule), _BOLD)}{' [*]' if fixable else ''} "
                         f"{self._paint(str(finding.severity), _COLORS[finding.severity])} {message}\n")
            fixable_count += fixable
        self.stream.write("".join(lines))
        self.tally.add(findings, fixable_count)

    def end(self, corpus: CorpusScore) -> None:
        if self.options.quiet:
            return
        lines = self.tally.summary(corpus, self.info)
        self.stream.write(("\n" if self.tally.findings else "") + "\n".join(lines) + "\n")
