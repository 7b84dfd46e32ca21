"""Big input: a 1 GB corpus of many documents, a single 100 MB document, and a 10 MB line without a newline.

Runs the whole ``tqa check`` process (every check on, CSV to a file) on each and reports wall time and peak
memory (the process's own maximum resident set, from wait4, as ``/usr/bin/time -v`` reports it). Target: the
1 GB corpus under 1 GiB of peak memory (documents are streamed and CSV rows are written per document).
Documents are built from the WMT22 zh-en files when ../shared/data/wmt22-zhen is present, else generated.

    python bench/big_input.py [--gb 1.0] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WORK, run_measured, tqa_command, wmt22_available, wmt22_references, wmt22_systems  # noqa: E402
from bench.scan_speed import _generated_document  # noqa: E402


def sources() -> list[bytes]:
    if wmt22_available():
        return [p.read_bytes() for p in wmt22_systems() + wmt22_references()]
    return [_generated_document(seed) for seed in range(12)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gb", type=float, default=1.0)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    base = WORK / "big"
    shutil.rmtree(base, ignore_errors=True)
    corpus = base / "corpus"
    corpus.mkdir(parents=True)
    data = sources()
    size, n = 0, 0
    while size < args.gb * 1e9:
        chunk = data[n % len(data)]
        (corpus / f"doc{n:05d}.txt").write_bytes(chunk)
        size += len(chunk)
        n += 1
    single = base / "single.txt"
    with open(single, "wb") as handle:
        written, i = 0, 0
        while written < 100e6:
            handle.write(data[i % len(data)])
            written += len(data[i % len(data)])
            i += 1
    long_line = base / "long-line.txt"
    line = data[0].replace(b"\n", b" ")
    long_line.write_bytes((line * (10_000_000 // len(line) + 1))[:10_000_000])

    rows = []
    for label, path, mb in (("1 GB corpus", corpus, size / 1e6), ("100 MB document", single, single.stat().st_size / 1e6),
                            ("10 MB line", long_line, 10.0)):
        out = base / "out.csv"
        wall, peak, status = run_measured(tqa_command() + ["check", str(path), "--format", "csv", "-o", str(out)])
        rows.append((label, mb, wall, peak, status))
        print(f"{label:<16} {mb:8.0f} MB  {wall:8.1f} s  {mb / wall:6.1f} MB/s  peak {peak / 2**20:6.0f} MB  exit {status}",
              flush=True)
    ok = rows[0][3] < 2**30 and all(r[4] in (0, 1) for r in rows)
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    print("PASS" if ok else "FAIL", "(1 GB corpus peak memory must stay under 1 GiB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
