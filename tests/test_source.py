"""Plain text with ``--source FILE``: the WMT layout, line n of the target with line n of the source.

The units are the lines, each with its source line; the findings of the checks that read the
target alone are exactly those of the text alone; the source-aware checks add theirs.
The fixture is 30 lines of the WMT22 zh-en test set (tests/fixtures/bilingual/README.md).
"""

from __future__ import annotations

import csv
import io

import tqa
from helpers import FIXTURES, only_the_gate_failed, target_checks

BILINGUAL = FIXTURES / "bilingual"
TARGET = BILINGUAL / "wmt22-excerpt.en"
SOURCE = BILINGUAL / "wmt22-excerpt.zh"


def rows(out: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(out)))


def test_a_source_beside_the_target_gives_the_same_target_findings(cli):
    alone = cli("check", TARGET, "--format", "csv")
    with_source = cli("check", TARGET, "--source", SOURCE, "--format", "csv")
    assert only_the_gate_failed(alone.code, alone.err), alone.err
    assert only_the_gate_failed(with_source.code, with_source.err), with_source.err
    keys = ("unit", "line", "column", "start", "end", "rule", "text")
    target_only = {check.name for check in target_checks()}
    assert [tuple(r[k] for k in keys) for r in rows(with_source.out) if r["check"] in target_only] == [
        tuple(r[k] for k in keys) for r in rows(alone.out)]
    assert len(rows(alone.out)) >= 20
    # The source-aware checks run only with the source (and add their findings: here, terms and numbers).
    assert {r["check"] for r in rows(alone.out)} <= target_only


def test_the_source_aware_checks_run_only_with_the_source(cli, tmp_path):
    (tmp_path / "mt.en").write_text("Sales rose 5 percent in July.\nXinhua reported.\n", encoding="utf-8")
    (tmp_path / "src.zh").write_text("7月销售额增长了15%。\n新华社报道。\n", encoding="utf-8")
    alone = rows(cli("check", tmp_path / "mt.en", "--format", "csv").out)
    with_source = rows(cli("check", tmp_path / "mt.en", "--source", tmp_path / "src.zh", "--format", "csv").out)
    assert alone == []
    assert [(r["line"], r["rule"], r["text"]) for r in with_source] == [("1", "numbers.mismatch", "5 percent")]


def test_each_line_is_a_unit_with_its_source_line():
    document = tqa.read(TARGET, source=SOURCE)
    sources = SOURCE.read_text(encoding="utf-8").splitlines()
    targets = TARGET.read_text(encoding="utf-8").splitlines()
    assert [u.id for u in document.units] == [str(n) for n in range(1, len(targets) + 1)]
    assert [u.source for u in document.units] == sources
    assert [document.text[u.start:u.end] for u in document.units] == targets


def test_a_source_of_another_length_is_one_line_and_exit_2(cli, tmp_path):
    short = tmp_path / "short.zh"
    short.write_text("".join(SOURCE.read_text(encoding="utf-8").splitlines(keepends=True)[:29]), encoding="utf-8")
    run = cli("check", TARGET, "--source", short)
    assert (run.code, run.out) == (2, "")
    assert run.err_lines == [f"tqa: {TARGET}: 30 lines, but the source {short} has 29; with --source, the files must "
                             "be line-aligned (a line ends at \\n, \\r\\n or a lone \\r)"]


def test_a_source_goes_with_exactly_one_input(cli, tmp_path):
    run = cli("check", TARGET, TARGET.with_suffix(".xlf"), "--source", SOURCE)
    assert run.code == 2
    assert run.err_lines == ["tqa: --source goes with exactly one input (the target it is aligned with), not 2"]


def test_the_text_report_prints_the_source_line_under_each_finding(cli):
    run = cli("check", TARGET, "--source", SOURCE)
    assert "    source: " in run.out
