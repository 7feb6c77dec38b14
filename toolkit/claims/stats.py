"""``claimkit stats``: the artifact audit a reviewer asks for, with pandas.

* label x method counts (which rules make which labels);
* negation share per label (a negation cue that predicts REFUTED is the classic
  artifact: the share should be similar across labels);
* claim length per label (length alone should not give the label away);
* top tokens per label by local mutual information (Schuster et al. 2019):
  ``LMI(w, l) = p(w, l) * log(p(l | w) / p(l))`` over claims containing ``w``; the
  tokens a claim-only model would learn to use.

Annotator agreement (toolkit.agreement) is part of the audit: see :attr:`Audit.agreement`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from toolkit.agreement import AgreementReport, agreement
from toolkit.errors import DataError
from toolkit.lexicon import negation_pattern
from toolkit.records import LABELS, Claim

#: Any negator of the lexicon, or ``n't``: the cue a claim-only model learns.
NEGATION = negation_pattern()
TOKEN = re.compile(r"[a-z0-9]+(?:[’'][a-z]+)?")


@dataclass
class Audit:
    """Named tables of the audit; each a :class:`pandas.DataFrame`."""

    claims: int
    label_method: pd.DataFrame
    negation: pd.DataFrame
    length: pd.DataFrame
    lmi: pd.DataFrame
    status: pd.DataFrame
    #: Annotator agreement (Cohen's kappa per pair, Fleiss' kappa, per label) over the
    #: claims that two or more people judged: readers of a benchmark look for it.
    agreement: AgreementReport | None = None


def frame(claims: Iterable[Claim]) -> pd.DataFrame:
    """One row per claim: label (ordered categorical), method, rule, status, text features."""
    rows = [
        {
            "id": c.id,
            "label": c.label,
            "method": c.method,
            "rule": c.rule or "",
            "status": c.status,
            "claim": c.claim,
            "words": len(c.claim.split()),
            "negation": bool(NEGATION.search(c.claim)),
        }
        for c in claims
    ]
    df = pd.DataFrame(rows, columns=["id", "label", "method", "rule", "status", "claim", "words",
                                     "negation"])  # fmt: skip
    df["label"] = pd.Categorical(df["label"], categories=list(LABELS), ordered=True)
    return df


def lmi(df: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """Top ``top`` tokens per label by local mutual information (document counts)."""
    rows = [(label, tok) for label, text in zip(df["label"], df["claim"], strict=True)
            for tok in set(TOKEN.findall(text.lower()))]  # fmt: skip
    if not rows:
        return pd.DataFrame(columns=["label", "token", "lmi", "count"])
    pairs = pd.DataFrame(rows, columns=["label", "token"])
    total = len(pairs)
    joint = pairs.value_counts().rename("n").reset_index()
    per_label = pairs["label"].value_counts()
    per_token = pairs["token"].value_counts()
    joint["lmi"] = [
        n / total * math.log((n / per_token[t]) / (per_label[lab] / total))
        for lab, t, n in zip(joint["label"], joint["token"], joint["n"], strict=True)
    ]
    joint["label"] = pd.Categorical(joint["label"], categories=list(LABELS), ordered=True)
    joint = joint.sort_values(["label", "lmi", "token"], ascending=[True, False, True])
    out = joint.groupby("label", observed=True).head(top)
    out = out.rename(columns={"n": "count"})[["label", "token", "lmi", "count"]]
    out["lmi"] = (out["lmi"] * 1e6).round(0).astype(int)  # LMI x 10^6, as in the papers
    return out.reset_index(drop=True)


def audit(claims: Iterable[Claim], *, top: int = 10) -> Audit:
    """Every table of the audit for ``claims``; no claims at all is a DataError."""
    claims = list(claims)
    if not claims:
        raise DataError("no claims to audit: the file is empty (run `claimkit extract` first)")
    df = frame(claims)
    label_method = pd.crosstab(df["method"], df["label"], margins=True, dropna=False)
    negation = (
        df.groupby("label", observed=False)["negation"].agg(["sum", "count", "mean"])
        .rename(columns={"sum": "with_negation", "count": "claims", "mean": "share"})
    )  # fmt: skip
    negation["share"] = negation["share"].fillna(0).round(3)
    length = df.groupby("label", observed=False)["words"].describe()[
        ["count", "mean", "50%", "min", "max"]
    ].rename(columns={"50%": "median"}).round(1)  # fmt: skip
    status = pd.crosstab(df["status"], df["label"], dropna=False)
    return Audit(
        len(df), label_method, negation, length, lmi(df, top), status, agreement(claims)
    )


def format_audit(a: Audit) -> str:
    """The audit as plain text tables (what ``claimkit stats`` prints)."""
    parts = [
        f"claims: {a.claims}",
        "label x method\n" + a.label_method.to_string(),
        "status x label\n" + a.status.to_string(),
        "negation share per label\n" + a.negation.to_string(),
        "claim length (words) per label\n" + a.length.to_string(),
        "top tokens per label by LMI (x 10^6)\n" + a.lmi.to_string(index=False),
    ]
    if a.agreement is not None:
        parts.append("annotator agreement\n" + a.agreement.to_text())
    return "\n\n".join(parts) + "\n"
