"""Generated claims and rejects as an engine's worker returns them: already encoded.

Why: in a Dask run the client (the process that reads the input, applies the streaming
caps in order and writes the files) is the one part that does not scale with workers,
and on two cores it shares the machine with them. Unpickling a :class:`~toolkit.records.Claim`
(a tree of records) and encoding it again cost the client more than its own work. So a
worker sends each claim as its finished line plus the few fields the client reads: the
caps' (``label``, ``method``, ``rule``, ``status``, ``id``) and the file order's
(``key``). A cap that drops it writes a reject made from ``tail``, the encoded rest of
its reject line, so the client encodes nothing but the reason.

:class:`EncodedClaim` duck-types the fields of ``Claim`` that the caps and the merge of
:func:`~toolkit.claims.extract.extract_stream` read; :func:`claim_reject` makes the
right reject for either.
"""

from __future__ import annotations

from typing import NamedTuple

import orjson

from toolkit.jsonl import dumps
from toolkit.records import Claim, Label, Rejected, Status, encode, sha256_hex

#: What a cap's seeded hash of a claim id is made of, after the seed: the negation cap
#: hashes ``{seed}\0{id}``, the label-share cap ``{seed}\0share\0{id}``, the rule-share
#: cap ``{seed}\0rule\0{id}`` (see :mod:`toolkit.claims.generate`).
CAP_TAGS = ("", "share\0", "rule\0")
NEGATION_HASH, SHARE_HASH, RULE_HASH = range(len(CAP_TAGS))


class EncodedReject(NamedTuple):
    """A generation reject already encoded: its stage and article (for the counts and
    the per-article merge) and its rejects-file line.

    About half of what generation returns is rejects, which the client only counts and
    writes; encoding them where they are made spares the client unpickling and encoding
    each one.
    """

    stage: str
    article_id: str | None
    line: bytes


class EncodedRejects(NamedTuple):
    """Consecutive generation rejects of one article, encoded: their stages (one per
    line, for the counts) and their lines joined. Generation leaves out about three
    drafts for every claim it keeps; one item per run of them spares the client a
    Python step per reject."""

    article_id: str | None
    stages: tuple[str, ...]
    lines: bytes


class EncodedClaim(NamedTuple):
    """A generated claim as its claims-file line, with the fields the client reads."""

    id: str
    label: Label
    method: str
    rule: str | None
    status: Status
    article_id: str | None
    #: :func:`~toolkit.claims.generate.sort_key` of the claim.
    key: tuple
    #: The claim's line of the claims file (``dumps(encode(claim))``).
    line: bytes
    #: The line :meth:`reject` writes, after its ``"reason"`` value.
    tail: bytes
    #: The caps' hashes of the id under ``seed`` (:data:`CAP_TAGS` order).
    seed: int
    hashes: tuple[str, str, str]

    @classmethod
    def of(cls, c: Claim, key: tuple, seed: int) -> EncodedClaim:
        """Encode ``c`` (whose file-order key is ``key``), with the hashes the caps of a
        run with ``seed`` order it by."""
        prefix = _reject_head("", c.id, "")
        full = dumps(encode(Rejected.of_claim("", "", c)))
        if not full.startswith(prefix):  # pragma: no cover - the record's field order changed
            raise AssertionError("a reject line no longer starts with stage, id and reason")
        hashes = tuple(sha256_hex(f"{seed}\0{tag}{c.id}") for tag in CAP_TAGS)
        return cls(c.id, c.label, c.method, c.rule, c.status, c.article_id, key,
                   dumps(encode(c)), full[len(prefix):], seed, hashes)  # type: ignore[arg-type]

    def reject(self, stage: str, reason: str) -> EncodedReject:
        """The line of ``Rejected.of_claim(stage, reason, claim)``, made from :attr:`tail`."""
        return EncodedReject(stage, self.article_id, _reject_head(stage, self.id, reason) + self.tail)


def _reject_head(stage: str, rid: str, reason: str) -> bytes:
    # A reject's first three fields, as orjson writes the record (no spaces).
    return (b'{"stage":' + orjson.dumps(stage) + b',"id":' + orjson.dumps(rid)
            + b',"reason":' + orjson.dumps(reason))  # fmt: skip


def claim_reject(stage: str, reason: str, c: Claim | EncodedClaim) -> Rejected | EncodedReject:
    """A claim left out by a later stage (a cap): a record, or a line if it came encoded."""
    if isinstance(c, EncodedClaim):
        return c.reject(stage, reason)
    return Rejected.of_claim(stage, reason, c)


def cap_hash(c: Claim | EncodedClaim, seed: int, which: int) -> str:
    """The seeded hash a cap orders ``c`` by (``which``: an index of :data:`CAP_TAGS`);
    an encoded claim brings it from its worker."""
    if isinstance(c, EncodedClaim) and c.seed == seed:
        return c.hashes[which]
    return sha256_hex(f"{seed}\0{CAP_TAGS[which]}{c.id}")
