"""``tqa baseline``: record today's findings, so that ``tqa check --baseline FILE`` reports only new ones.

As ruff's ``--add-noqa`` or an Xbench ignore list, for a project that adopts tqa with findings it has accepted.
The findings are read as ``tqa check`` reads them (the same inputs, glossaries, checks and rule options, inline
comments and ignore file) and recorded by rule, text flagged and the words around it, with paths relative to
the baseline's directory (:mod:`tqa.suppression`). The file is JSON, sorted and indented so that it diffs well
in git, written atomically.
"""

from __future__ import annotations

import os
import sys

from .._version import __version__
from ..errors import TqaError
from .common import (
    EXIT_OK, EXIT_USAGE, NothingRead, add_input_options, add_rule_options, add_suppression_options, input_options,
    load, plan_checks, suppression, warn,
)

DEFAULT_OUTPUT = "tqa-baseline.json"


def add_parser(commands) -> None:
    baseline = commands.add_parser(
        "baseline", help="record today's findings: tqa check --baseline FILE then reports only new ones",
        description="Record the findings of the inputs in a baseline file: 'tqa check --baseline FILE' then "
                    "suppresses them and reports only new findings.")
    baseline.add_argument("paths", nargs="+", metavar="PATH",
                          help="files, directories (searched recursively) or - for stdin, as tqa check takes them")
    baseline.add_argument("-o", "--output", metavar="FILE", default=DEFAULT_OUTPUT,
                          help=f"the baseline file to write (default: {DEFAULT_OUTPUT}); paths in it are relative "
                               f"to its directory")
    baseline.add_argument("--encoding", metavar="CODEC",
                          help="read inputs in this encoding (default: BOM, then UTF-8, then detected)")
    baseline.add_argument("-g", "--glossary", action="append", metavar="FILE|NAME",
                          help="glossary file or bundled name (repeatable; default: zh-en-news)")
    baseline.add_argument("--glob", help="file patterns inside directories, comma-separated (as tqa check)")
    baseline.add_argument("--no-check", action="append", metavar="NAME", default=[])
    baseline.add_argument("--only-check", action="append", metavar="NAME", default=[])
    baseline.add_argument("--target-lang", metavar="LANG",
                          help="the language the text should be in (default: the file's, else the glossary's)")
    baseline.add_argument("-j", "--jobs", type=jobs_value, metavar="N",
                          help="processes to use, a pool over the documents, as tqa check (default: auto, the "
                               "usable cores; 1: this process only)")
    add_rule_options(baseline)
    add_suppression_options(baseline, baseline=False)
    add_input_options(baseline)
    baseline.set_defaults(func=run)


def jobs_value(value: str) -> int:
    from ..parallel import jobs_value

    return jobs_value(value)


def run(args) -> int:
    from ..inputs import default_glob, expand_paths, read_document
    from ..output import check_writable, open_output, refuse_inputs_as_outputs
    from ..parallel import RunState, check_sources, resolve_jobs
    from ..report import RunInfo
    from ..scoring import DEFAULT_WEIGHTS
    from ..suppression import BaselineRecorder

    if args.output == "-":
        raise TqaError("tqa baseline writes a file: give -o FILE")
    check_writable({"-o/--output": args.output})
    glossary = load(args.glossary)
    checks, policy = plan_checks(args, glossary)
    layers = suppression(args, glossary)
    read_options = input_options(args)
    found = expand_paths(args.paths, args.glob or default_glob(), outputs=[args.output])
    refuse_inputs_as_outputs([*(s.path for s in found.sources), *(args.glossary or []),
                              *([args.source] if args.source else []), *layers.files], [args.output])
    if args.source and len(found.sources) != 1:
        raise TqaError(f"--source goes with exactly one input (the target it is aligned with), not "
                       f"{len(found.sources)}")
    warn(found.notes)
    for problem in found.problems:
        print(f"tqa: {problem}", file=sys.stderr)
    if not found.sources:
        raise NothingRead()
    recorder = BaselineRecorder(os.path.dirname(os.path.abspath(args.output)))
    errors = len(found.problems)
    documents = 0

    def read(source):  # in a worker too (--jobs): a bad file is one line, as in this process
        document, raw = read_document(source, input_format=args.input_format, options=read_options)
        return document, raw, layers.for_document(document, None if source.is_stdin else source.path)

    state = RunState(glossary, checks, dict(target_lang=args.target_lang, policy=policy, weights=DEFAULT_WEIGHTS),
                     read)
    # Without streaming, each source gives one outcome, in order.
    outcomes = check_sources(found.sources, state, resolve_jobs(args.jobs))
    for source, (status, result) in zip(found.sources, outcomes):
        if status == "error":
            print(f"tqa: {result}", file=sys.stderr)
            errors += 1
            continue
        warn(result.notes)
        recorder.add(result, None if source.is_stdin else source.path)
        documents += 1
    if not documents:
        raise NothingRead()  # every input failed (each already reported): no baseline that would hold nothing
    info = RunInfo(__version__, glossary, DEFAULT_WEIGHTS, tuple(c.name for c in checks), None, args.target_lang,
                   rules=policy.selection.describe() if policy is not None else "", suppression=layers)
    with open_output(args.output, encoding="utf-8") as stream:
        stream.write(recorder.json(__version__, info.signature()))
    recorded = sum(recorder.counts.values())
    print(f"tqa: {recorded} finding{'s' if recorded != 1 else ''} of {documents} document"
          f"{'s' if documents != 1 else ''} recorded in {args.output}", file=sys.stderr)
    return EXIT_USAGE if errors else EXIT_OK
