"""ClaimReview: single object, list and @graph in; a round trip that gives back every
field the issue names; textual ratings through the table, unmappable ones reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import claimkit

from toolkit.interop import export_file, import_file
from toolkit.interop.claimreview import export_reviews, load_export_table
from toolkit.interop.common import ExportOptions, ImportOptions
from toolkit.records import Claim, claim_id

FIXTURES = Path(__file__).parent / "data" / "interop" / "claimreview"
FIELDS = ("claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished", "url")


def do_import(tmp: Path, name: str, mapping: Path | None = None):
    options = ImportOptions(created="2026-01-01", mapping=mapping)
    return import_file("claimreview", FIXTURES / name if "/" not in name else Path(name),
                       options, claims_path=tmp / "claims.jsonl",
                       articles_path=tmp / "articles.jsonl")


def reviews_in(path: Path) -> list[dict]:
    data = json.loads(path.read_text())
    if isinstance(data, list):
        return [r for r in data if r.get("@type") == "ClaimReview"]
    if "@graph" in data:
        return [r for r in data["@graph"] if r.get("@type") == "ClaimReview"]
    return [data]


def test_round_trip_gives_back_every_named_field(tmp_path: Path) -> None:
    for name in ("single.json", "list.json", "graph.json"):
        do_import(tmp_path, name)
    out = tmp_path / "out.jsonld"
    export_file("claimreview", out, ExportOptions(), claims_path=tmp_path / "claims.jsonl",
                articles_path=tmp_path / "articles.jsonl")
    exported = {r["claimReviewed"]: r for r in reviews_in(out)}
    originals = [r for n in ("single.json", "list.json", "graph.json")
                 for r in reviews_in(FIXTURES / n)]
    imported = [r for r in originals if r["reviewRating"]["alternateName"] != "Half True"]
    assert len(imported) == 3 and len(exported) == 3
    for review in imported:
        got = exported[review["claimReviewed"]]
        assert {f: got.get(f) for f in FIELDS} == {f: review.get(f) for f in FIELDS}


def test_importing_an_export_again_changes_nothing(tmp_path: Path) -> None:
    for name in ("single.json", "list.json", "graph.json"):
        do_import(tmp_path, name)
    out = tmp_path / "out.jsonld"
    export_file("claimreview", out, ExportOptions(), claims_path=tmp_path / "claims.jsonl",
                articles_path=tmp_path / "articles.jsonl")
    before = (tmp_path / "claims.jsonl").read_bytes()
    _, result = do_import(tmp_path, str(out))
    assert (result.new_claims, result.annotated, result.unchanged) == (0, 0, 3)
    assert (tmp_path / "claims.jsonl").read_bytes() == before


def test_ratings_map_through_the_table_and_the_reviewer_is_the_annotator(
    tmp_path: Path,
) -> None:
    _, r1 = do_import(tmp_path, "single.json")
    _, r2 = do_import(tmp_path, "list.json")
    _, r3 = do_import(tmp_path, "graph.json")
    claims = {c["claim"]: c for c in map(json.loads,
                                         (tmp_path / "claims.jsonl").read_text().splitlines())}
    bridge = claims["The Harbor Bridge is less than one kilometre long."]
    assert bridge["label"] == "REFUTED" and bridge["method"] == "import:claimreview"
    [ann] = bridge["annotations"]
    assert (ann["annotator"], ann["created"], ann["origin"]["label"]) == (
        "Example Fact Check", "2024-05-03", "False")
    assert bridge["evidence"][0] == [{"url": "https://factcheck.example.org/2024/05/bridge-length",
                                   "exact": "False", "accessed": "2024-05-03"}]
    assert claims["The tram line will open in May."]["label"] == "SUPPORTED"
    recife = claims["A new vaccine plant will create 4,000 jobs in Recife."]
    assert recife["label"] == "NOT_ENOUGH_INFO" and recife["evidence"] == []
    # In-between ratings are reported with the rating, never guessed.
    [half] = r2.skipped
    assert "'Half True'" in half.reason and half.id.endswith("[1]")
    # Other nodes of a @graph are reported too, not silently passed over.
    [org] = r3.skipped
    assert "'Organization' is not ClaimReview" in org.reason
    assert not r1.skipped


@pytest.mark.parametrize(
    ("rating", "expected"),
    [({"@type": "Rating", "alternateName": "Sort Of"}, "unmapped label 'Sort Of'"),
     ({"@type": "Rating", "ratingValue": 2, "bestRating": 5}, "numeric rating 2 is not mapped")],
)
def test_unmappable_ratings_are_reported(tmp_path: Path, rating: dict, expected: str) -> None:
    review = json.loads((FIXTURES / "single.json").read_text())
    review["reviewRating"] = rating
    path = tmp_path / "in.json"
    path.write_text(json.dumps(review))
    proc = claimkit("import", "-f", "claimreview", str(path), "--claims", str(tmp_path / "c.jsonl"),
                    "--articles", str(tmp_path / "a.jsonl"))
    assert proc.returncode == 0
    assert expected in proc.stderr and "0 new claim(s)" in proc.stderr
    assert not (tmp_path / "c.jsonl").exists()


def test_our_own_claims_get_our_review() -> None:
    text = "A claim reviewed in claimkit."
    claim = Claim(id=claim_id(text, None), claim=text, label="NOT_ENOUGH_INFO", evidence=(),
                  source=None, method="human")
    [review] = export_reviews(claim, {}, load_export_table(None), "Our Desk")
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}
    assert review["author"] == {"@type": "Organization", "name": "Our Desk"}
    assert review["claimReviewed"] == text and "url" not in review


def test_bad_json_is_one_error_and_changes_nothing(tmp_path: Path) -> None:
    do_import(tmp_path, "single.json")
    before = (tmp_path / "claims.jsonl").read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text('{"@type": "ClaimReview",\n "claimReviewed": "x",,}')
    proc = claimkit("import", "-f", "claimreview", str(bad), "--claims",
                    str(tmp_path / "claims.jsonl"), "--articles", str(tmp_path / "articles.jsonl"))
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith(f"Error: {bad}:2: not valid JSON")
    assert (tmp_path / "claims.jsonl").read_bytes() == before


def test_a_review_we_disagree_with_stays_and_ours_is_added(tmp_path: Path) -> None:
    from toolkit.annotations import add_annotation
    from toolkit.records import Annotation
    from toolkit.store import Store

    do_import(tmp_path, "single.json")
    [claim] = Store.of(claims=tmp_path / "claims.jsonl").claims()
    relabeled = add_annotation(claim, Annotation("alice", "SUPPORTED", "2026-02-02"))
    relabeled = Claim(**{**relabeled.__dict__, "label": "SUPPORTED"})
    theirs, ours = export_reviews(relabeled, {}, load_export_table(None), "Our Desk")
    assert theirs == reviews_in(FIXTURES / "single.json")[0]  # their review, untouched
    assert ours["reviewRating"]["alternateName"] == "True"
    assert ours["datePublished"] == "2026-02-02"


def test_a_broken_export_table_is_one_error_and_writes_nothing(tmp_path: Path) -> None:
    do_import(tmp_path, "single.json")
    table = tmp_path / "table.json"
    out = tmp_path / "out.jsonld"
    for text, message in (
        ('{"labels": {"True": "SUPPORTED"},\n "export": ', f"Error: {table}:2: not valid JSON"),
        ('{"labels": {"True": "SUPPORTED"}, "export": {"SUPPORTED": "Yes"}}',
         f'Error: {table}: "export" must give a textual rating for each of'),
    ):
        table.write_text(text)
        proc = claimkit("export", "-f", "claimreview", str(out), "--mapping", str(table),
                        "--claims", str(tmp_path / "claims.jsonl"),
                        "--articles", str(tmp_path / "articles.jsonl"))
        assert proc.returncode == 1 and proc.stderr.startswith(message), proc.stderr
        assert "Traceback" not in proc.stderr and not out.exists()
