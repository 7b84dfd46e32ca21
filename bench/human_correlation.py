"""How well the scores track people: system-level correlation with WMT22 human judgements (zh-en).

For each of the 12 MT systems of the WMT22 zh-en test set in ../shared/data/wmt22-zhen (Kocmi et al.,
"Findings of the 2022 Conference on Machine Translation (WMT22)") this computes, through tqa's own API:

- BLEU, chrF and TER against reference A alone (``tqa.metrics``; sacrebleu defaults). WMT22's human DA for
  into-English is reference-based, so one reference is used, as the annotators had one;
- tqa's reference-free score three ways: with the English-only checks (the text alone), with every check and
  the source beside the text (``tqa.read(system, source=source.zh)``), both under the default ``mqm`` profile,
  and with every check under the ``wmt22-zhen-dev`` profile, whose factors were fitted on this very data
  (``--fit`` refits them and writes the profile): an optimistic figure by construction, so the fit is also
  cross-validated leave-one-system-out (each system scored by a profile fitted on the other 11).

  What is fitted is decided by that cross-validation. Twelve systems cannot carry a factor per check: a free
  factor for each of ten checks reaches r 0.83 in-sample and 0.07 cross-validated (it learns the noise), so the
  shipped profile fits two factors, one for the checks that read the text alone and one for the source-aware
  checks (numbers, terms, omission, copies, tags), each from a small grid. The per-check fit is still run and
  printed, in-sample and cross-validated, to show what it does;
- ``chrf_x_tqa = chrF * tqa_score / 100`` (English-only score): chrF scaled by the share of the text tqa finds
  clean, defined a priori; nothing fitted.

and correlates each with the human scores in ``human/da-sys-scores.csv`` (``da_z``, the official WMT22
ranking score, and ``da_raw``): Pearson r and Kendall tau-b over systems, with a bootstrap-over-systems 95%
interval for each (the same resamples for every metric). ``HUMAN-B`` (reference B judged as a system) is left out: it is not an MT
system and it is not scored here. TER and the penalty are lower-is-better and are negated before
correlating. Prints the per-system table, the correlation table (plain and Markdown) and a short reading.

sacrebleu's TER is slow on this test set (~45 s a system): it runs on ``--workers`` processes (at most 2);
``--no-ter`` leaves it out. Skips cleanly when the data is absent.

    python bench/human_correlation.py [--no-ter] [--workers N] [--bootstrap N] [--fit]
"""

from __future__ import annotations

import argparse
import sys
import time
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WMT22, wmt22_available, wmt22_systems  # noqa: E402

SEED = 12345
EXCLUDED = ("HUMAN-B",)
# metric -> (label, sign): sign -1 turns a lower-is-better metric into higher-is-better before correlating
METRICS = {
    "bleu": ("BLEU", 1),
    "chrf": ("chrF", 1),
    "ter": ("-TER", -1),
    "tqa_score": ("tqa score, English-only checks", 1),
    "tqa_source": ("tqa score, with the source", 1),
    "tqa_fitted": ("tqa score, with the source, dev-fitted profile", 1),
    "tqa_fitted_cv": ("  the same, cross-validated (leave one system out)", 1),
    "tqa_per_check": ("tqa score, a factor per check fitted (not shipped)", 1),
    "tqa_per_check_cv": ("  a factor per check, cross-validated (leave one system out)", 1),
    "chrf_x_tqa": ("chrF x tqa/100", 1),
}
ENGLISH_ONLY = ("glossary", "residue", "language", "punctuation", "consistency")
FIT_GRID = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
FITTED_PROFILE = Path(__file__).resolve().parent.parent / "tqa" / "data" / "profiles" / "wmt22-zhen-dev.yaml"
HUMAN = ("da_z", "da_raw")


def read_lines(path: Path) -> tuple[str, list[str]]:
    """The file's text (UTF-8, line ends untouched) and its segments, split as sacrebleu's CLI splits them."""
    from tqa.metrics import split_lines

    text = path.read_bytes().decode("utf-8")
    return text, split_lines(text)


# --- TER in worker processes: each worker extracts reference A's statistics once ---------------------------

_TER = None


def _ter_init(reference: list[str]) -> None:
    global _TER
    from tqa.metrics import make_metrics

    _TER = make_metrics(names=("ter",), references=[reference])


def _ter_one(job: tuple[str, list[str]]) -> tuple[str, float, str]:
    from tqa.metrics import corpus_scores

    name, lines = job
    score = corpus_scores(lines, None, metrics=_TER)["ter"]
    return name, score.score, score.signature


def ter_scores(systems: dict[str, list[str]], reference: list[str], workers: int) -> tuple[dict[str, float], str]:
    with Pool(processes=workers, initializer=_ter_init, initargs=(reference,)) as pool:
        done = pool.map(_ter_one, list(systems.items()), chunksize=1)
    return {name: score for name, score, _ in done}, done[0][2]


# --- scoring --------------------------------------------------------------------------------------------------

def score_systems(paths: list[Path], reference: list[str], with_ter: bool, workers: int):
    """Per-system BLEU, chrF (, TER), and tqa's penalty counts: for each system, how many findings of each
    (check, category, severity) every check makes on the text read with its source; the tqa scores of any
    profile are computed from these counts. Also the signatures and the seconds spent."""
    import pandas as pd

    import tqa
    from tqa.metrics import corpus_scores, make_metrics

    glossary = tqa.load_glossary()
    metrics = make_metrics(names=("bleu", "chrf"), references=[reference])
    rows, texts, signatures, counts = [], {}, {}, {}
    start = time.perf_counter()
    for path in paths:
        name = path.stem
        text, lines = read_lines(path)
        if len(lines) != len(reference):
            sys.exit(f"{path}: {len(lines)} lines, reference A has {len(reference)}")
        texts[name] = lines
        scores = corpus_scores(lines, None, metrics=metrics)
        document = tqa.read(path, source=WMT22 / "source.zh")
        result = tqa.analyze_document(document, glossary)
        counted: dict[tuple[str, str, str], int] = {}
        for f in result.findings:
            key = (f.check, f.category, str(f.severity))
            counted[key] = counted.get(key, 0) + 1
        counts[name] = counted
        rows.append({"system": name, "bleu": scores["bleu"].score, "chrf": scores["chrf"].score,
                     "words": result.words, "findings": len(result.findings)})
        signatures.update({m: s.signature for m, s in scores.items()})
    signatures["tqa"] = tqa_signature(glossary)
    table = pd.DataFrame(rows).set_index("system")
    middle = time.perf_counter()
    if with_ter:
        ter, signatures["ter"] = ter_scores(texts, reference, workers)
        table["ter"] = pd.Series(ter)
    return table, counts, signatures, (middle - start, time.perf_counter() - middle)


def profile_scores(table, counts, weights, checks=None) -> dict[str, float]:
    """The tqa score of every system under ``weights``, counting only ``checks`` (default: all)."""
    from tqa.model import Severity
    from tqa.scoring import score

    out = {}
    for name, counted in counts.items():
        penalty = sum(n * weights.penalty(Severity.parse(sev), category, check)
                      for (check, category, sev), n in counted.items() if checks is None or check in checks)
        out[name] = score(penalty, int(table.words[name]))
    return out


def check_groups(counts, per_check: bool = False) -> list[list[str]]:
    """The groups of checks that share one fitted factor: the English-only checks and the source-aware ones
    (what is shipped), or one group per check (``per_check``, shown for comparison)."""
    checks = sorted({check for counted in counts.values() for check, _, _ in counted})
    if per_check:
        return [[check] for check in checks]
    return [group for group in ([c for c in checks if c in ENGLISH_ONLY], [c for c in checks if c not in ENGLISH_ONLY])
            if group]


def fit_profile(table, counts, human, systems: list[str], groups: list[list[str]]):
    """Factors (from ``FIT_GRID``), one per group of checks, that maximise Pearson r between the tqa score and
    da_z over ``systems``: coordinate ascent from all factors 1, a few passes. Severity weights stay MQM's;
    categories are not fitted (12 systems cannot carry that many parameters)."""
    from dataclasses import replace

    import numpy as np

    from tqa.scoring import DEFAULT_WEIGHTS

    factors = {check: 1.0 for group in groups for check in group}
    target = human.loc[systems, "da_z"].to_numpy(float)

    def r(candidate: dict[str, float]) -> float:
        weights = replace(DEFAULT_WEIGHTS, checks=tuple(sorted(candidate.items())), name="fit")
        scores = profile_scores(table.loc[systems], {s: counts[s] for s in systems}, weights)
        value = pearson(np.array([scores[s] for s in systems]), target)
        return -1.0 if value != value else value

    best = r(factors)
    for _ in range(3):
        improved = False
        for group in groups:
            for factor in FIT_GRID:
                trial = {**factors, **{check: factor for check in group}}
                value = r(trial)
                if value > best + 1e-9:
                    best, factors, improved = value, trial, True
        if not improved:
            break
    return factors, best


def held_out_scores(table, counts, human, groups) -> dict[str, float]:
    """Each system's score under factors fitted on the other systems (leave-one-system-out)."""
    from dataclasses import replace

    from tqa.scoring import DEFAULT_WEIGHTS

    systems = list(table.index)
    held_out = {}
    for system in systems:
        factors, _ = fit_profile(table, counts, human, [s for s in systems if s != system], groups)
        weights = replace(DEFAULT_WEIGHTS, checks=tuple(sorted(factors.items())), name="cv")
        held_out[system] = profile_scores(table.loc[[system]], {system: counts[system]}, weights)[system]
    return held_out


def write_profile(factors: dict[str, float], fitted_r: float) -> None:
    lines = [
        "# A scoring profile fitted on WMT22 zh-en dev system-level DA (da_z), 12 systems, by",
        "# bench/human_correlation.py --fit: one factor for the checks that read the text alone and one for the",
        "# source-aware checks, each from a small grid; MQM severity weights, no category factors (12 systems",
        "# cannot carry more: a factor per check overfits). Fitted on the data it is measured on: see the README",
        "# for the cross-validated figure.",
        "name: wmt22-zhen-dev",
        "version: 2",
        f"description: English-only and source-aware check factors fitted on WMT22 zh-en dev system DA (Pearson r "
        f"{fitted_r:.3f} in-sample).",
        "severity: {minor: 1, major: 5, critical: 25}",
        "minor_punctuation: 0.1",
        "checks:",
        *(f"  {check}: {factor:g}" for check, factor in sorted(factors.items())),
        "categories: {}",
    ]
    FITTED_PROFILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def tqa_signature(glossary) -> str:
    import tqa
    from tqa.checks import check_names
    from tqa.report import run_signature
    from tqa.scoring import DEFAULT_WEIGHTS

    return run_signature(tqa.__version__, glossary, DEFAULT_WEIGHTS, check_names())


# --- statistics (numpy only; scipy is not a dependency) -------------------------------------------------------

def pearson(x, y) -> float:
    import numpy as np

    x, y = np.asarray(x, float), np.asarray(y, float)
    dx, dy = x - x.mean(), y - y.mean()
    denom = np.sqrt((dx * dx).sum() * (dy * dy).sum())
    return float((dx * dy).sum() / denom) if denom > 0 else float("nan")


def kendall_tau_b(x, y) -> float:
    """Kendall's tau-b: (concordant - discordant) / sqrt((n0 - ties in x) * (n0 - ties in y)) over all pairs."""
    import numpy as np

    x, y = np.asarray(x, float), np.asarray(y, float)
    i, j = np.triu_indices(len(x), k=1)
    sx, sy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
    denom = np.sqrt((sx != 0).sum() * (sy != 0).sum())
    return float((sx * sy).sum() / denom) if denom > 0 else float("nan")


def bootstrap(statistic, x, y, samples) -> tuple[float, float, int]:
    """95% percentile interval of a correlation statistic (pearson, kendall_tau_b) over resamples of systems;
    also how many resamples were degenerate (a constant column, so no value)."""
    import numpy as np

    x, y = np.asarray(x, float), np.asarray(y, float)
    values = np.array([statistic(x[idx], y[idx]) for idx in samples])
    ok = values[~np.isnan(values)]
    low, high = np.percentile(ok, [2.5, 97.5])
    return float(low), float(high), int(len(values) - len(ok))


def correlations(table, human, metrics: list[str], resamples: int):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(SEED)
    n = len(table)
    samples = rng.integers(0, n, size=(resamples, n))  # the same resamples for every metric (paired)
    rows, degenerate = [], 0
    for metric in metrics:
        label, sign = METRICS[metric]
        values = sign * table[metric].to_numpy(float)
        row = {"metric": label}
        for h in HUMAN:
            target = human[h].to_numpy(float)
            suffix = h.split("_")[1]
            row[f"pearson_{suffix}"] = pearson(values, target)
            row[f"kendall_{suffix}"] = kendall_tau_b(values, target)
            low, high, bad = bootstrap(pearson, values, target, samples)
            row[f"ci_{suffix}"] = f"[{low:+.3f}, {high:+.3f}]"
            low, high, bad_tau = bootstrap(kendall_tau_b, values, target, samples)
            row[f"ci_tau_{suffix}"] = f"[{low:+.3f}, {high:+.3f}]"
            degenerate = max(degenerate, bad, bad_tau)
        rows.append(row)
    return pd.DataFrame(rows).set_index("metric"), degenerate


# --- output ---------------------------------------------------------------------------------------------------

def markdown(frame) -> str:
    columns = ["metric", *frame.columns]
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(["---"] + ["---:"] * len(frame.columns)) + "|"]
    for label, row in frame.iterrows():
        cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join([label, *cells]) + " |")
    return "\n".join(lines)


def reading(table, human, corr, resamples: int) -> list[str]:
    """A short reading of the figures; every statement is computed from them, not written in advance."""
    import numpy as np

    spread_z = human.da_z.max() - human.da_z.min()
    spread_raw = human.da_raw.max() - human.da_raw.min()
    widths = [float(ci[1:-1].split(",")[1]) - float(ci[1:-1].split(",")[0]) for ci in corr.ci_z]
    in_sample = {METRICS[m][0] for m in ("tqa_fitted", "tqa_per_check")}
    best = corr.pearson_z[[m for m in corr.index if m not in in_sample]].idxmax()
    reach_zero = [m for m, ci in corr.ci_z.items() if float(ci[1:-1].split(",")[0]) <= 0]
    reference_based = [METRICS[m][0] for m in ("bleu", "chrf", "ter") if METRICS[m][0] in corr.index]
    bounds = [tuple(float(v) for v in corr.ci_z[m][1:-1].split(",")) for m in reference_based]
    overlap = max(low for low, _ in bounds) <= min(high for _, high in bounds)
    out = [
        f"- n = {len(table)} systems, so every figure is uncertain: the bootstrap 95% intervals for r with da_z "
        f"({resamples} resamples of the systems, seed {SEED}) are {min(widths):.2f} to {max(widths):.2f} wide.",
        f"- The human differences between systems are small: da_z spans {spread_z:.3f} ({human.da_z.min():+.4f} "
        f"to {human.da_z.max():+.4f}), da_raw {spread_raw:.1f} points of 100 ({human.da_raw.min():.1f} to "
        f"{human.da_raw.max():.1f}). The folder has no segment-level DA, so whether neighbouring systems differ "
        "significantly cannot be checked here; close pairs may be ties for people, which caps any metric's "
        "Kendall tau.",
        f"- Highest Pearson r with da_z, leaving out the fits scored on the data they were fitted on: {best} ({corr.pearson_z[best]:.3f}, 95% interval {corr.ci_z[best]})"
        + (f"; the intervals of {', '.join(reference_based)} all overlap, so this data does not rank these "
           "metrics against one another." if overlap else "."),
    ]
    if reach_zero:
        out.append("- Intervals for r with da_z reaching zero or below (no evidence of a positive correlation): "
                   + ", ".join(reach_zero) + ".")
    tau_dd = kendall_tau_b(human.da_z, human.da_raw)
    if tau_dd < 1:
        out.append(f"- da_z and da_raw do not order the systems alike (Kendall tau-b between them {tau_dd:.3f}); "
                   "a metric can agree with one and not the other. The official ranking uses da_z.")
    lo, hi = table.tqa_score.min(), table.tqa_score.max()
    out.append(f"- The English-only tqa score counts only what the glossary, residue, language, punctuation and "
               f"consistency checks find; it is not built to measure adequacy, which is most of what DA "
               f"annotators judge. Here it ranges only {lo:.2f} to {hi:.2f}.")
    if "tqa_source" in table:
        label = METRICS["tqa_source"][0]
        out.append(f"- With the source beside the text the source-aware checks add what the text alone cannot show: "
                   f"r with da_z {corr.pearson_z[label]:.3f} (interval {corr.ci_z[label]}) against "
                   f"{corr.pearson_z[METRICS['tqa_score'][0]]:.3f} for the English-only score.")
    if "tqa_fitted" in table:
        label, cv = METRICS["tqa_fitted"][0], METRICS["tqa_fitted_cv"][0]
        out.append(f"- The dev-fitted profile (two factors) reaches r {corr.pearson_z[label]:.3f} in-sample, by "
                   f"construction; cross-validated (each system scored by factors fitted without it) r is "
                   f"{corr.pearson_z[cv]:.3f}. The second figure is the one to expect on new systems, and even it is "
                   "measured on the test set the checks were narrowed on.")
    if "tqa_per_check" in table:
        label, cv = METRICS["tqa_per_check"][0], METRICS["tqa_per_check_cv"][0]
        out.append(f"- A factor per check fits the noise of 12 systems: r {corr.pearson_z[label]:.3f} in-sample "
                   f"but {corr.pearson_z[cv]:.3f} cross-validated; it is not shipped.")
    if "chrf" in table and "chrf_x_tqa" in table:
        shift = (table.chrf - table.chrf_x_tqa).max()
        rng = np.random.default_rng(SEED)
        n = len(table)
        target = human.da_z.to_numpy(float)
        chrf, combo = table.chrf.to_numpy(float), table.chrf_x_tqa.to_numpy(float)
        diffs = np.array([pearson(combo[i], target[i]) - pearson(chrf[i], target[i])
                          for i in rng.integers(0, n, size=(resamples, n))])
        diffs = diffs[~np.isnan(diffs)]
        d_lo, d_hi = np.percentile(diffs, [2.5, 97.5])
        out.append(f"- chrF x tqa/100 (fixed in advance, nothing fitted) moves chrF by at most {shift:.2f} points "
                   f"while "
                   f"chrF spans {table.chrf.max() - table.chrf.min():.2f} across systems, so it stays close to chrF: "
                   f"r with da_z {corr.pearson_z['chrF x tqa/100']:.3f} vs {corr.pearson_z['chrF']:.3f}, with da_raw "
                   f"{corr.pearson_raw['chrF x tqa/100']:.3f} vs {corr.pearson_raw['chrF']:.3f}; paired bootstrap "
                   f"95% interval of the difference in r with da_z [{d_lo:+.3f}, {d_hi:+.3f}]"
                   + (" includes 0: no evidence that the combination helps or hurts." if d_lo <= 0 <= d_hi else "."))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-ter", action="store_true", help="leave TER out (it takes minutes)")
    parser.add_argument("--workers", type=int, default=2, choices=(1, 2), help="processes for TER (default 2)")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples of the systems")
    parser.add_argument("--fit", action="store_true",
                        help=f"fit the per-check factors on this data and write {FITTED_PROFILE.name}")
    args = parser.parse_args()
    if not wmt22_available() or not (WMT22 / "human" / "da-sys-scores.csv").is_file():
        print(f"SKIP: WMT22 data (with human/da-sys-scores.csv) not found at {WMT22} (set TQA_WMT22 to its folder)")
        return 0

    import pandas as pd

    start = time.perf_counter()
    human_all = pd.read_csv(WMT22 / "human" / "da-sys-scores.csv").set_index("system")
    _, reference = read_lines(WMT22 / "ref.A.en")
    paths = wmt22_systems()
    table, counts, signatures, (t_main, t_ter) = score_systems(paths, reference, not args.no_ter, args.workers)
    missing = sorted(set(table.index) - set(human_all.index))
    if missing:
        sys.exit(f"no human score for: {', '.join(missing)}")
    excluded = [s for s in human_all.index if s not in table.index]
    human = human_all.loc[table.index]
    table = table.join(human[["da_z", "da_raw"]]).sort_values("da_z", ascending=False)
    human = human.loc[table.index]

    from dataclasses import replace

    from tqa.scoring import DEFAULT_WEIGHTS, load_profile

    table["tqa_score"] = pd.Series(profile_scores(table, counts, DEFAULT_WEIGHTS, ENGLISH_ONLY))
    table["tqa_source"] = pd.Series(profile_scores(table, counts, DEFAULT_WEIGHTS))
    systems = list(table.index)
    groups = check_groups(counts)
    if args.fit:
        factors, fitted_r = fit_profile(table, counts, human, systems, groups)
        write_profile(factors, fitted_r)
        print(f"fitted factors (in-sample r with da_z {fitted_r:.3f}), written to {FITTED_PROFILE}: "
              + ", ".join(f"{c} {f:g}" for c, f in sorted(factors.items())))
    if FITTED_PROFILE.is_file():
        fitted = load_profile(FITTED_PROFILE)
        signatures["tqa fitted profile"] = fitted.describe()
        table["tqa_fitted"] = pd.Series(profile_scores(table, counts, fitted))
        table["tqa_fitted_cv"] = pd.Series(held_out_scores(table, counts, human, groups))
    per_check = check_groups(counts, per_check=True)
    factors, _ = fit_profile(table, counts, human, systems, per_check)
    table["tqa_per_check"] = pd.Series(profile_scores(
        table, counts, replace(DEFAULT_WEIGHTS, checks=tuple(sorted(factors.items())), name="per-check")))
    table["tqa_per_check_cv"] = pd.Series(held_out_scores(table, counts, human, per_check))
    table["chrf_x_tqa"] = table.chrf * table.tqa_score / 100
    metrics = [m for m in METRICS if m in table.columns]
    corr, degenerate = correlations(table, human, metrics, args.bootstrap)
    elapsed = time.perf_counter() - start

    pd.set_option("display.width", 160)
    print(f"data: {WMT22} (Kocmi et al., \"Findings of the 2022 Conference on Machine Translation (WMT22)\")")
    print(f"{len(table)} MT systems; human scores: reference-based DA (WMT22), da_z = official ranking score")
    print(f"left out of the correlations: {', '.join(excluded)} (reference B judged as a system, not MT)")
    print("reference-based metrics against reference A only (ref.A.en), sacrebleu defaults:")
    for name, sig in signatures.items():
        print(f"  {name}: {sig}")
    if args.no_ter:
        print("  ter: left out (--no-ter)")

    columns = ["da_z", "da_raw", "bleu", "chrf", *(["ter"] if "ter" in table else []),
               *[c for c in ("tqa_score", "tqa_source", "tqa_fitted", "tqa_fitted_cv") if c in table], "chrf_x_tqa"]
    formats = {c: "{:.4f}".format if c == "da_z" else "{:.3f}".format for c in columns}
    print("\nper system (sorted by da_z):\n")
    print(table[columns].reset_index().to_string(index=False, formatters=formats))

    print("\nsystem-level correlation with human DA (n = %d)\n" % len(table))
    shown = corr[["pearson_z", "kendall_z", "pearson_raw", "kendall_raw"]]
    print(shown.to_string(float_format="{:.3f}".format))
    print(f"\nPearson r with bootstrap 95% intervals ({args.bootstrap} resamples of the systems, "
          f"numpy default_rng({SEED})):\n")
    print(corr[["pearson_z", "ci_z", "pearson_raw", "ci_raw"]].to_string(float_format="{:.3f}".format))
    if degenerate:
        print(f"({degenerate} resamples with a constant column were dropped)")
    print("\nnotes: TER and the penalty are lower-is-better and are negated before correlating, so a positive "
          "value always means agreement with people; Kendall is tau-b (ties counted); "
          f"{', '.join(excluded)} excluded.")

    print("\nKendall tau-b with bootstrap 95% intervals (the same resamples):\n")
    print(corr[["kendall_z", "ci_tau_z", "kendall_raw", "ci_tau_raw"]].to_string(float_format="{:.3f}".format))
    print("\nMarkdown:\n")
    print(markdown(corr[["pearson_z", "ci_z", "kendall_z", "ci_tau_z", "pearson_raw", "ci_raw", "kendall_raw"]].rename(
        columns={"ci_z": "95% CI (r, z)", "ci_tau_z": "95% CI (tau, z)", "ci_raw": "95% CI (r, raw)"})))
    print("\nreading:")
    for line in reading(table, human, corr, args.bootstrap):
        print(line)
    ter_time = f", TER {t_ter:.1f} s on {args.workers} worker(s)" if not args.no_ter else ""
    print(f"\nrun time {elapsed:.1f} s (BLEU + chrF + tqa {t_main:.1f} s{ter_time})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
