"""The exit status of ``tqa check``, row by row as the README's "Exit status" table gives it.

:data:`ROWS` mirrors that table: each row is the README's condition, word for word, the status, and the scenario
that makes it happen; ``test_exit_status[NAME]`` runs one row, and
``test_the_readme_table_and_this_table_have_the_same_rows`` fails when the two tables part. A scenario asserts
more than the status where the status alone could be right for the wrong reason (which gate failed, that the
other inputs were still checked, that nothing was left behind).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from helpers import GATE_LINE, MINI, REPO, SEED, run_tqa, without_gate

#: 10 words and one major finding ("new crown"): a score of exactly 50.0.
FIFTY = "The new crown outbreak spread to ten more cities quickly.\n"
#: One minor finding (a doubled word, punctuation.doubled-word).
MINOR = "Reuters said the the report was published on Friday.\n"
CLEAN = "Reuters reported that Ant Group has the data of 1 billion people, which is a huge asset.\n"
#: 90 words without a finding: beside FIFTY, a corpus of 100 words with a penalty of 5, scoring 95.0.
LONG_CLEAN = " ".join(["Reuters reported that the bank published its report on Friday."] * 9) + "\n"


@dataclass(frozen=True)
class Outcome:
    status: int
    out: str
    err: str


def scenario_clean_or_minor(cli, tmp_path) -> Outcome:
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "minor.txt").write_text(MINOR, encoding="utf-8")
    run = cli("check", tmp_path / "clean.txt", tmp_path / "minor.txt", "-g", MINI, "--format", "json")
    findings = [f for d in json.loads(run.out)["documents"] for f in d["findings"]]
    assert [(f["rule"], f["severity"]) for f in findings] == [("punctuation.doubled-word", "minor")]
    assert run.err == ""
    return Outcome(run.code, run.out, run.err)


def scenario_seed(cli, tmp_path) -> Outcome:
    run = cli("check", SEED, "--format", "csv")
    assert run.err == (f"tqa: quality gate: {SEED}: 9 findings at or above major, the worst critical "
                       "(--fail-on major)\n")
    return Outcome(run.code, run.out, run.err)


def scenario_fail_on_critical_major_only(cli, tmp_path) -> Outcome:
    (tmp_path / "fifty.txt").write_text(FIFTY, encoding="utf-8")
    run = cli("check", tmp_path / "fifty.txt", "-g", MINI, "--format", "csv", "--fail-on", "critical")
    assert ",major," in run.out and run.err == ""
    # The same text fails the default gate: it is the threshold that lets it pass.
    assert cli("check", tmp_path / "fifty.txt", "-g", MINI, "--format", "csv").code == 1
    return Outcome(run.code, run.out, run.err)


def scenario_fail_on_none(cli, tmp_path) -> Outcome:
    run = cli("check", SEED, "--format", "csv", "--fail-on", "none")
    assert ",critical," in run.out and run.err == ""
    return Outcome(run.code, run.out, run.err)


def scenario_below_min_severity(cli, tmp_path) -> Outcome:
    (tmp_path / "fifty.txt").write_text(FIFTY, encoding="utf-8")
    run = cli("check", tmp_path / "fifty.txt", "-g", MINI, "--format", "csv", "--min-severity", "critical")
    assert run.out.count("\n") == 1 and run.err == ""  # the header only: the major finding is ignored
    return Outcome(run.code, run.out, run.err)


def scenario_fail_under(cli, tmp_path) -> Outcome:
    (tmp_path / "fifty.txt").write_text(FIFTY, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    run = cli("check", tmp_path / "fifty.txt", tmp_path / "clean.txt", "-g", MINI, "--format", "csv",
              "--fail-on", "none", "--fail-under", "50.1")
    assert run.err == f"tqa: quality gate: {tmp_path / 'fifty.txt'}: score 50.0 is below 50.1 (--fail-under 50.1)\n"
    return Outcome(run.code, run.out, run.err)


def _fifty_in_a_corpus(tmp_path) -> list[Path]:
    (tmp_path / "fifty.txt").write_text(FIFTY, encoding="utf-8")
    (tmp_path / "long.txt").write_text(LONG_CLEAN, encoding="utf-8")
    return [tmp_path / "fifty.txt", tmp_path / "long.txt"]


def scenario_fail_under_corpus(cli, tmp_path) -> Outcome:
    run = cli("check", *_fifty_in_a_corpus(tmp_path), "-g", MINI, "--format", "csv", "--fail-on", "none",
              "--fail-under-corpus", "95.1")
    assert run.err == ("tqa: quality gate: corpus score 95.0 (2 documents, 100 words) is below 95.1 "
                       "(--fail-under-corpus 95.1)\n")
    return Outcome(run.code, run.out, run.err)


def scenario_short_document_in_a_good_corpus(cli, tmp_path) -> Outcome:
    paths = _fifty_in_a_corpus(tmp_path)
    run = cli("check", *paths, "-g", MINI, "--format", "csv", "--fail-on", "none", "--fail-under-corpus", "90")
    assert run.err == ""
    # The per-document gate at the same score fails the short document: why the corpus gate exists.
    per_document = cli("check", *paths, "-g", MINI, "--format", "csv", "--fail-on", "none", "--fail-under", "90")
    assert (per_document.code, per_document.err) == (
        1, f"tqa: quality gate: {paths[0]}: score 50.0 is below 90 (--fail-under 90)\n")
    return Outcome(run.code, run.out, run.err)


def scenario_empty_file(cli, tmp_path) -> Outcome:
    (tmp_path / "empty.txt").write_bytes(b"")
    run = cli("check", tmp_path / "empty.txt", "--format", "json", "--fail-under", "100", "--fail-under-corpus",
              "100")
    assert json.loads(run.out)["corpus"]["score"] == 100.0 and run.err == ""
    return Outcome(run.code, run.out, run.err)


def scenario_exit_zero(cli, tmp_path) -> Outcome:
    run = cli("check", SEED, "--format", "csv", "--exit-zero", "--fail-under", "99", "--fail-under-corpus", "99")
    assert ",critical," in run.out  # the findings are reported …
    assert run.err == ""  # … and no gate is: the user asked for the findings, not a verdict
    return Outcome(run.code, run.out, run.err)


def scenario_exit_zero_bad_input(cli, tmp_path) -> Outcome:
    run = cli("check", tmp_path / "missing.txt", SEED, "--format", "csv", "--exit-zero")
    assert run.err == f"tqa: {tmp_path / 'missing.txt'}: no such file or directory\n"
    assert ",critical," in run.out  # the seed was still checked
    return Outcome(run.code, run.out, run.err)


def scenario_bad_usage(cli, tmp_path) -> Outcome:
    outcomes = [cli("check", SEED, *options) for options in (
        ["--bogus"], ["--fail-on", "fatal"], ["--fail-under", "101"], ["--fail-under-corpus", "-1"],
        ["--statistics", "--format", "csv"], ["--statistics", "-o", str(tmp_path / "stats.html")])]
    for run in outcomes:
        assert run.code == 2 and run.out == "" and len(run.err_lines) == 1, run.err
    assert not list(tmp_path.iterdir())  # refused before anything was written
    assert {run.code for run in outcomes} == {2}
    return Outcome(outcomes[0].code, "", outcomes[0].err)


def scenario_unreadable_input(cli, tmp_path) -> Outcome:
    (tmp_path / "scan.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "minor.txt").write_text(MINOR, encoding="utf-8")
    run = cli("check", tmp_path / "scan.txt", tmp_path / "missing.txt", tmp_path / "clean.txt", tmp_path / "minor.txt",
              "-g", MINI, "--format", "csv")
    assert sorted(line.split(": ")[1] for line in run.err_lines) == [str(tmp_path / "missing.txt"),
                                                                     f"{tmp_path / 'scan.txt'}:1"]
    assert "minor.txt," in run.out  # the readable inputs were checked and reported
    return Outcome(run.code, run.out, run.err)


def scenario_unreadable_input_and_failed_gate(cli, tmp_path) -> Outcome:
    run = cli("check", tmp_path / "missing.txt", SEED, "--format", "csv")
    assert without_gate(run.err) == f"tqa: {tmp_path / 'missing.txt'}: no such file or directory\n"
    assert any(GATE_LINE.match(line) for line in run.err_lines)  # the gate did fail, and says so
    return Outcome(run.code, run.out, run.err)


def scenario_invalid_glossary(cli, tmp_path) -> Outcome:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nversion: 1\nentries:\n  - id: x\n    match: [y]\n    severity: fatal\n",
                   encoding="utf-8")
    run = cli("check", SEED, "-g", bad, "--format", "csv")
    assert run.out == "" and f"{bad}:6: x: unknown severity 'fatal'" in run.err
    return Outcome(run.code, run.out, run.err)


def scenario_full_disk(cli, tmp_path) -> Outcome:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    run = cli("check", SEED, "--format", "csv", "-o", "/dev/full")
    assert len(without_gate(run.err).splitlines()) == 1 and "/dev/full" in run.err
    return Outcome(run.code, run.out, run.err)


def scenario_any_format(cli, tmp_path) -> Outcome:
    from tqa.report import formats

    statuses = {}
    for name in formats():
        for extra in ([], ["--quiet"]):
            run = cli("check", SEED, "--format", name, *extra)
            statuses[(name, *extra)] = run.code
            assert GATE_LINE.match(run.err_lines[0]) and not without_gate(run.err), (name, run.err)
    for extra in (["--statistics"], ["--statistics", "--format", "json"], ["--statistics", "--quiet"]):
        statuses[tuple(extra)] = cli("check", SEED, *extra).code
    assert {"sarif", "github", "concise"} <= {key[0] for key in statuses}
    assert set(statuses.values()) == {1}, statuses
    return Outcome(1, "", "")


def scenario_reader_goes_away(cli, tmp_path) -> Outcome:
    proc = subprocess.Popen([sys.executable, "-m", "tqa", "check", str(SEED)], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=_env())
    proc.stdout.close()  # the reader is gone before tqa writes anything
    err = proc.stderr.read().decode()
    status = proc.wait(timeout=120)
    assert "Traceback" not in err and "pipe" not in err.lower()
    assert GATE_LINE.match(err.splitlines()[0]), err  # the run went on to the gate
    return Outcome(status, "", err)


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))


def _stopped_by(signum: int, tmp_path: Path) -> Outcome:
    """``tqa check - -o out.csv`` reading a pipe nobody writes to, stopped by ``signum`` once its temporary
    output exists (so certainly mid-run)."""
    proc = subprocess.Popen([sys.executable, "-m", "tqa", "check", "-", "-g", str(MINI), "--format", "csv",
                             "-o", "out.csv"], cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=_env())
    deadline = time.monotonic() + 120  # a bound on a hang, not a measurement
    while not any(p.name.startswith(".out.csv.") for p in tmp_path.iterdir()):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the run never opened its output"
        time.sleep(0.02)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert out == b"" and list(tmp_path.iterdir()) == []  # no partial output, no temporary file
    return Outcome(proc.returncode, "", err.decode())


def scenario_sigint(cli, tmp_path) -> Outcome:
    outcome = _stopped_by(signal.SIGINT, tmp_path)
    assert outcome.err == "tqa: interrupted\n"
    return outcome


def scenario_sigterm(cli, tmp_path) -> Outcome:
    outcome = _stopped_by(signal.SIGTERM, tmp_path)
    assert outcome.err == "tqa: terminated by SIGTERM\n"
    return outcome


def scenario_sighup(cli, tmp_path) -> Outcome:
    outcome = _stopped_by(signal.SIGHUP, tmp_path)
    assert outcome.err == "tqa: terminated by SIGHUP\n"
    return outcome


def scenario_sigquit(cli, tmp_path) -> Outcome:
    outcome = _stopped_by(signal.SIGQUIT, tmp_path)
    assert outcome.err == "tqa: terminated by SIGQUIT\n"
    return outcome


def scenario_every_finding_suppressed(cli, tmp_path) -> Outcome:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")  # the project root
    (tmp_path / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli("baseline", "seed.txt", "-o", "tqa-baseline.json").code == 0
    run = cli("check", "seed.txt", "--baseline", "tqa-baseline.json")
    assert "17 suppressed by the baseline" in run.out and run.err == ""
    # A finding silenced by .tqaignore does not count either: the seed's majors ignored by category.
    (tmp_path / ".tqaignore").write_text("Accuracy\nTerminology\nFluency\n", encoding="utf-8")
    assert cli("check", "seed.txt").code == 0
    return Outcome(run.code, run.out, run.err)


def scenario_major_lowered(cli, tmp_path) -> Outcome:
    run = cli("check", SEED, "--format", "csv", "--severity-override", "ALL=minor")
    assert ",major," not in run.out and ",critical," not in run.out and run.err == ""
    return Outcome(run.code, run.out, run.err)


def scenario_bad_selector_or_suppression(cli, tmp_path) -> Outcome:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(FIFTY, encoding="utf-8")
    unknown = cli("check", "a.txt", "--ignore", "numbrs")
    assert unknown.err.startswith("tqa: --ignore: unknown rule code or selector 'numbrs'")
    (tmp_path / ".tqaignore").write_text("punctuation.doubled-wrd\n", encoding="utf-8")
    bad_ignore_file = cli("check", "a.txt")
    assert bad_ignore_file.code == 2 and ".tqaignore:1: " in bad_ignore_file.err and bad_ignore_file.out == ""
    (tmp_path / ".tqaignore").unlink()
    (tmp_path / "tqa.toml").write_text('fail-on = "fatal"\n', encoding="utf-8")
    bad_config = cli("check", "a.txt")
    assert bad_config.code == 2 and "tqa.toml:1: fail-on: " in bad_config.err
    (tmp_path / "tqa.toml").unlink()
    run = cli("check", "a.txt", "--baseline", "missing.json")
    assert run.out == "" and "missing.json" in run.err
    # Every one of them is refused before any text is read, with the status of the row.
    assert [unknown.code, bad_ignore_file.code, bad_config.code] == [run.code] * 3
    return Outcome(run.code, run.out, run.err)


@dataclass(frozen=True)
class Row:
    name: str  # the test's id
    condition: str  # the README's words, as written in its table (a | inside a cell escaped as \|)
    status: int
    scenario: Callable[..., Outcome]


#: The README's "Exit status" table, row for row.
ROWS = (
    Row("clean-or-minor-only", "no finding at or above `--fail-on` (default `major`): a clean text, or minor findings "
        "only", 0, scenario_clean_or_minor),
    Row("finding-at-or-above-fail-on", "a finding at or above `--fail-on` (the seed article: major and critical "
        "findings)", 1, scenario_seed),
    Row("fail-on-critical-major-only", "`--fail-on critical`, and major findings only", 0,
        scenario_fail_on_critical_major_only),
    Row("fail-on-none", "`--fail-on none`, whatever is found", 0, scenario_fail_on_none),
    Row("below-min-severity", "findings below `--min-severity`: neither reported nor gated", 0,
        scenario_below_min_severity),
    Row("fail-under", "a document scoring below `--fail-under`", 1, scenario_fail_under),
    Row("fail-under-corpus", "the corpus scoring below `--fail-under-corpus`", 1, scenario_fail_under_corpus),
    Row("short-document-in-a-good-corpus", "a short document scoring below the `--fail-under-corpus` score, in a "
        "corpus scoring above it", 0, scenario_short_document_in_a_good_corpus),
    Row("empty-file", "an empty file", 0, scenario_empty_file),
    Row("every-finding-suppressed", "findings at or above `--fail-on` all suppressed (`--baseline`, `.tqaignore`, "
        "inline): not reported, not gated", 0, scenario_every_finding_suppressed),
    Row("major-lowered", "major findings lowered by `--severity-override` below `--fail-on`", 0,
        scenario_major_lowered),
    Row("bad-selector-or-suppression", "an unknown rule code (`--select`, `--ignore`, `.tqaignore`, an inline "
        "comment), a bad config file, a missing or corrupt baseline", 2, scenario_bad_selector_or_suppression),
    Row("exit-zero", "`--exit-zero` with findings and failed gates", 0, scenario_exit_zero),
    Row("exit-zero-bad-input", "`--exit-zero` with an unreadable input", 2, scenario_exit_zero_bad_input),
    Row("bad-usage", "bad usage: an unknown option, a bad value (`--fail-on fatal`, `--fail-under 101`), "
        "`--statistics` with `--format csv`", 2, scenario_bad_usage),
    Row("unreadable-input", "an unreadable input (missing, binary, not text) among others: the others are still "
        "checked and reported", 2, scenario_unreadable_input),
    Row("unreadable-input-and-failed-gate", "an unreadable input and a failed gate", 2,
        scenario_unreadable_input_and_failed_gate),
    Row("invalid-glossary", "an invalid glossary: refused before any text is read", 2, scenario_invalid_glossary),
    Row("report-cannot-be-written", "the report cannot be written (a full disk)", 2, scenario_full_disk),
    Row("any-format-statistics-quiet", "the seed in any `--format`, with `--statistics` or `--quiet`", 1,
        scenario_any_format),
    Row("reader-goes-away", "a reader that goes away (`tqa check seed.txt \\| head -1`): the gate's status, not 141",
        1, scenario_reader_goes_away),
    Row("sigint", "Ctrl-C (SIGINT): `tqa: interrupted`, temporary files removed, no partial output", 130,
        scenario_sigint),
    Row("sigterm", "SIGTERM: `tqa: terminated by SIGTERM`, no partial output", 143, scenario_sigterm),
    Row("sighup", "SIGHUP", 129, scenario_sighup),
    Row("sigquit", "SIGQUIT", 131, scenario_sigquit),
)


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_exit_status(row, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outcome = row.scenario(cli, tmp_path)
    assert outcome.status == row.status, (row.condition, outcome.err)
    assert "Traceback" not in outcome.err


def readme_exit_table() -> list[tuple[str, str]]:
    """(condition, status) of each row of the README's "Exit status" table, cells as written."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("\n## Exit status\n"):]
    section = section[:section.index("\n## ", 1)]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    assert [cell.strip() for cell in re.split(r"(?<!\\)\|", lines[0])[1:-1]] == ["condition", "status"]
    rows = []
    for line in lines[2:]:  # after the header and its |---| line
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        assert len(cells) == 2, line
        rows.append((cells[0], cells[1]))
    return rows


def test_the_readme_table_and_this_table_have_the_same_rows():
    assert readme_exit_table() == [(row.condition, str(row.status)) for row in ROWS]


def test_every_row_has_its_own_name_and_scenario():
    assert len({row.name for row in ROWS}) == len({row.scenario for row in ROWS}) == len(ROWS)
