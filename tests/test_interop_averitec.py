"""AVeriTeC import: the documented verdict table, the fourth verdict kept, unmapped
verdicts named, external evidence from the answers, idempotence, and bad files."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import claimkit

from toolkit.interop import import_file
from toolkit.interop.common import ImportOptions
from toolkit.schema import validate_record

FIXTURE = Path(__file__).parent / "data" / "interop" / "averitec" / "dev.json"


def do_import(tmp: Path, mapping: Path | None = None, path: Path = FIXTURE):
    options = ImportOptions(created="2026-01-02T03:04:05Z", mapping=mapping)
    return import_file("averitec", path, options, claims_path=tmp / "claims.jsonl",
                       articles_path=tmp / "articles.jsonl")


def claims_by_text(tmp: Path) -> dict[str, dict]:
    lines = (tmp / "claims.jsonl").read_text().splitlines()
    return {c["claim"]: c for c in map(json.loads, lines)}


def test_default_table_maps_all_four_verdicts_and_names_the_unmapped(tmp_path: Path) -> None:
    batch, result = do_import(tmp_path)
    assert batch.read == 5 and result.new_claims == 4
    [skip] = result.skipped
    assert skip.id.endswith("claim [4]")
    assert "unmapped label 'Mostly Supported'" in skip.reason
    claims = claims_by_text(tmp_path)
    labels = {text[:20]: c["label"] for text, c in claims.items()}
    assert labels == {
        "The city of Porto Ve": "REFUTED",
        "The Harbor Bridge in": "SUPPORTED",
        "A new vaccine plant ": "NOT_ENOUGH_INFO",
        "Unemployment in the ": "NOT_ENOUGH_INFO",
    }
    for c in claims.values():
        assert validate_record("claim", c) == []
        assert c["method"] == "import:averitec" and c["status"] == "gold"


def test_fourth_verdict_is_kept_in_the_annotation(tmp_path: Path) -> None:
    do_import(tmp_path)
    claim = claims_by_text(tmp_path)["Unemployment in the region fell every year since 2015."]
    [ann] = claim["annotations"]
    assert ann["annotator"] == "averitec:3"
    assert ann["origin"]["label"] == "Conflicting Evidence/Cherrypicking"
    assert claim["evidence"] == []  # NOT_ENOUGH_INFO carries no evidence items...
    # ...but the question-answer evidence is kept, verbatim.
    source = json.loads(FIXTURE.read_text())[3]
    assert ann["origin"]["fields"]["questions"] == source["questions"]
    assert ann["origin"]["fields"]["justification"] == source["justification"]


def test_answers_become_external_evidence(tmp_path: Path) -> None:
    do_import(tmp_path)
    claim = claims_by_text(tmp_path)[
        "The city of Porto Velho banned bicycles from its central square in 2021."]
    [claim_group] = claim["evidence"]  # one group: every answer together
    assert claim_group == [
        {"url": "https://camara.example.org/atas/2021-05-03",
         "exact": "No. The council only banned motor scooters from the square.",
         "accessed": "2026-01-02"},
        {"url": "https://news.example.org/porto-velho-square-rule",
         "exact": "Motor scooters may no longer be ridden in the central square;"
                  " bicycles remain allowed.",
         "accessed": "2026-01-02"},
    ]


def test_an_edited_table_changes_the_mapping(tmp_path: Path) -> None:
    table = tmp_path / "mine.json"
    table.write_text(json.dumps({"labels": {
        "supported": "SUPPORTED", "REFUTED": "REFUTED", "Not Enough Evidence": None,
        "Conflicting Evidence/Cherrypicking": "REFUTED"}}))
    _, result = do_import(tmp_path, mapping=table)
    claims = claims_by_text(tmp_path)
    conflicting = claims["Unemployment in the region fell every year since 2015."]
    assert conflicting["label"] == "REFUTED"
    assert conflicting["evidence"][0][0]["url"] == "https://stats.example.org/unemployment/2020"
    reasons = [s.reason for s in result.skipped]
    assert any("'Not Enough Evidence' maps to null" in r for r in reasons)
    assert any("'Mostly Supported'" in r for r in reasons)


def test_a_bad_table_is_one_error(tmp_path: Path) -> None:
    table = tmp_path / "bad.json"
    table.write_text(json.dumps({"labels": {"Supported": "TRUE"}}))
    proc = claimkit("import", "-f", "averitec", str(FIXTURE), "--mapping", str(table),
                    "--claims", str(tmp_path / "c.jsonl"), "--articles", str(tmp_path / "a.jsonl"))
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"Error: {table}: labels.Supported: 'TRUE' is not one of"
        " SUPPORTED, REFUTED, NOT_ENOUGH_INFO (or null)")
    assert not (tmp_path / "c.jsonl").exists()


def test_import_twice_adds_nothing(tmp_path: Path) -> None:
    do_import(tmp_path)
    before = (tmp_path / "claims.jsonl").read_bytes()
    _, again = do_import(tmp_path)
    assert (again.new_claims, again.annotated, again.unchanged) == (0, 0, 4)
    assert (tmp_path / "claims.jsonl").read_bytes() == before


def test_bad_file_changes_nothing(tmp_path: Path) -> None:
    do_import(tmp_path)
    before = (tmp_path / "claims.jsonl").read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text('[{"claim": "Fine.", "label": "Supported"},\n {"claim": 3}]\n')
    proc = claimkit("import", "-f", "averitec", str(bad), "--claims", str(tmp_path / "claims.jsonl"),
                    "--articles", str(tmp_path / "articles.jsonl"))
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"Error: {bad}: claim [1]: claim: expected a non-empty string")
    bad.write_text('[{"claim": "Fine.",\n "label": }]')
    proc = claimkit("import", "-f", "averitec", str(bad), "--claims", str(tmp_path / "claims.jsonl"))
    assert proc.returncode == 1 and proc.stderr.startswith(f"Error: {bad}:2: not valid JSON")
    assert (tmp_path / "claims.jsonl").read_bytes() == before


def test_a_table_with_conflicting_duplicate_keys_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "dup.json"
    table.write_text(json.dumps({"labels": {"Refuted": "REFUTED", "refuted ": "SUPPORTED"}}))
    proc = claimkit("import", "-f", "averitec", str(FIXTURE), "--mapping", str(table),
                    "--claims", str(tmp_path / "c.jsonl"))
    assert proc.returncode == 1 and "labels.refuted : the same value as another key" in proc.stderr
    assert not (tmp_path / "c.jsonl").exists()


def test_awkward_records_in_both_layouts(tmp_path: Path) -> None:
    """Missing optional fields, null speaker, extra fields, archived source URLs, an
    unanswerable answer and an unlabelled record; the JSON list and JSON Lines give the
    same claims."""
    stores = {}
    for name in ("awkward.json", "awkward.jsonl"):
        store = tmp_path / name
        batch, result = do_import(store, path=FIXTURE.with_name(name))
        assert batch.read == 3 and result.new_claims == 2
        [skip] = result.skipped
        assert "no label" in skip.reason and skip.id.endswith("claim [2]")
        stores[name] = (store / "claims.jsonl").read_bytes()
    assert stores["awkward.json"] == stores["awkward.jsonl"]
    claims = claims_by_text(tmp_path / "awkward.json")
    santos = claims["The port of Santos handled 150 million tonnes of cargo in 2022."]
    [group] = santos["evidence"]  # the answers together decide it: one group
    assert [e["url"] for e in group] == [
        "https://portodesantos.example.org/relatorio-2022",
        "https://web.archive.example.org/2023/relatorio-2022-p2"]  # archived copy: fallback
    assert group[1]["exact"] == (
        "Yes. The report covers January to December 2022.")
    fields = santos["annotations"][0]["origin"]["fields"]
    assert fields["annotator_notes"] == "an extra field this importer does not know"
    assert fields["speaker"] is None
    metro = claims["São Paulo's metro carried 5 million riders a day in 2019."]
    assert metro["label"] == "NOT_ENOUGH_INFO" and metro["evidence"] == []
    for claim in claims.values():
        assert validate_record("claim", claim) == []
