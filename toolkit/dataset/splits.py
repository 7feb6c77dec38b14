"""Train / validation / test assignment: leak-free groups, frozen once published.

A benchmark's splits are two promises: nothing in test was seen in train, and a test
claim stays a test claim. This module keeps both.

**Groups (no leaks).** A group is a connected component (union-find) of claims linked
by anything a model could memorize in one split and exploit in another:

* a shared corpus sentence, as source or as evidence (a headline claim whose evidence is
  sentence 4 joins every claim derived from sentence 4);
* the same article, for articles grouped whole (below);
* near-duplicate claims (:mod:`toolkit.neardup`: MinHash + LSH candidates, confirmed by
  exact shingle Jaccard), such as one number changed or a wire sentence repeated;
* near-duplicate articles (a wire story run twice): every claim touching either;
* any near-duplicate pair that the leak check would still find across two splits once
  the groups are dealt (see :func:`assign_splits`).

``validate`` and ``build`` call the same :func:`assign_splits`, so what ``validate``
accepts, ``build`` publishes without a leak.

**Frozen assignment.** Every group's split is recorded, once, in the splits file
(``data/splits.jsonl``: one ``{"key", "split"}`` line per *atom* of a group: each
sentence ``s:<article>:<index|headline>``, each whole article ``a:<article>``, each
cluster of near-duplicate articles ``w:<article>``, and each claim ``c:<claim id>``).
Later builds read it first:

* a component none of whose atoms is recorded is a new group: the sha256 of its key
  (its smallest atom) and the ratios decide its split, and its atoms are recorded;
* a component whose recorded atoms all carry one split keeps it, and its new claims join
  that split;
* a component whose recorded atoms carry two splits (a new claim bridging a train group
  and a test group) keeps every recorded claim where it was, and *withholds* each new
  claim with the reason, never moving anyone.

So a published claim never changes split, and changing the ratios only affects groups
that are new. Whether an article is grouped whole is frozen the same way: an article
first assigned while the corpus held fewer than :data:`ARTICLE_GROUPS_FROM` articles
keeps sentence groups for good; articles first seen in a larger corpus are grouped whole
(``a:`` atoms). Growing the corpus past the threshold therefore re-deals nothing.

**The test split holds only gold claims.** A silver or disputed claim whose group is in
test is withheld (kept with its reason, never silently lost) rather than moved, and enters
test once reviewed; its group stays recorded as test.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.errors import DataError, UsageError
from toolkit.memory import release_freed
from toolkit.records import Article, Claim, Status, sha256_hex

if TYPE_CHECKING:
    from toolkit.neardup import Buckets, ClaimSimilarity

#: The split names, in the order the dataset lists them.
SPLITS: tuple[str, ...] = ("train", "validation", "test")

#: Default ratios of groups (not claims) per split. Evaluation splits get a larger share
#: than FEVER's because the benchmark is small: with 80/10/10 a corpus of a few dozen
#: source sentences can leave test empty. Changing them affects new groups only.
DEFAULT_RATIOS: tuple[float, float, float] = (0.6, 0.2, 0.2)

#: Articles first assigned in a corpus of this many articles or more are grouped whole.
ARTICLE_GROUPS_FROM = 30

#: The file in ``data/`` that records every group's split.
SPLITS_FILE = "splits.jsonl"

#: Reason recorded for a claim kept out of the test split.
WITHHELD_NOT_GOLD = "test group, not gold: enters the test split once reviewed"

_HASH_SPACE = 16**15  # 15 hex digits: exact in a float's 53-bit mantissa


@dataclass(frozen=True)
class SplitConfig:
    """Ratios of train, validation and test, and the article-grouping threshold."""

    ratios: tuple[float, float, float] = DEFAULT_RATIOS
    article_groups_from: int = ARTICLE_GROUPS_FROM
    near_duplicates: bool = True

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
    """Claims per split (sorted by id), withheld claims with their reason, the record.

    ``assignments`` is the splits file after this assignment (recorded atoms plus the
    atoms of new groups); ``changed`` says whether it differs from what was read. (The
    build empties it once it knows there is nothing new to record.)
    """

    splits: dict[str, list[Claim]]
    withheld: list[tuple[Claim, str]] = field(default_factory=list)
    by_article: bool = False
    assignments: Mapping[str, str] = field(default_factory=dict)
    changed: bool = False
    groups: int = 0
    #: Near-duplicate pairs ``(claim id, claim id, score)`` that the leak check's scan
    #: finds across splits in this assignment: empty unless recorded splits keep them
    #: apart (see :func:`assign_splits`); None when near duplicates were not grouped.
    #: The leak check reads them rather than scanning every claim a second time.
    near_pairs: list[tuple[str, str, float]] | None = field(default=None, repr=False)

    def counts(self) -> dict[str, int]:
        return {name: len(claims) for name, claims in self.splits.items()}

    @property
    def conflicts(self) -> list[tuple[Claim, str]]:
        """Withheld claims that bridge groups of two splits (not the not-gold ones)."""
        return [(c, why) for c, why in self.withheld if why != WITHHELD_NOT_GOLD]


# ---------------------------------------------------------------- the splits file (edge)


def read_assignments(path: Path | str) -> Mapping[str, str]:
    """The recorded ``key -> split`` of a splits file (:class:`RecordedSplits`); empty
    when there is none yet."""
    from toolkit.jsonl import iter_jsonl

    path = Path(path)
    if not path.is_file():
        return RecordedSplits({})
    return RecordedSplits.of_items(_recorded_lines(path, iter_jsonl(path)))


def _recorded_lines(path: Path, lines: Iterable[tuple[int, Any]]) -> Iterator[tuple[str, str]]:
    names = {name: name for name in SPLITS}  # one string per split, not one per line
    for lineno, obj in lines:
        ok = isinstance(obj, dict) and set(obj) == {"key", "split"}
        if not ok or not isinstance(obj["key"], str) or obj["split"] not in SPLITS:
            raise DataError(
                f'expected {{"key": str, "split": {"|".join(SPLITS)}}}; the file is written by'
                " `claimkit build`: restore it from version control",
                path=path,
                line=lineno,
            )
        yield obj["key"], names[obj["split"]]


class RecordedSplits(Mapping[str, str]):
    """A splits file as read, compact: the keys sorted in one UTF-8 bytes object, with
    where each ends, and a split code per key.

    A rebuild holds the record it read for the whole build: at a million claims two
    million keys, about 250 MB as a dict of strings, where this takes about 50 MB.
    Iterating gives the keys in sorted order. :meth:`get_many` looks many keys up at
    once, by walking the record and the sorted keys side by side (a build asks for
    every atom and claim it holds); a few keys are found by bisection.
    """

    __slots__ = ("_at", "_blob", "_codes")

    def __init__(self, record: Mapping[str, str]):
        self._fill(iter(sorted(record.items())))

    @classmethod
    def of_items(cls, items: Iterator[tuple[str, str]]) -> RecordedSplits:
        """From ``(key, split)`` pairs, the last of a key winning, as a dict made from
        them. Pairs in key order (as the build writes the file) go straight into the
        record; from the first out of order on (a hand edit), they are gathered in a dict."""
        self = cls.__new__(cls)
        late = self._fill(items)
        if late is None:
            return self
        record = dict(self.sorted_items())
        record[late[0]] = late[1]
        record.update(items)
        return cls(record)

    def _fill(self, items: Iterator[tuple[str, str]]) -> tuple[str, str] | None:
        """Take pairs while their keys ascend; the first pair that does not, or None."""
        import array

        import numpy as np

        blob, ends, codes = bytearray(), array.array("q"), array.array("b")
        code = {name: k for k, name in enumerate(SPLITS)}
        last: str | None = None
        late = None
        for key, split in items:
            if last is not None and key <= last:
                late = (key, split)
                break
            last = key
            blob += key.encode()
            ends.append(len(blob))
            codes.append(code[split])
        self._blob = bytes(blob)
        del blob
        wide = np.int64 if len(self._blob) >= 2**31 else np.int32
        self._at = np.zeros(len(ends) + 1, dtype=wide)
        self._at[1:] = np.frombuffer(ends, dtype=np.int64)
        self._codes = np.frombuffer(codes, dtype=np.int8).copy()
        return late

    def __len__(self) -> int:
        return len(self._codes)

    def _key(self, k: int) -> str:
        return self._blob[self._at[k] : self._at[k + 1]].decode()

    def __iter__(self) -> Iterator[str]:
        blob, at = self._blob, self._at.tolist()
        return (blob[a:b].decode() for a, b in pairwise(at))

    def sorted_items(self) -> Iterator[tuple[str, str]]:
        """``(key, split)``, sorted by key."""
        return zip(self, (SPLITS[c] for c in self._codes.tolist()), strict=True)

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        """The split of each of ``keys`` (None: not recorded)."""
        out: list[str | None] = [None] * len(keys)
        if not len(self):
            return out
        if len(keys) < _BISECT_UNDER:
            for q, key in enumerate(keys):
                k = self._bisect(key)
                if k < len(self) and self._key(k) == key:
                    out[q] = SPLITS[self._codes[k]]
            return out
        items = self.sorted_items()
        current = next(items, None)
        for q in sorted(range(len(keys)), key=keys.__getitem__):
            key = keys[q]
            while current is not None and current[0] < key:
                current = next(items, None)
            if current is None:
                break
            if current[0] == key:
                out[q] = current[1]
        return out

    def _bisect(self, key: str) -> int:
        """The first position whose key is not less than ``key``."""
        lo, hi = 0, len(self)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._key(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def __getitem__(self, key: str) -> str:
        found = self.get_many([key])[0] if isinstance(key, str) else None
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get_many([key])[0] is not None


def write_assignments(path: Path | str, assignments: Mapping[str, str]) -> None:
    """Write the splits file atomically, sorted by key (same record, same bytes)."""
    from toolkit.jsonl import write_jsonl

    items = (assignments.sorted_items() if isinstance(assignments, SplitRecord)
             else ((k, assignments[k]) for k in sorted(assignments)))  # fmt: skip
    write_jsonl(path, ({"key": k, "split": split} for k, split in items))


# ---------------------------------------------------------------- grouping


def split_of(key: str, ratios: tuple[float, float, float]) -> str:
    """The split a group key falls in: a uniform number from its sha256, cut by ratios."""
    u = int(sha256_hex(f"claimkit-split\0{key}")[:15], 16) / _HASH_SPACE
    edge = 0.0
    for name, ratio in zip(SPLITS, ratios, strict=True):
        edge += ratio
        if u < edge:
            return name
    return next(name for name, r in zip(reversed(SPLITS), reversed(ratios), strict=True) if r > 0)


def sentence_keys(claim: Claim) -> tuple[list[str], list[str]]:
    """``(source, evidence)`` sentence atoms of a claim (corpus sentences only)."""
    source = []
    src = claim.source
    if src is not None:
        where = "headline" if src.sentence_index is None else str(src.sentence_index)
        source.append(f"s:{src.article_id}:{where}")
    evidence = [
        f"s:{e.article_id}:{e.sentence_index}" for e in claim.evidence_items if not e.is_external
    ]
    return source, evidence


def touched_articles(claim: Claim) -> list[str]:
    """Every corpus article the claim is derived from or cites, in order, once."""
    out = [claim.source.article_id] if claim.source else []
    out += [e.article_id for e in claim.evidence_items if e.article_id is not None]
    return list(dict.fromkeys(out))


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


class _SparseUnionFind(_UnionFind):
    """A union-find over ints that holds only the ints joined to another: the groups the
    leak scan's pairs merge after dealing are few, where a list over every claim, as
    :class:`_UnionFind` holds, is 40 MB at a million claims. The same roots (the
    smallest of each set)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}  # type: ignore[assignment]

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while root in parent:
            root = parent[root]
        while i != root:  # path compression
            parent[i], i = root, parent[i]
        return root


def _whole_articles(
    claims: Sequence[Claim], recorded: Mapping[str, str], num_articles: int, threshold: int
) -> set[str]:
    """Articles grouped whole: recorded so, or first seen now in a large enough corpus."""
    seen: set[str] = set()
    whole: set[str] = set()
    for key in recorded:
        kind, _, rest = key.partition(":")
        if kind in ("s", "a"):
            aid = rest.split(":", 1)[0]
            seen.add(aid)
            if kind == "a":
                whole.add(aid)
    if num_articles >= threshold:
        for claim in claims:
            whole.update(a for a in touched_articles(claim) if a not in seen)
    return whole


def claim_atoms(claim: Claim, *, whole: set[str], clusters: dict[str, str]) -> list[str]:
    """Every atom of one claim: its sentences, whole articles, article clusters, its id."""
    return [*shared_atoms(claim, whole=whole, clusters=clusters), f"c:{claim.id}"]


def shared_atoms(claim: Claim, *, whole: set[str], clusters: dict[str, str]) -> list[str]:
    """The atoms a claim can share with others: all of :func:`claim_atoms` but its id."""
    source, evidence = sentence_keys(claim)
    atoms = [*source, *evidence]
    for aid in touched_articles(claim):
        if aid in whole:
            atoms.append(f"a:{aid}")
        if aid in clusters:
            atoms.append(f"w:{clusters[aid]}")
    return list(dict.fromkeys(atoms))


def article_clusters(texts: Mapping[str, str]) -> dict[str, str]:
    """article id -> the smallest id of its cluster of near-duplicate articles (2 or more).

    ``texts`` maps article ids to their text.
    """
    from toolkit.neardup import near_duplicate_articles

    ordered = sorted(texts)
    uf = _UnionFind(len(ordered))
    for i, j, _ in near_duplicate_articles([texts[a] for a in ordered]):
        uf.union(i, j)
    members: dict[int, list[str]] = defaultdict(list)
    for i, aid in enumerate(ordered):
        members[uf.find(i)].append(aid)
    return {aid: ids[0] for ids in members.values() if len(ids) > 1 for aid in ids}


def group_claims(
    claims: Sequence[Claim],
    atoms: AtomTable,
    *,
    near: tuple[ClaimSimilarity, Buckets] | None = None,
) -> list[int]:
    """The component (the index of its first claim) of each claim: shared atoms link
    claims, and so do the confirmed pairs of ``near`` (similarity, LSH buckets)."""
    import numpy as np

    uf = _UnionFind(len(claims))
    # Each claim is linked to the first claim holding each of its atoms.
    owner = np.repeat(np.arange(len(claims), dtype=np.int64), np.diff(atoms.at))
    first = np.full(len(atoms.names), len(claims), dtype=np.int64)
    np.minimum.at(first, atoms.flat, owner)
    link = first[atoms.flat]
    apart = np.flatnonzero(link != owner)
    # A block of links at a time: as two lists of Python ints, a million claims' links
    # were 70 MB at once, at the start of grouping's scan.
    for k in range(0, len(apart), _LINKS):
        block = apart[k : k + _LINKS]
        for i, j in zip(owner[block].tolist(), link[block].tolist(), strict=True):
            uf.union(i, j)
    del owner, first, link, apart
    if near is not None:
        from toolkit.neardup import scan_buckets

        similar, buckets = near
        scan_buckets(buckets, similar=similar, class_of=uf.find, screen=similar.screen,
                     on_pair=lambda i, j, _: uf.union(i, j))  # fmt: skip
    return [uf.find(i) for i in range(len(claims))]


#: Links between claims sharing an atom made into Python ints at a time.
_LINKS = 1 << 16


@dataclass
class AtomTable:
    """The atoms each claim can share (:func:`shared_atoms`), as ints: ``names[k]`` is
    atom ``k``, and claim ``i``'s are ``flat[at[i]:at[i + 1]]``. A claim's own ``c:``
    atom is implicit (``c:`` and its id).

    As strings, a tuple per claim and a ``c:`` string each, the atoms were 187 MB at a
    million claims, beside the similarity and the buckets; as ints they take 4 bytes
    each, and the names of the distinct sentences, articles and clusters are
    :class:`AtomNames`.
    """

    names: Sequence[str]
    flat: Any  # int32
    at: Any  # int64, one more than the claims

    @classmethod
    def of(cls, claims: Iterable[Claim], *, whole: set[str], clusters: dict[str, str]) -> AtomTable:
        import array

        import numpy as np

        index: dict[str, int] = {}
        flat, counts = array.array("i"), array.array("q")
        for claim in claims:
            atoms = shared_atoms(claim, whole=whole, clusters=clusters)
            flat.extend(index.setdefault(a, len(index)) for a in atoms)
            counts.append(len(atoms))
        at = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(np.frombuffer(counts, dtype=np.int64), out=at[1:])
        return cls(names=AtomNames(index), flat=np.frombuffer(flat, dtype=np.int32), at=at)

    def ids(self, i: int) -> list[int]:
        """The atoms of claim ``i``, as ints."""
        return self.flat[self.at[i] : self.at[i + 1]].tolist()


class AtomNames(Sequence[str]):
    """Atom names, one after another in one UTF-8 bytes object: a name is decoded when it
    is read. As a list of strings, the 600,000 distinct atoms of a million claims were
    46 MB held through every deal; as bytes and offsets, 17 MB. Deals read few names
    (the smallest of each new group), the record reads each once."""

    __slots__ = ("_at", "_blob")

    def __init__(self, names: Iterable[str]):
        import numpy as np

        encoded = [name.encode() for name in names]
        self._blob = b"".join(encoded)
        self._at = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in encoded], out=self._at[1:])

    def __len__(self) -> int:
        return len(self._at) - 1

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError("atom index out of range")
        return self._blob[self._at[k] : self._at[k + 1]].decode()

    def __iter__(self) -> Iterator[str]:
        blob, at = self._blob, self._at.tolist()
        return (blob[a:b].decode() for a, b in pairwise(at))


# ---------------------------------------------------------------- assignment


def assign_splits(
    claims: Iterable[Claim],
    *,
    num_articles: int,
    config: SplitConfig | None = None,
    recorded: Mapping[str, str] | None = None,
    articles: Sequence[Article] | Mapping[str, str] = (),
) -> SplitResult:
    """Group claims, keep recorded groups where they are, deal new groups by hash.

    ``recorded`` is the splits file's content (empty on the first build); ``articles``
    (records, or a mapping of id to text) are searched for near-duplicate articles (none
    given: no article links).

    **Closing the near-duplicate gap.** Grouping compares each claim of an LSH bucket
    with one representative per group, at most :data:`~toolkit.neardup.MAX_REPRESENTATIVES`
    of them, and near-duplicate similarity is not transitive: a claim can resemble a
    member of another group but not its representative, or a group that found no room
    among the representatives. The leak check then scans the same buckets with the
    splits as classes, where the representatives differ, and could find such a pair
    across two splits: 101 of them at a million generated claims, which failed the
    build. So after dealing, the leak check's own scan runs over the placement; the
    groups of every pair it finds are merged and dealt again, until it finds none (or
    only pairs that recorded splits keep apart, which the leak check then reports).
    After a merge only the buckets holding a claim whose split changed are scanned
    again (the others give the pairs they gave, already joined): at a million claims,
    scanning every bucket after each merge took 215 s. Once those settle, one scan of every
    bucket confirms it, so the result never rests on that shortcut, and its pairs are
    the ones the leak check reports.
    """
    config = config or SplitConfig()
    # Compact (RecordedSplits), as read from the file: a dict of a million claims'
    # record was 250 MB held through the build.
    recorded = recorded if isinstance(recorded, RecordedSplits) else RecordedSplits(recorded or {})
    claims = sorted(claims, key=lambda c: c.id)
    whole = _whole_articles(claims, recorded, num_articles, config.article_groups_from)
    texts = articles if isinstance(articles, Mapping) else {a.id: a.text for a in articles}
    clusters = article_clusters(texts) if config.near_duplicates and texts else {}
    del texts, articles  # only the clusters are needed past here: free the texts
    release_freed()  # and hand their pages back (see toolkit.memory)
    near = None
    if config.near_duplicates and len(claims) > 1:
        from toolkit.neardup import ClaimSimilarity, claim_buckets

        similar = ClaimSimilarity(c.claim for c in claims)  # one text at a time
        near = (similar, claim_buckets([], similar))
        release_freed()  # the bands, and what sorting the buckets took, are given back
    # After the buckets: the LSH bands and the buckets being made are the build's peak,
    # and the atoms need not sit under it.
    atoms = AtomTable.of(claims, whole=whole, clusters=clusters)
    component = group_claims(claims, atoms, near=near)
    release_freed()  # the union-find over every claim, the scan's temporaries
    merged = _SparseUnionFind()  # components joined by pairs across splits
    roots = component
    # What was recorded of each shared atom (by int) and of each claim's own atom: the
    # same for every deal.
    known_atom: list[str | None] = [None] * len(atoms.names)
    known_claim: list[str | None] | None = None
    if recorded:
        known_atom = recorded.get_many(list(atoms.names))
        known_claim = recorded.get_many([f"c:{c.id}" for c in claims])
    dealt = _deal(claims, atoms, roots, (known_atom, known_claim), config)
    release_freed()  # each deal's temporaries, before the scan that follows it
    pairs: list[tuple[int, int, float]] | None = None
    rescan: Buckets | None = None  # None: every bucket
    import numpy as np

    from toolkit.neardup import bucket_pairs_across

    while near is not None:
        similar, buckets = near
        pairs = bucket_pairs_across(similar, buckets if rescan is None else rescan,
                                    dealt.split_at)  # fmt: skip
        release_freed()
        joined = False
        for i, j, _ in pairs:
            if merged.find(roots[i]) != merged.find(roots[j]):
                merged.union(roots[i], roots[j])
                joined = True
        if not joined:
            if rescan is None:
                break
            rescan = None  # settled: one scan of every bucket confirms it, and its pairs
            continue  # are the ones the leak check reports
        # A bucket none of whose claims moved scans as before: its pairs were joined.
        before = dealt.split_at
        del dealt  # its lists (a million entries each) need not live beside the next
        roots = [merged.find(c) for c in component]
        dealt = _deal(claims, atoms, roots, (known_atom, known_claim), config)
        release_freed()
        moved = np.fromiter((a != b for a, b in zip(before, dealt.split_at, strict=True)),
                            dtype=bool, count=len(claims))  # fmt: skip
        rescan = buckets.touching(moved)
    # The record of every atom (two million entries at a million claims) is made when
    # written, for the final placement (SplitRecord).
    near = similar = buckets = rescan = None
    release_freed()
    assignments = SplitRecord(claims, atoms, roots, dealt.names, recorded,
                              (known_atom, known_claim or [None] * len(claims)))
    return SplitResult(
        splits=dealt.splits,
        withheld=dealt.withheld,
        by_article=num_articles >= config.article_groups_from,
        assignments=assignments,
        changed=assignments.changed,
        groups=dealt.groups,
        near_pairs=None if pairs is None else [(claims[i].id, claims[j].id, score)
                                               for i, j, score in pairs],
    )  # fmt: skip


@dataclass
class _Dealt:
    """One placement of grouped claims: what :func:`assign_splits` returns but the record
    of atoms (:class:`SplitRecord` makes it from ``names``), plus the split of each claim by
    index (None: withheld)."""

    splits: dict[str, list[Claim]]
    withheld: list[tuple[Claim, str]]
    names: dict[int, str]  # root -> the split of its group, for groups of one split
    groups: int
    split_at: list[str | None]


def _deal(
    claims: Sequence[Claim],
    atoms: AtomTable,
    roots: Sequence[int],
    known: tuple[list[str | None], list[str | None] | None],
    config: SplitConfig,
) -> _Dealt:
    """Place each group (claims of one root): its recorded split, or a new one by hash.
    ``known``: the recorded split of each shared atom (by int) and of each claim's own
    atom (None: nothing recorded)."""
    members = _members(roots)
    known_atom, known_claim = known

    splits: dict[str, list[Claim]] = {name: [] for name in SPLITS}
    withheld: list[tuple[Claim, str]] = []
    names: dict[int, str] = {}
    split_at: list[str | None] = [None] * len(claims)
    groups = 0
    for root, idx in members:
        groups += 1
        keys = {a for i in idx for a in atoms.ids(i)}
        found = {known_atom[a] for a in keys} - {None}
        if known_claim is not None:
            found.update(known_claim[i] for i in idx if known_claim[i] is not None)
        recorded_in = sorted(found, key=SPLITS.index)
        if len(recorded_in) > 1:
            for i in idx:
                mine = known_claim[i] if known_claim is not None else None
                if mine is None:
                    withheld.append((claims[i], _bridge_reason(recorded_in)))
                else:
                    split_at[i] = _place(claims[i], mine, splits, withheld)
            continue
        if recorded_in:
            name = recorded_in[0]
        else:
            # The group's key: its smallest shared atom, or its smallest claim atom.
            key = (min(atoms.names[a] for a in keys) if keys
                   else min(f"c:{claims[i].id}" for i in idx))  # fmt: skip
            name = split_of(key, config.ratios)
        names[root] = name
        for i in idx:
            split_at[i] = _place(claims[i], name, splits, withheld)
    for rows in splits.values():
        rows.sort(key=lambda c: c.id)
    withheld.sort(key=lambda cw: cw[0].id)
    return _Dealt(splits, withheld, names, groups, split_at)


def _members(roots: Sequence[int]) -> Iterator[tuple[int, list[int]]]:
    """``(root, claim indexes)`` of each group, ascending; one group's list at a time
    (a dict of every group's list held an int object per claim, 40 MB at a million)."""
    import numpy as np

    if not len(roots):
        return
    by_root = np.fromiter(roots, dtype=np.int32, count=len(roots))  # claims < 2**31
    order = np.argsort(by_root, kind="stable").astype(np.int32)
    by_root = by_root[order]
    cuts = np.flatnonzero(np.r_[True, by_root[1:] != by_root[:-1]])
    firsts = by_root[cuts].tolist()
    del by_root  # only the order and the cuts are held while the groups are dealt
    cuts = [*cuts.tolist(), len(order)]
    for k, root in enumerate(firsts):
        yield root, order[cuts[k] : cuts[k + 1]].tolist()


#: Fewer keys than this are looked up in :class:`RecordedSplits` one by one, by
#: bisection; more, by one walk through the whole record.
_BISECT_UNDER = 4096


class SplitRecord(Mapping[str, str]):
    """The splits file after a placement: the recorded atoms, and every atom of a group
    of one split (``names``: root -> split) recorded with that split. A group bridging
    two recorded splits adds nothing: its recorded atoms keep their splits, its new
    claims are withheld.

    Made when asked for, not held: at a million claims the record is two million
    entries, about 150 MB as a dict with a ``c:`` string per claim, which sat under the
    leak check and the writing of every row, where the build needs it only to say
    whether it changed (:attr:`changed`) and to write it, in key order, at the end
    (:meth:`sorted_items`). Looking an entry up makes the dict (small data, tests).
    ``claims`` are sorted by id, as :func:`assign_splits` holds them. ``known``, if
    given, is what ``recorded`` says of each atom and of each claim's ``c:`` key (None:
    nothing), as :func:`assign_splits` looked it up for the deals.
    """

    def __init__(self, claims: Sequence[Claim], atoms: AtomTable, roots: Sequence[int],
                 names: dict[int, str], recorded: Mapping[str, str],
                 known: tuple[list[str | None], list[str | None]] | None = None):  # fmt: skip
        self._claims, self._atoms, self._roots = claims, atoms, roots
        self._names, self._known = names, known
        self._recorded = (recorded if isinstance(recorded, RecordedSplits)
                          else RecordedSplits(recorded))  # fmt: skip
        self._dict: dict[str, str] | None = None

    def _new(self) -> Iterator[tuple[str, str]]:
        """The entries the placement adds, claim by claim (an atom once per claim)."""
        names, atoms = self._names, self._atoms
        for i, root in enumerate(self._roots):
            name = names.get(root)
            if name is not None:
                for a in atoms.ids(i):
                    yield atoms.names[a], name
                yield f"c:{self._claims[i].id}", name

    def _final(self) -> tuple[list[str | None], list[str | None]]:
        """The split each atom and each claim's ``c:`` key ends with (None: none), the
        last claim's where several give one, as a dict made claim by claim keeps."""
        atoms, names = self._atoms, self._names
        split_of: list[str | None] = [None] * len(atoms.names)
        claimed: list[str | None] = [None] * len(self._claims)
        for i, root in enumerate(self._roots):
            name = names.get(root)
            if name is not None:
                for a in atoms.ids(i):
                    split_of[a] = name
                claimed[i] = name
        return split_of, claimed

    @property
    def changed(self) -> bool:
        """Whether the record differs from the one read: an entry it adds is new, or
        says another split (what a new entry says wins)."""
        split_of, claimed = self._final()
        if self._known is None:
            recorded = self._recorded
            self._known = (recorded.get_many(list(self._atoms.names)),
                           recorded.get_many([f"c:{c.id}" for c in self._claims]))  # fmt: skip
        atom_was, claim_was = self._known
        if any(s is not None and s != was for s, was in zip(split_of, atom_was, strict=True)):
            return True
        return any(claim_was[i] != claimed[i] for i in self._last_of_each_id(claimed))

    def _whole(self) -> dict[str, str]:
        if self._dict is None:
            self._dict = {**dict(self._recorded.sorted_items()), **dict(self._new())}
        return self._dict

    def __getitem__(self, key: str) -> str:
        return self._whole()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def sorted_items(self) -> Iterator[tuple[str, str]]:
        """``(key, split)`` of every entry, sorted by key, as the file lists them.

        Three sorted streams merged, without the whole record in memory: the recorded
        keys (not new), the atoms (each with the split its last claim gave it), and the
        claims' ``c:`` keys in claim order, which is id order.
        """
        if self._dict is not None:
            yield from ((k, self._dict[k]) for k in sorted(self._dict))
            return
        atoms = self._atoms
        split_of, claimed = self._final()
        atom_order = sorted((a for a, name in enumerate(split_of) if name is not None),
                            key=atoms.names.__getitem__)  # fmt: skip
        new_atoms = ((atoms.names[a], 0, split_of[a]) for a in atom_order)
        old = ((k, 1, split) for k, split in self._recorded.sorted_items())
        last: str | None = None
        for key, _, name in heapq.merge(new_atoms, self._claim_entries(claimed), old):
            if key != last:  # a new entry comes before a recorded one of its key
                yield key, name
                last = key

    def _claim_entries(self, claimed: list[str | None]) -> Iterator[tuple[str, int, str]]:
        """``(c:<id>, 0, split)`` of each claim with a split, in id order; of claims
        sharing an id, the last one's (as a dict made claim by claim keeps)."""
        for i in self._last_of_each_id(claimed):
            yield f"c:{self._claims[i].id}", 0, claimed[i]

    def _last_of_each_id(self, claimed: list[str | None]) -> Iterator[int]:
        """Each claim with a split (``claimed``), in order; of several with one id, the
        last that has one (whose split a dict made claim by claim ends with)."""
        claims = self._claims
        last = None
        for i, name in enumerate(claimed):
            if name is not None:
                last = i
            if i + 1 == len(claims) or claims[i + 1].id != claims[i].id:  # the id's last
                if last is not None:
                    yield last
                last = None


def _place(claim: Claim, name: str, splits: dict[str, list[Claim]],
           withheld: list[tuple[Claim, str]]) -> str | None:  # fmt: skip
    """Put ``claim`` in split ``name``, or withhold it there; its split, or None."""
    if name == "test" and claim.status != Status.GOLD.value:
        withheld.append((claim, WITHHELD_NOT_GOLD))
        return None
    splits[name].append(claim)
    return name


def _bridge_reason(known: Sequence[str]) -> str:
    return (
        f"touches groups already in {' and '.join(known)}: withheld rather than moved"
        " (it would join two splits); reword it, or drop the link to one group"
    )


__all__ = [
    "ARTICLE_GROUPS_FROM",
    "DEFAULT_RATIOS",
    "SPLITS",
    "SPLITS_FILE",
    "WITHHELD_NOT_GOLD",
    "SplitConfig",
    "SplitRecord",
    "SplitResult",
    "assign_splits",
    "read_assignments",
    "split_of",
    "write_assignments",
]
