"""Sentence boundaries with exact character offsets.

sentencex decides where sentences end. It was chosen over pysbd (the earlier choice),
blingfire and nupunkt by ``benchmarks/bench_segmenters.py``: with the guards below it
gets fewer of the hard news cases wrong than pysbd did ("D-Calif., said", "the U.S.
Then", a quotation that ends a sentence) and is about a hundred times faster. Its
segments are not trusted for offsets: offsets here are found by locating each segment,
in order, in the original string, so ``text[start:end]`` is always exactly the
sentence. Two guards run after it: a segment that leaves a quotation open is joined to
the next one, and so is a segment that ends in a known abbreviation followed by a
lower-case word, which no sentence starts with.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import sentencex

#: Abbreviations after which a following lower-case word means "no sentence break".
_ABBREV_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|St|Jr|Sr|No|Nos|Vol|vs|etc|"
    r"approx|Inc|Corp|Ltd|Co|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|"
    r"\b(?:[A-Za-z]\.){2,}|\b[A-Z]-[A-Z][a-z]+\.\)?)$"
)
_OPEN_QUOTES = {"“": "”", "«": "»"}


def _quote_open(s: str) -> bool:
    """True if ``s`` opens a curly or straight quotation that it does not close."""
    for left, right in _OPEN_QUOTES.items():
        if s.count(left) > s.count(right):
            return True
    return s.count('"') % 2 == 1


def _sentencex(text: str) -> Iterable[str]:
    return sentencex.segment("en", text)


def split_spans(
    text: str, offset: int = 0, *, segment: Callable[[str], Iterable[str]] = _sentencex
) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, shifted by ``offset``.

    Spans exclude surrounding white space and are in order; together they cover every
    non-space character of ``text``. ``segment`` (text to sentence strings) is there so
    the benchmark can score other segmenters behind the same guards.
    """
    if not text.strip():
        return []
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sentence in segment(text):
        piece = sentence.strip()
        if not piece:
            continue
        start = text.find(piece, cursor)
        if start < 0:  # the segmenter changed the text: keep the rest as one sentence
            break
        spans.append((start, start + len(piece)))
        cursor = start + len(piece)
    rest = text[cursor:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        spans.append((cursor + lead, cursor + len(rest.rstrip())))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and _joins_previous(text, merged[-1], start):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [(s + offset, e + offset) for s, e in merged]


def _joins_previous(text: str, prev: tuple[int, int], start: int) -> bool:
    before = text[prev[0] : prev[1]]
    if _quote_open(before):
        return True
    # The cheap test first: the abbreviation search scans the whole sentence, and most
    # sentences start upper-case, so it rarely has to run.
    return text[start : start + 1].islower() and bool(_ABBREV_END.search(before))
