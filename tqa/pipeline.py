"""The analysis of one document: checks in order, overlaps resolved, findings filtered and suppressed, the
document scored.

A document longer than ``WINDOW_CHARS`` characters is analysed window by window so that memory stays bounded
by the window, not the document. Windows give exactly the findings of one piece:

* a window starts and ends at a line break, and no line is ever cut, because every check but the glossary's
  phrases is local to a line (sentences never cross a line break);
* a window never ends where a glossary or consistency phrase could run across the line break (a phrase may
  span a line break: "official\\nmicro-signal"); the next line break is taken instead;
* what a check must remember from one window to the next (the names a document has used, quotation marks
  still open) it keeps in ``DocContext.carry``, and the document's language is judged on the whole text.
"""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from .checks import Check, all_checks
from .checks.base import DocContext
from .checks.language import target_language
from .glossary import Glossary
from .model import Document, DocumentResult, Finding, Severity, Unit
from .scoring import DEFAULT_WEIGHTS, Weights, score
from .segment import LINE_BREAK, Segmentation, count_line_breaks

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Policy
    from .parallel import WindowRunner
    from .suppression import DocumentSuppression

WINDOW_CHARS = 8_000_000
#: Sets the window size (characters) for a run, as ``window_chars`` does for one call: tests use it to force a
#: small document into several windows through the command line.
WINDOW_VARIABLE = "TQA_WINDOW_CHARS"
# How far around a candidate window end a crossing phrase is looked for: longer than any phrase.
_CROSSING_REACH = 2_000


def analyze_document(document: Document, glossary: Glossary, *, checks: Sequence[Check] | None = None,
                     weights: Weights = DEFAULT_WEIGHTS, min_severity: Severity | None = None,
                     raw: bytes | None = None, window_chars: int | None = None,
                     target_lang: str | None = None, policy: "Policy | None" = None,
                     suppression: "DocumentSuppression | None" = None,
                     runner: "WindowRunner | None" = None,
                     on_window: Callable[[int], None] | None = None) -> DocumentResult:
    """Run the checks (default: all) over one document and score it.

    ``policy`` (:func:`tqa.rules.plan`) drops the findings of rules not selected and changes the severity of
    overridden ones, before overlaps are resolved (an ignored finding displaces no other). Findings below
    ``min_severity`` are dropped before scoring, so the score always matches the findings reported.
    ``suppression`` (:meth:`tqa.suppression.Suppression.for_document`) then moves the findings the user has
    silenced (inline, an ignore file, a baseline) to ``DocumentResult.suppressed``: last, so that a suppressed
    finding still displaces what it displaced when it was reported. ``raw`` is the document's text in UTF-8,
    when the caller already has it. ``target_lang`` is the language the text should be in (default: the one the
    document declares, else the glossary's, else en). ``runner`` (:class:`tqa.parallel.WindowRunner`) runs the
    window-local checks of a document of several windows in a process pool; the findings are the same.
    ``on_window`` is called with the number of characters of each window analysed (a progress bar).
    """
    checks = list(checks) if checks is not None else all_checks()
    target = target_language(target_lang or document.target_language, glossary)
    text = document.text
    size = window_chars or window_size()
    windows = _windows_of(document, raw, window_bounds(text, size, glossary, document.units))
    tally = WindowTally(list(document.notes))  # what reading it found (bytes replaced while decoding)
    findings: list[Finding] = []
    for window_findings in analyze_windows(windows, glossary, checks, tally, weights=weights, target=target,
                                           policy=policy, units=document.units, runner=runner,
                                           doc=(document.id, document.encoding)):
        findings.extend(window_findings)
        if on_window is not None:
            on_window(tally.last_chars)
    if min_severity is not None:
        findings = [f for f in findings if f.severity >= min_severity]
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    suppressed: list[Finding] = []
    if suppression is not None:
        findings, suppressed = suppression.split(findings, text, document.units)
    penalty = sum(f.penalty for f in findings)
    return DocumentResult(
        doc=document.id, words=tally.words, segments=tally.segments, findings=tuple(findings), penalty=penalty,
        score=score(penalty, tally.words), text=text, lang=tally.lang, lang_prob=tally.lang_prob,
        encoding=document.encoding, notes=tuple(tally.notes), units=document.units, suppressed=tuple(suppressed),
    )


@dataclass(frozen=True)
class Window:
    """One window of a document: ``text`` is the document's characters ``start`` to ``end``; ``full`` is the
    text the carrying checks may read around it (the whole document, or in a stream the window with a little
    before it and a few lines after it), starting at the document's character ``full_start``."""

    start: int
    end: int
    text: str
    full: str
    full_start: int = 0
    last: bool = True
    lines_before: int = 0
    raw: bytes | None = None  # the window's UTF-8, when the caller has it (a document in one window)
    document: Document | None = None  # the document itself, when the window is all of it
    sample: str | None = None  # a stream's sample of the whole document (the language check's)
    byte_span: tuple[int, int] | None = None  # where the window's text is in a stream's file (bytes)


def _windows_of(document: Document, raw: bytes | None, bounds: Iterable[tuple[int, int]]) -> Iterator[Window]:
    text = document.text
    lines_before = 0
    for start, end in bounds:
        whole = start == 0 and end == len(text)
        piece = text if whole else text[start:end]
        yield Window(start, end, piece, text, 0, end == len(text), lines_before, raw if whole else None,
                     document if whole else None)
        lines_before += count_line_breaks(piece)


@dataclass
class WindowTally:
    """What the windows of a document add up to as they are analysed: words, segments, the language (from the
    first window), notes (each once, in order), and the characters of the last window."""

    notes: list[str] = field(default_factory=list)
    words: int = 0
    segments: int = 0
    lang: str = ""
    lang_prob: float | None = None
    last_chars: int = 0
    # Windows analysed as CSV rows (analyze_windows' ``rows``): the last window's place (characters, line breaks
    # and segments before it), and a finding of each severity found (what a tally of rows stands in with).
    last_place: tuple[int, int, int] = (0, 0, 0)
    examples: dict = field(default_factory=dict)
    # The text the last window's carrying checks read (its ``full``) and where it starts: what a stream's report
    # reads around the window's findings (whole lines, with the lines after the window).
    last_full: tuple[str, int] = ("", 0)


def analyze_windows(windows: Iterable[Window], glossary: Glossary, checks: Sequence[Check], tally: WindowTally, *,
                    weights: Weights, target: str, policy: "Policy | None", units: Sequence[Unit] | None,
                    runner: "WindowRunner | None", doc: tuple[str, str], rows: str | None = None
                    ) -> Iterator[list[Finding]]:
    """The findings of each window in turn (each check's, in check order, overlaps resolved), adding up the
    rest in ``tally``. With a ``runner`` the window-local checks run in its pool, a few windows ahead.

    ``rows`` (with a runner whose run writes CSV rows, and windows that know their ``byte_span``): the path of
    the file the windows are read from, which the workers read themselves; each window's findings are then
    :class:`tqa.report.csv.Row` pieces in the window's coordinates (its place in ``tally.last_place``), those
    of the checks run here turned into rows too: no finding crosses between processes. The rows of the checks
    that lead the run and are done whole in the workers come merged (:class:`tqa.parallel.Merged`, plain
    tuples: read them by position)."""
    ride_on_glossary(checks, glossary)
    carry: dict = {}
    if runner is not None:
        paired = runner.pipelined(windows, checks, target, doc, units, rows=rows)
    else:
        paired = ((window, None) for window in windows)
    for window, remote in paired:
        if window.document is not None:
            document = window.document
        else:
            document = Document(doc[0], window.text, doc[1])
        ctx = DocContext(document, glossary, weights, window.raw, full_text=window.full, offset=window.start,
                         line_offset=window.lines_before, segment_offset=tally.segments, last_window=window.last,
                         carry=carry, target_lang=target, units=units, text_start=window.full_start,
                         document_sample=window.sample)
        if remote is not None:  # the worker segmented the window and counted its words: not done again here
            ctx.segmentation = Segmentation(window.text, ctx.buffer, remote.starts, remote.ends, remote.line_starts)
            ctx.prepared = remote.prepared
            done = remote.findings(tally.segments)
        else:
            done = {}
        as_rows = remote.as_rows(window, tally.examples) if rows is not None and remote is not None else list
        window_findings: list[Finding] = []
        spans: list[tuple[int, int]] = []  # of window_findings (not empty), sorted
        window_notes: list[str] = []
        merged = remote.merged if remote is not None else None
        if merged is not None:  # the rows of the leading checks, merged in the worker (plain tuples; ours to extend)
            window_findings, spans = merged.rows, merged.spans
            window_notes.extend(merged.notes)
        for check in checks:
            if merged is not None and check.name in merged.names:
                continue
            if check.name in done:
                found, check_notes = done[check.name]
                rest = remote.carrying.get(check.name)
                if rest is not None:  # a split check: the worker ran its window-local part, the rest runs here
                    before = len(ctx.notes)
                    found = found + as_rows(rest.run(ctx) if policy is None else policy.apply(rest.run(ctx), weights))
                    check_notes = check_notes + ctx.notes[before:]
            else:
                before = len(ctx.notes)
                found = as_rows(check.run(ctx) if policy is None else policy.apply(check.run(ctx), weights))
                check_notes = ctx.notes[before:]
            spans = add_not_overlapping(window_findings, spans, found)
            window_notes.extend(check_notes)
        tally.words += ctx.buffer.words() if remote is None else remote.words
        tally.last_place = (window.start, window.lines_before, tally.segments)
        tally.segments += ctx.segmentation.count
        if window.start == 0 and window.end > 0:  # (a stream's empty text is one empty window: no verdict)
            tally.lang, tally.lang_prob = ctx.lang, ctx.lang_prob
        tally.notes.extend(note for note in window_notes if note not in tally.notes)
        tally.last_chars = window.end - window.start
        tally.last_full = window.full, window.full_start
        del ctx, document
        yield window_findings


def ride_on_glossary(checks: Sequence[Check], glossary: Glossary) -> None:
    """Let the checks that run after the glossary check have its scan find their literals too
    (:meth:`tqa.checks.base.Check.ride_on`)."""
    names = [check.name for check in checks]
    if "glossary" in names:
        for check in checks[names.index("glossary") + 1:]:
            check.ride_on(glossary)


def window_size(default: int = WINDOW_CHARS) -> int:
    """The window size: ``default``, or the positive number in ``$TQA_WINDOW_CHARS``."""
    value = os.environ.get(WINDOW_VARIABLE, "")
    return int(value) if value.isdigit() and int(value) > 0 else default


def analyze_documents(documents: Iterable[Document], glossary: Glossary, **options) -> Iterator[DocumentResult]:
    """Analyse documents one at a time (a generator, so a corpus is never held in memory)."""
    for document in documents:
        yield analyze_document(document, glossary, **options)


def add_not_overlapping(findings: list, spans: list[tuple[int, int]], new: Iterable) -> list[tuple[int, int]]:
    """Add to ``findings`` (a window's, check after check) those of ``new`` that overlap none of them
    (:func:`not_overlapping`); returns the spans of ``findings`` afterwards (``spans``: before), sorted."""
    kept = not_overlapping(findings, new, spans)
    if not kept:
        return spans
    findings.extend(kept)
    # Two sorted runs: sorted() merges them in linear time.
    return sorted(spans + [(f.start, f.end) for f in kept if f.end > f.start])


def not_overlapping(earlier: list[Finding], new: Iterable[Finding],
                    spans: list[tuple[int, int]] | None = None) -> list[Finding]:
    """The new findings that overlap neither an earlier check's findings nor each other.

    One problem is reported once (the first check to find it wins, and within a check the leftmost, then the
    longest), and edits made from the findings never collide. A finding with an empty span (about the whole
    document) overlaps nothing. ``earlier`` never overlap each other; ``spans``, when given, are their
    (start, end), sorted, without the empty ones (a caller that adds check after check keeps them).
    """
    if spans is None:
        spans = sorted((f.start, f.end) for f in earlier if f.end > f.start)
    starts = [start for start, _ in spans]
    kept: list[Finding] = []
    last_end = -1  # the new findings kept so far are sorted and disjoint: only the last can overlap
    for finding in sorted(new, key=lambda f: (f.start, f.start - f.end)):
        start, end = finding.start, finding.end
        if end > start:
            if start < last_end:
                continue
            i = bisect.bisect_right(starts, start)  # spans[i - 1] starts at or before this one, spans[i] after
            if (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end):
                continue
            last_end = end
        kept.append(finding)
    return kept


def window_bounds(text: str, size: int, glossary: Glossary | None = None,
                  units: Sequence[Unit] | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive windows of at least ``size`` characters (the last may be shorter), each
    ending right after a line break that no glossary or consistency phrase runs across, and, for a document
    of units, where a unit starts (a unit's target may hold line breaks); a single line is never cut, however
    long."""
    unit_starts = {unit.start for unit in units} if units else None
    start, n = 0, len(text)
    while start < n:
        end = n if n - start <= size else _window_end(text, start + size, glossary, unit_starts)
        yield start, end
        start = end


def _window_end(text: str, position: int, glossary: Glossary | None, unit_starts: set[int] | None) -> int:
    """The first line start at or after ``position`` where no phrase crosses (and a unit starts), or the end
    of the text."""
    while True:
        m = LINE_BREAK.search(text, position)
        if m is None:
            return len(text)
        cut = m.end()
        if cut < len(text) and text[cut - 1] == "\r" and text[cut] == "\n":
            cut += 1  # the search began inside a \r\n
        if cut >= len(text):
            return cut
        if unit_starts is not None:
            if cut in unit_starts:  # no phrase runs from one unit into the next (Matcher.find's barriers)
                return cut
        elif glossary is None or not _phrase_crosses(text, cut, glossary):
            return cut
        position = cut


def _phrase_crosses(text: str, cut: int, glossary: Glossary) -> bool:
    from .checks.consistency import consistency_matcher

    low = max(0, cut - _CROSSING_REACH)
    region = text[low:cut + _CROSSING_REACH]
    matchers = [glossary.matcher]
    if glossary.consistent:
        matchers.append(consistency_matcher(glossary)[0])
    return any(matcher.crosses(region, cut - low) for matcher in matchers)
