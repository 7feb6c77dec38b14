"""In-article NOT_ENOUGH_INFO: a statement given to another person named in the article.

"Senator Greig said X" neither entails nor excludes "Aden Ridgeway said X" when the
article names both: the evidence is about what one of them said. The other source of
NOT_ENOUGH_INFO claims, claims extracted and edited from held-out articles, is not a
rule: every rule's drafts are relabelled there (:mod:`toolkit.claims.heldout`).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from toolkit.claims.registry import register
from toolkit.claims.rules.entities import article_types, described, find_entities, swap
from toolkit.claims.rules.text import N
from toolkit.records import Candidate, Draft


@register("nei.speaker", 2, "nei:speaker")
def nei_speaker(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Give a statement to another person (or organisation) the same article names.

    NOT_ENOUGH_INFO: the article does not say whether that person said it too. A speaker
    with a title, role or appositive is left alone: "Treasurer Kim Beazley said X" gives
    Beazley a title the article gives someone else, which contradicts it.
    Version 1 swapped names from a seed-story list of officials and news outlets.
    """
    if c.is_headline:
        return
    types = article_types(c.article)
    entities = find_entities(c.text, types)
    present = {e.name for e in entities}
    for e in entities:
        if not e.speaker or e.kind not in ("person", "org") or described(c.text, e):
            continue  # a titled speaker swapped keeps a title the article gives another
        words = set(e.name.split())
        others = sorted(n for n, kind in types.items() if kind == e.kind and n not in present
                        and not words & set(n.split())
                        and not any(w in c.text for w in n.split())
                        and (len(n.split()) == 1) == (len(e.name.split()) == 1))  # fmt: skip
        if others:
            yield Draft(swap(c.text, e.name, rng.choice(others)), N, f"{e.kind} speaker swapped")
        return
