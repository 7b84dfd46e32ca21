"""The quality gate: what makes ``tqa check`` exit 1 (and what a CI job or a script asks of a result)."""

from __future__ import annotations

from dataclasses import dataclass

from .model import DocumentResult, Severity


@dataclass(frozen=True)
class QualityGate:
    """A document fails when it scores below ``fail_under`` or has a finding of severity ``fail_on`` or worse."""

    fail_under: float | None = None
    fail_on: Severity | None = None

    def failures(self, result: DocumentResult) -> list[str]:
        """Why ``result`` fails the gate, one line each (empty when it passes)."""
        from .report import display

        failures = []
        if self.fail_under is not None and round(result.score, 1) < self.fail_under:
            failures.append(f"{display(result.doc)}: score {result.score:.1f} is below {self.fail_under:g}")
        if self.fail_on is not None:
            worst = max((f.severity for f in result.findings), default=None)
            if worst is not None and worst >= self.fail_on:
                failures.append(f"{display(result.doc)}: has a {worst} finding (--fail-on {self.fail_on})")
        return failures

    def passes(self, result: DocumentResult) -> bool:
        return not self.failures(result)
