"""The Dask engine: same bytes as one process, and a killed worker loses nothing.

Everything runs on a real ``LocalCluster`` of two worker *processes*; inputs are kept
small (a few dozen articles in partitions of a few) so the cluster, not the work, is
what is tested.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import threading
from pathlib import Path

import pytest
from distributed.diagnostics.plugin import WorkerPlugin
from typer.testing import CliRunner

from toolkit.claims.extract import run_extract
from toolkit.cli import app
from toolkit.engine import DaskEngine, LocalEngine, make_engine, partitions
from toolkit.errors import DataError, UsageError
from toolkit.ingest import ingest_to_file

REPO = Path(__file__).resolve().parent.parent
PART = 3  # articles per partition: many partitions from a small input
#: The allocator variable as this process got it (unset, unless the caller's shell set it).
_TRIM_BEFORE = os.environ.get("MALLOC_TRIM_THRESHOLD_")


def _articles(n: int) -> list[dict[str, str]]:
    """``n`` seeded variants of the seed article (numbers changed, paragraphs rotated)."""
    seed = next((REPO / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    title, _, body = seed.partition("\n")
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    rng = random.Random(7)
    out = []
    for i in range(n):
        k = i % len(paragraphs)
        text = "\n\n".join(paragraphs[k:] + paragraphs[:k])
        text = re.sub(r"\d+", lambda m: str(rng.randrange(1, 10 ** len(m.group(0)))), text)
        out.append({"title": f"{title} ({i})", "text": text})
    return out


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 articles plus an exact duplicate (in a later partition) and a unicode one."""
    rows = _articles(24)
    rows.insert(17, dict(rows[2]))  # same text as the third: stored once, the first kept
    rows.append({"title": "Café “Zürich” naïve", "text": "Der Bürgermeister sagte, 12 % "
                 "der Häuser seien verkauft. Mr. Müller sagte: „Nein.“ Es kostet 3,5 Mio. €."})
    path = tmp_path_factory.mktemp("engine") / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


@pytest.fixture(scope="module")
def cluster():
    """A real 2-worker LocalCluster (processes, not threads), closed after the module."""
    with DaskEngine(scheduler="local:2", partition_size=PART) as engine:
        assert len(engine.client.nthreads()) == 2
        yield engine


@pytest.fixture(scope="module")
def local_files(corpus_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The single-process outputs every Dask run must equal byte for byte."""
    return _run(None, corpus_file, tmp_path_factory.mktemp("local"))


def _run(engine, src: Path, out: Path) -> dict[str, bytes]:
    out.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:  # many ingest partitions too, as extract's
        patch.setattr("toolkit.ingest.PARTITION_ARTICLES", PART)
        ingested = ingest_to_file([src], out / "articles.jsonl", engine=engine)
    assert len(ingested.duplicates) == 1
    run_extract(out / "articles.jsonl", out / "claims.jsonl", out / "rejects.jsonl",
                engine=engine)  # fmt: skip
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_partitions_keep_order_and_every_item() -> None:
    assert list(partitions(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(LocalEngine(partition_size=2).map(sum, range(5))) == [1, 5, 4]
    assert list(partitions([], 3)) == []
    with pytest.raises(ValueError):
        list(partitions([1], 0))


def test_partitions_close_at_the_weight_budget_or_the_count() -> None:
    words = ["aa", "b", "cccccc", "", "dd", "e", "f", "g"]
    # A part closes once its weights reach the budget (5): "aa"+"b" is 3, then "cccccc"
    # brings it to 9; a heavier item than the budget still travels, in one part.
    assert list(partitions(words, 10, weight=len, budget=5)) == [
        ["aa", "b", "cccccc"], ["", "dd", "e", "f", "g"]]  # fmt: skip
    assert list(partitions(["cccccc", "a"], 10, weight=len, budget=5)) == [["cccccc"], ["a"]]
    # The count still bounds light items; weight-0 items never close a part alone.
    assert list(partitions(["", "", "", "", ""], 2, weight=len, budget=5)) == [
        ["", ""], ["", ""], [""]]  # fmt: skip
    assert list(partitions([], 3, weight=len, budget=5)) == []
    # Every item, in order, whatever the bounds.
    for size, budget in ((1, 1), (3, 2), (100, 7), (2, 100)):
        parts = list(partitions(words, size, weight=len, budget=budget))
        assert [w for p in parts for w in p] == words
        assert all(len(p) <= size for p in parts)
        assert all(sum(map(len, p[:-1])) < budget for p in parts)
    engine = LocalEngine(partition_size=64)
    assert list(engine.map(len, words, weight=len, budget=5)) == [3, 5]
    for bad in ({"weight": len}, {"budget": 5}, {"weight": len, "budget": 0}):
        with pytest.raises(ValueError):
            list(partitions(words, 3, **bad))


def test_dask_output_is_byte_identical_to_one_process(
    cluster: DaskEngine, corpus_file: Path, local_files: dict[str, bytes], tmp_path: Path
) -> None:
    local = local_files
    dask = _run(cluster, corpus_file, tmp_path / "dask")
    assert sorted(local) == ["articles.jsonl", "claims.jsonl", "heldout.txt", "rejects.jsonl"]
    assert local["heldout.txt"].strip(), "the corpus is large enough to hold articles out"
    assert local["claims.jsonl"].count(b"\n") >= 20
    assert b"NOT_ENOUGH_INFO" in local["claims.jsonl"], "held-out claims were checked"
    for name in local:
        assert dask[name] == local[name], name
    # Both ran on the workers, not silently in this process.
    assert any(cluster.client.run(lambda: __import__("sys").modules.get("toolkit.ingest")
                                  is not None).values())  # fmt: skip


def test_a_worker_error_is_the_one_line_user_error(cluster: DaskEngine, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    rows = _articles(5)
    rows[4] = {"title": "Only a footer", "text": "Copyright 2024 Example News"}  # no body
    bad.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    out = tmp_path / "articles.jsonl"
    with pytest.raises(DataError, match="no body text"):
        ingest_to_file([bad], out, engine=cluster)
    assert not out.exists(), "no half-written output"


def test_dask_matches_one_process_with_kept_claims_another_seed_and_some_rules(
    cluster: DaskEngine, local_files: dict[str, bytes], tmp_path: Path
) -> None:
    """The caps run here over what the workers encoded: with a human-reviewed claim to
    keep, seed 5 and a subset of the rules, both engines write the same bytes."""
    claims = [json.loads(x) for x in local_files["claims.jsonl"].splitlines()]
    gold = claims[len(claims) // 2] | {"status": "gold", "annotations": [
        {"annotator": "maintainer-1", "label": claims[len(claims) // 2]["label"],
         "created": "2026-12-03T00:00:00Z", "note": "checked “by hand” ✓"}]}
    outputs = []
    for engine in (None, cluster):
        out = tmp_path / ("dask" if engine else "local")
        out.mkdir()
        (out / "articles.jsonl").write_bytes(local_files["articles.jsonl"])
        (out / "claims.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", "utf-8")
        run_extract(out / "articles.jsonl", out / "claims.jsonl", out / "rejects.jsonl",
                    seed=5, rules=["negation.toggle@1", "number.swap@2", "extract.sentence@1"],
                    engine=engine)  # fmt: skip
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    kept = [json.loads(x) for x in outputs[0]["claims.jsonl"].splitlines()]
    assert [c for c in kept if c["id"] == gold["id"]] == [gold], "the reviewed claim is kept"
    assert outputs[0]["claims.jsonl"] != local_files["claims.jsonl"]


@pytest.mark.parametrize("line", [8, 14])
def test_a_bad_articles_line_fails_extract_on_the_workers_with_its_line(
    cluster: DaskEngine, local_files: dict[str, bytes], tmp_path: Path, line: int
) -> None:
    """The workers parse the articles file: a bad line (in the third or fifth partition)
    is still the one-line error naming it, and nothing is written."""
    rows = local_files["articles.jsonl"].splitlines(keepends=True)
    rows[line - 1] = rows[line - 1].replace(b'"title":', b'"title":7,"x":', 1)
    src = tmp_path / "articles.jsonl"
    src.write_bytes(b"".join(rows))
    with pytest.raises(DataError) as err:
        run_extract(src, tmp_path / "claims.jsonl", tmp_path / "rejects.jsonl", engine=cluster)
    assert str(err.value).startswith(f"{src}:{line}: ")
    assert "\n" not in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.jsonl"]


class _KillOnce(WorkerPlugin):
    """Worker plugin: the first task that starts executing anywhere kills its worker
    process (SIGKILL, as an out-of-memory killer would) a moment later, mid-task."""

    name = "kill-once"

    def __init__(self, marker: str):
        self.marker = marker

    def transition(self, key, start, finish, **kwargs) -> None:
        if finish != "executing" or not str(key).startswith("generate_lines"):
            return
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return  # already killed one: let the retry run
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGKILL)).start()


def test_a_killed_worker_is_retried_without_losing_or_duplicating(
    cluster: DaskEngine, corpus_file: Path, local_files: dict[str, bytes], tmp_path: Path
) -> None:
    import cloudpickle

    cloudpickle.register_pickle_by_value(__import__(__name__))
    local = local_files
    marker = tmp_path / "killed"
    client = cluster.client
    before = set(client.nthreads())
    client.register_plugin(_KillOnce(str(marker)))
    try:
        dask = _run(cluster, corpus_file, tmp_path / "dask")
    finally:
        client.unregister_worker_plugin(_KillOnce.name)
    assert marker.exists(), "a worker was killed mid-task"
    assert int(marker.read_text()) not in client.run(os.getpid).values()
    client.wait_for_workers(2, timeout=60)  # the nanny's new worker, for the tests after
    assert set(client.nthreads()) != before, "the nanny started a new worker"
    assert dask == local
    ids = [json.loads(line)["id"] for line in dask["claims.jsonl"].splitlines()]
    assert len(ids) == len(set(ids))


def test_local_workers_keep_glibc_s_adaptive_allocator(cluster: DaskEngine) -> None:
    """Dask's nanny would start the workers with MALLOC_TRIM_THRESHOLD_ set, which maps
    and unmaps every large numpy array (the retrieval check's score rows): the workers
    of a ``local:N`` cluster start without it, and starting one leaves this process's
    environment as it was."""
    key = "MALLOC_TRIM_THRESHOLD_"
    assert os.environ.get(key) == _TRIM_BEFORE  # the cluster was started before this test
    assert set(cluster.client.run(os.environ.get, key).values()) == {_TRIM_BEFORE}


def test_local_workers_do_not_sample_their_stacks(cluster: DaskEngine) -> None:
    """The statistical profiler (a stack sample every 10 ms, under the GIL) is off on
    the workers of a ``local:N`` cluster, also on one its nanny starts again (as after
    a worker dies), and stays on in this process's config."""
    import dask

    def profiling(dask_worker) -> tuple[bool, bool]:
        enabled = dask.config.get("distributed.worker.profile.enabled")
        return enabled, "profile" in dask_worker.periodic_callbacks

    client = cluster.client
    assert set(client.run(profiling).values()) == {(False, False)}
    first = sorted(client.nthreads())[0]
    client.restart_workers([first])
    client.wait_for_workers(2, timeout=60)
    assert set(client.run(profiling).values()) == {(False, False)}
    assert dask.config.get("distributed.worker.profile.enabled") is True


def test_local_cluster_servers_tick_every_second(cluster: DaskEngine) -> None:
    """Dask's servers wake their event loop every 20 ms to measure its lateness, taking
    the GIL from the work each time: a ``local:N`` cluster's workers and scheduler tick
    once a second, and this process's config keeps Dask's default."""
    import dask

    def tick(dask_worker=None, dask_scheduler=None) -> float:
        server = dask_worker or dask_scheduler
        return server.periodic_callbacks["tick"].callback_time

    assert set(cluster.client.run(tick).values()) == {1000}
    assert cluster.client.run_on_scheduler(tick) == 1000
    assert dask.config.get("distributed.admin.tick.interval") == "20ms"


def test_readme_config_for_own_workers_matches_the_local_clusters() -> None:
    """The README's Dask config file, for workers a user starts, sets what the
    ``local:N`` clusters set, so both run alike."""
    import dask
    import yaml

    from toolkit.engine import _PROFILE, _TICK, _TRIM

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"claimkit\.yaml`\):\n\n```yaml\n(.*?)```", readme, re.S)
    assert block, "the README lost its config file for self-started workers"
    config = dask.config.update({}, yaml.safe_load(block.group(1)))
    assert dask.config.get(_TRIM, config=config, default="missing") is None
    assert dask.config.get(_PROFILE, config=config) is False
    assert dask.config.get(_TICK, config=config) == "1s"


def test_a_large_shared_object_is_sent_once_without_a_warning(cluster: DaskEngine) -> None:
    """Extract's corpus index is tens of megabytes at archive scale and travels once, as
    a task: Dask's large-graph warning (for data repeated in every task) stays quiet."""
    import operator
    import warnings

    shared = b"x" * 11_000_000  # over Dask's 10 MB threshold
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert list(cluster.map(operator.contains, [b"x", b"y"], shared)) == [False]


def test_engine_names_and_schedulers_are_checked() -> None:
    with pytest.raises(UsageError, match="valid: local, dask"):
        make_engine("ray")
    with pytest.raises(UsageError, match="only applies to --engine dask"):
        make_engine("local", scheduler="local:2")
    with pytest.raises(UsageError, match="local:N"):
        make_engine("dask", scheduler="local:zero")
    # neither local:N nor host:port: refused before any connection is tried
    with pytest.raises(UsageError, match=r"^--scheduler nonsense: not a scheduler address \("):
        make_engine("dask", scheduler="nonsense")


def test_cli_takes_engine_and_scheduler(
    cluster: DaskEngine, corpus_file: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "a.jsonl"
    address = cluster.client.scheduler.address  # a running scheduler, as in "Scaling out"
    res = runner.invoke(app, ["ingest", str(corpus_file), "-o", str(out), "-q",
                              "--engine", "dask", "--scheduler", address])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "26 article(s)" in res.output and "1 duplicate(s)" in res.output
    local = tmp_path / "b.jsonl"
    ingest_to_file([corpus_file], local)
    assert out.read_bytes() == local.read_bytes()
    res = runner.invoke(app, ["extract", "-a", str(out), "-o", str(tmp_path / "c.jsonl"),
                              "--rejects", str(tmp_path / "r.jsonl"), "--engine", "local",
                              "--scheduler", "local:2"])  # fmt: skip
    assert res.exit_code == 2
    assert res.output.strip().splitlines()[-1].startswith("Error: --scheduler only applies")


def test_audit_folds_on_dask_give_the_same_report(
    cluster: DaskEngine, local_files: dict[str, bytes], tmp_path: Path
) -> None:
    from toolkit.audit import run_audit

    claims = tmp_path / "claims.jsonl"
    claims.write_bytes(local_files["claims.jsonl"])
    report = run_audit(claims, out_dir=tmp_path / "local")
    assert report.probe is not None and report.probe.folds >= 2
    address = cluster.client.scheduler.address  # the CLI's path to the same engine
    res = CliRunner().invoke(app, ["audit", "-c", str(claims), "-o", str(tmp_path / "dask"),
                                   "--engine", "dask", "--scheduler", address])  # fmt: skip
    assert res.exit_code == 0, res.output
    outs = {name: {p.name: p.read_bytes() for p in sorted((tmp_path / name).iterdir())}
            for name in ("local", "dask")}  # fmt: skip
    assert sorted(outs["local"]) == ["AUDIT.md", "audit.json"]
    assert outs["dask"] == outs["local"]
