"""Does ranking in Milvus (hybrid_search + WeightedRanker) answer as the retriever's own fusion does?

    .venv/bin/python benchmarks/engine_hybrid.py [--suite five,tuning,heldout] [--out DIR]

(default DIR: benchmarks/out/engine_hybrid; the report is DIR/engine_hybrid.json)

Each suite is answered twice on the Milvus store (milvus-lite): once with the retriever's convex
fusion of `dense()` and `sparse()` (what the assistant does), once with the hybrid ranking done
in the engine (`MilvusStore.hybrid`, weights 0.2 dense / 0.8 BM25 from the settings), with and
without Milvus' own score normalisation (arctan for IP). Reports how many questions get a
different answer (text or citations) and how many change from right to wrong or back.

The engine ranking is put in front of an unchanged `Retriever` by `EngineRanked`, a store whose
`dense()` answers with the engine's fused ranking (the retriever calls `sparse()` with the query's
tokens just before, and a single-retriever convex fusion keeps the order). Only the order of
hits reaches the answer stages, so the answers differ exactly where the rankings do.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from _common import ROOT

from assistant.retrieval.embeddings import load_embedder
from assistant.retrieval.milvus import MilvusStore
from assistant.settings import load_settings
from evals.runner import evaluate_suite, load_assistant, suite_settings
from evals.suites import SUITE_NAMES, suites


class EngineRanked:
    """A Store that returns Milvus' hybrid ranking as the dense candidates and no BM25 candidates."""

    name = "milvus-hybrid"

    def __init__(self, store: MilvusStore, weights: dict[str, float], normalise: bool) -> None:
        self.store, self.weights, self.normalise = store, weights, normalise
        self._tokens: list[str] | None = None

    def sparse(self, tokens: list[str], n: int, rows: np.ndarray | None) -> dict[int, float]:
        self._tokens = tokens
        return {}

    def dense(self, vector: np.ndarray, n: int, rows: np.ndarray | None) -> dict[int, float]:
        if self._tokens is None:
            raise RuntimeError("the retriever no longer calls sparse() before dense(): EngineRanked needs it")
        tokens, self._tokens = self._tokens, None
        return self.store.hybrid(vector, tokens, n, rows, self.weights, normalise=self.normalise)


def _answers(predictions: list[dict]) -> dict[str, tuple]:
    return {str(p["id"]): (p.get("answer"), json.dumps(p.get("citations"), ensure_ascii=False))
            for p in predictions}


def _correct(report: dict) -> dict[str, bool]:
    return {str(item["id"]): bool(item["correct"]) for item in report["per_item"]}


def compare_suite(suite, assistant) -> dict:
    shared_report, shared = evaluate_suite(suite, assistant, modes=())
    milvus = assistant.retriever.store
    weights = {"dense": assistant.retriever.weights.dense, "bm25": assistant.retriever.weights.bm25}
    result = {"n": shared_report["n_questions"], "shared_accuracy": shared_report["accuracy"]}
    base_answers, base_correct = _answers(shared), _correct(shared_report)
    for normalise in (True, False):
        assistant.retriever.store = EngineRanked(milvus, weights, normalise)
        report, predictions = evaluate_suite(suite, assistant, modes=())
        answers, correct = _answers(predictions), _correct(report)
        key = "engine_norm" if normalise else "engine_raw"
        result[key] = {
            "accuracy": report["accuracy"],
            "answers_differ": sum(answers[i] != base_answers[i] for i in base_answers),
            "right_to_wrong": sum(base_correct[i] and not correct[i] for i in base_correct),
            "wrong_to_right": sum(correct[i] and not base_correct[i] for i in base_correct),
        }
    assistant.retriever.store = milvus
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suite", default=",".join(SUITE_NAMES))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "engine_hybrid")
    args = parser.parse_args()
    base = load_settings(store="milvus")
    embedder = load_embedder(base)
    available = suites(base.corpus_dir, args.out / "index")
    results = {}
    for name in [n.strip() for n in args.suite.split(",") if n.strip()]:
        suite = available[name]
        # Each suite's Milvus file lives with this run, not in the project's index folder.
        uri = str(args.out / f"{name}-milvus.db")
        settings = suite_settings(base, suite).model_copy(update={"milvus_uri": uri})
        assistant, _ = load_assistant(settings, embedder=embedder)
        results[name] = compare_suite(suite, assistant)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "engine_hybrid.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print("| suite | n | shared fusion | engine (norm_score) | differ | →wrong | →right "
          "| engine (raw) | differ | →wrong | →right |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        cells = [f"{100 * r[k]['accuracy']:.1f}% | {r[k]['answers_differ']} | {r[k]['right_to_wrong']} | "
                 f"{r[k]['wrong_to_right']}" for k in ("engine_norm", "engine_raw")]
        print(f"| {name} | {r['n']} | {100 * r['shared_accuracy']:.1f}% | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
