"""Claims and rejects as a remote engine's workers encode them: the same lines, the same
cap decisions, as the records the single-process path keeps."""

from __future__ import annotations

import dataclasses
import json
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from toolkit.claims.encoded import (
    CAP_TAGS,
    EncodedClaim,
    EncodedReject,
    EncodedRejects,
    cap_hash,
    claim_reject,
)
from toolkit.claims.extract import generate_partition
from toolkit.claims.generate import LabelCap, NegationCap, RuleCap, sort_key
from toolkit.claims.heldout import Corpus
from toolkit.claims.rules import get_rules
from toolkit.ingest import ingest
from toolkit.outputs import reject_line
from toolkit.records import Claim, ClaimSource, Rejected, sha256_hex

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import newswire  # noqa: E402


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list:
    src = tmp_path_factory.mktemp("encoded") / "news.jsonl"
    newswire.write_articles(src, 24, seed=11)
    return ingest([src]).articles


@pytest.fixture(scope="module")
def generated(articles: list) -> tuple[Corpus, list]:
    corpus = Corpus.build(articles)
    assert corpus.held_out, "some articles are held out, so settled rejects occur"
    return corpus, generate_partition(articles, get_rules(None), 0, corpus, encoded=False)


def _claims(generated: tuple[Corpus, list]) -> list[Claim]:
    return [x for x in generated[1] if isinstance(x, Claim)]


REASONS = ["REFUTED over 35% of the claims so far", "", 'a "quoted" reason\nover two lines',
           "Zürich – “naïve” 🚀 \\ \u2028"]  # fmt: skip


def test_a_reject_made_from_the_tail_is_the_record_s_line(generated) -> None:
    claims = _claims(generated)
    odd = dataclasses.replace(claims[0], source=None, rule=None, checkworthiness=None,
                              claim="Ünïcode “claim”\twith a tab")  # fmt: skip
    headline = dataclasses.replace(
        claims[1], source=ClaimSource(claims[1].article_id, None, 0, 12, headline=True))
    for c in [*claims, odd, headline]:
        enc = EncodedClaim.of(c, sort_key(c), 0)
        for stage in ("negation_cap", "label_share", "rule_share", "stale"):
            for reason in REASONS:
                made = claim_reject(stage, reason, enc)
                assert made.line == reject_line(claim_reject(stage, reason, c))
                assert (made.stage, made.article_id) == (stage, c.article_id)
        assert json.loads(enc.line)["id"] == c.id and enc.key == sort_key(c)


def test_cap_hashes_come_with_the_claim_for_its_seed_only(generated) -> None:
    c = _claims(generated)[0]
    enc = EncodedClaim.of(c, sort_key(c), 5)
    for which, tag in enumerate(CAP_TAGS):
        for seed in (5, 6):
            want = sha256_hex(f"{seed}\0{tag}{c.id}")
            assert cap_hash(enc, seed, which) == cap_hash(c, seed, which) == want
    assert enc.hashes[0] != enc.hashes[1] != enc.hashes[2]


def test_caps_decide_the_same_on_encoded_claims(generated) -> None:
    """The three caps, fed article by article, keep and drop the same claims and write
    the same reject lines, whether they get records or encoded claims."""
    claims = _claims(generated)
    by_article: dict[str | None, list[Claim]] = {}
    for c in claims:
        by_article.setdefault(c.article_id, []).append(c)
    for seed in (0, 3):
        runs = []
        for encoded in (False, True):
            caps = [NegationCap(seed=seed, cap=0.05), RuleCap(seed=seed),
                    LabelCap(seed=seed, cap=0.3)]  # fmt: skip
            kept_ids, lines = [], []
            for group in by_article.values():
                batch = [EncodedClaim.of(c, sort_key(c), 0) for c in group] if encoded else group
                for cap in caps:
                    batch, dropped = cap.apply(batch)
                    lines += [r.line if isinstance(r, EncodedReject) else reject_line(r)
                              for r in dropped]  # fmt: skip
                kept_ids += [c.id for c in batch]
            runs.append((kept_ids, lines))
        assert runs[0] == runs[1]
        stages = {json.loads(line)["stage"] for line in runs[0][1]}
        assert stages == {"negation_cap", "rule_share", "label_share"}, "every cap dropped some"


def test_encoded_partition_is_the_records_partition(generated, articles) -> None:
    corpus, records = generated
    encoded = generate_partition(articles, get_rules(None), 0, corpus, encoded=True)
    assert {type(x) for x in encoded} == {EncodedClaim, EncodedRejects}
    # The same items in the same order: each run of rejects of one article is one item.
    flat_lines, flat_stages = [], []
    for x in encoded:
        if isinstance(x, EncodedRejects):
            assert x.lines.count(b"\n") == len(x.stages) >= 1
            assert {json.loads(r)["article_id"] for r in x.lines.splitlines()} == {x.article_id}
            flat_lines.append(x.lines)
            flat_stages += x.stages
        else:
            flat_lines.append(x.line)
    want = [reject_line(x) if isinstance(x, Rejected) else EncodedClaim.of(x, sort_key(x), 0).line
            for x in records]  # fmt: skip
    assert b"".join(flat_lines) == b"".join(want)
    assert flat_stages == [x.stage for x in records if isinstance(x, Rejected)]
    assert {"settled", "per_sentence", "headline"} <= set(flat_stages)
    for a, b in pairwise(encoded):
        assert not (isinstance(a, EncodedRejects) and isinstance(b, EncodedRejects)
                    and a.article_id == b.article_id), "runs of one article are joined"  # fmt: skip
