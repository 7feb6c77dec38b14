"""General English data: number words, months, hedges, titles, negators.

The claim rules draw on it, and ``claimkit stats`` and the baselines read negation
through it. It imports nothing of toolkit and sits at the bottom of the package, so the
baselines share its negators without importing the generator (from inside
``toolkit.claims`` it cost them 22 more modules, 0.2 s of CPU and 10 MiB at start-up).

Only language, never topic: no names of places, people, organisations or weapons.
Entities are found in any text by their context (see
:mod:`toolkit.claims.rules.entities`), and replacements come from the same article
first, then from the corpus, so nothing here belongs to one story.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
#: Abbreviated month names as news style writes them ("Sept. 11", "Aug 28"): a number
#: after one is a day of the month, never a count, and the abbreviation is not a name.
MONTH_ABBREVIATIONS: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
)  # fmt: skip
#: Days per month; February as 28 (a date that would need the 29th is left alone).
MONTH_DAYS: tuple[int, ...] = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

#: Hedges before an amount, by what they say about the true value v against the stated X.
HEDGE_BELOW = ("nearly", "almost", "close to", "just under")  # v slightly under X
HEDGE_MORE = ("more than", "over", "at least", "in excess of")  # v > X (or >=)
HEDGE_LESS = ("less than", "fewer than", "under", "at most", "no more than")  # v < X
#: News writes "up to 35 per cent" and "as many as 10,000" for the largest figure
#: reported: a different extreme contradicts it, like an exact figure.
HEDGE_EXTREME = ("up to", "as many as", "as much as", "as high as", "as young as",
                 "as old as", "as low as", "as few as")  # fmt: skip
HEDGE_ABOUT = ("about", "around", "some", "approximately", "roughly", "an estimated")

#: Words that scale an amount ("$400 million", "3.5bn").
SCALES: tuple[str, ...] = ("thousand", "million", "billion", "trillion")

#: Titles and roles that introduce a person's name ("Senator Brian Greig",
#: "chief executive Paul Batchelor"): the context that types a span as a person.
PERSON_TITLES: tuple[str, ...] = (
    "Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Prof", "Professor", "Senator",
    "President", "Premier", "Minister", "Prime Minister", "Treasurer", "Judge", "Justice",
    "Captain", "Coach", "General", "Gen", "Commissioner", "Inspector", "Sergeant",
    "Detective", "Superintendent", "Constable", "Father", "Bishop", "Archbishop",
    "Reverend", "Governor", "Mayor", "Chancellor", "King", "Queen", "Prince", "Princess",
    "Lord", "Lady", "Ambassador", "Secretary", "Spokesman", "Spokeswoman",
)  # fmt: skip
#: Lower-case role nouns that directly precede a name ("spokesman John Smith").
PERSON_ROLES: tuple[str, ...] = (
    "spokesman", "spokeswoman", "spokesperson", "executive", "chairman", "chairwoman",
    "director", "manager", "coach", "captain", "leader", "senator", "minister", "premier",
    "president", "treasurer", "secretary", "commissioner", "officer", "analyst",
    "economist", "lawyer", "barrister", "judge", "magistrate", "player", "driver",
    "skipper", "batsman", "bowler", "striker", "rider", "boxer", "singer", "actor",
    "author", "chief", "founder", "owner", "trainer", "teammate", "colleague",
)  # fmt: skip
#: Last words that make a capitalized span an organisation ("Reserve Bank", "Labor Party").
ORG_SUFFIXES: tuple[str, ...] = (
    "Party", "Group", "Bank", "Corporation", "Corp", "Ltd", "Limited", "Inc", "Council",
    "Commission", "Department", "Ministry", "Association", "Union", "University",
    "Club", "Airlines", "Airways", "Services", "Authority", "Agency", "Office", "Court",
    "Committee", "Institute", "Foundation", "Company", "Board", "Federation", "League",
    "Police", "Army", "Navy", "Force", "Forces", "Parliament", "Senate", "Tribunal",
    "Network", "Holdings", "Trust", "Fund", "Exchange", "Organisation", "Organization",
    "Alliance", "Front", "Movement", "Church", "School", "College", "Hospital", "Team",
    "Service", "Industries", "Bureau", "Centre", "Center", "Unit", "Squad", "Command",
)  # fmt: skip
#: Prepositions after which a capitalized span names a place.
PLACE_PREPOSITIONS: tuple[str, ...] = ("in", "at", "from", "near", "outside", "across",
                                       "to", "into", "towards", "throughout")  # fmt: skip
#: Verbs that report speech: the slot before or after them is the speaker.
SPEECH_VERBS: tuple[str, ...] = (
    "said", "says", "told", "announced", "stated", "claimed", "warned", "added",
    "confirmed", "explained", "insisted", "argued", "reported", "revealed", "admitted",
    "denied", "predicted", "urged", "conceded", "estimated",
)  # fmt: skip
#: Predicates whose object or subject slot holds one value: swapping it contradicts.
EXCLUSIVE_PREDICATES: tuple[str, ...] = (
    "only", "sole", "won", "beat", "defeated", "elected", "appointed", "named",
    "born", "died", "captained", "replaced", "succeeded", "married",
)  # fmt: skip
#: Nouns for a child: an age next to one stays under 18.
CHILD_NOUNS: tuple[str, ...] = ("boy", "girl", "child", "baby", "toddler", "infant",
                                "schoolboy", "schoolgirl", "teenager", "son", "daughter")
#: Adverbs whose removal keeps a (non-negated) claim true.
DROPPABLE_ADVERBS: tuple[str, ...] = ("also", "recently", "still", "quietly", "already",
                                      "now", "yesterday", "today")
#: Verb forms after a subject: enough to see that a noun phrase has ended.
AUXILIARIES: tuple[str, ...] = ("has", "have", "had", "is", "are", "was", "were", "will",
                                "would", "can", "could", "may", "might", "must", "should",
                                "did", "does")  # fmt: skip

#: Negators: the words that make the clause they stand in negative, the one list every
#: reader of negation takes (the rules, ``claimkit stats``' negation share, the
#: baselines' ``negation_mismatch`` feature). The contracted ``n't`` (either apostrophe)
#: counts too: see :func:`negation_pattern`. The plain ones come first.
NEGATORS: tuple[str, ...] = ("not", "never", "no", "none", "nobody", "nothing", "neither",
                             "nor", "without", "cannot")  # fmt: skip
#: The plain negators: what a rule asks about when it wants to know whether a slot stands
#: under a negation ("did not win in 2019" does not contradict "did not win in 2018"). The others
#: are quantifiers or prepositions whose scope the rules do not track, and counting them
#: would silently drop edits that are sound.
PLAIN_NEGATORS: tuple[str, ...] = NEGATORS[:3]
#: Words that are not negators but make a clause downward-entailing ("few", "hardly"):
#: adding a negation beside one gives a sentence no one would write.
DOWNWARD: tuple[str, ...] = ("few", "little", "hardly", "rarely", "seldom", "barely", "only")
#: The contracted negation after an auxiliary ("doesn't", "won’t").
CONTRACTED_NEGATION = r"n[’']t\b"


def negation_pattern(words: Iterable[str] = NEGATORS, *, ignore_case: bool = True,
                     contracted: bool = True) -> re.Pattern[str]:  # fmt: skip
    """A regex that finds any of ``words`` as a whole word, or (``contracted``) ``n't``.

    Readers compile it once from :data:`NEGATORS` or one of its named subsets, so that
    what counts as a negation is written in one place.
    """
    alternatives = [rf"\b(?:{'|'.join(map(re.escape, words))})\b"]
    if contracted:
        alternatives.append(CONTRACTED_NEGATION)
    return re.compile("|".join(alternatives), re.I if ignore_case else 0)
