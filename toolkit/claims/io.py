"""The file edges of the claims stage: reading articles and claims, strictly.

Every record is checked against its JSON Schema as it is read, so a bad line is one
error naming ``file:line`` and the field, before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from toolkit.errors import DataError
from toolkit.jsonl import iter_jsonl
from toolkit.records import Article, Claim
from toolkit.schema import validate_record


def _records(path: Path, kind: str) -> Iterator[tuple[int, dict]]:
    if not path.is_file():
        raise DataError(f"no such file; {_HINT[kind]}", path=path)
    for lineno, obj in iter_jsonl(path):
        errors = validate_record(kind, obj)
        if errors:
            field, message = errors[0]
            raise DataError(f"{field}: {message} (check it with `claimkit validate`)",
                            path=path, line=lineno)  # fmt: skip
        yield lineno, obj


_HINT = {
    "article": "run `claimkit ingest` first",
    "claim": "run `claimkit extract` first",
}


def read_articles(path: Path) -> Iterator[Article]:
    """Articles from a JSONL file written by ``claimkit ingest``."""
    for _, obj in _records(path, "article"):
        yield Article.from_dict(obj)


def iter_claims(path: Path) -> Iterator[tuple[int, Claim]]:
    """``(line, claim)`` for each claim of a claims file, streamed; a repeated id is an error."""
    seen: dict[str, int] = {}
    for lineno, obj in _records(path, "claim"):
        if obj["id"] in seen:
            raise DataError(f"id: duplicate claim {obj['id']} (first on line {seen[obj['id']]})",
                            path=path, line=lineno)  # fmt: skip
        seen[obj["id"]] = lineno
        yield lineno, Claim.from_dict(obj)


def read_claims(path: Path) -> list[tuple[int, Claim]]:
    """Every ``(line, claim)`` of a claims file (see :func:`iter_claims`)."""
    return list(iter_claims(path))
