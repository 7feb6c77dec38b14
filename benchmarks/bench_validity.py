"""Validity benchmark: are the generated claims natural, and can their labels be guessed?

Runs the real commands (``ingest -> extract -> filter -> audit``) on three corpora and
prints every target of the natural-claims issue:

* the **real-news development corpus** (50 Australian news articles without titles, the
  Lee corpus: fetched on demand by ``../shared/real-news/get-dev-corpus``, never
  committed): the claim-only probe against majority with bootstrap intervals, before
  and after adversarial filtering; label shares; claims per rule and the largest share;
  which registered rules never fired; and, from the committed blind review
  (``benchmarks/review/dev-review.jsonl``: claim id, the reviewer's label and quality
  flags, no article text), the share of standalone, grammatical and sensible claims and
  the agreement with the generated labels;
* the **seed** (the project's own article);
* the **generated corpus** (``benchmarks/corpus.py``): extract time against ingest time,
  and extract's peak memory at a fifth of the corpus and at all of it.

Usage::

    python benchmarks/bench_validity.py --dev DEV.jsonl [--generated 10000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import corpus  # noqa: E402
from bench_extract import CLAIMKIT, extract_args, run  # noqa: E402

from toolkit.claims.rules import get_rules  # noqa: E402
from toolkit.records import LABELS  # noqa: E402

REVIEW = HERE / "review" / "dev-review.jsonl"
GETTER = REPO.parent / "shared" / "real-news" / "get-dev-corpus"


def claimkit(*args: str, cwd: Path = REPO) -> str:
    out = subprocess.run([*CLAIMKIT, *args], check=True, capture_output=True, text=True, cwd=cwd)
    return out.stdout + out.stderr


def read(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def pipeline(src: Path, work: Path) -> dict:
    """ingest -> extract -> audit -> filter -> audit on ``src``; the figures of each step."""
    data = work / "data"
    data.mkdir(parents=True, exist_ok=True)
    claimkit("ingest", str(src), "--out", str(data / "articles.jsonl"), "--quiet")
    claimkit(*extract_args(data / "articles.jsonl", data / "claims.jsonl")[len(CLAIMKIT):])
    before = read_audit(work, data, "before")
    generated = read(data / "claims.jsonl")
    claimkit("filter", "--claims", str(data / "claims.jsonl"),
             "--rejects", str(work / "aflite.jsonl"))  # fmt: skip
    after = read_audit(work, data, "after")
    return {"before": before, "after": after, "generated": generated,
            "claims": read(data / "claims.jsonl"), "dropped": read(work / "aflite.jsonl")}  # fmt: skip


def read_audit(work: Path, data: Path, name: str) -> dict:
    out = work / f"audit-{name}"
    claimkit("audit", "--claims", str(data / "claims.jsonl"), "--out", str(out),
             "--rejects", str(data / "claims.rejects.jsonl"))  # fmt: skip
    return json.loads((out / "audit.json").read_text(encoding="utf-8"))


def probe_line(a: dict) -> str:
    p = a["probe"]
    if p is None:
        return "probe not run (fewer than two labels or groups)"
    return (f"accuracy {p['accuracy']} [{p['accuracy_ci'][0]}, {p['accuracy_ci'][1]}] vs "
            f"majority {p['majority_accuracy']} [{p['majority_accuracy_ci'][0]}, "
            f"{p['majority_accuracy_ci'][1]}] (gap {p['gap']:+.1f}, target <= 5); macro-F1 "
            f"{p['macro_f1']} [{p['macro_f1_ci'][0]}, {p['macro_f1_ci'][1]}] (target <= 40), "
            f"majority macro-F1 {p['majority_macro_f1']}; {p['folds']} folds by {p['grouped_by']}")  # fmt: skip


def report(name: str, figures: dict) -> None:
    claims = figures["claims"]
    print(f"\n== {name}: {len(figures['generated'])} claims generated, {len(figures['dropped'])}"
          f" dropped by AFLite, {len(claims)} kept")  # fmt: skip
    print(f"claim-only probe before filtering: {probe_line(figures['before'])}")
    print(f"claim-only probe after filtering:  {probe_line(figures['after'])}")
    labels = Counter(c["label"] for c in claims)
    n = max(1, len(claims))
    print("label shares (target 25-42% each): "
          + ", ".join(f"{lb} {100 * labels[lb] / n:.1f}%" for lb in LABELS))  # fmt: skip
    rules = Counter(c["rule"] for c in claims)
    print("claims per rule (target: every rule fires, none over 30%):")
    for rule, count in rules.most_common():
        print(f"  {rule:28} {count:6d}  {100 * count / n:5.1f}%")
    silent = sorted(r.key for r in get_rules(None) if r.key not in rules)
    print(f"rules that never fired: {', '.join(silent) or 'none'}")
    methods: dict[str, Counter[str]] = {}
    for c in claims:
        methods.setdefault(c["method"], Counter())[c["label"]] += 1
    print("labels per method: " + "; ".join(
        f"{m} " + "/".join(str(cnt[lb]) for lb in LABELS) for m, cnt in sorted(methods.items())
    ) + f"  ({'/'.join(LABELS)})")  # fmt: skip
    gate = figures["after"].get("gate", {})
    print("gate: " + (", ".join(f"{r} {k}" for r, k in gate.items()) or "none"))


def review_figures(generated: list[dict], review: list[dict]) -> None:
    by_id = {c["id"]: c for c in generated}
    present = [r for r in review if r["id"] in by_id]
    quality = sum(r["standalone"] and r["grammatical"] and r["sensible"] for r in present)
    agree = sum(r["label"] == by_id[r["id"]]["label"] for r in present)
    n = max(1, len(present))
    print(f"\nblind review ({REVIEW.relative_to(REPO)}): {len(review)} reviewed, "
          f"{len(present)} still generated, {len(generated) - len(present)} generated claims"
          " not reviewed")  # fmt: skip
    print(f"  standalone, grammatical and sensible: {quality}/{len(present)} = "
          f"{100 * quality / n:.1f}% (target >= 95%)")  # fmt: skip
    print(f"  reviewer agrees with the generated label: {agree}/{len(present)} = "
          f"{100 * agree / n:.1f}% (target >= 95%)")  # fmt: skip
    for flag in ("standalone", "grammatical", "sensible"):
        print(f"  not {flag}: {sum(not r[flag] for r in present)}")
    wrong = Counter((by_id[r["id"]]["rule"], by_id[r["id"]]["label"], r["label"])
                    for r in present if r["label"] != by_id[r["id"]]["label"])  # fmt: skip
    for (rule, gen, rev), k in wrong.most_common():
        print(f"  disagreement: {rule} generated {gen}, reviewer {rev}: {k}")


def throughput(n: int, work: Path) -> None:
    src = corpus.write_articles(work / "corpus.jsonl", n)
    articles = work / "articles.jsonl"
    t_ingest, rss_ingest = run([*CLAIMKIT, "ingest", str(src), "--out", str(articles), "-q"])
    t_extract, rss_extract = run(extract_args(articles, work / "claims.jsonl"))
    small = work / "small.jsonl"
    with articles.open("rb") as f, small.open("wb") as g:
        for i, line in enumerate(f):
            if i >= max(1, n // 5):
                break
            g.write(line)
    _, rss_small = run(extract_args(small, work / "small-claims.jsonl"))
    print(f"\n== generated corpus: {n} articles")
    print(f"ingest {t_ingest:.1f} s (peak {rss_ingest:.0f} MB); extract incl. held-out retrieval "
          f"check {t_extract:.1f} s (peak {rss_extract:.0f} MB); extract / ingest = "
          f"{t_extract / t_ingest:.2f}x (target <= 1x)")  # fmt: skip
    print(f"extract peak RSS: {n // 5} articles {rss_small:.0f} MB, {n} articles "
          f"{rss_extract:.0f} MB (x{rss_extract / max(rss_small, 1):.2f} for x5 input)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, help="dev corpus JSONL (default: fetch it)")
    parser.add_argument("--generated", type=int, default=10_000,
                        help="articles in the generated corpus (0: skip the throughput run)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimkit-bench-validity-"))
    dev = args.dev
    if dev is None:
        dev = work / "dev.jsonl"
        subprocess.run([str(GETTER), str(dev)], check=True)
    figures = pipeline(dev.resolve(), work / "dev")
    report("real-news dev corpus", figures)
    review_figures(figures["generated"], read(REVIEW))
    report("seed", pipeline(REPO / "seeds", work / "seed"))
    if args.generated:
        throughput(args.generated, work / "generated")
    print(f"\nwork folder: {work}")


if __name__ == "__main__":
    main()
