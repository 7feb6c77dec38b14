"""``claimkit extract``: articles to labeled claims, merged with the reviewed ones.

:func:`extract_stream` is the stage (records in, records out, one article at a time so
memory stays flat in the corpus size); :func:`extract` collects it for callers that want
lists; :func:`run_extract` is the edge that reads ``data/articles.jsonl`` and the
existing claims file and writes the claims and the rejects atomically. Same inputs and
seed give byte-identical files.

Output order: articles in input order (ingest writes them sorted by id), each article's
claims by :func:`~toolkit.claims.generate.sort_key`; then kept claims whose article is
not in the input (or that have no source), also by that key.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

from toolkit.claims.generate import LabelCap, NegationCap, RuleCap, generate, sort_key
from toolkit.claims.heldout import HELDOUT_SHARE, Corpus
from toolkit.claims.merge import is_human_work
from toolkit.claims.rules import get_rules
from toolkit.engine import Engine
from toolkit.jsonl import atomic_writer, dumps
from toolkit.outputs import StageResult, check_output_file, open_rejects, reject_line
from toolkit.records import Article, Claim, Rejected, encode
from toolkit.store import Store

#: Where the held-out article ids are recorded, next to the claims file.
HELDOUT_FILE = "heldout.txt"


@dataclass
class ExtractResult(StageResult):
    """Counts for the summary line; ``claims``/``rejected`` are filled by :func:`extract`
    (a streaming run only counts)."""

    SUMMARY = ("{total} claim(s) from {articles} article(s) ({labels*}); {kept} kept from"
               " review; {held_out} article(s) held out; rejects: {stages*}")

    claims: list[Claim] = field(default_factory=list)
    articles: int = 0
    kept: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    stages: Counter[str] = field(default_factory=Counter)
    held_out: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.labels.values())

    def count(self, item: Claim | Rejected | EncodedReject) -> None:
        if isinstance(item, Claim):
            self.labels[item.label] += 1
        else:
            self.stages[item.stage] += 1


class EncodedReject(NamedTuple):
    """A generation reject already encoded, as an engine's worker returns it: its stage
    and article (for the counts and the per-article merge) and its rejects-file line.

    Why: about half of what generation returns is rejects, which the client only counts
    and writes. Encoding them where they are made spares the client unpickling and
    encoding each one, and the client is the part of a Dask run that does not scale.
    """

    stage: str
    article_id: str | None
    line: bytes


def _stale(c: Claim) -> Rejected:
    return Rejected.of_claim("stale", "unreviewed silver claim no longer generated", c)


def extract_stream(
    articles: Iterable[Article],
    existing: Callable[[], Iterable[Claim]] = tuple,
    *,
    seed: int = 0,
    rules: Sequence[str] | None = None,
    result: ExtractResult | None = None,
    corpus: Corpus | None = None,
    engine: Engine | None = None,
) -> Iterator[Claim | Rejected | EncodedReject]:
    """Claims and rejects for ``articles``, merged with the ``existing`` claims.

    ``existing`` gives the current claims each time it is called (it is called twice,
    so a large claims file is streamed rather than held). Human work in it (see
    :func:`~toolkit.claims.merge.is_human_work`) is kept exactly and wins over a
    generated claim with the same id; other existing claims are regenerated, and those
    no longer generated become ``stale`` rejects. ``result``, when given, is updated
    with counts as items pass. ``corpus`` (see :class:`~toolkit.claims.heldout.Corpus`)
    holds the articles out of the evidence corpus and the names to draw replacements
    from; without it nothing is held out. ``engine`` (see :mod:`toolkit.engine`) runs
    the per-article generation over partitions of ``articles`` on its workers, sharing
    one ``corpus``; the caps and the merge run here, over results in input order, so
    the output is the same whichever engine ran. Generation's rejects then come as
    :class:`EncodedReject` lines rather than :class:`~toolkit.records.Rejected` records.
    """
    chosen = get_rules(rules)
    tally = result if result is not None else ExtractResult()
    shares = LabelCap(seed=seed)
    rule_shares = RuleCap(seed=seed)
    kept: dict[str | None, list[Claim]] = defaultdict(list)
    kept_ids: set[str] = set()
    silver: set[str] = set()
    for c in existing():
        if is_human_work(c):
            kept[c.article_id].append(c)
            kept_ids.add(c.id)
        else:
            silver.add(c.id)
    tally.kept = len(kept_ids)
    cap = NegationCap(seed=seed)

    def counted(items: Iterable[Article]) -> Iterator[Article]:
        for a in items:
            tally.articles += 1
            yield a

    def article_of(item: Claim | Rejected | EncodedReject) -> str | None:
        return item.article_id

    if engine is None:
        stream = generate(counted(articles), chosen, seed=seed, corpus=corpus)
    else:
        parts = engine.map(generate_partition, counted(articles), chosen, seed, corpus)
        stream = (item for part in parts for item in part)
    for aid, group in groupby(stream, key=article_of):
        claims: list[Claim] = []
        for item in group:
            if not isinstance(item, Claim):
                tally.count(item)
                yield item
            elif item.id not in kept_ids:
                claims.append(item)
                silver.discard(item.id)
        claims, capped = cap.apply(claims)
        claims, dominant = rule_shares.apply(claims)
        claims, over = shares.apply(claims)
        for r in (*capped, *dominant, *over):
            tally.count(r)
            yield r
        for c in sorted([*claims, *kept.pop(aid, [])], key=sort_key):
            tally.count(c)
            yield c
    for c in sorted((c for group in kept.values() for c in group), key=sort_key):
        tally.count(c)
        yield c
    if silver:
        for c in existing():
            if c.id in silver:
                r = _stale(c)
                tally.count(r)
                yield r


def generate_partition(
    articles: list[Article], rules: list, seed: int, corpus: Corpus | None
) -> list[Claim | EncodedReject]:
    """The claims and (encoded) rejects :func:`~toolkit.claims.generate.generate` makes
    for one partition of articles: the per-article work an engine's workers run."""
    return [
        EncodedReject(x.stage, x.article_id, reject_line(x)) if isinstance(x, Rejected) else x
        for x in generate(articles, rules, seed=seed, corpus=corpus)
    ]


def extract(
    articles: Iterable[Article],
    existing: Iterable[Claim] = (),
    *,
    seed: int = 0,
    rules: Sequence[str] | None = None,
    heldout_share: float = HELDOUT_SHARE,
) -> ExtractResult:
    """:func:`extract_stream` collected into lists (held-out share as given)."""
    result = ExtractResult()
    known = list(existing)
    articles = list(articles)
    corpus = Corpus.build(articles, share=heldout_share)
    result.held_out = corpus.held_out
    stream = extract_stream(articles, lambda: known, seed=seed, rules=rules, result=result,
                            corpus=corpus)  # fmt: skip
    for item in stream:
        (result.rejected if isinstance(item, Rejected) else result.claims).append(item)  # type: ignore[arg-type]
    return result


def run_extract(
    articles_path: Path,
    out: Path,
    rejects_path: Path,
    *,
    seed: int = 0,
    rules: Sequence[str] | None = None,
    heldout_share: float = HELDOUT_SHARE,
    engine: Engine | None = None,
) -> ExtractResult:
    """Read articles and ``out`` (if it exists), extract, write claims and rejects.

    The articles are read twice: once to index the published corpus (held-out choice,
    names, retrieval), once to generate. The held-out ids go to ``heldout.txt`` (one
    per line) next to ``out``. The corpus is built once, here, and ``engine`` (if
    given) shares it with its workers (see :func:`extract_stream`). Every output is
    written atomically (to temporary files renamed at the end), so a bad input anywhere
    leaves the old files untouched.
    """
    store = Store.of(claims=out, articles=articles_path)

    def read_articles() -> Iterator[Article]:
        return (a for _, a in store.iter_articles(required=True))

    def existing() -> Iterator[Claim]:
        return (c for _, c in store.iter_claims())

    corpus = Corpus.build(read_articles(), share=heldout_share, engine=engine)

    check_output_file(rejects_path, inputs=[articles_path, out], store_writer=True)
    result = ExtractResult()
    result.held_out = corpus.held_out
    stream = extract_stream(read_articles(), existing, seed=seed, rules=rules,
                            result=result, corpus=corpus, engine=engine)  # fmt: skip
    heldout_path = out.parent / HELDOUT_FILE
    with (store.lock(),
          open_rejects(rejects_path) as reject, atomic_writer(out) as cf,
          atomic_writer(heldout_path) as hf):  # fmt: skip
        for item in stream:
            if isinstance(item, Claim):
                cf.write(dumps(encode(item)))
            else:
                reject(item.line if isinstance(item, EncodedReject) else item)
        for aid in sorted(corpus.held_out):
            hf.write(f"{aid}\n".encode())
    return result
