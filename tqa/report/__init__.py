"""Renderers: one module per output format. Renderers never analyse; they format results as they arrive.

Every renderer has the same three verbs: ``begin()``, ``document(result)`` for each result as it is produced
(so a corpus is streamed, never collected), and ``end(corpus)``.
"""

from __future__ import annotations

import re
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
    target_lang: str | None = None  # the language the text should be in (the language check's target)
    extra: dict = field(default_factory=dict)

    def signature(self) -> str:
        return run_signature(self.version, self.glossary, self.weights, self.checks,
                             min_severity=self.min_severity, target_lang=self.target_lang)


def run_signature(version: str, glossary: Glossary, weights: Weights, checks, *, min_severity: str | None = None,
                  target_lang: str | None = None) -> str:
    """Like sacrebleu's signatures: every setting that decides a tqa score, so two people can tell whether
    their scores are comparable: tqa version, glossary name@version#hash, weights, the checks that ran, the
    target language and langdetect's seed (when the language check ran), and the least severity counted."""
    from ..checks.language import SEED, target_language

    names = list(checks)
    parts = [f"tqa:{version}", f"glossary:{glossary.signature()}", f"weights:{weights.describe()}",
             f"checks:{','.join(names)}"]
    if "language" in names:
        parts += [f"lang:{target_language(target_lang, glossary)}", f"langdetect-seed:{SEED}"]
    parts.append(f"min-severity:{min_severity or 'minor'}")
    return "|".join(parts)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with every lone surrogate (from input that was not valid Unicode) replaced by U+FFFD; a high
    and a low surrogate in a row (as ``\\ud83d\\ude00`` decodes with unicode_escape) become the character
    they encode. Every report is UTF-8, which cannot hold a lone surrogate."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def display(text: str) -> str:
    """``text`` made safe to print on a terminal: control characters other than tab and line breaks (terminal
    escape sequences among them) shown as ``\\xNN`` escapes, and :func:`without_surrogates`."""
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return without_surrogates(text)


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
