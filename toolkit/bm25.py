"""One tokenizer and one BM25 index over the corpus sentences, for everything that searches it.

The baselines read the corpus through it, and extract's held-out check asks it whether
the published corpus settles a claim: both tokenize the same way, so both agree on what
a sentence contains.

The retrieval baseline (its top-``k`` sentences are its evidence) and the oracle setting
(the nearest sentence of a NOT_ENOUGH_INFO claim, which has no gold evidence) both ask
the same question of the same corpus. So the corpus is indexed once per run, each claim
is searched once (answers are kept, so every grid point and both uses read the same
answer), and queries are scored by bm25s on threads, ties ranked by corpus position.

The index is read-only once built: copying it (``sklearn.base.clone`` deep-copies
estimator parameters) returns the same object, so a grid search over a baseline that
holds it shares one index and its answers instead of re-indexing per grid point.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from toolkit.errors import UsageError
from toolkit.records import CorpusSentence

_TOKEN = re.compile(r"\w+(?:'\w+)?", re.UNICODE)

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "into",
        "about",
        "over",
        "under",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "they",
        "them",
        "their",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "there",
        "than",
        "then",
        "so",
        "such",
        "also",
        "can",
        "could",
        "will",
        "would",
        "may",
        "might",
        "must",
        "shall",
        "should",
    ]
)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; ``n't`` stays attached so negation is not lost."""
    if text.isascii():  # the same tokens, lower-cased in one call
        return _TOKEN.findall(text.lower())
    return [t.lower() for t in _TOKEN.findall(text)]


def content_tokens(text: str) -> list[str]:
    """Tokens without stopwords: what retrieval and overlap compare."""
    return [t for t in tokens(text) if t not in STOPWORDS]




#: How many sentences are kept per claim: all that the FEVER score reads.
DEPTH = 5

#: One retrieved sentence: its position in the corpus and its BM25 score.
Hit = tuple[int, float]


class SentenceIndex:
    """bm25s (Lucene BM25) over the content words of each corpus sentence.

    Queries are scored by bm25s, on ``n_threads`` threads as its ``retrieve`` does
    (``-1``: one per core); a claim's answer does not depend on the number of threads.
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
        self._keep_distinct()

    def _keep_distinct(self) -> None:
        """Score each distinct sentence once: copies score the same (same words, same
        length), so bm25s keeps one column per distinct token list, its statistics still
        counting every copy, and a hit stands for all its copies, in corpus order.
        News corpora repeat sentences (boilerplate, wire copy), and every query scores
        every column: fewer columns, faster queries, and no ties between copies."""
        first: dict[tuple[str, ...], int] = {}
        distinct = np.array([first.setdefault(tuple(t), len(first)) for t in self.tokens])
        self._copies: list[list[int]] = [[] for _ in first]
        for position, d in enumerate(distinct.tolist()):
            self._copies[d].append(position)
        is_first = np.zeros(len(distinct), dtype=bool)
        is_first[[c[0] for c in self._copies]] = True
        sc = self._bm25.scores  # per token: the documents it occurs in and their scores
        keep = is_first[sc["indices"]]
        kept = np.concatenate([[0], np.cumsum(keep)])
        self._bm25.scores = {
            "data": sc["data"][keep],
            "indices": distinct[sc["indices"][keep]].astype(sc["indices"].dtype),
            "indptr": kept[sc["indptr"]].astype(sc["indptr"].dtype),
            "num_docs": len(first),
        }

    def __len__(self) -> int:
        return len(self.sentences)

    def __deepcopy__(self, memo: dict[int, Any]) -> SentenceIndex:
        return self  # read-only: every copy may share it (see the module docstring)

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickle (a Dask engine ships the index to its workers), with the score
        arrays' dtypes made numpy's own again.

        An unpickled array carries an equal but distinct dtype object, and numpy (2.4)
        then skips the fast loop of ``np.add.at``, which bm25s scores every query with:
        a query on a worker took 20 times as long as the same query here, and extract
        on two Dask workers ran slower than on one process. A view with the canonical
        dtype restores the fast loop without copying.
        """
        self.__dict__.update(state)
        scores = self._bm25.scores
        for key, value in scores.items():
            if isinstance(value, np.ndarray):
                scores[key] = value.view(value.dtype.type)

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
        if self.n_threads <= 1:
            return [self._top(q) for q in queries]
        with ThreadPoolExecutor(max_workers=self.n_threads) as pool:
            return list(pool.map(self._top, queries))

    def _top(self, query: list[str]) -> list[Hit]:
        """One query: bm25s's score row, then the top ``depth`` by score and position.

        bm25s's own top-k breaks equal scores arbitrarily, so the selection is made here
        on the score row, equal scores ranked by corpus position. A full partition of the
        row cost as much as bm25s's scoring (1 ms a query at 127,000 sentences), so it is
        avoided: at depth 1 the first maximum is the answer (``argmax``); deeper, only
        the scores of at least half the best can hold the top ``depth`` when there are
        ``depth`` of them, and only those are partitioned.
        """
        if not query:
            return []
        scores = self._bm25.get_scores(query)
        if self.depth == 1:
            best = int(scores.argmax())  # the first of equal maxima: the lowest position
            return self._expand([(best, float(scores[best]))])[:1] if scores[best] > 0 else []
        depth, top = self.depth, scores.max()
        if top <= 0:
            return []
        docs = np.flatnonzero(scores >= top * 0.5)
        if len(docs) < depth:
            docs = np.flatnonzero(scores > 0)
        if len(docs) > depth:  # the depth-th best, then all above it and the first equal
            kept = scores[docs]
            kth = np.partition(kept, len(kept) - depth)[len(kept) - depth]
            docs = np.concatenate([docs[kept > kth], docs[kept == kth][:depth]])
        hits = zip(docs.tolist(), scores[docs].tolist(), strict=True)
        return self._expand(hits)[:depth]

    def _expand(self, hits: Iterable[tuple[int, float]]) -> list[Hit]:
        """Distinct-sentence hits as corpus positions, by score, then position."""
        out = [(p, s) for d, s in hits for p in self._copies[d][: self.depth]]
        out.sort(key=lambda h: (-h[1], h[0]))
        return out


def as_index(corpus: SentenceIndex | Sequence[CorpusSentence] | None) -> SentenceIndex:
    """The index of ``corpus``: itself if it is one, else a new one over its sentences."""
    if corpus is None:
        raise UsageError(
            "no corpus: give the baseline its corpus with set_params(corpus=SentenceIndex(...))"
        )
    if isinstance(corpus, SentenceIndex):
        return corpus
    return SentenceIndex(list(corpus))

