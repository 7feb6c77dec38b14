"""``claimkit extract`` on a pool of forked processes instead of Dask: a ceiling, not an engine.

Why: the Dask speed-up of ``bench_pipeline.py`` mixes two costs, the machine's (two
processes on two cores run slower each than one alone, and the client's caps and writes
share those cores) and Dask's own (its scheduler and event loops, the corpus sent to
each worker, results over TCP). This runs :func:`~toolkit.claims.extract.run_extract`
with an engine that has as little of the second as Python allows: ``fork`` children
inherit the corpus index instead of receiving it, tasks and results go over pipes, and
there is no scheduler. Results travel pickled and encoded as from Dask's workers
(``remote = True``), so the client does the same work. Its speed-up over one process is
about the best any engine can reach on the machine; the outputs are byte-identical.

Not part of claimkit: a worker killed here hangs the pool (``multiprocessing.Pool``
does not rerun lost tasks), which Dask's engine must survive.

Usage: ``python benchmarks/fork_extract.py ARTICLES CLAIMS [--workers 2]`` (rejects go
next to the claims, as ``bench_extract.extract_args`` puts them).
"""

from __future__ import annotations

import argparse
import multiprocessing
import pickle
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from toolkit.claims.extract import run_extract
from toolkit.engine import PARTITION_SIZE, _packed, partitions

#: The function and shared objects of the running map, set before the pool forks.
_JOB: tuple[Callable[..., Any], tuple[Any, ...]] | None = None


def _call(part: list[Any]) -> bytes:
    fn, shared = _JOB  # type: ignore[misc]
    return _packed(fn, part, *shared)  # pickled as Dask's workers return it


class ForkPoolEngine:
    """Partitions on ``workers`` forked processes, results in input order."""

    remote = True

    def __init__(self, *, workers: int = 2, partition_size: int = PARTITION_SIZE):
        self.workers = workers
        self.partition_size = partition_size

    def map(
        self, fn: Callable[..., Any], items: Iterable[Any], *shared: Any,
        partition_size: int | None = None, weight: Callable[[Any], int] | None = None,
        budget: int | None = None,
    ) -> Iterator[Any]:  # fmt: skip
        global _JOB
        _JOB = (fn, shared)  # each map forks a new pool, which inherits this
        parts = partitions(items, partition_size or self.partition_size,
                           weight=weight, budget=budget)  # fmt: skip
        with multiprocessing.get_context("fork").Pool(self.workers) as pool:
            for result in pool.imap(_call, parts):
                yield pickle.loads(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("claims", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rejects = args.claims.with_suffix(".rejects.jsonl")
    run_extract(args.articles, args.claims, rejects, engine=ForkPoolEngine(workers=args.workers))


if __name__ == "__main__":
    main()
