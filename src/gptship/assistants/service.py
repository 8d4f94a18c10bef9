"""An assistant at serve time: its collections opened (document folders brought up to date
first), retrieval across them, and who may use it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gptship.assistants.prompt import fit_passages
from gptship.assistants.spec import AssistantSpec
from gptship.errors import GptshipError
from gptship.knowledge.documents import MAX_CHARS, Passage
from gptship.knowledge.index import MANIFEST, Embed, EmbeddingModel, Manifest, Report, update
from gptship.knowledge.search import Collection

log = logging.getLogger("gptship.assistants")


@dataclass
class Assistant:
    spec: AssistantSpec
    collections: list[Collection]

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def needs_vectors(self) -> bool:
        return self.spec.mode != "bm25"

    @classmethod
    def open(
        cls,
        spec: AssistantSpec,
        embedding: EmbeddingModel | None,
        embed: Embed | None,
        report: Callable[[str, Report], None] = lambda name, r: None,
    ) -> Assistant:
        """Index each document folder (only what changed since the last start), then open
        every collection, refusing a prebuilt index of another embedding model."""
        if spec.mode != "bm25" and embedding is None:
            raise GptshipError(
                f"{spec.source}: assistant '{spec.name}' retrieves with mode {spec.mode}, "
                "which embeds questions: serve with --embedding-model DIR (or set "
                "retrieval.mode: bm25)"
            )
        for c in spec.collections:
            if c.documents is None:
                continue
            if embedding is None or embed is None:
                raise GptshipError(
                    f"{spec.source}: indexing {c.documents} needs an embedding model: serve "
                    "with --embedding-model DIR, or point collections at a built index"
                )
            old = Manifest.load(c.index) if (c.index / MANIFEST).is_file() else None
            chars = old.max_chars if old is not None else MAX_CHARS
            # the server owns an index it builds from documents: another embedding model
            # means embedding them again, not refusing to start
            rebuild = old is not None and old.embedding.fingerprint != embedding.fingerprint
            if rebuild:
                log.warning("%s: built with another embedding model; re-embedding", c.index)
            report(spec.name, update(c.documents, c.index, embedding, embed, chars, rebuild))
        return cls(spec, [Collection.open(c.index, embedding) for c in spec.collections])

    def allows(self, key_name: str | None) -> bool:
        """Whether a request with this key (None: the server has no keys) may use it."""
        return self.spec.keys is None or key_name is None or key_name in self.spec.keys

    def retrieve(self, question: str, vector: np.ndarray | None) -> list[Passage]:
        """The k best passages across its collections (fused scores are rank-based, so
        they compare across collections)."""
        hits = [
            h
            for c in self.collections
            for h in c.search(question, vector, self.spec.k, self.spec.mode)
        ]
        hits.sort(key=lambda h: -h.score)
        return [h.passage for h in hits[: self.spec.k]]

    def messages(
        self,
        conversation: Sequence[dict[str, Any]],
        passages: Sequence[Passage],
        budget: int,
        count: Callable[[list[dict[str, Any]]], int],
    ) -> tuple[list[dict[str, Any]], list[Passage]]:
        return fit_passages(
            self.spec.instructions, self.spec.handoff, passages, conversation, budget, count
        )

    def close(self) -> None:
        for c in self.collections:
            c.close()
