"""A large plain-text file read in a stream (tqa.stream: bounded memory) gives exactly the report of the file
read whole: the CSV findings, the summary, stderr and the exit status, with --jobs 1 and with a pool, for UTF-8
with and without a BOM, CRLF and lone CR line ends; a file that is not UTF-8 is read whole; a NUL byte is the
same one-line error. ``TQA_MIN_STREAM_BYTES`` decides which files are streamed and ``TQA_WINDOW_CHARS`` makes the
windows small, so that the fixtures cross many window ends."""

from __future__ import annotations

import json
import re

import pytest

import tqa
from tqa.checks import all_checks
from tqa.scoring import DEFAULT_WEIGHTS
from tqa.stream import TextStream, analyze_stream

from helpers import FIXTURES, SEED, SHIPPED
from test_big import EVERY_CHECK

#: Every check's findings near every line break, the seed article, and a French paragraph in the middle (the
#: language check's sample reads the start, the middle and the end).
TEXT = (EVERY_CHECK + SEED.read_text(encoding="utf-8")) * 20 + (FIXTURES / "checks" / "mixed.txt").read_text(
    encoding="utf-8") + (EVERY_CHECK * 10)


def _run(cli, monkeypatch, tmp_path, paths, *, stream: bool, jobs: int = 1, extra=(), fmt: str = "csv"):
    monkeypatch.setenv("TQA_MIN_STREAM_BYTES", "0" if stream else "999999999999")
    monkeypatch.setenv("TQA_MIN_POOL_BYTES", "0")
    monkeypatch.setenv("TQA_WINDOW_CHARS", "3000")
    tag = f"{stream}-{jobs}"
    report, summary = tmp_path / f"report-{tag}.{fmt}", tmp_path / f"summary-{tag}.csv"
    shape = ["--statistics"] if fmt == "statistics" else ["--format", fmt]
    run = cli("check", *paths, "-g", SHIPPED, *shape, "-o", report, "--summary", summary, "--jobs", jobs, *extra)
    return run.code, run.err, report.read_bytes() if report.exists() else None, \
        summary.read_bytes() if summary.exists() else None


def _count_what_streams_yield(monkeypatch) -> list[str]:
    """The type name of everything tqa.stream.analyze_stream yields from now on (StreamWindow, DocumentResult…):
    what shows a run really read a file in a stream."""
    import tqa.stream

    yielded: list[str] = []
    analyze = tqa.stream.analyze_stream

    def counted(*args, **kwargs):
        for item in analyze(*args, **kwargs):
            yielded.append(type(item).__name__)
            yield item
    monkeypatch.setattr(tqa.stream, "analyze_stream", counted)
    return yielded


def _big_and_small(tmp_path, form: str, tail: str = ""):
    """TEXT (and ``tail``) with ``form``'s line ends (LF, CRLF, CR, or LF after a UTF-8 BOM) as a large file, and
    the seed as a small one beside it."""
    data = (TEXT + tail).replace("\n", {"lf": "\n", "crlf": "\r\n", "cr": "\r", "bom": "\n"}[form]).encode("utf-8")
    if form == "bom":
        data = b"\xef\xbb\xbf" + data
    big = tmp_path / "big.txt"
    big.write_bytes(data)
    small = tmp_path / "small.txt"
    small.write_bytes(SEED.read_bytes())
    return big, small


@pytest.mark.parametrize("form", ["lf", "crlf", "cr", "bom"])
def test_a_stream_reports_what_the_whole_file_reports(cli, monkeypatch, tmp_path, form):
    big, small = _big_and_small(tmp_path, form)
    whole = _run(cli, monkeypatch, tmp_path, [big, small], stream=False)
    streamed = _run(cli, monkeypatch, tmp_path, [big, small], stream=True)
    assert streamed == whole
    assert whole[0] == 1 and whole[2].count(b"\r\n") > 500  # a gate failed; many findings
    # In a pool the workers read the windows' bytes and send CSV rows; the carrying checks' findings made here
    # become rows in the same coordinates.
    pooled = _run(cli, monkeypatch, tmp_path, [big, small], stream=True, jobs=2)
    assert pooled == whole


@pytest.mark.parametrize("fmt", ["json", "sarif", "text", "annotated", "concise", "github", "statistics"])
@pytest.mark.parametrize("form", ["lf", "crlf", "cr", "bom"])
def test_the_reports_of_a_stream_are_those_of_the_whole_file(cli, monkeypatch, tmp_path, fmt, form):
    """These formats write a streamed document window by window (memory bounded by a window, not the file),
    byte for byte as the document read whole: a JSON document object's summary comes before its findings;
    SARIF gives each autofix its edit and each result a fingerprint of the words around it, numbered within
    the document; the text report shows each finding's sentence (cut from the window's lines) and a summary
    table at the end; the annotated text is the document line for line, under a header that gives its score;
    concise marks with [*] what tqa fix applies (planned over each window's lines); GitHub gives the end line
    and column of a span across a line break."""
    big, small = _big_and_small(tmp_path, form, tail="It was posted on the official micro-\nsignal of the bank.\n")
    whole = _run(cli, monkeypatch, tmp_path, [big, small], stream=False, fmt=fmt)
    windows = _count_what_streams_yield(monkeypatch)
    import tqa.report.json

    made = []  # each finding made into a JSON object once: not the stand-ins of a streamed document's tally too
    monkeypatch.setattr(tqa.report.json, "finding_object", lambda f, real=tqa.report.json.finding_object:
                        made.append(f) or real(f))
    streamed = _run(cli, monkeypatch, tmp_path, [big, small], stream=True, fmt=fmt)
    if fmt == "json":
        assert len(made) == sum(len(d["findings"]) for d in json.loads(streamed[2])["documents"])
    assert windows.count("StreamWindow") > 20 and windows.count("DocumentResult") == 2
    assert streamed == whole
    assert streamed[0] == 1
    report = whole[2].decode("utf-8")
    if fmt in ("concise", "statistics"):
        assert report.count(" [*] ") > (100 if fmt == "concise" else 3)
    if fmt == "text":
        assert report.count("\n    [[") > 50 and "\nscore " in report
    if fmt == "annotated":
        assert report.count("<<") > 500 and report.startswith(f"==> {big} <== score ")
    if fmt == "sarif":
        assert report.count('"fixes"') > 100 and '"partialFingerprints"' in report
        assert re.search(r'"partialFingerprints":\{"[^"]+":"[0-9a-f]+:(?:[2-9]|\d\d)"', report)  # met again
    if fmt == "github":
        assert any(re.search(r"line=(\d+),col=\d+,endLine=(?!\1,)", line) for line in report.splitlines())
    pooled = _run(cli, monkeypatch, tmp_path, [big, small], stream=True, jobs=2, fmt=fmt)
    assert pooled == whole


@pytest.mark.parametrize("window", ["52", "60", "3000"])
def test_the_sentence_of_a_finding_in_an_indent_is_on_its_own_line_read_whole_or_streamed(cli, monkeypatch,
                                                                                          tmp_path, window):
    """The text report shows a finding with its sentence; a finding that starts in white space outside every
    sentence (Chinese indented with U+3000) was shown with the sentence of the line before, which a window
    starting at its line does not have: now its own line's, read whole or in windows of any size."""
    path = tmp_path / "indent.txt"
    path.write_text("The first line is English and long enough to tell.\n\u3000中文没有翻译。\n"
                    "It ended.  Next one is here.\n" * 2, encoding="utf-8")
    monkeypatch.setenv("TQA_MIN_POOL_BYTES", "0")
    monkeypatch.setenv("TQA_WINDOW_CHARS", window)
    reports = []
    for stream in ("999999999999", "0"):
        monkeypatch.setenv("TQA_MIN_STREAM_BYTES", stream)
        reports.append(cli("check", path, "--exit-zero", "--quiet").out)
    assert reports[0] == reports[1]
    lines = reports[0].splitlines()
    assert lines[:3] == [f"{path}:2:1  critical  Accuracy/Untranslated text  \" 中文没有翻译。\" → (translate)  "
                         "(language.untranslated)", "    [[ 中文没有翻译。]]",
                         "    = this sentence was left in Chinese: translate it"]
    assert "    It ended.[[ ]]" in lines  # a doubled space between sentences: the sentence before it, as ever


@pytest.mark.parametrize("fmt", ["csv", "json", "text"])
def test_an_ignore_file_and_a_baseline_silence_in_a_stream_what_they_silence_in_the_whole_file(cli, monkeypatch,
                                                                                              tmp_path, fmt):
    """The suppression layers of a plain-text file (an ignore file's rules for its path, with a ``text=``
    phrase, and a baseline, whose recorded findings are used up in the document's order across the windows)
    apply window by window: report, summary, exit status and the count of what each layer silenced are those
    of the whole file, in one process and in a pool (whose workers then send findings, not rows)."""
    big, small = _big_and_small(tmp_path, "crlf")
    monkeypatch.chdir(tmp_path)
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("punctuation.doubled-word path=big.txt\n"
                      "zh-en-news/wechat-official-account text=\"the official micro-signal (a\"\n", encoding="utf-8")
    # A baseline of the seed, recorded from the small file: the same findings in the big one (TEXT repeats the
    # seed twenty times) are silenced as many times as recorded, the first ones.
    baseline = tmp_path / "seed-baseline.json"
    monkeypatch.setenv("TQA_MIN_STREAM_BYTES", "999999999999")
    assert cli("baseline", small, "-g", SHIPPED, "-o", baseline).code == 0
    data = json.loads(baseline.read_text(encoding="utf-8"))
    for recorded in data["findings"]:
        recorded["path"] = "big.txt"
    baseline.write_text(json.dumps(data), encoding="utf-8")
    extra = ("--baseline", baseline, "--ignore-file", ignore)
    whole = _run(cli, monkeypatch, tmp_path, [big, small], stream=False, fmt=fmt, extra=extra)
    windows = _count_what_streams_yield(monkeypatch)
    streamed = _run(cli, monkeypatch, tmp_path, [big, small], stream=True, fmt=fmt, extra=extra)
    assert windows.count("StreamWindow") > 20
    assert streamed == whole
    import csv as csv_module
    import io

    summary = list(csv_module.DictReader(io.StringIO(whole[3].decode("utf-8-sig"))))
    big_silenced, small_silenced = (int(row["suppressed"]) for row in summary)
    assert big_silenced > 30 + 17 and small_silenced == 0  # 30 doubled words, the baseline's 17, some of 50
    if fmt == "json":
        by = json.loads(whole[2])["corpus"]["suppressed_by"]
        assert by["baseline"] == 17 and sum(by.values()) == big_silenced and len(by) == 2, by
    pooled = _run(cli, monkeypatch, tmp_path, [big, small], stream=True, jobs=2, fmt=fmt, extra=extra)
    assert pooled == whole


def test_what_is_not_utf8_is_read_whole(cli, monkeypatch, tmp_path):
    """A Windows-1252 file cannot be streamed (its encoding is judged on the whole file): it is read whole, with
    the same report and the same warning."""
    big = tmp_path / "cp1252.txt"
    big.write_bytes(("Caf\u00e9 \u201cquoted\u201d text.\n" + EVERY_CHECK.replace("‘", "'").replace("“", '"')
                     .encode("ascii", "ignore").decode()) .encode("cp1252") * 50)
    whole = _run(cli, monkeypatch, tmp_path, [big], stream=False)
    streamed = _run(cli, monkeypatch, tmp_path, [big], stream=True)
    assert streamed == whole and whole[2] is not None


@pytest.mark.parametrize("bom, options", [(b"", ()), (b"\xef\xbb\xbf", ()), (b"", ("--encoding", "utf-8"))])
def test_a_nul_byte_is_the_same_error(cli, monkeypatch, tmp_path, bom, options):
    big = tmp_path / "binary.txt"
    big.write_bytes(bom + TEXT.encode("utf-8") + b"one more line\nwith a \x00 here\n")
    whole = _run(cli, monkeypatch, tmp_path, [big], stream=False, extra=options)
    streamed = _run(cli, monkeypatch, tmp_path, [big], stream=True, extra=options)
    assert streamed == whole
    assert whole[0] == 2 and "binary file" in whole[1] and whole[2] is None  # nothing written


def test_the_encoding_named_on_the_command_line(cli, monkeypatch, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(TEXT.encode("utf-8"))
    whole = _run(cli, monkeypatch, tmp_path, [big], stream=False, extra=["--encoding", "UTF-8"])
    streamed = _run(cli, monkeypatch, tmp_path, [big], stream=True, extra=["--encoding", "UTF-8"])
    assert streamed == whole and b",UTF-8," in whole[3]


def test_a_stream_holds_a_window_not_the_document(tmp_path):
    """The text a window carries (itself, a little before, a few lines after) is bounded by the window size, not
    by the document; and the windows together are the document, character for character."""
    path = tmp_path / "big.txt"
    text = TEXT * 5
    path.write_text(text, encoding="utf-8")
    stream = TextStream(str(path), "big.txt", block_bytes=4096)
    assert stream.length == len(text)
    windows = list(stream.windows(2000, tqa.load_glossary(SHIPPED)))
    assert "".join(w.text for w in windows) == text
    assert len(windows) > 50
    assert max(len(w.full) for w in windows) < 12_000 < len(text) // 10
    assert all(text[w.full_start:w.full_start + len(w.full)] == w.full for w in windows)
    assert windows[-1].last and not any(w.last for w in windows[:-1])


def test_analyze_stream_gives_the_findings_of_the_document(tmp_path):
    glossary = tqa.load_glossary(FIXTURES / "windows.yaml")
    path = tmp_path / "every.txt"
    path.write_text(TEXT, encoding="utf-8")
    whole = tqa.analyze_document(tqa.read(path), glossary)
    for size in (1, 377, 5000):
        *windows, result = analyze_stream(TextStream(str(path), whole.doc, block_bytes=999), glossary,
                                          checks=all_checks(), weights=DEFAULT_WEIGHTS, window_chars=size)
        assert [f for window in windows for f in window.findings] == list(whole.findings)
        # Each window's text: the document's from ``start`` on, the findings inside, the lines after them too.
        assert all(whole.text[w.start:w.start + len(w.text)] == w.text for w in windows)
        assert all(w.text[f.start - w.start:f.end - w.start] == f.text for w in windows for f in w.findings)
        assert all(w.start + len(w.text) > later.start for w, later in zip(windows, windows[1:]))
        assert (result.words, result.segments, result.lang, result.lang_prob, result.score, result.penalty) == (
            whole.words, whole.segments, whole.lang, whole.lang_prob, whole.score, whole.penalty)
        assert sorted(f.severity for f in result.findings) == sorted(f.severity for f in whole.findings)


def test_which_runs_stream(cli, monkeypatch, tmp_path):
    """Only a report that can be written window by window streams (every format but HTML, and --statistics),
    without --show-suppressed, --segments or a reference. The others read it whole (and give the same
    findings)."""
    import argparse

    from tqa.cli.check import streamable
    from tqa.files import Source

    big = tmp_path / "big.txt"
    big.write_bytes(TEXT.encode("utf-8"))
    monkeypatch.setenv("TQA_MIN_STREAM_BYTES", "1000")
    base = dict(format="csv", statistics=False, show_suppressed=False, segments=None, source=None,
                input_format=None, encoding=None)

    def accepts(references=(), **changes):
        rule = streamable(argparse.Namespace(**{**base, **changes}), references)
        return rule is not None and rule(Source(str(big)))

    assert accepts() and accepts(format="json") and accepts(format="concise") and accepts(format="github")
    assert accepts(format="text") and accepts(format="sarif") and accepts(format="annotated")
    assert not accepts(format="html")
    assert accepts(statistics=True) and accepts(statistics=True, format="json")
    assert not accepts(show_suppressed=True) and not accepts(statistics=True, show_suppressed=True)
    assert not accepts(segments="s.csv") and not accepts(references=[["x"]]) and not accepts(encoding="cp1252")
    assert not streamable(argparse.Namespace(**base), ())(Source("-"))
    monkeypatch.setenv("TQA_MIN_STREAM_BYTES", str(big.stat().st_size + 1))
    assert not accepts()


LOCAL_CHECKS = "glossary,residue,copies,tags,numbers,omission,names"


@pytest.mark.parametrize("form", ["lf", "crlf", "cr", "bom"])
@pytest.mark.parametrize("extra", [(), ("--min-severity", "major", "--raw-csv")])
def test_workers_reading_their_own_windows_report_what_the_whole_file_reports(cli, monkeypatch, tmp_path, form,
                                                                              extra):
    """With only window-local checks and a CSV report, a pool's workers read the stream's windows themselves (cut
    here on line breaks by bytes) and write their rows; the report, the summary and the exit status are those of
    the whole file read in one process."""
    big, small = _big_and_small(tmp_path, form)
    options = ("--only-check", LOCAL_CHECKS, "--fail-on", "critical", *extra)
    whole = _run(cli, monkeypatch, tmp_path, [big, small], stream=False, extra=options)
    pooled = _run(cli, monkeypatch, tmp_path, [big, small], stream=True, jobs=2, extra=options)
    assert pooled == whole
    assert whole[0] == 1 and whole[2].count(b"\r\n") > 200 and whole[2].count(b",residue,") > 10


def test_byte_windows_cut_after_line_breaks_that_no_phrase_crosses(tmp_path):
    """The windows a pool's workers read are the file, cut only right after a line break (never inside a \\r\\n),
    and no finding of the whole document runs across a cut (the fixture has phrases across line breaks)."""
    glossary = tqa.load_glossary(FIXTURES / "windows.yaml")
    text = ("é " + TEXT).replace("micro-signal (a", "micro-\nsignal (a") * 3
    for newline in ("\n", "\r\n", "\r"):
        path = tmp_path / "big.txt"
        data = b"\xef\xbb\xbf" + text.replace("\n", newline).encode("utf-8")
        path.write_bytes(data)
        whole = tqa.analyze_document(tqa.read(path), glossary)
        stream = TextStream(str(path), "big.txt")
        for size in (1, 500, 4096):
            cuts = list(stream.byte_windows(size, glossary))
            assert cuts[0][0] == 3 and cuts[-1][1] == len(data)
            assert all(a[1] == b[0] for a, b in zip(cuts, cuts[1:])) and len(cuts) > 5
            for _, cut in cuts[:-1]:
                assert data[cut - 1:cut] in (b"\n", b"\r") and data[cut - 1:cut + 1] != b"\r\n"
                at = len(data[3:cut].decode("utf-8"))
                assert not any(f.start < at < f.end for f in whole.findings), (newline, size, at)
            assert any(f.end - f.start > 1 and "\n" in f.text or "\r" in f.text for f in whole.findings)


@pytest.mark.parametrize("bad", ["nul", "cp1252"])
def test_workers_reading_their_own_windows_still_refuse_or_read_whole_what_is_not_utf8(cli, monkeypatch, tmp_path,
                                                                                      bad):
    """The workers start on a stream's first windows before the file is measured: a NUL byte late in the file is
    still the same error with nothing written, and a file that is not UTF-8 is still read whole, with the report of
    one process."""
    text = TEXT * 3
    if bad == "nul":
        data = text.encode("utf-8") + b"one more line\nwith a \x00 here\n"
    else:
        data = text.replace("“", '"').replace("”", '"').replace("‘", "'").encode("ascii", "ignore") + "Caf\u00e9\n".encode("cp1252")
    big = tmp_path / "big.txt"
    big.write_bytes(data)
    options = ("--only-check", LOCAL_CHECKS)
    whole = _run(cli, monkeypatch, tmp_path, [big], stream=False, extra=options)
    pooled = _run(cli, monkeypatch, tmp_path, [big], stream=True, jobs=2, extra=options)
    assert pooled == whole
    if bad == "nul":
        assert whole[0] == 2 and "binary file" in whole[1] and whole[2] is None
    else:
        assert whole[2] is not None and whole[2].count(b"\r\n") > 50


def test_the_first_pass_counts_and_checks_as_decoding_would():
    """The first pass decodes only the pieces of a block that are not ASCII: over blocks cut anywhere (inside a
    character too), the characters counted and the bytes refused are those of decoding every block."""
    import codecs
    import random

    from tqa.stream import _decoded_length

    rng = random.Random(14)
    alphabet = ["a", " ", "\n", "é", "“", "中", "😀", "x" * 5000, "\u00a0"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        data = bytearray(text.encode("utf-8"))
        broken = rng.random() < 0.3 and len(data) > 0
        if broken:
            data[rng.randrange(len(data))] = rng.choice([0xFF, 0xC3, 0x80, 0xED])
        data = bytes(data)
        cuts = sorted(rng.sample(range(len(data) + 1), min(len(data) + 1, rng.randint(0, 6))))
        blocks = [data[a:b] for a, b in zip([0] + cuts, cuts + [len(data)])]
        ours, theirs = codecs.getincrementaldecoder("utf-8")(), codecs.getincrementaldecoder("utf-8")()

        def run(count, decoder):
            try:
                total = sum(count(block, decoder) for block in blocks)
                decoder.decode(b"", final=True)
                return total
            except UnicodeDecodeError:
                return "refused"
        expected = run(lambda block, decoder: len(decoder.decode(block)), theirs)
        assert run(_decoded_length, ours) == expected, (data, cuts)
        if not broken:
            assert expected == len(text)
    # A character's first byte at the end of a piece, a whole ASCII piece, then what would end the character:
    # the ASCII piece must be decoded to see that the character was cut off (within a block and across blocks).
    bad = b"a" * 4095 + b"\xc3" + b"a" * 4096 + b"\xa9b"
    for blocks in ([bad], [bad[:4096], bad[4096:]]):
        decoder = codecs.getincrementaldecoder("utf-8")()
        with pytest.raises(UnicodeDecodeError):
            for block in blocks:
                _decoded_length(block, decoder)
            decoder.decode(b"", final=True)


@pytest.mark.parametrize("extra", [
    ("--no-check", "residue,tags"),
    ("--only-check", "punctuation,glossary,language"),
    ("--only-check", "copies,consistency,language", "--min-severity", "minor"),
    ("--ignore", "zh-en-news,punctuation.doubled-space", "--severity-override", "residue.recent-comments=critical"),
    ("--select", "residue,language,punctuation.unbalanced", "--min-severity", "major"),
])
def test_workers_merging_the_leading_checks_report_what_the_whole_file_reports(cli, monkeypatch, tmp_path, extra):
    """In a pool, a window's worker resolves the overlaps of the checks that lead the run and that it runs whole
    (tqa.parallel.Merged: up to the first that carries, or that the main process runs, as the language check
    on the first window), and the main process goes on from there: every choice of checks and rules reports
    what one process reading the whole file reports."""
    big, small = _big_and_small(tmp_path, "lf")
    whole = _run(cli, monkeypatch, tmp_path, [big, small], stream=False, extra=extra)
    pooled = _run(cli, monkeypatch, tmp_path, [big, small], stream=True, jobs=2, extra=extra)
    assert pooled == whole
    assert whole[2].count(b"\r\n") > 20


def test_the_checks_merged_in_a_worker_stop_at_the_first_the_main_process_runs(cli, monkeypatch, tmp_path):
    """The first window's language verdict is the main process's (it judges the whole document): its worker
    merges the checks before it only; on the other windows the language check and the tags check after it are
    merged too, up to the punctuation check, whose balance of quotation marks the main process carries."""
    from tqa import parallel

    seen = []
    ready = parallel._ready

    def record(*args, **kwargs):  # the windows' results, in the order of the windows
        window, done = ready(*args, **kwargs)
        seen.append(done.merged.names)
        return window, done

    monkeypatch.setattr(parallel, "_ready", record)
    big, small = _big_and_small(tmp_path, "lf")
    _run(cli, monkeypatch, tmp_path, [big, small], stream=True, jobs=2)
    assert len(seen) > 3
    assert seen[0] == ("glossary", "residue", "copies")
    assert set(seen[1:]) == {("glossary", "residue", "copies", "language", "tags")}


@pytest.mark.parametrize("window", ["300", "700"])
def test_untranslated_lines_indented_with_ideographic_spaces_keep_their_segments_in_windows(cli, monkeypatch,
                                                                                            tmp_path, window):
    """Chinese left in the text, each line indented with an ideographic space after a line that ends with "。":
    a finding that starts at the indent has the segment number of the whole-file reading whatever window begins
    there (found by a fuzz run: a window starting at such a line once gave the segment before)."""
    lines = []
    for n in range(300):
        lines += [f"Officials said the index rose {n} points.", "\u3000中文没有翻译。",
                  "\u3000第二句没有翻译。"]
    path = tmp_path / "indented.txt"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    runs = {}
    for stream, jobs in ((False, 1), (True, 1), (True, 2)):
        monkeypatch.setenv("TQA_MIN_STREAM_BYTES", "0" if stream else "999999999999")
        monkeypatch.setenv("TQA_MIN_POOL_BYTES", "0")
        monkeypatch.setenv("TQA_WINDOW_CHARS", window)
        report = tmp_path / f"report-{stream}-{jobs}.csv"
        run = cli("check", path, "-o", report, "--jobs", jobs, "--exit-zero")
        runs[stream, jobs] = (run.code, report.read_bytes())
    assert runs[False, 1] == runs[True, 1] == runs[True, 2]
    assert runs[False, 1][1].count(b"language.untranslated") == 600


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf"], ids=["empty", "bom-only"])
def test_an_empty_file_reports_the_same_streamed_or_read_whole(cli, monkeypatch, tmp_path, data):
    """No text, no window: no language verdict either way (streamed, it once had an empty window and a language
    probability of 0.0 where the whole-file reading has none)."""
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    for extra in ((), ("--only-check", "glossary")):  # (the workers read a stream themselves when all is local)
        runs = [_run(cli, monkeypatch, tmp_path, [path], stream=stream, jobs=jobs, extra=extra)
                for stream, jobs in ((False, 1), (True, 1), (True, 2))]
        assert runs[0] == runs[1] == runs[2], extra
        summary = runs[0][3].decode("utf-8-sig").splitlines()[1].split(",")
        assert summary[1:4] == ["0", "0", "0"] and summary[10] == ""  # words, segments, findings; no lang_prob
