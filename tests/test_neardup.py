"""Near duplicates by MinHash + LSH: same answers as an exhaustive scan, in linear time."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import numpy as np
import pytest

from toolkit.neardup import (
    CLAIM_LSH_THRESHOLD,
    CLAIM_THRESHOLD,
    NUM_PERM,
    ClaimSimilarity,
    article_shingle_hashes,
    article_shingles,
    band_buckets,
    claim_buckets,
    claim_shingle_sets,
    claim_shingles,
    lsh_buckets,
    minhash_signatures,
    near_duplicate_articles,
    pairs_across,
)

REPO = Path(__file__).resolve().parent.parent


def _components(n: int, pairs) -> list[int]:
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j, *_ in pairs:
        parent[find(i)] = find(j)
    roots = [find(i) for i in range(n)]
    first = {r: min(i for i in range(n) if roots[i] == r) for r in set(roots)}
    return [first[r] for r in roots]


def _exhaustive(texts: list[str]) -> list[tuple[int, int]]:
    sim = ClaimSimilarity(texts)
    return [(i, j) for i, j in itertools.combinations(range(len(texts)), 2) if sim(i, j)]


def _seed_texts() -> list[str]:
    lines = (REPO / "data" / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["claim"] for line in lines]
    rng = random.Random(0)
    edited = []
    for t in texts:  # one number or word changed: the near duplicates that leaked
        words = t.split()
        k = rng.randrange(len(words))
        words[k] = str(rng.randrange(10, 99)) if words[k][0].isdigit() else words[k] + "s"
        edited.append(" ".join(words))
    return texts + edited


def test_lsh_connects_exactly_what_an_exhaustive_scan_connects() -> None:
    texts = _seed_texts()
    truth = _exhaustive(texts)
    assert len(truth) >= len(texts) // 2  # every edited copy is a near duplicate
    sim = ClaimSimilarity(texts)
    found = [(i, j) for b in claim_buckets(texts, sim) for i, j in itertools.combinations(b, 2)
             if sim(i, j)]  # fmt: skip
    assert _components(len(texts), found) == _components(len(texts), truth)
    # and LSH proposed far fewer pairs than all of them
    proposed = {p for b in claim_buckets(texts, sim) for p in itertools.combinations(b, 2)}
    assert len(proposed) < len(texts) * (len(texts) - 1) // 2 / 4


def test_pairs_across_reports_only_pairs_in_different_classes() -> None:
    base = "Congress passed a package totaling nearly $61 billion to equip Ukraine with weapons."
    texts = [base, base.replace("$61", "$45"), "Something else entirely, about trade."]
    assert list(pairs_across(texts, ["train", "train", "test"])) == []
    ((i, j, score),) = pairs_across(texts, ["train", "test", "test"])
    assert (i, j) == (0, 1) and score >= CLAIM_THRESHOLD


def test_shingles_edges() -> None:
    assert len(claim_shingles("")) == 0 or claim_shingles("").tolist() == [0]
    assert claim_shingles("ÉTÉ à Paris").tolist() == claim_shingles("été  À paris").tolist()
    a, b = ClaimSimilarity(["abc", "abc", "abd"]), None
    assert a.jaccard(0, 1) == 1.0 and a.jaccard(0, 2) < 1.0 and b is None
    assert pairs_across([], []) is not None and list(pairs_across(["one"], ["train"])) == []


def test_wire_copies_are_near_duplicate_articles_and_others_are_not(seed_articles) -> None:
    text = seed_articles[0].text
    paragraphs = text.split("\n\n")
    copy = "\n\n".join([*paragraphs[:-1], "A different closing paragraph from the wire."])
    unrelated = "\n\n".join(reversed([p[::-1] for p in paragraphs]))
    pairs = near_duplicate_articles([text, unrelated, copy])
    assert [(i, j) for i, j, _ in pairs] == [(0, 2)]
    assert near_duplicate_articles([text]) == []


def _sets() -> list[list[int]]:
    """Shingle hash sets: random, near copies of each other, identical, empty, single."""
    rng = random.Random(7)
    base = [rng.randrange(2**32) for _ in range(60)]
    sets = [[rng.randrange(2**32) for _ in range(rng.randrange(1, 90))] for _ in range(40)]
    sets += [base, [*base[:50], 1, 2, 3], list(base), [], [0], [2**32 - 1], []]
    sets += [[rng.choice(base) for _ in range(30)] for _ in range(10)]  # repeats inside
    return sets


def test_signatures_are_datasketch_s_own(monkeypatch) -> None:
    """The vectorized signatures equal ``MinHash(scheme="affine32").hashvalues`` row by
    row: a different datasketch, or a mistake here, would re-deal the near-duplicate
    buckets and so the groups the splits are made of."""
    from datasketch import MinHash

    sets = _sets()
    flat = np.array([h for s in sets for h in s], dtype=np.uint32)
    offsets = np.cumsum([0] + [len(s) for s in sets])
    rows = minhash_signatures(flat, offsets)
    assert rows.shape == (len(sets), NUM_PERM) and rows.dtype == np.uint32
    for s, row in zip(sets, rows, strict=True):
        m = MinHash(num_perm=NUM_PERM, hashfunc=int, scheme="affine32")
        m.update_batch(s)
        assert row.tolist() == m.hashvalues.tolist()
    # in blocks of a few hashes (one set per block, sets wider than a block): the same
    for block in (1, 7, 64):
        monkeypatch.setattr("toolkit.neardup._BLOCK", block)
        assert np.array_equal(minhash_signatures(flat, offsets), rows)


@pytest.mark.parametrize("threshold", [CLAIM_LSH_THRESHOLD, 0.6, 0.9])
def test_buckets_are_those_of_datasketch_s_lsh_tables(threshold: float) -> None:
    from datasketch import MinHash, MinHashLSH

    sets = _sets()
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    for i, s in enumerate(sets):
        m = MinHash(num_perm=NUM_PERM, hashfunc=int, scheme="affine32")
        m.update_batch(s)
        lsh.insert(i, m)
    expected = sorted({tuple(sorted(t.get(k))) for t in lsh.hashtables
                       for k in t.keys()  # noqa: SIM118 (a datasketch storage, not a dict)
                       if len(t.get(k)) > 1})  # fmt: skip
    assert len(expected) >= 2  # the copies, and the empty sets, share buckets
    got = lsh_buckets([np.array(s, dtype=np.uint32) for s in sets], threshold=threshold,
                      hashfunc=int)  # fmt: skip
    assert got == expected
    assert band_buckets(np.zeros((1, NUM_PERM), dtype=np.uint32), threshold=threshold) == []


def test_the_screen_never_rules_out_a_near_duplicate_and_rules_out_most_others() -> None:
    """The histogram bound is a bound: every pair at or over the threshold passes, on
    edited copies of every degree (one word to half the words changed) and on long
    claims whose bins could overflow; unrelated claims are mostly ruled out."""
    texts = _seed_texts()
    rng = random.Random(3)
    for t in texts[:40]:
        words = t.split()
        for share in (0.1, 0.2, 0.3, 0.5):
            w = list(words)
            for k in rng.sample(range(len(w)), max(1, int(len(w) * share))):
                w[k] = w[k][::-1] + "x"
            texts.append(" ".join(w))
    long = " ".join(f"{i * 2654435761 % 10**9} ünïcode" for i in range(300))  # a bin over 15
    texts += [long, long.replace(" ünïcode", " unicode", 3), "", "é"]
    sim = ClaimSimilarity(texts)
    n = len(texts)
    near = ruled_out = unrelated = 0
    for i in range(n):
        others = list(range(i + 1, n))
        if not others:
            continue
        for j, may in zip(others, sim.screen(i, others), strict=True):
            if sim(i, j) is not None:
                near += 1
                assert may, (texts[i], texts[j])
            else:
                unrelated += 1
                ruled_out += not may
    assert near >= 100 and ruled_out > unrelated * 0.9
    assert sim(n - 4, n - 3) is not None and sim.screen(n - 4, [n - 3]).tolist() == [True]
    # a claim with more shingles in a bin than 4 bits can count is never ruled out, even
    # against an unrelated one: it is compared exactly
    assert sim._unbounded[n - 4] and not sim._unbounded[n - 1]
    assert sim(n - 4, n - 1) is None and sim.screen(n - 4, [n - 1]).tolist() == [True]


def test_screened_scans_find_the_same_pairs_as_unscreened_ones() -> None:
    from toolkit.neardup import scan_buckets

    texts = _seed_texts()
    sim = ClaimSimilarity(texts)
    buckets = claim_buckets(texts, sim)
    classes = [i % 3 for i in range(len(texts))]  # as splits: pairs across classes
    found: dict[bool, list[tuple[int, int, float]]] = {True: [], False: []}
    for screened in (True, False):
        scan_buckets(buckets, similar=sim, class_of=classes.__getitem__,
                     on_pair=lambda i, j, s, k=screened: found[k].append((i, j, s)),
                     screen=sim.screen if screened else None)  # fmt: skip
    assert found[True] == found[False] and len(found[True]) >= 10


def _plain_scan(buckets, *, similar, class_of, on_pair) -> None:
    """The scan's definition: each member against every representative, in order."""
    from toolkit.neardup import MAX_REPRESENTATIVES

    for bucket in buckets:
        reps: list[int] = []
        for i in bucket:
            mine, matched = class_of(i), False
            for rep in reps:
                if class_of(rep) == mine:
                    matched = True
                    continue
                score = similar(rep, i)
                if score is not None:
                    on_pair(rep, i, score)
                    mine = class_of(i)
                    matched = matched or class_of(rep) == mine
            if not matched and len(reps) < MAX_REPRESENTATIVES:
                reps.append(i)


@pytest.mark.parametrize("small, block, chunk", [(32, 64, 4096), (32, 64, 7), (3, 4, 1), (0, 1, 3)])
@pytest.mark.parametrize("merging", [True, False])
@pytest.mark.parametrize("cap", [32, 2])
def test_the_bulk_screened_scan_finds_the_pairs_of_the_plain_scan(monkeypatch, small, block,
                                                                  chunk, merging, cap) -> None:  # fmt: skip
    """Screened in bulk (small buckets a chunk at a time, large ones by blocks), the scan
    confirms the same pairs in the same order as visiting every representative, whether
    ``on_pair`` merges classes (grouping) or not (pairs across splits). Buckets of over
    32 members come from many edited copies of a few claims; the smaller settings send
    every bucket through the block path, blocks of one member included, and cut the
    small buckets into chunks of a few. A cap of 2 representatives fills them early, so
    most members are visited with no room left for another."""
    from toolkit.neardup import scan_buckets

    monkeypatch.setattr("toolkit.neardup.MAX_REPRESENTATIVES", cap)
    monkeypatch.setattr("toolkit.neardup.SMALL_BUCKET", small)
    monkeypatch.setattr("toolkit.neardup.SCREEN_BLOCK", block)
    monkeypatch.setattr("toolkit.neardup.SCREEN_CHUNK", chunk)
    rng = random.Random(5)
    base = _seed_texts()
    texts = list(base)
    for t in base[:6]:
        for _ in range(60):
            words = t.split()
            for k in rng.sample(range(len(words)), rng.randint(1, 3)):
                words[k] = words[k] + rng.choice("sxz")
            texts.append(" ".join(words))
    sim = ClaimSimilarity(texts)
    buckets = claim_buckets(texts, sim)
    assert max(map(len, buckets)) > 32
    runs = []
    for bulk in (True, False):
        parent = list(range(len(texts)))
        for i in range(0, len(texts) - 1, 7):  # some classes merged before the scan
            parent[i + 1] = i

        def find(i: int, parent=parent) -> int:
            while parent[i] != i:
                i = parent[i]
            return i

        found: list[tuple[int, int, float]] = []

        def on_pair(i: int, j: int, score: float, parent=parent, found=found, find=find) -> None:
            found.append((i, j, score))
            if merging:
                parent[find(i)] = find(j)

        class_of = find if merging else (lambda i: i % 3)
        if bulk:
            scan_buckets(buckets, similar=sim, class_of=class_of, on_pair=on_pair,
                         screen=sim.screen)  # fmt: skip
        else:
            _plain_scan(buckets, similar=sim, class_of=class_of, on_pair=on_pair)
        runs.append((found, [class_of(i) for i in range(len(texts))]))
    assert runs[0] == runs[1] and len(runs[0][0]) >= 50


def test_the_screen_does_not_depend_on_the_block_size(monkeypatch) -> None:
    texts = [*_seed_texts()[:60], "", "é"]
    others = list(range(1, len(texts)))
    whole = [ClaimSimilarity(texts).screen(i, others).tolist() for i in range(len(texts))]
    monkeypatch.setattr("toolkit.neardup._BLOCK", 5)  # blocks of one claim, or a few
    assert [ClaimSimilarity(texts).screen(i, others).tolist() for i in range(len(texts))] == whole
    assert not all(all(row) for row in whole)  # it does rule pairs out


SHINGLE_TEXTS = [
    "Congress passed a package totaling nearly $61 billion.",
    "",  # no bytes: no window
    "ab",  # under four bytes: windows run into the padding
    "abcd",
    "Congress passed a package totaling nearly $61 billion.",  # a repeat
    "ÉTÉ à Paris, 日本語 — “quoted”",  # multi-byte UTF-8
    "aaaa aaaa aaaa",  # repeated windows are counted once
    " ".join(str(n) for n in range(300)),  # over 255 windows
]


def _windows(text: str) -> list[int]:
    """The definition, written plainly: every 4-byte window of the normalized text
    padded with three zero bytes, as a big-endian number, sorted and distinct."""
    from toolkit.records import claim_key

    data = claim_key(text).encode() + b"\0\0\0"
    return sorted({int.from_bytes(data[k : k + 4], "big") for k in range(len(data) - 3)})


@pytest.mark.parametrize("block", [1 << 22, 1, 7, 64])
def test_every_claim_s_shingles_are_its_4_byte_windows_at_any_block_size(
    block: int, monkeypatch
) -> None:
    monkeypatch.setattr("toolkit.neardup._SHINGLE_BLOCK", block)
    monkeypatch.setattr("toolkit.neardup._KEY_CHUNK", max(1, block // 8))  # 1, 8 texts...
    flat, offsets = claim_shingle_sets(SHINGLE_TEXTS)
    assert offsets[0] == 0 and len(offsets) == len(SHINGLE_TEXTS) + 1
    got = [flat[offsets[i] : offsets[i + 1]].tolist() for i in range(len(SHINGLE_TEXTS))]
    assert got == [_windows(t) for t in SHINGLE_TEXTS]
    assert got[1] == [] and len(got[2]) == 2 and len(got[7]) > 255
    assert claim_shingles(SHINGLE_TEXTS[5]).tolist() == got[5]
    assert claim_shingle_sets([])[0].tolist() == []


@pytest.mark.parametrize("block", [1 << 22, 1, 7, 64])
def test_claim_similarity_cuts_the_same_shingles_alone_or_for_a_screen(
    block: int, monkeypatch
) -> None:
    """It keeps the claims' bytes, not their shingles: cut for one claim, or for all the
    claims of a screen's passing pairs at once (any block size), they are the windows,
    and the Jaccard is that of the window sets."""
    monkeypatch.setattr("toolkit.neardup._SHINGLE_BLOCK", block)
    monkeypatch.setattr("toolkit.neardup._KEY_CHUNK", max(1, block // 8))
    if block == 7:  # every claim cut alone, and a cache that keeps only a few
        monkeypatch.setattr("toolkit.neardup._PREFETCH_ALONE", 100)
        monkeypatch.setattr("toolkit.neardup.SHINGLE_CACHE", 4)
    texts = [*SHINGLE_TEXTS, *SHINGLE_TEXTS[:3]]
    alone = ClaimSimilarity(texts)
    assert [alone.shingles(i).tolist() for i in range(len(texts))] == [_windows(t) for t in texts]
    screened = ClaimSimilarity(texts)
    everyone = np.arange(len(texts))
    screened.screen(np.repeat(everyone, len(texts)), np.tile(everyone, len(texts)))
    assert screened._cache, "a screen's passing pairs have their shingles cut"
    for i, j in itertools.combinations(range(len(texts)), 2):
        a, b = set(_windows(texts[i])), set(_windows(texts[j]))
        if a or b:
            expected = len(a & b) / len(a | b)
            assert screened.jaccard(i, j) == pytest.approx(expected) == alone.jaccard(i, j)


def test_claim_bands_are_the_signatures_bands_and_are_handed_over_once(monkeypatch) -> None:
    from toolkit import neardup

    texts = [t for t in SHINGLE_TEXTS if t.strip()] * 2
    flat, offsets = claim_shingle_sets(texts)
    signatures = minhash_signatures(flat, offsets)
    some = minhash_signatures(flat, offsets, columns=range(5, 17))
    assert np.array_equal(some, signatures[:, 5:17])  # only the permutations asked for
    passes = []  # each pass over the texts' shingles
    cut = neardup._shingle_blocks
    monkeypatch.setattr(neardup, "_shingle_blocks", lambda *a: passes.append(1) or cut(*a))
    sim = ClaimSimilarity(texts)
    first, second = neardup._band_passes()
    assert len(sim._bands) == len(first) > 0 and len(second) > 0 and len(passes) == 1
    bands = sim.take_bands()
    for a, b in first:  # the half made with the histograms, no second pass yet
        assert np.array_equal(next(bands), signatures[:, a:b]) and len(passes) == 1
    for a, b in second:  # then the other half, in one more pass
        assert np.array_equal(next(bands), signatures[:, a:b]) and len(passes) == 2
    assert next(bands, None) is None
    assert first + second == neardup.lsh_bands(CLAIM_LSH_THRESHOLD)

    sim = ClaimSimilarity(texts)
    expected = band_buckets(signatures, threshold=CLAIM_LSH_THRESHOLD)
    assert claim_buckets(texts, sim) == expected  # the bands made with the similarity
    assert sim._bands is None  # handed over, and freed as they were bucketed
    assert claim_buckets(texts, sim) == expected  # made again from the texts
    half = len(texts) // 2  # each text twice: each copy shares a bucket with the other
    assert all(any(k in b and k + half in b for b in expected) for k in range(half))


ARTICLE_TEXTS = [
    "Congress passed a package totaling nearly $61 billion to equip Ukraine with weapons.",
    "",  # no words: one shingle, the empty text
    "one two three four five",  # exactly one 5-gram
    "one two three four five six",  # two
    "ÉTÉ à Paris:   la Seine\u2003déborde, dit\u00a0le maire de Paris — été à paris",
    "the same words the same words the same words the same words",  # repeated shingles
    "日本語 の テキスト で す よ ね 本当 に",
]


def test_article_shingle_hashes_are_the_hashes_of_article_shingles() -> None:
    """Hashed in place from the normalized bytes, they are the hashes of the word 5-gram
    sets (a repeated shingle may appear twice), so the signatures do not change."""
    import zlib

    flat, offsets = article_shingle_hashes(ARTICLE_TEXTS)
    assert len(offsets) == len(ARTICLE_TEXTS) + 1
    for k, text in enumerate(ARTICLE_TEXTS):
        row = flat[offsets[k] : offsets[k + 1]].tolist()
        assert set(row) == {zlib.crc32(s) for s in article_shingles(text)}, text
    assert offsets[2] - offsets[1] == 1 and offsets[4] - offsets[3] == 2
    sets = [article_shingles(t) for t in ARTICLE_TEXTS]
    by_sets = _flatten_hashes(sets)
    assert (minhash_signatures(flat, offsets) == minhash_signatures(*by_sets)).all()


def _flatten_hashes(sets: list[set[bytes]]):
    import zlib

    rows = [np.array(sorted(zlib.crc32(s) for s in row), dtype=np.uint32) for row in sets]
    offsets = np.cumsum([0, *map(len, rows)])
    return np.concatenate(rows), offsets


def test_the_article_screen_finds_the_pairs_an_unscreened_scan_finds(
    seed_articles, monkeypatch
) -> None:
    """Copies of one article with 1 to 60 words in 600 changed, and of its first 40
    words with 1 to 3 changed: around the threshold (0.8) from both sides, where the
    screen works hardest. It rules pairs out without building their shingle sets, and
    never one that an exact comparison would keep."""
    import toolkit.neardup as nd

    rng = random.Random(3)
    texts = []
    for size, most in ((600, 60), (40, 3)):  # short ones: histograms near exact, tight bound
        words = seed_articles[0].text.split()[:size]
        for changed in [*range(1, most + 1)] * (60 // most):
            copy = list(words)
            for k in rng.sample(range(len(copy)), changed):
                copy[k] = f"edit{k}"
            texts.append(" ".join(copy))
    texts.append("\n".join(reversed(words)))  # the same words, none of the 5-grams
    built: list[str] = []
    shingles = nd.article_shingles
    monkeypatch.setattr(nd, "article_shingles", lambda t, **k: built.append(t) or shingles(t, **k))
    screened = near_duplicate_articles(texts)
    sets_screened = len(built)
    monkeypatch.setattr(nd, "_may_reach", lambda *a: True)
    built.clear()
    assert near_duplicate_articles(texts) == screened
    assert screened and sets_screened < len(built)
    assert {i for pair in screened for i in pair[:2]} < set(range(len(texts)))  # some apart


def test_the_written_out_permutations_and_bands_are_datasketch_s() -> None:
    """Grouping no longer imports datasketch (scipy with it): the numbers it would give
    are written out, and must stay the ones it gives."""
    from datasketch import MinHash, MinHashLSH

    from toolkit import neardup

    a, b = MinHash(num_perm=NUM_PERM, scheme="affine32").permutations
    assert list(neardup._PERMUTATION_A) == a.tolist()
    assert list(neardup._PERMUTATION_B) == b.tolist()
    for threshold in (CLAIM_LSH_THRESHOLD, neardup.ARTICLE_LSH_THRESHOLD, *neardup._BANDS):
        expected = list(MinHashLSH(threshold=threshold, num_perm=NUM_PERM).hashranges)
        assert neardup.lsh_bands(threshold) == expected
    assert neardup.lsh_bands(0.75) == list(MinHashLSH(threshold=0.75, num_perm=64).hashranges)


def test_grouping_claims_imports_neither_datasketch_nor_scipy() -> None:
    import subprocess
    import sys

    code = ("import sys; from toolkit.neardup import ClaimSimilarity, claim_buckets,"
            " near_duplicate_articles; texts = ['the mayor said no twice'] * 3;"
            " print(claim_buckets(texts, ClaimSimilarity(texts)),"
            " near_duplicate_articles(texts * 2),"
            " sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()  # fmt: skip
    assert out.endswith("[]") and out.startswith("[(0, 1, 2)]"), out


def _random_buckets(rng: random.Random, count: int, items: int) -> list[list[int]]:
    """Buckets over few items, so many share their first members or repeat whole; some
    long enough to outrun the numpy sort's head, some one or no member long."""
    out = []
    for _ in range(count):
        size = rng.choice([0, 1, 2, 2, 2, 3, 3, 4, 5, 6, 9, 14])
        out.append(sorted(rng.sample(range(items), min(size, items))))
    out += [list(b) for b in rng.sample(out, count // 3)]  # whole repeats
    rng.shuffle(out)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_buckets_sorted_unique_are_the_sorted_set_of_their_tuples(seed: int) -> None:
    from toolkit.neardup import Buckets

    rng = random.Random(seed)
    lists = _random_buckets(rng, 300, rng.choice([6, 12, 40]))
    got = Buckets.of(lists).sorted_unique()
    assert got.tolist() == sorted({tuple(b) for b in lists})
    assert Buckets.of([]).sorted_unique().tolist() == []


@pytest.mark.parametrize("width", [1, 2, 4, 6])
def test_bucket_bands_are_the_rows_equal_on_a_band_as_tuples(width: int) -> None:
    """Rows filed by each band's values, every bucket of two or more kept once, sorted:
    what a dict of band value -> rows and a sorted set of tuples make."""
    from toolkit.neardup import bucket_bands

    rng = np.random.default_rng(width)
    bands = [rng.integers(0, 3, size=(500, width), dtype=np.uint32) for _ in range(5)]
    bands.append(np.zeros((500, width), dtype=np.uint32))  # one bucket of every row
    expected: set[tuple[int, ...]] = set()
    for band in bands:
        by_value: dict[bytes, list[int]] = {}
        for row, values in enumerate(band):
            by_value.setdefault(values.tobytes(), []).append(row)
        expected.update(tuple(rows) for rows in by_value.values() if len(rows) > 1)
    given = list(bands)
    got = bucket_bands(given)
    assert got.tolist() == sorted(expected) and given == []  # the bands were handed over


def test_buckets_read_slice_filter_and_select_as_lists_would() -> None:
    from toolkit.neardup import Buckets

    rng = random.Random(7)
    lists = [b for b in _random_buckets(rng, 5000, 50) if len(b) > 1]
    buckets = Buckets.of(lists)
    assert len(buckets) == len(lists) and list(buckets) == lists  # past one chunk of lists
    assert [buckets[b] for b in (0, 17, len(lists) - 1)] == [lists[0], lists[17], lists[-1]]
    assert buckets[-1] == lists[-1] and buckets[-len(lists)] == lists[0]
    for out_of_range in (len(lists), -len(lists) - 1):
        with pytest.raises(IndexError):
            buckets[out_of_range]
    assert list(buckets[100:4200]) == lists[100:4200] and list(buckets[5:5]) == []
    assert buckets == lists and buckets != lists[1:] and buckets == Buckets.of(lists)
    hit = np.zeros(50, dtype=bool)
    hit[[3, 31]] = True
    assert list(buckets.touching(hit)) == [b for b in lists if {3, 31} & set(b)]
    kept = np.ones(50, dtype=bool)
    assert buckets.keeping(kept) is buckets  # nothing left out: no copy
    kept[[0, 1, 2, 7, 40]] = False
    trimmed = [[i for i in b if kept[i]] for b in lists]
    assert list(buckets.keeping(kept)) == [b for b in trimmed if len(b) > 1]
    assert list(buckets.keeping(np.zeros(50, dtype=bool))) == []
    odd = Buckets.of([[4], [], [3, 31, 2], [], [7, 8], []])  # runs of none or one member
    assert list(odd.touching(hit)) == [[3, 31, 2]]
    assert list(odd.keeping(kept)) == [[3, 31]] and list(Buckets.of([]).touching(hit)) == []
