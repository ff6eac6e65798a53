"""Tune the hybrid fusion weights on the eval set (recall@k / MRR of the evidence chunk).

    .venv/bin/python benchmarks/tune_fusion.py

Prints recall@1/@5/@10 and MRR for BM25 only, dense only, and a grid of weighted-RRF
settings, so the defaults in Settings (bm25_weight, dense_weight, rrf_k) are chosen by
measurement, not by guess.
"""

from __future__ import annotations

import itertools
import json

from _common import ROOT

from assistant.retrieval.embeddings import load_embedder
from assistant.retrieval.index import ensure_index
from assistant.retrieval.search import Fusion, FusionWeights, Retriever
from assistant.settings import Settings
from evals.dataset import load_items
from evals.metrics import retrieval_metrics
from evals.runner import retrieval_query


def main() -> None:
    settings = Settings()
    embedder = load_embedder(settings)
    index = ensure_index(settings, embedder=embedder, log=lambda m: None)
    items = [i for i in load_items(ROOT / "evals" / "qa.jsonl") if i.get("doc") and i.get("evidence")]
    retriever = Retriever(index, embedder)
    queries = {i["id"]: retriever.embedder.embed_queries([retrieval_query(i)])[0] for i in items}
    # Cache query vectors so the grid only re-ranks.
    retriever.embedder = _Cached(embedder, {retrieval_query(i): queries[i["id"]] for i in items})

    def measure(mode: str, weights: FusionWeights) -> dict:
        retriever.weights = weights
        rankings = {i["id"]: [{"doc": h.chunk.doc, "text": h.chunk.text}
                              for h in retriever.search(retrieval_query(i), k=10, mode=mode)] for i in items}
        overall, by_type = retrieval_metrics(items, rankings)
        lead_deadline = {k: by_type.get(t, {}).get(k) for t in ("lead_unit", "deadline") for k in ("recall@5",)}
        return {**{k: round(v, 4) for k, v in overall.items()}, "lead/deadline r@5": lead_deadline}

    print("bm25 ", measure("bm25", FusionWeights()))
    print("dense", measure("dense", FusionWeights()))
    results = []
    for bm25, dense, k in itertools.product((1.0, 1.5, 2.0, 3.0), (1.0,), (10, 30, 60)):
        r = measure("hybrid", FusionWeights(bm25, dense, k, Fusion.RRF))
        results.append((("rrf", bm25, dense, k), r))
        print("hybrid rrf", (bm25, dense, k), json.dumps(r, ensure_ascii=False))
    for bm25 in (0.5, 0.6, 0.7, 0.8, 0.9):
        r = measure("hybrid", FusionWeights(bm25, round(1 - bm25, 2), 60, Fusion.CONVEX))
        results.append((("convex", bm25, round(1 - bm25, 2)), r))
        print("hybrid convex", (bm25, round(1 - bm25, 2)), json.dumps(r, ensure_ascii=False))
    best = max(results, key=lambda pair: (pair[1]["mrr"], pair[1]["recall@5"]))
    print("best", best)


class _Cached:
    def __init__(self, embedder, vectors):
        self._embedder, self._vectors = embedder, vectors
        self.dim, self.model_id = embedder.dim, embedder.model_id

    def embed_queries(self, texts):
        import numpy as np

        return np.stack([self._vectors.get(t) if t in self._vectors else self._embedder.embed_queries([t])[0]
                         for t in texts])


if __name__ == "__main__":
    main()
