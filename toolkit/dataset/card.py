"""The dataset card (README.md) and its label plot, generated from the data.

A card people can trust states what the data *is*, so every number, table and example
here is computed from the records being published, never typed in. The YAML header
is assembled with the libraries that read it back: huggingface_hub's
``DatasetCardData`` for the Hub metadata, and ``datasets``' own ``MetadataConfigs``
(the ``configs`` list with data files per split) and ``DatasetInfosDict`` (features,
split sizes) for what ``load_dataset`` needs. Hand-built YAML strings drift from what
those libraries expect (the ClassLabel names, the split entries); theirs cannot.

The body is a Jinja template rendered by ``DatasetCard.from_template``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
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
WITHHELD = "withheld"
#: Up to this many articles the card lists each one; above, one row per publisher.
MAX_ARTICLE_ROWS = 50

#: How each claim-making method decides its label (the generator's contract, see the
#: project's design notes). A method not listed is shown with its name only.
METHODS: dict[str, str] = {
    "extracted": "A check-worthy sentence of an article restated as a claim that stands"
    " on its own. Labeled SUPPORTED: the sentence itself is the evidence.",
    "mutation:number": "One figure of an extracted claim, typed by its slot (money,"
    " count, percentage, age, sports score, time of day; identifiers such as \"P-3\" are"
    " not numbers), changed to a plausible value of the same slot. An exact figure or a"
    " reported extreme (\"up to\") changed is REFUTED; a hedged one (\"more than\")"
    " follows monotonicity (SUPPORTED or NOT_ENOUGH_INFO).",
    "mutation:date": "A weekday or calendar date moved. REFUTED when it dates a single"
    " event; bounds (\"by\", \"since\") follow monotonicity.",
    "mutation:entity": "A person or organisation, found by its context in the text (no"
    " name lists), replaced by another of the same type from the same article (then the"
    " corpus). REFUTED in a single-valued slot or as the agent of a reported act;"
    " NOT_ENOUGH_INFO in a non-exclusive relation. Places are not swapped: whether a"
    " swap is false depends on which place contains which.",
    "mutation:quantifier": "A hedge changed or an exact figure turned into a round bound."
    " The label follows monotonicity: \"more than 700\" is SUPPORTED by 750, \"less than"
    " 700\" is REFUTED.",
    "mutation:negation": "One negation removed or added outside quotations. REFUTED;"
    " capped at 15% of REFUTED claims, and SUPPORTED claims contain negations too, so"
    " that \"not\" does not give the label away.",
    "human": "Written by a person. Gold once two people (the author and a reviewer)"
    " agree on its label.",
}
NEI_TEXT = (
    "A statement given to another person named in the same article: the article does"
    " not say whether that person said it too. Labeled NOT_ENOUGH_INFO. (Every method"
    " also gives NOT_ENOUGH_INFO claims from held-out articles.)"
)
IMPORT_TEXT = "Imported from another dataset format; the label is the source's, mapped."

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

    articles: list[Article]
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


def method_text(method: str) -> str:
    """How claims of ``method`` were made and how their label is decided."""
    if method in METHODS:
        return METHODS[method]
    if method.startswith("nei:"):
        return NEI_TEXT
    if method.startswith("import:"):
        return IMPORT_TEXT
    return "(no description registered for this method)"


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
    methods_text = [(m, method_text(m)) for m in methods]

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
    current = data_fingerprint(inputs.split)
    if current == m.group(1):
        return None
    return (
        f"**Stale:** these results were computed on data with fingerprint `{m.group(1)}`;"
        f" this release's claims have fingerprint `{current}`. Rerun the baselines on this"
        " build and rebuild before trusting them."
    )


def citation_bibtex(articles: list[Article]) -> str:
    """The BibTeX entry of the card (and of the Croissant ``citeAs``)."""
    import toolkit

    return CITATION % {"year": _year(articles), "version": toolkit.__version__}


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


def render_card(inputs: CardInputs) -> str:
    """The README.md text: YAML header from the libraries, body from the template."""
    from huggingface_hub import DatasetCard

    ctx = card_context(inputs)
    card_data = _card_data(inputs, ctx["num_claims"])
    card = DatasetCard.from_template(card_data, template_str=TEMPLATE, **ctx)
    text = str(card)
    return text if text.endswith("\n") else text + "\n"


def label_plot_png(split: SplitResult) -> bytes:
    """A bar chart of labels per split, as PNG bytes (see :func:`toolkit.report.label_plot_png`)."""
    return report.label_plot_png({name: label_counts(split.splits[name]) for name in SPLITS})


TEMPLATE = """---
{{ card_data }}
---

# {{ pretty_name }}

A claim verification benchmark built from news articles with claimkit:
**{{ num_claims }} labeled claims** about **{{ num_articles }} article(s)**
({{ num_sentences }} sentences), each with the evidence sentences that decide it. Given a claim and evidence from the articles, a system
decides whether the evidence supports it, refutes it, or does not settle it. Every table
and example in this card is generated from the data it describes.

## Task and labels

As in FEVER, there are two settings: **oracle evidence** (the claim comes with its gold
evidence sentences) and **open** (a system retrieves evidence sentences from the
`articles` config, and is scored with the FEVER score: correct label *and* a complete
evidence group among the sentences it returns).

| id | label | meaning |
|---|---|---|
| 0 | `SUPPORTED` | the evidence entails the claim |
| 1 | `REFUTED` | the evidence contradicts the claim |
| 2 | `NOT_ENOUGH_INFO` | the corpus holds no evidence that entails or contradicts it |

`label` is a `ClassLabel` with exactly these names in this order.

### An example of each label
{% for ex in examples %}
**{{ ex.label }}**{% if ex.claim %} (`{{ ex.method }}`, {{ ex.status }})

> {{ ex.claim }}

{% if ex.evidence %}Evidence{% if ex.evidence | length > 1 %} (any one group decides){% endif %}:
{% for group in ex.evidence %}{% set outer = loop %}{% for e in group %}
- {% if ex.evidence | length > 1 %}group {{ outer.index }}: {% endif %}"{{ e }}"
{%- endfor %}{%- endfor %}
{% else %}Evidence: none (the corpus does not settle it).
{% endif %}{% else %}: no published claim has this label yet.
{% endif %}{% endfor %}
## Dataset structure

{% if num_articles %}Three configs{% else %}Two configs (`claims` and `provenance`; the evidence
is all external, so there is no `articles` corpus){% endif %}, in Parquet, laid out as
`push_to_hub` writes them.

**`claims`** (default), splits `train`, `validation`, `test`:

| field | type | meaning |
|---|---|---|
| `id` | string | stable id (hash of the source article and the case-folded claim) |
| `claim` | string | the claim, readable on its own |
| `label` | ClassLabel | `SUPPORTED`, `REFUTED`, `NOT_ENOUGH_INFO` |
| `evidence` | list of evidence groups, each a list of items (below) | alternative groups as in FEVER, empty for `NOT_ENOUGH_INFO` |
| `status` | string | `gold` (confirmed by a person), `silver` (generated, unreviewed), `disputed` |

An evidence item is {`article_id`, `sentence_index`, `start`, `end`, `exact`, `url`}; all
items of one group together decide the claim, and any one complete group is enough
(FEVER's rule). `start`/`end` are character offsets (code points, end exclusive) into the
article's `text`; `exact` is the quoted span. Evidence quoted from a source outside the
corpus (a contributor's citation, an AVeriTeC answer, a fact-check) has `article_id`,
`sentence_index`, `start` and `end` null, the quote in `exact` and its source in `url`
(null for corpus evidence).
{% if num_articles %}
**`articles`**, one split `{{ corpus_split }}` (the retrieval corpus for every claims
split): `id`, `title`, `text`, `sentences` (list of {`index`, `start`, `end`, `text`}),
and source metadata `publisher`, `url`, `published`, `file` (null where unknown).
{% endif %}
**`provenance`**, the same splits as `claims`, one row per claim: `id` (the claim's),
`method` (how the claim was made, see below) and `article_id` (the article it was derived
from, null if none). It is for audits and per-method scores, **never a model input**: the
method of a held-out `NOT_ENOUGH_INFO` claim (`nei:...`) or its article (absent from
`articles`) gives its label away, which is why it is not in `claims`.

### Labels per split

{{ split_table }}

![Label distribution per split]({{ plot_file }})

### How the splits are made

Each claim belongs to a group ({{ num_groups }} groups): claims linked by a shared
sentence (as source or as evidence), by near-duplicate text (MinHash + LSH, confirmed by
shingle Jaccard), by near-duplicate articles (a wire story printed twice) or, for articles
first seen in a corpus of {{ article_groups_from }} articles or more, by their article,
sit in one group. A new group's split is decided by the sha256 of its key, with ratios
train {{ ratios.train }}, validation {{ ratios.validation }}, test {{ ratios.test }} (of
groups, not claims), and recorded in the project's `data/splits.jsonl`: a published claim
never changes split, a new claim joins the split of the group it touches, and changed
ratios affect new groups only. {% if by_article %}The corpus has at least
{{ article_groups_from }} articles, so articles it gains are grouped whole.{% else %}The
corpus has fewer than {{ article_groups_from }} articles, so sentences, not whole articles,
make the groups.{% endif %}
{% if num_bridging %}{{ num_bridging }} new claim(s) touch groups of two different splits
and are withheld rather than moved.
{% endif %}{% if leaks %}
Shared across splits (checked at build time; a build with any fails):
{{ leaks.evidence_sentences }} evidence sentences, {{ leaks.source_sentences }} source
sentences, {% if leaks.near_duplicates_checked %}{{ leaks.near_duplicate_pairs }}
near-duplicate claim pairs{% else %}near-duplicate claim pairs not checked{% endif %}.
{% endif %}
The `test` split holds only `gold` claims: {{ num_withheld }} claim(s) whose group falls in
`test` but that no person has confirmed yet are withheld, and enter `test` once reviewed.
{% if empty_splits %}The {{ empty_splits }} split(s) hold no claims yet, so they are not in
the dataset (`load_dataset` refuses a declared split without rows).{% endif %}

## How the claims were made
{% for method, text in methods_text %}
- **`{{ method }}`**: {{ text }}
{%- endfor %}

Claims and labels per method (all {{ num_all_claims }} claims, withheld ones included):

{{ method_table }}

Each generated claim records the versioned rule that made it, so artifacts can be
audited per rule:

{{ rule_table }}

{% if held_out %}**Held-out articles.** {{ held_out }} article(s), chosen by a hash of their id
(about 15%, stable as data grows; listed in the project's `data/heldout.txt`), are not in
the `articles` config. Claims extracted and edited from them, by the same rules as from any
other article, are `NOT_ENOUGH_INFO`: the published corpus holds no evidence for them, which
was checked by BM25 retrieval (claims the corpus still settles were dropped). Their
`article_id` in the `provenance` config names an article that is not published: a system
that uses the `provenance` config to predict labels is reading the answer.

{% endif %}### Claim-only audit and adversarial filtering

A model that sees only the claim should not beat the majority class by much; if it does,
the wording gives the label away (FEVER's claim-only baseline reached 61.7% against 33.3%).
{% if aflite_summary %}Adversarial filtering (AFLite) dropped generated silver claims that
claim-only models predicted again and again, the same share of each label, never a
reviewed one: {{ aflite_summary }}.
{% endif %}{% if audit_md %}
{{ audit_md }}{% else %}
No audit figures for this release: run `claimkit audit` before `claimkit build`.
{% endif %}
## Review status

{{ gold }} gold, {{ silver }} silver, {{ disputed }} disputed claim(s). A generated claim
is gold once a person confirms its label; a claim a person wrote needs a second person.
Disputed claims (people disagree) stay in train/validation with their status, so they can
be filtered out.

{{ status_table }}
{% if maintainer_reviews %}
**Who reviewed.** The annotators named `claimkit-review-N` ({{ maintainer_reviews }}) are
the project's maintainers, not independent or crowd annotators. Review 1 of the seed
claims saw the generated label (not blind); later reviews were blind: the reviewer saw
only the claim and an article, never the generated label, rule or evidence. Their files
are in the project's `data/annotations/`.
{% endif %}
### Annotator agreement

Over the claims that two or more people labeled (for comparison, FEVER reported Fleiss'
kappa 0.68 and AVeriTeC 0.62):

{{ agreement_md }}

## Baseline results

{% if results_stale %}{{ results_stale }}

{% endif %}{% if results_md %}{{ results_md }}{% else %}No baseline results yet: they appear here once the
project's baselines have been run on this release.{% endif %}

## Limitations and biases

- **Size**: {{ num_claims }} published claims from {{ num_articles }} article(s).
  {% if num_test %}The test split has {{ num_test }} claims, so an accuracy measured on it
  is known to about ±{{ test_ci }} points (95% binomial interval).{% else %}There is no test
  split yet: no claim of a test group has been confirmed by a person.{% endif %}
- **Sources**: {% if num_publishers == 1 %}every article comes from one source
  (publisher: {{ publishers }}). A benchmark from a single outlet carries its topics,
  framing and style, and says little about other outlets.{% else %}{{ num_publishers }}
  publishers ({{ publishers }}); topics, framing and style follow their mix.{% endif %}
- **Generated claims**: {{ pct_generated }}% of the claims were made by rules. Rule-made
  claims carry artifacts (a claim-only model reached 61.7% on FEVER against a 33.3%
  majority baseline, mostly from negation cues); compare any model with a claim-only
  baseline, and check per-method scores.
- **Silver labels**: only {{ gold }} claim(s) have been confirmed by a person; silver
  labels in train/validation come from the generator's rules and can be wrong.
- **Time**: news claims are true or false as of the article's date; the labels judge the
  claim against the article, not against the world today.

## Sources and licences

Where the records of this release come from, and the licence each carries (the
metadata's `license` lists {{ license_ids }}{% if license_name %}; `other` is
`{{ license_name }}`, explained here{% endif %}):

{{ provenance_table }}
{% if num_articles %}
Articles:

{{ article_table }}
{% endif %}{% if has_news %}
News article texts belong to their publishers (copyright notices, where the source had
one, are recorded above and in the project's data). They are included for research on
claim verification. {% endif %}The claims, labels and annotations made in claimkit are
contributed by the claimkit project; imported ones keep their source's licence.

## How to load

```python
from datasets import load_dataset

claims = load_dataset("path/or/repo-id")              # config "claims": train/validation/test
{% if num_articles %}articles = load_dataset("path/or/repo-id", "articles")  # split "{{ corpus_split }}"
{% endif %}provenance = load_dataset("path/or/repo-id", "provenance")  # method, article_id by claim id
claims["train"].features["label"].names   # ['SUPPORTED', 'REFUTED', 'NOT_ENOUGH_INFO']
```

With claimkit installed, `toolkit.load_benchmark(path)` returns the same `DatasetDict`,
or pandas DataFrames with `as_pandas=True`. The folder also holds `croissant.json`
(Croissant 1.1 metadata: splits, nested fields, label names).

## Version

Schema version **{{ version }}** (configs and features; a renamed or removed column is a
major step). Changes:
{% for number, what in changes %}
- **{{ number }}**: {{ what }}.
{%- endfor %}

## How to contribute

Add articles with `claimkit ingest`, write or review claims with the project's
contribution commands, check everything with `claimkit validate`, then rebuild with
`claimkit build`. A contributed claim becomes gold when a second person agrees with its
label. Corrections to a label are annotations, never silent edits: the history of who
said what stays in `data/claims.jsonl`.

## Citation

```bibtex
{{ citation }}
```
"""
