"""Reading the project's own record files (``data/articles.jsonl``, ``data/claims.jsonl``).

Every command that reads the store goes through :func:`iter_records`: each line is
checked against its JSON Schema as it is read and ids must be unique, so a bad file
stops the command with one error naming ``file:line`` and the field before anything is
written. ``claimkit validate`` is the tool that lists every problem at once; this reader
stops at the first and points there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from toolkit.errors import DataError
from toolkit.jsonl import DEFAULT_MAX_BYTES, iter_jsonl
from toolkit.schema import validate_record

_SEE_ALL = "see every problem with `claimkit validate`"


def iter_records(
    path: Path, kind: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line, record)`` for each schema-valid record of ``kind`` in ``path``, streamed.

    The first invalid record or repeated id raises :class:`DataError`.
    """
    seen: dict[str, int] = {}
    for lineno, obj in iter_jsonl(path, max_bytes=max_bytes):
        errors = validate_record(kind, obj)
        if errors:
            field, message = errors[0]
            more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
            raise DataError(f"{field}: {message}{more}; {_SEE_ALL}", path=path, line=lineno)
        rid = obj["id"]
        if rid in seen:
            raise DataError(
                f"id: duplicate id {rid} (first on line {seen[rid]}); {_SEE_ALL}",
                path=path,
                line=lineno,
            )
        seen[rid] = lineno
        yield lineno, obj


def check_record(kind: str, record: Any, where: str) -> None:
    """Raise :class:`DataError` for the first schema problem of one in-memory record."""
    errors = validate_record(kind, record)
    if errors:
        field, message = errors[0]
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise DataError(f"{field}: {message}{more}", path=where)
