"""One list of negators: the rules, ``claimkit stats`` and the baselines agree on it.

A table of sentences -> (carries any negator, carries a plain one), asked through each
public reader: stats' negation column, the baselines' ``negation_mismatch`` feature
(against evidence without negation) and the rules' ``negated_before``.
"""

from __future__ import annotations

import pytest

from toolkit import lexicon
from toolkit.baselines.features import PAIR_FEATURES, pair_feature_matrix
from toolkit.claims.rules.text import negated_before
from toolkit.claims.stats import frame
from toolkit.records import Claim, Label

#: sentence -> (any negator of the lexicon, a plain negator: not / never / no / n't)
TABLE = [
    ("The council approved 120 new posts.", False, False),
    ("The council did not approve the posts.", True, True),
    ("The council never approved the posts.", True, True),
    ("No council approved the posts.", True, True),
    ("The council didn't approve the posts.", True, True),
    ("The council didn’t approve the posts.", True, True),  # typographic apostrophe
    ("The council isn’t sure.", True, True),
    ("NOT a single post was approved.", True, True),  # any case
    ("None of the posts were approved.", True, False),
    ("Nobody approved the posts.", True, False),
    ("Nothing was approved.", True, False),
    ("Neither the mayor nor the council approved it.", True, False),
    ("The council approved it without a vote.", True, False),
    ("The council cannot approve the posts.", True, False),
    # words that merely contain a negator are not negations
    ("Nothingness, notably, knows no notary.", True, True),
    ("The notary noted a nonentity in Nottingham.", False, False),
    ("Few councils approved the posts.", False, False),  # downward, not a negator
    ("", False, False),
]


def _claim(text: str) -> Claim:
    return Claim(id="0" * 16, claim=text, label=Label.SUPPORTED, evidence=(), source=None,
                 method="human")  # fmt: skip


@pytest.mark.parametrize(("sentence", "negated", "plain"), TABLE)
def test_every_reader_agrees_on_what_is_negated(sentence: str, negated: bool, plain: bool) -> None:
    assert bool(frame([_claim(sentence)])["negation"].iloc[0]) is negated
    row = pair_feature_matrix([sentence], ["The council met on Monday."])[0]
    assert bool(row[PAIR_FEATURES.index("negation_mismatch")]) is negated
    assert negated_before(sentence, len(sentence), window=len(sentence)) is plain


def test_the_plain_negators_and_the_downward_words_derive_from_one_list() -> None:
    assert set(lexicon.PLAIN_NEGATORS) < set(lexicon.NEGATORS)
    assert not set(lexicon.DOWNWARD) & set(lexicon.NEGATORS)
    assert len(set(lexicon.NEGATORS)) == len(lexicon.NEGATORS)
    pattern = lexicon.negation_pattern(("never",), ignore_case=False, contracted=False)
    assert pattern.search("they never met") and not pattern.search("Never again")
