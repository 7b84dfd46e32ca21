"""The analysis pipeline: a document in, a :class:`DocumentResult` out. Analysis never prints."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Sequence

from .glossary import Glossary, load_glossary
from .matcher import Match
from .model import Document, DocumentResult, Finding, Severity
from .scoring import DEFAULT_WEIGHTS, Weights, score
from .segment import Segmentation
from .textbuf import TextBuffer

if TYPE_CHECKING:  # pragma: no cover
    from .checks import Check


@lru_cache(maxsize=1)
def bundled_glossary() -> Glossary:
    """The bundled glossary, loaded and compiled once per process."""
    return load_glossary(None)


def glossary_matches(text: str, glossary: Glossary) -> list[Match]:
    """Resolved glossary matches in ``text`` (leftmost-longest, non-overlapping)."""
    return glossary.matcher.find(text)


@dataclass
class DocContext:
    """What a check sees of one document: its text, bytes, segmentation and the run's settings."""

    document: Document
    glossary: Glossary
    weights: Weights = DEFAULT_WEIGHTS
    raw: bytes | None = None
    segmentation: Segmentation = field(init=False)
    buffer: TextBuffer = field(init=False)
    findings: list[Finding] = field(init=False, default_factory=list)  # what earlier checks found
    facts: dict = field(init=False, default_factory=dict)  # document-level results (lang, lang_prob)
    notes: list[str] = field(init=False, default_factory=list)  # warnings that are not findings

    def __post_init__(self) -> None:
        self.buffer = TextBuffer(self.document.text, self.raw)
        self.segmentation = Segmentation(self.document.text, self.buffer)

    @property
    def text(self) -> str:
        return self.document.text

    def finding(self, start: int, end: int, *, rule: str, check: str, category: str, severity: Severity,
                suggestion: str = "", message: str = "", autofix: bool = False, note: str = "") -> Finding:
        """A :class:`Finding` for ``text[start:end]`` with its segment, line, column and penalty filled in."""
        line, column = self.segmentation.line_col(start)
        return Finding(
            doc=self.document.id, segment=self.segmentation.index_at(start), line=line, column=column,
            start=start, end=end, text=self.document.text[start:end], suggestion=suggestion, rule=rule,
            check=check, category=category, severity=severity,
            penalty=self.weights.penalty(severity, category), message=message, autofix=autofix, note=note,
        )


def default_checks() -> list["Check"]:
    from .checks import all_checks

    return all_checks()


def analyze_document(document: Document, glossary: Glossary, *, checks: Sequence["Check"] | None = None,
                     weights: Weights = DEFAULT_WEIGHTS, min_severity: Severity | None = None,
                     raw: bytes | None = None) -> DocumentResult:
    """Run every check over one document and score it.

    Findings below ``min_severity`` are dropped before scoring, so the score always matches the findings
    reported. ``raw`` is the document's text in UTF-8, when the caller already has it.

    A document longer than ``WINDOW_CHARS`` is analysed window by window (cut at line breaks, or at white
    space inside a very long line), so that memory stays bounded by the window, not the document; the
    results are joined with their offsets, lines and segment numbers shifted. Consistency is then judged per
    window, and the document's language on the first window.
    """
    if len(document.text) > WINDOW_CHARS:
        return _analyze_in_windows(document, glossary, checks=checks, weights=weights, min_severity=min_severity)
    return _analyze_whole(document, glossary, checks=checks, weights=weights, min_severity=min_severity, raw=raw)


def _analyze_whole(document: Document, glossary: Glossary, *, checks, weights, min_severity,
                   raw: bytes | None = None) -> DocumentResult:
    ctx = DocContext(document, glossary, weights, raw)
    for check in checks if checks is not None else default_checks():
        ctx.findings.extend(_not_overlapping(ctx.findings, check.run(ctx)))
    findings = ctx.findings
    if min_severity is not None:
        findings = [f for f in findings if f.severity >= min_severity]
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    penalty = sum(f.penalty for f in findings)
    words = ctx.buffer.words()
    return DocumentResult(
        doc=document.id, words=words, segments=ctx.segmentation.count, findings=tuple(findings),
        penalty=penalty, score=score(penalty, words), text=document.text,
        lang=ctx.facts.get("lang", ""), lang_prob=ctx.facts.get("lang_prob"), encoding=document.encoding,
        notes=tuple(ctx.notes),
    )


WINDOW_CHARS = 8_000_000
_SENTENCE_GAP = re.compile(r"[.!?。！？][\"'”’)\]]*\s+")


def _windows(text: str, size: int) -> Iterable[tuple[int, int]]:
    """(start, end) of consecutive windows of about ``size`` characters, ending after a line break when
    there is one within the next ``size`` characters, else at white space (never inside a word)."""
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            newline = text.find("\n", end, min(n, end + size))
            if newline >= 0:
                end = newline + 1
            else:
                # Inside a very long line: after a sentence end, so that no phrase is cut in two, else at
                # white space.
                m = _SENTENCE_GAP.search(text, end, min(n, end + size))
                if m is not None:
                    end = m.end()
                else:
                    while end < n and not text[end].isspace():
                        end += 1
        yield start, end
        start = end


def _analyze_in_windows(document: Document, glossary: Glossary, *, checks, weights, min_severity) -> DocumentResult:
    from dataclasses import replace

    text = document.text
    findings: list[Finding] = []
    words = segments = lines_before = 0
    penalty = 0.0
    lang, lang_prob = "", None
    notes: list[str] = []
    for index, (start, end) in enumerate(_windows(text, WINDOW_CHARS)):
        part = _analyze_whole(Document(document.id, text[start:end], document.encoding), glossary,
                              checks=checks, weights=weights, min_severity=min_severity)
        # A window that starts inside a line shifts the columns of that first line.
        column_shift = start - (max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1)
        for f in part.findings:
            findings.append(replace(f, start=f.start + start, end=f.end + start, line=f.line + lines_before,
                                    segment=f.segment + segments,
                                    column=f.column + (column_shift if f.line == 1 else 0)))
        notes.extend(n for n in part.notes if n not in notes)
        words += part.words
        segments += part.segments
        penalty += part.penalty
        if index == 0:
            lang, lang_prob = part.lang, part.lang_prob
        chunk = text[start:end]
        lines_before += chunk.count("\n") + chunk.count("\r") - chunk.count("\r\n")
        del part, chunk
    return DocumentResult(
        doc=document.id, words=words, segments=segments, findings=tuple(findings), penalty=penalty,
        score=score(penalty, words), text=text, lang=lang, lang_prob=lang_prob, encoding=document.encoding,
        notes=tuple(notes),
    )


def _not_overlapping(earlier: list[Finding], new: Iterable[Finding]) -> list[Finding]:
    """The new findings that do not overlap an earlier check's: one problem is reported once (the first
    check to find it wins: the glossary's "Recent Comments" entry before the residue check), and edits
    made from the findings never collide. Earlier findings never overlap each other."""
    new = list(new)
    if not earlier or not new:
        return new
    spans = sorted((f.start, max(f.end, f.start + 1)) for f in earlier)
    starts = [start for start, _ in spans]
    kept = []
    for finding in new:
        start, end = finding.start, max(finding.end, finding.start + 1)
        i = bisect.bisect_right(starts, start)  # spans[i - 1] starts at or before this one, spans[i] after
        if (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end):
            continue
        kept.append(finding)
    return kept


def analyze(text: str, glossary: Glossary | str | None = None, *, doc_id: str = "<text>",
            checks: Sequence["Check"] | None = None, weights: Weights = DEFAULT_WEIGHTS,
            min_severity: Severity | str | None = None) -> DocumentResult:
    """Analyse one text. ``glossary`` is a loaded :class:`Glossary`, a path, or None for the bundled one."""
    if glossary is None:
        glossary = bundled_glossary()
    elif not isinstance(glossary, Glossary):
        glossary = load_glossary(glossary)
    if isinstance(min_severity, str):
        min_severity = Severity.parse(min_severity)
    return analyze_document(Document(doc_id, text), glossary, checks=checks, weights=weights,
                            min_severity=min_severity)


def with_references(result: DocumentResult, references: Sequence[Sequence[str]], reference_names: Sequence[str],
                    *, tokenize: str | None = None, lowercase: bool = False,
                    metric_names: Sequence[str] = ("bleu", "chrf", "ter")) -> DocumentResult:
    """``result`` with BLEU, chrF and TER against line-aligned references, and chrF per line."""
    from dataclasses import replace

    from .metrics import check_aligned, corpus_scores, segment_chrf, split_lines

    lines = split_lines(result.text)
    check_aligned(result.doc, lines, references, reference_names)
    return replace(result, metrics=corpus_scores(lines, references, tokenize=tokenize, lowercase=lowercase,
                                                 names=metric_names),
                   segment_chrf=tuple(segment_chrf(lines, references, lowercase=lowercase)))


def analyze_all(documents: Iterable[Document], glossary: Glossary, **options) -> Iterable[DocumentResult]:
    """Analyse documents one at a time (a generator, so a corpus is never held in memory)."""
    for document in documents:
        yield analyze_document(document, glossary, **options)
