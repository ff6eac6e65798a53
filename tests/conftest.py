"""Fixtures shared across the test tree: the real embedder and the real assistant.

The real-corpus fixtures use the project's own `corpus/` and `index/` folders (the index is
built on first use and reused by later runs); tests that change a corpus or index work in
temporary folders.
"""

from __future__ import annotations

import pytest

from assistant.settings import PROJECT_ROOT, Settings

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def real_settings() -> Settings:
    return Settings(corpus_dir=PROJECT_ROOT / "corpus", index_dir=PROJECT_ROOT / "index")


@pytest.fixture(scope="session")
def embedder(real_settings):
    from assistant.retrieval.embeddings import load_embedder

    return load_embedder(real_settings)


@pytest.fixture(scope="session")
def real_assistant(real_settings, embedder):
    """The offline assistant over the five real documents (index built once if missing/stale)."""
    from assistant.answer.pipeline import Assistant
    from assistant.corpus.document import load_corpus
    from assistant.retrieval.index import ensure_index

    corpus = load_corpus(real_settings.corpus_dir)
    index = ensure_index(real_settings, corpus=corpus, embedder=embedder)
    return Assistant(real_settings, corpus, index, embedder)
