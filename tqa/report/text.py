"""Human-readable output: one finding a line (``file:line:col  severity  category  "text" → fix  (rule)``),
the sentence with the span marked, what is wrong, then a summary table.

For a bilingual document the source is printed under the target (``source: …``), trimmed to about as many
columns as the sentence shows; a finding about the source has its span marked there, and when the units are
more than the lines of a plain text the location is the line where the unit starts in the file, and names the
unit (``file.xlf:12:1 [unit tu-12]``).

The corpus line says how many findings suppression silenced and by which layer ("3 suppressed: 2 by the
baseline, 1 by .tqaignore"), and the summary table gains a ``suppressed`` column when any was; with
``--show-suppressed`` each document's suppressed findings follow its others, marked ``suppressed (baseline)``.

Everything printed goes through :func:`~tqa.report.display`, so that a document or a file name cannot send
escape sequences to the terminal.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import TextIO

from ..model import DocumentResult, Finding, Severity, Unit, shifted
from ..scoring import CorpusScore
from ..segment import LINE_BREAK, Segmentation
from ..suppression import describe_suppressed, layer_of, ordered_layers
from . import action, display
from .bitext import UnitIndex, file_line, names_units, source_span
from .tables import summary_text
from .base import Renderer, RenderOptions

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
        return visible(finding.suggestion) if not finding.suggestion.strip() else display(finding.suggestion)
    return f"({action(finding)})"


class TextRenderer(Renderer):
    name = "text"
    description = "one finding a line with its sentence, then a summary table (the default)"
    extensions = (".txt",)
    streams = True

    def __init__(self, stream: TextIO, info, options: RenderOptions = RenderOptions()):
        super().__init__(stream, info, options)
        self.color = options.color
        self.rows: list[dict] = []
        self.metrics: list[tuple[str, dict]] = []
        self.suppressed: Counter = Counter()  # findings suppressed, by layer (inline, the ignore file, baseline)
        self.shown_any = False

    def _paint(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def document(self, result: DocumentResult) -> None:
        self.rows.append(result.summary_row())
        if result.metrics:
            self.metrics.append((result.doc, result.metrics))
        self._count_suppressed(result)
        shown = result.findings + (result.suppressed if self.options.show_suppressed else ())
        if not shown:
            return
        self.shown_any = True
        segmentation = Segmentation(result.text)
        units = UnitIndex(result.units) if result.units else None
        name_units = names_units(result.units)
        for finding in shown:  # the suppressed ones after the others
            self._finding(result, finding, segmentation, units, name_units)

    def window(self, window) -> None:
        """A window of a plain-text document read in a stream: each finding with its sentence, cut from the
        window's text (whole lines: a sentence never crosses a line break)."""
        if not window.findings:
            return
        self.shown_any = True
        piece = DocumentResult(doc=window.doc, words=0, segments=0, findings=(), penalty=0.0, score=100.0,
                               text=window.text)
        segmentation = Segmentation(window.text)
        for finding in shifted(window.findings, window.start):  # (line and column the document's)
            self._finding(piece, finding, segmentation, None, False)

    def streamed(self, result: DocumentResult) -> None:
        self.rows.append(result.summary_row())
        self._count_suppressed(result)

    def _finding(self, result: DocumentResult, finding: Finding, segmentation: Segmentation,
                 units: UnitIndex | None, name_units: bool) -> None:
        write = self.stream.write
        unit = units.unit_of(finding) if units is not None else None
        span = source_span(finding, unit)
        sev = f"{str(finding.severity):<8}"
        where = f" [unit {display(finding.unit)}]" if name_units else ""
        what = visible(finding.text) if finding.text or span is None else _source_label(unit.source, span)
        mark = f"  {self._paint(f'suppressed ({display(finding.suppressed)})', _DIM)}" if finding.suppressed else ""
        unit_line = file_line(unit, name_units)
        line, column = (finding.line, finding.column) if unit_line is None else (unit_line, 1)
        write(f"{display(result.doc)}:{line}:{column}{where}  "
              f"{self._paint(sev, _COLORS[finding.severity])}  {display(finding.category)}  {what} → "
              f"{fix_label(finding)}  ({display(finding.rule)}){mark}\n")
        if finding.end > finding.start:
            write(f"    {self._sentence(result.text, segmentation, finding)}\n")
        elif span is not None:  # about the source: the target it lacks something in
            write(f"    {self._excerpt(result.text, unit.start, unit.start, (unit.start, unit.end), None)}\n")
        if unit is not None and unit.source is not None and (finding.end > finding.start or span is not None):
            write(f"    source: {self._source(finding, unit, span)}\n")
        if finding.message:
            write(f"    {self._paint('= ' + one_line(finding.message), _DIM)}\n")

    def _source(self, finding: Finding, unit: Unit, span: tuple[int, int] | None) -> str:
        """The unit's source, trimmed around the finding's source span; for a finding in the target, around
        the place in the source as far along as the finding is in the target (word order differs, but a long
        source is more often than not in the same order: the trimmed part is a hint, not an alignment)."""
        source = unit.source
        if span is None:
            length = unit.end - unit.start
            point = round(len(source) * (finding.start - unit.start) / length) if length > 0 else 0
            point = min(max(point, 0), len(source))
            span = (point, point)
            severity = None
        else:
            severity = finding.severity
        return self._excerpt(source, span[0], span[1], (0, len(source)), severity, columns=True)

    def _excerpt(self, text: str, start: int, end: int, bounds: tuple[int, int], severity: Severity | None, *,
                 columns: bool = False) -> str:
        """``text[start:end]`` with up to ``CONTEXT`` columns of context on each side (a side that has less
        gives the rest to the other), inside ``bounds``; marked like a span in a sentence when ``severity``
        is given. Wide (CJK) characters count two columns when ``columns``."""
        low, high = _window(text, start, end, bounds, CONTEXT, columns)
        left = ("…" if low > bounds[0] else "") + one_line(text[low:start])
        right = one_line(text[end:high]) + ("…" if high < bounds[1] else "")
        if severity is None:
            return left + one_line(text[start:end]) + right
        span = one_line(text[start:end])
        marked = self._paint(span, "\033[4m" + _COLORS[severity]) if self.color else f"[[{span}]]"
        return left + marked + right

    def _sentence(self, text: str, segmentation: Segmentation, finding: Finding) -> str:
        start, end = _around(text, segmentation, finding)
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

    def _count_suppressed(self, result: DocumentResult) -> None:
        """Count what suppression silenced in a document, by layer (a streamed document's ``suppressed`` is a
        tally: one finding of each reason, repeated)."""
        for finding in result.suppressed:
            self.suppressed[layer_of(finding.suppressed)] += 1

    def end(self, corpus: CorpusScore) -> None:
        if self.options.quiet:  # the findings only: no table, score line, signature or metrics
            return
        write = self.stream.write
        if self.shown_any:
            write("\n")
        # The suppressed column only when suppression silenced something; what only means something per
        # document (its language, its encoding) is blank for the total, and for a document too short to tell
        # its language: never "NaN".
        table = summary_text(self.rows, corpus, show_suppressed=bool(self.suppressed), display=display)
        if table:
            write(table + "\n")
        findings = sum(r["findings"] for r in self.rows)
        suppressed = describe_suppressed(ordered_layers(self.suppressed))
        suppressed = f"; {display(suppressed)}" if suppressed else ""
        write(f"\nscore {corpus.score:.1f}  (penalty {corpus.penalty:g} over {corpus.words:,} words, "
              f"{corpus.penalty_per_kword:.1f} per 1,000 words; {findings} finding{'s' if findings != 1 else ''} "
              f"in {corpus.documents} document{'s' if corpus.documents != 1 else ''}{suppressed})\n")
        write(self._paint(f"signature: {self.info.signature()}", _DIM) + "\n")
        for doc, metrics in self.metrics:
            write(f"\n{display(doc)} against the reference{'s' if len(self.info.extra.get('references', ())) > 1 else ''} "
                  f"{', '.join(self.info.extra.get('references', ()))}:\n")
            for metric in metrics.values():
                write(f"  {metric.text}\n")
                write(self._paint(f"    signature: {metric.signature}", _DIM) + "\n")


def _around(text: str, segmentation: Segmentation, finding: Finding) -> tuple[int, int]:
    """The sentence ``finding`` is shown in, widened to cover it: the segment holding its start; for a finding in
    the white space outside every segment (a doubled space between two sentences, an indent), the segment before
    it when that ends on the finding's line, else the one after it when that starts on it, else the line. So the
    context never comes from another line, and a window of whole lines shows what the whole text shows."""
    index = segmentation.index_at(finding.start)
    start, end = segmentation.span(index)
    if not segmentation.count or not start <= finding.start < end:
        line_start = finding.start - finding.column + 1
        match = LINE_BREAK.search(text, finding.start)
        line_end = match.start() if match else len(text)
        after = index + 1 if segmentation.count and finding.start >= start else index
        if segmentation.count and finding.start >= start and end > line_start:
            pass  # the segment before it, on its line
        elif after <= segmentation.count and segmentation.span(after)[0] < line_end:
            start, end = segmentation.span(after)
        else:
            start, end = line_start, line_end
    return min(start, finding.start), max(end, finding.end)


def _source_label(source: str, span: tuple[int, int]) -> str:
    """What a finding about the source is about, for its report line: the source span, quoted."""
    start, end = span
    return f'source {visible(source[start:end])}' if end > start else "(source)"


def _width(char: str, columns: bool) -> int:
    return 2 if columns and unicodedata.east_asian_width(char) in "WF" else 1


def _window(text: str, start: int, end: int, bounds: tuple[int, int], budget: int,
            columns: bool) -> tuple[int, int]:
    """The bounds of ``text[start:end]`` with up to ``budget`` columns on each side, within ``bounds``; what
    one side cannot use (it reaches the bound) goes to the other."""
    floor, limit = bounds

    def grow_left(low: int, room: int) -> int:
        while low > floor and room >= _width(text[low - 1], columns):
            room -= _width(text[low - 1], columns)
            low -= 1
        return low

    def grow_right(high: int, room: int) -> tuple[int, int]:
        while high < limit and room >= _width(text[high], columns):
            room -= _width(text[high], columns)
            high += 1
        return high, room

    high, spare = grow_right(end, budget)
    low = grow_left(start, budget + (spare if high == limit else 0))
    used_left = sum(_width(char, columns) for char in text[low:start])
    if low == floor and used_left < budget:
        high, _ = grow_right(high, budget - used_left)
    return low, high
