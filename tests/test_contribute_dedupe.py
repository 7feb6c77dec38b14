"""Duplicate claims: exact and near, on contribution and across splits in validate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.contribute import load_claims, save_claims
from toolkit.dedupe import NEAR_DUPLICATE_THRESHOLD, DuplicateIndex, exact_key, near_pairs
from toolkit.records import claim_id

FIXTURE = Path(__file__).parent / "data" / "contribute" / "claims.jsonl"
BASE = "Congress passed a package totaling nearly $61 billion to equip Ukraine with weapons."


def test_exact_key_ignores_case_spacing_and_closing_punctuation() -> None:
    assert exact_key("The war began in 2022.") == exact_key("  the WAR began in 2022 ")
    assert exact_key("Aid was $6.1 billion") != exact_key("Aid was $61 billion")


@pytest.mark.parametrize(
    ("text", "near"),
    [
        ("A package totaling nearly $61 billion to equip Ukraine with weapons was passed"
         " by Congress.", True),
        ("Congress passed a package of nearly $61 billion to equip Ukraine with weapons", True),
        ("Congress passed a package totaling nearly $45 billion to equip Ukraine with weapons.",
         True),
        ("Germany permitted Ukraine to use German-made weapons in a similar fashion.", False),
        ("The Russo-Ukraine war has been ongoing for more than two years.", False),
    ],
)  # fmt: skip
def test_threshold_separates_rewordings_from_other_claims(text: str, near: bool) -> None:
    index = DuplicateIndex([("0000000000000001", BASE)])
    found = index.find(text)
    assert (found is not None) == near
    if found:
        assert found.kind == "near" and found.score >= NEAR_DUPLICATE_THRESHOLD
        assert "0000000000000001" in found.describe()


def test_index_scores_do_not_depend_on_what_else_is_stored() -> None:
    alone = DuplicateIndex([("a", BASE)]).find(BASE.replace("totaling", "of"))
    crowd = DuplicateIndex(
        [("a", BASE)]
        + [(f"x{i}", f"An unrelated claim number {i} about trade.") for i in range(50)]
    ).find(BASE.replace("totaling", "of"))
    assert alone is not None and crowd is not None and alone.score == crowd.score


def _record(text: str, sentence: int | None, line: int) -> tuple[int, dict]:
    source = None if sentence is None else {"article_id": "a" * 16, "sentence_index": sentence}
    return line, {"id": claim_id(f"{text} {line}", None), "claim": text, "source": source}


def test_near_pairs_skip_claims_from_the_same_source_sentence() -> None:
    mutation = BASE.replace("$61", "$45")
    same_source = [_record(BASE, 2, 1), _record(mutation, 2, 2)]
    assert near_pairs(same_source) == []  # a claim and its mutation share a split
    other_source = [_record(BASE, 2, 1), _record(mutation, 7, 2)]
    (pair,) = near_pairs(other_source)
    assert (pair.first_line, pair.second_line) == (1, 2) and pair.score > 0.9
    no_source = [_record(BASE, None, 1), _record(BASE.lower(), None, 2)]
    assert len(near_pairs(no_source)) == 1


def test_validate_reports_near_duplicates_from_different_sources(project: Path) -> None:
    path = project / "data" / "claims.jsonl"
    shutil.copy(FIXTURE, path)
    runner = CliRunner()
    assert runner.invoke(app, ["validate"]).exit_code == 0  # the mutation shares its source
    claims = load_claims(path)
    # a human claim rewording claim 1, with evidence (and so source) in sentence 2 ...
    reworded = "A package totaling nearly $61 billion to equip Ukraine with weapons was passed."
    spec = {"claim": reworded, "label": "SUPPORTED", "annotator": "ana",
            "evidence": [{"exact": "to equip the country with more weapons"}]}  # fmt: skip
    (project / "c.json").write_text(json.dumps(spec))
    result = runner.invoke(app, ["add-claim", "--file", "c.json"])
    assert result.exit_code == 1 and "near duplicate of claim " + claims[0].id in result.stderr
    # ... written in by hand anyway, about another sentence: validate catches the leak
    moved = json.loads(path.read_text().splitlines()[0])
    moved["claim"] = reworded
    moved["id"] = claim_id(reworded, moved["source"]["article_id"])
    moved["source"] = {**moved["source"], "sentence_index": 3, "start": 391, "end": 492}
    moved["evidence"] = [
        {"article_id": moved["source"]["article_id"], "sentence_index": 3, "start": 391,
         "end": 394, "exact": "The"}
    ]  # fmt: skip
    with path.open("a") as f:
        f.write(json.dumps(moved) + "\n")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    problems = result.stdout.strip().splitlines()
    assert problems == [
        f"data/claims.jsonl:6: claim: near duplicate (n-gram cosine "
        f"{problems[0].split('cosine ')[1][:4]} >= 0.85) of claim {claims[0].id} on line 1, "
        "from another source sentence: the two can land in different splits (a leak); "
        "remove or reword one"
    ]


def test_validate_near_duplicate_check_is_deterministic(project: Path) -> None:
    path = project / "data" / "claims.jsonl"
    claims = load_claims(FIXTURE)
    save_claims(path, claims)
    runner = CliRunner()
    first = runner.invoke(app, ["validate"]).stdout
    assert runner.invoke(app, ["validate"]).stdout == first
