"""Extract benchmark: claims/s and peak memory of ``claimkit extract`` next to ingest.

On the generated corpus of ``benchmarks/corpus.py`` (default 10,000 articles), runs
``claimkit ingest`` and then ``claimkit extract`` as separate processes and prints:

* wall time of each and extract/ingest (target: extract takes no longer than ingest);
* extract articles/s and claims/s;
* peak RSS of each, and of extract at a fifth of the corpus (target: flat as the corpus
  grows, because extract streams one article at a time);
* a rerun of extract on its own output (the merge path), checked byte-identical.

Prints figures; asserts nothing but the rerun's identity (targets are read by people).
Usage: ``python benchmarks/bench_extract.py [--articles 10000]``
"""

from __future__ import annotations

import argparse
import filecmp
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

CLAIMKIT = [sys.executable, "-m", "toolkit"]

#: Times one command in a child. The command's stderr passes through, and a failure
#: exits with its code, so that the caller's CalledProcessError carries claimkit's own
#: one-line error (a CalledProcessError raised here would carry only this wrapper's).
_WRAPPER = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
    "code and sys.exit(code); "
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process running ``args``."""
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *args], check=True,
                         capture_output=True, text=True)  # fmt: skip
    seconds, kb = out.stdout.split()
    return float(seconds), int(kb) / 1024


def extract_args(articles: Path, out: Path) -> list[str]:
    return [*CLAIMKIT, "extract", "--articles", str(articles), "--out", str(out),
            "--rejects", str(out.with_suffix(".rejects.jsonl"))]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    n = args.articles
    work = Path(tempfile.mkdtemp(prefix="claimkit-bench-extract-"))

    src = corpus.write_articles(work / "corpus.jsonl", n)
    articles = work / "articles.jsonl"
    t_ingest, rss_ingest = run([*CLAIMKIT, "ingest", str(src), "--out", str(articles), "-q"])
    claims = work / "claims.jsonl"
    t_extract, rss_extract = run(extract_args(articles, claims))
    n_claims = sum(1 for _ in claims.open("rb"))
    labels: dict[str, int] = {}
    for line in claims.open("rb"):
        label = json.loads(line)["label"]
        labels[label] = labels.get(label, 0) + 1

    small_n = max(1, n // 5)
    small = work / "small.jsonl"
    with articles.open("rb") as f, small.open("wb") as g:
        for i, line in enumerate(f):
            if i >= small_n:
                break
            g.write(line)
    _, rss_small = run(extract_args(small, work / "small_claims.jsonl"))

    rerun = work / "rerun.jsonl"
    rerun.write_bytes(claims.read_bytes())
    t_rerun, rss_rerun = run(extract_args(articles, rerun))
    identical = filecmp.cmp(claims, rerun, shallow=False)

    print(f"corpus: {n} articles -> {n_claims} claims ({labels})")
    print(f"ingest:   {t_ingest:7.2f} s  {n / t_ingest:8.0f} articles/s  peak RSS {rss_ingest:6.0f} MB")
    print(f"extract:  {t_extract:7.2f} s  {n / t_extract:8.0f} articles/s  "
          f"{n_claims / t_extract:8.0f} claims/s  peak RSS {rss_extract:6.0f} MB")  # fmt: skip
    print(f"extract / ingest time = {t_extract / t_ingest:.2f}x (target <= 1x)")
    print(f"extract peak RSS: {small_n} articles {rss_small:.0f} MB, {n} articles "
          f"{rss_extract:.0f} MB (growth x{rss_extract / rss_small:.2f} for x{n / small_n:.0f} input)")  # fmt: skip
    print(f"rerun on its own output: {t_rerun:.2f} s, peak RSS {rss_rerun:.0f} MB, "
          f"byte-identical: {identical}")  # fmt: skip
    print(f"work folder: {work}")
    if not identical:
        sys.exit("rerun was not byte-identical")


if __name__ == "__main__":
    main()
