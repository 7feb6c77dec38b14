"""``claimkit build``: ``data/`` in, a Hugging Face dataset folder out.

The folder is laid out exactly as ``push_to_hub`` would write it, so that uploading it
is a plain file upload and ``load_dataset(folder)`` works offline::

    README.md                                   card; YAML: configs, dataset_info, ...
    claims/{train,validation,test}-00000-of-00001.parquet
    provenance/{train,validation,test}-00000-of-00001.parquet   method, source article
    articles/corpus-00000-of-00001.parquet      (none when the evidence is all external)
    label_distribution.png                      linked from the card
    croissant.json                              Croissant 1.1 metadata (the Hub's layout)

Parquet files are written by ``datasets`` itself (``Dataset.to_parquet``, the call
``push_to_hub`` makes per shard), so they carry the features in their schema metadata
and match what the Hub would hold. A split whose arrow size passes
:data:`MAX_SHARD_BYTES` (``push_to_hub``'s default of 500 MB) is cut into contiguous
shards ``<split>-0000i-of-0000n.parquet``.

Splits come from :mod:`toolkit.dataset.splits` (leak-free groups, frozen in
``data/splits.jsonl``, which the build writes only when a new group appears), and
:mod:`toolkit.dataset.leaks` checks them: anything shared across splits fails the build.

Everything is built in a temporary folder next to the destination and swapped in at
the end, so a build that fails midway leaves the previous folder as it was. Rows are
sorted by id and nothing depends on the clock, so a rebuild from the same data is
byte-identical.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.dataset.features import (
    ARTICLES,
    ARTICLES_FEATURES,
    CLAIMS,
    CLAIMS_FEATURES,
    CORPUS_SPLIT,
    PROVENANCE,
    PROVENANCE_FEATURES,
    article_columns,
    claim_columns,
    provenance_columns,
)
from toolkit.dataset.leaks import LeakReport, find_leaks
from toolkit.dataset.splits import (
    SPLITS,
    SPLITS_FILE,
    SplitConfig,
    SplitResult,
    assign_splits,
    read_assignments,
    write_assignments,
)
from toolkit.errors import DataError
from toolkit.jsonl import DEFAULT_MAX_BYTES, iter_jsonl, sweep_stale, temp_path
from toolkit.outputs import BUILD_MARKER, BUILD_MARKER_TEXT
from toolkit.records import Article, Claim
from toolkit.store import Store

#: A split larger than this (arrow bytes) is written as several shards; same default
#: as ``push_to_hub``'s ``max_shard_size``.
MAX_SHARD_BYTES = 500 * 1000 * 1000

#: From this input size (bytes) on, validation runs in a child process beside parsing.
PARALLEL_VALIDATION_BYTES = 16 * 1024 * 1024

#: Where ``build`` looks for the baseline results table to embed in the card.
DEFAULT_RESULTS = Path("baselines/RESULTS.md")


@dataclass
class BuildResult:
    """What was written: files (relative path, size) and row counts per config/split."""

    out: Path
    files: list[tuple[str, int]] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    withheld: int = 0
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    leaks: LeakReport = field(default_factory=LeakReport)
    new_groups: bool = False

    def summary(self) -> str:
        claims = ", ".join(f"{n} {s}" for s, n in self.counts[CLAIMS].items())
        articles = sum(self.counts.get(ARTICLES, {}).values())
        return (
            f"claims: {claims}; {self.withheld - len(self.conflicts)} withheld (not gold),"
            f" {len(self.conflicts)} withheld (bridging two splits); {articles} article(s);"
            f" {len(self.files)} file(s) in {self.out}; {self.leaks.summary()}"
        )


# ---------------------------------------------------------------- reading (edge)


def read_data(
    data_dir: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    parallel_from_bytes: int = PARALLEL_VALIDATION_BYTES,
) -> tuple[list[Article], list[Claim]]:
    """Validated articles and claims from ``data_dir``; any problem is one DataError.

    The build refuses data that ``claimkit validate`` would reject: a dataset with a
    broken offset or an unknown article would publish the mistake. From
    ``parallel_from_bytes`` of input on, the validation runs in a child process while
    this one parses the records (each takes about half of the reading time, and the
    machine has two cores); the records are used only once the report is clean.
    """
    from toolkit.validate import validate_paths

    store = Store(data_dir)
    articles_path, claims_path = store.articles_path, store.claims_path
    if not claims_path.is_file():
        raise DataError(
            "no claims file; generate claims first (the claims pipeline writes it)",
            path=claims_path,
        )
    # No articles file is a corpus of none: a dataset whose evidence is all external
    # (AVeriTeC, ClaimReview) builds without it; a claim that cites an article does not.
    paths = [articles_path, claims_path] if articles_path.is_file() else [claims_path]
    parsed: tuple[list[Article], list[Claim]] | None = None
    if sum(p.stat().st_size for p in paths) < parallel_from_bytes:
        problems = [str(p) for p in validate_paths(paths, max_bytes=max_bytes).problems]
    else:
        problems, parsed = _validate_beside(paths, max_bytes)
    if problems:
        more = len(problems) - 1
        tail = f" (and {more} more problem(s))" if more else ""
        raise DataError(f"{problems[0]}{tail}; run `claimkit validate` to see all")
    articles, claims = parsed or _parse(paths, max_bytes)
    if not claims:
        raise DataError("no claims: the file is empty", path=claims_path)
    return articles, claims


#: The child of :func:`_validate_beside`: the library's validate_paths, problems as JSON.
#: A ``-c`` program rather than multiprocessing, which would re-import the caller's
#: main script (and fail in any script without an ``if __name__ == "__main__"`` guard).
_VALIDATE_CHILD = """
import json, sys
from pathlib import Path
from toolkit.validate import validate_paths
report = validate_paths([Path(p) for p in sys.argv[2:]], max_bytes=int(sys.argv[1]))
print(json.dumps([str(p) for p in report.problems]))
"""


def _validate_beside(
    paths: list[Path], max_bytes: int
) -> tuple[list[str], tuple[list[Article], list[Claim]] | None]:
    """Validate in a child process while parsing here; (problems, records or None)."""
    import json
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-c", _VALIDATE_CHILD, str(max_bytes), *map(str, paths)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        try:
            parsed = _parse(paths, max_bytes)
        except (DataError, KeyError, TypeError, ValueError, AttributeError):
            parsed = None  # the input is invalid; the child's report says where
        out, err = proc.communicate()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if proc.returncode != 0:  # the validator itself crashed: a bug, not bad input
        raise RuntimeError(f"validation process failed ({proc.returncode}): {err[-2000:]}")
    return json.loads(out), parsed


def _parse(paths: list[Path], max_bytes: int) -> tuple[list[Article], list[Claim]]:
    """``paths`` is ``[articles, claims]`` or ``[claims]`` (no corpus)."""
    *articles_path, claims_path = paths
    articles = [Article.from_dict(d) for p in articles_path
                for _, d in iter_jsonl(p, max_bytes=max_bytes)]
    claims = [Claim.from_dict(d) for _, d in iter_jsonl(claims_path, max_bytes=max_bytes)]
    return articles, claims


# ---------------------------------------------------------------- the build


def build(
    data_dir: Path | str = Path("data"),
    out: Path | str = Path("dist/hf"),
    *,
    split_config: SplitConfig | None = None,
    results: Path | str | None = DEFAULT_RESULTS,
    max_shard_bytes: int = MAX_SHARD_BYTES,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> BuildResult:
    """Read ``data_dir``, split, and write the dataset folder ``out`` (swapped in whole)."""
    with gc_paused():
        return _build(data_dir, out, split_config=split_config, results=results,
                      max_shard_bytes=max_shard_bytes, max_bytes=max_bytes)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of a build.

    A build holds a million or so small objects (parsed JSON, records, column lists);
    the collector's full passes re-traverse all of them again and again while they are
    created, which more than doubled the time of reading 200,000 claims. Records hold
    no reference cycles, so nothing is lost by letting the collector resume afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(
    data_dir: Path | str,
    out: Path | str,
    *,
    split_config: SplitConfig | None,
    results: Path | str | None,
    max_shard_bytes: int,
    max_bytes: int,
) -> BuildResult:
    from toolkit.outputs import check_build_folder

    data_dir = Path(data_dir)
    check_build_folder(out, inputs=[data_dir, results], store=data_dir)
    articles, claims = read_data(data_dir, max_bytes=max_bytes)
    held_out = read_held_out(data_dir)
    # Held-out articles are the NOT_ENOUGH_INFO source (toolkit.claims.heldout): the
    # published corpus must not hold them, or their claims would have evidence.
    published = [a for a in articles if a.id not in held_out]
    split_config = split_config or SplitConfig()
    splits_path = data_dir / SPLITS_FILE
    # Splits group claims over every article, held out or not: a held-out article's
    # claims still must not sit in two splits.
    result = assign_splits(claims, num_articles=len(articles), config=split_config,
                           recorded=read_assignments(splits_path), articles=articles)
    leaks = find_leaks(result, near_duplicates=split_config.near_duplicates)
    if leaks.total:
        raise DataError(leaks.error())
    results_md = None
    if results is not None and Path(results).is_file():
        results_md = Path(results).read_text(encoding="utf-8")
    from toolkit.audit import card_audit

    audit_md, aflite_summary = card_audit(data_dir / "claims.jsonl")
    built = write_dataset(
        Path(out),
        articles=sorted(published, key=lambda a: a.id),
        split=result,
        split_config=split_config,
        results_md=results_md,
        max_shard_bytes=max_shard_bytes,
        held_out=len(articles) - len(published),
        audit_md=audit_md,
        aflite_summary=aflite_summary,
        leaks=leaks,
    )
    # Recorded only once the dataset is written: a failed build publishes no new group.
    if result.changed:
        with Store(data_dir).lock():  # splits.jsonl is a store file like the others
            write_assignments(splits_path, result.assignments)
    built.new_groups = result.changed
    return built


def read_held_out(data_dir: Path) -> set[str]:
    """Ids of the articles held out of the evidence corpus (``heldout.txt``; may be absent)."""
    path = data_dir / "heldout.txt"
    if not path.is_file():
        return set()
    return set(path.read_text(encoding="utf-8").split())


def write_dataset(
    out: Path,
    *,
    articles: list[Article],
    split: SplitResult,
    split_config: SplitConfig,
    results_md: str | None = None,
    max_shard_bytes: int = MAX_SHARD_BYTES,
    held_out: int = 0,
    audit_md: str | None = None,
    aflite_summary: str | None = None,
    leaks: LeakReport | None = None,
) -> BuildResult:
    """Write the whole folder into a temporary sibling of ``out``, then swap it in."""
    import pyarrow as pa
    from datasets import Dataset, DatasetInfo, NamedSplit, SplitDict, SplitInfo
    from datasets.table import InMemoryTable
    from datasets.utils.tqdm import (
        are_progress_bars_disabled,
        disable_progress_bars,
        enable_progress_bars,
    )

    from toolkit.dataset.card import CardInputs, label_plot_png, render_card
    from toolkit.dataset.croissant import croissant_json

    if not any(split.splits.values()):
        raise DataError(
            f"no claim can be published: all {len(split.withheld)} claim(s) are unreviewed"
            " claims of test groups; review some (gold) or change the split ratios"
        )
    result = BuildResult(out=out, withheld=len(split.withheld),
                         conflicts=[(c.id, why) for c, why in split.conflicts],
                         leaks=leaks or LeakReport())
    result.counts[CLAIMS] = {name: 0 for name in SPLITS}
    infos: dict[str, DatasetInfo] = {}
    bars_were_off = are_progress_bars_disabled()
    disable_progress_bars()  # one bar per tiny shard is noise; the CLI prints a summary
    with contextlib.ExitStack() as stack:
        if not bars_were_off:
            stack.callback(enable_progress_bars)
        tmp = stack.enter_context(_staging(out))
        # An empty split is left out: load_dataset refuses a declared split without rows
        # ("corresponds to no data"), so it exists only once it has claims.
        tables = [(CLAIMS, CLAIMS_FEATURES, name, claim_columns(rows)) for name, rows in
                  split.splits.items() if rows]
        tables += [(PROVENANCE, PROVENANCE_FEATURES, name, provenance_columns(rows))
                   for name, rows in split.splits.items() if rows]
        # Without articles there is no corpus to publish: load_dataset refuses a config
        # without rows, so the folder has the claims config alone.
        if articles:
            tables.append((ARTICLES, ARTICLES_FEATURES, CORPUS_SPLIT,
                           article_columns(articles)))
        for config, features, split_name, columns in tables:
            info = infos.setdefault(
                config,
                DatasetInfo(features=features, splits=SplitDict(), config_name=config,
                            dataset_size=0, download_size=0),
            )
            # Arrow converts the columns in C++; Dataset.from_dict would first encode every
            # nested example in Python (4x slower here) and gives the same table and bytes.
            table = pa.Table.from_pydict(columns, schema=features.arrow_schema)
            ds = Dataset(InMemoryTable(table), info=DatasetInfo(features=features),
                         split=NamedSplit(split_name))
            nbytes = ds.data.nbytes
            num_shards = min(max(len(ds), 1), nbytes // max_shard_bytes + 1)
            for index in range(num_shards):
                shard = ds.shard(num_shards=num_shards, index=index, contiguous=True)
                rel = f"{config}/{split_name}-{index:05d}-of-{num_shards:05d}.parquet"
                (tmp / config).mkdir(exist_ok=True)
                shard.to_parquet(str(tmp / rel))
                size = (tmp / rel).stat().st_size
                result.files.append((rel, size))
                info.download_size += size
            info.splits.add(SplitInfo(name=split_name, num_bytes=nbytes, num_examples=len(ds)))
            info.dataset_size += nbytes
            result.counts.setdefault(config, {})[split_name] = len(ds)

        inputs = CardInputs(
            articles=articles,
            split=split,
            split_config=split_config,
            infos=infos,
            results_md=results_md,
            held_out=held_out,
            audit_md=audit_md,
            aflite_summary=aflite_summary,
            leaks=result.leaks,
        )
        (tmp / "label_distribution.png").write_bytes(label_plot_png(split))
        (tmp / "README.md").write_text(render_card(inputs), encoding="utf-8", newline="\n")
        parquet = [(rel, tmp / rel) for rel, _ in result.files]
        croissant = croissant_json(inputs, parquet)
        (tmp / "croissant.json").write_text(croissant, encoding="utf-8", newline="\n")
        result.files = sorted(
            (p.relative_to(tmp).as_posix(), p.stat().st_size)
            for p in tmp.rglob("*") if p.is_file()
        )
        (tmp / BUILD_MARKER).write_text(BUILD_MARKER_TEXT, encoding="utf-8")
    return result


@contextlib.contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A temporary folder next to ``out`` that replaces it only if the body succeeds.

    Two renames swap it in: the old folder moves aside, the new one takes its name,
    the old one is deleted. On any failure the temporary folder is removed and ``out``
    is left exactly as it was. Both temporary names carry this process's pid and the
    ``.claimkit-tmp`` suffix, so after a ``kill -9`` the next run removes them.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and not out.is_dir():
        raise DataError("exists and is not a folder; choose another --out", path=out)
    sweep_stale(out.parent)
    tmp = temp_path(out, "build-")
    tmp.mkdir(mode=0o700)
    try:
        yield tmp
        os.chmod(tmp, 0o755)
        old = None
        if out.exists():
            old = temp_path(out, "old-")
            os.replace(out, old)
        try:
            os.replace(tmp, out)
        except BaseException:
            if old is not None:
                os.replace(old, out)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


__all__ = ["DEFAULT_RESULTS", "MAX_SHARD_BYTES", "SPLITS", "BuildResult", "build", "read_data"]
