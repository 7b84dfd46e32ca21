"""Word alignment for ``tqa mine`` with a source: jieba segments the Chinese, a simple tokenizer the English, and
eflomal's model (Östling & Tiedemann 2016: a Bayesian HMM with fertility, sampled by Gibbs sampling), as the
Thot toolkit implements it (SIL's ``sil-thot``), aligns them.

**Why Thot's eflomal.** It is a real statistical aligner, installs from the package registry as a binary wheel
(LGPL-3.0, no compiler needed), needs no model weights, and, unlike the ``eflomal`` package (which seeds its sampler
from ``/dev/urandom`` and has no seed option), takes a seed: the same corpus and seed give the same links, so
``tqa mine`` writes the same file byte for byte. Each direction (source→target, target→source) is trained as its
own model, the two in parallel threads (on a loaded 2-core machine two threads took 6.5 s where one after the
other took 8.4 s); Thot joins them with grow-diag-final-and (Koehn et al. 2005), the usual heuristic: the
intersection's precision, grown along neighbours the union supports, then unaligned words linked where both
directions agree.

**One run for every pair.** :func:`align_corpus` aligns all the (source, target) pairs given to it in one training
run: with a source, 12 MT systems and 2 references, the source is paired with 14 translations, so the lexical
statistics are learnt from 14× the text and every system is aligned by the same model. The number of sampling
iterations is Thot's schedule for the corpus size (more for a small corpus, whose links are otherwise unsteady).
"""

from __future__ import annotations

import logging
import re
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


#: The seed ``tqa mine`` aligns with when none is given: any fixed number makes runs repeatable.
DEFAULT_SEED = 1

Alignment = frozenset[tuple[int, int]]
"""Links ``(i, j)``: source token ``i`` is aligned to target token ``j`` (0-based)."""


def _thot():
    try:
        import thot.alignment as thot_alignment
    except ImportError as error:  # an optional extra
        raise TqaError("tqa mine --source aligns words with Thot's eflomal model, an optional extra: install it "
                       f"with `pip install 'tqa[mine]'` ({error})") from error
    return thot_alignment


def _train(thot_alignment, pairs: list[tuple[list[str], list[str]]], seed: int, out: list, slot: int) -> None:
    """Train one direction's model on ``pairs`` and keep its alignments of them (Thot's training alignments)."""
    try:
        model = thot_alignment.EflomalAlignmentModel()
        model.seed = seed
        model.emit_training_alignments = True
        for src, tgt in pairs:
            model.add_sentence_pair(src, tgt)
        model.start_training()
        for _ in range(model.scheduled_iterations):
            model.train()
        model.end_training()
        out[slot] = model
    except Exception as error:  # noqa: BLE001 - reported by the caller, in the main thread
        out[slot] = error


def align_corpus(sources: list[list[str]], targets: list[list[str]], *, seed: int = DEFAULT_SEED) -> list[Alignment]:
    """Align each tokenised source sentence with its tokenised target (same length lists) in one training run;
    return the symmetrised (grow-diag-final-and) links of each pair. A pair with an empty side gets no links (the
    aligner is not shown it: it wants a token on each side). The same input and ``seed`` give the same links."""
    if len(sources) != len(targets):
        raise TqaError(f"cannot align {len(sources)} source sentences with {len(targets)} target sentences")
    thot_alignment = _thot()
    kept = [k for k, (s, t) in enumerate(zip(sources, targets)) if s and t]
    result: list[Alignment] = [frozenset()] * len(sources)
    if not kept:
        return result
    forward = [(list(sources[k]), list(targets[k])) for k in kept]
    reverse = [(tgt, src) for src, tgt in forward]
    models: list = [None, None]
    import threading

    threads = [threading.Thread(target=_train, args=(thot_alignment, pairs, seed, models, slot), daemon=True)
               for slot, pairs in enumerate((forward, reverse))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for model in models:
        if isinstance(model, BaseException):
            raise TqaError(f"word alignment failed (Thot eflomal): {model}") from model
    symmetrized = thot_alignment.SymmetrizedAlignmentModel(models[0], models[1])
    symmetrized.heuristic = thot_alignment.SymmetrizationHeuristic.GROW_DIAG_FINAL_AND
    for n, k in enumerate(kept):
        _, matrix = symmetrized.get_training_alignment(n)
        rows, cols = matrix.to_numpy().nonzero()
        result[k] = frozenset(zip(rows.tolist(), cols.tolist()))
    return result
