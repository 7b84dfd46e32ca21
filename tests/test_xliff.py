"""XLIFF 1.2 and 2.0: reading units with their tags, checking them like plain text, and writing fixes back.

The fixtures in ``tests/fixtures/bilingual/`` are 30 lines of the WMT22 zh-en test set (source.zh with the
system Online-B; Kocmi et al., "Findings of the 2022 Conference on Machine Translation (WMT22)", research
use): ``wmt22-excerpt.xlf`` (XLIFF 1.2, with ``<g>`` and ``<x/>``), ``wmt22-excerpt-2.0.xlf`` (XLIFF 2.0, with
``<pc>`` and ``<ph/>``; lines 1676 and 1677 are the two segments of unit 27), and the same targets and sources
as plain text, one per line (``wmt22-excerpt.en``, ``wmt22-excerpt.zh``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re

import pytest
from lxml import etree

import tqa
from tqa.errors import TqaError
from tqa.fix import fix_document
from tqa.inputs import Source, read_document
from tqa.pipeline import analyze_document
from tqa.readers import ReadOptions, UnitText, reader_for
from tqa.readers.inline import InlineRules, flatten
from tqa.readers.xliff import XliffReader

from helpers import FIXTURES, run_tqa

BILINGUAL = FIXTURES / "bilingual"
XLIFF_1 = BILINGUAL / "wmt22-excerpt.xlf"
XLIFF_2 = BILINGUAL / "wmt22-excerpt-2.0.xlf"
TARGETS = BILINGUAL / "wmt22-excerpt.en"
SOURCES = BILINGUAL / "wmt22-excerpt.zh"

# What the bundled glossary and the punctuation check fix in these lines (a regular expression each, tried in this
# order); "new crown epidemic" is not fixed (a human chooses between "COVID-19 pandemic" and "COVID-19 outbreak").
FIXES = ((r"new crown pneumonia", "COVID-19"), (r"new crown(?! epidemic)", "COVID-19"),
         (r"well wall", "shaft wall"), (r"saliva chicken", "mouthwatering chicken"), (r"】", "] "), (r"【", "["))
# The units whose target tqa fix changes (unit 6, "the <g>well</g> wall", is left for a human).
FIXED_1 = ["2", "3", "4", "7", "12", "14", "15", "20", "24", "25", "29", "30"]
FIXED_2 = ["2", "3", "4", "7", "12", "14", "15", "20", "24", "25", "28", "29"]
UNIT_ELEMENT = {XLIFF_1: rb"<trans-unit\b.*?</trans-unit>", XLIFF_2: rb"<unit\b.*?</unit>"}
RULES = {XLIFF_1: InlineRules(frozenset({"g", "mrk"})), XLIFF_2: InlineRules(frozenset({"pc", "mrk"}))}


@pytest.fixture(scope="module")
def glossary() -> tqa.Glossary:
    return tqa.load_glossary("zh-en-news")


def read(path, **options) -> tqa.Document:
    return read_document(Source(str(path)), options=ReadOptions(**options))[0]


def findings(path, glossary, **options) -> list[tuple]:
    """(unit number, start, end, rule, text) of every finding; a unit's number is its place in the document
    (for plain text, its line)."""
    document = read(path, **options)
    place = {unit.id: number for number, unit in enumerate(document.units or (), 1)}
    return [(place.get(f.unit, int(f.unit) if f.unit.isdigit() else f.unit), f.start, f.end, f.rule, f.text)
            for f in analyze_document(document, glossary).findings]


def xliff(body: str, *, version: str = "1.2", languages: str = 'source-language="zh-CN" target-language="en"') -> bytes:
    """A small XLIFF file around ``body`` (the content of <body> in 1.2, of <file> in 2.0)."""
    if version == "1.2":
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                f'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file original="a.txt" {languages} '
                f'datatype="plaintext"><body>\n{body}\n</body></file>\n</xliff>\n').encode()
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
            f'version="2.0" {languages}>\n<file id="f1">\n{body}\n</file>\n</xliff>\n').encode()


def read_bytes(data: bytes, name: str = "t.xlf", **options) -> tqa.Document:
    return XliffReader().read(name, data, ReadOptions(**options))


# --- reading: the same findings as the plain text ---------------------------------------------------------------

def test_xliff_1_2_gives_the_plain_text_findings_at_the_same_units_and_offsets(glossary):
    found = findings(XLIFF_1, glossary)
    assert found == findings(TARGETS, glossary)  # unit ids are the plain text's line numbers
    assert found == findings(TARGETS, glossary, source=str(SOURCES))
    assert len(found) == 35
    assert found[:2] == [(2, 40, 55, "zh-en-news/manhole-inspection-well", "Inspection well"),
                         (2, 118, 127, "zh-en-news/shaft-wall-well-wall", "well wall")]
    assert (30, 3008, 3022, "zh-en-news/mouthwatering-chicken-saliva-chicken", "saliva chicken") in found


def test_xliff_2_0_gives_the_plain_text_findings_at_the_same_units_and_offsets(glossary):
    found = findings(XLIFF_2, glossary)
    assert found == findings(TARGETS, glossary)
    assert len(found) == 35
    # Lines 1676 and 1677 are the two segments of unit 27: units 27/s1 and 27/s2, the 27th and 28th.
    assert [f.unit for f in analyze_document(read(XLIFF_2), glossary).findings if f.text == "Lightning Delivery"] \
        == ["27/s1", "27/s2"]


def test_the_document_text_is_the_targets_one_per_line():
    plain = TARGETS.read_text("utf-8")
    assert read(XLIFF_1).text == plain
    assert read(XLIFF_2).text == plain


def test_a_trans_unit_is_read_with_its_id_source_state_note_line_and_tags():
    document = read(XLIFF_1)
    assert document.format == "xliff"
    assert (document.source_language, document.target_language) == ("zh-CN", "en-US")
    unit = document.units[1]
    assert unit == tqa.model.Unit(  # noqa: E501
        id="2", start=40, end=164, source="检查井混凝土模块生产加工设备 郑州井壁砖模块设备介绍：",
        state="needs-review-translation", note="WMT22 zh-en line 130", line=14,
        tags=((0, '<g id="1">'), (67, "</g>"), (78, '<g id="2">'), (87, "</g>")),
        source_tags=((0, '<g id="1">'), (14, "</g>"), (17, '<g id="2">'), (19, "</g>")),
        comments=("WMT22 zh-en line 130",))  # each <note>, where an inline "tqa: ignore[CODE]" is read
    assert document.text[unit.start + 78:unit.start + 87] == "well wall"  # the words inside <g id="2">
    nested = document.units[21]  # [German] Compvelte <g id="1">[<g id="2">Genuine Book</g>]</g>
    assert nested.tags == ((48, '<g id="1">'), (49, '<g id="2">'), (61, "</g>"), (62, "</g>"))
    assert document.units[29].tags == ((5, '<x id="1"/>'),)  # It's <x id="1"/>saliva chicken
    assert document.text[document.units[29].start:document.units[29].end] == "It's saliva chicken, raw meat"


def test_a_segment_is_a_unit_and_a_unit_of_several_segments_gives_unit_slash_segment_ids():
    document = read(XLIFF_2)
    assert [unit.id for unit in document.units[25:29]] == ["26", "27/s1", "27/s2", "28"]
    first, second = document.units[26:28]
    assert (first.line, second.line) == (246, 253)  # the <segment> start tags
    assert first.note == second.note == "WMT22 zh-en lines 1676 and 1677"  # the <unit>'s notes
    unit = document.units[1]
    assert (unit.state, unit.line) == ("reviewed", 21)
    assert unit.tags == ((0, '<pc id="1">'), (67, "</pc>"), (78, '<pc id="2">'), (87, "</pc>"))
    assert document.units[13].tags == ((55, '<ph id="1"/>'),)  # …is raw<ph id="1"/>
    assert (document.source_language, document.target_language) == ("zh-CN", "en-US")


def test_segments_without_ids_are_numbered_in_their_unit():
    document = read_bytes(xliff('<unit id="u1"><segment><source>一</source><target>One</target></segment>'
                                '<segment><source>二</source><target>Two</target></segment></unit>',
                                version="2.0", languages='srcLang="zh" trgLang="en"'))
    assert [unit.id for unit in document.units] == ["u1/1", "u1/2"]


@pytest.mark.parametrize("version, ids", [("1.2", ["a.txt/1", "b.txt/1"]), ("2.0", ["f1/1", "f2/1"])])
def test_the_units_of_several_file_elements_are_named_by_their_file(version, ids):
    if version == "1.2":
        files = "".join(f'<file original="{name}" source-language="zh" datatype="plaintext"><body>'
                        f'<trans-unit id="1"><source>一</source><target>One</target></trans-unit></body></file>'
                        for name in ("a.txt", "b.txt"))
        data = f'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">{files}</xliff>'
    else:
        files = "".join(f'<file id="{name}"><unit id="1"><segment><source>一</source><target>One</target>'
                        f'</segment></unit></file>' for name in ("f1", "f2"))
        data = f'<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh">{files}</xliff>'
    assert [unit.id for unit in read_bytes(data.encode()).units] == ids


def test_a_unit_without_a_target_is_read_with_an_empty_target():
    document = read_bytes(xliff('<trans-unit id="1"><source>新冠肺炎</source></trans-unit>\n'
                                '<trans-unit id="2"><source>新冠</source><target>new crown</target></trans-unit>'))
    assert [(unit.id, unit.source, document.text[unit.start:unit.end]) for unit in document.units] == \
        [("1", "新冠肺炎", ""), ("2", "新冠", "new crown")]
    assert document.text == "\nnew crown\n"


def test_units_not_to_be_translated_are_left_out():
    document = read_bytes(xliff('<trans-unit id="1" translate="no"><source>ID-42</source><target>ID-42</target>'
                                '</trans-unit>\n<group translate="no"><trans-unit id="2"><source>x</source>'
                                '<target>x</target></trans-unit></group>\n<trans-unit id="3"><source>新冠</source>'
                                '<target>new crown</target></trans-unit>'))
    assert [unit.id for unit in document.units] == ["3"]


def test_languages_come_from_the_file_else_from_the_options():
    declared = xliff('<trans-unit id="1"><source>一</source><target>One</target></trans-unit>')
    undeclared = xliff('<trans-unit id="1"><source>一</source><target>One</target></trans-unit>',
                       languages='source-language="zh"')
    options = {"source_language": "zh-TW", "target_language": "en-GB"}
    assert (read_bytes(declared, **options).source_language, read_bytes(declared, **options).target_language) \
        == ("zh-CN", "en")
    assert read_bytes(undeclared, **options).target_language == "en-GB"
    two = xliff('<unit id="1"><segment><source>一</source><target>One</target></segment></unit>', version="2.0",
                languages='srcLang="zh"')
    assert (read_bytes(two, **options).source_language, read_bytes(two, **options).target_language) == ("zh", "en-GB")


def test_xliff_files_are_read_by_their_suffix_sdlxliff_included():
    assert {reader_for(name).name for name in ("a.xlf", "a.XLIFF", "a.sdlxliff")} == {"xliff"}
    assert XliffReader().read("a.sdlxliff", XLIFF_1.read_bytes(), ReadOptions()).text == TARGETS.read_text("utf-8")


def test_check_csv_carries_the_unit_ids():
    run = run_tqa("check", XLIFF_2, "--format", "csv", "--fail-on", "critical")
    assert run.returncode == 1, run.stderr  # "new crown epidemic" is critical
    rows = list(csv.DictReader(io.StringIO(run.stdout.decode("utf-8-sig"))))
    assert [(row["unit"], row["text"]) for row in rows if row["rule"].endswith("lightning-delivery")] == \
        [("26", "lightning delivery"), ("27/s1", "Lightning Delivery"), ("27/s2", "Lightning Delivery")]
    assert {row["unit"] for row in rows} >= {"2", "28", "29"}


# --- bad input -------------------------------------------------------------------------------------------------

TRANS_UNIT = '<trans-unit id="1"><source>新冠</source><target>new crown</target></trans-unit>'
BAD_INPUT = [
    ("empty", b"", "bad.xlf: an empty file, not XLIFF"),
    ("malformed", xliff(TRANS_UNIT).replace(b"</target>", b"</targte>"),
     "bad.xlf:4:65: not well-formed XML: Opening and ending tag mismatch: target line 4 and targte"),
    ("not XLIFF", b'<?xml version="1.0"?>\n<tmx version="1.4"><body/></tmx>\n',
     "bad.xlf:2: not an XLIFF file (its root element is <tmx>, not <xliff>)"),
    ("unknown version", b'<xliff version="3.0"><file/></xliff>',
     "bad.xlf:1: XLIFF version '3.0' is not one tqa reads (1.0 to 1.2, 2.x)"),
    ("no file element", b'<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh"/>',
     "bad.xlf:1: an XLIFF file without a <file> element"),
    ("trans-unit without id", xliff(TRANS_UNIT.replace(' id="1"', "")), "bad.xlf:4: a <trans-unit> without an id"),
    ("unit without id", xliff('<unit><segment><source>一</source><target>One</target></segment></unit>',
                              version="2.0", languages='srcLang="zh"'), "bad.xlf:4: a <unit> without an id"),
    ("id given twice", xliff(TRANS_UNIT + "\n" + TRANS_UNIT), "bad.xlf:5: unit id '1' given twice (first at line 4)"),
    ("no target at all", xliff('<trans-unit id="1"><source>新冠</source></trans-unit>'),
     "bad.xlf: no unit has a <target>: the file has not been translated yet, nothing to check"),
]


@pytest.mark.parametrize("data, message", [case[1:] for case in BAD_INPUT], ids=[case[0] for case in BAD_INPUT])
@pytest.mark.parametrize("command", ["check", "fix"])
def test_bad_input_is_one_line_and_exit_2(tmp_path, monkeypatch, cli, command, data, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.xlf").write_bytes(data)
    run = cli(command, "bad.xlf")
    assert (run.code, run.err_lines) == (2, [f"tqa: {message}"])


# --- writing fixes back ----------------------------------------------------------------------------------------

def units_and_rest(data: bytes, path) -> tuple[list[bytes], bytes]:
    """The bytes of each <trans-unit> (1.2) or <unit> (2.0), and the file without them."""
    pattern = re.compile(UNIT_ELEMENT[path], re.S)
    return pattern.findall(data), pattern.sub(b"<UNIT/>", data)


def targets(data: bytes, path) -> list[etree._Element]:
    """The <target> elements, parsed strictly (lxml without recovery)."""
    root = etree.fromstring(data, etree.XMLParser(recover=False, resolve_entities=False))
    return root.findall(".//{*}target")


@pytest.fixture(scope="module", params=[XLIFF_1, XLIFF_2], ids=["1.2", "2.0"])
def fixed(request, tmp_path_factory):
    """(the fixture, its bytes, the bytes ``tqa fix`` writes, the ids of its units)."""
    path = request.param
    out = tmp_path_factory.mktemp("fixed") / path.name
    run = run_tqa("fix", path, "-o", out)
    assert run.returncode == 0, run.stderr
    assert run.stderr.decode().strip() == "tqa: 13 fixes applied, 22 findings left for a human"
    return path, path.read_bytes(), out.read_bytes(), [unit.id for unit in read(path).units]


def test_fix_leaves_every_unit_it_does_not_change_byte_identical(fixed):
    path, before, after, _ = fixed
    units_before, rest_before = units_and_rest(before, path)
    units_after, rest_after = units_and_rest(after, path)
    assert rest_after == rest_before  # the prolog, the comment, the root start tag, <file>, the layout
    assert len(units_after) == len(units_before) == (30 if path == XLIFF_1 else 29)
    changed = [number for number, (old, new) in enumerate(zip(units_before, units_after), 1) if old != new]
    assert [str(number) for number in changed] == (FIXED_1 if path == XLIFF_1 else FIXED_2)


def test_fix_changes_only_the_text_of_a_changed_target(fixed):
    path, before, after, _ = fixed
    unit_before, unit_after = units_and_rest(before, path)[0][1], units_and_rest(after, path)[0][1]
    assert unit_after == unit_before.replace(b">well wall<", b">shaft wall<")
    last_before, last_after = units_and_rest(before, path)[0][-1], units_and_rest(after, path)[0][-1]
    # The entity reference of "It&apos;s", before the placeholder, is written as it was.
    placeholder = b'<x id="1"/>' if path == XLIFF_1 else b'<ph id="1"/>'
    assert b"It&apos;s " + placeholder + b"mouthwatering chicken, raw meat</target>" in last_after
    assert last_after == last_before.replace(b"saliva chicken", b"mouthwatering chicken")


def test_fix_keeps_every_tag_around_the_same_words(fixed):
    """Between every two tags, the fixed text is the original text with the fixes made inside it: no tag moved
    into, out of or across a fixed phrase, and a phrase that runs across a tag is left as it was."""
    path, before, after, _ = fixed
    rules = RULES[path]
    for old, new in zip(targets(before, path), targets(after, path)):
        (old_text, old_tags), (new_text, new_tags) = flatten(old, rules), flatten(new, rules)
        assert [label for _, label in new_tags] == [label for _, label in old_tags]
        assert pieces(new_text, new_tags) == [fixed_piece(piece) for piece in pieces(old_text, old_tags)]


def pieces(text: str, tags) -> list[str]:
    cuts = [0, *(offset for offset, _ in tags), len(text)]
    return [text[start:end] for start, end in zip(cuts, cuts[1:])]


def fixed_piece(piece: str) -> str:
    for pattern, replacement in FIXES:
        piece = re.sub(pattern, replacement, piece)
    return piece


def test_a_phrase_across_a_tag_is_left_for_a_human(glossary):
    # Unit 6: "The mechanical hydraulic system of the <g id="1">well</g> wall module…"
    document = read(XLIFF_1)
    result = fix_document(document, glossary)
    left = [f for f in result.skipped if f.unit == "6"]
    assert [(f.text, f.rule, f.autofix) for f in left] == [("well wall", "zh-en-news/shaft-wall-well-wall", True)]
    assert "6" not in result.changed_units(document)
    # The tags of a changed unit moved with the text: "shaft wall" is one character longer than "well wall".
    assert result.changed_units(document)["2"].tags == ((0, '<g id="1">'), (67, "</g>"), (78, '<g id="2">'),
                                                        (88, "</g>"))


def test_the_fixed_file_parses_strictly_and_re_reads_through_translate_toolkit(fixed):
    from translate.storage import xliff, xliff2

    path, before, after, ids = fixed
    assert len(targets(after, path)) == 30  # strict parsing: an error would raise
    store_class = xliff.Xliff1File if path == XLIFF_1 else xliff2.Xliff2File
    old_units, new_units = store_class(before).units, store_class(after).units
    assert [u.getid() for u in new_units] == [u.getid() for u in old_units]
    assert [u.source for u in new_units] == [u.source for u in old_units]
    fixed_document = XliffReader().read(path.name, after, ReadOptions())
    assert [unit.id for unit in fixed_document.units] == ids
    assert [u.target for u in new_units] == \
        [fixed_document.text[unit.start:unit.end] for unit in fixed_document.units]
    original = read(path)
    assert fixed_document.text == "".join(
        "".join(fixed_piece(piece) for piece in pieces(original.text[unit.start:unit.end], unit.tags)) + "\n"
        for unit in original.units)


def test_fixing_the_fixed_file_changes_nothing(fixed, tmp_path):
    path, _, after, _ = fixed
    (tmp_path / path.name).write_bytes(after)
    run = run_tqa("fix", tmp_path / path.name, "-o", tmp_path / "again.xlf")
    assert run.stderr.decode().strip() == "tqa: 0 fixes applied, 22 findings left for a human"
    assert (tmp_path / "again.xlf").read_bytes() == after


def test_write_back_keeps_a_byte_order_mark_and_crlf_line_ends(glossary):
    original = codecs.BOM_UTF8 + XLIFF_1.read_bytes().replace(b"\n", b"\r\n")
    expected = codecs.BOM_UTF8 + fixed_bytes(XLIFF_1.read_bytes(), glossary).replace(b"\n", b"\r\n")
    assert fixed_bytes(original, glossary) == expected


def test_write_back_keeps_the_encoding_of_a_utf16_file(glossary):
    text = XLIFF_2.read_text("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    fixed_text = fixed_bytes(XLIFF_2.read_bytes(), glossary).decode("utf-8").replace('encoding="UTF-8"',
                                                                                      'encoding="UTF-16"')
    assert fixed_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"), glossary) == \
        codecs.BOM_UTF16_BE + fixed_text.encode("utf-16-be")


def test_a_character_the_encoding_cannot_hold_is_written_as_a_reference():
    data = xliff(TRANS_UNIT).replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    document = read_bytes(data)
    written = XliffReader().write_back("t.xlf", data, document, {"1": UnitText("1", "COVID‑19")}, ReadOptions())
    assert b"<target>COVID&#8209;19</target>" in written


def fixed_bytes(data: bytes, glossary) -> bytes:
    reader = XliffReader()
    document = reader.read("t.xlf", data, ReadOptions())
    changed = fix_document(document, glossary).changed_units(document)
    return reader.write_back("t.xlf", data, document, changed, ReadOptions())


@pytest.mark.parametrize("target, written", [
    # An empty <g/> stands before the fixed phrase: it stays empty, before it.
    ('Patients with <g id="1"/>new crown pneumonia', 'Patients with <g id="1"/>COVID-19'),
    # Native code inside <bpt>/<ept> is a tag, not text; a comment is a tag; a CDATA section is text, kept as
    # written where its piece of text does not change.
    ('<bpt id="1">&lt;b&gt;</bpt>new crown pneumonia<ept id="1">&lt;/b&gt;</ept> patients<!-- MT --> '
     '<![CDATA[& co]]>',
     '<bpt id="1">&lt;b&gt;</bpt>COVID-19<ept id="1">&lt;/b&gt;</ept> patients<!-- MT --> <![CDATA[& co]]>'),
    # A piece that changes is written as character data: the CDATA section around it does not survive.
    ('<![CDATA[new crown pneumonia & flu]]>', 'COVID-19 &amp; flu'),
])
def test_markup_inside_a_fixed_target_is_written_as_it_was(glossary, target, written):
    data = xliff(f'<trans-unit id="1"><source>新冠肺炎</source><target>{target}</target></trans-unit>')
    assert fixed_bytes(data, glossary) == data.replace(target.encode(), written.encode())


def test_write_back_with_nothing_changed_gives_the_same_bytes():
    data = XLIFF_2.read_bytes()
    assert XliffReader().write_back("t.xlf", data, read(XLIFF_2), {}, ReadOptions()) == data


@pytest.mark.parametrize("version, unit, written", [
    ("1.2", '<trans-unit id="1"><source>新冠</source></trans-unit>',
     b'<trans-unit id="1"><source>\xe6\x96\xb0\xe5\x86\xa0</source><target>COVID-19 &amp; flu</target></trans-unit>'),
    ("1.2", '<trans-unit id="1"><source>新冠</source><target state="new"/></trans-unit>',
     b'<target state="new">COVID-19 &amp; flu</target></trans-unit>'),
    ("2.0", '<unit id="1"><segment><source>新冠</source></segment></unit>',
     b'</source><target>COVID-19 &amp; flu</target></segment>'),
])
def test_a_unit_without_a_target_gets_one_when_written_back(version, unit, written):
    """tqa fix never changes an empty target (nothing is found there), but writing back handles it."""
    other = ('<trans-unit id="2"><source>一</source><target>One</target></trans-unit>' if version == "1.2"
             else '<unit id="2"><segment><source>一</source><target>One</target></segment></unit>')
    data = xliff(unit + "\n" + other, version=version,
                 languages='source-language="zh"' if version == "1.2" else 'srcLang="zh"')
    written_data = XliffReader().write_back("t.xlf", data, read_bytes(data), {"1": UnitText("1", "COVID-19 & flu")},
                                            ReadOptions())
    assert written in written_data
    assert read_bytes(written_data).text == "COVID-19 & flu\nOne\n"


def test_write_back_refuses_a_fix_that_reorders_tags():
    document = read(XLIFF_1)
    unit = document.units[1]
    swapped = (unit.tags[2], unit.tags[3], unit.tags[0], unit.tags[1])
    with pytest.raises(TqaError, match=r"wmt22-excerpt.xlf:14: the fixed target of unit '2' does not keep its "
                                       r"inline tags in order; nothing written"):
        XliffReader().write_back("wmt22-excerpt.xlf", XLIFF_1.read_bytes(), document,
                                 {"2": UnitText("2", document.text[unit.start:unit.end], tags=swapped)},
                                 ReadOptions())
