"""Label Studio projects claimkit did not make: tasks without ``data.claim_id``, a choice
control not called ``label``, choice values in other spellings; matched by exact claim
text, with the control and data field named on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import claimkit

from toolkit.errors import UsageError
from toolkit.interop import import_file
from toolkit.interop.common import ImportOptions
from toolkit.interop.labelstudio import our_label

DATA = Path(__file__).parent / "data" / "interop"
OTHER = DATA / "label_studio" / "other_project.json"


def store(tmp: Path) -> tuple[Path, Path]:
    """A scratch store holding the AVeriTeC fixture's claims (no claim ids in the tasks)."""
    claims, articles = tmp / "claims.jsonl", tmp / "articles.jsonl"
    import_file("averitec", DATA / "averitec" / "dev.json", ImportOptions(created="2026-01-01"),
                claims_path=claims, articles_path=articles)
    return claims, articles


def by_text(path: Path) -> dict[str, dict]:
    return {c["claim"]: c for c in map(json.loads, path.read_text().splitlines())}


def test_match_by_text_with_a_named_control(tmp_path: Path) -> None:
    claims, articles = store(tmp_path)
    options = ImportOptions(created="2026-05-01", match="text", choice_name="verdict",
                            data_key="text")
    batch, result = import_file("label-studio", OTHER, options, claims_path=claims,
                                articles_path=articles)
    got = by_text(claims)
    porto = got["The city of Porto Velho banned bicycles from its central square in 2021."]
    dana = porto["annotations"][-1]
    assert (dana["annotator"], dana["label"], dana["note"]) == (
        "label-studio:4", "REFUTED", "Council minutes say cycling is allowed.")
    assert dana["origin"] == {"format": "label-studio", "id": "9001", "label": "Refuted",
                              "fields": {"task": 2001}}
    assert porto["status"] == "gold"
    bridge = got["The Harbor Bridge in Lisbon was renovated in 1998."]
    labels = {a["annotator"]: a["label"] for a in bridge["annotations"]}
    assert labels["eli@example.org"] == "NOT_ENOUGH_INFO"  # "Not enough info"
    assert labels["label-studio:4"] == "SUPPORTED"  # FEVER's "SUPPORTS"
    assert bridge["status"] == "disputed"  # Eli disagrees with AVeriTeC's verdict
    reasons = {s.id.split(" task ")[1]: s.reason for s in result.skipped}
    assert reasons["2001 annotation 9002"].startswith("cancelled")
    # Exact text: a task whose text differs in case only is not this claim.
    assert "no claim with exactly the text" in reasons["2003 annotation 9005"]
    assert "no claim with exactly the text" in reasons["2004 annotation 9006"]
    assert batch.read == 6 and result.recorded == 3 and len(result.skipped) == 3
    before = claims.read_bytes()
    _, again = import_file("label-studio", OTHER, options, claims_path=claims,
                           articles_path=articles)
    assert again.recorded == 0 and again.unchanged == 3 and claims.read_bytes() == before


def test_without_options_the_skips_say_how_to_match(tmp_path: Path) -> None:
    claims, articles = store(tmp_path)
    _, result = import_file("label-studio", OTHER, ImportOptions(created="2026-05-01"),
                            claims_path=claims, articles_path=articles)
    assert result.recorded == 0
    assert all("data.claim_id is missing" in s.reason and "--match text" in s.reason
               for s in result.skipped)
    options = ImportOptions(created="2026-05-01", match="text", data_key="text")
    _, result = import_file("label-studio", OTHER, options, claims_path=claims,
                            articles_path=articles)
    first = next(s for s in result.skipped if "9001" in s.id)
    assert "label choice []" in first.reason and "confidence, verdict" in first.reason
    assert "--choice-name" in first.reason


def test_match_by_id_reads_another_data_field_and_control(tmp_path: Path) -> None:
    claims, articles = store(tmp_path)
    porto = by_text(claims)[
        "The city of Porto Velho banned bicycles from its central square in 2021."]
    tasks = json.loads(OTHER.read_text())[:1]
    tasks[0]["data"]["uid"] = porto["id"]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks))
    options = ImportOptions(created="2026-05-01", choice_name="verdict", data_key="uid")
    _, result = import_file("label-studio", path, options, claims_path=claims,
                            articles_path=articles)
    assert result.recorded == 1 and by_text(claims)[porto["claim"]]["annotations"][-1][
        "annotator"] == "label-studio:4"


def test_the_same_text_twice_is_ambiguous_and_reported(tmp_path: Path) -> None:
    claims, articles = store(tmp_path)
    rows = claims.read_text().splitlines()
    twin = json.loads(rows[0])
    twin["id"] = "0" * 16
    claims.write_text("\n".join([*rows, json.dumps(twin)]) + "\n")
    tasks = [{"id": 1, "data": {"claim": twin["claim"]}, "annotations": [
        {"id": 1, "completed_by": 3, "created_at": "2026-05-02T00:00:00Z",
         "result": [{"from_name": "label", "type": "choices",
                     "value": {"choices": ["REFUTED"]}}]}]}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks))
    _, result = import_file("label-studio", path, ImportOptions(created="x", match="text"),
                            claims_path=claims, articles_path=articles)
    [skip] = result.skipped
    assert "2 claims" in skip.reason and twin["id"] in skip.reason


@pytest.mark.parametrize(("value", "label"), [
    ("SUPPORTED", "SUPPORTED"), ("supported", "SUPPORTED"), ("SUPPORTS", "SUPPORTED"),
    ("Refutes", "REFUTED"), ("Not  Enough Info", "NOT_ENOUGH_INFO"),
    ("NOT ENOUGH INFO", "NOT_ENOUGH_INFO"), ("not_enough_info", "NOT_ENOUGH_INFO"),
    ("Unsure", None), (3, None)])
def test_choice_spellings(value: object, label: str | None) -> None:
    assert our_label(value) == label


def test_label_studio_options_belong_to_label_studio(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--choice-name does not apply to --format averitec"):
        import_file("averitec", DATA / "averitec" / "dev.json",
                    ImportOptions(created="2026-01-01", choice_name="verdict"),
                    claims_path=tmp_path / "c.jsonl", articles_path=tmp_path / "a.jsonl")


def test_cli_options_and_strict(tmp_path: Path) -> None:
    claims, articles = store(tmp_path)
    base = ["import", "-f", "label-studio", str(OTHER), "--claims", str(claims),
            "--articles", str(articles), "--match", "text", "--choice-name", "verdict",
            "--data-key", "text"]
    proc = claimkit(*base)
    assert proc.returncode == 0, proc.stderr
    assert "3 judgment(s) recorded" in proc.stderr and "3 skipped" in proc.stderr
    proc = claimkit(*base, "--strict")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == "Error: 3 record(s) skipped and --strict was given"
    clean = tmp_path / "clean.json"
    clean.write_text(json.dumps(json.loads(OTHER.read_text())[4:]))  # no annotations
    proc = claimkit("import", "-f", "label-studio", str(clean), "--claims", str(claims),
                    "--articles", str(articles), "--match", "text", "--data-key", "text",
                    "--strict")
    assert proc.returncode == 0, proc.stderr
