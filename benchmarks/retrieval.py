"""`python -m benchmarks.retrieval`: how well and how fast a knowledge collection finds the
passage that answers a question.

1. Recall: Quillmere's documents (written by gptship.train.corpus, seed 0) indexed with the
   embedding model, and its held-out questions (worded in ways training never used), each
   with the reference sentence its answer comes from. A question is found at k when one of
   the first k passages contains that sentence. For vector search, BM25, and the two fused
   by reciprocal rank (the default).
2. Latency at scale: the same documents copied under other company names until the index
   holds `--passages` passages, then every held-out question asked again: the time to
   embed the question and search, per mode (p50 and p95), on this machine's threads.

The indexes are kept under .cache/bench/retrieval, keyed by size, so reruns skip the
embedding (minutes at 10,000 passages on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import get_args

import numpy as np
import torch

from gptship.bench.limits import cpu_model
from gptship.knowledge.index import EmbeddingModel, update
from gptship.knowledge.search import Collection, Mode
from gptship.model.embedder import Embedder, fingerprint
from gptship.train.corpus import write_corpus

CACHE = Path(".cache/bench/retrieval")
COMPANIES = ["Ardent", "Bellwether", "Corvid", "Dunmore", "Everly", "Foxglove", "Galloway"]


def questions(corpus: Path) -> list[tuple[str, str]]:
    """(question, the first sentence of its reference answer) of each held-out item."""
    items = [json.loads(line) for line in (corpus / "heldout.jsonl").read_text().splitlines()]
    return [
        (i["messages"][-1]["content"], re.split(r"(?<=[.!?])\s", i["reference"])[0]) for i in items
    ]


def recall(collection: Collection, embedder: Embedder, asked: list[tuple[str, str]]) -> list[str]:
    everything = collection.passages(list(range(1, collection.manifest.next_id)))
    found = {mode: {1: 0, 3: 0, 5: 0} for mode in get_args(Mode)}
    for question, reference in asked:
        relevant = {i for i, p in everything.items() if reference in p.text.replace("\n", " ")}
        vector = embedder.embed(question).numpy()[0]
        for mode, counts in found.items():
            ids = [h.id for h in collection.search(question, vector, 5, mode)]
            for k in counts:
                counts[k] += bool(relevant & set(ids[:k]))
    rows = ["| mode | recall@1 | recall@3 | recall@5 |", "|---|---|---|---|"]
    for mode, counts in found.items():
        cells = " | ".join(f"{counts[k] / len(asked):.3f}" for k in (1, 3, 5))
        rows.append(f"| {mode} | {cells} |")
    return rows


def scaled_docs(corpus: Path, out: Path, passages: int, per_copy: int) -> Path:
    """Quillmere's documents, and copies under other names until there are `passages`."""
    out.mkdir(parents=True, exist_ok=True)
    copies = max(1, -(-passages // per_copy))
    for n in range(copies):
        name = "Quillmere" if n == 0 else f"{COMPANIES[n % len(COMPANIES)]}{n}"
        for doc in sorted((corpus / "docs").glob("*.md")):
            text = doc.read_text().replace("Quillmere", name)
            (out / f"{n:05d}-{doc.name}").write_text(text)
    return out


def latency(collection: Collection, embedder: Embedder, asked: list[tuple[str, str]]) -> list[str]:
    rows = ["| mode | p50 ms | p95 ms |", "|---|---|---|"]
    for mode in get_args(Mode):
        times = []
        for question, _ in asked:
            start = time.perf_counter()
            vector = embedder.embed(question).numpy()[0] if mode != "bm25" else None
            collection.search(question, vector, 4, mode)
            times.append(time.perf_counter() - start)
        p95 = float(np.percentile(times, 95))
        rows.append(f"| {mode} | {statistics.median(times) * 1e3:.1f} | {p95 * 1e3:.1f} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedding-model", type=Path, default=Path("models/all-MiniLM-L6-v2"))
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--max-chars", type=int, default=600)
    args = parser.parse_args()
    embedder = Embedder.from_dir(args.embedding_model)
    model = EmbeddingModel(
        args.embedding_model.name, fingerprint(args.embedding_model), embedder.dimension
    )

    def embed(texts: list[str]) -> np.ndarray:
        return embedder.embed(texts, truncate=True).numpy()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        write_corpus(Path("examples/quillmere"), corpus)
        asked = questions(corpus)
        small = CACHE / "quillmere"
        update(corpus / "docs", small, model, embed, args.max_chars)
        one = Collection.open(small, model)
        tables = [recall(one, embedder, asked)]
        docs = scaled_docs(corpus, Path(tmp) / "scaled", args.passages, len(one))
        big = CACHE / f"scaled-{args.passages}"
        start = time.perf_counter()
        report = update(docs, big, model, embed, args.max_chars)
        built = time.perf_counter() - start
        many = Collection.open(big, model)
        tables.append(latency(many, embedder, asked))
    print(
        f"{model.name}, passages of {args.max_chars} characters, {torch.get_num_threads()} "
        f"torch threads, {cpu_model()}\n\nrecall on {len(asked)} held-out questions, "
        f"{len(one)} passages:\n"
    )
    print("\n".join(tables[0]))
    print(
        f"\nembedding the question and searching {len(many):,} passages "
        f"({report.passages:,} embedded in {built:.0f} s this run):\n"
    )
    print("\n".join(tables[1]))


if __name__ == "__main__":
    main()
