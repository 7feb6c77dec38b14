"""The one status rule, and re-applying a judgment."""

from __future__ import annotations

import pytest

from toolkit.annotations import add_annotation, derive_status
from toolkit.errors import DataError
from toolkit.records import Annotation, Claim

S, R = "SUPPORTED", "REFUTED"


def _claim(method: str = "extracted", label: str = S) -> Claim:
    return Claim(id="0" * 16, claim="c", label=label, evidence=(), source=None, method=method)


def test_generated_claim_needs_one_agreeing_person() -> None:
    c = add_annotation(_claim(), Annotation("ann", S, "2024-01-01"))
    assert c.status == "gold"
    c = add_annotation(c, Annotation("bob", R, "2024-01-02"))
    assert c.status == "disputed"


def test_human_claim_needs_two_people() -> None:
    c = add_annotation(_claim("human"), Annotation("author", S, "2024-01-01"))
    assert c.status == "silver"
    assert add_annotation(c, Annotation("second", S, "2024-01-02")).status == "gold"


def test_disagreeing_with_the_label_disputes() -> None:
    assert add_annotation(_claim(), Annotation("ann", R, "2024-01-01")).status == "disputed"
    assert derive_status(_claim()) == "silver"


def test_same_judgment_twice_is_a_no_op_and_a_new_word_replaces_the_old() -> None:
    first, second = Annotation("ann", S, "2024-01-01"), Annotation("bob", S, "2024-01-02")
    c = add_annotation(add_annotation(_claim(), first), second)
    assert add_annotation(c, first) == c
    changed = add_annotation(c, Annotation("ann", R, "2024-02-01", "on reflection"))
    assert [a.annotator for a in changed.annotations] == ["bob", "ann"]
    assert changed.status == "disputed"


def test_bad_label_or_annotator_is_a_data_error() -> None:
    with pytest.raises(DataError, match="label: 'TRUE'"):
        add_annotation(_claim(), Annotation("ann", "TRUE", "2024-01-01"))
    with pytest.raises(DataError, match="annotator"):
        add_annotation(_claim(), Annotation(" ", S, "2024-01-01"))
