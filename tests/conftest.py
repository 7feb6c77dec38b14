"""Shared fixtures: the repository, the ingested seed article, a scratch project copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from toolkit.ingest import ingest
from toolkit.records import Article

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    """The shipped seeds, ingested the way `claimkit ingest` does."""
    return ingest([REPO / "seeds"]).articles


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path_factory: pytest.TempPathFactory,
                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Every test runs in an empty folder of its own: a command's default outputs
    (dist/...) never land in the checkout, and no test sees another's leftovers."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of the project's data folders; the test runs inside it."""
    for name in ("seeds", "data"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# The tests that run whole pipelines or several processes, longest first. Under
# `pytest -n auto` each worker takes tests in collection order, so starting these first
# lets the many short tests fill the other cores around them instead of after them.
_LONG_FIRST = ("test_golden.py", "test_safety_processes.py", "test_engine.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return _LONG_FIRST.index(name) if name in _LONG_FIRST else len(_LONG_FIRST)

    items.sort(key=rank)  # stable: the order inside each file is kept
