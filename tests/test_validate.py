"""validate: schema errors and the cross-record checks a schema cannot express."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.records import Article, claim_id, encode
from toolkit.validate import validate_paths

runner = CliRunner()


def _claim(a: Article, index: int = 0, label: str = "SUPPORTED", text: str | None = None) -> dict:
    s = a.sentences[index]
    text = text or a.text[s.start : s.end]
    evidence = (
        []
        if label == "NOT_ENOUGH_INFO"
        else [
            [
                {
                    "article_id": a.id,
                    "sentence_index": index,
                    "start": s.start,
                    "end": s.end,
                    "exact": a.text[s.start : s.end],
                }
            ]
        ]
    )
    return {
        "id": claim_id(text, a.id),
        "claim": text,
        "label": label,
        "evidence": evidence,
        "source": {
            "article_id": a.id,
            "sentence_index": index,
            "start": s.start,
            "end": s.end,
            "headline": False,
        },
        "method": "extracted",
        "rule": "test@1",
        "status": "silver",
        "annotations": [],
        "checkworthiness": None,
    }


def _write(path: Path, records: list[Any]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


@pytest.fixture
def files(tmp_path: Path, seed_articles: list[Article]) -> tuple[Path, Article]:
    _write(tmp_path / "articles.jsonl", [encode(seed_articles[0])])
    return tmp_path, seed_articles[0]


def _problems(tmp_path: Path, claims: list[dict]) -> list[str]:
    _write(tmp_path / "claims.jsonl", claims)
    report = validate_paths([tmp_path / "articles.jsonl", tmp_path / "claims.jsonl"])
    return [str(p) for p in report.problems]


def test_valid_claims_pass(files: tuple[Path, Article]) -> None:
    tmp, a = files
    claims = [_claim(a, 0), _claim(a, 1, "NOT_ENOUGH_INFO"), _claim(a, 16)]
    assert _problems(tmp, claims) == []


def test_offsets_that_do_not_match_their_quote(files: tuple[Path, Article]) -> None:
    tmp, a = files
    c = _claim(a, 2)
    c["evidence"][0][0]["start"] += 1
    (problem,) = _problems(tmp, [c])
    assert problem.startswith(f"{tmp / 'claims.jsonl'}:1: evidence.0.0.exact: does not match")


def test_evidence_outside_its_sentence(files: tuple[Path, Article]) -> None:
    tmp, a = files
    c = _claim(a, 2)
    c["evidence"][0][0]["sentence_index"] = 3
    assert "is not inside sentence 3" in _problems(tmp, [c])[0]


def test_unknown_enum_value_names_the_field(files: tuple[Path, Article]) -> None:
    tmp, a = files
    c = _claim(a, 0)
    c["label"] = "TRUE"
    (problem,) = _problems(tmp, [c])
    assert ":1: label: 'TRUE' is not one of SUPPORTED, REFUTED, NOT_ENOUGH_INFO" in problem


def test_duplicate_ids_and_wrong_hash(files: tuple[Path, Article]) -> None:
    tmp, a = files
    c = _claim(a, 0)
    wrong = _claim(a, 1)
    wrong["id"] = "0" * 16
    problems = _problems(tmp, [c, copy.deepcopy(c), wrong])
    assert any(":2: id: duplicate id" in p and "first on line 1" in p for p in problems)
    assert any(":3: id: does not match the claim's content hash" in p for p in problems)


def test_unknown_article_and_label_evidence_rules(files: tuple[Path, Article]) -> None:
    tmp, a = files
    nei = _claim(a, 0, "NOT_ENOUGH_INFO")
    nei["evidence"] = _claim(a, 0)["evidence"]
    bare = _claim(a, 1)
    bare["evidence"] = []
    ghost = _claim(a, 2)
    ghost["evidence"][0][0]["article_id"] = "f" * 16
    problems = _problems(tmp, [nei, bare, ghost])
    assert any(":1: evidence: must be empty for NOT_ENOUGH_INFO" in p for p in problems)
    assert any(":2: evidence: SUPPORTED needs at least one evidence group" in p for p in problems)
    assert any(f":3: evidence.0.0.article_id: unknown article {'f' * 16}" in p for p in problems)


def test_missing_field_wrong_type_and_extra_field(files: tuple[Path, Article]) -> None:
    tmp, a = files
    missing = _claim(a, 0)
    del missing["method"]
    wrong = _claim(a, 1)
    wrong["evidence"][0][0]["start"] = "12"
    extra = _claim(a, 2)
    extra["confidence"] = 0.9
    problems = _problems(tmp, [missing, wrong, extra])
    assert any(":1: (record): 'method' is required" in p for p in problems)
    assert any(":2: evidence.0.0.start: '12' is not of type 'integer'" in p for p in problems)
    assert any(
        ":3: (record): Additional properties are not allowed ('confidence'" in p for p in problems
    )


def test_broken_article_is_reported(tmp_path: Path, seed_articles: list[Article]) -> None:
    d = encode(seed_articles[0])
    d["text"] = d["text"].replace("Russo", "Russian")
    d["sentences"][3]["end"] = 10**6
    _write(tmp_path / "articles.jsonl", [d])
    problems = [str(p) for p in validate_paths([tmp_path / "articles.jsonl"]).problems]
    assert any("sha256: does not match the text" in p for p in problems)
    assert any("id: does not match the text's hash" in p for p in problems)
    assert any("sentences.3: range" in p and "outside the text" in p for p in problems)


def test_cli_prints_one_line_per_problem_and_a_count(files: tuple[Path, Article]) -> None:
    tmp, a = files
    bad = _claim(a, 0)
    bad["label"] = "MAYBE"
    _write(tmp / "claims.jsonl", [_claim(a, 1), bad])
    (tmp / "claims.jsonl").write_bytes((tmp / "claims.jsonl").read_bytes() + b"{oops\n")
    result = runner.invoke(
        app, ["validate", str(tmp / "articles.jsonl"), str(tmp / "claims.jsonl")]
    )
    assert result.exit_code == 1
    out = result.stdout.strip().splitlines()
    assert out[0].endswith(":2: label: 'MAYBE' is not one of SUPPORTED, REFUTED, NOT_ENOUGH_INFO")
    assert ":3: (line): not valid JSON" in out[1]
    assert "2 problem(s)" in result.stderr


def test_claims_checked_against_sibling_articles(files: tuple[Path, Article]) -> None:
    tmp, a = files
    c = _claim(a, 0)
    c["evidence"][0][0]["exact"] = "changed"
    _write(tmp / "claims.jsonl", [c])
    report = validate_paths([tmp / "claims.jsonl"])
    assert [p.field for p in report.problems] == ["evidence.0.0.exact"]


def test_committed_data_is_valid(repo_root: Path) -> None:
    """What `claimkit validate` checks on data/: records, the splits file and leaks."""
    from toolkit.dataset.leaks import validate_dataset

    paths = sorted((repo_root / "data").glob("*.jsonl"))
    assert paths, "data/ holds no JSONL files"
    report = validate_dataset(paths)
    assert report.ok, [str(p) for p in report.problems]
    assert report.records["split record"] > 0 and report.files == len(paths)


def test_each_broken_reference_is_one_explained_problem(
    seed_articles: list[Article], tmp_path: Path
) -> None:
    """The cross-checks have a fast path (decides) and an explaining one (says what is
    wrong); through validate_paths, a claim the fast path refuses must come back with a
    real reason, never the "failed a cross-check" stand-in, and a good one with none."""
    a = seed_articles[0]
    articles = _write(tmp_path / "articles.jsonl", [encode(a)])
    base = _claim(a, 4)
    edits = [
        lambda c: None,
        lambda c: c.update(id="f" * 16),
        lambda c: c.update(label="NOT_ENOUGH_INFO"),
        lambda c: c.update(evidence=[]),
        lambda c: c["evidence"][0][0].update(start=c["evidence"][0][0]["start"] + 1),
        lambda c: c["evidence"][0][0].update(end=c["evidence"][0][0]["end"] + 5),
        lambda c: c["evidence"][0][0].update(sentence_index=99),
        lambda c: c["evidence"][0][0].update(sentence_index=5),
        lambda c: c["evidence"][0][0].update(article_id="0" * 16),
        lambda c: c["evidence"][0][0].update(exact="x"),
        lambda c: c["source"].update(sentence_index=3),
        lambda c: c["source"].update(sentence_index=None, start=0, end=10**6),
        lambda c: c["source"].update(article_id="0" * 16),
        lambda c: c["evidence"].append(
            [{"url": "https://e.org", "exact": "q", "accessed": "2024-01-01"}]
        ),
    ]
    verdicts = []
    for edit in edits:
        c = copy.deepcopy(base)
        edit(c)
        claims = _write(tmp_path / "claims.jsonl", [c])
        report = validate_paths([articles, claims])
        assert all("failed a cross-check" not in p.message for p in report.problems), c
        verdicts.append(report.ok)
    assert verdicts == [True] + [False] * 12 + [True]  # unchanged; added external evidence


def test_kept_claims_are_the_schema_valid_lines_with_their_numbers(
    files: tuple[Path, Article],
) -> None:
    """validate's leak check reads the claims the record pass kept (keep_claims), not
    the file again: every schema-valid line, on its own line number, a duplicate id
    included (its other problems are reported by the record checks), nothing else."""
    tmp, a = files
    good, other = _claim(a, 0), _claim(a, 1, "NOT_ENOUGH_INFO")
    bad = dict(_claim(a, 2), label="TRUE")  # not a label: schema-invalid
    path = tmp / "claims.jsonl"
    _write(path, [good, bad, other])
    with path.open("ab") as f:
        f.write(b"{not json\n\n" + orjson.dumps(good) + b"\n")  # lines 4, 5 (blank), 6
    report = validate_paths([tmp / "articles.jsonl", path], keep_claims=True)
    assert [(line, c.id) for line, c in report.claims[path]] == [
        (1, good["id"]), (3, other["id"]), (6, good["id"])
    ]  # fmt: skip
    assert {p.line for p in report.problems} == {2, 4, 6}
    assert validate_paths([tmp / "articles.jsonl", path]).claims == {}  # only when asked


def test_a_file_named_twice_is_validated_once(files: tuple[Path, Article]) -> None:
    """The leak check takes the claims the record pass kept, per file: a claims file
    given twice must neither be counted twice nor crash the second lookup."""
    tmp, a = files
    claims = _write(tmp / "claims.jsonl", [_claim(a, 0), _claim(a, 1, "NOT_ENOUGH_INFO")])
    r = runner.invoke(app, ["validate", str(tmp / "articles.jsonl"), str(claims), str(claims)])
    assert r.exit_code == 0, r.output
    assert "1 article(s), 2 claim(s)" in r.output
