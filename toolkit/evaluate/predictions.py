"""Prediction files: read, check against the schema, and align with the gold claims."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from toolkit.errors import DataError
from toolkit.jsonl import iter_jsonl
from toolkit.records import Claim, Prediction, decode
from toolkit.schema import validate_record

#: How many examples of each kind of problem the error message shows.
EXAMPLES_SHOWN = 3

PROBLEM_KINDS = (
    "malformed record",
    "invalid label",
    "malformed evidence",
    "duplicate id",
    "unknown id",
    "missing id",
)


def _kind_of(field_path: str) -> str:
    if field_path.startswith("label"):
        return "invalid label"
    if field_path.startswith("evidence"):
        return "malformed evidence"
    return "malformed record"


def read_predictions(path: Path | str, gold: Sequence[Claim]) -> list[Prediction]:
    """Read a predictions JSONL file and align it with ``gold``, or refuse it whole.

    Every line is checked against ``schemas/prediction.schema.json``; then ids are
    matched with the gold claims. Any problem (malformed record, invalid label,
    malformed evidence, duplicate, unknown or missing id) is collected, and one
    :class:`DataError` reports the count of each kind with its first examples, so a user
    fixes the whole file in one go instead of one line per run.
    """
    path = Path(path)
    gold_ids = {g.id for g in gold}
    problems: dict[str, list[str]] = {k: [] for k in PROBLEM_KINDS}
    by_id: dict[str, Prediction] = {}
    seen: set[str] = set()  # ids on any line, valid or not: those are not "missing"
    for lineno, obj in iter_jsonl(path, allow_empty=False):
        if isinstance(obj, dict) and isinstance(obj.get("id"), str):
            seen.add(obj["id"])
        errors = validate_record("prediction", obj)
        if errors:
            field_path, message = errors[0]
            problems[_kind_of(field_path)].append(f"line {lineno}: {field_path}: {message}")
            continue
        if obj.get("evidence") is not None:  # JSON Schema lets 3.0 pass as an integer
            obj = {**obj, "evidence": [[a, int(i)] for a, i in obj["evidence"]]}
        pred = decode(Prediction, obj)
        if pred.id in by_id:
            problems["duplicate id"].append(f"line {lineno}: {pred.id}")
        elif pred.id not in gold_ids:
            problems["unknown id"].append(f"line {lineno}: {pred.id}")
        else:
            by_id[pred.id] = pred
    problems["missing id"] = [g.id for g in gold if g.id not in seen]
    if any(problems.values()):
        parts = []
        for kind, items in problems.items():
            if items:
                shown = "; ".join(items[:EXAMPLES_SHOWN])
                more = (
                    f"; and {len(items) - EXAMPLES_SHOWN} more"
                    if len(items) > EXAMPLES_SHOWN
                    else ""
                )
                parts.append(f"{len(items)} {kind}{'s' if len(items) > 1 else ''} ({shown}{more})")
        raise DataError(
            "rejected predictions: "
            + ", ".join(parts)
            + f"; each of the {len(gold)} claims of the split needs exactly one valid line",
            path=path,
        )
    return [by_id[g.id] for g in gold]
