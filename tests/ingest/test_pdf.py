import io

import pytest

from assistant.errors import IngestError
from assistant.ingest.pdf import pdf_to_text

from .builders import make_pdf

TABLE = """\t序号
\t工作任务
\t牵头单位
\t配合单位
\t完成时限

\t1
\t开展住宅小区电动自行车停放充电隐患排查，清理楼道违规停放车辆。
\t区住房城乡建委
\t区应急局
区消防救援大队
\t2024年6月底前

\t2
\t推进集中充电设施建设，新增智能充电端口三千个。
\t区住房城乡建委
\t各街道
\t2024年12月底前

\t3
\t查处销售不合格电动自行车及蓄电池的违法行为。
\t区市场监管局
\t区公安分局
\t持续推进
"""


def _canvas_pdf(pages: list[list[str]]) -> bytes:
    """A PDF drawn line by line (y from the top), CJK font, with "- n -" page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for number, lines in enumerate(pages, start=1):
        page.setFont("STSong-Light", 12)
        for i, line in enumerate(lines):
            page.drawString(72, A4[1] - 72 - 18 * i, line)
        page.drawCentredString(A4[0] / 2, 40, f"- {number} -")
        page.showPage()
    page.save()
    return buffer.getvalue()


def test_text_pdf_body_and_table():
    text = pdf_to_text(make_pdf(), "青溪区方案.pdf")
    body, table = text.split("\n\n", 1)
    assert body.splitlines() == [
        "青溪区电动自行车消防安全整治工作方案",
        "青溪府办发〔2024〕9号",
        # wrapped over two lines in the PDF, one paragraph again here
        "为加强电动自行车消防安全管理，有效预防和减少电动自行车火灾事故，保障人民群众生命财产安全，结合本区实际，制定本方案。",
        "一、总体要求",
        "（一）工作目标。到2024年底，电动自行车火灾事故明显减少。",
        "二、重点任务",
        "（一）整治停放充电隐患。",
        "1.开展入户排查。每个小区建立隐患清单，发现一处整改一处。〔责任单位：各街道、区消防救援大队〕",
        "附件",
        "青溪区电动自行车消防安全整治任务分解表",
    ]
    assert table == TABLE


def test_page_numbers_dropped_and_pages_kept_in_order():
    data = _canvas_pdf([["一、总体要求", "第一页的正文。"], ["二、主要任务", "第二页的正文。"]])
    assert pdf_to_text(data, "a.pdf") == "一、总体要求\n第一页的正文。\n二、主要任务\n第二页的正文。\n"


def test_short_lines_are_not_joined():
    data = _canvas_pdf([["一、总体要求", "（一）工作目标", "1.短句。", "2.另一句。"]])
    assert pdf_to_text(data, "a.pdf").splitlines() == ["一、总体要求", "（一）工作目标", "1.短句。", "2.另一句。"]


def test_scanned_pdf_is_refused():
    with pytest.raises(IngestError, match=r"扫描版PDF（没有文字层），暂不支持OCR，请提供文字版PDF或Word文件"):
        pdf_to_text(make_pdf(with_text=False), "扫描件.pdf")


def test_broken_pdf_is_refused():
    with pytest.raises(IngestError, match="坏.pdf"):
        pdf_to_text(b"%PDF-1.4\n" + b"\x00garbage" * 50, "坏.pdf")


def test_encrypted_pdf_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf())).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(IngestError, match="加密"):
        pdf_to_text(buffer.getvalue(), "加密.pdf")
