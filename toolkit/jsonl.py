"""Reading and writing files: the only place the pipeline touches the disk.

Reads are strict and say exactly where a file is wrong (``path:line``). Writes are
atomic: records go to a temporary file in the destination folder, which is then
renamed over the destination, so a crash or a bad record never leaves a half-written
file and a reader never sees one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from toolkit.errors import DataError

#: Default size limit for one input file or one JSONL line (bytes). Large enough for any
#: real article; small enough that a wrong file (a dump, a binary) is refused early.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024


def dumps(record: dict[str, Any]) -> bytes:
    """One JSONL line: UTF-8, keys in the record's own order, no spaces, newline."""
    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


def decode_text(data: bytes, path: Path | str) -> str:
    """Decode a whole file as UTF-8, refusing binary files and naming the bad line."""
    if not data.strip():
        raise DataError("empty file", path=path)
    if b"\x00" in data:
        raise DataError("binary file (contains NUL bytes); expected UTF-8 text", path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"invalid UTF-8 at byte {exc.start} ({data[exc.start : exc.start + 1]!r});"
            " save the file as UTF-8",
            path=path,
            line=line,
        ) from None
    return text.removeprefix("\ufeff")


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in chunks so large files do not fill memory."""
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, refusing files over ``max_bytes``."""
    size = path.stat().st_size
    if size > max_bytes:
        raise DataError(
            f"file is {size} bytes, over the limit of {max_bytes} (raise it with --max-bytes)",
            path=path,
        )
    return path.read_bytes()


def iter_jsonl(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, allow_empty: bool = True
) -> Iterator[tuple[int, Any]]:
    """``(line number, parsed object)`` for each non-blank line of a JSONL file.

    Streams the file (memory stays flat however long it is). Every problem raises
    :class:`DataError` naming the file and line.
    """
    seen_any = False
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, start=1):
            if len(raw) > max_bytes:
                raise DataError(
                    f"line is {len(raw)} bytes, over the limit of {max_bytes}"
                    " (raise it with --max-bytes)",
                    path=path,
                    line=lineno,
                )
            if not raw.strip():
                continue
            yield lineno, parse_json_line(raw, path, lineno)
            seen_any = True
    if not seen_any and not allow_empty:
        raise DataError("empty file: no JSON lines", path=path)


def parse_json_line(raw: bytes, path: Path | str, lineno: int) -> Any:
    """Parse one JSONL line; bad bytes and bad JSON become one-line errors."""
    if b"\x00" in raw:
        raise DataError("binary data (NUL byte); expected one JSON object", path=path, line=lineno)
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as uexc:
            raise DataError(
                f"invalid UTF-8 at column {uexc.start + 1}", path=path, line=lineno
            ) from None
        msg = str(exc).split(": line")[0]
        raise DataError(
            f"not valid JSON: {msg} (column {exc.colno})", path=path, line=lineno
        ) from None


@contextlib.contextmanager
def atomic_writer(path: Path | str, mode: str = "wb") -> Iterator[IO[Any]]:
    """Open a temporary file next to ``path``; rename it over ``path`` only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_jsonl(path: Path | str, records: Iterable[dict[str, Any]]) -> int:
    """Write dicts as JSONL atomically; returns the number of records written."""
    n = 0
    with atomic_writer(path) as f:
        for record in records:
            f.write(dumps(record))
            n += 1
    return n


def write_text(path: Path | str, text: str) -> None:
    """Write a text file atomically (UTF-8, ``\\n`` newlines)."""
    with atomic_writer(path) as f:
        f.write(text.encode("utf-8"))
