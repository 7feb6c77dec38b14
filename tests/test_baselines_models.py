"""The baseline registry, pair features, retrieval and skops persistence."""

from __future__ import annotations

import collections

import numpy as np
import pandas as pd
import pytest

from toolkit.baselines.features import PAIR_FEATURES, PairFeatures, pair_features
from toolkit.baselines.models import BASELINES, get_baseline
from toolkit.baselines.retrieval import RetrievalVerifier
from toolkit.baselines.run import load_model, save_model
from toolkit.bm25 import SentenceIndex
from toolkit.errors import DataError, UsageError
from toolkit.records import CorpusSentence


def test_unknown_name_lists_the_valid_ones() -> None:
    with pytest.raises(UsageError) as exc:
        get_baseline("bert")
    msg = str(exc.value)
    assert "unknown baseline 'bert'" in msg
    for name in BASELINES:
        assert name in msg


def test_versioned_names_use_the_rules_syntax() -> None:
    assert get_baseline("claim-only@1") is BASELINES["claim-only"]
    assert BASELINES["claim-evidence"].key == "claim-evidence@2"
    for wrong in ("claim-only@9", "claim-only@v1"):
        with pytest.raises(UsageError, match="claim-only@1"):
            get_baseline(wrong)


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
    model = RetrievalVerifier(corpus=CORPUS, min_overlap=0.5).fit(claims, [0, 0, 2, 1])
    labels, evidence = model.predict_with_evidence(claims)
    assert evidence[0][0] == ("a", 1)
    assert evidence[1][0] == ("b", 0)
    assert evidence[2] == []  # no shared word at all: nothing retrieved
    assert labels[2] == 2  # NOT_ENOUGH_INFO
    assert all(len(e) <= 5 for e in evidence)
    again = RetrievalVerifier(corpus=SentenceIndex(CORPUS), min_overlap=0.5).fit(claims, [0, 0, 2, 1])
    assert again.predict_with_evidence(claims)[1] == evidence


def test_retrieval_model_round_trips_through_skops(tmp_path) -> None:
    claims = pd.DataFrame({"claim": [c.text for c in CORPUS] + ["Bread prices rose in Lima."]})
    model = RetrievalVerifier(corpus=SentenceIndex(CORPUS)).fit(claims, [0, 1, 0, 2])
    save_model(model, tmp_path / "m.skops")
    first = (tmp_path / "m.skops").read_bytes()
    save_model(model, tmp_path / "m.skops")
    assert (tmp_path / "m.skops").read_bytes() == first  # byte-identical
    assert model.corpus is not None  # saving leaves the model itself alone
    loaded = load_model(tmp_path / "m.skops")
    assert loaded.corpus is None  # derived data is not saved
    with pytest.raises(UsageError, match=r"set_params\(corpus="):
        loaded.predict(claims)
    loaded.set_params(corpus=CORPUS)
    np.testing.assert_array_equal(loaded.predict(claims), model.predict(claims))


def test_saving_through_skops_save_steps_writes_what_public_dumps_gives(
    tmp_path, monkeypatch
) -> None:
    """save_model takes skops's schema from its private save steps (dumps' indented JSON
    is slow); when they are missing it falls back to the public dumps: same bytes."""
    import sys

    import skops.io as sio

    dumps, calls = sio.dumps, []
    monkeypatch.setattr(sio, "dumps", lambda *a, **k: calls.append(1) or dumps(*a, **k))
    x = pd.DataFrame({"claim": [c.text for c in CORPUS] * 2,
                      "evidence": [c.text for c in reversed(CORPUS)] * 2})  # fmt: skip
    model = BASELINES["claim-evidence"].make(random_state=0, corpus=None, memory=None)
    model.fit(x, [0, 1, 2, 1, 0, 2])
    save_model(model, tmp_path / "fast.skops")
    assert calls == []
    monkeypatch.setitem(sys.modules, "skops.io._utils", None)  # the import now fails
    save_model(model, tmp_path / "public.skops")
    assert calls == [1]
    assert (tmp_path / "fast.skops").read_bytes() == (tmp_path / "public.skops").read_bytes()
    loaded = load_model(tmp_path / "fast.skops")
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))


def test_a_model_sent_through_pickle_saves_to_the_same_bytes(tmp_path) -> None:
    """A model back from a worker process (or a fit cache) holds equal numbers as
    distinct objects, which skops would write differently: save_model must not care."""
    import pickle

    x = pd.DataFrame({"claim": [c.text for c in CORPUS] * 2})
    model = BASELINES["claim-only"].make(random_state=0, memory=None).fit(x, [0, 1, 2, 1, 0, 2])
    save_model(model, tmp_path / "here.skops")
    save_model(pickle.loads(pickle.dumps(model)), tmp_path / "sent.skops")
    assert (tmp_path / "here.skops").read_bytes() == (tmp_path / "sent.skops").read_bytes()


def test_load_refuses_untrusted_types(tmp_path) -> None:
    import skops.io as sio

    sio.dump(collections.Counter(a=1), tmp_path / "evil.skops")
    with pytest.raises(DataError, match=r"untrusted types collections\.Counter"):
        load_model(tmp_path / "evil.skops")
    (tmp_path / "junk.skops").write_bytes(b"not a zip")
    with pytest.raises(DataError, match="not a skops model file"):
        load_model(tmp_path / "junk.skops")


@pytest.mark.parametrize("depth", [1, 3])
def test_shared_index_ranks_as_bm25s_scores_with_ties_in_corpus_order(depth: int) -> None:
    """Top-k from the batched, threaded search equals a full sort of bm25s's own scores,
    equal scores ranked by corpus position, whatever the number of threads; at depth 1
    (extract's held-out check) as deeper, where the index selects in different ways."""
    from toolkit.bm25 import content_tokens

    texts = [
        "Congress passed an aid package for Ukraine.",
        "Ukraine used HIMARS rockets near Belgorod.",
        "Germany allowed Ukraine to use German weapons.",
        "The aid package totaled nearly 61 billion dollars.",
        "Russia gained ground near Kharkiv.",
        "Officials said long-range strikes remain prohibited.",
        "Ukraine Ukraine Ukraine.",
    ]
    # 20 copies of one sentence (scored once), and 12 other sentences of the same length
    # with "Kharkiv" once: equal scores that run past bm25s's spare places
    ties = [f"Kharkiv {w}." for w in ("rose", "won", "lost", "burned", "waited", "slept",
                                      "voted", "cheered", "mourned", "rebuilt", "grew", "shone")]  # fmt: skip
    corpus = [CorpusSentence("d", i, t)
              for i, t in enumerate(texts + ["Kharkiv fell."] * 20 + ties)]  # fmt: skip
    # "Kharkiv Ukraine": only the best sentence scores half as much as itself
    queries = ["Ukraine aid package", "German weapons for Ukraine", "Kharkiv", "zebra", "", "é",
               "Kharkiv Ukraine"]  # fmt: skip
    answers = []
    for threads in (0, 2):
        index = SentenceIndex(corpus, depth=depth, n_threads=threads)
        answers.append(index.retrieve(queries, k=depth))
    assert answers[0] == answers[1]
    import bm25s

    bm25 = bm25s.BM25()  # every copy its own column: the scores the index must equal
    bm25.index([content_tokens(s.text) for s in corpus], show_progress=False)
    for query, hits in zip(queries, answers[0], strict=True):
        q = sorted(set(content_tokens(query)) & set(bm25.vocab_dict) - {""})
        if not q:
            assert hits == []
            continue
        scores = np.asarray(bm25.get_scores(q), dtype=np.float64)
        ref = [int(i) for i in np.argsort(-scores, kind="stable")[:depth] if scores[i] > 0]
        assert [i for i, _ in hits] == ref
        np.testing.assert_allclose([s for _, s in hits], scores[ref], rtol=1e-6)
    assert [i for i, _ in answers[0][2]] == [7, 8, 9][:depth]  # Kharkiv: 32 ties, in order


def test_index_is_shared_not_copied_and_answers_once() -> None:
    import copy

    from sklearn.base import clone

    index = SentenceIndex(CORPUS)
    model = RetrievalVerifier(corpus=index, k=2)
    assert clone(model).corpus is index and copy.deepcopy(index) is index
    index.retrieve(["Congress passed a package."])
    assert list(index._answers) == ["Congress passed a package."]
    with pytest.raises(UsageError, match="deeper"):
        index.retrieve(["x"], k=6)
    with pytest.raises(UsageError, match="empty"):
        SentenceIndex([])


def test_an_unpickled_index_answers_the_same_with_numpy_s_own_dtypes() -> None:
    """A Dask engine pickles the index to its workers. Unpickled arrays carry equal but
    distinct dtype objects, on which numpy skips ``np.add.at``'s fast loop (bm25s's
    scoring); the index makes them numpy's own again."""
    import pickle

    raw = pickle.loads(pickle.dumps(np.arange(3, dtype=np.float32)))
    assert raw.dtype == np.float32 and raw.dtype is not np.dtype(np.float32)  # the hazard

    index = SentenceIndex(CORPUS, depth=3)
    again = pickle.loads(pickle.dumps(index))
    for key in ("data", "indices", "indptr"):
        array = again._bm25.scores[key]
        assert array.dtype is np.dtype(array.dtype.type), key
        assert array.dtype == index._bm25.scores[key].dtype
    queries = ["Congress passed a package.", "Ukraine aid", "zebra"]
    assert again.retrieve(queries, k=3) == index.retrieve(queries, k=3)


def _reference_pair_features(claim: str, evidence: str) -> list[float]:
    """The pair features written one pair at a time with Python sets: the definition the
    vectorized version must match exactly."""
    import re

    from toolkit.baselines.features import DATE_WORDS, NUMBER_WORDS, STOPWORDS, tokens
    from toolkit.lexicon import NEGATORS

    def numbers(toks, text):
        nums = {n.replace(",", "") for n in re.findall(r"\d+(?:[.,]\d+)*", text)}
        return nums | {NUMBER_WORDS[t] for t in toks if t in NUMBER_WORDS}

    def names(text):
        out = set()
        for m in re.finditer(r"\b[A-Z][\w-]+", text):
            before = text[: m.start()].rstrip()
            if before and before[-1] not in '.!?"“':
                out.add(m.group().lower())
        return out

    def negated(text):
        # a typographic apostrophe counts ("isn’t"); the tokenizer would split at it
        toks = tokens(text.replace("’", "'"))
        return any(t in NEGATORS or t.endswith("n't") for t in toks)

    ct, et = tokens(claim), tokens(evidence)
    cc = {t for t in ct if t not in STOPWORDS}
    ev = set(et)
    novel = len(cc - ev)
    cn, en = numbers(ct, claim), numbers(et, evidence)
    cd = {t for t in ct if t in DATE_WORDS} | {n for n in cn if len(n) == 4}
    nm = names(claim)
    return [
        (len(cc) - novel) / len(cc) if cc else 0.0,
        float(np.log1p(novel)),
        float(not evidence.strip()),
        float(bool(cn - en)),
        float(bool(cd - ev - en)),
        len(nm - ev) / len(nm) if nm else 0.0,
        float(negated(claim) != negated(evidence)),
    ]


EDGE_PAIRS = [
    ("", ""),
    ("   ", "Nothing here."),
    ("In 2024 and 1999 it grew.", "In 2024 it grew."),  # one date found, one missing
    ("Sales hit 2,024 units in May.", "Sales hit 2024 units in May."),
    ("Sales hit 12.5 million.", "Sales hit 12.5 million."),
    ("Two ships sank.", "2 ships sank."),
    ("He didn't go to Paris.", "He went to Paris."),
    ("The bridge isn’t open.", "The bridge is open."),  # typographic apostrophe
    ('He said. "Biden won," Kirby added. Then Moscow.', "biden kirby moscow"),
    ("The German-made tanks of Ukraine.", "Ukraine has German tanks."),
    ("Ünal Çelik visited Zürich on Friday.", "Çelik visited Zürich."),
    ("McDonald's opened in Kyiv.", "McDonald's opened in Kyiv on Monday."),
    ("No one came, officials said.", "Officials said many came."),
    ("x- Bob and A.B met 3 times.", "Bob met A three times."),
]


def test_vectorized_pair_features_equal_their_definition(seed_articles) -> None:
    from baselines_fixture import refute

    from toolkit.baselines.features import pair_feature_matrix

    article = seed_articles[0]
    sents = [article.sentence_text(s.index) for s in article.sentences]
    pairs = list(EDGE_PAIRS)
    for i, s in enumerate(sents):
        pairs += [(s, s), (refute(s), s), (s, sents[(i + 7) % len(sents)]), (s, "")]
    got = pair_feature_matrix([c for c, _ in pairs], [e for _, e in pairs])
    want = np.array([_reference_pair_features(c, e) for c, e in pairs])
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
    assert pair_feature_matrix([], []).shape == (0, len(PAIR_FEATURES))
