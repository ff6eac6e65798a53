import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from assistant.errors import IngestError
from assistant.ingest.word import docx_to_text

from .builders import make_docx

EXPECTED = """青溪区电动自行车消防安全整治工作方案
青溪府办发〔2024〕9号
为加强电动自行车消防安全管理，结合本区实际，制定本方案。
一、总体要求
（一）工作目标。到2024年底，电动自行车火灾事故明显减少。
二、重点任务
（一）整治停放充电隐患。
1.开展入户排查。每个小区建立隐患清单，发现一处整改一处。〔责任单位：各街道、区消防救援大队〕
2.规范充电设施。新建住宅小区同步配建集中充电场所。
附件：青溪区电动自行车消防安全整治任务分解表
附件
青溪区电动自行车消防安全整治任务分解表

\t序号
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


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_typed_numbering_and_table_in_the_flattened_convention():
    assert docx_to_text(make_docx(auto_numbering=False), "a.docx") == EXPECTED


def test_automatic_numbering_is_rendered_into_the_text():
    assert docx_to_text(make_docx(auto_numbering=True), "a.docx") == EXPECTED


def test_horizontal_span_is_one_cell_and_vertical_merge_an_empty_cell():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for j, head in enumerate(["序号", "主要内容", "牵头单位"]):
        table.cell(0, j).text = head
    section = table.cell(1, 0).merge(table.cell(1, 2))
    section.text = "一、加强组织领导"
    table.cell(2, 0).text = "1"
    table.cell(2, 1).text = "成立工作专班。"
    table.cell(2, 2).text = "区应急局"
    text = docx_to_text(_bytes(document), "a.docx")
    assert text == "\t序号\n\t主要内容\n\t牵头单位\n\n\t一、加强组织领导\n\n\t1\n\t成立工作专班。\n\t区应急局\n"


def test_table_stays_between_the_paragraphs_around_it():
    document = docx.Document()
    document.add_paragraph("一、前言")
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "甲"
    document.add_paragraph("二、后记")
    assert docx_to_text(_bytes(document), "a.docx") == "一、前言\n\n\t甲\n\t\n\n二、后记\n"


def test_indentation_tabs_and_line_breaks_in_body_paragraphs():
    document = docx.Document()
    document.add_paragraph("\u3000\u3000一、总体要求")
    document.add_paragraph("\t（一）工作目标\t到年底完成。")
    run = document.add_paragraph("第一行").add_run()
    run.add_break()
    run.add_text("第二行")
    document.add_paragraph("   ")  # an empty paragraph is not a blank line (that would end a table row)
    assert docx_to_text(_bytes(document), "a.docx") == "一、总体要求\n（一）工作目标 到年底完成。\n第一行\n第二行\n"


def test_tracked_deletions_and_field_codes_are_not_text():
    document = docx.Document()
    paragraph = document.add_paragraph("保留")
    paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>删掉</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>新增</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText> PAGE </w:instrText></w:r>'))
    assert docx_to_text(_bytes(document), "a.docx") == "保留新增\n"


def test_content_controls_are_read_in_place():
    document = docx.Document()
    document.add_paragraph("前")
    document.element.body.insert(
        1, parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>控件里的段落</w:t></w:r></w:p>'
                     "</w:sdtContent></w:sdt>"))
    document.add_paragraph("后")
    assert docx_to_text(_bytes(document), "a.docx") == "前\n控件里的段落\n后\n"


def test_corrupt_docx_is_refused_with_a_clear_message():
    data = bytearray(make_docx())
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            payload = source.read(item.filename)
            target.writestr(item, b"<w:document><unclosed" if item.filename == "word/document.xml" else payload)
    with pytest.raises(IngestError, match="不是有效的Word文件"):
        docx_to_text(buffer.getvalue(), "坏文件.docx")


def test_truncated_docx_is_refused():
    with pytest.raises(IngestError, match="不是有效的Word文件"):
        docx_to_text(make_docx()[:2000], "截断.docx")
