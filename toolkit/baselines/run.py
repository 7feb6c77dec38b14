"""Fit, select, score and report the baselines: what ``claimkit baselines`` runs.

:func:`run_baselines` is pure over in-memory data (gold claims per split, the corpus);
:func:`write_outputs` is the edge that writes ``metrics.json``, ``RESULTS.md``, one
confusion-matrix PNG per baseline, the predictions (so ``claimkit evaluate`` can
re-score them) and the skops models.

Selection: ``GridSearchCV`` with a ``PredefinedSplit`` over train + validation fits every
grid point on train and scores it on validation (macro-F1; the FEVER score for the open
setting, where evidence counts too); the first best point in grid order wins, and the
grids list the most regularized point first. The chosen point is then fitted on train
only (``refit=False``: the published protocol; validation stays held out), and
validation and test are both reported, with 95% bootstrap intervals. Nothing depends on
the clock or on hash order, so a rerun writes the same bytes.

The corpus is indexed once per run (:class:`~toolkit.bm25.SentenceIndex`)
and shared by the nearest-sentence lookup and every grid point of the retrieval
baseline; the grid's fitted features are cached (``joblib.Memory`` in a temporary
folder) so that grid points that change only the classifier compute them once.
"""

from __future__ import annotations

import copy
import io
import itertools
import json
import math
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from joblib import Memory, Parallel, delayed
from sklearn.model_selection import GridSearchCV, PredefinedSplit

from toolkit.bm25 import SentenceIndex, as_index
from toolkit.dataset.load import has_corpus, load_claims, load_corpus
from toolkit.errors import DataError
from toolkit.evaluate import (
    N_RESAMPLES,
    SEED,
    EvaluationResult,
    evaluate,
    fingerprint,
)
from toolkit.jsonl import atomic_writer, write_jsonl, write_text
from toolkit.records import LABELS, Claim, CorpusSentence, Prediction, encode
from toolkit.report import plot_confusion

from .models import BASELINES, Baseline, get_baseline

SPLITS = ("train", "validation", "test")
REPORTED = ("validation", "test")


def frame(claims: Sequence[Claim], nearest: dict[str, str] | None = None) -> pd.DataFrame:
    """The input every baseline reads: claim id, claim text and gold evidence text, joined.

    A claim without gold evidence (NOT_ENOUGH_INFO) reads its ``nearest`` corpus sentence
    instead (see :func:`nearest_evidence`); without it, an empty evidence column alone
    would give the label away in the oracle setting. The open setting reads only the
    claim (its evidence is what it retrieves); the id lets selection find the gold claim.
    """
    nearest = nearest or {}
    return pd.DataFrame(
        {
            "id": [c.id for c in claims],
            "claim": [c.claim for c in claims],
            "evidence": [
                " ".join(dict.fromkeys(e.exact for e in c.evidence_items))
                or nearest.get(c.id, "")
                for c in claims
            ],
        }
    )


def nearest_evidence(
    claims: Sequence[Claim], corpus: SentenceIndex | Sequence[CorpusSentence]
) -> dict[str, str]:
    """The top BM25 corpus sentence for each claim that has no gold evidence.

    NOT_ENOUGH_INFO claims have no gold evidence, so in the oracle setting a model could
    read the label off an empty evidence field. FEVER's baselines gave such claims
    retrieved sentences instead (the nearest page's sentences); this does the same with
    the single best sentence, identically in every split, so the model must decide from
    what the sentence says. Often it is the very sentence the claim was derived from.
    """
    need = [c for c in claims if not c.evidence]
    if not need or not corpus:
        return {}
    index = as_index(corpus)
    best = index.nearest([c.claim for c in need])
    return {c.id: index.sentences[i].text for c, i in zip(need, best, strict=True) if i is not None}


def label_ids(claims: Sequence[Claim]) -> np.ndarray:
    index = {name: i for i, name in enumerate(LABELS)}
    return np.array([index[c.label] for c in claims], dtype=np.int64)


def predict(model: Any, claims: Sequence[Claim], x: pd.DataFrame) -> list[Prediction]:
    """Predictions as records; a baseline that retrieves adds its ranked evidence."""
    if hasattr(model, "predict_with_evidence"):
        ids, evidence = model.predict_with_evidence(x)
        return [
            Prediction(c.id, LABELS[int(i)], tuple(ev))
            for c, i, ev in zip(claims, ids, evidence, strict=True)
        ]
    return [Prediction(c.id, LABELS[int(i)]) for c, i in zip(claims, model.predict(x), strict=True)]


def _selection_score(result: EvaluationResult) -> float:
    return result.fever.fever_score if result.fever else result.classification.macro_f1


def selection_scorer(validation: Sequence[Claim], fitted: list[Any]):
    """A GridSearchCV scorer: the selection score of the validation claims in ``X``.

    It also keeps each model it scores in ``fitted`` (grid order; the search runs in
    this process): the chosen one is the model fitted on train, so it need not be fitted
    again.
    """
    gold = {c.id: c for c in validation}

    def score(model: Any, x: pd.DataFrame, y: Any) -> float:
        fitted.append(model)
        claims = [gold[i] for i in x["id"]]
        result = evaluate(claims, predict(model, claims, x), split="validation", n_resamples=0)
        return _selection_score(result)

    return score


def select(
    baseline: Baseline,
    train: Sequence[Claim],
    validation: Sequence[Claim],
    frames: dict[str, pd.DataFrame],
    *,
    random_state: int,
    corpus: SentenceIndex | None,
    memory: Memory | None = None,
) -> tuple[dict[str, Any], tuple[float, ...], Any]:
    """The chosen grid point, the validation score of each point, and the model.

    The model is the chosen point fitted on train. Without validation claims the first
    grid point is used and there are no scores.
    """
    estimator = baseline.make(random_state=random_state, corpus=corpus, memory=memory)
    if not validation:
        params = dict(baseline.grid[0])
        model = estimator.set_params(**params).fit(frames["train"], label_ids(train))
        return params, (), _without_cache(model)
    x = pd.concat([frames["train"], frames["validation"]], ignore_index=True)
    y = np.concatenate([label_ids(train), label_ids(validation)])
    fold = PredefinedSplit(np.r_[np.full(len(train), -1), np.zeros(len(validation))])
    fitted: list[Any] = []
    search = GridSearchCV(
        estimator, baseline.param_grid, scoring=selection_scorer(validation, fitted),
        cv=fold, refit=False, error_score="raise",
    )  # fmt: skip
    search.fit(x, y)
    scores = tuple(float(s) for s in search.cv_results_["mean_test_score"])
    best = int(np.argmax(scores))  # the first best point in grid order
    return dict(search.cv_results_["params"][best]), scores, _without_cache(fitted[best])


def _without_cache(model: Any) -> Any:
    """The fitted model without its fit-time cache: saved models carry no temp folder."""
    return model.set_params(memory=None) if "memory" in model.get_params() else model


@dataclass(frozen=True)
class BaselineRun:
    """One baseline's chosen parameters, validation selection score and results."""

    baseline: Baseline
    params: dict[str, Any]
    grid_scores: tuple[float, ...]
    results: dict[str, EvaluationResult]
    predictions: dict[str, list[Prediction]]
    model: Any
    #: The model's skops file (:func:`model_file`), made where the model was fitted: on
    #: a worker with ``jobs`` > 1, so the saving runs in parallel too.
    model_file: bytes = field(repr=False)


@dataclass(frozen=True)
class BaselinesReport:
    """All runs, and what data they were computed on."""

    runs: tuple[BaselineRun, ...]
    counts: dict[str, int]
    fingerprint: str

    def jsonable(self) -> dict[str, Any]:
        """metrics.json: the figures of every run, and the data they were computed on."""
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
    jobs: int = 1,
) -> BaselinesReport:
    """Fit each baseline on train, choose its grid point on validation, score both splits.

    ``majority`` is always included (first), whatever ``names`` says: a number without
    it cannot be read. An empty validation split (a tiny dataset) means no selection:
    the first grid point is used and the report says so; an empty split is not reported.

    ``jobs`` > 1 runs that many baselines at once, each in a worker process (joblib's
    loky), for as many copies of the training data in memory: the same report and
    models, byte for byte. Only the fits run in parallel; the corpus index, the oracle's
    nearest sentences and the outputs are made here, so two jobs are far from twice
    as fast (see the README's figures).
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
    if any(b.reads_corpus for b in order) and not corpus:
        raise DataError("the articles config has no sentences; the retrieval baseline needs them")
    oracle = any(b.setting == "oracle" for b in order)
    index = SentenceIndex(corpus) if corpus and (oracle or any(b.reads_corpus for b in order)) else None
    splits = {s: claims.get(s) or [] for s in SPLITS}
    nearest = nearest_evidence([c for s in SPLITS for c in splits[s]], index) if oracle and index else {}
    frames = {s: frame(splits[s], nearest) for s in SPLITS}
    with tempfile.TemporaryDirectory(prefix="claimkit-baselines-") as cache:
        common = {"memory": Memory(cache, verbose=0), "random_state": random_state,
                  "reported": reported, "n_resamples": n_resamples}  # fmt: skip

        def task(b: Baseline) -> Any:
            corpus_of_b = index if b.reads_corpus else None
            return delayed(_run_one)(b, splits, frames, corpus=corpus_of_b, **common)

        # With jobs > 1, one baseline per worker process (with 1, all in this one). The
        # registry ends with the longest fits (retrieval, then the claim-evidence
        # models): they start first, so what runs last is short. Results keep `order`.
        parts = Parallel(n_jobs=min(jobs, len(order)))(map(task, order[::-1]))[::-1]
        runs = [BaselineRun(b, *p) for b, p in zip(order, parts, strict=True)]
    return BaselinesReport(
        runs=tuple(runs),
        counts={s: len(splits[s]) for s in SPLITS},
        fingerprint=fingerprint(c for s in SPLITS for c in splits[s]),
    )


def _run_one(
    b: Baseline,
    splits: dict[str, list[Claim]],
    frames: dict[str, pd.DataFrame],
    *,
    corpus: SentenceIndex | None,
    memory: Memory,
    random_state: int,
    reported: Sequence[str],
    n_resamples: int,
) -> tuple[dict[str, Any], tuple[float, ...], dict[str, EvaluationResult],
           dict[str, list[Prediction]], Any, bytes]:  # fmt: skip
    """One baseline, selected, scored and saved: its :class:`BaselineRun` but itself.

    A module-level function of picklable arguments, so that it can run in a worker process.
    BLAS runs on one thread, as joblib's workers set it: the fitted coefficients depend
    (in their last digits) on how many threads summed them, and the saved models must
    be the same bytes in one process or many, on any number of cores.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        params, scores, model = select(b, splits["train"], splits["validation"], frames,
                                       random_state=random_state, corpus=corpus, memory=memory)  # fmt: skip
        preds = {s: predict(model, splits[s], frames[s]) for s in reported}
    results = {s: evaluate(splits[s], preds[s], split=s, n_resamples=n_resamples) for s in reported}
    return params, scores, results, preds, model, model_file(model)


def run_dataset(
    path: Path | str,
    *,
    names: Sequence[str] | None = None,
    random_state: int = SEED,
    jobs: int = 1,
) -> BaselinesReport:
    """Load a dataset folder and run :func:`run_baselines` on it.

    The ``articles`` config is read only when an oracle or open-setting baseline runs
    (the oracle setting reads it for the nearest sentence of NOT_ENOUGH_INFO claims). A
    folder without one (external evidence only) runs the baselines that need no corpus.
    """
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
    return run_baselines(claims, corpus, names=names, random_state=random_state, jobs=jobs)


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
            write_jsonl(out / "predictions" / name / f"{split}.jsonl", (encode(p) for p in preds))
        split = "test" if "test" in r.results else "validation"
        plot_confusion(
            r.results[split].classification,
            out / "confusion" / f"{name}.png",
            title=f"{r.baseline.key} ({split})",
        )
        with atomic_writer(out / "models" / f"{name}.skops") as f:
            f.write(r.model_file)
    write_text(paths["metrics"], json.dumps(report.jsonable(), indent=2) + "\n")
    write_text(paths["results"], results_markdown(report))
    if results is not None:
        write_text(results, results_markdown(report))
    return paths


#: Types a saved baseline may contain beyond what skops trusts by default: ours only.
TRUSTED_TYPES = (
    "toolkit.baselines.estimators.ClaimEvidence",
    "toolkit.baselines.estimators.ClaimEvidenceSVM",
    "toolkit.baselines.estimators.ClaimOnly",
    "toolkit.baselines.estimators.Majority",
    "toolkit.baselines.features.PairFeatures",
    "toolkit.baselines.retrieval.RetrievalVerifier",
)


def _canonical_ids(schema: Any, ids: dict[int, int], fresh: Iterator[int]) -> Any:
    """Renumber skops' ``__id__`` values (Python object ids) in order of appearance.

    An object met twice keeps one number (skops loads it as one object again), except
    the plain JSON values (strings, numbers): whether two equal ones are one object
    depends on the model's history (fitted here, or sent back from a worker process by
    pickle, which shares no number, or loaded from a fit cache), not on the model. Each
    of their appearances gets a number of its own, so every history gives one file.
    """
    if isinstance(schema, list):
        return [_canonical_ids(v, ids, fresh) for v in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "__id__" and isinstance(value, int):
            if schema.get("__loader__") == "JsonNode":
                value = next(fresh)
            else:
                if value not in ids:
                    ids[value] = next(fresh)
                value = ids[value]
        out[key] = _canonical_ids(value, ids, fresh)
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
    """Save with skops (never pickle), atomically, as the same bytes on every run."""
    with atomic_writer(path) as f:
        f.write(model_file(model))


def model_file(model: Any) -> bytes:
    """The skops file of ``model``, the same bytes on every run.

    A skops file is a zip of ``schema.json`` and array files; it names objects (and the
    array files) by their Python ``id()`` and stamps members with the time of writing.
    Both are canonicalized (ids renumbered in schema order, fixed timestamps, members in
    name order), so reruns are byte-identical and the file still loads with skops.
    """
    model = copy.deepcopy(model)  # the corpus is not copied (see RetrievalVerifier.__getstate__)
    _drop_object_ids(model, set())
    schema, src = _skops_parts(model)
    ids: dict[int, int] = {}
    schema = _canonical_ids(schema, ids, itertools.count(1))
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
    # compact: the C encoder (an indent would take the pure-Python one, seconds per model)
    members["schema.json"] = json.dumps(fix_files(schema), separators=(",", ":")).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, members[name])
    return buffer.getvalue()


def _skops_parts(model: Any) -> tuple[Any, zipfile.ZipFile]:
    """skops's schema of ``model`` (as JSON values) and the zip holding its array files.

    ``skops.io.dumps`` writes the schema with ``indent=2``, which takes Python's
    pure-Python JSON encoder: over a vectorizer's vocabulary that was 12 s of the 15.6 s
    spent saving the five baselines at 10,000 articles, for indentation this function's
    caller throws away. So the schema is taken from skops's own save steps (what
    ``dumps`` runs before encoding) and encoded compactly. Those steps are not public:
    if a skops release moves them, the public ``dumps`` gives the same parts, slower.
    """
    import skops
    import skops.io as sio

    try:
        from skops.io._utils import SaveContext, get_state
    except ImportError:
        src = zipfile.ZipFile(io.BytesIO(sio.dumps(model)))
        return json.loads(src.read("schema.json")), src
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as dst:
        context = SaveContext(zip_file=dst)
        state = get_state(model, context)
        context.clear_memo()
        state["protocol"] = context.protocol
        state["_skops_version"] = skops.__version__
    # A JSON round trip gives exactly what dumps' file decodes to (tuples become lists).
    return json.loads(json.dumps(state)), zipfile.ZipFile(buffer)


def load_model(path: Path | str) -> Any:
    """Load a skops model, refusing any type that is neither skops-trusted nor ours.

    skops lists the types it does not trust by default; we accept exactly
    :data:`TRUSTED_TYPES` on top, so a tampered file cannot smuggle in arbitrary code.
    A retrieval model needs its corpus back (``set_params(corpus=...)``) before it predicts.
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
