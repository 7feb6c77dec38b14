"""Ingest: the seed article as the issue describes it, the three formats, normalization."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from toolkit.errors import DataError
from toolkit.ingest import IngestResult, RawArticle, build_article, ingest, normalize_text
from toolkit.records import Article, ArticleSource, article_id, decode, encode, sha256_hex
from toolkit.schema import validate_record

DATA = Path(__file__).parent / "data" / "ingest"


def _raw(title: str, *blocks: str, kinds: tuple[str | None, ...] | None = None) -> RawArticle:
    kinds = kinds or (None,) * len(blocks)
    src = ArticleSource(file="t.txt", format="text", file_sha256="0" * 64)
    return RawArticle(title=title, blocks=tuple(zip(kinds, blocks, strict=True)), source=src)


def _sentences(a: Article) -> list[str]:
    return [a.text[s.start : s.end] for s in a.sentences]


def test_seed_article_matches_the_issue(seed_articles: list[Article]) -> None:
    (a,) = seed_articles
    assert a.title == "Biden Approves Ukraine Shooting US Missiles Into Russia"
    subheadings = [a.text[b.start : b.end] for b in a.structure if b.kind == "subheading"]
    assert subheadings == ["Permission to Strike Inside Russia", "Ukraine Deploys Missiles"]
    assert len(a.sentences) == 17
    sentences = _sentences(a)
    assert sentences[0].startswith("The Russo-Ukraine war")
    assert not any(s in sub for s in sentences for sub in subheadings)
    assert not any("Copyright" in s for s in sentences)
    assert "Copyright" not in a.text and "( –" not in a.text
    kinds = {b.kind: b for b in a.boilerplate}
    assert kinds["copyright"].text == "Copyright 2024," and kinds["copyright"].year == 2024
    assert kinds["dateline_residue"].text == "( –"


def test_seed_offsets_ids_and_hash(seed_articles: list[Article]) -> None:
    (a,) = seed_articles
    assert a.text.startswith(a.title + "\n\n")
    assert a.sha256 == sha256_hex(a.text) and a.id == article_id(a.text) == a.sha256[:16]
    for s in a.sentences:
        block = a.structure[s.block]
        assert block.kind == "paragraph" and block.start <= s.start < s.end <= block.end
        assert a.text[s.start : s.end] == a.text[s.start : s.end].strip()
    # the quotation stays inside its sentence; the curly apostrophe counts as one character
    quoted = next(s for s in _sentences(a) if "has not changed" in s)
    assert quoted.endswith("“has not changed.”")
    assert unicodedata.is_normalized("NFC", a.text)


def test_seed_record_validates(seed_articles: list[Article]) -> None:
    assert validate_record("article", encode(seed_articles[0])) == []
    assert decode(Article, encode(seed_articles[0])) == seed_articles[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sen. Dianne Feinstein (D-Calif.) said so. Then she left.", 2),
        ("The meeting began at 9 a.m. on Monday. It ended late.", 2),
        ("The U.S. Army said it would help. Another official agreed.", 2),
        ("He was ranked No. 2 in the world. Next came the final.", 2),
        ("She said “I will go. You stay.” Then he left.", 2),
        ('He said "I will go. You stay." Then he left.', 2),
        ("Mr. Smith met Dr. Jones at 5 p.m. in Washington.", 1),
        ("Rep. Nancy Pelosi, D-Calif., said the vote would be held. It was.", 2),
        ("He moved to the U.S. Then he started a company.", 2),
        ('"We will not back down," he said. The crowd cheered.', 2),
        ("Sen. Joe Manchin (D-W.Va.) voted no. The vote was 52-48.", 2),
    ],
)
def test_no_split_inside_abbreviations_or_quotes(text: str, expected: int) -> None:
    a = build_article(_raw("Title Here", text))
    assert len(a.sentences) == expected, _sentences(a)
    assert " ".join(_sentences(a)) == text


def test_a_full_stop_without_a_space_still_ends_a_sentence() -> None:
    a = build_article(_raw("Title Here", "The strike hit a depot.Five people were hurt."))
    assert _sentences(a) == ["The strike hit a depot.", "Five people were hurt."]


def test_unicode_offsets_are_code_points() -> None:
    body = "Prices rose 5 % in Zürich – the café’s “best” year 🎉. Müller said so."
    a = build_article(_raw("Ünïcode Title", body))
    assert _sentences(a) == [
        "Prices rose 5 % in Zürich – the café’s “best” year 🎉.",
        "Müller said so.",
    ]


def test_normalization_nfc_newlines_and_invisibles() -> None:
    decomposed = unicodedata.normalize("NFD", "Café")
    assert normalize_text(f"\ufeff{decomposed}\u200b  x\r\ny\rz") == "Café x\ny\nz"


def test_subheading_detection_and_footer_only_at_end() -> None:
    a = build_article(
        _raw("T", "Intro sentence here.", "A Short Heading", "Body text here.", "Copyright 2021")
    )
    assert [b.kind for b in a.structure] == ["title", "paragraph", "subheading", "paragraph"]
    assert a.boilerplate[0].year == 2021
    # a final short line without punctuation is not a subheading (nothing follows it)
    b = build_article(_raw("T", "Intro sentence here.", "Closing words"))
    assert [x.kind for x in b.structure] == ["title", "paragraph", "paragraph"]


def test_dateline_is_removed_and_recorded() -> None:
    a = build_article(_raw("T", "WASHINGTON (AP) — The Senate voted on Tuesday.", "More text."))
    assert _sentences(a)[0] == "The Senate voted on Tuesday."
    assert a.boilerplate[0].kind == "dateline" and a.boilerplate[0].text == "WASHINGTON (AP) —"


def test_article_without_body_is_an_error() -> None:
    with pytest.raises(DataError, match="no body text"):
        build_article(_raw("Title", "Copyright 2020"))


def test_jsonl_format_keeps_metadata_and_lines() -> None:
    result = ingest([DATA / "articles.jsonl"])
    by_title = {a.title: a for a in result.articles}
    harbor = by_title["Harbor Reopens After Storm"]
    assert harbor.source.line == 1 and harbor.source.publisher == "Port Daily"
    assert harbor.source.published == "2023-11-02" and harbor.boilerplate[0].year == 2023
    cafe = by_title["Café Owners Cheer Tax Cut"]
    assert cafe.source.line == 2 and cafe.source.url is None
    assert _sentences(cafe)[1] == "“It is overdue,” said Renée Müller."


def test_html_format_uses_main_text_and_metadata() -> None:
    (a,) = ingest([DATA / "article.html"]).articles
    assert a.title == "Council Approves New Bridge"
    assert a.source.publisher == "The Riverside Herald"
    assert a.source.url == "https://herald.example/news/council-bridge"
    assert a.source.published == "2024-06-03"
    assert [a.text[b.start : b.end] for b in a.structure if b.kind == "subheading"] == [
        "Funding From the State"
    ]
    assert "Home" not in a.text and "All rights reserved" not in a.text
    assert len(a.sentences) == 5
    assert validate_record("article", encode(a)) == []


def test_crlf_and_hard_wrapped_text() -> None:
    (a,) = ingest([DATA / "crlf.txt"]).articles
    assert "\r" not in a.text
    assert _sentences(a) == [
        "First line of a paragraph that is hard-wrapped.",
        "Second sentence here.",
    ]


def test_duplicate_article_is_stored_once_and_reported(tmp_path: Path) -> None:
    seed = next((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    (tmp_path / "a.txt").write_bytes(seed.read_bytes())
    # same text once normalized: CRLF newlines and trailing spaces differ
    (tmp_path / "b.txt").write_bytes(seed.read_bytes().replace(b"\n", b"  \r\n"))
    result = ingest([tmp_path])
    assert len(result.articles) == 1 and result.read == 2
    assert result.duplicates == [(result.articles[0].id, "a.txt", "b.txt")]


@pytest.mark.parametrize(
    ("counts", "line"),
    [
        ({}, "read 0 file(s), 0 article(s); 0 duplicate(s) stored once;"
             " 0 article(s), 0 sentence(s) written"),
        ({"files": 2, "read": 3, "written": 2, "sentences": 17},
         "read 2 file(s), 3 article(s); 1 duplicate(s) stored once;"
         " 2 article(s), 17 sentence(s) written"),
        ({"files": 1, "read": 1, "written": 4, "sentences": 40, "kept": 3},
         "read 1 file(s), 1 article(s); 1 duplicate(s) stored once;"
         " 4 article(s) (3 kept from the existing file), 40 sentence(s) written"),
    ],
)
def test_summary_line_is_the_one_the_cli_always_printed(counts: dict[str, int], line: str) -> None:
    """The line is declared as a StageResult template now; its bytes must not move."""
    result = IngestResult(articles=[], **counts)
    if counts:
        result.duplicate("a" * 16, "kept.txt", "dropped.txt")
    assert result.summary() == line
    # the duplicate is kept as a reject, counted under its stage
    assert [(r.stage, r.id, r.article_id) for r in result.rejected] == (
        [("duplicate", "dropped.txt", "a" * 16)] if counts else []
    )
    assert result.counts["duplicate"] == (1 if counts else 0)


def test_output_is_sorted_by_id(tmp_path: Path) -> None:
    result = ingest([DATA / "articles.jsonl", DATA / "crlf.txt", DATA / "article.html"])
    ids = [a.id for a in result.articles]
    assert ids == sorted(ids) and len(ids) == 4


# ---------------------------------------------------------------- archive inputs


def _rows() -> list[dict[str, str | None]]:
    import json

    lines = (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _ingested(paths: list[Path | str]) -> list[tuple[str, str, int | None]]:
    return [(a.id, a.text, a.source.line) for a in ingest(paths).articles]


def _write_parquet(path: Path, rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=1)


def test_gzip_and_parquet_give_the_same_articles_as_jsonl(tmp_path: Path) -> None:
    import gzip

    rows = _rows()
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress((DATA / "articles.jsonl").read_bytes()))
    _write_parquet(tmp_path / "a.parquet", rows)
    want = _ingested([DATA / "articles.jsonl"])
    assert _ingested([tmp_path / "a.jsonl.gz"]) == want
    assert _ingested([tmp_path / "a.parquet"]) == want  # row numbers stand for lines
    (a, *_) = ingest([tmp_path / "a.parquet"]).articles
    assert a.source.format == "parquet" and validate_record("article", encode(a)) == []


def test_glob_folder_and_file_urls(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "one.jsonl.gz").write_bytes(
        gzip.compress((DATA / "articles.jsonl").read_bytes()))
    (tmp_path / "x" / "two.txt").write_bytes((DATA / "crlf.txt").read_bytes())
    (tmp_path / "x" / "notes.md").write_text("not an article", encoding="utf-8")
    by_folder = _ingested([tmp_path / "x"])
    assert len(by_folder) == 3
    assert _ingested([str(tmp_path / "x" / "*")]) == by_folder
    assert _ingested([f"file://{tmp_path}/x/*.jsonl.gz", DATA / "crlf.txt"]) == by_folder
    with pytest.raises(DataError, match=r"\*\.parquet: no article files match"):
        ingest([str(tmp_path / "x" / "*.parquet")])


def test_fsspec_memory_urls() -> None:
    import gzip

    import fsspec

    fs = fsspec.filesystem("memory")
    data = (DATA / "articles.jsonl").read_bytes()
    fs.pipe("/claimkit-test/news/a.jsonl.gz", gzip.compress(data))
    fs.pipe("/claimkit-test/news/sub/b.txt", (DATA / "crlf.txt").read_bytes())
    try:
        want = _ingested([DATA / "articles.jsonl", DATA / "crlf.txt"])
        assert _ingested(["memory://claimkit-test/news"]) == want
        assert _ingested(["memory://claimkit-test/news/*.jsonl.gz"]) == _ingested(
            [DATA / "articles.jsonl"])
        result = ingest(["memory://claimkit-test/news/a.jsonl.gz"])
        assert result.articles[0].source.file == "a.jsonl.gz"
        with pytest.raises(DataError, match="memory://claimkit-test/none: no such file"):
            ingest(["memory://claimkit-test/none"])
    finally:
        fs.rm("/claimkit-test", recursive=True)


def test_urls_claimkit_cannot_read_are_one_line_errors() -> None:
    """A protocol fsspec does not know, one whose package is missing (s3fs for s3://),
    and a listing that fails on the network: each a one-line error naming the URL."""
    import fsspec
    from fsspec.implementations.memory import MemoryFileSystem

    from toolkit.errors import UsageError

    class Unreachable(MemoryFileSystem):
        protocol = "claimkit-unreachable"

        def info(self, path, **kwargs):
            raise ConnectionRefusedError(111, "Connection refused")

        def ls(self, path, detail=True, **kwargs):
            raise ConnectionRefusedError(111, "Connection refused")

    fsspec.register_implementation("claimkit-missing", "claimkit_no_such_module.FS",
                                   errtxt="Install claimkit-no-such-package to read these")  # fmt: skip
    fsspec.register_implementation("claimkit-unreachable", Unreachable, clobber=True)
    with pytest.raises(UsageError, match=r"^foo://b/x\.jsonl: not a URL fsspec can read "
                                         r"\(Protocol not known: foo\)$"):  # fmt: skip
        ingest(["foo://b/x.jsonl"])
    with pytest.raises(UsageError, match=r"^claimkit-missing://b/\*\.jsonl: reading "
                                         r"claimkit-missing:// URLs needs a package .*"
                                         r"Install claimkit-no-such-package"):  # fmt: skip
        ingest(["claimkit-missing://b/*.jsonl"])
    for url in ("claimkit-unreachable://host/news", "claimkit-unreachable://host/*.jsonl"):
        with pytest.raises(DataError, match=r"cannot list: .*Connection refused") as info:
            ingest([url])
        assert str(info.value).startswith(url) and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"title": "T", "text": "Fine text."}, {"title": "T", "text": ""}],
         r"b\.parquet:2: text: required, a non-empty string"),
        ([{"title": "T", "text": "Fine text.", "author": "me"}], "author: unknown column"),
        ([{"title": "T", "text": "Fine text."}, {"title": "T", "text": None}],
         r"b\.parquet:2: text: missing required field"),
    ],
)
def test_bad_parquet_row_names_file_and_row(tmp_path: Path, rows: list, message: str) -> None:
    _write_parquet(tmp_path / "b.parquet", rows)
    with pytest.raises(DataError, match=message):
        ingest([tmp_path / "b.parquet"])


def test_bad_gzip_and_bad_line_name_file_and_line(tmp_path: Path) -> None:
    import gzip

    good = (DATA / "articles.jsonl").read_bytes()
    (tmp_path / "bad.jsonl.gz").write_bytes(gzip.compress(good + b'{"title": "x", "text": 3}\n'))
    n = good.count(b"\n") + 1
    with pytest.raises(DataError, match=rf"bad\.jsonl\.gz:{n}: text: required, a non-empty string, got int"):
        ingest([tmp_path / "bad.jsonl.gz"])
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(good * 50)[:-40])
    with pytest.raises(DataError, match=r"cut\.jsonl\.gz: broken gzip data after line"):
        ingest([tmp_path / "cut.jsonl.gz"])
    (tmp_path / "not.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(DataError, match=r"not\.parquet: not a Parquet file"):
        ingest([tmp_path / "not.parquet"])
    (tmp_path / "empty.jsonl.gz").write_bytes(gzip.compress(b"\n"))
    with pytest.raises(DataError, match="empty file: no articles"):
        ingest([tmp_path / "empty.jsonl.gz"])


def test_cli_takes_a_glob_and_refuses_a_missing_plain_path(tmp_path: Path) -> None:
    import gzip

    from typer.testing import CliRunner

    from toolkit.cli import app

    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress((DATA / "articles.jsonl").read_bytes()))
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["ingest", str(tmp_path / "*.jsonl.gz"), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert out.read_bytes().count(b"\n") == 2
    res = CliRunner().invoke(app, ["ingest", str(tmp_path / "nope.jsonl"), "-o", str(out)])
    assert res.exit_code == 2 and "does not exist" in res.output


def test_ingest_partitions_are_bounded_by_count_and_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Partitions close at PARTITION_ARTICLES articles or PARTITION_CHARS characters,
    whichever comes first; the file is the same bytes however the articles were cut."""
    import json
    import random

    import toolkit.ingest as ing

    rng = random.Random(3)
    rows = [{"title": f"Report {i}",
             "text": " ".join(f"Officials counted {rng.randrange(10**6)} ballots in Ward {j}."
                              for j in range(rng.choice([1, 2, 40])))}
            for i in range(60)]  # fmt: skip
    rows[7] = dict(rows[3])  # a duplicate, stored once whichever partition holds it
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    whole = tmp_path / "whole.jsonl"
    ing.ingest_to_file([src], whole)

    seen: list[list[int]] = []
    build = ing.build_partition

    def spy(raws):
        seen.append([ing.raw_chars(r) for r in raws])
        return build(raws)

    monkeypatch.setattr(ing, "build_partition", spy)
    monkeypatch.setattr(ing, "PARTITION_ARTICLES", 8)
    monkeypatch.setattr(ing, "PARTITION_CHARS", 2000)
    cut = tmp_path / "cut.jsonl"
    result = ing.ingest_to_file([src], cut)
    assert cut.read_bytes() == whole.read_bytes()
    assert result.read == 60 and len(result.duplicates) == 1
    assert sum(map(len, seen)) == 60 and len(seen) > 60 // 8
    for weights in seen[:-1]:  # each closed at the count or once it reached the budget
        assert len(weights) == 8 or (sum(weights) >= 2000 > sum(weights[:-1]))
    assert any(len(w) < 8 for w in seen[:-1]), "long articles closed a partition early"
    assert any(len(w) == 8 for w in seen), "short articles filled one to the count"
