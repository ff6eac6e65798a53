"""Evaluation: the gold question set (qa.jsonl) and the scorer for answers, citations, retrieval and speed.

Flow: `runner` asks the real pipeline every gold question → predictions in the `ask --batch`
shape → `scoring.score_predictions` (rules in README.md; `normalize`, `units`, `numbers`
do the Chinese-aware matching; `metrics` the retrieval/latency numbers) → `report`
writes report.json / report.md and compares with a baseline. Run it with
`python -m assistant eval`.
"""

from evals.scoring import score_predictions

__all__ = ["score_predictions"]
