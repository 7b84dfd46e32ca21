"""Glossary precision on real MT output: findings per 1,000 words on MT systems vs human references.

A good glossary entry fires on machine translation and almost never on human translation. This runs the
shipped glossary (glossary check only) over the WMT22 zh-en test set in ../shared/data/wmt22-zhen (12 MT
systems, two human references; Kocmi et al., "Findings of the 2022 Conference on Machine Translation
(WMT22)") and prints, per system and per reference, words, findings and findings per 1,000 words, then
checks the targets: at most 0.05 per 1,000 words on each reference; on the systems together at least 0.25
and at least 5 times the references' rate. Skips cleanly when the data is absent.

    python bench/glossary_precision.py [--glossary FILE] [--show N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WMT22, wmt22_available, wmt22_references, wmt22_systems  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glossary", help="glossary file (default: the shipped zh-en-news glossary)")
    parser.add_argument("--show", type=int, default=10, help="show this many findings on the references")
    args = parser.parse_args()
    if not wmt22_available():
        print(f"SKIP: WMT22 data not found at {WMT22} (set TQA_WMT22 to its folder)")
        return 0

    import pandas as pd

    import tqa
    from tqa.checks.glossary import GlossaryCheck

    glossary = tqa.load_glossary(args.glossary)
    checks = [GlossaryCheck()]
    rows, on_refs, by_rule = [], [], Counter()
    for kind, paths in (("system", wmt22_systems()), ("reference", wmt22_references())):
        for path in paths:
            text = path.read_text(encoding="utf-8")
            result = tqa.analyze(text, glossary, doc_id=path.name, checks=checks)
            rows.append({"kind": kind, "file": path.name, "words": result.words,
                         "findings": len(result.findings),
                         "per_kword": 1000 * len(result.findings) / result.words})
            for finding in result.findings:
                if kind == "reference":
                    on_refs.append(finding)
                else:
                    by_rule[finding.rule] += 1
    table = pd.DataFrame(rows)
    pd.set_option("display.width", 120)
    print(f"glossary {glossary.name} version {glossary.version}, {len(glossary)} entries; data: {WMT22}\n")
    print(table.to_string(index=False, formatters={"per_kword": "{:.3f}".format}))

    systems = table[table.kind == "system"]
    refs = table[table.kind == "reference"]
    mt_rate = 1000 * systems.findings.sum() / systems.words.sum()
    ref_rate = 1000 * refs.findings.sum() / refs.words.sum()
    worst_ref = refs.per_kword.max()
    ratio = mt_rate / ref_rate if ref_rate else float("inf")
    print(f"\nMT systems together: {systems.findings.sum()} findings in {systems.words.sum():,} words = "
          f"{mt_rate:.3f} per 1,000 words")
    print(f"references together: {refs.findings.sum()} findings in {refs.words.sum():,} words = "
          f"{ref_rate:.3f} per 1,000 words (worst reference {worst_ref:.3f})")
    print(f"ratio MT / references: {ratio:.1f}x")
    print("\nmost frequent rules on MT output: " + ", ".join(f"{rule} {n}" for rule, n in by_rule.most_common(12)))
    if on_refs:
        print("\nfindings on the human references:")
        for finding in on_refs[:args.show]:
            print(f"  {finding.doc}:{finding.line}  {finding.rule}  \"{finding.text}\"")
    ok = worst_ref <= 0.05 and mt_rate >= 0.25 and ratio >= 5
    print("\ntargets (each reference <= 0.05, MT >= 0.25, ratio >= 5x): " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
