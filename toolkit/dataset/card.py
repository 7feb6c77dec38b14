"""The dataset card (README.md) and its label plot, generated from the data.

A card people can trust states what the data *is*, so every number, table and example
here is computed from the records being published, never typed in. The YAML header
is assembled with the libraries that read it back: huggingface_hub's
``DatasetCardData`` for the Hub metadata, and ``datasets``' own ``MetadataConfigs``
(the ``configs`` list with data files per split) and ``DatasetInfosDict`` (features,
split sizes) for what ``load_dataset`` needs. Hand-built YAML strings drift from what
those libraries expect (the ClassLabel names, the split entries); theirs cannot.

The body is the Jinja template ``card.md.j2`` next to this module, rendered by
``DatasetCard.from_template``.
"""

from __future__ import annotations

import inspect
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

from toolkit import report
from toolkit.dataset.features import ARTICLES, CHANGES, CLAIMS, CORPUS_SPLIT, PROVENANCE, VERSION
from toolkit.dataset.provenance import LICENSE_LINK, Provenance, provenance
from toolkit.dataset.splits import SPLITS, SplitConfig, SplitResult
from toolkit.evaluate.fever import fingerprint
from toolkit.records import LABELS, Article, Claim, Status
from toolkit.report import md_table

PRETTY_NAME = "claimkit news claim verification"
PLOT_FILE = "label_distribution.png"
#: The card's body, a Jinja template (a Markdown file) next to this module.
TEMPLATE_FILE = "card.md.j2"
WITHHELD = "withheld"
#: Up to this many articles the card lists each one; above, one row per publisher.
MAX_ARTICLE_ROWS = 50

#: Methods no registered rule makes: how their claims come about and get their label.
#: The rules' own descriptions come from their docstrings (:func:`method_rules`).
OTHER_METHODS: dict[str, str] = {
    "human": "Written by a person. Gold once two people (the author and a reviewer)"
    " agree on its label.",
    "import:": "Imported from another dataset format; the label is the source's, mapped.",
}
RETIRED = "Made by a rule that is no longer registered (an earlier generator version)."


CITATION = """@misc{claimkit_news_claims,
  title        = {claimkit: a claim verification benchmark built from news articles},
  author       = {{claimkit contributors}},
  year         = {%(year)s},
  howpublished = {Hugging Face dataset, built with claimkit %(version)s},
  note         = {Claims and labels derived from news articles; see the dataset card}
}"""


@dataclass(frozen=True)
class CardInputs:
    """Everything the card is generated from."""

    articles: Sequence[Any]  # Article records, or ArticleEntry (the build's)
    split: SplitResult
    split_config: SplitConfig
    infos: dict[str, Any]  # config name -> datasets.DatasetInfo
    results_md: str | None = None
    #: Articles held out of the published corpus (the NOT_ENOUGH_INFO source).
    held_out: int = 0
    #: ``claimkit audit``'s Markdown and ``claimkit filter``'s summary, when computed on
    #: this release's claims file (None otherwise).
    audit_md: str | None = None
    aflite_summary: str | None = None
    leaks: Any = None  # toolkit.dataset.leaks.LeakReport; None: not checked
    #: The whole claims of light split rows (:class:`~toolkit.dataset.claimfile.ClaimEntry`,
    #: the build's), for the examples; None: the split holds claims.
    read_claims: Callable[[Sequence[Any]], Iterable[Claim]] | None = None
    #: :func:`data_fingerprint` of the split, when the build computed it while writing.
    fingerprint: str | None = None


def rule_text(doc: str | None) -> str:
    """A rule's docstring as one paragraph for the card, without its version history.

    Sentences that start with "Version N" say what an earlier version did wrong: that
    helps a maintainer, not a reader of this release.
    """
    text = " ".join(inspect.cleandoc(doc or "").split())
    text = re.sub(r"(?:^|(?<=[.!?]) )Version \d+\b[^.]*\.(?: |$)", "", text).strip()
    return text or "(no description)"


@dataclass(frozen=True)
class MethodDoc:
    """How claims of one ``method`` were made: its registered rules' descriptions, or a
    text for a method no rule makes."""

    method: str
    rules: tuple[tuple[str, str], ...]
    text: str = ""


def method_rules(methods: Iterable[str]) -> list[MethodDoc]:
    """Each method's registered rules (``name@N`` and docstring), in registration order."""
    from toolkit.claims.rules import get_rules

    by_method: dict[str, list[tuple[str, str]]] = {}
    for rule in get_rules():
        by_method.setdefault(rule.method, []).append((rule.key, rule_text(rule.fn.__doc__)))
    out = []
    for m in methods:
        other = next((t for k, t in OTHER_METHODS.items() if m == k or
                      (k.endswith(":") and m.startswith(k))), None)
        out.append(MethodDoc(m, tuple(by_method.get(m, ())), other or RETIRED))
    return out


def size_category(n: int) -> str:
    """The Hub's ``size_categories`` bucket for ``n`` examples."""
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
              (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"),
              (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B")]
    for bound, name in bounds:
        if n < bound:
            return name
    return "n>1T" if n >= 10**12 else "1B<n<10B"


def label_counts(claims: Iterable[Claim]) -> Counter[str]:
    return Counter(c.label for c in claims)


def pick_examples(split: SplitResult) -> list[tuple[str, Claim | None]]:
    """One published claim per label: gold first, then the smallest id (deterministic)."""
    best: dict[str, Claim] = {}
    for name in SPLITS:
        for c in split.splits[name]:
            key = (c.status != Status.GOLD.value, c.id)
            have = best.get(c.label)
            if have is None or key < (have.status != Status.GOLD.value, have.id):
                best[c.label] = c
    return [(label, best.get(label)) for label in LABELS]


def _card_data(inputs: CardInputs, num_claims: int) -> Any:
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCardData

    prov = build_provenance(inputs)
    extra: dict[str, Any] = {}
    if prov.license_name is not None:
        extra = {"license_name": prov.license_name, "license_link": LICENSE_LINK}
    card_data = DatasetCardData(
        pretty_name=PRETTY_NAME,
        license=prov.license,
        **extra,
        language=["en"],
        task_categories=["text-classification"],
        task_ids=["fact-checking"],
        size_categories=[size_category(num_claims)],
        annotations_creators=["machine-generated", "expert-generated"],
        language_creators=["found"],
        multilinguality=["monolingual"],
        source_datasets=prov.source_datasets,
        tags=prov.tags,
    )
    configs: dict[str, Any] = {
        CLAIMS: {
            "data_files": [
                {"split": name, "path": f"{CLAIMS}/{name}-*"}
                for name in SPLITS
                if inputs.split.splits[name]
            ],
            "default": True,
        },
    }
    if ARTICLES in inputs.infos:  # no corpus (external evidence only): no articles config
        configs[ARTICLES] = {
            "data_files": [{"split": CORPUS_SPLIT, "path": f"{ARTICLES}/{CORPUS_SPLIT}-*"}]
        }
    if PROVENANCE in inputs.infos:
        configs[PROVENANCE] = {
            "data_files": [{"split": name, "path": f"{PROVENANCE}/{name}-*"}
                           for name in SPLITS if inputs.split.splits[name]]
        }
    MetadataConfigs(configs).to_dataset_card_data(card_data)
    infos = DatasetInfosDict({name: inputs.infos[name] for name in (CLAIMS, ARTICLES, PROVENANCE)
                              if name in inputs.infos})
    infos.to_dataset_card_data(card_data)
    return card_data


def build_provenance(inputs: CardInputs) -> Provenance:
    """The origins of every claim of the build (withheld ones included) and article."""
    claims = [c for name in SPLITS for c in inputs.split.splits[name]]
    claims += [c for c, _ in inputs.split.withheld]
    return provenance(claims, inputs.articles)


def card_context(inputs: CardInputs) -> dict[str, Any]:
    """The template's variables: tables and numbers computed from the data."""
    split = inputs.split
    # One pass over the claims into a small counter; every table is read from it.
    tally: Counter[tuple[str, str, str, str, str]] = Counter()
    for name in SPLITS:
        tally.update((name, c.method, c.rule or "-", c.label, c.status)
                     for c in split.splits[name])
    tally.update((WITHHELD, c.method, c.rule or "-", c.label, c.status) for c, _ in split.withheld)

    def count(**where: str) -> int:
        idx = {"split": 0, "method": 1, "rule": 2, "label": 3, "status": 4}
        return sum(n for key, n in tally.items()
                   if all(key[idx[k]] == v for k, v in where.items()))

    n_split = {name: len(split.splits[name]) for name in SPLITS}
    n_pub = sum(n_split.values())
    n_all = n_pub + len(split.withheld)

    split_rows = [[name, n_split[name], *(count(split=name, label=lb) for lb in LABELS)]
                  for name in SPLITS]
    split_rows.append(["**all**", n_pub,
                       *(count(label=lb) - count(split=WITHHELD, label=lb) for lb in LABELS)])

    methods = sorted({key[1] for key in tally})
    method_rows = [[f"`{m}`", count(method=m), *(count(method=m, label=lb) for lb in LABELS),
                    count(method=m, status=Status.GOLD.value)] for m in methods]
    rules = sorted({(key[1], key[2]) for key in tally})
    rule_rows = [[f"`{m}`", f"`{r}`", count(method=m, rule=r)] for m, r in rules]
    methods_text = method_rules(methods)

    status_rows = [[name, *(count(split=name, status=st.value) for st in Status)]
                   for name in SPLITS]
    status_rows.append(["withheld (test groups)",
                        *(count(split=WITHHELD, status=st.value) for st in Status)])
    st_all = {st.value: count(status=st.value) for st in Status}
    generated = n_all - count(method="human")

    examples = []
    for label, c in pick_examples(split):
        if c is None:
            examples.append({"label": label, "claim": None})
            continue
        if inputs.read_claims is not None:
            [c] = inputs.read_claims([c])
        examples.append(
            {
                "label": label,
                "claim": c.claim,
                "method": c.method,
                "status": c.status,
                "evidence": [[e.exact for e in group] for group in c.evidence],
            }
        )

    from toolkit.agreement import agreement

    all_claims = [c for name in SPLITS for c in split.splits[name]]
    all_claims += [c for c, _ in split.withheld]
    agreement_md = agreement(all_claims).to_markdown().strip()

    publishers = Counter(a.source.publisher or "unknown" for a in inputs.articles)
    n_articles = len(inputs.articles)
    n_sentences = sum(len(a.sentences) for a in inputs.articles)
    ratios = inputs.split_config.ratios
    claims_info = inputs.infos[CLAIMS]
    prov = build_provenance(inputs)
    return {
        "provenance_table": md_table(["origin", "what", "records", "licence", "link"],
                                     prov.rows()),
        "license_ids": ", ".join(f"`{x}`" for x in prov.licenses),
        "license_name": prov.license_name,
        "has_news": bool(prov.articles.get("news")),
        "agreement_md": agreement_md,
        "num_claims": n_pub,
        "num_all_claims": n_all,
        "num_withheld": len(split.withheld),
        "num_articles": n_articles,
        "num_sentences": n_sentences,
        "num_publishers": len(publishers),
        "publishers": ", ".join(f"{p} ({n})" for p, n in publishers.most_common(10))
        + (", ..." if len(publishers) > 10 else ""),
        "num_test": n_split["test"],
        "test_ci": f"{196 * math.sqrt(0.25 / n_split['test']):.1f}" if n_split["test"] else "",
        "num_generated": generated,
        "pct_generated": f"{100 * generated / n_all:.0f}" if n_all else "0",
        "gold": st_all[Status.GOLD.value],
        "silver": st_all[Status.SILVER.value],
        "disputed": st_all[Status.DISPUTED.value],
        "labels": list(LABELS),
        "examples": examples,
        "split_table": md_table(["split", "claims", *LABELS], split_rows),
        "method_table": md_table(["method", "claims", *LABELS, "gold"], method_rows),
        "rule_table": md_table(["method", "rule", "claims"], rule_rows),
        "status_table": md_table(["split", *(s.value for s in Status)], status_rows),
        "article_table": sources_table(inputs.articles),
        "methods_text": methods_text,
        "by_article": split.by_article,
        "num_groups": split.groups,
        "num_bridging": len(split.conflicts),
        "leaks": inputs.leaks,
        "article_groups_from": inputs.split_config.article_groups_from,
        "ratios": {name: f"{r:g}" for name, r in zip(SPLITS, ratios, strict=True)},
        "plot_file": PLOT_FILE,
        "empty_splits": ", ".join(f"`{n}`" for n in SPLITS if not n_split[n]),
        "results_md": embed_markdown(inputs.results_md),
        "results_stale": stale_results_note(inputs),
        "corpus_split": CORPUS_SPLIT,
        "claims_bytes": claims_info.download_size,
        "citation": citation_bibtex(inputs.articles),
        "held_out": inputs.held_out,
        "maintainer_reviews": ", ".join(sorted({
            f"`{a.annotator}`" for c in all_claims for a in c.annotations
            if a.annotator.startswith("claimkit-review-")})),
        "audit_md": inputs.audit_md,
        "aflite_summary": inputs.aflite_summary,
        "version": VERSION,
        "changes": CHANGES,
    }


def embed_markdown(text: str | None, *, levels: int = 2) -> str | None:
    """``text`` with its headings moved ``levels`` down, to sit under a card section.

    ``baselines/RESULTS.md`` starts with its own ``# Baseline results``; embedded as is,
    it would be a second title in the middle of the card. Lines inside code fences are
    left alone.
    """
    if text is None or not text.strip():
        return None
    out, fenced = [], False
    for line in text.strip().splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,6} ", line):
            line = "#" * levels + line
        out.append(line)
    return "\n".join(out)


def data_fingerprint(split: SplitResult) -> str:
    """The baselines' fingerprint (:func:`toolkit.evaluate.fingerprint`) of the published
    claims, in split order."""
    return fingerprint(c for name in SPLITS for c in split.splits[name])


def stale_results_note(inputs: CardInputs) -> str | None:
    """A warning when the embedded results were computed on other data than this build.

    ``RESULTS.md`` names the data it scored by fingerprint; a card that shows scores of
    an earlier split next to this split's tables would mislead.
    """
    m = re.search(r"fingerprint `([0-9a-f]{16})`", inputs.results_md or "")
    if m is None:
        return None
    current = inputs.fingerprint or data_fingerprint(inputs.split)
    if current == m.group(1):
        return None
    return (
        f"**Stale:** these results were computed on data with fingerprint `{m.group(1)}`;"
        f" this release's claims have fingerprint `{current}`. Rerun the baselines on this"
        " build and rebuild before trusting them."
    )


def citation_bibtex(articles: list[Article]) -> str:
    """The BibTeX entry of the card (and of the Croissant ``citeAs``)."""
    return CITATION % {"year": _year(articles), "version": version("claimkit")}


def sources_table(articles: list[Article]) -> str:
    """Where the articles come from: one row per article for a small corpus, else one
    row per publisher (a card with ten thousand rows is read by nobody)."""

    def copyright_years(arts: Iterable[Article]) -> str:
        years = sorted({b.year for a in arts for b in a.boilerplate if b.year is not None})
        return ", ".join(f"© {y}" for y in years) or "none recorded"

    if len(articles) <= MAX_ARTICLE_ROWS:
        return md_table(
            ["id", "title", "publisher", "url", "published", "file", "copyright"],
            [[f"`{a.id}`", a.title, a.source.publisher or "unknown", a.source.url or "unknown",
              a.source.published or "unknown", f"`{a.source.file}`", copyright_years([a])]
             for a in articles],
        )
    by_pub: dict[str, list[Article]] = {}
    for a in articles:
        by_pub.setdefault(a.source.publisher or "unknown", []).append(a)
    rows = []
    for pub, arts in sorted(by_pub.items()):
        dates = sorted(a.source.published for a in arts if a.source.published)
        span = f"{dates[0]} to {dates[-1]}" if dates else "unknown"
        rows.append([pub, len(arts), span, copyright_years(arts)])
    return md_table(["publisher", "articles", "published", "copyright"], rows)


def _year(articles: list[Article]) -> str:
    """The citation year: the latest copyright or publication year in the data.

    Taken from the data, not the clock, so that rebuilds are byte-identical.
    """
    years = [b.year for a in articles for b in a.boilerplate if b.year is not None]
    years += [int(a.source.published[:4]) for a in articles
              if a.source.published and a.source.published[:4].isdigit()]
    return str(max(years)) if years else "n.d."


def template_text() -> str:
    """The card's Jinja template, :data:`TEMPLATE_FILE`, shipped beside this module."""
    from importlib.resources import files

    return files(__package__).joinpath(TEMPLATE_FILE).read_text(encoding="utf-8")


def render_card(inputs: CardInputs) -> str:
    """The README.md text: YAML header from the libraries, body from the template."""
    from huggingface_hub import DatasetCard

    ctx = card_context(inputs)
    card_data = _card_data(inputs, ctx["num_claims"])
    card = DatasetCard.from_template(card_data, template_str=template_text(), **ctx)
    text = str(card)
    return text if text.endswith("\n") else text + "\n"


def label_plot_png(split: SplitResult) -> bytes:
    """A bar chart of labels per split, as PNG bytes (see :func:`toolkit.report.label_plot_png`)."""
    return report.label_plot_png({name: label_counts(split.splits[name]) for name in SPLITS})
