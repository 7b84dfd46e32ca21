"""TMX translation memories (issue 10): a unit per ``<tu>``, its target ``<tuv>`` found by language, inline
tags kept apart from the text, and ``tqa fix`` written back into the original bytes.

The fixture ``bilingual/wmt22-tm.tmx`` holds 30 segments of the WMT22 zh-en test set (see its README): the
same targets as ``wmt22-tm.en``, a line each, with ``<hi>``, ``<bpt>``/``<ept>``, ``<ph>`` and ``<it>`` in four
segments and a character reference (``Pfizer&#8217;s``) in one.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import tqa
from helpers import FIXTURES, target_checks
from tqa.inputs import Source, read_document
from tqa.readers import ReadOptions, UnitText, reader_for
from tqa.readers.tmx import TmxReader

BILINGUAL = FIXTURES / "bilingual"
TMX = BILINGUAL / "wmt22-tm.tmx"
PLAIN = BILINGUAL / "wmt22-tm.en"
GLOSSARY = tqa.resolve_glossary(None)  # the bundled zh-en-news


def analysed(path, **options):
    document, _ = read_document(Source(str(path)), options=ReadOptions(**options))
    return document, tqa.analyze_document(document, GLOSSARY, checks=target_checks())


def where(finding) -> tuple:
    return finding.start, finding.end, finding.text, finding.rule, finding.line, finding.column


def write_tmx(tmp_path, body: str, header: str = 'srclang="zh-CN"', name: str = "memory.tmx"):
    path = tmp_path / name
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                    f'<header {header} datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" '
                    'creationtool="test" creationtoolversion="1"/>\n'
                    f"<body>\n{body}</body>\n</tmx>\n", encoding="utf-8")
    return path


def tu(tuid: str | None, source: str, target: str) -> str:
    """A ``<tu>`` with a zh-CN source and an en-US target (markup allowed in both)."""
    attribute = f' tuid="{tuid}"' if tuid else ""
    return (f'<tu{attribute}><tuv xml:lang="zh-CN"><seg>{source}</seg></tuv>'
            f'<tuv xml:lang="en-US"><seg>{target}</seg></tuv></tu>\n')


def fixed_bytes(cli, path, tmp_path, *options) -> bytes:
    out = tmp_path / ("fixed" + path.suffix)
    run = cli("fix", path, "-o", out, *options)
    assert run.code == 0, run.err
    return out.read_bytes()


# --- reading --------------------------------------------------------------------------------------------------

def test_the_tmx_gives_the_findings_of_its_targets_as_plain_text_at_the_same_units_and_offsets():
    memory, from_memory = analysed(TMX)
    plain, from_plain = analysed(PLAIN)
    assert memory.text == plain.text
    assert [where(f) for f in from_memory.findings] == [where(f) for f in from_plain.findings]
    assert len(from_memory.findings) == 42
    # Plain text names a unit by its line; the memory by the tuid of the <tu> on that line.
    tuids = [unit.id for unit in memory.units]
    assert [f.unit for f in from_memory.findings] == [tuids[int(f.unit) - 1] for f in from_plain.findings]
    first = from_memory.findings[0]
    assert (first.unit, first.start, first.end, first.text, first.suggestion) == (
        "130", 0, 15, "Inspection well", "manhole")
    assert from_memory.score == from_plain.score


def test_each_tu_is_a_unit_with_its_tuid_source_note_line_and_inline_tags():
    memory, _ = analysed(TMX)
    assert (memory.format, memory.source_language, memory.target_language, memory.encoding) == (
        "tmx", "zh-CN", "en-US", "utf-8")
    units = {unit.id: unit for unit in memory.units}
    assert len(units) == 30 and list(units)[:3] == ["130", "131", "132"]
    wall = units["138"]
    assert memory.text[wall.start:wall.end] == ("The shear strength of the well wall is far superior to the masonry "
                                                "form of flat friction masonry.")
    assert wall.tags == ((26, '<hi type="b">'), (35, "</hi>"))  # around "well wall"
    assert wall.source == "井壁墙体抗剪力远优于平摩擦砌体的砌筑形式。"
    assert wall.source_tags == ((0, '<hi type="b">'), (2, "</hi>"))
    assert (wall.note, wall.line, wall.state) == ("Online-Y, line 138", 49, "")
    # <bpt>/<ept>, <ph> and <it> are one tag each; their native code (&lt;b&gt;) is not text.
    books = units["1672"]
    assert memory.text[books.start:books.end] == ("[Genuine books Lightning delivery, worry-free quality, "
                                                  "can be invoiced]")
    # The labels keep what pairs a <bpt> with its <ept> (i) and what the tag stands for (x, pos).
    assert books.tags == ((0, '<bpt i="1" x="1"/>'), (33, '<ept i="1"/>'))
    assert books.source_tags == ((0, '<bpt i="1" x="1"/>'), (10, '<ept i="1"/>'))
    assert units["1674"].tags == ((68, '<ph x="2"/>'),)
    assert units["1551"].tags == ((0, '<it pos="begin" x="4"/>'),)
    # A character reference is the character it stands for.
    vaccine = units["1493"]
    assert "Pfizer\u2019s new crown vaccine" in memory.text[vaccine.start:vaccine.end]


def test_the_suffix_chooses_the_tmx_reader():
    assert reader_for("memory.TMX").name == "tmx"
    assert reader_for("memory.xml", "tmx").name == "tmx"


def test_a_tu_without_tuid_is_named_by_its_position_and_a_repeated_tuid_by_its_position_too(tmp_path):
    path = write_tmx(tmp_path, tu(None, "正版书籍", "Genuine books") + tu("a", "闪电发货", "Lightning delivery")
                     + tu("a", "新冠疫苗", "new crown vaccine"))
    memory, result = analysed(path)
    assert [unit.id for unit in memory.units] == ["1", "a", "a@3"]
    assert [(f.unit, f.text) for f in result.findings] == [
        ("1", "Genuine books"), ("a", "Lightning delivery"), ("a@3", "new crown")]


# --- languages ------------------------------------------------------------------------------------------------

THREE_LANGUAGES = """
<tu tuid="1"><tuv xml:lang="zh-CN"><seg>正版书籍</seg></tuv><tuv xml:lang="en-US"><seg>Genuine books</seg></tuv>
<tuv xml:lang="de-DE"><seg>Echte Bücher</seg></tuv></tu>
"""


def test_a_memory_with_several_target_languages_is_refused_until_target_lang_names_one(tmp_path, cli):
    path = write_tmx(tmp_path, THREE_LANGUAGES)
    run = cli("check", path)
    assert run.code == 2
    assert run.err_lines == [f"tqa: {path}: <tuv>s in 2 languages besides the source language zh-CN "
                             "(de-DE and en-US): give --target-lang"]
    # "en" finds en-US: a language without a region matches its regions.
    memory, result = analysed(path, target_language="en")
    assert memory.target_language == "en"
    assert memory.text == "Genuine books\n" and memory.units[0].source == "正版书籍"
    assert [f.text for f in result.findings] == ["Genuine books"]


def test_a_memory_without_a_source_language_needs_one_from_the_options(tmp_path, cli):
    path = write_tmx(tmp_path, tu("1", "正版书籍", "Genuine books"), header='srclang="*all*"')
    run = cli("check", path)
    assert run.code == 2
    assert run.err_lines == [f"tqa: {path}: the memory does not say its source language (srclang) and its <tuv>s "
                             "are in en-US and zh-CN: give --target-lang (or --source-lang)"]
    memory, _ = analysed(path, source_language="zh-CN")
    assert (memory.source_language, memory.target_language, memory.text) == ("zh-CN", "en-US", "Genuine books\n")
    memory, _ = analysed(path, target_language="en-US")
    assert memory.units[0].source == "正版书籍"  # the other <tuv>


def test_a_memory_with_no_language_besides_the_source_is_refused(tmp_path, cli):
    path = write_tmx(tmp_path, '<tu><tuv xml:lang="zh-CN"><seg>正版书籍</seg></tuv></tu>\n')
    run = cli("check", path)
    assert run.code == 2
    assert run.err_lines == [f"tqa: {path}: no <tuv> in a language other than the source language zh-CN: nothing "
                             "to check (give --target-lang to check one anyway)"]


# --- bad input ------------------------------------------------------------------------------------------------

def test_malformed_tmx_is_one_line_with_its_line_and_exit_2(tmp_path, cli):
    path = tmp_path / "broken.tmx"
    path.write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="zh-CN"/>\n<body>\n'
                    '<tu><tuv xml:lang="en"><seg>Genuine books</tuv></tu>\n</body>\n</tmx>\n', encoding="utf-8")
    run = cli("check", path)
    assert run.code == 2
    assert run.err_lines == [f"tqa: {path}:5: not well-formed XML: Opening and ending tag mismatch: seg line 5 "
                             "and tuv"]
    assert "Traceback" not in run.err


def test_an_xml_file_that_is_not_tmx_is_refused(tmp_path, cli):
    path = tmp_path / "other.tmx"
    path.write_text('<?xml version="1.0"?>\n<xliff version="1.2"><file/></xliff>\n', encoding="utf-8")
    run = cli("check", path)
    assert (run.code, run.err_lines) == (2, [f"tqa: {path}:2: not a TMX file (the root element is <xliff>, "
                                             "not <tmx>)"])


# --- fix ------------------------------------------------------------------------------------------------------

def test_fix_rewrites_only_the_fixed_words_and_leaves_every_other_byte(cli, tmp_path):
    before = TMX.read_bytes().decode("utf-8").split("\n")
    after = fixed_bytes(cli, TMX, tmp_path).decode("utf-8").split("\n")
    assert len(after) == len(before)
    changed = {number: (old, new) for number, (old, new) in enumerate(zip(before, after), 1) if old != new}
    # Twelve fixes in twelve target segments: "well wall" → "shaft wall", "Gemini" → "Geminid", "new crown" →
    # "COVID-19"; the other 18 <tu>s, the header, the prolog and the comments are as they were.
    assert sorted(changed) == [12, 17, 27, 32, 52, 67, 72, 77, 82, 87, 92, 157]
    assert changed[52] == (
        '      <tuv xml:lang="en-US"><seg>The shear strength of the <hi type="b">well wall</hi> is far superior to '
        'the masonry form of flat friction masonry.</seg></tuv>',
        '      <tuv xml:lang="en-US"><seg>The shear strength of the <hi type="b">shaft wall</hi> is far superior '
        'to the masonry form of flat friction masonry.</seg></tuv>')
    assert changed[82][1] == ('      <tuv xml:lang="en-US"><seg><it pos="begin" x="4">&lt;i&gt;</it>Beijing astronomy '
                              'enthusiast Anjiu filmed the Geminid meteor shower in Qinghai on December 13, '
                              '2018.</seg></tuv>')
    # The character reference outside the fixed words is kept as written.
    assert changed[157][1] == ('      <tuv xml:lang="en-US"><seg>The Serbian Ministry of Health also announced on '
                               'the 10th that it will begin vaccinating Pfizer&#8217;s COVID-19 vaccine for children '
                               'aged 5 to 11 in the country.</seg></tuv>')
    for old, new in changed.values():
        assert old.replace("well wall", "shaft wall").replace("Gemini ", "Geminid ").replace(
            "new crown vaccine", "COVID-19 vaccine") == new


def test_the_fixed_tmx_rereads_with_the_same_units_and_tags_and_the_plain_text_fix(cli, tmp_path):
    from translate.storage.tmx import tmxfile

    fixed = fixed_bytes(cli, TMX, tmp_path)
    store = tmxfile.parsestring(fixed)
    before = tmxfile.parsestring(TMX.read_bytes())
    assert [unit.getid() for unit in store.units] == [unit.getid() for unit in before.units]
    original, _ = analysed(TMX)
    path = tmp_path / "fixed.tmx"
    reread, _ = analysed(path)
    assert [(u.id, u.source, u.source_tags, u.note) for u in reread.units] == [
        (u.id, u.source, u.source_tags, u.note) for u in original.units]
    assert [u.tags for u in reread.units if u.id != "138"] == [u.tags for u in original.units if u.id != "138"]
    # Tags sit where they were relative to the text: "</hi>" follows "shaft wall", one letter longer than
    # "well wall"; every target is that of the fixed plain text.
    assert next(u.tags for u in reread.units if u.id == "138") == ((26, '<hi type="b">'), (36, "</hi>"))
    plain_fixed = tqa.fix(PLAIN.read_text(encoding="utf-8"), GLOSSARY)
    assert reread.text == plain_fixed.text
    # translate-toolkit reads the same target text for a segment without markup.
    assert store.units[0].gettarget("en-US") == reread.text.split("\n")[0]


def test_a_fix_never_changes_text_across_a_tag(cli, tmp_path):
    path = write_tmx(tmp_path, tu("w", "井壁", 'the well<ph x="1">&lt;br/&gt;</ph> wall module')
                     + tu("g", "双子座流星雨", "the <hi>Gemini</hi> meteor shower"))
    memory, result = analysed(path)
    # (The tags check reports the targets' tags, which these sources lack.)
    assert [(f.unit, f.text) for f in result.findings if f.check == "glossary"] == [("w", "well wall"), ("g", "Gemini")]
    after = fixed_bytes(cli, path, tmp_path).decode("utf-8")
    # "well wall" holds a tag: left for a human; "Gemini" fills its <hi>: fixed inside it.
    assert "the well<ph x=\"1\">&lt;br/&gt;</ph> wall module" in after
    assert "the <hi>Geminid</hi> meteor shower" in after
    assert after.replace("<hi>Geminid</hi>", "<hi>Gemini</hi>") == path.read_text(encoding="utf-8")


def test_a_utf16_memory_is_written_back_in_utf16_with_its_byte_order_mark(cli, tmp_path):
    text = TMX.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = tmp_path / "memory.tmx"
    path.write_bytes(text.encode("utf-16"))  # with a BOM, in the machine's byte order
    fixed = fixed_bytes(cli, path, tmp_path)
    assert fixed[:2] == path.read_bytes()[:2]
    expected = fixed_bytes(cli, TMX, tmp_path).decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert fixed.decode("utf-16") == expected


def test_fix_diff_shows_the_changed_segments(cli, tmp_path):
    run = cli("fix", TMX, "--diff")
    assert run.code == 0
    removed = [line for line in run.out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in run.out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(removed) == len(added) == 12


def test_a_fixed_character_the_encoding_cannot_hold_is_written_as_a_character_reference(cli, tmp_path,
                                                                                          write_glossary):
    codec = "iso-8859-1"
    glossary = write_glossary("""
      - id: quote
        match: [Genuine books]
        suggest: “authentic” books
        autofix: true
        category: Style/Awkward
        severity: minor
    """)
    path = tmp_path / "latin.tmx"
    path.write_bytes(f'<?xml version="1.0" encoding="{codec.upper()}"?>\n<tmx version="1.4"><header srclang="en"/>'
                     '<body><tu><tuv xml:lang="en"><seg>Genuine books</seg></tuv><tuv xml:lang="de">'
                     '<seg>Genuine books, f\u00fcr alle</seg></tuv></tu></body></tmx>\n'.encode(codec))
    fixed = fixed_bytes(cli, path, tmp_path, "-g", glossary, "--only-check", "glossary")
    assert fixed.decode(codec).endswith('<seg>&#8220;authentic&#8221; books, f\u00fcr alle</seg></tuv></tu></body>'
                                        '</tmx>\n')
    reread, _ = analysed(tmp_path / "fixed.tmx")
    assert reread.text == "“authentic” books, für alle\n"


def test_a_changed_piece_in_cdata_is_written_as_text_and_a_comment_stays_where_it_is(cli, tmp_path):
    cdata = '<ph x="1">&lt;b&gt;</ph><![CDATA[The Gemini meteor shower & ]]>its trail'
    path = write_tmx(tmp_path, tu("c", "双子座流星雨", cdata)
                     + tu("k", "双子座流星雨", "the Gemini<!-- checked --> meteor shower"))
    memory, _ = analysed(path)
    assert memory.text == "The Gemini meteor shower & its trail\nthe Gemini meteor shower\n"
    assert memory.units[1].tags == ((10, "<?/>"),)  # a comment stands where it is, like a tag
    after = fixed_bytes(cli, path, tmp_path).decode("utf-8")
    # Text written into CDATA would need other escaping: the piece is written out as text, after the <ph>.
    assert '<seg><ph x="1">&lt;b&gt;</ph>The Geminid meteor shower &amp; its trail</seg>' in after
    assert "<seg>the Geminid<!-- checked --> meteor shower</seg>" in after


# --- any text -------------------------------------------------------------------------------------------------

# What XML can hold as text (no controls, no surrogates, no U+FFFE/U+FFFF); fixes never write line breaks.
XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
                   max_size=60)
SMALL = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN"/><body>\n'
         '<tu tuid="a"><tuv xml:lang="zh-CN"><seg>正版书籍</seg></tuv><tuv xml:lang="en-US"><seg>Genuine &amp; '
         '<ph x="1">&lt;b/&gt;</ph>books<![CDATA[ <now> ]]>here</seg></tuv></tu>\n'
         '<tu tuid="b"><tuv xml:lang="zh-CN"><seg>闪电发货</seg></tuv><tuv xml:lang="en-US"><seg>Lightning '
         '<hi>delivery</hi></seg></tuv></tu>\n</body></tmx>\n').encode()


@settings(max_examples=80, deadline=None)
@given(before=XML_TEXT, after=XML_TEXT, inside=XML_TEXT)
def test_any_new_target_is_written_so_that_it_reads_back_with_its_tags(before, after, inside):
    reader = TmxReader()
    document = reader.read("t.tmx", SMALL, ReadOptions())
    written = reader.write_back("t.tmx", SMALL, document, {
        "a": UnitText("a", before + after, tags=((len(before), '<ph x="1"/>'),)),
        "b": UnitText("b", "Lightning " + inside, tags=((10, "<hi>"), (10 + len(inside), "</hi>"))),
    }, ReadOptions())
    reread = reader.read("t.tmx", written, ReadOptions())
    assert [reread.text[u.start:u.end] for u in reread.units] == [before + after, "Lightning " + inside]
    assert [u.tags for u in reread.units] == [((len(before), '<ph x="1"/>'),),
                                              ((10, "<hi>"), (10 + len(inside), "</hi>"))]
    assert written.count(b'<ph x="1">&lt;b/&gt;</ph>') == 1


def test_source_is_refused_for_a_memory_that_has_its_own(cli):
    run = cli("check", TMX, "--source", BILINGUAL / "wmt22-tm.zh")
    assert (run.code, run.err_lines) == (2, [f"tqa: {TMX}: --source is for plain text; a TMX file has its source "
                                             "in its <tuv>s"])
