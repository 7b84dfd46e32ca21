"""The checks on the command line (issue 3).

``tqa checks`` lists the five checks with a one-line description. ``tqa check`` runs them all unless told
otherwise: ``--no-check NAME`` switches one off, ``--only-check NAME`` runs only those named (both
comma-separated or repeated); an unknown name is one line on stderr and exit 2. The signature line (and the JSON
``checks``) names the checks that ran, and ``--summary`` gains the document's language (``lang``, ``lang_prob``).
``--target-lang`` overrides the glossary's ``language``.
"""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest

import tqa.checks

from helpers import FIXTURES, gate_status, only_the_gate_failed, run_tqa, without_gate

CHECKS = FIXTURES / "checks"
MIXED = CHECKS / "mixed.txt"
FRENCH = CHECKS / "french.txt"
PARTY = CHECKS / "party.yaml"
PLAIN = CHECKS / "plain.yaml"
#: Every built-in check, in run order (the registry's list: the source-aware checks of issue 11 are among them).
ALL = [check.name for check in tqa.checks.all_checks()]  # the checks on by default, in run order
#: Every check has something to find here (with party.yaml): page chrome, Chinese, full-width punctuation,
#: a doubled word, and a second name for the party.
EVERYTHING = (
    "The Communist Party of China wants the data of large platforms.\n"
    "The article said that the 共债 risk should be effectively controlled.\n"
    "Reuters reported that the the Chinese Communist Party has the data of 1 billion people，a huge asset.\n"
    "Related articles\n"
)


def read_csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), keep_default_na=False, encoding="utf-8-sig")


def checks_that_found(run) -> list[str]:
    frame = read_csv(run.out)
    assert (run.code, without_gate(run.err)) == (gate_status(frame["severity"]), ""), run.err
    return sorted(set(frame["check"]))


def signature_checks(out: str) -> list[str]:
    (line,) = [line for line in out.splitlines() if line.startswith("signature:")]
    (names,) = re.findall(r"\|checks:([a-z,]+)", line)
    return names.split(",")


def one_clear_line(run) -> str:
    assert "Traceback" not in run.err
    assert len(run.err_lines) == 1, run.err
    return run.err_lines[0]


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "everything.txt").write_text(EVERYTHING, encoding="utf-8")
    (tmp_path / "mixed.txt").write_bytes(MIXED.read_bytes())
    (tmp_path / "french.txt").write_bytes(FRENCH.read_bytes())
    return tmp_path


# --- tqa checks -------------------------------------------------------------------------------------------------

def test_tqa_checks_lists_every_check_in_run_order_with_a_description(cli):
    run = cli("checks")
    assert run.code == 0
    assert run.err == ""
    lines = [line for line in run.out.splitlines() if "(off by default" not in line]  # listed, marked: names
    assert [line.split()[0] for line in lines] == ALL
    for line in lines:
        name, description = line.split(None, 1)
        assert len(description) > 20, line
    assert "Recent Comments" in run.out  # the residue check says what residue is


# --- choosing the checks ----------------------------------------------------------------------------------------

def test_every_check_runs_by_default(cli, work):
    run = cli("check", "everything.txt", "-g", PARTY, "--format", "csv")
    assert checks_that_found(run) == ["consistency", "language", "punctuation", "residue"]


def test_no_check_switches_one_check_off(cli, work):
    run = cli("check", "everything.txt", "-g", PARTY, "--format", "csv", "--no-check", "language")
    assert checks_that_found(run) == ["consistency", "punctuation", "residue"]


@pytest.mark.parametrize("options", [
    ["--no-check", "language,punctuation"],
    ["--no-check", "language", "--no-check", "punctuation"],
    ["--no-check", " language , punctuation "],
], ids=["comma-separated", "repeated", "with-spaces"])
def test_no_check_takes_several_names(cli, work, options):
    run = cli("check", "everything.txt", "-g", PARTY, "--format", "csv", *options)
    assert checks_that_found(run) == ["consistency", "residue"]


@pytest.mark.parametrize("options", [
    ["--only-check", "punctuation,residue"],
    ["--only-check", "punctuation", "--only-check", "residue"],
], ids=["comma-separated", "repeated"])
def test_only_check_runs_only_the_named_checks(cli, work, options):
    run = cli("check", "everything.txt", "-g", PARTY, "--format", "csv", *options)
    assert checks_that_found(run) == ["punctuation", "residue"]
    frame = read_csv(run.out)
    assert list(frame["text"]) == ["the the", "，", "Related articles"]


def test_only_check_and_no_check_together(cli, work):
    run = cli("check", "everything.txt", "-g", PARTY, "--format", "csv",
              "--only-check", "punctuation,residue", "--no-check", "language")
    assert checks_that_found(run) == ["punctuation", "residue"]


def test_a_check_both_selected_and_switched_off_is_refused(cli, work):
    run = cli("check", "everything.txt", "-g", PARTY, "--only-check", "glossary", "--no-check", "glossary",
              "--fail-under", "90", "--fail-on", "critical")
    assert (run.code, run.out) == (2, "")
    assert one_clear_line(run) == (
        "tqa: check 'glossary' is both selected (--only-check) and switched off (--no-check)")


def test_switching_every_check_off_is_refused_not_scored_100(cli, work):
    run = cli("check", "everything.txt", "-g", PARTY, "--no-check", ",".join(ALL))
    assert (run.code, run.out) == (2, "")
    assert one_clear_line(run) == "tqa: no check left to run (every check is switched off)"


def test_without_the_glossary_check_a_glossary_error_is_not_reported(cli, work):
    text = "The article was posted on the account of the CPC Central Bank.\n"
    (work / "bank.txt").write_text(text, encoding="utf-8")
    assert checks_that_found(cli("check", "bank.txt", "-g", PARTY, "--format", "csv")) == ["glossary"]
    run = cli("check", "bank.txt", "-g", PARTY, "--format", "csv", "--no-check", "glossary")
    assert run.code == 0
    assert len(read_csv(run.out)) == 0


@pytest.mark.parametrize("option", ["--no-check", "--only-check"])
@pytest.mark.parametrize("value", ["spelling", "language,spelling"])
def test_an_unknown_check_is_one_line_on_stderr_and_exit_2(cli, work, option, value):
    run = cli("check", "everything.txt", "-g", PARTY, option, value)
    assert run.code == 2
    line = one_clear_line(run)
    assert "spelling" in line
    assert "residue" in line  # it says which checks there are
    assert run.out == ""


def test_an_unknown_check_is_refused_by_python_m_tqa_too(work):
    process = run_tqa("check", "everything.txt", "--no-check", "grammar", cwd=work)
    assert process.returncode == 2
    err = process.stderr.decode()
    assert len(err.strip().splitlines()) == 1 and "grammar" in err
    assert "Traceback" not in err


# --- the signature names the checks that ran ------------------------------------------------------------------

def test_the_signature_lists_every_check_by_default(cli, work):
    run = cli("check", "mixed.txt", "-g", PARTY)
    assert only_the_gate_failed(run.code, run.err), run.err  # mixed.txt has major findings
    assert signature_checks(run.out) == ALL


@pytest.mark.parametrize("options, ran", [
    (["--no-check", "language"], [name for name in ALL if name != "language"]),
    (["--only-check", "punctuation,residue"], ["residue", "punctuation"]),
    (["--only-check", "consistency"], ["consistency"]),
], ids=["no-language", "only-punctuation-residue", "only-consistency"])
def test_the_signature_lists_the_checks_that_ran_in_run_order(cli, work, options, ran):
    run = cli("check", "mixed.txt", "-g", PARTY, *options)
    assert run.code in (0, 1) and not without_gate(run.err), run.err  # 1 when a check that ran found a major one
    assert signature_checks(run.out) == ran
    data = json.loads(cli("check", "mixed.txt", "-g", PARTY, "--format", "json", *options).out)
    assert data["checks"] == ran
    assert "|checks:" + ",".join(ran) + "|" in data["signature"]


# --- the document's language in the summary ---------------------------------------------------------------------

def test_the_summary_has_the_language_and_its_probability(cli, work):
    run = cli("check", "mixed.txt", "french.txt", "-g", PARTY, "--format", "csv", "--summary", "summary.csv")
    assert only_the_gate_failed(run.code, run.err), run.err
    summary = pd.read_csv(work / "summary.csv", keep_default_na=False, encoding="utf-8-sig")
    assert {"lang", "lang_prob"} <= set(summary.columns)
    rows = {row.doc: row for row in summary.itertuples()}
    assert rows["mixed.txt"].lang == "en" and 0 < float(rows["mixed.txt"].lang_prob) <= 1
    assert rows["french.txt"].lang == "fr" and 0.9 <= float(rows["french.txt"].lang_prob) <= 1
    # The French document has its one document-level finding and is still scored.
    findings = read_csv(run.out)
    french = findings[findings["doc"] == "french.txt"]
    assert list(french[french["check"] == "language"]["rule"]) == ["language.document"]
    assert 0 < float(rows["french.txt"].score) < 100
    # The JSON report has them too.
    data = json.loads(cli("check", "mixed.txt", "french.txt", "-g", PARTY, "--format", "json").out)
    assert [(d["doc"], d["lang"]) for d in data["documents"]] == [("mixed.txt", "en"), ("french.txt", "fr")]


def test_without_the_language_check_the_summary_language_is_empty(cli, work):
    run = cli("check", "mixed.txt", "-g", PARTY, "--no-check", "language", "--format", "csv",
              "--summary", "summary.csv")
    assert (run.code, without_gate(run.err)) == (gate_status(read_csv(run.out)["severity"]), ""), run.err
    summary = pd.read_csv(work / "summary.csv", keep_default_na=False, encoding="utf-8-sig")
    assert (summary.loc[0, "lang"], summary.loc[0, "lang_prob"]) == ("", "")


# --- the target language ----------------------------------------------------------------------------------------

def language_rules(run) -> list[str]:
    frame = read_csv(run.out)
    assert (run.code, without_gate(run.err)) == (gate_status(frame["severity"]), ""), run.err
    return list(frame[frame["check"] == "language"]["rule"])


def test_target_lang_fr_accepts_a_french_document(cli, work):
    assert language_rules(cli("check", "french.txt", "-g", PLAIN, "--format", "csv")) == ["language.document"]
    assert language_rules(cli("check", "french.txt", "-g", PLAIN, "--format", "csv", "--target-lang", "fr")) == []


def test_target_lang_overrides_the_glossarys_language(cli, work):
    french_glossary = work / "fr.yaml"
    french_glossary.write_text(PLAIN.read_text(encoding="utf-8").replace("language: en", "language: fr"),
                               encoding="utf-8")
    assert language_rules(cli("check", "french.txt", "-g", french_glossary, "--format", "csv")) == []
    assert language_rules(cli("check", "french.txt", "-g", french_glossary, "--format", "csv",
                              "--target-lang", "en")) == ["language.document"]


# --- the same output on every run -------------------------------------------------------------------------------

def test_two_runs_in_two_processes_give_the_same_report(work):
    # langdetect is random unless seeded: this sentence's probability changes from run to run when it is not.
    (work / "borderline.txt").write_text(
        "Die Regierung said the plan was gut und richtig, but la banque centrale disagreed.\n", encoding="utf-8")
    args = ("check", "borderline.txt", "mixed.txt", "-g", PARTY, "--format", "json")
    first, second = run_tqa(*args, cwd=work), run_tqa(*args, cwd=work)
    assert only_the_gate_failed(first.returncode, first.stderr), first.stderr
    assert (second.returncode, second.stderr) == (first.returncode, first.stderr)
    assert first.stdout == second.stdout
    documents = json.loads(first.stdout)["documents"]
    assert [d["doc"] for d in documents] == ["borderline.txt", "mixed.txt"]
