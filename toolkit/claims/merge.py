"""Merging a new generation into the existing claims without losing human work.

A claim is human work when a person has touched it: it carries annotations, its
status is not ``silver``, or a person wrote or imported it (``method`` ``human`` or
``import:...``). Such claims are kept exactly as they are, byte for byte; if the
generator proposes a claim with the same id, the kept one wins. Only unreviewed
silver claims are regenerated; a silver claim the generator no longer makes is
dropped, and reported as a ``stale`` reject.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from toolkit.claims.generate import Reject, sort_key
from toolkit.records import Claim, Status


def is_human_work(claim: Claim) -> bool:
    """Whether a person has touched ``claim`` (see the module docstring)."""
    return (
        bool(claim.annotations)
        or claim.status != Status.SILVER.value
        or claim.method == "human"
        or claim.method.startswith("import:")
    )


@dataclass
class MergeResult:
    """The merged claims (sorted) and what happened to the existing ones."""

    claims: list[Claim]
    kept: int = 0
    generated: int = 0
    stale: list[Reject] = field(default_factory=list)


def merge(existing: Iterable[Claim], generated: Iterable[Claim]) -> MergeResult:
    """Human work from ``existing`` plus the freshly ``generated`` silver claims."""
    existing = list(existing)
    kept = {c.id: c for c in existing if is_human_work(c)}
    fresh = {c.id: c for c in generated if c.id not in kept}
    stale = [
        Reject("stale", "unreviewed silver claim no longer generated", c.article_id,
               c.source.sentence_index if c.source else None,
               bool(c.source and c.source.headline), c.claim, c.rule, c.checkworthiness)
        for c in existing
        if c.id not in kept and c.id not in fresh
    ]  # fmt: skip
    claims = sorted([*kept.values(), *fresh.values()], key=sort_key)
    return MergeResult(claims=claims, kept=len(kept), generated=len(fresh), stale=stale)
