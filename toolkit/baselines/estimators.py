"""The baselines as scikit-learn estimators, each made of a ``make_pipeline``.

Every estimator follows the scikit-learn API: keyword-only parameters stored as given
by ``__init__`` (so ``get_params``, ``set_params`` and ``clone`` work and a grid search
can vary them), a ``random_state``, and fitted state only set by ``fit`` (names ending
in ``_``). ``X`` is a pandas frame with the columns ``claim`` and ``evidence`` (evidence
text, joined); ``y`` holds integer ClassLabel ids (0 SUPPORTED, 1 REFUTED,
2 NOT_ENOUGH_INFO), so ``classes_`` keep the ClassLabel order, which is also how
DummyClassifier breaks ties.

``memory`` is the pipeline's own cache of fitted transformers (``joblib.Memory`` or a
folder): a grid over ``C`` then computes the TF-IDF and pair features of the training
claims once, not once per grid point. It changes no result and is not needed once
fitted (a saved model has ``memory=None``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from .features import PairFeatures


def _tfidf() -> TfidfVectorizer:
    # Word uni- and bigrams, sublinear tf; min_df=2 keeps large vocabularies in check
    # without losing much on small data (bigrams that occur once carry little).
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, dtype=np.float32)


class PipelineBaseline(ClassifierMixin, BaseEstimator):
    """A baseline whose model is one pipeline, built from its parameters in ``fit``."""

    def _steps(self) -> list[Any]:
        """The pipeline's steps, made afresh from the parameters (so ``fit`` never
        reuses state from an earlier fit)."""
        raise NotImplementedError

    def fit(self, X: Any, y: Any) -> PipelineBaseline:
        pipeline = make_pipeline(*self._steps(), memory=self.memory).fit(X, np.asarray(y))
        self.pipeline_ = pipeline.set_params(memory=None)  # the cache served the fit only
        self.classes_ = pipeline.classes_
        return self

    def predict(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict(X)


class Majority(PipelineBaseline):
    """Always the most frequent training label: the floor every other number is read against."""

    def __init__(self, *, random_state: int = 0, memory: Any = None):
        self.random_state = random_state
        self.memory = memory

    def _steps(self) -> list[Any]:
        return [DummyClassifier(strategy="most_frequent", random_state=self.random_state)]


class ClaimOnly(PipelineBaseline):
    """TF-IDF of the claim alone + logistic regression: the artifact probe.

    If it beats majority by much on held-out data, the claims give their label away.
    """

    def __init__(self, *, C: float = 1.0, random_state: int = 0, memory: Any = None):
        self.C = C
        self.random_state = random_state
        self.memory = memory

    def _steps(self) -> list[Any]:
        return [
            ColumnTransformer([("claim", _tfidf(), "claim")]),
            LogisticRegression(C=self.C, max_iter=1000, random_state=self.random_state),
        ]


def claim_evidence_features() -> ColumnTransformer:
    """Claim TF-IDF, evidence TF-IDF and the scaled pair features, side by side."""
    return ColumnTransformer(
        [
            ("claim", _tfidf(), "claim"),
            ("evidence", _tfidf(), "evidence"),
            ("pair", make_pipeline(PairFeatures(), StandardScaler()), ["claim", "evidence"]),
        ]
    )


class ClaimEvidence(PipelineBaseline):
    """Oracle setting: claim and evidence TF-IDF plus pair features, logistic regression."""

    def __init__(self, *, C: float = 1.0, random_state: int = 0, memory: Any = None):
        self.C = C
        self.random_state = random_state
        self.memory = memory

    def _classifier(self) -> Any:
        return LogisticRegression(C=self.C, max_iter=1000, random_state=self.random_state)

    def _steps(self) -> list[Any]:
        return [claim_evidence_features(), self._classifier()]


class ClaimEvidenceSVM(ClaimEvidence):
    """The same features with a linear SVM (squared hinge), a cheaper margin-based variant."""

    def __init__(self, *, C: float = 0.1, random_state: int = 0, memory: Any = None):
        # Its own signature only for the default C (get_params reads the signature).
        super().__init__(C=C, random_state=random_state, memory=memory)

    def _classifier(self) -> Any:
        return LinearSVC(C=self.C, random_state=self.random_state)
