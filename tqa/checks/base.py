"""What every check shares: the :class:`Check` interface and the :class:`DocContext` it runs on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Protocol

from ..model import Document, Finding, Severity
from ..scoring import DEFAULT_WEIGHTS, Weights
from ..segment import Segmentation
from ..textbuf import TextBuffer

if TYPE_CHECKING:  # pragma: no cover
    from ..glossary import Glossary


class Check(Protocol):
    """A check has a stable ``name`` (used by ``--no-check``), a one-line ``description``, the rule codes it
    can report (``rules``) and ``run``, which yields findings made with :meth:`DocContext.finding`."""

    name: str
    description: str

    def rules(self, glossary: "Glossary") -> dict[str, str]:
        """Every rule code this check can report with ``glossary``, each with a one-line description."""
        ...

    def run(self, ctx: "DocContext") -> Iterable[Finding]: ...


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
    offset: int = 0  # where the window starts in full_text
    line_offset: int = 0  # lines before the window
    segment_offset: int = 0  # segments before the window
    last_window: bool = True
    carry: dict[str, Any] = field(default_factory=dict)
    # Results about the whole document, set by the language check on the first window.
    lang: str = ""
    lang_prob: float | None = None
    notes: list[str] = field(default_factory=list)  # warnings that are not findings
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
        return self.offset == 0

    def finding(self, start: int, end: int, *, rule: str, check: str, category: str, severity: Severity,
                suggestion: str = "", message: str = "", autofix: bool = False, note: str = "") -> Finding:
        """A :class:`Finding` for ``text[start:end]`` (offsets into the window) in the whole document's
        coordinates, with its segment, line, column and penalty filled in."""
        line, column = self.segmentation.line_col(start)
        return Finding(
            doc=self.document.id, segment=self.segmentation.index_at(start) + self.segment_offset,
            line=line + self.line_offset, column=column, start=start + self.offset, end=end + self.offset,
            text=self.document.text[start:end], suggestion=suggestion, rule=rule, check=check,
            category=category, severity=severity, penalty=self.weights.penalty(severity, category),
            message=message, autofix=autofix, note=note,
        )

    def document_finding(self, *, rule: str, check: str, category: str, severity: Severity,
                         message: str) -> Finding:
        """A finding about the whole document (its language, say): an empty span at its very start (line 1,
        column 1), which never competes with the span findings of other checks."""
        return Finding(
            doc=self.document.id, segment=1, line=1, column=1, start=0, end=0, text="", suggestion="",
            rule=rule, check=check, category=category, severity=severity,
            penalty=self.weights.penalty(severity, category), message=message, autofix=False,
        )
