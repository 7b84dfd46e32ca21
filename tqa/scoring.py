"""MQM-style penalties and the score (DESIGN.md, "The score")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .model import Severity, penalty_per_kword

PUNCTUATION_CATEGORY = "Fluency/Punctuation"


@dataclass(frozen=True)
class Weights:
    """Penalty per finding by severity; minor punctuation counts ``minor_punctuation`` (Google MQM data)."""

    minor: float = 1.0
    major: float = 5.0
    critical: float = 25.0
    minor_punctuation: float = 0.1

    def penalty(self, severity: Severity, category: str) -> float:
        if severity == Severity.MINOR:
            return self.minor_punctuation if category == PUNCTUATION_CATEGORY else self.minor
        return self.major if severity == Severity.MAJOR else self.critical

    def describe(self) -> str:
        return f"minor={self.minor:g},major={self.major:g},critical={self.critical:g},punct={self.minor_punctuation:g}"


DEFAULT_WEIGHTS = Weights()


def score(penalty: float, words: int) -> float:
    """``max(0, 100 - 100 * penalty / words)``; an empty text with no penalty scores 100."""
    if words <= 0:
        return 100.0 if penalty <= 0 else 0.0
    return max(0.0, 100.0 - 100.0 * penalty / words)


@dataclass(frozen=True)
class CorpusScore:
    """A corpus score: computed from the summed penalty and words, never by averaging documents."""

    documents: int
    words: int
    penalty: float

    @property
    def score(self) -> float:
        return score(self.penalty, self.words)

    @property
    def penalty_per_kword(self) -> float:
        return penalty_per_kword(self.penalty, self.words)


class CorpusTotals:
    """The running totals of a corpus analysed one document at a time (nothing else of a document is kept)."""

    def __init__(self) -> None:
        self.documents = 0
        self.words = 0
        self.penalty = 0.0

    def add(self, result) -> None:
        self.documents += 1
        self.words += result.words
        self.penalty += result.penalty

    def score(self) -> CorpusScore:
        return CorpusScore(self.documents, self.words, self.penalty)


def corpus_score(results: Iterable) -> CorpusScore:
    """Sum penalties and words over ``DocumentResult`` objects."""
    documents = words = 0
    penalty = 0.0
    for result in results:
        documents += 1
        words += result.words
        penalty += result.penalty
    return CorpusScore(documents, words, penalty)
