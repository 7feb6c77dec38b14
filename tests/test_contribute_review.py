"""`claimkit review`: a driven session writes each answer at once, blind to the label.

The claims file is tests/data/contribute/claims.jsonl: four generated claims about the
seed article (SUPPORTED, its REFUTED number mutation, SUPPORTED, NOT_ENOUGH_INFO) and
one claim "ana" wrote (method human, one annotation, so still silver).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.records import encode
from toolkit.review import HIGHLIGHT, passage, render, review, review_queue
from toolkit.store import Store

FIXTURE = Path(__file__).parent / "data" / "contribute" / "claims.jsonl"
runner = CliRunner()


@pytest.fixture
def claims(project: Path) -> Path:
    path = project / "data" / "claims.jsonl"
    shutil.copy(FIXTURE, path)
    return path


def _by_id(path: Path) -> dict:
    return {c.id: c for c in Store.of(claims=path).claims()}


def _run(*args: str, input: str):
    return runner.invoke(app, ["review", *args], input=input)


def test_driven_session_writes_answers_and_follows_the_status_rule(claims: Path) -> None:
    before = Store.of(claims=claims).claims()
    # claim 1 (SUPPORTED): agree; claim 2 (REFUTED): agree, with a note; claim 3: quit
    result = _run("--annotator", "bo", input="s\n\nr\nwrong amount\nq\n")
    assert result.exit_code == 0, result.output
    after = Store.of(claims=claims).claims()
    assert [encode(a) for a in after[0].annotations] == [
        {
            "annotator": "bo",
            "label": "SUPPORTED",
            "created": after[0].annotations[0].created,
            "note": None,
        }
    ]
    assert after[0].status == "gold"  # one agreeing person suffices for a generated claim
    assert after[1].annotations[0].label == "REFUTED"
    assert after[1].annotations[0].note == "wrong amount"
    assert after[1].status == "gold"
    assert after[2:] == before[2:]  # quit: the rest untouched
    assert "2 answered, 0 skipped" in result.stderr and "quit" in result.stderr


def test_session_is_blind_and_shows_title_evidence_and_claim(claims: Path) -> None:
    result = _run("--annotator", "bo", "--limit", "2", input="k\nk\n")
    assert result.exit_code == 0
    shown = result.stdout
    for secret in (
        "SUPPORTED",
        "REFUTED",
        "NOT_ENOUGH_INFO",
        "mutation",
        "extracted",
        "number.swap",
        "silver",
    ):
        assert secret not in shown
    title = shown.index("Biden Approves Ukraine Shooting US Missiles Into Russia")
    evidence = shown.index("nearly $61 billion to equip the country")
    claim = shown.index("Claim: Congress passed a package totaling nearly $61")
    assert title < evidence < claim
    assert "The Russo-Ukraine war has been ongoing" in shown  # the whole paragraph
    assert "claim 2/2" in shown and "2 skipped" in result.stderr


def test_quit_midway_loses_nothing_and_rerun_resumes(claims: Path) -> None:
    ids = [c.id for c in Store.of(claims=claims).claims()]
    # answer one claim, then the input ends: as if the terminal closed
    first = _run("--annotator", "bo", input="s\n\n")
    assert first.exit_code != 0  # aborted at the next prompt
    assert _by_id(claims)[ids[0]].status == "gold"
    # a rerun starts at the second claim, not the first
    second = _run("--annotator", "bo", "--limit", "1", input="q\n")
    assert ids[1] in second.stdout and ids[0] not in second.stdout
    third = _run("--annotator", "bo", input="r\n\nk\nn\n\nq\n")
    assert third.exit_code == 0, third.output
    got = _by_id(claims)
    assert got[ids[1]].status == "gold"  # REFUTED confirmed
    assert got[ids[2]].annotations == ()  # skipped
    assert got[ids[3]].status == "gold"  # NOT_ENOUGH_INFO confirmed
    # ana's human claim came last in the queue for bo, who quit before it
    assert [a.annotator for a in got[ids[4]].annotations] == ["ana"]


def test_each_answer_is_on_disk_before_the_next_claim_is_shown(project: Path) -> None:
    path = project / "data" / "claims.jsonl"
    shutil.copy(FIXTURE, path)
    answers = iter(["s", "", "r", "", "q"])
    seen_on_disk = []

    def ask(prompt: str) -> str:
        seen_on_disk.append(sum(len(c.annotations) for c in Store.of(claims=path).claims()))
        return next(answers)

    result = review(
        annotator="bo",
        ask=ask,
        show=lambda _: None,
        claims_path=path,
        now=lambda: "2024-06-06T00:00:00Z",
    )
    # 1 annotation (ana's) at first; 2 once the first answer and its note are in; then 3
    assert seen_on_disk == [1, 1, 2, 2, 3]
    assert result.answered == 2 and result.quit


def test_disagreement_disputes_and_a_human_claim_needs_a_second_person(claims: Path) -> None:
    ids = [c.id for c in Store.of(claims=claims).claims()]
    # cy says REFUTED to claim 1 (SUPPORTED) and agrees with ana's human claim (5)
    result = _run("--annotator", "cy", input="r\nthe sentence says $61 billion\nk\nk\nk\ns\n\n")
    assert result.exit_code == 0, result.output
    got = _by_id(claims)
    assert got[ids[0]].status == "disputed"
    assert got[ids[4]].status == "gold"  # ana (author) + cy agree
    # disputed claims are reviewed on request; a third person's answer is kept too
    result = _run("--annotator", "dee", "--status", "disputed", input="s\n\n")
    assert result.exit_code == 0
    got = _by_id(claims)
    assert [a.annotator for a in got[ids[0]].annotations] == ["cy", "dee"]
    assert got[ids[0]].status == "disputed"  # still disagreeing


def test_same_answers_give_the_same_bytes(project: Path) -> None:
    outputs = []
    for _ in range(2):
        path = project / "data" / "claims.jsonl"
        shutil.copy(FIXTURE, path)
        answers = iter(["s", "", "r", "x", "q"])
        review(
            annotator="bo",
            ask=lambda _p, a=answers: next(a),
            show=lambda _: None,
            claims_path=path,
            now=lambda: "2024-06-06T00:00:00Z",
        )
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]


def test_bad_answers_are_asked_again(claims: Path) -> None:
    result = _run("--annotator", "bo", "--limit", "1", input="maybe\n\nsupported\n\n")
    assert result.exit_code == 0
    assert result.stdout.count("Please answer s, r, n, k or q.") == 2
    assert Store.of(claims=claims).claims()[0].status == "gold"


def test_unknown_status_and_empty_annotator_are_usage_errors(claims: Path) -> None:
    before = claims.read_bytes()
    result = _run("--annotator", "bo", "--status", "golden", input="")
    assert result.exit_code == 2 and result.stderr.startswith("Error: unknown status 'golden'")
    result = _run("--annotator", " ", input="")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert claims.read_bytes() == before


def test_evidence_is_highlighted_inside_its_paragraph(claims: Path) -> None:
    articles = Store.of(articles=Path("data/articles.jsonl")).articles_by_id()
    claim = Store.of(claims=claims).claims()[4]  # quotes part of sentence 10
    [[ev]] = claim.evidence
    para, start, end = passage(articles[ev.article_id], ev.start, ev.end)
    assert para[start:end] == ev.exact and para.startswith("Russia had gained a stronghold")
    panel = render(claim, articles, 1, 1)
    text = next(t for t in panel.renderable.renderables if t.plain == para)
    assert [(s.start, s.end, s.style) for s in text.spans] == [(start, end, HIGHLIGHT)]


def test_queue_skips_what_the_annotator_already_judged() -> None:
    claims = Store.of(claims=FIXTURE).claims()
    assert [c.id for c in review_queue(claims, "ana")] == [c.id for c in claims[:4]]
    assert len(review_queue(claims, "bo", limit=2)) == 2
    assert review_queue(claims, "bo", statuses=("gold",)) == []


def test_changes_made_during_a_session_are_kept(project: Path) -> None:
    """Another command writing the claims file mid-session must not be overwritten."""
    from toolkit.contribute import merge_contributions

    path = project / "data" / "claims.jsonl"
    shutil.copy(FIXTURE, path)
    ids = [c.id for c in Store.of(claims=path).claims()]
    answers = iter(["s", "", "s", "", "q"])

    def ask(prompt: str) -> str:
        if prompt.startswith("note") and len(Store.of(claims=path).claims()) == 5:
            # meanwhile, someone else judges claim 3 with contribute
            merged = merge_contributions(
                [("x", {"id": ids[2], "annotator": "zed", "label": "SUPPORTED"})],
                Store.of(claims=path).claims(),
                Store.of(articles=project / "data" / "articles.jsonl").articles_by_id(),
            )
            Store.of(claims=path).write_claims(merged.claims)
        return next(answers)

    review(annotator="bo", ask=ask, show=lambda _: None, claims_path=path)
    got = _by_id(path)
    assert [a.annotator for a in got[ids[2]].annotations] == ["zed"]
    assert got[ids[0]].status == "gold" and got[ids[1]].status == "disputed"


def test_review_without_claims_is_one_clear_error(project: Path) -> None:
    (project / "data" / "claims.jsonl").unlink(missing_ok=True)
    result = _run("--annotator", "bo", input="")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: data/claims.jsonl: no claims file to review; generate claims first,"
        " or add your own with add-claim"
    )
