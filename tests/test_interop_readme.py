"""The README's interoperability commands run as written, in order, and leave data/ valid."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

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
    for command in interop_commands():
        assert command[0] == "claimkit"
        proc = subprocess.run([sys.executable, "-m", "toolkit", *command[1:]],
                              capture_output=True, text=True, cwd=project)
        assert proc.returncode == 0, (command, proc.stderr)
    assert (project / "dist" / "fever" / "claims.pages.jsonl").is_file()
    assert (project / "dist" / "label-studio" / "tasks.label_config.xml").is_file()
    assert (project / "dist" / "scratch-hf" / "README.md").is_file()
    assert {p: p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()} == before
    scratch = project / "dist" / "scratch"
    proc = subprocess.run([sys.executable, "-m", "toolkit", "validate",
                           str(scratch / "articles.jsonl"), str(scratch / "claims.jsonl")],
                          capture_output=True, text=True, cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
