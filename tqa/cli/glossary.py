"""``tqa checks`` and ``tqa glossary list|validate|test|stats``."""

from __future__ import annotations

from .common import EXIT_GATE, EXIT_OK, load, usage, _Parser


def add_parsers(commands) -> None:
    checks = commands.add_parser("checks", help="list the checks with a one-line description")
    checks.set_defaults(func=cmd_checks)

    glossary = commands.add_parser("glossary", help="list, validate, test and describe glossaries")
    gcommands = glossary.add_subparsers(dest="glossary_command", metavar="ACTION", parser_class=_Parser)
    listing = gcommands.add_parser("list", help="the bundled glossaries: name, version, entries, description",
                                   description="The glossaries shipped with tqa; use one with -g NAME.")
    listing.set_defaults(func=cmd_glossary_list)
    for name, func, text in (
        ("validate", cmd_glossary_validate, "check a glossary's structure, regexes and examples"),
        ("test", cmd_glossary_test, "run every entry's bad/good examples"),
        ("stats", cmd_glossary_stats, "counts by category, severity and kind"),
    ):
        sub = gcommands.add_parser(name, help=text, description=text)
        sub.add_argument("files", nargs="*", metavar="GLOSSARY",
                         help="glossary files or bundled glossary names (default: zh-en-news)")
        sub.set_defaults(func=func)
    glossary.set_defaults(func=lambda args: usage(glossary))


def cmd_checks(args) -> int:
    from ..checks import all_checks

    for check in all_checks():
        print(f"{check.name:<12} {check.description}")
    return EXIT_OK


def cmd_glossary_list(args) -> int:
    from ..errors import TqaError
    from ..glossary import bundled_glossaries

    bundled = bundled_glossaries()
    if not bundled:
        raise TqaError("no bundled glossaries in this installation")
    rows = [("name", "version", "entries", "description")]
    for name, path in bundled.items():
        glossary = load([str(path)], check_examples=False)  # listing is not validating: examples are not run
        rows.append((name, glossary.version, str(len(glossary)), glossary.description))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        print("  ".join([cell.ljust(width) for cell, width in zip(row, widths)] + [row[3]]).rstrip())
    return EXIT_OK


def cmd_glossary_validate(args) -> int:
    glossary = load(args.files)
    examples = sum(len(e.example_lines) for e in glossary.entries)
    print(f"ok: {glossary.name} version {glossary.version}: {len(glossary)} entries, {examples} examples pass")
    return EXIT_OK


def cmd_glossary_test(args) -> int:
    from ..glossary import example_failures

    glossary = load(args.files, check_examples=False)
    failures = example_failures(glossary)
    for failure in failures:
        print(failure)
    examples = sum(len(e.example_lines) for e in glossary.entries)
    without = [e.id for e in glossary.entries if not (e.bad and e.good)]
    if without:
        print(f"note: {len(without)} entries lack a bad or a good example: {', '.join(without[:10])}"
              f"{' …' if len(without) > 10 else ''}")
    if failures:
        print(f"{len(failures)} of {examples} examples failed")
        return EXIT_GATE
    print(f"{examples} examples in {len(glossary)} entries: all passed")
    return EXIT_OK


def cmd_glossary_stats(args) -> int:
    import pandas as pd

    glossary = load(args.files)
    frame = pd.DataFrame([{
        "category": e.category, "severity": str(e.severity), "kind": "regex" if e.regex else "literal",
        "phrases": len(e.match), "context": bool(e.when or e.unless), "autofix": e.autofix,
        "examples": len(e.example_lines),
    } for e in glossary.entries])
    print(f"{glossary.name} version {glossary.version}: {len(glossary)} entries "
          f"({int((frame['kind'] == 'literal').sum())} literal, {int((frame['kind'] == 'regex').sum())} regex), "
          f"{int(frame['phrases'].sum())} phrases, {glossary.matcher.key_count} automaton keys, "
          f"{int(frame['context'].sum())} with when/unless, {int(frame['autofix'].sum())} autofix, "
          f"{int(frame['examples'].sum())} examples")
    print()
    table = pd.crosstab(frame["category"], frame["severity"], margins=True, margins_name="total")
    order = [c for c in ("minor", "major", "critical", "total") if c in table.columns]
    print(table[order].to_string())
    return EXIT_OK
