"""HTML: one self-contained page (inline CSS and JS, no network): the summary first, one row per document
linking to its section; then each document's text annotated, every finding highlighted by severity (colour
and a letter), its details on hover and on keyboard focus (kept inside the window); last, a findings table
that filters by document, severity and category and sorts; the score with its breakdown and signature.

Rendered with Jinja2 and autoescaping, so every piece of input text and glossary text is escaped. Text that
is not Unicode (lone surrogates, from a file name that is not UTF-8 or ``--encoding unicode_escape``) is
shown with U+FFFD in their place, so that any str can be written.

The summary comes first but is known only at the end: documents are rendered, as they arrive, into a
spooled temporary file (memory up to a bound, then disk) and copied after the summary.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict
from functools import lru_cache
from typing import TextIO

from ..model import DocumentResult, Severity
from ..scoring import CorpusScore
from . import action, without_surrogates

COLUMNS = (("doc", "document"), ("position", "line:col"), ("severity", "severity"), ("category", "category"),
           ("text", "text"), ("suggestion", "suggestion"), ("rule", "rule"), ("message", "message"))
SPOOL_CHARS = 16 * 1024 * 1024  # rendered documents kept in memory up to this size, then on disk

@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("tqa", "templates"), autoescape=select_autoescape(default=True),
                       undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False)


class HtmlRenderer:
    def __init__(self, stream: TextIO, info, title: str = ""):
        self.stream = stream
        self.info = info
        self.title = title
        self.rows: list[dict] = []
        self.summary: list[dict] = []
        self.categories: set[str] = set()
        self.index = 0
        # newline="": the text's own line breaks (CRLF, a lone CR) come back out of the spool as they went in
        self.sections = tempfile.SpooledTemporaryFile(max_size=SPOOL_CHARS, mode="w+", encoding="utf-8",
                                                      newline="")

    def _write(self, stream: TextIO, template: str, **values) -> None:
        stream.write(without_surrogates(_environment().get_template(template).render(**values)))

    def begin(self) -> None:
        glossaries = [asdict(s) for s in self.info.glossary.sources]
        self._write(self.stream, "head.html.j2", title=self.title, signature=self.info.signature(),
                    version=self.info.version, glossaries=glossaries, weights=self.info.weights)

    def document(self, result: DocumentResult) -> None:
        self.index += 1
        text = result.text
        pieces = []
        position = 0
        for number, finding in enumerate(sorted(result.findings, key=lambda f: f.start), 1):
            if finding.start < position:
                continue  # findings never overlap; this is only a guard
            pieces.append({"text": text[position:finding.start], "finding": None})
            pieces.append({"text": finding.text, "finding": finding, "number": number, "action": action(finding)})
            position = finding.end
            self.categories.add(finding.category)
            self.rows.append({
                "doc": finding.doc, "document": self.index, "line": finding.line, "column": finding.column,
                "severity": str(finding.severity), "rank": int(finding.severity), "category": finding.category,
                "text": finding.text, "suggestion": finding.suggestion, "rule": finding.rule,
                "message": finding.message, "anchor": f"f-{self.index}-{number}", "position": len(self.rows),
            })
        pieces.append({"text": text[position:], "finding": None})
        counts = {str(s): result.count(s) for s in Severity}
        self.summary.append(result.summary_row())
        self._write(self.sections, "document.html.j2", index=self.index, result=result, pieces=pieces,
                    counts=counts)

    def end(self, corpus: CorpusScore) -> None:
        totals = {str(s): sum(row[str(s)] for row in self.summary) for s in Severity}
        self._write(self.stream, "summary.html.j2", summary=self.summary, corpus=corpus, totals=totals,
                    findings=len(self.rows), weights=self.info.weights)
        self.sections.seek(0)
        shutil.copyfileobj(self.sections, self.stream)
        self.sections.close()
        self._write(self.stream, "findings.html.j2", rows=self.rows, categories=sorted(self.categories),
                    columns=COLUMNS, documents=[row["doc"] for row in self.summary])
