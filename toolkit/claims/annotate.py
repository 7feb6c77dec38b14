"""Applying an annotations file: people's judgments recorded on claims.

An annotations file is JSONL, one judgment a line::

    {"claim_id": "…16 hex…", "annotator": "claimkit-review-1", "label": "SUPPORTED",
     "note": "why", "created": "2026-11-25T03:50:00Z"}

The whole file is read and checked first (fields, labels, dates, claim ids that exist);
only then are the judgments applied, each through
:func:`toolkit.annotations.add_annotation`, which owns the gold/disputed status rule,
and the claims file is rewritten atomically. A bad line changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from toolkit.annotations import add_annotation
from toolkit.claims.io import read_claims
from toolkit.errors import DataError
from toolkit.jsonl import atomic_writer, dumps, iter_jsonl
from toolkit.records import LABELS, Annotation, Claim

FIELDS = {"claim_id": True, "annotator": True, "label": True, "note": False, "created": True}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$")


@dataclass(frozen=True)
class Judgment:
    """One line of an annotations file: which claim, and the annotation to record."""

    line: int
    claim_id: str
    annotation: Annotation


def read_judgments(path: Path) -> list[Judgment]:
    """Every judgment of an annotations file, each line checked; errors name file:line."""
    out: list[Judgment] = []
    for lineno, obj in iter_jsonl(path, allow_empty=False):
        if not isinstance(obj, dict):
            raise DataError(f"expected a JSON object, got {type(obj).__name__}",
                            path=path, line=lineno)  # fmt: skip
        for key in obj:
            if key not in FIELDS:
                raise DataError(f"{key}: unknown field (allowed: {', '.join(FIELDS)})",
                                path=path, line=lineno)  # fmt: skip
        for key, required in FIELDS.items():
            value = obj.get(key)
            if value is None and not required:
                continue
            if not isinstance(value, str) or not value.strip():
                raise DataError(f"{key}: required, a non-empty string", path=path, line=lineno)
        if obj["label"] not in LABELS:
            raise DataError(f"label: {obj['label']!r} is not one of {', '.join(LABELS)}",
                            path=path, line=lineno)  # fmt: skip
        if not _DATE.match(obj["created"]):
            raise DataError(f"created: {obj['created']!r} is not an ISO 8601 date "
                            "(e.g. 2026-11-25T03:50:00Z)", path=path, line=lineno)  # fmt: skip
        annotation = Annotation(annotator=obj["annotator"].strip(), label=obj["label"],
                                created=obj["created"], note=obj.get("note"))  # fmt: skip
        out.append(Judgment(lineno, obj["claim_id"], annotation))
    return out


@dataclass
class AnnotateResult:
    """The updated claims and what the judgments did."""

    claims: list[Claim]
    applied: int
    statuses: Counter[str]
    disagreements: int

    def summary(self) -> str:
        st = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))
        return (f"applied {self.applied} judgment(s), {self.disagreements} disagreeing with"
                f" the claim's label; claims now: {st}")  # fmt: skip


def apply_judgments(claims: list[Claim], judgments: list[Judgment], path: Path) -> AnnotateResult:
    """``claims`` with every judgment recorded (pure); an unknown claim id is an error."""
    by_id = {c.id: i for i, c in enumerate(claims)}
    for j in judgments:
        if j.claim_id not in by_id:
            raise DataError(
                f"claim_id: no claim {j.claim_id!r} in the claims file"
                " (ids change when a claim's text changes)",
                path=path,
                line=j.line,
            )
    updated = list(claims)
    disagree = 0
    for j in judgments:
        i = by_id[j.claim_id]
        disagree += j.annotation.label != updated[i].label
        updated[i] = add_annotation(updated[i], j.annotation)
    return AnnotateResult(updated, len(judgments), Counter(c.status for c in updated), disagree)


def run_annotate(annotations: Path, claims_path: Path) -> AnnotateResult:
    """Check the whole annotations file, apply it, rewrite the claims file atomically."""
    judgments = read_judgments(annotations)
    claims = [c for _, c in read_claims(claims_path)]
    result = apply_judgments(claims, judgments, annotations)
    with atomic_writer(claims_path) as f:
        for c in result.claims:
            f.write(dumps(c.to_dict()))
    return result
