"""Baselines benchmark: each costly step next to its library floor, and the whole command.

Prints figures and side-by-side ratios; asserts nothing (targets are read by people):

* **retrieval**: the shared :class:`SentenceIndex` answering every claim (top 5) against
  raw bm25s (``bm25s.tokenize`` + ``BM25.retrieve``) at the same k and threads, on the
  same sentences; target at most 1.3x;
* **nearest sentence** (NOT_ENOUGH_INFO claims of the oracle setting, a fresh index):
  against raw bm25s at k=1; target at most 1.3x; both also ``-distinct``: on a corpus
  where no sentence repeats (the index scores repeated sentences once, which the
  generated corpus, one seed reshuffled, rewards more than real news would);
* **claim-evidence fit** (``ClaimEvidence``: two TF-IDFs + pair features + LR) against
  raw TF-IDF + LR on the same input (one 1-2-gram TF-IDF of claim and evidence joined);
  target at most 2x; and its 3-point grid (GridSearchCV) next to three raw fits;
* with ``--cli``: ``claimkit baselines`` on a dataset built from ``--articles`` generated
  articles (``claimkit ingest``, ``extract``, ``build``); target under 2 minutes for
  2,000 articles (the issue measured 16 min 42 s).

Claims for the first three come from the generated articles of ``corpus.py``: SUPPORTED
repeats a sentence, REFUTED changes a number in it (or adds a negation), NOT_ENOUGH_INFO
takes a sentence of another article and has no evidence. Each measurement runs in its
own process, so its peak RSS is its own.

The generated articles are near-duplicates of one seed, so ``claimkit build`` puts every
claim in one group, hence in train; ``--cli`` then deals the built claims into
train/validation/test by id (60/20/20), rewriting only the claims config, so that the
command has splits to select and report on.

Usage: ``python benchmarks/bench_baselines.py [--claims 200000] [--articles 2000]
[--threads 2] [--cli] [--dataset DIR]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from bench_extract import run  # noqa: E402

from toolkit.records import Claim, CorpusSentence, Evidence  # noqa: E402

_SENT = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“])")
_NUM = re.compile(r"\d+")
_AUX = re.compile(r"\b(is|was|are|were|has|had|could)\b")
CLAIMKIT = [sys.executable, "-m", "toolkit"]


def generate(n_claims: int, n_articles: int, *, seed: int = 0, distinct: bool = False):
    """``(claims, corpus)`` for the benchmark, seeded.

    The generated articles share most sentences word for word (one seed, reshuffled);
    ``distinct`` appends a word of its own to every sentence, so none repeats.
    """
    sentences: list[CorpusSentence] = []
    for a, art in enumerate(corpus.generate_articles(n_articles, seed=seed)):
        for i, s in enumerate(_SENT.split(art["text"].replace("\n\n", " "))):
            sentences.append(CorpusSentence(f"{a:016x}", i, f"{s} ref{a}x{i}" if distinct else s))
    rng = random.Random(seed)
    claims = []
    for k in range(n_claims):
        s = sentences[rng.randrange(len(sentences))]
        label = ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO")[k % 3]
        text, evidence = s.text, (Evidence(article_id=s.article_id, sentence_index=s.index, exact=s.text),)
        if label == "REFUTED":
            m = _NUM.search(text) or _AUX.search(text)
            if m and m.group().isdigit():
                new = str(int(m.group()) + rng.randrange(1, 9))
                text = text[: m.start()] + new + text[m.end() :]
            elif m:
                text = text[: m.end()] + " not" + text[m.end() :]
            else:
                text = "It is not true that " + text
        elif label == "NOT_ENOUGH_INFO":
            evidence = ()
        claims.append(
            Claim(
                id=f"{k:016x}",
                claim=text,
                label=label,
                evidence=(evidence,) if evidence else (),
                source=None,
                method="mutation:number" if label == "REFUTED" else "extracted",
            )
        )
    return claims, sentences


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def child(task: str, n_claims: int, n_articles: int, threads: int) -> dict:
    """One measurement, in a fresh process: ``(ours, floor)`` seconds and peak RSS."""
    import bm25s
    import numpy as np

    from toolkit.baselines.run import frame, label_ids, nearest_evidence
    from toolkit.bm25 import STOPWORDS, SentenceIndex

    claims, sentences = generate(n_claims, n_articles, distinct=task.endswith("-distinct"))
    texts = [s.text for s in sentences]

    def raw_bm25(queries: list[str], k: int) -> float:
        index = bm25s.BM25()
        index.index(bm25s.tokenize(texts, stopwords=sorted(STOPWORDS), show_progress=False),
                    show_progress=False)  # fmt: skip
        t = time.perf_counter()
        tokens = bm25s.tokenize(queries, stopwords=sorted(STOPWORDS), show_progress=False)
        index.retrieve(tokens, k=k, n_threads=threads, show_progress=False)
        return time.perf_counter() - t

    if task.startswith("retrieval"):
        # distinct claims only: the index answers a repeated claim from memory, which
        # would flatter it against bm25s
        queries = list(dict.fromkeys(c.claim for c in claims))
        index = SentenceIndex(sentences, n_threads=threads)
        ours, _ = _timed(lambda: index.retrieve(queries, k=5))
        floor = raw_bm25(queries, 5)
        note = f"{len(queries):,} distinct claims over {len(texts):,} sentences, k=5"
    elif task.startswith("nearest"):
        nei = list({c.claim: c for c in claims if not c.evidence}.values())
        index = SentenceIndex(sentences, n_threads=threads)
        ours, _ = _timed(lambda: nearest_evidence(nei, index))
        floor = raw_bm25([c.claim for c in nei], 1)
        note = f"{len(nei):,} distinct NOT_ENOUGH_INFO claims, k=1"
    else:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        from toolkit.baselines.models import BASELINES
        from toolkit.baselines.run import select

        x = frame(claims, nearest_evidence(claims, SentenceIndex(sentences, n_threads=threads)))
        y = label_ids(claims)
        joined = (x["claim"] + " " + x["evidence"]).tolist()

        def raw(docs: list[str], labels, C: float = 1.0):
            tfidf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2,
                                    dtype=np.float32)  # fmt: skip
            return make_pipeline(tfidf, LogisticRegression(C=C, max_iter=1000)).fit(docs, labels)

        b = BASELINES["claim-evidence"]
        if task == "fit":
            ours, _ = _timed(lambda: b.make(random_state=0).fit(x, y))
            floor, _ = _timed(lambda: raw(joined, y))
            note = f"{len(claims):,} claims, C=1"
        else:  # the grid: 3 points fitted on train (80%), the chosen one refitted on train
            from joblib import Memory

            cut = len(claims) * 4 // 5
            frames = {"train": x.iloc[:cut], "validation": x.iloc[cut:].reset_index(drop=True)}
            with tempfile.TemporaryDirectory() as cache:
                ours, _ = _timed(lambda: select(
                    b, claims[:cut], claims[cut:], frames, random_state=0, corpus=None,
                    memory=Memory(cache, verbose=0),
                ))  # fmt: skip
            grid = b.param_grid["C"]
            floor = sum(_timed(lambda C=C: raw(joined[:cut], y[:cut], C))[0] for C in grid)
            note = f"grid C={grid} on {cut:,} train claims; floor: {len(grid)} raw fits"
    return {"ours": ours, "floor": floor, "note": note, "rss": rss_mb()}


def resplit(folder: Path) -> dict[str, int]:
    """Deal the built claims into train/validation/test by id (see the module docstring)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    import yaml

    readme = folder / "README.md"
    _, meta, body = readme.read_text(encoding="utf-8").split("---\n", 2)
    info = yaml.safe_load(meta)
    files = sorted((folder / "claims").glob("*.parquet"))
    table = pa.concat_tables([pq.read_table(f) for f in files])
    for f in files:
        f.unlink()
    ids = table.column("id").to_pylist()
    bucket = [int(hashlib.sha256(i.encode()).hexdigest(), 16) % 5 for i in ids]
    counts = {}
    for split, keep in (("train", {0, 1, 2}), ("validation", {3}), ("test", {4})):
        part = table.filter(pa.array([b in keep for b in bucket]))
        path = folder / "claims" / f"{split}-00000-of-00001.parquet"
        pq.write_table(part, path)
        counts[split] = (part.num_rows, path.stat().st_size)
    for config in info["configs"]:
        if config["config_name"] == "claims":
            config["data_files"] = [{"split": s, "path": f"claims/{s}-*"} for s in counts]
    for entry in info["dataset_info"]:
        if entry["config_name"] == "claims":
            entry["splits"] = [{"name": s, "num_bytes": nb, "num_examples": n}
                               for s, (n, nb) in counts.items()]  # fmt: skip
    readme.write_text(f"---\n{yaml.safe_dump(info, sort_keys=False)}---\n{body}", encoding="utf-8")
    return {s: n for s, (n, _) in counts.items()}


def cli(n_articles: int, dataset: Path | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="claimkit-bench-baselines-"))
    if dataset is None:
        data, dataset = work / "data", work / "hf"
        src = corpus.write_articles(work / "corpus.jsonl", n_articles)
        subprocess.run([*CLAIMKIT, "ingest", str(src), "--out", str(data / "articles.jsonl"),
                        "-q"], check=True, capture_output=True)  # fmt: skip
        subprocess.run([*CLAIMKIT, "extract", "--articles", str(data / "articles.jsonl"),
                        "--out", str(data / "claims.jsonl"), "--rejects",
                        str(work / "rejects.jsonl")], check=True, capture_output=True)  # fmt: skip
        subprocess.run([*CLAIMKIT, "build", "--data", str(data), "-o", str(dataset),
                        "--results", str(work / "none.md")], check=True, capture_output=True)  # fmt: skip
        counts = resplit(dataset)
    else:
        counts = {"dataset": str(dataset)}
    seconds, rss = run([*CLAIMKIT, "baselines", "--dataset", str(dataset), "-o",
                        str(work / "out")])  # fmt: skip
    print(f"claimkit baselines, {n_articles:,} generated articles ({counts}): {seconds:.1f} s,"
          f" peak RSS {rss:.0f} MB; target < 120 s; the issue measured 1002 s"
          f" ({1002 / seconds:.1f}x faster now)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--task", action="append",
                        choices=["retrieval", "nearest", "retrieval-distinct",
                                 "nearest-distinct", "fit", "grid"])  # fmt: skip
    parser.add_argument("--cli", action="store_true", help="also time `claimkit baselines`")
    parser.add_argument("--dataset", type=Path, help="with --cli: a built folder to use as is")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = child(args.child, args.claims, args.articles, args.threads)
        print(json.dumps(result))
        return
    print(f"cores: {os.cpu_count()}; threads: {args.threads}; claims: {args.claims:,};"
          f" articles: {args.articles:,}")  # fmt: skip
    targets = {"retrieval": 1.3, "nearest": 1.3, "retrieval-distinct": 1.3,
               "nearest-distinct": 1.3, "fit": 2.0, "grid": 2.0}  # fmt: skip
    print(f"{'step':<18} {'claimkit s':>10} {'floor s':>8} {'ratio':>6} {'target':>7}"
          f" {'peak RSS MB':>11}  what")  # fmt: skip
    for task in args.task or list(targets):
        out = subprocess.run(
            [sys.executable, __file__, "--child", task, "--claims", str(args.claims),
             "--articles", str(args.articles), "--threads", str(args.threads)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{task:<18} {r['ours']:>10.2f} {r['floor']:>8.2f} {r['ours'] / r['floor']:>5.2f}x"
              f" {targets[task]:>6}x {r['rss']:>11.0f}  {r['note']}", flush=True)  # fmt: skip
    if args.cli:
        cli(args.articles, args.dataset)


if __name__ == "__main__":
    main()
