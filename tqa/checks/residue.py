"""Web-page residue: lines of page chrome that scrapers copy into an article.

The patterns live in ``tqa/data/residue.yaml``, a tqa glossary of whole-line regexes (every pattern is
anchored with ``^…$``), so the same matcher, validation, ``tqa glossary test`` examples and JSON Schema apply.
The residue glossary is loaded and compiled once per process.

Every shipped pattern matches from the start of a line, and most lines that hold one of a pattern's required
words ("more", "source", "photo") are article sentences that start with some other word. On a long text the
check therefore runs a pattern only on the lines that hold one of its words *and* start with a character a
match of the pattern can start with (found once per pattern with the ``regex`` package's partial matching):
the same lines the matcher would try, less the ones where the pattern cannot match, with the same search on
each. A glossary of another shape (phrases, contexts, unanchored regexes) goes through the matcher as a whole.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .base import Check
from ..model import Finding
from ..rules import entry_rule

if TYPE_CHECKING:  # pragma: no cover
    from ..matcher import Match, Matcher

RESIDUE_FILE = Path(__file__).resolve().parent.parent / "data" / "residue.yaml"


@lru_cache(maxsize=1)
def residue_glossary():
    from ..glossary import load_glossary

    return load_glossary(RESIDUE_FILE)


class ResidueCheck(Check):
    name = "residue"
    description = "lines of web-page chrome: 'Recent Comments', 'Share this:', bylines, lone URLs, notices"

    def __init__(self, glossary=None):
        self.glossary = glossary

    def rules(self, glossary) -> dict[str, str]:
        return {f"residue.{e.id}": replace(entry_rule(e, self.name), code=f"residue.{e.id}", glossary="",
                                           summary=e.note.split("; ")[0])
                for e in (self.glossary or residue_glossary()).entries}

    def ride_on(self, glossary) -> None:
        # The line plan's case-insensitive literals are found by the glossary check's scan of the same folded
        # bytes (the plan finds the case-sensitive ones, if any, itself).
        literals = _line_literals((self.glossary or residue_glossary()).matcher)
        for case_sensitive, keys, _ in literals or ():
            if not case_sensitive:
                glossary.matcher.scanner.ride(keys)

    def run(self, ctx) -> Iterable[Finding]:
        glossary = self.glossary or residue_glossary()
        entries = glossary.entries
        matches = None
        if not ctx.buffer.small:
            plan = _line_plan(glossary.matcher)
            if plan is not None:
                matches = plan.find(ctx.text, ctx.segmentation, ctx.buffer)
        if matches is None:
            matches = glossary.matcher.find(ctx.text, ctx.segmentation, ctx.buffer, notes=ctx.notes,
                                            doc=ctx.document.id)
        for match in matches:
            entry = entries[match.entry]
            yield ctx.finding(match.start, match.end, rule=f"residue.{entry.id}", check=self.name,
                              category=entry.category, severity=entry.severity, suggestion="",
                              message=entry.note, autofix=entry.autofix, note=entry.note)


@lru_cache(maxsize=4)
def _line_plan(matcher: "Matcher") -> "_LinePlan | None":
    """The line-start plan of a glossary made only of regexes anchored at the start of a line, each with
    required literals and no context; None for any other glossary (the matcher runs it whole)."""
    literals = _line_literals(matcher)
    return _LinePlan(matcher, literals) if literals is not None else None


@lru_cache(maxsize=4)
def _line_literals(matcher: "Matcher") -> "tuple[tuple[bool, tuple[bytes, ...], list[list[int]]], ...] | None":
    """For a glossary that takes the line-start plan (else None): per case mode, (case_sensitive, the required
    literals, the entries requiring each). Apart from the plan (which needs numpy): what the glossary check's
    scan is asked to find (:meth:`ResidueCheck.ride_on`) before a run knows whether a text is long enough for
    the plan, and the same tuples, which the plan then looks up in the buffer."""
    if matcher.key_count or matcher.context_entries or matcher.full_scan_regexes or len(matcher.patterns) > 62:
        return None
    if set(matcher.regex_entries) != set(range(len(matcher.patterns))) or matcher.anchored != set(matcher.regex_entries):
        return None
    found = []
    for case_sensitive in (False, True):
        owners: dict[bytes, list[int]] = {}
        for entry, pattern in enumerate(matcher.patterns):
            if pattern.case_sensitive == case_sensitive:
                for literal in pattern.required:
                    owners.setdefault(literal, []).append(entry)
        if owners:
            found.append((case_sensitive, tuple(owners), list(owners.values())))
    return tuple(found)


class _LinePlan:
    """Which patterns of a whole-line regex glossary a line can match, judged from its required literals and
    its first character.

    ``starts[b]`` has bit ``e`` set when pattern ``e`` can match a line whose first byte is ``b``: for ASCII,
    when ``chr(b)`` is a partial (or whole) match of it; a line that starts with a non-ASCII character may
    match every pattern (case folding makes "K", the Kelvin sign, match "k"). The literals are the matcher's
    (``Pattern.required``), found by one automaton per case mode, as the matcher finds them.
    """

    def __init__(self, matcher: "Matcher", literals: "tuple[tuple[bool, tuple[bytes, ...], list[list[int]]], ...]"):
        import ahocorasick_rs
        import numpy as np

        self.matcher = matcher
        self.everything = (1 << len(matcher.patterns)) - 1
        starts = np.full(256, self.everything, dtype=np.int64)
        starts[:128] = 0
        for entry, pattern in enumerate(matcher.patterns):
            compiled = pattern.compiled_regex
            for code in range(128):
                try:
                    possible = compiled.match(chr(code), partial=True) is not None
                except TypeError:  # not a ``regex`` pattern: no partial matching, so no judging by the start
                    possible = True
                if possible:
                    starts[code] |= 1 << entry
        self.starts = starts
        # (case_sensitive, automaton, literals, owners): the entries each literal is required by
        self.finders = [(case_sensitive, ahocorasick_rs.BytesAhoCorasick(list(keys)), keys, owners)
                        for case_sensitive, keys, owners in literals]

    def find(self, text: str, segmentation, buf) -> "list[Match] | None":
        """The matcher's matches in ``text`` (``Matcher.find``), or None when a search ran out of its time
        budget (the matcher then runs the text itself and reports the entry as it always does) or the
        segmentation's lines are not the buffer's."""
        import numpy as np

        from ..matcher import Match
        from ..regex_safety import RegexBudget

        matcher = self.matcher
        disabled = matcher.disabled
        line_starts = segmentation.line_starts
        hit_offsets: list = []
        hit_masks: list = []
        for case_sensitive, automaton, literals, owners in self.finders:
            hits = buf.rides.get(literals)  # found by the glossary's scan (ride_on), else found here
            if hits is None:
                hits = automaton.find_matches_as_indexes(buf.folded(case_sensitive), overlapping=True)
                hits = np.array(hits, dtype=np.int64).reshape(-1, 3)  # (literal, start, end) in the folded bytes
            if not len(hits):
                continue
            starts, _ = buf.uncollapse(hits[:, 1], hits[:, 1] + 1)
            owner_masks = np.array([sum(1 << entry for entry in set(entries) - disabled) for entries in owners],
                                   dtype=np.int64)
            hit_offsets.append(starts)
            hit_masks.append(owner_masks[hits[:, 0]])
        twins = buf.ascii_case_twins()
        if twins:
            # A line holding "İ", "ſ" or the Kelvin sign may match a pattern whose literal the folded bytes do not
            # show (a case-insensitive "k" matches the Kelvin sign): every pattern may match it.
            hit_offsets.append(np.array(twins, dtype=np.int64))
            hit_masks.append(np.full(len(twins), self.everything, dtype=np.int64))
        if not hit_offsets:
            return []
        data = buf.array
        byte_starts = _byte_line_starts(data, len(line_starts))
        if len(byte_starts) != len(line_starts):
            return None  # lines not cut as TextBuffer.line_starts cuts them: the matcher runs the text
        lines = np.searchsorted(byte_starts, np.concatenate(hit_offsets), side="right") - 1
        masks = np.concatenate(hit_masks)
        order = np.argsort(lines, kind="stable")
        lines, masks = lines[order], masks[order]
        firsts = np.flatnonzero(np.concatenate([[True], lines[1:] != lines[:-1]]))
        lines = lines[firsts]
        positions = byte_starts[lines]
        first_bytes = data[np.minimum(positions, len(data) - 1)]
        first_bytes[positions >= len(data)] = 0x0A  # a last, empty line: as if it were its line break
        masks = np.bitwise_or.reduceat(masks, firsts) & self.starts[first_bytes]
        kept = np.flatnonzero(masks)
        budget = RegexBudget(len(text))
        patterns = matcher.patterns
        found: list[Match] = []
        for line, mask in zip(lines[kept].tolist(), masks[kept].tolist()):
            start = line_starts[line]
            end = line_starts[line + 1] if line + 1 < len(line_starts) else len(text)
            while end > start and text[end - 1] in "\r\n":
                end -= 1
            content = text[start:end]
            best = None  # (length, entry): the longest match, then the first entry
            entry = 0
            while mask:
                if mask & 1 and entry not in disabled:
                    compiled = patterns[entry].compiled_regex
                    try:
                        m = budget.run(entry, lambda left, compiled=compiled: compiled.match(content, timeout=left))
                    except TimeoutError:
                        return None
                    if m is not None and m.end() > m.start() and (best is None or m.end() > best[0]):
                        best = (m.end(), entry)
                mask >>= 1
                entry += 1
            if best is not None:
                found.append(Match(start, start + best[0], best[1]))
        return found


def _byte_line_starts(data, count: int):
    """Byte offsets where the lines of the text start (``TextBuffer.line_starts`` in bytes), of which there are
    ``count``: when the line feeds alone make that many, there is no lone carriage return to look for."""
    import numpy as np

    breaks = np.flatnonzero(data == 0x0A) + 1
    if len(breaks) + 1 != count:
        returns = np.flatnonzero(data == 0x0D)
        following = returns + 1
        lone = following >= len(data)
        lone[~lone] = data[following[~lone]] != 0x0A
        breaks = np.union1d(breaks, following[lone])
    return np.concatenate([[0], breaks])
