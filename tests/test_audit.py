"""The claim-only audit and adversarial filtering on small hand-made datasets."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.aflite import aflite
from toolkit.audit import audit, group_keys, reject_counts
from toolkit.cli import app
from toolkit.jsonl import write_jsonl
from toolkit.records import LABELS, Annotation, Claim, ClaimSource, claim_id, encode

runner = CliRunner()

SUBJECTS = ["The council", "Acme Corp", "The Senate", "Police in Perth", "The ministry",
            "Qantas", "The union", "The Reserve Bank", "Sydney Water", "The court"]  # fmt: skip
VERBS = ["approved", "announced", "rejected", "reviewed", "delayed", "funded", "opened"]
OBJECTS = ["a new budget", "the rail plan", "a $40 million deal", "a pay rise of 3 per cent",
           "the inquiry", "a hospital in Darwin", "new rules for drones"]  # fmt: skip
#: A cue word per label: a dataset whose wording gives its labels away.
CUES = {"SUPPORTED": "officially", "REFUTED": "never", "NOT_ENOUGH_INFO": "reportedly"}


def make_claims(n: int, *, cue: bool, seed: int = 0, gold_every: int = 0) -> list[Claim]:
    """``n`` claims over 10 articles; labels cycle, texts drawn independently of them."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        label = LABELS[i % 3]
        text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} in {2000 + i}."
        if cue:
            text = text.replace(" ", f" {CUES[label]} ", 1)
        article = f"{i % 10:016x}"
        gold = bool(gold_every) and i % gold_every == 0
        annotations = (Annotation("ann", label, "2026-01-01"),) if gold else ()
        out.append(Claim(
            id=claim_id(text, article), claim=text, label=label, evidence=(),
            source=ClaimSource(article, i % 7, 0, 10), method=("mutation:number", "mutation:date")[i % 2],
            rule=f"rule.r{i % 2}@1", status="gold" if gold else "silver",
            annotations=annotations,
        ))  # fmt: skip
    return out


def test_probe_catches_a_cue_in_every_claim():
    report = audit(make_claims(90, cue=True), n_resamples=200)
    p = report.probe
    assert p is not None and p.grouped_by == "article" and p.folds == 5
    assert p.accuracy >= 95 and p.gap >= 50, p
    assert p.accuracy_ci[0] <= p.accuracy <= p.accuracy_ci[1]
    # the cue words are the top LMI token of their label
    for label, word in CUES.items():
        assert report.top_tokens[label][0][0] == word


def test_probe_finds_nothing_where_wording_is_independent_of_labels():
    p = audit(make_claims(90, cue=False), n_resamples=200).probe
    assert p is not None
    assert p.accuracy <= p.majority_accuracy + 15, p


def test_tables_count_labels_by_method_and_rule():
    claims = make_claims(12, cue=False)
    report = audit(claims, n_resamples=0)
    assert report.labels == {"SUPPORTED": 4, "REFUTED": 4, "NOT_ENOUGH_INFO": 4}
    assert report.label_by_method["mutation:number"] == {"SUPPORTED": 2, "REFUTED": 2,
                                                     "NOT_ENOUGH_INFO": 2}  # fmt: skip
    r0 = next(r for r in report.rules if r.rule == "rule.r0@1")
    assert r0.claims == 6 and r0.top_label_share == pytest.approx(33.3)


def test_a_one_label_rule_is_shown_as_fully_predictable():
    claims = [c for c in make_claims(30, cue=False) if c.label != "REFUTED" or c.rule == "rule.r1@1"]
    claims = [Claim(**{**c.__dict__, "rule": "only.refuted@1"}) if c.label == "REFUTED" else c
              for c in claims]  # fmt: skip
    rule = next(r for r in audit(claims, n_resamples=0).rules if r.rule == "only.refuted@1")
    assert rule.top_label_share == 100.0


def test_groups_are_sentences_when_there_are_few_articles():
    claims = [c for c in make_claims(30, cue=False) if c.article_id in {f"{0:016x}", f"{1:016x}"}]
    keys, by = group_keys(claims)
    assert by == "source sentence" and len(set(keys)) > 2


def test_nothing_to_probe_with_one_label():
    claims = [c for c in make_claims(9, cue=False) if c.label == "SUPPORTED"]
    assert audit(claims, n_resamples=0).probe is None


def test_gate_counts_come_from_the_rejects():
    gate, stages = reject_counts([
        {"stage": "gate", "reason": "pronoun: 'He' unresolved"},
        {"stage": "gate", "reason": "pronoun: 'They' does not agree"},
        {"stage": "gate", "reason": "run_on: 80 words (limit 60)"},
        {"stage": "checkworthiness", "reason": "score 0.1"},
    ])  # fmt: skip
    assert gate == {"pronoun": 2, "run_on": 1}
    assert stages == {"checkworthiness": 1, "gate": 3}


def test_aflite_closes_the_gap_keeps_label_shares_and_never_drops_reviewed_claims():
    claims = make_claims(150, cue=True, gold_every=10)
    # half the claims lose their cue, so filtering has cue-free claims to keep
    claims = [Claim(**{**c.__dict__, "claim": c.claim.replace(f" {CUES[c.label]} ", " ", 1)})
              if i % 2 else c for i, c in enumerate(claims)]  # fmt: skip
    result = aflite(claims, max_gap=5.0, max_rounds=30, step=0.1, partitions=6)
    assert result.before is not None and result.after is not None
    assert result.before.gap > 5.0
    assert result.after.gap < result.before.gap
    dropped = {d.claim.id for d in result.dropped}
    assert dropped and not any(c.id in dropped for c in claims if c.status == "gold")
    assert len(result.kept) + len(result.dropped) == len(claims)
    kept = Counter(c.label for c in result.kept)
    for label in LABELS:
        assert abs(kept[label] / len(result.kept) - 1 / 3) < 0.05
    assert all("AFLite round" in d.reason for d in result.dropped)


def test_aflite_is_deterministic():
    claims = make_claims(90, cue=True)
    first = [d.claim.id for d in aflite(claims, max_rounds=2, partitions=4).dropped]
    assert first == [d.claim.id for d in aflite(claims, max_rounds=2, partitions=4).dropped]


def test_audit_command_gates_on_max_gap_with_one_line(tmp_path: Path):
    path = tmp_path / "claims.jsonl"
    write_jsonl(path, (encode(c) for c in make_claims(60, cue=True)))
    before = path.read_bytes()
    out = tmp_path / "audit"
    ok = runner.invoke(app, ["audit", "--claims", str(path), "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "claim-only probe" in ok.stdout
    figures = json.loads((out / "audit.json").read_text())
    assert figures["probe"]["gap"] > 40
    assert (out / "AUDIT.md").read_text().startswith("<!-- claims sha256 ")
    bad = runner.invoke(app, ["audit", "--claims", str(path), "--out", str(out),
                              "--max-gap", "5"])  # fmt: skip
    assert bad.exit_code == 1
    err = bad.stderr.strip()
    assert err.startswith("Error: ") and "\n" not in err and "beats majority" in err
    assert path.read_bytes() == before


def test_filter_command_rewrites_the_claims_and_keeps_the_dropped(tmp_path: Path):
    path = tmp_path / "claims.jsonl"
    # a cue in every fourth claim (all labels): the gap closes within the default rounds
    claims = [Claim(**{**c.__dict__, "claim": c.claim.replace(" ", f" {CUES[c.label]} ", 1)})
              if i % 4 == 0 else c
              for i, c in enumerate(make_claims(90, cue=False, gold_every=9))]  # fmt: skip
    write_jsonl(path, (encode(c) for c in claims))
    rejects = tmp_path / "rejects" / "aflite.jsonl"
    args = ["filter", "--claims", str(path), "--rejects", str(rejects)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    kept = [json.loads(x) for x in path.read_bytes().splitlines()]
    dropped = [json.loads(x) for x in rejects.read_bytes().splitlines()]
    assert dropped and len(kept) + len(dropped) == len(claims)
    assert {d["claim"]["id"] for d in dropped}.isdisjoint({k["id"] for k in kept})
    assert all(d["claim"]["status"] == "silver" for d in dropped)
    assert sum(CUES[d["claim"]["label"]] in d["claim"]["claim"] for d in dropped) > len(dropped) / 2
    # the gap is met now: a rerun drops nothing and leaves the file as it is
    filtered = path.read_bytes()
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "dropped 0 silver claim(s)" in again.stderr, again.output
    assert path.read_bytes() == filtered
