"""Hybrid search: BM25 and dense retrievers, fused by a method chosen by name, with scope filters.

A question that names a district (渝北, 大丰区 …) or a document is restricted to that
district's documents: similar plans say similar things, and mixing districts is the
error users of general RAG tools complain about most.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

import numpy as np

from assistant.errors import InputError, UnknownDocumentError
from assistant.models import Chunk, Hit
from assistant.retrieval.embeddings import Embedder
from assistant.retrieval.index import LoadedIndex
from assistant.retrieval.store import FaissStore, Store
from assistant.settings import Settings

CANDIDATES = 50  # per retriever, before fusion


class Mode(str, Enum):
    BM25 = "bm25"
    DENSE = "dense"
    HYBRID = "hybrid"


class Fusion(str, Enum):
    RRF = "rrf"  # weighted reciprocal rank fusion
    CONVEX = "convex"  # weighted sum of max-normalised scores (relative score fusion)


@dataclass
class FusionWeights:
    bm25: float = 1.0
    dense: float = 1.0
    rrf_k: int = 60
    method: Fusion = Fusion.RRF

    @classmethod
    def from_settings(cls, settings: Settings) -> FusionWeights:
        return cls(settings.bm25_weight, settings.dense_weight, settings.rrf_k, Fusion(settings.fusion))

    @property
    def best_possible(self) -> float:
        """The fused score of a chunk ranked first by both retrievers (to scale scores to 0–1)."""
        total = self.bm25 + self.dense
        return total if self.method is Fusion.CONVEX else total / (self.rrf_k + 1)


def reciprocal_rank_fusion(rankings: dict[str, list[int]], weights: dict[str, float], k: int = 60) -> list[tuple[int, float]]:
    """Weighted RRF: score(id) = Σ_m w_m / (k + rank_m(id)), rank starting at 1; best first."""
    scores: dict[int, float] = {}
    for name, ranking in rankings.items():
        weight = weights.get(name, 1.0)
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def convex_fusion(scores: dict[str, dict[int, float]], weights: dict[str, float]) -> list[tuple[int, float]]:
    """Σ_m w_m · s_m(id) / max(s_m), over each retriever's candidates (a missing id scores 0); best first.

    Dense cosine scores are shifted by the lowest candidate score first, since e5 puts even
    unrelated texts near 0.8: what matters is the spread among the candidates.
    """
    fused: dict[int, float] = {}
    for name, candidates in scores.items():
        if not candidates:
            continue
        low = min(candidates.values()) if name == "dense" else 0.0
        top = max(candidates.values()) - low or 1.0
        for item, score in candidates.items():
            fused[item] = fused.get(item, 0.0) + weights.get(name, 1.0) * (score - low) / top
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))


class Retriever:
    """Searches one loaded index; nothing is rebuilt per query."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, weights: FusionWeights | None = None,
                 store: Store | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.weights = weights or FusionWeights()
        self.store = store or FaissStore(index)
        self.documents: dict[str, dict] = index.manifest.get("documents", {})
        self._rows_by_doc: dict[str, np.ndarray] = {}
        for i, chunk in enumerate(index.chunks):
            self._rows_by_doc.setdefault(chunk.doc, []).append(i)
        self._rows_by_doc = {doc: np.array(rows, dtype=np.int64) for doc, rows in self._rows_by_doc.items()}
        self._region_names = self._region_patterns()

    def _region_patterns(self) -> list[tuple[str, str]]:
        names = []
        for doc, meta in self.documents.items():
            for alias in {meta.get("region", ""), *meta.get("region_aliases", [])}:
                if len(alias) >= 2:
                    names.append((alias, doc))
        return sorted(names, key=lambda pair: -len(pair[0]))

    def detect_docs(self, text: str) -> list[str]:
        """Documents whose district is named in the text, in order of first mention."""
        found: list[tuple[int, str]] = []
        for alias, doc in self._region_names:
            match = re.search(re.escape(alias), text)
            if match and doc not in [d for _, d in found]:
                found.append((match.start(), doc))
        return [doc for _, doc in sorted(found)]

    def check_doc(self, doc: str) -> str:
        if doc not in self.documents:
            raise UnknownDocumentError(f"未知文件：{doc}（可用：{'、'.join(self.documents)}）")
        return doc

    def search(
        self,
        query: str,
        k: int = 8,
        doc: str | None = None,
        docs: list[str] | None = None,
        mode: str | Mode = Mode.HYBRID,
        auto_scope: bool = True,
        where: Callable[[Chunk], bool] | None = None,
    ) -> list[Hit]:
        """Top-k chunks for `query`, restricted to `doc`/`docs` or to the districts it names, and to the
        chunks `where` accepts (a filter applied before ranking, so k hits come back whenever k qualify)."""
        query = (query or "").strip()
        if not query:
            raise InputError("查询内容为空")
        if not 1 <= k <= 200:
            raise InputError("k 必须在 1 到 200 之间")
        mode = Mode(mode)
        scope = [self.check_doc(doc)] if doc else [self.check_doc(d) for d in docs or []]
        if not scope and auto_scope:
            scope = self.detect_docs(query)
        allowed = self._allowed_rows(scope)
        if where is not None:
            rows = range(len(self.index.chunks)) if allowed is None else allowed
            allowed = np.array([i for i in rows if where(self.index.chunks[i])], dtype=np.int64)
        n = max(CANDIDATES, k)
        bm25_scores = self.store.sparse(self.index.tokenizer.tokens(query), n, allowed)
        dense_scores: dict[int, float] = {}
        if mode is not Mode.BM25 and (allowed is None or len(allowed)):
            dense_scores = self.store.dense(self.embedder.embed_queries([query])[0], n, allowed)
        candidates: dict[str, dict[int, float]] = {}
        if mode is not Mode.DENSE:
            candidates["bm25"] = bm25_scores
        if mode is not Mode.BM25:
            candidates["dense"] = dense_scores
        weights = {"bm25": self.weights.bm25, "dense": self.weights.dense}
        if mode is Mode.HYBRID and self.weights.method is Fusion.CONVEX:
            fused = convex_fusion(candidates, weights)[:k]
        else:
            rankings = {name: list(c) for name, c in candidates.items()}
            fused = reciprocal_rank_fusion(rankings, weights, self.weights.rrf_k)[:k]
        return [
            Hit(
                chunk=self.index.chunks[i],
                score=float(score),
                bm25=bm25_scores.get(i, 0.0),
                dense=dense_scores.get(i),
            )
            for i, score in fused
        ]

    def _allowed_rows(self, scope: list[str]) -> np.ndarray | None:
        if not scope:
            return None
        rows = [self._rows_by_doc[d] for d in scope if d in self._rows_by_doc]
        return np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
