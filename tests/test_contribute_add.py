"""add-article, add-claim and contribute: good input lands, bad input changes nothing.

Every bad input must give one `Error:` line on stderr, a non-zero exit, and leave
seeds/ and data/ byte for byte as they were.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.contribute import load_articles, load_claims
from toolkit.records import claim_id

HERE = Path(__file__).parent / "data" / "contribute"
SEED_ID = "4339e0bea9ee11a8"
runner = CliRunner()

NEW_ARTICLE = """\
Town Opens New Library After Two-Year Build

The town of Millbrook opened its new public library on Saturday, two years after
construction began. The building cost $4.2 million and holds about 60,000 books.

Mayor Jane Ortiz said the library would stay open until 9 p.m. on weekdays.
"""


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for folder in ("data", "seeds")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def run(*args: str):
    return runner.invoke(app, list(args))


def assert_rejected(result, root: Path, before: dict[str, bytes], *expected: str) -> None:
    assert result.exit_code != 0, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), lines[0]
    for text in expected:
        assert text in lines[0], lines[0]
    assert "Traceback" not in result.output
    assert snapshot(root) == before


@pytest.fixture
def store(project: Path) -> Path:
    shutil.copy(HERE / "claims.jsonl", project / "data" / "claims.jsonl")
    return project


# ---------------------------------------------------------------- add-article


def test_add_article_copies_pins_and_ingests(project: Path) -> None:
    src = project / "library.txt"
    src.write_text(NEW_ARTICLE, encoding="utf-8")
    result = run("add-article", str(src), "--publisher", "Millbrook Post")
    assert result.exit_code == 0, result.output
    manifest = json.loads((project / "seeds" / "manifest.json").read_text())
    entry = manifest["files"][-1]
    assert entry["file"].startswith("001_") and entry["file"].endswith(".txt")
    assert sorted(entry) == sorted(manifest["files"][0])  # the same entry shape
    assert entry["publisher"] == "Millbrook Post" and entry["bytes"] == len(src.read_bytes())
    assert (project / "seeds" / entry["file"]).read_bytes() == src.read_bytes()
    articles = load_articles(project / "data" / "articles.jsonl")
    assert len(articles) == 2 and SEED_ID in articles
    new = next(a for a in articles.values() if a.id != SEED_ID)
    assert new.title == "Town Opens New Library After Two-Year Build"
    assert new.source.publisher == "Millbrook Post"
    assert new.id in result.stderr
    assert run("validate").exit_code == 0
    # what add-article wrote is exactly what `claimkit ingest` makes from the seeds
    before = (project / "data" / "articles.jsonl").read_bytes()
    assert run("ingest").exit_code == 0
    assert (project / "data" / "articles.jsonl").read_bytes() == before


def test_add_article_takes_jsonl(project: Path) -> None:
    src = project / "more.jsonl"
    src.write_text(json.dumps({"title": "Library Opens", "text": NEW_ARTICLE}) + "\n")
    result = run("add-article", str(src))
    assert result.exit_code == 0, result.output
    assert len(load_articles(project / "data" / "articles.jsonl")) == 2


def test_add_article_refuses_the_same_text_naming_the_existing_id(
    project: Path, repo_root: Path
) -> None:
    seed = next((repo_root / "seeds").glob("*.txt"))
    before = snapshot(project)
    # same bytes
    copy = project / "copy.txt"
    copy.write_bytes(seed.read_bytes())
    assert_rejected(run("add-article", str(copy)), project, before, "already in the seeds as")
    # different bytes, same normalized text (CRLF, extra spaces)
    text = seed.read_text(encoding="utf-8").replace("\n", "\r\n").replace(" war ", "  war ")
    variant = project / "variant.txt"
    variant.write_bytes(text.encode("utf-8"))
    assert_rejected(
        run("add-article", str(variant)), project, before, f"same text as article {SEED_ID}"
    )


@pytest.mark.parametrize(
    ("name", "content", "message", "code"),
    [
        ("a.pdf", b"%PDF-1.4", "unsupported format '.pdf'", 2),
        ("empty.txt", b"", "empty file", 1),
        ("title.txt", b"Only a title\n", "article has no body text", 1),
        ("bad.jsonl", b'{"title": "T"}\n', "bad.jsonl:1: text: missing required field", 1),
        ("bad.txt", b"Title\n\nBad \xff byte.\n", "invalid UTF-8", 1),
    ],
)
def test_add_article_rejects_bad_files(
    project: Path, name: str, content: bytes, message: str, code: int
) -> None:
    src = project / name
    src.write_bytes(content)
    before = snapshot(project)
    result = run("add-article", str(src))
    assert_rejected(result, project, before, message)
    assert result.exit_code == code


# ---------------------------------------------------------------- add-claim


def test_add_claim_finds_offsets_and_records_the_author(store: Path) -> None:
    quote = "Germany followed suit and permitted Ukraine to use German-made weapons"
    result = run(
        "add-claim",
        "--claim",
        "Germany let Ukraine use its weapons after the US did.",
        "--label",
        "SUPPORTED",
        "--annotator",
        "ana",
        "--exact",
        quote,
        "--note",
        "paragraph 5",
    )
    assert result.exit_code == 0, result.output
    claim = load_claims(store / "data" / "claims.jsonl")[-1]
    article = load_articles(store / "data" / "articles.jsonl")[SEED_ID]
    [[ev]] = claim.evidence
    assert article.text[ev.start : ev.end] == quote and ev.sentence_index == 13
    assert claim.method == "human" and claim.rule is None and claim.status == "silver"
    assert claim.id == claim_id(claim.claim, SEED_ID)
    assert claim.source is not None and claim.source.sentence_index == 13
    assert [(a.annotator, a.label, a.note) for a in claim.annotations] == [
        ("ana", "SUPPORTED", "paragraph 5")
    ]
    assert run("validate").exit_code == 0


def test_add_claim_external_evidence_and_file(store: Path) -> None:
    spec = {
        "claim": "Kirby is a spokesman for national security.",
        "label": "SUPPORTED",
        "annotator": "ana",
        "evidence": [
            {
                "url": "https://example.org/kirby",
                "exact": "John Kirby, spokesman",
                "accessed": "2024-06-04",
            }
        ],
    }
    path = store / "claim.json"
    path.write_text(json.dumps(spec))
    result = run("add-claim", "--file", str(path))
    assert result.exit_code == 0, result.output
    claim = load_claims(store / "data" / "claims.jsonl")[-1]
    assert claim.source is None and claim.evidence[0][0].url == "https://example.org/kirby"
    assert run("validate").exit_code == 0


def test_add_claim_keeps_quote_as_a_deprecated_name_of_exact(store: Path) -> None:
    result = run("add-claim", "--claim", "Congress approved nearly 61 billion dollars of aid.",
                 "--label", "SUPPORTED", "--annotator", "ana",
                 "--quote", "it passed a package totaling nearly $61 billion")
    assert result.exit_code == 0, result.output
    assert "--quote is deprecated; use --exact" in result.output
    [[ev]] = load_claims(store / "data" / "claims.jsonl")[-1].evidence
    assert ev.exact == "it passed a package totaling nearly $61 billion" and ev.start is not None
    assert "--quote" not in run("add-claim", "--help").output  # hidden


GOOD = ["--annotator", "ana", "--label", "SUPPORTED"]
QUOTE = ["--exact", "it passed a package totaling nearly $61 billion"]

ADD_CLAIM_BAD = {
    "unknown article": (
        ["--claim", "A new claim about aid.", *GOOD, *QUOTE, "--article", "0000000000000000"],
        "unknown article '0000000000000000'",
    ),
    "missing quote": (
        ["--claim", "Ukraine received tanks.", *GOOD, "--exact", "Ukraine received 300 tanks"],
        "quote 'Ukraine received 300 tanks' not found; closest: article",
    ),
    "ambiguous quote": (
        ["--claim", "Ukraine may use the weapons.", *GOOD, "--exact", "the weapons"],
        "is ambiguous, found 3 times",
    ),
    "quote across sentences": (
        ["--claim", "The war is long.", *GOOD, "--exact", "two years now. Over the last"],
        "spans sentences 0-1",
    ),
    "exact duplicate": (
        [
            "--claim",
            "germany permitted Ukraine to use German-made weapons in a similar fashion",
            *GOOD,
            "--exact",
            "permitted Ukraine to use German-made weapons",
        ],
        "duplicate of claim",
    ),
    "near duplicate": (
        [
            "--claim",
            "Congress passed a package of nearly $61 billion to equip Ukraine with weapons",
            *GOOD,
            *QUOTE,
        ],
        "near duplicate of claim",
    ),
    "invalid label": (
        ["--claim", "A new claim about aid.", "--annotator", "ana", "--label", "TRUE", *QUOTE],
        "label: 'TRUE' is not one of SUPPORTED, REFUTED, NOT_ENOUGH_INFO",
    ),
    "no evidence": (
        ["--claim", "A new claim about aid.", *GOOD],
        "a SUPPORTED claim needs at least one quote",
    ),
    "evidence for NEI": (
        [
            "--claim",
            "A new claim about aid.",
            "--annotator",
            "ana",
            "--label",
            "NOT_ENOUGH_INFO",
            *QUOTE,
        ],
        "NOT_ENOUGH_INFO claims take no evidence",
    ),
    "missing claim": (
        ["--annotator", "ana", "--label", "SUPPORTED", *QUOTE],
        "--claim is required",
    ),
    "half external evidence": (
        ["--claim", "A new claim about aid.", *GOOD, "--url", "https://example.org"],
        "needs all of --url, --exact and --accessed",
    ),
    "two quotes for one url": (
        ["--claim", "A new claim about aid.", *GOOD, *QUOTE, "--url", "https://example.org",
         "--exact", "aid", "--accessed", "2024-06-04"],
        "with --url, give one --exact",
    ),
    "bad access date": (
        [
            "--claim",
            "A new claim about aid.",
            *GOOD,
            "--url",
            "https://example.org",
            "--exact",
            "aid",
            "--accessed",
            "2024-13-45",
        ],
        "is not an ISO date",
    ),
}


@pytest.mark.parametrize("case", sorted(ADD_CLAIM_BAD))
def test_add_claim_rejects_bad_input(store: Path, case: str) -> None:
    args, message = ADD_CLAIM_BAD[case]
    before = snapshot(store)
    assert_rejected(run("add-claim", *args), store, before, message)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"claim": "x", "label": ', "claim.json:1: not valid JSON"),
        ('["a list"]', "expected a JSON object, got list"),
        (
            '{"claim": "A claim.", "label": "SUPPORTED", "annotator": "a", "lable": 1}',
            "lable: unknown field",
        ),
        (
            '{"claim": "A claim.", "label": "SUPPORTED", "annotator": "a", '
            '"evidence": [{"exact": "aid", "article": "x"}]}',
            "evidence.0.article: unknown field",
        ),
    ],
)
def test_add_claim_file_rejects_malformed_json(store: Path, content: str, message: str) -> None:
    path = store / "claim.json"
    path.write_text(content)
    before = snapshot(store)
    assert_rejected(run("add-claim", "--file", str(path)), store, before, message)
    both = run("add-claim", "--file", str(path), "--claim", "x")
    assert_rejected(both, store, before, "give either --file or the claim's flags")


def test_add_claim_without_articles_is_a_clear_error(store: Path) -> None:
    (store / "data" / "articles.jsonl").unlink()
    before = snapshot(store)
    result = run("add-claim", "--claim", "x.", *GOOD, *QUOTE, "--articles", "data/articles.jsonl")
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert snapshot(store) == before


# ---------------------------------------------------------------- contribute


def write_lines(path: Path, *objs: object) -> Path:
    path.write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")
    return path


NEW_CLAIM = {
    "claim": "Congress had been at a standstill over sending more aid to Ukraine.",
    "label": "SUPPORTED",
    "annotator": "ana",
    "evidence": [{"exact": "Congress had been at a standstill", "article_id": SEED_ID}],
}


def test_contribute_adds_claims_and_annotations(store: Path) -> None:
    claims = load_claims(store / "data" / "claims.jsonl")
    new_id = claim_id(NEW_CLAIM["claim"], SEED_ID)
    path = write_lines(
        store / "in.jsonl",
        NEW_CLAIM,
        {"id": claims[0].id, "annotator": "bo", "label": "SUPPORTED"},
        {"id": claims[4].id, "annotator": "bo", "label": "SUPPORTED", "note": "agree"},
        {"id": new_id, "annotator": "bo", "label": "SUPPORTED"},  # the claim added above
    )
    result = run("contribute", str(path))
    assert result.exit_code == 0, result.output
    # the annotation of the claim added in the same file counts with its claim
    assert "1 added, 2 updated, 0 rejected; merged" in result.stderr
    got = {c.id: c for c in load_claims(store / "data" / "claims.jsonl")}
    assert got[claims[0].id].status == "gold"
    assert got[claims[4].id].status == "gold"  # human claim: ana + bo
    assert got[new_id].status == "gold"
    assert list(got)[:5] == [c.id for c in claims]  # order kept, new claims appended
    assert run("validate").exit_code == 0


CONTRIBUTE_BAD = {
    "unknown article": (
        {**NEW_CLAIM, "evidence": [{"exact": "standstill", "article_id": "ffffffffffffffff"}]},
        "unknown article 'ffffffffffffffff'",
    ),
    "missing quote": (
        {**NEW_CLAIM, "evidence": [{"exact": "Congress agreed at once"}]},
        "quote 'Congress agreed at once' not found",
    ),
    "ambiguous quote": ({**NEW_CLAIM, "evidence": [{"exact": "Russia"}]}, "is ambiguous"),
    "duplicate": (
        {
            **NEW_CLAIM,
            "claim": "France permitted Ukraine to use French-made weapons against Russia",
        },
        "duplicate of claim",
    ),
    "invalid label": ({**NEW_CLAIM, "label": "SUPPORTS"}, "label: 'SUPPORTS' is not one of"),
    "unknown claim id": (
        {"id": "0123456789abcdef", "annotator": "bo", "label": "REFUTED"},
        "unknown claim '0123456789abcdef'",
    ),
    "annotation with bad label": (
        {"id": "b5679d8f5ef593c5", "annotator": "bo", "label": "FALSE"},
        "label: 'FALSE' is not one of",
    ),
    "missing annotator": ({**NEW_CLAIM, "annotator": ""}, "annotator: required"),
    "bad created time": ({**NEW_CLAIM, "created": "yesterday"}, "created: 'yesterday' is not"),
    "bad annotation time": (
        {"id": "b5679d8f5ef593c5", "annotator": "bo", "label": "REFUTED", "created": "06/04"},
        "created: '06/04' is not an ISO 8601",
    ),
}


@pytest.mark.parametrize("case", sorted(CONTRIBUTE_BAD))
def test_contribute_rejects_each_bad_line(store: Path, case: str) -> None:
    obj, message = CONTRIBUTE_BAD[case]
    path = write_lines(store / "in.jsonl", obj)
    before = snapshot(store)
    assert_rejected(run("contribute", str(path)), store, before, "in.jsonl:1: ", message)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"claim": "x"\n', "in.jsonl:1: not valid JSON"),
        (b"\n", "in.jsonl: empty file"),
        (b"\n[1]\n", "in.jsonl:2: expected a JSON object, got list"),
    ],
)
def test_contribute_rejects_malformed_files(store: Path, content: bytes, message: str) -> None:
    path = store / "in.jsonl"
    path.write_bytes(content)
    before = snapshot(store)
    assert_rejected(run("contribute", str(path)), store, before, message)


def test_contribute_lists_every_rejected_line_and_writes_nothing(store: Path) -> None:
    path = write_lines(
        store / "in.jsonl",
        NEW_CLAIM,
        {**NEW_CLAIM, "claim": "Congress had been at a standstill over sending more aid"},
        {"id": "0123456789abcdef", "annotator": "bo", "label": "REFUTED"},
    )
    before = snapshot(store)
    result = run("contribute", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("rejected: ") and "in.jsonl:2: near duplicate of claim" in lines[0]
    assert lines[1].startswith("rejected: ") and "in.jsonl:3: id: unknown claim" in lines[1]
    assert lines[2].startswith("Error: ") and "2 line(s) rejected" in lines[2]
    assert snapshot(store) == before
    # --skip-rejected merges the good line and still reports the others
    result = run("contribute", str(path), "--skip-rejected")
    assert result.exit_code == 0
    assert "1 added, 0 updated, 2 rejected; merged" in result.stderr
    assert len(load_claims(store / "data" / "claims.jsonl")) == 6


def test_add_article_takes_html(project: Path, repo_root: Path) -> None:
    page = repo_root / "tests" / "data" / "ingest" / "article.html"
    result = run("add-article", str(page))
    assert result.exit_code == 0, result.output
    manifest = json.loads((project / "seeds" / "manifest.json").read_text())
    assert manifest["files"][-1]["format"] == "html"
    assert manifest["files"][-1]["file"].endswith(".html")
    assert len(load_articles(project / "data" / "articles.jsonl")) == 2
    before = snapshot(project)
    assert_rejected(run("add-article", str(page)), project, before, "already in the seeds as 001_")
