"""Progress bars: on stderr when it is a terminal (a pseudo-terminal here), never when it is not, and not with
``--no-progress`` or its config key. ``TQA_PROGRESS_DELAY=0`` shows the bar at once (a real run waits a second,
so that a short run shows none)."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tqa.progress import Progress

from helpers import SEED, SHIPPED


def _run(args, *, tty: bool, cwd: Path, env: dict | None = None) -> tuple[int, str]:
    """Run tqa with stderr on a pseudo-terminal (``tty``) or a pipe; (exit status, what stderr got)."""
    environment = {**os.environ, "TQA_PROGRESS_DELAY": "0", "COLUMNS": "100", **(env or {})}
    command = [sys.executable, "-m", "tqa", *map(str, args)]
    if not tty:
        done = subprocess.run(command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        return done.returncode, done.stderr.decode("utf-8", "replace")
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the process closed the terminal's last descriptor
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    return proc.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number in range(30):
        shutil.copy(SEED, folder / f"doc{number:02d}.txt")
    return folder


def test_check_shows_a_bar_on_a_terminal(corpus, tmp_path):
    status, err = _run(["check", corpus, "-g", SHIPPED, "-o", tmp_path / "out.csv", "--jobs", "1"], tty=True,
                       cwd=tmp_path)
    assert status == 1
    assert "tqa check:" in err and "%|" in err  # the bar's description and its percentage
    assert f"/{30 * SEED.stat().st_size / 1000:.1f}kB [" in err  # MB done of the whole
    assert "B/s]" in err  # the rate


def test_no_bar_when_stderr_is_not_a_terminal(corpus, tmp_path):
    status, err = _run(["check", corpus, "-g", SHIPPED, "-o", tmp_path / "out.csv"], tty=False, cwd=tmp_path)
    assert status == 1
    assert "tqa check:" not in err and "%|" not in err and "\r" not in err


def test_no_progress_and_its_config_key(corpus, tmp_path):
    _, err = _run(["check", corpus, "-g", SHIPPED, "-o", tmp_path / "out.csv", "--no-progress"], tty=True,
                  cwd=tmp_path)
    assert "tqa check:" not in err and "%|" not in err
    (tmp_path / "tqa.toml").write_text("no-progress = true\n")
    _, err = _run(["check", corpus, "-g", SHIPPED, "-o", tmp_path / "out.csv"], tty=True, cwd=tmp_path,
                  env={"TQA_CONFIG_CEILING": str(tmp_path)})
    assert "tqa check:" not in err and "%|" not in err


def test_quiet_shows_no_bar(corpus, tmp_path):
    _, err = _run(["check", corpus, "-g", SHIPPED, "-o", tmp_path / "out.csv", "-q"], tty=True, cwd=tmp_path)
    assert "%|" not in err


def test_a_short_run_imports_no_progress_library():
    """Before its delay the bar is not drawn and tqdm is not imported (start-up time)."""
    code = ("import sys, io\n"
            "from tqa.progress import Progress\n"
            "class Tty(io.StringIO):\n    def isatty(self): return True\n"
            "bar = Progress(10, stream=Tty(), delay=60)\n"
            "bar.update(5); bar.close()\n"
            "print('tqdm' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_progress_counts_without_a_terminal():
    import io

    bar = Progress(10, stream=io.StringIO(), delay=0)
    bar.update(4)
    bar.update(6)
    assert bar.done == 10 and not bar.active
    bar.close()


MINE = Path(__file__).parent / "fixtures" / "mine"
SYSTEMS = Path(__file__).parent / "fixtures" / "mt" / "systems"
REFS = Path(__file__).parent / "fixtures" / "mt" / "refs"


def test_compare_shows_a_bar_on_a_terminal_only(tmp_path):
    args = ["compare", *sorted(SYSTEMS.glob("*.txt")), "--ref", REFS / "ref_a.txt", "-g", SHIPPED]
    status, err = _run(args, tty=True, cwd=tmp_path)
    assert status == 0 and "tqa compare:" in err and "system" in err and "%|" in err
    status, err = _run(args, tty=False, cwd=tmp_path)
    assert status == 0 and "tqa compare:" not in err
    _, err = _run([*args, "--no-progress"], tty=True, cwd=tmp_path)
    assert "tqa compare:" not in err


def test_mine_shows_a_bar_on_a_terminal_only(tmp_path):
    args = ["mine", "--mt", MINE / "a.mt.txt", MINE / "b.mt.txt", "--post-edit", MINE / "a.pe.txt",
            MINE / "b.pe.txt", "-o", tmp_path / "proposals.yaml"]
    status, err = _run(args, tty=True, cwd=tmp_path)
    assert status == 0 and "tqa mine:" in err and "pair" in err and "%|" in err
    status, err = _run(args, tty=False, cwd=tmp_path)
    assert status == 0 and "tqa mine:" not in err and "%|" not in err
