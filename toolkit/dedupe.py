"""Duplicate claims: the same claim twice, or nearly the same claim in another split.

Two kinds:

* **exact**: the same text after :func:`exact_key` (NFC, case-folded, one space, no
  closing punctuation). ``"The war began in 2022."`` and ``"the war began in 2022"`` are
  one claim.
* **near**: cosine similarity of character n-gram counts (3 to 5 characters inside word
  boundaries, L2-normalized; scikit-learn's ``HashingVectorizer``) at or above
  :data:`NEAR_DUPLICATE_THRESHOLD`. Character n-grams make ``permitted``/``permits`` and
  ``U.S.``/``US`` close without a stemmer. There is deliberately no IDF weighting: IDF
  fitted on the stored claims changes as the store grows, so the same pair would score
  differently from one week to the next and a fixed threshold would mean nothing (with
  IDF fitted on two claims, a plain rewording scored under 0.8). Hashing needs no
  fitted vocabulary either, so a new claim is scored the same whatever else is stored.

The threshold, 0.85, was set by measuring claims written about the seed article: a
reworded claim ("A package totaling nearly $61 billion ... was passed by Congress" for
"Congress passed a package totaling nearly $61 billion ...", or "a package of" for "a
package totaling") scores 0.88-0.93, a claim with one number or word changed 0.92-0.97,
and different claims about the same article at most 0.77 (two claims sharing their first
half: "Germany permitted Ukraine to use German-made weapons ..."), most under 0.5.

What the scores cannot do is tell a reworded copy from a deliberate one-word mutation
(``$61 billion`` / ``$45 billion``): both are near duplicates. Hence two uses:

* **On contribution** (:class:`DuplicateIndex`) a new claim that is an exact or near
  duplicate of a stored claim is rejected with that claim's id: to judge an existing
  claim, annotate it instead.
* **In validate** (:func:`near_duplicate_problems`, when asked for) near duplicates are
  reported only when the dataset's split rule puts them in *different* splits. Claims
  derived from the same sentence (a claim and its mutations) share a split group, so they
  cannot leak; near duplicates in train and test are a leak.

Cost: validate compares every pair of claims (a sparse product, a block of rows at a
time, so memory stays flat). Measured on synthetic claims drawn from a 25-word
vocabulary, the worst case since every pair shares n-grams: 5,000 claims 4.4 s, 20,000
claims 75 s; it grows with the square of the count. A candidate index (MinHash LSH) would
make it linear, but a near pair's n-gram Jaccard can be as low as cos^2 = 0.72, so an LSH
tuned to find those also returns many ordinary same-article pairs; not worth it at the
size of this benchmark yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.records import Claim, claim_key

#: Cosine similarity at or above which two claims are near duplicates (see module doc).
NEAR_DUPLICATE_THRESHOLD = 0.85

#: How many similarity cells ``near_pairs`` computes at once (rows per block = this / n).
_CELLS = 4_000_000

_CLOSING = re.compile(r"[\s.!?;:]+$")


def exact_key(text: str) -> str:
    """The text two exact duplicates share: :func:`claim_key` without closing punctuation."""
    return _CLOSING.sub("", claim_key(text))


def vectors(texts: Sequence[str]) -> Any:
    """L2-normalized character n-gram count vectors (a sparse matrix, one row per text).

    Stateless: the same text always gets the same vector, whatever else is being compared.
    """
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer

    hasher = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        n_features=2**20,
        alternate_sign=False,
        norm="l2",
        dtype=np.float64,
    )
    return hasher.transform(list(texts)).tocsr()


@dataclass(frozen=True)
class Duplicate:
    """A stored claim that a candidate duplicates: its id, ``exact`` or ``near``, the score."""

    claim_id: str
    kind: str
    score: float

    def describe(self) -> str:
        if self.kind == "exact":
            return f"duplicate of claim {self.claim_id} (same text)"
        return (
            f"near duplicate of claim {self.claim_id} (n-gram cosine {self.score:.2f} >= "
            f"{NEAR_DUPLICATE_THRESHOLD}); annotate that claim instead"
        )


class DuplicateIndex:
    """Stored claims to check new ones against; new claims are added as they are accepted."""

    def __init__(self, stored: Sequence[tuple[str, str]]):
        self._ids: list[str] = []
        self._keys: dict[str, str] = {}
        self._matrix: Any = None
        for cid, text in stored:
            self._keys.setdefault(exact_key(text), cid)
            self._ids.append(cid)
        if stored:
            self._matrix = vectors([t for _, t in stored])

    def add(self, cid: str, text: str) -> None:
        import scipy.sparse as sp

        self._keys.setdefault(exact_key(text), cid)
        self._ids.append(cid)
        row = vectors([text])
        self._matrix = row if self._matrix is None else sp.vstack([self._matrix, row]).tocsr()

    def find(self, text: str) -> Duplicate | None:
        """The stored claim ``text`` duplicates (exact first, then the nearest), or None."""
        hit = self._keys.get(exact_key(text))
        if hit is not None:
            return Duplicate(hit, "exact", 1.0)
        if self._matrix is None:
            return None
        sims = (self._matrix @ vectors([text]).T).toarray().ravel()
        best = int(sims.argmax())
        if sims[best] >= NEAR_DUPLICATE_THRESHOLD:
            return Duplicate(self._ids[best], "near", float(sims[best]))
        return None


@dataclass(frozen=True)
class NearPair:
    """Two stored claims from different sources that are near duplicates."""

    first: str
    second: str
    first_line: int
    second_line: int
    score: float


def near_pairs(records: Sequence[tuple[int, str, str]], splits: Sequence[str]) -> list[NearPair]:
    """Near-duplicate pairs among ``(line, id, text)`` records that sit in different splits.

    ``splits[i]`` is the split of record ``i`` (any label works: pairs with equal labels
    are not reported). Pure; sorted by line numbers, so the report is the same on every
    run. Similarities are computed a block of rows at a time, so memory stays near
    :data:`_CELLS` floats however many claims there are.
    """
    if len(records) < 2:
        return []
    import numpy as np

    matrix = vectors([text for _, _, text in records])
    n = len(records)
    step = max(1, _CELLS // n)
    pairs: list[NearPair] = []
    for lo in range(0, n, step):
        block = (matrix[lo : lo + step] @ matrix.T).tocoo()
        rows = block.row.astype(np.int64) + lo
        keep = (block.data >= NEAR_DUPLICATE_THRESHOLD - 1e-9) & (block.col > rows)
        for i, j, score in zip(rows[keep], block.col[keep], block.data[keep], strict=True):
            if splits[i] != splits[j]:
                (li, ci, _), (lj, cj, _) = records[i], records[j]
                pairs.append(NearPair(ci, cj, li, lj, float(score)))
    return sorted(pairs, key=lambda p: (p.second_line, p.first_line))


def _valid_claims(path: Path, max_bytes: int) -> Iterator[tuple[int, Claim]]:
    """``(line, claim)`` for the schema-valid lines of a claims file.

    Anything else is skipped silently: validate reports it through its own checks.
    """
    import orjson

    from toolkit.schema import is_valid

    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, start=1):
            if len(raw) > max_bytes:
                continue
            try:
                record = orjson.loads(raw)
            except orjson.JSONDecodeError:
                continue
            if is_valid("claim", record):
                yield lineno, Claim.from_dict(record)


def near_duplicate_problems(
    path: Path, max_bytes: int, *, num_articles: int
) -> Iterator[tuple[int, str, str]]:
    """``(line, field, message)`` for each claim of ``path`` near one in another split.

    Splits are the dataset's own (``toolkit.dataset.splits``: group key hashed, source
    sentence or article groups by corpus size), so a pair is reported exactly when the
    build would put the two claims in different splits. This is the hook
    ``claimkit validate`` calls for each claims file after its own checks.
    """
    from toolkit.dataset.splits import ARTICLE_GROUPS_FROM, DEFAULT_RATIOS, group_key, split_of

    by_article = num_articles >= ARTICLE_GROUPS_FROM
    claims = list(_valid_claims(Path(path), max_bytes))
    records = [(line, c.id, c.claim) for line, c in claims]
    splits = [split_of(group_key(c, by_article=by_article), DEFAULT_RATIOS) for _, c in claims]
    split_at = {line: split for (line, _, _), split in zip(records, splits, strict=True)}
    for p in near_pairs(records, splits):
        yield (
            p.second_line,
            "claim",
            f"near duplicate (n-gram cosine {p.score:.2f} >= {NEAR_DUPLICATE_THRESHOLD}) of "
            f"claim {p.first} on line {p.first_line}: this claim falls in the "
            f"{split_at[p.second_line]} split, that one in {split_at[p.first_line]} (a leak);"
            " remove or reword one",
        )
