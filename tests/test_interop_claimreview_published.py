"""ClaimReview as fact-checkers and Google's Fact Check Tools API publish it: every date
form, reviews nested in a MediaReview, the API's claims[].claimReview[] layout, numeric
ratings that contradict the textual one, and the common in-between ratings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.interop import export_file, import_file
from toolkit.interop.claimreview import parse_date, rating_conflict
from toolkit.interop.common import ExportOptions, ImportOptions, load_mapping

FIXTURES = Path(__file__).parent / "data" / "interop" / "claimreview"


def do_import(tmp: Path, name: str | Path):
    path = name if isinstance(name, Path) else FIXTURES / name
    return import_file("claimreview", path, ImportOptions(created="2026-01-01"),
                       claims_path=tmp / "claims.jsonl", articles_path=tmp / "articles.jsonl")


def claims_of(tmp: Path) -> dict[str, dict]:
    lines = (tmp / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    return {c["claim"]: c for c in map(json.loads, lines)}


DATE_FORMS = [
    ("2024-05-03", "2024-05-03"),
    ("20240503", "2024-05-03"),
    ("2024-W18-5", "2024-05-03"),
    ("2024-124", "2024-05-03"),
    ("2024-05-03T10:15:30Z", "2024-05-03T10:15:30+00:00"),
    ("2024-05-03T10:15:30.250+02:00", "2024-05-03T10:15:30.250000+02:00"),
    ("2024-05-03T10:15:30+0200", "2024-05-03T10:15:30+02:00"),
    ("2024-05-03T10:15", "2024-05-03T10:15:00"),
    ("2024-05-03 10:15:30", "2024-05-03T10:15:30"),
    ("20240503T101530Z", "2024-05-03T10:15:30+00:00"),
    ("Wed, 11 Mar 2020 01:05:52 UTC +00:00", "2020-03-11T01:05:52+00:00"),
    ("Fri, 03 May 2024 10:15:30 GMT", "2024-05-03T10:15:30+00:00"),
    ("Fri, 3 May 2024 10:15:30 -0500", "2024-05-03T10:15:30-05:00"),
    ("3 May 2024 10:15 +0530", "2024-05-03T10:15:00+05:30"),
    ("03 May 2024", "2024-05-03"),
]


@pytest.mark.parametrize(("text", "iso"), DATE_FORMS)
def test_every_date_form_is_read(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["2024-05", "2024", "03/05/2024", "2024-13-01", "31 Feb 2024",
                                  "2024-367", "yesterday", "", None, 20240503])
def test_what_names_no_day_is_not_a_date(text: object) -> None:
    assert parse_date(text) is None


def test_dates_fixture_imports_every_form_and_keeps_the_original(tmp_path: Path) -> None:
    batch, result = do_import(tmp_path, "dates.json")
    assert not result.skipped and result.new_claims == batch.read == 18
    claims = claims_of(tmp_path)
    raw = {r["claimReviewed"]: r.get("datePublished")
           for r in json.loads((FIXTURES / "dates.json").read_text())}
    for text, claim in claims.items():
        [ann] = claim["annotations"]
        assert ann["origin"]["fields"].get("datePublished") == raw[text]  # verbatim
        if raw[text] in ("2024-05", "2024", None):  # no day named: the import date
            assert ann["created"] == "2026-01-01"
        else:
            assert ann["created"] == parse_date(raw[text])
            assert ann["created"][:10] in ("2024-05-03", "2020-03-11")


def test_published_page_nested_conflicting_and_in_between(tmp_path: Path) -> None:
    batch, result = do_import(tmp_path, "published.json")
    claims = claims_of(tmp_path)
    soap = claims["Washing hands with soap for 20 seconds removes the virus from skin."]
    assert soap["label"] == "SUPPORTED" and soap["status"] == "gold"
    assert soap["annotations"][0]["created"] == "2020-03-11T01:05:52+00:00"
    assert soap["annotations"][0]["origin"]["fields"]["checkdeskInternalId"] == 98123
    assert soap["evidence"][0][0]["url"] == "https://checkdesk.example.com/2020/03/virus-soap/"
    # The ClaimReview inside the MediaReview (associatedClaimReview) is read.
    flood = claims["A photo shows this week's flood in the river valley."]
    assert flood["label"] == "REFUTED"
    assert flood["annotations"][0]["created"] == "2021-07-16T08:30:00+02:00"
    # Reduced-precision date and author given as plain text; ratingValue agrees.
    bread = claims["Bread prices fell by half in 2021."]
    assert bread["label"] == "REFUTED" and bread["annotations"][0]["annotator"] == "Check Desk"
    reasons = {s.id.split(" ", 1)[1]: s.reason for s in result.skipped}
    # "True" rated 1 of 6 (schema.org's PolitiFact example) is reported, not imported.
    assert "The state added 300,000 jobs last year." not in claims
    conflict = reasons["@graph[3]"]
    assert "'True'" in conflict and "contradicts" in conflict and "1 (worst) to 6" in conflict
    assert "maps to null" in reasons["@graph[4]"] and "'False Context'" in reasons["@graph[4]"]
    assert "'WebPage' is not ClaimReview" in reasons["@graph[0]"]
    assert "'Organization' is not ClaimReview" in reasons["@graph[6]"]
    assert batch.read == 7 and result.new_claims == 3 and len(result.skipped) == 4


def test_fact_check_tools_api_response(tmp_path: Path) -> None:
    batch, result = do_import(tmp_path, "factcheck_api.json")
    claims = claims_of(tmp_path)
    cars = claims["The city banned cars from the old town in 2019."]
    [ann] = cars["annotations"]
    assert (cars["label"], ann["annotator"], ann["created"]) == (
        "REFUTED", "Check Desk", "2023-04-05T12:31:07+00:00")
    assert ann["origin"]["label"] == "False"
    assert ann["origin"]["id"] == "https://checkdesk.example.com/2023/04/old-town-cars/"
    fields = ann["origin"]["fields"]
    assert fields["itemReviewed"]["author"]["name"] == "Social media users"
    assert fields["inLanguage"] == "en" and fields["name"].startswith("No, the old town")
    bridge = claims["The new bridge cost 2 billion euros."]
    assert bridge["label"] == "SUPPORTED"
    assert bridge["annotations"][0]["created"] == "2026-01-01"  # no reviewDate: import date
    extra = bridge["annotations"][0]["origin"]["fields"]["ratingExplanation"]
    assert extra.startswith("Official accounts")  # an unknown extra field is kept
    reasons = sorted(s.reason for s in result.skipped)
    assert len(reasons) == 2 and "'Misleading'" in reasons[0] and "'Mostly False'" in reasons[1]
    assert batch.read == 4 and result.new_claims == 2


def test_api_import_exports_as_claimreview_and_reimports_unchanged(tmp_path: Path) -> None:
    do_import(tmp_path, "factcheck_api.json")
    out = tmp_path / "out.jsonld"
    export_file("claimreview", out, ExportOptions(), claims_path=tmp_path / "claims.jsonl",
                articles_path=tmp_path / "articles.jsonl")
    graph = json.loads(out.read_text())["@graph"]
    assert all(r["@type"] == "ClaimReview" for r in graph)
    cars = next(r for r in graph if r["claimReviewed"].startswith("The city banned"))
    assert cars["reviewRating"]["alternateName"] == "False"
    assert cars["author"]["url"] == "checkdesk.example.com"
    before = (tmp_path / "claims.jsonl").read_bytes()
    _, again = do_import(tmp_path, out)
    assert (again.new_claims, again.recorded, again.unchanged) == (0, 0, 2)
    assert (tmp_path / "claims.jsonl").read_bytes() == before


def test_common_ratings_have_entries() -> None:
    table = load_mapping("claimreview_ratings.json", None)
    for rating in ("False Context", "Misleading", "Mostly False", "Half True", "Mostly True",
                   "Missing Context", "Satire"):
        assert table[rating.casefold()] is None
    assert table["pants on fire"] == table["pants on fire!"] == "REFUTED"
    assert table["true"] == "SUPPORTED" and table["unproven"] == "NOT_ENOUGH_INFO"


@pytest.mark.parametrize(
    ("rating", "label", "conflict"),
    [({"ratingValue": "1", "bestRating": "6", "worstRating": "1"}, "SUPPORTED", True),
     ({"ratingValue": 6, "bestRating": 6, "worstRating": 1}, "SUPPORTED", False),
     ({"ratingValue": 5}, "REFUTED", True),  # schema.org defaults: 1 worst, 5 best
     ({"ratingValue": 1}, "REFUTED", False),
     ({"ratingValue": 1, "bestRating": 1, "worstRating": 5}, "SUPPORTED", False),  # reversed
     ({"ratingValue": 9, "bestRating": 5, "worstRating": 1}, "REFUTED", True),  # off scale
     ({"ratingValue": 1}, "NOT_ENOUGH_INFO", False),
     ({"ratingValue": "n/a"}, "SUPPORTED", False),
     ({}, "SUPPORTED", False)],
)
def test_numeric_rating_is_checked_against_the_textual_one(
    rating: dict, label: str, conflict: bool
) -> None:
    assert (rating_conflict(rating, label) is not None) is conflict
