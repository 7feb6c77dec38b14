"""Annotations and the status rule: how people's judgments turn a claim gold or disputed.

A claim is ``gold`` when its annotations agree with each other and with its label, and
there are enough of them: one for a generated claim (a person confirmed the generator),
two for a claim a person wrote (``method == "human"``: the author's own annotation is
one voice; a second person must agree). It is ``disputed`` as soon as annotations
disagree with each other or with the label, and ``silver`` otherwise.

Every review tool (extract's annotations file, ``review``, ``contribute``, importers)
goes through :func:`add_annotation`, so the rule is applied in one place.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from toolkit.errors import DataError
from toolkit.records import LABELS, Annotation, Claim, Status


def required_agreements(claim: Claim) -> int:
    """How many agreeing annotations make ``claim`` gold."""
    return 2 if claim.method == "human" else 1


def derive_status(claim: Claim) -> str:
    """The status that ``claim``'s annotations imply (see the module docstring)."""
    if not claim.annotations:
        return Status.SILVER.value
    labels = {a.label for a in claim.annotations}
    if labels != {claim.label}:
        return Status.DISPUTED.value
    distinct = {a.annotator for a in claim.annotations}
    if len(distinct) >= required_agreements(claim):
        return Status.GOLD.value
    return Status.SILVER.value


def now_iso() -> str:
    """The current UTC time, to the second, for ``Annotation.created``."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def add_annotation(claim: Claim, annotation: Annotation) -> Claim:
    """``claim`` with ``annotation`` recorded and its status re-derived.

    An annotator who judges the same claim again replaces their earlier judgment (the
    latest word of each person counts once, and moves to the end: oldest first); everyone
    else's is kept as it was. Recording an identical judgment again changes nothing, so
    applying the same annotations file twice is a no-op.
    """
    if annotation.label not in LABELS:
        raise DataError(
            f"label: {annotation.label!r} is not one of {', '.join(LABELS)}",
            path=f"claim {claim.id}",
        )
    if not annotation.annotator.strip():
        raise DataError("annotator: must not be empty", path=f"claim {claim.id}")
    if annotation in claim.annotations:  # the same judgment again: nothing to record
        return claim
    kept = tuple(a for a in claim.annotations if a.annotator != annotation.annotator)
    updated = dataclasses.replace(claim, annotations=(*kept, annotation))
    return dataclasses.replace(updated, status=derive_status(updated))


# ---------------------------------------------------------------- merging many judgments


@dataclass(frozen=True)
class Judgment:
    """One person's judgment of one claim, and where it was read (``file:line``)."""

    where: str
    claim_id: str
    annotation: Annotation


@dataclass
class JudgmentMerge:
    """Claims after :func:`merge_judgments`, and what each judgment did."""

    claims: list[Claim]
    recorded: int = 0  # judgments that changed a claim
    unchanged: int = 0  # the same judgment was already there: a no-op
    replaced: int = 0  # an annotator's earlier (stored) judgment, superseded by theirs
    touched: list[str] = field(default_factory=list)  # claim ids, first-change order


def same_judgment(a: Annotation, b: Annotation) -> bool:
    """Two annotations that say the same thing (the time they were made aside)."""
    return (a.annotator, a.label, a.note, a.origin) == (b.annotator, b.label, b.note, b.origin)


def merge_judgments(claims: Sequence[Claim], judgments: Iterable[Judgment]) -> JudgmentMerge:
    """Apply ``judgments`` to ``claims`` (pure): the one way judgments enter the data.

    * A judgment already recorded (same annotator, label, note and origin) is a no-op.
    * Two judgments of one batch by the same annotator on the same claim that disagree
      are a :class:`DataError` naming both places: which one is meant is for the person
      to say, never for the order of lines.
    * A judgment that differs from the annotator's stored one replaces it (a person
      changed their mind in a later session) and is counted in ``replaced``.
    * An unknown claim id is a :class:`DataError`; nothing else drops a judgment.
    """
    by_id = {c.id: i for i, c in enumerate(claims)}
    out = list(claims)
    result = JudgmentMerge(claims=out)
    seen: dict[tuple[str, str], Judgment] = {}
    for j in judgments:
        if j.claim_id not in by_id:
            raise DataError(
                f"no claim {j.claim_id!r} in the claims file"
                " (ids change when a claim's text changes)",
                path=j.where,
            )
        key = (j.claim_id, j.annotation.annotator)
        first = seen.get(key)
        if first is not None and not same_judgment(first.annotation, j.annotation):
            raise DataError(
                f"{j.annotation.annotator} judges claim {j.claim_id} twice, differently"
                f" ({first.annotation.label} at {first.where}, {j.annotation.label} here);"
                " keep one of the two lines",
                path=j.where,
            )
        seen.setdefault(key, j)
        i = by_id[j.claim_id]
        current = out[i]
        if any(same_judgment(a, j.annotation) for a in current.annotations):
            result.unchanged += 1
            continue
        result.replaced += any(a.annotator == j.annotation.annotator for a in current.annotations)
        out[i] = add_annotation(current, j.annotation)
        result.recorded += 1
        if j.claim_id not in result.touched:
            result.touched.append(j.claim_id)
    return result
