"""claimkit: news articles in, a claim-verification benchmark out.

The import name is ``toolkit``; the distribution and console script are ``claimkit``.
"""

from importlib.metadata import version
from typing import Any

#: One source of truth, pyproject.toml; modules ask the installed metadata, not this package.
__version__ = version("claimkit")

__all__ = ["__version__", "load_benchmark"]


def __getattr__(name: str) -> Any:
    """``toolkit.load_benchmark``, imported on first use so ``import toolkit`` stays light
    (``datasets`` and pyarrow load only when a dataset is)."""
    if name == "load_benchmark":
        from toolkit.dataset.load import load_benchmark

        return load_benchmark
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
