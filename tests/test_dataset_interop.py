"""The built folder read by others: mlcroissant, and `datasets` alone without claimkit.

The "without claimkit" test runs a fresh virtual environment (``python -m venv
--without-pip``) whose only packages are the project venv's site-packages, reached
through a ``.pth`` line. A ``.pth`` line adds the folder to ``sys.path`` but does not
run the ``.pth`` files inside it, so claimkit's editable-install hook never loads and
``toolkit`` is not importable there (the test checks this). The interpreter runs with
``-I`` in a scratch folder, so neither the repository nor ``PYTHONPATH`` leaks in.

Why not ``pip install datasets`` into the fresh venv: that needs the package registry
(measured: 14 s with a warm pip cache), and tests must not need the network. The
fresh venv sees the same ``datasets`` release the project uses, which is the one the
folder must work with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from dataset_support import make_project

from toolkit.dataset.build import build
from toolkit.dataset.splits import SplitConfig


@pytest.fixture(scope="module")
def folder(tmp_path_factory, seed_articles, repo_root) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("interop")
    data = make_project(root, repo_root, seed_articles)
    result = build(data, root / "hf", split_config=SplitConfig((0.6, 0.2, 0.2)))
    return root / "hf", result.counts


def test_mlcroissant_validates_offline(folder):
    hf, _ = folder
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "NO_PROXY": "*",
           "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    cli = Path(sys.executable).with_name("mlcroissant")
    r = subprocess.run([str(cli), "validate", "--jsonld", str(hf / "croissant.json")],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "error(s)" not in r.stderr  # mlcroissant's wording for failed checks


def test_croissant_records_read_back(folder):
    import mlcroissant as mlc

    hf, counts = folder
    meta = json.loads((hf / "croissant.json").read_text(encoding="utf-8"))
    assert meta["conformsTo"] == "http://mlcommons.org/croissant/1.1"  # isArray, as the Hub
    assert {d["contentUrl"] for d in meta["distribution"] if "contentUrl" in d} == {
        p.relative_to(hf).as_posix() for p in hf.rglob("*.parquet")
    }
    claims_rs = next(rs for rs in meta["recordSet"] if rs["@id"] == "claims")
    evidence = next(f for f in claims_rs["field"] if f["@id"] == "claims/evidence")
    # evidence is a list of alternative groups of items: a 2-d array of structs
    assert evidence["cr:isArray"] is True and evidence["cr:arrayShape"] == "-1,-1"
    assert {f["name"] for f in evidence["subField"]} >= {"article_id", "sentence_index", "exact"}
    # provenance gives labels away, so it is its own record set, not fields of the claims
    assert {f["name"] for f in claims_rs["field"]}.isdisjoint({"method", "article_id"})
    prov_rs = next(rs for rs in meta["recordSet"] if rs["@id"] == "provenance")
    assert {f["name"] for f in prov_rs["field"]} == {"split", "id", "method", "article_id"}
    assert meta["version"] == "2.0.0" and "exact" in meta["description"]
    # mlcroissant cannot yet read a field out of a 2-d array of structs (its JSONPath step
    # indexes a numpy array by name), so the other fields are read back without it
    claims_rs["field"] = [f for f in claims_rs["field"] if f["@id"] != "claims/evidence"]
    readable = hf / "croissant.readback.json"  # beside the data: contentUrl is relative
    readable.write_text(json.dumps(meta), encoding="utf-8")
    try:
        rows = list(mlc.Dataset(jsonld=str(readable)).records("claims"))
    finally:
        readable.unlink()
    per_split: dict[str, int] = {}
    for r in rows:
        per_split[r["claims/split"].decode()] = per_split.get(r["claims/split"].decode(), 0) + 1
    assert per_split == counts["claims"]
    assert {r["claims/label"] for r in rows} == {0, 1, 2}


CLEAN_SCRIPT = r"""
import importlib.util, json, sys
assert importlib.util.find_spec("toolkit") is None, "claimkit must not be importable here"
from datasets import ClassLabel, load_dataset
path, cache = sys.argv[1], sys.argv[2]
claims = load_dataset(path, cache_dir=cache)
articles = load_dataset(path, "articles", cache_dir=cache)
label = claims["train"].features["label"]
print(json.dumps({
    "claims": {k: v.num_rows for k, v in claims.items()},
    "articles": {k: v.num_rows for k, v in articles.items()},
    "classlabel": isinstance(label, ClassLabel),
    "names": label.names,
    "prefix": sys.prefix,
}))
"""


def test_loads_in_a_clean_venv_with_only_datasets(folder, tmp_path):
    from huggingface_hub import DatasetCard

    hf, _ = folder
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import site; print(site.getsitepackages()[0])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    Path(site, "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "HF_HUB_OFFLINE": "1",
           "HF_HOME": str(tmp_path / "hf-home")}
    r = subprocess.run(
        [str(venv / "bin" / "python"), "-I", "-c", CLEAN_SCRIPT, str(hf), str(tmp_path / "c")],
        capture_output=True, text=True, env=env, cwd=scratch, timeout=300,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    got = json.loads(r.stdout.strip().splitlines()[-1])
    assert Path(got["prefix"]) == venv
    assert got["classlabel"] is True
    assert got["names"] == ["SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"]
    card = DatasetCard.load(hf / "README.md").data.to_dict()["dataset_info"]
    card_counts = {
        info["config_name"]: {s["name"]: s["num_examples"] for s in info["splits"]}
        for info in card
    }
    assert got["claims"] == card_counts["claims"]
    assert got["articles"] == card_counts["articles"] == {"corpus": 1}
