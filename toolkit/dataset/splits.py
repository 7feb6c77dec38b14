"""Train / validation / test assignment: by a hash of a group key, so it is stable.

Why a hash and not a shuffle: a shuffle re-deals every claim when one claim is added,
so a model's training data would leak into the next release's test split. Here a
claim's split depends only on its *group key* and the ratios, so existing groups keep
their split however much data arrives later.

Why groups: claims derived from the same source sentence share their evidence and
often most of their words (the extracted claim and its mutations); if they sat in two
splits, a model could memorize the sentence in train and look clever on test. So the
group is the source sentence. Once the corpus holds :data:`ARTICLE_GROUPS_FROM`
articles or more, the group becomes the whole article (claims about one article share
names, numbers and style). Below that threshold a 10% test split would be a coin toss
over one or two articles, too lumpy to hold about a tenth of the claims; crossing the
threshold re-deals the groups once, which the card states.

Why the test split holds only ``gold`` claims: a benchmark's test labels must have
been confirmed by a person. A silver or disputed claim whose group hashes to test is
*withheld* (kept with its reason, never silently lost), not moved to another split:
moving it would put one group in two splits, and it would make the claim change
split the day it is reviewed. A withheld claim enters test when it turns gold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from toolkit.errors import UsageError
from toolkit.records import Claim, Status, sha256_hex

#: The split names, in the order the dataset lists them.
SPLITS: tuple[str, ...] = ("train", "validation", "test")

#: Default ratios of groups (not claims) per split. Evaluation splits get a larger share
#: than FEVER's because the benchmark is small: with 80/10/10 a corpus of a few dozen
#: source sentences can leave test empty. Changing ratios moves groups, so they are fixed
#: here and only changed with a new dataset version.
DEFAULT_RATIOS: tuple[float, float, float] = (0.6, 0.2, 0.2)

#: From this many articles on, whole articles (not source sentences) stay in one split.
ARTICLE_GROUPS_FROM = 30

#: Reason recorded for a claim kept out of the test split.
WITHHELD_NOT_GOLD = "test group, not gold: enters the test split once reviewed"

_HASH_SPACE = 16**15  # 15 hex digits: exact in a float's 53-bit mantissa


@dataclass(frozen=True)
class SplitConfig:
    """Ratios of train, validation and test, and the article-grouping threshold."""

    ratios: tuple[float, float, float] = DEFAULT_RATIOS
    article_groups_from: int = ARTICLE_GROUPS_FROM

    def __post_init__(self) -> None:
        if len(self.ratios) != len(SPLITS) or any(r < 0 for r in self.ratios):
            raise UsageError(f"split ratios must be three numbers >= 0, got {self.ratios}")
        if abs(sum(self.ratios) - 1.0) > 1e-6:
            raise UsageError(
                f"split ratios must add up to 1 (train + validation + test), got "
                f"{' + '.join(f'{r:g}' for r in self.ratios)} = {sum(self.ratios):g}"
            )
        if self.article_groups_from < 1:
            raise UsageError("article_groups_from must be at least 1")


@dataclass
class SplitResult:
    """Claims per split (sorted by id), the claims withheld with their reason, the mode."""

    splits: dict[str, list[Claim]]
    withheld: list[tuple[Claim, str]] = field(default_factory=list)
    by_article: bool = False

    def counts(self) -> dict[str, int]:
        return {name: len(claims) for name, claims in self.splits.items()}


def group_key(claim: Claim, *, by_article: bool) -> str:
    """The unit that never straddles two splits.

    A claim with a source groups by its source sentence (``article:sentence`` or
    ``article:headline``), or by its article in article mode. A claim a person wrote
    without a source groups with the first corpus article its evidence quotes (in
    article mode) or is a group of its own.
    """
    src = claim.source
    if src is not None:
        if by_article:
            return f"a:{src.article_id}"
        where = "headline" if src.sentence_index is None else str(src.sentence_index)
        return f"s:{src.article_id}:{where}"
    if by_article:
        for ev in claim.evidence_items:
            if ev.article_id is not None:
                return f"a:{ev.article_id}"
    return f"c:{claim.id}"


def split_of(key: str, ratios: tuple[float, float, float]) -> str:
    """The split a group key falls in: a uniform number from its sha256, cut by ratios."""
    u = int(sha256_hex(f"claimkit-split\0{key}")[:15], 16) / _HASH_SPACE
    edge = 0.0
    for name, ratio in zip(SPLITS, ratios, strict=True):
        edge += ratio
        if u < edge:
            return name
    return next(name for name, r in zip(reversed(SPLITS), reversed(ratios), strict=True) if r > 0)


def assign_splits(
    claims: Iterable[Claim], *, num_articles: int, config: SplitConfig | None = None
) -> SplitResult:
    """Deal claims into splits by group hash; withhold non-gold claims of test groups."""
    config = config or SplitConfig()
    by_article = num_articles >= config.article_groups_from
    splits: dict[str, list[Claim]] = {name: [] for name in SPLITS}
    withheld: list[tuple[Claim, str]] = []
    cache: dict[str, str] = {}
    for claim in claims:
        key = group_key(claim, by_article=by_article)
        name = cache.get(key)
        if name is None:
            name = cache[key] = split_of(key, config.ratios)
        if name == "test" and claim.status != Status.GOLD.value:
            withheld.append((claim, WITHHELD_NOT_GOLD))
            continue
        splits[name].append(claim)
    for rows in splits.values():
        rows.sort(key=lambda c: c.id)
    withheld.sort(key=lambda cw: cw[0].id)
    return SplitResult(splits=splits, withheld=withheld, by_article=by_article)
