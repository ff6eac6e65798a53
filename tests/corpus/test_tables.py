"""Flattened tables: rows, cells, merged cells, groups, sections, repeated headers."""

from __future__ import annotations

from assistant.corpus.tables import find_tables, parse_tables, table_lines, unit_cells


def rows_of(lines):
    (table,) = find_tables("d", lines)
    return table, table.rows


def test_cells_by_header_with_multi_line_cells_and_section_rows():
    lines = [
        "附件",                    # 1
        "",                        # 2
        "某区重点任务分解表",       # 3
        "",                        # 4
        "\t序号", "\t主要内容", "\t牵头单位", "\t配合单位", "\t备注",  # 5-9
        "",                        # 10
        "\t一、总体要求",           # 11
        "",                        # 12
        "\t1", "\t提升设计能力。建立体系。", "\t区应急局", "区消防救援支队", "\t区财政局", "\t",  # 13-18
        "",                        # 19
        "\t2", "\t伤亡抚恤。", "\t区退役军人事务局区人社局", "\t", "\t",  # 20-24
    ]
    table, rows = rows_of(lines)
    assert (table.title, table.label, table.line_start, table.line_end) == ("某区重点任务分解表", "附件", 3, 24)
    assert table.headers == ["序号", "主要内容", "牵头单位", "配合单位", "备注"]
    first, second = rows
    assert first.cells == {"序号": "1", "主要内容": "提升设计能力。建立体系。", "牵头单位": "区应急局\n区消防救援支队",
                           "配合单位": "区财政局", "备注": ""}
    assert (first.number, first.path, first.section, first.group) == ("1", "附件 第1项", "一、总体要求", "")
    assert (first.line_start, first.line_end) == (13, 18)
    assert second.cells["牵头单位"] == "区退役军人事务局区人社局"
    assert second.path == "附件 第2项" and second.inherited == []
    assert unit_cells(first) == ["区应急局\n区消防救援支队", "区财政局"]
    assert table_lines([table]) == set(range(3, 25))


def test_group_header_with_pdf_spaces_gives_lead_and_merged_cells_inherit():
    lines = [
        "附件2",
        "\t专项行动", "\t工作任务", "\t工   作   内   容", "\t责任单位",
        "",
        "\t建筑消防设 施整治攻坚 行动（牵头 单位：区消 防救援支队）", "\t攻坚整治 消防用水 问题", "\t1.组织一轮大排查。", "\t各乡镇（街道）",
        "",
        "\t", "\t", "\t2.滚动排查隐患。", "\t区住房城乡建委",
        "",
        "",
        "\t专项行动", "\t工作任务", "\t工 作 内 容", "\t责任单位",
        "",
        "\t", "\t强化资金保障", "\t3.明确维修资金流程。", "\t各乡镇（街道）",
        "",
        "\t灭火应急能力提升行动", "（牵头单位：市消防救援总队）", "\t建设小型消防站", "\t4.布点建设。", "\t区规划自然资源局",
    ]
    table, rows = rows_of(lines)
    assert table.headers == ["专项行动", "工作任务", "工作内容", "责任单位"]
    assert [r.number for r in rows] == ["1", "2", "3", "4"]  # the repeated header made no row
    assert [r.path for r in rows] == ["附件2 第1项", "附件2 第2项", "附件2 第3项", "附件2 第4项"]
    assert rows[0].group == "建筑消防设施整治攻坚行动（牵头单位：区消防救援支队）"
    assert rows[0].cells["牵头单位"] == "区消防救援支队" and rows[0].inherited == ["牵头单位"]
    assert rows[1].cells["专项行动"] == rows[0].cells["专项行动"]
    assert rows[1].cells["工作任务"] == "攻坚整治 消防用水 问题"
    assert rows[1].inherited == ["专项行动", "工作任务", "牵头单位"]
    assert rows[2].group == rows[0].group and rows[2].inherited == ["专项行动", "牵头单位"]
    assert rows[2].cells["工作任务"] == "强化资金保障"
    assert rows[3].group == "灭火应急能力提升行动（牵头单位：市消防救援总队）"
    assert rows[3].cells["牵头单位"] == "市消防救援总队"
    assert rows[3].cells["责任单位"] == "区规划自然资源局"


def test_unnamed_group_column_and_short_last_row():
    lines = [
        " 加强基层消防治理任务分解表",
        "",
        "\t主要任务", "\t责任单位", "\t完成时限", "\t完成情况", "\t备注",
        "",
        "\t一、加强基层力量",
        "",
        "\t（一）建强工作机构", "\t1．成立委员会。", "\t乡镇（街道）", "\t2023年12月31日", "\t", "\t",
        "",
        "\t", "\t2．组建工作站。", "\t乡镇（街道）", "\t2023年9月30日", "\t", "\t",
        "",
        "\t（二）做实社区机构", "\t32.．明确管理员。", "\t乡镇（街道），区消防救援支队", "\t持续推进",
    ]
    table, rows = rows_of(lines)
    assert (table.title, table.label, table.line_start) == ("加强基层消防治理任务分解表", "任务分解表", 1)
    assert [(r.number, r.group, r.section) for r in rows] == [
        ("1", "（一）建强工作机构", "一、加强基层力量"),
        ("2", "（一）建强工作机构", "一、加强基层力量"),
        ("32", "（二）做实社区机构", "一、加强基层力量"),
    ]
    assert rows[1].cells["主要任务"] == "2．组建工作站。" and rows[1].cells["完成时限"] == "2023年9月30日"
    assert rows[2].cells["责任单位"] == "乡镇（街道），区消防救援支队" and rows[2].cells["完成时限"] == "持续推进"
    assert rows[2].path == "任务分解表 第32项"


def test_box_table_with_header_continued_after_a_blank_line():
    lines = [
        "7.稳步推进消防站点建设",
        "\t重点工程专栏05：消防队站建设",
        "",
        "\t序号", "\t规划消防站点", "名称", "\t等级", "\t完成时限", "\t远景控制",
        "",
        "（2035年）",
        "",
        "\t01", "\t幸福路消防站", "\t一级普通站", "\t——", "\t——",
        "",
        "",
        "注：规划基础数据截止到2020年底。",
        "8.配套完善消防基础设施",
    ]
    table, rows = rows_of(lines)
    assert table.headers == ["序号", "规划消防站点名称", "等级", "完成时限", "远景控制（2035年）"]
    assert (table.title, table.label, table.line_start, table.line_end) == (
        "重点工程专栏05：消防队站建设", "重点工程专栏05", 4, 17)
    assert [(r.number, r.path, r.cells["规划消防站点名称"]) for r in rows] == [("1", "重点工程专栏05 第1项", "幸福路消防站")]


def test_text_without_a_header_row_is_no_table():
    lines = ["\t重点工程专栏08：任务清单", "\t市级科普教育基地", "\t●完善提升基地。", "", "\t序号", "\t说明"]
    assert parse_tables("d", lines) == []


def test_tables_with_the_same_label_get_distinct_paths():
    header = ["\t序号", "\t主要内容", "\t牵头单位"]
    lines = ["甲区任务分解表", "", *header, "", "\t1", "\t甲任务。", "\t区财政局", "",
             "乙区任务分解表", "", *header, "", "\t1", "\t乙任务。", "\t区教委"]
    first, second = find_tables("d", lines)
    assert (first.title, second.title) == ("甲区任务分解表", "乙区任务分解表")
    assert (first.label, second.label) == ("任务分解表", "任务分解表 表2")
    assert (first.rows[0].path, second.rows[0].path) == ("任务分解表 第1项", "任务分解表 表2 第1项")
    assert first.rows[0].id != second.rows[0].id
    assert (first.line_end, second.line_start) == (9, 11)


def test_a_merged_lead_or_deadline_leaves_a_gap_of_its_own_in_the_rows_below():
    lines = [
        "序号", "\t重点任务", "\t牵头单位", "\t责任单位", "\t完成时限",  # 1-5
        "",
        "3", "\t场所拉网式排查整治", "\t县消防救援大队", "\t各乡镇人民政府", "\t2026年2月底前",  # 7-11
        "",
        "4", "\t火灾警示信息发布和宣传进村入户", "\t县委宣传部、县融媒体中心", "\t长期坚持",  # 13-16: 牵头 merged
        "",
        "5", "\t冬季供电线路安全巡查", "\t县供电公司", "\t各乡镇人民政府",  # 18-21: 完成时限 merged
    ]
    _table, (_first, second, third) = rows_of(lines)
    assert second.cells == {"序号": "4", "重点任务": "火灾警示信息发布和宣传进村入户", "牵头单位": "县消防救援大队",
                            "责任单位": "县委宣传部、县融媒体中心", "完成时限": "长期坚持"}
    assert second.inherited == ["牵头单位"]
    assert (third.cells["牵头单位"], third.cells["责任单位"], third.cells["完成时限"]) == (
        "县供电公司", "各乡镇人民政府", "长期坚持")



def test_cells_merged_from_the_row_above_are_listed_in_the_header_s_order():
    lines = ["序号", "\t重点任务", "\t牵头单位", "\t责任单位", "\t完成时限", "",
             "3", "\t场所拉网式排查整治", "\t县消防救援大队", "\t各乡镇人民政府", "\t2026年2月底前", "",
             "4", "\t火灾警示信息发布", "\t县委宣传部"]  # 责任单位 and 完成时限 merged with the row above
    _table, (_first, second) = rows_of(lines)
    assert second.inherited == ["责任单位", "完成时限"]  # the same on every run, whatever the hash seed

def test_a_title_right_above_an_untabbed_header_and_a_numbered_sentence_after_the_table():
    lines = [
        "某开发区消防工作考核内容及分值表",  # 1: the title, with no blank line under it
        "序号", "\t考核项目", "\t考核内容", "\t分值", "\t考核责任部门",  # 2-6
        "",
        "1", "\t组织领导", "\t将消防工作纳入本单位年度工作计划", "\t10分", "\t开发区安委办",  # 8-12
        "",
        "4.属地街道（镇）负责督促辖区隐患单位落实整改主体责任，组织网格员开展日常巡查。",  # 14: the text goes on
    ]
    table, (row,) = rows_of(lines)
    assert (table.title, table.headers[0], table.line_end) == ("某开发区消防工作考核内容及分值表", "序号", 12)
    assert row.cells["考核责任部门"] == "开发区安委办"



def test_a_header_named_by_its_labels_only_when_its_rows_are_written_the_same_way():
    named = ["环节", "\t工作内容", "\t责任主体", "\t办理时限", "", "1.社区核实", "\t到场核实", "\t社区居委会", "\t24小时内"]
    table, (row,) = rows_of(named)
    assert table.headers[0] == "环节" and row.cells["责任主体"] == "社区居委会"
    tabbed = ["分工表", "\t工作内容", "\t责任单位", "\t完成时限", "", "\t到场核实", "\t社区居委会", "\t24小时内"]
    table, (row,) = rows_of(tabbed)  # a short title above a header written with tabs is no header cell
    assert table.headers[0] == "工作内容" and row.cells["责任单位"] == "社区居委会"


def test_a_column_of_leaders_merged_over_rows_and_a_standing_slot_under_the_deadline():
    lines = [
        "序号", "\t工作任务", "\t牵头市领导", "\t牵头单位", "\t责任单位", "\t完成时限",  # 1-6
        "",
        "1", "\t召开市消防安全委员会全体会议。", "\t陈某某常务副市长", "\t消防救援支队", "\t各县（市、区）政府", "\t3月底前",
        "",
        "2", "\t将消防事业经费纳入同级财政预算。", "\t财政局", "\t人社局、消防救援支队", "\t全年",  # 牵头市领导 merged
    ]
    _table, (_first, second) = rows_of(lines)
    assert (second.cells["牵头市领导"], second.cells["牵头单位"], second.cells["责任单位"], second.cells["完成时限"]) == (
        "陈某某常务副市长", "财政局", "人社局、消防救援支队", "全年")


def test_pipes_without_outer_bars_with_cells_broken_onto_lines_merged_owners_and_rows_copied_with_spaces():
    lines = [
        "序号 | 整治任务 | 责任单位 | 完成时限 | 进展情况",                # 1
        "1 | 高层住宅消防设施检测 | 镇规划建设办 | 2025年6月30日 | 已完成",  # 2
        "2 | 老旧小区标线施划 |  | 2025年6月30日 | 已完成",               # 3: the owner's cell is merged
        "3 | 市政消火栓维修 | 镇水利站、 | 2025年8月31日 | 修复13个",      # 4
        " |  | 岑口自来水厂 |  | 资金未到位 |",                          # 5: each cell's next line
        "4 | 消防宣传进社区 | 区委宣传部、区教育局、",                      # 6: the row broke inside a cell
        "区文化和旅游局 | 不变 | 推进中",                                  # 7
        "",                                                              # 8: a page break
        "序号  整治任务  责任单位  完成时限  进展情况",                     # 9: the header again, in spaces
        "5  集贸市场整治  岑口市场监管所  2025年5月31日  已完成",            # 10: a row copied without its pipes
    ]
    table, rows = rows_of(lines)
    assert table.headers == ["序号", "整治任务", "责任单位", "完成时限", "进展情况"]
    assert [r.number for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[1].cells["责任单位"] == "镇规划建设办" and "责任单位" in rows[1].inherited
    assert rows[2].cells["责任单位"] == "镇水利站、\n岑口自来水厂" and rows[2].cells["进展情况"] == "修复13个\n资金未到位"
    assert rows[3].cells["责任单位"] == "区委宣传部、区教育局、区文化和旅游局" and rows[3].cells["完成时限"] == "不变"
    assert rows[4].cells == {"序号": "5", "整治任务": "集贸市场整治", "责任单位": "岑口市场监管所",
                             "完成时限": "2025年5月31日", "进展情况": "已完成"}


def test_a_caption_names_its_table_by_its_number_or_by_its_end_without_a_bracket():
    numbered = ["表1　岑口镇整治任务进展情况表（截至2025年7月15日）", "序号 | 整治任务 | 责任单位", "1 | 消火栓维修 | 镇水利站"]
    assert rows_of(numbered)[1][0].path == "表1 第1项"
    plain = ["文物建筑消防安全考核评分细则表（试行）", "序号 | 考核内容 | 责任单位", "1 | 消防设施 | 区文旅局"]
    assert rows_of(plain)[1][0].path == "全考核评分细则表 第1项"  # its last eight characters, as before


def test_a_schedule_of_months_gives_each_row_the_end_of_its_last_marked_month():
    lines = [
        "某县2025年冬春火灾防控实施方案",
        "工作任务\t责任单位\t9月\t10月\t11月\t12月\t1月",
        "老旧小区电动自行车排查\t县住建局\t●\t●\t●\t\t",
        "新增智能充电端口\t〃\t\t●\t●\t●\t",
        "重大火灾隐患挂牌督办\t县消防救援大队\t\t\t●\t●\t●",
    ]
    rows = parse_tables("d", lines)[0]
    assert [(r.cells["责任单位"], r.cells["完成时限"]) for r in rows] == [
        ("县住建局", "11月底前"), ("县住建局", "12月底前"),  # "〃": the cell above
        ("县消防救援大队", "2026年1月底前"),  # a month before the first column's is of the next year
    ]
