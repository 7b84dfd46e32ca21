"""The numbers check (issue 11): every number of the source has an equivalent in the target, and back.

Rules: ``numbers.mismatch`` (Accuracy/Mistranslation, major; critical when the same digits are ten, a hundred, a
thousand… times off), ``numbers.missing`` (Accuracy/Omission, major, a finding about the source: an empty target
span and the source span) and ``numbers.added`` (Accuracy/Addition, major).

The sentences marked WMT22 are excerpts of the WMT22 zh-en general test set (source, the human references A and B,
and the systems' output), research use, Kocmi et al., "Findings of the 2022 Conference on Machine Translation
(WMT22)"; the others are realistic news sentences. Must-not-flag cases are what careful human translators write
("three days" for 3天, "July" for 7月, "dozens of" for 数十, "5 kg" for 10斤); must-flag cases are errors from
the references and from MT output.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

import tqa
from helpers import MINI
from tqa import numbers_en, numbers_zh
from tqa.checks.numbers import NumbersCheck
from tqa.model import Severity
from tqa.quantities import agree, rounds_to
from tqa.readers.base import UnitText, units_document

MAJOR, CRITICAL = Severity.MAJOR, Severity.CRITICAL
MISMATCH, MISSING, ADDED = "numbers.mismatch", "numbers.missing", "numbers.added"


@pytest.fixture(scope="module")
def glossary() -> tqa.Glossary:
    return tqa.load_glossary(MINI)


def check(source: str | None, target: str, glossary, check=None) -> tqa.DocumentResult:
    document = units_document("unit.tsv", [UnitText("u1", target, source)], format="tsv")
    result = tqa.analyze_document(document, glossary, checks=[check or NumbersCheck()])
    for f in result.findings:
        assert f.text == document.text[f.start:f.end]
    return result


def found(source: str, target: str, glossary) -> list[tuple[str, str, str, Severity]]:
    """(rule, target text, source text, severity) of each finding of the numbers check on one unit."""
    return [(f.rule, f.text, source[f.source_start:f.source_end] if f.source_start is not None else "", f.severity)
            for f in check(source, target, glossary).findings]


# --- must not flag: what careful translators write --------------------------------------------------------------

NOT_FLAGGED = [
    # Arabic digits, separators, mixed forms
    ("他补充，沙巴今年至今共发出2万4801张报生纸。", "He added that Sabah has issued 24,801 birth certificates so far this year.",
     "WMT22 ref A: 2万4801 = 24,801"),
    ("全国累计报考人数近60万人次", "the cumulative number of applicants nationwide was nearly 600,000", "60万 = 600,000"),
    ("共计1234人", "1 234 people in all", "a space as thousands separator"),
    ("共计1,234人", "1234 people in all", "a comma as thousands separator"),
    ("该团体主席赵宇空说，过去１０年里", "Zhao Yukong, chairman of the group, said that during the past 10 years",
     "WMT22 ref A: full-width digits"),
    # Chinese numerals, cn2an
    ("工厂有三千五百名工人。", "The factory has 3,500 workers.", "三千五百 = 3,500"),
    ("约两百名志愿者参加了活动。", "About two hundred volunteers took part.", "两百 = two hundred"),
    ("约两百名志愿者参加了活动。", "About 200 volunteers took part.", "两百 = 200"),
    ("二〇二一年是建党一百周年。", "2021 marks the 100th anniversary of the founding of the Party.", "二〇二一 = 2021"),
    ("迎接党的二十大胜利召开", "to welcome the 20th National Congress of the CPC", "二十 = 20th"),
    # scale words
    ("全国网络支付业务交易金额达到1.77万亿元", "the amount of national online payment transactions reached 1.77 trillion yuan",
     "WMT22 ref A: 1.77万亿 = 1.77 trillion"),
    ("将在阿曼投入50亿美元，签署了价值为300亿美元的13份备忘录",
     "will invest 5 billion USD in Oman and signed 13 memorandums worth 30 billion USD",
     "WMT22 ref A: 亿 = 100 million"),
    ("包含一项金额4.244亿美元的倡议", "including a 424.4 million USD initiative", "WMT22 ref A: 4.244亿 = 424.4 million"),
    ("Axie Infinity 日收入超过 820 万美元", "the daily income of Axie Infinity exceeds 8.2 million US dollars",
     "WMT22 ref A: 820 万 (with a space) = 8.2 million"),
    ("市值蒸发 2510 亿美元", "its loss of US $251 billion in market value", "WMT22 ref A: 2510亿 = 251 billion"),
    ("公司市值3.5亿元", "the company is worth 350m yuan", "350m = 350 million"),
    ("获得50亿美元融资", "raised $5bn", "$5bn"),
    ("项目总投资25亿元", "a total investment of 2.5 billion yuan", "25亿 = 2.5 billion"),
    ("1元保险保600万", "1 yuan insurance covers 6 million", "600万 = 6 million"),
    ("粮食产量1.3万亿斤", "grain output of 1.3 trillion jin", "1.3万亿 = 1.3 trillion"),
    ("推进千亿湘茶产业建设", "promoted the construction of the Hunan tea industry of 100 billion",
     "WMT22 ref A: 千亿 = 100 billion"),
    ("3.456亿美元", "346 million US dollars", "a large amount rounded"),
    # approximate numbers
    ("一年的路税马币十几千", "a road tax of around a dozen thousand MYR each year", "WMT22 ref A: 十几千"),
    ("一年的路税马币十几千", "yearly road tax of more than ten thousand Malaysian ringgit", "WMT22 ref B: 十几千"),
    ("十几人受伤", "more than ten people were injured", "十几 = more than ten"),
    ("十几人受伤", "over 10 people were injured", "十几 = over 10"),
    ("十几人受伤", "a dozen or so people were injured", "十几 = a dozen or so"),
    ("他每天都要看几十名病人", "he needs to see dozens of patients every day", "WMT22 ref A: 几十 = dozens"),
    ("奥密克戎病例正在数十个国家出现", "Omicron cases are emerging in dozens of countries", "WMT22 ref A: 数十 = dozens"),
    ("美军杀害了数万阿富汗无辜平民", "the US army has killed dozens of thousands of innocent Afghan civilians",
     "WMT22 ref A: 数万"),
    ("但由于治疗仍需要30余万费用", "Since more than 300 thousand yuan was still required for treatment",
     "WMT22 ref A: 30余万 = more than 300 thousand"),
    ("上万人参加了游行", "tens of thousands of people joined the march", "上万 = tens of thousands"),
    ("数百万用户", "millions of users", "数百万 = millions"),
    ("在拉斯维加斯，百分之七八十能救过来", "in Las Vegas, 70% or 80% of them can be brought back to life",
     "WMT22 ref A: 百分之七八十 = 70% or 80%"),
    ("他们两三天就到了", "they arrived in two or three days", "两三 = two or three"),
    # percentages and percentage points
    ("作品数量占本次展品总量的四成以上", "accounts for more than 40% of the total number of the exhibits",
     "WMT22 ref A: 四成 = 40%"),
    ("在总体电视销量中占比超六成", "accounting for over 60% of the total TV sales", "WMT22 ref A: 超六成 = over 60%"),
    ("失业率下降了百分之五", "the unemployment rate fell by 5%", "百分之五 = 5%"),
    ("出口增速提高5个百分点", "export growth rose by 5 percentage points", "5个百分点 = 5 percentage points"),
    ("出口增速提高0.5个百分点", "export growth rose 0.5 points", "个百分点 = points"),
    ("三分之一的家庭", "a third of the households", "三分之一 = a third"),
    ("三分之一的家庭", "33% of the households", "三分之一 = 33%"),
    ("大小只有智能手机的一半", "with the size of only a half of a smart phone", "WMT22 ref A: 一半 = half"),
    # dates and times, months and weekdays
    ("新华社北京7月25日电", "Beijing, July 25 (Xinhua)", "7月25日 = July 25"),
    ("新华社北京7月25日电", "BEIJING, 25 July (Xinhua)", "7月25日 = 25 July"),
    ("新华社北京12月11日电", "Beijing, 11 Dec (Xinhua)", "WMT22 Online-A: Dec without a full stop"),
    ("每年的3至6月，是油橄榄树开花坐果的时间", "March to June each year is the time for olive trees to blossom",
     "WMT22 ref A: 3至6月 = March to June"),
    ("这场危机仅在 2021 年 1 月的峰会上得到解决", "The crisis was only solved at the summit in January, 2021",
     "WMT22 ref A: 2021 年 1 月 with spaces"),
    ("我 12 月时输入过", "I entered it in December.", "WMT22 ref A: 12 月 = December"),
    ("最新一批防伪纸已经于本月6日运抵吉隆坡", "the latest batch of security paper was delivered to Kuala Lumpur on December 6",
     "WMT22 ref A: the translator names the month of 本月6日"),
    ("双子座流星雨将于12月14日15时左右迎来极大", "the Geminid meteor shower will peak at about 15:00 on December 14",
     "WMT22 ref A: 15时 = 15:00"),
    ("地震发生于19时54分", "The earthquake struck at 19:54.", "19时54分 = 19:54"),
    ("地震发生于19时54分", "The earthquake struck at 7:54 pm.", "19时54分 = 7:54 pm"),
    ("活动于24时结束", "The event ended at midnight.", "24时 = midnight"),
    ("会议于下午3点开始", "The meeting started at 3 p.m.", "下午3点 = 3 p.m."),
    ("由最初预计 18:40 送达", "originally estimated to be delivered by 6:40 pm", "18:40 = 6:40 pm"),
    ("外交部发言人周六（12月11日）发表讲话", "the Foreign Ministry spokesperson delivered a speech on Saturday (December 11)",
     "WMT22 ref A: 周六 = Saturday"),
    ("峰会星期五（12月10日）落幕", "the summit came to a close on Friday (December 10)", "WMT22 ref A: 星期五 = Friday"),
    ("2021.6.11部分圈中售出。", "June 11, 2021, some of the circled products have been sold.", "WMT22 ref A: 2021.6.11"),
    ("2021.6.11部分圈中售出。", "2021.6.11 Sold in some circles.", "WMT22 MT: the date copied"),
    ("20世纪六七十年代，青海湖裸鲤数量锐减", "In the 1960s and 1970s, the number of naked carp declined sharply",
     "WMT22 ref A: 20世纪六七十年代 = the 1960s and 1970s"),
    ("上世纪六七十年代，英特尔一直是明珠", "In the sixties and seventies of the last century, Intel was the pearl",
     "WMT22 Online-Y: the sixties and seventies"),
    ("也是自20世纪80年代以来第二次公开访问关岛", "and the second public visit to Guam since the 1980s",
     "WMT22 ref A: 20世纪80年代 = the 1980s"),
    ("负责拍摄的摄影师是95后的弟弟", "the photographer was a young guy born after 1995", "WMT22 ref A: 95后"),
    ("21年双十一", "Double 11 in 2021", "21年 = 2021"),
    ("本想等418银行活动", "I intended to buy it on April 18 when there was a special offer by banks",
     "WMT22 ref B: 418 = April 18"),
    ("在２０１６年“六一”儿童节媒体通气会上", "at the 2016 “Children’s Day” media meeting", "WMT22 ref A: “六一” named"),
    ("今年“双十一”期间", "During the “Double Eleven” festival this year", "WMT22 ref A: 双十一"),
    ("实现了‘十四五’良好开局", "Realizing a good start of the 14th Five-Year Plan", "WMT22 ref A: 十四五"),
    ("随机挑选三个热搜：二月二龙抬头", "We choose three top search topics randomly: Dragon Heads-raising Day",
     "WMT22 ref B: 二月二, a festival"),
    # ranges
    ("水深0.64～3.31米", "the water is 0.64 to 3.31 m deep", "0.64～3.31米"),
    ("需要3-5天", "it takes three to five days", "3-5天 in words"),
    ("月薪3~5万元", "a monthly salary of 30,000 to 50,000 yuan", "3~5万 = 30,000 to 50,000"),
    ("月薪3~5万元", "a monthly salary of 30-50 thousand yuan", "the scale written once"),
    ("17-18世纪，英国经验主义伦理学", "17th-18th century, British empirical ethics", "WMT22 ref A: 17-18世纪"),
    # English number words, ordinals, what translators restructure
    ("他在那里住了3天", "he stayed there for three days", "3天 = three days"),
    ("一个餐等了一个半小时", "I’ve waited one and a half hours for one meal.", "WMT22 ref A: 一个半 = one and a half"),
    ("一个餐等了一个半小时", "I waited 1.5 hours for a meal.", "一个半 = 1.5"),
    ("因为再等待 20 分钟就已经等了 1 个小时", "It will be one hour if I have to wait another 20 minutes.",
     "WMT22 ref A: 1 个小时 = one hour"),
    ("但是，已经过了 1 小时了", "But it's been an hour", "WMT22 MT: 1 小时 = an hour"),
    ("两国企业签署了备忘录", "enterprises of both countries signed memorandums", "两国 = both countries"),
    ("第一，要选择赛道；第二，要选择团队。", "First, choose the track; second, choose the team.", "第一、第二 = first, second"),
    ("第三，新的流量渠道拓展不顺利。", "Thirdly, the expansion of new flow channels is not smooth.",
     "WMT22 ref B: 第三 = thirdly"),
    ("第三部分：政治的伦理学", "Part III: political ethics", "WMT22 ref A: 第三部分 = Part III"),
    ("第十三届湖南茶业博览会", "The 13th Hunan Tea Industry Expo", "WMT22 ref A: 第十三届 = 13th"),
    ("美亚裔团体投诉耶鲁等3所常春藤名校", "Asian communities complain about Yale and two other Ivy League universities",
     "WMT22 ref A: 耶鲁等3所 = Yale and two others"),
    ("但在这３所美国名校中，亚裔所占比例基本维持在同一水平", "however, in these famous universities the proportion stayed the same",
     "WMT22 ref A: 这３所, counted before, dropped"),
    ("适合小学生三四五六年级阅读", "suitable for Grade 3, 4, 5, 6 students in elementary school",
     "WMT22 ref A: 三四五六年级"),
    ("正版一二三年级", "authentic Grade 1, 2 and 3", "WMT22 ref A: 一二三年级"),
    ("我们都尽百分二百的力去完成", "we will try our best to complete it", "WMT22 ref B: 百分二百的力, an idiom"),
    ("来个180度的大转变", "to totally change yourself", "WMT22 ref B: 180度的大转变, an idiom"),
    ("这项工作十分不易", "This work is very hard", "十分 is 'very', not ten"),
    ("他千万不要去", "he must not go", "千万不 is 'by all means not'"),
    ("这十年来", "over the past decade", "十年 = a decade"),
    ("五十铃汽车在十三陵附近", "an Isuzu car near the Ming Tombs", "numerals in names"),
    ("企业发展壮大", "the company grew over the years", "no number"),
    # units a translator converts
    ("大坛装白酒【10斤装】", "Grain Liquor [5kg]", "WMT22 ref B: 10斤 = 5 kg"),
    ("全程5公里", "the whole course is 3.1 miles", "5公里 = 3.1 miles"),
    ("全程5公里", "the whole course is 5 km", "5公里 = 5 km"),
    # numbers in names, ids, placeholders
    ("苹果发布iPhone 13", "Apple released the iPhone 13", "iPhone 13 copied"),
    ("华为Mate40销量", "sales of the Huawei Mate 40", "Mate40 = Mate 40"),
    ("5G网络覆盖全市", "5G networks cover the whole city", "5G"),
    ("PM2.5浓度下降", "PM2.5 concentrations fell", "PM2.5"),
    ("新冠病毒奥密克戎变种", "the Omicron variant of COVID-19", "COVID-19 named, not counted"),
    ("二十国集团领导人峰会", "the G20 summit", "二十国集团 = G20"),
    ("第三季度经济增长", "economic growth in Q3", "第三季度 = Q3"),
    ("1-11月，全国规模以上工业增加值同比增长10.1%", "In the first 11 months, industrial value added grew 10.1% year on year",
     "1-11月 = the first 11 months"),
    ("黑五大促开始了", "The Black Friday sale has started", "Black Friday is a day of the year"),
    ("波方十分期待北京冬奥会", "Bosnia is looking forward to the Beijing 2022 Winter Olympics",
     "WMT22 ref A: Beijing 2022, a name"),
    ("请拨打电话13800138000", "please call 13800138000", "a phone number copied"),
    ("参照以下链接https://zhuanlan.zhihu.com/p/60474873", "refer to the following link <url>",
     "WMT22 Online-G: a web address is the tags check's"),
    ("参照以下链接https://zhuanlan.zhihu.com/p/60474873", "refer to the link https: / / zhuanlan.zhihu.com / p / 60474873",
     "WMT22 DLUT: a broken web address is the tags check's"),
    ("#NUMBER# 元已收到，是漏送的食物", "#NUMBER# yuan has been received, and it was for the missed food.",
     "WMT22 ref A: #NUMBER#"),
    ("我不想再等 #NUMBER# 分钟", "I don't want to wait another 30 minutes", "#NUMBER# may be any number"),
    ("好的，电话是 #PHONENUMBER#", "Okay, the phone number is #PHONENUMBER#.", "WMT22 ref A: #PHONENUMBER#"),
]


@pytest.mark.parametrize("source, target", [(s, t) for s, t, _ in NOT_FLAGGED],
                         ids=[why for _, _, why in NOT_FLAGGED])
def test_a_faithful_translation_is_not_flagged(source, target, glossary):
    assert found(source, target, glossary) == []


# --- must flag: errors from the references and from MT ----------------------------------------------------------

FLAGGED = [
    ("市值蒸发 2510 亿美元", "the market value evaporation of 25.1 billion USD",
     [(MISMATCH, "25.1 billion", "2510 亿", CRITICAL)], "WMT22 ref B: a scale off by 10"),
    ("达到10.85万吨", "achieving 108.5 million tons", [(MISMATCH, "108.5 million", "10.85万", CRITICAL)],
     "WMT22 ref B: 10.85万 = 108,500, not 108.5 million"),
    ("青海湖裸鲤资源蕴藏量今年增加0.71万吨", "The reserves of naked carp increased by 0.71 million tons this year",
     [(MISMATCH, "0.71 million", "0.71万", CRITICAL)], "WMT22 MT: 万 read as million"),
    ("好不容易看中的房子，定金20万", "the deposit of 20 million yuan", [(MISMATCH, "20 million", "20万", CRITICAL)],
     "WMT22 NiuTrans: 20万 is 200,000"),
    ("但由于治疗仍需要30余万费用", "the treatment still needs more than 30 million",
     [(MISMATCH, "30 million", "30余万", CRITICAL)], "WMT22 NiuTrans: 30余万 = 300,000–400,000"),
    ("公司市值3.5亿元", "the company is worth 35 million yuan", [(MISMATCH, "35 million", "3.5亿", CRITICAL)],
     "3.5亿 = 350 million"),
    ("Axie Infinity 日收入超过 820 万美元", "Axie Infinity's daily revenue exceeds US 88.2 million",
     [(MISMATCH, "88.2 million", "820 万", MAJOR)], "WMT22 Online-G: 820万 = 8.2 million"),
    ("将在阿曼投入50亿美元", "will invest US55 billion in Oman", [(MISMATCH, "55 billion", "50亿", MAJOR)],
     "WMT22 Online-G"),
    ("在拉斯维加斯，百分之七八十能救过来", "in Las Vegas, 780 percent can be saved",
     [(MISMATCH, "780 percent", "百分之七八十", MAJOR)], "WMT22 Online-Y: 70–80% as 780%"),
    ("出口增速提高5个百分点", "export growth rose by 5%", [(MISMATCH, "5%", "5个百分点", MAJOR)],
     "5 percentage points are not 5%"),
    ("十几人受伤", "dozens of people were injured", [(MISMATCH, "dozens", "十几", MAJOR)], "十几 is not dozens"),
    ("售价3999元", "priced at 399 yuan", [(MISMATCH, "399", "3999", CRITICAL)],
     "WMT22 DLUT: a digit dropped, ten times too cheap"),
    ("至今累积的受影响者达3200人", "So far, 3, 200 people have been affected",
     [(ADDED, "3", "", MAJOR), (MISMATCH, "200", "3200", MAJOR)], "WMT22 LanguageX: 3200 broken in two"),
    ("请拨打电话13800138000", "please call 1380013800", [(MISMATCH, "1380013800", "13800138000", CRITICAL)],
     "a phone number with a digit dropped"),
    ("迎接党的二十大胜利召开", "to welcome the 21st National Congress of the CPC",
     [(MISMATCH, "21st", "二十", MAJOR)], "WMT22 ref A: 二十大 is the 20th, not the 21st"),
    ("中国项目管理二十年发展报告", "Ten Years of Project Management Development Report in China",
     [(MISMATCH, "Ten", "二十", MAJOR)], "WMT22 Online-B: twenty years as ten"),
    ("12月8日至10日举行的中央经济工作会议", "the Central Economic Work Conference held from December 8 to 12",
     [(MISMATCH, "12", "10", MAJOR)], "WMT22 ref A: the 10th as the 12th"),
    ("中国儿童中心副主任在２０日举行的媒体通气会上", "the deputy director said at a media briefing on June 1",
     [(MISMATCH, "1", "２０", MAJOR)], "WMT22 Online-W: the 20th as June 1"),
    ("每年的7月是雨季", "June is the rainy season every year", [(MISMATCH, "June", "7月", MAJOR)], "7月 is July"),
    ("外交部发言人周六发表讲话", "the Foreign Ministry spokesman spoke on Monday",
     [(MISMATCH, "Monday", "周六", MAJOR)], "周六 is Saturday"),
    ("毛里求斯10日首次报告该国两例奥密克戎毒株感染病例。", "Mauritius reported its first two cases of the Omicron strain on Monday.",
     [(MISMATCH, "Monday", "10", MAJOR)], "WMT22 NiuTrans: the 10th turned into a weekday"),
    ("苹果发布iPhone 13", "Apple released the iPhone thirteen", [(MISMATCH, "thirteen", "13", MAJOR)],
     "a number in a name is copied in digits"),
    ("华为Mate40销量", "sales of the Huawei Mate50", [(MISMATCH, "50", "40", MAJOR)], "Mate40 is not Mate50"),
    ("地震发生于19时54分", "The earthquake struck at 9:54 pm.", [(MISMATCH, "9:54 pm", "19时54分", MAJOR)],
     "19:54 is 7:54 pm"),
    ("约两百名志愿者参加了活动。", "About 300 volunteers took part.", [(MISMATCH, "300", "两百", MAJOR)],
     "两百 is 200"),
    ("工厂有15名工人。", "The factory has 20 workers.", [(MISMATCH, "20", "15", MAJOR)], "15 is not rounded to 20"),
    ("深刻总结2021年经济工作", "made a profound summary of the economic work of 2020",
     [(MISMATCH, "2020", "2021", MAJOR)], "a year is never rounded"),
    ("江西省规划用３年时间为每所小学培训教师", "Jiangxi planned to train teachers for each primary school",
     [(MISSING, "", "３", MAJOR)], "WMT22 ref B: 3 years dropped"),
    ("48小时核酸阴性", "Hours negative nucleic acid", [(MISSING, "", "48", MAJOR)], "WMT22 NiuTrans: 48 dropped"),
    ("与自闭症密切相关的55个问题", "Autism Explained to Non-Autistic Persons", [(MISSING, "", "55", MAJOR)],
     "WMT22 ref A: the subtitle dropped"),
    ("凡具有特长的学生均有资格参加考查。", "the planned recruitment number is 380",
     [(ADDED, "380", "", MAJOR)], "WMT22 ref B: a number not in the source (the line is misaligned)"),
    ("从党的百年奋斗史中汲取奋进力量", "Draw energy from the history of the Party of 100 hundred years",
     [(MISMATCH, "100 hundred", "百", CRITICAL)], "WMT22 ref B: 100 hundred years"),
]


@pytest.mark.parametrize("source, target, expected", [(s, t, e) for s, t, e, _ in FLAGGED],
                         ids=[why for *_, why in FLAGGED])
def test_a_wrong_number_is_flagged(source, target, expected, glossary):
    assert found(source, target, glossary) == expected


def test_the_table_has_at_least_80_pairs_from_real_sentences():
    assert len(NOT_FLAGGED) + len(FLAGGED) >= 80
    assert sum("WMT22" in why for *_, why in NOT_FLAGGED + FLAGGED) >= 40


# --- the findings -------------------------------------------------------------------------------------------------

def test_a_mismatch_spans_the_target_number_and_carries_the_source_span_and_both_numbers(glossary):
    source = "市值蒸发 2510 亿美元"
    target = "the market value evaporation of 25.1 billion USD"
    (finding,) = check(source, target, glossary).findings
    assert (finding.rule, finding.check, finding.category, finding.severity) == (
        MISMATCH, "numbers", "Accuracy/Mistranslation", CRITICAL)
    assert (finding.text, source[finding.source_start:finding.source_end]) == ("25.1 billion", "2510 亿")
    assert finding.message == ("the source has “2510 亿” (251,000,000,000), the target “25.1 billion” "
                               "(25,100,000,000) (10× off)")
    assert finding.unit == "u1" and finding.suggestion == ""


def test_a_missing_number_is_a_finding_about_the_source(glossary):
    source = "48小时核酸阴性"
    (finding,) = check(source, "Hours negative nucleic acid", glossary).findings
    assert (finding.rule, finding.category, finding.severity) == (MISSING, "Accuracy/Omission", MAJOR)
    assert (finding.start, finding.end, finding.text) == (0, 0, "")
    assert (finding.source_start, finding.source_end) == (0, 2)
    assert finding.message == "the source has “48”, which the target does not"


def test_an_added_number_spans_it_in_the_target(glossary):
    (finding,) = check("凡具有特长的学生均有资格参加考查。", "the planned recruitment number is 380", glossary).findings
    assert (finding.rule, finding.category, finding.text) == (ADDED, "Accuracy/Addition", "380")
    assert finding.source_start is None
    assert finding.message == "the target has “380”, which the source does not"


def test_a_unit_without_a_source_is_not_checked(glossary):
    assert check(None, "The factory has 20 workers.", glossary).findings == ()


def test_plain_text_without_a_source_gets_no_number_findings(glossary):
    assert tqa.analyze("The factory has 20 workers in 2021.", glossary, checks=[NumbersCheck()]).findings == ()


def test_a_file_that_declares_other_languages_is_left_alone(glossary):
    # The readers are Chinese and English; German writes 1.234 for 1,234.
    units = [UnitText("1", "Es kostet 1.234 Euro.", "It costs 1,234 euros.")]
    german = units_document("x.xlf", units, format="xliff", source_language="en", target_language="de")
    assert tqa.analyze_document(german, glossary, checks=[NumbersCheck()]).findings == ()
    chinese = units_document("x.xlf", [UnitText("1", "It costs 1,243 euros.", "售价1234欧元。")], format="xliff",
                             source_language="zh-CN", target_language="en-US")
    assert [f.rule for f in tqa.analyze_document(chinese, glossary, checks=[NumbersCheck()]).findings] == [MISMATCH]


def test_an_empty_target_is_left_to_the_omission_check(glossary):
    assert check("工厂有15名工人。", "", glossary).findings == ()


def test_the_rules_are_listed(glossary):
    assert set(NumbersCheck().rules(glossary)) == {MISMATCH, MISSING, ADDED}
    assert "numbers" in tqa.checks.check_names()


def test_a_wmt_style_file_with_its_source_is_checked_line_by_line(tmp_path, glossary):
    # Three lines of WMT22 (source and reference A), the third with its number changed.
    (tmp_path / "x.zh").write_text("他补充，沙巴今年至今共发出2万4801张报生纸。\n我 12 月时输入过\n售价3999元\n",
                                   encoding="utf-8")
    (tmp_path / "x.en").write_text("He added that Sabah has issued 24,801 birth certificates so far this year.\n"
                                   "I entered it in December.\nPriced at 399 yuan\n", encoding="utf-8")
    document = tqa.read(tmp_path / "x.en", source=tmp_path / "x.zh")
    result = tqa.analyze_document(document, glossary, checks=[NumbersCheck()])
    assert [(f.unit, f.line, f.rule, f.text) for f in result.findings] == [("3", 3, MISMATCH, "399")]


# --- the Chinese reader -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("numeral, value", [
    ("三千五百", 3500), ("两百", 200), ("十一万三", 113000), ("一万二", 12000), ("二〇二一", 2021), ("三点五", 3.5),
    ("十", 10), ("万", 10000), ("五千万", 50_000_000), ("一千零一", 1001),
])
def test_chinese_value_reads_a_numeral_through_cn2an(numeral, value):
    assert numbers_zh.chinese_value(numeral) == Fraction(str(value))


@pytest.mark.parametrize("numeral", ["两三", "七八", "一一", "十几", "百分", "", "三x"])
def test_chinese_value_refuses_what_cn2an_gets_wrong_or_is_not_one_number(numeral):
    assert numbers_zh.chinese_value(numeral) is None


@pytest.mark.parametrize("run, low, high", [
    ("3.5万", 35000, 35000), ("3.5亿", 350_000_000, 350_000_000), ("1.2万亿", 1_200_000_000_000, 1_200_000_000_000),
    ("500万", 5_000_000, 5_000_000), ("2万4801", 24801, 24801), ("1亿2000万", 120_000_000, 120_000_000),
    ("十几", 10, 20), ("二十几", 20, 30), ("几十", 20, 100), ("数百", 200, 1000), ("几十万", 200_000, 1_000_000),
    ("上万", 10000, 100000), ("上百", 100, 1000), ("三十多", 30, 40), ("30余", 30, 40), ("一百多", 100, 200),
    ("3000多万", 30_000_000, 40_000_000), ("一万多", 10000, 20000), ("十几千", 10000, 20000),
    ("两三", 2, 4), ("七八十", 70, 90), ("十七八", 17, 19), ("三四百", 300, 500), ("千亿", 10**11, 10**11),
])
def test_parse_number_gives_the_value_or_the_interval_of_a_numeral_run(run, low, high):
    assert numbers_zh.parse_number(run) == (Fraction(low), Fraction(high))


@pytest.mark.parametrize("run", ["几", "多", "3万5万", "几十多"])
def test_parse_number_refuses_what_is_not_a_number(run):
    assert numbers_zh.parse_number(run) is None


def zh(text: str) -> list[tuple[str, str, bool]]:
    return [(m.text, m.kind, m.strong) for m in numbers_zh.extract(text)]


def test_chinese_dates_times_and_weekdays_are_read_with_their_kind():
    assert zh("2021年7月25日19时54分") == [("2021", "year", True), ("7月", "month", True), ("25", "day", True),
                                         ("19时54分", "time", True)]
    assert zh("每年的3至6月") == [("3", "month", True), ("6月", "month", True)]
    assert zh("外交部周六表示，一周一次") == [("周六", "weekday", True), ("一", "number", False),
                                             ("一", "number", False)]
    assert zh("2021.6.11部分") == [("2021", "year", True), ("6", "month", True), ("11", "day", True)]


def test_words_made_of_numerals_are_not_numbers():
    assert zh("十分感谢，千万不要，万一下雨") == []
    assert zh("红十字会") == []
    assert zh("陆先生") == []  # 陆, the formal 6, is a surname


def test_single_chinese_numerals_are_weak_and_larger_ones_strong():
    assert zh("两国企业签署了三份备忘录") == [("两", "number", False), ("三", "number", False)]
    assert zh("五十名工人") == [("五十", "number", True)]
    assert zh("这3所大学") == [("3", "number", False)]  # counted before: "these universities"


def test_the_quick_test_passes_every_source_with_a_strong_number():
    # The check skips a unit whose source fails MAY_HAVE_STRONG and whose target has no digits: that must never
    # skip a number the target needs.
    for source, *_ in NOT_FLAGGED + FLAGGED:
        if any(m.strong for m in numbers_zh.extract(source)):
            assert numbers_zh.MAY_HAVE_STRONG.search(source), source
    assert not numbers_zh.MAY_HAVE_STRONG.search("两国企业签署了一份备忘录")


def test_numbers_in_names_and_placeholders():
    assert [(m.text, m.kind) for m in numbers_zh.extract("iPhone 13和Mate40，#NUMBER#")] == [
        ("13", "code"), ("40", "code"), ("#NUMBER#", "placeholder")]
    # the digits of a web address only serve as the counterpart of the same digits in a broken address
    assert zh("链接https://zhuanlan.zhihu.com/p/60474873") == [("60474873", "code", False)]


def test_a_scale_written_once_applies_to_both_ends_of_a_range():
    first, second = numbers_zh.extract("3~5万元")
    assert {r.low for r in first.readings} == {3, 30000}
    assert second.value == 50000


# --- the English reader -------------------------------------------------------------------------------------------

def en(text: str) -> list[tuple[str, str, Fraction | None, bool]]:
    return [(m.text, m.kind, m.value, m.strong) for m in numbers_en.extract(text)]


@pytest.mark.parametrize("text, value", [
    ("2.5 billion", 2_500_000_000), ("350m", 350_000_000), ("$5bn", 5_000_000_000), ("5 million", 5_000_000),
    ("1.2 trillion", 1_200_000_000_000), ("24,801", 24801), ("1 234", 1234), ("5k", 5000), ("3.5", 3.5),
])
def test_english_digits_with_scale_words(text, value):
    (mention,) = numbers_en.extract(text)
    assert mention.value == Fraction(str(value)) and mention.strong


@pytest.mark.parametrize("text, value", [
    ("three", 3), ("twenty-five", 25), ("two hundred and fifty thousand", 250000), ("a hundred", 100),
    ("a dozen", 12), ("two dozen", 24), ("a dozen thousand", 12000), ("one and a half", 1.5),
    ("half a million", 500000), ("twenty-first", 21), ("two thirds", Fraction(2, 3)), ("five percent", 5),
])
def test_english_number_words_are_weak_with_their_value(text, value):
    (mention,) = numbers_en.extract(text)
    assert mention.value == (value if isinstance(value, Fraction) else Fraction(str(value)))
    assert not mention.strong


def test_english_words_that_split_into_several_numbers():
    assert [m.value for m in numbers_en.extract("one two three")] == [1, 2, 3]


def test_english_dates_times_months_and_weekdays():
    assert en("on Saturday, December 11, 2021 at 7:54 pm") == [
        ("Saturday", "weekday", 6, True), ("December", "month", 12, False), ("11", "number", 11, True),
        ("2021", "number", 2021, True), ("7:54 pm", "time", 19 * 60 + 54, True)]
    assert [m.text for m in numbers_en.extract("May I ask? It may rain in May 2021.")] == ["May", "2021"]
    assert en("the 1990s") == [("1990s", "year", 1990, True)]


def test_english_codes_are_weak_and_keep_their_digits():
    assert en("COVID-19, G20, 5G, Shenzhou-13, mid-2021") == [
        ("COVID-19", "code", 19, False), ("20", "code", 20, False), ("5", "code", 5, False),
        ("13", "code", 13, False), ("2021", "number", 2021, True)]


def test_english_percentages_and_points():
    assert en("5% and 5 percentage points and 5 per cent") == [
        ("5%", "percent", 5, True), ("5 percentage points", "points", 5, True), ("5 per cent", "percent", 5, True)]


# --- when two numbers agree -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("source, target", [
    ("7月", "July"), ("十几", "a dozen"), ("百分之五", "5 percent"), ("三分之一", "1/3"), ("24时", "midnight"),
    ("3.5亿", "350 million"), ("#NUMBER#", "42"), ("一半", "50%"),
])
def test_agree(source, target):
    (a,) = numbers_zh.extract(source)
    (b,) = numbers_en.extract(target)
    assert agree(a, b)


@pytest.mark.parametrize("source, target", [
    ("7月", "7 days"), ("十几", "dozens"), ("5个百分点", "5%"), ("iPhone 13", "thirteen"), ("3.5亿", "35 million"),
])
def test_do_not_agree(source, target):
    a = [m for m in numbers_zh.extract(source) if m.strong][0]
    b = numbers_en.extract(target)[0]
    assert not agree(a, b)


@pytest.mark.parametrize("precise, rounded, expected", [
    ("345600000", "346000000", True), ("23456789", "23460000", True), ("12.5", "13", True), ("3.75", "3.8", True),
    ("15", "20", False), ("2021", "2020", False), ("2.5", "3", False), ("1234", "1230", False),
])
def test_a_translator_may_round_a_precise_number_but_not_a_count(precise, rounded, expected):
    assert rounds_to(Fraction(precise), Fraction(rounded)) is expected


# --- a long unit: a table or an article on one line -----------------------------------------------------------

def test_in_a_long_unit_numbers_are_matched_near_their_place(glossary):
    from tqa.checks.numbers import _NEAR

    rows = 3 * _NEAR  # more numbers on each side than are compared all with all
    # Amounts of two significant figures, no two within rounding of each other (1.0 to 9.9 million, repeating).
    source = "".join(f"第{k + 1}项收入{10 + k % 90}0万元。" for k in range(rows))
    target = " ".join(f"Item {k + 1}: revenue of {(10 + k % 90) / 10:g} million yuan." for k in range(rows))
    assert found(source, target, glossary) == []
    wrong = target.replace("Item 151: revenue of 7 million", "Item 151: revenue of 70 million")
    assert found(source, wrong, glossary) == [("numbers.mismatch", "70 million", "700万", Severity.CRITICAL)]
