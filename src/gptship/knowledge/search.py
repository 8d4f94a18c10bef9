"""Queries against a built index: nearest passages by embedding, by BM25, or both fused by
reciprocal rank (docs/assistants.md has the measurements behind the default)."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from gptship.errors import GptshipError
from gptship.knowledge.documents import Passage
from gptship.knowledge.index import MANIFEST, PASSAGES, EmbeddingModel, Manifest, load_vectors

Mode = Literal["vector", "bm25", "hybrid"]
RRF_K = 60  # reciprocal rank fusion's constant (Cormack et al., 2009)
_WORD = re.compile(r"\w+", re.UNICODE)
# English words too common to tell passages apart; left out of BM25 queries (on Quillmere's
# held-out questions, hybrid recall@1 0.797 with them out, 0.775 with them in)
_STOPWORDS = (
    "a an the i me my we our you your it its is are was were be been do does did to of in "
    "on for at by with and or but if how what when where which who why can could would "
    "should will shall may might much many any some this that these those there here from "
    "about as have has had not no so just please hi hello hey thanks thank"
)
STOPWORDS = frozenset(_STOPWORDS.split())


@dataclass(frozen=True)
class Hit:
    id: int
    passage: Passage
    score: float  # higher is better; comparable within one search only


class Collection:
    """An index opened for reading. Thread-safe."""

    def __init__(self, path: Path, manifest: Manifest) -> None:
        self.path, self.manifest = path, manifest
        self._vectors = load_vectors(path, view=True)
        self._db = sqlite3.connect(
            f"file:{path / PASSAGES}?mode=ro", uri=True, check_same_thread=False
        )
        self._lock = threading.Lock()  # one sqlite3 connection, many threads

    @classmethod
    def open(cls, path: str | Path, embedding: EmbeddingModel | None = None) -> Collection:
        """The index at `path`; with `embedding`, GptshipError unless it was built with that
        model (queries embedded by another model would retrieve nonsense)."""
        path = Path(path)
        if not (path / MANIFEST).is_file():
            raise GptshipError(
                f"{path}: no gptship index here; build one with "
                f"`gptship index DOCS_DIR --out {path}`"
            )
        manifest = Manifest.load(path)
        built = manifest.embedding
        if embedding is not None and embedding.fingerprint != built.fingerprint:
            raise GptshipError(
                f"{path} was built with the embedding model {built.name} (fingerprint "
                f"{built.fingerprint[:12]}), but the server embeds queries with "
                f"{embedding.name} ({embedding.fingerprint[:12]}): serve with "
                f"--embedding-model set to {built.name}, or rebuild the index with "
                f"`gptship index DOCS_DIR --out {path} --embedding-model DIR --rebuild`"
            )
        return cls(path, manifest)

    def __len__(self) -> int:
        return len(self._vectors)

    def search(
        self, query: str, vector: np.ndarray | None, k: int = 4, mode: Mode = "hybrid"
    ) -> list[Hit]:
        """The `k` best passages for `query` (whose embedding is `vector`, unit length)."""
        depth = max(k * 4, 20)  # each ranking's candidates for the fusion
        ranked: list[list[int]] = []
        if mode in ("vector", "hybrid"):
            if vector is None:
                raise GptshipError(f"search mode {mode} needs the query's embedding")
            ranked.append(self._nearest(vector, depth))
        if mode in ("bm25", "hybrid"):
            ranked.append(self._bm25(query, depth))
        scores: dict[int, float] = {}
        for ranking in ranked:
            for rank, i in enumerate(ranking):
                scores[i] = scores.get(i, 0.0) + 1.0 / (RRF_K + rank + 1)
        best = sorted(scores, key=lambda i: -scores[i])[:k]
        passages = self.passages(best)
        return [Hit(i, passages[i], scores[i]) for i in best if i in passages]

    def passages(self, ids: list[int]) -> dict[int, Passage]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with self._lock:
            rows = self._db.execute(
                f"SELECT id, document, title, headings, text, line, page FROM passages "
                f"WHERE id IN ({marks})",
                ids,
            ).fetchall()
        return {
            i: Passage(doc, title, tuple(json.loads(h)), text, line, page)
            for i, doc, title, h, text, line, page in rows
        }

    def _nearest(self, vector: np.ndarray, depth: int) -> list[int]:
        if len(self._vectors) == 0:
            return []
        matches = self._vectors.search(vector.astype(np.float32), min(depth, len(self._vectors)))
        return [int(key) for key in matches.keys]

    def _bm25(self, query: str, depth: int) -> list[int]:
        words = [w for w in _WORD.findall(query.lower()) if w not in STOPWORDS]
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in dict.fromkeys(words))
        with self._lock:
            rows = self._db.execute(
                "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT ?",
                (match, depth),
            ).fetchall()
        return [int(r[0]) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
