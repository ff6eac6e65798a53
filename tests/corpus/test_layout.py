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
