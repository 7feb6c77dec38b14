"""Record checks: the schema, plus every check a schema cannot express (claimkit validate).

Per record: the JSON Schema (fast compiled path; jsonschema's messages for failures).
Across records and files: unique ids, ids equal to their content hash, block, sentence
and evidence offsets inside the article text and equal to their quotes, references to
articles and sentences that exist, evidence present exactly when the label needs it.

Each problem is one :class:`Problem` (``path:line: field: message``); nothing stops at
the first one, so a contributor sees everything to fix in one run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from toolkit.errors import DataError, UsageError
from toolkit.jsonl import DEFAULT_MAX_BYTES, iter_jsonl, parse_json_line
from toolkit.outputs import StageResult
from toolkit.records import Claim, article_id, claim_id, decode, evidence_problem, sha256_hex
from toolkit.schema import KINDS, fast_validator, has_float_integer, validate_record


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located to the line and field."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}"


@dataclass
class Report(StageResult):
    """All problems found, and how many records of each kind were read."""

    SUMMARY = ("checked [records?{records*(s)}|0 records] in {files} file(s):"
               " {problems} problem(s)")

    problems: list[Problem] = field(default_factory=list)
    records: dict[str, int] = field(default_factory=dict)
    files: int = 0
    #: For the dataset checks on top (toolkit.dataset.leaks): not part of the summary.
    article_texts: dict[str, str] = field(default_factory=dict, repr=False)
    claim_files: list[Path] = field(default_factory=list, repr=False)
    #: ``(line, claim)`` of each claim file's schema-valid lines, when asked for
    #: (``keep_claims``): the leak check reads them instead of parsing the file again.
    claims: dict[Path, list[tuple[int, Claim]]] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _ArticleIndex:
    """What claims need to know of an article: its text and sentence spans."""

    text: str
    sentences: tuple[tuple[int, int], ...]


def kind_of(path: Path, first: Any = None) -> str:
    """Record kind from the file name (``articles``/``claims``/``predictions``), else content."""
    name = path.name.lower()
    for kind in KINDS:
        if kind in name:
            return kind
    if isinstance(first, dict):
        if "sentences" in first:
            return "article"
        if "claim" in first:
            return "claim"
        return "prediction"
    raise UsageError(f"{path}: cannot tell the record kind from the name; pass --kind")


def validate_paths(
    paths: Iterable[Path],
    *,
    kind: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    keep_claims: bool = False,
) -> Report:
    """Validate JSONL record files. Articles are read first so claims can be checked against them.

    This is the record layer, which the build uses too: what two splits share is a
    question about the dataset, asked by ``toolkit.dataset.leaks.validate_dataset`` on top
    of this (``claimkit validate`` runs both). The report keeps the valid articles' texts
    and the claim files for it, and with ``keep_claims`` each file's schema-valid claims,
    decoded, so nothing is read twice.
    """
    paths = list(dict.fromkeys(Path(p) for p in paths))  # a file named twice is read once
    if kind is not None and kind not in KINDS:
        raise UsageError(f"--kind {kind!r} is not a record kind; valid kinds: {', '.join(KINDS)}")
    for p in paths:
        if p.is_dir():
            raise DataError("is a folder; give a JSONL file", path=p)
        if not p.is_file():
            raise DataError("no such file", path=p)
    report = Report(files=len(paths))
    kinds = {p: kind or kind_of(p, _first_record(p, max_bytes)) for p in paths}
    articles: dict[str, _ArticleIndex] = {}
    ordered = sorted(paths, key=lambda p: (KINDS.index(kinds[p]), str(p)))
    have_articles = any(k == "article" for k in kinds.values())
    for p in ordered:
        k = kinds[p]
        if k == "claim" and not have_articles:
            # Without an articles file the corpus is empty: claims whose evidence is all
            # external (AVeriTeC, ClaimReview imports) are valid, and any reference to
            # an article is reported as unknown.
            sibling = p.parent / "articles.jsonl"
            if sibling.is_file():
                _check_file(sibling, "article", Report(), articles, max_bytes, collect_only=True)
            have_articles = True
        keep = report.claims.setdefault(p, []) if keep_claims and k == "claim" else None
        _check_file(p, k, report, articles, max_bytes, check_refs=have_articles, keep=keep)
    report.article_texts = {aid: a.text for aid, a in articles.items()}
    report.claim_files = [p for p in ordered if kinds[p] == "claim"]
    return report


def _first_record(path: Path, max_bytes: int) -> Any:
    try:
        for _, obj in iter_jsonl(path, max_bytes=max_bytes):
            return obj
    except DataError:
        return None
    return None


def _records(path: Path, name: str, report: Report, max_bytes: int) -> Iterator[tuple[int, Any]]:
    """``(line, record)`` for each parseable line; a bad line becomes a problem and is skipped.

    This is the hot loop of validate: orjson parses, and only a line that fails goes
    through the slower path that explains what is wrong with it.
    """
    loads, decode_error = orjson.loads, orjson.JSONDecodeError
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, start=1):
            if len(raw) > max_bytes:
                report.problems.append(
                    Problem(
                        name,
                        lineno,
                        "(line)",
                        f"line is {len(raw)} bytes, over the limit of {max_bytes}",
                    )
                )
                continue
            try:
                yield lineno, loads(raw)
            except decode_error:
                if not raw.strip():
                    continue
                try:
                    parse_json_line(raw, path, lineno)
                except DataError as exc:
                    report.problems.append(Problem(name, lineno, "(line)", exc.message))


def _check_file(
    path: Path,
    kind: str,
    report: Report,
    articles: dict[str, _ArticleIndex],
    max_bytes: int,
    *,
    check_refs: bool = True,
    collect_only: bool = False,
    keep: list[tuple[int, Claim]] | None = None,
) -> None:
    """Check one file's records into ``report``; ``keep`` receives ``(line, claim)`` for
    each schema-valid claim, whatever else is wrong with it (the leak check's input)."""
    seen: dict[str, int] = {}
    name = str(path)
    n = 0
    problems = report.problems
    fast_valid = fast_validator(kind).is_valid
    refs = articles if check_refs else None
    for lineno, record in _records(path, name, report, max_bytes):
        n += 1
        valid = fast_valid(record)
        if keep is not None and valid:
            keep.append((lineno, decode(Claim, record)))
        if not valid or has_float_integer(kind, record):
            errors = validate_record(kind, record)
            if errors:
                problems.extend(Problem(name, lineno, f, m) for f, m in errors)
                continue
        rid = record["id"]
        if rid in seen:
            problems.append(
                Problem(name, lineno, "id", f"duplicate id {rid} (first on line {seen[rid]})")
            )
            continue
        seen[rid] = lineno
        if kind == "claim":
            found = _claim_problems(record, refs)
        elif kind == "article":
            found = list(_article_problems(record))
            if not found:
                articles[rid] = _ArticleIndex(
                    record["text"], tuple((s["start"], s["end"]) for s in record["sentences"])
                )
        else:
            found = []
        if found:
            problems.extend(Problem(name, lineno, f, m) for f, m in found)
    if not collect_only:
        report.records[kind] = report.records.get(kind, 0) + n


def _article_problems(a: dict[str, Any]) -> Iterator[tuple[str, str]]:
    text = a["text"]
    digest = sha256_hex(text)
    if a["sha256"] != digest:
        yield "sha256", f"does not match the text (text hashes to {digest[:16]}…)"
    if a["id"] != article_id(text):
        yield "id", f"does not match the text's hash (expected {article_id(text)})"
    n = len(text)
    blocks = a["structure"]
    prev_end = 0
    for i, b in enumerate(blocks):
        if not 0 <= b["start"] < b["end"] <= n:
            yield (
                f"structure.{i}",
                f"range [{b['start']}, {b['end']}) is outside the text (length {n})",
            )
        elif b["start"] < prev_end:
            yield f"structure.{i}", "overlaps the previous block"
        prev_end = max(prev_end, b["end"])
    titled = [i for i, b in enumerate(blocks) if b["kind"] == "title"]
    if a["title"] and blocks and (
        blocks[0]["kind"] != "title" or text[blocks[0]["start"] : blocks[0]["end"]] != a["title"]
    ):
        yield "structure.0", "the first block must be the title, equal to `title`"
    elif not a["title"] and titled:
        yield f"structure.{titled[0]}", "a title block in an article whose `title` is empty"
    for i, s in enumerate(a["sentences"]):
        where = f"sentences.{i}"
        if s["index"] != i:
            yield f"{where}.index", f"is {s['index']}, expected {i}"
        if not 0 <= s["start"] < s["end"] <= n:
            yield where, f"range [{s['start']}, {s['end']}) is outside the text (length {n})"
            continue
        if s["block"] >= len(blocks) or blocks[s["block"]]["kind"] != "paragraph":
            yield f"{where}.block", f"{s['block']} is not a paragraph of `structure`"
            continue
        b = blocks[s["block"]]
        if not (b["start"] <= s["start"] and s["end"] <= b["end"]):
            yield where, "is not inside its paragraph"
        sentence = text[s["start"] : s["end"]]
        if sentence != sentence.strip():
            yield where, "has leading or trailing white space"


def _claim_problems(
    c: dict[str, Any], articles: dict[str, _ArticleIndex] | None
) -> list[tuple[str, str]]:
    """Cross-record problems of one schema-valid claim (empty on the hot path).

    ``_claim_ok`` decides quickly; only a claim it rejects is walked again by
    ``_iter_claim_problems``, which says what is wrong. A test checks they agree.
    """
    if _claim_ok(c, articles):
        return []
    return list(_iter_claim_problems(c, articles)) or [("(record)", "failed a cross-check")]


def _claim_ok(c: dict[str, Any], articles: dict[str, _ArticleIndex] | None) -> bool:
    src = c["source"]
    if c["id"] != claim_id(c["claim"], src["article_id"] if src is not None else None):
        return False
    evidence = c["evidence"]
    if evidence_problem(c["label"], evidence):
        return False
    if articles is None:
        return True
    if src is not None:
        art = articles.get(src["article_id"])
        if art is None:
            return False
        si = src["sentence_index"]
        if si is None:
            if not 0 <= src["start"] < src["end"] <= len(art.text):
                return False
        elif si >= len(art.sentences) or art.sentences[si] != (src["start"], src["end"]):
            return False
    for ev in (e for group in evidence for e in group):
        if "url" in ev:
            continue
        art = articles.get(ev["article_id"])
        if art is None or ev["sentence_index"] >= len(art.sentences):
            return False
        s_start, s_end = art.sentences[ev["sentence_index"]]
        start, end = ev["start"], ev["end"]
        if not s_start <= start < end <= s_end or art.text[start:end] != ev["exact"]:
            return False
    return True


def _iter_claim_problems(
    c: dict[str, Any], articles: dict[str, _ArticleIndex] | None
) -> Iterator[tuple[str, str]]:
    src = c["source"]
    expected = claim_id(c["claim"], src["article_id"] if src else None)
    if c["id"] != expected:
        yield "id", f"does not match the claim's content hash (expected {expected})"
    label, evidence = c["label"], c["evidence"]
    why = evidence_problem(label, evidence)
    if why:
        yield "evidence", why
    if articles is None:
        return
    if src is not None:
        art = articles.get(src["article_id"])
        if art is None:
            yield "source.article_id", f"unknown article {src['article_id']}"
        else:
            n = len(art.text)
            if not 0 <= src["start"] < src["end"] <= n:
                yield "source", f"range [{src['start']}, {src['end']}) is outside the article text"
            si = src["sentence_index"]
            if si is not None and (
                si >= len(art.sentences) or art.sentences[si] != (src["start"], src["end"])
            ):
                yield (
                    "source.sentence_index",
                    f"sentence {si} does not span [{src['start']}, {src['end']})",
                )
    items = ((f"evidence.{g}.{i}", ev) for g, grp in enumerate(evidence) for i, ev in enumerate(grp))
    for where, ev in items:
        if "url" in ev:
            continue
        art = articles.get(ev["article_id"])
        if art is None:
            yield f"{where}.article_id", f"unknown article {ev['article_id']}"
            continue
        si = ev["sentence_index"]
        if si >= len(art.sentences):
            yield (
                f"{where}.sentence_index",
                f"article {ev['article_id']} has {len(art.sentences)} sentences",
            )
            continue
        start, end = ev["start"], ev["end"]
        s_start, s_end = art.sentences[si]
        if not s_start <= start < end <= s_end:
            yield where, f"range [{start}, {end}) is not inside sentence {si} [{s_start}, {s_end})"
            continue
        quoted = art.text[start:end]
        if quoted != ev["exact"]:
            yield (
                f"{where}.exact",
                f"does not match the article text at [{start}, {end}): {quoted[:60]!r}",
            )
