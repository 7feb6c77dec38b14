"""`claimkit build` at archive scale: time and peak memory beside `datasets` writing the rows.

Prints figures; asserts nothing. Issue 15's targets for the build: at most 1.5x
``datasets`` writing the same rows, and a peak RSS under 1 GB at 1,000,000 claims.

The articles are the generated newswire (``benchmarks/newswire.py``: different people,
places and amounts), ingested; the claims are ``benchmarks/corpus.py``'s generated claims
over them, which carry many near duplicates, as wire copy does, so grouping works hard.
Each side runs as its own process, one after the other, and its peak RSS is that
process's (the build's validation child included, as the largest process of the run):

* ``claimkit build`` from a fresh copy of ``data/`` (no ``splits.jsonl``: every group is
  new), and again over the recorded splits;
* the floor: ``bench_pipeline.py``'s script that reads the same files with orjson into
  columns and writes them with ``Dataset.from_dict(...).to_parquet``.

Usage: ``python benchmarks/bench_build_scale.py [--articles 50000] [--claims 1000000]
[--reuse WORK]`` (about 15 minutes on 2 cores at the defaults; ``--reuse`` takes the
``data/`` of an earlier run's work folder).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import newswire  # noqa: E402
from bench_extract import CLAIMKIT, run  # noqa: E402
from bench_pipeline import _DATASETS, script  # noqa: E402

from toolkit.ingest import ingest_to_file  # noqa: E402
from toolkit.jsonl import iter_jsonl  # noqa: E402
from toolkit.records import Article, decode  # noqa: E402


def make_data(data: Path, articles: int, claims: int) -> None:
    data.mkdir(parents=True)
    src = newswire.write_articles(data.parent / "newswire.jsonl", articles)
    ingest_to_file([src], data / "articles.jsonl")
    records = [decode(Article, d) for _, d in iter_jsonl(data / "articles.jsonl")]
    corpus.write_claims(data / "claims.jsonl", records, claims)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--reuse", type=Path, default=None)
    args = parser.parse_args()
    work = args.reuse or Path(tempfile.mkdtemp(prefix="claimkit-bench-build-scale-"))
    data = work / "data"
    if args.reuse is None:
        make_data(data, args.articles, args.claims)
    n = sum(1 for _ in (data / "claims.jsonl").open("rb"))
    print(f"input: {n} claims ({(data / 'claims.jsonl').stat().st_size / 1e6:.0f} MB),"
          f" {sum(1 for _ in (data / 'articles.jsonl').open('rb'))} articles; work: {work}")

    fresh = work / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(data, fresh)
    (fresh / "splits.jsonl").unlink(missing_ok=True)
    build = [*CLAIMKIT, "build", "--data", str(fresh), "--out", str(work / "hf"),
             "--results", str(work / "none.md")]  # fmt: skip
    t_first, rss_first = run(build)
    t_again, rss_again = run(build)
    t_floor, rss_floor = run(script(_DATASETS, fresh, work / "datasets"))
    print(f"{'':28} {'time':>9} {'peak RSS':>10}  ratio to the floor")
    for name, t, rss in (("claimkit build (new groups)", t_first, rss_first),
                         ("claimkit build (recorded)", t_again, rss_again),
                         ("datasets floor", t_floor, rss_floor)):  # fmt: skip
        print(f"{name:28} {t:8.1f}s {rss:7.0f} MB  {t / t_floor:5.2f}x time,"
              f" {rss / rss_floor:5.2f}x memory")
    print("targets: time <= 1.5x the floor; peak RSS < 1000 MB at 1,000,000 claims")


if __name__ == "__main__":
    main()
