"""The score (DESIGN.md, "The score").

Weights: minor 1, major 5, critical 25; a minor ``Fluency/Punctuation`` finding counts 0.1. For a document
of W words (whitespace tokens) with penalty total P: ``score = max(0, 100 - 100 * P / W)``. A corpus score is
computed from the summed P and W, never by averaging document scores.
"""

from __future__ import annotations

import pytest

import tqa
from helpers import SEED, glossary_checks, only_the_gate_failed, read_text
from tqa import Severity, Weights


def formula(penalty: float, words: int) -> float:
    return max(0.0, 100 - 100 * penalty / words)


# --- the formula --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("penalty, words, expected", [
    (0, 442, 100.0),
    (36, 442, 100 - 3600 / 442),
    (5, 10, 50.0),
    (0.1, 1000, 99.99),
    (25, 25, 0.0),
    (30, 16, 0.0),  # never below zero
])
def test_score_is_100_minus_100_p_over_w_clamped_at_zero(penalty, words, expected):
    assert tqa.score(penalty, words) == pytest.approx(expected, abs=1e-9)


def test_an_empty_text_scores_100():
    assert tqa.score(0, 0) == 100.0


@pytest.mark.parametrize("severity, category, weight", [
    (Severity.MINOR, "Style/Awkward", 1),
    (Severity.MAJOR, "Accuracy/Mistranslation", 5),
    (Severity.CRITICAL, "Accuracy/Mistranslation", 25),
    (Severity.MINOR, "Fluency/Punctuation", 0.1),
    (Severity.MAJOR, "Fluency/Punctuation", 5),
    (Severity.CRITICAL, "Fluency/Punctuation", 25),
])
def test_default_weights(severity, category, weight):
    assert Weights().penalty(severity, category) == pytest.approx(weight)


def test_severities_are_ordered():
    assert Severity.MINOR < Severity.MAJOR < Severity.CRITICAL
    assert [str(s) for s in Severity] == ["minor", "major", "critical"]


# --- documents ----------------------------------------------------------------------------------------------

def test_the_seed_against_the_test_glossary(mini):
    # Seven major findings (5 each) and one minor ("dabble in", 1) over 442 words.
    result = tqa.analyze(read_text(SEED), mini, checks=glossary_checks())
    assert sorted(str(f.severity) for f in result.findings) == ["major"] * 7 + ["minor"]
    assert result.words == 442
    assert result.penalty == pytest.approx(36)
    assert result.score == pytest.approx(formula(36, 442))
    assert round(result.score, 1) == 91.9
    assert result.penalty_per_kword == pytest.approx(36000 / 442)


def test_a_penalty_is_the_sum_of_the_findings_penalties(mini):
    text = "Patients with new crown pneumonia; they also dabble in e-commerce; the risk of common debt."
    result = tqa.analyze(text, mini)
    assert [(f.text, f.penalty) for f in result.findings] == [
        ("new crown pneumonia", 25), ("dabble in", 1), ("common debt", 5)]
    assert result.penalty == pytest.approx(31)
    assert result.words == 15
    assert result.score == 0.0


def test_minor_punctuation_counts_a_tenth(mini):
    text = "covering shopping, travel , accommodation , payment transfer and public welfare"
    result = tqa.analyze(text, mini)
    assert [(f.text, f.category, f.penalty) for f in result.findings] == [
        (" ,", "Fluency/Punctuation", pytest.approx(0.1)), (" ,", "Fluency/Punctuation", pytest.approx(0.1))]
    assert result.penalty == pytest.approx(0.2)
    assert result.words == len(text.split()) == 11
    assert result.score == pytest.approx(100 - 100 * 0.2 / 11)


@pytest.mark.parametrize("text", ["", "   ", "\r\n\r\n", "\t \u3000 \n"])
def test_an_empty_document_has_no_words_and_scores_100(mini, text):
    result = tqa.analyze(text, mini)
    assert (result.words, result.segments, result.findings, result.penalty, result.score) == (0, 0, (), 0, 100.0)
    assert result.penalty_per_kword == 0


def test_words_are_whitespace_tokens(mini):
    text = "Taiwan‘s “Free Finance” reported on Feb. 5 — 中国央行 said\u00a0so.\r\n"
    assert tqa.analyze(text, mini).words == len(text.split()) == 11


def test_weights_are_configurable(mini):
    text = "posted on the official micro-signal; they dabble in e-commerce"
    result = tqa.analyze(text, mini, weights=Weights(minor=2, major=10, critical=50))
    assert [f.penalty for f in result.findings] == [10, 2]
    assert result.penalty == 12


def test_findings_below_min_severity_are_neither_reported_nor_scored(mini):
    text = "posted on the official micro-signal; they dabble in e-commerce; patients with new crown pneumonia"
    everything = tqa.analyze(text, mini)
    assert [str(f.severity) for f in everything.findings] == ["major", "minor", "critical"]
    major_up = tqa.analyze(text, mini, min_severity="major")
    assert [f.text for f in major_up.findings] == ["official micro-signal", "new crown pneumonia"]
    assert major_up.penalty == 30
    critical = tqa.analyze(text, mini, min_severity=Severity.CRITICAL)
    assert critical.penalty == 25 and critical.score == formula(25, critical.words)


# --- corpora ------------------------------------------------------------------------------------------------

def test_a_corpus_score_comes_from_summed_penalties_and_words_not_the_mean(mini):
    flawed = tqa.analyze("The new crown outbreak spread to ten more cities quickly.", mini)  # 10 words, 1 major
    clean = tqa.analyze("Reuters reported the news. " * 22 + "Ant Group declined.", mini)  # 91 words, none
    assert (flawed.words, flawed.penalty, flawed.score) == (10, 5, 50.0)
    assert (clean.words, clean.penalty, clean.score) == (91, 0, 100.0)
    corpus = tqa.corpus_score([flawed, clean])
    assert (corpus.documents, corpus.words, corpus.penalty) == (2, 101, 5)
    assert corpus.score == pytest.approx(100 - 500 / 101)
    assert corpus.score != pytest.approx((flawed.score + clean.score) / 2)
    assert corpus.penalty_per_kword == pytest.approx(5000 / 101)


def test_an_empty_corpus_scores_100():
    corpus = tqa.corpus_score([])
    assert (corpus.documents, corpus.words, corpus.penalty, corpus.score) == (0, 0, 0, 100.0)


# --- scoring profiles: weights as data, named in the signature --------------------------------------------

def test_the_default_profile_is_mqm_and_is_named_in_the_signature(cli, tmp_path):
    from tqa.scoring import DEFAULT_WEIGHTS, load_profile

    assert DEFAULT_WEIGHTS == load_profile("mqm")
    assert (DEFAULT_WEIGHTS.minor, DEFAULT_WEIGHTS.major, DEFAULT_WEIGHTS.critical) == (1, 5, 25)
    assert DEFAULT_WEIGHTS.describe().startswith("mqm@1#")
    path = tmp_path / "a.txt"
    path.write_text("The bank posted it on the official micro-signal of the bank today.\n", encoding="utf-8")
    assert f"|weights:{DEFAULT_WEIGHTS.describe()}|" in cli("check", path).out


def test_a_profile_file_weighs_checks_and_categories_and_changes_the_signature(cli, tmp_path):
    from tqa.model import Severity
    from tqa.scoring import load_profile

    profile = tmp_path / "house.yaml"
    profile.write_text("name: house\nversion: 3\nseverity: {minor: 1, major: 4, critical: 20}\n"
                       "checks: {glossary: 0.5}\ncategories: {Accuracy/Mistranslation: 2}\n", encoding="utf-8")
    weights = load_profile(profile)
    assert weights.penalty(Severity.MAJOR, "Terminology/Inappropriate for context", "glossary") == 2.0
    assert weights.penalty(Severity.MAJOR, "Accuracy/Mistranslation", "numbers") == 8.0
    assert weights.penalty(Severity.MINOR, "Fluency/Punctuation", "punctuation") == 0.1
    path = tmp_path / "a.txt"
    path.write_text("The bank posted it on the official micro-signal of the bank today.\n", encoding="utf-8")
    run = cli("check", path, "--profile", profile, "--format", "csv", "--summary", tmp_path / "s.csv")
    assert only_the_gate_failed(run.code, run.err), run.err
    assert "2.0" in run.out.splitlines()[1].split(",")  # the major glossary finding: 4 × 0.5
    summary = (tmp_path / "s.csv").read_text(encoding="utf-8-sig")
    assert "|weights:house@3#" in summary


@pytest.mark.parametrize("body, message", [
    ("severity: {minor: one}\n", "severity.minor must be a number of at least 0, not 'one'"),
    ("checks: [glossary]\n", "'checks' maps names to factors"),
    ("categories: {Accuracy/Typo: 2}\n", "categories.Accuracy/Typo is not an MQM category tqa knows"),
    ("weight: 2\n", "unknown field 'weight' in the scoring profile"),
])
def test_a_bad_profile_is_one_line(cli, tmp_path, body, message):
    profile = tmp_path / "bad.yaml"
    profile.write_text(body, encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_text("text\n", encoding="utf-8")
    run = cli("check", path, "--profile", profile)
    assert run.code == 2
    assert run.err.strip() == f"tqa: {profile}: {message}"


def test_an_unknown_profile_name_lists_the_bundled_ones(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("text\n", encoding="utf-8")
    run = cli("check", path, "--profile", "nope")
    assert run.code == 2
    assert run.err.strip().startswith("tqa: nope: no such scoring profile file, and no bundled profile of that name")


def test_the_dev_fitted_profile_is_bundled_and_weighs_the_source_aware_checks_above_the_others():
    from tqa.scoring import bundled_profiles, load_profile

    assert {"mqm", "wmt22-zhen-dev"} <= set(bundled_profiles())
    fitted = load_profile("wmt22-zhen-dev")
    assert fitted.describe().startswith("wmt22-zhen-dev@2#")
    factors = dict(fitted.checks)
    # Two fitted factors (bench/human_correlation.py --fit): one for the checks that read the text alone, one for
    # the source-aware checks.
    assert len({factors[c] for c in ("glossary", "residue", "language", "punctuation", "consistency")}) == 1
    assert len({factors[c] for c in ("numbers", "terms", "omission", "copies", "tags")}) == 1
    assert factors["numbers"] > factors["glossary"]
