"""Baselines benchmark: fit and predict time of each baseline on generated claims, and peak memory.

Prints figures; asserts nothing (targets are read by people, not by the test suite):

* for each registered baseline (default parameters): seconds to fit on ``--claims``
  generated claims and to predict the same number, and the peak RSS of the process;
* target: ``claim-evidence`` (logistic regression) fits 200,000 claims in under a
  minute on a 2-core machine.

Each baseline runs in its own process, so its peak RSS is its own (the line also gives
the RSS once the data is generated, before fitting). Claims come from the generated
articles of ``corpus.py``: SUPPORTED repeats a sentence, REFUTED changes a number in it
(or adds a negation), NOT_ENOUGH_INFO takes a sentence of another article and has no
evidence; the retrieval baseline searches every sentence of the generated articles.

Usage: ``python benchmarks/bench_baselines.py [--claims 200000] [--articles 2000]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

from baselines.models import BASELINES  # noqa: E402
from baselines.run import fit, nearest_evidence, predict  # noqa: E402
from toolkit.evaluate import classification_scores  # noqa: E402
from toolkit.records import Claim, CorpusSentence, Evidence  # noqa: E402

_SENT = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“])")
_NUM = re.compile(r"\d+")
_AUX = re.compile(r"\b(is|was|are|were|has|had|could)\b")


def generate(n_claims: int, n_articles: int, *, seed: int = 0):
    """``(claims, corpus)`` for the benchmark, seeded."""
    sentences: list[CorpusSentence] = []
    for a, art in enumerate(corpus.generate_articles(n_articles, seed=seed)):
        for i, s in enumerate(_SENT.split(art["text"].replace("\n\n", " "))):
            sentences.append(CorpusSentence(f"{a:016x}", i, s))
    rng = random.Random(seed)
    claims = []
    for k in range(n_claims):
        s = sentences[rng.randrange(len(sentences))]
        label = ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO")[k % 3]
        text, evidence = s.text, (Evidence(s.text, s.article_id, s.index),)
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


def child(name: str, n_claims: int, n_articles: int) -> dict:
    claims, sentences = generate(n_claims, n_articles)
    after_data = rss_mb()
    b = BASELINES[name]
    tn = time.perf_counter()
    # the oracle setting reads the nearest sentence of claims without gold evidence
    nearest = nearest_evidence(claims, sentences) if b.setting == "oracle" else {}
    t0 = time.perf_counter()
    model = fit(b, {}, claims, sentences, nearest=nearest)
    t1 = time.perf_counter()
    preds = predict(b, model, claims, nearest)
    t2 = time.perf_counter()
    acc = classification_scores([c.label for c in claims], [p.label for p in preds]).accuracy
    return {
        "baseline": b.key,
        "claims": n_claims,
        "corpus_sentences": len(sentences),
        "nearest_s": round(t0 - tn, 1),
        "fit_s": round(t1 - t0, 1),
        "predict_s": round(t2 - t1, 1),
        "train_accuracy": round(acc, 3),
        "rss_after_data_mb": round(after_data),
        "peak_rss_mb": round(rss_mb()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--baseline", action="append", choices=list(BASELINES))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.claims, args.articles)))
        return
    print(f"cores: {os.cpu_count()}; claims: {args.claims:,}; articles: {args.articles:,}")
    print(
        f"{'baseline':<24} {'nearest s':>9} {'fit s':>7} {'predict s':>10} {'peak RSS MB':>12}"
        f" {'RSS after data':>15} {'train acc':>10}"
    )
    for name in args.baseline or list(BASELINES):
        out = (
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    name,
                    "--claims",
                    str(args.claims),
                    "--articles",
                    str(args.articles),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        r = json.loads(out)
        print(
            f"{r['baseline']:<24} {r['nearest_s']:>9} {r['fit_s']:>7} {r['predict_s']:>10}"
            f" {r['peak_rss_mb']:>12}"
            f" {r['rss_after_data_mb']:>15} {r['train_accuracy']:>10}",
            flush=True,
        )
    print("target: claim-evidence fit < 60 s on 2 cores (nearest-sentence lookup timed apart)")


if __name__ == "__main__":
    main()
