"""The schemas: well-formed, documented, resolvable offline, and agreeing with the code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import schema
from toolkit.records import LABELS, Article, Claim, Prediction, decode, encode

SCHEMAS = sorted((Path(__file__).parent.parent / "schemas").glob("*.schema.json"))


def _walk_properties(node: Any, path: str = ""):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{path}.{name}", sub
        for key, sub in node.items():
            yield from _walk_properties(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _walk_properties(sub, f"{path}[{i}]")


OPEN_SCHEMAS = {"fever-input.schema.json", "averitec-input.schema.json"}


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_2020_12_with_id_version_and_descriptions(path: Path) -> None:
    s = json.loads(path.read_text())
    jsonschema.Draft202012Validator.check_schema(s)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["$id"].endswith(":" + s["version"])
    # closed, except the formats claimkit did not define (FEVER, AVeriTeC): their records
    # carry more fields than the importer reads, kept verbatim
    assert s["additionalProperties"] is (path.name in OPEN_SCHEMAS)
    undocumented = [where for where, sub in _walk_properties(s) if "description" not in sub]
    assert undocumented == []


def test_label_enum_is_in_classlabel_order() -> None:
    claim = schema.schema_for("claim")
    assert (
        tuple(claim["$defs"]["label"]["enum"])
        == LABELS
        == ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO")
    )


def test_cross_references_resolve_locally() -> None:
    # the prediction schema refers to the claim and article schemas by URN: no network
    errors = schema.validate_record("prediction", {"id": "0" * 16, "label": "FALSE"})
    assert errors and errors[0][0] == "label"
    assert (
        schema.validate_record(
            "prediction", {"id": "0" * 16, "label": "REFUTED", "evidence": [["a" * 16, 3]]}
        )
        == []
    )


def test_unknown_kind_lists_valid_ones() -> None:
    from toolkit.errors import UsageError

    with pytest.raises(UsageError, match="valid kinds: article, claim, prediction"):
        schema.schema_for("claims")


def test_records_round_trip_and_validate(seed_articles: list[Article]) -> None:
    a = seed_articles[0]
    assert schema.validate_record("article", encode(a)) == []
    s = a.sentences[0]
    claim = decode(Claim,
        {
            "id": "0" * 16,
            "claim": "x",
            "label": "SUPPORTED",
            "evidence": [  # two alternative groups
                [
                    {
                        "article_id": a.id,
                        "sentence_index": 0,
                        "start": s.start,
                        "end": s.end,
                        "exact": a.text[s.start : s.end],
                    }
                ],
                [{"url": "https://example.org/x", "exact": "quote", "accessed": "2024-06-01"}],
            ],
            "source": None,
            "method": "human",
            "rule": None,
            "status": "silver",
            "annotations": [
                {
                    "annotator": "ann",
                    "label": "SUPPORTED",
                    "created": "2024-06-01T00:00:00Z",
                    "note": None,
                }
            ],
            "checkworthiness": None,
        }
    )
    assert schema.validate_record("claim", encode(claim)) == []
    assert decode(Claim, encode(claim)) == claim
    pred = Prediction(id="0" * 16, label="REFUTED", evidence=((a.id, 2),))
    assert schema.validate_record("prediction", encode(pred)) == []


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "label", "evidence", "claim", "start"]), inner, max_size=3
        )
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(schema.KINDS), json_values)
def test_fast_and_slow_validators_agree(kind: str, value: Any) -> None:
    """The compiled fast path and jsonschema must give the same verdict on any input."""
    slow = not list(schema.strict_validator(kind).iter_errors(value))
    assert schema.is_valid(kind, value) == slow


def _mutations(record: dict[str, Any]):
    """Single-field breakages of a valid record: drop, retype, or add a key at every level."""

    def walk(node: Any, path: tuple):
        if isinstance(node, dict):
            for key, value in node.items():
                yield (*path, key), value
                yield from walk(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield (*path, i), value
                yield from walk(value, (*path, i))

    import copy

    for path, value in walk(record, ()):
        for replacement in (None, "x", -1, [], {}, True, 1.5):
            if replacement == value and type(replacement) is type(value):
                continue
            broken = copy.deepcopy(record)
            target = broken
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = replacement
            yield broken
        if isinstance(path[-1], str):
            broken = copy.deepcopy(record)
            target = broken
            for step in path[:-1]:
                target = target[step]
            del target[path[-1]]
            yield broken


def test_validators_agree_on_every_single_field_breakage(seed_articles: list[Article]) -> None:
    a = seed_articles[0]
    s = a.sentences[1]
    claim = {
        "id": "0" * 16,
        "claim": "x",
        "label": "REFUTED",
        "evidence": [
            [
                {
                    "article_id": a.id,
                    "sentence_index": 1,
                    "start": s.start,
                    "end": s.end,
                    "exact": "quote",
                }
            ]
        ],
        "source": {
            "article_id": a.id,
            "sentence_index": 1,
            "start": s.start,
            "end": s.end,
            "headline": False,
        },
        "method": "mutation:number",
        "rule": "number.swap@1",
        "status": "gold",
        "annotations": [
            {"annotator": "a", "label": "REFUTED", "created": "2024-01-01", "note": "n"}
        ],
        "checkworthiness": {"score": 2.5, "reasons": ["number"]},
    }
    article = encode(a)
    article["sentences"] = article["sentences"][:2]
    records = {
        "claim": claim,
        "article": article,
        "prediction": {"id": "0" * 16, "label": "SUPPORTED", "evidence": [[a.id, 0]]},
    }
    checked = 0
    for kind, record in records.items():
        assert schema.is_valid(kind, record)
        for broken in _mutations(record):
            slow = not list(schema.strict_validator(kind).iter_errors(broken))
            assert schema.is_valid(kind, broken) == slow, broken
            checked += 1
    assert checked > 300


# ---------------------------------------------------------------- the fast input check

#: Characters on which Python's and Rust's regular expressions, or JSON Schema types,
#: disagree or that sit on a boundary: spaces to one engine only, invisible characters,
#: combining marks, a line separator.
_EDGE_CHARS = " \t\n\x0b\x1c\x1f\x85\xa0\u2028\u3000\ufeff\u200be\u0301é“”中a"

input_strings = st.text(alphabet=_EDGE_CHARS, max_size=4)
input_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(-2, 2) | input_strings,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["text", "title", "url", "exact", "accessed", "article_id", "x"]),
            inner, max_size=3,
        )
    ),
    max_leaves=8,
)
_INPUT_FIELDS = st.sampled_from(
    ["title", "text", "url", "publisher", "published", "claim", "label", "annotator",
     "created", "evidence", "note", "id", "claim_id", "extra"]
)  # fmt: skip


def _slow_input_verdict(kind: str, obj: Any) -> bool:
    return not list(schema._input_validator(kind).iter_errors(obj))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(schema.INPUT_KINDS), st.dictionaries(_INPUT_FIELDS, input_values,
                                                            max_size=5))  # fmt: skip
def test_fast_input_check_never_accepts_what_jsonschema_refuses(kind: str, obj: Any) -> None:
    """The fast path may only say yes where jsonschema says yes; check_input's verdict is
    jsonschema's either way."""
    from toolkit.errors import DataError

    slow = _slow_input_verdict(kind, obj)
    if schema.surely_valid_input(kind, obj):
        assert slow, obj
    try:
        schema.check_input(kind, obj)
        assert slow, obj
    except DataError:
        assert not slow, obj


@pytest.mark.parametrize(
    ("obj", "valid"),
    [
        ({"text": "Plain news."}, True),
        ({"text": "Ünïcödé «quoted» text 中文。", "title": "É", "url": None}, True),
        ({"text": "a", "title": None, "publisher": None, "published": None, "url": "u"}, True),
        ({"text": "\ufeff"}, True),  # a space to Rust's \s, not to Python's: valid
        ({"text": "\u200b"}, True),
        ({"text": ""}, False),  # empty text
        ({"text": " \t\n"}, False),
        ({"text": "\x1c\x1f"}, False),  # spaces to Python's \s only: invalid
        ({"text": "\x85"}, False),
        ({"text": "\u2028\u3000\xa0"}, False),
        ({}, False),  # missing field
        ({"title": "t"}, False),
        ({"text": 5}, False),  # wrong types
        ({"text": "a", "title": 1}, False),
        ({"text": "a", "title": 1.5}, False),
        ({"text": "a", "title": True}, False),
        ({"text": "a", "url": ["u"]}, False),
        ({"text": "a", "title": {"x": "y"}}, False),
        ({"text": "a", "lable": "x"}, False),  # unknown field
    ],
)
def test_fast_and_slow_article_input_verdicts(obj: dict[str, Any], valid: bool) -> None:
    assert _slow_input_verdict("article", obj) is valid
    assert schema.surely_valid_input("article", obj) is valid  # every valid one is fast


DROP = object()  # a field left out
_FEVER = {"id": 7, "label": "SUPPORTS", "claim": "A claim.", "evidence": [[[1, 2, "Page", 3]]]}


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        ({}, True),
        ({"evidence": [[[1, None, None, None]]], "label": "NOT ENOUGH INFO"}, True),
        ({"evidence": [[[1, 2, "P", 3], [1, 3, "Ünï_(x)", 0]], [[2, 4, "Q", 1]]]}, True),
        ({"verifiable": "VERIFIABLE", "extra": {"kept": 1}}, True),  # open: kept verbatim
        ({"label": DROP, "evidence": DROP}, True),  # an unlabelled test line
        ({"label": None}, False),  # null is no label of FEVER's (the importer skips it)
        ({"evidence": [[[1, 2.0, "Page", 3]]]}, False),  # a float where the 2nd item is int
        ({"evidence": [[[1, 2, "Page", 3.0]]]}, False),  # ... and the 4th
        ({"evidence": [[[1, 2, 3, 3]]]}, False),  # the page is a string
        ({"evidence": [[[1, 2, "Page"]]]}, False),  # three items
        ({"evidence": [[[1, 2, "Page", 3, 4]]]}, False),  # five
        ({"evidence": [[1, 2, "Page", 3]]}, False),  # one level missing
        ({"claim": " \t"}, False),
        ({"id": "7"}, False),
    ],
)
def test_fast_and_slow_fever_input_verdicts(change: dict[str, Any], valid: bool) -> None:
    """FEVER's schema holds a reference and per-position items: the fast check reads both
    (the reference inlined, each position with its own checks) and agrees with jsonschema."""
    obj = {k: v for k, v in {**_FEVER, **change}.items() if v is not DROP}
    assert _slow_input_verdict("fever", obj) is valid
    assert schema.surely_valid_input("fever", obj) is valid  # every valid one is fast


def test_fast_input_check_covers_every_input_kind_and_its_edges() -> None:
    """Formats, conditional branches and non-JSON values: each verdict as jsonschema's."""
    import datetime

    judgment = {"claim_id": "c", "annotator": "a", "label": "SUPPORTED"}
    evidence = [{"exact": "q", "article_id": None},
                {"url": "u", "exact": "e", "accessed": "2024-01-01"}]  # fmt: skip
    cases = {
        "judgment": [
            {**judgment, "created": "2026-11-25T03:50:00Z"},
            {**judgment, "created": "2026-13-01"},  # format: not a real day
            {**judgment, "created": None},
            {**judgment, "note": "\x1c"},
            {**judgment, "label": "TRUE"},
        ],
        "annotation": [
            {"annotator": "a", "id": "x", "label": "REFUTED", "created": "2024-01-01"},
            {"annotator": "a", "id": "x", "label": "REFUTED", "created": None},  # format on null
        ],
        "claim": [
            {"annotator": "a", "claim": "c", "label": "SUPPORTED", "evidence": evidence},
            {"annotator": "a", "claim": "c", "label": "SUPPORTED",
             "evidence": [{"url": "u", "exact": "\x85", "accessed": "2024-01-01"}]},
            {"annotator": "a", "claim": "c", "label": "SUPPORTED", "evidence": [{"url": "u"}]},
        ],
        "article": [
            {"text": "a", "published": datetime.date(2024, 1, 1)},  # a Parquet date cell
            {"text": "a", "published": b"2024"},
            {"text": "a", "title": (1, 2)},
            {"text": "a", "url": 2**70},
        ],
    }  # fmt: skip
    fast_yes = 0
    for kind, objs in cases.items():
        for obj in objs:
            slow = _slow_input_verdict(kind, obj)
            fast = schema.surely_valid_input(kind, obj)
            assert not fast or slow, (kind, obj)
            fast_yes += fast
    assert fast_yes >= 3  # the valid ones of each kind take the fast path
