"""Percentile bootstrap intervals for the label metrics and the FEVER score.

Seeded, so the same inputs always give the same intervals (and the same report bytes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from toolkit.records import LABELS

N_RESAMPLES = 1000
SEED = 0


@dataclass(frozen=True)
class Interval:
    """A percentile bootstrap confidence interval."""

    low: float
    high: float


def _f1_from_confusion(cm: np.ndarray) -> np.ndarray:
    """Per-class F1 of a stack of confusion matrices (``[..., gold, pred]``), 0 if undefined."""
    tp = np.diagonal(cm, axis1=-2, axis2=-1).astype(float)
    denom = cm.sum(axis=-1) + cm.sum(axis=-2)  # support + predicted = 2tp + fp + fn
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0, 2 * tp / np.where(denom > 0, denom, 1), 0.0)


def bootstrap_intervals(
    gold: Sequence[str],
    pred: Sequence[str],
    *,
    strict: Sequence[bool] | None = None,
    n_resamples: int = N_RESAMPLES,
    seed: int = SEED,
    level: float = 0.95,
) -> dict[str, Interval]:
    """95% percentile intervals for accuracy, macro-F1, per-class F1 (and FEVER score).

    A label's F1 is undefined in a resample that has it neither as gold nor predicted;
    such resamples are left out of that label's interval rather than counted as 0.

    Claims are resampled with replacement ``n_resamples`` times from a generator seeded
    with ``seed``, so the same inputs always give the same intervals. The statistics are
    computed from per-resample confusion matrices (the same definitions as
    :func:`classification_scores`, checked against scikit-learn in the tests) because
    calling scikit-learn a thousand times would dominate the run time on large splits.
    """
    if n_resamples <= 0:
        return {}
    index = {name: i for i, name in enumerate(LABELS)}
    g = np.fromiter((index[x] for x in gold), dtype=np.int64, count=len(gold))
    p = np.fromiter((index[x] for x in pred), dtype=np.int64, count=len(pred))
    n, k = len(g), len(LABELS)
    rng = np.random.default_rng(seed)
    cells = g * k + p
    s = None if strict is None else np.asarray(strict, dtype=float)
    stats: dict[str, list[float]] = {"accuracy": [], "macro_f1": []}
    stats.update({f"f1_{name}": [] for name in LABELS})
    if s is not None:
        stats["fever_score"] = []
    for _ in range(n_resamples):
        idx = rng.integers(0, n, size=n)
        cm = np.bincount(cells[idx], minlength=k * k).reshape(k, k)
        f1 = _f1_from_confusion(cm)
        stats["accuracy"].append(np.trace(cm) / n)
        present = (cm.sum(axis=0) + cm.sum(axis=1)) > 0  # in gold or predicted
        stats["macro_f1"].append(float(f1[present].mean()))
        for i, name in enumerate(LABELS):  # undefined (not 0) where the label is absent
            stats[f"f1_{name}"].append(float(f1[i]) if present[i] else np.nan)
        if s is not None:
            stats["fever_score"].append(float(s[idx].mean()))
    alpha = (1 - level) / 2
    out = {}
    for key, values in stats.items():
        v = np.asarray(values, dtype=float)
        v = v[~np.isnan(v)]
        if len(v):  # a label absent from every resample gets no interval
            out[key] = Interval(float(np.quantile(v, alpha)), float(np.quantile(v, 1 - alpha)))
    return out
