"""Fixtures shared by the test modules. Paths and helpers are in helpers.py.

The suite needs nothing outside the repository: the glossaries it uses are in ``tests/fixtures/`` or are
written into ``tmp_path`` by the test itself, and no config file outside it reaches a test (below).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

import tqa
import tqa.cli
from helpers import MINI, REPO


@pytest.fixture(autouse=True)
def no_config_from_outside(monkeypatch, tmp_path_factory):
    """No tqa.toml or pyproject.toml above the repository, the temporary directories or the directory pytest was
    started in reaches a test: the upward search for a config file stops at them (``TQA_CONFIG_CEILING``, which
    the subprocesses the tests start inherit). The repository's own pyproject.toml has no ``[tool.tqa]``
    (test_config checks it), so a test run from the repository sees built-in defaults only."""
    ceilings = [str(REPO), str(tmp_path_factory.getbasetemp()), os.getcwd()]
    monkeypatch.setenv("TQA_CONFIG_CEILING", os.pathsep.join(ceilings))


@pytest.fixture(scope="session")
def mini() -> tqa.Glossary:
    """``tests/fixtures/mini.yaml``: a handful of real MT errors, loaded and compiled once."""
    return tqa.load_glossary(MINI)


@pytest.fixture
def write_glossary(tmp_path):
    """Write a YAML glossary given the text of its ``entries:`` list; returns the path.

    ``write_glossary('''
      - id: x
        match: [y]
    ''')`` writes ``name: test``, ``version: 1``, ``entries:`` and then the entries, dedented.
    """
    counter = iter(range(1, 1000))

    def write(entries: str, *, name: str = "test", filename: str | None = None) -> Path:
        path = tmp_path / (filename or f"glossary{next(counter)}.yaml")
        body = textwrap.indent(textwrap.dedent(entries).strip("\n"), "  ")
        path.write_text(f"name: {name}\nversion: 1\nentries:\n{body}\n", encoding="utf-8")
        return path

    return write


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


@pytest.fixture
def cli(capsys):
    """Run ``tqa.cli.main(args)`` in-process; returns its exit status, stdout and stderr."""

    def run(*args) -> Run:
        code = tqa.cli.main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


_saved_environment: dict[str, str | None] = {}


def pytest_configure(config):
    """Keep whatever tqa caches between runs (e.g. validated glossaries) out of the user's home directory.

    Done at configure time, before test modules are imported (some load a glossary at import).
    """
    for name in ("XDG_CACHE_HOME", "TQA_NO_CACHE"):
        _saved_environment[name] = os.environ.get(name)
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="tqa-test-cache-")
    os.environ.pop("TQA_NO_CACHE", None)  # the same behaviour whatever the caller's environment


def pytest_unconfigure(config):
    cache = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.basename(cache).startswith("tqa-test-cache-"):
        shutil.rmtree(cache, ignore_errors=True)
    for name, value in _saved_environment.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
