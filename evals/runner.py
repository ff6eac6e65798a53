"""Run the real pipeline on the gold questions: answers (with latency) and ranked chunks per mode.

Kept thin on purpose: run → predictions → (scoring.score_predictions) → (report). The
predictions have exactly the `ask --batch` shape plus `latency_ms`, so a run can be saved
and re-scored later, or compared with another system's output file.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import zip_longest

from assistant.errors import AssistantError
from assistant.settings import Settings

MODES = ("bm25", "dense", "hybrid")
RETRIEVAL_K = 10


@dataclass
class RunResult:
    predictions: list[dict]
    rankings: dict[str, dict[str, list[dict]]] = field(default_factory=dict)  # mode → id → chunks
    index_build_s: float = 0.0


def select_items(items: list[dict], limit: int | None) -> list[dict]:
    """The first `limit` items taken round-robin over types, so a short run still covers every type."""
    if not limit or limit >= len(items):
        return list(items)
    by_type: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        by_type[item["type"]].append(item)
    interleaved = [it for group in zip_longest(*by_type.values()) for it in group if it is not None]
    return interleaved[:limit]


def retrieval_query(item: dict) -> str:
    """The search query: the question, preceded by the last user turn for follow-ups (they are elliptical)."""
    earlier = [t["content"] for t in item.get("history") or [] if t.get("role") == "user"]
    return f"{earlier[-1]} {item['question']}" if earlier else item["question"]


def _record(item: dict, answer, latency_ms: float) -> dict:
    from assistant.cli.answer import batch_record

    return {**batch_record(item["id"], answer), "latency_ms": round(latency_ms, 1)}


def load_assistant(settings: Settings, log: Callable[[str], None] = lambda message: None):
    """The real pipeline (builds or loads the index); returns (assistant, seconds it took)."""
    from assistant.answer.pipeline import Assistant

    started = time.perf_counter()
    assistant = Assistant.from_settings(settings, log=log)
    return assistant, round(time.perf_counter() - started, 2)


def run(items: list[dict], assistant, modes: tuple[str, ...] = MODES, k: int = RETRIEVAL_K,
        log: Callable[[str], None] = lambda message: None) -> RunResult:
    """Answer every item and collect the top-k chunks for each retrieval mode.

    Args:
        assistant: anything with `ask(question, doc=, history=)`, `retriever.search(query, k=, doc=, mode=)`
            and `build_seconds` — the pipeline's `Assistant`, or a stand-in in tests.
    A question the pipeline refuses (an AssistantError) becomes an empty, not-found
    prediction carrying the error message, so one bad item never stops the run.
    """
    result = RunResult(predictions=[], index_build_s=float(getattr(assistant, "build_seconds", 0.0) or 0.0))
    result.rankings = {mode: {} for mode in modes}
    for n, item in enumerate(items, start=1):
        t0 = time.perf_counter()
        try:
            answer = assistant.ask(item["question"], doc=None, history=item.get("history"))
            result.predictions.append(_record(item, answer, (time.perf_counter() - t0) * 1000))
        except AssistantError as exc:
            latency = round((time.perf_counter() - t0) * 1000, 1)
            result.predictions.append({"id": item["id"], "answer": "", "citations": [], "type": "",
                                       "found": False, "error": str(exc), "latency_ms": latency})
        query = retrieval_query(item)
        for mode in modes:
            try:
                hits = assistant.retriever.search(query, k=k, doc=None, mode=mode)
            except AssistantError:
                hits = []
            chunks = [{"doc": h.chunk.doc, "text": h.chunk.text} for h in hits]
            result.rankings[mode][str(item["id"])] = chunks
        if n % 20 == 0:
            log(f"已评测 {n}/{len(items)}")
    return result
