"""OpenAI-compatible chat completions under /v1, so any tool with an OpenAI base URL works.

The last user message is the question and earlier user/assistant messages are the
history. The reply text carries [n] markers and a source list; the structured
citations travel in an extra `citations` field on the response, on the message and
on the last stream chunk.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from assistant.errors import InputError
from assistant.models import Answer
from assistant.server import schemas
from assistant.server.deps import require_key, runtime_of, store_of
from assistant.server.render import answer_text

MODEL_ID = "fire-policy-assistant"
STREAM_PIECE_CHARS = 24  # the answer exists in full at once; pieces keep streaming clients honest

router = APIRouter(prefix="/v1", tags=["openai"], dependencies=[Depends(require_key)])


def split_messages(messages: list[schemas.ChatMessageIn]) -> tuple[str, list[dict[str, str]]]:
    """(question, history) from an OpenAI message list.

    System/developer/tool messages are ignored: the assistant answers from the corpus only.

    Raises:
        InputError: the last message is not a user message.
    """
    if messages[-1].role != "user":
        raise InputError("最后一条消息必须是用户（user）的提问")
    history = [
        {"role": m.role, "content": m.text()}
        for m in messages[:-1]
        if m.role in ("user", "assistant") and m.text().strip()
    ]
    return messages[-1].text(), history


def _usage(question: str, content: str) -> dict[str, int]:
    # Characters, not tokens: there is no tokenizer behind this "model".
    return {"prompt_tokens": len(question), "completion_tokens": len(content),
            "total_tokens": len(question) + len(content)}


def completion_body(answer: Answer, model: str, completion_id: str, created: int) -> dict:
    """A non-streaming `chat.completion` object."""
    content = answer_text(answer)
    citations = [c.to_dict() for c in answer.citations]
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content, "refusal": None, "citations": citations},
            "logprobs": None,
            "finish_reason": "stop",
        }],
        "usage": _usage(answer.question, content),
        "citations": citations,
        "found": answer.found,
    }


def stream_events(answer: Answer, model: str, completion_id: str, created: int,
                  include_usage: bool = False) -> Iterator[str]:
    """Server-sent events of `chat.completion.chunk` objects, ending with `data: [DONE]`."""
    content = answer_text(answer)

    def chunk(delta: dict, finish: str | None = None, **extra) -> str:
        body = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}], **extra}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for i in range(0, len(content), STREAM_PIECE_CHARS):
        yield chunk({"content": content[i : i + STREAM_PIECE_CHARS]})
    yield chunk({}, "stop", citations=[c.to_dict() for c in answer.citations], found=answer.found)
    if include_usage:
        usage = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model,
                 "choices": [], "usage": _usage(answer.question, content)}
        yield f"data: {json.dumps(usage, ensure_ascii=False)}\n\n"
    yield "data: [DONE]\n\n"


@router.post("/chat/completions", summary="OpenAI 兼容的对话接口")
def chat_completions(body: schemas.ChatCompletionRequest, request: Request):
    """Answer the last user message; `stream: true` returns server-sent events.

    Extra request field `doc` limits the search to one document.
    """
    question, history = split_messages(body.messages)
    doc = body.doc.strip() if body.doc and body.doc.strip() else None
    # Answer before streaming starts, so bad input is still a 4xx and not a broken stream.
    answer = runtime_of(request).ask(question, doc=doc, history=history or None)
    store_of(request).log_answer(answer, source="openai")
    completion_id, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
    if body.stream:
        include_usage = bool((body.stream_options or {}).get("include_usage"))
        return StreamingResponse(
            stream_events(answer, body.model, completion_id, created, include_usage),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    return completion_body(answer, body.model, completion_id, created)


@router.get("/models", summary="可用模型列表")
def list_models() -> dict:
    """The single model id this server answers as (any id is accepted in requests)."""
    return {"object": "list",
            "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "fire-policy-assistant"}]}


@router.get("/models/{model_id}", summary="模型信息")
def get_model(model_id: str) -> dict:
    return {"id": model_id, "object": "model", "created": 0, "owned_by": "fire-policy-assistant"}
