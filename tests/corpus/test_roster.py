"""Leading-group rosters."""

from __future__ import annotations

from assistant.corpus.roster import parse_roster

LINES = [
    "附件1",                                                # 1
    "",                                                     # 2
    "某区高层建筑消防安全",                                  # 3
    "",                                                     # 4
    "专项整治工作领导小组成员名单",                          # 5
    "",                                                     # 6
    "组      长：唐  军  区政府副区长",                      # 7
    "",                                                     # 8
    "第一副组长：邱树洪  区政府副区长，区公安局局长",          # 9
    "",                                                     # 10
    "                徐  勇  区政府副区长",                  # 11
    "副  组  长：万明全  区政府办公室副主任",                 # 12
    "成      员：张  涌  区委宣传部副部长，",                 # 13
    "",                                                     # 14
    "区融媒体中心主任",                                      # 15
    "胡晓中  区发展改革委主任",                               # 16
    "",                                                     # 17
    "领导小组办公室设在区消防救援支队，由区消防救援支队支队长张勇任办公室主任，相关单位分管负责人为成员。",  # 18
    "",                                                     # 19
    "附件2",                                                # 20
]


def test_roster_entries():
    entries = parse_roster("d", LINES)
    assert [(e.role, e.name, e.post, e.line_start, e.line_end) for e in entries] == [
        ("组长", "唐军", "区政府副区长", 7, 7),
        ("第一副组长", "邱树洪", "区政府副区长，区公安局局长", 9, 9),
        ("第一副组长", "徐勇", "区政府副区长", 11, 11),
        ("副组长", "万明全", "区政府办公室副主任", 12, 12),
        ("成员", "张涌", "区委宣传部副部长，区融媒体中心主任", 13, 15),
        ("成员", "胡晓中", "区发展改革委主任", 16, 16),
        ("办公室主任", "张勇", "区消防救援支队支队长", 18, 18),
    ]
    assert {e.group for e in entries} == {"某区高层建筑消防安全专项整治工作领导小组"}
    assert len({e.id for e in entries}) == len(entries)


def test_no_roster():
    assert parse_roster("d", ["一、总体要求", "组长负责统筹。"]) == []


def test_a_body_chaired_in_a_sentence():
    from assistant.corpus.roster import sentence_roster

    line = "年底前，各街道设立消防安全委员会，由行政主要领导担任主任，分管领导担任副主任，全面统筹协调基层消防工作。"
    assert [(e.group, e.role, e.name) for e in sentence_roster("d", line, 3)] == [
        ("消防安全委员会", "主任", "行政主要领导"), ("消防安全委员会", "副主任", "分管领导")]
    assert sentence_roster("d", "由区消防救援支队负责组织实施。", 1) == []  # no body set up, no chair


def test_a_roster_of_names_with_their_posts_in_brackets():
    lines = ["三、组织领导", "街道成立消防安全网格化管理工作领导小组，组成人员如下：", "组  长：张立群（街道办事处主任）",
             "副组长:李文涛（街道党工委副书记）、王海峰（街道办事处副主任）", "成  员：赵　明（城管中队中队长）、各社区居委会主任",
             "领导小组下设办公室，办公室设在平安办。"]
    entries = [(e.group, e.role, e.name, e.post) for e in parse_roster("d", lines)]
    group = "消防安全网格化管理工作领导小组"  # the body set up, not the heading and sentence above the roster
    assert entries == [(group, "组长", "张立群", "街道办事处主任"), (group, "副组长", "李文涛", "街道党工委副书记"),
                       (group, "副组长", "王海峰", "街道办事处副主任"), (group, "成员", "赵明", "城管中队中队长"),
                       (group, "成员", "各社区居委会主任", "")]


def test_the_post_first_in_the_sentences_after_a_body_is_set_up_and_a_working_group_s_line():
    from assistant.corpus.roster import sentence_roster

    line = "成立东坝区消防联合检查工作领导小组。组长由分管副区长担任，办公室主任由区应急管理局局长兼任。"
    assert [(e.group, e.role, e.name) for e in sentence_roster("d", line, 4)] == [
        ("东坝区消防联合检查工作领导小组", "组长", "分管副区长"),
        ("东坝区消防联合检查工作领导小组", "办公室主任", "区应急管理局局长")]
    group = "巡查检查组：组长由景区安全处处长担任，成员由景区执法大队有关人员组成；负责防火巡查。"
    assert [(e.group, e.role, e.name) for e in sentence_roster("d", group, 9)] == [("巡查检查组", "组长", "景区安全处处长")]


def test_a_task_force_roster_with_its_body_named_and_posts_holding_a_list():
    lines = [
        "三、专班组成",
        "专班组长：王某某（镇长）",
        "副组长：刘某某（镇党委委员、政法委员）、林某某（副镇长）",
        "专班办公室设在镇应急办。",
    ]
    assert [(e.role, e.name, e.post) for e in parse_roster("d", lines)] == [
        ("组长", "王某某", "镇长"), ("副组长", "刘某某", "镇党委委员、政法委员"), ("副组长", "林某某", "副镇长")]
