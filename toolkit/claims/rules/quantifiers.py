"""Hedges and bounds on amounts, labelled by monotonicity.

* An exact figure entails a looser bound around it: "$303 million" entails "more than
  $300 million" (SUPPORTED) and excludes "less than $300 million" (REFUTED); rounding
  that keeps the claim true is not a refutation.
* A hedge changed for its opposite contradicts ("more than 20" / "less than 20"); a
  weaker one is entailed ("more than 20" / "at least 20").
* "nearly X" lies just under X: it entails "more than" a round figure below 0.9 X.
* Dropping a restrictive "only" weakens the claim.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from toolkit.claims.registry import register
from toolkit.claims.rules.numbers import Amount, find_amounts, render
from toolkit.claims.rules.text import NEGATION, R, S, cap, ends_at, negated_before, sub
from toolkit.records import Candidate, Draft

_FLIPS = {
    "below": (("more than", R, "'nearly X' is under X"), ("less than", S, "'nearly X' is under X")),
    "more": (("less than", R, "opposite bound"), ("at least", S, "weaker bound")),
    "less": (("more than", R, "opposite bound"), ("at most", S, "weaker bound")),
}
#: Words after which a hedge cannot be put in front of an amount ("a more than $300m plan",
#: "only less than 20 hospitals").
_NO_HEDGE_AFTER = re.compile(
    r"\b(?:a|an|the|its|his|her|their|this|that|our|per|of|only|just|exactly|precisely)\s+$"
    r"|\bas \w+ as\s+$", re.I
)
_BOUNDABLE = ("money", "count", "percent")


def _editable(text: str, a: Amount) -> bool:
    return a.slot in _BOUNDABLE and not negated_before(text, a.hedge_start)


@register("quantifier.hedge", 2, "mutation:quantifier")
def quantifier_hedge(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Change the hedge of an amount ("more than" to "less than"): labelled by what it implies."""
    for a in find_amounts(c.text):
        if a.hedge not in _FLIPS or not _editable(c.text, a):
            continue
        new_hedge, label, why = rng.choice(_FLIPS[a.hedge])
        if a.hedge_text[:1].isupper():
            new_hedge = cap(new_hedge)
        yield Draft(sub(c.text, a.hedge_start, a.start, new_hedge + " "), label, why)
        return


def _round_below(x: float) -> float:
    """A round number under ``x`` with one significant digit: 54.9 -> 50, 303 -> 300."""
    if x < 2:
        return 0
    magnitude = 10 ** (len(str(int(x))) - 1)
    return float(int(x // magnitude * magnitude))


def _round_above(x: float) -> float:
    """The next round number over ``x`` with one significant digit: 303 -> 400, 61 -> 70."""
    magnitude = 10 ** (len(str(int(x))) - 1) if x >= 1 else 1
    return float((int(x // magnitude) + 1) * magnitude)


@register("quantifier.bound", 2, "mutation:quantifier")
def quantifier_bound(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Replace an exact or "nearly" figure by a round bound: one true, one false claim.

    "raise $750 million" entails "more than $700 million" and "less than $800 million",
    and excludes "less than $700 million" and "more than $800 million". The bound lies
    below or above the figure (a seeded choice) and both hedges are written, so "more
    than" and "less than" each come with both labels: the hedge word is no cue.
    Version 1 wrote one bound below, so "less than" was always REFUTED.
    """
    for a in find_amounts(c.text):
        if a.hedge not in (None, "below") or not _editable(c.text, a) or a.word:
            continue
        if ends_at(_NO_HEDGE_AFTER, c.text, a.hedge_start):
            continue
        low = a.value * (0.9 if a.hedge == "below" else 1.0)  # "nearly 61": at least ~55
        below = rng.random() < 0.5
        bound = _round_below(low * 0.999) if below else _round_above(a.value)
        if bound <= 0 or bound < a.lo or bound > a.hi:
            continue
        opening = c.text[a.hedge_start - 2 : a.hedge_start] in ("", ". ") or a.hedge_start == 0
        figure = c.text[a.start : a.num_start] + render(c.text, a, bound) + c.text[a.num_end : a.end]
        for hedge in ("more than", "less than"):
            true = (hedge == "more than") == below
            label, why = (S, "the stated figure lies within the bound") if true else (
                R, "the stated figure lies outside the bound")
            text = sub(c.text, a.hedge_start, a.end, f"{cap(hedge) if opening else hedge} {figure}")
            yield Draft(text, label, why)
        return


_ONLY = re.compile(r"\b(?:could|can|may|might|will|would|is|are|was|were|be|has|have|had) (only) ")


@register("quantifier.drop_only", 2, "mutation:quantifier")
def quantifier_drop_only(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Drop a restrictive "only": "could only be used near X" entails "could be used near X"."""
    m = _ONLY.search(c.text)
    if m and not NEGATION.search(c.text[: m.start(1)]):
        yield Draft(sub(c.text, m.start(1), m.end(1) + 1, ""), S, "dropping 'only' weakens")
