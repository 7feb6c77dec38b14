"""The ``claimkit`` command line: each command is a thin wrapper around a library call.

This is the only module that imports typer. Commands translate options into a library
call and its result into a summary line; a :class:`~toolkit.errors.ClaimkitError` from
the library becomes one line ``Error: ...`` on stderr and its exit code (1 for bad data,
2 for bad usage). Anything else is a bug and crashes with a traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import typer

from toolkit.errors import ClaimkitError, os_error
from toolkit.jsonl import DEFAULT_MAX_BYTES

app = typer.Typer(
    name="claimkit",
    help="Turn news articles into a labeled claim/evidence benchmark.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])


def _version(value: bool) -> None:
    """``--version``: print the installed version and stop."""
    if value:
        from importlib.metadata import version

        typer.echo(f"claimkit {version('claimkit')}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help="Show the version and exit.")] = False,
) -> None:
    """Turn news articles into a labeled claim/evidence benchmark."""

Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar; only the summary line.")
]
MaxBytes = Annotated[
    int,
    typer.Option(
        "--max-bytes", min=1, help="Refuse an input file (or JSONL line) larger than this."
    ),
]
EngineName = Annotated[
    Literal["local", "dask"],
    typer.Option("--engine", help="Run the per-article work here (local) or on Dask workers."),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="With --engine dask: a scheduler address (tcp://host:8786), or local:N to "
        "start N worker processes on this machine. Default: local:2.",
    ),
]


#: The claims file a command reads and (for some) rewrites.
ClaimsJsonl = Annotated[Path, typer.Option("--claims", "-c", help="The claims file (JSONL).")]
#: Where a stage keeps the records it leaves out (``dist/rejects/<stage>.jsonl``).
Rejects = Annotated[
    Path, typer.Option("--rejects", help="Where the records left out go, each with its reason.")
]
LockTimeout = Annotated[
    float | None,
    typer.Option(
        "--lock-timeout",
        min=0,
        help="Seconds to wait while another claimkit command changes the data, then give"
        " up (default: wait as long as it takes).",
    ),
]


def handle_errors(func: F) -> F:
    """Turn the library's own errors, and the machine's (OSError), into one line and a code.

    Any option named ``lock_timeout`` configures the store's lock before the command runs,
    and temporary files that killed commands left in ``data/`` and ``dist/`` are removed.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from toolkit.jsonl import sweep_stale
        from toolkit.store import configure_locking

        configure_locking(timeout=kwargs.get("lock_timeout"), notify=say)
        for folder in (Path("data"), Path("dist")):  # what killed commands left behind
            sweep_stale(folder)
        try:
            return func(*args, **kwargs)
        except ClaimkitError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:
            typer.echo(f"Error: {os_error(exc)}", err=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def command(name: str | None = None) -> Callable[[F], F]:
    """Register a ``claimkit`` command whose errors :func:`handle_errors` turns into one
    line: every command wants both, so they are one decorator."""

    def register(func: F) -> F:
        return app.command(name)(handle_errors(func))

    return register


def say(message: str) -> None:
    """The one-line summary every command ends with (stderr, so stdout stays data)."""
    typer.echo(message, err=True)


# ---------------------------------------------------------------- articles


def _existing_inputs(values: list[str] | None) -> list[str] | None:
    """A plain local path must exist (as Typer's ``exists=True`` checks); globs and URLs
    are resolved by the library, which names what matched nothing."""
    for value in values or []:
        plain = "://" not in value and not any(c in value for c in "*?[")
        if plain and not Path(value).exists():
            raise typer.BadParameter(f"Path '{value}' does not exist.")
    return values


@command()
def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Article files, folders or globs (.txt, .jsonl, .jsonl.gz, .parquet, .html),"
            " local or fsspec URLs (s3://bucket/news/*.parquet). Default: seeds/.",
            callback=_existing_inputs,
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output JSONL.")] = Path(
        "data/articles.jsonl"
    ),
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    quiet: Quiet = False,
    lock_timeout: LockTimeout = None,
    engine: EngineName = "local",
    scheduler: Scheduler = None,
    rejects: Rejects = Path("dist/rejects/ingest.jsonl"),
) -> None:
    """Normalize articles, find their structure and sentences, write them sorted by id.

    A folder with a manifest.json is checked against it: a seed whose bytes changed is
    an error. The same article seen twice is stored once and reported. With --engine
    dask the articles are built on Dask workers; the file is the same bytes.
    """
    from toolkit.engine import make_engine
    from toolkit.ingest import ingest_to_file

    with make_engine(engine, scheduler=scheduler) as eng:
        result = ingest_to_file(
            paths or [Path("seeds")], out, max_bytes=max_bytes, quiet=quiet, engine=eng,
            rejects_path=rejects,
        )
    for aid, kept, dropped in result.duplicates:
        say(f"duplicate: {dropped} has the same text as {kept} (article {aid}); stored once")
    say(f"ingest: {result.summary()} to {out}")


@command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="JSONL files to check. Default: data/*.jsonl.", exists=True),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(help="Record kind (article, claim, prediction); default: from the name."),
    ] = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    near_duplicates: Annotated[
        bool,
        typer.Option(
            "--near-duplicates/--no-near-duplicates",
            help="Also link near-duplicate claims and articles when checking the splits"
            " for leaks (MinHash + LSH: linear in the number of claims).",
        ),
    ] = True,
) -> None:
    """Check records against the schemas and each other: one line per problem, then a count.

    Beyond the schema: unique ids, ids equal to their content hash, offsets inside the
    text and equal to their quotes, references to articles and sentences that exist,
    and anything the build's splits would share (a sentence, a near-duplicate claim):
    the same grouping and data/splits.jsonl as `claimkit build`. Exits 1 when anything
    is wrong.
    """
    from toolkit.dataset.leaks import validate_dataset
    from toolkit.errors import DataError

    if not paths:
        paths = sorted(Path("data").glob("*.jsonl"))
        if not paths:
            raise DataError("no JSONL files to validate", path="data")
    report = validate_dataset(
        paths, kind=kind, max_bytes=max_bytes, near_duplicates=near_duplicates
    )
    for problem in report.problems:
        typer.echo(str(problem))
    say(f"validate: {report.summary()}")
    if not report.ok:
        raise typer.Exit(1)


@command()
def migrate(
    data: Annotated[
        Path,
        typer.Option("--data", help="Folder holding claims.jsonl.", exists=True, file_okay=False),
    ] = Path("data"),
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """Upgrade the store's claims to the current schema (2.0.0: evidence groups), in place.

    Each version 1 claim's evidence list becomes one evidence group. The file is
    replaced atomically and only if something changed; running it again does nothing.
    """
    from toolkit.migrate import migrate_store

    say(f"migrate: {migrate_store(data, max_bytes=max_bytes).summary()}")


# ---------------------------------------------------------------- claims (extract, annotate, stats)


@command()
def extract(
    articles: Annotated[
        Path, typer.Option("--articles", "-a", help="Articles JSONL (from `claimkit ingest`).")
    ] = Path("data/articles.jsonl"),
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Claims JSONL; reviewed claims in it are kept.")
    ] = Path("data/claims.jsonl"),
    rejects: Rejects = Path("dist/rejects/extract.jsonl"),
    seed: Annotated[int, typer.Option(min=0, help="Seed for the rules' choices.")] = 0,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", help="Run only this rule (repeatable), e.g. number.swap@1."),
    ] = None,
    quiet: Quiet = False,
    lock_timeout: LockTimeout = None,
    engine: EngineName = "local",
    scheduler: Scheduler = None,
) -> None:
    """Turn articles into labeled claim/evidence pairs, keeping every reviewed claim.

    Check-worthy sentences (and the headline) become SUPPORTED claims and typed edits
    (numbers, dates, entities, quantifiers, negation) labeled by meaning; claims a person
    annotated, wrote or imported are kept exactly. Same input and seed: same bytes,
    also with --engine dask, which generates on Dask workers.
    """
    from toolkit.claims.extract import run_extract
    from toolkit.engine import make_engine

    with make_engine(engine, scheduler=scheduler) as eng:
        result = run_extract(articles, out, rejects, seed=seed, rules=rule, engine=eng)
    say(f"extract: {result.summary()}; wrote {out} and {rejects}")


@command()
def audit(
    claims: ClaimsJsonl = Path("data/claims.jsonl"),
    rejects: Annotated[
        Path, typer.Option(help="Extract's rejects, for the gate counts (skipped if missing).")
    ] = Path("dist/rejects/extract.jsonl"),
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for audit.json and AUDIT.md (the card's).")
    ] = Path("dist/audit"),
    max_gap: Annotated[
        float | None,
        typer.Option(min=0, help="Exit 1 when claim-only accuracy beats majority by more"
                     " than this many points (a CI gate for any dataset)."),
    ] = None,
    engine: EngineName = "local",
    scheduler: Scheduler = None,
) -> None:
    """Can the label be read off the claim alone? The claim-only probe and its tables.

    Grouped k-fold TF-IDF + logistic regression on the claim text against majority (with
    bootstrap intervals), label x method and x rule tables, each rule's predictability,
    the top LMI tokens per label and the standalone gate's counts. With --engine dask
    the folds are fitted on Dask workers; the report is the same.
    """
    from toolkit.audit import format_audit, run_audit
    from toolkit.engine import make_engine
    from toolkit.errors import DataError

    with make_engine(engine, scheduler=scheduler) as eng:
        report = run_audit(claims, rejects_path=rejects if rejects.is_file() else None,
                           out_dir=out, engine=eng)  # fmt: skip
    typer.echo(format_audit(report), nl=False)
    if max_gap is not None and report.probe is not None and report.probe.gap > max_gap:
        raise DataError(
            f"claim-only accuracy {report.probe.accuracy} beats majority "
            f"{report.probe.majority_accuracy} by {report.probe.gap:.1f} points (limit "
            f"{max_gap:g}); see the top tokens and rules above, or run `claimkit filter`",
            path=claims,
        )


@command("filter")
def filter_(
    claims: ClaimsJsonl = Path("data/claims.jsonl"),
    rejects: Rejects = Path("dist/rejects/aflite.jsonl"),
    max_gap: Annotated[
        float, typer.Option(min=0, help="Target: claim-only accuracy at most this many points"
                            " over majority.")
    ] = 5.0,
    lock_timeout: LockTimeout = None,
) -> None:
    """Adversarial filtering (AFLite): drop silver claims a claim-only model predicts.

    The backstop, not the fix: rounds drop the same share of each label until the target
    gap holds. Gold, disputed, human and imported claims are never dropped.
    """
    from toolkit.aflite import run_filter

    result = run_filter(claims, rejects_path=rejects, max_gap=max_gap)
    say(result.summary() + (f"; dropped claims in {rejects}" if result.dropped else ""))


@command()
def annotate(
    file: Annotated[
        Path,
        typer.Argument(
            help="Annotations JSONL: claim_id, annotator, label, note, created.",
            exists=True, dir_okay=False,
        ),
    ],
    claims: ClaimsJsonl = Path("data/claims.jsonl"),
    lock_timeout: LockTimeout = None,
) -> None:
    """Record people's judgments on claims; a claim turns gold or disputed by the status rule.

    The whole file is checked before anything is written: one bad line changes nothing.
    """
    from toolkit.claims.annotate import run_annotate

    result = run_annotate(file, claims)
    say(f"annotate: {result.summary()}; wrote {claims}")


@command()
def stats(
    claims: Annotated[
        Path, typer.Argument(help="Claims JSONL.", exists=True, dir_okay=False)
    ] = Path("data/claims.jsonl"),
    top: Annotated[int, typer.Option(min=1, help="Tokens per label in the LMI table.")] = 10,
) -> None:
    """Audit claims for artifacts: label x method, negation share, length, top tokens (LMI)."""
    from toolkit.claims.stats import audit, format_audit
    from toolkit.errors import DataError
    from toolkit.store import Store

    found = Store.of(claims=claims).claims(required=True)
    if not found:
        raise DataError("no claims to audit: the file is empty", path=claims)
    typer.echo(format_audit(audit(found, top=top)), nl=False)



# ---------------------------------------------------------------- dataset (build, publish)


@command()
def build(
    data: Annotated[
        Path, typer.Option("--data", help="Folder with articles.jsonl and claims.jsonl.")
    ] = Path("data"),
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Dataset folder to (re)write, swapped in whole.")
    ] = Path("dist/hf"),
    train: Annotated[float, typer.Option(min=0.0, max=1.0, help="Share of groups in train.")] = 0.6,
    validation: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Share of groups in validation.")
    ] = 0.2,
    test: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Share of groups in test (gold claims only).")
    ] = 0.2,
    results: Annotated[
        Path, typer.Option(help="Baseline results table to embed in the card, if it exists.")
    ] = Path("baselines/RESULTS.md"),
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """Build the Hugging Face dataset folder: Parquet per config/split, card, Croissant.

    Claims linked by a shared sentence, near-duplicate text or a near-duplicate article
    form one group; a new group's split is dealt by hash and recorded in
    data/splits.jsonl, so published claims never move. A claim bridging two splits is
    withheld and listed; anything shared across splits fails the build. Test holds only
    gold claims. Rebuilds from the same data are byte-identical.
    """
    from toolkit.dataset.build import build as run_build
    from toolkit.dataset.splits import SplitConfig

    result = run_build(
        data, out, split_config=SplitConfig(ratios=(train, validation, test)),
        results=results, max_bytes=max_bytes,
    )
    for cid, why in result.conflicts:
        say(f"withheld: claim {cid}: {why}")
    if result.new_groups:
        say(f"build: new groups recorded in {data / 'splits.jsonl'} (commit it with the data)")
    say(f"build: {result.summary()}")


@command()
def publish(
    repo_id: Annotated[str, typer.Option("--repo-id", help="Hub dataset repo, ORG/NAME.")],
    folder: Annotated[
        Path, typer.Option("--folder", help="The built dataset folder.")
    ] = Path("dist/hf"),
    private: Annotated[bool, typer.Option(help="Create the repo as private.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be uploaded; upload nothing.")
    ] = False,
) -> None:
    """Upload the built folder to the Hugging Face Hub (token: HF_TOKEN or saved login)."""
    from toolkit.dataset.publish import plan_upload
    from toolkit.dataset.publish import publish as run_publish

    plan = plan_upload(folder, repo_id, private=private)
    if dry_run:
        for rel, size in plan.files:
            typer.echo(f"{size:>12}  {rel}")
        say(f"publish (dry run): would upload {plan.summary()}")
        return
    url = run_publish(plan)
    say(f"publish: uploaded {plan.summary()}: {url}")



# ---------------------------------------------------------------- baselines and evaluation

HfDataset = Annotated[
    Path,
    typer.Option(
        "--dataset",
        help="Hugging Face dataset folder (configs `claims` and `articles`).",
        exists=True,
        file_okay=False,
    ),
]
PredictionsFile = Annotated[
    Path,
    typer.Option(
        "--predictions",
        "-p",
        help="Predictions JSONL (schemas/prediction.schema.json): id, label, ranked evidence.",
        exists=True,
        dir_okay=False,
    ),
]
Split = Annotated[str, typer.Option("--split", help="Split of the `claims` config to score.")]
OutFolder = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]


@command()
def baselines(
    dataset: HfDataset = Path("dist/hf"),
    out: OutFolder = Path("dist/baselines"),
    names: Annotated[
        list[str] | None,
        typer.Option("--baseline", "-b", help="Run only this baseline (repeatable)."),
    ] = None,
    results: Annotated[
        Path | None,
        typer.Option(help="Also write RESULTS.md here (e.g. baselines/RESULTS.md)."),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=1,
                     help="Baselines run at once, each in its own process (same results)."),
    ] = 1,
) -> None:
    """Fit the baselines on train, tune on validation, report validation and test.

    Writes metrics.json, RESULTS.md, confusion/<name>.png, predictions/<name>/<split>.jsonl
    and models/<name>.skops under --out, and prints the results table. majority always
    runs; an unknown --baseline lists the valid names. --jobs 2 fits two baselines at
    once on a second core, for a second copy of the data in memory; the outputs are the
    same bytes.
    """
    from toolkit.baselines.run import results_table, run_dataset, write_outputs

    report = run_dataset(dataset, names=names, jobs=jobs)
    paths = write_outputs(report, out, results=results)
    typer.echo(results_table(report))
    say(f"baselines: {len(report.runs)} baseline(s); wrote {paths['results']}, {paths['metrics']}")


def _gold_and_predictions(predictions: Path, dataset: Path, split: str) -> tuple[list, list]:
    """The split's gold claims from the built dataset, and the predictions aligned to them
    (one valid line per claim, or one error naming what is wrong)."""
    from toolkit.dataset.load import load_claims
    from toolkit.evaluate import read_predictions

    gold = load_claims(dataset, [split])[split]
    return gold, read_predictions(predictions, gold)


@command("evaluate")
def evaluate_command(
    predictions: PredictionsFile,
    dataset: HfDataset = Path("dist/hf"),
    split: Split = "test",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write the confusion matrix as a PNG.")
    ] = None,
) -> None:
    """Score a predictions file: accuracy, macro-F1, per-class scores, FEVER score.

    The file must hold exactly one valid line per claim of the split; otherwise it is
    rejected with counts and first examples of each problem. With evidence, the FEVER
    score follows the official scorer (first 5 sentences count).
    """
    import json

    from toolkit.evaluate import evaluate
    from toolkit.report import format_table, plot_confusion

    gold, preds = _gold_and_predictions(predictions, dataset, split)
    result = evaluate(gold, preds, split=split)
    if plot:
        plot_confusion(result.classification, plot, title=f"{predictions.name} ({split})")
    if as_json:
        typer.echo(json.dumps(result.jsonable(), indent=2, sort_keys=True))
    else:
        typer.echo(format_table(result))
    say(f"evaluate: scored {len(gold)} prediction(s) on {split}")


@command("export-predictions")
def export_predictions(
    predictions: PredictionsFile,
    dataset: HfDataset = Path("dist/hf"),
    split: Split = "test",
    format: Annotated[Literal["fever"], typer.Option("--format", help="Target layout.")] = "fever",
    out: OutFolder = Path("dist/export"),
) -> None:
    """Write predictions and gold in FEVER's JSONL layout, to cross-check with other tools.

    Writes <out>/predictions.jsonl (id, predicted_label, predicted_evidence) and
    <out>/gold.jsonl (id, verifiable, label, claim, evidence groups), in gold order.
    """
    from toolkit.interop.fever import export_predictions as fever_export
    from toolkit.interop.fever import export_predictions_paths
    from toolkit.jsonl import write_jsonl

    preds_path, gold_path = export_predictions_paths(out, inputs=[predictions, dataset])
    preds, golds = fever_export(*_gold_and_predictions(predictions, dataset, split))
    write_jsonl(preds_path, preds)
    write_jsonl(gold_path, golds)
    say(f"export-predictions: wrote {len(preds)} claim(s) in {format} layout to {out}")



# ---------------------------------------------------------------- contributing (review, add-*, contribute)

ClaimsFile = Annotated[Path, typer.Option("--claims", help="The claims file.", dir_okay=False)]
ArticlesFile = Annotated[
    Path, typer.Option("--articles", help="The articles file.", exists=True, dir_okay=False)
]


@command()
def review(
    annotator: Annotated[str, typer.Option("--annotator", "-a", help="Your stable handle.")],
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help="Review claims with this status (silver, disputed, gold); repeatable."
            " Default: silver.",
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Stop after this many claims.")] = None,
    claims: ClaimsFile = Path("data/claims.jsonl"),
    articles: ArticlesFile = Path("data/articles.jsonl"),
    lock_timeout: LockTimeout = None,
) -> None:
    """Label claims one at a time, blind to the generated label; every answer is saved at once.

    Keys: s supported, r refuted, n not enough info, k skip, q quit (then an optional
    note). Rerun to resume: claims you already judged are not shown again.
    """
    from rich.console import Console

    from toolkit.review import review as run_review

    result = run_review(
        annotator=annotator,
        ask=lambda prompt: typer.prompt(prompt, default="", show_default=False),
        show=Console(highlight=False).print,
        claims_path=claims,
        articles_path=articles,
        statuses=status or ["silver"],
        limit=limit,
    )
    say(result.summary())


@command("add-article")
def add_article(
    file: Annotated[
        Path,
        typer.Argument(help="The article (.txt, .jsonl, .html).", exists=True, dir_okay=False),
    ],
    publisher: Annotated[str | None, typer.Option(help="Publisher, where known.")] = None,
    url: Annotated[str | None, typer.Option(help="Canonical URL, where known.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD), where known.")
    ] = None,
    seeds: Annotated[Path, typer.Option(help="The seeds folder.", file_okay=False)] = Path("seeds"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Articles JSONL to rebuild.")] = Path(
        "data/articles.jsonl"
    ),
    lock_timeout: LockTimeout = None,
) -> None:
    """Copy an article into seeds/, pin it in the manifest and re-ingest the articles.

    Refuses a file already in the seeds and an article whose normalized text is already
    there (naming its id); nothing is written then.
    """
    from toolkit.contribute import add_article as run_add

    result = run_add(file, seeds=seeds, out=out, publisher=publisher, url=url, published=published)
    ids = ", ".join(a.id for a in result.articles)
    say(f"add-article: added {result.seed} (article {ids}); {result.total} article(s) in {out}")


@command("add-claim")
def add_claim(
    claim: Annotated[str | None, typer.Option(help="The claim, readable on its own.")] = None,
    label: Annotated[
        str | None, typer.Option(help="SUPPORTED, REFUTED or NOT_ENOUGH_INFO.")
    ] = None,
    annotator: Annotated[str | None, typer.Option("--annotator", "-a", help="You.")] = None,
    exact: Annotated[
        list[str] | None,
        typer.Option(help="Evidence: an exact quote from an article (repeatable), or with"
                     " --url the quote from that source."),
    ] = None,
    quote: Annotated[
        list[str] | None, typer.Option(hidden=True, help="Deprecated name of --exact.")
    ] = None,
    article: Annotated[
        str | None, typer.Option(help="Article id to find the quotes in (default: all).")
    ] = None,
    url: Annotated[str | None, typer.Option(help="External evidence: its URL.")] = None,
    accessed: Annotated[
        str | None, typer.Option(help="External evidence: date read (YYYY-MM-DD).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why this label, in your words.")] = None,
    file: Annotated[
        Path | None,
        typer.Option(help="A JSON file with the claim instead of flags.", exists=True,
                     dir_okay=False),
    ] = None,
    claims: ClaimsFile = Path("data/claims.jsonl"),
    articles: ArticlesFile = Path("data/articles.jsonl"),
    lock_timeout: LockTimeout = None,
) -> None:
    """Add a claim you wrote, with its label and evidence quotes; offsets are found for you.

    Stored with method human and your annotation; it becomes gold when a second person
    agrees in review. A missing or ambiguous quote, a duplicate claim or a bad label is
    an error and nothing is written.
    """
    from toolkit.contribute import add_claim as run_add
    from toolkit.contribute import claim_input

    if quote:
        say("add-claim: --quote is deprecated; use --exact (the evidence quote's name everywhere)")
    quotes = [*(exact or ()), *(quote or ())]
    external = url is not None or accessed is not None
    if external and len(quotes) > 1:
        from toolkit.errors import UsageError

        raise UsageError("with --url, give one --exact: the quote from that source (a claim"
                         " with corpus quotes too goes in a --file)")
    where, obj = claim_input(
        file,
        claim=claim,
        label=label,
        annotator=annotator,
        quotes=() if external else quotes,
        article=article,
        url=url,
        exact=quotes[0] if external and quotes else None,
        accessed=accessed,
        note=note,
    )
    added = run_add(obj, where=where, claims_path=claims, articles_path=articles)
    say(f"add-claim: added claim {added.id} ({added.label}, {added.status}) to {claims}")


@command()
def contribute(
    file: Annotated[
        Path,
        typer.Argument(help="JSONL of claims and/or annotations.", exists=True, dir_okay=False),
    ],
    skip_rejected: Annotated[
        bool, typer.Option(help="Merge the good lines even if some are rejected.")
    ] = False,
    claims: ClaimsFile = Path("data/claims.jsonl"),
    articles: ArticlesFile = Path("data/articles.jsonl"),
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    rejects: Rejects = Path("dist/rejects/contribute.jsonl"),
    lock_timeout: LockTimeout = None,
) -> None:
    """Merge claims and annotations from a JSONL file, checked completely before writing.

    Prints each rejected line with its reason. If any line is rejected nothing is
    written, unless --skip-rejected.
    """
    from toolkit.contribute import RejectedError, contribute_file

    try:
        result = contribute_file(
            file, claims_path=claims, articles_path=articles, skip_rejected=skip_rejected,
            max_bytes=max_bytes, rejects_path=rejects,
        )
    except RejectedError as exc:
        if len(exc.result.rejected) > 1:
            for rejected in exc.result.rejected:
                say(f"rejected: {rejected}")
        raise
    for rejected in result.rejected:
        say(f"rejected: {rejected}")
    say(f"contribute: {result.summary()}")


@command()
def agreement(
    claims: Annotated[
        Path, typer.Option("--claims", help="The claims file.", exists=True, dir_okay=False)
    ] = Path("data/claims.jsonl"),
    markdown: Annotated[bool, typer.Option(help="Markdown tables (dataset card).")] = False,
) -> None:
    """Inter-annotator agreement: Fleiss' kappa, Cohen's kappa per pair, per-label agreement."""
    from toolkit.agreement import agreement as measure
    from toolkit.store import Store

    report = measure(Store.of(claims=claims).claims())
    typer.echo(report.to_markdown() if markdown else report.to_text())


# ---------------------------------------------------------------- interoperability (import, export)


# Prefixed names: cli.py uses `from __future__ import annotations`, so typer resolves
# these aliases by name at run time, and a plain `ClaimsFile` here would replace the one
# the commands above use.
InteropClaims = Annotated[
    Path | None, typer.Option("--claims", help="Our claims JSONL (created if missing;"
                              " default: DATA/claims.jsonl).")
]
InteropArticles = Annotated[
    Path | None, typer.Option("--articles", help="Our articles JSONL (created if missing;"
                              " default: DATA/articles.jsonl).")
]
Strict = Annotated[bool, typer.Option(
    "--strict", help="Exit 1 when any record was skipped (what could be read is still merged,"
    " what could be written is still written).")]


def _end_interop(summary: str, skipped: list, *, strict: bool) -> None:
    """List each skipped record with its reason, then the summary; with --strict a skip is
    an error, after the rest was kept."""
    for skip in skipped:
        say(f"skipped {skip}")
    say(summary)
    if strict and skipped:
        say(f"Error: {len(skipped)} record(s) skipped and --strict was given")
        raise typer.Exit(1)


InteropData = Annotated[
    Path, typer.Option("--data", file_okay=False, help="The store folder: a scratch folder"
                       " keeps the project's data/ untouched.")
]


def _store_files(data: Path, claims: Path | None, articles: Path | None) -> tuple[Path, Path]:
    """``--claims``/``--articles`` if given, else the files of the ``--data`` folder."""
    return claims or data / "claims.jsonl", articles or data / "articles.jsonl"
InteropMapping = Annotated[
    Path | None,
    typer.Option("--mapping", exists=True, dir_okay=False,
                 help="Label mapping table (JSON) instead of the shipped one."),
]


def _iso_date(value: str | None) -> str | None:
    """Typer callback: ``--created`` must be an ISO 8601 date (or date-time)."""
    from toolkit.records import is_iso_date

    if value is not None and not is_iso_date(value):
        raise typer.BadParameter(f"{value!r} is not an ISO 8601 date")
    return value


@command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The file to import.", exists=True,
                                         dir_okay=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="fever, averitec, claimreview,"
                                     " label-studio.")],
    pages: Annotated[Path | None, typer.Option(
        "--pages", exists=True,
        help="FEVER wiki-pages JSONL file, or folder of them, holding the cited pages"
        " (fever only).")] = None,
    mapping: InteropMapping = None,
    created: Annotated[str | None, typer.Option(
        "--created", callback=_iso_date, help="Date recorded on annotations whose source"
        " gives none (ISO 8601; default: now).")] = None,
    match: Annotated[Literal["id", "text"] | None, typer.Option(
        "--match",
        help="label-studio: find our claim by data.claim_id (id, the default) or by its"
        " exact text (text), for projects claimkit did not make.")] = None,
    choice_name: Annotated[str | None, typer.Option(
        "--choice-name", help="label-studio: name of the Choices control holding the label"
        " (default: label).")] = None,
    data_key: Annotated[str | None, typer.Option(
        "--data-key", help="label-studio: the task data field with the claim id or text"
        " (default: claim_id, or claim with --match text).")] = None,
    strict: Strict = False,
    data: InteropData = Path("data"),
    claims: InteropClaims = None,
    articles: InteropArticles = None,
    max_bytes: Annotated[int, typer.Option(
        "--max-bytes", min=1, help="Refuse a JSON document or JSONL line larger than this;"
        " JSON arrays and JSON Lines are streamed, whatever their size.")] = DEFAULT_MAX_BYTES,
    rejects: Rejects = Path("dist/rejects/import.jsonl"),
    lock_timeout: LockTimeout = None,
) -> None:
    """Import claims and judgments from another format, merging idempotently.

    Everything is read and validated before anything is written; importing the same
    file twice adds nothing. Skipped records are listed with their reasons.
    """
    from toolkit.annotations import now_iso
    from toolkit.interop import import_file
    from toolkit.interop.common import ImportOptions

    options = ImportOptions(created=created or now_iso(), pages=pages, mapping=mapping,
                            max_bytes=max_bytes, match=match, choice_name=choice_name,
                            data_key=data_key)
    claims, articles = _store_files(data, claims, articles)
    _, result = import_file(fmt, file, options, claims_path=claims, articles_path=articles,
                                 rejects_path=rejects)
    _end_interop(result.summary(), result.skipped, strict=strict)


@command("export")
def export(
    out: Annotated[Path, typer.Argument(help="The file to write.", dir_okay=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="fever, claimreview,"
                                     " label-studio.")],
    pages: Annotated[Path | None, typer.Option(
        "--pages", dir_okay=False,
        help="Where FEVER pages go (default: OUT's stem + .pages.jsonl).")] = None,
    mapping: InteropMapping = None,
    author: Annotated[str, typer.Option(
        "--author", help="ClaimReview author for claims reviewed in claimkit.")] = "claimkit",
    strict: Strict = False,
    data: InteropData = Path("data"),
    claims: InteropClaims = None,
    articles: InteropArticles = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """Export our claims (and articles) to another format; what it cannot hold is listed."""
    from toolkit.interop import export_file
    from toolkit.interop.common import ExportOptions

    options = ExportOptions(mapping=mapping, pages=pages, author=author)
    claims, articles = _store_files(data, claims, articles)
    result = export_file(fmt, out, options, claims_path=claims, articles_path=articles,
                         max_bytes=max_bytes)
    files = ", ".join(f"{n} record(s) to {p}" for p, n in result.written.items())
    _end_interop(f"export {fmt}: wrote {files}; {len(result.skipped)} skipped", result.skipped,
                 strict=strict)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="claimkit")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
