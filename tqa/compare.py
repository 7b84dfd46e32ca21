"""Comparing MT systems on a test set: tqa's findings and score beside BLEU, chrF and TER.

``compare_systems`` analyses every system output (line-aligned with the references), computes the corpus
metrics through sacrebleu, and, against a baseline, runs sacrebleu's paired significance tests for BLEU and
chrF (bootstrap resampling or approximate randomization) and a paired bootstrap over segments for tqa's
penalty per 1,000 words, with the same seed (``SACREBLEU_SEED``, default 12345) and the same p-value and
confidence-interval rules as sacrebleu.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .analysis import analyze_document
from .errors import TqaError
from .glossary import Glossary
from .metrics import METRICS, check_aligned, corpus_scores, make_metrics, split_lines
from .model import Document, DocumentResult, Severity

#: Columns of the comparison table, and for each whether a higher value is better (for --sort).
COLUMNS = {
    "system": None, "words": None, "findings": False, "minor": False, "major": False, "critical": False,
    "penalty_per_kword": False, "score": True, "bleu": True, "chrf": True, "ter": False, "untranslated": False,
}


@dataclass
class SystemResult:
    name: str
    result: DocumentResult
    lines: list[str]
    untranslated: int  # segments (lines) with a language finding

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
    baseline: str | None = None
    significance: list[dict] = field(default_factory=list)  # one row per system compared with the baseline
    test: str = ""

    def frame(self, sort: str | None = None):
        import pandas as pd

        frame = pd.DataFrame([s.row() for s in self.systems])
        if sort:
            higher_better = COLUMNS.get(sort)
            frame = frame.sort_values(sort, ascending=not higher_better if higher_better is not None else True,
                                      kind="stable")
        return frame.reset_index(drop=True)


def compare_systems(systems: Sequence[tuple[str, str]], references: Sequence[Sequence[str]],
                    reference_names: Sequence[str], glossary: Glossary, checks, *,
                    tokenize: str | None = None, lowercase: bool = False, baseline: str | None = None,
                    test: str = "bs", n_samples: int | None = None, metric_names: Sequence[str] = METRICS,
                    progress: Callable[[int, int, str], None] | None = None) -> Comparison:
    """``systems`` are (name, text) pairs; every text must have as many lines as each reference."""
    results = []
    metric_objects = make_metrics(tokenize, lowercase, metric_names, references)
    for index, (name, text) in enumerate(systems):
        if progress:
            progress(index, len(systems), name)
        lines = split_lines(text)
        check_aligned(name, lines, references, reference_names)
        result = analyze_document(Document(name, text), glossary, checks=checks)
        metrics = corpus_scores(lines, None, metrics=metric_objects)
        from dataclasses import replace

        result = replace(result, metrics=metrics)
        untranslated = len({f.line for f in result.findings if f.check == "language"})
        results.append(SystemResult(name, result, lines, untranslated))
    if progress:
        progress(len(systems), len(systems), "")
    signatures = {name: m.signature for name, m in results[0].result.metrics.items()} if results else {}
    comparison = Comparison(results, signatures)
    if baseline is not None:
        names = [s.name for s in results]
        if baseline not in names:
            matches = [n for n in names if Path(n).name == baseline or Path(n).stem == baseline]
            if len(matches) != 1:
                raise TqaError(f"--baseline {baseline!r} is not one of the systems ({', '.join(names)})")
            baseline = matches[0]
        comparison.baseline = baseline
        comparison.test = test
        comparison.significance = _significance(results, baseline, references, tokenize, lowercase, test,
                                                n_samples)
    return comparison


def _significance(results: list[SystemResult], baseline: str, references, tokenize, lowercase, test: str,
                  n_samples: int | None) -> list[dict]:
    from sacrebleu.significance import PairedTest

    ordered = sorted(results, key=lambda s: s.name != baseline)  # the baseline first, as sacrebleu wants
    metrics = {k: v for k, v in make_metrics(tokenize, lowercase).items() if k in ("bleu", "chrf")}
    named = [(s.name, s.lines) for s in ordered]
    samples = n_samples or (1000 if test == "bs" else 10000)
    paired = PairedTest(named, {"BLEU": metrics["bleu"], "chrF": metrics["chrf"]}, [list(r) for r in references],
                        test_type=test, n_samples=samples)
    _, scores = paired()  # keyed by the scores' own names: "BLEU", "chrF2"
    keys = {"bleu": next(k for k in scores if k.startswith("BLEU")), "chrf": next(k for k in scores if k.startswith("chrF"))}
    penalty = _penalty_bootstrap(ordered, samples)
    rows = []
    for i, system in enumerate(ordered):
        row = {"system": system.name}
        for key in ("bleu", "chrf"):
            result = scores[keys[key]][i]
            row[key] = round(float(result.score), 4)  # sacrebleu's numbers may be numpy float32
            row[f"{key}_p"] = None if result.p_value is None else round(float(result.p_value), 4)
            row[f"{key}_ci"] = None if result.ci is None else round(float(result.ci), 4)
        row.update(penalty[i])
        rows.append(row)
    return rows


def _penalty_bootstrap(ordered: list[SystemResult], n_samples: int) -> list[dict]:
    """Paired bootstrap over segments for the penalty per 1,000 words (sacrebleu's procedure and seed)."""
    seed = os.environ.get("SACREBLEU_SEED", "12345")
    stats = [_segment_stats(s) for s in ordered]
    base = stats[0]
    base_value = _per_kword(base.sum(0))
    out = []
    for i, system_stats in enumerate(stats):
        value = _per_kword(system_stats.sum(0))
        rng = np.random.default_rng(None if seed.lower() == "none" else int(seed))
        idxs = rng.choice(len(system_stats), size=(n_samples, len(system_stats)), replace=True)
        sampled = np.array([_per_kword(system_stats[ix].sum(0)) for ix in idxs])
        mean, ci = _estimate_ci(sampled)
        row = {"penalty_per_kword": round(value, 4), "penalty_ci": round(ci, 4), "penalty_p": None}
        if i:
            sampled_base = np.array([_per_kword(base[ix].sum(0)) for ix in idxs])
            diffs = np.abs(sampled - sampled_base)
            row["penalty_p"] = round(_p_value(diffs - diffs.mean(), abs(value - base_value)), 4)
        out.append(row)
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
    return 1000.0 * totals[0] / totals[1] if totals[1] else 0.0


def _estimate_ci(scores: np.ndarray) -> tuple[float, float]:
    scores = np.sort(scores)
    lower_idx = len(scores) // 40
    return float(scores.mean()), float(0.5 * (scores[len(scores) - lower_idx - 1] - scores[lower_idx]))


def _p_value(stats: np.ndarray, real_difference: float) -> float:
    return (int(np.sum(stats > real_difference)) + 1) / (len(stats) + 1)
