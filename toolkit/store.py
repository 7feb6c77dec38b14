"""The Store: the one owner of ``data/`` (``articles.jsonl``, ``claims.jsonl``, ``annotations/``).

Nothing a person did may be lost, so every command that changes the data goes through
one object that does three things the same way everywhere:

* **An exclusive lock** (a ``filelock`` lock on a file named by the folder's real path
  in the machine's temp folder, see :func:`lock_path`) around the whole
  read-modify-write. A second writer waits and says so on stderr; with a lock
  timeout (``--lock-timeout``) it gives up with one line instead. The lock is
  re-entrant inside one process, so library functions can take it again freely.
  Being in the temp folder, it excludes writers on one machine (the supported case), not
  on two machines sharing ``data/`` over a network file system.
* **Atomic writes** (:func:`toolkit.jsonl.atomic_writer`): a temporary file in the same
  folder, fsynced, given the old file's mode (or the umask default for a new file), then
  renamed over the target. Temporary names end in ``.claimkit-tmp`` (git-ignored) and
  carry the writer's pid, so the next run of any command removes the ones a killed
  process left behind (:func:`toolkit.jsonl.sweep_stale`).
* **Strict reads**: each line is checked against its JSON Schema and ids must be unique
  (:func:`iter_records`), so a bad file stops a command with one ``file:line`` error
  before anything is written.

Usage (the whole API)::

    store = Store(Path("data"))            # or Store.of(claims=..., articles=...)
    with store.lock():                     # one transaction: read, change, write
        claims = store.claims()            # list[Claim] (missing file: [])
        articles = store.articles()        # list[Article] (missing file: [])
        store.write_claims(updated)        # atomic, mode kept
        store.write_articles(merged)

Commands that accept ``--claims``/``--articles`` paths build the store with
:meth:`Store.of`; the lock then covers every folder involved (in a fixed order, so two
commands never deadlock); :func:`lock_folders` locks other folders the same way
(``add-article`` holds ``seeds/`` too). Merges (judgments, imports, ingest) are pure functions that
run inside ``with store.lock():``; see :func:`toolkit.annotations.merge_judgments`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import DataError
from toolkit.jsonl import (
    DEFAULT_MAX_BYTES,
    iter_jsonl,
    parse_json_line,
    read_raw_lines,
    sweep_stale,
    write_jsonl,
)
from toolkit.records import Article, Claim, decode, encode
from toolkit.schema import validate_record

_SEE_ALL = "see every problem with `claimkit validate`"
#: How to make a store file that a command needs and that does not exist yet.
_MAKE = {"article": "run `claimkit ingest` first", "claim": "run `claimkit extract` first"}
LOCK_DIR = "claimkit-locks"
ARTICLES_FILE = "articles.jsonl"
CLAIMS_FILE = "claims.jsonl"
ANNOTATIONS_DIR = "annotations"
#: The store's files where a command is not told otherwise.
CLAIMS_PATH = Path("data") / CLAIMS_FILE
ARTICLES_PATH = Path("data") / ARTICLES_FILE


# ---------------------------------------------------------------- lock settings


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class LockSettings:
    """How long a writer waits for the lock (``None``: forever) and where it says so."""

    timeout: float | None = None
    notify: Callable[[str], None] = _to_stderr


_SETTINGS = [LockSettings()]


def configure_locking(
    *, timeout: float | None = None, notify: Callable[[str], None] | None = None
) -> None:
    """Set the lock timeout and wait message sink for this process (the CLI's options).

    A setting rather than a parameter of every library call: the CLI sets it once from
    ``--lock-timeout``, and every store the command opens, however deep, obeys it.
    """
    _SETTINGS[0] = LockSettings(timeout=timeout, notify=notify or _to_stderr)


_LOCKS: dict[str, Any] = {}


def lock_path(folder: Path) -> Path:
    """Where the lock of ``folder`` lives: the machine's temp folder, named by a digest
    of the folder's real path, so every process on the machine finds the same lock and
    the data folder itself gains no file (a refused command leaves it byte for byte)."""
    import hashlib
    import tempfile

    key = str(Path(folder).resolve())
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return Path(tempfile.gettempdir()) / LOCK_DIR / f"{digest}.lock"


def _file_lock(folder: Path) -> Any:
    """One ``FileLock`` object per folder and process, so taking it again is re-entrant."""
    from filelock import FileLock

    key = str(folder.resolve())
    lock = _LOCKS.get(key)
    if lock is None:
        path = lock_path(folder)
        path.parent.mkdir(mode=0o777, exist_ok=True)
        lock = _LOCKS[key] = FileLock(str(path))
    return lock


@contextlib.contextmanager
def lock_folders(folders: Iterable[Path]) -> Iterator[None]:
    """Hold the exclusive lock of every folder in ``folders`` (sorted: no deadlock)."""
    from filelock import Timeout

    settings = _SETTINGS[0]
    unique = sorted({str(Path(f).resolve()) for f in folders})
    with contextlib.ExitStack() as stack:
        for key in unique:
            folder = Path(key)
            lock = _file_lock(folder)
            try:
                lock.acquire(timeout=0)
            except Timeout:
                wait = "" if settings.timeout is None else f" (up to {settings.timeout:g} s)"
                settings.notify(
                    f"waiting for {folder}: another claimkit command is changing it{wait}"
                )
                try:
                    lock.acquire(timeout=-1 if settings.timeout is None else settings.timeout)
                except Timeout:
                    raise DataError(
                        f"another claimkit command still holds the lock after"
                        f" {settings.timeout:g} s; nothing was changed (run again later, or"
                        " raise --lock-timeout)",
                        path=folder,
                    ) from None
            stack.callback(lock.release)
            if lock.lock_counter == 1:  # first holder in this process: clean up crashes
                sweep_stale(folder, locked=True)
        yield


# ---------------------------------------------------------------- the store


class Store:
    """The folder of record files (``data/``) and the only code that reads or writes them."""

    def __init__(
        self,
        root: Path | str = Path("data"),
        *,
        claims: Path | str | None = None,
        articles: Path | str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.root = Path(root)
        self.claims_path = Path(claims) if claims is not None else self.root / CLAIMS_FILE
        self.articles_path = (
            Path(articles) if articles is not None else self.root / ARTICLES_FILE
        )
        self.annotations_dir = self.root / ANNOTATIONS_DIR
        self.max_bytes = max_bytes

    @classmethod
    def of(
        cls,
        *,
        claims: Path | str | None = None,
        articles: Path | str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> Store:
        """The store holding these files (its root is the claims file's folder)."""
        anchor = Path(claims if claims is not None else articles or Path("data") / CLAIMS_FILE)
        return cls(anchor.parent, claims=claims, articles=articles, max_bytes=max_bytes)

    # -- locking

    def folders(self) -> list[Path]:
        """Every folder whose files this store reads or writes."""
        return [self.root, self.claims_path.parent, self.articles_path.parent]

    def lock(self) -> contextlib.AbstractContextManager[None]:
        """The exclusive lock for one read-modify-write of this store (re-entrant)."""
        return lock_folders(self.folders())

    # -- reading: the one reader of each file kind (strict, streamed, schema-checked)

    def claims(self, *, required: bool = False) -> list[Claim]:
        """Every claim in file order (a missing file is an empty store unless ``required``)."""
        return [c for _, c in self.iter_claims(required=required)]

    def articles(self, *, required: bool = False) -> list[Article]:
        """Every article in file order (a missing file is empty unless ``required``)."""
        return [a for _, a in self.iter_articles(required=required)]

    def articles_by_id(self, *, required: bool = True) -> dict[str, Article]:
        """Every article by id (commands that resolve evidence need the file)."""
        return {a.id: a for _, a in self.iter_articles(required=required)}

    def iter_claims(self, *, required: bool = False) -> Iterator[tuple[int, Claim]]:
        """``(line, claim)`` of the claims file, streamed: memory stays flat."""
        for lineno, record in self.claim_records(required=required):
            yield lineno, decode(Claim, record)

    def iter_articles(self, *, required: bool = False) -> Iterator[tuple[int, Article]]:
        """``(line, article)`` of the articles file, streamed: memory stays flat."""
        for lineno, record in self.article_records(required=required):
            yield lineno, decode(Article, record)

    def claim_records(self, *, required: bool = False) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(line, record)`` of the claims file, streamed and schema-checked."""
        return self._records(self.claims_path, "claim", required)

    def article_records(self, *, required: bool = False) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(line, record)`` of the articles file, streamed and schema-checked."""
        return self._records(self.articles_path, "article", required)

    def article_lines(self, *, required: bool = False) -> Iterator[tuple[int, bytes]]:
        """``(line, bytes)`` of the articles file, not parsed (see :func:`iter_lines`);
        :func:`articles_of_lines` turns a batch of them into articles."""
        if self._missing(self.articles_path, "article", required):
            return iter(())
        return iter_lines(self.articles_path, max_bytes=self.max_bytes)

    def _missing(self, path: Path, kind: str, required: bool) -> bool:
        if path.is_dir():
            raise DataError("is a folder; give a JSONL file", path=path)
        if not path.exists():
            if required:
                raise DataError(f"no {kind}s file; {_MAKE[kind]}", path=path)
            return True
        return False

    def _records(self, path: Path, kind: str, required: bool) -> Iterator[tuple[int, dict[str, Any]]]:
        if self._missing(path, kind, required):
            return iter(())
        return iter_records(path, kind, max_bytes=self.max_bytes)

    # -- writing (callers hold the lock; taking it again here is free)

    def write_claims(self, claims: Iterable[Claim]) -> int:
        """Replace the claims file atomically; returns the number written."""
        with self.lock():
            return write_jsonl(self.claims_path, (encode(c) for c in claims))

    def write_articles(self, articles: Iterable[Article]) -> int:
        """Replace the articles file atomically; returns the number written."""
        with self.lock():
            return write_jsonl(self.articles_path, (encode(a) for a in articles))


# ---------------------------------------------------------------- strict reader


def iter_records(
    path: Path, kind: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line, record)`` for each schema-valid record of ``kind`` in ``path``, streamed.

    The first invalid record or repeated id raises :class:`DataError`.
    """
    ids = UniqueIds(path)
    for lineno, obj in iter_jsonl(path, max_bytes=max_bytes):
        check_line_record(kind, obj, path, lineno)
        ids.add(obj["id"], lineno)
        yield lineno, obj


def iter_lines(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[int, bytes]]:
    """``(line, bytes)`` of each non-blank line of a JSONL file, not parsed: for a stage
    whose engine parses and checks them where the work runs (:func:`records_of_lines`),
    so that its client reads at the speed of the disk."""
    with open(path, "rb") as f:
        for lineno, _, raw in read_raw_lines(f, path, max_bytes=max_bytes):
            yield lineno, raw


def records_of_lines(
    kind: str, path: Path | str, lines: Iterable[tuple[int, bytes]]
) -> list[dict[str, Any]]:
    """The records of ``(line, bytes)`` pairs from :func:`iter_lines`, parsed and
    schema-checked with the errors of :func:`iter_records`. Ids are not compared here:
    the caller sees every line and does that with :class:`UniqueIds`."""
    out = []
    for lineno, raw in lines:
        obj = parse_json_line(raw, path, lineno)
        check_line_record(kind, obj, path, lineno)
        out.append(obj)
    return out


def check_line_record(kind: str, obj: Any, path: Path | str, lineno: int) -> None:
    """Raise the one-line :class:`DataError` for the first schema problem of a record read
    from line ``lineno`` of ``path``."""
    problem = _first_problem(kind, obj)
    if problem:
        raise DataError(f"{problem}; {_SEE_ALL}", path=path, line=lineno)


def _first_problem(kind: str, record: Any) -> str | None:
    """``field: message`` of the record's first schema problem (and how many more)."""
    errors = validate_record(kind, record)
    if not errors:
        return None
    field, message = errors[0]
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return f"{field}: {message}{more}"


class UntilError:
    """The ``(line, bytes)`` pairs of a reader until it fails: a reader's error (a line
    over the size limit, say) ends the iteration and is kept in :attr:`error`.

    Why: an engine reads ahead (whole partitions, several in flight) before any line of
    them is parsed. A size error on line 40 must not be reported before a schema error
    on line 5, so the stage raises :attr:`error` only once every line before it is done.
    """

    def __init__(self, lines: Iterable[tuple[int, bytes]]):
        self._lines = lines
        self.error: DataError | None = None

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        try:
            yield from self._lines
        except DataError as exc:
            self.error = exc

    def raise_error(self) -> None:
        """Raise the reader's error, if it had one."""
        if self.error is not None:
            raise self.error


class UniqueIds:
    """The ids of one file's records so far, and the line each was first seen on: a
    repeated id is a one-line :class:`DataError` naming both lines."""

    def __init__(self, path: Path | str):
        self.path = path
        self._first: dict[str, int] = {}

    def add(self, rid: str, lineno: int) -> None:
        first = self._first.setdefault(rid, lineno)
        if first != lineno:
            raise DataError(
                f"id: duplicate id {rid} (first on line {first}); {_SEE_ALL}",
                path=self.path,
                line=lineno,
            )


def check_record(kind: str, record: Any, where: str) -> None:
    """Raise :class:`DataError` for the first schema problem of one in-memory record."""
    problem = _first_problem(kind, record)
    if problem:
        raise DataError(problem, path=where)


def articles_of_lines(path: Path | str, lines: Iterable[tuple[int, bytes]]) -> list[Article]:
    """The articles of ``(line, bytes)`` pairs of the articles file ``path``
    (:meth:`Store.article_lines`), parsed and checked as :meth:`Store.iter_articles` does."""
    return [decode(Article, r) for r in records_of_lines("article", path, lines)]
