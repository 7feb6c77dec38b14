"""Duplicate claims: exact and near, on contribution and across splits in validate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.dedupe import NEAR_DUPLICATE_THRESHOLD, DuplicateIndex, exact_key
from toolkit.records import claim_id
from toolkit.store import Store

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


PAIRS = [
    (BASE, "A package totaling nearly $61 billion to equip Ukraine with weapons was passed"
           " by Congress."),
    (BASE, BASE.replace("$61", "$45")),
    ("U.S. aid  reached Kyiv\tin May", "US aid reached Kyiv in May."),
    ("Ünïcödé «quoted» naïve café", "unicode quoted naive cafe"),
    ("a b", "A B ab"),  # words shorter than an n-gram
    ("", "Anything at all."),  # no n-gram: nothing is near it
]  # fmt: skip


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_scores_are_scikit_learn_char_wb_cosines(a: str, b: str) -> None:
    """The index counts what HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5))
    counts (the threshold was measured with it), only without hashing collisions."""
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer

    hasher = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=2**20,
                               alternate_sign=False, norm="l2", dtype=np.float64)  # fmt: skip
    m = hasher.transform([a, b])
    expected = float((m[0] @ m[1].T).toarray()[0, 0])
    assert DuplicateIndex([("a", a)]).nearest(b) == ("a", pytest.approx(expected, abs=1e-12))


def test_added_claims_widen_the_index_and_are_found() -> None:
    index = DuplicateIndex([("a", BASE)])
    other = "Zebras zigzagged through Zanzibar's zoo in 1999."
    assert index.find(other) is None
    index.add("b", other)
    found = index.find(other.replace("1999", "1998"))
    assert found is not None and found.claim_id == "b" and found.kind == "near"
    assert index.find(BASE.replace("totaling", "of")).claim_id == "a"


def test_validate_groups_near_duplicates_and_reports_them_only_when_frozen_apart(
    project: Path,
) -> None:
    path = project / "data" / "claims.jsonl"
    shutil.copy(FIXTURE, path)
    runner = CliRunner()
    assert runner.invoke(app, ["validate"]).exit_code == 0  # the mutation shares its source
    claims = Store.of(claims=path).claims()
    # a human claim rewording claim 1, with evidence (and so source) in sentence 2 ...
    reworded = "A package totaling nearly $61 billion to equip Ukraine with weapons was passed."
    spec = {"claim": reworded, "label": "SUPPORTED", "annotator": "ana",
            "evidence": [{"exact": "to equip the country with more weapons"}]}  # fmt: skip
    (project / "c.json").write_text(json.dumps(spec))
    result = runner.invoke(app, ["add-claim", "--file", "c.json"])
    assert result.exit_code == 1 and "near duplicate of claim " + claims[0].id in result.stderr
    # ... written in by hand anyway about sentence 5: its own sentence, but a near
    # duplicate, so it joins claim 1's group and nothing leaks
    line = json.loads(path.read_text().splitlines()[0])
    aid = line["source"]["article_id"]
    text = Store.of(articles=project / "data" / "articles.jsonl").articles_by_id()[aid].text
    start, end = 699, 841
    moved = dict(line, claim=reworded, id=claim_id(reworded, aid))
    moved["source"] = {**line["source"], "sentence_index": 5, "start": start, "end": end}
    moved["evidence"] = [[{"article_id": aid, "sentence_index": 5, "start": start, "end": end,
                           "exact": text[start:end]}]]  # fmt: skip
    kept = path.read_text().splitlines()[:5]
    path.write_text("\n".join([*kept, json.dumps(moved)]) + "\n")
    assert runner.invoke(app, ["validate"]).exit_code == 0
    # a splits file that froze the two apart (edited by hand) is a leak, on the later line
    (project / "data" / "splits.jsonl").write_text(
        f'{{"key":"c:{claims[0].id}","split":"train"}}\n'
        f'{{"key":"c:{moved["id"]}","split":"validation"}}\n'
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    problems = result.stdout.strip().splitlines()
    assert len(problems) == 1 and problems[0].startswith(
        f"data/claims.jsonl:6: claim: leak between splits: claims {claims[0].id} (train) and"
        f" {moved['id']} (validation) are near duplicates (shingle Jaccard ")
    # without the near-duplicate links the same data has no sentence leak
    assert runner.invoke(app, ["validate", "--no-near-duplicates"]).exit_code == 0


def test_validate_near_duplicate_check_is_deterministic(project: Path) -> None:
    path = project / "data" / "claims.jsonl"
    claims = Store.of(claims=FIXTURE).claims()
    Store.of(claims=path).write_claims(claims)
    runner = CliRunner()
    first = runner.invoke(app, ["validate"]).stdout
    assert runner.invoke(app, ["validate"]).stdout == first
