"""Shared helpers for the benchmarks: where the WMT22 data is, running a command with its peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "_work"
# The WMT22 zh-en test set sits in ../shared/data beside the repository (not shipped with tqa).
WMT22 = Path(os.environ.get("TQA_WMT22", ROOT.parent / "shared" / "data" / "wmt22-zhen"))


def wmt22_available() -> bool:
    return (WMT22 / "systems").is_dir() and (WMT22 / "ref.A.en").is_file()


def wmt22_systems() -> list[Path]:
    return sorted((WMT22 / "systems").glob("*.en"))


def wmt22_references() -> list[Path]:
    return sorted(WMT22.glob("ref.*.en"))


def run_measured(cmd: list[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> tuple[float, int, int]:
    """Run ``cmd``; return (wall seconds, peak RSS in bytes, exit status) of that process alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode not in (0, 1):
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss * 1024, proc.returncode


def tqa_command() -> list[str]:
    return [sys.executable, "-m", "tqa"]
