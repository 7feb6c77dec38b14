"""What re-running extract keeps: every claim a person touched.

A claim is human work when a person has touched it: it carries annotations, its
status is not ``silver``, or a person wrote or imported it (``method`` ``human`` or
``import:...``). :func:`toolkit.claims.extract.extract_stream` keeps such claims exactly
as they are, byte for byte; if the generator proposes a claim with the same id, the
kept one wins. Only unreviewed silver claims are regenerated; a silver claim the
generator no longer makes is dropped and reported as a ``stale`` reject.
"""

from __future__ import annotations

from toolkit.records import Claim, Status


def is_human_work(claim: Claim) -> bool:
    """Whether a person has touched ``claim`` (see the module docstring)."""
    return (
        bool(claim.annotations)
        or claim.status != Status.SILVER.value
        or claim.method == "human"
        or claim.method.startswith("import:")
    )
