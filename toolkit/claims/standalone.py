"""Standalone claims: a claim must read correctly without the article around it.

This is the gate every candidate passes before any rule runs, so it treats every label
alike and cannot become a cue. A sentence is left out, with the reason, when it:

* depends on an unresolved pronoun ("he said", "They") or a bare definite description
  ("The man", "The estimate", "Two of those") -- ``pronoun``/``bare_definite``;
* is a quotation whose speaker is not in the same sentence -- ``quote_no_speaker``;
* has unbalanced quotation marks -- ``quote_unbalanced``;
* holds more than one sentence or runs past :data:`MAX_WORDS` -- ``run_on``;
* speaks in the first or second person outside a quotation -- ``first_person``;
* is a fragment (opens in lower case or with punctuation) -- ``fragment``.

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

import bisect
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

#: Longest claim, in words: longer "sentences" are segmentation failures or run-ons.
MAX_WORDS = 60
#: Shortest claim, in words ("Gary Ellis said." is a segmentation leftover).
MIN_WORDS = 6
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_SPEECH = re.compile(r"\b(?:said|says|told|according to|added|asked|declared|insisted|"
                     r"warned|stated|wrote|claimed|explained|announced)\b", re.I)
_MID_PRONOUN = re.compile(r"\b(he|she|him|his|her|hers|they|them|their)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|us|our|Our|my|My|you|You|your|Your)\b")
_BARE_QUANTITY = re.compile(
    r"^(?:(?:One|Two|Three|Four|Five|Six|Some|Many|Most|All|Both|Each|Several|None|Neither|"
    r"Either|Half|Another|Others?)\b(?: of (?:them|those|these|us|the \w+)| [a-z]+)?)", re.I
)
_NP_END = re.compile(r"\s(?:has|have|had|is|are|was|were|will|would|can|could|may|might|"
                     r"said|says|told|did|does|\w+ed|\w+s)\b|,")
_RUN_ON = re.compile(r"(?<![A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bJr)(?<!\bSr)(?<!\bMrs)[.!?][”\"’]? +[“\"]?[A-Z]")


_ABBREVIATION_END = re.compile(r"\b(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec|Mr|Dr|St|No|[A-Z]\.[A-Z])\.$")


def gate(text: str) -> str | None:
    """The reason ``text`` (already edited) is not a standalone claim, or None if it is."""
    if (not text[:1].isalnum() and text[:1] not in "“\"$€£") or text[:1].islower():
        return "fragment: does not open a sentence"
    if len(text.split()) < MIN_WORDS or re.search(
        r"\b(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec|Mr|Dr|St|No)\.$|[,;:]$", text
    ):
        return "fragment: too short or cut at an abbreviation"
    if len(text.split()) > MAX_WORDS:
        return f"run_on: {len(text.split())} words (limit {MAX_WORDS})"
    if _RUN_ON.search(text[:-1]):
        return "run_on: more than one sentence"
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return "quote_unbalanced: opening and closing quotation marks do not match"
    outside = _QUOTED.sub(" ", text)
    # a quotation of three words or fewer is a scare quote or a term ("allow
    # “flexibility”"), not speech that needs a speaker
    speech = [q for q in _QUOTED.findall(text) if len(q.split()) > 3]
    if speech and not _SPEECH.search(outside):
        return "quote_no_speaker: a quotation without its speaker in the sentence"
    m = _MID_PRONOUN.search(outside)
    if m:
        names = re.findall(r"(?<=\w )[A-Z][a-z]+|^[A-Z][a-z]+ (?=[A-Z])", outside[: m.start()])
        if not names:
            return f"pronoun: {m.group(1)!r} with no name before it in the sentence"
    m = re.search(r"\b(this|that|these|those)\b(?=\s*[,.;:]| out\b| up\b| is\b| was\b)", outside)
    if m:
        return f"pronoun: {m.group(1)!r} stands for something outside the sentence"
    if _FIRST_PERSON.search(outside):
        return "first_person: 'we'/'I'/'you' outside a quotation"
    m = re.search(r"\bthe same (?!time\b|day\b|year\b|way\b)\w+|\bsuch (?!as\b)\w+", outside)
    if m:
        return f"bare_definite: {m.group(0)!r} refers to earlier text"
    m = _BARE_QUANTITY.match(text)
    if m:
        return f"bare_definite: {m.group(0)!r} refers to earlier text"
    if re.match(r"^The [a-z]", text):
        end = _NP_END.search(text)
        subject = text[: end.start()] if end else text
        if not re.search(r"(?<=\w )[A-Z0-9]", subject):
            return f"bare_definite: {subject!r} names nothing on its own"
    return None


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
        reason = gate(article.title)
        return Standalone(None, reason=reason) if reason else Standalone(text=article.title)
    text = article.sentence_text(index)
    if index > 0 and _ABBREVIATION_END.search(article.sentence_text(index - 1)):
        # the segmenter split after "Sept." or "U.S.": this is the tail of a sentence
        return Standalone(None, reason="fragment: split from its sentence at an abbreviation")
    edits: list[str] = []
    text, dropped = drop_opener(text)
    if dropped:
        edits.append("opener_dropped")
    m = _DEMONSTRATIVE.match(text)
    if m:
        reason = f"bare_definite: demonstrative {m.group(1)!r} refers to earlier text"
        return Standalone(None, reason=reason)
    context: tuple[int, ...] = ()
    m = _PRONOUN.match(text)
    if m:
        pronoun = m.group(1)
        if pronoun in ("He", "She"):
            return Standalone(None, reason=f"pronoun: {pronoun!r} unresolved (no person rule)")
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
            return Standalone(None, reason=f"pronoun: no antecedent for {pronoun!r}")
        subject = subject_of(article.sentence_text(antecedent))
        assert subject is not None
        resolved, extra = _resolve_definite(article, antecedent, subject)
        if _is_plural(subject) != (pronoun == "They"):
            return Standalone(
                None,
                reason=f"pronoun: {pronoun!r} does not agree with {subject!r}"
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
    reason = gate(text) or anchored(text) or anaphoric_definite(article, index, text)
    if reason:
        return Standalone(None, reason=reason)
    return Standalone(text=text, context=context, edits=tuple(edits))


_PROPER = re.compile(r"(?<=[\w,;:\"“(] )[A-Z][\w’'-]*|\b[A-Z]{2,}\b")


def anchored(text: str) -> str | None:
    """Why ``text`` names nothing a reader could check it against, or None.

    A news claim is about someone, somewhere or some figure: "Life expectancy has been
    reduced to 40 years" without its country, or "About 1800km of dikes around the lake
    are all that stand between...", lean on the article around them; a figure alone
    does not say what it is about. A claim needs a proper name after its first word or
    an acronym.
    """
    return None if _PROPER.search(text) else "no_anchor: names no person, place or body"


_DEFINITE = re.compile(r"\bthe ([a-z]{3,})\b(?! of\b)")
#: Definite phrases that do not point back into the text ("the world", "the first").
_GENERIC = frozenset(("world", "past", "future", "end", "time", "year", "week", "day",
                      "month", "first", "last", "same", "most", "latest", "former",
                      "public", "rest", "way", "country's", "region's"))  # fmt: skip


def anaphoric_definite(article: Article, index: int, text: str) -> str | None:
    """Why ``text`` leans on an earlier sentence through "the <noun>", or None.

    "the party", "the warheads", "the weapons": a definite noun phrase whose noun the
    article used in an earlier sentence and this sentence does not introduce itself is
    a reference back, and the claim alone does not say what it refers to.
    """
    outside = _QUOTED.sub(" ", text)
    for m in _DEFINITE.finditer(outside):
        noun = m.group(1)
        if noun in _GENERIC or noun.endswith("est"):
            continue
        stem = noun[:-1] if noun.endswith("s") and len(noun) > 4 else noun
        if stem in outside[: m.start()].lower():
            continue  # introduced earlier in this sentence ("Dongting Lake ... the lake")
        if _used_before(article, index, stem):
            return f"bare_definite: 'the {noun}' refers to an earlier sentence"
    return None


_WORDS = re.compile(r"\w+")
_FIRST_USE: dict[str, tuple[list[str], dict[str, int]]] = {}


def _used_before(article: Article, index: int, stem: str) -> bool:
    """Whether a word starting with ``stem`` occurs in the title or a sentence before ``index``.

    Each article's words are indexed once (word -> first sentence, -1 for the title;
    sorted for a prefix search): joining and searching every earlier sentence again for
    each sentence made this check quadratic in the article's length.
    """
    cached = _FIRST_USE.get(article.id)
    if cached is None:
        first: dict[str, int] = dict.fromkeys(_WORDS.findall(article.title.lower()), -1)
        for j in range(len(article.sentences)):
            for word in _WORDS.findall(article.sentence_text(j).lower()):
                first.setdefault(word, j)
        if len(_FIRST_USE) > 256:
            _FIRST_USE.clear()
        cached = _FIRST_USE[article.id] = (sorted(first), first)
    words, first = cached
    i = bisect.bisect_left(words, stem)
    while i < len(words) and words[i].startswith(stem):
        if first[words[i]] < index:
            return True
        i += 1
    return False
