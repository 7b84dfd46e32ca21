"""HTML: one self-contained page (inline CSS and JS, no network) with the text annotated, every finding
highlighted by severity (colour and a letter), its details on hover and on keyboard focus, a findings table
that filters by severity and category and sorts, and the score with its breakdown and signature.

Rendered with Jinja2 and autoescaping, so every piece of input text and glossary text is escaped.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache
from typing import TextIO

from ..model import DocumentResult, Severity
from ..scoring import CorpusScore
from . import action

COLUMNS = (("doc", "document"), ("position", "line:col"), ("severity", "severity"), ("category", "category"),
           ("text", "text"), ("suggestion", "suggestion"), ("rule", "rule"), ("message", "message"))


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

    def begin(self) -> None:
        env = _environment()
        glossaries = [asdict(s) for s in self.info.glossary.sources]
        self.stream.write(env.get_template("head.html.j2").render(
            title=self.title, signature=self.info.signature(), version=self.info.version, glossaries=glossaries,
            weights=self.info.weights))

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
                "doc": finding.doc, "line": finding.line, "column": finding.column, "severity": str(finding.severity),
                "rank": int(finding.severity), "category": finding.category, "text": finding.text,
                "suggestion": finding.suggestion, "rule": finding.rule, "message": finding.message,
                "anchor": f"f-{self.index}-{number}", "position": len(self.rows),
            })
        pieces.append({"text": text[position:], "finding": None})
        counts = {str(s): result.count(s) for s in Severity}
        self.summary.append(result.summary_row())
        self.stream.write(_environment().get_template("document.html.j2").render(
            index=self.index, result=result, pieces=pieces, counts=counts))

    def end(self, corpus: CorpusScore) -> None:
        self.stream.write(_environment().get_template("tail.html.j2").render(
            rows=self.rows, categories=sorted(self.categories), columns=COLUMNS, summary=self.summary,
            corpus=corpus, weights=self.info.weights))
