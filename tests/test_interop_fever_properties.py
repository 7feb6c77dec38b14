"""FEVER round trip as a property: for generated pages (with empty lines anywhere) and
claims citing any of their lines, fever -> claimkit -> fever gives the same claims and
the same page lines back. Also: a FEVER line our segmenter splits still maps back."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.interop import export_file, import_file
from toolkit.interop.common import ExportOptions, ImportOptions
from toolkit.interop.fever import page_to_article
from toolkit.records import ArticleSource

WORDS = ["Lisbon", "bridge", "opened", "in", "1966", "river", "the", "Tagus", "is", "long"]
sentence = st.lists(st.sampled_from(WORDS), min_size=2, max_size=8).map(
    lambda ws: " ".join([ws[0].capitalize(), *ws[1:]]) + " .")
page_lines = st.lists(st.one_of(sentence, st.just("")), min_size=1, max_size=6).filter(
    lambda lines: any(lines))


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages=st.lists(page_lines, min_size=1, max_size=3), data=st.data())
def test_round_trip_property(pages: list[list[str]], data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        page_rows = []
        cited = []
        for p, lines in enumerate(pages):
            pid = f"Page_{p}"
            page_rows.append({"id": pid, "text": " ".join(s for s in lines if s),
                              "lines": "\n".join(f"{i}\t{s}" for i, s in enumerate(lines))})
            cited += [(pid, i) for i, s in enumerate(lines) if s]
        claims = []
        for n in range(data.draw(st.integers(1, 4))):
            label = data.draw(st.sampled_from(["SUPPORTS", "REFUTES", "NOT ENOUGH INFO"]))
            if label == "NOT ENOUGH INFO":
                evidence = [[[7000 + n, None, None, None]]]
            else:
                groups = data.draw(st.lists(st.lists(st.sampled_from(cited), min_size=1,
                                                     max_size=3), min_size=1, max_size=2))
                evidence = [[[7000 + n, 8000 + g, p, i] for p, i in group]
                            for g, group in enumerate(groups)]
            claims.append({"id": 100 + n, "verifiable": "NOT VERIFIABLE" if label ==
                           "NOT ENOUGH INFO" else "VERIFIABLE", "label": label,
                           # few texts, so that records share (and disagree on) a claim
                           "claim": f"Claim number {data.draw(st.integers(0, 2))}.",
                           "evidence": evidence})
        write_jsonl(tmp / "claims.in.jsonl", claims)
        write_jsonl(tmp / "pages.in.jsonl", page_rows)
        _, result = import_file("fever", tmp / "claims.in.jsonl",
                                ImportOptions(created="2026-01-01", pages=tmp / "pages.in.jsonl"),
                                claims_path=tmp / "claims.jsonl",
                                articles_path=tmp / "articles.jsonl")
        assert not result.skipped
        export_file("fever", tmp / "out.jsonl", ExportOptions(),
                    claims_path=tmp / "claims.jsonl", articles_path=tmp / "articles.jsonl")
        out = [json.loads(line) for line in (tmp / "out.jsonl").read_text().splitlines()]
        assert sorted(out, key=lambda r: r["id"]) == claims
        exported = {json.loads(line)["id"]: json.loads(line)
                    for line in (tmp / "out.pages.jsonl").read_text().splitlines()}
        cited_pages = {item[2] for c in claims for g in c["evidence"] for item in g}
        for row in page_rows:
            if row["id"] not in cited_pages:
                assert row["id"] not in exported  # only cited pages are imported
                continue
            want = [line for line in row["lines"].split("\n") if line.split("\t")[1]]
            got = [line for line in exported[row["id"]]["lines"].split("\n")
                   if line.split("\t")[1]]
            assert got == want


def test_a_line_split_in_two_sentences_maps_back_to_its_line() -> None:
    source = ArticleSource(file="pages.jsonl", format="jsonl", file_sha256="0" * 64, line=1)
    lines = [(0, "The bridge opened in 1966. It was repainted in 2001."), (1, ""),
             (2, "It is long .")]
    article, layout, line_map = page_to_article("Bridge", lines, source)
    assert layout == [0, 2]
    assert [article.sentence_text(i) for i in line_map[0]] == [
        "The bridge opened in 1966.", "It was repainted in 2001."]
    assert [article.sentence_text(i) for i in line_map[2]] == ["It is long ."]
