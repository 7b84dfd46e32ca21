"""The entry point, for every command: argument errors are one line with one prefix, and an output device
that fails (a full disk behind stdout) is one clear line and exit 2, never a traceback or an "Exception ignored"
at exit."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import MINI, REPO, SEED, SEED_REF, run_tqa

SYSTEMS = REPO / "tests" / "fixtures" / "mt" / "systems"
REF_A = REPO / "tests" / "fixtures" / "mt" / "refs" / "ref_a.txt"


# --- argument errors (issue 9, item 30) -----------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["check"], "tqa check: the following arguments are required: PATH"),
    (["check", "a.txt", "--fail-on", "fatal"],
     "tqa check: argument --fail-on: unknown severity 'fatal' (expected minor, major, critical or none)"),
    (["fix"], "tqa fix: the following arguments are required: FILE"),
    (["compare"], "tqa compare: the following arguments are required: SYSTEM"),
    (["glossary", "stats", "--bogus"], "tqa: unrecognized arguments: --bogus"),
    (["glossary", "shrink"], "tqa glossary: argument ACTION: invalid choice: 'shrink' (choose from 'list', 'validate', "
                             "'test', 'stats', 'import', 'merge')"),
    (["--bogus"], "tqa: unrecognized arguments: --bogus"),
])
def test_an_argument_error_is_one_line_with_one_prefix(cli, args, message):
    run = cli(*args)
    assert (run.code, run.out, run.err) == (2, "", message + "\n")


# --- stdout that cannot be written (issue 9, item 16) ---------------------------------------------------------

COMMANDS = {
    "check": ["check", SEED, "-g", MINI],
    "check-csv": ["check", SEED, "-g", MINI, "--format", "csv"],
    "fix": ["fix", SEED, "-g", MINI],
    "fix-diff": ["fix", SEED, "-g", MINI, "--diff"],
    "checks": ["checks"],
    "compare": ["compare", "--ref", REF_A, SYSTEMS / "good.txt", "-m", "bleu", "-g", MINI],
    "glossary-stats": ["glossary", "stats", MINI],
    "glossary-validate": ["glossary", "validate", MINI],
    "help": ["check", "--help"],
}


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", list(COMMANDS))
def test_stdout_on_a_full_disk_is_one_clear_line_and_exit_2(tmp_path, command):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "tqa", *map(str, COMMANDS[command])], cwd=tmp_path,
                              stdout=full, stderr=subprocess.PIPE, timeout=300,
                              env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert (proc.returncode, proc.stderr.decode()) == (2, "tqa: cannot write to stdout: No space left on device\n")


def test_a_closed_stdout_is_one_clear_line_and_exit_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "tqa", "checks"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=120, env=dict(os.environ, PYTHONPATH=str(REPO)),
                          preexec_fn=lambda: os.close(1))
    assert (proc.returncode, proc.stderr.decode()) == (2, "tqa: cannot write to stdout: it is closed\n")


def test_writing_a_report_to_a_full_disk_by_name_is_still_one_line(tmp_path):
    # -o /dev/full: the device is written to directly (never replaced) and its failure is named.
    proc = run_tqa("fix", SEED, "-g", MINI, "-o", "/dev/full", cwd=tmp_path)
    assert (proc.returncode, proc.stderr.decode()) == (2, "tqa: /dev/full: cannot write: No space left on device\n")


def test_the_stdout_guard_leaves_stdout_as_it_found_it(cli):
    before = sys.stdout
    assert cli("checks").code == 0
    assert sys.stdout is before
    assert cli("fix", SEED, "--ref", SEED_REF, "--diff", "-g", MINI).code == 0
    assert sys.stdout is before
