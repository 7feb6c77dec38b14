"""Duplicate claims: the same claim twice, or nearly the same claim in another split.

Two kinds:

* **exact**: the same text after :func:`exact_key` (NFC, case-folded, one space, no
  closing punctuation). ``"The war began in 2022."`` and ``"the war began in 2022"`` are
  one claim.
* **near**: cosine similarity of character n-gram counts (3 to 5 characters inside word
  boundaries, lower-cased, L2-normalized: what scikit-learn's ``HashingVectorizer`` with
  ``analyzer="char_wb"`` counts, without its hashing) at or above
  :data:`NEAR_DUPLICATE_THRESHOLD`. Character n-grams make ``permitted``/``permits`` and
  ``U.S.``/``US`` close without a stemmer. There is deliberately no IDF weighting: IDF
  fitted on the stored claims changes as the store grows, so the same pair would score
  differently from one week to the next and a fixed threshold would mean nothing (with
  IDF fitted on two claims, a plain rewording scored under 0.8). Plain counts need no
  fitted statistics either, so a new claim is scored the same whatever else is stored.
  The n-grams are counted here rather than by scikit-learn because contributors run
  this check on every ``add-claim`` and ``contribute``: importing scikit-learn took three
  seconds of each such command, counting takes milliseconds.

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

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from toolkit.records import claim_key

#: Cosine similarity at or above which two claims are near duplicates (see module doc).
NEAR_DUPLICATE_THRESHOLD = 0.85

#: How many similarity cells ``near_pairs`` computes at once (rows per block = this / n).
_CELLS = 4_000_000

_CLOSING = re.compile(r"[\s.!?;:]+$")


def exact_key(text: str) -> str:
    """The text two exact duplicates share: :func:`claim_key` without closing punctuation."""
    return _CLOSING.sub("", claim_key(text))


def char_ngrams(text: str) -> Iterator[str]:
    """The 3- to 5-character n-grams of each lower-cased word padded with one space on
    each side; a padded word no longer than ``n`` is one n-gram, and longer ones are not
    taken from it (``"ab"`` gives `` ab `` once)."""
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(3, 6):
            if len(padded) <= n:
                yield padded
                break
            for i in range(len(padded) - n + 1):
                yield padded[i : i + n]


class _Columns:
    """A column per n-gram, numbered as first seen: a store's vocabulary, never persisted,
    so the numbers only have to agree within one index."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def row(self, text: str, *, grow: bool) -> tuple[list[int], list[float]]:
        """The L2-normalized counts of ``text`` by column. The norm counts every n-gram;
        with ``grow=False`` an n-gram no stored text has adds no column (it would only
        meet zeros), so a query leaves the index as it was."""
        counts = Counter(char_ngrams(text))
        norm = math.sqrt(sum(c * c for c in counts.values())) or 1.0
        cols, vals = [], []
        for gram, count in counts.items():
            col = self.ids.get(gram)
            if col is None:
                if not grow:
                    continue
                col = self.ids[gram] = len(self.ids)
            cols.append(col)
            vals.append(count / norm)
        return cols, vals

    def matrix(self, rows: Sequence[tuple[list[int], list[float]]]) -> Any:
        import numpy as np
        import scipy.sparse as sp

        indptr = np.cumsum([0, *(len(c) for c, _ in rows)])
        indices = np.fromiter((j for c, _ in rows for j in c), dtype=np.int64, count=indptr[-1])
        data = np.fromiter((v for _, v in rows for v in v), dtype=np.float64, count=indptr[-1])
        return sp.csr_matrix((data, indices, indptr), shape=(len(rows), len(self.ids)))


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
        self._columns = _Columns()
        self._matrix: Any = None
        for cid, text in stored:
            self._keys.setdefault(exact_key(text), cid)
            self._ids.append(cid)
        if stored:
            rows = [self._columns.row(t, grow=True) for _, t in stored]
            self._matrix = self._columns.matrix(rows)

    def add(self, cid: str, text: str) -> None:
        import scipy.sparse as sp

        self._keys.setdefault(exact_key(text), cid)
        self._ids.append(cid)
        row = self._columns.matrix([self._columns.row(text, grow=True)])
        if self._matrix is None:
            self._matrix = row
        else:  # new n-grams widened the columns
            self._matrix.resize((self._matrix.shape[0], row.shape[1]))
            self._matrix = sp.vstack([self._matrix, row]).tocsr()

    def find(self, text: str) -> Duplicate | None:
        """The stored claim ``text`` duplicates (exact first, then the nearest), or None."""
        hit = self._keys.get(exact_key(text))
        if hit is not None:
            return Duplicate(hit, "exact", 1.0)
        nearest = self.nearest(text)
        if nearest is not None and nearest[1] >= NEAR_DUPLICATE_THRESHOLD:
            return Duplicate(nearest[0], "near", nearest[1])
        return None

    def nearest(self, text: str) -> tuple[str, float] | None:
        """The stored claim closest to ``text`` and its n-gram cosine, however low (None
        when nothing is stored)."""
        if self._matrix is None:
            return None
        query = self._columns.matrix([self._columns.row(text, grow=False)])
        sims = (self._matrix @ query.T).toarray().ravel()
        best = int(sims.argmax())
        return self._ids[best], float(sims[best])
