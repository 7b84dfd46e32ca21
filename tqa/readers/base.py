"""What every reader shares: the :class:`Reader` interface, its options, and building a document of units."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar, Iterable, Mapping

from ..errors import TqaError
from ..model import Document, Unit


@dataclass(frozen=True)
class ReadOptions:
    """What the command line (or the caller) says about the inputs."""

    encoding: str | None = None  # --encoding: the inputs' encoding instead of detecting it
    source: str | None = None  # --source FILE: a line-aligned source for a plain-text target
    columns: tuple[str, ...] | None = None  # --columns: which columns of a TSV/CSV hold what
    source_language: str | None = None  # --source-lang, when the file does not say
    target_language: str | None = None  # --target-lang, when the file does not say


@dataclass
class UnitText:
    """A unit as a reader finds it, before it is placed in the document text."""

    id: str
    target: str
    source: str | None = None
    state: str = ""
    note: str = ""
    line: int = 0
    tags: tuple[tuple[int, str], ...] = ()
    source_tags: tuple[tuple[int, str], ...] = ()
    comments: tuple[str, ...] = ()  # what a translator wrote on the unit (Unit.comments)


class Reader(ABC):
    """One input format: ``read`` makes a :class:`Document` from a file's bytes; ``write_back`` (for formats
    ``tqa fix`` can write) gives the file's bytes with some units' targets replaced. A reader is one module
    with one subclass, named in :data:`tqa.readers.BUILTIN`."""

    name: ClassVar[str]  # for --input-format and the document's ``format``
    suffixes: ClassVar[tuple[str, ...]]  # file name endings it reads by default (lower case, with the dot)
    description: ClassVar[str]
    writes_back: ClassVar[bool] = False
    in_directories: ClassVar[bool] = True  # taken from a directory by default (tqa.inputs.default_glob)

    @abstractmethod
    def read(self, name: str, data: bytes, options: ReadOptions) -> Document:
        """The document in ``data`` (the file's bytes); ``name`` is how it is shown (its id)."""

    def write_back(self, name: str, data: bytes, document: Document, targets: Mapping[str, UnitText],
                   options: ReadOptions) -> bytes:
        """``data`` with the targets of the units in ``targets`` (by unit id: the new target text and where its
        tags now stand) replaced, everything else as it was."""
        raise TqaError(f"{name}: tqa fix cannot write {self.name} files back")


def units_document(doc_id: str, units: Iterable[UnitText], *, encoding: str = "", notes: Iterable[str] = (),
                   format: str, source_language: str = "", target_language: str = "") -> Document:
    """A document whose text is the units' targets, each followed by a line break (so that a bilingual file
    and the plain text of its targets give the same offsets), and whose ``units`` say where each lies."""
    pieces: list[str] = []
    placed: list[Unit] = []
    offset = 0
    seen: dict[str, int] = {}
    for unit in units:
        if unit.id in seen:
            raise TqaError(f"{doc_id}:{unit.line or '?'}: unit id {unit.id!r} given twice "
                           f"(first at line {seen[unit.id] or '?'})")
        seen[unit.id] = unit.line
        placed.append(Unit(unit.id, offset, offset + len(unit.target), unit.source, unit.state, unit.note,
                           unit.line, tuple(unit.tags), tuple(unit.source_tags), tuple(unit.comments)))
        pieces.append(unit.target)
        pieces.append("\n")
        offset += len(unit.target) + 1
    return Document(doc_id, "".join(pieces), encoding, tuple(notes), units=tuple(placed), format=format,
                    source_language=source_language, target_language=target_language)


def language(declared: str | None, option: str | None) -> str:
    """The language a file declares, else the one the options give, else ""."""
    return (declared or option or "").strip()


@dataclass
class Fixed:
    """A unit's new target after ``tqa fix``: the text and where its tags now stand."""

    text: str
    tags: tuple[tuple[int, str], ...] = field(default=())
