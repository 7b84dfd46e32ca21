"""What a short run reads from the cache instead of computing (tqa/cache.py): langdetect's n-gram table, looked up
in place, and what the matcher derives from a glossary's regexes. Each gives exactly what computing it gives."""

from __future__ import annotations

import pytest

import tqa.glossary
from helpers import FIXTURES, SEED
from tqa.checks import language
from tqa.matcher import _starts_at_line_start, required_literal


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("TQA_NO_CACHE", raising=False)
    return tmp_path / "tqa"


def _factory_from_profiles():
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    language._add_profiles(factory)
    factory.set_seed(language.SEED)
    return factory


def _detect(factory, text: str) -> tuple[str, float]:
    detector = factory.create()
    detector.append(text)
    best = detector.get_probabilities()[0]
    return best.lang, best.prob


def test_the_cached_ngram_table_holds_every_profile_row(cache):
    profiles = _factory_from_profiles()
    language._save_profiles(profiles)
    langlist, table = language._load_profiles()
    assert langlist == list(language.PROFILES) == profiles.langlist
    assert len(table) == len(profiles.word_lang_prob_map)
    assert set(table) == set(profiles.word_lang_prob_map)
    for word, row in profiles.word_lang_prob_map.items():
        assert word in table and list(table[word]) == row
    assert "qqqq" not in table and "qqqq" not in table  # a miss, asked twice
    with pytest.raises(KeyError):
        table["qqqq"]


def test_detection_with_the_cached_table_is_detection_with_the_profiles(cache):
    from langdetect.detector_factory import DetectorFactory

    profiles = _factory_from_profiles()
    language._save_profiles(profiles)
    cached = DetectorFactory()
    cached.langlist, cached.word_lang_prob_map = language._load_profiles()
    cached.set_seed(language.SEED)
    texts = SEED.read_text(encoding="utf-8").splitlines()[:20]
    texts += (FIXTURES / "checks" / "mixed.txt").read_text(encoding="utf-8").splitlines()
    texts += ["是否有途径处罚他", "Le gouvernement chinois veut que les plateformes partagent leurs données."]
    texts = [text for text in texts if text.strip()]
    assert len(texts) > 20
    for text in texts:
        assert _detect(cached, text) == _detect(profiles, text), text


def test_a_damaged_or_foreign_table_is_not_used(cache):
    language._save_profiles(_factory_from_profiles())
    path = cache / language._profiles_cache_name()
    data = path.read_bytes()
    path.write_bytes(data[:-8])  # cut short
    assert language._load_profiles() is None
    path.write_bytes(b"x" + data[1:])  # not a table of this layout
    assert language._load_profiles() is None
    path.write_bytes(b"")
    assert language._load_profiles() is None


def test_a_cached_glossary_brings_what_the_matcher_derives_from_its_regexes(cache, write_glossary, monkeypatch):
    path = write_glossary('''
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
      - id: plain
        match: [official micro-signal]
        suggest: official WeChat account
        category: Other
        severity: major
    ''')
    fresh = tqa.glossary.load_glossary(path, check_examples=False)
    expected = [(required_literal(e.regex, e.case_sensitive), _starts_at_line_start(e.regex)) if e.regex else
                (None, None) for e in fresh.entries]
    assert [(p.required, p.anchored) for p in fresh.matcher.patterns] == expected
    assert expected[0][0] is not None and expected[1][1] is True and expected[0][1] is False
    # From the cache, in a process that never parsed these regexes: nothing is parsed, the same is known.
    monkeypatch.setattr(tqa.glossary, "_REGEX_FACTS", {})

    def parse(*args):
        raise AssertionError("a cached glossary's regexes were parsed again")

    monkeypatch.setattr(tqa.glossary, "required_literal", parse)
    monkeypatch.setattr(tqa.glossary, "_starts_at_line_start", parse)
    cached = tqa.glossary.load_glossary(path, check_examples=False)
    assert [(p.required, p.anchored) for p in cached.matcher.patterns] == expected
    assert cached.matcher.anchored == fresh.matcher.anchored == {1}
    text = "By John Smith\nRead more on the official micro-signal."
    assert [(m.start, m.end, m.entry) for m in cached.matcher.find(text)] == \
        [(m.start, m.end, m.entry) for m in fresh.matcher.find(text)]


# --- the code dataclasses compiles for tqa's classes -------------------------------------------------------------

# Field names no class of tqa has: the methods' source (which names the fields, not the class) is new to the cache.
CLASS = '''
@dataclasses.dataclass(frozen=True)
class Span:
    """A span."""

    probe_start: int
    probe_end: int = 0
    probe_label: str = dataclasses.field(default="", compare=False)
'''


def _define(module_name: str):
    """The class ``CLASS`` defined in a new module of that name."""
    import dataclasses
    import sys
    import types

    module = types.ModuleType(module_name)
    module.dataclasses = dataclasses
    sys.modules[module_name] = module
    try:
        exec(compile(CLASS, module_name, "exec", dont_inherit=True), module.__dict__)
    finally:
        del sys.modules[module_name]
    return module.Span


def _method_code(cls) -> dict[str, tuple]:
    """Each generated method's code object, with its file and qualified name (a code object's ``==`` compares
    its bytecode, constants, names, line table and the code nested in it, not those two). Not ``marshal.dumps``:
    its bytes mark an object referenced more than once, which depends on what else holds it at that moment (a
    full test run once told two equal code objects apart so)."""
    methods = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")
    codes = {name: getattr(getattr(cls, name), "__wrapped__", getattr(cls, name)).__code__ for name in methods}
    return {name: (code, code.co_filename, code.co_qualname) for name, code in codes.items()}


def test_a_tqa_dataclass_gets_the_code_dataclasses_compiles(monkeypatch):
    """A class of a tqa module is compiled through the cache (once), and gets code objects identical to those of the
    same class anywhere else, which dataclasses compiles as always."""
    import dataclasses

    from tqa import dataclass_code

    dataclass_code.install()  # as tqa.cli.main does (once a process: the cli tests may have done it already)
    assert dataclasses.exec is dataclass_code._exec
    monkeypatch.setattr(dataclass_code, "_codes", {})
    monkeypatch.setattr(dataclass_code, "_added", [])
    ours = _define("tqa._test_dataclass_code")
    compiled = len(dataclass_code._codes)
    assert compiled >= 5 and len(dataclass_code._added) == compiled
    again = _define("tqa._test_dataclass_code")
    assert len(dataclass_code._codes) == compiled  # the second time, nothing is compiled
    elsewhere = _define("not_tqa_dataclass_code")
    assert len(dataclass_code._codes) == compiled  # another package's class is not kept
    assert _method_code(ours) == _method_code(elsewhere) == _method_code(again)
    span = ours(1, 2, "x")
    assert (span, hash(span) == hash(ours(1, 2, "y"))) == (ours(1, 2, "y"), True)
    assert repr(span) == "Span(probe_start=1, probe_end=2, probe_label='x')"
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.probe_start = 3
    assert dataclasses.replace(span, probe_end=5) == ours(1, 5)
    # No compiler flag of tqa's modules (``from __future__ import annotations``) reaches the generated code.
    assert ours.__init__.__annotations__["return"] is None


def test_the_command_line_keeps_dataclass_code_for_the_next_run_and_a_program_importing_tqa_is_left_alone(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    paragraph = tmp_path / "paragraph.txt"
    paragraph.write_text("The article was posted on the official micro-signal.\n", encoding="utf-8")
    probe = ("import contextlib, io, sys, tqa.cli\nfrom tqa import dataclass_code\n"
             f"with contextlib.redirect_stdout(io.StringIO()):\n    tqa.cli.main(['check', {str(paragraph)!r}])\n"
             "print(len(dataclass_code._added))")

    def run(code: str, **extra) -> str:
        done = subprocess.run([sys.executable, "-c", code], env={**env, **extra}, capture_output=True, text=True,
                              timeout=120, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    assert int(run(probe)) >= 10  # the first run compiles (and keeps) its classes' code
    assert int(run(probe)) == 0  # the next compiles none
    assert len(list((tmp_path / "tqa").glob("dataclass-code-*.marshal"))) == 1
    assert run("import tqa, tqa.model, tqa.glossary, dataclasses\nprint('exec' in vars(dataclasses))") == "False"
    off = "from tqa import dataclass_code\ndataclass_code.install()\nimport dataclasses\nprint('exec' in vars(dataclasses))"
    assert run(off, TQA_NO_CACHE="1") == "False"
