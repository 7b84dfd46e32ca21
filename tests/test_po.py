"""Gettext PO catalogues (issue 10): a unit per message, read through translate-toolkit; ``tqa fix`` replaces
only the changed msgstr lines, wrapped as gettext wraps them.

The fixture ``bilingual/wmt22-tm.po`` holds the 30 WMT22 segments of ``wmt22-tm.en`` (msgid: the Chinese
source, msgstr: the system's English), as ``msgcat`` writes it: a header, extracted comments naming the
system, references to the source line, one fuzzy entry, one with a msgctxt, one with a translator comment,
and an obsolete entry at the end.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tqa
from helpers import FIXTURES, target_checks
from tqa.inputs import Source, read_document
from tqa.readers import ReadOptions, UnitText
from tqa.readers.po import PoReader

BILINGUAL = FIXTURES / "bilingual"
PO = BILINGUAL / "wmt22-tm.po"
PLAIN = BILINGUAL / "wmt22-tm.en"
GLOSSARY = tqa.resolve_glossary(None)  # the bundled zh-en-news
HEADER = ('msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset={charset}\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')


def analysed(path, **options):
    document, _ = read_document(Source(str(path)), options=ReadOptions(**options))
    return document, tqa.analyze_document(document, GLOSSARY, checks=target_checks())


def where(finding) -> tuple:
    return finding.start, finding.end, finding.text, finding.rule, finding.line, finding.column


def write_po(tmp_path, entries: str, charset: str = "UTF-8", name: str = "messages.po", newline: str = "\n",
             encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes((HEADER.format(charset=charset) + entries).replace("\n", newline).encode(encoding))
    return path


def fixed_bytes(cli, path, tmp_path, *options) -> bytes:
    out = tmp_path / ("fixed" + path.suffix)
    run = cli("fix", path, "-o", out, *options)
    assert run.code == 0, run.err
    return out.read_bytes()


def entries(data: bytes) -> list[str]:
    """The file's entries (and its header), as the blank lines between them cut it."""
    return data.decode("utf-8").split("\n\n")


# --- reading --------------------------------------------------------------------------------------------------

def test_the_catalogue_gives_the_findings_of_its_targets_as_plain_text_at_the_same_units_and_offsets():
    catalogue, from_catalogue = analysed(PO)
    plain, from_plain = analysed(PLAIN)
    assert catalogue.text == plain.text
    assert [where(f) for f in from_catalogue.findings] == [where(f) for f in from_plain.findings]
    assert len(from_catalogue.findings) == 42
    ids = [unit.id for unit in catalogue.units]
    assert [f.unit for f in from_catalogue.findings] == [ids[int(f.unit) - 1] for f in from_plain.findings]
    first = from_catalogue.findings[0]
    assert (first.unit, first.text) == ("检查井混凝土模块生产加工设备 郑州井壁砖模块设备介绍：", "Inspection well")


def test_each_message_is_a_unit_with_its_msgid_state_notes_line_and_languages():
    catalogue, _ = analysed(PO)
    assert (catalogue.format, catalogue.source_language, catalogue.target_language, catalogue.encoding) == (
        "po", "zh-CN", "en", "utf-8")  # X-Source-Language: zh_CN, Language: en
    units = {unit.id: unit for unit in catalogue.units}
    assert len(units) == 30  # not the header, not the obsolete "#~" entry
    assert "正版书籍 闪电发货" not in units
    first = catalogue.units[0]
    assert (first.id, first.source, first.state, first.note, first.line) == (
        "检查井混凝土模块生产加工设备 郑州井壁砖模块设备介绍：", "检查井混凝土模块生产加工设备 郑州井壁砖模块设备介绍：",
        "translated", "Online-Y", 17)
    assert catalogue.text[first.start:first.end] == ("Inspection well concrete module production and processing "
                                                     "equipment Zhengzhou well wall brick module equipment "
                                                     "introduction:")
    fuzzy = units["【满额立减 下单速发 可开发票 正版图书】"]
    assert (fuzzy.state, fuzzy.line) == ("needs-review", 192)
    # A msgctxt comes before the msgid, with "|".
    titled = units["product title|钢琴技巧练习指南【正版书籍 闪电发货】"]
    assert titled.source == "钢琴技巧练习指南【正版书籍 闪电发货】"
    assert catalogue.text[titled.start:titled.end] == "Piano Skills Practice Guide [Genuine Books Lightning Delivery]"
    # Translator comments, then extracted comments.
    assert units["【正版书籍 闪电发货 品质无忧 可开发票】"].note == ("闪电发货 is the shop's promise of fast shipping\n"
                                                              "Online-Y")


def test_plural_forms_are_a_unit_each_with_the_singular_or_plural_source(tmp_path):
    path = write_po(tmp_path, 'msgid "%d genuine book"\nmsgid_plural "%d genuine books"\n'
                              'msgstr[0] "%d genuine book"\nmsgstr[1] "%d genuine books"\n\n'
                              '#, fuzzy\nmsgid "An escaped \\"quote\\"\\n"\nmsgstr ""\n')
    catalogue, result = analysed(path)
    assert [(u.id, u.source, catalogue.text[u.start:u.end], u.state) for u in catalogue.units] == [
        ("%d genuine book[0]", "%d genuine book", "%d genuine book", "translated"),
        ("%d genuine book[1]", "%d genuine books", "%d genuine books", "translated"),
        # The id is the msgid as the file writes it; an empty msgstr is a unit without text (fuzzy wins).
        ('An escaped \\"quote\\"\\n', 'An escaped "quote"\n', "", "needs-review"),
    ]
    # A placeholder stays text; the phrase after it is found at its offset in the unit (the empty msgstr is the
    # omission check's).
    assert [(f.unit, f.start, f.text) for f in result.findings if f.check == "glossary"] == [
        ("%d genuine book[0]", 3, "genuine book"), ("%d genuine book[1]", 19, "genuine books")]


# --- bad input ------------------------------------------------------------------------------------------------

def test_a_syntax_error_is_one_line_with_its_line_and_exit_2(tmp_path, cli):
    path = write_po(tmp_path, 'msgid "正版书籍"\nmsgstr "Genuine books"\n\nmsgid "闪电发货"\nmsgstr Lightning delivery\n')
    run = cli("check", path)
    assert run.code == 2
    assert run.err_lines == [f"tqa: {path}:11: not a PO file: syntax error in 'msgstr Lightning delivery'"]
    assert "Traceback" not in run.err


def test_bytes_that_are_not_the_declared_charset_are_refused_at_their_line(tmp_path, cli):
    path = tmp_path / "messages.po"
    entry = 'msgid "正版书籍"\nmsgstr "Genuine books"\n'
    path.write_bytes(HEADER.format(charset="UTF-8").encode() + entry.encode("gb18030"))
    run = cli("check", path)
    assert run.code == 2
    assert run.err_lines == [f"tqa: {path}:7: not UTF-8, the charset the header declares (byte 0xd5); give the "
                             "file's encoding with --encoding"]


# --- fix ------------------------------------------------------------------------------------------------------

def test_fix_replaces_only_the_changed_msgstr_lines(cli, tmp_path):
    before = entries(PO.read_bytes())
    after = entries(fixed_bytes(cli, PO, tmp_path))
    assert len(after) == len(before) == 32  # the header, 30 messages, the obsolete entry
    changed = [number for number, (old, new) in enumerate(zip(before, after)) if old != new]
    assert changed == [1, 2, 4, 5, 9, 12, 13, 14, 15, 16, 17, 30]
    for number in changed:
        old_head, old_msgstr = before[number].split("\nmsgstr ")
        new_head, new_msgstr = after[number].split("\nmsgstr ")
        assert new_head == old_head  # comments, msgctxt and msgid as they were
    # Wrapped again as gettext wraps: "shaft" is one letter longer than "well".
    assert after[5].split("\nmsgstr ")[1] == (
        '""\n"Inspection well concrete module production and processing equipment "\n'
        '"Characteristics and advantages of Zhengzhou shaft wall brick module "\n"equipment:"')


def test_the_fixed_catalogue_rereads_through_translate_toolkit_with_the_plain_text_fix(cli, tmp_path):
    from translate.storage.pypo import pofile

    original = pofile(PO.read_bytes())
    fixed = pofile(fixed_bytes(cli, PO, tmp_path))
    assert [(u.getid(), u.isfuzzy(), u.isobsolete(), u.getnotes()) for u in fixed.units] == [
        (u.getid(), u.isfuzzy(), u.isobsolete(), u.getnotes()) for u in original.units]
    translated = [u.target for u in fixed.units if not u.isheader() and not u.isobsolete()]
    assert "\n".join(translated) + "\n" == tqa.fix(PLAIN.read_text(encoding="utf-8"), GLOSSARY).text


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext's msgcat is not installed")
def test_the_fixed_catalogue_is_wrapped_as_msgcat_wraps_it(cli, tmp_path):
    fixed = fixed_bytes(cli, PO, tmp_path)
    assert subprocess.run(["msgcat", "-"], input=fixed, capture_output=True, check=True).stdout == fixed


def test_a_string_on_one_line_or_broken_after_each_newline_keeps_that_style(cli, tmp_path):
    long = ("Nine Lessons on Chinese Painting Appraisal and Collection Strategies and the Gemini meteor shower over "
            "the mountains")
    path = write_po(tmp_path, f'msgid "a"\nmsgstr "{long}"\n\n'
                              'msgid "b"\nmsgstr ""\n"the Gemini meteor shower\\n"\n"tonight\\n"\n"and tomorrow"\n')
    after = fixed_bytes(cli, path, tmp_path).decode("utf-8")
    assert f'msgstr "{long.replace("Gemini", "Geminid")}"\n' in after  # written with --no-wrap: one line
    assert 'msgstr ""\n"the Geminid meteor shower\\n"\n"tonight\\n"\n"and tomorrow"\n' in after


def test_a_gb18030_catalogue_with_crlf_is_read_and_written_back_in_gb18030_with_crlf(cli, tmp_path):
    path = write_po(tmp_path, 'msgid "北京市天文爱好者安久拍摄的双子座流星雨。"\n'
                              'msgstr "Beijing astronomy enthusiast Anjiu filmed the Gemini meteor shower."\n\n'
                              'msgid "正版书籍"\nmsgstr "Genuine books"\n',
                    charset="GB18030", newline="\r\n", encoding="gb18030")
    catalogue, _ = analysed(path)
    # translate-toolkit alone reads GB18030 bytes as Latin-1; tqa gives it the text.
    assert [u.source for u in catalogue.units] == ["北京市天文爱好者安久拍摄的双子座流星雨。", "正版书籍"]
    assert catalogue.encoding == "gb18030"
    fixed = fixed_bytes(cli, path, tmp_path)
    assert fixed == path.read_bytes().replace(b"the Gemini meteor", b"the Geminid meteor")


def test_a_fuzzy_entry_is_fixed_and_stays_fuzzy(cli, tmp_path):
    path = write_po(tmp_path, '#, fuzzy\nmsgid "新冠疫苗"\nmsgstr "the new crown vaccine"\n')
    after = fixed_bytes(cli, path, tmp_path).decode("utf-8")
    assert after.endswith('#, fuzzy\nmsgid "新冠疫苗"\nmsgstr "the COVID-19 vaccine"\n')


def test_only_the_plural_form_that_changed_is_rewritten(cli, tmp_path):
    path = write_po(tmp_path, 'msgid "%d vaccine"\nmsgid_plural "%d vaccines"\n'
                              'msgstr[0] "%d COVID-19 vaccine"\nmsgstr[1] "%d new crown vaccines"\n')
    after = fixed_bytes(cli, path, tmp_path).decode("utf-8")
    assert re.search(r'msgstr\[0\] "%d COVID-19 vaccine"\nmsgstr\[1\] "%d COVID-19 vaccines"\n$', after)


def test_a_fix_the_declared_charset_cannot_hold_is_refused_with_its_line(cli, tmp_path, write_glossary):
    glossary = write_glossary("""
      - id: quoted-books
        match: [genuine books]
        suggest: “authentic” books
        autofix: true
        category: Style/Awkward
        severity: minor
    """)
    path = write_po(tmp_path, 'msgid "Bücher"\nmsgstr "genuine books für alle"\n', charset="ISO-8859-1",
                    encoding="iso-8859-1")
    out = tmp_path / "fixed.po"
    run = cli("fix", path, "-o", out, "-g", glossary, "--only-check", "glossary")
    assert run.code == 2
    assert run.err_lines == [f"tqa: {path}:8: the fix writes '“', which iso-8859-1 cannot hold; nothing written"]
    assert not out.exists()


# --- any text -------------------------------------------------------------------------------------------------

SMALL = (HEADER.format(charset="UTF-8") + 'msgid "正版书籍"\nmsgstr ""\n"Genuine books, a line that gettext wraps at '
         'seventy-nine columns, "\n"as here"\n\nmsgid "闪电发货"\nmsgstr "Lightning delivery"\n').encode()
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=120)


@settings(max_examples=80, deadline=None)
@given(first=TEXT, second=TEXT)
def test_any_new_msgstr_is_written_so_that_it_reads_back(first, second):
    reader = PoReader()
    document = reader.read("t.po", SMALL, ReadOptions())
    written = reader.write_back("t.po", SMALL, document, {"正版书籍": UnitText("正版书籍", first),
                                                          "闪电发货": UnitText("闪电发货", second)}, ReadOptions())
    reread = reader.read("t.po", written, ReadOptions())
    assert [reread.text[u.start:u.end] for u in reread.units] == [first, second]
    assert written.startswith(SMALL[:SMALL.index("msgstr \"\"\n\"Genuine".encode())])


def test_source_is_refused_for_a_catalogue_that_has_its_own(cli):
    run = cli("check", PO, "--source", BILINGUAL / "wmt22-tm.zh")
    assert (run.code, run.err_lines) == (2, [f"tqa: {PO}: --source is for plain text; a PO file has its source "
                                             "in its msgids"])
