"""Language and residue checks on real MT output, and what the language check costs.

On the WMT22 zh-en test set (../shared/data/wmt22-zhen; Kocmi et al., WMT 2022), prints per system and per
human reference the segments (lines), the language and residue findings and their rate per 1,000 segments,
ten examples of each from MT output, and every language finding on the references (the target is at most
1 per 1,000 segments). Then times, in this one run, ``tqa check`` on the 12 system files with every check on
against the same run with ``--no-check language`` (interleaved, median of --repeat); target ratio <= 1.5.
Skips cleanly when the data is absent.

    python bench/language_residue.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WMT22, run_measured, tqa_command, wmt22_available, wmt22_references, wmt22_systems  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--examples", type=int, default=10)
    args = parser.parse_args()
    if not wmt22_available():
        print(f"SKIP: WMT22 data not found at {WMT22} (set TQA_WMT22 to its folder)")
        return 0

    import pandas as pd

    import tqa
    from tqa.checks.language import LanguageCheck
    from tqa.checks.residue import ResidueCheck

    glossary = tqa.load_glossary()
    checks = [ResidueCheck(), LanguageCheck()]
    rows, examples = [], {"language": [], "residue": []}
    ref_language = []
    for kind, paths in (("system", wmt22_systems()), ("reference", wmt22_references())):
        for path in paths:
            text = path.read_text(encoding="utf-8")
            segments = text.count("\n") + (not text.endswith("\n"))
            result = tqa.analyze(text, glossary, doc_id=path.name, checks=checks)
            counts = {"language": 0, "residue": 0}
            for f in result.findings:
                counts[f.check] += 1
                if kind == "system":
                    examples[f.check].append(f)
                elif f.check == "language":
                    ref_language.append(f)
            rows.append({"kind": kind, "file": path.name, "segments": segments,
                         "language": counts["language"], "residue": counts["residue"],
                         "language_per_kseg": 1000 * counts["language"] / segments,
                         "residue_per_kseg": 1000 * counts["residue"] / segments})
    table = pd.DataFrame(rows)
    print(f"data: {WMT22}\n")
    print(table.to_string(index=False, float_format="{:.2f}".format))
    for check, found in examples.items():
        print(f"\n{check}: {len(found)} findings on MT output; {min(args.examples, len(found))} examples")
        # Spread the examples over systems rather than taking the first file's.
        seen, picked = set(), []
        for f in found:
            if (f.doc, f.text) not in seen and len(picked) < args.examples:
                if sum(1 for p in picked if p.doc == f.doc) < 8:
                    picked.append(f)
                    seen.add((f.doc, f.text))
        for f in picked:
            text = f.text if len(f.text) <= 90 else f.text[:87] + "..."
            print(f"  {f.doc}:{f.line}  {f.rule}  {f.severity}  {text!r}")
    refs = table[table.kind == "reference"]
    worst = refs.language_per_kseg.max()
    print(f"\nlanguage findings on the references: {int(refs.language.sum())} "
          f"(worst {worst:.2f} per 1,000 segments; target <= 1)")
    for f in ref_language:
        print(f"  {f.doc}:{f.line}  {f.rule}  {f.text!r}  {f.message}")

    files = [str(p) for p in wmt22_systems()]
    base = tqa_command() + ["check", "--glob", "*.en", *files, "--format", "csv", "-o", "/dev/null"]
    full_times, off_times = [], []
    for _ in range(args.repeat):
        off_times.append(run_measured(base + ["--no-check", "language"])[0])
        full_times.append(run_measured(base)[0])
    full, off = statistics.median(full_times), statistics.median(off_times)
    ratio = full / off
    print(f"\ntiming on the 12 system files ({sum(Path(f).stat().st_size for f in files) / 1e6:.1f} MB), "
          f"median of {args.repeat}:")
    print(f"  all checks          {full:.2f} s  ({' '.join(f'{t:.2f}' for t in full_times)})")
    print(f"  --no-check language {off:.2f} s  ({' '.join(f'{t:.2f}' for t in off_times)})")
    print(f"  ratio {ratio:.2f}x (target <= 1.5x)")
    ok = worst <= 1.0 and ratio <= 1.5
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
