"""Ledger scoring: does the parser's task ledger have each gold task with exactly the right owners and deadline?

A gold row (`*.ledger.jsonl`, see evals/dev/README.md) names its task by an `evidence` substring.
The parsed task it is compared with is the smallest task of that document whose text contains
the evidence (normalised; a `source` of "table"/"body" in the row restricts the search).
The row is right when, role by role, the unit sets are equal (names normalised, aliases from
aliases.json folded) and the deadline phrases agree (dates written one way; a row without a
deadline must get none). Pure functions over plain dicts, like scoring.py.
"""

from __future__ import annotations

from collections import defaultdict

from evals.normalize import canon_dates, normalize
from evals.units import UnitMatcher

ROLES = ("lead", "cooperating", "responsible")


def _canon_set(units: list[str], matcher: UnitMatcher) -> set[str]:
    return {matcher.canon(u) for u in units if normalize(u)}


def _deadline_parts(text: str) -> list[str]:
    return [canon_dates(normalize(p)) for p in (text or "").replace(";", "；").split("；") if normalize(p)]


def deadline_ok(gold: str, predicted: str) -> bool:
    """Every gold phrase appears in the prediction (dates canonical); no gold phrase means none predicted."""
    gold_parts, predicted_text = _deadline_parts(gold), canon_dates(normalize(predicted or ""))
    if not gold_parts:
        return not predicted_text
    return all(part in predicted_text for part in gold_parts)


def find_task(row: dict, tasks: list[dict]) -> dict | None:
    """The smallest task of the row's document whose text holds the evidence."""
    evidence = normalize(row["evidence"])
    candidates = [t for t in tasks if t["doc"] == row["doc"] and evidence in normalize(t["text"])
                  and (not row.get("source") or t["source"] == row["source"])]
    return min(candidates, key=lambda t: len(t["text"]), default=None)


def score_row(row: dict, tasks: list[dict], matcher: UnitMatcher) -> dict:
    task = find_task(row, tasks)
    record = {"id": row["id"], "doc": row["doc"], "evidence": row["evidence"], "found": task is not None}
    if task is None:
        return {**record, "correct": False, "units_ok": False, "deadline_ok": False}
    predicted = {role: task.get(f"{role}_units", []) for role in ROLES}
    wrong_roles = [role for role in ROLES if _canon_set(row.get(role, []), matcher) != _canon_set(predicted[role], matcher)]
    ok_deadline = deadline_ok(row.get("deadline", ""), task.get("deadline", ""))
    return {**record, "correct": not wrong_roles and ok_deadline, "units_ok": not wrong_roles,
            "deadline_ok": ok_deadline, "wrong_roles": wrong_roles, "task": task.get("clause", ""),
            "gold": {role: row.get(role, []) for role in ROLES} | {"deadline": row.get("deadline", "")},
            "predicted": predicted | {"deadline": task.get("deadline", "")}}


def score_ledger(rows: list[dict], tasks: list[dict]) -> dict:
    """Per-document and overall share of gold rows exactly right (units and deadline).

    Args:
        rows: gold ledger rows.
        tasks: the parser's tasks as dicts (`Task.to_dict()`), of the same documents.
    """
    matcher = UnitMatcher.build(u for r in rows for role in ROLES for u in r.get(role, []))
    records = [score_row(r, tasks, matcher) for r in rows]
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_doc[record["doc"]].append(record)

    def rate(rs: list[dict], key: str) -> float | None:
        return round(sum(r[key] for r in rs) / len(rs), 4) if rs else None

    return {
        "accuracy": rate(records, "correct"),
        "units": rate(records, "units_ok"),
        "deadlines": rate(records, "deadline_ok"),
        "found": rate(records, "found"),
        "n": len(records),
        "by_doc": {doc: {"accuracy": rate(rs, "correct"), "n": len(rs)} for doc, rs in sorted(by_doc.items())},
        "per_row": records,
    }
