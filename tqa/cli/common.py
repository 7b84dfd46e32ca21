"""What every command shares: the argument parser class, option types, exit codes, glossary loading."""

from __future__ import annotations

import argparse
import sys

from ..errors import TqaError
from ..model import Severity

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(TqaError):
    """A bad command line. The message starts with the command it is about ("tqa check: …"), so it is printed
    as it is, without another "tqa: " in front."""


class _Parser(argparse.ArgumentParser):
    _declaring = False

    def error(self, message: str):  # one line, exit 2, like every other user error
        raise UsageError(f"{self.prog}: {message}")

    def add_argument(self, *args, **kwargs):
        return self._declare(super().add_argument, *args, **kwargs)

    def add_subparsers(self, **kwargs):
        return self._declare(super().add_subparsers, **kwargs)

    def _declare(self, method, *args, **kwargs):
        self._declaring = True
        try:
            return method(*args, **kwargs)
        finally:
            self._declaring = False

    def _get_formatter(self):
        if self._declaring:
            # Declaring an option makes a formatter only to check that its metavar fits nargs, and declaring
            # sub-commands one to spell their prog ("tqa check"): no width changes either. A fixed width spares
            # reading the terminal's for each (and importing shutil, with bz2 and lzma); help uses the real one.
            return self.formatter_class(prog=self.prog, width=80)
        return super()._get_formatter()


def severity(value: str) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def fail_on_value(value: str) -> Severity | None:
    """``--fail-on``: a severity, or ``none`` to switch the severity gate off."""
    if str(value).strip().lower() == "none":
        return None
    try:
        return Severity.parse(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"unknown severity {value!r} (expected minor, major, critical or none)") \
            from None


def whole_number(value: str, low: int = 1, high: int | None = None) -> int:
    """An option's whole number from ``low`` to ``high`` (no upper bound when None); anything else is a usage
    error naming the value."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < low or (high is not None and number > high):
        bounds = f"at least {low}" if high is None else f"from {low} to {high}"
        raise argparse.ArgumentTypeError(f"must be {bounds}, not {value}")
    return number


def positive_int(value: str) -> int:
    """A count: a whole number from 1."""
    return whole_number(value)


def score_value(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(f"a score is between 0 and 100, not {value}")
    return number


def usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def load(glossaries: list[str] | None, check_examples: bool = True, quiet: bool = False):
    """The glossaries of ``-g`` as given (files or bundled names, resolved by the API); none: the default. What
    reading a term base left out is said once, on stderr (the first few concepts skipped, then a count), unless
    ``quiet``."""
    from ..glossary import load_glossary

    glossary = load_glossary(glossaries or None, check_examples=check_examples)
    if quiet:
        return glossary
    warn(glossary.notes)
    if glossary.skipped:
        shown = ", ".join(glossary.skipped[:3])
        more = f" and {len(glossary.skipped) - 3} more" if len(glossary.skipped) > 3 else ""
        warn([f"{len(glossary.skipped)} concept(s) of the term base skipped (not in both languages): {shown}{more}"])
    return glossary


def names(values: list[str]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def check_tokenizer(name: str | None) -> None:
    if name is None:
        return
    from sacrebleu.metrics.bleu import _TOKENIZERS

    if name not in _TOKENIZERS:
        raise TqaError(f"unknown --tokenize {name!r} (sacrebleu knows: {', '.join(sorted(_TOKENIZERS))})")


class NothingRead(Exception):
    """Every input failed to read; the partial output is discarded."""


def warn(notes) -> None:
    """Print each note (a warning that is not an error) on stderr as ``tqa: warning: …``."""
    for note in notes:
        print(f"tqa: warning: {note}", file=sys.stderr)


def add_rule_options(parser) -> None:
    """--select, --extend-select, --ignore and --severity-override (check, fix, compare): see tqa.rules."""
    group = parser.add_argument_group("rules (codes, prefixes, checks, glossaries or MQM categories; see tqa rules)")
    group.add_argument("--select", action="append", metavar="CODES", default=None,
                       help="report only these rules (comma-separated or repeated; replaces the default: the rules "
                            "of the checks on by default)")
    group.add_argument("--extend-select", action="append", metavar="CODES", default=None,
                       help="report these rules too (e.g. names, a check that is off by default)")
    group.add_argument("--ignore", action="append", metavar="CODES", default=None,
                       help="do not report these rules (the more specific of --select and --ignore wins)")
    group.add_argument("--severity-override", action="append", metavar="CODE=SEVERITY", default=None,
                       help="report a rule at another severity: minor, major or critical (repeatable)")


def rule_selection(args):
    """The :class:`~tqa.rules.RuleSelection` of a command's arguments."""
    from ..rules import RuleSelection

    return RuleSelection.of(args.select, args.extend_select or (), args.ignore or (), args.severity_override or ())


def plan_checks(args, glossary):
    """The checks a command runs and the rule policy that filters their findings (None: every rule of the
    checks): from --only-check/--no-check and --select/--extend-select/--ignore/--severity-override."""
    from ..rules import plan

    checks, policy, _ = plan(glossary, rule_selection(args), names(args.only_check), names(args.no_check))
    return checks, policy


def add_input_options(parser) -> None:
    """The options that say how inputs are read (check, fix)."""
    from ..readers import reader_names

    group = parser.add_argument_group("bilingual input")
    group.add_argument("--source", metavar="FILE",
                       help="a source text line-aligned with the (one) plain-text input: the WMT layout")
    group.add_argument("--input-format", metavar="FORMAT", choices=reader_names(),
                       help="read inputs as FORMAT (" + ", ".join(reader_names())
                            + "; default: by the file name's ending, else text)")
    group.add_argument("--columns", metavar="LIST",
                       help="TSV/CSV input: what each column holds, e.g. id,source,target or source,target "
                            "(default: found from the header)")
    group.add_argument("--source-lang", metavar="LANG", help="the source language, when the file does not say")


def input_options(args):
    """The :class:`~tqa.readers.ReadOptions` of a command's arguments."""
    from ..readers import ReadOptions

    columns = tuple(names([args.columns])) if getattr(args, "columns", None) else None
    return ReadOptions(encoding=args.encoding, source=getattr(args, "source", None), columns=columns,
                       source_language=getattr(args, "source_lang", None),
                       target_language=getattr(args, "target_lang", None))


def add_suppression_options(parser, *, baseline: bool = True, report: bool = False) -> None:
    """--ignore-file/--no-ignore-file (check, fix, baseline), --baseline (check, fix), and with ``report``
    --show-suppressed and --show-unused-ignores (check): see tqa.suppression."""
    group = parser.add_argument_group("suppression (inline 'tqa: ignore[CODE]' comments are always read)")
    files = group.add_mutually_exclusive_group()
    files.add_argument("--ignore-file", dest="ignore_file", metavar="FILE",
                       help="the ignore file to use (default: the nearest .tqaignore in the working directory or "
                            "above it, up to the project's root)")
    files.add_argument("--no-ignore-file", action="store_true", help="use no ignore file")
    if baseline:
        group.add_argument("--baseline", metavar="FILE",
                           help="suppress the findings recorded in FILE (made by 'tqa baseline'): report only new ones")
    if report:
        group.add_argument("--show-suppressed", action="store_true",
                           help="also report the suppressed findings, marked with why (text, csv, json, html)")
        group.add_argument("--show-unused-ignores", action="store_true",
                           help="warn about each ignore-file line and inline comment that suppressed nothing, and "
                                "the baseline's findings that were not found")


def suppression(args, glossary):
    """The :class:`~tqa.suppression.Suppression` of a command's arguments: the layers' files are read and
    checked here, before any text is read."""
    from ..suppression import Suppression

    return Suppression.load(glossary, ignore_file=args.ignore_file, find=not args.no_ignore_file,
                            baseline=getattr(args, "baseline", None))
