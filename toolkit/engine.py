"""Where the per-article stages run: in this process, or on a Dask cluster.

A stage (``ingest``, ``extract``, ``audit``) hands its input records, a function of one
partition and the objects every partition needs (``shared``) to :meth:`Engine.map`.
The engine cuts the records into partitions of ``partition_size`` consecutive records
(the engine's, unless the stage asks for its own: audit sends one fold per task, ingest
sends many light articles per task, bounded by their size as well as their count)
and yields the partition results **in input order**, so the
stage merges them exactly as the single-process path would and the output files are
byte-identical whichever engine ran.

* :class:`LocalEngine` calls the function in this process, one partition after the other.
* :class:`DaskEngine` submits partitions to a ``dask.distributed`` cluster: either a
  running scheduler (``tcp://host:8786``) or ``local:N``, a ``LocalCluster`` of N worker
  *processes* (pure-Python stages hold the GIL, so threads would not help). The shared
  objects are sent to each worker once (as the result of a task), not with every task.
  A worker that dies mid-task loses nothing: Dask reruns its task elsewhere, and the
  result only counts once, when its future resolves. At most ``window`` partitions are
  in flight, so the client holds a bounded number of results however large the input.
  A result comes back as one pickled ``bytes`` (see :func:`_packed`).

Partition functions must be module-level (importable on the workers) and pure: a
rerun must return the same result.
"""

from __future__ import annotations

import copy
import pickle
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, Protocol, TypeVar

from toolkit.errors import UsageError

T = TypeVar("T")
R = TypeVar("R")

#: Records per partition unless the stage says otherwise: large enough that the
#: per-task overhead of Dask (about a millisecond) is small next to the work.
PARTITION_SIZE = 64
ENGINES = ("local", "dask")

#: Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (to hand freed
#: memory back to the system at once). Setting it turns off glibc's adaptive mmap
#: threshold, so every array over 128 KiB is mapped and unmapped again, page faults and
#: all: extract's retrieval check allocates a score row as long as the corpus per
#: held-out claim: on 10,000 articles, ingest + extract on two workers spent 78 s in the
#: kernel with it and 11.5 s without (one process: 1.7 s). The clusters claimkit starts
#: (``local:N``) leave glibc's default.
_TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
#: Each worker samples its task thread's stack every 10 ms for the dashboard's profile,
#: under the GIL: on 5,000 articles, extract on two workers took 47.5 s with it and
#: 43.2 s without (CPU 86 s and 78 s). The clusters claimkit starts turn it off.
_PROFILE = "distributed.worker.profile.enabled"
#: Every Dask server (the scheduler, each nanny and worker) wakes its event loop every
#: 20 ms by default, only to measure how late the wake-up was (a diagnostic warning
#: after 3 s). Each wake-up takes the GIL from the thread doing the work: on 5,000
#: newswire articles, extract on two workers took about 9% less time with a tick of a
#: second or two (median of seven alternating pairs, range 0.85-1.02; CPU 8% less).
#: The clusters claimkit starts tick every second.
_TICK = "distributed.admin.tick.interval"


def partitions(
    items: Iterable[T], size: int = PARTITION_SIZE, *,
    weight: Callable[[T], int] | None = None, budget: int | None = None,
) -> Iterator[list[T]]:  # fmt: skip
    """Consecutive lists of at most ``size`` items, in order (the last may be shorter).

    With ``weight`` and ``budget``, a list also ends once its items' weights add up to
    ``budget`` or more, so an item heavier than the budget travels alone. Why: a stage
    whose per-item work is light wants many items per task (a task costs Dask about a
    millisecond), but items vary in size (an article may be a few hundred bytes or
    megabytes), and a count alone would let one task hold gigabytes.
    """
    if size < 1:
        raise ValueError("partition size must be positive")
    if (weight is None) != (budget is None):
        raise ValueError("a partition budget needs both a weight function and a budget")
    if budget is not None and budget < 1:
        raise ValueError("partition budget must be positive")
    it = iter(items)
    if weight is None or budget is None:
        while chunk := list(islice(it, size)):
            yield chunk
        return
    part: list[T] = []
    total = 0
    for item in it:
        part.append(item)
        total += weight(item)
        if len(part) >= size or total >= budget:
            yield part
            part, total = [], 0
    if part:
        yield part


class Engine(Protocol):
    """Runs ``fn(partition, *shared)`` over partitions of ``items``, results in input order."""

    partition_size: int
    #: Whether partitions run in other processes, whose results come back pickled. A
    #: stage may then have its workers encode what they return (see
    #: :mod:`toolkit.claims.encoded`); in this process that would only add work.
    remote: bool

    def map(
        self, fn: Callable[..., R], items: Iterable[Any], *shared: Any,
        partition_size: int | None = None, weight: Callable[[Any], int] | None = None,
        budget: int | None = None,
    ) -> Iterator[R]: ...  # pragma: no cover


class LocalEngine:
    """The single-process path: each partition in turn, in this process."""

    remote = False

    def __init__(self, *, partition_size: int = PARTITION_SIZE):
        self.partition_size = partition_size

    def map(
        self, fn: Callable[..., R], items: Iterable[Any], *shared: Any,
        partition_size: int | None = None, weight: Callable[[Any], int] | None = None,
        budget: int | None = None,
    ) -> Iterator[R]:
        size = partition_size or self.partition_size
        for part in partitions(items, size, weight=weight, budget=budget):
            yield fn(part, *shared)

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DaskEngine:
    """Partitions as tasks on a ``dask.distributed`` cluster, results in input order.

    ``scheduler`` is a scheduler address (``tcp://10.0.0.5:8786``) or ``local:N`` to
    start a ``LocalCluster`` of N single-threaded worker processes, closed again by
    :meth:`close`. ``window`` bounds the partitions in flight (default: four per
    worker thread), which bounds the client's memory.
    """

    remote = True

    def __init__(
        self,
        *,
        scheduler: str,
        partition_size: int = PARTITION_SIZE,
        window: int | None = None,
        timeout: float = 60,
    ):
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - a dependency of claimkit
            raise UsageError("the dask engine needs dask[distributed] installed") from None
        self.scheduler = scheduler
        self.partition_size = partition_size
        self._cluster = None
        if scheduler.startswith("local:"):
            n = scheduler.removeprefix("local:")
            if not n.isdigit() or int(n) < 1:
                raise UsageError(
                    f"--scheduler {scheduler}: expected local:N with N >= 1 workers "
                    "(or a scheduler address such as tcp://host:8786)"
                )
            with dask.config.set({_TRIM: None, _PROFILE: False, _TICK: "1s"}):  # see above
                # Each nanny keeps the config its worker starts with, and starts a new
                # worker with it when one dies. It keeps a shallow merge, whose inner
                # dicts this block restores when it ends: a worker started after that
                # would profile again. A deep copy keeps the settings for every restart.
                config = copy.deepcopy(dask.config.config)
                self._cluster = LocalCluster(
                    n_workers=int(n),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: never clash with a running cluster
                    memory_limit=0,
                    silence_logs=50,  # logging.CRITICAL: a restarted worker or a closing race is not news
                    config=config,
                )
            self.client = Client(self._cluster)
        else:
            try:
                self.client = Client(scheduler, timeout=timeout)
            except ValueError as exc:  # the address itself: "missing port number in ..."
                raise UsageError(
                    f"--scheduler {scheduler}: not a scheduler address ({exc}); expected"
                    " tcp://host:port or local:N"
                ) from None
            except OSError as exc:
                raise UsageError(
                    f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc}); "
                    "start one with `dask scheduler` or use local:N"
                ) from None
        threads = sum(self.client.nthreads().values()) or 1
        self.window = window or 4 * threads

    def map(
        self, fn: Callable[..., R], items: Iterable[Any], *shared: Any,
        partition_size: int | None = None, weight: Callable[[Any], int] | None = None,
        budget: int | None = None,
    ) -> Iterator[R]:
        import dask
        from distributed import Future

        # Each shared object travels to the workers once and tasks refer to it by key.
        # It is made by a task, not scattered: scattered data lost with a dead worker
        # cannot be recovered, while a task's result is simply recomputed. Such a task
        # is as large as the object (extract's corpus index: 39 MB at 10,000 articles),
        # and Dask's warning about large graphs, meant for data repeated in every task,
        # would be printed on every run.
        with dask.config.set({"distributed.admin.large-graph-warning-threshold": "1 TiB"}):
            refs = [
                s if isinstance(s, Future) else self.client.submit(_same, s, pure=False)
                for s in shared
            ]
        pending: deque[Any] = deque()
        try:
            size = partition_size or self.partition_size
            for part in partitions(items, size, weight=weight, budget=budget):
                key = f"{fn.__name__}-{uuid.uuid4().hex}"  # the stage's name, not _packed's
                pending.append(self.client.submit(_packed, fn, part, *refs, key=key))
                if len(pending) >= self.window:
                    yield pickle.loads(pending.popleft().result())
            while pending:
                yield pickle.loads(pending.popleft().result())
        finally:
            for f in pending:
                f.cancel()
            for s, given in zip(refs, shared, strict=True):
                if s is not given:
                    s.release()

    def close(self) -> None:
        """Disconnect; a cluster started for ``local:N`` is shut down."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _packed(fn: Callable[..., R], part: list[Any], *shared: Any) -> bytes:
    """``fn(part, *shared)`` pickled on the worker, so the result travels as one ``bytes``.

    Why: Dask keeps a task's result as live objects in the worker until the client
    fetches it, then serializes it on the worker's event loop and unpickles it on the
    client's. For extract's results (thousands of small records per partition) that cost
    more than the work it moved: on 2,000 newswire articles, the generation tasks of a
    2-worker cluster used 54.7 worker CPU-s and 17.7 client CPU-s with live results, and
    43.8 and 9.6 pickled here (``claimkit extract --engine dask --scheduler local:2``:
    48 s before, 38 s after). ``bytes`` hold no references, so the worker's garbage
    collector has nothing more to walk while a result waits.
    """
    return pickle.dumps(fn(part, *shared), protocol=pickle.HIGHEST_PROTOCOL)


def _same(obj: T) -> T:
    """The shared object itself, as a task result that Dask can recompute if lost."""
    return obj


def make_engine(
    name: str = "local", *, scheduler: str | None = None, partition_size: int = PARTITION_SIZE
) -> LocalEngine | DaskEngine:
    """The engine called ``name`` (``local`` or ``dask``); use it as a context manager."""
    if name == "local":
        if scheduler is not None:
            raise UsageError("--scheduler only applies to --engine dask")
        return LocalEngine(partition_size=partition_size)
    if name == "dask":
        return DaskEngine(scheduler=scheduler or "local:2", partition_size=partition_size)
    raise UsageError(f"unknown engine {name!r} (valid: {', '.join(ENGINES)})")
