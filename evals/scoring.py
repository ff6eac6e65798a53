"""Scoring rules: one gold item + one prediction → correct or not, and the totals.

Pure functions over plain dicts (gold items from qa.jsonl, predictions in the `ask --batch`
format), so any system's output file can be scored. The rules are written out in
evals/README.md; keep the two in step.
"""

from __future__ import annotations

import re
from collections import defaultdict

from evals.dataset import UNIT_TYPES, evidence_of, rule_of
from evals.metrics import covers, latency_stats
from evals.normalize import canon_dates, contains, normalize, says_not_found, short_answer
from evals.numbers import number_matches
from evals.units import UnitMatcher


def citation_ok(item: dict, prediction: dict) -> bool | None:
    """Every gold evidence is covered by some citation of the same document; None when not applicable."""
    pairs = evidence_of(item)
    if not pairs or rule_of(item) == "not_in_corpus":
        return None
    citations = prediction.get("citations") or []
    return all(any(c.get("doc") == doc and covers(c.get("text", ""), ev) for c in citations)
               for doc, ev in pairs)


def unit_sets(item: dict, matcher: UnitMatcher) -> list[set[str]]:
    """Acceptable unit sets: `units`, each `accept_units` set, and the units named by each alias."""
    sets = [{matcher.canon(u) for u in item["units"]}]
    sets += [{matcher.canon(u) for u in alt} for alt in item.get("accept_units", [])]
    sets += [s for s in (matcher.extract(a) for a in item.get("aliases", [])) if s]
    return sets


def _keyword_hit(keyword, text: str) -> bool:
    options = keyword if isinstance(keyword, list) else [keyword]
    return any(contains(text, canon_dates(normalize(k))) for k in options)


def _list_entries(short: str) -> list[str]:
    parts = re.split(r"[\n；;。]|(?:^|\s)\(?\d{1,2}[.、)）]", short)
    # a header line such as "区财政局牵头的任务共 2 项：" is not an entry
    parts = [p for p in parts if p and p.strip(" ，,、:：") and not p.rstrip().endswith((":", "："))]
    if len(parts) <= 1:
        parts = [p for p in re.split(r"[、，,]", short) if p.strip()]
    return parts


def score_item(item: dict, prediction: dict | None, matcher: UnitMatcher) -> dict:
    """Score one prediction against one gold item; returns a per-item record for the report."""
    rule = rule_of(item)
    prediction = prediction or {}
    short = short_answer(prediction.get("answer", ""))
    text = canon_dates(normalize(short))
    not_found = bool(prediction) and says_not_found(prediction)
    record = {"id": item["id"], "type": item["type"], "rule": rule, "hard": bool(item.get("hard")),
              "question": item["question"], "gold": item["answer"], "short_answer": short,
              "missing": not prediction, "not_found": not_found}
    if rule == "not_in_corpus":
        record["correct"] = not_found
    elif not prediction or not_found:
        record["correct"] = False
    elif rule in UNIT_TYPES:
        predicted = matcher.extract(short)
        gold = unit_sets(item, matcher)
        record.update(correct=predicted in gold, predicted_units=sorted(predicted),
                      missing_units=sorted(gold[0] - predicted), extra_units=sorted(predicted - gold[0]))
    elif rule == "deadline":
        golds = [item["answer"], *item.get("aliases", [])]
        record["correct"] = any(contains(text, canon_dates(normalize(g))) for g in golds)
    elif rule == "number":
        golds = [item["number"], *item.get("aliases", [])]
        record["correct"] = any(number_matches(g, short) for g in golds)
    elif rule == "fact":
        record["correct"] = all(_keyword_hit(k, text) for k in item["keywords"]) or any(
            contains(text, canon_dates(normalize(a))) for a in item.get("aliases", []))
    elif rule == "list":
        hits = [any(contains(text, canon_dates(normalize(s))) for s in options) for options in item["items"]]
        entries = _list_entries(short)
        strings = [canon_dates(normalize(s)) for options in item["items"] for s in options]
        extras = [e for e in entries if not any(contains(canon_dates(normalize(e)), s) for s in strings)]
        record.update(correct=all(hits), recall=sum(hits) / len(hits), extras=len(extras),
                      precision=(len(entries) - len(extras)) / len(entries) if entries else 0.0)
    else:
        raise ValueError(f"unknown scoring rule {rule!r} for {item['id']}")
    record["citation_ok"] = citation_ok(item, prediction)
    return record


def _rate(records: list[dict], key: str = "correct") -> float | None:
    values = [r[key] for r in records if r.get(key) is not None]
    return round(sum(values) / len(values), 4) if values else None


def score_predictions(items: list[dict], predictions: dict[str, dict] | list[dict]) -> dict:
    """Score a whole prediction set (missing predictions count as wrong).

    Returns: accuracy, by_type, counts, by_rule, hard, citation_accuracy, latency_ms,
    list_recall, n_questions, n_missing and per_item (one record per gold item).
    """
    if isinstance(predictions, list):
        predictions = {str(p["id"]): p for p in predictions}
    matcher = UnitMatcher.build(u for it in items for u in it.get("units", []))
    records = [score_item(it, predictions.get(str(it["id"])), matcher) for it in items]
    by_type, by_rule = defaultdict(list), defaultdict(list)
    for r in records:
        by_type[r["type"]].append(r)
        by_rule[r["rule"]].append(r)
    decisions = {"answered_right": 0, "answered_wrong": 0, "wrongly_refused": 0, "rightly_refused": 0}
    for r in records:
        if r["rule"] == "not_in_corpus":
            decisions["rightly_refused" if r["correct"] else "answered_wrong"] += 1
        elif r["not_found"] or r["missing"]:
            decisions["wrongly_refused"] += 1
        else:
            decisions["answered_right" if r["correct"] else "answered_wrong"] += 1
    latencies = [p["latency_ms"] for p in predictions.values()
                 if isinstance(p.get("latency_ms"), (int, float))]
    return {
        "accuracy": _rate(records),
        "by_type": {t: _rate(rs) for t, rs in by_type.items()},
        "counts": {t: len(rs) for t, rs in by_type.items()},
        "by_rule": {t: _rate(rs) for t, rs in by_rule.items()},
        "hard": _rate([r for r in records if r["hard"]]),
        "n_hard": sum(r["hard"] for r in records),
        "citation_accuracy": _rate(records, "citation_ok"),
        "list_recall": _rate(by_rule.get("list", []), "recall"),
        "latency_ms": latency_stats(latencies),
        "n_questions": len(records),
        "n_missing": sum(r["missing"] for r in records),
        "decisions": decisions,
        "per_item": records,
    }
