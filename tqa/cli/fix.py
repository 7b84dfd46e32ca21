"""``tqa fix``: apply the safe suggestions to a file."""

from __future__ import annotations

import sys

from ..errors import TqaError
from .common import EXIT_OK, load, names, severity


def add_parser(commands) -> None:
    fixer = commands.add_parser("fix", help="apply the safe suggestions to a file",
                                description="Apply every suggestion marked safe (autofix) and write the result.")
    fixer.add_argument("file", metavar="FILE", help="the text to fix (- for stdin)")
    fixer.add_argument("-o", "--output", metavar="OUT", help="write the fixed text here (default: stdout)")
    fixer.add_argument("--in-place", action="store_true", help="replace FILE (needs --backup SUFFIX or --no-backup)")
    fixer.add_argument("--backup", metavar="SUFFIX", help="with --in-place: keep the original as FILE+SUFFIX")
    fixer.add_argument("--no-backup", action="store_true", help="with --in-place: keep no copy of the original")
    fixer.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")
    fixer.add_argument("--rules", metavar="ID,...", help="apply only these rules")
    fixer.add_argument("--min-severity", type=severity, metavar="SEVERITY", help="apply only findings this severe")
    fixer.add_argument("--ref", action="append", metavar="REF", default=[],
                       help="print BLEU, chrF and TER against REF before and after the fix (on stderr)")
    fixer.add_argument("--encoding", metavar="CODEC",
                       help="read inputs in this encoding (default: BOM, then UTF-8, then detected)")
    fixer.add_argument("-g", "--glossary", action="append", metavar="FILE|NAME",
                       help="glossary file or bundled name (repeatable; default: zh-en-news)")
    fixer.add_argument("--no-check", action="append", metavar="NAME", default=[])
    fixer.add_argument("--only-check", action="append", metavar="NAME", default=[])
    fixer.set_defaults(func=run)


def run(args) -> int:
    import difflib

    from ..checks import select_checks
    from ..fix import fix
    from ..inputs import Source, decode, read_bytes
    from ..output import open_output

    if args.in_place:
        if args.file == "-":
            raise TqaError("--in-place needs a file, not stdin")
        if args.output:
            raise TqaError("--in-place and -o/--output exclude each other")
        if not args.backup and not args.no_backup:
            raise TqaError("--in-place needs --backup SUFFIX or an explicit --no-backup")
        if args.backup and args.no_backup:
            raise TqaError("--backup and --no-backup exclude each other")
    elif args.backup or args.no_backup:
        raise TqaError("--backup and --no-backup go with --in-place")
    glossary = load(args.glossary)
    checks = select_checks(names(args.only_check), names(args.no_check))
    name = "<stdin>" if args.file == "-" else args.file
    data = read_bytes(Source(args.file))
    text, _, encoding = decode(name, data, args.encoding)
    had_bom = encoding.endswith("-bom") or encoding.startswith(("utf-16", "utf-32"))
    # The fixed text is written in the encoding it was read in (UTF-16 and UTF-32 with their BOM).
    out_encoding = {"utf-8-bom": "utf-8", "utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be",
                    "utf-32-le": "utf-32-le", "utf-32-be": "utf-32-be"}.get(encoding, encoding)
    rules = set(names([args.rules])) if args.rules else None
    result = fix(text, glossary, rules=rules, min_severity=args.min_severity, checks=checks)

    if args.ref:
        from ..metrics import corpus_scores, read_reference, reference_names, check_aligned, split_lines

        references = [read_reference(path, args.encoding) for path in args.ref]
        before_lines, after_lines = split_lines(text), split_lines(result.text)
        check_aligned(name, before_lines, references, reference_names(args.ref))
        before = corpus_scores(before_lines, references)
        after = corpus_scores(after_lines, references)
        for metric in before:
            print(f"{before[metric].text.split(' ')[0]:<6} before {before[metric].score:6.2f}  after "
                  f"{after[metric].score:6.2f}  ({after[metric].score - before[metric].score:+.2f})  "
                  f"{before[metric].signature}", file=sys.stderr)
    summary = (f"tqa: {len(result.applied)} fix{'es' if len(result.applied) != 1 else ''} applied, "
               f"{len(result.skipped)} finding{'s' if len(result.skipped) != 1 else ''} left for a human")

    if args.diff:
        print(summary, file=sys.stderr)
        diff = difflib.unified_diff(text.splitlines(keepends=True), result.text.splitlines(keepends=True),
                                    fromfile=name, tofile=f"{name} (fixed)")
        sys.stdout.writelines(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                              for line in diff)
        return EXIT_OK
    payload = ("\ufeff" if had_bom else "") + result.text
    if args.in_place:
        if args.backup:
            with open_output(args.file + args.backup, newline="", encoding=out_encoding) as stream:
                stream.write(("\ufeff" if had_bom else "") + text)
        with open_output(args.file, newline="", encoding=out_encoding) as stream:
            stream.write(payload)
    elif args.output and args.output != "-":
        with open_output(args.output, newline="", encoding=out_encoding) as stream:
            stream.write(payload)
    else:
        sys.stdout.buffer.write(payload.encode(out_encoding, "surrogatepass"))
        sys.stdout.flush()
    print(summary, file=sys.stderr)  # after the write: a failed write reports only its error
    return EXIT_OK
