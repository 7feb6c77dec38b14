"""Label Studio: tasks and a labeling config out, the JSON export back in as annotations
(annotator from the export), through the one status rule, idempotently."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from cli_support import claimkit

from toolkit.interop import export_file, import_file
from toolkit.interop.common import ExportOptions, ImportOptions
from toolkit.records import LABELS

DATA = Path(__file__).parent / "data" / "interop"
EXPORT = DATA / "label_studio" / "export.json"


def project(tmp: Path) -> tuple[Path, Path]:
    """Claims to label: the FEVER fixture, imported."""
    claims, articles = tmp / "claims.jsonl", tmp / "articles.jsonl"
    import_file("fever", DATA / "fever" / "claims.jsonl",
                ImportOptions(created="2026-01-01", pages=DATA / "fever" / "pages.jsonl"),
                claims_path=claims, articles_path=articles)
    return claims, articles


def do_import(claims: Path, articles: Path, path: Path = EXPORT):
    return import_file("label-studio", path, ImportOptions(created="2026-01-01"),
                       claims_path=claims, articles_path=articles)


def read(path: Path) -> dict[str, dict]:
    return {c["id"]: c for c in map(json.loads, path.read_text().splitlines())}


def test_export_writes_tasks_and_a_config_for_the_three_labels(tmp_path: Path) -> None:
    claims, articles = project(tmp_path)
    out = tmp_path / "ls" / "tasks.json"
    result = export_file("label-studio", out, ExportOptions(), claims_path=claims,
                         articles_path=articles)
    tasks = json.loads(out.read_text())
    assert [t["data"]["claim_id"] for t in tasks] == list(read(claims))
    first = tasks[0]["data"]
    assert first["claim"] == "The Harbor Bridge opened in 1966."
    assert "<mark>It opened to traffic in 1966 .</mark>" in first["evidence"]
    config = ET.fromstring((tmp_path / "ls" / "tasks.label_config.xml").read_text())
    choices = config.find("Choices")
    assert choices is not None and choices.get("name") == "label"
    assert choices.get("toName") == "claim" and choices.get("choice") == "single"
    assert tuple(c.get("value") for c in choices.findall("Choice")) == LABELS
    names = {el.get("name") for el in config.iter() if el.get("value", "").startswith("$")}
    assert names == {"claim", "evidence"}  # every $field the config shows is in the tasks
    assert set(first) >= {"claim", "evidence"}
    assert result.written[str(out)] == 4


def test_export_import_round_trip_with_annotators_from_the_export(tmp_path: Path) -> None:
    claims, articles = project(tmp_path)
    batch, result = do_import(claims, articles)
    assert (batch.read, result.annotated, len(result.skipped)) == (6, 3, 3)
    got = read(claims)
    opened = got["8c9954489e81b493"]["annotations"]
    assert [(a["annotator"], a["label"], a["note"], a["created"]) for a in opened[-2:]] == [
        ("alice@example.org", "SUPPORTED", "The second sentence gives the year.",
         "2026-03-02T10:15:00.123456Z"),
        ("label-studio:7", "SUPPORTED", None, "2026-03-02T11:00:00.000000Z"),
    ]
    # Alice disagrees with FEVER on 6a0f...: the one status rule makes it disputed.
    assert got["6a0f1b9cdfe58881"]["status"] == "disputed"
    assert got["6a0f1b9cdfe58881"]["label"] == "REFUTED"  # nothing is relabeled silently
    reasons = sorted(str(s) for s in result.skipped)
    assert any("task 103 annotation 5004: cancelled" in r for r in reasons)
    assert any("task 104 annotation 5005: label choice ['UNSURE']" in r for r in reasons)
    assert any("no claim with id ffffffffffffffff" in r for r in reasons)


def test_import_twice_adds_nothing_and_a_changed_mind_replaces(tmp_path: Path) -> None:
    claims, articles = project(tmp_path)
    do_import(claims, articles)
    before = claims.read_bytes()
    _, again = do_import(claims, articles)
    assert (again.annotated, again.unchanged) == (0, 3)
    assert claims.read_bytes() == before
    tasks = json.loads(EXPORT.read_text())
    ann = tasks[1]["annotations"][0]
    ann["result"][0]["value"]["choices"] = ["REFUTED"]
    ann["created_at"] = "2026-03-03T08:00:00Z"
    changed = tmp_path / "export2.json"
    changed.write_text(json.dumps(tasks))
    do_import(claims, articles, changed)
    claim = read(claims)["6a0f1b9cdfe58881"]
    assert [(a["annotator"], a["label"]) for a in claim["annotations"]] == [
        ("fever:91002", "REFUTED"), ("alice@example.org", "REFUTED")]
    assert claim["status"] == "gold"


def test_bad_export_is_one_error_and_changes_nothing(tmp_path: Path) -> None:
    claims, articles = project(tmp_path)
    before = claims.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": 1, "data": {}}')
    proc = claimkit("import", "--format", "label-studio", str(bad), "--claims", str(claims),
                    "--articles", str(articles))
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"Error: {bad}: expected a JSON list of tasks (Label Studio's JSON export)")
    assert claims.read_bytes() == before
