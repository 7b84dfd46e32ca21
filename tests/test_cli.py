"""The command line: ``tqa check`` and ``tqa glossary validate|test|stats``.

Exit status: 0 done; 1 a quality gate failed (``--fail-on``, by default major, ``--fail-under``); 2 bad usage or bad input,
reported as one clear line on stderr, never a traceback. Most tests call ``tqa.cli.main`` in-process; a few run
``python -m tqa`` as a user would.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import sys

import pandas as pd
import pytest

import tqa
from helpers import (
    FINDING_COLUMNS, FIXTURES, GATE_LINE, MINI, REPO, SEED, SUMMARY_COLUMNS, line_of, only_the_gate_failed, read_text,
    run_tqa,
)

LINE_2 = ("The article, signed by the subject group of the Financial Consumer Protection Bureau of the CPC "
          "Central Bank, was posted on the official micro-signal of the CPC Central Bank.")
CLEAN = "Reuters reported that Ant Group has the data of 1 billion people, which is a huge asset.\n"
# 10 words and one major finding: a score of exactly 50.0.
FIFTY = "The new crown outbreak spread to ten more cities quickly.\n"


def read_csv(source) -> pd.DataFrame:
    if isinstance(source, str):
        source = io.StringIO(source)
    return pd.read_csv(source, keep_default_na=False, encoding="utf-8-sig")


def assert_same_findings(frame: pd.DataFrame, result: tqa.DocumentResult) -> None:
    """A CSV read back through pandas holds exactly the findings of the API."""
    expected = result.to_frame()
    assert list(frame.columns) == FINDING_COLUMNS
    assert len(frame) == len(expected)
    for column in FINDING_COLUMNS:
        assert [cell(v) for v in frame[column]] == [cell(v) for v in expected[column]], column


def cell(value) -> str:
    """A value as a CSV cell reads back: empty for a missing value."""
    return "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A working directory holding the seed article and a few small texts."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "line2.txt").write_text(LINE_2 + "\n", encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "fifty.txt").write_text(FIFTY, encoding="utf-8")
    return tmp_path


def one_clear_line(run) -> str:
    assert "Traceback" not in run.err
    assert len(run.err_lines) == 1, run.err
    return run.err_lines[0]


# --- tqa check: text output ---------------------------------------------------------------------------------

def test_check_prints_each_finding_with_its_sentence_and_a_summary(cli, work):
    run = cli("check", "line2.txt", "-g", MINI)
    assert run.code == 1  # major findings: the default gate (--fail-on major) fails
    assert run.err == "tqa: quality gate: line2.txt: 4 findings at or above major (--fail-on major)\n"
    assert re.search(r"^line2\.txt:1:129\s+major\s+Terminology/Inappropriate for context\s+"
                     r"\"official micro-signal\" → official WeChat account\s+\(mini/wechat-official-account\)$",
                     run.out, re.M)
    lines = run.out.splitlines()
    finding_line = next(i for i, line in enumerate(lines) if line.startswith("line2.txt:1:129"))
    sentence = lines[finding_line + 1]
    # The sentence follows, with the span marked (so the line differs from the plain sentence).
    assert re.search(r"was posted on the \W+official micro-signal\W+ of the CPC", sentence), sentence
    assert "subject group" in run.out and "research group" in run.out
    assert "\033[" not in run.out  # no colour when the output is not a terminal


def test_text_output_ends_with_the_score(cli, work, mini):
    run = cli("check", "article.txt", "-g", MINI)
    assert only_the_gate_failed(run.code, run.err), run.err
    expected = tqa.analyze(read_text(SEED), mini).score
    assert re.search(rf"\bscore {expected:.1f}\b", run.out)
    assert "Recent Comments" in run.out


def test_colour_can_be_forced(cli, work):
    run = cli("check", "line2.txt", "-g", MINI, "--color", "always")
    assert "\033[" in run.out


def test_a_clean_text_reports_no_finding_and_scores_100(cli, work):
    run = cli("check", "clean.txt", "-g", MINI, "--format", "csv")
    assert run.code == 0
    assert run.out.splitlines() == [",".join(FINDING_COLUMNS)]


# --- inputs: files, directories, stdin ----------------------------------------------------------------------

def test_check_several_files(cli, work, mini):
    run = cli("check", "line2.txt", "fifty.txt", "-g", MINI, "--format", "csv")
    assert only_the_gate_failed(run.code, run.err), run.err
    frame = read_csv(run.out)
    assert frame["doc"].tolist() == ["line2.txt"] * 4 + ["fifty.txt"]


def test_check_a_directory_recursively_for_txt_files(cli, work):
    corpus = work / "corpus"
    (corpus / "2021" / "02").mkdir(parents=True)
    (corpus / "a.txt").write_text(FIFTY, encoding="utf-8")
    (corpus / "2021" / "02" / "b.txt").write_text(LINE_2, encoding="utf-8")
    (corpus / "notes.md").write_text(FIFTY, encoding="utf-8")
    run = cli("check", "corpus", "-g", MINI, "--format", "csv")
    assert only_the_gate_failed(run.code, run.err), run.err
    docs = sorted(set(read_csv(run.out)["doc"]))
    assert docs == sorted([os.path.join("corpus", "2021", "02", "b.txt"), os.path.join("corpus", "a.txt")])


def test_glob_chooses_the_files_of_a_directory(cli, work):
    corpus = work / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(FIFTY, encoding="utf-8")
    (corpus / "sub" / "notes.md").write_text(FIFTY, encoding="utf-8")
    run = cli("check", "corpus", "-g", MINI, "--format", "csv", "--glob", "*.md")
    assert only_the_gate_failed(run.code, run.err), run.err
    assert set(read_csv(run.out)["doc"]) == {os.path.join("corpus", "sub", "notes.md")}


def test_check_reads_stdin_for_a_dash(cli, work, monkeypatch, mini):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LINE_2.encode("utf-8")), encoding="utf-8"))
    run = cli("check", "-", "-g", MINI, "--format", "csv")
    assert only_the_gate_failed(run.code, run.err), run.err
    assert_same_findings(read_csv(run.out), tqa.analyze(LINE_2, mini, doc_id="<stdin>"))


def test_offsets_of_a_crlf_file_point_into_the_text_as_read(cli, work, mini):
    text = read_text(SEED).replace("\n", "\r\n")
    (work / "crlf.txt").write_bytes(text.encode("utf-8"))
    run = cli("check", "crlf.txt", "-g", MINI, "--format", "csv")
    frame = read_csv(run.out)
    assert [text[s:e] for s, e in zip(frame["start"], frame["end"])] == frame["text"].tolist()
    assert frame[frame["check"] == "glossary"]["line"].tolist() == [1, 2, 2, 2, 2, 3, 5, 12]
    assert_same_findings(frame, tqa.analyze(text, mini, doc_id="crlf.txt"))


def test_a_utf8_bom_is_not_part_of_the_text(cli, work):
    (work / "bom.txt").write_bytes(b"\xef\xbb\xbf" + FIFTY.encode("utf-8"))
    frame = read_csv(cli("check", "bom.txt", "-g", MINI, "--format", "csv").out)
    assert (frame["start"].tolist(), frame["column"].tolist(), frame["text"].tolist()) == ([4], [5], ["new crown"])


def test_an_empty_file_has_no_words_and_is_not_an_error(cli, work):
    (work / "empty.txt").write_bytes(b"")
    run = cli("check", "empty.txt", "-g", MINI, "--format", "json")
    assert run.code == 0
    assert run.err == ""
    document = json.loads(run.out)["documents"][0]
    assert (document["doc"], document["words"], document["findings"], document["score"]) == ("empty.txt", 0, [], 100)


# --- formats ------------------------------------------------------------------------------------------------

def test_csv_reads_back_with_pandas_to_the_same_findings(cli, work, mini):
    run = cli("check", "article.txt", "-g", MINI, "--format", "csv")
    assert only_the_gate_failed(run.code, run.err), run.err
    frame = read_csv(run.out)
    assert_same_findings(frame, tqa.analyze(read_text(SEED), mini, doc_id="article.txt"))
    residue = frame[frame["text"] == "Recent Comments"].iloc[0]
    assert (residue["suggestion"], residue["category"]) == ("", "Accuracy/Addition")


def test_csv_reads_back_when_a_finding_spans_a_cr_line_break(cli, work, mini):
    # Old Mac line endings: the finding's text and message hold a lone CR, which must be quoted.
    text = "It was posted on the official\rmicro-signal of the CPC Central Bank.\r"
    (work / "mac.txt").write_bytes(text.encode("utf-8"))
    run = cli("check", "mac.txt", "-g", MINI, "--format", "csv")
    assert_same_findings(read_csv(run.out), tqa.analyze(text, mini, doc_id="mac.txt"))


def test_csv_has_one_header_even_when_the_first_document_is_clean(cli, work):
    run = cli("check", "clean.txt", "fifty.txt", "clean.txt", "-g", MINI, "--format", "csv")
    assert run.out.count("doc,segment,line") == 1
    assert read_csv(run.out)["doc"].tolist() == ["fifty.txt"]


def test_json_holds_the_documents_findings_and_how_they_were_scored(cli, work):
    run = cli("check", "line2.txt", "clean.txt", "-g", MINI, "--format", "json")
    assert only_the_gate_failed(run.code, run.err), run.err
    assert "clean.txt" not in run.err
    report = json.loads(run.out)
    assert report["tqa_version"] == tqa.__version__
    assert [(g["name"], g["version"]) for g in report["glossaries"]] == [("mini", "2")]
    line2, clean = report["documents"]
    assert (line2["doc"], line2["words"], line2["penalty"]) == ("line2.txt", 29, 20)
    assert [f["text"] for f in line2["findings"]] == [
        "subject group", "CPC Central Bank", "official micro-signal", "CPC Central Bank"]
    assert list(line2["findings"][0]) == FINDING_COLUMNS
    assert (clean["findings"], clean["score"]) == ([], 100)
    assert report["corpus"]["words"] == 29 + len(CLEAN.split())
    assert report["corpus"]["penalty"] == 20


def test_json_keeps_chinese_text_readable(cli, work):
    (work / "zh.txt").write_text("中国人民银行的 official micro-signal。\n", encoding="utf-8")
    run = cli("check", "zh.txt", "-g", MINI, "--format", "json")
    texts = [f["text"] for f in json.loads(run.out)["documents"][0]["findings"]]
    assert texts == ["中国人民银行的", "official micro-signal", "。"]  # language, glossary, punctuation
    assert '"中国人民银行的"' in run.out


# --- -o: the report goes to a file, atomically --------------------------------------------------------------

def test_output_file_is_written_and_nothing_else_is_left_behind(cli, work, mini):
    before = set(os.listdir(work))
    run = cli("check", "article.txt", "-g", MINI, "--format", "csv", "-o", "report.csv")
    assert only_the_gate_failed(run.code, run.err), run.err
    assert run.out == ""
    assert set(os.listdir(work)) == before | {"report.csv"}
    assert_same_findings(read_csv(work / "report.csv"), tqa.analyze(read_text(SEED), mini, doc_id="article.txt"))


def test_a_csv_file_starts_with_a_bom_so_that_excel_reads_utf8(cli, work):
    (work / "zh.txt").write_text("蚂蚁集团 posted on the official micro-signal\n", encoding="utf-8")
    cli("check", "zh.txt", "-g", MINI, "--format", "csv", "-o", "report.csv")
    assert (work / "report.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_an_output_file_is_replaced_with_the_usual_permissions(cli, work):
    (work / "report.json").write_text("old report\n", encoding="utf-8")
    run = cli("check", "fifty.txt", "-g", MINI, "--format", "json", "-o", "report.json")
    assert only_the_gate_failed(run.code, run.err), run.err
    assert json.loads((work / "report.json").read_text(encoding="utf-8"))["documents"][0]["doc"] == "fifty.txt"
    cli("check", "fifty.txt", "-g", MINI, "--format", "json", "-o", "new.json")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(work / "new.json").st_mode) == 0o666 & ~umask


class _InterruptedStdin:
    """A stdin whose reader presses Ctrl-C."""

    class buffer:  # noqa: N801 - mimics sys.stdin.buffer
        @staticmethod
        def read(*_args):
            raise KeyboardInterrupt


def test_an_interrupted_run_leaves_the_previous_output_untouched(cli, work, monkeypatch):
    (work / "report.csv").write_text("previous report\n", encoding="utf-8")
    before = set(os.listdir(work))
    monkeypatch.setattr(sys, "stdin", _InterruptedStdin())
    run = cli("check", "line2.txt", "-", "-g", MINI, "--format", "csv", "-o", "report.csv")
    assert run.code == 130
    assert (work / "report.csv").read_text(encoding="utf-8") == "previous report\n"
    assert set(os.listdir(work)) == before


def test_bad_input_does_not_create_the_output_file(cli, work):
    run = cli("check", "missing.txt", "-g", MINI, "--format", "csv", "-o", "report.csv")
    assert run.code == 2
    assert not (work / "report.csv").exists()


def test_an_output_directory_that_does_not_exist(cli, work):
    run = cli("check", "fifty.txt", "-g", MINI, "-o", "no/such/dir/report.csv")
    assert run.code == 2
    assert "no/such/dir" in one_clear_line(run)


# --- --summary ----------------------------------------------------------------------------------------------

def test_summary_writes_one_row_per_document(cli, work, mini):
    run = cli("check", "article.txt", "fifty.txt", "clean.txt", "-g", MINI, "--format", "csv",
              "--summary", "summary.csv")
    assert only_the_gate_failed(run.code, run.err), run.err
    summary = read_csv(work / "summary.csv")
    # The summary columns first; metric columns may follow (DESIGN.md).
    assert list(summary.columns)[:len(SUMMARY_COLUMNS)] == SUMMARY_COLUMNS
    article = tqa.analyze(read_text(SEED), mini)
    assert summary[SUMMARY_COLUMNS].to_dict("records") == [
        {"doc": "article.txt", "words": 442, "segments": 12, "findings": len(article.findings),
         "minor": article.count(tqa.Severity.MINOR), "major": article.count(tqa.Severity.MAJOR),
         "critical": article.count(tqa.Severity.CRITICAL), "penalty": round(article.penalty, 4),
         "score": round(article.score, 1)},
        {"doc": "fifty.txt", "words": 10, "segments": 1, "findings": 1, "minor": 0, "major": 1, "critical": 0,
         "penalty": 5.0, "score": 50.0},
        {"doc": "clean.txt", "words": 17, "segments": 1, "findings": 0, "minor": 0, "major": 0, "critical": 0,
         "penalty": 0.0, "score": 100.0},
    ]


# --- filters and quality gates ------------------------------------------------------------------------------

def test_min_severity_drops_lesser_findings_from_report_and_score(cli, work, mini):
    run = cli("check", "article.txt", "-g", MINI, "--format", "csv", "--min-severity", "major",
              "--summary", "summary.csv")
    frame = read_csv(run.out)
    assert "dabble in" not in frame["text"].tolist()
    assert set(frame["severity"]) == {"major"}
    # Without the minor "dabble in" (1): the seven major glossary findings, 35.
    expected = tqa.analyze(read_text(SEED), mini, min_severity="major")
    assert read_csv(work / "summary.csv")["penalty"].tolist() == [round(expected.penalty, 4)]
    assert expected.penalty >= 35


def test_fail_under_fails_a_document_below_the_score(cli, work):
    failed = cli("check", "fifty.txt", "clean.txt", "-g", MINI, "--format", "csv", "--fail-under", "50.1",
                 "--fail-on", "none")
    assert failed.code == 1
    assert failed.err == "tqa: quality gate: fifty.txt: score 50.0 is below 50.1 (--fail-under 50.1)\n"
    assert cli("check", "fifty.txt", "-g", MINI, "--format", "csv", "--fail-under", "50", "--fail-on", "none").code == 0


@pytest.mark.parametrize("level, code", [("minor", 1), ("major", 1), ("critical", 0)])
def test_fail_on_fails_at_that_severity_or_worse(cli, work, level, code):
    # fifty.txt has one major finding.
    run = cli("check", "fifty.txt", "-g", MINI, "--format", "csv", "--fail-on", level)
    assert run.code == code
    assert read_csv(run.out)["text"].tolist() == ["new crown"]


def test_the_gate_passes_a_clean_text(cli, work):
    assert cli("check", "clean.txt", "-g", MINI, "--fail-on", "minor", "--fail-under", "100").code == 0


# --- CSV cells that a spreadsheet would run as formulas -----------------------------------------------------

@pytest.fixture
def formula_glossary(write_glossary):
    return write_glossary(r"""
        - id: spreadsheet-formula
          regex: '[-=+@]SUM\(\w+\)'
          category: Other
          severity: minor
          note: '=HYPERLINK("http://example.com") is not a note a spreadsheet should run'
    """)


def test_csv_neutralises_cells_that_start_like_a_formula(cli, work, formula_glossary):
    for name in ("=cmd.txt", "+cmd.txt", "@cmd.txt", "-cmd.txt"):
        (work / name).write_text("Totals: =SUM(A1) +SUM(A2) -SUM(A3) @SUM(A4)\n", encoding="utf-8")
    run = cli("check", "-g", formula_glossary, "--format", "csv", "--summary", "summary.csv", "--",
              "=cmd.txt", "+cmd.txt", "@cmd.txt", "-cmd.txt")
    assert run.code == 0
    frame = read_csv(run.out)
    assert frame["text"].tolist()[:4] == ["'=SUM(A1)", "'+SUM(A2)", "'-SUM(A3)", "'@SUM(A4)"]
    assert sorted(set(frame["doc"])) == sorted(["'=cmd.txt", "'+cmd.txt", "'@cmd.txt", "'-cmd.txt"])
    assert set(frame["message"]) == {"'=HYPERLINK(\"http://example.com\") is not a note a spreadsheet should run"}
    assert read_csv(work / "summary.csv")["doc"].tolist() == ["'=cmd.txt", "'+cmd.txt", "'@cmd.txt", "'-cmd.txt"]


def test_raw_csv_keeps_cells_as_they_are(cli, work, formula_glossary):
    (work / "=cmd.txt").write_text("Totals: =SUM(A1)\n", encoding="utf-8")
    run = cli("check", "=cmd.txt", "-g", formula_glossary, "--format", "csv", "--raw-csv",
              "--summary", "summary.csv")
    frame = read_csv(run.out)
    assert (frame["doc"].tolist(), frame["text"].tolist()) == (["=cmd.txt"], ["=SUM(A1)"])
    assert read_csv(work / "summary.csv")["doc"].tolist() == ["=cmd.txt"]


def test_ordinary_cells_are_not_neutralised(cli, work):
    frame = read_csv(cli("check", "line2.txt", "-g", MINI, "--format", "csv").out)
    assert not any(str(v).startswith("'") for column in frame.columns for v in frame[column])


# --- bad input: exit 2 and one clear line on stderr ---------------------------------------------------------

def _bad_glossary(tmp_path, body: str):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nentries:\n" + body, encoding="utf-8")
    return path


BAD_GLOSSARIES = {
    "duplicate id": ("  - {id: a, match: [alpha], category: Other, severity: minor}\n"
                     "  - {id: a, match: [beta], category: Other, severity: minor}\n"),
    "unknown field": "  - {id: a, match: [alpha], category: Other, severity: minor, colour: red}\n",
    "invalid regex": "  - {id: a, regex: '(alpha', category: Other, severity: minor}\n",
}


@pytest.mark.parametrize("case", ["missing file", "empty directory", "binary file", "GB18030 file",
                                  "duplicate id", "unknown field", "invalid regex", "missing glossary",
                                  "bad format", "score out of range", "bad severity"])
def test_bad_input_gives_one_clear_line_and_exit_2(cli, work, case):
    glossary = MINI
    args = ["article.txt"]
    expect = None
    if case == "missing file":
        args, expect = ["missing.txt"], "missing.txt"
    elif case == "empty directory":
        (work / "drafts").mkdir()
        (work / "drafts" / "notes.md").write_text("not a txt file", encoding="utf-8")
        args, expect = ["drafts"], "drafts"
    elif case == "binary file":
        (work / "scan.txt").write_bytes(b"%PDF-1.4\n\x00\x01\x02binary")
        args, expect = ["scan.txt"], "scan.txt"
    elif case == "GB18030 file":  # detected when nothing is said; refused when the user says UTF-8
        (work / "gb.txt").write_bytes("中共央行官方微信号\n".encode("gb18030"))
        args, expect = ["gb.txt", "--encoding", "utf-8"], "gb.txt"
    elif case in ("duplicate id", "unknown field", "invalid regex"):
        glossary = _bad_glossary(work, BAD_GLOSSARIES[case])
        expect = "bad.yaml:"
    elif case == "missing glossary":
        glossary, expect = work / "nowhere.yaml", "nowhere.yaml"
    elif case == "bad format":
        args, expect = ["article.txt", "--format", "xml"], "xml"
    elif case == "score out of range":
        args, expect = ["article.txt", "--fail-under", "101"], "101"
    elif case == "bad severity":
        args, expect = ["article.txt", "--fail-on", "fatal"], "fatal"
    run = cli("check", *args, "-g", glossary)
    assert run.code == 2
    assert expect in one_clear_line(run)


def test_a_glossary_problem_names_the_file_and_line(cli, work):
    glossary = _bad_glossary(work, BAD_GLOSSARIES["unknown field"])
    line = one_clear_line(cli("check", "article.txt", "-g", glossary))
    assert line.startswith(f"{glossary}:3: ") and "colour" in line


def test_a_bad_glossary_is_refused_before_any_text_is_read(cli, work):
    glossary = _bad_glossary(work, BAD_GLOSSARIES["invalid regex"])
    run = cli("check", "missing.txt", "-g", glossary)
    assert run.code == 2
    assert "bad.yaml" in one_clear_line(run)  # the glossary, not the missing text, is reported


def test_a_binary_file_among_good_ones_still_exits_2(cli, work):
    (work / "scan.txt").write_bytes(b"\x00\x00\x00")
    run = cli("check", "fifty.txt", "scan.txt", "-g", MINI, "--format", "csv")
    assert run.code == 2  # not 1: an unreadable input wins over fifty.txt's failed gate
    (line,) = [line for line in run.err_lines if not GATE_LINE.match(line)]
    assert "scan.txt" in line and "Traceback" not in run.err


def test_no_command_prints_usage_and_exits_2(cli):
    assert cli().code == 2


# --- tqa glossary validate | test | stats -------------------------------------------------------------------

@pytest.mark.parametrize("path", [MINI, FIXTURES / "sheet.yaml", FIXTURES / "sheet.csv", FIXTURES / "sheet.tsv"],
                         ids=lambda p: p.name)
def test_glossary_validate_accepts_a_good_glossary(cli, path):
    run = cli("glossary", "validate", path)
    assert run.code == 0
    assert run.err == ""
    assert "ok" in run.out


def test_glossary_validate_lists_every_problem_and_exits_2(cli, tmp_path):
    glossary = _bad_glossary(tmp_path, BAD_GLOSSARIES["duplicate id"] + BAD_GLOSSARIES["unknown field"]
                             .replace("id: a,", "id: c,"))
    run = cli("glossary", "validate", glossary)
    assert run.code == 2
    assert "Traceback" not in run.err
    assert [line.split(": ", 1)[0] for line in run.err_lines] == [f"{glossary}:4", f"{glossary}:5"]


def test_glossary_test_passes_the_test_glossary(cli):
    run = cli("glossary", "test", MINI)
    assert run.code == 0
    assert "all passed" in run.out


@pytest.fixture
def misbehaving_glossary(write_glossary):
    return write_glossary("""
        - id: joint-debt-common-debt
          match: [common debt]
          suggest: joint debt
          category: Accuracy/Mistranslation
          severity: major
          examples:
            bad: ["the risk of common debt", "the risk of shared debt"]
            good: ["the risk of joint debt", "common debts are risky"]
    """)


def test_glossary_test_prints_each_failing_example_and_exits_1(cli, misbehaving_glossary):
    run = cli("glossary", "test", misbehaving_glossary)
    assert run.code == 1
    failures = [line for line in run.out.splitlines() if line.startswith(str(misbehaving_glossary))]
    bad, good = line_of(misbehaving_glossary, "bad:"), line_of(misbehaving_glossary, "good:")
    assert failures == [
        f"{misbehaving_glossary}:{bad}: joint-debt-common-debt: example 'the risk of shared debt' expected "
        "finding, got none",
        f"{misbehaving_glossary}:{good}: joint-debt-common-debt: example 'common debts are risky' expected none, "
        "got 'common debts'",
    ]


def test_check_refuses_a_glossary_whose_examples_misbehave(cli, work, misbehaving_glossary):
    run = cli("check", "article.txt", "-g", misbehaving_glossary)
    assert run.code == 2
    assert all(line.startswith(f"{misbehaving_glossary}:") for line in run.err_lines)
    assert len(run.err_lines) == 2


def test_glossary_test_of_a_broken_glossary_exits_2(cli, tmp_path):
    run = cli("glossary", "test", _bad_glossary(tmp_path, BAD_GLOSSARIES["invalid regex"]))
    assert run.code == 2


def test_glossary_stats_counts_entries_by_category_and_severity(cli):
    run = cli("glossary", "stats", MINI)
    assert run.code == 0
    assert "11 entries" in run.out
    assert re.search(r"^Accuracy/Mistranslation\s+0\s+2\s+0\s+2\s*$", run.out, re.M), run.out
    assert re.search(r"^Terminology/Inappropriate for context\s+0\s+4\s+1\s+5\s*$", run.out, re.M), run.out


# --- as a user runs it: python -m tqa ------------------------------------------------------------------------

def test_python_m_tqa_check_csv(work, mini):
    proc = run_tqa("check", "article.txt", "-g", MINI, "--format", "csv", cwd=work)
    assert only_the_gate_failed(proc.returncode, proc.stderr), proc.stderr
    frame = read_csv(proc.stdout.decode("utf-8"))
    assert_same_findings(frame, tqa.analyze(read_text(SEED), mini, doc_id="article.txt"))


def test_python_m_tqa_check_stdin(work):
    proc = run_tqa("check", "-", "-g", MINI, "--format", "json", cwd=work, input=LINE_2.encode("utf-8"))
    assert only_the_gate_failed(proc.returncode, proc.stderr), proc.stderr
    document = json.loads(proc.stdout)["documents"][0]
    assert document["doc"] == "<stdin>"
    assert len(document["findings"]) == 4


@pytest.mark.parametrize("content, name", [(b"\x89PNG\r\n\x1a\n\x00\x00", "image.txt"),
                                           ("官方微信号".encode("gb18030"), "gb18030.txt")],
                         ids=["binary", "GB18030"])
def test_python_m_tqa_bad_input(work, content, name):
    (work / name).write_bytes(content)
    proc = run_tqa("check", name, "-g", MINI, "--encoding", "utf-8", cwd=work)
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0]


def test_python_m_tqa_missing_file(work):
    proc = run_tqa("check", "missing.txt", "-g", MINI, cwd=work)
    assert proc.returncode == 2
    assert proc.stderr.decode().strip().count("\n") == 0 and "missing.txt" in proc.stderr.decode()


def test_python_m_tqa_glossary_test_failure(work, misbehaving_glossary):
    proc = run_tqa("glossary", "test", misbehaving_glossary, cwd=work)
    assert proc.returncode == 1
    assert b"expected finding" in proc.stdout and b"expected none" in proc.stdout


def test_python_m_tqa_version():
    proc = run_tqa("--version")
    assert proc.returncode == 0
    assert tqa.__version__ in proc.stdout.decode()


def test_python_m_tqa_stdin_that_is_not_utf8(work):
    proc = run_tqa("check", "-", "-g", MINI, "--encoding", "utf-8", cwd=work,
                   input="中共央行官方微信号".encode("gb18030"))
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.decode("utf-8").splitlines() if line.strip()]
    assert len(lines) == 1 and "<stdin>" in lines[0] and "utf-8" in lines[0].lower()


# --- every setting that changes a score is in the signature -------------------------------------------------

def signature_of(run) -> str:
    return next(line for line in run.out.splitlines() if line.startswith("signature: "))[len("signature: "):]


def test_the_length_model_is_in_the_signature_when_the_omission_check_runs(cli, work):
    model = json.loads((REPO / "tqa" / "data" / "length-zh-en.json").read_text(encoding="utf-8"))
    part = f"|length:{model['name']}@{model['version']}#"
    assert part in signature_of(cli("check", "article.txt"))
    assert "|length:" not in signature_of(cli("check", "article.txt", "--no-check", "omission"))


def test_min_severity_and_target_language_are_in_the_signature(cli, work):
    default = cli("check", "article.txt")
    major = cli("check", "article.txt", "--min-severity", "major")
    german = cli("check", "article.txt", "--target-lang", "de")
    # Three different scores of the same text…
    assert len({re.search(r"^score (\S+)", r.out, re.M).group(1) for r in (default, major, german)}) == 3
    # …under three different signatures, each saying what changed.
    for run, lang, least in ((default, "en", "minor"), (major, "en", "major"), (german, "de", "minor")):
        assert f"|lang:{lang}|langdetect-seed:0|" in signature_of(run)
        assert signature_of(run).endswith(f"|min-severity:{least}")
    summary = work / "summary.csv"
    cli("check", "article.txt", "--min-severity", "major", "--summary", summary)
    assert read_csv(summary)["signature"].tolist() == [signature_of(major)]


# --- the report format follows the output file's extension --------------------------------------------------

@pytest.mark.parametrize("name, starts", [
    ("report.html", "<!DOCTYPE html>"), ("report.csv", "\ufeffdoc,segment,line"), ("report.json", "{"),
    ("report.txt", "article.txt:1:16"),
])
def test_the_output_extension_chooses_the_format(cli, work, name, starts):
    run = cli("check", "article.txt", "-o", name)
    assert only_the_gate_failed(run.code, run.err), run.err
    assert (work / name).read_text(encoding="utf-8").startswith(starts)


def test_a_format_that_contradicts_the_extension_is_refused_before_anything_is_written(cli, work):
    run = cli("check", "article.txt", "-o", "report.html", "--format", "csv")
    assert (run.code, run.out) == (2, "")
    assert one_clear_line(run) == ("tqa: -o report.html names a html file but --format is csv: drop --format or "
                                   "change the extension")
    assert not (work / "report.html").exists()


# --- every output path is checked before the run -------------------------------------------------------------

@pytest.mark.parametrize("option", ["-o", "--summary", "--segments"])
def test_an_unwritable_output_is_refused_before_the_report_is_printed(cli, work, option):
    run = cli("check", "article.txt", option, "no-such-dir/out.csv")
    assert (run.code, run.out) == (2, "")
    assert one_clear_line(run) == "tqa: no-such-dir/out.csv: cannot write: directory 'no-such-dir' does not exist"


def test_an_output_that_is_a_directory_or_given_twice_is_refused(cli, work):
    (work / "reports").mkdir()
    run = cli("check", "article.txt", "--summary", "reports")
    assert one_clear_line(run) == "tqa: reports: is a directory (--summary needs a file)"
    run = cli("check", "article.txt", "-o", "a.csv", "--summary", "a.csv")
    assert one_clear_line(run) == "tqa: a.csv: is also the output a.csv; refusing to write it twice"
    assert run.out == "" and not (work / "a.csv").exists()


# --- the terminal report ------------------------------------------------------------------------------------

def test_every_finding_shows_its_message_punctuation_and_consistency_too(cli, work):
    (work / "p.txt").write_text("The Communist Party of China met. Taiwan‘s Chinese Communist Party said it.\n",
                                encoding="utf-8")
    run = cli("check", "p.txt")
    assert "    = a left quotation mark (‘) is used as an apostrophe; use ’\n" in run.out
    assert ('    = "Chinese Communist Party" and "Communist Party of China" name the same thing; this document '
            'first uses "Communist Party of China"\n') in run.out


def test_escape_sequences_in_the_text_or_a_file_name_reach_the_terminal_escaped(cli, work):
    name = "evil\x1b]0;pwned\x07.txt"
    (work / name).write_text("The \x1b[2Jofficial micro-signal\x1b[31m said.\n", encoding="utf-8")
    for fmt in ("text", "annotated"):
        run = cli("check", name, "--format", fmt)
        assert "\x1b" not in run.out and "\x07" not in run.out
        assert "evil\\x1b]0;pwned\\x07.txt" in run.out
        assert "The \\x1b[" in run.out  # the text's own escape, shown


def test_the_total_row_has_no_nan(cli, work):
    run = cli("check", "article.txt", "clean.txt")
    total = next(line for line in run.out.splitlines() if line.lstrip().startswith("TOTAL"))
    assert "NaN" not in total and "nan" not in total


# --- one definition of a line --------------------------------------------------------------------------------

def test_segments_rows_follow_the_lines_of_the_findings_even_with_lone_carriage_returns(cli, work):
    (work / "mac.txt").write_bytes(b"The official micro-signal said.\rNothing here.\rThe the end.")
    run = cli("check", "mac.txt", "--format", "csv", "--segments", "lines.csv")
    assert only_the_gate_failed(run.code, run.err), run.err
    assert sorted(read_csv(run.out)["line"].tolist()) == [1, 3]
    rows = read_csv(work / "lines.csv")
    assert rows["line"].tolist() == [1, 2, 3]
    assert rows["findings"].tolist() == [1, 0, 1]  # the last line's finding is not dropped
    assert rows["words"].tolist() == [4, 2, 3]


def test_segments_of_many_documents_one_header_and_whole_numbers_even_after_an_empty_one(cli, work):
    """Each document's lines are written as it is analysed (memory does not grow with the corpus): one header,
    then the rows in input order; counts are whole numbers even after an empty document (they were written as
    9.0 and 1.0 when the tables were put together at the end); the CSV is what pandas reads back."""
    (work / "a-empty.txt").write_bytes(b"")
    (work / "b.txt").write_text("The official micro-signal said.\nNothing here.\n", encoding="utf-8")
    (work / "c.txt").write_text("The the end, with a, comma.\n", encoding="utf-8")
    run = cli("check", "a-empty.txt", "b.txt", "c.txt", "--format", "csv", "--segments", "lines.csv")
    assert only_the_gate_failed(run.code, run.err), run.err
    text = (work / "lines.csv").read_bytes().decode("utf-8-sig")
    assert text == ("doc,line,words,findings,penalty\r\n"
                    "b.txt,1,4,1,5.0\r\nb.txt,2,2,0,0.0\r\nc.txt,1,6,1,0.1\r\n")
    rows = read_csv(work / "lines.csv")
    assert rows["doc"].tolist() == ["b.txt", "b.txt", "c.txt"] and rows["words"].dtype == "int64"


# --- text that is not valid Unicode ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "annotated", "csv", "json"])
def test_lone_surrogates_in_the_text_never_crash_a_report(cli, work, fmt):
    (work / "bad.txt").write_bytes(b"The official micro-signal \\ud800 said \\udfff it.\n")
    run = cli("check", "bad.txt", "--encoding", "unicode_escape", "--format", fmt)
    assert only_the_gate_failed(run.code, run.err), run.err
    assert "official" in run.out


@pytest.mark.parametrize("option", ["-o", "--summary", "--segments"])
def test_an_output_that_is_an_input_is_refused_and_the_article_is_kept(cli, work, option):
    before = (work / "article.txt").read_bytes()
    os.symlink("article.txt", work / "link.txt")
    for target in ("article.txt", "./article.txt", "link.txt"):
        run = cli("check", "article.txt", option, target)
        assert (run.code, run.out) == (2, "")
        assert "refusing to overwrite it" in one_clear_line(run)
    assert (work / "article.txt").read_bytes() == before
