"""Ingest's fast paths give exactly what the plain code they replaced gave.

Each shortcut (skip a scan, skip a split, skip a guard, let orjson write the dataclass)
is checked against the straightforward version, kept here as the reference, on
generated text full of the characters where shortcuts go wrong: spaces that only some
definitions count, invisible characters, combining marks, quotation marks, line breaks.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import ingest as ing
from toolkit.ingest import RawArticle, article_line, build_article, split_blocks
from toolkit.jsonl import dumps
from toolkit.records import OMIT_NONE, ArticleSource, article_id, encode, encodes_natively
from toolkit.segment import _ABBREV_END, _WIDE_SPACE, _quote_open, _sentencex, split_spans

#: The characters shortcuts trip on, and enough words and full stops to make sentences.
_TRICKY = (
    " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u2029\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad"
    "e\u0301é“”«»\"'.?!…:;)(–-AaBbMrDUS. 5中🎉"
)
tricky_text = st.text(alphabet=_TRICKY, max_size=60)
words = st.sampled_from(["The", "mayor", "said", "Mr.", "U.S.", "e.", "coli", "“We", "won.”",
                         '"Yes."', "it", "rose", "5.5%", "Jan.", "no.", "«Oui»", "Dr.", "D-Calif.)",
                         "said.", "then", "ok?", "wow!", "…", "he"])  # fmt: skip
prose = st.lists(words, min_size=1, max_size=25).map(" ".join)


# ---------------------------------------------------------------- the reference code


def _characters_reference(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", s)


def _split_blocks_reference(text: str) -> list[str]:
    parts = re.split(r"\n\s*\n", _characters_reference(text))
    return [b for b in map(" ".join, map(str.split, parts)) if b]


def _split_spans_reference(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """split_spans before its shortcuts: every guard asked at every boundary."""
    if not text.strip():
        return []
    spaced = _WIDE_SPACE.sub(" ", text)  # sentencex sees plain spaces (it panics on others)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sentence in _sentencex(spaced):
        piece = sentence.strip()
        if not piece:
            continue
        start = spaced.find(piece, cursor)
        if start < 0:
            break
        spans.append((start, start + len(piece)))
        cursor = start + len(piece)
    rest = spaced[cursor:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        spans.append((cursor + lead, cursor + len(rest.rstrip())))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        before = text[merged[-1][0] : merged[-1][1]] if merged else ""
        if merged and (
            _quote_open(before)
            or (text[start : start + 1].islower() and bool(_ABBREV_END.search(before)))
        ):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [(s + offset, e + offset) for s, e in merged]


def _is_subheading_reference(block: str) -> bool:
    words = block.split()
    return (
        0 < len(words) <= ing.SUBHEADING_MAX_WORDS
        and not block.endswith(ing._CLOSING)
        and block[0].isupper()
        and not ing._COPYRIGHT.match(block)
    )


# ---------------------------------------------------------------- the comparisons


def test_printable_strings_hold_no_space_but_the_plain_one() -> None:
    """The premise of the one-space shortcut, over every code point."""
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()]
    assert spaces == [" "]


@settings(max_examples=400, deadline=None)
@given(st.one_of(tricky_text, prose))
def test_normalization_shortcuts_match_the_plain_code(text: str) -> None:
    assert ing._characters(text) == _characters_reference(text)
    assert ing._one_space(text) == " ".join(text.split())
    assert ing.one_line(text) == " ".join(_characters_reference(text).split())
    assert split_blocks(text) == _split_blocks_reference(text)
    for block in split_blocks(text):
        assert ing._is_subheading(block) == _is_subheading_reference(block)


@settings(max_examples=400, deadline=None)
@given(st.one_of(tricky_text, prose), st.integers(0, 50))
def test_sentence_spans_match_the_plain_code(text: str, offset: int) -> None:
    expected = _split_spans_reference(text, offset)
    assert split_spans(text, offset=offset) == expected
    if not _WIDE_SPACE.search(text):  # what plain=True promises
        assert split_spans(text, offset=offset, plain=True) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x1c",
        "One sentence.",
        'He said "no. Never." Then left.',
        "“Open quote. Still quoting. Closed.” After.",
        "«Bonjour. Ça va.» Fin.",
        "The U.S. then agreed. It was done.",
        "Sen. Smith (D-Calif.) said no. e. coli spread.",
        "Prices rose 5 % in Zürich – the café’s “best” year 🎉. Müller said so.",
        "The strike hit a depot.Five people were hurt.",
        "  leading and trailing spaces.   Second one.  ",
        # a full stop after white space beyond ASCII: sentencex itself panics on these
        "A\xa0. B",
        "M\u2028.)a",
        "Prices rose\u202f. Then\u3000fell.\u2009Again.",
    ],
)
def test_sentence_spans_of_hard_cases_match_the_plain_code(text: str) -> None:
    assert split_spans(text) == _split_spans_reference(text)
    assert split_spans(text, offset=7) == _split_spans_reference(text, 7)


def test_the_wide_spaces_are_all_the_white_space_beyond_ascii() -> None:
    wide = {c for c in map(chr, range(128, 0x110000)) if c.isspace()}
    assert {c for c in map(chr, range(0x110000)) if _WIDE_SPACE.fullmatch(c)} == wide


def test_white_space_beyond_ascii_splits_as_a_plain_space_would() -> None:
    """sentencex panics on a full stop after such a space (a Rust slice inside the
    character); the segments are found as with plain spaces, at the text's own offsets."""
    text = "Prices rose\u202f. Then\u3000fell.\u2009Again."
    plain = "Prices rose . Then fell. Again."
    assert split_spans(text) == split_spans(plain)
    assert [text[s:e] for s, e in split_spans(text)] == [
        "Prices rose\u202f.", "Then\u3000fell.", "Again."]  # fmt: skip
    assert split_spans("A\xa0. B", offset=3) == [(3, 8)]


def _raw(title: str, text: str) -> RawArticle:
    src = ArticleSource(file="t.jsonl", format="jsonl", file_sha256="0" * 64, line=3,
                        publisher=None, url="https://example.org/a")  # fmt: skip
    return RawArticle(title=title, blocks=tuple((None, b) for b in split_blocks(text)),
                      source=src, normalized=True)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(prose, st.lists(st.one_of(prose, tricky_text), min_size=1, max_size=5))
def test_article_line_is_the_encoded_record(title: str, paragraphs: list[str]) -> None:
    """orjson's own dataclass output is byte for byte the codec's line, id included."""
    text = "\n\n".join([*paragraphs, "The end."])
    article = build_article(_raw(title, text))
    assert article_line(article) == dumps(encode(article))
    assert article.id == article_id(article.text)


def test_article_line_with_boilerplate_and_the_seed(seed_articles) -> None:
    raw = _raw("Title", "WASHINGTON (Reuters) – A said so.\n\nSub Heading\n\nMore text.\n\n"
               "Copyright 2024 AP")  # fmt: skip
    article = build_article(raw)
    assert article.boilerplate and any(b.kind == "subheading" for b in article.structure)
    for a in [article, *seed_articles]:
        assert article_line(a) == dumps(encode(a))


@dataclass(frozen=True)
class _Inner:
    x: int | None = field(default=None, metadata=OMIT_NONE)


@dataclass(frozen=True)
class _Outer:
    inner: tuple[_Inner, ...]
    name: str | None = None


def test_article_line_falls_back_to_the_codec_for_a_field_that_omits_none() -> None:
    assert not encodes_natively(_Outer)  # found in a record type nested in a tuple
    assert encodes_natively(type(build_article(_raw("T", "Body."))))
    assert ing._NATIVE_JSON


def test_ingest_output_is_unchanged_on_a_generated_corpus(tmp_path: Path) -> None:
    """The whole file, fast paths and all, equals one written by the codec line by line."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    import corpus

    src = corpus.write_articles(tmp_path / "corpus.jsonl", 30)
    out = tmp_path / "articles.jsonl"
    ing.ingest_to_file([src], out)
    expected = b"".join(dumps(encode(a)) for a in ing.ingest([src]).articles)
    assert out.read_bytes() == expected


_KEYS = st.sampled_from(["text", "title", "url", "t\\u0065xt", "a", 'q\\"'])
_JSON_SPACE = st.sampled_from(["", " ", "\t", "\n ", "\r\n"])
_VALUES = st.one_of(
    st.just('"He said \\": no"'), st.just('"\\"text\\":"'), st.just("null"), st.just("1"),
    st.just('{"a": 1, "a": 2}'), st.just('[{"b": 1, "b": 2}]'), st.just("[]"), st.just('"x"'),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_KEYS, _JSON_SPACE, _VALUES), max_size=5), _JSON_SPACE)
def test_the_unique_key_shortcut_never_passes_a_repeated_key(pairs, space) -> None:
    """Only lines the full check accepts may skip it, whatever the spacing and escapes."""
    import orjson

    from toolkit.errors import DataError
    from toolkit.jsonl import check_unique_keys

    line = ("{" + ",".join(f'{space}"{k}"{s}:{space}{v}' for k, s, v in pairs) + "}").encode()
    obj = orjson.loads(line)
    if ing._keys_surely_unique(line, obj):
        check_unique_keys(line, "t.jsonl", 1)  # must not raise
    try:
        check_unique_keys(line, "t.jsonl", 1)
    except DataError:
        assert not ing._keys_surely_unique(line, obj)


def test_the_unique_key_shortcut_takes_plain_article_lines() -> None:
    assert ing._keys_surely_unique(b'{"title": "T", "text": "A \\"quote\\" here."}',
                                   {"title": "T", "text": 'A "quote" here.'})  # fmt: skip
    assert not ing._keys_surely_unique(b'{"text":"a","text":"b"}', {"text": "b"})
