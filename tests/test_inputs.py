"""Finding the inputs: how a directory is walked, what is skipped, what is read once, what a bad input does.

A directory is searched recursively for the pattern (``--glob``); hidden files and directories are left out,
non-regular files (FIFOs, sockets, devices) found in a directory are skipped with a warning, a file reached
twice is read once, and the run's own outputs are never read as inputs. A missing input is reported on one
line and the others are still checked (exit 2). File names that are not UTF-8 are shown with ``\\xNN``
escapes. Tests whose failure would be a hang run tqa in a separate process with a timeout.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import threading

import pytest

import tqa
from tqa.errors import TqaError
from tqa.inputs import Source, display_name, expand_paths, read_bytes, read_document

from helpers import MINI, only_the_gate_failed, without_gate

MICRO = "The article was posted on the official micro-signal of the central bank.\n"  # one finding (mini)
CROWN = "Patients with new crown pneumonia were treated.\n"  # one finding (mini)
HANG_TIMEOUT = 60  # seconds: far more than a run needs, so only a hang reaches it


def tqa_process(*args, cwd, stdin=None, timeout=HANG_TIMEOUT, **options) -> subprocess.CompletedProcess:
    """``python -m tqa ARGS`` in a separate process that is killed (and the test failed) if it hangs."""
    package_root = os.path.dirname(os.path.dirname(tqa.__file__))
    env = dict(os.environ, PYTHONPATH=package_root)
    return subprocess.run([sys.executable, "-m", "tqa", *map(str, args)], cwd=cwd, env=env, stdin=stdin,
                          capture_output=True, timeout=timeout, **options)


def csv_docs(out: str) -> list[str]:
    return [row["doc"] for row in csv.DictReader(io.StringIO(out))]


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """``corp/`` with two articles, one finding each; the working directory is ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corp").mkdir()
    (tmp_path / "corp" / "a.txt").write_text(MICRO, encoding="utf-8")
    (tmp_path / "corp" / "b.txt").write_text(CROWN, encoding="utf-8")
    return tmp_path / "corp"


def paths(found) -> list[str]:
    return [source.path for source in found.sources]


# --- non-regular files (item 3) ------------------------------------------------------------------------------

def test_a_fifo_inside_a_directory_is_skipped_with_a_warning_instead_of_hanging(corpus):
    os.mkfifo(corpus / "pipe.txt")  # nobody ever writes to it: opening it would block for ever
    proc = tqa_process("check", "corp", "-g", MINI, "--format", "csv", cwd=corpus.parent)
    assert proc.returncode == 1, proc.stderr  # the documents' major findings: the default gate
    assert without_gate(proc.stderr.decode()).splitlines() == [
        "tqa: warning: corp/pipe.txt: skipped: a FIFO, not a regular file"]
    assert csv_docs(proc.stdout.decode()) == ["corp/a.txt", "corp/b.txt"]


def test_a_socket_inside_a_directory_is_skipped_with_a_note(corpus):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("corp/talk.txt")
        found = expand_paths(["corp"])
    finally:
        server.close()
    assert paths(found) == ["corp/a.txt", "corp/b.txt"]
    assert found.notes == ("corp/talk.txt: skipped: a socket, not a regular file",)
    assert found.problems == ()


def test_a_fifo_named_on_the_command_line_is_read_like_stdin(corpus):
    # What the user asked for, as with `tqa check <(zcat article.txt.gz)`: read until the writer closes it.
    os.mkfifo(corpus / "pipe")

    def write():
        with open(corpus / "pipe", "w", encoding="utf-8") as pipe:
            pipe.write(MICRO)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    proc = tqa_process("check", "corp/pipe", "-g", MINI, "--format", "csv", cwd=corpus.parent)
    writer.join(timeout=HANG_TIMEOUT)
    assert only_the_gate_failed(proc.returncode, proc.stderr), proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode())))
    assert [(r["doc"], r["text"]) for r in rows] == [("corp/pipe", "official micro-signal")]


# --- a file reached twice (item 3) ---------------------------------------------------------------------------

def test_a_file_reached_twice_is_checked_once(corpus, cli):
    (corpus / "also-a.txt").symlink_to("a.txt")  # the same file through a link
    (corpus.parent / "hard.txt").hardlink_to(corpus / "b.txt")  # and through a second name
    run = cli("check", "corp", "corp/a.txt", "./corp/b.txt", "hard.txt", "corp", "-g", MINI, "--format", "csv")
    assert only_the_gate_failed(run.code, run.err), run.err
    assert csv_docs(run.out) == ["corp/a.txt", "corp/b.txt"]  # the first name it was reached by


def test_stdin_named_twice_is_read_once(corpus):
    found = expand_paths(["-", "corp/a.txt", "-"])
    assert paths(found) == ["-", "corp/a.txt"]


# --- hidden files and compare's pattern (item 3) -------------------------------------------------------------

def test_hidden_files_and_directories_are_not_taken_from_a_directory_walk(corpus):
    (corpus / ".draft.txt").write_text(MICRO, encoding="utf-8")
    (corpus / ".git").mkdir()
    (corpus / ".git" / "notes.txt").write_text(MICRO, encoding="utf-8")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "c.txt").write_text(MICRO, encoding="utf-8")
    assert paths(expand_paths(["corp"])) == ["corp/a.txt", "corp/b.txt", "corp/sub/c.txt"]
    assert paths(expand_paths(["corp"], "*")) == ["corp/a.txt", "corp/b.txt", "corp/sub/c.txt"]
    # A pattern that names hidden files takes them (hidden directories are still not entered) …
    assert paths(expand_paths(["corp"], ".*.txt")) == ["corp/.draft.txt"]
    # … and a hidden file or directory named on the command line is what the user asked for.
    assert paths(expand_paths(["corp/.draft.txt", "corp/.git"])) == ["corp/.draft.txt", "corp/.git/notes.txt"]


def test_compare_takes_files_with_the_references_extension_and_never_hidden_ones(tmp_path, cli):
    systems = tmp_path / "systems"
    systems.mkdir()
    lines = "Shanghai reported 20 new cases.\nThe central bank cut the reserve ratio.\n"
    (tmp_path / "ref.en").write_text(lines, encoding="utf-8")
    (systems / "sysA.en").write_text(lines, encoding="utf-8")
    (systems / "sysB.en").write_text(lines.replace("cut", "lowered"), encoding="utf-8")
    (systems / ".sysA.en.swp").write_bytes(b"b0VIM 8.2\n\n")  # an editor's swap file
    (systems / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (systems / "README.md").write_text("Outputs of two systems.\n", encoding="utf-8")
    run = cli("compare", "--ref", tmp_path / "ref.en", systems, "-m", "bleu", "--format", "csv")
    assert run.code == 0, run.err
    assert [os.path.basename(d) for d in csv_docs_of(run.out, "system")] == ["sysA.en", "sysB.en"]


def csv_docs_of(out: str, column: str) -> list[str]:
    return [row[column] for row in csv.DictReader(io.StringIO(out))]


def test_the_reference_inside_the_systems_directory_is_not_a_system(tmp_path):
    (tmp_path / "ref.en").write_text("x\n", encoding="utf-8")
    (tmp_path / "sysA.en").write_text("x\n", encoding="utf-8")
    found = expand_paths([str(tmp_path)], "*.en", skip=[str(tmp_path / "ref.en")])
    assert paths(found) == [str(tmp_path / "sysA.en")]


# --- tqa's own outputs are never inputs (item 7) -------------------------------------------------------------

def test_a_report_written_inside_the_scanned_directory_is_not_read_by_the_next_run(corpus, cli):
    reports = []
    for _ in range(2):
        run = cli("check", "corp", "-g", MINI, "-o", "corp/report.txt", "--summary", "corp/summary.txt")
        assert only_the_gate_failed(run.code, run.err), run.err
        reports.append((corpus / "report.txt").read_text(encoding="utf-8"))
    assert reports[1] == reports[0]  # the same two documents, the same score
    summary = list(csv.DictReader(open(corpus / "summary.txt", encoding="utf-8-sig")))
    assert [row["doc"] for row in summary] == ["corp/a.txt", "corp/b.txt"]


def test_outputs_and_their_temporary_files_are_never_taken_as_inputs(corpus):
    (corpus / "report.txt").write_text("score 95.2  (penalty 5 over 105 words)\nsignature: tqa:0.1.0|glossary:mini@2#"
                                       "2328aec5|weights:minor=1,major=5,critical=25,punct=0.1|checks:glossary\n",
                                       encoding="utf-8")
    (corpus / ".report.txt.k2j4_x9q.tmp").write_text("a report being written\n", encoding="utf-8")
    outputs = ["corp/report.txt"]
    assert paths(expand_paths(["corp"], "*", outputs=outputs)) == ["corp/a.txt", "corp/b.txt"]
    assert paths(expand_paths(["corp"], ".*", outputs=outputs)) == []
    # Named by another path, an output is still recognised.
    assert paths(expand_paths(["corp"], outputs=[str(corpus / "sub" / ".." / "report.txt")])) == [
        "corp/a.txt", "corp/b.txt"]
    # An output that holds a document, not a report, is taken: the caller refuses to write over it.
    assert paths(expand_paths(["corp"], outputs=["corp/b.txt"])) == ["corp/a.txt", "corp/b.txt", "corp/report.txt"]


def test_an_input_named_as_an_output_of_the_same_run_is_refused(corpus, cli):
    run = cli("check", "corp/a.txt", "-g", MINI, "-o", "./corp/a.txt")
    assert (run.code, run.out) == (2, "")
    assert run.err_lines == ["tqa: ./corp/a.txt: is the same file as the input corp/a.txt; refusing to overwrite it"]


# --- missing inputs (item 22) --------------------------------------------------------------------------------

def test_a_missing_input_among_several_is_reported_and_the_others_are_checked(corpus, cli):
    run = cli("check", "nope.txt", "corp/a.txt", "-g", MINI, "--format", "csv")
    assert run.code == 2  # not 1 (corp/a.txt fails the gate): an input was not read
    assert without_gate(run.err).splitlines() == ["tqa: nope.txt: no such file or directory"]
    assert csv_docs(run.out) == ["corp/a.txt"]


def test_a_directory_without_matching_files_among_other_inputs_is_reported(corpus, cli):
    (corpus.parent / "drafts").mkdir()
    (corpus.parent / "drafts" / "notes.md").write_text(MICRO, encoding="utf-8")
    run = cli("check", "drafts", "corp", "-g", MINI, "--format", "csv")
    assert run.code == 2
    assert without_gate(run.err).splitlines() == [
        "tqa: drafts: no files matching '*.txt', '*.xlf', '*.xliff', '*.sdlxliff', '*.tmx' or '*.po' in this "
        "directory"]
    assert csv_docs(run.out) == ["corp/a.txt", "corp/b.txt"]


def test_a_broken_link_in_a_directory_is_a_problem_not_a_skip(corpus):
    (corpus / "gone.txt").symlink_to("nowhere.txt")
    found = expand_paths(["corp"])
    assert paths(found) == ["corp/a.txt", "corp/b.txt"]
    assert found.problems == ("corp/gone.txt: no such file or directory (a broken link)",)


def test_an_unreadable_subdirectory_is_a_problem(corpus, monkeypatch):
    (corpus / "locked").mkdir()
    (corpus / "locked" / "c.txt").write_text(MICRO, encoding="utf-8")
    scandir = os.scandir

    def no_entry(path="."):  # as `chmod 0 corp/locked` does for anyone but root
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", no_entry)
    found = expand_paths(["corp"])
    assert paths(found) == ["corp/a.txt", "corp/b.txt"]
    assert found.problems == ("corp/locked: cannot read this directory: permission denied",)


# --- stdin (item 20) -----------------------------------------------------------------------------------------

def test_a_closed_stdin_is_one_clear_line_and_exit_2(tmp_path):
    proc = tqa_process("check", "-", "-g", MINI, cwd=tmp_path, preexec_fn=lambda: os.close(0))
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == ["tqa: <stdin>: cannot read: standard input is closed"]


def test_a_closed_stdin_in_process(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(TqaError, match=r"^<stdin>: cannot read: standard input is closed$"):
        read_bytes(Source("-"))


# --- file names that are not UTF-8 (item 18) -----------------------------------------------------------------

NOT_UTF8 = os.fsdecode(b"caf\xe9 \xff.txt")  # how Python names such a file: with surrogate escapes


@pytest.mark.parametrize("options", [["--format", "csv"], ["--format", "text"], ["--format", "json"],
                                     ["--format", "html"], ["--format", "annotated"],
                                     ["--format", "csv", "--summary", "summary.csv"]])
def test_a_file_name_that_is_not_utf8_is_shown_with_escapes_in_every_format(corpus, cli, options):
    (corpus / NOT_UTF8).write_text(MICRO, encoding="utf-8")
    run = cli("check", "corp", "-g", MINI, *options)
    assert only_the_gate_failed(run.code, run.err), run.err
    shown = "corp/caf\\xe9 \\xff.txt"
    if options[-1] == "json":
        assert [d["doc"] for d in json.loads(run.out)["documents"]] == ["corp/a.txt", "corp/b.txt", shown]
    else:
        assert shown in run.out
    if options[-1] == "summary.csv":
        summary = list(csv.DictReader(open("summary.csv", encoding="utf-8-sig")))
        assert [row["doc"] for row in summary] == ["corp/a.txt", "corp/b.txt", shown]


def test_the_document_id_is_displayable_but_the_file_is_opened_by_its_real_name(corpus):
    path = corpus / NOT_UTF8
    path.write_text(MICRO, encoding="utf-8")
    document, _ = read_document(Source(f"corp/{NOT_UTF8}"))
    assert document.id == "corp/caf\\xe9 \\xff.txt" and document.text == MICRO
    document.id.encode("utf-8")  # writable anywhere


def test_control_characters_in_a_file_name_are_escaped_like_ls_b():
    assert display_name("news\n\x1b[31mred.txt") == "news\\x0a\\x1b[31mred.txt"
    assert display_name("report\u202etxt.exe") == "report\\u202etxt.exe"  # no name shown reversed
    assert display_name("新闻\u3000稿.txt") == "新闻\u3000稿.txt"  # white space is shown as it is
    assert display_name(os.fsdecode(b"\xe4\xb8\xad\xe6\x96\x87.txt")) == "中文.txt"  # UTF-8 names are untouched
    assert display_name("-") == "<stdin>"


def test_a_missing_file_with_a_name_that_is_not_utf8_is_reported_readably(corpus, cli):
    run = cli("check", f"corp/{NOT_UTF8}", "corp/a.txt", "-g", MINI, "--format", "csv")
    assert run.code == 2
    assert without_gate(run.err).splitlines() == ["tqa: corp/caf\\xe9 \\xff.txt: no such file or directory"]


def test_a_report_over_a_document_found_by_the_walk_is_refused_not_written(corpus, cli):
    # corp/b.txt is an article, not a report of an earlier run: writing the report over it would lose it.
    before = (corpus / "b.txt").read_bytes()
    run = cli("check", "corp", "-g", MINI, "-o", "corp/b.txt")
    assert (run.code, run.out) == (2, "")
    assert run.err_lines == ["tqa: corp/b.txt: is also an input; refusing to overwrite it"]
    assert (corpus / "b.txt").read_bytes() == before
