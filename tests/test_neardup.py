"""Near duplicates by MinHash + LSH: same answers as an exhaustive scan, in linear time."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

from toolkit.neardup import (
    CLAIM_THRESHOLD,
    ClaimSimilarity,
    claim_buckets,
    claim_shingles,
    near_duplicate_articles,
    pairs_across,
)

REPO = Path(__file__).resolve().parent.parent


def _components(n: int, pairs) -> list[int]:
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j, *_ in pairs:
        parent[find(i)] = find(j)
    roots = [find(i) for i in range(n)]
    first = {r: min(i for i in range(n) if roots[i] == r) for r in set(roots)}
    return [first[r] for r in roots]


def _exhaustive(texts: list[str]) -> list[tuple[int, int]]:
    sim = ClaimSimilarity(texts)
    return [(i, j) for i, j in itertools.combinations(range(len(texts)), 2) if sim(i, j)]


def _seed_texts() -> list[str]:
    lines = (REPO / "data" / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["claim"] for line in lines]
    rng = random.Random(0)
    edited = []
    for t in texts:  # one number or word changed: the near duplicates that leaked
        words = t.split()
        k = rng.randrange(len(words))
        words[k] = str(rng.randrange(10, 99)) if words[k][0].isdigit() else words[k] + "s"
        edited.append(" ".join(words))
    return texts + edited


def test_lsh_connects_exactly_what_an_exhaustive_scan_connects() -> None:
    texts = _seed_texts()
    truth = _exhaustive(texts)
    assert len(truth) >= len(texts) // 2  # every edited copy is a near duplicate
    sim = ClaimSimilarity(texts)
    found = [(i, j) for b in claim_buckets(texts, sim) for i, j in itertools.combinations(b, 2)
             if sim(i, j)]  # fmt: skip
    assert _components(len(texts), found) == _components(len(texts), truth)
    # and LSH proposed far fewer pairs than all of them
    proposed = {p for b in claim_buckets(texts, sim) for p in itertools.combinations(b, 2)}
    assert len(proposed) < len(texts) * (len(texts) - 1) // 2 / 4


def test_pairs_across_reports_only_pairs_in_different_classes() -> None:
    base = "Congress passed a package totaling nearly $61 billion to equip Ukraine with weapons."
    texts = [base, base.replace("$61", "$45"), "Something else entirely, about trade."]
    assert list(pairs_across(texts, ["train", "train", "test"])) == []
    ((i, j, score),) = pairs_across(texts, ["train", "test", "test"])
    assert (i, j) == (0, 1) and score >= CLAIM_THRESHOLD


def test_shingles_edges() -> None:
    assert len(claim_shingles("")) == 0 or claim_shingles("").tolist() == [0]
    assert claim_shingles("ÉTÉ à Paris").tolist() == claim_shingles("été  À paris").tolist()
    a, b = ClaimSimilarity(["abc", "abc", "abd"]), None
    assert a.jaccard(0, 1) == 1.0 and a.jaccard(0, 2) < 1.0 and b is None
    assert pairs_across([], []) is not None and list(pairs_across(["one"], ["train"])) == []


def test_wire_copies_are_near_duplicate_articles_and_others_are_not(seed_articles) -> None:
    text = seed_articles[0].text
    paragraphs = text.split("\n\n")
    copy = "\n\n".join([*paragraphs[:-1], "A different closing paragraph from the wire."])
    unrelated = "\n\n".join(reversed([p[::-1] for p in paragraphs]))
    pairs = near_duplicate_articles([text, unrelated, copy])
    assert [(i, j) for i, j, _ in pairs] == [(0, 2)]
    assert near_duplicate_articles([text]) == []
