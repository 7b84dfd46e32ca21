"""Suppression: a user silences false positives without editing a glossary, in three layers.

Inline comments (PO translator comments, XLIFF and TMX notes) ``tqa: ignore[CODE]``; a ``.tqaignore`` file found
like ``.gitignore`` (selector, ``path=GLOB``, ``text=PHRASE``); a baseline of accepted findings (``tqa baseline``,
``tqa check --baseline``) that survives edits elsewhere in the document. A suppressed finding leaves
``findings`` (and the score) for ``suppressed``; the first layer that covers a finding wins; every layer used is
in the signature. Rule codes are read from the findings (or are built-in checks' codes), never spelled out for
glossary entries.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest

import tqa
from helpers import FINDING_COLUMNS, FIXTURES
from tqa.suppression import Suppression, describe_suppressed, find_ignore_file

BILINGUAL = FIXTURES / "bilingual"
EXCERPT_EN = BILINGUAL / "wmt22-excerpt.en"  # 30 lines of Online-B's WMT22 output (README there)
EXCERPT_ZH = BILINGUAL / "wmt22-excerpt.zh"
MICRO = "It was posted on the official micro-signal of the bank."


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A project directory (``pyproject.toml`` marks its root, so no ignore file above it is found) holding
    the WMT22 excerpt with its source; the working directory."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    shutil.copy(EXCERPT_EN, tmp_path / "excerpt.en")
    shutil.copy(EXCERPT_ZH, tmp_path / "excerpt.zh")
    return tmp_path


@pytest.fixture
def cli(cli):
    """``tqa`` as the shared fixture runs it, with ``tqa check``'s severity gate off unless a test sets
    ``--fail-on``: these tests are about which findings are suppressed, not the exit status (the gate counts
    only the findings left: test_a_gate_counts_only_the_findings_left; every exit status: test_exit_status)."""
    def run(*args):
        args = [str(a) for a in args]
        if args[:1] == ["check"] and "--fail-on" not in args:
            args += ["--fail-on", "none"]
        return cli(*args)

    return run


def report(cli, *args) -> dict:
    """``tqa check ARGS --format json`` as parsed JSON (exit 0 expected)."""
    run = cli("check", *args, "--format", "json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def findings_of(cli, *args) -> list[dict]:
    (document,) = report(cli, *args)["documents"]
    return document["findings"]


def rule_of(findings: list[dict], text: str) -> str:
    """The rule code of the finding that flags ``text`` (read from a report, never spelled out)."""
    return next(f["rule"] for f in findings if f["text"] == text)


def signature_of(run) -> str:
    return next(line for line in run.out.splitlines() if line.startswith("signature: "))[len("signature: "):]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:8]


# --- the acceptance test: ignore file + baseline, then the document is edited ------------------------------------

def test_after_edits_only_the_new_error_is_reported_and_the_suppressed_count_is_exact(cli, work):
    before = findings_of(cli, "excerpt.en", "--source", "excerpt.zh")
    assert len(before) >= 30  # Online-B on these 30 lines: 35 findings with the bundled glossary
    well_wall = rule_of(before, "well wall")
    (work / ".tqaignore").write_text(
        "# a shaft wall is called a well wall in this client's catalogue\n"
        f"{well_wall}\n"
        "\n"
        'punctuation.fullwidth   path=*.en   text="【China Business Overseas Direct Order】"\n', encoding="utf-8")
    ignored = [f for f in before if f["rule"] == well_wall or (f["line"] == 20 and f["check"] == "punctuation")]
    assert len(ignored) == 7  # five "well wall", the two full-width brackets of line 20

    recorded = len(before) - len(ignored)
    run = cli("baseline", "excerpt.en", "--source", "excerpt.zh", "-o", "tqa-baseline.json")
    assert run.code == 0, run.err
    assert run.err == f"tqa: {recorded} findings of 1 document recorded in tqa-baseline.json\n"

    # The edits: a sentence with a new error added to line 10 (which had no finding), lines 16 and 17 swapped
    # (with their sources, so the two files stay aligned).
    lines = (work / "excerpt.en").read_text(encoding="utf-8").splitlines(keepends=True)
    sources = (work / "excerpt.zh").read_text(encoding="utf-8").splitlines(keepends=True)
    assert not [f for f in before if f["line"] == 10]
    lines[9] = lines[9].rstrip("\n") + " " + MICRO + "\n"
    for texts in (lines, sources):
        texts[15], texts[16] = texts[16], texts[15]
    (work / "excerpt.en").write_text("".join(lines), encoding="utf-8")
    (work / "excerpt.zh").write_text("".join(sources), encoding="utf-8")

    data = report(cli, "excerpt.en", "--source", "excerpt.zh", "--baseline", "tqa-baseline.json")
    (document,) = data["documents"]
    assert [(f["line"], f["text"]) for f in document["findings"]] == [(10, "official micro-signal")]
    assert document["suppressed_count"] == len(before)
    assert data["corpus"]["suppressed_by"] == {".tqaignore": 7, "baseline": recorded}

    text = cli("check", "excerpt.en", "--source", "excerpt.zh", "--baseline", "tqa-baseline.json")
    assert (f"1 finding in 1 document; {len(before)} suppressed: 7 by .tqaignore, {recorded} by the baseline)"
            in text.out)


# --- the result's shape ----------------------------------------------------------------------------------------

def test_a_suppressed_finding_leaves_the_findings_and_the_score_and_says_why(work):
    (work / ".tqaignore").write_text("punctuation.doubled-word\n", encoding="utf-8")
    document = tqa.Document("doc.txt", "The the bank posted it on the official micro-signal.\n")
    glossary = tqa.bundled_glossary()
    plain = tqa.analyze_document(document, glossary)
    layers = Suppression.load(glossary, find=True)
    result = tqa.analyze_document(document, glossary, suppression=layers.for_document(document, "doc.txt"))
    doubled = [f for f in plain.findings if f.rule == "punctuation.doubled-word"]
    assert len(doubled) == 1
    assert [f.rule for f in result.suppressed] == ["punctuation.doubled-word"]
    assert result.suppressed[0].suppressed == ".tqaignore:1"
    assert result.findings == tuple(f for f in plain.findings if f.rule != "punctuation.doubled-word")
    assert result.penalty == pytest.approx(plain.penalty - doubled[0].penalty)
    assert result.summary_row()["suppressed"] == 1 and result.summary_row()["findings"] == len(plain.findings) - 1
    assert "suppressed" not in FINDING_COLUMNS and "suppressed" not in tqa.FINDING_COLUMNS
    assert tqa.SUMMARY_COLUMNS[-1] == "suppressed"
    frame = result.to_frame(with_suppressed=True)
    assert list(frame.columns) == [*FINDING_COLUMNS, "suppressed"]
    assert frame["suppressed"].tolist() == [""] * len(result.findings) + [".tqaignore:1"]


def test_a_gate_counts_only_the_findings_left(cli, work):
    (work / "a.txt").write_text(MICRO + "\n", encoding="utf-8")
    assert cli("check", "a.txt", "--fail-on", "major").code == 1
    code = rule_of(findings_of(cli, "a.txt"), "official micro-signal")
    (work / ".tqaignore").write_text(f"{code}\n", encoding="utf-8")
    run = cli("check", "a.txt", "--fail-on", "major")
    assert run.code == 0, run.err
    assert "score 100.0" in run.out


# --- inline comments ----------------------------------------------------------------------------------------------

def test_a_po_translator_comment_silences_its_entry_only(cli, work):
    po = (BILINGUAL / "wmt22-tm.po").read_text(encoding="utf-8")
    shutil.copy(BILINGUAL / "wmt22-tm.po", work / "tm.po")
    before = findings_of(cli, "tm.po")
    lightning = [f for f in before if f["text"].lower() == "lightning delivery"]
    assert len({f["unit"] for f in lightning}) >= 2
    unit = "【正版书籍 闪电发货 品质无忧 可开发票】"
    code = next(f["rule"] for f in lightning if f["unit"] == unit)
    comment = "# 闪电发货 is the shop's promise of fast shipping\n"
    assert comment in po
    (work / "tm.po").write_text(po.replace(comment, comment + f"# tqa: ignore[{code}]\n"), encoding="utf-8")
    (document,) = report(cli, "tm.po", "--show-suppressed")["documents"]
    assert [(f["unit"], f["rule"], f["suppressed"]) for f in document["suppressed"]] == [(unit, code, "inline")]
    assert len(document["findings"]) == len(before) - 1
    assert [f for f in document["findings"] if f["rule"] == code and f["unit"] != unit]


def test_a_bare_po_comment_silences_every_finding_of_the_entry_and_an_extracted_comment_nothing(cli, work):
    po = (BILINGUAL / "wmt22-tm.po").read_text(encoding="utf-8")
    shutil.copy(BILINGUAL / "wmt22-tm.po", work / "tm.po")
    before = findings_of(cli, "tm.po")
    unit = "【正版书籍 闪电发货 品质无忧 可开发票】"
    in_unit = [f for f in before if f["unit"] == unit]
    assert len(in_unit) >= 2
    anchor = "#. Online-Y\n#: source.zh:1672\n"
    assert anchor in po
    # A program's extracted comment is not a translator's: gettext tools read flags in translator comments only.
    (work / "tm.po").write_text(po.replace(anchor, "#. tqa: ignore\n" + anchor), encoding="utf-8")
    assert len(findings_of(cli, "tm.po")) == len(before)
    (work / "tm.po").write_text(po.replace(anchor, "# reviewed: tqa: ignore\n" + anchor), encoding="utf-8")
    (document,) = report(cli, "tm.po", "--show-suppressed")["documents"]
    assert sorted((f["text"], f["rule"]) for f in document["suppressed"]) == sorted(
        (f["text"], f["rule"]) for f in in_unit)
    assert {f["suppressed"] for f in document["suppressed"]} == {"inline"}


@pytest.mark.parametrize("fixture, old, new", [
    ("wmt22-excerpt.xlf", "<note>WMT22 zh-en line 130</note>",
     "<note>WMT22 zh-en line 130</note>\n        <note>tqa: ignore[{code}]</note>"),
    ("wmt22-excerpt-2.0.xlf", "<note>WMT22 zh-en line 130</note>",
     "<note>WMT22 zh-en line 130</note>\n        <note>Checked with the client. tqa: ignore[{code}]</note>"),
])
def test_an_xliff_note_silences_the_rules_it_names_in_its_unit(cli, work, fixture, old, new):
    xliff = (BILINGUAL / fixture).read_text(encoding="utf-8")
    assert xliff.count(old) == 1
    (work / "x.xlf").write_text(xliff, encoding="utf-8")
    before = findings_of(cli, "x.xlf")
    unit = next(f["unit"] for f in before if f["text"] == "well wall")
    in_unit = [f for f in before if f["unit"] == unit]
    assert {f["text"] for f in in_unit} == {"Inspection well", "well wall"}
    code = rule_of(in_unit, "well wall")
    (work / "x.xlf").write_text(xliff.replace(old, new.format(code=code)), encoding="utf-8")
    (document,) = report(cli, "x.xlf", "--show-suppressed")["documents"]
    assert [(f["unit"], f["text"], f["suppressed"]) for f in document["suppressed"]] == [(unit, "well wall", "inline")]
    left = [f["text"] for f in document["findings"] if f["unit"] == unit]
    assert left == ["Inspection well"]
    assert sum(f["text"] == "well wall" for f in document["findings"]) == \
        sum(f["text"] == "well wall" for f in before) - 1


def test_a_tmx_note_silences_its_unit_by_check_name(cli, work):
    tmx = (BILINGUAL / "wmt22-tm.tmx").read_text(encoding="utf-8")
    (work / "tm.tmx").write_text(tmx, encoding="utf-8")
    before = findings_of(cli, "tm.tmx")
    unit = before[0]["unit"]
    in_unit = [f for f in before if f["unit"] == unit]
    check = in_unit[0]["check"]
    match = re.search(rf'<tu tuid="{unit}"[^>]*>\s*<note>', tmx)
    assert match, unit
    edited = tmx[:match.end()] + f"tqa: ignore[{check}] " + tmx[match.end():]
    (work / "tm.tmx").write_text(edited, encoding="utf-8")
    (document,) = report(cli, "tm.tmx", "--show-suppressed")["documents"]
    assert sorted(f["text"] for f in document["suppressed"]) == sorted(
        f["text"] for f in in_unit if f["check"] == check)


def test_a_tsv_note_cell_is_a_comment_and_an_unused_one_is_named_on_request(cli, work):
    (work / "t.tsv").write_text(
        "id\tsource\ttarget\tnote\n"
        "1\t银行同意了。\tThe the bank agreed.\ttqa: ignore[punctuation.doubled-word]\n"
        "2\t银行拒绝了。\tThe the bank refused.\tchecked\n"
        "3\t银行同意了。\tThe bank agreed.\ttqa: ignore[numbers]\n", encoding="utf-8")
    run = cli("check", "t.tsv", "--format", "json", "--show-suppressed", "--show-unused-ignores")
    (document,) = json.loads(run.out)["documents"]
    assert [(f["unit"], f["suppressed"]) for f in document["suppressed"]] == [("1", "inline")]
    assert [f["unit"] for f in document["findings"] if f["rule"] == "punctuation.doubled-word"] == ["2"]
    assert run.err_lines == ["tqa: warning: t.tsv:4: 'tqa: ignore[numbers]' (unit 3) silenced nothing"]


def test_an_unknown_code_in_a_comment_is_one_line_at_the_units_line_and_the_other_inputs_are_checked(cli, work):
    po = (BILINGUAL / "wmt22-tm.po").read_text(encoding="utf-8")
    comment = "# 闪电发货 is the shop's promise of fast shipping\n"
    (work / "tm.po").write_text(po.replace(comment, comment + "# tqa: ignore[numbers.mismach]\n"), encoding="utf-8")
    (work / "a.txt").write_text(MICRO + "\n", encoding="utf-8")
    document = tqa.read(work / "tm.po")
    line = next(unit.line for unit in document.units if unit.comments and "tqa" in unit.comments[-1])
    run = cli("check", "tm.po", "a.txt")
    assert run.code == 2
    assert len(run.err_lines) == 1
    assert run.err_lines[0].startswith(f"tqa: tm.po:{line}: unknown rule code or selector 'numbers.mismach' "
                                       f"(did you mean 'numbers.mismatch'")
    assert "a.txt:1:" in run.out  # the other input is still checked and reported


@pytest.mark.parametrize("comment, problem", [
    ("tqa: ignore[]", "names no rule"),
    ("tqa: ignore[numbers.mismatch", "not closed"),
    ("tqa: ignore[numbers.mismatch,]", "an empty rule code"),
])
def test_a_malformed_comment_is_refused_at_its_line(cli, work, comment, problem):
    xliff = (BILINGUAL / "wmt22-excerpt.xlf").read_text(encoding="utf-8")
    (work / "x.xlf").write_text(xliff.replace("<note>WMT22 zh-en line 130</note>", f"<note>{comment}</note>"),
                                encoding="utf-8")
    line = next(unit.line for unit in tqa.read(work / "x.xlf").units if unit.id == "2")
    run = cli("check", "x.xlf")
    assert run.code == 2
    assert len(run.err_lines) == 1 and run.err_lines[0].startswith(f"tqa: x.xlf:{line}: ")
    assert problem in run.err


# --- the ignore file ------------------------------------------------------------------------------------------------

def test_the_nearest_ignore_file_is_found_walking_up_to_the_project_root(tmp_path, monkeypatch):
    outer = tmp_path / "outer"
    project = outer / "project"
    deep = project / "docs" / "zh"
    deep.mkdir(parents=True)
    (outer / ".tqaignore").write_text("ALL\n", encoding="utf-8")
    (project / ".git").mkdir()
    assert find_ignore_file(deep) is None  # the project's root holds .git: nothing above it counts
    (project / ".tqaignore").write_text("numbers\n", encoding="utf-8")
    assert find_ignore_file(deep) == project / ".tqaignore"
    (project / "docs" / ".tqaignore").write_text("names\n", encoding="utf-8")
    assert find_ignore_file(deep) == project / "docs" / ".tqaignore"
    for number, marker in enumerate(("tqa.toml", ".tqa.toml", "pyproject.toml")):
        other = tmp_path / f"project{number}" / "sub"
        other.mkdir(parents=True)
        (other.parent / marker).write_text("", encoding="utf-8")
        (tmp_path / ".tqaignore").write_text("ALL\n", encoding="utf-8")
        assert find_ignore_file(other) is None, marker
    monkeypatch.chdir(deep)
    assert find_ignore_file() == project / "docs" / ".tqaignore"


def test_the_ignore_file_found_from_a_subdirectory_matches_paths_from_its_own_directory(cli, work, monkeypatch):
    (work / "party-history" / "a").mkdir(parents=True)
    (work / "news").mkdir()
    for folder in ("party-history/a", "news"):
        (work / folder / "x.txt").write_text(MICRO + "\n", encoding="utf-8")
    code = rule_of(findings_of(cli, "news/x.txt"), "official micro-signal")
    (work / ".tqaignore").write_text(f"{code}  path=party-history/**\n", encoding="utf-8")
    monkeypatch.chdir(work / "news")
    data = report(cli, "../party-history/a/x.txt", "x.txt")
    assert [len(d["findings"]) for d in data["documents"]] == [0, 1]
    assert [d["suppressed_count"] for d in data["documents"]] == [1, 0]


def test_ignore_file_and_no_ignore_file_options(cli, work):
    (work / "a.txt").write_text("The the bank agreed.\n", encoding="utf-8")
    (work / ".tqaignore").write_text("punctuation.doubled-word\n", encoding="utf-8")
    (work / "other.ignore").write_text("# nothing but a comment\n", encoding="utf-8")
    assert findings_of(cli, "a.txt") == []
    assert [f["rule"] for f in findings_of(cli, "a.txt", "--no-ignore-file")] == ["punctuation.doubled-word"]
    assert [f["rule"] for f in findings_of(cli, "a.txt", "--ignore-file", "other.ignore")] == \
        ["punctuation.doubled-word"]
    run = cli("check", "a.txt", "--ignore-file", "other.ignore", "--no-ignore-file")
    assert run.code == 2 and "not allowed with" in run.err


def test_text_matches_a_phrase_over_the_span_case_and_spaces_aside(cli, work):
    (work / "a.txt").write_text(
        "The the bank agreed.\n"          # "the" inside "The the bank": the phrase covers the span
        "We saw the the masses.\n"        # the phrase elsewhere in the line, not over the span
        "Then the  THE Bank agreed.\n",   # case and a run of spaces differ: still the phrase
        encoding="utf-8")
    (work / ".tqaignore").write_text('punctuation.doubled-word text="the the bank"\n', encoding="utf-8")
    (document,) = report(cli, "a.txt", "--show-suppressed")["documents"]
    assert [f["line"] for f in document["suppressed"]] == [1, 3]
    assert [f["line"] for f in document["findings"]] == [2]


def test_text_for_a_finding_about_the_source_looks_in_the_units_source_too(cli, work):
    (work / "t.en").write_text("The bank agreed.\n\n", encoding="utf-8")
    (work / "t.zh").write_text("银行同意了。\n他说了这件事。\n", encoding="utf-8")
    before = findings_of(cli, "t.en", "--source", "t.zh")
    empty = [f for f in before if f["line"] == 2]
    assert empty and all(f["start"] == f["end"] for f in empty)  # an empty target: about its source
    (work / ".tqaignore").write_text(f'{empty[0]["rule"]} text=这件事\n', encoding="utf-8")
    (document,) = report(cli, "t.en", "--source", "t.zh", "--show-suppressed")["documents"]
    assert [f["rule"] for f in document["suppressed"]] == [empty[0]["rule"]]


@pytest.mark.parametrize("line, problem", [
    ("numbers.mismach", "unknown rule code or selector 'numbers.mismach' (did you mean 'numbers.mismatch'"),
    ("numbers.mismatch where=x", "unknown key 'where'"),
    ("numbers.mismatch tables", "'tables' is not KEY=VALUE"),
    ("numbers.mismatch path='tables/\\'", "not a valid pattern"),
    ("numbers.mismatch path=!tables", "a negated pattern"),
    ("numbers.mismatch text=", "text= needs a phrase"),
    ('numbers.mismatch text="  "', "text= needs a phrase"),
    ('numbers.mismatch text="the masses', "no closing quotation"),
    ("numbers.mismatch text=a text=b", "text= given twice"),
    ("path=*.txt", "starts with the rule code"),
])
def test_every_problem_of_an_ignore_file_is_one_line_at_its_line_before_any_text_is_read(cli, work, line, problem):
    (work / ".tqaignore").write_text(f"# header\n\n{line}\n", encoding="utf-8")
    run = cli("check", "excerpt.en", "-o", "report.json")
    assert run.code == 2
    assert len(run.err_lines) == 1 and run.err_lines[0].startswith("tqa: .tqaignore:3: "), run.err
    assert problem in run.err
    assert not (work / "report.json").exists()


def test_show_unused_ignores_names_each_line_and_comment_that_silenced_nothing(cli, work):
    (work / "a.txt").write_text("The the bank agreed.\n", encoding="utf-8")
    (work / ".tqaignore").write_text("punctuation.doubled-word\nnumbers.mismatch\n", encoding="utf-8")
    run = cli("check", "a.txt", "--show-unused-ignores")
    assert run.code == 0
    assert run.err_lines == ["tqa: warning: .tqaignore:2: 'numbers.mismatch' silenced nothing"]
    assert cli("check", "a.txt").err == ""  # only on request


# --- the baseline ----------------------------------------------------------------------------------------------------

def test_a_baseline_is_a_multiset_two_recorded_findings_silence_two(cli, work):
    (work / "a.txt").write_text(f"{MICRO}\n{MICRO}\n", encoding="utf-8")
    assert cli("baseline", "a.txt").code == 0  # default: tqa-baseline.json
    (entry,) = json.loads((work / "tqa-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert entry["count"] == 2 and entry["path"] == "a.txt" and entry["text"] == "official micro-signal"
    (work / "a.txt").write_text(f"{MICRO}\n{MICRO}\n{MICRO}\n", encoding="utf-8")
    (document,) = report(cli, "a.txt", "--baseline", "tqa-baseline.json")["documents"]
    assert len(document["findings"]) == 1 and document["suppressed_count"] == 2
    (work / "a.txt").write_text(f"{MICRO}\n", encoding="utf-8")
    run = cli("check", "a.txt", "--baseline", "tqa-baseline.json", "--show-unused-ignores")
    assert "0 findings in 1 document; 1 suppressed by the baseline)" in run.out
    assert run.err_lines == ["tqa: warning: tqa-baseline.json: 1 recorded finding of the documents checked was not "
                             "found (fixed, or changed: 'tqa baseline' again drops them)"]


def test_the_same_error_in_other_words_is_new(cli, work):
    (work / "a.txt").write_text(MICRO + "\n", encoding="utf-8")
    cli("baseline", "a.txt")
    (work / "a.txt").write_text(MICRO + "\nYesterday it was posted on the official micro-signal of a school.\n",
                                encoding="utf-8")
    (document,) = report(cli, "a.txt", "--baseline", "tqa-baseline.json")["documents"]
    assert [f["line"] for f in document["findings"]] == [2]


def test_the_baseline_file_is_stable_sorted_relative_and_says_how_it_was_made(cli, work):
    (work / "sub").mkdir()
    (work / "b.txt").write_text("The the bank agreed.\n" + MICRO + "\n", encoding="utf-8")
    (work / "a.txt").write_text(MICRO + "\n", encoding="utf-8")
    assert cli("baseline", "b.txt", "a.txt", "-o", "sub/base.json").code == 0
    first = (work / "sub" / "base.json").read_bytes()
    data = json.loads(first)
    assert data["format"] == 1 and data["tqa_version"] == tqa.__version__
    assert data["signature"].startswith(f"tqa:{tqa.__version__}|glossary:")
    keys = [(e["path"], e["rule"], e["text"], e["context"]) for e in data["findings"]]
    assert keys == sorted(keys)
    assert {e["path"] for e in data["findings"]} == {"../a.txt", "../b.txt"}
    assert all(set(e) == {"path", "rule", "text", "context"} for e in data["findings"])  # count only when > 1
    assert first.decode("utf-8").startswith('{\n  "format": 1,\n') and first.endswith(b"}\n")
    assert not re.search(rb'"(line|start|end|column)"', first)
    assert cli("baseline", "a.txt", "b.txt", "-o", "sub/base.json").code == 0
    assert (work / "sub" / "base.json").read_bytes() == first  # the same findings: the same bytes
    (document_b, document_a) = report(cli, "b.txt", "a.txt", "--baseline", "sub/base.json")["documents"]
    assert document_a["findings"] == document_b["findings"] == []


@pytest.mark.parametrize("content, problem", [
    (None, "no such baseline file"),
    (b"{\n  \"format\": 1,\n", "not a tqa baseline"),
    (b"[]", "not a tqa baseline"),
    (b'{"format": 1, "findings": [{"path": "a.txt", "rule": 3}]}', "finding 1 is not an object"),
    (b'{"format": 1, "findings": [{"path": "a", "rule": "r", "text": "t", "context": "c", "count": 0}]}',
     "a count of at least 1"),
    (b"\xff\xfe\x00", "not a tqa baseline"),
])
def test_a_missing_or_corrupt_baseline_is_one_line_and_exit_2(cli, work, content, problem):
    if content is not None:
        (work / "base.json").write_bytes(content)
    run = cli("check", "excerpt.en", "--baseline", "base.json")
    assert run.code == 2 and run.out == ""
    assert len(run.err_lines) == 1 and run.err_lines[0].startswith("tqa: base.json"), run.err
    assert problem in run.err


def test_a_baseline_or_ignore_file_is_never_overwritten_by_a_report(cli, work):
    (work / ".tqaignore").write_text("numbers\n", encoding="utf-8")
    cli("baseline", "excerpt.en")
    for output, option in (("tqa-baseline.json", ["--baseline", "tqa-baseline.json"]), (".tqaignore", [])):
        before = (work / output).read_bytes()
        run = cli("check", "excerpt.en", *option, "-o", output, "--format", "json")
        assert run.code == 2 and "refusing to overwrite it" in run.err
        assert (work / output).read_bytes() == before
    assert cli("baseline", "excerpt.en", "-o", "-").code == 2


# --- the layers together --------------------------------------------------------------------------------------------

def test_a_finding_two_layers_cover_counts_once_for_the_first(cli, work):
    (work / "a.txt").write_text("The the bank agreed.\n" + MICRO + "\n", encoding="utf-8")
    assert cli("baseline", "a.txt", "--no-ignore-file").code == 0  # both findings recorded
    (work / ".tqaignore").write_text("punctuation.doubled-word\n", encoding="utf-8")
    data = report(cli, "a.txt", "--baseline", "tqa-baseline.json", "--show-suppressed")
    (document,) = data["documents"]
    assert document["findings"] == []
    assert [(f["rule"], f["suppressed"]) for f in document["suppressed"]] == [
        ("punctuation.doubled-word", ".tqaignore:1"), (rule_of(document["suppressed"], "official micro-signal"),
                                                      "baseline")]
    assert document["suppressed_count"] == 2 and data["corpus"]["suppressed_by"] == {".tqaignore": 1, "baseline": 1}


def test_a_baseline_records_what_the_ignore_file_leaves(cli, work):
    (work / "a.txt").write_text("The the bank agreed.\n" + MICRO + "\n", encoding="utf-8")
    (work / ".tqaignore").write_text("punctuation.doubled-word\n", encoding="utf-8")
    assert cli("baseline", "a.txt").err == "tqa: 1 finding of 1 document recorded in tqa-baseline.json\n"
    (entry,) = json.loads((work / "tqa-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert entry["text"] == "official micro-signal"


# --- the signature ---------------------------------------------------------------------------------------------------

def test_the_signature_names_the_layers_used_with_their_hashes(cli, work):
    (work / "a.txt").write_text("The the bank agreed.\n", encoding="utf-8")
    plain = signature_of(cli("check", "a.txt"))
    assert "|suppress:" not in plain
    (work / ".tqaignore").write_text("numbers\n", encoding="utf-8")
    cli("baseline", "a.txt", "-o", "base.json")
    run = cli("check", "a.txt", "--baseline", "base.json", "--summary", "summary.csv")
    part = f"|suppress:ignore-file#{digest(work / '.tqaignore')},baseline#{digest(work / 'base.json')}|"
    assert part in signature_of(run)
    assert signature_of(run) == plain.replace("|min-severity:", part + "min-severity:")
    with open(work / "summary.csv", encoding="utf-8-sig", newline="") as stream:
        (row,) = list(csv.DictReader(stream))
    assert row["signature"] == signature_of(run) and row["suppressed"] == "1"
    assert json.loads(cli("check", "a.txt", "--baseline", "base.json", "--format", "json").out)["signature"] == \
        signature_of(run)


def test_inline_is_named_in_the_signature_only_when_a_comment_silenced_something(cli, work):
    xliff = (BILINGUAL / "wmt22-excerpt.xlf").read_text(encoding="utf-8")
    note = "<note>WMT22 zh-en line 130</note>"
    for selector, fired in (("numbers", False), ("ALL", True)):
        (work / "x.xlf").write_text(xliff.replace(note, f"<note>tqa: ignore[{selector}]</note>"), encoding="utf-8")
        run = cli("check", "x.xlf")
        data = json.loads(cli("check", "x.xlf", "--format", "json").out)
        assert ("|suppress:inline|" in signature_of(run)) is fired
        assert data["signature"] == signature_of(run)
        html = cli("check", "x.xlf", "--format", "html").out
        assert f'<div class="signature">{signature_of(run)}</div>' in html


# --- reports: --show-suppressed -----------------------------------------------------------------------------------

@pytest.fixture
def baselined(cli, work):
    """a.txt with a doubled word silenced by the ignore file and a glossary finding by the baseline; b.txt new."""
    (work / "a.txt").write_text("The the bank agreed.\n" + MICRO + "\n", encoding="utf-8")
    (work / "b.txt").write_text("The bank agreed.\n", encoding="utf-8")
    (work / ".tqaignore").write_text("punctuation.doubled-word\n", encoding="utf-8")
    cli("baseline", "a.txt")
    return work


def test_the_text_report_shows_suppressed_findings_after_the_others_only_when_asked(cli, baselined):
    (baselined / "a.txt").write_text("The the bank agreed.\n" + MICRO + "\nIt is the official micro-signal.\n",
                                     encoding="utf-8")
    run = cli("check", "a.txt", "b.txt", "--baseline", "tqa-baseline.json")
    assert "suppressed (" not in run.out
    assert "1 finding in 2 documents; 2 suppressed: 1 by .tqaignore, 1 by the baseline)" in run.out
    shown = cli("check", "a.txt", "b.txt", "--baseline", "tqa-baseline.json", "--show-suppressed").out
    every = findings_of(cli, "a.txt", "--no-ignore-file")
    doubled, micro = every[0], every[1]
    assert (doubled["text"], micro["text"]) == ("The the", "official micro-signal")
    heads = [line for line in shown.splitlines() if line.startswith("a.txt:")]
    assert [re.sub(r"\s+", " ", line) for line in heads] == [
        f"a.txt:3:11 major {micro['category']} \"official micro-signal\" → official WeChat account ({micro['rule']})",
        f"a.txt:1:1 minor {doubled['category']} \"The the\" → The (punctuation.doubled-word) suppressed (.tqaignore:1)",
        f"a.txt:2:22 major {micro['category']} \"official micro-signal\" → official WeChat account ({micro['rule']}) "
        f"suppressed (baseline)",
    ]
    table = shown[shown.index("doc  words"):].splitlines()
    assert table[0].split()[-1] == "suppressed" and table[1].split()[-1] == "2" and table[2].split()[-1] == "0"


def test_json_and_csv_carry_the_suppressed_findings_only_when_asked(cli, baselined):
    data = report(cli, "a.txt", "b.txt", "--baseline", "tqa-baseline.json")
    assert [d["suppressed_count"] for d in data["documents"]] == [2, 0]
    assert all("suppressed" not in d for d in data["documents"])
    data = report(cli, "a.txt", "b.txt", "--baseline", "tqa-baseline.json", "--show-suppressed")
    assert [[f["suppressed"] for f in d["suppressed"]] for d in data["documents"]] == [
        [".tqaignore:1", "baseline"], []]
    assert set(data["documents"][0]["suppressed"][0]) == {*FINDING_COLUMNS, "suppressed"}
    assert data["corpus"]["suppressed"] == 2

    plain = cli("check", "a.txt", "b.txt", "--baseline", "tqa-baseline.json", "--format", "csv").out
    assert next(csv.reader(io.StringIO(plain))) == FINDING_COLUMNS
    assert len(list(csv.reader(io.StringIO(plain)))) == 1  # nothing left to report: the header alone
    shown = cli("check", "a.txt", "b.txt", "--baseline", "tqa-baseline.json", "--format", "csv",
                "--show-suppressed").out
    rows = list(csv.DictReader(io.StringIO(shown)))
    assert list(rows[0]) == [*FINDING_COLUMNS, "suppressed"]
    assert [(r["rule"], r["suppressed"]) for r in rows] == [
        ("punctuation.doubled-word", ".tqaignore:1"), (rows[1]["rule"], "baseline")]


def test_the_html_report_marks_suppressed_findings_when_asked(cli, baselined):
    html = cli("check", "a.txt", "--baseline", "tqa-baseline.json", "--format", "html").out
    assert 'class="finding sev-minor suppressed"' not in html
    assert "Not counted: 2 suppressed: 1 by .tqaignore, 1 by the baseline." in html
    html = cli("check", "a.txt", "--baseline", "tqa-baseline.json", "--format", "html", "--show-suppressed").out
    assert html.count("finding sev-minor suppressed") == 1 and html.count("finding sev-major suppressed") == 1
    assert "suppressed (baseline)" in html and "suppressed (.tqaignore:1)" in html


def test_describe_suppressed():
    assert describe_suppressed([]) == ""
    assert describe_suppressed([("baseline", 2)]) == "2 suppressed by the baseline"
    assert describe_suppressed([("inline", 1), (".tqaignore", 1), ("baseline", 2)]) == \
        "4 suppressed: 1 inline, 1 by .tqaignore, 2 by the baseline"


# --- fix leaves suppressed findings alone -------------------------------------------------------------------------

def test_fix_applies_no_fix_the_ignore_file_or_the_baseline_rejects(cli, work):
    (work / "a.txt").write_text("The the bank agreed.\n" + MICRO + "\nThe the bank refused.\n", encoding="utf-8")
    (work / ".tqaignore").write_text('punctuation.doubled-word text="the the bank agreed"\n', encoding="utf-8")
    run = cli("fix", "a.txt")
    assert run.out == "The the bank agreed.\nIt was posted on the official WeChat account of the bank.\n" \
                      "The bank refused.\n"
    assert run.err == "tqa: 2 fixes applied, 0 findings left for a human, 1 suppressed (left alone)\n"
    cli("baseline", "a.txt")  # the micro-signal and the second doubled word
    run = cli("fix", "a.txt", "--baseline", "tqa-baseline.json")
    assert run.out == (work / "a.txt").read_text(encoding="utf-8")
    assert run.err == "tqa: 0 fixes applied, 0 findings left for a human, 3 suppressed (left alone)\n"


def test_fix_keeps_a_baselined_finding_whose_words_around_change_with_a_fix_beside_it(cli, work):
    text = "They said the official micro-signal new crown notice was late.\n"
    (work / "a.txt").write_text(text, encoding="utf-8")
    findings = findings_of(cli, "a.txt")
    micro, crown = rule_of(findings, "official micro-signal"), rule_of(findings, "new crown")
    assert cli("baseline", "a.txt", "--ignore", crown).code == 0  # only the micro-signal is accepted
    run = cli("fix", "a.txt", "--baseline", "tqa-baseline.json")
    # "new crown" is fixed; the next round sees the micro-signal with other words after it, and still leaves it.
    assert run.out == "They said the official micro-signal COVID-19 notice was late.\n", run.err
    assert "1 suppressed" in run.err
    assert micro != crown


def test_a_baseline_of_stdin_silences_stdin_and_path_globs_never_cover_it(work):
    from helpers import run_tqa

    text = (MICRO + "\n").encode("utf-8")
    made = run_tqa("baseline", "-", cwd=work, input=text)
    assert made.returncode == 0, made.stderr
    (entry,) = json.loads((work / "tqa-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert entry["path"] == "<stdin>"
    checked = run_tqa("check", "-", "--baseline", "tqa-baseline.json", "--format", "json", cwd=work, input=text)
    assert json.loads(checked.stdout)["documents"][0]["suppressed_count"] == 1
    (work / ".tqaignore").write_text(f"{entry['rule']} path=*\n", encoding="utf-8")
    checked = run_tqa("check", "-", "--format", "json", cwd=work, input=text)
    assert json.loads(checked.stdout)["documents"][0]["suppressed_count"] == 0


def test_the_ignore_file_is_looked_for_as_config_files_are(cli, tmp_path, monkeypatch):
    # The same walk as the config files': never above a TQA_CONFIG_CEILING directory, and a working directory
    # that was removed has no project around it (no traceback).
    (tmp_path / ".tqaignore").write_text("punctuation\n", encoding="utf-8")
    below = tmp_path / "project" / "articles"
    below.mkdir(parents=True)
    assert find_ignore_file(below) == tmp_path / ".tqaignore"
    monkeypatch.setenv("TQA_CONFIG_CEILING", str(tmp_path / "project"))
    assert find_ignore_file(below) is None
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert find_ignore_file() is None
    article = tmp_path / "a.txt"
    article.write_text(MICRO + "\n", encoding="utf-8")
    run = cli("check", article, "--format", "csv")
    assert run.code == 0 and "Traceback" not in run.err and "official micro-signal" in run.out
