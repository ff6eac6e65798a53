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


def load_assistant(settings: Settings, log: Callable[[str], None] = lambda message: None, embedder=None):
    """The real pipeline (builds or loads the index); returns (assistant, seconds it took)."""
    from assistant.answer.pipeline import Assistant

    started = time.perf_counter()
    assistant = Assistant.from_settings(settings, log=log, embedder=embedder)
    return assistant, round(time.perf_counter() - started, 2)


def suite_settings(settings: Settings, suite) -> Settings:
    """The settings that point at one suite's corpus and index."""
    if suite.index_dir is None:
        return settings.model_copy(update={"corpus_dir": suite.corpus_dir})
    return settings.model_copy(update={"corpus_dir": suite.corpus_dir, "index_dir": suite.index_dir})


def evaluate_suite(suite, assistant, modes: tuple[str, ...] = MODES, log: Callable[[str], None] = lambda m: None):
    """Answer a suite's questions with `assistant` and score answers, retrieval and the ledger.

    Returns (report dict, predictions list).
    """
    from evals.ledger import score_ledger
    from evals.metrics import retrieval_metrics
    from evals.report import build_report
    from evals.scoring import score_predictions

    items = suite.items()
    result = run(items, assistant, modes=modes, log=log)
    retrieval, by_type = {}, {}
    for mode, rankings in result.rankings.items():
        retrieval[mode], by_type[mode] = retrieval_metrics(items, rankings)
    scores = score_predictions(items, result.predictions)
    ledger = score_ledger(suite.ledger(), [t.to_dict() for t in assistant.corpus.tasks]) if suite.ledger_files else None
    meta = {"suite": suite.name, "corpus": str(suite.corpus_dir), "documents": suite.documents}
    report = build_report(scores, retrieval, by_type, result.index_build_s, meta, ledger=ledger)
    return report, result.predictions


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
