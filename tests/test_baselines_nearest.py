"""Oracle setting: a NOT_ENOUGH_INFO claim reads its nearest sentence, never an empty field.

Without this the oracle baselines could tell NOT_ENOUGH_INFO from an empty evidence
column alone (they scored 100% on the seed's test split that way).
"""

from __future__ import annotations

from toolkit.baselines.run import frame, nearest_evidence
from toolkit.records import Article, Claim, CorpusSentence, Evidence


def _corpus(article: Article) -> list[CorpusSentence]:
    return [CorpusSentence(article.id, s.index, article.sentence_text(s.index))
            for s in article.sentences]  # fmt: skip


def test_nei_claims_get_their_nearest_sentence(seed_articles: list[Article]) -> None:
    article = seed_articles[0]
    corpus = _corpus(article)
    source = article.sentence_text(13)  # "After the US changed its stance ... Germany followed suit"
    nei = Claim(id="a" * 16, claim="According to Reuters, " + source[0].lower() + source[1:],
                label="NOT_ENOUGH_INFO", evidence=(), source=None, method="human")  # fmt: skip
    quote = Evidence(exact=source, article_id=article.id, sentence_index=13)
    supported = Claim(id="b" * 16, claim=source, label="SUPPORTED", evidence=((quote,),),
                      source=None, method="human")  # fmt: skip
    nearest = nearest_evidence([nei, supported], corpus)
    assert nearest == {nei.id: source}  # only the claim without gold evidence
    x = frame([nei, supported], nearest)
    assert list(x["evidence"]) == [source, source]
    assert (frame([nei])["evidence"] == "").all()  # what the model would have seen before


def test_no_corpus_means_no_nearest(seed_articles: list[Article]) -> None:
    nei = Claim(id="a" * 16, claim="Something unrelated.", label="NOT_ENOUGH_INFO", evidence=(),
                source=None, method="human")
    assert nearest_evidence([nei], []) == {}
