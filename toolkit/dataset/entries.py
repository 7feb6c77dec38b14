"""The data files as the build holds them: a light entry per record, the whole record on demand.

Parsed whole, a claim costs about 1.8 KB of Python objects (its evidence quotes, spans,
annotations and strings), 1.8 GB of the build's 3.9 GB peak at a million claims; an
article costs about 7.4 KB (its sentence and block spans), five times its text. Yet
grouping, the leak check and the card read a handful of fields, and only the Parquet
rows and the card's examples need the rest. So the build reads each file once into
entries (:class:`ClaimEntry`: id, label, status, method, rule, source, the sentences its
evidence cites, annotations; :class:`ArticleEntry`: id, title, source, boilerplate,
sentence count), each with where its line is, and reads a record whole again, one
``os.pread`` of its line, only to write its row.

A claim's text is read from its line too (:attr:`ClaimEntry.claim`): grouping reads
each one once, to keep its normalized bytes (:class:`~toolkit.neardup.ClaimSimilarity`),
and held in every entry the texts were 155 MB at a million claims. The sentences a
claim comes from and cites are one :class:`SentenceRef` object per sentence of the file
(a claim's evidence is most often its own source sentence), and one tuple per set of
cited sentences.

A file stays open from the first read to the last, so a store write that replaces it
meanwhile (an atomic rename, as every claimkit write is) cannot change the rows under
the build: they are the lines that were grouped. A file overwritten in place is caught
when a record is read again (:meth:`RecordFile.records`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

import orjson

from toolkit.errors import DataError
from toolkit.jsonl import DEFAULT_MAX_BYTES, read_jsonl_lines
from toolkit.records import Annotation, Article, ArticleSource, Boilerplate, Claim, decode

E = TypeVar("E")

#: ``entry(record, offset, length, share, lines)``: the entry of one decoded record, whose
#: line ``lines`` reads again, where ``share(x)`` returns one object for every equal
#: string or reference of the file.
EntryOf = Callable[[Any, int, int, Callable[[Any], Any], "LineReader"], E]


class SentenceRef(NamedTuple):
    """A sentence a claim comes from or cites: ``sentence_index`` None is the headline
    as a source; both None is external evidence."""

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
    quotes; :attr:`claim` is read from the file when asked for. ``where`` locates its
    line in ``file`` (:func:`_where`).
    """

    id: str
    label: str
    status: str
    method: str
    rule: str | None
    source: SentenceRef | None
    evidence_items: tuple[SentenceRef, ...]
    annotations: tuple[Annotation, ...]
    where: int
    file: LineReader = field(repr=False, compare=False)

    offset = property(lambda self: self.where >> _LENGTH_BITS, doc="Where the line starts.")
    length = property(lambda self: self.where & _LENGTH_MASK, doc="The line's bytes.")

    @property
    def article_id(self) -> str | None:
        return self.source.article_id if self.source else None

    @property
    def claim(self) -> str:
        """The claim's text, read from its line."""
        text = self.file.field(self, "claim")
        if not isinstance(text, str):
            raise self.file.moved(self)
        return text

    @classmethod
    def of(cls, c: Claim, offset: int, length: int, share: Callable[[Any], Any],
           file: LineReader) -> ClaimEntry:  # fmt: skip
        src = c.source
        return cls(
            id=c.id, label=share(c.label), status=share(c.status),
            method=share(c.method), rule=c.rule and share(c.rule),
            source=src and share(SentenceRef(share(src.article_id), src.sentence_index)),
            evidence_items=share(tuple(share(SentenceRef(e.article_id and share(e.article_id),
                                                         e.sentence_index))
                                       for e in c.evidence_items)),
            annotations=c.annotations, where=_where(offset, length), file=file,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """What the build keeps of an article: what the card and the splits read of an
    :class:`~toolkit.records.Article`, under the same names. ``sentences`` is
    ``range(number of sentences)``, the article's sentence indexes, not the spans."""

    id: str
    title: str
    source: ArticleSource
    boilerplate: tuple[Boilerplate, ...]
    sentences: range
    where: int

    offset = property(lambda self: self.where >> _LENGTH_BITS, doc="Where the line starts.")
    length = property(lambda self: self.where & _LENGTH_MASK, doc="The line's bytes.")

    @classmethod
    def of(cls, a: Article, offset: int, length: int, share: Callable[[Any], Any],
           file: LineReader) -> ArticleEntry:  # fmt: skip
        return cls(id=a.id, title=a.title, source=a.source, boilerplate=a.boilerplate,
                   sentences=range(len(a.sentences)), where=_where(offset, length))  # fmt: skip


_LENGTH_BITS = 32
_LENGTH_MASK = (1 << _LENGTH_BITS) - 1


def _where(offset: int, length: int) -> int:
    """A line's offset and length in one int: two ints and a slot more were 36 MB a
    million claims, at the build's peak. A line is far under 4 GB (``max_bytes``)."""
    if not 0 <= length <= _LENGTH_MASK:
        raise DataError(f"a line of {length} bytes: lines of 4 GB or more are not read")
    return (offset << _LENGTH_BITS) | length


class LineReader:
    """Reads a record's line again, for the entries of an open file: what an entry
    holds of its file. Not the :class:`RecordFile` itself, which holds the entries: a
    million entries and their file in a reference cycle stayed alive after a build
    until the garbage collector's next full pass."""

    def __init__(self, file: Any, path: Path, kind: type):
        self._file, self.path, self.kind = file, path, kind

    def line(self, entry: Any) -> bytes:
        """The bytes of ``entry``'s line; a closed file is a DataError."""
        try:
            return os.pread(self._file.fileno(), entry.length, entry.offset)
        except (OSError, ValueError) as exc:  # ValueError: the file was closed
            raise DataError(f"cannot read {self.kind.__name__.lower()} {entry.id} again:"
                            f" {exc}", path=self.path) from None  # fmt: skip

    def field(self, entry: Any, name: str) -> Any:
        """Field ``name`` of the record of ``entry``, read from its line (the line must
        still be that record's, as :meth:`RecordFile.records` checks)."""
        try:
            obj = orjson.loads(self.line(entry))
            if obj["id"] == entry.id:
                return obj[name]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            pass
        raise self.moved(entry)

    def moved(self, entry: Any) -> DataError:
        return DataError(
            f"changed while the build read it: {self.kind.__name__.lower()} {entry.id} is no"
            f" longer at byte {entry.offset}; run the build again", path=self.path)


class RecordFile(Generic[E]):
    """An open JSONL file of ``kind`` records and their entries, in file order; a
    context manager (closes it).

    :meth:`read` fills ``entries`` (every line decoded, so a record that does not decode
    fails there, as in a plain read); :meth:`records` reads entries whole again.
    """

    def __init__(self, path: Path | str, kind: type, entry: EntryOf[E]):
        self.path = Path(path)
        self.kind, self._entry = kind, entry
        self._file = open(self.path, "rb")  # noqa: SIM115 - held until close()
        self.lines = LineReader(self._file, self.path, kind)
        self.entries: list[E] = []

    def read(
        self, *, max_bytes: int = DEFAULT_MAX_BYTES, keep: Callable[[Any], None] | None = None
    ) -> RecordFile[E]:
        """Fill :attr:`entries` from the whole file (again, if called twice); ``self``.

        ``keep(record)``, if given, sees each whole record once as it is read (the build
        takes the article texts it groups with).
        """
        # Repeated strings (labels, statuses, methods, rules, article ids) and sentence
        # references are shared: each decoded line would otherwise hold copies of its own.
        pool: dict[Any, Any] = {}

        def share(x: Any) -> Any:
            return pool.setdefault(x, x)

        entries, entry, kind = [], self._entry, self.kind
        self._file.seek(0)
        for _, (offset, length), obj in read_jsonl_lines(self._file, self.path,
                                                         max_bytes=max_bytes):  # fmt: skip
            record = decode(kind, obj)
            if keep is not None:
                keep(record)
            entries.append(entry(record, offset, length, share, self.lines))
        self.entries = entries
        return self

    def records(self, entries: Iterable[Any]) -> Iterator[Any]:
        """The whole record of each entry, in the order given, read from its line.

        A file rewritten in place meanwhile (an editor that overwrites rather than
        renames) no longer holds the entry's record at its offset: that is a DataError
        asking for the build to be run again, not a half-read dataset.
        """
        lines, kind = self.lines, self.kind
        for e in entries:
            line = lines.line(e)
            try:
                record = decode(kind, orjson.loads(line))
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
                record = None
            if record is None or record.id != e.id:
                raise lines.moved(e)
            yield record

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> RecordFile[E]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def claim_file(path: Path | str) -> RecordFile[ClaimEntry]:
    """The claims file ``path``, opened (not read yet)."""
    return RecordFile(path, Claim, ClaimEntry.of)


def article_file(path: Path | str) -> RecordFile[ArticleEntry]:
    """The articles file ``path``, opened (not read yet)."""
    return RecordFile(path, Article, ArticleEntry.of)


__all__ = ["ArticleEntry", "ClaimEntry", "LineReader", "RecordFile", "SentenceRef",
           "article_file", "claim_file"]  # fmt: skip
