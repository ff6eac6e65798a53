"""Store benchmark: FAISS + in-process BM25 against Milvus (milvus-lite), at 1×, 10× and 100× the corpus.

    .venv/bin/python benchmarks/bench_stores.py [--scales 1,10,100] [--queries 100] [--out FILE]

(default FILE: benchmarks/out/bench_stores.json)

What each scale is made of (1× = the bundled corpus's chunks):
- 1×: the real index (built here in a temp folder), real embeddings.
- 10×: real text, real embeddings: the chunk contexts of all three eval suites' corpora (bundled,
  tuning, held-out) plus windows that straddle two consecutive chunks of a document (the tail of
  one and the head of the next, at ¼, ½ and ¾), embedded by the real model (≈ 30 texts/s on two
  cores, so ≈ 2.5 min; the vectors are cached under benchmarks/out/ by a hash of the texts).
  Tokens for BM25 come from the real tokenizer over the same texts.
- 100×: random unit vectors, and token lists drawn from the real vocabulary by its collection
  frequency, with lengths drawn from the real chunks' lengths (embedding 43 000 texts would take
  about 25 minutes here).

Queries are the first `--queries` eval questions (real query embeddings, real tokens). Each store
answers `dense` and `sparse` for the top 50 (the retriever's candidate count), over all rows, one
document's rows (a district-scoped question) and half the rows (a chunk filter: Milvus gets an
`id in [...]` list of that size). Build: FAISS add, BM25 build, Milvus create + upsert + flush.
Prints a Markdown table and writes the JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
from _common import ROOT, eval_questions, peak_rss_mb, percentiles

from assistant.corpus.document import load_corpus
from assistant.models import Chunk
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.chunks import build_chunks
from assistant.retrieval.embeddings import Embedder, load_embedder
from assistant.retrieval.index import LoadedIndex, build_index
from assistant.retrieval.milvus import MilvusStore, milvus_uri
from assistant.retrieval.store import FaissStore
from assistant.settings import Settings

CANDIDATES = 50  # as the retriever asks each store
WARMUP = 5  # queries run before timing (milvus-lite builds its in-memory indexes on the first search)
WINDOW_SHIFTS = (0.25, 0.5, 0.75)  # where a 10× window cuts the two chunks it straddles
SUITE_CORPORA = (ROOT / "corpus", ROOT / "evals" / "dev" / "tuning", ROOT / "evals" / "dev" / "heldout")
OPERATIONS = ("dense", "sparse")
SCOPES = ("all", "one doc", "half")


@dataclass
class Scaled:
    """One scale's index, how it was made and what making it cost."""

    scale: int
    index: LoadedIndex
    how: str
    build_s: dict[str, float]


# -- the three scales ------------------------------------------------------------------------------
def real_index(work: Path, embedder: Embedder) -> Scaled:
    corpus = load_corpus(ROOT / "corpus")
    started = time.perf_counter()
    index = build_index(corpus, ROOT / "corpus", work / "index-1x", embedder)
    build_s = {"index_build_s": time.perf_counter() - started}
    return Scaled(1, index, "bundled corpus, real embeddings", build_s)


def window_texts(target: int) -> list[tuple[str, str]]:
    """(doc, text): every suite's chunk contexts, then windows across consecutive chunks, up to `target`."""
    sequences = []
    for folder in SUITE_CORPORA:
        for document in load_corpus(folder).documents.values():
            sequences.append((document.doc, [c.context for c in build_chunks(document)]))
    texts = [(doc, text) for doc, contexts in sequences for text in contexts]
    for shift in WINDOW_SHIFTS:
        for doc, contexts in sequences:
            for a, b in zip(contexts, contexts[1:]):
                texts.append((doc, a[int(len(a) * shift):] + b[: int(len(b) * shift)]))
    if len(texts) < target:
        print(f"10×: only {len(texts)} texts from the suites' corpora (wanted {target})")
    return texts[:target]


def embed_cached(texts: list[str], embedder: Embedder, cache: Path) -> tuple[np.ndarray, float]:
    key = hashlib.sha256("\x1e".join([embedder.model_id, *texts]).encode()).hexdigest()[:16]
    path = cache / f"bench_stores_vectors_{key}.npy"
    if path.is_file():
        return np.load(path), 0.0
    started = time.perf_counter()
    vectors = np.asarray(embedder.embed_passages(texts), dtype=np.float32)
    seconds = time.perf_counter() - started
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors, seconds


def windows_index(base: LoadedIndex, embedder: Embedder, target: int, cache: Path) -> Scaled:
    pairs = window_texts(target)
    vectors, embed_s = embed_cached([text for _, text in pairs], embedder, cache)
    chunks = [_chunk(i, doc, text) for i, (doc, text) in enumerate(pairs)]
    tokens = [base.tokenizer.tokens(text) for _, text in pairs]
    how = f"{len(pairs)} real texts (suites' chunks + straddling windows), real embeddings"
    scaled = _assemble(10, chunks, vectors, tokens, base.tokenizer, how)
    scaled.build_s["embed_s"] = embed_s  # 0 when the vectors came from the cache
    return scaled


def random_index(base: LoadedIndex, scale: int, seed: int = 0) -> Scaled:
    rng = np.random.default_rng(seed)
    n = scale * len(base.chunks)
    vectors = rng.standard_normal((n, base.vectors.d)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    bm25 = base.bm25
    terms = np.array(sorted(bm25.vocab, key=bm25.vocab.get))
    frequency = np.add.reduceat(bm25.tf, bm25.indptr[:-1]).astype(np.float64)  # collection frequency per term
    lengths = rng.choice(bm25.doc_len.astype(np.int64), size=n)
    drawn = terms[rng.choice(len(terms), size=int(lengths.sum()), p=frequency / frequency.sum())].tolist()
    ends = np.cumsum(lengths).tolist()
    tokens = [drawn[end - k : end] for end, k in zip(ends, lengths.tolist())]
    docs = [c.doc for c in base.chunks]
    chunks = [_chunk(i, f"s{i // len(docs):03d}-{docs[i % len(docs)]}", "") for i in range(n)]
    how = f"{n} rows: random unit vectors, tokens drawn from the real vocabulary's frequencies"
    return _assemble(scale, chunks, vectors, tokens, base.tokenizer, how)


def _chunk(i: int, doc: str, text: str) -> Chunk:
    return Chunk(f"b{i}", doc, "clause", "", "", "", text, text, 0, 0)


def _assemble(scale, chunks, vectors, tokens, tokenizer, how) -> Scaled:
    started = time.perf_counter()
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    faiss_s = time.perf_counter() - started
    started = time.perf_counter()
    bm25 = BM25Index.build(tokens)
    bm25_s = time.perf_counter() - started
    index = LoadedIndex(Path(f"v-bench-{scale}x"), {}, chunks, flat, bm25, tokenizer)
    return Scaled(scale, index, how, {"faiss_add_s": faiss_s, "bm25_build_s": bm25_s})


# -- timing ----------------------------------------------------------------------------------------
def scope_rows(index: LoadedIndex) -> dict[str, np.ndarray | None]:
    first = index.chunks[0].doc
    one = np.array([i for i, c in enumerate(index.chunks) if c.doc == first], dtype=np.int64)
    return {"all": None, "one doc": one, "half": np.arange(0, len(index.chunks), 2, dtype=np.int64)}


def time_queries(run: Callable[[int], object], n_queries: int) -> dict[str, float]:
    for q in range(min(WARMUP, n_queries)):
        run(q)
    times = []
    for q in range(n_queries):
        started = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - started) * 1000)
    return percentiles(times)


def bench_scale(scaled: Scaled, vectors: np.ndarray, tokens: list[list[str]], work: Path) -> dict:
    index = scaled.index
    settings = Settings(index_dir=work / f"milvus-{scaled.scale}x", store="milvus")
    started = time.perf_counter()
    milvus = MilvusStore.open(settings, index)
    build = {**scaled.build_s, "milvus_fill_s": time.perf_counter() - started}
    stores = {"faiss": FaissStore(index), "milvus": milvus}
    latency: dict[str, dict] = {}
    for scope, rows in scope_rows(index).items():
        for name, store in stores.items():
            latency[f"{name} dense {scope}"] = time_queries(
                lambda q: store.dense(vectors[q], CANDIDATES, rows), len(tokens))
            latency[f"{name} sparse {scope}"] = time_queries(
                lambda q: store.sparse(tokens[q], CANDIDATES, rows), len(tokens))
    _release(milvus_uri(settings))
    return {"scale": scaled.scale, "rows": len(index.chunks), "how": scaled.how,
            "build_s": {k: round(v, 2) for k, v in build.items()}, "latency_ms": latency}


def _release(uri: str) -> None:
    """Stop this process's milvus-lite server for the file, so the next scale does not carry its memory."""
    from milvus_lite.server_manager import server_manager_instance

    server_manager_instance.release_server(uri)


# -- report ----------------------------------------------------------------------------------------
LABELS = {"faiss dense": "FAISS flat (dense)", "faiss sparse": "BM25 in-process (sparse)",
          "milvus dense": "Milvus lite FLAT (dense)",
          "milvus sparse": "Milvus lite SPARSE_INVERTED_INDEX (sparse)"}


BUILD_LABELS = (("embed_s", "embedding the passages (s; 0: cached)"), ("faiss_add_s", "FAISS add (s)"),
                ("bm25_build_s", "BM25 build (s)"), ("index_build_s", "full index build incl. embedding (s)"),
                ("milvus_fill_s", "Milvus create + upsert + flush (s)"))


def table(results: list[dict]) -> str:
    head = "| search (top 50) | rows allowed | " + " | ".join(
        f"{r['scale']}× ({r['rows']}) p50 / p95 ms" for r in results) + " |"
    lines = [head, "|---|---|" + "---:|" * len(results)]
    for op in OPERATIONS:
        for scope in SCOPES:
            for store in ("faiss", "milvus"):
                cells = [r["latency_ms"][f"{store} {op} {scope}"] for r in results]
                lines.append(f"| {LABELS[f'{store} {op}']} | {scope} | "
                             + " | ".join(f"{c['p50']:.2f} / {c['p95']:.2f}" for c in cells) + " |")
    for key, label in BUILD_LABELS:
        cells = [str(r["build_s"].get(key, "—")) for r in results]
        if any(c != "—" for c in cells):
            lines.append(f"| {label} | | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "bench_stores.json")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    embedder = load_embedder(Settings())
    questions = [item["question"] for item in eval_questions()][: args.queries]
    query_vectors = np.asarray(embedder.embed_queries(questions), dtype=np.float32)
    work = Path(tempfile.mkdtemp(prefix="bench-stores-"))
    try:
        base = real_index(work, embedder)
        query_tokens = [base.index.tokenizer.tokens(q) for q in questions]
        results = []
        for scale in scales:
            if scale == 1:
                scaled = base
            elif scale <= 10:
                scaled = windows_index(base.index, embedder, scale * len(base.index.chunks), args.out.parent)
            else:
                scaled = random_index(base.index, scale)
            print(f"{scale}×: {scaled.how}", flush=True)
            results.append(bench_scale(scaled, query_vectors, query_tokens, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {"queries": len(questions), "candidates": CANDIDATES, "peak_rss_mb": peak_rss_mb(),
              "scales": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(results))
    print(f"peak RSS {report['peak_rss_mb']} MB; JSON: {args.out}")


if __name__ == "__main__":
    main()
