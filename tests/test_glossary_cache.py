"""A glossary read from the cache: its matcher comes along (tqa/glossary.py ``_cached_entries``), and finds exactly
what a matcher compiled from the glossary's text finds; a damaged or stale cache is rebuilt; the same glossary
loaded from another path names that path everywhere."""

from __future__ import annotations

import dataclasses
import gc
import pickle
import shutil
from pathlib import Path

import pytest

import tqa
import tqa.glossary
import tqa.matcher
import tqa.regex_safety
from helpers import FIXTURES, MINI, SEED, SHIPPED
from tqa.checks import select_checks
from tqa.rules import rule_table

#: Texts of real MT output the project ships: WMT22 excerpts (tests/fixtures/bilingual/README.md), the systems of
#: tests/fixtures/mt and the seed article.
TEXTS = sorted((FIXTURES / "bilingual").glob("*.en")) + sorted((FIXTURES / "mt" / "systems").glob("*.txt")) + [SEED]

#: Entries whose keys interact: case-sensitive keys (one that folds to an insensitive key of another entry), a
#: ``-y`` phrase whose ``-ies`` plural is another entry's explicit phrase, regexes with required literals, an
#: anchored one, one without literals (run on every line), contexts, and non-ASCII keys.
TRICKY = '''
  - id: mm-acronym
    match: [MM]
    case: sensitive
    suggest: ""
    category: Other
    severity: minor
  - id: mm-word
    match: [mm]
    suggest: millimetres
    category: Other
    severity: minor
  - id: party
    match: [communist party]
    suggest: the Communist Party of China
    category: Other
    severity: minor
  - id: parties
    match: [communist parties]
    suggest: Communist parties
    category: Other
    severity: minor
  - id: agency
    match: [news agency]
    suggest: news agency
    category: Other
    severity: minor
  - id: read-more
    regex: 'Read (?:more|the full story)'
    suggest: ""
    category: Other
    severity: minor
  - id: byline
    regex: '^By [A-Z][a-z]+ [A-Z][a-z]+$'
    suggest: ""
    category: Other
    severity: minor
  - id: digits
    regex: '\\d{5,}'
    suggest: ""
    category: Other
    severity: minor
  - id: millet
    match: [millet]
    suggest: Xiaomi
    category: Other
    severity: major
    when: '\\b(?:phones?|company)\\b'
  - id: crown
    match: [new crown]
    suggest: COVID-19
    category: Other
    severity: major
    unless: '\\bking\\b'
  - id: micro-signal
    match: [official micro-signal, 官方微信号]
    suggest: official WeChat account
    category: Other
    severity: major
'''

#: A glossary that goes with TRICKY (no phrase of both).
OTHER = '''
  - id: scopes
    match: [hundreds of scopes]
    suggest: hundreds of areas
    category: Other
    severity: minor
  - id: agencies
    match: [news agencies]
    suggest: news agencies
    category: Other
    severity: minor
'''

TRICKY_TEXT = """By John Smith
The MM and the mm of the Communist Party, the communist parties and two news agencies (news agency's report).
Read more: the company sells millet phones. Farmers grow millet.
The new crown outbreak. The king's new crown. Call 1234567 now, 官方微信号 or the official micro-signals.
Communist-party and COMMUNIST PARTIES, the New  Crown, mm-wave and MMs.
"""


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TQA_NO_CACHE", raising=False)
    return tmp_path / "cache" / "tqa"


def _cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("glossary-*.pickle"))


def _fresh(path, monkeypatch):
    """The glossary compiled from its text, as with the cache off."""
    with monkeypatch.context() as patch:
        patch.setenv("TQA_NO_CACHE", "1")
        return tqa.load_glossary(path, check_examples=False)


def _from_cache(path, monkeypatch):
    """The glossary read from the cache: nothing is parsed or compiled (a matcher built here fails the test)."""
    def refuse(*args, **kwargs):
        raise AssertionError("a cached glossary was parsed or compiled again")

    with monkeypatch.context() as patch:
        patch.setattr(tqa.glossary, "_parse_entries", refuse)
        patch.setattr(tqa.matcher.Matcher, "__init__", refuse)
        return tqa.load_glossary(path, check_examples=False)


def _tables(matcher: tqa.matcher.Matcher) -> dict:
    """What a matcher derived from its patterns."""
    scanner = matcher.scanner
    return {
        "patterns": matcher.patterns, "conflicts": matcher.conflicts, "regex_entries": matcher.regex_entries,
        "context_entries": matcher.context_entries, "key_count": matcher.key_count,
        "full_scan_regexes": matcher.full_scan_regexes, "anchored": matcher.anchored,
        "keys": scanner.keys, "phrases": scanner.phrases, "literals": scanner.literals,
        "phrase_keys": scanner.phrase_keys, "literal_keys": scanner.literal_keys,
        "word_start_keys": scanner.word_start_keys, "longest": scanner.longest,
    }


def _every_field(objects) -> list[tuple]:
    """Each dataclass's every field (those it does not compare too), its hash and repr."""
    return [(dataclasses.astuple(o), hash(o), repr(o)) for o in objects]


def _found(matcher, text: str, **kwargs) -> list[tuple[int, int, int]]:
    return [(m.start, m.end, m.entry) for m in matcher.find(text, **kwargs)]


# --- the cached matcher is the compiled one ---------------------------------------------------------------------

def test_the_shipped_glossary_from_the_cache_finds_what_it_finds_compiled(cache, monkeypatch):
    fresh = _fresh(SHIPPED, monkeypatch)
    tqa.load_glossary(SHIPPED, check_examples=False)  # writes the cache
    assert len(_cache_files(cache)) == 1
    cached = _from_cache(SHIPPED, monkeypatch)
    assert gc.isenabled()  # held off while the cache is unpickled, and only then
    assert cached.matcher is not fresh.matcher
    assert _tables(cached.matcher) == _tables(fresh.matcher)
    assert _every_field(cached.entries) == _every_field(fresh.entries)
    assert cached.matcher.scanner.automaton is not None
    total = 0
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        found = _found(cached.matcher, text)
        assert found == _found(fresh.matcher, text), path.name
        assert _found(cached.matcher, text, overlapping=True) == _found(fresh.matcher, text, overlapping=True)
        total += len(found)
        findings = [(f.start, f.end, f.rule, f.check) for f in tqa.analyze(text, cached, doc_id=path.name).findings]
        assert findings == [(f.start, f.end, f.rule, f.check)
                            for f in tqa.analyze(text, fresh, doc_id=path.name).findings], path.name
    assert total > 50  # the fixtures hold many of the shipped glossary's errors


def test_tricky_keys_from_the_cache_match_as_compiled(cache, monkeypatch, write_glossary):
    path = write_glossary(TRICKY)
    fresh = _fresh(path, monkeypatch)
    tqa.load_glossary(path, check_examples=False)
    cached = _from_cache(path, monkeypatch)
    assert _tables(cached.matcher) == _tables(fresh.matcher)
    assert _every_field(cached.entries) == _every_field(fresh.entries)
    assert _every_field(cached.matcher.patterns) == _every_field(fresh.matcher.patterns)
    found = _found(cached.matcher, TRICKY_TEXT)
    assert found == _found(fresh.matcher, TRICKY_TEXT)
    ids = [cached.entries[entry].id for _, _, entry in found]
    # Each kind of entry is found, so that the comparison covers it.
    assert {"mm-acronym", "mm-word", "party", "parties", "agency", "read-more", "byline", "digits", "millet",
            "crown", "micro-signal"} <= set(ids)
    texts = {TRICKY_TEXT[s:e] for s, e, _ in found}
    assert {"MM", "MMs", "mm", "communist parties", "COMMUNIST PARTIES", "news agencies", "官方微信号",
            "official micro-signals", "1234567"} <= texts
    assert TRICKY_TEXT.count("millet") == 2 and ids.count("millet") == 1 and ids.count("crown") == 2


def test_a_cached_matchers_regexes_stay_lazy(cache, monkeypatch, write_glossary):
    path = write_glossary(TRICKY)
    warm = tqa.load_glossary(path, check_examples=False)
    warm.matcher.warm()  # the automaton made a DFA
    for pattern in warm.matcher.patterns:  # every regex compiled in this process
        pattern.compiled_regex, pattern.compiled_when, pattern.compiled_unless  # noqa: B018 (cached)
    assert all("compiled_regex" in p.__dict__ for p in warm.matcher.patterns)
    cached = _from_cache(path, monkeypatch)
    patterns = cached.matcher.patterns
    assert [p.regex_text for p in patterns if p.regex_text] == [e.regex for e in cached.entries if e.regex]
    assert not any(name in p.__dict__ for p in patterns for name in ("compiled_regex", "compiled_when",
                                                                      "compiled_unless"))
    assert not cached.matcher.scanner.upgraded
    # What pickles a used matcher (a pool, a cluster) leaves out what the run did to it.
    warm.matcher.disabled.add(5)
    again = pickle.loads(pickle.dumps(warm.matcher))
    assert again.disabled == set() and again.timeouts == [] and not again.scanner.upgraded
    assert not any("compiled_regex" in p.__dict__ for p in again.patterns)
    assert _found(again, TRICKY_TEXT) == _found(_fresh(path, monkeypatch).matcher, TRICKY_TEXT)


def test_a_cached_matchers_automaton_is_built_when_first_needed(cache, monkeypatch, write_glossary):
    path = write_glossary(TRICKY)
    tqa.load_glossary(path, check_examples=False)
    for dfa_max_keys, upgraded in ((10_000, True), (0, False)):
        cached = _from_cache(path, monkeypatch)
        scanner = cached.matcher.scanner
        assert scanner._automaton is None  # nothing scanned yet
        with monkeypatch.context() as patch:
            patch.setattr(tqa.matcher, "_DFA_MAX_KEYS", dfa_max_keys)
            cached.matcher.warm()  # what a pool does before its workers are forked: they inherit the automaton
        assert scanner._automaton is not None and scanner.upgraded is upgraded
        assert _found(cached.matcher, TRICKY_TEXT) == _found(_fresh(path, monkeypatch).matcher, TRICKY_TEXT)


def test_conflicting_phrases_are_refused_from_the_cache_too(cache, monkeypatch, write_glossary):
    path = write_glossary('''
      - id: common-debt
        match: [common debt]
        suggest: joint debt
        category: Other
        severity: minor
      - id: common-debt-again
        match: [Common-Debt]
        suggest: joint debt
        category: Other
        severity: minor
    ''')
    with pytest.raises(tqa.GlossaryError) as first:
        tqa.load_glossary(path)
    assert len(_cache_files(cache)) == 1  # valid entries: cached, the conflict is the matcher's
    with pytest.raises(tqa.GlossaryError) as again:
        _from_cache(path, monkeypatch)
    assert again.value.problems == first.value.problems
    assert "is already matched by entry 'test/common-debt'" in first.value.problems[0]


def test_several_glossaries_still_load_together_from_the_cache(cache, monkeypatch, write_glossary):
    extra = write_glossary('''
      - id: parties
        match: [communist parties]
        suggest: Communist parties
        category: Other
        severity: minor
      - id: scopes
        match: [hundreds of scopes]
        suggest: hundreds of areas
        category: Other
        severity: minor
    ''', name="extra")
    party = write_glossary('''
      - id: party
        match: [communist party]
        suggest: Communist Party of China
        category: Other
        severity: minor
    ''', name="party")
    text = "covering hundreds of scopes, communist parties and the official micro-signal of the communist party"
    fresh = _fresh([party, MINI, extra], monkeypatch)
    # The first time, each file is cached and their matcher too; the second time, all comes from the cache.
    for load in (tqa.load_glossary, lambda paths, **kwargs: _from_cache(paths, monkeypatch)):
        combined = load([party, MINI, extra], check_examples=False)
        assert combined.name == "party+mini+extra"
        assert _tables(combined.matcher) == _tables(fresh.matcher)
        found = _found(combined.matcher, text)
        assert found == _found(fresh.matcher, text)
        # "communist parties": the explicit phrase of extra, not the -ies plural of party's "communist party".
        assert [combined.entries[e].code for _, _, e in found] == [
            "extra/scopes", "extra/parties", "mini/wechat-official-account", "party/party"]
    assert len(_cache_files(cache)) == 3 and len(list(cache.glob("matcher-*.pickle"))) == 1
    # In another order: another matcher (the glossary order decides between entries), compiled and cached.
    other = tqa.load_glossary([extra, MINI, party], check_examples=False)
    assert _tables(other.matcher) == _tables(_fresh([extra, MINI, party], monkeypatch).matcher)
    assert len(list(cache.glob("matcher-*.pickle"))) == 2
    # Each file alone, from the cache entry the combined loads wrote.
    alone = _from_cache(party, monkeypatch)
    assert [combined.entries[e].code for _, _, e in _found(alone.matcher, text)] == ["party/party"] * 2
    assert _found(alone.matcher, text) == _found(_fresh(party, monkeypatch).matcher, text)


def test_a_damaged_matcher_of_several_files_is_rebuilt(cache, monkeypatch, write_glossary):
    tricky, other = write_glossary(TRICKY), write_glossary(OTHER, name="other")
    fresh = _fresh([tricky, other], monkeypatch)
    tqa.load_glossary([tricky, other], check_examples=False)
    (kept,) = cache.glob("matcher-*.pickle")
    kept.write_bytes(pickle.dumps(([str(tricky), str(other)], tqa.load_glossary(MINI).matcher)))
    loaded = tqa.load_glossary([tricky, other], check_examples=False)
    assert gc.isenabled()
    assert _tables(loaded.matcher) == _tables(fresh.matcher)
    assert _found(_from_cache([tricky, other], monkeypatch).matcher, TRICKY_TEXT) == _found(fresh.matcher,
                                                                                           TRICKY_TEXT)


def test_a_phrase_of_two_cached_files_is_still_a_conflict(cache, write_glossary):
    entry = '''
      - id: {id}
        match: [common debt]
        suggest: joint debt
        category: Other
        severity: minor
    '''
    first = write_glossary(entry.format(id="one"), name="first")
    second = write_glossary(entry.format(id="two"), name="second")
    tqa.load_glossary(first)
    tqa.load_glossary(second)
    with pytest.raises(tqa.GlossaryError) as info:
        tqa.load_glossary([first, second])
    (problem,) = info.value.problems
    assert problem.startswith(f"{second}:") and "is already matched by entry 'first/one'" in problem


# --- a damaged or stale cache -----------------------------------------------------------------------------------

@pytest.mark.parametrize("damage", ["garbage", "cut short", "an older layout", "another glossary's matcher",
                                    "no matcher"])
def test_a_damaged_or_stale_cache_is_rebuilt(cache, monkeypatch, write_glossary, damage):
    path = write_glossary(TRICKY)
    fresh = _fresh(path, monkeypatch)
    tqa.load_glossary(path, check_examples=False)
    (cached_file,) = _cache_files(cache)
    data = cached_file.read_bytes()
    entries, metadata, info, facts, matcher = pickle.loads(data)
    if damage == "garbage":
        cached_file.write_bytes(b"not a pickle at all")
    elif damage == "cut short":
        cached_file.write_bytes(data[: len(data) // 2])
    elif damage == "an older layout":  # format 10: no matcher
        cached_file.write_bytes(pickle.dumps((entries, metadata, info, facts)))
    elif damage == "another glossary's matcher":
        cached_file.write_bytes(pickle.dumps((entries, metadata, info, facts, tqa.load_glossary(MINI).matcher)))
    else:
        cached_file.write_bytes(pickle.dumps((entries, metadata, info, facts, None)))
    loaded = tqa.load_glossary(path, check_examples=False)
    assert gc.isenabled()
    assert _found(loaded.matcher, TRICKY_TEXT) == _found(fresh.matcher, TRICKY_TEXT)
    assert _tables(loaded.matcher) == _tables(fresh.matcher)
    # ...and written again, whole: the next load reads it.
    assert _found(_from_cache(path, monkeypatch).matcher, TRICKY_TEXT) == _found(fresh.matcher, TRICKY_TEXT)


# --- the same glossary under another path -----------------------------------------------------------------------

def _copy(source: Path, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    copy = directory / source.name  # the same file name: the same cache entry
    shutil.copyfile(source, copy)
    return copy


def test_a_cached_glossary_loaded_from_another_path_names_that_path(cache, monkeypatch, tmp_path):
    original = tmp_path / "glossary.yaml"
    slow = "  - id: slow-commas\n    regex: ',{3,}P'\n    category: Other\n    severity: minor\n"
    head = "name: test\nversion: 1\nconsistent:\n  - [Ant Group, Ant Financial]\nentries:\n"
    original.write_text(head + TRICKY + slow, encoding="utf-8")
    tqa.load_glossary(original, check_examples=False)
    copy = _copy(original, tmp_path / "elsewhere")
    moved = _from_cache(copy, monkeypatch)
    assert len(_cache_files(cache)) == 1
    assert moved.sources[0].path == str(copy)
    assert {e.file for e in moved.entries} == {str(copy)}
    assert {p.name.split(": entry ")[0].rsplit(":", 1)[0] for p in moved.matcher.patterns} == {str(copy)}
    assert [p.name for p in moved.matcher.patterns] == [f"{copy}:{e.line}: entry {e.id}" for e in moved.entries]
    assert [g.file for g in moved.consistent] == [str(copy)]
    rules = rule_table(moved)
    assert rules["test/millet"].origin == f"{copy}:{moved.entries[8].line}"
    assert all(rule.origin.startswith(f"{copy}:") for code, rule in rules.items()
               if code.startswith(("test/", "consistency.")))
    # A note about an entry (its regex ran out of time) names the file it was loaded from.
    monkeypatch.setattr(tqa.regex_safety, "BUDGET_SECONDS", 0.0)
    monkeypatch.setattr(tqa.regex_safety, "BUDGET_SECONDS_PER_MB", 0.0)
    result = tqa.analyze(",,,,P here", moved, doc_id="page.txt", checks=select_checks(["glossary"]))
    assert result.notes and all(note.startswith(f"{copy}:") for note in result.notes)
    assert any("entry slow-commas: regex took more than" in note for note in result.notes)
    # ...and loading it from where it was first stays right.
    back = _from_cache(original, monkeypatch)
    assert {e.file for e in back.entries} == {str(original)} and back.sources[0].path == str(original)
    # Together with another glossary: their matcher, cached under the first paths, names the new ones.
    other = tmp_path / "first" / "other.yaml"
    other.parent.mkdir()
    other.write_text("name: other\nversion: 1\nentries:\n" + OTHER, encoding="utf-8")
    tqa.load_glossary([original, other], check_examples=False)
    both = _from_cache([copy, _copy(other, tmp_path / "second")], monkeypatch)
    assert [p.name for p in both.matcher.patterns] == [f"{e.location}: entry {e.id}" for e in both.entries]
    assert {e.file for e in both.entries} == {str(copy), str(tmp_path / "second" / "other.yaml")}
    result = tqa.analyze(",,,,P here", both, doc_id="page.txt", checks=select_checks(["glossary"]))
    assert result.notes and all(note.startswith(f"{copy}:") for note in result.notes)


def test_a_term_base_loaded_from_another_path_names_that_path_in_its_notes(cache, monkeypatch, tmp_path):
    term_base = FIXTURES / "terms" / "news-terms.tbx"
    first = _copy(term_base, tmp_path / "one")
    loaded = tqa.load_glossary(first, check_examples=False)
    said = list(loaded.skipped) + list(loaded.notes)
    assert said and all(text.startswith(f"{first}:") for text in said)
    second = _copy(term_base, tmp_path / "two")
    moved = _from_cache(second, monkeypatch)
    assert [text.replace(str(second), str(first), 1) for text in list(moved.skipped) + list(moved.notes)] == said
    assert {e.file for e in moved.entries} == {str(second)}
