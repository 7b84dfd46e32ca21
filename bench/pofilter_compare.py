"""pofilter beside tqa on the same WMT22 dev PO files: flags per 1,000 segments of each tqa check and of the
pofilter tests that do the same job, on reference A, reference B and each of the 12 systems.

The PO files are built from ../shared/data/wmt22-zhen (Kocmi et al., "Findings of the 2022 Conference on Machine
Translation (WMT22)"; research use) in bench/_work/pofilter: one per reference and system, msgid = the source
line, msgstr = the target line (a msgctxt with the line number only where a source line repeats, as PO needs
one message per msgid). Both tools read these same files:

- pofilter through its own code path (``translate.filters.pofilter.pocheckfilter``, what ``pofilter --language=en
  --test=numbers --test=sentencecount ...`` runs): every test below on every unit, all tests at once;
- tqa through its API (``tqa.read(FILE.po)``, ``tqa.analyze_document`` with one check), as ``tqa check FILE.po
  --only-check NAME`` does. A tqa check not on this branch is skipped with a line saying so.

Mapping (a segment counts as flagged by a row when one of its tests fails, or one of its tqa rules fires):

==================================  ===========================================================
tqa                                  pofilter
==================================  ===========================================================
numbers                              numbers
omission, sentence-count rules       sentencecount
omission, length rules               long, short
omission, empty-target rules         untranslated
omission, parenthetical/quote rules  brackets
omission, every rule                 sentencecount, long, short, untranslated, brackets
copies                               unchanged
tags                                 xmltags, urls, emails, printf, pythonbraceformat
terms, names                         (no counterpart)
==================================  ===========================================================

Without segment-level human judgements for this data, what can be measured is printed: flags on the human
references (false alarms, or real slips of the translators) against flags on MT, their ratio (a check that
flags MT no more often than human translations does not tell them apart), how far the two tools flag the same
MT segments, and Kendall's tau-b between each system's flag rate and WMT22's system-level DA z (12 systems:
negative means more flags for the systems people judged worse; with 12 points, only a large value says much).

    python bench/pofilter_compare.py [--checks numbers,names] [--work DIR]

Skips cleanly when ../shared/data/wmt22-zhen is absent.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WMT22, WORK, wmt22_available, wmt22_references, wmt22_systems  # noqa: E402


@dataclass(frozen=True)
class Row:
    """One line of the comparison: a tqa check (only the rules whose id matches ``rules``, when given) against
    the pofilter tests that do the same job."""

    label: str
    check: str
    rules: str | None  # a regular expression searched in rule ids; None = every rule of the check
    tests: tuple[str, ...]


ROWS = (
    Row("numbers", "numbers", None, ("numbers",)),
    Row("omission: sentence count", "omission", r"sentence", ("sentencecount",)),
    Row("omission: length", "omission", r"length|long|short|ratio", ("long", "short")),
    Row("omission: empty target", "omission", r"empty|blank", ("untranslated",)),
    Row("omission: parenthetical, quotation", "omission", r"paren|bracket|quot|list", ("brackets",)),
    Row("omission: every rule", "omission", None, ("sentencecount", "long", "short", "untranslated", "brackets")),
    Row("copies", "copies", None, ("unchanged",)),
    Row("tags", "tags", None, ("xmltags", "urls", "emails", "printf", "pythonbraceformat")),
    Row("terms", "terms", None, ()),
    Row("names", "names", None, ()),
)


# --- the PO files ----------------------------------------------------------------------------------------------

def po_string(text: str) -> str:
    """``text`` as a one-line PO string, quotes included."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
               .replace("\r", "\\r"))
    return f'"{escaped}"'


def write_po(path: Path, sources: Sequence[str], targets: Sequence[str], *, origin: str = "source.zh",
             comment: str = "") -> int:
    """Write a PO catalogue of one message per line pair (msgid = source, msgstr = target, ``#: origin:N``),
    with a msgctxt ``line N`` where a source repeats (a catalogue has one message per msgid). A pair whose
    source is empty is left out (an empty msgid is the header). Returns the number of messages written."""
    if len(sources) != len(targets):
        raise ValueError(f"{len(sources)} sources but {len(targets)} targets")
    repeated = {source for source, count in Counter(sources).items() if count > 1}
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    lines += ['msgid ""', 'msgstr ""', '"Language: en\\n"', '"X-Source-Language: zh_CN\\n"', '"MIME-Version: 1.0\\n"',
              '"Content-Type: text/plain; charset=UTF-8\\n"', '"Content-Transfer-Encoding: 8bit\\n"', ""]
    written = 0
    for number, (source, target) in enumerate(zip(sources, targets), 1):
        if not source:
            continue
        lines.append(f"#: {origin}:{number}")
        if source in repeated:
            lines.append(f'msgctxt "line {number}"')
        lines += [f"msgid {po_string(source)}", f"msgstr {po_string(target)}", ""]
        written += 1
    path.write_text("\n".join(lines), encoding="utf-8")
    return written


def read_lines(path: Path) -> list[str]:
    """The lines of a WMT22 file (split on \\n only, as its README says; the file ends with one)."""
    text = path.read_text(encoding="utf-8")
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")


def build_po_files(work: Path) -> list[tuple[str, Path, int]]:
    """(name, PO file, its number of messages) for each reference and system, written into ``work``."""
    work.mkdir(parents=True, exist_ok=True)
    sources = read_lines(WMT22 / "source.zh")
    files = []
    for path in [*wmt22_references(), *wmt22_systems()]:
        targets = read_lines(path)
        po = work / f"{path.stem}.po"
        count = write_po(po, sources, targets, comment=f"WMT22 zh-en: source.zh with {path.name} (Kocmi et al. "
                                                      f"2022; research use)")
        files.append((path.name, po, count))
    return files


# --- the two tools ---------------------------------------------------------------------------------------------

def pofilter_flags(po: Path, tests: Sequence[str]) -> list[set[str]]:
    """For each message of ``po`` in order, the pofilter tests among ``tests`` that fail on it."""
    from translate.filters import checks
    from translate.filters.pofilter import pocheckfilter
    from translate.storage import factory

    options = SimpleNamespace(excludefilters={}, limitfilters=list(tests), includefuzzy=True, includereview=True,
                              autocorrect=False)
    checkfilter = pocheckfilter(options, checkerconfig=checks.CheckerConfig(targetlanguage="en"))
    store = factory.getobject(str(po))
    return [set(checkfilter.filterunit(unit) or ()) for unit in store.units if not unit.isheader()]


def tqa_flags(po: Path, check, glossary) -> list[set[str]]:
    """For each unit of ``po`` in order, the rules of ``check`` that fire on it."""
    import tqa

    document = tqa.read(po)
    result = tqa.analyze_document(document, glossary, checks=[check])
    index = {unit.id: number for number, unit in enumerate(document.units)}
    flags: list[set[str]] = [set() for _ in document.units]
    for finding in result.findings:
        flags[index[finding.unit]].add(finding.rule)
    return flags


# --- the report ------------------------------------------------------------------------------------------------

def per_kilo(flags: list[bool]) -> float:
    return 1000 * sum(flags) / len(flags) if flags else 0.0


def da_z() -> dict[str, float]:
    path = WMT22 / "human" / "da-sys-scores.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {row["system"]: float(row["da_z"]) for row in csv.DictReader(handle)}


def kendall(x: Sequence[float], y: Sequence[float]) -> float:
    from bench.human_correlation import kendall_tau_b

    return kendall_tau_b(x, y)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", help="comma-separated tqa checks to compare (default: every row)")
    parser.add_argument("--work", type=Path, default=WORK / "pofilter", help="where the PO files are written")
    args = parser.parse_args()
    if not wmt22_available():
        print("skipped: ../shared/data/wmt22-zhen is absent")
        return 0
    import tqa
    from tqa.checks import all_checks

    started = time.perf_counter()
    files = build_po_files(args.work)
    built = time.perf_counter()
    rows = [row for row in ROWS if not args.checks or row.check in args.checks.split(",")]
    tests = tuple(dict.fromkeys(test for row in rows for test in row.tests))
    pofilter = {name: pofilter_flags(po, tests) if tests else [set()] * count for name, po, count in files}
    pofilter_time = time.perf_counter() - built

    glossary = tqa.resolve_glossary(None)
    available = {check.name: check for check in all_checks(include_off=True)}
    tqa_results: dict[str, dict[str, list[set[str]]]] = {}
    tqa_times: dict[str, float] = {}
    for check_name in dict.fromkeys(row.check for row in rows):
        if check_name in available:
            start = time.perf_counter()
            tqa_results[check_name] = {name: tqa_flags(po, available[check_name], glossary) for name, po, _ in files}
            tqa_times[check_name] = time.perf_counter() - start

    human = da_z()
    systems = [name for name, _, _ in files if not name.startswith("ref.")]
    print(f"WMT22 zh-en dev: {len(files)} PO files of {files[0][2]} messages "
          f"(source + ref A, ref B, {len(systems)} systems), in {args.work}")
    print(f"pofilter tests run (all at once): {', '.join(tests) or 'none'}")
    print("flags per 1,000 segments (a segment counts once per row); 'mean MT' is the mean over the systems\n")
    for row in rows:
        print(f"== {row.label}: tqa {row.check}" + (f" (rules /{row.rules}/)" if row.rules else "")
              + f"  vs  pofilter {', '.join(row.tests) or '(no counterpart)'}")
        tqa_side = tqa_results.get(row.check)
        note = ""
        if tqa_side is None:
            note = f"tqa: check {row.check!r} is not on this branch: skipped (re-run after merging)"
        elif row.rules:
            declared = sorted(rule for rule in available[row.check].rules(glossary) if re.search(row.rules, rule))
            if not declared:
                note = (f"tqa: {row.check} declares no rule matching /{row.rules}/ "
                        f"(its rules: {', '.join(sorted(available[row.check].rules(glossary)))}): skipped")
                tqa_side = None
            else:
                note = f"tqa rules: {', '.join(declared)}"
        if note:
            print(f"   {note}")
        if tqa_side is None and not row.tests:
            print()
            continue
        table = compare(row, files, pofilter, tqa_side)
        print_table(table, systems, human)
        print()
    print(f"time: PO files {built - started:.1f} s; pofilter {pofilter_time:.1f} s for {len(files)} files; "
          + "; ".join(f"tqa {name} {seconds:.1f} s" for name, seconds in tqa_times.items())
          + f"; total {time.perf_counter() - started:.1f} s")
    return 0


def compare(row: Row, files, pofilter, tqa_side) -> dict[str, tuple[list[bool] | None, list[bool] | None]]:
    """Per file, the segments each tool flags for ``row`` (None for a tool that has nothing to run: a tqa check
    not on this branch, a check pofilter has no test for)."""
    table = {}
    for name, _, _ in files:
        po_flags = [bool(failed & set(row.tests)) for failed in pofilter[name]] if row.tests else None
        ours = None
        if tqa_side is not None:
            ours = [any(re.search(row.rules, rule) for rule in rules) if row.rules else bool(rules)
                    for rules in tqa_side[name]]
            if len(ours) != len(pofilter[name]):
                sys.exit(f"{name}: tqa read {len(ours)} units, pofilter {len(pofilter[name])}")
        table[name] = (po_flags, ours)
    return table


def print_table(table, systems: list[str], human: dict[str, float]) -> None:
    def cell(flags) -> str:
        return f"{per_kilo(flags):9.2f}" if flags is not None else f"{'—':>9}"

    print(f"   {'file':<22} {'pofilter':>9} {'tqa':>9}")
    for name, (po, tq) in table.items():
        print(f"   {name:<22} {cell(po)} {cell(tq)}")
    refs = [name for name in table if name.startswith("ref.")]

    def mean(names, side) -> float | None:
        values = [per_kilo(table[n][side]) for n in names if table[n][side] is not None]
        return sum(values) / len(values) if values else None

    def fmt(value) -> str:
        return f"{value:9.2f}" if value is not None else f"{'—':>9}"

    mt = [mean(systems, 0), mean(systems, 1)]
    ref = [mean(refs, 0), mean(refs, 1)]
    print(f"   {'mean MT':<22} {fmt(mt[0])} {fmt(mt[1])}")
    print(f"   {'mean refs':<22} {fmt(ref[0])} {fmt(ref[1])}")

    def ratio(m, r) -> str:
        if m is None or r is None:
            return f"{'—':>9}"
        return f"{m / r:9.2f}" if r else (f"{'inf':>9}" if m else f"{'—':>9}")

    print(f"   {'MT / refs':<22} {ratio(mt[0], ref[0])} {ratio(mt[1], ref[1])}")
    if human and all(name.removesuffix(".en") in human for name in systems):
        z = [human[name.removesuffix(".en")] for name in systems]
        taus = []
        for side in (0, 1):
            rates = [per_kilo(table[name][side]) for name in systems if table[name][side] is not None]
            taus.append(kendall(rates, z) if len(rates) == len(systems) and len(set(rates)) > 1 else None)
        print(f"   {'tau-b vs DA z':<22} {fmt(taus[0])} {fmt(taus[1])}")
    if all(table[name][0] is not None and table[name][1] is not None for name in systems):
        both = po_only = tqa_only = 0
        for name in systems:
            po, tq = table[name]
            both += sum(p and t for p, t in zip(po, tq))
            po_only += sum(p and not t for p, t in zip(po, tq))
            tqa_only += sum(t and not p for p, t in zip(po, tq))
        print(f"   MT segments flagged by both {both}, by pofilter only {po_only}, by tqa only {tqa_only}")


if __name__ == "__main__":
    raise SystemExit(main())
