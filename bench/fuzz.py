"""Fuzzing the glossary loader and the matcher with hypothesis at scale, for a given time.

Targets: (1) ``load_glossary`` on arbitrary YAML/CSV/TSV text — it must either load or raise
``GlossaryError``/``TqaError`` (never another exception, never hang); (2) the matcher and every check on
arbitrary Unicode text with a glossary made of random phrases — ``analyze`` must not raise, every finding must
satisfy ``text == doc[start:end]``, findings must not overlap, and ``fix`` must be idempotent; (3) decoding
random bytes and random text in many encodings (see :func:`decoding_target`); (4) file names made of arbitrary
bytes, checked through the command line (see :func:`file_names_target`); (5) regex entries with nested and
bounded quantifiers (``(?:a{1,2}|,)+$``…) on 40–200 character lines — each input must finish within
``REGEX_INPUT_SECONDS`` (the hard time bound, not the static refusal, is what is tested: the entry is built
without it), and the loader must refuse or accept the same regex quickly; (6) long single lines without
sentence ends (up to 100 KB, dense with glossary phrases and Chinese runs), every check on — each must finish
within ``LONG_LINE_SECONDS`` plus ``LONG_LINE_SECONDS_PER_KB`` per KB (linear), with valid offsets.

    python bench/fuzz.py --minutes 10
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import tqa  # noqa: E402
from tqa.errors import TqaError  # noqa: E402

BATCH = 500
WORDS = st.sampled_from(["new", "crown", "micro", "signal", "official", "the", "a", "bank", "CPC", "millet",
                         "共债", "微信", "-", "  ", "\n", "\r\n", "'s", "é", "İ", "\u00a0", "\u3000", "🙊"])
TEXT = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join),
                 st.lists(WORDS, max_size=80).map("".join))
PHRASE = st.lists(st.sampled_from(["new", "crown", "micro", "signal", "official", "bank", "millet", "CPC",
                                   "微信", "s", "x"]), min_size=1, max_size=3).map(" ".join)
YAML_PIECES = st.sampled_from(["name: g\n", "entries:\n", "  - id: a\n", "    match: [x]\n", "    regex: '(a+)+'\n",
                               "    category: Other\n", "    severity: minor\n", "    when: '['\n", "  - &a {id: b}\n",
                               "  - *a\n", "consistent: [[a, b]]\n", "    examples: {bad: [x], good: [y]}\n",
                               "    case: sensitive\n", ": :\n", "\t", "- - -\n", "    suggest: [1, 2]\n"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    deadline = time.monotonic() + 60 * args.minutes
    work = Path(tempfile.mkdtemp(prefix="tqa-fuzz-"))
    counts = {"loader": 0, "matcher": 0, "decoding": 0, "file_names": 0}
    problems: list[str] = []

    @settings(max_examples=BATCH, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.one_of(st.lists(YAML_PIECES, max_size=30).map("".join), st.text(max_size=300)),
           st.sampled_from([".yaml", ".csv", ".tsv"]))
    def loader(content: str, suffix: str) -> None:
        counts["loader"] += 1
        path = work / f"g{suffix}"
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
        try:
            tqa.load_glossary(path)
        except TqaError:
            pass

    @settings(max_examples=BATCH, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(TEXT, st.lists(PHRASE, min_size=1, max_size=8, unique=True))
    def matcher(text: str, phrases: list[str]) -> None:
        counts["matcher"] += 1
        glossary = _glossary(phrases)
        result = tqa.analyze(text, glossary)
        last = -1
        for f in sorted(result.findings, key=lambda f: f.start):
            assert text[f.start:f.end] == f.text, (text, f)
            assert f.start >= last, ("overlap", text, f)
            last = f.end
        once = tqa.fix(text, glossary).text
        assert tqa.fix(once, glossary).text == once, ("fix not idempotent", text)

    # Batches of fresh random examples until the time is up, each target in turn for its share of the time.
    targets = [(loader, 0.15), (matcher, 0.25), (decoding_target(counts), 0.1),
               (file_names_target(work, counts), 0.1), *regex_targets(work, counts)]
    start = time.monotonic()
    until = start
    for target, share in targets:
        until += 60 * args.minutes * share
        while time.monotonic() < min(until, deadline) and not problems:
            try:
                target()
            except Exception as exc:  # a real failure: hypothesis has shrunk it
                problems.append(f"{target.__name__}: {type(exc).__name__}: {exc}"[:2000])
    print(f"ran {', '.join(f'{n:,} {name}' for name, n in counts.items())} inputs in {args.minutes:g} minutes")
    for problem in problems:
        print("FAILURE", problem)
    print("PASS" if not problems else "FAIL")
    return 0 if not problems else 1


_GLOSSARIES: dict = {}

# --- decoding and file names (issue 9) ------------------------------------------------------------------------

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "gb18030", "gbk", "big5", "cp1252", "latin-1",
             "shift_jis", "euc_kr", "koi8_r", "cp1251", "iso8859_2", "mac_roman")
DECODE_TEXT = st.one_of(TEXT, st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=200),
                        st.lists(st.sampled_from(["中国", "人民银行", "微信", "’", "“", "”", "é", "Ą", "—", "…",
                                                  "new crown", " ", "\n", "Taiwan", "s"]), max_size=60).map("".join))


def decoding_target(counts: dict):
    """Random bytes, random text encoded in one of many encodings, and UTF-8 with stray bytes: decoding raises
    nothing but ``TqaError``; a decoded text comes with its exact UTF-8 bytes, and the findings on it are the
    same whether the matcher is handed those bytes or encodes the text itself (so offsets hold); with the
    encoding given explicitly, text round-trips."""
    from tqa.analysis import analyze_document
    from tqa.decoding import decode_text
    from tqa.model import Document

    glossary = tqa.load_glossary(None)

    def check_decoded(data: bytes, encoding: str | None = None):
        try:
            decoded = decode_text("fuzz.txt", data, encoding)
        except TqaError:
            return None
        assert decoded.raw == decoded.text.encode("utf-8", "surrogatepass"), data
        with_raw = analyze_document(Document("d", decoded.text), glossary, raw=decoded.raw)
        without = analyze_document(Document("d", decoded.text), glossary)
        assert with_raw.findings == without.findings, data
        assert all(decoded.text[f.start:f.end] == f.text for f in with_raw.findings), data
        return decoded

    @settings(max_examples=BATCH, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.one_of(st.binary(max_size=600), st.tuples(DECODE_TEXT, st.sampled_from(ENCODINGS)),
                     st.tuples(DECODE_TEXT, st.lists(st.binary(min_size=1, max_size=3), max_size=4))))
    def decoding(case) -> None:
        counts["decoding"] += 1
        if isinstance(case, bytes):
            check_decoded(case)
            return
        text, how = case
        if isinstance(how, str):  # text in an encoding: detected, and round-trips when the encoding is given
            try:
                data = text.encode(how)
            except UnicodeEncodeError:
                return
            check_decoded(data)
            decoded = check_decoded(data, how)
            if decoded is not None and "\x00" not in text:
                assert decoded.text == text.removeprefix("\ufeff"), (how, text)
            return
        data = text.encode("utf-8", "surrogatepass")  # UTF-8 with stray bytes spliced in
        for index, junk in enumerate(how):
            cut = (len(data) * (index + 1)) // (len(how) + 1)
            data = data[:cut] + junk + data[cut:]
        decoded = check_decoded(data)
        if decoded is not None and decoded.encoding == "utf-8":
            assert decoded.replaced == decoded.text.count("\ufffd") - text.count("\ufffd"), data

    return decoding


def file_names_target(work: Path, counts: dict):
    """Files whose names are arbitrary bytes (not UTF-8, control characters, escape sequences), checked
    through the command line in-process in several formats, found in a directory and named directly: every
    run ends with exit 0, 1 or 2 and writes its output as UTF-8 (stdout is strict, as a UTF-8 terminal is)."""
    import contextlib
    import io
    import os
    import shutil

    from tqa.cli import main as cli

    glossary = str(Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini.yaml")
    name_bytes = st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b
                                                            and b not in (b".", b".."))

    @settings(max_examples=BATCH // 5, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(name_bytes, st.sampled_from(["csv", "text", "json", "html", "annotated"]), st.booleans())
    def file_names(name: bytes, fmt: str, named: bool) -> None:
        counts["file_names"] += 1
        directory = work / "names"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir()
        path = os.path.join(os.fsencode(directory), name)
        with open(path, "wb") as handle:
            handle.write(b"The official micro-signal of the new crown \xe2\x80\x9cbank\xe2\x80\x9d.\n")
        target = os.fsdecode(path) if named else str(directory)
        out, err = io.BytesIO(), io.BytesIO()
        stdout = io.TextIOWrapper(out, encoding="utf-8", errors="strict", write_through=True)
        stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli(["check", target, "--glob", "*", "-g", glossary, "--format", fmt])
        assert code in (0, 1, 2), (name, fmt, code, err.getvalue())
        assert b"Traceback" not in err.getvalue(), (name, err.getvalue())

    return file_names


def _glossary(phrases: list[str]):
    key = tuple(phrases)
    if key not in _GLOSSARIES:
        from tqa.glossary import Entry, Glossary, GlossaryInfo
        from tqa.model import Severity

        entries = [Entry(id=f"e{i}", match=(p,), suggest=("X",), category="Other", severity=Severity.MINOR,
                         autofix=True) for i, p in enumerate(phrases)]
        _GLOSSARIES[key] = Glossary(entries, [GlossaryInfo("fuzz", "1", "", "0" * 64, len(entries))])
    return _GLOSSARIES[key]


# --- hangs: regex entries with nested and bounded quantifiers, long single lines (issue 9, items 1 and 2) ------

REGEX_INPUT_SECONDS = 2.5  # the budget of one entry on one short line is 1 s; the rest is margin for a busy machine
LONG_LINE_SECONDS = 2.0
LONG_LINE_SECONDS_PER_KB = 0.05
_ATOMS = st.sampled_from(["a", ",", "b", "P", " ", r"\w", r"\s", r"\d", ".", "[a,]", "[^P]", r"\W"])
_QUANTIFIERS = st.sampled_from(["", "", "*", "+", "?", "{1,2}", "{0,3}", "{2}", "{1,}", "{2,5}", "*?", "+?",
                                "??", "{1,3}?", "*+", "++"])


def _quantified(items: st.SearchStrategy) -> st.SearchStrategy:
    return st.tuples(items, _QUANTIFIERS).map("".join)


# Items nest up to a few levels: groups and alternations of quantified items, themselves quantified.
_ITEM = st.recursive(
    _quantified(_ATOMS),
    lambda inner: _quantified(st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda items: "(?:" + "".join(items) + ")"),
        st.lists(inner, min_size=2, max_size=3).map(lambda items: "(" + "|".join(items) + ")"),
    )),
    max_leaves=8,
)
REGEX = st.tuples(st.lists(_ITEM, min_size=1, max_size=4).map("".join),
                  st.sampled_from(["", "$", "!", "P", r"\b"])).map("".join)
# Lines that make backtracking engines work: long runs of what the atoms match, then a character that fails.
SHORT_LINE = st.one_of(
    st.text(alphabet="a,b !P", min_size=40, max_size=200),
    st.tuples(st.sampled_from(["a", ",a", "a ", "ab", ",", "a,"]), st.integers(20, 100),
              st.sampled_from(["", "!", "b", "-", " ", "P"])).map(lambda t: (t[0] * t[1])[:199] + t[2]),
)
_LONG_WORDS = ["the", "bank", "said", "data", "platforms", "rose", "new", "crown", "cases", "official",
               "micro-signal", "micro\u2010signal", "CPC", "Communist Party of China", "millet", "phone",
               "中国人民银行", "官方微信号", "（据报道）", "Taiwan‘s", "，", "the the", "\u00a0", "  "]


def regex_targets(work: Path, counts: dict) -> list:
    """The hang targets, each with its share of the time."""
    counts.update({"regex": 0, "long-line": 0, "regex (timed out)": 0})

    @settings(max_examples=BATCH, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(REGEX, SHORT_LINE)
    def bounded_regex(regex: str, line: str) -> None:
        import re

        counts["regex"] += 1
        try:
            re.compile(regex)
        except re.error:
            return
        path = work / "regex.yaml"
        path.write_text(_regex_yaml(regex), encoding="utf-8")
        start = time.perf_counter()
        try:
            tqa.load_glossary(path)  # refused or accepted, but soon
        except TqaError:
            pass
        took = time.perf_counter() - start
        assert took < REGEX_INPUT_SECONDS, ("slow to load", regex, took)
        glossary = _regex_glossary(regex)  # without the static refusal: only the time bound stands
        start = time.perf_counter()
        result = tqa.analyze(line, glossary, checks=_GLOSSARY_ONLY)
        took = time.perf_counter() - start
        assert took < REGEX_INPUT_SECONDS, ("slow", regex, line, took)
        assert all(line[f.start:f.end] == f.text for f in result.findings), (regex, line)
        if glossary.matcher.disabled:
            counts["regex (timed out)"] += 1
            assert result.notes, ("an entry was disabled without a note", regex, line)

    @settings(max_examples=max(1, BATCH // 50), deadline=None, suppress_health_check=list(HealthCheck),
              database=None)
    @given(st.integers(0, 2**32 - 1), st.integers(1, 100))
    def long_line(seed: int, kb: int) -> None:
        import random

        counts["long-line"] += 1
        rng = random.Random(seed)
        examples = _bundled_examples()
        pieces, size = [], 0
        while size < kb * 1000:
            piece = rng.choice(examples) if rng.random() < 0.3 else rng.choice(_LONG_WORDS)
            pieces.append(piece)
            size += len(piece.encode("utf-8")) + 1
        line = " ".join(pieces)
        start = time.perf_counter()
        result = tqa.analyze(line)  # the bundled glossary, every check
        took = time.perf_counter() - start
        assert took < LONG_LINE_SECONDS + LONG_LINE_SECONDS_PER_KB * kb, ("slow", seed, kb, took)
        last = -1
        for f in sorted(result.findings, key=lambda f: f.start):
            assert line[f.start:f.end] == f.text, (seed, kb, f)
            assert f.start >= last, ("overlap", seed, kb, f)
            last = f.end

    return [(bounded_regex, 0.25), (long_line, 0.15)]


def _regex_yaml(regex: str) -> str:
    quoted = "'" + regex.replace("'", "''") + "'"
    return (f"name: fuzz\nversion: 1\nentries:\n  - id: generated\n    regex: {quoted}\n"
            f"    category: Other\n    severity: minor\n")


def _regex_glossary(regex: str):
    """A fresh glossary (a timed-out entry stays disabled in its glossary) with one regex entry."""
    from tqa.glossary import Entry, Glossary, GlossaryInfo
    from tqa.model import Severity

    entry = Entry(id="generated", regex=regex, category="Other", severity=Severity.MINOR, file="fuzz.yaml", line=4)
    return Glossary([entry], [GlossaryInfo("fuzz", "1", "", "0" * 64, 1)])


_EXAMPLES: list[str] = []


def _bundled_examples() -> list[str]:
    """The bad examples of the bundled glossary, their sentence ends turned into commas."""
    if not _EXAMPLES:
        import re

        glossary = tqa.load_glossary(None)
        _EXAMPLES.extend(re.sub(r"[.!?。！？]+", ",", example) for entry in glossary.entries for example in entry.bad)
    return _EXAMPLES


def _glossary_only():
    from tqa.checks import select_checks

    return select_checks(["glossary"])


_GLOSSARY_ONLY = _glossary_only()


if __name__ == "__main__":
    sys.exit(main())
