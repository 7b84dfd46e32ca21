"""The consistency check (issue 3): one thing, one name.

A glossary may declare groups of names for the same thing under a top-level ``consistent:`` — a list of lists
of names, or of ``{id, names}``. In a document, the first name used from a group sets the form; a later mention
that uses another member is a ``Terminology/Inconsistent use of terminology`` minor finding whose suggestion is
the first-used form. "Communist Party of China (CPC)" introduces CPC as the acronym of that form: later "CPC" is
consistent, "CCP" is told to use "CPC". A mention inside another check's finding is not reported again. A
glossary with an invalid ``consistent:`` is refused with ``file:line``.
"""

from __future__ import annotations

import pytest

import tqa
from helpers import FIXTURES, SEED, read_text

CHECKS = FIXTURES / "checks"
INCONSISTENT = "Terminology/Inconsistent use of terminology"


@pytest.fixture(scope="module")
def party() -> tqa.Glossary:
    """``consistent: [[Communist Party of China, Chinese Communist Party, CPC, CCP]]`` and one glossary entry,
    "CPC Central Bank" → "People's Bank of China"."""
    return tqa.load_glossary(CHECKS / "party.yaml")


@pytest.fixture(scope="module")
def groups() -> tqa.Glossary:
    """Two groups written as ``{id, names}``: the party, and Ant Group / Ant Financial."""
    return tqa.load_glossary(CHECKS / "groups.yaml")


def analyze(text: str, glossary) -> tqa.DocumentResult:
    result = tqa.analyze(text, glossary)
    for f in result.findings:
        assert f.text == text[f.start:f.end]
    return result


def consistency(text: str, glossary) -> list[tuple[int, str, str]]:
    """(start, text, suggestion) of the consistency findings, among those of every check."""
    return [(f.start, f.text, f.suggestion) for f in analyze(text, glossary).findings if f.check == "consistency"]


def at(text: str, phrase: str, occurrence: int = 1) -> int:
    start = -1
    for _ in range(occurrence):
        start = text.index(phrase, start + 1)
    return start


# --- the first-used form wins -----------------------------------------------------------------------------------

def test_the_first_used_name_sets_the_form_and_a_later_different_name_is_flagged(party):
    text = ("The Chinese Communist Party has ruled China since 1949. Analysts say the Communist Party of China "
            "will tighten its control of large platforms. The Chinese Communist Party did not comment.\n")
    assert consistency(text, party) == [
        (at(text, "Communist Party of China"), "Communist Party of China", "Chinese Communist Party"),
    ]


def test_an_inconsistency_finding_is_minor_terminology_with_the_first_form_as_suggestion(party):
    text = "The CCP has ruled China since 1949. Analysts say the CPC will tighten its control.\n"
    (finding,) = [f for f in analyze(text, party).findings if f.check == "consistency"]
    assert (finding.text, finding.suggestion) == ("CPC", "CCP")
    assert (finding.category, finding.severity, finding.penalty) == (INCONSISTENT, tqa.Severity.MINOR, 1)
    assert finding.rule == "consistency.communist-party-of-china"
    assert "CPC" in finding.message and "CCP" in finding.message


def test_every_later_different_name_is_flagged_with_the_first_used_form(party):
    text = ("The Chinese Communist Party has ruled China since 1949. The Communist Party of China said nothing. "
            "The CCP rejected the claim, and the CPC said nothing either.\n")
    assert consistency(text, party) == [
        (at(text, "Communist Party of China"), "Communist Party of China", "Chinese Communist Party"),
        (at(text, "CCP"), "CCP", "Chinese Communist Party"),
        (at(text, "CPC"), "CPC", "Chinese Communist Party"),
    ]


# --- an acronym introduced in parentheses -------------------------------------------------------------------------

def test_an_acronym_in_parentheses_after_the_first_name_is_its_abbreviation(party):
    text = ("The Communist Party of China (CPC) has ruled China since 1949. Later the CPC said it would act. "
            "The CCP rejected the claim. The Chinese Communist Party was silent.\n")
    assert consistency(text, party) == [
        (at(text, "CCP"), "CCP", "CPC"),
        (at(text, "Chinese Communist Party"), "Chinese Communist Party", "Communist Party of China"),
    ]


def test_the_other_acronym_introduced_after_the_other_name_is_kept_too(party):
    text = ("The Chinese Communist Party (CCP) said nothing. The CCP agreed a day later. The CPC disagreed. "
            "The Communist Party of China was silent.\n")
    assert consistency(text, party) == [
        (at(text, "CPC"), "CPC", "CCP"),
        (at(text, "Communist Party of China"), "Communist Party of China", "Chinese Communist Party"),
    ]


def test_a_full_name_in_parentheses_after_the_first_acronym_is_its_expansion(party):
    text = ("The CPC (Communist Party of China) said nothing. The Communist Party of China agreed. "
            "The Chinese Communist Party disagreed. The CCP was silent.\n")
    assert consistency(text, party) == [
        (at(text, "Chinese Communist Party"), "Chinese Communist Party", "Communist Party of China"),
        (at(text, "CCP"), "CCP", "CPC"),
    ]


# --- what is the same name, and what is no name of the group ------------------------------------------------------

def test_the_same_name_in_another_case_over_a_line_break_or_possessive_is_consistent(party):
    text = ("The Communist Party of China said nothing. The communist party of China agreed. The Communist "
            "Party\nof China's view was clear.\n")
    assert consistency(text, party) == []


def test_a_possessive_of_another_name_is_flagged_without_the_s(party):
    text = "The Communist Party of China said nothing. The Chinese Communist Party's view was clear.\n"
    assert consistency(text, party) == [
        (at(text, "Chinese Communist Party"), "Chinese Communist Party", "Communist Party of China"),
    ]


@pytest.mark.parametrize("text", [
    "The CPC has ruled China since 1949. Communist Party regulators want the data, and the party agreed.",
    "The CPC has ruled China since 1949. Under the CCPA, California residents can ask for their data.",
    "The CPC has ruled China since 1949. The ccp package is a compiler, not a party.",
], ids=["communist-party-regulators", "an-acronym-inside-a-longer-one", "lower-case-is-not-the-acronym"])
def test_words_that_are_not_a_name_of_the_group_are_not_mentions(party, text):
    assert consistency(text + "\n", party) == []


def test_groups_are_independent_and_an_id_names_the_rule(groups):
    text = ("Ant Financial said the CCP wanted its data. Ant Group later said the CCP had asked for it, and "
            "the Communist Party of China denied it.\n")
    result = analyze(text, groups)
    assert [(f.text, f.suggestion, f.rule) for f in result.findings if f.check == "consistency"] == [
        ("Ant Group", "Ant Financial", "consistency.ant-group"),
        ("Communist Party of China", "CCP", "consistency.communist-party"),
    ]


# --- mentions inside another check's finding ------------------------------------------------------------------

def test_a_mention_inside_another_checks_finding_is_not_reported_again(party):
    text = ("The Chinese Communist Party wants the data. The article was posted by the CPC Central Bank, which "
            "the CCP controls.\n")
    result = analyze(text, party)
    assert [(f.check, f.text, f.suggestion) for f in result.findings] == [
        ("glossary", "CPC Central Bank", "People's Bank of China"),  # its "CPC" is not reported a second time
        ("consistency", "CCP", "Chinese Communist Party"),
    ]


def test_a_glossary_without_groups_gives_no_consistency_findings(mini):
    text = ("The Chinese Communist Party has ruled China since 1949. The Communist Party of China said nothing. "
            "The CCP rejected the claim, and the CPC said nothing either.\n")
    assert mini.consistent == ()
    assert consistency(text, mini) == []
    assert consistency(text, tqa.load_glossary(CHECKS / "plain.yaml")) == []


# --- the seed ---------------------------------------------------------------------------------------------------

def test_the_seed_mixed_party_names_are_flagged_with_the_first_used_form(party):
    text = read_text(SEED)
    result = analyze(text, party)
    found = [f for f in result.findings if f.check == "consistency"]
    # Line 1 says "Communist Party of China (CPC)"; lines 8 and 10 switch to "Chinese Communist Party".
    assert [(f.line, f.text, f.suggestion) for f in found] == [
        (8, "Chinese Communist Party", "Communist Party of China"),
        (10, "Chinese Communist Party", "Communist Party of China"),
    ]
    assert [f.start for f in found] == [at(text, "Chinese Communist Party"), at(text, "Chinese Communist Party", 2)]


# --- an invalid 'consistent' is refused ---------------------------------------------------------------------------

HEADER = """\
name: bad-groups
version: 1
entries:
  - id: covid-new-crown
    match: [new crown]
    suggest: COVID-19
    category: Other
    severity: minor
"""


@pytest.mark.parametrize("consistent, line, problem", [
    ("consistent: Communist Party of China\n", 9, "'consistent' must be a list of groups of names"),
    ("consistent:\n  - [Communist Party of China, CPC]\n  - [Ant Group]\n", 11,
     "a 'consistent' group needs at least two names"),
    ("consistent:\n  - Ant Group\n", 10, "a 'consistent' group must be a list of names"),
    ("consistent:\n  - {id: ant, names: Ant Group}\n", 10, "a 'consistent' group must be a list of names"),
    ("consistent:\n  - {id: ant, names: [Ant Group]}\n", 10, "a 'consistent' group needs at least two names"),
], ids=["not-a-list", "a-group-with-one-name", "a-group-that-is-a-name", "names-not-a-list", "names-with-one-name"])
def test_an_invalid_consistent_is_refused_with_file_and_line(tmp_path, cli, consistent, line, problem):
    path = tmp_path / "bad-groups.yaml"
    path.write_text(HEADER + consistent, encoding="utf-8")
    with pytest.raises(tqa.GlossaryError) as refused:
        tqa.load_glossary(path)
    assert refused.value.problems == [f"{path}:{line}: {problem}"]
    run = cli("glossary", "validate", path)
    assert run.code == 2
    assert run.err.splitlines() == [f"{path}:{line}: {problem}"]
    assert "Traceback" not in run.err
