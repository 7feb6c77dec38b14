"""One BM25 index over the corpus sentences, shared by every baseline that reads the corpus.

The retrieval baseline (its top-``k`` sentences are its evidence) and the oracle setting
(the nearest sentence of a NOT_ENOUGH_INFO claim, which has no gold evidence) both ask
the same question of the same corpus. So the corpus is indexed once per run, each claim
is searched once (answers are kept, so every grid point and both uses read the same
answer), and all queries of a call go to bm25s together, on its threads.

The index is read-only once built: copying it (``sklearn.base.clone`` deep-copies
estimator parameters) returns the same object, so a grid search over a baseline that
holds it shares one index and its answers instead of re-indexing per grid point.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from toolkit.errors import UsageError
from toolkit.evaluate import CorpusSentence

from .features import content_tokens

#: How many sentences are kept per claim: all that the FEVER score reads.
DEPTH = 5

#: Places asked of bm25s beyond ``depth``, so that equal scores can rank by position.
SPARE = 8

#: One retrieved sentence: its position in the corpus and its BM25 score.
Hit = tuple[int, float]


class SentenceIndex:
    """bm25s (Lucene BM25) over the content words of each corpus sentence.

    ``n_threads`` is bm25s's: queries are scored on that many threads (``-1``: one per
    core). A claim's answer does not depend on the number of threads.
    """

    def __init__(
        self, sentences: Sequence[CorpusSentence], *, depth: int = DEPTH, n_threads: int = -1
    ):
        import bm25s

        if not sentences:
            raise UsageError("the articles corpus is empty: nothing to retrieve from")
        self.sentences = tuple(sentences)
        self.depth = depth
        self.n_threads = (os.cpu_count() or 1) if n_threads == -1 else n_threads
        self.tokens = [content_tokens(s.text) for s in self.sentences]
        self._bm25 = bm25s.BM25()
        # An empty token list would be dropped by bm25s; a placeholder keeps positions.
        self._bm25.index([t or ["\x00"] for t in self.tokens], show_progress=False)
        self._known = frozenset(self._bm25.vocab_dict) - {""}
        self._answers: dict[str, list[Hit]] = {}

    def __len__(self) -> int:
        return len(self.sentences)

    def __deepcopy__(self, memo: dict[int, Any]) -> SentenceIndex:
        return self  # read-only: every copy may share it (see the module docstring)

    def retrieve(self, claims: Sequence[str], *, k: int = DEPTH) -> list[list[Hit]]:
        """Top-``k`` ``(corpus position, score)`` per claim, positive scores only.

        Ranked by score, then corpus position. A claim is searched once per index:
        later calls read the kept answer.
        """
        if k > self.depth:
            raise UsageError(f"k={k} is deeper than the index keeps ({self.depth})")
        todo = list(dict.fromkeys(c for c in claims if c not in self._answers))
        if todo:
            self._answers.update(zip(todo, self._search(todo), strict=True))
        return [self._answers[c][:k] for c in claims]

    def nearest(self, claims: Sequence[str]) -> list[int | None]:
        """The corpus position of each claim's best sentence, None when nothing matches."""
        return [h[0][0] if h else None for h in self.retrieve(claims, k=1)]

    def overlap(self, claim: str, position: int) -> float:
        """Share of the claim's content words that the sentence at ``position`` holds."""
        words = set(content_tokens(claim))
        if not words:
            return 0.0
        return len(words & set(self.tokens[position])) / len(words)

    def _search(self, claims: list[str]) -> list[list[Hit]]:
        # Sorted unique tokens: bm25s sums a query's tokens in the order given, so a
        # fixed order makes the floating-point sums, and so near-ties, reproducible.
        queries = [sorted(set(content_tokens(c)) & self._known) for c in claims]
        # bm25s breaks equal scores arbitrarily; a few spare places let ties rank by
        # corpus position, and the rare tie that runs past them is ranked exactly.
        wide = min(self.depth + SPARE, len(self.sentences))
        docs, scores = self._bm25.retrieve(
            queries, k=wide, n_threads=self.n_threads, show_progress=False,
            backend_selection="numpy",
        )  # fmt: skip
        out = []
        for query, row_docs, row_scores in zip(queries, docs.tolist(), scores.tolist(), strict=True):
            hits = sorted(((d, s) for d, s in zip(row_docs, row_scores, strict=True) if s > 0),
                          key=lambda h: (-h[1], h[0]))  # fmt: skip
            if len(hits) == wide > self.depth and hits[-1][1] == hits[self.depth - 1][1]:
                hits = self._exact(query)
            out.append(hits[: self.depth])
        return out

    def _exact(self, query: list[str]) -> list[Hit]:
        scores = np.asarray(self._bm25.get_scores(query), dtype=np.float64)
        order = np.lexsort((np.arange(len(scores)), -scores))[: self.depth]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]


def as_index(corpus: SentenceIndex | Sequence[CorpusSentence] | None) -> SentenceIndex:
    """The index of ``corpus``: itself if it is one, else a new one over its sentences."""
    if corpus is None:
        raise UsageError(
            "no corpus: give the baseline its corpus with set_params(corpus=SentenceIndex(...))"
        )
    if isinstance(corpus, SentenceIndex):
        return corpus
    return SentenceIndex(list(corpus))

