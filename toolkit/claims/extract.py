"""``claimkit extract``: articles to labeled claims, merged with the reviewed ones.

:func:`extract` is the pure stage (records in, records out); :func:`run_extract` is the
edge that reads ``data/articles.jsonl`` and the existing claims file and writes the
claims and the rejects atomically. Same inputs and seed give byte-identical files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.claims.generate import Reject, cap_negation, generate
from toolkit.claims.io import read_articles, read_claims
from toolkit.claims.merge import merge
from toolkit.claims.registry import get_rules
from toolkit.jsonl import atomic_writer, dumps
from toolkit.records import LABELS, Article, Claim


@dataclass
class ExtractResult:
    """The claims to write (sorted), the rejects, and counts for the summary line."""

    claims: list[Claim]
    rejects: list[Reject]
    articles: int = 0
    kept: int = 0
    labels: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        by_label = ", ".join(f"{self.labels[label]} {label}" for label in LABELS)
        stages = Counter(r.stage for r in self.rejects)
        rejected = ", ".join(f"{n} {stage}" for stage, n in sorted(stages.items())) or "none"
        return (
            f"{len(self.claims)} claim(s) from {self.articles} article(s) ({by_label}); "
            f"{self.kept} kept from review; rejects: {rejected}"
        )


def extract(
    articles: Iterable[Article],
    existing: Iterable[Claim] = (),
    *,
    seed: int = 0,
    rules: Sequence[str] | None = None,
) -> ExtractResult:
    """Generate claims from ``articles`` and merge them into ``existing`` (pure)."""
    chosen = get_rules(rules)
    counted: list[Article] = []

    def counting(items: Iterable[Article]) -> Iterable[Article]:
        for a in items:
            counted.append(a)
            yield a

    claims: list[Claim] = []
    rejects: list[Reject] = []
    for item in generate(counting(articles), chosen, seed=seed):
        (rejects if isinstance(item, Reject) else claims).append(item)  # type: ignore[arg-type]
    claims, capped = cap_negation(claims, seed=seed)
    merged = merge(existing, claims)
    result = ExtractResult(
        claims=merged.claims,
        rejects=[*rejects, *capped, *merged.stale],
        articles=len(counted),
        kept=merged.kept,
    )
    result.labels.update(c.label for c in merged.claims)
    return result


def run_extract(
    articles_path: Path,
    out: Path,
    rejects_path: Path,
    *,
    seed: int = 0,
    rules: Sequence[str] | None = None,
) -> ExtractResult:
    """Read articles and ``out`` (if it exists), extract, write claims and rejects.

    Everything is read and checked before anything is written, and both files are
    written atomically, so a bad input leaves the old files untouched.
    """
    existing = [c for _, c in read_claims(out)] if out.is_file() else []
    result = extract(read_articles(articles_path), existing, seed=seed, rules=rules)
    with atomic_writer(rejects_path) as f:
        for r in result.rejects:
            f.write(dumps(r.to_dict()))
    with atomic_writer(out) as f:
        for c in result.claims:
            f.write(dumps(c.to_dict()))
    return result
