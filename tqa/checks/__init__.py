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

__all__ = ["Check", "UnitCheck", "DocContext", "BUILTIN", "register", "registered", "all_checks", "check_names",
           "on_by_default", "select_checks", "known_rules"]

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

_ADDED: list[type[Check]] = []


def register(check_class: type[Check]) -> type[Check]:
    """Add a check after the built-in ones (usable as a class decorator). Its name must be new."""
    if not (isinstance(check_class, type) and issubclass(check_class, Check)):
        raise TypeError(f"{check_class!r} is not a Check subclass")
    if check_class.name in {c.name for c in registered()}:
        raise ValueError(f"a check named {check_class.name!r} is already registered")
    _ADDED.append(check_class)
    return check_class


def unregister(check_class: type[Check]) -> None:
    """Remove a check added with :func:`register`."""
    _ADDED.remove(check_class)


def registered() -> list[type[Check]]:
    """Every check class, in the order they run."""
    classes = []
    for spec in BUILTIN:
        module, name = spec.split(":")
        classes.append(getattr(import_module(f"{__name__}.{module}"), name))
    return classes + _ADDED


def on_by_default(check_class: type[Check]) -> bool:
    """Whether a check runs unless asked for by name (a class attribute ``default = False`` says it does not)."""
    return getattr(check_class, "default", True)


def all_checks(include_off: bool = False) -> list[Check]:
    """One instance of every check that runs by default (with ``include_off``, of every check), in the order
    they run."""
    return [check_class() for check_class in registered() if include_off or on_by_default(check_class)]


def check_names() -> list[str]:
    return [check_class.name for check_class in registered()]


def select_checks(only: list[str] | None = None, skip: list[str] | None = None) -> list[Check]:
    """The checks to run: those on by default, or only ``only`` (which may name a check that is off by
    default), minus ``skip``.

    Unknown names, a name both selected and switched off, and a selection that leaves no check to run are
    user errors: a run that checks nothing would report a perfect score.
    """
    from ..errors import TqaError

    checks = all_checks(include_off=True)
    names = [c.name for c in checks]
    only, skip = list(only or []), list(skip or [])
    for name in only + skip:
        if name not in names:
            raise TqaError(f"unknown check {name!r} (checks: {', '.join(names)})")
    both = [name for name in only if name in skip]
    if both:
        raise TqaError(f"check {both[0]!r} is both selected (--only-check) and switched off (--no-check)")
    selected = [c for c in checks if (c.name in only if only else on_by_default(type(c))) and c.name not in skip]
    if not selected:
        raise TqaError("no check left to run (every check is switched off)")
    return selected


def known_rules(glossary, checks: "Iterable[Check] | None" = None) -> dict[str, str]:
    """Every rule code the checks (default: all, those off by default too) can report with ``glossary``: code ->
    one-line description."""
    from ..rules import rule_table

    return {code: rule.summary for code, rule in rule_table(glossary, checks).items()}
