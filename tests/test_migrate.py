"""claimkit migrate: version 1 claims (one flat evidence list) become version 2 (groups)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.jsonl import dumps
from toolkit.migrate import migrate_claims_file, upgrade_claim
from toolkit.schema import validate_record

REPO = Path(__file__).resolve().parent.parent


def _v1(claim: dict) -> dict:
    """The version 1 form of a version 2 claim with at most one group."""
    assert len(claim["evidence"]) <= 1
    return {**claim, "evidence": claim["evidence"][0] if claim["evidence"] else []}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A version 1 store: the committed claims written back in the old shape."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "articles.jsonl").write_bytes((REPO / "data" / "articles.jsonl").read_bytes())
    lines = (REPO / "data" / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    v1 = [_v1(json.loads(line)) for line in lines]
    (data / "claims.jsonl").write_bytes(b"".join(dumps(c) for c in v1))
    return data


def test_v1_claims_are_rejected_with_the_way_out(store: Path, monkeypatch) -> None:
    monkeypatch.chdir(store.parent)
    r = CliRunner().invoke(app, ["validate"])
    assert r.exit_code == 1
    first = r.stdout.splitlines()[0]
    assert first.startswith("data/claims.jsonl:1: evidence.0: is a version 1 evidence item")
    assert first.endswith("run `claimkit migrate` to upgrade the file")


def test_migrate_upgrades_a_v1_store_in_place_and_is_idempotent(store: Path, monkeypatch):
    monkeypatch.chdir(store.parent)
    runner = CliRunner()
    r = runner.invoke(app, ["migrate"])
    assert r.exit_code == 0, r.output
    n = len((REPO / "data" / "claims.jsonl").read_text().splitlines())
    with_evidence = sum(1 for ln in (REPO / "data" / "claims.jsonl").read_text().splitlines()
                        if json.loads(ln)["evidence"])  # fmt: skip
    assert f"{with_evidence} of {n} claim(s) upgraded to schema 2.0.0" in r.output
    # exactly the committed (version 2) bytes: NOT_ENOUGH_INFO lines were left as they were
    assert (store / "claims.jsonl").read_bytes() == (REPO / "data" / "claims.jsonl").read_bytes()
    stamp = (store / "claims.jsonl").stat().st_mtime_ns
    again = runner.invoke(app, ["migrate"])
    assert again.exit_code == 0 and "already schema 2.0.0" in again.output
    assert (store / "claims.jsonl").stat().st_mtime_ns == stamp  # not even rewritten
    assert runner.invoke(app, ["validate"]).exit_code == 0


def test_a_broken_line_stops_migrate_and_leaves_the_file_untouched(store: Path) -> None:
    path = store / "claims.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    bad = json.loads(lines[1])
    bad["evidence"][0]["start"] = "twelve"
    lines[1] = dumps(bad)
    path.write_bytes(b"".join(lines))
    before = path.read_bytes()
    r = CliRunner().invoke(app, ["migrate", "--data", str(store)])
    assert r.exit_code == 1
    (line,) = r.output.strip().splitlines()
    assert line.startswith(f"Error: {path}:2: evidence.0.0.start: 'twelve' is not of type")
    assert path.read_bytes() == before
    assert not [p for p in store.iterdir() if p.name.startswith(".claims")]  # no temp left


def test_upgrade_claim_shapes() -> None:
    item = {"url": "https://e.org", "exact": "q", "accessed": "2024-01-01"}
    assert upgrade_claim({"evidence": [item, item]}) == {"evidence": [[item, item]]}
    assert upgrade_claim({"evidence": []}) is None  # the same in both versions
    assert upgrade_claim({"evidence": [[item]]}) is None  # already groups


def test_migrating_an_empty_or_missing_file(tmp_path: Path) -> None:
    (tmp_path / "claims.jsonl").write_bytes(b"")
    assert migrate_claims_file(tmp_path / "claims.jsonl") == (0, 0)
    r = CliRunner().invoke(app, ["migrate", "--data", str(tmp_path / "nope")])
    assert r.exit_code == 2  # typer: the folder does not exist


def test_the_committed_claims_are_schema_2() -> None:
    for line in (REPO / "data" / "claims.jsonl").read_text().splitlines():
        assert validate_record("claim", json.loads(line)) == []
