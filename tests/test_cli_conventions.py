"""CLI conventions: ``--version``, shell completion (as processes), and ``--strict``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cli_support import claimkit

import toolkit

DATA = Path(__file__).parent / "data" / "interop"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})})


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout == f"claimkit {toolkit.__version__}\n"


def test_shell_completion_is_enabled_and_completes() -> None:
    # `--show-completion` prints the script of the shell it finds among the parent
    # processes (a test runner started outside a shell has none); the variable asks for
    # bash's whatever the parents are.
    assert "--show-completion" in run("--help").stdout
    proc = run(env={"_CLAIMKIT_COMPLETE": "source_bash"})
    assert proc.returncode == 0 and "_claimkit_completion" in proc.stdout
    proc = run(env={"_CLAIMKIT_COMPLETE": "complete_bash", "COMP_WORDS": "claimkit imp",
                    "COMP_CWORD": "1"})
    assert proc.stdout.split() == ["import"]
    proc = run(env={"_CLAIMKIT_COMPLETE": "complete_bash",
                    "COMP_WORDS": "claimkit import --str", "COMP_CWORD": "2"})
    assert proc.stdout.split() == ["--strict"]


def test_strict_fails_an_import_where_everything_was_skipped(tmp_path: Path) -> None:
    tasks = json.loads((DATA / "label_studio" / "other_project.json").read_text())
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps(tasks))
    args = ["import", "-f", "label-studio", str(path), "--claims", str(tmp_path / "c.jsonl"),
            "--articles", str(tmp_path / "a.jsonl")]
    lenient = claimkit(*args)
    assert lenient.returncode == 0 and "0 judgment(s) recorded" in lenient.stderr
    strict = claimkit(*args, "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1].startswith("Error: 5 record(s) skipped")
    assert "Traceback" not in strict.stderr


def test_strict_export_fails_when_a_record_cannot_be_expressed(tmp_path: Path) -> None:
    store = tmp_path / "store"
    proc = claimkit("import", "-f", "averitec", str(DATA / "averitec" / "dev.json"),
                    "--data", str(store))
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "fever.jsonl"
    lenient = claimkit("export", "-f", "fever", str(out), "--data", str(store))
    assert lenient.returncode == 0 and "skipped claim" in lenient.stderr
    strict = claimkit("export", "-f", "fever", str(out), "--data", str(store), "--strict")
    assert strict.returncode == 1 and strict.stderr.splitlines()[-1].startswith("Error: ")
    assert out.is_file()  # what could be written is written
