"""AVeriTeC: real-world claims with question-answer evidence from the web.

The published layout (one JSON file per split, a list of claims)::

    {"claim": str, "required_reannotation": bool, "label": "Supported" | "Refuted" |
     "Not Enough Evidence" | "Conflicting Evidence/Cherrypicking", "justification": str,
     "claim_date": "DD-MM-YYYY", "speaker": str | null, "original_claim_url": ...,
     "fact_checking_article": url, "reporting_source": ..., "location_ISO_code": ...,
     "claim_types": [...], "fact_checking_strategies": [...],
     "questions": [{"question": str, "answers": [{"answer": str, "answer_type":
       "Extractive" | "Abstractive" | "Boolean" | "Unanswerable", "source_url": url,
       "source_medium": str, "boolean_explanation": str (Boolean only)}]}]}

Mapping
-------
The verdict maps to our label through ``averitec_labels.json`` (user-editable; pass
another with ``--mapping``). The default maps the fourth verdict, "Conflicting
Evidence/Cherrypicking", to NOT_ENOUGH_INFO, and the verdict as AVeriTeC wrote it is kept
in the annotation's ``origin.label``. An unmapped verdict skips the claim and names it.

Each claim is checked against ``schemas/averitec-input.schema.json`` (only what the
importer reads: a claim text, and questions holding lists of answer objects); a claim
that breaks it is one error naming the claim and the field.

The file may be the JSON list AVeriTeC publishes (read as a stream, whatever its size)
or the same records as JSON Lines.

Each answer with a ``source_url`` (or, lacking one, the archived ``cached_source_url``)
becomes an external evidence item: ``url`` is the source, ``exact`` the answer as the annotator wrote it (for Boolean answers, ``"Yes. "``
or ``"No. "`` followed by the explanation), ``accessed`` the import date (``--created``),
because AVeriTeC does not say when its annotators read the page. NOT_ENOUGH_INFO claims
carry no evidence items (our rule); their questions and answers, like every other field
of the record, are kept verbatim in ``origin.fields``. The annotator is
``averitec:<n>``, ``n`` being the claim's position in the file (AVeriTeC's claim id).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.errors import DataError
from toolkit.interop.common import (
    Batch,
    ImportOptions,
    Incoming,
    iter_json_items,
    load_mapping,
    map_label,
    require,
    skip,
)
from toolkit.records import (
    Annotation,
    Claim,
    Evidence,
    Origin,
    claim_id,
    evidence_groups,
    needs_evidence,
)
from toolkit.schema import check_input

NAME = "averitec"
MAPPING = "averitec_labels.json"


def _evidence(questions: list[dict[str, Any]], accessed: str) -> list[Evidence]:
    out: list[Evidence] = []
    for q in questions:
        for a in q.get("answers") or []:
            # The live page, else the archived copy AVeriTeC keeps of it.
            url, answer = a.get("source_url") or a.get("cached_source_url"), a.get("answer")
            if not isinstance(url, str) or not url.strip():
                continue
            if not isinstance(answer, str) or not answer.strip():
                continue
            exact = answer.strip()
            explanation = a.get("boolean_explanation")
            if a.get("answer_type") == "Boolean" and isinstance(explanation, str) \
                    and explanation.strip():
                exact = f"{exact.rstrip('.')}. {explanation.strip()}"
            ev = Evidence(exact=exact, url=url, accessed=accessed)
            if ev not in out:
                out.append(ev)
    return out


def _check(obj: Any, path: Path, n: int) -> None:
    """schemas/averitec-input.schema.json; the message names the claim by its position."""
    try:
        check_input(NAME, obj)
    except DataError as exc:
        raise DataError(f"claim [{n}]: {exc.message}", path=path) from None


def read(path: Path, options: ImportOptions) -> Batch:
    """An AVeriTeC split file into a batch of claims with external evidence."""
    table = load_mapping(MAPPING, options.mapping)
    batch = Batch()
    accessed = options.created[:10]
    for n, (loc, obj) in enumerate(iter_json_items(path, options.max_bytes)):
        require(loc != "", "expected a JSON list of claims (an AVeriTeC split) or JSON Lines",
                path)
        _check(obj, path, n)
        batch.read += 1
        where = f"{path} claim [{n}]"
        if "label" not in obj:
            batch.skipped.append(skip(where, "no label (an unlabelled test split?)"))
            continue
        try:
            label = map_label(table, obj["label"], options.mapping, MAPPING)
        except LookupError as exc:
            batch.skipped.append(skip(where, str(exc)))
            continue
        evidence: list[Evidence] = []
        if needs_evidence(label):
            evidence = _evidence(obj.get("questions") or [], accessed)
            if not evidence:
                batch.skipped.append(skip(where, f"{label} needs evidence and no answer has a"
                                                 " source_url"))
                continue
        text = obj["claim"]
        cid = claim_id(text, None)
        fields = {k: v for k, v in obj.items() if k not in ("claim", "label")}
        annotation = Annotation(
            annotator=f"{NAME}:{n}", label=label, created=options.created,
            origin=Origin(format=NAME, id=n, label=obj["label"], fields=fields),
        )
        claim = Claim(id=cid, claim=text, label=label, evidence=evidence_groups(evidence), source=None,
                      method=f"import:{NAME}")
        batch.incoming.append(Incoming(where, cid, annotation, claim))
    return batch
