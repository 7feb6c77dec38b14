"""Classification metrics and bootstrap intervals: hand-worked values and determinism."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import f1_score

from toolkit.evaluate import (
    bootstrap_intervals,
    classification_scores,
)
from toolkit.evaluate.bootstrap import _f1_from_confusion
from toolkit.records import LABELS

S, R, N = LABELS


def test_classification_hand_worked() -> None:
    gold = [S, S, R, R, N, N]
    pred = [S, R, R, R, S, N]
    c = classification_scores(gold, pred)
    assert c.accuracy == pytest.approx(4 / 6)
    # SUPPORTED: P 1/2 R 1/2 F1 1/2; REFUTED: P 2/3 R 1 F1 4/5; NEI: P 1 R 1/2 F1 2/3
    assert c.per_class[S].f1 == pytest.approx(0.5)
    assert c.per_class[R].precision == pytest.approx(2 / 3)
    assert c.per_class[R].f1 == pytest.approx(0.8)
    assert c.per_class[N].recall == pytest.approx(0.5)
    assert c.macro_f1 == pytest.approx((0.5 + 0.8 + 2 / 3) / 3)
    assert c.confusion == ((1, 1, 0), (0, 2, 0), (1, 0, 1))
    assert [s.support for s in c.per_class.values()] == [2, 2, 2]


def test_macro_f1_skips_a_label_absent_from_gold_and_predictions() -> None:
    c = classification_scores([S, S, R], [S, S, R])
    assert c.accuracy == 1.0
    assert c.per_class[N].f1 == 0.0 and c.per_class[N].support == 0
    assert c.macro_f1 == 1.0  # NEI is neither gold nor predicted: not a zero


def test_macro_f1_charges_a_label_predicted_but_never_gold() -> None:
    c = classification_scores([S, S, R, R], [S, S, R, N])
    # SUPPORTED F1 1; REFUTED P 1 R 1/2 F1 2/3; NEI P 0 (no gold) F1 0
    assert c.macro_f1 == pytest.approx((1 + 2 / 3 + 0) / 3)


def test_bootstrap_f1_matches_scikit_learn() -> None:
    rng = np.random.default_rng(1)
    for _ in range(20):
        g = rng.integers(0, 3, size=30)
        p = rng.integers(0, 3, size=30)
        cm = np.bincount(g * 3 + p, minlength=9).reshape(3, 3)
        ours = _f1_from_confusion(cm)
        ref = f1_score(g, p, labels=[0, 1, 2], average=None, zero_division=0)
        np.testing.assert_allclose(ours, ref)
    # and the bootstrap's macro-F1 on the full sample (identity resample) too
    g = [LABELS[i] for i in (0, 0, 1, 1, 1)]
    p = [LABELS[i] for i in (0, 1, 1, 1, 0)]
    ivs = bootstrap_intervals(g, p, n_resamples=1)
    assert ivs["macro_f1"].low <= 1.0
    present = np.array([True, True, False])
    cm = np.array([[1, 1, 0], [1, 2, 0], [0, 0, 0]])
    assert _f1_from_confusion(cm)[present].mean() == pytest.approx(
        f1_score(g, p, average="macro", zero_division=0)
    )


def test_bootstrap_is_seeded_and_brackets_the_estimate() -> None:
    rng = np.random.default_rng(7)
    gold = [LABELS[i] for i in rng.integers(0, 3, size=60)]
    pred = [g if rng.random() < 0.7 else S for g in gold]
    strict = [g == p for g, p in zip(gold, pred, strict=True)]
    a = bootstrap_intervals(gold, pred, strict=strict)
    b = bootstrap_intervals(gold, pred, strict=strict)
    assert a == b
    assert a != bootstrap_intervals(gold, pred, strict=strict, seed=1)
    acc = classification_scores(gold, pred).accuracy
    assert a["accuracy"].low < acc < a["accuracy"].high
    assert a["fever_score"] == a["accuracy"]  # strict == label-correct here
    assert set(a) == {"accuracy", "macro_f1", "fever_score"} | {f"f1_{n}" for n in LABELS}


def test_bootstrap_leaves_undefined_f1_out() -> None:
    gold, pred = [S, S, S, R], [S, S, S, R]  # NEI never occurs; R is rare
    iv = bootstrap_intervals(gold, pred)
    assert f"f1_{N}" not in iv  # never defined: no interval, not [0, 0]
    # R is missing from some resamples; those are skipped, not scored 0
    assert iv[f"f1_{R}"] == iv[f"f1_{S}"] == iv["macro_f1"]
    assert iv[f"f1_{R}"].low == 1.0
