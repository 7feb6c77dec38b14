"""Whatever JSON a user hands an importer, the answer is a result or one ClaimkitError:
never a traceback, and never a half-written output."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.errors import ClaimkitError
from toolkit.interop import import_file
from toolkit.interop.common import ImportOptions

FEVER_PAGES = Path(__file__).parent / "data" / "interop" / "fever" / "pages.jsonl"

scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(
    ["", "x", "Supported", "SUPPORTS", "False", "ClaimReview", "2024-01-01", "label",
     "choices", "Harbor_Bridge_-LRB-Lisbon-RRB-"]))
keys = st.sampled_from(["id", "claim", "label", "evidence", "questions", "answers", "answer",
                        "source_url", "@type", "@graph", "claimReviewed", "reviewRating",
                        "alternateName", "url", "datePublished", "author", "data",
                        "annotations", "result", "value", "choices", "from_name", "type",
                        "completed_by", "created_at", "claim_id", "was_cancelled", "lines"])
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=5)), max_leaves=20)


@pytest.mark.parametrize("fmt", ["fever", "averitec", "claimreview", "label-studio"])
@settings(max_examples=60, deadline=None)
@given(value=json_values)
def test_any_json_gives_a_result_or_one_error(fmt: str, value: object) -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        path = tmp / "in.json"
        if fmt == "fever":  # JSONL: one line per element
            rows = value if isinstance(value, list) else [value]
            path.write_text("".join(json.dumps(r) + "\n" for r in rows) or "\n")
        else:
            path.write_text(json.dumps(value))
        options = ImportOptions(created="2026-01-01",
                                pages=FEVER_PAGES if fmt == "fever" else None)
        try:
            import_file(fmt, path, options, claims_path=tmp / "claims.jsonl",
                        articles_path=tmp / "articles.jsonl")
        except ClaimkitError as exc:
            assert "\n" not in str(exc)
            assert not (tmp / "claims.jsonl").exists()


DATA = Path(__file__).parent / "data" / "interop"
FIXTURES = {
    "fever": DATA / "fever" / "claims.jsonl",
    "averitec": DATA / "averitec" / "dev.json",
    "claimreview": DATA / "claimreview" / "list.json",
    "label-studio": DATA / "label_studio" / "export.json",
}


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _replace(value: object, path: tuple, new: object) -> object:
    if not path:
        return new
    copy = json.loads(json.dumps(value))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return copy


@pytest.mark.parametrize("fmt", sorted(FIXTURES))
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_a_fixture_with_one_part_broken_gives_a_result_or_one_error(
    fmt: str, data: st.DataObject
) -> None:
    if fmt == "fever":
        original: object = [json.loads(line) for line in FIXTURES[fmt].read_text().splitlines()]
    else:
        original = json.loads(FIXTURES[fmt].read_text())
    path = data.draw(st.sampled_from(_paths(original)[1:]))
    broken = _replace(original, path, data.draw(json_values))
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        src = tmp / "in.json"
        if fmt == "fever":
            rows = broken if isinstance(broken, list) else [broken]
            src.write_text("".join(json.dumps(r) + "\n" for r in rows) or "\n")
        else:
            src.write_text(json.dumps(broken))
        claims = tmp / "claims.jsonl"
        if fmt == "label-studio":  # annotations need claims to land on
            import_file("fever", FIXTURES["fever"],
                        ImportOptions(created="2026-01-01", pages=FEVER_PAGES),
                        claims_path=claims, articles_path=tmp / "articles.jsonl")
        before = claims.read_bytes() if claims.exists() else None
        options = ImportOptions(created="2026-01-01",
                                pages=FEVER_PAGES if fmt == "fever" else None)
        try:
            import_file(fmt, src, options, claims_path=claims,
                        articles_path=tmp / "articles.jsonl")
        except ClaimkitError as exc:
            assert "\n" not in str(exc)
            assert (claims.read_bytes() if claims.exists() else None) == before
