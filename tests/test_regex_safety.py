"""Glossary regexes are user data: they must never hang a run (issue 9, item 2).

Two lines of defence. At load time, regexes of the shapes that backtrack catastrophically are refused with
``file:line`` (tqa/regex_safety.py). At run time, whatever slipped through has a hard bound that does not
depend on recognising shapes: each regex entry gets a time budget per document; an entry that exceeds it is
disabled for the rest of the run and the document gets a note saying so. The examples run at load time are
bounded the same way.

The tests of the hard bound load a glossary with the static refusal switched off (a regex it does not refuse
yet would do as well) and run in a subprocess, so that a regression hangs that process, not the suite.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
import yaml

import tqa
from helpers import GATE_LINE, REPO, SHIPPED, line_of
from tqa.checks.residue import RESIDUE_FILE
from tqa.regex_safety import catastrophic_reason

# Each hung Python's re on a 40-character line although the guard let it load.
BYPASSES = [r"(a{1,2})+$", r"(a?a)+$", r"(?:\w{1,3})+!", r"\w*\w*\w*\w*\w*!"]


# --- the static refusal --------------------------------------------------------------------------------------

@pytest.mark.parametrize("regex", BYPASSES + [
    r"(?:ab?)+c",           # an optional item inside an unbounded repeat
    r"(?:\w{2,4}\s)*$",     # a bounded repeat of varying length inside an unbounded repeat
    r"(a{1,2}){2,40}!",     # ... or inside a repeat of many
    r"\w+\w+!",             # two adjacent unbounded repeats of overlapping classes
    r"\d+\w*!",
    r"x(?:.*)(.*)y",        # adjacent across group boundaries
    r"(?:(a+)+b)*+", r"(?>(a+)+$)",  # possessive and atomic groups only stop backtracking into them
])
def test_bounded_and_optional_repeats_inside_a_repeat_and_adjacent_overlapping_repeats_are_refused(
        write_glossary, regex):
    path = write_glossary(f"""
        - id: dangerous
          regex: '{regex}'
          category: Style/Awkward
          severity: minor
    """)
    with pytest.raises(tqa.GlossaryError) as info:
        tqa.load_glossary(path)
    (problem,) = info.value.problems
    assert problem.startswith(f"{path}:{line_of(path, 'regex:')}: 'regex' can backtrack catastrophically (")
    assert problem.endswith(f"): {regex!r}")


@pytest.mark.parametrize("regex, reason", [
    (r"(a{1,2})+$", "a repeated group whose length varies (a bounded or optional repeat inside a repeat)"),
    (r"\w*\w*!", "adjacent unbounded repeats that can match the same characters"),
])
def test_the_refusal_says_what_shape_it_saw_and_what_to_do(regex, reason):
    assert catastrophic_reason(regex) == (
        f"{reason}; use a possessive quantifier (*+, ++) or an atomic group (?>...) if it is intended")


@pytest.mark.parametrize("regex", [
    r"(?:[A-Z]\S{0,30} ){0,3}public account",    # a few repeats of a delimited item: bounded cost
    r"(?:\w{1,3})++!", r"(?>\w*)\w*!", r"\w*+\w*!",  # possessive and atomic: no backtracking
    r"\w+\s+\w+", r"[ \t]*[(（]?[ \t]*Source",       # repeats separated by a class they cannot match, or an item
    r"(?:ab)+c", r"(?:a{2})+$", r"\d{4}-\d{2}",       # fixed-length bodies
])
def test_safe_shapes_are_not_refused(regex):
    assert catastrophic_reason(regex) is None


@pytest.mark.parametrize("path", [SHIPPED, RESIDUE_FILE], ids=["zh-en-news.yaml", "residue.yaml"])
def test_every_regex_of_the_shipped_glossaries_is_accepted(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    regexes = [e[field] for e in data["entries"] for field in ("regex", "when", "unless") if e.get(field)]
    assert len(regexes) > 10
    assert [r for r in regexes if catastrophic_reason(r)] == []


# --- the hard bound ------------------------------------------------------------------------------------------

# Refused by the static check (a lazy unbounded repeat inside a repeat of eleven); with that check off it
# backtracks for minutes on a 60-character line of commas without a P, in Python's re and in regex alike.
SLOW = r"(?:.*?,){11}P"
SLOW_LINE = ",a" * 30
# A sound entry beside it, which goes on working.
WECHAT = """\
  - id: wechat
    match: [official micro-signal]
    suggest: official WeChat account
    category: Terminology/Inappropriate for context
    severity: major
"""


@pytest.fixture(scope="module")
def bounded(tmp_path_factory) -> dict:
    """Every scenario of the hard bound, run in one fresh interpreter with the static refusal switched off
    (one process for all: each costs a second of budget plus the start-up). Before the bound existed, that
    process ran for minutes; the timeout turns a regression into a failure, not a hung suite."""
    work = tmp_path_factory.mktemp("bounded")
    glossaries = {}
    for where in ("regex", "when", "unless", "example"):
        lines = [f"regex: '{SLOW}'"] if where in ("regex", "example") else ["match: [rose]", f"{where}: '{SLOW}'"]
        lines += ["category: Style/Awkward", "severity: minor"]
        if where == "example":
            lines.append(f"examples: {{good: ['{SLOW_LINE}']}}")
        path = work / f"{where}.yaml"
        path.write_text("name: test\nversion: 1\nentries:\n  - id: slow-commas\n"
                        + "".join(f"    {line}\n" for line in lines) + WECHAT, encoding="utf-8")
        glossaries[where] = str(path)
    article = work / "article.txt"
    article.write_text(SLOW_LINE + "\nThe official micro-signal of the bank.\n", encoding="utf-8")
    script = f"""
import contextlib, io, json
import tqa.glossary
tqa.glossary.catastrophic_reason = lambda pattern: None
import tqa, tqa.cli
from tqa.checks import select_checks
from tqa.checks.residue import ResidueCheck

glossaries = {glossaries!r}
only_glossary = select_checks(["glossary"])
out = {{}}

def outcome(result):
    return [list(result.notes), [f.text for f in result.findings]]

glossary = tqa.load_glossary(glossaries["regex"])
out["regex"] = outcome(tqa.analyze("First line.\\n" + {SLOW_LINE!r}, glossary, doc_id="article.txt",
                                   checks=only_glossary))
# The next document would match at once, but the entry is off for the rest of the run.
out["next"] = outcome(tqa.analyze(",,,,,,,,,,,P", glossary, doc_id="next.txt", checks=only_glossary))
out["fresh"] = outcome(tqa.analyze(",,,,,,,,,,,P", glossaries["regex"], doc_id="fresh.txt", checks=only_glossary))
for where in ("when", "unless"):
    out[where] = outcome(tqa.analyze("Prices rose " + {SLOW_LINE!r}, glossaries[where], doc_id="prices.txt",
                                     checks=only_glossary))
residue = ResidueCheck(tqa.load_glossary(glossaries["regex"]))
out["residue"] = outcome(tqa.analyze({SLOW_LINE!r}, doc_id="page.txt", checks=[residue]))
try:
    tqa.load_glossary(glossaries["example"])
    out["example"] = []
except tqa.GlossaryError as exc:
    out["example"] = exc.problems
stdout, stderr = io.StringIO(), io.StringIO()
with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
    status = tqa.cli.main(["check", {str(article)!r}, "-g", glossaries["regex"], "--only-check", "glossary",
                           "--format", "csv"])
out["cli"] = [status, stdout.getvalue().splitlines(), stderr.getvalue().splitlines()]
print(json.dumps(out))
"""
    try:
        run = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("still running after 120 s: a regex is not bounded")
    assert run.returncode == 0, run.stderr
    return {"paths": glossaries, "article": str(article), **json.loads(run.stdout)}


def note(path: str, what: str, where: str) -> str:
    return (f"{path}:4: entry slow-commas: {what} took more than 1.0 s on {where}; "
            "disabled for the rest of this run")


def test_a_regex_entry_that_runs_out_of_time_is_disabled_with_a_note(bounded):
    assert bounded["regex"] == [[note(bounded["paths"]["regex"], "regex", "article.txt:2")], []]


def test_a_disabled_entry_stays_off_for_the_rest_of_the_run(bounded):
    assert bounded["next"] == [[], []]
    assert bounded["fresh"] == [[], [",,,,,,,,,,,P"]]  # what it finds when not disabled


@pytest.mark.parametrize("where", ["when", "unless"])
def test_a_context_regex_that_runs_out_of_time_disables_its_entry(bounded, where):
    assert bounded[where] == [[note(bounded["paths"][where], f"'{where}' regex", "prices.txt:1")], []]


def test_the_residue_check_passes_its_notes_on_too(bounded):
    assert bounded["residue"] == [[note(bounded["paths"]["regex"], "regex", "page.txt:1")], []]


def test_tqa_check_prints_the_note_as_a_warning_and_goes_on(bounded):
    status, stdout, stderr = bounded["cli"]
    assert [line for line in stderr if not GATE_LINE.match(line)] == [
        "tqa: warning: " + note(bounded["paths"]["regex"], "regex", f"{bounded['article']}:1")]
    # The other entry still finds the official micro-signal on line 2 (a major finding: the default gate fails).
    assert status == 1 and any(GATE_LINE.match(line) for line in stderr)
    assert [(row["line"], row["rule"], row["text"]) for row in csv.DictReader(stdout)] == [
        ("2", "test/wechat", "official micro-signal")]


def test_an_example_that_runs_out_of_time_refuses_the_glossary(bounded):
    assert bounded["example"] == [
        f"{bounded['paths']['example']}:8: slow-commas: example {SLOW_LINE!r}: regex took more than 1.0 s"]
