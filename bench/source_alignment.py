"""With a source beside it, a target gets the same target findings as without one.

For every WMT22 system output, ``tqa check SYSTEM --source source.zh`` and ``tqa check SYSTEM`` (the whole process,
CSV) must report the same findings (document, unit, offsets, rule, text) from the checks that read the target
alone; the source-aware checks (numbers, terms, omission, copies, tags) add theirs, counted in their own column.
One exception, by design: a span that a source-aware check reports first is not reported again (Chinese copied
from the source is a copies finding, not also a language one), so a plain-text finding may be missing with the
source only where a source-aware finding covers it; that is checked too.
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


def findings(*args: str) -> tuple[list[tuple], list[tuple], float]:
    """The findings of the target-only checks (``KEY``), the (doc, start, end) of the source-aware ones, and the
    seconds taken."""
    from tqa.checks import all_checks

    target_only = {check.name for check in all_checks() if not getattr(check, "needs_source", False)}
    start = time.perf_counter()
    proc = subprocess.run([*tqa_command(), "check", *args, "--format", "csv"], capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"tqa check {' '.join(args)} failed: {proc.stderr.decode()}")
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode("utf-8"))))
    kept = [tuple(row[k] for k in KEY) for row in rows if row["check"] in target_only]
    aware = [(row["doc"], int(row["start"]), int(row["end"])) for row in rows if row["check"] not in target_only]
    return kept, aware, seconds


def same_target_findings(plain: list[tuple], with_source: list[tuple], aware: list[tuple]) -> bool:
    """``with_source`` is ``plain`` but for findings whose span a source-aware finding covers."""
    doc, start, end = KEY.index("doc"), KEY.index("start"), KEY.index("end")
    kept = set(with_source)
    if not kept <= set(plain):
        return False
    return all(any(d == f[doc] and s < int(f[end]) and int(f[start]) < e for d, s, e in aware)
               for f in plain if f not in kept)


def main() -> int:
    if not wmt22_available():
        print("skipped: ../shared/data/wmt22-zhen is absent")
        return 0
    source = str(WMT22 / "source.zh")
    failed = False
    total_plain = total_source = 0.0
    print(f"{'system':<22} {'findings':>8} {'+source-aware':>13}  {'plain s':>8} {'--source s':>10}  same")
    for system in wmt22_systems():
        plain, aware_plain, plain_s = findings(str(system))
        with_source, aware, source_s = findings(str(system), "--source", source)
        same = not aware_plain and same_target_findings(plain, with_source, aware)
        extra = len(aware)
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
