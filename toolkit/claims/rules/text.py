"""Small text helpers every rule family shares."""

from __future__ import annotations

import re

S, R, N = "SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"

NEGATION = re.compile(r"\b(?:not|never|no)\b|n[’']t\b", re.I)


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
