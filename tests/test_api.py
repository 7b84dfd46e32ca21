"""The Python API: ``tqa.analyze(text, glossary=None) -> DocumentResult`` and ``tqa.load_glossary(path)``.

Everything the command line can do, the API can do::

    glossary = tqa.load_glossary("glossaries/zh-en-news.yaml")
    result = tqa.analyze(text, glossary)
    result.findings, result.score, result.penalty, result.words, result.to_frame()
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import tqa
from helpers import FINDING_COLUMNS, MINI, SEED, glossary_checks, read_text

LINE_2 = ("The article, signed by the subject group of the Financial Consumer Protection Bureau of the CPC "
          "Central Bank, was posted on the official micro-signal of the CPC Central Bank.")


def test_analyze_returns_a_document_result(mini):
    result = tqa.analyze(LINE_2, mini)
    assert isinstance(result, tqa.DocumentResult)
    assert result.doc == "<text>"
    assert result.words == len(LINE_2.split()) == 29
    assert result.segments == 1
    assert all(isinstance(f, tqa.Finding) for f in result.findings)
    assert [f.text for f in result.findings] == [
        "subject group", "CPC Central Bank", "official micro-signal", "CPC Central Bank"]
    assert result.penalty == 20
    assert result.score == pytest.approx(100 - 2000 / 29)


def test_a_finding_has_every_field_of_the_report(mini):
    finding = tqa.analyze(LINE_2, mini, doc_id="article.txt").findings[2]
    assert finding.row() == (
        "article.txt", 1, 1, 129, 128, 149, "official micro-signal", "official WeChat account",
        "mini/wechat-official-account", "glossary", "Terminology/Inappropriate for context", "major", 5.0,
        '"official micro-signal" is a known machine-translation error; use "official WeChat account"',
        "1", None, None,  # plain text: the unit is the line; no source span
    )
    assert LINE_2[finding.start:finding.end] == finding.text
    assert finding.autofix is True


def test_results_and_findings_are_frozen(mini):
    result = tqa.analyze(LINE_2, mini)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.score = 100  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.findings[0].text = "research group"  # type: ignore[misc]


def test_to_frame_has_the_csv_columns_in_order(mini):
    frame = tqa.analyze(LINE_2, mini, doc_id="article.txt").to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == FINDING_COLUMNS
    assert len(frame) == 4
    assert frame["text"].tolist() == ["subject group", "CPC Central Bank", "official micro-signal", "CPC Central Bank"]
    assert frame["suggestion"].tolist() == [
        "research group", "People's Bank of China", "official WeChat account", "People's Bank of China"]
    assert frame["severity"].tolist() == ["major"] * 4
    assert frame["penalty"].sum() == 20
    assert set(frame["doc"]) == {"article.txt"}
    for row in frame.itertuples():
        assert LINE_2[row.start:row.end] == row.text


def test_to_frame_of_a_clean_text_is_empty_with_the_same_columns(mini):
    frame = tqa.analyze("Reuters reported that Ant Group has the data of 1 billion people.", mini).to_frame()
    assert list(frame.columns) == FINDING_COLUMNS
    assert len(frame) == 0


@pytest.mark.parametrize("glossary", [MINI, str(MINI)], ids=["Path", "str"])
def test_analyze_accepts_a_glossary_path(glossary):
    assert [f.rule for f in tqa.analyze("the official micro-signal", glossary).findings] == ["mini/wechat-official-account"]


def test_load_glossary_returns_a_compiled_glossary():
    glossary = tqa.load_glossary(MINI)
    assert isinstance(glossary, tqa.Glossary)
    assert glossary.entries[0].id == "wechat-official-account"


def test_a_bad_glossary_path_given_to_analyze_raises_the_project_error(tmp_path):
    with pytest.raises(tqa.TqaError):
        tqa.analyze("text", tmp_path / "missing.yaml")


def test_a_glossary_error_is_caught_as_the_project_error_and_lists_every_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nversion: 1\nentries:\n"
                   "  - id: a\n    severity: major\n    category: Other\n"
                   "  - id: b\n    match: [x]\n    category: Other\n    severity: huge\n", encoding="utf-8")
    with pytest.raises(tqa.TqaError) as caught:  # one except clause handles every user error
        tqa.load_glossary(bad)
    assert caught.value.problems == [
        f"{bad}:4: a: missing 'match' (or 'regex')",
        f"{bad}:10: b: unknown severity 'huge' (expected minor, major or critical)",
    ]


def test_findings_are_sorted_by_position(mini):
    text = read_text(SEED)
    starts = [f.start for f in tqa.analyze(text, mini).findings]
    assert starts == sorted(starts) and len(starts) >= 8


def test_analysis_of_the_seed_finds_each_error_on_its_line(mini):
    result = tqa.analyze(read_text(SEED), mini, checks=glossary_checks())
    assert [(f.line, f.column, f.text) for f in result.findings] == [
        (1, 16, "Central Bank of the Communist Party of China"),
        (2, 28, "subject group"),
        (2, 93, "CPC Central Bank"),
        (2, 129, "official micro-signal"),
        (2, 158, "CPC Central Bank"),
        (3, 141, "dabble in"),
        (5, 369, "common debt"),
        (12, 1, "Recent Comments"),
    ]
    assert [f.segment for f in result.findings] == [1, 2, 2, 2, 2, 3, 5, 12]


# --- one consistent API -------------------------------------------------------------------------------------

def test_analyze_all_takes_texts_pairs_or_documents_and_the_bundled_glossary_by_default():
    results = list(tqa.analyze_all([
        "posted on the official micro-signal",
        ("second.txt", "the risk of common debt"),
        tqa.Document("third.txt", "Reuters reported it."),
    ]))
    assert [r.doc for r in results] == ["<text 1>", "second.txt", "third.txt"]
    assert [[f.rule for f in r.findings] for r in results] == [
        ["zh-en-news/wechat-official-account"], ["zh-en-news/joint-debt-common-debt"], []]


def test_analyze_all_is_a_generator_that_loads_the_glossary_once(mini, monkeypatch):
    import tqa.analysis

    loads = []
    monkeypatch.setattr(tqa.analysis, "load_glossary", lambda path: loads.append(path) or mini)
    results = tqa.analyze_all(["the official micro-signal"] * 3, MINI, min_severity="major")
    assert [len(r.findings) for r in results] == [1, 1, 1]
    assert loads == [MINI]


def test_with_references_takes_texts_or_lists_of_lines_and_counts_lines_not_characters(mini):
    text = "the official micro-signal\nsecond line\n"
    reference = "the official WeChat account\nsecond line\n"
    result = tqa.analyze(text, mini)
    from_text = tqa.with_references(result, [reference])
    from_lines = tqa.with_references(result, [["the official WeChat account", "second line"]], ["ref.txt"])
    assert from_text.metrics["chrf"].score == from_lines.metrics["chrf"].score > 50
    assert len(from_text.segment_chrf) == 2
    with pytest.raises(tqa.TqaError, match=r"2 lines, but the reference ref1 has 3"):
        tqa.with_references(result, ["one\ntwo\nthree\n"])
