"""A knowledge collection on disk: a folder of documents' passages, their embeddings and a
full-text index, built and updated by `gptship index DOCS_DIR --out INDEX`.

INDEX/ holds three files:
- index.json: the format, the embedding model (name, fingerprint, dimension), the passage
  size, and every document's sha256 and passage ids;
- passages.sqlite: the passages (document, title, heading path, line or page, text) and an
  FTS5 table over them, for BM25;
- vectors.usearch: the passages' unit embeddings in a usearch HNSW index keyed by passage
  id (docs/assistants.md says why usearch).

Updating re-reads every document but embeds only those whose bytes changed, drops the
passages of documents that are gone, and writes the three files anew beside the old ones,
then swaps them in, so a reader never sees a half-written index.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gptship.errors import GptshipError
from gptship.knowledge.documents import SUFFIXES, DocumentError, Passage, read

if TYPE_CHECKING:
    from usearch.index import Index

    from gptship.model.embedder import Embedder

FORMAT = 1
MANIFEST, PASSAGES, VECTORS = "index.json", "passages.sqlite", "vectors.usearch"
_SCHEMA = """
CREATE TABLE passages (id INTEGER PRIMARY KEY, document TEXT NOT NULL, title TEXT NOT NULL,
                       headings TEXT NOT NULL, text TEXT NOT NULL, line INTEGER, page INTEGER);
CREATE INDEX passages_document ON passages (document);
CREATE VIRTUAL TABLE passages_fts USING fts5 (context, content='');
"""


@dataclass(frozen=True)
class EmbeddingModel:
    """What an index's vectors were made with; queries must be embedded alike."""

    name: str
    fingerprint: str  # gptship.model.embedder.fingerprint of its directory
    dimension: int


@dataclass
class Manifest:
    embedding: EmbeddingModel
    max_chars: int
    documents: dict[str, Document] = field(default_factory=dict)
    next_id: int = 1
    format: int = FORMAT

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            raw = json.loads((path / MANIFEST).read_text())
            if raw.get("format") != FORMAT:
                raise GptshipError(
                    f"{path / MANIFEST}: index format {raw.get('format')}, this gptship reads "
                    f"{FORMAT}; rebuild it with `gptship index DOCS_DIR --out {path} --rebuild`"
                )
            documents = {k: Document(**v) for k, v in raw["documents"].items()}
            return cls(EmbeddingModel(**raw["embedding"]), raw["max_chars"], documents,
                       raw["next_id"])  # fmt: skip
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise GptshipError(
                f"{path / MANIFEST}: not a readable gptship index ({e}); "
                f"build one with `gptship index DOCS_DIR --out {path}`"
            ) from e

    def dump(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True)


@dataclass
class Document:
    sha256: str
    ids: list[int]  # its passages'


@dataclass
class Report:
    """What an update did, for the command line."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[DocumentError] = field(default_factory=list)
    passages: int = 0  # embedded by this update
    total: int = 0  # passages in the index after it


Embed = Callable[[list[str]], np.ndarray]  # texts -> float32 [N, D], unit rows


def embedding_of(embedder: Embedder, model_dir: str | Path) -> tuple[EmbeddingModel, Embed]:
    """What an index records of `embedder` (loaded from `model_dir`), and the function that
    embeds passages with it: `gptship index`, the server and the grounded corpus alike."""
    from gptship.model.embedder import fingerprint

    path = Path(model_dir)
    model = EmbeddingModel(path.resolve().name, fingerprint(path), embedder.dimension)

    def embed(texts: list[str]) -> np.ndarray:
        return embedder.embed(texts, truncate=True).numpy()

    return model, embed


def update(
    docs: Path,
    out: Path,
    model: EmbeddingModel,
    embed: Embed,
    max_chars: int,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Bring the index at `out` up to date with the documents under `docs` (created if
    there is none). GptshipError if `out` was built with another embedding model or passage
    size, unless `rebuild`."""
    if not docs.is_dir():
        raise GptshipError(f"{docs}: no such folder of documents")
    old = None if rebuild or not (out / MANIFEST).exists() else Manifest.load(out)
    if old is not None and (old.embedding.fingerprint, old.max_chars) != (
        model.fingerprint,
        max_chars,
    ):
        raise GptshipError(
            f"{out} was built with {old.embedding.name} (fingerprint "
            f"{old.embedding.fingerprint[:12]}) and passages of {old.max_chars} characters; "
            f"this run uses {model.name} ({model.fingerprint[:12]}), {max_chars}: add --rebuild "
            "to re-embed every document"
        )
    manifest = old or Manifest(model, max_chars)
    report, todo = _plan(manifest, dict(_documents(docs)), max_chars)
    stage = out.with_name(out.name + ".new")
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        _write(stage, out if old is not None else None, manifest, report, todo, embed, progress)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    _swap(stage, out)
    return report


Todo = list[tuple[str, str, list[Passage]]]  # (document, its sha256, its passages)


def _plan(manifest: Manifest, found: dict[str, Path], max_chars: int) -> tuple[Report, Todo]:
    """What changed: documents gone (in the report), and those new or changed, read."""
    report, todo = Report(), []
    report.removed = sorted(set(manifest.documents) - set(found))
    for name, path in sorted(found.items()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        known = manifest.documents.get(name)
        if known is not None and known.sha256 == digest:
            report.unchanged += 1
            continue
        try:
            passages = read(path, name, max_chars)
        except DocumentError as e:
            report.skipped.append(e)
            continue  # a known document that no longer reads keeps its old passages
        todo.append((name, digest, passages))
        (report.changed if known is not None else report.added).append(name)
    return report, todo


def _write(
    stage: Path,
    old: Path | None,
    manifest: Manifest,
    report: Report,
    todo: Todo,
    embed: Embed,
    progress: Callable[[int, int], None] | None,
) -> None:
    """The updated index in `stage`: `old`'s files, less the passages of documents gone or
    changed, plus those of `todo`, embedded 64 at a time."""
    db = _open_stage(old, stage)
    vectors = _vectors(old, manifest.embedding.dimension)
    for name in report.removed:
        _drop(db, vectors, manifest.documents.pop(name).ids)
    report.passages = sum(len(p) for _, _, p in todo)
    done = 0
    for name, digest, passages in todo:
        if name in manifest.documents:
            _drop(db, vectors, manifest.documents.pop(name).ids)
        ids = list(range(manifest.next_id, manifest.next_id + len(passages)))
        manifest.next_id += len(passages)
        for batch in _batches(list(zip(ids, passages, strict=True)), 64):
            vectors.add(np.array([i for i, _ in batch]), embed([p.context for _, p in batch]))
            _insert(db, batch)
            done += len(batch)
            if progress is not None:
                progress(done, report.passages)
        manifest.documents[name] = Document(digest, ids)
    report.total = sum(len(d.ids) for d in manifest.documents.values())
    db.commit()
    db.close()
    vectors.save(str(stage / VECTORS))
    (stage / MANIFEST).write_text(manifest.dump())


def _documents(docs: Path) -> Iterator[tuple[str, Path]]:
    """(name, path) of every readable kind of file below `docs`, hidden ones left out."""
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs)
        hidden = any(part.startswith(".") for part in rel.parts)
        if path.is_file() and path.suffix.lower() in SUFFIXES and not hidden:
            yield rel.as_posix(), path


def _open_stage(old: Path | None, stage: Path) -> sqlite3.Connection:
    if old is not None:
        shutil.copyfile(old / PASSAGES, stage / PASSAGES)
        return sqlite3.connect(stage / PASSAGES)
    db = sqlite3.connect(stage / PASSAGES)
    db.executescript(_SCHEMA)
    return db


def _vectors(old: Path | None, dimension: int) -> Index:
    from usearch.index import Index

    if old is None:
        return Index(ndim=dimension, metric="cos")  # bf16 storage, its default for cos
    return load_vectors(old, view=False)


def load_vectors(path: Path, view: bool) -> Index:
    """The index's vectors (memory-mapped with `view`); GptshipError if unreadable."""
    from usearch.index import Index

    vectors = Index.restore(str(path / VECTORS), view=view)
    if vectors is None:
        raise GptshipError(
            f"{path / VECTORS}: missing or not a usearch index; rebuild with "
            f"`gptship index DOCS_DIR --out {path} --rebuild`"
        )
    return vectors


def _drop(db: sqlite3.Connection, vectors: Index, ids: list[int]) -> None:
    for i in ids:
        row = db.execute("SELECT title, headings, text FROM passages WHERE id = ?", (i,)).fetchone()
        if row is not None:
            db.execute(
                "INSERT INTO passages_fts (passages_fts, rowid, context) VALUES ('delete', ?, ?)",
                (i, _context(*row)),
            )
    db.executemany("DELETE FROM passages WHERE id = ?", [(i,) for i in ids])
    if ids:
        vectors.remove(np.array(ids))


def _insert(db: sqlite3.Connection, batch: list[tuple[int, Passage]]) -> None:
    db.executemany(
        "INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(i, p.document, p.title, json.dumps(p.headings), p.text, p.line, p.page)
         for i, p in batch],
    )  # fmt: skip
    db.executemany(
        "INSERT INTO passages_fts (rowid, context) VALUES (?, ?)",
        [(i, p.context) for i, p in batch],
    )


def _context(title: str, headings: str, text: str) -> str:
    return Passage("", title, tuple(json.loads(headings)), text).context


def _batches(items: list[tuple[int, Passage]], size: int) -> Iterator[list[tuple[int, Passage]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _swap(stage: Path, out: Path) -> None:
    """Move the staged index into place: `out` is the old index until the last rename."""
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)
