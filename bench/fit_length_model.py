"""Fit the zh→en length model of the omission check on the WMT22 dev references and write it as data.

    python bench/fit_length_model.py [-o tqa/data/length-zh-en.json] [--check]

Every (source line, reference line) pair of ref A and ref B (3,750 pairs, empty lines left out) gives
x = log(source length) and y = log(target length), as ``tqa.checks.omission`` counts them. The model is:

1. a line y = intercept + slope · x, by least squares, refitted once without the pairs more than 4 robust
   spreads off it (misaligned reference lines would otherwise tilt it);
2. around the line, a centre (median residual) and a spread (1.4826 × median absolute deviation) per bucket of
   source length (1–4, 4–8, …, 128+; a bucket with fewer than 50 pairs joins its neighbour), placed at the
   bucket's median x; the check interpolates between them;
3. for each side, the tail of the standardised residual z beyond 2 spreads: P(|z| ≥ w) = exp(log_p − rate·w),
   fitted by least squares to the empirical tail (human translations have heavier tails than a normal's).

``--check`` also prints the model's calibration on the data (the share of pairs beyond the thresholds the
check uses) and a two-fold cross-check: fitted on ref A and applied to ref B, and the other way round.
Skips cleanly when ../shared/data/wmt22-zhen is absent.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import ROOT, WMT22, wmt22_available  # noqa: E402

EDGES = (1, 4, 8, 16, 32, 64, 128, math.inf)
MIN_BUCKET = 50
TAIL_FROM = 2.0
OUTLIER_SPREADS = 4.0


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:1875]


def pairs_of(references: list[str]) -> list[tuple[str, str]]:
    source = read_lines(WMT22 / "source.zh")
    pairs = []
    for name in references:
        pairs += list(zip(source, read_lines(WMT22 / name)))
    return pairs


def _robust_spread(values: np.ndarray) -> tuple[float, float]:
    centre = float(np.median(values))
    return centre, float(1.4826 * np.median(np.abs(values - centre)))


def fit(pairs: list[tuple[str, str]], description: str) -> dict:
    from tqa.checks.omission import source_length, target_length

    xs, ys = [], []
    for source, target in pairs:
        s, t = source_length(source), target_length(target)
        if s >= 1 and t >= 1:
            xs.append(math.log(s))
            ys.append(math.log(t))
    x, y = np.array(xs), np.array(ys)
    slope, intercept = np.polyfit(x, y, 1)
    residual = y - (intercept + slope * x)
    _, spread = _robust_spread(residual)
    keep = np.abs(residual - np.median(residual)) <= OUTLIER_SPREADS * spread
    slope, intercept = np.polyfit(x[keep], y[keep], 1)
    residual = y - (intercept + slope * x)

    # Buckets of source length, merged forward until each holds MIN_BUCKET pairs.
    length = np.exp(x)
    groups: list[np.ndarray] = []
    pending = np.zeros(len(x), dtype=bool)
    for low, high in zip(EDGES, EDGES[1:]):
        pending |= (length >= low) & (length < high)
        if pending.sum() >= MIN_BUCKET:
            groups.append(pending)
            pending = np.zeros(len(x), dtype=bool)
    if pending.any():
        groups[-1] = groups[-1] | pending
    knots = []
    for mask in groups:
        centre, spread = _robust_spread(residual[mask])
        knots.append({"log_source": round(float(np.median(x[mask])), 4), "center": round(centre, 5),
                      "scale": round(spread, 5), "pairs": int(mask.sum()),
                      "source_length": [round(float(length[mask].min()), 1), round(float(length[mask].max()), 1)]})

    z = np.empty(len(x))
    knot_x = np.array([k["log_source"] for k in knots])
    centres = np.interp(x, knot_x, [k["center"] for k in knots])
    spreads = np.interp(x, knot_x, [k["scale"] for k in knots])
    z = (residual - centres) / spreads
    tails = {}
    for side, values in (("short", -z), ("long", z)):
        ordered = np.sort(values)[::-1]  # largest first: ordered[k] is exceeded by k + 1 pairs
        survival = np.arange(1, len(ordered) + 1) / len(ordered)
        beyond = ordered >= TAIL_FROM
        rate, log_p = np.polyfit(ordered[beyond], np.log(survival[beyond]), 1)
        tails[side] = {"from_z": TAIL_FROM, "log_p": round(float(log_p), 5), "rate": round(float(-rate), 5),
                       "pairs_beyond": int(beyond.sum())}
    return {
        "name": "length-zh-en",
        "version": 1,
        "description": "How long English translations of Chinese sources are: log(target length) = intercept + "
                       "slope * log(source length), with a centre and spread of the residual by source length "
                       "(interpolated between knots) and exponential tails of the standardised residual.",
        "fitted_on": description,
        "fitted_by": "bench/fit_length_model.py",
        "source_length": "CJK letters + 1.5 per word in another script, number or #PLACEHOLDER#",
        "target_length": "characters other than white space",
        "pairs": int(len(x)),
        "intercept": round(float(intercept), 5),
        "slope": round(float(slope), 5),
        "knots": knots,
        "tails": tails,
    }


def calibration(model_data: dict, pairs: list[tuple[str, str]]) -> str:
    from tqa.checks.omission import (LengthModel, SHORT_PROBABILITY, PIECE_PROBABILITY, source_length,
                                     target_length)

    model = LengthModel.from_dict(model_data)
    zs = np.array([model.z(source_length(s), target_length(t)) for s, t in pairs
                   if source_length(s) >= 1 and target_length(t) >= 1])
    rows = []
    for label, p in (("1 in 10", 0.1), ("1 in 100", PIECE_PROBABILITY), ("1 in 1,000", SHORT_PROBABILITY)):
        short, long = model.z_for(p, True), model.z_for(p, False)
        rows.append(f"  {label:>10}: z ≤ {short:5.2f}: {np.mean(zs <= short):.4f}   z ≥ {long:4.2f}: "
                    f"{np.mean(zs >= long):.4f}")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default=str(ROOT / "tqa" / "data" / "length-zh-en.json"))
    parser.add_argument("--check", action="store_true", help="print calibration and a two-fold cross-check")
    args = parser.parse_args()
    if not wmt22_available():
        print("skipped: ../shared/data/wmt22-zhen is absent")
        return 0
    description = ("WMT22 general task zh-en test set (Kocmi et al., WMT 2022): source.zh with ref.A.en and "
                   "ref.B.en, 1,875 lines each, research use")
    model = fit(pairs_of(["ref.A.en", "ref.B.en"]), description)
    Path(args.output).write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.output}: {model['pairs']} pairs, slope {model['slope']}, intercept {model['intercept']}, "
          f"{len(model['knots'])} knots, tails short {model['tails']['short']} long {model['tails']['long']}")
    if args.check:
        print("share of the fitted pairs beyond each threshold (should be about the probability):")
        print(calibration(model, pairs_of(["ref.A.en", "ref.B.en"])))
        for fitted, held in (("ref.A.en", "ref.B.en"), ("ref.B.en", "ref.A.en")):
            half = fit(pairs_of([fitted]), fitted)
            print(f"fitted on {fitted}, applied to {held}:")
            print(calibration(half, pairs_of([held])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
