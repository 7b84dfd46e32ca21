"""Checks: each one looks at a document and yields findings. They all share this small interface."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis import DocContext
    from ..model import Finding


class Check(Protocol):
    """A check has a stable ``name`` (used by ``--no-check``), a one-line ``description``, the rule codes it
    can report (``rules``) and ``run``."""

    name: str
    description: str

    def rules(self, glossary) -> dict[str, str]:
        """Every rule code this check can report with ``glossary``, each with a one-line description."""
        ...

    def run(self, ctx: "DocContext") -> Iterable["Finding"]: ...


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
    """The checks to run: all, or only ``only``, minus ``skip``. Unknown names are a user error."""
    from ..errors import TqaError

    checks = all_checks(target_lang)
    names = [c.name for c in checks]
    for name in (only or []) + (skip or []):
        if name not in names:
            raise TqaError(f"unknown check {name!r} (checks: {', '.join(names)})")
    return [c for c in checks if (not only or c.name in only) and c.name not in (skip or [])]


def known_rules(glossary, checks: "Iterable[Check] | None" = None) -> dict[str, str]:
    """Every rule code the checks (default: all) can report with ``glossary``: code -> one-line description."""
    rules: dict[str, str] = {}
    for check in checks if checks is not None else all_checks():
        rules.update(check.rules(glossary))
    return rules
