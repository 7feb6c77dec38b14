"""``claimkit baselines`` end to end on a small dataset folder built from the seed:
outputs, byte-identical reruns, evaluate agreeing with the report, and the committed
baselines/RESULTS.md being exactly what the command produces."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from baselines_fixture import article_rows, build_seed_folder, seed_claims, write_folder
from typer.testing import CliRunner

from toolkit.baselines.models import BASELINES
from toolkit.cli import app

runner = CliRunner()
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def hf(tmp_path_factory: pytest.TempPathFactory, seed_articles) -> Path:
    return build_seed_folder(tmp_path_factory.mktemp("hf"), seed_articles)


def _baselines(hf: Path, out: Path, *extra: str):
    return runner.invoke(app, ["baselines", "--dataset", str(hf), "-o", str(out), *extra])


@pytest.fixture(scope="module")
def run_dir(hf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "out"
    r = _baselines(hf, out)
    assert r.exit_code == 0, r.output
    assert "| `majority@1` | test |" in r.stdout  # the table is printed
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_writes_every_output(run_dir: Path) -> None:
    files = _files(run_dir)
    assert {"metrics.json", "RESULTS.md"} <= set(files)
    for name in BASELINES:
        assert files[f"confusion/{name}.png"][:4] == b"\x89PNG"
        assert f"models/{name}.skops" in files
        for split in ("validation", "test"):
            assert f"predictions/{name}/{split}.jsonl" in files
    metrics = json.loads(files["metrics.json"])
    assert list(metrics["baselines"]) == list(BASELINES)  # majority first
    retrieval = metrics["baselines"]["retrieval"]["results"]["test"]
    assert retrieval["fever"] is not None
    assert metrics["baselines"]["claim-evidence"]["results"]["test"]["fever"] is None
    assert metrics["bootstrap"] == {"resamples": 1000, "seed": 0, "level": 0.95}


def test_two_jobs_write_the_same_bytes_as_one(hf: Path, run_dir: Path, tmp_path: Path) -> None:
    """--jobs 2 fits the baselines in two worker processes (joblib's loky); the models
    come back through pickle and are saved here: every file as the one-process run's."""
    r = _baselines(hf, tmp_path / "out", "--jobs", "2")
    assert r.exit_code == 0, r.output
    assert _files(tmp_path / "out") == _files(run_dir)
    assert "| `majority@1` | test |" in r.stdout


@pytest.mark.parametrize("name", ["claim-evidence", "retrieval"])
def test_evaluate_reproduces_the_reported_numbers(hf: Path, run_dir: Path, name: str) -> None:
    pred = run_dir / "predictions" / name / "test.jsonl"
    r = runner.invoke(app, ["evaluate", "-p", str(pred), "--dataset", str(hf), "--json"])
    assert r.exit_code == 0, r.output
    reported = json.loads((run_dir / "metrics.json").read_text())
    assert json.loads(r.stdout) == reported["baselines"][name]["results"]["test"]


def test_unknown_baseline_lists_valid_names(hf: Path, tmp_path: Path) -> None:
    r = _baselines(hf, tmp_path / "o", "-b", "bert")
    assert r.exit_code == 2
    assert "unknown baseline 'bert'; valid baselines: majority" in r.stderr
    assert not (tmp_path / "o").exists()


def test_missing_dataset_is_a_usage_error(tmp_path: Path) -> None:
    r = _baselines(tmp_path / "nope", tmp_path / "o")
    assert r.exit_code == 2 and "does not exist" in r.output


def test_a_single_label_train_split_is_refused(seed_articles, tmp_path: Path) -> None:
    claims = seed_claims(seed_articles[0])
    claims["train"] = [c for c in claims["train"] if c["label"] == 0]
    hf = write_folder(tmp_path / "hf", claims, article_rows(seed_articles))
    r = _baselines(hf, tmp_path / "o", "-b", "claim-only")
    assert r.exit_code == 1
    assert "train split has only one label (SUPPORTED)" in r.stderr
    assert not (tmp_path / "o").exists()


def test_readme_commands_exist() -> None:
    """Every `claimkit` command the README's baselines section shows has help text."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Baselines and evaluation", 1)[1].split("\n## ", 1)[0]
    commands = set(re.findall(r"^claimkit ([a-z-]+)", section, flags=re.M))
    assert commands == {"baselines", "evaluate", "export-predictions"}
    for command in commands:
        r = runner.invoke(app, [command, "--help"])
        assert r.exit_code == 0 and "--dataset" in r.stdout


def test_articles_config_is_needed_only_for_oracle_and_retrieval(
    seed_articles, tmp_path: Path
) -> None:
    hf = write_folder(tmp_path / "hf", seed_claims(seed_articles[0]), None)
    r = _baselines(hf, tmp_path / "o", "-b", "claim-only")
    assert r.exit_code == 0, r.output
    assert "`claim-only@1`" in r.stdout and "retrieval" not in r.stdout
    # the oracle reads the corpus for the nearest sentence of NOT_ENOUGH_INFO claims
    for name, out in (("retrieval", "o2"), ("claim-evidence", "o3")):
        r = _baselines(hf, tmp_path / out, "-b", name)
        assert r.exit_code == 1
        assert "cannot load config 'articles'" in r.stderr


def test_tiny_dataset_without_a_validation_split(seed_articles, tmp_path: Path) -> None:
    """A seed-sized dataset may have no validation claims (datasets cannot load an empty
    split, so the folder has none): no selection, still a report."""
    claims = seed_claims(seed_articles[0])
    del claims["validation"]
    hf = write_folder(tmp_path / "hf", claims, article_rows(seed_articles))
    r = _baselines(hf, tmp_path / "o")
    assert r.exit_code == 0, r.output
    results = (tmp_path / "o" / "RESULTS.md").read_text()
    assert "| validation |" not in results and "| `retrieval@1` | test |" in results
    assert "no validation claims: first grid point used" in results
    assert "claims train 33, validation 0, test 9" in results


def test_readme_evaluate_example_points_to_a_file_the_run_writes(run_dir: Path, hf: Path) -> None:
    """The README's `evaluate -p` / `export-predictions -p` examples run as written after
    `make run`: their file is one that `claimkit baselines` writes under dist/baselines."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"claimkit (?:evaluate|export-predictions) -p (\S+)", readme))
    assert paths == {"dist/baselines/predictions/claim-only/test.jsonl"}
    [path] = paths
    written = run_dir / Path(path).relative_to("dist/baselines")
    assert written.is_file()
    r = runner.invoke(app, ["evaluate", "-p", str(written), "--dataset", str(hf)])
    assert r.exit_code == 0, r.output


def test_results_table_explains_na_and_wide_intervals(run_dir: Path) -> None:
    """A reader of the table alone learns why an F1 is n/a and why intervals are wide."""
    table = (run_dir / "RESULTS.md").read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| `majority@1` | ")
            and line.split("|")[2].strip() in ("validation", "test")]
    assert rows
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        n = int(cells[2].split()[0])
        if n < 100:
            assert f"{n} (few claims: ±" in cells[2]
        assert cells[-1] == "n/a (predicts no evidence)"
    assert all(("n/a" not in c) or "(" in c for row in rows for c in row.split("|"))


def test_na_cells_name_the_missing_label() -> None:
    from toolkit.baselines.run import n_cell

    assert n_cell(3) == "3 (few claims: ±57 pts at best)"
    assert n_cell(100) == "100" and n_cell(0) == "0"
    committed = (Path(__file__).resolve().parent.parent / "baselines" / "RESULTS.md").read_text()
    assert "n/a (no REFUTED claim in test, none predicted)" in committed
