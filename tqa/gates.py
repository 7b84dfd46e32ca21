"""The quality gates: what makes ``tqa check`` exit 1 (and what a CI job or a script asks of a result).

Three gates, as ruff and Vale have them, each off when its option is None:

* ``fail_on`` (default ``major``): a finding of that severity or worse. The default is ``major`` because a
  minor finding is a matter of style (a doubled space, a stiff phrase) while a major one changes what the text
  says (a wrong term, a changed number, a dropped sentence): CI should fail on meaning, not on style.
* ``fail_under``: a document scoring below the score. A per-document score is harsh on short documents (a
  nine-word line with one major finding scores 44), hence
* ``fail_under_corpus``: the corpus score (summed penalty over summed words, :class:`~tqa.scoring.CorpusScore`)
  below the score.

The gates see what is reported: the findings of ``result.findings``, after ``--min-severity`` (and any
suppression) has taken findings out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import DocumentResult, Severity

if TYPE_CHECKING:  # pragma: no cover
    from .scoring import CorpusScore

#: ``--fail-on``'s default: findings that change meaning fail CI, matters of style do not.
DEFAULT_FAIL_ON = Severity.MAJOR


@dataclass(frozen=True)
class GateFailure:
    """One gate that one document (or the corpus, ``doc`` None) failed: the option that set the gate, as the
    user wrote it (``--fail-on major``), and what failed it."""

    gate: str
    doc: str | None
    reason: str

    def __str__(self) -> str:
        from .report import display

        where = f"{display(self.doc)}: " if self.doc is not None else ""
        return f"{where}{self.reason} ({self.gate})"


@dataclass(frozen=True)
class QualityGate:
    """A document fails when it has a finding of severity ``fail_on`` or worse, or scores below ``fail_under``;
    the corpus fails when its score is below ``fail_under_corpus``. ``QualityGate()`` is ``tqa check``'s
    default: fail on major findings."""

    fail_under: float | None = None
    fail_on: Severity | None = DEFAULT_FAIL_ON
    fail_under_corpus: float | None = None

    def document_failures(self, result: DocumentResult) -> list[GateFailure]:
        """The gates ``result`` fails (empty when it passes)."""
        failures = []
        if self.fail_on is not None:
            above = [f.severity for f in result.findings if f.severity >= self.fail_on]
            if above:
                count = f"{len(above)} finding{'s' if len(above) != 1 else ''}"
                worst = max(above)
                reason = (f"{count} at or above {self.fail_on}" if worst == self.fail_on
                          else f"{count} at or above {self.fail_on}, the worst {worst}")
                failures.append(GateFailure(f"--fail-on {self.fail_on}", result.doc, reason))
        if self.fail_under is not None and round(result.score, 1) < self.fail_under:
            failures.append(GateFailure(f"--fail-under {self.fail_under:g}", result.doc,
                                        f"score {result.score:.1f} is below {self.fail_under:g}"))
        return failures

    def corpus_failures(self, corpus: "CorpusScore") -> list[GateFailure]:
        """The corpus gate, once every document is in (empty when it passes or is off)."""
        if self.fail_under_corpus is not None and round(corpus.score, 1) < self.fail_under_corpus:
            documents = f"{corpus.documents} document{'s' if corpus.documents != 1 else ''}"
            return [GateFailure(f"--fail-under-corpus {self.fail_under_corpus:g}", None,
                                f"corpus score {corpus.score:.1f} ({documents}, {corpus.words:,} words) is below "
                                f"{self.fail_under_corpus:g}")]
        return []

    def failures(self, result: DocumentResult) -> list[str]:
        """Why ``result`` fails the document gates, one line each (empty when it passes)."""
        return [str(failure) for failure in self.document_failures(result)]

    def passes(self, result: DocumentResult) -> bool:
        return not self.document_failures(result)


@dataclass
class GateRun:
    """The gates over one run: each document as it is analysed, then the corpus. Keeps the failures (one per
    gate and failing document, not the documents), so that a corpus costs no memory per passing document."""

    gate: QualityGate
    failed: list[GateFailure] = field(default_factory=list)

    def add(self, result: DocumentResult) -> None:
        self.failed.extend(self.gate.document_failures(result))

    def finish(self, corpus: "CorpusScore") -> None:
        self.failed.extend(self.gate.corpus_failures(corpus))

    @property
    def passed(self) -> bool:
        return not self.failed

    def messages(self, limit: int = 10) -> list[str]:
        """One line per failure, at most ``limit`` per gate and then how many more documents failed it (a gate
        that fails ten thousand documents should not bury the rest of stderr)."""
        shown: dict[str, int] = {}
        more: dict[str, int] = {}
        lines = []
        for failure in self.failed:
            if shown.get(failure.gate, 0) < limit:
                shown[failure.gate] = shown.get(failure.gate, 0) + 1
                lines.append(str(failure))
            else:
                more[failure.gate] = more.get(failure.gate, 0) + 1
        for gate, count in more.items():
            lines.append(f"… and {count} more document{'s' if count != 1 else ''} ({gate})")
        return lines
