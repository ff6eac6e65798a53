"""Dify's External Knowledge API: `POST /retrieval`, so a Dify app can use this corpus.

Dify sends `knowledge_id` ("all" or one document id here), `query`,
`retrieval_setting {top_k, score_threshold}` and optionally `metadata_condition`.
Errors use Dify's documented codes: 1001 invalid Authorization header format,
1002 authorization failed, 2001 the knowledge does not exist.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from assistant.errors import InputError, UnknownDocumentError
from assistant.models import Chunk, Hit
from assistant.retrieval.search import FusionWeights
from assistant.server import schemas
from assistant.server.deps import require_key, runtime_of, settings_of
from assistant.settings import Settings

ALL = "all"
# Dify's comparison operators (External Knowledge API documentation); "null"/"not null" are older names
# of "empty"/"not empty". Any other operator is refused rather than ignored.
STRING_OPERATORS = ("contains", "not contains", "start with", "end with", "is", "is not", "before", "after")
LIST_OPERATORS = ("in", "not in")
EMPTY_OPERATORS = {"empty": True, "null": True, "not empty": False, "not null": False}
NUMBER_OPERATORS = ("=", "≠", "!=", ">", "<", "≥", ">=", "≤", "<=")
OPERATORS = (*STRING_OPERATORS, *LIST_OPERATORS, *EMPTY_OPERATORS, *NUMBER_OPERATORS)

router = APIRouter(tags=["dify"], dependencies=[Depends(require_key)])


def normalise_scores(hits: list[Hit], settings: Settings) -> list[float]:
    """Scores in 0–1, as Dify's `score_threshold` expects.

    The fused score is divided by its best possible value (a chunk ranked first by both
    BM25 and vector search, for the configured fusion method), which keeps the score
    independent of the query: 1.0 means "top of both rankings".
    """
    best = FusionWeights.from_settings(settings).best_possible
    if best <= 0:
        best = max((h.score for h in hits), default=0.0)
    if best <= 0:
        return [0.0 for _ in hits]
    return [round(min(max(h.score / best, 0.0), 1.0), 4) for h in hits]


def record_metadata(chunk: Chunk, meta_by_doc: dict[str, Any]) -> dict[str, Any]:
    meta = meta_by_doc.get(chunk.doc)
    return {
        "doc": chunk.doc,
        "document_title": chunk.title,
        "path": chunk.path,
        "kind": chunk.kind,
        "region": chunk.region,
        "date": getattr(meta, "date", ""),
        "number": getattr(meta, "number", ""),
        "line_start": chunk.line_start,
        "line_end": chunk.line_end,
        "chunk_id": chunk.id,
    }


def _as_number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def condition_holds(metadata: dict[str, Any], item: schemas.MetadataConditionItem) -> bool:
    """Whether one Dify metadata condition holds for a record's metadata (operators checked by `check_operators`)."""
    name = item.name[0] if isinstance(item.name, list) and item.name else item.name
    actual = metadata.get(str(name))
    text = "" if actual is None else str(actual)
    value = item.value
    op = item.comparison_operator.strip().lower()
    if op in EMPTY_OPERATORS:
        return (text == "") == EMPTY_OPERATORS[op]
    if op in ("in", "not in"):
        options = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        return (text in options) == (op == "in")
    want = "" if value is None else str(value)
    string_ops = {
        "contains": lambda: want in text,
        "not contains": lambda: want not in text,
        "start with": lambda: text.startswith(want),
        "end with": lambda: text.endswith(want),
        "is": lambda: text == want,
        "is not": lambda: text != want,
        # ISO dates compare correctly as strings.
        "before": lambda: bool(text) and text < want,
        "after": lambda: bool(text) and text > want,
    }
    if op in string_ops:
        return string_ops[op]()
    a, b = _as_number(actual), _as_number(value)
    number_ops = {
        "=": lambda: a == b, "≠": lambda: a != b, "!=": lambda: a != b,
        ">": lambda: a > b, "<": lambda: a < b,
        "≥": lambda: a >= b, ">=": lambda: a >= b, "≤": lambda: a <= b, "<=": lambda: a <= b,
    }
    return a is not None and b is not None and number_ops[op]()


def check_operators(condition: schemas.MetadataCondition | None) -> None:
    """Refuse a condition whose operator Dify does not define, naming the ones it does.

    Raises:
        InputError: an unknown comparison_operator.
    """
    for item in condition.conditions if condition else []:
        if item.comparison_operator.strip().lower() not in OPERATORS:
            raise InputError(f"不支持的比较运算符 comparison_operator: {item.comparison_operator[:30]}"
                             f"（支持：{', '.join(OPERATORS)}）")


def metadata_matches(metadata: dict[str, Any], condition: schemas.MetadataCondition | None) -> bool:
    if condition is None or not condition.conditions:
        return True
    results = [condition_holds(metadata, item) for item in condition.conditions]
    return all(results) if condition.logical_operator == "and" else any(results)


@router.post(
    "/retrieval",
    response_model=schemas.RetrievalResponse,
    responses={403: {"model": schemas.DifyError}, 404: {"model": schemas.DifyError},
               400: {"model": schemas.DifyError}},
    summary="Dify 外部知识库检索接口",
)
def retrieval(body: schemas.RetrievalRequest, request: Request) -> dict:
    """Ranked source passages for Dify; `knowledge_id` is "all" or a document id."""
    assistant = runtime_of(request).get()
    meta_by_doc = {meta.doc: meta for meta in assistant.documents()}
    knowledge = body.knowledge_id.strip()
    if knowledge != ALL and knowledge not in meta_by_doc:
        raise UnknownDocumentError(f"知识库不存在: {knowledge}")
    setting = body.retrieval_setting
    condition = body.metadata_condition
    check_operators(condition)
    filtering = condition is not None and bool(condition.conditions)

    def where(chunk: Chunk) -> bool:  # the filter restricts the candidates before they are ranked
        return metadata_matches(record_metadata(chunk, meta_by_doc), condition)

    hits = assistant.search(body.query, k=setting.top_k, doc=None if knowledge == ALL else knowledge,
                            where=where if filtering else None)
    records = []
    for hit, score in zip(hits, normalise_scores(hits, settings_of(request))):
        if score < setting.score_threshold:
            continue
        records.append({
            "content": hit.chunk.text,
            "score": score,
            "title": f"{hit.chunk.title} {hit.chunk.path}".strip(),
            "metadata": record_metadata(hit.chunk, meta_by_doc),
        })
    return {"records": records}
