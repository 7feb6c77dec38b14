"""Reading and writing files: the only place the pipeline touches the disk.

Reads are strict and say exactly where a file is wrong (``path:line``). Writes are
atomic: records go to a temporary file in the destination folder, which is then
renamed over the destination, so a crash or a bad record never leaves a half-written
file and a reader never sees one.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
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


def looks_utf16(data: bytes) -> bool:
    """True for UTF-16 text: a UTF-16 byte order mark, or a NUL in every other byte."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    head = data[:200]
    if len(head) < 4:
        return False
    evens, odds = head[0::2], head[1::2]
    return evens.count(0) > 0.8 * len(evens) or odds.count(0) > 0.8 * len(odds)


_UTF16 = "UTF-16 text; save the file as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)"


def decode_text(data: bytes, path: Path | str) -> str:
    """Decode a whole file as UTF-8, refusing binary files and naming the bad line."""
    if not data.strip():
        raise DataError("empty file", path=path)
    if looks_utf16(data):
        raise DataError(_UTF16, path=path)
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
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_empty: bool = True,
    unique_keys: bool = False,
) -> Iterator[tuple[int, Any]]:
    """``(line number, parsed object)`` for each non-blank line of a JSONL file.

    Streams the file (memory stays flat however long it is). Every problem raises
    :class:`DataError` naming the file and line. ``unique_keys`` (for files people
    write by hand) refuses an object that repeats a key, which JSON parsers otherwise
    resolve silently by keeping the last value.
    """
    path = Path(path)
    if path.is_dir():
        raise DataError("is a folder; give a JSONL file", path=path)
    seen_any = False
    with open(path, "rb") as f:
        for lineno, _, obj in read_jsonl_lines(f, path, max_bytes=max_bytes,
                                               unique_keys=unique_keys):  # fmt: skip
            yield lineno, obj
            seen_any = True
    if not seen_any and not allow_empty:
        raise DataError("empty file: no JSON lines", path=path)


def read_jsonl_lines(
    f: IO[bytes], path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES,
    unique_keys: bool = False,
) -> Iterator[tuple[int, tuple[int, int], Any]]:
    """``(line number, (offset, length), parsed object)`` for each non-blank line of the
    open binary file ``f``, positioned at its start; the checks of :func:`iter_jsonl`.

    ``offset`` and ``length`` locate the line's JSON bytes in the file (after a BOM,
    with the newline), so ``os.pread`` can read the record again without holding it.
    """
    for lineno, where, raw in read_raw_lines(f, path, max_bytes=max_bytes):
        obj = parse_json_line(raw, path, lineno)
        if unique_keys:
            check_unique_keys(raw, path, lineno)
        yield lineno, where, obj


def read_raw_lines(
    f: IO[bytes], path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[int, tuple[int, int], bytes]]:
    """:func:`read_jsonl_lines` without the parsing: ``(line number, (offset, length),
    line bytes)`` of each non-blank line, with the checks that need no parse (UTF-16,
    a UTF-8 BOM, the size limit). Whoever parses the line later does so with
    :func:`parse_json_line`, so the errors are the same (an engine's workers do)."""
    offset = 0
    for lineno, raw in enumerate(f, start=1):
        start, offset = offset, offset + len(raw)
        if lineno == 1:
            if looks_utf16(raw):
                raise DataError(_UTF16, path=path, line=1)
            stripped = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 BOM some editors add
            start += len(raw) - len(stripped)
            raw = stripped
        if len(raw) > max_bytes:
            raise DataError(
                f"line is {len(raw)} bytes, over the limit of {max_bytes}"
                " (raise it with --max-bytes)",
                path=path,
                line=lineno,
            )
        if not raw.strip():
            continue
        yield lineno, (start, len(raw)), raw


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


#: Every temporary file or folder claimkit creates ends with this (``.gitignore`` covers
#: ``*.claimkit-tmp``); the name also carries the writer's pid, see :func:`temp_path`.
TMP_SUFFIX = ".claimkit-tmp"
_TMP_NAME = re.compile(r"^\..*[.-](\d+)-[0-9a-f]{8}" + re.escape(TMP_SUFFIX) + "$")
# Names of the temporary files older versions left behind (no pid; removed under the lock).
_LEGACY_TMP = re.compile(r"^\.(?:articles|claims)\.jsonl\..+\.tmp$")


def temp_path(target: Path, kind: str = "") -> Path:
    """A fresh temporary name next to ``target``: ``.<name>.<kind><pid>-<random>.claimkit-tmp``."""
    return target.parent / f".{target.name}.{kind}{os.getpid()}-{secrets.token_hex(4)}{TMP_SUFFIX}"


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale(folder: Path, *, locked: bool = False) -> list[Path]:
    """Remove the temporary files and folders that killed claimkit processes left here.

    A temporary name carries its writer's pid; it is stale when that process is gone.
    With ``locked`` (the caller holds the store lock, so no writer can be mid-write)
    the unnamed temporaries of older versions go too. Returns what was removed.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TMP_NAME.match(entry.name)
        stale = (m is not None and not _pid_alive(int(m.group(1)))) or (
            locked and _LEGACY_TMP.match(entry.name) is not None
        )
        if not stale:
            continue
        path = Path(entry.path)
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


def _new_file_mode() -> int:
    """The mode a new file gets under the current umask (0o666 minus the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _RepeatedKey(key)
        seen.add(key)
    return dict(pairs)


class _RepeatedKey(ValueError):
    pass


def check_unique_keys(raw: bytes | str, path: Path | str, lineno: int | None = None) -> None:
    """Refuse JSON that repeats a key in one object (only the last would count)."""
    import json

    try:
        json.loads(raw, object_pairs_hook=_no_repeats)
    except _RepeatedKey as exc:
        raise DataError(
            f"key {exc.args[0]!r} appears twice in one object; keep one", path=path, line=lineno
        ) from None


@contextlib.contextmanager
def atomic_writer(path: Path | str, mode: str = "wb") -> Iterator[IO[Any]]:
    """Open a temporary file next to ``path``; rename it over ``path`` only on success.

    The temporary file is fsynced before the rename (a crash leaves the old file or
    the new one, never half of one), gets the mode of the file it replaces (the umask
    default for a new file), and is removed on any failure. Stale temporaries of killed
    writers in the same folder are removed first.
    """
    path = Path(path)
    if path.is_dir():
        raise DataError("is a folder; give a file path", path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(path.parent)
    try:
        file_mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        file_mode = _new_file_mode()
    tmp = temp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise _about(exc, path) from None
    try:
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fchmod(f.fileno(), file_mode)
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename in (None, str(tmp)):
            raise _about(exc, path) from None
        raise
    _fsync_folder(path.parent)


def _about(exc: OSError, path: Path) -> OSError:
    """The same error, naming the file the user asked for rather than our temporary."""
    return type(exc)(exc.errno, exc.strerror, str(path))


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: some file systems refuse)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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
