"""Start-up: ``tqa check`` of a one-paragraph file with a cached glossary, against ``python3 -c pass``.

Editors and pre-commit hooks run tqa on one small file at a time, so what they wait for is the whole process.
The paragraph is the seed article's first two lines (six findings). The glossary cache and the modules'
bytecode are made by one warm-up run, as any earlier run leaves them (``PYTHONDONTWRITEBYTECODE`` is dropped
from the runs' environment: an installed package has its bytecode). Then the interpreter alone
(``python3 -c pass``, the floor no Python program starts below) and ``tqa check FILE`` (the console script) run
interleaved, ``--runs`` times each; the medians are printed with the target, 0.15 s for tqa, and beside them
the CPU time each process used (on a loaded machine the wall time also holds the wait for a core). Last, which of the
heavy packages the run imported (none of numpy, pandas, sacrebleu, jieba, pypinyin, cn2an is needed for it).

``--against DIR`` also times another checkout of tqa (an earlier commit: ``git archive COMMIT | tar -x -C DIR``)
in the same interleaved rounds, so that a change is measured against its baseline under the same load. Then both
run as ``python -m tqa`` with ``PYTHONPATH`` naming their checkout, from ``bench/_work`` (so that ``-m`` puts no
other checkout first on the path), each after its own warm-up.

    python bench/startup.py [--runs 10] [--against DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import ROOT, WORK, measure  # noqa: E402

TARGET_SECONDS = 0.15
HEAVY = ("numpy", "pandas", "sacrebleu", "jieba", "pypinyin", "cn2an", "yaml", "regex", "lxml", "langdetect",
         "ahocorasick_rs")


def run_cpu(cmd: list[str], env: dict) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds (user + system), peak RSS in bytes) of ``cmd``. The CPU time is what the
    process itself needed: on a shared, loaded machine the wall time also holds the time it waited for a core."""
    done = measure(cmd, env=env, cwd=WORK, stderr=subprocess.DEVNULL)
    if done.code not in (0, 1):
        sys.exit(f"command failed: {' '.join(cmd)}")
    return done.wall, done.cpu, done.peak


def tqa_script() -> list[str]:
    """The ``tqa`` console script beside this interpreter (what a user runs), else ``python -m tqa``."""
    script = Path(sys.executable).with_name("tqa")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "tqa"]


def imported_modules(paragraph: Path, env: dict) -> list[str]:
    """The heavy packages a ``tqa check`` of ``paragraph`` imports."""
    probe = ("import runpy, sys\n"
             f"sys.argv = ['tqa', 'check', {str(paragraph)!r}]\n"
             "try:\n    runpy.run_module('tqa', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    return [m for m in done.stderr.strip().splitlines()[-1].split(",") if m] if done.stderr.strip() else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--against", type=Path, help="another checkout of tqa to time beside this one")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    paragraph = WORK / "paragraph.txt"
    seed = (ROOT / "seeds" / "000_cfa7abe2bd583fdd.txt").read_text(encoding="utf-8").splitlines()
    paragraph.write_text("\n".join(seed[:2]) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    tqa = tqa_script() + ["check", str(paragraph)]
    floor = [sys.executable, "-c", "pass"]
    runs = {"python3 -c pass": (floor, env), "tqa check (one paragraph)": (tqa, env)}
    if args.against:
        module = [sys.executable, "-m", "tqa", "check", str(paragraph)]
        runs["tqa check (one paragraph)"] = (module, {**env, "PYTHONPATH": str(ROOT)})
        runs[f"  --against {args.against.name}"] = (module, {**env, "PYTHONPATH": str(args.against.resolve())})
    for cmd, cmd_env in runs.values():  # warm-up: the glossary cache, bytecode, the other caches tqa keeps
        run_cpu(cmd, cmd_env)
    times: dict[str, list[float]] = {name: [] for name in runs}
    cpus: dict[str, list[float]] = {name: [] for name in times}
    peaks: dict[str, list[int]] = {name: [] for name in times}
    for _ in range(args.runs):
        for name, (cmd, cmd_env) in runs.items():
            wall, cpu, peak = run_cpu(cmd, cmd_env)
            times[name].append(wall)
            cpus[name].append(cpu)
            peaks[name].append(peak)
    print(f"paragraph: {paragraph.stat().st_size} bytes, {len(seed[:2])} lines; {args.runs} interleaved runs each; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'':28}{'median s':>9}{'min s':>8}{'max s':>8}{'CPU s':>8}{'peak MB':>9}")
    for name in times:
        print(f"{name[:28]:28}{statistics.median(times[name]):9.3f}{min(times[name]):8.3f}{max(times[name]):8.3f}"
              f"{statistics.median(cpus[name]):8.3f}{max(peaks[name]) / 2**20:9.0f}")
    tqa_s = statistics.median(times["tqa check (one paragraph)"])
    floor_s = statistics.median(times["python3 -c pass"])
    print(f"\ntqa check: {tqa_s:.3f} s ({tqa_s - floor_s:.3f} s above the interpreter's own start-up; CPU "
          f"{statistics.median(cpus['tqa check (one paragraph)']):.3f} s); target <= {TARGET_SECONDS} s")
    heavy = imported_modules(paragraph, env)
    print(f"heavy packages imported: {', '.join(heavy) or 'none'} (of {', '.join(HEAVY)})")
    ok = tqa_s <= TARGET_SECONDS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
