"""Files scraped from Chinese web pages come in GB18030, Big5 or UTF-16; spreadsheets export Windows-1252.
tqa detects the encoding (or takes --encoding), reports it, and finds the same things at the same offsets."""

from __future__ import annotations

import csv
import io

import pytest

import tqa
from tqa.cli import main
from tqa.errors import TqaError
from tqa.inputs import decode

from helpers import MINI

TEXT = ("據報道，中國人民銀行在其官方微信號上發布了一篇文章。\n"
        "The article was posted on the official micro-signal of the central bank, and the 共債 risk grew.\n"
        "Patients with new crown pneumonia were treated in Beijing.\n")


@pytest.mark.parametrize("codec, reported", [("utf-8", "utf-8"), ("gb18030", "gb18030"), ("big5", "big5"),
                                             ("utf-16", "utf-16-le")])
def test_the_same_findings_at_the_same_offsets_in_every_encoding(tmp_path, capsys, codec, reported):
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text(TEXT, encoding="utf-8")
    other = tmp_path / f"{codec}.txt"
    other.write_bytes(TEXT.encode(codec))
    rows = {}
    for path in (utf8, other):
        assert main(["check", str(path), "-g", str(MINI), "--format", "csv", "--summary", str(tmp_path / "s.csv")]) == 0
        found = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        rows[path] = [(r["start"], r["end"], r["text"], r["rule"]) for r in found]
        summary = list(csv.DictReader(open(tmp_path / "s.csv", encoding="utf-8-sig")))
        if path == other:
            assert summary[0]["encoding"] == reported
    assert rows[utf8] == rows[other]
    assert ("official micro-signal" in [r[2] for r in rows[other]])


def test_windows_1252_is_read_as_windows_1252():
    text = "The café’s “official micro-signal” — 5 € a month.\n"
    decoded, raw, encoding = decode("cafe.txt", text.encode("cp1252") * 20)
    assert encoding == "cp1252" and decoded == text * 20 and raw == (text * 20).encode("utf-8")


def test_a_bom_decides_and_is_not_part_of_the_text():
    text, _, encoding = decode("a.txt", "\ufeffnew crown".encode("utf-8"))
    assert (text, encoding) == ("new crown", "utf-8-bom")
    text, _, encoding = decode("b.txt", "new crown".encode("utf-16-be") and b"\xfe\xff" + "new crown".encode("utf-16-be"))
    assert (text, encoding) == ("new crown", "utf-16-be")


def test_an_explicit_encoding_that_does_not_fit_is_refused_with_the_line():
    with pytest.raises(TqaError, match=r"gb\.txt:2: cannot be read as utf-8"):
        decode("gb.txt", "ok\n官方微信号\n".encode("gb18030"), "utf-8")


def test_nul_characters_are_refused_even_in_utf16():
    with pytest.raises(TqaError, match="binary"):
        decode("x.txt", "a\x00b".encode("utf-16"))


def test_an_unknown_encoding_name_is_a_user_error():
    with pytest.raises(TqaError, match="unknown encoding"):
        decode("x.txt", b"abc", "klingon-8")


def test_analyze_on_decoded_text_offsets_point_into_the_decoded_text(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes(TEXT.encode("big5"))
    from tqa.inputs import Source, read_document

    document, raw = read_document(Source(str(path)))
    result = tqa.analyze(document.text, tqa.load_glossary(MINI))
    assert all(document.text[f.start:f.end] == f.text for f in result.findings)
    assert raw == TEXT.encode("utf-8")
