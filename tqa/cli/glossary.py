"""``tqa checks`` and ``tqa glossary list|validate|test|stats|import|merge``."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

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
    add_merge_parser(gcommands)
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


#: What an ``accept`` cell of a proposals CSV says when the reviewer accepts the row.
ACCEPTED = frozenset({"yes", "y", "x", "1", "true"})


def add_merge_parser(gcommands) -> None:
    merge = gcommands.add_parser(
        "merge", help="merge accepted proposals (tqa mine) into a house glossary",
        description="Merge the accepted proposals of 'tqa mine' into a house glossary: every entry of a YAML "
                    "proposals file, or the rows of a CSV whose accept column says yes, y, x, 1 or true. An id or "
                    "a phrase the house glossary already has is refused. The result is validated (self-tests too) "
                    "before it is written, atomically; -o may name HOUSE itself.")
    merge.add_argument("proposals", metavar="PROPOSALS", help="the proposals: a YAML glossary or a CSV with accept")
    merge.add_argument("house", metavar="HOUSE", help="the house glossary (a file or a bundled name)")
    merge.add_argument("-o", "--output", metavar="OUT", required=True,
                       help="the merged glossary to write (YAML; may be HOUSE itself)")
    merge.set_defaults(func=cmd_glossary_merge)


def cmd_glossary_merge(args) -> int:
    from ..errors import GlossaryError
    from ..glossary import Glossary, _format_of, glossary_path, load_glossary
    from ..glossary_yaml import glossary_yaml
    from ..matcher import phrase_words
    from ..output import check_writable, open_output, refuse_inputs_as_outputs

    proposals_path = glossary_path(args.proposals)
    refuse_inputs_as_outputs([str(proposals_path)], [args.output],
                             hint="the proposals are not a house glossary: write to HOUSE or another file")
    if Path(args.output).suffix.lower() in (".csv", ".tsv", ".tab", ".tbx"):
        raise GlossaryError([f"{args.output}: the merged glossary is written as YAML: give it a .yaml name"])
    check_writable({"-o": args.output})
    house = load_glossary([args.house])
    if _format_of(proposals_path, args.proposals) == "csv":
        accepted = _accepted_rows(proposals_path, args.proposals)
    else:
        accepted = list(load_glossary([proposals_path]).entries)
    problems = []
    house_ids = {e.id: e for e in house.entries}
    house_phrases = {" ".join(phrase_words(p)).lower(): e for e in house.entries for p in e.match}
    seen_ids: set[str] = set()
    for entry in accepted:
        if entry.id in house_ids:
            other = house_ids[entry.id]
            problems.append(f"{entry.location}: id {entry.id!r} is already an entry of {house.name} "
                            f"({other.location}): rename the proposal")
        for phrase in entry.match:
            other = house_phrases.get(" ".join(phrase_words(phrase)).lower())
            if other is not None:
                problems.append(f"{entry.location}: {entry.id}: phrase {phrase!r} is already matched by "
                                f"{house.name} entry {other.id!r} ({other.location})")
        seen_ids.add(entry.id)
    if problems:
        raise GlossaryError(problems)
    house_entry_glossary = house.entries[0].glossary if house.entries else house.name
    merged = Glossary(list(house.entries) + [dataclasses.replace(e, glossary=house_entry_glossary) for e in accepted],
                      house.sources, language=house.language, source_language=house.source_language,
                      description=house.description, consistent=house.consistent)
    text = glossary_yaml(merged)
    _load_text(text, f"{args.output} (merged)")  # validated, examples and all, before anything is written
    with open_output(args.output) as stream:
        stream.write(text)
    print(f"tqa: {len(accepted)} accepted proposal{'s' if len(accepted) != 1 else ''} merged into {house.name}: "
          f"{len(merged)} entries written to {args.output}", file=sys.stderr)
    return EXIT_OK


def _accepted_rows(path: Path, given: str) -> list:
    """The entries of the rows of a proposals CSV whose ``accept`` says yes, validated as a glossary; problems
    name the CSV's lines."""
    import csv as csv_module
    import io

    import yaml

    from ..errors import GlossaryError
    from ..glossary_yaml import _Dumper
    from ..inputs import decode, read_bytes, Source
    from ..report.tables import FORMULA_PREFIXES

    text, _, _ = decode(str(given), read_bytes(Source(str(path))))
    reader = csv_module.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in ("id", "accept", "match", "suggest") if c not in (reader.fieldnames or [])]
    if missing:
        raise GlossaryError([f"{given}:1: not a proposals CSV of tqa mine: no {', '.join(missing)} column"])

    def cell(row, name) -> str:
        value = (row.get(name) or "").strip()
        if value[:1] == "'" and value[1:2] and value[1:2] in FORMULA_PREFIXES:
            value = value[1:]  # neutralised for spreadsheets by tqa mine
        return value

    def items(value: str) -> list[str]:
        return [v.strip() for v in value.split("|") if v.strip()]

    blocks, rows = [], []
    for row in reader:
        if cell(row, "accept").lower() not in ACCEPTED:
            continue
        fields: dict = {"id": cell(row, "id"), "match": items(cell(row, "match")), "suggest": cell(row, "suggest")}
        for name in ("category", "severity", "note"):
            if cell(row, name):
                fields[name] = cell(row, name)
        if cell(row, "source"):
            fields["source"] = items(cell(row, "source"))
            if cell(row, "when_source"):
                fields["when_source"] = cell(row, "when_source")
        fields["autofix"] = False
        examples = {kind: items(cell(row, kind)) for kind in ("bad", "good") if items(cell(row, kind))}
        if examples:
            fields["examples"] = examples
        blocks.append(yaml.dump([fields], Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000))
        rows.append(reader.line_num)
    if not blocks:
        raise GlossaryError([f"{given}: no row is accepted (write yes, y, x, 1 or true in its accept column)"])
    header = f"name: {path.stem}\nversion: 1\nlanguage: en\nentries:\n"
    body, starts = "", []
    line = header.count("\n") + 1
    for block in blocks:
        starts.append(line)
        body += block
        line += block.count("\n")
    where = {}
    for start, row_line, block in zip(starts, rows, blocks):
        for offset in range(block.count("\n")):
            where[start + offset] = row_line
    return list(_load_text(header + body, str(given), where).entries)


def _load_text(text: str, shown: str, lines: dict[int, int] | None = None):
    """Load a glossary from ``text`` (through a temporary file), its problems naming ``shown`` (and, with
    ``lines``, the line of ``shown`` each line of ``text`` came from)."""
    import os
    import re
    import tempfile

    from ..errors import GlossaryError
    from ..glossary import load_glossary

    handle, path = tempfile.mkstemp(suffix=".yaml", prefix="tqa-merge-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        try:
            return load_glossary([path])
        except GlossaryError as exc:
            def relabel(match) -> str:
                number = int(match.group(1))
                return f"{shown}:{(lines or {}).get(number, number)}" if lines else shown + f":{number}"
            raise GlossaryError([re.sub(re.escape(path) + r":(\d+)", relabel, p).replace(path, shown)
                                 for p in exc.problems]) from None
    finally:
        os.unlink(path)
