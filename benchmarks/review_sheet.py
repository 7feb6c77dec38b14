"""Blind review sheets: claims with their article text, and no label, rule or evidence.

Runs ``claimkit ingest`` and ``claimkit extract`` on the real-news dev corpus into a
temporary store, samples :data:`SAMPLE` claims with a fixed seed, and writes:

* ``dev-sheet.jsonl``: ``{"id", "claim", "article_text"}`` for the sampled claims, where
  the article is the *published* article that BM25 ranks first for the claim. Every claim
  is shown the same way, so the sheet does not tell which claims came from held-out
  articles: a claim made from an article held out of the corpus is shown the closest
  article the corpus does hold, which is what its NOT_ENOUGH_INFO label is about;
* ``seed-sheet.jsonl``: the same for every silver claim of the project's own claims
  file (regenerate it with ``make run`` first);
* ``key.jsonl``: ``{"id", "sheet", "label", "method", "rule"}`` for both, kept apart
  so that the reviewer never sees it.

A reviewer labels each claim from the article alone and says whether it is standalone,
grammatical and sensible; ``benchmarks/bench_validity.py`` compares the result with the
generated labels. Usage::

    python benchmarks/review_sheet.py --dev DEV.jsonl --out REVIEW_DIR
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = 100
SEED = 20261201
CLAIMKIT = [sys.executable, "-m", "toolkit"]


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def article_body(article: dict) -> str:
    """The article as a reader sees it: headline (if any) and body."""
    return article["text"]


def generate(dev: Path, work: Path) -> tuple[list[dict], dict[str, dict]]:
    """Claims and articles (by id) of the dev corpus, through the real commands."""
    articles, claims = work / "articles.jsonl", work / "claims.jsonl"
    subprocess.run([*CLAIMKIT, "ingest", str(dev), "--out", str(articles)], check=True,
                   cwd=REPO, capture_output=True)  # fmt: skip
    subprocess.run([*CLAIMKIT, "extract", "--articles", str(articles), "--out", str(claims),
                    "--rejects", str(work / "rejects.jsonl")], check=True, cwd=REPO,
                   capture_output=True)  # fmt: skip
    return read_jsonl(claims), {a["id"]: a for a in read_jsonl(articles)}


def best_articles(claims: list[dict], articles: dict[str, dict], held_out: set[str]) -> list[str]:
    """For each claim, the id of the published article BM25 ranks first for its text."""
    import bm25s

    ids = sorted(a for a in articles if a not in held_out)
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([articles[a]["text"] for a in ids], stopwords="en",
                                   show_progress=False), show_progress=False)  # fmt: skip
    queries = bm25s.tokenize([c["claim"] for c in claims], stopwords="en", show_progress=False)
    docs, _ = retriever.retrieve(queries, k=1, show_progress=False)
    return [ids[int(row[0])] for row in docs]


def sheet(claims: list[dict], articles: dict[str, dict], name: str,
          shown: list[str] | None = None) -> tuple[list, list]:  # fmt: skip
    rows, keys = [], []
    for i, c in enumerate(claims):
        art = articles[shown[i] if shown else c["source"]["article_id"]]
        rows.append({"id": c["id"], "claim": c["claim"], "article_text": article_body(art)})
        keys.append({"id": c["id"], "sheet": name, "label": c["label"], "method": c["method"],
                     "shown_article": art["id"],
                     "rule": c["rule"]})  # fmt: skip
    return rows, keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, required=True, help="dev corpus JSONL")
    parser.add_argument("--out", type=Path, required=True, help="folder for the sheets")
    parser.add_argument("--data", type=Path, default=REPO / "data", help="the seed store")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="claimkit-review-") as tmp:
        claims, articles = generate(args.dev.resolve(), Path(tmp))
        held_out = set(Path(tmp, "heldout.txt").read_text("utf-8").split())
    claims.sort(key=lambda c: c["id"])
    sample = random.Random(SEED).sample(claims, min(SAMPLE, len(claims)))
    dev_rows, dev_keys = sheet(sample, articles, "dev", best_articles(sample, articles, held_out))
    seed_articles = {a["id"]: a for a in read_jsonl(args.data / "articles.jsonl")}
    silver = [c for c in read_jsonl(args.data / "claims.jsonl") if c["status"] == "silver"]
    seed_rows, seed_keys = sheet(silver, seed_articles, "seed")
    write_jsonl(args.out / "dev-sheet.jsonl", dev_rows)
    write_jsonl(args.out / "seed-sheet.jsonl", seed_rows)
    write_jsonl(args.out / "key.jsonl", dev_keys + seed_keys)
    print(f"dev sheet: {len(dev_rows)} of {len(claims)} claims; seed sheet: {len(seed_rows)} "
          f"silver claims; key: {len(dev_keys) + len(seed_keys)} rows; in {args.out}")


if __name__ == "__main__":
    main()
