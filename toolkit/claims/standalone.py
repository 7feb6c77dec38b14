"""Standalone claims: a claim must read correctly without the article around it.

Two edits are applied to every candidate sentence, before any rule sees it, so they
are the same for every label and cannot hint at one:

* a discourse opener ("In the end,", "Also,", "However,") is dropped;
* a sentence that opens with a pronoun ("It has cautioned", "They are permitted") is
  resolved from context when a simple rule is reliable, else left out with the reason.

The pronoun rule: walk back through the same paragraph to the nearest sentence whose
subject is a noun phrase (sentences whose own subject is a pronoun are skipped). If
that subject agrees in number with the pronoun, it replaces the pronoun and that
sentence joins the evidence (the claim needs it to be decided); otherwise the sentence
is left out. Demonstrative openers ("This was seen as...") refer to whole events, which
no simple rule resolves: they are always left out. "The administration" is resolved to
the one earlier "<Name> Administration" of the article, when there is exactly one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.records import Article

_OPENERS = re.compile(
    r"^(?:In the end|In the meantime|In addition|Also|However|Meanwhile|Moreover|"
    r"Furthermore|Still|Finally|Nevertheless|Indeed|Instead|Of course|But|And|So|Then)"
    r",?\s+(?=\S)"
)
#: A leading adverbial ("Over the last few months,") before the subject.
_LEADING_ADVERBIAL = re.compile(
    r"^(?:Over|In|On|After|Before|During|Since|As of|Last|This|For)\b[^,]{0,60},\s+"
)
_PRONOUN = re.compile(r"^(It|They|He|She)\s+(?=[a-z])")
_DEMONSTRATIVE = re.compile(r"^(This|That|These|Those|Such)\b")
_SUBJECT = re.compile(
    r"^([Tt]he [a-z][\w-]*|(?:[Tt]he )?[A-Z][\w’'.-]*(?: (?:of |for |the )?[A-Z][\w’'.-]*)*)"
    r"\s+([a-z]+)\b"
)
#: Words that show the subject has ended and the verb begun (no tagger needed for that).
_VERBISH = re.compile(
    r"(?:has|have|had|is|are|was|were|will|would|can|could|may|might|must|should|did|does|"
    r"made|said|took|gave|told|found|got|saw|won|lost|led|sent|set|put|began|became|held|"
    r"left|kept|met|ran|went|came|\w+ed|\w+s)"
)
_DEFINITE = re.compile(r"^The (administration|government|ministry|senator|spokesman)\b")


@dataclass(frozen=True)
class Standalone:
    """A sentence made readable on its own, or the reason it cannot be.

    ``context`` lists the other sentences (by index) the claim relies on, e.g. the one
    that names what "It" refers to; they become evidence next to the source sentence.
    """

    text: str | None
    reason: str | None = None
    context: tuple[int, ...] = ()
    edits: tuple[str, ...] = ()


def drop_opener(text: str) -> tuple[str, bool]:
    """``text`` without a leading discourse opener, re-capitalized; and whether one was."""
    m = _OPENERS.match(text)
    if not m:
        return text, False
    rest = text[m.end() :]
    return rest[:1].upper() + rest[1:], True


def subject_of(text: str) -> str | None:
    """The noun-phrase subject a sentence opens with (after an opener and an adverbial)."""
    text, _ = drop_opener(text)
    m = _LEADING_ADVERBIAL.match(text)
    if m:
        text = text[m.end() :]
        text = text[:1].upper() + text[1:]
    if _PRONOUN.match(text) or _DEMONSTRATIVE.match(text):
        return None
    m = _SUBJECT.match(text)
    if not m or not _VERBISH.fullmatch(m.group(2)):
        return None
    return m.group(1)


def _is_plural(np: str) -> bool:
    """Plural only for "The <lower-case noun>s": names (Congress, the US) are singular."""
    m = re.fullmatch(r"[Tt]he ([a-z][\w-]*)", np)
    return bool(m and m.group(1).endswith("s") and not m.group(1).endswith("ss"))


def _resolve_definite(article: Article, index: int, text: str) -> tuple[str, tuple[int, ...]]:
    m = _DEFINITE.match(text)
    if not m:
        return text, ()
    noun = m.group(1)
    found: dict[str, int] = {}
    pattern = re.compile(rf"\b((?:[A-Z][\w’'-]* )+){noun.capitalize()}\b")
    for j in range(index):
        for hit in pattern.finditer(article.sentence_text(j)):
            name = re.sub(r"^The ", "", hit.group(0))
            if name.split()[0] != noun.capitalize():
                found.setdefault(name, j)
    if len(found) != 1:
        return text, ()
    (name, j), = found.items()
    return f"The {name}{text[m.end():]}", (j,)


def make_standalone(article: Article, index: int | None) -> Standalone:
    """Sentence ``index`` of ``article`` (``None``: the headline) as a standalone claim."""
    if index is None:
        return Standalone(text=article.title)
    text = article.sentence_text(index)
    edits: list[str] = []
    text, dropped = drop_opener(text)
    if dropped:
        edits.append("opener_dropped")
    m = _DEMONSTRATIVE.match(text)
    if m:
        reason = f"demonstrative_opener: {m.group(1)!r} refers to earlier text"
        return Standalone(None, reason=reason)
    context: tuple[int, ...] = ()
    m = _PRONOUN.match(text)
    if m:
        pronoun = m.group(1)
        if pronoun in ("He", "She"):
            return Standalone(None, reason=f"pronoun_unresolved: {pronoun!r} (no person rule)")
        block = article.sentences[index].block
        antecedent = None
        j = index - 1
        while j >= 0 and article.sentences[j].block == block:
            previous = article.sentence_text(j)
            if subject_of(previous) is not None:
                antecedent = j
                break
            j -= 1
        if antecedent is None:
            return Standalone(None, reason=f"pronoun_unresolved: no antecedent for {pronoun!r}")
        subject = subject_of(article.sentence_text(antecedent))
        assert subject is not None
        resolved, extra = _resolve_definite(article, antecedent, subject)
        if _is_plural(subject) != (pronoun == "They"):
            return Standalone(
                None,
                reason=f"pronoun_unresolved: {pronoun!r} does not agree with {subject!r}"
                f" (sentence {antecedent})",
            )
        text = resolved[:1].upper() + resolved[1:] + " " + text[m.end() :]
        context = tuple(sorted({antecedent, *extra}))
        edits.append("pronoun_resolved")
    else:
        resolved_text, extra = _resolve_definite(article, index, text)
        if extra:
            text = resolved_text
            context = extra
            edits.append("definite_resolved")
    return Standalone(text=text, context=context, edits=tuple(edits))
