"""tqa: a translation-quality analyzer for machine-translated text.

The public API (everything the command line does; the README's "Python API" has more)::

    import tqa
    result = tqa.analyze("posted on the official micro-signal of the central bank")
    result.findings, result.score, result.penalty, result.words, result.to_frame()
    glossary = tqa.load_glossary("zh-en-news")            # a bundled name or a file
    document = tqa.read("news.xlf")                      # any format tqa reads: units with source and target
    result = tqa.analyze_document(document, glossary)
    tqa.fix(text).text                                   # the safe suggestions applied
    tqa.fix_file("news.xlf").fixed                       # the file's bytes, fixed, in its own format
    layers = tqa.Suppression.load(glossary, find=True, baseline="tqa-baseline.json")   # .tqaignore, baseline
    result = tqa.analyze_document(document, glossary, suppression=layers.for_document(document, "news.xlf"))
    result.suppressed                                    # the findings silenced, each with .suppressed (why)
"""

from __future__ import annotations

from ._version import __version__
from .analysis import analyze, analyze_all, bundled_glossary, read, resolve_glossary, with_references
from .checks.base import DocContext
from .compare import Comparison, compare_systems
from .errors import GlossaryError, TqaError
from .fix import FileFix, FixResult, fix, fix_document, fix_file
from .gates import QualityGate
from .glossary import Entry, Glossary, bundled_glossaries, default_glossary_path, glossary_path, load_glossary
from .model import (
    CATEGORIES, FINDING_COLUMNS, SUMMARY_COLUMNS, Document, DocumentResult, Finding, Segment, Severity, Unit,
)
from .pipeline import analyze_document
from .scoring import CorpusScore, CorpusTotals, Weights, corpus_score, score
from .segment import segment
from .suppression import Suppression

__all__ = [
    "__version__", "analyze", "analyze_all", "analyze_document", "read", "bundled_glossary", "resolve_glossary",
    "DocContext", "GlossaryError", "TqaError", "Entry", "Glossary", "bundled_glossaries", "default_glossary_path",
    "glossary_path", "load_glossary", "CATEGORIES", "FINDING_COLUMNS", "SUMMARY_COLUMNS", "Document",
    "DocumentResult", "Finding", "Segment", "Severity", "Unit", "CorpusScore", "CorpusTotals", "Weights",
    "corpus_score", "score", "segment", "fix", "fix_document", "fix_file", "FixResult", "FileFix", "QualityGate",
    "compare_systems", "Comparison", "with_references", "Suppression",
]
