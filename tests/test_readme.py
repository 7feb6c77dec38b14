"""The README's two commands: named in the README, wired into CI, and the main job runs.

The main job is run as `make run` itself, in a scratch copy of the project, with this
test's interpreter standing in for the `.venv` that `make` would create (`-o` tells make
not to rebuild it). It must succeed and reproduce the committed data/ byte for byte:
the committed data is exactly what the pipeline makes from the seeds (plus the human
work it keeps).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _code_lines() -> list[str]:
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", README, flags=re.S)
    return [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]


def test_readme_names_the_two_commands() -> None:
    lines = _code_lines()
    assert "make run" in lines
    assert "make test" in lines


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, flags=re.M)


def test_makefile_test_target_runs_pytest_and_ruff() -> None:
    makefile = (REPO / "Makefile").read_text()
    recipe = makefile.split("\ntest:")[1].split("\n\n")[0]
    assert "pytest" in recipe and "ruff check" in recipe


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_reproduces_committed_data(tmp_path: Path) -> None:
    for name in ("Makefile", "seeds", "data", "baselines"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, tmp_path / name)
    before = {p.name: p.read_bytes() for p in (REPO / "data").glob("*.jsonl")}
    bin_dir = Path(sys.executable).parent
    proc = subprocess.run(
        ["make", "-o", ".venv/.installed", "run", f"BIN={bin_dir}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = {p.name: p.read_bytes() for p in (tmp_path / "data").glob("*.jsonl")}
    assert after == before


def test_every_package_ships_in_the_wheel() -> None:
    """pyproject lists packages explicitly (schemas/ is mapped into toolkit/schemas), so a
    new subpackage missing from the list would vanish from a non-editable install."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(REPO).parts)
        for root in ("toolkit",)
        for p in (REPO / root).rglob("__init__.py")
    }
    assert found <= listed
    assert "toolkit.schemas" in listed
