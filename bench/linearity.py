"""Linearity: every check's time per KB on one long line stays flat as the line doubles (issue 9, item 1).

Builds one line without sentence ends (so the whole input is one sentence) of 50, 100, 200 and 400 KB, dense
with glossary hits — the bad examples of every entry of the bundled glossary, those with ``when``/``unless``
context included, their sentence ends turned into commas — and with runs of Chinese text between them; and
beside it its source, one Chinese line, for the source-aware checks (issue 11): the target line also holds the
example pairs of the glossary's term entries (bad and good renderings) and sentences with numbers (some changed,
dropped or added), and the source line holds their sources in the same order. The document is one unit of a
bilingual file (``source`` and ``target`` of one TSV row). Times each check alone through the Python API
(``tqa.analyze_document(document, checks=select_checks([name]))``; every check, those off by default included)
and all the default checks together, best of ``--repeat`` runs, and prints the time per KB at each size and the ratio of the largest size's
time per KB to the smallest's. A linear check has a ratio near 1 (below 1 when a fixed cost is spread over more
text); a quadratic one about 8. Exits 1 when a ratio exceeds ``--limit`` (1.5), or when a check needs more than
``--max-seconds`` at one size (then the larger sizes are not tried: that check is not linear either way).
Needs nothing outside the repository.

    python bench/linearity.py [--repeat 3] [--limit 1.5] [--max-seconds 60] [--checks glossary,residue]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import ROOT  # noqa: E402

import tqa  # noqa: E402
from tqa.checks import all_checks, check_names, select_checks  # noqa: E402

SIZES_KB = (50, 100, 200, 400)
SHIPPED = ROOT / "glossaries" / "zh-en-news.yaml"
# Untranslated Chinese left in MT output: names, terms, whole clauses (with full-width commas and brackets).
CJK_RUNS = ["中国人民银行", "金融消费权益保护局", "大型互联网平台的数据，", "官方微信号", "共同富裕", "新冠肺炎疫情",
            "宏观审慎管理", "（据报道）", "蚂蚁集团", "数据共享、"]
# What the punctuation check looks for: a quote used as an apostrophe, full-width punctuation in English,
# space before a comma, a doubled word, doubled spaces, brackets and quotes never closed.
PUNCTUATION = ["Taiwan‘s media", "the bank，which", "the data ：", "said , adding", "the the report",
               "two  spaces", "(an aside never closed", "“a quote never closed"]
# Sentences with numbers and their sources: rendered right, and with a number changed, dropped or added.
NUMBER_PAIRS = [
    ("国务院7月25日宣布3.5亿元投资", "the State Council announced an investment of 350 million yuan on July 25"),
    ("销售额增长了百分之五", "sales rose 6 percent"),
    ("约有十几人参加", "about a dozen people attended"),
    ("会议19时54分结束", "the meeting ended at 19:54"),
    ("用３年时间完成", "to be completed"),
    ("两国签署协议", "the two countries signed 3 agreements"),
]
_SENTENCE_END = re.compile(r"[.!?。！？]+")


def build_pair(kb: int, glossary) -> tuple[str, str]:
    """A target line of ``kb`` KB (UTF-8) without a sentence end, and its source line: glossary hits (the bad
    examples of every entry), names of the glossary's consistency groups, punctuation errors, CJK runs, term
    example pairs and number pairs, shuffled. A target-only piece has no source; a pair's source goes into the
    source line in the same order."""
    examples = [("", _SENTENCE_END.sub(",", example.replace("\n", " ")))
                for entry in glossary.entries for example in entry.bad]
    names = [("", f"the {name} said") for group in glossary.consistent for name in group.names]
    terms = [(pair.source, _SENTENCE_END.sub(",", pair.target)) for entry in glossary.entries for pair in entry.pairs]
    kinds = [(examples, 0.45), ([("", run) for run in CJK_RUNS], 0.15), (names, 0.1),
             ([("", p) for p in PUNCTUATION], 0.1), (terms, 0.15), (NUMBER_PAIRS, 0.05)]
    rng = random.Random(9)
    source: list[str] = []
    target: list[str] = []
    size = 0
    while size < kb * 1000:
        pieces = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
        zh, en = rng.choice(pieces)
        target.append(en)
        if zh:
            source.append(_SENTENCE_END.sub("，", zh))
        size += len(en.encode("utf-8")) + 1
    return "，".join(source), " ".join(target)


def document_of(pair: tuple[str, str]):
    from tqa.readers import UnitText, units_document

    source, target = pair
    return units_document("line.tsv", [UnitText("1", target, source)], format="tsv")


def best_time(document, glossary, checks, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        tqa.analyze_document(document, glossary, checks=checks)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per check and size; the best counts")
    parser.add_argument("--limit", type=float, default=1.5, help="largest allowed ratio of time per KB")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="give up on a check slower than this")
    parser.add_argument("--checks", default=",".join(check_names()), help="comma-separated checks to time")
    args = parser.parse_args()

    glossary = tqa.load_glossary(SHIPPED)
    documents = {kb: document_of(build_pair(kb, glossary)) for kb in SIZES_KB}
    sample = tqa.analyze_document(documents[SIZES_KB[0]], glossary, checks=all_checks(include_off=True))
    by_check: dict[str, int] = {}
    for finding in sample.findings:
        by_check[finding.check] = by_check.get(finding.check, 0) + 1
    source_kb = len(documents[SIZES_KB[0]].units[0].source.encode("utf-8")) / 1000
    print(f"one line without sentence ends, {SIZES_KB[0]} KB with a source line of {source_kb:.0f} KB: "
          f"{sample.segments} segment(s), {len(sample.findings)} findings "
          f"({', '.join(f'{n} {c}' for c, n in sorted(by_check.items()))})")

    targets = [(name, select_checks([name])) for name in args.checks.split(",")]
    targets.append(("all checks", None))
    header = f"{'check':<12}" + "".join(f"{f'{kb} KB':>12}" for kb in SIZES_KB) + f"{'ratio':>9}"
    print(f"\ntime per KB (ms/KB, best of {args.repeat})\n{header}")
    failed = []
    for name, checks in targets:
        warm = document_of(("中国人民银行3.5亿元", "warm up: official micro-signal 350 million"))
        tqa.analyze_document(warm, glossary, checks=checks)  # lazy loads
        per_kb: list[float] = []
        for kb in SIZES_KB:
            seconds = best_time(documents[kb], glossary, checks, args.repeat)
            per_kb.append(1000 * seconds / kb)
            if seconds > args.max_seconds:
                break
        cells = "".join(f"{value:12.3f}" for value in per_kb) + "".join(f"{'-':>12}" for _ in SIZES_KB[len(per_kb):])
        if len(per_kb) < len(SIZES_KB):
            print(f"{name:<12}{cells}{'>' + format(args.max_seconds, 'g') + ' s':>9}  FAIL (stopped)")
            failed.append(name)
            continue
        ratio = per_kb[-1] / per_kb[0]
        verdict = "ok" if ratio <= args.limit else "FAIL"
        print(f"{name:<12}{cells}{ratio:9.2f}  {verdict}", flush=True)
        if ratio > args.limit:
            failed.append(name)
    print(f"\n{'PASS' if not failed else 'FAIL'}: ratio of time per KB at {SIZES_KB[-1]} KB to {SIZES_KB[0]} KB "
          f"must be at most {args.limit:g}" + (f" (not linear: {', '.join(failed)})" if failed else ""))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
