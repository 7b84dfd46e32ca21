"""The command line: parse arguments, call the API, render. No analysis logic lives here.

One module per command (``check``, ``baseline``, ``compare``, ``config``, ``fix``, ``glossary``, ``mine``,
``review``, ``rules``);
``common`` holds what they share.

Exit status: 0 done; 1 the quality gate failed; 2 bad usage or bad input (also: stdout cannot be written);
128 + the signal when a signal from the shell ended the run (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).
A reader that goes away (``tqa check … | head``) changes nothing: the run finishes and exits with its own status.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import signal
import sys
import threading
from typing import Iterator, Sequence

from .._version import __version__
from ..errors import GlossaryError, TqaError
from ..output import guarded_stdout, remove_temporary_files

# (.common, and through it the data model, is imported by the functions below: ``main`` first serves tqa's
# dataclasses from the cache, see tqa.dataclass_code, and every module that defines one is imported after it.)

#: The signals a shell sends to end a program that tqa turns into a clean stop (SIGKILL cannot be caught; a
#: closed pipe is not a signal here: Python ignores SIGPIPE and a failed write is handled by the stdout guard).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
                     if hasattr(signal, name))


#: Every command, with the module under tqa.cli that declares it and the function there that adds its parser, in
#: the order ``tqa --help`` lists them. ``config`` comes after ``check``, whose settings options it copies.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "add_parser"),
    "baseline": ("baseline", "add_parser"),
    "compare": ("compare", "add_parser"),
    "fix": ("fix", "add_parser"),
    "checks": ("glossary", "add_parsers"),
    "glossary": ("glossary", "add_parsers"),
    "mine": ("mine", "add_parser"),
    "review": ("review", "add_parser"),
    "rules": ("rules", "add_parsers"),
    "rule": ("rules", "add_parsers"),
    "config": ("config", "add_parser"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: of every command, or (``command``) of that command alone, which is what a run
    of one command needs: building the parsers of all of them, and importing their modules, took longer than a
    one-paragraph check's analysis. ``tqa --help`` and a mistyped command get the parser of every command."""
    from importlib import import_module

    from .common import _Parser

    parser = _Parser(prog="tqa", description="Translation-quality analyzer for machine-translated text.")
    parser.add_argument("--version", action="version", version=f"tqa {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    if command not in COMMANDS:
        wanted = set(COMMANDS)
    else:
        wanted = {command, "check"} if command == "config" else {command}  # config copies check's options
    modules = list(dict.fromkeys(COMMANDS[name] for name in COMMANDS if name in wanted))
    for module, adder in modules:  # looked up now: a test may wrap a module's add_parser
        getattr(import_module(f"{__name__}.{module}"), adder)(commands)
    config = import_module(f"{__name__}.config")
    config.add_config_options(commands)  # last: every command with settings gets --config and --isolated
    return parser


def command_of(argv: Sequence[str] | None) -> str | None:
    """The command ``argv`` (default: the process's arguments) runs, when its first argument names one (the
    top-level parser's own options, --help and --version, come before any command)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    return arguments[0] if arguments and arguments[0] in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    from ..dataclass_code import install

    install()  # first: before the modules that define dataclasses are imported
    parser = build_parser(command_of(argv))
    # The cyclic garbage collector's youngest generation is collected after 10,000 allocations, not 700: a run
    # allocates millions of objects (findings, matches, rows) and makes hardly any cycles, and collecting them 250
    # times per 100 MB cost 2% of a run (the workers of a pool, forked during the run, do the same).
    thresholds = gc.get_threshold()
    gc.set_threshold(10_000, *thresholds[1:])
    with _signals_stop_the_run():
        try:
            with guarded_stdout():
                return _run(parser, argv)
        except KeyboardInterrupt as exc:  # Ctrl-C, or another stop signal (Interrupted)
            signum = getattr(exc, "signum", signal.SIGINT)
            remove_temporary_files()  # those the interrupted writes could not remove themselves
            stopped = "interrupted" if signum == signal.SIGINT else f"terminated by {signal.Signals(signum).name}"
            print(f"tqa: {stopped}", file=sys.stderr)
            return 128 + signum
        finally:
            gc.set_threshold(*thresholds)


def _run(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    from .common import EXIT_USAGE, NothingRead, UsageError, usage

    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            return usage(parser)
        from .config import configure

        configure(parser, args, argv)  # command line > config file > default
        status = args.func(args)
        sys.stdout.flush()  # now, while a failure can still be reported and change the exit status
        return status
    except GlossaryError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_USAGE
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except TqaError as exc:
        print(f"tqa: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except NothingRead:
        return EXIT_USAGE


class Interrupted(KeyboardInterrupt):
    """A stop signal other than Ctrl-C, raised like Ctrl-C's KeyboardInterrupt so that every ``finally`` and
    ``except BaseException`` on the way out (temporary files) runs."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _signals_stop_the_run() -> Iterator[None]:
    """While the run lasts, each stop signal raises :class:`Interrupted` in the main thread.

    A signal the caller ignores stays ignored (``nohup`` ignores SIGHUP; a shell's background job, SIGINT). After
    the first signal the others are ignored, so that a second Ctrl-C cannot cut the clean-up short. Outside the
    main thread nothing is changed (Python allows handlers only there).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}

    def stop(signum, frame):
        for other in previous:
            if previous[other] is not signal.SIG_IGN:
                # A no-op handler rather than SIG_IGN: a signal already pending would make Python print
                # "Signal N ignored due to race condition".
                signal.signal(other, lambda signum, frame: None)
        raise Interrupted(signum)

    for signum, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
