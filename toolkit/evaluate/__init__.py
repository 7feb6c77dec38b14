"""Scoring predictions against the gold claims: metrics, FEVER score, bootstrap, files.

Gold claims are :class:`~toolkit.records.Claim` records, read from the built dataset by
:mod:`toolkit.dataset.load` (the one Hugging Face reader). Everything here is a pure
function over in-memory records that returns a named result, except
:func:`read_predictions` at the edge. Text reports and plots live in
:mod:`toolkit.report`; the FEVER export in :mod:`toolkit.interop.fever`.
"""

from toolkit.evaluate.bootstrap import N_RESAMPLES, SEED, Interval, bootstrap_intervals
from toolkit.evaluate.fever import (
    EXTERNAL_EVIDENCE,
    MAX_EVIDENCE,
    NEI,
    FeverClaim,
    FeverResult,
    Pair,
    evidence_pairs,
    fever_aggregate,
    fever_claim,
    fever_score,
    fingerprint,
)
from toolkit.evaluate.metrics import (
    ClassificationResult,
    ClassScores,
    EvaluationResult,
    classification_scores,
    evaluate,
)
from toolkit.evaluate.predictions import PROBLEM_KINDS, read_predictions

__all__ = [
    "EXTERNAL_EVIDENCE",
    "MAX_EVIDENCE",
    "NEI",
    "N_RESAMPLES",
    "PROBLEM_KINDS",
    "SEED",
    "ClassScores",
    "ClassificationResult",
    "EvaluationResult",
    "FeverClaim",
    "FeverResult",
    "Interval",
    "Pair",
    "bootstrap_intervals",
    "classification_scores",
    "evaluate",
    "evidence_pairs",
    "fever_aggregate",
    "fever_claim",
    "fever_score",
    "fingerprint",
    "read_predictions",
]
