"""``claimkit migrate``: rewrite files of an older schema version in place.

Claim schema 2.0.0 changed one thing: ``evidence`` is a list of alternative groups (as
in FEVER), each a list of items, where version 1 held one flat list of items that
together decided the claim. A version 1 claim therefore becomes a claim with one group
holding its items (or no group, for NOT_ENOUGH_INFO); nothing else changes.

Why in place, atomically and idempotently: ``data/claims.jsonl`` is the committed source
of truth, so the upgrade must leave either the old file or the complete new one (a
temporary file renamed over it), and running it twice, or on a store that is already
version 2, must change nothing (the file is not even rewritten). Lines that need no
upgrade keep their bytes; upgraded lines are written as the project writes every record
(``toolkit.jsonl.dumps``). Every upgraded record is checked against the current schema
before anything is replaced, so a file that was broken before stays untouched and the
error names its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.errors import DataError
from toolkit.jsonl import DEFAULT_MAX_BYTES, atomic_writer, dumps, parse_json_line
from toolkit.outputs import StageResult
from toolkit.schema import validate_record

#: The claim schema version this module upgrades to.
CLAIM_VERSION = "2.0.0"


def upgrade_claim(record: dict[str, Any]) -> dict[str, Any] | None:
    """The version 2 form of a version 1 claim dict, or ``None`` if it needs nothing.

    Version 1 is recognized by its shape: an ``evidence`` list whose entries are item
    objects rather than lists. An empty list is the same in both versions.
    """
    evidence = record.get("evidence")
    if not isinstance(evidence, list) or not any(isinstance(e, dict) for e in evidence):
        return None
    return {**record, "evidence": [evidence]}


@dataclass
class MigrateResult(StageResult):
    """Per file: how many records were read and how many were upgraded."""

    SUMMARY = "[files?{per_file}|no claims file to migrate]"

    files: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def upgraded(self) -> int:
        return sum(up for _, up in self.files.values())

    @property
    def per_file(self) -> str:
        """What happened to each file, for the summary line."""
        return "; ".join(
            f"{path}: {up} of {n} claim(s) upgraded to schema {CLAIM_VERSION}"
            if up
            else f"{path}: already schema {CLAIM_VERSION} ({n} claim(s))"
            for path, (n, up) in self.files.items()
        )


def migrate_claims_file(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[int, int]:
    """Upgrade one claims JSONL file in place; ``(records, upgraded)``.

    The file is replaced (atomically) only when at least one line was upgraded.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError("no such file", path=path)
    lines: list[bytes] = []
    upgraded = 0
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, start=1):
            if len(raw) > max_bytes:
                raise DataError(f"line longer than {max_bytes} bytes", path=path, line=lineno)
            if not raw.strip():
                lines.append(raw)
                continue
            record = parse_json_line(raw, path, lineno)
            new = upgrade_claim(record) if isinstance(record, dict) else None
            if new is None:
                lines.append(raw)
                continue
            errors = validate_record("claim", new)
            if errors:
                where, message = errors[0]
                raise DataError(
                    f"{where}: {message} (after upgrading to schema {CLAIM_VERSION};"
                    " fix the line, then migrate again)",
                    path=path,
                    line=lineno,
                )
            lines.append(dumps(new))
            upgraded += 1
    if upgraded:
        with atomic_writer(path) as out:
            out.writelines(lines)
    return sum(1 for raw in lines if raw.strip()), upgraded


def migrate_store(data_dir: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> MigrateResult:
    """Upgrade the store's claims file (``<data_dir>/claims.jsonl``) to the current schema.

    Articles did not change shape, so only claims are touched.
    """
    result = MigrateResult()
    claims = Path(data_dir) / "claims.jsonl"
    if claims.is_file():
        result.files[str(claims)] = migrate_claims_file(claims, max_bytes=max_bytes)
    return result


__all__ = ["CLAIM_VERSION", "MigrateResult", "migrate_claims_file", "migrate_store", "upgrade_claim"]
