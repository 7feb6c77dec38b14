"""``croissant.json``: Croissant metadata for the dataset folder, as the Hub writes it.

Croissant is what dataset search engines and ML frameworks read to find a dataset's
files and columns without a loader. It is built with mlcroissant's own node classes
(``Metadata``, ``FileSet``, ``RecordSet``, ``Field``) and serialized by its
``to_json``, so the output is what ``mlcroissant validate`` expects; the same package
reads the records back in the tests.

The layout follows the Hub's own Croissant export (the dataset viewer's generator):

* one ``FileSet`` per config (``includes: <config>/*.parquet``);
* per config, a ``cr:Split`` record set ``<config>_splits`` listing the splits, and a
  ``split`` field in the config's record set that takes the split from the shard's file
  name and references it;
* every column of the config's ``datasets`` features as a field, derived from the
  features themselves (:data:`~toolkit.dataset.features.CLAIMS_FEATURES`), so nothing
  is listed twice: lists of structs (``evidence``, ``sentences``) are array fields with
  one sub-field per struct member, read with a ``jsonPath`` transform;
* the ``label`` ClassLabel is stored as its integer id, and its names are an
  enumeration record set (``label_names``: ``id`` and ``name``) that the ``label``
  field references.

Files are described by relative ``contentUrl`` and their sha256, so the metadata stays
valid wherever the folder is copied, and needs no network. ``datePublished``
is the latest date in the data (see :func:`release_date`), never the clock's,
so that rebuilds are byte-identical. A config
without rows (no articles: the evidence is all external) is not described.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.dataset.features import (
    ARTICLES,
    ARTICLES_FEATURES,
    CHANGES,
    CLAIMS,
    CLAIMS_FEATURES,
    PROVENANCE,
    PROVENANCE_FEATURES,
    VERSION,
)
from toolkit.records import LABELS, sha256_hex

if TYPE_CHECKING:
    from toolkit.dataset.card import CardInputs

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
#: Croissant's type for categorical record sets (``sc:Enumeration``).
SDO_ENUMERATION = "https://schema.org/Enumeration"
LABEL_NAMES = "label_names"

_DESCRIPTIONS = {
    CLAIMS: {
        "id": "Stable claim id.",
        "claim": "The claim, readable on its own.",
        "label": "ClassLabel id: " + ", ".join(f"{i} = {n}" for i, n in enumerate(LABELS))
        + f"; the names are the {LABEL_NAMES} enumeration.",
        "evidence": "Evidence items; all of them together decide the claim.",
        "evidence/article_id": "Article quoted (null for external evidence).",
        "evidence/sentence_index": "Sentence of the article (null for external evidence).",
        "evidence/start": "Start offset in the article's text (code points).",
        "evidence/end": "End offset, exclusive.",
        "evidence/exact": "The quoted text (the evidence selector's exact quote).",
        "evidence/url": "Source of external evidence (null for corpus evidence).",
        "status": "gold (confirmed by a person), silver (generated), disputed.",
    },
    PROVENANCE: {
        "id": "The claim's id (joins the claims config). Provenance, never a model input:"
        " it gives away the label of held-out NOT_ENOUGH_INFO claims.",
        "method": "How the claim was made (extracted, mutation:..., nei:..., human, import:...).",
        "article_id": "The article the claim was derived from (null if none; absent from the"
        " articles config when held out).",
    },
    ARTICLES: {
        "id": "Stable article id (sha256 of the normalized text).",
        "title": "Headline.",
        "text": "Normalized article text; evidence offsets index it.",
        "sentences": "Sentences of the text.",
        "sentences/index": "Sentence index.",
        "sentences/start": "Start offset in text (code points).",
        "sentences/end": "End offset, exclusive.",
        "sentences/text": "The sentence.",
        "publisher": "Publisher, if known.",
        "url": "Source URL, if known.",
        "published": "Publication date (ISO 8601), if known.",
        "file": "Source file name in the project's seeds.",
    },
}


def _data_type(mlc: Any, feature: Any) -> Any:
    from datasets import ClassLabel

    if isinstance(feature, ClassLabel):
        return mlc.DataType.INTEGER
    return {"string": mlc.DataType.TEXT, "int32": mlc.DataType.INT32,
            "int64": mlc.DataType.INT64, "bool": mlc.DataType.BOOL,
            "float32": mlc.DataType.FLOAT32, "float64": mlc.DataType.FLOAT64}[feature.dtype]


def _field(mlc: Any, config: str, rs: str, name: str, feature: Any,
           json_path: str | None = None) -> Any:
    """One field for a ``datasets`` feature: a value, a ClassLabel, or a list of structs."""
    from datasets import ClassLabel, List

    column = name.split("/")[0]
    transforms = [mlc.Transform(json_path=json_path)] if json_path else []
    source = mlc.Source(file_set=f"{config}-parquet", extract=mlc.Extract(column=column),
                        transforms=transforms)
    description = _DESCRIPTIONS[config].get(name)
    shape = "-1"
    if isinstance(feature, List) and isinstance(feature.feature, List):
        # evidence: a list of alternative groups, each a list of items (a 2-d array)
        feature, shape = feature.feature, "-1,-1"
    if isinstance(feature, List) and isinstance(feature.feature, dict):
        subs = [_field(mlc, config, rs, f"{name}/{key}", sub, json_path=key)
                for key, sub in feature.feature.items()]
        return mlc.Field(id=f"{rs}/{name}", name=name.split("/")[-1], description=description,
                         is_array=True, array_shape=shape, sub_fields=subs)
    kwargs: dict[str, Any] = {}
    if isinstance(feature, ClassLabel):
        kwargs["references"] = mlc.Source(field=f"{LABEL_NAMES}/id")
    return mlc.Field(id=f"{rs}/{name}", name=name.split("/")[-1], description=description,
                     data_types=[_data_type(mlc, feature)], source=source, **kwargs)


def _label_names(mlc: Any) -> Any:
    """The label names as an enumeration: ClassLabel id and name, in ClassLabel order."""
    return mlc.RecordSet(
        id=LABEL_NAMES, name=LABEL_NAMES,
        description="The names of the label ids (the ClassLabel of the claims config).",
        is_enumeration=True,
        data_types=[SDO_ENUMERATION],
        key=[f"{LABEL_NAMES}/id"],
        fields=[
            mlc.Field(id=f"{LABEL_NAMES}/id", name="id", description="ClassLabel id.",
                      data_types=[mlc.DataType.INTEGER]),
            mlc.Field(id=f"{LABEL_NAMES}/name", name="name", description="Label name.",
                      data_types=[mlc.DataType.TEXT]),
        ],
        data=[{f"{LABEL_NAMES}/id": i, f"{LABEL_NAMES}/name": n} for i, n in enumerate(LABELS)],
    )


def release_date(inputs: CardInputs) -> Any:
    """The latest date in the data (an article's publication, a judgment), not the
    clock's: Croissant recommends ``datePublished``, and rebuilds stay byte-identical."""
    from datetime import datetime

    dates = [a.source.published[:10] for a in inputs.articles if a.source.published]
    claims = [c for rows in inputs.split.splits.values() for c in rows]
    claims += [c for c, _ in inputs.split.withheld]
    dates += [a.created[:10] for c in claims for a in c.annotations]
    for day in sorted(dates, reverse=True):
        try:
            return datetime.fromisoformat(day)
        except ValueError:
            continue
    return None


def croissant_metadata(inputs: CardInputs, files: list[tuple[str, Path]]) -> dict:
    """The Croissant JSON-LD document, as a dict.

    ``files`` are ``(relative path, local path)`` pairs of the Parquet shards; their
    bytes are hashed for ``sha256``.
    """
    import mlcroissant as mlc

    from toolkit.dataset.card import PRETTY_NAME, build_provenance, citation_bibtex

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
    record_sets = [_label_names(mlc)]
    configs = ((CLAIMS, CLAIMS_FEATURES), (ARTICLES, ARTICLES_FEATURES),
               (PROVENANCE, PROVENANCE_FEATURES))
    for config, features in configs:
        info = inputs.infos.get(config)
        if info is None:
            continue
        splits = list(info.splits)
        distribution.append(
            mlc.FileSet(
                id=f"{config}-parquet",
                name=f"{config}-parquet",
                description=f"The {config} config: one Parquet file per split (or shard).",
                encoding_formats=["application/x-parquet"],
                includes=[f"{config}/*.parquet"],
            )
        )
        split_rs = f"{config}_splits"
        record_sets.append(
            mlc.RecordSet(
                id=split_rs, name=split_rs, description=f"Splits of the {config} config.",
                data_types=[mlc.DataType.SPLIT], key=[f"{split_rs}/split_name"],
                fields=[mlc.Field(id=f"{split_rs}/split_name", name="split_name",
                                  description="Split name.", data_types=[mlc.DataType.TEXT])],
                data=[{f"{split_rs}/split_name": name} for name in splits],
            )
        )
        pattern = "|".join(re.escape(name) for name in splits)
        fields = [
            mlc.Field(
                id=f"{config}/split",
                name="split",
                description="The split, from the shard's file name.",
                data_types=[mlc.DataType.TEXT],
                source=mlc.Source(
                    file_set=f"{config}-parquet",
                    extract=mlc.Extract(file_property=mlc.FileProperty.fullpath),
                    # The split from ``<config>/<split>-0000i-of-0000n.parquet``; the regex
                    # also accepts the bare name, which mlcroissant meets again when it
                    # follows the reference to the splits record set.
                    transforms=[mlc.Transform(
                        regex=f"^(?:.*/)?({pattern})"
                        "(?:-\\d{5}-of-\\d{5}\\.parquet)?$")],
                ),
                references=mlc.Source(field=f"{split_rs}/split_name"),
            )
        ]
        fields += [_field(mlc, config, config, name, feature)
                   for name, feature in features.items()]
        record_sets.append(
            mlc.RecordSet(id=config, name=config, description=f"Rows of the {config} config.",
                          fields=fields)
        )
    prov = build_provenance(inputs)
    metadata = mlc.Metadata(
        date_published=release_date(inputs),
        name=PRETTY_NAME,
        description=(
            "Claim verification benchmark from news articles: claims labeled SUPPORTED,"
            " REFUTED or NOT_ENOUGH_INFO with their evidence"
            + (", and the article corpus." if ARTICLES in inputs.infos else ".")
            + f" Schema version {VERSION}: " + CHANGES[0][1].replace("`", "") + "."
        ),
        conforms_to=[CONFORMS_TO],
        cite_as=citation_bibtex(inputs.articles),
        license=prov.licenses,
        url="README.md",
        version=VERSION,
        distribution=distribution,
        record_sets=record_sets,
    )
    return metadata.to_json()


def croissant_json(inputs: CardInputs, files: list[tuple[str, Path]]) -> str:
    """``croissant.json``'s text: sorted keys, two-space indent, final newline."""
    return json.dumps(croissant_metadata(inputs, files), indent=2, ensure_ascii=False) + "\n"
