"""The omission check (issue 11, check 4): empty targets, targets far shorter or longer than the source warrants,
and sentences, parentheses, quotations and list items of the source left out.

* ``omission.empty`` (critical): an empty target for a source with words.
* ``omission.short`` / ``omission.long`` (major; omission.short critical from 4× shorter): judged by the
  length model shipped in ``tqa/data/length-zh-en.json`` (fitted on the WMT22 dev references by
  ``bench/fit_length_model.py``); the message says how unusual the length is among human translations.
* ``omission.sentences`` / ``bracket`` / ``quote`` / ``list-item`` (major): the target lacks a counterpart
  of one piece of the source, and the length says so (short for the whole source, ordinary without it).
* ``omission.bracket`` / ``omission.quote`` (minor): an original name or abbreviation given in parentheses
  or quotation marks in the source is not in the target; ``omission.list-item`` (minor): the source starts with
  an enumeration marker and the target with none.
* Every finding is about the source: an empty span at the start of the unit's target, carrying the source
  span of what is missing; no other check's finding is displaced.

Sentences are from the WMT22 general-task zh-en test set (source.zh, the references and the system outputs
named; research use: Kocmi et al., "Findings of the 2022 Conference on Machine Translation (WMT22)").
"""

from __future__ import annotations

import json

import pytest

import tqa
from helpers import MINI
from tqa.checks.omission import (LENGTH_MODEL_FILE, OmissionCheck, load_length_model, one_in, source_length,
                                 source_sentences, target_length)
from tqa.model import Severity
from tqa.readers import UnitText, units_document

OMISSION = "Accuracy/Omission"

TREMELLA = ("白木耳的作用：味甘、性平，归肺、胃、肾经；有强精、补肾、润肠、益胃、补气、和血、强心、滋阴、润肺、生津、壮身、补脑、提神、"
            "美容、嫩肤、延年益寿之功效；用于治肺热咳嗽、肺燥干咳、妇女月经不调、胃炎、大便秘结等病症；对阴虚火旺不受参茸等温热"
            "滋补的病人是一种良好的补品")  # line 225
HUNAN = ("湖南有识才爱才敬才的优良传统、助力人才发展的广阔平台、实现美好生活的环境条件，近年来深入实施人才引领发展战略，以芙蓉人才"
         "行动计划为牵引，构建起引育留用全链条人才工作格局，成为了人才成长成就的沃土、创新创业的热土、宜居宜业的乐土。")  # line 1746
HUNAN_ONLINE_W = ("Hunan has a fine tradition of talent recognition, talent love and respect, a broad platform to help the "
                  "development of talent, and environmental conditions to achieve a good life.")
HUNAN_REF_A = ("With the good tradition of recognizing talents, cherishing talents and respecting talents, the wide "
               "platforms that assist in talent development and the environmental conditions for realizing beautiful "
               "life, Hunan has implemented the talent development strategy in recent years, and has constructed the "
               "full-chain talent work pattern by taking Furong talent action plan as the pulling strength, forming a "
               "fertile soil for the growth and achievement of talents, a hot land for innovation and entrepreneurship, "
               "and a happy land suitable for living and working.")
DESIGN = "设计，无处不在（小译林中小学阅读丛书 名师导读图文并茂 《中小学生阅读指导目录》推荐）"  # line 1298
TRAP = ("（这对于投保人来说，就又是一个坑）免费领6万重疾保额，是短期的，如果只靠这个，没有其他商业险，万一真发生重疾，6万能干嘛，"
        "解决不了问题，以后的生活开始裸奔。")  # line 1642
TRAP_HUAWEI = ("If you rely on this alone, there is no other commercial insurance. In case of serious illness, what can you "
               "do? If you can't solve the problem, you will start to run naked in the future.")
HANEKOM = ("非洲健康研究所所长威廉·哈内科姆（Willem Hanekom）引用国家传染病研究所的数据和其他报告说 ： “ 目前，几乎所有的迹象都表明，"
           "这是一种较温和的疾病 。 ”")  # line 217
HANEKOM_LAN_BRIDGE = ('William Hanekom, director of the African Institute of Health, quoted data from the National Institute '
                      'of Infectious Diseases and other reports and said: "At present, almost all signs suggest that this '
                      'is a milder disease."')
HANEKOM_REF_A = ("By quoting the data from National Institute of Infectious Diseases of South Africa and other reports, "
                 "Willem Hanekom, Director of Africa Institute of Health said, “At present, almost all the evidence "
                 "indicates that this is a relatively mild disease.”")
AXIE = ("《Axie Infinity》的火热将一种新的“palytoearn”模式传递给更多人，通过区块链与智能合约的帮助，玩家不再是单一的角色，除了能从"
        "游戏里获得乐趣及经济收益以外，还可以参与到游戏生态的治理之中。")  # line 669
AXIE_NIUTRANS = ("With the help of blockchain and smart contracts, players are no longer a single character, but can also "
                 "participate in the governance of the game ecosystem, in addition to enjoying and earning financial "
                 "benefits from the game.")
RIGHTISTS = "二、虽然右派在历史上有得志时代，但不长，所以短是因为给点儿阳光就灿烂，喝点儿开水就出汗；稍得志便得陇望蜀，遭打击便毛将焉附。"
RIGHTISTS_LAN_BRIDGE = ("Although the rightists had succeeded in history,but not for a long time,because they became greedy "
                        "when they got small benefits；The more they got,the more they wanted,and once they were attacked, "
                        "they didn't know where they should go.")
RIGHTISTS_REF_A = ("2. Although the Rightists had their time in history, it was not long, and the reason why it was short was "
                   "they were over their head once they got a tiny bit of sweetness; a little success will lead to "
                   "insatiable desires, and just one blow and they will lose their ground to exist.")
BREATH = "“你只需要轻轻呼一口气，这套仪器就能从你呼出的气体成分中，初步检测身体健康状况 。 ”"  # line 9
BREATH_REF_A = ("“All you need to do is to breathe out, and this set of instrument can detect your physical conditions "
                "preliminarily from the components of the air you breathe out.”")
SENSOR = "张迪鸣介绍说，这套传感器与智能手机相连，呼出气体后，健康报告就会显示在手机上。"  # line 10
SENSOR_REF_A = ("Zhang Diming introduced, this set of sensor is connected to the smart phone; after you breathe out, the "
                "health report will be shown on your phone.")


@pytest.fixture(scope="module")
def glossary():
    return tqa.load_glossary(MINI)


def document(*pairs: tuple[str, str]) -> tqa.Document:
    return units_document("wmt22", [UnitText(str(i), target, source) for i, (source, target) in enumerate(pairs, 1)],
                          format="tsv")


def findings(glossary, *pairs, checks=None) -> list[tqa.Finding]:
    doc = document(*pairs)
    result = tqa.analyze_document(doc, glossary, checks=checks or [OmissionCheck()])
    for f in result.findings:
        assert f.text == doc.text[f.start:f.end]
    return list(result.findings)


def the_finding(glossary, source: str, target: str) -> tqa.Finding:
    (finding,) = findings(glossary, (source, target))
    return finding


def source_text(finding: tqa.Finding, source: str) -> str:
    return source[finding.source_start:finding.source_end]


# --- omission.empty -------------------------------------------------------------------------------------------

def test_an_empty_target_is_a_critical_omission_of_the_whole_source(glossary):
    source = "图9中，一个事件的热度波峰恰好是另一事件的波谷，时间分秒不差，必定是统一批水军接到任务，开启新一轮攻势。"  # line 1479
    doc = document(("好的", "OK."), (source, ""))  # Online-W left line 1479 empty
    (finding,) = tqa.analyze_document(doc, glossary, checks=[OmissionCheck()]).findings
    assert (finding.rule, finding.unit, finding.severity, finding.category) == (
        "omission.empty", "2", Severity.CRITICAL, OMISSION)
    assert (finding.start, finding.end, finding.text) == (doc.units[1].start, doc.units[1].start, "")
    assert (finding.source_start, finding.source_end) == (0, len(source))
    assert finding.message == "the target is empty: the source was not translated"


def test_a_blank_target_is_empty_and_a_source_without_words_needs_no_target(glossary):
    assert [f.rule for f in findings(glossary, ("收到了", "   "))] == ["omission.empty"]
    assert findings(glossary, ("。", ""), ("", "")) == []


# --- the length model -----------------------------------------------------------------------------------------

def test_the_length_model_is_data_shipped_in_the_package():
    data = json.loads(LENGTH_MODEL_FILE.read_text(encoding="utf-8"))
    assert LENGTH_MODEL_FILE.parent.name == "data" and LENGTH_MODEL_FILE.parent.parent.name == "tqa"
    assert data["pairs"] == 3750 and data["fitted_by"] == "bench/fit_length_model.py"
    model = load_length_model()
    assert 0.9 < model.slope < 1.1
    # A 40-letter Chinese sentence usually becomes about 150 characters of English.
    assert 130 < model.expected(40) < 170
    # Short sources vary more: the same ratio is less unusual for 好的 than for a long sentence.
    assert model.z(2, model.expected(2) / 3) > model.z(100, model.expected(100) / 3)


def test_lengths_count_cjk_letters_and_tokens_in_the_source_and_visible_characters_in_the_target():
    assert source_length("我 order 了 ＃#NUMBER#") == 2 + 1.5 + 1.5  # 我 了, order, #NUMBER#
    assert source_length("适合肌龄25-34") == 4 + 1.5 + 1.5
    assert target_length(" We called. ") == 9


def test_tail_probabilities_read_as_one_in_n_human_translations():
    model = load_length_model()
    assert model.probability(-6) < model.probability(-5) < model.probability(-4) <= 0.5
    assert model.z_for(1 / 1000) < model.z_for(1 / 100) < 0 < model.z_for(1 / 100, short=False)
    assert (one_in(1 / 9123), one_in(1 / 170.4), one_in(2e-6)) == ("1 in 9,100", "1 in 170",
                                                                   "fewer than 1 in 100,000")


# --- omission.short and omission.long -------------------------------------------------------------------------

def test_a_target_of_one_word_for_a_paragraph_is_a_critical_omission(glossary):
    finding = the_finding(glossary, TREMELLA, "tonic")  # Online-W
    assert (finding.rule, finding.severity, finding.category) == ("omission.short", Severity.CRITICAL, OMISSION)
    assert source_text(finding, TREMELLA) == TREMELLA
    assert finding.message.startswith("the target is 81.2× shorter than usual for a source of this length "
                                      "(5 characters where human translations have about 406; fewer than 1 in "
                                      "100,000 is this short)")


def test_a_target_missing_half_its_clauses_is_a_major_omission(glossary):
    finding = the_finding(glossary, HUNAN, HUNAN_ONLINE_W)
    assert (finding.rule, finding.severity) == ("omission.short", Severity.MAJOR)
    assert finding.message == (
        "the target is 2.7× shorter than usual for a source of this length (151 characters where human translations "
        "have about 410; 1 in 9,100 is this short): part of the source seems to be left out")


def test_a_target_that_invents_a_sentence_is_an_addition(glossary):
    # Online-W for 【环境】整体还好。 ("[Environment] It was not bad overall.").
    finding = the_finding(glossary, "【环境】整体还好。",
                          "The actual fact is that you can find a lot of people who are not able to get a lot of money.")
    assert (finding.rule, finding.severity, finding.category) == ("omission.long", Severity.MAJOR, "Accuracy/Addition")
    assert (finding.text, finding.source_start, finding.source_end) == ("", None, None)
    assert "3.1× longer than usual" in finding.message and "1 in 2,100 is this long" in finding.message


# --- a piece of the source left out ---------------------------------------------------------------------------

def test_a_parenthesis_left_out_is_reported_with_its_source_span(glossary):
    finding = the_finding(glossary, DESIGN, "Design, everywhere")  # Online-B
    assert (finding.rule, finding.severity) == ("omission.bracket", Severity.MAJOR)
    assert source_text(finding, DESIGN) == "（小译林中小学阅读丛书 名师导读图文并茂 《中小学生阅读指导目录》推荐）"
    finding = the_finding(glossary, TRAP, TRAP_HUAWEI)
    assert (finding.rule, source_text(finding, TRAP)) == ("omission.bracket", "（这对于投保人来说，就又是一个坑）")
    assert finding.message == (
        "the target is 1.7× shorter than usual for this source (1 in 120 human translations is this short) but as "
        "long as usual without the source parenthesis “（这对于投保人来说，就又是一个坑）” (the target has fewer parentheses "
        "than the source): it seems to be left out")


def test_a_sentence_left_out_is_reported_when_length_tells_which(glossary):
    source = "【环境】整体还好。" + HUNAN  # two real source lines (1609 and 1746) as one unit
    finding = the_finding(glossary, source, "[Environment] It was not bad overall.")  # ref A of line 1609 only
    assert (finding.rule, finding.severity) == ("omission.sentences", Severity.MAJOR)
    assert source_text(finding, source) == HUNAN


def test_two_sentences_of_about_the_same_length_cannot_be_told_apart(glossary):
    # Line 9 and line 10 as one unit, translated by ref A of line 9 alone: a sentence is missing, but length
    # cannot say which, and the target is not short enough for omission.short: no finding rather than a wrong one.
    assert source_sentences(BREATH + SENSOR) == [(0, len(BREATH)), (len(BREATH), len(BREATH + SENSOR))]
    assert findings(glossary, (BREATH + SENSOR, BREATH_REF_A)) == []


def test_human_merges_and_splits_of_sentences_are_not_omissions(glossary):
    both = BREATH_REF_A + " " + SENSOR_REF_A
    merged = BREATH_REF_A[:-2] + "; " + SENSOR_REF_A[0].lower() + SENSOR_REF_A[1:]
    assert findings(glossary, (BREATH + SENSOR, both), (BREATH + SENSOR, merged)) == []


def test_an_original_name_in_parentheses_or_quotation_marks_must_be_in_the_target(glossary):
    finding = the_finding(glossary, HANEKOM, HANEKOM_LAN_BRIDGE)  # "William Hanekom"
    assert (finding.rule, finding.severity, source_text(finding, HANEKOM)) == (
        "omission.bracket", Severity.MINOR, "Willem Hanekom")
    assert finding.message == ("“Willem Hanekom”, in the source's parenthesis （Willem Hanekom）, is not in the "
                               "target: left out or changed")
    found = findings(glossary, (AXIE, AXIE_NIUTRANS))
    assert [(f.rule, source_text(f, AXIE)) for f in found] == [
        ("omission.quote", "Axie Infinity"), ("omission.quote", "palytoearn")]


def test_a_quoted_english_phrase_inflected_to_fit_the_sentence_is_there(glossary):
    # WMT22 dev 676, Online-G: the quoted phrase becomes a gerund; a word changed is still reported.
    source = "战略在于“do the right thing”，即做正确的事。"
    assert findings(glossary, (source, "The strategy lies in “doing the right thing”, that is, doing the right "
                                       "thing.")) == []
    found = findings(glossary, (source, "The strategy lies in “doing the correct thing”, that is, doing it right."))
    assert [(f.rule, source_text(f, source)) for f in found] == [("omission.quote", "do the right thing")]


def test_a_list_marker_left_out(glossary):
    finding = the_finding(glossary, RIGHTISTS, RIGHTISTS_LAN_BRIDGE)
    assert (finding.rule, finding.severity, source_text(finding, RIGHTISTS)) == (
        "omission.list-item", Severity.MINOR, "二、")
    # "(six)" is a clumsy counterpart of (六), but a counterpart.
    source = "(六)参加全国造价工程师执业资格考试教材编写以及命题、审题、评卷，每年可认定30学时;"  # line 705, AISP-SJTU
    assert findings(glossary, (source, "(six) to participate in the compilation of teaching materials for the national "
                                       "cost engineer qualification examination, as well as proposition, examination "
                                       "and marking, which can be identified as 30 hours per year;")) == []


# --- human translations that must not fire ----------------------------------------------------------------------

@pytest.mark.parametrize("source, reference", [
    (HUNAN, HUNAN_REF_A),
    (HANEKOM, HANEKOM_REF_A),
    (RIGHTISTS, RIGHTISTS_REF_A),
    (AXIE, "The hotness of Axie Infinity has sent the new “palytoearn” pattern to more people; with the help of "
           "blockchain and intelligent contract, players are no longer a single character, and in addition to gaining "
           "pleasure and economic revenue from the game, they can also participate in the governance of game ecosystem."),
    (DESIGN, "Design, Everywhere (Little Yilin Middle and Primary School Reading Series, Reading Guide from Famous "
             "Teachers, with both texts and pictures, recommended by Middle and Primary School Students Reading "
             "Guidance Directory)"),
    # ref B drops the brackets but keeps what they say
    (TRAP, "The free acquisition of the critical illness insurance of 60 thousand yuan (another trap for policy holders) "
           "is a short-term activity; without other commercial insurance, 60 thousand can do nothing in front of "
           "critical illness, which solves no problem at all."),
    ("他因发明蓝色发光二极管（LED）而成为2014年诺贝尔物理学奖的三位获奖者之一。",  # line 639
     "He became one of the three prize winners of 2014 Nobel Prize in Physics with his invention of blue LED."),
    ("羊行屮（chè），本名姜波，生于羊年羊月，羊行草上，适得其所，是为羊行屮，人称“羊叔”。",  # line 1231: chè = che
     "Yang Xingche, real name Jiang Bo, was born in the month of the sheep in the year of the sheep; the name Yang "
     "Xingche means the sheep feel most comfortable when they are on grass; people call him Uncle Yang (Sheep in "
     "Chinese)."),
    ("我们打电话过去了", "We called."),  # short sources vary: 3.8× shorter than the line, but 8 letters
    ("这点还是非常不错的。", "This is good."),
    ("会心一笑", "Smile"),
    ("unacceptable", "That’s unacceptable."),
    ("【环境】整体还好。", "[Environment] It was not bad overall."),
    (BREATH, BREATH_REF_A),
])
def test_human_translations_are_not_flagged(glossary, source, reference):
    assert findings(glossary, (source, reference)) == []


def test_omission_findings_displace_no_other_finding(glossary):
    # An empty span at the unit's start: the language check's finding in the same target stays.
    from tqa.checks.language import LanguageCheck

    found = findings(glossary, (TREMELLA, "tonic 补品"), checks=[OmissionCheck(), LanguageCheck()])
    assert sorted(f.rule for f in found) == ["language.untranslated", "omission.short"]


def test_the_rules_are_listed(glossary):
    assert set(OmissionCheck().rules(glossary)) == {
        "omission.empty", "omission.short", "omission.long", "omission.sentences", "omission.bracket",
        "omission.quote", "omission.list-item"}
