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

__all__ = ["BUILTIN", "Fixed", "Reader", "ReadOptions", "UnitText", "register", "registered", "reader_for",
           "reader_named", "units_document"]

#: The built-in readers: "module:Class" under tqa.readers.
BUILTIN = (
    "text:TextReader",
    "xliff:XliffReader",
    "tmx:TmxReader",
    "po:PoReader",
    "tabular:TsvReader",
    "tabular:CsvReader",
)

_ADDED: list[type[Reader]] = []


def register(reader_class: type[Reader]) -> type[Reader]:
    """Add a reader (usable as a class decorator); its name must be new, and its suffixes win over the
    built-in readers'."""
    if not (isinstance(reader_class, type) and issubclass(reader_class, Reader)):
        raise TypeError(f"{reader_class!r} is not a Reader subclass")
    if reader_class.name in {r.name for r in registered()}:
        raise ValueError(f"a reader named {reader_class.name!r} is already registered")
    _ADDED.append(reader_class)
    return reader_class


def unregister(reader_class: type[Reader]) -> None:
    _ADDED.remove(reader_class)


def registered() -> list[type[Reader]]:
    classes = []
    for spec in BUILTIN:
        module, name = spec.split(":")
        classes.append(getattr(import_module(f"{__name__}.{module}"), name))
    return classes + _ADDED


def reader_named(name: str) -> Reader:
    """The reader ``--input-format NAME`` asks for."""
    for reader_class in registered():
        if reader_class.name == name:
            return reader_class()
    raise TqaError(f"unknown input format {name!r} (formats: {', '.join(r.name for r in registered())})")


def reader_for(path: str, input_format: str | None = None) -> Reader:
    """The reader for ``path``: the one ``input_format`` names, else the one its name's ending belongs to
    (added readers first), else plain text."""
    if input_format:
        return reader_named(input_format)
    name = Path(path).name.lower()
    for reader_class in reversed(registered()):
        if any(name.endswith(suffix) for suffix in reader_class.suffixes):
            return reader_class()
    return reader_named("text")
