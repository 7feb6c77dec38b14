"""FEVER claims with several evidence groups: import keeps them, evaluate scores like FEVER.

The fixture (``tests/data/interop/fever_groups``) is written in FEVER's published
format: claims with 1 to 3 alternative evidence groups (one repeated, as FEVER's
annotators often did), groups that span two pages, a NOT ENOUGH INFO claim, and pages in
wiki-pages layout with hyperlink anchors. Issue 12 measured the single-group import
scoring 0.455 where the official scorer gives 0.545; here the whole path (import ->
build -> ``claimkit evaluate``) must give the official scorer's five numbers, worked out
by hand below from its rules: the first 5 predicted sentences count; a verifiable claim
is strictly correct when its label is right and one complete group is among them;
precision and recall are macro-averaged over verifiable claims (precision against the
sentences of every group; no predicted sentence counts as precision 1); F1 = 2PR/(P+R).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.interop.fever import export_claim
from toolkit.jsonl import iter_jsonl
from toolkit.records import Article, Claim, decode

FIXTURE = Path(__file__).parent / "data" / "interop" / "fever_groups"
P, R = "Quinta_Network", "Rio_Media_Group"

# FEVER id -> (predicted label, predicted evidence as FEVER [page, line] pairs)
PREDICTIONS = {
    1001: ("REFUTED", [(P, 2), (P, 1), (R, 0)]),  # 2nd group complete: strict; P = 2/3
    1002: ("REFUTED", [(P, 1), (R, 0)]),  # evidence complete, label wrong; P = 1, R = 1
    1003: ("SUPPORTED", [(P, 0), (P, 1), (P, 2), (R, 0), (R, 1), (P, 3)]),  # P3 is 6th: P = 1/5
    1004: ("NOT_ENOUGH_INFO", [(P, 0)]),  # NEI: the label alone decides; no P/R
    1005: ("REFUTED", []),  # nothing predicted: P = 1, R = 0
}
STRICT = Fraction(2, 5)  # 1001 and 1004
ACCURACY = Fraction(4, 5)  # all but 1002
PRECISION = (Fraction(2, 3) + 1 + Fraction(1, 5) + 1) / 4  # 43/60
RECALL = Fraction(1 + 1 + 0 + 0, 4)
F1 = 2 * PRECISION * RECALL / (PRECISION + RECALL)  # 43/73


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fever_groups")
    runner = CliRunner()
    data = root / "data"
    r = runner.invoke(app, ["import", "--format", "fever", str(FIXTURE / "claims.jsonl"),
                            "--pages", str(FIXTURE / "pages.jsonl"),
                            "--claims", str(data / "claims.jsonl"),
                            "--articles", str(data / "articles.jsonl"),
                            "--rejects", str(root / "rejects.jsonl")])  # fmt: skip
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["build", "--data", str(data), "--out", str(root / "hf"),
                            "--train", "0", "--validation", "0", "--test", "1",
                            "--results", str(root / "none.md")])  # fmt: skip
    assert r.exit_code == 0, r.output
    return root


def _loaded(project: Path) -> tuple[dict[str, Article], list[Claim]]:
    articles = {d["title"]: decode(Article, d)
                for _, d in iter_jsonl(project / "data" / "articles.jsonl")}  # fmt: skip
    claims = [decode(Claim, d) for _, d in iter_jsonl(project / "data" / "claims.jsonl")]
    return articles, claims


def _sentence(article: Article, line: int) -> int:
    """Our sentence for FEVER line ``line`` (each fixture line is one sentence)."""
    block = [i for i, b in enumerate(article.structure) if b.kind == "paragraph"][line]
    (index,) = [s.index for s in article.sentences if s.block == block]
    return index


def _fever_id(claim: Claim) -> int:
    return claim.annotations[0].origin.id


def test_import_keeps_every_group_and_export_gives_them_back(project: Path) -> None:
    articles, claims = _loaded(project)
    by_fever = {_fever_id(c): c for c in claims}
    assert [len(by_fever[i].evidence) for i in sorted(by_fever)] == [2, 1, 2, 0, 2]
    first_group = [(e.article_id, e.sentence_index) for e in by_fever[1005].evidence[0]]
    assert first_group == [(articles[R].id, _sentence(articles[R], 1)),
                           (articles[P].id, _sentence(articles[P], 1))]  # fmt: skip
    source = {o["id"]: o for _, o in iter_jsonl(FIXTURE / "claims.jsonl")}
    by_id = {a.id: a for a in articles.values()}
    for fid, claim in by_fever.items():
        (row,) = export_claim(claim, by_id, _layouts(claims))
        assert row["evidence"] == source[fid]["evidence"]  # verbatim, every group


def _layouts(claims: list[Claim]):
    from toolkit.interop.fever import page_layouts

    return page_layouts(claims)


def test_evaluate_equals_the_official_scorer_on_several_groups(project: Path) -> None:
    articles, claims = _loaded(project)
    lines = []
    for claim in sorted(claims, key=lambda c: c.id):
        label, evidence = PREDICTIONS[_fever_id(claim)]
        pairs = [[articles[page].id, _sentence(articles[page], line)] for page, line in evidence]
        lines.append(json.dumps({"id": claim.id, "label": label, "evidence": pairs}))
    preds = project / "predictions.jsonl"
    preds.write_text("\n".join(lines) + "\n")
    r = CliRunner().invoke(app, ["evaluate", "--predictions", str(preds), "--dataset", str(project / "hf"),
                                 "--split", "test", "--json"])  # fmt: skip
    assert r.exit_code == 0, r.output
    fever = json.loads(r.stdout)["fever"]
    got = [fever["fever_score"], fever["label_accuracy"], fever["evidence_precision"],
           fever["evidence_recall"], fever["evidence_f1"]]  # fmt: skip
    expected = [float(x) for x in (STRICT, ACCURACY, PRECISION, RECALL, F1)]
    assert got == pytest.approx(expected, abs=5e-7)  # the JSON report keeps 6 decimals
    assert (fever["n"], fever["n_verifiable"]) == (5, 4)
