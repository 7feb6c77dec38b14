"""The README's two commands: named in the README, wired into CI, run by the Makefile.

That the main job itself runs and reproduces the committed data/ byte for byte is the
golden test's job (tests/test_golden.py), which runs `make run` twice at once.
"""

from __future__ import annotations

import re
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
