"""The development gold (evals/dev): every question and ledger row is well formed, its evidence is in its
own document, and no document sits in both halves."""

from __future__ import annotations

from collections import Counter

import pytest

from evals.dataset import read_jsonl, validate_item
from evals.normalize import normalize
from evals.suites import DEV_DIR

HALVES = ("tuning", "written", "heldout")
LEDGER_FIELDS = {"id", "doc", "evidence", "lead", "cooperating", "responsible", "deadline"}


def texts(half: str) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (DEV_DIR / half).glob("*.txt")}


def rows(half: str, kind: str) -> list[dict]:
    return [row for path in sorted((DEV_DIR / half).glob(f"*.{kind}.jsonl")) for row in read_jsonl(path)]


def test_the_halves_share_no_document_and_each_has_gold():
    tuning, heldout = set(texts("tuning")), set(texts("heldout"))
    assert tuning and heldout and not tuning & heldout
    for half in HALVES:
        asked = {row["doc"] for row in rows(half, "qa") if row.get("doc")}
        ledgered = {row["doc"] for row in rows(half, "ledger")}
        assert asked == ledgered == set(texts(half)), half  # every document has questions and ledger rows


@pytest.mark.parametrize("half", HALVES)
def test_questions_are_well_formed_with_evidence_in_their_document(half):
    problems = {row["id"]: p for row in rows(half, "qa") if (p := validate_item(row, texts(half)))}
    assert problems == {}


@pytest.mark.parametrize("half", HALVES)
def test_ledger_rows_are_complete_and_their_evidence_is_in_their_document(half):
    corpus = {doc: normalize(text) for doc, text in texts(half).items()}
    bad = [row.get("id") for row in rows(half, "ledger")
           if set(row) < LEDGER_FIELDS or normalize(row["evidence"]) not in corpus.get(row["doc"], "")
           or not (row["lead"] or row["cooperating"] or row["responsible"] or row["deadline"])]
    assert bad == []


def test_ids_are_unique_across_both_halves():
    ids = Counter(row["id"] for half in HALVES for kind in ("qa", "ledger") for row in rows(half, kind))
    assert [i for i, n in ids.items() if n > 1] == []


@pytest.mark.parametrize("half", HALVES)
def test_each_half_asks_who_and_when_and_refuses(half):
    types = Counter(row["type"] for row in rows(half, "qa"))
    assert types["not_in_corpus"] >= 5 and types["deadline"] >= 3
    assert types["lead_unit"] + types["responsible_units"] + types["cooperating_units"] >= 20
