"""JSON: one object per document inside one top-level object that says how the numbers were made.

A document read as units (``--source``, XLIFF, TMX, PO, TSV) also lists, under ``units``, each unit that has
a finding: its id, where it starts in the file, its source and target, state and note, so that a tool can show
the pair and a CAT-tool user can jump to the unit. Only those units: a clean unit adds nothing, and the
report stays the size of its findings. ``units`` is null for plain text (a unit a line, no source).
"""

from __future__ import annotations

import json
from typing import TextIO

from ..model import FINDING_COLUMNS, DocumentResult
from ..scoring import CorpusScore
from .bitext import UnitIndex
from .base import Renderer, RenderOptions


def _dumps(value) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates in the input: escape them so the output stays valid
        text = json.dumps(value, ensure_ascii=True, indent=2)
    return text


def document_object(result: DocumentResult) -> dict:
    summary = result.summary_row()
    summary["finding_count"] = summary.pop("findings")
    summary["penalty_per_kword"] = round(result.penalty_per_kword, 4)
    for name in result.metrics:
        summary.pop(name, None)
    if result.metrics:
        summary["metrics"] = {name: {"score": round(m.score, 4), "signature": m.signature, "text": m.text}
                              for name, m in result.metrics.items()}
        summary["segment_chrf"] = [round(c, 4) for c in result.segment_chrf]
    summary["findings"] = [dict(zip(FINDING_COLUMNS, f.row())) for f in result.findings]
    summary["units"] = units_with_findings(result)
    return summary


def units_with_findings(result: DocumentResult) -> list[dict] | None:
    """The units that have a finding, in document order (None for plain text)."""
    if result.units is None:
        return None
    index = UnitIndex(result.units)
    positions = sorted({index.position(finding) for finding in result.findings}) if result.units else []
    return [unit_object(result.text, index.units[position]) for position in positions]


def unit_object(text: str, unit) -> dict:
    return {"id": unit.id, "line": unit.line or None, "source": unit.source, "target": text[unit.start:unit.end],
            "state": unit.state, "note": unit.note}


class JsonRenderer(Renderer):
    name = "json"
    description = "one object: how the numbers were made, each document with its findings, the corpus"
    extensions = (".json",)

    def __init__(self, stream: TextIO, info, options: RenderOptions = RenderOptions()):
        super().__init__(stream, info, options)
        self.count = 0

    def begin(self) -> None:
        header = {
            "tqa_version": self.info.version,
            "signature": self.info.signature(),
            "glossaries": [
                {"name": s.name, "version": s.version, "path": s.path, "sha256": s.sha256, "entries": s.entries}
                for s in self.info.glossary.sources
            ],
            "weights": {
                "minor": self.info.weights.minor, "major": self.info.weights.major,
                "critical": self.info.weights.critical, "minor_punctuation": self.info.weights.minor_punctuation,
            },
            "checks": list(self.info.checks),
            "min_severity": self.info.min_severity,
        }
        body = _dumps(header)
        self.stream.write(body[:-2] + ',\n  "documents": [')

    def document(self, result: DocumentResult) -> None:
        text = _dumps(document_object(result)).replace("\n", "\n    ")
        self.stream.write(("," if self.count else "") + "\n    " + text)
        self.count += 1

    def end(self, corpus: CorpusScore) -> None:
        summary = {
            "documents": corpus.documents, "words": corpus.words, "penalty": round(corpus.penalty, 4),
            "score": round(corpus.score, 1), "penalty_per_kword": round(corpus.penalty_per_kword, 4),
        }
        self.stream.write(("\n  " if self.count else "") + '],\n  "corpus": '
                          + _dumps(summary).replace("\n", "\n  ") + "\n}\n")
