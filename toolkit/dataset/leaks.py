"""What the published splits share: the leak report ``build`` prints and the card shows.

Counted over the claims that are published (withheld ones are not in any split):

* **evidence sentences** cited as evidence by a claim in one split and touched (as
  evidence or source) by a claim in another;
* **source sentences** that claims of two splits were derived from or cite, one of them
  as its source;
* **near-duplicate pairs**: two claims in different splits that :mod:`toolkit.neardup`
  calls near duplicates.

Grouping (:mod:`toolkit.dataset.splits`) makes all three 0 by construction; the report
is the independent check that it did, because frozen assignments, hand edits of the
splits file or a change of the near-duplicate rule could still break the promise. Any
non-zero count fails the build, naming the claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.dataset import splits
from toolkit.dataset.splits import SPLITS, SplitResult, sentence_keys
from toolkit.errors import DataError
from toolkit.jsonl import DEFAULT_MAX_BYTES
from toolkit.records import Claim
from toolkit.validate import Problem, Report, validate_paths

#: How many offending claims an error message names.
NAMED = 5

#: Flags of a sentence in :func:`find_leaks`, above a bit per split.
_SOURCE = 1 << len(SPLITS)
_EVIDENCE = 1 << (len(SPLITS) + 1)


def _splits_of(flags: int) -> int:
    """How many splits the flags of a sentence name."""
    return bin(flags & (_SOURCE - 1)).count("1")


@dataclass
class LeakReport:
    """Counts of what two splits share, and the claims involved (``id: what``)."""

    evidence_sentences: int = 0
    source_sentences: int = 0
    near_duplicate_pairs: int = 0
    near_duplicates_checked: bool = True
    #: ``(claim ids, what they share)`` per shared sentence or near-duplicate pair.
    found: list[tuple[tuple[str, ...], str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.evidence_sentences + self.source_sentences + self.near_duplicate_pairs

    def summary(self) -> str:
        pairs = (
            f"{self.near_duplicate_pairs} near-duplicate pair(s)"
            if self.near_duplicates_checked
            else "near duplicates not checked"
        )
        return (
            f"shared across splits: {self.evidence_sentences} evidence sentence(s),"
            f" {self.source_sentences} source sentence(s), {pairs}"
        )

    def error(self) -> str:
        named = "; ".join(what for _, what in self.found[:NAMED])
        more = f" (and {len(self.found) - NAMED} more)" if len(self.found) > NAMED else ""
        return (
            f"leak between splits: {self.summary()}: {named}{more}; remove or reword one"
            " claim of each, or fix data/splits.jsonl from version control"
        )


def find_leaks(result: SplitResult, *, near_duplicates: bool = True) -> LeakReport:
    """Everything the published splits of ``result`` share (see the module docstring).

    Each sentence gets one small int as the claims are read: a bit per split that
    touches it, and whether it is used as a source and as evidence. Only a sentence
    that two splits touch is then read again for its claims, to name them (a dict of
    claim lists per split for every sentence took 270 MB at a million claims, to find
    none).
    """
    report = LeakReport(near_duplicates_checked=near_duplicates)
    published = [(name, c) for name in SPLITS for c in result.splits[name]]
    bit = {name: 1 << k for k, name in enumerate(SPLITS)}
    flags: dict[str, int] = {}
    for name, claim in published:
        source, evidence = sentence_keys(claim)
        for key in source:
            flags[key] = flags.get(key, 0) | bit[name] | _SOURCE
        for key in evidence:
            flags[key] = flags.get(key, 0) | bit[name] | _EVIDENCE
    touched: dict[str, dict[str, list[str]]] = {
        key: {} for key, f in flags.items() if _splits_of(f) > 1}  # fmt: skip
    if touched:
        for name, claim in published:
            source, evidence = sentence_keys(claim)
            for key in (*source, *evidence):
                if key in touched:
                    ids = touched[key].setdefault(name, [])
                    if claim.id not in ids:
                        ids.append(claim.id)
    for key in sorted(touched):
        by_split = touched[key]
        ids = ", ".join(f"{c} ({name})" for name in SPLITS for c in by_split.get(name, ()))
        sentence = key[2:].replace(":", " sentence ", 1)
        if flags[key] & _EVIDENCE:
            report.evidence_sentences += 1
        if flags[key] & _SOURCE:
            report.source_sentences += 1
        claim_ids = tuple(c for name in SPLITS for c in by_split.get(name, ()))
        report.found.append((claim_ids, f"article {sentence} is used by {ids}"))
    if near_duplicates and len(published) > 1:
        names = [name for name, _ in published]
        for i, j, score in _pairs_across(result, published):
            report.near_duplicate_pairs += 1
            first, second = published[i][1].id, published[j][1].id
            report.found.append((
                (first, second),
                f"claims {first} ({names[i]}) and {second} ({names[j]}) are near duplicates"
                f" (shingle Jaccard {score:.2f})",
            ))  # fmt: skip
    return report


def _pairs_across(
    result: SplitResult, published: list[tuple[str, Claim]]
) -> list[tuple[int, int, float]]:
    """Near-duplicate pairs of ``published`` in different splits (indexes into it).

    The pairs the grouping's last scan found (``result.near_pairs``: the same scan over
    the same placement) when it grouped near duplicates; otherwise the published
    claims are hashed and scanned here.
    """
    from toolkit.neardup import pairs_across

    if result.near_pairs is None:
        return list(pairs_across([c.claim for _, c in published], [n for n, _ in published]))
    position = {c.id: k for k, (_, c) in enumerate(published)}
    return sorted((*sorted((position[a], position[b])), score)
                  for a, b, score in result.near_pairs)  # fmt: skip


def leak_problems(
    claims_path: Path,
    article_texts: Mapping[str, str],
    claims: Sequence[tuple[int, Claim]],
    *,
    near_duplicates: bool = True,
) -> Iterator[tuple[int, str, str]]:
    """``(line, field, message)`` per leak the build would find in ``claims_path``.

    The hook ``claimkit validate`` calls, with the file's schema-valid ``claims`` as
    ``(line, claim)``: the same grouping and frozen record (``splits.jsonl`` next to the
    claims file) as ``build``, so the two agree. Each leak is reported on the line of
    the last claim involved.
    """
    lines = {claim.id: line for line, claim in claims}
    result = splits.assign_splits(
        [claim for _, claim in claims], num_articles=len(article_texts), articles=article_texts,
        config=splits.SplitConfig(near_duplicates=near_duplicates),
        recorded=splits.read_assignments(claims_path.parent / splits.SPLITS_FILE),
    )  # fmt: skip
    report = find_leaks(result, near_duplicates=near_duplicates)
    for ids, what in report.found:
        yield max(lines[c] for c in ids), "claim", f"leak between splits: {what}"


def validate_dataset(
    paths: Iterable[Path],
    *,
    kind: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    near_duplicates: bool = True,
) -> Report:
    """Everything ``claimkit validate`` checks: the records, the splits file, and leaks.

    The record checks are :func:`toolkit.validate.validate_paths`; on top come the
    build's record of group splits (``splits.jsonl``, which is no record file: its own
    format only) and, for each claims file, anything the build's splits would share,
    near duplicates included unless ``near_duplicates`` is false.
    """
    paths = [Path(p) for p in paths]
    splits_files = [p for p in paths if kind is None and p.name == splits.SPLITS_FILE and p.is_file()]
    report = validate_paths([p for p in paths if p not in splits_files], kind=kind,
                            max_bytes=max_bytes, keep_claims=True)  # fmt: skip
    report.files = len(paths)
    for path in splits_files:
        try:
            report.records["split record"] = len(splits.read_assignments(path))
        except DataError as exc:
            report.problems.append(Problem(str(path), exc.line, "(record)", exc.message))
    for path in report.claim_files:
        found = leak_problems(path, report.article_texts, report.claims.pop(path),
                              near_duplicates=near_duplicates)  # fmt: skip
        report.problems.extend(Problem(str(path), n, f, m) for n, f, m in found)
    return report


__all__ = ["LeakReport", "find_leaks", "leak_problems", "validate_dataset"]
