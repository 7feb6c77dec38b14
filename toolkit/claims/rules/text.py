"""Small text helpers every rule family shares."""

from __future__ import annotations

import re

from toolkit.lexicon import PLAIN_NEGATORS, negation_pattern
from toolkit.records import Label

S, R, N = Label.SUPPORTED, Label.REFUTED, Label.NOT_ENOUGH_INFO

#: A plain negator or ``n't``: whether an edit's slot stands under a negation.
NEGATION = negation_pattern(PLAIN_NEGATORS)


#: How far back a "what stands before" pattern looks. Each such pattern is anchored at its
#: end and matches a few words; searching the whole prefix of the sentence instead made
#: these searches most of extract's time.
LOOKBEHIND = 80


def ends_at(pattern: re.Pattern[str], text: str, end: int) -> re.Match[str] | None:
    """``pattern`` (anchored with ``$``) matched so that it ends at ``end`` of ``text``.

    The same as ``pattern.search(text[:end])`` for patterns shorter than
    :data:`LOOKBEHIND`, with offsets into ``text``, and O(1) in the sentence's length.
    """
    return pattern.search(text, max(0, end - LOOKBEHIND), end)


def sub(text: str, start: int, end: int, new: str) -> str:
    """``text`` with ``[start, end)`` replaced by ``new``."""
    return text[:start] + new + text[end:]


def cap(s: str) -> str:
    """``s`` with its first letter upper-case (a prefix that now opens a sentence)."""
    return s[:1].upper() + s[1:]


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of ``words``, longest first so that prefixes do not win."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def negated_before(text: str, start: int, window: int = 30) -> bool:
    """Whether a negation stands shortly before ``start`` (edits under it flip meaning)."""
    return bool(NEGATION.search(text[max(0, start - window) : start]))
