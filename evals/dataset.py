"""Reading the gold set and prediction files, and checking the gold set's shape."""

from __future__ import annotations

import json
from pathlib import Path

QA_FILE = Path(__file__).with_name("qa.jsonl")

UNIT_TYPES = ("lead_unit", "cooperating_units", "responsible_units")
RULES = (*UNIT_TYPES, "deadline", "number", "fact", "list", "not_in_corpus")
TYPES = (*RULES[:-1], "cross_doc", "follow_up", "multi_turn", "composite", "not_in_corpus")
# Types scored by another type's rule (`score_as`): across documents, in a conversation, combining facts.
SCORED_AS = ("cross_doc", "follow_up", "multi_turn", "composite")
# multi_turn kinds: the new question names another place / another topic / goes on with the same task /
# goes to a place no document is about. composite kinds: what the answer combines.
KINDS = {
    "multi_turn": ("switch_place", "switch_topic", "follow_up", "elsewhere"),
    "composite": ("total", "series_year", "quoted_name", "which_docs", "metadata", "compare"),
}
CONVERSATIONS_FILE = QA_FILE.with_name("conversations.jsonl")
COMPOSITE_FILE = QA_FILE.with_name("composite.jsonl")
# The field that carries the gold answer for each scoring rule.
REQUIRED = {
    "lead_unit": ("units",), "cooperating_units": ("units",), "responsible_units": ("units",),
    "deadline": (), "number": ("number",), "fact": ("keywords",), "list": ("items",), "not_in_corpus": (),
}


def rule_of(item: dict) -> str:
    """The scoring rule for an item: its type, or `score_as` for cross_doc / follow_up."""
    return item.get("score_as") or item["type"]


def read_jsonl(path: Path) -> list[dict]:
    """Objects of a JSONL file (a JSON array file is accepted too)."""
    text = Path(path).read_text(encoding="utf-8-sig")
    if text.lstrip().startswith("["):
        return json.loads(text)
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path} 第 {n} 行不是合法 JSON：{exc.msg}") from exc
    return rows


def load_items(path: Path = QA_FILE) -> list[dict]:
    """The gold questions, in file order."""
    return read_jsonl(path)


def load_predictions(path: Path) -> dict[str, dict]:
    """`ask --batch` output keyed by question id (ids are compared as strings)."""
    return {str(row["id"]): row for row in read_jsonl(path) if "id" in row}


def evidence_of(item: dict) -> list[tuple[str, str]]:
    """(doc, evidence) pairs a correct citation must cover: the main one, then `evidence_more`."""
    pairs = [(item["doc"], item["evidence"])] if item.get("doc") and item.get("evidence") else []
    pairs += [(e["doc"], e["evidence"]) for e in item.get("evidence_more", [])]
    return pairs


def validate_item(item: dict, corpus_texts: dict[str, str] | None = None) -> list[str]:
    """Problems with one gold item (empty when it is well-formed)."""
    problems = []
    for key in ("id", "question", "type", "answer"):
        if not str(item.get(key, "")).strip():
            problems.append(f"missing {key}")
    if item.get("type") not in TYPES:
        problems.append(f"unknown type {item.get('type')!r}")
        return problems
    rule = rule_of(item)
    if item["type"] in SCORED_AS and rule not in RULES:
        problems.append(f"bad score_as {rule!r}")
        return problems
    if item["type"] in KINDS and item.get("kind") not in KINDS[item["type"]]:
        problems.append(f"bad kind {item.get('kind')!r}")
    problems += [f"missing {field}" for field in REQUIRED[rule] if not item.get(field)]
    if item["type"] in ("follow_up", "multi_turn") and not item.get("history"):
        problems.append(f"{item['type']} without history")
    if rule != "not_in_corpus" and not evidence_of(item):
        problems.append("missing doc/evidence")
    for doc, evidence in evidence_of(item):
        if not 10 <= len(evidence) <= 120 or "\t" in evidence or "\n" in evidence:
            problems.append(f"evidence shape: {evidence!r}")
        if corpus_texts is not None and evidence not in corpus_texts.get(doc, ""):
            problems.append(f"evidence not in {doc}: {evidence!r}")
    return problems
