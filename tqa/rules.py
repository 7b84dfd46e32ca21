"""Rules: every kind of finding tqa can report, under a stable code, and which of them a run reports.

A rule code names one thing a check looks for. A built-in check's codes start with the check's name and a dot
(``numbers.mismatch``, ``punctuation.doubled-word``); a glossary entry's code is its id namespaced by its
glossary (``zh-en-news/covid-new-crown``), so house glossaries cannot collide with the shipped one. Codes are
what findings carry, what reports show, and what ``--select``, ``--ignore``, ``--severity-override``, ``tqa fix
--rules``, ``.tqaignore``, inline ``tqa: ignore[CODE]`` and baselines name.

**Selectors** (:func:`Selector.parse`) are what a user writes to name rules, as in ruff:

========================  ==================================================  ==============
selector                  matches                                             specificity
========================  ==================================================  ==============
``ALL``                   every rule                                          0
``Style``                 an MQM top-level category (any case)                1
``Fluency/Punctuation``   an MQM category                                     2
``numbers``               a check: its rules                                  3
``zh-en-news``            a glossary: its entries                             3
``zh-en-news/wechat``     codes that start with it, at a ``/ . -`` boundary    4 (+ length)
``numbers.mismatch``      one rule (also a glossary entry's bare id, when     5
                          only one glossary has it)
========================  ==================================================  ==============

A rule is reported when the most specific selector of ``select`` (default: the rules of the checks that run by
default, less specific than any selector) that matches it is more specific than every ``ignore`` selector that
matches it: ``--ignore Style --extend-select zh-en-news/the-masses`` keeps that one Style entry; on a tie,
ignore wins. An unknown selector is refused
with the close matches, wherever a selector is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from .errors import TqaError
from .model import CATEGORIES, Finding, Severity

if TYPE_CHECKING:  # pragma: no cover
    from .checks.base import Check
    from .glossary import Entry, Glossary
    from .scoring import Weights


@dataclass(frozen=True)
class Rule:
    """One rule: its code, the check that reports it, a one-line summary, the MQM categories and severities
    its findings take (the first of each is the usual one), and what ``tqa rule CODE`` explains."""

    code: str
    check: str
    summary: str
    categories: tuple[str, ...] = ()
    severities: tuple[Severity, ...] = ()
    note: str = ""  # a longer explanation
    suggestion: str = ""  # what a finding suggests (a glossary entry's first suggestion)
    match: tuple[str, ...] = ()  # the phrases (or the regex) a glossary entry finds
    source_terms: tuple[str, ...] = ()  # a glossary entry's source terms and accepted target renderings
    target: tuple[str, ...] = ()
    # (bad|good, source, target): a text that is (bad) or is not (good) flagged; source "" for a text alone.
    # A built-in check's examples run as tests (tests/test_rule_examples.py), a glossary entry's as its self-tests.
    examples: tuple[tuple[str, str, str], ...] = ()
    origin: str = ""  # where it is defined: a glossary file and line, or the check's module
    autofix: bool = False
    glossary: str = ""  # the glossary of an entry's rule
    default: bool = True  # reported unless selected: its check runs by default

    @property
    def category(self) -> str:
        return self.categories[0] if self.categories else ""

    @property
    def severity(self) -> Severity | None:
        return self.severities[0] if self.severities else None


def check_rule(code: str, check: str, summary: str, category: str | Sequence[str],
               severity: Severity | Sequence[Severity], *, note: str = "", autofix: bool = False,
               examples: Sequence[tuple[str, str, str]] = ()) -> Rule:
    """A built-in check's rule (its module fills in ``origin`` through :func:`rule_table`)."""
    categories = (category,) if isinstance(category, str) else tuple(category)
    severities = (severity,) if isinstance(severity, Severity) else tuple(severity)
    return Rule(code, check, summary, categories, severities, note=note, autofix=autofix,
                examples=tuple(examples))


def rules_of(check: str, specs, examples: dict[str, Sequence[tuple[str, str, str]]] | None = None
             ) -> dict[str, Rule]:
    """A check's rules from (code, summary, categories, severities) tuples, by code, with their examples
    ((bad|good, source, target) by code)."""
    examples = examples or {}
    return {code: check_rule(code, check, summary, category, severity, examples=examples.get(code, ()))
            for code, summary, category, severity in specs}


def entry_rule(entry: "Entry", check: str) -> Rule:
    """The rule of a glossary entry, as the glossary check (its phrases) or the term check (its terms) reports
    it."""
    summary = entry.note.split(". ")[0].rstrip(".") if entry.note else ""
    if not summary:
        if entry.is_term and check == "terms":
            summary = f"{' / '.join(entry.source)} → {' / '.join(entry.target)}"
        else:
            summary = f"{', '.join(entry.match) or entry.regex} → {entry.suggestion or '(review)'}"
    examples = [("bad", "", text) for text in entry.bad] + [("good", "", text) for text in entry.good]
    examples += [(pair.kind, pair.source, pair.target) for pair in entry.pairs]
    return Rule(entry.code, check, summary, (entry.category,), (entry.severity,), note=entry.note,
                suggestion=entry.suggestion if check == "glossary" else entry.preferred,
                match=entry.match or ((entry.regex,) if entry.regex else ()), source_terms=entry.source,
                target=entry.target, examples=tuple(examples), origin=entry.location, autofix=entry.autofix,
                glossary=entry.glossary)


def rule_table(glossary: "Glossary", checks: "Iterable[Check] | None" = None) -> dict[str, Rule]:
    """Every rule the checks (default: every registered check, those off by default too) can report with
    ``glossary``, by code, in the order the checks run. A check of your own may describe its rules with plain
    strings (code -> summary); they become rules without categories."""
    from .checks import all_checks, on_by_default

    table: dict[str, Rule] = {}
    for check in checks if checks is not None else all_checks(include_off=True):
        origin = type(check).__module__
        default = on_by_default(type(check))
        for code, described in check.rules(glossary).items():
            if isinstance(described, Rule):
                rule = described if described.origin else replace(described, origin=origin)
            else:
                rule = Rule(code, check.name, str(described), origin=origin)
            table.setdefault(code, replace(rule, default=default))  # the glossary check's entry wins over terms'
    return table


# --- selectors ------------------------------------------------------------------------------------------------

_BOUNDARIES = "/.-"
ALL = "ALL"


@dataclass(frozen=True)
class Selector:
    """One resolved selector: what the user wrote, what kind of thing it names, and how specific it is."""

    text: str
    kind: str  # all, top-category, category, check, glossary, prefix, code; default (a check on by default)
    value: str  # the category, check, glossary, prefix or code it names (a bare id resolved to its code)

    @property
    def specificity(self) -> tuple[int, int]:
        rank = {"default": -1, "all": 0, "top-category": 1, "category": 2, "check": 3, "glossary": 3, "prefix": 4,
                "code": 5}
        return rank[self.kind], len(self.value) if self.kind == "prefix" else 0

    def matches(self, code: str, check: str, category: str) -> bool:
        kind, value = self.kind, self.value
        if kind == "code":
            return code == value
        if kind in ("check", "default"):
            return check == value
        if kind == "glossary":
            return code.startswith(value + "/")
        if kind == "prefix":
            return code.startswith(value) and (len(code) == len(value) or value[-1] in _BOUNDARIES
                                               or code[len(value)] in _BOUNDARIES)
        if kind == "category":
            return category.casefold() == value
        if kind == "top-category":
            return category.split("/")[0].casefold() == value
        return True

    @classmethod
    def parse(cls, text: str, rules: dict[str, Rule], check_names: Iterable[str] = (),
              glossary_names: Iterable[str] = (), option: str = "") -> "Selector":
        """``text`` resolved against the rules a run can report; an unknown one raises :class:`TqaError` with
        the close matches (the message starts with ``option``, where the selector was given)."""
        where = f"{option}: " if option else ""
        given = text.strip()
        checks, glossaries = set(check_names), set(glossary_names)
        folded = given.casefold()
        if given == ALL:
            return cls(given, "all", "")
        if given in rules:
            return cls(given, "code", given)
        if given in checks:
            return cls(given, "check", given)
        if given in glossaries:
            return cls(given, "glossary", given)
        if folded in {c.casefold() for c in CATEGORIES}:
            return cls(given, "category", folded)
        if folded in {c.split("/")[0].casefold() for c in CATEGORIES}:
            return cls(given, "top-category", folded)
        if "/" not in given and "." not in given:  # a glossary entry's bare id
            owners = [code for code in rules if code.endswith("/" + given) and rules[code].glossary]
            if len(owners) == 1:
                return cls(given, "code", owners[0])
            if owners:
                raise TqaError(f"{where}rule {given!r} is ambiguous: {', '.join(sorted(owners))}")
        if given and any(Selector(given, "prefix", given).matches(code, "", "") for code in rules):
            return cls(given, "prefix", given)
        import difflib

        known = [*rules, *checks, *glossaries, *CATEGORIES, ALL]
        close = difflib.get_close_matches(given, known, n=3, cutoff=0.8)
        if "/" not in given:  # a mistyped bare id: compare it with the entries' ids, suggest their codes
            by_id: dict[str, list[str]] = {}
            for code, rule in rules.items():
                if rule.glossary:
                    by_id.setdefault(code.rpartition("/")[2], []).append(code)
            near = difflib.get_close_matches(given, list(by_id), n=3, cutoff=0.8)
            close = list(dict.fromkeys([code for i in near for code in by_id[i]] + close))[:3]
        hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else " (see 'tqa rules')"
        raise TqaError(f"{where}unknown rule code or selector {given!r}{hint}")


@dataclass(frozen=True)
class RuleSelection:
    """What a run reports, as the user wrote it: ``select`` (None: the default rules), ``extend_select``,
    ``ignore`` and ``severity_overrides`` (selector, severity). Resolve it with :meth:`resolve`."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity_overrides: tuple[tuple[str, Severity], ...] = ()

    @classmethod
    def of(cls, select=None, extend_select=(), ignore=(), severity_overrides=()) -> "RuleSelection":
        """From lists that may hold comma-separated items (as options and config files give them); overrides
        as ``CODE=SEVERITY`` texts, (code, severity) pairs or a {code: severity} mapping."""
        def split(values) -> tuple[str, ...]:
            if values is None:
                return ()
            if isinstance(values, str):
                values = [values]
            return tuple(item.strip() for value in values for item in str(value).split(",") if item.strip())

        pairs: list[tuple[str, Severity]] = []
        items = severity_overrides.items() if isinstance(severity_overrides, dict) else severity_overrides or ()
        for item in items:
            if isinstance(item, str):
                code, sep, level = item.rpartition("=")
                if not sep or not code.strip():
                    raise TqaError(f"--severity-override wants CODE=SEVERITY, not {item!r}")
            else:
                code, level = item
            try:
                pairs.append((code.strip(), level if isinstance(level, Severity) else Severity.parse(level)))
            except ValueError as exc:
                raise TqaError(f"--severity-override {code.strip()}: {exc}") from None
        if select is not None and not split(select):
            raise TqaError("--select: no rule code given")
        return cls(None if select is None else split(select), split(extend_select), split(ignore), tuple(pairs))

    @property
    def is_default(self) -> bool:
        return self.select is None and not self.extend_select and not self.ignore and not self.severity_overrides

    def describe(self) -> str:
        """The selection in the signature (empty when it is the default)."""
        parts = []
        if self.select is not None:
            parts.append("select=" + ",".join(self.select))
        if self.extend_select:
            parts.append("extend-select=" + ",".join(self.extend_select))
        if self.ignore:
            parts.append("ignore=" + ",".join(self.ignore))
        if self.severity_overrides:
            parts.append("severity=" + ",".join(f"{c}={s}" for c, s in self.severity_overrides))
        return ";".join(parts)

    def resolve(self, rules: dict[str, Rule], checks: "Sequence[Check]", glossary_names: Iterable[str] = (),
                default_checks: Iterable[str] | None = None) -> "Policy":
        """The :class:`Policy` of this selection for a run that can report ``rules`` with ``checks``;
        ``default_checks`` are the checks whose rules are reported without ``--select`` (default: those on by
        default). Unknown selectors raise :class:`TqaError`."""
        from .checks import on_by_default

        names = [c.name for c in checks]
        glossaries = list(glossary_names)

        def parse(texts, option):
            return tuple(Selector.parse(t, rules, names, glossaries, option) for t in texts)

        if self.select is None:
            defaults = set(default_checks) if default_checks is not None else \
                {c.name for c in checks if on_by_default(type(c))}
            # The default selection is less specific than anything a user writes: --ignore Style drops Style
            # findings of every check, as ruff's --ignore drops rules from its default set.
            select = tuple(Selector(name, "default", name) for name in names if name in defaults)
        else:
            select = parse(self.select, "--select")
        select += parse(self.extend_select, "--extend-select")
        ignore = parse(self.ignore, "--ignore")
        overrides = tuple((Selector.parse(code, rules, names, glossaries, "--severity-override"), level)
                          for code, level in self.severity_overrides)
        return Policy(select, ignore, overrides, self)


@dataclass
class Policy:
    """A resolved :class:`RuleSelection`: whether a finding is reported, and at what severity."""

    select: tuple[Selector, ...]
    ignore: tuple[Selector, ...]
    overrides: tuple[tuple[Selector, Severity], ...]
    selection: RuleSelection = field(default_factory=RuleSelection)
    _decided: dict = field(default_factory=dict, repr=False)

    def enabled(self, code: str, check: str, category: str) -> bool:
        key = (code, check, category)
        decided = self._decided.get(key)
        if decided is None:
            chosen = max((s.specificity for s in self.select if s.matches(code, check, category)), default=None)
            dropped = max((s.specificity for s in self.ignore if s.matches(code, check, category)), default=None)
            decided = chosen is not None and (dropped is None or chosen > dropped)
            self._decided[key] = decided
        return decided

    def severity(self, code: str, check: str, category: str) -> Severity | None:
        """The severity an override gives the rule (the most specific override; the later one on a tie)."""
        best, level = None, None
        for selector, severity in self.overrides:
            if selector.matches(code, check, category) and (best is None or selector.specificity >= best):
                best, level = selector.specificity, severity
        return level

    def runs(self, check: "Check", rules: dict[str, Rule]) -> bool:
        """Whether ``check`` can report a rule this policy keeps (a check without rules: when it is selected
        by name)."""
        own = [rule for rule in rules.values() if rule.check == check.name]
        if not own:
            return self.enabled(check.name, check.name, "")
        return any(self.enabled(rule.code, check.name, category)
                   for rule in own for category in (rule.categories or ("",)))

    def apply(self, findings: Iterable[Finding], weights: "Weights") -> Iterator[Finding]:
        """The findings this policy reports, with overridden severities (and their penalties)."""
        overriding = bool(self.overrides)
        for finding in findings:
            if not self.enabled(finding.rule, finding.check, finding.category):
                continue
            if overriding:
                level = self.severity(finding.rule, finding.check, finding.category)
                if level is not None and level != finding.severity:
                    finding = replace(finding, severity=level,
                                      penalty=weights.penalty(level, finding.category, finding.check))
            yield finding


def plan(glossary: "Glossary", selection: RuleSelection | None = None, only: Sequence[str] | None = None,
         skip: Sequence[str] | None = None) -> tuple[list["Check"], Policy | None, dict[str, Rule]]:
    """The checks a run executes and the policy that filters their findings.

    ``only``/``skip`` (``--only-check``/``--no-check``) choose checks as before: a skipped check never runs,
    and with ``only`` the others never run. Within them, ``selection`` chooses rules (None or the default
    selection: every rule of the chosen checks, and no policy at all). ``--select names`` switches on a check
    that is off by default, as ``--only-check names`` does.
    """
    from .checks import all_checks, check_names, on_by_default, select_checks

    if selection is None or selection.is_default:
        checks = select_checks(only, skip)
        return checks, None, {}
    if only:
        candidates = select_checks(only, skip)
    else:  # every check but the skipped ones, those off by default too: --select may name one
        names = check_names()
        unknown = [name for name in skip or () if name not in names]
        if unknown:
            raise TqaError(f"unknown check {unknown[0]!r} (checks: {', '.join(names)})")
        candidates = [c for c in all_checks(include_off=True) if c.name not in set(skip or ())]
    for option, texts in (("--select", selection.select or ()), ("--extend-select", selection.extend_select)):
        for text in texts:
            off = next((name for name in skip or () if text == name or text.startswith(name + ".")), None)
            if off is not None:
                raise TqaError(f"{option}: {text!r} belongs to the check {off!r}, which --no-check switches off")
    rules = rule_table(glossary, candidates)
    defaults = set(only) if only else {c.name for c in candidates if on_by_default(type(c))}
    policy = selection.resolve(rules, candidates, [s.name for s in glossary.sources], defaults)
    checks = [c for c in candidates if policy.runs(c, rules)]
    if not checks:
        raise TqaError("no rule left to run (the selection leaves every check with nothing to report)")
    return checks, policy, rules
