"""The build's data files: light entries while grouping, whole records read again to write.

The build no longer holds parsed claims or articles; what it publishes must not change
for that. These
tests read real files (a BOM, a blank line, CRLF, non-ASCII text), replace the file under an
open ``ClaimFile`` as the store does, and compare splits, leaks and the written folder
made from entries with those made from whole claims.
"""

from __future__ import annotations

import dataclasses

import orjson
import pytest
from dataset_support import make_claims

from toolkit.dataset.build import write_dataset
from toolkit.dataset.entries import article_file, claim_file
from toolkit.dataset.leaks import find_leaks
from toolkit.dataset.splits import SplitConfig, assign_splits, sentence_keys, touched_articles
from toolkit.errors import DataError
from toolkit.jsonl import write_jsonl
from toolkit.records import encode

RATIOS = SplitConfig((0.6, 0.2, 0.2))


def _claims(seed_articles):
    claims = make_claims(seed_articles[0])
    # non-ASCII text moves every later line's byte offset away from its character offset
    claims[0] = dataclasses.replace(claims[0], claim="Zürich’s mayor said «no» – twice 😀.")
    return claims


def _write_awkward(path, claims):
    """A BOM before line 1, CRLF after it, then a blank line, then LF lines."""
    lines = [orjson.dumps(encode(c)) for c in claims]
    path.write_bytes(b"\xef\xbb\xbf" + lines[0] + b"\r\n\n" + b"\n".join(lines[1:]) + b"\n")


def test_entries_read_back_as_the_claims_of_their_lines(tmp_path, seed_articles):
    claims = _claims(seed_articles)
    path = tmp_path / "claims.jsonl"
    _write_awkward(path, claims)
    with claim_file(path).read() as file:
        entries = file.entries
        assert [e.id for e in entries] == [c.id for c in claims]
        assert list(file.records(entries)) == claims
        assert list(file.records(entries[::-1])) == claims[::-1]  # any order: one read per line
        assert file.read().entries == entries  # read again from the start, not from the end
        for e, c in zip(entries, claims, strict=True):
            assert (e.claim, e.label, e.status, e.method, e.rule, e.article_id, e.annotations) \
                == (c.claim, c.label, c.status, c.method, c.rule, c.article_id, c.annotations)
            # what grouping reads of a claim is the same on its entry
            assert sentence_keys(e) == sentence_keys(c)
            assert touched_articles(e) == touched_articles(c)
    assert any(not e.source for e in entries) and any(e.evidence_items for e in entries)
    data = path.read_bytes()  # each entry's offset and length are its line's
    assert [orjson.loads(data[e.offset : e.offset + e.length])["id"] for e in entries] \
        == [c.id for c in claims]


def test_an_entry_locates_its_line_past_4_gb_and_a_line_too_long_is_refused() -> None:
    from toolkit.dataset.entries import _where

    far = dataclasses.replace(_claims_entry(), where=_where(5 << 32, 4096))
    assert (far.offset, far.length) == (5 << 32, 4096)
    assert _where(0, 0) == 0
    with pytest.raises(DataError, match="a line of"):
        _where(0, 1 << 32)


def _claims_entry():
    from toolkit.dataset.entries import ClaimEntry, LineReader

    return ClaimEntry(id="c1", label="SUPPORTED", status="gold", method="human", rule=None,
                      source=None, evidence_items=(), annotations=(), where=0,
                      file=LineReader(None, None, object))  # fmt: skip


def test_a_file_replaced_after_reading_still_gives_the_rows_that_were_grouped(
    tmp_path, seed_articles
):
    claims = _claims(seed_articles)
    path = tmp_path / "claims.jsonl"
    write_jsonl(path, (encode(c) for c in claims))
    with claim_file(path).read() as file:
        # a contributor's write meanwhile: the store writes a new file and renames it over
        write_jsonl(path, (encode(dataclasses.replace(c, claim=c.claim + " Edited."))
                           for c in reversed(claims)))  # fmt: skip
        assert list(file.records(file.entries)) == claims


def test_a_file_overwritten_in_place_after_reading_is_a_clear_error(tmp_path, seed_articles):
    """An editor that writes over the same file moves every line: no row is made of
    whatever bytes now sit at the old offsets."""
    claims = _claims(seed_articles)
    path = tmp_path / "claims.jsonl"
    write_jsonl(path, (encode(c) for c in claims))
    with claim_file(path).read() as file:
        first = file.entries[0]
        with open(path, "r+b") as f:  # same inode, new content: a claim fewer at the top
            f.write(b"\n".join(orjson.dumps(encode(c)) for c in claims[1:]) + b"\n")
            f.truncate()
        with pytest.raises(DataError) as err:
            list(file.records(file.entries))
    message = str(err.value)
    assert str(path) in message and first.id in message and "run the build again" in message
    assert "\n" not in message


def test_a_claim_text_is_read_from_its_line_and_a_moved_line_is_a_clear_error(
    tmp_path, seed_articles
):
    """Entries hold no claim text: it is read from the line when grouping asks for it,
    from the file as it was when read (a rename over it changes nothing), and a file
    overwritten in place is the build's one-line error, not another claim's text."""
    claims = _claims(seed_articles)
    path = tmp_path / "claims.jsonl"
    _write_awkward(path, claims)
    with claim_file(path).read() as file:
        assert [e.claim for e in file.entries] == [c.claim for c in claims]
        assert "claim" not in type(file.entries[0]).__slots__
        write_jsonl(path, (encode(dataclasses.replace(c, claim="Edited.")) for c in claims))
        assert file.entries[0].claim == "Zürich’s mayor said «no» – twice 😀."
    with claim_file(path).read() as file:
        last = file.entries[-1]
        with open(path, "r+b") as f:  # same inode: every line moves
            f.write(b"\n" * 3 + b"\n".join(orjson.dumps(encode(c)) for c in claims))
        with pytest.raises(DataError) as err:
            last.claim  # noqa: B018
    message = str(err.value)
    assert str(path) in message and last.id in message and "\n" not in message


def test_the_sentences_of_entries_are_one_object_per_sentence(tmp_path, seed_articles):
    claims = _claims(seed_articles)
    path = tmp_path / "claims.jsonl"
    write_jsonl(path, (encode(c) for c in claims))
    with claim_file(path).read() as file:
        refs = [r for e in file.entries for r in (e.source, *e.evidence_items) if r]
        by_value = {}
        for r in refs:
            assert by_value.setdefault(tuple(r), r) is r  # equal references: one object
        cited = [e for e in file.entries
                 if e.source and tuple(e.source) in map(tuple, e.evidence_items)]  # fmt: skip
        assert cited, "a claim citing its own source sentence"
        assert all(any(r is e.source for r in e.evidence_items) for e in cited)
        assert all(r.is_external == (r.article_id is None) for r in refs)
        tuples = {}
        for e in file.entries:  # equal evidence: one tuple
            assert tuples.setdefault(e.evidence_items, e.evidence_items) is e.evidence_items
        assert len(tuples) < len(file.entries)


def test_article_entries_read_back_as_the_articles_of_their_lines(tmp_path, seed_articles):
    path = tmp_path / "articles.jsonl"
    _write_awkward(path, seed_articles)
    texts: dict[str, str] = {}
    with article_file(path).read(keep=lambda a: texts.__setitem__(a.id, a.text)) as file:
        assert list(file.records(file.entries)) == seed_articles
        for e, a in zip(file.entries, seed_articles, strict=True):
            assert (e.id, e.title, e.source, e.boilerplate) == (a.id, a.title, a.source,
                                                                a.boilerplate)
            assert len(e.sentences) == len(a.sentences) > 0
    assert texts == {a.id: a.text for a in seed_articles}


def test_splits_leaks_and_folder_from_entries_are_those_from_whole_records(
    tmp_path, seed_articles
):
    claims = _claims(seed_articles)
    path, articles_path = tmp_path / "claims.jsonl", tmp_path / "articles.jsonl"
    write_jsonl(path, (encode(c) for c in claims))
    write_jsonl(articles_path, (encode(a) for a in seed_articles))
    with claim_file(path).read() as file, article_file(articles_path).read() as articles:
        results = {}
        texts = {a.id: a.text for a in seed_articles}
        for kind, rows, arts in (("claims", claims, seed_articles),
                                 ("entries", file.entries, texts)):  # fmt: skip
            results[kind] = assign_splits(rows, num_articles=len(seed_articles),
                                          config=RATIOS, articles=arts)  # fmt: skip
        whole, light = results["claims"], results["entries"]
        assert all(light.splits.values()), "the seed's claims fill every split"
        assert {n: [c.id for c in rows] for n, rows in light.splits.items()} == \
            {n: [c.id for c in rows] for n, rows in whole.splits.items()}
        assert [(c.id, why) for c, why in light.withheld] == \
            [(c.id, why) for c, why in whole.withheld]
        assert light.assignments == whole.assignments and light.groups == whole.groups
        assert find_leaks(light) == find_leaks(whole)

        write_dataset(tmp_path / "from-claims", articles=seed_articles, split=whole,
                      split_config=RATIOS)  # fmt: skip
        write_dataset(tmp_path / "from-entries", articles=articles.entries, split=light,
                      split_config=RATIOS, read_claims=file.records,
                      read_articles=articles.records)  # fmt: skip
    files = sorted(p.relative_to(tmp_path / "from-claims")
                   for p in (tmp_path / "from-claims").rglob("*") if p.is_file())  # fmt: skip
    assert {p.parts[0] for p in files if p.suffix == ".parquet"} == \
        {"articles", "claims", "provenance"}
    for rel in files:
        assert (tmp_path / "from-entries" / rel).read_bytes() == \
            (tmp_path / "from-claims" / rel).read_bytes(), rel


def test_entries_do_not_keep_their_file_alive_and_a_closed_file_is_a_clear_error(
    tmp_path, seed_articles
):
    """Entries read lines through a small reader, not the file that holds them: no
    reference cycle keeps a million entries alive after a build (the build pauses the
    garbage collector). Asked after the file is closed, or for a line rewritten with the
    same id but no text, an entry's text is a one-line DataError."""
    import gc
    import weakref

    claims = _claims(seed_articles)
    path = tmp_path / "claims.jsonl"
    write_jsonl(path, (encode(c) for c in claims))
    was = gc.isenabled()
    gc.disable()
    try:
        file = claim_file(path).read()
        entries, alive = file.entries, weakref.ref(file)
        file.close()
        del file
        assert alive() is None, "freed by reference counting alone"
    finally:
        if was:
            gc.enable()
    with pytest.raises(DataError) as err:
        entries[0].claim  # noqa: B018
    assert str(path) in str(err.value) and "\n" not in str(err.value)
    with claim_file(path).read() as file:
        first = file.entries[0]
        line = orjson.dumps({**encode(claims[0]), "claim": 5})
        with open(path, "r+b") as f:  # same id at the same byte, and a number for text
            f.write(line.ljust(first.length)[: first.length])
        with pytest.raises(DataError, match="run the build again"):
            first.claim  # noqa: B018
