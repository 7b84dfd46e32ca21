"""Term-entry precision on real MT output: how often each term entry would fire on WMT22 dev.

A term entry (``source`` terms and the ``target`` renderings they accept) fires on a line whose source holds one
of its source terms and whose target holds none of its accepted renderings. An entry that fires on the human
references lacks a rendering that careful translators use (add it) or has a source term that is also part of
ordinary words (narrow it); a fire that is a real error of the reference is listed in EXPLAINED below.

This is a simple stand-in for the terms check of the source-aware checks (issue 11), written to measure the
shipped term list before that check lands: a source term is found as a case-folded substring of the source line;
a rendering is found case-insensitively as whole words, with any run of spaces or a hyphen between its words,
straight and curly apostrophes alike, and the plural (``-s``/``-es``) or possessive of its last word. The real
check (``bench/source_checks.py --checks terms``) may segment the source with jieba, so it can fire less.

For every term entry of a glossary (default: the shipped zh-en-news glossary) it prints the lines holding a
source term and the fires on ref A, ref B and the 12 systems together; then every fire on a reference with its
lines (explained ones marked), totals per 1,000 segments on the references and on MT, and examples from MT.
Exit status 1 when a reference fire is neither fixed nor explained. Skips cleanly when the data is absent.

    python bench/term_precision.py [--glossary FILE] [--examples N] [--all]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WMT22, wmt22_available, wmt22_systems  # noqa: E402

#: Reference fires that are errors of the reference itself (the term is mistranslated or left out), by
#: (entry id, reference file, 1-based line): why the fire is right.
EXPLAINED: dict[tuple[str, str, int], str] = {
    ("xi-jinping-thought", "ref.A", 930): "the reference drops 'Thought' from the name (\"socialism with Chinese "
                                          "characteristics of Xi Jinping\"); ref B has \"Xi Jinping thought\"",
    ("peoples-daily", "ref.A", 919): "the reference leaves out 人民日报12月12日评论员文章 (a People's Daily commentary of "
                                     "December 12) from the dateline",
    ("peoples-daily", "ref.B", 919): "the reference leaves out 人民日报12月12日评论员文章 from the dateline, as ref A does",
    ("cctv", "ref.A", 521): "the reference writes \"CTV Finance\" for 央视财经 (CCTV Finance)",
    ("cctv", "ref.B", 521): "the reference writes \"CTV Finance\" for 央视财经 (CCTV Finance), as ref A does",
    ("cbirc", "ref.B", 1630): "the reference names the China Banking Regulatory Commission (CBRC), the predecessor merged "
                              "into the CBIRC in 2018; 银保监会 also regulates insurance, as the sentence itself says",
    ("cac", "ref.B", 1475): "ref B's line 1475 translates another segment (trending topics and a wave of public opinion): "
                            "the reference is misaligned here",
    ("executive-yuan", "ref.A", 342): "the reference writes \"the administrative council of Taiwan\" for 台湾行政院 (the "
                                      "Executive Yuan)",
    ("executive-yuan", "ref.B", 342): "the reference writes \"Taiwan Executive Council\", a descriptive rendering; the "
                                      "body's English name is the Executive Yuan",
    ("inner-mongolia", "ref.A", 1757): "the reference misspells Inner Mongolia (\"Inter Mongolian Plateau\")",
    ("inner-mongolia", "ref.B", 1757): "the reference misspells Inner Mongolia (\"Inter Mongolian Plateau\"), as ref A does",
    ("centenary-goal", "ref.B", 922): "the reference renders 百年奋斗目标 word for word (\"the first one-hundred struggle "
                                      "objective\"); ref A has \"the first centennial objective\"",
}

JOIN = r"[\s\-\u2010\u2011\ufe63\uff0d]+"
APOSTROPHE = "['\u2019\u2018]"


def rendering_pattern(rendering: str) -> str:
    """A whole-word, hyphen/space-tolerant pattern for one accepted rendering; the last word may be plural."""
    words = [w for w in re.split(r"[\s\-\u2010\u2011\ufe63\uff0d]+", rendering.strip()) if w]
    parts = [re.sub(r"\\?['\u2019\u2018]", APOSTROPHE, re.escape(w)) for w in words]
    body = JOIN.join(parts)
    if words[-1][-1:].isalpha():
        body += r"(?:s|es)?"
    return rf"(?<!\w){body}(?!\w)"


def target_regex(renderings) -> re.Pattern:
    return re.compile("|".join(rendering_pattern(r) for r in renderings), re.IGNORECASE)


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glossary", help="glossary file (default: the shipped zh-en-news glossary)")
    parser.add_argument("--examples", type=int, default=10, help="show this many fires on MT (default 10)")
    parser.add_argument("--all", action="store_true", help="list every term entry, not only those that occur")
    parser.add_argument("--seed", type=int, default=11, help="random seed for choosing the MT examples")
    args = parser.parse_args()
    if not wmt22_available():
        print(f"SKIP: WMT22 data not found at {WMT22} (set TQA_WMT22 to its folder)")
        return 0

    import tqa

    glossary = tqa.load_glossary(args.glossary)
    terms = [e for e in glossary.entries if e.is_term]
    source = read_lines(WMT22 / "source.zh")
    refs = {name: read_lines(WMT22 / f"{name}.en") for name in ("ref.A", "ref.B")}
    systems = {path.stem: read_lines(path) for path in wmt22_systems()}
    segments = len([line for line in source if line.strip()])
    folded = [line.casefold() for line in source]

    rows, ref_fires, mt_fires = [], [], []
    for entry in terms:
        keys = [term.casefold() for term in entry.source]
        lines = [i for i, line in enumerate(folded) if any(k in line for k in keys)]
        regex = target_regex(entry.target)
        row = {"id": entry.id, "lines": len(lines), "ref.A": 0, "ref.B": 0, "MT": 0}
        for i in lines:
            for name, text in refs.items():
                if not regex.search(text[i]):
                    row[name] += 1
                    ref_fires.append((entry.id, name, i + 1))
            for name, text in systems.items():
                if text[i].strip() and not regex.search(text[i]):
                    row["MT"] += 1
                    mt_fires.append((entry.id, name, i + 1))
        rows.append(row)

    print(f"glossary {glossary.name} version {glossary.version}: {len(glossary)} entries, {len(terms)} term "
          f"entries ({sum(len(e.source) for e in terms)} source terms); data: {WMT22}, {segments} segments, "
          f"{len(systems)} systems\n")
    shown = [r for r in rows if args.all or r["lines"]]
    width = max([len(r["id"]) for r in shown] + [10])
    print(f"{'entry':<{width}}  lines  ref.A  ref.B     MT  (MT: fires over {len(systems)} systems)")
    for r in shown:
        print(f"{r['id']:<{width}}  {r['lines']:5}  {r['ref.A']:5}  {r['ref.B']:5}  {r['MT']:5}")
    print(f"\n{len(rows) - len([r for r in rows if r['lines']])} term entries do not occur in the dev source.")

    unexplained = [f for f in ref_fires if f not in EXPLAINED]
    if ref_fires:
        print("\nfires on the references:")
        for entry_id, name, line in ref_fires:
            why = EXPLAINED.get((entry_id, name, line))
            print(f"  {entry_id}  {name}:{line}  " + (f"[explained: {why}]" if why else "[NOT EXPLAINED]"))
            print(f"      zh: {source[line - 1]}")
            print(f"      en: {refs[name][line - 1]}")

    print("\nfires per 1,000 segments:")
    for name in refs:
        n = sum(1 for f in ref_fires if f[1] == name)
        m = sum(1 for f in ref_fires if f[1] == name and f not in EXPLAINED)
        print(f"  {name:<18} {n:4} fires = {1000 * n / segments:6.2f}   ({m} not explained = "
              f"{1000 * m / segments:.2f})")
    for name in systems:
        n = sum(1 for f in mt_fires if f[1] == name)
        print(f"  {name:<18} {n:4} fires = {1000 * n / segments:6.2f}")
    print(f"  {'MT, all systems':<18} {len(mt_fires):4} fires = "
          f"{1000 * len(mt_fires) / (segments * len(systems)):6.2f} per system")

    if mt_fires and args.examples:
        print(f"\n{args.examples} examples from MT (one per entry where possible):")
        rng = random.Random(args.seed)
        pool, chosen, seen = mt_fires[:], [], set()
        rng.shuffle(pool)
        for fire in pool:
            if fire[0] not in seen:
                chosen.append(fire)
                seen.add(fire[0])
        chosen += [f for f in pool if f not in chosen]
        for entry_id, name, line in chosen[:args.examples]:
            entry = next(e for e in terms if e.id == entry_id)
            term = next(t for t in entry.source if t.casefold() in folded[line - 1])
            print(f"  {entry_id}  {name}:{line}  {term} → expected {' / '.join(entry.target[:4])}")
            print(f"      zh: {source[line - 1]}")
            print(f"      mt: {systems[name][line - 1]}")

    print(f"\nreference fires not fixed or explained: {len(unexplained)}" + ("" if unexplained else " (PASS)"))
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
