"""Human-readable output: one finding a line (``file:line:col  severity  category  "text" → fix  (rule)``),
the sentence with the span marked, what is wrong, then a summary table.

Everything printed goes through :func:`~tqa.report.display`, so that a document or a file name cannot send
escape sequences to the terminal.
"""

from __future__ import annotations

import re
from typing import TextIO

from ..model import DocumentResult, Finding, Severity
from ..scoring import CorpusScore
from ..segment import Segmentation
from . import action, display
from .tables import summary_frame

_COLORS = {Severity.MINOR: "\033[36m", Severity.MAJOR: "\033[33m", Severity.CRITICAL: "\033[1;31m"}
_RESET = "\033[0m"
_DIM = "\033[2m"
_SPACES = re.compile(r"\s+")
CONTEXT = 70  # characters of the sentence shown on each side of a span


def one_line(text: str) -> str:
    return display(_SPACES.sub(" ", text))


def visible(text: str) -> str:
    """A span as shown in a report line: quoted, on one line; white space alone is described; the empty span
    of a finding about the whole document is "(document)"."""
    if not text:
        return "(document)"
    if not text.strip():
        return f"({len(text)} space{'s' if len(text) != 1 else ''})" if set(text) == {" "} else repr(text)
    return f'"{one_line(text)}"'


def fix_label(finding: Finding) -> str:
    """The suggestion, or what to do when there is none."""
    if finding.suggestion:
        return visible(finding.suggestion) if not finding.suggestion.strip() else finding.suggestion
    return f"({action(finding)})"


class TextRenderer:
    def __init__(self, stream: TextIO, info, *, color: bool = False):
        self.stream = stream
        self.info = info
        self.color = color
        self.rows: list[dict] = []
        self.metrics: list[tuple[str, dict]] = []

    def begin(self) -> None:
        pass

    def _paint(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def document(self, result: DocumentResult) -> None:
        self.rows.append(result.summary_row())
        if result.metrics:
            self.metrics.append((result.doc, result.metrics))
        if not result.findings:
            return
        segmentation = Segmentation(result.text)
        write = self.stream.write
        doc = display(result.doc)
        for finding in result.findings:
            sev = f"{str(finding.severity):<8}"
            write(f"{doc}:{finding.line}:{finding.column}  {self._paint(sev, _COLORS[finding.severity])}  "
                  f"{finding.category}  {visible(finding.text)} → {fix_label(finding)}  ({finding.rule})\n")
            if finding.end > finding.start:
                write(f"    {self._sentence(result.text, segmentation, finding)}\n")
            if finding.message:
                write(f"    {self._paint('= ' + one_line(finding.message), _DIM)}\n")

    def _sentence(self, text: str, segmentation: Segmentation, finding: Finding) -> str:
        start, end = segmentation.span(segmentation.index_at(finding.start))
        start, end = min(start, finding.start), max(end, finding.end)
        # Only the context shown is sliced, so a long sentence costs no more than a short one.
        left = text[max(start, finding.start - CONTEXT - 1):finding.start]
        right = text[finding.end:min(end, finding.end + CONTEXT + 1)]
        if len(left) > CONTEXT:
            left = "…" + left[-CONTEXT:]
        if len(right) > CONTEXT:
            right = right[:CONTEXT] + "…"
        span = one_line(finding.text)
        marked = self._paint(span, "\033[4m" + _COLORS[finding.severity]) if self.color else f"[[{span}]]"
        return one_line(left) + marked + one_line(right)

    def end(self, corpus: CorpusScore) -> None:
        write = self.stream.write
        if self.rows and any(r["findings"] for r in self.rows):
            write("\n")
        frame = summary_frame(self.rows, corpus)
        frame["doc"] = frame["doc"].map(display)
        # What only means something per document (its language, its encoding) is blank for the total, and
        # for a document too short to tell its language: never "NaN".
        for column in ("lang", "lang_prob", "encoding"):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
        if len(frame):
            write(frame.to_string(index=False) + "\n")
        findings = sum(r["findings"] for r in self.rows)
        write(f"\nscore {corpus.score:.1f}  (penalty {corpus.penalty:g} over {corpus.words:,} words, "
              f"{corpus.penalty_per_kword:.1f} per 1,000 words; {findings} finding{'s' if findings != 1 else ''} "
              f"in {corpus.documents} document{'s' if corpus.documents != 1 else ''})\n")
        write(self._paint(f"signature: {self.info.signature()}", _DIM) + "\n")
        for doc, metrics in self.metrics:
            write(f"\n{display(doc)} against the reference{'s' if len(self.info.extra.get('references', ())) > 1 else ''} "
                  f"{', '.join(self.info.extra.get('references', ()))}:\n")
            for metric in metrics.values():
                write(f"  {metric.text}\n")
                write(self._paint(f"    signature: {metric.signature}", _DIM) + "\n")
