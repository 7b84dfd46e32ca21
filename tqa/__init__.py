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

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING

from ._version import __version__

# The API is imported on first use (``tqa.analyze`` imports the analysis modules then): ``import tqa`` and
# the command line stay fast, and a ``tqa check`` of one small file never imports what it does not use.
_LAZY = {
    "analyze": "analysis", "analyze_all": "analysis", "bundled_glossary": "analysis", "read": "analysis",
    "resolve_glossary": "analysis", "with_references": "analysis",
    "DocContext": "checks.base",
    "Comparison": "compare", "compare_systems": "compare",
    "GlossaryError": "errors", "TqaError": "errors",
    "FileFix": "fix", "FixResult": "fix", "fix_document": "fix", "fix_file": "fix",
    "QualityGate": "gates",
    "Entry": "glossary", "Glossary": "glossary", "bundled_glossaries": "glossary",
    "default_glossary_path": "glossary", "glossary_path": "glossary", "load_glossary": "glossary",
    "CATEGORIES": "model", "FINDING_COLUMNS": "model", "SUMMARY_COLUMNS": "model", "Document": "model",
    "DocumentResult": "model", "Finding": "model", "Segment": "model", "Severity": "model", "Unit": "model",
    "analyze_document": "pipeline",
    "CorpusScore": "scoring", "CorpusTotals": "scoring", "Weights": "scoring", "corpus_score": "scoring",
    "score": "scoring",
    "Suppression": "suppression",
}

#: Functions that share their names with their modules: ``tqa.fix`` and ``tqa.segment`` are the functions, also
#: once the modules are imported (importing ``tqa.fix`` sets the package's attribute ``fix`` to the module, which
#: :class:`_Package` turns into the module's function). Both are imported on first use, like the rest.
_SHADOWED = {"fix": "fix", "segment": "segment"}
_LAZY.update(_SHADOWED)


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType) and \
                value.__name__ == f"{__name__}.{_SHADOWED[name]}":
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tqa' has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once: later look-ups do not come back here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:  # pragma: no cover
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
