"""People's contributions: new articles, their own claims, and bulk claims/annotations.

Three entry points, each checking everything before writing anything, so a bad input
leaves ``seeds/`` and ``data/`` byte for byte as they were:

* :func:`add_article` copies an article file (any format ingest reads) into ``seeds/``,
  pins it in the manifest and re-ingests ``data/articles.jsonl``.
* :func:`add_claim` stores one claim a person wrote (``method: human``) with their
  annotation; evidence is given as the exact quote and the offsets are found here.
* :func:`contribute_file` merges a JSONL file of claims and/or annotations.

The middle (:func:`locate_quote`, :func:`build_human_claim`, :func:`merge_contributions`)
is pure over records; files are read and written only by the functions around it.

A contributed line is one JSON object, either a **claim**::

    {"claim": "...", "label": "SUPPORTED", "annotator": "ana",
     "evidence": [{"exact": "quote from an article", "article_id": "4339e0bea9ee11a8"},
                  {"url": "https://...", "exact": "quote", "accessed": "2024-06-04"}],
     "note": "optional", "created": "optional ISO time"}

(``article_id`` is optional: without it the quote is looked up in every article), or an
**annotation** of a stored claim::

    {"id": "<claim id>", "annotator": "ana", "label": "REFUTED", "note": "optional"}
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.annotations import Judgment, add_annotation, merge_judgments, now_iso
from toolkit.dedupe import DuplicateIndex
from toolkit.errors import DataError, UsageError
from toolkit.jsonl import (
    DEFAULT_MAX_BYTES,
    atomic_writer,
    check_unique_keys,
    iter_jsonl,
    looks_utf16,
    read_bytes,
)
from toolkit.outputs import StageResult, write_rejects
from toolkit.records import (
    LABELS,
    Annotation,
    Article,
    Claim,
    ClaimSource,
    Evidence,
    Rejected,
    claim_id,
    encode,
    evidence_groups,
    evidence_problem,
    is_iso_date,
    sha256_hex,
)
from toolkit.schema import check_input
from toolkit.store import ARTICLES_PATH, CLAIMS_PATH, Store, check_record

SEEDS = Path("seeds")



# ---------------------------------------------------------------- evidence from a quote


def _clean(text: str) -> str:
    """A quote or claim as typed, in the form article texts use (NFC, single spaces)."""
    from toolkit.ingest import normalize_text

    return " ".join(normalize_text(text).split())


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def locate_quote(
    quote: str, articles: Mapping[str, Article], article: str | None = None
) -> Evidence:
    """The corpus evidence item whose text is exactly ``quote``.

    The quote must occur exactly once (in ``article``, or in the whole corpus when no
    article is named) and lie inside one sentence. Otherwise the DataError shows what
    there is instead: the closest sentences for a missing quote, every place for an
    ambiguous one.
    """
    quote = _clean(quote)
    if not quote:
        raise DataError("evidence: the quote is empty")
    if article is not None and article not in articles:
        known = ", ".join(sorted(articles)[:5]) or "none"
        raise DataError(f"unknown article {article!r} (known: {known}; see data/articles.jsonl)")
    pool = [articles[article]] if article is not None else [articles[k] for k in sorted(articles)]
    hits: list[tuple[Article, int]] = []
    for art in pool:
        pos = art.text.find(quote)
        while pos >= 0:
            hits.append((art, pos))
            pos = art.text.find(quote, pos + 1)
    where = f" in article {article}" if article else ""
    if not hits:
        close = _closest_sentences(quote, pool)
        raise DataError(f"evidence: quote {_short(quote)!r} not found{where}; closest: {close}")
    if len(hits) > 1:
        places = "; ".join(
            f"article {a.id} at [{p}, {p + len(quote)}): {_short(_sentence_around(a, p), 60)!r}"
            for a, p in hits[:5]
        )
        raise DataError(
            f"evidence: quote {_short(quote, 40)!r} is ambiguous, found {len(hits)} times{where}"
            f" ({places}); quote more words or name the article"
        )
    art, start = hits[0]
    end = start + len(quote)
    for s in art.sentences:
        if s.start <= start and end <= s.end:
            return Evidence(
                exact=quote, article_id=art.id, sentence_index=s.index, start=start, end=end
            )
    inside = [s.index for s in art.sentences if s.start < end and start < s.end]
    if not inside:
        raise DataError(
            f"evidence: quote {_short(quote)!r} is in the title or a subheading of article"
            f" {art.id}, not in a body sentence; quote the body"
        )
    raise DataError(
        f"evidence: quote {_short(quote)!r} spans sentences {inside[0]}-{inside[-1]} of article"
        f" {art.id}; give one quote per sentence"
    )


def _sentence_around(art: Article, pos: int) -> str:
    for s in art.sentences:
        if s.start <= pos < s.end:
            return art.text[s.start : s.end]
    return art.text[pos : pos + 60]


def _closest_sentences(quote: str, pool: Sequence[Article], k: int = 2) -> str:
    """The ``k`` sentences most like ``quote`` (difflib ratio), for the not-found message."""
    scored = []
    for art in pool:
        for s in art.sentences:
            text = art.text[s.start : s.end]
            ratio = difflib.SequenceMatcher(None, quote.casefold(), text.casefold()).ratio()
            scored.append((-ratio, art.id, s.index, text))
    scored.sort()
    return (
        "; ".join(f"article {aid} sentence {i}: {_short(t)!r}" for _, aid, i, t in scored[:k])
        or "(no sentences)"
    )


# ---------------------------------------------------------------- a person's claim


@dataclass(frozen=True)
class ClaimSpec:
    """A claim as a person gives it: text, label, evidence quotes, who and why."""

    claim: str
    label: str
    annotator: str
    evidence: tuple[dict[str, Any], ...] = ()
    note: str | None = None
    created: str | None = None


def parse_claim_spec(obj: Any) -> ClaimSpec:
    """Check the shape of a contributed claim object; DataError names the bad field."""
    check_input("claim", obj)
    evidence = obj.get("evidence", [])
    return ClaimSpec(
        claim=obj["claim"],
        label=obj["label"],
        annotator=obj["annotator"].strip(),
        evidence=tuple(evidence),
        note=obj.get("note"),
        created=obj.get("created"),
    )


def build_human_claim(
    spec: ClaimSpec, articles: Mapping[str, Article], *, now: Callable[[], str] = now_iso
) -> Claim:
    """The :class:`Claim` a person wrote, with their annotation, offsets found (pure).

    The claim's source is the sentence of its first corpus quote (so the splitter keeps
    it with claims about the same sentence); a claim with only external evidence, or
    none (NOT_ENOUGH_INFO), has no source.
    """
    if spec.label not in LABELS:
        raise DataError(f"label: {spec.label!r} is not one of {', '.join(LABELS)}")
    text = _clean(spec.claim)
    evidence: list[Evidence] = []
    for i, ev in enumerate(spec.evidence):
        if "url" in ev:
            if not is_iso_date(ev["accessed"]):
                raise DataError(
                    f"evidence.{i}.accessed: {ev['accessed']!r} is not an ISO date (YYYY-MM-DD)"
                )
            evidence.append(
                Evidence(exact=_clean(ev["exact"]), url=ev["url"].strip(), accessed=ev["accessed"])
            )
        else:
            evidence.append(locate_quote(ev["exact"], articles, ev.get("article_id")))
    why = evidence_problem(spec.label, evidence)
    if why:
        hint = ("the corpus has none" if evidence
                else "give a quote with --exact, or --url with --exact and --accessed")
        raise DataError(f"evidence: {why} ({hint})")
    first = next((e for e in evidence if not e.is_external), None)
    source = None
    if first is not None:
        sent = articles[first.article_id].sentences[first.sentence_index]  # type: ignore[index]
        source = ClaimSource(first.article_id, sent.index, sent.start, sent.end)  # type: ignore[arg-type]
    claim = Claim(
        id=claim_id(text, source.article_id if source else None),
        claim=text,
        label=spec.label,
        evidence=evidence_groups(evidence),
        source=source,
        method="human",
    )
    created = _created(spec.created, now)
    claim = add_annotation(claim, Annotation(spec.annotator, spec.label, created, spec.note))
    check_record("claim", encode(claim), "claim")
    return claim


def _created(given: Any, now: Callable[[], str]) -> str:
    """The annotation time: the one given (an ISO 8601 date or time), else now."""
    if given is None:
        return now()
    if not isinstance(given, str) or not is_iso_date(given):
        raise DataError(f"created: {given!r} is not an ISO 8601 date or time (YYYY-MM-DD...)")
    return given


# ---------------------------------------------------------------- merging


@dataclass
class ContributionResult(StageResult):
    """The claims after merging, and what happened to each contributed line."""

    SUMMARY = "{added} added, {updated} updated, {rejected} rejected; [written?merged|nothing written]"

    claims: list[Claim]
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    written: bool = False


def merge_contributions(
    entries: Iterable[tuple[str, Any]],
    claims: Sequence[Claim],
    articles: Mapping[str, Article],
    *,
    now: Callable[[], str] = now_iso,
) -> ContributionResult:
    """Merge ``(where, object)`` entries into ``claims`` (pure; nothing is written).

    Each entry is checked on its own; a bad one is rejected with its reason and the rest
    go on, so one run lists every problem. Later entries see earlier accepted ones (an
    annotation may follow the claim it judges in the same file).
    """
    entries = list(entries)
    by_id = {c.id: c for c in claims}
    order = [c.id for c in claims]
    index = DuplicateIndex([(c.id, c.claim) for c in claims])
    batch: dict[str, list[Judgment]] = {}
    result = ContributionResult(claims=[])
    for where, obj in entries:
        try:
            if isinstance(obj, dict) and "claim" not in obj and "id" in obj:
                judgment = _annotation_entry(where, obj, by_id, now)
                cid = judgment.claim_id
                # Earlier judgments of this file on the claim go in again (a no-op) so
                # that a conflicting one is caught and named with both lines.
                earlier = batch.setdefault(cid, [])
                by_id[cid] = merge_judgments([by_id[cid]], [*earlier, judgment]).claims[0]
                earlier.append(judgment)
                if cid not in result.added and cid not in result.updated:
                    result.updated.append(cid)
                continue
            claim = build_human_claim(parse_claim_spec(obj), articles, now=now)
            dup = index.find(claim.claim)
            if dup is not None:
                raise DataError(dup.describe())
            if claim.id in by_id:  # same text and article, different spelling of the claim
                raise DataError(f"duplicate of claim {claim.id} (same text and article)")
            by_id[claim.id] = claim
            order.append(claim.id)
            index.add(claim.id, claim.claim)
            result.added.append(claim.id)
        except DataError as exc:
            result.reject(Rejected(stage="contribute", id=where, reason=exc.message))
    result.claims = [by_id[cid] for cid in order]
    return result


def _annotation_entry(
    where: str, obj: dict[str, Any], by_id: Mapping[str, Claim], now: Callable[[], str]
) -> Judgment:
    check_input("annotation", obj)
    claim = by_id.get(obj["id"])
    if claim is None:
        raise DataError(f"id: unknown claim {obj['id']!r} (not in data/claims.jsonl)")
    note = obj.get("note")
    created = _created(obj.get("created"), now)
    return Judgment(where, claim.id, Annotation(obj["annotator"].strip(), obj["label"], created, note))


# ---------------------------------------------------------------- the file edges


class RejectedError(DataError):
    """Some contributed lines were rejected, so nothing was written.

    The message carries the first reason (one line for the common case of one bad line);
    :attr:`result` has all of them for the CLI to list.
    """

    def __init__(self, result: ContributionResult, path: Path | str):
        self.result = result
        first = result.rejected[0]
        n = len(result.rejected)
        rest = f" ({n} line(s) rejected, listed above)" if n > 1 else ""
        super().__init__(f"{first.reason}; nothing written{rest}", path=first.id)


def contribute_file(
    file: Path,
    *,
    claims_path: Path = CLAIMS_PATH,
    articles_path: Path = ARTICLES_PATH,
    skip_rejected: bool = False,
    now: Callable[[], str] = now_iso,
    max_bytes: int = DEFAULT_MAX_BYTES,
    rejects_path: Path | None = None,
) -> ContributionResult:
    """Merge a JSONL file of claims and annotations into ``claims_path``.

    The whole file is read and checked first (malformed JSON stops everything). If any
    line is rejected nothing is written, unless ``skip_rejected``: then the good lines
    are merged and the rejected ones reported. Either way the rejected lines, with their
    reasons, go to ``rejects_path`` when it is given.
    """
    entries = [
        (f"{file}:{n}", obj)
        for n, obj in iter_jsonl(Path(file), max_bytes=max_bytes, allow_empty=False, unique_keys=True)
    ]
    with Store.of(claims=claims_path, articles=articles_path).lock():
        result = merge_contributions(
            entries, Store.of(claims=claims_path).claims(), Store.of(articles=articles_path).articles_by_id(), now=now
        )
        if rejects_path is not None:
            write_rejects(rejects_path, result.rejected)
        if result.rejected and not skip_rejected:
            raise RejectedError(result, file)
        if result.added or result.updated:
            Store.of(claims=claims_path).write_claims(result.claims)
            result.written = True
    return result


def read_claim_file(path: Path) -> Any:
    """The JSON object of ``add-claim --file``."""
    data = read_bytes(Path(path))
    if looks_utf16(data):
        raise DataError("UTF-16 text; save the file as UTF-8", path=path)
    try:
        obj = json.loads(data.decode("utf-8"))
        check_unique_keys(data, path)
        return obj
    except UnicodeDecodeError:
        raise DataError("not UTF-8; save the file as UTF-8", path=path) from None
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno) from None


def claim_input(
    file: Path | None = None,
    *,
    claim: str | None = None,
    label: str | None = None,
    annotator: str | None = None,
    quotes: Sequence[str] = (),
    article: str | None = None,
    url: str | None = None,
    exact: str | None = None,
    accessed: str | None = None,
    note: str | None = None,
) -> tuple[str, Any]:
    """``(where, claim object)`` for ``add-claim``: from ``--file`` or from its flags.

    The flags build the same object a ``--file`` holds, so both are checked by one path.
    """
    flags = {"claim": claim, "label": label, "annotator": annotator, "url": url, "note": note}
    if file is not None:
        given = [f"--{k}" for k, v in flags.items() if v is not None] + (
            ["--exact"] if quotes or exact else []
        )
        if given:
            raise UsageError(f"give either --file or the claim's flags, not both ({given[0]})")
        return str(file), read_claim_file(file)
    for key in ("claim", "label", "annotator"):
        if not (flags[key] or "").strip():
            raise UsageError(f"--{key} is required (or pass --file with a JSON claim)")
    evidence: list[dict[str, Any]] = [
        {"exact": q} if article is None else {"exact": q, "article_id": article} for q in quotes
    ]
    if url is not None or exact is not None or accessed is not None:
        if not (url and exact and accessed):
            raise UsageError("external evidence needs all of --url, --exact and --accessed")
        evidence.append({"url": url, "exact": exact, "accessed": accessed})
    elif article is not None and not quotes:
        raise UsageError("--article names where to look for --exact quotes; give an --exact too")
    obj = {"claim": claim, "label": label, "annotator": annotator, "evidence": evidence}
    if note is not None:
        obj["note"] = note
    return "add-claim", obj


def add_claim(
    spec_obj: Any,
    *,
    where: str = "add-claim",
    claims_path: Path = CLAIMS_PATH,
    articles_path: Path = ARTICLES_PATH,
    now: Callable[[], str] = now_iso,
) -> Claim:
    """Store one person's claim; any problem is a DataError and nothing is written."""
    if isinstance(spec_obj, dict) and "claim" not in spec_obj:
        raise DataError("claim: required, a non-empty string", path=where)
    with Store.of(claims=claims_path, articles=articles_path).lock():
        result = merge_contributions(
            [(where, spec_obj)], Store.of(claims=claims_path).claims(), Store.of(articles=articles_path).articles_by_id(), now=now
        )
        if result.rejected:
            raise DataError(result.rejected[0].reason, path=where)
        Store.of(claims=claims_path).write_claims(result.claims)
    return next(c for c in result.claims if c.id == result.added[0])


# ---------------------------------------------------------------- articles


@dataclass(frozen=True)
class AddArticleResult:
    """The seed file written and the articles it added."""

    seed: str
    articles: tuple[Article, ...]
    total: int  # articles in data/articles.jsonl afterwards


def add_article(
    file: Path,
    *,
    seeds: Path = SEEDS,
    out: Path = ARTICLES_PATH,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> AddArticleResult:
    """Add an article file to ``seeds/`` and its manifest, then re-ingest ``out``.

    ``out`` is merged, not rewritten: articles in it that are not seeds (imported,
    added elsewhere) stay. Seeds and ``out`` are locked for the whole change.
    Refused before anything is written: an unsupported format, a file ingest cannot
    read, a file already in the seeds, and an article whose normalized text equals one
    already there (same article id), named with that id. If the final ingest fails
    anyway, the seed file and manifest are put back as they were.
    """
    from toolkit.store import lock_folders

    with lock_folders([Path(seeds), Path(out).parent]):
        return _add_article(file, seeds=seeds, out=out, publisher=publisher, url=url,
                            published=published, max_bytes=max_bytes)  # fmt: skip


def _add_article(
    file: Path,
    *,
    seeds: Path,
    out: Path,
    publisher: str | None,
    url: str | None,
    published: str | None,
    max_bytes: int,
) -> AddArticleResult:
    from toolkit.ingest import (
        FORMATS,
        MANIFEST,
        build_article,
        ingest,
        ingest_to_file,
        read_sources,
    )

    file = Path(file)
    fmt = FORMATS.get(file.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"unsupported format {file.suffix or '(no suffix)'!r}; use one of "
            + ", ".join(sorted(FORMATS)),
            path=file,
        )
    if fmt == "jsonl":
        given = [f"--{k}" for k, v in (("publisher", publisher), ("url", url),
                                         ("published", published)) if v is not None]  # fmt: skip
        if given:
            raise UsageError(
                f"{given[0]} does not apply to a .jsonl file: each line carries its own"
                " publisher, url and published fields; put them there",
                path=file,
            )
    if published is not None and not is_iso_date(published, date_only=True):
        raise UsageError(f"--published {published!r} is not a date; write it as YYYY-MM-DD")
    manifest_path = seeds / MANIFEST
    if not manifest_path.is_file():
        raise DataError("no manifest.json: not a seeds folder", path=seeds)
    manifest_bytes = manifest_path.read_bytes()
    manifest = json.loads(manifest_bytes)
    data = read_bytes(file, max_bytes=max_bytes)
    digest = sha256_hex(data)
    for e in manifest["files"]:
        if e["sha256"] == digest:
            raise DataError(f"already in the seeds as {e['file']}", path=file)
    name = f"{len(manifest['files']):03d}_{digest[:16]}{file.suffix.lower()}"
    entry = {
        "file": name,
        "format": fmt,
        "bytes": len(data),
        "sha256": digest,
        "publisher": publisher,
        "url": url,
        "published": published,
    }
    new = [build_article(raw) for raw in read_sources([(file, name, entry)], max_bytes=max_bytes)]
    existing = {a.id: a for a in ingest([seeds], max_bytes=max_bytes).articles}
    seen: dict[str, int] = {}
    for n, art in enumerate(new, start=1):
        if art.id in existing:
            old = existing[art.id].source
            where = old.file if old.line is None else f"{old.file}:{old.line}"
            raise DataError(
                f"same text as article {art.id} ({where}); not added",
                path=file,
                line=art.source.line,
            )
        if art.id in seen:
            raise DataError(
                f"article {n} repeats article {seen[art.id]} of this file",
                path=file,
                line=art.source.line,
            )
        seen[art.id] = n
    updated = dict(manifest, files=[*manifest["files"], entry])
    seed_path = seeds / name
    with atomic_writer(seed_path) as f:
        f.write(data)
    try:
        with atomic_writer(manifest_path) as f:
            f.write((json.dumps(updated, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        result = ingest_to_file([seeds], out, max_bytes=max_bytes)
    except BaseException:
        seed_path.unlink(missing_ok=True)
        with atomic_writer(manifest_path) as f:
            f.write(manifest_bytes)
        raise
    return AddArticleResult(seed=name, articles=tuple(new), total=result.written)


__all__ = [
    "AddArticleResult",
    "ClaimSpec",
    "ContributionResult",
    "Rejected",
    "RejectedError",
    "add_article",
    "add_claim",
    "build_human_claim",
    "claim_input",
    "contribute_file",
    "locate_quote",
    "merge_contributions",
    "parse_claim_spec",
]
