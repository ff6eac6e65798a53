"""Page layout left by a PDF converter: footers, running headers, lines wrapped at a fixed width."""

from assistant.corpus.document import parse_text
from assistant.corpus.layout import page_layout, wrap_width

# a page 20 CJK characters wide (40 columns), as a converter leaves it
WRAPPED = [
    "梅岗县高层建筑消防安全综合治理实施方案",
    "一、主要任务",
    "1.修复消防设施。由县住建局牵头，县消防救援",
    "大队、县应急管理局配合，督促物业服务企业对",
    "损坏的消火栓限期修复，2025年6月底前完成。",
    "- 2 -",
    "梅岗县人民政府办公室文件",
    "2.畅通维修资金渠道。县住建局会同县财政局简",
    "化专项维修资金审批程序，开辟“绿色通道”，长",
    "- 3 -",
    "梅岗县人民政府办公室文件",
    "期坚持。",
]


def test_a_converters_wrapped_lines_are_one_paragraph_again_and_keep_their_line_numbers():
    layout = page_layout(WRAPPED)
    assert layout.wrapped and len(layout.lines) == len(WRAPPED)
    assert layout.lines[2] == "1.修复消防设施。由县住建局牵头，县消防救援大队、县应急管理局配合，督促物业服务企业对" \
                              "损坏的消火栓限期修复，2025年6月底前完成。"
    assert layout.lines[3] == layout.lines[4] == ""
    # across a page break: the footer and the page's running header are no text
    assert layout.lines[7].endswith("开辟“绿色通道”，长期坚持。")
    assert layout.lines[6] == layout.lines[10] == layout.lines[5] == ""


def test_a_wrapped_name_is_one_unit_in_the_ledger():
    tasks = [t for t in parse_text("d", "\n".join(WRAPPED)).tasks if t.all_units]
    assert (tasks[0].lead_units, tasks[0].cooperating_units, tasks[0].deadline) == (
        ["县住建局"], ["县消防救援大队", "县应急管理局"], "2025年6月底前")
    assert tasks[1].deadline == "长期坚持"


def test_a_text_of_paragraphs_is_left_as_it_is():
    lines = ["一、主要任务", "1.区住建委负责老旧小区消防设施改造，2025年底前完成。",
             "2.区应急局牵头开展隐患排查整治，区公安分局、区市场监管局配合，持续推进，做到隐患动态清零。", "— 2 —", "三、保障措施"]
    assert wrap_width(lines) is None
    assert page_layout(lines).lines == [*lines[:3], "", lines[4]]  # only the footer goes


def test_a_table_cells_wrapped_lines_are_one_text():
    lines = [*WRAPPED, "附件", "序号", "\t工作任务", "\t责任单位", "", "1", "\t对损坏的消防设施督促", "限期修复",
             "\t县住建局（牵头）、县消防救", "援大队"]
    (row,) = parse_text("d", "\n".join(lines)).tables[0]
    assert row.cells["责任单位"] == "县住建局（牵头）、县消防救援大队"
    assert row.cells["工作任务"] == "对损坏的消防设施督促限期修复"


def test_an_article_copied_from_a_phone_loses_its_emoji_bold_and_pictures_and_its_broken_sentences_join():
    lines = ["🔥01 压实责任 织密防线", "[图片]", "对发现的飞线充电行为，", "", "**一律当场劝阻**，", "",
             "拒不整改的，由派出所依法处罚。", "", "👉责任单位：镇综治办"]
    layout = page_layout(lines)
    assert layout.lines[0] == "01 压实责任 织密防线"
    assert layout.lines[1] == ""
    assert layout.lines[2] == "对发现的飞线充电行为，一律当场劝阻，拒不整改的，由派出所依法处罚。"
    assert layout.lines[4] == layout.lines[6] == ""  # joined lines stay, empty: line numbers are the file's
    assert layout.lines[8] == "责任单位：镇综治办"


def test_a_scans_ocr_misreadings_are_put_right():
    lines = ["关于开展2O25年秋冬季消防安全专项整治的通知", "ー、整治重点", "  (ー)“九小”场所整治。1O月3l日前完成首轮排查，共l4起。",
             "丨1  建成村级微型消防站8个", "执行ISO9001、GB5OO16标准", "| 序号 | 任务 |", "| 1 | 检查 |"]
    fixed = page_layout(lines).lines
    assert fixed[0] == "关于开展2025年秋冬季消防安全专项整治的通知"
    assert fixed[1] == "一、整治重点" and fixed[2].startswith("  （一）")
    assert "10月31日前" in fixed[2] and "14起" in fixed[2]
    assert fixed[4] == "执行ISO9001、GB5OO16标准"  # letters beside letters or digits are a code's, not OCR's
    assert fixed[5] == "| 序号 | 任务 |"  # a pipe table's bars stay (and then no line loses its first bar)
    assert fixed[3] == "丨1  建成村级微型消防站8个"


def test_a_stray_border_bar_opens_no_line_of_a_scan_without_pipe_tables():
    assert page_layout(["丨石堰供电所：配合镇市场监管所开展检测；", "|出租房屋开展巡查"]).lines == [
        "石堰供电所：配合镇市场监管所开展检测；", "出租房屋开展巡查"]


def test_a_dotted_page_number_is_a_footer_and_a_wrapped_paragraph_goes_on_across_the_page_break():
    width = "秋冬季节天干物燥，用火用电用气明显增多，历来是火灾易发多发的季节"
    lines = ["石堰镇人民政府文件", "一、工作任务", *[width] * 4, width[:-5] + "电动“飞线充", "", "·1·", "", "石堰镇人民政府文件",
             "", "电”现象明显减少。", "", "·2·", "", "石堰镇人民政府文件", "", "二、保障措施"]
    out = page_layout(lines).lines
    assert out[2].endswith("电动“飞线充电”现象明显减少。") and out[3:7] == [""] * 4
    assert out[8] == out[10] == out[12] == out[14] == out[16] == ""  # the page numbers, the running header, the rest
    assert out[18] == "二、保障措施"


def test_a_table_typed_with_gaps_or_dot_leaders_is_read_in_columns():
    lines = ["任务内容　　　　　　　　责任单位　　　　　　完成时限", "",
             "一、隐患排查整治（县消防救援大队牵头）", "",
             "1．开展人员密集场所消防安全大检查……………县消防救援大队（牵头）、县市场监管局　　7月31日前",
             "2．开展商场市场夜查·····················配合：县公安局、县商务局　　8月31日前",
             "3．督促物业服务企业对消火栓、消防车通道和",
             "　　疏散楼梯开展全面自查………………配合：县城管局　　9月10日前",
             "4．组织物业服务企业开展消防安全培训　　　　　　　县住建局",
             "抄送：县委办。"]
    out = page_layout(lines).lines
    assert out[0] == "任务内容\t责任单位\t完成时限"
    assert out[2] == lines[2]  # a section heading between rows stays
    assert out[4] == "1．开展人员密集场所消防安全大检查\t县消防救援大队（牵头）、县市场监管局\t7月31日前"
    assert out[5] == "2．开展商场市场夜查\t配合：县公安局、县商务局\t8月31日前"
    assert out[6] == "3．督促物业服务企业对消火栓、消防车通道和疏散楼梯开展全面自查\t配合：县城管局\t9月10日前"
    assert out[7] == ""
    assert out[8] == "4．组织物业服务企业开展消防安全培训\t县住建局\t"  # the date it leaves out is empty, not merged
    assert out[9] == "抄送：县委办。"


def test_a_spaced_table_with_a_header_of_single_spaces_and_a_cell_wrapped_under_its_row():
    lines = ["集中整治阶段须完成的量化任务如下表：", "序号 任务 责任单位 完成时限",
             "1  为独居老人、残疾人家庭免费安装独立式烟  镇社会事务办  12月15日前", "   感报警器300户",
             "2  维修更换老化损坏的市政消火栓45个  镇规划建设办、石堰自来水厂  12月20日前"]
    out = page_layout(lines).lines
    assert out[1:] == ["序号\t任务\t责任单位\t完成时限", "1\t为独居老人、残疾人家庭免费安装独立式烟感报警器300户\t镇社会事务办\t12月15日前",
                       "", "2\t维修更换老化损坏的市政消火栓45个\t镇规划建设办、石堰自来水厂\t12月20日前"]
    (first, second) = parse_text("d", "\n".join(lines)).tables[0]
    assert first.cells["任务"].endswith("感报警器300户") and second.cells["责任单位"] == "镇规划建设办、石堰自来水厂"


def test_a_table_a_pdf_copy_left_a_cell_to_a_line_is_read_in_rows():
    lines = ["附件", "序号", "重点任务", "具体内容", "牵头单位", "配合单位", "完成时限", "一、火灾隐患排查整治",
             "1", "高层建筑消防安全治理", "开展高层住宅消防设施专项检查，督促物", "业服务企业落实维护保养责任", "区住建委",
             "区房管局、区消防救援支队、", "各街道办事处、镇人民政府", "2025年6月底前",
             "2", "推进老旧高层住宅消防设施改造，完成38", "栋高层住宅自动喷水灭火系统更新改造", "区住建委、区房", "管局",
             "区财政局", "12月31日前",
             "序号", "重点任务", "具体内容", "牵头单位", "配合单位", "完成时限",  # the header again after a page break
             "3", "医疗机构消防安全管理", "督促二级以上医疗机构开展消防安全自查自改，", "评估结果向社会", "公布", "区卫生健康委", "/",
             "每季度", "", "抄送：区委办公室。"]
    out = page_layout(lines).lines
    assert out[1] == "序号\t重点任务\t具体内容\t牵头单位\t配合单位\t完成时限" and out[2:7] == [""] * 5
    assert out[7] == "一、火灾隐患排查整治"  # a group heading stays: the table reader takes it for a section row
    assert out[8] == ("1\t高层建筑消防安全治理\t开展高层住宅消防设施专项检查，督促物业服务企业落实维护保养责任\t区住建委\t"
                      "区房管局、区消防救援支队、各街道办事处、镇人民政府\t2025年6月底前")
    # a merged 重点任务 left out; a name the column's width broke ("区房" / "管局")
    assert out[16] == "2\t\t推进老旧高层住宅消防设施改造，完成38栋高层住宅自动喷水灭火系统更新改造\t区住建委、区房管局\t区财政局\t12月31日前"
    assert out[23:29] == [""] * 6  # the repeated header
    # the content's last short line stays content; "/" is the empty 配合单位
    assert out[29] == "3\t医疗机构消防安全管理\t督促二级以上医疗机构开展消防安全自查自改，评估结果向社会公布\t区卫生健康委\t/\t每季度"
    assert out[-1] == "抄送：区委办公室。"
    rows = parse_text("d", "\n".join(lines)).tables[0]
    assert [r.cells["牵头单位"] for r in rows] == ["区住建委", "区住建委、区房管局", "区卫生健康委"]
    assert rows[1].cells["重点任务"] == "高层建筑消防安全治理"  # the merged cell, from the row above
