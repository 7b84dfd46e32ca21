"""Start-up: a ``tqa check`` of one paragraph (what an editor or a pre-commit hook runs) imports only what it
uses. pandas is for the API's DataFrames, sacrebleu for a reference, numpy for long texts, jieba, pypinyin and
cn2an for the checks that read a source: none of them for a paragraph of plain text. Each probe runs in a
fresh interpreter, since this test process has imported everything already."""

from __future__ import annotations

import subprocess
import sys

import pytest

NOT_FOR_A_PARAGRAPH = ("pandas", "sacrebleu", "numpy", "jieba", "pypinyin", "cn2an", "lxml")


def _imported_after(code: str) -> set[str]:
    probe = code + f"\nimport sys\nprint(','.join(m for m in {NOT_FOR_A_PARAGRAPH!r} if m in sys.modules))\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return {m for m in done.stdout.strip().splitlines()[-1].split(",") if m} if done.stdout.strip() else set()


def test_importing_the_command_line_imports_no_heavy_package():
    assert _imported_after("import tqa.cli") == set()


def test_importing_tqa_imports_no_heavy_package_until_the_api_is_used():
    assert _imported_after("import tqa") == set()
    # The API is still all there, imported on first use.
    assert "pandas" in _imported_after("import tqa\ntqa.analyze('posted on the official micro-signal').to_frame()")


def test_checking_a_paragraph_imports_no_heavy_package(tmp_path):
    paragraph = tmp_path / "paragraph.txt"
    paragraph.write_text("On Friday, the Central Bank of the Communist Party of China (CPC) released an article "
                         "suggesting that data from large Internet platforms be regulated.\nThe article was posted "
                         "on the official micro-signal of the CPC Central Bank.\n", encoding="utf-8")
    code = ("import contextlib, io, runpy, sys\n"
            f"sys.argv = ['tqa', 'check', {str(paragraph)!r}]\n"
            "out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out):\n"
            "    try:\n        runpy.run_module('tqa', run_name='__main__')\n    except SystemExit as exit:\n"
            "        assert exit.code == 1, exit.code  # the paragraph has a major finding\n"
            "assert 'official micro-signal' in out.getvalue()\n")
    assert _imported_after(code) == set()


def test_checking_a_clean_paragraph_imports_no_heavy_package(tmp_path):
    """A file without findings (a pre-commit hook's usual case): its summary is printed without pandas too."""
    paragraph = tmp_path / "clean.txt"
    paragraph.write_text("The market opened on time, and the weather was fine.\n", encoding="utf-8")
    code = ("import contextlib, io, runpy, sys\n"
            f"sys.argv = ['tqa', 'check', {str(paragraph)!r}]\n"
            "out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out):\n"
            "    try:\n        runpy.run_module('tqa', run_name='__main__')\n    except SystemExit as exit:\n"
            "        assert exit.code == 0, exit.code\n"
            "assert 'clean.txt' in out.getvalue()\n")
    assert _imported_after(code) == set()


def test_a_reference_imports_sacrebleu_and_nothing_else_heavy(tmp_path):
    text = tmp_path / "text.txt"
    text.write_text("The official micro-signal of the bank.\n", encoding="utf-8")
    reference = tmp_path / "ref.txt"
    reference.write_text("The official WeChat account of the bank.\n", encoding="utf-8")
    code = ("import contextlib, io, runpy, sys\n"
            f"sys.argv = ['tqa', 'check', {str(text)!r}, '--ref', {str(reference)!r}, '-m', 'bleu']\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        runpy.run_module('tqa', run_name='__main__')\n    except SystemExit:\n        pass\n")
    assert "sacrebleu" in _imported_after(code)


# --- what a paragraph's check leaves alone ---------------------------------------------------------------------

PARAGRAPH = ("On Friday, the Central Bank of the Communist Party of China (CPC) released an article suggesting that "
             "data from large Internet platforms be regulated.\nThe article was posted on the official micro-signal "
             "of the CPC Central Bank.\n")


def _tqa_modules_after(argv: list[str], cwd=None) -> set[str]:
    """The tqa modules (and langdetect, tomllib) a fresh interpreter has imported after ``tqa ARGV``."""
    code = ("import contextlib, io, runpy, sys\n"
            f"sys.argv = ['tqa', *{argv!r}]\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        runpy.run_module('tqa', run_name='__main__')\n    except SystemExit:\n        pass\n"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('tqa', 'langdetect', 'tomllib'))))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.strip().splitlines()[-1].split(","))


def test_a_paragraphs_check_imports_no_other_command_format_or_reader(tmp_path):
    """The parser of ``check`` alone is built, the text renderer and the plain-text reader alone are imported,
    and nothing of the API a check does not use (fix, compare, metrics, mine, review, term bases, YAML)."""
    paragraph = tmp_path / "paragraph.txt"
    paragraph.write_text(PARAGRAPH, encoding="utf-8")
    modules = _tqa_modules_after(["check", str(paragraph)], cwd=tmp_path)
    assert {"tqa.cli.check", "tqa.report.text", "tqa.readers.text", "tqa.checks.glossary"} <= modules
    other_commands = {f"tqa.cli.{name}" for name in ("baseline", "compare", "fix", "glossary", "mine", "review",
                                                      "rules")}
    other_formats = {f"tqa.report.{name}" for name in ("csv", "json", "html", "annotated", "concise", "github",
                                                        "sarif", "statistics")}
    other_readers = {f"tqa.readers.{name}" for name in ("xliff", "tmx", "po", "tabular")}
    unused = {"tqa.fix", "tqa.compare", "tqa.metrics", "tqa.mine", "tqa.review", "tqa.termbase", "tqa.glossary_yaml",
              "tqa.dask", "tqa.writeback", "tqa.checks.names"}
    assert modules & (other_commands | other_formats | other_readers | unused) == set()


def test_checks_not_run_are_not_imported(tmp_path):
    paragraph = tmp_path / "paragraph.txt"
    paragraph.write_text(PARAGRAPH, encoding="utf-8")
    modules = _tqa_modules_after(["check", str(paragraph), "--only-check", "glossary", "--format", "csv"],
                                 cwd=tmp_path)
    assert {"tqa.checks.glossary", "tqa.report.csv"} <= modules
    # (tqa.checks.language is imported by the pipeline, for the target language; langdetect is not.)
    others = {f"tqa.checks.{name}" for name in ("residue", "copies", "tags", "punctuation", "consistency",
                                                 "numbers", "omission", "names")}
    assert modules & (others | {"tqa.report.text", "langdetect"}) == set()


def test_a_pyproject_without_tqa_settings_is_parsed_once(tmp_path):
    """The verdict on a pyproject.toml without [tool.tqa] is kept by its bytes: the next run does not import the
    TOML parser; new bytes are read again."""
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "{tmp_path.name}"\n', encoding="utf-8")
    paragraph = tmp_path / "paragraph.txt"
    paragraph.write_text(PARAGRAPH, encoding="utf-8")
    assert "tomllib" in _tqa_modules_after(["check", str(paragraph)], cwd=tmp_path)
    assert "tomllib" not in _tqa_modules_after(["check", str(paragraph)], cwd=tmp_path)
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "{tmp_path.name}-2"\n', encoding="utf-8")
    assert "tomllib" in _tqa_modules_after(["check", str(paragraph)], cwd=tmp_path)


# --- the registries and the parsers built for one command --------------------------------------------------------

def test_the_registries_describe_each_builtin_as_its_class_does():
    """What the registries of checks, renderers and readers say of a built-in without importing its module is what
    the class itself says: a class that changes its name, default, suffixes or extensions fails here."""
    import tqa.checks
    import tqa.readers
    import tqa.report

    checks = tqa.checks.registered()[:len(tqa.checks.BUILTIN)]
    assert [(c.name, tqa.checks.on_by_default(c)) for c in checks] == list(tqa.checks.BUILTIN_INFO)
    renderers = tqa.report.registered()[:len(tqa.report.BUILTIN)]
    assert [(r.name, tuple(r.extensions), r.spreadsheet) for r in renderers] == list(tqa.report.BUILTIN_INFO)
    readers = tqa.readers.registered()[:len(tqa.readers.BUILTIN)]
    assert [(r.name, tuple(r.suffixes), r.in_directories) for r in readers] == list(tqa.readers.BUILTIN_INFO)


def _help(parser, *path: str) -> str:
    from tqa.cli.config import command_parsers

    for name in path:
        parser = command_parsers(parser)[name]
    return parser.format_help()


def test_the_parser_of_one_command_is_the_same_as_in_the_parser_of_all(monkeypatch):
    """A run builds its own command's parser alone: each command's help (its options, their order, groups and
    defaults) is the same as in the parser of every command, and ``tqa --help`` lists every command."""
    import tqa.cli

    monkeypatch.setenv("COLUMNS", "100")
    whole = tqa.cli.build_parser()
    for command in tqa.cli.COMMANDS:
        alone = tqa.cli.build_parser(command)
        assert _help(alone, command) == _help(whole, command), command
    for action in ("list", "validate", "test", "stats", "import", "merge"):
        assert _help(tqa.cli.build_parser("glossary"), "glossary", action) == _help(whole, "glossary", action)
    listed = _help(whole)
    assert all(f"    {command} " in listed for command in tqa.cli.COMMANDS)
    assert tqa.cli.build_parser("no-such-command").format_help() == listed


def test_help_and_mistyped_commands_print_what_the_whole_parser_prints(capsys, monkeypatch):
    import tqa.cli

    monkeypatch.setenv("COLUMNS", "100")
    whole = tqa.cli.build_parser()
    with pytest.raises(SystemExit):
        tqa.cli.main(["--help"])
    assert capsys.readouterr().out == _help(whole)
    with pytest.raises(SystemExit):
        tqa.cli.main(["check", "--help"])
    assert capsys.readouterr().out == _help(whole, "check")
    assert tqa.cli.main(["chek", "a.txt"]) == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'chek'" in error and "'check'" in error and "'config'" in error


def test_a_run_collects_young_garbage_less_often_and_gives_the_thresholds_back(monkeypatch):
    """The youngest generation is collected after 10,000 allocations during a run (a run makes millions of objects
    and hardly any cycles), and the thresholds are given back when it ends, for a caller of ``main`` in process."""
    import gc

    import tqa.cli

    during = []
    monkeypatch.setattr(tqa.cli, "_run", lambda parser, argv: during.append(gc.get_threshold()) or 0)
    before = gc.get_threshold()
    assert tqa.cli.main(["check", "x.txt"]) == 0
    assert during == [(10_000, *before[1:])]
    assert gc.get_threshold() == before
