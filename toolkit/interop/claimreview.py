"""schema.org ClaimReview (JSON-LD), the markup fact-checkers publish with their reviews.

What is read (schema.org/ClaimReview, as Google's fact-check markup uses it): a single
ClaimReview object, a list of them, or a document with an ``@graph``; from each,
``claimReviewed``, ``reviewRating`` (``ratingValue``, ``bestRating``, ``worstRating``,
``alternateName``), ``itemReviewed`` (a Claim with ``author``, ``datePublished``,
``appearance``/``firstAppearance``), ``author`` (the fact-checker), ``datePublished`` and
``url``. Nodes of another ``@type`` are reported, not silently passed over.

Mapping
-------
The textual rating (``alternateName``) maps to our label through
``claimreview_ratings.json`` (user-editable, ``--mapping FILE``). Numeric ratings are not
mapped (publishers' scales differ), and in-between ratings such as "Half True" are
deliberately left unmapped: such reviews are skipped with the rating named.

A review becomes a claim (method ``import:claimreview``) with one annotation by the
review's author (``author.name``), dated ``datePublished``; its evidence is the review
itself as an external item (``url``; ``exact`` is the ``reviewBody`` if given, else the
textual rating as published there; ``accessed`` the review's date). The whole review
object is kept verbatim in the annotation's ``origin.fields``.

Export writes one JSON-LD document whose ``@graph`` holds the ClaimReview objects: every
review that was imported, exactly as it was read (``claimReviewed`` set to the claim's
text; a review that carried its own ``@context`` keeps it), so importing an export again
changes nothing, and, for a claim whose label no
imported review gives, claimkit's own review: ``author`` from ``--author``, the textual
rating from the mapping's ``export`` table, the date of the latest annotation, and the
source article's URL as the claim's ``appearance`` where known. claimkit has no review
page, so its own reviews carry no ``url`` and no numeric rating.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from toolkit.errors import DataError
from toolkit.interop.common import (
    ISO_DATE,
    MAPPING_DIR,
    Batch,
    ExportOptions,
    ExportResult,
    ImportOptions,
    Incoming,
    Skip,
    load_mapping,
    map_label,
    read_json,
    read_mapping_file,
)
from toolkit.jsonl import write_text
from toolkit.records import (
    LABELS,
    Annotation,
    Article,
    Claim,
    Evidence,
    EvidenceGroups,
    Origin,
    claim_id,
    evidence_groups,
)

NAME = "claimreview"
MAPPING = "claimreview_ratings.json"
CONTEXT = "https://schema.org"


def _nodes(data: Any, where: str) -> list[tuple[str, Any]]:
    """Every top-level node: a single object, a list, or an ``@graph``, in order."""
    if isinstance(data, list):
        out = []
        for i, item in enumerate(data):
            out.extend(_nodes(item, f"{where}[{i}]"))
        return out
    if isinstance(data, dict) and isinstance(data.get("@graph"), list):
        return [(f"{where}@graph[{i}]", node) for i, node in enumerate(data["@graph"])]
    return [(where, data)]


def _is_review(node: Any) -> bool:
    types = node.get("@type") if isinstance(node, dict) else None
    types = types if isinstance(types, list) else [types]
    return any(t in ("ClaimReview", "schema:ClaimReview", f"{CONTEXT}/ClaimReview")
               for t in types)


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def read(path: Path, options: ImportOptions) -> Batch:
    """ClaimReview JSON-LD into a batch of claims, one annotation per review."""
    table = load_mapping(MAPPING, options.mapping)
    data = read_json(path, options.max_bytes)
    batch = Batch()
    for loc, node in _nodes(data, ""):
        where = f"{path} {loc or '(document)'}"
        batch.read += 1
        if not _is_review(node):
            kind = node.get("@type") if isinstance(node, dict) else type(node).__name__
            batch.skipped.append(Skip(where, f"@type {kind!r} is not ClaimReview"))
            continue
        text = node.get("claimReviewed")
        if not isinstance(text, str) or not text.strip():
            batch.skipped.append(Skip(where, "no claimReviewed text"))
            continue
        rating = node.get("reviewRating")
        rating = rating[0] if isinstance(rating, list) and rating else rating
        textual = rating.get("alternateName") if isinstance(rating, dict) else None
        if textual is None:
            value = rating.get("ratingValue") if isinstance(rating, dict) else None
            batch.skipped.append(Skip(where, f"no textual rating (reviewRating.alternateName);"
                                             f" numeric rating {value!r} is not mapped"))
            continue
        try:
            label = map_label(table, textual, options.mapping, MAPPING)
        except LookupError as exc:
            batch.skipped.append(Skip(where, f"reviewRating.alternateName: {exc}"))
            continue
        date = node.get("datePublished")
        if date is not None and not (isinstance(date, str) and ISO_DATE.match(date)):
            batch.skipped.append(Skip(where, f"datePublished {date!r} is not an ISO 8601 date"))
            continue
        created = date or options.created
        url = node.get("url")
        evidence: EvidenceGroups = ()
        if label != "NOT_ENOUGH_INFO":
            if not isinstance(url, str) or not url:
                batch.skipped.append(Skip(where, f"{label} needs evidence and the review has"
                                                 " no url"))
                continue
            body = node.get("reviewBody")
            exact = body.strip() if isinstance(body, str) and body.strip() else textual
            evidence = evidence_groups([Evidence(exact=exact, url=url, accessed=created[:10])])
        cid = claim_id(text, None)
        annotation = Annotation(
            annotator=_name(node.get("author")) or NAME, label=label, created=created,
            origin=Origin(format=NAME, id=url if isinstance(url, str) else None, label=textual,
                          fields=node),
        )
        claim = Claim(id=cid, claim=text, label=label, evidence=evidence, source=None,
                      method=f"import:{NAME}")
        batch.incoming.append(Incoming(where, cid, annotation, claim))
    return batch


# ---------------------------------------------------------------- export


def load_export_table(path: Path | None) -> dict[str, str]:
    """Our label -> textual rating, from the mapping file's ``export`` table."""
    source = path or MAPPING_DIR / MAPPING
    table = read_mapping_file(source).get("export")
    if table is None and path is not None:
        return load_export_table(None)
    ok = isinstance(table, dict) and set(table) == set(LABELS) and all(
        isinstance(v, str) and v.strip() for v in table.values())
    if not ok:
        raise DataError(f'"export" must give a textual rating for each of {", ".join(LABELS)}',
                        path=source)
    return table


def own_review(claim: Claim, article: Article | None, rating: str, author: str) -> dict[str, Any]:
    """claimkit's review of a claim, in ClaimReview's shape."""
    review: dict[str, Any] = {"@type": "ClaimReview", "claimReviewed": claim.claim}
    item: dict[str, Any] = {"@type": "Claim"}
    if article is not None and article.source.url:
        item["appearance"] = [{"@type": "CreativeWork", "url": article.source.url}]
    review["itemReviewed"] = item
    review["author"] = {"@type": "Organization", "name": author}
    dates = sorted(a.created for a in claim.annotations)
    if dates:
        review["datePublished"] = dates[-1][:10]
    review["reviewRating"] = {"@type": "Rating", "alternateName": rating}
    return review


def export_reviews(
    claim: Claim, articles: dict[str, Article], table: dict[str, str], author: str
) -> list[dict[str, Any]]:
    """The ClaimReview objects of one claim: imported ones as read, then ours if needed."""
    out = []
    for a in claim.annotations:
        if a.origin is None or a.origin.format != NAME or not isinstance(a.origin.fields, dict):
            continue
        review = dict(a.origin.fields)
        review["claimReviewed"] = claim.claim
        out.append(review)
    if not any(a.origin and a.origin.format == NAME and a.label == claim.label
               for a in claim.annotations):
        article = articles.get(claim.article_id or "")
        out.append(own_review(claim, article, table[claim.label], author))
    return out


def write(
    claims: list[Claim], articles: list[Article], out: Path, options: ExportOptions
) -> ExportResult:
    """Every claim as ClaimReview JSON-LD (one ``@graph``) in ``out``."""
    table = load_export_table(options.mapping)
    by_id = {a.id: a for a in articles}
    reviews = [r for c in claims for r in export_reviews(c, by_id, table, options.author)]
    doc = {"@context": CONTEXT, "@graph": reviews}
    text = orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    write_text(out, text)
    return ExportResult(written={str(out): len(reviews)})
