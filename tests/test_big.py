"""A document longer than a window is analysed window by window, with the same findings, offsets, lines,
columns, segments and word count as in one piece (consistency is then judged per window)."""

from __future__ import annotations

import tqa
import tqa.analysis as analysis
from tqa.model import Document

from helpers import MINI, SEED


def _keys(result):
    return [(f.start, f.end, f.text, f.rule, f.line, f.column, f.segment) for f in result.findings
            if f.check != "consistency"]


def test_windows_give_the_same_findings_as_one_piece(monkeypatch):
    glossary = tqa.load_glossary(MINI)
    text = SEED.read_text(encoding="utf-8") * 40 + "\n" + "官方微信号 and the official micro-signal. " * 50
    whole = analysis.analyze_document(Document("d", text), glossary)
    monkeypatch.setattr(analysis, "WINDOW_CHARS", 5000)
    windowed = analysis.analyze_document(Document("d", text), glossary)
    assert _keys(windowed) == _keys(whole)
    assert (windowed.words, windowed.segments) == (whole.words, whole.segments)
    assert all(text[f.start:f.end] == f.text for f in windowed.findings)


def test_a_long_line_is_cut_at_white_space_never_inside_a_word(monkeypatch):
    glossary = tqa.load_glossary(MINI)
    text = "the official micro-signal posted it " * 2000  # one line, 72,000 characters
    monkeypatch.setattr(analysis, "WINDOW_CHARS", 1000)
    windowed = analysis.analyze_document(Document("d", text), glossary)
    assert windowed.words == len(text.split())
    spans = [(f.start, f.text) for f in windowed.findings if f.rule == "wechat-official-account"]
    assert len(spans) == 2000 and all(text[s:s + len(t)] == t for s, t in spans)
    assert {f.line for f in windowed.findings} == {1}
    assert all(f.column == f.start + 1 for f in windowed.findings)
