"""Reference metrics (issue 4): ``tqa check HYP --ref REF`` gives sacrebleu's BLEU, chrF and TER.

The expected numbers come from sacrebleu itself, through its command line run as a separate process
(``python -m sacrebleu REF -i HYP -m bleu chrf ter -w 4 -f json``), never from tqa's own code, so a tqa
that read the files differently (line splitting, a BOM, trailing blanks) or passed other options would fail.
Files are line-aligned: the seed article and its human post-edit.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

import sacrebleu
import tqa
from helpers import MINI, SEED, SEED_REF, only_the_gate_failed, read_text, run_tqa
from sacrebleu.metrics import CHRF

SACREBLEU = sacrebleu.__version__  # in the signatures sacrebleu prints

#: tqa's metric names and sacrebleu's JSON names for them.
NAMES = {"bleu": "BLEU", "chrf": "chrF2", "ter": "TER"}


def sacrebleu_cli(refs, hyp, *options) -> dict[str, dict]:
    """sacrebleu's own command line: {tqa metric name: {"score": float, "signature": str}}."""
    proc = subprocess.run(
        [sys.executable, "-m", "sacrebleu", *map(str, refs), "-i", str(hyp), "-m", "bleu", "chrf", "ter",
         "-w", "4", "-f", "json", *options],
        capture_output=True, text=True, timeout=120, check=True)
    by_name = {entry["name"]: entry for entry in json.loads(proc.stdout)}
    return {ours: {"score": float(by_name[theirs]["score"]), "signature": by_name[theirs]["signature"]}
            for ours, theirs in NAMES.items()}


@pytest.fixture(scope="module")
def sacrebleu_seed() -> dict[str, dict]:
    return sacrebleu_cli([SEED_REF], SEED)


def read_csv(source) -> pd.DataFrame:
    if isinstance(source, str):
        source = io.StringIO(source)
    return pd.read_csv(source, keep_default_na=False, encoding="utf-8-sig")


def one_error_line(run) -> str:
    assert "Traceback" not in run.err
    assert len(run.err_lines) == 1, run.err
    return run.err_lines[0]


# --- the scores equal sacrebleu's -----------------------------------------------------------------------------

def test_the_seeds_scores_are_the_ones_sacrebleu_prints(sacrebleu_seed):
    # The seed article against its post-edit: what sacrebleu's own CLI printed when these tests were written.
    assert {name: round(m["score"], 2) for name, m in sacrebleu_seed.items()} == {
        "bleu": 48.38, "chrf": 74.25, "ter": 40.73}


def test_check_with_a_reference_prints_bleu_chrf_and_ter_with_their_signatures(sacrebleu_seed):
    proc = run_tqa("check", SEED, "--ref", SEED_REF)  # as a user runs it, default text output
    out = proc.stdout.decode("utf-8")
    assert only_the_gate_failed(proc.returncode, proc.stderr), proc.stderr
    for name, label in (("bleu", "BLEU"), ("chrf", "chrF2"), ("ter", "TER")):
        expected = sacrebleu_seed[name]
        assert f"{label} = {expected['score']:.2f}" in out, name
        assert f"signature: {expected['signature']}" in out, name


def test_the_json_report_holds_each_metric_with_sacrebleus_score_and_signature(cli, sacrebleu_seed):
    run = cli("check", SEED, "--ref", SEED_REF, "--format", "json")
    assert only_the_gate_failed(run.code, run.err), run.err  # the seed's major findings
    document = json.loads(run.out)["documents"][0]
    metrics = document["metrics"]
    assert set(metrics) == {"bleu", "chrf", "ter"}
    for name, expected in sacrebleu_seed.items():
        assert round(metrics[name]["score"], 2) == round(expected["score"], 2), name
        assert metrics[name]["signature"] == expected["signature"], name
    assert metrics["bleu"]["signature"] == f"nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:{SACREBLEU}"
    assert metrics["bleu"]["text"].startswith("BLEU = 48.38 ")


def test_the_python_api_scores_equal_sacrebleus_python_api():
    from sacrebleu.metrics import BLEU, TER

    from tqa.metrics import corpus_scores, split_lines

    hyp = split_lines(read_text(SEED))
    ref = split_lines(read_text(SEED_REF))
    ours = corpus_scores(hyp, [ref])
    for name, metric in (("bleu", BLEU()), ("chrf", CHRF()), ("ter", TER())):
        theirs = metric.corpus_score(hyp, [ref])
        assert round(ours[name].score, 2) == round(theirs.score, 2), name
        assert ours[name].signature == str(metric.get_signature()), name


def test_the_summary_csv_gains_bleu_chrf_and_ter_columns(cli, tmp_path, sacrebleu_seed):
    summary = tmp_path / "summary.csv"
    run = cli("check", SEED, "--ref", SEED_REF, "--format", "csv", "--summary", summary)
    assert only_the_gate_failed(run.code, run.err), run.err  # the seed's major findings
    frame = read_csv(summary)
    assert len(frame) == 1
    columns = list(frame.columns)
    assert columns[:9] == ["doc", "words", "segments", "findings", "minor", "major", "critical", "penalty", "score"]
    assert {"bleu", "chrf", "ter"} <= set(columns)
    for name, expected in sacrebleu_seed.items():
        assert round(float(frame[name][0]), 2) == round(expected["score"], 2), name
    # Without a reference there are no metric columns at all.
    plain = tmp_path / "plain.csv"
    run = cli("check", SEED, "--format", "csv", "--summary", plain)
    assert only_the_gate_failed(run.code, run.err), run.err
    assert not {"bleu", "chrf", "ter"} & set(read_csv(plain).columns)


def test_the_segments_csv_has_the_chrf_of_every_line(cli, tmp_path):
    segments = tmp_path / "segments.csv"
    run = cli("check", SEED, "--ref", SEED_REF, "--format", "csv", "--segments", segments)
    assert only_the_gate_failed(run.code, run.err), run.err  # the seed's major findings
    frame = read_csv(segments)
    hyp = read_text(SEED).split("\n")
    ref = read_text(SEED_REF).split("\n")[:-1]  # the text after the final newline is not a line
    assert len(hyp) == len(ref) == 12  # the seed has no final newline, the post-edit an empty last line
    assert frame["line"].tolist() == list(range(1, 13))
    chrf = CHRF()
    expected = [round(chrf.sentence_score(h, [r]).score, 2) for h, r in zip(hyp, ref)]
    assert [round(float(c), 2) for c in frame["chrf"]] == expected
    # The last line, "Recent Comments", has no counterpart in the post-edit: chrF 0.
    assert expected[-1] == 0.0
    assert frame["words"].tolist()[-1] == 2


def test_two_references_are_scored_together(cli, tmp_path):
    # A second reference: the post-edit with "People's Bank of China" shortened to "PBOC".
    second = tmp_path / "ref2.txt"
    second.write_text(read_text(SEED_REF).replace("People's Bank of China", "PBOC"), encoding="utf-8")
    expected = sacrebleu_cli([SEED_REF, second], SEED)
    run = cli("check", SEED, "--ref", SEED_REF, "--ref", second, "--format", "json")
    assert only_the_gate_failed(run.code, run.err), run.err  # the seed's major findings
    metrics = json.loads(run.out)["documents"][0]["metrics"]
    for name in NAMES:
        assert round(metrics[name]["score"], 2) == round(expected[name]["score"], 2), name
        assert metrics[name]["signature"] == expected[name]["signature"], name
    assert metrics["bleu"]["signature"].startswith("nrefs:2|")


def test_metrics_chooses_which_scores_to_compute(cli):
    run = cli("check", SEED, "--ref", SEED_REF, "-m", "chrf", "--format", "json")
    assert only_the_gate_failed(run.code, run.err), run.err  # the seed's major findings
    assert list(json.loads(run.out)["documents"][0]["metrics"]) == ["chrf"]
    bad = cli("check", SEED, "--ref", SEED_REF, "-m", "meteor")
    assert bad.code == 2
    assert "meteor" in one_error_line(bad)


# --- options passed through to sacrebleu ------------------------------------------------------------------

def test_lowercase_changes_bleu_as_sacrebleu_lc_does(cli):
    cased = sacrebleu_cli([SEED_REF], SEED)
    # sacrebleu's -lc lowercases BLEU only; its chrF has its own --chrf-lowercase. tqa's --lowercase does both.
    lowered = sacrebleu_cli([SEED_REF], SEED, "-lc", "--chrf-lowercase")
    run = cli("check", SEED, "--ref", SEED_REF, "--lowercase", "--format", "json")
    assert only_the_gate_failed(run.code, run.err), run.err  # the seed's major findings
    metrics = json.loads(run.out)["documents"][0]["metrics"]
    assert round(lowered["bleu"]["score"], 2) == 50.27 != round(cased["bleu"]["score"], 2)
    for name in NAMES:
        assert round(metrics[name]["score"], 2) == round(lowered[name]["score"], 2), name
        assert metrics[name]["signature"] == lowered[name]["signature"], name
    assert "|case:lc|" in metrics["bleu"]["signature"]


def test_tokenize_passes_through_to_sacrebleu(cli):
    expected = sacrebleu_cli([SEED_REF], SEED, "-tok", "char")
    run = cli("check", SEED, "--ref", SEED_REF, "--tokenize", "char", "--format", "json")
    assert only_the_gate_failed(run.code, run.err), run.err  # the seed's major findings
    bleu = json.loads(run.out)["documents"][0]["metrics"]["bleu"]
    assert round(bleu["score"], 2) == round(expected["bleu"]["score"], 2) == 75.84
    assert bleu["signature"] == expected["bleu"]["signature"]
    assert "|tok:char|" in bleu["signature"]


def test_an_unknown_tokenizer_is_refused(cli):
    run = cli("check", SEED, "--ref", SEED_REF, "--tokenize", "moses")
    assert run.code == 2
    line = one_error_line(run)
    assert "moses" in line and "13a" in line
    assert run.out == ""


# --- bad references: one clear line, exit 2 -------------------------------------------------------------

def test_a_reference_with_fewer_lines_is_refused(cli, tmp_path):
    short = tmp_path / "short.ref.txt"
    short.write_text("\n".join(read_text(SEED_REF).split("\n")[:5]) + "\n", encoding="utf-8")
    run = cli("check", SEED, "--ref", short)
    assert run.code == 2
    line = one_error_line(run)
    assert "12" in line and "5" in line and "short.ref.txt" in line


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"], ids=["empty", "blank-lines"])
def test_an_empty_reference_is_refused(cli, tmp_path, content):
    empty = tmp_path / "empty.ref.txt"
    empty.write_bytes(content)
    run = cli("check", SEED, "--ref", empty)
    assert run.code == 2
    assert "empty" in one_error_line(run)


@pytest.mark.parametrize(("kind", "message"), [
    ("missing", "no such file"), ("directory", "is a directory"), ("binary", "binary"),
    ("not-utf-8", "utf-8")])
def test_an_unreadable_reference_is_refused(cli, tmp_path, kind, message):
    path = tmp_path / "ref.txt"
    args = []
    if kind == "directory":
        path.mkdir()
    elif kind == "binary":
        path.write_bytes(b"PK\x03\x04\x00\x00binary")
    elif kind == "not-utf-8":  # read as the user says it is encoded
        path.write_bytes("Le président a signé.\n".encode("latin-1"))
        args = ["--encoding", "utf-8"]
    run = cli("check", SEED, "--ref", path, *args)
    assert run.code == 2
    line = one_error_line(run)
    assert "ref.txt" in line and message in line.lower(), line
    assert run.out == ""


def test_errors_from_a_separate_process_are_one_line_too(tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("One line only.\n", encoding="utf-8")
    proc = run_tqa("check", SEED, "--ref", short)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if line.strip()]) == 1


def test_without_a_reference_there_are_no_metrics(mini):
    result = tqa.analyze(read_text(SEED), mini)
    assert result.metrics == {}
    assert "bleu" not in result.summary_row()


def test_glossary_and_metrics_together(cli):
    # The mini glossary changes the findings, never the metrics.
    run = cli("check", SEED, "--ref", SEED_REF, "-g", MINI, "--format", "json")
    document = json.loads(run.out)["documents"][0]
    assert round(document["metrics"]["bleu"]["score"], 2) == 48.38
    assert document["finding_count"] == len(document["findings"]) > 0
