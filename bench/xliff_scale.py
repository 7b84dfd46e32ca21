"""XLIFF at scale: ``tqa check`` and ``tqa fix`` of a 10,000-unit XLIFF file against the same targets as plain text.

Builds an XLIFF 1.2 and an XLIFF 2.0 file of N units (default 10,000) from the WMT22 zh-en data: the sources of
source.zh with the output of each system in turn, every fifth target with a ``<g>``/``<pc>`` pair and an
``<x/>``/``<ph/>`` placeholder, and the same targets as plain text, one per line. Then runs, in this one run,
each whole process (every check on, CSV to a file; ``fix`` to a file) and prints wall time, peak memory (the
process's own maximum resident set, from wait4) and the ratio to the plain text. The median of ``--repeat``
runs is reported. Skips (exit 0) when ../shared/data/wmt22-zhen is absent.

    python bench/xliff_scale.py [--units 10000] [--repeat 3] [--keep]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import WMT22, WORK, run_measured, tqa_command, wmt22_available, wmt22_systems  # noqa: E402

# Characters XML 1.0 does not allow (the few control characters in the data): such lines are left out of both.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def pairs(units: int) -> list[tuple[str, str]]:
    """(source, target) pairs: source.zh beside each system's output in turn, until there are ``units``."""
    sources = (WMT22 / "source.zh").read_text("utf-8").split("\n")[:-1]
    found: list[tuple[str, str]] = []
    for system in wmt22_systems():
        targets = system.read_text("utf-8").split("\n")[:-1]
        for source, target in zip(sources, targets):
            if not (_NOT_XML.search(source) or _NOT_XML.search(target) or "\r" in source + target):
                found.append((source, target))
            if len(found) == units:
                return found
    return found


def tagged(text: str, number: int, paired: str, single: str) -> str:
    """``text`` escaped; every fifth unit with its first word in a pair of tags and a placeholder at the end."""
    if number % 5 or " " not in text:
        return escape(text, quote=False)
    first, rest = text.split(" ", 1)
    return (f'<{paired} id="1">{escape(first, quote=False)}</{paired}> {escape(rest, quote=False)}'
            f'<{single} id="2"/>')


def xliff_1(units: list[tuple[str, str]]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">',
             '  <file original="wmt22.zh" source-language="zh-CN" target-language="en" datatype="plaintext">',
             '    <body>']
    for number, (source, target) in enumerate(units, 1):
        lines += [f'      <trans-unit id="{number}">',
                  f'        <source>{escape(source, quote=False)}</source>',
                  f'        <target state="translated">{tagged(target, number, "g", "x")}</target>',
                  '      </trans-unit>']
    return "\n".join(lines + ['    </body>', '  </file>', '</xliff>', ''])


def xliff_2(units: list[tuple[str, str]]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en">',
             '  <file id="f1">']
    for number, (source, target) in enumerate(units, 1):
        lines += [f'    <unit id="{number}">', '      <segment state="translated">',
                  f'        <source>{escape(source, quote=False)}</source>',
                  f'        <target>{tagged(target, number, "pc", "ph")}</target>',
                  '      </segment>', '    </unit>']
    return "\n".join(lines + ['  </file>', '</xliff>', ''])


def measure(command: list[str], repeat: int) -> tuple[float, int]:
    runs = [run_measured(command) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    if not wmt22_available():
        print(f"skipped: the WMT22 data is not in {WMT22}")
        return 0
    base = WORK / "xliff"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    units = pairs(args.units)
    plain = base / "targets.txt"
    plain.write_text("".join(target + "\n" for _, target in units), "utf-8")
    files = {"XLIFF 1.2": base / "units.xlf", "XLIFF 2.0": base / "units-2.0.xlf"}
    files["XLIFF 1.2"].write_text(xliff_1(units), "utf-8")
    files["XLIFF 2.0"].write_text(xliff_2(units), "utf-8")
    print(f"{len(units)} units; plain text {plain.stat().st_size / 1e6:.1f} MB, "
          + ", ".join(f"{label} {path.stat().st_size / 1e6:.1f} MB" for label, path in files.items()))

    for verb, extra in (("check", ["--format", "csv", "-o", str(base / "out.csv")]), ("fix", None)):
        def command(path: Path) -> list[str]:
            tail = extra if extra is not None else ["-o", str(base / f"fixed{path.suffix}")]
            return tqa_command() + [verb, str(path), *tail]

        plain_wall, plain_peak = measure(command(plain), args.repeat)
        print(f"tqa {verb:<5} plain text  {plain_wall:6.2f} s  peak {plain_peak / 2**20:5.0f} MB", flush=True)
        for label, path in files.items():
            wall, peak = measure(command(path), args.repeat)
            print(f"tqa {verb:<5} {label}   {wall:6.2f} s  peak {peak / 2**20:5.0f} MB  "
                  f"({wall / plain_wall:.2f}x the time, {peak / plain_peak:.2f}x the memory of plain text)",
                  flush=True)
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
