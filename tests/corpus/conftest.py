"""Shared paths for the corpus-model tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.document import load_corpus, parse_document
from assistant.settings import PROJECT_ROOT

CORPUS_DIR = PROJECT_ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GENRE_FIXTURE = FIXTURES / "qingxi-2024-ebike-fire-rectification-plan.txt"

YUBEI = "yubei-2021-fire-3yr-action-plan.txt"
LIANGPING = "liangping-2021-highrise-fire-governance-plan.txt"
KAIZHOU = "kaizhou-2023-grassroots-fire-governance-plan.txt"
DAFENG = "dafeng-14th-5yr-fire-plan.txt"
XINGHUA = "xinghua-2020-fire-rectification-3yr-plan.txt"


@pytest.fixture(scope="session")
def corpus():
    """The five real documents, parsed once (parsing is pure, so sharing is safe for reading)."""
    return load_corpus(CORPUS_DIR)


@pytest.fixture(scope="session")
def genre_document():
    return parse_document(GENRE_FIXTURE)
