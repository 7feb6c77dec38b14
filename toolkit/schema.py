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


#: JSON Schema counts 530.0 as an integer (a number with a zero fraction); our records
#: do not: an offset written 530.0 is a bug upstream and crashes slicing later. This
#: type checker accepts only JSON integers (and never booleans) for "integer".
_STRICT_TYPES = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda _checker, v: isinstance(v, int) and not isinstance(v, bool)
)
StrictValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, type_checker=_STRICT_TYPES
)


@functools.cache
def _slow_validator(kind: str) -> Any:
    schema = schema_for(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return StrictValidator(schema, registry=registry())


@functools.cache
def _number_keys() -> frozenset[str]:
    """Property names the schemas type as ``number`` (where 1.0 is a fine value)."""
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                if isinstance(sub, dict) and sub.get("type") == "number":
                    keys.add(name)
            for sub in node.values():
                walk(sub)
        elif isinstance(node, list):
            for sub in node:
                walk(sub)

    walk(load_schemas())
    return frozenset(keys)


def has_integral_float(record: Any) -> bool:
    """True if a value outside the ``number`` fields is a float with no fraction (530.0):
    the one thing the fast validator lets through as an integer.

    Looks at each container's value types at once (C speed) and descends only into
    nested containers, so a claim costs a few microseconds.
    """
    skip = _number_keys()
    stack = [record]
    containers = (dict, list)
    while stack:
        x = stack.pop()
        if type(x) is dict:
            vals = [v for k, v in x.items() if k not in skip] if skip & x.keys() else x.values()
        elif type(x) is list:
            vals = x
        else:
            continue
        types = set(map(type, vals))
        if float in types and any(type(v) is float and v.is_integer() for v in vals):
            return True
        if dict in types or list in types:
            stack.extend(v for v in vals if type(v) in containers)
    return False


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
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    if error.validator == "additionalProperties":
        return error.message
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    return error.message


def validate_record(kind: str, record: Any) -> list[tuple[str, str]]:
    """Every problem of one record: empty when valid (the fast path decides that).

    A record holding a float like ``530.0`` always takes the strict path, which refuses
    it wherever the schema says ``"type": "integer"``.
    """
    if is_valid(kind, record):
        if not has_integral_float(record):
            return []
        return list(iter_errors(kind, record))
    return list(iter_errors(kind, record)) or [("(record)", "does not match the schema")]
