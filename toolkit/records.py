"""The record types: one frozen dataclass per concept, defined once, and their codec.

Every stage of the pipeline passes these records along; files are read and written
only at the edges (``toolkit.jsonl``, ``toolkit.store``). :func:`encode` gives the
serialized form that the JSON Schemas in ``schemas/`` describe, with a fixed key order
so that the same record always serializes to the same bytes; :func:`decode` is the
inverse. Both are derived from the dataclass fields (see "the codec" below), never
written per class. Labels are :class:`Label` members (a ``StrEnum``: they compare,
hash and serialize as their names).

"Source" has one meaning in code names: where a record was taken from *inside the
corpus or the input files* (``ArticleSource``: the file an article was read from;
``ClaimSource``: the article sentence a claim was derived from). A news outlet is a
``publisher``; the paths a command reads are its ``inputs``. Persisted JSON field names
are unchanged (``source`` stays ``source`` in the files and schemas).

Ids are content hashes, so a record keeps its id across runs and machines:

* an article's id is the first 16 hex digits of the sha256 of its normalized text;
* a claim's id hashes its source article id and its whitespace/case-folded text, so the
  same sentence claimed twice about the same article is one claim, whatever its label.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

R = TypeVar("R")


class Label(StrEnum):
    """The three verdicts. Their order is the ClassLabel order (0, 1, 2) everywhere."""

    SUPPORTED = "SUPPORTED"
    REFUTED = "REFUTED"
    NOT_ENOUGH_INFO = "NOT_ENOUGH_INFO"


#: Label names in ClassLabel order: schema enum, dataset features, baselines, metrics.
LABELS: tuple[str, ...] = tuple(label.value for label in Label)

#: FEVER's names for our labels; an export mapping, not a second vocabulary.
FEVER_LABELS: dict[str, str] = {
    "SUPPORTED": "SUPPORTS",
    "REFUTED": "REFUTES",
    "NOT_ENOUGH_INFO": "NOT ENOUGH INFO",
}


class Status(StrEnum):
    """Review state of a claim."""

    SILVER = "silver"  # generated, no person has confirmed it
    GOLD = "gold"  # confirmed by a person
    DISPUTED = "disputed"  # people disagree with each other or with the label


STATUSES: tuple[str, ...] = tuple(status.value for status in Status)

ID_HEX = 16


def sha256_hex(data: str | bytes) -> str:
    """sha256 of ``data`` (str is encoded as UTF-8), as lowercase hex."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def article_id(text: str) -> str:
    """Stable article id: the first 16 hex digits of the normalized text's sha256."""
    return sha256_hex(text)[:ID_HEX]


def claim_key(text: str) -> str:
    """The form of a claim's text that decides identity: NFC, case-folded, one space."""
    if text.isascii():  # the common case, and NFC/casefold of ASCII are trivial
        return " ".join(text.lower().split())
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def is_iso_date(text: Any, *, date_only: bool = False) -> bool:
    """True for an ISO 8601 date (``2026-11-25``) or date-time (``2026-11-25T03:50:00Z``)
    naming a real day; ``date_only`` accepts exactly ``YYYY-MM-DD``.

    The one check of every date field records carry (``created``, ``accessed``,
    ``published``) and every date an input gives for them.
    """
    if not isinstance(text, str) or len(text) < 10 or not text[:4].isdigit():
        return False
    try:
        if date_only:
            return len(text) == 10 and date.fromisoformat(text).isoformat() == text
        datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return False
    return True


_CLAIM_HASH = hashlib.sha256(b"claim\0")


def claim_id(text: str, source_article_id: str | None) -> str:
    """Stable claim id from the claim's text and the article it is about.

    The sha256 of ``"claim\0" + article id + "\0" + claim_key(text)``, first 16 hex digits.
    """
    h = _CLAIM_HASH.copy()
    h.update(f"{source_article_id or ''}\0{claim_key(text)}".encode())
    return h.hexdigest()[:ID_HEX]


# ---------------------------------------------------------------- the codec
#
# Serialization is declared once, here, for every record type: a record serializes to
# a dict with its fields in declaration order (so declaration order IS the byte order
# of the JSONL files), nested records, tuples and enums converted recursively. A field
# declared with ``OMIT_NONE`` metadata is left out when it is None (fields added after files
# were published, and the two shapes of an evidence item); every other None is written
# as null. Decoding is the inverse; a missing key takes the field's default. It trusts
# its input to be schema-valid (validate first, see ``toolkit.schema``).
#
# Each type's converters are built once from its type hints and cached, so the per-record
# cost is one comprehension over precomputed (name, converter) pairs.


#: Field metadata: leave the field out of the serialized form when it is None, as in
#: ``url: str | None = field(default=None, metadata=OMIT_NONE)``.
OMIT_NONE = MappingProxyType({"omit_none": True})


_Conv = Callable[[Any], Any] | None
_ENCODERS: dict[type, Callable[[Any], dict[str, Any]]] = {}
_DECODERS: dict[type, Callable[[dict[str, Any]], Any]] = {}


def _optional_arg(tp: Any) -> Any:
    """``X`` for ``X | None``, else None."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return None


def _converter_of(
    tp: Any, record: Callable[[type], Any], enum: Callable[[type], _Conv], seq: type
) -> _Conv:
    """The function converting a value of type ``tp`` one way (None: as it is).

    ``record`` gives the converter of a nested record type, ``enum`` that of an enum,
    ``seq`` the sequence type tuples become (``list`` to encode, ``tuple`` to decode).
    """
    inner = _optional_arg(tp)
    if inner is not None:
        conv = _converter_of(inner, record, enum, seq)
        return None if conv is None else (lambda v: None if v is None else conv(v))
    if dataclasses.is_dataclass(tp):
        return record(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return enum(tp)
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter_of(args[0], record, enum, seq)
            if item is None:
                return seq
            if seq is list:  # encoding: the comprehension is the list, no copy
                return lambda v: [item(x) for x in v]
            return lambda v: seq([item(x) for x in v])
        convs = [_converter_of(a, record, enum, seq) or _same for a in args]
        return lambda v: seq([c(x) for c, x in zip(convs, v, strict=True)])
    return None  # str, int, float, bool, dicts


def _encoder_of(tp: Any) -> _Conv:
    """Value -> JSON data. Enums stay members: orjson writes their value."""
    return _converter_of(tp, _record_encoder, lambda _: None, list)


def _decoder_of(tp: Any) -> _Conv:
    """JSON data -> value. Enums by a dict lookup: calling the enum class is slow."""
    return _converter_of(tp, _record_decoder, lambda e: e._value2member_map_.__getitem__, tuple)


def _same(v: Any) -> Any:
    return v


def _record_encoder(cls: type) -> Callable[[Any], dict[str, Any]]:
    enc = _ENCODERS.get(cls)
    if enc is not None:
        return enc
    hints = typing.get_type_hints(cls)
    plan = [(f.name, _encoder_of(hints[f.name]), bool(f.metadata.get("omit_none")))
            for f in dataclasses.fields(cls)]  # fmt: skip
    if not any(omit for *_, omit in plan):
        plain = [(name, conv or _same) for name, conv, _ in plan]

        def enc(record: Any) -> dict[str, Any]:
            return {name: conv(getattr(record, name)) for name, conv in plain}
    else:

        def enc(record: Any) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for name, conv, omit in plan:
                value = getattr(record, name)
                if value is None:
                    if not omit:
                        out[name] = None
                else:
                    out[name] = value if conv is None else conv(value)
            return out

    _ENCODERS[cls] = enc
    return enc


def encodes_natively(cls: type) -> bool:
    """True when :func:`encode` of a ``cls`` record is what orjson writes for the dataclass
    itself (fields in order, tuples as lists, enums as their values, nested records
    alike): no field of ``cls``, or of a record type nested in it, is ``OMIT_NONE``.
    A writer may then give orjson the record and skip building the dicts (three times
    faster for an article); otherwise it must encode.
    """
    known = _NATIVE.get(cls)
    if known is not None:
        return known

    def types_in(tp: Any) -> Iterable[Any]:
        yield tp
        for arg in typing.get_args(tp):
            yield from types_in(arg)

    hints = typing.get_type_hints(cls)
    native = not any(
        f.metadata.get("omit_none")
        or any(dataclasses.is_dataclass(t) and not encodes_natively(t)
               for t in types_in(hints[f.name]))
        for f in dataclasses.fields(cls)
    )  # fmt: skip
    _NATIVE[cls] = native
    return native


_NATIVE: dict[type, bool] = {}


def _record_decoder(cls: type) -> Callable[[dict[str, Any]], Any]:
    dec = _DECODERS.get(cls)
    if dec is not None:
        return dec
    hints = typing.get_type_hints(cls)
    plan = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = _REQUIRED
        plan.append((f.name, _decoder_of(hints[f.name]), default))

    def dec(data: dict[str, Any]) -> Any:
        kwargs = {}
        for name, conv, default in plan:
            value = data.get(name, default)
            if value is _REQUIRED:
                raise KeyError(name)
            kwargs[name] = value if conv is None or value is default else conv(value)
        return cls(**kwargs)

    _DECODERS[cls] = dec
    return dec


_REQUIRED = object()


def encode(record: Any) -> dict[str, Any]:
    """The serialized form of any record type of this module (what the schemas describe)."""
    return _record_encoder(type(record))(record)


def decode(cls: type[R], data: dict[str, Any]) -> R:
    """The record of type ``cls`` whose serialized form is ``data`` (schema-valid)."""
    return _record_decoder(cls)(data)


# ---------------------------------------------------------------- articles


@dataclass(frozen=True)
class Block:
    """A structural part of an article's text: ``text[start:end]`` is the block."""

    kind: str  # "title" | "subheading" | "paragraph"
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A body sentence: ``text[start:end]``; ``block`` indexes ``Article.structure``."""

    index: int
    start: int
    end: int
    block: int


@dataclass(frozen=True)
class Boilerplate:
    """Text removed from the article during normalization, kept so nothing is lost.

    ``block`` is the index (in the source's block order, title excluded) of the block it
    was removed from; ``year`` is set for copyright footers.
    """

    kind: str  # "copyright" | "dateline_residue"
    text: str
    block: int
    year: int | None = None


@dataclass(frozen=True)
class ArticleSource:
    """Where an article came from. Unknown metadata is ``None``, never guessed."""

    file: str
    format: str  # "text" | "jsonl" | "html"
    file_sha256: str
    line: int | None = None  # for JSONL sources, the 1-based line
    publisher: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date


@dataclass(frozen=True)
class Article:
    """A normalized news article with its structure and sentence offsets.

    ``text`` is NFC with ``\\n`` newlines: the title, then each subheading and paragraph,
    separated by blank lines, boilerplate removed. Every offset in the project (blocks,
    sentences, evidence) indexes this string by code point, end exclusive.
    """

    id: str
    title: str
    text: str
    sha256: str
    structure: tuple[Block, ...]
    sentences: tuple[Sentence, ...]
    boilerplate: tuple[Boilerplate, ...]
    source: ArticleSource

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start : s.end]


# ---------------------------------------------------------------- claims


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """One evidence item: a quote with a W3C-style text-position + text-quote selector.

    Corpus evidence has ``article_id``, ``sentence_index``, ``start``/``end`` (end
    exclusive) and ``exact``, with ``article.text[start:end] == exact``. External
    evidence (a source a contributor cites) has ``url``, ``exact`` and ``accessed``
    (ISO date) instead.
    """

    article_id: str | None = field(default=None, metadata=OMIT_NONE)
    sentence_index: int | None = field(default=None, metadata=OMIT_NONE)
    start: int | None = field(default=None, metadata=OMIT_NONE)
    end: int | None = field(default=None, metadata=OMIT_NONE)
    url: str | None = field(default=None, metadata=OMIT_NONE)
    exact: str
    accessed: str | None = field(default=None, metadata=OMIT_NONE)

    @property
    def is_external(self) -> bool:
        return self.article_id is None


#: A claim's evidence: alternative groups (as in FEVER), each a tuple of items that
#: together decide the claim. Empty for NOT_ENOUGH_INFO.
EvidenceGroups = tuple[tuple[Evidence, ...], ...]


def evidence_groups(*groups: Iterable[Evidence]) -> EvidenceGroups:
    """Groups in canonical form: empty groups dropped, a repeated group kept once, in order.

    The one place records are given their evidence shape, so that every construction site
    (generation, contribution, imports) agrees; ``evidence_groups(items)`` is the common
    single-group case.
    """
    out: list[tuple[Evidence, ...]] = []
    for group in groups:
        g = tuple(dict.fromkeys(group))
        if g and g not in out:
            out.append(g)
    return tuple(out)


def needs_evidence(label: str) -> bool:
    """The NOT_ENOUGH_INFO evidence rule, defined once: a NOT_ENOUGH_INFO claim has no
    evidence (the corpus holds none); a claim of any other label has at least one group."""
    return label != Label.NOT_ENOUGH_INFO


def evidence_problem(label: str, evidence: Iterable[Any]) -> str | None:
    """What breaks :func:`needs_evidence` for a claim with this ``evidence``, or None."""
    if needs_evidence(label) == bool(evidence):
        return None
    if needs_evidence(label):
        return f"{label} needs at least one evidence group"
    return "must be empty for NOT_ENOUGH_INFO"


@dataclass(frozen=True)
class ClaimSource:
    """The article text a claim was derived from.

    ``sentence_index`` is the body sentence, or ``None`` when the claim comes from the
    headline (``headline`` true). ``start``/``end`` locate that sentence or headline.
    """

    article_id: str
    sentence_index: int | None
    start: int
    end: int
    headline: bool = False


@dataclass(frozen=True)
class CheckWorthiness:
    """Why a source sentence was worth a claim: a score and the named reasons that fired."""

    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Origin:
    """Where an imported judgment came from, so that an export can give back what it read.

    ``format`` is the registered interop format (``fever``, ``averitec``, ...); ``id`` the
    record's id in that source (FEVER's integer id, a review URL, ...); ``label`` the
    verdict exactly as the source wrote it (AVeriTeC's "Conflicting
    Evidence/Cherrypicking", a ClaimReview textual rating), which our three labels may
    not be able to hold; ``fields`` the source fields claimkit has no place for, verbatim.
    """

    format: str
    id: str | int | None = None
    label: str | None = None
    fields: dict[str, Any] | None = None


@dataclass(frozen=True)
class Annotation:
    """One person's judgment of a claim: who, which label, when (ISO 8601), and why.

    ``origin`` is set only for judgments imported from another dataset; it is left out
    of the serialized form otherwise, so records written before it existed are unchanged.
    """

    annotator: str
    label: Label
    created: str
    note: str | None = None
    origin: Origin | None = field(default=None, metadata=OMIT_NONE)


@dataclass(frozen=True, kw_only=True)
class Claim:
    """A claim with its label, evidence, provenance and review history.

    ``evidence`` holds alternative groups (FEVER semantics): all items of one group
    together decide the claim, and any one complete group is enough.

    ``method`` says how the claim was made (``extracted``, ``mutation:number``, ...,
    ``nei:...``, ``human``); ``rule`` names the versioned generator rule, so artifacts
    can be audited per rule.
    """

    id: str
    claim: str
    label: Label
    evidence: EvidenceGroups
    source: ClaimSource | None
    method: str
    rule: str | None = None
    status: Status = Status.SILVER
    annotations: tuple[Annotation, ...] = ()
    checkworthiness: CheckWorthiness | None = None

    @property
    def article_id(self) -> str | None:
        return self.source.article_id if self.source else None

    @property
    def evidence_items(self) -> tuple[Evidence, ...]:
        """Every evidence item of every group, each once, in order.

        For readers that need the sentences a claim cites rather than how they combine:
        split grouping, review screens, the oracle text of baselines.
        """
        return tuple(dict.fromkeys(e for group in self.evidence for e in group))


# ---------------------------------------------------------------- generation


@dataclass(frozen=True)
class Candidate:
    """A check-worthy sentence made standalone: what every generator rule works on.

    ``index`` is the body sentence, or ``None`` for the headline; ``context`` the other
    sentences the standalone text relies on (they join the evidence). Exchanged between
    the generation stage and the rules, never persisted.
    """

    article: Article
    index: int | None
    text: str
    context: tuple[int, ...]
    checkworthiness: CheckWorthiness
    headline_text: str
    #: Names by entity type seen across the corpus: replacements after the article's own.
    pool: Mapping[str, tuple[str, ...]] | None = None

    @property
    def is_headline(self) -> bool:
        return self.index is None


@dataclass(frozen=True)
class Draft:
    """One claim a rule proposes: its text and the label its meaning gives.

    ``label`` is ``None`` when meaning does not decide it; such drafts are never
    guessed but kept as rejects with ``why``.
    """

    text: str
    label: Label | None
    why: str = ""


# ---------------------------------------------------------------- rejects


@dataclass(frozen=True, kw_only=True)
class Rejected:
    """A record a stage left out, and why: one line of ``dist/rejects/<stage>.jsonl``.

    Nothing is dropped silently (DESIGN: rejects are kept). ``stage`` is the step that
    left it out: generation's ``checkworthiness``, ``gate``, ``headline``, ``undecided``,
    ``duplicate``, ``per_sentence``, ``settled``, ``negation_cap``, ``label_share``,
    ``rule_share``, ``stale``; ingest's ``duplicate`` copies; ``aflite``; ``import``;
    ``contribute``. ``id`` is the record's id (for generation, the id the claim would
    have had), or where it was read (``file:line``) when it has none. The other fields say what was left out where the
    stage knows it (the source sentence or draft claim of generation, the whole claim
    AFLite dropped) and are omitted otherwise.
    """

    stage: str
    id: str | None
    reason: str
    article_id: str | None = field(default=None, metadata=OMIT_NONE)
    sentence_index: int | None = field(default=None, metadata=OMIT_NONE)
    headline: bool | None = field(default=None, metadata=OMIT_NONE)
    text: str | None = field(default=None, metadata=OMIT_NONE)
    rule: str | None = field(default=None, metadata=OMIT_NONE)
    checkworthiness: CheckWorthiness | None = field(default=None, metadata=OMIT_NONE)
    #: The whole claim, where a stage drops a finished one that a person may restore.
    claim: Claim | None = field(default=None, metadata=OMIT_NONE)

    def __str__(self) -> str:
        return f"{self.id}: {self.reason}"

    @classmethod
    def of_text(
        cls, stage: str, reason: str, *, article_id: str, sentence_index: int | None,
        headline: bool, text: str, rule: str | None = None,
        checkworthiness: CheckWorthiness | None = None,
    ) -> Rejected:  # fmt: skip
        """A sentence or draft claim of generation left out: its id is the claim id it
        would have had, so a reject and a later claim of the same text share it."""
        return cls(stage=stage, id=claim_id(text, article_id), reason=reason,
                   article_id=article_id, sentence_index=sentence_index, headline=headline,
                   text=text, rule=rule, checkworthiness=checkworthiness)  # fmt: skip

    @classmethod
    def of_claim(cls, stage: str, reason: str, c: Claim) -> Rejected:
        """A claim left out by a later stage (a cap, staleness)."""
        src = c.source
        return cls(stage=stage, id=c.id, reason=reason, article_id=c.article_id,
                   sentence_index=src.sentence_index if src else None,
                   headline=bool(src and src.headline), text=c.claim, rule=c.rule,
                   checkworthiness=c.checkworthiness)  # fmt: skip


# ---------------------------------------------------------------- predictions


@dataclass(frozen=True)
class Prediction:
    """What a system submits for scoring: a label and, optionally, ranked evidence."""

    id: str
    label: Label
    evidence: tuple[tuple[str, int], ...] | None = field(default=None, metadata=OMIT_NONE)


RECORD_TYPES = {"article": Article, "claim": Claim, "prediction": Prediction}

__all__ = [
    "FEVER_LABELS",
    "LABELS",
    "OMIT_NONE",
    "RECORD_TYPES",
    "STATUSES",
    "Annotation",
    "Article",
    "ArticleSource",
    "Block",
    "Boilerplate",
    "Candidate",
    "CheckWorthiness",
    "Claim",
    "ClaimSource",
    "Draft",
    "Evidence",
    "EvidenceGroups",
    "Label",
    "Origin",
    "Prediction",
    "Rejected",
    "Sentence",
    "Status",
    "article_id",
    "claim_id",
    "claim_key",
    "decode",
    "encode",
    "evidence_groups",
    "evidence_problem",
    "is_iso_date",
    "needs_evidence",
    "sha256_hex",
]


# ---------------------------------------------------------------- corpus sentences
# (a plain in-memory type: not persisted, so no schema and no serialization)


@dataclass(frozen=True)
class CorpusSentence:
    """One sentence of the published corpus: what open-setting retrieval searches.

    Read from the ``articles`` config by :func:`toolkit.dataset.load.load_corpus`, and
    built from articles by the NOT_ENOUGH_INFO check of :mod:`toolkit.claims.heldout`.
    """

    article_id: str
    index: int
    text: str


__all__ += ["CorpusSentence"]
