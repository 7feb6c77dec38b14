"""FEVER import/export: a round trip that keeps everything the FEVER claims file holds,
line ids that map back to FEVER's, idempotent imports, and bad files that change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import claimkit

from toolkit.interop import INTEROP_FORMATS, export_file, import_file
from toolkit.interop.common import ExportOptions, ImportOptions
from toolkit.interop.fever import export_claim, export_pages
from toolkit.records import Annotation, Claim, Evidence, claim_id
from toolkit.validate import validate_paths

FIXTURES = Path(__file__).parent / "data" / "interop" / "fever"
CLAIMS = FIXTURES / "claims.jsonl"
PAGES = FIXTURES / "pages.jsonl"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def do_import(tmp: Path, claims: Path = CLAIMS, pages: Path = PAGES):
    options = ImportOptions(created="2026-01-01", pages=pages)
    return import_file("fever", claims, options, claims_path=tmp / "claims.jsonl",
                       articles_path=tmp / "articles.jsonl")


def test_round_trip_keeps_every_field_of_the_claims_file(tmp_path: Path) -> None:
    do_import(tmp_path)
    out = tmp_path / "out.jsonl"
    export_file("fever", out, ExportOptions(), claims_path=tmp_path / "claims.jsonl",
                articles_path=tmp_path / "articles.jsonl")
    original = {r["id"]: r for r in read_jsonl(CLAIMS)}
    exported = {r["id"]: r for r in read_jsonl(out)}
    assert exported == original
    # FEVER's key order too, so the lines read the same.
    assert list(read_jsonl(out)[0]) == ["id", "verifiable", "label", "claim", "evidence"]


def test_round_trip_pages_keep_ids_and_line_numbers(tmp_path: Path) -> None:
    do_import(tmp_path)
    out = tmp_path / "out.jsonl"
    export_file("fever", out, ExportOptions(), claims_path=tmp_path / "claims.jsonl",
                articles_path=tmp_path / "articles.jsonl")
    pages = {p["id"]: p for p in read_jsonl(tmp_path / "out.pages.jsonl")}
    for page in read_jsonl(PAGES):
        if page["id"] == "Unrelated_Page":  # not cited: not imported
            assert page["id"] not in pages
            continue
        want = {}
        for row in page["lines"].split("\n"):
            number, _, rest = row.partition("\t")
            if rest.split("\t")[0]:
                want[int(number)] = rest.split("\t")[0]
        got = {}
        for row in pages[page["id"]]["lines"].split("\n"):
            number, _, rest = row.partition("\t")
            if rest:
                got[int(number)] = rest
        assert got == want  # line 3 stays 3 although line 2 is empty
        assert pages[page["id"]]["text"] == page["text"]


def test_imported_records_are_ours_and_valid(tmp_path: Path) -> None:
    _, result = do_import(tmp_path)
    assert (result.new_claims, result.recorded, result.new_articles, len(result.skipped)) == (
        4, 5, 2, 0)
    report = validate_paths([tmp_path / "articles.jsonl", tmp_path / "claims.jsonl"])
    assert report.ok, [str(p) for p in report.problems]
    claims = {c["claim"]: c for c in read_jsonl(tmp_path / "claims.jsonl")}
    opened = claims["The Harbor Bridge opened in 1966."]
    # Two FEVER records with one text are two judgments of one claim.
    assert [a["annotator"] for a in opened["annotations"]] == ["fever:91001", "fever:91005"]
    assert opened["method"] == "import:fever" and opened["status"] == "gold"
    assert opened["evidence"][0][0]["exact"] == "It opened to traffic in 1966 ."
    assert claims["Marta Quental owns a boat."]["evidence"] == []
    articles = read_jsonl(tmp_path / "articles.jsonl")
    assert {a["title"] for a in articles} == {"Harbor_Bridge_-LRB-Lisbon-RRB-", "Marta_Quental"}


def test_import_is_idempotent_and_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    do_import(a)
    do_import(b)
    first = (a / "claims.jsonl").read_bytes(), (a / "articles.jsonl").read_bytes()
    assert first == ((b / "claims.jsonl").read_bytes(), (b / "articles.jsonl").read_bytes())
    _, again = import_file("fever", CLAIMS, ImportOptions(created="2030-05-05", pages=PAGES),
                           claims_path=a / "claims.jsonl", articles_path=a / "articles.jsonl")
    assert (again.new_claims, again.annotated, again.new_articles, again.unchanged) == (0, 0, 0, 5)
    assert ((a / "claims.jsonl").read_bytes(), (a / "articles.jsonl").read_bytes()) == first


def test_unknown_label_and_missing_page_are_skipped_with_the_reason(tmp_path: Path) -> None:
    claims = tmp_path / "in.jsonl"
    claims.write_text(
        '{"id": 1, "verifiable": "VERIFIABLE", "label": "MAYBE", "claim": "X.", "evidence": []}\n'
        '{"id": 2, "verifiable": "VERIFIABLE", "label": "SUPPORTS", "claim": "Y.",'
        ' "evidence": [[[7, 8, "No_Such_Page", 0]]]}\n'
        '{"id": 3, "claim": "An unlabelled test claim."}\n'
    )
    _, result = do_import(tmp_path, claims=claims)
    reasons = [str(s) for s in result.skipped]
    assert any(":1: label 'MAYBE' is not one of" in r for r in reasons)
    assert any(":2: evidence page 'No_Such_Page' is not in the pages file" in r for r in reasons)
    assert any(":3: no label (an unlabelled FEVER test file?)" in r for r in reasons)
    assert result.new_claims == 0 and not (tmp_path / "claims.jsonl").exists()


def test_bad_file_is_one_error_line_and_changes_nothing(tmp_path: Path) -> None:
    do_import(tmp_path)
    before = (tmp_path / "claims.jsonl").read_bytes(), (tmp_path / "articles.jsonl").read_bytes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(CLAIMS.read_text().splitlines()[0] + "\n"
                   '{"id": 5, "label": "SUPPORTS", "claim": "Z.", "evidence": [["Page", 1]]}\n')
    proc = claimkit("import", "--format", "fever", str(bad), "--pages", str(PAGES),
                    "--claims", str(tmp_path / "claims.jsonl"),
                    "--articles", str(tmp_path / "articles.jsonl"))
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"Error: {bad}:2: evidence: expected a list of groups of"
        " [annotation_id, evidence_id, page, line]"
    ]
    assert "Traceback" not in proc.stderr
    after = (tmp_path / "claims.jsonl").read_bytes(), (tmp_path / "articles.jsonl").read_bytes()
    assert after == before


def test_cli_needs_pages_and_names_valid_formats(tmp_path: Path) -> None:
    proc = claimkit("import", "--format", "fever", str(CLAIMS), "--claims",
                    str(tmp_path / "c.jsonl"), "--articles", str(tmp_path / "a.jsonl"))
    assert proc.returncode == 2 and "--pages" in proc.stderr
    proc = claimkit("import", "--format", "fevr", str(CLAIMS))
    assert proc.returncode == 2
    assert f"valid formats: {', '.join(sorted(INTEROP_FORMATS))}" in proc.stderr
    assert not (tmp_path / "c.jsonl").exists()


def test_our_own_claims_export_with_article_ids_and_sentence_indexes(seed_articles) -> None:
    article = seed_articles[0]
    s = article.sentences[2]
    ev = Evidence(exact=article.text[s.start : s.end], article_id=article.id,
                  sentence_index=2, start=s.start, end=s.end)
    text = "A claim made in claimkit."
    claim = Claim(id=claim_id(text, None), claim=text, label="REFUTED", evidence=((ev,),),
                  source=None, method="human")
    rows = export_claim(claim, {article.id: article}, {})
    assert rows == [{"id": claim.id, "verifiable": "VERIFIABLE", "label": "REFUTES",
                     "claim": text, "evidence": [[[None, None, article.id, 2]]]}]
    nei = Claim(id="0" * 16, claim="Q.", label="NOT_ENOUGH_INFO", evidence=(), source=None,
                method="human")
    assert export_claim(nei, {}, {})[0]["evidence"] == [[[None, None, None, None]]]
    url = Evidence(exact="q", url="https://example.org", accessed="2024-01-01")
    external = Claim(id="1" * 16, claim="R.", label="SUPPORTED", source=None, method="human",
                     evidence=((url,),))
    assert "external" in export_claim(external, {}, {})
    [page] = export_pages(article, {})
    assert page["id"] == article.id
    assert page["lines"].split("\n")[2] == f"2\t{article.sentence_text(2)}"


def test_changed_label_rebuilds_evidence_from_ours(tmp_path: Path) -> None:
    from toolkit.annotations import add_annotation
    from toolkit.interop.fever import page_layouts
    from toolkit.store import Store

    do_import(tmp_path)
    claims = Store.of(claims=tmp_path / "claims.jsonl").claims()
    articles = {a.id: a for a in Store.of(articles=tmp_path / "articles.jsonl").articles()}
    refuted = next(c for c in claims if c.label == "REFUTED")
    relabeled = add_annotation(refuted, Annotation("alice", "REFUTED", "2026-02-02"))
    relabeled = Claim(**{**relabeled.__dict__, "label": "SUPPORTED"})
    [row] = export_claim(relabeled, articles, page_layouts(claims))
    assert row["label"] == "SUPPORTS" and row["id"] == 91002
    # Our evidence, mapped back to FEVER's page and line ids.
    assert row["evidence"] == [[[None, None, "Harbor_Bridge_-LRB-Lisbon-RRB-", 3]]]


@pytest.mark.parametrize("name", ["nope"])
def test_unknown_export_format_lists_the_valid_ones(tmp_path: Path, name: str) -> None:
    proc = claimkit("export", "--format", name, str(tmp_path / "o.jsonl"))
    assert proc.returncode == 2 and "valid formats:" in proc.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_bad_created_date_and_missing_claims_file(tmp_path: Path) -> None:
    proc = claimkit("import", "--format", "fever", str(CLAIMS), "--pages", str(PAGES),
                    "--created", "yesterday", "--claims", str(tmp_path / "c.jsonl"))
    assert proc.returncode == 2 and "'yesterday' is not an ISO 8601 date" in proc.stderr
    assert not (tmp_path / "c.jsonl").exists()
    proc = claimkit("export", "--format", "fever", str(tmp_path / "o.jsonl"),
                    "--claims", str(tmp_path / "c.jsonl"))
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"Error: {tmp_path / 'c.jsonl'}: no claims file; pass" \
        " --claims or create it first"
    assert not (tmp_path / "o.jsonl").exists()


def test_two_fever_pages_with_one_body_both_come_back(tmp_path: Path) -> None:
    pages = tmp_path / "pages.jsonl"
    lines = "0\tThe river is long .\n1\t\n2\tIt floods in spring ."
    pages.write_text("".join(json.dumps({"id": pid, "text": "", "lines": lines}) + "\n"
                             for pid in ("River_A", "River_B")))
    claims = tmp_path / "in.jsonl"
    claims.write_text("".join(json.dumps(
        {"id": n, "verifiable": "VERIFIABLE", "label": "SUPPORTS", "claim": f"C{n}.",
         "evidence": [[[n, n, pid, 2]]]}) + "\n" for n, pid in ((1, "River_A"), (2, "River_B"))))
    _, result = do_import(tmp_path, claims=claims, pages=pages)
    # The title (the page id) is part of an Article's text, so these are two Articles.
    assert (result.new_claims, result.new_articles) == (2, 2)
    export_file("fever", tmp_path / "o.jsonl", ExportOptions(),
                claims_path=tmp_path / "claims.jsonl", articles_path=tmp_path / "articles.jsonl")
    exported = read_jsonl(tmp_path / "o.pages.jsonl")
    assert [(p["id"], p["lines"]) for p in exported] == [
        ("River_A", "0\tThe river is long .\n1\t\n2\tIt floods in spring ."),
        ("River_B", "0\tThe river is long .\n1\t\n2\tIt floods in spring ."),
    ]
    assert [r["evidence"] for r in read_jsonl(tmp_path / "o.jsonl")] == [
        [[[1, 1, "River_A", 2]]], [[[2, 2, "River_B", 2]]]]


def test_export_is_byte_identical_across_runs(tmp_path: Path) -> None:
    do_import(tmp_path)
    outs = []
    for name in ("x.jsonl", "y.jsonl"):
        export_file("fever", tmp_path / name, ExportOptions(),
                    claims_path=tmp_path / "claims.jsonl",
                    articles_path=tmp_path / "articles.jsonl")
        outs.append(((tmp_path / name).read_bytes(),
                     (tmp_path / name.replace(".jsonl", ".pages.jsonl")).read_bytes()))
    assert outs[0] == outs[1]


def test_pages_folder_like_the_fever_wiki_dump(tmp_path: Path) -> None:
    wiki = tmp_path / "wiki-pages"
    wiki.mkdir()
    rows = PAGES.read_text().splitlines(keepends=True)
    (wiki / "wiki-001.jsonl").write_text(rows[2])  # the page nobody cites
    (wiki / "wiki-002.jsonl").write_text("".join(rows[:2]))
    do_import(tmp_path, pages=wiki)
    articles = read_jsonl(tmp_path / "articles.jsonl")
    assert [(a["source"]["file"], a["source"]["line"]) for a in articles] == [
        ("wiki-002.jsonl", 1), ("wiki-002.jsonl", 2)]
    single = tmp_path / "single"
    do_import(single)
    assert (single / "claims.jsonl").read_bytes() == (tmp_path / "claims.jsonl").read_bytes()


def test_options_a_format_does_not_use_are_refused(tmp_path: Path) -> None:
    proc = claimkit("import", "--format", "fever", str(CLAIMS), "--pages", str(PAGES),
                    "--mapping", str(PAGES), "--claims", str(tmp_path / "c.jsonl"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == "Error: --mapping does not apply to --format fever"
    assert not (tmp_path / "c.jsonl").exists()


def test_disagreeing_fever_records_of_one_text_both_come_back(tmp_path: Path) -> None:
    claims = tmp_path / "in.jsonl"
    rows = [
        {"id": 1, "verifiable": "VERIFIABLE", "label": "SUPPORTS", "claim": "It opened in 1966.",
         "evidence": [[[10, 20, "Marta_Quental", 1]]]},
        {"id": 2, "verifiable": "VERIFIABLE", "label": "REFUTES", "claim": "It opened in 1966.",
         "evidence": [[[11, 21, "Harbor_Bridge_-LRB-Lisbon-RRB-", 3]]]},
    ]
    claims.write_text("".join(json.dumps(r) + "\n" for r in rows))
    do_import(tmp_path, claims=claims)
    [claim] = read_jsonl(tmp_path / "claims.jsonl")
    assert claim["status"] == "disputed"
    export_file("fever", tmp_path / "o.jsonl", ExportOptions(),
                claims_path=tmp_path / "claims.jsonl", articles_path=tmp_path / "articles.jsonl")
    assert read_jsonl(tmp_path / "o.jsonl") == rows


def test_an_empty_claims_file_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    proc = claimkit("import", "--format", "fever", str(empty), "--pages", str(PAGES),
                    "--claims", str(tmp_path / "c.jsonl"))
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"Error: {empty}: empty file: no JSON lines"


def test_a_hand_broken_line_map_is_an_error_not_a_wrong_export(tmp_path: Path) -> None:
    do_import(tmp_path)
    claims = tmp_path / "claims.jsonl"
    text = claims.read_text().replace('"lines":[0,1,3]', '"lines":[0,1]', 1)
    claims.write_text(text)
    proc = claimkit("export", "--format", "fever", str(tmp_path / "o.jsonl"), "--claims", str(claims),
                    "--articles", str(tmp_path / "articles.jsonl"))
    assert proc.returncode == 1
    assert "2 line ids recorded for 3 paragraphs; import the FEVER file again" in proc.stderr
    assert not (tmp_path / "o.jsonl").exists()
