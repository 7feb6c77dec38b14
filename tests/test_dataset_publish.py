"""claimkit publish: the dry run lists the upload; every failure is one line, exit 1 or 2.

There is no network here, so no upload is tested. "No network" is simulated by
pointing the Hub endpoint at a closed port on the loopback address, which refuses
the connection at once. These run as subprocesses because huggingface_hub reads its
endpoint and token settings from the environment at import time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from dataset_support import make_project
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.dataset.build import build


@pytest.fixture(scope="module")
def hf(tmp_path_factory, seed_articles, repo_root) -> Path:
    root = tmp_path_factory.mktemp("publish")
    data = make_project(root, repo_root, seed_articles, sentences=3)
    build(data, root / "hf")
    return root / "hf"


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    base.update(HF_HOME=str(tmp_path / "hf-home"), **env)  # no saved login there
    return subprocess.run([sys.executable, "-m", "toolkit", "publish", *args],
                          capture_output=True, text=True, env=base, timeout=120)


def test_dry_run_lists_files_sizes_and_repo(hf):
    r = CliRunner().invoke(app, ["publish", "--repo-id", "org/claims", "--folder", str(hf),
                                 "--dry-run", "--private"])
    assert r.exit_code == 0, r.output
    lines = r.output.rstrip("\n").splitlines()
    # the hidden build marker stays home: it is not uploaded
    files = sorted(p for p in hf.rglob("*") if p.is_file() and not p.name.startswith("."))
    for p in files:
        rel = p.relative_to(hf).as_posix()
        assert f"{p.stat().st_size:>12}  {rel}" in lines
    total = sum(p.stat().st_size for p in files)
    assert lines[-1] == (f"publish (dry run): would upload {len(files)} file(s), {total} bytes"
                         f" from {hf} to dataset org/claims (private)")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--repo-id", "claims"], 2, "Error: --repo-id must be ORG/NAME"),
        (["--repo-id", "org/bad name"], 2, "is not a valid repo id"),
        (["--repo-id", "org/claims", "--folder", "nowhere"], 1,
         "Error: nowhere: not a built dataset folder (no README.md); run `claimkit build`"),
    ],
)
def test_bad_input_is_one_line(hf, args, code, message, monkeypatch):
    monkeypatch.chdir(hf.parent)
    if "--folder" not in args:
        args = [*args, "--folder", str(hf)]
    r = CliRunner().invoke(app, ["publish", *args, "--dry-run"])
    assert r.exit_code == code
    assert len(r.output.strip().splitlines()) == 1
    assert message in r.output


def test_no_token_is_one_line_exit_1(hf, tmp_path):
    r = _run(["--repo-id", "org/claims", "--folder", str(hf)], tmp_path)
    assert r.returncode == 1
    assert r.stderr.strip() == "Error: no Hugging Face token: set HF_TOKEN or run `hf auth login`"
    assert r.stdout == ""


def test_no_network_is_one_line_exit_1(hf, tmp_path):
    r = _run(["--repo-id", "org/claims", "--folder", str(hf)], tmp_path,
             HF_TOKEN="hf_not_a_real_token", HF_ENDPOINT="http://127.0.0.1:9")
    assert r.returncode == 1
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith("Error: cannot reach the Hugging Face Hub:")


def test_offline_mode_is_one_line_exit_1(hf, tmp_path):
    r = _run(["--repo-id", "org/claims", "--folder", str(hf)], tmp_path,
             HF_TOKEN="hf_not_a_real_token", HF_HUB_OFFLINE="1")
    assert r.returncode == 1
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith("Error: cannot upload: HF_HUB_OFFLINE is set")
