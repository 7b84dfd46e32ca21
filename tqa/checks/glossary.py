"""The glossary check: known MT errors listed in the loaded glossaries.

With a source, an entry's ``when_source`` decides whether it fires in a unit: ``present`` only where the unit's
source holds one of the entry's ``source`` terms, ``absent`` only where it holds none (a term entry's ``match``
is ``present`` without saying so). A unit without a source, and plain text, have nothing to decide on: there
every entry fires.
"""

from __future__ import annotations

from typing import Iterable

from .base import Check
from .terms import compiled_terms, source_allows
from ..model import Finding
from ..rules import Rule, entry_rule


class GlossaryCheck(Check):
    name = "glossary"
    description = "phrases the glossary lists as known machine-translation errors"

    def rules(self, glossary) -> dict[str, Rule]:
        # A term entry without match/regex has nothing this check can find: its rule is the term check's.
        return {e.code: entry_rule(e, self.name) for e in glossary.entries if e.match or e.regex}

    def run(self, ctx) -> Iterable[Finding]:
        entries = ctx.glossary.entries
        present: dict[int, set[int]] = {}  # unit start -> the entries whose source terms its source holds
        for match in ctx.glossary.matcher.find(ctx.text, ctx.segmentation, ctx.buffer, notes=ctx.notes,
                                               barriers=ctx.unit_barriers(),
                                               doc=ctx.document.id):
            entry = entries[match.entry]
            if entry.source_condition is not None and ctx.units and not _source_allows(ctx, match, present):
                continue
            found = ctx.text[match.start:match.end]
            yield ctx.finding(
                match.start, match.end, rule=entry.code, check=self.name, category=entry.category,
                severity=entry.severity, suggestion=entry.suggestion, message=_message(entry, found),
                autofix=entry.autofix and bool(entry.suggest), note=entry.note,
            )


def _source_allows(ctx, match, present: dict[int, set[int]]) -> bool:
    """``when_source`` in the unit of ``match`` (always true in a unit without a source)."""
    unit = ctx.unit_at(match.start)
    if unit is None or unit.source is None:
        return True
    terms = present.get(unit.start)
    if terms is None:
        terms = present[unit.start] = {o.entry for o in compiled_terms(ctx.glossary).sources.find(unit.source)}
    return source_allows(ctx.glossary.entries[match.entry], match.entry, terms)


def _message(entry, found: str) -> str:
    if entry.note:
        return entry.note
    if entry.suggestion:
        return f'"{found}" is a known machine-translation error; use "{entry.suggestion}"'
    return f'"{found}" is a known machine-translation error; a human must decide how to fix it'
