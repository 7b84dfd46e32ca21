"""The glossary check: known MT errors listed in the loaded glossaries."""

from __future__ import annotations

from typing import Iterable

from .base import Check
from ..model import Finding


class GlossaryCheck(Check):
    name = "glossary"
    description = "phrases the glossary lists as known machine-translation errors"

    def rules(self, glossary) -> dict[str, str]:
        # A term entry without match/regex has nothing this check can find: its rule is the term check's.
        return {e.id: e.note or f"{', '.join(e.match) or e.regex} → {e.suggestion or '(review)'}"
                for e in glossary.entries if e.match or e.regex}

    def run(self, ctx) -> Iterable[Finding]:
        entries = ctx.glossary.entries
        for match in ctx.glossary.matcher.find(ctx.text, ctx.segmentation, ctx.buffer, notes=ctx.notes,
                                               barriers=ctx.unit_barriers(),
                                               doc=ctx.document.id):
            entry = entries[match.entry]
            found = ctx.text[match.start:match.end]
            yield ctx.finding(
                match.start, match.end, rule=entry.id, check=self.name, category=entry.category,
                severity=entry.severity, suggestion=entry.suggestion, message=_message(entry, found),
                autofix=entry.autofix and bool(entry.suggest), note=entry.note,
            )


def _message(entry, found: str) -> str:
    if entry.note:
        return entry.note
    if entry.suggestion:
        return f'"{found}" is a known machine-translation error; use "{entry.suggestion}"'
    return f'"{found}" is a known machine-translation error; a human must decide how to fix it'
