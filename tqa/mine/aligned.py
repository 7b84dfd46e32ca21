"""The miner with a source: how MT systems render a source phrase, beside how the references render it.

Each MT system and each reference is word-aligned to the source (:mod:`tqa.mine.align`: jieba, Thot's eflomal,
grow-diag-final-and). For every source word, and every pair of adjacent words, the target phrase it is aligned to
is its **rendering** there (:func:`renderings`): the minimal contiguous target span that covers the phrase's links
and holds no word linked to a source word outside the phrase (a consistent phrase pair, as phrase-based MT
extracts them), at most :data:`MAX_TARGET_TOKENS` words. Renderings are counted per source phrase, per system and
per reference.

A rendering is proposed as an error (:func:`mine_aligned`) when

* the MT systems use it often (``min_count`` occurrences) and in several systems (``min_systems``): one system's
  quirk or one sentence's accident is not a rule;
* the references (almost) never render the phrase so (at most :data:`MAX_REFERENCE_SHARE` of their renderings),
  while they agree among themselves on another rendering: the dominant one, at least
  :data:`MIN_CONSISTENCY` of their renderings and :data:`MIN_REFERENCE_COUNT` occurrences. That rendering is
  the suggestion. Where the references disagree, the phrase is paraphrased, and an MT rendering missing from
  them is no evidence of an error;
* it is not the dominant reference rendering with function words or inflections added or dropped ("the
  epidemic" / "epidemic", "measure" / "measures"), and neither holds all of the other's content words ("Chinese
  people" / "Chinese"): those are style, not wrong terms;
* the source phrase is not a number, punctuation, a placeholder or other Latin text, and not a name the
  references keep in pinyin (浙江 → Zhejiang: an MT spelling variant of a name is not a glossary matter);
* the rendering is not made of function words alone, and is several words or one rare word
  (:data:`MAX_SINGLE_WORD_ZIPF`).

Where the MT rendering also occurs *anywhere* in the references the shared ranking (:mod:`tqa.mine.rank`) drops
it: that is what keeps precision, and it is not done here. A rendering proposed for a word and again, as part
of a longer rendering, for the word pair that holds it is proposed once, for the shorter.

Evidence: up to :data:`MAX_EVIDENCE` MT sentences with the rendering (from different systems first) as ``bad``,
with their source lines; up to :data:`MAX_EVIDENCE` reference sentences with the suggestion as ``good``.
Everything is in a fixed order (first occurrence in the input, then by name), so equal alignments give equal
candidates.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from tqa.errors import TqaError
from tqa.mine.align import DEFAULT_SEED, Alignment, Token, align_corpus, segment_zh, tokenize_en
from tqa.mine.candidates import Candidate, Evidence

#: The longest rendering taken, in target tokens: longer spans are paraphrases or alignment errors.
MAX_TARGET_TOKENS = 4
#: Source phrases are single jieba words and adjacent pairs of them.
MAX_SOURCE_TOKENS = 2
#: A rendering the references use for more than this share of their renderings of the phrase is theirs too.
MAX_REFERENCE_SHARE = 0.05
#: The references must agree: their dominant rendering at least this share of their renderings…
MIN_CONSISTENCY = 0.5
#: …and at least this many occurrences.
MIN_REFERENCE_COUNT = 2
#: …used by at least this many references (all of them when fewer are given): two independent translators
#: who agree name the thing; one translator's choice is style.
MIN_REFERENCES = 2
#: An MT rendering must occur in at least this many source lines: twelve systems translating one sentence alike
#: is one piece of evidence, not twelve.
MIN_LINES = 2
#: A one-word rendering is proposed only when the word is this rare in English (wordfreq's Zipf scale: 2 is
#: about once in ten million words): a common word ("adhere", "relevant", "Iranian") is good English in most
#: sentences, and a glossary entry for it would fire on them all; a rare one is a pinyin leftover ("Xiaobian")
#: or a coinage.
MAX_SINGLE_WORD_ZIPF = 2.0
#: Sentences kept as evidence on each side.
MAX_EVIDENCE = 3

_MANY_LINES = -1
_WORD = re.compile(r"[^\W_]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Chinese numerals and the units that count with them: a phrase of these alone is a number.
_ZH_NUMBER = re.compile(r"[0-9０-９零〇一二三四五六七八九十百千万亿两几半多余点.%％]+")

#: English function words: a rendering that differs from the suggestion only in these is not a proposal, and a
#: rendering made of nothing else is never one.
FUNCTION_WORDS = frozenset(
    """a an the this that these those of to in on at for from by with into onto upon about as and or but nor so
    be is are was were been being am has have had do does did will would shall should can could may might must
    it its it's they them their he him his she her we us our you your i me my there here which who whom whose
    what when where how than then also very just only not no all any some such each every own one ones s 's
    ’s up out over under more most much many""".split()
)


@dataclass(frozen=True)
class Rendering:
    """A source phrase (tokens ``first..last`` of the source, ``phrase`` its text) and the target span it is
    aligned to (tokens ``tfirst..tlast``; ``text`` the target line's characters there)."""

    phrase: str
    first: int
    last: int
    tfirst: int
    tlast: int
    text: str


def _key(text: str) -> str:
    """What renderings are compared by: lower case, hyphens and runs of spaces as one space (the glossary
    matches ``micro-signal`` and ``micro signal`` alike), curly apostrophes as straight ones."""
    return " ".join(text.lower().replace("-", " ").replace("’", "'").split())


def renderings(
    src: list[Token], tgt: list[Token], tgt_line: str, alignment: Alignment, *, max_source: int = MAX_SOURCE_TOKENS,
    max_target: int = MAX_TARGET_TOKENS,
) -> Iterator[Rendering]:
    """The consistent phrase pairs of one aligned sentence pair whose source side is 1…``max_source`` adjacent
    source tokens and whose target side is the minimal span covering their links (at most ``max_target``
    tokens). Unaligned source phrases have no rendering."""
    by_source: dict[int, list[int]] = defaultdict(list)
    by_target: dict[int, list[int]] = defaultdict(list)
    for i, j in alignment:
        by_source[i].append(j)
        by_target[j].append(i)
    for first in range(len(src)):
        for last in range(first, min(first + max_source, len(src))):
            points = [j for i in range(first, last + 1) for j in by_source.get(i, ())]
            if not points or any(i not in by_source for i in range(first, last + 1)):
                continue  # a phrase with an unaligned word has no rendering of its own
            tfirst, tlast = min(points), max(points)
            if tlast - tfirst + 1 > max_target:
                continue
            if any(not first <= i <= last for j in range(tfirst, tlast + 1) for i in by_target.get(j, ())):
                continue  # a target word inside the span belongs to a source word outside the phrase
            if not all(_HAN.search(t.text) for t in src[first:last + 1]):
                continue  # punctuation, numbers and Latin text are not source terms, nor parts of one
            if not all(_WORD.search(t.text) for t in tgt[tfirst:tlast + 1]):
                continue  # a rendering is words: a span with a quotation mark or a comma is an alignment's edge
            phrase = "".join(t.text for t in src[first:last + 1])
            text = tgt_line[tgt[tfirst].start:tgt[tlast].end]
            yield Rendering(phrase, first, last, tfirst, tlast, text)


def _skip_source(phrase: str) -> bool:
    """Numbers, punctuation, placeholders and Latin text are not terms a glossary lists by source."""
    return not _HAN.search(phrase) or bool(_ZH_NUMBER.fullmatch(phrase))


def _pinyin_key(phrase: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(phrase)).lower()


def _is_pinyin_name(phrase: str, rendering_key: str) -> bool:
    """The references keep the phrase in pinyin: 浙江 → "zhejiang", 习近平 → "xi jinping"."""
    return rendering_key.replace(" ", "") == _pinyin_key(phrase)


#: English number words and the digits they stand for: "Double 12" and "Double Twelve" are one name.
_NUMBER_WORDS = {word: str(n) for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
                                                      "seventy": "70", "eighty": "80", "ninety": "90",
                                                      "hundred": "100", "thousand": "1000"}


def _stem(word: str) -> str:
    """A crude English stem: enough to tell "measure" from "measures" and "launched" from "launch"."""
    for suffix in ("'s", "’s", "ies", "es", "s", "ed", "ing", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(key: str) -> frozenset[str]:
    """The stems of a rendering's words that are not function words or punctuation."""
    return frozenset(_stem(w) for w in key.split() if w not in FUNCTION_WORDS and re.search(r"\w", w))


def _same_word(a: str, b: str) -> bool:
    """One word, inflected or derived: equal stems, or one the other's start or end ("Iran" / "Iranian",
    "interactive" / "interaction" share their stem; "standard" / "standards"; "coder" / "encoder"; "rise" /
    "rising": a silent e dropped before a suffix), or the same number in digits and in words ("12" / "twelve")."""
    if a == b or a.rstrip("e") == b.rstrip("e"):
        return True
    if _NUMBER_WORDS.get(a, a) == _NUMBER_WORDS.get(b, b):
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and (long.startswith(short) or long.endswith(short)):
        return True
    prefix = 0
    while prefix < len(short) and short[prefix] == long[prefix]:
        prefix += 1
    return prefix >= 5 and prefix >= 0.7 * len(short)


def _style_variant(mt_key: str, ref_key: str) -> bool:
    """The MT rendering is the reference's with function words or inflections changed, or one holds all of the
    other's content words (an addition or omission around the same term, not a wrong term)."""
    mt_words, ref_words = content_words(mt_key), content_words(ref_key)
    if not mt_words or not ref_words:
        return True
    mt_covered = all(any(_same_word(m, r) for r in ref_words) for m in mt_words)
    ref_covered = all(any(_same_word(r, m) for m in mt_words) for r in ref_words)
    return mt_covered or ref_covered


def _specific(key: str) -> bool:
    """A rendering specific enough to flag wherever it occurs: several content words, or one rare word. Function
    words do not make a common word specific: "does not exceed" is "exceed"."""
    words = [w for w in key.split() if w not in FUNCTION_WORDS] or key.split()
    if len(words) > 1:
        return True
    from wordfreq import zipf_frequency

    return zipf_frequency(words[0], "en") < MAX_SINGLE_WORD_ZIPF


def _check_lengths(source: list[str], named: dict[str, list[str]], what: str) -> None:
    for name, lines in named.items():
        if len(lines) != len(source):
            raise TqaError(f"{name}: {len(lines)} lines, but the source has {len(source)}: a {what} must be "
                           "line-aligned with the source")


@dataclass
class _Side:
    """One target text aligned to the source: its name, whether it is a reference, its lines and tokens, and the
    alignment of each line."""

    name: str
    reference: bool
    lines: list[str]
    tokens: list[list[Token]]
    alignments: list[Alignment]


def _surface(forms: Counter[str]) -> str:
    """The most frequent spelling of a rendering (the first in alphabetical order among equals)."""
    return min(forms.items(), key=lambda item: (-item[1], item[0]))[0]


def mine_aligned(
    source: list[str], systems: dict[str, list[str]], references: dict[str, list[str]], *, min_count: int = 3,
    min_systems: int = 2, seed: int = DEFAULT_SEED,
) -> list[Candidate]:
    """Candidates from MT systems' renderings of source phrases that the references do not use (module
    docstring). ``source``, every system and every reference are lists of lines, line-aligned; systems and
    references are named by their keys (the names evidence cites). Candidates come with counts and evidence,
    ordered by a preliminary score; reference hits, word frequency and the final ranking are the shared
    ranking's. The same input and ``seed`` (the aligner's) give the same candidates."""
    if not systems:
        raise TqaError("mining with a source needs at least one MT system")
    if not references:
        raise TqaError("mining with a source needs at least one reference")
    overlap = sorted(set(systems) & set(references))
    if overlap:
        raise TqaError(f"{overlap[0]}: given both as an MT system and as a reference")
    _check_lengths(source, systems, "system")
    _check_lengths(source, references, "reference")

    src_tokens = [segment_zh(line) for line in source]
    sides = [_Side(name, False, lines, [], []) for name, lines in sorted(systems.items())]
    sides += [_Side(name, True, lines, [], []) for name, lines in sorted(references.items())]
    for side in sides:
        side.tokens = [tokenize_en(line) for line in side.lines]
    src_words = [[t.text for t in tokens] for tokens in src_tokens]
    alignments = align_corpus(
        [words for _ in sides for words in src_words],
        [[t.text for t in tokens] for side in sides for tokens in side.tokens],
        seed=seed,
    )
    for n, side in enumerate(sides):
        side.alignments = alignments[n * len(source):(n + 1) * len(source)]

    # Counts: per source phrase, per rendering key, per side; the spellings of each rendering; and for MT
    # renderings, the one source line they were seen in (MANY_LINES once seen in a second).
    mt_counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    ref_counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    mt_line: dict[tuple[str, str], int] = {}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for side in sides:
        for k, line in enumerate(side.lines):
            for r in renderings(src_tokens[k], side.tokens[k], line, side.alignments[k]):
                if _skip_source(r.phrase):
                    continue
                key = _glossary_key(_key(r.text))
                spellings[key][r.text] += 1
                if side.reference:
                    ref_counts[r.phrase][key][side.name] += 1
                else:
                    mt_counts[r.phrase][key][side.name] += 1
                    seen = mt_line.setdefault((r.phrase, key), k)
                    if seen != k:
                        mt_line[(r.phrase, key)] = _MANY_LINES

    min_references = min(MIN_REFERENCES, len(references))
    wanted: dict[tuple[str, str], tuple[str, Candidate]] = {}  # (phrase, MT key) → (reference key, candidate)
    for phrase in sorted(mt_counts):
        refs = {key: sum(per_ref.values()) for key, per_ref in ref_counts.get(phrase, {}).items()}
        if not refs:
            continue
        ref_total = sum(refs.values())
        ref_key, ref_count = min(refs.items(), key=lambda item: (-item[1], item[0]))
        consistency = ref_count / ref_total
        if ref_count < MIN_REFERENCE_COUNT or consistency < MIN_CONSISTENCY:
            continue
        if len(ref_counts[phrase][ref_key]) < min_references or _is_pinyin_name(phrase, ref_key):
            continue
        for mt_key, per_system in sorted(mt_counts[phrase].items()):
            occurrences = sum(per_system.values())
            if occurrences < min_count or len(per_system) < min_systems:
                continue
            if MIN_LINES > 1 and mt_line[(phrase, mt_key)] != _MANY_LINES:
                continue
            if refs.get(mt_key, 0) > MAX_REFERENCE_SHARE * ref_total:
                continue
            if _style_variant(mt_key, ref_key) or not _specific(_key(_surface(spellings[mt_key]))):
                continue  # (the surface spelling: the key's last word has lost its plural ending)
            candidate = Candidate(
                match=_surface(spellings[mt_key]),
                suggestion=_surface(spellings[ref_key]),
                source=phrase,
                occurrences=occurrences,
                documents=len(per_system),
                consistency=round(consistency, 4),
                score=round(occurrences * len(per_system) * consistency, 4),
            )
            wanted[(phrase, mt_key)] = (ref_key, candidate)

    wanted = _one_per_match(_drop_longer(wanted))
    _collect_evidence(wanted, sides, src_tokens, source)
    candidates = [candidate for _, candidate in wanted.values()]
    candidates.sort(key=lambda c: (-c.score, c.match.lower(), c.source))
    return candidates


def _one_per_match(
    wanted: dict[tuple[str, str], tuple[str, Candidate]],
) -> dict[tuple[str, str], tuple[str, Candidate]]:
    """One proposal per MT rendering (a glossary matches a phrase once, and its plural and possessive too:
    "inspection wells" is "inspection well"): the best-supported source phrase's."""
    best: dict[str, tuple[str, str]] = {}
    for (phrase, mt_key), (_, candidate) in wanted.items():
        current = best.get(_glossary_key(mt_key))
        if current is None or (-candidate.score, phrase) < (-wanted[current][1].score, current[0]):
            best[_glossary_key(mt_key)] = (phrase, mt_key)
    return {key: wanted[key] for key in sorted(best.values())}


def _glossary_key(key: str) -> str:
    """``key`` as the glossary matches it: the last word's plural or possessive ending dropped."""
    head, _, last = key.rpartition(" ")
    for suffix in ("'s", "es", "s"):
        if last.endswith(suffix) and len(last) - len(suffix) >= 3:
            last = last[: -len(suffix)]
            break
    return f"{head} {last}".strip()


def _drop_longer(
    wanted: dict[tuple[str, str], tuple[str, Candidate]],
) -> dict[tuple[str, str], tuple[str, Candidate]]:
    """A candidate whose source phrase holds another candidate's and whose rendering holds that one's rendering
    says nothing the shorter one does not (官方微信 "official micro-letter" beside 微信 "micro-letter")."""
    kept = {}
    for (phrase, mt_key), value in wanted.items():
        redundant = any(
            other_phrase != phrase and other_phrase in phrase and f" {other_key} " in f" {mt_key} "
            for other_phrase, other_key in wanted
        )
        if not redundant:
            kept[(phrase, mt_key)] = value
    return kept


def _collect_evidence(
    wanted: dict[tuple[str, str], tuple[str, Candidate]], sides: list[_Side], src_tokens: list[list[Token]],
    source: list[str],
) -> None:
    """A second pass over the renderings, keeping sentences only for the candidates (not for every phrase)."""
    if not wanted:
        return
    phrases = {phrase for phrase, _ in wanted}
    suggestions = {(phrase, ref_key) for (phrase, _), (ref_key, _) in wanted.items()}
    bad: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    good: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for k in range(len(source)):  # line by line across sides, so evidence comes from different systems first
        for side in sides:
            for r in renderings(src_tokens[k], side.tokens[k], side.lines[k], side.alignments[k]):
                if r.phrase not in phrases:
                    continue
                key = (r.phrase, _glossary_key(_key(r.text)))
                if side.reference and key in suggestions:
                    good[key].append(Evidence("ref", side.name, k + 1, side.lines[k], source[k]))
                elif not side.reference and key in wanted:
                    bad[key].append(Evidence("mt", side.name, k + 1, side.lines[k], source[k]))
    for (phrase, mt_key), (ref_key, candidate) in wanted.items():
        candidate.bad = _spread(bad[(phrase, mt_key)])
        candidate.good = _spread(good[(phrase, ref_key)])


def _spread(evidence: list[Evidence]) -> list[Evidence]:
    """Up to :data:`MAX_EVIDENCE` sentences, one per document (system or reference) before a second from any,
    each sentence once."""
    chosen: list[Evidence] = []
    seen_docs: set[str] = set()
    seen_lines: set[tuple[str, int]] = set()
    for rounds in (True, False):
        for item in evidence:
            if len(chosen) >= MAX_EVIDENCE:
                return chosen
            if (item.doc, item.line) in seen_lines or (rounds and item.doc in seen_docs):
                continue
            chosen.append(item)
            seen_docs.add(item.doc)
            seen_lines.add((item.doc, item.line))
    return chosen
