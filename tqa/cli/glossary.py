"""``tqa checks`` and ``tqa glossary list|validate|test|stats|import``."""

from __future__ import annotations

import sys

from .common import EXIT_GATE, EXIT_OK, load, usage, _Parser

#: How many skipped concepts ``tqa glossary import`` names before it only counts them.
SKIPPED_SHOWN = 10


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
    importer = gcommands.add_parser(
        "import", help="write a TBX term base (or any glossary) as a YAML glossary to edit",
        description="Read a TBX term base (TBX 2/TBX-Basic or TBX v3) into term entries, or any glossary, "
                    "and write it as a YAML glossary.")
    importer.add_argument("file", metavar="TERMS", help="a .tbx term base, or a glossary file or bundled name")
    importer.add_argument("-o", "--output", metavar="OUT", help="the YAML glossary to write (default: stdout)")
    importer.add_argument("--source-lang", metavar="LANG",
                          help="the term base's language to take source terms from (default: the language "
                               "other than the target)")
    importer.add_argument("--target-lang", metavar="LANG",
                          help="the language of the accepted renderings (default: English if the term base has "
                               "it, else the language other than the source)")
    importer.set_defaults(func=cmd_glossary_import)
    glossary.set_defaults(func=lambda args: usage(glossary))


def cmd_checks(args) -> int:
    from ..checks import all_checks, on_by_default

    for check in all_checks(include_off=True):
        off = "" if on_by_default(type(check)) else f" (off by default: --extend-select {check.name})"
        print(f"{check.name:<12} {check.description}{off}")
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
    print(f"ok: {glossary.name} version {glossary.version}: {len(glossary)} entries, {_examples(glossary)} pass")
    return EXIT_OK


def _examples(glossary) -> str:
    """How many examples a glossary has: texts, and example pairs (source → target) when it has any."""
    texts = sum(len(e.example_lines) for e in glossary.entries)
    pairs = sum(len(e.pairs) for e in glossary.entries)
    counted = [f"{texts} examples"] if texts or not pairs else []
    if pairs:
        counted.append(f"{pairs} example pair{'s' if pairs != 1 else ''} (source → target)")
    return " and ".join(counted)


def cmd_glossary_test(args) -> int:
    from ..glossary import example_failures

    glossary = load(args.files, check_examples=False)
    failures = example_failures(glossary)
    for failure in failures:
        print(failure)
    without = [e.id for e in glossary.entries
               if not (e.bad or any(p.kind == "bad" for p in e.pairs))
               or not (e.good or any(p.kind == "good" for p in e.pairs))]
    if without:
        print(f"note: {len(without)} entries lack a bad or a good example: {', '.join(without[:10])}"
              f"{' …' if len(without) > 10 else ''}")
    if failures:
        print(f"{len(failures)} of {_examples(glossary)} failed")
        return EXIT_GATE
    print(f"{_examples(glossary)} in {len(glossary)} entries: all passed")
    return EXIT_OK


def cmd_glossary_stats(args) -> int:
    import pandas as pd

    glossary = load(args.files)
    frame = pd.DataFrame([{
        "category": e.category, "severity": str(e.severity),
        "kind": "term" if e.is_term else "regex" if e.regex else "literal",
        "wrong": bool(e.is_term and (e.match or e.regex)), "phrases": len(e.match),
        "source_terms": len(e.source) if e.is_term else 0, "target_terms": len(e.target),
        "context": bool(e.when or e.unless), "autofix": e.autofix,
        "examples": len(e.example_lines), "pairs": len(e.pairs),
    } for e in glossary.entries])
    kinds = frame["kind"]
    terms = int((kinds == "term").sum())
    term_part = (f", {terms} term: {int(frame['source_terms'].sum())} source terms, "
                 f"{int(frame['target_terms'].sum())} accepted renderings, {int(frame['wrong'].sum())} "
                 "with known wrong renderings") if terms else ""
    print(f"{glossary.name} version {glossary.version}: {len(glossary)} entries "
          f"({int((kinds == 'literal').sum())} literal, {int((kinds == 'regex').sum())} regex{term_part}), "
          f"{int(frame['phrases'].sum())} phrases, {glossary.matcher.key_count} automaton keys, "
          f"{int(frame['context'].sum())} with when/unless, {int(frame['autofix'].sum())} autofix, "
          f"{int(frame['examples'].sum())} examples" + (f", {int(frame['pairs'].sum())} example pairs"
                                                       if frame["pairs"].any() else ""))
    print()
    table = pd.crosstab(frame["category"], frame["severity"], margins=True, margins_name="total")
    order = [c for c in ("minor", "major", "critical", "total") if c in table.columns]
    print(table[order].to_string())
    return EXIT_OK


def cmd_glossary_import(args) -> int:
    """Write the glossary as YAML, then say what was imported and what was left out (on stderr: the YAML may be
    on stdout)."""
    from ..errors import TqaError
    from ..glossary import _format_of, glossary_path, load_glossary
    from ..output import check_writable, open_output, refuse_inputs_as_outputs
    from ..glossary_yaml import glossary_yaml

    path = glossary_path(args.file)
    kind = _format_of(path, args.file)
    if kind != "tbx" and (args.source_lang or args.target_lang):
        raise TqaError(f"{args.file}: --source-lang and --target-lang choose the languages of a TBX term base; "
                       f"this is a {kind} glossary")
    refuse_inputs_as_outputs([str(path)], [args.output], hint="write the YAML glossary to another file")
    check_writable({"-o": args.output})
    glossary = load_glossary([path], term_base_languages=(args.source_lang, args.target_lang))
    with open_output(args.output) as stream:
        stream.write(glossary_yaml(glossary, origin=path.name))
    for note in glossary.notes:
        print(f"tqa: note: {note}", file=sys.stderr)
    for skipped in glossary.skipped[:SKIPPED_SHOWN]:
        print(f"tqa: skipped: {skipped}", file=sys.stderr)
    if len(glossary.skipped) > SKIPPED_SHOWN:
        print(f"tqa: skipped: … and {len(glossary.skipped) - SKIPPED_SHOWN} more", file=sys.stderr)
    where = "stdout" if args.output in (None, "-") else args.output
    terms = [e for e in glossary.entries if e.is_term]
    if kind == "tbx":
        wrong = sum(1 for e in terms if e.match or e.regex)
        print(f"tqa: {path.name} ({glossary.source_language} → {glossary.language}): {len(terms)} term entries, "
              f"{wrong} with known wrong renderings; {len(glossary.skipped)} concept"
              f"{'s' if len(glossary.skipped) != 1 else ''} skipped (without terms in both languages or with "
              f"deprecated terms only); written to {where}", file=sys.stderr)
    else:
        print(f"tqa: {glossary.name}: {len(glossary)} entries ({len(terms)} term entries); written to {where}",
              file=sys.stderr)
    return EXIT_OK
