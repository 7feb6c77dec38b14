"""The file edges of the claims stage: reading articles and claims, strictly.

Every record is checked against its JSON Schema as it is read, so a bad line is one
error naming ``file:line`` and the field, before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from toolkit.errors import DataError
from toolkit.records import Article, Claim, from_dict
from toolkit.store import iter_records


def _records(path: Path, kind: str) -> Iterator[tuple[int, dict]]:
    if path.is_dir():
        raise DataError("is a folder; give a JSONL file", path=path)
    if not path.is_file():
        raise DataError(f"no such file; {_HINT[kind]}", path=path)
    yield from iter_records(path, kind)


_HINT = {
    "article": "run `claimkit ingest` first",
    "claim": "run `claimkit extract` first",
}


def read_articles(path: Path) -> Iterator[Article]:
    """Articles from a JSONL file written by ``claimkit ingest``."""
    for _, obj in _records(path, "article"):
        yield from_dict(Article, obj)


def iter_claims(path: Path) -> Iterator[tuple[int, Claim]]:
    """``(line, claim)`` for each claim of a claims file, streamed; a repeated id is an error."""
    for lineno, obj in _records(path, "claim"):
        yield lineno, from_dict(Claim, obj)


def read_claims(path: Path) -> list[tuple[int, Claim]]:
    """Every ``(line, claim)`` of a claims file (see :func:`iter_claims`)."""
    return list(iter_claims(path))
