"""Reference-based metrics through sacrebleu's Python API: BLEU, chrF and TER with their signatures.

Files are line-aligned: one segment a line, trailing white space stripped, as sacrebleu's own command line
reads them, so the scores equal ``sacrebleu REF -i HYP -m bleu chrf ter`` (for a file with a lone ``\\r``,
which sacrebleu keeps inside a line and tqa takes as a line break, the line counts differ, and tqa says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .errors import TqaError

METRICS = ("bleu", "chrf", "ter")


@dataclass(frozen=True)
class MetricScore:
    """One corpus score and the sacrebleu signature that says how it was computed."""

    name: str
    score: float
    signature: str
    text: str  # sacrebleu's own rendering, e.g. "BLEU = 33.51 64.5/40.7/27.6/19.0 (BP = ...)"


def split_lines(text: str) -> list[str]:
    """Segments of a line-aligned text: its lines (:func:`tqa.segment.split_lines`, the one definition of a
    line in tqa), trailing white space stripped as sacrebleu's command line does. sacrebleu breaks lines at
    ``\n`` only; tqa also at a lone ``\r``, so that a finding's line number is the segment it belongs to."""
    from .segment import split_lines as lines_of

    return [line.rstrip() for line in lines_of(text)]


def read_reference(path: str, encoding: str | None = None, notes: list[str] | None = None) -> list[str]:
    """The lines of a reference file. Warnings from decoding it (bad bytes replaced) are added to ``notes``;
    without a list to report them in, a file that could only be read by replacing bytes is refused."""
    from .inputs import Source, decode, decode_text, read_bytes

    source = Source(path)
    data = read_bytes(source)
    if notes is None:
        text, _, _ = decode(source.name, data, encoding)
    else:
        decoded = decode_text(source.name, data, encoding)
        text = decoded.text
        notes.extend(decoded.notes)
    lines = split_lines(text)
    if not any(line.strip() for line in lines):
        raise TqaError(f"{source.name}: the reference is empty")
    return lines


def check_aligned(name: str, hypothesis: Sequence[str], references: Sequence[Sequence[str]],
                  reference_names: Sequence[str]) -> None:
    for ref_name, ref in zip(reference_names, references):
        if len(ref) != len(hypothesis):
            raise TqaError(f"{name}: {len(hypothesis)} lines, but the reference {ref_name} has {len(ref)}; "
                           "files must be line-aligned (a line ends at \\n, \\r\\n or a lone \\r)")


def make_metrics(tokenize: str | None = None, lowercase: bool = False,
                 names: Sequence[str] = METRICS, references: Sequence[Sequence[str]] | None = None) -> dict:
    """sacrebleu metric objects with its defaults, except what the user passed through.

    With ``references``, each metric extracts the references' statistics once and scores any number of
    systems against them (``corpus_score(hypothesis, None)``), as sacrebleu's own command line does.
    """
    from sacrebleu.metrics import BLEU, CHRF, TER

    refs = [list(r) for r in references] if references is not None else None
    makers = {
        "bleu": lambda: BLEU(tokenize=tokenize, lowercase=lowercase, references=refs),
        "chrf": lambda: CHRF(lowercase=lowercase, references=refs),
        "ter": lambda: TER(references=refs),  # as in sacrebleu's CLI, --lowercase does not apply to TER
    }
    return {name: makers[name]() for name in METRICS if name in names}


def parse_metric_names(value: str | None) -> tuple[str, ...]:
    if not value:
        return METRICS
    names = tuple(n.strip().lower() for n in value.split(",") if n.strip())
    unknown = [n for n in names if n not in METRICS]
    if unknown or not names:
        raise TqaError(f"unknown metric {', '.join(unknown) or value!r} (metrics: {', '.join(METRICS)})")
    return names


def corpus_scores(hypothesis: Sequence[str], references: Sequence[Sequence[str]] | None, *,
                  tokenize: str | None = None, lowercase: bool = False,
                  names: Sequence[str] = METRICS, metrics: dict | None = None) -> dict[str, MetricScore]:
    """BLEU, chrF and TER of ``hypothesis``; pass ``metrics`` from :func:`make_metrics` (with references)
    to score many systems against the same references without extracting their statistics again."""
    if metrics is None:
        metrics = make_metrics(tokenize, lowercase, names)
        refs = [list(r) for r in references]
    else:
        refs = None
    scores = {}
    for name, metric in metrics.items():
        result = metric.corpus_score(list(hypothesis), refs)
        scores[name] = MetricScore(name, result.score, str(metric.get_signature()), str(result))
    return scores


def segment_chrf(hypothesis: Sequence[str], references: Sequence[Sequence[str]], *,
                 lowercase: bool = False) -> list[float]:
    """chrF of every segment (line) against its references."""
    from sacrebleu.metrics import CHRF

    metric = CHRF(lowercase=lowercase)
    return [metric.sentence_score(hyp, [ref[i] for ref in references]).score
            for i, hyp in enumerate(hypothesis)]


def reference_names(paths: Sequence[str]) -> list[str]:
    from .inputs import display_name

    return [display_name(Path(p).name) for p in paths]
