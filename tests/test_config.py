"""Settings from a config file (``[tool.tqa]`` in pyproject.toml, ``tqa.toml``, ``.tqa.toml``): discovery,
precedence (command line > config file > default), paths relative to the file, every error, and ``tqa config``.

Every test works in ``tmp_path`` and makes it the ceiling of the upward search, so that nothing above it counts.
"""

from __future__ import annotations

import json
import os
import textwrap
import tomllib
from pathlib import Path

import pytest

import tqa.cli
import tqa.cli.check
import tqa.cli.config
import tqa.cli.fix
from helpers import MINI, REPO
from tqa.config import CEILING_VARIABLE, Setting, discover, key_lines

#: Two findings of the mini glossary: wechat-official-account (major) and covid-new-crown-pneumonia (critical).
TEXT = "The official micro-signal said that new crown pneumonia spread.\n"


@pytest.fixture
def top(tmp_path, monkeypatch):
    """``tmp_path`` as the top of the search (``TQA_CONFIG_CEILING``), and the working directory."""
    monkeypatch.setenv(CEILING_VARIABLE, str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def later_options(monkeypatch):
    """The options other parts of issue 12 add to ``check`` and ``fix`` (rule selection by the lead; the gates,
    the baseline and the ignore file by other helpers), declared as they will be, without any logic, where this
    tqa does not declare them yet: the config file must set them once they exist, by their declaration alone."""
    declarations = [
        ("--select", dict(action="append", metavar="CODES", default=None)),
        ("--extend-select", dict(action="append", metavar="CODES", default=None)),
        ("--ignore", dict(action="append", metavar="CODES", default=None)),
        ("--severity-override", dict(action="append", metavar="CODE=SEVERITY")),
        ("--exit-zero", dict(action="store_true")),
        ("--fail-under-corpus", dict(type=tqa.cli.common.score_value, metavar="SCORE")),
        ("--baseline", dict(metavar="FILE")),
        ("--ignore-file", dict(metavar="FILE")),
    ]

    def wrap(original):
        def add_parser(commands):
            original(commands)
            parser = commands.choices[original.__module__.rsplit(".", 1)[1]]
            for option, keywords in declarations:
                if option not in parser._option_string_actions:
                    parser.add_argument(option, **keywords)
        return add_parser

    monkeypatch.setattr(tqa.cli.check, "add_parser", wrap(tqa.cli.check.add_parser))
    monkeypatch.setattr(tqa.cli.fix, "add_parser", wrap(tqa.cli.fix.add_parser))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def settings(cli, *args) -> dict:
    """``tqa config --format json``'s settings: {key: {value, origin, file, line}}."""
    run = cli("config", "--format", "json", *args)
    assert run.code == 0, run.err
    return json.loads(run.out)["settings"]


def effective(*argv: str):
    """The arguments a command runs with, after the config file is merged in (as ``tqa.cli._run`` does)."""
    parser = tqa.cli.build_parser()
    args = parser.parse_args(list(argv))
    tqa.cli.config.configure(parser, args, list(argv))
    return args


def rules(cli, *args) -> list[str]:
    run = cli("check", *args, "--format", "json")
    assert run.code in (0, 1), run.err
    return [f["rule"].rpartition("/")[2] for d in json.loads(run.out)["documents"] for f in d["findings"]]


def one_error(run) -> str:
    assert run.code == 2, (run.out, run.err)
    assert "Traceback" not in run.err
    assert len(run.err_lines) == 1, run.err
    return run.err_lines[0]


# --- discovery ------------------------------------------------------------------------------------------------

def test_the_repository_has_no_tqa_settings_of_its_own():
    """The suite runs in the repository: a [tool.tqa] there would change every CLI test."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "tqa" not in pyproject.get("tool", {})


def test_the_suite_never_searches_above_the_repository_or_its_temporary_directories(tmp_path, tmp_path_factory,
                                                                                     monkeypatch):
    """conftest's ceiling: a tqa.toml in /tmp or in the directory above the checkout cannot change any test."""
    monkeypatch.chdir(tmp_path)
    found = discover()
    assert (found.config, found.ceiling) == (None, tmp_path_factory.getbasetemp().resolve())
    monkeypatch.chdir(REPO / "tests")
    found = discover()
    assert (found.config, found.ceiling) == (None, REPO.resolve())
    assert [s.found for s in found.searched] == ["", "pyproject.toml without [tool.tqa]"]


def test_no_config_file_leaves_every_default(cli, top):
    found = settings(cli)
    assert {entry["origin"] for entry in found.values()} == {"default"}
    assert found["min-severity"]["value"] is None and found["no-checks"]["value"] == []
    assert found["color"]["value"] == "auto"


def test_pyproject_tool_tqa_is_read(cli, top):
    config = write(top / "pyproject.toml", """
        [project]
        name = "demo"

        [tool.tqa]
        min-severity = "critical"
    """)
    found = settings(cli)
    assert found["min-severity"] == {"value": "critical", "origin": f"{config} [tool.tqa]:5",
                                     "file": str(config), "line": 5}


@pytest.mark.parametrize("name", ["tqa.toml", ".tqa.toml"])
def test_tqa_toml_is_read_at_its_top_level(cli, top, name):
    config = write(top / name, 'no-checks = ["language"]\nmin-severity = "major"\n')
    found = settings(cli)
    assert found["no-checks"]["value"] == ["language"]
    assert found["min-severity"]["origin"] == f"{config}:2"


def test_a_parent_directory_is_searched(cli, top):
    config = write(top / "project" / "tqa.toml", 'fail-on = "critical"\n')
    deep = top / "project" / "a" / "b"
    deep.mkdir(parents=True)
    os.chdir(deep)
    assert settings(cli)["fail-on"]["origin"] == f"{config}:1"


def test_a_pyproject_without_tool_tqa_is_passed_over(cli, top):
    config = write(top / "tqa.toml", 'fail-on = "critical"\n')
    write(top / "sub" / "pyproject.toml", '[project]\nname = "inner"\n\n[tool.black]\nline-length = 99\n')
    os.chdir(top / "sub")
    assert settings(cli)["fail-on"]["origin"] == f"{config}:1"
    run = cli("config", "--show-files")
    assert run.out.splitlines() == [
        f"config file: {config}",
        "searched, from the working directory up:",
        f"  {top / 'sub'}  pyproject.toml without [tool.tqa]: passed over",
        f"  {str(top):<{len(str(top / 'sub'))}}  tqa.toml: used",
    ]


def test_tqa_toml_beats_pyproject_and_dot_tqa_toml_in_the_same_directory(cli, top):
    write(top / "pyproject.toml", '[tool.tqa]\nfail-on = "minor"\n')
    write(top / ".tqa.toml", 'fail-on = "major"\n')
    config = write(top / "tqa.toml", 'fail-on = "critical"\n')
    assert settings(cli)["fail-on"] == {"value": "critical", "origin": f"{config}:1", "file": str(config), "line": 1}
    config.unlink()
    assert settings(cli)["fail-on"]["value"] == "major"


def test_the_nearest_file_wins_and_levels_are_not_merged(cli, top):
    write(top / "tqa.toml", 'fail-on = "critical"\nmin-severity = "major"\n')
    inner = write(top / "inner" / "pyproject.toml", '[tool.tqa]\nmin-severity = "minor"\n')
    os.chdir(top / "inner")
    found = settings(cli)
    assert found["min-severity"]["origin"] == f"{inner} [tool.tqa]:2"
    assert found["fail-on"] == {"value": "major", "origin": "default", "file": None, "line": None}


def test_an_empty_tool_tqa_table_is_a_config_file(cli, top):
    """It stops the search: a project can say "defaults here" above an outer config."""
    write(top / "tqa.toml", 'fail-on = "critical"\n')
    inner = write(top / "inner" / "pyproject.toml", "[tool.tqa]\n")
    os.chdir(top / "inner")
    assert settings(cli)["fail-on"]["origin"] == "default"
    assert cli("config", "--show-files").out.splitlines()[0] == f"config file: {inner} [tool.tqa]"


def test_config_names_the_file_and_nothing_is_searched(cli, top):
    write(top / "tqa.toml", 'fail-on = "minor"\n')
    elsewhere = write(top / "elsewhere" / "settings.toml", 'fail-on = "critical"\n')
    assert settings(cli, "--config", "elsewhere/settings.toml")["fail-on"]["origin"] == f"{elsewhere}:1"
    pyproject = write(top / "other" / "pyproject.toml", '[tool.tqa]\nfail-on = "major"\n')
    assert settings(cli, "--config", pyproject)["fail-on"]["value"] == "major"
    run = cli("config", "--show-files", "--config", elsewhere)
    assert run.out.splitlines() == [f"config file: {elsewhere} (--config)", "no directory searched (--config)"]


def test_isolated_ignores_every_config_file(cli, top):
    write(top / "tqa.toml", 'fail-on = "minor"\ncolor = "never"\n')
    found = settings(cli, "--isolated")
    assert {entry["origin"] for entry in found.values()} == {"default"}
    assert cli("config", "--isolated").out.splitlines()[0] == \
        "settings of tqa check; config file: none (--isolated: config files are ignored)"
    # --isolated ignores even a broken file: it is not read at all
    write(top / "tqa.toml", "fail-on = \n")
    assert cli("config", "--isolated").code == 0


def test_config_and_isolated_together_are_refused(cli, top):
    line = one_error(cli("check", "x.txt", "--config", "a.toml", "--isolated"))
    assert line == "tqa check: argument --isolated: not allowed with argument --config"


def test_the_search_stops_at_a_ceiling_directory(cli, top, monkeypatch):
    write(top / "tqa.toml", 'fail-on = "minor"\n')
    (top / "project" / "sub").mkdir(parents=True)
    os.chdir(top / "project" / "sub")
    monkeypatch.setenv(CEILING_VARIABLE, os.pathsep.join(["relative/ignored", str(top / "project")]))
    assert settings(cli)["fail-on"]["origin"] == "default"
    run = cli("config", "--show-files")
    assert run.out.splitlines()[-1] == f"stopped at {top / 'project'}: {CEILING_VARIABLE} names it"
    assert json.loads(cli("config", "--show-files", "--format", "json").out) == {
        "config_file": None, "how": "not found", "ceiling": str(top / "project"),
        "searched": [{"directory": str(top / "project" / "sub"), "found": None},
                     {"directory": str(top / "project"), "found": None}],
    }
    monkeypatch.delenv(CEILING_VARIABLE)
    found = discover(start=top / "project" / "sub")  # without a ceiling the walk reaches tmp_path
    assert found.config is not None and found.config.path == top / "tqa.toml"


def test_commands_without_settings_read_no_config_file(cli, top):
    write(top / "tqa.toml", "this is not TOML\n")
    assert cli("glossary", "list").code == 0
    assert cli("checks").code == 0
    assert one_error(cli("config")).startswith(f"tqa: {top / 'tqa.toml'}:1: not valid TOML: ")


# --- precedence -----------------------------------------------------------------------------------------------

def test_config_beats_the_default_and_the_command_line_beats_the_config(cli, top):
    write(top / "tqa.toml", f'glossaries = ["{MINI}"]\nmin-severity = "critical"\n')
    (top / "a.txt").write_text(TEXT, encoding="utf-8")
    assert rules(cli, "a.txt") == ["covid-new-crown-pneumonia"]
    assert rules(cli, "a.txt", "--min-severity", "minor") == ["wechat-official-account", "covid-new-crown-pneumonia"]
    assert rules(cli, "a.txt", "--isolated", "-g", MINI) == ["wechat-official-account", "covid-new-crown-pneumonia"]
    found = settings(cli, "--min-severity", "major")
    assert found["min-severity"] == {"value": "major", "origin": "command line", "file": None, "line": None}


def test_the_default_value_given_explicitly_beats_the_config(cli, top):
    """Given on the command line is not "equal to the default": --color auto beats color = "always"."""
    write(top / "tqa.toml", f'glossaries = ["{MINI}"]\ncolor = "always"\n')
    (top / "a.txt").write_text(TEXT, encoding="utf-8")
    assert "\x1b[" in cli("check", "a.txt").out
    assert "\x1b[" not in cli("check", "a.txt", "--color", "auto").out
    assert settings(cli, "--color", "auto")["color"] == {"value": "auto", "origin": "command line", "file": None,
                                                         "line": None}
    assert settings(cli)["color"]["value"] == "always"


def test_a_list_on_the_command_line_replaces_the_configs(top):
    write(top / "tqa.toml", 'glossaries = ["zh-en-news", "house.yaml"]\nno-checks = ["language", "residue"]\n')
    args = effective("check", "x.txt")
    assert args.glossary == ["zh-en-news", str(top / "house.yaml")] and args.no_check == ["language", "residue"]
    args = effective("check", "x.txt", "-g", "other.yaml", "--no-check", "numbers")
    assert args.glossary == ["other.yaml"] and args.no_check == ["numbers"]


def test_select_is_replaced_and_extend_select_adds_up(cli, top, later_options):
    config = write(top / "pyproject.toml", """
        [tool.tqa]
        select = ["numbers", "punctuation.doubled-word"]
        extend-select = ["residue.share-this"]
        ignore = ["numbers.mismatch"]
    """)
    args = effective("check", "x.txt")
    assert (args.select, args.extend_select, args.ignore) == (
        ["numbers", "punctuation.doubled-word"], ["residue.share-this"], ["numbers.mismatch"])
    args = effective("check", "x.txt", "--select", "language", "--extend-select", "glossary", "--ignore", "numbers")
    assert (args.select, args.extend_select, args.ignore) == (["language"], ["residue.share-this", "glossary"],
                                                              ["numbers"])
    found = settings(cli, "--select", "numbers", "--extend-select", "glossary")
    assert found["select"]["origin"] == "command line"
    assert found["extend-select"] == {"value": ["residue.share-this", "glossary"],
                                      "origin": f"{config} [tool.tqa]:3 + command line",
                                      "file": str(config), "line": 3}
    assert found["ignore"]["origin"] == f"{config} [tool.tqa]:4"


def test_options_added_later_are_set_by_their_declaration_alone(top, later_options):
    write(top / "tqa.toml", """
        exit-zero = true
        fail-under-corpus = 85
        baseline = "accepted.json"
        ignore-file = "../shared/.tqaignore"
        severity-overrides = { "numbers.mismatch" = "Minor", "punctuation.doubled-word" = "critical" }
    """)
    args = effective("check", "x.txt")
    assert args.exit_zero is True and args.fail_under_corpus == 85.0
    assert args.baseline == str(top / "accepted.json")
    assert args.ignore_file == str(top / ".." / "shared" / ".tqaignore")
    assert args.severity_override == ["numbers.mismatch=minor", "punctuation.doubled-word=critical"]
    args = effective("check", "x.txt", "--severity-override", "numbers.mismatch=major", "--baseline", "b.json")
    assert args.severity_override == ["numbers.mismatch=major"] and args.baseline == "b.json"
    assert effective("fix", "x.txt").severity_override == ["numbers.mismatch=minor", "punctuation.doubled-word=critical"]


def test_a_flag_set_to_false_keeps_the_default(top, later_options):
    write(top / "tqa.toml", "exit-zero = false\n")
    assert effective("check", "x.txt").exit_zero is False
    assert effective("check", "x.txt", "--exit-zero").exit_zero is True


def test_a_key_sets_the_option_in_every_command_that_has_it(top):
    write(top / "tqa.toml", 'glossaries = ["house.yaml"]\nno-checks = ["language"]\nmin-severity = "major"\n'
                            'format = "json"\nglob = "*.en"\n')
    fixed = effective("fix", "x.txt")
    assert (fixed.glossary, fixed.no_check, str(fixed.min_severity)) == ([str(top / "house.yaml")], ["language"], "major")
    compared = effective("compare", "a.en", "b.en")
    assert (compared.glossary, compared.no_check, compared.glob) == ([str(top / "house.yaml")], ["language"], "*.en")
    assert compared.format == "text"  # the config's format is check's report format; compare's is given per run
    assert not hasattr(compared, "min_severity")  # compare has no --min-severity: the key does not reach it


def test_compare_baseline_is_a_system_not_the_baseline_setting():
    parser = tqa.cli.build_parser()
    compare = tqa.cli.config.command_parsers(parser)["compare"]
    assert "baseline" not in tqa.cli.config.setting_actions(compare)
    assert "glossary" in tqa.cli.config.setting_actions(compare)


def test_the_configs_format_yields_to_the_extension_of_o(cli, top):
    write(top / "tqa.toml", f'glossaries = ["{MINI}"]\nformat = "json"\nfail-on = "none"\n')
    (top / "a.txt").write_text(TEXT, encoding="utf-8")
    assert cli("check", "a.txt", "-o", "report.csv").code == 0
    assert (top / "report.csv").read_text(encoding="utf-8-sig").startswith("doc,segment,line,")
    assert json.loads(cli("check", "a.txt").out)["documents"][0]["doc"] == "a.txt"
    line = one_error(cli("check", "a.txt", "-o", "report.csv", "--format", "json"))
    assert line == "tqa: -o report.csv names a csv file but --format is json: drop --format or change the extension"


def test_fix_uses_the_configs_glossary(cli, top):
    write(top / "conf" / "tqa.toml", f'glossaries = ["{MINI.name}"]\n')
    (top / "conf" / MINI.name).write_bytes(MINI.read_bytes())
    (top / "a.txt").write_text(TEXT, encoding="utf-8")
    run = cli("fix", "a.txt", "--config", top / "conf" / "tqa.toml")
    assert run.code == 0, run.err
    assert run.out == "The official WeChat account said that COVID-19 spread.\n"


# --- paths ----------------------------------------------------------------------------------------------------

def test_paths_are_relative_to_the_config_files_directory(cli, top):
    (top / "project" / "glossaries").mkdir(parents=True)
    (top / "project" / "glossaries" / "house.yaml").write_bytes(MINI.read_bytes())
    profile = write(top / "project" / "strict.yaml", """
        name: strict
        version: 1
        severity: {minor: 2, major: 10, critical: 50}
    """)
    write(top / "project" / "tqa.toml", 'glossaries = ["glossaries/house.yaml"]\nprofile = "strict.yaml"\n')
    (top / "project" / "texts").mkdir()
    (top / "project" / "texts" / "a.txt").write_text(TEXT, encoding="utf-8")
    os.chdir(top / "project" / "texts")
    found = settings(cli)
    assert found["glossaries"]["value"] == [str(top / "project" / "glossaries" / "house.yaml")]
    assert found["profile"]["value"] == str(profile)
    report = json.loads(cli("check", "a.txt", "--format", "json").out)
    assert report["glossaries"][0]["name"] == "mini" and report["weights"]["major"] == 10.0
    # on the command line a path stays relative to the working directory
    assert cli("check", "a.txt", "--profile", "strict.yaml").err.startswith("tqa: strict.yaml: no such scoring profile")


def test_bundled_names_stay_names_unless_a_file_of_that_name_is_beside_the_config(top):
    write(top / "tqa.toml", 'glossaries = ["zh-en-news"]\nprofile = "mqm"\n')
    args = effective("check", "x.txt")
    assert (args.glossary, args.profile) == (["zh-en-news"], "mqm")
    (top / "mqm").write_text("a profile of the user's\n", encoding="utf-8")
    assert effective("check", "x.txt").profile == str(top / "mqm")  # a path that exists wins, as on the command line


def test_tilde_is_the_home_directory(top, monkeypatch):
    monkeypatch.setenv("HOME", str(top / "home"))
    write(top / "tqa.toml", 'glossaries = ["~/house.yaml"]\n')
    assert effective("check", "x.txt").glossary == [str(top / "home" / "house.yaml")]


def test_a_missing_glossary_is_named_by_its_full_path(cli, top):
    write(top / "conf" / "tqa.toml", 'glossaries = ["nowhere.yaml"]\n')
    (top / "a.txt").write_text(TEXT, encoding="utf-8")
    run = cli("check", "a.txt", "--config", "conf/tqa.toml")
    assert run.code == 2 and run.err.startswith(f"{top / 'conf' / 'nowhere.yaml'}: no such glossary file")


# --- errors ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, line, message", [
    ('fail-on = "major"\nselct = ["x"]\n', 2, "unknown key 'selct'; did you mean 'select'?"),
    ('frob = 1\n', 1, "unknown key 'frob' ('tqa config --isolated' lists the keys)"),
    ('fail_on = "major"\n', 1, "unknown key 'fail_on': keys are kebab-case, 'fail-on'"),
    ('output = "report.csv"\n', 1, "unknown key 'output': -o/--output is given on the command line of each run, "
                                   "not in a config file"),
    ('[tool.tqa]\nfail-on = "major"\n', 1, "unknown key 'tool': in tqa.toml the settings are at the top level, "
                                           "without [tool.tqa]"),
    ('no-checks = "language"\n', 1, "no-checks: expected an array of strings, not a string"),
    ('glossaries = ["zh-en-news", 3]\n', 1, "glossaries: item 2 is an integer, not a string"),
    ('checks = [""]\n', 1, "checks: an empty string"),
    ('fail-under = true\n', 1, "fail-under: expected a number or a string, not a boolean"),
    ('fail-under = 120\n', 1, "fail-under: a score is between 0 and 100, not 120"),
    ('fail-under = "high"\n', 1, "fail-under: not a number: 'high'"),
    ('encoding = 8\n', 1, "encoding: expected a string, not an integer"),
    ('target-lang = ["en"]\n', 1, "target-lang: expected a string, not an array"),
    ('glob = { a = 1 }\n', 1, "glob: expected a string or an array of strings, not a table"),
    ('# gates\n\nmin-severity = "severe"\n', 3, "min-severity: unknown severity 'severe' (expected minor, major or critical)"),
    ('fail-on = "blocker"\n', 1, "fail-on: unknown severity 'blocker' (expected minor, major, critical or none)"),
    ('format = "xml"\n', 1, "format: 'xml' is not one of text, csv, json, html, annotated, concise, github, sarif "
                            "(as tqa check --format takes it)"),
    ('color = "sometimes"\n', 1, "color: 'sometimes' is not one of auto, always, never (as tqa check --color takes it)"),
])
def test_a_bad_value_or_key_is_one_line_with_file_and_line(cli, top, text, line, message):
    config = write(top / "tqa.toml", text)
    assert one_error(cli("check", "a.txt")) == f"tqa: {config}:{line}: {message}"


@pytest.mark.parametrize("text, line, message", [
    ("[tool.tqa]\nseverity-overrides = { \"numbers.mismatch\" = \"huge\" }\n", 2,
     "severity-overrides: numbers.mismatch: unknown severity 'huge' (expected minor, major or critical)"),
    ("[tool.tqa.severity-overrides]\n\"numbers.mismatch\" = \"minor\"\n\"residue.share-this\" = 5\n", 3,
     "severity-overrides: residue.share-this: expected a severity (minor, major or critical), not an integer"),
    ("[tool.tqa]\nseverity-overrides = [\"numbers.mismatch=minor\"]\n", 2,
     'severity-overrides: expected a table of rule = severity, e.g. { "numbers.mismatch" = "minor" }, not an array'),
    ("[tool]\nname = 1\ntqa.exit-zero = \"yes\"\n", 3, "exit-zero: expected true or false, not a string"),
    ("[project]\nname = \"x\"\n\n[tool.tqa]\nselect = \"numbers\"\n", 5,
     "select: expected an array of strings, not a string"),
])
def test_errors_in_a_pyproject_point_at_the_line_of_the_key(cli, top, later_options, text, line, message):
    config = write(top / "pyproject.toml", text)
    assert one_error(cli("check", "a.txt")) == f"tqa: {config}:{line}: {message}"


def test_a_key_that_no_command_has_is_refused(cli, top, monkeypatch):
    monkeypatch.setattr(tqa.cli.config, "BY_KEY", {**tqa.cli.config.BY_KEY, "frobnicate": Setting("frobnicate", "frob")})
    config = write(top / "tqa.toml", 'fail-on = "major"\nfrobnicate = true\n')
    assert one_error(cli("check", "a.txt")) == \
        f"tqa: {config}:2: frobnicate: no command of this tqa has --frob, so it cannot be set"


def test_a_key_another_command_has_is_ignored_by_a_command_without_it(cli, top):
    """``format`` is check's and compare's: ``tqa fix`` runs as if it were absent (not an error)."""
    write(top / "tqa.toml", f'glossaries = ["{MINI}"]\nformat = "html"\n')
    (top / "a.txt").write_text(TEXT, encoding="utf-8")
    assert cli("fix", "a.txt").code == 0


def test_the_configs_format_is_checks_and_leaves_compare_and_rules_alone(cli, top):
    """compare and rules have formats of their own (fewer than check's): the config's format, check's report
    format, does not set them, so a format only check has does not stop them."""
    write(top / "tqa.toml", 'format = "html"\n')
    assert effective("check", "a.txt").format == "html"
    assert effective("compare", "a.en", "b.en").format == "text"
    assert effective("rules").format == "text"
    assert cli("rules", "numbers").code == 0


@pytest.mark.parametrize("text, message", [
    ('fail-on = "major\n', "1: not valid TOML: Illegal character '\\n' (column 17)"),
    ('fail-on = "major"\nfail-on = "minor"\n', "2: not valid TOML: Cannot overwrite a value (column 18)"),
    ('# settings\nfail-on = "major"\nselect = [\n', "3: not valid TOML: Invalid value (at the end)"),
    ('color = \n', "1: not valid TOML: Invalid value (column 9)"),
])
def test_invalid_toml_is_refused_with_its_line(cli, top, text, message):
    config = write(top / "tqa.toml", text)
    assert one_error(cli("check", "a.txt")) == f"tqa: {config}:{message}"


def test_a_file_that_is_not_utf8_is_refused(cli, top):
    config = top / "tqa.toml"
    config.write_bytes(b'fail-on = "major"\ntarget-lang = "\xe9n"\n')
    assert one_error(cli("check", "a.txt")) == f"tqa: {config}:2: not UTF-8 (a TOML file is UTF-8 text)"


def test_tool_tqa_must_be_a_table(cli, top):
    config = write(top / "pyproject.toml", '[tool]\nblack = {}\ntqa = "yes"\n')
    assert one_error(cli("check", "a.txt")) == f"tqa: {config}:3: tool.tqa is a string, not a table"


def test_a_broken_pyproject_on_the_way_up_is_refused(cli, top):
    """It might hold [tool.tqa]: passing it over would silently drop the project's settings."""
    config = write(top / "pyproject.toml", "[tool.tqa\n")
    assert one_error(cli("check", "a.txt")).startswith(f"tqa: {config}:1: not valid TOML: ")


def test_config_file_errors(cli, top):
    assert one_error(cli("check", "a.txt", "--config", "missing.toml")) == \
        f"tqa: {top / 'missing.toml'}: no such config file"
    assert one_error(cli("check", "a.txt", "--config", top)) == f"tqa: {top}: a directory, not a config file"
    pyproject = write(top / "pyproject.toml", '[tool.black]\nline-length = 99\n')
    assert one_error(cli("check", "a.txt", "--config", pyproject)) == (
        f"tqa: {pyproject}: no [tool.tqa] table (tqa's settings in a pyproject.toml are under [tool.tqa])")


# --- tqa config -----------------------------------------------------------------------------------------------

def test_tqa_config_prints_every_setting_with_its_origin(cli, top):
    config = write(top / "pyproject.toml", """
        [tool.tqa]
        glossaries = ["zh-en-news", "house.yaml"]
        fail-under = 90
        min-severity = "major"
    """)
    run = cli("config", "--no-check", "language", "--color", "auto")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == f"settings of tqa check; config file: {config} [tool.tqa]"
    rows = {line.split()[0]: line for line in lines[1:]}
    assert rows["glossaries"].split("  ")[0] == "glossaries"
    assert f'["zh-en-news", "{top / "house.yaml"}"]' in rows["glossaries"]
    assert rows["glossaries"].endswith(f"  {config} [tool.tqa]:2")
    assert rows["fail-under"].split() == ["fail-under", "90.0", f"{config}", "[tool.tqa]:3"]
    assert rows["min-severity"].split() == ["min-severity", '"major"', f"{config}", "[tool.tqa]:4"]
    assert rows["no-checks"].split() == ["no-checks", '["language"]', "command", "line"]
    assert rows["color"].split() == ["color", '"auto"', "command", "line"]
    assert rows["encoding"].split() == ["encoding", "(not", "set)", "default"]
    assert rows["format"].split() == ["format", "(not", "set)", "default"]
    # every setting check has, in the order of the key table, and only those
    parser = tqa.cli.build_parser()
    check = tqa.cli.config.setting_actions(tqa.cli.config.command_parsers(parser)["check"])
    assert list(rows) == [s.key for s in tqa.config.SETTINGS if s.dest in check]


def test_tqa_config_json(cli, top):
    config = write(top / "tqa.toml", 'format = "html"\nmin-severity = "critical"\n')
    run = cli("config", "--format", "json", "--fail-on", "minor")
    report = json.loads(run.out)
    assert (report["command"], report["config_file"], report["how"]) == ("check", str(config), "found")
    assert report["settings"]["format"] == {"value": "html", "origin": f"{config}:1", "file": str(config), "line": 1}
    assert report["settings"]["min-severity"]["value"] == "critical"
    assert report["settings"]["fail-on"] == {"value": "minor", "origin": "command line", "file": None, "line": None}
    assert report["settings"]["glossaries"] == {"value": None, "origin": "default", "file": None, "line": None}


def test_tqa_config_shows_later_options_and_severity_overrides_as_a_table(cli, top, later_options):
    config = write(top / "tqa.toml", 'severity-overrides = { "numbers.mismatch" = "minor" }\n')
    rows = {line.split()[0]: line for line in cli("config").out.splitlines()[1:]}
    assert rows["severity-overrides"].split() == ["severity-overrides", "{", '"numbers.mismatch"', "=", '"minor"',
                                                  "}", f"{config}:1"]
    assert rows["select"].split() == ["select", "(not", "set)", "default"]
    rows = {line.split()[0]: line for line in cli("config", "--select", "numbers").out.splitlines()[1:]}
    assert rows["select"].split() == ["select", '["numbers"]', "command", "line"]


def test_tqa_config_does_not_take_options_that_are_not_settings(cli, top):
    assert one_error(cli("config", "-o", "x.csv")) == "tqa: unrecognized arguments: -o x.csv"
    assert cli("check", "-o", "x.csv", "x.txt", "--isolated").code == 2  # the file is missing, the option is fine


def test_show_files_lists_every_directory_searched(cli, top):
    (top / "a" / "b").mkdir(parents=True)
    write(top / "a" / "pyproject.toml", "[project]\nname = 'x'\n")
    os.chdir(top / "a" / "b")
    run = cli("config", "--show-files")
    width = len(str(top / "a" / "b"))
    assert run.out.splitlines() == [
        "config file: none found",
        "searched, from the working directory up:",
        f"  {str(top / 'a' / 'b'):<{width}}  nothing",
        f"  {str(top / 'a'):<{width}}  pyproject.toml without [tool.tqa]: passed over",
        f"  {str(top):<{width}}  nothing",
        f"stopped at {top}: {CEILING_VARIABLE} names it",
    ]


def test_a_working_directory_that_was_removed_has_no_config(cli, top):
    (top / "gone").mkdir()
    os.chdir(top / "gone")
    (top / "gone").rmdir()
    run = cli("config", "--show-files")
    assert (run.code, run.out) == (0, "config file: none found\nno directory searched (the working directory no "
                                      "longer exists)\n")
    assert cli("config").code == 0


# --- where keys stand -----------------------------------------------------------------------------------------

def test_key_lines_follow_tables_dotted_and_quoted_keys_and_skip_multiline_strings():
    text = textwrap.dedent('''\
        title = """
        [tool.tqa]
        fail-on = "not a key"
        """
        [tool]
        other.min-severity = "major"
        "quoted.key" = 1

        [ tool . "tqa" ]   # a comment
        select = [
          "numbers",
        ]
        'fail-on' = "minor"
        note = \'\'\'a [table] "x" = 1\'\'\'

        [[tool.tqa.items]]
        name = "a"
    ''')
    assert tomllib.loads(text)["tool"]["tqa"]["fail-on"] == "minor"
    lines = key_lines(text)
    assert lines[("title",)] == 1
    assert lines[("tool",)] == 5
    assert lines[("tool", "other")] == lines[("tool", "other", "min-severity")] == 6
    assert lines[("tool", "quoted.key")] == 7
    assert lines[("tool", "tqa")] == 9
    assert lines[("tool", "tqa", "select")] == 10
    assert lines[("tool", "tqa", "fail-on")] == 13
    assert lines[("tool", "tqa", "note")] == 14
    assert ("numbers",) not in lines and ("tool", "tqa", "numbers") not in lines
    assert lines[("tool", "tqa", "items", "name")] == 17


def test_dotted_keys_under_tool_give_their_own_lines():
    text = '[tool]\nblack.line-length = 99\ntqa.fail-on = "major"\ntqa.glob = "*.en"\n'
    lines = key_lines(text)
    assert (lines[("tool", "tqa")], lines[("tool", "tqa", "fail-on")], lines[("tool", "tqa", "glob")]) == (3, 3, 4)


def test_a_config_file_with_a_byte_order_mark_is_read(cli, top):
    # Windows editors write one; it is not part of the TOML.
    config = top / "tqa.toml"
    config.write_bytes(b'\xef\xbb\xbf# house settings\nfail-on = "critical"\n')
    assert settings(cli)["fail-on"] == {"value": "critical", "origin": f"{config}:2", "file": str(config), "line": 2}
