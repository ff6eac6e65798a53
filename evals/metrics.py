"""Retrieval metrics over ranked chunk lists, and latency percentiles."""

from __future__ import annotations

from collections import defaultdict
from difflib import SequenceMatcher

from evals.dataset import evidence_of
from evals.normalize import normalize

KS = (1, 5, 10)
COVER_RATIO = 0.5  # a citation/chunk supports the evidence when it shares ≥ half of it


def covers(text: str, evidence: str) -> bool:
    """True when `text` contains the evidence, or its longest common substring with it is ≥ 50%.

    Both sides are normalised first, so table tabs, spaces inside words and full-width
    punctuation do not matter.
    """
    text, evidence = normalize(text), normalize(evidence)
    if not evidence:
        return False
    if evidence in text:
        return True
    matcher = SequenceMatcher(None, evidence, text, autojunk=False)
    match = matcher.find_longest_match(0, len(evidence), 0, len(text))
    return match.size >= COVER_RATIO * len(evidence)


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100), as numpy's default."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def latency_stats(latencies_ms: list[float]) -> dict:
    """{"p50", "p95", "mean", "n"} in milliseconds; values are None when nothing was timed."""
    if not latencies_ms:
        return {"p50": None, "p95": None, "mean": None, "n": 0}
    return {
        "p50": round(percentile(latencies_ms, 50), 1),
        "p95": round(percentile(latencies_ms, 95), 1),
        "mean": round(sum(latencies_ms) / len(latencies_ms), 1),
        "n": len(latencies_ms),
    }


def evidence_rank(item: dict, ranked: list[dict]) -> int | None:
    """1-based rank of the first chunk of the gold document that covers the (main) evidence."""
    pairs = evidence_of(item)
    if not pairs:
        return None
    doc, evidence = pairs[0]
    for rank, chunk in enumerate(ranked, start=1):
        if chunk.get("doc") == doc and covers(chunk.get("text", ""), evidence):
            return rank
    return None


def _summary(ranks: list[int | None]) -> dict:
    n = len(ranks)
    if not n:
        return {**{f"recall@{k}": None for k in KS}, "mrr": None, "n": 0}
    out = {f"recall@{k}": round(sum(1 for r in ranks if r is not None and r <= k) / n, 4) for k in KS}
    out["mrr"] = round(sum(1 / r for r in ranks if r) / n, 4)
    out["n"] = n
    return out


def retrieval_metrics(items: list[dict], rankings: dict[str, list[dict]]) -> tuple[dict, dict]:
    """Recall@1/5/10 and MRR for one retrieval mode.

    Args:
        items: gold items; those without evidence (not_in_corpus) are skipped.
        rankings: question id → ranked chunks, each a dict with "doc" and "text".
    Returns:
        (overall summary, {item type: summary}).
    """
    ranks: list[int | None] = []
    by_type: dict[str, list[int | None]] = defaultdict(list)
    for item in items:
        if not evidence_of(item) or str(item["id"]) not in rankings:
            continue
        rank = evidence_rank(item, rankings[str(item["id"])])
        ranks.append(rank)
        by_type[item["type"]].append(rank)
    return _summary(ranks), {t: _summary(r) for t, r in by_type.items()}
