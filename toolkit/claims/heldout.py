"""Held-out articles: the source of NOT_ENOUGH_INFO claims shaped like every other claim.

A deterministic, hash-chosen share of the articles (:data:`HELDOUT_SHARE`; none while
the corpus has fewer than :data:`MIN_ARTICLES`) is kept out of the evidence corpus: it is not published in the ``articles`` config. Claims
extracted and edited from a held-out article, by the same rules as from any other, are
NOT_ENOUGH_INFO: the published corpus holds no evidence for them. The choice depends
only on the article id, so it never changes as data grows; ``claimkit extract`` records
it in ``data/heldout.txt`` (one article id per line).

The corpus may still settle such a claim (the same story in two articles). Each one is
checked by BM25 retrieval (bm25s, through the open-setting baseline's index) against
the published sentences; a claim whose best hit covers :data:`SETTLE_OVERLAP` of its
content words is dropped with that reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.records import Article, CorpusSentence, sha256_hex

#: Share of articles held out of the evidence corpus.
HELDOUT_SHARE = 0.15
#: Share of a claim's content words that one corpus sentence must hold to settle it.
SETTLE_OVERLAP = 0.6
#: A corpus smaller than this holds nothing out: the evidence corpus would be too thin
#: (a one-article seed would have none). The choice then changes once, when the corpus
#: first reaches this size, and never again.
MIN_ARTICLES = 10
#: Names per entity type kept for replacements drawn from the corpus.
POOL_SIZE = 200


def corpus_partition(articles: list[Article], share: float) -> list[tuple]:
    """``(id, held out?, names by type, corpus sentences)`` per article: the per-article
    work of :meth:`Corpus.build`, run on an engine's workers."""
    from toolkit.claims.rules.entities import article_types

    return [
        (a.id, held, article_types(a),
         [] if held else [CorpusSentence(a.id, s.index, a.sentence_text(s.index))
                          for s in a.sentences])
        for a in articles
        for held in (is_held_out(a.id, share),)
    ]  # fmt: skip


def corpus_lines(lines: list[tuple[int, bytes]], path: str, share: float) -> list[tuple]:
    """:func:`corpus_partition` of a batch of ``(line, bytes)`` of the articles file
    ``path``, parsed here (on the worker), each row led by its line number.

    A bad line ends the batch with ``(line, error)``: the client raises it after checking
    the ids before it, so the first problem in file order is the one reported, as when
    one process reads the file.
    """
    from toolkit.errors import DataError
    from toolkit.store import articles_of_lines

    rows: list[tuple] = []
    for lineno, raw in lines:
        try:
            (article,) = articles_of_lines(path, [(lineno, raw)])
        except DataError as exc:
            rows.append((lineno, exc))
            break
        rows.append((lineno, *corpus_partition([article], share)[0]))
    return rows


def is_held_out(article_id: str, share: float = HELDOUT_SHARE) -> bool:
    """Whether ``article_id`` is held out: its hash, read as a fraction, is under ``share``."""
    return int(sha256_hex(f"heldout\0{article_id}")[:8], 16) / 0x100000000 < share


@dataclass
class Corpus:
    """What extraction needs to know about the published corpus as a whole.

    ``pool``: names by entity type, most frequent first, for replacements; ``settles``
    tells, for held-out claims, why the published corpus already decides them.
    """

    share: float = HELDOUT_SHARE
    held_out: list[str] = field(default_factory=list)
    pool: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _retriever: object | None = None
    _held: set[str] | None = None
    _sentences: list = field(default_factory=list)

    @classmethod
    def build(
        cls, articles: Iterable[Article], *, share: float = HELDOUT_SHARE, engine: Any = None
    ) -> Corpus:
        """One pass over ``articles``: held-out ids, entity pool, retrieval index.

        The per-article part (finding names, listing sentences) runs on ``engine``'s
        workers when one is given (see :mod:`toolkit.engine`); the pool and the index
        are then assembled here, in input order, exactly as without it.
        """
        if engine is None:
            parts: Iterable[list] = (corpus_partition([a], share) for a in articles)
        else:
            parts = engine.map(corpus_partition, articles, share)
        return cls._assemble((row for part in parts for row in part), share)

    @classmethod
    def of_lines(
        cls, path: Path, lines: Iterable[tuple[int, bytes]], *, engine: Any,
        share: float = HELDOUT_SHARE,
    ) -> Corpus:  # fmt: skip
        """:meth:`build` from the ``(line, bytes)`` pairs of the articles file ``path``
        (:meth:`~toolkit.store.Store.article_lines`): the engine's workers parse and
        check them (with a remote engine this process decodes no article), and here each
        id is checked to be new (a repeated one is a one-line error naming both lines).
        Of several problems, the first in file order is the one raised."""
        from toolkit.errors import DataError
        from toolkit.store import UniqueIds, UntilError

        ids = UniqueIds(path)
        source = UntilError(lines)

        def rows() -> Iterator[tuple]:
            for part in engine.map(corpus_lines, source, str(path), share):
                for lineno, *row in part:
                    if isinstance(row[0], DataError):  # the batch's bad line (corpus_lines)
                        raise row[0]
                    ids.add(row[0], lineno)
                    yield row
            source.raise_error()  # the reader's, after every line before it

        return cls._assemble(rows(), share)

    @classmethod
    def _assemble(cls, rows: Iterable[tuple], share: float) -> Corpus:
        """The corpus from :func:`corpus_partition`'s rows, in input order."""
        corpus = cls(share=share)
        counts: dict[str, Counter[str]] = {}
        pending: list[dict[str, str]] = []
        total = 0
        for aid, held, types, sentences in rows:
            total += 1
            if held:
                corpus.held_out.append(aid)
                pending.append(types)
                continue
            for name, kind in types.items():
                counts.setdefault(kind, Counter())[name] += 1
            corpus._sentences.extend(sentences)
        if total < MIN_ARTICLES:
            corpus.held_out = []
            for types in pending:
                for name, kind in types.items():
                    counts.setdefault(kind, Counter())[name] += 1
        corpus.pool = {
            kind: tuple(n for n, _ in sorted(c.items(), key=lambda x: (-x[1], x[0]))[:POOL_SIZE])
            for kind, c in sorted(counts.items())
        }
        if corpus.held_out and corpus._sentences:
            from toolkit.bm25 import SentenceIndex

            corpus._retriever = SentenceIndex(corpus._sentences, depth=1, n_threads=0)
        corpus._sentences = []  # the retriever keeps what it needs
        return corpus

    def is_held_out(self, article_id: str) -> bool:
        """Whether ``article_id`` was held out when this corpus was built."""
        if self._held is None or len(self._held) != len(self.held_out):
            self._held = set(self.held_out)
        return article_id in self._held

    def settles(self, claims: Sequence[str]) -> list[str | None]:
        """For each claim, why the published corpus decides it, or None if it does not."""
        if self._retriever is None or not claims:
            return [None] * len(claims)
        r = self._retriever
        out: list[str | None] = []
        for claim, best in zip(claims, r.nearest(list(claims)), strict=True):
            overlap = 0.0 if best is None else r.overlap(claim, best)
            if best is None or not overlap:
                out.append(None)
                continue
            top = r.sentences[best]
            out.append(
                f"the published corpus settles it: article {top.article_id} sentence "
                f"{top.index} holds {overlap:.0%} of its content words"
                if overlap >= SETTLE_OVERLAP else None
            )
        return out
