"""The open-setting baseline: bm25s retrieval over the corpus, then a claim-evidence model.

For each claim, BM25 (bm25s, Lucene variant) ranks every sentence of the ``articles``
config; the top ``k`` (5: all that the FEVER score reads) become the predicted evidence,
and their text, joined, is what the claim-evidence pipeline reads. When the best
sentence shares too little with the claim (``min_overlap`` of the claim's content words)
the claim is labelled NOT_ENOUGH_INFO: nothing close was found.

The verifier is trained on *retrieved* evidence for the training claims, not on gold
evidence, so that at test time it sees the kind of input it was trained on (and NEI
claims come with plausible but non-entailing sentences, as in the FEVER baseline).

The corpus is a constructor parameter like any other, best given as a
:class:`~toolkit.bm25.SentenceIndex` so that clones (a grid search) share one
index. It is derived data: a saved model does not carry it (``__getstate__`` drops it);
give a loaded model its corpus with ``set_params(corpus=...)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted, check_memory

from toolkit.bm25 import Hit, SentenceIndex, as_index
from toolkit.records import CorpusSentence

from .estimators import ClaimEvidence

NEI_ID = 2  # ClassLabel id of NOT_ENOUGH_INFO


class RetrievalVerifier(ClassifierMixin, BaseEstimator):
    """BM25 top-``k`` retrieval followed by the claim-evidence logistic regression.

    Reads the ``claim`` column of ``X`` (any other column is ignored: the evidence is
    what it retrieves).
    """

    def __init__(
        self,
        *,
        corpus: SentenceIndex | Sequence[CorpusSentence] | None = None,
        k: int = 5,
        min_overlap: float = 0.3,
        C: float = 1.0,
        random_state: int = 0,
        memory: Any = None,
    ):
        self.corpus = corpus
        self.k = k
        self.min_overlap = min_overlap
        self.C = C
        self.random_state = random_state
        self.memory = memory

    def _retrieve(self, X: pd.DataFrame) -> tuple[SentenceIndex, list[str], list[list[Hit]]]:
        index = as_index(self.corpus)
        claims = [str(c) for c in X["claim"]]
        return index, claims, index.retrieve(claims, k=self.k)

    @staticmethod
    def _frame(index: SentenceIndex, claims: list[str], hits: list[list[Hit]]) -> pd.DataFrame:
        ev = [" ".join(index.sentences[i].text for i, _ in h) for h in hits]
        return pd.DataFrame({"claim": claims, "evidence": ev})

    def fit(self, X: pd.DataFrame, y) -> RetrievalVerifier:
        """Fit the verifier on retrieved evidence for ``X['claim']``.

        ``min_overlap`` only acts at prediction, so every point of a grid over it fits
        the same verifier: with a ``memory``, the fit is computed once and then loaded.
        """
        index, claims, hits = self._retrieve(X)
        fit = check_memory(self.memory).cache(_fit_verifier)
        self.verifier_ = fit(self._frame(index, claims, hits), np.asarray(y), self.C,
                             self.random_state)  # fmt: skip
        self.classes_ = self.verifier_.classes_
        return self

    def predict_with_evidence(
        self, X: pd.DataFrame
    ) -> tuple[np.ndarray, list[list[tuple[str, int]]]]:
        """Label ids and ranked ``(article_id, sentence_index)`` evidence per claim."""
        check_is_fitted(self, "verifier_")
        index, claims, hits = self._retrieve(X)
        labels = np.asarray(self.verifier_.predict(self._frame(index, claims, hits)))
        close = np.array(
            [bool(h) and index.overlap(c, h[0][0]) >= self.min_overlap
             for c, h in zip(claims, hits, strict=True)], dtype=bool,
        )  # fmt: skip
        labels = np.where(close, labels, NEI_ID)
        sents = index.sentences
        evidence = [[(sents[i].article_id, sents[i].index) for i, _ in h] for h in hits]
        return labels, evidence

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return self.predict_with_evidence(X)[0]

    def __getstate__(self) -> dict[str, Any]:
        """Persist parameters and the fitted verifier, not the corpus (derived data)."""
        return {**super().__getstate__(), "corpus": None}


def _fit_verifier(frame: pd.DataFrame, y: np.ndarray, C: float, random_state: int) -> ClaimEvidence:
    """The claim-evidence model fitted on retrieved evidence (a module-level function,
    so that ``joblib.Memory`` can cache it by its arguments)."""
    return ClaimEvidence(C=C, random_state=random_state).fit(frame, y)
