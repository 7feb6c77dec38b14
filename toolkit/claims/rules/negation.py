"""Negation: the classic claim-only cue, so it is used sparingly.

Removing the one negation of a sentence, or negating its first auxiliary, contradicts
it (REFUTED). :class:`toolkit.claims.generate.ShareCap` keeps these edits under 15% of
the REFUTED claims, and held-out articles give negated NOT_ENOUGH_INFO claims too.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from toolkit.claims.registry import register
from toolkit.claims.rules.text import R, sub
from toolkit.lexicon import DOWNWARD, NEGATORS, negation_pattern
from toolkit.records import Candidate, Draft

_AUX = re.compile(r"(?<=\w )(has|have|had|is|are|was|were|could|can|will|would|does|did)"
                  r" (?!not\b|only\b|so\b|such\b|now\b|still\b|already\b|also\b|just\b|n[’']t|(?:said|told|says)\b)")  # fmt: skip
_NOT = re.compile(r" not(?= \w)(?! only)")
#: Negations this rule has no clean edit for: "doesn't" -> "does want", and "never".
_CONTRACTED = negation_pattern(("never",), ignore_case=False)
#: Words that already make a clause negative or downward: adding "not" beside them gives
#: "There was not no proof" or "Very few women have not been appointed".
_DOWNWARD = negation_pattern(NEGATORS + DOWNWARD, contracted=False)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_NPI = re.compile(r"^(?: \w+){0,3} (?:any|anyone|anything|yet|either|at all)\b")


@register("negation.toggle", 1, "mutation:negation")
def negation_toggle(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Remove the first negation, or negate the first auxiliary: REFUTED either way.

    Only outside quotations. The generator caps these at 15% of REFUTED claims, and
    SUPPORTED claims contain negations too, so that "not" does not give the label away.
    """
    if c.is_headline:
        return
    if _CONTRACTED.search(c.text):
        return  # "doesn't" -> "does want": no clean edit
    quoted = [q.span() for q in _QUOTED.finditer(c.text)]

    def outside(pattern: re.Pattern[str]) -> re.Match[str] | None:
        # a quotation is the speaker's words: negating inside it misquotes them
        return next((m for m in pattern.finditer(c.text)
                     if not any(s <= m.start() < e for s, e in quoted)), None)  # fmt: skip

    m = outside(_NOT)
    if m:
        if not _NPI.match(c.text[m.end() :]):  # "not ... any" has no positive form
            yield Draft(sub(c.text, m.start(), m.end(), ""), R, "negation removed")
        return
    m = outside(_AUX)
    if m and not _DOWNWARD.search(c.text):
        yield Draft(sub(c.text, m.end(1), m.end(1), " not"), R, "negation added")
