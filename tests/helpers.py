"""Paths and small helpers shared by the test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import tqa
import tqa.checks

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
MINI = FIXTURES / "mini.yaml"
SEED = REPO / "seeds" / "000_cfa7abe2bd583fdd.txt"
SEED_REF = REPO / "seeds" / "000_cfa7abe2bd583fdd.ref.txt"
SHIPPED = REPO / "glossaries" / "zh-en-news.yaml"

#: The CSV columns of a finding, in order (DESIGN.md, "The finding").
FINDING_COLUMNS = [
    "doc", "segment", "line", "column", "start", "end", "text", "suggestion",
    "rule", "check", "category", "severity", "penalty", "message", "unit", "source_start", "source_end",
]
#: The columns of ``--summary``.
SUMMARY_COLUMNS = ["doc", "words", "segments", "findings", "minor", "major", "critical", "penalty", "score"]
#: The MQM categories, spelled as in the public MQM data sets (DESIGN.md).
MQM_CATEGORIES = {
    "Accuracy/Mistranslation", "Accuracy/Addition", "Accuracy/Omission", "Accuracy/Untranslated text",
    "Terminology/Inappropriate for context", "Terminology/Inconsistent use of terminology",
    "Fluency/Grammar", "Fluency/Punctuation", "Fluency/Spelling", "Style/Awkward",
    "Locale convention/Name format", "Other",
}
#: What a line break is, for line numbers: CRLF, CR or LF.
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def target_checks() -> list:
    """Every check that reads the target alone (not those that compare it with its source, which a bilingual file
    runs and its plain text cannot): what a bilingual file and the plain text of its targets must agree on."""
    from tqa.checks import all_checks

    return [check for check in all_checks() if not getattr(check, "needs_source", False)]


def read_text(path: Path) -> str:
    """A file's text exactly as tqa reads it: UTF-8, line endings untouched."""
    return path.read_bytes().decode("utf-8")


def spans(result) -> list[tuple[int, int, str, str]]:
    """(start, end, text, rule) of every finding: the shape most tests compare against. A glossary entry's
    rule is given by its id alone (``wechat-official-account`` for ``mini/wechat-official-account``): these
    tests are about what is matched; tests/test_rules.py is about the codes."""
    return [(f.start, f.end, f.text, bare(f.rule)) for f in result.findings]


def bare(code: str) -> str:
    """A rule code without its glossary's namespace."""
    return code.rpartition("/")[2]


def texts(result) -> list[str]:
    return [f.text for f in result.findings]


def line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset``, computed independently of tqa."""
    line_start = 0
    line = 1
    for m in LINE_BREAK.finditer(text, 0, offset):
        if m.end() <= offset:
            line += 1
            line_start = m.end()
    return line, offset - line_start + 1


def run_tqa(*args, cwd: Path | None = None, input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m tqa ARGS`` as a separate process, the way a user runs it."""
    package_root = str(Path(tqa.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "tqa", *[str(a) for a in args]],
        cwd=cwd or REPO, env=env, input=input, capture_output=True, timeout=120,
    )


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based number of the line of ``path`` holding the ``occurrence``-th ``needle``."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found in {path}")


def glossary_checks() -> list:
    """Only the glossary check: for tests about glossary matching and its score, whatever other checks exist."""
    from tqa.checks.glossary import GlossaryCheck

    return [GlossaryCheck()]


#: A line that says which quality gate failed (``tqa check`` exits 1): since ``--fail-on`` defaults to ``major``,
#: every run over a text with a major finding ends with one.
GATE_LINE = re.compile(r"^tqa: quality gate: .*\((--fail-on|--fail-under|--fail-under-corpus) [^)]+\)$")


def without_gate(err):
    """stderr (text or bytes) without the quality gate's lines: what else a run said."""
    as_bytes = isinstance(err, bytes)
    text = err.decode("utf-8", "replace") if as_bytes else err
    kept = "".join(line for line in text.splitlines(keepends=True) if not GATE_LINE.match(line.rstrip("\r\n")))
    return kept.encode("utf-8") if as_bytes else kept


def only_the_gate_failed(code: int, err) -> bool:
    """Exit status 1 with at least one quality-gate line on stderr and nothing else there: a clean run over a
    text that has findings at or above ``--fail-on`` (default major)."""
    text = err.decode("utf-8", "replace") if isinstance(err, bytes) else err
    return code == 1 and any(GATE_LINE.match(line) for line in text.splitlines()) and not without_gate(text)


def gate_status(severities) -> int:
    """The exit status of ``tqa check`` with the default gate (``--fail-on major``) for findings of these
    severities: 1 when one of them is major or critical, else 0."""
    return 1 if any(str(severity) in ("major", "critical") for severity in severities) else 0


def ran_cleanly(code: int, err) -> bool:
    """A run that went through: status 0 with nothing on stderr, or 1 with nothing but the quality gate's lines
    (for a run whose input may or may not have findings at or above ``--fail-on``)."""
    return (code == 0 and not err) or only_the_gate_failed(code, err)


def mixed_corpus(folder: Path) -> Path:
    """A corpus of every kind the parallel runs must keep in order: plain text (the seed, text with every
    check's finding), XLIFF and PO, and one unreadable file in the middle (a NUL byte: refused as binary)."""
    import shutil

    folder.mkdir()
    shutil.copy(SEED, folder / "a-seed.txt")
    shutil.copy(FIXTURES / "checks" / "mixed.txt", folder / "b-mixed.txt")
    shutil.copy(FIXTURES / "bilingual" / "wmt22-excerpt.xlf", folder / "c-excerpt.xlf")
    (folder / "d-binary.txt").write_bytes(b"not\x00text\n")
    shutil.copy(FIXTURES / "bilingual" / "wmt22-tm.po", folder / "e-tm.po")
    return folder
