"""Faults while writing: tqa fails with one clear line, exit 2, and leaves no partial file; Ctrl-C exits 130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import MINI, SEED

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


def test_ctrl_c_during_a_long_run_leaves_no_partial_output_and_exits_130(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i in range(400):
        (corpus / f"doc{i:04d}.txt").write_text(text * 20, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "tqa", "check", str(corpus), "-g", str(MINI), "--format", "csv",
                             "-o", str(tmp_path / "out.csv")], cwd=tmp_path, stderr=subprocess.PIPE,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    # Wait until the run has started writing (its temporary file exists), then interrupt it.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(p.name.startswith(".out.csv.") for p in tmp_path.iterdir()):
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the run finished before it could be interrupted")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode(errors="replace")[-3000:]
    assert b"interrupted" in err and b"Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]  # no out.csv, no temporary file


def test_a_symlink_loop_in_a_directory_is_not_followed(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("the official micro-signal\n", encoding="utf-8")
    (docs / "loop").symlink_to(docs, target_is_directory=True)
    proc = run("check", "docs", "-g", str(MINI), "--format", "csv", cwd=tmp_path)
    assert proc.returncode == 0
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
    assert proc.returncode == 2  # something could not be read …
    err = [line for line in proc.stderr.decode().splitlines() if line.strip()]
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
