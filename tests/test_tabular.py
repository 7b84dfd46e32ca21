"""Bilingual TSV and CSV (issue 10): a unit per row, columns from the header or ``--columns``; ``tqa fix``
rewrites only the target cells it changed, in the file's encoding, delimiter and quoting.

The fixture ``bilingual/wmt22-tm.tsv`` holds the 30 WMT22 segments of ``wmt22-tm.en`` under the header
``id  zh  en  system``: the WMT line number, the Chinese source, the system's English, the system's name.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tqa
from helpers import FIXTURES, target_checks
from tqa.inputs import Source, read_document
from tqa.readers import ReadOptions, UnitText, reader_for
from tqa.readers.tabular import CsvReader, TsvReader

BILINGUAL = FIXTURES / "bilingual"
TSV = BILINGUAL / "wmt22-tm.tsv"
PLAIN = BILINGUAL / "wmt22-tm.en"
GLOSSARY = tqa.resolve_glossary(None)  # the bundled zh-en-news
# The lines of the fixture whose target the bundled glossary fixes ("well wall", "Gemini", "new crown").
FIXED_LINES = [2, 3, 5, 6, 10, 13, 14, 15, 16, 17, 18, 31]


def analysed(path, **options):
    document, _ = read_document(Source(str(path)), options=ReadOptions(**options))
    return document, tqa.analyze_document(document, GLOSSARY, checks=target_checks())


def where(finding) -> tuple:
    return finding.start, finding.end, finding.text, finding.rule, finding.line, finding.column


def units(document) -> list[tuple]:
    return [(u.id, u.source, document.text[u.start:u.end]) for u in document.units]


def fixed_bytes(cli, path, tmp_path, *options) -> bytes:
    out = tmp_path / ("fixed" + path.suffix)
    run = cli("fix", path, "-o", out, *options)
    assert run.code == 0, run.err
    return out.read_bytes()


def fix_plain(text: str) -> str:
    return tqa.fix(text, GLOSSARY).text


# --- reading --------------------------------------------------------------------------------------------------

def test_the_tsv_gives_the_findings_of_its_targets_as_plain_text_at_the_same_units_and_offsets():
    table, from_table = analysed(TSV)
    plain, from_plain = analysed(PLAIN)
    assert table.text == plain.text
    assert [where(f) for f in from_table.findings] == [where(f) for f in from_plain.findings]
    assert len(from_table.findings) == 42
    ids = [unit.id for unit in table.units]
    assert [f.unit for f in from_table.findings] == [ids[int(f.unit) - 1] for f in from_plain.findings]


def test_each_row_is_a_unit_with_its_id_source_and_the_languages_of_the_header():
    table, _ = analysed(TSV)
    assert (table.format, table.source_language, table.target_language, table.encoding) == ("tsv", "zh", "en",
                                                                                            "utf-8")
    assert len(table.units) == 30
    first = table.units[0]
    assert (first.id, first.source, first.line, first.note) == (
        "130", "检查井混凝土模块生产加工设备 郑州井壁砖模块设备介绍：", 2, "")  # the system column is left alone
    assert table.text[first.start:first.end].startswith("Inspection well concrete module")


def test_the_suffix_chooses_the_reader():
    assert (reader_for("wmt.tsv").name, reader_for("sheet.CSV").name, reader_for("a.txt", "tsv").name) == (
        "tsv", "csv", "tsv")


@pytest.mark.parametrize("content, expected", [
    ("source\ttarget\n正版书籍\tGenuine books\n", [("2", "正版书籍", "Genuine books", "")]),
    ("src\ttgt\n正版书籍\tGenuine books\n", [("2", "正版书籍", "Genuine books", "")]),
    ("Original;Translation\n正版书籍;Genuine books\n", [("2", "正版书籍", "Genuine books", "")]),
    ("Chinese,English\n正版书籍,Genuine books\n", [("2", "正版书籍", "Genuine books", "")]),
    ("zh-CN,en-US\n正版书籍,Genuine books\n", [("2", "正版书籍", "Genuine books", "")]),
    # A language column is the source or the target by its language, not by its place.
    ("en,zh\nGenuine books,正版书籍\n", [("2", "正版书籍", "Genuine books", "")]),
    ("Key,Source Text,MT,Comment\nk1,正版书籍,Genuine books,a shop's title\n",
     [("k1", "正版书籍", "Genuine books", "a shop's title")]),
    # Without an id column a unit is named by its row's line; blank rows are not units.
    ("source\ttarget\n\n正版书籍\tGenuine books\n\t\n闪电发货\tLightning delivery\n",
     [("3", "正版书籍", "Genuine books", ""), ("5", "闪电发货", "Lightning delivery", "")]),
])
def test_the_header_names_the_columns(tmp_path, content, expected):
    path = tmp_path / "sheet.csv"
    path.write_text(content, encoding="utf-8")
    table, result = analysed(path)
    assert [(u.id, u.source, table.text[u.start:u.end], u.note) for u in table.units] == expected
    assert [f.text for f in result.findings] == [target for _, _, target, _ in expected]


def test_columns_by_position_read_a_file_without_a_header(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("wmt\t正版书籍\tGenuine books\nwmt\t闪电发货\tLightning delivery\n", encoding="utf-8")
    table, _ = analysed(path, columns=("-", "source", "target"))
    assert units(table) == [("1", "正版书籍", "Genuine books"), ("2", "闪电发货", "Lightning delivery")]
    # Given by position, a first row that names those columns is a header.
    path.write_text("system\tsrc\tmt\nwmt\t正版书籍\tGenuine books\n", encoding="utf-8")
    table, _ = analysed(path, columns=("-", "source", "target"))
    assert units(table) == [("2", "正版书籍", "Genuine books")]


def test_columns_by_header_name_pick_columns_the_header_does_not_name_as_tqa_would(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Segment,Chinese text,English text (MT),Reviewer\n7,正版书籍,Genuine books,Li\n", encoding="utf-8")
    table, _ = analysed(path, columns=("id=Segment", "source=Chinese text", "target=English text (MT)"))
    assert units(table) == [("7", "正版书籍", "Genuine books")]


def test_a_tsv_cell_is_quoted_only_where_a_spreadsheet_had_to_quote_it(tmp_path):
    # Machine translation puts quotes around whole sentences (WMT22 Online-B, lines 9 and 26); a spreadsheet
    # quotes a cell only when it holds a quote or a tab, doubling the quotes inside.
    path = tmp_path / "quotes.tsv"
    path.write_text('source\ttarget\n'
                    '“你只需要轻轻呼一口气”\t"You only need to take a breath."\n'
                    '“就像是一个打气筒。\t"It\'s like a pump.\n'
                    '正版书籍\t"Genuine books\tand ""lightning"" delivery"\n'
                    '正版\t"""Genuine"" books"\n', encoding="utf-8")
    table, _ = analysed(path)
    assert [(u.id, table.text[u.start:u.end]) for u in table.units] == [
        ("2", '"You only need to take a breath."'),
        ("3", '"It\'s like a pump.'),
        ("4", 'Genuine books\tand "lightning" delivery'),
        ("5", '"Genuine" books'),
    ]


def test_a_csv_cell_in_quotes_may_hold_the_delimiter_and_line_breaks(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text('source,target\n'
                    '双子座流星雨,"The Gemini meteor shower,\nover two lines"\n'
                    '正版,"Genuine" books are sold here\n'
                    '正版书籍,"Genuine books"\n', encoding="utf-8")
    table, _ = analysed(path)
    assert [(u.id, table.text[u.start:u.end]) for u in table.units] == [
        ("2", "The Gemini meteor shower,\nover two lines"),
        ("4", '"Genuine" books are sold here'),  # the row starts on line 4: the quoted line break counts
        ("5", "Genuine books"),
    ]


# --- spreadsheet exports --------------------------------------------------------------------------------------

@pytest.mark.parametrize("codec, bom", [
    ("utf-16-le", b"\xff\xfe"),  # Excel's "Unicode Text"
    ("utf-8", b"\xef\xbb\xbf"),  # Excel's "CSV UTF-8"
    ("gb18030", b""),  # a Chinese Windows spreadsheet
])
def test_a_spreadsheet_export_is_read_and_written_back_in_its_encoding_with_its_bom(cli, tmp_path, codec, bom):
    text = TSV.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "export.tsv"
    path.write_bytes(bom + text.encode(codec))
    table, _ = analysed(path)
    original, _ = analysed(TSV)
    assert units(table) == units(original)
    fixed = fixed_bytes(cli, path, tmp_path)
    expected = fixed_bytes(cli, TSV, tmp_path).decode("utf-8").replace("\n", "\r\n")
    assert fixed == bom + expected.encode(codec)


def test_a_semicolon_csv_keeps_its_quoting_and_line_ends_when_fixed(cli, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes('key;Chinese;English;system\r\n'
                     '1549;双子座流星雨;"The Gemini meteor shower; ""big"" tonight";Online-Y\r\n'
                     '1551;天文爱好者;The Gemini meteor shower in Qinghai;Online-Y\r\n'
                     '1672;正版书籍;Genuine books;Online-Y\r\n'.encode("utf-8"))
    table, _ = analysed(path)
    assert table.format == "csv"
    assert units(table)[0] == ("1549", "双子座流星雨", 'The Gemini meteor shower; "big" tonight')
    fixed = fixed_bytes(cli, path, tmp_path)
    assert fixed == ('key;Chinese;English;system\r\n'
                     '1549;双子座流星雨;"The Geminid meteor shower; ""big"" tonight";Online-Y\r\n'
                     '1551;天文爱好者;The Geminid meteor shower in Qinghai;Online-Y\r\n'
                     '1672;正版书籍;Genuine books;Online-Y\r\n').encode("utf-8")


# --- fix ------------------------------------------------------------------------------------------------------

def test_fix_rewrites_only_the_target_cells_of_the_rows_it_fixed(cli, tmp_path):
    before = TSV.read_bytes().decode("utf-8").split("\n")
    after = fixed_bytes(cli, TSV, tmp_path).decode("utf-8").split("\n")
    changed = [number for number, (old, new) in enumerate(zip(before, after), 1) if old != new]
    assert len(after) == len(before) and changed == FIXED_LINES
    for number in changed:
        old, new = before[number - 1].split("\t"), after[number - 1].split("\t")
        assert (new[0], new[1], new[3]) == (old[0], old[1], old[3])  # id, source, system as they were
        assert new[2] == fix_plain(old[2] + "\n")[:-1]


def test_the_fixed_tsv_rereads_with_the_same_units_and_the_plain_text_fix(cli, tmp_path):
    fixed = fixed_bytes(cli, TSV, tmp_path)
    reread, _ = analysed(tmp_path / "fixed.tsv")
    original, _ = analysed(TSV)
    assert [(u.id, u.source, u.line) for u in reread.units] == [(u.id, u.source, u.line) for u in original.units]
    assert reread.text == fix_plain(PLAIN.read_text(encoding="utf-8"))
    assert fixed.count(b"\n") == TSV.read_bytes().count(b"\n")


# --- bad input ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content, options, message", [
    ("正版书籍\tGenuine books\n", (),
     "{path}:1: no target column in the header ('正版书籍', 'Genuine books', read as tab-separated); name the "
     "columns id, source and target (or zh and en), or give --columns, e.g. --columns id,source,target"),
    ("id\tsource\ttarget\n1\t正版书籍\tGenuine books\n2\t闪电发货\n", (),
     "{path}:3: a row of 2 cells, but the target is column 3 (tab-separated)"),
    ("source\ttarget\tmt\n正版书籍\tGenuine books\tGenuine books\n", (),
     "{path}:1: columns 2 and 3 (target, mt) both name the target: give --columns to say which"),
    ("zh\tja\tko\n正版书籍\t正規の本\t정품 도서\n", (),
     "{path}:1: which of the columns ja, ko is the target? give --target-lang (or --columns)"),
    ("a\tb\n正版书籍\tGenuine books\n", ("--columns", "source,translated"),
     "--columns: 'translated' is not a column tqa reads (id, source, target, note, or - for a column to leave "
     "alone; ROLE=NAME picks a column by its header)"),
    ("Key\tChinese\n1\t正版书籍\n", ("--columns", "id=Key,target=English"),
     "{path}:1: --columns: no column 'English' in the header ('Key', 'Chinese')"),
])
def test_bad_input_is_one_line_naming_the_file_and_line_and_exit_2(cli, tmp_path, content, options, message):
    path = tmp_path / "sheet.tsv"
    path.write_text(content, encoding="utf-8")
    run = cli("check", path, *options)
    assert run.code == 2
    assert run.err_lines == ["tqa: " + message.format(path=path)]
    assert "Traceback" not in run.err


def test_a_wrong_language_column_is_chosen_by_target_lang(tmp_path):
    path = tmp_path / "three.tsv"
    path.write_text("zh\tja\tko\n正版书籍\t正規の本\t정품 도서\n", encoding="utf-8")
    table, _ = analysed(path, target_language="ko")
    assert (table.source_language, table.target_language) == ("zh", "ko")
    assert units(table) == [("2", "正版书籍", "정품 도서")]


# --- any text -------------------------------------------------------------------------------------------------

CELL_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


@settings(max_examples=80, deadline=None)
@given(csv_target=CELL_TEXT, tsv_target=CELL_TEXT.map(lambda text: text.replace("\r", "").replace("\n", "")))
def test_any_new_target_is_written_so_that_it_reads_back_and_the_other_rows_stay(csv_target, tsv_target):
    for reader, data, target in (
            (CsvReader(), 'id,source,target\n1,正版书籍,"Genuine, ""books"""\n2,闪电发货,Lightning delivery\n',
             csv_target),
            (TsvReader(), 'id\tsource\ttarget\n1\t正版书籍\t"Genuine ""books"""\n2\t闪电发货\tLightning delivery\n',
             tsv_target)):
        raw = data.encode("utf-8")
        document = reader.read("t", raw, ReadOptions())
        written = reader.write_back("t", raw, document, {"1": UnitText("1", target)}, ReadOptions())
        reread = reader.read("t", written, ReadOptions())
        assert [(u.id, u.source, reread.text[u.start:u.end]) for u in reread.units] == [
            ("1", "正版书籍", target), ("2", "闪电发货", "Lightning delivery")]
        assert written.endswith(raw[raw.index(b"\n2"):])


def test_a_column_name_that_looks_like_a_language_code_is_not_taken_for_a_language(tmp_path):
    path = tmp_path / "segments.tsv"
    path.write_text("doc\tseg\ttarget\nnews\t1\tGenuine books\n", encoding="utf-8")
    table, _ = analysed(path)
    assert [(u.id, u.source, table.text[u.start:u.end]) for u in table.units] == [("2", None, "Genuine books")]


def test_source_is_refused_for_a_table_that_has_its_own(cli):
    run = cli("check", TSV, "--source", BILINGUAL / "wmt22-tm.zh")
    assert (run.code, run.err_lines) == (2, [f"tqa: {TSV}: --source is for plain text; a TSV file has its source "
                                             "in a column (--columns says which)"])
