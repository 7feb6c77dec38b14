"""The baseline registry, pair features, retrieval and skops persistence."""

from __future__ import annotations

import collections

import numpy as np
import pandas as pd
import pytest

from baselines.features import PAIR_FEATURES, PairFeatures, pair_features
from baselines.models import BASELINES, get_baseline
from baselines.retrieval import RetrievalVerifier
from baselines.run import load_model, save_model
from toolkit.errors import DataError, UsageError
from toolkit.records import CorpusSentence


def test_unknown_name_lists_the_valid_ones() -> None:
    with pytest.raises(UsageError) as exc:
        get_baseline("bert")
    msg = str(exc.value)
    assert "unknown baseline 'bert'" in msg
    for name in BASELINES:
        assert name in msg


def test_versioned_names() -> None:
    assert get_baseline("claim-only@v1") is BASELINES["claim-only"]
    with pytest.raises(UsageError):
        get_baseline("claim-only@v9")


def test_builders_take_keyword_only_params_with_random_state() -> None:
    for b in BASELINES.values():
        with pytest.raises(TypeError):
            b.build(0)
        est = b.build(random_state=3)
        assert est.get_params()  # a scikit-learn estimator
        for point in b.grid:
            b.build(**point, random_state=0)


def _f(claim: str, evidence: str) -> dict[str, float]:
    return dict(zip(PAIR_FEATURES, pair_features(claim, evidence), strict=True))


def test_pair_features_catch_the_mutations() -> None:
    ev = "On Thursday, May 30, POLITICO reported that Ukraine may strike Russia."
    same = _f(ev, ev)
    assert same["claim_coverage"] == 1.0
    assert same["number_mismatch"] == same["date_mismatch"] == same["name_mismatch"] == 0
    assert _f(ev.replace("30", "13"), ev)["number_mismatch"] == 1.0
    assert _f(ev.replace("Thursday", "Monday"), ev)["date_mismatch"] == 1.0
    assert _f(ev.replace("Ukraine", "Moldova"), ev)["name_mismatch"] > 0
    assert _f(ev.replace("may strike", "may not strike"), ev)["negation_mismatch"] == 1.0
    assert _f("Two years passed.", "2 years passed.")["number_mismatch"] == 0.0
    assert _f(ev, "")["evidence_empty"] == 1.0


def test_pair_features_transformer_shape() -> None:
    x = pd.DataFrame({"claim": ["a b", "c"], "evidence": ["a", ""]})
    out = PairFeatures().fit(x).transform(x)
    assert out.shape == (2, len(PAIR_FEATURES))


CORPUS = [
    CorpusSentence("a", 0, "The Russo-Ukraine war has been ongoing for more than two years."),
    CorpusSentence("a", 1, "Congress passed a package totaling nearly 61 billion dollars."),
    CorpusSentence("b", 0, "Germany permitted Ukraine to use German-made weapons."),
]


def test_retrieval_ranks_the_matching_sentence_first_and_says_nei_when_nothing_close() -> None:
    claims = pd.DataFrame(
        {
            "claim": [
                "Congress passed a package of nearly 61 billion dollars.",
                "Germany permitted Ukraine to use German weapons.",
                "A bakery in Lima won a prize for bread.",
                "The war has been ongoing for more than five years.",
            ]
        }
    )
    model = RetrievalVerifier(min_overlap=0.5).fit(claims, [0, 0, 2, 1], corpus=CORPUS)
    labels, evidence = model.predict_with_evidence(claims)
    assert evidence[0][0] == ("a", 1)
    assert evidence[1][0] == ("b", 0)
    assert evidence[2] == []  # no shared word at all: nothing retrieved
    assert labels[2] == 2  # NOT_ENOUGH_INFO
    assert all(len(e) <= 5 for e in evidence)
    again = RetrievalVerifier(min_overlap=0.5).fit(claims, [0, 0, 2, 1], corpus=CORPUS)
    assert again.predict_with_evidence(claims)[1] == evidence


def test_retrieval_model_round_trips_through_skops(tmp_path) -> None:
    claims = pd.DataFrame({"claim": [c.text for c in CORPUS] + ["Bread prices rose in Lima."]})
    model = RetrievalVerifier().fit(claims, [0, 1, 0, 2], corpus=CORPUS)
    save_model(model, tmp_path / "m.skops")
    first = (tmp_path / "m.skops").read_bytes()
    save_model(model, tmp_path / "m.skops")
    assert (tmp_path / "m.skops").read_bytes() == first  # byte-identical
    loaded = load_model(tmp_path / "m.skops")
    with pytest.raises(UsageError, match="attach_corpus"):
        loaded.predict(claims)
    loaded.attach_corpus(CORPUS)
    np.testing.assert_array_equal(loaded.predict(claims), model.predict(claims))


def test_load_refuses_untrusted_types(tmp_path) -> None:
    import skops.io as sio

    sio.dump(collections.Counter(a=1), tmp_path / "evil.skops")
    with pytest.raises(DataError, match=r"untrusted types collections\.Counter"):
        load_model(tmp_path / "evil.skops")
    (tmp_path / "junk.skops").write_bytes(b"not a zip")
    with pytest.raises(DataError, match="not a skops model file"):
        load_model(tmp_path / "junk.skops")


def test_batched_retrieval_equals_bm25s_scores() -> None:
    """The sparse batch scoring ranks exactly as bm25s's own get_scores would."""
    from baselines.features import content_tokens

    corpus = [
        CorpusSentence("d", i, t)
        for i, t in enumerate(
            [
                "Congress passed an aid package for Ukraine.",
                "Ukraine used HIMARS rockets near Belgorod.",
                "Germany allowed Ukraine to use German weapons.",
                "The aid package totaled nearly 61 billion dollars.",
                "Russia gained ground near Kharkiv.",
                "Officials said long-range strikes remain prohibited.",
                "Ukraine Ukraine Ukraine.",
            ]
        )
    ]
    model = RetrievalVerifier(k=3).attach_corpus(corpus)
    queries = ["Ukraine aid package", "German weapons for Ukraine", "Kharkiv", "zebra", ""]
    vocab = model.index_.vocab_dict
    for query, hits in zip(queries, model.retrieve(queries), strict=True):
        q = [t for t in dict.fromkeys(content_tokens(query)) if t in vocab]
        if not q:
            assert hits == []
            continue
        scores = np.asarray(model.index_.get_scores(q), dtype=np.float64)
        ref = [int(i) for i in np.argsort(-scores, kind="stable")[:3] if scores[i] > 0]
        assert [i for i, _ in hits] == ref
        np.testing.assert_allclose([s for _, s in hits], scores[ref], rtol=1e-5)
