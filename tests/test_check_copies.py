"""The copies check (issue 11, check 3): a target that is its source unchanged, and Chinese copied from the source.

* ``copies.unchanged`` (critical): the target is the source (NFKC, white space folded) and the source has a
  CJK letter; a source without one (a word or a URL in Latin script) is rightly copied.
* ``copies.copied`` (``Accuracy/Untranslated text``): a CJK run of the target copied from the source, with
  the source span it came from; major, critical when it is (nearly) its whole sentence.
* It runs before the language check with the same spans, so a copied run is reported once, as a copy, and
  a run that is not in the source stays the language check's.

Sentences are from the WMT22 general-task zh-en test set (source.zh, the references and the system outputs
named; research use: Kocmi et al., "Findings of the 2022 Conference on Machine Translation (WMT22)").
"""

from __future__ import annotations

import pytest

import tqa
from helpers import MINI
from tqa.checks.copies import CopiesCheck, copied_from
from tqa.checks.language import LanguageCheck
from tqa.model import Severity
from tqa.readers import UnitText, units_document

UNTRANSLATED = "Accuracy/Untranslated text"

# line 1281
WEBSITE = "您也可以访问我们官网（http://www.mesobiosys.com）下载小册子查阅我们的全部产品。"
WEBSITE_ONLINE_Y = "You can also visit our official website (http://www.mesobiosys.com）下载小册子查阅我们的全部产品)."
WEBSITE_REF_A = ("You may also go to our official website (http://www.mesobiosys.com) to download the pamphlet to view "
                 "all our products.")
# line 1798
WEIBO = "（微博@南海战略态势感知） 美三航母集结中国周边 最强大武器罕见访问关岛 2022年1月17日，美军舰载运输机CMV-22B飞行路线。"
WEIBO_ONLINE_Y = ("(Weibo @南海战略态势感知) The three US aircraft carriers assembled the most powerful weapons around "
                  "China on a rare visit to Guam on January 17, 2022. The flight route of the US shipborne transport "
                  "aircraft CMV-22B.")
# line 1293: the system wrote 减 (simplified) for the source's 減 (traditional): not a copy.
CARD = "所以，这个月可以有 4 次用#PRS_ORG# RED 信用卡享受減 $20 優惠"
CARD_ONLINE_G = "So, you can use the #PRS_ORG#RED credit card 4 times this month to enjoy a减20 discount"


@pytest.fixture(scope="module")
def glossary():
    return tqa.load_glossary(MINI)


def document(*pairs: tuple[str, str]) -> tqa.Document:
    """A bilingual document of (source, target) units, ids 1, 2, …"""
    return units_document("wmt22", [UnitText(str(i), target, source) for i, (source, target) in enumerate(pairs, 1)],
                          format="tsv")


def findings(glossary, *pairs, checks=None) -> list[tqa.Finding]:
    doc = document(*pairs)
    result = tqa.analyze_document(doc, glossary, checks=checks or [CopiesCheck()])
    for f in result.findings:
        assert f.text == doc.text[f.start:f.end]
    return list(result.findings)


# --- copies.unchanged -----------------------------------------------------------------------------------------

def test_a_target_that_is_its_source_is_one_critical_finding_over_the_whole_unit(glossary):
    source = "收到了，但我的 3 杯饮品全都洒出来了"  # line 129
    before = ("Received, but all 3 of my drinks spilled", "Received, but all 3 of my drinks spilled")
    (finding,) = findings(glossary, before, (source, source))
    assert (finding.rule, finding.unit, finding.text, finding.severity, finding.category) == (
        "copies.unchanged", "2", source, Severity.CRITICAL, UNTRANSLATED)
    assert (finding.source_start, finding.source_end) == (0, len(source))
    assert finding.message == "the target is the source, unchanged: it was not translated"


def test_unchanged_ignores_white_space_and_full_width_forms(glossary):
    source = "我 order 了 ＃#NUMBER#"  # line 62
    (finding,) = findings(glossary, (source, "  我 order  了 ##NUMBER# "))
    assert finding.rule == "copies.unchanged" and finding.text == "我 order  了 ##NUMBER#"


@pytest.mark.parametrize("source, target", [
    ("unacceptable", "unacceptable"),  # line 1737, ref B: an English source is rightly copied
    ("https://zhuanlan.zhihu.com/p/60474873", "https://zhuanlan.zhihu.com/p/60474873"),
    ("#PRS_ORG#", "#PRS_ORG#"),
    ("424.10.0.20.02.002/27.60.55.001", "424.10.0.20.02.002/27.60.55.001"),  # an OMEGA reference, line 871
])
def test_a_source_without_a_cjk_letter_copied_is_not_a_finding(glossary, source, target):
    assert findings(glossary, (source, target)) == []


# --- copies.copied --------------------------------------------------------------------------------------------

def test_chinese_copied_from_the_source_is_reported_with_its_source_span(glossary):
    (finding,) = findings(glossary, (WEBSITE, WEBSITE_ONLINE_Y))
    assert (finding.rule, finding.text, finding.severity, finding.category) == (
        "copies.copied", "）下载小册子查阅我们的全部产品", Severity.MAJOR, UNTRANSLATED)
    assert WEBSITE[finding.source_start:finding.source_end] == "下载小册子查阅我们的全部产品"
    assert finding.message == "Chinese copied from the source untranslated (“下载小册子查阅我们的全部产品”): translate it"


def test_a_copied_handle_in_an_english_sentence_is_major(glossary):
    (finding,) = findings(glossary, (WEIBO, WEIBO_ONLINE_Y))
    assert (finding.text, finding.severity) == ("南海战略态势感知", Severity.MAJOR)
    assert WEIBO[finding.source_start:finding.source_end] == "南海战略态势感知"


def test_a_sentence_left_in_chinese_is_critical(glossary):
    source = "我自己都可以出去买饭吃，用不着在这儿#PRS_ORG#等"  # line 449; a target half translated
    (finding,) = findings(glossary, (source, "I can go out and buy a meal. 用不着在这儿等"))
    assert (finding.text, finding.severity) == ("用不着在这儿等", Severity.CRITICAL)
    assert source[finding.source_start:finding.source_end] == "用不着在这儿"  # the longest copied stretch
    # Inside an English sentence, the same copy is major.
    (finding,) = findings(glossary, (source, "I can go out and buy a meal, 用不着在这儿 #PRS_ORG#"))
    assert (finding.text, finding.severity) == ("用不着在这儿", Severity.MAJOR)


def test_a_run_made_mostly_of_stretches_of_the_source_is_a_copy():
    # Two stretches of the source, in another order, cover the run: a copy; single characters are no evidence.
    assert copied_from("公众号介观生科", "或搜索“介观生科”公众号获取更多帮助") == (4, 8)
    assert copied_from("減", "享受減 $20 優惠") == (2, 3)
    assert copied_from("减", "享受減 $20 優惠") is None
    assert copied_from("的人们", "我们的全部产品") is None


# --- with the language check: one finding per problem -----------------------------------------------------------

def test_a_copied_run_is_reported_once_as_a_copy_and_other_chinese_stays_the_language_checks(glossary):
    found = findings(glossary, (WEBSITE, WEBSITE_ONLINE_Y), (CARD, CARD_ONLINE_G),
                     checks=[CopiesCheck(), LanguageCheck()])
    assert [(f.unit, f.rule, f.text) for f in found] == [
        ("1", "copies.copied", "）下载小册子查阅我们的全部产品"),
        ("2", "language.untranslated", "减"),  # 減 in the source: the system invented this character
    ]


def test_the_builtin_order_puts_copies_before_language(glossary):
    names = tqa.checks.check_names()
    assert names.index("copies") < names.index("language")
    doc = document((WEBSITE, WEBSITE_ONLINE_Y))
    rules = [f.rule for f in tqa.analyze_document(doc, glossary).findings if f.category == UNTRANSLATED]
    assert rules == ["copies.copied"]
    # Without the copies check, the language check reports the run as before.
    rules = [f.rule for f in tqa.analyze_document(doc, glossary, checks=[LanguageCheck()]).findings]
    assert rules == ["language.untranslated"]


def test_an_unchanged_unit_is_one_finding_not_one_per_run(glossary):
    source = "太过备受瞩目，去到哪里大家都在看，很不自在！(其实有点爽)"  # line 566
    english = ("引擎声太大，下车后会顿时耳聋。", "The engine is so loud that you will be deaf for a while after you get out "
                                         "of the car.")  # line 569, a translation of ours
    found = findings(glossary, english, (source, source), checks=[CopiesCheck(), LanguageCheck()])
    assert [(f.rule, f.unit, f.text) for f in found] == [("copies.unchanged", "2", source)]


# --- human translations that must not fire ----------------------------------------------------------------------

@pytest.mark.parametrize("source, reference", [
    (WEBSITE, WEBSITE_REF_A),
    ("新华全媒+丨北京青少年冰球联赛助燃冬奥热情-新华网",  # line 450, ref A: 丨 is a separator, not a letter
     "XInhua All Media+丨Beijing Teenager Ice Hockey League fueled the enthusiasm for the Winter Olympics - Xinhuanet"),
    (WEIBO, "(Weibo @SouthChinaSeaStrategicSituationDetection) three US aircraft carriers assembled around China; the "
            "most powerful weapon paid a visit to Guam in a rare case; on January 17, 2022, the flight route of the US "
            "carrier-borne transport aircraft CMV-22B."),
    ("unacceptable", "That’s unacceptable."),  # line 1737, ref A
    ("好的", "OK."),
])
def test_human_translations_are_not_flagged(glossary, source, reference):
    assert findings(glossary, (source, reference), checks=[CopiesCheck(), LanguageCheck()]) == []


def test_units_without_a_source_and_empty_targets_are_left_alone(glossary):
    doc = units_document("x", [UnitText("1", "收到了"), UnitText("2", "", "收到了")], format="tsv")
    assert tqa.analyze_document(doc, glossary, checks=[CopiesCheck()]).findings == ()
    assert CopiesCheck().rules(glossary).keys() == {"copies.unchanged", "copies.copied"}


def test_a_file_left_untranslated_is_one_finding_per_unit_and_one_about_the_language(glossary):
    sources = ["是否有途径处罚他", "以免再次发生这样的事情", "又或者餐厅还要多久会准备好？可不可以帮我问下？"]  # lines 1-3
    doc = document(*[(s, s) for s in sources])
    found = tqa.analyze_document(doc, glossary).findings
    assert [(f.rule, f.unit) for f in found if f.check in ("copies", "language")] == [
        ("language.document", "1"), ("copies.unchanged", "1"), ("copies.unchanged", "2"), ("copies.unchanged", "3")]


# --- a long unit (a whole article on one line) -----------------------------------------------------------------

def long_pair(copied_at: float) -> tuple[str, str]:
    """A unit of 400 Chinese sentences and their English renderings, one line each side, with WEIBO's handle
    copied into the target at the share ``copied_at`` of the way through, and in the source at its place."""
    source_sentences = ["今天北京天气晴朗，气温二十度。"] * 400
    target_sentences = ["It is sunny in Beijing today, at twenty degrees."] * 400
    k = int(400 * copied_at)
    source_sentences[k] = "（微博@南海战略态势感知）"
    target_sentences[k] = "(Weibo @南海战略态势感知)"
    return "".join(source_sentences), " ".join(target_sentences)


@pytest.mark.parametrize("copied_at", [0.0, 0.5, 0.99])
def test_in_a_long_unit_a_copy_is_found_near_its_place_with_its_source_span(glossary, copied_at):
    source, target = long_pair(copied_at)
    assert len(source) > 4000 and len(target) > 8000  # long enough to be searched near the place
    (finding,) = findings(glossary, (source, target))
    assert (finding.rule, finding.text) == ("copies.copied", "南海战略态势感知")
    assert source[finding.source_start:finding.source_end] == "南海战略态势感知"


def test_a_run_longer_than_a_piece_is_judged_by_its_pieces():
    from tqa.checks.copies import MAX_RUN, CopiesCheck

    # Three pieces' worth of Chinese letters that never repeat a stretch, copied whole; then half of it copied
    # beside as much that is not in the source.
    copied = "".join(chr(0x4E00 + (k * 7919) % 20000) for k in range(3 * MAX_RUN))
    doc = document((copied + "另外一句。", "Our products: " + copied))
    (finding,) = tqa.analyze_document(doc, tqa.load_glossary(MINI), checks=[CopiesCheck()]).findings
    assert finding.rule == "copies.copied" and finding.end - finding.start == len(copied)
    assert (finding.source_start, finding.source_end) == (0, len(copied))
    invented = "".join(chr(0x3400 + (k * 31) % 6592) for k in range(2 * MAX_RUN))  # CJK Extension A
    for run, is_copy in ((copied[:2 * MAX_RUN] + invented[:MAX_RUN], True), (copied[:MAX_RUN] + invented, False)):
        found = tqa.analyze_document(document((copied, "Our products: " + run)), tqa.load_glossary(MINI),
                                     checks=[CopiesCheck()]).findings
        assert bool(found) == is_copy


def test_near_is_the_whole_other_side_of_a_short_unit_and_a_window_of_a_long_one():
    from tqa.checks.base import LONG_SIDE, REACH, near

    assert near(10, 100, LONG_SIDE) == (0, LONG_SIDE)
    assert near(50_000, 100_000, 30_000) == (15_000 - REACH, 15_000 + REACH)
    assert near(0, 100_000, 30_000) == (0, REACH)
    assert near(100_000, 100_000, 30_000) == (30_000 - REACH, 30_000)
