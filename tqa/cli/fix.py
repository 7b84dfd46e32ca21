"""``tqa fix``: apply the safe suggestions to a file.

What a careful user expects of a tool that edits files: the input is written only with ``--in-place``; an output
that is one of the inputs is refused; the fixed file keeps the input's encoding and BOM, and every byte outside
the edits; a backup is never overwritten; a run that changes nothing writes nothing; a symbolic link is followed
to the file it names and stays a link; a fix the encoding cannot hold is refused, naming its rule and line.
"""

from __future__ import annotations

import contextlib
import os
import sys

from ..errors import TqaError
from ..output import refuse_inputs_as_outputs
from .common import (
    EXIT_OK, add_input_options, add_rule_options, add_suppression_options, input_options, load, names, plan_checks,
    severity, suppression,
)


def add_parser(commands) -> None:
    fixer = commands.add_parser("fix", help="apply the safe suggestions to a file",
                                description="Apply every suggestion marked safe (autofix) and write the result.")
    fixer.add_argument("file", metavar="FILE", help="the text to fix (- for stdin)")
    fixer.add_argument("-o", "--output", metavar="OUT", help="write the fixed text here (default: stdout)")
    fixer.add_argument("--in-place", action="store_true",
                       help="replace FILE (a symbolic link: the file it names; needs --backup SUFFIX or --no-backup)")
    fixer.add_argument("--backup", metavar="SUFFIX",
                       help="with --in-place: keep the original as FILE+SUFFIX (never overwritten: an existing "
                            "backup stops the run)")
    fixer.add_argument("--no-backup", action="store_true", help="with --in-place: keep no copy of the original")
    fixer.add_argument("--diff", action="store_true", help="print a unified diff (for patch -p0); write nothing")
    fixer.add_argument("--rules", metavar="CODES", help="apply only the fixes of these rules (codes, prefixes, "
                                                       "checks, glossaries or categories, comma-separated)")
    fixer.add_argument("--min-severity", type=severity, metavar="SEVERITY", help="apply only findings this severe")
    fixer.add_argument("--ref", action="append", metavar="REF", default=[],
                       help="print BLEU, chrF and TER against REF before and after the fix (on stderr)")
    fixer.add_argument("--encoding", metavar="CODEC",
                       help="read inputs in this encoding (default: BOM, then UTF-8, then detected)")
    fixer.add_argument("--output-encoding", metavar="CODEC",
                       help="write the fixed text in this encoding (default: the one it was read in, with its BOM)")
    fixer.add_argument("-g", "--glossary", action="append", metavar="FILE|NAME",
                       help="glossary file or bundled name (repeatable; default: zh-en-news)")
    fixer.add_argument("--no-check", action="append", metavar="NAME", default=[])
    fixer.add_argument("--only-check", action="append", metavar="NAME", default=[])
    fixer.add_argument("--target-lang", metavar="LANG",
                       help="the language the text should be in (default: the file's, else the glossary's)")
    add_rule_options(fixer)
    add_suppression_options(fixer)
    add_input_options(fixer)
    fixer.set_defaults(func=run)


def run(args) -> int:
    from ..fix import fix_file
    from ..inputs import Source, read_bytes

    _check_options(args)
    if not args.in_place:
        refuse_inputs_as_outputs([args.file, *args.ref, *(args.glossary or []),
                                  *([args.source] if args.source else [])], [args.output],
                                 hint="to fix a file in place: --in-place --backup SUFFIX")
    glossary = load(args.glossary)
    checks, policy = plan_checks(args, glossary)
    layers = suppression(args, glossary)
    refuse_inputs_as_outputs(layers.files, [args.output] if not args.in_place else [args.file])
    rules = _known_rules(args.rules, glossary, checks)
    data = read_bytes(Source(args.file))
    done = fix_file(args.file, data=data, glossary=glossary, input_format=args.input_format,
                    options=input_options(args), rules=rules, min_severity=args.min_severity, checks=checks,
                    target_lang=args.target_lang, output_encoding=args.output_encoding, policy=policy,
                    suppression=layers)
    if args.ref:
        if done.format != "text":
            raise TqaError(f"--ref is for plain text; {done.format} files are compared by their units")
        _print_metrics(args, done.name, done.text_before, done.result.text)
    if args.diff:
        if done.format == "text":
            _write_diff(done.text_before, done.result.text, done.name, done.encoding)
        else:
            from ..writeback import TextEncoding

            before, after = (b.decode("utf-8", "surrogateescape") for b in (done.original, done.fixed))
            _write_diff(before, after, done.name, TextEncoding.named("utf-8"))
        print(_summary(done.result), file=sys.stderr)
    else:
        _write(args, done.name, done.original, done.fixed, done.result)
    return EXIT_OK


def _summary(result) -> str:
    suppressed = f", {len(result.suppressed)} suppressed (left alone)" if result.suppressed else ""
    return (f"tqa: {len(result.applied)} fix{'es' if len(result.applied) != 1 else ''} applied, "
            f"{len(result.skipped)} finding{'s' if len(result.skipped) != 1 else ''} left for a human{suppressed}")


def _write(args, name: str, data: bytes, fixed: bytes, result) -> None:
    """Write the fixed bytes where the options say, then the summary (after the write: a failed write reports
    only its error); in place, a file the fix would not change is not written at all."""
    from ..output import open_output

    if args.in_place:
        if fixed == data:
            print(_summary(result), file=sys.stderr)
            print(f"tqa: {name}: nothing to fix; the file is left as it was", file=sys.stderr)
            return
        _replace(args.file, fixed, args.backup)
    else:
        with open_output(args.output, binary=True) as stream:
            stream.write(fixed)
    print(_summary(result), file=sys.stderr)


def _check_options(args) -> None:
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


def _known_rules(value: str | None, glossary, checks) -> set[str] | None:
    """The rule codes ``--rules`` selects (codes, a glossary entry's bare id, prefixes, checks, glossaries,
    categories), among the rules the checks that run can report; None when not given."""
    if value is None:
        return None
    from ..rules import Selector, rule_table

    wanted = names([value])
    if not wanted:
        raise TqaError("--rules: no rule code given")
    running = rule_table(glossary, checks)
    everywhere = rule_table(glossary)
    glossaries = [s.name for s in glossary.sources]
    check_names = sorted({rule.check for rule in everywhere.values()})
    codes: set[str] = set()
    for text in wanted:
        selector = Selector.parse(text, everywhere, check_names, glossaries, option="--rules")
        chosen = {code for code, rule in everywhere.items()
                  if any(selector.matches(code, rule.check, category) for category in rule.categories or ("",))}
        if chosen and not chosen & running.keys():
            owners = sorted({everywhere[code].check for code in chosen})
            raise TqaError(f"--rules: rule {text!r} belongs to the check {' and '.join(repr(o) for o in owners)}, "
                           f"which is switched off")
        codes |= chosen
    return codes


def _write_diff(before: str, after: str, name: str, out_encoding) -> None:
    """A diff ``patch -p0`` applies to give the fixed file byte for byte: in the file's encoding (and its BOM on
    line 1) when that encoding writes ASCII as ASCII; otherwise (UTF-16, UTF-32) in UTF-8, for reading."""
    from ..fix import unified_diff

    if out_encoding.ascii_compatible:
        codec = out_encoding.codec
        if out_encoding.bom and out_encoding.bom == "\ufeff".encode(codec):
            before, after = "\ufeff" + before, "\ufeff" + after
    else:
        codec = "utf-8"
    out = sys.stdout.buffer
    for number, line in enumerate(unified_diff(before, after, name)):
        if number < 2:  # the file names, as the file system spells them, so that patch finds the file
            out.write(line[:4].encode("ascii") + os.fsencode(line[4:-1]) + b"\n")
        else:
            out.write(line.encode(codec, "surrogateescape"))
    sys.stdout.flush()


def _replace(path: str, data: bytes, backup_suffix: str | None) -> None:
    """Write ``data`` over ``path``; a symbolic link is followed to the file it names, which keeps its backup."""
    from ..output import make_backup, open_output, remove_backup

    def write() -> None:
        with open_output(target, binary=True) as stream:
            stream.write(data)

    target = os.path.realpath(path) if os.path.islink(path) else path
    if backup_suffix is None:
        write()
        return
    backup = target + backup_suffix
    original = os.stat(target)
    make_backup(target, backup)
    try:
        write()
    except BaseException:
        # The write failed or was interrupted. If the file is still the original, the backup is not needed and
        # would only stand in the way of the next try; if the new file is already in place, the backup stays.
        with contextlib.suppress(OSError):
            if os.path.samestat(os.stat(target), original):
                remove_backup(backup)
        raise
    print(f"tqa: the original is kept in {backup}", file=sys.stderr)


def _print_metrics(args, name: str, before_text: str, after_text: str) -> None:
    from ..metrics import check_aligned, corpus_scores, read_reference, reference_names, split_lines

    references = [read_reference(path, args.encoding) for path in args.ref]
    before_lines, after_lines = split_lines(before_text), split_lines(after_text)
    check_aligned(name, before_lines, references, reference_names(args.ref))
    before = corpus_scores(before_lines, references)
    after = corpus_scores(after_lines, references)
    for metric in before:
        print(f"{before[metric].text.split(' ')[0]:<6} before {before[metric].score:6.2f}  after "
              f"{after[metric].score:6.2f}  ({after[metric].score - before[metric].score:+.2f})  "
              f"{before[metric].signature}", file=sys.stderr)
