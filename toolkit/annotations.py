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
