"""With a source beside it, a target gets the same target findings as without one.

For every WMT22 system output, ``tqa check SYSTEM --source source.zh`` and ``tqa check SYSTEM`` (the whole process,
CSV) must report the same findings (document, unit, offsets, rule, text) from the checks that read the target
alone; the source-aware checks (numbers, terms, omission, copies, tags) add theirs, counted in their own column.
The time of both is reported (with the source, every default check runs, so the time includes theirs), and a
source with another number of lines must be refused with one line and exit 2. Skips when ../shared/data is absent.

    python bench/source_alignment.py
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WMT22, tqa_command, wmt22_available, wmt22_systems  # noqa: E402

KEY = ("doc", "unit", "line", "column", "start", "end", "rule", "text")


def findings(*args: str) -> tuple[list[tuple], int, float]:
    """The findings of the target-only checks, the number of source-aware findings, and the seconds taken."""
    from tqa.checks import all_checks

    target_only = {check.name for check in all_checks() if not getattr(check, "needs_source", False)}
    start = time.perf_counter()
    proc = subprocess.run([*tqa_command(), "check", *args, "--format", "csv"], capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"tqa check {' '.join(args)} failed: {proc.stderr.decode()}")
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode("utf-8"))))
    kept = [tuple(row[k] for k in KEY) for row in rows if row["check"] in target_only]
    return kept, len(rows) - len(kept), seconds


def main() -> int:
    if not wmt22_available():
        print("skipped: ../shared/data/wmt22-zhen is absent")
        return 0
    source = str(WMT22 / "source.zh")
    failed = False
    total_plain = total_source = 0.0
    print(f"{'system':<22} {'findings':>8} {'+source-aware':>13}  {'plain s':>8} {'--source s':>10}  same")
    for system in wmt22_systems():
        plain, extra_plain, plain_s = findings(str(system))
        with_source, extra, source_s = findings(str(system), "--source", source)
        same = plain == with_source and extra_plain == 0
        failed |= not same
        total_plain += plain_s
        total_source += source_s
        print(f"{system.name:<22} {len(plain):>8} {extra:>13}  {plain_s:8.2f} {source_s:10.2f}  "
              f"{'yes' if same else 'NO'}")
    print(f"{'all':<22} {'':>8} {'':>13}  {total_plain:8.2f} {total_source:10.2f}  "
          f"ratio {total_source / total_plain:.2f}x")
    proc = subprocess.run([*tqa_command(), "check", str(wmt22_systems()[0]), "--source", str(Path(__file__))],
                          capture_output=True, check=False)
    err = proc.stderr.decode().strip().splitlines()
    refused = proc.returncode == 2 and len(err) == 1 and "lines, but the source" in err[0]
    print(f"mismatched line counts: exit {proc.returncode}, {len(err)} line: {err[0] if err else ''}")
    ok = not failed and refused
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
