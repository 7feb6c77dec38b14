"""Every rule at once, as a table: real-looking news sentences -> {claim: label}.

Each row is one article (its paragraphs) and every claim the generator makes from it
with all registered rules, exactly: a claim that appears, vanishes or changes label
fails the row. The labels are what a careful reader of the article gives each claim;
a maintainer read every row against its article (not blind: the generated label was on
screen). Rows that must give nothing test the standalone gate.

Worth reading in the table:
- a titled or described speaker is never given another person's statement ("Treasurer
  Kim Beazley said ..." would hand Beazley a title the article gives Costello, which
  contradicts it), while an untitled one is, as NOT_ENOUGH_INFO (Nettle / Vanstone);
- no bound is written after "only" ("only less than 20 hospitals" is not English);
- hedged figures follow monotonicity: "more than 300" entails "more than 200" and says
  nothing of "more than 400".
"""

from __future__ import annotations

import pytest

from toolkit.claims.generate import generate
from toolkit.claims.rules import get_rules
from toolkit.ingest import RawArticle, build_article
from toolkit.records import ArticleSource, Label, Rejected

S, R, N = Label.SUPPORTED, Label.REFUTED, Label.NOT_ENOUGH_INFO
SOURCE = ArticleSource(file="t.txt", format="text", file_sha256="0" * 64)

CASES = [
    (
        ('Mayor Jane Smith said the council approved 120 new posts in March 2023.',),
        {
            'Mayor Jane Smith said the council approved 120 new posts in March 2023.': S,
            'Mayor Jane Smith said the council approved 180 new posts in March 2023.': R,
            'Mayor Jane Smith said the council approved more than 200 new posts in March 2023.': R,
            'Mayor Jane Smith said the council approved less than 200 new posts in March 2023.': S,
        },
    ),
    (
        ('AMP raised $750 million from its investors in Sydney last year.',),
        {
            'AMP raised $750 million from its investors in Sydney last year.': S,
            'AMP raised $940 million from its investors in Sydney last year.': R,
            'AMP raised $450 million from its investors in Sydney last year.': R,
            'AMP raised more than $700 million from its investors in Sydney last year.': S,
        },
    ),
    (
        ('Police in Melbourne arrested a 24-year-old man over the fire on Monday.',),
        {
            'Police in Melbourne arrested a 24-year-old man over the fire on Monday.': S,
            'Police in Melbourne arrested a 27-year-old man over the fire on Monday.': R,
            'Police in Melbourne arrested a 19-year-old man over the fire on Monday.': R,
        },
    ),
    (
        ('Qantas will cut more than 300 jobs at its Brisbane base, the airline said.',),
        {
            'Qantas will cut more than 300 jobs at its Brisbane base, the airline said.': S,
            'Qantas will not cut more than 300 jobs at its Brisbane base, the airline said.': R,
            'Qantas will cut more than 400 jobs at its Brisbane base, the airline said.': N,
            'Qantas will cut more than 200 jobs at its Brisbane base, the airline said.': S,
            'Qantas will cut less than 300 jobs at its Brisbane base, the airline said.': R,
        },
    ),
    (
        ('The Reserve Bank of Australia did not change interest rates in June.',),
        {
            'The Reserve Bank of Australia did not change interest rates in June.': S,
            'The Reserve Bank of Australia did change interest rates in June.': R,
        },
    ),
    (
        ('Senator Brian Greig said the Democrats would contest the leadership in 2002.',),
        {
            'Senator Brian Greig said the Democrats would contest the leadership in 2000.': R,
            'Senator Brian Greig said the Democrats would contest the leadership in 2002.': S,
            'Senator Brian Greig said the Democrats would not contest the leadership in 2002.': R,
        },
    ),
    (
        ('Sydney FC beat Perth Glory 3-1 in the grand final on Sunday.',),
        {
            'Sydney FC beat Perth Glory 3-1 in the grand final on Saturday.': R,
            'Sydney FC beat Perth Glory 3-1 in the grand final on Sunday.': S,
        },
    ),
    (
        ('Officials in Jakarta said 14 people died when the ferry sank near Bali.',),
        {
            'Officials in Jakarta said 14 people died when the ferry sank near Bali.': S,
            'Officials in Jakarta said 10 people died when the ferry sank near Bali.': R,
            'Officials in Jakarta said more than 20 people died when the ferry sank near Bali.': R,
            'Officials in Jakarta said less than 20 people died when the ferry sank near Bali.': S,
        },
    ),
    (
        ('Health Minister Tony Abbott announced only 12 hospitals would receive new funding in 2004.',),
        {
            'Health Minister Tony Abbott announced only 12 hospitals would receive new funding in 2004.': S,
            'Health Minister Tony Abbott announced only 15 hospitals would receive new funding in 2004.': R,
            'Health Minister Tony Abbott announced only 9 hospitals would receive new funding in 2004.': R,
        },
    ),
    (
        ('Opposition leader Kim Beazley said the government had lost control of the budget.', 'Treasurer Peter Costello said the surplus would reach $8 billion in 2002.'),
        {
            'Opposition leader Kim Beazley said the government had lost control of the budget.': S,
            'Opposition leader Kim Beazley said the government had not lost control of the budget.': R,
            'Treasurer Peter Costello said the surplus would reach $8 billion in 2002.': S,
            'Treasurer Peter Costello said the surplus would reach $5 billion in 2002.': R,
            'Treasurer Peter Costello said the surplus would reach more than $7 billion in 2002.': S,
            'Treasurer Peter Costello said the surplus would reach less than $7 billion in 2002.': R,
        },
    ),
    (
        ('Kerry Nettle said Labor needed a new policy on asylum seekers.', 'Amanda Vanstone said the detention centres in Woomera would stay open.'),
        {
            'Kerry Nettle said Labor needed a new policy on asylum seekers.': S,
            'Amanda Vanstone said Labor needed a new policy on asylum seekers.': N,
            'Amanda Vanstone said the detention centres in Woomera would stay open.': S,
            'Amanda Vanstone said the detention centres in Woomera would not stay open.': R,
            'Kerry Nettle said the detention centres in Woomera would stay open.': N,
        },
    ),
    (
        ('Police arrested Mark Taylor, 31, in Perth after a raid on Monday.', 'Detective Sarah Jones said Taylor had been under surveillance since May.'),
        {
            'Police arrested Mark Taylor, 31, in Perth after a raid on Wednesday.': R,
            'Police arrested Mark Taylor, 31, in Perth after a raid on Monday.': S,
            'Police arrested Mark Taylor, 29, in Perth after a raid on Monday.': R,
            'Detective Sarah Jones said Taylor had been under surveillance since May.': S,
            'Detective Sarah Jones said Taylor had not been under surveillance since May.': R,
        },
    ),
    (
        ('He said it would never happen again.',),
        {},
    ),
    (
        ('The fire destroyed 40 homes in the Blue Mountains west of Sydney on Saturday.',),
        {},
    ),
]


@pytest.mark.parametrize(("paragraphs", "expected"), CASES, ids=lambda v: str(v)[:40])
def test_every_claim_and_label_of_an_article(paragraphs: tuple[str, ...], expected: dict) -> None:
    article = build_article(RawArticle("", tuple((None, p) for p in paragraphs), SOURCE))
    made = {c.claim: c.label for c in generate([article], get_rules(None))
            if not isinstance(c, Rejected)}  # fmt: skip
    assert made == expected
