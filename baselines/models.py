"""The baseline registry: registered, versioned names, each a scikit-learn estimator.

Every baseline is built by a function with keyword-only parameters and a
``random_state``, from ``make_pipeline``/``ColumnTransformer``, and takes a pandas frame
with the columns ``claim`` and ``evidence`` (gold evidence text, joined; empty for
NOT_ENOUGH_INFO) and integer ClassLabel ids (0 SUPPORTED, 1 REFUTED, 2 NOT_ENOUGH_INFO)
as ``y``. Ids rather than names keep ``classes_`` in the ClassLabel order, which is also
how DummyClassifier breaks ties.

A baseline's version goes up whenever its features, model or grid change, so numbers
reported under ``name@vN`` always mean the same thing.

Each has a small grid of hyperparameters, listed here (the documentation of record):
the runner fits every point on train and keeps the best on validation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from toolkit.errors import UsageError

from .features import PairFeatures


def _tfidf() -> TfidfVectorizer:
    # Word uni- and bigrams, sublinear tf; min_df=2 keeps large vocabularies in check
    # without losing much on small data (bigrams that occur once carry little).
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, dtype=np.float32)


def build_majority(*, random_state: int = 0) -> Pipeline:
    """Always the most frequent training label: the floor every other number is read against."""
    return make_pipeline(DummyClassifier(strategy="most_frequent", random_state=random_state))


def build_claim_only(*, C: float = 1.0, random_state: int = 0) -> Pipeline:
    """TF-IDF of the claim alone + logistic regression: the artifact probe.

    If it beats majority by much on held-out data, the claims give their label away.
    """
    features = ColumnTransformer([("claim", _tfidf(), "claim")])
    return make_pipeline(
        features, LogisticRegression(C=C, max_iter=1000, random_state=random_state)
    )


def _claim_evidence_features() -> ColumnTransformer:
    return ColumnTransformer(
        [
            ("claim", _tfidf(), "claim"),
            ("evidence", _tfidf(), "evidence"),
            ("pair", make_pipeline(PairFeatures(), StandardScaler()), ["claim", "evidence"]),
        ]
    )


def build_claim_evidence(*, C: float = 1.0, random_state: int = 0) -> Pipeline:
    """Oracle setting: claim and evidence TF-IDF plus pair features, logistic regression."""
    return make_pipeline(
        _claim_evidence_features(),
        LogisticRegression(C=C, max_iter=1000, random_state=random_state),
    )


def build_claim_evidence_svm(*, C: float = 0.1, random_state: int = 0) -> Pipeline:
    """The same features with a linear SVM (squared hinge), a cheaper margin-based variant."""
    return make_pipeline(_claim_evidence_features(), LinearSVC(C=C, random_state=random_state))


def build_retrieval(*, k: int = 5, min_overlap: float = 0.3, C: float = 1.0, random_state: int = 0):
    """Open setting: bm25s top-k sentences, then the claim-evidence LR (see retrieval.py)."""
    from .retrieval import RetrievalVerifier

    return RetrievalVerifier(k=k, min_overlap=min_overlap, C=C, random_state=random_state)


@dataclass(frozen=True)
class Baseline:
    """A registered baseline: name, version, setting, builder and hyperparameter grid.

    ``setting``: ``none`` (ignores the input), ``claim`` (claim text only), ``oracle``
    (claim + gold evidence), ``open`` (claim + retrieved evidence; predicts evidence,
    so it gets a FEVER score).
    """

    name: str
    version: int
    setting: str
    summary: str
    build: Callable[..., Any]
    grid: tuple[Mapping[str, Any], ...]

    @property
    def key(self) -> str:
        return f"{self.name}@v{self.version}"


BASELINES: dict[str, Baseline] = {
    b.name: b
    for b in (
        Baseline("majority", 1, "none", "DummyClassifier(most_frequent)", build_majority, ({},)),
        Baseline(
            "claim-only",
            1,
            "claim",
            "TF-IDF(claim) + logistic regression",
            build_claim_only,
            ({"C": 0.1}, {"C": 1.0}, {"C": 10.0}),
        ),
        Baseline(
            "claim-evidence",
            2,
            "oracle",
            "TF-IDF(claim, evidence) + pair features + logistic regression",
            build_claim_evidence,
            ({"C": 0.1}, {"C": 1.0}, {"C": 10.0}),
        ),
        Baseline(
            "claim-evidence-svm",
            2,
            "oracle",
            "TF-IDF(claim, evidence) + pair features + linear SVM",
            build_claim_evidence_svm,
            ({"C": 0.01}, {"C": 0.1}, {"C": 1.0}),
        ),
        Baseline(
            "retrieval",
            1,
            "open",
            "bm25s top-5 sentences + claim-evidence LR; NEI when nothing close",
            build_retrieval,
            ({"min_overlap": 0.25}, {"min_overlap": 0.5}, {"min_overlap": 0.75}),
        ),
    )
}


def get_baseline(name: str) -> Baseline:
    """Look a baseline up by ``name`` or ``name@vN``; an unknown one lists the valid ones."""
    base, _, version = name.partition("@")
    b = BASELINES.get(base)
    if b is None or (version and version != f"v{b.version}"):
        valid = ", ".join(f"{x.name} ({x.key})" for x in BASELINES.values())
        raise UsageError(f"unknown baseline {name!r}; valid baselines: {valid}")
    return b
