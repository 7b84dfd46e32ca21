"""Segmentation: a document is cut into sentences inside lines, with character offsets into the text.

A line break always ends a segment. Inside a line a sentence ends at ``.``, ``!`` or ``?`` followed by white
space and a capital or digit — but not after "Feb.", "Jan.", "Mr.", "No.", the initials of "U.S.", nor
inside a decimal or at a quotation mark. Chinese 。！？ end a sentence without a following space.
"""

from __future__ import annotations

import pytest

import tqa
from helpers import SEED, read_text
from tqa.segment import Segmentation, count_words


def sentences(text: str) -> list[str]:
    return [s.text for s in tqa.segment(text)]


def assert_offsets(text: str) -> None:
    for s in tqa.segment(text):
        assert text[s.start:s.end] == s.text


# --- what does not end a sentence --------------------------------------------------------------------------

def test_a_month_abbreviation_does_not_end_the_sentence_feb_5():
    line = ("Taiwan‘s “Free Finance” reported on Feb. 5 that China’s large Internet has a huge amount of personal "
            "information about the public, and that Ant Group and other large Internet companies have a lot of "
            "information about the public and know more than Zhongnanhai.")
    assert sentences(line) == [line]


def test_a_month_abbreviation_does_not_end_the_sentence_jan_7():
    line = ("Earlier, the Wall Street Journal reported on Jan. 7 that Chinese Communist Party regulators are trying "
            "to get Jack Ma to do something he has long resisted.")
    assert sentences(line) == [line]


def test_the_initials_of_u_s_do_not_end_the_sentence():
    text = "The U.S. Treasury said it would act. Officials declined to comment."
    assert sentences(text) == ["The U.S. Treasury said it would act.", "Officials declined to comment."]


def test_mr_does_not_end_the_sentence():
    text = "Analysts said Mr. Ma would step back. Ant Group declined to comment."
    assert sentences(text) == ["Analysts said Mr. Ma would step back.", "Ant Group declined to comment."]


def test_no_before_a_number_does_not_end_the_sentence():
    text = "Ant Group ranked No. 3 among lenders. Alipay ranked first."
    assert sentences(text) == ["Ant Group ranked No. 3 among lenders.", "Alipay ranked first."]


def test_a_decimal_does_not_end_the_sentence():
    text = "Lending grew 3.5 percent to 1.2 trillion yuan. Reuters reported the figures."
    assert sentences(text) == ["Lending grew 3.5 percent to 1.2 trillion yuan.", "Reuters reported the figures."]


def test_quotation_marks_do_not_split_a_sentence():
    text = "“The data is a public good,” the article said, calling it “shared”."
    assert sentences(text) == [text]


def test_a_sentence_that_ends_inside_closing_quotes_keeps_them():
    text = 'He said "the move will help." Ant Group declined to comment.'
    assert sentences(text) == ['He said "the move will help."', "Ant Group declined to comment."]


def test_a_period_followed_by_lower_case_does_not_end_the_sentence():
    text = "The report, signed by the research group etc. and others, was posted."
    assert sentences(text) == [text]


# --- what does end a sentence ------------------------------------------------------------------------------

def test_real_sentence_ends_split():
    text = "Will the move help? Analysts doubt it! Reuters reported that Ant Group has the data of 1 billion people."
    assert sentences(text) == [
        "Will the move help?", "Analysts doubt it!",
        "Reuters reported that Ant Group has the data of 1 billion people.",
    ]


def test_a_sentence_can_start_with_a_digit():
    assert sentences("Ant Group has the data. 1 billion people use Alipay.") == [
        "Ant Group has the data.", "1 billion people use Alipay."]


def test_a_line_break_always_ends_a_segment_even_mid_sentence():
    text = "Reuters reported that\nAnt Group has the data of 1 billion people"
    segs = tqa.segment(text)
    assert [(s.line, s.text) for s in segs] == [
        (1, "Reuters reported that"), (2, "Ant Group has the data of 1 billion people")]


def test_a_line_break_ends_a_segment_even_after_an_abbreviation():
    assert sentences("He met Mr.\nMa in Hangzhou.") == ["He met Mr.", "Ma in Hangzhou."]


def test_blank_lines_and_indentation_belong_to_no_segment():
    text = "  Reuters reported it.  \n\n\n   Ant Group declined.\t\n"
    segs = tqa.segment(text)
    assert [(s.line, s.text) for s in segs] == [(1, "Reuters reported it."), (4, "Ant Group declined.")]


@pytest.mark.parametrize("blank", ["\u00a0", " \u3000 ", "\u2028", "\x1c"])
def test_a_line_of_non_ascii_white_space_is_not_a_segment(blank):
    text = f"Reuters reported it.\n{blank}\nAnt Group declined."
    assert [(s.line, s.text) for s in tqa.segment(text)] == [(1, "Reuters reported it."), (3, "Ant Group declined.")]
    assert Segmentation(text).count == 2
    # The same in a long text (the numpy path): each such line is left out, and no other.
    long = f"Reuters reported it.\n{blank}\nAnt Group declined.\n" * 3000
    assert len(long.encode("utf-8")) > 65536
    assert Segmentation(long).count == 6000
    assert all(not s.text.isspace() for s in tqa.segment(long))


def test_chinese_sentence_punctuation_ends_a_sentence_without_a_space():
    text = "中国人民银行周五发布文章。文章建议将数据纳入宏观审慎管理！这可行吗？蚂蚁集团未予置评"
    assert sentences(text) == [
        "中国人民银行周五发布文章。", "文章建议将数据纳入宏观审慎管理！", "这可行吗？", "蚂蚁集团未予置评"]


def test_crlf_and_cr_line_endings_are_line_breaks():
    text = "Reuters reported it.\r\nAnt Group declined.\rAlipay said nothing.\nThe end."
    segs = tqa.segment(text)
    assert [(s.line, s.text) for s in segs] == [
        (1, "Reuters reported it."), (2, "Ant Group declined."), (3, "Alipay said nothing."), (4, "The end.")]
    assert [text[s.start:s.end] for s in segs] == [s.text for s in segs]


def test_the_seed_article_is_one_sentence_a_line():
    text = read_text(SEED)
    segs = tqa.segment(text)
    assert [s.line for s in segs] == list(range(1, 13))
    assert [s.index for s in segs] == list(range(1, 13))
    assert [s.text for s in segs] == text.split("\n")
    assert segs[-1].text == "Recent Comments"


def test_the_seed_with_crlf_line_endings_gives_the_same_sentences_at_shifted_offsets():
    lf = read_text(SEED)
    crlf = lf.replace("\n", "\r\n")
    a, b = tqa.segment(lf), tqa.segment(crlf)
    assert [s.text for s in a] == [s.text for s in b]
    assert [s.line for s in a] == [s.line for s in b]
    # Every CRLF before a segment adds one character to its offset.
    assert [s.start + s.line - 1 for s in a] == [s.start for s in b]
    assert all(crlf[s.start:s.end] == s.text for s in b)


@pytest.mark.parametrize("text", [
    "",
    "   \n\n\t  ",
    "Recent Comments",
    "😀 Ant Group said “no.” 中文。Reuters reported it.\r\n\r\nU.S. officials 3.5 No. 3!",
    "\ud800 lone surrogate. Then more.",
])
def test_segment_offsets_point_into_the_text(text):
    assert_offsets(text)


def test_empty_and_blank_texts_have_no_segments():
    assert tqa.segment("") == []
    assert tqa.segment(" \r\n\t\n ") == []


def test_segmentation_maps_offsets_to_lines_columns_and_sentences():
    text = "Reuters reported it. Ant Group declined.\r\nAlipay said nothing."
    seg = Segmentation(text)
    assert seg.count == 3
    assert seg.line_col(0) == (1, 1)
    assert seg.line_col(text.index("Ant")) == (1, 22)
    assert seg.line_col(text.index("Alipay")) == (2, 1)
    assert seg.index_at(text.index("Ant")) == 2
    start, end = seg.sentence_at(text.index("Group"))
    assert text[start:end] == "Ant Group declined."


# --- word counts --------------------------------------------------------------------------------------------

def test_word_count_of_the_seed_is_its_whitespace_tokens():
    text = read_text(SEED)
    assert count_words(text) == len(text.split()) == 442


LARGE_TEXTS = {
    "seed repeated": read_text(SEED) * 30,
    "CRLF": read_text(SEED).replace("\n", "\r\n") * 30,
    "leading and trailing spaces": "   \t " + "Ant Group  declined\t to comment. " * 3000 + " \n\n  ",
    "non-ASCII white space": "Ant\u00a0Group\u3000declined\u2009to\u2028comment\x85again\u202fhere " * 3000,
    "ASCII separators": "a\x1cb\x1dc\x1ed\x1fe\x0bf\x0cg\rh " * 5000,
    "CJK without spaces": "中国人民银行周五发布文章" * 6000 + " done",
    "one word": "x" * 70000,
    "only spaces": " \u00a0\t" * 30000,
    "a word across the 64k mark": "a" * 65530 + "\u00a0" + "bcdefghijk" + "\u3000" + "z",
}


@pytest.mark.parametrize("name", list(LARGE_TEXTS))
def test_word_count_of_a_large_text_equals_str_split(name):
    text = LARGE_TEXTS[name]
    assert len(text) > 65536
    assert count_words(text) == len(text.split())


def test_line_breaks_are_counted_alike_in_characters_and_bytes():
    import random
    import re

    from tqa.segment import count_byte_line_breaks, count_line_breaks

    rng = random.Random(5)
    for _ in range(300):
        text = "".join(rng.choice(["a", "\n", "\r", "\r\n", "中", "\u2028", " "]) for _ in range(rng.randint(0, 40)))
        expected = len(re.findall("\r\n|\r|\n", text))
        assert count_byte_line_breaks(text.encode("utf-8")) == count_line_breaks(text) == expected, repr(text)
        long = text * (70_000 // max(1, len(text)) + 1)  # past 64 KB: counted with numpy when there is no CR
        assert count_byte_line_breaks(long.encode("utf-8")) == count_line_breaks(long), repr(text)


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r"])
def test_a_sentence_end_right_before_a_line_break_leaves_the_next_segment_at_its_first_letter(line_break):
    """"。" (or ".") ending a line leaves an empty sentence gap inside the line break's gap: the next segment starts
    after both, at its first letter, not at the line break (which once put the line break and an indenting
    ideographic space inside it: a finding starting there got another segment number when a window began there)."""
    from tqa.segment import segment_bounds
    from tqa.textbuf import SMALL_BYTES, TextBuffer

    lines = ["Officials said it rose.", "\u3000中文没有翻译。", "\u3000第二句。", "Next line.", "  Indented。",
             "End"]
    text = line_break.join(lines) + line_break
    for sample in (text, text * 400):  # the small path and the numpy path
        starts, ends = segment_bounds(sample, TextBuffer(sample))
        assert (len(sample.encode("utf-8")) < SMALL_BYTES) == (sample is text)
        assert all(not sample[s].isspace() for s in starts), [repr(sample[s:s + 3]) for s in starts]
        assert [sample[s:e].strip() for s, e in zip(starts, ends)][:6] == [line.strip() for line in lines]
