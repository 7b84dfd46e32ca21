"""The residue check (issue 3): lines of web-page chrome that a scraper copied into the article.

A line that is only "Recent Comments", "Share this:", "Responsible editor: Wang Xin", a lone URL, a copyright
line, a cookie notice… is an ``Accuracy/Addition`` major finding with an empty suggestion (delete the line) and
a message that says why, wherever the line is: at the start, at the end, or between two paragraphs. An article
sentence that merely contains the same words is not residue. The patterns live in ``tqa/data/residue.yaml``
(a glossary of whole-line regex entries), not in code.
"""

from __future__ import annotations

import pytest

import tqa
from helpers import FIXTURES, SEED, SHIPPED, read_text
from tqa.checks.residue import ResidueCheck, residue_glossary

CHECKS = FIXTURES / "checks"

PARAGRAPH_1 = ("The article, signed by the research group of the PBOC's Financial Consumer Protection Bureau, was "
               "posted on the central bank's official WeChat account.")
PARAGRAPH_2 = "Reuters reported that Ant Group holds data on 1 billion people, a huge asset."

#: One line of page chrome for each pattern of tqa/data/residue.yaml, and the rule it must fire.
RESIDUE_LINES = [
    ("Recent Comments", "residue.recent-comments"),
    ("Related articles", "residue.related-articles"),
    ("Share this:", "residue.share-this"),
    ("Click to enlarge", "residue.click-to-enlarge"),
    ("Responsible editor: Wang Xin", "residue.responsible-editor"),
    ("Source: Xinhua", "residue.source-byline"),
    ("Read more", "residue.read-more"),
    ("Advertisement", "residue.advertisement"),
    ("https://www.example.com/news/2022/02/05/ant-group-credit-data.html", "residue.lone-url"),
    ("© 2022 Example News. All rights reserved.", "residue.copyright"),
    ("This website uses cookies to improve your experience.", "residue.cookie-notice"),
    ("Scan the QR code to follow us on WeChat", "residue.scan-qr-code"),
]
RESIDUE_IDS = [rule.removeprefix("residue.") for _, rule in RESIDUE_LINES]


@pytest.fixture(scope="module")
def plain() -> tqa.Glossary:
    """One glossary entry, none about page chrome: what is residue here is the residue check's finding."""
    return tqa.load_glossary(CHECKS / "plain.yaml")


def analyze(text: str, glossary, **options) -> tqa.DocumentResult:
    result = tqa.analyze(text, glossary, **options)
    for f in result.findings:
        assert f.text == text[f.start:f.end]
    return result


def residue(text: str, glossary) -> list[tqa.Finding]:
    """The residue findings among those of every check."""
    return [f for f in analyze(text, glossary).findings if f.check == "residue"]


def test_every_pattern_of_the_data_file_has_a_line_here():
    assert sorted(e.id for e in residue_glossary().entries) == sorted(RESIDUE_IDS)


# --- page chrome is found wherever it stands --------------------------------------------------------------------

@pytest.mark.parametrize("where", ["start", "between", "end"])
@pytest.mark.parametrize("line, rule", RESIDUE_LINES, ids=RESIDUE_IDS)
def test_a_line_of_page_chrome_is_found_at_the_start_between_paragraphs_and_at_the_end(plain, line, rule, where):
    parts = {
        "start": [line, PARAGRAPH_1, PARAGRAPH_2],
        "between": [PARAGRAPH_1, line, PARAGRAPH_2],
        "end": [PARAGRAPH_1, PARAGRAPH_2, line],
    }[where]
    text = "\n".join(parts) + "\n"
    (finding,) = residue(text, plain)
    start = text.index(line)
    assert (finding.start, finding.end, finding.text, finding.rule) == (start, start + len(line), line, rule)
    assert (finding.line, finding.column) == (parts.index(line) + 1, 1)


@pytest.mark.parametrize("line, rule", RESIDUE_LINES, ids=RESIDUE_IDS)
def test_a_residue_finding_is_a_major_addition_to_delete_with_a_message_that_says_why(plain, line, rule):
    (finding,) = residue(f"{PARAGRAPH_1}\n{line}\n", plain)
    assert finding.category == "Accuracy/Addition"
    assert finding.severity == tqa.Severity.MAJOR
    assert finding.penalty == 5
    assert finding.suggestion == ""
    assert "residue" in finding.message and "delete" in finding.message


@pytest.mark.parametrize("entry", residue_glossary().entries, ids=lambda e: e.id)
def test_the_data_file_examples_behave_as_declared_between_two_paragraphs(plain, entry):
    for bad in entry.bad:
        text = f"{PARAGRAPH_1}\n{bad}\n{PARAGRAPH_2}\n"
        assert [(f.text, f.rule) for f in residue(text, plain)] == [(bad, f"residue.{entry.id}")], bad
    for good in entry.good:
        assert residue(f"{PARAGRAPH_1}\n{good}\n{PARAGRAPH_2}\n", plain) == [], good


def test_a_footer_of_several_chrome_lines_gives_one_finding_per_line(plain):
    footer = ["Share this:", "Share on WeChat", "Related articles", "Recent Comments",
              "© 2022 Example News. All rights reserved."]
    text = PARAGRAPH_1 + "\n" + PARAGRAPH_2 + "\n\n" + "\n".join(footer) + "\n"
    assert [(f.line, f.text) for f in residue(text, plain)] == list(zip(range(4, 9), footer))


# --- article sentences that merely contain the words --------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Recent comments by the minister drew criticism from lenders and regulators alike.",
    "Related articles in the same newspaper argued the opposite, citing the central bank's own data.",
    "Share this article with anyone who doubts the data, he said.",
    "Readers were told to click to enlarge the chart, which showed lending by each platform.",
    "The editor said: we will publish the full data next week.",
    "Source: a person familiar with the talks, who said the deal was close.",
    "Read more about it in our report on the central bank.",
    "Advertisement revenue fell by a third last year, the company said.",
    "The report is at https://www.example.com/report and runs to 40 pages.",
    "The court ruled that copyright protects the translation.",
    "Shoppers scan the QR code to pay, the report said, and the data goes to the platform.",
], ids=["recent-comments", "related-articles", "share-this", "click-to-enlarge", "editor", "source",
        "read-more", "advertisement", "url", "copyright", "qr-code"])
def test_an_article_sentence_that_contains_the_words_is_not_residue(plain, sentence):
    assert residue(f"{PARAGRAPH_1}\n{sentence}\n{PARAGRAPH_2}\n", plain) == []
    assert analyze(sentence, plain, checks=[ResidueCheck()]).findings == ()  # a line of its own, too


def test_an_article_sentence_that_starts_with_copyright_is_not_residue(plain):
    sentence = "Copyright holders sued the platform in a Beijing court last year."
    assert residue(f"{PARAGRAPH_1}\n{sentence}\n{PARAGRAPH_2}\n", plain) == []


def test_an_article_sentence_about_cookies_is_not_residue(plain):
    sentence = "Regulators found that the app uses cookies to track users across websites."
    assert residue(f"{PARAGRAPH_1}\n{sentence}\n{PARAGRAPH_2}\n", plain) == []


def test_a_short_article_sentence_that_starts_with_scan_the_qr_code_is_not_residue(plain):
    sentence = "Scan the QR code to pay, the sign at the checkout says."
    assert residue(f"{PARAGRAPH_1}\n{sentence}\n{PARAGRAPH_2}\n", plain) == []


# --- line endings ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_windows_and_old_mac_line_endings_give_the_same_spans_without_the_line_break(plain, newline):
    lines = [PARAGRAPH_1, "Share this:", "https://www.example.com/news/2022/02/05/ant-group.html",
             PARAGRAPH_2, "Recent Comments"]
    text = newline.join(lines) + newline
    found = residue(text, plain)
    assert [(f.line, f.text) for f in found] == [(2, lines[1]), (3, lines[2]), (5, lines[4])]
    for f in found:
        assert newline not in f.text
        assert text[f.end:f.end + len(newline)] == newline


# --- the seed: reported once, whichever check finds it ------------------------------------------------------

@pytest.mark.parametrize("glossary", [
    pytest.param("shipped", marks=pytest.mark.skipif(not SHIPPED.exists(), reason="no shipped glossary yet")),
    "mini", "plain",
], ids=["shipped-glossary", "mini-glossary-with-a-residue-entry", "glossary-without-one"])
def test_recent_comments_in_the_seed_is_reported_exactly_once(glossary, mini, plain):
    if glossary == "shipped":
        glossary = tqa.load_glossary(SHIPPED, check_examples=False)
    else:
        glossary = {"mini": mini, "plain": plain}[glossary]
    text = read_text(SEED)
    result = analyze(text, glossary)
    start, end = text.index("Recent Comments"), text.index("Recent Comments") + len("Recent Comments")
    found = [f for f in result.findings if f.start < end and start < f.end]  # every finding touching it
    assert len(found) == 1
    (finding,) = found
    assert (finding.text, finding.line, finding.suggestion) == ("Recent Comments", 12, "")
    assert finding.check in ("glossary", "residue")
    if glossary is plain:
        assert finding.rule == "residue.recent-comments"


def test_the_seed_has_no_other_residue(plain):
    assert [f.text for f in residue(read_text(SEED), plain)] == ["Recent Comments"]


@pytest.mark.parametrize("long", [False, True])
def test_a_chrome_line_spelled_with_a_kelvin_sign_or_a_long_s_is_found(plain, long):
    """The patterns are case-insensitive regexes: "Bac\u212a to top" (a Kelvin sign) and "\u017fource:" (a long s)
    match them, though their literals are not in the folded bytes; in a long text too, where
    the lines to try are chosen by those literals."""
    filler = (PARAGRAPH_1 + "\n") * (300 if long else 1)
    lines = ["Bac\u212a to top", "\u017fource: Xinhua"]
    text = filler + lines[0] + "\n" + filler + lines[1] + "\n" + filler
    found = residue(text, plain)
    assert [(f.text, f.rule) for f in found] == [(lines[0], "residue.read-more"), (lines[1], "residue.source-byline")]
