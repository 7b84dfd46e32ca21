"""tqa: a translation-quality analyzer for machine-translated text.

The public API::

    import tqa
    result = tqa.analyze("posted on the official micro-signal of the central bank")
    result.findings, result.score, result.penalty, result.words, result.to_frame()
    glossary = tqa.load_glossary("zh-en-news")       # a bundled name or a file
    tqa.fix(text).text                      # the safe suggestions applied
"""

from __future__ import annotations

from ._version import __version__

from .analysis import analyze, analyze_all, bundled_glossary, resolve_glossary, with_references
from .checks.base import DocContext
from .pipeline import analyze_document
from .errors import GlossaryError, TqaError
from .glossary import Entry, Glossary, bundled_glossaries, default_glossary_path, glossary_path, load_glossary
from .model import (
    CATEGORIES, FINDING_COLUMNS, SUMMARY_COLUMNS, Document, DocumentResult, Finding, Segment, Severity,
)
from .scoring import CorpusScore, Weights, corpus_score, score
from .segment import segment
from .fix import FixResult, fix  # noqa: E402  (after the model: fix imports analysis lazily)
from .compare import Comparison, compare_systems  # noqa: E402

__all__ = [
    "__version__", "analyze", "analyze_all", "analyze_document", "bundled_glossary", "resolve_glossary", "DocContext",
    "GlossaryError", "TqaError", "Entry", "Glossary", "bundled_glossaries", "default_glossary_path", "glossary_path",
    "load_glossary",
    "CATEGORIES", "FINDING_COLUMNS", "SUMMARY_COLUMNS", "Document", "DocumentResult", "Finding", "Segment",
    "Severity", "CorpusScore", "Weights", "corpus_score", "score", "segment", "fix", "FixResult",
    "compare_systems", "Comparison", "with_references",
]
