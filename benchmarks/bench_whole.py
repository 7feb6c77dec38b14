"""Whole-pipeline benchmark: ingest -> extract -> validate -> build -> baselines, end to end.

On ``--articles`` articles of the generated newswire (``benchmarks/newswire.py``: articles
about different people and places, so splits fill as on real news; the seed's variants of
``benchmarks/corpus.py`` all join one group and leave nothing to evaluate), each command
runs as its own process in a scratch project, as ``make run`` runs them, except that
with ``--jobs N`` above 1 (default 2: the targets are for 2 cores; ``--jobs 1`` is the
one-process run) the two stages that can use more cores get them: ``claimkit extract``
runs on a local Dask cluster of N workers (``--engine dask --scheduler local:N``) and
``claimkit baselines`` gets ``--jobs N``. Prints each stage's wall seconds and peak RSS,
the claims each split got, and the total against the targets (the whole pipeline on
10,000 articles under 5 minutes; ``claimkit baselines`` on 2,000 articles under 2
minutes, both on 2 cores).

Prints figures; asserts nothing. Usage:
``python benchmarks/bench_whole.py [--articles 10000] [--seed 0] [--jobs 2] [--keep]``
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import newswire  # noqa: E402
from bench_extract import CLAIMKIT, run  # noqa: E402


def stages(jobs: int) -> list[tuple[str, list[str]]]:
    """Each stage's name and arguments, in pipeline order.

    Ingest stays on one process: it takes seconds, less than a cluster's start-up.
    """
    engine = ["--engine", "dask", "--scheduler", f"local:{jobs}"] if jobs > 1 else []
    return [
        ("ingest", ["ingest", "src.jsonl", "--out", "data/articles.jsonl", "-q"]),
        ("extract", ["extract", *engine]),
        ("validate", ["validate"]),
        ("build", ["build"]),
        ("baselines", ["baselines", "--jobs", str(jobs)]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2,
                        help="Processes for extract (Dask local:N) and baselines (--jobs N).")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch project.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimkit-bench-whole-"))
    (work / "data").mkdir()
    newswire.write_articles(work / "src.jsonl", args.articles, seed=args.seed)
    print(f"{args.articles} newswire articles (seed {args.seed}); each stage a process;"
          f" --jobs {args.jobs}:")
    print("stage     |    wall | peak RSS")
    total = 0.0
    for name, argv in stages(args.jobs):
        with contextlib.chdir(work):  # the stages' default paths are relative, as in make run
            seconds, rss = run([*CLAIMKIT, *argv])
        total += seconds
        print(f"{name:9} | {seconds:6.1f}s | {rss:6.0f} MB")
    claims = sum(1 for _ in (work / "data" / "claims.jsonl").open("rb"))
    print(f"total     | {total:6.1f}s | {claims} claims; target: under 300 s at 10,000 articles")
    rows: Counter[str] = Counter()
    for shard in (work / "dist" / "hf" / "claims").glob("*.parquet"):
        rows[shard.name.split("-")[0]] += pq.read_metadata(shard).num_rows
    print("published claims by split:", dict(sorted(rows.items())))
    if args.keep:
        print(f"project kept in {work}")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
