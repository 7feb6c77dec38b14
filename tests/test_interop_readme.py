"""The README's interoperability commands run as written, in order, and leave data/ valid."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from typer.testing import CliRunner

from toolkit.cli import app

REPO = Path(__file__).resolve().parent.parent


def interop_commands() -> list[list[str]]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Interoperability")[1].split("\n## ")[0]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.S)
    assert block is not None
    return [shlex.split(line.split("#")[0]) for line in block.group(1).splitlines()
            if line.strip()]


def test_readme_has_one_example_per_format() -> None:
    commands = interop_commands()
    formats = {(c[1], c[c.index("--format") + 1]) for c in commands if "--format" in c}
    assert formats == {("import", "fever"), ("import", "averitec"), ("import", "claimreview"),
                       ("import", "label-studio"), ("export", "fever"),
                       ("export", "claimreview"), ("export", "label-studio")}


def test_readme_commands_work_on_a_scratch_store() -> None:
    """Copying an example must never change the project's data/: every command names
    the scratch store, and the block ends by building it."""
    for command in interop_commands():
        assert command[command.index("--data") + 1] == "dist/scratch", command
    assert interop_commands()[-1][:2] == ["claimkit", "build"]


def test_readme_commands_run(project: Path) -> None:
    shutil.copytree(REPO / "tests" / "data" / "interop", project / "tests" / "data" / "interop")
    before = {p: p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()}
    runner = CliRunner()  # the same app the console script runs, in this process
    for command in interop_commands():
        assert command[0] == "claimkit"
        result = runner.invoke(app, command[1:])
        assert result.exit_code == 0, (command, result.output)
    assert (project / "dist" / "fever" / "claims.pages.jsonl").is_file()
    assert (project / "dist" / "label-studio" / "tasks.label_config.xml").is_file()
    assert (project / "dist" / "scratch-hf" / "README.md").is_file()
    assert {p: p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()} == before
    scratch = project / "dist" / "scratch"
    result = runner.invoke(app, ["validate", str(scratch / "articles.jsonl"),
                                 str(scratch / "claims.jsonl")])  # fmt: skip
    assert result.exit_code == 0, result.output
