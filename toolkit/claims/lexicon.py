"""Small typed word lists the rules draw on: entity types, number words, hedges.

Replacements come first from the same article (same type, format kept); these lists
are the fallback, so that a swapped entity is of the same kind as the original and the
claim alone does not give its label away. They are data, not logic: extend them to
cover new articles.
"""

from __future__ import annotations

#: Countries with their demonym, so "Germany ... German-made" becomes "France ...
#: French-made" together. The first spelling is the one used as a replacement.
COUNTRIES: dict[str, str] = {
    "Russia": "Russian",
    "Ukraine": "Ukrainian",
    "Germany": "German",
    "France": "French",
    "Poland": "Polish",
    "the United Kingdom": "British",
    "the Netherlands": "Dutch",
    "Canada": "Canadian",
    "the United States": "American",
    "the US": "American",
}

#: Who reports or is spoken to: news organizations and research institutes.
SOURCES: tuple[str, ...] = (
    "POLITICO",
    "The Associated Press",
    "the Institute for the Study of War",
    "Reuters",
    "The New York Times",
    "The Washington Post",
    "CNN",
)

#: Cities of Ukraine and regions of Russia: places whose swaps keep the same kind.
UKRAINIAN_CITIES: tuple[str, ...] = ("Kharkiv", "Odesa", "Kyiv", "Dnipro", "Zaporizhzhia")
RUSSIAN_REGIONS: tuple[str, ...] = ("Belgorod", "Kursk", "Bryansk", "Rostov")

#: Named people with the title they are introduced by (swapped as a whole).
OFFICIALS: tuple[str, ...] = (
    "National Security Spokesman John Kirby",
    "State Department Spokesman Matthew Miller",
    "Pentagon Press Secretary Pat Ryder",
    "Secretary of State Antony Blinken",
)

#: Weapon systems.
WEAPONS: tuple[str, ...] = ("HIMARS", "ATACMS", "Patriot", "Storm Shadow")

#: Types in the order they are matched (longer names first within a type).
ENTITY_TYPES: dict[str, tuple[str, ...]] = {
    "official": OFFICIALS,
    "source": SOURCES,
    "ukrainian_city": UKRAINIAN_CITIES,
    "russian_region": RUSSIAN_REGIONS,
    "weapon": WEAPONS,
    "country": tuple(COUNTRIES),
}

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
WORD_FOR: dict[int, str] = {v: k for k, v in NUMBER_WORDS.items()}

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
}  # fmt: skip
ORDINAL_FOR: dict[int, str] = {v: k for k, v in ORDINALS.items()}

WEEKDAYS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip
MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
#: Days per month; February as 28 (a week's shift never lands on the 29th in practice,
#: and a date that would is left alone).
MONTH_DAYS: tuple[int, ...] = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

#: Hedges before an amount, by what they say about the true value v against the stated X.
HEDGE_BELOW = ("nearly", "almost", "close to", "just under")  # v slightly under X
HEDGE_MORE = ("more than", "over", "at least")  # v > X
HEDGE_LESS = ("less than", "fewer than", "under")  # v < X

#: Attribution a claim can gain without the article saying so (for added-detail NEI).
ADDED_ATTRIBUTION: tuple[str, ...] = (
    "According to Reuters",
    "According to The Washington Post",
    "According to a Pentagon statement",
)
#: Venues a reporting verb can gain without the article saying so.
ADDED_VENUE: tuple[str, ...] = (
    "in a televised interview",
    "in a written statement",
    "at a news conference",
)
