"""The generator: the gate, typed number slots, held-out NOT_ENOUGH_INFO, headlines."""

from __future__ import annotations

import random

import pytest

from toolkit.claims.extract import extract
from toolkit.claims.generate import generate
from toolkit.claims.heldout import MIN_ARTICLES, is_held_out
from toolkit.claims.rules import get_rules
from toolkit.claims.rules.numbers import alternatives, find_amounts, swap_label
from toolkit.claims.standalone import gate
from toolkit.errors import UsageError
from toolkit.ingest import RawArticle, build_article
from toolkit.records import Article, ArticleSource, Rejected

SOURCE = ArticleSource(file="t.txt", format="text", file_sha256="0" * 64)


def article(*paragraphs: str, title: str = "") -> Article:
    return build_article(RawArticle(title, tuple((None, p) for p in paragraphs), SOURCE))


def run(a: Article, *rules: str) -> tuple[dict[str, str], list[Rejected]]:
    claims: dict[str, str] = {}
    rejects: list[Rejected] = []
    for item in generate([a], get_rules(list(rules) or None)):
        if isinstance(item, Rejected):
            rejects.append(item)
        else:
            claims[item.claim] = item.label
    return claims, rejects


# ---------------------------------------------------------------- the gate


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("He said the council would approve 120 new posts next year.", "pronoun"),
        ("The council approved the plan after he said it had cost $4 million.", "pronoun"),
        ("The man was taken to hospital with injuries to both legs and arms.", "bare_definite"),
        ("Two of those were later released without charge by the police.", "bare_definite"),
        ("\u201cWe will lift the ban on 12 groups as promised,\u201d in March 2002.",
         "quote_no_speaker"),
        ("The council said \u201cthe plan will cost $4 million in total.", "quote_unbalanced"),
        ("Mayor Jane Smith approved the plan. Council member Tom Lee voted against it in 2020.",
         "run_on"),
        ("Mayor Jane Smith said " + "the plan was good and " * 15 + "cheap.", "run_on"),
        ("Jane Smith said.", "fragment"),
    ],
)
def test_gate_reasons(sentence, reason):
    assert (gate(sentence) or "").split(":")[0] == reason


def test_gate_lets_standalone_sentences_through():
    assert gate("Senator Brian Greig said he would contest the leadership in 2002.") is None
    assert gate("AMP has shelved a $400 million plan to buy back shares from investors.") is None


def test_gate_applies_to_every_label_before_rules():
    a = article("He said the council approved 120 new posts in 2023 for $4 million.")
    claims, rejects = run(a)
    assert claims == {}
    assert [r.stage for r in rejects] == ["gate"]


# ---------------------------------------------------------------- number slots


NUMBER_CASES = [
    # exact figures: REFUTED, same slot, plausible
    ("AMP raised $750 million in fresh capital from its investors.", "money", "REFUTED"),
    ("Profit at AMP sank 25 per cent in the half year to June.", "percent", "REFUTED"),
    ("Police in Sydney arrested a 14-year-old boy over the fire on Monday.", "age", "REFUTED"),
    ("Police said Tom Smith, 24, was arrested in Sydney after the fire.", "age", "REFUTED"),
    ("Sydney FC won the grand final 3-1 against Perth Glory in March.", "score", "REFUTED"),
    ("The council approved 120 new posts for the Sydney office this year.", "count", "REFUTED"),
    # hedged figures: monotonicity
    ("Police in Sydney said more than 200 people attended the rally.", "count", None),
    # time of day: only "at" excludes another time
    ("The Sydney office of AMP opened at 10am for the first time.", "time", "REFUTED"),
    ("The Sydney office of AMP must close before 10pm under the new rules.", "time", None),
]


@pytest.mark.parametrize(("sentence", "slot", "exact_label"), NUMBER_CASES)
def test_number_slot_types_and_labels(sentence, slot, exact_label):
    amounts = find_amounts(sentence)
    assert [a.slot for a in amounts] == [slot]
    a = amounts[0]
    for new in alternatives(a, random.Random(0)):
        assert a.lo <= new <= a.hi
        label, _ = swap_label(sentence, a, new)
        if exact_label:
            assert label == exact_label
        elif slot == "count":  # "more than 200": a lower bound is entailed, a higher one not
            assert label == ("SUPPORTED" if new < a.value else "NOT_ENOUGH_INFO")
        else:  # "before 10pm": a later bound still holds, an earlier one is not stated
            assert label == ("SUPPORTED" if new > a.value else "NOT_ENOUGH_INFO")


@pytest.mark.parametrize(
    "sentence",
    [
        "The navy lost a P-3 aircraft near Darwin during the exercise.",
        "Leaders of the G20 met in Sydney to discuss COVID-19 recovery plans.",
        "Qantas grounded a Boeing 747 at Sydney airport for checks.",
        "The case was heard under Section 8 of the act in Sydney.",
    ],
)
def test_identifiers_are_not_numbers(sentence):
    assert find_amounts(sentence) == ()


def test_part_never_exceeds_total_and_percent_stays_in_range():
    text = "Police said 4 of the 10 men arrested in Sydney were later released."
    part = find_amounts(text)[0]
    assert part.hi == 10
    assert all(v <= 10 for v in alternatives(part, random.Random(1)))
    pct = find_amounts("AMP said 90 per cent of its investors in Sydney agreed.")[0]
    assert all(v <= 100 for v in alternatives(pct, random.Random(2)))


def test_child_age_stays_a_child():
    a = find_amounts("Police in Sydney found a 14-year-old boy on the beach.")[0]
    assert all(1 <= v <= 17 for s in range(10) for v in alternatives(a, random.Random(s)))


def test_exact_figure_gives_a_true_and_a_false_round_bound():
    a = article("AMP will raise $750 million in fresh capital from investors in Sydney.")
    claims, _ = run(a, "quantifier.bound")
    below = {"AMP will raise more than $700 million in fresh capital from investors in "
             "Sydney.": "SUPPORTED",
             "AMP will raise less than $700 million in fresh capital from investors in "
             "Sydney.": "REFUTED"}  # fmt: skip
    above = {"AMP will raise less than $800 million in fresh capital from investors in "
             "Sydney.": "SUPPORTED",
             "AMP will raise more than $800 million in fresh capital from investors in "
             "Sydney.": "REFUTED"}  # fmt: skip
    assert claims in (below, above)


def test_bound_hedges_carry_both_labels_across_sentences():
    # the hedge word alone must not give the label away
    texts = [f"Qantas said it would cut {n} jobs in Melbourne over two years." for n in
             (130, 270, 340, 460, 580, 610, 730, 890)]  # fmt: skip
    seen: dict[str, set[str]] = {"more than": set(), "less than": set()}
    for t in texts:
        claims, _ = run(article(t), "quantifier.bound")
        for text, label in claims.items():
            seen["more than" if "more than" in text else "less than"].add(label)
    assert seen == {"more than": {"SUPPORTED", "REFUTED"}, "less than": {"SUPPORTED", "REFUTED"}}


# ---------------------------------------------------------------- held out


def _corpus(n: int) -> list[Article]:
    return [article(f"Mayor Jane Smith of Town{i} said the council approved {100 + i} new "
                    f"posts in March for the Town{i} office.") for i in range(n)]  # fmt: skip


def test_held_out_articles_give_nei_without_evidence():
    articles = _corpus(40)
    held = [a.id for a in articles if is_held_out(a.id, 0.3)]
    assert held
    result = extract(articles, heldout_share=0.3)
    assert sorted(result.held_out) == sorted(held)
    for c in result.claims:
        if c.article_id in held:
            assert c.label == "NOT_ENOUGH_INFO" and c.evidence == ()
    labels = {c.label for c in result.claims if c.article_id not in held}
    assert "SUPPORTED" in labels


def test_held_out_claim_the_corpus_settles_is_dropped():
    text = "Mayor Jane Smith of Sydney said the council approved 120 new posts in March."
    twins = [article(text, f"Reporter note number {i} about the weather in Perth.")
             for i in range(30)]  # fmt: skip
    result = extract(twins, heldout_share=0.3)
    assert result.held_out
    settled = [r for r in result.rejected if r.stage == "settled"]
    assert settled and all(r.article_id in result.held_out for r in settled)
    assert not any(c.article_id in result.held_out and "Jane Smith" in c.claim
                   for c in result.claims)  # fmt: skip


def test_small_corpus_holds_nothing_out():
    result = extract(_corpus(MIN_ARTICLES - 1), heldout_share=1.0)
    assert result.held_out == []


# ---------------------------------------------------------------- headline


def test_headline_supported_only_when_a_body_sentence_entails_it():
    ok = article("AMP has shelved a $400 million plan to buy back shares, the company said.",
                 title="AMP shelved $400 million plan to buy back shares")  # fmt: skip
    claims, _ = run(ok, "extract.sentence")
    assert claims.get("AMP shelved $400 million plan to buy back shares") == "SUPPORTED"
    bad = article("AMP has shelved a $400 million plan to buy back shares, the company said.",
                  title="AMP Chief Resigns Over Failed Buyback")  # fmt: skip
    claims, rejects = run(bad, "extract.sentence")
    assert "AMP Chief Resigns Over Failed Buyback" not in claims
    assert [r.stage for r in rejects if r.headline] == ["headline"]


def test_title_less_article_has_no_headline_candidate():
    a = article("AMP has shelved a $400 million plan to buy back shares, the company said.")
    assert a.title == "" and a.text.startswith("AMP")
    assert not any(r.headline for r in run(a)[1])


# ---------------------------------------------------------------- registry


def test_unknown_rule_lists_valid_ones():
    with pytest.raises(UsageError, match=r"valid rules: .*number\.swap@2"):
        get_rules(["number.swapp"])


def test_lexicon_holds_no_topic_lists():
    from toolkit import lexicon

    assert not hasattr(lexicon, "COUNTRIES") and not hasattr(lexicon, "SOURCES")


def test_rule_cap_keeps_any_rule_under_its_share_and_never_drops_reviewed_claims():
    from toolkit.claims.generate import RuleCap
    from toolkit.records import Annotation, Claim

    def claim(i: int, rule: str, status: str = "silver") -> Claim:
        notes = (Annotation("a", "SUPPORTED", "2026-01-01"),) if status == "gold" else ()
        return Claim(id=f"{i:016x}", claim=f"Claim {i} about Sydney.", label="SUPPORTED",
                     evidence=(), source=None, method="extracted", rule=rule, status=status,
                     annotations=notes)  # fmt: skip

    batch = [claim(i, "extract.sentence@1") for i in range(20)]
    batch += [claim(100 + i, f"other.r{i}@1") for i in range(10)]
    batch += [claim(200, "extract.sentence@1", "gold")]
    kept, rejects = RuleCap(cap=0.3, slack=1).apply(batch)
    extracted = [c for c in kept if c.rule == "extract.sentence@1"]
    assert len(extracted) <= 0.3 * len(kept) + 1
    assert any(c.status == "gold" for c in kept)
    assert {r.stage for r in rejects} == {"rule_share"}
    assert len(kept) + len(rejects) == len(batch)
