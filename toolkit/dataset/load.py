"""``toolkit.load_benchmark``: the built dataset as a DatasetDict or pandas DataFrames.

It is ``datasets.load_dataset`` on the folder, plus one thing: a cache folder keyed by
the files' contents. ``load_dataset``'s own cache key ignores the data files' bytes,
so a rebuilt folder with the same name and README can come back with the previous
build's rows. Keying the cache on a digest of every file in the folder means a
rebuild is always read afresh, and an unchanged folder is read from cache.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from toolkit.dataset.features import ARTICLES, CLAIMS
from toolkit.errors import DataError, UsageError

CONFIGS = (CLAIMS, ARTICLES)


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

    ``config`` is ``claims`` (splits train/validation/test) or ``articles`` (split
    ``corpus``). Without ``cache_dir`` the cache goes under datasets' cache folder,
    in a subfolder named by :func:`folder_digest` (see the module docstring).
    """
    import datasets

    path = Path(path)
    if config not in CONFIGS:
        raise UsageError(f"unknown config {config!r}; valid configs: {', '.join(CONFIGS)}")
    if not (path / "README.md").is_file():
        raise DataError("not a built dataset folder (no README.md); run `claimkit build`",
                        path=path)
    if config == ARTICLES:
        from toolkit.evaluate import has_corpus

        if not has_corpus(path):
            raise DataError("this dataset has no articles config: its evidence is all"
                            " external (each evidence item has its url)", path=path)
    if cache_dir is None:
        cache_dir = Path(datasets.config.HF_DATASETS_CACHE) / "claimkit" / folder_digest(path)
    dsd = load_folder(path, config, cache_dir=str(cache_dir))
    if as_pandas:
        return {name: split.to_pandas() for name, split in dsd.items()}
    return dsd


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


__all__ = ["CONFIGS", "folder_digest", "load_benchmark", "load_folder"]
