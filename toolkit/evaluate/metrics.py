"""Classification metrics, and the whole evaluation of one predictions file.

Metrics are pure functions over in-memory labels that return named results (frozen
dataclasses), never tuples; the definitions are scikit-learn's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from toolkit.errors import UsageError
from toolkit.evaluate.bootstrap import N_RESAMPLES, SEED, Interval, bootstrap_intervals
from toolkit.evaluate.fever import FeverResult, fever_aggregate, fever_claims
from toolkit.records import LABELS, Claim, Prediction


@dataclass(frozen=True)
class ClassScores:
    """Precision, recall and F1 of one label, and its number of gold claims."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class ClassificationResult:
    """Label metrics of ``n`` claims.

    ``confusion[i][j]`` counts the claims of gold label ``LABELS[i]`` predicted as
    ``LABELS[j]``: rows gold, columns predicted, as scikit-learn's confusion_matrix.
    """

    n: int
    accuracy: float
    #: Mean F1 over the labels present in gold or predictions (see classification_scores).
    macro_f1: float
    #: Every label of LABELS, in order; support 0 marks one absent from the gold labels.
    per_class: dict[str, ClassScores]
    confusion: tuple[tuple[int, ...], ...]


def classification_scores(gold: Sequence[str], pred: Sequence[str]) -> ClassificationResult:
    """Accuracy, macro-F1, per-class P/R/F1 and the confusion matrix.

    Macro-F1 averages over the labels that occur in the gold labels or the predictions
    (scikit-learn's default), with 0 for an undefined ratio (``zero_division=0``): a
    model that misses a gold label, or predicts one that never occurs, pays for it, but
    a label absent from both (common in a small split) is not counted as a zero.
    Per-class scores are given for all three labels (support 0 marks an absent one).
    """
    from sklearn.metrics import (
        accuracy_score,
        confusion_matrix,
        f1_score,
        precision_recall_fscore_support,
    )

    if len(gold) != len(pred) or not gold:
        raise UsageError(f"need equal, non-zero numbers of labels; got {len(gold)}, {len(pred)}")
    labels = list(LABELS)
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    return ClassificationResult(
        n=len(gold),
        accuracy=float(accuracy_score(gold, pred)),
        macro_f1=float(f1_score(gold, pred, average="macro", zero_division=0)),
        per_class={
            name: ClassScores(float(p[i]), float(r[i]), float(f[i]), int(s[i]))
            for i, name in enumerate(labels)
        },
        confusion=tuple(
            tuple(int(v) for v in row) for row in confusion_matrix(gold, pred, labels=labels)
        ),
    )


@dataclass(frozen=True)
class EvaluationResult:
    """Everything ``claimkit evaluate`` reports about one predictions file on one split."""

    split: str
    classification: ClassificationResult
    fever: FeverResult | None
    intervals: dict[str, Interval] = field(default_factory=dict)

    def jsonable(self) -> dict[str, Any]:
        """Plain JSON-able form, floats rounded to 6 places for stable bytes."""
        return _round(asdict(self))


def _round(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, 6)
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_round(v) for v in obj]
    return obj


def evaluate(
    gold: Sequence[Claim],
    predictions: Sequence[Prediction],
    *,
    split: str = "test",
    n_resamples: int = N_RESAMPLES,
    seed: int = SEED,
) -> EvaluationResult:
    """Score predictions aligned with ``gold`` (same order).

    The FEVER part is computed when at least one prediction carries evidence; a
    prediction without an ``evidence`` field then counts as predicting no sentence.
    """
    if [g.id for g in gold] != [p.id for p in predictions]:
        raise UsageError(
            "predictions must be aligned with the gold claims; read them with read_predictions"
        )
    gl = [g.label for g in gold]
    pl = [p.label for p in predictions]
    fever = None
    strict = None
    if any(p.evidence is not None for p in predictions):
        per = fever_claims(gold, predictions)
        fever = fever_aggregate(per)
        strict = [c.strictly_correct for c in per]
    return EvaluationResult(
        split=split,
        classification=classification_scores(gl, pl),
        fever=fever,
        intervals=bootstrap_intervals(gl, pl, strict=strict, n_resamples=n_resamples, seed=seed),
    )
