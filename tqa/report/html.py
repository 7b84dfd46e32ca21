"""HTML: one self-contained page (inline CSS and JS, no network): the summary first, one row per document
linking to its section; then each document's text annotated, every finding highlighted by severity (colour
and a letter), its details on hover and on keyboard focus (kept inside the window); last, a findings table
that filters by document, severity and category and sorts; the score with its breakdown and signature.

A bilingual document (units with a source: ``--source``, XLIFF, TMX, PO, TSV) is shown as a table, one row per
unit: its id (state and note), its source and its target side by side. Findings are highlighted in the
target; a finding about the source (an omitted term) also highlights its span in the source, and the two are
linked (hovering or focusing one outlines the other and opens the finding's tooltip; ``aria-describedby``
both ways). Inline tags are small chips where they stand. A finding with an empty span (about the source,
about the whole document) is a labelled marker, so that every finding has a visible highlight.

Rendered with Jinja2 and autoescaping, so every piece of input text and glossary text is escaped. Text that
is not Unicode (lone surrogates, from a file name that is not UTF-8 or ``--encoding unicode_escape``) is
shown with U+FFFD in their place, so that any str can be written.

The summary comes first but is known only at the end: documents are rendered, as they arrive, into a
spooled temporary file (memory up to a bound, then disk) and copied after the summary (the head, with the
signature, is written at the end too: the signature names ``inline`` once an inline comment silenced a finding).

With ``--show-suppressed`` the suppressed findings are marked too, dimmed and labelled with the reason
(``suppressed (baseline)``) in the text, its tooltip and the findings table; the summary counts them.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import asdict
from functools import lru_cache
from typing import Sequence, TextIO

from ..model import DocumentResult, Finding, Severity, Unit
from ..scoring import CorpusScore
from ..suppression import describe_suppressed, layer_of, ordered_layers
from . import action, without_surrogates
from .bitext import UnitIndex, empty_span_label, is_bilingual, source_span
from .base import Renderer, RenderOptions, spool

COLUMNS = (("doc", "document"), ("position", "line:col"), ("unit", "unit"), ("severity", "severity"),
           ("category", "category"), ("text", "text"), ("suggestion", "suggestion"), ("rule", "rule"),
           ("message", "message"))
SPOOL_CHARS = 16 * 1024 * 1024  # rendered documents kept in memory up to this size, then on disk
ABOUT = {"source": "about the source", "document": "about the whole document", "here": "at this point"}


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("tqa", "templates"), autoescape=select_autoescape(default=True),
                       undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False)


class HtmlRenderer(Renderer):
    name = "html"
    description = "one self-contained page: summary, annotated documents, findings table"
    extensions = (".html", ".htm")

    def __init__(self, stream: TextIO, info, options: RenderOptions = RenderOptions(), title: str = ""):
        super().__init__(stream, info, options)
        self.title = title
        self.rows: list[dict] = []
        self.summary: list[dict] = []
        self.categories: set[str] = set()
        self.index = 0
        self.suppressed: Counter = Counter()  # by layer
        # newline="": the text's own line breaks (CRLF, a lone CR) come back out of the spool as they went in
        self.sections = spool(SPOOL_CHARS)

    def _write(self, stream: TextIO, template: str, **values) -> None:
        stream.write(without_surrogates(_environment().get_template(template).render(**values)))

    def document(self, result: DocumentResult) -> None:
        self.index += 1
        for finding in result.suppressed:
            self.suppressed[layer_of(finding.suppressed)] += 1
        shown = result.findings + (result.suppressed if self.options.show_suppressed else ())
        findings = sorted(shown, key=lambda f: f.start)
        if is_bilingual(result):
            parts, units = None, self._unit_rows(result, findings)
        else:
            parts, units = self._text_parts(result.text, findings), None
        counts = {str(s): result.count(s) for s in Severity}
        self.summary.append(result.summary_row())
        self._write(self.sections, "document.html.j2", index=self.index, result=result, parts=parts,
                    units=units, counts=counts)

    # -- plain text: the document as one block ---------------------------------------------------------------
    def _text_parts(self, text: str, findings: Sequence[Finding]) -> list[dict]:
        parts = []
        position = 0
        for number, finding in enumerate(findings, 1):
            if finding.start < position:
                continue  # findings never overlap; this is only a guard
            parts.append(_text(text[position:finding.start]))
            parts.append(self._mark(finding, number, [_text(finding.text)]))
            position = finding.end
        parts.append(_text(text[position:]))
        return parts

    # -- units: source beside target -------------------------------------------------------------------------
    def _unit_rows(self, result: DocumentResult, findings: Sequence[Finding]) -> list[dict]:
        index = UnitIndex(result.units)
        numbered: list[list[tuple[int, Finding]]] = [[] for _ in index.units]
        for number, finding in enumerate(findings, 1):
            numbered[index.position(finding)].append((number, finding))
        rows = []
        for ordinal, (unit, unit_findings) in enumerate(zip(index.units, numbered), 1):
            anchor = f"u-{self.index}-{ordinal}"
            source, source_ids = self._source_parts(unit, unit_findings, anchor)
            target = self._target_parts(result.text, unit, unit_findings, source_ids, anchor)
            rows.append({"id": unit.id, "anchor": anchor, "state": unit.state, "note": unit.note,
                         "source": source, "target": target})
        return rows

    def _target_parts(self, text: str, unit: Unit, findings: Sequence[tuple[int, Finding]],
                      source_ids: dict[int, list[str]], anchor: str) -> list[dict]:
        """The unit's target with its findings marked and its tags where they stand. A span is kept inside
        its unit and after the previous one (findings never overlap nor cross units: only a guard), so that
        every finding has exactly one mark."""
        inline = _Inline(text, unit.start, unit.end, unit.tags)
        parts: list[dict] = []
        for number, finding in findings:
            start = min(max(finding.start, inline.position), unit.end)
            end = min(max(finding.end, start), unit.end)
            parts += inline.upto(start, tags_at_end=True)  # a tag where a span starts stands before its mark
            parts.append(self._mark(finding, number, inline.upto(end), anchor, source_ids.get(number, [])))
        parts += inline.upto(unit.end, tags_at_end=True)
        return parts + inline.rest()

    def _source_parts(self, unit: Unit, findings: Sequence[tuple[int, Finding]],
                      anchor: str) -> tuple[list[dict] | None, dict[int, list[str]]]:
        """The unit's source with the source span of each finding highlighted, and, for each finding number,
        the ids of its highlights. Source spans may overlap (two findings about one term): the source is cut
        at every span boundary and every tag, and each piece is one highlight for all the findings over it."""
        if unit.source is None:
            return None, {}
        source = unit.source
        spans = [(number, finding, span) for number, finding in findings
                 if (span := source_span(finding, unit)) is not None]
        tags = sorted(((min(max(offset, 0), len(source)), label) for offset, label in unit.source_tags),
                      key=lambda tag: tag[0])
        cuts = sorted({0, len(source), *(offset for offset, _ in tags),
                       *(point for _, _, span in spans for point in span)})
        parts: list[dict] = []
        ids: dict[int, list[str]] = {}
        tag = 0
        for i, point in enumerate(cuts):
            while tag < len(tags) and tags[tag][0] <= point:
                parts.append({"kind": "tag", "label": tags[tag][1]})
                tag += 1
            empty = [(number, finding) for number, finding, (start, end) in spans if start == end == point]
            if empty:  # a point in the source (where something is missing): a mark without text
                parts.append(self._source_piece(empty, "", f"s{anchor[1:]}-{len(parts)}", ids))
            if i + 1 == len(cuts):
                break
            following = cuts[i + 1]
            piece = source[point:following]
            over = [(number, finding) for number, finding, (start, end) in spans
                    if start <= point and following <= end and start < end]
            parts.append(self._source_piece(over, piece, f"s{anchor[1:]}-{len(parts)}", ids) if over
                         else _text(piece))
        return parts, ids

    def _source_piece(self, over: list[tuple[int, Finding]], text: str, piece_id: str,
                      ids: dict[int, list[str]]) -> dict:
        for number, _ in over:
            ids.setdefault(number, []).append(piece_id)
        marks = [f"f-{self.index}-{number}" for number, _ in over]
        return {"kind": "source", "id": piece_id, "text": text, "severity": str(max(f.severity for _, f in over)),
                "linked": " ".join(marks), "tips": " ".join(f"{mark}-tip" for mark in marks)}

    # -- a finding: its mark and its row in the findings table ---------------------------------------------
    def _mark(self, finding: Finding, number: int, parts: list[dict], unit_anchor: str | None = None,
              source_ids: Sequence[str] = ()) -> dict:
        mark_id = f"f-{self.index}-{number}"
        where = empty_span_label(finding)
        self.categories.add(finding.category)
        self.rows.append({
            "doc": finding.doc, "document": self.index, "line": finding.line, "column": finding.column,
            "unit": finding.unit, "unit_anchor": unit_anchor, "severity": str(finding.severity),
            "rank": int(finding.severity), "category": finding.category, "text": finding.text,
            "suggestion": finding.suggestion, "rule": finding.rule, "message": finding.message,
            "anchor": mark_id, "position": len(self.rows), "suppressed": finding.suppressed,
        })
        return {"kind": "mark", "finding": finding, "id": mark_id, "parts": parts, "action": action(finding),
                "where": where, "about": ABOUT.get(where, ""), "linked": " ".join(source_ids)}

    def end(self, corpus: CorpusScore) -> None:
        glossaries = [asdict(s) for s in self.info.glossary.sources]
        self._write(self.stream, "head.html.j2", title=self.title, signature=self.info.signature(),
                    version=self.info.version, glossaries=glossaries, weights=self.info.weights)
        totals = {str(s): sum(row[str(s)] for row in self.summary) for s in Severity}
        reported = sum(row["findings"] for row in self.summary)
        self._write(self.stream, "summary.html.j2", summary=self.summary, corpus=corpus, totals=totals,
                    findings=reported, weights=self.info.weights,
                    suppressed=describe_suppressed(ordered_layers(self.suppressed)))
        self.sections.seek(0)
        shutil.copyfileobj(self.sections, self.stream)
        self.sections.close()
        self._write(self.stream, "findings.html.j2", rows=self.rows, categories=sorted(self.categories),
                    columns=COLUMNS, documents=[row["doc"] for row in self.summary])


def _text(text: str) -> dict:
    return {"kind": "text", "text": text}


class _Inline:
    """A unit's target, handed out piece by piece from left to right, with its inline tags (offsets in the
    target) as chips between the pieces of text."""

    def __init__(self, text: str, start: int, end: int, tags: Sequence[tuple[int, str]]):
        self.text = text
        self.start = start
        self.position = start
        size = end - start
        # kept inside the target: a tag the reader placed wrongly is shown at the nearest end, not lost
        self.tags = sorted(((start + min(max(offset, 0), size), label) for offset, label in tags),
                           key=lambda tag: tag[0])
        self.tag = 0

    def upto(self, end: int, *, tags_at_end: bool = False) -> list[dict]:
        """The text from where the last piece ended to ``end``, with the tags inside it (and those at ``end``
        when ``tags_at_end``: a tag where a mark starts goes before it, one where a mark ends after it)."""
        parts = []
        while self.tag < len(self.tags):
            offset, label = self.tags[self.tag]
            if offset > end or (offset == end and not tags_at_end):
                break
            if offset > self.position:
                parts.append(_text(self.text[self.position:offset]))
                self.position = offset
            parts.append({"kind": "tag", "label": label})
            self.tag += 1
        if end > self.position:
            parts.append(_text(self.text[self.position:end]))
            self.position = end
        return parts

    def rest(self) -> list[dict]:
        """Tags not handed out yet (none, when every offset is inside the target)."""
        parts = [{"kind": "tag", "label": label} for _, label in self.tags[self.tag:]]
        self.tag = len(self.tags)
        return parts
