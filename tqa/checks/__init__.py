"""Checks: each one looks at a document and yields findings. They all share this small interface."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis import DocContext
    from ..model import Finding


class Check(Protocol):
    """A check has a stable ``name`` (used by ``--no-check``), a one-line ``description`` and ``run``."""

    name: str
    description: str

    def run(self, ctx: "DocContext") -> Iterable["Finding"]: ...


def all_checks() -> list[Check]:
    """Every check, in the order their findings are produced."""
    from .glossary import GlossaryCheck

    return [GlossaryCheck()]
