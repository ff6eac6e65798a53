"""report.json shape, report.md content, and the baseline comparison."""

import json

from eval_fixtures import gold_items, perfect_prediction

from evals.report import REQUIRED_KEYS, build_report, compare, render_markdown, type_table, write_report
from evals.scoring import score_predictions


def small_report(wrong_ids=(), retrieval=None):
    items = [it for it in gold_items() if it["type"] in ("lead_unit", "deadline", "not_in_corpus")][:30]
    predictions = []
    for it in items:
        p = perfect_prediction(it)
        if it["id"] in wrong_ids:
            p = dict(p, answer="区体育局牵头", found=True, citations=[])
        predictions.append(p)
    return items, build_report(score_predictions(items, predictions), retrieval, {}, 3.5, {"qa": "test"})


def test_report_has_the_required_keys():
    _, report = small_report(retrieval={"hybrid": {"recall@1": 0.5, "recall@5": 0.8, "recall@10": 0.9, "mrr": 0.6, "n": 10}})
    assert set(REQUIRED_KEYS) <= set(report)
    assert {"index_build_s", "per_item", "counts", "hard"} <= set(report)
    assert set(report["retrieval"]["hybrid"]) >= {"recall@1", "recall@5", "recall@10", "mrr"}
    assert set(report["latency_ms"]) >= {"p50", "p95"}
    assert report["index_build_s"] == 3.5


def test_baseline_comparison_flags_regressions_and_improvements():
    items, good = small_report()
    wrong = [it["id"] for it in items if it["type"] == "lead_unit"][:3]
    _, worse = small_report(wrong_ids=wrong)
    regressions, improvements = compare(worse, good)
    assert any(line.startswith("REGRESSION overall") for line in regressions)
    assert any(line.startswith("REGRESSION type lead_unit") for line in regressions)
    assert not any("deadline" in line for line in regressions)
    assert improvements == []
    regressions, improvements = compare(good, worse)
    assert regressions == [] and any("lead_unit" in line for line in improvements)
    assert compare(good, good) == ([], [])


def test_markdown_lists_wrong_answers_beside_gold_and_citation_misses():
    _, report = small_report(wrong_ids=["yb-lead-07"])
    md = render_markdown(report)
    row = next(line for line in md.splitlines() if line.startswith("| yb-lead-07 "))
    assert "创新经济走廊公司" in row and "区体育局牵头" in row
    assert "## 引用未命中（1）" in md and "- yb-lead-07" in md
    assert "| lead_unit |" in type_table(report)


def test_write_report_writes_json_and_markdown(tmp_path):
    _, good = small_report()
    _, worse = small_report(wrong_ids=["yb-lead-01"])
    json_path, md_path = write_report(worse, tmp_path / "out", compare(worse, good))
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert set(REQUIRED_KEYS) <= set(data)
    assert data["baseline"]["regressions"]
    assert "REGRESSION" in md_path.read_text(encoding="utf-8")
