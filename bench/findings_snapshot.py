"""Findings snapshot: every WMT22 system output and reference checked with every check, with and without
``--source``, written as JSON (one file per run) so that two versions of tqa can be compared byte for byte.

Speed work must not change a finding: run this before and after, then compare the two folders
(``python bench/findings_snapshot.py OUT`` twice, ``diff -r``). ``--tqa-path`` runs another checkout of tqa
(``PYTHONPATH``) with this interpreter.

    python bench/findings_snapshot.py OUT_DIR [--tqa-path DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WMT22, wmt22_available, wmt22_references, wmt22_systems  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--tqa-path", type=Path, help="run the tqa package found in this directory")
    args = parser.parse_args()
    if not wmt22_available():
        print("skipped: ../shared/data/wmt22-zhen is absent")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if args.tqa_path:
        env["PYTHONPATH"] = str(args.tqa_path.resolve())
    for path in wmt22_systems() + wmt22_references():
        for with_source in (False, True):
            name = path.stem + ("+source" if with_source else "") + ".json"
            cmd = [sys.executable, "-m", "tqa", "check", str(path), "--format", "json", "-o", str(args.out / name),
                   "--exit-zero", "-q"]
            if with_source:
                cmd += ["--source", str(WMT22 / "source.zh")]
            subprocess.run(cmd, check=True, env=env)
            data = json.loads((args.out / name).read_text(encoding="utf-8"))
            count = sum(len(doc.get("findings", ())) for doc in data.get("documents", [data]))
            print(f"{name}: {count} findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
