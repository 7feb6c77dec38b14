"""FEVER scoring, hand-worked: every rule of the official scorer has its own case.

Sentences are written ``("A", 1)`` (article A, sentence 1). Each expected number below
was worked out by hand from the rules in toolkit/evaluate/fever.py's docstring.
"""

from __future__ import annotations

import math

import pytest

from toolkit.evaluate import (
    FeverClaim,
    evaluate,
    fever_aggregate,
    fever_claim,
    fever_score,
)
from toolkit.interop.fever import export_predictions as fever_export
from toolkit.records import Claim, Evidence, Prediction

S, R, N = "SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"
A1, A2, A3, B1, B2, B3, B4 = ("A", 1), ("A", 2), ("A", 3), ("B", 1), ("B", 2), ("B", 3), ("B", 4)


def test_nei_needs_only_the_label() -> None:
    c = fever_claim(N, (), N, [A1, A2])
    assert c == FeverClaim(label_correct=True, strictly_correct=True, precision=None, recall=None)
    assert fever_claim(N, (), S, []).strictly_correct is False


def test_complete_group_within_first_five_is_strictly_correct() -> None:
    c = fever_claim(S, [(A1, A2)], S, [A2, B1, A1])
    assert c.strictly_correct
    assert c.recall == 1.0
    assert c.precision == pytest.approx(2 / 3)


def test_incomplete_group_is_worth_nothing() -> None:
    c = fever_claim(S, [(A1, A2)], S, [A1, B1])
    assert not c.strictly_correct
    assert c.recall == 0.0
    assert c.precision == 0.5


def test_only_the_first_five_sentences_count() -> None:
    # The gold sentence is sixth: it neither completes the group nor adds precision.
    pred = [B1, B2, B3, B4, A3, A1]
    c = fever_claim(R, [(A1,)], R, pred)
    assert not c.strictly_correct
    assert c.recall == 0.0
    assert c.precision == 0.0
    # At fifth place it counts: precision over the five only.
    c = fever_claim(R, [(A1,)], R, [B1, B2, B3, B4, A1, A3])
    assert c.strictly_correct and c.precision == pytest.approx(1 / 5)


def test_wrong_label_with_complete_evidence() -> None:
    # Not strictly correct, but evidence is still scored (precision/recall ignore labels).
    c = fever_claim(S, [(A1,)], R, [A1])
    assert not c.label_correct and not c.strictly_correct
    assert (c.precision, c.recall) == (1.0, 1.0)


def test_empty_prediction_has_precision_one() -> None:
    c = fever_claim(S, [(A1,)], S, [])
    assert (c.precision, c.recall, c.strictly_correct) == (1.0, 0.0, False)
    assert fever_claim(S, [(A1,)], S, None).precision == 1.0


def test_verifiable_claim_without_gold_evidence() -> None:
    # Official scorer: no group can be complete (not strictly correct), recall 1.
    c = fever_claim(S, (), S, [A1])
    assert not c.strictly_correct
    assert c.recall == 1.0
    assert c.precision == 0.0


def test_any_one_of_several_groups_suffices() -> None:
    c = fever_claim(S, [(A1, A2), (B1,)], S, [B1, A3])
    assert c.strictly_correct and c.recall == 1.0
    assert c.precision == 0.5  # B1 is gold (in some group), A3 is not


def test_duplicates_count_like_the_official_scorer() -> None:
    assert fever_claim(S, [(A1,)], S, [A1, A1]).precision == 1.0
    assert fever_claim(S, [(A1,)], S, [B1, B1, A1]).precision == pytest.approx(1 / 3)


def _gold(cid: str, label: str, evidence: tuple = ()) -> Claim:
    group = tuple(Evidence(f"quote {a}{i}", a, i) for a, i in evidence)
    return Claim(id=cid, claim=f"claim {cid}", label=label,
                 evidence=(group,) if group else (), source=None, method="human")


def test_aggregate_hand_worked() -> None:
    gold = [
        _gold("1", S, (A1, A2)),  # right label, complete group      -> strict
        _gold("2", R, (B1,)),  # right label, gold 6th              -> not strict
        _gold("3", N),  # right label                        -> strict
        _gold("4", S, (A3,)),  # wrong label, complete             -> not strict
    ]
    preds = [
        Prediction("1", S, (A1, A2, B4)),  # P 2/3, R 1
        Prediction("2", R, (A1, A2, A3, B2, B3, B1)),  # P 0,   R 0
        Prediction("3", N, (A1,)),  # not counted in P/R
        Prediction("4", N, ()),  # P 1,   R 0
    ]
    r = fever_score(gold, preds)
    assert r.n == 4 and r.n_verifiable == 3
    assert r.fever_score == 0.5
    assert r.label_accuracy == 0.75
    p = (2 / 3 + 0 + 1) / 3
    rec = 1 / 3
    assert r.evidence_precision == pytest.approx(p)
    assert r.evidence_recall == pytest.approx(rec)
    assert r.evidence_f1 == pytest.approx(2 * p * rec / (p + rec))


def test_no_verifiable_claims_uses_official_defaults_without_dividing_by_zero() -> None:
    r = fever_aggregate([fever_claim(N, (), N, []), fever_claim(N, (), S, [A1])])
    assert (r.evidence_precision, r.evidence_recall, r.evidence_f1) == (1.0, 0.0, 0.0)
    assert r.fever_score == 0.5


def test_zero_precision_and_recall_give_zero_f1() -> None:
    # The official scorer would raise ZeroDivisionError here.
    r = fever_aggregate([fever_claim(S, [(A1,)], S, [B1])])
    assert (r.evidence_precision, r.evidence_recall, r.evidence_f1) == (0.0, 0.0, 0.0)
    assert not math.isnan(r.evidence_f1)


def test_evaluate_scores_fever_only_with_evidence() -> None:
    gold = [_gold("1", S, (A1,)), _gold("2", N)]
    without = evaluate(gold, [Prediction("1", S), Prediction("2", N)], n_resamples=10)
    assert without.fever is None and "fever_score" not in without.intervals
    # One prediction with evidence: the other counts as predicting no sentence.
    mixed = evaluate(gold, [Prediction("1", S), Prediction("2", N, (A1,))], n_resamples=10)
    assert mixed.fever is not None
    assert mixed.fever.fever_score == 0.5  # claim 1 has no evidence: not strict
    assert mixed.fever.evidence_precision == 1.0  # empty prediction: precision 1


def test_fever_export_layout() -> None:
    gold = [_gold("1", S, (A1, A2)), _gold("2", N)]
    preds, golds = fever_export(gold, [Prediction("1", S, (A1,)), Prediction("2", N)])
    assert preds == [
        {"id": "1", "predicted_label": "SUPPORTS", "predicted_evidence": [["A", 1]]},
        {"id": "2", "predicted_label": "NOT ENOUGH INFO", "predicted_evidence": []},
    ]
    assert golds[0]["evidence"] == [[[None, None, "A", 1], [None, None, "A", 2]]]
    assert golds[0]["verifiable"] == "VERIFIABLE" and golds[0]["label"] == "SUPPORTS"
    assert golds[1]["evidence"] == [[[None, None, None, None]]]
    assert golds[1]["verifiable"] == "NOT VERIFIABLE"


def test_external_evidence_rows_load_and_can_never_be_retrieved() -> None:
    from toolkit.dataset.load import claim_from_row
    from toolkit.evaluate import EXTERNAL_EVIDENCE, evidence_pairs

    rows = [
        {
            "id": "a" * 16,
            "claim": "c",
            "label": "SUPPORTED",
            "evidence": [
                [
                    {
                        "article_id": None,
                        "sentence_index": None,
                        "start": None,
                        "end": None,
                        "exact": "an outside quote",
                    }
                ]
            ],
        },
        {
            "id": "b" * 16,
            "claim": "d",
            "label": "REFUTED",
            "evidence": [
                [
                    {
                        "article_id": "0" * 16,
                        "sentence_index": 3,
                        "start": 1,
                        "end": 5,
                        "exact": "in corpus",
                    }
                ]
            ],
        },
    ]
    external, internal = map(claim_from_row, rows)
    assert evidence_pairs(external) == ((EXTERNAL_EVIDENCE,),)
    assert [e.exact for e in external.evidence_items] == ["an outside quote"]
    assert evidence_pairs(internal) == ((("0" * 16, 3),),)
