"""Where a build's records came from, and the licence each origin carries.

The card's ``license``, ``license_name``/``license_link``, ``source_datasets`` and
``tags`` (and Croissant's ``license``) are derived here from the records themselves:
a claim's ``method`` says whether claimkit made it or which dataset it was imported from
(``import:fever``, ``import:averitec``, ``import:claimreview``), and an article's
publisher says whether it is a Wikipedia page (FEVER's corpus) or a news article.
A dataset made of FEVER claims over Wikipedia pages is CC BY-SA 3.0 like its source,
an AVeriTeC import is CC BY-NC 4.0, and news articles stay their publishers' (``other``).
The registry is data: a new import format adds one entry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from toolkit.records import Article, Claim


@dataclass(frozen=True)
class Origin:
    """One origin of records: what it is, its licence (a Hub licence id), where to read
    about it, and what it adds to the card's ``source_datasets`` and ``tags``."""

    key: str
    name: str
    what: str
    license: str | None  # Hub licence id; None: adds no licence of its own
    license_text: str
    link: str | None
    source_dataset: str
    tags: tuple[str, ...]


ORIGINS: dict[str, Origin] = {
    o.key: o
    for o in (
        Origin("claimkit", "claimkit", "claims and labels made or written with claimkit"
               " from the articles", None, "as the articles they are taken from", None,
               "original", ()),
        Origin("news", "news articles", "article texts", "other",
               "copyright of each publisher (see the articles table)", None, "original",
               ("news",)),
        Origin("fever", "FEVER", "claims, labels and evidence sentences imported from"
               " FEVER (Thorne et al., 2018)", "cc-by-sa-3.0", "CC BY-SA 3.0",
               "https://fever.ai/dataset/fever.html", "extended|fever", ("fever",)),
        Origin("wikipedia", "Wikipedia (FEVER's pages)", "article texts: the Wikipedia"
               " pages FEVER's evidence cites", "cc-by-sa-3.0", "CC BY-SA 3.0",
               "https://creativecommons.org/licenses/by-sa/3.0/", "extended|wikipedia",
               ("wikipedia",)),
        Origin("averitec", "AVeriTeC", "real-world claims, verdicts and question-answer"
               " evidence imported from AVeriTeC (Schlichtkrull et al., 2023)",
               "cc-by-nc-4.0", "CC BY-NC 4.0", "https://fever.ai/dataset/averitec.html",
               "extended|averitec", ("averitec",)),
        Origin("claimreview", "ClaimReview", "claims and verdicts that fact-checkers"
               " published as schema.org ClaimReview", "other", "each fact-checker's own"
               " terms (the review URL is kept with each claim)",
               "https://schema.org/ClaimReview", "extended|claimreview", ("claimreview",)),
    )
}

#: The Hub id written as ``license_name`` when the licence is ``other``, and where the
#: "Sources and licences" table of the card is.
LICENSE_NAMES = {"news": "news-publishers-copyright", "claimreview": "fact-checkers-terms"}
MIXED_LICENSE_NAME = "claimkit-mixed-sources"
LICENSE_LINK = "README.md#sources-and-licences"
BASE_TAGS = ("fact-checking", "claim-verification", "misinformation")


def claim_origin(claim: Claim) -> str:
    """The origin key of a claim: the imported format, else claimkit."""
    if claim.method.startswith("import:"):
        fmt = claim.method.split(":", 1)[1]
        return fmt if fmt in ORIGINS else "claimkit"
    return "claimkit"


def article_origin(article: Article) -> str:
    """Wikipedia pages (FEVER's corpus) or news articles."""
    return "wikipedia" if article.source.publisher == "Wikipedia" else "news"


@dataclass(frozen=True)
class Provenance:
    """The origins of a build, with their record counts, and what the card says of them."""

    claims: dict[str, int]
    articles: dict[str, int]

    @property
    def origins(self) -> list[Origin]:
        keys = set(self.claims) | set(self.articles)
        return [o for k, o in ORIGINS.items() if k in keys]

    @property
    def licenses(self) -> list[str]:
        """Hub licence ids, sorted; claimkit's own claims follow their articles."""
        out = sorted({o.license for o in self.origins if o.license is not None})
        return out or ["other"]

    @property
    def license(self) -> str | list[str]:
        return self.licenses[0] if len(self.licenses) == 1 else self.licenses

    @property
    def license_name(self) -> str | None:
        """The id for ``other`` (None when no origin is ``other``)."""
        others = [o.key for o in self.origins if o.license == "other"]
        if not others and "other" not in self.licenses:
            return None
        if len(others) == 1 and others[0] in LICENSE_NAMES:
            return LICENSE_NAMES[others[0]]
        return MIXED_LICENSE_NAME

    @property
    def source_datasets(self) -> list[str]:
        return sorted({o.source_dataset for o in self.origins})

    @property
    def tags(self) -> list[str]:
        return [*BASE_TAGS, *sorted({t for o in self.origins for t in o.tags})]

    def rows(self) -> list[list[str]]:
        """The "Sources and licences" table: origin, what, records, licence, link."""
        out = []
        for o in self.origins:
            counts = []
            if self.claims.get(o.key):
                counts.append(f"{self.claims[o.key]} claim(s)")
            if self.articles.get(o.key):
                counts.append(f"{self.articles[o.key]} article(s)")
            licence = o.license_text if o.license is None else f"{o.license_text} (`{o.license}`)"
            out.append([o.name, o.what, ", ".join(counts), licence, o.link or "—"])
        return out


def provenance(claims: Iterable[Claim], articles: Iterable[Article]) -> Provenance:
    """Count the records of each origin."""
    return Provenance(claims=dict(Counter(map(claim_origin, claims))),
                      articles=dict(Counter(map(article_origin, articles))))
