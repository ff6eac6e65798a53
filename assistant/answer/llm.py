"""Optional LLM answer writer (any OpenAI-compatible endpoint, through LangChain).

The LLM only rewrites the offline answer into fluent Chinese from the numbered sources;
it never sees anything else. Its output must cite sources with [n] markers and pass the
same unit/number/date grounding check as the offline answer; on timeout, error, missing
markers or a failed check the offline answer is kept.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.answer.verify import Check
from assistant.models import Answer
from assistant.settings import Settings

log = logging.getLogger(__name__)

GROUNDING_PROMPT = """你是区县消防安全委员会办公室的政策问答助手。只能依据下面编号的资料回答，不得使用资料以外的知识。
规则：
1. 先用一两句话直接回答问题，再视需要补充；不要编造单位名称、数字或日期，单位名称照抄资料原文。
2. 每个事实后面用 [n] 标注出处编号，n 只能是资料中出现的编号。
3. 资料不足以回答时，只回答“未找到”。"""

_MARKER = re.compile(r"\[(\d+)\]")


class LLMWriter:
    """Rewrites an offline answer with a chat model; returns None whenever the offline answer should stay."""

    def __init__(self, chat: BaseChatModel) -> None:
        self.chat = chat

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMWriter:
        from langchain_openai import ChatOpenAI

        chat = ChatOpenAI(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=settings.llm_api_key or "not-needed",
            timeout=settings.llm_timeout,
            max_retries=0,
            temperature=0,
        )
        return cls(chat)

    def rewrite(self, answer: Answer, check: Callable[[str, Answer], Check]) -> Answer | None:
        """A fluent, cited version of `answer`, or None (keep the offline answer)."""
        sources = "\n".join(f"[{c.n}] {c.title} {c.clause}：{' '.join(c.text.split())}" for c in answer.citations)
        prompt = f"问题：{answer.question}\n\n资料：\n{sources}\n\n离线抽取的答案（供参考）：{answer.answer}"
        try:
            reply = self.chat.invoke([SystemMessage(GROUNDING_PROMPT), HumanMessage(prompt)])
        except Exception as exc:  # noqa: BLE001 — any transport/timeout/provider error means: keep the offline answer
            log.warning("LLM failed, using the offline answer: %s", exc)
            return None
        text = str(reply.content).strip()
        numbers = {int(n) for n in _MARKER.findall(text)}
        valid = {c.n for c in answer.citations}
        if not text or "未找到" in text[:8] or not numbers:
            log.warning("LLM answer has no citation markers or gave up; using the offline answer")
            return None
        if numbers - valid:
            log.warning("LLM cited unknown sources %s; removing those markers", sorted(numbers - valid))
            text = _MARKER.sub(lambda m: m.group(0) if int(m.group(1)) in valid else "", text)
        candidate = replace(answer, answer=text, mode="llm")
        result = check(text, candidate)
        if result.unsupported:
            log.warning("LLM answer failed the grounding check (%s); using the offline answer", result.unsupported)
            return None
        return candidate
