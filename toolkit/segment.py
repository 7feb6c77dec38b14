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
from itertools import islice

import sentencex

#: Abbreviations after which a following lower-case word means "no sentence break".
_ABBREV_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|St|Jr|Sr|No|Nos|Vol|vs|etc|"
    r"approx|Inc|Corp|Ltd|Co|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|"
    r"\b(?:[A-Za-z]\.){2,}|\b[A-Z]-[A-Z][a-z]+\.\)?)$"
)
_OPEN_QUOTES = {"“": "”", "«": "»"}
#: The marks that can open a quotation: a text without any of them opens none.
_QUOTE_MARKS = (*_OPEN_QUOTES, '"')


#: White space beyond ASCII. sentencex (1.0.32) panics on a full stop after one of these
#: characters ("A\xa0. B": it cuts the UTF-8 string inside the character), so the text
#: it sees has plain spaces there instead: one character for one, so an offset in that
#: copy is the same offset in the text. Ingest's paragraphs never hold them (it joins
#: words with single spaces); a caller of :func:`split_spans` may.
#: Written out rather than found by testing all of Unicode, which took 50 ms at import.
_WIDE_SPACES = "\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_WIDE_SPACE = re.compile(f"[{_WIDE_SPACES}]")


def _quote_open(s: str) -> bool:
    """True if ``s`` opens a curly or straight quotation that it does not close."""
    for left, right in _OPEN_QUOTES.items():
        if s.count(left) > s.count(right):
            return True
    return s.count('"') % 2 == 1


def _sentencex(text: str) -> Iterable[str]:
    return sentencex.segment("en", text)


def split_spans(
    text: str,
    offset: int = 0,
    *,
    segment: Callable[[str], Iterable[str]] = _sentencex,
    plain: bool = False,
) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, shifted by ``offset``.

    Spans exclude surrounding white space and are in order; together they cover every
    non-space character of ``text``. ``segment`` (text to sentence strings) is there so
    the benchmark can score other segmenters behind the same guards. ``plain=True``
    promises that ``text`` has no white space beyond ASCII (see :data:`_WIDE_SPACE`).
    """
    if not text or text.isspace():  # what ``not text.strip()`` says, without the copy
        return []
    # ``plain``: the caller knows the text has no white space but plain spaces, as
    # ingest's paragraphs (scanning each one for others was 3% of ingest). A printable
    # string has none either.
    seen = text if plain or text.isprintable() else _WIDE_SPACE.sub(" ", text)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sentence in segment(seen):
        piece = sentence.strip()
        if not piece:
            continue
        start = seen.find(piece, cursor)
        if start < 0:  # the segmenter changed the text: keep the rest as one sentence
            break
        cursor = start + len(piece)
        spans.append((start, cursor))
    rest = seen[cursor:]
    if rest and not rest.isspace():
        lead = len(rest) - len(rest.lstrip())
        spans.append((cursor + lead, cursor + len(rest.rstrip())))
    if len(spans) < 2:
        merged = spans
    else:
        # The guards, cheapest test first: a paragraph without a quotation mark opens no
        # quotation (most paragraphs), and the abbreviation search runs only before a
        # sentence that starts lower-case, which few do.
        quotes = any(map(text.__contains__, _QUOTE_MARKS))
        merged = [spans[0]]
        for span in islice(spans, 1, None):
            first, last = merged[-1]
            start = span[0]
            if (quotes and _quote_open(text[first:last])) or (
                text[start : start + 1].islower() and _ABBREV_END.search(text[first:last])
            ):
                merged[-1] = (first, span[1])
            else:
                merged.append(span)
    if offset:
        return [(s + offset, e + offset) for s, e in merged]
    return merged  # build_article shifts the spans itself, sparing this copy
