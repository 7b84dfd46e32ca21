"""``tqa review``: a local web page where an editor accepts, rejects or edits each finding of one document.

The page is served on 127.0.0.1 only, on a free port, behind a random token in its URL (printed, and opened in
the browser unless ``--no-browser``). Every decision is saved at once to a review file beside the document, so
a restarted review resumes where the editor stopped. Export writes the corrected document (in the input's
format, encoding, BOM and line endings; never over the input), the decisions as CSV, and the rejected findings
into a baseline that ``tqa check --baseline`` reads. Starlette and uvicorn are imported only here.
"""

from __future__ import annotations

import os
import sys

from .._version import __version__
from ..errors import TqaError
from .common import (
    EXIT_OK, add_input_options, add_rule_options, add_suppression_options, input_options, load, plan_checks, suppression,
)


def add_parser(commands) -> None:
    review = commands.add_parser(
        "review", help="review the findings of a document in a local web page: accept, reject or edit each",
        description="Serve a local web page (127.0.0.1 only, with a random token) where each finding of FILE is "
                    "accepted, rejected or edited; decisions are saved at once beside FILE, and Export writes the "
                    "corrected document, the decisions as CSV and the rejected findings to a baseline.")
    review.add_argument("file", metavar="FILE", help="the document to review (any format tqa reads)")
    review.add_argument("--ref", action="append", metavar="REF", default=[],
                        help="a line-aligned reference translation: BLEU and chrF before and after the decisions")
    review.add_argument("--no-browser", action="store_true", help="print the URL only; do not open a browser")
    review.add_argument("--port", type=int, default=0, metavar="N",
                        help="listen on this port of 127.0.0.1 (default: a free one)")
    review.add_argument("-o", "--output", metavar="FILE",
                        help="where Export writes the corrected document (default: FILE's name with .reviewed "
                             "before its extension, beside it; never FILE itself)")
    review.add_argument("--review-file", metavar="FILE",
                        help="where the decisions are kept (default: FILE.tqa-review.json beside FILE)")
    review.add_argument("--decisions", metavar="CSV",
                        help="where Export writes the decisions (default: FILE.tqa-review.csv beside FILE)")
    review.add_argument("--encoding", metavar="CODEC",
                        help="read the document in this encoding (default: BOM, then UTF-8, then detected)")
    review.add_argument("-g", "--glossary", action="append", metavar="FILE|NAME",
                        help="glossary file or bundled name (repeatable; default: zh-en-news)")
    review.add_argument("--profile", metavar="NAME|FILE", help="scoring profile (default: mqm)")
    review.add_argument("--no-check", action="append", metavar="NAME", default=[])
    review.add_argument("--only-check", action="append", metavar="NAME", default=[])
    review.add_argument("--target-lang", metavar="LANG",
                        help="the language the text should be in (default: the file's, else the glossary's)")
    add_rule_options(review)
    add_suppression_options(review)
    add_input_options(review)
    # The baseline is also where Export records the rejected findings (created when it does not exist).
    for action in review._actions:
        if action.dest == "baseline":
            action.help = ("the baseline: its findings are not shown, and Export adds the rejected ones to it "
                           "(default: tqa-baseline.json beside FILE, written only by Export)")
    review.set_defaults(func=run)


def run(args) -> int:
    from ..output import check_writable, refuse_inputs_as_outputs
    from ..report import RunInfo
    from ..review.session import ReviewSession, default_output, default_review_file, review_lock
    from ..scoring import load_profile

    if args.file == "-":
        raise TqaError("tqa review needs a file (its decisions are kept beside it), not stdin")
    if not os.path.isfile(args.file):
        raise TqaError(f"{args.file}: no such file" if not os.path.exists(args.file) else f"{args.file}: not a file")
    if not 0 <= args.port <= 65535:
        raise TqaError(f"--port: {args.port} is not a port number")
    output = args.output or default_output(args.file)
    review_file = args.review_file or default_review_file(args.file)
    decisions = args.decisions or args.file + ".tqa-review.csv"
    baseline_out = args.baseline or os.path.join(os.path.dirname(os.path.abspath(args.file)), "tqa-baseline.json")
    outputs = {"-o/--output": output, "--review-file": review_file, "--decisions": decisions,
               "--baseline": baseline_out}
    check_writable(outputs)
    glossary = load(args.glossary)
    checks, policy = plan_checks(args, glossary)
    weights = load_profile(args.profile)
    given_baseline = args.baseline if args.baseline and os.path.exists(args.baseline) else None
    args.baseline = given_baseline  # a baseline that does not exist yet is one Export will create
    layers = suppression(args, glossary)
    refuse_inputs_as_outputs([args.file, *args.ref, *(args.glossary or []), *([args.source] if args.source else []),
                              *([layers.ignore_file.shown] if layers.ignore_file else [])],
                             [output, review_file, decisions], hint="tqa review never writes over its input")
    refuse_inputs_as_outputs([args.file, *args.ref, *(args.glossary or []), *([args.source] if args.source else [])],
                             [baseline_out])
    info = RunInfo(__version__, glossary, weights, tuple(c.name for c in checks), None, args.target_lang,
                   rules=policy.selection.describe() if policy is not None else "", suppression=layers)
    with review_lock(review_file):
        session = ReviewSession(args.file, glossary=glossary, checks=checks, policy=policy, weights=weights,
                                suppression=layers, options=input_options(args), input_format=args.input_format,
                                target_lang=args.target_lang, review_file=review_file, output=output,
                                decisions_csv=decisions, baseline=baseline_out, references=args.ref,
                                signature=info.signature())
        _serve(args, session)
    return EXIT_OK


def _serve(args, session) -> None:
    """Say where the review stands, then serve it until Ctrl-C."""
    from ..review.server import can_open_browser, serve

    if session.references:
        session.metrics(session.document)  # a reference that does not line up is refused now, not in the page
    if session.notice:
        print(f"tqa: {session.notice}", file=sys.stderr)
    elif session.decisions:
        print(f"tqa: resuming the review: {len(session.decisions)} of {len(session.items)} findings decided "
              f"({session.review_file})", file=sys.stderr)

    def announce(url: str) -> None:
        print(f"tqa: reviewing {session.document.id} ({len(session.items)} finding"
              f"{'s' if len(session.items) != 1 else ''}); open {url}", file=sys.stderr)
        print(url, flush=True)
        if not args.no_browser and not can_open_browser():
            print("tqa: no display here to open a browser on: open the URL above yourself", file=sys.stderr)

    try:
        serve(session, port=args.port, open_browser=not args.no_browser, announce=announce)
    finally:
        print(f"tqa: review stopped; the decisions are kept in {session.review_file}", file=sys.stderr)
