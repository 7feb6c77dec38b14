"""Sentence segmenters compared: accuracy on hard news cases first, then speed.

Each case below is a short passage and the sentences a careful reader would cut it
into (abbreviations such as "D-Calif.", "a.m.", "U.S.", "No. 2", initials, decimals,
quotations ending in "he said.", ellipses, and run-ons where a scraper lost the space
after a full stop). A segmenter gets a case right when its sentences, stripped, are
exactly the expected ones. Candidates: claimkit's own ``split_spans`` (sentencex plus
two repair guards), pysbd (claimkit's earlier choice) with and without the guards,
sentencex, blingfire and nupunkt, the last two also behind the guards.

Speed is measured on the paragraphs of the generated corpus (``benchmarks/corpus.py``)
and, with ``--dev FILE``, on the paragraphs of a real-news JSONL file (``title``/``text``
per line), where the segmenters' disagreements with claimkit are also counted.

Prints the table; asserts nothing. Usage:
``python benchmarks/bench_segmenters.py [--articles 200] [--dev dev.jsonl] [--show-errors]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

from toolkit.ingest import split_blocks  # noqa: E402
from toolkit.segment import split_spans  # noqa: E402

# Each case: the expected sentences; the passage is them joined by one space, unless
# the case is a (text, sentences) pair (run-ons whose text is not a plain join).
CASES: list[list[str] | tuple[str, list[str]]] = [
    ["Sen. Dianne Feinstein (D-Calif.) voted against the bill.", "It passed anyway."],
    ["Rep. Nancy Pelosi, D-Calif., said the vote would be held.", "It was held on Friday."],
    ["Sen. Joe Manchin (D-W.Va.) voted no.", "The vote was 52-48."],
    ["The meeting starts at 9 a.m. on Tuesday.", "Officials will attend."],
    ["The polls closed at 6 p.m.", "Officials said turnout was high."],
    ["The flight left at 7 a.m.", "It landed at noon."],
    ["It happened at 5 p.m. ET on Monday.", "No one was hurt."],
    ["They arrived at 10:30 a.m. Eastern time.", "They left at noon."],
    ["The U.S. Army said it would respond.", "No details were given."],
    ["He moved to the U.S.", "Then he started a company."],
    ["The U.N. Security Council met on Monday.", "It issued a statement."],
    ["The law takes effect in the U.K. next year.", "Businesses must comply."],
    ["The U.S.-led coalition struck targets in Syria.", "The Pentagon confirmed it."],
    ["Washington, D.C., is the capital.", "It is not a state."],
    ["She is ranked No. 2 in the world.", "Her rival is No. 1."],
    ["See p. 12 of the report.", "It lists the costs."],
    ["The bill (H.R. 815) passed the House.", "It now goes to the Senate."],
    ["He cited Art. 5 of the NATO treaty.", "Allies agreed."],
    ["J.R.R. Tolkien wrote the book in 1937.", "It sold well."],
    ["George W. Bush spoke on Friday.", "He was brief."],
    ["A.P. Moller-Maersk cut its forecast.", "Shares fell."],
    ["E. coli was found in the water.", "Residents were warned."],
    ["Dr. Smith and Prof. Jones met in St. Louis.", "They talked for an hour."],
    ["Lt. Col. Jane Doe commanded the unit.", "She retired in 2020."],
    ["Gen. Mark Milley testified.", "Lawmakers asked questions."],
    ["The firm, Acme Inc., reported a loss.", "Its stock fell."],
    ["Shares of Apple Inc. rose.", "The market closed higher."],
    ["Smith et al. published the study in 2021.", "It was widely cited."],
    ["He earned a Ph.D. in physics.", "Then he taught."],
    ["Approx. 300 people attended.", "Police kept order."],
    ["The summit is set for Jan. 15 in Geneva.", "Leaders will attend."],
    ["Revenue grew 12 percent, to $3.4 billion, in the quarter ended Sept. 30.",
     "Analysts had expected less."],
    ["Inflation rose 3.5 percent in May.", "Prices fell 0.2 percent in June."],
    ["The company earned $4.25 billion.", "Shares rose 1.5%."],
    ["Version 2.0 launches today.", "Users can update."],
    ["The deal, worth about €1.2 bn, closed on Friday.", "Both sides signed."],
    ['"We will not back down," he said.', "The crowd cheered."],
    ["“We are ready,” Mr. Kirby said.", "He left the room."],
    ['"The weapons will be used," Kirby said.', '"We have been clear."'],
    ["“I don’t know,” she said.", "“Maybe tomorrow.”"],
    ['He called it "a disaster."', "Others disagreed."],
    ['"Is this over?" she asked.', "Nobody answered."],
    ["He paused... then continued speaking.", "The room was silent."],
    ["He hesitated… then he agreed.", "The deal was done."],
    ["The results were mixed...", "Some districts reported late."],
    ["Why now?", "Nobody knows."],
    ["Wow!", "That was fast."],
    ("Officials said the strike hit a depot.Five people were hurt.",
     ["Officials said the strike hit a depot.", "Five people were hurt."]),
    ("The attack killed three people.The mayor asked for help.",
     ["The attack killed three people.", "The mayor asked for help."]),
    ("Russia fired 12 missiles overnight. Ukraine said it shot down 10.The rest hit Kharkiv.",
     ["Russia fired 12 missiles overnight.", "Ukraine said it shot down 10.",
      "The rest hit Kharkiv."]),
]  # fmt: skip


def cases() -> list[tuple[str, list[str]]]:
    return [c if isinstance(c, tuple) else (" ".join(c), c) for c in CASES]


def _claimkit(text: str) -> list[str]:
    return [text[s:e] for s, e in split_spans(text)]


def _guarded(fn: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """``fn`` behind claimkit's repair guards (quotations, abbreviations)."""
    return lambda text: [text[s:e] for s, e in split_spans(text, segment=fn)]


def segmenters() -> dict[str, Callable[[str], list[str]]]:
    """Every candidate that is installed, as ``text -> sentences``."""
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)
    found: dict[str, Callable[[str], list[str]]] = {
        "claimkit (sentencex+guards)": _claimkit,
        "pysbd + guards (before)": _guarded(seg.segment),
        "pysbd": seg.segment,
    }
    try:
        import blingfire

        def _bf(text: str) -> list[str]:
            return [text[s:e] for s, e in blingfire.text_to_sentences_and_offsets(text)[1]]

        found["blingfire"] = _bf
        found["blingfire + guards"] = _guarded(_bf)
    except ImportError:
        print("(blingfire not installed: skipped)")
    try:
        import sentencex

        found["sentencex"] = lambda text: list(sentencex.segment("en", text))
    except ImportError:
        print("(sentencex not installed: skipped)")
    try:
        import nupunkt

        found["nupunkt"] = nupunkt.sent_tokenize
        found["nupunkt + guards"] = _guarded(nupunkt.sent_tokenize)
    except ImportError:
        print("(nupunkt not installed: skipped)")
    return found


def score(fn: Callable[[str], list[str]]) -> list[tuple[str, list[str], list[str]]]:
    """The cases ``fn`` gets wrong: ``(text, expected, got)``."""
    wrong = []
    for text, expected in cases():
        got = [s.strip() for s in fn(text) if s.strip()]
        if got != expected:
            wrong.append((text, expected, got))
    return wrong


def timed(fn: Callable[[str], list[str]], paragraphs: list[str]) -> tuple[float, int]:
    t = time.perf_counter()
    n = sum(len(fn(p)) for p in paragraphs)
    return time.perf_counter() - t, n


def paragraphs_of(rows: list[dict]) -> list[str]:
    return [b for r in rows for b in split_blocks(r["text"])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--dev", type=Path, help="real-news JSONL (title, text per line)")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()

    generated = paragraphs_of(list(corpus.generate_articles(args.articles)))
    dev = paragraphs_of([json.loads(x) for x in args.dev.open()]) if args.dev else None
    found = segmenters()
    reference = {p: _claimkit(p) for p in dev} if dev else {}

    n = len(cases())
    print(f"\n{n} hard cases; speed on {len(generated)} generated paragraphs"
          + (f" and {len(dev)} real-news paragraphs" if dev else ""))  # fmt: skip
    head = f"{'segmenter':<28} | {'wrong':>8} | {'generated':>11} | {'x claimkit':>10}"
    if dev:
        head += f" | {'real news':>10} | {'differs from claimkit':>22}"
    print(head)
    base = None
    for name, fn in found.items():
        wrong = score(fn)
        t_gen, _ = timed(fn, generated)
        base = base or t_gen
        line = f"{name:<28} | {len(wrong):>3}/{n:<4} | {t_gen * 1e3:8.1f} ms | {t_gen / base:9.2f}x"
        if dev:
            t_dev, _ = timed(fn, dev)
            differs = sum(
                [s.strip() for s in fn(p) if s.strip()] != reference[p] for p in dev
            )
            line += f" | {t_dev * 1e3:7.1f} ms | {differs:>10} paragraph(s)"
        print(line)
        if args.show_errors:
            for text, expected, got in wrong:
                print(f"    {text!r}\n      expected {expected}\n      got      {got}")


if __name__ == "__main__":
    main()
