"""Datasets from imports alone, provenance in the card, and Croissant as the Hub writes it.

An AVeriTeC or ClaimReview import writes no articles: the store builds anyway, the
folder has the claims config alone, and every evidence item keeps its URL. The card's
licence, source datasets and tags come from where the records came from, and Croissant
describes the splits, the nested evidence and the label names; mlcroissant validates it
offline with no warnings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dataset_support import croissant_problems
from huggingface_hub import DatasetCard

from toolkit.dataset.build import build
from toolkit.dataset.provenance import provenance
from toolkit.interop import import_file
from toolkit.interop.common import ImportOptions
from toolkit.records import Article, ArticleSource, Claim

DATA = Path(__file__).parent / "data" / "interop"
REPO = Path(__file__).resolve().parent.parent


def imported(root: Path, fmt: str, path: Path, **opts: object) -> Path:
    data = root / "data"
    import_file(fmt, path, ImportOptions(created="2026-01-01", **opts),  # type: ignore[arg-type]
                claims_path=data / "claims.jsonl", articles_path=data / "articles.jsonl")
    return data


def card(folder: Path) -> dict:
    return DatasetCard.load(folder / "README.md").data.to_dict()


@pytest.fixture(scope="module")
def averitec_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("averitec")
    data = imported(root, "averitec", DATA / "averitec" / "dev.json")
    assert not (data / "articles.jsonl").exists()  # the import writes no articles
    build(data, root / "hf", results=None)
    return root / "hf"


def test_averitec_only_store_builds_and_loads_with_urls(averitec_only: Path,
                                                        tmp_path: Path) -> None:
    from datasets import load_dataset

    assert not (averitec_only / "articles").exists()
    meta = card(averitec_only)
    assert [c["config_name"] for c in meta["configs"]] == ["claims", "provenance"]
    claims = load_dataset(str(averitec_only), "claims", cache_dir=str(tmp_path / "cache"))
    rows = [r for split in claims.values() for r in split]
    assert len(rows) == 4
    urls = {e["url"] for r in rows for g in r["evidence"] for e in g}
    source = json.loads((DATA / "averitec" / "dev.json").read_text())
    wanted = {a["source_url"] for c in source if c.get("label") in ("Supported", "Refuted")
              for q in c["questions"] for a in q["answers"] if a.get("source_url")}
    assert urls == wanted and None not in urls
    assert all(e["article_id"] is None and e["exact"]
               for r in rows for g in r["evidence"] for e in g)
    from toolkit import load_benchmark
    from toolkit.errors import DataError

    with pytest.raises(DataError, match="no articles config"):
        load_benchmark(averitec_only, tmp_path / "c2", config="articles")
    assert meta["license"] == "cc-by-nc-4.0" and "license_name" not in meta
    assert meta["source_datasets"] == ["extended|averitec"]
    assert "averitec" in meta["tags"] and "news" not in meta["tags"]


def test_claimreview_only_store_with_an_empty_articles_file(tmp_path: Path) -> None:
    from datasets import load_dataset

    data = imported(tmp_path, "claimreview", DATA / "claimreview" / "published.json")
    (data / "articles.jsonl").write_text("")
    build(data, tmp_path / "hf", results=None)
    meta = card(tmp_path / "hf")
    assert [c["config_name"] for c in meta["configs"]] == ["claims", "provenance"]
    assert meta["license"] == "other" and meta["license_name"] == "fact-checkers-terms"
    assert meta["license_link"] == "README.md#sources-and-licences"
    claims = load_dataset(str(tmp_path / "hf"), "claims", cache_dir=str(tmp_path / "cache"))
    urls = {e["url"] for split in claims.values() for r in split for g in r["evidence"]
            for e in g}
    assert "https://checkdesk.example.com/2020/03/virus-soap/" in urls
    assert croissant_problems(tmp_path / "hf" / "croissant.json") == []


def test_a_claim_citing_a_missing_article_still_stops_the_build(tmp_path: Path) -> None:
    from toolkit.errors import DataError

    data = imported(tmp_path, "fever", DATA / "fever" / "claims.jsonl",
                    pages=DATA / "fever" / "pages.jsonl")
    (data / "articles.jsonl").unlink()
    with pytest.raises(DataError, match="unknown article"):
        build(data, tmp_path / "hf", results=None)
    assert not (tmp_path / "hf").exists()


def test_fever_derived_card_carries_cc_by_sa_and_its_source(tmp_path: Path) -> None:
    data = imported(tmp_path, "fever", DATA / "fever" / "claims.jsonl",
                    pages=DATA / "fever" / "pages.jsonl")
    build(data, tmp_path / "hf", results=None)
    meta = card(tmp_path / "hf")
    assert meta["license"] == "cc-by-sa-3.0" and "license_name" not in meta
    assert meta["source_datasets"] == ["extended|fever", "extended|wikipedia"]
    assert {"fever", "wikipedia"} <= set(meta["tags"]) and "news" not in meta["tags"]
    text = (tmp_path / "hf" / "README.md").read_text()
    section = text.split("## Sources and licences")[1].split("\n## ")[0]
    assert "| FEVER |" in section and "CC BY-SA 3.0 (`cc-by-sa-3.0`)" in section
    assert "https://fever.ai/dataset/fever.html" in section
    assert "| Wikipedia (FEVER's pages) |" in section
    croissant = json.loads((tmp_path / "hf" / "croissant.json").read_text())
    assert croissant["license"] == "cc-by-sa-3.0"


def test_news_build_says_other_with_name_and_link(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(REPO / "data", tmp_path / "data")
    build(tmp_path / "data", tmp_path / "hf", results=None)
    meta = card(tmp_path / "hf")
    assert meta["license"] == "other"
    assert meta["license_name"] == "news-publishers-copyright"
    assert meta["license_link"] == "README.md#sources-and-licences"
    assert meta["source_datasets"] == ["original"] and "news" in meta["tags"]
    text = (tmp_path / "hf" / "README.md").read_text()
    assert "## Sources and licences" in text and "| news articles |" in text


def _article(publisher: str | None) -> Article:
    src = ArticleSource(file="x", format="text", file_sha256="0" * 64, publisher=publisher)
    return Article(id="a", title="t", text="t", sha256="0", structure=(), sentences=(),
                   boilerplate=(), source=src)


def _claim(method: str) -> Claim:
    return Claim(id="c", claim="c", label="SUPPORTED", evidence=(), source=None, method=method)


@pytest.mark.parametrize(
    ("methods", "publishers", "license", "name", "sources"),
    [(["extracted", "human"], ["AP"], "other", "news-publishers-copyright", ["original"]),
     (["import:fever"], ["Wikipedia"], "cc-by-sa-3.0", None,
      ["extended|fever", "extended|wikipedia"]),
     (["import:averitec"], [], "cc-by-nc-4.0", None, ["extended|averitec"]),
     (["import:fever", "extracted"], ["Wikipedia", None], ["cc-by-sa-3.0", "other"],
      "news-publishers-copyright", ["extended|fever", "extended|wikipedia", "original"]),
     (["import:averitec", "import:claimreview", "extracted"], ["AP"],
      ["cc-by-nc-4.0", "other"], "claimkit-mixed-sources",
      ["extended|averitec", "extended|claimreview", "original"])],
)
def test_provenance_rules(methods: list[str], publishers: list[str | None],
                          license: object, name: str | None, sources: list[str]) -> None:
    prov = provenance([_claim(m) for m in methods], [_article(p) for p in publishers])
    assert prov.license == license and prov.license_name == name
    assert prov.source_datasets == sources


def test_croissant_like_the_hub(averitec_only: Path, tmp_path: Path) -> None:
    import shutil

    import mlcroissant as mlc

    shutil.copytree(REPO / "data", tmp_path / "data")
    result = build(tmp_path / "data", tmp_path / "hf", results=None)
    for folder in (tmp_path / "hf", averitec_only):
        assert croissant_problems(folder / "croissant.json") == []  # no error, no warning
    meta = json.loads((tmp_path / "hf" / "croissant.json").read_text())
    sets = {rs["@id"]: rs for rs in meta["recordSet"]}
    assert sets["claims_splits"]["dataType"] == "cr:Split"
    assert [d["claims_splits/split_name"] for d in sets["claims_splits"]["data"]] == [
        "train", "validation", "test"]
    assert sets["articles_splits"]["data"] in ({"articles_splits/split_name": "corpus"},
                                               [{"articles_splits/split_name": "corpus"}])
    claim_fields = {f["@id"]: f for f in sets["claims"]["field"]}
    assert claim_fields["claims/split"]["references"] == {
        "field": {"@id": "claims_splits/split_name"}}
    evidence = claim_fields["claims/evidence"]
    assert evidence.get("isArray", evidence.get("cr:isArray")) is True  # prefix: 1.0 context
    assert [f["@id"] for f in evidence["subField"]] == [
        f"claims/evidence/{k}" for k in
        ("article_id", "sentence_index", "start", "end", "exact", "url")]
    sentences = {f["@id"]: f for f in sets["articles"]["field"]}["articles/sentences"]
    assert len(sentences["subField"]) == 4
    assert sets["label_names"]["dataType"] == "sc:Enumeration"
    assert [d["label_names/name"] for d in sets["label_names"]["data"]] == [
        "SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"]
    assert claim_fields["claims/label"]["references"] == {"field": {"@id": "label_names/id"}}
    # evidence is a list of alternative groups of items: a 2-d array of structs
    assert evidence.get("arrayShape", evidence.get("cr:arrayShape")) == "-1,-1"
    # Records read back: splits by name. mlcroissant cannot yet read a field out of a
    # 2-d array of structs, so evidence is left out of the read-back copy.
    meta = json.loads((tmp_path / "hf" / "croissant.json").read_text())
    claims_rs = next(rs for rs in meta["recordSet"] if rs["@id"] == "claims")
    claims_rs["field"] = [f for f in claims_rs["field"] if f["@id"] != "claims/evidence"]
    readable = tmp_path / "hf" / "croissant.readback.json"
    readable.write_text(json.dumps(meta))
    rows = list(mlc.Dataset(jsonld=str(readable)).records("claims"))
    per_split: dict[str, int] = {}
    for r in rows:
        per_split[r["claims/split"].decode()] = per_split.get(r["claims/split"].decode(), 0) + 1
    assert per_split == result.counts["claims"]
    assert "claims" in {rs["@id"] for rs in json.loads(
        (averitec_only / "croissant.json").read_text())["recordSet"]}
    assert "articles" not in {rs["@id"] for rs in json.loads(
        (averitec_only / "croissant.json").read_text())["recordSet"]}


def test_baselines_run_on_a_dataset_without_articles(tmp_path: Path) -> None:
    """No corpus: the default run keeps the baselines that need none instead of failing."""
    from toolkit.baselines.run import run_dataset

    template = json.loads((DATA / "averitec" / "dev.json").read_text())[0]
    verdicts = ("Supported", "Refuted", "Not Enough Evidence")
    # distinct claims citing distinct sources, so that splits may put them apart
    towns = ["Porto", "Lagos", "Quito", "Perth", "Turin", "Osaka", "Cork", "Fez", "Lyon"]
    things = ["bicycles", "buses", "markets", "concerts", "kites", "horses", "drones",
              "boats", "statues", "fountains"]  # fmt: skip

    def row(i: int) -> dict:
        questions = [dict(q, answers=[dict(a, source_url=f"https://src{i}.example.org/{j}")
                                      for j, a in enumerate(q["answers"])])
                     for q in template["questions"]]  # fmt: skip
        return dict(template, questions=questions, label=verdicts[i % 3],
                    claim=f"{towns[i % 9]} banned {things[i // 9]} from its square in {1950 + i}.")

    rows = [row(i) for i in range(90)]
    (tmp_path / "split.json").write_text(json.dumps(rows))
    data = imported(tmp_path, "averitec", tmp_path / "split.json")
    build(data, tmp_path / "hf", results=None)
    report = run_dataset(tmp_path / "hf")
    assert {r.baseline.name for r in report.runs} == {"majority", "claim-only"}


def test_the_croissant_check_reports_a_broken_file(averitec_only: Path, tmp_path: Path) -> None:
    meta = json.loads((averitec_only / "croissant.json").read_text())
    meta["recordSet"][0]["field"][0]["dataType"] = "sc:Nonsense"
    (tmp_path / "bad.json").write_text(json.dumps(meta))
    problems = croissant_problems(tmp_path / "bad.json")
    assert len(problems) == 1 and "valid http://mlcommons.org/croissant/dataType" in problems[0]
