"""Glossary files as users have them: bundled glossaries by name, spreadsheet exports, and their metadata.

- ``-g zh-en-news`` names a bundled glossary from any directory; a path that exists wins over a name;
  ``tqa glossary list`` shows what is bundled; a house glossary is used *with* the bundled one by naming both.
- CSV/TSV glossaries are read like texts (BOM, UTF-8, then detected: Excel's cp1252, GB18030 and UTF-16
  exports), and a ``.csv`` file may separate its columns with commas, semicolons or tabs.
- ``name``, ``version``, ``language`` and ``source_language`` are validated like the entries' fields, and a
  bad glossary lists every problem it has, each as ``file:line: what is wrong``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tqa
import tqa.glossary
from helpers import FIXTURES, SHIPPED, line_of, only_the_gate_failed

SHEET_CSV = FIXTURES / "sheet.csv"
SHEET_YAML = FIXTURES / "sheet.yaml"
TEXT = "It was posted on the official micro-signal of the central bank.\n"
HOUSE = """\
name: house
version: 4
language: en
entries:
  - id: house-rate-hike
    match: [interest rate hike cycle]
    suggest: rate-hiking cycle
    category: Style/Awkward
    severity: minor
"""


def problems_of(glossary) -> list[str]:
    with pytest.raises(tqa.GlossaryError) as info:
        tqa.load_glossary(glossary)
    return info.value.problems


def portable(glossary: tqa.Glossary) -> list[tqa.Entry]:
    """The entries without where they were read from, to compare glossaries read from different files."""
    return [dataclasses.replace(e, file="", line=0, glossary="") for e in glossary.entries]


@pytest.fixture
def outside(tmp_path, monkeypatch):
    """A working directory outside the repository, as a user who installed tqa has."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


# --- bundled glossaries by name (issue 9, item 25) ----------------------------------------------------------

def test_a_bundled_glossary_is_loaded_by_its_name_from_any_directory(outside):
    glossary = tqa.load_glossary("zh-en-news")
    assert (glossary.name, glossary.version) == ("zh-en-news", "3")
    assert glossary.sources[0].path == str(SHIPPED)
    assert portable(glossary) == portable(tqa.load_glossary(SHIPPED, check_examples=False))


def test_the_bundled_glossaries_are_listed_by_name():
    assert tqa.glossary.bundled_glossaries() == {"zh-en-news": SHIPPED}


def test_an_installed_package_finds_its_bundled_glossaries_inside_itself(tmp_path, monkeypatch):
    # A wheel installs glossaries/ as tqa/glossaries/; that copy comes first.
    installed = tmp_path / "glossaries"
    installed.mkdir()
    (installed / "zh-en-news.yaml").write_bytes(SHIPPED.read_bytes())
    (installed / "house.csv").write_bytes(SHEET_CSV.read_bytes())
    (installed / "README.md").write_text("not a glossary", encoding="utf-8")
    monkeypatch.setattr(tqa.glossary, "BUNDLED_DIR", installed)
    assert tqa.glossary.bundled_glossaries() == {"house": installed / "house.csv",
                                                 "zh-en-news": installed / "zh-en-news.yaml"}
    assert tqa.load_glossary("house").name == "sheet"


@pytest.mark.parametrize("command", [
    ["check", "article.txt", "--format", "json", "-g", "zh-en-news"],
    ["fix", "article.txt", "-g", "zh-en-news"],
    ["compare", "--ref", FIXTURES / "mt" / "refs" / "ref_a.txt", FIXTURES / "mt" / "systems" / "good.txt",
     "-m", "bleu", "-g", "zh-en-news"],
    ["glossary", "validate", "zh-en-news"],
    ["glossary", "test", "zh-en-news"],
    ["glossary", "stats", "zh-en-news"],
], ids=lambda c: " ".join(str(a) for a in c[:2]))
def test_every_command_that_takes_a_glossary_takes_a_bundled_name(cli, outside, command):
    run = cli(*command)
    if command[0] == "check":  # the article's finding is major: the default gate fails, and says so
        assert only_the_gate_failed(run.code, run.err), run.err
    else:
        assert (run.code, run.err) == (0, "" if command[0] != "fix" else
                                       "tqa: 1 fix applied, 0 findings left for a human\n")
    if command[0] == "check":
        assert [g["name"] for g in json.loads(run.out)["glossaries"]] == ["zh-en-news"]
    elif command[0] == "fix":
        assert run.out == "It was posted on the official WeChat account of the central bank.\n"
    elif command[0] == "compare":
        assert "|glossary:zh-en-news@3#" in run.out
    elif command[1] == "validate":
        assert run.out.startswith("ok: zh-en-news version 3: ")
    elif command[1] == "test":
        # The example pairs of the term entries are reported one per line as not run yet (issue 11).
        assert ": all passed" in run.out.splitlines()[-1]
    else:
        assert run.out.startswith("zh-en-news version 3: ")


def test_a_name_that_is_neither_a_file_nor_a_bundled_glossary_lists_the_bundled_names(outside):
    assert problems_of("zh-en-newz") == [
        "zh-en-newz: no such glossary file, and no bundled glossary of that name (bundled: zh-en-news; "
        "see 'tqa glossary list')"]


def test_the_old_path_inside_the_repository_says_what_to_write_instead(cli, outside):
    run = cli("check", "article.txt", "-g", "glossaries/zh-en-news.yaml")
    assert run.code == 2
    assert run.err == ("glossaries/zh-en-news.yaml: no such glossary file, and no bundled glossary of that name "
                       "(bundled: zh-en-news; see 'tqa glossary list')\n")


def test_a_path_that_exists_wins_over_a_bundled_name(outside):
    # A directory of drafts happens to be called like the bundled glossary: -g means the path, and says why.
    (outside / "zh-en-news").mkdir()
    assert problems_of("zh-en-news") == [
        f"zh-en-news: is a directory, not a glossary file (a bundled glossary has this name too, but a path "
        f"that exists wins: give the bundled one as {SHIPPED})"]


def test_glossary_list_shows_name_version_entries_and_description(cli, outside):
    shipped = tqa.load_glossary(SHIPPED, check_examples=False)
    run = cli("glossary", "list")
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines() == [
        "name        version  entries  description",
        f"zh-en-news  3        {len(shipped):<7}  Common errors of Chinese-to-English machine translation in news, "
        "e-commerce and social media.",
    ]


def test_a_house_glossary_is_used_with_the_bundled_one_by_naming_both(cli, outside):
    (outside / "house.yaml").write_text(HOUSE, encoding="utf-8")
    (outside / "article.txt").write_text(
        "It was posted on the official micro-signal as the interest rate hike cycle ended.\n", encoding="utf-8")
    glossary = tqa.load_glossary(["zh-en-news", "house.yaml"])
    assert (glossary.name, glossary.version) == ("zh-en-news+house", "3+4")
    run = cli("check", "article.txt", "--format", "json", "-g", "zh-en-news", "-g", "house.yaml")
    assert only_the_gate_failed(run.code, run.err), run.err
    report = json.loads(run.out)
    assert [g["name"] for g in report["glossaries"]] == ["zh-en-news", "house"]
    assert [f["rule"] for f in report["documents"][0]["findings"]] == ["zh-en-news/wechat-official-account",
                                                                       "house/house-rate-hike"]


def test_a_house_glossary_alone_replaces_the_bundled_one(cli, outside):
    (outside / "house.yaml").write_text(HOUSE, encoding="utf-8")
    report = json.loads(cli("check", "article.txt", "--format", "json", "-g", "house.yaml").out)
    assert [g["name"] for g in report["glossaries"]] == ["house"]
    assert report["documents"][0]["findings"] == []


def test_an_id_the_house_glossary_shares_with_the_bundled_one_is_another_rule(cli, outside):
    # Rule codes are namespaced by glossary: the house's entry does not clash with the shipped one, and a bare
    # id that both have is refused as ambiguous wherever a code is accepted.
    (outside / "house.yaml").write_text(HOUSE.replace("house-rate-hike", "wechat-official-account"),
                                        encoding="utf-8")
    (outside / "article.txt").write_text(
        "It was posted on the official micro-signal as the interest rate hike cycle ended.\n", encoding="utf-8")
    glossary = tqa.load_glossary(["zh-en-news", "house.yaml"])
    assert [f.rule for f in tqa.analyze((outside / "article.txt").read_text(encoding="utf-8"), glossary).findings
            if f.check == "glossary"] == ["zh-en-news/wechat-official-account", "house/wechat-official-account"]
    run = cli("check", "article.txt", "-g", "zh-en-news", "-g", "house.yaml", "--ignore", "wechat-official-account")
    assert run.code == 2
    assert run.err.splitlines() == ["tqa: --ignore: rule 'wechat-official-account' is ambiguous: "
                                    "house/wechat-official-account, zh-en-news/wechat-official-account"]


def test_two_glossaries_of_one_name_with_one_id_are_refused(outside):
    (outside / "house.yaml").write_text(HOUSE, encoding="utf-8")
    (outside / "house2.yaml").write_text(HOUSE.replace("interest rate hike cycle", "rate hike cycle"),
                                         encoding="utf-8")
    assert problems_of(["house.yaml", "house2.yaml"]) == [
        "house2.yaml:5: duplicate rule code 'house/house-rate-hike': another glossary named 'house' already has "
        "it (house.yaml:5); give one of the glossaries another 'name'"]


def test_a_phrase_clash_between_the_house_and_the_bundled_glossary_names_both(outside):
    (outside / "house.yaml").write_text(HOUSE.replace("interest rate hike cycle", "official micro-signal"),
                                        encoding="utf-8")
    assert problems_of(["zh-en-news", "house.yaml"]) == [
        f"house.yaml:5: house-rate-hike: phrase 'official micro-signal' is already matched by entry "
        f"'zh-en-news/wechat-official-account' ({SHIPPED}:{line_of(SHIPPED, 'id: wechat-official-account')})"]


# --- spreadsheet exports: encodings and delimiters (item 26) ------------------------------------------------

def sheet_rows() -> list[list[str]]:
    with open(SHEET_CSV, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def export(rows, delimiter: str = ",") -> str:
    """The rows as a spreadsheet program writes them: every row as wide as the widest, CRLF row ends, cells
    quoted only where needed."""
    width = max(len(row) for row in rows)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(row + [""] * (width - len(row))
                                                                          for row in rows)
    return out.getvalue()


@pytest.mark.parametrize("filename, encoding, delimiter", [
    ("excel-utf8.csv", "utf-8-sig", ","),       # Excel: "CSV UTF-8 (Comma delimited)"
    ("excel-zh.csv", "gb18030", ","),           # Excel on a Chinese Windows: "CSV (Comma delimited)"
    ("excel-unicode.tsv", "utf-16", "\t"),      # Excel: "Unicode Text" (UTF-16 with a BOM, tabs)
    ("excel-fr-utf8.csv", "utf-8-sig", ";"),    # Excel in a locale whose decimal mark is a comma
    ("tabs.csv", "utf-8", "\t"),                # a .csv file that holds tabs
], ids=lambda v: v if isinstance(v, str) and v.endswith(("csv", "tsv")) else None)
def test_a_spreadsheet_export_with_chinese_cells_loads_like_the_yaml(tmp_path, filename, encoding, delimiter):
    path = tmp_path / filename
    path.write_bytes(export(sheet_rows(), delimiter).encode(encoding))
    glossary = tqa.load_glossary(path)
    assert glossary.entries[0].source == ("朋友圈",)
    assert portable(glossary) == portable(tqa.load_glossary(SHEET_YAML))


CP1252_ROWS = [  # a desk's style sheet, saved by Excel as "CSV (Comma delimited)" on a Western Windows
    ["# name: desk"],
    ["# version: 2"],
    ["id", "match", "suggest", "category", "severity", "autofix", "note", "bad", "good"],
    ["cafe-latte", "coffee latte", "café latte", "Style/Awkward", "minor", "TRUE",
     "“coffee latte” repeats itself – write café latte", "She ordered a coffee latte.", "She ordered a café latte."],
    ["naive-cafe", "naive cafe", "naïve café", "Fluency/Spelling", "minor", "yes",
     "keep the diaeresis and the accent: naïve, café", "the naive cafe owner", "the naïve café owner"],
    ["deja-vu", "deja vu", "déjà vu", "Fluency/Spelling", "minor", "yes", "French loan words keep their accents",
     "a sense of deja vu", "a sense of déjà vu"],
    ["resume-cv", "curriculum resume", "résumé", "Fluency/Spelling", "minor", "no", "the CV’s French spelling",
     "send your curriculum resume", "send your résumé"],
]


@pytest.mark.parametrize("delimiter", [",", ";"], ids=["comma", "semicolon"])
def test_a_windows_1252_export_loads_with_its_accents_and_curly_quotes(tmp_path, delimiter):
    path = tmp_path / "desk.csv"
    path.write_bytes(export(CP1252_ROWS, delimiter).encode("cp1252"))
    glossary = tqa.load_glossary(path)
    assert (glossary.name, glossary.version) == ("desk", "2")
    assert [(e.id, e.suggestion, e.autofix) for e in glossary.entries] == [
        ("cafe-latte", "café latte", True), ("naive-cafe", "naïve café", True), ("deja-vu", "déjà vu", True),
        ("resume-cv", "résumé", False)]
    assert glossary.entries[0].note == "“coffee latte” repeats itself – write café latte"
    assert glossary.entries[3].note == "the CV’s French spelling"


def test_a_semicolon_csv_with_commas_in_its_cells_is_read_by_its_header(tmp_path):
    path = tmp_path / "commas.csv"
    path.write_text("id;match;suggest;category;severity;note\n"
                    "joint-debt;common debt, shared debt;joint debt;Accuracy/Mistranslation;major;a, b and c\n",
                    encoding="utf-8")
    (entry,) = tqa.load_glossary(path).entries
    assert (entry.match, entry.note) == (("common debt, shared debt",), "a, b and c")


def test_cells_padded_by_a_spreadsheet_are_ignored_but_a_value_under_no_column_is_refused(tmp_path):
    path = tmp_path / "padded.csv"
    path.write_text("id,match,category,severity,,\n"
                    "a,alpha,Style/Awkward,minor,,,,\n"
                    "b,beta,Style/Awkward,minor,,stray\n", encoding="utf-8")
    assert problems_of(path) == [f"{path}:3: a value in column 6, which has no name in the header"]


def test_a_header_that_parses_with_no_delimiter_says_which_was_assumed(tmp_path):
    path = tmp_path / "pipes.csv"
    path.write_text("id|match|category|severity\na|alpha|Style/Awkward|minor\n", encoding="utf-8")
    assert problems_of(path) == [
        f"{path}:1: unknown column 'id|match|category|severity' (no known column name when the header is split "
        "at commas, semicolons or tabs; it was read as comma-separated)"]


def test_a_tsv_header_that_does_not_parse_says_it_was_read_as_tab_separated(tmp_path):
    path = tmp_path / "commas.tsv"
    path.write_text("id,match,category,severity\na,alpha,Style/Awkward,minor\n", encoding="utf-8")
    assert problems_of(path) == [
        f"{path}:1: unknown column 'id,match,category,severity' (no known column name; a .tsv file is read as "
        "tab-separated)"]


def test_a_glossary_yaml_in_gb18030_loads_too(tmp_path):
    path = tmp_path / "gb.yaml"
    path.write_bytes(SHEET_YAML.read_text(encoding="utf-8").encode("gb18030"))
    assert portable(tqa.load_glossary(path)) == portable(tqa.load_glossary(SHEET_YAML))


def test_a_glossary_with_a_character_that_could_not_be_decoded_is_refused(tmp_path):
    path = tmp_path / "lossy.csv"
    path.write_text("id,match,category,severity\na,caf\ufffd latte,Style/Awkward,minor\n", encoding="utf-8")
    assert problems_of(path) == [f"{path}:2: holds U+FFFD, a character that could not be decoded (read as utf-8): "
                                 "save the glossary as UTF-8"]


def test_a_control_character_in_yaml_is_refused_at_its_line(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("name: g\nversion: 1\x01\n", encoding="utf-8")
    assert problems_of(path) == [
        f"{path}:2: invalid YAML: character U+0001 is not allowed (control characters are not allowed)"]


def test_a_binary_glossary_is_refused_with_one_line(tmp_path):
    path = tmp_path / "scan.csv"
    path.write_bytes(b"id,match\n\x00\x01\x02")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:2: ") and "binary" in problem  # the reader's own words, as for a text


# --- metadata and fields that were accepted silently (item 32) ----------------------------------------------

def glossary_file(tmp_path, head: str, entry_extra: str = "", name: str = "meta.yaml"):
    path = tmp_path / name
    path.write_text(head + "entries:\n  - id: a\n    match: [alpha]\n    category: Style/Awkward\n"
                    "    severity: minor\n" + entry_extra, encoding="utf-8")
    return path


@pytest.mark.parametrize("head, problem", [
    ("name: [house, news]\n", "1: 'name' must be text, not a list"),
    ("name: {house: news}\n", "1: 'name' must be text, not a mapping"),
    ("name: 2024\n", "1: 'name' must be text, not a number (quote it: '2024')"),
    ("name: ''\n", "1: 'name' must not be empty"),
    ("name: house|news\n", "1: 'name' must not contain '|', '+', '@' or '#' (they separate the parts of the "
                           "score signature)"),
    ("name: house\nversion: [1, 2]\n", "2: 'version' must be text or a number, not a list"),
    ("name: house\nversion: yes\n", "2: 'version' must be text or a number, not true/false"),
    ("name: house\nversion: 2+3\n", "2: 'version' must not contain '|', '+', '@' or '#' (they separate the "
                                    "parts of the score signature)"),
    ("name: house\ndescription: [a, b]\n", "2: 'description' must be text, not a list"),
])
def test_a_name_or_version_that_is_not_text_is_refused_at_its_line(tmp_path, head, problem):
    path = glossary_file(tmp_path, head)
    assert problems_of(path) == [f"{path}:{problem}"]


def test_a_version_may_be_a_number_and_shows_as_written_in_the_signature(tmp_path):
    glossary = tqa.load_glossary(glossary_file(tmp_path, "name: house\nversion: 3.1\n"))
    assert glossary.signature().startswith("house@3.1#")


@pytest.mark.parametrize("field, value, hint", [
    ("language", "english", " (did you mean 'en'?)"),
    ("language", "en_US", " (did you mean 'en-US'?)"),
    ("language", "e", ""),
    ("source_language", "Chinese", " (did you mean 'zh'?)"),
    ("source_language", "[zh, en]", ""),
])
def test_a_language_that_is_not_a_language_code_is_refused_with_a_hint(tmp_path, field, value, hint):
    path = glossary_file(tmp_path, f"name: house\n{field}: {value}\n")
    shown = "a list" if value.startswith("[") else repr(value)
    assert problems_of(path) == [
        f"{path}:2: '{field}' must be a language code such as en, zh, zh-Hans or pt-BR, not {shown}{hint}"]


@pytest.mark.parametrize("code", ["en", "zh", "zh-Hans", "pt-BR", "en-US", "yue", "es-419", "zh-Hant-TW"])
def test_language_codes_are_accepted(tmp_path, code):
    glossary = tqa.load_glossary(glossary_file(tmp_path, f"name: house\nlanguage: {code}\nsource_language: {code}\n"))
    assert (glossary.language, glossary.source_language) == (code, code)


def test_a_glossary_for_en_us_does_not_call_english_text_foreign(tmp_path):
    glossary = tqa.load_glossary(glossary_file(tmp_path, "name: house\nlanguage: en-US\n"))
    text = "The central bank said on Monday that it would keep interest rates unchanged for the rest of the year.\n"
    assert [f.rule for f in tqa.analyze(text * 3, glossary).findings] == []


def test_glossaries_used_together_must_check_the_same_language(tmp_path):
    english = glossary_file(tmp_path, "name: news\nlanguage: en\n", name="news.yaml")
    german = tmp_path / "house.yaml"
    german.write_text(HOUSE.replace("language: en", "language: de"), encoding="utf-8")
    assert problems_of([english, german]) == [
        f"{german}:3: language 'de' differs from 'en' of glossary 'news' ({english}:2): glossaries used "
        "together check text in one language"]


def test_the_first_language_given_is_the_glossarys_language(tmp_path):
    sheet = tmp_path / "sheet.csv"  # a CSV glossary usually names no language
    sheet.write_text("id,match,category,severity\nb,beta,Style/Awkward,minor\n", encoding="utf-8")
    german = glossary_file(tmp_path, "name: house\nlanguage: de\n")
    assert tqa.load_glossary([sheet, german]).language == "de"


@pytest.mark.parametrize("value", ["maybe", "y", "2", "wahr"])
@pytest.mark.parametrize("kind", ["csv", "yaml"])
def test_autofix_other_than_true_or_false_is_refused_in_csv_and_yaml(tmp_path, kind, value):
    if kind == "csv":
        path = tmp_path / "g.csv"
        path.write_text(f"id,match,category,severity,autofix\na,alpha,Style/Awkward,minor,{value}\n",
                        encoding="utf-8")
        line = 2
    else:
        path = glossary_file(tmp_path, "name: g\n", f"    autofix: {value}\n")
        line = line_of(path, "autofix:")
    assert problems_of(path) == [
        f"{path}:{line}: a: 'autofix' must be true or false (or yes/no, 1/0), not {value!r}"]


@pytest.mark.parametrize("value, expected", [
    ("true", True), ("TRUE", True), ("Yes", True), ("1", True), ("false", False), ("No", False), ("0", False),
    ("", False),
])
def test_autofix_in_a_csv_is_true_false_yes_no_1_or_0_in_any_case(tmp_path, value, expected):
    path = tmp_path / "g.csv"
    path.write_text(f"id,match,category,severity,autofix\na,alpha,Style/Awkward,minor,{value}\n", encoding="utf-8")
    assert tqa.load_glossary(path).entries[0].autofix is expected


@pytest.mark.parametrize("value, expected", [("1", True), ("0", False), ("'yes'", True), ("off", False)])
def test_autofix_in_yaml_takes_the_same_words(tmp_path, value, expected):
    path = glossary_file(tmp_path, "name: g\n", f"    autofix: {value}\n")
    assert tqa.load_glossary(path).entries[0].autofix is expected


@pytest.mark.parametrize("header, problem", [
    ("id,id,match,category,severity", "column 'id' appears twice (columns 1 and 2)"),
    ("id,match,category,severity,bad,examples.bad", "column 'examples.bad' is the same as 'bad' (columns 5 and 6)"),
])
def test_a_column_given_twice_is_refused_at_the_header(tmp_path, header, problem):
    path = tmp_path / "g.csv"
    path.write_text(f"# name: g\n{header}\n", encoding="utf-8")
    assert problems_of(path) == [f"{path}:2: {problem}"]


# --- every problem, not only the first ----------------------------------------------------------------------

def test_every_glossary_of_a_run_is_checked_and_all_problems_are_listed(outside):
    bad = glossary_file(outside, "name: house\nlanguage: english\n", name="house.yaml")
    assert problems_of(["nowhere.yaml", bad, "zh-en-newz"]) == [
        "nowhere.yaml: no such glossary file, and no bundled glossary of that name (bundled: zh-en-news; "
        "see 'tqa glossary list')",
        f"{bad}:2: 'language' must be a language code such as en, zh, zh-Hans or pt-BR, not 'english' "
        "(did you mean 'en'?)",
        "zh-en-newz: no such glossary file, and no bundled glossary of that name (bundled: zh-en-news; "
        "see 'tqa glossary list')",
    ]


def test_the_same_glossary_given_twice_is_one_problem_not_one_per_entry(outside):
    assert problems_of(["zh-en-news", SHIPPED]) == [
        f"{SHIPPED}: the glossary 'zh-en-news' is given twice (also as {SHIPPED})"]


def test_every_problem_of_the_cli_is_one_line_on_stderr(cli, outside):
    run = cli("check", "article.txt", "-g", "nowhere.yaml", "-g", "zh-en-news", "-g", "extra.toml")
    assert run.code == 2
    assert run.err_lines == [
        "nowhere.yaml: no such glossary file, and no bundled glossary of that name (bundled: zh-en-news; "
        "see 'tqa glossary list')",
        "extra.toml: no such glossary file, and no bundled glossary of that name (bundled: zh-en-news; "
        "see 'tqa glossary list')",
    ]


def test_yaml_duplicate_keys_and_aliases_are_all_listed(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("name: g\nname: h\nentries:\n"
                    "  - id: a\n    match: &m [alpha]\n    category: Style/Awkward\n    severity: minor\n"
                    "  - id: b\n    match: *m\n    category: Style/Awkward\n    severity: minor\n"
                    "    severity: major\n", encoding="utf-8")
    assert problems_of(path) == [
        f"{path}:2: field 'name' given twice (also at line 1)",
        f"{path}:9: YAML aliases (*m) are not allowed in a glossary",
        f"{path}:12: field 'severity' given twice (also at line 11)",
    ]


def test_top_level_problems_are_listed_with_a_broken_entries_list(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("name: g\nversoin: 2\nlanguage: english\nentries: 5\n", encoding="utf-8")
    assert problems_of(path) == [
        f"{path}:2: unknown field 'versoin'",
        f"{path}:3: 'language' must be a language code such as en, zh, zh-Hans or pt-BR, not 'english' "
        "(did you mean 'en'?)",
        f"{path}:4: 'entries' must be a list",
    ]


def test_consistency_groups_and_entries_are_checked_together(tmp_path):
    path = glossary_file(tmp_path, "name: g\nconsistent:\n  - [COVID-19]\n", "    colour: red\n")
    assert problems_of(path) == [
        f"{path}:3: a 'consistent' group needs at least two names",
        f"{path}:{line_of(path, 'colour:')}: unknown field 'colour'",
    ]


def test_a_csv_header_lists_every_bad_column(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("id,match,match,category,severity,colour\n", encoding="utf-8")
    assert problems_of(path) == [
        f"{path}:1: column 'match' appears twice (columns 2 and 3)",
        f"{path}:1: unknown column 'colour'",
    ]


def test_a_phrase_clash_is_listed_with_the_other_problems(tmp_path):
    path = glossary_file(tmp_path, "name: g\n",
                         "  - id: b\n    match: [alpha]\n    category: Style/Awkward\n    severity: minor\n"
                         "  - id: c\n    match: [gamma]\n    category: Style/Clumsy\n    severity: minor\n")
    assert problems_of(path) == [
        f"{path}:{line_of(path, 'Style/Clumsy')}: c: unknown category 'Style/Clumsy' (one of: "
        f"{', '.join(tqa.glossary.CATEGORIES)})",
        f"{path}:{line_of(path, 'id: b')}: b: phrase 'alpha' is already matched by entry 'g/a' "
        f"({path}:{line_of(path, 'id: a')})",
    ]


# --- whatever the file holds: loaded, or refused with one line per problem ----------------------------------

CSV_PIECES = st.sampled_from([
    "id", "match", "category", "severity", "autofix", "bad", "examples.bad", "colour", "# name: x", "# language: en",
    ",", ";", "\t", "\n", "\r\n", '"', "|", "a", "alpha", "Style/Awkward", "minor", "maybe", "yes", "",
])


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(content=st.one_of(st.lists(CSV_PIECES, max_size=40).map("".join).map(str.encode), st.binary(max_size=200)),
       suffix=st.sampled_from([".csv", ".tsv", ".yaml"]))
def test_any_bytes_load_or_are_refused_line_by_line(tmp_path_factory, content, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"g{suffix}"
    path.write_bytes(content)
    try:
        tqa.load_glossary(path, check_examples=False)
    except tqa.GlossaryError as exc:
        assert exc.problems and all(p.startswith(f"{path}:") and "\n" not in p for p in exc.problems), exc.problems
