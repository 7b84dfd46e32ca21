"""Consistency: a document should keep to one name for one thing.

A glossary declares groups of names for the same thing (``consistent: [[Communist Party of China,
Chinese Communist Party, CPC, CCP]]``). In a document, the first name used from a group sets the form; every
later mention that uses another member is a ``Terminology/Inconsistent use of terminology`` minor finding
whose suggestion is the first-used form. An acronym introduced in parentheses right after a name
("Communist Party of China (CPC)") is the abbreviation of that form and is consistent with it; later, an
acronym is told to use that acronym, a full name to use that full name.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable

from ..matcher import Matcher, Pattern
from ..model import Finding, Severity

CATEGORY = "Terminology/Inconsistent use of terminology"
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,7}$")


def _is_acronym(name: str) -> bool:
    return bool(_ACRONYM.match(name))


def consistency_matcher(glossary) -> tuple[Matcher, list[tuple[int, str]]]:
    """The compiled matcher over every group's names (built once per glossary) and (group, name) per pattern."""
    cached = getattr(glossary, "_consistency", None)
    if cached is None:
        owners = [(g, name) for g, group in enumerate(glossary.consistent) for name in group.names]
        matcher = Matcher([Pattern(phrases=(name,), case_sensitive=_is_acronym(name)) for _, name in owners])
        cached = (matcher, owners)
        glossary._consistency = cached
    return cached


class ConsistencyCheck:
    name = "consistency"
    description = "one thing, one name: mentions that switch to another name of a glossary 'consistent' group"

    def rules(self, glossary) -> dict[str, str]:
        return {f"consistency.{g.id}": f"one name for one thing: {' / '.join(g.names)}"
                for g in glossary.consistent}

    def run(self, ctx) -> Iterable[Finding]:
        glossary = ctx.glossary
        if not glossary.consistent:
            return
        matcher, owners = consistency_matcher(glossary)
        text = ctx.text
        # Spans another check will rewrite (a glossary error that contains a name) set the form but are not
        # reported again.
        taken = sorted((f.start, f.end) for f in ctx.findings)
        chosen: dict[int, dict[bool, str]] = {}  # group -> {is_acronym: form}
        previous_end: dict[int, int] = {}
        for match in matcher.find(text, ctx.segmentation, ctx.buffer):
            group, name = owners[match.entry]
            used = text[match.start:match.end]
            acronym = _is_acronym(name)
            forms = chosen.setdefault(group, {})
            if not forms:
                forms[acronym] = used
                previous_end[group] = match.end
                continue
            if acronym not in forms and _defines(text, previous_end.get(group, -1), match.start):
                forms[acronym] = used  # "Communist Party of China (CPC)": the acronym of the chosen form
                continue
            previous_end[group] = match.end
            expected = forms.get(acronym) or next(iter(forms.values()))
            if _same(used, expected) or (acronym in forms and _same(used, forms[acronym])):
                continue
            if acronym not in forms and any(_same(used, form) for form in forms.values()):
                continue
            if _inside(taken, match.start, match.end):
                continue
            first = glossary.consistent[group]
            yield ctx.finding(
                match.start, match.end, rule=f"consistency.{first.id}", check=self.name, category=CATEGORY,
                severity=Severity.MINOR, suggestion=expected, autofix=False,
                message=f'"{used}" and "{expected}" name the same thing; this document first uses "{expected}"',
            )


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).lower() == " ".join(b.split()).lower()


def _defines(text: str, previous_end: int, start: int) -> bool:
    """Whether the mention at ``start`` is a parenthesised abbreviation right after the previous mention."""
    return previous_end >= 0 and text[previous_end:start].strip() == "("


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of ``spans`` (sorted, not overlapping)."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]
