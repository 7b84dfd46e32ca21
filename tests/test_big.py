"""A document longer than a window is analysed window by window, with exactly the findings, offsets, lines,
columns, segments, word count and language of the same document in one piece.

Each test sweeps the window size over a range so that every line break of the text is a window end once:
whatever the check, a finding on either side of a window end, or one that depends on text across it
(a quotation closed three lines later, the name a document chose two windows before), comes out the same.
"""

from __future__ import annotations

import pytest

import tqa
from tqa.model import Document
from tqa.pipeline import analyze_document, window_bounds

from helpers import FIXTURES, MINI, SEED


def _keys(result):
    return [(f.start, f.end, f.text, f.rule, f.line, f.column, f.segment, f.suggestion, f.message)
            for f in result.findings]


def _same_in_every_window_size(text: str, glossary, sizes) -> tqa.DocumentResult:
    whole = analyze_document(Document("d", text), glossary)
    for size in sizes:
        windowed = analyze_document(Document("d", text), glossary, window_chars=size)
        assert _keys(windowed) == _keys(whole), f"window size {size}"
        assert (windowed.words, windowed.segments, windowed.lang, windowed.score) == (
            whole.words, whole.segments, whole.lang, whole.score), f"window size {size}"
    return whole


# One document with a finding of every check near every line break.
EVERY_CHECK = (
    "The Communist Party of China (CPC) said on Friday that new crown cases rose with millet phones.\n"
    "Officials posted it on the official micro-signal (a WeChat account.\n"
    "Taiwan‘s bank said that that the the rate was “stable.\n"
    "It added , without details, that 官方微信号 was its account。\n"
    "The CCP and the Chinese Communist Party were named.\n"
    "Recent Comments\n"
    "Le gouvernement a annoncé que les mesures sont entrées en vigueur dans toute la région.\n"
    "Then the Ant Group and Ant Financial said \"nothing.\n"
    "Closing words) end here.\n"
)


def test_a_finding_in_the_white_space_that_opens_a_window_keeps_its_segment():
    """A finding that starts in a line's leading white space (a residue line, indented) belongs to the segment
    before it, as in the document read whole, also when a window (or a pool's worker) starts at that line."""
    text = ("A first sentence. A second one.\n" * 3) + "       https://arxiv.org/abs/1309.1051\n" + "The end.\n"
    whole = _same_in_every_window_size(text, tqa.load_glossary(MINI), range(1, len(text) + 2))
    url = [f for f in whole.findings if f.rule == "residue.lone-url"]
    assert url and url[0].column == 1 and url[0].segment == 6  # the segment before: "A second one."


def test_every_check_gives_the_same_findings_at_every_window_end():
    glossary = tqa.load_glossary(FIXTURES / "windows.yaml")
    whole = _same_in_every_window_size(EVERY_CHECK, glossary, range(1, len(EVERY_CHECK) + 2, 3))
    assert {"windows/wechat-official-account", "windows/covid-new-crown", "windows/xiaomi-millet-phone",
            "windows/rate-was-stable"} <= {f.rule for f in whole.findings}
    checks = {f.check for f in whole.findings}
    assert checks == {"glossary", "residue", "language", "punctuation", "consistency"}
    rules = {f.rule for f in whole.findings}
    assert {"punctuation.unbalanced", "punctuation.apostrophe", "punctuation.doubled-word",
            "punctuation.fullwidth", "punctuation.space-before", "language.untranslated", "language.foreign",
            "residue.recent-comments", "consistency.communist-party", "consistency.ant-group"} <= rules


def test_a_quotation_closed_after_the_window_end_is_not_reported():
    text = "He said “the bank\nwill act\nsoon” and left.\nIt ended (here.\n" + "Fine line.\n" * 8
    glossary = tqa.load_glossary(MINI)
    whole = _same_in_every_window_size(text, glossary, range(1, 60))
    assert [(f.text, f.line, f.message) for f in whole.findings if f.check == "punctuation"] == [
        ("(", 4, "'(' is never closed; add or remove the mark")]


def test_a_phrase_across_a_line_break_is_never_cut_by_a_window_end():
    text = "They posted on the official\nmicro-signal today.\n" * 30
    glossary = tqa.load_glossary(MINI)
    whole = _same_in_every_window_size(text, glossary, range(1, 120, 7))
    assert sum(f.rule == "mini/wechat-official-account" for f in whole.findings) == 30
    cuts = [end for _, end in window_bounds(text, 10, glossary)]
    assert all(not text[:cut].endswith("official\n") for cut in cuts)


def test_the_document_language_is_judged_on_the_whole_text_not_the_first_window():
    french = (FIXTURES / "checks" / "french.txt").read_text(encoding="utf-8")
    text = "Recent Comments\n" + french
    whole = _same_in_every_window_size(text, tqa.load_glossary(MINI), (20, 200, 1000))
    assert whole.lang == "fr"
    assert [(f.rule, f.start, f.end, f.severity) for f in whole.findings if f.check == "language"] == [
        ("language.document", 0, 0, tqa.Severity.CRITICAL)]


def test_a_line_is_never_cut_however_long():
    glossary = tqa.load_glossary(MINI)
    text = "the official micro-signal posted it " * 2000 + "\nRecent Comments\n"  # a 72,000-character line
    assert list(window_bounds(text, 1000, glossary)) == [(0, 72001), (72001, len(text))]
    result = _same_in_every_window_size(text, glossary, (1000, 50_000))
    assert sum(f.rule == "mini/wechat-official-account" for f in result.findings) == 2000
    assert result.segments == 2


def test_the_seed_many_times_over_in_small_windows():
    glossary = tqa.load_glossary(MINI)
    text = SEED.read_text(encoding="utf-8") * 12 + "\n" + "官方微信号 and the official micro-signal. " * 50
    _same_in_every_window_size(text, glossary, (3000, 5000, 7919))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_windows_end_after_any_kind_of_line_break(newline):
    glossary = tqa.load_glossary(MINI)
    text = newline.join(["Taiwan‘s official micro-signal (said.", "Recent Comments", "the the end"] * 20)
    _same_in_every_window_size(text, glossary, range(5, 200, 11))


def test_a_line_longer_than_a_window_with_a_finding_in_its_second_half_is_one_segment(monkeypatch):
    import tqa.pipeline as pipeline

    monkeypatch.setattr(pipeline, "WINDOW_CHARS", 1000)  # what a default run does with an 8-million-character line
    glossary = tqa.load_glossary(MINI)
    text = "word " * 400 + "the official micro-signal and more words " * 10  # one line, no sentence end
    result = tqa.analyze(text, glossary)
    assert result.segments == 1
    assert [f.start for f in result.findings if f.rule == "mini/wechat-official-account"] == [
        2004 + 41 * i for i in range(10)]
    assert all(f.segment == 1 and f.line == 1 and f.column == f.start + 1 for f in result.findings)
