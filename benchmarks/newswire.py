"""A generated newswire: many articles about many different things, for the scale benchmarks.

``benchmarks/corpus.py`` varies the one seed article: every generated article repeats
the seed's sentences with other numbers, so their claims are near duplicates across
articles, the splitter rightly joins nearly all of them into one group (one split holds
every claim), and the near-duplicate scans meet their worst case. Real archives are not
like that. Here each article is built from news-style sentence templates whose slots
(people, titles, organisations, places, amounts, dates) are drawn from vocabularies large
enough that two articles share little beyond the templates' function words, so articles
group apart and the splits fill as they would on real news. The sentences keep what the
claim rules read: speech verbs, titles before names, amounts with units, dates, hedges.

Everything is seeded: the same arguments give the same files. Run as a script::

    python benchmarks/newswire.py --articles 10000 --out dist/bench/newswire.jsonl
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

_ONSETS = ("b", "br", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "st", "t",
           "v", "w", "z", "th", "ch", "gr", "tr")  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "io", "ou")
_CODAS = ("", "n", "r", "l", "s", "th", "nd", "rt", "m", "x", "ck")
_FIRST = ("Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
          "Kemi", "Lars", "Maya", "Nikos", "Olga", "Pedro", "Quinn", "Rosa", "Samir", "Tara",
          "Umar", "Vera", "Wen", "Xavier", "Yara", "Zoltan", "Amir", "Beatriz", "Chen", "Dana")
_TITLES = ("Senator", "Mayor", "Minister", "Judge", "Governor", "Professor", "Dr", "Commissioner")
_ROLES = ("spokeswoman", "spokesman", "chief executive", "finance minister", "police chief",
          "union leader", "economist", "health director", "city manager", "party leader")
_ORG_KINDS = ("Group", "Council", "Bank", "Union", "Authority", "Institute", "Airlines",
              "Holdings", "Commission", "University", "Hospital", "Party")  # fmt: skip
_PLACE_ENDS = ("ton", "field", "burg", "ford", "ville", "port", "mouth", "dale", "stad", "wick")
_THINGS = ("schools", "bridges", "hospitals", "homes", "wind turbines", "buses", "clinics",
           "police officers", "teachers", "flights", "jobs", "farms", "trains", "libraries")
_VERBS = ("approved", "rejected", "announced", "delayed", "cancelled", "funded", "unveiled",
          "postponed", "expanded", "reviewed")  # fmt: skip
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ADJ = ("confident", "worried", "disappointed", "optimistic", "cautious", "pleased")
_NOUNS = ("plan", "budget", "inquiry", "merger", "strike", "verdict", "forecast", "deal")

#: Sentence templates: {slot} names a draw from the vocabularies above (see ``_fill``).
_TEMPLATES = (
    "{org} said on {day} it would cut {n} jobs at its {place} plant by {month} {year}.",
    "The {org} {verb} a {money} plan to build {n} new {thing} in {place}.",
    "{title} {person} told reporters the {noun} would cost about {money}.",
    "\u201cWe are {adj} about the {noun},\u201d said {person}, the {org}'s {role}.",
    "{person}, {role} at the {org}, said {pct} per cent of {thing} in {place} were affected.",
    "The {noun} was {verb} in {month} {year} after {n} people signed a petition in {place}.",
    "Officials in {place} said {n} {thing} had been closed since {day}.",
    "{title} {person} was elected in {year} with {pct} per cent of the vote.",
    "The {org} reported a profit of {money} for the year to {month}, up {pct} per cent.",
    "More than {n} residents of {place} attended the meeting on {day}, {person} said.",
    "{person} said the {org} had {verb} the {noun} without consulting {place}.",
    "The {org}, founded in {year}, employs {n} people in {place} and {place2}.",
    "{title} {person} said {n} {thing} would open in {place} before {month}.",
    "Police in {place} said a {age}-year-old man had been charged on {day}.",
    "The {noun} will be reviewed by the {org} in {month}, according to {person}.",
    "Nearly {n} {thing} in {place} will be replaced by {year}, the {org} said.",
)


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                   for _ in range(syllables)).capitalize()  # fmt: skip


class _Vocab:
    """The names one corpus draws from: thousands of each, fixed by the seed."""

    def __init__(self, rng: random.Random) -> None:
        self.surnames = sorted({_word(rng, rng.choice((2, 3))) for _ in range(4000)})
        self.places = sorted({_word(rng, 2) + rng.choice(_PLACE_ENDS) for _ in range(3000)})
        self.orgs = sorted({f"{_word(rng, 2)} {rng.choice(_ORG_KINDS)}" for _ in range(3000)})


def _fill(template: str, rng: random.Random, v: _Vocab, cast: dict[str, str]) -> str:
    """One sentence; ``cast`` keeps the article's own people, place and organisation, so
    an article is about a few things, as news is."""
    money_unit = rng.choice(("million", "billion"))
    values = {
        "org": cast["org"], "place": cast["place"], "place2": rng.choice(v.places),
        "person": cast["person"], "title": cast["title"], "role": rng.choice(_ROLES),
        "n": f"{rng.randrange(2, 5000):,}", "pct": str(rng.randrange(2, 95)),
        "money": f"${rng.randrange(2, 900)} {money_unit}", "year": str(rng.randrange(1990, 2026)),
        "month": rng.choice(_MONTHS), "day": rng.choice(_DAYS), "verb": rng.choice(_VERBS),
        "thing": rng.choice(_THINGS), "noun": rng.choice(_NOUNS), "adj": rng.choice(_ADJ),
        "age": str(rng.randrange(18, 80)),
    }  # fmt: skip
    return template.format(**values)


def generate_articles(n: int, *, seed: int = 0) -> Iterator[dict[str, str]]:
    """``n`` article dicts in the JSONL ingest format (``title``, ``text``)."""
    rng = random.Random(seed)
    vocab = _Vocab(random.Random(f"vocab-{seed}"))
    for i in range(n):
        person = f"{rng.choice(_FIRST)} {rng.choice(vocab.surnames)}"
        cast = {"org": rng.choice(vocab.orgs), "place": rng.choice(vocab.places),
                "person": person, "title": rng.choice(_TITLES)}  # fmt: skip
        paragraphs = []
        for _ in range(rng.randrange(5, 11)):
            sentences = [_fill(rng.choice(_TEMPLATES), rng, vocab, cast)
                         for _ in range(rng.randrange(1, 4))]  # fmt: skip
            paragraphs.append(" ".join(sentences))
        title = f"{cast['org']} {rng.choice(_VERBS)} {rng.choice(_NOUNS)} in {cast['place']} ({i})"
        yield {"title": title, "text": "\n\n".join(paragraphs)}


def write_articles(path: Path, n: int, *, seed: int = 0) -> Path:
    """Write ``n`` generated articles as one JSONL file; returns ``path``."""
    from corpus import write_records  # the benchmarks' one JSONL writer

    return write_records(path, generate_articles(n, seed=seed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write_articles(args.out, args.articles, seed=args.seed)


if __name__ == "__main__":
    main()
