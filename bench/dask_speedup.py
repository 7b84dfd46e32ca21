"""Dask speed-up: ``tqa check --dask`` on a local cluster of two single-threaded workers against one process
(``--jobs 1``), and ``--jobs 2`` beside them, on the same corpus, every check on, CSV to a file.

Starts a scheduler and two workers with the ``dask scheduler`` and ``dask worker`` commands (127.0.0.1, free ports,
no dashboard), runs the three interleaved ``--repeat`` times, prints the medians, the speed-ups, and whether the
reports are identical (they must be). The corpus is made of the WMT22 zh-en system outputs and references when
../shared/data/wmt22-zhen is present, else of generated English.

    python bench/dask_speedup.py [--mb 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WORK, run_measured, tqa_command  # noqa: E402


def build_corpus(target_mb: float, out: Path) -> int:
    """The corpus of ``bench/scan_speed.py`` (WMT22 outputs and references, else generated English), in ``out``."""
    from bench.scan_speed import build_corpus as scan_speed_corpus

    shutil.rmtree(out, ignore_errors=True)
    return scan_speed_corpus(target_mb, out)[1]


class LocalCluster:
    """A scheduler and ``workers`` single-threaded worker processes, started as a user would start them."""

    def __init__(self, folder: Path, workers: int = 2):
        dask = Path(sys.executable).parent / "dask"
        command = [str(dask)] if dask.exists() else ["dask"]
        folder.mkdir(parents=True, exist_ok=True)
        scheduler_file = folder / "scheduler.json"
        scheduler_file.unlink(missing_ok=True)
        self.log = open(folder / "cluster.log", "wb")
        self.processes = [subprocess.Popen(
            [*command, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(scheduler_file)], stdout=self.log, stderr=self.log)]
        while not scheduler_file.exists():
            time.sleep(0.1)
        for _ in range(workers):
            self.processes.append(subprocess.Popen(
                [*command, "worker", "--scheduler-file", str(scheduler_file), "--host", "127.0.0.1",
                 "--nworkers", "1", "--nthreads", "1", "--memory-limit", "0", "--no-dashboard"],
                stdout=self.log, stderr=self.log))
        self.address = json.loads(scheduler_file.read_text())["address"]
        from distributed import Client

        with Client(self.address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)

    def close(self) -> None:
        for proc in reversed(self.processes):
            proc.terminate()
        for proc in reversed(self.processes):
            proc.wait(timeout=30)
        self.log.close()


def _burn(n: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i
    return time.perf_counter() - start


def parallel_ceiling(n: int = 20_000_000) -> float:
    """What two processes can gain on this machine at this moment: one busy loop alone against two at once in two
    processes (2.0 on two idle cores; less on shared or hyper-threaded ones)."""
    import multiprocessing

    one = _burn(n)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        start = time.perf_counter()
        pool.map(_burn, [n, n])
        two = time.perf_counter() - start
    return 2 * one / two


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = WORK / "dask"
    corpus = base / "corpus"
    size = build_corpus(args.mb, corpus)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; two processes' ceiling on this machine "
          f"now: {parallel_ceiling():.2f}x (two busy loops at once against one)", flush=True)
    cluster = LocalCluster(base / "cluster")
    try:
        runs = {"--jobs 1": ["--jobs", "1"], "--dask, 2 workers": ["--dask", cluster.address],
                "--jobs 2": ["--jobs", "2"]}
        times: dict[str, list[float]] = {label: [] for label in runs}
        peaks: dict[str, list[int]] = {label: [] for label in runs}
        reports: dict[str, bytes] = {}
        for _ in range(args.repeat):
            for label, options in runs.items():
                out = base / f"out-{len(reports)}.csv"
                wall, peak, _ = run_measured(tqa_command() + ["check", str(corpus), "-o", str(out), *options,
                                                              "--no-progress"])
                times[label].append(wall)
                peaks[label].append(peak)
                reports[label] = out.read_bytes()
        one = statistics.median(times["--jobs 1"])
        for label in runs:
            median = statistics.median(times[label])
            print(f"{label:<18} {median:7.1f} s  {size / 1e6 / median:6.1f} MB/s  speed-up {one / median:4.2f}×  "
                  f"peak {max(peaks[label]) / 2**20:5.0f} MB (the tqa process)", flush=True)
        same = len(set(reports.values())) == 1
        print("reports identical:", same)
        return 0 if same else 1
    finally:
        cluster.close()
        shutil.rmtree(corpus, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
