"""Big input (issue 14's acceptance): a 1 GB corpus as one file and as thousands of files, every check on, CSV to a
file, with ``--jobs 1`` and ``--jobs 2``; and a 10 MB line without a newline.

Runs the whole ``tqa check`` process on each and reports wall time, throughput and peak memory: the largest
process's peak resident set (``bench._common.measure``: from wait4, as ``/usr/bin/time -v`` reports it, or from
/proc when wait4 would report this script's own; with ``--jobs 2`` the main process or a worker, whichever is
larger) and the peak of all the run's processes together (sampled from /proc every 50 ms;
forked workers share the pages they inherited, so this sum overstates what the run takes). Target: at most 300 MB
(the largest process) in every run. The reports of ``--jobs 1`` and ``--jobs 2`` must be identical. Documents are
built from the WMT22 zh-en files when ../shared/data/wmt22-zhen is present, else generated.

    python bench/big_input.py [--gb 1.0] [--keep] [--only single|corpus|line] [--format csv|json|sarif|text|...]

``--format`` (repeatable; default csv) runs each case with that report format (the text, JSON, SARIF,
annotated, concise and GitHub reports are written window by window too; HTML reads a document whole).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WORK, measure, tqa_command, wmt22_available, wmt22_references, wmt22_systems  # noqa: E402

TARGET_MB = 300


def sources() -> list[bytes]:
    if wmt22_available():
        return [p.read_bytes() for p in wmt22_systems() + wmt22_references()]
    from bench.scan_speed import _generated_document

    return [_generated_document(seed) for seed in range(12)]


def run(cmd: list[str]) -> tuple[float, float, float, int]:
    """(wall seconds, peak MB of the largest process, peak MB of all processes together, exit status)."""
    done = measure(cmd)
    if done.code not in (0, 1):
        sys.exit(f"command failed ({done.code}): {' '.join(cmd)}\n{done.err}")
    return done.wall, done.peak / 2**20, done.together / 2**20, done.code


def build(base: Path, gb: float) -> tuple[Path, Path, Path, float]:
    data = sources()
    corpus = base / "corpus"
    corpus.mkdir(parents=True)
    single = base / "single.txt"
    size, n = 0, 0
    with open(single, "wb") as whole:
        while size < gb * 1e9:
            chunk = data[n % len(data)]
            (corpus / f"doc{n:05d}.txt").write_bytes(chunk)
            whole.write(chunk)
            size += len(chunk)
            n += 1
    long_line = base / "long-line.txt"
    line = data[0].replace(b"\n", b" ")
    long_line.write_bytes((line * (10_000_000 // len(line) + 1))[:10_000_000])
    print(f"input: {size / 1e6:,.0f} MB as one file and as {n:,} files "
          f"({'WMT22 zh-en' if wmt22_available() else 'generated'})", flush=True)
    return corpus, single, long_line, size / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gb", type=float, default=1.0)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--only", choices=("single", "corpus", "line"), action="append")
    parser.add_argument("--format", action="append", dest="formats", metavar="FORMAT",
                        help="the report format (repeatable; default: csv)")
    args = parser.parse_args()
    formats = args.formats or ["csv"]
    base = WORK / "big"
    shutil.rmtree(base, ignore_errors=True)
    corpus, single, long_line, mb = build(base, args.gb)
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} cores)", flush=True)
    cases = [("single", f"{mb:,.0f} MB as one file", single, mb),
             ("corpus", f"{mb:,.0f} MB as {len(list(corpus.iterdir())):,} files", corpus, mb),
             ("line", "a 10 MB line without a newline", long_line, 10.0)]
    ok = True
    for key, label, path, size in cases:
        if args.only and key not in args.only:
            continue
        for fmt in formats:
            shown = label if fmt == "csv" else f"{label}, {fmt}"
            digests = set()
            for jobs in (1, 2):
                out = base / f"out-{key}-{jobs}.{fmt}"
                wall, largest, together, _ = run(tqa_command() + ["check", str(path), "--format", fmt, "-o", str(out),
                                                                  "--jobs", str(jobs), "--no-progress"])
                digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
                out.unlink()
                if key != "line":  # a line is analysed in one piece: its memory grows with it (README)
                    ok &= largest <= TARGET_MB
                print(f"{shown:<40} --jobs {jobs}  {wall:7.1f} s  {size / wall:5.1f} MB/s  peak {largest:5.0f} MB "
                      f"(all processes {together:5.0f} MB)", flush=True)
            if len(digests) != 1:
                print(f"{shown}: the reports of --jobs 1 and --jobs 2 differ")
                ok = False
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    print("PASS" if ok else "FAIL", f"(the corpus runs' largest process at most {TARGET_MB} MB; identical reports)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
