"""Presentation: the Markdown tables, text reports and PNG plots of claimkit's outputs.

The card, ``claimkit evaluate``, ``claimkit audit`` and the baselines' RESULTS.md all
show tables and plots; they are drawn here once. Plots use the Agg backend and carry
no "Software" stamp (the matplotlib version), so the same data gives the same bytes on
any install.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from toolkit.evaluate.metrics import ClassificationResult, EvaluationResult
from toolkit.records import LABELS


def md_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub-flavoured Markdown table; ``|`` and newlines in cells are escaped, None is
    an empty cell."""

    def cell(v: Any) -> str:
        return "" if v is None else str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _png(fig: Any) -> bytes:
    """The figure as PNG bytes without a version stamp; the figure is closed."""
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", metadata={"Software": None})
    finally:
        _pyplot().close(fig)
    return buf.getvalue()


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


def confusion_png(result: ClassificationResult, *, title: str) -> bytes:
    """The confusion matrix (rows gold, columns predicted) as PNG bytes."""
    import numpy as np

    plt = _pyplot()
    cm = np.array(result.confusion)
    fig, ax = plt.subplots(figsize=(4.8, 4.2), dpi=100)
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
    return _png(fig)


def plot_confusion(result: ClassificationResult, path: Path | str, *, title: str) -> None:
    """Write :func:`confusion_png` to ``path`` (atomically: no half-written file)."""
    from toolkit.jsonl import atomic_writer

    png = confusion_png(result, title=title)
    with atomic_writer(path) as f:
        f.write(png)


def label_plot_png(counts: Mapping[str, Counter[str]]) -> bytes:
    """A bar chart of labels per split (``{split: Counter(label)}``, in split order)."""
    plt = _pyplot()
    splits = list(counts)
    fig, ax = plt.subplots(figsize=(6.4, 3.6), dpi=100)
    width = 0.8 / len(LABELS)
    for i, label in enumerate(LABELS):
        xs = [j + (i - 1) * width for j in range(len(splits))]
        ys = [counts[name][label] for name in splits]
        bars = ax.bar(xs, ys, width, label=label)
        ax.bar_label(bars, fontsize=8)
    ax.set_xticks(range(len(splits)), splits)
    ax.set_ylabel("claims")
    ax.set_title("Labels per split")
    ax.legend(fontsize=8)
    ax.margins(y=0.15)
    fig.tight_layout()
    return _png(fig)
