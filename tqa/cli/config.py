"""``tqa config``, and the merge of a config file into every command's arguments.

:func:`configure` runs once, in the CLI's ``_run`` right after parsing, for every command: it finds the config
file (:mod:`tqa.config`), and for each setting the command has, keeps the command line's value, else takes the
file's, else leaves the built-in default. "Given on the command line" is found by parsing the same arguments
once more with every default replaced by ``argparse.SUPPRESS`` (an option absent from that second parse was not
given), never by comparing with the default: ``--color auto`` said explicitly beats ``color = "never"`` in the
file. The commands themselves never see where a value came from.

``tqa config`` prints the result for ``tqa check``: every setting, its value and its origin (``default``, the
config file and line, or ``command line``); it takes check's settings options, so ``tqa config --select numbers``
shows what ``tqa check --select numbers`` would use. ``--show-files`` tells which file was found and where tqa
looked.
"""

from __future__ import annotations

import argparse
import copy
import enum
from dataclasses import dataclass
from typing import Any, Sequence

from ..config import (
    BY_KEY, CEILING_VARIABLE, COMMA_LIST, GLOSSARY, PATH, PROFILE, SETTINGS, SEVERITY_TABLE, ConfigFile, Discovery,
    Setting, discover, resolve_path, toml_type,
)
from .common import EXIT_OK

#: Marks an option whose dest is a setting's but which means something else (``compare --baseline SYSTEM`` is
#: a system to test against, not the ``baseline`` file of accepted findings): the config key does not set it.
COMMAND_LINE_ONLY = "tqa_command_line_only"


def command_line_only(action: argparse.Action) -> argparse.Action:
    """Declare that the config key of the same name does not set this option (see :data:`COMMAND_LINE_ONLY`)."""
    setattr(action, COMMAND_LINE_ONLY, True)
    return action


@dataclass(frozen=True)
class Origin:
    """Where a setting's value came from: ``default``, ``config`` (``label`` = the file, ``line``), ``command
    line``, or ``both`` (a setting whose values add up, taken from the file and the command line)."""

    kind: str
    label: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        if self.kind == "config":
            return f"{self.label}:{self.line}"
        if self.kind == "both":
            return f"{self.label}:{self.line} + command line"
        return self.kind


DEFAULT, COMMAND_LINE = Origin("default"), Origin("command line")


@dataclass(frozen=True)
class Configuration:
    """What :func:`configure` did: the discovery, and the origin of each setting the command has."""

    discovery: Discovery
    origins: dict[str, Origin]


# --- the parser ---------------------------------------------------------------------------------------------------

def add_parser(commands) -> None:
    """``tqa config``: check's settings options (copied from check's parser, so an option added to check is here
    too), its own ``--format text|json`` in place of check's ``--format``, and ``--show-files``."""
    check = commands.choices["check"]
    parser = commands.add_parser(
        "config", help="show the settings tqa check would use, and where each comes from",
        description="Show the effective settings of tqa check (config file, command line, defaults) and where each "
                    "comes from. Takes the settings options of tqa check, so that their effect can be seen.")
    for action in setting_actions(check).values():
        if action.dest != "format":
            parser._add_action(copy.copy(action))
    parser.add_argument("--format", dest="output_format", choices=("text", "json"), default="text",
                        help="text (default) or json for tools (tqa check's own --format is shown as 'format')")
    parser.add_argument("--show-files", action="store_true",
                        help="say which config file applies and which directories were searched")
    parser.set_defaults(func=run, settings_for="check")


def add_config_options(commands) -> None:
    """``--config FILE`` and ``--isolated`` for every command that has settings (added last, once every command
    and its options are declared)."""
    for parser in commands.choices.values():
        if not setting_actions(parser):
            continue
        group = parser.add_argument_group(
            "configuration", "Settings come from the first tqa.toml, .tqa.toml or pyproject.toml with [tool.tqa] "
                             "found from the working directory upwards; the command line overrides them. "
                             "'tqa config' shows the result.")
        exclusive = group.add_mutually_exclusive_group()
        exclusive.add_argument("--config", dest="config_file", metavar="FILE",
                               help="read the settings from FILE (a tqa.toml, or a pyproject.toml's [tool.tqa]) "
                                    "instead of searching from the working directory upwards")
        exclusive.add_argument("--isolated", action="store_true",
                               help="ignore every config file: built-in defaults and the command line only")


def command_parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def setting_actions(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """The options of ``parser`` that a config key sets, by dest."""
    dests = {setting.dest for setting in SETTINGS}
    return {action.dest: action for action in parser._actions
            if action.option_strings and action.dest in dests and not getattr(action, COMMAND_LINE_ONLY, False)}


# --- the merge ------------------------------------------------------------------------------------------------------

def configure(parser: argparse.ArgumentParser, args: argparse.Namespace, argv: Sequence[str] | None) -> None:
    """Merge the config file into ``args`` (command line > config file > default) and record the origins in
    ``args.configuration``. A command without settings (``tqa glossary list``) reads no config file."""
    parsers = command_parsers(parser)
    target = parsers.get(getattr(args, "settings_for", None) or getattr(args, "command", None) or "")
    actions = setting_actions(target) if target is not None else {}
    if not actions:
        return
    discovery = discover(config_file=getattr(args, "config_file", None), isolated=getattr(args, "isolated", False))
    config = discovery.config
    if config is not None:
        declared = {dest for command in parsers.values() for dest in setting_actions(command)}
        if any(key not in BY_KEY or BY_KEY[key].dest not in declared for key in config.table):
            # A key this run's parser (of its command alone) does not declare: whether another command has it,
            # and the hints for one that none has, are read from the parser of every command.
            from . import build_parser

            parsers = command_parsers(build_parser())
            declared = {dest for command in parsers.values() for dest in setting_actions(command)}
        for key in sorted(config.table, key=lambda key: config.line(key)):
            _check_key(config, key, declared, parsers)
    given = given_on_command_line(argv, parser)
    origins: dict[str, Origin] = {}
    for setting in SETTINGS:
        action = actions.get(setting.dest)
        if action is None:
            continue
        in_file = config is not None and setting.key in config.table
        if not in_file:
            origins[setting.key] = COMMAND_LINE if setting.dest in given else DEFAULT
            if not hasattr(args, setting.dest):  # tqa config shows check's --format, which it does not take
                setattr(args, setting.dest, action.default)
            continue
        if setting.dest in given and not setting.extends:
            origins[setting.key] = COMMAND_LINE
            continue
        value = convert(config, setting, action, config.table[setting.key], target.prog)
        if setting.dest in given:  # extend-select: the file's, then the command line's
            value = [*value, *getattr(args, setting.dest)]
            origins[setting.key] = Origin("both", config.label, config.line(setting.key))
        else:
            origins[setting.key] = Origin("config", config.label, config.line(setting.key))
        setattr(args, setting.dest, value)
    args.configuration = Configuration(discovery, origins)


def given_on_command_line(argv: Sequence[str] | None, parser: argparse.ArgumentParser | None = None) -> set[str]:
    """The dests of the options present in ``argv``: parsed again with every default of ``parser`` (default: a
    new one) set to ``argparse.SUPPRESS``, so that only what was given lands in the namespace; the defaults are
    put back afterwards (building a second parser costs a tenth of a small run's start-up)."""
    if parser is None:
        from . import build_parser

        parser = build_parser()
    saved = _suppress_defaults(parser, [])
    try:
        return set(vars(parser.parse_args(argv)))
    finally:
        for action, default in saved:
            action.default = default


def _suppress_defaults(parser: argparse.ArgumentParser, saved: list) -> list:
    """Set every option's default to SUPPRESS, recording ``(action, old default)`` in ``saved``."""
    for action in parser._actions:
        saved.append((action, action.default))
        action.default = argparse.SUPPRESS
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                _suppress_defaults(command, saved)
    return saved


def from_config_file(args: argparse.Namespace, key: str) -> bool:
    """Whether the setting ``key`` took its value from a config file alone (not from the command line)."""
    configuration = getattr(args, "configuration", None)
    return configuration is not None and configuration.origins.get(key, DEFAULT).kind == "config"


def _check_key(config: ConfigFile, key: str, declared: set[str], parsers: dict) -> None:
    """Refuse a key that is not a setting, or whose option no command of this tqa has."""
    setting = BY_KEY.get(key)
    if setting is not None:
        if setting.dest not in declared:
            option = "--" + setting.dest.replace("_", "-")
            raise config.error((key,), f"{key}: no command of this tqa has {option}, so it cannot be set")
        return
    hint = ""
    kebab = key.replace("_", "-")
    options = {action.dest: action for command in parsers.values() for action in command._actions
               if action.option_strings}
    if kebab in BY_KEY:
        hint = f": keys are kebab-case, '{kebab}'"
    elif key == "tool" and not config.base:
        hint = f": in {config.path.name} the settings are at the top level, without [tool.tqa]"
    elif key.replace("-", "_") in options:
        option = "/".join(options[key.replace("-", "_")].option_strings)
        hint = f": {option} is given on the command line of each run, not in a config file"
    else:
        import difflib

        close = difflib.get_close_matches(key, list(BY_KEY), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else " ('tqa config --isolated' lists the keys)"
    raise config.error((key,), f"unknown key '{key}'{hint}")


def convert(config: ConfigFile, setting: Setting, action: argparse.Action, value: Any, prog: str) -> Any:
    """A config file's value as the command line would give it to the command: a flag (``true``/``false``), a list
    for a repeatable option, else one value; each text converted by the option's ``type=`` and checked against its
    ``choices``; paths made relative to the config file's directory."""
    key = setting.key

    def fail(message: str, *inner: str):
        raise config.error((key, *inner), f"{key}: {message}")

    if action.nargs == 0:  # a flag: --exit-zero, --lowercase
        if not isinstance(value, bool):
            fail(f"expected true or false, not {toml_type(value)}")
        return action.const if value else action.default
    many = isinstance(action, argparse._AppendAction) or action.nargs in ("*", "+")
    if setting.kind == SEVERITY_TABLE:
        texts = _severity_table(value, fail)
    elif many:
        if not isinstance(value, list):
            fail(f"expected an array of strings, not {toml_type(value)}")
        texts = _strings(value, fail)
    else:
        if setting.kind == COMMA_LIST and isinstance(value, list):
            value = ",".join(_strings(value, fail))
        if isinstance(value, (int, float)) and not isinstance(value, bool) and action.type not in (None, str):
            value = str(value)  # fail-under = 90: the option's type reads the number
        if not isinstance(value, str):
            wanted = "a string or an array of strings" if setting.kind == COMMA_LIST else (
                "a string" if action.type in (None, str) else "a number or a string")
            fail(f"expected {wanted}, not {toml_type(value)}")
        texts = _strings([value], fail)
    converted = [_convert_one(config, setting, action, text, prog, fail) for text in texts]
    return converted if many else converted[0]


def _strings(values: list, fail) -> list[str]:
    for number, item in enumerate(values, 1):
        if not isinstance(item, str):
            fail(f"item {number} is {toml_type(item)}, not a string")
        if not item.strip():
            fail("an empty string" if len(values) == 1 else f"item {number} is an empty string")
    return list(values)


def _severity_table(value: Any, fail) -> list[str]:
    """``{ "numbers.added" = "minor" }`` as the command line gives it: ``["numbers.added=minor"]``."""
    from ..model import Severity

    if not isinstance(value, dict):
        fail(f'expected a table of rule = severity, e.g. {{ "numbers.mismatch" = "minor" }}, not {toml_type(value)}')
    texts = []
    for code, severity in value.items():
        if not code.strip():
            fail("an empty rule code", code)
        if not isinstance(severity, str):
            fail(f"{code}: expected a severity (minor, major or critical), not {toml_type(severity)}", code)
        try:
            Severity.parse(severity)
        except ValueError as exc:
            fail(f"{code}: {exc}", code)
        texts.append(f"{code}={severity.strip().lower()}")
    return texts


def _convert_one(config: ConfigFile, setting: Setting, action: argparse.Action, text: str, prog: str, fail) -> Any:
    from ..glossary import bundled_glossaries
    from ..scoring import bundled_profiles

    if setting.kind == GLOSSARY:
        text = resolve_path(config, text, bundled_glossaries)
    elif setting.kind == PROFILE:
        text = resolve_path(config, text, bundled_profiles)
    elif setting.kind == PATH:
        text = resolve_path(config, text)
    value: Any = text
    if action.type is not None:
        try:
            value = action.type(text)
        except argparse.ArgumentTypeError as exc:
            fail(str(exc))
        except (TypeError, ValueError):
            fail(f"invalid value {text!r}")
    if action.choices is not None and value not in action.choices:
        option = "/".join(action.option_strings)
        fail(f"{text!r} is not one of {', '.join(map(str, action.choices))} (as {prog} {option} takes it)")
    return value


# --- tqa config -----------------------------------------------------------------------------------------------------

def run(args) -> int:
    import json

    configuration: Configuration = args.configuration
    if args.show_files:
        _print_files(configuration.discovery, args.output_format)
        return EXIT_OK
    rows = [(setting, getattr(args, setting.dest), configuration.origins[setting.key])
            for setting in SETTINGS if setting.key in configuration.origins]
    config = configuration.discovery.config
    if args.output_format == "json":
        print(json.dumps({
            "command": "check",
            "config_file": str(config.path) if config else None,
            "how": configuration.discovery.how,
            "settings": {setting.key: {"value": _json_value(value), "origin": str(origin),
                                       "file": str(config.path) if origin.kind in ("config", "both") else None,
                                       "line": origin.line} for setting, value, origin in rows},
        }, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"settings of tqa check; config file: {_file_line(configuration.discovery)}")
    shown = [(setting.key, _toml_value(setting, value), str(origin)) for setting, value, origin in rows]
    key_width = max(len(key) for key, _, _ in shown)
    value_width = max([len(value) for _, value, _ in shown if len(value) <= 40] or [0])  # a long one sticks out
    for key, value, origin in shown:
        print(f"{key:<{key_width}}  {value:<{value_width}}  {origin}")
    return EXIT_OK


def _file_line(discovery: Discovery) -> str:
    if discovery.config is not None:
        return discovery.config.label + (" (--config)" if discovery.how == "--config" else "")
    if discovery.how == "--isolated":
        return "none (--isolated: config files are ignored)"
    return "none found"


def _print_files(discovery: Discovery, output_format: str) -> None:
    import json

    if output_format == "json":
        print(json.dumps({
            "config_file": str(discovery.config.path) if discovery.config else None,
            "how": discovery.how,
            "searched": [{"directory": str(s.directory), "found": s.found or None} for s in discovery.searched],
            "ceiling": str(discovery.ceiling) if discovery.ceiling else None,
        }, ensure_ascii=False, indent=2))
        return
    print(f"config file: {_file_line(discovery)}")
    if discovery.how in ("--config", "--isolated"):
        print(f"no directory searched ({discovery.how})")
        return
    if not discovery.searched:
        print("no directory searched (the working directory no longer exists)")
        return
    print("searched, from the working directory up:")
    width = max(len(str(s.directory)) for s in discovery.searched)
    for searched in discovery.searched:
        found = searched.found or "nothing"
        if searched.found == "pyproject.toml without [tool.tqa]":
            found += ": passed over"
        elif searched is discovery.searched[-1] and discovery.config is not None:
            found += ": used"
        print(f"  {str(searched.directory):<{width}}  {found}")
    if discovery.ceiling is not None:
        print(f"stopped at {discovery.ceiling}: {CEILING_VARIABLE} names it")
    elif discovery.config is None:
        print("stopped at the root of the file system")


def _toml_value(setting: Setting, value: Any) -> str:
    """A value as it would be written in a tqa.toml; ``(not set)`` for none."""
    if value is None:
        return "(not set)"
    if setting.kind == SEVERITY_TABLE and isinstance(value, list) and all("=" in str(v) for v in value):
        pairs = [str(v).rsplit("=", 1) for v in value]
        return "{ " + ", ".join(f"{_toml_scalar(code)} = {_toml_scalar(sev)}" for code, sev in pairs) + " }" \
            if pairs else "{}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_scalar(item) for item in value) + "]"
    return _toml_scalar(value)


def _toml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) and not isinstance(value, enum.Enum):
        return repr(value)
    import json

    return json.dumps(str(value), ensure_ascii=False)


def _json_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, enum.Enum):
        return value
    return str(value)
