"""The Milvus store: the index's vectors and BM25 weights in one Milvus collection per index version.

Each version folder (`index_dir/v-<time>-<rand>`) gets its own collection,
`<ASSISTANT_MILVUS_COLLECTION>_v_<time>_<rand>`, filled from the loaded index the first time a
process opens that version and reused afterwards. A row is one chunk: `id` is its position in
`LoadedIndex.chunks` (so rows mean the same as in `FaissStore`), `doc` its document, `dense`
its embedding and `sparse` its BM25 document-side weights.

BM25 as an inner product: the sparse vector of chunk d holds, for each of its terms t (BM25
vocabulary ids), tf·(k1+1) / (tf + k1·(1−b+b·dl/avgdl)); a query's holds qtf·idf(t). Their
inner product is exactly `BM25Index.scores` (up to float32 rounding), so both stores rank the
same candidates and the retriever's own fusion sees the same numbers.

Processes. milvus-lite (a local `….db`, the default `<index_dir>/milvus.db`) is a folder that
**one process at a time** may open: it takes an exclusive flock on `<file>.db/LOCK`, and a
second process is refused (measured with milvus-lite 3.2.2; `open` then raises `IndexError_`
with a one-line reason). Threads of one process share it. Several workers or replicas need a
Milvus server or cluster (`ASSISTANT_MILVUS_URI=http://…`), which any number of processes
share; filling a collection is then idempotent (upserts by row id), so replicas opening a
new version together do not corrupt it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from pymilvus import AnnSearchRequest, DataType, MilvusClient, MilvusException, WeightedRanker

from assistant.errors import IndexError_
from assistant.retrieval.bm25 import BM25Index
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.retrieval.index import LoadedIndex

DEFAULT_FILE = "milvus.db"  # under index_dir, so each index (and each eval suite) has its own
KEEP_VERSIONS = 2  # collections kept per prefix: the one opened and the newest other (a worker may be on it)
UPSERT_BATCH = 256  # rows per call: 256 × (384 floats + ~100 weights) ≈ 0.5 MB, well under gRPC's limit
DOC_MAX_LENGTH = 512  # bytes of a document id (file names stop at 255)
METRIC = {"metric_type": "IP"}
DENSE, SPARSE = "dense", "sparse"
VERSION_MARK = "_v_"  # what a version folder's name ("v-…") becomes after the prefix
# milvus-lite's in-process gRPC server accepts a keepalive ping at most every 5 minutes (gRPC's default);
# pymilvus pings every 10 s, so after a quiet spell the server sends GOAWAY "too_many_pings" and gRPC logs
# it to stderr.
LOCAL_GRPC = {"grpc.keepalive_time_ms": 300_000, "grpc.keepalive_permit_without_calls": False}


@dataclass(frozen=True)
class BM25Weights:
    """A BM25 index rewritten as sparse vectors whose inner product is the BM25 score."""

    bm25: BM25Index

    @property
    def padding(self) -> int:
        """A dimension no query has: Milvus refuses an empty sparse vector, and a chunk may have no tokens."""
        return len(self.bm25.vocab)

    def query(self, tokens: list[str]) -> dict[int, float]:
        """qtf·idf for each known query term (empty when no term is in the vocabulary)."""
        weights: dict[int, float] = {}
        for token in tokens:
            i = self.bm25.vocab.get(token)
            if i is not None:
                weights[i] = weights.get(i, 0.0) + float(self.bm25.idf[i])
        return weights

    def documents(self) -> list[dict[int, float]]:
        """Each chunk's tf·(k1+1) / (tf + k1·(1−b+b·dl/avgdl)) per term, in row order."""
        bm25 = self.bm25
        terms = np.repeat(np.arange(len(bm25.vocab)), np.diff(bm25.indptr))
        rows = bm25.indices.astype(np.int64)
        weights = bm25.weights
        order = np.argsort(rows, kind="stable")
        bounds = np.searchsorted(rows[order], np.arange(bm25.n_chunks + 1))
        vectors = []
        for row in range(bm25.n_chunks):
            part = order[bounds[row] : bounds[row + 1]]
            vectors.append(dict(zip(terms[part].tolist(), weights[part].tolist())) or {self.padding: 1.0})
        return vectors


def is_lite(uri: str) -> bool:
    """Whether `uri` names a milvus-lite file (one process) rather than a Milvus server."""
    return uri.endswith(".db")


def milvus_uri(settings: Settings) -> str:
    """`ASSISTANT_MILVUS_URI`, or the milvus-lite file `<index_dir>/milvus.db`."""
    return settings.milvus_uri or str(Path(settings.index_dir) / DEFAULT_FILE)


def collection_prefix(prefix: str) -> str:
    """The prefix in the letters, digits and underscores Milvus allows, starting with a letter or "_"."""
    name = re.sub(r"[^0-9A-Za-z_]", "_", prefix)
    return name if re.match(r"[A-Za-z_]", name) else f"c_{name}"


def collection_name(prefix: str, version: str) -> str:
    """`<prefix>_<version folder>`, e.g. "fire_assistant_v_20261201T145856_0edf00"."""
    return f"{collection_prefix(prefix)}_{re.sub(r'[^0-9A-Za-z_]', '_', version)}"


class MilvusStore:
    """Dense and BM25 candidates from a Milvus collection holding one index version."""

    name = "milvus"

    def __init__(self, client: MilvusClient, collection: str, weights: BM25Weights, docs: list[str],
                 filled: bool = False) -> None:
        """Args:
        docs: the document of each row, in row order (to turn whole-document scopes into `doc in [...]`).
        """
        self.client = client
        self.collection = collection
        self.weights = weights
        self.n_rows = len(docs)
        self._doc_of = np.array(docs, dtype=object)
        self._rows_per_doc = {doc: int(count) for doc, count in zip(*np.unique(self._doc_of, return_counts=True))} \
            if docs else {}
        self.filled = filled  # whether opening this store wrote the collection (False: reused)

    @classmethod
    def open(cls, settings: Settings, index: LoadedIndex) -> MilvusStore:
        """Connect, make sure the index's version is in its collection, and drop versions no one needs.

        Raises:
            IndexError_: the Milvus file is held by another process, or the server cannot be reached.
        """
        client = _connect(milvus_uri(settings), settings.milvus_token)
        prefix = collection_prefix(settings.milvus_collection)
        name = collection_name(prefix, index.folder.name)
        weights = BM25Weights(index.bm25)
        try:
            filled = _ensure_filled(client, name, index, weights)
            _prune(client, prefix, keep=name)
        except MilvusException as exc:
            raise IndexError_(f"无法在 Milvus 中准备索引集合 {name}：{_reason(exc)}") from exc
        return cls(client, name, weights, [chunk.doc for chunk in index.chunks], filled)

    def dense(self, vector: np.ndarray, n: int, rows: np.ndarray | None) -> dict[int, float]:
        if self.n_rows == 0 or (rows is not None and len(rows) == 0):
            return {}
        return self._search(DENSE, _dense_query(vector), min(n, self.n_rows), rows)

    def sparse(self, tokens: list[str], n: int, rows: np.ndarray | None) -> dict[int, float]:
        query = self.weights.query(tokens)
        if not query or self.n_rows == 0 or (rows is not None and len(rows) == 0):
            return {}
        return {row: score for row, score in self._search(SPARSE, query, n, rows).items() if score > 0}

    def hybrid(self, vector: np.ndarray, tokens: list[str], n: int, rows: np.ndarray | None,
               weights: Mapping[str, float], normalise: bool = True) -> dict[int, float]:
        """Up to n rows ranked in the engine by WeightedRanker over the dense and BM25 searches: row → score.

        With `normalise` Milvus maps each score through arctan (for IP), not by the candidates'
        spread as the retriever's convex fusion does, so the rankings differ: on the eval suites
        11, 4 and 5 answers change (benchmarks/engine_hybrid.py), and the retriever keeps its own.

        Args:
            weights: {"dense": w, "bm25": w}, as the retriever's fusion takes them.
            normalise: WeightedRanker's norm_score (False: the raw scores are weighted and summed).
        """
        if self.n_rows == 0 or (rows is not None and len(rows) == 0):
            return {}
        where = self._filter(rows)
        limit = min(n, self.n_rows)
        requests = [AnnSearchRequest([_dense_query(vector)], DENSE, METRIC, limit, filter=where)]
        ranks = [weights["dense"]]
        if query := self.weights.query(tokens):
            requests.append(AnnSearchRequest([query], SPARSE, METRIC, n, filter=where))
            ranks.append(weights["bm25"])
        with self._errors():
            ranker = WeightedRanker(*ranks, norm_score=normalise)
            found = self.client.hybrid_search(self.collection, requests, ranker, limit=n,
                                              output_fields=["id"])
        return _ranked(found[0])

    def _search(self, field: str, query, n: int, rows: np.ndarray | None) -> dict[int, float]:
        with self._errors():
            found = self.client.search(self.collection, [query], anns_field=field, limit=n,
                                       filter=self._filter(rows), output_fields=["id"], search_params=METRIC)
        return _ranked(found[0])

    def _filter(self, rows: np.ndarray | None) -> str:
        """The scalar filter for the allowed rows ('' for all): `doc in [...]` when they are whole documents
        (a district or document scope, however large), else `id in [...]` (a scope narrowed by chunk tests)."""
        if rows is None:
            return ""
        ids = np.unique(np.asarray(rows, dtype=np.int64))
        if len(ids) >= self.n_rows:
            return ""
        docs = sorted(set(self._doc_of[ids].tolist()))
        if sum(self._rows_per_doc[doc] for doc in docs) == len(ids):
            return f"doc in {json.dumps(docs, ensure_ascii=False)}"
        return f"id in [{','.join(map(str, ids.tolist()))}]"

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except MilvusException as exc:
            raise IndexError_(f"Milvus 检索失败（{self.collection}）：{_reason(exc)}") from exc


def _dense_query(vector: np.ndarray) -> list[float]:
    return np.asarray(vector, dtype=np.float32).reshape(-1).tolist()


def _ranked(hits) -> dict[int, float]:
    """row → score, best first and ties by row (as FaissStore orders them)."""
    pairs = sorted(((int(hit["id"]), float(hit["distance"])) for hit in hits), key=lambda p: (-p[1], p[0]))
    return dict(pairs)


def _reason(exc: MilvusException) -> str:
    return " ".join(str(getattr(exc, "message", "") or exc).split())[:200]


# -- connecting -------------------------------------------------------------------------------------
def _connect(uri: str, token: str | None) -> MilvusClient:
    local = is_lite(uri)
    if local:
        Path(uri).parent.mkdir(parents=True, exist_ok=True)
    try:
        with _quiet("milvus_lite.server_manager"):  # it logs a traceback before pymilvus raises
            return MilvusClient(uri=uri, token=token or "", **({"grpc_options": LOCAL_GRPC} if local else {}))
    except MilvusException as exc:
        if local and _locked_elsewhere(Path(uri)):
            raise IndexError_(f"Milvus 数据文件 {uri} 正被另一个进程使用（milvus-lite 只允许一个进程打开；"
                              "多个进程请用 Milvus 服务：ASSISTANT_MILVUS_URI=http://…）") from exc
        raise IndexError_(f"无法连接 Milvus（{uri}）：{_reason(exc)}") from exc


def _locked_elsewhere(path: Path) -> bool:
    """Whether another process holds milvus-lite's lock on this data folder (called only after opening failed,
    so this process holds no server for it)."""
    try:
        import fcntl

        from milvus_lite.db import LOCK_FILENAME
    except ImportError:  # not a POSIX system, or milvus-lite changed: say nothing about locks
        return False
    lock = path / LOCK_FILENAME
    if not lock.is_file():
        return False
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    logger = logging.getLogger(logger_name)

    def drop(record: logging.LogRecord) -> bool:
        return False

    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


# -- filling and pruning ----------------------------------------------------------------------------
def _ensure_filled(client: MilvusClient, name: str, index: LoadedIndex, weights: BM25Weights) -> bool:
    """Create and fill the version's collection unless it holds every row already; True when written."""
    n = len(index.chunks)
    if client.has_collection(name):
        count = _row_count(client, name)
        if count == n:
            return False
        if count > n:  # not this version's rows (ids are 0…n−1): start again
            client.drop_collection(name)
    if not client.has_collection(name):
        try:
            _create(client, name, index.vectors.d)
        except MilvusException:
            if not client.has_collection(name):
                raise
            # else another process created it a moment ago: fill it too (upserts write the same rows)
    vectors = index.vectors.reconstruct_n(0, index.vectors.ntotal) if n else np.zeros((0, index.vectors.d))
    sparse = weights.documents()
    for start in range(0, n, UPSERT_BATCH):
        rows = range(start, min(start + UPSERT_BATCH, n))
        # Upsert, not insert: a second process filling the same new version writes the same rows.
        client.upsert(name, [{"id": i, "doc": index.chunks[i].doc, DENSE: vectors[i].tolist(),
                              SPARSE: sparse[i]} for i in rows])
    client.flush(name)
    return True


def _create(client: MilvusClient, name: str, dim: int) -> None:
    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("doc", DataType.VARCHAR, max_length=DOC_MAX_LENGTH)
    schema.add_field(DENSE, DataType.FLOAT_VECTOR, dim=dim)
    schema.add_field(SPARSE, DataType.SPARSE_FLOAT_VECTOR)
    params = client.prepare_index_params()
    params.add_index(DENSE, index_type="FLAT", **METRIC)  # exact, as FAISS IndexFlatIP
    params.add_index(SPARSE, index_type="SPARSE_INVERTED_INDEX", **METRIC)
    client.create_collection(name, schema=schema, index_params=params, consistency_level="Strong")


def _row_count(client: MilvusClient, name: str) -> int:
    """Live rows (count(*) excludes deleted ones, which collection statistics may still count)."""
    client.load_collection(name)
    return int(client.query(name, filter="", output_fields=["count(*)"])[0]["count(*)"])


def _prune(client: MilvusClient, prefix: str, keep: str) -> None:
    """Drop this prefix's version collections except `keep` and the newest others, KEEP_VERSIONS in all."""
    others = sorted(c for c in client.list_collections() if c.startswith(prefix + VERSION_MARK) and c != keep)
    for name in others[: max(len(others) - (KEEP_VERSIONS - 1), 0)]:
        client.drop_collection(name)
