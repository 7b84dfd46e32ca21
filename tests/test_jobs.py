"""``--jobs N`` gives exactly the output of ``--jobs 1``: every report format, the summary and segment CSVs, the
exit status and stderr, on a corpus of several documents in several formats, one of them forced into many
windows (so its window-local checks run in the pool and the others in the main process).

The pool is forced on these small fixtures with ``TQA_MIN_POOL_BYTES=0``; the window size is made small with
``TQA_WINDOW_CHARS``.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

import tqa
from tqa import parallel
from tqa.checks import all_checks
from tqa.files import Source
from tqa.model import Document
from tqa.scoring import DEFAULT_WEIGHTS
from tqa.pipeline import analyze_document

from helpers import FIXTURES, SEED, SHIPPED, mixed_corpus

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="the pool needs fork")

BILINGUAL = FIXTURES / "bilingual"
FORMATS = ("text", "concise", "github", "sarif", "csv", "json", "html", "annotated")


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Plain text (the seed, a French paragraph, text with every check's finding), XLIFF, PO and TMX, and one
    unreadable file in the middle (a NUL byte: refused as binary)."""
    folder = mixed_corpus(tmp_path / "corpus")
    shutil.copy(BILINGUAL / "wmt22-tm.tmx", folder / "f-tm.tmx")
    shutil.copy(BILINGUAL / "wmt22-excerpt.en", folder / "g-excerpt.txt")
    return folder


def _run(cli, monkeypatch, out: Path, args, jobs: int, window: int):
    monkeypatch.setenv("TQA_MIN_POOL_BYTES", "0")
    monkeypatch.setenv("TQA_WINDOW_CHARS", str(window))
    result = cli("check", *args, "--jobs", jobs, "-g", SHIPPED, "--summary", out / "summary.csv",
                 "--segments", out / "segments.csv")
    return result


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_the_same_with_a_pool(cli, monkeypatch, corpus, tmp_path, fmt):
    outputs = {}
    for jobs, window in ((1, 1_000_000), (1, 700), (3, 700)):
        out = tmp_path / f"out-{jobs}-{window}"
        out.mkdir()
        report = out / "report"
        run = _run(cli, monkeypatch, out, [corpus, "--format", fmt, "-o", report], jobs, window)
        outputs[jobs, window] = (run.code, run.out, run.err, report.read_bytes(),
                                 (out / "summary.csv").read_bytes(), (out / "segments.csv").read_bytes())
    assert outputs[1, 700] == outputs[3, 700]
    assert outputs[1, 700] == outputs[1, 1_000_000]  # and windows change nothing either
    code, _, err, report, _, _ = outputs[3, 700]
    assert code == 2 and "d-binary.txt:1: binary file" in err  # the bad file: one line, exit 2, others reported
    assert report.count(b"g-excerpt.txt") and report.count(b"a-seed.txt")


@pytest.mark.parametrize("extra", [(), ("--min-severity", "major", "--fail-on", "critical"), ("--raw-csv", "--fail-under", "99")])
def test_a_csv_report_written_by_the_workers_is_the_same(cli, monkeypatch, corpus, tmp_path, extra):
    """CSV without --segments is written from the findings alone: each worker writes its documents' rows and sends
    a tally of the findings (what the summary, the score and the gates count), not the findings."""
    monkeypatch.setenv("TQA_MIN_POOL_BYTES", "0")
    outputs = {}
    for jobs in (1, 2):
        report, summary = tmp_path / f"report-{jobs}.csv", tmp_path / f"summary-{jobs}.csv"
        run = cli("check", corpus, "--jobs", jobs, "-g", SHIPPED, "--format", "csv", "-o", report,
                  "--summary", summary, *extra)
        outputs[jobs] = (run.code, run.out, run.err, report.read_bytes(), summary.read_bytes())
    assert outputs[1] == outputs[2]
    code, _, err, report, summary = outputs[2]
    assert code == 2 and "d-binary.txt:1: binary file" in err
    assert report.count(b"a-seed.txt") and summary.count(b"a-seed.txt")


def test_stdout_is_the_same_with_a_pool(cli, monkeypatch, corpus):
    monkeypatch.setenv("TQA_MIN_POOL_BYTES", "0")
    monkeypatch.setenv("TQA_WINDOW_CHARS", "500")
    one = cli("check", corpus, "--jobs", "1", "--color", "never")
    many = cli("check", corpus, "--jobs", "2", "--color", "never")
    assert (one.code, one.out, one.err) == (many.code, many.out, many.err)
    assert one.out.count("a-seed.txt")


def _keys(result):
    return [(f.start, f.end, f.text, f.rule, f.line, f.column, f.segment, f.unit, f.suggestion, f.message)
            for f in result.findings]


@pytest.mark.parametrize("size", [37, 150, 400, 1200])
def test_windows_in_a_pool_give_the_findings_of_one_piece(size):
    """The window-local checks of each window in a worker, the others here: the same findings, words,
    segments and language as the document in one piece, for plain text and for a document of units."""
    glossary = tqa.load_glossary(FIXTURES / "windows.yaml")
    from test_big import EVERY_CHECK

    documents = [Document("every", EVERY_CHECK * 3),
                 tqa.read(BILINGUAL / "wmt22-excerpt.en", source=BILINGUAL / "wmt22-excerpt.zh"),
                 tqa.read(BILINGUAL / "wmt22-tm.po")]
    state = parallel.RunState(glossary, all_checks(), {"weights": DEFAULT_WEIGHTS})
    with parallel.Pool(2, state) as pool:
        runner = parallel.WindowRunner(pool)
        for document in documents:
            whole = analyze_document(document, glossary, checks=state.checks)
            pooled = analyze_document(document, glossary, checks=state.checks, window_chars=size, runner=runner)
            assert _keys(pooled) == _keys(whole), (document.id, size)
            assert (pooled.words, pooled.segments, pooled.lang, pooled.score, pooled.notes) == (
                whole.words, whole.segments, whole.lang, whole.score, whole.notes)
            assert whole.findings


def test_a_small_input_starts_no_pool(monkeypatch, tmp_path):
    """One small file (and any input under the threshold) is checked in this process, whatever --jobs says."""
    monkeypatch.delenv("TQA_MIN_POOL_BYTES", raising=False)
    small = [Source(str(SEED))]
    assert not parallel.worth_a_pool(8, small)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x\n" * (parallel.MIN_POOL_BYTES // 2))
    assert parallel.worth_a_pool(2, [Source(str(big))])
    assert not parallel.worth_a_pool(1, [Source(str(big))])

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started")

    monkeypatch.setattr(parallel, "Pool", no_pool)
    state = parallel.RunState(tqa.load_glossary(FIXTURES / "mini.yaml"), all_checks(), {"weights": DEFAULT_WEIGHTS},
                              lambda source: (tqa.read(source.path), None, None))
    assert [status for status, _ in parallel.check_sources(small, state, 8)] == ["ok"]


def test_jobs_option_and_config(cli, tmp_path, monkeypatch):
    bad = cli("check", SEED, "--jobs", "many")
    assert bad.code == 2 and "--jobs" in bad.err and "Traceback" not in bad.err
    negative = cli("check", SEED, "--jobs", "-2")
    assert negative.code == 2 and "positive" in negative.err
    assert parallel.resolve_jobs(0) == parallel.usable_cores() == parallel.resolve_jobs(None)
    config = tmp_path / "tqa.toml"
    config.write_text("jobs = 2\n")
    monkeypatch.chdir(tmp_path)
    shown = cli("config", "--show")
    assert shown.code == 0 and "jobs" in shown.out


def test_ctrl_c_stops_the_workers_and_leaves_no_temporary_file(tmp_path):
    """SIGINT to the whole process group (what a terminal's Ctrl-C does): exit 130, one line, no traceback,
    no temporary file, no worker left running."""
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    text = SEED.read_bytes()
    for number in range(400):
        (folder / f"doc{number:04d}.txt").write_bytes(text)
    out = tmp_path / "report.csv"
    env = {**os.environ, "TQA_MIN_POOL_BYTES": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "tqa", "check", str(folder), "--jobs", "2", "-o", str(out),
                             "-g", str(SHIPPED)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    children: list[int] = []
    while not (children and list(tmp_path.glob(".report.csv.*.tmp"))) and proc.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.05)  # until the report is being written and the workers run
        children = _children(proc.pid)
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.decode().strip().splitlines()[-1] == "tqa: interrupted" and b"Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))
    assert children, "no worker was running"
    time.sleep(0.5)
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()
                and "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[1][:3]]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def test_a_baseline_is_the_same_with_a_pool(cli, monkeypatch, corpus, tmp_path):
    """``tqa baseline --jobs N`` records what ``--jobs 1`` records, byte for byte, with the same messages."""
    monkeypatch.setenv("TQA_MIN_POOL_BYTES", "0")
    runs = {}
    for jobs in (1, 3):
        out = tmp_path / f"baseline-{jobs}.json"
        run = cli("baseline", corpus, "--jobs", jobs, "-g", SHIPPED, "-o", out)
        runs[jobs] = (run.code, run.out, run.err.replace(str(out), "OUT"), out.read_bytes())
    assert runs[1] == runs[3]
    assert b'"rule"' in runs[1][3] and "recorded in" in runs[1][2]
    assert runs[1][0] == 2  # the unreadable file of the corpus: reported, the others recorded


def test_a_long_document_in_another_language_is_one_finding_with_a_pool(cli, monkeypatch, tmp_path):
    """The language check judges the whole document on the first window and carries the verdict: with a pool,
    the other windows run in the workers given that verdict, so a French document of many windows is one
    language.document finding, as in one process, and not a finding per French sentence."""
    french = (FIXTURES / "checks" / "french.txt").read_text(encoding="utf-8").strip()
    document = tmp_path / "french.txt"
    document.write_text("\n".join([french] * 12) + "\n", encoding="utf-8")
    monkeypatch.setenv("TQA_MIN_POOL_BYTES", "0")
    monkeypatch.setenv("TQA_WINDOW_CHARS", "700")
    reports = {}
    for jobs in (1, 2):
        out = tmp_path / f"report-{jobs}.csv"
        run = cli("check", document, "--jobs", jobs, "-g", SHIPPED, "--format", "csv", "-o", out, "--exit-zero")
        reports[jobs] = (run.code, out.read_text(encoding="utf-8-sig"))
    assert reports[1] == reports[2]
    language = [line for line in reports[1][1].splitlines() if ",language." in line]
    assert len(language) == 1 and ",language.document," in language[0]


def test_a_finding_in_the_white_space_opening_a_window_keeps_its_segment_with_a_pool(cli, monkeypatch, tmp_path):
    """The worker that analyses a window cannot know the segment before it: the main process numbers the
    segments of what the workers found, as one process does (the indented URL line opens the second window)."""
    document = tmp_path / "urls.txt"
    document.write_text(("A first sentence. A second one.\n" * 3) + "       https://arxiv.org/abs/1309.1051\n"
                        "The end.\n", encoding="utf-8")
    monkeypatch.setenv("TQA_MIN_POOL_BYTES", "0")
    monkeypatch.setenv("TQA_WINDOW_CHARS", "90")
    reports = {}
    for jobs in (1, 2):
        out = tmp_path / f"report-{jobs}.csv"
        cli("check", document, "--jobs", jobs, "-g", SHIPPED, "--format", "csv", "-o", out, "--exit-zero")
        reports[jobs] = out.read_text(encoding="utf-8-sig")
    assert reports[1] == reports[2]
    url = [line for line in reports[1].splitlines() if ",residue.lone-url," in line]
    assert len(url) == 1 and url[0].split(",")[1:4] == ["6", "4", "1"]  # segment 6, line 4, column 1


def test_a_stream_that_changes_under_the_workers_is_one_error(tmp_path):
    """The workers read a stream's windows themselves: a file that no longer reads as it did when it was measured
    (here: turned into invalid UTF-8 of the same size) is one TqaError naming it, not a traceback from a worker."""
    from tqa.errors import TqaError
    from tqa.report.base import RenderOptions
    from tqa.report.csv import CsvRenderer
    from tqa.stream import TextStream

    path = tmp_path / "big.txt"
    data = (SEED.read_text(encoding="utf-8") * 20).encode("utf-8")
    path.write_bytes(data)
    glossary = tqa.load_glossary(SHIPPED)
    checks = [check for check in all_checks() if check.name == "glossary"]
    renderer = CsvRenderer(io.StringIO(), None, RenderOptions())
    state = parallel.RunState(glossary, checks, dict(weights=DEFAULT_WEIGHTS, policy=None, min_severity=None,
                                                     target_lang=None), render=renderer)
    with parallel.Pool(2, state) as pool:
        stream = TextStream(str(path), "big.txt")
        everything = list(parallel.stream_rows(stream, pool))
        assert everything[-1][0] == "streamed" and sum(text.count("\r\n") for _, text in everything[:-1]) > 50
        path.write_bytes(b"\xff" * len(data))
        with pytest.raises(TqaError, match="big.txt: cannot read"):
            list(parallel.stream_rows(stream, pool))


def test_the_workers_share_the_dfa_and_are_forked_before_the_first_window_is_read():
    """The DFA is built once, before the fork (the workers share it); the workers are forked before the main
    process reads a long document's first window (a forked worker's resident memory starts with what the main
    process holds); the main process then lets its own DFA go."""
    glossary = tqa.load_glossary(SHIPPED)
    state = parallel.RunState(glossary, all_checks(), {"weights": DEFAULT_WEIGHTS})
    scanner = glossary.matcher.scanner
    from test_big import EVERY_CHECK

    document = Document("every", EVERY_CHECK * 3)
    with parallel.Pool(2, state) as pool:
        runner = parallel.WindowRunner(pool)
        assert pool._pool is None  # nothing forked yet: the thread builds what the workers will share
        forked_when_read = []
        original = parallel.WindowRunner.pipelined

        def windows_read_after_fork(self, windows, *args, **kwargs):
            def recorded():
                for window in windows:
                    forked_when_read.append(pool._pool is not None)
                    yield window
            return original(self, recorded(), *args, **kwargs)

        parallel.WindowRunner.pipelined = windows_read_after_fork
        try:
            pooled = analyze_document(document, glossary, checks=state.checks, window_chars=300, runner=runner)
        finally:
            parallel.WindowRunner.pipelined = original
        assert forked_when_read and all(forked_when_read)
        assert not scanner.upgraded  # released here once the workers had it
    assert pooled.findings == analyze_document(document, glossary, checks=state.checks).findings


def test_the_regexes_are_compiled_while_the_dfa_is_built_and_shared(monkeypatch):
    """The main process, waiting for the DFA before it forks, compiles the glossary's regexes meanwhile (here
    the warm-up is made slow, so that all are) and makes the residue check's line plan: the workers inherit them."""
    import time

    from tqa.checks.residue import _line_plan

    _line_plan.cache_clear()
    glossary = tqa.load_glossary(SHIPPED)
    matcher = glossary.matcher
    wanted = sorted(matcher.regex_entries + list(matcher.context_entries))
    assert wanted
    names = {"compiled_regex", "compiled_when", "compiled_unless"}

    def slow_warm(state):  # busy until every regex is compiled (or ten seconds)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (all(names <= set(matcher.patterns[e].__dict__) for e in wanted)
                                                   and _line_plan.cache_info().currsize):
            time.sleep(0.01)

    monkeypatch.setattr(parallel, "_warm", slow_warm)
    for entry in wanted:  # as a fresh load would have them: none compiled yet
        for name in names:
            matcher.patterns[entry].__dict__.pop(name, None)
    state = parallel.RunState(glossary, all_checks(), {"weights": DEFAULT_WEIGHTS})
    with parallel.Pool(2, state) as pool:
        pool.start()
        for entry in wanted:
            assert names <= set(matcher.patterns[entry].__dict__), entry
        assert _line_plan.cache_info().currsize == 1


def test_the_checks_patterns_are_compiled_while_there_is_time(monkeypatch):
    """tqa.lazyre.compile_made compiles the patterns made so far, one after another, while it is told to go on."""
    import re

    from tqa import lazyre

    compiled = []
    monkeypatch.setattr(re, "compile", lambda *source: compiled.append(source))
    answers = iter([True, True, False])
    lazyre.compile_made(lambda: next(answers))
    assert compiled == [lazy._source for lazy in lazyre._MADE[:2]]
    compiled.clear()
    lazyre.compile_made()
    assert len(compiled) == len(lazyre._MADE) > 20
