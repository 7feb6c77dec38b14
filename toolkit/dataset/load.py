"""The one reader of a built Hugging Face dataset folder.

``toolkit.load_benchmark`` gives the folder as a DatasetDict or pandas DataFrames;
:func:`load_claims` and :func:`load_corpus` give the records that scoring and the
baselines work on (:class:`~toolkit.records.Claim`, :class:`~toolkit.records.CorpusSentence`).

All of them are ``datasets.load_dataset`` on the folder, offline, plus one thing: a
cache folder keyed by the files' contents. ``load_dataset``'s own cache key ignores the data files' bytes,
so a rebuilt folder with the same name and README can come back with the previous
build's rows. Keying the cache on a digest of every file in the folder means a
rebuild is always read afresh, and an unchanged folder is read from cache.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from toolkit.dataset.features import ARTICLES, CLAIMS, PROVENANCE
from toolkit.errors import DataError, UsageError
from toolkit.records import LABELS, Claim, CorpusSentence, Evidence

CONFIGS = (CLAIMS, ARTICLES, PROVENANCE)


def folder_digest(path: Path) -> str:
    """A digest of the folder's files (names and bytes), streamed in sorted order."""
    import hashlib

    h = hashlib.sha256()
    for p in sorted(path.rglob("*")):
        rel = p.relative_to(path).as_posix()
        if not p.is_file() or rel.startswith("."):
            continue
        h.update(rel.encode() + b"\0")
        with open(p, "rb") as f:
            for chunk in iter(lambda f=f: f.read(1 << 20), b""):
                h.update(chunk)
        h.update(b"\0")
    return h.hexdigest()[:16]


def load_benchmark(
    path: Path | str = Path("dist/hf"),
    cache_dir: Path | str | None = None,
    *,
    config: str = CLAIMS,
    as_pandas: bool = False,
) -> Any:
    """Load a built folder: a ``DatasetDict`` (or ``{split: DataFrame}`` with ``as_pandas``).

    ``config`` is ``claims`` (splits train/validation/test), ``articles`` (split
    ``corpus``) or ``provenance`` (the claims' method and source article, by claim id).
    Without ``cache_dir`` the cache goes under datasets' cache folder, in a subfolder
    named by :func:`folder_digest` (see the module docstring).
    """
    path = Path(path)
    if config not in CONFIGS:
        raise UsageError(f"unknown config {config!r}; valid configs: {', '.join(CONFIGS)}")
    if config == ARTICLES and not has_corpus(path):
        raise DataError("this dataset has no articles config: its evidence is all"
                        " external (each evidence item has its url)", path=path)
    dsd = _load(path, config, cache_dir)
    if as_pandas:
        return {name: split.to_pandas() for name, split in dsd.items()}
    return dsd


def _load(path: Path, config: str, cache_dir: Path | str | None) -> Any:
    """``load_folder`` offline, with the content-keyed cache unless ``cache_dir`` is given."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import datasets

    datasets.disable_progress_bars()  # stderr is for the commands' summary lines
    if not (path / "README.md").is_file():
        raise DataError("not a built dataset folder (no README.md); run `claimkit build`",
                        path=path)
    if cache_dir is None:
        cache_dir = Path(datasets.config.HF_DATASETS_CACHE) / "claimkit" / folder_digest(path)
    return load_folder(path, config, cache_dir=str(cache_dir))


def has_corpus(path: Path | str) -> bool:
    """Whether the built folder declares an ``articles`` config (a dataset whose evidence
    is all external has none)."""
    from huggingface_hub import DatasetCard

    readme = Path(path) / "README.md"
    if not readme.is_file():
        return True  # let the loader say what is wrong with the folder
    configs = DatasetCard.load(readme).data.get("configs") or []
    return any(c.get("config_name") == ARTICLES for c in configs)


def claim_from_row(row: Mapping[str, Any]) -> Claim:
    """A ``claims`` row (label already a name) as the record it was built from.

    The row carries what a system may see: id, claim, label, evidence and status. Its
    provenance (method, source article) is in the ``provenance`` config, so the record
    has ``method`` empty and no ``source``.
    """
    return Claim(
        id=row["id"],
        claim=row["claim"],
        label=row["label"],
        evidence=tuple(
            tuple(
                Evidence(exact=e.get("exact") or "", article_id=e.get("article_id"),
                         sentence_index=e.get("sentence_index"), start=e.get("start"),
                         end=e.get("end"), url=e.get("url"))
                for e in group
            )
            for group in row.get("evidence") or []
            if group
        ),
        source=None,
        method="",
        status=row.get("status") or "silver",
    )


def load_claims(
    path: Path | str,
    splits: Sequence[str],
    *,
    cache_dir: Path | str | None = None,
    missing_ok: bool = False,
) -> dict[str, list[Claim]]:
    """The requested splits of the ``claims`` config as records, in file order.

    Refuses a dataset whose ``label`` is not ClassLabel(SUPPORTED, REFUTED,
    NOT_ENOUGH_INFO): ids from any other order would be scored against the wrong names.
    With ``missing_ok``, a split the folder does not have comes back empty.
    """
    path = Path(path)
    ds = _load(path, CLAIMS, cache_dir)
    missing = [s for s in splits if s not in ds]
    if missing and not missing_ok:
        raise UsageError(
            f"no split {', '.join(missing)} in config 'claims'; valid splits: {', '.join(ds)}",
            path=path,
        )
    out: dict[str, list[Claim]] = {}
    for split in splits:
        if split not in ds:
            out[split] = []
            continue
        d = ds[split]
        names = getattr(d.features.get("label"), "names", None)
        if list(names or ()) != list(LABELS):
            raise DataError(
                f"'label' must be ClassLabel(names={list(LABELS)}), found"
                f" {d.features.get('label')}; rebuild the dataset with dataset_info features",
                path=path,
            )
        out[split] = [claim_from_row({**r, "label": LABELS[r["label"]]}) for r in d.to_list()]
    return out


def load_corpus(path: Path | str, *, cache_dir: Path | str | None = None) -> list[CorpusSentence]:
    """Every sentence of the ``articles`` config (whatever its single split is called)."""
    path = Path(path)
    ds = _load(path, ARTICLES, cache_dir)
    if len(ds) != 1:
        raise DataError(f"config 'articles' must have one split, found {', '.join(ds)}", path=path)
    (split,) = ds.values()
    out = []
    for art in split.to_list():
        for s in art["sentences"]:
            text = s.get("text") or art["text"][s["start"] : s["end"]]
            out.append(CorpusSentence(art["id"], int(s["index"]), text))
    return out


def load_folder(path: Path, config: str, **kwargs: Any) -> Any:
    """``datasets.load_dataset`` on a local folder; a damaged folder is one DataError.

    A truncated or corrupt parquet file, a broken README YAML, a data file that is
    gone: datasets, pyarrow and yaml each raise their own exception with a long chain,
    and each is the folder's fault, not claimkit's, so each becomes one line that says
    to rebuild.
    """
    import datasets
    import pyarrow
    import yaml

    damaged = (ValueError, KeyError, TypeError, datasets.exceptions.DatasetsError,
               pyarrow.ArrowException, yaml.YAMLError)  # fmt: skip
    # datasets also logs what it is about to raise; the one line below says it already.
    logger = logging.getLogger("datasets")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        return datasets.load_dataset(str(path), config, **kwargs)
    except OSError as exc:
        if exc.filename is not None:
            raise  # the machine's error, with its path: the CLI's one OSError line
        damaged_exc: BaseException = exc
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise DataError(
            f"cannot load config {config!r}: {first} (rebuild the folder with `claimkit build`)",
            path=path,
        ) from damaged_exc
    except damaged as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        cause = exc.__cause__ or exc.__context__
        if cause is not None and str(cause).strip():
            first = f"{first}: {str(cause).strip().splitlines()[0]}"
        if len(first) > 300:
            first = first[:299] + "…"
        raise DataError(
            f"cannot load config {config!r}: {first} (rebuild the folder with `claimkit build`)",
            path=path,
        ) from None
    finally:
        logger.setLevel(level)


__all__ = [
    "CONFIGS",
    "claim_from_row",
    "folder_digest",
    "has_corpus",
    "load_benchmark",
    "load_claims",
    "load_corpus",
    "load_folder",
]
