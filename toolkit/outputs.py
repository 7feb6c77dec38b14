"""Output paths that cannot destroy anything: checked before a command writes a byte.

A command that writes a folder (``build``) replaces only a fresh or empty folder, or
one that carries the marker file it wrote itself (:data:`BUILD_MARKER`). A command that
writes files (``export``, ``ingest --out``, ``export-predictions``) never writes over
the store's files (``data/``) or its own inputs. Everything else is refused with one
line that says which path and what to do instead.

Rejects: every stage that leaves records out writes them, as
:class:`~toolkit.records.Rejected` lines, through :func:`open_rejects` (streamed) or
:func:`write_rejects` into ``dist/rejects/<stage>.jsonl`` (:func:`rejects_path`).
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from toolkit.errors import DataError, UsageError
from toolkit.jsonl import atomic_writer, dumps
from toolkit.records import LABELS, Rejected, encode

#: Where each stage keeps the records it left out: ``<stage>.jsonl`` in this folder.
REJECTS_DIR = Path("dist/rejects")

#: Written into every folder ``claimkit build`` makes: the proof that a rebuild may
#: replace it. Hidden, so datasets, the Hub upload and the folder digest ignore it.
BUILD_MARKER = ".claimkit-build"
BUILD_MARKER_TEXT = "Built by `claimkit build`; the next build replaces this folder whole.\n"

_STORE_FILES = ("claims.jsonl", "articles.jsonl")


def _resolved(paths: Iterable[Path | str | None]) -> list[Path]:
    return [Path(p).resolve() for p in paths if p is not None]


def is_store_folder(folder: Path) -> bool:
    """True for a folder that holds a store's record files."""
    return any((folder / name).exists() for name in _STORE_FILES)


def is_checkout_root(folder: Path) -> bool:
    """True for the root of a git checkout or a Python project."""
    return (folder / ".git").exists() or (folder / "pyproject.toml").exists()


def check_build_folder(
    out: Path | str, *, inputs: Iterable[Path | str | None], store: Path | str
) -> None:
    """Refuse a ``build --out`` that could delete something a person made.

    Allowed: a folder that does not exist yet, an empty folder, or a folder holding
    :data:`BUILD_MARKER`. Refused: a file, the store or anything inside it, a checkout
    root, a folder that contains an input, and any other non-empty folder.
    """
    out = Path(out)
    target = out.resolve()
    hint = "choose a new folder, e.g. --out dist/hf"
    store_root = Path(store).resolve()
    if target == store_root or store_root in target.parents:
        raise UsageError(f"is the data store (or inside it); {hint}", path=out)
    for inp in _resolved(inputs):
        if target == inp or target in inp.parents:
            raise UsageError(f"contains the input {inp.name}; {hint}", path=out)
    if not out.exists():
        return
    if not out.is_dir():
        raise DataError(f"exists and is not a folder; {hint}", path=out)
    if is_checkout_root(out) or target == Path.cwd().resolve():
        raise UsageError(f"is a project checkout; {hint}", path=out)
    if is_store_folder(out):
        raise UsageError(f"holds a data store; {hint}", path=out)
    if (out / BUILD_MARKER).is_file() or not any(out.iterdir()):
        return
    raise UsageError(
        f"is a non-empty folder that `claimkit build` did not make (no {BUILD_MARKER});"
        f" {hint}, or empty it yourself",
        path=out,
    )


def check_output_file(
    out: Path | str,
    *,
    inputs: Iterable[Path | str | None] = (),
    stores: Iterable[Path | str | None] = (),
    store_writer: bool = False,
) -> None:
    """Refuse an output file that is one of ``inputs`` or one of the store's files.

    ``stores`` are the store's files (``--claims``, ``--articles``); a file named like a
    store file in a folder that holds a store counts too. A ``store_writer`` (``ingest``
    writing the articles file through the store) skips the store check.
    """
    out = Path(out)
    target = out.resolve()
    for inp in _resolved(inputs):
        if target == inp or inp in target.parents:
            raise UsageError(
                "is an input of this command; write the output somewhere else", path=out
            )
    if not store_writer:
        held = _resolved(stores)
        if target in held or (target.name in _STORE_FILES and is_store_folder(target.parent)):
            raise UsageError(
                "is a data store file, which only claimkit's store commands change; write"
                " the output somewhere else, e.g. dist/",
                path=out,
            )
    if out.is_dir():
        raise UsageError("is a folder; give a file path", path=out)


# ---------------------------------------------------------------- rejects


def rejects_path(stage: str, folder: Path | str = REJECTS_DIR) -> Path:
    """The rejects file of ``stage``: ``dist/rejects/<stage>.jsonl`` by default."""
    return Path(folder) / f"{stage}.jsonl"


def reject_line(rejected: Rejected) -> bytes:
    """One reject as its line of a rejects file."""
    return dumps(encode(rejected))


@contextlib.contextmanager
def open_rejects(path: Path | str) -> Iterator[Callable[[Rejected | bytes], None]]:
    """``write(rejected)`` for a stage that streams its rejects; the file appears
    atomically when the block ends without error (an error leaves the old file).
    A reject already encoded where it was made (its :func:`reject_line`) is written as is."""
    with atomic_writer(path) as f:
        yield lambda r: f.write(r if isinstance(r, bytes) else reject_line(r))


def write_rejects(path: Path | str, rejects: Iterable[Rejected]) -> int:
    """Write every reject to ``path`` atomically (an empty file when there are none)."""
    n = 0
    with open_rejects(path) as write:
        for r in rejects:
            write(r)
            n += 1
    return n


# ---------------------------------------------------------------- stage results

_OPTIONAL = re.compile(r"\[(\w+)\?([^|\]]*)(?:\|([^\]]*))?\]")
_FIELD = re.compile(r"\{(\w+)(?:(\*)([^}]*))?\}")


@dataclass
class StageResult:
    """What a stage did: named counts and the records it left out, and its summary line.

    A stage declares its one-line summary as :attr:`SUMMARY`, a template over its
    attributes, instead of hand-writing a ``summary()``:

    * ``{name}`` is a count: an int, or the length of a list;
    * ``{name*}`` is a tally of a ``Counter``: ``"3 gold, 1 silver"`` (keys sorted),
      ``"none"`` when empty; a counter named ``labels`` lists every label in
      ClassLabel order, zeros included; ``{name*(s)}`` puts ``(s)`` after each key;
    * ``[name?text]`` is ``text`` only when ``name`` is non-zero/true, and
      ``[name?text|other]`` is ``other`` otherwise.
    """

    SUMMARY: ClassVar[str] = ""

    counts: Counter[str] = field(default_factory=Counter, kw_only=True)
    rejected: list[Rejected] = field(default_factory=list, kw_only=True)

    def reject(self, r: Rejected) -> None:
        """Keep ``r`` and count it under its stage."""
        self.rejected.append(r)
        self.counts[r.stage] += 1

    def _value(self, name: str) -> Any:
        value = getattr(self, name) if hasattr(self, name) else self.counts[name]
        return len(value) if isinstance(value, list) else value

    def _tally(self, name: str, suffix: str = "") -> str:
        counter = getattr(self, name)
        if name == "labels":
            return ", ".join(f"{counter[label]} {label}{suffix}" for label in LABELS)
        return ", ".join(f"{n} {k}{suffix}" for k, n in sorted(counter.items())) or "none"

    def summary(self) -> str:
        """The stage's line for the terminal, from :attr:`SUMMARY`."""

        def optional(m: re.Match[str]) -> str:
            return m.group(2) if self._value(m.group(1)) else (m.group(3) or "")

        def fill(m: re.Match[str]) -> str:
            name, star, suffix = m.groups()
            return self._tally(name, suffix) if star else str(self._value(name))

        return _FIELD.sub(fill, _OPTIONAL.sub(optional, self.SUMMARY))
