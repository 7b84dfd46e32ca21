"""Term entries and term bases (issue 10, item 3).

- A **term entry** names source terms and the target renderings they accept (``source: [中国人民银行, 央行]``,
  ``target: [People's Bank of China, PBOC, central bank]``, the first preferred). It may also list known wrong
  renderings in ``match``, which the glossary check reports like any entry's phrases, with the preferred
  rendering as the suggestion. Without ``category``/``severity`` it is a major
  ``Terminology/Inappropriate for context`` error. Its self-tests are ``{source, target}`` pairs, validated now
  and run by the glossary and term checks as one-unit documents, at load time and by ``tqa glossary test``.
- A **TBX term base** (TBX 2/TBX-Basic through translate-toolkit; TBX v3 and ``ntig`` through lxml) loads as a
  glossary of term entries with ``-g terms.tbx``, and ``tqa glossary import terms.tbx -o terms.yaml`` writes
  the same entries as a YAML glossary to edit.
"""

from __future__ import annotations

import dataclasses
import textwrap

import pytest

import tqa
from helpers import FIXTURES, SHIPPED, glossary_checks, line_of, without_gate
from tqa.checks import known_rules
from tqa.glossary import Entry, TermExample
from tqa.model import Severity
from tqa.glossary_yaml import glossary_yaml

TERMS = FIXTURES / "terms"
TBX = TERMS / "news-terms.tbx"
TBX3 = TERMS / "news-terms-v3.tbx"
TERM_YAML = TERMS / "terms.yaml"
TERM = "Terminology/Inappropriate for context"


def portable(glossary: tqa.Glossary) -> list[Entry]:
    """The entries without where they were read from, to compare glossaries read from different files."""
    return [dataclasses.replace(e, file="", line=0, glossary="") for e in glossary.entries]


def problems_of(glossary, **options) -> list[str]:
    with pytest.raises(tqa.GlossaryError) as info:
        tqa.load_glossary(glossary, **options)
    return info.value.problems


def tbx(body: str, *, header: str = "") -> str:
    """A TBX-Basic (TBX 2) file around ``body``, the ``termEntry`` elements."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic-V1" xml:lang="en">\n'
            f"<martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc>{header}</martifHeader>\n"
            f"<text><body>\n{textwrap.dedent(body).strip()}\n</body></text>\n</martif>\n")


def concept(id_: str, **languages: str) -> str:
    """A termEntry with one tig per term; a term ``"text!deprecated"`` carries that administrative status."""
    sets = []
    for language, terms in languages.items():
        tigs = []
        for term in terms.split("|"):
            text, _, status = term.partition("!")
            note = (f'<termNote type="administrativeStatus">{status}Term-admn-sts</termNote>' if status else "")
            tigs.append(f"<tig><term>{text}</term>{note}</tig>")
        sets.append(f'<langSet xml:lang="{language.replace("_", "-")}">{"".join(tigs)}</langSet>')
    attribute = f' id="{id_}"' if id_ else ""
    return f"<termEntry{attribute}>{''.join(sets)}</termEntry>\n"


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- term entries in the glossary format ----------------------------------------------------------------------

def test_a_term_entry_holds_its_source_terms_and_the_renderings_they_accept():
    glossary = tqa.load_glossary(TERM_YAML)
    pboc, wechat, debt = glossary.entries
    assert pboc == Entry(
        id="pboc", source=("中国人民银行", "央行"), target=("People's Bank of China", "PBOC", "central bank"),
        match=("Central Bank of the Communist Party of China",),
        suggest=("People's Bank of China",),  # a known wrong rendering is replaced by the preferred one
        category=TERM, severity=Severity.MAJOR,  # a term entry's defaults
        note="中国人民银行 is a state organ, not a body of the Party.",
        bad=("On Friday, the Central Bank of the Communist Party of China released an article.",),
        good=("On Friday, the People's Bank of China released an article.",),
        file=str(TERM_YAML), line=line_of(TERM_YAML, "id: pboc"), glossary="terms",
    )
    assert (pboc.is_term, pboc.preferred, pboc.suggestion) == (True, "People's Bank of China", "People's Bank of China")
    assert (wechat.source, wechat.target, wechat.match, wechat.suggest) == (("官方微信号",), ("official WeChat account",),
                                                                          (), ())
    assert (wechat.category, wechat.severity) == (TERM, Severity.CRITICAL)
    assert (debt.source, debt.target, debt.category, debt.severity) == (
        ("共债",), ("joint debt",), "Accuracy/Mistranslation", Severity.MAJOR)


@pytest.mark.parametrize("sheet", ["terms.csv", "terms.tsv"])
def test_csv_and_tsv_term_entries_load_like_the_yaml(sheet):
    # In a spreadsheet, `target` is one more column; its renderings are joined with "|" like `source` and `match`.
    yaml_glossary, sheet_glossary = tqa.load_glossary(TERM_YAML), tqa.load_glossary(TERMS / sheet)
    assert portable(sheet_glossary) == portable(yaml_glossary)
    assert (sheet_glossary.name, sheet_glossary.version, sheet_glossary.source_language) == ("terms", "2", "zh")


def test_term_entries_do_not_confuse_the_matcher():
    # A term entry without `match` has no phrases: the glossary check finds nothing for it, whatever the text
    # says; only the known wrong rendering of the pboc entry is reported.
    glossary = tqa.load_glossary(TERM_YAML)
    text = ("The People's Bank of China (PBOC) posted it on its official WeChat account: joint debt is a risk. "
            "The Central Bank of the Communist Party of China agreed; 官方微信号 and 共债 appear too.")
    result = tqa.analyze(text, glossary, checks=glossary_checks())
    assert [(f.text, f.rule, f.suggestion, f.severity) for f in result.findings] == [
        ("Central Bank of the Communist Party of China", "terms/pboc", "People's Bank of China", Severity.MAJOR)]
    assert glossary.matcher.key_count == 1
    # The glossary check's rules are the entries with `match`; every term entry's rule is the term check's too.
    ids = {"terms/pboc", "terms/wechat-official-account", "terms/joint-debt"}
    assert [rule for rule in known_rules(glossary, glossary_checks()) if rule in ids] == ["terms/pboc"]
    assert [rule for rule in known_rules(glossary) if rule in ids] == [
        "terms/pboc", "terms/wechat-official-account", "terms/joint-debt"]


WORDLESS = 'China, "-"'
EMPTY_TARGET = 'target: ""'


def test_every_problem_of_a_term_entry_is_one_line_at_its_line(write_glossary):
    path = write_glossary("""
        - id: no-source
          target: [People's Bank of China]
        - id: empty-target
          source: [央行]
          target: []
        - id: wordless
          source: [央行]
          target: [People's Bank of China, "-"]
        - id: source-only
          source: [央行]
          category: Other
          severity: minor
        - id: narrowed
          source: [微信号]
          target: [WeChat account]
          suggest: WeChat account
          when: 'WeChat'
          autofix: true
        - id: text-examples
          source: [共债]
          target: [joint debt]
          examples:
            bad: ["The risk of common debt should be controlled."]
    """)
    assert problems_of(path) == [
        f"{path}:{line_of(path, 'target: [People')}: no-source: a term entry needs its source term(s) in 'source'",
        f"{path}:{line_of(path, 'target: []')}: empty-target: 'target' is empty",
        f"{path}:{line_of(path, WORDLESS)}: wordless: target term '-' has no words to look for",
        f"{path}:{line_of(path, 'id: source-only')}: source-only: missing 'match' (or 'regex'), or 'target' for a "
        "term entry",
        f"{path}:{line_of(path, 'suggest: WeChat')}: narrowed: 'suggest' is for 'match'/'regex'; a term entry's "
        "suggestion is its first 'target'",
        f"{path}:{line_of(path, 'when:')}: narrowed: 'when' is for 'match'/'regex', which this term entry does not "
        "have (the term check looks at the unit's source instead)",
        f"{path}:{line_of(path, 'autofix:')}: narrowed: 'autofix' is for 'match'/'regex': a term missing from a "
        "translation cannot be put in automatically",
        f"{path}:{line_of(path, 'bad: [')}: text-examples: a term entry without 'match' or 'regex' has nothing to "
        "find in a text: give its examples as {source, target} pairs",
    ]


def test_a_term_entry_whose_match_finds_its_own_accepted_rendering_is_refused(write_glossary):
    # "Bank of China" is another bank (中国银行); listed as wrong for 中国人民银行 it would flag every correct
    # "People's Bank of China".
    path = write_glossary("""
        - id: pboc
          source: [中国人民银行]
          target: [People's Bank of China]
          match: [Bank of China]
    """)
    assert problems_of(path) == [
        f"{path}:{line_of(path, 'id: pboc')}: pboc: its 'match' finds 'Bank of China' in its own accepted rendering "
        "\"People's Bank of China\": a correct translation would be reported"]


def test_example_pairs_are_validated_at_their_lines(write_glossary):
    path = write_glossary("""
        - id: joint-debt
          source: [共债]
          target: [joint debt]
          examples:
            bad:
              - {source: 共债风险应得到控制。}
              - {source: 债务风险, target: the risk of debt}
              - {source: 共债风险, target: the risk of common debt, note: literal}
            good:
              - {source: 共债风险, target: ""}
        - id: common-debt
          match: [common debt]
          suggest: joint debt
          category: Accuracy/Mistranslation
          severity: major
          examples:
            bad: [{source: 共债风险, target: the risk of common debt}]
    """)
    assert problems_of(path) == [
        f"{path}:{line_of(path, '控制。}')}: joint-debt: an example pair needs 'target'",
        f"{path}:{line_of(path, '债务风险')}: joint-debt: the source of an example pair, '债务风险', holds none of the "
        "entry's source terms (共债)",
        f"{path}:{line_of(path, 'note: literal')}: joint-debt: unknown field 'note' in an example pair (use source, "
        "target)",
        f"{path}:{line_of(path, EMPTY_TARGET)}: joint-debt: the target of an example pair must be non-empty text",
        f"{path}:{line_of(path, 'bad: [{')}: common-debt: an example pair needs source terms in the entry's 'source'",
    ]


PAIRS = """
    - id: joint-debt
      source: [共债]
      target: [joint debt]
      examples:
        bad: [{source: 共债风险应得到有效控制。, target: The risk of common debt should be effectively controlled.}]
        good: [{source: 共债风险应得到有效控制。, target: The risk of joint debt should be effectively controlled.}]
    - id: pboc
      source: [中国人民银行, 央行]
      target: [People's Bank of China, PBOC]
      match: [Central Bank of the Communist Party of China]
      examples:
        bad: ["The Central Bank of the Communist Party of China released an article."]
        good:
          - The People's Bank of China released an article.
          - {source: 央行发布了一篇文章。, target: The PBOC released an article.}
"""


def test_example_pairs_are_kept_with_their_kind_and_line(write_glossary):
    path = write_glossary(PAIRS)
    debt, pboc = tqa.load_glossary(path).entries
    assert debt.pairs == (
        TermExample("bad", "共债风险应得到有效控制。", "The risk of common debt should be effectively controlled."),
        TermExample("good", "共债风险应得到有效控制。", "The risk of joint debt should be effectively controlled."),
    )
    assert [p.line for p in debt.pairs] == [line_of(path, "bad: [{"), line_of(path, "good: [{")]
    # Text examples (run now, against `match`) and pairs (run by the term check) side by side.
    assert (pboc.bad, pboc.good) == (("The Central Bank of the Communist Party of China released an article.",),
                                     ("The People's Bank of China released an article.",))
    assert pboc.pairs == (TermExample("good", "央行发布了一篇文章。", "The PBOC released an article."),)


def test_glossary_test_runs_example_pairs(write_glossary, cli):
    # The term check runs them (tests/test_check_terms.py has the failures); they count beside the text examples.
    path = write_glossary(PAIRS)
    run = cli("glossary", "test", path)
    assert (run.code, run.out) == (0, "2 examples and 3 example pairs (source → target) in 2 entries: all passed\n")
    run = cli("glossary", "validate", path)
    assert (run.code, run.out) == (0, "ok: test version 1: 2 entries, 2 examples and 3 example pairs (source → "
                                      "target) pass\n")
    assert tqa.glossary.pending_pairs(tqa.load_glossary(path)) == []


def test_glossary_stats_counts_term_entries_as_their_own_kind(cli):
    run = cli("glossary", "stats", TERM_YAML)
    assert run.code == 0
    assert run.out.splitlines()[0] == (
        "terms version 2: 3 entries (0 literal, 0 regex, 3 term: 4 source terms, 5 accepted renderings, 1 with known "
        "wrong renderings), 1 phrases, 1 automaton keys, 0 with when/unless, 0 autofix, 2 examples")


# --- TBX term bases -------------------------------------------------------------------------------------------

def test_a_tbx_term_base_loads_as_a_glossary_of_term_entries():
    glossary = tqa.load_glossary(TBX)
    assert (glossary.name, glossary.version, glossary.source_language, glossary.language) == ("news-terms", "3", "zh",
                                                                                             "en")
    assert glossary.description == ("Chinese news terms (zh-en): Terms of Chinese financial and public-health news, "
                                    "with the renderings machine translation gets wrong.")
    # Source terms: every zh term, preferred first. Target: preferred, then admitted and unmarked terms in file
    # order. Match: the deprecated en terms. The id: the concept's id, slugified (else the preferred term's).
    assert [(e.id, e.source, e.target, e.match) for e in glossary.entries] == [
        ("pboc", ("中国人民银行", "央行", "中共央行"), ("People's Bank of China", "PBOC", "central bank"),
         ("Central Bank of the Communist Party of China", "CPC Central Bank")),
        ("wechat-official-account", ("官方微信号",), ("official WeChat account",), ("official micro-signal",)),
        ("covid-19", ("新冠肺炎", "新型冠状病毒肺炎"), ("COVID-19",), ("new crown pneumonia", "new coronary pneumonia")),
        ("joint-debt", ("共债",), ("joint debt",), ("common debt",)),
        ("research-group", ("课题组",), ("research group", "project team"), ("subject group",)),
        ("makeshift-hospital", ("方舱医院",), ("makeshift hospital", "Fangcang hospital"), ("square cabin hospital",)),
        ("ministry_of_commerce", ("商务部",), ("Ministry of Commerce", "MOFCOM"), ()),
        ("xinhua", ("新华社",), ("Xinhua News Agency", "Xinhua"), ()),
        ("state-council", ("国务院",), ("State Council",), ()),
        ("macroprudential-management", ("宏观审慎管理",), ("macroprudential management", "macro-prudential management"),
         ()),
    ]
    pboc = glossary.entries[0]
    assert (pboc.suggestion, pboc.category, pboc.severity, pboc.autofix) == ("People's Bank of China", TERM,
                                                                             Severity.MAJOR, False)
    assert pboc.note == "The central bank of the People's Republic of China, a state organ."
    # The TBX's context sentences of the en terms are the examples: deprecated → bad, accepted → good.
    assert (pboc.bad, pboc.good) == (
        ("On Friday, the Central Bank of the Communist Party of China released an article.",
         "The article was posted on the official account of the CPC Central Bank."),
        ("The People's Bank of China cut the reserve requirement ratio.",))
    # Problems are reported at the lines of the TBX: each entry is where its concept is.
    assert (pboc.file, pboc.line) == (str(TBX), line_of(TBX, '<termEntry id="pboc">'))
    assert glossary.skipped == (f"{TBX}:{line_of(TBX, 'consumer-protection-bureau')}: concept "
                                "consumer-protection-bureau: no en term",)


def test_the_tbx_v3_twin_gives_the_same_glossary():
    # translate-toolkit reads TBX 2 (martif) only; TBX v3 (tbx, conceptEntry, langSec, termSec) is read with lxml.
    v2, v3 = tqa.load_glossary(TBX), tqa.load_glossary(TBX3)
    assert portable(v3) == portable(v2)
    assert (v3.name, v3.version, v3.language, v3.source_language, v3.description) == (
        "news-terms-v3", "3", "en", "zh", v2.description)


def test_the_imported_term_base_passes_its_self_tests(tmp_path, cli):
    out = tmp_path / "terms.yaml"
    run = cli("glossary", "import", TBX, "-o", out)
    assert (run.code, run.out) == (0, "")
    assert run.err_lines == [
        f"tqa: skipped: {TBX}:{line_of(TBX, 'consumer-protection-bureau')}: concept consumer-protection-bureau: "
        "no en term",
        "tqa: news-terms.tbx (zh → en): 10 term entries, 6 with known wrong renderings; 1 concept skipped (without "
        f"terms in both languages or with deprecated terms only); written to {out}",
    ]
    run = cli("glossary", "test", out)
    assert run.code == 0
    assert run.out.splitlines()[-1] == "10 examples in 10 entries: all passed"


def test_g_terms_tbx_gives_the_same_entries_as_the_imported_yaml(tmp_path, cli):
    out = tmp_path / "terms.yaml"
    assert cli("glossary", "import", TBX, "-o", out).code == 0
    direct, imported = tqa.load_glossary(TBX), tqa.load_glossary(out)
    assert portable(imported) == portable(direct)
    assert ((imported.name, imported.version, imported.language, imported.source_language, imported.description)
            == (direct.name, direct.version, direct.language, direct.source_language, direct.description))
    text = tmp_path / "article.txt"
    text.write_text("Patients with new crown pneumonia were moved to a square cabin hospital.\n", encoding="utf-8")
    by_tbx, by_yaml = (cli("check", "-g", g, "--format", "csv", "--only-check", "glossary", text) for g in (TBX, out))
    assert by_tbx.code == by_yaml.code == 1  # two major findings: the default gate fails
    assert without_gate(by_tbx.err).startswith("tqa: warning: 1 concept(s) of the term base skipped")
    assert without_gate(by_yaml.err) == ""
    assert by_tbx.out == by_yaml.out and by_tbx.out.count("\n") == 3  # the header and two findings


@pytest.mark.parametrize("glossary", [SHIPPED, TERM_YAML, TERMS / "terms.csv", TBX],
                         ids=["zh-en-news", "terms.yaml", "terms.csv", "news-terms.tbx"])
def test_a_glossary_written_as_yaml_loads_into_the_same_entries(tmp_path, glossary):
    loaded = tqa.load_glossary(glossary)
    path = write(tmp_path, "again.yaml", glossary_yaml(loaded))
    again = tqa.load_glossary(path)
    assert portable(again) == portable(loaded)
    assert [dataclasses.replace(g, file="", line=0) for g in again.consistent] == [
        dataclasses.replace(g, file="", line=0) for g in loaded.consistent]
    assert ((again.name, again.version, again.language, again.source_language, again.description)
            == (loaded.name, loaded.version, loaded.language, loaded.source_language, loaded.description))


def test_the_yaml_of_an_imported_term_base_round_trips(tmp_path, cli):
    # load → import → load, twice: the second YAML is the first one, byte for byte.
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    assert cli("glossary", "import", TBX, "-o", first).code == 0
    assert cli("glossary", "import", first, "-o", second).code == 0
    assert portable(tqa.load_glossary(second)) == portable(tqa.load_glossary(TBX))
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8").replace(
        "from news-terms.tbx.", "from first.yaml.")


def test_import_writes_a_yaml_a_person_can_edit(tmp_path, cli):
    out = tmp_path / "terms.yaml"
    assert cli("glossary", "import", TBX, "-o", out).code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# news-terms: written by tqa ")
    assert textwrap.indent(textwrap.dedent("""\
        - id: wechat-official-account
          source: [官方微信号]
          target: [official WeChat account]
          match: [official micro-signal]
          category: Terminology/Inappropriate for context
          severity: major
          note: An account that an organisation publishes news through on WeChat.
          autofix: false
          examples:
            bad:
            - The article was posted on the official micro-signal of the central bank.
            good:
            - The article was posted on the official WeChat account of the central bank.
        """), "  ") in text


def test_import_writes_to_stdout_without_o(cli):
    run = cli("glossary", "import", TBX)
    assert run.code == 0
    assert "  - id: state-council\n    source: [国务院]\n    target: [State Council]\n" in run.out
    assert run.err_lines[-1].endswith("; written to stdout")


def test_import_refuses_to_overwrite_its_input(tmp_path, cli):
    copy = write(tmp_path, "terms.tbx", TBX.read_text(encoding="utf-8"))
    run = cli("glossary", "import", copy, "-o", copy)
    assert (run.code, run.err_lines) == (2, [f"tqa: {copy}: is also an input; refusing to overwrite it (write the "
                                             "YAML glossary to another file)"])
    assert copy.read_bytes() == TBX.read_bytes()


def test_language_options_are_for_term_bases_only(cli):
    run = cli("glossary", "import", TERM_YAML, "--source-lang", "zh")
    assert (run.code, run.err_lines) == (2, [f"tqa: {TERM_YAML}: --source-lang and --target-lang choose the "
                                             "languages of a TBX term base; this is a yaml glossary"])


# --- languages ------------------------------------------------------------------------------------------------

THREE_LANGUAGES = tbx(concept("pboc", zh="中国人民银行", en="People's Bank of China", de="Chinesische Volksbank")
                      + concept("xinhua", zh="新华社", en="Xinhua News Agency"))


def test_a_term_base_of_three_languages_needs_the_source_named(tmp_path, cli):
    path = write(tmp_path, "three.tbx", THREE_LANGUAGES)
    assert problems_of(path) == [f"{path}: cannot tell the source language: the term base holds zh, en, de; name "
                                 "the source and the target (tqa glossary import three.tbx --source-lang LANG "
                                 "--target-lang LANG)"]
    # English is the target when the file has it: naming the source is enough.
    out = tmp_path / "de.yaml"
    run = cli("glossary", "import", path, "--source-lang", "de", "-o", out)
    assert run.code == 0
    assert "concept xinhua: no de term" in run.err
    glossary = tqa.load_glossary(out)
    assert [(e.id, e.source, e.target) for e in glossary.entries] == [
        ("pboc", ("Chinesische Volksbank",), ("People's Bank of China",))]
    assert (glossary.source_language, glossary.language) == ("de", "en")
    # And the languages can be the other way round.
    glossary = tqa.load_glossary(path, term_base_languages=("en", "zh"))
    assert [(e.id, e.source, e.target) for e in glossary.entries] == [
        ("pboc", ("People's Bank of China",), ("中国人民银行",)), ("xinhua", ("Xinhua News Agency",), ("新华社",))]


def test_two_languages_neither_english_need_the_target_named(tmp_path):
    path = write(tmp_path, "zh-de.tbx", tbx(concept("pboc", zh="中国人民银行", de="Chinesische Volksbank")))
    assert problems_of(path) == [f"{path}: cannot tell the target language: the term base holds zh, de, and none "
                                 "is English; name the source and the target (tqa glossary import zh-de.tbx "
                                 "--source-lang LANG --target-lang LANG)"]
    glossary = tqa.load_glossary(path, term_base_languages=(None, "de"))
    assert (glossary.source_language, glossary.language, glossary.entries[0].target) == ("zh", "de",
                                                                                         ("Chinesische Volksbank",))


def test_a_language_without_a_region_takes_every_variant(tmp_path):
    # en takes en-US and en-GB terms alike; en-GB only those.
    path = write(tmp_path, "variants.tbx", tbx(concept("organization", zh_CN="组织", en_US="organization",
                                                       en_GB="organisation")))
    assert tqa.load_glossary(path).entries[0].target == ("organization", "organisation")
    glossary = tqa.load_glossary(path, term_base_languages=("zh", "en-GB"))
    assert (glossary.entries[0].target, glossary.language) == (("organisation",), "en-GB")


def test_a_term_base_without_the_pair_of_languages_is_refused(tmp_path, cli):
    # zh and en terms, but never in one concept: nothing to make a term entry of.
    apart = write(tmp_path, "apart.tbx", tbx(concept("a", zh="中国人民银行") + concept("b", en="State Council")))
    run = cli("glossary", "import", apart, "-o", tmp_path / "out.yaml")
    assert (run.code, run.err_lines) == (2, [f"{apart}:2: no concept has terms in both zh and en (2 concepts "
                                             "skipped)"])
    assert not (tmp_path / "out.yaml").exists()
    # A language the file does not have.
    run = cli("glossary", "import", TBX, "--source-lang", "ja")
    assert (run.code, run.err_lines) == (2, [f"{TBX}: the term base has no ja terms (its languages: zh, en)"])
    # One language only.
    one = write(tmp_path, "one.tbx", tbx(concept("a", en="State Council")))
    assert problems_of(one) == [f"{one}: the term base has terms in one language only (en): term entries need a "
                                "source and a target language"]
    run = cli("glossary", "import", TBX, "--source-lang", "chinese")
    assert run.err_lines == [f"{TBX}: the source language 'chinese' is not a language code such as zh, en or "
                             "zh-Hans (did you mean 'zh'?)"]


# --- what a term base holds, and how it maps --------------------------------------------------------------------

def test_ntig_terms_and_superseded_terms_are_read(tmp_path):
    # translate-toolkit's tbxunit reads <tig> only; <ntig> (term, status in a termGrp) is read with lxml.
    path = write(tmp_path, "ntig.tbx", tbx("""
        <termEntry id="covid">
          <langSet xml:lang="zh"><ntig><termGrp><term>新冠肺炎</term></termGrp></ntig></langSet>
          <langSet xml:lang="en">
            <ntig><termGrp><term>novel coronavirus pneumonia</term>
              <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termGrp></ntig>
            <ntig><termGrp><term>COVID-19</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig>
          </langSet>
        </termEntry>
    """))
    (entry,) = tqa.load_glossary(path).entries
    assert (entry.source, entry.target, entry.match) == (("新冠肺炎",), ("COVID-19",), ("novel coronavirus pneumonia",))


def test_concept_ids_are_slugified_and_made_unique(tmp_path):
    path = write(tmp_path, "ids.tbx", tbx(
        concept("Central Bank", zh="中国人民银行", en="People's Bank of China")
        + concept("central-bank", zh="央行", en="central bank")
        + concept("中国", zh="中国", en="China")
        + concept("", zh="国务院", en="State Council")
        + concept("", zh="中华", en="中华")))
    assert [e.id for e in tqa.load_glossary(path, term_base_languages=("zh", "en")).entries] == [
        "central-bank", "central-bank-2", "china", "state-council", "concept-5"]


def test_a_deprecated_term_of_two_concepts_stays_with_the_first(tmp_path, cli):
    # One phrase can suggest one replacement: the second concept's copy is dropped, and import says so.
    path = write(tmp_path, "twice.tbx", tbx(
        concept("covid-virus", zh="新冠病毒", en="coronavirus!preferred|new crown!deprecated")
        + concept("covid-19", zh="新冠肺炎", en="COVID-19!preferred|new crown!deprecated")))
    covid_virus, covid_19 = tqa.load_glossary(path).entries
    assert (covid_virus.match, covid_19.match) == (("new crown",), ())
    run = cli("glossary", "import", path)
    assert run.err_lines[0] == (f"tqa: note: {path}:{line_of(path, '新冠肺炎')}: concept covid-19: the deprecated term 'new crown' is already "
                                "a known wrong rendering of entry 'covid-virus'; it is listed there only")


def test_a_concept_with_deprecated_target_terms_only_is_skipped(tmp_path):
    path = write(tmp_path, "deprecated.tbx", tbx(
        concept("pboc", zh="中国人民银行", en="People's Bank of China")
        + concept("micro", zh="微信号", en="micro-signal!deprecated")))
    glossary = tqa.load_glossary(path)
    assert [e.id for e in glossary.entries] == ["pboc"]
    assert glossary.skipped == (f"{path}:{line_of(path, '微信号')}: concept micro: every en term is deprecated",)


def test_a_contradiction_in_a_term_base_is_reported_at_its_tbx_line(tmp_path, cli):
    path = write(tmp_path, "contradiction.tbx", tbx(
        concept("state-council", zh="国务院", en="State Council")
        + concept("pboc", zh="中国人民银行", en="People's Bank of China!preferred|Bank of China!deprecated")))
    text = write(tmp_path, "article.txt", "The People's Bank of China cut rates.\n")
    run = cli("check", "-g", path, text)
    assert (run.code, run.err_lines) == (2, [
        f"{path}:{line_of(path, '中国人民银行')}: pboc: its 'match' finds 'Bank of China' in its own accepted rendering \"People's Bank of China\": "
        "a correct translation would be reported"])


# --- bad TBX files --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, problem", [
    (tbx(concept("a", zh="国务院", en="State Council")).replace("</body>", ""),
     "6: not well-formed XML: Opening and ending tag mismatch: body line 4 and text"),
    ("", "1: not well-formed XML: no element found"),
    ('<?xml version="1.0"?>\n<xliff version="1.2"><file/></xliff>\n',
     "2: not a TBX term base: the root element is <xliff>, not <martif> (TBX 2, TBX-Basic) or <tbx> (TBX v3)"),
])
def test_a_malformed_tbx_is_one_line_and_exit_2(tmp_path, cli, text, problem):
    path = write(tmp_path, "bad.tbx", text)
    article = write(tmp_path, "article.txt", "The State Council met.\n")
    for run in (cli("check", "-g", path, article), cli("glossary", "import", path)):
        assert (run.code, run.out, run.err_lines) == (2, "", [f"{path}:{problem}"])


def test_a_tbx_of_binary_bytes_is_one_line(tmp_path, cli):
    path = tmp_path / "binary.tbx"
    path.write_bytes(bytes(range(256)) * 4)
    run = cli("glossary", "validate", path)
    assert run.code == 2 and len(run.err_lines) == 1
    assert run.err_lines[0].startswith(f"{path}:1: not well-formed XML: ")


@pytest.mark.parametrize("version", ["TBX 2", "TBX v3"])
def test_external_entities_in_a_tbx_are_never_read(tmp_path, version):
    secret = write(tmp_path, "secret.txt", "TOP SECRET")
    text = tbx(concept("a", zh="国务院", en="State Council&xxe;"))
    if version == "TBX v3":
        for old, new in (("martifHeader", "tbxHeader"), ("termEntry", "conceptEntry"), ("langSet", "langSec"),
                         ("tig>", "termSec>"), ("martif", "tbx")):
            text = text.replace(old, new)
    root = "martif" if version == "TBX 2" else "tbx"
    path = write(tmp_path, "xxe.tbx", text.replace(
        f"<{root} ", f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">]>\n<{root} ', 1))
    (entry,) = tqa.load_glossary(path).entries
    assert entry.target == ("State Council",)


def test_a_term_base_copied_elsewhere_names_its_new_path(tmp_path):
    # The validated glossary is cached by content; what it skipped is reported at the file loaded this time.
    first, second = tmp_path / "a" / TBX.name, tmp_path / "b" / TBX.name
    for copy in (first, second):
        copy.parent.mkdir()
        copy.write_bytes(TBX.read_bytes())
    line = line_of(TBX, "consumer-protection-bureau")
    for copy in (first, second):
        glossary = tqa.load_glossary(copy)
        assert glossary.skipped == (f"{copy}:{line}: concept consumer-protection-bureau: no en term",)
        assert glossary.entries[0].file == str(copy)


def test_a_language_set_without_terms_is_not_a_language_of_the_term_base(tmp_path):
    # Tools export empty placeholders for languages nobody has filled in yet; they make nothing ambiguous.
    path = write(tmp_path, "placeholder.tbx", tbx(concept("state-council", zh="国务院", en="State Council").replace(
        "</termEntry>", '<langSet xml:lang="de"><tig><term></term></tig></langSet></termEntry>')))
    glossary = tqa.load_glossary(path)
    assert (glossary.source_language, glossary.language, glossary.entries[0].target) == ("zh", "en",
                                                                                         ("State Council",))
