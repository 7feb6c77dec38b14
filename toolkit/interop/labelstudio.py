"""Label Studio: let an annotation team label claims in a browser, then merge the labels.

Export writes two files:

* ``OUT`` — Label Studio tasks (a JSON list, the format its "Import" accepts), one per
  claim: ``{"data": {"claim_id", "claim", "evidence"}}``. ``evidence`` is HTML: each
  evidence sentence highlighted (``<mark>``) between its neighbours in the article, or
  the quote and its URL for external evidence. The claim's current label is not shown,
  so that annotators judge afresh.
* ``<OUT stem>.label_config.xml`` — the labeling config to paste in the project's
  settings: the claim, the evidence, a single-choice ``label`` with our three labels in
  ClassLabel order, and an optional free-text ``note``.

Import reads Label Studio's JSON export (a list of tasks with ``annotations``, streamed):
each annotation's choice becomes an :class:`Annotation` of our claim by its annotator
(``completed_by``: the e-mail when the export gives the user object, else
``label-studio:<user id>``), dated ``created_at``, with its free-text notes. Tasks claimkit
exported carry ``data.claim_id``; a project made elsewhere is matched by the exact claim
text instead (``--match text``, the field named by ``--data-key``, default ``claim``),
and its choice control may have another name (``--choice-name``, default ``label``).
Choice values are our labels or FEVER's, in any case ("Supported", "REFUTES").
Cancelled (skipped) annotations, unknown choices, unknown or ambiguous claims are
reported. Re-importing an export adds nothing; an annotator who changed their mind
replaces their earlier judgment (the status rule of :mod:`toolkit.annotations`).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import orjson

from toolkit.errors import UsageError
from toolkit.interop import common
from toolkit.interop.common import (
    MATCHES,
    iter_json_items,
    mapping_key,
    require,
    skip,
)
from toolkit.jsonl import write_text
from toolkit.records import (
    FEVER_LABELS,
    LABELS,
    Annotation,
    Article,
    Claim,
    Label,
    Origin,
    is_iso_date,
)

NAME = "label-studio"
HINTS = {
    Label.SUPPORTED: "the evidence entails the claim",
    Label.REFUTED: "the evidence contradicts the claim",
    Label.NOT_ENOUGH_INFO: "the evidence neither entails nor contradicts the claim",
}


def label_config() -> str:
    """The labeling config (Label Studio's XML) for our three labels."""
    choices = "\n".join(
        f'    <Choice value="{label}" hint="{HINTS[label]}"/>' for label in LABELS
    )
    return (
        "<View>\n"
        '  <Header value="Claim"/>\n'
        '  <Text name="claim" value="$claim"/>\n'
        '  <Header value="Evidence"/>\n'
        '  <HyperText name="evidence" value="$evidence"/>\n'
        '  <Header value="What does the evidence say about the claim?"/>\n'
        '  <Choices name="label" toName="claim" choice="single" showInline="true"'
        ' required="true">\n'
        f"{choices}\n"
        "  </Choices>\n"
        '  <TextArea name="note" toName="claim" placeholder="Why? (optional)"'
        ' maxSubmissions="1" editable="true"/>\n'
        "</View>\n"
    )


def evidence_html(claim: Claim, articles: dict[str, Article]) -> str:
    """Each evidence item in context, as HTML; external items as quote and link."""
    parts = []
    for ev in claim.evidence_items:
        if ev.is_external:
            url = html.escape(ev.url or "")
            parts.append(f'<p><mark>{html.escape(ev.exact)}</mark> (<a href="{url}">{url}</a>,'
                         f" read {html.escape(ev.accessed or '')})</p>")
            continue
        art = articles.get(ev.article_id or "")
        if art is None or ev.sentence_index is None:
            parts.append(f"<p><mark>{html.escape(ev.exact)}</mark></p>")
            continue
        i = ev.sentence_index
        before = art.sentence_text(i - 1) if i > 0 else ""
        after = art.sentence_text(i + 1) if i + 1 < len(art.sentences) else ""
        parts.append(f"<p><b>{html.escape(art.title)}</b></p><p>{html.escape(before)}"
                     f" <mark>{html.escape(ev.exact)}</mark> {html.escape(after)}</p>")
    return "\n".join(parts) or "<p>(no evidence items)</p>"


def config_path(out: Path) -> Path:
    """Where the labeling config goes: ``<OUT stem>.label_config.xml``."""
    return out.with_name(f"{out.stem}.label_config.xml")


def write(
    claims: list[Claim], articles: list[Article], out: Path, options: common.ExportOptions
) -> common.ExportResult:
    """Tasks for every claim, and the labeling config next to them."""
    by_id = {a.id: a for a in articles}
    tasks = [
        {"data": {"claim_id": c.id, "claim": c.claim, "evidence": evidence_html(c, by_id)}}
        for c in claims
    ]
    write_text(out, orjson.dumps(tasks, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n")
    write_text(config_path(out), label_config())
    return common.ExportResult(written={str(out): len(tasks), str(config_path(out)): 1})


# ---------------------------------------------------------------- import


def annotator_of(completed_by: Any) -> str | None:
    """The annotator handle from ``completed_by`` (user id, or user object in exports)."""
    if isinstance(completed_by, dict):
        email = completed_by.get("email")
        if isinstance(email, str) and email.strip():
            return email.strip()
        completed_by = completed_by.get("id")
    if isinstance(completed_by, int) and not isinstance(completed_by, bool):
        return f"{NAME}:{completed_by}"
    return None


def _choice_and_note(result: list[Any], choice_name: str) -> tuple[list[str], str | None]:
    choices: list[str] = []
    notes: list[str] = []
    for r in result:
        if not isinstance(r, dict) or not isinstance(r.get("value"), dict):
            continue
        values = r["value"].get("choices" if r.get("type") == "choices" else "text")
        values = values if isinstance(values, list) else [values]
        if r.get("from_name") == choice_name and r.get("type") == "choices":
            choices.extend(values)
        elif r.get("type") == "textarea":
            notes.extend(t for t in values if isinstance(t, str))
    note = "\n".join(t.strip() for t in notes if t.strip()) or None
    return choices, note


#: Choice values a project may use for our labels: our names, FEVER's, and the same
#: words in any case with spaces ("Supported", "Not enough info", "REFUTES").
CHOICES: dict[str, str] = {
    mapping_key(name): label
    for label in LABELS
    for name in (label, label.replace("_", " "), FEVER_LABELS[label])
}


def our_label(choice: Any) -> str | None:
    """Our label for a choice value, or None."""
    return CHOICES.get(mapping_key(choice)) if isinstance(choice, str) else None


def read(path: Path, options: common.ImportOptions) -> common.Batch:
    """A Label Studio JSON export into annotations of our claims.

    Tasks are matched to claims by ``data.claim_id`` (tasks claimkit exported) or, with
    ``match="text"``, by the exact claim text in ``data.claim`` (any project); the
    choice control is ``label`` unless ``choice_name`` says otherwise.
    """
    match = options.match or "id"
    if match not in MATCHES:
        raise UsageError(f"--match {match!r}: expected one of {', '.join(MATCHES)}")
    key = options.data_key or ("claim_id" if match == "id" else "claim")
    choice_name = options.choice_name or "label"
    batch = common.Batch()
    for loc, task in iter_json_items(path, options.max_bytes):
        require(loc != "", "expected a JSON list of tasks (Label Studio's JSON export)", path)
        require(isinstance(task, dict) and isinstance(task.get("data"), dict),
                f"task {loc}: expected an object with data", path)
        task_where = f"{path} task {task.get('id', loc)}"
        ref = task["data"].get(key)
        annotations = task.get("annotations") or []
        require(isinstance(annotations, list), f"task {loc}: annotations: expected a list", path)
        if not isinstance(ref, str) or not ref.strip():
            batch.read += len(annotations)
            hint = (" (not a task exported by claimkit? match by text with --match text,"
                    " or name the field with --data-key)") if key == "claim_id" else \
                " (name the field holding the claim text with --data-key)"
            batch.skipped.append(skip(task_where, f"data.{key} is missing{hint}"))
            continue
        for n, ann in enumerate(annotations):
            batch.read += 1
            where = f"{task_where} annotation {ann.get('id', n) if isinstance(ann, dict) else n}"
            item = _annotation(ann, where, choice_name, task, batch)
            if item is None:
                continue
            if match == "id":
                batch.incoming.append(common.Incoming(where, ref, item, None))
            else:
                batch.incoming.append(common.Incoming(where, "", item, None, claim_text=ref))
    return batch


def _annotation(ann: Any, where: str, choice_name: str, task: dict[str, Any],
                batch: common.Batch) -> Annotation | None:
    if not isinstance(ann, dict):
        batch.skipped.append(skip(where, "annotation is not an object"))
        return None
    if ann.get("was_cancelled"):
        batch.skipped.append(skip(where, "cancelled (skipped) in Label Studio"))
        return None
    result = ann.get("result")
    result = result if isinstance(result, list) else []
    choices, note = _choice_and_note(result, choice_name)
    label = our_label(choices[0]) if len(choices) == 1 else None
    if label is None:
        named = {str(r.get("from_name")) for r in result if isinstance(r, dict)
                 and r.get("type") == "choices"} - {choice_name}
        other = f" (choice controls in this annotation: {', '.join(sorted(named))};" \
                " pick one with --choice-name)" if named and not choices else ""
        batch.skipped.append(skip(where, f"{choice_name} choice {choices!r} is not exactly one"
                                         f" of {', '.join(LABELS)}{other}"))
        return None
    annotator = annotator_of(ann.get("completed_by"))
    created = ann.get("created_at")
    if annotator is None:
        batch.skipped.append(skip(where, f"completed_by {ann.get('completed_by')!r}"
                                         " names no user"))
        return None
    if not is_iso_date(created):
        batch.skipped.append(skip(where, f"created_at {created!r} is not an ISO 8601 date"))
        return None
    origin = Origin(format=NAME, id=ann.get("id"), label=choices[0],
                    fields={"task": task.get("id")})
    return Annotation(annotator=annotator, label=label, created=created, note=note,
                      origin=origin)
