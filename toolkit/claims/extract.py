"""``claimkit extract``: articles to labeled claims, merged with the reviewed ones.

:func:`extract_stream` is the stage (articles in; claims and rejects out, as records or
as the lines a remote engine's workers encoded; one article at a time so memory stays
flat in the corpus size); :func:`extract` collects it for callers that want
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

from toolkit.claims.encoded import EncodedClaim, EncodedReject, EncodedRejects
from toolkit.claims.generate import LabelCap, NegationCap, RuleCap, generate, sort_key
from toolkit.claims.heldout import HELDOUT_SHARE, Corpus
from toolkit.claims.merge import is_human_work
from toolkit.claims.rules import get_rules
from toolkit.engine import Engine, LocalEngine
from toolkit.errors import DataError
from toolkit.jsonl import atomic_writer, dumps
from toolkit.outputs import StageResult, check_output_file, open_rejects, reject_line
from toolkit.records import Article, Claim, Rejected, encode
from toolkit.store import Store, UntilError, articles_of_lines

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

    def count(self, item: Claim | EncodedClaim | Rejected | EncodedReject | EncodedRejects) -> None:
        if isinstance(item, Claim | EncodedClaim):
            self.labels[item.label] += 1
        elif isinstance(item, EncodedRejects):
            self.stages.update(item.stages)
        else:
            self.stages[item.stage] += 1


def _stale(c: Claim) -> Rejected:
    return Rejected.of_claim("stale", "unreviewed silver claim no longer generated", c)


def extract_stream(
    articles: Iterable[Article] | Iterable[tuple[int, bytes]],
    existing: Callable[[], Iterable[Claim]] = tuple,
    *,
    seed: int = 0,
    rules: Sequence[str] | None = None,
    result: ExtractResult | None = None,
    corpus: Corpus | None = None,
    engine: Engine | None = None,
    lines_of: Path | None = None,
) -> Iterator[Claim | EncodedClaim | Rejected | EncodedReject | EncodedRejects]:
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
    the output is the same whichever engine ran. From a remote engine
    (:attr:`~toolkit.engine.Engine.remote`) generated claims and rejects come already
    encoded, as :class:`~toolkit.claims.encoded.EncodedClaim`,
    :class:`~toolkit.claims.encoded.EncodedRejects` and (from the caps)
    :class:`~toolkit.claims.encoded.EncodedReject` (kept human work stays a ``Claim``).
    With ``lines_of`` (and an ``engine``), ``articles`` are the ``(line, bytes)`` pairs
    of that articles file (:meth:`~toolkit.store.Store.article_lines`), which the
    engine parses where it runs (a remote engine's workers: this process then decodes
    no article).
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

    def article_of(item: Claim | EncodedClaim | Rejected | EncodedReject | EncodedRejects) -> str | None:
        return item.article_id

    def file_order(c: Claim | EncodedClaim) -> tuple:
        return c.key if isinstance(c, EncodedClaim) else sort_key(c)

    source = None
    if lines_of is not None:
        if engine is None:
            raise ValueError("lines_of needs an engine to parse the lines on")
        source = UntilError(articles)  # type: ignore[arg-type]
        parts = engine.map(generate_lines, counted(source), str(lines_of), chosen, seed,  # type: ignore[arg-type]
                           corpus, engine.remote)  # fmt: skip
        stream = (item for part in parts for item in part)
    elif engine is None:
        stream = generate(counted(articles), chosen, seed=seed, corpus=corpus)
    else:
        parts = engine.map(generate_partition, counted(articles), chosen, seed, corpus,
                           engine.remote)  # fmt: skip
        stream = (item for part in parts for item in part)
    for aid, group in groupby(stream, key=article_of):
        claims: list[Claim | EncodedClaim] = []
        for item in group:
            if not isinstance(item, Claim | EncodedClaim):
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
        for c in sorted([*claims, *kept.pop(aid, [])], key=file_order):
            tally.count(c)
            yield c
    if source is not None:
        source.raise_error()  # a reader's error, after every line before it
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
    articles: list[Article], rules: list, seed: int, corpus: Corpus | None,
    encoded: bool = False,
) -> list[Claim | Rejected] | list[EncodedClaim | EncodedRejects]:  # fmt: skip
    """The claims and rejects :func:`~toolkit.claims.generate.generate` makes for one
    partition of articles: the per-article work an engine's workers run.

    ``encoded`` (for a remote engine's workers): claims as
    :class:`~toolkit.claims.encoded.EncodedClaim`, each run of rejects of one article
    as one :class:`~toolkit.claims.encoded.EncodedRejects`; otherwise the records.
    """
    if not encoded:
        return list(generate(articles, rules, seed=seed, corpus=corpus))
    out: list[EncodedClaim | EncodedRejects] = []
    aid: str | None = None
    stages: list[str] = []
    lines: list[bytes] = []

    def flush() -> None:
        if lines:
            out.append(EncodedRejects(aid, tuple(stages), b"".join(lines)))
            stages.clear()
            lines.clear()

    for x in generate(articles, rules, seed=seed, corpus=corpus):
        if isinstance(x, Rejected):
            if x.article_id != aid:
                flush()
                aid = x.article_id
            stages.append(x.stage)
            lines.append(reject_line(x))
        else:
            flush()
            out.append(EncodedClaim.of(x, sort_key(x), seed))
    flush()
    return out


def generate_lines(
    lines: list[tuple[int, bytes]], path: str, rules: list, seed: int, corpus: Corpus | None,
    encoded: bool,
) -> list[Claim | Rejected] | list[EncodedClaim | EncodedRejects]:  # fmt: skip
    """:func:`generate_partition` of a batch of ``(line, bytes)`` of the articles file
    ``path``, parsed and checked here, on the worker."""
    return generate_partition(articles_of_lines(path, lines), rules, seed, corpus, encoded)


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


def _identity(path: Path) -> tuple[int, int, int]:
    """What tells a file changed between two reads: its inode, size and modification time."""
    st = path.stat()
    return st.st_ino, st.st_size, st.st_mtime_ns


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
    engine = engine or LocalEngine()

    def existing() -> Iterator[Claim]:
        return (c for _, c in store.iter_claims())

    check_output_file(rejects_path, inputs=[articles_path, out], store_writer=True)
    heldout_path = out.parent / HELDOUT_FILE
    # Both passes run under the lock, so no other claimkit command changes the
    # articles between them; the file's identity is compared too, for other editors.
    with store.lock():
        lines = store.article_lines(required=True)  # a missing file is an error here
        before = _identity(articles_path)
        corpus = Corpus.of_lines(articles_path, lines, share=heldout_share, engine=engine)
        result = ExtractResult()
        result.held_out = corpus.held_out
        stream = extract_stream(store.article_lines(required=True), existing, seed=seed,
                                rules=rules, result=result, corpus=corpus, engine=engine,
                                lines_of=articles_path)  # fmt: skip
        with (open_rejects(rejects_path) as reject, atomic_writer(out) as cf,
              atomic_writer(heldout_path) as hf):  # fmt: skip
            for item in stream:
                if isinstance(item, EncodedClaim):
                    cf.write(item.line)
                elif isinstance(item, Claim):
                    cf.write(dumps(encode(item)))
                elif isinstance(item, EncodedRejects):
                    reject(item.lines)
                else:
                    reject(item.line if isinstance(item, EncodedReject) else item)
            for aid in sorted(corpus.held_out):
                hf.write(f"{aid}\n".encode())
            if _identity(articles_path) != before:
                raise DataError("changed while extract read it (it is read twice); "
                                "run extract again", path=articles_path)  # fmt: skip
    return result
