"""Fit, select, score and report the baselines: what ``claimkit baselines`` runs.

:func:`run_baselines` is pure over in-memory data (gold claims per split, the corpus);
:func:`write_outputs` is the edge that writes ``metrics.json``, ``RESULTS.md``, one
confusion-matrix PNG per baseline, the predictions (so ``claimkit evaluate`` can
re-score them) and the skops models.

Selection: every grid point is fitted on train and scored on validation (macro-F1; the
FEVER score for the open setting, where evidence counts too); the first best point in
grid order wins, and the grids list the most regularized point first. Validation and
test are then both reported, with 95% bootstrap intervals. Nothing depends on the clock
or on hash order, so a rerun writes the same bytes.
"""

from __future__ import annotations

import copy
import io
import json
import math
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import DataError
from toolkit.evaluate import (
    N_RESAMPLES,
    SEED,
    EvaluationResult,
    evaluate,
    fingerprint,
)
from toolkit.jsonl import atomic_writer, write_jsonl, write_text
from toolkit.records import LABELS, Claim, CorpusSentence, Prediction
from toolkit.report import plot_confusion

from .models import BASELINES, Baseline, get_baseline

SPLITS = ("train", "validation", "test")
REPORTED = ("validation", "test")


def frame(claims: Sequence[Claim], nearest: dict[str, str] | None = None) -> pd.DataFrame:
    """The input every baseline reads: claim text and gold evidence text, joined.

    A claim without gold evidence (NOT_ENOUGH_INFO) reads its ``nearest`` corpus sentence
    instead (see :func:`nearest_evidence`); without it, an empty evidence column alone
    would give the label away in the oracle setting.
    """
    nearest = nearest or {}
    return pd.DataFrame(
        {
            "claim": [c.claim for c in claims],
            "evidence": [
                " ".join(dict.fromkeys(e.exact for e in c.evidence_items))
                or nearest.get(c.id, "")
                for c in claims
            ],
        }
    )


def nearest_evidence(
    claims: Sequence[Claim], corpus: Sequence[CorpusSentence]
) -> dict[str, str]:
    """The top BM25 corpus sentence for each claim that has no gold evidence.

    NOT_ENOUGH_INFO claims have no gold evidence, so in the oracle setting a model could
    read the label off an empty evidence field. FEVER's baselines gave such claims
    retrieved sentences instead (the nearest page's sentences); this does the same with
    the single best sentence, identically in every split, so the model must decide from
    what the sentence says. Often it is the very sentence the claim was derived from.
    """
    from .retrieval import RetrievalVerifier

    need = [c for c in claims if not c.evidence]
    if not need or not corpus:
        return {}
    hits = RetrievalVerifier(k=1).attach_corpus(corpus).retrieve([c.claim for c in need])
    return {c.id: corpus[h[0][0]].text for c, h in zip(need, hits, strict=True) if h}


def label_ids(claims: Sequence[Claim]) -> np.ndarray:
    index = {name: i for i, name in enumerate(LABELS)}
    return np.array([index[c.label] for c in claims], dtype=np.int64)


def fit(
    baseline: Baseline,
    params: dict[str, Any],
    train: Sequence[Claim],
    corpus: Sequence[CorpusSentence],
    *,
    random_state: int = SEED,
    nearest: dict[str, str] | None = None,
) -> Any:
    """A fitted estimator of ``baseline`` with ``params``."""
    model = baseline.build(**params, random_state=random_state)
    if baseline.setting == "open":
        model.fit(frame(train), label_ids(train), corpus=corpus)
    else:
        model.fit(frame(train, nearest), label_ids(train))
    return model


def predict(
    baseline: Baseline,
    model: Any,
    claims: Sequence[Claim],
    nearest: dict[str, str] | None = None,
) -> list[Prediction]:
    """Predictions as records; the open setting adds its ranked evidence."""
    x = frame(claims, None if baseline.setting == "open" else nearest)
    if baseline.setting == "open":
        ids, evidence = model.predict_with_evidence(x)
        return [
            Prediction(c.id, LABELS[int(i)], tuple(ev))
            for c, i, ev in zip(claims, ids, evidence, strict=True)
        ]
    return [Prediction(c.id, LABELS[int(i)]) for c, i in zip(claims, model.predict(x), strict=True)]


def _selection_score(result: EvaluationResult) -> float:
    return result.fever.fever_score if result.fever else result.classification.macro_f1


@dataclass(frozen=True)
class BaselineRun:
    """One baseline's chosen parameters, validation selection score and results."""

    baseline: Baseline
    params: dict[str, Any]
    grid_scores: tuple[float, ...]
    results: dict[str, EvaluationResult]
    predictions: dict[str, list[Prediction]]
    model: Any


@dataclass(frozen=True)
class BaselinesReport:
    """All runs, and what data they were computed on."""

    runs: tuple[BaselineRun, ...]
    counts: dict[str, int]
    fingerprint: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": {"fingerprint": self.fingerprint, "claims": self.counts},
            "bootstrap": {"resamples": N_RESAMPLES, "seed": SEED, "level": 0.95},
            "baselines": {
                r.baseline.name: {
                    "version": r.baseline.version,
                    "key": r.baseline.key,
                    "setting": r.baseline.setting,
                    "model": r.baseline.summary,
                    "params": r.params,
                    "grid": [dict(g) for g in r.baseline.grid],
                    "validation_selection_scores": [round(s, 6) for s in r.grid_scores],
                    "results": {s: res.jsonable() for s, res in r.results.items()},
                }
                for r in self.runs
            },
        }


def run_baselines(
    claims: dict[str, list[Claim]],
    corpus: Sequence[CorpusSentence],
    *,
    names: Sequence[str] | None = None,
    random_state: int = SEED,
    n_resamples: int = N_RESAMPLES,
) -> BaselinesReport:
    """Fit each baseline on train, choose its grid point on validation, score both splits.

    ``majority`` is always included (first), whatever ``names`` says: a number without
    it cannot be read. An empty validation split (a tiny dataset) means no selection:
    the first grid point is used and the report says so; an empty split is not reported.
    """
    if not claims.get("train"):
        raise DataError("the dataset's train split is empty or missing: nothing to fit")
    present = set(label_ids(claims["train"]).tolist())
    if len(present) < 2:
        raise DataError(
            f"the train split has only one label ({LABELS[present.pop()]}); the baselines need"
            " at least two: add claims of the other labels and rebuild the dataset"
        )
    reported = [s for s in REPORTED if claims.get(s)]
    if not reported:
        raise DataError("the validation and test splits are both empty: nothing to report")
    chosen = [get_baseline(n) for n in (names or BASELINES)]
    order = [BASELINES["majority"]]
    order += [b for b in chosen if b.name not in {o.name for o in order}]
    if any(b.setting == "open" for b in order) and not corpus:
        raise DataError("the articles config has no sentences; the retrieval baseline needs them")
    validation = claims.get("validation") or []
    nearest = {}
    if any(b.setting == "oracle" for b in order):
        nearest = nearest_evidence([c for s in SPLITS for c in claims.get(s) or []], corpus)
    runs = []
    for b in order:
        best = None
        scores = []
        for params in b.grid if validation else b.grid[:1]:
            model = fit(
                b, dict(params), claims["train"], corpus, random_state=random_state, nearest=nearest
            )
            if not validation:
                best = (0.0, dict(params), model)
                break
            val_preds = predict(b, model, validation, nearest)
            res = evaluate(validation, val_preds, split="validation", n_resamples=0)
            score = _selection_score(res)
            scores.append(score)
            if best is None or score > best[0]:
                best = (score, dict(params), model)
        _, params, model = best
        preds = {s: predict(b, model, claims[s], nearest) for s in reported}
        results = {
            s: evaluate(claims[s], preds[s], split=s, n_resamples=n_resamples) for s in reported
        }
        runs.append(BaselineRun(b, params, tuple(scores), results, preds, model))
    return BaselinesReport(
        runs=tuple(runs),
        counts={s: len(claims.get(s) or []) for s in SPLITS},
        fingerprint=fingerprint(c for s in SPLITS for c in claims.get(s) or []),
    )


def run_dataset(
    path: Path | str, *, names: Sequence[str] | None = None, random_state: int = SEED
) -> BaselinesReport:
    """Load a dataset folder and run :func:`run_baselines` on it.

    The ``articles`` config is read only when an oracle or open-setting baseline runs
    (the oracle setting reads it for the nearest sentence of NOT_ENOUGH_INFO claims). A
    folder without one (external evidence only) runs the baselines that need no corpus.
    """
    from toolkit.dataset.load import has_corpus, load_claims, load_corpus

    if names is None and not has_corpus(path):
        # A dataset of external evidence alone (AVeriTeC, ClaimReview) has no articles
        # config: nothing to retrieve from, and no nearest sentence to give the oracle's
        # NOT_ENOUGH_INFO claims (an empty evidence field would give their label away).
        # The default run keeps the baselines that need no corpus; naming another with
        # --baseline still says why it cannot run.
        names = [n for n, b in BASELINES.items() if b.setting not in ("oracle", "open")]
    chosen = [get_baseline(n) for n in (names or BASELINES)]
    corpus = load_corpus(path) if any(b.setting in ("oracle", "open") for b in chosen) else []
    claims = load_claims(path, SPLITS, missing_ok=True)
    return run_baselines(claims, corpus, names=names, random_state=random_state)


# ---------------------------------------------------------------- report


def _cell(value: float, iv: Any) -> str:
    text = f"{100 * value:.1f}"
    return text + (f" [{100 * iv.low:.1f}, {100 * iv.high:.1f}]" if iv else "")


#: Below this many claims a split's scores are marked as imprecise in the table itself.
FEW_CLAIMS = 100


def n_cell(n: int) -> str:
    """The claim count, and for a small split how imprecise its scores are: the 95%
    binomial half-width at 50% accuracy, so that [0, 100] intervals explain themselves."""
    if n >= FEW_CLAIMS or n == 0:
        return str(n)
    return f"{n} (few claims: ±{196 * math.sqrt(0.25 / n):.0f} pts at best)"


def results_table(report: BaselinesReport) -> str:
    """Markdown table: baseline x split, percent with 95% bootstrap intervals.

    The table explains itself where a reader would stumble: an F1 that cannot be
    computed says why (the label is neither in gold nor predicted on that split), and a
    small split says how wide its intervals must be.
    """
    head = ["baseline", "split", "n", "accuracy", "macro-F1"]
    head += [f"F1 {n}" for n in LABELS] + ["FEVER score"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in report.runs:
        for split, res in r.results.items():
            c, iv = res.classification, res.intervals
            row = [
                f"`{r.baseline.key}`",
                split,
                n_cell(c.n),
                _cell(c.accuracy, iv.get("accuracy")),
                _cell(c.macro_f1, iv.get("macro_f1")),
            ]
            predicted = [sum(col) for col in zip(*c.confusion, strict=True)]
            row += [
                _cell(c.per_class[n].f1, iv.get(f"f1_{n}"))
                if c.per_class[n].support or predicted[i]
                else f"n/a (no {n} claim in {split}, none predicted)"
                for i, n in enumerate(LABELS)
            ]
            row.append(_cell(res.fever.fever_score, iv.get("fever_score")) if res.fever
                       else "n/a (predicts no evidence)")
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def results_markdown(report: BaselinesReport) -> str:
    """The whole RESULTS.md: provenance, the table, the chosen parameters."""
    counts = ", ".join(f"{s} {n}" for s, n in report.counts.items())
    lines = [
        "# Baseline results",
        "",
        "Produced by `claimkit baselines` (do not edit by hand; see the README to regenerate).",
        f"Dataset: claims {counts}; fingerprint `{report.fingerprint}`.",
        "Percentages; in brackets the 95% percentile bootstrap interval"
        f" ({N_RESAMPLES:,} resamples, seed {SEED}).",
        "Hyperparameters chosen on validation; the model is fitted on train only.",
        "FEVER score only where the baseline predicts evidence (open setting).",
        "",
        results_table(report),
        "",
        "| baseline | setting | model | chosen | validation score per grid point |",
        "|---|---|---|---|---|",
    ]
    for r in report.runs:
        grid = (
            "; ".join(
                f"{_params(g)}: {100 * s:.1f}"
                for g, s in zip(r.baseline.grid, r.grid_scores, strict=False)
            )
            or "no validation claims: first grid point used"
        )
        lines.append(
            f"| `{r.baseline.key}` | {r.baseline.setting} | {r.baseline.summary}"
            f" | {_params(r.params)} | {grid} |"
        )
    return "\n".join(lines) + "\n"


def _params(p: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in p.items()) or "(none)"


# ---------------------------------------------------------------- outputs and models


def write_outputs(
    report: BaselinesReport, out_dir: Path | str, *, results: Path | str | None = None
) -> dict[str, Path]:
    """Write metrics.json, RESULTS.md, confusion PNGs (test split), predictions, models.

    ``results`` is an extra copy of RESULTS.md (the committed ``baselines/RESULTS.md``).
    """
    out = Path(out_dir)
    paths = {"metrics": out / "metrics.json", "results": out / "RESULTS.md"}
    for r in report.runs:
        name = r.baseline.name
        for split, preds in r.predictions.items():
            write_jsonl(out / "predictions" / name / f"{split}.jsonl", (p.to_dict() for p in preds))
        split = "test" if "test" in r.results else "validation"
        plot_confusion(
            r.results[split].classification,
            out / "confusion" / f"{name}.png",
            title=f"{r.baseline.key} ({split})",
        )
        save_model(r.model, out / "models" / f"{name}.skops")
    write_text(paths["metrics"], json.dumps(report.to_dict(), indent=2) + "\n")
    write_text(paths["results"], results_markdown(report))
    if results is not None:
        write_text(results, results_markdown(report))
    return paths


#: Types a saved baseline may contain beyond what skops trusts by default: ours only.
TRUSTED_TYPES = (
    "baselines.features.PairFeatures",
    "baselines.retrieval.RetrievalVerifier",
)


def _canonical_ids(schema: Any, ids: dict[int, int]) -> Any:
    """Renumber skops' ``__id__`` values (Python object ids) in order of appearance."""
    if isinstance(schema, list):
        return [_canonical_ids(v, ids) for v in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "__id__" and isinstance(value, int):
            value = ids.setdefault(value, len(ids) + 1)
        out[key] = _canonical_ids(value, ids)
    return out


def _drop_object_ids(obj: Any, seen: set[int]) -> None:
    """Remove scikit-learn's cached ``id()`` of the stop-word list from every vectorizer.

    ``_stop_words_id`` only lets the vectorizer skip re-checking its stop words; it is
    a memory address, different on every run, so it would make saved bytes differ.
    """
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, list | tuple):
        for v in obj:
            _drop_object_ids(v, seen)
    elif isinstance(obj, dict):
        for v in obj.values():
            _drop_object_ids(v, seen)
    elif hasattr(obj, "get_params"):
        obj.__dict__.pop("_stop_words_id", None)
        for v in vars(obj).values():
            _drop_object_ids(v, seen)


def save_model(model: Any, path: Path | str) -> None:
    """Save with skops (never pickle), atomically, as the same bytes on every run.

    A skops file is a zip of ``schema.json`` and array files; it names objects (and the
    array files) by their Python ``id()`` and stamps members with the time of writing.
    Both are canonicalized (ids renumbered in schema order, fixed timestamps, members in
    name order), so reruns are byte-identical and the file still loads with skops.
    """
    import skops.io as sio

    model = copy.deepcopy(model)  # the retrieval index is not copied (see __getstate__)
    _drop_object_ids(model, set())
    src = zipfile.ZipFile(io.BytesIO(sio.dumps(model)))
    ids: dict[int, int] = {}
    schema = _canonical_ids(json.loads(src.read("schema.json")), ids)
    renamed = {}
    for name in src.namelist():
        stem, dot, ext = name.partition(".")
        if stem.isdigit() and int(stem) in ids:
            renamed[name] = f"{ids[int(stem)]}{dot}{ext}"

    def fix_files(node: Any) -> Any:
        if isinstance(node, list):
            return [fix_files(v) for v in node]
        if isinstance(node, dict):
            return {
                k: renamed.get(v, v) if k == "file" and isinstance(v, str) else fix_files(v)
                for k, v in node.items()
            }
        return node

    members = {renamed.get(n, n): src.read(n) for n in src.namelist() if n != "schema.json"}
    members["schema.json"] = json.dumps(fix_files(schema), indent=2).encode()
    with atomic_writer(path) as f, zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, members[name])


def load_model(path: Path | str) -> Any:
    """Load a skops model, refusing any type that is neither skops-trusted nor ours.

    skops lists the types it does not trust by default; we accept exactly
    :data:`TRUSTED_TYPES` on top, so a tampered file cannot smuggle in arbitrary code.
    A retrieval model needs ``attach_corpus`` before it predicts.
    """
    import skops.io as sio

    path = Path(path)
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # zip or schema errors of a damaged file
        raise DataError(f"not a skops model file: {exc}", path=path) from None
    unknown = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if unknown:
        raise DataError(
            f"refusing to load: untrusted types {', '.join(unknown)}; only baselines saved by"
            " claimkit load here",
            path=path,
        )
    return sio.load(path, trusted=list(untrusted))
