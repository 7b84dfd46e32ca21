"""The command line: parse arguments, call the API, render. No analysis logic lives here.

One module per command (``check``, ``compare``, ``fix``, ``glossary``); ``common`` holds what they share.
Exit status: 0 done; 1 the quality gate failed; 2 bad usage or bad input; 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from .. import __version__
from ..errors import GlossaryError, TqaError
from . import check, compare, fix, glossary
from .common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, NothingRead, _Parser, usage


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tqa", description="Translation-quality analyzer for machine-translated text.")
    parser.add_argument("--version", action="version", version=f"tqa {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check.add_parser(commands)
    compare.add_parser(commands)
    fix.add_parser(commands)
    glossary.add_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            return usage(parser)
        return args.func(args)
    except GlossaryError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_USAGE
    except TqaError as exc:
        print(f"tqa: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except NothingRead:
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("tqa: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``tqa check … | head``): not an error, and no traceback on exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
