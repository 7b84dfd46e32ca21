"""Findings snapshot: every WMT22 system output and reference checked with every check, with and without
``--source``, written as JSON (one file per run) so that two versions of tqa can be compared byte for byte.

Speed work must not change a finding: run this before and after (``--tqa-path`` runs another checkout of tqa,
through ``PYTHONPATH``, with this interpreter), and ``--against`` compares the new folder with an earlier one
byte for byte, but for the line naming the glossary file's path (which names the checkout).

    python bench/findings_snapshot.py OUT_DIR [--tqa-path DIR] [--against EARLIER_OUT_DIR]
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
    parser.add_argument("--against", type=Path, help="an earlier snapshot to compare with")
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
    if args.against:
        different = [p.name for p in sorted(args.out.glob("*.json")) if _without_path(p) != _without_path(args.against / p.name)]
        print(f"against {args.against}: {len(different)} of {len(list(args.out.glob('*.json')))} reports differ"
              + (f": {', '.join(different)}" if different else " (byte-identical but for the glossary's path)"))
        return 1 if different else 0
    return 0


def _without_path(path: Path) -> list[bytes]:
    if not path.is_file():
        return [b"(missing)"]
    return [line for line in path.read_bytes().splitlines() if not line.lstrip().startswith(b'"path":')]


if __name__ == "__main__":
    sys.exit(main())
