"""Invariants that hold for any text (hypothesis).

For any Unicode string — lone surrogates, control characters, any mix of line endings — ``tqa.analyze``
never raises; every finding satisfies ``text == document[start:end]`` and has the line and column of its
start; findings are sorted and never overlap; words are ``len(text.split())``; and the CSV and JSON the
command line writes read back to the same findings.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import tqa
import tqa.cli
from helpers import FINDING_COLUMNS, FIXTURES, LINE_BREAK, MINI, bare, gate_status, line_col
from tqa.segment import Segmentation, count_words

GLOSSARY = tqa.load_glossary([MINI, FIXTURES / "sheet.yaml"])

# Pieces of realistic MT output, the glossary's phrases cut into words, separators and line endings.
WORDS = [
    "official", "micro", "signal", "micro-signal", "new", "crown", "crowns", "crown's", "pneumonia", "millet",
    "phone", "Recent", "Comments", "NPC", "npc", "CPC", "Central", "Bank", "of", "the", "Communist", "Party",
    "China", "(CPC)", "common", "debt", "dabble", "in", "Free", "Finance", "circle", "friends", "posted", "wide",
    "puts", "to", "sleep", "full", "amount", "data", "Feb.", "5", "U.S.", "Mr.", "No.", "3.5", ",", " ,", ".",
    "!", "?", "。", "！", "“", "”", "‘s", "’s", "中国央行", "官方微信号", "😀", "é", "e\u0301", "_", "=SUM(A1)",
]
SEPARATORS = [" ", " ", " ", "  ", "\t", "-", " - ", "\u00a0", "\u3000", "\u2028", "\x0c", "\x1c"]
LINE_ENDINGS = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", " \n "]

pieces = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(SEPARATORS), st.sampled_from(LINE_ENDINGS), st.text(max_size=3))
mt_like = st.lists(pieces, max_size=60).map("".join)
any_unicode = st.text(alphabet=st.characters(exclude_categories=()))  # lone surrogates included
documents = st.one_of(mt_like, any_unicode)
# What a text file holds: valid UTF-8 (no lone surrogates) and no NUL byte (that is a binary file).
encodable = st.one_of(mt_like, st.text()).map(lambda text: text.replace("\x00", ""))

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_findings(text: str, result: tqa.DocumentResult) -> None:
    previous_end = 0
    for f in result.findings:
        # A finding about the whole document (its language) is the one empty span: at offset 0.
        assert 0 <= f.start < f.end <= len(text) or (f.start == f.end == 0 and f.rule == "language.document")
        assert f.text == text[f.start:f.end]
        assert (f.line, f.column) == line_col(text, f.start)
        assert f.start >= previous_end, "findings overlap or are out of order"
        previous_end = f.end
        assert 1 <= f.segment <= max(result.segments, 1)
        assert f.penalty > 0


@SETTINGS
@given(documents)
@example("")
@example("\ud800official micro-signal\udfff")
@example("official\r\nmicro-signal\rnew crown's\r\n\r\nRecent Comments\r")
@example("\ufeffnew crown pneumonia")
def test_analyze_never_raises_and_every_finding_points_into_the_text(text):
    result = tqa.analyze(text, GLOSSARY)
    check_findings(text, result)
    assert result.words == len(text.split())
    assert result.penalty == sum(f.penalty for f in result.findings)
    expected = 100.0 if result.words == 0 and result.penalty == 0 else max(0.0, 100 - 100 * result.penalty / max(result.words, 1))
    assert abs(result.score - expected) < 1e-9


@SETTINGS
@given(documents)
def test_segments_point_into_the_text_and_cover_every_visible_character(text):
    segments = tqa.segment(text)
    previous_end = 0
    for number, s in enumerate(segments, 1):
        assert s.index == number
        assert text[s.start:s.end] == s.text
        assert s.start >= previous_end
        previous_end = s.end
        assert not LINE_BREAK.search(s.text), "a line break always ends a segment"
        assert s.text == s.text.strip()
        assert s.line == line_col(text, s.start)[0]
    visible = "".join(c for c in text if not c.isspace())
    assert "".join(c for s in segments for c in s.text if not c.isspace()) == visible


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab中😀 \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u200a\u200b"
                                             "\u2028\u2029\u202f\u205f\u3000-.")), min_size=1, max_size=40),
       st.integers(min_value=0, max_value=3000))
def test_word_count_of_a_large_text_is_str_split(chunk, extra):
    text = chunk * (65536 // len(chunk) + 1 + extra)
    assert len(text) > 65536
    assert count_words(text) == len(text.split())


# --- the matcher against a simple model of DESIGN.md's matching rules ------------------------------------------

MODEL_PHRASES = {"official micro-signal": "wechat-official-account", "new crown": "covid-new-crown",
                 "new crown pneumonia": "covid-new-crown-pneumonia"}
# A run of any of these inside a phrase matches any other: white space (ASCII and Unicode) and the hyphen.
MODEL_SEPARATORS = set("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f -\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                       "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def _word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _model_end(text: str, i: int, words: list[str]) -> int | None:
    """Where the phrase ``words`` ends if it starts at ``i`` (ASCII case folded), else None."""
    j = i
    for k, word in enumerate(words):
        piece = text[j:j + len(word)]
        if len(piece) < len(word) or any((a.lower() if a.isascii() else a) != b for a, b in zip(piece, word)):
            return None
        j += len(word)
        if k < len(words) - 1:
            if j >= len(text) or text[j] not in MODEL_SEPARATORS:
                return None
            while j < len(text) and text[j] in MODEL_SEPARATORS:
                j += 1
    if j == len(text) or not _word(text[j]):
        return j  # a whole word (a possessive 's stays outside the span)
    for suffix in ("es", "s"):  # a plural of the last word
        if text[j:j + len(suffix)].lower() == suffix and (j + len(suffix) == len(text) or not _word(text[j + len(suffix)])):
            return j + len(suffix)
    return None


def model_matches(text: str) -> list[tuple[int, int, str]]:
    candidates = []
    for phrase, rule in MODEL_PHRASES.items():
        words = re.split(r"[\s-]+", phrase)
        for i in range(len(text)):
            if i and _word(text[i - 1]):
                continue
            end = _model_end(text, i, words)
            if end is not None:
                candidates.append((i, end, rule))
    candidates.sort(key=lambda c: (c[0], c[0] - c[1]))  # leftmost, then longest
    chosen, last_end = [], -1
    for start, end, rule in candidates:
        if start >= last_end:
            chosen.append((start, end, rule))
            last_end = end
    return chosen


MODEL_GLOSSARY = tqa.load_glossary(MINI)
model_pieces = st.sampled_from([
    "official", "micro", "signal", "new", "crown", "pneumonia", "s", "es", "'s", "’s", "OFFICIAL", "Crown", "x",
    " ", "  ", "-", " - ", "\n", "\r\n", "\r", "\t", "\u00a0", "\u3000", "\x1c", ".", "é", "中", "😀", "_", "\ud800",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(model_pieces, max_size=20).map("".join))
@example("the new crown's spread; official  MICRO\nsignals; new crown pneumonias")
def test_the_matcher_agrees_with_a_model_of_the_matching_rules(text):
    found = [(f.start, f.end, bare(f.rule)) for f in tqa.analyze(text, MODEL_GLOSSARY).findings
             if bare(f.rule) in MODEL_PHRASES.values()]
    assert found == model_matches(text)


# --- what the command line writes reads back --------------------------------------------------------------

def _check_file(text: str, fmt: str) -> tuple[int, str, str]:
    """Run ``tqa check`` on ``text`` saved as a file; (exit status, the report, the document's name)."""
    with tempfile.TemporaryDirectory(prefix="tqa-prop-") as directory:
        source = Path(directory) / "doc.txt"
        source.write_bytes(text.encode("utf-8"))
        report = Path(directory) / f"report.{fmt}"
        code = tqa.cli.main(["check", str(source), "-g", str(MINI), "-g", str(FIXTURES / "sheet.yaml"),
                             "--format", fmt, "-o", str(report)])
        return code, report.read_bytes().decode("utf-8-sig"), str(source)


def _as_read(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text  # a UTF-8 BOM is not part of the text


@SETTINGS
@given(encodable)
@example("It was posted on the official\rmicro-signal.\rRecent Comments\r")
@example("=SUM(A1) new crown, \"quoted\" official\r\nmicro-signal")
def test_csv_reads_back_through_pandas_to_the_same_findings(text):
    code, report, doc = _check_file(text, "csv")
    frame = pd.read_csv(io.StringIO(report), keep_default_na=False, dtype=str)
    expected = tqa.analyze(_as_read(text), GLOSSARY, doc_id=doc)
    assert code == gate_status(f.severity for f in expected.findings)
    assert list(frame.columns) == FINDING_COLUMNS
    rows = [tuple(row) for row in frame.itertuples(index=False)]
    assert len(rows) == len(expected.findings)
    for row, finding in zip(rows, expected.findings):
        for cell, value in zip(row, finding.row()):
            value = "" if value is None else str(value)  # no source span: an empty cell
            # A cell a spreadsheet would run as a formula is neutralised with a leading apostrophe.
            assert cell == value or (cell == "'" + value and value[:1] in FORMULA_STARTS), (cell, value)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(encodable)
def test_json_parses_and_holds_the_same_findings(text):
    code, report, doc = _check_file(text, "json")
    document = json.loads(report)["documents"][0]
    expected = tqa.analyze(_as_read(text), GLOSSARY, doc_id=doc)
    assert code == gate_status(f.severity for f in expected.findings)
    assert document["words"] == expected.words
    assert [tuple(f[c] for c in FINDING_COLUMNS) for f in document["findings"]] == [f.row() for f in expected.findings]
    for f in document["findings"]:
        assert _as_read(text)[f["start"]:f["end"]] == f["text"]


@SETTINGS
@given(documents)
def test_a_segmentation_agrees_with_the_findings_lines(text):
    seg = Segmentation(text)
    for f in tqa.analyze(text, GLOSSARY).findings:
        assert seg.line_col(f.start) == (f.line, f.column)
        assert seg.index_at(f.start) == f.segment
