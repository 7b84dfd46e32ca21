"""Comparing MT systems on a test set: tqa's findings and score beside BLEU, chrF and TER.

``compare_systems`` analyses every system output (line-aligned with the references), computes the corpus
metrics through sacrebleu, and, against a baseline, runs sacrebleu's paired significance test (bootstrap
resampling or approximate randomization) on each selected metric, and the same test on tqa's penalty per
1,000 words over segments, with the same seed (``SACREBLEU_SEED``, default 12345) and the same p-value and
confidence-interval rules as sacrebleu. Approximate randomization gives p-values only: no intervals.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np

from .analysis import resolve_glossary
from .errors import TqaError
from .glossary import Glossary
from .metrics import METRICS, check_aligned, corpus_scores, make_metrics, split_lines
from .model import Document, DocumentResult, Severity, penalty_per_kword
from .pipeline import analyze_document
from .scoring import Weights

#: The category of text left untranslated (Chinese left in or copied from the source, a transliteration the
#: glossary lists such as "Xiaobian"), counted per segment by compare.
UNTRANSLATED = "Accuracy/Untranslated text"

#: Columns of the comparison table, and for each whether a higher value is better (for sorting).
COLUMNS = {
    "system": None, "words": None, "findings": False, "minor": False, "major": False, "critical": False,
    "penalty_per_kword": False, "score": True, "bleu": True, "chrf": True, "ter": False, "untranslated": False,
}
#: The paired tests, as sacrebleu names them, and their default number of resamples (bs) or trials (ar).
TESTS = {"bs": 1000, "ar": 10000}


@dataclass
class SystemResult:
    name: str
    result: DocumentResult
    lines: list[str]
    untranslated: int  # segments (lines) with an Accuracy/Untranslated text finding (language, copies, glossary)

    def __repr__(self) -> str:  # the result holds the whole text: keep the repr to what identifies it
        return (f"SystemResult(name={self.name!r}, words={self.result.words}, "
                f"findings={len(self.result.findings)}, score={self.result.score:.1f})")

    def row(self) -> dict:
        r = self.result
        return {
            "system": self.name, "words": r.words, "findings": len(r.findings),
            "minor": r.count(Severity.MINOR), "major": r.count(Severity.MAJOR),
            "critical": r.count(Severity.CRITICAL), "penalty_per_kword": round(r.penalty_per_kword, 4),
            "score": round(r.score, 2), **{name: round(m.score, 4) for name, m in r.metrics.items()},
            "untranslated": self.untranslated,
        }


@dataclass
class Comparison:
    systems: list[SystemResult]
    signatures: dict[str, str]  # metric -> sacrebleu signature
    metrics: tuple[str, ...] = ()  # the reference metrics computed, in METRICS order
    baseline: str | None = None
    # One row per system against the baseline: for each tested metric ``m``: ``m``, ``m_p`` and (bootstrap
    # only) ``m_ci``; then ``penalty_per_kword``, ``penalty_p`` and (bootstrap only) ``penalty_ci``.
    significance: list[dict] = field(default_factory=list)
    test: str = ""

    def __repr__(self) -> str:
        return (f"Comparison(systems={[s.name for s in self.systems]!r}, metrics={list(self.metrics)!r}, "
                f"baseline={self.baseline!r}, test={self.test!r})")

    def to_frame(self, sort: str | None = None):
        """One row per system: words, findings by severity, penalty per 1,000 words, score, the metrics and
        the untranslated segments; sorted best first by ``sort`` (a column), else in the order given."""
        import pandas as pd

        frame = pd.DataFrame([s.row() for s in self.systems])
        if sort:
            if sort not in COLUMNS:
                raise TqaError(f"cannot sort by {sort!r} (columns: {', '.join(COLUMNS)})")
            if sort not in frame.columns:
                raise TqaError(f"cannot sort by {sort}: it was not computed "
                               f"(metrics: {', '.join(self.metrics) or 'none'})")
            higher_better = COLUMNS[sort]
            frame = frame.sort_values(sort, ascending=not higher_better if higher_better is not None else True,
                                      kind="stable")
        return frame.reset_index(drop=True)

    def significance_frame(self):
        """The p-values (and intervals) against the baseline, one row per system, keyed by ``system``;
        no rows without a baseline. Scores are left out: they are in :meth:`to_frame`."""
        import pandas as pd

        rows = [{k: v for k, v in row.items() if k == "system" or k.endswith(("_p", "_ci"))}
                for row in self.significance]
        return pd.DataFrame(rows, columns=None if rows else ["system"])


def compare_systems(systems: Sequence[tuple[str, str]] | Mapping[str, str],
                    references: Sequence[Sequence[str]] = (), glossary: Glossary | str | None = None, *,
                    source: Sequence[str] | str | None = None, source_name: str = "",
                    reference_names: Sequence[str] | None = None,
                    checks=None, tokenize: str | None = None, lowercase: bool = False,
                    baseline: str | None = None, test: str = "bs", n_samples: int | None = None,
                    metric_names: Sequence[str] = METRICS, weights: "Weights | None" = None,
                    progress: Callable[[int, int, str], None] | None = None, policy=None) -> Comparison:
    """Compare system outputs with each other, and with the references when there are any.

    ``systems`` are (name, text) pairs or a {name: text} mapping; every text must have as many lines as
    each reference (a list of lines) and as ``source`` (its lines, or its text), which lets the source-aware
    checks run: without references, the systems are ranked by tqa's score alone (reference-free).
    ``glossary`` and ``checks`` are as in :func:`tqa.analyze` (the bundled glossary, every check). With
    ``baseline`` (a system's name, file name or stem), each selected metric and tqa's penalty are tested
    against it: ``test`` "bs" (paired bootstrap) or "ar" (approximate randomization), with ``n_samples``
    resamples or trials (sacrebleu's defaults: 1000, 10000). ``policy`` (:func:`tqa.rules.plan`) selects rules
    and overrides severities, as in ``tqa check``.
    """
    from .readers.text import aligned_document
    from .segment import split_lines as lines_of

    systems = list(systems.items()) if isinstance(systems, Mapping) else list(systems)
    glossary = resolve_glossary(glossary)
    references = [list(r) for r in references]
    if not references:
        metric_names = ()  # nothing to compare with: the tqa score alone
    source_lines = lines_of(source) if isinstance(source, str) else (list(source) if source is not None else None)
    if reference_names is None:
        reference_names = [f"reference {i}" for i in range(1, len(references) + 1)]
    if test not in TESTS:
        raise TqaError(f"unknown paired test {test!r} (tests: {', '.join(TESTS)})")
    if n_samples is not None and n_samples <= 0:
        raise TqaError(f"the number of resamples must be positive, not {n_samples}")
    seen: set[str] = set()
    for name, _ in systems:
        if name in seen:
            raise TqaError(f"system {name} given twice")
        seen.add(name)
    names = [name for name, _ in systems]
    if baseline is not None:
        baseline = _baseline_name(baseline, names)

    results = []
    metric_objects = make_metrics(tokenize, lowercase, metric_names, references)
    for index, (name, text) in enumerate(systems):
        if progress:
            progress(index, len(systems), name)
        lines = split_lines(text)
        check_aligned(name, lines, references, reference_names)
        document = (aligned_document(name, text, source_lines, source_name) if source_lines is not None
                    else Document(name, text))
        result = analyze_document(document, glossary, checks=checks, policy=policy,
                                  **({"weights": weights} if weights else {}))
        if metric_objects:
            result = replace(result, metrics=corpus_scores(lines, None, metrics=metric_objects))
        untranslated = len({f.line for f in result.findings if f.category == UNTRANSLATED})
        results.append(SystemResult(name, result, lines, untranslated))
    if progress:
        progress(len(systems), len(systems), "")
    signatures = {name: m.signature for name, m in results[0].result.metrics.items()} if results else {}
    comparison = Comparison(results, signatures, tuple(metric_objects))
    if baseline is not None:
        comparison.baseline = baseline
        comparison.test = test
        comparison.significance = _significance(results, baseline, references, tokenize, lowercase, test,
                                                n_samples or TESTS[test], tuple(metric_objects))
    return comparison


def _baseline_name(baseline: str, names: list[str]) -> str:
    """The system ``baseline`` names: its name, or the file name or stem of exactly one system."""
    if baseline in names:
        return baseline
    matches = [n for n in names if Path(n).name == baseline or Path(n).stem == baseline]
    if len(matches) != 1:
        raise TqaError(f"--baseline {baseline!r} is not one of the systems ({', '.join(names)})")
    return matches[0]


def _significance(results: list[SystemResult], baseline: str, references, tokenize, lowercase, test: str,
                  n_samples: int, metric_names: tuple[str, ...]) -> list[dict]:
    from sacrebleu.significance import PairedTest

    ordered = sorted(results, key=lambda s: s.name != baseline)  # the baseline first, as sacrebleu wants
    rows = [{"system": s.name} for s in ordered]
    if metric_names:
        metrics = make_metrics(tokenize, lowercase, metric_names)
        named = [(s.name, s.lines) for s in ordered]
        paired = PairedTest(named, metrics, [list(r) for r in references], test_type=test, n_samples=n_samples)
        _, scores = paired()  # keyed by the scores' own names: "BLEU", "chrF2", "TER"
        for key in metrics:
            (label,) = [k for k in scores if k.lower().startswith(key)]
            for row, result in zip(rows, scores[label]):
                row[key] = round(float(result.score), 4)  # sacrebleu's numbers may be numpy float32
                row[f"{key}_p"] = None if result.p_value is None else round(float(result.p_value), 4)
                if test == "bs":
                    row[f"{key}_ci"] = round(float(result.ci), 4)
    penalty = _penalty_bootstrap(ordered, n_samples) if test == "bs" else _penalty_randomization(ordered, n_samples)
    for row, extra in zip(rows, penalty):
        row.update(extra)
    return rows


def _rng() -> np.random.Generator:
    """sacrebleu's generator: seeded by SACREBLEU_SEED (default 12345), unseeded when it is "none"."""
    seed = os.environ.get("SACREBLEU_SEED", "12345")
    return np.random.default_rng(None if seed.lower() == "none" else int(seed))


def _penalty_bootstrap(ordered: list[SystemResult], n_samples: int) -> list[dict]:
    """Paired bootstrap over segments for the penalty per 1,000 words (sacrebleu's procedure and seed)."""
    stats = [_segment_stats(s) for s in ordered]
    base = stats[0]
    base_value = _per_kword(base.sum(0))
    out = []
    for i, system_stats in enumerate(stats):
        value = _per_kword(system_stats.sum(0))
        idxs = _rng().choice(len(system_stats), size=(n_samples, len(system_stats)), replace=True)
        sampled = np.array([_per_kword(system_stats[ix].sum(0)) for ix in idxs])
        _, ci = _estimate_ci(sampled)
        row = {"penalty_per_kword": round(value, 4), "penalty_p": None, "penalty_ci": round(ci, 4)}
        if i:
            sampled_base = np.array([_per_kword(base[ix].sum(0)) for ix in idxs])
            diffs = np.abs(sampled - sampled_base)
            row["penalty_p"] = round(_p_value(diffs - diffs.mean(), abs(value - base_value)), 4)
        out.append(row)
    return out


def _penalty_randomization(ordered: list[SystemResult], n_trials: int) -> list[dict]:
    """Paired approximate randomization over segments for the penalty per 1,000 words: each trial swaps
    every segment's (penalty, words) between the system and the baseline with probability 1/2, as
    sacrebleu's test does with a metric's statistics (same seed, same draws, same p-value rule)."""
    stats = [_segment_stats(s) for s in ordered]
    base = stats[0]
    base_value = _per_kword(base.sum(0))
    out = [{"penalty_per_kword": round(base_value, 4), "penalty_p": None}]
    for system_stats in stats[1:]:
        value = _per_kword(system_stats.sum(0))
        keep = _rng().integers(2, size=(n_trials, len(base)), dtype=bool)
        shuffled_a = keep @ base + ~keep @ system_stats
        shuffled_b = ~keep @ base + keep @ system_stats
        diffs = np.abs(_per_kword_rows(shuffled_a) - _per_kword_rows(shuffled_b))
        out.append({"penalty_per_kword": round(value, 4),
                    "penalty_p": round(_p_value(diffs, abs(value - base_value)), 4)})
    return out


def _segment_stats(system: SystemResult) -> np.ndarray:
    """(penalty, words) per line."""
    stats = np.zeros((len(system.lines), 2))
    stats[:, 1] = [len(line.split()) for line in system.lines]
    for finding in system.result.findings:
        if 0 < finding.line <= len(system.lines):
            stats[finding.line - 1, 0] += finding.penalty
    return stats


def _per_kword(totals: np.ndarray) -> float:
    return penalty_per_kword(float(totals[0]), int(totals[1]))


def _per_kword_rows(totals: np.ndarray) -> np.ndarray:
    """:func:`_per_kword` of every row of (penalty, words) totals."""
    words = totals[:, 1]
    return np.divide(1000.0 * totals[:, 0], words, out=np.zeros(len(totals)), where=words > 0)


def _estimate_ci(scores: np.ndarray) -> tuple[float, float]:
    scores = np.sort(scores)
    lower_idx = len(scores) // 40
    return float(scores.mean()), float(0.5 * (scores[len(scores) - lower_idx - 1] - scores[lower_idx]))


def _p_value(stats: np.ndarray, real_difference: float) -> float:
    return (int(np.sum(stats > real_difference)) + 1) / (len(stats) + 1)
