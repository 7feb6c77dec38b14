"""Interoperability: import and export FEVER, AVeriTeC, ClaimReview and Label Studio.

Formats are registered by name in :data:`INTEROP_FORMATS`; each says whether it can be
imported, exported or both. An unknown name (or a direction a format lacks) lists the
valid names. Every importer goes through :func:`import_file` (read, validate, merge
idempotently, write) and every exporter through :func:`export_file`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import UsageError
from toolkit.interop import averitec, claimreview, fever, labelstudio
from toolkit.interop.common import (
    Batch,
    ExportOptions,
    ExportResult,
    ImportOptions,
    MergeResult,
    require_file,
    run_import,
)
from toolkit.jsonl import DEFAULT_MAX_BYTES
from toolkit.outputs import write_rejects
from toolkit.records import Article, Claim
from toolkit.store import Store

Reader = Callable[[Path, ImportOptions], Batch]
Writer = Callable[[list[Claim], list[Article], Path, ExportOptions], ExportResult]


@dataclass(frozen=True)
class Format:
    """A registered interop format: its name, what it is, and what it can do."""

    name: str
    description: str
    read: Reader | None = None
    write: Writer | None = None
    #: The optional inputs (``pages``, ``mapping``) this format uses; giving another is
    #: a usage error rather than silently ignored.
    options: tuple[str, ...] = ()

    def check_options(self, options: ImportOptions | ExportOptions) -> None:
        for opt in ("pages", "mapping", "match", "choice_name", "data_key"):
            if getattr(options, opt, None) is not None and opt not in self.options:
                flag = opt.replace("_", "-")
                raise UsageError(f"--{flag} does not apply to --format {self.name}")


INTEROP_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("fever", "FEVER claims JSONL + wiki-pages JSONL", fever.read, fever.write,
               ("pages",)),
        Format("averitec", "AVeriTeC JSON (question-answer evidence)", averitec.read, None,
               ("mapping",)),
        Format("claimreview", "schema.org ClaimReview JSON-LD", claimreview.read,
               claimreview.write, ("mapping",)),
        Format("label-studio", "Label Studio tasks + labeling config / JSON export",
               labelstudio.read, labelstudio.write, ("match", "choice_name", "data_key")),
    )
}


def get_format(name: str, direction: str) -> Format:
    """The format called ``name`` that can ``import`` or ``export``; else a UsageError."""
    attr = "read" if direction == "import" else "write"
    valid = sorted(n for n, f in INTEROP_FORMATS.items() if getattr(f, attr) is not None)
    fmt = INTEROP_FORMATS.get(name)
    if fmt is None or getattr(fmt, attr) is None:
        raise UsageError(f"unknown {direction} format {name!r}; valid formats: {', '.join(valid)}")
    return fmt


def import_file(
    name: str,
    path: Path,
    options: ImportOptions,
    *,
    claims_path: Path,
    articles_path: Path,
    rejects_path: Path | None = None,
) -> tuple[Batch, MergeResult]:
    """Import ``path`` in format ``name`` into the claims and articles files.

    The source records that were skipped, with their reasons, go to ``rejects_path``
    when it is given."""
    fmt = get_format(name, "import")
    fmt.check_options(options)
    read = fmt.read
    if read is None:  # pragma: no cover - get_format only returns formats that can
        raise UsageError(f"format {name!r} cannot be imported")
    batch = read(path, options)
    result = run_import(batch, claims_path, articles_path, options.max_bytes)
    result.format = name
    if rejects_path is not None:
        write_rejects(rejects_path, result.skipped)
    return batch, result


def export_file(
    name: str,
    out: Path,
    options: ExportOptions,
    *,
    claims_path: Path,
    articles_path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ExportResult:
    """Export our claims (and articles) to ``out`` in format ``name``."""
    fmt = get_format(name, "export")
    fmt.check_options(options)
    write = fmt.write
    if write is None:  # pragma: no cover - get_format only returns formats that can
        raise UsageError(f"format {name!r} cannot be exported")
    from toolkit.outputs import check_output_file

    inputs = [claims_path, articles_path, options.mapping]
    stores = [claims_path, articles_path]
    targets = [out]
    if name == "fever":
        targets.append(options.pages or fever.default_pages_path(out))
    elif name == "label-studio":
        targets.append(labelstudio.config_path(out))
    for target in targets:
        check_output_file(target, inputs=inputs, stores=stores)
    if len({Path(t).resolve() for t in targets}) < len(targets):
        raise UsageError("--pages is the output file itself; give --pages another path",
                         path=targets[-1])
    require_file(claims_path, "claims")
    store = Store.of(claims=claims_path, articles=articles_path, max_bytes=max_bytes)
    claims, articles = store.claims(), store.articles()
    return write(claims, articles, out, options)


__all__ = ["INTEROP_FORMATS", "Format", "export_file", "get_format", "import_file"]
