"""Real file sizes: AVeriTeC's train split (3,068 claims, about 9 MB) imports with the
default limit, because JSON arrays and JSON Lines are read as streams; a size limit is
left only where a whole document must be held (one JSONL line, one JSON document)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.errors import DataError
from toolkit.interop import import_file
from toolkit.interop.common import ImportOptions, iter_json_items
from toolkit.jsonl import DEFAULT_MAX_BYTES

FIXTURE = Path(__file__).parent / "data" / "interop" / "averitec" / "dev.json"


def averitec_split(path: Path, n: int, *, jsonl: bool = False) -> None:
    """``n`` claims in AVeriTeC's layout, about 3 KB each like the real train split."""
    template = json.loads(FIXTURE.read_text())[0]
    filler = " The council minutes record the vote and the objections raised." * 38
    with path.open("w", encoding="utf-8") as f:
        f.write("" if jsonl else "[\n")
        for i in range(n):
            claim = dict(template, claim=f"Claim number {i} about the central square.",
                         justification=template["justification"] + filler)
            line = json.dumps(claim, indent=None if jsonl else 4)
            f.write(line + "\n" if jsonl else line + (",\n" if i + 1 < n else "\n"))
        f.write("" if jsonl else "]\n")


@pytest.mark.parametrize("jsonl", [False, True])
def test_a_train_sized_split_imports_with_the_default_limit(tmp_path: Path, jsonl: bool) -> None:
    path = tmp_path / ("train.jsonl" if jsonl else "train.json")
    averitec_split(path, 3068, jsonl=jsonl)
    assert path.stat().st_size > 9_000_000 > DEFAULT_MAX_BYTES
    batch, result = import_file("averitec", path, ImportOptions(created="2026-01-01"),
                                claims_path=tmp_path / "c.jsonl",
                                articles_path=tmp_path / "a.jsonl")
    assert batch.read == 3068 and result.new_claims == 3068 and not result.skipped


def test_array_items_stream_past_the_limit_but_a_document_does_not(tmp_path: Path) -> None:
    array = tmp_path / "array.json"
    array.write_text(json.dumps([{"n": i, "pad": "x" * 50} for i in range(100)], indent=1))
    assert [w for w, _ in iter_json_items(array, max_bytes=200)][:2] == ["[0]", "[1]"]
    doc = tmp_path / "doc.json"
    doc.write_text(json.dumps({"@graph": [{"pad": "x" * 500}]}, indent=1))
    with pytest.raises(DataError, match="over the limit of 200"):
        list(iter_json_items(doc, max_bytes=200))


def test_layouts_and_where_each_record_is(tmp_path: Path) -> None:
    lines = tmp_path / "a.jsonl"
    lines.write_text('{"a": 1}\n\n{"a": 2}\n', encoding="utf-8")
    assert list(iter_json_items(lines)) == [("line 1", {"a": 1}), ("line 3", {"a": 2})]
    one = tmp_path / "one.json"
    one.write_text('{\n  "a": 1\n}\n')
    assert list(iter_json_items(one)) == [("", {"a": 1})]
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf[1.5, {\"b\": \"\xc3\xa9\"}]")
    assert list(iter_json_items(bom)) == [("[0]", 1.5), ("[1]", {"b": "é"})]
    empty = tmp_path / "empty.json"
    empty.write_text("[]")
    assert list(iter_json_items(empty)) == []


@pytest.mark.parametrize(
    ("text", "line"),
    [('[{"a": 1},\n {"a": 2},\n {"a": }\n]', 3),
     ('[{"a": 1},\n {"a": 2}\n', 2),  # cut short: no closing bracket
     ('[{"a": 1}]\n garbage', 2)],
)
def test_a_broken_array_is_one_error_on_its_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(DataError) as err:
        list(iter_json_items(path))
    assert str(err.value).startswith(f"{path}:{line}: not valid JSON")
