"""Word alignment for ``tqa mine`` with a source: jieba segments the Chinese, a simple tokenizer the English, and
eflomal (Östling & Tiedemann 2016: a Bayesian HMM with fertility, sampled by Gibbs sampling) aligns them.

**Why eflomal.** It is a real statistical aligner, installs from the package registry (an sdist: it compiles its
C sampler and a Cython wrapper, so a C compiler with OpenMP and the Python headers are needed at install time,
nothing else), aligns tens of thousands of sentence pairs in seconds, and needs no model weights. It aligns in
both directions (source→target and target→source links); :func:`symmetrize` joins them with grow-diag-final-and
(Koehn et al. 2005), the usual heuristic: the intersection's precision, grown along neighbours the union
supports, then unaligned words linked where both directions agree.

**One run for every pair.** :func:`align_corpus` aligns all the (source, target) pairs given to it in one eflomal
run: with a source, 12 MT systems and 2 references, the source is paired with 14 translations, so the lexical
statistics are learnt from 14× the text and every system is aligned by the same model.

**Determinism.** eflomal's sampler seeds itself from ``/dev/urandom`` and has no seed option, so two runs may
differ in a few links (the mined proposals are counted over many sentences; see the report in the README for
how often the proposals changed between runs). Everything else here is deterministic.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache

from tqa.errors import TqaError

#: An English token: a word with its inner apostrophes, hyphens and dots (``micro-signal``, ``U.S.``,
#: ``China's``, ``3.5``), or any other single non-space character (punctuation).
_EN_TOKEN = re.compile(r"[^\W_](?:[^\W_]|['’.\-](?=[^\W_]))*|\S", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """A token and where it is in its line: ``text[start:end] == token``."""

    text: str
    start: int
    end: int


def tokenize_en(line: str) -> list[Token]:
    """English (or any space-separated language) tokens of ``line`` with their offsets. The same rule for MT and
    references, so renderings compare as strings."""
    return [Token(m.group(), m.start(), m.end()) for m in _EN_TOKEN.finditer(line)]


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba announces building its dictionary on stderr
    jieba.initialize()
    return jieba.dt


def segment_zh(line: str) -> list[Token]:
    """Chinese words of ``line`` (jieba's accurate mode, with its HMM for words outside the dictionary: both
    deterministic), without the spaces between them."""
    tokens: list[Token] = []
    for word, start, end in _jieba().tokenize(line):
        if word.strip():
            tokens.append(Token(word, start, end))
    return tokens


#: eflomal's sampling iterations relative to its default: twice as many makes the links of a small corpus (a few
#: dozen sentences) far steadier between runs (the fixture's recurring term was found in 6 of 6 runs, against 3
#: of 5 at the default), and costs the whole of WMT22 dev about a minute more.
ITERATIONS = 2.0

Alignment = frozenset[tuple[int, int]]
"""Links ``(i, j)``: source token ``i`` is aligned to target token ``j`` (0-based)."""


def symmetrize(forward: set[tuple[int, int]], reverse: set[tuple[int, int]], n_src: int, n_tgt: int) -> Alignment:
    """grow-diag-final-and of the two directions' links (both as ``(source, target)`` pairs)."""
    alignment = forward & reverse
    union = forward | reverse
    src_aligned = {i for i, _ in alignment}
    tgt_aligned = {j for _, j in alignment}
    neighbours = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))
    grown = True
    while grown:  # grow-diag: add union links next to a link, for a word not yet aligned on one side
        grown = False
        for i, j in sorted(alignment):
            for di, dj in neighbours:
                ni, nj = i + di, j + dj
                if not (0 <= ni < n_src and 0 <= nj < n_tgt) or (ni, nj) in alignment:
                    continue
                if (ni, nj) in union and (ni not in src_aligned or nj not in tgt_aligned):
                    alignment = alignment | {(ni, nj)}
                    src_aligned.add(ni)
                    tgt_aligned.add(nj)
                    grown = True
    for links in (forward, reverse):  # final-and: a link of one direction between two unaligned words
        for i, j in sorted(links):
            if i not in src_aligned and j not in tgt_aligned:
                alignment = alignment | {(i, j)}
                src_aligned.add(i)
                tgt_aligned.add(j)
    return frozenset(alignment)


def _read_links(path: str, count: int) -> list[set[tuple[int, int]]]:
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    links: list[set[tuple[int, int]]] = []
    for k in range(count):
        line = lines[k] if k < len(lines) else ""
        pairs = set()
        for link in line.split():
            i, _, j = link.partition("-")
            pairs.add((int(i), int(j)))
        links.append(pairs)
    return links


def align_corpus(sources: list[list[str]], targets: list[list[str]], *, iterations: float = ITERATIONS) -> list[Alignment]:
    """Align each tokenised source sentence with its tokenised target (same length lists) in one eflomal run;
    return the symmetrised links of each pair. A pair with an empty side gets no links (eflomal is not shown
    it: it wants a token on each side)."""
    if len(sources) != len(targets):
        raise TqaError(f"cannot align {len(sources)} source sentences with {len(targets)} target sentences")
    try:
        import eflomal
    except ImportError as error:  # pragma: no cover - a dependency, installed with tqa
        raise TqaError(f"tqa mine with a source needs the eflomal aligner: {error}") from error

    kept = [k for k, (s, t) in enumerate(zip(sources, targets)) if s and t]
    result: list[Alignment] = [frozenset()] * len(sources)
    if not kept:
        return result
    # eflomal reads whitespace-separated tokens: a token may not hold a space (jieba keeps none; nor does the
    # English tokenizer).
    src_lines = [" ".join(sources[k]) + "\n" for k in kept]
    tgt_lines = [" ".join(targets[k]) + "\n" for k in kept]
    with tempfile.TemporaryDirectory(prefix="tqa-align-") as tmp:
        fwd, rev = os.path.join(tmp, "fwd"), os.path.join(tmp, "rev")
        aligner = eflomal.Aligner(rel_iterations=iterations)
        try:
            aligner.align(src_lines, tgt_lines, links_filename_fwd=fwd, links_filename_rev=rev, quiet=True)
        except Exception as error:  # the binary's failures come back as CalledProcessError, OSError…
            raise TqaError(f"word alignment failed (eflomal): {error}") from error
        forward = _read_links(fwd, len(kept))
        reverse = _read_links(rev, len(kept))
    for n, k in enumerate(kept):
        result[k] = symmetrize(forward[n], reverse[n], len(sources[k]), len(targets[k]))
    return result
