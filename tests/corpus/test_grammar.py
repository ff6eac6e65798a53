"""Every entry of the responsibility grammar, with its one-line example."""

import pytest

from assistant.corpus.grammar import (
    GRAMMAR,
    annotations_in,
    duty_intro,
    duty_line,
    label_line,
    leading_units,
    prose_claims,
    unit_heading,
)
from assistant.corpus.units import UnitGazetteer
from assistant.lexicon import Role


@pytest.mark.parametrize("rule", GRAMMAR, ids=[r.name for r in GRAMMAR])
def test_every_form_reads_its_example(rule):
    assert [(c.role, c.units) for c in rule.read(rule.example)] == list(rule.expected)


def test_every_bracket_and_colon_style_is_covered():
    for text in ["（责任单位：区财政局）", "(责任单位:区财政局)", "〔责任单位：区财政局〕", "【责任单位:区财政局】", "［责任单位：区财政局］"]:
        assert [(c.role, c.units) for a in annotations_in(text) for c in a.claims] == [(Role.RESPONSIBLE, ("区财政局",))]


def test_brackets_that_are_no_annotation_are_left_alone():
    assert annotations_in("改造前已安装视频监控系统的可不再增设（含区域平台）（2019—2021）（以下简称“消防办”）") == []


def test_annotation_deadline_label():
    (annotation,) = annotations_in("（牵头单位：区应急局；完成时限：2024年6月底前）")
    assert annotation.deadline == "2024年6月底前" and annotation.claims[0].units == ("区应急局",)


def test_label_lines_for_people_units_and_deadlines():
    assert label_line("牵头领导:张三（副区长）").claims[0].person
    assert label_line("完成时限：2024年底前").deadline == "2024年底前"
    assert label_line("工作目标：全面完成") is None


def test_duty_sections():
    g = UnitGazetteer()
    assert duty_intro("第十三条 市、县（市、区）人民政府消防救援机构应当履行下列职责：", g) == ("消防救援机构",)
    assert duty_intro("区政府应当落实消防工作责任制，履行下列职责：", g) == ("区政府",)
    assert duty_intro("区政府工作部门应当在各自职责范围内履行下列共同职责：", g) == ("区政府工作部门",)
    assert duty_intro("各有关部门应当履行下列职责：", g) == ()  # names nobody
    assert duty_intro("各成员单位除履行上述职责外，还应当履行下列共同职责：", g) == ("各成员单位",)  # a defined set
    assert duty_intro("网格员在社区居委会的指导下开展工作，主要履行以下职责：", g) == ("网格员",)
    assert duty_line("工作目标：全面完成整治", g) == ((), "")
    assert unit_heading("优化消防站点建设布局", g) == ()  # a task, not a unit
    assert unit_heading("街道消防安全委员会", g) == ("街道消防安全委员会",)


@pytest.mark.parametrize("text, expected", [
    ("区委宣传部、区文明办要充分利用宣教资源", [("区委宣传部", "区文明办")]),  # not "区委|宣传部"
    ("各行业主管部门组织所辖单位完成自查", [("各行业主管部门",)]),  # not up to "…单位"
    ("市场监管部门依法查处违法行为", [("市场监管部门",)]),
    ("区住房保障房屋管理局和区公安分局各辖区派出所负责指导", [("区住房保障房屋管理局", "区公安分局各辖区派出所")]),
    ("区人力资源社会保障局会同消防救援机构开展审批", [("区人力资源社会保障局",), ("消防救援机构",)]),
])
def test_the_subject_ends_where_the_verb_starts(text, expected):
    assert [c.units for c in prose_claims(text)] == expected


def test_a_body_that_may_entrust_another_is_the_owner():
    claims = prose_claims("区消防救援支队可以委托具有相应资质的消防技术服务机构，对消防设施运行状况开展评估。")
    assert [(c.role, c.units) for c in claims] == [(Role.RESPONSIBLE, ("区消防救援支队",))]


def test_subjects_that_are_no_units():
    g = UnitGazetteer()
    assert prose_claims("区消防救援支队现有消防站9个。", g) == []  # a description, not an assignment
    assert prose_claims("有关部门依法查处违法行为。", g) == []  # names nobody (collectives are told to act with 要/应当)
    assert prose_claims("实行重大火灾隐患挂牌督办制度。", g) == []
    assert prose_claims("完善牵头抓总机制。", g) == []  # a mechanism no body is named to lead
    assert leading_units("建立多部门联动机制", g) == []


def test_a_subject_standing_before_a_comma_and_a_date_first_sentence():
    assert [(c.role, c.units) for c in prose_claims("各乡镇、街道和公安派出所，发动村委会开展宣传。")] == [
        (Role.RESPONSIBLE, ("各乡镇", "街道", "公安派出所"))]
    assert [(c.role, c.units) for c in prose_claims("2022年底前，各建制镇全部完成消防专项规划修订。")] == [
        (Role.RESPONSIBLE, ("各建制镇",))]


def test_what_a_sentence_is_about_before_its_subject_owns_nothing():
    assert [(c.role, c.units) for c in prose_claims("养老机构这块，市民政局要逐家开展消防安全检查，10月底前完成。")] == [
        (Role.RESPONSIBLE, ("市民政局",))]
    assert [(c.role, c.units) for c in prose_claims("学校方面，由区教育局牵头，区消防救援大队配合。")] == [
        (Role.LEAD, ("区教育局",)), (Role.COOPERATING, ("区消防救援大队",))]


@pytest.mark.parametrize("title, deadline", [
    ("动员部署阶段（8月31日前）", "8月31日前"), ("集中攻坚（2020年）", "2020年"), ("动员部署、排查摸底阶段(4月-5月)", "4月-5月"),
    ("“十二五”时期消防工作的主要任务", ""), ("2021年重点工作", ""), ("完成时间2022年底前", "2022年底前"),
])
def test_only_a_phase_heading_dates_the_items_under_it(title, deadline):
    from assistant.corpus.grammar import deadline_of_heading

    assert deadline_of_heading(title) == deadline


@pytest.mark.parametrize("text, expected", [
    # regulations name duty holders by what they do, and by the parties of fire law
    ("发生火灾的单位和相关人员应当保护火灾现场。", [("发生火灾的单位", "相关人员")]),
    ("专职消防队的组建单位应当为队员办理社会保险。", [("专职消防队的组建单位",)]),
    ("承租人对承租场所的消防安全负责。", [("承租人",)]),
    ("建筑物的产权人、使用人应当共同委托管理单位。", [("产权人", "使用人")]),
    ("消防控制室应当由其管理单位实行值班制度。", [("管理单位",)]),  # 其 is a possessive
    ("各市、县、区人民政府可以组建专业救援队伍。", [("市人民政府", "县人民政府", "区人民政府")]),
    ("报刊、广播、电视等新闻媒体应当开展消防宣传。", [("新闻媒体",)]),  # kinds of one kind of body
    ("县级以上人民政府接到报告后，应当及时核实。", [("县级以上人民政府",)]),
])
def test_duty_holders_of_regulations(text, expected):
    assert [c.units for c in prose_claims(text)] == expected


def test_no_subject_in_an_object_or_a_piece_of_a_word():
    assert prose_claims("对违反规定的单位依法处罚。") == []  # what follows 对 is the object
    assert prose_claims("建强综合性消防救援队伍。") == []  # "…救援队|伍" is no word end
    assert unit_heading("建设小型消防站") == ()  # a heading that opens with a verb is a task
    assert unit_heading("宣传部门") == ("宣传部门",)  # …unless it is the verb and a bare suffix


def test_a_duty_list_announced_after_an_opening_phrase():
    assert duty_intro("在物业服务区域内，居民住宅区的物业服务人应当履行下列消防安全责任：") == ("物业服务人",)


def test_a_verb_after_a_subject_is_no_part_of_its_name():
    assert [c.units for c in prose_claims("年底前，各街道设立消防安全委员会，统筹基层消防工作。")] == [("各街道",)]
    assert [c.units for c in prose_claims("街道巡查人员每日开展巡查。")] == [("街道巡查人员",)]
