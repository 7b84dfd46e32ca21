"""What every check shares: the :class:`Check` interface and the :class:`DocContext` it runs on."""

from __future__ import annotations

import bisect
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Iterator

from ..model import Document, Finding, Severity, Unit, new_finding
from ..scoring import DEFAULT_WEIGHTS, Weights
from ..segment import Segmentation
from ..textbuf import TextBuffer

if TYPE_CHECKING:  # pragma: no cover
    from ..glossary import Glossary
    from ..rules import Rule


class Check(ABC):
    """One check: a stable ``name`` (used by ``--no-check`` and in the signature), a one-line ``description``,
    the rule codes it can report (:meth:`rules`) and :meth:`run`, which yields findings made with
    :meth:`DocContext.finding`. A check is one module with one subclass, registered in :mod:`tqa.checks`."""

    name: ClassVar[str]
    description: ClassVar[str]

    @abstractmethod
    def rules(self, glossary: "Glossary") -> "dict[str, Rule | str]":
        """Every rule code this check can report with ``glossary``: a :class:`~tqa.rules.Rule` (or, for a
        check of your own, a one-line description). Codes start with the check's name and a dot."""

    @abstractmethod
    def run(self, ctx: "DocContext") -> Iterable[Finding]:
        """The findings of this check in the document (or window) of ``ctx``."""

    def window_parts(self) -> "tuple[Check, Check] | None":
        """A check that carries something from one window to the next may split itself in two checks of its name:
        the part that reads nothing but the window, and the part that carries. Their findings, the first's then
        the second's, must be this check's, in the order :meth:`run` gives them. A pool (:mod:`tqa.parallel`)
        runs the first part of a long document's windows in its workers and the second in order here. None (the
        default): the check runs whole."""
        return None

    def ride_on(self, glossary: "Glossary") -> None:
        """In a run whose glossary check scans the text before this check runs: have that scan find what this
        check would otherwise read the text again for (:meth:`tqa.matcher._Scanner.ride`). Called before each
        document (:func:`tqa.pipeline.ride_on_glossary`); the default does nothing."""


class CheckPart(Check):
    """One part of a check that splits itself (:meth:`Check.window_parts`): the check's name, description and
    rules, and ``run``, a function of the context giving this part's findings."""

    def __init__(self, whole: Check, run):
        self.whole = whole
        self.name = whole.name
        self.description = whole.description
        self._run = run

    def rules(self, glossary: "Glossary") -> "dict[str, Rule | str]":
        return self.whole.rules(glossary)

    def run(self, ctx: "DocContext") -> Iterable[Finding]:
        return self._run(ctx)


#: A unit whose other side is longer than this (characters) is searched only near the corresponding place.
LONG_SIDE = 8000
#: How far on either side of the corresponding place that search reaches (characters).
REACH = 4000


def near(position: int, length: int, other_length: int, reach: int = REACH) -> tuple[int, int]:
    """The span of the other side of a unit (``other_length`` characters) within ``reach`` of the place that
    corresponds to ``position`` on this side (``length`` characters): the same share of the way through.

    Source-aware checks look in the other side of a long unit (one line holding a table or an article) only
    there, so their time stays linear in the unit's length; a translation keeps its source's order closely
    enough for that on the scale of thousands of characters."""
    if other_length <= LONG_SIDE:
        return 0, other_length
    centre = round(position * other_length / max(1, length))
    return max(0, centre - reach), min(other_length, centre + reach)


class UnitCheck(Check):
    """A check that looks at one unit at a time, with its source and target: :meth:`check_unit` is called for
    every unit of the document whose target lies in the window (and only for units with a source when
    ``needs_source`` is true)."""

    needs_source: ClassVar[bool] = True

    def run(self, ctx: "DocContext") -> Iterable[Finding]:
        if ctx.units is None and self.needs_source:
            return  # plain text: its units (one a line) have no source, so there is nothing to look at
        for unit in ctx.window_units():
            if unit.source is not None or not self.needs_source:
                yield from self.check_unit(ctx, unit)

    @abstractmethod
    def check_unit(self, ctx: "DocContext", unit: Unit) -> Iterable[Finding]:
        """The findings of this check in ``unit`` (its target is ``ctx.target_of(unit)``)."""


@dataclass
class DocContext:
    """What a check sees of one document, or of one window of a long document.

    A long document is analysed in windows (see :mod:`tqa.pipeline`) that start and end at line breaks;
    ``document.text`` is the window and ``offset`` where it starts in ``full_text``. Findings are made with
    :meth:`finding` from offsets into the window and come out in the coordinates of the whole document.
    A check that needs to remember something from one window to the next (the names a document has used, the
    quotation marks still open) keeps it in ``carry[check.name]``; a check that looks at the document as a
    whole does so on ``full_text`` when ``first_window`` is true.
    """

    document: Document
    glossary: "Glossary"
    weights: Weights = DEFAULT_WEIGHTS
    raw: bytes | None = None  # the window's text in UTF-8, when the caller already has it
    full_text: str = ""  # the whole document (the same string as document.text when there is one window)
    offset: int = 0  # where the window starts in the document
    # Where full_text starts in the document: 0, unless the document is read in a stream (tqa.stream), where
    # full_text is the window with a little text before it and a few lines after it, and ``document_sample``
    # is the sample of the whole document that the language check judges (tqa.checks.language.document_sample).
    text_start: int = 0
    document_sample: str | None = None
    line_offset: int = 0  # lines before the window
    segment_offset: int = 0  # segments before the window
    last_window: bool = True
    carry: dict[str, Any] = field(default_factory=dict)
    target_lang: str = ""  # the language the text should be in (the run's option, the file's, the glossary's)
    units: tuple[Unit, ...] | None = None  # the whole document's units; None for plain text (a unit a line)
    # Results about the whole document, set by the language check on the first window.
    lang: str = ""
    lang_prob: float | None = None
    notes: list[str] = field(default_factory=list)  # warnings that are not findings
    # What the window-local part of a check that splits (Check.window_parts) leaves for its carrying part, by
    # check name: a pool's worker runs the first and sends this back to the main process, which runs the second.
    prepared: dict[str, Any] = field(default_factory=dict)
    # Whether this is the document's first window, when ``offset`` cannot say (a pool's worker sees a window in
    # its own coordinates, at offset 0); None: ``offset == 0``.
    first: bool | None = None
    segmentation: Segmentation = field(init=False)
    buffer: TextBuffer = field(init=False)

    def __post_init__(self) -> None:
        if not self.full_text:
            self.full_text = self.document.text
        self.buffer = TextBuffer(self.document.text, self.raw)
        self.segmentation = Segmentation(self.document.text, self.buffer)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def first_window(self) -> bool:
        return self.offset == 0 if self.first is None else self.first

    # -- units ------------------------------------------------------------------------------------------------
    @cached_property
    def _unit_starts(self) -> list[int]:
        return [unit.start for unit in self.units or ()]

    def unit_at(self, start: int) -> Unit | None:
        """The unit whose target holds window offset ``start`` (None for plain text)."""
        if not self.units:
            return None
        index = bisect.bisect_right(self._unit_starts, start + self.offset) - 1
        return self.units[max(index, 0)]

    def window_units(self) -> Iterator[Unit]:
        """The units whose target starts in this window, in order (for plain text, one per line, numbered by
        line, with no source)."""
        if self.units is None:
            for number, start in enumerate(self.segmentation.line_starts, 1):
                if start == len(self.text) and number > 1:
                    break  # after a final line break: no line
                end = self.segmentation.line_span(start)[1]
                yield Unit(str(number + self.line_offset), start + self.offset, end + self.offset)
            return
        first = bisect.bisect_left(self._unit_starts, self.offset)
        last = bisect.bisect_left(self._unit_starts, self.offset + len(self.text))
        yield from self.units[first:last]

    def unit_barriers(self) -> list[int]:
        """Window offsets where a unit starts (after the window's first): no phrase match may run across one.
        Empty for plain text, where a phrase may run over a line break (hard-wrapped prose)."""
        if not self.units:
            return []
        low, high = self.offset, self.offset + len(self.text)
        first = bisect.bisect_right(self._unit_starts, low)
        last = bisect.bisect_left(self._unit_starts, high)
        return [start - low for start in self._unit_starts[first:last]]

    def target_of(self, unit: Unit) -> str:
        """The target text of ``unit`` (which lies in this window)."""
        return self.full_text[unit.start:unit.end]

    def finding(self, start: int, end: int, *, rule: str, check: str, category: str, severity: Severity,
                suggestion: str = "", message: str = "", autofix: bool = False, note: str = "") -> Finding:
        """A :class:`Finding` for ``text[start:end]`` (offsets into the window) in the whole document's
        coordinates, with its segment, line, column and penalty filled in."""
        before, line, column = self.segmentation.locate(start)
        segment = max(1, before + self.segment_offset)  # white space opening a window: the segment before it
        line += self.line_offset
        unit = self.unit_at(start) if self.units else None
        # Positional: a finding is made for every hit of every check, and keywords cost a third of it.
        return new_finding(self.document.id, segment, line, column, start + self.offset,
                           end + self.offset, self.document.text[start:end], suggestion, rule, check, category,
                           severity, self.weights.penalty(severity, category, check), message, autofix, note,
                           unit.id if unit is not None else str(line))

    def unit_finding(self, unit: Unit, start: int, end: int, *, rule: str, check: str, category: str,
                     severity: Severity, suggestion: str = "", message: str = "", autofix: bool = False,
                     source_span: tuple[int, int] | None = None) -> Finding:
        """A finding for ``target[start:end]`` of ``unit`` (offsets into the unit's target text, as
        :meth:`target_of` gives it), with ``source_span`` (offsets into ``unit.source``) when the finding is
        also about a span of the source (the source number a target number should match)."""
        base = unit.start - self.offset
        finding = self.finding(base + start, base + end, rule=rule, check=check, category=category,
                               severity=severity, suggestion=suggestion, message=message, autofix=autofix)
        if source_span is not None:
            finding = replace(finding, source_start=source_span[0], source_end=source_span[1])
        return replace(finding, unit=unit.id)

    def source_finding(self, unit: Unit, source_start: int, source_end: int, *, rule: str, check: str,
                       category: str, severity: Severity, message: str, suggestion: str = "") -> Finding:
        """A finding about a span of ``unit``'s source (an omitted term): it points at the unit's target as a
        whole (an empty span at its start, which displaces no other finding) and carries the source span."""
        start = unit.start - self.offset
        finding = self.finding(start, start, rule=rule, check=check, category=category, severity=severity,
                               suggestion=suggestion, message=message)
        return replace(finding, unit=unit.id, source_start=source_start, source_end=source_end)

    def document_finding(self, *, rule: str, check: str, category: str, severity: Severity,
                         message: str) -> Finding:
        """A finding about the whole document (its language, say): an empty span at its very start (line 1,
        column 1), which never competes with the span findings of other checks."""
        first = self.units[0].id if self.units else "1"
        return Finding(
            doc=self.document.id, segment=1, line=1, column=1, start=0, end=0, text="", suggestion="",
            rule=rule, check=check, category=category, severity=severity,
            penalty=self.weights.penalty(severity, category, check), message=message, autofix=False, unit=first,
        )
