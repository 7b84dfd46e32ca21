"""Loading a big glossary.

Without ``--cached``: a generated 100,000-entry YAML glossary, loaded cold (parse, validate, compile, run its
examples) and again from the validated-glossary cache, each in a fresh ``tqa glossary validate`` process; wall
time and peak memory.

With ``--cached``: what every run with a big glossary pays before it reads any text. A glossary (``--glossary
FILE``, else a generated one of ``--entries``, default 10,000) is cached by a warm-up run, then timed in fresh
processes, ``--runs`` interleaved rounds (median, min, max; CPU time beside the wall time, since the machine may be
shared):
- ``load_glossary`` at the path it was cached under, and at another path (a copy of the file in another
  directory: the same cache entry, as for another checkout or a relative path), timed inside the process after
  its imports;
- a whole ``tqa check -g GLOSSARY`` of a one-paragraph file (the seed article's first two lines, as in
  ``bench/startup.py``), from the process start to its end.
Target: the load at most 0.2 s. ``--against DIR`` times another checkout of tqa (``git archive COMMIT | tar -x -C
DIR``) in the same rounds. Every process runs ``python -m tqa`` with ``PYTHONPATH`` naming its checkout. No data
needed.

    python bench/glossary_load.py [--entries 100000]
    python bench/glossary_load.py --cached [--glossary FILE | --entries 10000] [--runs 10] [--against DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import ROOT, WORK, run_measured, tqa_command  # noqa: E402

WORDS = ("bank data platform official signal crown debt group finance account market policy report central "
         "article public share credit risk system network company market service digital online").split()
TARGET_LOAD_SECONDS = 0.2
#: Run in a fresh interpreter: the seconds (wall, CPU) ``load_glossary(argv[1])`` takes once tqa is imported.
PROBE = """import sys, time
import tqa.glossary
wall, cpu = time.perf_counter(), time.process_time()
glossary = tqa.glossary.load_glossary(sys.argv[1])
print(time.perf_counter() - wall, time.process_time() - cpu, len(glossary))
"""


def write_glossary(path: Path, entries: int) -> None:
    rng = random.Random(12345)
    seen: set[str] = set()
    with open(path, "w", encoding="utf-8") as out:
        out.write("name: generated\nversion: 1\nlanguage: en\nentries:\n")
        n = 0
        while n < entries:
            phrase = " ".join(rng.choice(WORDS) for _ in range(3)) + f" x{n}"
            if phrase in seen:
                continue
            seen.add(phrase)
            out.write(f"  - id: e{n}\n    match: [{phrase}]\n    suggest: fixed {n}\n"
                      f"    category: Accuracy/Mistranslation\n    severity: minor\n"
                      f"    examples:\n      bad: [\"it said {phrase} today\"]\n      good: [\"it said nothing today\"]\n")
            n += 1


def big(entries: int) -> int:
    base = WORK / "glossary-load"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    path = base / "generated.yaml"
    write_glossary(path, entries)
    env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache")}
    env.pop("TQA_NO_CACHE", None)
    print(f"glossary: {entries:,} entries, {path.stat().st_size / 1e6:.1f} MB of YAML, one example of each kind")
    for label in ("cold (parse, validate, compile, examples)", "from the cache"):
        seconds, peak, code = run_measured([*tqa_command(), "glossary", "validate", str(path)], env=env)
        print(f"  {label:<42} {seconds:6.1f} s  peak {peak / 1e6:6.0f} MB  exit {code}")
    shutil.rmtree(base, ignore_errors=True)
    return 0


def probe(checkout: Path, glossary: Path, env: dict) -> tuple[float, float]:
    """(wall, CPU) seconds of ``load_glossary(glossary)`` in a fresh process running ``checkout``'s tqa."""
    done = subprocess.run([sys.executable, "-c", PROBE, str(glossary)], env={**env, "PYTHONPATH": str(checkout)},
                          cwd=WORK, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"load_glossary({glossary}) failed in {checkout}:\n{done.stderr}")
    wall, cpu, _ = done.stdout.split()
    return float(wall), float(cpu)


def check(checkout: Path, glossary: Path, paragraph: Path, env: dict) -> tuple[float, float]:
    """(wall, CPU) seconds of a whole ``tqa check -g glossary paragraph`` process running ``checkout``'s tqa."""
    cmd = [sys.executable, "-m", "tqa", "check", "-g", str(glossary), str(paragraph)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env={**env, "PYTHONPATH": str(checkout)}, cwd=WORK, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"command failed: {' '.join(cmd)} (PYTHONPATH={checkout})")
    return wall, usage.ru_utime + usage.ru_stime


def cached(glossary: Path | None, entries: int, runs: int, against: Path | None) -> int:
    base = WORK / "glossary-cached"
    shutil.rmtree(base, ignore_errors=True)
    (base / "here").mkdir(parents=True)
    (base / "elsewhere").mkdir()
    name = glossary.name if glossary else "generated.yaml"
    here, elsewhere = base / "here" / name, base / "elsewhere" / name  # one file name: one cache entry
    if glossary:
        shutil.copyfile(glossary, here)
    else:
        write_glossary(here, entries)
    shutil.copyfile(here, elsewhere)
    paragraph = base / "paragraph.txt"
    seed = (ROOT / "seeds" / "000_cfa7abe2bd583fdd.txt").read_text(encoding="utf-8").splitlines()
    paragraph.write_text("\n".join(seed[:2]) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "TQA_NO_CACHE")}
    env["XDG_CACHE_HOME"] = str(base / "cache")
    checkouts = {"this checkout": ROOT}
    if against:
        checkouts[f"--against {against.name}"] = against.resolve()
    measures = {"load_glossary, same path": lambda c: probe(c, here, env),
                "load_glossary, another path": lambda c: probe(c, elsewhere, env),
                "tqa check (one paragraph)": lambda c: check(c, here, paragraph, env)}
    for checkout in checkouts.values():  # warm-up: the cache (written under `here`), the examples' pass, bytecode
        for measure in measures.values():
            measure(checkout)
    times = {(m, c): [] for m in measures for c in checkouts}
    cpus = {key: [] for key in times}
    for _ in range(runs):
        for m, measure in measures.items():
            for c, checkout in checkouts.items():
                wall, cpu = measure(checkout)
                times[m, c].append(wall)
                cpus[m, c].append(cpu)
    print(f"glossary: {name}, {here.stat().st_size / 1e6:.1f} MB; {runs} interleaved runs each; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'':48}{'median s':>9}{'min s':>8}{'max s':>8}{'CPU s':>8}")
    for (m, c), walls in times.items():
        print(f"{(m + ', ' + c)[:48]:48}{statistics.median(walls):9.3f}{min(walls):8.3f}{max(walls):8.3f}"
              f"{statistics.median(cpus[m, c]):8.3f}")
    worst = max(statistics.median(times[m, "this checkout"]) for m in measures if m.startswith("load_glossary"))
    print(f"\nload_glossary from the cache: {worst:.3f} s at most (median); target <= {TARGET_LOAD_SECONDS} s")
    print("PASS" if worst <= TARGET_LOAD_SECONDS else "FAIL")
    shutil.rmtree(base, ignore_errors=True)
    return 0 if worst <= TARGET_LOAD_SECONDS else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, help="entries of the generated glossary (100,000; 10,000 with "
                                                    "--cached)")
    parser.add_argument("--cached", action="store_true", help="time loading from the cache and a paragraph's check")
    parser.add_argument("--glossary", type=Path, help="with --cached: this glossary instead of a generated one")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--against", type=Path, help="with --cached: another checkout of tqa to time beside this one")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.cached:
        return cached(args.glossary, args.entries or 10_000, args.runs, args.against)
    return big(args.entries or 100_000)


if __name__ == "__main__":
    raise SystemExit(main())
