"""Dataset build benchmark: `claimkit build` on 200,000 claims over 10,000 articles.

Prints figures; asserts nothing (targets are read by people, not by the test suite):

* the whole build from ``data/`` (validate, read, split, Parquet, card, plot,
  Croissant), and its stages;
* ``datasets`` alone writing the same rows to Parquet (``Dataset.from_dict`` with the
  same features, then ``to_parquet``, per config and split), from rows already in
  memory; target: the build takes at most 2x that;
* run on a shared 2-core machine, the figures move with its load: compare the ratios
  of one run rather than seconds across runs;
* ``load_dataset`` of the result into a fresh cache (both configs), and a second load
  from the warm cache.

The corpus comes from ``benchmarks/corpus.py`` (seeded, so runs are comparable).
Usage: ``python benchmarks/bench_build.py [--articles 10000] [--claims 200000]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import corpus  # noqa: E402
import orjson  # noqa: E402

from toolkit.dataset import build as build_mod  # noqa: E402
from toolkit.dataset.features import (  # noqa: E402
    ARTICLES_FEATURES,
    CLAIMS_FEATURES,
    article_columns,
    claim_columns,
)
from toolkit.dataset.splits import SplitConfig, assign_splits  # noqa: E402
from toolkit.ingest import ingest_to_file  # noqa: E402
from toolkit.records import Article, decode  # noqa: E402
from toolkit.validate import validate_paths  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def datasets_alone(articles, split, out: Path) -> float:
    """Seconds for datasets to turn the same in-memory rows into the same Parquet files."""
    from datasets import Dataset
    from datasets.utils.tqdm import disable_progress_bars

    disable_progress_bars()
    tables = [(f"claims-{n}", CLAIMS_FEATURES, claim_columns(rows))
              for n, rows in split.splits.items() if rows]
    tables.append(("articles", ARTICLES_FEATURES, article_columns(articles)))
    start = time.perf_counter()
    for name, features, columns in tables:
        Dataset.from_dict(columns, features=features).to_parquet(str(out / f"{name}.parquet"))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--reuse", type=Path, default=None,
                        help="A work folder of an earlier run: reuse its data/ (same sizes).")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimkit-bench-build-"))
    data = work / "data"
    if args.reuse is not None:
        shutil.copytree(args.reuse / "data", data)
    else:
        data.mkdir()
        src = corpus.write_articles(work / "corpus.jsonl", args.articles)
        ingest_to_file([src], data / "articles.jsonl")
        articles = [decode(Article, orjson.loads(line)) for line in
                    (data / "articles.jsonl").open("rb")]
        corpus.write_claims(data / "claims.jsonl", articles, args.claims)
        del articles
    articles = sum(1 for _ in (data / "articles.jsonl").open("rb"))
    print(f"input: {articles} articles, {args.claims} claims"
          f" ({(data / 'claims.jsonl').stat().st_size / 1e6:.0f} MB of claims JSONL)")

    # the whole build, then its stages
    result, t_build = timed(lambda: build_mod.build(data, work / "hf", results=None))
    print(f"build:            {t_build:7.2f} s  {args.claims / t_build:9.0f} claims/s  "
          f"(first in this process: imports datasets, matplotlib, mlcroissant)")
    print(f"  {result.summary()}")
    _, t_build2 = timed(lambda: build_mod.build(data, work / "hf", results=None))
    print(f"build again:      {t_build2:7.2f} s  {args.claims / t_build2:9.0f} claims/s  "
          f"(libraries already imported; rebuild over the previous folder)")
    with build_mod.gc_paused():  # as inside build()
        _, t_validate = timed(lambda: validate_paths([data / "articles.jsonl",
                                                      data / "claims.jsonl"]))
        files, t_read = timed(lambda: build_mod.read_data(data))
        entries = files.article_entries
        split, t_split = timed(lambda: assign_splits(files.claims.entries,
                                                     num_articles=len(entries)))
        _, t_write = timed(lambda: build_mod.write_dataset(
            work / "hf2", articles=sorted(entries, key=lambda a: a.id), split=split,
            split_config=SplitConfig(), read_claims=files.claims.records,
            read_articles=files.articles.records))
        # whole records, for the floor's rows: the same split, of claims
        arts = list(files.articles.records(entries))
        claims = list(files.claims.records(files.claims.entries))
        split = assign_splits(claims, num_articles=len(arts))
        files.close()
    print(f"  validate+read:  {t_read:7.2f} s  (of which claimkit validate alone: {t_validate:.2f} s)")
    print(f"  split:          {t_split:7.2f} s")
    print(f"  write folder:   {t_write:7.2f} s  (parquet + card + plot + croissant)")

    alone_dir = work / "alone"
    alone_dir.mkdir()
    t_alone = datasets_alone(sorted(arts, key=lambda a: a.id), split, alone_dir)
    print(f"datasets alone:   {t_alone:7.2f} s  (from_dict + to_parquet, same rows)")
    print(f"  build / datasets alone = {t_build / t_alone:.2f}x first,"
          f" {t_build2 / t_alone:.2f}x again (target <= 2x);"
          f" write folder / datasets alone = {t_write / t_alone:.2f}x")

    from datasets import load_dataset

    cache = work / "cache"
    (_, _), t_load = timed(lambda: (load_dataset(str(work / "hf"), cache_dir=str(cache)),
                                    load_dataset(str(work / "hf"), "articles",
                                                 cache_dir=str(cache))))
    print(f"load_dataset:     {t_load:7.2f} s  (both configs, fresh cache)")
    (_, _), t_warm = timed(lambda: (load_dataset(str(work / "hf"), cache_dir=str(cache)),
                                    load_dataset(str(work / "hf"), "articles",
                                                 cache_dir=str(cache))))
    print(f"load_dataset:     {t_warm:7.2f} s  (both configs, warm cache)")
    size = sum(s for _, s in result.files)
    print(f"output: {len(result.files)} files, {size / 1e6:.1f} MB; work folder: {work}")


if __name__ == "__main__":
    main()
