"""Pipeline benchmark: each stage next to its floor, and the Dask speed-up.

On the generated corpus of ``benchmarks/corpus.py`` (default 2,000 articles; the issue
measured 10,000), runs every command as its own process, right after its floor on the
same input (side by side, so a busy machine slows both), and prints one table:

    stage | today (issue #15, 10k articles) | claimkit | floor | ratio | peak RSS

* **ingest** against sentencex alone on the same paragraphs (the segmenter it uses;
  the issue's floor was pysbd, the segmenter of the time), as whole processes and
  without each one's fixed start-up (the least of three runs on one article, and on
  its first paragraph). The floor's start-up is Python and sentencex; claimkit's also
  imports its CLI and the schema libraries, a fixed cost that dominates small corpora.
  Both figures are printed: the first is what a user waits, the second what grows
  with the corpus. A second row takes as floor the segmenter as ingest runs it,
  ``split_spans`` (sentencex behind claimkit's repair guards, the combination chosen);
* **(segmenter)** pysbd (today's) against sentencex (now) on those paragraphs;
* **extract** (no library floor);
* **validate** ``--no-near-duplicates`` against ``json.loads`` of the same files;
* **build** (the extracted claims, no near-duplicate scan) against ``datasets`` writing
  the same rows from the same JSONL (orjson into columns, ``Dataset.from_dict`` with the
  same features, ``to_parquet``); a build refused for having nothing to publish (the
  seed's variants can form one group, dealt to test, which takes gold claims only) is
  timed again with every group in train, and the row says so;

then the same stages on a corpus ten times smaller, and the growth exponent of time and
peak RSS from it to the full one (1.0 is linear; 0 is flat);

then ingest + extract with ``--engine local`` and with ``--engine dask --scheduler
local:N`` for N = 1 and 2 (wall time including the cluster's start, and the speed-up
over local) on ``--dask-articles`` articles (default: the same corpus). With
``--dask-corpus newswire`` those are articles of the generated newswire
(``benchmarks/newswire.py``) instead of the seed's variants: different stories, as in an
archive, where the seed's variants make every extraction alike. Outputs of every engine
are checked byte-identical. Peak RSS is the largest process of the run (a Dask worker or
the client). A last row runs the same extract on two forked processes with no Dask
(``benchmarks/fork_extract.py``): the machine's ceiling for any engine, which tells
Dask's own cost from the machine's. This machine's speed drifts by a fifth or more
between minutes, so ``--dask-rounds R`` runs every engine R times in turn and prints
medians, the speed-ups taken within each round. ``--dask-only`` runs just that
comparison.

Prints figures; asserts only that the engines agree. Usage:
``python benchmarks/bench_pipeline.py [--articles 2000] [--dask-articles N]
[--dask-corpus seed|newswire] [--dask-rounds 1] [--dask-engines dask1 dask2 fork]
[--skip-dask] [--skip-growth]
[--ingest-only] [--dask-only]``
"""

from __future__ import annotations

import argparse
import filecmp
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import newswire  # noqa: E402
from bench_extract import CLAIMKIT, extract_args, run  # noqa: E402

#: The issue's table (10,000 articles, 2 cores): stage -> (claimkit s, floor s, RSS MB).
TODAY = {
    "ingest": (54.5, 47.5, 38),
    "(segmenter)": (47.5, 2.75, None),  # today: pysbd vs blingfire
    "extract": (47.0, None, 45),
    "validate": (4.87, 3.34, 200),
    "build": (18.4, 18.4, 2660),  # 677,000 claims; "about 1.0x wall" against datasets
}

_PARAGRAPHS = """
import json, sys
from toolkit.ingest import split_blocks
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as g:
    for line in f:
        for block in split_blocks(json.loads(line)["text"]):
            g.write(json.dumps(block) + "\\n")
"""
_PYSBD = """
import json, sys, pysbd
seg = pysbd.Segmenter(language="en", clean=False)
n = sum(len(seg.segment(json.loads(line))) for line in open(sys.argv[1], encoding="utf-8"))
"""
_SENTENCEX = """
import json, sys, sentencex
n = sum(len(list(sentencex.segment("en", json.loads(line))))
        for line in open(sys.argv[1], encoding="utf-8"))
"""
#: The segmenter as ingest runs it: sentencex behind claimkit's two repair guards, with
#: each sentence located in the paragraph for its offsets (``toolkit.segment``).
_SPLIT_SPANS = """
import json, sys
from toolkit.segment import split_spans
n = sum(len(split_spans(json.loads(line), plain=True))
        for line in open(sys.argv[1], encoding="utf-8"))
"""
_DATASETS = """
import sys, orjson
from pathlib import Path
from datasets import Dataset
from datasets.utils.tqdm import disable_progress_bars
from toolkit.dataset.features import ARTICLES_FEATURES, CLAIMS_FEATURES, PROVENANCE_FEATURES
disable_progress_bars()
data, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
LABEL = {"SUPPORTED": 0, "REFUTED": 1, "NOT_ENOUGH_INFO": 2}
cols = {k: [] for k in CLAIMS_FEATURES}
prov = {k: [] for k in PROVENANCE_FEATURES}
for line in (data / "claims.jsonl").open("rb"):
    d = orjson.loads(line)
    cols["id"].append(d["id"]); cols["claim"].append(d["claim"])
    cols["label"].append(LABEL[d["label"]])
    cols["evidence"].append([[{"article_id": e.get("article_id"),
        "sentence_index": e.get("sentence_index"), "start": e.get("start"), "end": e.get("end"),
        "exact": e.get("exact"), "url": e.get("url")} for e in g] for g in d["evidence"]])
    cols["status"].append(d["status"])
    prov["id"].append(d["id"]); prov["method"].append(d["method"])
    prov["article_id"].append((d.get("source") or {}).get("article_id"))
Dataset.from_dict(cols, features=CLAIMS_FEATURES).to_parquet(str(out / "claims.parquet"))
Dataset.from_dict(prov, features=PROVENANCE_FEATURES).to_parquet(str(out / "provenance.parquet"))
del cols, prov
cols = {k: [] for k in ARTICLES_FEATURES}
for line in (data / "articles.jsonl").open("rb"):
    a = orjson.loads(line)
    for k in ("id", "title", "text"):
        cols[k].append(a[k])
    cols["sentences"].append([{"index": s["index"], "start": s["start"], "end": s["end"],
                               "text": a["text"][s["start"]:s["end"]]} for s in a["sentences"]])
    for k in ("publisher", "url", "published", "file"):
        cols[k].append(a["source"][k])
Dataset.from_dict(cols, features=ARTICLES_FEATURES).to_parquet(str(out / "articles.parquet"))
"""
_JSON = """
import json, sys
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            json.loads(line)
"""


def script(code: str, *args: Path) -> list[str]:
    return [sys.executable, "-c", code, *map(str, args)]


def row(stage: str, ours: float, floor: float | None, rss: float | None, note: str = "") -> None:
    t_ours, t_floor, rss_today = TODAY.get(stage, (None, None, None))
    today = f"{t_ours:6.2f} s" if t_ours else "      -"
    if t_floor:
        today += f" / {t_floor:5.2f} s = {t_ours / t_floor:5.2f}x"
    today = today.ljust(26)
    fl = f"{floor:7.2f} s" if floor is not None else "        -"
    ratio = f"{ours / floor:6.2f}x" if floor else "      -"
    mem = f"{rss:6.0f} MB" if rss is not None else "        -"
    mem += f" ({rss_today} MB)" if rss_today else ""
    print(f"{stage:<14} | {today} | {ours:7.2f} s | {fl} | {ratio} | {mem} {note}")


def start_up(work: Path, src: Path) -> tuple[float, float, float]:
    """Seconds of claimkit ingest on one article of ``src`` and of the floors
    (sentencex, then ``split_spans``) on its first paragraph: each side's fixed cost
    (the least of three runs)."""
    one = work / "one-article.jsonl"
    with open(src, "rb") as f:
        one.write_bytes(f.readline())
    one_paragraph = work / "one-paragraph.jsonl"
    run(script(_PARAGRAPHS, one, one_paragraph))
    with open(one_paragraph, "rb") as f:
        first = f.readline()
    one_paragraph.write_bytes(first)
    out = work / "one-article.out.jsonl"

    def ingest_one() -> float:
        out.unlink(missing_ok=True)  # a fresh output, as in the measured run
        return run([*CLAIMKIT, "ingest", str(one), "--out", str(out), "-q",
                    "--rejects", str(work / "one.rejects.jsonl")])[0]  # fmt: skip

    ours = min(ingest_one() for _ in range(3))
    floor = min(run(script(_SENTENCEX, one_paragraph))[0] for _ in range(3))
    guarded = min(run(script(_SPLIT_SPANS, one_paragraph))[0] for _ in range(3))
    return ours, floor, guarded


def header(n: int, what: str) -> None:
    print(f"corpus: {n} articles{what}; 'today' is the issue's 10,000-article run")
    print(f"{'stage':<14} | {'today: claimkit / floor':<26} | claimkit  | floor     |"
          " ratio   | peak RSS (today)")  # fmt: skip


def ingest_rows(t_ingest: float, t_sx: float, t_ss: float, t_sbd: float, rss: float,
                start: tuple[float, float, float]) -> None:  # fmt: skip
    s_ingest, s_sx, s_ss = start
    net = (t_ingest - s_ingest) / max(t_sx - s_sx, 1e-9)
    row("ingest", t_ingest, t_sx, rss,
        f"(floor: sentencex alone; without start-up {s_ingest:.2f} s / {s_sx:.2f} s: "
        f"{t_ingest - s_ingest:.2f} s / {t_sx - s_sx:.2f} s = {net:.2f}x)")  # fmt: skip
    # The floor is "the chosen segmenter alone"; what was chosen is sentencex
    # with a repair pass, so the same run is also printed against that.
    net = (t_ingest - s_ingest) / max(t_ss - s_ss, 1e-9)
    row("  (guarded)", t_ingest, t_ss, None,
        f"(floor: split_spans, sentencex and claimkit's repair guards, as ingest runs it;"
        f" without start-up {t_ingest - s_ingest:.2f} s / {t_ss - s_ss:.2f} s = {net:.2f}x)")  # fmt: skip
    if t_sbd:  # pysbd takes a minute on 3,000 articles: not in --ingest-only
        row("(segmenter)", t_sbd, t_sx, None, "(pysbd vs sentencex)")


def stages(
    work: Path, n: int, *, show: bool, ingest_only: bool = False
) -> dict[str, tuple[float, float]]:
    """Every stage on ``n`` generated articles in ``work``: stage -> (seconds, peak MB)."""
    work.mkdir(parents=True, exist_ok=True)
    src = corpus.write_articles(work / "corpus.jsonl", n)
    paragraphs = work / "paragraphs.jsonl"
    run(script(_PARAGRAPHS, src, paragraphs))

    t_sbd, _ = run(script(_PYSBD, paragraphs)) if show and not ingest_only else (0.0, 0.0)
    t_sx, _ = run(script(_SENTENCEX, paragraphs))
    t_ss, _ = run(script(_SPLIT_SPANS, paragraphs))
    data = work / "data"
    data.mkdir()
    articles, claims = data / "articles.jsonl", data / "claims.jsonl"
    t_ingest, rss_ingest = run([*CLAIMKIT, "ingest", str(src), "--out", str(articles), "-q",
                                "--rejects", str(work / "ingest.rejects.jsonl")])  # fmt: skip
    start = start_up(work, src) if show else (0.0, 0.0, 0.0)
    if ingest_only:
        header(n, "")
        ingest_rows(t_ingest, t_sx, t_ss, t_sbd, rss_ingest, start)
        return {"ingest": (t_ingest, rss_ingest)}
    t_extract, rss_extract = run(extract_args(articles, claims))
    (data / "claims.rejects.jsonl").rename(work / "rejects.jsonl")
    n_claims = sum(1 for _ in claims.open("rb"))
    t_json, _ = run(script(_JSON, articles, claims))
    t_validate, rss_validate = run([*CLAIMKIT, "validate", "--no-near-duplicates",
                                    str(articles), str(claims)])  # fmt: skip
    t_floor, rss_floor = run(script(_DATASETS, data, work / "datasets"))
    build = [*CLAIMKIT, "build", "--data", str(data), "--out", str(work / "hf"),
             "--results", str(work / "none.md")]  # fmt: skip
    dealt = ""
    try:
        t_build, rss_build = run(build)
    except subprocess.CalledProcessError as exc:
        # The seed's variants are one story: their claims can form a single group, and
        # when its hash deals it to test, nothing is publishable (test takes gold claims
        # only, and generated ones are silver). The same build with every group in
        # train writes every claim, as the floor does, so the row still measures it.
        print(f"build refused: {exc.stderr.strip().splitlines()[-1:]}; again, all in train")
        t_build, rss_build = run([*build, "--train", "1", "--validation", "0", "--test", "0"])
        dealt = "; every group in train"
    if show:
        header(n, f" -> {n_claims} claims")
        ingest_rows(t_ingest, t_sx, t_ss, t_sbd, rss_ingest, start)
        row("extract", t_extract, None, rss_extract)
        row("validate", t_validate, t_json, rss_validate, "(no near-duplicates; floor json.loads)")
        row("build", t_build, t_floor, rss_build,
            f"(floor: datasets from_dict + to_parquet, {rss_floor:.0f} MB{dealt})")
    return {"ingest": (t_ingest, rss_ingest), "extract": (t_extract, rss_extract),
            "validate": (t_validate, rss_validate), "build": (t_build, rss_build),
            "claims": (n_claims, 0.0)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--dask-articles", type=int, default=None)
    parser.add_argument("--dask-corpus", choices=("seed", "newswire"), default="seed",
                        help="Articles for the engine comparison (default: the seed's variants).")
    parser.add_argument("--dask-rounds", type=int, default=1,
                        help="Run every engine this many times, in turn, and print medians.")
    parser.add_argument("--dask-engines", nargs="+", choices=("dask1", "dask2", "fork"),
                        default=["dask1", "dask2", "fork"],
                        help="Engines to compare with one process (default: all).")  # fmt: skip
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--ingest-only", action="store_true",
                        help="only the ingest row (no pysbd, growth or Dask)")
    parser.add_argument("--dask-only", action="store_true",
                        help="only the engine comparison (no stage table, no growth)")
    args = parser.parse_args()
    if args.dask_rounds < 1:
        parser.error("--dask-rounds must be at least 1")
    if args.dask_only and (args.ingest_only or args.skip_dask):
        parser.error("--dask-only runs only the engine comparison: drop --ingest-only/--skip-dask")
    n = args.articles
    work = Path(tempfile.mkdtemp(prefix="claimkit-bench-pipeline-"))
    if not args.dask_only:
        big = stages(work / "full", n, show=True, ingest_only=args.ingest_only)
    if args.ingest_only:
        return

    if not args.skip_growth and not args.dask_only:
        import math

        small = stages(work / "small", max(n // 10, 20), show=False)
        print(f"\ngrowth from {max(n // 10, 20)} to {n} articles "
              f"({small['claims'][0]:.0f} -> {big['claims'][0]:.0f} claims): exponent of time "
              "and of peak RSS (1.0 = linear, 0 = flat)")  # fmt: skip
        for stage in ("ingest", "extract", "validate", "build"):
            (t0, m0), (t1, m1) = small[stage], big[stage]
            scale = math.log(n / max(n // 10, 20))
            print(f"{stage:<10} time {t0:7.2f} s -> {t1:7.2f} s  exponent "
                  f"{math.log(t1 / t0) / scale:5.2f}   RSS {m0:6.0f} MB -> {m1:6.0f} MB  "
                  f"exponent {math.log(m1 / m0) / scale:5.2f}")  # fmt: skip

    if args.skip_dask:
        return
    src = work / "full" / "corpus.jsonl"
    if args.dask_corpus == "newswire":
        src = newswire.write_articles(work / "dask-newswire.jsonl", args.dask_articles or n)
    elif args.dask_only or (args.dask_articles and args.dask_articles != n):
        src = corpus.write_articles(work / "dask-corpus.jsonl", args.dask_articles or n)
    rounds = args.dask_rounds
    print(f"\ningest + extract by engine on {args.dask_articles or n} articles"
          f" ({'the newswire' if args.dask_corpus == 'newswire' else 'seed variants'};"
          " wall time includes starting the local cluster"
          + (f"; {rounds} rounds of every engine in turn, medians" if rounds > 1 else "")
          + ")")  # fmt: skip
    fork = [sys.executable, str(HERE / "fork_extract.py")]
    every = {
        "local": ("local", ["--engine", "local"], None),
        "dask1": ("dask, 1 worker", ["--engine", "dask", "--scheduler", "local:1"], None),
        "dask2": ("dask, 2 workers", ["--engine", "dask", "--scheduler", "local:2"], None),
        # The machine's ceiling: the same extract on two forked processes, no Dask.
        "fork": ("fork, 2 (no Dask)", ["--engine", "local"], fork),
    }
    engines = [every[name] for name in dict.fromkeys(("local", *args.dask_engines))]
    times: dict[str, list[tuple[float, float, float]]] = {label: [] for label, _, _ in engines}
    for rnd in range(rounds):
        for label, extra, extract_cmd in engines:
            out = work / f"{label.replace(' ', '').replace(',', '-')}-{rnd}"
            out.mkdir()
            t_i, rss_i = run([*CLAIMKIT, "ingest", str(src), "--out", str(out / "articles.jsonl"),
                              "-q", "--rejects", str(out / "ingest.rejects.jsonl"), *extra])  # fmt: skip
            claims = out / "claims.jsonl"
            if extract_cmd is None:
                t_e, rss_e = run([*extract_args(out / "articles.jsonl", claims), *extra])
            else:
                t_e, rss_e = run([*extract_cmd, str(out / "articles.jsonl"), str(claims)])
            times[label].append((t_i, t_e, max(rss_i, rss_e)))
            local = work / f"local-{rnd}"
            same = all(
                filecmp.cmp(out / name, local / name, shallow=False)
                for name in ("articles.jsonl", "claims.jsonl", "claims.rejects.jsonl")
            )
            if not same:
                sys.exit(f"{label}: output differs from the local engine")
    base = times["local"]
    for label, _, _ in engines:
        runs = times[label]
        t_i, t_e, rss = (statistics.median(x) for x in zip(*runs, strict=True))
        # Speed-ups within each round (the machine's speed drifts between rounds).
        up = statistics.median((b[0] + b[1]) / (r[0] + r[1]) for b, r in zip(base, runs, strict=True))
        up_e = statistics.median(b[1] / r[1] for b, r in zip(base, runs, strict=True))
        print(f"{label:<18} ingest {t_i:7.2f} s  extract {t_e:7.2f} s  total {t_i + t_e:7.2f} s  "
              f"speed-up {up:4.2f}x (extract alone {up_e:4.2f}x)  peak RSS {rss:5.0f} MB"
              f"  same bytes as local: True")  # fmt: skip
        if rounds > 1:
            print(" " * 18 + " rounds: " + ", ".join(
                f"{r[0] + r[1]:.1f} s ({(b[0] + b[1]) / (r[0] + r[1]):.2f}x)"
                for b, r in zip(base, runs, strict=True)))  # fmt: skip
    print(json.dumps({"work": str(work)}))


if __name__ == "__main__":
    main()
