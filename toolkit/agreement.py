"""Inter-annotator agreement: how far people agree when they label the same claims.

Readers of a verification benchmark look for this number before they trust the labels
(FEVER reported Fleiss' kappa 0.68, AVeriTeC 0.62). Only claims with two or more
annotations from different people count; the generator's silver label is not a voice.

Three figures, each a pure function over records returning a named result:

* **Cohen's kappa** for every pair of annotators, over the claims both labeled
  (scikit-learn's ``cohen_kappa_score``, with the label set fixed to ``LABELS`` so that
  a label neither used still counts as a possible answer).
* **Fleiss' kappa** over all claims. scikit-learn has no Fleiss, and statsmodels'
  ``fleiss_kappa`` assumes every item has the same number of raters, which a growing
  benchmark never has (some claims get two reviews, some three); the generalisation to a
  varying number of raters per item is a few lines of arithmetic, written out below.
* **Per-label agreement** (specific agreement): of all the pairs of annotations in which
  at least the first said label *L*, the share in which the other said *L* too. For two
  annotators it is the positive agreement ``2a / (2a + b + c)``; a low figure for one
  label points at a guideline to sharpen.

A kappa that is undefined (both annotators gave one and the same label throughout, so
chance agreement is 1) is ``None``, shown as ``n/a``, never a made-up number.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from toolkit.records import LABELS, Claim
from toolkit.report import md_table


@dataclass(frozen=True)
class PairKappa:
    """Cohen's kappa of two annotators over the claims both labeled."""

    annotator_a: str
    annotator_b: str
    items: int
    observed: float  # share of those claims on which they gave the same label
    kappa: float | None


@dataclass(frozen=True)
class LabelAgreement:
    """Specific agreement for one label: ``None`` when no multi-annotated claim used it."""

    label: str
    assignments: int  # annotations with this label, on claims with two or more annotators
    agreement: float | None


@dataclass(frozen=True)
class FleissResult:
    """Fleiss' kappa with its parts, so a reader can check the arithmetic."""

    items: int
    observed: float | None  # mean pairwise agreement per item (P-bar)
    expected: float | None  # chance agreement from the label shares (P-bar-e)
    kappa: float | None


@dataclass(frozen=True)
class AgreementReport:
    """Every agreement figure of a set of claims, ready for ``stats`` and the dataset card."""

    claims: int  # claims with annotations from two or more people
    annotations: int  # annotations on those claims
    annotators: tuple[str, ...]
    fleiss: FleissResult
    pairs: tuple[PairKappa, ...]
    per_label: tuple[LabelAgreement, ...]

    def figures(self) -> dict[str, object]:
        """Every figure as plain JSON data (field names are the report's, not a record's)."""
        return {
            "claims": self.claims,
            "annotations": self.annotations,
            "annotators": list(self.annotators),
            "fleiss_kappa": self.fleiss.kappa,
            "observed_agreement": self.fleiss.observed,
            "expected_agreement": self.fleiss.expected,
            "pairs": [
                {
                    "annotators": [p.annotator_a, p.annotator_b],
                    "items": p.items,
                    "observed": p.observed,
                    "cohen_kappa": p.kappa,
                }
                for p in self.pairs
            ],
            "per_label": {
                la.label: {"assignments": la.assignments, "agreement": la.agreement}
                for la in self.per_label
            },
        }

    def to_text(self) -> str:
        """A few plain lines for the terminal."""
        if not self.claims:
            return "agreement: no claim has annotations from two or more people yet"
        lines = [
            f"agreement over {self.claims} claim(s), {self.annotations} annotation(s), "
            f"{len(self.annotators)} annotator(s)",
            f"  Fleiss' kappa: {_fmt(self.fleiss.kappa)} "
            f"(observed {_fmt(self.fleiss.observed)}, chance {_fmt(self.fleiss.expected)})",
        ]
        for p in self.pairs:
            lines.append(
                f"  Cohen's kappa {p.annotator_a} / {p.annotator_b}: {_fmt(p.kappa)} "
                f"over {p.items} claim(s), observed {_fmt(p.observed)}"
            )
        for la in self.per_label:
            lines.append(
                f"  {la.label}: agreement {_fmt(la.agreement)} ({la.assignments} annotation(s))"
            )
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """Markdown tables for the dataset card."""
        if not self.claims:
            return "No claim has annotations from two or more people yet.\n"
        f = self.fleiss
        parts = [
            f"Agreement over {self.claims} claims with two or more annotations "
            f"({self.annotations} annotations by {len(self.annotators)} annotators).",
            md_table(("measure", "value"), [("Fleiss' kappa", _fmt(f.kappa)),
                                            ("observed agreement", _fmt(f.observed)),
                                            ("chance agreement", _fmt(f.expected))]),
        ]  # fmt: skip
        if self.pairs:
            parts.append(md_table(
                ("annotators", "claims", "observed", "Cohen's kappa"),
                [(f"{p.annotator_a} / {p.annotator_b}", p.items, _fmt(p.observed), _fmt(p.kappa))
                 for p in self.pairs],
            ))  # fmt: skip
        parts.append(md_table(("label", "annotations", "specific agreement"),
                              [(la.label, la.assignments, _fmt(la.agreement))
                               for la in self.per_label]))  # fmt: skip
        return "\n\n".join(parts) + "\n"


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _finite(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


# ---------------------------------------------------------------- the measures


def label_counts(labels_per_item: Iterable[Sequence[str]]) -> list[list[int]]:
    """One row per item: how many annotators gave each label, in ``LABELS`` order."""
    return [[list(item).count(label) for label in LABELS] for item in labels_per_item]


def fleiss_kappa(counts: Sequence[Sequence[int]]) -> FleissResult:
    """Fleiss' kappa of a count table (rows: items, columns: categories).

    Items may have different numbers of raters; items with fewer than two are ignored
    (they cannot agree or disagree). With ``n_i`` raters on item ``i`` and ``n_ij`` of
    them choosing category ``j``::

        P_i  = sum_j n_ij (n_ij - 1) / (n_i (n_i - 1))      agreement on item i
        P    = mean of P_i
        p_j  = sum_i n_ij / sum_i n_i                        share of category j
        Pe   = sum_j p_j ** 2
        kappa = (P - Pe) / (1 - Pe)
    """
    rows = [list(r) for r in counts if sum(r) >= 2]
    if not rows:
        return FleissResult(items=0, observed=None, expected=None, kappa=None)
    per_item = [sum(c * (c - 1) for c in r) / (sum(r) * (sum(r) - 1)) for r in rows]
    observed = sum(per_item) / len(per_item)
    total = sum(sum(r) for r in rows)
    shares = [sum(r[j] for r in rows) / total for j in range(len(rows[0]))]
    expected = sum(p * p for p in shares)
    kappa = None if expected == 1 else (observed - expected) / (1 - expected)
    return FleissResult(items=len(rows), observed=observed, expected=expected, kappa=kappa)


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa of two aligned label sequences; ``None`` where it is undefined."""
    from sklearn.metrics import cohen_kappa_score

    if not a:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # undefined kappa: reported as None instead
        return _finite(cohen_kappa_score(list(a), list(b), labels=list(LABELS)))


def specific_agreement(counts: Sequence[Sequence[int]]) -> list[float | None]:
    """Per category: ``sum_i n_ij (n_ij - 1) / sum_i n_ij (n_i - 1)`` (None if unused)."""
    rows = [list(r) for r in counts if sum(r) >= 2]
    out: list[float | None] = []
    for j in range(len(counts[0]) if counts else len(LABELS)):
        num = sum(r[j] * (r[j] - 1) for r in rows)
        den = sum(r[j] * (sum(r) - 1) for r in rows)
        out.append(num / den if den else None)
    return out


def agreement(claims: Iterable[Claim]) -> AgreementReport:
    """All agreement figures for the claims annotated by two or more people."""
    items: list[dict[str, str]] = []
    for claim in claims:
        latest = {a.annotator: a.label for a in claim.annotations}  # one voice per person
        if len(latest) >= 2:
            items.append(latest)
    counts = label_counts(list(item.values()) for item in items)
    annotators = tuple(sorted({name for item in items for name in item}))
    pairs = []
    for x, y in combinations(annotators, 2):
        both = [(item[x], item[y]) for item in items if x in item and y in item]
        if not both:
            continue
        a, b = [p[0] for p in both], [p[1] for p in both]
        observed = sum(p == q for p, q in both) / len(both)
        pairs.append(PairKappa(x, y, len(both), observed, cohen_kappa(a, b)))
    specific = specific_agreement(counts)
    per_label = tuple(
        LabelAgreement(label, sum(r[j] for r in counts), specific[j])
        for j, label in enumerate(LABELS)
    )
    return AgreementReport(
        claims=len(items),
        annotations=sum(len(item) for item in items),
        annotators=annotators,
        fleiss=fleiss_kappa(counts),
        pairs=tuple(pairs),
        per_label=per_label,
    )
