"""Build real .docx and .pdf files for the ingest tests (python-docx, reportlab).

The documents are a made-up genre document ("某某区电动自行车消防安全整治工作方案"),
written so that their strings appear nowhere in the real corpus.
"""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

TITLE = "青溪区电动自行车消防安全整治工作方案"
HEADER = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
# (序号, 工作任务, 牵头单位 or None = vertically merged with the row above, 配合单位 lines, 完成时限)
ROWS = [
    ("1", "开展住宅小区电动自行车停放充电隐患排查，清理楼道违规停放车辆。", "区住房城乡建委", ["区应急局", "区消防救援大队"], "2024年6月底前"),
    ("2", "推进集中充电设施建设，新增智能充电端口三千个。", None, ["各街道"], "2024年12月底前"),
    ("3", "查处销售不合格电动自行车及蓄电池的违法行为。", "区市场监管局", ["区公安分局"], "持续推进"),
]


def _numbering_xml() -> str:
    """One abstract list: 一、 / （一） / 1. as Word writes chineseCounting and decimal levels."""
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvls}</w:abstractNum>',
            f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')


def _auto_numbered(document, text: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))


def _install_numbering(document) -> None:
    numbering = document.part.numbering_part.element
    abstract, num = _numbering_xml()
    # abstractNum elements must precede num elements in numbering.xml.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(parse_xml(abstract))
    else:
        numbering.append(parse_xml(abstract))
    numbering.append(parse_xml(num))


def _task_table(document) -> None:
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for j, head in enumerate(HEADER):
        table.rows[0].cells[j].text = head
    for i, (number, task, lead, coop, deadline) in enumerate(ROWS, start=1):
        cells = table.rows[i].cells
        cells[0].text, cells[1].text, cells[4].text = number, task, deadline
        if lead is not None:
            cells[2].text = lead
        cells[3].text = coop[0]
        for unit in coop[1:]:
            cells[3].add_paragraph(unit)
    # Vertical merge of 牵头单位 over rows whose lead is None, done with w:vMerge as Word does.
    for i, row in enumerate(ROWS, start=1):
        if row[2] is None:
            top = table.cell(i - 1, 2)
            top.merge(table.cell(i, 2))
            top.text = ROWS[i - 2][2]


def make_docx(auto_numbering: bool = False) -> bytes:
    """The genre document as .docx, numbering typed as text or as Word list numbering."""
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("青溪府办发〔2024〕9号")
    document.add_paragraph("为加强电动自行车消防安全管理，结合本区实际，制定本方案。")
    headings = [
        (0, "一、", "总体要求"),
        (1, "（一）", "工作目标。到2024年底，电动自行车火灾事故明显减少。"),
        (0, "二、", "重点任务"),
        (1, "（一）", "整治停放充电隐患。"),
        (2, "1.", "开展入户排查。每个小区建立隐患清单，发现一处整改一处。〔责任单位：各街道、区消防救援大队〕"),
        (2, "2.", "规范充电设施。新建住宅小区同步配建集中充电场所。"),
    ]
    if auto_numbering:
        _install_numbering(document)
    for level, label, text in headings:
        if auto_numbering:
            _auto_numbered(document, text, level)
        else:
            document.add_paragraph(label + text)
    document.add_paragraph("附件：青溪区电动自行车消防安全整治任务分解表")
    document.add_paragraph("附件")
    document.add_paragraph("青溪区电动自行车消防安全整治任务分解表")
    _task_table(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(with_text: bool = True) -> bytes:
    """The genre document as a text PDF (CJK font STSong-Light), or an image-only "scan"."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    buffer = io.BytesIO()
    if not with_text:
        from reportlab.pdfgen import canvas

        page = canvas.Canvas(buffer, pagesize=A4)
        # A drawn grey rectangle stands in for a scanned page image: marks, no text layer.
        page.setFillColorRGB(0.6, 0.6, 0.6)
        page.rect(72, 400, 400, 300, fill=1)
        page.showPage()
        page.save()
        return buffer.getvalue()
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=18, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    story = [Paragraph(TITLE, body), Paragraph("青溪府办发〔2024〕9号", body),
             Paragraph("为加强电动自行车消防安全管理，有效预防和减少电动自行车火灾事故，保障人民群众生命财产安全，"
                       "结合本区实际，制定本方案。", body),
             Paragraph("一、总体要求", body), Paragraph("（一）工作目标。到2024年底，电动自行车火灾事故明显减少。", body),
             Paragraph("二、重点任务", body), Paragraph("（一）整治停放充电隐患。", body),
             Paragraph("1.开展入户排查。每个小区建立隐患清单，发现一处整改一处。〔责任单位：各街道、区消防救援大队〕", body),
             Paragraph("附件", body), Paragraph("青溪区电动自行车消防安全整治任务分解表", body), Spacer(1, 8)]
    data = [HEADER]
    spans = []
    for i, (number, task, lead, coop, deadline) in enumerate(ROWS, start=1):
        data.append([number, Paragraph(task, cell), Paragraph(lead or "", cell),
                     Paragraph("<br/>".join(coop), cell), Paragraph(deadline, cell)])
        if lead is None:
            spans.append(("SPAN", (2, i - 1), (2, i)))
    table = Table(data, colWidths=[36, 220, 80, 80, 70])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), *spans]))
    story.append(table)
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()
