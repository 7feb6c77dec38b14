"""Entities found in any news text: proper-noun spans typed by their context.

No topic lists and no statistical model: a capitalized span (not a sentence's first
word, a month or a weekday) is typed by what stands around it, and only typed spans
are edited:

* ``person``: after a title ("Senator", "Mr") or a role noun ("chief executive"),
  next to a speech verb ("Brian Greig said"), or before an age (", 37,");
* ``org``: ending in an organisation word ("Party", "Bank", "Ltd"); acronyms stay
  untyped (an "FBI" swapped for an "HIV" reads as nonsense);
* ``place``: after a place preposition ("in", "at", "from") and not followed by a noun
  it modifies ("in Australian history" is not a place).

Within an article a typed name keeps its type wherever it recurs, and a person's
surname alone is that person. Why not a statistical NER package: the maintained
English models are not installable from the package index with the library (they are
separate downloads), and the rules only need a few reliable types, not coverage.

Replacements have the same type and shape (one word for one word), come from the same
article first and then from the corpus (:class:`~toolkit.claims.registry.Candidate`'s
``pool``), and are never names already in the sentence.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from toolkit import lexicon as lx
from toolkit.claims.registry import register
from toolkit.claims.rules.text import LOOKBEHIND, N, R, alternation, ends_at, negated_before
from toolkit.records import Article, Candidate, Draft

_WORD = r"(?:[A-Z][a-z]+(?:['’][A-Z][a-z]+)?(?:-[A-Z][a-z]+)?|[A-Z]{2,6}(?![.\w])|Mc[A-Z][a-z]+)"
_SPAN = re.compile(rf"\b{_WORD}(?:(?: | of | de | van | von | der | the | for ){_WORD})*\b")
_NOT_NAMES = frozenset((*lx.MONTHS, *lx.MONTH_ABBREVIATIONS, *lx.WEEKDAYS, "I", "The", "A", "An", "In", "On", "At",
                        "But", "And", "As", "After", "Before", "If", "When", "While", "It",
                        "He", "She", "They", "We", "This", "That", "There", "Their", "His",
                        "Her", "Its", "Our", "For", "From", "With", "By", "To", "Of", "Mr",
                        "Mrs", "Ms", "Dr", "Yesterday", "Today", "Last", "Next", "Some",
                        "Under", "Over", "About", "However", "Meanwhile", "Earlier", "North", "South",
                        "East", "West", "Western", "Eastern", "Northern", "Southern"))  # fmt: skip
_TITLES = re.compile(rf"^(?:(?:{alternation(lx.PERSON_TITLES)})\.? )+")
_ROLE_BEFORE = re.compile(rf"\b(?:{alternation(lx.PERSON_ROLES)}) $")
_SPEECH = alternation(lx.SPEECH_VERBS)
_SPEECH_AFTER = re.compile(rf"^,? (?:(?:has|had|have) )?(?:{_SPEECH})\b")
#: A verb right after a name makes the name the clause's subject: the person who did it.
_AGENT_AFTER = re.compile(r"^ (?:has|had|have|is|was|were|will|would|did|does|\w+ed|met|told|"
                          r"made|took|gave|won|led|ran|went|sent|left|came|became|began|"
                          r"wrote|spoke|said|says)\b")
_SPEECH_BEFORE = re.compile(rf"\b(?:{_SPEECH}|according to|told) $", re.I)
_AGE_AFTER = re.compile(r"^, \d{1,3},")
_TITLE_BEFORE = re.compile(rf"\b(?:{alternation(lx.PERSON_TITLES)})\.? $")
#: ", 31," / ", the treasurer," / ", who ...": the text goes on to say who this is.
_APPOSITIVE_AFTER = re.compile(r"^, (?:\d{1,3}\b|the |a |an |who )")
_PLACE_BEFORE = re.compile(rf"\b(?:{alternation(lx.PLACE_PREPOSITIONS)}) (?:the )?$")
_PLACE_AFTER = re.compile(
    r"^(?:$|[,.;:)'’\"”]|['’]s\b| (?:and|or|on|in|at|to|for|with|last|yesterday|this|after|"
    r"before|when|where|was|is|has|had|were|are|will|said|over|since|during|until|from|by)\b)"
)
_EXCLUSIVE = re.compile(rf"\b(?:{alternation(lx.EXCLUSIVE_PREDICATES)})\b")
_ORG_LAST = frozenset(lx.ORG_SUFFIXES)


@dataclass(frozen=True)
class Entity:
    """A typed name at ``[start, end)`` of a text; ``speaker`` if it says something there."""

    start: int
    end: int
    name: str
    kind: str  # person | org | place
    speaker: bool = False


@functools.lru_cache(maxsize=1024)
def _spans(text: str) -> tuple[tuple[int, int, str, bool], ...]:
    """Candidate name spans: ``(start, end, name, titled)``, titles split off.

    Cached: the entity rules and the speaker rule each look at the same sentence (the
    spans were a tenth of extract's time on a generated newswire).
    """
    return tuple(_iter_spans(text))


def _iter_spans(text: str) -> Iterator[tuple[int, int, str, bool]]:
    for m in _SPAN.finditer(text):
        start, name = m.start(), m.group(0)
        t = _TITLES.match(name)
        titled = bool(t)
        if t:
            start, name = start + t.end(), name[t.end() :]
        words = name.split()
        while words and words[0] in _NOT_NAMES:
            start += len(words[0]) + 1
            words = words[1:]
        while (words and words[-1] in _NOT_NAMES) or (words and words[-1] in ("of", "the")):
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words)
        if re.match(r"\.\s*\S", text[start + len(name) :]):
            continue  # "Calif.", "Gov." inside a sentence: an abbreviation, not a name
        before = text[:start].rstrip(" ")
        sentence_start = not before or before[-1] in ".!?\"“(:"
        if sentence_start and len(words) == 1 and not titled:
            continue  # a sentence's first word is capitalized anyway
        yield start, start + len(name), name, titled


def _type(text: str, start: int, end: int, name: str, titled: bool) -> str | None:
    # the context patterns are anchored at the name and a few words long: a bounded
    # window keeps typing linear in the sentence's length
    before, after = text[max(0, start - LOOKBEHIND) : start], text[end:]
    last = name.split()[-1]
    if last in _ORG_LAST:
        return "org"
    if titled or _ROLE_BEFORE.search(before) or _AGE_AFTER.match(after):
        return "person"
    if 2 <= len(name.split()) <= 3 and (_SPEECH_AFTER.match(after) or _SPEECH_BEFORE.search(before)):
        return "person"
    if _PLACE_BEFORE.search(before) and _PLACE_AFTER.match(after) and len(name.split()) <= 3:
        return "place"
    return None


_CACHE: dict[str, dict[str, str]] = {}


def article_types(article: Article) -> dict[str, str]:
    """Name -> type for every name typed somewhere in ``article`` (surnames included).

    A name typed differently in two places is left out: its type is not reliable.
    """
    cached = _CACHE.get(article.id)
    if cached is not None:
        return cached
    votes: dict[str, set[str]] = {}
    for s in article.sentences:
        text = article.sentence_text(s.index)
        for start, end, name, titled in _spans(text):
            kind = _type(text, start, end, name, titled)
            if kind:
                votes.setdefault(name, set()).add(kind)
    types = {n: next(iter(k)) for n, k in votes.items() if len(k) == 1}
    for name, kind in list(types.items()):
        parts = name.split()
        if kind == "person" and len(parts) > 1 and parts[-1] not in types:
            types[parts[-1]] = "person"
    if len(_CACHE) > 256:
        _CACHE.clear()
    _CACHE[article.id] = types
    return types


def find_entities(text: str, types: dict[str, str]) -> list[Entity]:
    """Typed names of ``text`` (types from the article), in order."""
    out = []
    for start, end, name, titled in _spans(text):
        kind = types.get(name) or _type(text, start, end, name, titled)
        if kind:
            speaker = bool(_SPEECH_AFTER.match(text[end:]) or ends_at(_SPEECH_BEFORE, text, start))
            out.append(Entity(start, end, name, kind, speaker))
    return out


def replacements(c: Candidate, e: Entity, k: int, rng: random.Random) -> list[str]:
    """Up to ``k`` names of ``e``'s type and shape: the article's first, then the corpus's.

    Names in the sentence, and names sharing a word with ``e`` (a surname and its full
    name), are never used.
    """
    types = article_types(c.article)
    in_sentence = {x.name for x in find_entities(c.text, types)}
    words = set(e.name.split())
    single = len(e.name.split()) == 1

    last = e.name.split()[-1]
    suffix = last if last in _ORG_LAST else None
    acronym = bool(re.fullmatch(r"[A-Z]{2,6}", e.name))

    def fits(name: str) -> bool:
        if e.kind == "org" and (  # a bank for a bank, an acronym for an acronym
            (suffix and name.split()[-1] != suffix)
            or acronym != bool(re.fullmatch(r"[A-Z]{2,6}", name))
        ):
            return False
        return (
            name not in in_sentence
            and not words & set(name.split())
            and (len(name.split()) == 1) == single
            and not any(re.search(rf"\b{re.escape(w)}\b", c.text) for w in name.split())
        )

    local = sorted(n for n, kind in types.items() if kind == e.kind and fits(n))
    out = rng.sample(local, min(k, len(local)))
    if len(out) < k and c.pool is not None and e.kind != "person":
        # people only from the article: a stranger's name in a story reads as nonsense
        rest = [n for n in c.pool.get(e.kind, ()) if fits(n) and n not in out]
        out += rng.sample(rest, min(k - len(out), len(rest)))
    return out


def described(text: str, e: Entity) -> bool:
    """Whether ``text`` says who ``e`` is right at the name: a title or role before it
    ("Treasurer Peter Costello", "opposition leader Kim Beazley") or an appositive after
    it ("Mark Taylor, 31,"). Another name in that slot keeps the description, which the
    article gives to someone else: the claim then contradicts the article ("Treasurer
    Kim Beazley" when Beazley leads the opposition), so it cannot be NOT_ENOUGH_INFO.
    """
    before = text[max(0, e.start - LOOKBEHIND) : e.start]
    return bool(_TITLE_BEFORE.search(before) or _ROLE_BEFORE.search(before)
                or _APPOSITIVE_AFTER.match(text[e.end :]))  # fmt: skip


def swap(text: str, old: str, new: str) -> str:
    """Every mention of ``old`` in ``text`` replaced by ``new`` (the claim stays consistent)."""
    return re.sub(rf"\b{re.escape(old)}\b", new.replace("\\", r"\\"), text)


_EXCLUSIVE_BEFORE = re.compile(rf"\b(?:{alternation(lx.EXCLUSIVE_PREDICATES)})(?: \w+){{0,2}} $")
_EXCLUSIVE_AFTER = re.compile(rf"^(?: \w+){{0,2}} (?:{alternation(lx.EXCLUSIVE_PREDICATES)})\b")


_QUALIFIED = re.compile(r"^, (?:(?:north|south|east|west|central)\w* )?(?:the )?[A-Z]")
_QUALIFIES = re.compile(r"[A-Z]\w*, (?:(?:north|south|east|west|central)\w* )?(?:the )?$")


def in_place_slot(text: str, e: Entity) -> bool:
    """Whether this mention of a place is used as a place ("in Sydney", not "Russia said").

    A place qualified by a larger one ("Jalalabad, eastern Afghanistan") or qualifying a
    smaller one is left alone: a swap there ("Russia, eastern Afghanistan") makes nonsense.
    """
    before, after = text[max(0, e.start - LOOKBEHIND) : e.start], text[e.end :]
    return bool(_PLACE_BEFORE.search(before) and _PLACE_AFTER.match(after)
                and not re.match(r"['’]s\b", after)
                and not _QUALIFIED.match(after) and not _QUALIFIES.search(before))  # fmt: skip


def exclusive(text: str, e: Entity) -> bool:
    """Whether ``e`` fills a single-valued slot: next to "only", "won", "elected"..."""
    return bool(ends_at(_EXCLUSIVE_BEFORE, text, e.start) or _EXCLUSIVE_AFTER.match(text[e.end :]))


#: Places are found and typed (they keep people and organisations apart) but not swapped:
#: whether a swap is false, unknown or still true depends on which place contains which
#: ("living in Baghdad" -> "living in Iraq" stays true; "the city of Dresden" -> "the city
#: of Jordan" is nonsense), and no rule without a gazetteer knows that.
SWAP_PLACES = False


@register("entity.swap", 2, "mutation:entity")
def entity_swap(c: Candidate, rng: random.Random) -> Iterator[Draft]:
    """Swap one typed name (not a speaker) for another of the same type.

    In a single-valued slot ("was elected", "won", "only") the swap is REFUTED, and so
    is another person as the agent of a reported act ("Senator Bartlett met Ridgeway"
    -> "Senator Despoja met Ridgeway": the article says who did it); elsewhere the
    evidence says nothing about the new name ("AMP shelved a plan" / "Westpac shelved
    a plan"): NOT_ENOUGH_INFO. Version 1 matched seed-story name lists.
    """
    if c.is_headline:
        return
    types = article_types(c.article)
    options = [e for e in find_entities(c.text, types)
               if not e.speaker and not negated_before(c.text, e.start)
               and (e.kind != "place" or (SWAP_PLACES and in_place_slot(c.text, e)))]  # fmt: skip
    rng.shuffle(options)
    for e in options:
        found = replacements(c, e, 1, rng)
        if found:
            text = swap(c.text, e.name, found[0])
            if exclusive(c.text, e):
                yield Draft(text, R, f"{e.kind} in a single-valued slot")
            elif e.kind == "person" and _AGENT_AFTER.match(c.text[e.end :]):
                # "Senator Bartlett met Ridgeway" -> "Senator Despoja met Ridgeway": the
                # article names who did this, and it names someone else
                yield Draft(text, R, "another person as the agent of a reported act")
            elif described(c.text, e):
                continue  # the title or appositive now names someone else: not unknown
            else:
                yield Draft(text, N, f"{e.kind} in a non-exclusive relation")
            return
