"""The five real documents: the expectations below were written by reading them (cat -n)."""

from __future__ import annotations

import pytest

from .conftest import DAFENG, KAIZHOU, LIANGPING, XINGHUA, YUBEI


def table_tasks(corpus, doc):
    return {t.clause: t for t in corpus.get(doc).tasks if t.source == "table"}


def body_tasks(corpus, doc):
    return {t.clause: t for t in corpus.get(doc).tasks if t.source == "body"}


# 渝北 附件: row → (牵头单位, 配合单位), as the table prints them.
YUBEI_ROWS = {
    1: (["区消防救援支队"], ["区消防安全委员会成员单位", "各镇街"]),
    3: (["区住房城乡建委"], []),
    7: (["区住房城乡建委"], ["区委编办", "区财政局"]),
    12: (["区应急局", "区消防救援支队"], ["区财政局"]),
    13: (["区消防救援支队"], ["区大数据局", "各镇街", "江北机场消防支队", "重庆气矿消防大队", "上海五菱专职消防队",
                            "长安工业专职消防队"]),
    15: (["创新经济走廊公司"], ["区消防救援支队"]),
    17: (["城市更新公司"], ["区发改委", "区财政局", "区规划自然资源局", "区住建委", "区城管局", "区消防救援支队"]),
    # "木耳、洛碛、…、石船镇" writes 镇 once for all ten towns
    19: (["区应急局", "区消防救援支队"], ["木耳镇", "洛碛镇", "古路镇", "大湾镇", "统景镇", "茨竹镇", "大盛镇", "兴隆镇",
                                       "玉峰山镇", "石船镇"]),
    21: (["玉峰山镇", "石船镇"], ["区消防救援支队", "区财政局"]),
    23: (["区消防救援支队", "临基建公司"], ["区规划自然资源局", "区住建委", "区城管局", "区财政局", "空港新城公司"]),
    26: (["区财政局"], ["区委组织部", "区人社局", "区消防救援支队"]),
    27: (["区委组织部", "区人社局", "区退役军人事务局"], ["区财政局", "区消防救援支队"]),
    28: (["区退役军人事务局", "区人社局"], ["区财政局", "区消防救援支队"]),
    29: (["区消防救援支队"], ["区医保局", "区退役军人事务局"]),
    33: (["区消安办"], ["区消防安全委员会成员单位", "各相关部门", "镇街"]),
}


def test_yubei_appendix_has_exactly_its_33_numbered_tasks(corpus):
    tasks = table_tasks(corpus, YUBEI)
    assert sorted(tasks) == sorted(f"附件 第{n}项" for n in range(1, 34))
    assert all(t.labels[0] == "牵头单位" for t in tasks.values())


@pytest.mark.parametrize("number", sorted(YUBEI_ROWS))
def test_yubei_row_units(corpus, number):
    task = table_tasks(corpus, YUBEI)[f"附件 第{number}项"]
    assert (task.lead_units, task.cooperating_units) == YUBEI_ROWS[number]
    assert task.responsible_units == []


def test_yubei_row_lines_and_section(corpus):
    tasks = table_tasks(corpus, YUBEI)
    assert (tasks["附件 第12项"].line_start, tasks["附件 第12项"].line_end) == (188, 193)
    assert (tasks["附件 第28项"].line_start, tasks["附件 第28项"].line_end) == (298, 302)
    assert tasks["附件 第12项"].group == "四、大力提升灭火应急救援能力"
    assert tasks["附件 第11项"].deadline == "到2021年底"


# 梁平 附件2: row → (group's 牵头单位, the row's own 责任单位)
LIANGPING_ROWS = {
    1: ("区消防救援支队", ["各乡镇（街道）"]),
    10: ("区住房城乡建委", ["各乡镇（街道）", "区住房城乡建委", "区城管局", "区消防救援支队"]),
    11: ("区住房城乡建委", ["各乡镇（街道）", "区住房城乡建委", "区城管局", "区公安局", "区消防救援支队"]),
    14: ("区城管局", ["区公安局", "区司法局", "区城管局", "区消防救援支队"]),
    20: ("区经济信息委", ["各乡镇（街道）", "区经济信息委"]),
    25: ("区商务委", ["各乡镇（街道）", "区商务委", "区应急局", "区市场监管局", "区住房城乡建委", "区交通局",
                   "区消防救援支队"]),
    28: ("区消防救援支队", ["各乡镇（街道）", "区消防救援支队"]),
    41: ("区消防救援支队", ["各乡镇（街道）", "区规划自然资源局", "区消防救援支队"]),
    44: ("市消防救援总队", ["各乡镇（街道）", "区消防救援支队"]),
    49: ("市消防救援总队", ["区政法委"]),
}


def test_liangping_table_has_49_rows_that_all_inherit_a_group_lead(corpus):
    tasks = table_tasks(corpus, LIANGPING)
    assert sorted(tasks) == sorted(f"附件2 第{n}项" for n in range(1, 50))
    rows = corpus.get(LIANGPING).tables[0]
    assert all("牵头单位" in r.inherited and r.cells["牵头单位"] for r in rows)


@pytest.mark.parametrize("number", sorted(LIANGPING_ROWS))
def test_liangping_row_units(corpus, number):
    task = table_tasks(corpus, LIANGPING)[f"附件2 第{number}项"]
    lead, responsible = LIANGPING_ROWS[number]
    assert task.lead_units == [lead] and task.responsible_units == responsible
    assert set(task.labels) == {"牵头单位", "责任单位"}


def test_liangping_merged_cells_and_short_task_names(corpus):
    rows = {r.number: r for r in corpus.get(LIANGPING).tables[0]}
    assert rows["3"].inherited == ["专项行动", "工作任务", "牵头单位"]
    assert rows["3"].cells["工作任务"] == "分类整治消防设施隐患"
    assert rows["18"].group == "深化打通“生命通道”集中清障行动（牵头单位：区城管局）"  # after a repeated header
    assert table_tasks(corpus, LIANGPING)["附件2 第1项"].title == "攻坚整治消防用水问题"


def test_kaizhou_body_clauses_carry_their_annotation(corpus):
    body = {k: t for k, t in body_tasks(corpus, KAIZHOU).items() if "责任单位" in t.labels}
    assert len(body) == 19
    assert body["二、（一）1."].responsible_units == ["乡镇（街道）"]
    assert body["二、（一）3."].responsible_units == ["区消防救援支队", "区财政局", "乡镇（街道）"]
    assert body["二、（二）7."].responsible_units[-1] == "温泉镇人民政府"  # （责任单位：…） in round brackets
    assert body["二、（四）19."].responsible_units == ["区大数据发展局", "区消防救援支队", "乡镇（街道）"]


def test_kaizhou_table_has_43_rows_with_deadlines(corpus):
    tasks = table_tasks(corpus, KAIZHOU)
    assert sorted(tasks) == sorted(f"任务分解表 第{n}项" for n in range(1, 44))
    deadlines = {n: tasks[f"任务分解表 第{n}项"].deadline for n in (1, 2, 5, 6, 7, 8, 43)}
    assert deadlines == {1: "2023年12月31日", 2: "2023年9月30日", 5: "2025年12月31日", 6: "持续推进",
                         7: "2024年12月31日", 8: "2025年12月31日", 43: "持续推进"}
    assert tasks["任务分解表 第24项"].responsible_units == ["除临江镇的39个乡镇（街道）"]
    assert tasks["任务分解表 第43项"].group == "（十九）推进基层消防智慧治理能力建设"


def test_kaizhou_body_and_table_conflicts(corpus):
    body = body_tasks(corpus, KAIZHOU)["二、（四）19."]
    rows = table_tasks(corpus, KAIZHOU)
    row41, row42, row43 = (rows[f"任务分解表 第{n}项"] for n in (41, 42, 43))
    assert set(body.conflicts) == {row42.id, row43.id}
    assert row43.conflicts == [body.id] and row41.conflicts == []
    assert body_tasks(corpus, KAIZHOU)["二、（一）1."].conflicts == []


def test_dafeng_boxes_station_table_and_responsibility_bullet(corpus):
    document = corpus.get(DAFENG)
    boxes = [n.path for n in document.all_clauses() if n.kind == "box"]
    assert boxes == [f"重点工程专栏{n:02d}" for n in range(1, 8)] + ["专栏08"] + [f"重点工程专栏{n:02d}" for n in range(9, 12)]
    (stations,) = document.tables
    third = stations[2]
    assert (len(stations), third.path, third.cells["规划消防站点名称"], third.cells["完成时限"]) == (
        20, "重点工程专栏05 第3项", "新丰镇政府专职消防站", "2021年")
    assert not [t for t in document.tasks if t.source == "table"]
    hydrants = body_tasks(corpus, DAFENG)["重点工程专栏06"]  # "●责任单位和部门：" speaks for its box
    assert hydrants.lead_units == ["区消防救援大队"]  # 统筹负责
    assert hydrants.cooperating_units == ["区水利局", "区自然资源和规划局"]  # 协助配合, 配合做好
    assert hydrants.responsible_units[:2] == ["区住建局", "交通运输局"]


def test_xinghua_sentence_level_units(corpus):
    body = [t for t in corpus.get(XINGHUA).tasks if t.source == "body"]
    parts = {t.part: t for t in body if t.clause == "二、（五）18."}
    assert parts[0].responsible_units[:4] == ["教育部门", "民政部门", "住建部门", "商务部门"]
    six = [t for t in body if t.clause == "二、（一）6."]  # one task per sentence with its own subject
    assert {"消防救援部门", "公安派出所", "住建部门"} <= {u for t in six for u in t.responsible_units}
    assert [t.cooperating_units for t in six if t.cooperating_units] == [["公安交管部门"]]
    assert all(t.labels and set(t.labels) <= {"负责", "配合", "牵头"} for t in body)
    assert not [t for t in body if t.clause.startswith("一、")]  # 整治目标 states aims, not assignments


def test_clause_trees(corpus):
    yubei = corpus.get(YUBEI)
    assert [n.path for n in yubei.clauses] == ["（文首）", "一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、",
                                               "九、", "十、", "附件"]
    items = [n for n in yubei.all_clauses() if n.kind == "item"]
    assert [n.label for n in items] == [f"{k}." for k in range(1, 27)]
    assert [n.path for n in yubei.all_clauses() if n.kind == "subitem"] == [f"八、23.（{k}）" for k in range(1, 5)]
    liangping = corpus.get(LIANGPING)
    assert [n.title for n in liangping.clauses if n.kind == "annex"] == [
        "梁平区高层建筑消防安全突出问题专项整治工作领导小组成员名单", "梁平区高层建筑消防安全综合治理重点任务分解表"]
    assert len([n for n in liangping.all_clauses() if n.kind == "subitem"]) == 19 + 12
    kaizhou_items = [n.path for n in corpus.get(KAIZHOU).all_clauses() if n.kind == "item"]
    assert len(kaizhou_items) == 19 and kaizhou_items[-1] == "二、（四）19."
    # table lines are not clause text
    assert all(n.subtree_end < 106 for n in yubei.clauses[:-1]) and yubei.clauses[-1].subtree_end == 104


def test_liangping_roster(corpus):
    roster = corpus.get(LIANGPING).roster
    assert len(roster) == 28
    assert (roster[0].role, roster[0].name, roster[0].post) == ("组长", "唐军", "区政府副区长")
    assert [e.role for e in roster].count("成员") == 19
    assert (roster[-1].role, roster[-1].name, roster[-1].line_start) == ("办公室主任", "张勇", 193)
    assert roster[0].group == "梁平区高层建筑消防安全突出问题专项整治工作领导小组"


def test_every_task_id_is_unique_and_spans_are_real_lines(corpus):
    for document in corpus:
        ids = [t.id for t in document.tasks]
        assert len(ids) == len(set(ids))
        for task in document.tasks:
            assert 1 <= task.line_start <= task.line_end <= len(document.lines)
            assert task.all_units
