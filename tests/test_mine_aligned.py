"""tqa mine with a source: tokenizers, phrase renderings, seeded eflomal alignment (Thot) and the miner, on a
shipped excerpt of WMT22 (tests/fixtures/mine/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

import tqa
from tqa.errors import TqaError
from tqa.mine.align import align_corpus, segment_zh, tokenize_en
from tqa.mine.aligned import _is_pinyin_name, _skip_source, _specific, _style_variant, content_words, mine_aligned, renderings

FIXTURES = Path(__file__).parent / "fixtures" / "mine"
SYSTEMS = ("AISP-SJTU", "DLUT", "HuaweiTSC", "Online-A")
REFERENCES = ("ref.A", "ref.B")


def _lines(name: str) -> list[str]:
    return (FIXTURES / name).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def corpus():
    return (_lines("source.zh"), {n: _lines(f"{n}.en") for n in SYSTEMS}, {n: _lines(f"{n}.en") for n in REFERENCES})


@pytest.fixture(scope="module")
def mined(corpus):
    return mine_aligned(*corpus)


# -- tokens ---------------------------------------------------------------------------------------------------

def test_english_tokens_keep_inner_hyphens_apostrophes_and_offsets():
    line = "China's official micro-signal, U.S. 3.5% (new)"
    tokens = tokenize_en(line)
    assert [t.text for t in tokens] == ["China's", "official", "micro-signal", ",", "U.S", ".", "3.5", "%", "(",
                                        "new", ")"]
    assert all(line[t.start:t.end] == t.text for t in tokens)


def test_chinese_segments_are_jieba_words_with_offsets():
    line = "官方微信号 发布了 检查井"
    tokens = segment_zh(line)
    assert "".join(t.text for t in tokens) == line.replace(" ", "")
    assert all(line[t.start:t.end] == t.text for t in tokens)
    assert "检查井" in [t.text for t in tokens]


# -- renderings --------------------------------------------------------------------------

def test_renderings_are_consistent_minimal_spans():
    src = segment_zh("官方微信号发布")  # 官方 / 微 / 信号 / 发布
    assert [t.text for t in src] == ["官方", "微", "信号", "发布"]
    line = "released on the official micro-signal"
    tgt = tokenize_en(line)  # released on the official micro-signal
    alignment = frozenset({(0, 3), (1, 4), (2, 4), (3, 0)})
    found = {(r.phrase, r.text) for r in renderings(src, tgt, line, alignment)}
    assert ("官方", "official") in found
    assert ("微信号", "micro-signal") in found  # the pair aligned as a unit
    assert ("发布", "released") in found
    assert not any(p == "微" or p == "信号" for p, _ in found)  # each shares its target word with the other
    assert ("官方微", "official micro-signal") not in found  # 信号 outside the phrase links inside the span


def test_renderings_skip_punctuation_and_long_spans():
    src = segment_zh("他说，好")
    line = 'he said , " very very very very good'
    tgt = tokenize_en(line)
    alignment = frozenset({(0, 0), (1, 1), (2, 2), (3, 4), (3, 8)})
    found = {(r.phrase, r.text) for r in renderings(src, tgt, line, alignment)}
    assert ("他", "he") in found and ("说", "said") in found
    assert not any("，" in p for p, _ in found)
    assert not any(p == "好" for p, _ in found)  # five words: longer than a rendering may be


# -- the filters -----------------------------------------------------------------------------------------------

def test_style_variants_are_not_proposals():
    assert _style_variant("the epidemic", "epidemic")
    assert _style_variant("measures", "measure")
    assert _style_variant("iranian", "iran")
    assert _style_variant("chinese people", "chinese")
    assert not _style_variant("common debt", "joint debt")
    assert not _style_variant("new crown pneumonia", "covid 19")
    assert _style_variant("the rise", "the rising")  # a silent e dropped before -ing
    assert _style_variant("double 12", "double twelve")  # one number, in digits and in words
    assert not _style_variant("double 11", "double twelve")
    assert content_words("the official micro signal") == {"official", "micro", "signal"}


def test_a_rendering_must_be_specific():
    assert _specific("official micro signal") and _specific("xiaobian")  # several content words; a rare word
    assert not _specific("adhere") and not _specific("does not exceed")  # one common content word


def test_numbers_punctuation_and_pinyin_names_are_skipped():
    assert _skip_source("2016") and _skip_source("三千二百") and _skip_source("，") and _skip_source("#NAME#")
    assert not _skip_source("检查井")
    assert _is_pinyin_name("浙江", "zhejiang") and _is_pinyin_name("习近平", "xi jinping")
    assert not _is_pinyin_name("检查井", "inspection shaft")


# -- the aligner on hand-checked pairs ----------------------------------------------------------------------------

def test_aligner_aligns_hand_checked_pairs(corpus):
    source, systems, references = corpus
    names = [*SYSTEMS, *REFERENCES]
    targets = {**systems, **references}
    src = [[t.text for t in segment_zh(line)] for line in source]
    tgt = {n: [[t.text for t in tokenize_en(line)] for line in targets[n]] for n in names}
    links = align_corpus([s for _ in names for s in src], [t for n in names for t in tgt[n]])

    def aligned(name: str, line: int, word: str) -> set[str]:
        k = names.index(name) * len(source) + line
        i = src[line].index(word)
        return {tgt[name][line][j].lower() for a, j in links[k] if a == i}

    # line 130 of WMT22: 检查井混凝土模块生产加工设备 郑州井壁砖模块设备介绍 (checked by hand)
    assert "inspection" in aligned("ref.A", 0, "检查井")  # "Inspection shaft concrete module …"
    assert aligned("ref.A", 0, "混凝土") == {"concrete"}
    assert aligned("ref.A", 0, "郑州") == {"zhengzhou"}
    assert "inspection" in aligned("AISP-SJTU", 0, "检查井")  # "… concrete module in inspection well …"
    assert aligned("AISP-SJTU", 0, "郑州") == {"zhengzhou"}
    assert "inspection" in aligned("HuaweiTSC", 0, "检查井")
    assert aligned("HuaweiTSC", 0, "混凝土") == {"concrete"}


def test_align_corpus_needs_equal_lengths_and_skips_empty_sides():
    with pytest.raises(TqaError):
        align_corpus([["我"]], [])
    assert align_corpus([[], ["我"]], [["x"], []]) == [frozenset(), frozenset()]


# -- the miner -------------------------------------------------------------------------------------------------

def test_mines_the_recurring_literal_translation(mined, corpus):
    source, systems, references = corpus
    # Depending on the seed, 检查井 alone is aligned to "inspection well" / "inspection shaft", or "well" and
    # "shaft" go with the next word and the phrase is proposed with it (检查井模块 "inspection well module" →
    # "inspection shaft module"). Either is the recurring literal translation.
    found = [c for c in mined if "检查井" in c.source and "inspection well" in c.match.lower()]
    assert found, [(c.source, c.match) for c in mined]
    candidate = max(found, key=lambda c: c.occurrences)
    assert "inspection shaft" in candidate.suggestion.lower()
    assert candidate.documents >= 3 and candidate.occurrences >= 8
    assert 0.5 <= candidate.consistency <= 1
    for evidence in candidate.bad:
        assert evidence.kind == "mt" and evidence.doc in systems
        assert evidence.text == systems[evidence.doc][evidence.line - 1]
        assert candidate.match.lower() in evidence.text.lower() and candidate.source in evidence.source
        assert evidence.source == source[evidence.line - 1]
    assert len({e.doc for e in candidate.bad}) == len(candidate.bad) >= 2  # different systems first
    for evidence in candidate.good:
        assert evidence.kind == "ref" and evidence.doc in references
        assert candidate.suggestion.lower() in evidence.text.lower()


def test_no_candidate_is_a_reference_rendering_or_a_number(mined, corpus):
    _, _, references = corpus
    ref_text = " ".join(line.lower() for lines in references.values() for line in lines)
    assert mined
    for candidate in mined:
        assert not _skip_source(candidate.source)
        assert candidate.match.lower() != candidate.suggestion.lower()
        assert candidate.bad and candidate.good
    assert len({c.match.lower() for c in mined}) == len(mined)  # one proposal per rendering


def test_thresholds_are_honoured(mined, corpus):
    source, systems, references = corpus
    assert all(c.occurrences >= 3 and c.documents >= 2 for c in mined)  # the defaults
    one_system = {"AISP-SJTU": systems["AISP-SJTU"][:12]}
    assert mine_aligned(source[:12], one_system, {k: v[:12] for k, v in references.items()}, min_systems=2) == []


@pytest.mark.parametrize(
    ("systems", "references", "message"),
    [
        ({"sys": ["a"] * 2}, {"ref": ["a"] * 3}, "sys: 2 lines, but the source has 3"),
        ({"sys": ["a"] * 3}, {"ref": ["a"] * 2}, "ref: 2 lines, but the source has 3"),
        ({}, {"ref": ["a"] * 3}, "at least one MT system"),
        ({"sys": ["a"] * 3}, {}, "at least one reference"),
        ({"x": ["a"] * 3}, {"x": ["a"] * 3}, "x: given both as an MT system and as a reference"),
    ],
)
def test_bad_input_is_one_error(systems, references, message):
    with pytest.raises(TqaError, match=message):
        mine_aligned(["一", "二", "三"], systems, references)


def test_tqa_mine_with_a_source_writes_a_glossary_that_loads_and_finds_the_literal_translation(cli, tmp_path):
    # The command end to end: source, four systems and two references (the shipped WMT22 excerpt) through
    # jieba, the aligner, mine_aligned and the shared ranking and writing; run twice with one seed, it writes
    # the same proposals and evidence byte for byte.
    here = Path(__file__).resolve().parent / "fixtures" / "mine"
    inputs = ["--source", here / "source.zh", "--mt", *(here / f"{name}.en" for name in SYSTEMS),
              "--ref", here / "ref.A.en", here / "ref.B.en", "--min-count", "2"]
    outputs = []
    for run_number in (1, 2):
        out = tmp_path / f"run{run_number}.yaml"
        run = cli("mine", *inputs, *(["--seed", "1"] if run_number == 2 else []), "-o", out)
        assert run.code == 0, run.err
        outputs.append((out.read_bytes(), out.with_suffix(".evidence.json").read_bytes()))
    assert outputs[0] == outputs[1]  # the default seed is 1
    glossary = tqa.load_glossary(tmp_path / "run1.yaml")  # validated, self-tests included
    proposals = {phrase: entry for entry in glossary.entries for phrase in entry.match}
    well = [phrase for phrase in proposals if phrase.startswith("inspection well")]
    assert well, sorted(proposals)
    entry = proposals[well[0]]
    assert "检查井" in "".join(entry.source) and "shaft" in entry.suggestion


@pytest.mark.parametrize("seed", ["-1", "4294967296", "one"])
def test_a_bad_seed_is_a_usage_error(cli, seed):
    here = Path(__file__).resolve().parent / "fixtures" / "mine"
    run = cli("mine", "--source", here / "source.zh", "--mt", here / "DLUT.en", "--ref", here / "ref.A.en",
              "--seed", seed)
    assert run.code == 2 and "--seed" in run.err and "Traceback" not in run.err


def test_seed_without_a_source_is_refused(cli):
    run = cli("mine", "--mt", "seeds/000_cfa7abe2bd583fdd.txt", "--post-edit", "seeds/000_cfa7abe2bd583fdd.ref.txt",
              "--seed", "3")
    assert run.code == 2 and "--seed" in run.err
