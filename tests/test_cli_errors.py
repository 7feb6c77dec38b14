"""Bad input: one `Error:` line naming file and line, a non-zero exit, no traceback,
and no output file written (or the previous one left untouched)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import app

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args))


CASES = {
    "empty file": ("empty.txt", b"", "empty.txt: empty file"),
    "invalid utf-8": (
        "bad.txt",
        b"Title\n\nBad \xff byte.\n",
        "bad.txt:3: invalid UTF-8 at byte 11",
    ),
    "binary": ("bin.txt", b"PK\x03\x04\x00\x00binary", "bin.txt: binary file"),
    "not json": (
        "a.jsonl",
        b'{"title": "T", "text": "Body."}\n{"title": "T" "text"}\n',
        "a.jsonl:2: not valid JSON",
    ),
    "missing field": (
        "a.jsonl",
        b'{"title": "T"}\n',
        "a.jsonl:1: text: missing required field",
    ),
    "wrong type": (
        "a.jsonl",
        b'{"title": ["x"], "text": "Body."}\n',
        "a.jsonl:1: title: expected a string, got list",
    ),
    "unknown field": (
        "a.jsonl",
        b'{"title": "T", "text": "Body.", "titel": "x"}\n',
        "a.jsonl:1: titel: unknown field",
    ),
    "not an object": ("a.jsonl", b"[1, 2]\n", "a.jsonl:1: expected a JSON object, got list"),
    "empty jsonl": ("a.jsonl", b"\n\n", "a.jsonl: empty file"),
    "jsonl invalid utf-8": (
        "a.jsonl",
        b'{"title": "\xff", "text": "x"}\n',
        "a.jsonl:1: invalid UTF-8",
    ),
    "no body": ("t.txt", b"Only a title\n", "t.txt: article has no body text"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gives_one_line_error_and_no_output(tmp_path: Path, case: str) -> None:
    name, data, expected = CASES[case]
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out" / "articles.jsonl"
    result = _run("ingest", str(src), "--out", str(out))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and expected in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists()


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = _run("ingest", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_folder_without_articles(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("not an article")
    result = _run("ingest", str(tmp_path), "--out", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 1
    assert "no article files" in result.stderr and not (tmp_path / "o.jsonl").exists()


def test_oversized_input_respects_the_configurable_limit(tmp_path: Path) -> None:
    src = tmp_path / "big.txt"
    src.write_text("Title\n\n" + "A sentence. " * 200)
    out = tmp_path / "o.jsonl"
    result = _run("ingest", str(src), "--out", str(out), "--max-bytes", "1000")
    assert result.exit_code == 1 and "over the limit of 1000" in result.stderr
    assert not out.exists()
    assert _run("ingest", str(src), "--out", str(out), "--max-bytes", "100000").exit_code == 0


def test_failed_ingest_keeps_the_previous_output(tmp_path: Path, repo_root: Path) -> None:
    out = tmp_path / "articles.jsonl"
    assert _run("ingest", str(repo_root / "seeds"), "--out", str(out)).exit_code == 0
    before = out.read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    assert _run("ingest", str(bad), "--out", str(out)).exit_code == 1
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_changed_seed_is_an_error_naming_the_file(project: Path) -> None:
    seed = next(Path("seeds").glob("*.txt"))
    seed.write_bytes(seed.read_bytes().replace(b"two years", b"three years"))
    result = _run("ingest", "--out", "x.jsonl")
    assert result.exit_code == 1
    assert f"Error: seeds/{seed.name}: bytes changed" in result.stderr
    assert not Path("x.jsonl").exists()


def test_unlisted_and_missing_seeds_are_errors(project: Path) -> None:
    extra = Path("seeds/extra.txt")
    extra.write_text("Extra Title\n\nSome body text.\n")
    result = _run("ingest", "--out", "x.jsonl")
    assert result.exit_code == 1 and "extra.txt: not listed in" in result.stderr
    extra.unlink()
    seed = next(Path("seeds").glob("*.txt"))
    seed.unlink()
    result = _run("ingest", "--out", "x.jsonl")
    assert (
        result.exit_code == 1
        and f"{seed.name}: listed in manifest.json but missing" in result.stderr
    )


def test_ingest_twice_is_byte_identical_and_matches_committed_data(
    tmp_path: Path, repo_root: Path
) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for out in (a, b):
        result = _run("ingest", str(repo_root / "seeds"), "--out", str(out), "--quiet")
        assert result.exit_code == 0, result.output
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() == (repo_root / "data" / "articles.jsonl").read_bytes()
    assert "1 article(s), 17 sentence(s) written" in result.stderr


def test_duplicate_is_reported_by_the_cli(tmp_path: Path, repo_root: Path) -> None:
    seed = next((repo_root / "seeds").glob("*.txt"))
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_bytes(seed.read_bytes())
    rejects = tmp_path / "rejects" / "ingest.jsonl"
    result = _run("ingest", str(tmp_path), "--out", str(tmp_path / "o.jsonl"),
                  "--rejects", str(rejects))  # fmt: skip
    assert result.exit_code == 0
    assert "duplicate: two.txt has the same text as one.txt" in result.stderr
    [line] = (tmp_path / "o.jsonl").read_bytes().splitlines()
    # the copy left out is kept as a reject, naming the one stored
    [reject] = [json.loads(x) for x in rejects.read_bytes().splitlines()]
    assert reject == {"stage": "duplicate", "id": "two.txt",
                      "reason": "the same text as one.txt; stored once",
                      "article_id": json.loads(line)["id"]}  # fmt: skip


def test_every_command_has_help() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert command.help, f"{name} has no help text"
        assert _run(name, "--help").exit_code == 0
