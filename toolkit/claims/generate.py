"""The generation stage: articles in, claims and rejects out (pure functions).

``candidates`` scores every headline and body sentence and makes it standalone;
``generate`` runs the registered rules on each candidate and turns drafts into
:class:`~toolkit.records.Claim` records with evidence; ``cap_negation`` keeps negation
edits under their share of REFUTED claims. Whatever is left out becomes a
:class:`Rejected` with its reason, never silently lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from toolkit.claims.checkworthiness import is_checkworthy, score
from toolkit.claims.encoded import (
    NEGATION_HASH,
    RULE_HASH,
    SHARE_HASH,
    EncodedClaim,
    EncodedReject,
    cap_hash,
    claim_reject,
)
from toolkit.claims.heldout import Corpus
from toolkit.claims.registry import Rule, iter_drafts
from toolkit.claims.standalone import make_standalone
from toolkit.records import (
    LABELS,
    Article,
    Candidate,
    Claim,
    ClaimSource,
    Draft,
    Evidence,
    EvidenceGroups,
    Label,
    Rejected,
    claim_id,
    claim_key,
    evidence_groups,
    needs_evidence,
    sha256_hex,
)

#: Negation edits may be at most this share of REFUTED claims (DESIGN: cap negation).
NEGATION_CAP = 0.15
NEGATION_METHOD = "mutation:negation"


def candidates(
    articles: Iterable[Article], *, pool: Mapping[str, tuple[str, ...]] | None = None
) -> Iterator[Candidate | Rejected]:
    """Each article's headline and body sentences, scored and passed through the gate.

    Subheadings and boilerplate are not sentences of the article (ingest keeps them
    apart), so they never reach this stage. ``pool`` (names by type across the corpus)
    rides along for the entity rules.
    """
    for article in articles:
        headline = (None,) if article.title else ()  # a title-less article has none
        for index in (*headline, *range(len(article.sentences))):
            raw = article.title if index is None else article.sentence_text(index)
            cw = score(raw)
            where = {"article_id": article.id, "sentence_index": index,
                     "headline": index is None, "text": raw}  # fmt: skip
            if not is_checkworthy(cw):
                reasons = ", ".join(cw.reasons) or "none"
                yield Rejected.of_text("checkworthiness", f"score {cw.score} below threshold "
                             f"(reasons: {reasons})", checkworthiness=cw, **where)  # fmt: skip
                continue
            alone = make_standalone(article, index)
            if alone.text is None:
                yield Rejected.of_text("gate", alone.reason or "", checkworthiness=cw, **where)
                continue
            if index is None:
                why = headline_unsupported(article)
                if why:
                    yield Rejected.of_text("headline", why, checkworthiness=cw, **where)
                    continue
            yield Candidate(article, index, alone.text, alone.context, cw, article.title, pool)


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


_NUMBER = re.compile(r"\d[\d,.]*")


def headline_unsupported(article: Article) -> str | None:
    """Why no body sentence entails the headline, or None when one does.

    The check body claims pass, applied to the headline: one body sentence must hold
    every content word (stemmed, case folded) and every figure of the headline. A
    headline that fails is not a silver claim; it stays a review candidate (rejects).
    """
    words = {_stem(w) for w in _WORD.findall(article.title) if w.lower() not in _STOP}
    numbers = set(_NUMBER.findall(article.title))
    if not article.sentences:
        return "headline: no body sentence to entail it (review candidate)"
    best = headline_evidence(article)
    body = article.sentence_text(best)
    missing = sorted(words - {_stem(w) for w in _WORD.findall(body)})
    missing += sorted(n for n in numbers if n not in body)
    if missing:
        return (f"headline: the closest body sentence ({best}) lacks "
                f"{', '.join(missing[:6])} (review candidate)")  # fmt: skip
    return None


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


#: Claims kept per source sentence and label (more from one sentence add little but
#: near-copies); held-out sentences, whose claims are all NOT_ENOUGH_INFO, keep more.
PER_SENTENCE = {Label.SUPPORTED: 2, Label.REFUTED: 2, Label.NOT_ENOUGH_INFO: 2}
PER_HELDOUT_SENTENCE = {Label.NOT_ENOUGH_INFO: 3}


def generate(
    articles: Iterable[Article], rules: list[Rule], *, seed: int = 0,
    corpus: Corpus | None = None,
) -> Iterator[Claim | Rejected]:  # fmt: skip
    """Claims (silver) from every candidate sentence, plus rejects, in a stable order.

    A draft whose label meaning does not decide, or that repeats an earlier claim's
    text about the same article, is a reject. Claim ids include the article id, so
    repeats are looked for within one article only (memory stays flat). Each sentence
    keeps at most :data:`PER_SENTENCE` claims per label, chosen by a seeded hash.

    With a ``corpus``, claims of its held-out articles are NOT_ENOUGH_INFO (no
    evidence), unless the published corpus settles them (``settled`` rejects).
    Headlines only ever give the headline itself (see :func:`headline_unsupported`).
    """
    seen: dict[str, str] = {}
    current: str | None = None
    pool = corpus.pool if corpus else None
    for item in candidates(articles, pool=pool):
        if isinstance(item, Rejected):
            yield item
            continue
        c = item
        if c.article.id != current:
            seen.clear()
            current = c.article.id
        held_out = bool(corpus and corpus.is_held_out(c.article.id))
        evidence = evidence_for(c)
        source = source_for(c)
        where = {"article_id": c.article.id, "sentence_index": c.index,
                 "headline": c.is_headline, "checkworthiness": c.checkworthiness}  # fmt: skip
        drafts: list[tuple[Rule, Draft]] = []
        chosen = [r for r in rules if r.key == "extract.sentence@1"] if c.is_headline else rules
        for rule, draft in iter_drafts(c, chosen, seed):
            if draft.label is None:
                yield Rejected.of_text("undecided", draft.why, text=draft.text, rule=rule.key, **where)
                continue
            cid = claim_id(draft.text, c.article.id)
            if cid in seen:
                yield Rejected.of_text("duplicate", f"same claim as {seen[cid]} ({cid})",
                             text=draft.text, rule=rule.key, **where)  # fmt: skip
                continue
            seen[cid] = rule.key
            if held_out:
                draft = Draft(draft.text, Label.NOT_ENOUGH_INFO, "held-out article")
            drafts.append((rule, draft))
        limit = PER_HELDOUT_SENTENCE if held_out else PER_SENTENCE
        kept, over = _per_label(drafts, limit, f"{seed}\0{c.article.id}\0{c.index}")
        for rule, draft in over:
            yield Rejected.of_text("per_sentence", f"more than {limit.get(draft.label or '', 0)} "
                         f"{draft.label} claim(s) from one sentence", text=draft.text,
                         rule=rule.key, **where)  # fmt: skip
        if held_out and corpus is not None:
            reasons = corpus.settles([d.text for _, d in kept])
            for (rule, draft), why in zip(list(kept), reasons, strict=True):
                if why:
                    kept.remove((rule, draft))
                    yield Rejected.of_text("settled", why, text=draft.text, rule=rule.key, **where)
        for rule, draft in kept:
            yield Claim(
                id=claim_id(draft.text, c.article.id),
                claim=draft.text,
                label=draft.label,
                evidence=evidence if needs_evidence(draft.label) else (),
                source=source,
                method=rule.method,
                rule=rule.key,
                checkworthiness=c.checkworthiness,
            )


def _per_label(
    drafts: list[tuple[Rule, Draft]], limit: Mapping[str, int], key: str
) -> tuple[list[tuple[Rule, Draft]], list[tuple[Rule, Draft]]]:
    """At most ``limit[label]`` drafts per label, picked by a hash of ``key`` and the text.

    The source sentence itself comes first and negation edits last (they are capped
    later, and a sentence should keep an edit that survives the cap).
    """
    def rank(rd: tuple[Rule, Draft]) -> tuple[int, str]:
        order = 0 if rd[0].key.startswith("extract.sentence") else (
            2 if rd[0].method == NEGATION_METHOD else 1)
        return order, sha256_hex(f"{key}\0{rd[1].text}")

    ranked = sorted(drafts, key=rank)
    counts: dict[str, int] = {}
    keep: set[int] = set()
    for rd in ranked:
        label = rd[1].label or ""
        if counts.get(label, 0) < limit.get(label, 0):
            counts[label] = counts.get(label, 0) + 1
            keep.add(id(rd))
    return [rd for rd in drafts if id(rd) in keep], [rd for rd in drafts if id(rd) not in keep]


#: What the caps take and give: claims as records, or as an engine's worker encoded them
#: (see :mod:`toolkit.claims.encoded`); the caps read the same fields of both.
AnyClaim = Claim | EncodedClaim
AnyReject = Rejected | EncodedReject


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

    def apply(self, claims: list[AnyClaim]) -> tuple[list[AnyClaim], list[AnyReject]]:
        """``claims`` less the negation edits over the cap, and those as rejects."""
        refuted = [c for c in claims if c.label == Label.REFUTED]
        self.others += sum(1 for c in refuted if c.method != NEGATION_METHOD)
        negations = [c for c in refuted if c.method == NEGATION_METHOD]
        dropped: set[str] = set()
        for c in sorted(negations, key=lambda c: cap_hash(c, self.seed, NEGATION_HASH)):
            if self.kept + 1 <= self.cap * (self.others + self.kept + 1) + 1e-9:
                self.kept += 1
            else:
                dropped.add(c.id)
        if not dropped:
            return claims, []
        rejects = [claim_reject("negation_cap", f"negation edits capped at {self.cap:.0%} of"
                                   " REFUTED claims", c) for c in claims if c.id in dropped]  # fmt: skip
        return [c for c in claims if c.id not in dropped], rejects


#: No label may hold more than this share of the silver claims (DESIGN: label shares).
LABEL_CAP = 0.35


class LabelCap:
    """Keeps each label's share of the silver claims under ``cap``, batch by batch.

    Like :class:`NegationCap`: claims of a batch are admitted in a seeded hash order
    while ``count[label] + 1 <= cap * (total + 1) + slack``; the rest become
    ``label_share`` rejects. Which claims are dropped depends on the label alone, never
    on the wording, so the cap adds no cue. Human work is never dropped.
    """

    def __init__(self, *, seed: int = 0, cap: float = LABEL_CAP, slack: int = 1):
        self.seed, self.cap, self.slack = seed, cap, slack
        self.counts: dict[str, int] = {}
        self.by_rule: dict[tuple[str | None, str], int] = {}
        self.total = 0

    def apply(self, claims: list[AnyClaim]) -> tuple[list[AnyClaim], list[AnyReject]]:
        dropped: list[AnyClaim] = []
        # Rare (rule, label) pairs are admitted first: when a label is over its share,
        # the claims dropped are those of the rule that already gave that label most
        # often, so that no rule ends up making only one label (a cue of its own).
        def order(c: AnyClaim) -> tuple[int, str]:
            return (self.by_rule.get((c.rule, c.label), 0),
                    cap_hash(c, self.seed, SHARE_HASH))  # fmt: skip

        for c in sorted(claims, key=order):
            n = self.counts.get(c.label, 0)
            if c.status == "silver" and n + 1 > self.cap * (self.total + 1) + self.slack:
                dropped.append(c)
                continue
            self.counts[c.label] = n + 1
            self.by_rule[(c.rule, c.label)] = self.by_rule.get((c.rule, c.label), 0) + 1
            self.total += 1
        gone = {c.id for c in dropped}
        rejects = [claim_reject("label_share", f"{c.label} over {self.cap:.0%} of the claims"
                                   " so far", c) for c in claims if c.id in gone]  # fmt: skip
        return [c for c in claims if c.id not in gone], rejects


#: No rule may make more than 30% of the claims (a rule that dominates the data makes its
#: own style the benchmark's); the cap is set under 30% because the streaming check allows
#: a slack of two claims per batch.
RULE_CAP = 0.27


class RuleCap:
    """Keeps each rule's share of the claims under ``cap``, batch by batch.

    The same mechanism as :class:`LabelCap`, keyed by rule: claims of a batch are admitted
    in a seeded hash order while ``count[rule] + 1 <= cap * (total + 1) + slack``; the
    rest become ``rule_share`` rejects. Human work is never dropped (and counts).
    """

    def __init__(self, *, seed: int = 0, cap: float = RULE_CAP, slack: int = 2):
        self.seed, self.cap, self.slack = seed, cap, slack
        self.counts: dict[str | None, int] = {}
        self.total = 0

    def apply(self, claims: list[AnyClaim]) -> tuple[list[AnyClaim], list[AnyReject]]:
        gone: set[str] = set()
        for c in sorted(claims, key=lambda c: cap_hash(c, self.seed, RULE_HASH)):
            n = self.counts.get(c.rule, 0)
            if c.status == "silver" and n + 1 > self.cap * (self.total + 1) + self.slack:
                gone.add(c.id)
                continue
            self.counts[c.rule] = n + 1
            self.total += 1
        rejects = [claim_reject("rule_share", f"{c.rule} over {self.cap:.0%} of the claims so"
                                   " far", c) for c in claims if c.id in gone]  # fmt: skip
        return [c for c in claims if c.id not in gone], rejects


def cap_negation(claims: list[Claim], *, seed: int = 0) -> tuple[list[Claim], list[Rejected]]:
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
