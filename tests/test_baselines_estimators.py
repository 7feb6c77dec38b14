"""Every baseline is a scikit-learn estimator, and its grid is the config file's data.

Text inputs rule out the whole ``check_estimator`` suite (it feeds numeric arrays);
these are the API checks that apply: keyword-only parameters kept as given, nothing set
in ``__init__``, get/set_params and ``clone``, and a clear error before ``fit``.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import (
    check_estimators_unfitted,
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from toolkit.baselines import models
from toolkit.baselines.models import BASELINES, load_config
from toolkit.baselines.retrieval import RetrievalVerifier
from toolkit.bm25 import SentenceIndex
from toolkit.errors import DataError
from toolkit.records import CorpusSentence

CORPUS = SentenceIndex(
    [
        CorpusSentence("a", 0, "The war has been ongoing for more than two years."),
        CorpusSentence("a", 1, "Congress passed a package totaling nearly 61 billion dollars."),
        CorpusSentence("b", 0, "Germany permitted Ukraine to use German-made weapons."),
    ]
)
X = pd.DataFrame(
    {
        "claim": [
            "The war has been ongoing for more than two years.",
            "The war has been ongoing for more than five years.",
            "Congress passed a package totaling nearly 61 billion dollars.",
            "Congress passed a package totaling nearly 16 billion dollars.",
            "A bakery in Lima won a prize for bread.",
            "Germany did not permit Ukraine to use German-made weapons.",
        ],
        "evidence": [
            "The war has been ongoing for more than two years.",
            "The war has been ongoing for more than two years.",
            "Congress passed a package totaling nearly 61 billion dollars.",
            "Congress passed a package totaling nearly 61 billion dollars.",
            "Germany permitted Ukraine to use German-made weapons.",
            "Germany permitted Ukraine to use German-made weapons.",
        ],
    }
)
Y = np.array([0, 1, 0, 1, 2, 1])


def _make(name: str, **params):
    return BASELINES[name].make(random_state=0, corpus=CORPUS, **params)


@pytest.mark.parametrize("name", list(BASELINES))
def test_scikit_learn_api_checks(name: str) -> None:
    estimator = _make(name)
    cls = type(estimator).__name__
    check_no_attributes_set_in_init(cls, estimator)
    check_parameters_default_constructible(cls, estimator)
    check_get_params_invariance(cls, estimator)
    check_set_params(cls, estimator)
    check_estimators_unfitted(cls, estimator)


@pytest.mark.parametrize("name", list(BASELINES))
def test_parameters_are_keyword_only_and_clone_refits_the_same(name: str) -> None:
    b = BASELINES[name]
    with pytest.raises(TypeError):
        b.estimator(0)
    for point in b.grid:
        estimator = _make(name, **point)
        assert estimator.get_params()["random_state"] == 0
        assert {k: estimator.get_params()[k] for k in point} == point
        copy = clone(estimator)
        assert copy.get_params() == estimator.get_params()
        with pytest.raises(NotFittedError):
            copy.predict(X)
        fitted = estimator.fit(X, Y)
        assert not hasattr(copy, "classes_")  # fitting one leaves its clone alone
        np.testing.assert_array_equal(clone(fitted).fit(X, Y).predict(X), fitted.predict(X))
        assert list(fitted.classes_) == sorted(set(Y))


def test_the_corpus_is_a_parameter_not_a_fit_argument() -> None:
    model = RetrievalVerifier(corpus=CORPUS, k=2).fit(X, Y)
    assert model.get_params()["corpus"] is CORPUS
    labels, evidence = model.predict_with_evidence(X)
    assert evidence[2][0] == ("a", 1) and all(len(e) <= 2 for e in evidence)
    assert labels[4] == 2  # nothing close to the bakery: NOT_ENOUGH_INFO
    with pytest.raises(TypeError):
        RetrievalVerifier(corpus=CORPUS).fit(X, Y, corpus=CORPUS)


def test_configs_are_what_the_registry_reads() -> None:
    for b in BASELINES.values():
        config = json.loads((models.CONFIG_DIR / f"{b.name}.json").read_text())
        assert b.version == config["version"] and b.param_grid == config["param_grid"]
    assert sorted(p.stem for p in models.CONFIG_DIR.glob("*.json")) == sorted(BASELINES)
    assert BASELINES["majority"].grid == ({},)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"version": 1, "param_grid": {"C": [1.0]}', "not JSON"),
        ('{"version": "1", "param_grid": {}}', '"version" must be a whole number'),
        ('{"version": 1, "param_grid": {"C": []}}', "non-empty lists"),
        ('{"version": 1, "param_grid": {"alpha": [1]}}', "unknown parameter(s) alpha for ClaimOnly"),
    ],
)
def test_a_bad_config_is_a_one_line_error(tmp_path, monkeypatch, text: str, message: str) -> None:
    monkeypatch.setattr(models, "CONFIG_DIR", tmp_path)
    (tmp_path / "claim-only.json").write_text(text)
    with pytest.raises(DataError) as exc:
        load_config("claim-only", BASELINES["claim-only"].estimator)
    assert message in str(exc.value) and "claim-only.json" in str(exc.value)
    assert "\n" not in str(exc.value)
    with pytest.raises(DataError, match="no config for baseline 'nope'"):
        load_config("nope", BASELINES["claim-only"].estimator)
