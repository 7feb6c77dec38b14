"""extract, annotate and stats end to end: merge keeps human work, errors, seed data."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.claims.extract import extract, run_extract
from toolkit.cli import app
from toolkit.ingest import ingest
from toolkit.jsonl import dumps, write_jsonl
from toolkit.records import LABELS, Claim, claim_id, decode, encode
from toolkit.validate import validate_paths

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "data" / "claims"
runner = CliRunner()


def cli(*args: str):
    return runner.invoke(app, list(args))


def lines(path: Path) -> dict[str, bytes]:
    """Claim id -> its exact line."""
    return {json.loads(raw)["id"]: raw for raw in path.read_bytes().splitlines()}


def one_line_error(result) -> str:
    err = result.stderr.strip()
    assert err.startswith("Error: ") and "\n" not in err, err
    assert "Traceback" not in result.output
    return err


@pytest.fixture
def fresh(project: Path) -> Path:
    """The project copy with claims regenerated from nothing (no review)."""
    (project / "data" / "claims.jsonl").unlink(missing_ok=True)
    result = cli("extract")
    assert result.exit_code == 0, result.output
    return project


# ---------------------------------------------------------------- determinism, merge


def test_rerun_is_byte_identical_and_seed_is_deterministic(fresh: Path, tmp_path: Path):
    first = (fresh / "data" / "claims.jsonl").read_bytes()
    rejects = (fresh / "dist" / "rejects" / "extract.jsonl").read_bytes()
    assert cli("extract").exit_code == 0
    assert (fresh / "data" / "claims.jsonl").read_bytes() == first
    assert (fresh / "dist" / "rejects" / "extract.jsonl").read_bytes() == rejects
    other = tmp_path / "other.jsonl"
    assert cli("extract", "--out", str(other), "--seed", "0").exit_code == 0
    assert other.read_bytes() == first


def test_merge_keeps_every_human_claim_exactly(fresh: Path):
    claims_path = fresh / "data" / "claims.jsonl"
    claims = [decode(Claim, json.loads(raw)) for raw in claims_path.read_bytes().splitlines()]
    disagree = next(c for c in claims if c.method.startswith("mutation:") and c.label != "SUPPORTED")
    agree = next(c for c in claims if c.method.startswith("mutation:") and c.id != disagree.id)
    judgments = [
        {"claim_id": agree.id, "annotator": "ann-a", "label": agree.label, "note": None,
         "created": "2026-01-02"},
        {"claim_id": disagree.id, "annotator": "ann-b", "label": "SUPPORTED",
         "note": "I think it’s covered", "created": "2026-01-02T10:00:00Z"},
    ]  # fmt: skip
    ann = fresh / "ann.jsonl"
    write_jsonl(ann, judgments)
    result = cli("annotate", str(ann))
    assert result.exit_code == 0, result.output
    text = "A claim a person wrote – with “quotes”."
    human = {"id": claim_id(text, None), "claim": text, "label": "SUPPORTED",
             "evidence": [[{"url": "https://example.org/x", "exact": "quote",
                            "accessed": "2026-01-01"}]],
             "source": None, "method": "human", "rule": None, "status": "silver",
             "annotations": [], "checkworthiness": None}  # fmt: skip
    with claims_path.open("ab") as f:
        f.write(dumps(human))
    before = lines(claims_path)
    assert json.loads(before[agree.id])["status"] == "gold"
    assert json.loads(before[disagree.id])["status"] == "disputed"

    # change the generator's output: another seed and only one rule
    result = cli("extract", "--seed", "7", "--rule", "extract.sentence")
    assert result.exit_code == 0, result.output
    after = lines(claims_path)
    for cid in (agree.id, disagree.id, human["id"]):
        assert after[cid] == before[cid]
    assert not any(json.loads(raw)["method"].startswith("mutation:")
                   for cid, raw in after.items() if cid not in (agree.id, disagree.id))  # fmt: skip
    stale = [json.loads(x) for x in (fresh / "dist" / "rejects" / "extract.jsonl").read_bytes().splitlines()]
    # the unreviewed edits of the first run are no longer generated: kept as stale rejects
    edits = {c.id for c in claims if c.method.startswith("mutation:")} - {agree.id, disagree.id}
    assert {r["text"] for r in stale if r["stage"] == "stale"} == {
        c.claim for c in claims if c.id in edits}
    assert validate_paths([fresh / "data" / "articles.jsonl", claims_path]).ok


def test_the_rejects_file_holds_the_rejects_extract_returns(fresh: Path, tmp_path: Path):
    """run_extract reads the articles as lines and parses them in its engine's
    partitions; extract() takes the records. Both must write the same reject lines, in
    the same order, and the same claims (the encoded form a remote engine's workers
    send is checked against records in test_claims_encoded.py and test_engine.py)."""
    from toolkit.store import Store

    store = Store.of(articles=fresh / "data" / "articles.jsonl")
    result = extract([a for _, a in store.iter_articles(required=True)])
    written = (fresh / "dist" / "rejects" / "extract.jsonl").read_bytes()
    assert written == b"".join(dumps(encode(r)) for r in result.rejected)
    assert {r.stage for r in result.rejected} >= {"gate", "headline"}  # generation's own
    claims = (fresh / "data" / "claims.jsonl").read_bytes()
    assert claims == b"".join(dumps(encode(c)) for c in result.claims)


def test_empty_corpus_gives_empty_claims(tmp_path: Path):
    articles = tmp_path / "articles.jsonl"
    articles.write_bytes(b"")
    result = run_extract(articles, tmp_path / "claims.jsonl", tmp_path / "rejects.jsonl")
    assert result.total == 0 and (tmp_path / "claims.jsonl").read_bytes() == b""
    assert result.summary().startswith("0 claim(s) from 0 article(s)")


def test_unicode_offsets_and_evidence_quotes(tmp_path: Path):
    shutil.copy(FIXTURES / "unicode.txt", tmp_path / "unicode.txt")
    articles = ingest([tmp_path / "unicode.txt"]).articles
    result = extract(articles)
    assert Counter(c.label for c in result.claims).keys() == set(LABELS)
    text = articles[0].text
    for c in result.claims:
        for e in c.evidence_items:
            assert text[e.start : e.end] == e.exact
    assert any("“" in e.exact and "–" in e.exact for c in result.claims for e in c.evidence_items)
    write_jsonl(tmp_path / "articles.jsonl", (encode(a) for a in articles))
    write_jsonl(tmp_path / "claims.jsonl", (encode(c) for c in result.claims))
    report = validate_paths([tmp_path / "articles.jsonl", tmp_path / "claims.jsonl"])
    assert report.ok, [str(p) for p in report.problems]


# ---------------------------------------------------------------- errors


def test_extract_missing_articles_is_one_line_and_writes_nothing(project: Path):
    out = project / "out.jsonl"
    result = cli("extract", "--articles", "nope.jsonl", "--out", str(out))
    assert result.exit_code == 1
    assert "nope.jsonl" in one_line_error(result) and "claimkit ingest" in result.stderr
    assert not out.exists()


def test_extract_bad_existing_claims_names_the_line_and_keeps_the_file(project: Path):
    claims = project / "data" / "claims.jsonl"
    good = claims.read_bytes()
    claims.write_bytes(good.splitlines(keepends=True)[0] + b"{not json\n")
    broken = claims.read_bytes()
    result = cli("extract")
    assert result.exit_code == 1
    assert "claims.jsonl:2" in one_line_error(result)
    assert claims.read_bytes() == broken


def test_extract_negative_seed_is_a_usage_error(project: Path):
    assert cli("extract", "--seed", "-1").exit_code == 2


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"label": "TRUE"}, "label: 'TRUE' is not one of"),
        ({"claim_id": "0000000000000000"}, "no claim '0000000000000000'"),
        ({"created": "yesterday"}, "created: 'yesterday'"),
        ({"annotator": " "}, "annotator: required"),
        ({"colour": "red"}, "colour: unknown field"),
    ],
)
def test_annotate_checks_the_whole_file_first(project: Path, row: dict, expected: str):
    claims = project / "data" / "claims.jsonl"
    before = claims.read_bytes()
    first = json.loads(before.splitlines()[0])
    good = {"claim_id": first["id"], "annotator": "x", "label": "SUPPORTED", "note": None,
            "created": "2026-01-01"}  # fmt: skip
    ann = project / "ann.jsonl"
    write_jsonl(ann, [good, {**good, **row}])
    result = cli("annotate", str(ann))
    assert result.exit_code == 1
    err = one_line_error(result)
    assert "ann.jsonl:2" in err and expected in err
    assert claims.read_bytes() == before


def test_annotate_empty_file_is_an_error(project: Path):
    ann = project / "ann.jsonl"
    ann.write_bytes(b"\n")
    result = cli("annotate", str(ann))
    assert result.exit_code == 1 and "empty" in one_line_error(result)


def test_stats_prints_the_audit(project: Path):
    result = cli("stats")
    assert result.exit_code == 0, result.output
    for heading in ("label x method", "negation share per label", "claim length (words)",
                    "top tokens per label by LMI"):  # fmt: skip
        assert heading in result.stdout
    assert "mutation:negation" in result.stdout


# ---------------------------------------------------------------- the committed seed claims


def test_seed_claims_are_reviewed_balanced_and_valid(repo_root: Path):
    path = repo_root / "data" / "claims.jsonl"
    claims = [decode(Claim, json.loads(raw)) for raw in path.read_bytes().splitlines()]
    assert len(claims) >= 60
    counts = Counter(c.label for c in claims)
    assert all(counts[label] >= 0.2 * len(claims) for label in LABELS), counts
    # every committed claim was reviewed: the first seed claims by claimkit-review-1 (and
    # blind by -2), the claims of today's generator blind by claimkit-review-3
    reviewers = {"claimkit-review-1", "claimkit-review-3"}
    assert all(any(a.annotator in reviewers for a in c.annotations) for c in claims)
    assert all(c.status in ("gold", "disputed") for c in claims)
    refuted = [c for c in claims if c.label == "REFUTED"]
    assert sum(c.method == "mutation:negation" for c in refuted) <= 0.15 * len(refuted)
    assert any(c.source and c.source.headline for c in claims)
    assert validate_paths([repo_root / "data" / "articles.jsonl", path]).ok


def test_make_run_keeps_the_reviewed_seed_claims_byte_identical(project: Path, repo_root: Path):
    assert cli("ingest", "seeds", "--out", "data/articles.jsonl", "--quiet").exit_code == 0
    result = cli("extract")
    assert result.exit_code == 0, result.output
    committed = (repo_root / "data" / "claims.jsonl").read_bytes()
    assert (project / "data" / "claims.jsonl").read_bytes() == committed
    assert cli("validate").exit_code == 0


def test_newest_seed_review_reproduces_its_claims(fresh: Path, repo_root: Path):
    # The earlier reviews judged claims of retired rules, which the merge rule keeps but
    # today's generator no longer makes; the newest review judged today's output, so a
    # fresh extract plus that review gives those claims exactly as committed.
    review = sorted((repo_root / "data" / "annotations").glob("seed-review-*.jsonl"))[-1]
    result = cli("annotate", str(review))
    assert result.exit_code == 0, result.output
    ids = {json.loads(x)["claim_id"] for x in review.read_bytes().splitlines()}
    committed = lines(repo_root / "data" / "claims.jsonl")
    fresh_lines = lines(fresh / "data" / "claims.jsonl")
    assert ids and all(fresh_lines[i] == committed[i] for i in ids)


def test_annotating_twice_changes_nothing(project: Path, repo_root: Path):
    review = str(repo_root / "data" / "annotations" / "seed-review-1.jsonl")
    claims = project / "data" / "claims.jsonl"
    before = claims.read_bytes()
    assert cli("annotate", review).exit_code == 0
    assert claims.read_bytes() == before


def test_subheadings_never_become_claims_and_rejects_keep_reasons(fresh: Path):
    claims = [json.loads(x) for x in (fresh / "data" / "claims.jsonl").read_bytes().splitlines()]
    texts = " ".join(c["claim"] for c in claims)
    assert "Permission to Strike Inside Russia" not in texts
    assert "Ukraine Deploys Missiles" not in texts
    assert "Copyright" not in texts
    rejects = [json.loads(x) for x in (fresh / "dist" / "rejects" / "extract.jsonl").read_bytes().splitlines()]
    # the gate leaves out the sentences that lean on earlier text: "the war-torn
    # country" (1), "to equip the country" (2), "the use of the weapons" (3), "This was
    # seen..." (5), "The administration made it clear..." (6, 8), "They are permitted"
    # (7), "a stronghold on the region" (9), "One of the US officials" (10), "such use"
    # (12), "This was confirmed..." (15)
    standalone = {r["sentence_index"]: r for r in rejects if r["stage"] == "gate"}
    assert set(standalone) == {1, 2, 3, 5, 6, 7, 8, 9, 10, 12, 15}
    assert all(r["reason"] and r["checkworthiness"]["reasons"] for r in standalone.values())


def test_extract_bad_article_line_names_it(project: Path):
    articles = project / "data" / "articles.jsonl"
    articles.write_bytes(articles.read_bytes() + b'{"id": "x"}\n')
    claims = project / "data" / "claims.jsonl"
    before = claims.read_bytes()
    result = cli("extract")
    assert result.exit_code == 1
    assert "articles.jsonl:2" in one_line_error(result)
    assert claims.read_bytes() == before


def test_articles_changed_between_the_two_reads_is_an_error(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
):
    """extract reads the articles twice (corpus, then generation). A file another editor
    changes in between (here: one article line repeated) is a one-line error, and the
    old outputs stay."""
    import sys

    heldout = sys.modules["toolkit.claims.heldout"]
    articles = fresh / "data" / "articles.jsonl"
    claims = fresh / "data" / "claims.jsonl"
    before = claims.read_bytes()
    real = heldout.Corpus.of_lines.__func__

    def then_edit(cls, *args, **kwargs):
        corpus = real(cls, *args, **kwargs)
        articles.write_bytes(articles.read_bytes() * 2)  # the same id twice now
        return corpus

    monkeypatch.setattr(heldout.Corpus, "of_lines", classmethod(then_edit))
    result = cli("extract")
    assert result.exit_code == 1
    assert "changed while extract read it" in one_line_error(result)
    assert claims.read_bytes() == before


def test_generation_lines_fail_with_their_file_and_line(tmp_path: Path):
    """The second read's lines are parsed where generation runs: a bad one is the same
    one-line error as the reader's, encoded or not."""
    from toolkit.claims.extract import generate_lines
    from toolkit.claims.rules import get_rules
    from toolkit.errors import DataError

    for encoded in (False, True):
        with pytest.raises(DataError, match=r"^x\.jsonl:7: not valid JSON"):
            generate_lines([(7, b"{oops\n")], "x.jsonl", get_rules(None), 0, None, encoded)
        with pytest.raises(DataError, match=r"^x\.jsonl:3: .*claimkit validate"):
            generate_lines([(3, b'{"id": "a"}\n')], "x.jsonl", get_rules(None), 0, None, encoded)
