"""Names: a Chinese person's name in the source should be in the target as a name, in pinyin or another
romanisation, not translated word by word ("Li Keqiang", not "plum overcome strong") and not left out.

**Finding a name in the source.** jieba's part-of-speech tagger marks person names ``nr``, but it marks hundreds
of ordinary words so too (谢谢, 荣誉, 顾客, 明白, 卫星, 封城, 夏令时…): on the WMT22 dev source, most of what it tags
``nr`` is not a person. So a word it tags ``nr`` is a candidate only when it looks like a Chinese name:
- a surname of :data:`SURNAMES` (one character, or two: 欧阳, 司马) and a given name of one or two characters, or
  a surname and a title (李先生, 林某: then only the surname is asked for); a surname that jieba cut off the
  given name is joined to it again (记者高文成 → 高 / 文成);
- not a common word of jieba's dictionary, and its given name not one either (:data:`MAX_WORD_FREQUENCY`);
- not the end of a longer foreign name (中村修二), and not ending in a character that transliterates foreign
  names (林肯 Lincoln, 桑德斯 Sanders, 李凯儿 Rickert) or names things (夏奥会, 石英表, 宣传部).

A candidate is taken as a person when it is *sure* — a full name with one of the hundred most common surnames
that jieba found outside its dictionary (张忠谋, 孙艺风), or a surname with a title — or when the words around it
say so: a role before it (记者, 教授), a verb of saying or a title after it (表示, 先生), or a list with a name
already taken (刘遵义、陈凯先、李兰娟). Short names and dictionary words (陈凯, 唐凤, 朱丽兰) need such a cue:
names are missed rather than words taken for names.

**What counts as romanised.** The target has the name when it has, as a capitalised word, the surname in any
of its usual spellings, or the given name: pinyin (every reading of each character: 单 Shan, 曾 Zeng), Wade–Giles
without apostrophes (Chiang, Hsieh, Teng-hui, computed by :func:`wade_giles`), and for surnames the Cantonese,
Hokkien, Korean and Vietnamese spellings that names written in English use (Cheung, Lam, Tan, Lim, Kim, Park,
Nguyen). The given name may be joined, hyphenated or spaced and come first ("Keqiang", "Ke-qiang", "Keqiang Li");
the whole name may be one run of letters ("Xiulipeng", "Linmou"). So a Taiwanese, Hong Kong or overseas name
(Tsai Ing-wen, Lee Teng-hui, Nathan Law 罗冠聪, Morris Chang 张忠谋, Audrey Tang 唐凤) passes on its surname,
and a few people known in English by another name are listed (孔子 Confucius, 邵逸夫 Run Run Shaw). A name
left in Chinese characters is the language and copies checks' business.

The finding (``names.not-romanized``, Accuracy/Mistranslation, major) is about the source: its source span is
the name and its message gives the pinyin. It cannot tell a word-by-word translation from a name the
translation leaves out; on WMT22 dev MT output most of what it finds are names left out (reporters' bylines).
It is off by default (``default = False``; ``--extend-select names``): jieba's tagger costs more than every
default check together, for a few findings per thousand segments (README: the names check).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Iterable

from ..model import Finding, Severity, Unit
from ..rules import Rule, check_rule
from .base import UnitCheck, near
from ..lazyre import lazy_compile

RULE = "names.not-romanized"
CATEGORY = "Accuracy/Mistranslation"

# Surnames and the spellings names written in English give them besides pinyin and Wade-Giles (computed):
# Cantonese (Hong Kong, Macau), Hokkien and Teochew (Singapore, Malaysia, Taiwan), Korean, Vietnamese and
# customary ones (Soong, Kung, Shaw). "SURNAME Spelling Spelling | ...".
_SURNAME_DATA = """
王 Wong Ong Heng Vuong | 李 Lee Lei Ly Lie Yi Rhee Rhie | 张 Cheung Chong Teo Jang Trương | 刘 Lau Lao Yoo Luu
陈 Chan Tan Chin Tran Chun | 杨 Yeung Yeo Yeoh Yong Duong Young | 黄 Wong Ng Huynh Hoang Ong Wee Hwang Ooi
赵 Chiu Chew Cho Jo Trieu Chao | 吴 Ng Goh Woo Ngo Oh Gouw | 周 Chow Chau Chew Joo Chu | 徐 Tsui Chui Seo Chee Hsu
孙 Suen Sun Soon Son | 马 Mah Beh | 朱 Chu Choo Chue Joo | 胡 Wu Woo Ho Oh Hu | 郭 Kwok Kuo Kwek Quek Kwak Koay
何 Ho Hor Ha Hoh | 高 Ko Koh Go Kao Cao | 林 Lam Lim Lin Im | 罗 Law Lo Loh Lor Na Roh
郑 Cheng Tay Teh Chung Jung Jeong Trinh Cheang | 梁 Leung Leong Neo Liang Yang Luong | 谢 Tse Chia Seah Sia Hsieh Ta
宋 Sung Soong Song Tong | 唐 Tong Tang Teng Dang | 许 Hui Koh Khoo Heo Hsu Kho | 韩 Hon Han | 冯 Fung Fong Pang Phung
邓 Tang Teng Dang | 曹 Cho Tso Chaw Tsao | 彭 Pang Phang Peng Bang | 曾 Tsang Chan Tseng Tsen Chang Zeng
肖 Siu Hsiao Seow | 萧 Siu Hsiao Seow | 田 Tin Tien Jeon | 董 Tung Tong Dong | 袁 Yuen Yuan Won Vien
潘 Poon Phua Pan Phan Pun | 于 Yu Yue Woo | 蒋 Chiang Cheung Tseung Jang | 蔡 Choi Tsoi Chua Tsai Chae Thai Sai
余 Yu Yue Yee Ee Yeo | 杜 To Tu Do | 叶 Yip Yap Yeh Ip Yeap Diep | 程 Ching Cheng | 苏 So Soh Sou Su
魏 Ngai Wei Gwee Wi Nguy | 吕 Lui Lu Lyu Lv Loo Yeo | 丁 Ting Dinh Jeong | 任 Yam Jen Im Lim Nham
沈 Shum Sim Shen Shim Tham | 姚 Yiu Yao Yeo Dieu | 卢 Lo Lou Loo No Lu Roh | 姜 Keung Kang Khuong
崔 Chui Tsui Choi Choe Thoi | 钟 Chung Chong Cheong | 谭 Tam Tham Tan Dam | 陆 Luk Yuk Luc | 汪 Wong Uong
范 Fan Pham Bum | 金 Kam Kim Gam Kum Kin | 石 Shek Sek Seok Thach | 廖 Liu Liew Leow Lieu | 贾 Ka Kah | 夏 Ha Har
韦 Wai Wei Vi | 付 Fu Foo Phu | 傅 Fu Foo Phu | 方 Fong Fang Png Bang Phuong | 白 Pak Paik Baek Bach
邹 Chau Chow Chew Tsou | 孟 Mang Meng Maeng Manh | 熊 Hung Hong Heng Hsiung | 秦 Chun Tsun Ching Chin Tan
邱 Yau Khoo Khu Chiu Kou Hsiu | 丘 Yau Khoo Khu Chiu Hsiu | 江 Kong Kang Chiang Giang | 尹 Wan Yoon Yun Doan
薛 Sit Hsueh Seol | 闫 Yim Yen | 阎 Yim Yen | 段 Tuen Duan Doan | 雷 Lui Loi | 侯 Hau Hou | 龙 Lung Long Loong Ryong
史 Sze See Shih | 陶 To Tao Dao | 黎 Lai Le Lay Loy | 贺 Ho Hor Ha | 顾 Koo Ku Kou | 毛 Mo Mao | 郝 Kok Hao
龚 Kung Kong | 邵 Shiu Shaw Siew Shao | 万 Man Wan Ban Van | 钱 Chin Tsin | 严 Yim Yen Eom Nghiem | 覃 Tam Chum Qin
武 Mo Vu Woo | 戴 Tai Tye Day Dai | 莫 Mok Mo Mac | 孔 Hung Kong Kung Khong | 向 Heung Hiang | 汤 Tong Tang Thang
常 Sheung Chang | 温 Wan Wen Woon Voon Oon Un | 康 Hong Kang Khang | 施 Sze Sy Shih Si Thi | 文 Man Moon Van
牛 Ngau Niu | 樊 Fan Phan | 葛 Kot Ko Cat | 邢 Ying Hsing | 安 On Ahn An | 齐 Chai Chi | 易 Yik Yi Dich
乔 Kiu Chiao Kyo | 伍 Ng Wu Ngo | 庞 Pong Pang Bang | 颜 Ngan Gan Yen Nhan | 倪 Ngai Nge Ni Ngo
庄 Chong Chng Chuang Jang | 聂 Nip Nieh Niep | 章 Cheung Chang Teo Chiang | 鲁 Lo Lou Lu Roh No
岳 Ngok Yueh Ak Nhac | 翟 Chak Chai Jak | 殷 Yan Yin Eun | 詹 Chim Chan Cham Chiam | 申 San Sun Shin Shen Than
欧 Au Ow Ou | 耿 Kang Keng | 关 Kwan Kuan Quan | 兰 Lan Nan | 焦 Chiu Chiao Cho | 俞 Yu Yue Yoo | 左 Cho Tso Jwa
柳 Lau Liu Yoo Ryu Yu | 甘 Kam Kan Gam | 祝 Chuk Chu | 包 Pau Pao Bao | 宁 Ning Leng | 尚 Sheung Shang Sang
符 Fu Foo Phu | 舒 Shu Sue | 阮 Yuen Nguyen Ng Won | 柯 Or Kua Ko Ke | 纪 Kei Ki Chi Kee | 梅 Mui Moy Boey Mai
童 Tung Tong Dong | 凌 Ling Leng Neung | 毕 Pat Bat Pi Tat | 单 Sin Shan Dan | 季 Kwai Chi Kui Quy
裴 Pui Pei Bae Bui | 霍 Fok Huo Hoh | 涂 To Tu Do | 成 Shing Seng Cheng Sung Thanh | 苗 Miu Miao | 谷 Kuk Ku Gok
盛 Shing Sheng | 曲 Kuk Chu | 翁 Yung Ung Ong Weng | 冉 Yim Jan | 骆 Lok Lo | 蓝 Lam Nam Lan | 路 Lo Lu Ro
游 Yau Yu Yew Iu | 辛 San Shin Sin Tan | 靳 Kan Chin | 管 Kwun Kuan | 柴 Chai Chaai | 蒙 Mung Mong | 鲍 Pau Pao Bao
华 Wa Wah Hua | 喻 Yu Yue | 祁 Kei Chi | 蒲 Po Pu | 房 Fong Fang Bang | 滕 Tang Teng | 屈 Wat Chu | 饶 Yiu Jao
解 Kai Hsieh | 牟 Mau Mou | 艾 Ngai Ai | 尤 Yau Yu | 阳 Yeung Yang | 时 Sze Shih | 穆 Muk Mu | 司 Sze Szu
卓 Cheuk Toh Cho | 古 Ku Koo | 吉 Kat Chi Kil | 缪 Miu Miao | 简 Kan Chien | 车 Che Chia Cha Xa | 项 Hong Hsiang
连 Lin Lien | 麦 Mak Mai Mack | 褚 Chu Chue | 娄 Lau Lou | 窦 Dau Tou | 戚 Chik Chi | 岑 Sham Shum Tsen
景 King Ching | 党 Tong Tang | 宫 Kung Gung | 费 Fai Fei | 卜 Pok Pu | 冷 Lang Leng | 晏 Aan Yen | 席 Chik Hsi
卫 Wai Wei Vy | 米 Mai Mi | 柏 Pak Pai | 宗 Chung Tsung | 瞿 Kui Chu | 桂 Kwai Kuei | 全 Chuen Chuan Jeon Chun
佟 Tung Tong | 应 Ying Yeng | 臧 Chong Tsang | 闵 Man Min | 苟 Kau Kou | 边 Pin Byun Pien | 卞 Pin Byun Pien
姬 Kei Chi | 师 Sze Shih | 仇 Sau Chiu | 栾 Luen Luan | 隋 Chui Sui | 商 Sheung Shang | 刁 Tiu Tiao | 沙 Sa Sha
荣 Wing Jung Yung | 巫 Mo Wu Boo | 寇 Kau Kou | 桑 Song Sang | 郎 Long Lang | 甄 Yan Chen Chan | 丛 Chung Tsung
仲 Chung | 虞 Yu Yue | 敖 Ngo Ao | 巩 Kung Gong | 明 Ming Minh | 池 Chi Ji | 查 Cha Tsa Char | 麻 Ma | 苑 Yuen Yuan
迟 Chi Chih | 邝 Kwong Kuang | 官 Kun Kuan | 封 Fung Feng | 谈 Tam Tan | 匡 Hong Kuang | 鞠 Kuk Chu | 惠 Wai Hui
荆 King Ching | 乐 Lok Yueh Lo | 冀 Kei Chi | 郁 Wat Yu | 胥 Sui Hsu | 南 Nam Nan | 班 Pan Ban | 储 Chu Chue
原 Yuen Won | 栗 Lut Li | 燕 Yin Yen | 楚 Chor Chu | 鄢 Yin Yen | 劳 Lo Lao | 奚 Hai Hsi | 皮 Pei Pi | 冼 Sin Hsien
蔺 Lun Lin | 楼 Lau Lou | 闻 Man Wen | 厉 Lai Li | 伊 Yi | 区 Au Ou | 权 Kuen Kwon Chuan | 帅 Shuai Sui | 屠 To Tu
朴 Park Pak Bak Phac | 盖 Koi Kai | 练 Lin Lien | 廉 Lim Lien Yeom | 禹 Yu Woo | 井 Tseng Ching | 祖 Cho Tsu
巴 Pa Ba | 支 Chi Chih | 卿 Hing Ching | 狄 Tek Ti | 计 Kai Chi | 宣 Suen Hsuan Sun | 晋 Chun Chin | 云 Wan Yun
容 Yung Jung | 来 Loi Lai | 芮 Yui Jui | 戈 Kwo Ko | 伏 Fuk Fu | 鹿 Luk Lu | 雍 Yung | 辜 Koo Ku | 裘 Kau Chiu
修 Sau Hsiu | 邰 Toi Tai | 赫 Hak Ho | 杭 Hong Hang | 宿 Suk Su | 印 Yan Yin | 茹 Yu Ju | 诸 Chu | 慕 Mo Mu
戎 Yung Jung | 茅 Mau Mao | 揭 Kit Chieh | 干 Kon Kan | 尉 Wai Wei | 衣 Yi | 展 Chin Chan | 阴 Yam Yin
幸 Hang Hsing | 衡 Hang Heng | 富 Fu Foo | 晁 Chiu Chao | 邬 Wu Oo | 邸 Tai Ti | 侍 Sze Shih | 洪 Hung Ang Hong Ung
尧 Yiu Yao | 湛 Cham Chan | 钮 Nau Niu | 冒 Mo Mao | 农 Nung Nong | 上官 Sheung-Kwun Shangkuan
欧阳 Au-Yeung Auyeung Ouyang Owyang | 司马 Sze-Ma Szema Ssuma | 诸葛 Chu-Ko Chuko Zhuge
司徒 Szeto Seeto Sitou Situ | 东方 Tung-Fong Tungfong | 皇甫 Wong-Po Huangfu | 令狐 Ling-Wu Linghu
慕容 Mo-Yung Murong | 夏侯 Ha-Hau Hsiahou | 尉迟 Wat-Chi Yuchi | 公孙 Kung-Sun Gongsun | 长孙 Cheung-Suen Zhangsun
宇文 Yu-Man Yuwen | 端木 Tuen-Muk Duanmu | 轩辕 Hsuan-Yuan Xuanyuan | 申屠 San-To Shentu | 澹台 Tam-Toi Tantai
呼延 Fu-Yin Huyan
"""

#: Surname -> the spellings besides pinyin and Wade-Giles that names written in English give it.
SURNAMES: dict[str, tuple[str, ...]] = {
    fields[0]: tuple(fields[1:])
    for fields in (entry.split() for entry in _SURNAME_DATA.replace("\n", "|").split("|") if entry.strip())
}

#: The hundred most common surnames: a full name with one of them that jieba finds outside its dictionary is a
#: name without a cue around it.
COMMON_SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
                            "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
                            "万钱严覃武戴莫孔向汤")

#: Titles after a surname: the surname alone stands for the person (李先生 "Mr. Li", 林某 "a man surnamed Lin").
TITLES = ("先生", "女士", "小姐", "某某", "某", "氏", "老师", "教授", "博士", "医生", "大夫", "总", "姐", "哥", "叔",
          "伯", "阿姨", "老", "师傅", "同学", "书记", "主任", "局长", "院士")

#: Last characters of transliterated foreign names (林肯 Lincoln, 桑德斯 Sanders, 文森 Vincent, 李凯儿 Rickert):
#: a given name ending in one is taken as a transliteration, which is not romanised from pinyin.
FOREIGN_ENDINGS = frozenset("斯尔特姆普茨兹基娃诺维塞莱迪蒂尼卡拉巴布里格肯朗奇耶丝莎恩沁鲁伦顿逊泰纳森乌儿")

#: Last characters of names of things, places and organisations, seldom of a given name (夏奥会, 石英表, 宣传部).
THING_ENDINGS = frozenset("部局会院厅委办所站馆社报网司厂店园村镇县省区湖岛表奖节法赛队团门路街桥港寺庙楼堂宫城州术"
                          "业品剂药素器机车船费税价率时河巾茶酒汤汁")

#: Words around a name that say it is a person: a role before it, a verb of saying or a title after it.
CUES_BEFORE = ("记者", "通讯员", "教授", "院士", "博士", "主任", "总统", "主席", "总理", "部长", "书记", "市长", "省长",
               "县长", "校长", "院长", "董事长", "总经理", "经理", "总裁", "专家", "作家", "导演", "演员", "歌手", "选手",
               "运动员", "主持人", "负责人", "创始人", "发言人", "医生", "老师", "同学", "网友", "村民", "患者", "嫌疑人",
               "被告人", "委员", "会长", "局长", "处长", "科长", "队长", "馆长", "编辑", "作者", "画家", "诗人", "学者",
               "研究员", "工程师", "大使", "居民", "市民", "民警", "法官", "律师", "志愿者", "店主", "老板")
CUES_AFTER = ("说", "表示", "指出", "介绍", "认为", "称", "强调", "透露", "告诉", "回忆", "解释", "坦言", "笑称", "直言",
              "提到", "先生", "女士", "教授", "院士", "博士", "主任", "同志", "总统", "主席", "总理", "部长", "书记",
              "市长", "省长", "校长", "院长", "老师", "医生", "等人", "夫妇", "本人", "说道", "曾经", "的妻子", "的丈夫",
              "的父亲", "的母亲", "的儿子", "的女儿", "获颁", "宣读", "出生", "去世")

#: People known in English by a name that is not a romanisation of theirs (the first is the one to suggest).
KNOWN_AS: dict[str, tuple[str, ...]] = {
    "孔子": ("Confucius", "Kongzi", "Kong Fuzi"), "孟子": ("Mencius", "Mengzi"),
    "庄子": ("Zhuangzi", "Chuang Tzu", "Chuang-tzu"), "孙中山": ("Sun Yat-sen", "Sun Zhongshan"),
    "孙逸仙": ("Sun Yat-sen",), "蒋介石": ("Chiang Kai-shek", "Jiang Jieshi"),
    "成吉思汗": ("Genghis Khan", "Chinggis Khan"), "邵逸夫": ("Run Run Shaw", "Shaw Yat-fu", "Shao Yifu"),
}

#: A name, or a given name, that is a word of jieba's dictionary more frequent than this is a common word, even
#: when jieba tags it ``nr`` (荣誉 2877, 卫星 3057; 段时间 is 一段时间 cut wrongly: 时间 is in the tens of
#: thousands); names in the dictionary are rarer (李克强 6, 邵逸夫 16, 李登辉 82, 朱丽兰 261).
MAX_WORD_FREQUENCY = 300

#: The shortest run of letters taken as a whole name written as one word ("Xiulipeng", "Linmou", "Shaoyifu"):
#: shorter runs turn up across ordinary words by chance.
MIN_RUN = 6

#: Spellings that are also English words often at the start of a sentence, where a capital does not make them a
#: name ("He said" is not 何, "So" is not 苏); "I" and "A" are never names.
ENGLISH_WORDS = frozenset("he an on or so do to go oh no see".split())
NEVER_NAMES = frozenset({"i", "a"})

_COMPOUND = tuple(s for s in SURNAMES if len(s) == 2)
_HAN = lazy_compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HAN_WORD = lazy_compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = lazy_compile(r"[A-Za-z]+")
_POSSESSIVE = lazy_compile(r"[’']s\b")
_APOSTROPHE = lazy_compile(r"(?<=[A-Za-z])[’'‘ʼ](?=[A-Za-z])")
_SENTENCE_START = lazy_compile(r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bProf)[.!?:;\"“”‘(\[—–…]")


@dataclass(frozen=True)
class Name:
    """A person's name in a source: where it is, its surname and given name (empty when a title stands for
    it), and how it is written in pinyin ("Li Keqiang")."""

    start: int
    end: int
    text: str
    surname: str
    given: str

    @property
    def pinyin(self) -> str:
        if self.text in KNOWN_AS:
            return KNOWN_AS[self.text][0]
        surname = "".join(_readings(c)[0] for c in self.surname).capitalize()
        given = "".join(_readings(c)[0] for c in self.given).capitalize()
        return f"{surname} {given}".strip()


# -- romanisation -------------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _readings(char: str) -> tuple[str, ...]:
    """Every pinyin reading of ``char`` without tones, the common one first (ü as u)."""
    from pypinyin import Style, pinyin

    readings = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return tuple(dict.fromkeys(r.replace("v", "u") for r in (readings[0] if readings else [])))


_WG_INITIALS = (("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("p", "p"), ("d", "t"), ("t", "t"),
                ("g", "k"), ("k", "k"), ("j", "ch"), ("q", "ch"), ("x", "hs"), ("z", "ts"), ("c", "ts"),
                ("r", "j"), ("h", "h"), ("f", "f"), ("m", "m"), ("n", "n"), ("l", "l"), ("s", "s"))
_WG_WHOLE = {"zhi": "chih", "chi": "chih", "shi": "shih", "ri": "jih", "zi": "tzu", "ci": "tzu", "si": "ssu",
             "er": "erh", "yan": "yen", "ye": "yeh", "yue": "yueh", "you": "yu", "yong": "yung", "yi": "i"}


def wade_giles(syllable: str) -> str:
    """The Wade–Giles spelling of a toneless pinyin syllable, without apostrophes and umlauts ("qiang" →
    "chiang", "xie" → "hsieh", "deng" → "teng", "zhi" → "chih", "guo" → "kuo", "rong" → "jung")."""
    if syllable in _WG_WHOLE:
        return _WG_WHOLE[syllable]
    if syllable[:1] in ("y", "w"):
        return syllable.replace("ong", "ung")
    initial, wg_initial = next(((i, w) for i, w in _WG_INITIALS if syllable.startswith(i)), ("", ""))
    final = syllable[len(initial):]
    if final == "e" and initial in ("g", "k", "h"):
        final = "o"
    elif final == "uo" and initial not in ("g", "k", "h", "sh"):
        final = "o"
    elif final == "ui" and initial in ("g", "k"):
        final = "uei"
    elif final in ("ue", "ve"):
        final = "ueh"
    elif final == "ie":
        final = "ieh"
    elif final.endswith("ong"):
        final = final[:-3] + "ung"  # iong too
    elif final == "ian":
        final = "ien"
    return wg_initial + final


@lru_cache(maxsize=None)
def syllables(char: str) -> frozenset[str]:
    """How one character of a name may be spelt, lower case and without marks: its pinyin readings and their
    Wade–Giles forms (and Ing, In for ying, yin: Tsai Ing-wen)."""
    forms = set()
    for reading in _readings(char):
        forms.update({reading, wade_giles(reading)})
        if reading in ("yin", "ying"):
            forms.add(reading[1:])
    return frozenset(forms - NEVER_NAMES)


@lru_cache(maxsize=None)
def surname_forms(surname: str) -> frozenset[str]:
    """Every spelling of a surname that a target may use, lower case: pinyin, Wade–Giles and the listed ones."""
    forms = {"".join(parts) for parts in product(*(sorted(syllables(c)) for c in surname))}
    forms.update(_fold(spelling).lower().replace("-", "") for spelling in SURNAMES.get(surname, ()))
    return frozenset(forms - NEVER_NAMES)


def _fold(text: str) -> str:
    """``text`` without accents (Trương → Truong, Lü → Lu)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# -- the source -----------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # jieba announces building its dictionary on stderr
    jieba.initialize()
    return jieba.posseg.dt, jieba.dt.FREQ


def _frequency(word: str, frequencies) -> int:
    return frequencies.get(word) or 0


def _han(word: str) -> bool:
    return bool(_HAN_WORD.fullmatch(word))


@lru_cache(maxsize=4096)
def find_names(source: str) -> tuple[Name, ...]:
    """The Chinese person's names in ``source``, in order (cached: a source is tagged once, however many
    targets are checked against it)."""
    if not _HAN.search(source):
        return ()
    tagger, frequencies = _tagger()
    pairs = [(pair.word, pair.flag) for pair in tagger.cut(source)]
    words = [word for word, _ in pairs]
    starts = [0]
    for word in words:
        starts.append(starts[-1] + len(word))
    found: list[tuple[int, int, str, str, bool]] = []  # first word, last word, surname, given name, sure
    skip_to = 0
    for index, (word, flag) in enumerate(pairs):
        if index < skip_to:
            continue
        if word in KNOWN_AS:
            found.append((index, index, word[:1], word[1:], True))
            continue
        if flag not in ("nr", "nrfg"):
            continue
        before = words[index - 1] if index else ""
        after = words[index + 1] if index + 1 < len(words) else ""
        if before in SURNAMES and _han(word) and len(word) <= 2 and (index < 2 or _boundary(words[index - 2])):
            found.append((index - 1, index, before, word, False))  # 记者高文成 → 高 / 文成
            continue
        if len(before) >= 2 and _han(before) and pairs[index - 1][1] in ("nr", "nrfg", "nrt", "ns"):
            continue  # the end of a longer, foreign name: 中村修二 → 中村 / 修二
        if word in SURNAMES and after in TITLES:
            found.append((index, index + 1, word, "", True))  # 李 / 先生
            skip_to = index + 2
            continue
        if (word in SURNAMES and _han(after) and len(after) <= 2 and (index == 0 or _boundary(before))
                and pairs[index + 1][1] not in ("v", "p", "c", "u", "d", "x")):
            found.append((index, index + 1, word, after, False))  # 向刘遵义 → 刘 / 遵义
            skip_to = index + 2
            continue
        parts = _split(word, frequencies)
        if parts is not None:
            surname, given = parts
            sure = not given or (surname in COMMON_SURNAMES and len(given) == 2 and word not in frequencies)
            found.append((index, index, surname, given, sure))
    taken = [sure or _cued(words, first, last) for first, last, _, _, sure in found]
    changed = True
    while changed:  # a name in a list with a name taken is taken (刘遵义、陈凯先、李兰娟)
        changed = False
        for position, (first, last, *_) in enumerate(found):
            if not taken[position] and any(0 <= other < len(found) and taken[other]
                                           and _listed(words, found[other], first, last)
                                           for other in (position - 1, position + 1)):
                taken[position] = changed = True
    return tuple(Name(starts[first], starts[last + 1], source[starts[first]:starts[last + 1]], surname, given)
                 for (first, last, surname, given, _), take in zip(found, taken) if take)


def _split(word: str, frequencies) -> tuple[str, str] | None:
    """(surname, given name) of a word that looks like a Chinese person's name, (surname, "") for a surname
    with a title, None otherwise."""
    surname = next((s for s in _COMPOUND if word.startswith(s)), word[:1])
    if surname not in SURNAMES:
        return None
    rest = word[len(surname):]
    if rest in TITLES:
        return surname, ""
    if not 1 <= len(rest) <= 2 or not _han(rest) or rest[-1] in FOREIGN_ENDINGS or rest[-1] in THING_ENDINGS:
        return None
    if _frequency(word, frequencies) > MAX_WORD_FREQUENCY or _frequency(rest, frequencies) > MAX_WORD_FREQUENCY:
        return None  # a common word (荣誉, 卫星), or a word cut wrongly (一段时间 → 一 / 段时间)
    return surname, rest


def _boundary(word: str) -> bool:
    """Whether a name may start after ``word``: punctuation, white space, or a role (记者)."""
    return (not _HAN.search(word) and not word.isalnum()) or word.endswith(CUES_BEFORE)


def _cued(words: list[str], first: int, last: int) -> bool:
    """Whether the words around ``words[first:last + 1]`` say that it is a person: a role before it (记者,
    教授), a verb of saying or a title after it (表示, 先生)."""
    before = next((w for w in reversed(words[:first]) if w.strip()), "")
    after = next((w for w in words[last + 1:] if w.strip()), "")
    return before.endswith(CUES_BEFORE) or after.startswith(CUES_AFTER)


def _listed(words: list[str], other: tuple, first: int, last: int) -> bool:
    """Whether the name at ``words[first:last + 1]`` and ``other`` stand side by side in a list (刘遵义、陈凯先;
    周娜 滕怀金): separators between them, and nothing else."""
    between = "".join(words[other[1] + 1:first] if other[1] < first else words[last + 1:other[0]])
    return bool(between) and between.strip(" 、，,和及与") == ""


# -- the target -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TargetText:
    """A target as names are looked for in it: its words in lower case without accents or apostrophes
    (K'o-ch'iang → ko, chiang; Li's → li); the same with "" for the words not written with a capital (and for
    English words that have one only because they start a sentence); all its letters run together
    ("Shaoyifu Hospital" → shaoyifuhospital)."""

    text: str
    words: tuple[str, ...]
    capitalised: tuple[str, ...]
    letters: str
    present: frozenset[str] = frozenset()  # the capitalised words
    lowered: str = ""  # the text in lower case

    @classmethod
    def of(cls, target: str) -> "TargetText":
        folded = _APOSTROPHE.sub("", _POSSESSIVE.sub("", _fold(target)))
        words, capitalised = [], []
        previous_end = 0
        for match in _WORD.finditer(folded):
            word = match.group().lower()
            starts_sentence = not words or bool(_SENTENCE_START.search(folded, previous_end, match.start()))
            name_like = match.group()[0].isupper() and not (starts_sentence and word in ENGLISH_WORDS)
            words.append(word)
            capitalised.append(word if name_like else "")
            previous_end = match.end()
        return cls(target, tuple(words), tuple(capitalised), "".join(words), frozenset(capitalised), target.lower())


def romanized(name: Name, target: "TargetText | str") -> bool:
    """Whether ``target`` has ``name``: its surname or its given name in a romanisation, as a capitalised word;
    the whole name as one run of letters ("Xiulipeng"); the English name it is known by; or the name itself in
    Chinese characters (which the language and copies checks judge)."""
    if isinstance(target, str):
        target = TargetText.of(target)
    if name.text in target.text:
        return True
    if any(known.lower() in target.lowered for known in KNOWN_AS.get(name.text, ())):
        return True
    present = target.present
    if present & surname_forms(name.surname):
        return True
    whole = [surname_forms(name.surname)] + [syllables(c) for c in name.text[len(name.surname):]]
    if any(len(run) >= MIN_RUN and run in target.letters for run in map("".join, product(*whole))):
        return True  # "Xiulipeng", "Linmou"
    if not name.given:
        return False
    spellings = [syllables(c) for c in name.given]
    if any("".join(parts) in present for parts in product(*spellings)):
        return True  # "Keqiang"
    if len(spellings) == 2:  # "Ke-qiang", "Ke Qiang": the second syllable may be in lower case
        return any(first in spellings[0] and second in spellings[1]
                   for first, second in zip(target.capitalised, target.words[1:]))
    return False


#: What the rule flags and what it leaves alone, shown by ``tqa rule names.not-romanized`` and run as tests
#: (tests/test_rule_examples.py): (bad|good, source, target), from the WMT22 zh-en test set.
EXAMPLES: tuple[tuple[str, str, str], ...] = (
    # line 742, Online-A: the reporter of the byline left out
    ("bad", "新华社华盛顿５月２３日电（记者徐剑梅）", "WASHINGTON, May 23 (Xinhua) --"),
    # line 736, DLUT: "Sister Mu" left out
    ("bad", "非常感谢穆姐耐心陪伴和悉心教导", "Thank you very much for your patience and diligent teaching."),
    # line 338, ref A: Nathan Law, 罗冠聪, by the Cantonese spelling of his surname
    ("good", "罗冠聪也呼吁自由世界团结起来对抗中共的威胁。",
     "Law also called on the free world to unite against the threat of the CCP."),
)


class NamesCheck(UnitCheck):
    name = "names"
    description = "Chinese person's names in the source that the target does not romanise (translated word by word?)"
    needs_source = True
    default = False  # jieba's tagger costs more than every default check together (README: the names check)

    def rules(self, glossary) -> dict[str, Rule]:
        return {RULE: check_rule(RULE, self.name, "a Chinese person's name in the source has no romanisation in "
                                 "the target (pinyin, Wade-Giles, Cantonese...): translated word by word, or left "
                                 "out", CATEGORY, Severity.MAJOR, examples=EXAMPLES)}

    def check_unit(self, ctx, unit: Unit) -> Iterable[Finding]:
        names = find_names(unit.source or "")
        if not names:
            return
        text = ctx.target_of(unit)
        whole = TargetText.of(text)
        source_length = len(unit.source or "")
        windows: dict[tuple[int, int], TargetText] = {}
        reported: set[str] = set()
        for name in names:
            # In a long unit, the name is looked for only near the place in the target that corresponds to its
            # place in the source (tqa.checks.base.near), so the time stays linear in the unit's length.
            low, high = near(name.start, source_length, len(text))
            if (low, high) == (0, len(text)):
                target = whole
            else:
                low, high = low - low % 4096, min(len(text), high + -high % 4096)
                if (low, high) not in windows:
                    if len(windows) >= 4:
                        windows.clear()
                    windows[(low, high)] = TargetText.of(text[low:high])
                target = windows[(low, high)]
            if name.text in reported or romanized(name, target):
                continue
            reported.add(name.text)
            yield ctx.source_finding(
                unit, name.start, name.end, rule=RULE, check=self.name, category=CATEGORY,
                severity=Severity.MAJOR,
                message=f"the name {name.text} ({name.pinyin}) is not in the target in pinyin or another "
                        f"romanisation: translated word by word, or left out?")
