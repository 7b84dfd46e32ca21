"""Renderers: one module per output format. Renderers never analyse; they format results as they arrive.

Every renderer has the same three verbs: ``begin()``, ``document(result)`` for each result as it is produced
(so a corpus is streamed, never collected), and ``end(corpus)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

from ..glossary import Glossary
from ..scoring import Weights


@dataclass
class RunInfo:
    """What every report states about how its numbers were computed."""

    version: str
    glossary: Glossary
    weights: Weights
    checks: tuple[str, ...]
    min_severity: str | None = None
    extra: dict = field(default_factory=dict)

    def signature(self) -> str:
        return run_signature(self.version, self.glossary, self.weights, self.checks)


def run_signature(version: str, glossary: Glossary, weights: Weights, checks) -> str:
    """Like sacrebleu's signatures: everything that decides a tqa score, so two people can tell whether
    their scores are comparable (tqa version, glossary name@version#hash, weights, checks, langdetect seed)."""
    from ..checks.language import SEED

    names = list(checks)
    seed = f"|langdetect-seed:{SEED}" if "language" in names else ""
    return (f"tqa:{version}|glossary:{glossary.signature()}|weights:{weights.describe()}"
            f"|checks:{','.join(names)}{seed}")


def action(finding) -> str:
    """What to do with a finding that has no suggestion: delete it, translate it, or review it."""
    if finding.category == "Accuracy/Addition":
        return "delete"
    if finding.category == "Accuracy/Untranslated text":
        return "translate"
    return "review"


FORMATS = ("text", "csv", "json", "html", "annotated")


def make_renderer(fmt: str, stream: TextIO, info: RunInfo, *, color: bool = False, raw_csv: bool = False):
    if fmt == "text":
        from .text import TextRenderer

        return TextRenderer(stream, info, color=color)
    if fmt == "csv":
        from .csv import CsvRenderer

        return CsvRenderer(stream, info, raw=raw_csv)
    if fmt == "json":
        from .json import JsonRenderer

        return JsonRenderer(stream, info)
    if fmt == "html":
        from .html import HtmlRenderer

        return HtmlRenderer(stream, info)
    if fmt == "annotated":
        from .annotated import AnnotatedRenderer

        return AnnotatedRenderer(stream, info)
    raise ValueError(f"unknown format {fmt!r}")
