"""Extraction: the standalone sentence itself, and simplifications it entails.

Template attribution ("According to Reuters, ...") and venue insertion ("said in a
written statement that") are retired: readers and a claim-only model both spotted them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from toolkit import lexicon as lx
from toolkit.claims.registry import register
from toolkit.claims.rules.text import S, alternation, negated_before, sub
from toolkit.records import Candidate, Draft


@register("extract.sentence", 1, "extracted")
def extract_sentence(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """The standalone sentence itself: supported by its own text (attribution kept)."""
    yield Draft(c.text, S, "source sentence")


_DROPPABLE = re.compile(rf"\b({alternation(lx.DROPPABLE_ADVERBS)}) (?=[a-z])")


@register("simplify.drop_modifier", 2, "extracted")
def simplify_drop_modifier(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Drop a time or manner adverb ("also", "still", "yesterday"): the rest is entailed."""
    if c.is_headline:
        return
    for m in _DROPPABLE.finditer(c.text):
        if m.start() == 0 or negated_before(c.text, m.start()):
            continue  # under negation dropping a modifier does not preserve truth
        yield Draft(sub(c.text, m.start(), m.end(), ""), S, f"dropped {m.group(1)!r}")
        return
