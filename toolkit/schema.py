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
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import referencing
import referencing.jsonschema

from toolkit.errors import DataError, UsageError
from toolkit.records import is_iso_date

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
def strict_validator(kind: str) -> Any:
    """jsonschema's own validator for ``kind``: the reference the compiled fast path
    (:func:`is_valid`) must agree with, and the one that explains a failure."""
    schema = schema_for(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return StrictValidator(schema, registry=registry())


_INT = "int"  # a leaf of an integer plan: the value here must be a JSON integer


def _resolve(ref: str, base: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The subschema a ``$ref`` points at (local or another schema's ``$id``)."""
    doc, _, pointer = ref.partition("#")
    if doc:
        base = next(s for s in load_schemas().values() if s["$id"] == doc)
    node: Any = base
    for part in [p for p in pointer.split("/") if p]:
        node = node[part]
    return node, base


def _int_plan(node: Any, base: dict[str, Any], depth: int = 0) -> Any:
    """Where a schema puts integers: ``"int"``, ``{key: plan}``, ``[plan]`` or ``None``."""
    if not isinstance(node, dict) or depth > 20:
        return None
    plans = []
    types = node.get("type")
    if types == "integer" or (isinstance(types, list) and "integer" in types):
        plans.append(_INT)
    if "$ref" in node:
        target, target_base = _resolve(node["$ref"], base)
        plans.append(_int_plan(target, target_base, depth + 1))
    for key in ("oneOf", "anyOf", "allOf"):
        plans.extend(_int_plan(sub, base, depth + 1) for sub in node.get(key, ()))
    props = {k: _int_plan(v, base, depth + 1) for k, v in node.get("properties", {}).items()}
    props = {k: v for k, v in props.items() if v is not None}
    if props:
        plans.append(props)
    elements = [node["items"]] if isinstance(node.get("items"), dict) else []
    elements += node.get("prefixItems", [])  # a tuple: any position may hold the integer
    items = _merge([p for p in (_int_plan(e, base, depth + 1) for e in elements) if p])
    if items is not None:
        plans.append([items])
    return _merge([p for p in plans if p is not None])


def _merge(plans: list[Any]) -> Any:
    if not plans:
        return None
    if len(plans) == 1:
        return plans[0]
    merged: dict[Any, Any] = {}
    for plan in plans:
        if plan == _INT:
            merged[_INT] = _INT
        elif isinstance(plan, list):
            merged["[]"] = _merge([merged.get("[]"), plan[0]] if "[]" in merged else [plan[0]])
        else:
            for k, v in plan.items():
                merged[k] = _merge([merged[k], v]) if k in merged else v
    return merged


def _compile(plan: Any) -> Any:
    """A function ``value -> bool`` (a float where the plan wants an integer)."""
    if plan == _INT:
        return lambda v: type(v) is float
    if isinstance(plan, list):
        each = _compile(plan[0])
        return lambda v: type(v) is list and any(map(each, v))
    here = plan.get(_INT) == _INT
    each = _compile(plan["[]"]) if "[]" in plan else None
    leaves = tuple(k for k, sub in plan.items() if sub == _INT and k != _INT)
    nested = tuple((k, _compile(sub)) for k, sub in plan.items()
                   if sub != _INT and k not in (_INT, "[]"))  # fmt: skip

    def check(v: Any) -> bool:
        t = type(v)
        if t is dict:
            get = v.get
            for k in leaves:
                if type(get(k)) is float:
                    return True
            for k, f in nested:
                x = get(k)
                if x is not None and f(x):
                    return True
            return False
        if t is float:
            return here
        return t is list and each is not None and any(map(each, v))

    return check


@functools.cache
def _float_checker(kind: str) -> Any:
    """The compiled check of ``kind``'s integer places (``None``: the schema has none)."""
    schema = schema_for(kind)
    plan = _int_plan(schema, schema)
    return None if plan is None else _compile(plan)


def has_float_integer(kind: str, record: Any) -> bool:
    """True if a float (530.0) sits where the schema says ``integer``: the one thing the
    fast validator lets through (JSON Schema counts 530.0 as an integer).

    Only the places the schema types as integers are visited, by a check compiled from
    the schema once, so a claim costs a few dictionary lookups.
    """
    check = _float_checker(kind)
    return check is not None and check(record)


@functools.cache
def _compiled_registry() -> Any:
    """The record schemas under their ``$id``, for the compiled validators' references."""
    return jsonschema_rs.Registry([(s["$id"], s) for s in load_schemas().values()])


@functools.cache
def fast_validator(kind: str) -> Any:
    """The compiled validator of one kind (``.is_valid(record)`` answers yes or no)."""
    return jsonschema_rs.validator_for(schema_for(kind), registry=_compiled_registry())


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
    errors = sorted(strict_validator(kind).iter_errors(record), key=lambda e: list(map(str, e.path)))
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
    """Every problem of one record: empty when valid (the fast path decides that).

    A record holding a float like ``530.0`` always takes the strict path, which refuses
    it wherever the schema says ``"type": "integer"``.
    """
    if is_valid(kind, record):
        if not has_float_integer(kind, record):
            return []
        return list(iter_errors(kind, record))
    return list(iter_errors(kind, record)) or [("(record)", "does not match the schema")]


# ---------------------------------------------------------------- inputs people write

#: Schemas of files people write by hand (``schemas/<kind>-input.schema.json``), checked
#: by :func:`check_input`: the same contract as the records, for the lines before they
#: become records.
INPUT_KINDS = ("article", "judgment", "claim", "annotation", "fever", "averitec")

_FORMATS = jsonschema.FormatChecker(formats=())
_FORMATS.checks("iso-date")(is_iso_date)
_TYPE_WORDS = {"object": "an object", "array": "a list", "string": "a string",
               "integer": "an integer", "null": "null"}  # fmt: skip


@functools.cache
def _input_validator(kind: str) -> Any:
    path = SCHEMA_DIR / f"{kind}-input.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    return StrictValidator(schema, registry=registry(), format_checker=_FORMATS)


@functools.cache
def _input_fast_check(kind: str) -> Any:
    """``obj -> bool``: the compiled yes/no check of an input schema (jsonschema-rs, plus
    :func:`has_float_integer`'s float check), or ``None`` for a schema with a ``format``,
    which only the strict validator knows (ours: ``iso-date``)."""
    schema = _input_validator(kind).schema
    if _uses_format(schema):
        return None
    valid = jsonschema_rs.validator_for(schema, registry=_compiled_registry()).is_valid
    plan = _int_plan(schema, schema)
    has_float = None if plan is None else _compile(plan)
    return valid if has_float is None else lambda obj: valid(obj) and not has_float(obj)


def _uses_format(schema: Any) -> bool:
    """Whether any subschema has the ``format`` keyword (a property *named* format, under
    ``properties``, does not count)."""
    if isinstance(schema, list):
        return any(_uses_format(s) for s in schema)
    if not isinstance(schema, dict):
        return False
    if isinstance(schema.get("format"), str):
        return True
    return any(_uses_format(v if k != "properties" else list(v.values()))
               for k, v in schema.items())  # fmt: skip


def input_fields(kind: str) -> tuple[str, ...]:
    """The fields an input line of ``kind`` may carry, in the schema's order (for messages
    about inputs that are not JSON, such as a Parquet file's columns)."""
    return tuple(_input_validator(kind).schema["properties"])


def check_input(kind: str, obj: Any, *, path: Path | str | None = None,
                line: int | None = None, lenient: Collection[str] = ()) -> list[str]:  # fmt: skip
    """Raise one :class:`DataError` line for the first way ``obj`` breaks its input schema.

    The hand-written field checks of annotate, contribute and the FEVER importer became
    these schemas; the message says which field (dotted path) and what it needs, e.g.
    ``label: 'TRUE' is not one of SUPPORTED, REFUTED, NOT_ENOUGH_INFO`` or ``lable:
    unknown field (allowed: ...)``. Errors come in the schema's order: unknown fields,
    then missing ones, then each field in the order the schema lists them.

    Problems of the top-level fields named in ``lenient`` do not raise: their messages
    are returned, for a caller that skips such a line with its reason instead of failing
    the file (FEVER's importer does so for a label it does not take).
    """
    if not isinstance(obj, dict):
        raise DataError(f"expected a JSON object, got {type(obj).__name__}", path=path, line=line)
    fast = _input_fast_check(kind)
    if fast is not None and fast(obj):  # most lines: 100 times faster than the strict path
        return []
    tolerated = []
    for error in _input_validator(kind).iter_errors(obj):
        if error.absolute_path and error.absolute_path[0] in lenient:
            tolerated.append(_input_message(error))
            continue
        raise DataError(_input_message(error), path=path, line=line)
    return tolerated


def _input_message(error: jsonschema.ValidationError) -> str:
    while error.context:  # if/then/else: the branch that failed says what is wrong
        error = jsonschema.exceptions.best_match(error.context)
    where = ".".join(str(p) for p in error.absolute_path)
    schema, value = error.schema, error.instance
    if where and isinstance(schema.get("title"), str):  # a list item says what it is
        where = f"{where} ({schema['title']})"
    props = schema.get("properties", {})
    if error.validator == "additionalProperties":
        unknown = sorted(k for k in value if k not in props)[0]
        return f"{_join(where, unknown)}: unknown field (allowed: {', '.join(props)})"
    if error.validator == "required":
        missing = next(k for k in error.validator_value if k not in value)
        return f"{_join(where, missing)}: missing required field"
    if error.validator == "enum":
        return f"{where}: {value!r} is not one of {', '.join(map(str, error.validator_value))}"
    if error.validator == "format":
        return f"{where}: {value!r} is not an ISO 8601 date (e.g. 2026-11-25T03:50:00Z)"
    kind = schema.get("type")
    got = "null" if value is None else type(value).__name__
    if kind == "string":  # in the input schemas, a string that may not be null is required
        wrong_type = error.validator == "type"
        return f"{where}: required, a non-empty string" + (f", got {got}" if wrong_type else "")
    if error.validator in ("pattern", "minLength"):
        return f"{where}: must not be empty"
    if error.validator in ("minItems", "maxItems"):
        return f"{where}: expected {error.validator_value} items, got {len(value)}"
    kinds = [kind] if isinstance(kind, str) else list(kind or ())
    words = " or ".join(_TYPE_WORDS.get(k, k) for k in kinds if k != "null") or "a value"
    return f"{where}: expected {words}, got {got}"


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
