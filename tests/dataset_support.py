"""Small claims files for the dataset tests, made from the seed article.

data/claims.jsonl is produced by another part of the pipeline; the dataset tests make
their own: per body sentence an extracted SUPPORTED claim, a negated REFUTED claim and
a NOT_ENOUGH_INFO claim, with valid evidence offsets and ids from records.claim_id.
Statuses vary (gold / silver / disputed) so that the test-split rule has work to do,
and one human claim cites external evidence.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from toolkit.annotations import add_annotation
from toolkit.jsonl import write_jsonl
from toolkit.records import (
    Annotation,
    Article,
    Claim,
    ClaimSource,
    Evidence,
    claim_id,
    encode,
    evidence_groups,
)


def _claim(article: Article, index: int, text: str, label: str, method: str, rule: str) -> Claim:
    s = article.sentences[index]
    evidence = ()
    if label != "NOT_ENOUGH_INFO":
        evidence = evidence_groups([
            Evidence(
                exact=article.text[s.start : s.end],
                article_id=article.id,
                sentence_index=index,
                start=s.start,
                end=s.end,
            ),
        ])
    return Claim(
        id=claim_id(text, article.id),
        claim=text,
        label=label,
        evidence=evidence,
        source=ClaimSource(article_id=article.id, sentence_index=index, start=s.start, end=s.end),
        method=method,
        rule=rule,
    )


def make_claims(article: Article, *, sentences: int | None = None) -> list[Claim]:
    """Three claims per sentence (one per label), with mixed review statuses."""
    out: list[Claim] = []
    n = len(article.sentences) if sentences is None else sentences
    for i in range(n):
        text = article.sentence_text(i)
        lowered = text[0].lower() + text[1:]
        made = [
            _claim(article, i, text, "SUPPORTED", "extracted", "extract.sentence@1"),
            _claim(article, i, f"It is not the case that {lowered}", "REFUTED",
                   "mutation:negation", "negation.wrap@1"),
            # derived from the same sentence, so it is no near duplicate across sources
            _claim(article, i, f"According to an unnamed blog, {lowered}",
                   "NOT_ENOUGH_INFO", "nei:added_detail", "nei.added_detail@1"),
        ]
        for c in made:
            if i % 3 != 2:  # reviewed: gold
                c = add_annotation(c, Annotation("alice", c.label, "2026-01-01T00:00:00Z"))
            elif i == 5:  # a person disagrees: disputed
                c = add_annotation(c, Annotation("bob", "NOT_ENOUGH_INFO"
                                                 if c.label != "NOT_ENOUGH_INFO" else "SUPPORTED",
                                                 "2026-01-01T00:00:00Z"))
            out.append(c)
    human_text = "Germany allowed Ukraine to use its weapons against targets in Russia."
    human = Claim(
        id=claim_id(human_text, None),
        claim=human_text,
        label="SUPPORTED",
        evidence=evidence_groups([
            Evidence(exact="Germany followed suit", url="https://example.org/report",
                     accessed="2026-01-02"),
        ]),
        source=None,
        method="human",
        rule=None,
    )
    for who in ("carol", "dave"):
        human = add_annotation(human, Annotation(who, "SUPPORTED", "2026-01-02T00:00:00Z"))
    out.append(human)
    return sorted(out, key=lambda c: c.id)


def make_project(root: Path, repo: Path, articles: list[Article], **kw) -> Path:
    """A data/ folder under ``root`` with the seed articles file and a made claims file."""
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy(repo / "data" / "articles.jsonl", data / "articles.jsonl")
    write_jsonl(data / "claims.jsonl", (encode(c) for c in make_claims(articles[0], **kw)))
    return data


def croissant_problems(path: Path) -> list[str]:
    """What ``mlcroissant validate --jsonld PATH`` would report, errors and warnings, read
    in this process (the command is a thin wrapper around ``mlcroissant.Dataset``) with
    every proxy pointing nowhere, so a check that needed the network would fail."""
    import os
    from unittest import mock

    import mlcroissant as mlc

    dead = "http://127.0.0.1:9"
    offline = {"HF_HUB_OFFLINE": "1", "NO_PROXY": "", "HTTP_PROXY": dead, "HTTPS_PROXY": dead}
    with mock.patch.dict(os.environ, offline):
        try:
            issues = mlc.Dataset(str(path)).metadata.ctx.issues
        except mlc.ValidationError as exc:
            return [str(exc)]
    return sorted(map(str, issues.errors | issues.warnings))
