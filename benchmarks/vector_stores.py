"""Which embedded vector store should gptship's knowledge collections use? Measured here.

Candidates: sqlite-vec, usearch, faiss-cpu and LanceDB, each as a user would set it up by
default at that size. Only usearch is a gptship dependency (docs/assistants.md says why):
run this in a scratch venv that has all four,
    python benchmarks/vector_stores.py --sizes 10000 1000000

Data: seeded 384-d float32 unit vectors (all-MiniLM-L6-v2's size) clustered like sentence
embeddings: ~sqrt(N) random unit centres, point = centre + anisotropic noise (decaying spectrum,
random basis), normalised; the queries are held-out points drawn alike. Ground truth: exact
top-10 by inner product (= cosine), numpy, in blocks.

Per store: build (insert N vectors with integer ids in batches, train any index, write to a temp
folder), size on disk, time to reopen, recall@10, single-query top-10 latency p50/p95 (one query
at a time after a warm-up, on the reopened store), and delete/replace by id, tried: delete a
query's top hit, query, re-insert it as the query itself, query. Insertion stops after --budget
seconds (the row says so; recall is then against the exact top-10 of what went in). Threads:
each library's default, printed. Also printed: the machine, and each candidate's install
footprint beyond numpy (requirements walked recursively, bytes of the files in their RECORDs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib
import importlib.metadata as md
import importlib.util
import os
import platform
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

DIM = 384  # all-MiniLM-L6-v2
K = 10
BATCH = 10_000
NOISE = 0.8  # a point's distance from its centre, before normalising
LANCE_INDEX_FROM = 100_000  # rows from which LanceDB's docs suggest an ANN index
Batches = Iterator[tuple[np.ndarray, np.ndarray]]  # (int64 ids, float32 [b, DIM])
Search = Callable[[np.ndarray], list[int]]


def unit(x: np.ndarray) -> np.ndarray:
    unit_rows: np.ndarray = x / np.linalg.norm(x, axis=1, keepdims=True)
    return unit_rows


def make_vectors(n: int, queries: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """n data vectors and `queries` held-out query vectors, drawn from the same clusters."""
    rng = np.random.default_rng(seed)
    total = n + queries
    centres = unit(rng.standard_normal((max(1, round(total**0.5)), DIM), dtype=np.float32))
    basis = np.linalg.qr(rng.standard_normal((DIM, DIM)))[0].astype(np.float32)
    spread = np.arange(1, DIM + 1, dtype=np.float32) ** -0.5
    spread *= NOISE / np.linalg.norm(spread)
    out = np.empty((total, DIM), np.float32)
    for start in range(0, total, 100_000):
        size = min(100_000, total - start)
        noise = (rng.standard_normal((size, DIM), dtype=np.float32) * spread) @ basis
        out[start : start + size] = unit(centres[rng.integers(len(centres), size=size)] + noise)
    return out[:n], out[n:]


def exact_top_k(data: np.ndarray, queries: np.ndarray, block: int = 65_536) -> np.ndarray:
    """[Q, K] ids of the K largest inner products, best first."""
    scores, ids = [], []
    for start in range(0, len(data), block):
        s = queries @ data[start : start + block].T
        top = np.argpartition(-s, min(K, s.shape[1]) - 1, axis=1)[:, :K]
        scores.append(np.take_along_axis(s, top, 1))
        ids.append(top + start)
    s, i = np.hstack(scores), np.hstack(ids)
    return np.take_along_axis(i, np.argsort(-s, axis=1)[:, :K], 1)


def batches(data: np.ndarray, deadline: float, done: list[int]) -> Batches:
    """BATCH-sized slices with their ids; stops at the deadline. done[0]: how many went out."""
    for start in range(0, len(data), BATCH):
        if time.perf_counter() > deadline:
            return
        block = data[start : start + BATCH]
        yield np.arange(start, start + len(block), dtype=np.int64), block
        done[0] = start + len(block)


def sqlite_connect(path: Path) -> Any:
    """stdlib sqlite3 if this Python can load extensions (pyenv's can't by default), else apsw."""
    import sqlite3

    import sqlite_vec

    if hasattr(sqlite3.Connection, "enable_load_extension"):
        db: Any = sqlite3.connect(path, isolation_level=None)
    else:
        db = importlib.import_module("apsw").Connection(str(path))
    db.enable_load_extension(True)
    sqlite_vec.load(db)
    db.enable_load_extension(False)
    return db


SQL_FLOAT = (  # create, insert, query
    f"create virtual table chunks using vec0(v float[{DIM}] distance_metric=cosine)",
    "insert into chunks(rowid, v) values (?1, ?2)",
    f"select rowid from chunks where v match ?1 and k = {K} order by distance",
)
SQL_BITS = (
    f"create virtual table chunks using vec0(v bit[{DIM}], +full blob)",
    "insert into chunks(rowid, v, full) values (?1, vec_quantize_binary(?2), ?2)",
    "select rowid from (select rowid, full from chunks where v match vec_quantize_binary(?1)"
    f" and k = {K * 10}) order by vec_distance_cosine(full, ?1) limit {K}",
)


class SqliteVec:
    """A vec0 virtual table, brute force (vec0 has no ANN index). bits: 1-bit codes scanned by
    hamming distance, the best K*10 rescored by cosine on the float vector kept beside them."""

    def __init__(self, bits: bool) -> None:
        self.name = "sqlite-vec " + ("bit + rescore" if bits else "float, cosine")
        self.note = "1 thread (SQLite)"
        self.create, self.insert, self.query = SQL_BITS if bits else SQL_FLOAT

    def build(self, folder: Path, batches: Batches) -> None:
        db = sqlite_connect(folder / "chunks.db")
        db.execute(self.create)
        for ids, block in batches:
            db.execute("begin")
            db.executemany(self.insert, zip(ids.tolist(), map(bytes, block), strict=True))
            db.execute("commit")
        db.close()

    def open(self, folder: Path) -> None:
        self.db = sqlite_connect(folder / "chunks.db")

    def searches(self) -> dict[str, Search]:
        return {"": lambda q: [r[0] for r in self.db.execute(self.query, (q.tobytes(),))]}

    def replace(self, key: int, vec: np.ndarray | None) -> None:
        if vec is None:
            self.db.execute("delete from chunks where rowid = ?", (key,))
        else:
            self.db.execute(self.insert, (key, vec.tobytes()))


class Usearch:
    """usearch's HNSW with its defaults (it picks the storage type for the CPU), metric cos."""

    name = "usearch HNSW"

    def __init__(self) -> None:
        self.Index = importlib.import_module("usearch.index").Index

    def build(self, folder: Path, batches: Batches) -> None:
        index = self.Index(ndim=DIM, metric="cos")
        for ids, block in batches:
            index.add(ids, block)  # threads=0: all cores
        index.save(str(folder / "chunks.usearch"))
        dtype = str(index.dtype).rsplit(".", 1)[-1].lower()
        self.note = f"{dtype}, M {index.connectivity}, ef_add {index.expansion_add}, "
        self.note += f"ef {index.expansion_search}; add on {os.cpu_count()} threads"

    def open(self, folder: Path) -> None:
        self.index = self.Index.restore(str(folder / "chunks.usearch"))

    def searches(self) -> dict[str, Search]:
        return {"": lambda q: self.index.search(q, K).keys.tolist()}

    def replace(self, key: int, vec: np.ndarray | None) -> None:
        _ = self.index.remove(key) if vec is None else self.index.add(key, vec)


class Faiss:
    """IndexFlatIP (exact) or IndexHNSWFlat (M 32, efSearch 64), in an IndexIDMap2 for ids;
    queried with OpenMP's default threads and with one (what a busy server would set)."""

    def __init__(self, hnsw: bool) -> None:
        self.hnsw = hnsw
        self.name = "faiss " + ("HNSWFlat" if hnsw else "FlatIP")
        self.faiss = importlib.import_module("faiss")
        self.threads = int(os.environ.get("OMP_NUM_THREADS", 0)) or os.cpu_count() or 1

    def build(self, folder: Path, batches: Batches) -> None:
        faiss = self.faiss
        faiss.omp_set_num_threads(self.threads)
        inner = faiss.IndexHNSWFlat(DIM, 32, faiss.METRIC_INNER_PRODUCT) if self.hnsw else None
        index = faiss.IndexIDMap2(inner or faiss.IndexFlatIP(DIM))
        for ids, block in batches:
            index.add_with_ids(block, ids)
        faiss.write_index(index, str(folder / "chunks.faiss"))
        ef = f"efConstruction {inner.hnsw.efConstruction}, efSearch 64; " if inner else ""
        self.note = f"{ef}OpenMP {self.threads} threads"

    def open(self, folder: Path) -> None:
        self.index = self.faiss.read_index(str(folder / "chunks.faiss"))
        if self.hnsw:
            self.faiss.downcast_index(self.index.index).hnsw.efSearch = 64

    def search(self, q: np.ndarray, threads: int | None = None) -> list[int]:
        self.faiss.omp_set_num_threads(threads or self.threads)
        return list(self.index.search(q[None], K)[1][0].tolist())

    def searches(self) -> dict[str, Search]:
        return {"": self.search, "1 OpenMP thread": lambda q: self.search(q, 1)}

    def replace(self, key: int, vec: np.ndarray | None) -> None:
        if vec is None:
            self.index.remove_ids(np.array([key], dtype=np.int64))
        else:
            self.index.add_with_ids(vec[None], np.array([key], dtype=np.int64))


class Lance:
    """A LanceDB table: brute force below LANCE_INDEX_FROM rows, else IVF_PQ with its defaults
    (cosine), queried with the default nprobes and also with refine_factor 10."""

    name = "LanceDB"

    def build(self, folder: Path, batches: Batches) -> None:
        import lancedb
        import pyarrow as pa
        from lancedb.index import IvfPq

        schema = pa.schema([("id", pa.int64()), ("vector", pa.list_(pa.float32(), DIM))])
        records = (
            pa.record_batch([ids, pa.FixedSizeListArray.from_arrays(b.ravel(), DIM)], schema)
            for ids, b in batches
        )
        db = lancedb.connect(folder)
        table = db.create_table("chunks", pa.RecordBatchReader.from_batches(schema, records))
        self.indexed = table.count_rows() >= LANCE_INDEX_FROM
        if self.indexed:
            table.create_index("vector", config=IvfPq(distance_type="cosine"))
        self.note = "IVF_PQ defaults" if self.indexed else "no index (flat scan)"
        self.note += "; Rust threads: all cores"

    def open(self, folder: Path) -> None:
        import lancedb

        self.table = lancedb.connect(folder).open_table("chunks")

    def search(self, q: np.ndarray, refine: int | None = None) -> list[int]:
        query = self.table.search(q).distance_type("cosine").select(["id", "_distance"])
        query = query.limit(K).refine_factor(refine) if refine else query.limit(K)
        return list(query.to_arrow()["id"].to_pylist())

    def searches(self) -> dict[str, Search]:
        refine = {"refine_factor 10": lambda q: self.search(q, 10)} if self.indexed else {}
        return {"": self.search, **refine}

    def replace(self, key: int, vec: np.ndarray | None) -> None:
        if vec is None:
            self.table.delete(f"id = {key}")
        else:
            self.table.add([{"id": key, "vector": vec.tolist()}])


STORES: list[tuple[str, Callable[[], Any]]] = [  # (module to import, store)
    ("sqlite_vec", lambda: SqliteVec(bits=False)),
    ("sqlite_vec", lambda: SqliteVec(bits=True)),
    ("usearch", Usearch),
    ("faiss", lambda: Faiss(hnsw=False)),
    ("faiss", lambda: Faiss(hnsw=True)),
    ("lancedb", Lance),
]


def timed_queries(search: Search, queries: np.ndarray) -> tuple[list[list[int]], np.ndarray]:
    for q in queries[:10]:  # warm-up
        search(q)
    found, ms = [], []
    for q in queries:
        start = time.perf_counter()
        found.append(search(q))
        ms.append((time.perf_counter() - start) * 1e3)
    return found, np.array(ms)


def update_by_id(store: Any, search: Search, query: np.ndarray) -> str:
    """Delete the query's top hit, then put it back as the query itself."""
    try:
        key = search(query)[0]
        store.replace(key, None)
        if key in search(query):
            return "no: still found after delete"
        store.replace(key, query)
        return "yes" if search(query)[:1] == [key] else "no: re-inserted id not top-1"
    except Exception as e:
        return f"no ({type(e).__name__}: {str(e).splitlines()[0].rsplit(': ')[-1][:60]})"


def measure(
    store: Any, data: np.ndarray, queries: np.ndarray, truth: Any, budget: float
) -> list[list[str]]:
    """Build into a temporary folder, reopen, query, try an update: a row per search variant."""
    with tempfile.TemporaryDirectory(prefix="vector-stores-") as tmp:
        folder, done = Path(tmp), [0]
        start = time.perf_counter()
        store.build(folder, batches(data, start + budget, done))
        build_s = time.perf_counter() - start
        size_mb = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6
        start = time.perf_counter()
        store.open(folder)
        open_s = time.perf_counter() - start
        rows, searches = [], store.searches()
        for label, search in searches.items():
            found, ms = timed_queries(search, queries)
            hits = [len(set(f) & set(t)) for f, t in zip(found, truth(done[0]), strict=True)]
            p50, p95 = np.percentile(ms, [50, 95])
            name = f"{store.name} ({label})" if label else store.name
            rows.append([name, f"{build_s:.1f}", f"{size_mb:.0f}", f"{open_s:.2f}"])
            rows[-1] += [f"{np.mean(hits) / K:.3f}", f"{p50:.2f}", f"{p95:.2f}"]
        update = update_by_id(store, next(iter(searches.values())), queries[0])
    capped = f"capped at {done[0]:,} after {budget:.0f} s; " if done[0] < len(data) else ""
    return [[*row, update, capped + store.note] for row in rows]


def footprint(dists: list[str], base: frozenset[str] = frozenset({"numpy"})) -> list[Any]:
    """MB on disk and "name version" of dists and all they require (extras aside), less base."""
    seen: dict[str, md.Distribution] = {}
    todo = list(dists)
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in seen or name in base:
            continue
        try:
            seen[name] = dist = md.distribution(name)
        except md.PackageNotFoundError:  # not installed: a marker excluded it, or it's missing
            continue
        requires = [r.partition(";") for r in dist.requires or []]
        todo += [
            re.split(r"[\s<>=!~\[(]", r.strip())[0] for r, _, m in requires if "extra" not in m
        ]
    files = [Path(f.locate()) for d in seen.values() for f in d.files or []]
    size = sum(f.stat().st_size for f in files if f.is_file())
    return [size / 1e6, sorted(f"{d.metadata['Name']} {d.version}" for d in seen.values())]


def machine() -> str:
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    field = {k.strip(): v.strip() for k, _, v in (ln.partition(":") for ln in info.splitlines())}
    flags = set(field.get("flags", "").split())
    simd = next((f for f in ("avx512f", "avx2", "avx", "sse4_2") if f in flags), "?")
    cpu = f"{field.get('model name', platform.processor())} (family {field.get('cpu family')}"
    return f"{cpu}, model {field.get('model')}), {os.cpu_count()} cores, best SIMD {simd}"


def markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(map(str, line)) + " |" for line in lines)


def footprints() -> list[list[Any]]:
    """A row per candidate: MB beyond numpy, number of packages, the packages."""
    import sqlite3

    apsw = [] if hasattr(sqlite3.Connection, "enable_load_extension") else ["apsw"]
    needs = {"sqlite-vec": ["sqlite-vec", *apsw], "usearch": ["usearch"]}
    needs |= {"faiss-cpu": ["faiss-cpu"], "lancedb": ["lancedb"]}
    rows = []
    for name, dists in needs.items():
        mb, packages = footprint(dists)
        rows.append([name, f"{mb:.1f}", len(packages), ", ".join(packages) or "missing"])
    return rows


def run_size(n: int, args: argparse.Namespace) -> str:
    data, queries = make_vectors(n, args.queries, args.seed)
    truth = functools.cache(lambda count: exact_top_k(data[:count], queries))
    header = ["store", "build s", "disk MB", "open s", "recall@10", "p50 ms", "p95 ms"]
    rows = []
    for module, make in STORES:
        if not importlib.util.find_spec(module):
            rows.append([f"{module}: missing", *[""] * 8])
            continue
        store = make()
        try:
            rows += measure(store, data, queries, truth, args.budget)
        except Exception as e:
            rows.append([f"{store.name}: failed", *[""] * 7, f"{type(e).__name__}: {e}"[:120]])
        print(f"  N {n:,}: {store.name} done, load {os.getloadavg()[0]:.2f}", flush=True)
    header += ["delete/replace by id", "notes"]
    return f"N = {n:,}, {len(queries)} queries, top-{K}\n\n" + markdown(header, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--budget", type=float, default=600.0, help="insertion seconds per store")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"{machine()}\n{dt.datetime.now():%Y-%m-%d %H:%M}, load {os.getloadavg()[0]:.2f}")
    print(f"Python {platform.python_version()}, numpy {np.__version__}; install footprints:\n")
    print(markdown(["candidate", "MB", "packages", "installs"], footprints()), flush=True)
    for n in args.sizes:
        print("\n" + run_size(n, args), flush=True)


if __name__ == "__main__":
    main()
