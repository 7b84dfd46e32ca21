"""``tqa rules`` (every rule, or those a selector names) and ``tqa rule CODE`` (one rule explained)."""

from __future__ import annotations

import json
import os
import shutil
import sys
import unicodedata

from ..errors import TqaError
from .common import EXIT_OK, load, names
from .config import command_line_only


def add_parsers(commands) -> None:
    listing = commands.add_parser(
        "rules", help="list the rules: code, check, severity, category, summary",
        description="List every rule tqa can report with the glossaries, or those the selectors name "
                    "(codes, prefixes, checks, glossaries, MQM categories, as --select takes them).")
    listing.add_argument("selectors", nargs="*", metavar="SELECTOR",
                         help="only these rules, e.g. numbers, zh-en-news/wechat, Style (default: all)")
    listing.add_argument("-g", "--glossary", action="append", metavar="FILE|NAME",
                         help="glossary file or bundled name (repeatable; default: zh-en-news)")
    # The config's `format` is check's report format: these listings take theirs from the command line only.
    command_line_only(listing.add_argument("--format", choices=("text", "json", "csv"), default="text",
                                           help="output format"))
    listing.set_defaults(func=cmd_rules)

    one = commands.add_parser("rule", help="explain one rule: message, category, severity, examples, source",
                              description="Explain one rule: what it finds, its category and severity, its "
                                          "phrases or terms, its examples, and where it is defined.")
    one.add_argument("code", metavar="CODE", help="a rule code (or a glossary entry's bare id), e.g. numbers.mismatch")
    one.add_argument("-g", "--glossary", action="append", metavar="FILE|NAME",
                     help="glossary file or bundled name (repeatable; default: zh-en-news)")
    command_line_only(one.add_argument("--format", choices=("text", "json"), default="text", help="output format"))
    one.set_defaults(func=cmd_rule)


def _table(args):
    from ..rules import rule_table

    glossary = load(args.glossary)
    table = rule_table(glossary)
    return glossary, table


def _selected(table, glossary, selectors: list[str]):
    from ..rules import Selector

    if not selectors:
        return list(table.values())
    checks = sorted({rule.check for rule in table.values()})
    glossaries = [s.name for s in glossary.sources]
    parsed = [Selector.parse(text, table, checks, glossaries) for text in selectors]
    return [rule for rule in table.values()
            if any(s.matches(rule.code, rule.check, category) for s in parsed
                   for category in rule.categories or ("",))]


def _severities(rule) -> str:
    return "/".join(str(s) for s in rule.severities) or "-"


def _record(rule) -> dict:
    return {
        "code": rule.code, "check": rule.check, "glossary": rule.glossary, "summary": rule.summary,
        "categories": list(rule.categories), "severities": [str(s) for s in rule.severities],
        "autofix": rule.autofix, "default": rule.default, "note": rule.note, "suggestion": rule.suggestion,
        "match": list(rule.match), "source": list(rule.source_terms), "target": list(rule.target),
        "examples": [{"kind": kind, "source": source, "target": target} for kind, source, target in rule.examples],
        "origin": _shown_path(rule.origin),
    }


def cmd_rules(args) -> int:
    glossary, table = _table(args)
    rules = _selected(table, glossary, names(args.selectors))
    if args.format == "json":
        json.dump([_record(rule) for rule in rules], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if args.format == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["code", "check", "severity", "category", "autofix", "default", "summary"])
        for rule in rules:
            writer.writerow([rule.code, rule.check, _severities(rule), " / ".join(rule.categories),
                             "yes" if rule.autofix else "no", "on" if rule.default else "off", rule.summary])
        return EXIT_OK
    width = max((len(rule.code) for rule in rules), default=10)
    for rule in rules:
        fix = "[*]" if rule.autofix else "   "
        off = "" if rule.default else "  (off by default)"
        print(f"{rule.code:<{width}}  {fix}  {_severities(rule):<14}  {rule.category:<38}  {rule.summary}{off}")
    print(f"\n{len(rules)} rule(s); [*] fixable by tqa fix; explain one with: tqa rule CODE", file=sys.stderr)
    return EXIT_OK


def cmd_rule(args) -> int:
    from ..rules import Selector

    glossary, table = _table(args)
    checks = sorted({rule.check for rule in table.values()})
    selector = Selector.parse(args.code, table, checks, [s.name for s in glossary.sources])
    if selector.kind != "code":
        listed = [r.code for r in _selected(table, glossary, [args.code])]
        shown = ", ".join(listed[:5]) + (f" and {len(listed) - 5} more" if len(listed) > 5 else "")
        raise TqaError(f"tqa rule: {args.code!r} names {len(listed)} rules ({shown}), not one: list them with "
                       f"'tqa rules {args.code}'")
    rule = table[selector.value]
    if args.format == "json":
        json.dump(_record(rule), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    out = [rule.code, "", rule.note if rule.note.startswith(rule.summary) else rule.summary, ""]
    if rule.note and not rule.note.startswith(rule.summary):
        out += [rule.note, ""]
    rows = [
        ("check", rule.check + ("" if rule.default else f" (off by default: --extend-select {rule.check})")),
        ("glossary", rule.glossary),
        ("category", " or ".join(rule.categories)),
        ("severity", " or ".join(str(s) for s in rule.severities)
                     + (" (the first is the usual one)" if len(rule.severities) > 1 else "")),
        ("finds", ", ".join(repr(m) for m in rule.match[:12]) + (" …" if len(rule.match) > 12 else "")),
        ("source terms", ", ".join(rule.source_terms)),
        ("accepted", ", ".join(rule.target)),
        ("suggestion", rule.suggestion),
        ("tqa fix", "applies the suggestion" if rule.autofix else "leaves it to a person"),
        ("defined in", _shown_path(rule.origin)),
    ]
    width = max(len(label) for label, _ in rows)
    out += [f"  {label:<{width}}  {value}" for label, value in rows if value]
    if rule.examples:
        out += ["", "  examples"]
        width = shutil.get_terminal_size((100, 24)).columns
        for kind, source, target in rule.examples:
            out += _example(kind, source, target, width)
    out += ["", f"  switch off: --ignore {rule.code}    lower: --severity-override {rule.code}=minor",
            f"  suppress in a file: .tqaignore line '{rule.code} path=GLOB text=\"PHRASE\"', "
            f"or 'tqa: ignore[{rule.code}]' in a PO/XLIFF note"]
    print("\n".join(out))
    return EXIT_OK


_LABEL = 4 + 11 + 2  # columns before an example's text: indentation, "not flagged", a gap


def _example(kind: str, source: str, target: str, width: int) -> list[str]:
    """One example as ``tqa rule`` prints it: "flagged" or "not flagged", then for each unit its source and, below
    it, "→ target" ("(empty)" for an empty one; a text without a source: its lines), each wrapped to ``width``
    columns. An example of several units (or lines) numbers them, so that a wrapped row is not taken for another
    unit."""
    from ..report import display

    sources = source.split("\n") if source else []
    targets = target.split("\n")
    if sources and len(sources) != len(targets):  # not line-aligned: one unit
        sources, targets = [source], [target]
    numbered = len(targets) > 1
    rows: list[str] = []
    for number, target_line in enumerate(targets, 1):
        mark = f"{number}  " if numbered else ""
        pad = " " * len(mark)
        if sources:
            rows += _wrapped(mark, display(sources[number - 1]), width - _LABEL)
            rows += _wrapped(pad + "→ ", display(target_line) or "(empty)", width - _LABEL)
        else:
            rows += _wrapped(mark, display(target_line), width - _LABEL)
    label = "flagged" if kind == "bad" else "not flagged"
    return [f"    {label if k == 0 else '':<11}  {row}".rstrip() for k, row in enumerate(rows)]


def _wrapped(lead: str, text: str, width: int) -> list[str]:
    """``lead`` + ``text`` in rows of at most ``width`` terminal columns (a wide CJK character takes two), the
    rows after the first indented under the text; broken at the row's last space when it is near the end of the
    row (English), else anywhere (Chinese has no spaces). A very narrow terminal gets one row."""
    room = width - len(lead)
    if room < 20 or _columns(text) <= room:
        return [lead + text]
    rows: list[str] = []
    row, used = "", 0
    for char in text:
        wide = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used + wide > room:
            cut = row.rfind(" ")
            if char == " ":
                rows.append(row)
                row, used = "", 0
                continue
            if cut > 0 and _columns(row[cut:]) <= room // 3:
                rows.append(row[:cut])
                row = row[cut + 1:]
            else:
                rows.append(row)
                row = ""
            used = _columns(row)
        row += char
        used += wide
    rows.append(row)
    return [lead + rows[0]] + [" " * len(lead) + r for r in rows[1:]]


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _shown_path(origin: str) -> str:
    """A rule's origin with its file relative to the working directory when it lies below it."""
    path, sep, line = origin.rpartition(":")
    if not sep or not os.path.isabs(path):
        return origin
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return origin
    return f"{relative}:{line}" if not relative.startswith("..") else origin
