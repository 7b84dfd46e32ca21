"""The command line: parse arguments, call the API, render. No analysis logic lives here.

Exit status: 0 done; 1 the quality gate failed; 2 bad usage or bad input; 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .errors import GlossaryError, TqaError
from .model import Severity
from .report import FORMATS

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, like every other user error
        raise TqaError(f"{self.prog}: {message}")


def _severity(value: str) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _score(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(f"a score is between 0 and 100, not {value}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tqa", description="Translation-quality analyzer for machine-translated text.")
    parser.add_argument("--version", action="version", version=f"tqa {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="find, annotate and score MT errors in texts",
                                description="Find, annotate and score machine-translation errors.")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files, directories (searched recursively) or - for stdin")
    check.add_argument("--encoding", metavar="CODEC",
                       help="read inputs in this encoding (default: BOM, then UTF-8, then detected)")
    check.add_argument("-g", "--glossary", action="append", metavar="FILE",
                       help="glossary file (YAML, CSV or TSV); repeatable; default: the bundled zh-en-news glossary")
    check.add_argument("--glob", default="*.txt", help="file pattern inside directories (default: %(default)s)")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="output format (default: text)")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout (atomically)")
    check.add_argument("--summary", metavar="FILE", help="also write one CSV row per document to FILE")
    check.add_argument("--min-severity", type=_severity, metavar="SEVERITY",
                       help="ignore findings below minor|major|critical (not reported, not scored)")
    check.add_argument("--fail-under", type=_score, metavar="SCORE",
                       help="exit 1 when any document scores below SCORE (0-100)")
    check.add_argument("--fail-on", type=_severity, metavar="SEVERITY",
                       help="exit 1 when there is a finding of this severity or worse")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour in text output (default: auto, only on a terminal and without NO_COLOR)")
    check.add_argument("--raw-csv", action="store_true",
                       help="do not neutralise CSV cells that a spreadsheet would run as formulas")
    check.add_argument("--no-check", action="append", metavar="NAME", default=[],
                       help="switch a check off (repeatable or comma-separated; see 'tqa checks')")
    check.add_argument("--only-check", action="append", metavar="NAME", default=[],
                       help="run only these checks (repeatable or comma-separated)")
    check.add_argument("--ref", action="append", metavar="REF", default=[],
                       help="line-aligned reference translation: adds BLEU, chrF and TER (repeatable)")
    check.add_argument("-m", "--metrics", metavar="LIST", help="with --ref: metrics, comma-separated (default: bleu,chrf,ter)")
    check.add_argument("--tokenize", metavar="NAME", help="sacrebleu's BLEU tokenizer (default: sacrebleu's, 13a)")
    check.add_argument("--lowercase", action="store_true", help="case-insensitive BLEU and chrF (sacrebleu -lc --chrf-lowercase)")
    check.add_argument("--segments", metavar="FILE",
                       help="also write one CSV row per line: words, findings, penalty, chrF with --ref")
    check.add_argument("--target-lang", metavar="LANG",
                       help="the language the text should be in (default: the glossary's 'language', en)")
    check.set_defaults(func=cmd_check)

    compare = commands.add_parser(
        "compare", help="compare MT systems: tqa score beside BLEU, chrF and TER",
        description="Compare system outputs (line-aligned with the references) on tqa's checks and on "
                    "BLEU, chrF and TER; with --baseline, paired significance tests.")
    compare.add_argument("systems", nargs="+", metavar="SYSTEM", help="system output files or directories of them")
    compare.add_argument("--ref", action="append", metavar="REF", required=True, help="reference (repeatable)")
    compare.add_argument("--encoding", metavar="CODEC",
                       help="read inputs in this encoding (default: BOM, then UTF-8, then detected)")
    compare.add_argument("-g", "--glossary", action="append", metavar="FILE", help="glossary (repeatable)")
    compare.add_argument("--glob", default="*", help="file pattern inside directories (default: every file)")
    compare.add_argument("--format", choices=("text", "csv", "json"), default="text")
    compare.add_argument("-o", "--output", metavar="FILE", help="write the table here (atomically)")
    compare.add_argument("--sort", choices=[c for c in ("score", "bleu", "chrf", "ter", "penalty_per_kword",
                                                        "findings", "critical", "untranslated", "system")],
                         help="sort the systems, best first")
    compare.add_argument("--baseline", metavar="SYSTEM", help="paired significance tests against this system")
    compare.add_argument("--paired", choices=("bs", "ar"), default="bs",
                         help="bootstrap resampling (bs, default) or approximate randomization (ar)")
    compare.add_argument("--paired-n", type=int, metavar="N",
                         help="resamples (default as sacrebleu: 1000 for bs, 10000 for ar)")
    compare.add_argument("-m", "--metrics", metavar="LIST",
                         help="reference metrics, comma-separated (default: bleu,chrf,ter; TER is the slow one)")
    compare.add_argument("--tokenize", metavar="NAME", help="sacrebleu's BLEU tokenizer")
    compare.add_argument("--lowercase", action="store_true", help="case-insensitive BLEU and chrF")
    compare.add_argument("--no-check", action="append", metavar="NAME", default=[])
    compare.add_argument("--only-check", action="append", metavar="NAME", default=[])
    compare.add_argument("--raw-csv", action="store_true")
    compare.set_defaults(func=cmd_compare)

    fixer = commands.add_parser("fix", help="apply the safe suggestions to a file",
                                description="Apply every suggestion marked safe (autofix) and write the result.")
    fixer.add_argument("file", metavar="FILE", help="the text to fix (- for stdin)")
    fixer.add_argument("-o", "--output", metavar="OUT", help="write the fixed text here (default: stdout)")
    fixer.add_argument("--in-place", action="store_true", help="replace FILE (needs --backup SUFFIX or --no-backup)")
    fixer.add_argument("--backup", metavar="SUFFIX", help="with --in-place: keep the original as FILE+SUFFIX")
    fixer.add_argument("--no-backup", action="store_true", help="with --in-place: keep no copy of the original")
    fixer.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")
    fixer.add_argument("--rules", metavar="ID,...", help="apply only these rules")
    fixer.add_argument("--min-severity", type=_severity, metavar="SEVERITY", help="apply only findings this severe")
    fixer.add_argument("--ref", action="append", metavar="REF", default=[],
                       help="print BLEU, chrF and TER against REF before and after the fix (on stderr)")
    fixer.add_argument("--encoding", metavar="CODEC",
                       help="read inputs in this encoding (default: BOM, then UTF-8, then detected)")
    fixer.add_argument("-g", "--glossary", action="append", metavar="FILE", help="glossary (repeatable)")
    fixer.add_argument("--no-check", action="append", metavar="NAME", default=[])
    fixer.add_argument("--only-check", action="append", metavar="NAME", default=[])
    fixer.set_defaults(func=cmd_fix)

    checks = commands.add_parser("checks", help="list the checks with a one-line description")
    checks.set_defaults(func=cmd_checks)

    glossary = commands.add_parser("glossary", help="validate, test and describe glossaries")
    gcommands = glossary.add_subparsers(dest="glossary_command", metavar="ACTION", parser_class=_Parser)
    for name, func, text in (
        ("validate", cmd_glossary_validate, "check a glossary's structure, regexes and examples"),
        ("test", cmd_glossary_test, "run every entry's bad/good examples"),
        ("stats", cmd_glossary_stats, "counts by category, severity and kind"),
    ):
        sub = gcommands.add_parser(name, help=text, description=text)
        sub.add_argument("files", nargs="*", metavar="FILE", help="glossary files (default: the bundled one)")
        sub.set_defaults(func=func)
    glossary.set_defaults(func=lambda args: _usage(glossary))
    return parser


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def _load(paths):
    from .glossary import load_glossary

    return load_glossary(paths or None)


def cmd_check(args) -> int:
    from .analysis import analyze_document
    from .checks import select_checks
    from .inputs import expand_paths, read_document
    from .output import open_output
    from .report import RunInfo, make_renderer
    from .scoring import DEFAULT_WEIGHTS, corpus_score

    glossary = _load(args.glossary)  # a bad glossary is refused before any text is read
    checks = select_checks(_names(args.only_check), _names(args.no_check), args.target_lang)
    sources = expand_paths(args.paths, args.glob)
    references: list[list[str]] = []
    if args.ref:
        from .metrics import parse_metric_names, read_reference, reference_names

        if len(sources) != 1:
            raise TqaError(f"--ref needs exactly one input to compare with it, not {len(sources)}")
        _check_tokenizer(args.tokenize)
        metric_names = parse_metric_names(args.metrics)
        references = [read_reference(path, args.encoding) for path in args.ref]
    info = RunInfo(__version__, glossary, DEFAULT_WEIGHTS, tuple(c.name for c in checks),
                   str(args.min_severity) if args.min_severity else None,
                   extra={"references": list(args.ref)})
    to_terminal = args.output in (None, "-") and sys.stdout.isatty()
    color = args.color == "always" or (args.color == "auto" and to_terminal and not os.environ.get("NO_COLOR"))
    # Excel needs a BOM to open UTF-8 CSV with Chinese text correctly; stdout stays BOM-free for pipes.
    encoding = "utf-8-sig" if args.format == "csv" and args.output not in (None, "-") else "utf-8"

    from .report.tables import segment_frame

    segment_frames: list = []
    results_rows: list[dict] = []
    scored: list = []
    errors = 0
    gate_failures: list[str] = []
    with open_output(args.output, encoding=encoding, newline="" if args.format == "csv" else None) as stream:
        renderer = make_renderer(args.format, stream, info, color=color, raw_csv=args.raw_csv)
        started = False
        for source in sources:
            try:
                document, raw = read_document(source, args.encoding)
            except TqaError as exc:
                print(f"tqa: {exc}", file=sys.stderr)
                errors += 1
                continue
            result = analyze_document(document, glossary, checks=checks, min_severity=args.min_severity, raw=raw)
            if references:
                from .analysis import with_references

                result = with_references(result, references, reference_names(args.ref),
                                         tokenize=args.tokenize, lowercase=args.lowercase, metric_names=metric_names)
            if not started:
                renderer.begin()  # only once a document was read: nothing is written for unreadable input
                started = True
            renderer.document(result)
            if args.segments:
                segment_frames.append(segment_frame(result))
            results_rows.append(result.summary_row())
            scored.append(_Totals(result.words, result.penalty))
            if args.fail_under is not None and round(result.score, 1) < args.fail_under:
                gate_failures.append(f"{result.doc}: score {result.score:.1f} is below {args.fail_under:g}")
            if args.fail_on is not None:
                worst = max((f.severity for f in result.findings), default=None)
                if worst is not None and worst >= args.fail_on:
                    gate_failures.append(f"{result.doc}: has a {worst} finding (--fail-on {args.fail_on})")
        if not started:
            raise _NothingRead()  # every input failed (each already reported): leave no report behind
        renderer.end(corpus_score(scored))
    if args.summary:
        from .report.tables import neutralise_frame, summary_frame

        frame = summary_frame(results_rows)
        frame["signature"] = info.signature()
        if not args.raw_csv:
            frame = neutralise_frame(frame)
        with open_output(args.summary, encoding="utf-8-sig", newline="") as stream:
            frame.to_csv(stream, index=False, lineterminator="\r\n")
    if args.segments:
        import pandas as pd

        with open_output(args.segments, encoding="utf-8-sig", newline="") as stream:
            frame = pd.concat(segment_frames, ignore_index=True) if segment_frames else pd.DataFrame()
            frame.to_csv(stream, index=False, lineterminator="\r\n")
    for failure in gate_failures:
        print(f"tqa: quality gate: {failure}", file=sys.stderr)
    if errors:
        return EXIT_USAGE
    return EXIT_GATE if gate_failures else EXIT_OK


class _NothingRead(Exception):
    """Every input failed to read; the partial output is discarded."""


class _Totals:
    __slots__ = ("words", "penalty")

    def __init__(self, words: int, penalty: float):
        self.words = words
        self.penalty = penalty


def _check_tokenizer(name: str | None) -> None:
    if name is None:
        return
    from sacrebleu.metrics.bleu import _TOKENIZERS

    if name not in _TOKENIZERS:
        raise TqaError(f"unknown --tokenize {name!r} (sacrebleu knows: {', '.join(sorted(_TOKENIZERS))})")


def _names(values: list[str]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def cmd_compare(args) -> int:
    import json

    from .checks import select_checks
    from .compare import compare_systems
    from .inputs import expand_paths, read_document
    from .metrics import parse_metric_names, read_reference, reference_names
    from .output import open_output
    from .report.tables import neutralise_frame
    from .scoring import DEFAULT_WEIGHTS

    glossary = _load(args.glossary)
    checks = select_checks(_names(args.only_check), _names(args.no_check))
    _check_tokenizer(args.tokenize)
    sources = expand_paths(args.systems, args.glob)
    references = [read_reference(path, args.encoding) for path in args.ref]
    systems = []
    for source in sources:
        document, _ = read_document(source, args.encoding)
        systems.append((document.id, document.text))
    show = sys.stderr.isatty()

    def progress(done: int, total: int, name: str) -> None:
        if show:
            bar = "#" * int(30 * done / total) if total else ""
            sys.stderr.write(f"\r[{bar:<30}] {done}/{total} {Path(name).name[:40]:<40}")
            if done == total:
                sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()

    comparison = compare_systems(systems, references, reference_names(args.ref), glossary, checks,
                                 tokenize=args.tokenize, lowercase=args.lowercase, baseline=args.baseline,
                                 test=args.paired, n_samples=args.paired_n, progress=progress,
                                 metric_names=parse_metric_names(args.metrics))
    frame = comparison.frame(args.sort)
    from .report import run_signature

    signature = run_signature(__version__, glossary, DEFAULT_WEIGHTS, [c.name for c in checks])
    if args.format == "csv":
        out = frame if args.raw_csv else neutralise_frame(frame)
        if comparison.significance:
            import pandas as pd

            sig = pd.DataFrame(comparison.significance).drop(columns=["bleu", "chrf", "penalty_per_kword"])
            out = out.merge(sig, on="system", how="left")
        out["signature"] = signature
        with open_output(args.output, encoding="utf-8-sig" if args.output not in (None, "-") else "utf-8",
                         newline="") as stream:
            out.to_csv(stream, index=False, lineterminator="\r\n")
    elif args.format == "json":
        body = {"tqa_version": __version__, "signature": signature, "metric_signatures": comparison.signatures,
                "references": list(args.ref), "systems": frame.to_dict(orient="records")}
        if comparison.baseline:
            body["baseline"] = comparison.baseline
            body["test"] = comparison.test
            body["significance"] = comparison.significance
        with open_output(args.output) as stream:
            stream.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    else:
        with open_output(args.output) as stream:
            stream.write(frame.to_string(index=False) + "\n\n")
            for name, sig in comparison.signatures.items():
                stream.write(f"{name}: {sig}\n")
            stream.write(f"tqa: {signature}\n")
            if comparison.significance:
                import pandas as pd

                test = "paired bootstrap resampling" if comparison.test == "bs" else "approximate randomization"
                stream.write(f"\nagainst the baseline {comparison.baseline} ({test}; p-values, ± 95% CI):\n")
                stream.write(pd.DataFrame(comparison.significance).to_string(index=False) + "\n")
    return EXIT_OK


def cmd_fix(args) -> int:
    import difflib

    from .checks import select_checks
    from .fix import fix
    from .inputs import Source, decode, read_bytes
    from .output import open_output

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
    glossary = _load(args.glossary)
    checks = select_checks(_names(args.only_check), _names(args.no_check))
    name = "<stdin>" if args.file == "-" else args.file
    data = read_bytes(Source(args.file))
    text, _, encoding = decode(name, data, args.encoding)
    had_bom = encoding.endswith("-bom") or encoding.startswith(("utf-16", "utf-32"))
    # The fixed text is written in the encoding it was read in (UTF-16 and UTF-32 with their BOM).
    out_encoding = {"utf-8-bom": "utf-8", "utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be",
                    "utf-32-le": "utf-32-le", "utf-32-be": "utf-32-be"}.get(encoding, encoding)
    rules = set(_names([args.rules])) if args.rules else None
    result = fix(text, glossary, rules=rules, min_severity=args.min_severity, checks=checks)

    if args.ref:
        from .metrics import corpus_scores, read_reference, reference_names, check_aligned, split_lines

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


def cmd_checks(args) -> int:
    from .checks import all_checks

    for check in all_checks():
        print(f"{check.name:<12} {check.description}")
    return EXIT_OK


def cmd_glossary_validate(args) -> int:
    glossary = _load(args.files)
    examples = sum(len(e.example_lines) for e in glossary.entries)
    print(f"ok: {glossary.name} version {glossary.version}: {len(glossary)} entries, {examples} examples pass")
    return EXIT_OK


def cmd_glossary_test(args) -> int:
    from .glossary import example_failures, load_glossary

    glossary = load_glossary(args.files or None, check_examples=False)
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

    glossary = _load(args.files)
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            return _usage(parser)
        return args.func(args)
    except GlossaryError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_USAGE
    except TqaError as exc:
        print(f"tqa: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except _NothingRead:
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("tqa: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``tqa check … | head``): not an error, and no traceback on exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
