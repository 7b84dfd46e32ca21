"""JSON: one object per document inside one top-level object that says how the numbers were made.

A document read as units (``--source``, XLIFF, TMX, PO, TSV) also lists, under ``units``, each unit that has
a finding: its id, where it starts in the file, its source and target, state and note, so that a tool can show
the pair and a CAT-tool user can jump to the unit. Only those units: a clean unit adds nothing, and the
report stays the size of its findings. ``units`` is null for plain text (a unit a line, no source).

Each document says how many findings suppression silenced (``suppressed_count``); with ``--show-suppressed``
it lists them under ``suppressed``, each with the reason (``"suppressed": "baseline"``). The header (version,
signature…) comes first but is written at the end, when the signature is complete (it names ``inline`` once an
inline comment silenced a finding): documents wait in a spool (memory up to a bound, then disk) meanwhile.

A large plain-text document read in a stream is written window by window: its findings wait in a spool of
their own until its summary (words, score) is known, then the document is written as if read whole, byte for
byte.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from typing import TextIO

from ..model import FINDING_COLUMNS, DocumentResult, Finding
from ..suppression import layer_of, ordered_layers
from ..scoring import CorpusScore
from .bitext import UnitIndex
from .base import Renderer, RenderOptions, spool


def _dumps(value) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates in the input: escape them so the output stays valid
        text = json.dumps(value, ensure_ascii=True, indent=2)
    return text




def finding_object(finding: Finding) -> dict:
    record = dict(zip(FINDING_COLUMNS, finding.row()))
    if finding.suppressed:
        record["suppressed"] = finding.suppressed
    return record


def document_object(result: DocumentResult, show_suppressed: bool = False, listed=None) -> dict:
    """The object of one document: its summary, then its findings (``listed``, default all of them)."""
    summary = result.summary_row()
    summary["finding_count"] = summary.pop("findings")
    summary["suppressed_count"] = summary.pop("suppressed")
    summary["penalty_per_kword"] = round(result.penalty_per_kword, 4)
    for name in result.metrics:
        summary.pop(name, None)
    if result.metrics:
        summary["metrics"] = {name: {"score": round(m.score, 4), "signature": m.signature, "text": m.text}
                              for name, m in result.metrics.items()}
        summary["segment_chrf"] = [round(c, 4) for c in result.segment_chrf]
    summary["findings"] = [finding_object(f) for f in (result.findings if listed is None else listed)]
    if show_suppressed:
        summary["suppressed"] = [finding_object(f) for f in result.suppressed]
    summary["units"] = units_with_findings(result, result.findings + (result.suppressed if show_suppressed else ()))
    return summary


def units_with_findings(result: DocumentResult, findings=None) -> list[dict] | None:
    """The units that have a finding (of ``findings``, default the result's), in document order (None for plain
    text)."""
    if result.units is None:
        return None
    findings = result.findings if findings is None else findings
    index = UnitIndex(result.units)
    positions = sorted({index.position(finding) for finding in findings}) if result.units else []
    return [unit_object(result.text, index.units[position]) for position in positions]


def unit_object(text: str, unit) -> dict:
    return {"id": unit.id, "line": unit.line or None, "source": unit.source, "target": text[unit.start:unit.end],
            "state": unit.state, "note": unit.note}


#: A finding inside a document object as the report writes it: two levels in (the findings list of a document,
#: which is one level inside the documents list), each level two spaces, the documents list's four.
_FINDING_INDENT = "\n" + " " * 8
_FINDINGS_KEY = '\n      "findings": [],\n    '  # in a document object with no findings, as the report indents it


class JsonRenderer(Renderer):
    name = "json"
    description = "one object: how the numbers were made, each document with its findings, the corpus"
    extensions = (".json",)
    streams = True

    def __init__(self, stream: TextIO, info, options: RenderOptions = RenderOptions()):
        super().__init__(stream, info, options)
        self.count = 0
        self.suppressed: Counter = Counter()  # by layer
        self.spool = spool()  # the documents, until the header is complete
        self.window_findings = None  # a streamed document's findings so far (a spool), and how many
        self.window_count = 0

    def _header(self) -> dict:
        return {
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

    def document(self, result: DocumentResult) -> None:
        self._count_suppressed(result)
        text = _dumps(document_object(result, self.options.show_suppressed)).replace("\n", "\n    ")
        self.spool.write(("," if self.count else "") + "\n    " + text)
        self.count += 1

    def window(self, window) -> None:
        if self.window_findings is None:
            self.window_findings = spool()
        # (A stream is valid UTF-8 (tqa.stream.NotStreamable): no lone surrogate, which would make the
        # whole document's object ASCII-escaped, not only the finding's.)
        pieces = [_FINDING_INDENT + _dumps(finding_object(f)).replace("\n", _FINDING_INDENT) for f in window.findings]
        if pieces:
            self.window_findings.write(("," if self.window_count else "") + ",".join(pieces))
            self.window_count += len(pieces)

    def streamed(self, result: DocumentResult) -> None:
        """The streamed document's object, its summary from ``result`` and its findings from the windows."""
        self._count_suppressed(result)
        # Its counts from the tally, its findings the windows' (the tally's stand-ins are not listed).
        text = _dumps(document_object(result, listed=())).replace("\n", "\n    ")
        head, key, tail = text.partition(_FINDINGS_KEY)
        assert key and key not in tail, "a document object has one findings list"
        self.spool.write(("," if self.count else "") + "\n    " + head)
        spool, self.window_findings, count, self.window_count = self.window_findings, None, self.window_count, 0
        if count:
            self.spool.write('\n      "findings": [')
            spool.seek(0)
            shutil.copyfileobj(spool, self.spool)
            self.spool.write("\n      ],\n    " + tail)
        else:
            self.spool.write(key + tail)
        if spool is not None:
            spool.close()
        self.count += 1

    def _count_suppressed(self, result: DocumentResult) -> None:
        """Count what suppression silenced in a document, by layer (a streamed document's ``suppressed`` is a
        tally: one finding of each reason, repeated)."""
        for finding in result.suppressed:
            self.suppressed[layer_of(finding.suppressed)] += 1

    def end(self, corpus: CorpusScore) -> None:
        body = _dumps(self._header())
        self.stream.write(body[:-2] + ',\n  "documents": [')
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.stream)
        self.spool.close()
        summary = {
            "documents": corpus.documents, "words": corpus.words, "penalty": round(corpus.penalty, 4),
            "score": round(corpus.score, 1), "penalty_per_kword": round(corpus.penalty_per_kword, 4),
            "suppressed": sum(self.suppressed.values()),
            "suppressed_by": dict(ordered_layers(self.suppressed)),
        }
        self.stream.write(("\n  " if self.count else "") + '],\n  "corpus": '
                          + _dumps(summary).replace("\n", "\n  ") + "\n}\n")
