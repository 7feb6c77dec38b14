"""``croissant.json``: Croissant 1.0 metadata for the dataset folder.

Croissant is what dataset search engines and ML frameworks read to find a dataset's
files and columns without a loader. It is built with mlcroissant's own node classes
(``Metadata``, ``FileSet``, ``RecordSet``, ``Field``) and serialized by its
``to_json``, so the output is what ``mlcroissant validate`` expects; the same package
reads the ``claims`` records back in the tests.

Files are described by relative ``contentUrl`` and their sha256, so the metadata stays
valid wherever the folder is copied, and needs no network. Each config is one
``FileSet`` (``includes: <config>/*.parquet``, resolved against the folder that holds
croissant.json); the split comes from the shard's file name, as in the Hub's own
Croissant export. ``datePublished`` is left out on purpose: the build reads no clock,
so that rebuilds are byte-identical (mlcroissant warns that it is recommended).
``label`` is stored as its ClassLabel id (an integer); the field's description names
the ids.
Nested lists (``evidence``, ``sentences``) are not described as fields: Croissant 1.0
has no portable way to read a list of structs from Parquet, and a field that readers
mis-handle is worse than none. They are in the Parquet files for everyone else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.dataset.features import ARTICLES, CLAIMS
from toolkit.records import LABELS, sha256_hex

if TYPE_CHECKING:
    from toolkit.dataset.card import CardInputs

_SPLIT_RE = r"^(?:.*/)?([a-z]+)-\d{5}-of-\d{5}\.parquet$"

_CLAIM_FIELDS = [
    ("id", "Text", "Stable claim id."),
    ("claim", "Text", "The claim, readable on its own."),
    ("label", "Integer",
     "ClassLabel id: " + ", ".join(f"{i} = {name}" for i, name in enumerate(LABELS)) + "."),
    ("article_id", "Text", "The article the claim was derived from (null if none)."),
    ("method", "Text", "How the claim was made (extracted, mutation:..., nei:..., human)."),
    ("status", "Text", "gold (confirmed by a person), silver (generated), disputed."),
]
_ARTICLE_FIELDS = [
    ("id", "Text", "Stable article id (sha256 of the normalized text)."),
    ("title", "Text", "Headline."),
    ("text", "Text", "Normalized article text; evidence offsets index it."),
    ("publisher", "Text", "Publisher, if known."),
    ("url", "Text", "Source URL, if known."),
    ("published", "Text", "Publication date (ISO 8601), if known."),
    ("file", "Text", "Source file name in the project's seeds."),
]


def croissant_metadata(inputs: CardInputs, files: list[tuple[str, Path]]) -> dict:
    """The Croissant JSON-LD document, as a dict.

    ``files`` are ``(relative path, local path)`` pairs of the Parquet shards; their
    bytes are hashed for ``sha256``.
    """
    import mlcroissant as mlc

    from toolkit.dataset.card import PRETTY_NAME, citation_bibtex

    distribution = []
    for rel, local in files:
        distribution.append(
            mlc.FileObject(
                id=f"file:{rel}",
                name=rel,
                content_url=rel,
                encoding_formats=["application/x-parquet"],
                sha256=sha256_hex(Path(local).read_bytes()),
            )
        )
    record_sets = []
    for config, fields in ((CLAIMS, _CLAIM_FIELDS), (ARTICLES, _ARTICLE_FIELDS)):
        distribution.append(
            mlc.FileSet(
                id=f"{config}-parquet",
                name=f"{config}-parquet",
                description=f"The {config} config: one Parquet file per split (or shard).",
                encoding_formats=["application/x-parquet"],
                includes=[f"{config}/*.parquet"],
            )
        )
        rs_fields = [
            mlc.Field(
                id=f"{config}/split",
                name="split",
                description="The split, from the shard's file name.",
                data_types=[mlc.DataType.TEXT],
                source=mlc.Source(
                    file_set=f"{config}-parquet",
                    extract=mlc.Extract(file_property=mlc.FileProperty.filename),
                    transforms=[mlc.Transform(regex=_SPLIT_RE)],
                ),
            )
        ]
        for name, dtype, desc in fields:
            rs_fields.append(
                mlc.Field(
                    id=f"{config}/{name}",
                    name=name,
                    description=desc,
                    data_types=[getattr(mlc.DataType, dtype.upper())],
                    source=mlc.Source(
                        file_set=f"{config}-parquet", extract=mlc.Extract(column=name)
                    ),
                )
            )
        record_sets.append(
            mlc.RecordSet(id=config, name=config, description=f"Rows of the {config} config.",
                          fields=rs_fields)
        )
    metadata = mlc.Metadata(
        name=PRETTY_NAME,
        description=(
            "Claim verification benchmark from news articles: claims labeled SUPPORTED,"
            " REFUTED or NOT_ENOUGH_INFO with evidence sentences, and the article corpus."
        ),
        conforms_to="http://mlcommons.org/croissant/1.0",
        cite_as=citation_bibtex(inputs.articles),
        license=["other"],
        url="README.md",
        version="1.0.0",
        distribution=distribution,
        record_sets=record_sets,
    )
    return metadata.to_json()


def croissant_json(inputs: CardInputs, files: list[tuple[str, Path]]) -> str:
    """``croissant.json``'s text: sorted keys, two-space indent, final newline."""
    return json.dumps(croissant_metadata(inputs, files), indent=2, ensure_ascii=False) + "\n"
