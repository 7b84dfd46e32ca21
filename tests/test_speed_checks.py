"""The fast paths of the non-glossary checks give what their general paths give (issue 14: every check near the
grep floor).

A text of at least ``tqa.textbuf.SMALL_BYTES`` goes through the checks' byte-level paths (numpy, line-start
tables); a smaller one through the plain paths that were there before. Each test builds texts from real lines
(the residue glossary's own examples, the pieces of tests/test_speed_paths.py) and runs both ways, with
``SMALL_BYTES`` set so that the same text takes one path and then the other.
"""

from __future__ import annotations

import random

import pytest

import tqa.textbuf as textbuf
from tqa.checks.base import DocContext
from tqa.checks.residue import ResidueCheck, _line_plan, residue_glossary
from tqa.model import Document

from test_speed_paths import PIECES


def _residue_lines() -> list[str]:
    """Every example line of the shipped residue glossary, bad and good, and variants of them that start
    differently (indented, bracketed, lower case, after a non-ASCII character)."""
    lines = []
    for entry in residue_glossary().entries:
        for example in (*entry.bad, *entry.good):
            lines.extend([example, "  " + example, "\t" + example, example.lower(), example.upper(),
                          "【" + example + "】", "K" + example, "\u212a" + example, "x " + example, example + " x"])
    return lines


def _findings(check, text: str, monkeypatch, small_bytes: int):
    monkeypatch.setattr(textbuf, "SMALL_BYTES", small_bytes)
    ctx = DocContext(Document("doc.txt", text), residue_glossary())
    return list(check.run(ctx))


def _both(check, text: str, monkeypatch):
    plain = _findings(check, text, monkeypatch, len(text.encode("utf-8", "surrogatepass")) + 1)
    fast = _findings(check, text, monkeypatch, 0)
    return plain, fast


def test_the_shipped_residue_glossary_takes_the_line_start_path():
    assert _line_plan(residue_glossary().matcher) is not None


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r"])
def test_residue_line_start_path_finds_what_the_matcher_finds(monkeypatch, line_break):
    rng = random.Random(14)
    lines = _residue_lines()
    check = ResidueCheck()
    for _ in range(40):
        pieces = []
        for _ in range(rng.randint(1, 60)):
            pieces.append(rng.choice(lines) if rng.random() < 0.6 else
                          "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6))))
        text = line_break.join(pieces) + rng.choice(["", line_break])
        plain, fast = _both(check, text, monkeypatch)
        assert fast == plain, repr(text)


def test_residue_line_start_path_finds_every_bad_example(monkeypatch):
    """The bad examples, one a line: each is a finding of its own entry on both paths."""
    check = ResidueCheck()
    entries = residue_glossary().entries
    lines, rules = [], []
    for entry in entries:
        for example in entry.bad:
            lines.append(example)
            rules.append(f"residue.{entry.id}")
    text = "\n".join(lines) + "\n"
    plain, fast = _both(check, text, monkeypatch)
    assert fast == plain
    assert [f.rule for f in fast] == rules


def test_a_residue_glossary_of_another_shape_goes_through_the_matcher():
    """Phrases (tests/fixtures/mini.yaml) are not whole-line regexes: no line-start plan, the matcher runs."""
    from pathlib import Path

    from tqa.glossary import load_glossary

    mini = load_glossary(Path(__file__).parent / "fixtures" / "mini.yaml")
    assert _line_plan(mini.matcher) is None


# Lines with quotation marks and brackets, closed on their line, over several lines, never, or nested; list
# markers; from the seed article and WMT22 outputs (tests/test_check_punctuation.py), cut to their marks.
_MARKED_LINES = [
    "Taiwan‘s “Free Finance” reported on Feb. 5 (Xinhua) that [genuine] data matters.",
    "1) Refer to our Ali Want slogan (for our “cooperating” delivery companies)!",
    "a) the (first (nested) one) and “the [second]” one",
    "Nine songs chart [genuine books Lightning delivery",
    "“A quotation that runs on",
    "and on” into the next line) closing nothing",
    'He said "yes" and "no" and "maybe',
    'later" said she.', "（注：括号）", "《书名》和「引号」", "(((", ")))", "]", "“”", '""', "", "plain text",
]


def _punctuation(text: str, monkeypatch, small_bytes: int, window_chars: int | None):
    from tqa.checks.punctuation import PunctuationCheck
    from tqa.pipeline import analyze_document

    monkeypatch.setattr(textbuf, "SMALL_BYTES", small_bytes)
    result = analyze_document(Document("doc.txt", text), residue_glossary(), checks=[PunctuationCheck()],
                              window_chars=window_chars)
    return result.findings


def test_punctuation_byte_paths_find_what_the_plain_path_finds(monkeypatch):
    """Marks closed on their own line are left out of the balance on the numpy path; doubled spaces and
    full-width marks are found in the bytes. Whole and in windows, the findings are the plain path's."""
    rng = random.Random(19)
    for _ in range(60):
        lines = [rng.choice(_MARKED_LINES) if rng.random() < 0.7 else
                 "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 8))) for _ in range(rng.randint(1, 40))]
        text = rng.choice(["\n", "\r\n"]).join(lines)
        plain = _punctuation(text, monkeypatch, 1 << 30, None)
        assert _punctuation(text, monkeypatch, 0, None) == plain, repr(text)
        assert _punctuation(text, monkeypatch, 0, max(1, len(text) // 3)) == plain, repr(text)


def test_a_quote_closed_in_the_next_window_before_a_bracket_further_on(monkeypatch):
    """A straight quote opened at the end of one window and closed two lines into the next is closed, even
    though a bracket of that window comes more than five lines after it (fed out of order, the bracket would
    expire the quote first)."""
    lines = ["Intro line.", 'He said "it', "is done", 'today," she said.'] + ["plain"] * 6 + ["a (b", "c) d"]
    text = "\n".join(lines) + "\n"
    window = len("\n".join(lines[:2])) + 1  # the first window ends after the line that opens the quote
    plain = _punctuation(text, monkeypatch, 1 << 30, None)
    assert [f.rule for f in plain] == []
    assert _punctuation(text, monkeypatch, 0, window) == plain
    assert _punctuation(text, monkeypatch, 0, None) == plain


def test_punctuation_byte_paths_in_many_small_windows(monkeypatch):
    rng = random.Random(20)
    for _ in range(40):
        lines = [rng.choice(_MARKED_LINES + ['"', '" x', "(", ")", "“", "”", "plain"]) for _ in range(rng.randint(5, 60))]
        text = "\n".join(lines)
        plain = _punctuation(text, monkeypatch, 1 << 30, None)
        for parts in (2, 5, 9):
            assert _punctuation(text, monkeypatch, 0, max(1, len(text) // parts)) == plain, (parts, repr(text))


@pytest.mark.parametrize("ridden", [False, True])
def test_foreign_words_found_among_the_words_are_the_automatons(monkeypatch, ridden):
    """The language check's function words of other languages, found among the folded text's words on a long
    text, or by the glossary check's scan (``ridden``): the same offsets, as often, in order, as the automaton
    of " word " keys (a word listed twice, "mais", twice)."""
    from tqa.checks.language import FOREIGN_KEYS, FOREIGN_WORDS, _foreign_automaton, _foreign_word_starts

    scanner = _shipped().matcher.scanner

    rng = random.Random(21)
    words = FOREIGN_WORDS + ["the", "Les", "DER", "é", "mais,", "non-exchangeable", "et al.", "über-", "\u00a0la",
                             "de\tla", "da\u3000", "中国", "y", "e", "—", "(la)", "«le»"]
    monkeypatch.setattr(textbuf, "SMALL_BYTES", 0)
    for _ in range(200):
        text = "".join(rng.choice(words) + rng.choice([" ", "  ", "\n", "-", "", ". "])
                       for _ in range(rng.randint(0, 40)))
        buf = textbuf.TextBuffer(text)
        if ridden:
            try:
                scanner.ride(FOREIGN_KEYS)
                scanner.scan(buf, set())
            finally:
                scanner.unride()
            assert FOREIGN_KEYS in buf.rides
        expected = sorted(hit[1] + 1 for hit in
                          _foreign_automaton().find_matches_as_indexes(buf.folded(False), overlapping=True))
        assert _foreign_word_starts(buf) == expected, repr(text)


def test_langdetect_answers_kept_are_the_answers(monkeypatch):
    """Each answer is langdetect's own; the texts kept add up to at most KEPT_CHARS, the oldest let go."""
    import tqa.checks.language as language

    english = "The goods sold in this store are non-refundable and non-exchangeable, as the notice says"
    texts = [f"{english} ({n})." for n in range(5)]  # all of one length
    monkeypatch.setattr(language, "_answers", {})
    monkeypatch.setattr(language, "_kept", [0])
    monkeypatch.setattr(language, "KEPT_CHARS", 4 * len(texts[0]))
    for text in texts[:4]:
        assert language.detect(text) == language._detect(text) == language.detect(text)
    assert list(language._answers) == texts[:4]
    assert language.detect(texts[4]) == language._detect(texts[4])
    assert list(language._answers) == texts[1:]
    assert language._kept[0] == sum(map(len, language._answers)) <= language.KEPT_CHARS
    french = "Le gouvernement chinois veut que les plateformes partagent leurs données avec la banque centrale."
    assert language.detect(french) == language._detect(french)
    assert language._detect(french)[0] == "fr" and language.detect(texts[0])[0] == "en"


# --- the residue check's literals found by the glossary check's scan (tqa.matcher._Scanner.ride) ---------------

def _shipped():
    from tqa.glossary import load_glossary

    from helpers import SHIPPED

    return load_glossary(SHIPPED)


def _case_insensitive_literals() -> tuple[bytes, ...]:
    plan = _line_plan(residue_glossary().matcher)
    return next(literals for case_sensitive, _, literals, _ in plan.finders if not case_sensitive)


@pytest.mark.parametrize("small", [False, True])
def test_residue_literals_riding_on_the_glossary_scan_change_neither_checks_findings(monkeypatch, small):
    """Texts of chrome lines and article pieces: the residue check given the hits the glossary check's scan left
    in the buffer finds what it finds on its own, the glossary check finds what it finds without riders, and
    the hits left are the residue automaton's own (key numbered among the riders, start, end)."""
    from tqa.checks.glossary import GlossaryCheck

    glossary = _shipped()
    scanner = glossary.matcher.scanner
    literals = _case_insensitive_literals()
    plan = _line_plan(residue_glossary().matcher)
    automaton = next(automaton for case_sensitive, automaton, _, _ in plan.finders if not case_sensitive)
    residue, glossary_check = ResidueCheck(), GlossaryCheck()
    rng = random.Random(1414)
    lines = _residue_lines() + ["Officials said new crown pneumonia cases rose, Share this article.",
                                "The official micro-signal posted more photos."]
    try:
        for _ in range(25):
            text = "\n".join(rng.choice(lines) if rng.random() < 0.5 else
                             "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))
                             for _ in range(rng.randint(1, 50)))
            monkeypatch.setattr(textbuf, "SMALL_BYTES", len(text.encode("utf-8", "surrogatepass")) + 1 if small else 0)
            scanner.unride()
            alone_ctx = DocContext(Document("doc.txt", text), glossary)
            glossary_alone = list(glossary_check.run(alone_ctx))
            residue_alone = list(residue.run(alone_ctx))
            assert not alone_ctx.buffer.rides

            residue.ride_on(glossary)
            assert any(group is literals for group in scanner.riders)
            ctx = DocContext(Document("doc.txt", text), glossary)
            assert list(glossary_check.run(ctx)) == glossary_alone
            if small:  # a small text's riders are dropped: the residue check reads it itself (plain path)
                assert not ctx.buffer.rides
            else:
                own = automaton.find_matches_as_indexes(ctx.buffer.folded(False), overlapping=True)
                assert sorted(map(tuple, ctx.buffer.rides[literals].tolist())) == sorted(own)
            assert list(residue.run(ctx)) == residue_alone
    finally:
        scanner.unride()


def test_riders_are_set_before_the_automaton_and_keep_a_dfa_a_dfa():
    glossary = _shipped()
    scanner = glossary.matcher.scanner
    literals = _case_insensitive_literals()
    try:
        scanner.unride()
        scanner.upgrade()
        assert scanner.upgraded and scanner.automaton.riders == ()
        assert scanner.ride(literals)
        assert scanner.upgraded and scanner.automaton.riders == (literals,)  # rebuilt, a DFA again
        same = scanner.automaton
        assert scanner.ride(literals) and scanner.automaton is same  # the same riders: nothing rebuilt
    finally:
        scanner.unride()


def test_a_spotted_scanner_carries_no_riders(mini):
    from tqa.checks.consistency import consistency_matcher

    scanner = consistency_matcher(_shipped())[0].scanner
    assert scanner.spotter is not None
    assert not scanner.ride(_case_insensitive_literals()) and scanner.riders == ()


def test_a_long_document_reports_the_same_with_and_without_riders(monkeypatch):
    """The whole pipeline, every check, on a document of several windows holding chrome lines."""
    from tqa.checks.base import Check
    from tqa.checks.language import FOREIGN_KEYS, LanguageCheck
    from tqa.pipeline import analyze_document

    glossary = _shipped()
    rng = random.Random(7)
    lines = _residue_lines() + ["Le gouvernement a annoncé que les prix de la viande et du lait sont en hausse.",
                                "El gobierno dijo que los precios de la carne y de la leche suben en el mes."]
    text = "\n".join(rng.choice(lines) if rng.random() < 0.3 else "".join(rng.choice(PIECES) for _ in range(8))
                     for _ in range(3000))
    try:
        ridden = analyze_document(Document("doc.txt", text), glossary, window_chars=20_000)
        assert glossary.matcher.scanner.riders == (_case_insensitive_literals(), FOREIGN_KEYS)
        monkeypatch.setattr(ResidueCheck, "ride_on", Check.ride_on)
        monkeypatch.setattr(LanguageCheck, "ride_on", Check.ride_on)
        glossary.matcher.scanner.unride()
        alone = analyze_document(Document("doc.txt", text), glossary, window_chars=20_000)
        assert glossary.matcher.scanner.riders == ()
    finally:
        glossary.matcher.scanner.unride()
    assert {"residue", "language"} <= {f.check for f in alone.findings}
    assert ridden == alone
