"""The JSON Schemas in ``schemas/``: loading, and validating records against them.

Cross-references between the schemas (``urn:claimkit:schema:...``) resolve through a
local ``referencing`` registry, never over the network.

Validation has two paths. The fast path is a compiled validator (jsonschema-rs) that
only answers valid/invalid; it runs on every record. Only a record that fails it goes
through ``jsonschema``, whose error messages (field path, what was expected) are what
the user sees. Both read the same schema files, and a test checks they agree.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import referencing
import referencing.jsonschema

from toolkit.errors import UsageError

_HERE = Path(__file__).resolve().parent
#: In a wheel the schemas ship as toolkit/schemas; in the source tree they are ../schemas.
SCHEMA_DIR = _HERE / "schemas" if (_HERE / "schemas").is_dir() else _HERE.parent / "schemas"
KINDS = ("article", "claim", "prediction")


@functools.cache
def load_schemas() -> dict[str, dict[str, Any]]:
    """Every schema by kind (``article``, ``claim``, ``prediction``)."""
    out = {}
    for kind in KINDS:
        path = SCHEMA_DIR / f"{kind}.schema.json"
        out[kind] = json.loads(path.read_text(encoding="utf-8"))
    return out


def schema_for(kind: str) -> dict[str, Any]:
    """The schema of one record kind; an unknown kind lists the valid ones."""
    schemas = load_schemas()
    if kind not in schemas:
        raise UsageError(f"unknown record kind {kind!r}; valid kinds: {', '.join(KINDS)}")
    return schemas[kind]


@functools.cache
def registry() -> referencing.Registry:
    """A local registry holding every schema under its ``$id``."""
    resources = [
        (s["$id"], referencing.Resource.from_contents(s, referencing.jsonschema.DRAFT202012))
        for s in load_schemas().values()
    ]
    return referencing.Registry().with_resources(resources)


@functools.cache
def _slow_validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = schema_for(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, registry=registry())


@functools.cache
def fast_validator(kind: str) -> Any:
    """The compiled validator of one kind (``.is_valid(record)`` answers yes or no)."""
    reg = jsonschema_rs.Registry([(s["$id"], s) for s in load_schemas().values()])
    return jsonschema_rs.validator_for(schema_for(kind), registry=reg)


def is_valid(kind: str, record: Any) -> bool:
    """Fast yes/no check of one deserialized record."""
    return fast_validator(kind).is_valid(record)


def _path(error: jsonschema.ValidationError) -> str:
    parts = [str(p) for p in error.absolute_path]
    return ".".join(parts) if parts else "(record)"


def iter_errors(kind: str, record: Any) -> Iterator[tuple[str, str]]:
    """``(field path, message)`` for every schema violation, in a stable order.

    ``oneOf`` failures are reported through their most relevant sub-error, so a bad
    evidence item says which field is wrong rather than "is not valid under any".
    """
    errors = sorted(_slow_validator(kind).iter_errors(record), key=lambda e: list(map(str, e.path)))
    for error in errors:
        best = jsonschema.exceptions.best_match([error])
        while best.context:
            best = jsonschema.exceptions.best_match(best.context)
        yield _path(best), _message(best)


def _message(error: jsonschema.ValidationError) -> str:
    if _is_v1_evidence(error):
        return (
            "is a version 1 evidence item (evidence is now a list of groups);"
            " run `claimkit migrate` to upgrade the file"
        )
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    if error.validator == "additionalProperties":
        return error.message
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    return error.message


def _is_v1_evidence(error: jsonschema.ValidationError) -> bool:
    """A claim of schema version 1: ``evidence`` held items where groups now are."""
    path = list(error.absolute_path)
    return (
        error.validator == "type"
        and len(path) == 2
        and path[0] == "evidence"
        and isinstance(error.instance, dict)
        and "exact" in error.instance
    )


def validate_record(kind: str, record: Any) -> list[tuple[str, str]]:
    """Every problem of one record: empty when valid (the fast path decides that)."""
    if is_valid(kind, record):
        return []
    return list(iter_errors(kind, record)) or [("(record)", "does not match the schema")]
