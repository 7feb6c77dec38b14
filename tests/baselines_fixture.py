"""A small Hugging Face dataset folder of the agreed shape, for the baselines' tests.

Claims are derived from the seed article: each body sentence gives a SUPPORTED claim
(the sentence itself, evidence: that sentence), a REFUTED one (a number swapped or a
negation added, same evidence) and a NOT_ENOUGH_INFO one (an unrelated statement, no
evidence). Splits go by source sentence, so no sentence feeds two splits.

The folder mirrors what the dataset build writes: ``<config>/<split>-00000-of-00001.parquet``
plus a README.md whose YAML holds ``configs`` and ``dataset_info`` (features, splits).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # before datasets reads it; nothing is online

import datasets
import yaml

from toolkit.records import LABELS, Article, claim_id

CLAIM_FEATURES = datasets.Features(
    {
        "id": datasets.Value("string"),
        "claim": datasets.Value("string"),
        "label": datasets.ClassLabel(names=list(LABELS)),
        "evidence": datasets.List(  # alternative groups, each a list of items
            datasets.List(
                {
                    "article_id": datasets.Value("string"),
                    "sentence_index": datasets.Value("int32"),
                    "start": datasets.Value("int32"),
                    "end": datasets.Value("int32"),
                    "exact": datasets.Value("string"),
                }
            )
        ),
        "status": datasets.Value("string"),
    }
)
ARTICLE_FEATURES = datasets.Features(
    {
        "id": datasets.Value("string"),
        "title": datasets.Value("string"),
        "text": datasets.Value("string"),
        "sentences": datasets.List(
            {
                "index": datasets.Value("int32"),
                "start": datasets.Value("int32"),
                "end": datasets.Value("int32"),
                "text": datasets.Value("string"),
            }
        ),
        "publisher": datasets.Value("string"),
        "url": datasets.Value("string"),
        "published": datasets.Value("string"),
        "file": datasets.Value("string"),
    }
)

_SWAPS = {"two": "five", "61": "16", "30": "13", "3": "8", "second": "third"}
_NEGATE = re.compile(r"\b(was|is|are|has|had|could|said)\b")
_NEI = [
    "Canada announced new tariffs on Brazilian coffee imports in March 2019.",
    "A Norwegian court fined a shipping company for dumping waste in the fjords.",
    "The city council of Lisbon approved a budget for new tram lines.",
    "Scientists in Chile discovered a new species of frog in the Andes.",
    "An Australian airline ordered forty new planes for regional routes.",
    "The Dutch central bank raised interest rates twice last winter.",
    "Kenya opened the largest wind farm in East Africa near Lake Turkana.",
    "A museum in Vienna returned a looted painting to its owners.",
    "Farmers in Iowa reported a record harvest of soybeans this autumn.",
    "The mayor of Osaka unveiled plans for a floating solar park.",
    "Argentina's football federation appointed a new national coach.",
    "A Swiss startup built a battery that charges in ninety seconds.",
    "Heavy snowfall closed every mountain pass in Iceland for a week.",
    "The Indian space agency launched a probe to study the sun.",
    "A bakery chain in Mexico recalled bread over a labeling mistake.",
    "Polish engineers finished a tunnel under the Vistula river.",
    "A marathon in Seoul set a new course record for women runners.",
]


def refute(sentence: str) -> str:
    """A contradicting variant: swap the first known number/ordinal, else add a negation."""
    for old, new in _SWAPS.items():
        m = re.search(rf"\b{re.escape(old)}\b", sentence)
        if m:
            return sentence[: m.start()] + new + sentence[m.end() :]
    m = _NEGATE.search(sentence)
    if m:
        return sentence[: m.end()] + " not" + sentence[m.end() :]
    return "It is false that " + sentence[0].lower() + sentence[1:]


def split_of(index: int) -> str:
    return {3: "validation", 4: "test"}.get(index % 5, "train")


def seed_claims(article: Article) -> dict[str, list[dict[str, Any]]]:
    """Claims per split derived from one article (see the module docstring)."""
    out: dict[str, list[dict[str, Any]]] = {"train": [], "validation": [], "test": []}
    for s in article.sentences:
        text = article.text[s.start : s.end]
        ev = [
            [
                {
                    "article_id": article.id,
                    "sentence_index": s.index,
                    "start": s.start,
                    "end": s.end,
                    "exact": text,
                }
            ]
        ]
        variants = [
            (text, "SUPPORTED", ev),
            (refute(text), "REFUTED", ev),
            (_NEI[s.index % len(_NEI)], "NOT_ENOUGH_INFO", []),
        ]
        for claim, label, evidence in variants:
            out[split_of(s.index)].append(
                {
                    "id": claim_id(claim, article.id),
                    "claim": claim,
                    "label": LABELS.index(label),
                    "evidence": evidence,
                    "status": "silver",
                }
            )
    return out


def article_rows(articles: list[Article]) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "title": a.title,
            "text": a.text,
            "sentences": [
                {"index": s.index, "start": s.start, "end": s.end, "text": a.text[s.start : s.end]}
                for s in a.sentences
            ],
            "publisher": a.source.publisher,
            "url": a.source.url,
            "published": a.source.published,
            "file": a.source.file,
        }
        for a in articles
    ]


def write_folder(
    root: Path,
    claims: dict[str, list[dict[str, Any]]],
    articles: list[dict[str, Any]] | None,
    *,
    articles_split: str = "corpus",
) -> Path:
    """Write the parquet files and the README.md YAML of a dataset folder at ``root``."""
    configs: list[dict[str, Any]] = []
    infos: list[dict[str, Any]] = []
    parts = [("claims", CLAIM_FEATURES, claims)]
    if articles is not None:  # None: a folder without the articles config
        parts.append(("articles", ARTICLE_FEATURES, {articles_split: articles}))
    for config, features, splits in parts:
        files, split_info = [], []
        for split, rows in splits.items():
            rel = f"{config}/{split}-00000-of-00001.parquet"
            (root / config).mkdir(parents=True, exist_ok=True)
            ds = datasets.Dataset.from_list(rows, features=features)
            nbytes = ds.to_parquet(str(root / rel))
            files.append({"split": split, "path": rel})
            split_info.append({"name": split, "num_bytes": nbytes, "num_examples": len(rows)})
        entry: dict[str, Any] = {"config_name": config, "data_files": files}
        if config == "claims":
            entry["default"] = True
        configs.append(entry)
        infos.append(
            {"config_name": config, "features": features._to_yaml_list(), "splits": split_info}
        )
    meta = yaml.safe_dump({"configs": configs, "dataset_info": infos}, sort_keys=False)
    (root / "README.md").write_text(f"---\n{meta}---\n\n# fixture\n", encoding="utf-8")
    return root


def build_seed_folder(root: Path, articles: list[Article]) -> Path:
    """The fixture dataset from the seed article(s)."""
    claims: dict[str, list[dict[str, Any]]] = {"train": [], "validation": [], "test": []}
    for a in articles:
        for split, rows in seed_claims(a).items():
            claims[split].extend(rows)
    return write_folder(root, claims, article_rows(articles))
