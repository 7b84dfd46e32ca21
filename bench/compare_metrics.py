"""`tqa compare` against sacrebleu's own command line on the WMT22 zh-en systems (both references).

1. Scores: ``tqa compare`` (BLEU, chrF, TER plus every tqa check) and ``sacrebleu REF_A REF_B -i SYSTEMS -m
   bleu chrf ter`` run in this script, interleaved ``--repeat`` times; every system's BLEU, chrF and TER must
   agree to two decimals, and tqa's median wall time must be at most 1.2 times sacrebleu's (issue 14).
   (sacrebleu's TER takes about a minute per system and reference on this test set, in both tools:
   ``--metrics bleu,chrf`` gives a quick run, ``--systems N`` compares the first N systems only.)
2. Significance: ``tqa compare --baseline`` and ``sacrebleu --paired-bs`` (same seed, 1,000 resamples) on
   BLEU and chrF; every p-value must be equal.

Data: ../shared/data/wmt22-zhen (Kocmi et al., WMT 2022); skips cleanly when absent.

    python bench/compare_metrics.py [--metrics bleu,chrf,ter] [--systems N] [--repeat N] [--skip-paired]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WMT22, WORK, tqa_command, wmt22_available, wmt22_systems  # noqa: E402

SACREBLEU_NAMES = {"bleu": "BLEU", "chrf": "chrF2", "ter": "TER"}
TARGET_RATIO = 1.2


def timed(cmd: list[str], out: Path | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    if out is not None:
        out.write_text(proc.stdout, encoding="utf-8")
    return wall, proc.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", default="bleu,chrf,ter")
    parser.add_argument("--systems", type=int, default=0, help="the first N systems only (default: all 12)")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved runs of each tool (medians compared)")
    parser.add_argument("--skip-paired", action="store_true")
    args = parser.parse_args()
    if not wmt22_available():
        print(f"SKIP: WMT22 data not found at {WMT22} (set TQA_WMT22 to its folder)")
        return 0
    WORK.mkdir(parents=True, exist_ok=True)
    metrics = args.metrics.split(",")
    refs = [str(WMT22 / "ref.A.en"), str(WMT22 / "ref.B.en")]
    systems = [str(p) for p in wmt22_systems()][:args.systems or None]
    sacrebleu = [sys.executable, "-m", "sacrebleu"]
    ok = True

    tqa_csv = WORK / "compare.csv"
    tqa_cmd = tqa_command() + ["compare", *[a for r in refs for a in ("--ref", r)], *systems,
                               "-m", args.metrics, "--format", "csv", "-o", str(tqa_csv)]
    sb_cmd = sacrebleu + [*refs, "-i", *systems, "-m", *metrics, "-w", "4", "-f", "json"]
    sb_times, tqa_times = [], []
    for _ in range(args.repeat):
        sb_time, sb_out = timed(sb_cmd)
        sb_times.append(sb_time)
        tqa_times.append(timed(tqa_cmd)[0])
    sb_time, tqa_time = statistics.median(sb_times), statistics.median(tqa_times)
    parsed = json.loads(sb_out)
    if len(systems) == 1:  # one system: sacrebleu prints its metrics as a list, without a system column
        parsed = [{"system": systems[0], **{row["name"]: row["score"] for row in parsed}}]
    sb_scores = {row["system"]: row for row in parsed}
    with open(tqa_csv, encoding="utf-8-sig", newline="") as handle:
        tqa_rows = {row["system"]: row for row in csv.DictReader(handle)}
    print(f"{'system':<20}" + "".join(f"{m + ' tqa':>12}{m + ' sb':>12}" for m in metrics))
    worst = 0.0
    for system in systems:
        line = f"{Path(system).stem:<20}"
        for m in metrics:
            ours, theirs = float(tqa_rows[system][m]), float(sb_scores[system][SACREBLEU_NAMES[m]])
            worst = max(worst, abs(round(ours, 2) - round(theirs, 2)))
            line += f"{ours:12.4f}{theirs:12.4f}"
        print(line)
    ratio = tqa_time / sb_time
    print(f"\nlargest difference at two decimals: {worst:.2f} (must be 0.00)")
    print(f"{len(systems)} systems, 2 references, -m {args.metrics}; median of {args.repeat} interleaved run(s); "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"wall time: tqa compare {tqa_time:.1f} s (with every tqa check; runs "
          f"{' '.join(f'{t:.1f}' for t in tqa_times)}), sacrebleu {sb_time:.1f} s (runs "
          f"{' '.join(f'{t:.1f}' for t in sb_times)}); ratio {ratio:.2f}x (target <= {TARGET_RATIO}x)")
    ok = ok and worst == 0 and ratio <= TARGET_RATIO

    if not args.skip_paired:
        baseline = systems[0]
        t_cmd = tqa_command() + ["compare", *[a for r in refs for a in ("--ref", r)], *systems,
                                 "-m", "bleu,chrf", "--baseline", baseline, "--format", "json"]
        s_cmd = sacrebleu + [*refs, "-i", *systems, "-m", "bleu", "chrf", "--paired-bs", "-w", "4", "-f", "text"]
        _, t_out = timed(t_cmd)
        _, s_out = timed(s_cmd)
        ours = {row["system"]: row for row in json.loads(t_out)["significance"]}
        # sacrebleu's table: a row per system, with "(p = 0.0010)" under each metric.
        theirs = {}
        current = None
        for line in s_out.splitlines():
            cells = [c.strip() for c in line.strip("│ ").split("│")]
            if cells and cells[0].endswith(".en"):
                current = cells[0].replace("Baseline: ", "")
            elif current and "p =" in line:
                theirs[current] = [float(p) for p in re.findall(r"p = ([0-9.]+)", line)]
        mismatches = 0
        print(f"\npaired bootstrap against {Path(baseline).stem} (1,000 resamples, seed 12345):")
        print(f"{'system':<20}{'bleu_p tqa':>12}{'bleu_p sb':>12}{'chrf_p tqa':>12}{'chrf_p sb':>12}")
        for system in systems[1:]:
            mine = [ours[system]["bleu_p"], ours[system]["chrf_p"]]
            sb = theirs.get(system, [None, None])
            mismatches += sum(1 for a, b in zip(mine, sb) if b is None or abs(a - b) > 1e-4)
            print(f"{Path(system).stem:<20}{mine[0]:12.4f}{sb[0]:12.4f}{mine[1]:12.4f}{sb[1]:12.4f}")
        print(f"p-values that differ: {mismatches}")
        ok = ok and mismatches == 0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
