"""Wrong language: text left untranslated (Chinese, Japanese, Korean) and sentences in another language.

* Runs of Han, Kana or Hangul characters (with full-width punctuation between them) inside English text are
  ``Accuracy/Untranslated text`` findings with their exact span: major, critical when the run is (nearly)
  the whole sentence. Found with numpy over the UTF-8 bytes first, so an all-ASCII document costs nothing.
* Latin-script sentences in another language (a French paragraph in an English article): a cheap test
  counts distinctive function words of other languages ("les", "und", "della"…) with one automaton scan;
  only a sentence where they are dense (``FOREIGN_DENSITY``) and that has at least ``MIN_LETTERS`` letters —
  shorter strings are unreliable for langdetect — is given to langdetect, and a finding needs langdetect's
  probability ≥ 0.90; consecutive foreign sentences of one paragraph make one finding.
* The document's language and langdetect's probability for it (on a sample of the whole text) go into the
  summary (empty when it has fewer than ``DOCUMENT_MIN_LETTERS`` letters: too little to judge); a document
  that is not in the target language gets one document-level finding (an empty span at its start, which no
  other finding can displace) and is still scored, without per-sentence language findings.

langdetect is seeded (``SEED``) so results are the same on every run, and loads only the profiles in
``PROFILES`` (the languages likely in a news corpus), once, on first use.
"""

from __future__ import annotations

import bisect
import os
import threading
from functools import lru_cache
from typing import Callable, Iterable

import re

import ahocorasick_rs

from .base import Check
from ..model import Finding, Severity
from ..rules import Rule, rules_of
from ..scripts import CJK_LETTER, CJK_RUN, KANA, HANGUL, LATIN_LETTER, script_language
from ..lazyre import lazy_compile

CATEGORY = "Accuracy/Untranslated text"
SEED = 0
MIN_LETTERS = 40
DOCUMENT_MIN_LETTERS = 80
MIN_PROBABILITY = 0.90
SAMPLE_CHARS = 600
FOREIGN_DENSITY = 0.08
PROFILES = ("en", "fr", "de", "es", "it", "pt", "nl", "id", "vi", "tr", "pl", "sv", "da", "no", "ro", "cs",
            "ru", "ja", "ko", "zh-cn", "zh-tw")
LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "id": "Indonesian", "vi": "Vietnamese", "tr": "Turkish", "pl": "Polish", "sv": "Swedish",
    "da": "Danish", "no": "Norwegian", "ro": "Romanian", "cs": "Czech", "ru": "Russian", "ja": "Japanese",
    "ko": "Korean", "zh": "Chinese", "zh-cn": "Chinese", "zh-tw": "Chinese",
}

# Distinctive function words of other languages written in Latin script (none is also a common English word).
FOREIGN_WORDS = """
le la de les des du est une dans avec qui sont cette nous vous ils elle aux ces mais été très être leur où pas sur et
der das und ist nicht mit sich auf eine dem auch für wird sind ein zu von werden nach bei noch wie über oder
los las del está por una con para como pero más sus el lo se y
della che non sono gli alla delle degli è anche questo nel dei
não uma com em são mais pelo pela ao às os da
het een niet zijn te voor ook wordt naar
""".split()


# Characters whose UTF-8 form starts with a byte from E1 to EF other than E2 (U+1000-U+1FFF, U+3000-U+FFFF):
# where Chinese, Japanese or Korean can be. The numpy path finds the bytes, the small path the characters.
_MAYBE_CJK = lazy_compile("[\u1000-\u1fff\u3000-\uffff]")


#: The keys of the foreign words: each word with a space on either side (in folded bytes, white space is a space).
FOREIGN_KEYS = tuple(f" {w} ".encode("utf-8") for w in FOREIGN_WORDS)


@lru_cache(maxsize=1)
def _foreign_automaton() -> ahocorasick_rs.BytesAhoCorasick:
    return ahocorasick_rs.BytesAhoCorasick(list(FOREIGN_KEYS))


@lru_cache(maxsize=1)
def _foreign_words():
    """The foreign words as a :class:`tqa.checks.bytescan.WordSet`, and how many times each is listed (a word
    listed twice counts twice, as the automaton reports it twice); (None, None) if one is too long for it."""
    import numpy as np

    from .bytescan import WordSet

    words = [w.encode("utf-8") for w in FOREIGN_WORDS]
    if max(len(w) for w in words) > WordSet.LONGEST:
        return None, None  # the automaton finds them
    found = WordSet(words)
    return found, np.array([words.count(w) for w in found.words])


def _foreign_word_starts(buf) -> list[int]:
    """Offsets in the folded bytes of the first letter of every foreign word with a space on either side, once
    for each time the word is listed, in order: what the automaton of " word " keys finds. A long text's are
    found by the glossary check's scan when it ran first (:meth:`LanguageCheck.ride_on`: a few more keys in an
    automaton that reads the text anyway), else among the words of the folded text (tqa.checks.bytescan),
    several times faster than an automaton of their own scans."""
    if buf.small:
        hits = _foreign_automaton().find_matches_as_indexes(buf.folded(False), overlapping=True)
        return [hit[1] + 1 for hit in hits]
    import numpy as np

    ridden = buf.rides.get(FOREIGN_KEYS)  # found by the glossary check's scan (LanguageCheck.ride_on)
    if ridden is not None:
        # In order: the automaton reports hits by where they end, and a " word " key can only start at or
        # after the space that ends the one before it.
        return (ridden[:, 1] + 1).tolist()
    words, repeats = _foreign_words()
    if words is None:
        hits = _foreign_automaton().find_matches_as_indexes(buf.folded(False), overlapping=True)
        return [hit[1] + 1 for hit in hits]
    before, index = words.find(buf)
    return (np.repeat(before, repeats[index]) + 1).tolist()


@lru_cache(maxsize=1)
def detector_factory():
    """langdetect with the ``PROFILES`` languages, loaded once per process and seeded.

    The profiles' n-gram probabilities are kept in the user's cache directory once computed, as a table that is
    mapped into memory and looked up in place (:class:`_ProbabilityMap`): reading 21 JSON profiles and adding
    them one by one took longer than all the rest of a paragraph's check, and even unmarshalling the 42,000
    n-grams cost more than a paragraph's detection, which looks up a few hundred of them. The numbers are the
    same either way.
    """
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    cached = _load_profiles()
    if cached is None:
        _add_profiles(factory)
        _save_profiles(factory)
    else:
        factory.langlist, factory.word_lang_prob_map = cached
    factory.set_seed(SEED)
    return factory


def _add_profiles(factory) -> None:
    import json
    from importlib import resources

    from langdetect.utils.lang_profile import LangProfile

    profiles = resources.files("langdetect") / "profiles"
    # Profiles are added one by one rather than with load_json_profile, whose bare ``except:`` would turn a
    # Ctrl-C during loading into a LangDetectException.
    for index, name in enumerate(PROFILES):
        data = json.loads((profiles / name).read_text(encoding="utf-8"))
        factory.add_profile(LangProfile(**data), index, len(PROFILES))


#: The first bytes of a cached n-gram table (and its layout's version).
_TABLE_MAGIC = b"tqa-langdetect\0\x01"


def _bucket(word: bytes, buckets: int) -> int:
    """The hash bucket of an n-gram's UTF-8 bytes in a table of ``buckets`` (a power of two): CRC-32, the same
    in every process (``hash()`` of a string is not)."""
    import zlib

    return zlib.crc32(word) & (buckets - 1)


class _ProbabilityMap(dict):
    """n-gram -> probabilities per language, as langdetect looks them up (``word in table``, ``table[word]``),
    read in place from the cached table (an ``mmap`` of the file :func:`_save_profiles` writes).

    The table holds, after a small header, a hash index (for each CRC-32 bucket, the first n-gram of the bucket),
    where each n-gram's UTF-8 bytes end in one blob of all of them, that blob, and the probabilities (``double``,
    a row of len(PROFILES) per n-gram, in index order). A look-up reads the few n-grams of one bucket and, for a
    hit, copies its row into an ``array('d')`` kept in this dict (a miss is remembered too); nothing else of the
    file is read, so opening the table costs nothing however large it is."""

    def __init__(self, data, words: int, width: int, buckets: int, starts: memoryview, ends: memoryview,
                 blob: memoryview, probabilities: memoryview):
        import zlib
        from array import array

        super().__init__()
        self._data = data  # the mmap the views below look into: kept open as long as the table is used
        self._words, self._width, self._mask = words, width, buckets - 1
        self._starts, self._ends, self._probabilities = starts, ends, probabilities
        self._blob = bytes(blob)  # the n-grams themselves (150 KB): compared as bytes, faster than in a view
        self._crc32, self._array = zlib.crc32, array
        self._absent: set = set()

    def _find(self, word):
        """The row of ``word`` (kept in this dict from then on), or None when the table does not hold it."""
        if not isinstance(word, str):
            return None
        key = word.encode("utf-8", "surrogatepass")
        size = len(key)
        bucket = self._crc32(key) & self._mask
        ends, blob = self._ends, self._blob
        for index in range(self._starts[bucket], self._starts[bucket + 1]):
            start = ends[index]
            if ends[index + 1] - start == size and blob.startswith(key, start):
                width = self._width
                row = self._array("d", self._probabilities[index * width:(index + 1) * width])
                dict.__setitem__(self, word, row)
                return row
        self._absent.add(word)
        return None

    def __contains__(self, word) -> bool:
        return dict.__contains__(self, word) or (word not in self._absent and self._find(word) is not None)

    def __getitem__(self, word):
        if dict.__contains__(self, word):
            return dict.__getitem__(self, word)
        row = self._find(word) if word not in self._absent else None
        if row is None:
            raise KeyError(word)
        return row

    def get(self, word, default=None):
        return self[word] if word in self else default

    def __len__(self) -> int:
        return self._words

    def __iter__(self):
        blob, ends, starts = self._blob, self._ends, self._starts
        for bucket in range(self._mask + 1):
            for index in range(starts[bucket], starts[bucket + 1]):
                yield blob[ends[index]:ends[index + 1]].decode("utf-8", "surrogatepass")


def _profiles_cache_name() -> str:
    """The cache entry of these profiles as installed: keyed by each profile file's size and time of change
    (cheaper to ask than langdetect's version through importlib.metadata, which imports the email package) and
    by this machine's byte order (the table holds native numbers)."""
    import hashlib
    import sys

    import langdetect

    profiles = os.path.join(os.path.dirname(os.path.abspath(langdetect.__file__)), "profiles")
    stamps = []
    for name in PROFILES:
        stat = os.stat(os.path.join(profiles, name))
        stamps.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    key = hashlib.sha256("\0".join([profiles, *stamps]).encode("utf-8")).hexdigest()[:16]
    return f"langdetect-{key}-{sys.byteorder}-3.table"


def _pad(size: int) -> int:
    return -size % 8


def _load_profiles():
    """(langlist, :class:`_ProbabilityMap`) from the cached table, or None when there is none or it does not
    hold what it should (then the profiles are read again and the table rewritten)."""
    from ..cache import map_bytes

    data = map_bytes(_profiles_cache_name())
    if data is None:
        return None
    view = memoryview(data)
    head = len(_TABLE_MAGIC) + 24
    if len(view) < head or view[:len(_TABLE_MAGIC)] != _TABLE_MAGIC:
        return None
    langs, words, buckets, langs_size, blob_size, _ = view[len(_TABLE_MAGIC):head].cast("I")
    parts = {}
    at = head
    for name, size in (("langs", langs_size), ("starts", 4 * (buckets + 1)), ("ends", 4 * (words + 1)),
                       ("blob", blob_size), ("probabilities", 8 * words * langs)):
        parts[name] = view[at:at + size]
        at += size + _pad(size)
    if at != len(view) or buckets & (buckets - 1):
        return None
    langlist = bytes(parts["langs"]).decode("utf-8").split("\0")
    if langlist != list(PROFILES) or langs != len(langlist):
        return None
    table = _ProbabilityMap(data, words, langs, buckets, parts["starts"].cast("I"), parts["ends"].cast("I"),
                            parts["blob"], parts["probabilities"].cast("d"))
    return langlist, table


def _save_profiles(factory) -> None:
    from array import array

    from ..cache import write_bytes

    langlist = list(factory.langlist)
    width = len(langlist)
    keys = [word.encode("utf-8", "surrogatepass") for word in factory.word_lang_prob_map]
    buckets = 1 << max(4, (len(keys) - 1).bit_length())  # at most one n-gram a bucket on average
    order = sorted(range(len(keys)), key=lambda i: _bucket(keys[i], buckets))
    starts = array("I", [0] * (buckets + 1))
    for i in order:
        starts[_bucket(keys[i], buckets) + 1] += 1
    for bucket in range(buckets):
        starts[bucket + 1] += starts[bucket]
    ends = array("I", [0])
    rows = array("d")
    words = list(factory.word_lang_prob_map)
    for i in order:
        ends.append(ends[-1] + len(keys[i]))
        rows.extend(factory.word_lang_prob_map[words[i]])
    if len(rows) != len(keys) * width:
        return  # a row of another length: not expected of langdetect; the table is then simply not cached
    blob = b"".join(keys[i] for i in order)
    langs = "\0".join(langlist).encode("utf-8")
    parts = [langs, starts.tobytes(), ends.tobytes(), blob, rows.tobytes()]
    header = _TABLE_MAGIC + array("I", [width, len(keys), buckets, len(langs), len(blob), 0]).tobytes()
    write_bytes(_profiles_cache_name(), header + b"".join(part + bytes(_pad(len(part))) for part in parts))


#: The characters of text whose langdetect answers are kept (``detect``): a few MB at most.
KEPT_CHARS = 2_000_000
_answers: dict[str, tuple[str, float]] = {}  # text -> answer, oldest first
_kept = [0]  # characters in _answers
_keeping = threading.Lock()  # a Dask worker runs its tasks in threads


def detect(text: str) -> tuple[str, float]:
    """(language, probability) by langdetect, or ("", 0.0) when it finds no features.

    langdetect is seeded afresh for every text (``SEED``), so its answer depends on the text alone, and it is
    kept: a corpus of several systems' translations repeats sentences (boilerplate, notices, segments that
    every system translates alike), and each costs milliseconds. The oldest answers are let go once the texts
    kept add up to ``KEPT_CHARS`` characters."""
    answer = _answers.get(text)
    if answer is None:
        answer = _detect(text)
        if len(text) <= KEPT_CHARS // 4:
            with _keeping:
                while _answers and _kept[0] + len(text) > KEPT_CHARS:
                    oldest = next(iter(_answers))
                    del _answers[oldest]
                    _kept[0] -= len(oldest)
                if text not in _answers:
                    _answers[text] = answer
                    _kept[0] += len(text)
    return answer


def _detect(text: str) -> tuple[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    detector = detector_factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return "", 0.0
    return best.lang, best.prob


def _base(lang: str) -> str:
    # The language without script or region: langdetect says zh-cn/zh-tw, a glossary may say en-US or pt-BR.
    return lang.split("-")[0]


def target_language(target: str | None, glossary) -> str:
    """The language a text should be in: ``target`` when given, else the glossary's ``language`` (else en)."""
    return _base((target or getattr(glossary, "language", "") or "en").lower())


#: What each rule flags and what it leaves alone, shown by ``tqa rule CODE`` and run as tests
#: (tests/test_rule_examples.py): (bad|good, source, target); the language check reads the target alone.
EXAMPLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "language.document": (
        ("bad", "", "是否有途径处罚他"),  # WMT22 line 1: a document left in Chinese
        # WMT22 line 1280, Online-Y: a clause left in Chinese (language.untranslated) in an English document
        ("good", "", "If you have questions about how to connect our chips to the injection system, you can refer to "
                     "the following link https://zhuanlan.zhihu.com/p/60474873，或搜索“介观生科”公众号获取更多帮助."),
    ),
    "language.untranslated": (
        # WMT22 line 1293, Online-G
        ("bad", "", "So, you can use the #PRS_ORG#RED credit card 4 times this month to enjoy a减20 discount"),
        # WMT22 line 450, ref A: the headline separator 丨 is not a letter
        ("good", "", "XInhua All Media+丨Beijing Teenager Ice Hockey League fueled the enthusiasm for the Winter "
                     "Olympics - Xinhuanet"),
        ("good", "", "Delivery site："),  # WMT22 line 156, Online-G: full-width punctuation alone is punctuation's
    ),
    "language.foreign": (
        # tests/fixtures/checks/mixed.txt, lines 2, 5 and 6: a French paragraph in an English article
        ("bad", "", "On Friday, the People's Bank of China published an article proposing that data held by large "
                    "internet platforms be regulated as a public good.\n"
                    "Le gouvernement chinois veut que les plateformes partagent leurs données avec la banque "
                    "centrale. Les analystes estiment que cette mesure vise surtout le groupe Ant et ses millions de "
                    "clients.\nReuters reported that Ant Group has the data of 1 billion people, which is a huge asset."),
        # tests/test_check_language.py: French names and words in an English sentence
        ("good", "", "According to Le Monde, the El Niño weather pattern forced La Liga to postpone three matches, "
                     "and the de facto ban on travel from the region was lifted only at the end of the season."),
    ),
}


class LanguageCheck(Check):
    name = "language"
    description = "text left in Chinese/Japanese/Korean and sentences in another language; the document's language"

    def __init__(self, target: str | None = None):
        self.target = target  # a fixed target language; by default the run's (DocContext.target_lang)

    def rules(self, glossary) -> dict[str, Rule]:
        return rules_of(self.name, [
            ("language.document", "the whole document is not in the target language", CATEGORY, Severity.CRITICAL),
            ("language.untranslated", "Chinese, Japanese or Korean text left in the translation", CATEGORY,
             (Severity.MAJOR, Severity.CRITICAL)),
            ("language.foreign", "a sentence or paragraph in another Latin-script language", CATEGORY,
             Severity.MAJOR),
        ], EXAMPLES)

    def ride_on(self, glossary) -> None:
        glossary.matcher.scanner.ride(FOREIGN_KEYS)  # the foreign words, found by the glossary check's scan

    def run(self, ctx) -> Iterable[Finding]:
        target = _base(self.target.lower()) if self.target else ctx.target_lang or target_language(None, ctx.glossary)
        if ctx.first_window:
            # The document's language is judged once, on a sample of the whole text (not of a window).
            lang, prob = self._document_language(ctx.full_text, ctx.document_sample)
            ctx.lang, ctx.lang_prob = lang, round(prob, 4)
            foreign = bool(lang) and lang != target and prob >= MIN_PROBABILITY
            ctx.carry[self.name] = foreign
            if foreign:
                name = LANGUAGE_NAMES.get(lang, lang)
                yield ctx.document_finding(
                    rule="language.document", check=self.name, category=CATEGORY, severity=Severity.CRITICAL,
                    message=f"the document is in {name} (p={prob:.2f}), not in the target language "
                            f"{LANGUAGE_NAMES.get(target, target)}: it was not translated")
        if ctx.carry.get(self.name):
            return  # a document in another language: one finding says so, not one per sentence
        yield from self._untranslated_runs(ctx)
        yield from self._foreign_sentences(ctx, target)

    # -- the document ------------------------------------------------------------------------------------
    def _document_language(self, text: str, sample: str | None = None) -> tuple[str, float]:
        """The language of the document ``text`` (its ``sample``, when a stream gives it instead)."""
        sample = _sample(text) if sample is None else sample
        if not sample.strip():
            return "", 0.0
        cjk = 0 if sample.isascii() else len(CJK_LETTER.findall(sample))  # ASCII: no pattern to compile
        latin = len(LATIN_LETTER.findall(sample))
        share = cjk / (cjk + latin) if cjk + latin else 0.0
        if share > 0.5:
            lang = "ja" if KANA.search(sample) else "ko" if HANGUL.search(sample) else "zh"
            return lang, share
        if latin < DOCUMENT_MIN_LETTERS:
            return "", 0.0  # too little text for langdetect to be trusted: language unknown
        lang, prob = detect(sample)
        return _base(lang), prob

    # -- Chinese, Japanese, Korean left in the text ----------------------------------------------------------
    def _untranslated_runs(self, ctx) -> Iterable[Finding]:
        buf = ctx.buffer
        if buf.ascii:
            return
        text = ctx.text
        seg = ctx.segmentation
        line_starts = seg.line_starts
        if buf.small:
            lines = sorted({bisect.bisect_right(line_starts, m.start()) for m in _MAYBE_CJK.finditer(text)})
        else:
            import numpy as np

            from .bytescan import high_leads

            leads, values = high_leads(buf)
            leads = leads[(values <= 0xEF) & (values != 0xE2)]
            lines = sorted(set(np.searchsorted(line_starts, buf.to_chars(leads), side="right").tolist()))
        if not lines:
            return
        sentences: dict[int, tuple[int, int]] = {}  # segment -> (visible characters, Latin letters)
        for line in lines:
            start = line_starts[line - 1]
            end = line_starts[line] if line < len(line_starts) else len(text)
            for m in CJK_RUN.finditer(text, start, end):
                # The sentence of the run's first character that is not white space: a run may open with an
                # ideographic space (U+3000), which belongs to the gap before the sentence, so the sentence
                # before it was judged (and, where a window of a long document opened with that space, the
                # run's own sentence: the same text was judged two ways).
                probe = m.start()
                while probe < m.end() - 1 and text[probe].isspace():
                    probe += 1
                # Each sentence is measured once, however many runs it holds (a long line stays linear).
                index = seg.index_at(probe)
                if index not in sentences:
                    s_start, s_end = seg.sentence_at(probe)
                    sentence = text[s_start:s_end]
                    sentences[index] = (len(sentence) - sum(1 for c in sentence if c.isspace()),
                                        len(LATIN_LETTER.findall(sentence)))
                visible, latin = sentences[index]
                whole = latin < 3 or (m.end() - m.start()) >= 0.6 * visible
                language = script_language(m.group())
                yield ctx.finding(
                    m.start(), m.end(), rule="language.untranslated", check=self.name, category=CATEGORY,
                    severity=Severity.CRITICAL if whole else Severity.MAJOR, suggestion="", autofix=False,
                    message=(f"this sentence was left in {language}: translate it" if whole else
                             f"{language} text left in the translation: translate it"),
                )

    # -- sentences in another Latin-script language ----------------------------------------------------------
    def _foreign_sentences(self, ctx, target: str) -> Iterable[Finding]:
        buf = ctx.buffer
        folded_starts = _foreign_word_starts(buf)
        if len(folded_starts) < 3:
            return
        starts, _ = buf.raw_spans(folded_starts, [start + 1 for start in folded_starts])
        seg = ctx.segmentation
        text = ctx.text
        # A sentence where such words are dense (at least two, and at least 8% of its words) is a candidate
        # for langdetect; the density keeps an English paragraph that mentions "Le Monde" out, and the
        # per-sentence count keeps the cost bounded on a document that is one long line.
        counts: dict[int, int] = {}
        for offset in buf.char_offsets(starts):
            index = seg.index_at(offset)
            counts[index] = counts.get(index, 0) + 1
        candidates = []
        for index in sorted(counts):
            if counts[index] < 2:
                continue
            start, end = seg.span(index)
            if counts[index] >= FOREIGN_DENSITY * len(text[start:end].split()):
                candidates.append(index)
        merged: list[list] = []  # [start, end, lang, prob, line]
        for index in candidates:
            start, end = seg.span(index)
            sentence = text[start:end]
            if len(LATIN_LETTER.findall(sentence)) < MIN_LETTERS:
                continue
            lang, prob = detect(sentence)
            lang = _base(lang)
            if not lang or lang == target or prob < MIN_PROBABILITY:
                continue
            line = seg.line_col(start)[0]
            if merged and merged[-1][2] == lang and merged[-1][4] == line:
                merged[-1][1] = end  # one finding for a paragraph in that language
                merged[-1][3] = min(merged[-1][3], prob)
            else:
                merged.append([start, end, lang, prob, line])
        for start, end, lang, prob, _ in merged:
            yield ctx.finding(start, end, rule="language.foreign", check=self.name, category=CATEGORY,
                              severity=Severity.MAJOR, suggestion="", autofix=False,
                              message=f"this text is in {LANGUAGE_NAMES.get(lang, lang)} (p={prob:.2f}), "
                                      f"not {LANGUAGE_NAMES.get(target, target)}: translate it")


def _sample(text: str) -> str:
    """Up to ``SAMPLE_CHARS`` characters from the start, middle and end of ``text``."""
    return document_sample(lambda start, end: text[start:end], len(text))


def document_sample(chars: Callable[[int, int], str], length: int) -> str:
    """The sample the document's language is judged on, from a document of ``length`` characters whose
    characters ``start`` to ``end`` are ``chars(start, end)`` (a document read in a stream is not in memory)."""
    if length <= SAMPLE_CHARS:
        return chars(0, length)
    third = SAMPLE_CHARS // 3
    middle = length // 2
    return " ".join((chars(0, third), chars(middle, middle + third), chars(length - third, length)))
