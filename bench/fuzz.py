"""Fuzzing the glossary loader and the matcher with hypothesis at scale, for a given time.

Targets: (1) ``load_glossary`` on arbitrary YAML/CSV/TSV text — it must either load or raise
``GlossaryError``/``TqaError`` (never another exception, never hang); (2) the matcher and every check on
arbitrary Unicode text with a glossary made of random phrases — ``analyze`` must not raise, every finding must
satisfy ``text == doc[start:end]``, findings must not overlap, and ``fix`` must be idempotent.

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
    counts = {"loader": 0, "matcher": 0}
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

    # Batches of fresh random examples until the time is up: 30% of it on the loader, the rest on the matcher.
    split = time.monotonic() + 60 * args.minutes * 0.3
    for target, until in ((loader, split), (matcher, deadline)):
        while time.monotonic() < until and not problems:
            try:
                target()
            except Exception as exc:  # a real failure: hypothesis has shrunk it
                problems.append(f"{target.__name__}: {type(exc).__name__}: {exc}"[:2000])
    print(f"ran {counts['loader']} loader inputs and {counts['matcher']} matcher inputs in {args.minutes:g} minutes")
    for problem in problems:
        print("FAILURE", problem)
    print("PASS" if not problems else "FAIL")
    return 0 if not problems else 1


_GLOSSARIES: dict = {}


def _glossary(phrases: list[str]):
    key = tuple(phrases)
    if key not in _GLOSSARIES:
        from tqa.glossary import Entry, Glossary, GlossaryInfo
        from tqa.model import Severity

        entries = [Entry(id=f"e{i}", match=(p,), suggest=("X",), category="Other", severity=Severity.MINOR,
                         autofix=True) for i, p in enumerate(phrases)]
        _GLOSSARIES[key] = Glossary(entries, [GlossaryInfo("fuzz", "1", "", "0" * 64, len(entries))])
    return _GLOSSARIES[key]


if __name__ == "__main__":
    sys.exit(main())
