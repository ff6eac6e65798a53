import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from assistant.ingest.numbering import ListNumbering, chinese_counting, format_number


@pytest.mark.parametrize(("n", "text"), [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九"),
    (100, "一百"), (105, "一百零五"), (110, "一百一十"), (1001, "一千零一"),
])
def test_chinese_counting(n, text):
    assert chinese_counting(n) == text


@pytest.mark.parametrize(("n", "fmt", "text"), [
    (3, "decimal", "3"), (3, "decimalEnclosedCircle", "③"), (2, "decimalEnclosedParen", "⑵"),
    (12, "decimalFullWidth", "１２"), (10, "ideographDigital", "一〇"), (2, "ideographTraditional", "乙"),
    (4, "upperRoman", "IV"), (27, "lowerLetter", "aa"), (3, "chineseLegalSimplified", "叁"),
    (7, "decimalZero", "07"), (5, "unknownFormat", "5"), (1, "none", ""),
])
def test_format_number(n, fmt, text):
    assert format_number(n, fmt) == text


def _lvl(ilvl: int, fmt: str, text: str, suff: str = "nothing", extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:suff w:val="{suff}"/>{extra}</w:lvl>')


NUMBERING = parse_xml(
    f'<w:numbering {nsdecls("w")}>'
    '<w:abstractNum w:abstractNumId="1">'
    + _lvl(0, "chineseCounting", "%1、") + _lvl(1, "chineseCounting", "（%2）") + _lvl(2, "decimal", "%3.", "tab")
    + _lvl(3, "decimal", "%3.%4", "space", "<w:isLgl/>")
    + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="2">' + _lvl(0, "bullet", "\uf06c") + "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    "</w:numbering>"
)
STYLES = parse_xml(
    f'<w:styles {nsdecls("w")}>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:ilvl w:val="0"/>'
    '<w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="MyHeading"><w:basedOn w:val="Heading1"/></w:style>'
    "</w:styles>"
)


def _p(num_id: str | None = None, ilvl: int | None = None, style: str | None = None):
    num = ""
    if num_id is not None:
        num = "<w:numPr>" + (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "") + f'<w:numId w:val="{num_id}"/></w:numPr>'
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return parse_xml(f'<w:p {nsdecls("w")}><w:pPr>{pstyle}{num}</w:pPr><w:r><w:t>x</w:t></w:r></w:p>')


def test_levels_count_and_restart_like_word():
    numbering = ListNumbering(NUMBERING, STYLES)
    sequence = [("1", 0), ("1", 1), ("1", 1), ("1", 2), ("1", 2), ("1", 0), ("1", 1), ("1", 2), ("1", 3)]
    labels = [numbering.label(_p(num, lvl)) for num, lvl in sequence]
    assert labels == ["一、", "（一）", "（二）", "1. ", "2. ", "二、", "（一）", "1. ", "1.1 "]


def test_plain_paragraph_and_numbering_removed_have_no_label():
    numbering = ListNumbering(NUMBERING, STYLES)
    assert numbering.label(_p()) == ""
    assert numbering.label(_p("0", 0)) == ""  # numId 0 switches numbering off
    assert numbering.label(_p("99", 0)) == ""  # unknown list: nothing rather than a guess


def test_start_override_restarts_a_shared_list():
    numbering = ListNumbering(NUMBERING, STYLES)
    assert [numbering.label(_p("1", 0)) for _ in range(3)] == ["一、", "二、", "三、"]
    assert [numbering.label(_p("2", 0)) for _ in range(2)] == ["一、", "二、"]


def test_numbering_from_paragraph_style_and_its_base():
    numbering = ListNumbering(NUMBERING, STYLES)
    assert numbering.label(_p(style="Heading1")) == "一、"
    assert numbering.label(_p(style="MyHeading")) == "二、"


def test_symbol_font_bullet_becomes_a_visible_bullet():
    numbering = ListNumbering(NUMBERING, STYLES)
    assert numbering.label(_p("3", 0)) == "●"


def test_document_without_numbering_part():
    assert ListNumbering(None, None).label(_p("1", 0)) == ""
