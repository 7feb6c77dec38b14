"""Scoring: classification metrics, the FEVER score, bootstrap intervals, prediction files.

Everything here is a pure function over in-memory records that returns a named result
(a frozen dataclass), except the few ``load_*``/``read_*`` functions at the edge, which
read the Hugging Face dataset folder and a predictions file.

The FEVER part follows the official FEVER scorer rule for rule, because users compare
our numbers with papers that used it:

* only the first ``max_evidence`` (5) predicted sentences count, for every measure;
* a claim whose gold label is NOT_ENOUGH_INFO needs only the right label;
* any other claim is *strictly correct* when its label is right and every sentence of
  at least one gold evidence group is among those first five (a claim with no gold
  group at all can never be strictly correct, as in the official scorer);
* evidence precision and recall are macro-averaged over the claims whose gold label is
  not NOT_ENOUGH_INFO, whatever label was predicted; a claim with no predicted sentence
  has precision 1; a claim with no gold group has recall 1; with no such claim at all,
  precision is 1 and recall 0 (the official defaults);
* F1 is ``2PR/(P+R)``, and 0 where the official scorer would divide by zero.

A claim's gold evidence is the list of groups in its ``evidence`` column (FEVER's
alternative groups); a claim with empty evidence has no group.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from toolkit.errors import DataError, UsageError
from toolkit.jsonl import iter_jsonl
from toolkit.records import FEVER_LABELS, LABELS, Prediction, from_dict
from toolkit.schema import validate_record

NEI = "NOT_ENOUGH_INFO"
MAX_EVIDENCE = 5
N_RESAMPLES = 1000
SEED = 0
EXAMPLES_SHOWN = 3

Pair = tuple[str, int]


# ---------------------------------------------------------------- gold data


@dataclass(frozen=True)
class GoldClaim:
    """One claim of the dataset as scoring needs it: label name and evidence groups.

    ``groups`` are the alternative gold groups (any one complete group counts);
    ``evidence_text`` the quotes of every item of every group, each once, in order.
    """

    id: str
    claim: str
    label: str
    groups: tuple[tuple[Pair, ...], ...]
    evidence_text: tuple[str, ...] = ()

    @property
    def evidence(self) -> tuple[Pair, ...]:
        """Every gold evidence sentence of every group, each once, in order."""
        return tuple(dict.fromkeys(p for g in self.groups for p in g))


@dataclass(frozen=True)
class CorpusSentence:
    """One sentence of the ``articles`` config: what open-setting retrieval searches."""

    article_id: str
    index: int
    text: str


#: Stands in the gold group for evidence quoted from outside the corpus: no system can
#: retrieve it (a prediction names a corpus sentence), so such a group is never "found".
EXTERNAL_EVIDENCE = ("", -1)


def gold_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[GoldClaim]:
    """Dataset rows (label already a name; ``evidence`` a list of groups) into gold claims.

    External evidence (null ``article_id``; the quote is in ``text``) keeps its text for the
    oracle setting and enters the gold group as :data:`EXTERNAL_EVIDENCE`.
    """
    out = []
    for row in rows:
        groups = [g for g in row.get("evidence") or [] if g]
        out.append(
            GoldClaim(
                id=row["id"],
                claim=row["claim"],
                label=row["label"],
                groups=tuple(tuple(_pair(e) for e in g) for g in groups),
                evidence_text=tuple(dict.fromkeys(e.get("text") or "" for g in groups for e in g)),
            )
        )
    return out


def _pair(item: Mapping[str, Any]) -> Pair:
    if item.get("article_id") is None:
        return EXTERNAL_EVIDENCE
    return (item["article_id"], int(item["sentence_index"]))


def _load(path: Path, config: str, cache_dir: Path | None) -> Any:
    """``datasets.load_dataset`` on a local folder, offline, with a fresh cache by default.

    The datasets cache key ignores the data files' contents, so a rebuilt folder could
    load stale rows from a shared cache; a throwaway cache avoids that at little cost.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import datasets

    datasets.disable_progress_bars()  # stderr is for the summary line
    if not (path / "README.md").is_file():
        raise DataError(
            "not a dataset folder (no README.md); build it first or pass --dataset", path=path
        )
    from toolkit.dataset.load import load_folder

    with tempfile.TemporaryDirectory(prefix="claimkit-hf-") as tmp:
        return load_folder(path, config, cache_dir=str(cache_dir or tmp), keep_in_memory=True)


def load_claims(
    path: Path | str,
    splits: Sequence[str],
    *,
    cache_dir: Path | None = None,
    missing_ok: bool = False,
) -> dict[str, list[GoldClaim]]:
    """The requested splits of the ``claims`` config, labels as names, in file order.

    Refuses a dataset whose ``label`` is not ClassLabel(SUPPORTED, REFUTED,
    NOT_ENOUGH_INFO): ids from any other order would be scored against the wrong names.
    With ``missing_ok``, a split the folder does not have comes back empty.
    """
    path = Path(path)
    ds = _load(path, "claims", cache_dir)
    missing = [s for s in splits if s not in ds]
    if missing and missing_ok:
        return {
            **load_claims_present(ds, [s for s in splits if s in ds], path),
            **{s: [] for s in missing},
        }
    if missing:
        raise UsageError(
            f"no split {', '.join(missing)} in config 'claims'; valid splits: {', '.join(ds)}",
            path=path,
        )
    return load_claims_present(ds, splits, path)


def load_claims_present(ds: Any, splits: Sequence[str], path: Path) -> dict[str, list[GoldClaim]]:
    """Gold claims of splits of a loaded ``claims`` DatasetDict (see :func:`load_claims`)."""
    out = {}
    for split in splits:
        d = ds[split]
        names = getattr(d.features.get("label"), "names", None)
        if list(names or ()) != list(LABELS):
            raise DataError(
                f"'label' must be ClassLabel(names={list(LABELS)}), found"
                f" {d.features.get('label')}; rebuild the dataset with dataset_info features",
                path=path,
            )
        rows = [{**r, "label": LABELS[r["label"]]} for r in d.to_list()]
        out[split] = gold_from_rows(rows)
    return out


def has_corpus(path: Path | str) -> bool:
    """Whether the built folder declares an ``articles`` config (a dataset whose evidence
    is all external has none)."""
    from huggingface_hub import DatasetCard

    readme = Path(path) / "README.md"
    if not readme.is_file():
        return True  # let the loader say what is wrong with the folder
    configs = DatasetCard.load(readme).data.to_dict().get("configs") or []
    return any(c.get("config_name") == "articles" for c in configs)


def load_corpus(path: Path | str, *, cache_dir: Path | None = None) -> list[CorpusSentence]:
    """Every sentence of the ``articles`` config (whatever its single split is called)."""
    path = Path(path)
    ds = _load(path, "articles", cache_dir)
    if len(ds) != 1:
        raise DataError(f"config 'articles' must have one split, found {', '.join(ds)}", path=path)
    (split,) = ds.values()
    out = []
    for art in split.to_list():
        for s in art["sentences"]:
            text = s.get("text") or art["text"][s["start"] : s["end"]]
            out.append(CorpusSentence(art["id"], int(s["index"]), text))
    return out


def fingerprint(claims: Iterable[GoldClaim]) -> str:
    """A short content hash of ids, labels and evidence: names the data a report is about."""
    h = hashlib.sha256()
    for c in claims:
        h.update(f"{c.id}\t{c.label}\t{c.groups}\n".encode())
    return h.hexdigest()[:16]


# ---------------------------------------------------------------- classification metrics


@dataclass(frozen=True)
class ClassScores:
    """Precision, recall and F1 of one label, and its number of gold claims."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class ClassificationResult:
    """Label metrics; ``confusion[i][j]`` counts gold ``LABELS[i]`` predicted ``LABELS[j]``."""

    n: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, ClassScores]
    confusion: tuple[tuple[int, ...], ...]


def classification_scores(gold: Sequence[str], pred: Sequence[str]) -> ClassificationResult:
    """Accuracy, macro-F1, per-class P/R/F1 and the confusion matrix.

    Macro-F1 averages over the labels that occur in the gold labels or the predictions
    (scikit-learn's default), with 0 for an undefined ratio (``zero_division=0``): a
    model that misses a gold label, or predicts one that never occurs, pays for it, but
    a label absent from both (common in a small split) is not counted as a zero.
    Per-class scores are given for all three labels (support 0 marks an absent one).
    """
    from sklearn.metrics import (
        accuracy_score,
        confusion_matrix,
        f1_score,
        precision_recall_fscore_support,
    )

    if len(gold) != len(pred) or not gold:
        raise UsageError(f"need equal, non-zero numbers of labels; got {len(gold)}, {len(pred)}")
    labels = list(LABELS)
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    return ClassificationResult(
        n=len(gold),
        accuracy=float(accuracy_score(gold, pred)),
        macro_f1=float(f1_score(gold, pred, average="macro", zero_division=0)),
        per_class={
            name: ClassScores(float(p[i]), float(r[i]), float(f[i]), int(s[i]))
            for i, name in enumerate(labels)
        },
        confusion=tuple(
            tuple(int(v) for v in row) for row in confusion_matrix(gold, pred, labels=labels)
        ),
    )


# ---------------------------------------------------------------- FEVER


@dataclass(frozen=True)
class FeverClaim:
    """The FEVER verdict on one claim; precision/recall are None for gold NEI claims."""

    label_correct: bool
    strictly_correct: bool
    precision: float | None
    recall: float | None


@dataclass(frozen=True)
class FeverResult:
    """The official FEVER scorer's five numbers (plus the counts they rest on)."""

    n: int
    n_verifiable: int
    fever_score: float
    label_accuracy: float
    evidence_precision: float
    evidence_recall: float
    evidence_f1: float


def fever_claim(
    gold_label: str,
    gold_groups: Sequence[Sequence[Pair]],
    pred_label: str,
    pred_evidence: Sequence[Pair] | None,
    *,
    max_evidence: int = MAX_EVIDENCE,
) -> FeverClaim:
    """Score one claim under the official FEVER rules (see the module docstring)."""
    label_ok = gold_label == pred_label
    if gold_label == NEI:
        return FeverClaim(label_ok, label_ok, None, None)
    top = [tuple(p) for p in (pred_evidence or ())][:max_evidence]
    complete = any(all(tuple(s) in top for s in g) for g in gold_groups)
    gold_items = {tuple(s) for g in gold_groups for s in g}
    precision = sum(p in gold_items for p in top) / len(top) if top else 1.0
    recall = 1.0 if not any(gold_groups) else float(complete)
    strict = label_ok and complete
    return FeverClaim(label_ok, strict, precision, recall)


def fever_aggregate(claims: Sequence[FeverClaim]) -> FeverResult:
    """Combine per-claim verdicts: means over all claims, macro P/R over verifiable ones."""
    n = len(claims)
    if n == 0:
        raise UsageError("cannot compute a FEVER score over no claims")
    prec = [c.precision for c in claims if c.precision is not None]
    rec = [c.recall for c in claims if c.recall is not None]
    p = sum(prec) / len(prec) if prec else 1.0
    r = sum(rec) / len(rec) if rec else 0.0
    return FeverResult(
        n=n,
        n_verifiable=len(prec),
        fever_score=sum(c.strictly_correct for c in claims) / n,
        label_accuracy=sum(c.label_correct for c in claims) / n,
        evidence_precision=p,
        evidence_recall=r,
        evidence_f1=2 * p * r / (p + r) if p + r > 0 else 0.0,
    )


def fever_score(
    gold: Sequence[GoldClaim],
    predictions: Sequence[Prediction],
    *,
    max_evidence: int = MAX_EVIDENCE,
) -> FeverResult:
    """The FEVER score of predictions aligned with ``gold`` (same order, same ids)."""
    return fever_aggregate(
        [
            fever_claim(g.label, g.groups, p.label, p.evidence, max_evidence=max_evidence)
            for g, p in zip(gold, predictions, strict=True)
        ]
    )


# ---------------------------------------------------------------- bootstrap


@dataclass(frozen=True)
class Interval:
    """A percentile bootstrap confidence interval."""

    low: float
    high: float


def _f1_from_confusion(cm: np.ndarray) -> np.ndarray:
    """Per-class F1 of a stack of confusion matrices (``[..., gold, pred]``), 0 if undefined."""
    tp = np.diagonal(cm, axis1=-2, axis2=-1).astype(float)
    denom = cm.sum(axis=-1) + cm.sum(axis=-2)  # support + predicted = 2tp + fp + fn
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0, 2 * tp / np.where(denom > 0, denom, 1), 0.0)


def bootstrap_intervals(
    gold: Sequence[str],
    pred: Sequence[str],
    *,
    strict: Sequence[bool] | None = None,
    n_resamples: int = N_RESAMPLES,
    seed: int = SEED,
    level: float = 0.95,
) -> dict[str, Interval]:
    """95% percentile intervals for accuracy, macro-F1, per-class F1 (and FEVER score).

    A label's F1 is undefined in a resample that has it neither as gold nor predicted;
    such resamples are left out of that label's interval rather than counted as 0.

    Claims are resampled with replacement ``n_resamples`` times from a generator seeded
    with ``seed``, so the same inputs always give the same intervals. The statistics are
    computed from per-resample confusion matrices (the same definitions as
    :func:`classification_scores`, checked against scikit-learn in the tests) because
    calling scikit-learn a thousand times would dominate the run time on large splits.
    """
    if n_resamples <= 0:
        return {}
    index = {name: i for i, name in enumerate(LABELS)}
    g = np.fromiter((index[x] for x in gold), dtype=np.int64, count=len(gold))
    p = np.fromiter((index[x] for x in pred), dtype=np.int64, count=len(pred))
    n, k = len(g), len(LABELS)
    rng = np.random.default_rng(seed)
    cells = g * k + p
    s = None if strict is None else np.asarray(strict, dtype=float)
    stats: dict[str, list[float]] = {"accuracy": [], "macro_f1": []}
    stats.update({f"f1_{name}": [] for name in LABELS})
    if s is not None:
        stats["fever_score"] = []
    for _ in range(n_resamples):
        idx = rng.integers(0, n, size=n)
        cm = np.bincount(cells[idx], minlength=k * k).reshape(k, k)
        f1 = _f1_from_confusion(cm)
        stats["accuracy"].append(np.trace(cm) / n)
        present = (cm.sum(axis=0) + cm.sum(axis=1)) > 0  # in gold or predicted
        stats["macro_f1"].append(float(f1[present].mean()))
        for i, name in enumerate(LABELS):  # undefined (not 0) where the label is absent
            stats[f"f1_{name}"].append(float(f1[i]) if present[i] else np.nan)
        if s is not None:
            stats["fever_score"].append(float(s[idx].mean()))
    alpha = (1 - level) / 2
    out = {}
    for key, values in stats.items():
        v = np.asarray(values, dtype=float)
        v = v[~np.isnan(v)]
        if len(v):  # a label absent from every resample gets no interval
            out[key] = Interval(float(np.quantile(v, alpha)), float(np.quantile(v, 1 - alpha)))
    return out


# ---------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class EvaluationResult:
    """Everything ``claimkit evaluate`` reports about one predictions file on one split."""

    split: str
    classification: ClassificationResult
    fever: FeverResult | None
    intervals: dict[str, Interval] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form, floats rounded to 6 places for stable bytes."""
        return _round(asdict(self))


def _round(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, 6)
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_round(v) for v in obj]
    return obj


def evaluate(
    gold: Sequence[GoldClaim],
    predictions: Sequence[Prediction],
    *,
    split: str = "test",
    n_resamples: int = N_RESAMPLES,
    seed: int = SEED,
) -> EvaluationResult:
    """Score predictions aligned with ``gold`` (same order).

    The FEVER part is computed when at least one prediction carries evidence; a
    prediction without an ``evidence`` field then counts as predicting no sentence.
    """
    if [g.id for g in gold] != [p.id for p in predictions]:
        raise UsageError(
            "predictions must be aligned with the gold claims; read them with read_predictions"
        )
    gl = [g.label for g in gold]
    pl = [p.label for p in predictions]
    fever = None
    strict = None
    if any(p.evidence is not None for p in predictions):
        per = [
            fever_claim(g.label, g.groups, p.label, p.evidence)
            for g, p in zip(gold, predictions, strict=True)
        ]
        fever = fever_aggregate(per)
        strict = [c.strictly_correct for c in per]
    return EvaluationResult(
        split=split,
        classification=classification_scores(gl, pl),
        fever=fever,
        intervals=bootstrap_intervals(gl, pl, strict=strict, n_resamples=n_resamples, seed=seed),
    )


# ---------------------------------------------------------------- prediction files


PROBLEM_KINDS = (
    "malformed record",
    "invalid label",
    "malformed evidence",
    "duplicate id",
    "unknown id",
    "missing id",
)


def _kind_of(field_path: str) -> str:
    if field_path.startswith("label"):
        return "invalid label"
    if field_path.startswith("evidence"):
        return "malformed evidence"
    return "malformed record"


def read_predictions(path: Path | str, gold: Sequence[GoldClaim]) -> list[Prediction]:
    """Read a predictions JSONL file and align it with ``gold``, or refuse it whole.

    Every line is checked against ``schemas/prediction.schema.json``; then ids are
    matched with the gold claims. Any problem (malformed record, invalid label,
    malformed evidence, duplicate, unknown or missing id) is collected, and one
    :class:`DataError` reports the count of each kind with its first examples, so a user
    fixes the whole file in one go instead of one line per run.
    """
    path = Path(path)
    gold_ids = {g.id for g in gold}
    problems: dict[str, list[str]] = {k: [] for k in PROBLEM_KINDS}
    by_id: dict[str, Prediction] = {}
    seen: set[str] = set()  # ids on any line, valid or not: those are not "missing"
    for lineno, obj in iter_jsonl(path, allow_empty=False):
        if isinstance(obj, dict) and isinstance(obj.get("id"), str):
            seen.add(obj["id"])
        errors = validate_record("prediction", obj)
        if errors:
            field_path, message = errors[0]
            problems[_kind_of(field_path)].append(f"line {lineno}: {field_path}: {message}")
            continue
        if obj.get("evidence") is not None:  # JSON Schema lets 3.0 pass as an integer
            obj = {**obj, "evidence": [[a, int(i)] for a, i in obj["evidence"]]}
        pred = from_dict(Prediction, obj)
        if pred.id in by_id:
            problems["duplicate id"].append(f"line {lineno}: {pred.id}")
        elif pred.id not in gold_ids:
            problems["unknown id"].append(f"line {lineno}: {pred.id}")
        else:
            by_id[pred.id] = pred
    problems["missing id"] = [g.id for g in gold if g.id not in seen]
    if any(problems.values()):
        parts = []
        for kind, items in problems.items():
            if items:
                shown = "; ".join(items[:EXAMPLES_SHOWN])
                more = (
                    f"; and {len(items) - EXAMPLES_SHOWN} more"
                    if len(items) > EXAMPLES_SHOWN
                    else ""
                )
                parts.append(f"{len(items)} {kind}{'s' if len(items) > 1 else ''} ({shown}{more})")
        raise DataError(
            "rejected predictions: "
            + ", ".join(parts)
            + f"; each of the {len(gold)} claims of the split needs exactly one valid line",
            path=path,
        )
    return [by_id[g.id] for g in gold]


# ---------------------------------------------------------------- FEVER export


def fever_export(
    gold: Sequence[GoldClaim], predictions: Sequence[Prediction]
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
        if g.label == NEI:
            groups: list[Any] = [[[None, None, None, None]]]
        else:
            groups = [[[None, None, a, i] for a, i in grp] for grp in g.groups]
        golds.append(
            {
                "id": g.id,
                "verifiable": "NOT VERIFIABLE" if g.label == NEI else "VERIFIABLE",
                "label": FEVER_LABELS[g.label],
                "claim": g.claim,
                "evidence": groups,
            }
        )
    return preds, golds


def fever_export_paths(out: Path, *, inputs: Sequence[Path] = ()) -> tuple[Path, Path]:
    """``(<out>/predictions.jsonl, <out>/gold.jsonl)``, checked before any work is done.

    ``out`` is a folder; a file there, a store file or one of the ``inputs`` (the
    predictions file, the dataset folder) as a target is refused.
    """
    from toolkit.outputs import check_output_file

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError("is a file; --out takes a folder (e.g. dist/export)", path=out)
    targets = (out / "predictions.jsonl", out / "gold.jsonl")
    for target in targets:
        check_output_file(target, inputs=inputs)
    return targets


# ---------------------------------------------------------------- presentation


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def format_table(result: EvaluationResult) -> str:
    """A plain-text report: the headline numbers with intervals, per-class scores, confusion."""
    c, iv = result.classification, result.intervals

    def with_iv(key: str, value: float) -> str:
        i = iv.get(key)
        return _pct(value) + (f" [{_pct(i.low)}, {_pct(i.high)}]" if i else "")

    lines = [
        f"split {result.split}: {c.n} claims (percent, 95% bootstrap interval)",
        f"  accuracy        {with_iv('accuracy', c.accuracy)}",
        f"  macro-F1        {with_iv('macro_f1', c.macro_f1)}",
    ]
    if result.fever:
        f = result.fever
        lines += [
            f"  FEVER score     {with_iv('fever_score', f.fever_score)}",
            f"  label accuracy  {_pct(f.label_accuracy)}",
            f"  evidence P/R/F1 {_pct(f.evidence_precision)} / {_pct(f.evidence_recall)}"
            f" / {_pct(f.evidence_f1)} (over {f.n_verifiable} verifiable claims)",
        ]
    lines.append(f"  {'label':<16} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for name, s in c.per_class.items():
        lines.append(
            f"  {name:<16} {_pct(s.precision):>9} {_pct(s.recall):>7} {_pct(s.f1):>6}"
            f" {s.support:>8}"
        )
    lines.append("  confusion (rows gold, columns predicted: " + ", ".join(LABELS) + ")")
    for name, row in zip(LABELS, c.confusion, strict=True):
        lines.append(f"  {name:<16} " + " ".join(f"{v:>6}" for v in row))
    return "\n".join(lines)


def plot_confusion(result: ClassificationResult, path: Path | str, *, title: str) -> None:
    """Write the confusion matrix as a PNG (Agg backend; no version stamp, same bytes)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from toolkit.jsonl import atomic_writer

    cm = np.array(result.confusion)
    fig, ax = plt.subplots(figsize=(4.8, 4.2), dpi=100)
    try:
        ax.imshow(cm, cmap="Blues")
        short = ["SUP", "REF", "NEI"]
        ax.set_xticks(range(3), short)
        ax.set_yticks(range(3), short)
        ax.set_xlabel("predicted")
        ax.set_ylabel("gold")
        ax.set_title(title, fontsize=10)
        top = cm.max() if cm.size else 0
        for i in range(3):
            for j in range(3):
                color = "white" if top and cm[i, j] > top / 2 else "black"
                ax.text(j, i, str(cm[i, j]), ha="center", va="center", color=color)
        fig.tight_layout()
        with atomic_writer(path) as f:
            fig.savefig(f, format="png", metadata={"Software": None})
    finally:
        plt.close(fig)
