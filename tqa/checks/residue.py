"""Page residue: lines of web-page chrome ("Recent Comments", "Share this:", "Source: …", lone URLs…).

The patterns are data, not code: ``tqa/data/residue.yaml``, a glossary of whole-line regex entries, loaded,
validated (its examples included) and compiled once per process.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .base import Check
from ..model import Finding
from ..rules import entry_rule

RESIDUE_FILE = Path(__file__).resolve().parent.parent / "data" / "residue.yaml"


@lru_cache(maxsize=1)
def residue_glossary():
    from ..glossary import load_glossary

    return load_glossary(RESIDUE_FILE)


class ResidueCheck(Check):
    name = "residue"
    description = "lines of web-page chrome: 'Recent Comments', 'Share this:', bylines, lone URLs, notices"

    def __init__(self, glossary=None):
        self.glossary = glossary

    def rules(self, glossary) -> dict[str, str]:
        return {f"residue.{e.id}": replace(entry_rule(e, self.name), code=f"residue.{e.id}", glossary="",
                                           summary=e.note.split("; ")[0])
                for e in (self.glossary or residue_glossary()).entries}

    def run(self, ctx) -> Iterable[Finding]:
        glossary = self.glossary or residue_glossary()
        entries = glossary.entries
        for match in glossary.matcher.find(ctx.text, ctx.segmentation, ctx.buffer, notes=ctx.notes,
                                           doc=ctx.document.id):
            entry = entries[match.entry]
            yield ctx.finding(match.start, match.end, rule=f"residue.{entry.id}", check=self.name,
                              category=entry.category, severity=entry.severity, suggestion="",
                              message=entry.note, autofix=entry.autofix, note=entry.note)
