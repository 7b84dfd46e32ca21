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

The data has no segment-level human judgements, so what is printed per row is: flags on the human references
(false alarms, or real slips of the translators) against flags on MT, their ratio (a check that flags MT no more
often than human translations does not tell them apart), how far the two tools flag the same MT segments, and
Kendall's tau-b between each system's flag rate and WMT22's system-level DA z (12 systems: negative means more
flags for the systems people judged worse; with 12 points, only a large value says much).

Whether the MT flags are ones that experts would confirm is measured by a blind review, printed under each row
that has both tools as "confirmed by review: pofilter X/Y (P%), tqa X/Y (P%)" from bench/data/pofilter-review.tsv:

- the sample: ``--sample 25 --seed 1`` drew, for each such row (the sub-rows of omission too), up to 25 MT
  segments (any system) flagged by pofilter's tests of the row and up to 25 flagged by tqa's rules of the row,
  at random with a generator per (seed, row, tool); a segment flagged by both may be drawn for both;
- blind: the sample file (``--sample-out``) is shuffled and gives for each item an opaque id, the row, system,
  line, source, target and what was flagged in neutral terms (the numbers, spans, tags or lengths in question,
  recomputed from the texts for pofilter, whose messages mostly do not say); which tool raised an item is only in
  the key file (``--sample-key``). The form of a flag can still hint at its tool (pofilter flags brackets and
  sentence counts, tqa names spans), so the blinding hides names and wording, not every trace;
- the verdicts were given by the developers from the source and target alone, as a zh→en reviewer would, before
  reading the key: "yes" when the target has a real error of the row's kind at the flagged place (numbers: a
  number, date, time or percentage changed, dropped or added so that the meaning changes; omission: source
  content missing, or content added, judged for the whole segment on length and sentence-count flags; copies:
  source text left untranslated; tags: a placeholder, URL, tag, e-mail or @handle lost or broken), "no", or
  "unsure"; then ``--record-review`` joined them with the key into bench/data/pofilter-review.tsv, one line per
  (row, system, line, tool), so that the verdicts survive re-running;
- X counts "yes"; Y counts every verdict, so "unsure" (shown apart) is not confirmed. A reviewed flag that a tool
  no longer raises is left out (and counted); flags raised since are unreviewed until a new sample is judged.

This is a proxy for expert confirmation by one reviewer, not an MQM annotation; 25 items per tool and row give
the share only roughly (a 95% interval of about ±20 points around 50%).

    python bench/pofilter_compare.py [--checks numbers,names] [--work DIR]
    python bench/pofilter_compare.py --sample 25 [--seed 1] [--sample-out FILE] [--sample-key FILE]
    python bench/pofilter_compare.py --record-review JUDGED.tsv [--sample-key FILE]

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

    def matches(self, rule: str) -> bool:
        """Whether the tqa rule ``rule`` (of this row's check) counts for this row."""
        return not self.rules or bool(re.search(self.rules, rule))


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

def pofilter_flags(po: Path, tests: Sequence[str]) -> list[dict[str, str]]:
    """For each message of ``po`` in order, the pofilter tests among ``tests`` that fail on it, with their
    messages."""
    from translate.filters import checks
    from translate.filters.pofilter import pocheckfilter
    from translate.storage import factory

    options = SimpleNamespace(excludefilters={}, limitfilters=list(tests), includefuzzy=True, includereview=True,
                              autocorrect=False)
    checkfilter = pocheckfilter(options, checkerconfig=checks.CheckerConfig(targetlanguage="en"))
    store = factory.getobject(str(po))
    return [{test: str(failure.get("message", "")) if isinstance(failure, dict) else str(failure)
             for test, failure in (checkfilter.filterunit(unit) or {}).items()}
            for unit in store.units if not unit.isheader()]


@dataclass(frozen=True)
class Fired:
    """A tqa rule that fired on a unit, with the spans it is about: ``target`` is the finding's text in the
    target, ``source`` its span in the source (either may be empty)."""

    rule: str
    target: str
    source: str


def tqa_flags(po: Path, check, glossary) -> list[list[Fired]]:
    """For each unit of ``po`` in order, the rules of ``check`` that fire on it."""
    import tqa

    document = tqa.read(po)
    result = tqa.analyze_document(document, glossary, checks=[check])
    index = {unit.id: number for number, unit in enumerate(document.units)}
    flags: list[list[Fired]] = [[] for _ in document.units]
    for finding in result.findings:
        unit = document.units[index[finding.unit]]
        source = ""
        if finding.source_start is not None and finding.source_end is not None and unit.source:
            source = unit.source[finding.source_start:finding.source_end]
        flags[index[finding.unit]].append(Fired(finding.rule, finding.text, source))
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
    parser.add_argument("--sample", type=int, metavar="N", default=0,
                        help="draw up to N flagged MT segments per tool and row for a blind review")
    parser.add_argument("--seed", type=int, default=1, help="seed of the sample (default 1)")
    parser.add_argument("--sample-out", type=Path, metavar="FILE", default=WORK / "pofilter-sample.tsv",
                        help="the blind sample, to be judged (default bench/_work/pofilter-sample.tsv)")
    parser.add_argument("--sample-key", type=Path, metavar="FILE", default=WORK / "pofilter-sample-key.tsv",
                        help="item id -> tool, kept apart from the sample "
                             "(default bench/_work/pofilter-sample-key.tsv)")
    parser.add_argument("--record-review", type=Path, metavar="FILE",
                        help="add the verdicts of a judged sample (with --sample-key) to "
                             "bench/data/pofilter-review.tsv, and stop")
    args = parser.parse_args()
    if args.record_review:
        count = record_review(args.record_review, args.sample_key)
        print(f"{count} verdicts recorded in {REVIEW}")
        return 0
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
    pofilter = {name: pofilter_flags(po, tests) if tests else [{} for _ in range(count)] for name, po, count in files}
    pofilter_time = time.perf_counter() - built

    glossary = tqa.resolve_glossary(None)
    available = {check.name: check for check in all_checks(include_off=True)}
    tqa_results: dict[str, dict[str, list[list[Fired]]]] = {}
    tqa_times: dict[str, float] = {}
    for check_name in dict.fromkeys(row.check for row in rows):
        if check_name in available:
            start = time.perf_counter()
            tqa_results[check_name] = {name: tqa_flags(po, available[check_name], glossary) for name, po, _ in files}
            tqa_times[check_name] = time.perf_counter() - start

    human = da_z()
    systems = [name for name, _, _ in files if not name.startswith("ref.")]
    sources = read_lines(WMT22 / "source.zh")
    lines = message_lines(sources)
    review = read_tsv(REVIEW, plain=True) if REVIEW.is_file() else []
    sample: list[Item] = []
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
        if row.tests and tqa_side is not None:
            print_review(row, table, systems, lines, review)
            if args.sample:
                sample += draw_sample(row, table, systems, lines, flag_details(row, pofilter, tqa_side, sources, lines),
                                      args.sample, args.seed)
        print()
    print(f"time: PO files {built - started:.1f} s; pofilter {pofilter_time:.1f} s for {len(files)} files; "
          + "; ".join(f"tqa {name} {seconds:.1f} s" for name, seconds in tqa_times.items())
          + f"; total {time.perf_counter() - started:.1f} s")
    if args.sample:
        write_sample(sample, args.seed, args.sample_out, args.sample_key)
        print(f"blind sample: {len(sample)} items in {args.sample_out} (seed {args.seed}); key in {args.sample_key}")
    return 0


def flag_details(row: Row, pofilter, tqa_side, sources: list[str], lines: list[int]):
    """``details(tool, system, index)`` for :func:`draw_sample`: what the tool flagged for ``row`` in that
    message of that system, neutrally worded."""
    targets: dict[str, list[str]] = {}

    def details(tool: str, system: str, index: int) -> str:
        if system not in targets:
            targets[system] = read_lines(WMT22 / "systems" / system)
        source, target = sources[lines[index] - 1], targets[system][lines[index] - 1]
        if tool == "pofilter":
            notes = (describe_pofilter(test, message, source, target)
                     for test, message in pofilter[system][index].items() if test in row.tests)
        else:
            notes = (describe_tqa(fired, source, target)
                     for fired in tqa_side[system][index] if row.matches(fired.rule))
        return "; ".join(dict.fromkeys(notes))

    return details


def compare(row: Row, files, pofilter, tqa_side) -> dict[str, tuple[list[bool] | None, list[bool] | None]]:
    """Per file, the segments each tool flags for ``row`` (None for a tool that has nothing to run: a tqa check
    not on this branch, a check pofilter has no test for)."""
    table = {}
    for name, _, _ in files:
        po_flags = [bool(failed.keys() & set(row.tests)) for failed in pofilter[name]] if row.tests else None
        ours = None
        if tqa_side is not None:
            ours = [any(row.matches(fired.rule) for fired in fired_rules) for fired_rules in tqa_side[name]]
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



# --- the blind review ------------------------------------------------------------------------------------------

REVIEW = Path(__file__).resolve().parent / "data" / "pofilter-review.tsv"
REVIEW_COLUMNS = ("row", "system", "line", "tool", "verdict", "reason")
SAMPLE_COLUMNS = ("item", "row", "system", "line", "source", "target", "flagged", "verdict", "reason")
VERDICTS = ("yes", "no", "unsure")
TOOLS = ("pofilter", "tqa")


def message_lines(sources: Sequence[str]) -> list[int]:
    """The source line number (1-based) of each message of a PO file written by :func:`write_po`."""
    return [number for number, source in enumerate(sources, 1) if source]


def quoted(items) -> str:
    return ", ".join(f"«{item}»" for item in items)


def item_differences(source_items: Sequence[str], target_items: Sequence[str]) -> str:
    """``source «…» | target «…»``: the items of one side that the other lacks (every item when the two only
    differ in order or attributes)."""
    extra_source = list((Counter(source_items) - Counter(target_items)).elements())
    extra_target = list((Counter(target_items) - Counter(source_items)).elements())
    if not extra_source and not extra_target:
        extra_source, extra_target = list(source_items), list(target_items)
    return f"source {quoted(extra_source) or '—'} | target {quoted(extra_target) or '—'}"


def length_note(source: str, target: str) -> str:
    return f"length: source {len(source.strip())} characters, target {len(target.strip())}"


def describe_pofilter(test: str, message: str, source: str, target: str) -> str:
    """What one failed pofilter test is about, in the same neutral terms as :func:`describe_tqa` (the items,
    spans or lengths in question, never the tool's wording); recomputed from the texts with pofilter's own
    extractors, as its messages mostly do not say which numbers or tags differ."""
    from translate.filters import decoration
    from translate.filters.checks.standard import printf_pat, tag_re

    if test == "numbers":
        numbers = dict.fromkeys(decoration.getnumbers(source))  # pofilter counts each source number in both
        return item_differences([n for n in numbers for _ in range(source.count(n))],
                                [n for n in numbers for _ in range(target.count(n))])
    if test in ("long", "short"):
        return length_note(source, target)
    if test == "untranslated":
        return "target empty"
    if test == "sentencecount":
        counts = re.findall(r"\d+", message)
        return f"sentences: source {counts[0]}, target {counts[1]}" if len(counts) == 2 else "sentences differ"
    if test == "brackets":
        return f"brackets: {message.lower()}"
    if test == "unchanged":
        return f"copied: «{target.strip()}»"
    extract = {
        "xmltags": tag_re.findall,
        "urls": decoration.geturls,
        "emails": decoration.getemails,
        "printf": lambda text: [match.group(0) for match in printf_pat.finditer(text)],
        "pythonbraceformat": lambda text: re.findall(r"{[^}]*}", re.sub(r"{{|}}", "", text)),
    }.get(test)
    return item_differences(extract(source), extract(target)) if extract else test


def describe_tqa(fired: Fired, source: str, target: str) -> str:
    """What one tqa finding is about, in the terms of :func:`describe_pofilter`: a length for the length
    rules, else the source span and the target span it names."""
    if re.search(r"\.(long|short)$", fired.rule):
        return length_note(source, target)
    if fired.rule.endswith(".empty"):
        return "target empty"
    if fired.rule.startswith("copies."):
        return f"copied: «{fired.target or fired.source}»"
    return item_differences([fired.source] if fired.source else [], [fired.target] if fired.target else [])


@dataclass(frozen=True)
class Item:
    """One drawn flag: a segment of a system flagged by one tool for one row."""

    tool: str
    row: str
    system: str
    line: int
    flagged: str

    def id(self, seed: int) -> str:
        """An opaque id: a hash of (seed, tool, row, system, line), the same on every re-run, that does not name
        the tool (a reviewer would have to recompute it to tell)."""
        import hashlib

        text = f"{seed}|{self.tool}|{self.row}|{self.system}|{self.line}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def draw_sample(row: Row, table, systems: list[str], lines: list[int], details, size: int,
                seed: int) -> list[Item]:
    """Up to ``size`` MT segments flagged by each tool for ``row``, drawn at random among all its flagged
    segments of every system. Each (seed, row, tool) has its own generator, so a row's draw does not depend
    on which other rows are compared; a segment flagged by both tools may be drawn for both.

    ``details(tool, system, index)`` says what was flagged there."""
    import random

    items = []
    for side, tool in enumerate(TOOLS):
        flagged = [(system, index) for system in systems if table[system][side] is not None
                   for index, flag in enumerate(table[system][side]) if flag]
        rng = random.Random(f"{seed}|{row.label}|{tool}")
        for system, index in sorted(rng.sample(flagged, min(size, len(flagged)))):
            items.append(Item(tool, row.label, system.removesuffix(".en"), lines[index],
                              details(tool, system, index)))
    return items


def write_sample(items: list[Item], seed: int, out: Path, key: Path) -> None:
    """The blind sample (shuffled, no tool named; empty verdict and reason columns for the reviewer) and,
    apart, the key from item id to tool."""
    import random

    sources = read_lines(WMT22 / "source.zh")
    targets = {path.stem: read_lines(path) for path in wmt22_systems()}
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)

    def clean(text: str) -> str:
        return text.replace("\t", " ").replace("\n", " ")

    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(SAMPLE_COLUMNS)
        for item in shuffled:
            writer.writerow([item.id(seed), item.row, item.system, item.line, clean(sources[item.line - 1]),
                             clean(targets[item.system][item.line - 1]), clean(item.flagged), "", ""])
    key.parent.mkdir(parents=True, exist_ok=True)
    with key.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(("item", "tool"))
        for item in sorted(items, key=lambda item: item.id(seed)):
            writer.writerow((item.id(seed), item.tool))


def read_tsv(path: Path, *, plain: bool = False) -> list[dict[str, str]]:
    """The rows of a TSV file with a header: CSV-quoted (the sample, whose texts hold quotes) or ``plain``
    (the review file: no quoting, its fields hold no tab or newline)."""
    quoting = {"quoting": csv.QUOTE_NONE} if plain else {}
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", **quoting))


def record_review(judged: Path, key: Path, review: Path = REVIEW) -> int:
    """Add the verdicts of a judged sample (the sample file with its verdict and reason columns filled in) to
    ``review``, joined with the key: one line per (row, system, line, tool); a new verdict replaces an old one
    for the same key. Returns the number of verdicts recorded."""
    tools = {entry["item"]: entry["tool"] for entry in read_tsv(key)}
    old = read_tsv(review, plain=True) if review.is_file() else []
    entries = {(entry["row"], entry["system"], entry["line"], entry["tool"]): entry for entry in old}
    recorded = 0
    for entry in read_tsv(judged):
        verdict = entry["verdict"].strip().lower()
        if not verdict:
            continue
        if verdict not in VERDICTS:
            sys.exit(f"{judged}: item {entry['item']}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        if entry["item"] not in tools:
            sys.exit(f"{judged}: item {entry['item']} is not in the key {key}")
        fields = (entry["row"], entry["system"], entry["line"], tools[entry["item"]])
        entries[fields] = dict(zip(REVIEW_COLUMNS, (*fields, verdict, " ".join(entry["reason"].split()))))
        recorded += 1
    order = {row.label: number for number, row in enumerate(ROWS)}
    review.parent.mkdir(parents=True, exist_ok=True)
    with review.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, REVIEW_COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                                quotechar=None)
        writer.writeheader()
        for fields in sorted(entries, key=lambda f: (order.get(f[0], len(order)), f[0], f[1], int(f[2]), f[3])):
            writer.writerow(entries[fields])
    return recorded


def print_review(row: Row, table, systems: list[str], lines: list[int], review: list[dict[str, str]]) -> None:
    """The review's verdicts for ``row``: of the reviewed flags that each tool still raises, how many the
    reviewer confirmed ("yes"; "unsure" is shown apart and not counted as confirmed). A reviewed flag that a
    tool no longer raises (a check narrowed since) is left out and counted; flags raised since are not
    reviewed until a new sample is drawn and judged."""
    entries = [entry for entry in review if entry["row"] == row.label]
    if not entries:
        return
    parts, unsure, totals, dropped = [], [], [], 0
    for side, tool in enumerate(TOOLS):
        raised = {(system.removesuffix(".en"), lines[index]) for system in systems
                  if table[system][side] is not None for index, flag in enumerate(table[system][side]) if flag}
        totals.append(len(raised))
        verdicts = []
        for entry in entries:
            if entry["tool"] == tool:
                if (entry["system"], int(entry["line"])) in raised:
                    verdicts.append(entry["verdict"])
                else:
                    dropped += 1
        yes = verdicts.count("yes")
        share = f"{100 * yes / len(verdicts):.0f}%" if verdicts else "—"
        parts.append(f"{tool} {yes}/{len(verdicts)} ({share})")
        unsure.append(f"{tool} {verdicts.count('unsure')}")
    print(f"   confirmed by review: {', '.join(parts)}; unsure: {', '.join(unsure)}"
          + (f"; {dropped} reviewed flags no longer raised, left out" if dropped else "")
          + f" (out of {' and '.join(str(count) for count in totals)} flagged MT segments)")

if __name__ == "__main__":
    raise SystemExit(main())
