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
(``$61 billion`` / ``$45 billion``): both are near duplicates. This module serves
**contribution** (:class:`DuplicateIndex`): a new claim that is an exact or near duplicate
of a stored claim is rejected with that claim's id: to judge an existing claim, annotate
it instead. Leaks between splits are another job: :mod:`toolkit.neardup` finds near
duplicates among all stored claims in linear time (MinHash + LSH), and the splitter puts
them in one group (:mod:`toolkit.dataset.splits`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.records import Claim, claim_key, decode

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


def valid_claims(path: Path, max_bytes: int) -> Iterator[tuple[int, Claim]]:
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
                yield lineno, decode(Claim, record)
