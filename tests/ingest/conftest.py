"""Temp corpus/index folders with the five real documents, and a fast deterministic embedder."""

from __future__ import annotations

import hashlib
import shutil
import zlib
from pathlib import Path

import numpy as np
import pytest

from assistant.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"


class FakeEmbedder:
    """Bag-of-character-bigram vectors: fast, deterministic, similar texts get similar vectors.

    Counts the passages it embeds, and can call `hook(texts)` first (to block or crash a build).
    """

    model_id = "fake-bigrams-64"
    dim = 64

    def __init__(self, hook=None) -> None:
        self.hook = hook
        self.embedded = 0

    def _vectors(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for a, b in zip(text, text[1:] + " "):
                out[i, zlib.crc32((a + b).encode("utf-8")) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def embed_passages(self, texts: list[str], batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        if self.hook is not None:
            self.hook(texts)
        self.embedded += len(texts)
        return self._vectors(texts)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._vectors(texts)

    def token_count(self, text: str, query: bool = False) -> int:
        return len(text)

    @property
    def max_tokens(self) -> int:
        return 512


def make_settings(root: Path) -> Settings:
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("metadata.json")):
        shutil.copyfile(path, corpus / path.name)
    return Settings(corpus_dir=corpus, index_dir=root / "index", max_upload_mb=20)


@pytest.fixture(scope="session")
def base_index(tmp_path_factory) -> Path:
    """The five documents indexed once with the fake embedder; tests copy it."""
    from assistant.corpus.document import load_corpus
    from assistant.retrieval.index import build_index

    root = tmp_path_factory.mktemp("base")
    settings = make_settings(root)
    build_index(load_corpus(settings.corpus_dir), settings.corpus_dir, settings.index_dir, FakeEmbedder())
    return root


@pytest.fixture
def settings(tmp_path, base_index) -> Settings:
    """A private copy of the indexed five-document corpus."""
    shutil.copytree(base_index, tmp_path / "work")
    return Settings(corpus_dir=tmp_path / "work" / "corpus", index_dir=tmp_path / "work" / "index", max_upload_mb=20)


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


def snapshot(settings: Settings) -> dict[str, str]:
    """sha256 of every file under the corpus and index folders (locks aside), by relative path."""
    files: dict[str, str] = {}
    for top in (settings.corpus_dir, settings.index_dir):
        for path in sorted(top.rglob("*")):
            if path.is_file() and path.name != ".lock":
                files[f"{top.name}/{path.relative_to(top).as_posix()}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files
