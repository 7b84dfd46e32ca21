"""The fast paths give what the general ones give.

* A text under ``tqa.textbuf.SMALL_BYTES`` is prepared without numpy (lists and bytes regular expressions);
  every check must find exactly what the numpy path finds, with the same segments and word count.
* The CSV report is written with the csv module and the text report's summary table without pandas; both must
  be the bytes pandas writes (``DocumentResult.to_frame().to_csv()``, ``summary_frame().to_string()``).
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

import tqa.textbuf as textbuf
from tqa.model import Document
from tqa.pipeline import analyze_document
from tqa.segment import Segmentation

FIXTURES = Path(__file__).parent / "fixtures"

# Pieces that exercise every byte path: case, hyphens and white space of every kind (collapsed runs), CJK text
# and full-width punctuation, curly quotes, brackets, doubled words, sentence ends, abbreviations, a French
# paragraph, glossary phrases across a line break.
PIECES = [
    "the", "the ", "The ", "official micro-signal ", "new crown pneumonia", "  ", "\n", "\r\n", "\r", "\t", "(",
    ")", "“", "”", "《", "》", "（", "）", "中国人民银行", "，", "。", " ,", "platforms platforms, ", "Mr. ", "Smith. ",
    "\u00a0", "-", "\u2010", "\u3000", "‘s ", "1) ", "[", "]", '"', "！", "？", "10 million ", "3.5 ", "U.S. ",
    "micro\u00a0signal", "official\nmicro-signal ", "OFFICIAL MICRO-SIGNAL", "risk of common debt ",
    "Le gouvernement chinois veut que les plateformes partagent leurs données avec la banque centrale. ",
    "\x1c", "\u2028", "e-commerce ", "x", "Inspection wells ", "CPC Central Bank",
]


def _both_paths(text: str, monkeypatch) -> tuple:
    results = []
    for small_bytes in (textbuf.SMALL_BYTES, 0):
        monkeypatch.setattr(textbuf, "SMALL_BYTES", small_bytes)
        result = analyze_document(Document("doc.txt", text), _glossary())
        results.append((result.findings, result.words, result.segments, result.lang, result.lang_prob,
                        Segmentation(text, textbuf.TextBuffer(text)).segments()))
    return tuple(results)


def _glossary():
    from tqa.analysis import bundled_glossary

    return bundled_glossary()


def test_the_small_path_finds_what_the_numpy_path_finds_on_generated_texts(monkeypatch):
    rng = random.Random(14)
    for _ in range(300):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 80)))
        small, large = _both_paths(text, monkeypatch)
        assert small == large, repr(text)


@pytest.mark.parametrize("path", sorted(p for p in FIXTURES.rglob("*.txt") if p.stat().st_size < 30_000),
                         ids=lambda p: str(p.relative_to(FIXTURES)))
def test_the_small_path_finds_what_the_numpy_path_finds_on_the_fixtures(path, monkeypatch):
    text = path.read_text(encoding="utf-8", errors="replace")
    small, large = _both_paths(text, monkeypatch)
    assert small == large


# Sentence ends of every kind that the numpy path decides over the bytes, and the near misses it leaves to the
# regex: abbreviations (case-sensitive), initials, "e.g.", a word run into an abbreviation, a non-ASCII letter
# before one, "?!" runs, closing quotes, lower case and digits after, several spaces, tabs, CJK punctuation.
SENTENCE_PIECES = [
    "Mr. ", "mr. ", "Prof. ", "Sept. ", "Co. ", "Ltd. ", "No. ", "no. ", "approx. ", "pp. ", "vs. ", "e.g. ",
    "i.e. ", "Fig. ", "al. ", "U.S. ", "J. ", "K. ", "x. ", "Smith. ", "smith. ", "ahMr. ", "éMr. ", "_Mr. ",
    "Really?! ", "Yes! ", "No? ", "said “no.” ", 'said "no." ', "(done.) ", "3. ", "3.5 ", ". ", "... ",
    "Then ", "then ", "The ", "2020 ", "Über ", "“Quote ", "  ", "\t", "\n", "\u00a0", "。", "！", "中文",
    "extraordinarily. ", "Approx. ", "A. ", "Z.", "end.", "Capt. ", "Dr.", "Inc. ", "a", "B",
]


def test_the_numpy_sentence_ends_are_the_regex_sentence_ends(monkeypatch):
    """The numpy path decides most sentence ends without the regex; the small path runs the regex at every
    candidate: both must give the same segments."""
    rng = random.Random(1414)
    for _ in range(400):
        text = "".join(rng.choice(SENTENCE_PIECES) for _ in range(rng.randint(1, 120)))
        found = []
        for small_bytes in (textbuf.SMALL_BYTES, 0):
            monkeypatch.setattr(textbuf, "SMALL_BYTES", small_bytes)
            found.append(Segmentation(text, textbuf.TextBuffer(text)).segments())
        assert found[0] == found[1], repr(text)
        assert all(type(value) is int for segment in found[1] for value in (segment.start, segment.end))  # JSON


@pytest.mark.parametrize("runs", [3, 400])
def test_the_folded_bytes_are_the_small_path_s(runs, monkeypatch):
    """The numpy path folds as the small path's regexes do, whether the runs of spaces it collapses are few
    (joined from the pieces between them) or many (gathered with a mask), at the ends of the text too."""
    rng = random.Random(runs)
    filler = "Official micro-signal of the bank said. " * 400
    for _ in range(20):
        pieces = [filler[rng.randrange(len(filler)):].strip() for _ in range(3)]
        for _ in range(runs):
            at = rng.randrange(len(pieces) + 1)
            pieces.insert(at, rng.choice(["  ", " \u00a0 ", "\u3000\u3000", "-\u2010", "\t\n ", "\uff0d "]))
        text = rng.choice(["", "  ", "\u2011"]) + "".join(pieces) + rng.choice(["", "  ", "\u00a0"])
        folded = []
        for small_bytes in (len(text.encode()) + 1, 0):
            monkeypatch.setattr(textbuf, "SMALL_BYTES", small_bytes)
            buf = textbuf.TextBuffer(text)
            folded.append((buf.folded(False), buf.folded(True)))
        assert folded[0] == folded[1]


def test_a_finding_made_through_its_slots_is_the_dataclass_s():
    """The checks make findings with ``new_finding`` (slots set directly): the same object as ``Finding(...)``,
    with the same defaults, equal, hashed, shown and pickled alike, and still frozen."""
    import dataclasses
    import pickle

    from tqa.model import Finding, Severity, new_finding

    short = ("d", 1, 2, 3, 4, 9, "text", "use", "glossary.x", "glossary", "Style", Severity.MAJOR, 5.0, "msg")
    full = short + (True, "a note", "u7", 3, 8, "inline")
    for args in (short, full):
        made, expected = new_finding(*args), Finding(*args)
        assert type(made) is Finding
        assert (made, hash(made), repr(made)) == (expected, hash(expected), repr(expected))
        assert pickle.loads(pickle.dumps(made)) == expected
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.start = 0
    assert new_finding(*short, suppressed="baseline") == Finding(*short, suppressed="baseline")


def test_byte_and_character_offsets_map_both_ways():
    """``to_bytes`` is the inverse of ``to_chars``: the UTF-8 length of the text before each character, for
    one- to four-byte characters and lone surrogates."""
    import numpy as np

    rng = random.Random(77)
    for _ in range(200):
        text = "".join(rng.choice(["a", " ", "é", "中", "\u3000", "\xa0", "\U0001f600", "\n", "\udc80"])
                       for _ in range(rng.randint(1, 200)))
        buf = textbuf.TextBuffer(text)
        chars = np.arange(len(text) + 1)
        expected = [len(text[:i].encode("utf-8", "surrogatepass")) for i in range(len(text) + 1)]
        assert buf.to_bytes(chars).tolist() == expected, repr(text)
        assert buf.to_chars(buf.to_bytes(chars)).tolist() == chars.tolist()


def test_the_csv_report_is_what_pandas_writes():
    from tqa.report import RunInfo, make_renderer
    from tqa.report.tables import neutralise_frame
    from tqa.scoring import DEFAULT_WEIGHTS

    text = ("=SUM(A1) official micro-signal, \"quoted\" new crown pneumonia\r\nsecond line, risk of common debt\n"
            "+1 the the CPC Central Bank\n")
    result = tqa_analyze(text)
    assert result.findings
    for raw in (False, True):
        for with_suppressed in (False, True):
            stream = io.StringIO(newline="")
            renderer = make_renderer("csv", stream, RunInfo("0", _glossary(), DEFAULT_WEIGHTS, ()), raw_csv=raw,
                                     show_suppressed=with_suppressed)
            renderer.begin()
            renderer.document(result)
            renderer.document(result)
            frame = result.to_frame(with_suppressed=with_suppressed)
            expected = io.StringIO(newline="")
            (frame if raw else neutralise_frame(frame)).to_csv(expected, index=False, lineterminator="\r\n")
            (frame if raw else neutralise_frame(frame)).to_csv(expected, header=False, index=False,
                                                                lineterminator="\r\n")
            assert stream.getvalue() == expected.getvalue()


def test_a_finding_s_cells_are_its_row_s_cells_as_the_csv_module_writes_them():
    """The CSV report writes findings from their fields (``_pieces``), sharing a rule's cells among its hits:
    the same cells as their rows written by the csv module, neutralised or raw, for generated findings whose
    rules share cells but for the penalty's type (1 and 1.0 are equal keys, not equal cells)."""
    import csv
    import dataclasses

    from tqa.model import Finding, Severity
    from tqa.report.csv import _neutralised, _pieces

    rng = random.Random(8)
    texts = ["plain", "=SUM(A1)", "a,b", 'say "hi"', "line\nbreak", "+1", "-x", "@me", "中文", ""]
    for _ in range(200):
        findings = [Finding(rng.choice(["doc.txt", "=doc", "a,b.txt"]), rng.randint(1, 9), rng.randint(1, 9),
                            rng.randint(1, 9), rng.randint(0, 99), rng.randint(0, 99), rng.choice(texts),
                            rng.choice(texts), rng.choice(["glossary.x", "-rule"]), "glossary",
                            rng.choice(["Style", "=cat"]), rng.choice(list(Severity)), rng.choice([1, 1.0, 2.5, 0]),
                            rng.choice(texts), unit=rng.choice(["3", "=u", "u,1"]),
                            source_start=rng.choice([None, 4]), source_end=rng.choice([None, 7]))
                    for _ in range(rng.randint(1, 12))]
        findings += [dataclasses.replace(findings[0], penalty=penalty) for penalty in (1, 1.0, True)]
        for raw in (False, True):
            rows = [f.row() for f in findings]
            expected = io.StringIO()
            csv.writer(expected, lineterminator="\r\n").writerows(rows if raw else _neutralised(rows))
            written = "".join(f"{head},{numbers},{middle},{unit},{rest}\r\n"
                              for head, numbers, middle, unit, rest in _pieces(findings, raw))
            assert written == expected.getvalue()


def tqa_analyze(text: str):
    from tqa.analysis import analyze

    return analyze(text, doc_id="=doc.txt")


def test_the_summary_table_is_what_pandas_prints():
    from tqa.report.tables import summary_frame, summary_text
    from tqa.scoring import CorpusTotals

    rng = random.Random(7)
    for _ in range(200):
        rows, totals = [], CorpusTotals()
        for number in range(rng.randint(1, 4)):
            text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
            result = analyze_document(Document(rng.choice(["a.txt", "目录/新闻.txt", f"doc{number}.txt"]), text),
                                      _glossary())
            rows.append(result.summary_row())
            totals.add(result)
        for show_suppressed in (False, True):
            frame = summary_frame(rows, totals.score())
            if not show_suppressed:
                frame = frame.drop(columns="suppressed")
            for column in ("lang", "lang_prob", "encoding"):
                frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
            assert summary_text(rows, totals.score(), show_suppressed=show_suppressed) == frame.to_string(index=False)


def test_a_clean_document_s_summary_needs_no_pandas():
    """A document without findings (its penalty the int 0), alone or beside others, is printed without pandas (a
    pre-commit hook's check of a clean file paid 0.4 s for importing it), as pandas prints it."""
    from tqa.report.tables import SUMMARY_COLUMNS, _format_table, summary_frame, summary_text
    from tqa.scoring import CorpusTotals

    clean = analyze_document(Document("clean.txt", "The market opened on time.\n"), _glossary())
    flawed = analyze_document(Document("flawed.txt", "The official micro-signal said so.\n"), _glossary())
    assert not clean.findings and type(clean.penalty) is int and flawed.findings
    for results in ([clean], [clean, clean], [clean, flawed], [flawed, clean]):
        rows, totals = [r.summary_row() for r in results], CorpusTotals()
        for result in results:
            totals.add(result)
        frame = summary_frame(rows, totals.score()).drop(columns="suppressed")
        for column in ("lang", "lang_prob", "encoding"):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
        assert summary_text(rows, totals.score(), show_suppressed=False) == frame.to_string(index=False)
        assert _format_table([c for c in SUMMARY_COLUMNS if c in frame.columns], rows, str) is not None


def test_csv_lines_are_what_the_csv_module_writes():
    """The CSV report joins plain rows itself and hands the others to the csv module: byte for byte the same."""
    import csv
    import enum

    from tqa.report.csv import csv_lines

    class Kind(str, enum.Enum):
        MINOR = "minor"

    rng = random.Random(42)
    cells = ["", "plain", "a,b", 'say "hi"', "line\nbreak", "cr\ronly", "crlf\r\n", " spaced ", "'=SUM(A1)", "中文",
             "tab\there", None, 0, 1, 17, -3, 1.0, 0.1, 2.5e-07, True, Kind.MINOR, "\u2028", ",", '"', "x" * 50]
    for _ in range(500):
        width = rng.choice([0, 1, 2, 3, 15, 17, 18])
        rows = [tuple(rng.choice(cells) for _ in range(width)) for _ in range(rng.randint(0, 6))]
        expected = io.StringIO()
        csv.writer(expected, lineterminator="\r\n").writerows(rows)
        assert csv_lines(rows) == expected.getvalue(), rows
