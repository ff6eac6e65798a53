"""Question understanding with one-line Chinese questions."""

import pytest

from assistant.answer import understand as q

UNITS = ["区财政局", "区消防救援支队", "区应急局", "区住房城乡建委"]
REGIONS = {"开州": "kaizhou.txt", "渝北": "yubei.txt", "梁平": "liangping.txt", "兴化": "xinghua.txt"}


def find_units(text):
    return [u for u in UNITS if u in text]


def detect_docs(text):
    return [doc for name, doc in REGIONS.items() if name in text]


def understand(question, history=None):
    return q.understand(question, history, find_units, detect_docs, list(REGIONS))


@pytest.mark.parametrize(
    "question, expected",
    [
        ("开州给独居老人装烟感报警器这项由哪些单位负责？", q.RESPONSIBLE),
        ("石坪消防站建设谁牵头？", q.LEAD),
        ("双龙湖消防站重建需要哪些部门配合？", q.COOPERATING),
        ("兴化养老机构的消防整治什么时候完成？", q.DEADLINE),
        ("渝北一共要建几个小型消防站？", q.NUMBER),
        ("大丰老旧小区改造里电动自行车充电设施怎么要求？", q.FACT),
        ("区财政局牵头哪些任务？", q.LIST),
        ("开州有哪些任务要在2023年底前完成？", q.LIST),
        ("领导小组组长是谁？", q.ROSTER),
        ("你好", q.CHITCHAT),
    ],
)
def test_classify(question, expected):
    assert understand(question).type == expected


def test_scope_and_units_and_topic():
    u = understand("开州给独居老人装烟感报警器这项由哪些单位负责？")
    assert u.docs == ["kaizhou.txt"]
    assert "开州" not in u.topic and "哪些单位" not in u.topic
    assert "独居老人" in u.topic.replace(" ", "")


def test_list_question_keeps_unit_and_deadline():
    u = understand("区财政局牵头哪些任务？")
    assert u.units == ["区财政局"]
    assert understand("开州有哪些任务要在2023年底前完成？").deadline_before == "2023-12-31"


@pytest.mark.parametrize("follow_up, expected_type", [("那配合单位呢？", q.COOPERATING), ("什么时候完成？", q.DEADLINE)])
def test_follow_up_keeps_the_previous_task_and_district(follow_up, expected_type):
    history = [{"role": "user", "content": "渝北双龙湖消防站重建谁牵头？"}, {"role": "assistant", "content": "城市更新公司"}]
    u = understand(follow_up, history)
    assert u.follow_up
    assert u.type == expected_type
    assert u.docs == ["yubei.txt"]
    assert "双龙湖消防站" in u.topic.replace(" ", "")


def test_follow_up_naming_another_district_switches_scope_but_keeps_type():
    history = [{"role": "user", "content": "渝北小型消防站建设谁牵头？"}, {"role": "assistant", "content": "区消防救援支队"}]
    u = understand("开州的呢？", history)
    assert u.type == q.LEAD
    assert u.docs == ["kaizhou.txt"]


def test_three_turn_chain_resolves_to_the_first_question():
    history = [
        {"role": "user", "content": "兴化养老机构的消防整治谁来管？"},
        {"role": "assistant", "content": "民政等部门"},
        {"role": "user", "content": "那时限呢？"},
        {"role": "assistant", "content": "2020年"},
    ]
    u = understand("具体要求呢？", history)
    assert u.docs == ["xinghua.txt"]
    assert "养老机构" in u.topic.replace(" ", "")


def test_a_full_new_question_is_not_a_follow_up():
    history = [{"role": "user", "content": "渝北双龙湖消防站重建谁牵头？"}]
    u = understand("梁平的高层住宅小区疏散演练至少搞几次？", history)
    assert not u.follow_up
    assert u.docs == ["liangping.txt"]


def test_two_districts_with_compare_words_is_a_comparison():
    assert understand("渝北和梁平的小型消防站分别由谁牵头？").type == q.COMPARE


@pytest.mark.parametrize("text, date", [("2023年底前", "2023-12-31"), ("2021年6月底前", "2021-06-30"),
                                        ("2024年2月", "2024-02-29"), ("2023年9月30日", "2023-09-30")])
def test_deadline_of(text, date):
    assert q.deadline_of(f"哪些任务要在{text}完成") == date
