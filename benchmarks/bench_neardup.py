"""Near-duplicate benchmark: ``claimkit validate``'s leak check as the claims grow.

Issue 12's targets: the near-duplicate scan runs by default at 200,000 claims, and its
time at 20k, 40k and 200k claims grows sub-quadratically. Prints, asserts nothing:

* per size: ``claimkit validate`` (every check, near duplicates included), the same with
  ``--no-near-duplicates``, and the difference (the MinHash + LSH near-duplicate part),
  each in its own process;
* the growth exponent ``k`` of ``time ~ n^k`` fitted (least squares on logs) to the
  near-duplicate part and to the whole command (1 is linear, 2 is quadratic);
* side by side, the exhaustive scan this replaced (75 s at 20,000 claims, measured in
  issue 12, growing with n^2) extrapolated to each size.

Claims come from ``benchmarks/corpus.py``: sentences of generated articles (the seed,
reshuffled, numbers and names varied) with a counter appended, so most claims have many
near duplicates across articles: the worst case for the buckets, not the best.

Usage: ``python benchmarks/bench_neardup.py [--sizes 20000 40000 200000] [--articles 50]``
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

from toolkit.ingest import ingest_to_file  # noqa: E402
from toolkit.jsonl import iter_jsonl  # noqa: E402
from toolkit.records import Article, decode  # noqa: E402

CLAIMKIT = [sys.executable, "-m", "toolkit"]
EXHAUSTIVE_20K = 75.0  # seconds, issue 12


def run(args: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr)
    return elapsed


def exponent(sizes: list[int], times: list[float]) -> float:
    xs = [math.log(n) for n in sizes]
    ys = [math.log(max(t, 1e-3)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 40_000, 200_000])
    parser.add_argument("--articles", type=int, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimkit-neardup-"))
    src = corpus.write_articles(work / "raw.jsonl", args.articles)
    articles_path = work / "articles.jsonl"
    ingest_to_file([src], articles_path, quiet=True)
    articles = [decode(Article, d) for _, d in iter_jsonl(articles_path)]
    full, plain, part = [], [], []
    for n in args.sizes:
        claims = corpus.write_claims(work / f"claims_{n}.jsonl", articles, n)
        with_nd = run([*CLAIMKIT, "validate", str(articles_path), str(claims)])
        without = run([*CLAIMKIT, "validate", str(articles_path), str(claims),
                       "--no-near-duplicates"])  # fmt: skip
        full.append(with_nd)
        plain.append(without)
        part.append(max(with_nd - without, 1e-3))
        old = EXHAUSTIVE_20K * (n / 20_000) ** 2
        print(
            f"{n:>7} claims: validate {with_nd:7.1f} s, --no-near-duplicates {without:7.1f} s,"
            f" near-duplicate part {part[-1]:6.1f} s | exhaustive scan (n^2 from 75 s at"
            f" 20k) {old:8.0f} s -> {old / part[-1]:6.1f}x"
        )
    if len(args.sizes) > 1:
        print(f"growth exponent, near-duplicate part: {exponent(args.sizes, part):.2f}")
        print(f"growth exponent, whole validate:      {exponent(args.sizes, full):.2f}")
        print(f"growth exponent, without near dups:   {exponent(args.sizes, plain):.2f}")
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()
