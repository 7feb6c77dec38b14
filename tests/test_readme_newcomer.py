"""What a newcomer reads first: where `claimkit` lives and how to run it."""

from __future__ import annotations

from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_says_how_to_run_claimkit_from_the_venv() -> None:
    first = README.split("## CLI tour")[0]  # before the first `claimkit` command
    assert "source .venv/bin/activate" in first
    assert ".venv/bin/claimkit" in first
    assert "claimkit --version" in first


def test_no_placeholder_predictions_file() -> None:
    assert "my-predictions.jsonl" not in README
