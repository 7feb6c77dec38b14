"""Split assignment: grouped, stable as data grows, test holds only gold claims."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from dataset_support import make_claims

from toolkit.dataset.splits import (
    SPLITS,
    WITHHELD_NOT_GOLD,
    SplitConfig,
    assign_splits,
    group_key,
    split_of,
)
from toolkit.errors import UsageError
from toolkit.records import Claim, ClaimSource


def _where(result) -> dict[str, str]:
    out = {c.id: name for name, rows in result.splits.items() for c in rows}
    out.update({c.id: "withheld" for c, _ in result.withheld})
    return out


def test_same_source_sentence_never_in_two_splits(seed_articles):
    claims = make_claims(seed_articles[0])
    result = assign_splits(claims, num_articles=1, config=SplitConfig((0.6, 0.2, 0.2)))
    assert not result.by_article
    groups: dict[str, set[str]] = {}
    for c in claims:
        name = split_of(group_key(c, by_article=False), (0.6, 0.2, 0.2))
        groups.setdefault(group_key(c, by_article=False), set()).add(name)
    assert all(len(v) == 1 for v in groups.values())
    # every split has something with these ratios on the seed article (fixed by the hash)
    assert all(result.splits[name] for name in SPLITS)


def test_test_split_is_gold_only_and_the_rest_is_withheld_with_a_reason(seed_articles):
    claims = make_claims(seed_articles[0])
    result = assign_splits(claims, num_articles=1, config=SplitConfig((0.6, 0.2, 0.2)))
    assert {c.status for c in result.splits["test"]} == {"gold"}
    assert result.withheld, "the fixture has silver claims in test groups"
    assert all(reason == WITHHELD_NOT_GOLD and c.status != "gold" for c, reason in result.withheld)
    # nothing lost: published + withheld == input
    assert sorted(_where(result)) == sorted(c.id for c in claims)
    # and a withheld claim's group is a test group
    for c, _ in result.withheld:
        assert split_of(group_key(c, by_article=False), (0.6, 0.2, 0.2)) == "test"


def test_existing_claims_keep_their_split_when_data_grows(seed_articles):
    claims = make_claims(seed_articles[0])
    before = _where(assign_splits(claims[:20], num_articles=1))
    after = _where(assign_splits(claims, num_articles=1))
    assert {cid: after[cid] for cid in before} == before


def test_a_withheld_claim_enters_test_once_gold(seed_articles):
    claims = make_claims(seed_articles[0])
    cfg = SplitConfig((0.6, 0.2, 0.2))
    withheld = assign_splits(claims, num_articles=1, config=cfg).withheld[0][0]
    reviewed = [dataclasses.replace(c, status="gold") if c.id == withheld.id else c
                for c in claims]
    assert withheld.id in {c.id for c in assign_splits(reviewed, num_articles=1,
                                                       config=cfg).splits["test"]}


def test_whole_articles_stay_together_from_the_threshold_on(seed_articles):
    base = make_claims(seed_articles[0])
    claims = []
    for k in range(40):  # 40 fake articles, each with the seed's claims re-pointed to it
        aid = f"{k:016x}"
        for c in base:
            if c.source is None:
                continue
            src = dataclasses.replace(c.source, article_id=aid)
            claims.append(dataclasses.replace(c, id=f"{k:04d}{c.id[4:]}", source=src,
                                              status="gold"))
    cfg = SplitConfig((0.6, 0.2, 0.2), article_groups_from=30)
    result = assign_splits(claims, num_articles=40, config=cfg)
    assert result.by_article
    seen: dict[str, set[str]] = {}
    for name, rows in result.splits.items():
        for c in rows:
            seen.setdefault(c.article_id, set()).add(name)
    assert all(len(v) == 1 for v in seen.values())
    assert len({next(iter(v)) for v in seen.values()}) == 3
    below = assign_splits(claims, num_articles=29, config=cfg)
    assert not below.by_article


def test_ratios_are_respected_over_many_groups():
    claims = [
        Claim(id=f"{i:016x}", claim=f"c{i}", label="SUPPORTED", evidence=(),
              source=ClaimSource(article_id=f"{i:016x}", sentence_index=0, start=0, end=1),
              method="extracted", status="gold")
        for i in range(20_000)
    ]
    counts = assign_splits(claims, num_articles=1).counts()
    assert abs(counts["train"] / 20_000 - 0.6) < 0.01
    assert abs(counts["validation"] / 20_000 - 0.2) < 0.01
    assert abs(counts["test"] / 20_000 - 0.2) < 0.01
    only_train = assign_splits(claims[:500], num_articles=1, config=SplitConfig((1.0, 0.0, 0.0)))
    assert only_train.counts() == {"train": 500, "validation": 0, "test": 0}


def test_claims_without_source_are_their_own_group_or_follow_their_evidence(seed_articles):
    human = next(c for c in make_claims(seed_articles[0]) if c.source is None)
    assert group_key(human, by_article=False) == f"c:{human.id}"
    assert group_key(human, by_article=True) == f"c:{human.id}"  # external evidence only


def test_split_order_is_by_id_whatever_the_input_order(seed_articles):
    claims = make_claims(seed_articles[0])
    a = assign_splits(claims, num_articles=1)
    b = assign_splits(list(reversed(claims)), num_articles=1)
    assert a.splits == b.splits
    for rows in a.splits.values():
        assert [c.id for c in rows] == sorted(c.id for c in rows)


@pytest.mark.parametrize("ratios", [(0.8, 0.1, 0.2), (1.2, -0.1, -0.1), (0.5, 0.5)])
def test_bad_ratios_are_a_usage_error(ratios):
    with pytest.raises(UsageError, match="ratios"):
        SplitConfig(ratios)


def test_split_of_is_a_pure_function_of_key_and_ratios():
    keys = [f"s:{i}" for i in range(1000)]
    first = [split_of(k, (0.8, 0.1, 0.1)) for k in keys]
    assert first == [split_of(k, (0.8, 0.1, 0.1)) for k in keys]
    assert set(Counter(first)) == set(SPLITS)
