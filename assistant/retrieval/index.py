"""The persisted index: chunk store (JSON), FAISS vectors, BM25 arrays and a manifest.

Layout under `index_dir`:

    CURRENT                 name of the live version folder (replaced atomically)
    v-<time>-<rand>/        one complete, immutable build
        manifest.json       format version, model id + dim, corpus file hashes, counts, build time
        chunks.json         the chunks (what citations show) + the key of each vector
        vectors.faiss       FAISS IndexFlatIP over L2-normalised embeddings
        bm25_*.npy/.json    BM25 postings
        user_words.json     the jieba user dictionary the BM25 tokens were made with
    .lock                   held while a build runs

A build is written to a temporary folder, renamed into place and only then made live by
replacing CURRENT, so a crash or kill at any point leaves the previous version intact.
Vectors of unchanged chunks are reused from the previous version, so adding a document
embeds only its own chunks.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np
from filelock import FileLock, Timeout

from assistant.corpus.document import Corpus, load_corpus
from assistant.errors import IndexError_
from assistant.models import Chunk
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.chunks import build_chunks
from assistant.retrieval.embeddings import Embedder, load_embedder
from assistant.retrieval.tokenize import Tokenizer, corpus_terms
from assistant.settings import Settings

FORMAT_VERSION = 1
CORPUS_PATTERNS = ("*.txt", "metadata.json")


@dataclass
class LoadedIndex:
    folder: Path
    manifest: dict
    chunks: list[Chunk]
    vectors: faiss.Index
    bm25: BM25Index
    tokenizer: Tokenizer
    vector_keys: list[str] = field(default_factory=list)
    build_seconds: float = 0.0  # time spent building in this process (0 when loaded)

    @property
    def model_id(self) -> str:
        return self.manifest["embedding"]["model_id"]


def corpus_fingerprint(corpus_dir: Path) -> dict[str, str]:
    """sha256 of every corpus file that the index depends on."""
    files: dict[str, str] = {}
    for pattern in CORPUS_PATTERNS:
        for path in sorted(corpus_dir.glob(pattern)):
            if path.is_file() and not path.name.startswith("."):
                files[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def parser_fingerprint() -> str:
    """Hash of the code that turns documents into chunks and tokens: a change means rebuild."""
    package = Path(__file__).resolve().parent.parent
    files = sorted((package / "corpus").glob("*.py")) + [package / "retrieval" / n for n in ("chunks.py", "tokenize.py")] \
        + [package / "lexicon.py"]  # the parser reads its vocabulary from the lexicon
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def staleness(manifest: dict, corpus_dir: Path, model_id: str) -> str | None:
    """Why an index no longer matches the corpus or model, or None when it is fresh."""
    if manifest.get("format_version") != FORMAT_VERSION:
        return f"索引格式版本 {manifest.get('format_version')} 与当前版本 {FORMAT_VERSION} 不同"
    if manifest.get("embedding", {}).get("model_id") != model_id:
        return f"嵌入模型已更换（索引用的是 {manifest.get('embedding', {}).get('model_id')}）"
    if manifest.get("corpus_files") != corpus_fingerprint(corpus_dir):
        return "语料文件有变动"
    if manifest.get("parser") != parser_fingerprint():
        return "解析程序已更新"
    return None


def build_index(
    corpus: Corpus,
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    previous: LoadedIndex | None = None,
    progress: bool = False,
    unless_fresh: bool = False,
) -> LoadedIndex:
    """Build a new index version for `corpus` and make it live atomically.

    With `unless_fresh`, a version that another process made live while this one waited for the
    lock, and that matches `corpus_dir`, is loaded instead (workers starting together build once).
    """
    started = time.perf_counter()
    index_dir.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(index_dir / ".lock"), timeout=600):
            if unless_fresh and (fresh := _fresh_index(index_dir, corpus_dir, embedder.model_id)) is not None:
                return fresh
            loaded = _build_locked(corpus, corpus_dir, index_dir, embedder, previous, progress)
    except Timeout as exc:
        raise IndexError_(f"索引目录 {index_dir} 正被另一个进程构建，等待超时") from exc
    loaded.build_seconds = time.perf_counter() - started
    return loaded


def _build_locked(corpus, corpus_dir, index_dir, embedder, previous, progress) -> LoadedIndex:
    chunks = [chunk for document in corpus.documents.values() for chunk in build_chunks(document)]
    keys = [_vector_key(embedder.model_id, chunk.context) for chunk in chunks]
    vectors = _embed_reusing(chunks, keys, embedder, previous, progress)
    tokenizer = Tokenizer([*corpus.gazetteer.names, *corpus.place_names,
                           *corpus_terms("\n".join(d.lines) for d in corpus.documents.values())])
    bm25 = BM25Index.build([tokenizer.tokens(chunk.context) for chunk in chunks])
    flat = faiss.IndexFlatIP(embedder.dim)
    if len(chunks):
        flat.add(vectors)
    manifest = {
        "format_version": FORMAT_VERSION,
        "embedding": {"model_id": embedder.model_id, "dim": embedder.dim},
        "corpus_files": corpus_fingerprint(corpus_dir),
        "parser": parser_fingerprint(),
        "documents": {doc: d.meta.to_dict() for doc, d in corpus.documents.items()},
        "chunk_count": len(chunks),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    tmp = index_dir / f".build-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        (tmp / "chunks.json").write_text(
            json.dumps([dict(c.to_dict(), vector_key=k) for c, k in zip(chunks, keys)], ensure_ascii=False),
            encoding="utf-8",
        )
        faiss.write_index(flat, str(tmp / "vectors.faiss"))
        bm25.save(tmp)
        (tmp / "user_words.json").write_text(json.dumps(tokenizer.user_words, ensure_ascii=False), encoding="utf-8")
        # The manifest is written last: a folder without one is never loaded.
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        version = index_dir / f"v-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
        os.replace(tmp, version)
        _switch(index_dir, version)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _prune(index_dir, keep=version.name)
    return LoadedIndex(version, manifest, chunks, flat, bm25, tokenizer, keys)


def _fresh_index(index_dir: Path, corpus_dir: Path, model_id: str) -> LoadedIndex | None:
    try:
        loaded = load_index(index_dir)
    except IndexError_:
        return None
    return loaded if staleness(loaded.manifest, corpus_dir, model_id) is None else None


def current_version(index_dir: Path) -> str | None:
    """The name of the live version folder (what index/CURRENT says), or None when there is none."""
    try:
        return (index_dir / "CURRENT").read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _switch(index_dir: Path, version: Path) -> None:
    pointer = index_dir / f".CURRENT-{uuid.uuid4().hex[:8]}"
    pointer.write_text(version.name, encoding="utf-8")
    os.replace(pointer, index_dir / "CURRENT")


def _prune(index_dir: Path, keep: str) -> None:
    for path in index_dir.iterdir():
        if path.is_dir() and path.name.startswith(("v-", ".build-")) and path.name != keep:
            shutil.rmtree(path, ignore_errors=True)


def _vector_key(model_id: str, context: str) -> str:
    return hashlib.sha1(f"{model_id}\x1f{context}".encode()).hexdigest()


PROGRESS_STEP = 128  # passages embedded between two progress lines


def _embed_reusing(chunks, keys, embedder, previous, progress) -> np.ndarray:
    vectors = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
    old: dict[str, int] = {}
    if previous is not None and previous.model_id == embedder.model_id:
        old = {key: i for i, key in enumerate(previous.vector_keys)}
    todo = [i for i, key in enumerate(keys) if key not in old]
    for i, key in enumerate(keys):
        if key in old:
            vectors[i] = previous.vectors.reconstruct(old[key])
    texts = [chunks[i].context for i in todo]
    step = PROGRESS_STEP if progress else max(len(texts), 1)
    for start in range(0, len(texts), step):  # with progress: one Chinese line per step, not a tqdm bar
        part = slice(start, start + step)
        vectors[todo[part]] = embedder.embed_passages(texts[part])
        if progress:
            print(f"正在建立索引：已嵌入 {min(start + step, len(texts))}/{len(texts)} 个片段", file=sys.stderr, flush=True)
    return vectors


def load_index(index_dir: Path) -> LoadedIndex:
    """Load the live version; raise IndexError_ (missing or corrupt) with the reason."""
    pointer = index_dir / "CURRENT"
    if not pointer.is_file():
        raise IndexError_(f"索引不存在：{index_dir}")
    folder = index_dir / pointer.read_text(encoding="utf-8").strip()
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        rows = json.loads((folder / "chunks.json").read_text(encoding="utf-8"))
        keys = [row.pop("vector_key") for row in rows]
        chunks = [Chunk(**row) for row in rows]
        # Memory-mapped and read-only: workers of one machine share the pages, and a version is never
        # written after it went live (a pruned version's files stay readable while still mapped).
        vectors = faiss.read_index(str(folder / "vectors.faiss"), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
        bm25 = BM25Index.load(folder, mmap=True)
        words = json.loads((folder / "user_words.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise IndexError_(f"索引已损坏（{folder.name}：{type(exc).__name__}）") from exc
    counts = {manifest.get("chunk_count"), vectors.ntotal, bm25.n_chunks, len(chunks)}
    if len(counts) != 1 or vectors.d != manifest["embedding"]["dim"]:
        raise IndexError_(f"索引已损坏（{folder.name}：各部分条目数不一致）")
    return LoadedIndex(folder, manifest, chunks, vectors, bm25, Tokenizer(words), keys)


def ensure_index(
    settings: Settings,
    corpus: Corpus | None = None,
    embedder: Embedder | None = None,
    progress: bool = False,
    log=print,
) -> LoadedIndex:
    """Load the index, or (re)build it when it is missing, stale or corrupt."""
    embedder = embedder or load_embedder(settings)
    previous = None
    try:
        previous = load_index(settings.index_dir)
        reason = staleness(previous.manifest, settings.corpus_dir, embedder.model_id)
        if reason is None:
            return previous
        log(f"索引已过期（{reason}），正在重建…")
    except IndexError_ as exc:
        log(f"{exc}，正在构建索引…")
    corpus = corpus or load_corpus(settings.corpus_dir)
    return build_index(corpus, settings.corpus_dir, settings.index_dir, embedder, previous, progress, unless_fresh=True)
