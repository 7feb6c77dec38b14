"""The claims file as the build holds it: a light entry per claim, the whole claim on demand.

Parsed whole, a claim costs about 1.8 KB of Python objects (its evidence quotes, spans,
annotations and strings): 1.8 GB of the build's 3.9 GB peak at a million claims. Yet
grouping, the leak check and the card's tables read a handful of its fields, and only the
Parquet rows and the card's examples need the rest. So the build reads the file once
into :class:`ClaimEntry` records (id, text, label, status, method, rule, source,
the sentences its evidence cites, annotations, and where its line is), and reads a claim
whole again, one ``os.pread`` of its line, only to write its row.

The file stays open from the first read to the last, so a store write that replaces it
meanwhile (an atomic rename, as every claimkit write is) cannot change the rows under
the build: they are the lines that were grouped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import orjson

from toolkit.errors import DataError
from toolkit.jsonl import DEFAULT_MAX_BYTES, read_jsonl_lines
from toolkit.records import Annotation, Claim, decode


class SourceRef(NamedTuple):
    """The sentence a claim comes from (``sentence_index`` None: the headline)."""

    article_id: str
    sentence_index: int | None


class EvidenceRef(NamedTuple):
    """The sentence an evidence item cites (both None for external evidence)."""

    article_id: str | None
    sentence_index: int | None

    @property
    def is_external(self) -> bool:
        return self.article_id is None


@dataclass(frozen=True, slots=True)
class ClaimEntry:
    """What the build keeps of a claim between reading it and writing its row.

    It answers what :mod:`toolkit.dataset.splits`, the leak check and the card ask of a
    :class:`~toolkit.records.Claim` (the same attribute names), without the evidence
    quotes. ``offset`` and ``length`` locate its line in the claims file.
    """

    id: str
    claim: str
    label: str
    status: str
    method: str
    rule: str | None
    source: SourceRef | None
    evidence_items: tuple[EvidenceRef, ...]
    annotations: tuple[Annotation, ...]
    offset: int
    length: int

    @property
    def article_id(self) -> str | None:
        return self.source.article_id if self.source else None


class ClaimFile:
    """An open claims file and its entries, in file order; a context manager (closes it).

    ``entries`` is filled by :meth:`read` (every line decoded, so a record that does
    not decode fails here, as it would in a plain read); :meth:`claims` reads entries
    whole again.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._file = open(self.path, "rb")  # noqa: SIM115 - held until close()
        self.entries: list[ClaimEntry] = []

    def read(self, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ClaimFile:
        """Fill :attr:`entries` from the whole file (again, if called twice); ``self``."""
        # Repeated strings (labels, statuses, methods, rules, article ids) are shared:
        # each decoded line would otherwise hold copies of its own.
        pool: dict[str, str] = {}
        share = pool.setdefault
        entries = self.entries = []
        self._file.seek(0)
        for _, (offset, length), obj in read_jsonl_lines(self._file, self.path,
                                                         max_bytes=max_bytes):  # fmt: skip
            c = decode(Claim, obj)
            src = c.source
            evidence = tuple(EvidenceRef(e.article_id and share(e.article_id, e.article_id),
                                         e.sentence_index) for e in c.evidence_items)  # fmt: skip
            entries.append(ClaimEntry(
                id=c.id, claim=c.claim, label=share(c.label, c.label),
                status=share(c.status, c.status), method=share(c.method, c.method),
                rule=c.rule and share(c.rule, c.rule),
                source=src and SourceRef(share(src.article_id, src.article_id),
                                         src.sentence_index),
                evidence_items=evidence, annotations=c.annotations,
                offset=offset, length=length,
            ))  # fmt: skip
        return self

    def claims(self, entries: Iterable[ClaimEntry]) -> Iterator[Claim]:
        """The whole claim of each entry, in the order given, read from its line.

        A file rewritten in place meanwhile (an editor that overwrites rather than
        renames) no longer holds the entry's claim at its offset: that is a DataError
        asking for the build to be run again, not a half-read dataset.
        """
        fd = self._file.fileno()
        for e in entries:
            try:
                claim = decode(Claim, orjson.loads(os.pread(fd, e.length, e.offset)))
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
                claim = None
            if claim is None or claim.id != e.id:
                raise DataError(
                    f"changed while the build read it: claim {e.id} is no longer at byte"
                    f" {e.offset}; run the build again", path=self.path)
            yield claim

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> ClaimFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["ClaimEntry", "ClaimFile", "EvidenceRef", "SourceRef"]
