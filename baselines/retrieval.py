"""The open-setting baseline: bm25s retrieval over the corpus, then a claim-evidence model.

For each claim, BM25 (bm25s, Lucene variant) ranks every sentence of the ``articles``
config; the top ``k`` (5: all that the FEVER score reads) become the predicted evidence,
and their text, joined, is what the claim-evidence pipeline reads. When the best
sentence shares too little with the claim (``min_overlap`` of the claim's content words)
the claim is labelled NOT_ENOUGH_INFO: nothing close was found.

The verifier is trained on *retrieved* evidence for the training claims, not on gold
evidence, so that at test time it sees the kind of input it was trained on (and NEI
claims come with plausible but non-entailing sentences, as in the FEVER baseline).

The BM25 index is derived data: it is not saved with the model (``__getstate__`` drops
it) and is rebuilt from the corpus with :meth:`RetrievalVerifier.attach_corpus`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin

from toolkit.errors import UsageError
from toolkit.records import CorpusSentence

from .features import content_tokens

NEI_ID = 2  # ClassLabel id of NOT_ENOUGH_INFO
BATCH = 512  # claims scored per sparse product: bounds memory on large corpora


class RetrievalVerifier(ClassifierMixin, BaseEstimator):
    """BM25 top-``k`` retrieval followed by the claim-evidence logistic regression."""

    def __init__(
        self, *, k: int = 5, min_overlap: float = 0.3, C: float = 1.0, random_state: int = 0
    ):
        self.k = k
        self.min_overlap = min_overlap
        self.C = C
        self.random_state = random_state

    # -- corpus and retrieval

    def attach_corpus(self, corpus: Sequence[CorpusSentence]) -> RetrievalVerifier:
        """Index the corpus sentences (kept in the given order; ties rank by that order)."""
        import bm25s

        if not corpus:
            raise UsageError("the articles corpus is empty: nothing to retrieve from")
        self.corpus_ = list(corpus)
        self._tokens = [content_tokens(s.text) for s in self.corpus_]
        index = bm25s.BM25()
        # An empty token list would be dropped by bm25s; a placeholder keeps positions.
        index.index([t or ["\x00"] for t in self._tokens], show_progress=False)
        self.index_ = index
        sc = index.scores  # bm25s: per token, the documents it occurs in and their scores
        matrix = sp.csr_matrix(
            (np.asarray(sc["data"], dtype=np.float64), sc["indices"], sc["indptr"]),
            shape=(len(sc["indptr"]) - 1, sc["num_docs"]),
        )
        # bm25s numbers tokens in set order, which changes with PYTHONHASHSEED; rows in
        # sorted token order make the summation order, and so near-ties, reproducible.
        # (bm25s also lists an empty placeholder token that has no row; it is left out.)
        known = sorted(t for t, i in index.vocab_dict.items() if i < matrix.shape[0] and t)
        self._vocab = {t: i for i, t in enumerate(known)}
        self._matrix = matrix[[index.vocab_dict[t] for t in known]]
        return self

    def retrieve(self, claims: Sequence[str]) -> list[list[tuple[int, float]]]:
        """Top-``k`` ``(corpus position, score)`` per claim, positive scores only.

        Scores come from bm25s's own index (its token x document score matrix), summed
        for a batch of claims with one sparse product, so the cost follows the postings
        the claims touch rather than the corpus size (``get_scores`` allocates and sorts
        a score for every sentence, per claim). Ranking is by score, then corpus
        position, so equal scores always come out in the same order.
        """
        if getattr(self, "index_", None) is None:
            raise UsageError("no corpus attached: call attach_corpus(corpus) first")
        vocab = self._vocab
        out: list[list[tuple[int, float]]] = []
        for start in range(0, len(claims), BATCH):
            batch = claims[start : start + BATCH]
            rows, cols = [], []
            for r, claim in enumerate(batch):
                ids = {vocab[t] for t in content_tokens(claim) if t in vocab}
                rows.extend([r] * len(ids))
                cols.extend(sorted(ids))
            q = sp.csr_matrix(
                (np.ones(len(rows)), (rows, cols)), shape=(len(batch), self._matrix.shape[0])
            )
            scores = (q @ self._matrix).tocsr()
            scores.sort_indices()
            for r in range(len(batch)):
                lo, hi = scores.indptr[r], scores.indptr[r + 1]
                docs, vals = scores.indices[lo:hi], scores.data[lo:hi]
                keep = vals > 0
                docs, vals = docs[keep], vals[keep]
                if len(vals) > self.k:  # cut to the k-th score, ties kept, then sort
                    kth = np.partition(vals, len(vals) - self.k)[len(vals) - self.k]
                    keep = vals >= kth
                    docs, vals = docs[keep], vals[keep]
                order = np.lexsort((docs, -vals))[: self.k]
                out.append([(int(docs[i]), float(vals[i])) for i in order])
        return out

    def _frame(self, claims: Sequence[str], hits: list[list[tuple[int, float]]]) -> pd.DataFrame:
        ev = [" ".join(self.corpus_[i].text for i, _ in h) for h in hits]
        return pd.DataFrame({"claim": list(claims), "evidence": ev})

    def _close(self, claim: str, hits: list[tuple[int, float]]) -> bool:
        if not hits:
            return False
        c = set(content_tokens(claim))
        if not c:
            return False
        top = set(self._tokens[hits[0][0]])
        return len(c & top) / len(c) >= self.min_overlap

    # -- scikit-learn API

    def fit(self, X: pd.DataFrame, y, *, corpus: Sequence[CorpusSentence] | None = None):
        """Fit the verifier on retrieved evidence for ``X['claim']``."""
        from .models import build_claim_evidence

        if corpus is not None:
            self.attach_corpus(corpus)
        claims = list(X["claim"])
        hits = self.retrieve(claims)
        self.verifier_ = build_claim_evidence(C=self.C, random_state=self.random_state)
        self.verifier_.fit(self._frame(claims, hits), np.asarray(y))
        self.classes_ = self.verifier_.classes_
        return self

    def predict_with_evidence(
        self, X: pd.DataFrame
    ) -> tuple[np.ndarray, list[list[tuple[str, int]]]]:
        """Label ids and ranked ``(article_id, sentence_index)`` evidence per claim."""
        claims = list(X["claim"])
        hits = self.retrieve(claims)
        labels = np.asarray(self.verifier_.predict(self._frame(claims, hits)))
        close = np.array([self._close(c, h) for c, h in zip(claims, hits, strict=True)])
        labels = np.where(close, labels, NEI_ID)
        evidence = [
            [(self.corpus_[i].article_id, self.corpus_[i].index) for i, _ in h] for h in hits
        ]
        return labels, evidence

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return self.predict_with_evidence(X)[0]

    def __getstate__(self):
        """Persist parameters and the fitted verifier, not the corpus or its index."""
        state = dict(self.__dict__)
        for key in ("index_", "corpus_", "_tokens", "_matrix", "_vocab"):
            state.pop(key, None)
        return state
