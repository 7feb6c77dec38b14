"""The built-in generator rules: each takes a standalone sentence, proposes claims.

Labels come from meaning, not from the rule (see DESIGN "Generating labeled claims
honestly"): the same kind of edit can give SUPPORTED, REFUTED or NOT_ENOUGH_INFO
depending on what the evidence excludes.

* Exact amounts, dates of single events, and entities in exclusive slots ("could only
  be used ... near Kharkiv", "a battery located in Belgorod") are single-valued: a swap
  is REFUTED.
* Hedged amounts follow monotonicity: "more than two years" entails "more than one
  year" (SUPPORTED) but says nothing of "more than three years" (NOT_ENOUGH_INFO);
  "nearly $61 billion" (just under 61) excludes "nearly $46 billion" and "more than
  $61 billion" (REFUTED). When the stated and the new range overlap, meaning does not
  decide and the draft is dropped with that reason.
* Relations that are not exclusive (who reported, who followed suit, which weapon
  system, "as of" dates) give NOT_ENOUGH_INFO: the evidence neither entails nor
  excludes the new claim.

Replacements keep the original format and magnitude and come from the same article
first, then from the typed lists in :mod:`toolkit.claims.lexicon`.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from toolkit.claims import lexicon as lx
from toolkit.claims.registry import Candidate, Draft, register

S, R, N = "SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"


def _sub(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# ---------------------------------------------------------------- amounts


@dataclass(frozen=True)
class Amount:
    """A number in the text: where, its value, how it is written, and its hedge."""

    start: int
    end: int
    value: float
    kind: str  # money | word | digits | ordinal
    hedge: str | None  # below | more | less | None (exact)
    hedge_start: int
    hedge_text: str
    fmt: tuple[str, ...]  # what render() needs to keep the original format


_HEDGES = {**dict.fromkeys(lx.HEDGE_BELOW, "below"), **dict.fromkeys(lx.HEDGE_MORE, "more"),
           **dict.fromkeys(lx.HEDGE_LESS, "less")}  # fmt: skip
_HEDGE_BEFORE = re.compile(rf"\b({_alternation(list(_HEDGES))})\s+$", re.I)
_MONEY = re.compile(
    r"([$€£])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s(?:thousand|million|billion|trillion))?\b"
)
_WORD_NUM = re.compile(
    rf"\b({_alternation(list(lx.NUMBER_WORDS))})\s+(years?|months?|weeks?|days?|times)\b"
)
_DIGITS = re.compile(r"(?<![\w$€£.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\w]|[.,]\d)")
_ORDINAL = re.compile(rf"\b({_alternation(list(lx.ORDINALS))})-(largest|biggest|smallest)\b")
_MONTH_BEFORE = re.compile(rf"(?:{_alternation(lx.MONTHS)})\s+$")


def find_amounts(text: str) -> list[Amount]:
    """Every money amount, counted quantity, plain number and ordinal in ``text``."""
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: float, kind: str, fmt: tuple[str, ...]) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        m = _HEDGE_BEFORE.search(text[:start])
        hedge = _HEDGES[m.group(1).lower()] if m else None
        found.append(Amount(start, end, value, kind, hedge, m.start() if m else start,
                            m.group(1) if m else "", fmt))  # fmt: skip

    for m in _MONEY.finditer(text):
        comma = "," if "," in m.group(2) else ""
        add(m.start(), m.end(), float(m.group(2).replace(",", "")), "money",
            (m.group(1), m.group(3) or "", comma))  # fmt: skip
    for m in _WORD_NUM.finditer(text):
        add(m.start(), m.end(), lx.NUMBER_WORDS[m.group(1)], "word", (m.group(2),))
    for m in _DIGITS.finditer(text):
        value = int(m.group(1).replace(",", ""))
        if _MONTH_BEFORE.search(text[: m.start()]) or 1900 <= value <= 2099:
            continue  # dates and years belong to the date rule
        add(m.start(), m.end(), value, "digits", ("," if "," in m.group(1) else "",))
    for m in _ORDINAL.finditer(text):
        add(m.start(), m.end(), lx.ORDINALS[m.group(1)], "ordinal", (m.group(2),))
    return sorted(found, key=lambda a: a.start)


def render(amount: Amount, value: float) -> str:
    """``value`` written the way ``amount`` was."""
    if amount.kind == "money":
        cur, scale, comma = amount.fmt
        if value != int(value):
            num = f"{value:g}"
        else:
            num = f"{int(value):,}" if comma else str(int(value))
        return f"{cur}{num}{scale}"
    if amount.kind == "word":
        unit = amount.fmt[0].rstrip("s") if amount.fmt[0] != "times" else "times"
        if value != 1 and unit != "times":
            unit += "s"
        return f"{lx.WORD_FOR[int(value)]} {unit}"
    if amount.kind == "ordinal":
        if value == 1:
            return amount.fmt[0]  # "largest", not "first-largest"
        return f"{lx.ORDINAL_FOR[int(value)]}-{amount.fmt[0]}"
    return f"{int(value):,}" if amount.fmt[0] else str(int(value))


def _alternatives(amount: Amount, rng: random.Random) -> list[float]:
    """One larger and one smaller value of the same magnitude and format (when possible)."""
    v = amount.value
    if amount.kind in ("word", "ordinal"):
        table = lx.WORD_FOR if amount.kind == "word" else lx.ORDINAL_FOR
        ups = [x for x in range(int(v) + 1, int(v) + 4) if x in table]
        downs = [x for x in range(max(1, int(v) - 2), int(v)) if x in table]
    else:
        # as round as the original: 120 gives 150 or 70, not 72; 61 gives 76 or 37
        zeros = len(str(int(v))) - len(str(int(v)).rstrip("0")) if v == int(v) else 0
        unit = 10**zeros

        def like(x: float) -> int:
            return max(unit, round(x / unit) * unit)

        ups = [like(v * f) for f in (1.25, 1.5)]
        downs = [like(v * f) for f in (0.6, 0.75)]
        ups = [x for x in ups if x != v and len(str(x)) == len(str(int(v)))] or ups
        downs = [x for x in downs if x != v and x > 0]
    out = []
    if ups:
        out.append(float(rng.choice(ups)))
    if downs:
        out.append(float(rng.choice(downs)))
    return out


def _hedged_label(hedge: str | None, old: float, new: float) -> tuple[str | None, str]:
    """The label of "<hedge> new" given the evidence "<hedge> old" (monotonicity)."""
    if hedge is None:
        return R, "exact amount changed"
    if hedge == "more":
        return (S, "weaker lower bound") if new < old else (N, "bound beyond what is stated")
    if hedge == "less":
        return (S, "weaker upper bound") if new > old else (N, "bound beyond what is stated")
    # "nearly X": the true value lies in [0.9 X, X); it excludes "nearly Y" only when
    # the two ranges do not overlap.
    if new < 0.9 * old or 0.9 * new >= old:
        return R, "'nearly' ranges do not overlap"
    return None, "'nearly' ranges overlap: meaning does not decide"


@register("number.swap", 1, "mutation:number")
def number_swap(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Swap one amount for a larger and a smaller one; label by the hedge's monotonicity."""
    for a in find_amounts(c.text):
        for new in _alternatives(a, rng):
            text = _sub(c.text, a.start, a.end, render(a, new))
            if a.kind == "ordinal":
                yield Draft(text, N, "ordinal description of a place: which place changes")
                continue
            label, why = _hedged_label(a.hedge, a.value, new)
            yield Draft(text, label, why)


_FLIPS = {
    "below": (("more than", R, "'nearly X' is under X"), ("less than", S, "'nearly X' is under X")),
    "more": (("less than", R, "opposite bound"), ("at least", S, "weaker bound"),
             ("nearly", R, "'nearly X' is under X, the evidence over it")),
    "less": (("more than", R, "opposite bound"), ("at most", S, "weaker bound")),
}


@register("quantifier.hedge", 1, "mutation:quantifier")
def quantifier_hedge(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Change the hedge of an amount ("nearly" to "more than"): labelled by what it implies."""
    for a in find_amounts(c.text):
        if a.hedge is None or a.kind == "ordinal":
            continue
        for new_hedge, label, why in _FLIPS[a.hedge]:
            if a.hedge_text[:1].isupper():
                new_hedge = _cap(new_hedge)
            yield Draft(_sub(c.text, a.hedge_start, a.start, new_hedge + " "), label, why)


def _round_bound(x: float) -> int:
    """A round number at or below ``x`` (one significant digit): 54.9 -> 50."""
    if x < 1:
        return 0
    magnitude = 10 ** (len(str(int(x))) - 1)
    return int(x // magnitude * magnitude)


@register("number.bound", 1, "mutation:number")
def number_bound(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Turn "nearly X" into bounds around a round number below it.

    "nearly $61 billion" (at least about 0.9 X) entails "more than $50 billion" and
    excludes "less than $50 billion".
    """
    for a in find_amounts(c.text):
        if a.hedge != "below" or a.kind not in ("money", "digits"):
            continue
        bound = _round_bound(0.9 * a.value)
        if bound <= 0 or bound >= 0.9 * a.value:
            continue
        cap = a.hedge_text[:1].isupper()
        for hedge, label, why in (("more than", S, "under the stated range"),
                                  ("less than", R, "under the stated range")):  # fmt: skip
            new = (_cap(hedge) if cap else hedge) + " " + render(a, bound)
            yield Draft(_sub(c.text, a.hedge_start, a.end, new), label, why)


_ONLY = re.compile(r"\b(?:could|can|may|might|will|would|is|are|was|were|be) (only) ")
_NEGATION = re.compile(r"\b(?:not|never|no)\b|n[’']t\b", re.I)


@register("quantifier.drop_only", 1, "mutation:quantifier")
def quantifier_drop_only(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Drop a restrictive "only": "could only be used near X" entails "could be used near X"."""
    m = _ONLY.search(c.text)
    if m and not _NEGATION.search(c.text[: m.start(1)]):
        yield Draft(_sub(c.text, m.start(1), m.end(1) + 1, ""), S, "dropping 'only' weakens")


_DROPPABLE = re.compile(r"\b(quietly|recently|still) ")


@register("simplify.drop_modifier", 1, "extracted")
def simplify_drop_modifier(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Drop a manner or time adverb ("quietly", "still"): the shorter claim is entailed."""
    for m in _DROPPABLE.finditer(c.text):
        if _NEGATION.search(c.text[max(0, m.start() - 25) : m.start()]):
            continue  # under negation dropping a modifier does not preserve truth
        yield Draft(_sub(c.text, m.start(), m.end(), ""), S, f"dropped {m.group(1)!r}")


# ---------------------------------------------------------------- extraction


@register("extract.sentence", 1, "extracted")
def extract_sentence(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """The standalone sentence itself: supported by its own text (attribution kept)."""
    yield Draft(c.text, S, "source sentence")


_TWO_THATS = re.compile(
    r"^(?P<head>.+? (?:said|reported|stated|indicated|confirmed|warned)) that (?P<a>.+?),? "
    r"and that (?P<b>.+)$"
)


@register("extract.clause", 1, "extracted")
def extract_clause(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Split "X said that A and that B" into "X said that A." and "X said that B."."""
    m = _TWO_THATS.match(c.text)
    if m:
        yield Draft(f"{m['head']} that {m['a']}.", S, "first reported clause")
        yield Draft(f"{m['head']} that {m['b']}", S, "second reported clause")


_REPORTED = re.compile(
    r"^(?:(?:On|As of|In|After)\b[^,]{0,40}, (?:[A-Z][a-z]+ \d{1,2}, )?)?"
    r"(?P<speaker>[^,]{3,120}?) (?:reported|indicated|said|stated|announced) that "
    r"(?P<rest>.+)$"
)
_PRONOUN_START = re.compile(r"^(?:he|she|it|they|this|that|these|those)\b", re.I)


@register("extract.according_to", 1, "extracted")
def extract_according_to(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Rephrase "X reported that Y" as "According to X, Y": same content, SUPPORTED.

    It also keeps "according to" from being a cue that only NOT_ENOUGH_INFO claims
    (``nei.added_detail``) carry. A leading date or place is dropped, which the
    evidence still entails; a complement that opens with a pronoun is left alone.
    """
    m = _REPORTED.match(c.text)
    if not m or len(m["speaker"].split()) > 14 or _PRONOUN_START.match(m["rest"]):
        return
    speaker = m["speaker"]
    if speaker.split(" ", 1)[0] in ("The", "A", "An", "One"):
        speaker = speaker[:1].lower() + speaker[1:]
    rest = re.sub(r",? and that ", " and ", m["rest"])  # "A and that B" -> "A and B"
    yield Draft(f"According to {speaker}, {rest}", S, "attribution rephrased")


# ---------------------------------------------------------------- dates

_DATE = re.compile(
    rf"(?:(?P<wd>{_alternation(lx.WEEKDAYS)}), )?(?P<month>{_alternation(lx.MONTHS)}) "
    r"(?P<day>\d{1,2})\b"
)
_EVENT_DATE_BEFORE = re.compile(r"\b[Oo]n $")
_BY_DATE_BEFORE = re.compile(r"\b(?:[Aa]s of|[Bb]y) $")


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


def _date_label(text: str, start: int, days: int) -> tuple[str, str]:
    """The label of a claim whose date at ``start`` moved by ``days``."""
    if _EVENT_DATE_BEFORE.search(text[:start]):
        return R, "date of a single event changed"
    if _BY_DATE_BEFORE.search(text[:start]):
        # "As of June 3, a report indicated X": the report still says so on June 4,
        # but nothing says it existed on May 27.
        if days > 0:
            return S, "'as of'/'by' date moved later: still holds"
        return N, "'as of'/'by' date moved earlier: not covered"
    return N, "date is not the event's own"


@register("date.shift", 2, "mutation:date")
def date_shift(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Move a date by a week and by a day, keeping its weekday consistent.

    The date of an event ("On Thursday, May 30, X reported") is single-valued: REFUTED.
    An "as of" or "by" date is an upper bound on when something was known or done: a
    later one still holds (SUPPORTED), an earlier one is NOT_ENOUGH_INFO. Version 1
    labeled every non-event date NOT_ENOUGH_INFO; review of the seed showed a later
    "as of" date is entailed.
    """
    for m in _DATE.finditer(c.text):
        month, day = lx.MONTHS.index(m["month"]), int(m["day"])
        for days in (rng.choice((-7, 7)), rng.choice((-1, 1))):
            moved = _shift(month, day, days)
            if moved is None:
                continue
            new = f"{lx.MONTHS[moved[0]]} {moved[1]}"
            if m["wd"]:
                wd = lx.WEEKDAYS[(lx.WEEKDAYS.index(m["wd"]) + days) % 7]
                new = f"{wd}, {new}"
            label, why = _date_label(c.text, m.start(), days)
            yield Draft(_sub(c.text, m.start(), m.end(), new), label, why)


# ---------------------------------------------------------------- entities

_COUNTRY_NAMES = {name.removeprefix("the "): demonym for name, demonym in lx.COUNTRIES.items()}
_NEEDS_THE = {name.removeprefix("the ") for name in lx.COUNTRIES if name.startswith("the ")}
_PLACE_TYPES = ("ukrainian_city", "russian_region", "weapon")


@functools.lru_cache(maxsize=64)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b({_alternation(list(names))})\b")


def _find(names: tuple[str, ...] | list[str], text: str) -> list[re.Match[str]]:
    return list(_names_pattern(tuple(names)).finditer(text))


def _article_entities(c: Candidate, names: tuple[str, ...] | list[str]) -> list[str]:
    """Names of one type mentioned in the article, in order of first mention."""
    seen: dict[str, None] = {}
    for m in _find(names, c.article.text):
        seen.setdefault(m.group(1))
    return list(seen)


def _replacements(c: Candidate, names: list[str], original: str, k: int,
                  rng: random.Random) -> list[str]:  # fmt: skip
    """Up to ``k`` same-type replacements: from the article first, then the typed list.

    Names already in the sentence or in the headline (the story's protagonists) are
    never used: swapping them in makes claims that contradict the story's frame rather
    than test the evidence.
    """
    taken = {m.group(1) for m in _find(names, c.text)} | {original}
    taken |= {m.group(1) for m in _find(names, c.headline_text)}
    local = [n for n in _article_entities(c, names) if n not in taken]
    rest = [n for n in names if n not in taken and n not in local]
    out = local[:k]
    if len(out) < k and rest:
        out += rng.sample(rest, min(k - len(out), len(rest)))
    return out


def _exclusive(text: str, start: int) -> bool:
    """Whether the slot at ``start`` is single-valued: under "only", or "located in"."""
    clause = re.split(r"[,;]", text[:start])[-1]
    return bool(re.search(r"\bonly\b", clause) or re.search(r"\blocated (?:in|near|at) (?:\S+ )?$",
                                                              text[:start]))  # fmt: skip


@register("entity.swap", 1, "mutation:entity")
def entity_swap(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Swap a place, weapon or country for one of the same type.

    In an exclusive slot the swap is REFUTED (two replacements); elsewhere the relation
    does not exclude the new entity ("Germany followed suit" / "France followed suit"),
    so the claim is NOT_ENOUGH_INFO. A country's demonym changes with it ("German-made").
    """
    if c.is_headline:
        return
    for kind in _PLACE_TYPES:
        names = list(lx.ENTITY_TYPES[kind])
        for m in _find(names, c.text)[:1]:
            if c.text[m.start() - 1 : m.start()] == "(" and c.text[m.end() : m.end() + 1] == ")":
                continue  # an acronym after its expansion: swapping it alone contradicts itself
            exclusive = _exclusive(c.text, m.start())
            for new in _replacements(c, names, m.group(1), 2 if exclusive else 1, rng):
                text = _sub(c.text, m.start(), m.end(), new)
                if exclusive:
                    yield Draft(text, R, f"{kind} in an exclusive slot")
                else:
                    yield Draft(text, N, f"{kind} in a non-exclusive relation")
    countries = list(_COUNTRY_NAMES)
    for m in _find(countries, c.text):
        old = m.group(1)
        if c.text[m.end() : m.end() + 2] in ("’s", "'s"):
            continue  # "Russia’s Belgorod region": the place decides, not the country
        if old in [x.group(1) for x in _find(countries, c.headline_text)] or (
            _COUNTRY_NAMES[old] == "American"
        ):
            continue  # protagonists (and their aliases) stay
        used = {_COUNTRY_NAMES[x.group(1)] for x in _find(countries, c.text + c.headline_text)}
        options = [n for n in countries if _COUNTRY_NAMES[n] not in used]
        for new in _replacements(c, options, old, 1, rng):
            text = c.text
            for hit in reversed(list(re.finditer(rf"\b(?:the )?{re.escape(old)}\b", text))):
                sub = ("the " if new in _NEEDS_THE else "") + new
                text = _sub(text, hit.start(), hit.end(), sub)
            text = re.sub(rf"\b{_COUNTRY_NAMES[old]}\b", _COUNTRY_NAMES[new], text)
            text = _cap(text)
            yield Draft(text, N, "country in a non-exclusive relation")
        break


# ---------------------------------------------------------------- negation

_AUX = re.compile(r"(?<=\w )(has|have|had|is|are|was|were|could|can|will|would|does|did)"
                  r" (?!not\b|only\b|n[’']t)")  # fmt: skip
_NOT = re.compile(r" not(?= \w)(?! only)|n[’']t\b")


@register("negation.toggle", 1, "mutation:negation")
def negation_toggle(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Remove the first negation, or negate the first auxiliary: REFUTED either way.

    Only for sentences with one verdict to flip; capped at 15% of REFUTED claims by
    :func:`toolkit.claims.extract.extract` (negation cues are the classic artifact).
    """
    if c.is_headline:
        return
    m = _NOT.search(c.text)
    if m:
        yield Draft(_sub(c.text, m.start(), m.end(), ""), R, "negation removed")
        return
    m = _AUX.search(c.text)
    if m:
        yield Draft(_sub(c.text, m.end(1), m.end(1), " not"), R, "negation added")


# ---------------------------------------------------------------- NOT_ENOUGH_INFO

_SPEAKER_AFTER = re.compile(r"\b(?:speaking to|told|confirmed to|report from|according to) $", re.I)
_SPEAKER_BEFORE = re.compile(r"^ (?:reported|said|confirmed|announced|told)\b")


@register("nei.speaker", 1, "nei:speaker")
def nei_speaker(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Swap who reported or said something: unless the evidence excludes it, NOT_ENOUGH_INFO.

    "POLITICO reported X" neither entails nor excludes "The Associated Press reported X".
    """
    if c.is_headline:
        return
    for kind in ("official", "source"):
        names = list(lx.ENTITY_TYPES[kind])
        for m in _find(names, c.text):
            before, after = c.text[: m.start()], c.text[m.end() :]
            if not (_SPEAKER_AFTER.search(before) or _SPEAKER_BEFORE.match(after)):
                continue
            for new in _replacements(c, names, m.group(1), 1, rng):
                if m.start() == 0:
                    new = _cap(new)
                yield Draft(_sub(c.text, m.start(), m.end(), new), N, f"{kind} swapped")
            return


_SAID = re.compile(r"\b(said)( that)?\b")
_LOWERABLE = {"The", "A", "An", "Over", "After", "As", "In", "On", "During", "Since", "Before"}


@register("nei.added_detail", 2, "nei:added_detail")
def nei_added_detail(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Add a specific the article does not give: a venue for "said", or a source.

    The evidence still holds, but it does not cover the added detail: NOT_ENOUGH_INFO.
    The added source is one the article itself cites elsewhere (POLITICO, The Associated
    Press...), so the source's name does not give the label away; the typed list is the
    fallback. Version 1 took it from a fixed list ("a Pentagon statement", Reuters),
    whose names the audit showed only NOT_ENOUGH_INFO claims carried.
    """
    if c.is_headline or "according to" in c.text.lower():
        return
    m = _SAID.search(c.text)
    if m:
        venue = rng.choice(lx.ADDED_VENUE)
        yield Draft(_sub(c.text, m.start(), m.end(), f"said {venue} that"), N, "venue added")
        return
    if "attribution" in c.checkworthiness.reasons:
        return
    names = list(lx.SOURCES)
    in_sentence = {x.group(1) for x in _find(names, c.text)}
    cited = [n for n in _article_entities(c, names) if n not in in_sentence]
    source = rng.choice(cited) if cited else rng.choice(lx.ADDED_ATTRIBUTION).removeprefix(
        "According to "
    )
    first = c.text.split(" ", 1)[0]
    body = c.text[:1].lower() + c.text[1:] if first in _LOWERABLE else c.text
    yield Draft(f"According to {source}, {body}", N, "source added")
