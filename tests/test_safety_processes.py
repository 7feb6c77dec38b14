"""Real processes against one store: writers at once, a held lock, and ``kill -9``.

Everything here runs ``python -m toolkit`` in subprocesses on a scratch copy of the
project, because a lock or a crash inside one process proves nothing about two.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from cli_support import claimkit as in_process  # where being a process is not the point

from toolkit.store import Store

CLAIM = "f681f918053b72ad"
TEXTS = [
    "A lighthouse keeper in Norway painted every ferry green last winter.",
    "Seven orchestras boycotted the Vienna marathon over ticket prices.",
    "The bakery union elected a parrot as honorary treasurer in 2019.",
    "Geologists found a buried violin factory beneath the Lisbon airport.",
]


def claimkit(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "toolkit", *args], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    _, err = proc.communicate(timeout=300)
    return proc.returncode, err


def claims(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "data/claims.jsonl").read_text().splitlines()]


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.name.endswith(".claimkit-tmp"))


def test_contributors_at_once_all_keep_their_claims(project: Path) -> None:
    before = len(claims(project))
    for i, text in enumerate(TEXTS):
        (project / f"c{i}.jsonl").write_text(json.dumps(
            {"claim": text, "label": "NOT_ENOUGH_INFO", "annotator": f"person-{i}"}) + "\n")
    procs = [claimkit(project, "contribute", f"c{i}.jsonl") for i in range(len(TEXTS))]
    results = [finish(p) for p in procs]
    assert all(code == 0 and "1 added" in err for code, err in results), results
    texts = {c["claim"] for c in claims(project)}
    assert set(TEXTS) <= texts and len(claims(project)) == before + len(TEXTS)
    assert "Traceback" not in "".join(err for _, err in results)


def test_annotate_racing_add_claim_keeps_both(project: Path) -> None:
    (project / "j.jsonl").write_text(json.dumps(
        {"claim_id": CLAIM, "annotator": "zoe", "label": "REFUTED",
         "created": "2026-12-01T00:00:00Z"}) + "\n")
    procs = [claimkit(project, "annotate", "j.jsonl"),
             claimkit(project, "add-claim", "--claim", TEXTS[0], "--label", "NOT_ENOUGH_INFO",
                      "--annotator", "ana")]  # fmt: skip
    results = [finish(p) for p in procs]
    assert [code for code, _ in results] == [0, 0], results
    by_id = {c["id"]: c for c in claims(project)}
    assert "zoe" in [a["annotator"] for a in by_id[CLAIM]["annotations"]]
    assert by_id[CLAIM]["status"] == "disputed"
    assert any(c["claim"] == TEXTS[0] for c in by_id.values())


def test_a_held_lock_makes_a_writer_wait_then_give_up_in_one_line(project: Path) -> None:
    (project / "c.jsonl").write_text(json.dumps(
        {"claim": TEXTS[1], "label": "NOT_ENOUGH_INFO", "annotator": "ana"}) + "\n")
    before = (project / "data/claims.jsonl").read_bytes()
    with Store(project / "data").lock():
        code, err = finish(claimkit(project, "contribute", "c.jsonl", "--lock-timeout", "0.5"))
    lines = err.strip().splitlines()
    assert code == 1 and "Traceback" not in err
    assert lines[0].startswith("waiting for ") and "another claimkit command" in lines[0]
    assert len(lines) == 2 and lines[1].startswith("Error: ") and "still holds the lock" in lines[1]
    assert (project / "data/claims.jsonl").read_bytes() == before
    ran = in_process("contribute", "c.jsonl", "--lock-timeout", "5")
    assert ran.returncode == 0, ran.stderr  # the lock is free again: it goes through


def _kill_when(root: Path, args: list[str], pattern: str) -> bool:
    """Start ``claimkit args``; ``kill -9`` it as soon as ``pattern`` exists under root."""
    proc = claimkit(root, *args)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if list(root.glob(pattern)):
            os.kill(proc.pid, signal.SIGKILL)
            proc.communicate()
            return True
        time.sleep(0.005)
    proc.communicate()
    return False


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def test_kill_9_during_build_keeps_the_previous_folder_and_the_next_build_cleans_up(
    project: Path,
) -> None:
    assert in_process("build", "--out", "dist/hf").returncode == 0
    previous = _files(project / "dist/hf")
    killed = any(_kill_when(project, ["build", "--out", "dist/hf"], "dist/.hf.build-*")
                 for _ in range(5))  # fmt: skip
    assert killed, "the build finished before it could be killed"
    assert _files(project / "dist/hf") == previous
    assert leftovers(project)  # what the killed build left
    ran = in_process("build", "--out", "dist/hf")
    assert ran.returncode == 0, ran.stderr
    assert leftovers(project) == []
    assert _files(project / "dist/hf") == previous  # same data: the same bytes


def test_kill_9_during_extract_keeps_the_claims_and_the_next_run_cleans_up(
    project: Path,
) -> None:
    before = (project / "data/claims.jsonl").read_bytes()
    killed = any(_kill_when(project, ["extract"], "data/.claims.jsonl.*.claimkit-tmp")
                 for _ in range(5))  # fmt: skip
    assert killed, "extract finished before it could be killed"
    assert (project / "data/claims.jsonl").read_bytes() == before
    assert leftovers(project)
    ran = in_process("extract")
    assert ran.returncode == 0, ran.stderr
    assert leftovers(project) == []
    assert (project / "data/claims.jsonl").read_bytes() == before  # reviewed claims kept
