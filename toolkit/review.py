"""``claimkit review``: a person labels claims one at a time, blind to the generated label.

Blind, as FEVER's annotators were: the screen shows the claim and its evidence but not
the label the generator gave, nor anything that hints at it (the method such as
``mutation:negation``, the rule, the status). A suggestion on screen anchors people,
and agreement with an anchor is not agreement.

What is shown: the article title, then the paragraph holding each piece of evidence
with the quoted span highlighted, then the claim. A claim without evidence (the
NOT_ENOUGH_INFO kind) shows the paragraph of the sentence it was derived from instead,
so "no evidence on screen" does not give its label away either.

Every answer is written at once (the whole claims file, atomically, through
``toolkit.store.Store.write_claims``), so quitting, Ctrl-C or a crash keeps everything
answered so far. The queue skips claims this annotator has already judged, which is
how a rerun resumes where they stopped. Statuses come from
:func:`toolkit.annotations.add_annotation`, the one place the status rule lives.

The loop talks through two callables, ``ask`` (a prompt, returns the typed answer) and
``show`` (prints a rich renderable), so the CLI wires them to the terminal and tests
drive the same loop with scripted answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.annotations import Judgment, merge_judgments, now_iso
from toolkit.errors import DataError, UsageError
from toolkit.outputs import StageResult
from toolkit.records import STATUSES, Annotation, Article, Claim, Label
from toolkit.store import ARTICLES_PATH, CLAIMS_PATH, Store

#: Answer keys. Words work too (``supported``, ``refuted``, ``nei``, ``skip``, ``quit``).
KEYS: dict[str, str] = {
    "s": Label.SUPPORTED,
    "r": Label.REFUTED,
    "n": Label.NOT_ENOUGH_INFO,
    "k": "skip",
    "q": "quit",
}
_WORDS = {
    "supported": "s",
    "refuted": "r",
    "nei": "n",
    "not enough info": "n",
    "not_enough_info": "n",
    "skip": "k",
    "quit": "q",
}
PROMPT = "[s]upported / [r]efuted / [n]ot enough info / s[k]ip / [q]uit"
NOTE_PROMPT = "note (optional, Enter for none)"
HIGHLIGHT = "bold black on yellow"


@dataclass
class ReviewResult(StageResult):
    """What a session did: answers written, skips, whether it was quit, resulting statuses."""

    SUMMARY = ("review: [quit?quit; ]{answered} answered, {skipped} skipped, {left} left in"
               " the queue (answered claims now: {statuses*})")

    annotator: str
    queued: int
    answered: int = 0
    skipped: int = 0
    quit: bool = False
    statuses: Counter[str] = field(default_factory=Counter)

    @property
    def left(self) -> int:
        return self.queued - self.answered - self.skipped


def review_queue(
    claims: Iterable[Claim],
    annotator: str,
    *,
    statuses: Sequence[str] = ("silver",),
    limit: int | None = None,
) -> list[Claim]:
    """Claims to show, in file order: in ``statuses`` and not yet judged by ``annotator``."""
    for s in statuses:
        if s not in STATUSES:
            raise UsageError(f"unknown status {s!r}; valid: {', '.join(STATUSES)}")
    out = [
        c
        for c in claims
        if c.status in statuses and annotator not in {a.annotator for a in c.annotations}
    ]
    return out if limit is None else out[:limit]


def passage(article: Article, start: int, end: int) -> tuple[str, int, int]:
    """The paragraph holding ``[start, end)`` and the span's offsets inside it."""
    for block in article.structure:
        if block.kind == "paragraph" and block.start <= start and end <= block.end:
            return article.text[block.start : block.end], start - block.start, end - block.start
    return article.text[start:end], 0, end - start


def highlighted(text: str, start: int, end: int) -> Any:
    """``text`` as a rich Text with ``[start, end)`` highlighted."""
    from rich.text import Text

    out = Text(text)
    out.stylize(HIGHLIGHT, start, end)
    return out


def render(claim: Claim, articles: Mapping[str, Article], position: int, total: int) -> Any:
    """What the annotator sees for one claim: never its label, method, rule or status."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    parts: list[Any] = []
    spans = [(e.article_id, e.start, e.end) for e in claim.evidence_items if not e.is_external]
    if not claim.evidence and claim.source is not None:
        spans = [(claim.source.article_id, claim.source.start, claim.source.end)]
    last_title = None
    for aid, start, end in spans:
        art = articles.get(aid)  # type: ignore[arg-type]
        if art is None:
            parts.append(Text(f"(article {aid} is not in data/articles.jsonl)", style="red"))
            continue
        if art.title != last_title:
            parts.append(Text(art.title, style="bold underline"))
            last_title = art.title
        para, s, e = passage(art, start, end)  # type: ignore[arg-type]
        parts.append(highlighted(para, s, e))
    for ev in claim.evidence_items:
        if ev.is_external:
            parts.append(Text(f"{ev.url} (read {ev.accessed}):", style="bold"))
            parts.append(highlighted(ev.exact, 0, len(ev.exact)))
    if not parts:
        parts.append(Text("(no evidence or source text for this claim)", style="italic"))
    body = Group(*parts, Text(""), Text("Claim: ", style="bold").append(claim.claim))
    return Panel(body, title=f"claim {position}/{total} · {claim.id}", title_align="left")


def parse_answer(answer: str) -> str | None:
    """The action an answer stands for (a label, ``skip`` or ``quit``), or None."""
    key = answer.strip().casefold()
    key = _WORDS.get(key, key)
    return KEYS.get(key)


def review(
    *,
    annotator: str,
    ask: Callable[[str], str],
    show: Callable[[Any], None],
    claims_path: Path = CLAIMS_PATH,
    articles_path: Path = ARTICLES_PATH,
    statuses: Sequence[str] = ("silver",),
    limit: int | None = None,
    now: Callable[[], str] = now_iso,
) -> ReviewResult:
    """Run a review session; each answer is saved before the next claim is shown."""
    annotator = annotator.strip()
    if not annotator:
        raise UsageError("--annotator must not be empty")
    if not Path(claims_path).is_file():
        raise DataError(
            "no claims file to review; generate claims first, or add your own with add-claim",
            path=claims_path,
        )
    claims = Store.of(claims=claims_path).claims()
    articles = Store.of(articles=articles_path).articles_by_id()
    queue = review_queue(claims, annotator, statuses=statuses, limit=limit)
    result = ReviewResult(annotator=annotator, queued=len(queue))
    for n, claim in enumerate(queue, start=1):
        show(render(claim, articles, n, len(queue)))
        action = parse_answer(ask(PROMPT))
        while action is None:
            show("Please answer s, r, n, k or q.")
            action = parse_answer(ask(PROMPT))
        if action == "quit":
            result.quit = True
            break
        if action == "skip":
            result.skipped += 1
            continue
        note = ask(NOTE_PROMPT).strip() or None
        updated = _save_answer(claims_path, claim.id, Annotation(annotator, action, now(), note))
        result.answered += 1
        result.statuses[updated.status] += 1
    return result


def _save_answer(claims_path: Path, cid: str, annotation: Annotation) -> Claim:
    """Record one answer in the claims file as it is now on disk, and save it atomically.

    The file is read again, under the store's lock, rather than taken from the start of
    the session, so a claim added or judged meanwhile by another command
    (``contribute``, a second reviewer) is kept, not overwritten by a stale copy.
    """
    with Store.of(claims=claims_path).lock():
        claims = Store.of(claims=claims_path).claims()
        if cid not in {c.id for c in claims}:
            raise DataError(
                f"claim {cid} was removed during the review; answer not saved", path=claims_path
            )
        merged = merge_judgments(claims, [Judgment("review", cid, annotation)])
        if merged.recorded:
            Store.of(claims=claims_path).write_claims(merged.claims)
        return next(c for c in merged.claims if c.id == cid)
