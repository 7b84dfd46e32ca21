"""``tqa compare``: MT systems side by side, tqa's score beside BLEU, chrF and TER."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .._version import __version__
from .common import EXIT_OK, EXIT_USAGE, add_rule_options, check_tokenizer, load, plan_checks, positive_int, warn
from .config import command_line_only


def add_parser(commands) -> None:
    compare = commands.add_parser(
        "compare", help="compare MT systems: tqa score beside BLEU, chrF and TER, or by the tqa score alone",
        description="Compare system outputs (line-aligned with the references, the source, or both) on tqa's "
                    "checks and, with references, on BLEU, chrF and TER; with --baseline, paired significance "
                    "tests. Without --ref the systems are ranked by the tqa score alone (reference-free).")
    compare.add_argument("systems", nargs="+", metavar="SYSTEM", help="system output files or directories of them")
    compare.add_argument("--ref", action="append", metavar="REF", default=[], help="reference (repeatable)")
    compare.add_argument("--source", metavar="FILE",
                         help="the source, line-aligned with every system: the source-aware checks run")
    compare.add_argument("--encoding", metavar="CODEC",
                       help="read inputs in this encoding (default: BOM, then UTF-8, then detected)")
    compare.add_argument("-g", "--glossary", action="append", metavar="FILE|NAME",
                         help="glossary file or bundled name (repeatable; default: zh-en-news)")
    compare.add_argument("--glob", help="file patterns inside directories (default: the first reference's "
                                        "extension, e.g. '*.en' for --ref ref.en; without a reference '*.en,*.txt')")
    # The config's `format` is check's report format (sarif, html…): compare's own formats are given here.
    command_line_only(compare.add_argument("--format", choices=("text", "csv", "json"), default="text"))
    compare.add_argument("-o", "--output", metavar="FILE", help="write the table here (atomically)")
    compare.add_argument("--sort", choices=[c for c in ("score", "bleu", "chrf", "ter", "penalty_per_kword",
                                                        "findings", "critical", "untranslated", "system")],
                         help="sort the systems, best first")
    # A system to test against, not the config key `baseline` (a file of accepted findings).
    command_line_only(compare.add_argument("--baseline", metavar="SYSTEM",
                                           help="paired significance tests against this system"))
    compare.add_argument("--paired", choices=("bs", "ar"), default="bs",
                         help="bootstrap resampling (bs, default) or approximate randomization (ar)")
    compare.add_argument("--paired-n", type=positive_int, metavar="N",
                         help="resamples (default as sacrebleu: 1000 for bs, 10000 for ar)")
    compare.add_argument("-m", "--metrics", metavar="LIST",
                         help="reference metrics, comma-separated (default: bleu,chrf,ter; TER is the slow one)")
    compare.add_argument("--tokenize", metavar="NAME", help="sacrebleu's BLEU tokenizer")
    compare.add_argument("--lowercase", action="store_true", help="case-insensitive BLEU and chrF")
    compare.add_argument("--profile", metavar="NAME|FILE",
                       help="scoring profile: weights by severity, check and category (default: mqm; see README)")
    compare.add_argument("--no-check", action="append", metavar="NAME", default=[])
    compare.add_argument("--only-check", action="append", metavar="NAME", default=[])
    compare.add_argument("--raw-csv", action="store_true")
    compare.add_argument("--no-progress", action="store_true",
                         help="no progress bar (one is shown on stderr for a long run when stderr is a terminal)")
    add_rule_options(compare)
    compare.set_defaults(func=run)


def run(args) -> int:
    import json

    from ..files import Source
    from ..compare import compare_systems
    from ..inputs import expand_paths, read_document
    from ..errors import TqaError
    from ..metrics import METRICS, parse_metric_names, read_reference, reference_names
    from ..output import open_output, refuse_inputs_as_outputs
    from ..report.tables import neutralise_frame
    from ..scoring import load_profile

    glossary = load(args.glossary)
    weights = load_profile(args.profile)
    checks, policy = plan_checks(args, glossary)
    check_tokenizer(args.tokenize)
    metric_names = parse_metric_names(args.metrics)
    if args.sort in METRICS and args.sort not in metric_names:  # refused before the long work, not after
        raise TqaError(f"--sort {args.sort}: {args.sort} is not computed; add it to -m "
                       f"(-m {','.join([*metric_names, args.sort])})")
    if args.ref:
        glob = args.glob or "*" + (os.path.splitext(args.ref[0])[1] or ".txt")  # outputs look like the reference
    else:
        glob = args.glob or "*.en,*.txt"
        if args.sort in METRICS:
            raise TqaError(f"--sort {args.sort}: there is no reference to compute {args.sort} with; give --ref")
    skipped = [*args.ref, *([args.source] if args.source else [])]
    found = expand_paths(args.systems, glob, outputs=[args.output], skip=skipped)
    refuse_inputs_as_outputs([*(source.path for source in found.sources), *skipped, *(args.glossary or [])],
                             [args.output])
    if found.repeated:  # one system twice in a table is a mistake, and would make --baseline ambiguous
        raise TqaError(f"system {found.repeated[0]} given twice")
    notes = list(found.notes)
    for problem in found.problems:  # a comparison with a system missing would mislead: nothing is compared
        print(f"tqa: {problem}", file=sys.stderr)
    if found.problems:
        return EXIT_USAGE
    references = [read_reference(path, args.encoding, notes) for path in args.ref]
    source_lines = read_reference(args.source, args.encoding, notes) if args.source else None
    systems = []
    for source in found.sources:
        document, _ = read_document(source, args.encoding)
        notes.extend(document.notes)
        systems.append((document.id, document.text))
    warn(notes)
    from ..progress import Progress

    bar = Progress(len(systems), unit="system", description="tqa compare", enabled=not args.no_progress)

    def progress(done: int, total: int, name: str) -> None:
        bar.update(done - bar.done, postfix=Path(name).name[:30] if name else None)

    with bar:
        comparison = compare_systems(systems, references, glossary, reference_names=reference_names(args.ref),
                                     source=source_lines,
                                     source_name=Source(args.source).name if args.source else "",
                                     weights=weights, checks=checks, tokenize=args.tokenize, lowercase=args.lowercase,
                                     baseline=args.baseline, test=args.paired, n_samples=args.paired_n,
                                     progress=progress, metric_names=metric_names, policy=policy)
    frame = comparison.to_frame(args.sort or (None if references else "score"))
    from ..report import run_signature

    signature = run_signature(__version__, glossary, weights, [c.name for c in checks],
                              rules=policy.selection.describe() if policy is not None else "")
    if args.format == "csv":
        if comparison.baseline:
            frame = frame.merge(comparison.significance_frame(), on="system", how="left")
        frame["signature"] = signature
        out = frame if args.raw_csv else neutralise_frame(frame)  # last: the merge matches the names as given
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

                if comparison.test == "bs":
                    test = "paired bootstrap resampling; p-values, ± 95% CI"
                else:
                    test = "approximate randomization; p-values"
                stream.write(f"\nagainst the baseline {comparison.baseline} ({test}):\n")
                table = pd.DataFrame(comparison.significance)
                stream.write(table.to_string(index=False, na_rep="") + "\n")  # the baseline has no p-value
    return EXIT_OK
