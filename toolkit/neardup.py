"""Near duplicates in sub-quadratic time: MinHash + LSH (``datasketch``) to find
candidates, the exact Jaccard of shingle sets to confirm them.

Why: comparing every pair of claims took 75 s at 20,000 claims and grew with the square,
so large datasets skipped the check, and the splitter and ``validate`` disagreed about
what leaks. Here each text gets a MinHash signature of its character shingles
(datasketch's, computed for all texts at once), and the bands ``datasketch.MinHashLSH``
derives from a Jaccard threshold file every text into one bucket per band. Only texts
that share a bucket are compared, so the work grows with the number of texts, not their
pairs.

**Claims.** Shingles are the 4-byte windows of the UTF-8 :func:`~toolkit.records.claim_key`
(case-folded, one space); two claims are near duplicates when the Jaccard similarity of
their shingle sets is at least :data:`CLAIM_THRESHOLD` (0.6). LSH proposes candidates at
a lower threshold (:data:`CLAIM_LSH_THRESHOLD`, 0.5) and the exact Jaccard confirms them.
Why 0.6: on the seed claims plus 545 claims extracted from the 50 real-news development
articles, every pair that :mod:`toolkit.dedupe` calls a near duplicate (cosine of
character 3-5-gram counts >= 0.85, the contribution-time rule) has shingle Jaccard >= 0.608,
and only 27 pairs under that cosine reach 0.6: for splitting, erring towards "same group"
costs little. The exact Jaccard is a few microseconds per pair where the cosine's
vectorizer took 350 microseconds per claim, the larger part of the whole check.
(``tests/test_neardup.py`` checks that LSH connects exactly the claims an exhaustive scan
connects, on the seed claims and copies with one number or word changed.)

**Articles.** Two articles are near duplicates (a wire story run by two outlets, the
same report with a changed paragraph) when the Jaccard similarity of their word 5-gram
sets is at least :data:`ARTICLE_THRESHOLD` (0.8); LSH proposes, the exact Jaccard of the
shingle sets confirms.

**Bounded work per bucket.** A bucket of many mutual near duplicates (a story repeated by
a hundred outlets) would still cost the square of its size if every pair were
compared. The callers only need to know which texts end up connected, or which pairs
cross a boundary, so each bucket keeps one representative per class seen so far (a
connected component, or a split) and a new member is compared with those
representatives only, at most :data:`MAX_REPRESENTATIVES` of them. The result is the
same on every run (buckets and members are visited in sorted order). The price: since
near duplication is not transitive, a pair whose members are no representatives can be
missed; :func:`toolkit.dataset.splits.assign_splits` closes that gap for the splits.
"""

from __future__ import annotations

import operator
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice, pairwise
from typing import Any

from toolkit.memory import release_freed
from toolkit.records import claim_key

#: MinHash permutations per signature: 64 keeps signatures cheap; LSH banding needs no more.
NUM_PERM = 64

#: Jaccard similarity of 4-byte shingle sets at or above which two claims are near
#: duplicates (see the module docstring for how it was set).
CLAIM_THRESHOLD = 0.6

#: LSH Jaccard threshold for claim candidates, under :data:`CLAIM_THRESHOLD` for recall.
CLAIM_LSH_THRESHOLD = 0.5

#: Word 5-gram Jaccard at or above which two articles are near duplicates.
ARTICLE_THRESHOLD = 0.8

#: LSH threshold for article candidates (under :data:`ARTICLE_THRESHOLD`, for recall).
ARTICLE_LSH_THRESHOLD = 0.6

#: Histogram bins per claim for screening candidate pairs (see ``ClaimSimilarity``).
SCREEN_BINS = 128
_SCREEN_BITS = 7  # log2 of SCREEN_BINS

#: Histogram bins (as bits: 256) per compared article, for screening (see
#: ``near_duplicate_articles``).
ARTICLE_SCREEN_BITS = 8

#: Representatives kept per bucket (see "Bounded work per bucket").
MAX_REPRESENTATIVES = 32

#: Claims whose shingles :class:`ClaimSimilarity` keeps at a time, for the comparisons
#: of the pairs its screen passes (a few hundred claims per chunk of buckets).
SHINGLE_CACHE = 1 << 15  # about 16 MB at a hundred shingles a claim

#: Fewer claims than this have their shingles cut one by one rather than as a block
#: (about 60 µs to set up a block, 13 µs to cut one claim alone).
_PREFETCH_ALONE = 8


#: datasketch's ``MinHash(num_perm=NUM_PERM, scheme="affine32").permutations`` (the
#: scheme pinned: a later default must not change which pairs are found; its
#: seed, 1), and the bands ``MinHashLSH`` derives at NUM_PERM for the two thresholds
#: used here, written out: importing datasketch imports scipy (56 MB, at the build's
#: peak, and half a second), for 128 numbers and two band shapes. Tests check them
#: against datasketch; another threshold still asks it.
_PERMUTATION_A = (
    3582191691, 4270784983, 1892572953, 3715639441, 982527, 1100580627, 2597016983,
    4286725387, 1260623519, 2027988865, 793182497, 3406602499, 1599963033, 3332127887,
    2968344027, 1458107385, 3408206605, 3741252147, 333433189, 2974788137, 3600853501,
    2690998987, 1591023397, 210867113, 1756231447, 3809231353, 3248004053, 1972053305,
    235257659, 295613213, 1464304741, 3555906697, 3584620975, 3927359407, 504141779,
    3699672547, 1205914607, 3772079037, 1701678785, 2391345325, 2583376155, 1855172563,
    4022336275, 2600667151, 2692293247, 797152891, 1652038701, 155929203, 3233158147,
    3135500033, 3389645433, 2827350435, 730524177, 2831271345, 335478043, 2345481447,
    1458832223, 508895189, 3248219379, 1464824721, 844792893, 799426703, 3617286919,
    1474497421,
)
_PERMUTATION_B = (
    4114104213, 1768615473, 2289927481, 848474627, 2971589572, 1243949848, 1355129329,
    610401323, 2948499020, 3364310042, 3584689972, 1771840848, 78547565, 146764659,
    3221845289, 2680188370, 4247126031, 2837408832, 3213347012, 1282027545, 1204497775,
    1916133090, 3389928919, 954017671, 443352346, 315096729, 1923688040, 2015364118,
    3902387977, 413056707, 1261063143, 3879945342, 1235985687, 513207677, 558468452,
    2253996187, 83180453, 359158073, 2915576403, 3937889446, 908935816, 3910346016,
    1140514210, 1283895050, 2111290647, 2509932175, 229190383, 2430573655, 2465816345,
    2636844999, 630194419, 4108289372, 2531048010, 1120896190, 3005439278, 992203680,
    439523032, 2291143831, 1778356919, 4079953217, 2982425969, 2117674829, 1778886403,
    2321861504,
)
_BANDS = {0.5: (14, 4), 0.6: (10, 6)}  # threshold: (bands, rows per band)

_BLOCK = 1 << 20  # shingle hashes per block of signature work: 4 MB per temporary


def _hash(data: bytes) -> int:
    """A fast, process-independent 32-bit hash of one shingle (Python's hash() is salted)."""
    return zlib.crc32(data)


def claim_shingles(text: str) -> Any:
    """The 4-byte windows of the claim's normalized UTF-8 text, each as one 32-bit int,
    sorted and distinct (one text of :func:`claim_shingle_sets`)."""
    return claim_shingle_sets([text])[0]


def claim_shingle_sets(texts: Sequence[str]) -> tuple[Any, Any]:
    """The shingles of every claim: one flat uint32 array and the offsets of each claim's
    (``len(texts) + 1`` of them), each claim's sorted and distinct.

    A shingle is a window of 4 bytes of the normalized UTF-8 text, which *is* a 32-bit
    number: no hash, no collision. A text is padded with three zero bytes, so it has as
    many windows as bytes (a text of under 4 bytes still has some).
    """
    import numpy as np

    keys, at = claim_keys(texts)
    # Filled in place: there are at most as many distinct shingles as windows. Blocks
    # joined at the end held every shingle twice at once.
    flat = np.empty(len(keys), dtype=np.uint32)
    counts = np.zeros(len(at) - 1, dtype=np.int64)
    filled = 0
    for start, end, shingles, edges in _shingle_blocks(keys, at):
        counts[start:end] = np.diff(edges)
        flat[filled : filled + len(shingles)] = shingles
        filled += len(shingles)
    offsets = np.zeros(len(at), dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return flat[:filled], offsets


#: Texts normalized at a time by :func:`claim_keys`.
_KEY_CHUNK = 1 << 16


def claim_keys(texts: Iterable[str]) -> tuple[Any, Any]:
    """Every claim's normalized UTF-8 text (:func:`~toolkit.records.claim_key`), as one
    flat uint8 array and the offsets of each text's bytes (one more than the texts).

    Normalized a chunk of texts at a time, from any iterable: a bytes object per claim
    costs 33 bytes beyond its text, and a list of a million of them sat beside their
    joined copy; the build passes texts it reads from the claims file one by one.
    """
    import numpy as np

    texts = iter(texts)
    chunks, lengths = [], []
    while keys := [claim_key(t).encode() for t in islice(texts, _KEY_CHUNK)]:
        lengths.append(np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)))
        chunks.append(np.frombuffer(b"".join(keys), dtype=np.uint8))
    n = sum(map(len, lengths))
    at = np.zeros(n + 1, dtype=np.int64)
    if n:
        np.cumsum(np.concatenate(lengths), out=at[1:])
    flat = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.uint8)
    return flat, at


#: Bytes of claim text cut into shingles at a time: each byte takes about 50 bytes of
#: temporaries (its window, owner and sort key), so a block takes about 13 MB.
_SHINGLE_BLOCK = 1 << 18


def _shingle_blocks(keys: Any, at: Any) -> Iterator[tuple[int, int, Any, Any]]:
    """``(start, end, shingles, offsets)`` for blocks of about :data:`_SHINGLE_BLOCK`
    bytes of ``keys`` (normalized claims, as :func:`claim_keys` gives them): the
    shingles of claims ``start`` to ``end`` as :func:`claim_shingle_sets` gives them,
    with offsets from 0 in the block.

    Every text's windows are cut and sorted at once, as ``(claim, window)`` 64-bit keys:
    cut one claim at a time, the shingles took 2.3 to 2.9 s at 80,823 claims, 0.7 s
    this way. A block at a time, so a caller that needs each claim's shingles only
    once (:class:`ClaimSimilarity`) never holds all of them.
    """
    import numpy as np

    for start, end in _blocks(at, size=_SHINGLE_BLOCK):
        lo, hi = int(at[start]), int(at[end])
        lengths = np.diff(at[start : end + 1])
        owner = np.repeat(np.arange(end - start, dtype=np.int64), lengths)
        # Each text followed by three zero bytes: a window at its last bytes is padded.
        where = np.arange(hi - lo, dtype=np.int64) + 3 * owner
        data = np.zeros(hi - lo + 3 * (end - start), dtype=np.uint32)
        data[where] = keys[lo:hi]
        grams = (data[where] << 24) | (data[where + 1] << 16) | (data[where + 2] << 8)
        grams |= data[where + 3]
        pairs = np.sort((owner.astype(np.uint64) << np.uint64(32)) | grams)
        pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]][: len(pairs)]]  # np.unique: slower
        counts = np.bincount((pairs >> np.uint64(32)).astype(np.int64), minlength=end - start)
        edges = np.zeros(end - start + 1, dtype=np.int64)
        np.cumsum(counts, out=edges[1:])
        yield start, end, (pairs & np.uint64(0xFFFFFFFF)).astype(np.uint32), edges


def _key_shingles(key: Any) -> Any:
    """The shingles of one normalized claim (a uint8 array of its UTF-8 bytes), sorted and
    distinct: the same windows as :func:`_shingle_blocks` cuts."""
    import numpy as np

    n = len(key)
    data = np.zeros(n + 3, dtype=np.uint32)
    data[:n] = key
    grams = (data[:n] << 24) | (data[1 : n + 1] << 16) | (data[2 : n + 2] << 8) | data[3:]
    grams.sort()
    return grams[np.r_[True, grams[1:] != grams[:-1]][:n]]  # np.unique: slower


def article_shingles(text: str, *, width: int = 5) -> set[bytes]:
    """The word ``width``-grams of an article's normalized text."""
    words = claim_key(text).split()
    if len(words) <= width:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + width]).encode() for i in range(len(words) - width + 1)}


def article_shingle_hashes(texts: Sequence[str], *, width: int = 5) -> tuple[Any, Any]:
    """The 32-bit hash (:func:`_hash`) of every word ``width``-gram of each text, as
    one flat uint32 array and the offsets of each text's (``len(texts) + 1``).

    The hashes :func:`lsh_buckets` takes of :func:`article_shingles`, and so the same
    MinHash signatures, without building the sets: the normalized text has one space
    between words, so each shingle is a slice of its UTF-8 bytes, hashed in place. A
    shingle that repeats is hashed each time; a minimum does not change for it. The
    sets took 2.5 s at 10,000 articles, for the few pairs compared exactly.
    """
    import numpy as np

    arrays = []
    for text in texts:
        data = claim_key(text).encode()
        # one space (0x20, never a byte of a multi-byte character) between words
        spaces = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 32)
        if len(spaces) < width:  # `width` words or fewer: the text is the one shingle
            arrays.append(np.array([_hash(data)], dtype=np.uint32))
            continue
        view = memoryview(data)
        starts = [0, *(spaces[: len(spaces) - width + 1] + 1).tolist()]
        ends = [*spaces[width - 1 :].tolist(), len(data)]
        hashes = [_hash(view[a:b]) for a, b in zip(starts, ends, strict=True)]
        arrays.append(np.array(hashes, dtype=np.uint32))
    return _flatten(arrays)


def lsh_buckets(
    shingle_sets: Sequence[Any],
    *,
    threshold: float,
    hashfunc: Callable[[Any], int] = _hash,
) -> Buckets:
    """Buckets of two or more indexes whose MinHash signatures agree on a whole LSH band.

    Sorted: each bucket ascending, buckets by their members, so callers iterate them in
    the same order on every run.
    """
    import numpy as np

    flat, offsets = _flatten(
        [np.fromiter(map(hashfunc, s), dtype=np.uint32, count=len(s)) for s in shingle_sets]
    )
    return band_buckets(minhash_signatures(flat, offsets), threshold=threshold)


def _flatten(arrays: Sequence[Any]) -> tuple[Any, Any]:
    """One flat uint32 array of ``arrays`` and the offsets of each (``len + 1`` of them)."""
    import numpy as np

    offsets = np.zeros(len(arrays) + 1, dtype=np.int64)
    np.cumsum([len(a) for a in arrays], out=offsets[1:])
    flat = np.concatenate(arrays) if len(arrays) else np.zeros(0, dtype=np.uint32)
    return flat.astype(np.uint32, copy=False), offsets


def _blocks(offsets: Any, *, size: int = _BLOCK) -> Iterator[tuple[int, int]]:
    """``(first, end)`` ranges of sets holding about ``size`` items together (a set
    larger than that alone), so work over all sets keeps its temporaries bounded."""
    import numpy as np

    start, n = 0, len(offsets) - 1
    while start < n:
        end = int(np.searchsorted(offsets, offsets[start] + size, "right")) - 1
        end = min(max(start + 1, end), n)
        yield start, end
        start = end


def minhash_signatures(hashes: Any, offsets: Any, *, columns: range | None = None) -> Any:
    """The MinHash signature (``NUM_PERM`` uint32) of each set, its 32-bit shingle hashes
    at ``hashes[offsets[i]:offsets[i + 1]]``: the values ``datasketch.MinHash`` (scheme
    affine32) computes, a row per set; only the permutations ``columns``, if given.

    Why not ``MinHash`` itself: it takes one set per Python call, about 100 µs for a
    claim, which made MinHash half of ``validate``'s and ``build``'s near-duplicate work
    at 80,000 claims. Here every hash is mixed once and each permutation is one pass over
    all sets. The permutations are datasketch's own (same seed), and a test checks the
    rows against ``MinHash.hashvalues``, so the buckets, and the splits, do not change.
    """
    import numpy as np

    a = np.array(_PERMUTATION_A, dtype=np.uint32)
    b = np.array(_PERMUTATION_B, dtype=np.uint32)
    hashes = np.asarray(hashes, dtype=np.uint32)
    offsets = np.asarray(offsets, dtype=np.int64)
    columns = range(NUM_PERM) if columns is None else columns
    out = np.full((len(offsets) - 1, len(columns)), np.iinfo(np.uint32).max, dtype=np.uint32)
    for start, end in _blocks(offsets):
        edges = offsets[start : end + 1]
        filled = np.flatnonzero(np.diff(edges))  # an empty set keeps the all-maximum row
        if len(filled):
            # Mixed a block at a time: mixing all hashes at once made several temporary
            # copies of every one of them (about 100 per claim).
            block = hashes[edges[0] : edges[-1]]
            block = block ^ (block >> np.uint32(16))  # MurmurHash3's 32-bit finalizer, as
            block = block * np.uint32(0x85EBCA6B)  # datasketch pre-mixes
            block = block ^ (block >> np.uint32(13))
            block = block * np.uint32(0xC2B2AE35)
            block = block ^ (block >> np.uint32(16))
            cuts = edges[filled] - edges[0]
            for c, k in enumerate(columns):  # uint32 arithmetic wraps: mod 2**32
                out[start + filled, c] = np.minimum.reduceat(block * a[k] + b[k], cuts)
    return out


def band_buckets(signatures: Any, *, threshold: float) -> Buckets:
    """Rows of ``signatures`` equal on a whole band, two or more per bucket, sorted.

    The bands are those ``datasketch.MinHashLSH`` derives for ``threshold``; rows that
    agree on a band share its bucket there, exactly as its hash tables file them.
    """
    return bucket_bands([signatures[:, start:end] for start, end in lsh_bands(threshold)])


def lsh_bands(threshold: float) -> list[tuple[int, int]]:
    """The ``(start, end)`` signature columns of each band ``datasketch.MinHashLSH``
    derives for ``threshold`` (with :data:`NUM_PERM` permutations)."""
    if threshold in _BANDS:
        bands, rows = _BANDS[threshold]
        return [(k * rows, (k + 1) * rows) for k in range(bands)]
    from datasketch import MinHashLSH

    return list(MinHashLSH(threshold=threshold, num_perm=NUM_PERM).hashranges)


def bucket_bands(bands: Iterable[Any]) -> Buckets:
    """Rows equal on a whole band (``bands``: one ``(rows, width)`` array per band), two or
    more per bucket, sorted: each bucket ascending, buckets by their members, as a sorted
    list of tuples would be.

    A list is emptied as its bands are used (and an iterator can make each band as it
    is asked for), so a band the caller does not hold elsewhere is freed once its
    buckets are made (at a million claims the signatures are 224 MB).
    """
    import numpy as np

    parts: list[Any] = []
    sizes: list[Any] = []
    for band in _drained(bands):
        n = len(band)
        if n < 2:
            continue
        # A band's uint32s read as uint64 columns (padded to an even width) and sorted
        # with the row as the last key: equal bands are runs, rows ascending in each.
        # np.unique over the band as one void value sorted 3x slower.
        if band.shape[1] % 2:
            band = np.concatenate([band, np.zeros((n, 1), dtype=band.dtype)], axis=1)
        columns = np.ascontiguousarray(band).view(np.uint64)
        del band
        order = np.lexsort((np.arange(n), *columns.T[::-1]))
        keys = columns[order]
        del columns
        starts = np.flatnonzero(np.r_[True, (keys[1:] != keys[:-1]).any(axis=1)])
        del keys
        runs = np.diff(np.r_[starts, n])
        shared = runs > 1  # most rows are alone in a band
        firsts, counts = starts[shared], runs[shared]
        parts.append(order[np.repeat(firsts, counts) + _run_offsets(counts)].astype(np.int32))
        sizes.append(counts.astype(np.int32))
        del order
    if not parts:
        return Buckets.of([])
    release_freed()  # the bands' sorts, before the buckets are sorted beside their parts
    at = _offsets(np.concatenate(sizes))
    members = np.empty(int(at[-1]), dtype=np.int32)
    done = 0
    for part in _drained(parts):  # each band's members freed as they are copied
        members[done : done + len(part)] = part
        done += len(part)
    return Buckets(members, at).sorted_unique()


def _drained(items: Iterable[Any]) -> Iterator[Any]:
    """The items of a list, each taken out of it as it is given; of another iterable,
    as it gives them."""
    if isinstance(items, list):
        while items:
            yield items.pop(0)
    else:
        yield from items


def _offsets(sizes: Any) -> Any:
    """``0`` and the running sums of ``sizes``: where each of them starts, and the end."""
    import numpy as np

    at = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=at[1:])
    return at


#: Leading members :meth:`Buckets.sorted_unique` sorts by in numpy; buckets that agree on
#: them and are longer are ordered as tuples.
_SORT_HEAD = 4

#: Buckets turned into lists at a time when iterating :class:`Buckets`.
_ITER_CHUNK = 4096

#: Buckets gathered at a time by :meth:`Buckets.take`.
_TAKE_BLOCK = 1 << 16


class Buckets:
    """LSH buckets as two arrays: the members of every bucket one after another
    (``members``, int32) and where each bucket starts (``at``, with the end last).

    A sequence of buckets (``buckets[b]`` is a list of ints; a slice is a view). Held as
    a sorted list of tuples, a million claims' buckets were about 190 MB of Python
    objects held through the whole grouping and every deal of the splits; as arrays
    they are under 40 MB, and a bucket is made a list only while it is scanned.
    """

    __slots__ = ("at", "members")

    def __init__(self, members: Any, at: Any):
        self.members, self.at = members, at

    @classmethod
    def of(cls, buckets: Iterable[Sequence[int]]) -> Buckets:
        """Buckets of any iterable of int sequences, in the order given."""
        import numpy as np

        if isinstance(buckets, Buckets):
            return buckets
        lists = [list(b) for b in buckets]
        at = _offsets([len(b) for b in lists])
        members = np.fromiter((i for b in lists for i in b), dtype=np.int32, count=int(at[-1]))
        return cls(members, at)

    def __len__(self) -> int:
        return len(self.at) - 1

    def sizes(self) -> Any:
        import numpy as np

        return np.diff(self.at)

    def __getitem__(self, b: Any) -> Any:
        if isinstance(b, slice):
            start, stop, step = b.indices(len(self))
            if step != 1:
                raise ValueError("Buckets slices take every bucket of a range")
            stop = max(start, stop)
            at = self.at[start : stop + 1]
            return Buckets(self.members[at[0] : at[-1]], at - at[0])
        b = operator.index(b)
        if b < 0:
            b += len(self)
        if not 0 <= b < len(self):
            raise IndexError("bucket index out of range")
        return self.members[self.at[b] : self.at[b + 1]].tolist()

    def __iter__(self) -> Iterator[list[int]]:
        # A chunk's members made one list at a time: one numpy call per bucket took
        # longer than the scan of most buckets.
        for first in range(0, len(self), _ITER_CHUNK):
            at = self.at[first : first + _ITER_CHUNK + 1]
            flat = self.members[at[0] : at[-1]].tolist()
            cuts = (at - at[0]).tolist()
            for a, b in pairwise(cuts):
                yield flat[a:b]

    def tolist(self) -> list[tuple[int, ...]]:
        return [tuple(b) for b in self]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Buckets):
            import numpy as np

            return np.array_equal(self.at, other.at) and np.array_equal(self.members,
                                                                        other.members)
        if isinstance(other, list | tuple):
            return self.tolist() == [tuple(b) for b in other]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self.tolist())

    def select(self, keep: Any) -> Buckets:
        """The buckets where the bool array ``keep`` (one per bucket) is true, in order."""
        import numpy as np

        which = np.flatnonzero(keep)
        return self.take(which)

    def take(self, which: Any, *, sizes: Any = None) -> Buckets:
        """The buckets ``which`` (an int array of bucket numbers), in that order.
        ``sizes``: every bucket's size, if the caller has them already."""
        import numpy as np

        sizes = (self.sizes() if sizes is None else sizes)[which]
        at = _offsets(sizes)
        members = np.empty(int(at[-1]), dtype=self.members.dtype)
        # Gathered a block of buckets at a time: the index of every member at once is
        # three int64 temporaries of all members (240 MB for a million claims' buckets).
        for first in range(0, len(which), _TAKE_BLOCK):
            end = min(first + _TAKE_BLOCK, len(which))
            got = sizes[first:end]
            index = self.at[which[first:end]].repeat(got) + _run_offsets(got)
            members[at[first] : at[end]] = self.members[index]
        return Buckets(members, at)

    def _count(self, flags: Any) -> Any:
        """How many of each bucket's members have ``flags`` (a bool per member) true.

        Summed over each bucket's run of members: an array naming every member's bucket
        was 60 MB at a million claims, at the deals' peak."""
        import numpy as np

        sizes = self.sizes()
        if len(sizes) and (sizes > 0).all():
            return np.add.reduceat(flags.astype(np.int32), self.at[:-1])
        # reduceat cannot sum an empty run (LSH makes none; a caller's list can have them)
        owner = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)
        return np.bincount(owner[flags], minlength=len(sizes))

    def touching(self, hit: Any) -> Buckets:
        """The buckets holding an item ``i`` with ``hit[i]`` true (a bool array); with no
        member at all, these buckets themselves."""
        if not len(self.members):
            return self
        return self.select(self._count(hit[self.members]) > 0)

    def keeping(self, kept: Any) -> Buckets:
        """Each bucket without its items ``i`` where ``kept[i]`` is false, and only those
        left with two or more, in order; when every item is kept, these buckets
        themselves (not copied, whatever their sizes)."""
        import numpy as np

        mask = kept[self.members]
        if mask.all():
            return self
        sizes = self._count(mask)
        mask &= np.repeat(sizes > 1, self.sizes())
        return Buckets(self.members[mask], _offsets(sizes[sizes > 1]))

    def sorted_unique(self) -> Buckets:
        """The distinct buckets, in the order of their members as tuples (a shorter
        bucket before a longer one it begins).

        Sorted in numpy by the first :data:`_SORT_HEAD` members (-1 past a bucket's
        end, which sorts it before any longer one). Buckets equal on that head and all
        shorter than it are equal; the few runs with a longer bucket are sorted as
        tuples in Python.
        """
        import numpy as np

        count, sizes = len(self), self.sizes().astype(np.int32)  # a bucket's size < 2**31
        if count == 0:
            return self
        head = np.full((_SORT_HEAD, count), -1, dtype=np.int32)  # a row per position
        for lo in range(0, count, _TAKE_BLOCK):  # bounded int64 temporaries
            first, size = self.at[lo : lo + _TAKE_BLOCK], sizes[lo : lo + _TAKE_BLOCK]
            for k in range(_SORT_HEAD):
                has = size > k
                head[k, lo : lo + len(size)][has] = self.members[first[: len(size)][has] + k]
        order = np.lexsort(head[::-1])
        new = np.zeros(count, dtype=bool)
        new[0] = True
        for k in range(_SORT_HEAD):  # a position at a time: no sorted copy of the head
            column = head[k, order]
            new[1:] |= column[1:] != column[:-1]
        del head, column
        starts = np.flatnonzero(new)
        runs = np.diff(np.r_[starts, count])
        long = np.logical_or.reduceat(sizes[order] >= _SORT_HEAD, starts)
        ties = np.flatnonzero((runs > 1) & long).tolist()
        which = order[starts]  # one bucket per run, but in the runs of ties
        del long
        if ties:
            pieces, done = [], 0
            for r in ties:
                first: dict[tuple[int, ...], int] = {}
                for b in order[starts[r] : starts[r] + runs[r]].tolist():
                    first.setdefault(tuple(self[b]), b)
                pieces += [which[done:r], np.array([first[k] for k in sorted(first)])]
                done = r + 1
            which = np.concatenate([*pieces, which[done:]])
        del order, starts, runs
        return self.take(which, sizes=sizes)


def _run_offsets(counts: Any) -> Any:
    """``0, 1, ..., c - 1`` for each count ``c``, concatenated."""
    import numpy as np

    total = int(counts.sum())
    ends = np.cumsum(counts)
    return np.arange(total) - np.repeat(ends - counts, counts)


def scan_buckets(
    buckets: Sequence[Sequence[int]],
    *,
    similar: Callable[[int, int], float | None],
    class_of: Callable[[int], Any],
    on_pair: Callable[[int, int, float], None],
    screen: Callable[[Any, Any], Any] | None = None,
    kept: Any = None,
) -> None:
    """Compare each bucket member with one representative per other class in the bucket.

    ``class_of(i)`` is the class (hashable) of member ``i`` *now*; classes change only in
    ``on_pair``, which may merge the classes of the pair it is given (union-find) or
    leave classes alone. ``similar(i, j)`` returns the score when ``i`` and ``j`` are
    near duplicates, else ``None``; ``on_pair(rep, i, score)`` receives each confirmed
    pair.

    ``kept`` (a bool array over the texts), if given, leaves out of every bucket the
    texts it marks False, and a bucket left with fewer than two is skipped: the buckets
    are filtered a chunk at a time, not copied.

    ``screen(a, b)``, if given, takes two int arrays of texts and says for each pair
    whether it may be a near duplicate (False: ``similar`` would return None). Its
    answers depend on the pair alone (it may prepare for the comparisons it lets
    through, as :meth:`ClaimSimilarity.screen` does), so it is asked in bulk (a numpy call per member was two thirds of the scan:
    287,000 calls at 80,823 claims): for every pair of every bucket of at most
    :data:`SMALL_BUCKET` members of a chunk of :data:`SCREEN_CHUNK` buckets at once, as
    the scan reaches the chunk, and in a larger bucket for a block of
    :data:`SCREEN_BLOCK` members against the representatives and each other. A member
    then visits only the representatives its screen lets through (3% of pairs on the
    newswire), and whether it joins the representatives is one look-up of its class
    among theirs. The pairs compared and found are those of visiting every
    representative in order.
    """
    for bucket, passing in _chunked(Buckets.of(buckets), screen, class_of, kept):
        reps: list[int] = []  # positions in the bucket, ascending
        classes: list[Any] = []  # class of each representative, current
        rep_of: dict[int, int] = {}  # position -> index in reps
        end = 0  # a large bucket's screen covers positions up to here
        for pos, i in enumerate(bucket):
            if screen is None:
                visit: Iterable[int] = range(len(reps))
            else:
                if len(bucket) > SMALL_BUCKET and pos >= end and reps:
                    end = min(pos + SCREEN_BLOCK, len(bucket))
                    passing = _screen_block(bucket, reps, classes, pos, end, screen, class_of,
                                            room=len(reps) < MAX_REPRESENTATIVES)  # fmt: skip
                hits = passing.get(pos)
                if hits is None and len(reps) >= MAX_REPRESENTATIVES:
                    continue  # no pair to compare, no room to become a representative
                visit = [rep_of[p] for p in hits if p in rep_of] if hits else []
            mine = class_of(i)
            for n in visit:
                rep = bucket[reps[n]]
                if classes[n] == mine:
                    continue
                score = similar(rep, i)
                if score is not None:
                    on_pair(rep, i, score)
                    mine = class_of(i)
                    classes = [class_of(bucket[r]) for r in reps]
            if mine not in classes and len(reps) < MAX_REPRESENTATIVES:
                rep_of[pos] = len(reps)
                reps.append(pos)
                classes.append(mine)


def _chunked(
    buckets: Buckets, screen: Callable[[Any, Any], Any] | None,
    class_of: Callable[[int], Any], kept: Any,
) -> Iterator[tuple[list[int], dict[int, list[int]]]]:
    """Each bucket to scan (a list), with its screened pairs if it is small (position ->
    earlier positions that pass; empty otherwise), :data:`SCREEN_CHUNK` buckets at a
    time: the chunk's members not ``kept`` are left out, and its small buckets are
    screened at once, so memory holds one chunk's pairs, and no copy of the buckets.
    Two texts of one class now stay so (classes only merge): their pair is never
    compared, so it is not screened either (most candidates share a sentence)."""
    for first in range(0, len(buckets), SCREEN_CHUNK):
        chunk = buckets[first : first + SCREEN_CHUNK]
        if kept is not None:
            chunk = chunk.keeping(kept)
        small = ({} if screen is None else
                 _small_bucket_screens(chunk, screen, _class_codes(chunk, class_of)))  # fmt: skip
        for b, bucket in enumerate(chunk):
            yield bucket, small.get(b, {})


#: Buckets of at most this many members are screened pair by pair, all in one go.
SMALL_BUCKET = 32

#: Members of a larger bucket screened at a time.
SCREEN_BLOCK = 64

#: Buckets whose small ones are screened together (80,823 claims make 112,165 buckets).
SCREEN_CHUNK = 4096

_SCREEN_PAIRS = 1 << 16  # pairs per call of a bulk screen: 8 MB of histograms per side


def _class_codes(buckets: Buckets, class_of: Callable[[int], Any]) -> Any:
    """An int array: the code of each bucket member's class now (one code per class),
    indexed by the member; -1 for an index in no bucket."""
    import numpy as np

    members = np.unique(buckets.members).tolist()
    codes = np.full(members[-1] + 1 if members else 0, -1, dtype=np.int64)
    seen: dict[Any, int] = {}
    for i in members:
        codes[i] = seen.setdefault(class_of(i), len(seen))
    return codes


def _small_bucket_screens(
    buckets: Buckets, screen: Callable[[Any, Any], Any], codes: Any
) -> dict[int, dict[int, list[int]]]:
    """bucket index -> {position q: the positions p < q whose pair passes the screen},
    for buckets of 2 to :data:`SMALL_BUCKET` members, pairs of one class (``codes``)
    left out: buckets of one size are stacked into one array, and all their pairs are
    cut from it by the upper triangle's indices."""
    import numpy as np

    sizes = buckets.sizes()
    out: dict[int, dict[int, list[int]]] = {}
    for m in np.unique(sizes[(sizes > 1) & (sizes <= SMALL_BUCKET)]).tolist():
        which = np.flatnonzero(sizes == m)
        members = buckets.members[buckets.at[which, None] + np.arange(m)].astype(np.int64)
        which = which.tolist()  # (buckets, m) above
        p, q = np.triu_indices(m, 1)
        left, right = members[:, p], members[:, q]  # (buckets, pairs)
        rows, pairs = np.nonzero(codes[left] != codes[right])
        may = _screen_pairs(left[rows, pairs], right[rows, pairs], screen)
        rows, pairs = rows[may], pairs[may]
        # Row-major, and the upper triangle lists (0, 1), (0, 2), ... (1, 2), ...: for
        # each bucket and q, the p come ascending, as the scan wants them.
        for row, pp, qq in zip(rows.tolist(), p[pairs].tolist(), q[pairs].tolist(), strict=True):
            out.setdefault(which[row], {}).setdefault(qq, []).append(pp)
    return out


def _screen_block(
    bucket: Sequence[int], reps: Sequence[int], classes: Sequence[Any], start: int, end: int,
    screen: Callable[[Any, Any], Any], class_of: Callable[[int], Any], *, room: bool,
) -> dict[int, list[int]]:
    """{position q in [start, end): the earlier positions p that pass the screen with
    q}, p among the representatives and, if there is ``room`` for more of them, the
    block's own positions (every position that can be a representative while the block
    lasts), pairs of one class left out."""
    import numpy as np

    seen: dict[Any, int] = {}
    codes = np.array([*(seen.setdefault(c, len(seen)) for c in classes),
                      *(seen.setdefault(class_of(i), len(seen)) for i in bucket[start:end])],
                     dtype=np.int64)  # fmt: skip
    # Once the representatives are full, no member of the block can become one: its
    # pairs with the others of the block would never be compared, so are not screened.
    own = range(start, end) if room else range(0)
    positions = np.array([*reps, *own], dtype=np.int64)  # the columns
    items = np.array([*(bucket[r] for r in reps), *(bucket[p] for p in own)], dtype=np.int64)
    members = np.array(bucket[start:end], dtype=np.int64)
    q = np.repeat(np.arange(end - start), len(positions))  # row: member start + q
    c = np.tile(np.arange(len(positions)), end - start)
    keep = (positions[c] < q + start) & (codes[c] != codes[len(reps) + q])
    c, q = c[keep], q[keep]
    may = _screen_pairs(items[c], members[q], screen)
    passing: dict[int, list[int]] = {}
    for qq, pp in zip((q[may] + start).tolist(), positions[c[may]].tolist(), strict=True):
        passing.setdefault(qq, []).append(pp)  # ascending: reps, then the block, in order
    return passing


def _screen_pairs(a: Any, b: Any, screen: Callable[[Any, Any], Any]) -> Any:
    """``screen`` over many pairs, :data:`_SCREEN_PAIRS` at a time (bounded temporaries)."""
    import numpy as np

    if not len(a):
        return np.zeros(0, dtype=bool)
    return np.concatenate([screen(a[k : k + _SCREEN_PAIRS], b[k : k + _SCREEN_PAIRS])
                           for k in range(0, len(a), _SCREEN_PAIRS)])  # fmt: skip


class ClaimSimilarity:
    """Exact Jaccard similarity of two claims' shingle sets, confirming LSH candidates.

    **What it holds.** Each claim's normalized UTF-8 text, in one flat byte array
    (offsets per claim), and its shingles are cut again from those bytes for each
    comparison. Held whole, the shingles were 4 bytes per byte of text: 400 MB at a
    million claims, the largest structure of grouping, where the bytes are 100 MB and
    a comparison, which needs the shingles of two claims, is a few microseconds more.
    The MinHash signatures (:func:`claim_buckets` bands them) are computed from the
    same shingles, a block at a time: half of the LSH bands with the histograms, kept
    until the buckets take them, the other half when they are asked for
    (:meth:`take_bands`).

    **Screening.** Most LSH candidates are not near duplicates (on generated newswire,
    1,174 of 372,672 compared pairs were), and each exact comparison costs about 10 µs.
    Each claim also gets a histogram of its shingles over :data:`SCREEN_BINS` bins (4 bits
    each, 64 bytes a claim: a byte a bin was 128 MB at a million claims): two
    sets share at most, per bin, the smaller of their two counts, so the sum ``U`` of
    those minima bounds their intersection, and ``U / (|A| + |B| - U)`` their Jaccard.
    :meth:`screen` rejects with that bound, for many pairs in one numpy call (see
    :func:`scan_buckets`), the pairs that cannot reach :data:`CLAIM_THRESHOLD` (97% of
    them there); the rest are compared exactly, so the answers do not change.
    """

    def __init__(self, texts: Iterable[str]):
        import numpy as np

        self._keys, self._key_at = claim_keys(texts)
        n = len(self._key_at) - 1
        self._sizes = np.zeros(n, dtype=np.int32)  # shingles per claim
        self._bins = np.zeros((n, SCREEN_BINS // 2), dtype=np.uint8)  # two 4-bit bins a byte
        self._unbounded = np.zeros(n, dtype=bool)
        first = _band_passes()[0]
        columns = range(first[0][0], first[-1][1])
        self._bands: list[Any] | None = [_mapped((n, b - a)) for a, b in first]
        for start, end, block, edges in _shingle_blocks(self._keys, self._key_at):
            self._sizes[start:end] = np.diff(edges)
            owner = np.repeat(np.arange(end - start, dtype=np.int64), np.diff(edges))
            bins = _screen_bins(block, _SCREEN_BITS)
            counts = np.bincount(owner * SCREEN_BINS + bins, minlength=(end - start) * SCREEN_BINS)
            counts = counts.reshape(-1, SCREEN_BINS)
            # A bin holds at most 15: a claim with a fuller bin is never screened out
            # (its bound is taken as 1), only compared exactly. About 100 shingles over
            # 128 bins almost never fill one.
            self._unbounded[start:end] = (counts > 15).any(axis=1)
            counts = np.minimum(counts, 15).astype(np.uint8)
            self._bins[start:end] = (counts[:, 0::2] << 4) | counts[:, 1::2]
            _fill_bands(self._bands, first, minhash_signatures(block, edges, columns=columns),
                        start, end)  # fmt: skip

        # Shingles cut for the pairs that pass a screen, by claim (see :meth:`screen`).
        self._cache: dict[int, Any] = {}

    def take_bands(self) -> Iterator[Any]:
        """The LSH bands (:data:`CLAIM_LSH_THRESHOLD`) of the claims' MinHash signatures,
        an array of rows per band, each handed over once, as the iterator is consumed
        (:func:`bucket_bands` frees each as it goes).

        Made in two passes over the texts (:func:`_band_passes`): the first half with the
        histograms, the second once the first is taken. All at once, the bands were
        224 MB at a million claims, the largest structure of grouping; a pass costs
        cutting the shingles again (about 8 s there). Asked for again, both halves are
        made from the texts.
        """
        passes = _band_passes()
        held, self._bands = self._bands, None
        if held is not None:
            yield from _drained(held)
            passes = passes[1:]
        n = len(self._key_at) - 1
        for bands in filter(None, passes):
            columns = range(bands[0][0], bands[-1][1])
            arrays = [_mapped((n, b - a)) for a, b in bands]
            for start, end, block, edges in _shingle_blocks(self._keys, self._key_at):
                _fill_bands(arrays, bands, minhash_signatures(block, edges, columns=columns),
                            start, end)  # fmt: skip
            yield from _drained(arrays)

    def shingles(self, i: int) -> Any:
        """The shingles of claim ``i`` (:func:`claim_shingles` of its text)."""
        got = self._cache.get(i)
        if got is None:
            got = _key_shingles(self._keys[self._key_at[i] : self._key_at[i + 1]])
        return got

    def _prefetch(self, claims: Any) -> None:
        """Cut the shingles of ``claims`` (an int array) at once, into the cache.

        Cut one claim at a time, as each comparison needs them, shingles made grouping
        at a million claims 80 s slower (10 µs a claim, and a claim is compared many
        times); cut for every claim of a screen's passing pairs, as a block, they cost
        about what reading them from an array of all shingles did. The cache is
        halved, oldest first, when it reaches :data:`SHINGLE_CACHE` claims.
        """
        import numpy as np

        cache = self._cache
        wanted = np.unique(claims).tolist()
        need = [i for i in wanted if i not in cache]
        if not need:
            return
        if len(cache) + len(need) > SHINGLE_CACHE:
            # The oldest half goes (a dict keeps insertion order): the claims of the
            # chunk being scanned were cut last, and are compared next; so are the
            # cached claims of this screen, which stay.
            keep = set(wanted)
            for i in list(islice(cache, len(cache) // 2)):
                if i not in keep:
                    del cache[i]
        at = self._key_at
        if len(need) < _PREFETCH_ALONE:  # a block's fixed cost is that of a few claims
            for i in need:
                cache[i] = _key_shingles(self._keys[at[i] : at[i + 1]])
            return
        starts, lengths = at[need], at[np.add(need, 1)] - at[need]
        sub_at = np.zeros(len(need) + 1, dtype=np.int64)
        np.cumsum(lengths, out=sub_at[1:])
        sub = self._keys[np.repeat(starts - sub_at[:-1], lengths) + np.arange(sub_at[-1])]
        for start, end, block, edges in _shingle_blocks(sub, sub_at):
            cuts = edges.tolist()
            for k in range(end - start):
                cache[need[start + k]] = block[cuts[k] : cuts[k + 1]]

    def jaccard(self, i: int, j: int) -> float:
        import numpy as np

        a, b = self.shingles(i), self.shingles(j)
        common = len(np.intersect1d(a, b, assume_unique=True))
        return common / (len(a) + len(b) - common)

    def __call__(self, i: int, j: int) -> float | None:
        score = self.jaccard(i, j)
        return score if score >= CLAIM_THRESHOLD else None

    def screen(self, a: Any, b: Any) -> Any:
        """For each pair of claims ``a[k]``, ``b[k]`` (int arrays, or a number against an
        array), whether they may be near duplicates: False only when the histogram bound
        rules the pair out. A numpy bool array."""
        import numpy as np

        # A sum of minima is at most 128 * 15: uint16 holds it, and summing into uint16
        # took a third of the time of int64. Each byte holds two bins, high and low.
        x, y = self._bins[a], self._bins[b]
        shared = np.minimum(x >> 4, y >> 4).sum(axis=-1, dtype=np.uint16)
        shared += np.minimum(x & 15, y & 15).sum(axis=-1, dtype=np.uint16)
        may = _may_reach(shared, self._sizes[a] + self._sizes[b], CLAIM_THRESHOLD)
        may |= self._unbounded[a] | self._unbounded[b]
        # The pairs that pass are the ones compared next: their shingles are cut now.
        a, b = np.broadcast_arrays(a, b)
        self._prefetch(np.concatenate([a[may], b[may]]))
        return may


def _fill_bands(arrays: list[Any], bands: list[tuple[int, int]], signatures: Any,
                start: int, end: int) -> None:  # fmt: skip
    """Rows ``start:end`` of each band array, from ``signatures`` of the permutations
    the bands span (their first column is the first band's start)."""
    first = bands[0][0]
    for (a, b), band in zip(bands, arrays, strict=True):
        band[start:end] = signatures[:, a - first : b - first]


def _band_passes() -> list[list[tuple[int, int]]]:
    """The claim LSH bands (:func:`lsh_bands`), in the two halves
    :meth:`ClaimSimilarity.take_bands` makes them in."""
    bands = lsh_bands(CLAIM_LSH_THRESHOLD)
    half = (len(bands) + 1) // 2
    return [bands[:half], bands[half:]]


def _mapped(shape: tuple[int, int]) -> Any:
    """A uint32 array of ``shape`` in its own anonymous memory map, so that freeing it
    gives the memory back to the system. A band of a million claims' signatures is
    16 MB, under the size from which the C allocator maps a block of its own (up to
    32 MB, raised as mapped blocks are freed): from the heap, the freed bands stayed
    in the process's resident memory beside the buckets made from them."""
    import mmap

    import numpy as np

    count = shape[0] * shape[1]
    if not count:
        return np.zeros(shape, dtype=np.uint32)
    return np.frombuffer(mmap.mmap(-1, count * 4), dtype=np.uint32, count=count).reshape(shape)


def _screen_bins(hashes: Any, bits: int) -> Any:
    """The histogram bin of each uint32 shingle hash: the top ``bits`` bits of its
    product with a golden-ratio constant, which spreads even sequential values."""
    import numpy as np

    return (hashes * np.uint32(0x9E3779B1)) >> np.uint32(32 - bits)


def _may_reach(shared: Any, total: Any, threshold: float) -> Any:
    """Whether two sets of ``total`` items together, sharing at most ``shared``, may have
    a Jaccard of ``threshold`` or more: ``shared / (total - shared) >= threshold``,
    without a division; the margin keeps ties. Numbers or numpy arrays."""
    return shared * (1 + threshold) + 1e-9 >= threshold * total


def claim_buckets(texts: Sequence[str], similarity: ClaimSimilarity | None = None) -> Buckets:
    """LSH candidate buckets of claim texts: a shingle is its own 32-bit hash."""
    sim = similarity or ClaimSimilarity(texts)
    return bucket_bands(sim.take_bands())


def near_duplicate_articles(texts: Sequence[str]) -> list[tuple[int, int, float]]:
    """``(i, j, jaccard)`` pairs (``i < j``) of near-duplicate articles, sorted.

    The pairs the bounded scan confirms (see "Bounded work per bucket"): not every
    pair of a cluster, and, near duplication not being transitive, a cluster can stay
    cut in two where its link runs through no representative. Claims of such articles
    that are near duplicates of each other are still joined (``assign_splits``).
    """
    import numpy as np

    flat, offsets = article_shingle_hashes(texts)
    buckets = band_buckets(minhash_signatures(flat, offsets), threshold=ARTICLE_LSH_THRESHOLD)
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # A pair is screened first, as ClaimSimilarity screens claims: candidates from one
    # story (wire copies edited, seed variants) sit just under the threshold, and a
    # histogram bound rules out 99% of them without the sets. Each compared article's
    # hashes give its histogram (a repeated shingle counted twice: still an upper bound
    # per bin) and its distinct hashes (at most its distinct shingles: a lower bound on
    # its size), so the bound stays a bound. Only pairs that pass build their sets.
    screens: dict[int, tuple[int, Any]] = {}
    shingles: dict[int, set[bytes]] = {}

    def screen(k: int) -> tuple[int, Any]:
        if k not in screens:
            hashes = flat[offsets[k] : offsets[k + 1]]
            bins = _screen_bins(hashes, ARTICLE_SCREEN_BITS)
            screens[k] = len(np.unique(hashes)), np.bincount(bins, minlength=1 << ARTICLE_SCREEN_BITS)
        return screens[k]

    def similar(i: int, j: int) -> float | None:
        (size_a, bins_a), (size_b, bins_b) = screen(i), screen(j)
        if not _may_reach(int(np.minimum(bins_a, bins_b).sum()), size_a + size_b,
                          ARTICLE_THRESHOLD):  # fmt: skip
            return None
        for k in (i, j):
            if k not in shingles:
                shingles[k] = article_shingles(texts[k])
        a, b = shingles[i], shingles[j]
        common = len(a & b)  # the union's size follows; building it took half the time
        score = common / (len(a) + len(b) - common)
        return score if score >= ARTICLE_THRESHOLD else None

    pairs: list[tuple[int, int, float]] = []

    def on_pair(i: int, j: int, score: float) -> None:
        pairs.append((min(i, j), max(i, j), score))
        parent[find(i)] = find(j)

    scan_buckets(buckets, similar=similar, class_of=find, on_pair=on_pair)
    return sorted(pairs)


def pairs_across(
    texts: Sequence[str], classes: Sequence[Any]
) -> Iterator[tuple[int, int, float]]:
    """Near-duplicate claim pairs ``(i, j, score)`` whose ``classes`` differ (e.g. splits).

    Each class of a bucket is represented once, so a cluster of copies spread over two
    splits is reported through one pair per member rather than every pair.
    """
    similar = ClaimSimilarity(texts)
    yield from bucket_pairs_across(similar, claim_buckets(texts, similar), classes)


def bucket_pairs_across(
    similar: ClaimSimilarity, buckets: Buckets | Sequence[Sequence[int]], classes: Sequence[Any]
) -> list[tuple[int, int, float]]:
    """:func:`pairs_across` over LSH ``buckets`` already made: pairs ``(i, j, score)``,
    ``i < j``, sorted. A text whose class is None is left out."""
    found: set[tuple[int, int, float]] = set()

    def on_pair(i: int, j: int, score: float) -> None:
        found.add((min(i, j), max(i, j), score))

    import numpy as np

    kept = np.fromiter((c is not None for c in classes), dtype=bool, count=len(classes))
    scan_buckets(buckets, kept=kept, similar=similar, screen=similar.screen,
                 class_of=classes.__getitem__, on_pair=on_pair)  # fmt: skip
    return sorted(found)


__all__ = [
    "ARTICLE_THRESHOLD",
    "CLAIM_LSH_THRESHOLD",
    "Buckets",
    "ClaimSimilarity",
    "article_shingle_hashes",
    "article_shingles",
    "bucket_pairs_across",
    "claim_buckets",
    "claim_shingle_sets",
    "claim_shingles",
    "lsh_buckets",
    "near_duplicate_articles",
    "pairs_across",
    "scan_buckets",
]
