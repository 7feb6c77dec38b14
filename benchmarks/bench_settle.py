"""Held-out check benchmark: how extract's settle check grows with the corpus.

Extract drops a held-out claim that the published corpus still settles
(:meth:`toolkit.claims.heldout.Corpus.settles`): bm25s scores every distinct published
sentence for each held-out claim, and the claim is dropped when the best one holds
``SETTLE_OVERLAP`` of its content words. The claims checked grow with the corpus, and so
does the cost of each check, so the check's time grows with the square of the corpus
while the rest of extract grows linearly. This measures both, so that a change to the
check (pruning the search, say) can be judged on figures, next to its share of extract.

For each size in ``--articles`` it runs ``claimkit extract``'s own code (one process,
the local engine) on the first N articles of one ingested newswire
(``benchmarks/newswire.py``; a smaller corpus is a prefix of a larger one), in a child
process of its own, with the check timed. It prints the distinct sentences indexed, the
held-out claims checked, milliseconds per claim, the check's seconds and share of
extract, and, between consecutive sizes, the growth exponents of the check and of the
rest of extract. Every answer of the check is written to ``settles.jsonl`` in the run's
folder, one JSON line each, so that two versions of the check can be compared with
``cmp``; with ``--repeat 2`` each size runs twice, the answers of the runs must be the
same, and the faster run's figures are printed.

``--side-by-side K`` then asks whether the check slows down beside a twin doing the
same, as on an engine's two workers: on the largest size, K of the claims checked are
checked again, by one process alone and by two processes at once (each builds the
corpus, then both start together), in turn for :data:`SIDE_ROUNDS` rounds; it prints
each process's milliseconds per claim.

Prints figures; asserts nothing else (targets are read by people).
Usage: ``python benchmarks/bench_settle.py [--articles 10000 30000] [--repeat 1]
[--side-by-side 6000]``
"""

from __future__ import annotations

import argparse
import filecmp
import itertools
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import newswire  # noqa: E402

#: The child: extract on one articles file, ``Corpus.settles`` timed and its answers kept.
_CHILD = """
import json, sys, time
from pathlib import Path
from toolkit.claims import heldout
from toolkit.claims.extract import run_extract
from toolkit.engine import LocalEngine

articles, out = Path(sys.argv[1]), Path(sys.argv[2])
settles, spent, asked, answers, checked = heldout.Corpus.settles, [0.0], [0], [], []
sizes = []

def timed(self, claims):
    t = time.perf_counter()
    found = settles(self, claims)
    spent[0] += time.perf_counter() - t
    asked[0] += len(claims)
    answers.extend(found)
    checked.extend(claims)
    if not sizes and self._retriever is not None:
        sizes.append(self._retriever._bm25.scores["num_docs"])
    return found

heldout.Corpus.settles = timed
t = time.perf_counter()
run_extract(articles, out / "claims.jsonl", out / "claims.rejects.jsonl", engine=LocalEngine())
total = time.perf_counter() - t
(out / "settles.jsonl").write_text("".join(json.dumps(a) + "\\n" for a in answers))
(out / "checked.jsonl").write_text("".join(json.dumps(c) + "\\n" for c in checked))
print(json.dumps({"extract": total, "check": spent[0], "claims": asked[0],
                  "distinct": sizes[0] if sizes else 0}))
"""

#: Rounds of ``--side-by-side`` (one alone, then two at once): the machine drifts.
SIDE_ROUNDS = 3

#: The check again on recorded claims, started with a twin: each process builds the
#: corpus, says it is ready, and starts timing when the parent writes ``go``.
_SIDE = """
import json, sys, time
from pathlib import Path
from toolkit.claims.heldout import Corpus
from toolkit.engine import LocalEngine
from toolkit.store import Store

articles, checked, sync, k = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
corpus = Corpus.of_lines(articles, Store.of(articles=articles).article_lines(), engine=LocalEngine())
claims = [json.loads(line) for line in checked.open(encoding="utf-8")][:k]
(sync / sys.argv[5]).touch()
while not (sync / "go").exists():
    time.sleep(0.01)
t = time.perf_counter()
corpus.settles(claims)
print(json.dumps({"ms": 1000 * (time.perf_counter() - t) / max(len(claims), 1)}))
"""


def side_by_side(articles: Path, checked: Path, k: int, together: int) -> list[float]:
    """Milliseconds per claim of each of ``together`` processes checking the same
    ``k`` recorded claims at the same time."""
    with tempfile.TemporaryDirectory() as sync:
        procs = [subprocess.Popen([sys.executable, "-c", _SIDE, str(articles), str(checked),
                                   sync, str(k), f"ready-{i}"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for i in range(together)]  # fmt: skip
        while sum(Path(sync, f"ready-{i}").exists() for i in range(together)) < together:
            if any(p.poll() not in (None, 0) for p in procs):
                break
            time.sleep(0.05)
        Path(sync, "go").touch()
        out = [p.communicate() for p in procs]
    for p, (_, err) in zip(procs, out, strict=True):
        if p.returncode:
            sys.exit(f"side-by-side check: {_last_line(err)}")
    return [json.loads(o.strip().splitlines()[-1])["ms"] for o, _ in out]


def child(articles: Path, out: Path) -> dict:
    """One extract in a fresh process; its figures."""
    out.mkdir(parents=True)
    return json.loads(_run([sys.executable, "-c", _CHILD, str(articles), str(out)])[-1])


def _run(args: list[str]) -> list[str]:
    """``args``' output lines; on failure, exit with its last error line."""
    run = subprocess.run(args, capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"{' '.join(args[:4])}...: {_last_line(run.stderr)}")
    return run.stdout.splitlines()


def _last_line(stderr: str) -> str:
    """A failed child's last error line: its one-line error, or the end of a traceback."""
    return (stderr.strip().splitlines() or ["failed"])[-1]


def _exponent(n0: int, n1: int, t0: float, t1: float) -> str:
    """How time grows with the corpus: ``t`` proportional to ``n`` to this power."""
    return f"{math.log(t1 / t0) / math.log(n1 / n0):.2f}" if t0 > 0 and t1 > 0 else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 30_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--side-by-side", type=int, default=0, metavar="K")
    args = parser.parse_args()
    if args.repeat < 1 or min(args.articles) < 1 or args.side_by_side < 0:
        parser.error("--articles and --repeat must be at least 1, --side-by-side at least 0")
    sizes = sorted(set(args.articles))
    work = Path(tempfile.mkdtemp(prefix="claimkit-bench-settle-"))
    src = newswire.write_articles(work / "newswire.jsonl", sizes[-1])
    ingested = work / "articles.jsonl"
    _run([sys.executable, "-m", "toolkit", "ingest", str(src), "--out", str(ingested), "-q"])

    print("held-out check in extract (one process, generated newswire)")
    print(f"{'articles':>9} | {'sentences':>9} | {'claims':>7} | {'ms/claim':>8} | "
          f"{'check':>8} | {'extract':>8} | share")  # fmt: skip
    rows = []
    for n in sizes:
        articles = work / f"articles-{n}.jsonl"
        with ingested.open("rb") as f, articles.open("wb") as g:
            for i, line in enumerate(f):
                if i == n:
                    break
                g.write(line)
        runs = [child(articles, work / f"run-{n}-{r}") for r in range(args.repeat)]
        for r in range(1, args.repeat):
            if not filecmp.cmp(work / f"run-{n}-0" / "settles.jsonl",
                               work / f"run-{n}-{r}" / "settles.jsonl", shallow=False):  # fmt: skip
                sys.exit(f"{n} articles: run {r} answered differently from run 0")
        fig = min(runs, key=lambda x: x["extract"])  # the least disturbed run
        per = 1000 * fig["check"] / fig["claims"] if fig["claims"] else 0.0
        print(f"{n:>9,} | {fig['distinct']:>9,} | {fig['claims']:>7,} | {per:>8.3f} | "
              f"{fig['check']:>7.1f}s | {fig['extract']:>7.1f}s | "
              f"{fig['check'] / fig['extract']:.0%}")  # fmt: skip
        rows.append((n, fig))
    for (n0, a), (n1, b) in itertools.pairwise(rows):
        print(f"{n0:,} -> {n1:,} articles: check exponent "
              f"{_exponent(n0, n1, a['check'], b['check'])}, rest of extract "
              f"{_exponent(n0, n1, a['extract'] - a['check'], b['extract'] - b['check'])}")  # fmt: skip
    if args.side_by_side:
        n = sizes[-1]
        print(f"the check on {args.side_by_side:,} recorded claims of {n:,} articles, "
              "ms per claim: one process alone, then two at once")  # fmt: skip
        for r in range(SIDE_ROUNDS):
            for together in (1, 2):
                ms = side_by_side(work / f"articles-{n}.jsonl", work / f"run-{n}-0" / "checked.jsonl",
                                  args.side_by_side, together)  # fmt: skip
                print(f"  round {r + 1}, {together} at once: " + ", ".join(f"{m:.3f}" for m in ms))
    print(json.dumps({"work": str(work)}))


if __name__ == "__main__":
    main()
