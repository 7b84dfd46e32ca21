"""Consistency: a document should keep to one name for one thing.

A glossary declares groups of names for the same thing (``consistent: [[Communist Party of China,
Chinese Communist Party, CPC, CCP]]``). In a document, the first name used from a group sets the form; every
later mention that uses another member is a ``Terminology/Inconsistent use of terminology`` minor finding
whose suggestion is the first-used form. An acronym introduced in parentheses right after a name
("Communist Party of China (CPC)") is the abbreviation of that form and is consistent with it; later, an
acronym is told to use that acronym, a full name to use that full name.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import replace
from typing import Iterable

from ..matcher import Matcher, Pattern
from .base import Check, CheckPart
from ..model import Finding, Severity
from ..rules import Rule, check_rule
from ..lazyre import lazy_compile

CATEGORY = "Terminology/Inconsistent use of terminology"
_ACRONYM = lazy_compile(r"^[A-Z][A-Z0-9&.]{1,7}$")


def _is_acronym(name: str) -> bool:
    return bool(_ACRONYM.match(name))


_COMPILED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def consistency_matcher(glossary) -> tuple[Matcher, list[tuple[int, str]]]:
    """The compiled matcher over every group's names and (group, name) per pattern: built once per glossary
    (kept while the glossary lives), never per document or window."""
    compiled = _COMPILED.get(glossary)
    if compiled is None:
        owners = [(g, name) for g, group in enumerate(glossary.consistent) for name in group.names]
        matcher = Matcher([Pattern(phrases=(name,), case_sensitive=_is_acronym(name)) for _, name in owners])
        compiled = _COMPILED[glossary] = (matcher, owners)
    return compiled


def group_examples(names: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """A flagged and an unflagged text for a group of names, shown by ``tqa rule CODE`` and run as tests
    (tests/test_rule_examples.py).

    The groups are the glossary's, so the check cannot know a real sentence for each; the examples are the
    mentions alone, in document order, as the rule sees them. Flagged: the first name, then another (of the same
    kind when the group has one: full names, or acronyms). Not flagged, the near miss: the first full name with an
    acronym introduced in parentheses and that acronym later; for a group without both kinds, the first name
    again, in the possessive."""
    first = names[0]
    other = next((n for n in names[1:] if _is_acronym(n) == _is_acronym(first)), names[1])
    full = next((n for n in names if not _is_acronym(n)), None)
    acronym = next((n for n in names if _is_acronym(n)), None)
    same = f"{full} ({acronym}) … {acronym}" if full and acronym else f"{first} … {first}'s"
    return (("bad", "", f"{first} … {other}"), ("good", "", same))


class ConsistencyCheck(Check):
    name = "consistency"
    description = "one thing, one name: mentions that switch to another name of a glossary 'consistent' group"

    def rules(self, glossary) -> dict[str, Rule]:
        return {f"consistency.{g.id}": replace(
                    check_rule(f"consistency.{g.id}", self.name, f"one name for one thing: {' / '.join(g.names)}",
                               CATEGORY, Severity.MINOR, examples=group_examples(g.names)),
                    origin=f"{g.file}:{g.line}", target=g.names)
                for g in glossary.consistent}

    def window_parts(self):
        # Finding the names in a window reads the window alone (a pool's worker does it, over the bytes it has
        # folded for the glossary check already); judging them carries the names chosen so far.
        return CheckPart(self, self._find_names), CheckPart(self, self.run)

    def _find_names(self, ctx) -> list[Finding]:
        """The mentions of the groups' names in the window, left for :meth:`run` (``ctx.prepared``): no finding."""
        if ctx.glossary.consistent:
            ctx.prepared[self.name] = self._mentions(ctx)
        return []

    def _mentions(self, ctx) -> list[tuple[int, int, int]]:
        """(start, end, pattern) of each mention of a name in the window (window offsets)."""
        matcher, _ = consistency_matcher(ctx.glossary)
        return [(m.start, m.end, m.entry)
                for m in matcher.find(ctx.text, ctx.segmentation, ctx.buffer, barriers=ctx.unit_barriers())]

    def run(self, ctx) -> Iterable[Finding]:
        glossary = ctx.glossary
        if not glossary.consistent:
            return
        _, owners = consistency_matcher(glossary)
        text = ctx.text
        # What the document has used so far (carried from window to window of a long document): per group,
        # the form chosen for names and for acronyms, and where its last mention ended (in the document).
        state = ctx.carry.setdefault(self.name, ({}, {}))
        chosen: dict[int, dict[bool, str]] = state[0]
        previous_end: dict[int, int] = state[1]
        mentions = ctx.prepared.pop(self.name, None)
        for match_start, match_end, entry in mentions if mentions is not None else self._mentions(ctx):
            group, name = owners[entry]
            used = text[match_start:match_end]
            acronym = _is_acronym(name)
            forms = chosen.setdefault(group, {})
            start, end = match_start + ctx.offset, match_end + ctx.offset
            if not forms:
                forms[acronym] = used
                previous_end[group] = end
                continue
            if acronym not in forms and _defines(ctx.full_text, previous_end.get(group, -1) - ctx.text_start,
                                                 start - ctx.text_start):
                forms[acronym] = used  # "Communist Party of China (CPC)": the acronym of the chosen form
                continue
            previous_end[group] = end
            expected = forms.get(acronym) or next(iter(forms.values()))
            if _same(used, expected) or (acronym in forms and _same(used, forms[acronym])):
                continue
            if acronym not in forms and any(_same(used, form) for form in forms.values()):
                continue
            first = glossary.consistent[group]
            yield ctx.finding(
                match_start, match_end, rule=f"consistency.{first.id}", check=self.name, category=CATEGORY,
                severity=Severity.MINOR, suggestion=expected, autofix=False,
                message=f'"{used}" and "{expected}" name the same thing; this document first uses "{expected}"',
            )


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).lower() == " ".join(b.split()).lower()


def _defines(text: str, previous_end: int, start: int) -> bool:
    """Whether the mention at ``start`` is a parenthesised abbreviation right after the previous mention."""
    return 0 <= previous_end and start - previous_end <= _DEFINITION_GAP and text[previous_end:start].strip() == "("


_DEFINITION_GAP = 8  # "Name (ACR)": at most a few spaces around the parenthesis
