"""Writing proposals: a glossary file a person reviews (YAML, loadable by :func:`tqa.load_glossary` with its
self-tests passing), a CSV for a spreadsheet with an empty ``accept`` column, and the full evidence as JSON.

Each proposal is an error entry whose examples come from the data: bad examples are the MT sentences that hold
the phrase, good examples the reference (post-edit) sentences beside them. An example that would fail its own
entry (a bad sentence in which another proposal's longer phrase wins, a reference sentence that holds the
phrase) is dropped, and an entry left without a bad example is dropped, until every entry passes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from typing import Sequence

from .candidates import Candidate, Evidence

#: The categories a proposal gets (see :func:`category`).
TERM_CATEGORY = "Terminology/Inappropriate for context"
OTHER_CATEGORY = "Accuracy/Mistranslation"
#: How many bad and good examples an entry keeps at most (the rest of the evidence is in the side file).
MAX_EXAMPLES = 3
#: CSV columns: the glossary fields, the reviewer's ``accept``, the evidence.
CSV_COLUMNS = ("id", "accept", "match", "suggest", "source", "when_source", "category", "severity", "note",
               "occurrences", "documents", "consistency", "reference_hits", "frequency", "score", "bad", "good",
               "evidence")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ID_CHARS = re.compile(r"[^a-z0-9]+")


@dataclass
class Proposal:
    """A candidate as an entry: what the file says about it."""

    candidate: Candidate
    id: str
    category: str
    severity: str
    note: str
    bad: list[str] = field(default_factory=list)
    good: list[str] = field(default_factory=list)

    def fields(self) -> dict:
        """The entry as a glossary file gives it, in the order the glossary format documents."""
        c = self.candidate
        entry: dict = {"id": self.id, "match": [c.match], "suggest": c.suggestion, "category": self.category,
                       "severity": self.severity}
        if c.source:
            entry["source"] = c.source
            entry["when_source"] = "present"
        entry["note"] = self.note
        entry["autofix"] = False
        entry["examples"] = {"bad": list(self.bad)}
        if self.good:
            entry["examples"]["good"] = list(self.good)
        return entry


def slug(phrase: str) -> str:
    """An entry id for ``phrase``: ASCII letters and digits joined by hyphens ("official-micro-signal")."""
    ascii_text = unicodedata.normalize("NFKD", phrase).encode("ascii", "ignore").decode()
    text = _ID_CHARS.sub("-", ascii_text.lower()).strip("-")[:60].strip("-")
    return text or "proposal"


def category(candidate: Candidate) -> str:
    """Terminology when the proposal is about a term: either side holds a name (a capitalised word: institutions,
    products, publications), or both sides end in the same head word and differ only in its modifier ("subject
    group" → "research group", "common debt" → "joint debt": a compound term rendered word by word). Any other
    replacement is a mistranslation of meaning."""
    match_words, suggestion_words = candidate.match.split(), candidate.suggestion.split()
    if any(word[:1].isupper() for word in match_words + suggestion_words):
        return TERM_CATEGORY
    if len(match_words) > 1 and suggestion_words and match_words[-1].lower() == suggestion_words[-1].lower():
        return TERM_CATEGORY
    return OTHER_CATEGORY


def severity(candidate: Candidate) -> str:
    """``major``, or ``minor`` when the evidence is thin: fewer than three occurrences, a single system or
    document, or references that agree on the suggestion less than half the time."""
    thin = candidate.occurrences < 3 or candidate.documents < 2 or candidate.consistency < 0.5
    return "minor" if thin else "major"


def note(candidate: Candidate) -> str:
    """The evidence counts, in one line: what the reviewer weighs."""
    where = ("system" if candidate.source else "document") + ("s" if candidate.documents != 1 else "")
    of = f" for {candidate.source}" if candidate.source else ""
    verb = "rendered" if candidate.source else "replaced by editors"
    times = "once" if candidate.occurrences == 1 else f"{candidate.occurrences} times"
    hits = "never" if candidate.reference_hits == 0 else f"{candidate.reference_hits} times"
    return (f"mined: {candidate.match!r}{of} {verb} {times} in {candidate.documents} {where}; the "
            f"{'references' if candidate.source else 'post-edits'} write {candidate.suggestion!r} "
            f"({candidate.consistency:.0%} of their renderings), and {candidate.match!r} "
            f"{hits}; Zipf {candidate.frequency:.2f}; score {candidate.score:g}")


def _sentence(text: str, matcher, index: int | None) -> str:
    """The sentence of ``text`` that holds a match of entry ``index`` (the whole line when none or unknown)."""
    pieces = [p.strip() for p in _SENTENCE_END.split(text) if p.strip()]
    if len(pieces) > 1 and index is not None:
        for piece in pieces:
            if any(m.entry == index for m in matcher.find(piece, overlapping=True)):
                return piece
    return text.strip()


def _usable(text: str) -> bool:
    # One line of text, without the separator CSV glossaries join list fields with.
    return bool(text.strip()) and "|" not in text and "\n" not in text and "\r" not in text


def proposals(candidates: Sequence[Candidate]) -> list[Proposal]:
    """The candidates as entries whose self-tests pass together: one entry per phrase (the first, best ranked,
    wins), ids unique, examples that behave as declared, every entry with a bad example."""
    from ..matcher import Matcher, Pattern, phrase_words

    seen_phrases: set[str] = set()
    chosen: list[Candidate] = []
    for candidate in candidates:
        key = " ".join(phrase_words(candidate.match)).lower()
        if key and candidate.suggestion.strip() and key not in seen_phrases:
            seen_phrases.add(key)
            chosen.append(candidate)
    matcher = Matcher([Pattern(phrases=(c.match,)) for c in chosen])
    bad: list[list[str]] = []
    good: list[list[str]] = []
    for index, candidate in enumerate(chosen):
        bad.append(_unique(_sentence(e.text, matcher, index) for e in candidate.bad if _usable(e.text)))
        good.append(_unique(_sentence(e.text, _suggestion_matcher(candidate), 0) for e in candidate.good
                            if _usable(e.text)))
    alive = list(range(len(chosen)))
    while True:  # drop failing examples, then entries without a bad one, until nothing changes
        matcher = Matcher([Pattern(phrases=(chosen[i].match,)) for i in alive])
        changed = False
        for position, i in enumerate(alive):
            kept_bad = [s for s in bad[i] if any(m.entry == position for m in matcher.find(s))][:MAX_EXAMPLES]
            kept_good = [s for s in good[i] if not any(m.entry == position for m in matcher.find(s))][:MAX_EXAMPLES]
            changed |= kept_bad != bad[i] or kept_good != good[i]
            bad[i], good[i] = kept_bad, kept_good
        survivors = [i for i in alive if bad[i]]
        changed |= survivors != alive
        alive = survivors
        if not changed:
            break
    out = []
    ids: set[str] = set()
    for i in alive:
        candidate = chosen[i]
        base = slug(candidate.match)
        ident, n = base, 2
        while ident in ids:
            ident, n = f"{base}-{n}", n + 1
        ids.add(ident)
        out.append(Proposal(candidate, ident, category(candidate), severity(candidate), note(candidate),
                            bad[i], good[i]))
    return out


def _suggestion_matcher(candidate: Candidate):
    from ..matcher import Matcher, Pattern

    return Matcher([Pattern(phrases=(candidate.suggestion,))])


def _unique(texts) -> list[str]:
    return list(dict.fromkeys(texts))


def proposals_yaml(items: Sequence[Proposal], *, name: str = "proposals", description: str = "") -> str:
    """The proposals as a YAML glossary (``name``, ``version`` 1, ``language: en``), one entry each."""
    import yaml

    from .._version import __version__
    from ..glossary_yaml import _Dumper, _Flow

    def dump(value) -> str:
        return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                         width=1_000_000)

    header = [f"# {name}: glossary entries proposed by tqa mine {__version__}. Review each entry: keep the good",
              "# ones and delete the rest (or accept rows of the CSV), then merge: tqa glossary merge THIS HOUSE -o HOUSE."]
    top = {"name": name, "version": 1, "language": "en",
           "description": description or "Glossary entries proposed by tqa mine, with their evidence."}
    text = "\n".join(header) + "\n" + dump(top) + "entries:" + (" []\n" if not items else "\n")
    for item in items:
        fields = item.fields()
        fields["match"] = _Flow(fields["match"])
        text += "\n" + textwrap.indent(dump([fields]), "  ")
    return text


def proposals_csv(items: Sequence[Proposal]) -> str:
    """One row per proposal: the entry's fields (lists joined with ``|``, as CSV glossaries join them), an empty
    ``accept`` column for the reviewer, the counts, and where the evidence is (``doc:line``). Cells a
    spreadsheet would run as formulas are neutralised."""
    from ..report.tables import neutralise

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        c = item.candidate
        row = {
            "id": item.id, "accept": "", "match": c.match, "suggest": c.suggestion, "source": c.source,
            "when_source": "present" if c.source else "", "category": item.category, "severity": item.severity,
            "note": item.note, "occurrences": c.occurrences, "documents": c.documents,
            "consistency": f"{c.consistency:.3f}", "reference_hits": c.reference_hits,
            "frequency": f"{c.frequency:.2f}", "score": f"{c.score:g}", "bad": "|".join(item.bad),
            "good": "|".join(item.good), "evidence": "; ".join(_where(e) for e in c.bad),
        }
        writer.writerow([neutralise(str(row[column])) for column in CSV_COLUMNS])
    return buffer.getvalue()


def _where(evidence: Evidence) -> str:
    return f"{evidence.doc}:{evidence.line}"


def evidence_json(items: Sequence[Proposal]) -> str:
    """Every proposal's full evidence: counts, the systems or documents, and every sample line."""
    def lines(evidence: list[Evidence]) -> list[dict]:
        return [{"doc": e.doc, "line": e.line, "text": e.text, **({"source": e.source} if e.source else {})}
                for e in evidence]

    records = []
    for item in items:
        c = item.candidate
        records.append({
            "id": item.id, "match": c.match, "suggest": c.suggestion, "source": c.source,
            "occurrences": c.occurrences, "documents": c.documents, "consistency": round(c.consistency, 6),
            "reference_hits": c.reference_hits, "frequency": c.frequency, "score": c.score,
            "in": sorted({e.doc for e in c.bad}), "bad": lines(c.bad), "good": lines(c.good),
        })
    return json.dumps({"proposals": records}, ensure_ascii=False, indent=1) + "\n"
