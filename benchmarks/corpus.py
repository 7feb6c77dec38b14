"""Generated corpora for the benchmarks: many articles that look like the seed.

Each article is the seed with its paragraphs shuffled, every number replaced by another
of the same number of digits, and a few names swapped from small lists, so sentence
lengths, punctuation and quotation marks stay realistic while every text (and so every
article id) differs. Everything is seeded: the same arguments give the same files.

Run as a script to write a corpus::

    python benchmarks/corpus.py --articles 10000 --out dist/bench/articles.jsonl
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from toolkit.ingest import ingest  # noqa: E402
from toolkit.records import Article, claim_id  # noqa: E402

_NUMBER = re.compile(r"\d+")
_NAMES = {
    "Ukraine": ["Moldova", "Georgia", "Finland", "Poland"],
    "Russia": ["Belarus", "Serbia", "Hungary", "Turkey"],
    "Germany": ["France", "Italy", "Spain", "Norway"],
    "Kharkiv": ["Sumy", "Odesa", "Lviv", "Dnipro"],
    "John Kirby": ["Jane Doe", "Alex Smith", "Maria Lopez", "Sam Lee"],
}


def seed_article() -> Article:
    """The shipped seed, ingested."""
    return ingest([REPO / "seeds"]).articles[0]


def _vary(text: str, rng: random.Random) -> str:
    def number(m: re.Match[str]) -> str:
        digits = len(m.group(0))
        low = 10 ** (digits - 1) if digits > 1 else 1
        return str(rng.randrange(low, 10**digits))

    text = _NUMBER.sub(number, text)
    for name, options in _NAMES.items():
        if rng.random() < 0.5:
            text = text.replace(name, rng.choice(options))
    return text


def generate_articles(n: int, *, seed: int = 0) -> Iterator[dict[str, str]]:
    """``n`` article dicts in the JSONL ingest format (``title``, ``text``)."""
    base = seed_article()
    blocks = [base.text[b.start : b.end] for b in base.structure[1:]]
    paragraphs = [
        b for b, blk in zip(blocks, base.structure[1:], strict=True) if blk.kind == "paragraph"
    ]
    rng = random.Random(seed)
    for i in range(n):
        paras = paragraphs[:]
        rng.shuffle(paras)
        body = "\n\n".join(_vary(p, rng) for p in paras)
        yield {"title": f"{_vary(base.title, rng)} ({i})", "text": body}


def write_articles(path: Path, n: int, *, seed: int = 0) -> Path:
    """Write ``n`` generated articles as one JSONL file; returns ``path``."""
    return write_records(path, generate_articles(n, seed=seed))


def write_records(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    """Write ``records`` as one JSONL file (the folder made if needed); returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        for record in records:
            f.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    return path


def generate_claims(articles: list[Article], n: int, *, seed: int = 0) -> Iterator[dict]:
    """``n`` schema-valid claim dicts spread over ``articles`` (evidence offsets exact)."""
    rng = random.Random(seed)
    labels = ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO")
    made = 0
    while made < n:
        a = articles[made % len(articles)]
        s = a.sentences[rng.randrange(len(a.sentences))]
        label = labels[made % 3]
        text = f"{a.text[s.start : s.end]} [{made}]"
        evidence = []
        if label != "NOT_ENOUGH_INFO":
            item = {
                "article_id": a.id,
                "sentence_index": s.index,
                "start": s.start,
                "end": s.end,
                "exact": a.text[s.start : s.end],
            }
            evidence = [[item]]  # one evidence group of one item
        yield {
            "id": claim_id(text, a.id),
            "claim": text,
            "label": label,
            "evidence": evidence,
            "source": {
                "article_id": a.id,
                "sentence_index": s.index,
                "start": s.start,
                "end": s.end,
                "headline": False,
            },
            "method": "extracted",
            "rule": "bench@1",
            "status": "silver",
            "annotations": [],
            "checkworthiness": {"score": 1.0, "reasons": ["number"]},
        }
        made += 1


def write_claims(path: Path, articles: list[Article], n: int, *, seed: int = 0) -> Path:
    """Write ``n`` generated claims as JSONL; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        for record in generate_claims(articles, n, seed=seed):
            f.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=REPO / "dist/bench/articles.jsonl")
    args = parser.parse_args()
    write_articles(args.out, args.articles, seed=args.seed)
    print(f"wrote {args.articles} articles to {args.out}")
