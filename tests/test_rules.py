"""Rule codes, selection (--select, --extend-select, --ignore, --severity-override), tqa rules and tqa rule.

Codes: a built-in check's start with its name and a dot; a glossary entry's is its id namespaced by its
glossary. Selectors, as in ruff: codes, a glossary entry's bare id, prefixes, checks, glossaries, MQM
categories; the more specific of select and ignore wins, ignore on a tie; unknown ones are refused.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

import tqa
from helpers import FIXTURES, MINI, SEED
from tqa.model import Document, Severity, Unit
from tqa.pipeline import analyze_document
from tqa.rules import RuleSelection, Selector, plan, rule_table

# A real sentence pair (WMT22 dev, line 1 of tests/fixtures/bilingual's excerpts) is not needed here: a short
# bilingual unit with a number changed, a term left out and a known wrong rendering is enough.
SOURCE = "央行今天在官方微信号上发布：3.5亿元用于新冠疫苗。"
TARGET = "The bank posted it on the official micro-signal today today: 35 million yuan for the new crown vaccine."

#: Every rule code of the built-in checks other than those a glossary defines (consistency groups, residue
#: lines come from data). Changing one breaks every baseline, ignore file and config that names it: it must be
#: deliberate, and this list says so.
BUILT_IN = {
    "copies.unchanged", "copies.copied",
    "language.document", "language.untranslated", "language.foreign",
    "tags.missing", "tags.extra", "tags.broken",
    "punctuation.apostrophe", "punctuation.fullwidth", "punctuation.space-before", "punctuation.doubled-word",
    "punctuation.doubled-space", "punctuation.unbalanced",
    "numbers.mismatch", "numbers.missing", "numbers.added",
    "terms.inconsistent",
    "omission.empty", "omission.short", "omission.long", "omission.sentences", "omission.bracket",
    "omission.quote", "omission.list-item",
    "names.not-romanized",
}


@pytest.fixture(scope="module")
def bundled():
    return tqa.bundled_glossary()


@pytest.fixture(scope="module")
def table(bundled):
    return rule_table(bundled)


@pytest.fixture
def pair(tmp_path):
    target, source = tmp_path / "mt.en", tmp_path / "source.zh"
    target.write_text(TARGET + "\n", encoding="utf-8")
    source.write_text(SOURCE + "\n", encoding="utf-8")
    return target, source


def rules_of(run) -> list[str]:
    assert run.code in (0, 1), run.err
    return [row["rule"] for row in csv.DictReader(io.StringIO(run.out))]


def check_csv(cli, *args):
    return cli("check", *args, "--format", "csv", "--fail-on", "critical")


# --- codes ----------------------------------------------------------------------------------------------------

def test_every_rule_has_a_code_with_its_checks_or_glossarys_prefix(table):
    for code, rule in table.items():
        if rule.glossary:
            assert code == f"{rule.glossary}/{code.split('/', 1)[1]}"
        else:
            assert code.startswith(rule.check + "."), code
    assert BUILT_IN <= set(table)
    assert {code for code, rule in table.items() if not rule.glossary and rule.check not in ("residue", "consistency")
            } == BUILT_IN


def test_every_finding_carries_a_code_of_the_rule_table(bundled, table, pair):
    target, source = pair
    document = tqa.read(target, source=source)
    checks, _, _ = plan(bundled, RuleSelection.of(select=["ALL"]))
    result = analyze_document(document, bundled, checks=checks)
    assert result.findings
    assert {f.rule for f in result.findings} <= set(table)
    assert "zh-en-news/wechat-official-account" in {f.rule for f in result.findings}


def test_a_rule_knows_its_category_severity_examples_and_origin(table):
    rule = table["zh-en-news/wechat-official-account"]
    assert (rule.check, rule.glossary, rule.category, rule.severity, rule.autofix) == (
        "glossary", "zh-en-news", "Terminology/Inappropriate for context", Severity.MAJOR, True)
    assert rule.origin.endswith(f"zh-en-news.yaml:{rule.origin.rsplit(':', 1)[1]}")
    assert ("bad", "", "The article was posted on the official micro-signal of the central bank.") in rule.examples
    numbers = table["numbers.mismatch"]
    assert (numbers.categories, numbers.severities) == (("Accuracy/Mistranslation",),
                                                        (Severity.MAJOR, Severity.CRITICAL))


# --- selectors ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind", "value"), [
    ("ALL", "all", ""),
    ("Style", "top-category", "style"),
    ("style", "top-category", "style"),
    ("Fluency/Punctuation", "category", "fluency/punctuation"),
    ("numbers", "check", "numbers"),
    ("zh-en-news", "glossary", "zh-en-news"),
    ("zh-en-news/covid-new", "prefix", "zh-en-news/covid-new"),
    ("numbers.mismatch", "code", "numbers.mismatch"),
    ("wechat-official-account", "code", "zh-en-news/wechat-official-account"),
])
def test_a_selector_names_a_rule_a_prefix_a_check_a_glossary_or_a_category(table, bundled, text, kind, value):
    selector = Selector.parse(text, table, sorted({r.check for r in table.values()}), ["zh-en-news"])
    assert (selector.kind, selector.value) == (kind, value)


def test_a_prefix_stops_at_a_boundary(table):
    checks = sorted({r.check for r in table.values()})
    prefix = Selector.parse("zh-en-news/covid-new", table, checks, ["zh-en-news"])
    assert prefix.matches("zh-en-news/covid-new-crown", "glossary", "")
    assert not prefix.matches("zh-en-news/covid-newly", "glossary", "")
    with pytest.raises(tqa.TqaError, match="unknown rule code or selector 'numbers.mis'"):
        Selector.parse("numbers.mis", table, checks, ["zh-en-news"])


# --- selection on the command line -------------------------------------------------------------------------------

def test_select_takes_checks_and_glossaries(cli, pair):
    target, source = pair
    everything = rules_of(check_csv(cli, target, "--source", source))
    assert any(r.startswith("numbers.") for r in everything) and any(r.startswith("zh-en-news/") for r in everything)
    assert any(not r.startswith(("numbers.", "zh-en-news/")) for r in everything)
    chosen = rules_of(check_csv(cli, target, "--source", source, "--select", "numbers,zh-en-news"))
    assert chosen == [r for r in everything if r.startswith(("numbers.", "zh-en-news/"))]


def test_ignore_takes_a_category_in_any_case(cli):
    everything = check_csv(cli, SEED)
    rows = list(csv.DictReader(io.StringIO(everything.out)))
    assert any(row["category"].startswith("Style/") for row in rows)
    for spelling in ("Style", "style"):
        kept = list(csv.DictReader(io.StringIO(check_csv(cli, SEED, "--ignore", spelling).out)))
        assert kept == [row for row in rows if not row["category"].startswith("Style/")]


def test_the_more_specific_selector_wins_and_ignore_wins_a_tie(cli):
    every = rules_of(check_csv(cli, SEED))
    glossary_rules = {r for r in every if r.startswith("zh-en-news/")}
    assert "zh-en-news/wechat-official-account" in glossary_rules and len(glossary_rules) > 3
    # A code is more specific than its glossary: ignored or selected back, whichever way round. (Which
    # findings of other checks show can change: an ignored finding displaces none.)
    assert set(rules_of(check_csv(cli, SEED, "--select", "zh-en-news", "--ignore",
                                  "zh-en-news/wechat-official-account"))) == glossary_rules - {
        "zh-en-news/wechat-official-account"}
    kept = rules_of(check_csv(cli, SEED, "--ignore", "zh-en-news", "--extend-select",
                              "zh-en-news/wechat-official-account"))
    assert {r for r in kept if "/" in r} == {"zh-en-news/wechat-official-account"}
    # The default selection is less specific than any selector: --ignore Style drops the Style rules of every
    # check, and --extend-select brings one back.
    assert not [r for r in rules_of(check_csv(cli, SEED, "--ignore", "Style")) if r == "zh-en-news/involved-in-dabble"]
    assert "zh-en-news/involved-in-dabble" in rules_of(check_csv(cli, SEED, "--ignore", "Style", "--extend-select",
                                                                 "zh-en-news/involved-in-dabble"))
    # A tie: the same selector on both sides is ignored, and a run with no rule left is refused.
    run = cli("check", SEED, "--select", "punctuation", "--ignore", "punctuation")
    assert run.code == 2
    assert run.err_lines == ["tqa: no rule left to run (the selection leaves every check with nothing to report)"]


def test_a_bare_id_and_a_prefix_select_glossary_entries(cli):
    by_code = rules_of(check_csv(cli, SEED, "--ignore", "zh-en-news/wechat-official-account"))
    assert rules_of(check_csv(cli, SEED, "--ignore", "wechat-official-account")) == by_code
    pboc = {r for r in rules_of(check_csv(cli, SEED)) if r.startswith("zh-en-news/pboc-")}
    assert len(pboc) >= 2
    assert set(rules_of(check_csv(cli, SEED, "--select", "zh-en-news/pboc-"))) == pboc


def test_an_ignored_finding_displaces_no_other(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("It was posted on the official  micro-signal today.\n", encoding="utf-8")
    assert rules_of(check_csv(cli, path)) == ["zh-en-news/wechat-official-account"]
    assert rules_of(check_csv(cli, path, "--ignore", "zh-en-news")) == ["punctuation.doubled-space"]


def test_select_switches_on_a_check_that_is_off_by_default(cli, pair):
    target, source = pair
    run = cli("check", target, "--source", source, "--extend-select", "names", "--fail-on", "critical")
    assert "names" in run.out.rsplit("signature: ", 1)[1].split("|checks:")[1].split("|")[0].split(",")
    run = cli("check", target, "--source", source, "--select", "names", "--fail-on", "critical")
    assert "|checks:names|" in run.out


@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_an_unknown_selector_is_refused_with_the_close_matches(cli, option):
    run = cli("check", SEED, option, "numbrs")
    assert (run.code, run.out) == (2, "")
    assert run.err_lines == [f"tqa: {option}: unknown rule code or selector 'numbrs' (did you mean 'numbers'?)"]


def test_selection_goes_into_the_signature(cli):
    default = cli("check", SEED, "--fail-on", "critical").out
    assert "|rules:" not in default
    chosen = cli("check", SEED, "--ignore", "Style", "--severity-override", "punctuation=major",
                 "--fail-on", "critical").out
    assert "|rules:ignore=Style;severity=punctuation=major|" in chosen


# --- severity overrides ------------------------------------------------------------------------------------------

def test_a_severity_override_changes_the_severity_and_the_penalty(cli):
    before = list(csv.DictReader(io.StringIO(check_csv(cli, SEED).out)))
    after = list(csv.DictReader(io.StringIO(
        check_csv(cli, SEED, "--severity-override", "zh-en-news/wechat-official-account=minor").out)))
    changed = [(b["severity"], a["severity"], b["penalty"], a["penalty"]) for b, a in zip(before, after)
               if a["rule"] == "zh-en-news/wechat-official-account"]
    assert changed and all(c == ("major", "minor", "5.0", "1.0") for c in changed)
    assert [(b["rule"], b["severity"]) for b in before if b["rule"] != "zh-en-news/wechat-official-account"] == [
        (a["rule"], a["severity"]) for a in after if a["rule"] != "zh-en-news/wechat-official-account"]


def test_the_most_specific_override_wins():
    glossary = tqa.load_glossary(MINI)
    selection = RuleSelection.of(severity_overrides=["mini=critical", "mini/wechat-official-account=minor"])
    checks, policy, _ = plan(glossary, selection)
    text = "posted on the official micro-signal; the new crown vaccine"
    result = analyze_document(Document("a", text), glossary, checks=checks, policy=policy)
    assert [(f.rule, f.severity) for f in result.findings if f.check == "glossary"] == [
        ("mini/wechat-official-account", Severity.MINOR), ("mini/covid-new-crown", Severity.CRITICAL)]


def test_an_overridden_severity_decides_min_severity_and_the_gate(cli):
    critical = rules_of(cli("check", SEED, "--select", "zh-en-news", "--min-severity", "critical", "--format", "csv",
                            "--fail-on", "critical"))
    assert critical  # the seed has critical glossary findings…
    lowered = cli("check", SEED, "--select", "zh-en-news", "--min-severity", "critical", "--format", "csv",
                  "--fail-on", "critical", "--severity-override", "zh-en-news=minor")
    assert (lowered.code, rules_of(lowered)) == (0, [])  # …which an override lowers below --min-severity
    assert cli("check", SEED, "--select", "punctuation", "--fail-on", "critical").code == 0
    raised = cli("check", SEED, "--select", "punctuation", "--severity-override", "punctuation=critical",
                 "--fail-on", "critical")
    assert raised.code == 1


@pytest.mark.parametrize(("value", "message"), [
    ("numbers.mismatch", "tqa: --severity-override wants CODE=SEVERITY, not 'numbers.mismatch'"),
    ("numbers.mismatch=huge", "tqa: --severity-override numbers.mismatch: unknown severity 'huge' (expected minor, "
                              "major or critical)"),
    ("numbers.mismatsh=minor", "tqa: --severity-override: unknown rule code or selector 'numbers.mismatsh' (did you "
                               "mean 'numbers.mismatch'?)"),
])
def test_a_bad_severity_override_is_refused(cli, value, message):
    run = cli("check", SEED, "--severity-override", value)
    assert (run.code, run.err_lines) == (2, [message])


# --- the same options in fix and compare -------------------------------------------------------------------------

def test_fix_applies_only_the_selected_rules_fixes(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("It was posted on the official micro-signal; the new crown vaccine is here.\n", encoding="utf-8")
    run = cli("fix", path, "--ignore", "zh-en-news/covid-new-crown")
    assert run.out == "It was posted on the official WeChat account; the new crown vaccine is here.\n"
    run = cli("fix", path, "--rules", "covid-new-crown")
    assert run.out == "It was posted on the official micro-signal; the COVID-19 vaccine is here.\n"


def test_compare_takes_the_selection_too(cli, tmp_path):
    a, b = tmp_path / "a.en", tmp_path / "b.en"
    a.write_text("It was posted on the official micro-signal.\nThe the end.\n", encoding="utf-8")
    b.write_text("It was posted on the official WeChat account.\nThe end.\n", encoding="utf-8")
    run = cli("compare", a, b, "--select", "punctuation", "--format", "json")
    assert run.code == 0, run.err
    assert "rules:select=punctuation" in run.out


# --- tqa rules, tqa rule -----------------------------------------------------------------------------------------

def test_tqa_rules_lists_every_rule_or_those_a_selector_names(cli, table):
    run = cli("rules", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert [row["code"] for row in rows] == list(table)
    numbers = cli("rules", "numbers", "--format", "json")
    assert [r["code"] for r in json.loads(numbers.out)] == ["numbers.mismatch", "numbers.missing", "numbers.added"]
    text = cli("rules", "names")
    assert "names.not-romanized" in text.out and "(off by default)" in text.out


def test_tqa_rule_explains_one_rule(cli):
    run = cli("rule", "zh-en-news/wechat-official-account")
    assert run.code == 0
    out = run.out
    for expected in ("Terminology/Inappropriate for context", "major", "official micro-signal",
                     "official WeChat account", "官方微信号", "glossaries/zh-en-news.yaml:", "flagged",
                     "not flagged", "--ignore zh-en-news/wechat-official-account"):
        assert expected in out, expected
    assert cli("rule", "wechat-official-account").out == out  # the bare id names it too
    record = json.loads(cli("rule", "numbers.mismatch", "--format", "json").out)
    assert (record["check"], record["categories"], record["severities"]) == (
        "numbers", ["Accuracy/Mistranslation"], ["major", "critical"])


def test_tqa_rule_refuses_an_unknown_code_and_a_selector_of_many(cli):
    run = cli("rule", "zh-en-news/wechat-oficial-account")
    assert run.code == 2
    assert run.err_lines[0].startswith("tqa: unknown rule code or selector 'zh-en-news/wechat-oficial-account' "
                                       "(did you mean 'zh-en-news/wechat-official-account'")
    run = cli("rule", "numbers")
    assert run.code == 2 and "names 3 rules (numbers.mismatch, numbers.missing, numbers.added)" in run.err


# --- the API ---------------------------------------------------------------------------------------------------------

def test_plan_and_policy_from_python():
    glossary = tqa.load_glossary(MINI)
    checks, policy, rules = plan(glossary, RuleSelection.of(select="mini", ignore=["mini/covid-new-crown"]))
    assert [c.name for c in checks] == ["glossary"]
    document = Document("a", "the official micro-signal and the new crown", units=(
        Unit("1", 0, 43, source="官方微信号和新冠"),))
    result = analyze_document(document, glossary, checks=checks, policy=policy)
    assert [f.rule for f in result.findings] == ["mini/wechat-official-account"]
    checks, policy, _ = plan(glossary)
    assert policy is None and "glossary" in [c.name for c in checks]


def test_an_empty_select_is_refused(cli):
    run = cli("check", SEED, "--select", " , ")
    assert (run.code, run.err_lines) == (2, ["tqa: --select: no rule code given"])


def test_selecting_a_rule_of_a_switched_off_check_is_refused_and_checks_off_by_default_stay_selectable(cli):
    run = cli("check", SEED, "--no-check", "punctuation", "--extend-select", "punctuation.apostrophe")
    assert (run.code, run.err_lines) == (2, ["tqa: --extend-select: 'punctuation.apostrophe' belongs to the check "
                                             "'punctuation', which --no-check switches off"])
    run = cli("check", SEED, "--no-check", "nope", "--ignore", "Style")
    assert run.code == 2 and run.err_lines[0].startswith("tqa: unknown check 'nope'")
    # Every check on by default switched off, and one selected back that --no-check leaves: it runs.
    off = "glossary,residue,copies,language,tags,consistency,numbers,terms,omission"
    run = cli("check", SEED, "--no-check", off, "--select", "punctuation", "--format", "csv", "--fail-on", "none")
    assert run.code == 0 and "punctuation.apostrophe" in run.out
