"""Settings from a config file: ``[tool.tqa]`` in ``pyproject.toml``, or ``tqa.toml`` / ``.tqa.toml``.

A config file holds what a team wants every run to share (glossaries, checks, rule selection, gates, the report
format), so that ``tqa check corpus/`` in a project means the same thing for everyone and in CI. It sets the
command-line options of the same names, and nothing else: a key is an option's name in kebab-case (``fail-on`` →
``--fail-on``), converted and validated by that option's own ``type=`` and ``choices``, so the file accepts
exactly what the command line accepts and a new option becomes configurable by being declared (plus one line in
:data:`SETTINGS`). Precedence: command line > config file > built-in default; the merge itself is
:func:`tqa.cli.config.configure`.

Discovery is ruff's: from the working directory upwards, in each directory ``tqa.toml``, then ``.tqa.toml``, then
a ``pyproject.toml`` *that has a* ``[tool.tqa]`` *table* (one without it is passed over, as a project may well
have a pyproject.toml that says nothing about tqa); the first found wins, and levels are never merged, so what
applies is always one file that can be read on its own. The walk stops at the file system's root, or at a
directory named in ``TQA_CONFIG_CEILING`` (like git's ``GIT_CEILING_DIRECTORIES``: a directory there is searched,
its parents are not), which is how a test suite or a build sandbox keeps files above it out.

Paths in a config file are relative to the file's directory, not to the working directory, so that the file means
the same wherever tqa is started below it. Every problem is one line ``FILE:LINE: what is wrong``; tomllib gives
no positions, so :func:`key_lines` finds each key's line in the text.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .errors import TqaError
from .lazyre import lazy_compile

if TYPE_CHECKING:  # pragma: no cover
    import tomllib

#: The names a config file may have in a directory, in the order they are looked for.
CONFIG_NAMES = ("tqa.toml", ".tqa.toml")
PYPROJECT = "pyproject.toml"
#: Directories the upward walk does not go above (separated by ``os.pathsep``).
CEILING_VARIABLE = "TQA_CONFIG_CEILING"

# How a setting's value is read, beyond the option's own type= and choices.
VALUE = "value"          # as the option takes it
GLOSSARY = "glossary"    # a bundled glossary's name, or a path (relative to the config file)
PROFILE = "profile"      # a bundled scoring profile's name, or a path (relative to the config file)
PATH = "path"            # a path (relative to the config file)
COMMA_LIST = "comma"     # an array of strings, or one comma-separated string (the option takes the latter)
SEVERITY_TABLE = "severity-table"  # a table {CODE = SEVERITY}; the option takes "CODE=SEVERITY" strings


@dataclass(frozen=True)
class Setting:
    """One config key and the command-line option (argparse ``dest``) it sets."""

    key: str
    dest: str
    kind: str = VALUE
    #: The values of the config file and of the command line add up (``extend-select``) instead of the command
    #: line replacing the file's.
    extends: bool = False


def _setting(key: str, dest: str | None = None, kind: str = VALUE, extends: bool = False) -> Setting:
    return Setting(key, dest or key.replace("-", "_"), kind, extends)


#: Every key a config file may hold. A key sets the option of that ``dest`` in every command that has one (``check``,
#: ``fix``, ``compare``…), with that command's conversion. Options that name what one run reads or writes (inputs,
#: ``-o``, ``--ref``, ``--source``) are not settings: they belong to the run, not to the project.
SETTINGS: tuple[Setting, ...] = (
    _setting("glossaries", "glossary", GLOSSARY),
    _setting("checks", "only_check"),
    _setting("no-checks", "no_check"),
    _setting("select"),
    _setting("extend-select", extends=True),
    _setting("ignore"),
    _setting("severity-overrides", "severity_override", SEVERITY_TABLE),
    _setting("target-lang"),
    _setting("source-lang"),
    _setting("encoding"),
    _setting("profile", kind=PROFILE),
    _setting("min-severity"),
    _setting("format"),
    _setting("color"),
    _setting("fail-on"),
    _setting("fail-under"),
    _setting("fail-under-corpus"),
    _setting("exit-zero"),
    _setting("glob", kind=COMMA_LIST),
    _setting("baseline", kind=PATH),
    _setting("ignore-file", kind=PATH),
    _setting("jobs"),
    _setting("no-progress"),
)
BY_KEY = {setting.key: setting for setting in SETTINGS}


class ConfigError(TqaError):
    """A config file that cannot be used; the message is ``FILE:LINE: what is wrong``."""


# --- reading one file -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ConfigFile:
    """A config file that was read: its settings table and where each key stands in its text."""

    path: Path                  # absolute
    table: dict[str, Any]       # the settings: [tool.tqa] of a pyproject.toml, the whole of a tqa.toml
    base: tuple[str, ...]       # the table's key path in the document: ("tool", "tqa") or ()
    lines: dict[tuple[str, ...], int] = field(repr=False)

    @property
    def directory(self) -> Path:
        return self.path.parent

    @property
    def label(self) -> str:
        """The file as origins name it: ``/abs/pyproject.toml [tool.tqa]`` or ``/abs/tqa.toml``."""
        return f"{_shown(self.path)} [tool.tqa]" if self.base else _shown(self.path)

    def line(self, *keys: str) -> int:
        """The line of ``keys`` (a key of the table, then keys inside its value); the nearest enclosing key or
        table that has a line of its own when the exact one has none (an item of an inline table or an array)."""
        path = self.base + keys
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def origin(self, key: str) -> str:
        return f"{self.label}:{self.line(key)}"

    def error(self, keys: tuple[str, ...], message: str) -> ConfigError:
        return ConfigError(f"{_shown(self.path)}:{self.line(*keys)}: {message}")


def read_config(path: Path, *, explicit: bool = False) -> ConfigFile | None:
    """Read a config file. A ``pyproject.toml`` gives its ``[tool.tqa]`` table, or None when it has none (then
    discovery goes on; a pyproject named by ``--config`` without one is refused); any other file is read as a
    ``tqa.toml``, whose settings are at its top level."""
    path = Path(os.path.abspath(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{_shown(path)}: no such config file") from None
    except IsADirectoryError:
        raise ConfigError(f"{_shown(path)}: a directory, not a config file") from None
    except OSError as exc:
        raise ConfigError(f"{_shown(path)}: cannot read the config file: {(exc.strerror or str(exc)).lower()}") from None
    try:
        text = data.decode("utf-8-sig")  # a BOM (Windows editors write one) is not part of the TOML
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ConfigError(f"{_shown(path)}:{line}: not UTF-8 (a TOML file is UTF-8 text)") from None
    passed_over = _passed_over_marker(data) if path.name == PYPROJECT and not explicit else None
    if passed_over is not None and _is_marked(passed_over):
        return None  # these very bytes were read before: valid TOML without [tool.tqa]
    import tomllib  # only when a config file is found: most runs have none

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_error(path, text, exc)) from None
    lines = key_lines(text)
    if path.name != PYPROJECT:
        return ConfigFile(path, document, (), lines)
    tool = document.get("tool")
    table = tool.get("tqa") if isinstance(tool, dict) else None
    if table is None:
        if explicit:
            raise ConfigError(f"{_shown(path)}: no [tool.tqa] table (tqa's settings in a pyproject.toml are "
                              f"under [tool.tqa])")
        if passed_over is not None:
            _mark(passed_over)
        return None
    config = ConfigFile(path, table, ("tool", "tqa"), lines)
    if not isinstance(table, dict):
        raise config.error((), f"tool.tqa is {toml_type(table)}, not a table")
    return config


def _passed_over_marker(data: bytes) -> Path | None:
    """The cache file that says a ``pyproject.toml`` of exactly these bytes is valid TOML without a ``[tool.tqa]``
    table (None when caching is off). A project's pyproject.toml is found by nearly every run of tqa inside the
    project and mostly says nothing about tqa: parsing it (and importing the TOML parser) cost a one-paragraph
    check several milliseconds; the verdict on the same bytes is the same every time."""
    import hashlib
    import sys

    from .cache import cache_dir

    base = cache_dir()
    if base is None:
        return None
    digest = hashlib.sha256(data).hexdigest()[:32]
    return base / f"pyproject-{digest}-py{sys.version_info[0]}.{sys.version_info[1]}.passed-over"


def _is_marked(marker: Path) -> bool:
    """Whether ``marker`` is a file of the current user (what the cache holds must be its own)."""
    try:
        return marker.stat().st_uid == os.getuid()
    except OSError:
        return False


def _mark(marker: Path) -> None:
    try:
        marker.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        marker.touch()
    except OSError:
        pass


def _toml_error(path: Path, text: str, exc: "tomllib.TOMLDecodeError") -> str:
    """tomllib's message as ``FILE:LINE: …``; it ends with "(at line L, column C)", or "(at end of document)" (then
    the line is the last that holds something: where the file was cut short)."""
    message = str(exc)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found:
        return f"{_shown(path)}:{found[1]}: not valid TOML: {message[:found.start()]} (column {found[2]})"
    found = re.search(r"\s*\(at end of document\)$", message)
    if found:
        last = text.rstrip().count("\n") + 1
        return f"{_shown(path)}:{last}: not valid TOML: {message[:found.start()]} (at the end)"
    return f"{_shown(path)}: not valid TOML: {message}"


# --- where each key stands --------------------------------------------------------------------------------------

_BARE_KEY = lazy_compile(r"[A-Za-z0-9_-]+")  # only a config file that is read needs it


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line (1-based) of every table header and key of a TOML document, by full key path: ``[tool.tqa]``
    gives ``("tool", "tqa")``, a line ``fail-on = "major"`` below it ``("tool", "tqa", "fail-on")``, and so does
    ``tqa.fail-on = …`` under ``[tool]``. The document has already been parsed by tomllib, so this only has to
    tell keys from values: lines inside multi-line strings are skipped, and array items or inline tables are
    not keys (their errors point at the line of the key that holds them)."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    open_string: str | None = None  # the delimiter of a multi-line string that is still open
    for number, line in enumerate(text.split("\n"), 1):
        if open_string:
            if open_string in line:
                open_string = None
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            parsed = _key_path(stripped, 2 if stripped.startswith("[[") else 1)
            if parsed:
                table = parsed[0]
                lines.setdefault(table, number)
            continue
        parsed = _key_path(stripped, 0)
        if not parsed or not stripped[parsed[1]:].startswith("="):
            continue
        keys, end = parsed
        for length in range(1, len(keys) + 1):  # a dotted key defines the tables it goes through
            lines.setdefault(table + keys[:length], number)
        value = stripped[end + 1:]
        for delimiter in ('"""', "'''"):
            if value.count(delimiter) % 2 == 1:
                open_string = delimiter
                break
    return lines


def _key_path(text: str, start: int) -> tuple[tuple[str, ...], int] | None:
    """The dotted key that begins at ``start`` (bare and quoted parts) and the index just after it, or None."""
    keys: list[str] = []
    index = start
    while True:
        while index < len(text) and text[index] in " \t":
            index += 1
        if index >= len(text):
            return None
        if text[index] in "\"'":
            quote = text[index]
            end = index + 1
            while end < len(text) and text[end] != quote:
                end += 2 if quote == '"' and text[end] == "\\" else 1
            if end >= len(text):
                return None
            import tomllib

            try:
                keys.append(tomllib.loads(f"k = {text[index:end + 1]}")["k"])
            except tomllib.TOMLDecodeError:
                return None
            index = end + 1
        else:
            bare = _BARE_KEY.match(text, index)
            if not bare:
                return None
            keys.append(bare[0])
            index = bare.end()
        while index < len(text) and text[index] in " \t":
            index += 1
        if index < len(text) and text[index] == ".":
            index += 1
            continue
        return tuple(keys), index


# --- discovery --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Searched:
    """One directory of the upward walk and what it held."""

    directory: Path
    found: str  # "tqa.toml", ".tqa.toml", "pyproject.toml with [tool.tqa]", "pyproject.toml without [tool.tqa]", ""


@dataclass(frozen=True)
class Discovery:
    """Which config file applies and how it was chosen: ``how`` is ``found``, ``not found``, ``--config`` or
    ``--isolated``; ``searched`` lists the directories walked, nearest first; ``ceiling`` is the directory the walk
    stopped at because ``TQA_CONFIG_CEILING`` names it (None: it went on to the root, or was not made)."""

    config: ConfigFile | None
    how: str
    searched: tuple[Searched, ...] = ()
    ceiling: Path | None = None


def discover(*, config_file: str | None = None, isolated: bool = False, start: Path | None = None) -> Discovery:
    """The config file of a run: the one ``--config`` names, none with ``--isolated``, else the first found walking
    up from ``start`` (the working directory)."""
    if isolated:
        return Discovery(None, "--isolated")
    if config_file is not None:
        return Discovery(read_config(Path(config_file).expanduser(), explicit=True), "--config")
    searched: list[Searched] = []
    ceiling = None
    for directory, ceiling in walk_up(start):
        found = ""
        for name in CONFIG_NAMES:
            if is_file(directory / name):
                searched.append(Searched(directory, name))
                return Discovery(read_config(directory / name), "found", tuple(searched))
        if is_file(directory / PYPROJECT):
            config = read_config(directory / PYPROJECT)
            if config is not None:
                searched.append(Searched(directory, "pyproject.toml with [tool.tqa]"))
                return Discovery(config, "found", tuple(searched))
            found = "pyproject.toml without [tool.tqa]"
        searched.append(Searched(directory, found))
    return Discovery(None, "not found", tuple(searched), ceiling)


def walk_up(start: Path | None = None) -> Iterator[tuple[Path, Path | None]]:
    """``start`` (default: the working directory) and each directory above it, nearest first, up to the file
    system's root or a directory named in ``TQA_CONFIG_CEILING`` (searched, its parents not): each with the
    ceiling when it is one (else None). Nothing when the working directory was removed: there is no project
    around it. What looks up from the working directory (config files, ``.tqaignore``) walks this way."""
    if start is None:
        try:
            start = Path(os.getcwd())
        except OSError:
            return
    start = Path(os.path.abspath(start))
    ceilings = _ceilings()
    for directory in (start, *start.parents):
        at_ceiling = _real(directory) in ceilings
        yield directory, directory if at_ceiling else None
        if at_ceiling:
            return


def is_file(path: Path) -> bool:
    """Whether ``path`` is a file; a directory that cannot be looked into holds none."""
    try:
        return path.is_file()
    except OSError:
        return False


def _ceilings() -> set[Path]:
    value = os.environ.get(CEILING_VARIABLE, "")
    return {_real(Path(part).expanduser()) for part in value.split(os.pathsep) if part.strip()
            and Path(part).expanduser().is_absolute()}


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path


# --- values -----------------------------------------------------------------------------------------------------

def resolve_path(config: ConfigFile, value: str, bundled: Callable[[], dict] | None = None) -> str:
    """A path written in ``config``, relative to its directory (``~`` is the home directory). For a glossary or a
    profile, a bundled name stays a name unless a file of that name exists beside the config file: the rule the
    loaders apply on the command line ("a path that exists wins"), with the config file's directory in place of
    the working directory."""
    candidate = config.directory / Path(value).expanduser()
    if bundled is not None and not (candidate.exists() or candidate.is_symlink()) and value in bundled():
        return value
    return str(candidate)


def toml_type(value: Any) -> str:
    """How TOML calls a value's type, for messages ("a string", "an array")."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def _shown(path: Path) -> str:
    from .files import display_name

    return display_name(str(path))
