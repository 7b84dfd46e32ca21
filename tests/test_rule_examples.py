"""Every rule of every built-in check shows what it flags and what it leaves alone (issue 12: ``tqa rule CODE``).

A built-in check's rules carry examples, ``(bad|good, source, target)``: ``bad`` is a text the rule flags, ``good``
a near miss it leaves alone (what a careful translator writes where a cruder check would flag it). Here each
example runs through its check alone, as ``tqa glossary test`` runs a glossary entry's example pairs: with a
source, a bilingual document of one unit (several when the example has several lines: line n of the source with
line n of the target, the layout of ``--source``); without one, plain text. A ``bad`` example must give a finding
with exactly its rule's code, a ``good`` one none with that code (other rules of the check may fire on it).

The rules are those of the bundled glossary (``zh-en-news``), without the glossary entries the glossary and term
checks report (their examples are the entries' own, tested when a glossary loads). The examples are lines of the
WMT22 zh-en test set, of the seed article and of the fixtures, cited where they are defined.
"""

from __future__ import annotations

import json
import unicodedata
from importlib import import_module

import pytest

import tqa
from helpers import FIXTURES
from tqa.checks import BUILTIN
from tqa.checks.consistency import ConsistencyCheck
from tqa.model import Document
from tqa.pipeline import analyze_document
from tqa.readers.text import aligned_document
from tqa.rules import Rule

GLOSSARY = tqa.bundled_glossary()

#: Rules that need no example of a kind, each with the reason. Keep it empty unless an example cannot be real.
EXEMPT: dict[tuple[str, str], str] = {}


def builtin_checks() -> list:
    """One instance of every built-in check (those off by default too) except the glossary check, whose rules
    are the glossary's entries."""
    checks = []
    for spec in BUILTIN:
        module, name = spec.split(":")
        check_class = getattr(import_module(f"tqa.checks.{module}"), name)
        if check_class.name != "glossary":
            checks.append(check_class())
    return checks


def builtin_rules(glossary=GLOSSARY) -> list[tuple[object, Rule]]:
    """(check, rule) for every rule of a built-in check that is not a glossary entry."""
    return [(check, rule) for check in builtin_checks() for rule in check.rules(glossary).values()
            if isinstance(rule, Rule) and not rule.glossary]


def example_document(source: str, target: str) -> Document:
    """The document an example stands for: plain text without a source; with one, the target's lines with the
    source's, as ``tqa check TARGET --source SOURCE`` reads them (a unit a line, each file ending in a line
    break)."""
    if not source:
        return Document("example", target)
    return aligned_document("example", target + "\n", source.split("\n"))


def example_findings(check, source: str, target: str, glossary=GLOSSARY) -> list[tqa.Finding]:
    """The findings of ``check`` alone (a fresh instance) on an example."""
    document = example_document(source, target)
    findings = analyze_document(document, glossary, checks=[type(check)()]).findings
    for finding in findings:
        assert finding.text == document.text[finding.start:finding.end]
    return list(findings)


def cases(glossary=GLOSSARY) -> list:
    return [pytest.param(check, rule.code, kind, source, target, id=f"{rule.code}:{kind}{number}")
            for check, rule in builtin_rules(glossary)
            for number, (kind, source, target) in enumerate(rule.examples, 1)]


# --- every example behaves as it says -----------------------------------------------------------------------------

@pytest.mark.parametrize("check, code, kind, source, target", cases())
def test_an_example_is_flagged_by_its_rule_exactly_when_it_is_bad(check, code, kind, source, target):
    assert kind in ("bad", "good")
    found = example_findings(check, source, target)
    codes = [f.rule for f in found]
    if kind == "bad":
        assert code in codes, f"expected a {code} finding, got {codes or 'none'}"
    else:
        messages = [f.message for f in found if f.rule == code]
        assert not messages, f"expected no {code} finding, got: {messages}"


def test_every_rule_of_every_builtin_check_has_a_bad_and_a_good_example():
    missing = [f"{rule.code}: no {kind} example" for _, rule in builtin_rules()
               for kind in ("bad", "good")
               if (rule.code, kind) not in EXEMPT and not any(k == kind for k, _, _ in rule.examples)]
    assert missing == []


def test_the_rules_checked_are_those_of_every_builtin_check_but_the_glossary_check():
    checks = {rule.check for _, rule in builtin_rules()}
    assert checks == {spec.split(":")[0] for spec in BUILTIN} - {"glossary"}
    # The names check is off by default, and its rule is checked all the same.
    assert "names.not-romanized" in {rule.code for _, rule in builtin_rules()}
    # A glossary entry the term check reports is the glossary's rule, tested when it loads; terms.inconsistent
    # is the check's own.
    codes = {rule.code for _, rule in builtin_rules() if rule.check == "terms"}
    assert codes == {"terms.inconsistent"}


def test_an_example_of_several_lines_is_one_unit_per_line():
    document = example_document("第一行\n第二行", "line one\nline two")
    assert [(u.id, u.source, document.text[u.start:u.end]) for u in document.units] == [
        ("1", "第一行", "line one"), ("2", "第二行", "line two")]
    assert example_document("", "Recent Comments").units is None


# --- consistency: the examples come from each group's names -------------------------------------------------------

@pytest.mark.parametrize("glossary", [GLOSSARY, tqa.load_glossary(FIXTURES / "checks" / "groups.yaml"),
                                      tqa.load_glossary(FIXTURES / "checks" / "party.yaml")],
                         ids=["zh-en-news", "groups", "party"])
def test_every_consistency_group_gets_examples_that_behave(glossary):
    rules = ConsistencyCheck().rules(glossary)
    assert rules and len(rules) == len(glossary.consistent)
    for code, rule in rules.items():
        assert {kind for kind, _, _ in rule.examples} == {"bad", "good"}, code
        for kind, source, target in rule.examples:
            codes = [f.rule for f in example_findings(ConsistencyCheck(), source, target, glossary)]
            assert (code in codes) == (kind == "bad"), (code, kind, target, codes)


# --- tqa rule CODE shows them ------------------------------------------------------------------------------------

def columns(text: str) -> int:
    """Terminal columns of ``text`` (a wide CJK character takes two), computed independently of tqa."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def example_rows(out: str) -> list[str]:
    lines = out.splitlines()
    start = lines.index("  examples") + 1
    return lines[start:lines.index("", start)]


def test_tqa_rule_shows_each_example_with_its_source_and_target_below_it(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    run = cli("rule", "numbers.mismatch")
    assert run.code == 0
    rows = example_rows(run.out)
    assert rows[:4] == [
        "    flagged      套系价格：3999 元",
        "                 → Price of sleeve: RMB399",
        "    flagged      青海湖裸鲤资源蕴藏量今年增加0.71万吨",
        "                 → Qinghai Lake naked carp reserves increased by 0.71 million tons this year",
    ]
    assert sum(row.startswith("    not flagged  ") for row in rows) == 3


@pytest.mark.parametrize("width", [60, 80, 120])
def test_a_long_example_is_wrapped_to_the_terminal_under_its_own_text(cli, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    rows = example_rows(cli("rule", "omission.bracket").out)
    assert all(columns(row) <= width for row in rows), [row for row in rows if columns(row) > width]
    # The words of every example are all there, in order, whatever the width.
    rule = tqa.rules.rule_table(GLOSSARY)["omission.bracket"]
    shown = "".join(row[17:].removeprefix("→ ").strip() for row in rows).replace(" ", "")
    expected = "".join(source + target for _, source, target in rule.examples).replace(" ", "")
    assert shown == expected


def test_an_example_of_several_units_numbers_them(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    rows = example_rows(cli("rule", "terms.inconsistent").out)
    assert rows[:4] == [
        "    flagged      1  中国近年来在南沙群岛修建大批军事设施。",
        "                    → China has built a large number of military facilities in Spratly Islands in recent "
        "years.",
        "                 2  图为中国在南沙群岛的永暑岛。",
        "                    → The picture shows China's Yongshu Island in Nansha Islands.",
    ]


def test_a_text_without_a_source_is_shown_alone_and_json_gives_every_example(cli):
    rows = example_rows(cli("rule", "punctuation.doubled-word").out)
    assert rows[0] == "    flagged      Well wall wall module mechanical automatic control"
    record = json.loads(cli("rule", "numbers.added", "--format", "json").out)
    assert record["examples"][0] == {"kind": "bad", "source": "正版一二三年级", "target": "the authentic Grade 12 and 33"}


def test_an_empty_target_is_shown_as_empty(cli):
    rows = example_rows(cli("rule", "omission.empty").out)
    assert rows[:2] == ["    flagged      图9中，一个事件的热度波峰恰好是另一事件的波谷", "                 → (empty)"]
