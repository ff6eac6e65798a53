"""Question understanding with one-line Chinese questions."""

import pytest

from assistant.answer import understand as q
from assistant.answer.scope import Places
from assistant.lexicon import QuestionType as T
from assistant.lexicon import Role
from assistant.models import DocumentMeta

UNITS = ["区财政局", "区消防救援支队", "区应急局", "区住房城乡建委"]
REGIONS = {"开州": "kaizhou.txt", "渝北": "yubei.txt", "梁平": "liangping.txt", "兴化": "xinghua.txt"}
PLACES = Places([DocumentMeta(doc, doc, region=f"{name}区", region_aliases=[name, f"{name}区"], parents=["重庆市", "重庆"])
                 for name, doc in REGIONS.items()], {doc: "" for doc in REGIONS.values()})


def find_units(text):
    return [u for u in UNITS if u in text]


def understand(question, history=None):
    return q.understand(question, history, find_units, PLACES)


@pytest.mark.parametrize(
    "question, expected",
    [
        ("开州给独居老人装烟感报警器这项由哪些单位负责？", T.RESPONSIBLE),
        ("石坪消防站建设谁牵头？", T.LEAD),
        ("双龙湖消防站重建需要哪些部门配合？", T.COOPERATING),
        ("兴化养老机构的消防整治什么时候完成？", T.DEADLINE),
        ("渝北一共要建几个小型消防站？", T.NUMBER),
        ("大丰老旧小区改造里电动自行车充电设施怎么要求？", T.FACT),
        ("区财政局牵头哪些任务？", T.LIST),
        ("开州有哪些任务要在2023年底前完成？", T.LIST),
        ("领导小组组长是谁？", T.ROSTER),
        ("你好", T.CHITCHAT),
    ],
)
def test_classify(question, expected):
    assert understand(question).type == expected


def test_scope_and_units_and_topic():
    u = understand("开州给独居老人装烟感报警器这项由哪些单位负责？")
    assert u.docs == ("kaizhou.txt",)
    assert "开州" not in u.topic and "哪些单位" not in u.topic
    assert "独居老人" in u.topic.replace(" ", "")


def test_list_question_keeps_unit_and_deadline():
    u = understand("区财政局牵头哪些任务？")
    assert u.units == ("区财政局",) and u.role is Role.LEAD
    assert understand("开州有哪些任务要在2023年底前完成？").deadline_before == "2023-12-31"


@pytest.mark.parametrize("follow_up, expected_type", [("那配合单位呢？", T.COOPERATING), ("什么时候完成？", T.DEADLINE)])
def test_follow_up_keeps_the_previous_task_and_district(follow_up, expected_type):
    history = [{"role": "user", "content": "渝北双龙湖消防站重建谁牵头？"}, {"role": "assistant", "content": "城市更新公司"}]
    u = understand(follow_up, history)
    assert u.follow_up
    assert u.type == expected_type
    assert u.docs == ("yubei.txt",)
    assert "双龙湖消防站" in u.topic.replace(" ", "")


def test_follow_up_naming_another_district_switches_scope_but_keeps_type():
    history = [{"role": "user", "content": "渝北小型消防站建设谁牵头？"}, {"role": "assistant", "content": "区消防救援支队"}]
    u = understand("开州的呢？", history)
    assert u.type == T.LEAD
    assert u.docs == ("kaizhou.txt",)


def test_three_turn_chain_resolves_to_the_first_question():
    history = [
        {"role": "user", "content": "兴化养老机构的消防整治谁来管？"},
        {"role": "assistant", "content": "民政等部门"},
        {"role": "user", "content": "那时限呢？"},
        {"role": "assistant", "content": "2020年"},
    ]
    u = understand("具体要求呢？", history)
    assert u.docs == ("xinghua.txt",)
    assert "养老机构" in u.topic.replace(" ", "")


def test_a_full_new_question_is_not_a_follow_up():
    history = [{"role": "user", "content": "渝北双龙湖消防站重建谁牵头？"}]
    u = understand("梁平的高层住宅小区疏散演练至少搞几次？", history)
    assert not u.follow_up
    assert u.docs == ("liangping.txt",)


def test_two_districts_with_compare_words_is_a_comparison():
    assert understand("渝北和梁平的小型消防站分别由谁牵头？").type == T.COMPARE


@pytest.mark.parametrize("text, date", [("2023年底前", "2023-12-31"), ("2021年6月底前", "2021-06-30"),
                                        ("2024年2月", "2024-02-29"), ("2023年9月30日", "2023-09-30")])
def test_deadline_of(text, date):
    assert q.deadline_of(f"哪些任务要在{text}完成") == date


def test_everything_the_answerers_need_is_read_once():
    u = understand("渝北2021年要建几个小型消防站？")
    assert (u.type, u.years, u.measure, u.enumeration) == (T.NUMBER, ("2021年",), "个", False)
    assert understand("兴化三年行动分哪几个阶段？").enumeration
    assert understand("渝北这个方案的发文字号是多少？").meta_field == "文号"
    assert understand("梁平领导小组的副组长是谁？").roster_role == "副组长"
    compare = understand("渝北和梁平的小型消防站分别由谁牵头？")
    assert (compare.type, compare.inner_type) == (T.COMPARE, T.LEAD)


@pytest.mark.parametrize("question", ["消防车通道整治归谁管？", "这件事哪个部门管？", "充电设施由谁负责？"])
def test_who_questions_ask_for_whatever_role_the_document_uses(question):
    assert understand(question).type == T.RESPONSIBLE


def test_places_scope_by_parent_and_refuse_places_nowhere_in_the_corpus():
    assert understand("重庆各区的消防站谁牵头建设？").docs == tuple(REGIONS.values())
    u = understand("万州区的消防站建设计划是怎么安排的？")
    assert u.unknown_place == "万州区" and u.docs == ()
    assert understand("开州市政消火栓由谁负责？").docs == ("kaizhou.txt",)  # "开州市政…" is 开州, not a 开州市
