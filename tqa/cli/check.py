"""``tqa check``: find, annotate and score MT errors in texts."""

from __future__ import annotations

import os
import sys

from .._version import __version__
from ..errors import TqaError
from ..report import formats
from ..gates import DEFAULT_FAIL_ON
from .common import (
    EXIT_GATE, EXIT_OK, EXIT_USAGE, NothingRead, add_input_options, add_rule_options, add_suppression_options,
    check_tokenizer, fail_on_value, input_options, load, plan_checks, score_value, severity, suppression, warn,
)
from .config import from_config_file


def jobs_value(value: str) -> int:
    from ..parallel import jobs_value

    return jobs_value(value)


def add_parser(commands) -> None:
    check = commands.add_parser("check", help="find, annotate and score MT errors in texts",
                                description="Find, annotate and score machine-translation errors.")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files, directories (searched recursively) or - for stdin")
    check.add_argument("--encoding", metavar="CODEC",
                       help="read inputs in this encoding (default: BOM, then UTF-8, then detected)")
    check.add_argument("-g", "--glossary", action="append", metavar="FILE|NAME",
                       help="glossary file (YAML, CSV or TSV) or bundled glossary name (tqa glossary list); "
                            "repeatable; default: zh-en-news (giving -g replaces it: name it too to keep it)")
    check.add_argument("--glob", help="file patterns inside directories, comma-separated (default: the formats tqa "
                                      "reads: *.txt,*.xlf,*.xliff,*.sdlxliff,*.tmx,*.po)")
    check.add_argument("--format", choices=formats(),
                       help="output format (default: from the -o file's extension .csv .json .html .sarif, else "
                            "text); for CI: concise (file:line:col: CODE message), github (Actions annotations), "
                            "sarif (code scanning)")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout (atomically)")
    check.add_argument("--summary", metavar="FILE", help="also write one CSV row per document to FILE")
    check.add_argument("--min-severity", type=severity, metavar="SEVERITY",
                       help="ignore findings below minor|major|critical (not reported, not scored)")
    gates = check.add_argument_group("exit status (0 passed, 1 a gate failed, 2 bad usage or input)")
    gates.add_argument("--fail-on", type=fail_on_value, metavar="SEVERITY", default=DEFAULT_FAIL_ON,
                       help="exit 1 when a finding of this severity or worse is reported: minor|major|critical, "
                            "or none to switch this gate off (default: major: a major finding changes meaning)")
    gates.add_argument("--fail-under", type=score_value, metavar="SCORE",
                       help="exit 1 when any document scores below SCORE (0-100)")
    gates.add_argument("--fail-under-corpus", type=score_value, metavar="SCORE",
                       help="exit 1 when the corpus score (summed penalty over summed words) is below SCORE")
    gates.add_argument("--exit-zero", action="store_true",
                       help="exit 0 whatever is found (bad usage or unreadable input still exit 2)")
    check.add_argument("-q", "--quiet", action="store_true",
                       help="the findings only: no summary, score line or signature, no warnings on stderr "
                            "(errors and the failed gates still are)")
    check.add_argument("--statistics", action="store_true",
                       help="print how many findings each rule has (most frequent first) instead of the findings")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour in text output (default: auto, only on a terminal and without NO_COLOR)")
    check.add_argument("--raw-csv", action="store_true",
                       help="do not neutralise CSV cells that a spreadsheet would run as formulas")
    check.add_argument("--profile", metavar="NAME|FILE",
                       help="scoring profile: weights by severity, check and category (default: mqm; see README)")
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
                       help="the language the text should be in (default: the file's, else the glossary's "
                            "'language', else en)")
    check.add_argument("--no-progress", action="store_true",
                       help="no progress bar (one is shown on stderr for a long run when stderr is a terminal)")
    check.add_argument("--dask", metavar="ADDRESS",
                       help="analyse on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786); the "
                            "workers read the inputs by their paths (needs the dask extra)")
    check.add_argument("-j", "--jobs", type=jobs_value, metavar="N",
                       help="processes to use: a pool over documents and over the windows of a long document, "
                            "with the same output as one (default: auto, the usable cores; 1: this process only)")
    add_rule_options(check)
    add_suppression_options(check, report=True)
    add_input_options(check)
    check.set_defaults(func=run)


def run(args) -> int:
    from ..inputs import default_glob, expand_paths, read_document
    from ..output import check_writable, open_output, refuse_inputs_as_outputs
    from ..report import RunInfo, make_renderer, renderer_class
    from ..scoring import load_profile

    args.format = report_format(args.format, args.output, configured=from_config_file(args, "format"))
    if args.statistics:
        from ..report.statistics import FORMATS

        if args.format not in FORMATS:
            raise TqaError(f"--statistics is written as {' or '.join(FORMATS)}, not {args.format}")
    note = (lambda notes: None) if args.quiet else warn  # warnings; errors are printed whatever --quiet says
    outputs = {"-o/--output": args.output, "--summary": args.summary, "--segments": args.segments}
    check_writable(outputs)
    glossary = load(args.glossary, quiet=args.quiet)  # a bad glossary is refused before any text is read
    checks, policy = plan_checks(args, glossary)
    layers = suppression(args, glossary)  # so are a bad ignore file and a bad baseline
    read_options = input_options(args)
    found = expand_paths(args.paths, args.glob or default_glob(), outputs=list(outputs.values()))
    refuse_inputs_as_outputs([*(s.path for s in found.sources), *args.ref, *(args.glossary or []),
                              *([args.source] if args.source else []), *layers.files], outputs.values())
    if args.source and len(found.sources) != 1:
        raise TqaError(f"--source goes with exactly one input (the target it is aligned with), not "
                       f"{len(found.sources)}")
    note(found.notes)
    for problem in found.problems:  # reported; the other inputs are still checked, and the exit status is 2
        print(f"tqa: {problem}", file=sys.stderr)
    if not found.sources:
        raise NothingRead()
    sources = found.sources
    references: list[list[str]] = []
    if args.ref:
        from ..metrics import parse_metric_names, read_reference, reference_names

        if len(sources) != 1:
            raise TqaError(f"--ref needs exactly one input to compare with it, not {len(sources)}")
        check_tokenizer(args.tokenize)
        metric_names = parse_metric_names(args.metrics)
        notes: list[str] = []
        references = [read_reference(path, args.encoding, notes) for path in args.ref]
        note(notes)
    weights = load_profile(args.profile)
    info = RunInfo(__version__, glossary, weights, tuple(c.name for c in checks),
                   str(args.min_severity) if args.min_severity else None, args.target_lang,
                   extra={"references": list(args.ref)},
                   rules=policy.selection.describe() if policy is not None else "", suppression=layers)
    to_terminal = args.output in (None, "-") and sys.stdout.isatty()
    color = args.color == "always" or (args.color == "auto" and to_terminal and not os.environ.get("NO_COLOR"))
    if args.format == "concise":  # lines for tools as much as for people: colour only when asked for
        color = args.color == "always"
    # Excel needs a BOM to open UTF-8 CSV with Chinese text correctly; stdout stays BOM-free for pipes.
    spreadsheet = renderer_class(args.format).spreadsheet
    encoding = "utf-8-sig" if spreadsheet and args.output not in (None, "-") else "utf-8"

    from ..gates import GateRun, QualityGate
    from ..report.tables import SegmentTables, write_summary_csv
    from ..scoring import CorpusTotals

    gates = GateRun(QualityGate(args.fail_under, args.fail_on, args.fail_under_corpus))
    segment_tables = SegmentTables() if args.segments else None
    results_rows: list[dict] = []
    totals = CorpusTotals()
    errors = len(found.problems)
    with open_output(args.output, encoding=encoding, newline="" if spreadsheet else None) as stream:
        if args.statistics:
            from ..report.base import RenderOptions
            from ..report.statistics import StatisticsRenderer

            renderer = StatisticsRenderer(stream, info, RenderOptions(quiet=args.quiet),
                                          as_json=args.format == "json")
        else:
            renderer = make_renderer(args.format, stream, info, color=color, raw_csv=args.raw_csv,
                                     show_suppressed=args.show_suppressed, quiet=args.quiet)
        started = False
        from ..parallel import RunState, check_sources, input_bytes
        from ..progress import Progress

        def read(source):  # in a worker too: a bad file is one line, as with --jobs 1
            document, raw = read_document(source, input_format=args.input_format, options=read_options)
            return document, raw, layers.for_document(document, None if source.is_stdin else source.path)

        def silence(source):  # a plain-text file read in a stream: no inline comments, only the file's path
            from ..model import Document

            return layers.for_document(Document(source.name, ""), source.path)

        state = RunState(glossary, checks, dict(min_severity=args.min_severity, target_lang=args.target_lang,
                                                weights=weights, policy=policy), read,
                         streamable(args, references) if not args.dask else None, args.encoding,
                         keep_text=not from_findings_alone(args, references),
                         render=renderer if rendered_by_workers(args, references) else None, silence=silence)
        bar = Progress(input_bytes(sources) or None, unit="B", description="tqa check",
                       enabled=not (args.quiet or args.no_progress))
        with bar:
            if args.dask:
                from ..dask import check_sources as on_cluster

                results = on_cluster(sources, state, args.dask, progress=bar)
            else:
                results = check_sources(sources, state, run_jobs(args), progress=bar)
            for status, result in results:
                rows = None
                if status == "rendered":  # a worker wrote the document's rows; the result is a tally
                    rows, result = result
                # Warnings, errors and a report on the terminal are written with the bar out of the way.
                with bar.paused(to_terminal or status == "error" or bool(getattr(result, "notes", ()))):
                    if status == "error":  # unreadable, or an inline comment naming an unknown rule
                        print(f"tqa: {result}", file=sys.stderr)
                        errors += 1
                        continue
                    if status == "rows":  # a window of a stream, its rows written by a worker
                        if not started:
                            renderer.begin()
                            started = True
                        renderer.write_rows(result)
                        continue
                    if status == "window":  # a window of a document read in a stream: its findings now
                        if not started:
                            renderer.begin()
                            started = True
                        renderer.window(result)
                        continue
                    if references:
                        from ..analysis import with_references

                        result = with_references(result, references, reference_names(args.ref),
                                                 tokenize=args.tokenize, lowercase=args.lowercase,
                                                 metric_names=metric_names)
                    note(result.notes)
                    if not started:
                        renderer.begin()  # only once a document was read: nothing is written for bad input
                        started = True
                    if rows is not None:
                        renderer.write_rows(rows)
                    elif status == "ok":
                        renderer.document(result)
                    elif status == "streamed":  # its findings were written window by window
                        renderer.streamed(result)
                    if segment_tables is not None:
                        segment_tables.add(result)
                    results_rows.append(result.summary_row())
                    totals.add(result)
                    gates.add(result)
        if not started:
            raise NothingRead()  # every input failed (each already reported): leave no report behind
        renderer.end(totals.score())
        gates.finish(totals.score())
    if args.summary:
        with open_output(args.summary, encoding="utf-8-sig", newline="") as stream:
            write_summary_csv(stream, results_rows, info.signature(), raw=args.raw_csv)
    if args.segments:
        with open_output(args.segments, encoding="utf-8-sig", newline="") as stream:
            segment_tables.write(stream)
    if args.show_unused_ignores:
        warn(layers.unused())  # asked for: said even with --quiet
    return exit_status(gates, errors, args.exit_zero)


def from_findings_alone(args, references) -> bool:
    """Whether this run's report is written from the findings alone, not the documents' text: CSV, without
    --show-suppressed, --segments, --statistics or references."""
    return args.format == "csv" and not args.statistics and written_by_window(args, references)


def written_by_window(args, references) -> bool:
    """Whether this run's report can write a document read in a stream window by window: its format streams
    (:attr:`tqa.report.base.Renderer.streams`: every built-in format but HTML, and --statistics) and nothing
    asks for more than each window's findings and text (--show-suppressed, --segments, references)."""
    if args.statistics:
        from ..report.statistics import StatisticsRenderer as renderer
    else:
        from ..report import renderer_class

        renderer = renderer_class(args.format)
    return renderer.streams and not (args.show_suppressed or args.segments or references)


def rendered_by_workers(args, references) -> bool:
    """Whether a pool's workers write each document's CSV rows (:attr:`tqa.parallel.RunState.render`): a CSV report
    written from the findings alone, on this machine (a Dask cluster sends results back)."""
    return args.format == "csv" and from_findings_alone(args, references) and not args.dask


def streamable(args, references):
    """Which sources this run may read in a stream (:mod:`tqa.stream`, bounded memory): large plain-text files,
    when the report can be written window by window (:func:`written_by_window`) and nothing needs the whole
    text (no --ref or --source). An ignore file's rules and a baseline apply window by window
    (:class:`tqa.suppression.WindowSplit`)."""
    import codecs
    import stat

    from ..readers import reader_for
    from ..stream import min_stream_bytes

    if not written_by_window(args, references) or args.source or args.input_format not in (None, "text"):
        return None
    if args.encoding:
        try:
            if codecs.lookup(args.encoding).name not in ("utf-8", "utf-8-sig"):
                return None
        except LookupError:
            return None
    threshold = min_stream_bytes()

    def accepts(source) -> bool:
        if source.is_stdin or reader_for(source.path, args.input_format).name != "text":
            return False
        try:
            info = os.stat(source.path)
        except OSError:
            return False
        return stat.S_ISREG(info.st_mode) and info.st_size >= threshold
    return accepts


def run_jobs(args) -> int:
    """The processes this run may use: ``--jobs`` (0 or unset: the usable cores). One when the run must see every
    document in this process: ``--show-unused-ignores`` counts what each ignore line silenced."""
    from ..parallel import resolve_jobs

    if args.show_unused_ignores:
        return 1
    return resolve_jobs(getattr(args, "jobs", None))


def exit_status(gates, errors: int, exit_zero: bool) -> int:
    """2 when an input could not be read (whatever the gates say: a run that skipped a file did not check it),
    else 0 with ``--exit-zero``, else 1 when a gate failed, each failed gate said on stderr, else 0. With
    ``--exit-zero`` the gates are not reported: the user asked for the findings, not for a verdict."""
    if not exit_zero:
        for message in gates.messages():
            print(f"tqa: quality gate: {message}", file=sys.stderr)
    if errors:
        return EXIT_USAGE
    if exit_zero:
        return EXIT_OK
    return EXIT_OK if gates.passed else EXIT_GATE


def report_format(given: str | None, output: str | None, configured: bool = False) -> str:
    """The report format: ``--format`` when given, else the one the ``-o`` file's extension names, else text.
    A ``--format`` that contradicts the extension (``-o report.html --format csv``) is refused. A format that
    comes from a config file (``configured``) yields to the extension: the ``-o`` of this run is on the command
    line, which beats the config file."""
    from pathlib import Path

    from ..report import format_for_extension

    implied = format_for_extension(Path(output).suffix) if output not in (None, "-") else None
    if configured and implied:
        return implied
    if given and implied and given != implied:
        raise TqaError(f"-o {output} names a {implied} file but --format is {given}: "
                       f"drop --format or change the extension")
    return given or implied or "text"
