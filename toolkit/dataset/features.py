"""The dataset's feature schema and the mapping from records to rows.

Other parts of the project (baselines, evaluation) read the dataset through these
features, so they are defined once, here, with ``datasets``' own types: the ``label``
column is a ``ClassLabel`` in :data:`~toolkit.records.LABELS` order, which is what
makes ``load_dataset`` hand back label names instead of bare int64.

``evidence`` is a list of alternative groups (FEVER semantics: all items of one group
together decide the claim, any one complete group is enough), each a list of items.

External evidence (a quote from a source outside the corpus: a contributor's citation,
an AVeriTeC answer, a fact-check) keeps the agreed evidence struct: ``article_id``,
``sentence_index``, ``start`` and ``end`` are null, ``text`` holds the quote and ``url``
its source, so that a dataset of external evidence alone (AVeriTeC, ClaimReview) says
where each quote comes from. ``url`` is null for corpus evidence. The access date stays
in ``data/claims.jsonl``.
"""

from __future__ import annotations

from typing import Any

from datasets import ClassLabel, Features, List, Value

from toolkit.records import LABELS, Article, Claim

#: Config names, in the order the card lists them; ``claims`` is the default.
CLAIMS = "claims"
ARTICLES = "articles"

#: The one split of the ``articles`` config: the retrieval corpus for the open setting
#: (the BEIR convention), the same for every claims split.
CORPUS_SPLIT = "corpus"

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
                    "text": Value("string"),
                    "url": Value("string"),
                }
            )
        ),
        "article_id": Value("string"),
        "method": Value("string"),
        "status": Value("string"),
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
                        "text": e.exact,
                        "url": e.url,
                    }
                    for e in group
                ]
                for group in c.evidence
            ]
            for c in claims
        ],
        "article_id": [c.article_id for c in claims],
        "method": [c.method for c in claims],
        "status": [c.status for c in claims],
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
