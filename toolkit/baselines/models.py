"""The baseline registry: registered, versioned names, each a scikit-learn estimator.

The code of a baseline (its estimator class, its setting, one line that says what it
is) is registered here; its version and hyperparameter grid are data, read from
``baselines/configs/<name>.json`` (shipped in the wheel as ``toolkit/baselines/configs``),
the documentation of record that :class:`~sklearn.model_selection.GridSearchCV` reads::

    {"version": 2, "param_grid": {"C": [0.1, 1.0, 10.0]}}

A baseline's version goes up whenever its features, model or grid change, so numbers
reported under ``name@N`` always mean the same thing (the syntax the rules use too).
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sklearn.base import BaseEstimator
from sklearn.model_selection import ParameterGrid

from toolkit.bm25 import SentenceIndex
from toolkit.errors import DataError, UsageError

from .estimators import ClaimEvidence, ClaimEvidenceSVM, ClaimOnly, Majority
from .retrieval import RetrievalVerifier

_HERE = Path(__file__).resolve().parent
#: In a wheel the configs ship as toolkit/baselines/configs; in the source tree they are
#: the top-level baselines/configs, next to the published RESULTS.md.
CONFIG_DIR = _HERE / "configs" if (_HERE / "configs").is_dir() else _HERE.parents[1] / "baselines" / "configs"

#: Settings: ``none`` (ignores the input), ``claim`` (claim text only), ``oracle``
#: (claim + gold evidence), ``open`` (claim + retrieved evidence; predicts evidence, so
#: it gets a FEVER score, and reads the corpus it is given at construction).
SETTINGS = ("none", "claim", "oracle", "open")


@dataclass(frozen=True)
class Baseline:
    """A registered baseline: name, setting, estimator class, and its config file's data."""

    name: str
    setting: str
    summary: str
    estimator: type[BaseEstimator]

    @cached_property
    def config(self) -> dict[str, Any]:
        return load_config(self.name, self.estimator)

    @property
    def version(self) -> int:
        return int(self.config["version"])

    @property
    def param_grid(self) -> dict[str, list[Any]]:
        return self.config["param_grid"]

    @property
    def grid(self) -> tuple[dict[str, Any], ...]:
        """The grid points in the order GridSearchCV tries (and breaks ties in)."""
        return tuple(ParameterGrid(self.param_grid))

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def reads_corpus(self) -> bool:
        return self.setting == "open"

    def make(self, *, random_state: int, corpus: SentenceIndex | None = None, **params: Any):
        """A new, unfitted estimator; ``corpus`` goes to the baselines that read it."""
        if self.reads_corpus:
            params["corpus"] = corpus
        return self.estimator(random_state=random_state, **params)


def load_config(name: str, estimator: type[BaseEstimator]) -> dict[str, Any]:
    """Read and check ``<CONFIG_DIR>/<name>.json``: a version and a grid of real parameters."""
    path = CONFIG_DIR / f"{name}.json"
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(
            f"no config for baseline {name!r} (add {path.name} with a version and a param_grid)",
            path=path,
        ) from None
    except json.JSONDecodeError as exc:
        raise DataError(f"not JSON: {exc.msg}", path=path, line=exc.lineno) from None
    version, grid = config.get("version"), config.get("param_grid")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DataError('"version" must be a whole number >= 1 (bump it when the grid changes)',
                        path=path)  # fmt: skip
    known = set(inspect.signature(estimator).parameters) - {"corpus", "random_state", "memory"}
    if not isinstance(grid, dict) or not all(isinstance(v, list) and v for v in grid.values()):
        raise DataError('"param_grid" must map parameter names to non-empty lists', path=path)
    unknown = sorted(set(grid) - known)
    if unknown:
        raise DataError(
            f"unknown parameter(s) {', '.join(unknown)} for {estimator.__name__}"
            f" (its parameters: {', '.join(sorted(known)) or 'none'})",
            path=path,
        )
    return config


BASELINES: dict[str, Baseline] = {
    b.name: b
    for b in (
        Baseline("majority", "none", "DummyClassifier(most_frequent)", Majority),
        Baseline("claim-only", "claim", "TF-IDF(claim) + logistic regression", ClaimOnly),
        Baseline(
            "claim-evidence",
            "oracle",
            "TF-IDF(claim, evidence) + pair features + logistic regression",
            ClaimEvidence,
        ),
        Baseline(
            "claim-evidence-svm",
            "oracle",
            "TF-IDF(claim, evidence) + pair features + linear SVM",
            ClaimEvidenceSVM,
        ),
        Baseline(
            "retrieval",
            "open",
            "bm25s top-5 sentences + claim-evidence LR; NEI when nothing close",
            RetrievalVerifier,
        ),
    )
}


def get_baseline(name: str) -> Baseline:
    """Look a baseline up by ``name`` or ``name@N``; an unknown one lists the valid ones."""
    base, _, version = name.partition("@")
    b = BASELINES.get(base)
    if b is None or (version and version != str(b.version)):
        valid = ", ".join(f"{x.name} ({x.key})" for x in BASELINES.values())
        raise UsageError(f"unknown baseline {name!r}; valid baselines: {valid}")
    return b
