"""FEVER: claims JSONL with sentence-level evidence, and wiki-pages JSONL.

The published layout (fever.ai, FEVER 1.0):

* a claims line is ``{"id": int, "verifiable": "VERIFIABLE" | "NOT VERIFIABLE",
  "label": "SUPPORTS" | "REFUTES" | "NOT ENOUGH INFO", "claim": str, "evidence": [group,
  ...]}``; each evidence group is a list of ``[annotation_id, evidence_id, page,
  line]``, and any one complete group is enough to decide the claim. NOT ENOUGH INFO has
  ``[[[annotation_id, null, null, null]]]``;
* a wiki-pages line is ``{"id": page, "text": str, "lines": "0\\tsentence\\tanchor...\\n1\\t..."}``:
  the page's sentences, numbered from 0, each followed by its hyperlink anchors; a
  number with no sentence is an empty line.

Import
------
Each claims line is checked against ``schemas/fever-input.schema.json``: a malformed line
is one error naming the field (``evidence.0.0.3 (line): expected an integer, got str``),
while a line without a label (FEVER's test files) or with a label outside FEVER's three
is skipped with its reason.

Only the pages that the claims cite are read into Articles (a full wiki dump holds
millions); ``--pages`` takes one wiki-pages file or the folder FEVER ships them in.
Each non-empty FEVER line becomes one paragraph of a :class:`RawArticle` whose title is
the page id, and :func:`toolkit.ingest.build_article` makes the Article, so the offsets
and sentences are ours. The Article's ``source`` names the wiki-pages file and line
(``format`` ``jsonl``, ``publisher`` ``Wikipedia``). **Mapping line ids back:** paragraph ``k`` of the article
(its ``k``-th ``paragraph`` block) is the ``k``-th kept FEVER line; each claim imported
from FEVER records, in its annotation's ``origin.fields.pages``, the page id, the
article id and the FEVER line id of each paragraph, in order. A FEVER line that our
segmenter splits into two sentences gives two evidence items; both map back to the line.

Each FEVER record becomes one annotation by ``fever:<id>`` (so two FEVER records with
the same claim text are two judgments of one claim, and a second import replaces
nothing); the claim's evidence is every evidence group whose pages are all present, in
FEVER's order (a group repeated by several annotators is kept once).
The record's FEVER id, verifiable and every evidence group are kept verbatim in the
annotation's ``origin``.

Export
------
A claim imported from FEVER is written back as FEVER gave it (its id, label and
evidence groups; two FEVER records of one text, even disagreeing ones, come back as two
lines) until someone judges it in claimkit; from then on our current label is written,
and where that differs from FEVER's, the evidence is rebuilt from ours. Other claims
use our id (a hex string), ``null`` annotation and evidence ids (claimkit has none), the
article id as page (the FEVER page id for imported pages) and the sentence index as
line; NOT_ENOUGH_INFO is ``[[[null, null, null, null]]]``. Claims whose evidence is only external
(a URL) cannot be expressed and are reported. Pages: one per article; imported pages get
their FEVER id and line numbers back (empty lines as ``n\\t``); hyperlink anchors are
not kept, since an Article has no place for them, and ``text`` is the lines joined by
single spaces.

Scored predictions
------------------
:func:`export_predictions` writes a predictions file and the gold claims of a built
split in the FEVER shared task's layout (``claimkit export-predictions``), so that our
scores can be cross-checked with FEVER's own scorer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit.errors import DataError, UsageError
from toolkit.evaluate.fever import evidence_pairs
from toolkit.ingest import RawArticle, build_article, normalize_text
from toolkit.interop.common import (
    Batch,
    ExportOptions,
    ExportResult,
    ImportOptions,
    Incoming,
    iter_objects,
    need_option,
    require,
    skip,
)
from toolkit.jsonl import file_sha256, write_jsonl
from toolkit.outputs import check_output_file
from toolkit.records import (
    FEVER_LABELS,
    Annotation,
    Article,
    ArticleSource,
    Claim,
    Evidence,
    EvidenceGroups,
    Label,
    Origin,
    Prediction,
    claim_id,
    evidence_groups,
)
from toolkit.schema import check_input

NAME = "fever"
OUR_LABELS = {v: k for k, v in FEVER_LABELS.items()}
NEI = "NOT ENOUGH INFO"


# ---------------------------------------------------------------- import


def parse_lines(lines: str, path: Path, lineno: int) -> list[tuple[int, str]]:
    """``(line id, sentence)`` of a page's ``lines`` field; anchors are dropped."""
    out = []
    for row in lines.split("\n"):
        if not row.strip():
            continue
        number, _, rest = row.partition("\t")
        require(number.isdigit(), f"lines: {row[:40]!r} does not start with a line number",
                path, lineno)
        out.append((int(number), rest.split("\t")[0]))
    return out


def page_to_article(
    page: str, lines: list[tuple[int, str]], source: ArticleSource
) -> tuple[Article, list[int], dict[int, list[int]]]:
    """An Article from a FEVER page, the line id of each paragraph, and line -> sentences."""
    kept = [(lid, s) for lid, s in lines if " ".join(normalize_text(s).split())]
    raw = RawArticle(title=page, blocks=tuple(("paragraph", s) for _, s in kept), source=source)
    article = build_article(raw)
    removed = {b.block for b in article.boilerplate if b.kind == "copyright"}
    paragraphs = iter(i for i, b in enumerate(article.structure) if b.kind == "paragraph")
    layout: list[int] = []
    line_map: dict[int, list[int]] = {}
    for n, (lid, _) in enumerate(kept):
        if n in removed:
            continue
        block = next(paragraphs)
        layout.append(lid)
        line_map[lid] = [s.index for s in article.sentences if s.block == block]
    return article, layout, line_map


def page_files(path: Path) -> list[Path]:
    """The wiki-pages files: ``path`` itself, or every ``*.jsonl`` in a folder, sorted.

    FEVER ships its wiki dump as a folder of files (``wiki-001.jsonl``...).
    """
    if not path.is_dir():
        return [path]
    files = sorted(path.glob("*.jsonl"))
    require(bool(files), "no *.jsonl wiki-pages files in this folder", path)
    return files


def read(path: Path, options: ImportOptions) -> Batch:
    """FEVER claims (``path``) and the pages they cite (``--pages``) into a batch."""
    pages_path = need_option(options.pages, "--pages (FEVER wiki-pages JSONL file or folder)",
                             NAME)
    batch = Batch()
    rows: list[tuple[int, dict[str, Any], list[str]]] = []
    cited: set[str] = set()
    for lineno, obj in iter_objects(path, options.max_bytes):
        # schemas/fever-input.schema.json; a label we do not take skips the line below
        label_problems = check_input("fever", obj, path=path, line=lineno, lenient=("label",))
        rows.append((lineno, obj, label_problems))
        for group in obj.get("evidence", []):
            cited.update(item[2] for item in group if item[2] is not None)

    pages: dict[str, tuple[Article, list[int], dict[int, list[int]]]] = {}
    for pages_file in page_files(pages_path):
        digest = None
        for lineno, obj in iter_objects(pages_file, options.max_bytes):
            page = obj.get("id")
            require(isinstance(page, str), "id: expected a string (the page title)",
                    pages_file, lineno)
            if page not in cited or page in pages:
                continue
            require(isinstance(obj.get("lines"), str), "lines: expected a string", pages_file,
                    lineno)
            digest = digest or file_sha256(pages_file)
            source = ArticleSource(file=pages_file.name, format="jsonl", file_sha256=digest,
                                   line=lineno, publisher="Wikipedia")
            try:
                lines = parse_lines(obj["lines"], pages_file, lineno)
                pages[page] = page_to_article(page, lines, source)
            except DataError as exc:
                if exc.line is not None:  # malformed input, not an empty page
                    raise
                batch.skipped.append(skip(f"{pages_file}:{lineno}",
                                          f"page {page!r}: {exc.message}"))
    batch.articles.extend(article for _, (article, _, _) in sorted(pages.items()))

    pages_of_claims: set[str] = set()
    for lineno, obj, label_problems in rows:
        batch.read += 1
        where = f"{path}:{lineno}"
        fever_label = obj.get("label")
        if fever_label is None:
            batch.skipped.append(skip(where, "no label (an unlabelled FEVER test file?)"))
            continue
        if label_problems:
            batch.skipped.append(skip(where, label_problems[0]))
            continue
        label = OUR_LABELS[fever_label]
        evidence: EvidenceGroups = ()
        unresolved = None
        if fever_label != NEI:
            problem = ""
            resolved: list[list[Evidence]] = []
            for group in obj["evidence"]:
                items = _resolve(group, pages)
                if isinstance(items, str):
                    problem = problem or items
                    continue
                resolved.append(items)
            evidence = evidence_groups(*resolved)
            if not evidence:
                # No claim of its own, but the judgment still counts on the same claim
                # brought by another record or already in our data (merge decides).
                unresolved = problem or "no evidence group"
        used = sorted({item[2] for g in obj["evidence"] for item in g if item[2] in pages})
        fields = {k: v for k, v in obj.items() if k not in ("id", "label", "claim")}
        if unresolved is None:
            pages_of_claims.update(pages[p][0].id for p in used)
        else:
            used = []
        fields["pages"] = {
            p: {"article_id": pages[p][0].id, "lines": pages[p][1]} for p in used
        }
        text = obj["claim"]
        cid = claim_id(text, None)
        claim = Claim(id=cid, claim=text, label=label, evidence=evidence, source=None,
                      method=f"import:{NAME}")
        annotation = Annotation(
            annotator=f"fever:{obj['id']}", label=label, created=options.created,
            origin=Origin(format=NAME, id=obj["id"], label=fever_label, fields=fields),
        )
        if unresolved is None:
            batch.incoming.append(Incoming(where, cid, annotation, claim))
        else:
            batch.incoming.append(Incoming(where, cid, annotation, None, unresolved))
    # Only pages that evidence of an imported claim points at: a page cited only by a
    # record that brought no claim would be an orphan article.
    batch.articles = [a for a in batch.articles if a.id in pages_of_claims]
    return batch


def _resolve(group: list[list[Any]], pages: dict[str, Any]) -> list[Evidence] | str:
    """Our evidence items for one FEVER evidence group, or why it cannot be resolved."""
    out: list[Evidence] = []
    for _, _, page, line in group:
        if page not in pages:
            return f"evidence page {page!r} is not in the pages file"
        article, _, line_map = pages[page]
        if line not in line_map:
            return f"page {page!r} has no line {line!r}"
        for si in line_map[line]:
            s = article.sentences[si]
            ev = Evidence(exact=article.text[s.start : s.end], article_id=article.id,
                          sentence_index=si, start=s.start, end=s.end)
            if ev not in out:
                out.append(ev)
    return out


# ---------------------------------------------------------------- export


def page_layouts(claims: list[Claim]) -> dict[str, list[tuple[str, list[int]]]]:
    """article id -> [(FEVER page id, line id of each paragraph)] for imported pages.

    A list, because two FEVER page ids that normalize (NFC, spaces) to the same title
    over the same lines are one Article of ours; each page id still comes back.
    """
    found: dict[str, dict[str, list[int]]] = {}
    for claim in claims:
        for a in claim.annotations:
            if a.origin is None or a.origin.format != NAME:
                continue
            pages = (a.origin.fields or {}).get("pages") or {}
            for page, info in pages.items() if isinstance(pages, dict) else ():
                ok = isinstance(info, dict) and isinstance(info.get("article_id"), str) \
                    and isinstance(info.get("lines"), list) \
                    and all(isinstance(n, int) and n >= 0 for n in info["lines"])
                if not ok:
                    raise DataError(f"annotation {a.annotator}: origin.fields.pages.{page} is"
                                    " not {article_id, lines}; import the FEVER file again",
                                    path=f"claim {claim.id}")
                found.setdefault(info["article_id"], {}).setdefault(page, info["lines"])
    return {aid: sorted(pages.items()) for aid, pages in found.items()}


def _check_layouts(
    articles: list[Article], layouts: dict[str, list[tuple[str, list[int]]]]
) -> None:
    """Each imported page's line ids must cover the article's paragraphs, one each."""
    for article in articles:
        paragraphs = sum(b.kind == "paragraph" for b in article.structure)
        for page, lines in layouts.get(article.id, ()):
            if len(lines) != paragraphs or len(set(lines)) != len(lines):
                raise DataError(f"FEVER page {page!r}: {len(lines)} line ids recorded for"
                                f" {paragraphs} paragraphs; import the FEVER file again",
                                path=f"article {article.id}")


def _paragraph_ordinal(article: Article) -> dict[int, int]:
    blocks = [i for i, b in enumerate(article.structure) if b.kind == "paragraph"]
    return {block: k for k, block in enumerate(blocks)}


def export_claim(
    claim: Claim, articles: dict[str, Article], layouts: dict[str, list[tuple[str, list[int]]]]
) -> list[dict[str, Any]] | str:
    """The FEVER lines of one claim, or why FEVER cannot hold it."""
    fever_label = FEVER_LABELS[claim.label]
    verifiable = "NOT VERIFIABLE" if fever_label == NEI else "VERIFIABLE"
    computed: list[list[list[Any]]] | None = None
    if fever_label == NEI:
        computed = [[[None, None, None, None]]]
    else:
        groups: list[list[list[Any]]] = []
        for evidence_group in claim.evidence:
            group: list[list[Any]] = []
            for ev in evidence_group:
                if ev.is_external or ev.article_id not in articles:
                    continue
                art = articles[ev.article_id]
                if ev.article_id in layouts:
                    page, lines = layouts[ev.article_id][0]
                    block = art.sentences[ev.sentence_index].block
                    item = [None, None, page, lines[_paragraph_ordinal(art)[block]]]
                else:
                    item = [None, None, ev.article_id, ev.sentence_index]
                if item not in group:
                    group.append(item)
            if group and group not in groups:
                groups.append(group)
        if groups:
            computed = groups
    # Until someone judges the claim in claimkit, each FEVER record comes back exactly as
    # FEVER gave it, even where two records of one text disagree (a disputed claim).
    reviewed = any(a.origin is None or a.origin.format != NAME for a in claim.annotations)
    records = []
    for a in claim.annotations:
        if a.origin is None or a.origin.format != NAME:
            continue
        fields = {k: v for k, v in (a.origin.fields or {}).items() if k != "pages"}
        label = fever_label if reviewed else a.origin.label
        if label == a.origin.label:
            evidence = fields.pop("evidence", None)
        else:
            fields.pop("evidence", None)
            fields["verifiable"] = verifiable
            evidence = computed
        if evidence is None:
            return "its label changed and its evidence is not in the corpus"
        rec = {"id": a.origin.id, "verifiable": fields.pop("verifiable", verifiable),
               "label": label, "claim": claim.claim, "evidence": evidence}
        rec.update(fields)
        records.append(rec)
    if records:
        return records
    if computed is None:
        return "its evidence is external (a URL), which FEVER cannot hold"
    return [{"id": claim.id, "verifiable": verifiable, "label": fever_label,
             "claim": claim.claim, "evidence": computed}]


def export_pages(
    article: Article, layouts: dict[str, list[tuple[str, list[int]]]]
) -> list[dict[str, Any]]:
    """The FEVER wiki-pages lines of an article (one, or one per imported page id)."""
    pages: list[tuple[str, list[tuple[int, str]]]] = []
    if article.id in layouts:
        blocks = [b for b in article.structure if b.kind == "paragraph"]
        for page, ids in layouts[article.id]:
            by_line = {lid: article.text[b.start : b.end]
                       for lid, b in zip(ids, blocks, strict=False)}
            pages.append((page, [(n, by_line.get(n, "")) for n in range(max(ids, default=-1) + 1)]))
    else:
        numbered = [(s.index, article.text[s.start : s.end]) for s in article.sentences]
        pages.append((article.id, numbered))
    return [
        {
            "id": page,
            "text": " ".join(t for _, t in numbered if t),
            "lines": "\n".join(f"{n}\t{t}" for n, t in numbered),
        }
        for page, numbered in pages
    ]


def default_pages_path(out: Path) -> Path:
    """Where the pages go when ``--pages`` is not given: ``<OUT stem>.pages.jsonl``."""
    return out.with_name(f"{out.name.removesuffix('.jsonl')}.pages.jsonl")


def write(
    claims: list[Claim], articles: list[Article], out: Path, options: ExportOptions
) -> ExportResult:
    """FEVER claims to ``out`` and every article as a page to ``--pages``."""
    result = ExportResult()
    by_id = {a.id: a for a in articles}
    layouts = page_layouts(claims)
    _check_layouts(articles, layouts)
    rows: list[dict[str, Any]] = []
    for claim in claims:
        got = export_claim(claim, by_id, layouts)
        if isinstance(got, str):
            result.skipped.append(skip(f"claim {claim.id}", got, stage="export"))
        else:
            rows.extend(got)
    pages_path = options.pages or default_pages_path(out)
    pages = [page for a in articles for page in export_pages(a, layouts)]
    result.written[str(out)] = write_jsonl(out, rows)
    result.written[str(pages_path)] = write_jsonl(pages_path, pages)
    return result


# ---------------------------------------------------------------- scored predictions


def export_predictions(
    gold: Sequence[Claim], predictions: Sequence[Prediction]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Predictions and gold in the FEVER shared task's JSONL layout, in gold order.

    Predictions: ``id``, ``predicted_label`` (FEVER names), ``predicted_evidence`` as
    ``[page, line]`` pairs (article id, sentence index). Gold: ``id``, ``verifiable``,
    ``label``, ``claim`` and ``evidence`` as groups of ``[annotation_id, evidence_id,
    page, line]``; FEVER writes NOT ENOUGH INFO evidence as one group of one
    ``[.., .., null, null]`` item, which we mirror.
    """
    preds = [
        {
            "id": p.id,
            "predicted_label": FEVER_LABELS[p.label],
            "predicted_evidence": [[a, i] for a, i in (p.evidence or ())],
        }
        for p in predictions
    ]
    golds = []
    for g in gold:
        unverifiable = g.label == Label.NOT_ENOUGH_INFO.value
        if unverifiable:
            groups: list[Any] = [[[None, None, None, None]]]
        else:
            groups = [[[None, None, a, i] for a, i in grp] for grp in evidence_pairs(g)]
        golds.append(
            {
                "id": g.id,
                "verifiable": "NOT VERIFIABLE" if unverifiable else "VERIFIABLE",
                "label": FEVER_LABELS[g.label],
                "claim": g.claim,
                "evidence": groups,
            }
        )
    return preds, golds


def export_predictions_paths(out: Path, *, inputs: Sequence[Path] = ()) -> tuple[Path, Path]:
    """``(<out>/predictions.jsonl, <out>/gold.jsonl)``, checked before any work is done.

    ``out`` is a folder; a file there, a store file or one of the ``inputs`` (the
    predictions file, the dataset folder) as a target is refused.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError("is a file; --out takes a folder (e.g. dist/export)", path=out)
    targets = (out / "predictions.jsonl", out / "gold.jsonl")
    for target in targets:
        check_output_file(target, inputs=inputs)
    return targets
