"""The data that crosses stages: documents, segments, findings and results (all frozen)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: CSV columns of a finding, in this order (DESIGN.md): where it is, what it is, and the unit it belongs to
#: with, for a finding about the source (an omitted term), its span in the unit's source.
FINDING_COLUMNS = (
    "doc", "segment", "line", "column", "start", "end", "text", "suggestion",
    "rule", "check", "category", "severity", "penalty", "message", "unit", "source_start", "source_end",
)



#: CSV columns of the per-document summary (``suppressed``: the findings suppression silenced, not in
#: ``findings`` and not scored).
SUMMARY_COLUMNS = (
    "doc", "words", "segments", "findings", "minor", "major", "critical", "penalty", "score", "lang", "lang_prob",
    "encoding", "suppressed",
)

CATEGORIES = (
    "Accuracy/Mistranslation",
    "Accuracy/Addition",
    "Accuracy/Omission",
    "Accuracy/Untranslated text",
    "Terminology/Inappropriate for context",
    "Terminology/Inconsistent use of terminology",
    "Fluency/Grammar",
    "Fluency/Punctuation",
    "Fluency/Spelling",
    "Style/Awkward",
    "Locale convention/Name format",
    "Other",
)


class Severity(enum.IntEnum):
    """MQM severities, ordered so that ``Severity.MAJOR >= Severity.MINOR``."""

    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> "Severity":
        try:
            return cls[str(name).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {name!r} (expected minor, major or critical)") from None


def penalty_per_kword(penalty: float, words: int) -> float:
    """The penalty per 1,000 words (0 for a text without words): one definition for documents, corpora and
    the segments of a system comparison."""
    return 1000.0 * penalty / words if words else 0.0


@dataclass(frozen=True, slots=True)
class Unit:
    """One translation unit: its target is ``document.text[start:end]``; ``source`` is its source text (None
    when the input has none).

    Inline tags and placeholders (``<g>``, ``<x/>``, ``<ph>``, ``<pc>``) are not part of either text, so that a
    tag is never matched as a word and offsets are those of the text a reader sees: ``tags`` and
    ``source_tags`` say where they stand, as (offset in the unit's target or source, label such as
    ``<g id="1">``). A fix never changes the text across a tag, and writing back puts every tag where it was.
    """

    id: str
    start: int
    end: int
    source: str | None = None
    state: str = ""  # the file's own state of the translation: translated, final, needs-review…
    note: str = ""  # the file's notes and comments on the unit
    line: int = 0  # where the unit starts in the input file (1-based; 0 when unknown)
    tags: tuple[tuple[int, str], ...] = ()
    source_tags: tuple[tuple[int, str], ...] = ()
    # What a translator or reviewer wrote on the unit, one comment each: a PO entry's translator comments (not
    # the extracted ones), XLIFF and TMX notes, a TSV/CSV note cell. Inline ``tqa: ignore[CODE]`` is read here.
    comments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A text as read: ``text`` is decoded but not otherwise normalised; offsets point into it.

    Plain text is one unit per line, with no source, and leaves ``units`` None (a unit's id is its line number).
    A bilingual input (line-aligned source, XLIFF, TMX, PO, TSV) has ``units``: ``text`` is their targets, one
    after the other, each on its own line, and each unit says where its target lies in it.
    """

    id: str
    text: str
    encoding: str = ""  # the encoding the file was read in, when it was read from a file
    notes: tuple[str, ...] = ()  # warnings from reading it (bad bytes replaced, an encoding guessed)
    units: tuple[Unit, ...] | None = None
    format: str = "text"  # the reader that read it: text, xliff, tmx, po, tsv…
    source_language: str = ""  # as the file declares it (XLIFF srcLang, TMX srclang) or the options say
    target_language: str = ""

    @property
    def bilingual(self) -> bool:
        return self.units is not None and any(unit.source is not None for unit in self.units)


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence inside one line. ``start``/``end`` are offsets into the document text."""

    index: int
    line: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a document; ``text == document.text[start:end]`` always holds."""

    doc: str
    segment: int
    line: int
    column: int
    start: int
    end: int
    text: str
    suggestion: str
    rule: str
    check: str
    category: str
    severity: Severity
    penalty: float
    message: str
    autofix: bool = False
    note: str = ""
    unit: str = ""  # the id of the unit it is in
    source_start: int | None = None  # a span in the unit's source, when the finding is about the source
    source_end: int | None = None
    # Why the finding is suppressed (``inline``, ``.tqaignore:3``, ``baseline``; tqa.suppression), empty when
    # it is reported. Not a CSV column: ``--show-suppressed`` adds it.
    suppressed: str = ""

    def __reduce__(self):
        # Pickled as the constructor's arguments: a pool's workers send tens of thousands of findings, and the
        # frozen dataclass's own state functions (a fields() walk per finding) took a tenth of such a run.
        return new_finding, (self.doc, self.segment, self.line, self.column, self.start, self.end, self.text,
                         self.suggestion, self.rule, self.check, self.category, self.severity, self.penalty,
                         self.message, self.autofix, self.note, self.unit, self.source_start, self.source_end,
                         self.suppressed)

    def row(self) -> tuple:
        """The finding as a tuple in :data:`FINDING_COLUMNS` order."""
        return (
            self.doc, self.segment, self.line, self.column, self.start, self.end, self.text,
            self.suggestion, self.rule, self.check, self.category, str(self.severity),
            self.penalty, self.message, self.unit, self.source_start, self.source_end,
        )


def _slot_constructor(cls):
    """A function taking ``cls``'s fields as its ``__init__`` does (the same defaults) and making an instance by
    setting its slots directly: a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``, which took twice as long (checks make a finding for every hit). For a frozen,
    slotted dataclass without ``__post_init__``, whose instances are then the same."""
    from dataclasses import MISSING, fields

    names = [f.name for f in fields(cls)]
    defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
    if any(f.default_factory is not MISSING for f in fields(cls)) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: a default factory or __post_init__ needs the dataclass's own __init__")
    namespace = {"new": object.__new__, "cls": cls, "defaults": defaults,
                 **{f"set_{name}": getattr(cls, name).__set__ for name in names}}
    parameters = ", ".join(f"{name}=defaults[{name!r}]" if name in defaults else name for name in names)
    body = "".join(f"    set_{name}(obj, {name})\n" for name in names)
    exec(f"def new_{cls.__name__.lower()}({parameters}):\n    obj = new(cls)\n{body}    return obj\n", namespace)
    return namespace[f"new_{cls.__name__.lower()}"]


#: ``Finding(...)``, twice as fast (see _slot_constructor): what the checks make their findings with.
new_finding = _slot_constructor(Finding)


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything tqa learned about one document."""

    doc: str
    words: int
    segments: int
    findings: tuple[Finding, ...]
    penalty: float
    score: float
    text: str = field(default="", repr=False, compare=False)
    lang: str = ""  # the document's language, when the language check ran
    lang_prob: float | None = None
    encoding: str = ""
    metrics: dict = field(default_factory=dict, compare=False)  # name -> MetricScore, with references
    segment_chrf: tuple[float, ...] = field(default=(), repr=False, compare=False)  # per line
    # Warnings about this document that are not findings (a regex entry disabled for exceeding its time
    # budget, bad bytes replaced while decoding…); the CLI prints them on stderr, reports may show them.
    notes: tuple[str, ...] = field(default=(), compare=False)
    # The document's units (None for plain text, a unit a line): reports show a unit's source beside its target.
    units: tuple[Unit, ...] | None = field(default=None, repr=False, compare=False)
    # The findings suppression silenced (tqa.suppression), each with its reason: not in ``findings``, so not
    # scored, gated or reported unless asked (--show-suppressed).
    suppressed: tuple[Finding, ...] = ()

    @property
    def penalty_per_kword(self) -> float:
        return penalty_per_kword(self.penalty, self.words)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def tallied(self) -> "DocumentResult":
        """This result as a report written from its findings alone still needs it once they are written: no
        text or units, its findings and suppressed findings only a tally (one shared finding per severity: what
        gates, scores and the summary count)."""
        import dataclasses

        return dataclasses.replace(self, findings=stand_ins(self.findings), suppressed=stand_ins(self.suppressed),
                                   text="", units=None)

    def summary_row(self) -> dict:
        return {
            "doc": self.doc,
            "words": self.words,
            "segments": self.segments,
            "findings": len(self.findings),
            "minor": self.count(Severity.MINOR),
            "major": self.count(Severity.MAJOR),
            "critical": self.count(Severity.CRITICAL),
            "penalty": round(self.penalty, 4),
            "score": round(self.score, 1),
            "lang": self.lang,
            "lang_prob": self.lang_prob,
            "encoding": self.encoding,
            "suppressed": len(self.suppressed),
            **{name: round(m.score, 4) for name, m in self.metrics.items()},
        }

    def to_frame(self, *, with_suppressed: bool = False) -> "pd.DataFrame":
        """The findings as a pandas DataFrame with the CSV columns; ``with_suppressed``: the suppressed findings
        too, after the others, with a last column ``suppressed`` (why; empty for a finding reported)."""
        import pandas as pd

        if with_suppressed:
            frame = pd.DataFrame([(*f.row(), f.suppressed) for f in self.findings + self.suppressed],
                                 columns=[*FINDING_COLUMNS, "suppressed"])
        else:
            frame = pd.DataFrame([f.row() for f in self.findings], columns=list(FINDING_COLUMNS))
        # A source span is a pair of whole numbers, or nothing: pandas' nullable integers (not floats with NaN).
        return frame.astype({"source_start": "Int64", "source_end": "Int64"})


def shifted(findings, offset: int) -> list[Finding]:
    """Copies of ``findings`` whose ``start`` and ``end`` are ``offset`` characters earlier: their offsets into a
    text that starts at the document's ``offset`` (a window of a stream). Line and column stay the document's."""
    from dataclasses import replace

    return [replace(finding, start=finding.start - offset, end=finding.end - offset) for finding in findings]


def stand_ins(findings) -> tuple[Finding, ...]:
    """One finding per severity of ``findings``, repeated as often as that severity occurs, least severe first:
    a tally that counts as the findings count (by severity, in all), without holding them."""
    first: dict = {}
    counts: dict = {}
    for finding in findings:
        severity = finding.severity
        if severity in counts:
            counts[severity] += 1
        else:
            first[severity], counts[severity] = finding, 1
    return tallied(first, counts)


def tallied(first: dict, counts: dict) -> tuple[Finding, ...]:
    """The stand-ins of :func:`stand_ins` from a finding of each severity (``first``) and how many there are
    (``counts``, severity -> count)."""
    return tuple(f for severity in sorted(counts) for f in [first[severity]] * counts[severity])
