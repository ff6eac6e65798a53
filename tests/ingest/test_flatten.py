import io

import docx

from assistant.ingest.flatten import MERGED, GridCell, content_column, flatten_rows
from assistant.ingest.pdf import pdf_to_text
from assistant.ingest.word import docx_to_text

# 梁平-style: 专项行动 (grouping, merged down) | 工作内容 | 责任单位 (merged down)
HEADER = ["专项行动", "工作内容", "责任单位"]
ROWS = [
    ["消防车通道整治行动（牵头单位：区城管局）", "1.划设消防车通道标线。", "各乡镇（街道）"],
    [MERGED, "2.清理占用通道的杂物。", MERGED],
    ["宣传提升行动（牵头单位：区委宣传部）", "3.开展消防宣传进社区。", "区融媒体中心"],
]
FLAT = ("\n\t专项行动\n\t工作内容\n\t责任单位\n\n"
        "\t消防车通道整治行动（牵头单位：区城管局）\n\t1.划设消防车通道标线。\n\t各乡镇（街道）\n\n"
        "\t\n\t2.清理占用通道的杂物。\n\t各乡镇（街道）\n\n"
        "\t宣传提升行动（牵头单位：区委宣传部）\n\t3.开展消防宣传进社区。\n\t区融媒体中心\n")


def _grid(rows):
    return [[GridCell(j, MERGED if value is MERGED else [value]) for j, value in enumerate(row)] for row in rows]


def test_merged_cell_is_empty_left_of_content_and_repeated_right_of_it():
    assert "\n".join(flatten_rows(_grid([HEADER, *ROWS]))) == FLAT


def test_content_column_from_header_or_from_text_length():
    assert content_column(_grid([HEADER, *ROWS])) == 1
    headerless = _grid([["1", "很长的一段任务内容，说明要做的事情。", "区应急局"], ["2", "另一段较长的任务内容。", "区财政局"]])
    assert content_column(headerless) == 1


def test_multi_line_cell_and_empty_row():
    rows = [[GridCell(0, ["1"]), GridCell(1, ["区应急局", "区消防救援支队"])], [GridCell(0, []), GridCell(1, [])]]
    assert flatten_rows(rows) == ["", "\t1", "\t区应急局", "区消防救援支队", ""]


def _merge_down(table, column: int, top: int, bottom: int, text: str) -> None:
    cell = table.cell(top, column).merge(table.cell(bottom, column))
    cell.text = text


def test_word_grouping_column_merge():
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for i, row in enumerate([HEADER, *ROWS]):
        for j, value in enumerate(row):
            if value is not MERGED:
                table.cell(i, j).text = value
    _merge_down(table, 0, 1, 2, ROWS[0][0])
    _merge_down(table, 2, 1, 2, ROWS[0][2])
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_to_text(buffer.getvalue(), "a.docx") == FLAT.lstrip("\n")


def test_pdf_grouping_column_merge():
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    data = [[Paragraph(v, style) if v is not MERGED else "" for v in row] for row in [HEADER, *ROWS]]
    table = Table(data, colWidths=[150, 200, 100])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("SPAN", (0, 1), (0, 2)), ("SPAN", (2, 1), (2, 2)), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([table])
    # The 150pt column wraps the group header; the wrap is joined again.
    assert pdf_to_text(buffer.getvalue(), "a.pdf") == FLAT.lstrip("\n")
