"""Retrieval recall/MRR on hand-made ranked lists, and latency percentiles."""

import pytest

from evals.metrics import covers, evidence_rank, latency_stats, percentile, retrieval_metrics

DOC, OTHER = "yubei-2021-fire-3yr-action-plan.txt", "dafeng-14th-5yr-fire-plan.txt"
EVIDENCE = "加快石坪消防站建设，确保该消防站于2021年开工，2022年主体完工，2023年建成投用。"


def item(id_, type_="lead_unit"):
    return {"id": id_, "type": type_, "doc": DOC, "evidence": EVIDENCE}


HIT = {"doc": DOC, "text": "\t15\n\t" + EVIDENCE + "\n\t创新经济走廊公司"}
SAME_TEXT_OTHER_DOC = {"doc": OTHER, "text": EVIDENCE}
MISS = {"doc": DOC, "text": "对现有9个消防站营房存在问题进行修缮整改"}


def test_evidence_rank_is_first_covering_chunk_of_the_gold_document():
    assert evidence_rank(item("a"), [SAME_TEXT_OTHER_DOC, MISS, HIT, HIT]) == 3
    assert evidence_rank(item("a"), [MISS]) is None
    assert evidence_rank({"id": "n", "type": "not_in_corpus"}, [HIT]) is None


def test_recall_and_mrr():
    items = [item("a"), item("b"), item("c", "deadline"), item("d", "deadline"),
             {"id": "n", "type": "not_in_corpus", "question": "q"}]
    rankings = {"a": [HIT], "b": [MISS] * 4 + [HIT], "c": [MISS] * 9 + [HIT], "d": [MISS] * 12, "n": [HIT]}
    overall, by_type = retrieval_metrics(items, rankings)
    assert overall == {"recall@1": 0.25, "recall@5": 0.5, "recall@10": 0.75,
                       "mrr": pytest.approx(round((1 + 1 / 5 + 1 / 10) / 4, 4)), "n": 4}
    assert by_type["lead_unit"]["recall@1"] == 0.5 and by_type["deadline"]["recall@1"] == 0.0
    assert by_type["deadline"]["mrr"] == pytest.approx(0.05)


def test_items_without_rankings_are_left_out():
    overall, _ = retrieval_metrics([item("a"), item("b")], {"a": [HIT]})
    assert overall["n"] == 1 and overall["recall@1"] == 1.0


def test_covers_uses_half_of_the_evidence():
    half = len(EVIDENCE) // 2 + 1
    assert covers("前面的话" + EVIDENCE[:half], EVIDENCE)
    assert covers(EVIDENCE[-half:] + "后面的话", EVIDENCE)
    assert not covers(EVIDENCE[: half - 2] + "……" + EVIDENCE[-5:], EVIDENCE)


def test_latency_percentiles():
    values = [10, 20, 30, 40, 1000]
    assert percentile(values, 50) == 30
    assert percentile(values, 95) == pytest.approx(808)
    assert latency_stats(values) == {"p50": 30.0, "p95": 808.0, "mean": 220.0, "n": 5}
    assert latency_stats([])["p50"] is None
