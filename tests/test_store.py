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


# -- lines parsed elsewhere (an engine's workers): the same checks, the same errors


def _lines_error(path: Path, engine) -> str:
    from toolkit.claims.heldout import Corpus
    from toolkit.store import Store

    with pytest.raises(DataError) as err:
        Corpus.of_lines(path, Store.of(articles=path).article_lines(required=True), engine=engine)
    return str(err.value)


@pytest.mark.parametrize("bad", [b"{not json\n", b'{"id": 3}\n', b'"a string"\n'])
def test_articles_of_lines_fail_as_the_reader_does(
    tmp_path: Path, seed_articles: list[Article], bad: bytes
) -> None:
    from toolkit.store import Store, articles_of_lines

    path = tmp_path / "articles.jsonl"
    path.write_bytes(orjson.dumps(encode(seed_articles[0])) + b"\n\n" + bad)
    store = Store.of(articles=path)
    with pytest.raises(DataError) as reader:
        list(store.iter_articles())
    lines = list(store.article_lines())
    assert [n for n, _ in lines] == [1, 3], "blank lines are skipped, numbers kept"
    assert articles_of_lines(path, lines[:1]) == [seed_articles[0]]
    with pytest.raises(DataError) as parsed:
        articles_of_lines(path, lines)
    assert str(parsed.value) == str(reader.value)
    assert str(parsed.value).startswith(f"{path}:3: ")


def test_corpus_of_lines_reports_the_first_problem_in_file_order(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    from toolkit.engine import LocalEngine

    record = orjson.dumps(encode(seed_articles[0])) + b"\n"
    path = tmp_path / "articles.jsonl"
    # One partition holds all three lines: the duplicate (line 2) comes before the bad
    # JSON (line 3), though the worker meets the bad JSON before the ids are compared.
    for engine in (LocalEngine(), LocalEngine(partition_size=1)):
        path.write_bytes(record + record + b"{oops\n")
        assert _lines_error(path, engine).startswith(
            f"{path}:2: id: duplicate id {seed_articles[0].id} (first on line 1)")
        path.write_bytes(record + b"{oops\n" + record)
        assert _lines_error(path, engine).startswith(f"{path}:2: not valid JSON")


def test_raw_lines_keep_the_reader_s_byte_checks(tmp_path: Path) -> None:
    from toolkit.store import iter_lines

    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\xef\xbb\xbf{\"a\": 1}\n  \n{\"b\": \"\xc3\xa9\"}")
    assert list(iter_lines(path)) == [(1, b'{"a": 1}\n'), (3, b'{"b": "\xc3\xa9"}')]
    with pytest.raises(DataError, match=r":3: line is 11 bytes, over the limit of 10"):
        list(iter_lines(path, max_bytes=10))
    path.write_bytes('{"a": 1}\n'.encode("utf-16"))
    with pytest.raises(DataError, match=r":1: .*UTF-16"):
        list(iter_lines(path))


def test_a_reader_error_comes_after_the_problems_of_earlier_lines(
    tmp_path: Path, seed_articles: list[Article]
) -> None:
    """The engine reads whole partitions ahead: a line over the size limit (a reader
    error) further down is still reported after a bad line or a repeated id above it."""
    from toolkit.claims.heldout import Corpus
    from toolkit.engine import LocalEngine
    from toolkit.store import Store

    record = orjson.dumps(encode(seed_articles[0])) + b"\n"
    path = tmp_path / "articles.jsonl"
    limit = len(record) + 10
    for second, want in ((b"{oops\n", ":2: not valid JSON"), (record, ":2: id: duplicate id")):
        path.write_bytes(record + second + b'{"id": "' + b"x" * limit + b'"}\n')
        for engine in (LocalEngine(), LocalEngine(partition_size=1)):
            store = Store.of(articles=path, max_bytes=limit)
            with pytest.raises(DataError) as err:
                Corpus.of_lines(path, store.article_lines(), engine=engine)
            assert str(err.value).startswith(f"{path}{want}"), str(err.value)
    path.write_bytes(record + b'{"id": "' + b"x" * limit + b'"}\n')
    with pytest.raises(DataError, match=r":2: line is \d+ bytes, over the limit"):
        Corpus.of_lines(path, Store.of(articles=path, max_bytes=limit).article_lines(),
                        engine=LocalEngine())  # fmt: skip
