"""``tqa mine`` without a source (MT documents beside their post-edits), the shared ranking and writing, and
``tqa glossary merge``. The mode with a source (tqa.mine.aligned) is tested with its miner."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

import tqa
from helpers import FIXTURES, SEED, SEED_REF
from tqa.mine.candidates import Candidate, Evidence
from tqa.mine.postedit import mine_postedits
from tqa.mine.rank import finish, rank_score, reference_hits
from tqa.mine.write import proposals, proposals_csv, proposals_yaml, slug

MINE = FIXTURES / "mine"
MINOR = "    category: Other\n    severity: minor\n"
HOUSE = "name: house\nversion: 1\nentries:\n  - id: zz\n    match: [zxq blorp]\n    suggest: z\n" + MINOR


def seed_pairs():
    from tqa.metrics import split_lines

    return [("seed", split_lines(SEED.read_text(encoding="utf-8")), split_lines(SEED_REF.read_text(encoding="utf-8")))]


def entries(path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]


def by_match(items: list[dict]) -> dict[str, dict]:
    return {e["match"][0].lower(): e for e in items}


@pytest.fixture(scope="module")
def seed_proposals(tmp_path_factory):
    out = tmp_path_factory.mktemp("mine") / "proposals.yaml"
    code = tqa.cli.main(["mine", "--mt", str(SEED), "--post-edit", str(SEED_REF), "-o", str(out)])
    assert code == 0
    return out


# --- the seed ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("match, suggestion", [
    ("official micro-signal", "official WeChat account"),
    ("common debt", "joint debt"),
    ("Central Bank of the Communist Party of China", "People's Bank of China"),
    ("CPC Central Bank", "PBOC"),
    ("subject group", "research group"),
    ("Free Finance", "Liberty Times Finance"),
    ("hundreds of scopes", "hundreds of areas"),
    ("financial messages", "financial information"),
])
def test_the_seed_proposes_its_errors_with_evidence(seed_proposals, match, suggestion):
    entry = by_match(entries(seed_proposals))[match.lower()]
    assert entry["suggest"] == suggestion
    assert len(entry["examples"]["bad"]) == 1 and match.lower() in entry["examples"]["bad"][0].lower()
    assert suggestion.lower() in entry["examples"]["good"][0].lower()
    assert "once in 1 document" in entry["note"]


def test_the_seed_proposes_the_meaning_inversion_and_dabble(seed_proposals):
    matches = " | ".join(by_match(entries(seed_proposals)))
    assert "dabble" in matches
    assert "to sleep" in matches


def test_the_seed_proposes_nothing_for_names_left_unchanged(seed_proposals):
    text = " | ".join(e["match"][0] + " → " + e["suggest"] for e in entries(seed_proposals)).lower()
    for name in ("ant group", "zhongnanhai", "reuters", "wall street journal", "jack ma", "alipay",
                 "people familiar with the matter", "initial public offering", "recent comments", "taiwan"):
        assert name not in text


def test_the_proposals_load_as_a_glossary_with_passing_self_tests(seed_proposals):
    glossary = tqa.load_glossary(seed_proposals)
    assert glossary.name == "proposals" and glossary.language == "en" and len(glossary) >= 10
    assert all(e.bad and e.id for e in glossary.entries)
    assert all(e.category in ("Terminology/Inappropriate for context", "Accuracy/Mistranslation")
               for e in glossary.entries)
    # and the evidence beside it
    evidence = json.loads(seed_proposals.with_name("proposals.evidence.json").read_text(encoding="utf-8"))
    record = next(r for r in evidence["proposals"] if r["match"] == "official micro-signal")
    assert record["bad"][0]["line"] == 2 and record["in"] == [str(SEED)] and record["occurrences"] == 1


def test_mining_is_deterministic(tmp_path, cli):
    for name in ("one.yaml", "two.yaml"):
        assert cli("mine", "--mt", SEED, "--post-edit", SEED_REF, "-o", tmp_path / name).code == 0
    assert (tmp_path / "one.yaml").read_bytes() == (tmp_path / "two.yaml").read_bytes()
    assert (tmp_path / "one.evidence.json").read_bytes() == (tmp_path / "two.evidence.json").read_bytes()


def test_known_errors_are_not_proposed_again(tmp_path, cli):
    out = tmp_path / "p.yaml"
    assert cli("mine", "--mt", SEED, "--post-edit", SEED_REF, "-g", "zh-en-news", "-o", out).code == 0
    matches = set(by_match(entries(out)))
    for known in ("official micro-signal", "common debt", "central bank of the communist party of china",
                  "cpc central bank", "subject group", "free finance", "hundreds of scopes", "financial messages"):
        assert known not in matches
    assert matches  # what the glossary does not know is still proposed


# --- the post-edit miner --------------------------------------------------------------------------------------

def test_substitutions_are_grouped_across_lines_and_documents():
    pairs = [(name, (MINE / f"{name}.mt.txt").read_text().splitlines(), (MINE / f"{name}.pe.txt").read_text().splitlines())
             for name in ("a", "b")]
    candidates = {c.match: c for c in mine_postedits(pairs)}
    group = candidates["subject group"]
    assert (group.suggestion, group.occurrences, group.documents, group.consistency) == ("research group", 3, 2, 1.0)
    assert [(e.doc, e.line) for e in group.bad] == [("a", 1), ("a", 2), ("b", 1)]
    assert group.good[0].text == "The research group released its report on Monday."
    assert candidates["common debt"].suggestion == "joint debt"
    # a number edit and a deleted residue line are not glossary matters
    assert not any("percent" in m or "5" in m or "Recent" in m for m in candidates)


@pytest.mark.parametrize("mt, pe", [
    ("The Internet platforms grew.", "The internet platforms grew."),          # case only
    ("Taiwan‘s economy grew.", "Taiwan's economy grew."),                       # punctuation only
    ("The macro-prudential rules apply.", "The macroprudential rules apply."),  # spacing and hyphens
    ("The public goods are regulated.", "The public good is regulated."),       # inflection (and a stopword)
    ("Prices rose 5 percent.", "Prices rose 6 percent."),                       # numbers
    ("It was said that they went.", "It is said that they went."),             # a function word alone
    ("They raised the comprehensiveness and transparency of disclosure.",
     "They raised that of disclosure."),                                        # replaced by function words
    ("The plan was approved yesterday by the committee after a long debate about money.",
     "Yesterday lawmakers finally endorsed a budget that critics had described as a waste of resources."),  # rewritten
])
def test_what_is_not_a_glossary_matter_is_dropped(mt, pe):
    assert mine_postedits([("d", [mt], [pe])]) == []


def test_a_phrase_never_runs_across_a_bracket():
    # WMT22 dev line 639, Online-B and reference A (a merge across the name "LED" would end inside the bracket)
    mt = "He was one of three recipients of the 2014 Nobel Prize in Physics for inventing the blue light-emitting diode (LED)."
    pe = "He became one of the three prize winners of 2014 Nobel Prize in Physics with his invention of blue LED."
    found = mine_postedits([("d", [mt], [pe])])
    assert not any(set("()") & set(c.match + c.suggestion) for c in found)


def test_a_consistent_editor_is_preferred_and_consistency_counted():
    mt = ["the subject group met"] * 3
    pe = ["the research group met", "the research group met", "the project group met"]
    (candidate,) = mine_postedits([("d", mt, pe)])
    assert candidate.suggestion == "research group" and candidate.occurrences == 2
    assert candidate.consistency == pytest.approx(2 / 3)


def test_line_counts_must_agree():
    with pytest.raises(tqa.TqaError, match="d: 2 lines, but its post-edit has 1"):
        mine_postedits([("d", ["a", "b"], ["a"])])


# --- ranking -------------------------------------------------------------------------------------------------

def candidate(match, suggestion="x y", occurrences=1, documents=1, consistency=1.0, line="") -> Candidate:
    text = line or f"They saw the {match} there."
    return Candidate(match, suggestion, occurrences=occurrences, documents=documents, consistency=consistency,
                     bad=[Evidence("mt", "d", 1, text)], good=[Evidence("ref", "d", 1, f"They saw the {suggestion} there.")])


def test_reference_hits_match_as_the_glossary_does():
    found = [candidate("micro-signal"), candidate("subject group"), candidate("group")]
    hits = reference_hits(found, ["two micro signals and a micro-signal's", "the Subject Groups", "nothing"])
    assert hits == [2, 1, 1]


def test_finish_drops_reference_hits_and_known_and_rare_counts(mini):
    found = [candidate("topic team", occurrences=5, documents=3), candidate("blue sky", occurrences=4),
             candidate("official micro-signal", occurrences=9, documents=4), candidate("rare one", occurrences=1),
             candidate("group", line="the subject group said")]  # inside a finding of mini's subject-group
    kept = finish(found, ["the blue sky"], mini, min_count=1)
    assert [c.match for c in kept] == ["topic team", "rare one"]
    assert [c.match for c in finish(found, ["the blue sky"], mini, min_count=2)] == ["topic team"]
    assert kept[0].frequency > 0 and kept[0].score == rank_score(kept[0])


def test_ranking_prefers_evidence_and_penalises_common_english():
    strong = candidate("zxq flurble", occurrences=6, documents=3)
    weak = candidate("zxq blorp", occurrences=1, documents=1)
    common = candidate("the people", occurrences=6, documents=3)
    ranked = finish([weak, common, strong], [])
    assert [c.match for c in ranked] == ["zxq flurble", "the people", "zxq blorp"]
    assert common.frequency > 5 > strong.frequency
    assert finish([weak, common, strong], [], top=1)[0].match == "zxq flurble"
    rewrite = candidate("zxq flurble", "a much longer rewrite of it", occurrences=6, documents=3)
    assert rank_score(rewrite) == pytest.approx(rank_score(strong) / 1.75, rel=1e-5)  # three extra words


# --- writing -------------------------------------------------------------------------------------------------

def test_examples_that_would_fail_are_dropped_and_entries_without_bad_examples_too(tmp_path):
    longer = candidate("central bank of china", "People's Bank of China", line="The central bank of China said.")
    shorter = candidate("bank of china", "BOC", line="The central bank of China said.")  # hidden by the longer
    items = proposals([longer, shorter, candidate("zxq blorp")])
    assert [p.candidate.match for p in items] == ["central bank of china", "zxq blorp"]
    path = tmp_path / "p.yaml"
    path.write_text(proposals_yaml(items), encoding="utf-8")
    assert len(tqa.load_glossary(path)) == 2


def test_ids_are_unique_slugs():
    assert slug("People's Bank of China") == "people-s-bank-of-china"
    items = proposals([candidate("micro signal"), candidate("micro-signals x")])
    assert len({p.id for p in items}) == 2


def test_csv_has_an_empty_accept_column_and_the_evidence():
    items = proposals([candidate("=cmd x", occurrences=2)])
    rows = list(csv.DictReader(io.StringIO(proposals_csv(items))))
    assert rows[0]["accept"] == "" and rows[0]["match"] == "'=cmd x" and rows[0]["evidence"] == "d:1"
    assert rows[0]["occurrences"] == "2"


# --- the command ---------------------------------------------------------------------------------------------

def test_top_and_min_count(tmp_path, cli):
    out = tmp_path / "p.yaml"
    assert cli("mine", "--mt", SEED, "--post-edit", SEED_REF, "--top", "3", "-o", out).code == 0
    assert len(entries(out)) == 3
    pairs = ["--mt", MINE / "a.mt.txt", MINE / "b.mt.txt", "--post-edit", MINE / "a.pe.txt", MINE / "b.pe.txt"]
    assert cli("mine", *pairs, "--min-count", "2", "-o", out).code == 0
    assert [e["match"] for e in entries(out)] == [["subject group"]]
    assert "replaced by editors 3 times in 2 documents" in entries(out)[0]["note"]


def test_csv_format_round_trips_through_merge(tmp_path, cli):
    out = tmp_path / "p.csv"
    assert cli("mine", "--mt", SEED, "--post-edit", SEED_REF, "-o", out).code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with a BOM correctly
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    accepted = {"official micro-signal", "common debt", "subject group"}
    for row in rows:
        row["accept"] = "Yes" if row["match"] in accepted else ""
    rows[-1]["accept"] = "no"
    with open(out, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    house = tmp_path / "house.yaml"
    house.write_text("# my house glossary\nname: house\nversion: 7\nlanguage: en\ndescription: ours\nentries:\n"
                     "  - id: keep-me\n    match: [topic team]\n    suggest: research team\n"
                     "    category: Terminology/Inappropriate for context\n    severity: major\n"
                     "    examples: {bad: [the topic team met]}\n", encoding="utf-8")
    result = cli("glossary", "merge", out, house, "-o", house)
    assert result.code == 0, result.err
    merged = tqa.load_glossary(house)
    assert (merged.name, merged.version, merged.description) == ("house", "7", "ours")
    assert [e.id for e in merged.entries][0] == "keep-me"
    assert {e.match[0] for e in merged.entries[1:]} == accepted
    assert all(e.bad and e.good and "mined:" in e.note for e in merged.entries[1:])


def test_yaml_proposals_merge_whole(tmp_path, cli, seed_proposals):
    house = tmp_path / "house.yaml"
    house.write_text(HOUSE, encoding="utf-8")
    out = tmp_path / "merged.yaml"
    assert cli("glossary", "merge", seed_proposals, house, "-o", out).code == 0
    assert len(tqa.load_glossary(out)) == len(tqa.load_glossary(seed_proposals)) + 1


def test_merge_refuses_id_and_phrase_clashes(tmp_path, cli, seed_proposals):
    house = tmp_path / "house.yaml"
    house.write_text("name: house\nversion: 1\nentries:\n"
                     "  - id: common-debt\n    match: [zxq blorp]\n    suggest: z\n" + MINOR +
                     "  - id: mine\n    match: [Official Micro Signal]\n    suggest: WeChat\n" + MINOR,
                     encoding="utf-8")
    before = house.read_bytes()
    result = cli("glossary", "merge", seed_proposals, house, "-o", house)
    assert result.code == 2
    assert any("id 'common-debt' is already an entry of house" in line for line in result.err_lines)
    assert any("phrase 'official micro-signal' is already matched by house entry 'mine'" in line
               for line in result.err_lines)
    assert "Traceback" not in result.err and house.read_bytes() == before


def test_merge_refuses_a_csv_without_accepted_rows_and_a_bad_row(tmp_path, cli):
    house = tmp_path / "house.yaml"
    house.write_text(HOUSE, encoding="utf-8")
    sheet = tmp_path / "p.csv"
    sheet.write_text("id,accept,match,suggest,bad\nx,,zxq one,y,the zxq one\n", encoding="utf-8")
    result = cli("glossary", "merge", sheet, house, "-o", tmp_path / "o.yaml")
    assert result.code == 2 and "no row is accepted" in result.err
    sheet.write_text("id,accept,match,suggest,category,severity,bad\nx,x,zxq one,y,Other,minor,no such phrase here\n",
                     encoding="utf-8")
    result = cli("glossary", "merge", sheet, house, "-o", tmp_path / "o.yaml")
    assert result.code == 2 and f"{sheet}:2: x: example 'no such phrase here' expected finding" in result.err
    sheet.write_text("id,match\nx,y\n", encoding="utf-8")
    result = cli("glossary", "merge", sheet, house, "-o", tmp_path / "o.yaml")
    assert result.code == 2 and "not a proposals CSV" in result.err
    assert not (tmp_path / "o.yaml").exists()


@pytest.mark.parametrize("args, message", [
    (["--mt", SEED], "give --post-edit"),
    (["--mt", SEED, SEED, "--post-edit", SEED_REF], "2 --mt documents but 1 --post-edit"),
    (["--mt", SEED, "--post-edit", SEED_REF, "--ref", SEED_REF], "--ref needs --source"),
    (["--mt", SEED, "--source", SEED, "--post-edit", SEED_REF], "--post-edit mines without a source"),
    (["--mt", SEED, "--source", SEED], "--source needs the references"),
    (["--mt", SEED, "--post-edit", SEED_REF, "--top", "0"], "must be at least 1"),
    (["--mt", SEED, "--post-edit", SEED_REF, "--min-count", "x"], "not a whole number"),
    (["--mt", SEED, "--post-edit", SEED_REF, "--format", "csv", "-o", "x.yaml"], "contradicts"),
    (["--mt", SEED, "--post-edit", MINE / "missing.txt"], "missing.txt"),
    (["--mt", SEED, "--post-edit", MINE / "a.pe.txt"], "12 lines, but its post-edit"),
    (["--mt", SEED, "--post-edit", SEED_REF, "-o", SEED], "000_cfa7abe2bd583fdd.txt"),
    (["--mt", SEED, "--post-edit", SEED_REF, "-g", MINE / "README.md"], "README.md"),
])
def test_errors_are_one_line_and_exit_2(cli, args, message):
    result = cli("mine", *args)
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err
    assert len(result.err_lines) == 1 or message in result.err_lines[0]


def test_no_progress_when_stderr_is_not_a_terminal(cli, tmp_path):
    result = cli("mine", "--mt", SEED, "--post-edit", SEED_REF, "-o", tmp_path / "p.yaml")
    assert result.err_lines == [f"tqa: {len(entries(tmp_path / 'p.yaml'))} proposals from "
                                f"{result.err.split(' from ')[1].split(' ')[0]} candidates written to "
                                f"{tmp_path / 'p.yaml'}"]
