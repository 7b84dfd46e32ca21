"""Shared helpers for the benchmarks: where the WMT22 data is, running a command with its peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import NamedTuple

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


class Measured(NamedTuple):
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the children it waited for
    peak: int  # bytes: the largest single process's peak resident set (see measure)
    together: int  # bytes: the peak of the resident sets of all the command's processes together (sampled)
    code: int  # exit status
    err: str  # what it wrote on stderr (when captured)


def measure(cmd: list[str], *, env: dict | None = None, cwd=None, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE) -> Measured:
    """Run ``cmd`` and measure it: wall and CPU time, and the peak resident memory of its largest process.

    The peak comes from ``wait4`` (as ``/usr/bin/time -v`` reports it), which is exact for the command's own process
    but for one trap: Linux starts a spawned process's peak at its parent's (this script's) peak resident set, since
    the child runs in the parent's memory until it executes the command. So when ``wait4``'s figure is not above this
    script's own peak it says nothing about the command, and the peak is taken from /proc instead: every process of
    the command's tree (its pool's workers too) has its peak (VmHWM) read every 5 ms for the first second, then
every 50 ms, the largest kept (a process's last few milliseconds may go unseen). The sampled
    peak of all processes together (VmRSS summed; forked workers share the pages they inherited, so this sum
    overstates what the run takes) is returned beside it."""
    parent_peak = _status_kb("self", "VmHWM:") * 1024
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=stdout, stderr=stderr)
    largest, together = [0], [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            tree = _tree(proc.pid)
            largest[0] = max([largest[0]] + [_status_kb(pid, "VmHWM:") * 1024 for pid in tree])
            together[0] = max(together[0], sum(_status_kb(pid, "VmRSS:") * 1024 for pid in tree))
            done.wait(0.005 if time.perf_counter() - start < 1 else 0.05)  # often at first: a short run's last

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    peak = usage.ru_maxrss * 1024
    if peak <= parent_peak:  # only this script's own peak: the sampled one is the command's
        peak = largest[0]
    return Measured(wall, usage.ru_utime + usage.ru_stime, peak, together[0], code, err)


def run_measured(cmd: list[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> tuple[float, int, int]:
    """Run ``cmd``; return (wall seconds, peak RSS in bytes (:func:`measure`), exit status)."""
    done = measure(cmd, env=env, stdout=stdout)
    if done.code not in (0, 1):
        sys.exit(f"command failed ({done.code}): {' '.join(cmd)}\n{done.err}")
    return done.wall, done.peak, done.code


def _status_kb(pid, field: str) -> int:
    """A ``kB`` field of /proc/PID/status (VmRSS:, VmHWM:), 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            children = [int(c) for c in handle.read().split()]
    except OSError:
        return [pid]
    return [pid] + [p for child in children for p in _tree(child)]


def tqa_command() -> list[str]:
    return [sys.executable, "-m", "tqa"]
