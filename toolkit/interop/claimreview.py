"""schema.org ClaimReview (JSON-LD), the markup fact-checkers publish with their reviews.

What is read (schema.org/ClaimReview, as fact-checkers publish it): a single ClaimReview
object, a list of them (streamed), JSON Lines, or a document with an ``@graph``; a
ClaimReview nested anywhere inside another node (a ``MediaReview``'s
``associatedClaimReview``, a page's ``mainEntity``) is found too; and a Fact Check Tools
API ``claims:search`` response (``claims[].claimReview[]`` with ``textualRating``,
``publisher``, ``reviewDate``) is read as the ClaimReview objects it describes
(:func:`api_review`). From each review, ``claimReviewed``, ``reviewRating``
(``ratingValue``, ``bestRating``, ``worstRating``, ``alternateName``), ``itemReviewed``
(a Claim with ``author``, ``datePublished``, ``appearance``/``firstAppearance``),
``author`` (the fact-checker), ``datePublished`` and ``url``. Dates may be any ISO 8601
form or RFC 2822 (:func:`parse_date`). Nodes that are no review and hold none are
reported, not silently passed over.

Mapping
-------
The textual rating (``alternateName``) maps to our label through
``claimreview_ratings.json`` (user-editable, ``--mapping FILE``). Numeric ratings are not
mapped (publishers' scales differ) but are checked against the textual rating: a review
whose ``ratingValue`` contradicts it is reported (:func:`rating_conflict`). In-between
ratings such as "Half True", "Misleading" or "False Context" are listed with ``null``:
such reviews are skipped with the rating named.

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

import re
from pathlib import Path
from typing import Any

import orjson

from toolkit.errors import DataError
from toolkit.interop.common import (
    MAPPING_DIR,
    Batch,
    ExportOptions,
    ExportResult,
    ImportOptions,
    Incoming,
    iter_json_items,
    load_mapping,
    map_label,
    read_mapping_file,
    skip,
)
from toolkit.jsonl import write_text
from toolkit.records import (
    LABELS,
    Annotation,
    Article,
    Claim,
    Evidence,
    EvidenceGroups,
    Label,
    Origin,
    claim_id,
    evidence_groups,
    needs_evidence,
)

NAME = "claimreview"
MAPPING = "claimreview_ratings.json"
CONTEXT = "https://schema.org"


#: Where a ClaimReview may sit inside another node: a MediaReview's
#: ``associatedClaimReview``, a page's ``mainEntity``, ``review``, ``hasPart``...
#: Every property is searched, so a nesting not listed here is found too.
REVIEW_TYPES = ("ClaimReview", "schema:ClaimReview", f"{CONTEXT}/ClaimReview",
                "http://schema.org/ClaimReview")


def _types(node: Any) -> list[Any]:
    types = node.get("@type") if isinstance(node, dict) else None
    return types if isinstance(types, list) else [types]


def _is_review(node: Any) -> bool:
    return any(t in REVIEW_TYPES for t in _types(node))


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


def _nested_reviews(node: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    """ClaimReview objects anywhere inside ``node`` (itself included), in document order."""
    if isinstance(node, dict):
        if _is_review(node):
            return [(where, node)]
        found = []
        for key, value in node.items():
            if key != "@context":
                found.extend(_nested_reviews(value, f"{where}.{key}"))
        return found
    if isinstance(node, list):
        return [r for i, item in enumerate(node) for r in _nested_reviews(item, f"{where}[{i}]")]
    return []


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


# ---------------------------------------------------------------- dates

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: RFC 2822 as fact-checkers' CMSs print it, with the zone given once or twice
#: ("Wed, 11 Mar 2020 01:05:52 UTC +00:00", "11 Mar 2020 01:05 GMT", "... -0500").
_RFC2822 = re.compile(
    r"^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})"
    r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
    r"(?:\s+(?:UTC|GMT|UT|Z))?(?:\s*([+-])(\d{2}):?(\d{2}))?\s*$",
    re.IGNORECASE,
)


#: ISO 8601 ordinal dates (``2024-124``, ``2024124``), which ``fromisoformat`` lacks.
_ORDINAL = re.compile(r"^(\d{4})-?(\d{3})$")
#: ISO 8601 reduced precision (a year, or a year and month): valid, but names no day.
REDUCED_DATE = re.compile(r"^\d{4}(?:-\d{2})?$")


def parse_date(value: Any) -> str | None:
    """An ISO 8601 date or date-time for any date form a ClaimReview carries, else None.

    schema.org's Date and DateTime are ISO 8601: calendar dates (``2024-05-03``,
    ``20240503``), week dates (``2024-W18-5``), date-times with or without seconds,
    fractions and zone (``Z``, ``+02:00``, ``+0200``), with ``T`` or a space. Markup
    written by CMSs also carries RFC 2822 (``Wed, 11 Mar 2020 01:05:52 UTC +00:00``).
    A date alone stays a date (``YYYY-MM-DD``); a date-time keeps its offset. Reduced
    precision (``2024-05``, ``2024``) names no day and gives None.
    """
    from datetime import date, datetime, timedelta, timezone

    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) <= 10 or ("T" not in text and " " not in text and ":" not in text):
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text.replace("z", "Z")).isoformat()
    except ValueError:
        pass
    ordinal = _ORDINAL.match(text)
    if ordinal is not None:
        year, day_of_year = int(ordinal.group(1)), int(ordinal.group(2))
        if not 1 <= day_of_year <= (366 if date(year, 12, 31).timetuple().tm_yday == 366
                                    else 365):
            return None
        return (date(year, 1, 1) + timedelta(days=day_of_year - 1)).isoformat()
    m = _RFC2822.match(text)
    if m is None or m.group(2).lower()[:3] not in _MONTHS:
        return None
    day, month, year = int(m.group(1)), _MONTHS.index(m.group(2).lower()[:3]) + 1, int(m.group(3))
    try:
        if m.group(4) is None:
            return date(year, month, day).isoformat()
        sign = -1 if m.group(7) == "-" else 1
        offset = timedelta(hours=int(m.group(8) or 0), minutes=int(m.group(9) or 0)) * sign
        return datetime(year, month, day, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0),
                        tzinfo=timezone(offset)).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- ratings


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def rating_conflict(rating: dict[str, Any], label: str) -> str | None:
    """Why the numeric rating contradicts the textual one, or None when they agree.

    ``ratingValue`` sits on the scale ``worstRating``..``bestRating`` (schema.org's
    defaults 1 and 5; a scale may run either way). A SUPPORTED textual rating with a
    value in the worse half, or a REFUTED one in the better half, is a contradiction
    in the markup (schema.org's own PolitiFact example says "True" with 1 of 6): the
    review is reported instead of guessed. A value outside the scale is reported too.
    """
    value = _number(rating.get("ratingValue"))
    if value is None or label == Label.NOT_ENOUGH_INFO:
        return None
    best = _number(rating.get("bestRating"))
    worst = _number(rating.get("worstRating"))
    best = 5.0 if best is None else best
    worst = 1.0 if worst is None else worst
    if best == worst:
        return None
    position = (value - worst) / (best - worst)
    scale = f"ratingValue {rating.get('ratingValue')!r} on {worst:g} (worst) to {best:g} (best)"
    if not 0.0 <= position <= 1.0:
        return f"{scale} is outside the scale"
    if (label == Label.SUPPORTED and position < 0.5) or (label == Label.REFUTED and position > 0.5):
        return (f"alternateName {rating.get('alternateName')!r} ({label}) contradicts {scale};"
                " fix the markup or decide with --mapping")
    return None


# ---------------------------------------------------------------- Fact Check Tools API


def _is_api_response(data: Any) -> bool:
    return (isinstance(data, dict) and isinstance(data.get("claims"), list)
            and "@type" not in data and "@graph" not in data)


def api_review(claim: dict[str, Any], review: dict[str, Any]) -> dict[str, Any]:
    """One ``claims[].claimReview[]`` entry of a Fact Check Tools API response, as the
    ClaimReview object it was read from (the API documents each field's schema.org
    counterpart); fields the API adds that ClaimReview has no name for are kept under
    their own names, so nothing is lost and an export gives ClaimReview back."""
    item: dict[str, Any] = {"@type": "Claim"}
    if isinstance(claim.get("claimant"), str):
        item["author"] = {"@type": "Person", "name": claim["claimant"]}
    if claim.get("claimDate") is not None:
        item["datePublished"] = claim["claimDate"]
    out: dict[str, Any] = {"@type": "ClaimReview"}
    if review.get("url") is not None:
        out["url"] = review["url"]
    out["claimReviewed"] = claim.get("text")
    out["itemReviewed"] = item
    publisher = review.get("publisher")
    if isinstance(publisher, dict):
        author: dict[str, Any] = {"@type": "Organization"}
        if publisher.get("name") is not None:
            author["name"] = publisher["name"]
        if publisher.get("site") is not None:
            author["url"] = publisher["site"]
        out["author"] = author
    rating: dict[str, Any] = {"@type": "Rating"}
    if review.get("textualRating") is not None:
        rating["alternateName"] = review["textualRating"]
    out["reviewRating"] = rating
    if review.get("reviewDate") is not None:
        out["datePublished"] = review["reviewDate"]
    if review.get("title") is not None:
        out["name"] = review["title"]
    if review.get("languageCode") is not None:
        out["inLanguage"] = review["languageCode"]
    known = {"url", "publisher", "textualRating", "reviewDate", "title", "languageCode"}
    out.update({k: v for k, v in review.items() if k not in known and k not in out})
    return out


def _api_nodes(data: dict[str, Any], path: Path) -> list[tuple[str, Any]]:
    out = []
    for i, claim in enumerate(data["claims"]):
        reviews = claim.get("claimReview") if isinstance(claim, dict) else None
        if not isinstance(reviews, list) or not reviews:
            out.append((f"claims[{i}]", claim))  # reported below as not a review
            continue
        out.extend((f"claims[{i}].claimReview[{j}]", api_review(claim, r) if isinstance(r, dict)
                    else r) for j, r in enumerate(reviews))
    return out


# ---------------------------------------------------------------- import


def _review_nodes(path: Path, options: ImportOptions) -> list[tuple[str, Any]]:
    out = []
    for item_loc, data in iter_json_items(path, options.max_bytes):
        if _is_api_response(data):
            out.extend((f"{item_loc}{loc}", node) for loc, node in _api_nodes(data, path))
        else:
            out.extend(_nodes(data, item_loc))
    return out


def read(path: Path, options: ImportOptions) -> Batch:
    """ClaimReview JSON-LD (or a Fact Check Tools API response) into a batch of claims."""
    table = load_mapping(MAPPING, options.mapping)
    batch = Batch()
    for loc, top in _review_nodes(path, options):
        reviews = _nested_reviews(top, loc)
        if not reviews:
            batch.read += 1
            kind = top.get("@type") if isinstance(top, dict) else type(top).__name__
            batch.skipped.append(skip(f"{path} {loc or '(document)'}",
                                      f"@type {kind!r} is not ClaimReview and holds none"))
            continue
        for rloc, node in reviews:
            batch.read += 1
            _read_review(node, f"{path} {rloc or '(document)'}", table, options, batch)
    return batch


def _read_review(node: dict[str, Any], where: str, table: dict[str, str | None],
                 options: ImportOptions, batch: Batch) -> None:
    text = node.get("claimReviewed")
    if not isinstance(text, str) or not text.strip():
        batch.skipped.append(skip(where, "no claimReviewed text"))
        return
    rating = node.get("reviewRating")
    rating = rating[0] if isinstance(rating, list) and rating else rating
    rating = rating if isinstance(rating, dict) else {}
    textual = rating.get("alternateName")
    if textual is None:
        batch.skipped.append(skip(where, "no textual rating (reviewRating.alternateName);"
                                         f" numeric rating {rating.get('ratingValue')!r}"
                                         " is not mapped"))
        return
    try:
        label = map_label(table, textual, options.mapping, MAPPING)
    except LookupError as exc:
        batch.skipped.append(skip(where, f"reviewRating.alternateName: {exc}"))
        return
    conflict = rating_conflict(rating, label)
    if conflict is not None:
        batch.skipped.append(skip(where, f"reviewRating: {conflict}"))
        return
    raw_date = node.get("datePublished")
    date = parse_date(raw_date)
    if isinstance(raw_date, str) and REDUCED_DATE.match(raw_date.strip()):
        raw_date = None  # a year or month names no day: the import date stands in
    if raw_date is not None and date is None:
        batch.skipped.append(skip(where, f"datePublished {raw_date!r} is not a date (ISO 8601"
                                         " or RFC 2822 with a day)"))
        return
    created = date or options.created
    url = node.get("url")
    evidence: EvidenceGroups = ()
    if needs_evidence(label):
        if not isinstance(url, str) or not url:
            batch.skipped.append(skip(where, f"{label} needs evidence and the review has"
                                             " no url"))
            return
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
