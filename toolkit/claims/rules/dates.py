"""Dates, weekdays and years, labelled by the role the date plays.

* The date of a single, dated event ("on May 30", "on Tuesday", "in 1996") is
  single-valued: moving it contradicts the evidence (REFUTED).
* An "as of", "by", "before" or "until" date bounds when something was known or done: a
  later one still holds (SUPPORTED), an earlier one is not covered (NOT_ENOUGH_INFO);
  "since" and "after" the other way round.
* Any other date ("Tuesday's meeting") is not the event's own: NOT_ENOUGH_INFO.

A weekday moves with its date; a shift that would cross a year is left alone.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from toolkit import lexicon as lx
from toolkit.claims.registry import register
from toolkit.claims.rules.text import N, R, S, alternation, ends_at, negated_before, sub
from toolkit.records import Candidate, Draft

_DATE = re.compile(
    rf"(?:(?P<wd>{alternation(lx.WEEKDAYS)}),? )?(?P<month>{alternation(lx.MONTHS)}) "
    r"(?P<day>\d{1,2})\b(?!,? \d{4}\b(?![\w-]))|"
    rf"\b(?P<day2>\d{{1,2}}) (?P<month2>{alternation(lx.MONTHS)})\b"
)
_WEEKDAY = re.compile(rf"\b(?P<wd>{alternation(lx.WEEKDAYS)})\b(?!,? (?:{alternation(lx.MONTHS)}))")
_YEAR = re.compile(r"(?<![\w$.,/-])(?P<y>(?:19|20)\d\d)(?![\w%/-]|[.,]\d)")
_ROLE = re.compile(r"\b(on|in|as of|by|before|until|since|after|from|during)\s+(?:the )?$", re.I)


def _shift(month: int, day: int, days: int) -> tuple[int, int] | None:
    """(month, day) moved by ``days`` within one year, or None where it would cross a year."""
    day += days
    while day > lx.MONTH_DAYS[month]:
        day -= lx.MONTH_DAYS[month]
        month += 1
        if month == 12:
            return None
    while day < 1:
        month -= 1
        if month < 0:
            return None
        day += lx.MONTH_DAYS[month]
    return month, day


def date_label(text: str, start: int, later: bool) -> tuple[str, str]:
    """The label of a claim whose date at ``start`` moved later (or earlier)."""
    m = ends_at(_ROLE, text, start)
    role = m.group(1).lower() if m else None
    if role in ("on", "in", "during"):
        return R, "date of a single event changed"
    if role in ("as of", "by", "before", "until"):
        return (S, f"'{role}' date moved later: still holds") if later else (
            N, f"'{role}' date moved earlier: not covered")
    if role in ("since", "after", "from"):
        return (S, f"'{role}' date moved earlier: still holds") if not later else (
            N, f"'{role}' date moved later: not covered")
    if re.match(r"^\w+['’]s\b", text[start:]):
        return N, "date is not the event's own"
    return R, "date of a single event changed"


@register("date.shift", 3, "mutation:date")
def date_shift(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Move one date, weekday or year of the sentence; label it by the date's role.

    REFUTED when the date fixes a single event; bounds ("by", "since") follow
    monotonicity. Version 2 knew only "Month day" dates; most news dates an event by weekday or year.
    """
    options: list[tuple[int, int, str, bool]] = []  # start, end, new text, later?
    for m in _DATE.finditer(c.text):
        if m["month"]:
            month, day, fmt = lx.MONTHS.index(m["month"]), int(m["day"]), "md"
        else:
            month, day, fmt = lx.MONTHS.index(m["month2"]), int(m["day2"]), "dm"
        days = rng.choice((-7, -1, 1, 7))
        moved = _shift(month, day, days) if 1 <= day <= lx.MONTH_DAYS[month] else None
        if moved is None:
            continue
        mo, d = lx.MONTHS[moved[0]], moved[1]
        new = f"{mo} {d}" if fmt == "md" else f"{d} {mo}"
        if m["wd"]:
            wd = lx.WEEKDAYS[(lx.WEEKDAYS.index(m["wd"]) + days) % 7]
            new = f"{wd}{',' if ',' in m.group(0) else ''} {new}"
        options.append((m.start(), m.end(), new, days > 0))
    taken = [(s, e) for s, e, _, _ in options]
    for m in _WEEKDAY.finditer(c.text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        i = lx.WEEKDAYS.index(m["wd"])
        days = rng.choice((-2, -1, 1, 2))
        if not 0 <= i + days < 7:
            days = -days  # stay within the same week, so "later" keeps its meaning
        options.append((m.start(), m.end(), lx.WEEKDAYS[i + days], days > 0))
    for m in _YEAR.finditer(c.text):
        if re.search(r"\b(?:[A-Z][\w]*|No\.)\s?$", c.text[: m.start()]) and not _ROLE.search(
            c.text[: m.start()]
        ):
            continue  # "Section 1996", "Windows 2000": a name
        year = int(m["y"])
        delta = rng.choice((-3, -2, -1, 1, 2))
        options.append((m.start(), m.end(), str(year + delta), delta > 0))
    options = [o for o in options if not negated_before(c.text, o[0])]
    if not options:
        return
    start, end, new, later = rng.choice(options)
    label, why = date_label(c.text, start, later)
    yield Draft(sub(c.text, start, end, new), label, why)
