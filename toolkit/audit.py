"""``claimkit audit``: can a model read the label off the claim alone?

A verification benchmark is only worth something if its labels cannot be guessed from
the claim's wording (FEVER's claim-only artifact: 61.7% against a 33.3% majority, mostly
negation cues). The audit is the alarm that every build rings:

* **the claim-only probe**: word and character n-gram TF-IDF with logistic regression
  on the claim text alone, scored out of fold by grouped k-fold cross-validation, next
  to the majority baseline scored the same way. Groups are articles, so that a claim
  and its edits (which share most words) never sit on both sides of a fold; with fewer
  articles than folds the group is the source sentence. Accuracy and macro-F1 carry
  seeded bootstrap intervals (:func:`toolkit.evaluate.bootstrap_intervals`);
* **label x method** and **label x rule** tables, and each rule's *predictability*:
  the share of its most common label (a rule that always gives one label is a cue by
  itself) and the probe's accuracy on its claims;
* the **top label-indicative tokens** by local mutual information
  (:func:`toolkit.claims.stats.lmi`);
* the **gate counts**: how many sentences the standalone gate and the other stages of
  extraction left out, by reason, read from extract's rejects file.

:func:`audit` returns an :class:`AuditReport`; :func:`format_audit` and
:func:`audit_markdown` render it for the terminal and the dataset card. The figures are
a pure function of the claims (and the rejects), so the same data always audits the same.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from toolkit.records import LABELS, Claim
from toolkit.report import md_table

#: Folds of the grouped cross-validation.
FOLDS = 5
#: Rules with fewer claims than this get no probe accuracy of their own (too noisy).
MIN_RULE_CLAIMS = 5


def claim_only_pipeline(*, random_state: int = 0):
    """The probe: word 1-2-gram and character 2-5-gram TF-IDF, logistic regression.

    Characters catch what words miss on small data (number formats, suffixes such as
    "-n't"); both are sublinear and float32 so that 200,000 claims fit in memory.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                            min_df=2, dtype=np.float32)  # fmt: skip
    return make_pipeline(
        make_union(words, chars),
        LogisticRegression(C=1.0, max_iter=1000, random_state=random_state),
    )


@dataclass(frozen=True)
class ProbeResult:
    """Out-of-fold scores of the claim-only probe and of the majority baseline (percent)."""

    claims: int
    folds: int
    grouped_by: str  # "article" | "source sentence"
    accuracy: float
    accuracy_ci: tuple[float, float]
    macro_f1: float
    macro_f1_ci: tuple[float, float]
    majority_accuracy: float
    majority_accuracy_ci: tuple[float, float]
    majority_macro_f1: float

    @property
    def gap(self) -> float:
        """Points by which the probe beats majority: the artifact, in one number."""
        return self.accuracy - self.majority_accuracy


def group_keys(claims: Sequence[Claim], *, folds: int = FOLDS) -> tuple[list[str], str]:
    """The cross-validation group of each claim, and what the groups are.

    Articles once there are at least ``folds`` of them; otherwise source sentences (the
    seed is one article). A claim without a source is a group of its own.
    """
    articles = {c.article_id for c in claims if c.article_id}
    if len(articles) >= folds:
        return [c.article_id or c.id for c in claims], "article"
    keys = [f"{c.article_id}\0{c.source.sentence_index}" if c.source else c.id for c in claims]
    return keys, "source sentence"


def out_of_fold(
    texts: Sequence[str], labels: Sequence[str], groups: Sequence[str], *,
    folds: int = FOLDS, random_state: int = 0,
) -> tuple[np.ndarray, np.ndarray, int]:  # fmt: skip
    """Out-of-fold predictions of the probe and of majority, and the folds used.

    Each fold's models see only the other folds' claims. ``GroupKFold`` is deterministic
    (it balances group sizes, no shuffling), so the same claims give the same folds.
    """
    from sklearn.dummy import DummyClassifier
    from sklearn.model_selection import GroupKFold

    y = np.asarray(labels, dtype=object)
    x = np.asarray(texts, dtype=object)
    n_groups = len(set(groups))
    k = min(folds, n_groups)
    probe = np.empty(len(y), dtype=object)
    majority = np.empty(len(y), dtype=object)
    for train, test in GroupKFold(n_splits=k).split(x, y, groups):
        if len(set(y[train])) < 2:  # one label to learn from: the probe is majority
            probe[test] = majority[test] = Counter(y[train]).most_common(1)[0][0]
            continue
        model = claim_only_pipeline(random_state=random_state).fit(x[train], y[train])
        probe[test] = model.predict(x[test])
        dummy = DummyClassifier(strategy="most_frequent").fit(x[train], y[train])
        majority[test] = dummy.predict(x[test])
    return probe, majority, k


def probe(
    claims: Sequence[Claim], *, folds: int = FOLDS, random_state: int = 0,
    n_resamples: int = 1000,
) -> tuple[ProbeResult | None, np.ndarray | None]:  # fmt: skip
    """The claim-only probe over ``claims`` and its out-of-fold predictions.

    None when there is nothing to probe: fewer than two groups or fewer than two labels.
    """
    from toolkit.evaluate import bootstrap_intervals, classification_scores

    if len({c.label for c in claims}) < 2:
        return None, None
    groups, grouped_by = group_keys(claims, folds=folds)
    if len(set(groups)) < 2:
        return None, None
    gold = [c.label for c in claims]
    pred, majority, k = out_of_fold([c.claim for c in claims], gold, groups, folds=folds,
                                    random_state=random_state)  # fmt: skip
    scores = classification_scores(gold, list(pred))
    floor = classification_scores(gold, list(majority))
    ci = bootstrap_intervals(gold, list(pred), n_resamples=n_resamples, seed=random_state)
    ci_floor = bootstrap_intervals(gold, list(majority), n_resamples=n_resamples,
                                   seed=random_state)  # fmt: skip

    def pct(iv) -> tuple[float, float]:
        return (round(100 * iv.low, 1), round(100 * iv.high, 1)) if iv else (0.0, 0.0)

    result = ProbeResult(
        claims=len(claims),
        folds=k,
        grouped_by=grouped_by,
        accuracy=round(100 * scores.accuracy, 1),
        accuracy_ci=pct(ci.get("accuracy")),
        macro_f1=round(100 * scores.macro_f1, 1),
        macro_f1_ci=pct(ci.get("macro_f1")),
        majority_accuracy=round(100 * floor.accuracy, 1),
        majority_accuracy_ci=pct(ci_floor.get("accuracy")),
        majority_macro_f1=round(100 * floor.macro_f1, 1),
    )
    return result, pred


@dataclass(frozen=True)
class RuleFigures:
    """One rule's claims, its label counts, and how predictable its label is."""

    rule: str
    method: str
    claims: int
    labels: dict[str, int]
    #: Share (percent) of the rule's most common label: 100 means the rule is a cue.
    top_label_share: float
    #: The probe's out-of-fold accuracy on this rule's claims (None under MIN_RULE_CLAIMS).
    probe_accuracy: float | None


@dataclass
class AuditReport:
    """Everything ``claimkit audit`` reports; see the module docstring."""

    claims: int
    labels: dict[str, int]
    probe: ProbeResult | None
    label_by_method: dict[str, dict[str, int]]
    rules: list[RuleFigures]
    top_tokens: dict[str, list[tuple[str, int]]]
    gate: dict[str, int] = field(default_factory=dict)
    rejects: dict[str, int] = field(default_factory=dict)

    @property
    def label_shares(self) -> dict[str, float]:
        return {lb: round(100 * n / self.claims, 1) if self.claims else 0.0
                for lb, n in self.labels.items()}  # fmt: skip

    def to_json(self) -> str:
        d = asdict(self)
        d["probe"] = None if self.probe is None else {**asdict(self.probe), "gap": self.probe.gap}
        d["label_shares"] = self.label_shares
        return json.dumps(d, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def reject_counts(rows: Iterable[dict[str, Any]]) -> tuple[dict[str, int], dict[str, int]]:
    """Counts of extract's rejects: the gate's by reason, and every stage's."""
    gate: Counter[str] = Counter()
    stages: Counter[str] = Counter()
    for r in rows:
        stages[r.get("stage", "?")] += 1
        if r.get("stage") == "gate":
            gate[str(r.get("reason", "")).split(":", 1)[0]] += 1
    return dict(sorted(gate.items())), dict(sorted(stages.items()))


def audit(
    claims: Iterable[Claim], *, rejects: Iterable[dict[str, Any]] = (), folds: int = FOLDS,
    random_state: int = 0, top: int = 10, n_resamples: int = 1000,
) -> AuditReport:  # fmt: skip
    """Audit ``claims`` (and extract's ``rejects`` rows, for the gate counts)."""
    from toolkit.claims.stats import frame, lmi

    claims = list(claims)
    result, pred = probe(claims, folds=folds, random_state=random_state,
                         n_resamples=n_resamples)  # fmt: skip
    labels = Counter(c.label for c in claims)
    by_method: dict[str, Counter[str]] = {}
    by_rule: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(claims):
        by_method.setdefault(c.method, Counter())[c.label] += 1
        by_rule.setdefault((c.rule or "-", c.method), []).append(i)
    rules = []
    for (rule, method), idx in sorted(by_rule.items()):
        counts = Counter(claims[i].label for i in idx)
        acc = None
        if pred is not None and len(idx) >= MIN_RULE_CLAIMS:
            acc = round(100 * sum(pred[i] == claims[i].label for i in idx) / len(idx), 1)
        rules.append(RuleFigures(rule, method, len(idx), {lb: counts[lb] for lb in LABELS},
                                 round(100 * max(counts.values()) / len(idx), 1), acc))  # fmt: skip
    tokens: dict[str, list[tuple[str, int]]] = {lb: [] for lb in LABELS}
    if claims:
        for row in lmi(frame(claims), top).itertuples():
            tokens[str(row.label)].append((row.token, int(row.lmi)))
    gate, stages = reject_counts(rejects)
    return AuditReport(
        claims=len(claims),
        labels={lb: labels[lb] for lb in LABELS},
        probe=result,
        label_by_method={m: {lb: c[lb] for lb in LABELS} for m, c in sorted(by_method.items())},
        rules=rules,
        top_tokens=tokens,
        gate=gate,
        rejects=stages,
    )


def probe_sentence(p: ProbeResult | None) -> str:
    """One line: the probe against majority, with intervals."""
    if p is None:
        return "claim-only probe: not run (fewer than two labels or two groups)"
    return (
        f"claim-only probe ({p.folds}-fold, grouped by {p.grouped_by}, {p.claims} claims): "
        f"accuracy {p.accuracy} [{p.accuracy_ci[0]}, {p.accuracy_ci[1]}], macro-F1 "
        f"{p.macro_f1} [{p.macro_f1_ci[0]}, {p.macro_f1_ci[1]}]; majority accuracy "
        f"{p.majority_accuracy} [{p.majority_accuracy_ci[0]}, {p.majority_accuracy_ci[1]}], "
        f"macro-F1 {p.majority_macro_f1}; gap {p.gap:+.1f} points"
    )


def audit_markdown(report: AuditReport, *, heading: str = "##") -> str:
    """The audit as Markdown sections (the dataset card embeds this)."""
    shares = report.label_shares
    parts = [
        f"{heading} Claim-only audit",
        "",
        probe_sentence(report.probe) + ".",
        "",
        "Label shares: " + ", ".join(f"{lb} {shares[lb]}%" for lb in LABELS) + ".",
        "",
        f"{heading}# Labels by method",
        "",
        md_table(["method", *LABELS], ([f"`{m}`", *c.values()]
                                     for m, c in report.label_by_method.items())),
        "",
        f"{heading}# Rules: how predictable is each rule's label?",
        "",
        "`top label %` is the share of the rule's most common label (100 means the rule"
        " alone gives the label away); `probe acc.` is the claim-only probe's out-of-fold"
        f" accuracy on the rule's claims (rules with under {MIN_RULE_CLAIMS} claims: blank).",
        "",
        md_table(["rule", "method", "claims", *LABELS, "top label %", "probe acc."],
               ([f"`{r.rule}`", f"`{r.method}`", r.claims, *r.labels.values(),
                 r.top_label_share, r.probe_accuracy] for r in report.rules)),
        "",
        f"{heading}# Top label-indicative tokens (LMI x 10^6)",
        "",
        md_table(["label", "tokens"], ([lb, ", ".join(f"{t} ({v})" for t, v in toks) or "-"]
                                     for lb, toks in report.top_tokens.items())),
    ]
    if report.gate or report.rejects:
        parts += [
            "",
            f"{heading}# Left out during extraction",
            "",
            "The standalone gate applies to every sentence before any rule runs, so it"
            " cannot become a label cue. Sentences it left out, by reason: "
            + (", ".join(f"{r} {n}" for r, n in report.gate.items()) or "none")
            + ". Rejects by stage: "
            + ", ".join(f"{s} {n}" for s, n in report.rejects.items())
            + ".",
        ]
    return "\n".join(parts) + "\n"


def format_audit(report: AuditReport) -> str:
    """The audit as plain text for the terminal."""
    return audit_markdown(report, heading="#")


def read_rejects(path: Path) -> list[dict[str, Any]]:
    """Extract's rejects file as rows (empty when it does not exist)."""
    from toolkit.jsonl import iter_jsonl

    if not path.is_file():
        return []
    return [row for _, row in iter_jsonl(path)]


#: Where ``claimkit audit`` and ``claimkit filter`` leave their figures for the card.
AUDIT_DIR = Path("dist/audit")
AUDIT_MD = "AUDIT.md"
AUDIT_JSON = "audit.json"
AFLITE_JSON = "aflite.json"


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes: names the claims file an audit was computed on."""
    import hashlib

    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run_audit(
    claims_path: Path, *, rejects_path: Path | None = None, out_dir: Path | None = AUDIT_DIR,
    folds: int = FOLDS, random_state: int = 0,
) -> AuditReport:  # fmt: skip
    """Audit a claims file; write ``audit.json`` and ``AUDIT.md`` into ``out_dir``.

    Both name the claims file's sha256, so a build can tell whether the audit it embeds
    in the card was computed on the claims it publishes.
    """
    from toolkit.claims.io import iter_claims
    from toolkit.jsonl import write_text

    claims = [c for _, c in iter_claims(claims_path)]
    rejects = read_rejects(rejects_path) if rejects_path else []
    report = audit(claims, rejects=rejects, folds=folds, random_state=random_state)
    if out_dir is not None:
        sha = file_sha256(claims_path)
        write_text(out_dir / AUDIT_JSON, report.to_json())
        md = audit_markdown(report, heading="###")
        write_text(out_dir / AUDIT_MD, f"<!-- claims sha256 {sha} -->\n{md}")
    return report


def card_audit(claims_path: Path, audit_dir: Path = AUDIT_DIR) -> tuple[str | None, str | None]:
    """The audit and AFLite sections for the card, if they were computed on ``claims_path``.

    Returns ``(audit_markdown, aflite_sentence)``; each is None when missing or stale (a
    stale figure is worse than none: the card would vouch for other data).
    """
    if not claims_path.is_file():
        return None, None
    sha = file_sha256(claims_path)
    md_path, fl_path = audit_dir / AUDIT_MD, audit_dir / AFLITE_JSON
    md = None
    if md_path.is_file():
        text = md_path.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        if first == f"<!-- claims sha256 {sha} -->":
            md = rest
    sentence = None
    if fl_path.is_file():
        info = json.loads(fl_path.read_text(encoding="utf-8"))
        if info.get("claims_sha256") == sha:
            sentence = info.get("summary")
    return md, sentence
