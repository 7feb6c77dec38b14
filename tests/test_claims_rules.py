"""The generator rules: each mutation type, hedges and monotonicity, standalone claims."""

from __future__ import annotations

import pytest

from toolkit.claims.checkworthiness import score
from toolkit.claims.generate import Reject, cap_negation, generate
from toolkit.claims.registry import get_rules
from toolkit.claims.rules import _hedged_label, find_amounts
from toolkit.errors import UsageError
from toolkit.ingest import RawArticle, build_article
from toolkit.records import Article, ArticleSource, Claim

SOURCE = ArticleSource(file="t.txt", format="text", file_sha256="0" * 64)


def article(*paragraphs: str, title: str = "Officials Discuss the Budget Plan") -> Article:
    return build_article(RawArticle(title, tuple((None, p) for p in paragraphs), SOURCE))


def run(a: Article, *rules: str, seed: int = 0) -> tuple[list[Claim], list[Reject]]:
    claims: list[Claim] = []
    rejects: list[Reject] = []
    for item in generate([a], get_rules(list(rules)), seed=seed):
        (rejects if isinstance(item, Reject) else claims).append(item)
    return claims, rejects


def body(claims: list[Claim]) -> dict[str, str]:
    """claim text -> label, body sentences only."""
    return {c.claim: c.label for c in claims if not c.source.headline}


# ---------------------------------------------------------------- numbers and hedges


def test_exact_number_swap_is_refuted_and_keeps_format():
    a = article("The council approved 120 new posts in 2023.")
    out = body(run(a, "number.swap")[0])
    assert len(out) == 2
    for text, label in out.items():
        assert label == "REFUTED"
        assert "2023" in text  # years are left to the date rule
        new = find_amounts(text)[0]
        assert new.kind == "digits" and new.value != 120 and 60 <= new.value <= 180
        assert new.value % 10 == 0  # as round as the original


def test_money_with_thousands_separator_keeps_it():
    a = article("The repair cost $1,200 last week.")
    texts = sorted(body(run(a, "number.swap")[0]))
    amounts = [t.split("$")[1].split()[0] for t in texts]
    assert len(amounts) == 2
    for amount in amounts:
        assert ("," in amount) == (int(amount.replace(",", "")) >= 1000), amounts
        assert amount.endswith("00")


def test_more_than_is_monotone():
    a = article("The war has been ongoing for more than two years now.")
    out = body(run(a, "number.swap")[0])
    assert out["The war has been ongoing for more than one year now."] == "SUPPORTED"
    bigger = [t for t in out if "one year" not in t]
    assert bigger and all(out[t] == "NOT_ENOUGH_INFO" for t in bigger)


def test_less_than_is_monotone_the_other_way():
    a = article("The fund spent less than $40 million on roads.")
    out = body(run(a, "number.swap")[0])
    labels = {find_amounts(t)[0].value > 40: label for t, label in out.items()}
    assert labels == {True: "SUPPORTED", False: "NOT_ENOUGH_INFO"}


def test_nearly_swaps_far_away_are_refuted_and_close_ones_undecided():
    a = article("Congress passed a package totaling nearly $61 billion.")
    out = body(run(a, "number.swap")[0])
    assert len(out) == 2 and set(out.values()) == {"REFUTED"}
    assert _hedged_label("below", 61, 59)[0] is None  # ranges overlap: not decided
    assert _hedged_label("below", 61, 100)[0] == "REFUTED"


def test_hedge_flip_labels_follow_meaning():
    a = article("Congress passed a package totaling nearly $61 billion.")
    out = body(run(a, "quantifier.hedge")[0])
    assert out == {
        "Congress passed a package totaling more than $61 billion.": "REFUTED",
        "Congress passed a package totaling less than $61 billion.": "SUPPORTED",
    }
    b = article("More than 300 people attended the rally on Sunday.")
    out = body(run(b, "quantifier.hedge")[0])
    assert out["Less than 300 people attended the rally on Sunday."] == "REFUTED"
    assert out["At least 300 people attended the rally on Sunday."] == "SUPPORTED"


def test_rounding_bound_that_stays_true_is_supported():
    a = article("Congress passed a package totaling nearly $61 billion.")
    out = body(run(a, "number.bound")[0])
    assert out == {
        "Congress passed a package totaling more than $50 billion.": "SUPPORTED",
        "Congress passed a package totaling less than $50 billion.": "REFUTED",
    }


def test_dropping_only_is_supported_but_not_under_negation():
    a = article("The missiles could only be used near Kharkiv.")
    assert body(run(a, "quantifier.drop_only")[0]) == {
        "The missiles could be used near Kharkiv.": "SUPPORTED"
    }
    b = article("The missiles could not only be used near Kharkiv.")
    assert body(run(b, "quantifier.drop_only")[0]) == {}


# ---------------------------------------------------------------- dates


def test_event_date_shift_is_refuted_with_consistent_weekday():
    a = article("On Thursday, May 30, the agency reported a new policy.")
    out = body(run(a, "date.shift")[0])
    assert len(out) == 2 and set(out.values()) == {"REFUTED"}
    allowed = {"Thursday, May 23", "Thursday, June 6", "Wednesday, May 29", "Friday, May 31"}
    for text in out:
        assert any(d in text for d in allowed), text


def test_as_of_date_is_monotone():
    a = article("As of June 3, a report indicated that the bridge was closed.")
    for seed in range(6):
        for text, label in body(run(a, "date.shift", seed=seed)[0]).items():
            day = int(text.split(",")[0].split()[-1])
            month = text.split(",")[0].split()[-2]
            later = month == "June" and day > 3
            assert label == ("SUPPORTED" if later else "NOT_ENOUGH_INFO"), text


# ---------------------------------------------------------------- entities


def test_entity_in_exclusive_slot_is_refuted():
    a = article("The missiles could only be used in the region near Kharkiv.")
    out = body(run(a, "entity.swap")[0])
    assert len(out) == 2 and set(out.values()) == {"REFUTED"}
    assert all("Kharkiv" not in t for t in out)


def test_entity_located_in_is_refuted():
    a = article("The battery was located in Russia’s Belgorod region, officials said.")
    out = body(run(a, "entity.swap")[0])
    assert out and set(out.values()) == {"REFUTED"}
    assert all("Russia’s" in t and "Belgorod" not in t for t in out)


def test_country_swap_in_non_exclusive_relation_is_nei_with_demonym():
    a = article("Germany followed suit and permitted Ukraine to use German-made weapons.")
    out = body(run(a, "entity.swap")[0])
    assert len(out) == 1
    (text, label), = out.items()
    assert label == "NOT_ENOUGH_INFO"
    assert "Germany" not in text and "German-made" not in text and "-made weapons" in text


def test_acronym_after_its_expansion_is_not_swapped():
    a = article("Ukraine used the High Mobility Artillery Rocket System (HIMARS) on Monday.",
                title="Ukraine Strikes Back")  # fmt: skip
    assert body(run(a, "entity.swap")[0]) == {}


def test_speaker_swap_is_nei():
    a = article("POLITICO reported that the ban had been lifted.",
                "A later account came from The Associated Press, which said so.")  # fmt: skip
    out = body(run(a, "nei.speaker")[0])
    assert out == {"The Associated Press reported that the ban had been lifted.": "NOT_ENOUGH_INFO"}


def test_added_detail_is_nei_and_has_no_evidence():
    a = article("The council approved 120 new posts in 2023.")
    claims, _ = run(a, "nei.added_detail")
    (c,) = [c for c in claims if not c.source.headline]
    assert c.label == "NOT_ENOUGH_INFO" and c.evidence == () and c.method == "nei:added_detail"
    assert c.claim.endswith("the council approved 120 new posts in 2023.")


# ---------------------------------------------------------------- negation


def test_negation_removed_and_added_is_refuted():
    a = article("Kirby said he could not confirm the strike.",
                "The council has approved 120 posts.")  # fmt: skip
    out = body(run(a, "negation.toggle")[0])
    assert out == {
        "Kirby said he could confirm the strike.": "REFUTED",
        "The council has not approved 120 posts.": "REFUTED",
    }


def test_supported_claims_with_negation_exist():
    a = article("Kirby said he could not confirm the strike.")
    assert body(run(a, "extract.sentence")[0]) == {
        "Kirby said he could not confirm the strike.": "SUPPORTED"
    }


def _claim(i: int, method: str, label: str = "REFUTED") -> Claim:
    return Claim(id=f"{i:016x}", claim=f"c{i}", label=label, evidence=(), source=None,
                 method=method)  # fmt: skip


@pytest.mark.parametrize("others", [0, 1, 5, 17, 100])
def test_negation_cap_holds(others):
    claims = [_claim(i, "mutation:number") for i in range(others)]
    claims += [_claim(1000 + i, "mutation:negation") for i in range(40)]
    claims += [_claim(5000, "extracted", "SUPPORTED")]
    kept, rejects = cap_negation(claims)
    refuted = [c for c in kept if c.label == "REFUTED"]
    negations = [c for c in refuted if c.method == "mutation:negation"]
    assert len(negations) <= 0.15 * len(refuted)
    assert len(rejects) == 40 - len(negations)
    assert all(r.stage == "negation_cap" for r in rejects)
    assert len(kept) + len(rejects) == len(claims)


# ---------------------------------------------------------------- standalone


def test_pronoun_resolved_from_previous_subject_and_joins_evidence():
    a = article("Over the last few months, Congress had been at a standstill on aid. "
                "In the end, it passed a package totaling nearly $61 billion.")  # fmt: skip
    claims, _ = run(a, "extract.sentence")
    c = next(c for c in claims if c.source.sentence_index == 1)
    assert c.claim == "Congress passed a package totaling nearly $61 billion."
    assert [[e.sentence_index for e in g] for g in c.evidence] == [[0, 1]]  # one group


def test_opener_dropped_for_every_label():
    a = article("The agency hired 40 people. In the end, the agency spent $61 million on roads.")
    claims, _ = run(a, *[r.key for r in get_rules()])
    from_second = [c for c in claims if c.source.sentence_index == 1]
    assert {c.label for c in from_second} >= {"SUPPORTED", "REFUTED"}
    assert all("In the end" not in c.claim and "in the end" not in c.claim for c in from_second)


def test_unresolvable_pronouns_and_demonstratives_are_rejected_with_reason():
    a = article("The administration made it clear that the missiles had limits near Kharkiv. "
                "They are permitted for use against Russian forces. "
                "This was seen as a policy reversal by 3 officials.")  # fmt: skip
    claims, rejects = run(a, "extract.sentence")
    assert [c.source.sentence_index for c in claims if not c.source.headline] == [0]
    reasons = {r.sentence_index: r.reason for r in rejects if r.stage == "standalone"}
    assert reasons[1].startswith("pronoun_unresolved") and "agree" in reasons[1]
    assert reasons[2].startswith("demonstrative_opener")


def test_it_skips_a_pronoun_sentence_to_find_its_antecedent():
    a = article("The administration made it clear that the missiles had limits near Kharkiv. "
                "They are permitted for use in counter-fire. "
                "It has cautioned that Ukraine is not to use them on 2 sites.")  # fmt: skip
    claims, _ = run(a, "extract.sentence")
    c = next(c for c in claims if c.source.sentence_index == 2)
    assert c.claim.startswith("The administration has cautioned")


def test_headline_claim_marked_and_evidenced_by_a_body_sentence():
    a = article("Nothing here matters much at all today.",
                "Biden approved the missile strikes into Russia on Friday.",
                title="Biden Approves Missile Strikes Into Russia")  # fmt: skip
    claims, _ = run(a, "extract.sentence")
    (h,) = [c for c in claims if c.source.headline]
    assert h.source.sentence_index is None and h.label == "SUPPORTED"
    assert [[e.sentence_index for e in g] for g in h.evidence] == [[1]]


# ---------------------------------------------------------------- check-worthiness


def test_checkworthiness_reasons_and_rejects():
    cw = score("On May 30, POLITICO reported that 3 officials said “no”.")
    assert {"number", "date", "attribution", "quotation"} <= set(cw.reasons)
    a = article("What should we do about it?", "I think you should relax now.")
    claims, rejects = run(a, "extract.sentence")
    assert [c for c in claims if not c.source.headline] == []
    low = [r for r in rejects if r.stage == "checkworthiness"]
    assert {r.sentence_index for r in low} == {0, 1}
    assert "question" in low[0].checkworthiness.reasons


# ---------------------------------------------------------------- registry


def test_unknown_rule_lists_valid_ones():
    with pytest.raises(UsageError) as exc:
        get_rules(["number.swop"])
    assert "number.swap@1" in str(exc.value)


def test_rule_name_without_version_is_latest():
    assert [r.key for r in get_rules(["date.shift"])] == ["date.shift@2"]


def test_every_rule_method_matches_the_schema():
    import re

    from toolkit.schema import schema_for

    pattern = re.compile(schema_for("claim")["properties"]["method"]["pattern"])
    assert all(pattern.match(r.method) for r in get_rules())
