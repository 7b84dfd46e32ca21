"""``tqa check --statistics``: how many findings each rule has, instead of the findings, as ruff prints it::

    2  pboc-cpc-central-bank                [*]  中共央行 is the People's Bank of China (or "the Chinese central bank"), …
    1  complete-data-full-amount            [*]  全量数据 is "complete data" / "all the data".
    1  consistency.chinese-communist-party       one name for one thing: Communist Party of China / …

Sorted by count (then by code). ``[*]`` marks a rule ``tqa fix`` applies to at least one of its findings; the
summary is the rule's one-line description (``tqa.checks.known_rules``). With ``--format json`` the same as a
list of objects, for tools. Not a ``--format`` of its own: it is a view of any run, so it is not registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from ..model import DocumentResult, Finding
from ..scoring import CorpusScore
from . import display
from .base import Renderer, RenderOptions
from .ci import one_line, planned_fixes, planned_fixes_in_window
from .json import _dumps

#: The report formats ``--statistics`` can be written in.
FORMATS = ("text", "json")


@dataclass
class RuleCount:
    code: str
    count: int
    fixable: bool
    first: Finding


class StatisticsRenderer(Renderer):
    name = "statistics"
    description = "findings counted per rule (--statistics)"
    streams = True

    def __init__(self, stream: TextIO, info, options: RenderOptions = RenderOptions(), *, as_json: bool = False):
        super().__init__(stream, info, options)
        self.as_json = as_json
        self.counts: dict[str, RuleCount] = {}

    def document(self, result: DocumentResult) -> None:
        self._count(result.findings, planned_fixes(result))

    def window(self, window) -> None:
        self._count(window.findings, planned_fixes_in_window(window))

    def _count(self, findings, fixes: dict) -> None:
        for finding in findings:
            entry = self.counts.get(finding.rule)
            if entry is None:
                entry = self.counts[finding.rule] = RuleCount(finding.rule, 0, False, finding)
            entry.count += 1
            entry.fixable = entry.fixable or id(finding) in fixes

    def rows(self) -> list[dict]:
        """One row per rule with a finding, the most frequent first."""
        from ..checks import known_rules

        known = known_rules(self.info.glossary) if self.counts else {}
        ordered = sorted(self.counts.values(), key=lambda entry: (-entry.count, entry.code))
        return [{"count": entry.count, "code": entry.code, "fixable": entry.fixable,
                 "summary": one_line(known.get(entry.code) or entry.first.message or ""),
                 "check": entry.first.check, "category": entry.first.category}
                for entry in ordered]

    def end(self, corpus: CorpusScore) -> None:
        rows = self.rows()
        if self.as_json:
            self.stream.write(_dumps(rows) + "\n")
            return
        if not rows:
            return
        count_width = max(len(str(row["count"])) for row in rows)
        code_width = max(len(display(row["code"])) for row in rows)
        for row in rows:
            mark = "[*]" if row["fixable"] else "   "
            line = f"{row['count']:>{count_width}}  {display(row['code']):<{code_width}}  {mark}  {row['summary']}"
            self.stream.write(line.rstrip() + "\n")
