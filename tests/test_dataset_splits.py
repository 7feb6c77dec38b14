"""Split assignment: leak-free groups, frozen once recorded, test holds only gold claims."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from dataset_support import make_claims

from toolkit.dataset.leaks import find_leaks
from toolkit.dataset.splits import (
    SPLITS,
    WITHHELD_NOT_GOLD,
    SplitConfig,
    assign_splits,
    read_assignments,
    split_of,
    write_assignments,
)
from toolkit.errors import DataError, UsageError
from toolkit.records import Article, Claim, ClaimSource, Evidence, claim_id, evidence_groups

CFG = SplitConfig((0.6, 0.2, 0.2))


def _where(result) -> dict[str, str]:
    out = {c.id: name for name, rows in result.splits.items() for c in rows}
    out.update({c.id: "withheld" for c, _ in result.withheld})
    return out


def _claim(article: Article, text: str, *, source: int | None, evidence: tuple[int, ...] = (),
           status: str = "gold") -> Claim:  # fmt: skip
    """A claim about ``article``: derived from sentence ``source`` (None: the headline)."""
    if source is None:
        src = ClaimSource(article.id, None, 0, len(article.title), headline=True)
    else:
        s = article.sentences[source]
        src = ClaimSource(article.id, source, s.start, s.end)
    items = [Evidence(exact=article.sentence_text(i), article_id=article.id, sentence_index=i,
                      start=article.sentences[i].start, end=article.sentences[i].end)
             for i in evidence]  # fmt: skip
    return Claim(id=claim_id(text, article.id), claim=text, label="SUPPORTED" if items else
                 "NOT_ENOUGH_INFO", evidence=evidence_groups(items), source=src,
                 method="human", status=status)  # fmt: skip


def test_nothing_is_shared_across_splits_on_the_fixture(seed_articles):
    claims = make_claims(seed_articles[0])
    result = assign_splits(claims, num_articles=1, config=CFG, articles=seed_articles)
    leaks = find_leaks(result)
    assert (leaks.evidence_sentences, leaks.source_sentences, leaks.near_duplicate_pairs) == (
        0, 0, 0)  # fmt: skip
    assert all(result.splits[name] for name in SPLITS)  # the seed fills every split


def test_evidence_sentence_links_a_headline_claim_to_that_sentence(seed_articles):
    a = seed_articles[0]
    # the shipped case: a headline claim cites sentence 4, the source of other claims
    claims = [_claim(a, f"Sentence four, variant {k}, says something else {k * 37}.", source=4,
                     evidence=(4,)) for k in range(3)]  # fmt: skip
    claims.append(_claim(a, "Biden Approves Ukraine Shooting US Missiles", source=None,
                         evidence=(4,)))  # fmt: skip
    result = assign_splits(claims, num_articles=1, config=CFG, articles=seed_articles)
    assert len(set(_where(result).values())) == 1 and result.groups == 1


def test_near_duplicate_claims_share_a_group_across_sentences(seed_articles):
    a = seed_articles[0]
    one = _claim(a, "Congress passed a package totaling nearly $61 billion.", source=3)
    two = _claim(a, "Congress passed a package totaling nearly $45 billion.", source=9)
    other = _claim(a, "Germany followed suit within days of the decision.", source=13)
    result = assign_splits([one, two, other], num_articles=1, config=CFG)
    where = _where(result)
    assert where[one.id] == where[two.id] and result.groups == 2
    # without near duplicates they are separate groups (what `--no-near-duplicates` does)
    plain = assign_splits([one, two, other], num_articles=1,
                          config=SplitConfig(CFG.ratios, near_duplicates=False))  # fmt: skip
    assert plain.groups == 3


def _copies(article: Article, n: int) -> list[Claim]:
    """``n`` near-duplicate claims (one amount changed), each from its own sentence."""
    return [_claim(article, f"Congress passed a package totaling nearly ${40 + k} billion.",
                   source=k) for k in range(n)]  # fmt: skip


def test_near_duplicates_the_grouping_missed_are_joined_before_dealing(seed_articles, monkeypatch):
    # Grouping compares a claim with a bounded number of representatives, and near
    # duplication is not transitive, so it can miss a pair that the leak check's scan
    # (representatives per split) finds. Here it misses all of them: the closing scan
    # alone must bring the copies together.
    from toolkit.dataset import splits

    copies = _copies(seed_articles[0], 12)
    scattered = assign_splits(copies, num_articles=1, config=SplitConfig(CFG.ratios,
                              near_duplicates=False))  # fmt: skip
    assert len(set(_where(scattered).values())) > 1  # dealt alone, they spread

    plain = splits.group_claims
    monkeypatch.setattr(splits, "group_claims", lambda claims, atoms, near=None:
                        plain(claims, atoms))  # fmt: skip
    result = assign_splits(copies, num_articles=1, config=CFG)
    assert len(set(_where(result).values())) == 1 and result.groups == 1
    assert find_leaks(result).total == 0 and result.near_pairs == []


def test_near_duplicates_that_recorded_splits_keep_apart_are_reported(seed_articles):
    one, two = _copies(seed_articles[0], 2)
    recorded = {f"c:{one.id}": "train", f"c:{two.id}": "validation"}  # e.g. a hand edit
    result = assign_splits([one, two], num_articles=1, config=CFG, recorded=recorded)
    assert _where(result) == {one.id: "train", two.id: "validation"}  # never moved
    leaks = find_leaks(result)
    assert leaks.near_duplicate_pairs == 1 and leaks.found[0][0] == (one.id, two.id)


def test_test_split_is_gold_only_and_the_rest_is_withheld_with_a_reason(seed_articles):
    claims = make_claims(seed_articles[0])
    result = assign_splits(claims, num_articles=1, config=CFG)
    assert {c.status for c in result.splits["test"]} == {"gold"}
    assert result.withheld, "the fixture has silver claims in test groups"
    assert all(reason == WITHHELD_NOT_GOLD and c.status != "gold" for c, reason in result.withheld)
    assert sorted(_where(result)) == sorted(c.id for c in claims)  # nothing lost
    for c, _ in result.withheld:  # a withheld claim's group is recorded as a test group
        assert result.assignments[f"c:{c.id}"] == "test"


def test_a_withheld_claim_enters_test_once_gold(seed_articles):
    claims = make_claims(seed_articles[0])
    first = assign_splits(claims, num_articles=1, config=CFG)
    withheld = first.withheld[0][0]
    reviewed = [dataclasses.replace(c, status="gold") if c.id == withheld.id else c
                for c in claims]  # fmt: skip
    again = assign_splits(reviewed, num_articles=1, config=CFG, recorded=first.assignments)
    assert withheld.id in {c.id for c in again.splits["test"]}
    assert not again.changed  # nothing new to record


def test_recorded_groups_never_move_and_new_claims_join_them(seed_articles):
    a = seed_articles[0]
    claims = make_claims(a)
    first = assign_splits(claims, num_articles=1, config=CFG)
    before = _where(first)
    # other ratios and a corpus past the article threshold: recorded groups stay put
    moved = SplitConfig((0.0, 0.0, 1.0), article_groups_from=1)
    later = assign_splits(claims, num_articles=500, config=moved, recorded=first.assignments)
    assert _where(later) == before and not later.changed
    # a new claim about a recorded sentence joins that sentence's split
    sentence = next(c.source.sentence_index for c in first.splits["validation"] if c.source)
    joined = _claim(a, "A brand new wording about something unrelated entirely.",
                    source=sentence)  # fmt: skip
    grown = assign_splits([*claims, joined], num_articles=1, config=CFG,
                          recorded=first.assignments)  # fmt: skip
    assert _where(grown)[joined.id] == "validation" and grown.changed
    # ... and a new group follows the new ratios
    fresh = _claim(a, "Entirely new text about yet another unrelated matter.", source=None)
    only_test = assign_splits([*claims, fresh], num_articles=1,
                              config=SplitConfig((0.0, 0.0, 1.0)), recorded=first.assignments)
    assert _where(only_test)[fresh.id] == "test"
    assert {k: v for k, v in _where(only_test).items() if k in before} == before


def test_a_new_claim_bridging_two_splits_is_withheld_not_moved(seed_articles):
    a = seed_articles[0]
    claims = make_claims(a)
    first = assign_splits(claims, num_articles=1, config=CFG)
    train = next(c.source.sentence_index for c in first.splits["train"] if c.source)
    test = next(c.source.sentence_index for c in first.splits["test"] if c.source)
    bridge = _claim(a, "A claim citing one train and one test sentence together.",
                    source=train, evidence=(train, test))  # fmt: skip
    result = assign_splits([*claims, bridge], num_articles=1, config=CFG,
                           recorded=first.assignments)  # fmt: skip
    assert [(c.id, why.split(":")[0]) for c, why in result.conflicts] == [
        (bridge.id, "touches groups already in train and test")]  # fmt: skip
    assert {k: v for k, v in _where(result).items() if k != bridge.id} == _where(first)
    assert find_leaks(result).total == 0
    assert f"c:{bridge.id}" not in result.assignments  # nothing of it is recorded


def test_articles_first_seen_in_a_large_corpus_are_grouped_whole(seed_articles):
    base = [c for c in make_claims(seed_articles[0]) if c.source is not None]
    claims = []
    for k in range(40):  # 40 fake articles, each with the seed's claims re-pointed to it
        aid = f"{k:016x}"
        for c in base:
            src = dataclasses.replace(c.source, article_id=aid)
            groups = tuple(tuple(dataclasses.replace(e, article_id=aid) for e in g)
                           for g in c.evidence)  # fmt: skip
            claims.append(dataclasses.replace(c, id=f"{k:04d}{c.id[4:]}", source=src,
                                              evidence=groups, status="gold"))  # fmt: skip
    cfg = SplitConfig(CFG.ratios, article_groups_from=30, near_duplicates=False)
    result = assign_splits(claims, num_articles=40, config=cfg)
    assert result.by_article
    seen: dict[str, set[str]] = {}
    for name, rows in result.splits.items():
        for c in rows:
            seen.setdefault(c.article_id, set()).add(name)
    assert all(len(v) == 1 for v in seen.values())
    assert len({next(iter(v)) for v in seen.values()}) == 3
    assert result.groups == 40
    below = assign_splits(claims, num_articles=29, config=cfg)
    assert not below.by_article and below.groups > 40


def test_ratios_are_respected_over_many_groups():
    claims = [
        Claim(id=f"{i:016x}", claim=f"c{i}", label="NOT_ENOUGH_INFO", evidence=(),
              source=ClaimSource(article_id=f"{i:016x}", sentence_index=0, start=0, end=1),
              method="extracted", status="gold")
        for i in range(20_000)
    ]  # fmt: skip
    counts = assign_splits(claims, num_articles=1,
                           config=SplitConfig(near_duplicates=False)).counts()  # fmt: skip
    assert abs(counts["train"] / 20_000 - 0.6) < 0.01
    assert abs(counts["validation"] / 20_000 - 0.2) < 0.01
    assert abs(counts["test"] / 20_000 - 0.2) < 0.01
    only_train = assign_splits(claims[:500], num_articles=1, config=SplitConfig((1.0, 0.0, 0.0)))
    assert only_train.counts() == {"train": 500, "validation": 0, "test": 0}


def test_claims_without_source_are_their_own_group(seed_articles):
    claims = make_claims(seed_articles[0])
    human = next(c for c in claims if c.source is None)  # external evidence only
    result = assign_splits(claims, num_articles=1, config=CFG)
    name = _where(result)[human.id]
    assert result.assignments[f"c:{human.id}"] in (name, "test")
    assert not any(k.startswith("s:") and human.id in k for k in result.assignments)


def test_split_order_is_by_id_whatever_the_input_order(seed_articles):
    claims = make_claims(seed_articles[0])
    a = assign_splits(claims, num_articles=1)
    b = assign_splits(list(reversed(claims)), num_articles=1)
    assert a.splits == b.splits and a.assignments == b.assignments
    for rows in a.splits.values():
        assert [c.id for c in rows] == sorted(c.id for c in rows)


def test_the_splits_file_round_trips_sorted_and_rejects_bad_lines(tmp_path: Path):
    path = tmp_path / "splits.jsonl"
    assert read_assignments(path) == {}  # no file yet: the first build
    write_assignments(path, {"s:b:1": "test", "c:a": "train"})
    assert path.read_text().splitlines() == ['{"key":"c:a","split":"train"}',
                                             '{"key":"s:b:1","split":"test"}']  # fmt: skip
    assert read_assignments(path) == {"c:a": "train", "s:b:1": "test"}
    path.write_text('{"key":"c:a","split":"train"}\n{"key":"c:b","split":"dev"}\n')
    with pytest.raises(DataError) as err:
        read_assignments(path)
    assert str(err.value).startswith(f"{path}:2: expected")


@pytest.mark.parametrize("ratios", [(0.8, 0.1, 0.2), (1.2, -0.1, -0.1), (0.5, 0.5)])
def test_bad_ratios_are_a_usage_error(ratios):
    with pytest.raises(UsageError, match="ratios"):
        SplitConfig(ratios)


def test_split_of_is_a_pure_function_of_key_and_ratios():
    keys = [f"s:{i}" for i in range(1000)]
    first = [split_of(k, (0.8, 0.1, 0.1)) for k in keys]
    assert first == [split_of(k, (0.8, 0.1, 0.1)) for k in keys]
    assert set(Counter(first)) == set(SPLITS)


def test_the_atom_table_holds_each_claim_s_shared_atoms_once_as_ints(seed_articles) -> None:
    from toolkit.dataset.splits import AtomTable, claim_atoms, shared_atoms

    claims = make_claims(seed_articles[0])
    aid = seed_articles[0].id
    whole, clusters = {aid}, {aid: aid}
    table = AtomTable.of(claims, whole=whole, clusters=clusters)
    assert len(table.at) == len(claims) + 1 and table.flat.dtype.itemsize == 4
    for i, c in enumerate(claims):
        atoms = shared_atoms(c, whole=whole, clusters=clusters)
        assert [table.names[k] for k in table.ids(i)] == atoms
        assert claim_atoms(c, whole=whole, clusters=clusters) == [*atoms, f"c:{c.id}"]
        if c.article_id == aid:
            assert f"a:{aid}" in atoms and f"w:{aid}" in atoms
    assert any(table.ids(i) == [] for i in range(len(claims)))  # external evidence alone
    assert len(table.names) == len(set(table.names))  # one int per distinct atom
    empty = AtomTable.of([], whole=set(), clusters={})
    assert list(empty.names) == [] and empty.at.tolist() == [0] and len(empty.flat) == 0


def test_atom_names_read_back_as_the_strings_they_hold() -> None:
    from toolkit.dataset.splits import AtomNames

    strings = ["s:ab12:0", "a:ab12", "w:Zürich–東京", "", "s:ab12:10"]
    names = AtomNames(iter(strings))
    assert len(names) == 5 and list(names) == strings and names[1:4] == strings[1:4]
    assert [names[k] for k in range(-5, 5)] == strings + strings
    assert sorted(range(5), key=names.__getitem__) == sorted(range(5), key=strings.__getitem__)
    for k in (5, -6):
        with pytest.raises(IndexError):
            names[k]
    assert list(AtomNames([])) == [] and len(AtomNames([])) == 0


def _leaks_by_hand(result) -> tuple[int, int, list]:
    """Every sentence two splits touch, with its claims per split in order: the leak
    check's sentence part, written the plain way (a list of claims per sentence)."""
    from toolkit.dataset.splits import SPLITS, sentence_keys

    touched: dict = {}
    source_keys, evidence_keys = set(), set()
    for name in SPLITS:
        for c in result.splits[name]:
            source, evidence = sentence_keys(c)
            source_keys.update(source)
            evidence_keys.update(evidence)
            for key in (*source, *evidence):
                ids = touched.setdefault(key, {}).setdefault(name, [])
                if c.id not in ids:
                    ids.append(c.id)
    shared = sorted(k for k, by in touched.items() if len(by) > 1)
    found = [tuple(c for name in SPLITS for c in touched[k].get(name, ())) for k in shared]
    return (sum(k in evidence_keys for k in shared), sum(k in source_keys for k in shared),
            found)  # fmt: skip


def test_the_leak_check_names_every_sentence_two_splits_share(seed_articles) -> None:
    """Claims dealt to splits at random share many sentences: the check counts and
    names each one, its claims in split order, as a plain scan does."""
    import random

    from toolkit.dataset.splits import SPLITS, SplitResult

    claims = make_claims(seed_articles[0])
    rng = random.Random(7)
    dealt = {name: [] for name in SPLITS}
    for c in claims:
        dealt[rng.choice(SPLITS)].append(c)
    result = SplitResult(splits=dealt)
    leaks = find_leaks(result, near_duplicates=False)
    evidence, source, found = _leaks_by_hand(result)
    assert evidence > 0 and source > 0
    assert (leaks.evidence_sentences, leaks.source_sentences) == (evidence, source)
    assert [ids for ids, _ in leaks.found] == found
    assert all("is used by" in what for _, what in leaks.found)
    alone = SplitResult(splits={"train": claims, "validation": [], "test": []})
    assert find_leaks(alone, near_duplicates=False).total == 0


def _record_by_hand(claims, atoms, roots, names, recorded) -> dict[str, str]:
    """The record as a dict, claim by claim: what the build held before SplitRecord."""
    out = dict(recorded)
    for i, root in enumerate(roots):
        if root in names:
            out.update({atoms.names[a]: names[root] for a in atoms.ids(i)})
            out[f"c:{claims[i].id}"] = names[root]
    return out


@pytest.mark.parametrize("seed", range(8))
def test_the_split_record_streams_the_dict_a_claim_by_claim_record_makes(
    tmp_path: Path, seed: int
) -> None:
    """Random placements over shared atoms, recorded entries the placement agrees with,
    overrides or leaves alone, a bridging group (no split), ids shared by two claims:
    the record's sorted stream, its lookups and its ``changed`` are the dict's."""
    import random
    from types import SimpleNamespace

    import numpy as np

    from toolkit.dataset.splits import AtomTable, RecordedSplits, SplitRecord

    rng = random.Random(seed)
    names = [f"{p}:{rng.randrange(40)}:{k}" for k, p in enumerate(rng.choices("saw", k=30))]
    ids = sorted(f"{rng.randrange(40):02x}" for _ in range(60))
    claims = [SimpleNamespace(id=i) for i in ids]  # sorted, many ids twice or more
    assert len(set(ids)) < len(ids)
    per_claim = [rng.sample(range(len(names)), rng.randrange(4)) for _ in claims]
    at = np.zeros(len(claims) + 1, dtype=np.int64)
    np.cumsum([len(a) for a in per_claim], out=at[1:])
    atoms = AtomTable(names=names, flat=np.array([a for p in per_claim for a in p],
                                                 dtype=np.int32), at=at)  # fmt: skip
    roots = [rng.randrange(8) for _ in claims]
    placed = {r: rng.choice(SPLITS) for r in range(8) if r != 3}  # root 3 bridges
    recorded = {k: rng.choice(SPLITS) for k in rng.sample(names, 10)}
    recorded.update({f"c:{i}": rng.choice(SPLITS) for i in rng.sample(ids, 10)})
    recorded["c:zzzz"] = "train"  # after every new key
    expected = _record_by_hand(claims, atoms, roots, placed, recorded)

    record = SplitRecord(claims, atoms, roots, placed, recorded)
    assert list(record.sorted_items()) == sorted(expected.items())
    compact = SplitRecord(claims, atoms, roots, placed, RecordedSplits(recorded))
    assert list(compact.sorted_items()) == sorted(expected.items())
    assert compact.changed == (expected != recorded) and dict(compact) == expected
    assert record.changed == (expected != recorded)
    assert SplitRecord(claims, atoms, roots, placed, expected).changed is False
    assert SplitRecord(claims, atoms, roots, {}, recorded).changed is False  # adds nothing
    write_assignments(tmp_path / "streamed.jsonl", record)
    write_assignments(tmp_path / "dict.jsonl", expected)
    assert (tmp_path / "streamed.jsonl").read_bytes() == (tmp_path / "dict.jsonl").read_bytes()
    assert dict(record) == expected and len(record) == len(expected)
    assert list(record.sorted_items()) == sorted(expected.items())  # from the dict now


def test_the_sparse_union_find_gives_the_dense_one_s_roots() -> None:
    """Random unions over a thousand ints: the same root (the smallest) for every int,
    and only the ints joined to another are held."""
    import random

    from toolkit.dataset.splits import _SparseUnionFind, _UnionFind

    rng = random.Random(3)
    dense, sparse = _UnionFind(1000), _SparseUnionFind()
    for _ in range(300):
        i, j = rng.randrange(1000), rng.randrange(1000)
        dense.union(i, j)
        sparse.union(i, j)
    assert [sparse.find(i) for i in range(1000)] == [dense.find(i) for i in range(1000)]
    assert 0 < len(sparse.parent) < 1000 - len({dense.find(i) for i in range(1000)}) + 1


@pytest.mark.parametrize("bisect_under", [0, 1000])
def test_recorded_splits_answer_as_the_dict_they_were_read_from(monkeypatch, bisect_under) -> None:
    """Lookups one by one and many at once, present and absent keys, unicode keys,
    sorted iteration; many keys found by one walk through the record or by bisection."""
    from toolkit.dataset import splits
    from toolkit.dataset.splits import RecordedSplits

    monkeypatch.setattr(splits, "_BISECT_UNDER", bisect_under)
    record = {"s:b:1": "test", "c:a": "train", "w:Zürich": "validation", "a:東京": "train",
              "c:": "test"}  # fmt: skip
    compact = RecordedSplits(record)
    assert compact == record and len(compact) == 5 and list(compact) == sorted(record)
    assert list(compact.sorted_items()) == sorted(record.items())
    asked = ["c:a", "c:b", "w:Zürich", "", "a:東京", "s:b:1", "s:b:10", "zz", "c:a"]
    assert compact.get_many(asked) == [record.get(k) for k in asked]
    assert compact.get_many([]) == []
    assert [k in compact for k in asked] == [k in record for k in asked]
    assert compact["c:"] == "test" and compact.get("nope") is None and 3 not in compact
    assert compact.get(3) is None  # not a key, as in a dict
    with pytest.raises(KeyError):
        compact["c:b"]
    empty = RecordedSplits({})
    assert not empty and empty.get_many(["c:a"]) == [None] and list(empty) == []


def test_a_splits_file_out_of_order_or_with_a_key_twice_reads_as_a_dict_would(
    tmp_path: Path,
) -> None:
    """The build writes keys in order, and those go straight into the compact record; a
    hand-edited file may not: the last line of a key wins, as in a dict of the lines."""
    import json

    path = tmp_path / "splits.jsonl"
    for lines in ([("a:1", "train"), ("c:x", "test"), ("s:1:0", "validation")],
                  [("c:x", "test"), ("a:1", "train"), ("c:x", "validation"), ("b:2", "test")],
                  [("a:1", "train"), ("a:1", "test"), ("c:x", "train")]):  # fmt: skip
        path.write_text("".join(json.dumps({"key": k, "split": v}) + "\n" for k, v in lines))
        expected = dict(lines)
        got = read_assignments(path)
        assert got == expected and list(got) == sorted(expected)
        assert got.get_many(sorted(expected)) == [expected[k] for k in sorted(expected)]


def test_grouping_links_claims_the_same_a_block_of_links_at_a_time(seed_articles, monkeypatch):
    """The links of claims sharing an atom, made into ints one small block at a time,
    group the claims as all at once."""
    from toolkit.dataset import splits

    claims = make_claims(seed_articles[0])
    whole = assign_splits(claims, num_articles=1, config=CFG)
    monkeypatch.setattr(splits, "_LINKS", 2)
    blocks = assign_splits(claims, num_articles=1, config=CFG)
    assert _where(blocks) == _where(whole) and blocks.groups == whole.groups
    assert dict(blocks.assignments) == dict(whole.assignments)
