"""The dataset's feature schema and the mapping from records to rows.

Other parts of the project (baselines, evaluation) read the dataset through these
features, so they are defined once, here, with ``datasets``' own types: the ``label``
column is a ``ClassLabel`` in :data:`~toolkit.records.LABELS` order, which is what
makes ``load_dataset`` hand back label names instead of bare int64.

``evidence`` is a list of alternative groups (FEVER semantics: all items of one group
together decide the claim, any one complete group is enough), each a list of items.

The quote of an evidence item is ``exact``, as in the records and the JSON Schema (a
W3C text-quote selector's name). External evidence (a quote from a source outside the
corpus: a contributor's citation, an AVeriTeC answer, a fact-check) keeps the agreed
evidence struct: ``article_id``, ``sentence_index``, ``start`` and ``end`` are null,
``exact`` holds the quote and ``url`` its source, so that a dataset of external
evidence alone (AVeriTeC, ClaimReview) says where each quote comes from. ``url`` is
null for corpus evidence. The access date stays in ``data/claims.jsonl``.

A claim's provenance (the ``method`` that made it and the ``article_id`` it was derived
from) is not in the ``claims`` config but in ``provenance``, keyed by claim id: both
give away the label of held-out NOT_ENOUGH_INFO claims (an ``nei:`` method, an article
absent from the ``articles`` config), so a system must not see them next to the claim.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from toolkit.records import LABELS, Article, Claim

if TYPE_CHECKING:
    from datasets import Features

#: Config names, in the order the card lists them; ``claims`` is the default.
CLAIMS = "claims"
ARTICLES = "articles"
PROVENANCE = "provenance"

#: The version of the published schema (configs and features), MAJOR.MINOR.PATCH: a
#: renamed or removed column is a major step. :data:`CHANGES` says what each changed.
VERSION = "2.0.0"
CHANGES: tuple[tuple[str, str], ...] = (
    ("2.0.0", "the evidence quote is `exact` (was `text`), as in the records; `method` and"
              " `article_id` moved from `claims` to the new `provenance` config, because"
              " they give away the label of held-out NOT_ENOUGH_INFO claims"),
    ("1.0.0", "first published layout: configs `claims` and `articles`"),
)

#: The one split of the ``articles`` config: the retrieval corpus for the open setting
#: (the BEIR convention), the same for every claims split.
CORPUS_SPLIT = "corpus"

#: The features of each config: ``CLAIMS_FEATURES``, ``PROVENANCE_FEATURES`` and
#: ``ARTICLES_FEATURES``, made on first use (see :func:`__getattr__`).
_FEATURE_NAMES = ("CLAIMS_FEATURES", "PROVENANCE_FEATURES", "ARTICLES_FEATURES")


def __getattr__(name: str) -> Features:
    """The ``*_FEATURES`` constants, made when first asked for.

    Importing ``datasets`` (and pandas and pyarrow with it) takes 110 MB and a second:
    the build imports this module for the config names and the row mappers, and
    groups a million claims before it writes a row, so ``datasets`` waits until then
    rather than sitting beside the grouping's peak.
    """
    if name in _FEATURE_NAMES:
        return _features()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _features() -> dict[str, Features]:
    from datasets import ClassLabel, Features, List, Value

    CLAIMS_FEATURES = Features(
        {
            "id": Value("string"),
            "claim": Value("string"),
            "label": ClassLabel(names=list(LABELS)),
            "evidence": List(
                List(
                    {
                        "article_id": Value("string"),
                        "sentence_index": Value("int32"),
                        "start": Value("int32"),
                        "end": Value("int32"),
                        "exact": Value("string"),
                        "url": Value("string"),
                    }
                )
            ),
            "status": Value("string"),
        }
    )

    # Where each claim comes from, by claim id, in the same splits as ``claims``. Provenance
    # for audits and per-method scores, never a model input (see the module docstring).
    PROVENANCE_FEATURES = Features(
        {
            "id": Value("string"),
            "method": Value("string"),
            "article_id": Value("string"),
        }
    )

    ARTICLES_FEATURES = Features(
        {
            "id": Value("string"),
            "title": Value("string"),
            "text": Value("string"),
            "sentences": List(
                {
                    "index": Value("int32"),
                    "start": Value("int32"),
                    "end": Value("int32"),
                    "text": Value("string"),
                }
            ),
            "publisher": Value("string"),
            "url": Value("string"),
            "published": Value("string"),
            "file": Value("string"),
        }
    )
    return {"CLAIMS_FEATURES": CLAIMS_FEATURES, "PROVENANCE_FEATURES": PROVENANCE_FEATURES,
            "ARTICLES_FEATURES": ARTICLES_FEATURES}


_LABEL_ID = {name: i for i, name in enumerate(LABELS)}


def claim_columns(claims: list[Claim]) -> dict[str, list[Any]]:
    """Column-oriented rows of the ``claims`` config (label as its ClassLabel id)."""
    return {
        "id": [c.id for c in claims],
        "claim": [c.claim for c in claims],
        "label": [_LABEL_ID[c.label] for c in claims],
        "evidence": [
            [
                [
                    {
                        "article_id": e.article_id,
                        "sentence_index": e.sentence_index,
                        "start": e.start,
                        "end": e.end,
                        "exact": e.exact,
                        "url": e.url,
                    }
                    for e in group
                ]
                for group in c.evidence
            ]
            for c in claims
        ],
        "status": [c.status for c in claims],
    }


def provenance_columns(claims: list[Claim]) -> dict[str, list[Any]]:
    """Column-oriented rows of the ``provenance`` config, in the claims' order."""
    return {
        "id": [c.id for c in claims],
        "method": [c.method for c in claims],
        "article_id": [c.article_id for c in claims],
    }


def article_columns(articles: list[Article]) -> dict[str, list[Any]]:
    """Column-oriented rows of the ``articles`` config, sentences with their text."""
    return {
        "id": [a.id for a in articles],
        "title": [a.title for a in articles],
        "text": [a.text for a in articles],
        "sentences": [
            [
                {"index": s.index, "start": s.start, "end": s.end, "text": a.text[s.start : s.end]}
                for s in a.sentences
            ]
            for a in articles
        ],
        "publisher": [a.source.publisher for a in articles],
        "url": [a.source.url for a in articles],
        "published": [a.source.published for a in articles],
        "file": [a.source.file for a in articles],
    }
