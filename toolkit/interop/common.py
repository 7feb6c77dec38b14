"""What every importer and exporter shares: the batch an importer reads, the idempotent
merge into our files, the mapping tables, and the file edges.

An importer is a pure reading step (a file to a :class:`Batch` of records plus the
records it skipped, each with its reason); :func:`merge` folds a batch into the records
already on disk; :func:`run_import` does both and writes the files only after every
record has passed the schema and the offset checks, so a bad import changes nothing.

Idempotence comes from content ids and from :func:`add_annotation`: a claim imported
again has the same id, and an annotation equal to one it already has (same annotator,
label, note and origin; the creation time aside) is recognized as already there.
"""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from toolkit.annotations import Judgment, merge_judgments, same_judgment
from toolkit.errors import DataError, UsageError
from toolkit.jsonl import DEFAULT_MAX_BYTES, check_unique_keys, decode_text, iter_jsonl, read_bytes
from toolkit.outputs import StageResult
from toolkit.records import LABELS, Annotation, Article, Claim, Rejected, encode
from toolkit.schema import validate_record
from toolkit.store import Store

MAPPING_DIR = Path(__file__).resolve().parent


def skip(where: str, reason: str, *, stage: str = "import") -> Rejected:
    """A source record that was not imported (or exported): where it was, and why."""
    return Rejected(stage=stage, id=where, reason=reason)


@dataclass(frozen=True)
class Incoming:
    """One imported judgment: an annotation for the claim ``claim_id``.

    ``claim`` is the claim to create when it is not in our data yet; ``None`` means the
    source only annotates claims we already have (Label Studio).
    """

    where: str
    claim_id: str
    annotation: Annotation
    claim: Claim | None = None
    unresolved: str | None = None  # why ``claim`` could not be built (judgment still counts)
    #: Match the claim by its exact text instead of ``claim_id`` (a Label Studio project
    #: that claimkit did not make has no claim ids); resolved by :func:`merge`.
    claim_text: str | None = None


@dataclass
class Batch:
    """What an importer read: articles, judgments, and the records it skipped."""

    articles: list[Article] = field(default_factory=list)
    incoming: list[Incoming] = field(default_factory=list)
    skipped: list[Rejected] = field(default_factory=list)
    read: int = 0


@dataclass
class MergeResult(StageResult):
    """Our records after a merge, and what the merge did (skipped records are its rejects)."""

    SUMMARY = ("import {format}: read {read} record(s); {new_claims} new claim(s), {recorded}"
               " judgment(s) recorded ({annotated} on claims already there), {unchanged}"
               " already present, {new_articles} new article(s), {skipped} skipped")

    claims: list[Claim]
    articles: list[Article]
    new_claims: int = 0
    annotated: int = 0  # judgments added to claims we had before this import
    recorded: int = 0  # judgments recorded in all (on new claims and on ones we had)
    unchanged: int = 0  # judgments that were already there (a repeated import)
    new_articles: int = 0
    touched: dict[str, str] = field(default_factory=dict)  # claim id -> source record
    format: str = ""  # the interop format read
    read: int = 0  # source records read

    @property
    def skipped(self) -> list[Rejected]:
        return self.rejected


#: How Label Studio tasks find our claims: by ``data.claim_id`` or by exact claim text.
MATCHES = ("id", "text")


@dataclass(frozen=True)
class ImportOptions:
    """Everything an importer may need beyond the file itself.

    ``match``, ``choice_name`` and ``data_key`` are for Label Studio projects claimkit did
    not make: match tasks to our claims by ``id`` (default) or exact ``text``, read the
    choice control called ``choice_name`` (default ``label``), and find the id or text in
    ``data[data_key]`` (default ``claim_id`` or ``claim``).
    """

    created: str
    pages: Path | None = None
    mapping: Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    match: str | None = None
    choice_name: str | None = None
    data_key: str | None = None


@dataclass(frozen=True)
class ExportOptions:
    """Everything an exporter may need beyond our records."""

    mapping: Path | None = None
    pages: Path | None = None
    author: str = "claimkit"


@dataclass
class ExportResult:
    """What an exporter wrote and what it could not express in the format."""

    written: dict[str, int] = field(default_factory=dict)  # file -> records
    skipped: list[Rejected] = field(default_factory=list)


# ---------------------------------------------------------------- mapping tables


def mapping_key(value: str) -> str:
    """How source labels are compared: NFC, case-folded, one space between words."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def read_mapping_file(path: Path) -> dict[str, Any]:
    """A mapping file's JSON object; a missing or malformed file is one clear error."""
    try:
        data = json.loads(decode_text(read_bytes(path), path))
    except FileNotFoundError:
        raise DataError("mapping file not found", path=path) from None
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno) from None
    if not isinstance(data, dict):
        raise DataError('expected a JSON object with a "labels" object', path=path)
    return data


def load_mapping(default_name: str, path: Path | None) -> dict[str, str | None]:
    """A label table: source value (normalized by :func:`mapping_key`) to our label.

    The file is JSON with a ``labels`` object; a value of ``null`` says "known, but has
    no label of ours": such records are skipped and reported, like unmapped ones.
    """
    path = path or MAPPING_DIR / default_name
    data = read_mapping_file(path)
    table = data.get("labels")
    if not isinstance(table, dict) or not table:
        raise DataError('expected an object with a non-empty "labels" object', path=path)
    out: dict[str, str | None] = {}
    for key, value in table.items():
        if value is not None and value not in LABELS:
            raise DataError(
                f"labels.{key}: {value!r} is not one of {', '.join(LABELS)} (or null)", path=path
            )
        k = mapping_key(key)
        if k in out and out[k] != value:
            raise DataError(f"labels.{key}: the same value as another key (case and spaces"
                            " aside) with a different label; keep one", path=path)
        out[k] = value
    return out


def map_label(table: dict[str, str | None], value: Any, mapping: Path | None, default: str) -> str:
    """Our label for ``value``, or a :class:`LookupError` whose message names the value."""
    if not isinstance(value, str) or mapping_key(value) not in table:
        raise LookupError(
            f"unmapped label {value!r}; add it to the mapping table"
            f" ({mapping or default}, or pass --mapping FILE)"
        )
    label = table[mapping_key(value)]
    if label is None:
        raise LookupError(f"label {value!r} maps to null (no label of ours) in the mapping table")
    return label


# ---------------------------------------------------------------- file edges


def iter_json_items(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[str, Any]]:
    """``(where, value)`` for each record of a JSON file, streamed where the layout allows.

    Real exports come in three layouts: a JSON array of records (AVeriTeC's splits,
    Label Studio's export, a list of ClaimReview objects), JSON Lines, or one JSON
    document (a ClaimReview page, a Fact Check Tools API response). Arrays are parsed
    item by item (ijson) and JSON Lines line by line, so memory holds one record at a
    time and no file size limit applies; ``max_bytes`` bounds only what must be held
    whole: one JSONL line, or a single document. ``where`` names the record: ``[n]``
    for the n-th array item, ``line n`` for JSONL, ``""`` for a single document.
    """
    with open(path, "rb") as f:
        head = f.read(4096)
        start = 3 if head.startswith(b"\xef\xbb\xbf") else 0
        first = head[start:].lstrip()[:1]
        if first == b"[":
            f.seek(start)
            yield from _stream_array(f, path)
            return
    if first == b"{" and _is_jsonl(path, max_bytes):
        for lineno, obj in iter_jsonl(path, max_bytes=max_bytes, allow_empty=False):
            yield f"line {lineno}", obj
        return
    yield "", read_json(path, max_bytes)


def _stream_array(f: Any, path: Path) -> Iterator[tuple[str, Any]]:
    """Items of the top-level array, pushed to ijson 256 KiB at a time.

    A syntax error is reported on its line, as for any other file: the blocks do not
    say where a line starts, so on error the file is parsed again line by line up to
    the error (:func:`_error_line`); the common, valid case pays nothing for it.
    """
    import ijson

    start = f.tell()
    items = ijson.sendable_list()
    parser = ijson.items_coro(items, "item", use_float=True)
    n = 0
    try:
        while block := f.read(1 << 18):
            parser.send(block)
            for item in items:
                yield f"[{n}]", item
                n += 1
            del items[:]
        parser.close()
        for item in items:
            yield f"[{n}]", item
            n += 1
    except (ijson.JSONError, UnicodeDecodeError):
        line, detail = _error_line(path, start)
        raise DataError(f"not valid JSON at array item [{n}]: {detail} (fix the JSON; an"
                        " export cut short ends without ']')", path=path, line=line) from None


def _error_line(path: Path, start: int) -> tuple[int, str]:
    """Where the array in ``path`` stops being valid JSON: (line, parser's message)."""
    import ijson

    parser = ijson.items_coro(ijson.sendable_list(), "item", use_float=True)
    line = at = 1
    with open(path, "rb") as f:
        f.seek(start)
        try:
            while chunk := f.readline(1 << 16):
                at = line  # the line this chunk starts on; errors at the end name the last
                parser.send(chunk)
                line += chunk.count(b"\n")
            parser.close()
        except UnicodeDecodeError:
            return at, "invalid UTF-8; save the file as UTF-8"
        except ijson.JSONError as exc:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            return at, detail or "incomplete JSON"
    return at, "incomplete JSON"  # pragma: no cover - the fast pass failed, so this does


def _is_jsonl(path: Path, max_bytes: int) -> bool:
    """Whether the file's first non-blank line is a whole JSON value and more follow."""
    with open(path, "rb") as f:
        # readline with a bound: a one-line document larger than the limit is not read
        # whole here (read_json then refuses it by its size).
        lines = (raw for raw in iter(lambda: f.readline(max_bytes + 1), b"") if raw.strip())
        first = next(lines, b"")
        if len(first) > max_bytes:
            return False
        try:
            orjson.loads(first)
        except orjson.JSONDecodeError:
            return False
        return next(lines, None) is not None


def read_json(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """A whole JSON file; bad JSON is one error naming the line."""
    data = read_bytes(path, max_bytes=max_bytes)
    text = decode_text(data, path)
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise DataError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno) from None
    check_unique_keys(text, path)
    return obj


def require_file(path: Path, what: str) -> None:
    """An input an export cannot do without."""
    if not path.is_file():
        raise DataError(f"no {what} file; pass --{what} or create it first", path=path)


# ---------------------------------------------------------------- merge (pure)


def merge(claims: list[Claim], articles: list[Article], batch: Batch) -> MergeResult:
    """Fold ``batch`` into our records, keeping their order and appending what is new.

    New claims are added first (without annotations); then every judgment goes through
    :func:`~toolkit.annotations.merge_judgments`, so a disagreeing source makes a claim
    disputed, a judgment already present is a no-op (counted unchanged), and a judgment
    is never lost because its record could not bring a claim of its own (a FEVER record
    whose evidence page is missing still judges the claim another record brought). A
    judgment that names its claim by text judges the one claim with exactly that text.
    """
    by_id = {c.id for c in claims}
    had = set(by_id)
    out_claims = list(claims)
    out_articles = list(articles)
    known_articles = {a.id for a in articles}
    result = MergeResult(claims=out_claims, articles=out_articles, rejected=list(batch.skipped),
                         read=batch.read)
    by_text: dict[str, list[str]] = {}
    if any(item.claim_text is not None for item in batch.incoming):
        for c in claims:
            by_text.setdefault(c.claim, []).append(c.id)
    for article in batch.articles:
        if article.id not in known_articles:
            known_articles.add(article.id)
            out_articles.append(article)
            result.new_articles += 1
    for item in batch.incoming:
        if item.claim is not None and item.claim_id not in by_id:
            by_id.add(item.claim_id)
            out_claims.append(dataclasses.replace(item.claim, annotations=()))
            result.new_claims += 1
    judgments: list[Judgment] = []
    for item in batch.incoming:
        if item.claim_text is not None:
            ids = by_text.get(item.claim_text, [])
            if len(ids) != 1:
                what = "no claim" if not ids else f"{len(ids)} claims ({', '.join(ids)})"
                result.skipped.append(skip(item.where, f"{what} with exactly the text"
                                           f" {item.claim_text!r} in our data"))
                continue
            item = dataclasses.replace(item, claim_id=ids[0])
        if item.claim_id not in by_id:
            reason = item.unresolved or f"no claim with id {item.claim_id} in our data"
            result.skipped.append(skip(item.where, reason))
            continue
        result.touched.setdefault(item.claim_id, item.where)
        judgments.append(Judgment(item.where, item.claim_id, item.annotation))
    before = {c.id: c.annotations for c in claims}
    merged = merge_judgments(out_claims, judgments)
    result.claims = merged.claims
    result.recorded = merged.recorded
    result.unchanged = merged.unchanged
    result.annotated = sum(
        j.claim_id in had
        and not any(same_judgment(a, j.annotation) for a in before[j.claim_id])
        for j in judgments
    )
    return result


def check(result: MergeResult, batch: Batch) -> None:
    """Every record the merge touched must pass the schema and the offset checks.

    Raises :class:`DataError` naming the source record, so that nothing is written.
    """
    where = result.touched
    texts = {a.id: a for a in result.articles}
    for article in batch.articles:
        errors = validate_record("article", encode(article))
        if errors:
            f, m = errors[0]
            raise DataError(f"article {article.id}: {f}: {m}", path=article.source.file)
    for claim in result.claims:
        if claim.id not in where:
            continue
        errors = validate_record("claim", encode(claim))
        if errors:
            f, m = errors[0]
            raise DataError(f"claim {claim.id}: {f}: {m}", path=where[claim.id])
        for n, ev in enumerate(claim.evidence_items):
            if ev.is_external:
                continue
            art = texts.get(ev.article_id or "")
            if art is None or art.text[ev.start : ev.end] != ev.exact:
                raise DataError(
                    f"claim {claim.id}: evidence item {n} does not match article {ev.article_id}",
                    path=where[claim.id],
                )


def run_import(
    batch: Batch, claims_path: Path, articles_path: Path, max_bytes: int = DEFAULT_MAX_BYTES
) -> MergeResult:
    """Merge ``batch`` into the claims and articles files; write only what changed."""
    store = Store.of(claims=claims_path, articles=articles_path, max_bytes=max_bytes)
    with store.lock():
        result = merge(store.claims(), store.articles(), batch)
        check(result, batch)
        if result.new_articles:
            store.write_articles(result.articles)
        if result.recorded:
            store.write_claims(result.claims)
    return result


def require(cond: bool, message: str, path: Path | str, line: int | None = None) -> None:
    """Raise a :class:`DataError` for malformed input (never an assert)."""
    if not cond:
        raise DataError(message, path=path, line=line)


def need_option(value: Any, option: str, fmt: str) -> Any:
    """An option a format cannot do without."""
    if value is None:
        raise UsageError(f"--format {fmt} needs {option}")
    return value


def iter_objects(path: Path, max_bytes: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """JSONL objects with their line numbers; a line that is not an object, or a file
    with no lines at all (surely the wrong file), is an error."""
    for lineno, obj in iter_jsonl(path, max_bytes=max_bytes, allow_empty=False, unique_keys=True):
        require(isinstance(obj, dict), f"expected a JSON object, got {type(obj).__name__}",
                path, lineno)
        yield lineno, obj
