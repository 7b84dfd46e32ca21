"""Readers: one module per input format, each with one :class:`~tqa.readers.base.Reader` subclass.

:data:`BUILTIN` is the one place that lists them; a format of your own needs no change here:
``tqa.readers.register(MyReader)``. A file is read by the reader ``--input-format`` names, else by the one
whose ``suffixes`` hold the file name's ending, else as plain text.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..errors import TqaError
from .base import Fixed, Reader, ReadOptions, UnitText, units_document

__all__ = ["BUILTIN", "BUILTIN_INFO", "Fixed", "Reader", "ReadOptions", "UnitText", "register", "registered",
           "reader_for", "reader_named", "reader_names", "directory_suffixes", "units_document"]

#: The built-in readers: "module:Class" under tqa.readers.
BUILTIN = (
    "text:TextReader",
    "xliff:XliffReader",
    "tmx:TmxReader",
    "po:PoReader",
    "tabular:TsvReader",
    "tabular:CsvReader",
)

#: What the registry knows of each built-in reader without importing its module, in :data:`BUILTIN` order: its
#: ``name``, the file name endings it reads (``suffixes``) and whether a directory's files are taken for it by
#: default (``in_directories``). A run imports the modules of the formats it reads alone (tests/test_startup.py
#: holds these to the classes' attributes).
BUILTIN_INFO: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("text", (".txt",), True),
    ("xliff", (".xlf", ".xliff", ".sdlxliff"), True),
    ("tmx", (".tmx",), True),
    ("po", (".po",), True),
    ("tsv", (".tsv",), False),
    ("csv", (".csv",), False),
)

_ADDED: list[type[Reader]] = []


def register(reader_class: type[Reader]) -> type[Reader]:
    """Add a reader (usable as a class decorator); its name must be new, and its suffixes win over the
    built-in readers'."""
    if not (isinstance(reader_class, type) and issubclass(reader_class, Reader)):
        raise TypeError(f"{reader_class!r} is not a Reader subclass")
    if reader_class.name in reader_names():
        raise ValueError(f"a reader named {reader_class.name!r} is already registered")
    _ADDED.append(reader_class)
    return reader_class


def unregister(reader_class: type[Reader]) -> None:
    _ADDED.remove(reader_class)


def registered() -> list[type[Reader]]:
    """Every reader class, the built-in ones first (this imports each one's module)."""
    return [_builtin(spec) for spec in BUILTIN] + _ADDED


def _builtin(spec: str) -> type[Reader]:
    module, name = spec.split(":")
    return getattr(import_module(f"{__name__}.{module}"), name)


def reader_names() -> list[str]:
    """The names ``--input-format`` takes, in registry order."""
    return [name for name, _, _ in BUILTIN_INFO] + [reader_class.name for reader_class in _ADDED]


def directory_suffixes() -> list[str]:
    """The file name endings of the readers whose files are taken from a directory by default, in registry
    order."""
    described = [(suffixes, in_directories) for _, suffixes, in_directories in BUILTIN_INFO]
    described += [(reader_class.suffixes, reader_class.in_directories) for reader_class in _ADDED]
    return [suffix for suffixes, in_directories in described if in_directories for suffix in suffixes]


def reader_named(name: str) -> Reader:
    """The reader ``--input-format NAME`` asks for."""
    for spec, (builtin, _, _) in zip(BUILTIN, BUILTIN_INFO):
        if builtin == name:
            return _builtin(spec)()
    for reader_class in _ADDED:
        if reader_class.name == name:
            return reader_class()
    raise TqaError(f"unknown input format {name!r} (formats: {', '.join(reader_names())})")


def reader_for(path: str, input_format: str | None = None) -> Reader:
    """The reader for ``path``: the one ``input_format`` names, else the one its name's ending belongs to
    (added readers first), else plain text."""
    if input_format:
        return reader_named(input_format)
    name = Path(path).name.lower()
    for reader_class in reversed(_ADDED):
        if any(name.endswith(suffix) for suffix in reader_class.suffixes):
            return reader_class()
    for spec, (_, suffixes, _) in reversed(list(zip(BUILTIN, BUILTIN_INFO))):
        if any(name.endswith(suffix) for suffix in suffixes):
            return _builtin(spec)()
    return reader_named("text")
