"""The FEVER score, rule for rule as the official FEVER scorer computes it.

Users compare our numbers with papers that used the official scorer, so:

* only the first ``max_evidence`` (5) predicted sentences count, for every measure;
* a claim whose gold label is NOT_ENOUGH_INFO needs only the right label;
* any other claim is *strictly correct* when its label is right and every sentence of
  at least one gold evidence group is among those first five (a claim with no gold
  group at all can never be strictly correct, as in the official scorer);
* evidence precision and recall are macro-averaged over the claims whose gold label is
  not NOT_ENOUGH_INFO, whatever label was predicted; a claim with no predicted sentence
  has precision 1; a claim with no gold group has recall 1; with no such claim at all,
  precision is 1 and recall 0 (the official defaults);
* F1 is ``2PR/(P+R)``, and 0 where the official scorer would divide by zero.

Gold claims are :class:`~toolkit.records.Claim` records (as
:func:`toolkit.dataset.load.load_claims` returns them); their evidence groups become
``(article_id, sentence_index)`` pairs with :func:`evidence_pairs`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from toolkit.errors import UsageError
from toolkit.records import Claim, Evidence, Label, Prediction

NEI = Label.NOT_ENOUGH_INFO.value
MAX_EVIDENCE = 5

Pair = tuple[str, int]

#: Stands in the gold group for evidence quoted from outside the corpus: no system can
#: retrieve it (a prediction names a corpus sentence), so such a group is never "found".
EXTERNAL_EVIDENCE = ("", -1)


def evidence_pair(item: Evidence) -> Pair:
    """The ``(article_id, sentence_index)`` a prediction must name to find ``item``."""
    if item.article_id is None:
        return EXTERNAL_EVIDENCE
    return (item.article_id, int(item.sentence_index or 0))


def evidence_pairs(claim: Claim) -> tuple[tuple[Pair, ...], ...]:
    """A claim's alternative gold groups as sentence pairs (any one complete group counts)."""
    return tuple(tuple(evidence_pair(e) for e in group) for group in claim.evidence if group)


def fingerprint(claims: Iterable[Claim]) -> str:
    """A short content hash of ids, labels and evidence: names the data a report is about.

    The card compares it with the one ``baselines/RESULTS.md`` names, so results scored
    on other data are flagged as stale.
    """
    fp = Fingerprint()
    fp.update(claims)
    return fp.hexdigest()


class Fingerprint:
    """:func:`fingerprint` fed in parts: the build hashes claims as it writes their rows,
    the only time it holds them whole."""

    def __init__(self) -> None:
        self._h = hashlib.sha256()

    def update(self, claims: Iterable[Claim]) -> None:
        for c in claims:
            self._h.update(f"{c.id}\t{c.label}\t{evidence_pairs(c)}\n".encode())

    def hexdigest(self) -> str:
        return self._h.hexdigest()[:16]


@dataclass(frozen=True)
class FeverClaim:
    """The FEVER verdict on one claim; precision/recall are None for gold NEI claims."""

    label_correct: bool
    strictly_correct: bool
    precision: float | None
    recall: float | None


@dataclass(frozen=True)
class FeverResult:
    """The official FEVER scorer's five numbers (plus the counts they rest on)."""

    #: Claims scored, and those of them whose gold label is not NOT_ENOUGH_INFO.
    n: int
    n_verifiable: int
    fever_score: float
    label_accuracy: float
    evidence_precision: float
    evidence_recall: float
    evidence_f1: float


def fever_claim(
    gold_label: str,
    gold_groups: Sequence[Sequence[Pair]],
    pred_label: str,
    pred_evidence: Sequence[Pair] | None,
    *,
    max_evidence: int = MAX_EVIDENCE,
) -> FeverClaim:
    """Score one claim under the official FEVER rules (see the module docstring)."""
    label_ok = gold_label == pred_label
    if gold_label == NEI:
        return FeverClaim(label_ok, label_ok, None, None)
    top = [tuple(p) for p in (pred_evidence or ())][:max_evidence]
    complete = any(all(tuple(s) in top for s in g) for g in gold_groups)
    gold_items = {tuple(s) for g in gold_groups for s in g}
    precision = sum(p in gold_items for p in top) / len(top) if top else 1.0
    recall = 1.0 if not any(gold_groups) else float(complete)
    strict = label_ok and complete
    return FeverClaim(label_ok, strict, precision, recall)


def fever_claims(
    gold: Sequence[Claim], predictions: Sequence[Prediction], *, max_evidence: int = MAX_EVIDENCE
) -> list[FeverClaim]:
    """Per-claim verdicts of predictions aligned with ``gold`` (same order, same ids)."""
    return [
        fever_claim(g.label, evidence_pairs(g), p.label, p.evidence, max_evidence=max_evidence)
        for g, p in zip(gold, predictions, strict=True)
    ]


def fever_aggregate(claims: Sequence[FeverClaim]) -> FeverResult:
    """Combine per-claim verdicts: means over all claims, macro P/R over verifiable ones."""
    n = len(claims)
    if n == 0:
        raise UsageError("cannot compute a FEVER score over no claims")
    prec = [c.precision for c in claims if c.precision is not None]
    rec = [c.recall for c in claims if c.recall is not None]
    p = sum(prec) / len(prec) if prec else 1.0
    r = sum(rec) / len(rec) if rec else 0.0
    return FeverResult(
        n=n,
        n_verifiable=len(prec),
        fever_score=sum(c.strictly_correct for c in claims) / n,
        label_accuracy=sum(c.label_correct for c in claims) / n,
        evidence_precision=p,
        evidence_recall=r,
        evidence_f1=2 * p * r / (p + r) if p + r > 0 else 0.0,
    )


def fever_score(
    gold: Sequence[Claim],
    predictions: Sequence[Prediction],
    *,
    max_evidence: int = MAX_EVIDENCE,
) -> FeverResult:
    """The FEVER score of predictions aligned with ``gold`` (same order, same ids)."""
    return fever_aggregate(fever_claims(gold, predictions, max_evidence=max_evidence))
