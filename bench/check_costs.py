"""Per-check CPU of ``tqa check`` with every check, on the scan-speed corpus as one file, against the grep floor.

Issue 14 asks for every check within 3x the floor (``LC_ALL=C grep -F -o -i``, see bench/scan_speed.py), and the
glossary check alone within 2x: what every other check costs is what "every check" adds to the glossary
check. This script runs ``tqa check`` in this process, each check's ``run`` timed with ``time.process_time``
(the CPU time of this process: a shared machine's load does not count), windows and all as the command runs
them, and prints each check's CPU seconds and findings, and the checks other than the glossary's as a share of
grep's CPU time on the same file, measured in the same run (median of ``--repeat``, interleaved).

    python bench/check_costs.py [--mb 100] [--entries 10000] [--repeat 3]

It builds the corpus and glossary of bench/scan_speed.py (the WMT22 zh-en outputs and references when
../shared/data/wmt22-zhen is present, else generated English).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WORK  # noqa: E402
from bench.scan_speed import build_corpus, build_glossary, run_cpu  # noqa: E402


def check_costs(glossary: Path, text_file: Path, out: Path) -> tuple[dict[str, float], dict[str, int], float]:
    """(CPU seconds per check, findings per check, CPU seconds of the whole run) of one in-process run."""
    from tqa.checks import all_checks
    from tqa.cli import main

    seconds: dict[str, float] = defaultdict(float)
    found: dict[str, int] = defaultdict(int)
    originals = {}
    for check in all_checks():
        cls = type(check)
        if cls in originals:
            continue
        originals[cls] = cls.run

        def run(self, ctx, _run=cls.run, _name=cls.name):
            began = time.process_time()
            findings = list(_run(self, ctx))
            seconds[_name] += time.process_time() - began
            found[_name] += len(findings)
            return findings

        cls.run = run
    began = time.process_time()
    try:
        main(["check", "-g", str(glossary), "--format", "csv", "--exit-zero", "-q", "--jobs", "1", str(text_file),
              "-o", str(out)])
    except SystemExit:
        pass
    finally:
        for cls, original in originals.items():
            cls.run = original
    return dict(seconds), dict(found), time.process_time() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    paths, size = build_corpus(args.mb, WORK / "corpus")
    one_file = WORK / "one.txt"
    with open(one_file, "wb") as out:
        for path in paths:
            out.write(path.read_bytes())
    glossary = WORK / "glossary-10k.yaml"
    phrases = build_glossary(args.entries, glossary)
    patterns = WORK / "patterns.txt"
    patterns.write_text("\n".join(phrases) + "\n", encoding="utf-8")
    check_costs(glossary, paths[0], WORK / "warm.csv")  # the glossary cache and the lazy imports, once

    env = dict(os.environ, LC_ALL="C")
    grep_cpu, runs = [], []
    for _ in range(args.repeat):
        with open(WORK / "grep.txt", "wb") as sink:
            grep_cpu.append(run_cpu(["grep", "-F", "-o", "-i", "-b", "-f", str(patterns), str(one_file)], env=env,
                                    stdout=sink)[1])
        runs.append(check_costs(glossary, one_file, WORK / "tqa-all.csv"))
    floor = statistics.median(grep_cpu)
    names = sorted({name for seconds, _, _ in runs for name in seconds},
                   key=lambda name: -statistics.median(r[0].get(name, 0.0) for r in runs))
    print(f"\n{size / 1e6:.0f} MB as one file, {args.entries} entries; grep -F -o -i CPU {floor:.2f} s (median of "
          f"{args.repeat})")
    print(f"{'check':14}{'CPU s':>8}{'runs':>22}{'findings':>10}{'x floor':>9}")
    others = []
    for name in names:
        cpus = [r[0].get(name, 0.0) for r in runs]
        print(f"{name:14}{statistics.median(cpus):8.2f}{' '.join(f'{c:.2f}' for c in cpus):>22}"
              f"{runs[0][1].get(name, 0):10d}{statistics.median(cpus) / floor:9.2f}")
    for seconds, _, _ in runs:
        others.append(sum(cpu for name, cpu in seconds.items() if name != "glossary"))
    total = statistics.median(r[2] for r in runs)
    print(f"{'not glossary':14}{statistics.median(others):8.2f}{' '.join(f'{c:.2f}' for c in others):>22}"
          f"{'':10}{statistics.median(others) / floor:9.2f}")
    print(f"{'whole run':14}{total:8.2f}{'':32}{total / floor:9.2f}")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
