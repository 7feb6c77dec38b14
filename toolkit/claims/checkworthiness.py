"""Check-worthiness: which sentences state something a fact-checker could verify.

Each feature is a named reason with a weight; the score is their sum. Reasons for a
claim are concrete, checkable content (numbers, money, dates, names, attribution,
quotations, comparisons, quantities); reasons against are forms that state no fact
(questions, first/second-person opinion, modal advice). Keeping the reasons, not only
the score, lets a reviewer see why a sentence was kept or left out.
"""

from __future__ import annotations

import re

from toolkit.lexicon import MONTHS, WEEKDAYS
from toolkit.records import CheckWorthiness

#: Minimum score for a sentence to become claims.
THRESHOLD = 1.0

_MONTH = "|".join(MONTHS)
_FEATURES: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    ("money", 1.5, re.compile(r"[$€£]\s?\d|\b\d[\d,.]*\s?(?:dollars|euros|pounds)\b", re.I)),
    ("percentage", 1.5, re.compile(r"\d\s?%|\bper ?cent\b", re.I)),
    ("number", 1.0, re.compile(
        r"\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"dozen|hundred|thousand|million|billion|second|third|fourth|fifth)\b", re.I)),
    ("date", 1.0, re.compile(rf"\b(?:{_MONTH})\s+\d{{1,2}}\b|\b(?:19|20)\d{{2}}\b")),
    ("weekday", 0.5, re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")\b")),
    ("named_entity", 1.0, re.compile(r"(?<=[\w,;:“\"(] )[A-Z][\w’'-]*[A-Za-z]")),
    ("attribution", 1.0, re.compile(
        r"\b(?:said|says|reported|reports|confirmed|indicated|told|announced|stated|"
        r"according to|cautioned|warned)\b", re.I)),
    ("quotation", 0.5, re.compile(r"[“”\"]")),
    ("comparative", 0.5, re.compile(
        r"\b(?:more|less|fewer|most|least|largest|biggest|smallest|highest|lowest|"
        r"\w+-largest|\w+est)\b(?<!\binterest)", re.I)),
    ("quantity", 0.5, re.compile(
        r"\b(?:years?|months?|weeks?|days?|billion|million|percent|miles|km|"
        r"towns|villages)\b", re.I)),
)
_AGAINST: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    ("question", -2.0, re.compile(r"\?\s*[”\"]?$")),
    ("first_second_person", -1.5, re.compile(r"\b(?:I|we|We|you|You|our|Our|my|My|your|Your)\b")),
    ("modal_advice", -1.0, re.compile(r"\b(?:should|ought to|must|need to|needs to)\b", re.I)),
)


def score(text: str) -> CheckWorthiness:
    """Score one sentence: the summed weights of the reasons that fired, and their names.

    A reason counts once however often it fires, so one long list of names does not
    outweigh a sentence with a number, a date and a source.
    """
    reasons: list[str] = []
    total = 0.0
    for name, weight, pattern in (*_FEATURES, *_AGAINST):
        if pattern.search(text):
            reasons.append(name)
            total += weight
    return CheckWorthiness(score=round(total, 2), reasons=tuple(reasons))


def is_checkworthy(cw: CheckWorthiness) -> bool:
    """Whether a scored sentence is worth claims."""
    return cw.score >= THRESHOLD
