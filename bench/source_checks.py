"""Precision and reach of the source-aware checks on WMT22 dev: every check, run alone on each file read with
its source (``tqa.read(FILE, source=source.zh)``), flags per 1,000 segments on reference A, reference B and each
of the 12 systems, every flag on the references (each must be explained: a real error in a reference, or a false
alarm to narrow), and examples from MT.

    python bench/source_checks.py [--checks numbers,terms] [--examples 10] [--show-refs 50]

Skips cleanly when ../shared/data/wmt22-zhen is absent.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WMT22, wmt22_available, wmt22_references, wmt22_systems  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", help="comma-separated check names (default: every check that needs a source)")
    parser.add_argument("--examples", type=int, default=10, help="examples from MT output per check")
    parser.add_argument("--show-refs", type=int, default=50, help="flags on the references to list per check")
    parser.add_argument("--glossary", default=None, help="glossary (default: the bundled one)")
    args = parser.parse_args()
    if not wmt22_available():
        print("skipped: ../shared/data/wmt22-zhen is absent")
        return 0
    import tqa
    from tqa.checks import all_checks

    glossary = tqa.resolve_glossary(args.glossary)
    checks = all_checks(include_off=True)  # a check off by default is measured too
    if args.checks:
        wanted = [name.strip() for name in args.checks.split(",")]
        unknown = set(wanted) - {c.name for c in checks}
        if unknown:
            sys.exit(f"unknown check(s): {', '.join(sorted(unknown))}")
        checks = [c for c in checks if c.name in wanted]
    else:
        checks = [c for c in checks if getattr(c, "needs_source", False)]
    source = WMT22 / "source.zh"
    files = [("reference", p) for p in wmt22_references()] + [("system", p) for p in wmt22_systems()]
    for check in checks:
        print(f"== {check.name}: {check.description}")
        per_file: dict[str, tuple[int, int, int]] = {}
        examples: list[tuple[str, str, str, str]] = []
        on_refs: list[tuple[str, str, str, str]] = []
        for kind, path in files:
            document = tqa.read(path, source=source)
            result = tqa.analyze_document(document, glossary, checks=[check])
            flagged = {f.unit for f in result.findings}
            per_file[path.name] = (len(document.units), len(flagged), len(result.findings))
            units = {u.id: u for u in document.units}
            for f in result.findings:
                unit = units[f.unit]
                row = (path.name, f.unit, f.rule, f"{f.message}  | target: {f.text or document.text[unit.start:unit.end][:80]!r}")
                (on_refs if kind == "reference" else examples).append(row)
        print(f"{'file':<22} {'segments':>8} {'flagged':>8} {'per 1k':>7} {'findings':>9}")
        totals = defaultdict(lambda: [0, 0])
        for name, (segments, flagged, found) in per_file.items():
            kind = "refs" if name.startswith("ref.") else "MT"
            totals[kind][0] += segments
            totals[kind][1] += flagged
            print(f"{name:<22} {segments:>8} {flagged:>8} {1000 * flagged / segments:7.2f} {found:>9}")
        for kind, (segments, flagged) in totals.items():
            print(f"{'all ' + kind:<22} {segments:>8} {flagged:>8} {1000 * flagged / segments:7.2f}")
        print(f"-- flags on the references ({len(on_refs)}; each needs an explanation):")
        for row in on_refs[:args.show_refs]:
            print("   ", *row)
        random.Random(12345).shuffle(examples)
        print(f"-- {min(args.examples, len(examples))} examples from MT output:")
        for row in examples[:args.examples]:
            print("   ", *row)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
