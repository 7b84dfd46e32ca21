"""``tqa compare``: MT systems side by side, tqa's score beside BLEU, chrF and TER."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import __version__
from .common import EXIT_OK, EXIT_USAGE, check_tokenizer, load, names


def add_parser(commands) -> None:
    compare = commands.add_parser(
        "compare", help="compare MT systems: tqa score beside BLEU, chrF and TER",
        description="Compare system outputs (line-aligned with the references) on tqa's checks and on "
                    "BLEU, chrF and TER; with --baseline, paired significance tests.")
    compare.add_argument("systems", nargs="+", metavar="SYSTEM", help="system output files or directories of them")
    compare.add_argument("--ref", action="append", metavar="REF", required=True, help="reference (repeatable)")
    compare.add_argument("--encoding", metavar="CODEC",
                       help="read inputs in this encoding (default: BOM, then UTF-8, then detected)")
    compare.add_argument("-g", "--glossary", action="append", metavar="FILE", help="glossary (repeatable)")
    compare.add_argument("--glob", help="file pattern inside directories (default: the first reference's "
                                        "extension, e.g. '*.en' for --ref ref.en; '*.txt' without one)")
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
    compare.set_defaults(func=run)


def run(args) -> int:
    import json

    from ..checks import select_checks
    from ..compare import compare_systems
    from ..inputs import expand_paths, read_document
    from ..metrics import parse_metric_names, read_reference, reference_names
    from ..output import open_output
    from ..report.tables import neutralise_frame
    from ..scoring import DEFAULT_WEIGHTS

    glossary = load(args.glossary)
    checks = select_checks(names(args.only_check), names(args.no_check))
    check_tokenizer(args.tokenize)
    glob = args.glob or "*" + (os.path.splitext(args.ref[0])[1] or ".txt")  # system outputs look like the reference
    found = expand_paths(args.systems, glob, outputs=[args.output], skip=args.ref)
    notes = list(found.notes)
    for problem in found.problems:  # a comparison with a system missing would mislead: nothing is compared
        print(f"tqa: {problem}", file=sys.stderr)
    if found.problems:
        return EXIT_USAGE
    references = [read_reference(path, args.encoding, notes) for path in args.ref]
    systems = []
    for source in found.sources:
        document, _ = read_document(source, args.encoding)
        notes.extend(document.notes)
        systems.append((document.id, document.text))
    for note in notes:
        print(f"tqa: warning: {note}", file=sys.stderr)
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
    from ..report import run_signature

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
