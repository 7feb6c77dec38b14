"""The scale benchmarks' newswire: seeded, and its articles are not near duplicates."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import newswire  # noqa: E402

from toolkit.dataset.splits import article_clusters  # noqa: E402


def test_same_seed_same_articles_other_seed_others() -> None:
    first = list(newswire.generate_articles(5, seed=3))
    assert first == list(newswire.generate_articles(5, seed=3))
    assert first != list(newswire.generate_articles(5, seed=4))
    assert len({a["text"] for a in first}) == 5 and all(a["title"] for a in first)


def test_no_two_articles_are_near_duplicates() -> None:
    texts = {str(i): a["title"] + "\n\n" + a["text"]
             for i, a in enumerate(newswire.generate_articles(60))}  # fmt: skip
    assert article_clusters(texts) == {}
    assert article_clusters({**texts, "copy": texts["7"] + " More."}) == {"7": "7", "copy": "7"}
