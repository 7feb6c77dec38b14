"""The safety battery: nothing a person did is ever lost (issue 11).

Each row of :data:`CASES` is one thing a careful user or a reliability engineer tried.
Every row asserts the exit code, one ``Error:`` line on stderr (or the command's one
summary line when it is accepted), no traceback, no temporary file left behind, and
``data/`` and ``seeds/`` byte for byte as they were whenever the input was refused.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.records import sha256_hex

runner = CliRunner()

CLAIM = "f681f918053b72ad"  # a gold claim of the shipped data
CLAIM2 = "26973888869e2d13"
QUOTE = "The Russo-Ukraine war has been ongoing for more than two years now."
SEED_REVIEW = "data/annotations/seed-review-1.jsonl"
NEW_ARTICLE = "Town Opens New Library\n\nThe town opened its new library on Monday after two years.\n"


def run(*args: str):
    return runner.invoke(app, list(args))


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the store and the seeds, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("data", "seeds")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def leftovers(root: Path) -> list[str]:
    """Temporary files or folders any command left anywhere in the project."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.name.endswith(".claimkit-tmp") or (p.name.startswith(".") and p.suffix == ".tmp")
    )


def write(path: str, data: bytes | str) -> None:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def jline(obj: dict) -> str:
    return json.dumps(obj) + "\n"


def judgment(label: str = "SUPPORTED", annotator: str = "ana", cid: str = CLAIM) -> dict:
    return {"claim_id": cid, "annotator": annotator, "label": label,
            "created": "2026-12-01T00:00:00Z"}


def edit_claims_line(n: int, change: Callable[[dict], None]) -> Callable[[], None]:
    def setup() -> None:
        lines = Path("data/claims.jsonl").read_bytes().splitlines(keepends=True)
        record = json.loads(lines[n])
        change(record)
        lines[n] = (json.dumps(record) + "\n").encode()
        Path("data/claims.jsonl").write_bytes(b"".join(lines))

    return setup


def float_offset(record: dict) -> None:
    item = record["evidence"][0][0]  # first item of the first evidence group
    item["start"] = float(item["start"])


def wrong_end(record: dict) -> None:
    record["evidence"][0][0]["end"] += 1


def duplicate_first_claim() -> None:
    lines = Path("data/claims.jsonl").read_bytes().splitlines(keepends=True)
    Path("data/claims.jsonl").write_bytes(b"".join([*lines, lines[0]]))


def symlinked_seed() -> None:
    write("private.txt", NEW_ARTICLE)
    os.symlink(Path("private.txt").resolve(), "seeds/001_private.txt")
    _pin("001_private.txt", "text", Path("private.txt").read_bytes())


def changed_jsonl_seed() -> None:
    line = jline({"title": "A title", "text": "A body sentence that is long enough."})
    write("seeds/001_more.jsonl", line)
    _pin("001_more.jsonl", "jsonl", b"other bytes")


def _pin(name: str, fmt: str, data: bytes) -> None:
    manifest = json.loads(Path("seeds/manifest.json").read_text())
    manifest["files"].append({"file": name, "format": fmt, "bytes": len(data),
                              "sha256": sha256_hex(data), "publisher": None, "url": None,
                              "published": None})  # fmt: skip
    Path("seeds/manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    code: int
    expect: str  # a substring of the one stderr line
    setup: Callable[[], None] | None = None
    refused: bool = True  # data/ and seeds/ must stay byte for byte


def case(*args: str, code: int = 1, expect: str = "", setup=None, refused: bool = True) -> Case:
    return Case(args, code, expect, setup, refused)


CASES: dict[str, Case] = {
    # 1. outputs that could destroy something
    "build --out data": case("build", "--out", "data", code=2, expect="is the data store"),
    "build --out data/annotations": case("build", "--out", "data/annotations", code=2,
                                         expect="is the data store"),
    "build --out .": case("build", "--out", ".", code=2, expect="contains the input"),
    "build --data other/data --out .": case(
        "build", "--data", "other/data", "--out", ".", code=2, expect="contains the input",
        setup=lambda: write("other/data/claims.jsonl", Path("data/claims.jsonl").read_bytes())),
    "build --out (checkout root elsewhere)": case(
        "build", "--out", "co", code=2, expect="is a project checkout",
        setup=lambda: write("co/.git/HEAD", "ref: refs/heads/main\n")),
    "build --out seeds": case("build", "--out", "seeds", code=2, expect="did not make"),
    "build --out a non-empty folder": case(
        "build", "--out", "dist/mine", code=2, expect="did not make",
        setup=lambda: write("dist/mine/notes.txt", "mine\n")),
    "build --out a file": case("build", "--out", "notes.txt", code=1,
                               expect="exists and is not a folder",
                               setup=lambda: write("notes.txt", "mine\n")),
    "export over the claims file": case("export", "--format", "fever", "data/claims.jsonl",
                                        code=2, expect="write the output somewhere else"),
    "export --pages over the articles": case(
        "export", "--format", "fever", "dist/o.jsonl", "--pages", "data/articles.jsonl",
        code=2, expect="write the output somewhere else"),
    "export next to a store, named like a store file": case(
        "export", "--format", "fever", "other/claims.jsonl", "--claims", "data/claims.jsonl",
        code=2, expect="is a data store file",
        setup=lambda: write("other/articles.jsonl", Path("data/articles.jsonl").read_bytes())),
    "export --pages equal to OUT": case(
        "export", "--format", "fever", "dist/o.jsonl", "--pages", "dist/o.jsonl", code=2,
        expect="--pages is the output file itself"),
    "export claimreview over its mapping": case(
        "export", "--format", "claimreview", "map.json", "--mapping", "map.json", code=2,
        expect="is an input", setup=lambda: write("map.json", "{}\n")),
    "ingest --out data/claims.jsonl": case("ingest", "--out", "data/claims.jsonl",
                                           expect="data/claims.jsonl:1"),
    "ingest --out one of its inputs": case(
        "ingest", "seeds", "--out", "seeds/000_9da68b2a8d665f18.txt", code=2,
        expect="is an input"),
    "export-predictions -o FILE": case(
        "export-predictions", "-p", "p.jsonl", "--dataset", "ds", "-o", "p.jsonl", code=2,
        expect="takes a folder",
        setup=lambda: (write("p.jsonl", "{}\n"), write("ds/README.md", "x\n"))),
    "export-predictions over its predictions": case(
        "export-predictions", "-p", "out/predictions.jsonl", "--dataset", "ds", "-o", "out",
        code=2, expect="is an input",
        setup=lambda: (write("out/predictions.jsonl", "{}\n"), write("ds/README.md", "x\n"))),
    # 5. tracebacks that must be one line
    "validate --kind bogus": case("validate", "--kind", "bogus", code=2,
                                  expect="not a record kind"),
    "stats on an empty file": case("stats", "empty.jsonl", expect="no claims to audit",
                                   setup=lambda: write("empty.jsonl", "")),
    "add-claim --file DIR": case("add-claim", "--file", "folder", code=2,
                                 expect="is a directory",
                                 setup=lambda: Path("folder").mkdir()),
    "build with a float offset": case("build", "--out", "dist/hf", expect="530.0",
                                      setup=edit_claims_line(0, float_offset)),
    "extract with a float offset": case("extract", expect="is not of type 'integer'",
                                        setup=edit_claims_line(0, float_offset)),
    "corrupt parquet": case(
        "evaluate", "-p", "p.jsonl", "--dataset", "ds", expect="rebuild the folder",
        setup=lambda: (write("p.jsonl", "{}\n"), _bad_dataset("parquet"))),
    "broken README YAML": case(
        "evaluate", "-p", "p.jsonl", "--dataset", "ds", expect="rebuild the folder",
        setup=lambda: (write("p.jsonl", "{}\n"), _bad_dataset("yaml"))),
    "dataset with a missing data file": case(
        "evaluate", "-p", "p.jsonl", "--dataset", "ds", expect="ds",
        setup=lambda: (write("p.jsonl", "{}\n"), _bad_dataset("missing"))),
    # 4. judgments
    "annotate: one annotator twice, differently": case(
        "annotate", "j.jsonl", expect="twice, differently (SUPPORTED at j.jsonl:1",
        setup=lambda: write("j.jsonl", jline(judgment()) + jline(judgment("REFUTED")))),
    "annotate: a repeated judgment is a no-op": case(
        "annotate", SEED_REVIEW, code=0, expect="applied 0 judgment(s)", refused=False),
    "contribute: one annotator twice, differently": case(
        "contribute", "c.jsonl", expect="twice, differently",
        setup=lambda: write("c.jsonl", jline({"id": CLAIM, "annotator": "x", "label": "REFUTED"})
                            + jline({"id": CLAIM, "annotator": "x", "label": "SUPPORTED"}))),
    # 7. seeds pinned for real
    "symlink in seeds": case("ingest", expect="is a symlink", setup=symlinked_seed),
    "jsonl seed with other bytes": case("ingest", expect="bytes changed",
                                        setup=changed_jsonl_seed),
    # 8. unclear or accepted input
    "UTF-16 annotations": case("annotate", "u.jsonl", expect="UTF-16",
                               setup=lambda: write("u.jsonl", jline(judgment()).encode("utf-16"))),
    "UTF-16 contribution": case("contribute", "u.jsonl", expect="UTF-16",
                                setup=lambda: write("u.jsonl", jline(judgment()).encode("utf-16"))),
    "UTF-16 article": case("add-article", "u.txt", expect="UTF-16",
                           setup=lambda: write("u.txt", NEW_ARTICLE.encode("utf-16"))),
    "duplicate JSON keys": case(
        "contribute", "c.jsonl", expect="key 'label' appears twice",
        setup=lambda: write("c.jsonl", f'{{"id": "{CLAIM}", "annotator": "a", "label":'
                            ' "SUPPORTED", "label": "REFUTED"}\n')),
    "--published 'last tuesday'": case("add-article", "n.txt", "--published", "last tuesday",
                                       code=2, expect="is not a date",
                                       setup=lambda: write("n.txt", NEW_ARTICLE)),
    ".jsonl article with --publisher": case(
        "add-article", "n.jsonl", "--publisher", "Post", code=2, expect="does not apply",
        setup=lambda: write("n.jsonl", jline({"title": "T", "text": "Body text here."}))),
    "a folder where a file is expected": case("extract", "--articles", "folder",
                                              expect="is a folder",
                                              setup=lambda: Path("folder").mkdir()),
    "contribute --max-bytes": case("contribute", "c.jsonl", "--max-bytes", "10",
                                   expect="raise it with --max-bytes",
                                   setup=lambda: write("c.jsonl", jline(judgment()))),
    "extract --quiet": case("extract", "--quiet", code=0, expect="extract:", refused=False),
    "publish --dry-run with no claims": case(
        "publish", "--repo-id", "org/name", "--folder", "ds", "--dry-run",
        expect="nothing to publish", setup=lambda: write("ds/README.md", "---\n---\n")),
    # 5. the usual bad inputs
    "missing path": case("contribute", "nope.jsonl", code=2, expect="does not exist"),
    "empty input": case("contribute", "e.jsonl", expect="empty file",
                        setup=lambda: write("e.jsonl", "\n")),
    "invalid UTF-8": case("annotate", "b.jsonl", expect="invalid UTF-8",
                          setup=lambda: write("b.jsonl", b'{"claim_id": "\xff"}\n')),
    "UTF-8 BOM is accepted": case(
        "annotate", "bom.jsonl", code=0, expect="applied 0", refused=False,
        setup=lambda: write("bom.jsonl", b"\xef\xbb\xbf" + Path(SEED_REVIEW).read_bytes())),
    "CRLF is accepted": case(
        "annotate", "crlf.jsonl", code=0, expect="applied 0", refused=False,
        setup=lambda: write("crlf.jsonl", Path(SEED_REVIEW).read_bytes().replace(b"\n", b"\r\n"))),
    "oversize input": case("add-article", "big.txt", expect="over the limit",
                           setup=lambda: write("big.txt", "T\n\n" + "word " * 2_000_000)),
    "NaN": case("annotate", "n.jsonl", expect="not valid JSON",
                setup=lambda: write("n.jsonl", '{"claim_id": NaN}\n')),
    "deep nesting": case("contribute", "d.jsonl", expect="not valid JSON",
                         setup=lambda: write("d.jsonl", "[" * 5000 + "]" * 5000 + "\n")),
    "wrong types": case("annotate", "w.jsonl", expect="annotator: required",
                        setup=lambda: write("w.jsonl", jline(judgment() | {"annotator": 5}))),
    "unknown enum value": case("annotate", "e.jsonl", expect="'TRUE' is not one of",
                               setup=lambda: write("e.jsonl", jline(judgment("TRUE")))),
    "duplicate ids in the store": case("contribute", "c.jsonl", expect="duplicate id",
                                       setup=lambda: (duplicate_first_claim(),
                                                      write("c.jsonl", jline(judgment())))),
    "offsets that miss their quote": case("build", "--out", "dist/hf",
                                          expect="is not inside sentence",
                                          setup=edit_claims_line(0, wrong_end)),
    "unknown claim id": case("annotate", "j.jsonl", expect="no claim 'ffffffffffffffff'",
                             setup=lambda: write("j.jsonl", jline(judgment(cid="f" * 16)))),
}


def _bad_dataset(kind: str) -> None:
    write("ds/claims/test-00000-of-00001.parquet", b"PAR1 not really parquet PAR1")
    card = ("---\nconfigs:\n- config_name: claims\n  data_files:\n  - split: test\n"
            "    path: claims/test-*.parquet\n---\n# x\n")  # fmt: skip
    if kind == "yaml":
        card = "---\nconfigs: [unclosed\n  - : :\n---\n"
    if kind == "missing":
        Path("ds/claims/test-00000-of-00001.parquet").unlink()
    write("ds/README.md", card)


@pytest.mark.parametrize("name", sorted(CASES))
def test_battery(project: Path, name: str) -> None:
    c = CASES[name]
    if c.setup is not None:
        c.setup()
    before = snapshot(project)
    result = run(*c.args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == c.code, result.output
    lines = [ln for ln in result.stderr.strip().splitlines() if ln.strip()]
    if c.code == 0:
        assert len(lines) == 1 and c.expect in lines[0], result.stderr
    elif c.code == 2 and lines and lines[0].startswith("Usage:"):  # typer's own check
        assert lines[-1].startswith("Error: ") and c.expect in result.stderr, result.stderr
    else:
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("Error: ") and c.expect in lines[0], lines[0]
    if c.refused:
        assert snapshot(project) == before
    assert leftovers(project) == []


def test_validate_names_a_float_offset_in_one_line(project: Path) -> None:
    edit_claims_line(0, float_offset)()
    result = run("validate", "--no-near-duplicates")
    assert result.exit_code == 1
    assert "data/claims.jsonl:1: evidence.0.0.start: 530.0 is not of type 'integer'" in result.stdout
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


# ---------------------------------------------------------------- the environment says no


def _enospc_on_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """Disk full: every write to a temporary file raises ENOSPC, as a full disk does."""
    import toolkit.jsonl

    real = os.fdopen

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.f, name)

    monkeypatch.setattr(toolkit.jsonl.os, "fdopen", lambda fd, mode: Full(real(fd, mode)))


def _refuse_open(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """A read-only or forbidden folder: creating the temporary file fails with ``code``.

    The tests run as root, whom chmod does not stop, and the sandbox cannot mount a
    read-only file system, so the refusal is patched in where the kernel would raise it.
    """
    import toolkit.jsonl

    real = os.open

    def fake(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise OSError(code, os.strerror(code), str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(toolkit.jsonl.os, "open", fake)


ENV_CASES = {
    "disk full (ENOSPC) during contribute": (_enospc_on_write, "No space left on device"),
    "read-only data/ (EROFS)": (lambda m: _refuse_open(m, errno.EROFS), "Read-only file system"),
    "permission denied (EACCES)": (lambda m: _refuse_open(m, errno.EACCES), "Permission denied"),
}


@pytest.mark.parametrize("name", sorted(ENV_CASES))
def test_os_errors_are_one_line_and_change_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    patch, expect = ENV_CASES[name]
    write("c.jsonl", jline({"id": CLAIM, "annotator": "zoe", "label": "REFUTED"}))
    before = snapshot(project)
    patch(monkeypatch)
    result = run("contribute", "c.jsonl")
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and expect in lines[0], lines
    assert snapshot(project) == before
    assert leftovers(project) == []


def test_disk_full_during_build_keeps_the_previous_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import toolkit.dataset.croissant

    assert run("build", "--out", "dist/hf").exit_code == 0
    previous = {p.name: p.read_bytes() for p in Path("dist/hf").rglob("*") if p.is_file()}

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", "dist/.hf.build")

    monkeypatch.setattr(toolkit.dataset.croissant, "croissant_json", full)
    result = run("build", "--out", "dist/hf")
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in Path("dist/hf").rglob("*") if p.is_file()} == previous
    assert leftovers(project) == []


def test_a_rebuild_replaces_its_own_folder(project: Path) -> None:
    assert run("build", "--out", "dist/hf").exit_code == 0
    assert Path("dist/hf/.claimkit-build").is_file()
    assert run("build", "--out", "dist/hf").exit_code == 0
    write("dist/empty/.keep", "")
    Path("dist/empty/.keep").unlink()
    assert run("build", "--out", "dist/empty").exit_code == 0  # an empty folder is fine


# ---------------------------------------------------------------- merges keep everything


def test_ingest_merges_imported_articles_instead_of_dropping_them(project: Path) -> None:
    extra = json.loads(Path("data/articles.jsonl").read_text().splitlines()[0])
    extra["id"] = "0" * 16  # an article that no seed holds (an imported page)
    with Path("data/articles.jsonl").open("a") as f:
        f.write(json.dumps(extra) + "\n")
    before = [json.loads(line) for line in Path("data/articles.jsonl").read_text().splitlines()]
    result = run("ingest")
    assert result.exit_code == 0, result.output
    assert "1 kept from the existing file" in result.stderr
    after = [json.loads(line) for line in Path("data/articles.jsonl").read_text().splitlines()]
    assert [a["id"] for a in after] == sorted(a["id"] for a in before)  # same records, sorted
    assert sorted(after, key=lambda a: a["id"]) == sorted(before, key=lambda a: a["id"])
    once = Path("data/articles.jsonl").read_bytes()
    assert run("ingest").exit_code == 0
    assert Path("data/articles.jsonl").read_bytes() == once  # again: nothing changes


def test_rewritten_files_keep_their_mode(project: Path) -> None:
    os.chmod("data/claims.jsonl", 0o664)
    write("c.jsonl", jline({"id": CLAIM, "annotator": "zoe", "label": "SUPPORTED"}))
    assert run("contribute", "c.jsonl").exit_code == 0
    assert Path("data/claims.jsonl").stat().st_mode & 0o777 == 0o664
    old = os.umask(0o022)
    try:
        assert run("export", "--format", "fever", "dist/o.jsonl").exit_code == 0
    finally:
        os.umask(old)
    assert Path("dist/o.jsonl").stat().st_mode & 0o777 == 0o644  # a new file: umask default


def test_stale_temporary_files_of_dead_writers_are_removed(project: Path) -> None:
    dead = 2**22 + 12345  # above any pid the kernel hands out here
    stale = [Path(f"data/.claims.jsonl.{dead}-0123abcd.claimkit-tmp"),
             Path("data/.claims.jsonl.abc123.tmp")]  # fmt: skip
    for p in stale:
        write(str(p), "half a file")
    Path(f"dist/.hf.build-{dead}-0123abcd.claimkit-tmp").mkdir(parents=True)
    write("c.jsonl", jline({"id": CLAIM, "annotator": "zoe", "label": "SUPPORTED"}))
    assert run("contribute", "c.jsonl").exit_code == 0
    assert leftovers(project) == []


def test_gitignore_covers_temporary_files(repo_root: Path) -> None:
    assert "*.claimkit-tmp" in (repo_root / ".gitignore").read_text().splitlines()


@pytest.mark.parametrize(
    ("kind", "record", "found"),
    [
        ("claim", {"evidence": [[{"start": 530.0, "end": 600}]]}, True),
        ("claim", {"source": {"start": 0, "end": 55.0}}, True),
        ("claim", {"source": None, "evidence": [[{"start": 530, "end": 600}]]}, False),
        ("claim", {"checkworthiness": {"score": 1.0}}, False),  # a number field: fine
        ("article", {"sentences": [{"index": 0, "start": 0, "end": 9.0}]}, True),
        ("article", {"source": {"line": 3.0}}, True),
        ("prediction", {"evidence": [["4339e0bea9ee11a8", 4.0]]}, True),
        ("prediction", {"evidence": [["4339e0bea9ee11a8", 4]]}, False),
    ],
)
def test_floats_are_found_exactly_where_the_schema_says_integer(kind, record, found) -> None:
    from toolkit.schema import has_float_integer

    assert has_float_integer(kind, record) is found


def test_make_run_after_a_fever_import_keeps_the_pages(project: Path) -> None:
    fever = Path(__file__).parent / "data" / "interop" / "fever"
    result = run("import", "--format", "fever", str(fever / "claims.jsonl"),
                 "--pages", str(fever / "pages.jsonl"), "--created", "2026-12-01")
    assert result.exit_code == 0, result.output
    imported = {json.loads(x)["id"] for x in Path("data/articles.jsonl").read_text().splitlines()}
    assert len(imported) > 1
    for args in (["ingest"], ["add-article", "n.txt"]):
        write("n.txt", NEW_ARTICLE)
        assert run(*args).exit_code == 0
        ids = {json.loads(x)["id"] for x in Path("data/articles.jsonl").read_text().splitlines()}
        assert imported <= ids
    assert run("validate", "--no-near-duplicates").exit_code == 0


# ---------------------------------------------------------------- real file systems that say no


@pytest.fixture
def data_on_tmpfs(project: Path):
    """Put ``data/`` on its own small tmpfs; yields a function to remount it.

    Needs the right to mount (root in a container that allows it); skipped otherwise.
    """
    import shutil
    import subprocess

    saved = project / "data.saved"
    shutil.copytree(project / "data", saved)
    shutil.rmtree(project / "data")
    (project / "data").mkdir()
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", "data"],
                           capture_output=True, text=True)  # fmt: skip
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mount.stderr.strip()}")
    for p in saved.iterdir():
        (shutil.copytree if p.is_dir() else shutil.copy2)(p, project / "data" / p.name)

    def remount(options: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{options}", "data"], check=True)

    try:
        yield remount
    finally:
        subprocess.run(["umount", str(project / "data")], check=False)


def _contribute_fails_in_one_line_and_changes_nothing(project: Path) -> str:
    """Run ``contribute c.jsonl``; it must exit 1 with one error line, leave the project
    as it was and no temporary file behind. Returns the line."""
    before = snapshot(project)
    result = run("contribute", "c.jsonl")
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert snapshot(project) == before and leftovers(project) == []
    return line


def test_a_real_read_only_data_folder_is_one_line_and_changes_nothing(
    project: Path, data_on_tmpfs
) -> None:
    data_on_tmpfs("ro")
    write("c.jsonl", jline({"id": CLAIM, "annotator": "zoe", "label": "REFUTED"}))
    line = _contribute_fails_in_one_line_and_changes_nothing(project)
    assert line.startswith("Error: data") and "Read-only file system" in line, line


def test_a_really_full_disk_is_one_line_and_changes_nothing(project: Path, data_on_tmpfs) -> None:
    free = os.statvfs("data")
    filler = free.f_bavail * free.f_frsize - 16 * 1024  # leave 16 KB: less than claims.jsonl
    write("data/filler.bin", b"\0" * max(filler, 0))
    write("c.jsonl", jline({"id": CLAIM, "annotator": "zoe", "label": "REFUTED"}))
    line = _contribute_fails_in_one_line_and_changes_nothing(project)
    assert line.startswith("Error: ") and "No space left on device" in line, line
