"""Ranking and filtering shared by both miners: what the references say, how common a phrase is in ordinary
English, what the given glossaries already know, and the order proposals are shown in."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Iterable, Sequence

from .candidates import Candidate

#: Zipf value (wordfreq's scale: log10 of occurrences per billion words) up to which a phrase counts as rare in
#: good English and keeps its full rank; every point above it divides the rank once more.
RARE_ZIPF = 3.0


def _phrase_key(phrase: str) -> str:
    from ..matcher import phrase_words

    return " ".join(phrase_words(phrase)).lower()


def _phrase_matcher(phrases: Sequence[str]):
    """One :class:`~tqa.matcher.Matcher` over ``phrases``, matching as the glossary check matches (whole words,
    case-insensitive, any hyphen or spacing, plural and possessive tolerant)."""
    from ..matcher import Matcher, Pattern

    return Matcher([Pattern(phrases=(phrase,)) for phrase in phrases])


def reference_hits(candidates: Sequence[Candidate], references: Sequence[str]) -> list[int]:
    """How often each candidate's ``match`` occurs in ``references`` (lines), as a glossary entry would find it.
    Every occurrence counts, overlapping ones too: a phrase inside a longer candidate's phrase is still used."""
    keys: dict[str, int] = {}
    for candidate in candidates:
        keys.setdefault(_phrase_key(candidate.match), len(keys))
    counts = [0] * len(keys)
    phrases = list(keys)
    if phrases and references:
        matcher = _phrase_matcher(phrases)
        text = "\n".join(references)
        for match in matcher.find(text, overlapping=True):
            counts[match.entry] += 1
    return [counts[keys[_phrase_key(c.match)]] for c in candidates]


def zipf(phrase: str) -> float:
    """How common ``phrase`` is in English on wordfreq's Zipf scale (0 when unknown). wordfreq ships its word
    lists in the package: nothing is downloaded. A phrase of several words gets wordfreq's combined estimate."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(phrase, "en"))


def _glossary(glossaries):
    from ..glossary import Glossary, load_glossary

    if glossaries is None or isinstance(glossaries, Glossary):
        return glossaries
    if isinstance(glossaries, (str, Path)):
        glossaries = [glossaries]
    glossaries = list(glossaries)
    return load_glossary(glossaries) if glossaries else None


def known(candidate: Candidate, glossary) -> bool:
    """Whether the glossary already flags the candidate: one of its findings in a bad evidence sentence overlaps
    the candidate's phrase there."""
    own = _phrase_matcher([candidate.match])
    for evidence in candidate.bad:
        spans = [(m.start, m.end) for m in own.find(evidence.text)]
        if not spans:
            continue
        for found in glossary.matcher.find(evidence.text):
            if any(found.start < end and start < found.end for start, end in spans):
                return True
    return False


def rank_score(candidate: Candidate) -> float:
    """The rank of a candidate (higher first)::

        score = (1 + ln occurrences) · (1 + ln documents) · (0.5 + 0.5 · consistency)
                / (1 + max(0, zipf − 3)) / (1 + 0.25 · max(0, words(suggestion) − words(match) − 1))

    Occurrences and documents (systems or document pairs) count with diminishing returns, so that one phrase
    repeated in one document does not outrank one seen in many; spread over documents is worth as much as
    repetition. Consistency (the share of the references' renderings that are the suggestion) scales the rank
    between half and full: an editor who always makes the same change is surer evidence than one who changes
    it each time differently. A phrase that is common in good English (wordfreq Zipf above 3, about once per
    million words) is more likely a correct phrase in some other context: each Zipf point above 3 divides the
    rank once more ("subject group", Zipf 4.9, ranks at about a third of a rare phrase with the same counts).
    A suggestion much longer than the phrase (two words or more) is a rewrite rather than a term: each extra word
    beyond one costs a quarter ("supervision" → "shift between regulatory domains cuts off oversight" ranks at
    less than half).
    """
    occurrences = max(candidate.occurrences, 1)
    documents = max(candidate.documents, 1)
    evidence = (1 + math.log(occurrences)) * (1 + math.log(documents)) * (0.5 + 0.5 * candidate.consistency)
    longer = max(0, len(candidate.suggestion.split()) - len(candidate.match.split()) - 1)
    return round(evidence / (1 + max(0.0, candidate.frequency - RARE_ZIPF)) / (1 + 0.25 * longer), 6)


def finish(candidates: Iterable[Candidate], references: Sequence[str], glossaries=None, *, min_count: int = 1,
           top: int | None = None) -> list[Candidate]:
    """The candidates worth proposing, best first.

    Sets ``reference_hits`` (the phrase in ``references``: the reference or post-edit lines) and drops the
    candidates the references use; sets ``frequency`` (:func:`zipf`); drops those the given ``glossaries``
    (a loaded :class:`~tqa.glossary.Glossary`, or files / bundled names) already flag (:func:`known`) and those
    with fewer than ``min_count`` occurrences; sets ``score`` (:func:`rank_score`) and returns the ``top``
    best (all when None), ordered by score, then phrase, then suggestion, so that the order is deterministic.
    """
    candidates = [c for c in candidates if c.occurrences >= min_count]
    for candidate, hits in zip(candidates, reference_hits(candidates, references)):
        candidate.reference_hits = hits
    candidates = [c for c in candidates if c.reference_hits == 0]
    glossary = _glossary(glossaries)
    if glossary is not None:
        candidates = [c for c in candidates if not known(c, glossary)]
    for candidate in candidates:
        candidate.frequency = zipf(candidate.match)
        candidate.score = rank_score(candidate)
    candidates.sort(key=lambda c: (-c.score, -c.occurrences, c.match.lower(), c.match, c.suggestion))
    return candidates if top is None else candidates[:max(top, 0)]
