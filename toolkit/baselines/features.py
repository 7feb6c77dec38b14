"""Text features for the baselines: a shared tokenizer and claim/evidence pair features.

The pair features are what a linear model cannot get from bag-of-words alone: whether
the evidence mentions the claim's numbers, dates and names, and how much of the claim it
covers. They target the mutations the generator makes (swapped number, date, entity,
quantifier, added negation), so a claim-evidence model that ignores them is easy to spot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

_TOKEN = re.compile(r"\w+(?:'\w+)?", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALIZED = re.compile(r"\b[A-Z][\w-]+")

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "into",
        "about",
        "over",
        "under",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "they",
        "them",
        "their",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "there",
        "than",
        "then",
        "so",
        "such",
        "also",
        "can",
        "could",
        "will",
        "would",
        "may",
        "might",
        "must",
        "shall",
        "should",
    ]
)
NEGATIONS = frozenset(
    ["not", "no", "never", "none", "nor", "neither", "without", "cannot", "n't", "nothing"]
)
NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
DATE_WORDS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)

#: Column names of :class:`PairFeatures` output, in order (for reports and tests).
PAIR_FEATURES = (
    "claim_coverage",
    "novel_claim_words",
    "evidence_empty",
    "number_mismatch",
    "date_mismatch",
    "name_mismatch",
    "negation_mismatch",
)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; ``n't`` stays attached so negation is not lost."""
    return [t.lower() for t in _TOKEN.findall(text)]


def content_tokens(text: str) -> list[str]:
    """Tokens without stopwords: what retrieval and overlap compare."""
    return [t for t in tokens(text) if t not in STOPWORDS]


def _numbers(toks: Iterable[str], text: str) -> set[str]:
    nums = {n.replace(",", "") for n in _NUMBER.findall(text)}
    nums.update(NUMBER_WORDS[t] for t in toks if t in NUMBER_WORDS)
    return nums


def _names(text: str) -> set[str]:
    """Capitalized words not at a sentence start: a cheap stand-in for named entities."""
    out = set()
    for m in _CAPITALIZED.finditer(text):
        before = text[: m.start()].rstrip()
        if before and before[-1] not in '.!?"“':
            out.add(m.group().lower())
    return out


def _has_negation(toks: Iterable[str]) -> bool:
    return any(t in NEGATIONS or t.endswith("n't") for t in toks)


def pair_features(claim: str, evidence: str) -> list[float]:
    """The :data:`PAIR_FEATURES` of one claim/evidence pair."""
    ct, et = tokens(claim), tokens(evidence)
    cc = {t for t in ct if t not in STOPWORDS}
    ev = set(et)
    novel = len(cc - ev)
    coverage = (len(cc) - novel) / len(cc) if cc else 0.0
    cn, en = _numbers(ct, claim), _numbers(et, evidence)
    cd = {t for t in ct if t in DATE_WORDS} | {n for n in cn if len(n) == 4}
    names = _names(claim)
    return [
        coverage,
        float(np.log1p(novel)),
        float(not evidence.strip()),
        float(bool(cn - en)),
        float(bool(cd - ev - en)),
        len(names - ev) / len(names) if names else 0.0,
        float(_has_negation(ct) != _has_negation(et)),
    ]


class PairFeatures(TransformerMixin, BaseEstimator):
    """Stateless transformer: a two-column frame (claim, evidence) to pair features.

    Takes whatever two columns a ColumnTransformer hands it, first the claim, then the
    evidence text.
    """

    def fit(self, X, y=None):
        self.n_features_out_ = len(PAIR_FEATURES)
        return self

    def transform(self, X):
        arr = np.asarray(X, dtype=object)
        return np.array(
            [pair_features(str(c), str(e or "")) for c, e in arr], dtype=np.float64
        ).reshape(len(arr), len(PAIR_FEATURES))

    def get_feature_names_out(self, input_features=None):
        return np.array(PAIR_FEATURES, dtype=object)
