"""Checks: each one looks at a document (or one unit at a time) and yields findings.

Every check is one module with one :class:`~tqa.checks.base.Check` subclass, named in :data:`BUILTIN` (the one
place that lists them, in the order they run: where two find the same span, the earlier one's finding stays).
A check of your own needs no change here: ``tqa.checks.register(MyCheck)`` adds it after the built-in ones.
A check whose class says ``default = False`` is off by default: it runs only when asked for by name
(``select_checks(only=[...])``, ``--only-check NAME``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Iterable

from .base import Check, DocContext, UnitCheck

__all__ = ["Check", "UnitCheck", "DocContext", "BUILTIN", "BUILTIN_INFO", "register", "registered", "all_checks",
           "check_class", "check_names", "on_by_default", "select_checks", "known_rules"]

#: The built-in checks, in the order they run: "module:Class" under tqa.checks.
BUILTIN = (
    "glossary:GlossaryCheck",
    "residue:ResidueCheck",
    "copies:CopiesCheck",
    "language:LanguageCheck",
    "tags:TagsCheck",
    "punctuation:PunctuationCheck",
    "consistency:ConsistencyCheck",
    "numbers:NumbersCheck",
    "terms:TermCheck",
    "omission:OmissionCheck",
    "names:NamesCheck",
)

#: What the registry knows of each built-in check without importing its module, in :data:`BUILTIN` order: its
#: ``name`` and whether it runs by default. A run imports the modules of the checks it runs alone
#: (tests/test_startup.py holds these to the classes' own attributes).
BUILTIN_INFO: tuple[tuple[str, bool], ...] = (
    ("glossary", True),
    ("residue", True),
    ("copies", True),
    ("language", True),
    ("tags", True),
    ("punctuation", True),
    ("consistency", True),
    ("numbers", True),
    ("terms", True),
    ("omission", True),
    ("names", False),
)

_ADDED: list[type[Check]] = []


def register(check_class: type[Check]) -> type[Check]:
    """Add a check after the built-in ones (usable as a class decorator). Its name must be new."""
    if not (isinstance(check_class, type) and issubclass(check_class, Check)):
        raise TypeError(f"{check_class!r} is not a Check subclass")
    if check_class.name in check_names():
        raise ValueError(f"a check named {check_class.name!r} is already registered")
    _ADDED.append(check_class)
    return check_class


def unregister(check_class: type[Check]) -> None:
    """Remove a check added with :func:`register`."""
    _ADDED.remove(check_class)


def registered() -> list[type[Check]]:
    """Every check class, in the order they run (this imports every check's module)."""
    return [_builtin(spec) for spec in BUILTIN] + _ADDED


def _builtin(spec: str) -> type[Check]:
    module, name = spec.split(":")
    return getattr(import_module(f"{__name__}.{module}"), name)


def check_class(name: str) -> type[Check]:
    """The class of the check named ``name`` (importing its module alone)."""
    for spec, (builtin, _) in zip(BUILTIN, BUILTIN_INFO):
        if builtin == name:
            return _builtin(spec)
    for added in _ADDED:
        if added.name == name:
            return added
    raise KeyError(name)


def on_by_default(check_class: type[Check]) -> bool:
    """Whether a check runs unless asked for by name (a class attribute ``default = False`` says it does not)."""
    return getattr(check_class, "default", True)


def all_checks(include_off: bool = False) -> list[Check]:
    """One instance of every check that runs by default (with ``include_off``, of every check), in the order
    they run."""
    return [check_class() for check_class in registered() if include_off or on_by_default(check_class)]


def check_names() -> list[str]:
    """The name of every check, in the order they run (no check's module is imported)."""
    return [name for name, _ in BUILTIN_INFO] + [added.name for added in _ADDED]


def _defaults() -> dict[str, bool]:
    """Whether each check runs by default, by name."""
    return {**dict(BUILTIN_INFO), **{added.name: on_by_default(added) for added in _ADDED}}


def select_checks(only: list[str] | None = None, skip: list[str] | None = None) -> list[Check]:
    """The checks to run: those on by default, or only ``only`` (which may name a check that is off by
    default), minus ``skip``.

    Unknown names, a name both selected and switched off, and a selection that leaves no check to run are
    user errors: a run that checks nothing would report a perfect score.
    """
    from ..errors import TqaError

    names = check_names()
    default = _defaults()
    only, skip = list(only or []), list(skip or [])
    for name in only + skip:
        if name not in names:
            raise TqaError(f"unknown check {name!r} (checks: {', '.join(names)})")
    both = [name for name in only if name in skip]
    if both:
        raise TqaError(f"check {both[0]!r} is both selected (--only-check) and switched off (--no-check)")
    selected = [name for name in names if (name in only if only else default[name]) and name not in skip]
    if not selected:
        raise TqaError("no check left to run (every check is switched off)")
    return [check_class(name)() for name in selected]


def known_rules(glossary, checks: "Iterable[Check] | None" = None) -> dict[str, str]:
    """Every rule code the checks (default: all, those off by default too) can report with ``glossary``: code ->
    one-line description."""
    from ..rules import rule_table

    return {code: rule.summary for code, rule in rule_table(glossary, checks).items()}
