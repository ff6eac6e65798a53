"""Shared builders for the evals tests: gold items, corpus lines, a perfect prediction set."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from evals.dataset import evidence_of, load_items

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@lru_cache(maxsize=1)
def gold_items() -> tuple[dict, ...]:
    return tuple(load_items())


@lru_cache(maxsize=1)
def corpus_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}


def line_citation(doc: str, evidence: str) -> dict:
    """A citation of the one source line that holds the evidence, as the pipeline would give."""
    for n, line in enumerate(corpus_texts()[doc].splitlines(), start=1):
        if evidence in line:
            return {"doc": doc, "title": "", "clause": "", "line_start": n, "line_end": n, "text": line}
    raise AssertionError(f"evidence not on one line of {doc}: {evidence}")


def perfect_prediction(item: dict) -> dict:
    """A prediction built from gold: gold answer, a source section, citations of the evidence lines."""
    found = item["type"] != "not_in_corpus"
    return {
        "id": item["id"],
        "answer": item["answer"] + "\n\n来源：[1]",
        "citations": [line_citation(doc, ev) for doc, ev in evidence_of(item)],
        "type": item["type"],
        "found": found,
        "latency_ms": 12.5,
    }
