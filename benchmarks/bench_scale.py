"""Scale benchmark: an index over a synthetic corpus N× larger (default 100×).

    .venv/bin/python benchmarks/bench_scale.py [--scale 100] [--keep DIR] [--random-vectors]

The synthetic documents are made by recombining the real ones: each copy renames the
district (渝北 → 测试17 …) and shuffles the sentences inside every body paragraph, so no
chunk text repeats and no embedding can be reused. Reports build time, index size on
disk, hybrid query latency p50/p95 and peak memory. Nothing is rebuilt per query.

Embedding is the only part of a build whose cost grows steeply (e5-small on 2 CPU cores
embeds about 30 chunk contexts per second), so a real 100× build takes hours here.
`--random-vectors` replaces only the passage embeddings with random unit vectors (queries
still go through the real model, FAISS and BM25 are real): it measures the index size,
memory and query latency at full scale; the real build time is then the measured
non-embedding time plus chunks ÷ the embedding throughput measured at a smaller scale.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import ROOT, eval_questions, peak_rss_mb, percentiles

from assistant.corpus.document import load_corpus
from assistant.corpus.metadata import load_metadata
from assistant.retrieval.embeddings import load_embedder
from assistant.retrieval.index import build_index
from assistant.retrieval.search import FusionWeights, Retriever
from assistant.settings import Settings


def make_corpus(source: Path, target: Path, scale: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    metas = load_metadata(source)
    count = 0
    for path in sorted(source.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        aliases = sorted(metas[path.name].region_aliases if path.name in metas else [], key=len, reverse=True)
        for k in range(scale):
            copy = text
            for alias in aliases:
                copy = copy.replace(alias, f"测试{k}")
            lines = [_shuffle_sentences(line, rng) for line in copy.split("\n")]
            (target / f"s{k:03d}-{path.name}").write_text("\n".join(lines), encoding="utf-8")
            count += 1
    return count


def _shuffle_sentences(line: str, rng: random.Random) -> str:
    if line.startswith("\t") or len(line) < 60:
        return line
    head, _, body = line.partition("。")
    parts = [p for p in re.split(r"(?<=[。；])", body) if p]
    rng.shuffle(parts)
    return head + "。" + "".join(parts)


def _random_unit_vectors(dim: int):
    rng = np.random.default_rng(0)

    def embed(texts, **kwargs):
        vectors = rng.standard_normal((len(texts), dim)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    return embed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--keep", type=Path, default=None, help="keep the synthetic corpus + index here")
    parser.add_argument("--random-vectors", action="store_true", help="random passage vectors (see above)")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="scale-"))
    corpus_dir, index_dir = work / "corpus", work / "index"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    n_docs = make_corpus(ROOT / "corpus", corpus_dir, args.scale)
    settings = Settings(corpus_dir=corpus_dir, index_dir=index_dir)
    embedder = load_embedder(settings)
    embedder.embed_queries(["预热"])
    if args.random_vectors:
        embedder.embed_passages = _random_unit_vectors(embedder.dim)
    started = time.perf_counter()
    corpus = load_corpus(corpus_dir)
    parse_s = time.perf_counter() - started
    index = build_index(corpus, corpus_dir, index_dir, embedder, progress=True)
    build_s = time.perf_counter() - started
    size_mb = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file()) / 2**20
    retriever = Retriever(index, embedder, FusionWeights.from_settings(settings))
    questions = [item["question"] for item in eval_questions()]
    for q in questions[:5]:
        retriever.search(q, k=10)
    times = []
    for q in questions:
        t = time.perf_counter()
        retriever.search(q, k=10)
        times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"scale": args.scale, "random_vectors": args.random_vectors, "documents": n_docs,
                      "chunks": len(index.chunks), "chunks_per_s": round(len(index.chunks) / build_s, 1),
                      "parse_s": round(parse_s, 1), "build_s": round(build_s, 1), "index_mb": round(size_mb, 1),
                      "search_ms_hybrid": percentiles(times), "peak_rss_mb": peak_rss_mb()}, indent=1))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
