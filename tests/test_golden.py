"""The golden determinism test: the README's main job, run twice at once, writes the same bytes.

One test stands for every "same inputs, same bytes" promise of the pipeline. It copies the
project twice and runs `make run` (ingest -> extract -> filter -> audit -> validate -> build ->
baselines -> build) in both copies concurrently, each process under its own PYTHONHASHSEED,
so any output that depends on set or dict order, on the process, or on a race between two
runs shows up as a difference. Then:

- `data/` of each copy equals the committed `data/` byte for byte: the committed data is
  exactly what the pipeline makes from the seeds (plus the human work it keeps);
- every file under `dist/` (dataset folder, card, audit, rejects, models, predictions, plots)
  and `baselines/RESULTS.md` are the same in both copies, and RESULTS.md is the committed
  one: the published table is regenerated output, never hand-edited.

It is marked `slow` (about a minute of two cores): `pytest -m "not slow"` skips it while you
iterate; `make test` and CI run it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COPIED = ("Makefile", "seeds", "data", "baselines")


def _copy_project(dest: Path) -> Path:
    dest.mkdir()
    for name in COPIED:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_twice_at_once_writes_the_committed_data_and_the_same_bytes(
    tmp_path: Path,
) -> None:
    bin_dir = Path(sys.executable).parent
    runs = {}
    for seed in ("1", "4242"):
        cwd = _copy_project(tmp_path / f"run-{seed}")
        env = {**os.environ, "PYTHONHASHSEED": seed, "HF_HUB_OFFLINE": "1"}
        # `-o` tells make not to rebuild the venv: this test's interpreter stands in for it.
        runs[seed] = (cwd, subprocess.Popen(
            ["make", "-o", ".venv/.installed", "run", f"BIN={bin_dir}"],
            cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        ))  # fmt: skip
    for _cwd, proc in runs.values():
        out, _ = proc.communicate(timeout=1800)
        assert proc.returncode == 0, out[-4000:]

    committed = _tree(REPO / "data")
    (a, _), (b, _) = runs.values()
    for cwd in (a, b):
        assert _differences(_tree(cwd / "data"), committed) == []
    dist_a, dist_b = _tree(a / "dist"), _tree(b / "dist")
    assert any(name.endswith(".parquet") for name in dist_a)  # the dataset was built
    assert any(name.startswith("rejects") for name in dist_a)
    assert _differences(dist_a, dist_b) == []
    results = "baselines/RESULTS.md"
    assert (a / results).read_bytes() == (b / results).read_bytes()
    assert (a / results).read_bytes() == (REPO / results).read_bytes(), (
        "baselines/RESULTS.md is stale: it must be regenerated output, never hand-edited;"
        " run `make run` and commit it")
