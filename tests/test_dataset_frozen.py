"""The shipped splits are a promise: the committed test claims stay in test as data grows.

Issue 12 measured the old splitter moving all 6 shipped test claims into train once 29
articles were added (grouping switched from sentence to article at 30). Here the
committed ``data/`` (claims plus ``data/splits.jsonl``) grows by 29, 100 and 1,000
generated articles (``benchmarks/corpus.py``: the seed reshuffled, numbers and names
varied, so many new claims are near duplicates of shipped ones), each with claims, and
every shipped claim keeps its split while nothing leaks.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from toolkit.dataset.build import build
from toolkit.dataset.leaks import find_leaks
from toolkit.dataset.splits import SPLITS_FILE, assign_splits, read_assignments
from toolkit.ingest import ingest
from toolkit.jsonl import iter_jsonl, write_jsonl
from toolkit.records import Article, Claim, decode, encode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus import generate_claims, write_articles  # noqa: E402


def _committed() -> tuple[list[Article], list[Claim]]:
    articles = [decode(Article, d) for _, d in iter_jsonl(REPO / "data" / "articles.jsonl")]
    claims = [decode(Claim, d) for _, d in iter_jsonl(REPO / "data" / "claims.jsonl")]
    return articles, claims


def _placed(result) -> dict[str, str]:
    return {c.id: name for name, rows in result.splits.items() for c in rows}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Article]:
    """1,000 generated articles, ingested once for every size."""
    path = write_articles(tmp_path_factory.mktemp("corpus") / "articles.jsonl", 1000, seed=1)
    return ingest([path]).articles


def test_the_seed_dataset_shares_nothing_across_splits() -> None:
    articles, claims = _committed()
    result = assign_splits(claims, num_articles=len(articles), articles=articles,
                           recorded=read_assignments(REPO / "data" / SPLITS_FILE))  # fmt: skip
    assert not result.changed, "data/splits.jsonl is stale: run `claimkit build`, commit it"
    leaks = find_leaks(result)
    assert (leaks.evidence_sentences, leaks.source_sentences, leaks.near_duplicate_pairs) == (
        0, 0, 0)  # fmt: skip
    assert result.splits["test"], "the shipped dataset has test claims"


@pytest.mark.parametrize("added", [29, 100, 1000])
def test_shipped_claims_keep_their_split_as_articles_are_added(generated, added) -> None:
    articles, claims = _committed()
    recorded = read_assignments(REPO / "data" / SPLITS_FILE)
    shipped = _placed(assign_splits(claims, num_articles=len(articles), articles=articles,
                                    recorded=recorded))  # fmt: skip
    new_articles = generated[:added]
    new_claims = [decode(Claim, d) for d in generate_claims(new_articles, 2 * added)]
    grown = assign_splits([*claims, *new_claims], num_articles=len(articles) + added,
                          articles=[*articles, *new_articles], recorded=recorded)  # fmt: skip
    after = _placed(grown)
    assert {cid: after.get(cid) for cid in shipped} == shipped
    assert [c for c in shipped if shipped[c] == "test"], "some shipped claims are in test"
    assert find_leaks(grown).total == 0
    assert grown.by_article  # past the old threshold, and still nothing moved


def test_a_real_build_after_29_articles_keeps_the_test_split(generated, tmp_path) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    articles, claims = _committed()
    before = {c.id for c in assign_splits(claims, num_articles=len(articles), articles=articles,
              recorded=read_assignments(data / SPLITS_FILE)).splits["test"]}  # fmt: skip
    new = generated[:29]
    write_jsonl(data / "articles.jsonl", (encode(a) for a in [*articles, *new]))
    write_jsonl(data / "claims.jsonl",
                [*(encode(c) for c in claims), *generate_claims(new, 58)])  # fmt: skip
    result = build(data, tmp_path / "hf", results=None)
    test_ids = set()
    for path in (tmp_path / "hf" / "claims").glob("test-*.parquet"):
        import pyarrow.parquet as pq

        test_ids.update(pq.read_table(path, columns=["id"]).column("id").to_pylist())
    assert before <= test_ids
    assert result.leaks.total == 0
