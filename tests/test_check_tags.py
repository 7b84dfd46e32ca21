"""The tags check (issue 11, check 5): inline tags, placeholders, URLs, e-mail addresses, @handles and #hashtags
of the source kept in the target, as Xbench's tag check requires.

* Inline tags (XLIFF ``<g>``/``<x/>``, ``<pc>``/``<ph>``) by kind and id, in any order: ``tags.missing``
  (with the source text a missing pair wraps), ``tags.extra`` (an empty span at its place in the target).
* ``{0}``, ``{name}``, ``%s``, ``%(name)s``, ``#NAME#`` placeholders, URLs, addresses, Latin-script handles and
  hashtags: ``tags.missing`` with the source span; ``tags.broken`` when the target has it mangled (spaces put
  in, case changed, a hash lost), with the source form as a safe fix; ``tags.extra`` for a code placeholder
  the source lacks.
* A handle or hashtag written in Chinese is translated, and a URL or handle the target adds is not reported.

Sentences are from the WMT22 general-task zh-en test set (source.zh, the references and the system outputs
named; research use: Kocmi et al., "Findings of the 2022 Conference on Machine Translation (WMT22)"); the
XLIFF units, the PO messages and the e-mail address are made up around them.
"""

from __future__ import annotations

import pytest

import tqa
from helpers import FIXTURES, MINI
from tqa.checks.tags import TagsCheck, inline_tags, tokens
from tqa.fix import fix_document
from tqa.model import Severity
from tqa.readers import UnitText, units_document

LINK = ("如果您对如何连接我们的芯片与进样系统有疑问，您可以参照以下链接https://zhuanlan.zhihu.com/p/60474873，或搜索“介观生科”"
        "公众号获取更多帮助。")  # line 1280
WEBSITE = "您也可以访问我们官网（http://www.mesobiosys.com）下载小册子查阅我们的全部产品。"  # line 1281
PHOTO = "（苹果日报图：天安門母親網站由陶業負責打理。）pic.twitter.com/UxID9ZGjzm"  # line 1251
WEIBO = "（微博@南海战略态势感知） 美三航母集结中国周边 最强大武器罕见访问关岛 2022年1月17日，美军舰载运输机CMV-22B飞行路线。"


@pytest.fixture(scope="module")
def glossary():
    return tqa.load_glossary(MINI)


def document(*pairs: tuple[str, str]) -> tqa.Document:
    return units_document("wmt22", [UnitText(str(i), target, source) for i, (source, target) in enumerate(pairs, 1)],
                          format="tsv")


def findings(glossary, *pairs) -> list[tqa.Finding]:
    doc = document(*pairs)
    result = tqa.analyze_document(doc, glossary, checks=[TagsCheck()])
    for f in result.findings:
        assert f.text == doc.text[f.start:f.end]
    return list(result.findings)


def xliff(tmp_path, *units: tuple[str, str]):
    """An XLIFF 1.2 file of (source, target) units with inline markup, read by tqa."""
    body = "".join(f'      <trans-unit id="{i}">\n        <source>{source}</source>\n        <target>{target}</target>\n'
                   f"      </trans-unit>\n" for i, (source, target) in enumerate(units, 1))
    path = tmp_path / "units.xlf"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                    'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n  <file original="wmt22" source-language="zh-CN" '
                    f'target-language="en-US" datatype="plaintext">\n    <body>\n{body}    </body>\n  </file>\n</xliff>\n',
                    encoding="utf-8")
    return tqa.read(path)


# --- inline tags ------------------------------------------------------------------------------------------------

def test_a_missing_tag_pair_an_extra_tag_and_a_missing_standalone_tag(tmp_path, glossary):
    doc = xliff(tmp_path, (
        '<g id="1">检查井混凝土模块生产加工设备</g> 郑州<g id="2">井壁</g>砖模块设备介绍：<x id="3"/>',  # line 130
        '<g id="1">Inspection well concrete module production and processing equipment</g> Zhengzhou well wall '
        'brick module<x id="4"/> equipment introduction:'))
    unit = doc.units[0]
    result = tqa.analyze_document(doc, glossary, checks=[TagsCheck()])
    rows = [(f.rule, f.severity, f.category, f.start - unit.start, f.text, f.source_start, f.source_end, f.message)
            for f in result.findings]
    extra_at = doc.text.index(" equipment introduction") - unit.start
    assert rows == [
        ("tags.missing", Severity.MAJOR, "Other", 0, "", 17, 19,
         'the inline tags <g id="2">…</g> around “井壁” in the source are not in the target: put them back'),
        ("tags.missing", Severity.MAJOR, "Other", 0, "", 27, 27,
         'the inline tag <x id="3"/> of the source is not in the target: put it back'),
        ("tags.extra", Severity.MAJOR, "Other", extra_at, "", None, None,
         'the inline tag <x id="4"/> is not in the source: remove it'),
    ]


def test_tags_may_move_with_the_word_order(tmp_path, glossary):
    doc = xliff(tmp_path, ('郑州<g id="1">井壁</g>砖<x id="2"/>', '<x id="2"/>Zhengzhou <g id="1">well wall</g> bricks'))
    assert tqa.analyze_document(doc, glossary, checks=[TagsCheck()]).findings == ()


def test_an_end_tag_belongs_to_the_start_tag_it_closes():
    tags = inline_tags([(0, '<g id="1">'), (2, '<g id="2">'), (4, "</g>"), (6, "</g>"), (6, '<x id="3"/>')])
    assert [(t.key, t.partner) for t in tags] == [("g#1", 3), ("g#2", 2), ("/g#2", 1), ("/g#1", 0), ("x#3/", None)]


def test_the_hand_tagged_fixtures_have_the_same_tags_in_source_and_target(glossary):
    for name in ("wmt22-excerpt.xlf", "wmt22-excerpt-2.0.xlf", "wmt22-tm.tmx"):
        doc = tqa.read(FIXTURES / "bilingual" / name)
        assert any(u.tags for u in doc.units) or name.endswith(".tmx")
        assert tqa.analyze_document(doc, glossary, checks=[TagsCheck()]).findings == (), name


# --- placeholders ------------------------------------------------------------------------------------------------

def test_code_placeholders_missing_and_extra(glossary):
    found = findings(glossary,
                     ("已选择 {0} 个文件，共 %(size)s", "{0} files selected"),
                     ("%d 本正版书籍", "%d genuine books"),
                     ("正版书籍", "Genuine books {name}"))
    assert [(f.unit, f.rule, f.text, f.source_start, f.source_end, f.category) for f in found] == [
        ("1", "tags.missing", "", 14, 22, "Other"),
        ("3", "tags.extra", "{name}", None, None, "Other"),
    ]
    assert found[0].message == "the placeholder %(size)s of the source is not in the target: keep it as it is"


def test_percent_signs_and_braces_of_ordinary_text_are_not_placeholders():
    assert tokens("获得了99%的好评率，5% off，50%的人") == []
    assert [t.text for t in tokens("%s 与 %1$s 和 %.2f 和 {0} 和 {{ user.name }}")] == [
        "%s", "%1$s", "%.2f", "{0}", "{{ user.name }}"]


def test_anonymisation_placeholders_mangled_or_lost(glossary):
    found = findings(
        glossary,
        ("我又在#PRS_ORG#对面等", "I'm waiting opposite # PRS_ORG #"),  # line 916, AISP-SJTU
        ("我又在#PRS_ORG#对面等", "I'm waiting across the street again at #PRS_ORG"),  # Online-W
        ("我自己都可以出去买饭吃，用不着在这儿#PRS_ORG#等",  # line 449, Lan-Bridge
         "I can go out to buy dinner myself, so I don't need to wait here"))
    assert [(f.unit, f.rule, f.text, f.suggestion, f.autofix) for f in found] == [
        ("1", "tags.broken", "# PRS_ORG #", "#PRS_ORG#", True),
        ("2", "tags.broken", "#PRS_ORG", "#PRS_ORG#", True),
        ("3", "tags.missing", "", "", False),
    ]
    assert found[0].message == ("the placeholder #PRS_ORG# of the source is mangled in the target: write it as in "
                                "the source")
    assert (found[2].source_start, found[2].source_end) == (18, 27)


# --- URLs, addresses, handles ---------------------------------------------------------------------------------

def test_mangled_urls_are_broken_with_the_source_form_as_the_fix(glossary):
    found = findings(
        glossary,
        (WEBSITE, "You can also visit our official website (http: / / www.mesobiosys.com) to download the brochure "
                  "to view all our products."),  # DLUT
        (WEBSITE, "You can also visit our official website (http://www. Mesobiosys. Com) to download the brochure "
                  "to view all our products."),  # HuaweiTSC
        (PHOTO, "(Photo by Apple Daily: The Tiananmen Mother's Website is handled by the pottery industry.) "
                "pic.twitter.com/uxid9zgjzm"))  # Online-Y: the path's case matters
    assert [(f.unit, f.rule, f.text, f.suggestion, f.category) for f in found] == [
        ("1", "tags.broken", "http: / / www.mesobiosys.com", "http://www.mesobiosys.com", "Accuracy/Mistranslation"),
        ("2", "tags.broken", "http://www. Mesobiosys. Com", "http://www.mesobiosys.com", "Accuracy/Mistranslation"),
        ("3", "tags.broken", "pic.twitter.com/uxid9zgjzm", "pic.twitter.com/UxID9ZGjzm", "Accuracy/Mistranslation"),
    ]
    assert WEBSITE[found[0].source_start:found[0].source_end] == "http://www.mesobiosys.com"


def test_a_broken_url_is_fixed_safely(glossary):
    doc = document((WEBSITE, "You can also visit our official website (http: / / www.mesobiosys.com) to download the "
                             "brochure."))
    fixed = fix_document(doc, glossary, checks=[TagsCheck()])
    assert fixed.text == ("You can also visit our official website (http://www.mesobiosys.com) to download the "
                          "brochure.\n")


def test_a_url_replaced_by_a_token_is_missing(glossary):
    (finding,) = findings(glossary, (LINK, "If you have any questions about how to connect our chip to the injection "
                                           "system, you can refer to the following link <url>, or search for the "
                                           "“Mesoscopic Biology” public account for more help."))  # Online-G
    assert (finding.rule, finding.category, finding.text) == ("tags.missing", "Accuracy/Omission", "")
    assert LINK[finding.source_start:finding.source_end] == "https://zhuanlan.zhihu.com/p/60474873"


def test_email_addresses_handles_and_hashtags(glossary):
    found = findings(glossary,
                     ("请发邮件至 Service@Example.com 或关注 @tqa_news", "Write to service@example.com or follow tqa_news"),
                     ("#WMT22 #机器翻译# 评测开始", "The #MT evaluation has started"))
    assert [(f.unit, f.rule, f.text, f.category) for f in found] == [
        ("1", "tags.missing", "", "Accuracy/Omission"),  # @tqa_news: an address's case does not matter
        ("2", "tags.missing", "", "Accuracy/Omission"),  # #WMT22; the Chinese hashtag is translated
    ]
    assert [f.message for f in found] == [
        "the handle @tqa_news of the source is not in the target: keep it as it is",
        "the hashtag #WMT22 of the source is not in the target: keep it as it is",
    ]


# --- human translations that must not fire ----------------------------------------------------------------------

@pytest.mark.parametrize("source, reference", [
    (LINK, "If you have any question about connection with our chips and the sample injection system, you can take "
           "the following link as reference https://zhuanlan.zhihu.com/p/60474873; or you can search for the public "
           "account of “Jieguan Biological Science”, to get more help."),
    (WEBSITE, "You may also go to our official website (http://www.mesobiosys.com) to download the pamphlet to view "
              "all our products."),
    (PHOTO, "(Apple Daily photo: Tiananmen Mother website is managed by Tao Ye. ) pic.twitter.com/UxID9ZGjzm"),
    # A Chinese handle is translated; the handle the reference writes is not in the source, and that is right.
    (WEIBO, "(Weibo @SouthChinaSeaStrategicSituationDetection) three US aircraft carriers assembled around China; the "
            "most powerful weapon paid a visit to Guam in a rare case; on January 17, 2022, the flight route of the US "
            "carrier-borne transport aircraft CMV-22B."),
    ("他叫我跟你们说他所在的位置#PRS_ORG#", "He asked me to tell you his location #PRS_ORG#."),  # line 37, ref A
    ("获得了99%的好评率", "has won 99% positive comments"),
])
def test_human_translations_are_not_flagged(glossary, source, reference):
    assert findings(glossary, (source, reference)) == []


def test_the_rules_are_listed(glossary):
    assert set(TagsCheck().rules(glossary)) == {"tags.missing", "tags.extra", "tags.broken"}
