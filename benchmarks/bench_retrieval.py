"""Retrieval benchmark: index build time, search latency p50/p95 (warm), peak memory.

    .venv/bin/python benchmarks/bench_retrieval.py [--corpus DIR] [--repeat 3]

Builds a fresh index of the corpus in a temporary folder (the embedding model is
materialised beforehand, so build time is parsing + embedding + FAISS + BM25), then runs
every eval question through hybrid, BM25-only and dense-only search.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from _common import ROOT, eval_questions, peak_rss_mb, percentiles

from assistant.corpus.document import load_corpus
from assistant.retrieval.embeddings import load_embedder
from assistant.retrieval.index import build_index
from assistant.retrieval.search import FusionWeights, Retriever
from assistant.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = Settings(corpus_dir=args.corpus)
    embedder = load_embedder(settings)
    embedder.embed_queries(["预热"])  # model load is not part of the build
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        corpus = load_corpus(args.corpus)
        parse_s = time.perf_counter() - started
        index = build_index(corpus, args.corpus, Path(tmp) / "index", embedder)
        build_s = time.perf_counter() - started
        size_mb = sum(p.stat().st_size for p in (Path(tmp) / "index").rglob("*") if p.is_file()) / 2**20
        retriever = Retriever(index, embedder, FusionWeights.from_settings(settings))
        questions = [item["question"] for item in eval_questions()]
        result = {"chunks": len(index.chunks), "parse_s": round(parse_s, 2), "build_s": round(build_s, 2),
                  "index_mb": round(size_mb, 2)}
        for mode in ("hybrid", "bm25", "dense"):
            for q in questions[:5]:
                retriever.search(q, k=10, mode=mode)  # warm-up
            times = []
            for _ in range(args.repeat):
                for q in questions:
                    t = time.perf_counter()
                    retriever.search(q, k=10, mode=mode)
                    times.append((time.perf_counter() - t) * 1000)
            result[f"search_ms_{mode}"] = percentiles(times)
        result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
