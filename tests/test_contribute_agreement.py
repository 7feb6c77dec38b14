"""Agreement figures checked against examples worked out by hand."""

from __future__ import annotations

import dataclasses
import math
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.agreement import agreement, cohen_kappa, fleiss_kappa, specific_agreement
from toolkit.cli import app
from toolkit.records import Annotation, Claim, claim_id
from toolkit.store import Store

S, R, N = "SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"


def claim(cid: str, **labels: str) -> Claim:
    """A claim annotated by each keyword (annotator=label)."""
    anns = tuple(Annotation(who, lab, "2024-06-01T00:00:00Z") for who, lab in labels.items())
    return Claim(id=cid, claim=f"claim {cid}", label=S, evidence=(), source=None,
                 method="extracted", annotations=anns)  # fmt: skip


# Four claims, three annotators (ann, bob, cy); cy saw only the first two:
#   c1: S S S   c2: R R S   c3: N R -   c4: S S -   c5: S (one annotator: ignored)
HAND = [
    claim("c1", ann=S, bob=S, cy=S),
    claim("c2", ann=R, bob=R, cy=S),
    claim("c3", ann=N, bob=R),
    claim("c4", ann=S, bob=S),
    claim("c5", ann=S),
]


def test_fleiss_kappa_by_hand() -> None:
    # counts (S, R, N): c1 [3,0,0]  c2 [1,2,0]  c3 [0,1,1]  c4 [2,0,0]
    # P_i: c1 6/6 = 1, c2 2/6 = 1/3, c3 0/2 = 0, c4 2/2 = 1      -> P = (7/3)/4 = 7/12
    # p_j over 10 annotations: S 6/10, R 3/10, N 1/10           -> Pe = .36+.09+.01 = .46
    # kappa = (7/12 - 23/50) / (1 - 23/50) = (37/300) / (27/50) = 37/162
    report = agreement(HAND)
    assert report.claims == 4 and report.annotations == 10
    assert report.annotators == ("ann", "bob", "cy")
    assert report.fleiss.observed == pytest.approx(7 / 12)
    assert report.fleiss.expected == pytest.approx(0.46)
    assert report.fleiss.kappa == pytest.approx(37 / 162)


def test_cohen_kappa_per_pair_by_hand() -> None:
    # ann/bob over c1-c4: ann S R N S, bob S R R S; observed 3/4;
    #   chance: S 2/4*2/4 + R 1/4*2/4 + N 1/4*0 = 6/16;  kappa = (3/4 - 3/8) / (5/8) = 0.6
    # ann/cy over c1-c2: ann S R, cy S S; observed 1/2; chance 1/2*2/2 = 1/2; kappa 0
    pairs = {(p.annotator_a, p.annotator_b): p for p in agreement(HAND).pairs}
    assert pairs["ann", "bob"].items == 4 and pairs["ann", "bob"].observed == 0.75
    assert pairs["ann", "bob"].kappa == pytest.approx(0.6)
    assert pairs["ann", "cy"].items == 2 and pairs["ann", "cy"].kappa == pytest.approx(0.0)
    assert pairs["bob", "cy"].kappa == pytest.approx(0.0)


def test_per_label_agreement_by_hand() -> None:
    # S: sum n(n-1) = 6 + 0 + 2 = 8 over sum n(n_i - 1) = 6 + 2 + 2 = 10 -> 0.8
    # R: 2 over (2*2 + 1*1) = 5 -> 0.4;   N: 0 over 1 -> 0.0
    per = {la.label: la for la in agreement(HAND).per_label}
    assert per[S].agreement == pytest.approx(0.8) and per[S].assignments == 6
    assert per[R].agreement == pytest.approx(0.4) and per[R].assignments == 3
    assert per[N].agreement == 0.0 and per[N].assignments == 1


def test_fleiss_kappa_on_the_textbook_table() -> None:
    # Fleiss (1971) style example as printed in many textbooks: 10 items, 14 raters,
    # 5 categories; P = 0.378, Pe = 0.213, kappa = 0.210 (to three places).
    table = [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]  # fmt: skip
    result = fleiss_kappa(table)
    assert round(result.observed, 3) == 0.378
    assert round(result.expected, 3) == 0.213
    assert round(result.kappa, 3) == 0.210
    assert len(specific_agreement(table)) == 5


def test_undefined_kappas_are_none_not_numbers() -> None:
    same = [claim("a", ann=S, bob=S), claim("b", ann=S, bob=S)]
    report = agreement(same)
    assert report.fleiss.kappa is None and report.fleiss.observed == 1.0
    assert report.pairs[0].kappa is None
    assert cohen_kappa([], []) is None
    assert "n/a" in report.to_text() and "| Fleiss' kappa | n/a |" in report.to_markdown()
    empty = agreement([claim("x", ann=S)])
    assert empty.claims == 0 and empty.fleiss.kappa is None and empty.pairs == ()
    assert "no claim has annotations from two or more people" in empty.to_text()


def test_text_markdown_and_dict_carry_the_figures() -> None:
    report = agreement(HAND)
    text = report.to_text()
    assert "Fleiss' kappa: 0.228" in text and "ann / bob: 0.600" in text
    md = report.to_markdown()
    assert "| Fleiss' kappa | 0.228 |" in md and "| ann / bob | 4 | 0.750 | 0.600 |" in md
    assert "| SUPPORTED | 6 | 0.800 |" in md
    d = report.figures()
    assert math.isclose(d["fleiss_kappa"], 37 / 162) and d["per_label"][R]["agreement"] == 0.4


def test_the_latest_word_of_each_person_counts_once() -> None:
    twice = Claim(id="t", claim="t", label=S, evidence=(), source=None, method="extracted",
                  annotations=(Annotation("ann", R, "1"), Annotation("ann", S, "2"),
                               Annotation("bob", S, "3")))  # fmt: skip
    report = agreement([twice])
    assert report.annotations == 2 and report.fleiss.observed == 1.0


def test_agreement_command(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    Store.of(claims=path).write_claims([dataclasses.replace(c, id=claim_id(c.claim, None)) for c in HAND])
    runner = CliRunner()
    result = runner.invoke(app, ["agreement", "--claims", str(path)])
    assert result.exit_code == 0, result.output
    assert "Fleiss' kappa: 0.228" in result.stdout
    result = runner.invoke(app, ["agreement", "--claims", str(path), "--markdown"])
    assert "| Fleiss' kappa | 0.228 |" in result.stdout
    bad = tmp_path / "bad.jsonl"
    shutil.copy(path, bad)
    bad.write_text(bad.read_text().replace('"label":"REFUTED"', '"label":"NOPE"', 1))
    result = runner.invoke(app, ["agreement", "--claims", str(bad)])
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {bad}:2: ")


def test_stats_prints_the_agreement_of_the_hand_worked_example(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    Store.of(claims=path).write_claims([dataclasses.replace(c, id=claim_id(c.claim, None)) for c in HAND])
    result = CliRunner().invoke(app, ["stats", str(path)])
    assert result.exit_code == 0, result.output
    assert "annotator agreement" in result.stdout
    assert "Fleiss' kappa: 0.228" in result.stdout
    assert "Cohen's kappa ann / bob" in result.stdout
