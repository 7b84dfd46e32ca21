"""Faults while writing: tqa fails with one clear line, exit 2, and leaves no partial file; a signal from the
shell (Ctrl-C, SIGTERM, SIGHUP) exits 128 + the signal and leaves nothing behind; a reader that goes away
(``| head``) does not change the exit status."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import MINI, SEED, only_the_gate_failed, without_gate

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "tqa", *args], cwd=cwd, capture_output=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_full_disk_is_one_clear_line_and_the_device_is_left_alone(tmp_path):
    proc = run("check", str(SEED), "-g", str(MINI), "--format", "csv", "-o", "/dev/full", cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.strip().count("\n") == 0 and "/dev/full" in err and "Traceback" not in err
    assert Path("/dev/full").is_char_device()  # written to, never replaced by a rename


def test_a_missing_parent_directory_is_one_clear_line_and_no_file(tmp_path):
    proc = run("check", str(SEED), "-g", str(MINI), "--format", "csv", "-o", "nowhere/report.csv", cwd=tmp_path)
    assert proc.returncode == 2
    assert b"nowhere" in proc.stderr and proc.stderr.strip().count(b"\n") == 0
    assert list(tmp_path.iterdir()) == []


def start_a_run_waiting_for_its_input(tmp_path):
    """``tqa check - --format csv -o out.csv`` reading a pipe this test holds open and never writes to: once its
    temporary output file exists, the run is certainly in the middle (it waits for its input), however fast the
    machine is."""
    proc = subprocess.Popen([sys.executable, "-m", "tqa", "check", "-", "-g", str(MINI), "--format", "csv",
                             "-o", "out.csv"], cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    deadline = time.monotonic() + 120  # a bound on a hang, not a measurement
    while not any(p.name.startswith(".out.csv.") for p in tmp_path.iterdir()):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the run never opened its output"
        time.sleep(0.02)
    return proc


@pytest.mark.parametrize(("signum", "status", "message"), [
    (signal.SIGINT, 130, "tqa: interrupted\n"),
    (signal.SIGTERM, 143, "tqa: terminated by SIGTERM\n"),
    (signal.SIGHUP, 129, "tqa: terminated by SIGHUP\n"),
    (signal.SIGQUIT, 131, "tqa: terminated by SIGQUIT\n"),
], ids=["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"])
def test_a_signal_mid_run_leaves_no_partial_output_and_exits_128_plus_the_signal(tmp_path, signum, status, message):
    proc = start_a_run_waiting_for_its_input(tmp_path)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)  # closes stdin too: a run that ignored the signal would end with 0
    assert (proc.returncode, out, err.decode()) == (status, b"", message)
    assert list(tmp_path.iterdir()) == []  # no out.csv, no temporary file


def test_a_second_signal_while_stopping_still_leaves_nothing_behind(tmp_path):
    proc = start_a_run_waiting_for_its_input(tmp_path)
    proc.send_signal(signal.SIGTERM)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (130, 143) and b"Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def corpus_ending_in_a_critical(tmp_path):
    """Many findings to print (more than any pipe holds), and the only critical one in the last document."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(20):
        (corpus / f"a{i:02d}.txt").write_text("The official micro-signal said so.\n" * 200, encoding="utf-8")
    (corpus / "z.txt").write_text("Patients with new crown pneumonia were treated.\n", encoding="utf-8")
    return corpus


@pytest.mark.parametrize(("glob", "status"), [("*.txt", 1), ("a*.txt", 0)], ids=["gate-fails", "gate-passes"])
def test_a_reader_that_goes_away_does_not_change_the_gates_exit_status(corpus_ending_in_a_critical, glob, status):
    # ``tqa check corpus --fail-on critical | head -1``: the reader has gone before tqa writes anything.
    proc = subprocess.Popen([sys.executable, "-m", "tqa", "check", str(corpus_ending_in_a_critical), "-g", str(MINI),
                             "--format", "csv", "--glob", glob, "--fail-on", "critical"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == status, err
    assert "Traceback" not in err and "Exception ignored" not in err and "pipe" not in err.lower()
    # The run went on to the end: the gate saw the last document.
    assert ("z.txt: 1 finding at or above critical (--fail-on critical)" in err) == (status == 1), err


def test_a_symlink_loop_in_a_directory_is_not_followed(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("the official micro-signal\n", encoding="utf-8")
    (docs / "loop").symlink_to(docs, target_is_directory=True)
    proc = run("check", "docs", "-g", str(MINI), "--format", "csv", cwd=tmp_path)
    assert only_the_gate_failed(proc.returncode, proc.stderr), proc.stderr  # a major finding
    assert proc.stdout.count(b"docs/a.txt,") == 1  # one finding: the file was read once


def test_json_stays_valid_for_text_with_lone_surrogates():
    import json

    import tqa
    from tqa.report.json import _dumps, document_object

    text = "the official micro-signal \udc80 and \ud800 new crown"
    result = tqa.analyze(text, tqa.load_glossary(MINI))
    body = _dumps(document_object(result))
    body.encode("utf-8")  # writable as UTF-8: lone surrogates are escaped
    parsed = json.loads(body)
    assert [f["text"] for f in parsed["findings"]][:1] == ["official micro-signal"]


def test_an_unreadable_file_in_a_directory_is_reported_and_the_others_are_checked(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("the official micro-signal\n", encoding="utf-8")
    (docs / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # cannot be opened, even by root
    (docs / "z.txt").write_text("patients with new crown pneumonia\n", encoding="utf-8")
    proc = run("check", "docs", "-g", str(MINI), "--format", "csv", cwd=tmp_path)
    assert proc.returncode == 2  # something could not be read (which wins over the failed gate) …
    err = [line for line in without_gate(proc.stderr.decode()).splitlines() if line.strip()]
    assert len(err) == 1 and "gone.txt" in err[0] and "Traceback" not in err[0]
    assert b"docs/a.txt," in proc.stdout and b"docs/z.txt," in proc.stdout  # … and the rest was checked


def test_a_catastrophic_regex_is_refused_at_once_instead_of_hanging(tmp_path):
    glossary = tmp_path / "g.yaml"
    glossary.write_text("name: g\nentries:\n  - id: bad\n    regex: '(a+)+$'\n    category: Other\n"
                        "    severity: minor\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("a" * 50 + "!\n", encoding="utf-8")
    # A hang would raise TimeoutExpired; the glossary is refused at load time, before any text is read.
    proc = subprocess.run([sys.executable, "-m", "tqa", "check", "a.txt", "-g", str(glossary)], cwd=tmp_path,
                          capture_output=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 2 and b"g.yaml:4" in proc.stderr and b"backtrack" in proc.stderr
