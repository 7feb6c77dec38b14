"""Articles in: plain text, JSONL and HTML sources to normalized :class:`Article` records.

The flow is ``discover`` (which files, checked against a seed manifest) →
``read_sources`` (file edge: bytes to :class:`RawArticle`) → ``build_article`` (pure:
normalization, structure, boilerplate, sentences) → ``ingest`` (dedupe, sort by id).

Source formats
--------------
* **text** (``.txt``): the seed format. The first line is the title; blocks are
  separated by blank lines; a hard-wrapped block is joined with single spaces. A short
  block without closing punctuation that is followed by more text is a subheading.
* **jsonl** (``.jsonl``, or gzip'd ``.jsonl.gz``): one article per line with ``title``
  and ``text`` (blocks as in the text format) and optional ``url``, ``publisher``,
  ``published``.
* **parquet** (``.parquet``): one article per row, the same fields as columns (the
  layout of Hugging Face news corpora such as CC-News); read a row group at a time.
* **html** (``.html``, ``.htm``): main text extracted with trafilatura, which is
  maintained, works offline, and keeps headings apart from paragraphs (``<head>`` vs
  ``<p>`` in its XML), so subheadings stay out of the sentences. Title, site name,
  canonical URL and date come from its metadata.

Inputs are local paths (a file, a folder, or a glob such as ``archive/*.jsonl.gz``) or
fsspec URLs (``s3://bucket/news/*.parquet``, ``file://``, ``memory://``): an archive
is read where it lies, one record at a time, by :func:`iter_records`, the one reader of
every record format, which numbers each record by its line (row for Parquet) so that a
bad one is named ``file:line``.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from toolkit.engine import Engine, LocalEngine
from toolkit.errors import DataError, UsageError
from toolkit.jsonl import (
    DEFAULT_MAX_BYTES,
    check_unique_keys,
    decode_text,
    file_sha256,
    parse_json_line,
    read_bytes,
    read_raw_lines,
)
from toolkit.outputs import StageResult
from toolkit.records import (
    ID_HEX,
    Article,
    ArticleSource,
    Block,
    Boilerplate,
    Rejected,
    Sentence,
    encode,
    encodes_natively,
    sha256_hex,
)
from toolkit.schema import check_input, input_fields
from toolkit.segment import split_spans

FORMATS = {".txt": "text", ".text": "text", ".jsonl": "jsonl", ".jsonl.gz": "jsonl",
           ".parquet": "parquet", ".html": "html", ".htm": "html"}
#: Formats with one article per record (line or row), read by :func:`iter_records`.
RECORD_FORMATS = ("jsonl", "parquet")
MANIFEST = "manifest.json"

_COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s)\s*(?:©\s*)?(?P<year>(?:19|20)\d{2})?", re.I)
_DATELINE_RESIDUE = re.compile(r"^\(\s*[–—-]+\s*")
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{1,40}?(?:\s*\([A-Za-z .]{1,30}\))?\s+[–—]\s+(?=[A-Z])")
_CLOSING = tuple('.!?:;…"”’»)')
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINE = re.compile(r"\n\s*\n")
# A character class, not str.translate with a dict: translate looks every character up
# in the dict and was a quarter of ingest's time.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
SUBHEADING_MAX_WORDS = 12
FOOTER_MAX_CHARS = 200
#: Articles per partition handed to an engine, and the characters (title and blocks)
#: at which a partition closes before that. Building an article takes a fraction of a
#: millisecond, about what Dask spends on a task: on 100,000 newswire articles,
#: ``claimkit ingest --engine dask --scheduler local:2`` took 29.9 s in partitions of
#: 64 (the engine's default, sized for extract) and 17.2 s in these (peak memory 447 MB
#: and 164 MB; one process: about 15 s). The character bound keeps a partition of long
#: articles (``--max-bytes`` allows 8 MiB each) from holding gigabytes.
PARTITION_ARTICLES = 1024
PARTITION_CHARS = 4 * 2**20


@dataclass(frozen=True)
class RawArticle:
    """An article as read from its source, before normalization.

    ``blocks`` are ``(kind, text)`` pairs after the title; ``kind`` is ``None`` where the
    format does not say (plain text), and then the structure is inferred.
    """

    title: str
    blocks: tuple[tuple[str | None, str], ...]
    source: ArticleSource
    #: The blocks come from :func:`split_blocks`, already normalized and on one line
    #: (normalizing them again was a sixth of ingest's time).
    normalized: bool = False


@dataclass
class IngestResult(StageResult):
    """What ``ingest`` produced: articles sorted by id, and what it noticed on the way.

    Each duplicate copy is kept twice over on purpose: as ``(id, kept, dropped)`` in
    :attr:`duplicates` for the terminal report, and as a :class:`Rejected` in
    ``rejected`` for the rejects file (see :meth:`duplicate`).
    """

    SUMMARY = ("read {files} file(s), {read} article(s); {duplicates} duplicate(s) stored"
               " once; {written} article(s)[kept? ({kept} kept from the existing file)],"
               " {sentences} sentence(s) written")

    articles: list[Article]
    files: int = 0
    read: int = 0
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)  # (id, kept, dropped)
    written: int = 0
    sentences: int = 0
    kept: int = 0  # articles already in the output that the inputs do not hold (kept)

    def duplicate(self, article_id: str, kept: str, dropped: str) -> None:
        """Record that ``dropped`` has the same text as ``kept``: it is stored once."""
        self.duplicates.append((article_id, kept, dropped))
        self.reject(Rejected(stage="duplicate", id=dropped, article_id=article_id,
                             reason=f"the same text as {kept}; stored once"))  # fmt: skip


# ---------------------------------------------------------------- normalization


def _characters(s: str) -> str:
    """NFC, ``\\n`` newlines, no invisible characters (spaces left as they are)."""
    s = unicodedata.normalize("NFC", s)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if s.isascii():  # no line separator, no invisible character: all are beyond ASCII
        return s
    s = s.replace("\u2028", "\n").replace("\u2029", "\n")
    # Looking for each of the six characters is a fast scan; the regex walks the text
    # character by character, and most texts hold none of them.
    if any(c in s for c in _INVISIBLE_CHARS):
        s = _INVISIBLE.sub("", s)
    return s


def normalize_text(s: str) -> str:
    """NFC, ``\\n`` newlines, no invisible characters, one space between words per line."""
    return "\n".join(_SPACES.sub(" ", line).strip() for line in _characters(s).split("\n"))


def one_line(s: str) -> str:
    """``s`` normalized and on one line: words joined by single spaces.

    The same as ``" ".join(normalize_text(s).split())``, without the per-line regex
    (``str.split`` splits on the same whitespace as ``\\s``): it was a third of ingest.
    """
    return _one_space(_characters(s))


def _one_space(s: str) -> str:
    """``" ".join(s.split())``, without splitting a string that is already so.

    A printable string holds no white space but the plain space (every other
    ``str.isspace`` character is a control or separator, so not printable), so with no
    double space and none at either end it is its own result; most paragraphs are.
    """
    if s.isprintable() and "  " not in s and s[:1] != " " and s[-1:] != " ":
        return s
    return " ".join(s.split())


def split_blocks(text: str) -> list[str]:
    """Blocks separated by blank lines; lines inside a block joined with a space.

    A line of spaces counts as blank (``\\s*`` between the newlines), as it would
    once each line is normalized, so the blocks are those of :func:`normalize_text`.
    """
    return [b for b in map(_one_space, _BLANK_LINE.split(_characters(text))) if b]


def _is_subheading(block: str) -> bool:
    # Cheapest test first: most blocks end with a full stop, and counting words splits
    # the whole block.
    return (
        not block.endswith(_CLOSING)
        and block[:1].isupper()
        and 0 < len(block.split()) <= SUBHEADING_MAX_WORDS
        and not _COPYRIGHT.match(block)
    )


def build_article(raw: RawArticle) -> Article:
    """Normalize one raw article into an :class:`Article` (pure function).

    Removes a trailing copyright footer and a leading dateline (or its residue, such as
    ``( –`` where a city name was stripped), recording both as boilerplate; infers
    subheadings where the format does not mark them; then joins title and blocks with
    blank lines and splits paragraphs into sentences with exact offsets.
    """
    where = raw.source.file if raw.source.line is None else f"{raw.source.file}:{raw.source.line}"
    # An article may come without a title (wire copy, corpora such as the Lee corpus):
    # it then has no title block and no headline candidate, and its text is the body.
    title = one_line(raw.title)
    blocks = list(raw.blocks) if raw.normalized else [(k, one_line(t)) for k, t in raw.blocks]
    indexed = [(i, kind, text) for i, (kind, text) in enumerate(blocks) if text]
    boilerplate: list[Boilerplate] = []

    while indexed and len(indexed[-1][2]) <= FOOTER_MAX_CHARS:
        i, _kind, text = indexed[-1]
        m = _COPYRIGHT.match(text)
        if not m:
            break
        year = int(m.group("year")) if m.group("year") else None
        boilerplate.append(Boilerplate(kind="copyright", text=text, block=i, year=year))
        indexed.pop()

    first_para = next((n for n, (_, kind, _) in enumerate(indexed) if kind != "subheading"), None)
    if first_para is not None:
        i, kind, text = indexed[first_para]
        for kind_name, pattern in (
            ("dateline_residue", _DATELINE_RESIDUE),
            ("dateline", _DATELINE),
        ):
            m = pattern.match(text)
            if m and m.end() < len(text):
                boilerplate.append(
                    Boilerplate(kind=kind_name, text=m.group(0).rstrip(), block=i, year=None)
                )
                indexed[first_para] = (i, kind, text[m.end() :])
                break

    typed: list[tuple[str, str]] = []
    for n, (_, kind, text) in enumerate(indexed):
        if kind is None:
            followed = n + 1 < len(indexed)
            kind = "subheading" if followed and _is_subheading(text) else "paragraph"
        if kind == "subheading" and not typed and text == title:
            continue  # an HTML <h1> repeating the title
        typed.append((kind, text))
    if not any(kind == "paragraph" for kind, _ in typed):
        raise DataError("article has no body text", path=where)

    parts = [title] if title else []
    structure = [Block(kind="title", start=0, end=len(title))] if title else []
    sentences: list[Sentence] = []
    pos = len(title) if title else -2  # without a title the first block starts at 0
    for kind, text in typed:
        pos += 2
        parts.append(text)
        block_index = len(structure)
        structure.append(Block(kind=kind, start=pos, end=pos + len(text)))
        if kind == "paragraph":
            for start, end in split_spans(text, plain=True):  # one_line's spaces
                sentences.append(Sentence(len(sentences), start + pos, end + pos, block_index))
        pos += len(text)
    full = "\n\n".join(parts)
    digest = sha256_hex(full)
    return Article(
        id=digest[:ID_HEX],  # article_id(full), without hashing the text twice
        title=title,
        text=full,
        sha256=digest,
        structure=tuple(structure),
        sentences=tuple(sentences),
        boilerplate=tuple(sorted(boilerplate, key=lambda b: b.block)),
        source=raw.source,
    )


# ---------------------------------------------------------------- sources (file edge)


def _format_of(path: Path | str) -> str | None:
    name = str(path).lower()
    # Longest suffix first, so ``.jsonl.gz`` wins over a bare ``.gz``.
    return next((fmt for ext, fmt in _BY_LENGTH if name.endswith(ext)), None)


_BY_LENGTH = sorted(FORMATS.items(), key=lambda item: -len(item[0]))


def is_url(location: object) -> bool:
    """True for an fsspec URL (``s3://…``, ``memory://…``); ``file://`` is a local path."""
    return isinstance(location, str) and "://" in location and not location.startswith("file://")


def _local(location: Path | str) -> Path | str:
    """A ``file://`` URL or a plain path as a :class:`Path`; other URLs unchanged."""
    if isinstance(location, str) and location.startswith("file://"):
        return Path(location.removeprefix("file://"))
    return location if is_url(location) else Path(location)


def _open_binary(location: Path | str) -> Any:
    """The file at ``location`` (a local path or an fsspec URL), opened for reading bytes."""
    if is_url(location):
        import fsspec

        return fsspec.open(location, "rb").open()
    return open(location, "rb")


def _sha256_of(location: Path | str) -> str:
    if not is_url(location):
        return file_sha256(Path(location))
    import hashlib

    h = hashlib.sha256()
    with _open_binary(location) as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _read_all(location: Path | str, *, max_bytes: int) -> bytes:
    if not is_url(location):
        return read_bytes(Path(location), max_bytes=max_bytes)
    with _open_binary(location) as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DataError(f"file is over the limit of {max_bytes} bytes (raise it with --max-bytes)",
                        path=location)  # fmt: skip
    return data


def _has_magic(s: str) -> bool:
    return any(c in s for c in "*?[")


def load_manifest(folder: Path) -> dict[str, dict[str, Any]] | None:
    """The seed manifest of ``folder`` by file name, or ``None`` if it has none."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(decode_text(path.read_bytes(), path))
        entries = {e["file"]: e for e in data["files"]}
        for e in entries.values():
            if (
                not re.fullmatch(r"[0-9a-f]{64}", e["sha256"])
                or e["format"] not in FORMATS.values()
            ):
                raise ValueError(f"bad entry for {e['file']}")
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(f"malformed manifest: {exc}", path=path) from None
    return entries


def discover(
    paths: Iterable[Path | str],
) -> list[tuple[Path | str, str, dict[str, Any] | None]]:
    """The article files under ``paths``, sorted, each with its manifest entry.

    Each of ``paths`` is a file, a folder (searched recursively) or a glob, local or an
    fsspec URL; a glob stands for the files it matches, each as if given by name.
    A local folder with a ``manifest.json`` is pinned: each of its article files must be
    listed with the sha256 of its bytes, and each listed file must exist, so a changed,
    added or lost seed is an error naming the file.
    """
    found: list[tuple[Path | str, str, dict[str, Any] | None]] = []
    for given in paths:
        root = _local(given)
        if isinstance(root, str):
            found.extend(_discover_url(root))
            continue
        if not root.exists() and _has_magic(str(root)):
            import glob

            matches = sorted(
                Path(m) for m in glob.glob(str(root), recursive=True)
                if Path(m).is_file() and _format_of(m)
            )
            if not matches:
                raise DataError("no article files match this pattern (" +
                                ", ".join(sorted(FORMATS)) + ")", path=root)  # fmt: skip
            found.extend(discover(matches))
            continue
        if not root.exists():
            raise DataError("no such file or folder", path=root)
        if root.is_file():
            manifest = load_manifest(root.parent)
            if manifest is not None:
                _check_inside(root, root.parent)
            entry = manifest.get(root.name) if manifest else None
            if manifest is not None and entry is None:
                raise DataError(f"not listed in {root.parent / MANIFEST}", path=root)
            found.append((root, root.name, entry))
            continue
        manifest = load_manifest(root)
        files = sorted(p for p in root.rglob("*") if p.is_file() and _format_of(p))
        if manifest is not None:
            for p in files:
                _check_inside(p, root)
        names = {p.relative_to(root).as_posix(): p for p in files}
        if manifest is not None:
            for name in sorted(set(manifest) - set(names)):
                raise DataError(f"listed in {MANIFEST} but missing", path=root / name)
        if not files:
            raise DataError(
                "no article files (" + ", ".join(sorted(FORMATS)) + ") in this folder", path=root
            )
        for name, p in names.items():
            entry = manifest.get(name) if manifest is not None else None
            if manifest is not None and entry is None:
                raise DataError(
                    f"not listed in {root / MANIFEST}; add seeds with `claimkit add-article`",
                    path=p,
                )
            found.append((p, name, entry))
    return found


def _discover_url(url: str) -> list[tuple[Path | str, str, dict[str, Any] | None]]:
    """Article files at an fsspec URL (a file, a folder or a glob); manifests are local."""
    import fsspec

    protocol = url.split("://", 1)[0]
    try:
        fs, path = fsspec.core.url_to_fs(url)
    except ImportError as exc:  # fsspec names the package: "Install s3fs to access S3"
        raise UsageError(f"{url}: reading {protocol}:// URLs needs a package that is not"
                         f" installed ({exc})") from None  # fmt: skip
    except ValueError as exc:  # "Protocol not known: foo"
        raise UsageError(f"{url}: not a URL fsspec can read ({exc})") from None
    try:
        return _list_url(url, fs, path, protocol)
    except OSError as exc:  # unreachable host, refused credentials, a listing that failed
        raise DataError(f"cannot list: {exc}", path=url) from None


def _list_url(url: str, fs: Any, path: str, protocol: str) -> list[tuple[Path | str, str, None]]:
    """The article files ``url`` names on ``fs`` (``path`` is the URL without protocol).

    The folder (or the glob's fixed part) is looked up with ``fs.info`` first: the
    filesystems' ``isdir``, ``exists`` and ``glob`` answer False or nothing for a host
    they cannot reach, which would read as "no such file"; ``info`` raises, and only
    ``FileNotFoundError`` means that.
    """

    def full(p: str) -> str:
        return fs.unstrip_protocol(p) if hasattr(fs, "unstrip_protocol") else f"{protocol}://{p}"

    magic = _has_magic(path)
    looked_up = path  # a glob's folder: up to the last "/" before its first wildcard
    if magic:
        looked_up = path[: min(path.find(c) for c in "*?[" if c in path)].rsplit("/", 1)[0]
    try:
        info = fs.info(looked_up) if looked_up else {"type": "directory"}
    except FileNotFoundError:
        raise DataError("no such file or folder", path=url) from None
    if magic:
        files = [(full(p), p.rsplit("/", 1)[-1]) for p in sorted(fs.glob(path))
                 if _format_of(p) and fs.isfile(p)]  # fmt: skip
        what = "no article files match this pattern"
    elif info["type"] == "directory":
        base = path.rstrip("/") + "/"
        files = [(full(p), p.removeprefix(base)) for p in sorted(fs.find(path)) if _format_of(p)]
        what = "no article files in this folder"
    else:
        return [(url, path.rsplit("/", 1)[-1], None)]
    if not files:
        raise DataError(f"{what} (" + ", ".join(sorted(FORMATS)) + ")", path=url)
    return [(loc, name, None) for loc, name in files]


def _check_inside(path: Path, root: Path) -> None:
    """A pinned seed must be a real file inside its folder: no symlink, nothing outside.

    A symlink (to a private file, or to one outside the checkout) would put text into
    ``data/`` that nobody received as a seed, whatever the manifest says.
    """
    rel = path.relative_to(root)
    for i in range(len(rel.parts)):
        if (root / Path(*rel.parts[: i + 1])).is_symlink():
            raise DataError("is a symlink; seeds must be real files inside the seeds folder"
                            " (copy the file in with `claimkit add-article`)", path=path)  # fmt: skip
    if root.resolve() not in path.resolve().parents:
        raise DataError("lies outside the seeds folder; seeds must be files inside it",
                        path=path)  # fmt: skip


def read_sources(
    files: Iterable[tuple[Path | str, str, dict[str, Any] | None]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[RawArticle]:
    """Read each file into raw articles (a JSONL or Parquet file gives one per record)."""
    for path, name, entry in files:
        fmt = _format_of(path)
        if fmt in RECORD_FORMATS:
            digest = _sha256_of(path)
            if entry is not None:
                _check_pin(path, entry, digest)
            yield from _read_records(path, name, digest, max_bytes=max_bytes)
            continue
        data = _read_all(path, max_bytes=max_bytes)
        digest = sha256_hex(data)
        if entry is not None:
            _check_pin(path, entry, digest)
        text = decode_text(data, path)
        meta = {k: entry.get(k) for k in ("publisher", "url", "published")} if entry else {}
        if fmt == "text":
            yield _read_text(text, name, digest, meta)
        else:
            yield _read_html(text, path, name, digest, meta)


def _check_pin(path: Path, entry: dict[str, Any], digest: str) -> None:
    """Every seed, whatever its format, must have the bytes its manifest entry pins."""
    if entry["sha256"] != digest:
        raise DataError(
            f"bytes changed: sha256 {digest[:12]}… does not match the manifest's "
            f"{entry['sha256'][:12]}…; seeds are kept exactly as received",
            path=path,
        )


def _read_text(text: str, name: str, digest: str, meta: dict[str, Any]) -> RawArticle:
    text = normalize_text(text).lstrip("\n")
    title, _, body = text.partition("\n")
    source = ArticleSource(file=name, format="text", file_sha256=digest, **meta)
    return RawArticle(title=title, blocks=tuple((None, b) for b in split_blocks(body)),
                      source=source, normalized=True)  # fmt: skip


def _read_html(text: str, path: Path, name: str, digest: str, meta: dict[str, Any]) -> RawArticle:
    import trafilatura

    doc = trafilatura.bare_extraction(
        text, include_formatting=True, with_metadata=True, favor_recall=True
    )
    if doc is None or doc.body is None:
        raise DataError("no article text found in this HTML page", path=path)
    blocks: list[tuple[str | None, str]] = []
    for el in doc.body:
        content = " ".join("".join(el.itertext()).split())
        if content:
            blocks.append(("subheading" if el.tag == "head" else "paragraph", content))
    title = doc.title or (blocks.pop(0)[1] if blocks and blocks[0][0] == "subheading" else "")
    if not title:
        raise DataError("HTML page has no title", path=path)
    source = ArticleSource(
        file=name,
        format="html",
        file_sha256=digest,
        publisher=meta.get("publisher") or doc.sitename,
        url=meta.get("url") or doc.url,
        published=meta.get("published") or doc.date,
    )
    return RawArticle(title=title, blocks=tuple(blocks), source=source)


def iter_records(
    location: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[int, Any]]:
    """``(number, record)`` for each article record of a JSONL, ``.jsonl.gz`` or Parquet file.

    The one reader of every record format, streaming (memory stays flat however large
    the file): the number is the 1-based line (JSONL, blank lines skipped but counted)
    or row (Parquet), so every problem is a :class:`DataError` naming ``file:number``.
    """
    if _format_of(location) == "parquet":
        yield from _parquet_rows(location, max_bytes=max_bytes)
        return
    gz = str(location).lower().endswith(".gz")
    read = 0  # lines read so far, blank ones too: where broken gzip data starts

    def counted(lines: Iterable[bytes]) -> Iterator[bytes]:
        nonlocal read
        for read, line in enumerate(lines, start=1):  # noqa: B007 (read: the count)
            yield line

    with _open_binary(location) as raw_file:
        f = gzip.GzipFile(fileobj=raw_file, mode="rb") if gz else raw_file
        try:
            for lineno, _, line in read_raw_lines(counted(f), location, max_bytes=max_bytes):  # type: ignore[arg-type]
                obj = parse_json_line(line, location, lineno)
                if not _keys_surely_unique(line, obj):
                    check_unique_keys(line, location, lineno)
                yield lineno, obj
        except (OSError, EOFError, zlib.error) as exc:
            if not gz:
                raise
            raise DataError(f"broken gzip data after line {read} ({exc}); recompress the file",
                            path=location) from None  # fmt: skip


#: The end of a key: a quotation mark, JSON white space, a colon. Inside a string a
#: quotation mark is escaped, so this also finds ``\":`` in text, never fewer than the keys.
_KEY_END = re.compile(rb'"[ \t\n\r]*:')


def _keys_surely_unique(line: bytes, obj: Any) -> bool:
    """True only if no object in ``line`` repeats a key (``obj`` is ``line`` parsed).

    For an object without nested objects (an article line), every key ends in
    ``_KEY_END``: when there are no more of those than keys kept, none was repeated.
    Anything else gets the full check (a second parse that sees every key), which was
    a sixth of reading a line.
    """
    if type(obj) is not dict or any(type(v) is dict or type(v) is list for v in obj.values()):
        return False
    return len(_KEY_END.findall(line)) <= len(obj)


def _parquet_rows(location: Path | str, *, max_bytes: int) -> Iterator[tuple[int, Any]]:
    """Rows of a Parquet file as dicts, a row group at a time; unknown columns refused."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with _open_binary(location) as f:
        try:
            pf = pq.ParquetFile(f)
        except (pa.ArrowException, OSError) as exc:
            raise DataError(f"not a Parquet file ({exc})", path=location) from None
        allowed = input_fields("article")
        for column in pf.schema_arrow.names:
            if column not in allowed:
                raise DataError(f"{column}: unknown column (allowed: {', '.join(allowed)})",
                                path=location)  # fmt: skip
        row = 0
        for batch in pf.iter_batches(batch_size=1024):
            for cells in batch.to_pylist():
                row += 1
                obj = {k: v for k, v in cells.items() if v is not None}  # null: not given
                size = sum(len(v) for v in obj.values() if isinstance(v, str))
                if size > max_bytes:
                    raise DataError(f"row has {size} characters, over the limit of {max_bytes}"
                                    " (raise it with --max-bytes)", path=location, line=row)  # fmt: skip
                yield row, obj


def _read_records(
    location: Path | str, name: str, digest: str, *, max_bytes: int
) -> Iterator[RawArticle]:
    """Raw articles from the records of a JSONL or Parquet file, each checked field by field."""
    fmt = _format_of(location)
    seen = False
    for lineno, obj in iter_records(location, max_bytes=max_bytes):
        seen = True
        check_input("article", obj, path=location, line=lineno)
        source = ArticleSource(
            file=name,
            format=fmt or "jsonl",
            file_sha256=digest,
            line=lineno,
            publisher=obj.get("publisher"),
            url=obj.get("url"),
            published=obj.get("published"),
        )
        blocks = tuple((None, b) for b in split_blocks(obj["text"]))
        yield RawArticle(title=obj.get("title") or "", blocks=blocks, source=source,
                         normalized=True)  # fmt: skip
    if not seen:
        raise DataError("empty file: no articles", path=location)


# ---------------------------------------------------------------- the stage


def ingest(
    paths: Iterable[Path | str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    quiet: bool = True,
) -> IngestResult:
    """Ingest every article under ``paths``: sorted by id, each text stored once."""
    from toolkit.progress import track

    files = discover(paths)
    result = IngestResult(articles=[], files=len(files))
    by_id: dict[str, Article] = {}
    for raw in track(read_sources(files, max_bytes=max_bytes), "ingest", quiet=quiet):
        article = build_article(raw)
        result.read += 1
        kept = by_id.get(article.id)
        if kept is not None:
            result.duplicate(article.id, _where(kept), _where(article))
            continue
        by_id[article.id] = article
    result.articles = [by_id[k] for k in sorted(by_id)]
    result.written = len(result.articles)
    result.sentences = sum(len(a.sentences) for a in result.articles)
    return result


def ingest_to_file(
    paths: Iterable[Path | str],
    out: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    quiet: bool = True,
    engine: Engine | None = None,
    rejects_path: Path | None = None,
) -> IngestResult:
    """Ingest into a JSONL file sorted by id, merging with the articles already there.

    Each duplicate copy left out is kept as a reject in ``rejects_path`` (when given),
    written after the articles file.

    ``out`` is the store's articles file: articles in it that the inputs do not hold
    (imported FEVER pages, added articles) are kept, so ingest never loses them; an
    article the inputs hold again is replaced by its fresh version. The whole
    read-merge-write runs under the store's lock, and ``out`` is refused when it is one
    of the inputs.

    Memory stays flat in the corpus size: each article is serialized as soon as it is
    built and spooled to a temporary file; only ``(id, offset, length)`` stays in memory.
    The spool is then copied to ``out`` in id order through an atomic write, so a
    failure anywhere leaves ``out`` as it was. The returned result has no ``articles``
    (they were not kept); the counts are filled in.

    ``engine`` (see :mod:`toolkit.engine`) builds the articles: files are read here,
    partitions of raw articles are normalized and segmented on its workers, and the
    results come back in input order, so duplicates resolve and the file comes out
    exactly as in one process.
    """
    import tempfile

    from toolkit.jsonl import atomic_writer, dumps
    from toolkit.outputs import check_output_file
    from toolkit.progress import track
    from toolkit.store import Store

    out = Path(out)
    files = discover(paths)
    check_output_file(out, inputs=[p for p, _, _ in files if isinstance(p, Path)],
                      store_writer=True)  # fmt: skip
    result = IngestResult(articles=[], files=len(files))
    index: dict[str, tuple[int, int, str]] = {}
    store = Store.of(articles=out, max_bytes=max_bytes)
    out.parent.mkdir(parents=True, exist_ok=True)
    with store.lock(), tempfile.TemporaryFile(dir=out.parent, prefix=".spool") as spool:
        raws = track(read_sources(files, max_bytes=max_bytes), "ingest", quiet=quiet)
        parts = (engine or LocalEngine()).map(
            build_partition, raws, partition_size=PARTITION_ARTICLES,
            weight=raw_chars, budget=PARTITION_CHARS,
        )  # fmt: skip
        for aid, line, where, n_sentences in (row for part in parts for row in part):
            result.read += 1
            if aid in index:
                result.duplicate(aid, index[aid][2], where)
                continue
            index[aid] = (spool.tell(), len(line), where)
            spool.write(line)
            result.written += 1
            result.sentences += n_sentences
        for _, record in store.article_records():
            if record["id"] in index:
                continue
            line = dumps(record)
            index[record["id"]] = (spool.tell(), len(line), record["source"]["file"])
            spool.write(line)
            result.kept += 1
            result.written += 1
            result.sentences += len(record["sentences"])
        with atomic_writer(out) as f:
            for aid in sorted(index):
                offset, length, _ = index[aid]
                spool.seek(offset)
                f.write(spool.read(length))
    if rejects_path is not None:
        from toolkit.outputs import write_rejects

        write_rejects(rejects_path, result.rejected)
    return result


def raw_chars(raw: RawArticle) -> int:
    """The characters of ``raw``'s title and blocks: its weight in a partition."""
    return len(raw.title) + sum(len(text) for _, text in raw.blocks)


def build_partition(raws: list[RawArticle]) -> list[tuple[str, bytes, str, int]]:
    """``(id, JSONL line, where, sentence count)`` per raw article: the per-article work
    of ingest, run on an engine's workers (pure, so a retried partition gives the same)."""
    rows = []
    for raw in raws:
        article = build_article(raw)
        rows.append((article.id, article_line(article), _where(article), len(article.sentences)))
    return rows


_NATIVE_JSON = encodes_natively(Article)


def article_line(article: Article) -> bytes:
    """The JSONL line of ``article``: the bytes of ``jsonl.dumps(encode(article))``.

    orjson writes a dataclass itself (fields in declaration order, tuples as lists, None
    as null), which is :func:`~toolkit.records.encode`'s form of a record type without
    ``OMIT_NONE`` fields, three times faster than building the dicts first (encoding
    was a tenth of ingest). Should an article field ever omit None
    (:func:`~toolkit.records.encodes_natively`), this falls back to the codec.
    """
    if _NATIVE_JSON:
        return orjson.dumps(article, option=orjson.OPT_APPEND_NEWLINE)
    from toolkit.jsonl import dumps

    return dumps(encode(article))


def _where(article: Article) -> str:
    s = article.source
    return s.file if s.line is None else f"{s.file}:{s.line}"
