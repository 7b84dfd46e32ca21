"""Checks: each one looks at a document and yields findings. They all share this small interface."""

from __future__ import annotations

from typing import Iterable

from .base import Check, DocContext

__all__ = ["Check", "DocContext", "all_checks", "check_names", "select_checks", "known_rules"]


def all_checks(target_lang: str | None = None) -> list[Check]:
    """Every check, in the order they run: where two find the same span, the earlier one's finding stays."""
    from .consistency import ConsistencyCheck
    from .glossary import GlossaryCheck
    from .language import LanguageCheck
    from .punctuation import PunctuationCheck
    from .residue import ResidueCheck

    return [GlossaryCheck(), ResidueCheck(), LanguageCheck(target_lang), PunctuationCheck(), ConsistencyCheck()]


def check_names() -> list[str]:
    return [check.name for check in all_checks()]


def select_checks(only: list[str] | None = None, skip: list[str] | None = None,
                  target_lang: str | None = None) -> list[Check]:
    """The checks to run: all, or only ``only``, minus ``skip``.

    Unknown names, a name both selected and switched off, and a selection that leaves no check to run are
    user errors: a run that checks nothing would report a perfect score.
    """
    from ..errors import TqaError

    checks = all_checks(target_lang)
    names = [c.name for c in checks]
    only, skip = list(only or []), list(skip or [])
    for name in only + skip:
        if name not in names:
            raise TqaError(f"unknown check {name!r} (checks: {', '.join(names)})")
    both = [name for name in only if name in skip]
    if both:
        raise TqaError(f"check {both[0]!r} is both selected (--only-check) and switched off (--no-check)")
    selected = [c for c in checks if (not only or c.name in only) and c.name not in skip]
    if not selected:
        raise TqaError("no check left to run (every check is switched off)")
    return selected


def known_rules(glossary, checks: "Iterable[Check] | None" = None) -> dict[str, str]:
    """Every rule code the checks (default: all) can report with ``glossary``: code -> one-line description."""
    rules: dict[str, str] = {}
    for check in checks if checks is not None else all_checks():
        rules.update(check.rules(glossary))
    return rules
