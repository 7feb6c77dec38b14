"""Foundation benchmark: ingest and validate speed, and peak memory as the corpus grows.

Prints figures; asserts nothing (targets are read by people, not by the test suite):

* ingest articles/s and sentences/s, next to sentencex (the segmenter ingest uses) alone
  on the same paragraphs (``bench_pipeline.py`` holds the ingest target);
* validate records/s on 200,000 claims, next to plain ``json.loads`` of the same file
  (target: at least half the ``json.loads`` rate);
* peak RSS of ``claimkit ingest`` and ``claimkit validate`` run as separate processes at
  two corpus sizes (target: flat as the corpus grows, because both stream).

Usage: ``python benchmarks/bench_foundation.py [--articles 10000] [--claims 200000]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import orjson  # noqa: E402

from toolkit.ingest import ingest_to_file, split_blocks  # noqa: E402
from toolkit.records import Article, decode  # noqa: E402
from toolkit.validate import validate_paths  # noqa: E402

CLAIMKIT = [sys.executable, "-m", "toolkit"]


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def peak_rss_fresh(args: list[str]) -> float:
    """Peak RSS of ``args`` measured by a wrapper process, so earlier children do not count."""
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
    return int(out.stdout) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=200_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimkit-bench-"))
    src = corpus.write_articles(work / "corpus.jsonl", args.articles)
    out = work / "articles.jsonl"

    result, t_ingest = timed(lambda: ingest_to_file([src], out))
    print(f"corpus: {args.articles} articles, {result.sentences} sentences")
    print(
        f"ingest:      {t_ingest:7.2f} s  {result.written / t_ingest:9.0f} articles/s"
        f"  {result.sentences / t_ingest:9.0f} sentences/s"
    )

    paragraphs = []
    for line in src.open("rb"):
        paragraphs.extend(split_blocks(orjson.loads(line)["text"]))
    import sentencex  # the segmenter ingest uses (toolkit.segment)

    _, t_seg = timed(lambda: [list(sentencex.segment("en", p)) for p in paragraphs])
    print(
        f"sentencex alone: {t_seg:7.2f} s  {result.written / t_seg:9.0f} articles/s"
        f"  -> ingest/sentencex = {t_ingest / t_seg:.2f}x (bench_pipeline.py has the target)"
    )

    articles = [decode(Article, orjson.loads(line)) for line in out.open("rb")]
    claims = corpus.write_claims(work / "claims.jsonl", articles, args.claims)
    del articles

    def loads_all(paths: list[Path]) -> int:
        n = 0
        for path in paths:
            with path.open("rb") as f:
                for line in f:
                    json.loads(line)
                    n += 1
        return n

    # The same files validate reads: the articles (needed to check evidence) and claims.
    n, t_loads = timed(lambda: loads_all([out, claims]))
    report, t_validate = timed(lambda: validate_paths([out, claims]))
    assert report.ok, report.problems[:3]
    rate_v, rate_l = n / t_validate, n / t_loads
    print(
        f"json.loads:  {t_loads:7.2f} s  {rate_l:9.0f} records/s ({n} records: articles + claims)"
    )
    print(
        f"validate:    {t_validate:7.2f} s  {rate_v:9.0f} records/s (schema + every cross-check,"
        f" no near-duplicate scan) -> {rate_v / rate_l:.2f}x of json.loads (target >= 0.5x)"
    )

    small_n = max(1, args.articles // 5)
    small = corpus.write_articles(work / "small.jsonl", small_n)
    rss = {}
    for label, path in ((small_n, small), (args.articles, src)):
        rss[label] = peak_rss_fresh(
            [*CLAIMKIT, "ingest", str(path), "--out", str(work / "m.jsonl"), "-q"]
        )
    print(
        "ingest peak RSS: "
        + ", ".join(f"{k} articles {v:.0f} MB" for k, v in rss.items())
        + f" (growth x{rss[args.articles] / rss[small_n]:.2f} for x{args.articles / small_n:.0f} input)"
    )
    small_claims = corpus.write_claims(
        work / "small_claims.jsonl",
        [decode(Article, orjson.loads(line)) for line in out.open("rb")],
        args.claims // 5,
    )
    vr = {}
    for label, path in ((args.claims // 5, small_claims), (args.claims, claims)):
        vr[label] = peak_rss_fresh(
            [*CLAIMKIT, "validate", str(out), str(path), "--no-near-duplicates"]
        )
    print(
        "validate peak RSS: "
        + ", ".join(f"{k} claims {v:.0f} MB" for k, v in vr.items())
        + f" (growth x{vr[args.claims] / vr[args.claims // 5]:.2f} for x5 claims)"
    )
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()
