"""Reports of bilingual documents (issue 10, item 5): the text report prints the source under each finding,
JSON lists the units that have findings, annotated text stays line for line (the HTML report is in
test_html.py).

The fixture, ``tests/fixtures/bilingual/reports.{zh,en}``, is ten lines of the WMT22 general test set,
Chinese → English: ``source.zh`` lines 390–399 and the NiuTrans system's output for them (Kocmi et al.,
"Findings of the 2022 Conference on Machine Translation (WMT22)"; research use). Product-page text: 小编
left as "Xiaobian", 推荐理由 as "Recommended reasons", 好评率 as "praise rate", 高端大气 as "high-end
atmosphere".
"""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tqa
from helpers import REPO, only_the_gate_failed, read_text
from test_annotated import body, marks, unmark
from tqa.readers import UnitText, units_document

FIXTURE = REPO / "tests" / "fixtures" / "bilingual"
SOURCE, TARGET = FIXTURE / "reports.zh", FIXTURE / "reports.en"
ZH, EN = "tests/fixtures/bilingual/reports.zh", "tests/fixtures/bilingual/reports.en"  # as a user types them


@pytest.fixture
def in_repo(monkeypatch):
    """Run from the repository, so that reports name the fixture as a user typing its path sees it."""
    monkeypatch.chdir(REPO)


class PositiveRatingOmitted(tqa.checks.UnitCheck):
    """A toy check about the source, added through the registry alone: 好评率 in a unit's source and no
    "positive rating" in its target."""

    name = "toy-positive-rating"
    description = "好评率 in the source without \"positive rating\" in the target"

    def rules(self, glossary):
        return {"toy.positive-rating": self.description}

    def check_unit(self, ctx, unit):
        start = unit.source.find("好评率")
        if start >= 0 and "positive rating" not in ctx.target_of(unit):
            yield ctx.source_finding(unit, start, start + 3, rule="toy.positive-rating", check=self.name,
                                     category="Accuracy/Mistranslation", severity=tqa.Severity.MAJOR,
                                     message="好评率 is the share of positive reviews",
                                     suggestion="positive rating")


@pytest.fixture
def toy_check():
    tqa.checks.register(PositiveRatingOmitted)
    yield PositiveRatingOmitted
    tqa.checks.unregister(PositiveRatingOmitted)


def read_csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), keep_default_na=False, encoding="utf-8-sig")


def render(renderer_class, *results, **options) -> str:
    from tqa.report import RunInfo
    from tqa.scoring import DEFAULT_WEIGHTS

    from tqa.report.base import RenderOptions

    stream = io.StringIO()
    renderer = renderer_class(stream, RunInfo(tqa.__version__, tqa.bundled_glossary(), DEFAULT_WEIGHTS,
                                              ("glossary",)), RenderOptions(**options))
    renderer.begin()
    for result in results:
        renderer.document(result)
    renderer.end(tqa.corpus_score(results))
    return stream.getvalue()


def text_report(*results, color: bool = False) -> str:
    from tqa.report.text import TextRenderer

    return render(TextRenderer, *results, color=color)


def xliff_like(source: str, target: str = "The bank posted it on its official micro-signal today.", **unit):
    """A one-unit document as the XLIFF reader makes one (a unit id that is not a line number), checked with
    the glossary."""
    document = units_document("doc.xlf", [UnitText("tu-7", target, source, line=12, **unit)], format="xliff")
    return tqa.analyze_document(document, tqa.bundled_glossary(), checks=tqa.checks.select_checks(["glossary"]))


# --- the text report ----------------------------------------------------------------------------------------

def test_the_text_report_prints_the_source_under_each_finding(cli, in_repo):
    run = cli("check", EN, "--source", ZH)
    assert only_the_gate_failed(run.code, run.err), run.err
    assert run.out.startswith(
        f"{EN}:1:1  major     Accuracy/Untranslated text  \"Xiaobian\" → the editor  (zh-en-news/xiaobian-untranslated)\n"
        "    [[Xiaobian]] to bring you a cleansing cream which is good?\n"
        "    source: 小编为大家带来洁面乳霜哪款好？\n"
        "    = 小编 (\"little editor\") is the writer of the post referring to themselves; translate as \"I/we\" "
        "or \"the editor\", not the pinyin.\n"
        f"{EN}:3:4  major     Terminology/Inappropriate for context  \"Han beam\" → KANS  (zh-en-news/kans-han-beam)\n"
        "    1, [[Han beam]] skin care and cosmetics set hydrating, moisturizing, whitening, freck…\n"
        "    source: 1、韩束护肤品化妆品套装补水保湿美白祛斑提亮肤色 光感亮白礼盒五件套礼盒(洁面乳爽肤水乳液淡斑精华液眼霜）\n"
        "    = 韩束 is the cosmetics brand KANS; \"Han beam\" translates its characters. Mined: 5 times in 3 systems "
        "(WMT22 dev HuaweiTSC:392, NiuTrans:392, Online-W:392); the references write KANS.\n"
        f"{EN}:4:1  minor     Style/Awkward  \"Recommended reasons\" → why we recommend it  "
        "(zh-en-news/product-page-recommended-reason)\n"
        "    [[Recommended reasons]]: It has the effect of lifting and tightening, polypeptide repair, sha…\n"
        "    source: 推荐理由:具有提拉紧致的功效，多肽修复，塑造紧致肌肤，告别肌肤松弛，改善眼角鱼尾纹和眼部细纹，"
        "保湿效果非常的卓越，能够迅速渗透肌肤。\n")
    sources = [line for line in run.out.splitlines() if line.startswith("    source: ")]
    assert len(sources) == 10  # one under each finding


def test_a_long_source_is_trimmed_around_the_place_of_the_finding(cli, in_repo):
    # Line 5's source is 161 characters, 306 columns (Chinese characters are two wide). "praise rate" starts
    # 473 characters into a 568-character target, so the excerpt is centred as far into the source (its
    # 134th character) and 好评率 (the 138th) is in it; it reaches the end of the source, so the columns the
    # right side does not need go to the left: 139 columns in all.
    run = cli("check", EN, "--source", ZH)
    lines = run.out.splitlines()
    at = lines.index(next(line for line in lines if line.startswith(f"{EN}:5:474 ")))
    assert lines[at + 2] == ("    source: …密封，产品产地江苏苏州，是否为特殊用途化妆品否，功效其它， 目前已有1.4万+人评价 ，"
                             "获得了99%的好评率 ，评价其极其好用，装得挺好，高端大气 。")
    source = read_text(SOURCE).splitlines()[4]
    assert len(source) == 161 and source.endswith(lines[at + 2][len("    source: …"):])


def test_without_the_source_lines_the_report_is_the_plain_text_report(cli, in_repo):
    with_source = cli("check", EN, "--source", ZH).out
    plain = cli("check", EN).out
    assert with_source != plain
    assert "\n".join(line for line in with_source.split("\n") if not line.startswith("    source: ")) == plain


def test_the_source_span_of_a_finding_about_the_source_is_marked(cli, in_repo, toy_check):
    run = cli("check", EN, "--source", ZH, "--only-check", "toy-positive-rating")
    assert only_the_gate_failed(run.code, run.err), run.err
    target = read_text(TARGET).splitlines()[4]
    assert run.out.split("\n\n")[0].split("\n")[:4] == [
        f"{EN}:5:1  major     Accuracy/Mistranslation  source \"好评率\" → positive rating  (toy.positive-rating)",
        f"    {target[:140]}…",  # the target it concerns, from the unit's start
        "    source: …包装有密封，产品产地江苏苏州，是否为特殊用途化妆品否，功效其它， 目前已有1.4万+人评价 ，获得了99%的"
        "[[好评率]] ，评价其极其好用，装得挺好，高端大气 。",  # 99 columns on the left: 70, and the 30 the right leaves
        "    = 好评率 is the share of positive reviews",
    ]


def test_the_source_span_is_coloured_like_the_target_span_on_a_terminal():
    result = xliff_like("央行今天在官方微信号上发布。")
    [finding] = result.findings
    out = text_report(result, color=True)
    assert "    source: 央行今天在官方微信号上发布。\n" in out  # no span in the source: nothing painted
    from dataclasses import replace

    about_source = replace(finding, start=0, end=0, text="", source_start=5, source_end=10)
    out = text_report(replace(result, findings=(about_source,)), color=True)
    assert "    source: 央行今天在\033[4m\033[33m官方微信号\033[0m上发布。\n" in out
    assert "[[" not in out


def test_a_unit_that_is_not_a_line_is_named_in_the_location():
    out = text_report(xliff_like("央行今天在官方微信号上发布。"))
    assert out.startswith("doc.xlf:12:1 [unit tu-7]  major     Terminology/Inappropriate for context  "
                          "\"official micro-signal\" → official WeChat account  (zh-en-news/wechat-official-account)\n"
                          "    The bank posted it on its [[official micro-signal]] today.\n"
                          "    source: 央行今天在官方微信号上发布。\n")


def test_a_unit_whose_line_in_the_file_is_unknown_is_placed_among_the_units():
    # (A reader that cannot say where a unit starts leaves its line 0: the location is then the document
    # text's, line n being the n-th unit, and the unit is named.)
    units = [UnitText("tu-1", "Nothing to see.", "没什么。"),
             UnitText("tu-2", "The bank posted it on its official micro-signal today.", "央行今天在官方微信号上发布。")]
    document = units_document("doc.xlf", units, format="xliff")
    result = tqa.analyze_document(document, tqa.bundled_glossary(), checks=tqa.checks.select_checks(["glossary"]))
    assert text_report(result).startswith("doc.xlf:2:27 [unit tu-2]  major ")


def test_a_long_source_without_a_span_is_trimmed_to_about_the_width_of_the_sentence():
    # 300 wide characters: 70 columns (35 characters) on each side of the place the finding is at, in the
    # middle of both target and source.
    source = "".join(chr(0x4E00 + n) for n in range(300))
    target = "x " * 100 + "official micro-signal" + " y" * 100
    result = xliff_like(source, target)
    [finding] = result.findings
    assert (finding.start, len(target)) == (200, 421)
    point = round(300 * 200 / 421)
    line = next(line for line in text_report(result).splitlines() if line.startswith("    source: "))
    assert line == f"    source: …{source[point - 35:point + 35]}…"


def test_control_characters_in_a_source_are_escaped():
    out = text_report(xliff_like("央行\033[31m在官方微信号上\r发布。"))
    assert "    source: 央行\\x1b[31m在官方微信号上 发布。\n" in out  # and a line break is a space, as in the sentence


def test_a_finding_about_the_whole_document_has_no_source_line():
    from dataclasses import replace

    result = xliff_like("央行今天在官方微信号上发布。")
    document_finding = replace(result.findings[0], start=0, end=0, column=1, text="", suggestion="",
                               rule="language.document", category="Accuracy/Untranslated text",
                               message="not in English")
    out = text_report(replace(result, findings=(document_finding,)))
    assert out.startswith("doc.xlf:12:1 [unit tu-7]  major     Accuracy/Untranslated text  (document) → (translate)"
                          "  (language.document)\n    = not in English\n")
    assert "source:" not in out


# --- annotated text -----------------------------------------------------------------------------------------

def test_annotated_text_of_a_bilingual_document_is_its_target_line_for_line(cli, in_repo):
    # The annotated format promises the text outside the marks unchanged, line for line: the source is not
    # added to it (the text and HTML reports show it).
    with_source = cli("check", EN, "--source", ZH, "--format", "annotated").out
    assert with_source == cli("check", EN, "--format", "annotated").out
    assert unmark(body(with_source)) == read_text(TARGET)


def test_annotated_text_quotes_the_source_span_of_a_finding_about_the_source(cli, in_repo, toy_check):
    run = cli("check", EN, "--source", ZH, "--format", "annotated")
    annotated = body(run.out)
    assert unmark(annotated) == read_text(TARGET)
    line5 = annotated.splitlines()[4]
    assert line5.startswith("[!!]<<major toy.positive-rating: source \"好评率\" → positive rating: "
                            "好评率 is the share of positive reviews>>The shelf life (years) 5,")
    assert len(marks(annotated)) == 10 + 2


# --- JSON and CSV -------------------------------------------------------------------------------------------

def test_json_lists_the_units_that_have_findings_with_their_source(cli, in_repo):
    report = json.loads(cli("check", EN, "--source", ZH, "--format", "json").out)
    [document] = report["documents"]
    sources, targets = read_text(SOURCE).splitlines(), read_text(TARGET).splitlines()
    assert [f["unit"] for f in document["findings"]] == ["1", "3", "4", "5", "5", "6", "7", "8", "8", "10"]
    assert document["units"] == [
        {"id": str(n), "line": n, "source": sources[n - 1], "target": targets[n - 1], "state": "", "note": ""}
        for n in (1, 3, 4, 5, 6, 7, 8, 10)]


def test_json_units_are_null_for_plain_text(cli, in_repo):
    [document] = json.loads(cli("check", EN, "--format", "json").out)["documents"]
    assert document["units"] is None and len(document["findings"]) == 10


def test_json_units_keep_the_files_ids_states_and_notes():
    from tqa.report.json import JsonRenderer

    result = xliff_like("央行今天在官方微信号上发布。", state="needs-review", note="account name?")
    [document] = json.loads(render(JsonRenderer, result))["documents"]
    assert document["units"] == [{"id": "tu-7", "line": 12, "source": "央行今天在官方微信号上发布。",
                                  "target": "The bank posted it on its official micro-signal today.",
                                  "state": "needs-review", "note": "account name?"}]
    assert document["findings"][0]["unit"] == "tu-7"


def test_csv_and_json_carry_the_source_span_of_a_finding_about_the_source(cli, in_repo, toy_check):
    frame = read_csv(cli("check", EN, "--source", ZH, "--format", "csv", "--only-check",
                         "toy-positive-rating").out)
    assert frame[["unit", "start", "end", "text", "source_start", "source_end"]].values.tolist() == [
        [5, 581, 581, "", 137, 140], [8, 1555, 1555, "", 137, 140]]
    report = json.loads(cli("check", EN, "--source", ZH, "--format", "json", "--only-check",
                            "toy-positive-rating").out)
    [document] = report["documents"]
    assert [(f["unit"], f["source_start"], f["source_end"]) for f in document["findings"]] == [
        ("5", 137, 140), ("8", 137, 140)]
    assert [u["id"] for u in document["units"]] == ["5", "8"]
    assert all(u["source"][137:140] == "好评率" for u in document["units"])


def test_the_units_in_the_json_are_only_those_with_findings_so_a_clean_document_adds_none(cli, tmp_path):
    (tmp_path / "clean.zh").write_text("央行\n发布\n", encoding="utf-8")
    (tmp_path / "clean.en").write_text("The central bank\npublished it\n", encoding="utf-8")
    [document] = json.loads(cli("check", tmp_path / "clean.en", "--source", tmp_path / "clean.zh",
                                "--format", "json").out)["documents"]
    assert (document["findings"], document["units"]) == ([], [])


def test_a_unit_id_in_json_is_a_string_even_when_it_looks_like_a_number(cli, in_repo):
    text = cli("check", EN, "--source", ZH, "--format", "json").out
    assert re.search(r'"id": "1",', text) and not re.search(r'"id": 1,', text)


# --- any input ----------------------------------------------------------------------------------------------

def any_str(min_size: int = 0, max_size: int = 30):
    """Any str, lone surrogates and control characters included."""
    surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, exclude_categories=())
    return st.lists(st.one_of(st.characters(), surrogate), min_size=min_size, max_size=max_size).map("".join)


def any_bilingual_result(data):
    """A document of one to three units holding any str, with findings anywhere (a check may be wrong)."""
    from tqa.model import DocumentResult, Finding, Severity

    units = [UnitText(f"u{n}", data.draw(any_str()), data.draw(st.one_of(st.none(), any_str())))
             for n in range(data.draw(st.integers(1, 3)))]
    document = units_document("doc.xlf", units, format="xliff")
    text, findings = document.text, []
    for _ in range(data.draw(st.integers(0, 4))):
        unit = data.draw(st.sampled_from(document.units))
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        span = data.draw(st.one_of(st.none(), st.tuples(st.integers(-2, 40), st.integers(-2, 40))))
        findings.append(Finding("doc.xlf", 1, 1, 1, start, end, text[start:end], data.draw(any_str(max_size=5)),
                                "rule", "toy", "Other", Severity.MINOR, 1.0, data.draw(any_str(max_size=5)),
                                unit=unit.id, source_start=span and span[0], source_end=span and span[1]))
    findings.sort(key=lambda f: (f.start, f.end))
    return DocumentResult("doc.xlf", 1, 1, tuple(findings), float(len(findings)), 100.0, text=text,
                          units=document.units)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_units_and_findings_give_a_text_an_annotated_and_a_json_report(data):
    from tqa.report.annotated import annotate
    from tqa.report.json import JsonRenderer

    result = any_bilingual_result(data)
    out = text_report(result)
    out.encode("utf-8")  # every report is UTF-8: no lone surrogate reaches it
    assert "\033" not in out
    assert len([line for line in out.splitlines() if line.startswith("doc.xlf:")]) == len(result.findings)
    annotate(result)
    document = json.loads(render(JsonRenderer, result))["documents"][0]
    assert len(document["units"]) <= len(result.units)
