"""The whole-pipeline benchmark's stage commands: each one is a command line claimkit
accepts, and ``--jobs N`` gives the second core to the stages that can use it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import typer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_whole import stages

from toolkit.cli import app


@pytest.mark.parametrize("jobs", [1, 2, 4])
def test_every_stage_is_a_command_line_claimkit_accepts(
    jobs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the stages' paths are relative, as in the benchmark
    for name in ("src.jsonl", "data/articles.jsonl", "data/claims.jsonl"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).touch()
    (tmp_path / "dist" / "hf").mkdir(parents=True)  # what build writes, baselines reads
    group = typer.main.get_command(app)
    for name, argv in stages(jobs):
        command = group.get_command(group.make_context("claimkit", [*argv]), argv[0])
        assert command is not None, name
        params = command.make_context(argv[0], argv[1:]).params  # raises on a bad option
        if name == "extract":
            dask = jobs > 1
            assert params["engine"] == ("dask" if dask else "local")
            assert params["scheduler"] == (f"local:{jobs}" if dask else None)
        if name == "baselines":
            assert params["jobs"] == jobs
