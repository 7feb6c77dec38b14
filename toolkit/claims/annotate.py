"""Applying an annotations file: people's judgments recorded on claims.

An annotations file is JSONL, one judgment a line::

    {"claim_id": "…16 hex…", "annotator": "claimkit-review-1", "label": "SUPPORTED",
     "note": "why", "created": "2026-11-25T03:50:00Z"}

The whole file is read and checked first (fields, labels, dates, claim ids that exist);
only then are the judgments applied by :func:`toolkit.annotations.merge_judgments`
(which owns the no-op, conflict and gold/disputed status rules), and the claims file
is rewritten atomically under the store's lock. A bad line changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from toolkit.annotations import Judgment as JudgmentIn
from toolkit.annotations import merge_judgments
from toolkit.errors import DataError
from toolkit.jsonl import iter_jsonl
from toolkit.outputs import StageResult
from toolkit.records import Annotation, Claim
from toolkit.schema import check_input
from toolkit.store import Store


@dataclass(frozen=True)
class Judgment:
    """One line of an annotations file: which claim, and the annotation to record."""

    line: int
    claim_id: str
    annotation: Annotation


def read_judgments(path: Path) -> list[Judgment]:
    """Every judgment of an annotations file, each line checked; errors name file:line."""
    out: list[Judgment] = []
    for lineno, obj in iter_jsonl(path, allow_empty=False, unique_keys=True):
        check_input("judgment", obj, path=path, line=lineno)
        annotation = Annotation(annotator=obj["annotator"].strip(), label=obj["label"],
                                created=obj["created"], note=obj.get("note"))  # fmt: skip
        out.append(Judgment(lineno, obj["claim_id"], annotation))
    return out


@dataclass
class AnnotateResult(StageResult):
    """The updated claims and what the judgments did."""

    SUMMARY = ("applied {applied} judgment(s)[unchanged?, {unchanged} already recorded],"
               " {disagreements} disagreeing with the claim's label; claims now: {statuses*}")

    claims: list[Claim]
    applied: int
    statuses: Counter[str]
    disagreements: int
    unchanged: int = 0  # judgments already recorded (a no-op)


def apply_judgments(claims: list[Claim], judgments: list[Judgment], path: Path) -> AnnotateResult:
    """``claims`` with every judgment recorded (pure), by :func:`merge_judgments`.

    An unknown claim id, or one annotator judging one claim twice differently in the
    file, is an error naming the line(s); a repeated judgment changes nothing.
    """
    merged = merge_judgments(
        claims,
        [JudgmentIn(f"{path}:{j.line}", j.claim_id, j.annotation) for j in judgments],
    )
    labels = {c.id: c.label for c in claims}
    disagree = sum(j.annotation.label != labels[j.claim_id] for j in judgments)
    return AnnotateResult(merged.claims, merged.recorded, Counter(c.status for c in merged.claims),
                          disagree, unchanged=merged.unchanged)  # fmt: skip


def run_annotate(annotations: Path, claims_path: Path) -> AnnotateResult:
    """Check the whole annotations file, apply it, rewrite the claims file atomically.

    The read-merge-write holds the store's lock, so a claim added meanwhile by another
    command is never overwritten by a stale copy.
    """
    judgments = read_judgments(annotations)
    store = Store.of(claims=claims_path)
    with store.lock():
        if not Path(claims_path).is_file():
            raise DataError("no such file; run `claimkit extract` first", path=claims_path)
        result = apply_judgments(store.claims(), judgments, annotations)
        if result.applied:
            store.write_claims(result.claims)
    return result
