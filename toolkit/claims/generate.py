"""The generation stage: articles in, claims and rejects out (pure functions).

``candidates`` scores every headline and body sentence and makes it standalone;
``generate`` runs the registered rules on each candidate and turns drafts into
:class:`~toolkit.records.Claim` records with evidence; ``cap_negation`` keeps negation
edits under their share of REFUTED claims. Whatever is left out becomes a
:class:`Reject` with its reason, never silently lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from toolkit.claims.checkworthiness import is_checkworthy, score
from toolkit.claims.registry import Candidate, Rule, iter_drafts
from toolkit.claims.standalone import make_standalone
from toolkit.records import (
    LABELS,
    Article,
    CheckWorthiness,
    Claim,
    ClaimSource,
    Evidence,
    EvidenceGroups,
    claim_id,
    claim_key,
    evidence_groups,
    sha256_hex,
)

#: Negation edits may be at most this share of REFUTED claims (DESIGN: cap negation).
NEGATION_CAP = 0.15
NEGATION_METHOD = "mutation:negation"


@dataclass(frozen=True)
class Reject:
    """A sentence or draft claim that was left out, and why."""

    stage: str  # checkworthiness | standalone | undecided | duplicate | negation_cap | stale
    reason: str
    article_id: str | None
    sentence_index: int | None
    headline: bool
    text: str
    rule: str | None = None
    checkworthiness: CheckWorthiness | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "reason": self.reason,
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "headline": self.headline,
            "text": self.text,
            "rule": self.rule,
            "checkworthiness": self.checkworthiness.to_dict() if self.checkworthiness else None,
        }


def candidates(articles: Iterable[Article]) -> Iterator[Candidate | Reject]:
    """Each article's headline and body sentences, scored and made standalone.

    Subheadings and boilerplate are not sentences of the article (ingest keeps them
    apart), so they never reach this stage.
    """
    for article in articles:
        for index in (None, *range(len(article.sentences))):
            raw = article.title if index is None else article.sentence_text(index)
            cw = score(raw)
            where = {"article_id": article.id, "sentence_index": index,
                     "headline": index is None, "text": raw}  # fmt: skip
            if not is_checkworthy(cw):
                reasons = ", ".join(cw.reasons) or "none"
                yield Reject("checkworthiness", f"score {cw.score} below threshold "
                             f"(reasons: {reasons})", checkworthiness=cw, **where)  # fmt: skip
                continue
            alone = make_standalone(article, index)
            if alone.text is None:
                yield Reject("standalone", alone.reason or "", checkworthiness=cw, **where)
                continue
            yield Candidate(article, index, alone.text, alone.context, cw, article.title)


_WORD = re.compile(r"\w+")
_STOP = frozenset(
    ("a", "an", "the", "of", "to", "in", "into", "on", "at", "for", "and", "or", "by",
     "with", "from", "that", "is", "are", "was", "were", "be", "has", "have", "had", "it",
     "its", "this", "as")
)  # fmt: skip


def _stem(word: str) -> str:
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def headline_evidence(article: Article) -> int:
    """The body sentence that shares the most content words with the headline.

    Headline claims are decided against the body (the headline itself is not evidence).
    Ties go to the earlier sentence.
    """
    words = {_stem(w) for w in _WORD.findall(article.title) if w.lower() not in _STOP}
    best, best_overlap = 0, -1
    for s in article.sentences:
        overlap = len(words & {_stem(w) for w in _WORD.findall(article.sentence_text(s.index))})
        if overlap > best_overlap:
            best, best_overlap = s.index, overlap
    return best


def evidence_for(c: Candidate) -> EvidenceGroups:
    """One evidence group: the source sentence and the context sentences it relies on."""
    article = c.article
    indices = set(c.context)
    indices.add(headline_evidence(article) if c.index is None else c.index)
    out = []
    for i in sorted(indices):
        s = article.sentences[i]
        out.append(Evidence(exact=article.text[s.start : s.end], article_id=article.id,
                            sentence_index=i, start=s.start, end=s.end))  # fmt: skip
    return evidence_groups(out)


def source_for(c: Candidate) -> ClaimSource:
    """Where the claim comes from: the body sentence, or the headline (title block)."""
    if c.index is None:
        return ClaimSource(c.article.id, None, 0, len(c.article.title), headline=True)
    s = c.article.sentences[c.index]
    return ClaimSource(c.article.id, c.index, s.start, s.end, headline=False)


def generate(
    articles: Iterable[Article], rules: list[Rule], *, seed: int = 0
) -> Iterator[Claim | Reject]:
    """Claims (silver) from every candidate sentence, plus rejects, in a stable order.

    A draft whose label meaning does not decide, or that repeats an earlier claim's
    text about the same article, is a reject. Claim ids include the article id, so
    repeats are looked for within one article only (memory stays flat).
    """
    seen: dict[str, str] = {}
    current: str | None = None
    for item in candidates(articles):
        if isinstance(item, Reject):
            yield item
            continue
        c = item
        if c.article.id != current:
            seen.clear()
            current = c.article.id
        evidence = evidence_for(c)
        source = source_for(c)
        where = {"article_id": c.article.id, "sentence_index": c.index,
                 "headline": c.is_headline, "checkworthiness": c.checkworthiness}  # fmt: skip
        for rule, draft in iter_drafts(c, rules, seed):
            if draft.label is None:
                yield Reject("undecided", draft.why, text=draft.text, rule=rule.key, **where)
                continue
            cid = claim_id(draft.text, c.article.id)
            if cid in seen:
                yield Reject("duplicate", f"same claim as {seen[cid]} ({cid})",
                             text=draft.text, rule=rule.key, **where)  # fmt: skip
                continue
            seen[cid] = rule.key
            yield Claim(
                id=cid,
                claim=draft.text,
                label=draft.label,
                evidence=() if draft.label == "NOT_ENOUGH_INFO" else evidence,
                source=source,
                method=rule.method,
                rule=rule.key,
                checkworthiness=c.checkworthiness,
            )


class NegationCap:
    """Keeps negation edits to at most ``NEGATION_CAP`` of the REFUTED claims so far.

    Claims come in batches (one article at a time, so memory stays flat). A batch's
    other REFUTED claims raise the budget first; then its negation edits are admitted,
    in an order fixed by a seeded hash of the claim id, while
    ``kept <= cap * (others + kept)`` still holds. The cap therefore holds after every
    batch, and so for the whole output.
    """

    def __init__(self, *, seed: int = 0, cap: float = NEGATION_CAP):
        self.seed = seed
        self.cap = cap
        self.others = 0
        self.kept = 0

    def apply(self, claims: list[Claim]) -> tuple[list[Claim], list[Reject]]:
        """``claims`` less the negation edits over the cap, and those as rejects."""
        refuted = [c for c in claims if c.label == "REFUTED"]
        self.others += sum(1 for c in refuted if c.method != NEGATION_METHOD)
        negations = [c for c in refuted if c.method == NEGATION_METHOD]
        dropped: set[str] = set()
        for c in sorted(negations, key=lambda c: sha256_hex(f"{self.seed}\0{c.id}")):
            if self.kept + 1 <= self.cap * (self.others + self.kept + 1) + 1e-9:
                self.kept += 1
            else:
                dropped.add(c.id)
        if not dropped:
            return claims, []
        rejects = [
            Reject(
                "negation_cap",
                f"negation edits capped at {self.cap:.0%} of REFUTED claims",
                article_id=c.article_id,
                sentence_index=c.source.sentence_index if c.source else None,
                headline=bool(c.source and c.source.headline),
                text=c.claim,
                rule=c.rule,
                checkworthiness=c.checkworthiness,
            )
            for c in claims
            if c.id in dropped
        ]
        return [c for c in claims if c.id not in dropped], rejects


def cap_negation(claims: list[Claim], *, seed: int = 0) -> tuple[list[Claim], list[Reject]]:
    """Apply the negation cap to one batch of claims (see :class:`NegationCap`)."""
    return NegationCap(seed=seed).apply(claims)


def sort_key(claim: Claim) -> tuple[Any, ...]:
    """File order: by article, headline then sentence order, label, method, rule, text.

    Derived from the record alone, so kept (human) claims and regenerated ones
    interleave the same way on every run.
    """
    src = claim.source
    pos = (-1 if src.headline else (src.sentence_index or 0)) if src else -2
    label = LABELS.index(claim.label) if claim.label in LABELS else len(LABELS)
    return (claim.article_id or "", pos, label, claim.method, claim.rule or "",
            claim_key(claim.claim), claim.id)  # fmt: skip
