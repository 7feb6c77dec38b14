"""``claimkit evaluate`` on bad prediction files: one ``Error:`` line with counts and
first examples, exit 1, no traceback; and on good ones, the numbers and outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from baselines_fixture import build_seed_folder
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.dataset.load import load_claims
from toolkit.evaluate import evidence_pairs

runner = CliRunner()


@pytest.fixture(scope="module")
def hf(tmp_path_factory: pytest.TempPathFactory, seed_articles) -> Path:
    return build_seed_folder(tmp_path_factory.mktemp("hf"), seed_articles)


@pytest.fixture(scope="module")
def test_gold(hf: Path):
    return load_claims(hf, ["test"])["test"]


def _write(path: Path, lines: list) -> Path:
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines),
        encoding="utf-8",
    )
    return path


def _good(gold) -> list[dict]:
    return [{"id": g.id, "label": g.label} for g in gold]


def _evaluate(hf: Path, pred: Path, *extra: str):
    return runner.invoke(app, ["evaluate", "-p", str(pred), "--dataset", str(hf), *extra])


def _error(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_perfect_predictions_score_100(hf, test_gold, tmp_path) -> None:
    pred = _write(tmp_path / "p.jsonl", _good(test_gold))
    r = _evaluate(hf, pred, "--json", "--plot", str(tmp_path / "cm.png"))
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["classification"]["accuracy"] == 1.0
    assert out["classification"]["macro_f1"] == 1.0
    assert out["fever"] is None
    assert (tmp_path / "cm.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_table_output_names_the_metrics(hf, test_gold, tmp_path) -> None:
    rows = [
        {**p, "evidence": [list(evidence_pairs(g)[0][0])] if g.evidence else []}
        for p, g in zip(_good(test_gold), test_gold, strict=True)
    ]
    r = _evaluate(hf, _write(tmp_path / "p.jsonl", rows))
    assert r.exit_code == 0, r.output
    assert "FEVER score     100.0" in r.stdout
    assert "macro-F1        100.0" in r.stdout


def test_unknown_id(hf, test_gold, tmp_path) -> None:
    rows = [*_good(test_gold), {"id": "0123456789abcdef", "label": "REFUTED"}]
    line = _error(_evaluate(hf, _write(tmp_path / "p.jsonl", rows)))
    assert (
        f"p.jsonl: rejected predictions: 1 unknown id (line {len(rows)}: 0123456789abcdef)" in line
    )


def test_missing_ids(hf, test_gold, tmp_path) -> None:
    line = _error(_evaluate(hf, _write(tmp_path / "p.jsonl", _good(test_gold)[:-4])))
    assert "4 missing ids (" in line and "and 1 more" in line
    assert test_gold[-1].id not in line  # only the first three examples


def test_duplicate_id(hf, test_gold, tmp_path) -> None:
    rows = [*_good(test_gold), _good(test_gold)[0]]
    line = _error(_evaluate(hf, _write(tmp_path / "p.jsonl", rows)))
    assert f"1 duplicate id (line {len(rows)}: {test_gold[0].id})" in line


def test_invalid_label(hf, test_gold, tmp_path) -> None:
    rows = _good(test_gold)
    rows[2]["label"] = "SUPPORTS"
    line = _error(_evaluate(hf, _write(tmp_path / "p.jsonl", rows)))
    assert "1 invalid label (line 3: label: 'SUPPORTS' is not one of" in line


@pytest.mark.parametrize(
    "evidence",
    [[["4339e0bea9ee11a8"]], [["4339e0bea9ee11a8", -1]], [["not-an-id", 1]], "A1", [[1, 2]]],
)
def test_malformed_evidence(hf, test_gold, tmp_path, evidence) -> None:
    rows = _good(test_gold)
    rows[0]["evidence"] = evidence
    line = _error(_evaluate(hf, _write(tmp_path / "p.jsonl", rows)))
    assert "1 malformed evidence (line 1: evidence" in line


def test_several_problems_are_counted_together(hf, test_gold, tmp_path) -> None:
    rows = _good(test_gold)
    rows[0]["label"] = "TRUE"
    rows[1]["evidence"] = "x"
    rows.append(rows[3])
    line = _error(_evaluate(hf, _write(tmp_path / "p.jsonl", rows)))
    assert "1 invalid label" in line and "1 malformed evidence" in line
    assert "1 duplicate id" in line


def test_bad_json_names_the_line(hf, test_gold, tmp_path) -> None:
    rows = [*_good(test_gold)[:2], '{"id": "x", ']
    line = _error(_evaluate(hf, _write(tmp_path / "p.jsonl", rows)))
    assert "p.jsonl:3: not valid JSON" in line


def test_empty_file(hf, tmp_path) -> None:
    line = _error(_evaluate(hf, _write(tmp_path / "p.jsonl", [])))
    assert "p.jsonl: empty file" in line


def test_unknown_split_is_a_usage_error(hf, test_gold, tmp_path) -> None:
    pred = _write(tmp_path / "p.jsonl", _good(test_gold))
    r = _evaluate(hf, pred, "--split", "dev")
    assert r.exit_code == 2
    assert "no split dev in config 'claims'; valid splits: train, validation, test" in r.stderr


def test_export_predictions_fever_layout(hf, test_gold, tmp_path) -> None:
    pred = _write(tmp_path / "p.jsonl", _good(test_gold))
    out = tmp_path / "fever"
    r = runner.invoke(
        app,
        [
            "export-predictions",
            "-p",
            str(pred),
            "--dataset",
            str(hf),
            "--format",
            "fever",
            "-o",
            str(out),
        ],
    )
    assert r.exit_code == 0, r.output
    preds = [json.loads(x) for x in (out / "predictions.jsonl").read_text().splitlines()]
    gold = [json.loads(x) for x in (out / "gold.jsonl").read_text().splitlines()]
    assert [p["id"] for p in preds] == [g.id for g in test_gold] == [g["id"] for g in gold]
    assert {p["predicted_label"] for p in preds} == {"SUPPORTS", "REFUTES", "NOT ENOUGH INFO"}
    assert all(p["predicted_evidence"] == [] for p in preds)


def test_export_refuses_a_bad_file_and_writes_nothing(hf, tmp_path) -> None:
    pred = _write(tmp_path / "p.jsonl", [{"id": "0123456789abcdef", "label": "REFUTED"}])
    out = tmp_path / "fever"
    _error(
        runner.invoke(
            app, ["export-predictions", "-p", str(pred), "--dataset", str(hf), "-o", str(out)]
        )
    )
    assert not out.exists()


def test_unknown_and_missing_are_reported_together(hf, test_gold, tmp_path) -> None:
    rows = _good(test_gold)
    rows[0] = {"id": "0123456789abcdef", "label": "REFUTED"}
    rows[1]["label"] = "MAYBE"  # its id is present, so it is not also "missing"
    line = _error(_evaluate(hf, _write(tmp_path / "p.jsonl", rows)))
    assert "1 invalid label" in line and "1 unknown id" in line
    assert f"1 missing id ({test_gold[0].id})" in line
