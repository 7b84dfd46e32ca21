"""The one record both miners produce: a proposed glossary entry with the evidence behind it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Evidence:
    """One sentence that shows a candidate: where it is (a system's or document's name and its 1-based line),
    and the sentence itself. ``kind`` is ``mt`` (the wrong rendering in MT output) or ``ref`` (the rendering a
    reference or a post-edit uses instead)."""

    kind: str
    doc: str
    line: int
    text: str
    source: str = ""  # the source sentence, when there is one


@dataclass
class Candidate:
    """A proposed error entry: ``match`` (the MT rendering to flag) → ``suggestion`` (what the references or
    post-edits write), about ``source`` (the source phrase, when known), with its counts and evidence.

    * ``occurrences``: how often the MT rendering stands for the source phrase (or, without a source, how often
      editors replaced it);
    * ``documents``: in how many systems (with a source) or document pairs (without one) it occurs;
    * ``consistency``: the share of the references' (post-edits') renderings of the source phrase (of the
      edited spans) that are ``suggestion``;
    * ``reference_hits``: how often ``match`` occurs anywhere in the references or post-edits (a good
      proposal has none);
    * ``frequency``: how common ``match`` is in ordinary English (wordfreq's Zipf scale; 0 when unknown);
    * ``score``: the rank the miner gives it (higher first).
    """

    match: str
    suggestion: str
    source: str = ""
    occurrences: int = 0
    documents: int = 0
    consistency: float = 0.0
    reference_hits: int = 0
    frequency: float = 0.0
    score: float = 0.0
    bad: list[Evidence] = field(default_factory=list)
    good: list[Evidence] = field(default_factory=list)
