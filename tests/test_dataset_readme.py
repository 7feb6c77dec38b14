"""The README's dataset section is tested: its loading example runs on a real build."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from dataset_support import make_project
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.dataset.build import build
from toolkit.dataset.splits import SplitConfig


def _section(readme: str) -> str:
    return readme.split("## The Hugging Face dataset\n", 1)[1].split("\n## ", 1)[0]


def test_readme_loading_example_runs(tmp_path, seed_articles, repo_root):
    section = _section((repo_root / "README.md").read_text(encoding="utf-8"))
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    data = make_project(tmp_path, repo_root, seed_articles, sentences=4)
    build(data, tmp_path / "dist" / "hf", split_config=SplitConfig((0.6, 0.2, 0.2)))
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf-home")}
    r = subprocess.run([sys.executable, "-c", code + "\nprint(sorted(frames))"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "['SUPPORTED', 'REFUTED', 'NOT_ENOUGH_INFO']" in r.stdout
    assert "['train'" in r.stdout


def test_readme_names_the_dataset_commands_and_they_have_help(repo_root):
    section = _section((repo_root / "README.md").read_text(encoding="utf-8"))
    for command in ("build", "publish"):
        assert f"claimkit {command}" in section
        r = CliRunner().invoke(app, [command, "--help"])
        assert r.exit_code == 0
        assert len(r.output.split("Options")[0].strip().splitlines()) > 2  # usage + help text
    makefile = (repo_root / "Makefile").read_text()
    run = makefile.split("\nrun:")[1].split("\n\n")[0]
    assert run.index("claimkit validate") < run.index("claimkit build")
