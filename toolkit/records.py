"""The record types: one frozen dataclass per concept, defined once.

Every stage of the pipeline passes these records along; files are read and written
only at the edges (``toolkit.jsonl``). ``to_dict`` gives the serialized form that the
JSON Schemas in ``schemas/`` describe, with a fixed key order so that the same record
always serializes to the same bytes. ``from_dict`` is the inverse; it trusts its input
to be schema-valid (validate first, see ``toolkit.schemas``).

Ids are content hashes, so a record keeps its id across runs and machines:

* an article's id is the first 16 hex digits of the sha256 of its normalized text;
* a claim's id hashes its source article id and its whitespace/case-folded text, so the
  same sentence claimed twice about the same article is one claim, whatever its label.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Label(str, Enum):
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


class Status(str, Enum):
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


_CLAIM_HASH = hashlib.sha256(b"claim\0")


def claim_id(text: str, source_article_id: str | None) -> str:
    """Stable claim id from the claim's text and the article it is about.

    The sha256 of ``"claim\0" + article id + "\0" + claim_key(text)``, first 16 hex digits.
    """
    h = _CLAIM_HASH.copy()
    h.update(f"{source_article_id or ''}\0{claim_key(text)}".encode())
    return h.hexdigest()[:ID_HEX]


def _drop_none(d: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None or k in keep}


# ---------------------------------------------------------------- articles


@dataclass(frozen=True)
class Block:
    """A structural part of an article's text: ``text[start:end]`` is the block."""

    kind: str  # "title" | "subheading" | "paragraph"
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Block:
        return cls(kind=d["kind"], start=d["start"], end=d["end"])


@dataclass(frozen=True)
class Sentence:
    """A body sentence: ``text[start:end]``; ``block`` indexes ``Article.structure``."""

    index: int
    start: int
    end: int
    block: int

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "start": self.start, "end": self.end, "block": self.block}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Sentence:
        return cls(index=d["index"], start=d["start"], end=d["end"], block=d["block"])


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

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "block": self.block, "year": self.year}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Boilerplate:
        return cls(kind=d["kind"], text=d["text"], block=d["block"], year=d.get("year"))


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "file_sha256": self.file_sha256,
            "line": self.line,
            "publisher": self.publisher,
            "url": self.url,
            "published": self.published,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleSource:
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "sha256": self.sha256,
            "structure": [b.to_dict() for b in self.structure],
            "sentences": [s.to_dict() for s in self.sentences],
            "boilerplate": [b.to_dict() for b in self.boilerplate],
            "source": self.source.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=d["id"],
            title=d["title"],
            text=d["text"],
            sha256=d["sha256"],
            structure=tuple(Block.from_dict(b) for b in d["structure"]),
            sentences=tuple(Sentence.from_dict(s) for s in d["sentences"]),
            boilerplate=tuple(Boilerplate.from_dict(b) for b in d["boilerplate"]),
            source=ArticleSource.from_dict(d["source"]),
        )


# ---------------------------------------------------------------- claims


@dataclass(frozen=True)
class Evidence:
    """One evidence item: a quote with a W3C-style text-position + text-quote selector.

    Corpus evidence has ``article_id``, ``sentence_index``, ``start``/``end`` (end
    exclusive) and ``exact``, with ``article.text[start:end] == exact``. External
    evidence (a source a contributor cites) has ``url``, ``exact`` and ``accessed``
    (ISO date) instead.
    """

    exact: str
    article_id: str | None = None
    sentence_index: int | None = None
    start: int | None = None
    end: int | None = None
    url: str | None = None
    accessed: str | None = None

    @property
    def is_external(self) -> bool:
        return self.article_id is None

    def to_dict(self) -> dict[str, Any]:
        if self.is_external:
            return {"url": self.url, "exact": self.exact, "accessed": self.accessed}
        return {
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "start": self.start,
            "end": self.end,
            "exact": self.exact,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "start": self.start,
            "end": self.end,
            "headline": self.headline,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ClaimSource:
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class CheckWorthiness:
    """Why a source sentence was worth a claim: a score and the named reasons that fired."""

    score: float
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "reasons": list(self.reasons)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CheckWorthiness:
        return cls(score=d["score"], reasons=tuple(d["reasons"]))


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

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.format, "id": self.id, "label": self.label, "fields": self.fields}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Origin:
        return cls(format=d["format"], id=d.get("id"), label=d.get("label"), fields=d.get("fields"))


@dataclass(frozen=True)
class Annotation:
    """One person's judgment of a claim: who, which label, when (ISO 8601), and why.

    ``origin`` is set only for judgments imported from another dataset; it is left out
    of the serialized form otherwise, so records written before it existed are unchanged.
    """

    annotator: str
    label: str
    created: str
    note: str | None = None
    origin: Origin | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "annotator": self.annotator,
            "label": self.label,
            "created": self.created,
            "note": self.note,
        }
        if self.origin is not None:
            d["origin"] = self.origin.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Annotation:
        origin = d.get("origin")
        return cls(
            annotator=d["annotator"],
            label=d["label"],
            created=d["created"],
            note=d.get("note"),
            origin=Origin.from_dict(origin) if origin else None,
        )


@dataclass(frozen=True)
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
    label: str
    evidence: EvidenceGroups
    source: ClaimSource | None
    method: str
    status: str = Status.SILVER.value
    annotations: tuple[Annotation, ...] = ()
    rule: str | None = None
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "claim": self.claim,
            "label": self.label,
            "evidence": [[e.to_dict() for e in group] for group in self.evidence],
            "source": self.source.to_dict() if self.source else None,
            "method": self.method,
            "rule": self.rule,
            "status": self.status,
            "annotations": [a.to_dict() for a in self.annotations],
            "checkworthiness": self.checkworthiness.to_dict() if self.checkworthiness else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        cw = d.get("checkworthiness")
        src = d.get("source")
        return cls(
            id=d["id"],
            claim=d["claim"],
            label=d["label"],
            evidence=tuple(tuple(Evidence.from_dict(e) for e in g) for g in d["evidence"]),
            source=ClaimSource.from_dict(src) if src else None,
            method=d["method"],
            rule=d.get("rule"),
            status=d.get("status", Status.SILVER.value),
            annotations=tuple(Annotation.from_dict(a) for a in d.get("annotations", ())),
            checkworthiness=CheckWorthiness.from_dict(cw) if cw else None,
        )


# ---------------------------------------------------------------- predictions


@dataclass(frozen=True)
class Prediction:
    """What a system submits for scoring: a label and, optionally, ranked evidence."""

    id: str
    label: str
    evidence: tuple[tuple[str, int], ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "label": self.label}
        if self.evidence is not None:
            d["evidence"] = [[a, i] for a, i in self.evidence]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Prediction:
        ev = d.get("evidence")
        return cls(
            id=d["id"],
            label=d["label"],
            evidence=None if ev is None else tuple((a, i) for a, i in ev),
        )


RECORD_TYPES = {"article": Article, "claim": Claim, "prediction": Prediction}

__all__ = [
    "FEVER_LABELS",
    "LABELS",
    "RECORD_TYPES",
    "STATUSES",
    "Annotation",
    "Article",
    "ArticleSource",
    "Block",
    "Boilerplate",
    "CheckWorthiness",
    "Claim",
    "ClaimSource",
    "Evidence",
    "EvidenceGroups",
    "Label",
    "Origin",
    "Prediction",
    "Sentence",
    "Status",
    "article_id",
    "claim_id",
    "claim_key",
    "evidence_groups",
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
