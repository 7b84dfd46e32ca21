"""Dask: a real scheduler and two worker processes started with the ``dask scheduler`` and ``dask worker``
commands (as a user starts a cluster, on 127.0.0.1 with free ports and no dashboard), a corpus checked on them
through ``tqa check --dask`` and through :mod:`tqa.dask`'s bags and DataFrames: the findings equal the local
run's."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import tqa
import tqa.dask
from tqa.model import Document

from helpers import FIXTURES, SEED, SHIPPED, mixed_corpus

BILINGUAL = FIXTURES / "bilingual"


def _dask_command() -> list[str]:
    """The ``dask`` command of the interpreter running the tests (the virtual environment's)."""
    beside = Path(sys.executable).parent / "dask"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("dask")
    if found is None:
        pytest.fail("the dask command is not installed (the test extra includes dask[distributed])")
    return [found]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, request):
    """The scheduler's address; a scheduler and two single-threaded workers, stopped by a finalizer."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("cluster")
    scheduler_file = folder / "scheduler.json"
    processes: list[subprocess.Popen] = []

    def stop():
        for proc in reversed(processes):  # the workers first, then the scheduler
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in reversed(processes):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    request.addfinalizer(stop)
    log = open(folder / "cluster.log", "wb")
    request.addfinalizer(log.close)
    common = ["--no-dashboard"]
    processes.append(subprocess.Popen(
        [*_dask_command(), "scheduler", "--host", "127.0.0.1", "--port", "0", "--scheduler-file",
         str(scheduler_file), *common], stdout=log, stderr=log, cwd=folder))
    deadline = time.monotonic() + 60
    while not scheduler_file.exists():
        assert time.monotonic() < deadline and processes[0].poll() is None, (folder / "cluster.log").read_text()
        time.sleep(0.1)
    for _ in range(2):
        processes.append(subprocess.Popen(
            [*_dask_command(), "worker", "--scheduler-file", str(scheduler_file), "--host", "127.0.0.1",
             "--nworkers", "1", "--nthreads", "1", "--memory-limit", "0", *common],
            stdout=log, stderr=log, cwd=folder))
    address = json.loads(scheduler_file.read_text())["address"]
    with Client(address, timeout="60s") as client:
        client.wait_for_workers(2, timeout=120)
        assert len(client.scheduler_info()["workers"]) == 2
    return address


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = mixed_corpus(tmp_path / "corpus")
    for number in range(6):
        shutil.copy(BILINGUAL / "wmt22-excerpt.en", folder / f"f-excerpt{number}.txt")
    return folder


def _check(args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tqa", "check", *map(str, args)], capture_output=True, cwd=cwd)


@pytest.mark.parametrize("fmt", ["csv", "json", "text"])
def test_check_on_a_cluster_reports_what_the_local_run_reports(cluster, corpus, tmp_path, fmt):
    common = [corpus, "-g", SHIPPED, "--format", fmt, "--summary"]
    local = _check([*common, tmp_path / "local-summary.csv", "-o", tmp_path / "local", "--jobs", "1"], tmp_path)
    remote = _check([*common, tmp_path / "remote-summary.csv", "-o", tmp_path / "remote", "--dask", cluster],
                    tmp_path)
    assert remote.returncode == local.returncode == 2, remote.stderr.decode()  # the binary file: exit 2
    assert remote.stderr == local.stderr
    assert b"d-binary.txt:1: binary file" in remote.stderr
    assert (tmp_path / "remote").read_bytes() == (tmp_path / "local").read_bytes()
    assert (tmp_path / "remote-summary.csv").read_bytes() == (tmp_path / "local-summary.csv").read_bytes()
    assert (tmp_path / "remote").read_bytes().count(b"f-excerpt5.txt")


def test_a_cluster_that_cannot_run_the_analysis_is_one_line(cluster, tmp_path):
    """Workers that cannot run the analysis (here: a task needing a module they lack, as when the cluster's
    environment differs from this one) fail the run with one line and exit 2, not a traceback."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import sys\nimport tqa.dask\n"
        "def elsewhere(state, sources):\n    import tqa_of_another_version  # not on the workers\n"
        "tqa.dask._documents_task = elsewhere\n"
        "from tqa.cli import main\nsys.exit(main(sys.argv[1:]))\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(probe), "check", str(SEED), "--dask", cluster], capture_output=True,
                         cwd=tmp_path)
    lines = run.stderr.decode().strip().splitlines()
    assert run.returncode == 2 and b"Traceback" not in run.stderr, run.stderr.decode()
    assert lines[-1].startswith(f"tqa: --dask {cluster}: the cluster could not analyse ")


def test_an_unusable_address_is_one_line(tmp_path):
    run = _check([SEED, "--dask", "nonsense://nowhere"], tmp_path)
    assert run.returncode == 2 and b"Traceback" not in run.stderr
    assert run.stderr.decode().strip().splitlines()[-1].startswith("tqa: --dask nonsense://nowhere:")


def _local_frame(documents, glossary) -> pd.DataFrame:
    frames = [tqa.analyze_document(d, glossary).to_frame() for d in documents]
    return pd.concat([f for f in frames if len(f)], ignore_index=True)


def test_a_bag_of_documents(cluster, tmp_path):
    from distributed import Client
    import dask.bag as db

    glossary = tqa.load_glossary(SHIPPED)
    documents = [Document("seed", SEED.read_text()), Document("mixed", (FIXTURES / "checks" / "mixed.txt").read_text()),
                 tqa.read(BILINGUAL / "wmt22-excerpt.en", source=BILINGUAL / "wmt22-excerpt.zh"),
                 Document("clean", "Nothing wrong here.\n")]
    items = [documents[0], ("mixed", documents[1].text), documents[2], {"doc": "clean", "text": "Nothing wrong here.\n"}]
    with Client(cluster) as client:
        findings = tqa.dask.check_bag(db.from_sequence(items, npartitions=3), glossary, client=client)
        assert list(findings.columns) == list(tqa.model.FINDING_COLUMNS)
        got = findings.compute().reset_index(drop=True)
        findings.to_parquet(tmp_path / "parquet")
        findings.to_csv(tmp_path / "csv-*.csv", index=False)
        partitions = findings.npartitions
    expected = _local_frame(documents, glossary)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert len(got) > 20
    written = pd.read_parquet(tmp_path / "parquet").reset_index(drop=True)
    pd.testing.assert_frame_equal(written, expected, check_dtype=False)
    assert len(list(tmp_path.glob("csv-*.csv"))) == partitions > 1
    in_csv = pd.concat([pd.read_csv(p, keep_default_na=False) for p in sorted(tmp_path.glob("csv-*.csv"))])
    assert list(in_csv["rule"]) == list(expected["rule"])


def test_a_dataframe_of_units(cluster):
    """A table of units (doc, unit, source, target) checked on the cluster as bilingual documents: the
    findings of the same file read by tqa."""
    from distributed import Client
    import dask.dataframe as dd

    glossary = tqa.load_glossary(SHIPPED)
    read = tqa.read(BILINGUAL / "wmt22-excerpt.en", source=BILINGUAL / "wmt22-excerpt.zh")
    rows = [{"doc": "excerpt", "unit": u.id, "source": u.source, "target": read.text[u.start:u.end]}
            for u in read.units]
    rows += [{"doc": "seed", "unit": str(n), "source": None, "target": line}
             for n, line in enumerate(SEED.read_text().split("\n"), 1)]
    frame = dd.from_pandas(pd.DataFrame(rows), npartitions=1)
    with Client(cluster) as client:
        got = tqa.dask.check_dataframe(frame, glossary, text="target", unit="unit", source="source",
                                       client=client, ignore=["language.document"]).compute()
    local = tqa.analyze_document(read, glossary, policy=tqa.dask.settings(glossary, ignore=["language.document"]).policy)
    mine = got[got["doc"] == "excerpt"]
    assert [tuple(r) for r in mine[["start", "end", "rule", "unit", "source_start"]].itertuples(index=False)] == [
        (f.start, f.end, f.rule, f.unit, f.source_start if f.source_start is not None else pd.NA)
        for f in local.findings]
    seed = tqa.analyze_document(Document("seed", SEED.read_text()), glossary,
                                policy=tqa.dask.settings(glossary, ignore=["language.document"]).policy)
    assert list(got[got["doc"] == "seed"]["start"]) == [f.start for f in seed.findings]


def test_a_dataframe_of_documents_without_a_client():
    """The local scheduler (no cluster) works too: the glossary travels as a node of the graph."""
    import dask.dataframe as dd

    glossary = tqa.load_glossary(SHIPPED)
    frame = dd.from_pandas(pd.DataFrame({"doc": ["seed", "x"], "text": [SEED.read_text(), "new crown cases"]}),
                           npartitions=2)
    got = tqa.dask.check_dataframe(frame, glossary).compute(scheduler="processes")
    expected = _local_frame([Document("seed", SEED.read_text()), Document("x", "new crown cases")], glossary)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False)
    with pytest.raises(tqa.TqaError, match="no column 'body'"):
        tqa.dask.check_dataframe(frame, glossary, text="body")
