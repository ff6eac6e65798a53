"""Request and response models of the HTTP API (kept apart from the internal dataclasses).

These are what /docs shows; the routers convert from `assistant.models` explicitly.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.errors import InputError

# ---------------------------------------------------------------- input text

_SURROGATE = re.compile(r"[\ud800-\udfff]")


def valid_text(value: Any) -> Any:
    """Strings (also inside lists and dicts) as they arrive in JSON, refused when they hold a lone UTF-16
    surrogate ("\\ud800"): JSON can say it, but it is no character, and no text can be made of it."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise ValueError("文本含有无效字符（孤立的 UTF-16 代理项），请检查编码")
    elif isinstance(value, (list, tuple)):
        for item in value:
            valid_text(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            valid_text(key)
            valid_text(item)
    return value


class Input(BaseModel):
    """A request body: every string field is checked by `valid_text`."""

    @field_validator("*", mode="before")
    @classmethod
    def _valid_text(cls, value: Any) -> Any:
        return valid_text(value)


# ---------------------------------------------------------------- /api


_DATE = re.compile(r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$")


def check_date(value: str | None) -> str | None:
    """A blank-or-ISO date filter (YYYY, YYYY-MM or YYYY-MM-DD), stripped; None when blank.

    Raises:
        InputError: anything else, so a typo is not silently ignored.
    """
    value = (value or "").strip()
    if not value:
        return None
    if not _DATE.match(value):
        raise InputError(f"日期格式应为 YYYY-MM-DD，例如 2023-12-31（收到：{value[:20]}）")
    year, month, day = (int(p) for p in (value.split("-") + ["1", "1"])[:3])
    try:
        datetime.date(year, month, day)
    except ValueError:
        raise InputError(f"日期不存在：{value}（月份 1–12，日期不超过当月天数）") from None
    return value


class ChatTurn(Input):
    role: Literal["user", "assistant"]
    content: str


class AskRequest(Input):
    question: str = Field(description="问题，例如“区财政局牵头哪些任务？”")
    doc: str | None = Field(None, description="只在此文件中查找（文件 id，见 /api/documents）")
    history: list[ChatTurn] | None = Field(None, description="此前的对话，用于追问")

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"question": "开州给独居老人装烟感报警器这项由哪些单位负责？"}]}
    )


class CitationOut(BaseModel):
    n: int
    doc: str
    title: str
    clause: str
    line_start: int
    line_end: int
    text: str
    highlight: str = ""


class AskResponse(BaseModel):
    """Exactly the object `python -m assistant ask --json` prints."""

    question: str
    answer: str
    type: str
    found: bool
    closest: bool = False  # found, but no clause answers exactly: the citation is the closest one
    citations: list[CitationOut]
    suggestions: list[CitationOut]
    doc: str | None = None
    task: str | None = None
    mode: str = "offline"


class SearchHitOut(BaseModel):
    id: str
    doc: str
    kind: str
    path: str
    title: str
    region: str
    text: str
    line_start: int
    line_end: int
    score: float
    bm25: float | None = None
    dense: float | None = None


class SearchResponse(BaseModel):
    query: str
    doc: str | None = None
    hits: list[SearchHitOut]


class TaskOut(BaseModel):
    id: str
    doc: str
    source: str
    clause: str
    title: str
    text: str
    lead_units: list[str]
    cooperating_units: list[str]
    responsible_units: list[str]
    labels: list[str]
    deadline: str
    line_start: int
    line_end: int
    group: str
    conflicts: list[str]


class TasksResponse(BaseModel):
    suggestions: list[str] = Field(default_factory=list,
                                   description="按单位筛选却没有任务时，名称相近的单位（您是不是要找）")
    count: int
    tasks: list[TaskOut]


class DocumentOut(BaseModel):
    doc: str
    title: str
    issuer: str = ""
    region: str = ""
    region_aliases: list[str] = []
    date: str = ""
    number: str = ""


class UnparsedLineOut(BaseModel):
    line: int  # 1-based line of the corpus text
    text: str


class CoverageResponse(BaseModel):
    """Lines holding 牵头/负责/配合/责任/完成 or a "…前" deadline that produced no ledger entry."""

    doc: str
    tasks: int
    candidate_lines: int
    unparsed: list[UnparsedLineOut]


class AddDocumentResponse(BaseModel):
    doc: str
    meta: DocumentOut
    kind: str
    replaced: bool
    lines: int
    clauses: int
    table_rows: int
    tasks: int
    chunks: int
    embedded: int
    seconds: float
    message: str
    unparsed: list[UnparsedLineOut] = []  # for a person to look at: see GET /api/documents/{doc}/coverage


class DocumentMetaPatch(Input):
    """Metadata to correct; a field left out keeps its value, "" clears it."""

    title: str | None = Field(None, max_length=200)
    issuer: str | None = Field(None, max_length=100)
    date: str | None = Field(None, max_length=20, description="2024-03-05 或 2024年3月5日")
    region: str | None = Field(None, max_length=40)
    number: str | None = Field(None, max_length=60)


class RemoveDocumentResponse(BaseModel):
    doc: str
    documents: int
    seconds: float
    message: str


class DocumentsResponse(BaseModel):
    documents: list[DocumentOut]


class FeedbackRequest(Input):
    rating: Literal["up", "down"]
    question: str = Field(min_length=1, max_length=5000)
    answer: str = Field("", max_length=20000)
    citations: list[dict[str, Any]] = Field(default_factory=list, max_length=50)
    doc: str | None = None
    comment: str = Field("", max_length=2000)


class FeedbackResponse(BaseModel):
    id: int


class HealthResponse(BaseModel):
    status: Literal["ok", "loading", "error"]
    documents: int
    chunks: int
    workers: int = 1  # processes answering questions (1: the server process itself)
    error: str | None = None


class ErrorResponse(BaseModel):
    detail: str


# ---------------------------------------------------------------- /v1 (OpenAI-compatible)


class ContentPart(Input):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessageIn(Input):
    model_config = ConfigDict(extra="allow")
    role: str
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text or "" for part in self.content if part.type == "text")
        return self.content or ""


class ChatCompletionRequest(Input):
    # OpenAI clients send many sampling options (temperature, top_p, …); they mean nothing to an
    # extractive assistant, so they are accepted and ignored rather than rejected.
    model_config = ConfigDict(extra="allow")
    model: str = "fire-policy-assistant"
    messages: list[ChatMessageIn] = Field(min_length=1)
    stream: bool = False
    stream_options: dict[str, Any] | None = None
    doc: str | None = Field(None, description="扩展字段：只在此文件中查找")


# ---------------------------------------------------------------- /retrieval (Dify)


class RetrievalSetting(Input):
    top_k: int = Field(5, ge=1, le=100)
    score_threshold: float = Field(0.0, ge=0.0, le=1.0)


class MetadataConditionItem(Input):
    name: str | list[str]
    comparison_operator: str
    value: str | int | float | list[str] | None = None


class MetadataCondition(Input):
    logical_operator: Literal["and", "or"] = "and"
    conditions: list[MetadataConditionItem] = Field(default_factory=list)


class RetrievalRequest(Input):
    knowledge_id: str = Field(description='"all"（全部文件）或一个文件 id')
    query: str
    retrieval_setting: RetrievalSetting = Field(default_factory=RetrievalSetting)
    metadata_condition: MetadataCondition | None = None


class RetrievalRecord(BaseModel):
    content: str
    score: float
    title: str
    metadata: dict[str, Any]


class RetrievalResponse(BaseModel):
    records: list[RetrievalRecord]


class DifyError(BaseModel):
    error_code: int
    error_msg: str
