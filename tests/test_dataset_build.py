"""claimkit build: layout, card, determinism, atomic swap, loading, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from dataset_support import make_claims, make_project
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.dataset import build as build_mod
from toolkit.dataset.build import build
from toolkit.dataset.card import rule_text
from toolkit.dataset.splits import SplitConfig
from toolkit.errors import DataError, UsageError
from toolkit.jsonl import write_jsonl
from toolkit.records import encode

RATIOS = SplitConfig((0.6, 0.2, 0.2))  # on the seed article, every split gets claims
RESULTS = "| model | macro-F1 |\n|---|---|\n| claim-only TF-IDF | 0.331 |\n"
EXPECTED_FILES = [
    "README.md",
    "articles/corpus-00000-of-00001.parquet",
    "claims/test-00000-of-00001.parquet",
    "claims/train-00000-of-00001.parquet",
    "claims/validation-00000-of-00001.parquet",
    "croissant.json",
    "label_distribution.png",
    "provenance/test-00000-of-00001.parquet",
    "provenance/train-00000-of-00001.parquet",
    "provenance/validation-00000-of-00001.parquet",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory, seed_articles, repo_root):
    root = tmp_path_factory.mktemp("build")
    data = make_project(root, repo_root, seed_articles)
    (root / "RESULTS.md").write_text(RESULTS, encoding="utf-8")
    result = build(data, root / "hf", split_config=RATIOS, results=root / "RESULTS.md")
    return root, result


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def test_layout_is_what_push_to_hub_writes(built):
    root, result = built
    files = sorted(p.relative_to(root / "hf").as_posix()
                   for p in (root / "hf").rglob("*") if p.is_file())
    # plus the hidden marker that lets the next build replace the folder (not uploaded)
    assert files == sorted([*EXPECTED_FILES, ".claimkit-build"])
    assert [f for f, _ in result.files] == EXPECTED_FILES
    assert not [p for p in root.iterdir() if p.name.startswith(".hf.")]  # no temp folders


def test_readme_yaml_is_what_load_dataset_and_the_hub_read(built):
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCard

    root, result = built
    card = DatasetCard.load(root / "hf" / "README.md")
    data = card.data
    assert data.task_categories == ["text-classification"]
    assert data.task_ids == ["fact-checking"]
    assert data.size_categories == ["n<1K"]
    assert data.license and data.language == ["en"] and data.pretty_name
    configs = MetadataConfigs.from_dataset_card_data(data)
    assert configs.get_default_config_name() == "claims"
    assert configs["articles"]["data_files"] == [
        {"split": "corpus", "path": "articles/corpus-*"}
    ]
    assert configs["provenance"]["data_files"] == [
        {"split": name, "path": f"provenance/{name}-*"} for name in result.counts["claims"]
        if result.counts["claims"][name]
    ]
    infos = DatasetInfosDict.from_dataset_card_data(data)
    assert infos["claims"].features["label"].names == [
        "SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"
    ]
    counts = {name: s.num_examples for name, s in infos["claims"].splits.items()}
    assert counts == result.counts["claims"]
    assert sum(counts.values()) + result.withheld == len(make_claims_for(built))


def make_claims_for(built):
    root, _ = built
    return (root / "data" / "claims.jsonl").read_text(encoding="utf-8").splitlines()


def test_card_renders_every_section_from_the_data(built):
    root, result = built
    text = (root / "hf" / "README.md").read_text(encoding="utf-8")
    for heading in [
        "## Task and labels", "### An example of each label", "## Dataset structure",
        "### Labels per split", "### How the splits are made", "## How the claims were made",
        "## Review status", "### Annotator agreement", "## Baseline results",
        "## Limitations and biases",
        "## Sources and licences", "## How to load", "## How to contribute",
        "## Citation",
    ]:
        assert heading in text, heading
    assert "![Label distribution per split](label_distribution.png)" in text
    assert "| claim-only TF-IDF | 0.331 |" in text  # RESULTS.md embedded
    assert "@misc{" in text
    c = result.counts["claims"]
    assert f"| train | {c['train']} |" in text
    assert "`mutation:negation`" in text and "negation.wrap@1" in text
    assert "no published claim has this label yet" not in text
    n_test = c["test"]
    ci = 196 * (0.25 / n_test) ** 0.5
    assert f"The test split has {n_test} claims" in text and f"±{ci:.1f} points" in text
    png = (root / "hf" / "label_distribution.png").read_bytes()
    assert png.startswith(b"\x89PNG") and b"matplotlib" not in png


def test_card_describes_methods_with_the_registered_rules_docstrings(built):
    import inspect

    from toolkit.claims.rules import get_rules

    root, _ = built
    text = (root / "hf" / "README.md").read_text(encoding="utf-8")
    section = text.split("## How the claims were made", 1)[1].split("Claims and labels", 1)[0]
    toggle = next(r for r in get_rules() if r.key == "negation.toggle@1")
    summary = inspect.cleandoc(toggle.fn.__doc__).split("\n")[0]
    assert f"  - `negation.toggle@1`: {summary}" in section
    assert "Version 1" not in section  # the rules' history is for maintainers
    assert "**`human`**: Written by a person." in section


def test_rule_text_drops_version_history_and_joins_lines():
    doc = """Swap one figure.

    An exact figure is REFUTED. Version 1 saw no slots: it made "P-4"
    from "P-3".
    """
    assert rule_text(doc) == "Swap one figure. An exact figure is REFUTED."
    assert rule_text(None) == "(no description)"


def test_card_without_results_says_so(tmp_path, seed_articles, repo_root):
    data = make_project(tmp_path, repo_root, seed_articles, sentences=3)
    build(data, tmp_path / "hf", results=tmp_path / "missing.md")
    text = (tmp_path / "hf" / "README.md").read_text(encoding="utf-8")
    assert "No baseline results yet" in text


def test_failed_build_leaves_the_previous_folder_intact(tmp_path, seed_articles, repo_root,
                                                       monkeypatch):
    data = make_project(tmp_path, repo_root, seed_articles, sentences=3)
    out = tmp_path / "hf"
    build(data, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def boom(*a, **k):
        raise RuntimeError("disk full halfway")

    import toolkit.dataset.card as card_mod
    monkeypatch.setattr(card_mod, "render_card", boom)
    with pytest.raises(RuntimeError):
        build(data, out, split_config=RATIOS)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "hf"]


def test_big_splits_are_sharded_like_push_to_hub(tmp_path, seed_articles, repo_root):
    from datasets import load_dataset

    data = make_project(tmp_path, repo_root, seed_articles)
    result = build(data, tmp_path / "hf", max_shard_bytes=2000)
    shards = [f for f, _ in result.files if f.startswith("claims/train-")]
    assert len(shards) > 1
    n = len(shards)
    assert shards == [f"claims/train-{i:05d}-of-{n:05d}.parquet" for i in range(n)]
    ds = load_dataset(str(tmp_path / "hf"), cache_dir=str(tmp_path / "cache"))
    assert ds["train"].num_rows == result.counts["claims"]["train"]
    assert ds["train"]["id"] == sorted(ds["train"]["id"])


def test_load_dataset_gives_classlabel_and_the_card_counts(built, tmp_path):
    from datasets import ClassLabel, load_dataset

    root, result = built
    ds = load_dataset(str(root / "hf"), cache_dir=str(tmp_path / "cache"))
    assert set(ds) == {"train", "validation", "test"}
    assert isinstance(ds["train"].features["label"], ClassLabel)
    assert {k: v.num_rows for k, v in ds.items()} == result.counts["claims"]
    assert set(ds["test"]["status"]) == {"gold"}
    prov = load_dataset(str(root / "hf"), "provenance", cache_dir=str(tmp_path / "cache"))
    assert {k: [r["id"] for r in v] for k, v in prov.items()} == {
        k: [r["id"] for r in v] for k, v in ds.items()}  # same splits, same order
    human_ids = {r["id"] for v in prov.values() for r in v
                 if r["method"] == "human" and r["article_id"] is None}
    human = [r for split in ds.values() for r in split if r["id"] in human_ids]
    assert human[0]["evidence"] == [[{"article_id": None, "sentence_index": None, "start": None,
                                      "end": None, "exact": "Germany followed suit",
                                      "url": "https://example.org/report"}]]
    arts = load_dataset(str(root / "hf"), "articles", cache_dir=str(tmp_path / "cache"))
    art = arts["corpus"][0]
    s = art["sentences"][3]
    assert art["text"][s["start"]:s["end"]] == s["text"]
    for row in ds["train"]:
        for ev in (item for group in row["evidence"] for item in group):
            if ev["article_id"] is not None:
                assert art["text"][ev["start"]:ev["end"]] == ev["exact"]


def test_load_benchmark_hands_datasets_and_pandas(built, tmp_path):
    import toolkit

    root, result = built
    dsd = toolkit.load_benchmark(root / "hf", cache_dir=tmp_path / "c")
    assert {k: v.num_rows for k, v in dsd.items()} == result.counts["claims"]
    frames = toolkit.load_benchmark(root / "hf", cache_dir=tmp_path / "c", as_pandas=True)
    assert {k: len(v) for k, v in frames.items()} == result.counts["claims"]
    assert list(frames["train"].columns) == ["id", "claim", "label", "evidence", "status"]
    assert toolkit.load_benchmark(root / "hf", cache_dir=tmp_path / "c",
                                  config="articles")["corpus"].num_rows == 1
    with pytest.raises(UsageError, match="valid configs: claims, articles, provenance"):
        toolkit.load_benchmark(root / "hf", config="nope")
    with pytest.raises(DataError, match="claimkit build"):
        toolkit.load_benchmark(tmp_path / "nothing")


def test_load_benchmark_default_cache_follows_the_files(tmp_path, seed_articles, repo_root,
                                                       monkeypatch):
    """A rebuild with other rows under the same name is not served from a stale cache."""
    import datasets

    import toolkit

    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", str(tmp_path / "cache"))
    data = make_project(tmp_path, repo_root, seed_articles, sentences=2)
    build(data, tmp_path / "hf", split_config=SplitConfig((1.0, 0.0, 0.0)))
    first = toolkit.load_benchmark(tmp_path / "hf")["train"].num_rows
    write_jsonl(data / "claims.jsonl",
                (encode(c) for c in make_claims(seed_articles[0], sentences=4)))
    build(data, tmp_path / "hf", split_config=SplitConfig((1.0, 0.0, 0.0)))
    second = toolkit.load_benchmark(tmp_path / "hf")["train"].num_rows
    assert (first, second) == (7, 13)
    # scoring reads through the same content-keyed cache: the rebuilt rows, as records
    from toolkit.dataset.load import load_claims

    claims = load_claims(tmp_path / "hf", ["train"])["train"]
    assert len(claims) == 13 and all(c.source is None and c.method == "" for c in claims)


def test_import_toolkit_stays_light():
    import subprocess
    import sys

    code = "import sys, toolkit; print('datasets' in sys.modules, callable(toolkit.load_benchmark))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


# ---------------------------------------------------------------- CLI


def test_build_records_splits_once_and_a_rebuild_leaves_data_untouched(built, tmp_path):
    root, result = built
    splits = root / "data" / "splits.jsonl"
    recorded = splits.read_bytes()
    assert result.new_groups and recorded
    stamp = splits.stat().st_mtime_ns
    again = build(root / "data", tmp_path / "hf", split_config=RATIOS,
                  results=root / "RESULTS.md")  # fmt: skip
    assert not again.new_groups and splits.stat().st_mtime_ns == stamp
    assert (again.leaks.evidence_sentences, again.leaks.source_sentences,
            again.leaks.near_duplicate_pairs) == (0, 0, 0)  # fmt: skip
    card = (root / "hf" / "README.md").read_text(encoding="utf-8")
    assert ("Shared across splits (checked at build time; a build with any fails):\n0 evidence"
            " sentences, 0 source\nsentences, 0\nnear-duplicate claim pairs.") in card


def test_build_fails_naming_the_claims_when_a_sentence_is_frozen_in_two_splits(
    tmp_path, seed_articles, repo_root
):
    data = make_project(tmp_path, repo_root, seed_articles, sentences=3)
    first = build(data, tmp_path / "hf", split_config=RATIOS, results=None)
    assert first.new_groups
    # hand-edit the record: two claims derived from one sentence, frozen apart
    claims = [c for c in make_claims(seed_articles[0], sentences=3)
              if c.source is not None and c.source.sentence_index == 0 and c.status == "gold"]
    record = (data / "splits.jsonl").read_text().splitlines()
    edited = [line.replace('"train"', '"validation"') if claims[0].id in line else
              line.replace('"validation"', '"train"') if claims[1].id in line else line
              for line in record]  # fmt: skip
    for c, name in ((claims[0], "validation"), (claims[1], "train")):
        edited = [ln for ln in edited if c.id not in ln] + [f'{{"key":"c:{c.id}","split":"{name}"}}']
    (data / "splits.jsonl").write_text("\n".join(sorted(edited)) + "\n")
    before = sorted(p.name for p in (tmp_path / "hf").rglob("*"))
    with pytest.raises(DataError) as err:
        build(data, tmp_path / "hf", split_config=RATIOS, results=None)
    message = str(err.value)
    assert message.startswith("leak between splits: shared across splits: 1 evidence"
                              " sentence(s), 1 source sentence(s)")  # fmt: skip
    assert claims[0].id in message and claims[1].id in message
    assert sorted(p.name for p in (tmp_path / "hf").rglob("*")) == before  # untouched


def test_cli_build_summary(tmp_path, seed_articles, repo_root, monkeypatch):
    make_project(tmp_path, repo_root, seed_articles, sentences=3)
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["build"])
    assert r.exit_code == 0, r.output
    assert "build: claims:" in r.output
    assert (tmp_path / "dist" / "hf" / "README.md").is_file()


def test_cli_build_without_claims_is_one_line_and_writes_nothing(project):
    (project / "data" / "claims.jsonl").unlink(missing_ok=True)
    r = CliRunner().invoke(app, ["build"])
    assert r.exit_code == 1
    lines = r.output.strip().splitlines()
    assert lines == ["Error: data/claims.jsonl: no claims file; generate claims first"
                     " (the claims pipeline writes it)"]
    assert not (project / "dist").exists()


def test_cli_build_refuses_invalid_claims_naming_file_and_line(project, seed_articles):
    claims = [encode(c) for c in make_claims(seed_articles[0], sentences=2)]
    bad = next(c for c in claims if c["evidence"] and "article_id" in c["evidence"][0][0])
    bad["evidence"][0][0]["exact"] = "not the article text"
    write_jsonl(project / "data" / "claims.jsonl", claims)
    r = CliRunner().invoke(app, ["build"])
    assert r.exit_code == 1
    (line,) = r.output.strip().splitlines()
    line_no = claims.index(bad) + 1
    assert line.startswith(f"Error: data/claims.jsonl:{line_no}: evidence.0.0.exact: does not match")
    assert line.endswith("run `claimkit validate` to see all")
    assert not (project / "dist").exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--test", "0.5"], 2, "Error: split ratios must add up to 1"),
        (["--train", "1.5"], 2, "Invalid value for '--train'"),
    ],
)
def test_cli_build_bad_ratios(project, seed_articles, args, code, message):
    write_jsonl(project / "data" / "claims.jsonl",
                (encode(c) for c in make_claims(seed_articles[0], sentences=2)))
    r = CliRunner().invoke(app, ["build", *args])
    assert r.exit_code == code
    assert message in r.output
    assert not (project / "dist").exists()


def test_build_needs_something_publishable(tmp_path, seed_articles, repo_root):
    data = make_project(tmp_path, repo_root, seed_articles, sentences=3)
    silver = [c for c in make_claims(seed_articles[0], sentences=3) if c.status == "silver"]
    assert silver
    write_jsonl(data / "claims.jsonl", (encode(c) for c in silver))
    with pytest.raises(DataError, match="no claim can be published"):
        build(data, tmp_path / "hf", split_config=SplitConfig((0.0, 0.0, 1.0)))
    assert not (tmp_path / "hf").exists()


def test_module_documents_the_layout():
    assert "<split>-0000i-of-0000n.parquet" in build_mod.__doc__
    assert Path("dist/hf") == build_mod.build.__defaults__[1]


def test_out_that_is_a_file_is_a_data_error(tmp_path, seed_articles, repo_root):
    data = make_project(tmp_path, repo_root, seed_articles, sentences=2)
    (tmp_path / "hf").write_text("not a folder")
    with pytest.raises(DataError, match="exists and is not a folder"):
        build(data, tmp_path / "hf")
    assert (tmp_path / "hf").read_text() == "not a folder"


def test_sources_table_per_article_then_per_publisher(seed_articles):
    import dataclasses

    from toolkit.dataset.card import MAX_ARTICLE_ROWS, sources_table

    seed = seed_articles[0]
    few = sources_table([seed])
    assert f"`{seed.id}`" in few and "© 2024" in few
    many = []
    for i in range(MAX_ARTICLE_ROWS + 1):
        src = dataclasses.replace(seed.source, publisher="Daily A" if i % 2 else None,
                                  published=f"2024-06-{1 + i % 28:02d}")
        many.append(dataclasses.replace(seed, id=f"{i:016x}", source=src))
    table = sources_table(many).splitlines()
    assert table[0] == "| publisher | articles | published | copyright |"
    assert table[2:] == ["| Daily A | 25 | 2024-06-02 to 2024-06-28 | © 2024 |",
                         "| unknown | 26 | 2024-06-01 to 2024-06-27 | © 2024 |"]


def test_card_says_when_a_label_has_no_example(tmp_path, seed_articles, repo_root):
    data = make_project(tmp_path, repo_root, seed_articles, sentences=2)
    kept = [c for c in make_claims(seed_articles[0], sentences=2) if c.label != "REFUTED"]
    write_jsonl(data / "claims.jsonl", (encode(c) for c in kept))
    build(data, tmp_path / "hf", split_config=SplitConfig((1.0, 0.0, 0.0)))
    text = (tmp_path / "hf" / "README.md").read_text(encoding="utf-8")
    assert "**REFUTED**: no published claim has this label yet." in text
    assert "There is no test\n  split yet" in text


def test_embedded_results_are_demoted_and_checked_against_the_data(tmp_path, seed_articles,
                                                                    repo_root):
    from toolkit.dataset.load import load_claims
    from toolkit.evaluate import fingerprint

    data = make_project(tmp_path, repo_root, seed_articles)
    corpus_only = [c for c in make_claims(seed_articles[0]) if c.source is not None]
    write_jsonl(data / "claims.jsonl", (encode(c) for c in corpus_only))
    results = tmp_path / "RESULTS.md"

    def card_with(fp: str) -> str:
        results.write_text(f"# Baseline results\n\nDataset: fingerprint `{fp}`.\n\n"
                           "```\n# not a heading\n```\n", encoding="utf-8")
        build(data, tmp_path / "hf", split_config=RATIOS, results=results)
        return (tmp_path / "hf" / "README.md").read_text(encoding="utf-8")

    stale = card_with("0123456789abcdef")
    assert "\n### Baseline results\n" in stale and "\n# not a heading\n" in stale
    assert "**Stale:** these results were computed on data with fingerprint `0123456789abcdef`" \
        in stale
    splits = ("train", "validation", "test")
    gold = load_claims(tmp_path / "hf", splits, cache_dir=tmp_path / "cache")
    current = fingerprint(c for s in splits for c in gold[s])
    assert f"this release's claims have fingerprint `{current}`" in stale
    assert "**Stale:**" not in card_with(current)


def test_no_staleness_claim_when_external_evidence_prevents_the_fingerprint(built):
    root, _ = built  # its claims include external evidence; its RESULTS.md has no fingerprint
    text = (root / "hf" / "README.md").read_text(encoding="utf-8")
    assert "**Stale:**" not in text


def test_validation_beside_parsing_gives_the_serial_answers(tmp_path, seed_articles, repo_root):
    """Large inputs validate in a child process; forced here on small data (threshold 0)."""
    from toolkit.dataset.build import read_data

    data = make_project(tmp_path, repo_root, seed_articles, sentences=3)
    with read_data(data) as serial, read_data(data, parallel_from_bytes=0) as parallel:
        assert parallel.article_entries == serial.article_entries
        assert parallel.claims.entries == serial.claims.entries
        assert parallel.texts == serial.texts and serial.texts
    claims = [encode(c) for c in make_claims(seed_articles[0], sentences=3)]
    claims[1]["evidence"] = claims[1]["evidence"][:0] if claims[1]["label"] != \
        "NOT_ENOUGH_INFO" else [{"url": "u", "exact": "q", "accessed": "2026-01-01"}]
    del claims[2]["method"]  # schema-invalid: the parent cannot even parse it
    write_jsonl(data / "claims.jsonl", claims)
    with pytest.raises(DataError) as serial:
        read_data(data)
    with pytest.raises(DataError) as parallel:
        read_data(data, parallel_from_bytes=0)
    assert str(parallel.value) == str(serial.value)
    assert "(and 1 more problem(s))" in str(serial.value)


def test_card_reports_agreement_of_claims_with_two_annotators(tmp_path, seed_articles, repo_root):
    """The committed seed claims carry two reviews each: the card shows their kappa."""
    import shutil

    from toolkit.dataset.build import build as build_folder

    data = tmp_path / "data"
    shutil.copytree(repo_root / "data", data)
    build_folder(data, tmp_path / "hf")
    text = (tmp_path / "hf" / "README.md").read_text(encoding="utf-8")
    section = text.split("### Annotator agreement")[1].split("## Baseline results")[0]
    assert "| Fleiss' kappa |" in section
    assert "claimkit-review-1 / claimkit-review-2" in section


def test_shards_stream_batches_and_stay_under_the_size(tmp_path):
    """Rows arrive in batches (never the whole split); shards are cut at the size limit,
    rows keep their order across shard and batch boundaries, and the features ride along."""
    import json

    import pyarrow.parquet as pq
    from datasets import ClassLabel, Features, Value

    features = Features({"id": Value("string"), "label": ClassLabel(names=["a", "b"])})
    batches = [{"id": [f"{b:02d}-{i:03d}-é" for i in range(40)], "label": [i % 2 for i in range(40)]}
               for b in range(5)]  # fmt: skip
    write = build_mod.write_shards
    shards, nbytes = write(tmp_path, "train", iter(batches), features=features,
                               max_shard_bytes=700)  # fmt: skip
    n = len(shards)
    assert n > 5, "shards are cut inside batches, not only between them"
    assert [p.name for p in shards] == [f"train-{i:05d}-of-{n:05d}.parquet" for i in range(n)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in shards]  # no .partial
    tables = [pq.read_table(p) for p in shards]
    assert all(t.num_rows > 0 and t.nbytes <= 700 for t in tables)
    ids = [x for t in tables for x in t.column("id").to_pylist()]
    assert ids == [x for b in batches for x in b["id"]]
    assert abs(nbytes - sum(t.nbytes for t in tables)) < 0.05 * nbytes  # offsets per table
    meta = json.loads(tables[0].schema.metadata[b"huggingface"])
    assert meta["info"]["features"]["label"]["_type"] == "ClassLabel"
    assert Features.from_arrow_schema(tables[0].schema)["label"] == ClassLabel(names=["a", "b"])
    again = tmp_path / "again"
    again.mkdir()
    shards2, _ = write(again, "train", iter(batches), features=features, max_shard_bytes=700)
    assert [p.read_bytes() for p in shards2] == [p.read_bytes() for p in shards]
    empty, zero = write(tmp_path / "again", "none", iter([]), features=features)
    assert empty == [] and zero == 0


def test_grouping_runs_without_datasets_imported_and_the_features_are_datasets_own() -> None:
    """``datasets`` (110 MB with pandas and pyarrow) is imported only when the build
    writes; the features it publishes are still ``datasets.Features``, one object each."""
    import subprocess
    import sys

    code = ("import sys, toolkit.dataset.build, toolkit.dataset.splits, toolkit.neardup;"
            " print(sorted(m for m in ('datasets', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    from datasets import Features

    from toolkit.dataset import features

    assert isinstance(features.CLAIMS_FEATURES, Features)
    assert features.CLAIMS_FEATURES is features.CLAIMS_FEATURES
    assert list(features.ARTICLES_FEATURES)[:3] == ["id", "title", "text"]
    assert set(features.PROVENANCE_FEATURES) == {"id", "method", "article_id"}
    with pytest.raises(AttributeError):
        features.NO_SUCH_FEATURES  # noqa: B018
