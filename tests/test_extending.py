"""Extending tqa: a check, a reader and an output format are each one class added through one registry, with no
change anywhere else (README, "Extending tqa"). Each test adds a toy one, uses it through the command line as a
user would, and removes it again.
"""

from __future__ import annotations

import pytest

import tqa
import tqa.checks
import tqa.readers
import tqa.report
import tqa.report.base
from tqa.checks import Check
from tqa.model import Severity
from tqa.readers import Reader, UnitText, units_document

from helpers import MINI, only_the_gate_failed


class ShoutingCheck(Check):
    """A toy check: a word written in capitals only (at least five letters) is shouting."""

    name = "shouting"
    description = "words in capitals only"

    def rules(self, glossary):
        return {"shouting.caps": "a word in capitals only"}

    def run(self, ctx):
        import re

        for m in re.finditer(r"\b[A-Z]{5,}\b", ctx.text):
            yield ctx.finding(m.start(), m.end(), rule="shouting.caps", check=self.name, category="Style/Awkward",
                              severity=Severity.MINOR, suggestion=m.group().capitalize(), message="do not shout")


@pytest.fixture
def shouting():
    tqa.checks.register(ShoutingCheck)
    yield ShoutingCheck
    tqa.checks.unregister(ShoutingCheck)


def test_a_check_added_through_the_registry_runs_is_listed_and_can_be_selected(shouting, cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The BANKS posted it on the official micro-signal.\n", encoding="utf-8")
    run = cli("check", path, "-g", MINI, "--format", "csv")
    assert only_the_gate_failed(run.code, run.err), run.err
    assert "shouting.caps" in run.out and "wechat-official-account" in run.out
    assert "shouting     words in capitals only" in cli("checks").out
    only = cli("check", path, "-g", MINI, "--format", "csv", "--only-check", "shouting")
    assert "shouting.caps" in only.out and "wechat-official-account" not in only.out
    assert f"|checks:{','.join(c.name for c in tqa.checks.all_checks())}|" in cli("check", path, "-g", MINI).out
    assert tqa.checks.check_names()[-1] == "shouting"
    assert tqa.checks.known_rules(tqa.load_glossary(MINI))["shouting.caps"] == "a word in capitals only"


def test_a_check_must_be_a_check_subclass_with_a_new_name(shouting):
    with pytest.raises(TypeError):
        tqa.checks.register(object)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="already registered"):
        tqa.checks.register(ShoutingCheck)


class PipeReader(Reader):
    """A toy reader: ``.pipe`` files of ``id|source|target`` lines."""

    name = "pipe"
    suffixes = (".pipe",)
    description = "id|source|target lines"

    def read(self, name, data, options):
        units = []
        for number, line in enumerate(data.decode("utf-8").splitlines(), 1):
            unit_id, source, target = line.split("|")
            units.append(UnitText(unit_id, target, source, line=number))
        return units_document(name, units, format=self.name)


@pytest.fixture
def pipe_reader():
    tqa.readers.register(PipeReader)
    yield PipeReader
    tqa.readers.unregister(PipeReader)


def test_a_reader_added_through_the_registry_reads_its_files(pipe_reader, cli, tmp_path):
    path = tmp_path / "news.pipe"
    path.write_text("s1|央行在官方微信号发布|The bank posted it on the official micro-signal\ns2|共债风险|common debt risk\n",
                    encoding="utf-8")
    run = cli("check", path, "-g", MINI, "--format", "csv")
    assert only_the_gate_failed(run.code, run.err), run.err
    lines = run.out.splitlines()
    assert lines[0].endswith(",unit,source_start,source_end")
    assert [line.split(",")[-3] for line in lines[1:]] == ["s1", "s2"]  # the units the findings are in
    assert tqa.readers.reader_for("x.pipe").name == "pipe"
    # Read as plain text instead, the same file is lines whose Chinese was never translated.
    as_text = cli("check", path, "-g", MINI, "--input-format", "text", "--format", "csv").out
    assert "language.untranslated" in as_text and ",s1," not in as_text


class TallyRenderer(tqa.report.base.Renderer):
    """A toy output format: one line a document, its findings per rule."""

    name = "tally"
    description = "findings per rule"
    extensions = (".tally",)

    def document(self, result):
        from collections import Counter

        counts = Counter(f.rule for f in result.findings)
        self.stream.write(f"{result.doc}: " + ", ".join(f"{rule}={n}" for rule, n in sorted(counts.items())) + "\n")

    def end(self, corpus):
        self.stream.write(f"{corpus.documents} document(s), score {corpus.score:.1f}\n")


@pytest.fixture
def tally():
    tqa.report.register(TallyRenderer)
    yield TallyRenderer
    tqa.report.unregister(TallyRenderer)


def test_an_output_format_added_through_the_registry_is_chosen_by_name_or_extension(tally, cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The official micro-signal and the new crown; the official micro-signal again.\n", encoding="utf-8")
    run = cli("check", path, "-g", MINI, "--format", "tally")
    assert only_the_gate_failed(run.code, run.err), run.err
    score = tqa.analyze(path.read_text(encoding="utf-8"), MINI).score
    assert run.out.splitlines() == [f"{path}: mini/covid-new-crown=1, mini/wechat-official-account=2",
                                    f"1 document(s), score {score:.1f}"]
    out = tmp_path / "report.tally"
    run = cli("check", path, "-g", MINI, "-o", out)
    assert only_the_gate_failed(run.code, run.err), run.err
    assert out.read_text(encoding="utf-8").endswith(f"1 document(s), score {score:.1f}\n")
