"""tqa/output.py: an output that is one of the inputs is refused before anything is written (issue 9, item 5)."""

from __future__ import annotations

import os

import pytest

from helpers import MINI, REPO
from tqa.errors import TqaError
from tqa.output import refuse_inputs_as_outputs

REF_A = REPO / "tests" / "fixtures" / "mt" / "refs" / "ref_a.txt"
GOOD = REPO / "tests" / "fixtures" / "mt" / "systems" / "good.txt"


@pytest.fixture
def article(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.txt"
    path.write_text("The official micro-signal said so.\n", encoding="utf-8")
    return path


def refused(inputs, outputs, **kwargs) -> str:
    with pytest.raises(TqaError) as caught:
        refuse_inputs_as_outputs(inputs, outputs, **kwargs)
    return str(caught.value)


def test_outputs_that_are_not_inputs_pass(article):
    refuse_inputs_as_outputs(["a.txt", "-", "missing.txt"], ["out.csv", None, "-", "summary.csv"])


def test_the_input_itself_is_refused(article):
    assert refused(["b.txt", "a.txt"], [None, "a.txt"]) == "a.txt: is also an input; refusing to overwrite it"


@pytest.mark.parametrize("how", ["another-spelling", "symlink", "symlink-as-input", "hard-link"])
def test_the_input_under_another_name_is_refused(article, tmp_path, how):
    other = {"another-spelling": f"{tmp_path}/../{tmp_path.name}/a.txt", "symlink": "link.txt",
             "symlink-as-input": "link.txt", "hard-link": "hard.txt"}[how]
    if how.startswith("symlink"):
        (tmp_path / "link.txt").symlink_to(article)
    if how == "hard-link":
        os.link(article, "hard.txt")
    inputs, outputs = (["link.txt"], ["a.txt"]) if how == "symlink-as-input" else (["a.txt"], [other])
    assert refused(inputs, outputs) == (f"{outputs[0]}: is the same file as the input {inputs[0]}; "
                                        f"refusing to overwrite it")


def test_the_hint_follows_the_reason(article):
    assert refused(["a.txt"], ["a.txt"], hint="use --in-place") == (
        "a.txt: is also an input; refusing to overwrite it (use --in-place)")


def test_two_outputs_that_are_one_file_are_refused(article, tmp_path):
    assert refused(["a.txt"], ["report.csv", "./report.csv"]) == (
        "./report.csv: is also the output report.csv; refusing to write it twice")
    (tmp_path / "report.csv").write_text("old\n", encoding="utf-8")
    (tmp_path / "r.csv").symlink_to("report.csv")
    assert refused(["a.txt"], ["report.csv", "r.csv"]) == (
        "r.csv: is also the output report.csv; refusing to write it twice")


def test_devices_and_pipes_are_streams_not_files(article):
    # /dev/stdin and /dev/stdout are the same terminal in an interactive shell: reading one and writing the other
    # overwrites nothing.
    refuse_inputs_as_outputs(["/dev/null", "a.txt"], ["/dev/null", "/dev/null"])


def test_a_directory_input_is_left_to_the_walk(article, tmp_path):
    # Directories are expanded by the caller; the guard compares the files it is given.
    refuse_inputs_as_outputs([str(tmp_path)], ["report.csv"])


# --- wired into compare (fix: test_fix.py; check: the lead's) --------------------------------------------------

@pytest.mark.parametrize("which", ["system", "reference", "system-in-a-directory"])
def test_compare_refuses_to_write_over_an_input(cli, tmp_path, monkeypatch, which):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "systems").mkdir()
    system = tmp_path / "systems" / "good.txt"
    system.write_bytes(GOOD.read_bytes())
    (tmp_path / "ref.txt").write_bytes(REF_A.read_bytes())
    output, systems = {"system": ("systems/good.txt", "systems/good.txt"), "reference": ("ref.txt", "systems"),
                       "system-in-a-directory": ("systems/good.txt", "systems")}[which]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    run = cli("compare", "--ref", "ref.txt", systems, "-m", "bleu", "-g", MINI, "--format", "csv", "-o", output)
    assert (run.code, run.out) == (2, "")
    assert run.err_lines == [f"tqa: {output}: is also an input; refusing to overwrite it"]
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


# --- writing through a symbolic link ----------------------------------------------------------------------------

def test_an_output_that_is_a_symlink_writes_the_file_it_names_and_stays_a_link(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "today.txt").write_text("yesterday's report\n", encoding="utf-8")
    (tmp_path / "report.txt").symlink_to("reports/today.txt")
    (tmp_path / "a.txt").write_text("The official micro-signal said so.\n", encoding="utf-8")
    run = cli("fix", "a.txt", "-g", MINI, "-o", "report.txt")
    assert run.code == 0, run.err
    assert os.readlink("report.txt") == "reports/today.txt"
    assert (tmp_path / "reports" / "today.txt").read_text(encoding="utf-8") == "The official WeChat account said so.\n"
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["today.txt"]
