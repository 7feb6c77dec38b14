"""``claimkit build``: ``data/`` in, a Hugging Face dataset folder out.

The folder is laid out exactly as ``push_to_hub`` would write it, so that uploading it
is a plain file upload and ``load_dataset(folder)`` works offline::

    README.md                                   card; YAML: configs, dataset_info, ...
    claims/{train,validation,test}-00000-of-00001.parquet
    provenance/{train,validation,test}-00000-of-00001.parquet   method, source article
    articles/corpus-00000-of-00001.parquet      (none when the evidence is all external)
    label_distribution.png                      linked from the card
    croissant.json                              Croissant 1.1 metadata (the Hub's layout)

Parquet files are streamed batch by batch with ``pyarrow.parquet.ParquetWriter`` (the
writer behind ``Dataset.to_parquet``, the call ``push_to_hub`` makes per shard) under
the features' Arrow schema, so they carry the features in their schema metadata and
match what the Hub would hold, while memory holds one batch of rows, not the split. Nor
does the build hold parsed claims: it groups light entries of them
(:mod:`toolkit.dataset.entries`) and reads each claim whole again to write its row. A
split whose Arrow size passes :data:`MAX_SHARD_BYTES` (``push_to_hub``'s default of
500 MB) is cut into contiguous shards ``<split>-0000i-of-0000n.parquet``, each at most
that size, as ``push_to_hub`` names them (``data/train-00000-of-00003.parquet``).

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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.dataset.entries import (
    ArticleEntry,
    ClaimEntry,
    RecordFile,
    article_file,
    claim_file,
)
from toolkit.dataset.features import (
    ARTICLES,
    CLAIMS,
    CORPUS_SPLIT,
    PROVENANCE,
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
from toolkit.jsonl import DEFAULT_MAX_BYTES, sweep_stale, temp_path
from toolkit.memory import release_freed
from toolkit.outputs import BUILD_MARKER, BUILD_MARKER_TEXT
from toolkit.records import Article, Claim
from toolkit.store import Store
from toolkit.validate import validate_paths

#: A split larger than this (arrow bytes) is written as several shards; same default
#: as ``push_to_hub``'s ``max_shard_size``.
MAX_SHARD_BYTES = 500 * 1000 * 1000

#: Rows converted to Arrow at a time (row groups gather batches up to 100 MB).
WRITE_BATCH_ROWS = 1000

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


@dataclass
class DataFiles:
    """The data files as the build holds them (:mod:`toolkit.dataset.entries`): entries of
    both, the files open for their rows until closed (a context manager), and the article
    texts that grouping compares, handed over once (:meth:`take_texts`)."""

    articles: RecordFile[ArticleEntry] | None  # None: no articles file
    claims: RecordFile[ClaimEntry]
    texts: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def article_entries(self) -> list[ArticleEntry]:
        return self.articles.entries if self.articles is not None else []

    def take_texts(self) -> dict[str, str]:
        texts, self.texts = self.texts, {}
        return texts

    def close(self) -> None:
        for f in (self.articles, self.claims):
            if f is not None:
                f.close()

    def __enter__(self) -> DataFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_data(
    data_dir: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    parallel_from_bytes: int = PARALLEL_VALIDATION_BYTES,
) -> DataFiles:
    """Validated articles and claims from ``data_dir``, read into entries; any problem is
    one DataError. The caller closes what it returns (a context manager).

    The build refuses data that ``claimkit validate`` would reject: a dataset with a
    broken offset or an unknown article would publish the mistake. From
    ``parallel_from_bytes`` of input on, the validation runs in a child process while
    this one parses the records (each takes about half of the reading time, and the
    machine has two cores); the records are used only once the report is clean.
    """
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
    parsed: DataFiles | None = None
    try:
        if sum(p.stat().st_size for p in paths) < parallel_from_bytes:
            problems = [str(p) for p in validate_paths(paths, max_bytes=max_bytes).problems]
        else:
            problems, parsed = _validate_beside(paths, max_bytes)
        if problems:
            more = len(problems) - 1
            tail = f" (and {more} more problem(s))" if more else ""
            raise DataError(f"{problems[0]}{tail}; run `claimkit validate` to see all")
        parsed = parsed or _parse(paths, max_bytes)
        if not parsed.claims.entries:
            raise DataError("no claims: the file is empty", path=claims_path)
    except BaseException:
        if parsed is not None:
            parsed.close()
        raise
    return parsed


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
) -> tuple[list[str], DataFiles | None]:
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
        if parsed is not None:
            parsed.close()
        raise RuntimeError(f"validation process failed ({proc.returncode}): {err[-2000:]}")
    return json.loads(out), parsed


def _parse(paths: list[Path], max_bytes: int) -> DataFiles:
    """``paths`` is ``[articles, claims]`` or ``[claims]`` (no corpus)."""
    *articles_path, claims_path = paths
    data = DataFiles(articles=None, claims=claim_file(claims_path))
    try:
        if articles_path:
            data.articles = article_file(articles_path[0])
            data.articles.read(max_bytes=max_bytes,
                               keep=lambda a: data.texts.__setitem__(a.id, a.text))  # fmt: skip
        data.claims.read(max_bytes=max_bytes)
    except BaseException:
        data.close()
        raise
    return data


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
    with read_data(data_dir, max_bytes=max_bytes) as data:
        return _build_from(data_dir, out, data, split_config=split_config,
                           results=results, max_shard_bytes=max_shard_bytes)


def _build_from(
    data_dir: Path,
    out: Path | str,
    data: DataFiles,
    *,
    split_config: SplitConfig | None,
    results: Path | str | None,
    max_shard_bytes: int,
) -> BuildResult:
    """The build once the data is read; its files stay open until the rows are written."""
    release_freed()  # what parsing a million lines left between the entries
    articles = data.article_entries
    held_out = read_held_out(data_dir)
    # Held-out articles are the NOT_ENOUGH_INFO source (toolkit.claims.heldout): the
    # published corpus must not hold them, or their claims would have evidence.
    published = [a for a in articles if a.id not in held_out]
    split_config = split_config or SplitConfig()
    splits_path = data_dir / SPLITS_FILE
    # Splits group claims over every article, held out or not: a held-out article's
    # claims still must not sit in two splits.
    recorded = read_assignments(splits_path)
    release_freed()  # what parsing its lines left
    result = assign_splits(data.claims.entries, num_articles=len(articles), config=split_config,
                           recorded=recorded, articles=data.take_texts())
    del recorded  # the result's record holds it as long as it is needed
    leaks = find_leaks(result, near_duplicates=split_config.near_duplicates)
    if not result.changed:
        # Nothing to record: what the record is made from (the recorded splits, the
        # atoms, a group per claim; 150 MB at a million claims) is not held under the write.
        result.assignments = {}
    if leaks.total:
        raise DataError(leaks.error())
    release_freed()  # grouping's structures, before datasets is imported to write
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
        read_claims=data.claims.records,
        read_articles=data.articles.records if data.articles is not None else None,
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
    articles: Sequence[Any],  # Article records, or entries read whole by read_articles
    split: SplitResult,
    split_config: SplitConfig,
    results_md: str | None = None,
    max_shard_bytes: int = MAX_SHARD_BYTES,
    held_out: int = 0,
    audit_md: str | None = None,
    aflite_summary: str | None = None,
    leaks: LeakReport | None = None,
    read_claims: Callable[[Sequence[Any]], Iterable[Claim]] | None = None,
    read_articles: Callable[[Sequence[Any]], Iterable[Article]] | None = None,
) -> BuildResult:
    """Write the whole folder into a temporary sibling of ``out``, then swap it in.

    ``read_claims`` and ``read_articles`` give the whole records of rows that are light
    entries (:meth:`RecordFile.records`); without them the rows are records already.
    Records are read a batch at a time, as their rows are written.
    """
    from datasets import DatasetInfo, SplitDict, SplitInfo

    from toolkit.dataset.card import CardInputs, label_plot_png, render_card
    from toolkit.dataset.croissant import croissant_json

    # Here, not at the top: importing them imports ``datasets`` (see features.__getattr__).
    from toolkit.dataset.features import ARTICLES_FEATURES, CLAIMS_FEATURES, PROVENANCE_FEATURES
    from toolkit.evaluate.fever import Fingerprint

    fingerprint = Fingerprint()  # of the published claims in split order, as written

    def claim_rows(rows: Sequence[Any]) -> dict[str, list[Any]]:
        claims = list((read_claims or iter)(rows))
        fingerprint.update(claims)
        return claim_columns(claims)

    def article_rows(rows: Sequence[Any]) -> dict[str, list[Any]]:
        return article_columns(list((read_articles or iter)(rows)))

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
    with _staging(out) as tmp:
        # An empty split is left out: load_dataset refuses a declared split without rows
        # ("corresponds to no data"), so it exists only once it has claims.
        tables = [(CLAIMS, CLAIMS_FEATURES, name, rows, claim_rows) for name, rows in
                  split.splits.items() if rows]
        tables += [(PROVENANCE, PROVENANCE_FEATURES, name, rows, provenance_columns)
                   for name, rows in split.splits.items() if rows]
        # Without articles there is no corpus to publish: load_dataset refuses a config
        # without rows, so the folder has the claims config alone.
        if articles:
            tables.append((ARTICLES, ARTICLES_FEATURES, CORPUS_SPLIT, articles, article_rows))
        for config, features, split_name, rows, columns in tables:
            info = infos.setdefault(
                config,
                DatasetInfo(features=features, splits=SplitDict(), config_name=config,
                            dataset_size=0, download_size=0),
            )
            (tmp / config).mkdir(exist_ok=True)
            batches = (columns(rows[i : i + WRITE_BATCH_ROWS])
                       for i in range(0, len(rows), WRITE_BATCH_ROWS))  # fmt: skip
            shards, nbytes = write_shards(tmp / config, split_name, batches,
                                          features=features, max_shard_bytes=max_shard_bytes)  # fmt: skip
            for path in shards:
                rel = f"{config}/{path.name}"
                size = path.stat().st_size
                result.files.append((rel, size))
                info.download_size += size
            info.splits.add(SplitInfo(name=split_name, num_bytes=nbytes, num_examples=len(rows)))
            info.dataset_size += nbytes
            result.counts.setdefault(config, {})[split_name] = len(rows)

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
            read_claims=read_claims,
            fingerprint=fingerprint.hexdigest(),
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


def write_shards(
    folder: Path,
    split_name: str,
    batches: Iterable[dict[str, list[Any]]],
    *,
    features: Any,
    max_shard_bytes: int = MAX_SHARD_BYTES,
) -> tuple[list[Path], int]:
    """Stream column batches into ``<split>-0000i-of-0000n.parquet`` shards; (files, bytes).

    Each batch is converted to Arrow as it comes and written with
    ``pyarrow.parquet.ParquetWriter`` under the options, schema (with its ``huggingface``
    features metadata) and row-group size (100 MB of Arrow data) of ``Dataset.to_parquet``,
    so memory holds at most a row group, not the split. A shard is closed before the rows that would take its Arrow size past
    ``max_shard_bytes`` (a batch is cut by rows where it straddles two shards, estimated
    from its bytes per row); since the number of shards is known only at the end, shards are
    written under temporary names and renamed to the ``push_to_hub`` pattern then.
    ``bytes`` is the split's Arrow size (the card's ``num_bytes``).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = features.arrow_schema
    options, metadata = _writer_options(features, schema)
    row_group_bytes = _row_group_bytes()
    written: list[Path] = []
    writer: pq.ParquetWriter | None = None
    buffered: list[pa.Table] = []  # rows of the next row group
    shard_bytes = buffered_bytes = total = 0

    def flush() -> None:
        nonlocal buffered_bytes
        if buffered:
            writer.write_table(pa.concat_tables(buffered))  # one row group
            buffered.clear()
            buffered_bytes = 0

    def close() -> None:
        nonlocal writer, shard_bytes
        flush()
        if metadata:
            writer.add_key_value_metadata(metadata)
        writer.close()
        writer, shard_bytes = None, 0

    try:
        for columns in batches:
            # Arrow converts the columns in C++; building a datasets.Dataset would first encode every
            # nested example in Python (7x slower at a million claims) for the same table.
            table = pa.Table.from_pydict(columns, schema=schema)
            total += table.nbytes
            per_row = table.nbytes / max(table.num_rows, 1)
            while table.num_rows:
                room = max_shard_bytes - shard_bytes
                n = table.num_rows if table.nbytes <= room else int(room // per_row)
                if n == 0 and writer is not None:  # this shard is full: start the next
                    close()
                    continue
                if writer is None:
                    written.append(folder / f".{split_name}-{len(written):05d}.partial")
                    writer = pq.ParquetWriter(written[-1], schema=schema, **options)
                n = max(n, 1)  # a row larger than a shard still goes somewhere
                buffered.append(table.slice(0, n))
                buffered_bytes += n * per_row
                shard_bytes += n * per_row
                table = table.slice(n)
                if buffered_bytes >= row_group_bytes:
                    flush()
        if writer is not None:
            close()
    finally:
        if writer is not None:
            writer.close()
    final = [folder / f"{split_name}-{i:05d}-of-{len(written):05d}.parquet"
             for i in range(len(written))]  # fmt: skip
    for tmp, name in zip(written, final, strict=True):
        os.replace(tmp, name)
    return final, total


def _writer_options(features: Any, schema: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The ParquetWriter options and file metadata that ``Dataset.to_parquet`` uses
    (content-defined chunking, page index, per-column encodings), so the files are the
    ones the Hub would hold; plain Parquet with a ``datasets`` that predates them."""
    import json

    try:
        from datasets import config
        from datasets.arrow_writer import get_parquet_column_options
    except ImportError:  # pragma: no cover - an older datasets
        return {}, {}
    cdc = config.DEFAULT_CDC_OPTIONS
    options = {"use_content_defined_chunking": cdc, "write_page_index": True,
               **get_parquet_column_options(features, schema)}  # fmt: skip
    return options, {"content_defined_chunking": json.dumps(cdc)}


def _row_group_bytes() -> int:
    """Arrow bytes per row group: ``datasets``' maximum (100 MB), as ``to_parquet`` sizes them."""
    from datasets import config
    from datasets.utils.py_utils import convert_file_size_to_int

    return convert_file_size_to_int(config.MAX_ROW_GROUP_SIZE)


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
