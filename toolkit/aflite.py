"""Adversarial filtering (AFLite, Le Bras et al. 2020): the backstop, never the fix.

The generator's rules are meant to leave no cue in a claim's wording (see
:mod:`toolkit.audit`). Whatever cue is left, AFLite removes at its source: silver claims
that claim-only models, trained on random halves of the data, predict right again and
again are dropped, a few at a time, until the probe's gap over majority is within the
target. Then the labels of what is left cannot be read off the claims any better.

Rules of the filter:

* only generated silver claims are dropped; gold, disputed, human and imported claims
  (anything a person touched, :func:`toolkit.claims.merge.is_human_work`) never are;
* each round drops the same share of every label, so label shares stay as they were;
* a claim's *predictability* is the share of the random partitions, among those that
  held it out, whose model predicted its label (the paper's score); only claims at or
  over :data:`THRESHOLD` are candidates;
* every dropped claim comes back as a :class:`Dropped` with its score and round, which
  the command writes to the rejects: nothing is lost.

Deterministic: the partitions come from a seeded generator, ties break by claim id.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from toolkit.audit import FOLDS, ProbeResult, claim_only_pipeline, probe
from toolkit.claims.merge import is_human_work
from toolkit.outputs import StageResult
from toolkit.records import LABELS, Claim, Rejected, encode

#: Random partitions per round, share of claims each one trains on.
PARTITIONS = 16
TRAIN_SHARE = 0.5
#: A claim predicted right in at least this share of its held-out partitions is a candidate.
THRESHOLD = 0.75
#: Share of each label's claims a round may drop, and the most rounds.
STEP = 0.05
MAX_ROUNDS = 10


@dataclass(frozen=True)
class Dropped:
    """A claim AFLite left out: its predictability score and the round."""

    claim: Claim
    score: float
    round: int

    @property
    def reason(self) -> str:
        return (f"AFLite round {self.round}: claim-only models predicted its label in "
                f"{self.score:.0%} of the partitions that held it out")  # fmt: skip


@dataclass
class FilterResult(StageResult):
    """Claims kept (input order), claims dropped, and the probe before and after."""

    SUMMARY = ("aflite: dropped {dropped} silver claim(s) in {rounds} round(s); claim-only"
               " accuracy {gap_before} before, {gap_after} after; target gap {target} points")

    kept: list[Claim]
    dropped: list[Dropped] = field(default_factory=list)
    before: ProbeResult | None = None
    after: ProbeResult | None = None
    rounds: int = 0
    max_gap: float = 5.0

    @property
    def gap_before(self) -> str:
        return _gap(self.before)

    @property
    def gap_after(self) -> str:
        return _gap(self.after)

    @property
    def target(self) -> str:
        return f"{self.max_gap:g}"


def _gap(p: ProbeResult | None) -> str:
    return "n/a" if p is None else f"{p.accuracy} vs majority {p.majority_accuracy} ({p.gap:+.1f})"


def predictability(
    texts: Sequence[str], labels: Sequence[str], *, partitions: int = PARTITIONS,
    train_share: float = TRAIN_SHARE, random_state: int = 0,
) -> np.ndarray:  # fmt: skip
    """Per claim, the share of partitions holding it out whose model got its label right.

    One vectorizer is fitted per partition on its training half (the held-out half must
    not shape the features); claims never held out score 0.
    """
    rng = np.random.default_rng(random_state)
    x = np.asarray(texts, dtype=object)
    y = np.asarray(labels, dtype=object)
    n = len(y)
    right = np.zeros(n)
    seen = np.zeros(n)
    size = max(1, int(n * train_share))
    for _ in range(partitions):
        order = rng.permutation(n)
        train, test = order[:size], order[size:]
        if len(test) == 0 or len(set(y[train])) < 2:
            continue
        model = claim_only_pipeline(random_state=random_state).fit(x[train], y[train])
        right[test] += model.predict(x[test]) == y[test]
        seen[test] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(seen > 0, right / np.where(seen > 0, seen, 1), 0.0)


def aflite(
    claims: Sequence[Claim], *, max_gap: float = 5.0, folds: int = FOLDS,
    partitions: int = PARTITIONS, threshold: float = THRESHOLD, step: float = STEP,
    max_rounds: int = MAX_ROUNDS, random_state: int = 0,
) -> FilterResult:  # fmt: skip
    """Drop predictable silver claims until the claim-only gap is at most ``max_gap``.

    The gap is the grouped probe of :func:`toolkit.audit.probe` (the audit's own number),
    measured before the first round and after each.
    """
    current = list(claims)
    before, _ = probe(current, folds=folds, random_state=random_state, n_resamples=0)
    result = FilterResult(kept=current, before=before, after=before, max_gap=max_gap)
    for rnd in range(1, max_rounds + 1):
        p = result.after
        if p is None or p.gap <= max_gap:
            break
        scores = predictability([c.claim for c in current], [c.label for c in current],
                                partitions=partitions, random_state=random_state + rnd)  # fmt: skip
        per_label = Counter(c.label for c in current)
        drop: set[int] = set()
        for label in LABELS:
            quota = math.ceil(step * per_label[label])
            candidates = sorted(
                (i for i, c in enumerate(current)
                 if c.label == label and scores[i] >= threshold and not is_human_work(c)),
                key=lambda i: (-scores[i], current[i].id),
            )  # fmt: skip
            drop.update(candidates[:quota])
        if not drop:
            break
        result.dropped += [Dropped(current[i], float(scores[i]), rnd) for i in sorted(drop)]
        current = [c for i, c in enumerate(current) if i not in drop]
        result.kept = current
        result.rounds = rnd
        result.after, _ = probe(current, folds=folds, random_state=random_state, n_resamples=0)
    return result


def run_filter(
    claims_path: Path, *, rejects_path: Path = Path("dist/rejects/aflite.jsonl"),
    audit_dir: Path = Path("dist/audit"), max_gap: float = 5.0, random_state: int = 0,
) -> FilterResult:  # fmt: skip
    """Filter a claims file in place (atomically); dropped claims go to ``rejects_path``.

    The figures before and after go to ``audit_dir/aflite.json`` with the filtered file's
    sha256, for the card. Rerunning on the filtered file finds the gap met and drops
    nothing more, so the command is idempotent.
    """
    import json

    from toolkit.audit import AFLITE_JSON, file_sha256
    from toolkit.jsonl import atomic_writer, dumps, write_text
    from toolkit.outputs import open_rejects
    from toolkit.store import Store

    store = Store.of(claims=claims_path)
    with store.lock():  # a claim added meanwhile is not lost
        claims = store.claims(required=True)
        result = aflite(claims, max_gap=max_gap, random_state=random_state)
        gone = {d.claim.id for d in result.dropped}
        if gone:
            with open_rejects(rejects_path) as reject, atomic_writer(claims_path) as cf:
                for d in result.dropped:
                    reject(Rejected(stage="aflite", id=d.claim.id, reason=d.reason,
                                    claim=d.claim))  # fmt: skip
                for c in claims:
                    if c.id not in gone:
                        cf.write(dumps(encode(c)))
    info = {
        "claims_sha256": file_sha256(claims_path),
        "dropped": len(result.dropped),
        "rounds": result.rounds,
        "max_gap": max_gap,
        "before": None if result.before is None else asdict(result.before),
        "after": None if result.after is None else asdict(result.after),
        "summary": result.summary().removeprefix("aflite: "),
    }
    write_text(audit_dir / AFLITE_JSON, json.dumps(info, indent=2, sort_keys=True) + "\n")
    return result
