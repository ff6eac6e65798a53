"""Small helpers shared by the benchmark scripts (timings, memory, the eval questions)."""

from __future__ import annotations

import json
import resource
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentiles(values_ms: list[float]) -> dict[str, float]:
    values = sorted(values_ms)
    if not values:
        return {"p50": 0.0, "p95": 0.0, "max": 0.0, "n": 0}

    def pick(p: float) -> float:
        return values[min(len(values) - 1, round(p * (len(values) - 1)))]

    return {"p50": round(pick(0.50), 2), "p95": round(pick(0.95), 2), "max": round(values[-1], 2),
            "mean": round(statistics.fmean(values), 2), "n": len(values)}


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)


def eval_questions(path: Path = ROOT / "evals" / "qa.jsonl") -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
