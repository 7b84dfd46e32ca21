"""The term check (issue 11, check 2): with a source, a glossary term must come out as one of its renderings.

A **term entry** names ``source`` terms and the ``target`` renderings they accept. In a unit whose source holds
one of its terms (a case-folded substring; where two terms overlap the longer wins) and whose target holds none
of the renderings (matched as glossary phrases are: whole words, any case, hyphen and space variants, plurals,
either apostrophe), the unit gets one finding: the entry's id as the rule, its category and severity, the
source span of the first occurrence, the preferred rendering as the suggestion, never an autofix. A known wrong
rendering is the glossary check's finding, not the term check's. ``terms.inconsistent``: one source term
rendered with two different renderings of the same kind in one document. ``when_source`` makes an error entry
fire only where the source has (``present``) or lacks (``absent``) its source terms; a term entry's ``match`` is
``present``. Example pairs run as one-unit documents at load time.

The sentences are real: the WMT22 zh-en dev source with a reference or a system output (tests/fixtures/terms/
README.md), each marked with its line.
"""

from __future__ import annotations

import dataclasses
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tqa
from helpers import FIXTURES, bare, line_of
from tqa.checks import known_rules
from tqa.checks.glossary import GlossaryCheck
from tqa.checks.terms import TermCheck
from tqa.glossary_yaml import glossary_yaml
from tqa.model import Document, Severity
from tqa.pipeline import analyze_document
from tqa.readers import UnitText, units_document

TERMS = FIXTURES / "terms"
DEV = TERMS / "dev-terms.yaml"
TERM = "Terminology/Inappropriate for context"
INCONSISTENT = "Terminology/Inconsistent use of terminology"


@pytest.fixture(scope="module")
def dev() -> tqa.Glossary:
    """``tests/fixtures/terms/dev-terms.yaml``: 30 term entries for names of the WMT22 dev source, and
    ``prnewswire-added`` (``when_source: absent``)."""
    return tqa.load_glossary(DEV)


def bilingual(*pairs: tuple[str | None, str]) -> Document:
    """A document of units ``(source, target)``, ids 1, 2, … (a source of None: a unit without one)."""
    return units_document("doc.tsv", [UnitText(str(n), target, source) for n, (source, target) in enumerate(pairs, 1)],
                          format="tsv")


def findings(document: Document, glossary, checks=None) -> list[tqa.Finding]:
    """The findings of the glossary and term checks (or ``checks``), each checked against the document."""
    result = analyze_document(document, glossary, checks=checks or [GlossaryCheck(), TermCheck()])
    for f in result.findings:
        assert f.text == document.text[f.start:f.end]
    return list(result.findings)


def summary(document: Document, glossary, checks=None) -> list[tuple]:
    """(unit, rule, target text, source text of the source span, suggestion) of every finding."""
    units = {u.id: u for u in document.units}
    return [(f.unit, bare(f.rule), f.text, units[f.unit].source[f.source_start:f.source_end]
             if f.source_start is not None else None, f.suggestion) for f in findings(document, glossary, checks)]


# --- a term left out ------------------------------------------------------------------------------------------

# WMT22 line 611, NiuTrans: the agency of the dateline became a press-release wire.
XINHUA_SOURCE = "新华社北京12月11日电 12月11日，国家主席习近平向2021年大湾区科学论坛致贺信。"
XINHUA_NIUTRANS = ("BEIJING, Dec. 11/PRNewswire/--On December 11, Chinese President Xi Jinping sent a congratulatory "
                   "letter to the 2021 GBA Science Forum.")


def test_a_term_the_target_leaves_out_is_one_finding_about_the_source(dev):
    document = bilingual((XINHUA_SOURCE, XINHUA_NIUTRANS))
    (term, added) = findings(document, dev)
    assert (term.rule, term.check, term.category, term.severity, term.unit) == (
        "dev-terms/xinhua", "terms", TERM, Severity.MAJOR, "1")
    # The finding is about the source: its span there; in the target, an empty span at the unit's start.
    assert (term.source_start, term.source_end, term.start, term.end, term.text) == (0, 3, 0, 0, "")
    assert (term.suggestion, term.autofix) == ("Xinhua News Agency", False)
    assert term.message == ('source term "新华社" is not rendered: the target has none of "Xinhua News Agency" or '
                            '"Xinhua"')
    # The wire the system put in is an error entry conditioned on the source (below): 美通社 is not there.
    assert (bare(added.rule), added.check, added.text) == ("prnewswire-added", "glossary", "PRNewswire")
    # 北京 (BEIJING, any case) and 习近平 (Xi Jinping) are rendered: nothing to say about them.


@pytest.mark.parametrize("line, system, source, target, rule, term", [
    # 习近平 deleted: two mentions, one finding at the first.
    (928, "AISP-SJTU", "这些成绩的取得，是以习近平同志为核心的党中央坚强领导的结果，是习近平新时代中国特色社会主义思想科学指引的结果",
     "These achievements are the result of the strong leadership of the CPC Central Committee with Comrade 　 as the "
     "core, the scientific guidance of 　 's socialism with Chinese characteristics in the new era",
     "xi-jinping", "习近平"),
    # 微信同步 ("the same number on WeChat") left out.
    (1510, "Lan-Bridge", "我是支雲餐厅“小雲”我们的电话是18912251735微信同步，期待与再此你相遇",
     'I am "Xiao Yun" of Zhiyun Restaurant. Our phone number is 18912251735. We are looking forward to meeting you '
     "again.", "wechat", "微信"),
    # 美国证监会 is the SEC, not a "Securities Regulatory Commission" (and, being the longer term, not 美国 + 证监会).
    (681, "DLUT", "10月12日，美国证监会八年来首次批准ProShares公司推出比特币ETF",
     "On October 12, the U.S. Securities Regulatory Commission approved the launch of a Bitcoin ETF by ProShares for "
     "the first time in eight years", "us-sec", "美国证监会"),
    # The whole clause on 习近平总书记 is gone (and so is the General Secretary, another finding).
    (276, "Online-Y", "深入学习贯彻党的十九届六中全会精神，学习贯彻习近平总书记对湖南重要讲话重要指示批示精神",
     "in-depth study and implementation of the spirit of the 6th Plenary Session of the 19th CPC Central Committee",
     "xi-jinping", "习近平"),
], ids=["928-AISP-SJTU", "1510-Lan-Bridge", "681-DLUT", "276-Online-Y"])
def test_terms_left_out_by_real_mt_are_found(dev, line, system, source, target, rule, term):
    document = bilingual((source, target))
    (finding,) = [f for f in findings(document, dev) if bare(f.rule) == rule]
    first = source.index(term)  # the first of its occurrences
    assert (finding.check, finding.source_start, finding.source_end) == ("terms", first, first + len(term))
    if rule == "xi-jinping":
        assert finding.severity == Severity.CRITICAL  # the entry's own severity


@pytest.mark.parametrize("line, who, source, target", [
    (463, "ref.A", "她身前另一块木板上写有其银行账号与微信、支付宝账号等。",
     "there was another plank in front of her which has the bank account, WeChat account and Alipay account on it."),
    (1019, "ref.A", "48小时核酸阴性、设“缓冲区 ” 国务院联防联控机制发文要求加强口岸城市疫情防控",
     'Negative nucleic acid test result within 48 hours and setting up a "buffer zone", the State Council joint '
     "prevention and control mechanism issued a document to strengthen epidemic prevention and control in port cities"),
    # A curly apostrophe is an apostrophe: "People’s Congress" is "People's Congress".
    (1196, "ref.A", "省人大常委会副主任叶红专出席开幕式。",
     "Ye Hongzhuan, deputy director of the Standing Committee of Provincial People’s Congress, attended the opening "
     "ceremony."),
    # The longest term wins: 美国证监会 is rendered, so neither 美国 nor 证监会 is looked for on its own.
    (681, "ref.A", "10月12日，美国证监会八年来首次批准ProShares公司推出比特币ETF",
     "On October 12, the Securities and Exchange Commission of the United States approved the launch of bitcoin ETF "
     "by ProShares company"),
    # Any case and a hyphen for a space: "BEIJING", "Xinhua"; a plural of the last word.
    (1485, "Online-A", "新华社北京12月12日电", "Beijing, 12 Dec (Xinhua) --"),
    (None, "", "两岸三地的微信用户", "WeChats of users across the Strait"),
], ids=["463-ref.A", "1019-ref.A", "1196-ref.A", "681-ref.A", "1485-Online-A", "plural"])
def test_terms_rendered_as_accepted_are_left_alone(dev, line, who, source, target):
    assert findings(bilingual((source, target)), dev) == []


def test_the_longer_source_term_wins_where_two_overlap(dev):
    source, target = "10月12日，美国证监会八年来首次批准", "On October 12, the China Securities Regulatory Commission approved"
    # 美国证监会 (the SEC) holds 证监会 (the CSRC): the longer term is the one the unit is about.
    assert summary(bilingual((source, target)), dev) == [
        ("1", "us-sec", "", "美国证监会", "Securities and Exchange Commission")]
    without_sec = tqa.load_glossary(DEV).entries
    glossary = tqa.Glossary([e for e in without_sec if e.id != "us-sec"], tqa.load_glossary(DEV).sources)
    assert summary(bilingual((source, target)), glossary) == [
        ("1", "united-states", "", "美国", "United States")]  # CSRC is there; the US is not


def test_several_terms_of_one_entry_in_a_unit_are_one_finding_at_the_first(dev):
    source = "世卫组织表示，世界卫生组织将继续评估奥密克戎"
    target = "It said that it would continue to assess Omicron."
    assert summary(bilingual((source, target)), dev) == [("1", "who", "", "世卫组织", "World Health Organization")]


def test_case_sensitive_renderings_and_latin_source_terms(write_glossary):
    glossary = tqa.load_glossary(write_glossary("""
        - id: who
          source: [世卫组织]
          target: [World Health Organization, WHO]
          case: sensitive
        - id: gdp
          source: [GDP]
          target: [GDP, gross domestic product]
        - id: cpi
          source: [CPI]
          target: [CPI, consumer price index]
          case: sensitive
    """))
    # `case: sensitive` holds for the renderings: "who" is not the WHO.
    assert [bare(f.rule) for f in findings(bilingual(("世卫组织表示", "The who said so.")), glossary)] == ["who"]
    assert findings(bilingual(("世卫组织表示", "The WHO said so.")), glossary) == []
    # ... and for Latin source terms: "cpi" is not CPI. Otherwise a source term is found in any case, but never
    # inside a Latin word (GDP in GDPR).
    assert [bare(f.rule) for f in findings(bilingual(("gdp增长", "Growth was strong.")), glossary)] == ["gdp"]
    assert findings(bilingual(("cpi上涨", "Prices rose.")), glossary) == []
    assert findings(bilingual(("GDPR规定", "The regulation says so.")), glossary) == []


def test_a_source_term_is_found_as_a_substring_even_across_words(write_glossary):
    # Measured on the dev source: requiring jieba word boundaries refused as many true occurrences as accidental
    # ones (对华为芯片 cut as 对华|为, 中国外交部发言人 as 中国外交部|发言人) and did not see this one either:
    # jieba cuts 有些人大血崩 as 有些|人大|血崩. A term base guards against it with longer terms (人大常委会).
    glossary = tqa.load_glossary(write_glossary("""
        - id: npc
          source: [人大]
          target: [People's Congress, NPC]
    """))
    source, target = "有些人流的少，有些人大血崩", "some people have small flow and some people have way too much"  # 1161, ref.A
    assert summary(bilingual((source, target)), glossary) == [("1", "npc", "", "人大", "People's Congress")]


def test_units_without_a_source_and_plain_text_get_no_term_finding(dev):
    document = bilingual((None, "Our phone number is 18912251735."), ("微信同步", "Same on WeChat."))
    assert findings(document, dev, [TermCheck()]) == []
    assert tqa.analyze("新华社 BEIJING, Dec. 11/PRNewswire/--", dev, checks=[TermCheck()]).findings == ()


def test_check_unit_gives_what_run_gives(dev):
    document = bilingual((XINHUA_SOURCE, XINHUA_NIUTRANS))
    from tqa.checks.base import DocContext

    ctx = DocContext(document, dev, units=document.units)
    assert list(TermCheck().check_unit(ctx, document.units[0])) == list(TermCheck().run(
        DocContext(document, dev, units=document.units)))


def test_every_term_entry_is_a_rule_of_the_term_check(dev):
    rules = known_rules(dev, [TermCheck()])
    assert {e.code for e in dev.entries if e.is_term} | {"terms.inconsistent"} == set(rules)
    assert rules["dev-terms/xinhua"] == "新华社 → Xinhua News Agency / Xinhua"
    assert "dev-terms/prnewswire-added" in known_rules(dev, [GlossaryCheck()])


# --- a known wrong rendering is the glossary check's -----------------------------------------------------------

def test_a_known_wrong_rendering_is_reported_once_by_the_glossary_check(dev):
    # DLUT, line 772: 德国之声 (Deutsche Welle) as "German Voice", the entry's `match`.
    document = bilingual(("（德国之声中文网 ）", "(German Voice)"))
    assert [(f.check, bare(f.rule), f.text, f.suggestion) for f in findings(document, dev)] == [
        ("glossary", "deutsche-welle", "German Voice", "Deutsche Welle")]


def test_an_error_entry_about_the_same_source_term_stands_for_the_term_entry_too(write_glossary):
    glossary = tqa.load_glossary(write_glossary("""
        - id: wechat-micro-signal
          match: [micro-signal]
          suggest: WeChat account
          category: Terminology/Inappropriate for context
          severity: major
          source: 微信号
        - id: wechat-id
          source: [微信号]
          target: [WeChat ID, WeChat account]
    """))
    document = bilingual(("详情请添加客服微信号", "For details, add the micro-signal of the customer service staff."))
    assert summary(document, glossary) == [("1", "wechat-micro-signal", "micro-signal", None, "WeChat account")]
    # Without the error entry's phrase in the target, the term entry speaks.
    document = bilingual(("详情请添加客服微信号", "For details, add the customer service staff."))
    assert summary(document, glossary) == [("1", "wechat-id", "", "微信号", "WeChat ID")]


# --- when_source ----------------------------------------------------------------------------------------------

CONDITIONED = """
    - id: german-voice
      match: [German Voice]
      suggest: Deutsche Welle
      category: Terminology/Inappropriate for context
      severity: major
      source: [德国之声]
      when_source: present
    - id: prnewswire-added
      match: [PRNewswire]
      suggest: ""
      category: Accuracy/Addition
      severity: major
      source: [美通社]
      when_source: ABSENT
"""


def test_when_source_present_fires_only_where_the_source_has_the_term(write_glossary):
    glossary = tqa.load_glossary(write_glossary(CONDITIONED))
    document = bilingual(("（德国之声中文网 ）", "(German Voice)"),  # DLUT, line 772
                         ("她为动画片配音", "She is the German Voice of the cartoon."),
                         (None, "(German Voice)"))  # a unit without a source: nothing to decide on
    assert [(f.unit, bare(f.rule)) for f in findings(document, glossary)] == [("1", "german-voice"), ("3", "german-voice")]


def test_when_source_absent_fires_only_where_the_source_lacks_the_term(write_glossary):
    glossary = tqa.load_glossary(write_glossary(CONDITIONED))
    document = bilingual((XINHUA_SOURCE, XINHUA_NIUTRANS), ("美通社北京12月11日电", "BEIJING, Dec. 11/PRNewswire/--"))
    assert [(f.unit, bare(f.rule), f.text) for f in findings(document, glossary)] == [("1", "prnewswire-added", "PRNewswire")]


def test_plain_text_has_no_source_so_every_entry_fires_as_before(write_glossary):
    glossary = tqa.load_glossary(write_glossary(CONDITIONED))
    text = "(German Voice) BEIJING, Dec. 11/PRNewswire/--\n"
    assert [bare(f.rule) for f in tqa.analyze(text, glossary, checks=[GlossaryCheck()]).findings] == [
        "german-voice", "prnewswire-added"]


def test_a_term_entrys_match_fires_only_where_the_source_has_its_term():
    glossary = tqa.load_glossary(TERMS / "terms.yaml")  # pboc: match "Central Bank of the Communist Party of China"
    wrong = "On Friday, the Central Bank of the Communist Party of China released an article."
    document = bilingual(("周五，央行发布了一篇文章。", wrong), ("周五，人民日报发布了一篇文章。", wrong))
    assert [(f.unit, f.check, bare(f.rule)) for f in findings(document, glossary)] == [("1", "glossary", "pboc")]
    assert [bare(f.rule) for f in tqa.analyze(wrong, glossary, checks=[GlossaryCheck()]).findings] == ["pboc"]


def test_when_source_is_validated_at_its_line(write_glossary):
    path = write_glossary("""
        - id: no-source
          match: [German Voice]
          category: Other
          severity: minor
          when_source: present
        - id: bad-value
          match: [PRNewswire]
          category: Other
          severity: minor
          source: [美通社]
          when_source: sometimes
        - id: term-absent
          source: [德国之声]
          target: [Deutsche Welle]
          match: [German Voice]
          when_source: absent
        - id: term-without-match
          source: [德国之声]
          target: [Deutsche Welle]
          when_source: present
    """)
    with pytest.raises(tqa.GlossaryError) as info:
        tqa.load_glossary(path)
    at = lambda needle, n=1: f"{path}:{line_of(path, needle, n)}"  # noqa: E731
    assert info.value.problems == [
        f"{at('when_source: present')}: no-source: 'when_source' needs the source term(s) it is about in 'source'",
        f"{at('when_source: sometimes')}: bad-value: 'when_source' must be 'present' or 'absent', not 'sometimes'",
        f"{at('when_source: absent')}: term-absent: 'when_source: absent' on a term entry: its 'match' lists wrong "
        "renderings of its source terms, found only where the source holds one",
        f"{at('when_source: present', 2)}: term-without-match: 'when_source' is for 'match'/'regex', which this term "
        "entry does not have (the term check looks at the unit's source anyway)",
    ]


def test_when_source_loads_from_a_csv_column_and_is_written_back_as_yaml(tmp_path, write_glossary):
    sheet = tmp_path / "conditioned.csv"
    sheet.write_text("id,match,suggest,category,severity,source,when_source\n"
                     "german-voice,German Voice,Deutsche Welle,Terminology/Inappropriate for context,major,德国之声,"
                     "present\n"
                     'prnewswire-added,PRNewswire,"",Accuracy/Addition,major,美通社,absent\n'
                     "plain,micro letter,WeChat,Terminology/Inappropriate for context,major,微信,\n", encoding="utf-8")
    glossary = tqa.load_glossary(sheet)
    assert [(e.id, e.when_source, e.source_condition) for e in glossary.entries] == [
        ("german-voice", "present", "present"), ("prnewswire-added", "absent", "absent"), ("plain", None, None)]
    again = tqa.load_glossary(write_glossary(glossary_yaml(glossary).split("entries:\n", 1)[1]))
    assert [dataclasses.replace(e, file="", line=0, glossary="") for e in again.entries] == [
        dataclasses.replace(e, file="", line=0, glossary="") for e in glossary.entries]
    # A term entry's match needs its terms without saying so.
    assert tqa.load_glossary(TERMS / "terms.yaml").entries[0].source_condition == "present"


# --- one term, one rendering ----------------------------------------------------------------------------------

# DLUT, lines 772 and 780: 外交部 is first the Foreign Ministry, then the Ministry of Foreign Affairs.
MINISTRY = (
    ("中国外交部发言人周六（12月11日）发表谈话表示",
     "the spokesperson of the Chinese Foreign Ministry said in a statement on Saturday (December 11)"),
    ("中国外交部周六的声明称", "A statement from China's Ministry of Foreign Affairs on Saturday said"),
)


def test_a_source_term_rendered_two_ways_in_a_document_is_an_inconsistency(dev):
    document = bilingual(*MINISTRY)
    (finding,) = findings(document, dev)
    target = document.text[document.units[1].start:document.units[1].end]
    assert (finding.unit, bare(finding.rule), finding.check, finding.category, finding.severity) == (
        "2", "terms.inconsistent", "terms", INCONSISTENT, Severity.MINOR)
    assert (finding.text, finding.start - document.units[1].start) == ("Ministry of Foreign Affairs",
                                                                       target.index("Ministry"))
    assert (finding.source_start, finding.source_end, finding.suggestion, finding.autofix) == (2, 5, "Foreign Ministry",
                                                                                               False)
    assert finding.message == ('"外交部" is rendered "Ministry of Foreign Affairs" here and "Foreign Ministry" earlier in '
                               'this document; keep to "Foreign Ministry"')


def test_the_rendering_used_first_is_the_suggestion_as_it_was_written(dev):
    document = bilingual(("北京冬奥会", "the Beijing winter olympics"), ("冬奥会开幕", "the Winter Olympic Games open"),
                         ("冬奥会闭幕", "the Winter Olympic Games close"))
    assert summary(document, dev) == [("2", "terms.inconsistent", "Winter Olympic Games", "冬奥会", "winter olympics"),
                                      ("3", "terms.inconsistent", "Winter Olympic Games", "冬奥会", "winter olympics")]


@pytest.mark.parametrize("pairs", [
    # An acronym after the full name, in the same unit or later: acronyms and names are kinds of their own.
    [("中国人民解放军向越南人民军移交", "the Chinese People's Liberation Army handed over"), ("解放军表示", "the PLA said")],
    # A shortening of a name used before, and a name's adjective (one-word renderings are a kind of their own).
    [("新华社北京12月11日电", "Xinhua News Agency Beijing December 11th"), ("新华社报道", "Xinhua reported")],
    [("美国总统拜登", "the President of the United States"), ("美国的民主", "the American democracy"),
     ("美国资本市场", "the US capital market"), ("美国海军", "the U.S. Navy"), ("美国", "America")],
    # Case and plural make no other rendering.
    [("日本", "JAPAN"), ("日本人", "the Japanese"), ("日本", "Japan's")],
])
def test_forms_of_one_rendering_are_consistent(dev, pairs):
    assert findings(bilingual(*pairs), dev) == []


def test_a_term_after_a_foreign_country_is_another_body_with_its_own_renderings():
    # WMT22 dev 747: 美国教育部 is the US Department of Education, whatever the document called 教育部 before;
    # here 外交部 (the shipped glossary): China's Foreign Ministry, then the US State Department.
    shipped = tqa.resolve_glossary(None)
    assert findings(bilingual(*china_then_us_pairs()), shipped) == []
    # The US body is held to the rendering it was given first, and China's to its own.
    both_switch = bilingual(*china_then_us_pairs(), ("美国外交部表示", "the US Ministry of Foreign Affairs said"),
                            ("外交部表示", "the Ministry of Foreign Affairs said"))
    assert [(f.unit, f.suggestion) for f in findings(both_switch, shipped)] == [("5", "State Department"),
                                                                           ("6", "Foreign Ministry")]


def china_then_us_pairs():
    return (("外交部发言人表示", "the Foreign Ministry spokesperson said"),
            ("美国外交部的声明称", "a statement from the US State Department said"),
            ("美外交部称", "the State Department said"),
            ("中国外交部周六的声明称", "a statement by the Chinese Foreign Ministry on Saturday said"))


def test_a_rendering_used_with_the_first_one_is_consistent_later(dev):
    document = bilingual(("外交部", "the Foreign Ministry"),
                         ("外交部", "the Foreign Ministry (the Ministry of Foreign Affairs)"),
                         ("外交部", "the Ministry of Foreign Affairs"))
    assert findings(document, dev) == []


def test_different_source_terms_of_one_entry_keep_their_own_renderings(write_glossary):
    glossary = tqa.load_glossary(TERMS / "terms.yaml")  # pboc: 中国人民银行, 央行
    document = bilingual(("中国人民银行发布", "The People's Bank of China released"), ("央行表示", "The central bank said"))
    assert findings(document, glossary) == []


def test_consistency_is_carried_across_the_windows_of_a_long_document(dev):
    filler = [("他说", f"He said it again ({n}).") for n in range(30)]
    document = bilingual(MINISTRY[0], *filler, MINISTRY[1], *filler, MINISTRY[1])
    whole = findings(document, dev)
    assert [(f.unit, bare(f.rule)) for f in whole] == [("32", "terms.inconsistent"), ("63", "terms.inconsistent")]
    for size in (40, 200, 700):
        windowed = analyze_document(document, dev, checks=[GlossaryCheck(), TermCheck()], window_chars=size)
        assert windowed.findings == tuple(whole), size


# --- example pairs --------------------------------------------------------------------------------------------

def test_example_pairs_run_when_the_glossary_loads(dev):
    assert sum(len(e.pairs) for e in dev.entries) == 13
    assert tqa.glossary.pending_pairs(dev) == []
    assert tqa.glossary.example_failures(dev) == []


FAILING = """
    - id: xinhua
      source: [新华社]
      target: [Xinhua News Agency, Xinhua]
      examples:
        bad: [{source: 新华社北京12月12日电, target: "Beijing, 12 Dec (Xinhua) --"}]
        good: [{source: 新华社北京12月11日电, target: "BEIJING, Dec. 11/PRNewswire/--"}]
    - id: german-voice
      match: [German Voice]
      suggest: Deutsche Welle
      category: Terminology/Inappropriate for context
      severity: major
      source: [德国之声]
      when_source: present
      examples:
        bad: [{source: 她为动画片配音, target: She is the German Voice of the cartoon.}]
        good: [{source: （德国之声中文网 ）, target: (German Voice)}]
"""


def test_a_pair_that_misbehaves_refuses_the_glossary_at_its_line(write_glossary, cli):
    path = write_glossary(FAILING)
    expected = [
        f"{path}:{line_of(path, 'bad: [{source: 新华社')}: xinhua: example pair '新华社北京12月12日电' → 'Beijing, 12 Dec "
        "(Xinhua) --' expected finding, got none",
        f"{path}:{line_of(path, 'good: [{source: 新华社')}: xinhua: example pair '新华社北京12月11日电' → 'BEIJING, Dec. "
        "11/PRNewswire/--' expected none, got terms: source term \"新华社\" is not rendered: the target has none of "
        '"Xinhua News Agency" or "Xinhua"',
        f"{path}:{line_of(path, 'bad: [{source: 她')}: german-voice: example pair '她为动画片配音' → 'She is the German "
        "Voice of the cartoon.' expected finding, got none",
        f"{path}:{line_of(path, 'good: [{source: （')}: german-voice: example pair '（德国之声中文网 ）' → '(German Voice)' "
        "expected none, got 'German Voice'",
    ]
    with pytest.raises(tqa.GlossaryError) as info:
        tqa.load_glossary(path)
    assert info.value.problems == expected
    run = cli("glossary", "test", path)
    assert run.code == 1
    assert run.out.splitlines() == expected + ["4 of 4 example pairs (source → target) failed"]


# --- from the command line ------------------------------------------------------------------------------------

def test_check_with_a_source_reports_the_term_with_its_source_span(tmp_path, cli):
    target, source = tmp_path / "niutrans.en", tmp_path / "source.zh"
    target.write_text(f"{XINHUA_NIUTRANS}\n", encoding="utf-8")
    source.write_text(f"{XINHUA_SOURCE}\n", encoding="utf-8")
    run = cli("check", target, "--source", source, "-g", DEV, "--only-check", "terms", "--format", "csv",
              "--fail-on", "major")
    assert run.code == 1
    rows = pd.read_csv(io.StringIO(run.out), keep_default_na=False, dtype=str)
    assert rows[["unit", "rule", "check", "text", "suggestion", "source_start", "source_end"]].values.tolist() == [
        ["1", "dev-terms/xinhua", "terms", "", "Xinhua News Agency", "0", "3"]]
    text = cli("check", target, "--source", source, "-g", DEV, "--only-check", "terms")
    assert "新华社" in text.out and "(dev-terms/xinhua)" in text.out


# --- any text -------------------------------------------------------------------------------------------------

SOURCE_PIECES = ["新华社", "北京", "美国证监会", "证监会", "外交部", "德国之声", "美通社", "微信", "GDP", "ß", "İ", "\u0130",
                 "、", " ", "\n", "12月11日"]
TARGET_PIECES = ["Xinhua", "Beijing", "SEC", "Foreign Ministry", "Ministry of Foreign Affairs", "German Voice",
                 "PRNewswire", "WeChat", "People’s", "U.S.", "US", " ", "\n", "-", "丨"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(
    st.one_of(st.none(), st.lists(st.one_of(st.sampled_from(SOURCE_PIECES), st.text(max_size=3))).map("".join)),
    st.lists(st.one_of(st.sampled_from(TARGET_PIECES), st.text(max_size=3))).map("".join)), max_size=6))
def test_any_source_and_target_give_findings_within_their_unit(dev, pairs):
    document = bilingual(*pairs)
    units = {u.id: u for u in document.units}
    for finding in findings(document, dev):
        unit = units[finding.unit]
        assert unit.start <= finding.start <= finding.end <= unit.end
        if finding.source_start is not None:
            assert 0 <= finding.source_start < finding.source_end <= len(unit.source)
