"""CONTRIBUTING.md's commands run: its label examples are real claims about the seed."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.store import Store

REPO = Path(__file__).resolve().parent.parent
DOC = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
PLACEHOLDERS = ("path/to/", "my-claims.jsonl")


def commands() -> list[list[str]]:
    blocks = re.findall(r"```sh\n(.*?)```", DOC, flags=re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [
        shlex.split(line)[1:]
        for line in lines
        if line.startswith("claimkit ") and not any(p in line for p in PLACEHOLDERS)
    ]


def test_contributing_commands_run_on_a_fresh_checkout(project: Path) -> None:
    """Run against the committed data/ (claims included, once there are any)."""
    claims_file = project / "data" / "claims.jsonl"
    stored = len(Store.of(claims=claims_file).claims())
    runner = CliRunner()
    ran = []
    for args in commands():
        result = runner.invoke(app, args, input="q\n")
        assert result.exit_code == 0, (args, result.output)
        ran.append(args[0])
    assert ran.count("add-claim") == 3
    assert {"review", "agreement", "validate"} <= set(ran)
    added = Store.of(claims=claims_file).claims()[stored:]
    assert [c.label for c in added] == ["SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"]
    assert {c.method for c in added} == {"human"}


def test_contributing_names_the_interchange_formats() -> None:
    for name in ("FEVER", "AVeriTeC", "ClaimReview", "Label Studio", "claimkit import"):
        assert name in DOC
