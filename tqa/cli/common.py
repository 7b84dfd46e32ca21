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
    def error(self, message: str):  # one line, exit 2, like every other user error
        raise UsageError(f"{self.prog}: {message}")


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


def add_input_options(parser) -> None:
    """The options that say how inputs are read (check, fix)."""
    from ..readers import registered

    group = parser.add_argument_group("bilingual input")
    group.add_argument("--source", metavar="FILE",
                       help="a source text line-aligned with the (one) plain-text input: the WMT layout")
    group.add_argument("--input-format", metavar="FORMAT", choices=[r.name for r in registered()],
                       help="read inputs as FORMAT (" + ", ".join(r.name for r in registered())
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
