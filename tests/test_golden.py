"""The golden determinism test: the README's main job, run twice at once, writes the same bytes.

One test stands for every "same inputs, same bytes" promise of the pipeline. It copies the
project twice and runs the README's main job (ingest -> extract -> filter -> audit -> validate
-> build -> baselines -> build) in both copies concurrently, each under its own PYTHONHASHSEED:
one copy runs `make run` itself, a process per command; the other runs the same commands,
read from the Makefile's `run` recipe, one after the other in a single Python process. So any
output that depends on set or dict order, on a race between two runs, or on state one command
leaves in the process for the next (a cache, a global random state, a plotting figure: what a
notebook calling the library would inherit) shows up as a difference. Then:

- `data/` of each copy equals the committed `data/` byte for byte: the committed data is
  exactly what the pipeline makes from the seeds (plus the human work it keeps);
- every file under `dist/` (dataset folder, card, audit, rejects, models, predictions, plots)
  and `baselines/RESULTS.md` are the same in both copies, and RESULTS.md is the committed
  one: the published table is regenerated output, never hand-edited.

It is marked `slow` (most of a minute of two cores): `pytest -m "not slow"` skips it while you
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
COMMAND = "$(BIN)/claimkit "

#: Runs each argument as a `claimkit` command line, in order, in this one process, and
#: stops at the first that fails, with its exit code (each command ends in SystemExit,
#: as the console script does).
ONE_PROCESS = """
import shlex, sys
from toolkit.cli import app
for line in sys.argv[1:]:
    try:
        app(shlex.split(line), prog_name="claimkit")
    except SystemExit as end:
        if end.code not in (0, None):
            sys.exit(f"{line}: exit {end.code}")
"""


def _run_recipe(makefile: Path) -> list[str]:
    """The argument lines of the claimkit commands that `make run` runs, in order."""
    lines = makefile.read_text(encoding="utf-8").splitlines()
    start = lines.index(next(line for line in lines if line.startswith("run:"))) + 1
    recipe = []
    for line in lines[start:]:
        if not line.startswith("\t"):
            break
        command = line.strip()
        assert command.startswith(COMMAND), f"`make run` runs more than claimkit: {command}"
        recipe.append(command.removeprefix(COMMAND))
    return recipe


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
    recipe = _run_recipe(REPO / "Makefile")
    assert recipe[0].startswith("ingest") and recipe[-1] == "build", recipe
    commands = {
        # `-o` tells make not to rebuild the venv: this test's interpreter stands in for it.
        "1": ["make", "-o", ".venv/.installed", "run", f"BIN={bin_dir}"],
        "4242": [sys.executable, "-c", ONE_PROCESS, *recipe],
    }
    runs = {}
    for seed, command in commands.items():
        cwd = _copy_project(tmp_path / f"run-{seed}")
        env = {**os.environ, "PYTHONHASHSEED": seed, "HF_HUB_OFFLINE": "1"}
        runs[seed] = (cwd, subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
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
