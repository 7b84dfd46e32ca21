"""Glossaries: loading YAML, CSV and TSV, and refusing a bad glossary with every problem as ``file:line: message``.

A bad glossary is refused before any text is read. ``tqa.GlossaryError.problems`` lists every problem, each
``file:line: what is wrong``, where the line is the one a user must edit.
"""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest

import tqa
from helpers import FIXTURES, MINI, MQM_CATEGORIES, bare, line_of, spans

ENTRY = """\
- id: {id}
  match: [{phrase}]
  category: Style/Awkward
  severity: minor
"""


def problems_of(path) -> list[str]:
    with pytest.raises(tqa.GlossaryError) as info:
        tqa.load_glossary(path)
    problems = info.value.problems
    assert problems, "a GlossaryError must list its problems"
    for problem in problems:
        assert re.match(rf"{re.escape(str(path))}:\d+: \S", problem), problem
        assert "\n" not in problem
    return problems


def the_problem(path) -> str:
    problems = problems_of(path)
    assert len(problems) == 1, problems
    return problems[0]


# --- a good glossary ----------------------------------------------------------------------------------------

def test_the_test_glossary_loads_with_its_metadata(mini):
    assert mini.name == "mini"
    assert mini.version == "2"
    assert len(mini) == len(mini.entries) == 11
    assert [e.id for e in mini.entries][:3] == ["wechat-official-account", "covid-new-crown", "covid-new-crown-pneumonia"]


def test_an_entry_keeps_every_field_and_where_it_was_defined(mini):
    entry = next(e for e in mini.entries if e.id == "wechat-official-account")
    assert entry.match == ("official micro-signal",)
    assert entry.suggestion == "official WeChat account"
    assert entry.category == "Terminology/Inappropriate for context"
    assert entry.severity == tqa.Severity.MAJOR
    assert entry.source == ("官方微信号",)
    assert entry.autofix is True
    assert entry.case_sensitive is False
    assert entry.bad == ("posted on the official micro-signal of the central bank",)
    assert entry.good == ("posted on the official WeChat account of the central bank",)
    assert entry.location == f"{MINI}:{line_of(MINI, 'id: wechat-official-account')}"


def test_every_entry_of_the_test_glossary_is_well_formed(mini):
    for entry in mini.entries:
        assert entry.category in MQM_CATEGORIES
        assert entry.bad and entry.good, entry.id


def test_several_glossaries_merge_into_one(write_glossary):
    extra = write_glossary(ENTRY.format(id="hundreds-of-scopes", phrase="hundreds of scopes"), name="extra")
    glossary = tqa.load_glossary([MINI, extra])
    assert len(glossary) == 12
    assert glossary.name == "mini+extra"
    text = "covering hundreds of scopes such as shopping, on the official micro-signal"
    assert [f.rule for f in tqa.analyze(text, glossary).findings] == ["extra/hundreds-of-scopes",
                                                                      "mini/wechat-official-account"]


def test_a_glossary_copied_elsewhere_reports_its_new_path(tmp_path):
    # Whatever a loader caches between runs, an entry's location is the file it was loaded from.
    for name in ("a.yaml", "b.yaml"):
        copy = tmp_path / name
        shutil.copyfile(MINI, copy)
        glossary = tqa.load_glossary(copy)
        assert {e.file for e in glossary.entries} == {str(copy)}
        assert glossary.sources[0].path == str(copy)


# --- problems, each with its file and line ------------------------------------------------------------------

def test_a_duplicate_id_is_reported_at_the_second_definition(write_glossary):
    path = write_glossary(ENTRY.format(id="common-debt", phrase="common debt")
                          + ENTRY.format(id="common-debt", phrase="risk of common debt"))
    problem = the_problem(path)
    assert problem.startswith(f"{path}:{line_of(path, 'id: common-debt', 2)}: ")
    assert "duplicate id 'common-debt'" in problem


def test_a_duplicate_id_across_two_files(write_glossary):
    first = write_glossary(ENTRY.format(id="common-debt", phrase="common debt"))
    second = write_glossary(ENTRY.format(id="common-debt", phrase="risk of common debt"))
    with pytest.raises(tqa.GlossaryError) as info:
        tqa.load_glossary([first, second])
    (problem,) = info.value.problems
    assert problem.startswith(f"{second}:4: ")
    assert "duplicate rule code 'test/common-debt'" in problem and str(first) in problem


def test_an_unknown_field_is_reported_at_its_line(write_glossary):
    path = write_glossary(ENTRY.format(id="common-debt", phrase="common debt") + "  sugest: joint debt\n")
    problem = the_problem(path)
    assert problem.startswith(f"{path}:{line_of(path, 'sugest:')}: ")
    assert "unknown field 'sugest'" in problem


def test_an_unknown_top_level_field(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("name: g\nversoin: 2\nentries:\n" + ENTRY.format(id="a", phrase="common debt"), encoding="utf-8")
    problem = the_problem(path)
    assert problem.startswith(f"{path}:2: ") and "unknown field 'versoin'" in problem


def test_a_missing_match_is_reported_at_the_entry(write_glossary):
    path = write_glossary("""
        - id: joint-debt
          suggest: joint debt
          category: Accuracy/Mistranslation
          severity: major
    """)
    problem = the_problem(path)
    assert problem.startswith(f"{path}:{line_of(path, 'id: joint-debt')}: ")
    assert "missing 'match'" in problem


@pytest.mark.parametrize("field, value", [("regex", "(unclosed"), ("when", "phones?)"), ("unless", "[grain")])
def test_an_invalid_regex_is_reported_at_its_line(write_glossary, field, value):
    path = write_glossary(f"""
        - id: millet
          {'match: [millet]' if field != 'regex' else ''}
          {field}: '{value}'
          category: Terminology/Inappropriate for context
          severity: major
    """)
    problem = the_problem(path)
    assert problem.startswith(f"{path}:{line_of(path, field + ':')}: ")
    assert "invalid regex" in problem


@pytest.mark.parametrize("regex", ["(a+)+$", "(x|x)*y", r"(\w+\s?)*$", "(a*)*b",
                                   # issue 9: these loaded, then hung on a 40-character line
                                   "(a{1,2})+$", "(a?a)+$", r"(?:\w{1,3})+!", r"\w*\w*\w*\w*\w*!"])
def test_a_regex_that_can_backtrack_catastrophically_is_refused(write_glossary, regex):
    path = write_glossary(f"""
        - id: dangerous
          regex: '{regex}'
          category: Style/Awkward
          severity: minor
    """)
    problem = the_problem(path)
    assert problem.startswith(f"{path}:{line_of(path, 'regex:')}: ")
    assert "catastrophic" in problem


def test_a_catastrophic_regex_is_refused_in_when_and_unless_too(write_glossary):
    path = write_glossary("""
        - id: millet
          match: [millet]
          when: '(a+)+$'
          unless: '(x|x)*y'
          category: Terminology/Inappropriate for context
          severity: major
    """)
    problems = problems_of(path)
    assert [p.split(": ", 1)[0] for p in problems] == [f"{path}:{line_of(path, 'when:')}",
                                                        f"{path}:{line_of(path, 'unless:')}"]


@pytest.mark.parametrize("regex", [
    r"\b(?:phones?|smartphones?|company|Lei Jun)\b", r"^[ \t]*Recent Comments[ \t]*$", r"\d+(?:\.\d+)?%",
    r"\bdabbl(?:e|es|ed|ing) in\b",
])
def test_ordinary_regexes_are_accepted(write_glossary, regex):
    path = write_glossary(f"""
        - id: ordinary
          regex: '{regex}'
          category: Style/Awkward
          severity: minor
    """)
    assert len(tqa.load_glossary(path)) == 1


@pytest.mark.parametrize("regex", ["(a|a?)+b", "(a|aa)*b"])
def test_a_repeated_alternation_of_overlapping_branches_is_refused(write_glossary, regex):
    # Not run against any text: loading alone must refuse it. ("(a|a?)+b" takes ~25 s on 25 a's.)
    path = write_glossary(f"""
        - id: dangerous
          regex: '{regex}'
          category: Style/Awkward
          severity: minor
    """)
    assert "catastrophic" in the_problem(path)


def test_an_unknown_category_is_reported_with_the_valid_ones(write_glossary):
    path = write_glossary("""
        - id: joint-debt
          match: [common debt]
          category: Accuracy/Wrong word
          severity: major
    """)
    problem = the_problem(path)
    assert problem.startswith(f"{path}:{line_of(path, 'category:')}: ")
    assert "Accuracy/Wrong word" in problem and "Accuracy/Mistranslation" in problem


def test_an_unknown_severity(write_glossary):
    path = write_glossary("""
        - id: joint-debt
          match: [common debt]
          category: Accuracy/Mistranslation
          severity: severe
    """)
    problem = the_problem(path)
    assert problem.startswith(f"{path}:{line_of(path, 'severity:')}: ")
    assert "severe" in problem


def test_category_and_severity_are_required(write_glossary):
    path = write_glossary("""
        - id: joint-debt
          match: [common debt]
    """)
    problems = problems_of(path)
    assert len(problems) == 2
    assert any("category" in p for p in problems) and any("severity" in p for p in problems)


def test_a_bad_example_without_a_finding_is_refused(write_glossary):
    path = write_glossary("""
        - id: joint-debt
          match: [common debt]
          suggest: joint debt
          category: Accuracy/Mistranslation
          severity: major
          examples:
            bad: ["the risk of joint debt should be controlled"]
            good: ["the risk of joint debt should be controlled"]
    """)
    problem = the_problem(path)
    assert problem == (f"{path}:{line_of(path, 'bad:')}: joint-debt: example "
                       "'the risk of joint debt should be controlled' expected finding, got none")


def test_a_good_example_with_a_finding_is_refused(write_glossary):
    path = write_glossary("""
        - id: millet
          match: [millet]
          category: Terminology/Inappropriate for context
          severity: major
          examples:
            bad: ["the new millet phone sold out"]
            good:
              - "Lei Jun's company launched a phone"
              - "millet is a grain grown in northern China"
    """)
    problem = the_problem(path)
    assert problem.startswith(f"{path}:{line_of(path, 'millet is a grain')}: millet: example "
                              "'millet is a grain grown in northern China' expected none")


def test_examples_can_be_skipped_when_loading(write_glossary):
    path = write_glossary("""
        - id: millet
          match: [millet]
          category: Terminology/Inappropriate for context
          severity: major
          examples:
            good: ["millet is a grain"]
    """)
    assert len(tqa.load_glossary(path, check_examples=False)) == 1


def test_the_same_phrase_in_two_entries_is_refused(write_glossary):
    path = write_glossary(ENTRY.format(id="a", phrase="common debt") + ENTRY.format(id="b", phrase="common-debt"))
    problem = the_problem(path)
    assert "common-debt" in problem and "'test/a'" in problem


def test_every_problem_is_listed_not_only_the_first(write_glossary):
    path = write_glossary("""
        - id: a
          match: [alpha]
          category: Style/Awkward
          severity: minor
        - id: a
          match: [beta]
          category: Style/Awkward
          severity: minor
        - id: c
          match: [gamma]
          category: Style/Awkward
          severity: minor
          colour: red
        - id: e
          regex: '(unclosed'
          category: Style/Awkward
          severity: minor
        - id: f
          match: [phi]
          category: Style/Clumsy
          severity: severe
    """)
    problems = problems_of(path)
    assert [int(p.split(":")[1]) for p in problems] == [
        line_of(path, "id: a", 2), line_of(path, "colour:"), line_of(path, "regex:"),
        line_of(path, "category: Style/Clumsy"), line_of(path, "severity: severe")]


def test_a_field_given_twice_is_refused_at_the_second(write_glossary):
    path = write_glossary("""
        - id: joint-debt
          match: [common debt]
          match: [risk of common debt]
          category: Accuracy/Mistranslation
          severity: major
    """)
    problem = the_problem(path)
    assert problem.startswith(f"{path}:{line_of(path, 'match:', 2)}: ") and "'match'" in problem


@pytest.mark.parametrize("field, value, message", [
    ("id", "joint debt", "invalid id"),
    ("match", "[]", "empty"),
    ("match", '["  "]', "empty"),
    ("autofix", "maybe", "autofix"),
    ("case", "upper", "case"),
    ("when", "[phones, company]", "regular expression"),
])
def test_a_malformed_value_is_refused_at_its_line(write_glossary, field, value, message):
    fields = {"id": "joint-debt", "match": "[common debt]", "category": "Accuracy/Mistranslation",
              "severity": "major", field: value}
    path = write_glossary("- " + "\n  ".join(f"{k}: {v}" for k, v in fields.items()))
    problem = the_problem(path)
    assert problem.startswith(f"{path}:{line_of(path, field + ':')}: ") and message in problem


def test_a_phrase_without_words_is_refused(write_glossary):
    path = write_glossary("""
        - id: dash
          match: ["-"]
          category: Fluency/Punctuation
          severity: minor
    """)
    assert "match" in the_problem(path)


# --- YAML specifics -----------------------------------------------------------------------------------------

def test_a_yaml_alias_is_refused(write_glossary):
    path = write_glossary("""
        - id: a
          match: &phrases [alpha]
          category: Style/Awkward
          severity: minor
        - id: b
          match: *phrases
          category: Style/Awkward
          severity: minor
    """)
    problem = the_problem(path)
    assert "alias" in problem
    assert problem.startswith(f"{path}:{line_of(path, '*phrases')}: ")


def test_a_yaml_merge_key_is_refused(write_glossary):
    path = write_glossary("""
        - &base
          id: a
          match: [alpha]
          category: Style/Awkward
          severity: minor
        - <<: *base
          id: b
    """)
    assert "alias" in the_problem(path)


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: broken\nentries:\n  - id: a\n    match: [alpha\n    category: Style/Awkward\n",
                    encoding="utf-8")
    problem = the_problem(path)
    assert "invalid YAML" in problem


def test_an_empty_glossary_file_is_refused(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    assert "empty" in the_problem(path)


def test_a_missing_glossary_file(tmp_path):
    with pytest.raises(tqa.TqaError) as info:
        tqa.load_glossary(tmp_path / "nowhere.yaml")
    assert "nowhere.yaml" in str(info.value) and "\n" not in str(info.value)


def test_a_glossary_with_an_unknown_extension(tmp_path):
    path = tmp_path / "glossary.txt"
    path.write_text("id,match\n", encoding="utf-8")
    with pytest.raises(tqa.TqaError) as info:
        tqa.load_glossary(path)
    assert ".txt" in str(info.value)


# --- CSV and TSV: a glossary kept in a spreadsheet ----------------------------------------------------------

SHEETS = [FIXTURES / "sheet.yaml", FIXTURES / "sheet.csv", FIXTURES / "sheet.tsv"]
SHEET_TEXT = ("He posted the photo in his circle of friends. Taiwan‘s “Free Finance” reported on Feb. 5 that it "
              "puts the Chinese Communist Party to sleep; the full amount of data on lending should be reported. "
              "She shared the news with a wide friends circle. The bank offers free finance courses.")


@pytest.mark.parametrize("path", SHEETS, ids=lambda p: p.suffix)
def test_yaml_csv_and_tsv_glossaries_hold_the_same_entries(path):
    reference = tqa.load_glossary(SHEETS[0])
    glossary = tqa.load_glossary(path)
    assert (glossary.name, glossary.version) == ("sheet", "1")

    def portable(entry):
        return dataclasses.replace(entry, file="", line=0)

    assert [portable(e) for e in glossary.entries] == [portable(e) for e in reference.entries]


@pytest.mark.parametrize("path", SHEETS, ids=lambda p: p.suffix)
def test_yaml_csv_and_tsv_glossaries_find_the_same_errors(path):
    result = tqa.analyze(SHEET_TEXT, tqa.load_glossary(path))
    assert [(f.text, f.suggestion, bare(f.rule), str(f.severity)) for f in result.findings
            if f.check == "glossary"] == [
        ("circle of friends", "WeChat Moments", "wechat-moments", "major"),
        ("Free Finance", "Liberty Times Finance", "liberty-times-free-finance", "major"),
        ("puts the Chinese Communist Party to sleep", "keeps the Chinese Communist Party awake at night",
         "keeps-ccp-awake", "critical"),
        ("full amount of data", "complete data", "complete-data-full-amount", "minor"),
    ]


def test_csv_list_fields_are_joined_with_a_bar():
    entry = tqa.load_glossary(FIXTURES / "sheet.csv").entries[0]
    assert entry.match == ("circle of friends", "friends circle")
    assert entry.good == ("She shared the news with a wide circle of friends.", "He has a circle of friends in Paris.")
    liberty = tqa.load_glossary(FIXTURES / "sheet.csv").entries[1]
    assert liberty.suggest == ("Liberty Times Finance", "Liberty Times")
    assert liberty.case_sensitive


def test_a_csv_entry_is_located_at_its_row(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(
        "id,match,category,severity,note\n"
        'a,alpha,Style/Awkward,minor,"a note\nover two lines"\n'
        "b,beta,Style/Awkward,severe,\n", encoding="utf-8")
    problem = the_problem(path)
    assert problem.startswith(f"{path}:4: b: ") and "severe" in problem


def test_a_tsv_problem_is_located_at_its_row_after_metadata_lines(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("# name: sheet\n# version: 7\n\nid\tmatch\tcategory\tseverity\n"
                    "a\talpha\tStyle/Awkward\tminor\nb\tbeta\tStyle/Awful\tminor\n", encoding="utf-8")
    problem = the_problem(path)
    assert problem.startswith(f"{path}:6: b: ") and "Style/Awful" in problem


def test_an_unknown_csv_column_is_reported_at_the_header(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("id,match,category,severity,colour\na,alpha,Style/Awkward,minor,red\n", encoding="utf-8")
    problem = the_problem(path)
    assert problem.startswith(f"{path}:1: ") and "colour" in problem


def test_a_duplicate_id_in_csv(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("id,match,category,severity\r\na,alpha,Style/Awkward,minor\r\na,beta,Style/Awkward,minor\r\n",
                    encoding="utf-8")
    problem = the_problem(path)
    assert problem.startswith(f"{path}:3: ") and "duplicate id 'a'" in problem


def test_an_invalid_and_a_catastrophic_regex_in_csv(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text('id,regex,category,severity\nr,(a+)+$,Style/Awkward,minor\nq,"(unclosed",Style/Awkward,minor\n',
                    encoding="utf-8")
    problems = problems_of(path)
    assert [p.split(": ", 1)[0] for p in problems] == [f"{path}:2", f"{path}:3"]
    assert "catastrophic" in problems[0] and "invalid regex" in problems[1]


def test_a_csv_example_that_misbehaves_is_reported_at_its_row(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("id,match,category,severity,bad,good\n"
                    "joint-debt,common debt,Accuracy/Mistranslation,major,the risk of common debt|"
                    "the risk of joint debt,the risk of joint debt\n", encoding="utf-8")
    assert the_problem(path) == (f"{path}:2: joint-debt: example 'the risk of joint debt' expected finding, "
                                 "got none")


def test_a_csv_glossary_behaves_like_yaml_on_the_seed_sentence(tmp_path, mini):
    path = tmp_path / "wechat.csv"
    path.write_text("id,match,suggest,category,severity,bad,good\n"
                    "wechat-official-account,official micro-signal,official WeChat account,"
                    "Terminology/Inappropriate for context,major,"
                    "posted on the official micro-signal of the central bank,"
                    "posted on the official WeChat account of the central bank\n", encoding="utf-8")
    text = "The article was posted on the official micro-signal of the CPC Central Bank."
    from_csv = spans(tqa.analyze(text, tqa.load_glossary(path)))
    from_yaml = [s for s in spans(tqa.analyze(text, mini)) if s[3] == "wechat-official-account"]
    assert from_csv == from_yaml == [(30, 51, "official micro-signal", "wechat-official-account")]


# --- a glossary means the same whatever was loaded before ---------------------------------------------------

def test_the_same_bytes_under_another_format_are_parsed_in_that_format(tmp_path):
    content = "id,match,category,severity\nformat-test-1,alpha,Style/Awkward,minor\n"
    (tmp_path / "sheet.csv").write_text(content, encoding="utf-8")
    (tmp_path / "sheet.tsv").write_text(content, encoding="utf-8")
    assert len(tqa.load_glossary(tmp_path / "sheet.csv")) == 1
    # Read as TSV, the header is one unknown column "id,match,category,severity".
    assert "unknown column" in the_problem(tmp_path / "sheet.tsv")


def test_a_csv_glossary_without_a_name_is_named_after_its_file(tmp_path):
    content = "id,match,category,severity\nname-test-1,alpha,Style/Awkward,minor\n"
    for stem in ("first", "second"):
        (tmp_path / f"{stem}.csv").write_text(content, encoding="utf-8")
    assert tqa.load_glossary(tmp_path / "first.csv").name == "first"
    assert tqa.load_glossary(tmp_path / "second.csv").name == "second"
