"""The scoring rules end to end: perfect and wrong prediction sets, and small edge cases."""

import random

import pytest
from eval_fixtures import gold_items, line_citation, perfect_prediction

from evals.scoring import citation_ok, score_item, score_predictions
from evals.units import UnitMatcher

YB = "yubei-2021-fire-3yr-action-plan.txt"


@pytest.fixture(scope="module")
def matcher():
    return UnitMatcher.build(u for it in gold_items() for u in it.get("units", []))


def pred(answer, found=True, citations=()):
    return {"id": "x", "answer": answer, "found": found, "citations": list(citations), "type": ""}


def test_perfect_predictions_score_100_percent_on_every_type():
    items = list(gold_items())
    report = score_predictions(items, [perfect_prediction(it) for it in items])
    assert report["accuracy"] == 1.0
    assert set(report["by_type"].values()) == {1.0}
    assert report["citation_accuracy"] == 1.0 and report["hard"] == 1.0 and report["list_recall"] == 1.0
    assert report["n_missing"] == 0 and report["n_questions"] == len(items)
    assert report["latency_ms"]["p50"] == 12.5


def test_answers_shuffled_between_items_score_near_zero():
    items = list(gold_items())
    perfect = [perfect_prediction(it) for it in items]
    answers = [p["answer"] for p in perfect]
    random.Random(7).shuffle(answers)
    shuffled = [dict(p, answer=a, found=True) for p, a in zip(perfect, answers)]
    report = score_predictions(items, shuffled)
    assert report["accuracy"] < 0.1
    assert all(acc <= 0.25 for acc in report["by_type"].values())


def test_lead_and_cooperating_units_swapped_are_wrong():
    items = {it["id"]: it for it in gold_items()}
    # pairs of questions about the same 渝北 table row: one asks the lead, one the cooperating units
    pairs = [("yb-lead-02", "yb-coop-01"), ("yb-lead-03", "yb-coop-03"), ("yb-lead-05", "yb-coop-05"),
             ("yb-lead-07", "yb-coop-07"), ("yb-lead-08", "yb-coop-09"), ("yb-lead-10", "yb-coop-10"),
             ("yb-lead-11", "yb-coop-11"), ("yb-lead-12", "yb-coop-12"), ("yb-lead-14", "yb-coop-13"),
             ("yb-lead-15", "yb-coop-15")]
    chosen, predictions = [], []
    for lead, coop in pairs:
        assert items[lead]["evidence"] == items[coop]["evidence"]
        chosen += [items[lead], items[coop]]
        predictions += [dict(perfect_prediction(items[lead]), answer=items[coop]["answer"]),
                        dict(perfect_prediction(items[coop]), answer=items[lead]["answer"])]
    report = score_predictions(chosen, predictions)
    assert report["accuracy"] == 0.0
    assert report["citation_accuracy"] == 1.0  # the right row was cited; only the units are wrong


def test_missing_predictions_count_as_wrong():
    items = list(gold_items())[:5]
    report = score_predictions(items, [perfect_prediction(items[0])])
    assert report["n_missing"] == 4 and report["accuracy"] == pytest.approx(0.2)


LEAD = {"id": "t1", "type": "lead_unit", "question": "q", "doc": YB, "answer": "区住房城乡建委",
        "evidence": "提升消防设计管理能力。建立建筑工程、装饰工程、市政工程全方位消防技术审查体系", "units": ["区住房城乡建委"]}


@pytest.mark.parametrize("answer, ok", [
    ("区住建委牵头。", True),
    ("由区住房城乡建委牵头", True),
    ("区住房城乡建委牵头，区消防安全委员会成员单位配合。", False),  # cooperating units listed too
    ("区消防救援支队", False),
    ("未找到牵头单位", False),
])
def test_unit_answers(matcher, answer, ok):
    assert score_item(LEAD, pred(answer), matcher)["correct"] is ok


def test_unit_record_explains_missing_and_extra(matcher):
    item = dict(LEAD, units=["区应急局", "区消防救援支队"])
    record = score_item(item, pred("区应急管理局、区财政局"), matcher)
    assert record["missing_units"] == ["区消防救援支队"] and record["extra_units"] == ["区财政局"]


def test_accept_units_allows_the_other_source(matcher):
    item = dict(LEAD, type="responsible_units", units=["乡镇（街道）"],
                accept_units=[["区大数据发展局", "区消防救援支队", "乡镇（街道）"]])
    assert score_item(item, pred("乡镇（街道）"), matcher)["correct"]
    assert score_item(item, pred("表中：乡镇（街道）；正文：区大数据局、区消防救援支队、乡镇（街道）"), matcher)["correct"]
    assert not score_item(item, pred("区消防救援支队"), matcher)["correct"]


def test_units_in_citations_are_not_read(matcher):
    cited = line_citation(YB, "健全数字化指挥控制体系建设。建成区消防救援支队数字化指挥中心")
    item = dict(LEAD, units=["区消防救援支队"])
    assert not score_item(item, pred("文件写得不清楚", citations=[cited]), matcher)["correct"]


def item_of(rule, **fields):
    return {"id": "t", "type": rule, "question": "q", "doc": YB, "evidence": LEAD["evidence"], **fields}


@pytest.mark.parametrize("gold, aliases, answer, ok", [
    ("2023年9月30日", [], "2023-09-30前完成", True),
    ("2023年9月30日", [], "2023年9月底", False),
    ("2023年12月31日", [], "2023年底前", False),
    ("2025年12月31日", ["2025年底前"], "2025年底前完成", True),
    ("2021年12月底前", [], "2021年底前全部拆改", True),
    ("2023年", [], "2023年建成投用", True),
    ("2023年", [], "2022年主体完工", False),
    ("持续推进", [], "持续推进，无固定期限", True),
])
def test_deadlines(matcher, gold, aliases, answer, ok):
    item = item_of("deadline", answer=gold, aliases=aliases)
    assert score_item(item, pred(answer), matcher)["correct"] is ok


def test_number_rule_uses_number_field(matcher):
    item = item_of("number", answer="不少于3人", number="3人")
    assert score_item(item, pred("街道不少于3人（不含站长）"), matcher)["correct"]
    assert not score_item(item, pred("街道不少于13人"), matcher)["correct"]


def test_fact_needs_every_keyword_and_accepts_alternatives(matcher):
    item = item_of("fact", answer="a", keywords=["渝北", ["3名", "3人"]])
    assert score_item(item, pred("渝北区，不少于３人"), matcher)["correct"]
    assert not score_item(item, pred("渝北区"), matcher)["correct"]
    date_item = item_of("fact", answer="a", keywords=["2021年7月12日"])
    assert score_item(date_item, pred("2021-07-12印发"), matcher)["correct"]


def test_list_recall_and_extras(matcher):
    item = item_of("list", answer="a", items=[["工资政策"], ["职业保险", "重疾险"]])
    full = score_item(item, pred("共 3 项：\n1. 落实工资政策\n2. 职业保险\n3. 小型消防站"), matcher)
    assert full["correct"] and full["recall"] == 1.0 and full["extras"] == 1
    assert full["precision"] == 2 / 3
    half = score_item(item, pred("工资政策"), matcher)
    assert not half["correct"] and half["recall"] == 0.5


def test_not_in_corpus_needs_a_not_found_answer(matcher):
    item = {"id": "n", "type": "not_in_corpus", "question": "q", "answer": "未找到"}
    assert score_item(item, pred("文件中没有提到万州区。"), matcher)["correct"]
    assert score_item(item, pred("随便说点什么", found=False), matcher)["correct"]
    assert not score_item(item, pred("万州区消防救援支队牵头。"), matcher)["correct"]
    assert score_item(item, pred("x"), matcher)["citation_ok"] is None


def test_follow_up_is_scored_by_its_rule(matcher):
    item = dict(item_of("cooperating_units", units=["区财政局"], answer="区财政局"), type="follow_up",
                score_as="cooperating_units", history=[{"role": "user", "content": "谁牵头？"}])
    record = score_item(item, pred("区财政局配合"), matcher)
    assert record["correct"] and record["type"] == "follow_up" and record["rule"] == "cooperating_units"


def test_citation_overlap_rule():
    item = item_of("lead_unit", units=["x"], answer="x")
    evidence = LEAD["evidence"]
    half = evidence[: len(evidence) // 2 + 1]
    little = evidence[:10]
    assert citation_ok(item, {"citations": [{"doc": YB, "text": "\t" + evidence + "\n\t区住房城乡建委"}]})
    assert citation_ok(item, {"citations": [{"doc": YB, "text": "前文……" + half}]})
    assert not citation_ok(item, {"citations": [{"doc": YB, "text": little}]})
    assert not citation_ok(item, {"citations": [{"doc": "kaizhou-2023-grassroots-fire-governance-plan.txt", "text": evidence}]})
    assert not citation_ok(item, {"citations": []})


def test_cross_doc_citation_needs_every_document():
    items = {it["id"]: it for it in gold_items()}
    item = items["cd-03"]
    both = perfect_prediction(item)
    assert citation_ok(item, both)
    assert not citation_ok(item, dict(both, citations=both["citations"][:1]))
