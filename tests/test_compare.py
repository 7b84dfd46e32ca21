"""``tqa compare`` (issue 4): several MT systems, one row each, tqa's findings beside BLEU, chrF and TER.

The test set is ``tests/fixtures/mt/``: 24 lines of a Chinese news bulletin (COVID-19 cases in Shanghai, a
reserve-ratio cut, fintech regulation) translated by four "systems" and by two human translators:

* ``systems/good.txt``    a careful translation, close to reference A;
* ``systems/plain.txt``   fluent and correct but worded differently;
* ``systems/literal.txt`` word-for-word MT with the glossary's classic errors ("new crown pneumonia",
  "official micro-signal", "subject group", "common debt", "Pay Treasure", "Byte Beat"…);
* ``systems/rough.txt``   broken MT, two segments left in Chinese.

Every metric number is checked against sacrebleu's own command line, run as a separate process.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest
import sacrebleu

import tqa

from helpers import FIXTURES, MINI, run_tqa

SACREBLEU = sacrebleu.__version__  # in the signatures sacrebleu prints

MT = FIXTURES / "mt"
REF_A = MT / "refs" / "ref_a.txt"
REF_B = MT / "refs" / "ref_b.txt"
SYSTEMS = MT / "systems"
GOOD, PLAIN, LITERAL, ROUGH = (SYSTEMS / f"{name}.txt" for name in ("good", "plain", "literal", "rough"))
ALL = [GOOD, LITERAL, ROUGH, PLAIN]
NAMES = {"BLEU": "bleu", "chrF2": "chrf", "TER": "ter"}


def sacrebleu(*args) -> str:
    proc = subprocess.run([sys.executable, "-m", "sacrebleu", *map(str, args)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def sacrebleu_scores() -> dict[str, dict[str, float]]:
    """{system path: {bleu, chrf, ter}} from ``sacrebleu A B -i SYS... -m bleu chrf ter -w 4 -f json``."""
    rows = json.loads(sacrebleu(REF_A, REF_B, "-i", *ALL, "-m", "bleu", "chrf", "ter", "-w", "4", "-f", "json"))
    return {row["system"]: {NAMES[k]: float(v) for k, v in row.items() if k in NAMES} for row in rows}


def paired_p_values(test: str, *systems, extra=()) -> dict[str, tuple[float, float]]:
    """{system: (BLEU p, chrF p)} from sacrebleu's paired test table; the first system is the baseline."""
    out = sacrebleu(REF_A, REF_B, "-i", *systems, "-m", "bleu", "chrf", f"--paired-{test}", *extra,
                    "-w", "4", "-f", "text")
    values: dict[str, tuple[float, float]] = {}
    lines = out.splitlines()
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.strip("│").split("│")]
        if len(cells) == 3 and cells[0].endswith(".txt") and not cells[0].startswith("Baseline:"):
            below = re.findall(r"\(p = ([0-9.]+)\)", lines[i + 1])
            assert len(below) == 2, lines[i + 1]
            values[cells[0]] = (float(below[0]), float(below[1]))
    assert len(values) == len(systems) - 1, out
    return values


def read_csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), keep_default_na=False)


def one_error_line(run) -> str:
    assert "Traceback" not in run.err
    assert len(run.err_lines) == 1, run.err
    return run.err_lines[0]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """``tqa compare --ref A --ref B good literal rough plain --format csv``, run as a user runs it."""
    proc = run_tqa("compare", "--ref", REF_A, "--ref", REF_B, *ALL, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    return read_csv(proc.stdout.decode("utf-8"))


# --- the table ------------------------------------------------------------------------------------------

def test_the_fixture_is_line_aligned():
    counts = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in [REF_A, REF_B, *ALL]}
    assert set(counts.values()) == {24}, counts


def test_compare_reproduces_sacrebleus_multi_system_scores(table, sacrebleu_scores):
    assert table["system"].tolist() == [str(p) for p in ALL]
    for _, row in table.iterrows():
        expected = sacrebleu_scores[row["system"]]
        for metric in ("bleu", "chrf", "ter"):
            assert round(float(row[metric]), 2) == round(expected[metric], 2), (row["system"], metric)


def test_the_fixture_systems_score_as_written(sacrebleu_scores):
    # Guards the fixture itself: the careful system is best, the broken one worst, on every metric.
    bleu = {path.split("/")[-1]: round(s["bleu"], 2) for path, s in sacrebleu_scores.items()}
    assert bleu == {"good.txt": 93.51, "literal.txt": 65.94, "rough.txt": 14.25, "plain.txt": 74.62}


def test_the_csv_has_a_system_column_and_lower_case_metric_columns(table):
    columns = list(table.columns)
    assert columns[0] == "system"
    for column in ("words", "findings", "minor", "major", "critical", "penalty_per_kword", "score",
                   "bleu", "chrf", "ter", "untranslated", "signature"):
        assert column in columns, column
    assert not {"BLEU", "chrF2", "chrF", "TER"} & set(columns)


def test_each_row_holds_the_systems_findings_and_score(table):
    rows = table.set_index("system")
    literal = rows.loc[str(LITERAL)]
    # The glossary's classic errors are in the literal system; the careful one has none.
    assert (int(rows.loc[str(GOOD), "findings"]), float(rows.loc[str(GOOD), "score"])) == (0, 100.0)
    assert int(literal["findings"]) == int(literal["minor"]) + int(literal["major"]) + int(literal["critical"])
    assert int(literal["critical"]) >= 2  # "new crown pneumonia", "Pay Treasure"
    assert int(literal["major"]) >= 8
    assert float(literal["score"]) < 100
    words = len(LITERAL.read_text(encoding="utf-8").split())
    assert int(literal["words"]) == words == 361
    # The two segments left in Chinese are counted as untranslated; no other system has any.
    assert rows["untranslated"].to_dict() == {str(GOOD): 0, str(LITERAL): 0, str(ROUGH): 2, str(PLAIN): 0}
    assert table["signature"].str.startswith("tqa:").all()


def test_sort_by_bleu_puts_the_best_first(cli):
    run = cli("compare", "--ref", REF_A, "--ref", REF_B, *ALL, "--format", "csv", "--sort", "bleu", "-m", "bleu")
    assert run.code == 0, run.err
    frame = read_csv(run.out)
    assert [s.split("/")[-1] for s in frame["system"]] == ["good.txt", "plain.txt", "literal.txt", "rough.txt"]
    assert frame["bleu"].is_monotonic_decreasing


def test_sort_by_ter_puts_the_lowest_first(cli):
    run = cli("compare", "--ref", REF_A, "--ref", REF_B, *ALL, "--format", "csv", "--sort", "ter")
    assert run.code == 0, run.err
    frame = read_csv(run.out)
    assert [s.split("/")[-1] for s in frame["system"]] == ["good.txt", "plain.txt", "literal.txt", "rough.txt"]
    assert frame["ter"].is_monotonic_increasing


def test_sort_by_penalty_puts_the_lowest_first(cli):
    run = cli("compare", "--ref", REF_A, *ALL, "--format", "csv", "--sort", "penalty_per_kword", "-m", "chrf")
    frame = read_csv(run.out)
    assert frame["penalty_per_kword"].is_monotonic_increasing
    assert frame["system"].tolist()[-2:] == [str(LITERAL), str(ROUGH)]


def test_json_has_every_system_and_the_signatures(cli, sacrebleu_scores):
    run = cli("compare", "--ref", REF_A, "--ref", REF_B, *ALL, "--format", "json")
    assert run.code == 0, run.err
    body = json.loads(run.out)
    assert body["references"] == [str(REF_A), str(REF_B)]
    assert body["signature"].startswith("tqa:")
    assert body["metric_signatures"]["bleu"] == f"nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:{SACREBLEU}"
    assert body["metric_signatures"]["ter"].startswith("nrefs:2|case:lc|tok:tercom|")
    systems = {row["system"]: row for row in body["systems"]}
    assert list(systems) == [str(p) for p in ALL]
    for name, expected in sacrebleu_scores.items():
        assert round(systems[name]["chrf"], 2) == round(expected["chrf"], 2)
    assert "significance" not in body


def test_text_output_is_a_table_with_the_signatures(cli):
    run = cli("compare", "--ref", REF_A, "--ref", REF_B, GOOD, ROUGH, "--sort", "bleu")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].split()[:2] == ["system", "words"] and "bleu" in lines[0].split()
    assert lines[1].split()[0] == str(GOOD) and lines[2].split()[0] == str(ROUGH)
    assert f"bleu: nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:{SACREBLEU}" in lines
    assert any(line.startswith("tqa: tqa:") for line in lines)


def test_a_directory_of_system_outputs(cli, tmp_path):
    run = cli("compare", "--ref", REF_A, "--ref", REF_B, SYSTEMS, "--format", "csv", "-m", "bleu")
    assert run.code == 0, run.err
    frame = read_csv(run.out)
    assert sorted(frame["system"].str.split("/").str[-1]) == ["good.txt", "literal.txt", "plain.txt", "rough.txt"]
    # The same numbers as naming the files.
    named = read_csv(cli("compare", "--ref", REF_A, "--ref", REF_B, *ALL, "--format", "csv", "-m", "bleu").out)
    assert (frame.set_index("system")["bleu"].sort_index().tolist()
            == named.set_index("system")["bleu"].sort_index().tolist())


def test_output_file(cli, tmp_path):
    out = tmp_path / "table.csv"
    run = cli("compare", "--ref", REF_A, GOOD, LITERAL, "--format", "csv", "-o", out, "-m", "chrf")
    assert run.code == 0, run.err
    assert run.out == ""
    frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert frame["system"].tolist() == [str(GOOD), str(LITERAL)]


# --- significance against a baseline ----------------------------------------------------------------------

def test_baseline_p_values_equal_sacrebleus_paired_bootstrap(cli):
    expected = paired_p_values("bs", PLAIN, GOOD, LITERAL, ROUGH)
    run = cli("compare", "--ref", REF_A, "--ref", REF_B, GOOD, LITERAL, ROUGH, PLAIN, "--baseline", "plain",
              "-m", "bleu,chrf", "--format", "json")
    assert run.code == 0, run.err
    body = json.loads(run.out)
    assert (body["baseline"], body["test"]) == (str(PLAIN), "bs")
    rows = {row["system"]: row for row in body["significance"]}
    assert rows[str(PLAIN)]["bleu_p"] is None and rows[str(PLAIN)]["chrf_p"] is None
    for system, (bleu_p, chrf_p) in expected.items():
        assert (rows[system]["bleu_p"], rows[system]["chrf_p"]) == (bleu_p, chrf_p), system
    # Not all trivially significant: the literal system is close to the plain one.
    assert expected[str(LITERAL)] == (0.011, 0.009)


def test_baseline_in_csv_has_p_values_and_intervals(cli):
    run = cli("compare", "--ref", REF_A, "--ref", REF_B, PLAIN, LITERAL, "--baseline", str(PLAIN),
              "-m", "bleu,chrf", "--format", "csv")
    assert run.code == 0, run.err
    frame = read_csv(run.out).set_index("system")
    for column in ("bleu_p", "bleu_ci", "chrf_p", "chrf_ci", "penalty_p", "penalty_ci"):
        assert column in frame.columns, column
    assert float(frame.loc[str(LITERAL), "bleu_p"]) == 0.011
    assert frame.loc[str(PLAIN), "bleu_p"] == ""  # the baseline is not compared with itself
    assert float(frame.loc[str(LITERAL), "bleu_ci"]) > 0
    # The tqa penalty's paired bootstrap: the literal system has findings, the plain one none.
    assert 0 < float(frame.loc[str(LITERAL), "penalty_p"]) <= 0.05


def test_paired_approximate_randomization_equals_sacrebleus(cli):
    expected = paired_p_values("ar", PLAIN, GOOD, LITERAL, extra=("--paired-ar-n", "2000"))
    run = cli("compare", "--ref", REF_A, "--ref", REF_B, PLAIN, GOOD, LITERAL, "--baseline", "plain",
              "--paired", "ar", "--paired-n", "2000", "-m", "bleu,chrf", "--format", "json")
    assert run.code == 0, run.err
    body = json.loads(run.out)
    assert body["test"] == "ar"
    rows = {row["system"]: row for row in body["significance"]}
    for system, (bleu_p, chrf_p) in expected.items():
        assert (rows[system]["bleu_p"], rows[system]["chrf_p"]) == (bleu_p, chrf_p), system


def test_paired_ar_runs_with_its_default_trials_and_text_output(cli):
    run = cli("compare", "--ref", REF_A, PLAIN, LITERAL, "--baseline", "plain", "--paired", "ar",
              "-m", "bleu,chrf")
    assert run.code == 0, run.err
    assert "approximate randomization" in run.out
    assert re.search(r"bleu_p", run.out)


def test_an_unknown_baseline_is_refused(cli):
    run = cli("compare", "--ref", REF_A, GOOD, LITERAL, "--baseline", "deepl", "-m", "bleu")
    assert run.code == 2
    line = one_error_line(run)
    assert "deepl" in line and "good.txt" in line
    assert run.out == ""


def test_a_system_with_a_missing_line_is_refused(cli, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("".join(GOOD.read_text(encoding="utf-8").splitlines(keepends=True)[:23]), encoding="utf-8")
    run = cli("compare", "--ref", REF_A, "--ref", REF_B, GOOD, short)
    assert run.code == 2
    line = one_error_line(run)
    assert "short.txt" in line and "23" in line and "24" in line
    assert run.out == ""


def test_references_of_different_lengths_are_refused(cli, tmp_path):
    ref = tmp_path / "ref_c.txt"
    ref.write_text("".join(REF_B.read_text(encoding="utf-8").splitlines(keepends=True)[1:]), encoding="utf-8")
    run = cli("compare", "--ref", REF_A, "--ref", ref, GOOD)
    assert run.code == 2
    assert "ref_c.txt" in one_error_line(run)


def test_a_missing_system_file_is_refused(cli, tmp_path):
    run = cli("compare", "--ref", REF_A, GOOD, tmp_path / "nope.txt")
    assert run.code == 2
    assert "nope.txt" in one_error_line(run)


def test_compare_with_a_small_glossary(cli, tmp_path):
    # The glossary decides the findings and score; the metrics stay sacrebleu's.
    run = cli("compare", "--ref", REF_A, LITERAL, "-g", MINI, "--format", "json", "-m", "bleu", "--no-check",
              "language")
    body = json.loads(run.out)
    row = body["systems"][0]
    assert "glossary:mini@2" in body["signature"]
    # mini.yaml knows "new crown pneumonia", "official micro-signal", "Central Bank of the Communist Party of
    # China", "subject group", "common debt" and "millet" (beside "company" and "smartphones").
    assert row["findings"] == 6
    assert (row["minor"], row["major"], row["critical"]) == (0, 5, 1)


def test_compare_does_not_modify_its_inputs(cli, tmp_path):
    copy = tmp_path / "systems"
    shutil.copytree(SYSTEMS, copy)
    before = {p.name: p.read_bytes() for p in copy.iterdir()}
    assert cli("compare", "--ref", REF_A, copy, "-m", "chrf").code == 0
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == before


# --- significance columns: only what was tested, in one order ----------------------------------------------

def significance_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c.endswith(("_p", "_ci"))]


def test_each_p_value_comes_before_its_interval_penalty_included(cli):
    run = cli("compare", "--ref", REF_A, PLAIN, LITERAL, "--baseline", "plain", "-m", "bleu,chrf",
              "--format", "csv")
    assert run.code == 0, run.err
    assert significance_columns(read_csv(run.out)) == [
        "bleu_p", "bleu_ci", "chrf_p", "chrf_ci", "penalty_p", "penalty_ci"]


def test_only_the_selected_metrics_get_significance_tests(cli):
    run = cli("compare", "--ref", REF_A, PLAIN, LITERAL, "--baseline", "plain", "-m", "bleu", "--format", "csv")
    assert run.code == 0, run.err
    assert significance_columns(read_csv(run.out)) == ["bleu_p", "bleu_ci", "penalty_p", "penalty_ci"]
    run = cli("compare", "--ref", REF_A, PLAIN, LITERAL, "--baseline", "plain", "-m", "bleu", "--format", "json")
    rows = json.loads(run.out)["significance"]
    assert all(not key.startswith("chrf") for row in rows for key in row), rows
    text = cli("compare", "--ref", REF_A, PLAIN, LITERAL, "--baseline", "plain", "-m", "bleu").out
    assert "chrf" not in text


def test_ter_gets_a_test_when_it_is_selected_as_in_sacrebleu(cli):
    run = cli("compare", "--ref", REF_A, PLAIN, LITERAL, "--baseline", "plain", "-m", "ter", "--format", "csv")
    assert run.code == 0, run.err
    frame = read_csv(run.out)
    assert significance_columns(frame) == ["ter_p", "ter_ci", "penalty_p", "penalty_ci"]
    literal = frame.set_index("system").loc[str(LITERAL)]
    out = sacrebleu(REF_A, "-i", PLAIN, LITERAL, "-m", "ter", "--paired-bs", "-w", "4", "-f", "text")
    assert re.findall(r"\(p = ([0-9.]+)\)", out) == [f"{float(literal['ter_p']):.4f}"]
    assert f"± {float(literal['ter_ci']):.4f})" in out


def test_approximate_randomization_has_no_interval_columns(cli):
    # sacrebleu's approximate randomization gives p-values only; no column is left holding "None".
    args = ("compare", "--ref", REF_A, PLAIN, LITERAL, "--baseline", "plain", "--paired", "ar",
            "--paired-n", "500", "-m", "bleu,chrf")
    csv_run = cli(*args, "--format", "csv")
    assert csv_run.code == 0, csv_run.err
    assert significance_columns(read_csv(csv_run.out)) == ["bleu_p", "chrf_p", "penalty_p"]
    rows = json.loads(cli(*args, "--format", "json").out)["significance"]
    assert all(not key.endswith("_ci") for row in rows for key in row), rows
    text = cli(*args).out
    assert "None" not in text and "_ci" not in text and "CI" not in text
    assert "approximate randomization; p-values" in text


def approximate_randomization_p(baseline: list[tuple[float, int]], system: list[tuple[float, int]],
                                trials: int, seed: int = 12345) -> float:
    """The penalty per 1,000 words under approximate randomization, written out segment by segment: each
    trial swaps every segment's (penalty, words) between the two systems with probability 1/2 (the same
    draws as sacrebleu's: ``default_rng(seed).integers(2, size=(trials, segments), dtype=bool)``)."""
    import numpy as np

    def per_kword(stats):
        words = sum(w for _, w in stats)
        return 1000 * sum(p for p, _ in stats) / words if words else 0.0

    swap = np.random.default_rng(seed).integers(2, size=(trials, len(baseline)), dtype=bool)
    real = abs(per_kword(system) - per_kword(baseline))
    beyond = 0
    for row in swap:
        one = [base if keep else other for keep, base, other in zip(row, baseline, system)]
        two = [other if keep else base for keep, base, other in zip(row, baseline, system)]
        beyond += abs(per_kword(one) - per_kword(two)) > real
    return (beyond + 1) / (trials + 1)


def test_under_approximate_randomization_the_penalty_is_tested_the_same_way(cli):
    import tqa

    comparison = tqa.compare_systems([(str(PLAIN), PLAIN.read_text(encoding="utf-8")),
                                      (str(LITERAL), LITERAL.read_text(encoding="utf-8"))],
                                     [REF_A.read_text(encoding="utf-8").splitlines()],
                                     baseline="plain", test="ar", n_samples=300, metric_names=("bleu",))

    def stats(system):
        lines = system.lines
        penalty = [0.0] * len(lines)
        for finding in system.result.findings:
            penalty[finding.line - 1] += finding.penalty
        return [(p, len(line.split())) for p, line in zip(penalty, lines)]

    plain, literal = comparison.systems
    expected = approximate_randomization_p(stats(plain), stats(literal), 300)
    row = {r["system"]: r for r in comparison.significance}[str(LITERAL)]
    assert row["penalty_p"] == round(expected, 4)
    assert row["penalty_p"] <= 0.05  # the literal system's glossary errors are not chance


def test_a_system_named_like_a_formula_keeps_its_p_values(cli, tmp_path, monkeypatch):
    # The names are neutralised for spreadsheets after the significance columns are joined, not before.
    for prefix in "=-+@":
        shutil.copy(LITERAL, tmp_path / f"{prefix}literal.txt")
    shutil.copy(PLAIN, tmp_path / "plain.txt")
    monkeypatch.chdir(tmp_path)
    run = cli("compare", "--ref", REF_A, "--baseline", "plain", "-m", "bleu", "--format", "csv",
              "--", "plain.txt", "=literal.txt", "-literal.txt", "+literal.txt", "@literal.txt")
    assert run.code == 0, run.err
    frame = read_csv(run.out).set_index("system")
    for prefix in "=-+@":
        row = frame.loc[f"'{prefix}literal.txt"]
        assert row["bleu_p"] != "" and row["penalty_p"] != "", prefix
    assert frame.loc["plain.txt", "bleu_p"] == ""  # the baseline


def test_the_same_system_given_twice_is_refused(cli):
    run = cli("compare", "--ref", REF_A, PLAIN, LITERAL, PLAIN, "-m", "bleu")
    assert run.code == 2
    assert one_error_line(run) == f"tqa: system {PLAIN} given twice"
    assert run.out == ""


# --- bad options: one line, exit 2 --------------------------------------------------------------------------

def test_sorting_by_a_metric_that_is_not_computed_is_refused(cli):
    run = cli("compare", "--ref", REF_A, PLAIN, "--sort", "ter", "-m", "bleu")
    assert run.code == 2
    line = one_error_line(run)
    assert "--sort ter" in line and "-m" in line
    assert run.out == ""


@pytest.mark.parametrize("value", ["-5", "0"])
def test_a_number_of_resamples_that_is_not_positive_is_refused(cli, value):
    run = cli("compare", "--ref", REF_A, PLAIN, LITERAL, "--baseline", "plain", "-m", "bleu", "--paired-n", value)
    assert run.code == 2
    line = one_error_line(run)
    assert "--paired-n" in line and value in line
    assert run.out == ""


# --- the Python API ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def api_comparison():
    """``tqa.compare_systems`` as the README shows it: (name, text) pairs and reference lines, nothing else."""
    import tqa

    systems = [(path.stem, path.read_text(encoding="utf-8")) for path in (PLAIN, LITERAL)]
    return tqa.compare_systems(systems, [REF_A.read_text(encoding="utf-8").splitlines()],
                               metric_names=("bleu", "chrf"), baseline="plain")


def test_compare_systems_needs_only_the_systems_and_references(api_comparison):
    import tqa

    frame = api_comparison.to_frame(sort="bleu")
    assert frame["system"].tolist() == ["plain", "literal"]
    assert list(frame.columns)[:2] == ["system", "words"] and "bleu" in frame.columns
    # The same checks as tqa.analyze with its defaults: the same findings.
    literal = LITERAL.read_text(encoding="utf-8")
    assert frame.set_index("system").loc["literal", "findings"] == len(tqa.analyze(literal).findings)


def test_comparison_and_document_result_share_to_frame(api_comparison):
    import tqa

    assert hasattr(api_comparison, "to_frame") and hasattr(tqa.analyze("text"), "to_frame")
    assert not hasattr(api_comparison, "frame")


def test_a_comparison_prints_in_one_short_line(api_comparison):
    assert repr(api_comparison) == ("Comparison(systems=['plain', 'literal'], metrics=['bleu', 'chrf'], "
                                    "baseline='plain', test='bs')")


def test_the_same_system_given_twice_is_refused_by_the_api():
    import tqa
    from tqa.errors import TqaError

    text = PLAIN.read_text(encoding="utf-8")
    with pytest.raises(TqaError, match=r"^system plain given twice$"):
        tqa.compare_systems([("plain", text), ("plain", text)], [REF_A.read_text(encoding="utf-8").splitlines()],
                            metric_names=("bleu",))


def test_sorting_by_a_metric_that_is_not_computed_is_refused_by_the_api(api_comparison):
    from tqa.errors import TqaError

    with pytest.raises(TqaError, match="ter"):
        api_comparison.to_frame(sort="ter")


@pytest.mark.parametrize("n", [0, -5])
def test_a_number_of_resamples_that_is_not_positive_is_refused_by_the_api(n):
    import tqa
    from tqa.errors import TqaError

    systems = [(path.stem, path.read_text(encoding="utf-8")) for path in (PLAIN, LITERAL)]
    with pytest.raises(TqaError, match=str(n)):
        tqa.compare_systems(systems, [REF_A.read_text(encoding="utf-8").splitlines()], baseline="plain",
                            n_samples=n, metric_names=("bleu",))


# --- without a reference: the source and the tqa score alone -----------------------------------------------

def test_compare_with_the_source_and_no_reference_ranks_by_the_tqa_score(cli, tmp_path):
    from helpers import FIXTURES

    bilingual = FIXTURES / "bilingual"
    good = tmp_path / "fixed.en"
    good.write_text(tqa.fix_file(str(bilingual / "wmt22-excerpt.en")).result.text, encoding="utf-8")
    raw = tmp_path / "raw.en"
    raw.write_bytes((bilingual / "wmt22-excerpt.en").read_bytes())
    run = cli("compare", "--source", bilingual / "wmt22-excerpt.zh", raw, good, "--baseline", "raw.en",
              "--format", "csv")
    assert run.code == 0, run.err
    frame = read_csv(run.out)
    assert [name.rsplit("/", 1)[-1] for name in frame["system"]] == ["fixed.en", "raw.en"]  # best score first
    assert "bleu" not in frame.columns and "chrf" not in frame.columns
    assert frame["score"].iloc[0] > frame["score"].iloc[1]
    assert frame["penalty_p"].iloc[0] != "" and frame["penalty_ci"].iloc[0] != ""


def test_a_metric_cannot_be_sorted_on_without_a_reference(cli, tmp_path):
    from helpers import FIXTURES

    run = cli("compare", "--source", FIXTURES / "bilingual" / "wmt22-excerpt.zh",
              FIXTURES / "bilingual" / "wmt22-excerpt.en", "--sort", "bleu")
    assert run.code == 2
    assert one_error_line(run) == "tqa: --sort bleu: there is no reference to compute bleu with; give --ref"


def test_a_source_of_another_length_than_a_system_is_refused(cli, tmp_path):
    from helpers import FIXTURES

    short = tmp_path / "short.zh"
    short.write_text("一行\n", encoding="utf-8")
    run = cli("compare", "--source", short, FIXTURES / "bilingual" / "wmt22-excerpt.en")
    assert run.code == 2
    assert f"30 lines, but the source {short} has 1;" in one_error_line(run)


def test_untranslated_counts_chinese_copied_from_the_source_as_well(cli, tmp_path):
    (tmp_path / "src.zh").write_text("他们买了。\n今天这次是最差的体验。\n收到了\n", encoding="utf-8")
    (tmp_path / "copied.en").write_text("They bought it.\n今天这次是最差的体验。\n收到了\n", encoding="utf-8")
    (tmp_path / "done.en").write_text("They bought it.\nThis was the worst time yet.\nReceived.\n", encoding="utf-8")
    run = cli("compare", "--source", tmp_path / "src.zh", tmp_path / "copied.en", tmp_path / "done.en",
              "--format", "csv")
    assert run.code == 0, run.err
    frame = read_csv(run.out)
    counts = {name.rsplit("/", 1)[-1]: n for name, n in zip(frame["system"], frame["untranslated"])}
    assert counts == {"copied.en": 2, "done.en": 0}
