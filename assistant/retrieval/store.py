"""Where the retriever's candidates come from: a store of dense vectors and BM25 postings.

The retriever (`search.py`) owns everything that is the assistant's own — tokenising the
query, embedding it, scoping it to districts and documents, fusing the two rankings — and
asks a store for the best rows of each kind. Rows are the positions of the index's chunks,
so any store answers in the same terms.

- `FaissStore` (default): the index folder's FAISS file and BM25 arrays, in this process.
- `MilvusStore` (`retrieval/milvus.py`): the same vectors and BM25 weights in a Milvus
  collection — milvus-lite embedded in a file, or a Milvus cluster by URI — so replicas
  behind a load balancer share one index. Chosen by `ASSISTANT_STORE=faiss|milvus`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import faiss
import numpy as np

from assistant.settings import Settings, SettingsError

if TYPE_CHECKING:
    from assistant.retrieval.index import LoadedIndex

STORES = ("faiss", "milvus")


class Store(Protocol):
    """The best rows for a query vector and for query tokens, among `rows` (None: every row)."""

    name: str

    def dense(self, vector: np.ndarray, n: int, rows: np.ndarray | None) -> dict[int, float]:
        """Up to n rows by inner product with the L2-normalised query vector: row → cosine."""

    def sparse(self, tokens: list[str], n: int, rows: np.ndarray | None) -> dict[int, float]:
        """Up to n rows with a positive BM25 score for the query tokens: row → score."""


class FaissStore:
    """The index folder's own FAISS vectors and BM25 postings (nothing leaves the process)."""

    name = "faiss"

    def __init__(self, index: LoadedIndex) -> None:
        self.vectors = index.vectors
        self.bm25 = index.bm25

    def dense(self, vector: np.ndarray, n: int, rows: np.ndarray | None) -> dict[int, float]:
        if self.vectors.ntotal == 0 or (rows is not None and len(rows) == 0):
            return {}
        params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(rows)) if rows is not None else None
        scores, ids = self.vectors.search(vector.reshape(1, -1), min(n, self.vectors.ntotal), params=params)
        return {int(i): float(s) for i, s in zip(ids[0], scores[0]) if i >= 0}

    def sparse(self, tokens: list[str], n: int, rows: np.ndarray | None) -> dict[int, float]:
        return self.bm25.top(tokens, n, rows)


def open_store(settings: Settings, index: LoadedIndex) -> Store:
    """The store `settings.store` names, holding `index` (Milvus is filled on first use of a version)."""
    if settings.store == "faiss":
        return FaissStore(index)
    if settings.store == "milvus":
        from assistant.retrieval.milvus import MilvusStore

        return MilvusStore.open(settings, index)
    raise SettingsError(f"ASSISTANT_STORE={settings.store}：应为 {' 或 '.join(STORES)}")
