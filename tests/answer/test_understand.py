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
        ("量化任务表里区住房城乡建委负责哪几项？", T.LIST),
        ("区应急局配合几项？", T.LIST),
        ("开州有哪些任务要在2023年底前完成？", T.LIST),
        ("开州2025年底前要新建哪支政府专职消防队？", T.FACT),  # states its date, asks which
        ("开州消防站要在2025年底前建成吗？", T.DEADLINE),
        ("开州的工作小结每个月几号报送？", T.DEADLINE),
        ("领导小组组长是谁？", T.ROSTER),
        ("开州的方案是哪天印发的？", T.METADATA),
        ("开州维修资金应急使用的操作细则什么时候出台？", T.DEADLINE),  # a document still to come is a task
        ("你好", T.CHITCHAT),
        ("城管中队是配合哪个部门在做？", T.LEAD),  # whom a named unit supports: the lead
        ("各牵头单位季度进展要在什么时间前报上去？", T.DEADLINE),  # 各牵头单位 names who reports, it asks when
    ],
)
def test_classify(question, expected):
    assert understand(question).type == expected


def test_scope_and_units_and_topic():
    u = understand("开州给独居老人装烟感报警器这项由哪些单位负责？")
    assert u.docs == ("kaizhou.txt",)
    assert "开州" not in u.topic and "哪些单位" not in u.topic
    assert "独居老人" in u.topic.replace(" ", "")


def test_a_period_asked_from_its_start_to_its_end_leaves_its_words_out_of_the_topic():
    u = understand("开州夏季消防百日攻坚行动从哪天开始到哪天结束？")
    assert u.type is T.DEADLINE and u.when_form == "period" and u.topic.replace(" ", "") == "夏季消防百日攻坚行动"


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


def test_a_place_switch_then_a_question_of_its_own():
    history = [{"role": "user", "content": "开州给独居老人装烟感报警器，谁牵头？"}, {"role": "assistant", "content": "区民政局"}]
    u = understand("那渝北呢？网格员谁来选配？", history)
    assert u.docs == ("yubei.txt",) and u.type == T.RESPONSIBLE and u.question == "那渝北呢？网格员谁来选配？"
    assert "独居老人" not in u.topic.replace(" ", "") and "网格员" in u.topic.replace(" ", "")
    # …but "对单位罚多少" shares the earlier case (罚): it varies the earlier question
    history = [{"role": "user", "content": "开州占用消防车通道，对个人怎么罚？"}, {"role": "assistant", "content": "罚款"}]
    u = understand("那渝北呢？对单位罚多少？", history)
    assert u.docs == ("yubei.txt",) and "消防车通道" in u.topic.replace(" ", "")


def test_a_question_with_no_place_is_read_in_the_conversation_place_first():
    history = [{"role": "user", "content": "渝北社区微型消防站日常谁来管？"}, {"role": "assistant", "content": "各社区居委会"}]
    u = understand("要多久搞一次演练？", history)
    assert not u.follow_up and u.docs == ()
    alone, folded = q.in_conversation_place(u)
    assert alone.docs == folded.docs == ("yubei.txt",) and alone.inherited_scope
    assert "微型消防站" in folded.topic.replace(" ", "") and "微型消防站" not in alone.topic.replace(" ", "")
    assert q.in_conversation_place(understand("区财政局在消防工作里要做什么？", history)) == []  # names its unit


def test_the_band_a_score_falls_in_is_asked():
    assert understand("开州考核得了85分，算什么等次？").band_asked
    assert not understand("开州考核优秀有什么奖励？").band_asked


def test_a_number_and_a_signature_asked_together():
    assert understand("开州这份通知的文号和落款日期？").meta_fields == ("文号", "落款")


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
    # a bare name the question opens with is its place, even one jieba reads as a person's ("静安", "普陀")
    assert understand("静安推进消防站点建设，责任单位有哪些？").unknown_place == "静安"
    assert understand("那敬老院呢？").unknown_place == "" and understand("那幼儿园呢？").unknown_place == ""
    # "…要在什么时间前报县政府": a question word before 县 makes no place
    assert understand("全县防控总结要在什么时间前报县政府？").unknown_place == ""


KAIZHOU_Q = [{"role": "user", "content": "开州给独居老人装烟感报警器这项由哪些单位负责？"}, {"role": "assistant", "content": "乡镇（街道）。"}]


def test_a_question_that_stands_alone_is_not_held_to_the_earlier_district():
    # it names its own unit: every document (the pipeline does not inherit 开州)
    alone = understand("区财政局牵头哪些任务？", KAIZHOU_Q)
    assert alone.docs == () and not alone.follow_up and not alone.inherited_scope
    # a new task, no place: stands alone as well
    assert understand("直升机取水点的规划建设由哪些单位负责？", KAIZHOU_Q).docs == ()


@pytest.mark.parametrize("question", ["那时限呢？", "时限呢？", "具体由谁负责实施？", "这项任务什么时候完成？", "那配合单位呢？"])
def test_elliptical_and_content_free_questions_go_on_with_the_same_task(question):
    u = understand(question, KAIZHOU_Q)
    assert u.follow_up and u.same_task and u.inherited_scope and u.docs == ("kaizhou.txt",)
    assert u.previous is not None and u.previous.question == KAIZHOU_Q[0]["content"]


def test_a_follow_up_to_a_place_no_document_has_is_refused_and_a_long_history_is_cut():
    elsewhere = understand("那普陀区呢？", KAIZHOU_Q)
    assert elsewhere.unknown_place == "普陀区" and not elsewhere.same_task  # another place, not the same task
    long = [{"role": "user", "content": "那配合单位呢？"}, {"role": "assistant", "content": "…"}] * 500
    u = understand("那时限呢？", [*KAIZHOU_Q, *long])  # 1000 turns: no recursion error
    assert u.follow_up and u.type is T.DEADLINE


def test_composite_questions_are_read_once():
    assert understand("渝北2021年和2022年两年一共要设置多少个消防宣传小喇叭？").total
    assert understand("大丰2021到2023年这三年一共征召多少名政府专职消防队员？").years == ("2021年", "2023年")
    assert understand("兴化推行的是什么工作模式？").name_asked
    assert understand("兴化三年行动2021年那个阶段叫什么？").stage_asked
    assert understand("哪几个区的文件提到了群租房？").type is T.MENTIONS
    meta = understand("兴化那份方案的文号是多少？哪天印发的？")
    assert meta.type is T.METADATA and meta.meta_fields == ("文号", "印发日期")
    both = understand("开州和梁平的文件分别是哪个单位发的？")
    assert both.type is T.METADATA and both.meta_fields == ("发文单位",) and len(both.docs) == 2


@pytest.mark.parametrize("question, events, latest", [
    ("开州消防条例是哪天通过、哪天批准的？", ("通过", "批准"), False),
    ("开州这个办法最近一次修订是哪天？什么时候起施行？", ("修订", "施行"), True),
    ("开州那份意见是哪个单位制定的？落款日期是哪天？", ("制定", "落款"), False),
    ("渝北三年行动计划是谁制定的、由哪个单位转发？", ("制定", "转发"), False),
    ("这个规定从哪天开始生效？", ("施行",), False),
])
def test_questions_about_a_documents_own_history(question, events, latest):
    u = understand(question)
    assert u.type is T.METADATA and u.meta_fields == events and u.latest is latest


@pytest.mark.parametrize("question", ["开州消防设施什么时候通过验收？", "渝北通过什么方式发动群众？"])
def test_passing_an_inspection_is_a_task_not_the_documents_history(question):
    assert understand(question).type is not T.METADATA


def test_issuer_and_date_asked_together_of_two_documents():
    u = understand("开州和梁平的方案分别是哪个单位、哪天发的？")
    assert u.type is T.METADATA and u.meta_fields == ("发文单位", "印发日期") and len(u.docs) == 2


def test_a_month_and_which_phase():
    u = understand("开州10月份处在哪个阶段？")
    assert u.months == (10,) and u.stage_asked
    assert understand("开州2024年10月31日前完成什么？").months == ()  # a date, not a month


@pytest.mark.parametrize("question, excluded", [
    ("梁平已整治完毕的高层建筑里，梁山街道以外的乡镇街道一共有几栋？", ("梁山街道",)),
    ("除双桂街道、屏锦镇外一共几栋？", ("双桂街道", "屏锦镇")),
    ("开州一共要建几个消防站？", ()),
])
def test_what_a_total_leaves_out(question, excluded):
    assert understand(question).excluded == excluded


def test_a_question_per_place_is_answered_part_by_part():
    u = understand("开州要建强哪几支专职消防队？渝北2021年完成专职消防队建设的又是哪几个镇？")
    assert u.type is T.COMPARE and [p.docs for p in u.parts] == [("kaizhou.txt",), ("yubei.txt",)]
    assert u.parts[1].years == ("2021年",) and u.parts[0].enumeration
    assert understand("开州要建强哪几支专职消防队？时限呢？").parts == ()  # the second part has no place of its own
    assert understand("开州要建几个消防站？开州的消防站谁建？").parts == ()  # one place
    second = understand("开州的小型消防站谁牵头建设？渝北的呢？").parts[1]
    assert second.docs == ("yubei.txt",) and second.type is T.LEAD and second.follow_up  # it follows the first part


def test_what_a_count_of_named_things_counts():
    assert understand("开州点名要筹备建设的消防救援站一共几个？").counted == "消防救援站"
    assert understand("渝北一共有几个小型消防站？").counted == "小型消防站"
    assert understand("开州一共要建多少名专职队员？").counted == ""
    assert understand("开州要新建几个消防救援站？").counted == "消防救援站"  # asked without 一共 too


def test_a_question_that_points_back_at_the_task_just_answered():
    u = understand("这个阶段是几月到几月？", KAIZHOU_Q)
    assert u.follow_up and u.same_task and u.type is T.DEADLINE and u.phase_asked
    assert u.docs == ("kaizhou.txt",) and u.inherited_scope
    assert not understand("开州这项工作什么时候完成？").phase_asked


@pytest.mark.parametrize("question, verb", [
    ("开州小区里消防车道被堵，归谁查处？", "查处"),
    ("渝北的举报奖励办法由哪些部门负责解释？", "解释"),
    ("开州共用消防设施的维护谁来组织协调？", "组织协调"),
    ("开州这项由哪些单位负责？", ""),
    ("石坪消防站建设谁牵头？", ""),
])
def test_what_a_who_question_asks_the_owner_to_do(question, verb):
    assert understand(question).asked_verb == verb


def test_the_phases_of_a_plan_and_one_by_its_number():
    assert understand("开州的专项行动分几个阶段？").phases_asked
    nth = understand("第二个阶段是什么时候？", KAIZHOU_Q)
    assert nth.stage_number == 2 and nth.follow_up and not nth.same_task and nth.docs == ("kaizhou.txt",)


def test_who_chairs_a_body_is_a_roster_question_and_its_allowance_is_not():
    u = understand("开州消防安全委员会主任由谁担任？")
    assert u.type is T.ROSTER and u.roster_role == "主任"
    assert understand("开州消防安全委员会主任每月补贴多少钱？").type is T.NUMBER


def test_where_a_body_sits_who_is_in_charge_and_what_is_published_by_whom():
    assert understand("县消安委办公室设在哪个单位？").type == T.FACT  # "…办公室设在县消防救援大队"
    assert understand("指挥部的办公室放在哪个部门？").seat_asked  # answered only by a sentence that seats it
    assert understand("装烟感报警器这事归谁管？").in_charge and understand("巡查谁来抓？").in_charge
    assert not understand("巡查谁负责？").in_charge
    assert understand("高火险天气预警由哪个单位发布？").type == T.RESPONSIBLE  # a warning is no document
    assert understand("这个方案是哪个单位发布的？").type == T.METADATA
    for question in ("什么时候印发的？", "是哪天印发的？", "是哪个单位发布的？", "开州是哪个单位发布的？"):
        assert understand(question).type == T.METADATA, question
    # by when a task is due, not a step of the document's history
    assert understand("各县的整治实施方案要在什么时间之前制定出来？").type == T.DEADLINE
    assert "几号" not in understand("情况每个月几号前要报消安委办？").topic
    assert understand("验收合格以后，大队多少天内要提出销案？").type == T.DEADLINE  # a time limit, not a count
    assert understand("住建委审核要几天？").type == T.DEADLINE


def test_a_working_group_s_head_a_handed_over_matter_s_handler_and_who_takes_part():
    assert understand("灭火处置组的组长单位是哪个？").type is T.LEAD  # a body, not the 组长 of a roster
    assert understand("巡查检查组组长是谁当？").type is T.ROSTER
    assert understand("老街隐患的承办单位是哪个？").type is T.LEAD
    assert understand("各承办单位每月几号之前要报整改进展？").type is T.DEADLINE  # 承办单位 named, a date asked
    assert understand("巡防检查组有哪些单位参加？").type is T.COOPERATING


def test_a_who_question_that_also_asks_by_when():
    u = understand("排查整治总结谁来写？什么时候前要出来？")
    assert u.type.role is not None and u.when_too
    assert not understand("排查整治总结谁来写？").when_too


def test_of_several_leads_the_first_is_asked_for():
    assert understand("电动自行车隐患整治，总牵头单位是哪个？").first_lead
    assert not understand("电动自行车隐患整治，牵头单位是哪个？").first_lead


def test_who_is_to_write_a_document_is_a_task_and_who_goes_to_do_something_asks_who():
    assert understand("今年的消防工作考核细则谁来制定？").type is T.RESPONSIBLE  # a task: a 细则 still to be made
    assert understand("这个方案是谁制定的？").type is T.METADATA  # the document's own history
    assert understand("医院、养老院的电动车停放充电谁去督促？").type is T.RESPONSIBLE
    assert understand("学校的消防安全管理归哪个部门管？").topic == "学校 消防安全管理"


def test_the_leader_a_task_names_is_asked_for():
    assert understand("乡镇专职消防队建设这项任务，牵头的市领导是哪位？").leader_asked
    assert understand("这项是哪位市领导牵头的？").leader_asked
    assert not understand("这项由哪个单位牵头？").leader_asked
    # a column of people named by its label: "责任人", "包保领导"; a task's 第一责任人 is said in a sentence, not a column
    assert understand("老旧民房电气线路改造的责任人是谁？").leader_asked
    assert understand("冷库那条隐患的包保领导是谁？").leader_asked
    assert not understand("学校消防安全第一责任人是谁？").leader_asked


def test_which_weekday_is_asked():
    u = understand("各单位每周几之前要报进展？")
    assert u.type is T.DEADLINE and u.when_form == "weekday" and "几" not in u.topic


def test_a_role_label_after_各_names_units_and_stays_in_the_topic():
    assert "各牵头单位" in understand("各牵头单位季度进展要在什么时间前报上去？").topic
    assert "牵头" not in understand("石坪消防站建设由谁牵头？").topic
