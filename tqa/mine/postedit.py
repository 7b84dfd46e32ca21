"""Mining without a source: the substitutions editors make between an MT draft and its published post-edit.

Each MT line is aligned with its post-edited line word by word with :class:`difflib.SequenceMatcher` over
normalised word tokens (case folded, curly apostrophes straightened, possessive ``'s`` and hyphens ignored, so
that a case, spacing or possessive edit aligns as equal). SequenceMatcher rather than a Levenshtein alignment:
it anchors on the longest common runs first (Ratcliff/Obershelp), so in a heavily rewritten post-edit the
shared stretches of a sentence stay aligned and the edits between them stay small and local, where a
minimum-edit alignment happily pairs unrelated function words across a rewrite. It is in the standard library,
deterministic, and fast enough (quadratic in a line's tokens at worst; lines are sentences or paragraphs).

The raw opcodes are then turned into substitutions that can be glossary entries:

* edits separated by one equal capitalised word are one edit ("Central [Bank] of the Communist Party" → "People's
  Bank");
* a replacement that touches a name is widened over the equal words that continue the name ("… Party" + "of China");
* a deletion ``of (the) X`` paired with an insertion ``Y's`` in the same line is the genitive an editor moved
  ("the bureau of the CPC Central Bank" → "the PBOC's bureau"): the substitution is X → Y;
* a deletion and an insertion of the same line that begin with the same word are aligned with each other
  (a phrase moved as a whole: "official micro-signal" → "official WeChat account");
* a replaced span that runs into an ``of``-phrase the post-edit does not have is cut before it;
* a single replaced word is widened to the nearest content word beside it ("subject" → "subject group"),
  since a glossary entry for one common word would fire everywhere.

What is not a glossary matter is dropped: insertions and deletions (nothing is replaced; a whole deleted line is
page residue), punctuation or spacing edits, case-only edits, inflection-only edits (goods → good), edits with
numbers (the numbers check does those), edits longer than :data:`MAX_WORDS` words and lines that keep less than
:data:`MIN_SIMILARITY` of their content words (rewrites), edits whose MT side is
function words alone, and edits whose post-edit side is function words alone (a clause restructured: "the
comprehensiveness and transparency of" → "that"). A name the editor left unchanged is equal in the alignment and so produces nothing.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

from ..errors import TqaError
from .candidates import Candidate, Evidence

#: A word token (with inner hyphens and apostrophes: "micro-signal", "PBOC's") or one punctuation character.
TOKEN = re.compile(r"\w+(?:[-'’‘‐‑]\w+)*|[^\w\s]")
#: The longest span (in words) either side of a substitution may have: longer is a rewritten sentence.
MAX_WORDS = 8
#: A post-edited line that keeps less than this share of the MT line's content words (difflib's ratio over them)
#: was rewritten, not corrected: its edits are not substitutions of a phrase.
MIN_SIMILARITY = 0.34
#: How far (in words) a single replaced word looks for a content word to widen to.
WIDEN_REACH = 2
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-"})
#: English function words: an edit whose MT side is only these is grammar or style, not terminology.
STOPWORDS = frozenset("""
a an the this that these those it its it's they them their there here he him his she her we us our you your i me my
of in on at by for with from to into onto over under about as than then so such and or but nor not no yes if when
while because although though whether which who whom whose what where how why
is are was were be been being am has have had having do does did done will would shall should can could may
might must also very more most less least much many some any all each every both either neither other another
only just even still yet already too up down out off again further once same own one ones
""".split())
_NUMBER_WORDS = frozenset("""zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds
thousand thousands million millions billion billions trillion trillions first second third percent""".split())
_SUFFIXES = ("ies", "es", "s", "ed", "d", "ing", "ly")
_CONNECTORS = frozenset({"of", "the", "and", "for", "'s"})


@dataclass(frozen=True)
class _Token:
    text: str  # as written
    key: str  # as aligned: folded, possessive and hyphens removed
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"

    @property
    def is_name(self) -> bool:
        return self.is_word and self.text[0].isupper()


@dataclass(frozen=True)
class Substitution:
    """One edit an editor made in one line: the MT words ``mt`` replaced by ``pe`` (as written), with the
    keys they are grouped under."""

    mt: str
    pe: str
    mt_key: str
    pe_key: str


def tokens(line: str) -> list[_Token]:
    out = []
    for m in TOKEN.finditer(line):
        text = m.group()
        key = text.translate(_APOSTROPHES).lower()
        if key.endswith("'s") and len(key) > 2:
            key = key[:-2]
        elif key.endswith("s'") and len(key) > 2:
            key = key[:-1]
        key = key.replace("-", "")
        out.append(_Token(text, key, m.start(), m.end()))
    return out


def _words(toks: Sequence[_Token]) -> list[_Token]:
    return [t for t in toks if t.is_word]


def _strip_edges(toks: list[_Token]) -> list[_Token]:
    """Punctuation at either end of a span is not part of the phrase."""
    start, end = 0, len(toks)
    while start < end and not toks[start].is_word:
        start += 1
    while end > start and not toks[end - 1].is_word:
        end -= 1
    return toks[start:end]


def _span_text(line: str, toks: Sequence[_Token]) -> str:
    return line[toks[0].start:toks[-1].end] if toks else ""


def _inflected(x: str, y: str) -> bool:
    """Whether two words differ only by an inflection ending (goods/good, use/used, grow/growing)."""
    short, long = sorted((x, y), key=len)
    return x == y or (long.startswith(short) and long[len(short):] in _SUFFIXES) \
        or (short.endswith("y") and long == short[:-1] + "ies")


def _is_content(tok: _Token) -> bool:
    return tok.is_word and tok.key not in STOPWORDS and not tok.key.isdigit()


def _merged_regions(a: list[_Token], b: list[_Token]) -> list[list[int]]:
    """Non-equal regions [a1, a2, b1, b2] of the alignment of ``a`` and ``b``. Regions one equal capitalised word
    apart are merged into one (a name the alignment split: "Central [Bank] of the Communist Party")."""
    matcher = difflib.SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
    regions: list[list[int]] = []
    gap: list[_Token] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            gap = a[a1:a2]
            continue
        bridged = len(gap) == 1 and gap[0].is_name
        if regions and bridged and regions[-1][1] == a1 - len(gap):
            regions[-1][1], regions[-1][3] = a2, b2
        else:
            regions.append([a1, a2, b1, b2])
        gap = []
    return regions


def _widen_names(a: list[_Token], b: list[_Token], region: list[int]) -> None:
    """Widen a region that touches a name over the equal words that continue it on both sides (capitalised
    words, and ``of``/``the``/``and`` between them): "Central Bank of the Communist Party" + "of China"."""
    a1, a2, b1, b2 = region
    if not any(t.is_name for t in a[a1:a2]):
        return
    # to the right: connectors followed by a capitalised word, in both lines alike
    while a2 < len(a) and b2 < len(b) and a[a2].key == b[b2].key:
        run = 0
        while a2 + run < len(a) and b2 + run < len(b) and a[a2 + run].key == b[b2 + run].key \
                and a[a2 + run].key in _CONNECTORS:
            run += 1
        if a2 + run < len(a) and b2 + run < len(b) and a[a2 + run].key == b[b2 + run].key \
                and a[a2 + run].is_name:
            a2, b2 = a2 + run + 1, b2 + run + 1
        else:
            break
    region[1], region[3] = a2, b2


def _cut_genitive(mt: list[_Token], pe: list[_Token]) -> list[_Token]:
    """A replaced MT span that runs into an ``of``-phrase the post-edit side does not have is cut before it: the
    genitive moved elsewhere ("micro-signal of the CPC" → "WeChat account")."""
    if any(t.key == "of" for t in pe):
        return mt
    for i, tok in enumerate(mt):
        if i and tok.key == "of":
            return mt[:i]
    return mt


def _widen_single(a: list[_Token], b: list[_Token], a1: int, a2: int, b1: int, b2: int) -> tuple[int, int, int, int]:
    """One replaced word is widened to the nearest content word beside it (within :data:`WIDEN_REACH` words,
    across function words only), on both sides of the substitution alike: "subject" → "subject group"."""
    def reach(step: int) -> int | None:
        i, j = (a1 - 1, b1 - 1) if step < 0 else (a2, b2)
        for distance in range(1, WIDEN_REACH + 1):
            if not (0 <= i < len(a) and 0 <= j < len(b)) or a[i].key != b[j].key or not a[i].is_word:
                return None
            if _is_content(a[i]):
                return distance
            i, j = i + step, j + step
        return None

    left, right = reach(-1), reach(1)
    if left is None and right is None:
        return a1, a2, b1, b2
    if right is not None and (left is None or right <= left):
        return a1, a2 + right, b1, b2 + right
    return a1 - left, a2, b1 - left, b2


def _substitutions(mt_line: str, pe_line: str) -> list[Substitution]:
    a, b = tokens(mt_line), tokens(pe_line)
    content_a = [t.key for t in a if _is_content(t)]
    content_b = [t.key for t in b if _is_content(t)]
    if difflib.SequenceMatcher(None, content_a, content_b, autojunk=False).ratio() < MIN_SIMILARITY:
        return []  # rewritten
    # (MT tokens, post-edit tokens, the region [a1, a2, b1, b2] between them, the texts their offsets are in)
    spans: list[tuple[list[_Token], list[_Token], list[int], str, str]] = []
    deletions: list[list[int]] = []
    insertions: list[list[int]] = []
    for region in _merged_regions(a, b):
        a1, a2, b1, b2 = region
        if _words(a[a1:a2]) and _words(b[b1:b2]):
            _widen_names(a, b, region)
            a1, a2, b1, b2 = region
        if _words(a[a1:a2]) and not _words(b[b1:b2]):
            deletions.append(region)
        elif _words(b[b1:b2]) and not _words(a[a1:a2]):
            insertions.append(region)
        elif _words(a[a1:a2]):
            spans.append((a, b, region, mt_line, pe_line))
    used: set[int] = set()
    for deletion in deletions:
        mt = _strip_edges(a[deletion[0]:deletion[1]])
        for index, insertion in enumerate(insertions):
            if index in used:
                continue
            pe = _strip_edges(b[insertion[2]:insertion[3]])
            if mt[0].key == "of" and pe and pe[-1].text.translate(_APOSTROPHES).endswith("'s"):
                rest = mt[2:] if len(mt) > 2 and mt[1].key == "the" else mt[1:]
                if rest and len(rest) <= 4 and len(pe) <= 3:  # a genitive moved: "of the X" → "Y's"
                    used.add(index)
                    pe_text = _span_text(pe_line, pe)
                    pe_toks = tokens(pe_text)
                    spans.append((a, pe_toks, [a.index(rest[0]), a.index(rest[-1]) + 1, 0, len(pe_toks)],
                                  mt_line, pe_text))
                    break
            elif pe and mt[0].key == pe[0].key and len(mt) > 1 and len(pe) > 1:  # a phrase moved as a whole
                used.add(index)
                for region in _merged_regions(mt, pe):
                    if _words(mt[region[0]:region[1]]) and _words(pe[region[2]:region[3]]):
                        spans.append((mt, pe, region, mt_line, pe_line))
                break
    out = []
    for left, right, (a1, a2, b1, b2), left_line, right_line in spans:
        mt = _strip_edges(left[a1:a2])
        pe = _strip_edges(right[b1:b2])
        mt = _strip_edges(_cut_genitive(mt, pe))
        if not mt or not pe:
            continue
        core_mt, core_pe = mt, pe
        a1, a2 = left.index(mt[0]), left.index(mt[-1]) + 1
        b1, b2 = right.index(pe[0]), right.index(pe[-1]) + 1
        if len(_words(mt)) == 1:
            a1, a2, b1, b2 = _widen_single(left, right, a1, a2, b1, b2)
        substitution = _judged(left, right, a1, a2, b1, b2, core_mt, core_pe, left_line, right_line)
        if substitution is not None:
            out.append(substitution)
    return out


def _judged(a, b, a1, a2, b1, b2, core_mt, core_pe, mt_line, pe_line) -> Substitution | None:
    """The substitution a[a1:a2] → b[b1:b2], or None when it is not a glossary matter (see the module)."""
    mt, pe = a[a1:a2], b[b1:b2]
    mt_words, pe_words = _words(mt), _words(pe)
    if not mt_words or not pe_words or len(mt_words) > MAX_WORDS or len(pe_words) > MAX_WORDS:
        return None
    core_mt_words, core_pe_words = _words(core_mt), _words(core_pe)
    mt_key = " ".join(t.key for t in mt_words)
    pe_key = " ".join(t.key for t in pe_words)
    if mt_key == pe_key:  # punctuation, spacing, hyphens, case or possessive only
        return None
    mt_content = [t.key for t in mt_words if t.key not in STOPWORDS]
    pe_content = [t.key for t in pe_words if t.key not in STOPWORDS]
    if len(mt_content) == len(pe_content) and all(_inflected(x, y) for x, y in zip(mt_content, pe_content)):
        return None
    if all(t.key in STOPWORDS for t in core_mt_words) or all(t.key in STOPWORDS for t in pe_words):
        return None  # a function word alone, or replaced by function words: grammar and restructuring
    if any(any(c.isdigit() for c in t.key) or t.key in _NUMBER_WORDS for t in core_mt_words + core_pe_words):
        return None  # numbers: the numbers check's matter
    mt_text, pe_text = _span_text(mt_line, mt), _span_text(pe_line, pe)
    if not (_balanced(mt_text) and _balanced(pe_text)):
        return None  # "(CPC) released" → "(PBOC) published": a phrase cut across a bracket is not a term
    return Substitution(mt_text, pe_text, mt_key, pe_key)


def _balanced(text: str) -> bool:
    """Whether every bracket and double quote opened in ``text`` is closed in it and vice versa."""
    depth = 0
    for char in text:
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0 and text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def _surface(tokens_text: str) -> str:
    """A phrase as a glossary writes it: a possessive ``'s`` at its end dropped (the matcher allows it)."""
    text = tokens_text.strip()
    for ending in ("'s", "’s"):
        if text.endswith(ending):
            return text[: -len(ending)]
    return text


def mine_postedits(pairs: Sequence[tuple[str, Sequence[str], Sequence[str]]]) -> list[Candidate]:
    """Candidates from ``(name, mt_lines, post_edit_lines)`` document pairs, line-aligned (a pair whose line
    counts differ is an error naming it). One candidate per MT phrase: its dominant replacement is the
    suggestion; ``occurrences`` counts that replacement, ``documents`` the pairs it occurs in, ``consistency``
    its share of all the replacements of the phrase. Evidence: the MT line (``bad``) and the post-edited line
    (``good``). Candidates come in the order they were first seen; :func:`tqa.mine.rank.finish` ranks them."""
    found: dict[str, list[tuple[Substitution, str, int, str, str]]] = defaultdict(list)
    for name, mt_lines, pe_lines in pairs:
        if len(mt_lines) != len(pe_lines):
            raise TqaError(f"{name}: {len(mt_lines)} lines, but its post-edit has {len(pe_lines)}; an MT "
                           "document and its post-edit must be line-aligned")
        for number, (mt_line, pe_line) in enumerate(zip(mt_lines, pe_lines), start=1):
            if not mt_line.strip() or not pe_line.strip():
                continue  # a deleted line is residue; an added one has nothing to replace
            for substitution in _substitutions(mt_line, pe_line):
                found[substitution.mt_key].append((substitution, name, number, mt_line, pe_line))
    candidates = []
    for mt_key, seen in found.items():
        by_replacement = Counter(s.pe_key for s, *_ in seen)
        order = {key: i for i, key in reversed(list(enumerate(s.pe_key for s, *_ in seen)))}
        best = min(by_replacement, key=lambda key: (-by_replacement[key], order[key]))
        chosen = [item for item in seen if item[0].pe_key == best]
        match = Counter(_surface(s.mt) for s, *_ in chosen).most_common(1)[0][0]
        suggestion = Counter(_surface(s.pe) for s, *_ in chosen).most_common(1)[0][0]
        candidates.append(Candidate(
            match=match, suggestion=suggestion,
            occurrences=len(chosen), documents=len({name for _, name, *_ in chosen}),
            consistency=len(chosen) / len(seen),
            bad=[Evidence("mt", name, number, mt_line) for _, name, number, mt_line, _ in chosen],
            good=[Evidence("ref", name, number, pe_line) for _, name, number, _, pe_line in chosen],
        ))
    return candidates
