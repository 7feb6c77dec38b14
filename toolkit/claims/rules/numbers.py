"""Numbers typed by their slot, and the exact-figure swap.

A number is read with its slot, because the slot decides what a plausible other value
is and what a change means:

* ``money`` ($400 million, 27c), ``percent`` (25 per cent), ``count`` (120 posts,
  seven senators), ``age`` (a 24-year-old, aged 24), ``score`` (won 3-1, 250 for 6),
  ``time`` (at 10.30am);
* years and calendar dates belong to :mod:`.dates`;
* identifiers are not numbers: "P-3", "G20", "COVID-19", "Boeing 747", "Section 8",
  "No. 2" are names, and are never edited.

Plausibility: an age stays a human age on the same side of 18 (a "boy" stays a child);
a percentage stays within 0-100; a part never exceeds its total ("4 of the 10", "10
people, including 4 children") and a total never drops under its parts; a score stays
a legal score (the winner still leads, a cricket side loses at most 10 wickets).

Labels (:func:`swap_label`): an exact figure changed is REFUTED; a hedged one follows
monotonicity ("more than 20" entails "more than 15", says nothing of "more than 30");
a time of day contradicts only when the evidence excludes the new one ("at 10am" does,
"before 10am" entails "before 11am" and says nothing of "before 9am").
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from toolkit import lexicon as lx
from toolkit.claims.registry import register
from toolkit.claims.rules.text import N, R, S, alternation, cap, ends_at, negated_before, sub
from toolkit.records import Candidate, Draft


@dataclass(frozen=True)
class Amount:
    """A number in its slot: the whole expression, the digits to edit, its hedge.

    ``start``/``end`` span the expression (currency sign and unit included, so a hedge
    can be put before it); ``num_start``/``num_end`` the figure that an edit rewrites.
    ``lo``/``hi`` bound the plausible values (part and total, 0-100, ages).
    """

    start: int
    end: int
    num_start: int
    num_end: int
    value: float
    slot: str  # money | percent | count | age | score | time
    hedge: str | None  # more | less | below | about | None (exact)
    hedge_start: int
    hedge_text: str
    lo: float = 0.0
    hi: float = float("inf")
    word: bool = False  # written as a word ("seven")


_HEDGES = {**dict.fromkeys(lx.HEDGE_BELOW, "below"), **dict.fromkeys(lx.HEDGE_MORE, "more"),
           **dict.fromkeys(lx.HEDGE_LESS, "less"), **dict.fromkeys(lx.HEDGE_ABOUT, "about"),
           **dict.fromkeys(lx.HEDGE_EXTREME, "extreme")}  # fmt: skip
_HEDGE_BEFORE = re.compile(rf"\b({alternation(list(_HEDGES))})\s+$", re.I)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = rf"(?:\s?(?:{alternation(lx.SCALES)}|m|bn)\b)"
_MONEY = re.compile(rf"(?:A|US|NZ|HK)?[$€£]\s?(?P<n>{_NUM}){_SCALE}?|\b(?P<c>\d+(?:\.\d+)?)c\b")
_PERCENT = re.compile(rf"\b(?P<n>{_NUM})(?:\s?%|\s?per ?cent\b|\spercent\b)")
_TIME = re.compile(r"\b(?P<n>\d{1,2})(?:[:.](?P<m>\d{2}))?\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)")
_AGE = re.compile(
    r"\b(?P<n>\d{1,3})-year-old\b|\baged (?P<a>\d{1,3})\b|(?<=[a-z], )(?P<p>\d{1,3})(?=, )"
)
_AGE_AFTER_NAME = re.compile(r"[A-Z][a-z]+, $")
_SCORE_CONTEXT = re.compile(
    r"\b(?:won|win|wins|beat|beaten|lost|lose|defeat\w*|draw|drew|victory|score\w*|goals?|"
    r"points|sets?|innings|wickets?|runs|declared|match|final)\b", re.I
)
_SCORE = re.compile(r"(?<![\w.,-])(?P<a>\d{1,3})-(?P<b>\d{1,3})(?![\w-])|"
                    r"\b(?P<x>\d{1,3}) for (?P<y>\d{1,3})\b")  # fmt: skip
_COUNT = re.compile(
    rf"(?<![\w$€£.,/-])(?P<n>{_NUM})(?P<s>\s(?:{alternation(lx.SCALES)}))?(?![\w%]|[.,]\d|-\w)"
    rf"|\b(?P<w>{alternation([w for w in lx.NUMBER_WORDS if w != 'one'])})\b(?= [a-z])",
    re.I,
)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_MONTH_BEFORE = re.compile(
    rf"\b(?:{alternation(lx.MONTHS)}|(?:{alternation(lx.MONTH_ABBREVIATIONS)})\.?)\s+$"
)
#: "Boeing 747", "Section 8", "No. 2", "#3": a number that names something.
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][\w]*[A-Za-z]|\bNo\.|#)\s?-?$")
_PART_OF = re.compile(rf"(?P<p>{_NUM})(?: [a-z]+)? (?:of|out of) (?:the |its |their |all )?(?P<t>{_NUM})\b")
_INCLUDING = re.compile(rf"(?P<t>{_NUM})\b[^.;]*?\bincluding (?P<p>{_NUM})\b")


def _value(s: str) -> float:
    return float(s.replace(",", ""))


def _relations(text: str) -> tuple[dict[int, float], dict[int, float]]:
    """Upper bounds for parts and lower bounds for totals, by the figure's offset."""
    upper: dict[int, float] = {}
    lower: dict[int, float] = {}
    for pattern in (_PART_OF, _INCLUDING):
        for m in pattern.finditer(text):
            part, total = _value(m["p"]), _value(m["t"])
            upper[m.start("p")] = min(upper.get(m.start("p"), float("inf")), total)
            lower[m.start("t")] = max(lower.get(m.start("t"), 0.0), part)
    return upper, lower


_RANGE_BEFORE = re.compile(rf"(?:\b(?:from|between) |(?:{_NUM})\S* (?:to|and) (?:as \w+ as )?)$")
_RANGE_AFTER = re.compile(rf"^\S* (?:to|and) (?:as many as |about )?[$€£]?(?:{_NUM})")


@functools.lru_cache(maxsize=1024)
def find_amounts(text: str) -> tuple[Amount, ...]:
    """Every typed number of ``text`` that may be edited, in text order.

    Cached: the number and quantifier rules ask again for the same sentence (2.2 times a
    sentence on a generated newswire, a sixth of extract's time). Amounts are frozen.

    Bounds of a range ("from 200,000 to 5 million") are left alone: whether a changed
    bound contradicts depends on what the evidence excludes, which a range rarely says.
    """
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []
    upper, lower = _relations(text)

    def add(start: int, end: int, ns: int, ne: int, value: float, slot: str, *,
            lo: float = 0.0, hi: float = float("inf"), word: bool = False) -> None:  # fmt: skip
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        if slot != "score" and (ends_at(_RANGE_BEFORE, text, start) or _RANGE_AFTER.match(text[end:])):
            return
        if slot in ("count", "money", "percent"):
            hi = min(hi, upper.get(ns, float("inf")))
            lo = max(lo, lower.get(ns, 0.0))
        m = ends_at(_HEDGE_BEFORE, text, start)
        hedge = _HEDGES[m.group(1).lower()] if m else None
        found.append(Amount(start, end, ns, ne, value, slot, hedge, m.start() if m else start,
                            m.group(1) if m else "", lo, hi, word))  # fmt: skip

    for m in _TIME.finditer(text):
        hours = int(m["n"])
        if 1 <= hours <= 12:
            add(m.start(), m.end(), m.start("n"), m.end("n"), hours, "time", lo=1, hi=12)
    for m in _AGE.finditer(text):
        g = "n" if m["n"] else ("a" if m["a"] else "p")
        if g == "p" and not ends_at(_AGE_AFTER_NAME, text, m.start()):
            continue
        age = int(m[g])
        child = age < 18 or re.search(rf"\b(?:{'|'.join(lx.CHILD_NOUNS)})\b", text[m.end():m.end() + 20])
        if 0 < age <= 110:
            add(m.start(), m.end(), m.start(g), m.end(g), age, "age",
                lo=1 if child else 18, hi=17 if child else 100)  # fmt: skip
    if _SCORE_CONTEXT.search(text):
        for m in _SCORE.finditer(text):
            if m["a"]:
                a, b = int(m["a"]), int(m["b"])
                if _YEAR.match(m["a"]) or ends_at(_NAME_BEFORE, text, m.start()):
                    continue
                # the loser's figure changes; the winner keeps the lead
                g = "b" if a > b else "a"
                lo, hi = (0, a - 1) if a > b else (0, b - 1)
                if a == b:
                    continue
            else:
                a, b = int(m["x"]), int(m["y"])
                if min(a, b) > 10:
                    continue
                g = "x" if a > b else "y"  # the runs change; wickets stay
                lo, hi = 11, 999
            add(m.start(), m.end(), m.start(g), m.end(g), int(m[g]), "score", lo=lo, hi=hi)
    for m in _MONEY.finditer(text):
        g = "n" if m["n"] else "c"
        add(m.start(), m.end(), m.start(g), m.end(g), _value(m[g]), "money")
    for m in _PERCENT.finditer(text):
        add(m.start(), m.end(), m.start("n"), m.end("n"), _value(m["n"]), "percent", hi=100)
    for m in _COUNT.finditer(text):
        if m["w"]:
            value = lx.NUMBER_WORDS[m["w"].lower()]
            add(m.start(), m.end(), m.start(), m.end(), value, "count", lo=2, hi=12, word=True)
            continue
        if (_YEAR.match(m["n"]) or ends_at(_MONTH_BEFORE, text, m.start())
                or ends_at(_NAME_BEFORE, text, m.start())):
            continue
        if re.match(r"0\d", m["n"]):
            continue  # "007", "0800": a leading zero makes a name or a code, not a count
        if re.match(r"\s*(?:am|pm|a\.m|p\.m|th|st|nd|rd)\b", text[m.end():]):
            continue
        add(m.start(), m.end(), m.start("n"), m.end("n"), _value(m["n"]), "count")
    return tuple(sorted(found, key=lambda a: a.start))


def render(text: str, amount: Amount, value: float) -> str:
    """The figure of ``amount`` rewritten as ``value``, in the original's format."""
    old = text[amount.num_start : amount.num_end]
    if amount.word:
        new = lx.WORD_FOR[int(value)]
        return cap(new) if old[:1].isupper() else new
    decimals = len(old.split(".")[1]) if "." in old else 0
    if decimals:
        return f"{value:,.{decimals}f}" if "," in old else f"{value:.{decimals}f}"
    return f"{int(value):,}" if "," in old else str(int(value))


def alternatives(amount: Amount, rng: random.Random) -> list[float]:
    """Up to one larger and one smaller plausible value of the same slot and roundness."""
    v = amount.value
    if amount.word or amount.slot in ("time", "age") or (amount.slot == "score" and v <= 30):
        # ages move by a few years: "Tim, 16" may become 13 or 19, never a child of 8
        steps = (1, 2, 3) if amount.slot != "age" else (2, 3, 5)
        ups = [v + s for s in steps]
        downs = [v - s for s in steps]
    else:
        text = f"{v:g}"
        digits = text.split(".")[0]
        zeros = len(digits) - len(digits.rstrip("0")) if "." not in text and v else 0
        unit = 10**zeros if v == int(v) else 10 ** -len(text.split(".")[1])

        def like(x: float) -> float:
            return round(max(unit, round(x / unit) * unit), 6)

        ups = [like(v * f) for f in (1.25, 1.5)]
        downs = [like(v * f) for f in (0.6, 0.75)]
    ups = [x for x in ups if x != v and amount.lo <= x <= amount.hi and (not amount.word or x in lx.WORD_FOR)]
    downs = [x for x in downs if x != v and x > 0 and amount.lo <= x <= amount.hi
             and (not amount.word or x in lx.WORD_FOR)]  # fmt: skip
    out = []
    if ups:
        out.append(float(rng.choice(ups)))
    if downs:
        out.append(float(rng.choice(downs)))
    return out


_TIME_BEFORE = re.compile(r"\b(at|before|by|until|after|from|since)\s+(?:about |around )?$", re.I)


def swap_label(text: str, amount: Amount, new: float) -> tuple[str | None, str]:
    """The label of the claim whose ``amount`` now reads ``new`` (meaning, not rule)."""
    old, hedge = amount.value, amount.hedge
    if amount.slot == "time" and hedge is None:
        m = ends_at(_TIME_BEFORE, text, amount.start)
        word = m.group(1).lower() if m else None
        if word == "at":
            return R, "time of a single event changed"
        if word in ("before", "by", "until"):
            return (S, "later bound still holds") if new > old else (N, "earlier bound not stated")
        if word in ("after", "from", "since"):
            return (S, "earlier bound still holds") if new < old else (N, "later bound not stated")
        return N, "time not excluded by the evidence"
    if hedge is None:
        return R, f"exact {amount.slot} changed"
    if hedge == "extreme":
        return R, f"the reported extreme ({amount.hedge_text}) changed"
    if hedge == "more":
        return (S, "weaker lower bound") if new < old else (N, "bound beyond what is stated")
    if hedge == "less":
        return (S, "weaker upper bound") if new > old else (N, "bound beyond what is stated")
    if hedge == "about":
        if abs(new - old) > 0.3 * old:
            return R, "far outside an approximate figure"
        return None, "'about' ranges overlap: meaning does not decide"
    # "nearly X": the value lies in [0.9 X, X); "nearly Y" is excluded only without overlap.
    if new < 0.9 * old or 0.9 * new >= old:
        return R, "'nearly' ranges do not overlap"
    return None, "'nearly' ranges overlap: meaning does not decide"


@register("number.swap", 2, "mutation:number")
def number_swap(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Swap one typed figure for a plausible larger and smaller one, labelled by meaning.

    A figure is typed by its slot (money, count, percentage, age, sports score, time of
    day; identifiers such as "P-3" are not numbers) and changed to a plausible value of
    the same slot. An exact figure or a reported extreme ("up to") changed is REFUTED; a
    hedged one ("more than") follows monotonicity (SUPPORTED or NOT_ENOUGH_INFO).
    Version 1 saw no slots: it made "P-4" from "P-3", a "24-year-old boy" and parts
    larger than their totals.
    """
    amounts = [a for a in find_amounts(c.text) if not negated_before(c.text, a.hedge_start)]
    if not amounts:
        return
    a = rng.choice(amounts)  # one figure per sentence: the others stay as stated
    for new in alternatives(a, rng):
        label, why = swap_label(c.text, a, new)
        yield Draft(sub(c.text, a.num_start, a.num_end, render(c.text, a, new)), label, why)
