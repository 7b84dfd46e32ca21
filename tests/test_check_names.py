"""The names check (issue 11, check 6): a Chinese person's name in the source should be in the target in pinyin
or another romanisation, not translated word by word ("plum overcome strong") and not left out.

The check is off by default (a check class may say ``default = False``): it runs with ``--only-check names``
or ``select_checks(only=["names"])``.

Real sentences come from the WMT22 zh-en general test set (source.zh, the references and system outputs; Kocmi
et al., "Findings of the 2022 Conference on Machine Translation (WMT22)"; research use), cited by system and
line; the others are written for the case they test. The last test is the PO writer of
``bench/pofilter_compare.py``.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import sys

import pytest

import tqa
from helpers import REPO
from tqa.checks import all_checks, known_rules, select_checks
from tqa.checks.names import RULE, Name, NamesCheck, find_names, romanized, wade_giles
from tqa.model import Severity
from tqa.readers import UnitText, units_document


def check(*pairs: tuple[str, str]) -> list:
    """The names findings of a bilingual document of (source, target) units u1, u2, ..."""
    units = [UnitText(f"u{number}", target, source) for number, (source, target) in enumerate(pairs, 1)]
    document = units_document("doc.xlf", units, format="xliff")
    return list(tqa.analyze_document(document, tqa.bundled_glossary(), checks=[NamesCheck()]).findings)


def flagged(source: str, target: str) -> list[tuple[str, int, int]]:
    """(name in the source, source start, source end) of each finding on one unit."""
    return [(source[f.source_start:f.source_end], f.source_start, f.source_end) for f in check((source, target))]


# --- must flag --------------------------------------------------------------------------------------------------

PREMIER = "李克强总理会见了美国国务卿。"


def test_a_name_translated_word_by_word_is_reported_with_its_source_span_and_its_pinyin():
    target = "Premier plum overcome strong met the US Secretary of State."
    (finding,) = check((PREMIER, target))
    assert (finding.rule, finding.check, finding.category, finding.severity) == (
        "names.not-romanized", "names", "Accuracy/Mistranslation", Severity.MAJOR)
    assert (finding.unit, finding.source_start, finding.source_end) == ("u1", 0, 3)
    assert (finding.start, finding.end, finding.text, finding.suggestion) == (0, 0, "", "")
    assert finding.message == ("the name 李克强 (Li Keqiang) is not in the target in pinyin or another "
                               "romanisation: translated word by word, or left out?")


@pytest.mark.parametrize("source, target, names", [
    # Online-A line 742: the reporter of the byline is left out
    ("新华社华盛顿５月２３日电（记者徐剑梅）美国１３０多个亚裔团体２３日向美国教育部和司法部提交申诉",
     "WASHINGTON, May 23 (Xinhua) -- More than 130 Asian-American groups in the United States filed a "
     "complaint with the U.S. Department of Education and the Department of Justice on May 23",
     [("徐剑梅", 15, 18)]),
    # DLUT line 736: "Sister Mu" is left out
    ("非常感谢穆姐耐心陪伴和悉心教导，拍出来的照片我很喜欢~",
     "Thank you very much for your patience and diligent teaching. I love the photos taken.",
     [("穆姐", 4, 6)]),
    # NiuTrans line 633: 朱丽兰 (Zhu Lilan) becomes "Julia"; the other names are there (Li Siu-leung for 李效良)
    ("刘遵义教授获颁荣誉教育博士学位、陈凯先教授获颁荣誉理学博士学位、中村修二教授获颁荣誉理学博士学位、"
     "李兰娟教授获颁荣誉理学博士学位、李效良教授获颁荣誉工商管理博士学位、朱丽兰教授获颁荣誉理学博士学位，"
     "江朝晖女士获颁荣誉理学博士学位。",
     "Professor Liu Zunyi was awarded the degree of Doctor of Education honoris causa, Professor Chan Kai-shin "
     "was awarded the degree of Doctor of Science honoris causa, Professor Shuji Nakamura was awarded the degree "
     "of Doctor of Science honoris causa, Professor Li Lanjuan was awarded the degree of Doctor of Science "
     "honoris causa, Professor Li Siu-leung was awarded the degree of Doctor of Business Administration honoris "
     "causa, Professor Julia was awarded the degree of Doctor of Science honoris causa, and Ms. Jiang Chaohui "
     "was awarded the degree of Doctor of Science honoris causa.",
     [("朱丽兰", 83, 86)]),
    # ref B line 766: the defendant 林某 is left out of a human translation too
    ("为此，陆先生将林某起诉至余姚市人民法院。", "For this reason, Mr. Lu initiated legal proceedings to Yuyao "
     "People’s Court.", [("林某", 7, 9)]),
])
def test_names_left_out_or_replaced_in_real_mt_output_are_reported(source, target, names):
    assert flagged(source, target) == names


def test_a_name_is_reported_once_per_unit_however_often_the_source_has_it():
    source = "我们理解，丁老师叫停六四捐助，是为捐款人考虑，特此对丁老师的“致友人”一信表示感谢。"
    assert flagged(source, "We understand that the teacher stopped the donation; we thank the teacher.") == [
        ("丁老师", 5, 8)]


# --- must not flag ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", [
    "Premier Li Keqiang met the US Secretary of State.",
    "Premier Li Ke-qiang met the US Secretary of State.",
    "Premier Keqiang Li met the US Secretary of State.",
    "Premier Ke Qiang Li met the US Secretary of State.",
    "Premier Li met the US Secretary of State.",         # the surname alone
    "Premier Li’s meeting with the US Secretary of State.",
    "李克强总理 met the US Secretary of State.",          # left in Chinese: the language check's business
])
def test_a_name_in_pinyin_in_any_order_or_spelling_is_not_reported(target):
    assert check((PREMIER, target)) == []


@pytest.mark.parametrize("source, target", [
    # ref A line 338 / Online-B: Nathan Law is 罗冠聪 in Cantonese; pinyin in the reference
    ("罗冠聪也呼吁自由世界团结起来对抗中共的威胁。", "Law also called on the free world to unite against the threat "
     "of the CCP."),
    ("罗冠聪也呼吁自由世界团结起来对抗中共的威胁。", "Luo Guancong also called on the free world to unite together "
     "and fight against the threats from the Communist Party of China."),
    # Morris Chang, founder of TSMC (Wade-Giles surname)
    ("张忠谋表示，台积电将扩大在美国的投资。", "Morris Chang said TSMC would expand its investment in the US."),
    # Lee Teng-hui: the customary Taiwanese spelling of 李 and the Wade-Giles given name
    ("李登辉表示，台湾要走自己的路。", "Lee Teng-hui said that Taiwan must go its own way."),
    # JDExploreAcademy line 1554: the whole name as one word
    ("天津市天文学会理事、天文科普专家修立鹏介绍说，就如贺岁大片一样，双子座流星雨一般在岁末出现。",
     "Xiulipeng, director of the Tianjin Astronomical Society and an expert on astronomical science "
     "popularization, said that the Geminid meteor shower generally appears at the end of the year."),
    # Online-W line 1259: "Mr." does not end a sentence, so "Ding" after it is a name, not the English word
    ("我们理解，丁老师叫停六四捐助，是为捐款人考虑。", "We understand that Mr. Ding stopped the donation for the "
     "sake of the donors."),
    # DLUT line 21: Run Run Shaw's hospital, run together
    ("这种智能手术灯已经在浙江大学医学院附属邵逸夫医院试用。", "This smart surgical lamp has been tried in "
     "Shaoyifu Hospital, affiliated with Zhejiang University School of Medicine."),
    ("这种智能手术灯已经在浙江大学医学院附属邵逸夫医院试用。", "This type of smart operating lamp has been tried in "
     "Sir Run Run Shaw Hospital affiliated to Zhejiang University Medical College."),
    ("孔子曰：学而时习之。", "Confucius said: to learn and to practise what one has learnt."),
])
def test_romanisations_that_are_not_pinyin_and_known_english_names_are_not_reported(source, target):
    assert check((source, target)) == []


@pytest.mark.parametrize("source", [
    "NEWS GOV-MO: 澳大向7位杰出人士颁授荣誉博士学位",                       # 荣誉: jieba tags it a name
    "10月15日，决赛入围者名单公布，最终获奖者名单将于11月11日（英国夏令时）线上公布。",  # 夏令时
    "美亚裔团体投诉耶鲁等3所常春藤名校招生歧视-新华网",                      # 常春藤, Ivy League
    "孙艺风宣读中村修二赞辞时表示，中村修二教授是可持续能源技术的先驱者。",   # 中村修二 is Japanese
    "中越两军“和平救援-2021”卫勤联合演习圆满结束-新华网",                    # 卫勤, military medical service
    "那少给了一样，你一个麦乐鸡酱都要钱",                                     # 麦乐鸡, McNuggets
    "美国第16任总统林肯废除了奴隶制。",                                       # 林肯, Lincoln
    "谢谢你们，最近一段时间辛苦了！",                                         # 谢谢; 一段时间 cut as 一 / 段时间
])
def test_words_jieba_tags_as_names_and_foreign_names_are_not_taken_for_chinese_names(source):
    assert [n.text for n in find_names(source) if n.text != "孙艺风"] == []


def test_names_found_in_a_byline_a_list_and_after_a_role():
    # WMT22 source line 1195: 记者 张 / 尚武 is one name cut in two by jieba
    source = "湖南日报12月10日讯（全媒体记者 张尚武 胡盼盼 通讯员 刘晓玲 摄影 李健）今天上午，第十三届湖南茶业博览会开幕。"
    assert [(n.text, n.surname, n.given, n.pinyin) for n in find_names(source)] == [
        ("张尚武", "张", "尚武", "Zhang Shangwu"), ("胡盼盼", "胡", "盼盼", "Hu Panpan"),
        ("刘晓玲", "刘", "晓玲", "Liu Xiaoling")]
    assert [n.text for n in find_names("为此，陆先生将林某起诉至余姚市人民法院。")] == ["陆先生", "林某"]


def test_tsai_ing_wen_and_other_spellings_count_as_the_name():
    tsai = Name(0, 3, "蔡英文", "蔡", "英文")
    assert romanized(tsai, "Tsai Ing-wen said on Tuesday.")
    assert romanized(tsai, "Ing-wen Tsai said on Tuesday.")
    assert romanized(tsai, "Cai Yingwen said on Tuesday.")
    assert not romanized(tsai, "English of vegetables said on Tuesday.")
    chan = Name(0, 3, "陈凯先", "陈", "凯先")
    assert romanized(chan, "Professor Chan Kai-shin")   # Cantonese surname
    assert not romanized(Name(0, 2, "何伟", "何", "伟"), "He said so.")  # "He" starting a sentence is a pronoun
    assert romanized(Name(0, 2, "何伟", "何", "伟"), "Professor He said so.")


@pytest.mark.parametrize("pinyin, wade", [("qiang", "chiang"), ("xie", "hsieh"), ("deng", "teng"), ("zhi", "chih"),
                                          ("guo", "kuo"), ("rong", "jung"), ("xiong", "hsiung"), ("quan", "chuan"),
                                          ("yue", "yueh"), ("ke", "ko"), ("si", "ssu"), ("gui", "kuei")])
def test_wade_giles_spelling_of_pinyin(pinyin, wade):
    assert wade_giles(pinyin) == wade


# --- off by default ---------------------------------------------------------------------------------------------

def test_the_names_check_is_off_by_default_and_runs_when_named():
    assert "names" not in [c.name for c in all_checks()]
    assert "names" in [c.name for c in all_checks(include_off=True)]
    assert "names" not in [c.name for c in select_checks()]
    assert [c.name for c in select_checks(only=["names"])] == ["names"]
    assert RULE in known_rules(tqa.bundled_glossary())
    units = [UnitText("u1", "Premier plum overcome strong met the US Secretary of State.", PREMIER)]
    document = units_document("doc.xlf", units, format="xliff")
    assert not tqa.analyze_document(document, tqa.bundled_glossary()).findings


def test_tqa_checks_lists_it_marked_and_only_check_runs_it_from_the_command_line(cli, tmp_path):
    line = next(line for line in cli("checks").out.splitlines() if line.startswith("names "))
    assert line.endswith("(off by default: --extend-select names)")
    (tmp_path / "premier.zh").write_text(PREMIER + "\n", encoding="utf-8")
    (tmp_path / "premier.en").write_text("Premier plum overcome strong met the US Secretary of State.\n",
                                         encoding="utf-8")
    run = cli("check", tmp_path / "premier.en", "--source", tmp_path / "premier.zh", "--format", "csv",
              "--only-check", "names")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert [(r["rule"], r["unit"], r["source_start"], r["source_end"]) for r in rows] == [
        ("names.not-romanized", "1", "0", "3")]
    default = cli("check", tmp_path / "premier.en", "--source", tmp_path / "premier.zh", "--format", "csv")
    assert "names.not-romanized" not in default.out


# --- the PO files of bench/pofilter_compare.py ------------------------------------------------------------------

@pytest.fixture
def bench(monkeypatch):
    """bench/pofilter_compare.py as a module (bench/ is not a package of the installed tqa)."""
    spec = importlib.util.spec_from_file_location("pofilter_compare", REPO / "bench" / "pofilter_compare.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "pofilter_compare", module)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the bench puts the repository first on the path
    spec.loader.exec_module(module)
    return module


def test_the_pofilter_bench_writes_po_files_that_tqa_reads_back_unit_for_unit(bench, tmp_path):
    sources = ["你好", "他说：“好的。”\t", "路径 C:\\temp", "你好", "", "空的译文"]
    targets = ["Hello", 'He said: "Fine."\t', "The path C:\\temp", "Hi", "(no source)", ""]
    po = tmp_path / "ref.po"
    assert bench.write_po(po, sources, targets, comment="a test") == 5
    document = tqa.read(po)
    assert [(u.id, u.source, document.text[u.start:u.end]) for u in document.units] == [
        ("line 1|你好", "你好", "Hello"),
        ('他说：“好的。”\\t', "他说：“好的。”\t", 'He said: "Fine."\t'),
        ("路径 C:\\\\temp", "路径 C:\\temp", "The path C:\\temp"),
        ("line 4|你好", "你好", "Hi"),
        ("空的译文", "空的译文", ""),
    ]


@pytest.mark.parametrize("at", [0.0, 0.5, 0.99])
def test_in_a_long_unit_a_name_is_looked_for_near_its_place(at):
    # 400 sentences on one line each side; the premier's name at the share ``at`` of the way through.
    source = ["今天北京天气晴朗，气温二十度。"] * 400
    romanised = ["It is sunny in Beijing today, at twenty degrees."] * 400
    k = int(400 * at)
    source[k] = PREMIER
    romanised[k] = "Premier Li Keqiang met the US Secretary of State."
    literal = list(romanised)
    literal[k] = "Premier plum overcome strong met the US Secretary of State."
    assert len(" ".join(romanised)) > 8000  # long enough to be searched near the place
    assert flagged("".join(source), " ".join(romanised)) == []
    ((name, start, _),) = flagged("".join(source), " ".join(literal))
    assert (name, start) == ("李克强", len("今天北京天气晴朗，气温二十度。") * k)
