"""The one reader of the store: schema-checked lines and unique ids, or one clear error."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from toolkit.errors import DataError
from toolkit.records import Article, encode
from toolkit.store import iter_records


def _write(path: Path, records: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def test_valid_records_stream_with_their_lines(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    path = _write(tmp_path / "articles.jsonl", [encode(seed_articles[0])])
    assert [(n, r["id"]) for n, r in iter_records(path, "article")] == [(1, seed_articles[0].id)]


def test_first_invalid_line_names_file_line_and_field(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    bad = encode(seed_articles[0]) | {"title": 7}
    path = _write(tmp_path / "articles.jsonl", [encode(seed_articles[0]), bad])
    with pytest.raises(DataError) as err:
        list(iter_records(path, "article"))
    assert str(err.value).startswith(f"{path}:2: title: 7 is not of type 'string'")
    assert "claimkit validate" in str(err.value)


def test_repeated_id_is_an_error(tmp_path: Path, seed_articles: list[Article]) -> None:
    record = encode(seed_articles[0])
    path = _write(tmp_path / "articles.jsonl", [record, record])
    with pytest.raises(DataError, match=r":2: id: duplicate id .* \(first on line 1\)"):
        list(iter_records(path, "article"))
