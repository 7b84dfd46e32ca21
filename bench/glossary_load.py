"""Loading a big glossary: a generated 100,000-entry YAML glossary, loaded cold (parse, validate, compile, run
its examples) and again from the validated-glossary cache, each in a fresh ``tqa glossary validate`` process;
wall time and peak memory. No data needed.

    python bench/glossary_load.py [--entries 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WORK, run_measured, tqa_command  # noqa: E402

WORDS = ("bank data platform official signal crown debt group finance account market policy report central "
         "article public share credit risk system network company market service digital online").split()


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    base = WORK / "glossary-load"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    path = base / "generated.yaml"
    write_glossary(path, args.entries)
    env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache")}
    env.pop("TQA_NO_CACHE", None)
    print(f"glossary: {args.entries:,} entries, {path.stat().st_size / 1e6:.1f} MB of YAML, one example of each kind")
    for label in ("cold (parse, validate, compile, examples)", "from the cache"):
        seconds, peak, code = run_measured([*tqa_command(), "glossary", "validate", str(path)], env=env)
        print(f"  {label:<42} {seconds:6.1f} s  peak {peak / 1e6:6.0f} MB  exit {code}")
    shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
