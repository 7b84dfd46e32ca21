"""The punctuation check (issue 3): the typography machine translation leaves behind.

* a left quotation mark used as an apostrophe: "Taiwan‘s" → "Taiwan’s";
* full-width Chinese punctuation in English text: ，。：；！？（） → , . : ; ! ? ( ), with a space added before a
  letter that follows (and before "(" that follows a word); inside a sentence left in Chinese it is the language
  check's, not this one's;
* white space before , . ; : ? !;
* a doubled word ("the the"), but not "that that", "had had", names such as "Han Han", or "low-power power line";
* doubled spaces between words;
* quotation marks and brackets never closed within a few lines, or closing nothing; a list marker "1)" at the
  start of a line is not a closing bracket, and a quotation may run over two lines.

Curly quotes used correctly are English typography and never flagged. Every finding is ``Fluency/Punctuation``
minor, which the score weighs 0.1.
"""

from __future__ import annotations

import pytest

import tqa
from helpers import FIXTURES, SEED, SEED_REF, SHIPPED, read_text
from tqa.checks.punctuation import PunctuationCheck

CHECKS = FIXTURES / "checks"
ANT = "Reuters reported that Ant Group has the data of 1 billion people, which is a huge asset."


@pytest.fixture(scope="module")
def plain() -> tqa.Glossary:
    return tqa.load_glossary(CHECKS / "plain.yaml")


def analyze(text: str, glossary, **options) -> tqa.DocumentResult:
    result = tqa.analyze(text, glossary, **options)
    for f in result.findings:
        assert f.text == text[f.start:f.end]
    return result


def punctuation(text: str, glossary) -> list[tuple[int, str, str, str]]:
    """(start, text, suggestion, rule) of the punctuation check's findings, run on its own."""
    result = analyze(text, glossary, checks=[PunctuationCheck()])
    return [(f.start, f.text, f.suggestion, f.rule) for f in result.findings]


def at(text: str, phrase: str, occurrence: int = 1) -> int:
    start = -1
    for _ in range(occurrence):
        start = text.index(phrase, start + 1)
    return start


# --- a left quotation mark used as an apostrophe ----------------------------------------------------------------

@pytest.mark.skipif(not SHIPPED.exists(), reason="glossaries/zh-en-news.yaml is not written yet")
def test_the_seed_taiwan_s_with_a_left_quotation_mark_becomes_taiwan_s():
    text = read_text(SEED)
    result = analyze(text, tqa.load_glossary(SHIPPED, check_examples=False))  # every check, the shipped glossary
    found = [f for f in result.findings if f.check == "punctuation"]
    assert [(f.text, f.suggestion, f.line, f.column) for f in found] == [("Taiwan‘s", "Taiwan’s", 6, 1)]
    (finding,) = found
    assert finding.rule == "punctuation.apostrophe"
    assert finding.start == text.index("Taiwan‘s")
    assert "apostrophe" in finding.message


def test_a_left_quotation_mark_inside_a_word_is_an_apostrophe(plain):
    text = "The central bank‘s article said China‘s platforms hold the data.\n"
    assert punctuation(text, plain) == [
        (at(text, "bank‘s"), "bank‘s", "bank’s", "punctuation.apostrophe"),
        (at(text, "China‘s"), "China‘s", "China’s", "punctuation.apostrophe"),
    ]


@pytest.mark.parametrize("text", [
    "“The rules apply,” he said, “to all platforms.” It was the bank’s view, and ‘fair’, he said.",
    "Taiwan’s “Free Finance” reported on Feb. 5 that the so-called ‘common prosperity’ drive was China’s aim.",
    "He called it ‘a public good’.",
    "‘We will comply,’ the company said.",
], ids=["double-and-single", "seed-style", "single-at-the-end", "single-at-the-start"])
def test_curly_quotes_used_correctly_are_never_flagged(plain, text):
    assert punctuation(text + "\n", plain) == []


# --- full-width punctuation -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Ant Group has the data of 1 billion people，which is a huge asset.", [("，", ", ")]),
    ("Ant Group has the data of 1 billion people， which is a huge asset.", [("，", ",")]),
    ("Ant Group has the data of 1 billion people, which is a huge asset。", [("。", ".")]),
    ("The bank said：the rules apply to all platforms.", [("：", ": ")]),
    ("The rules apply to all platforms；lenders must comply.", [("；", "; ")]),
    ("The rules apply to all platforms！Lenders must comply.", [("！", "! ")]),
    ("Is that enough？", [("？", "?")]),
    ("Ant Group（the fintech giant）was told to share data.", [("（", " ("), ("）", ") ")]),
    ("Ant Group （the fintech giant） was told to share data.", [("（", "("), ("）", ")")]),
], ids=["comma-before-a-letter", "comma-before-a-space", "full-stop", "colon", "semicolon", "exclamation",
        "question", "brackets-between-words", "brackets-between-spaces"])
def test_full_width_punctuation_in_english_text_gets_its_english_form(plain, text, expected):
    found = punctuation(text + "\n", plain)
    assert [(t, s) for _, t, s, _ in found] == expected
    assert [start for start, *_ in found] == [at(text, char) for char, _ in expected]
    assert {rule for *_, rule in found} == {"punctuation.fullwidth"}


def test_full_width_punctuation_inside_an_untranslated_chinese_sentence_is_left_to_the_language_check(plain):
    chinese = "中国人民银行周五发布文章，建议将大型互联网平台的数据纳入宏观审慎管理。"
    text = f"{ANT}\n{chinese}\n"
    assert punctuation(text, plain) == []
    result = analyze(text, plain)
    assert [(f.check, f.text) for f in result.findings] == [("language", chinese)]


def test_full_width_punctuation_after_a_chinese_term_in_an_english_sentence_is_still_reported(plain):
    text = "The article said the 共债 risk was high，and regulators had to act.\n"
    result = analyze(text, plain)
    assert [(f.check, f.text, f.suggestion) for f in result.findings] == [
        ("language", "共债", ""),
        ("punctuation", "，", ", "),
    ]


# --- white space before punctuation -----------------------------------------------------------------------------

@pytest.mark.parametrize("mark", [",", ".", ";", ":", "?", "!"])
def test_a_space_before_a_punctuation_mark_is_removed(plain, mark):
    text = f"The bank said the rules apply to all platforms {mark} lenders must comply.\n"
    start = at(text, f" {mark}")
    assert punctuation(text, plain) == [(start, f" {mark}", mark, "punctuation.space-before")]


def test_a_space_before_a_mark_at_the_end_of_a_line_is_removed(plain):
    text = "The rules apply to all platforms .\nLenders must comply .\n"
    assert punctuation(text, plain) == [
        (at(text, " ."), " .", ".", "punctuation.space-before"),
        (at(text, " .", 2), " .", ".", "punctuation.space-before"),
    ]


@pytest.mark.parametrize("text", [
    "He paused ... and then said the rules would apply to all platforms.",
    "The rules apply to all platforms (and to banks).",
    "Lenders must report: loans, repayments and defaults.",
    "Shares rose 5.5% on Friday, the exchange said.",
], ids=["ellipsis", "bracket", "colon", "decimal"])
def test_punctuation_without_a_space_before_it_or_an_ellipsis_is_fine(plain, text):
    assert punctuation(text + "\n", plain) == []


# --- doubled words ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, doubled, word", [
    ("He said that the the rules apply to all platforms.", "the the", "the"),
    ("The the rules apply to all platforms.", "The the", "The"),
    ("The rules apply to to all platforms.", "to to", "to"),
    ("The rules apply to all platforms platforms, large and small.", "platforms platforms", "platforms"),
], ids=["the-the", "capital-the", "to-to", "before-a-comma"])
def test_a_doubled_word_is_written_once(plain, text, doubled, word):
    assert punctuation(text + "\n", plain) == [(at(text, doubled), doubled, word, "punctuation.doubled-word")]


@pytest.mark.parametrize("text", [
    "He said that that rule was new.",
    "By then the bank had had enough of the platforms.",
    "The writer Han Han and the band Duran Duran were named in the report.",
    "The village built a low-power power line last year.",
    "Lenders cut interest rates, and in interest-free loans the risk is higher.",
    "The rules apply to all platforms.\nPlatforms must comply.",
], ids=["that-that", "had-had", "names", "low-power-power", "in-interest", "across-lines"])
def test_grammatical_repetitions_names_and_compounds_are_not_doubled_words(plain, text):
    assert punctuation(text + "\n", plain) == []


# --- doubled spaces ---------------------------------------------------------------------------------------------

def test_doubled_spaces_between_words_become_one(plain):
    text = "The rules  apply to all   platforms.\n"
    assert punctuation(text, plain) == [
        (at(text, "  "), "  ", " ", "punctuation.doubled-space"),
        (at(text, "   "), "   ", " ", "punctuation.doubled-space"),
    ]


def test_indentation_and_trailing_spaces_are_not_doubled_spaces(plain):
    assert punctuation("    The rules apply to all platforms.  \n\n  Lenders must comply.\n", plain) == []


# --- unbalanced quotes and brackets -------------------------------------------------------------------------------

LATER = ["Lenders must connect to the credit database.", "The full amount of data must be reported.",
         "Risks of joint debt must be controlled.", "Reuters reported the plan on Friday.",
         "The central bank declined to comment.", "Ant Group said it would comply."]


@pytest.mark.parametrize("opener", ["“", "(", "["])
def test_a_quote_or_bracket_never_closed_within_a_few_lines_is_reported(plain, opener):
    text = f"The bank said {opener}the rules apply to all platforms.\n" + "\n".join(LATER) + "\n"
    (finding,) = analyze(text, plain, checks=[PunctuationCheck()]).findings
    assert (finding.start, finding.text, finding.suggestion) == (at(text, opener), opener, "")
    assert finding.rule == "punctuation.unbalanced"
    assert "never closed" in finding.message


@pytest.mark.parametrize("opener", ["“", "(", "["])
def test_a_quote_or_bracket_never_closed_in_a_short_document_is_reported(plain, opener):
    text = f"The bank said {opener}the rules apply to all platforms.\n"
    assert punctuation(text, plain) == [(at(text, opener), opener, "", "punctuation.unbalanced")]


@pytest.mark.parametrize("closer", ["”", ")", "]"])
def test_a_closing_mark_with_no_opener_is_reported(plain, closer):
    text = f"The bank said the rules apply to all platforms{closer} and lenders must comply.\n"
    (finding,) = analyze(text, plain, checks=[PunctuationCheck()]).findings
    assert (finding.start, finding.text, finding.rule) == (at(text, closer), closer, "punctuation.unbalanced")
    assert "closes nothing" in finding.message


def test_a_quotation_closed_many_lines_later_is_reported_at_both_ends(plain):
    text = "He said “the rules apply to all platforms.\n" + "\n".join(LATER * 2) + "\nand that was final.”\n"
    assert punctuation(text, plain) == [
        (at(text, "“"), "“", "", "punctuation.unbalanced"),
        (at(text, "”"), "”", "", "punctuation.unbalanced"),
    ]


def test_an_odd_number_of_straight_quotes_in_a_paragraph_is_reported(plain):
    text = 'The bank said "the rules apply to all platforms.\n'
    assert punctuation(text, plain) == [(at(text, '"'), '"', "", "punctuation.unbalanced")]


@pytest.mark.parametrize("text", [
    "1) Lenders must connect to the credit database.\n2) The full amount of data must be reported.\n"
    "a) Risks of joint debt must be controlled.",
    "(a) Lenders must connect to the credit database.\n(b) The full amount of data must be reported.",
    "He said: “The rules apply to all platforms.\nLenders must comply,” the bank added.",
    "The bank (which regulates lenders\nand payment platforms) declined to comment.",
    "He said: “The rules apply to all platforms.\nLenders must connect to the credit database.\nThe full amount of "
    "data must be reported,” the bank added.",
    'He said "the rules apply" and the bank (the PBOC) agreed [in a statement].',
], ids=["list-markers", "bracketed-list-markers", "curly-quotation-over-two-lines", "bracket-over-two-lines",
        "curly-quotation-over-three-lines", "balanced-on-one-line"])
def test_list_markers_and_marks_closed_on_the_next_line_are_fine(plain, text):
    assert punctuation(text + "\n", plain) == []


def test_a_straight_quoted_quotation_over_two_lines_is_fine(plain):
    text = 'He said: "The rules apply to all platforms.\nLenders must comply," the bank added.\n'
    assert punctuation(text, plain) == []


def test_a_stray_closing_bracket_on_a_list_line_is_still_reported(plain):
    text = "1) Lenders must connect to the credit database) and report in full.\n"
    assert punctuation(text, plain) == [(at(text, "database)") + 8, ")", "", "punctuation.unbalanced")]


# --- category, severity, penalty --------------------------------------------------------------------------------

def test_every_punctuation_finding_is_a_minor_fluency_punctuation_error_weighed_0_1(plain):
    text = ("Taiwan‘s report said the the platforms hold data ，and the bank said so .\n"
            "The rules  apply to all platforms (and banks.\n")
    result = analyze(text, plain)
    found = [f for f in result.findings if f.check == "punctuation"]
    assert sorted({f.rule for f in found}) == [
        "punctuation.apostrophe", "punctuation.doubled-space", "punctuation.doubled-word",
        "punctuation.fullwidth", "punctuation.space-before", "punctuation.unbalanced",
    ]
    assert len(found) == len(result.findings)
    for f in found:
        assert (f.category, f.severity, f.penalty) == ("Fluency/Punctuation", tqa.Severity.MINOR, 0.1)
        assert f.message
    assert result.penalty == pytest.approx(0.1 * len(found))


def test_the_seed_post_edit_has_no_punctuation_finding(plain):
    assert punctuation(read_text(SEED_REF), plain) == []
