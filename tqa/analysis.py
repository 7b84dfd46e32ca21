"""The analysis API: texts in, :class:`DocumentResult` out (the pipeline itself is :mod:`tqa.pipeline`).

Analysis never prints.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from .errors import TqaError

from .glossary import Glossary, load_glossary
from .model import Document, DocumentResult, Severity
from .pipeline import analyze_document
from .scoring import DEFAULT_WEIGHTS, Weights

if TYPE_CHECKING:  # pragma: no cover
    from .checks import Check


@lru_cache(maxsize=1)
def bundled_glossary() -> Glossary:
    """The bundled glossary, loaded and compiled once per process."""
    return load_glossary(None)


def resolve_glossary(glossary: "Glossary | str | Path | Sequence[str | Path] | None") -> Glossary:
    """A loaded :class:`Glossary` as it is; None for the bundled one; else a path (or several) to load."""
    if glossary is None:
        return bundled_glossary()
    if isinstance(glossary, Glossary):
        return glossary
    return load_glossary(glossary)


def read(path: str | Path, *, input_format: str | None = None, encoding: str | None = None,
         source: str | Path | None = None, columns: Sequence[str] | None = None, source_lang: str | None = None,
         target_lang: str | None = None) -> Document:
    """A file as a :class:`Document`, read by the reader of its format (``input_format``, else by its name's
    ending: plain text, XLIFF, TMX, PO, TSV/CSV); ``source`` is a line-aligned source for plain text.

    >>> doc = tqa.read("article.en", source="article.zh")
    >>> doc.units[0].source, doc.text[doc.units[0].start:doc.units[0].end]
    """
    from .inputs import Source, read_document
    from .readers import ReadOptions

    options = ReadOptions(encoding=encoding, source=str(source) if source is not None else None,
                          columns=tuple(columns) if columns else None, source_language=source_lang,
                          target_language=target_lang)
    document, _ = read_document(Source(str(path)), input_format=input_format, options=options)
    return document


def analyze(text: str, glossary: "Glossary | str | Path | None" = None, *, doc_id: str = "<text>",
            checks: Sequence["Check"] | None = None, weights: Weights = DEFAULT_WEIGHTS,
            min_severity: Severity | str | None = None, target_lang: str | None = None) -> DocumentResult:
    """Analyse one text. ``glossary`` is a loaded :class:`Glossary`, a path, or None for the bundled one;
    ``checks`` default to all of them (see :func:`tqa.checks.select_checks`).

    >>> tqa.analyze("posted on the official micro-signal").findings[0].suggestion
    'official WeChat account'
    """
    return analyze_document(Document(doc_id, text), resolve_glossary(glossary), checks=checks, weights=weights,
                            min_severity=_severity(min_severity), target_lang=target_lang)


def analyze_all(documents: Iterable["Document | str | tuple[str, str]"],
                glossary: "Glossary | str | Path | None" = None, *, checks: Sequence["Check"] | None = None,
                weights: Weights = DEFAULT_WEIGHTS, min_severity: Severity | str | None = None,
                target_lang: str | None = None) -> Iterator[DocumentResult]:
    """Analyse many documents one at a time (a generator, so a corpus is never held in memory).

    Each document is a :class:`Document`, a ``(doc_id, text)`` pair, or a text (named ``<text N>``). The
    glossary is loaded once, as in :func:`analyze`.
    """
    loaded = resolve_glossary(glossary)
    severity = _severity(min_severity)
    for number, document in enumerate(documents, 1):
        if isinstance(document, str):
            document = Document(f"<text {number}>", document)
        elif not isinstance(document, Document):
            doc_id, text = document
            document = Document(str(doc_id), text)
        yield analyze_document(document, loaded, checks=checks, weights=weights, min_severity=severity,
                               target_lang=target_lang)


def with_references(result: DocumentResult, references: Sequence["str | Sequence[str]"],
                    reference_names: Sequence[str] | None = None, *, tokenize: str | None = None,
                    lowercase: bool = False, metric_names: Sequence[str] = ("bleu", "chrf", "ter")) -> DocumentResult:
    """``result`` with BLEU, chrF and TER against line-aligned references, and chrF per line.

    Each reference is a text (split into lines as tqa splits every text) or a list of its lines; the result's
    text must have as many lines. ``reference_names`` name them in error messages (default ``ref1``, ``ref2``…).
    """
    from dataclasses import replace

    from .metrics import check_aligned, corpus_scores, segment_chrf, split_lines

    references = [split_lines(r) if isinstance(r, str) else list(r) for r in references]
    if not references:
        raise TqaError("with_references needs at least one reference")
    names = list(reference_names) if reference_names is not None else [f"ref{i}" for i in range(1, len(references) + 1)]
    lines = split_lines(result.text)
    check_aligned(result.doc, lines, references, names)
    return replace(result, metrics=corpus_scores(lines, references, tokenize=tokenize, lowercase=lowercase,
                                                 names=metric_names),
                   segment_chrf=tuple(segment_chrf(lines, references, lowercase=lowercase)))


def _severity(value: Severity | str | None) -> Severity | None:
    return Severity.parse(value) if isinstance(value, str) else value
