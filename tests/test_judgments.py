"""One judgment merge: repeats are no-ops, conflicts name both lines, nothing is dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.annotations import Judgment, merge_judgments
from toolkit.errors import DataError
from toolkit.interop import import_file
from toolkit.interop.common import ImportOptions
from toolkit.records import Annotation, Claim

PAGES = Path(__file__).parent / "data" / "interop" / "fever" / "pages.jsonl"


def claim(cid: str = "a" * 16) -> Claim:
    return Claim(id=cid, claim="It opened in 1966.", label="SUPPORTED", evidence=(),
                 source=None, method="extracted")  # fmt: skip


def j(where: str, label: str, who: str = "ana", note: str | None = None) -> Judgment:
    return Judgment(where, "a" * 16, Annotation(who, label, "2026-12-01", note))


def test_a_repeated_judgment_is_a_no_op() -> None:
    once = merge_judgments([claim()], [j("f:1", "SUPPORTED")])
    twice = merge_judgments(once.claims, [j("f:1", "SUPPORTED"), j("f:2", "SUPPORTED")])
    assert once.recorded == 1 and twice.recorded == 0 and twice.unchanged == 2
    assert twice.claims == once.claims and once.claims[0].status == "gold"


def test_one_annotator_twice_differently_in_one_batch_names_both_lines() -> None:
    with pytest.raises(DataError) as err:
        merge_judgments([claim()], [j("f.jsonl:3", "SUPPORTED"), j("f.jsonl:7", "REFUTED")])
    assert str(err.value).startswith("f.jsonl:7: ana judges claim")
    assert "SUPPORTED at f.jsonl:3, REFUTED here" in str(err.value)


def test_a_later_session_replaces_the_stored_judgment_and_says_so() -> None:
    first = merge_judgments([claim()], [j("f:1", "SUPPORTED")]).claims
    later = merge_judgments(first, [j("g:1", "REFUTED")])
    assert later.replaced == 1 and later.recorded == 1
    assert [a.label for a in later.claims[0].annotations] == ["REFUTED"]


def test_every_judgment_of_other_people_is_kept() -> None:
    merged = merge_judgments([claim()], [j("f:1", "SUPPORTED"), j("f:2", "REFUTED", "bo")])
    assert [a.annotator for a in merged.claims[0].annotations] == ["ana", "bo"]
    assert merged.claims[0].status == "disputed"


def test_an_unknown_claim_is_an_error_naming_the_line() -> None:
    with pytest.raises(DataError, match=r"^f:9: no claim 'bbbb"):
        merge_judgments([claim()], [Judgment("f:9", "b" * 16, Annotation("a", "REFUTED", "x"))])


def _fever(tmp: Path, rows: list[dict]):
    path = tmp / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return import_file("fever", path, ImportOptions(created="2026-01-01", pages=PAGES),
                       claims_path=tmp / "claims.jsonl", articles_path=tmp / "articles.jsonl")


def read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


@pytest.mark.parametrize("order", ["page first", "missing page first"])
def test_a_fever_record_with_a_missing_page_still_disputes_the_claim(
    tmp_path: Path, order: str
) -> None:
    good = {"id": 1, "verifiable": "VERIFIABLE", "label": "SUPPORTS",
            "claim": "It opened in 1966.", "evidence": [[[10, 20, "Marta_Quental", 1]]]}
    lost = {"id": 2, "verifiable": "VERIFIABLE", "label": "REFUTES",
            "claim": "It opened in 1966.", "evidence": [[[11, 21, "No_Such_Page", 3]]]}
    rows = [good, lost] if order == "page first" else [lost, good]
    _, result = _fever(tmp_path, rows)
    [stored] = read(tmp_path / "claims.jsonl")
    assert stored["status"] == "disputed"  # not gold: two sources disagree
    assert sorted(a["label"] for a in stored["annotations"]) == ["REFUTED", "SUPPORTED"]
    assert result.skipped == []


def test_a_skipped_fever_claim_adds_no_orphan_page(tmp_path: Path) -> None:
    lost = {"id": 2, "verifiable": "VERIFIABLE", "label": "REFUTES", "claim": "It opened.",
            "evidence": [[[11, 21, "Marta_Quental", 999]]]}  # the page is there, the line not
    _, result = _fever(tmp_path, [lost])
    assert read(tmp_path / "claims.jsonl") == [] and read(tmp_path / "articles.jsonl") == []
    assert [s.reason for s in result.skipped] == ["page 'Marta_Quental' has no line 999"]
