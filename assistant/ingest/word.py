"""Convert a .docx into the corpus's flattened text (body lines + tab-indented table cells).

Walks the body in document order so tables stay where they were, renders automatic
list numbering into the text, and reads merged cells from the document's own span
info (w:gridSpan, w:vMerge) rather than python-docx's `row.cells`, which repeats a
merged cell in every grid column and row it covers.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn
from lxml import etree

from assistant.errors import IngestError
from assistant.ingest.flatten import MERGED, GridCell, flatten_rows
from assistant.ingest.numbering import ListNumbering

_W_P, _W_TBL, _W_SDT, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tc")
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {qn("w:delText"), qn("w:instrText"), qn("w:del"), qn("w:pPr"), qn("w:rPr"), _MC_FALLBACK,
         qn("w:footnoteReference"), qn("w:endnoteReference"), qn("w:txbxContent")}


def docx_to_text(data: bytes, name: str) -> str:
    """Flattened corpus text of a .docx file.

    Raises:
        IngestError: the file is not a readable Word document.
    """
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise IngestError(f"{name} 不是有效的Word文件（.docx），无法打开：{type(exc).__name__}") from exc
    numbering = ListNumbering(_numbering_element(document), document.styles.element)
    lines: list[str] = []
    for block in _blocks(document.element.body):
        if block.tag == _W_TBL:
            lines.extend(_table_lines(block))
        else:
            lines.extend(_paragraph_lines(block, numbering))
    return "\n".join(lines).strip("\n") + "\n"


def _numbering_element(document):
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _blocks(parent):
    """Paragraphs and tables in order, looking inside content controls (w:sdt)."""
    for child in parent:
        if child.tag in (_W_P, _W_TBL):
            yield child
        elif child.tag == _W_SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)


def _run_text(el) -> str:
    """Visible text of an element: w:t, tabs as spaces, breaks as newlines; no deleted/field code."""
    parts: list[str] = []
    for child in el:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == qn("w:t"):
            parts.append(child.text or "")
        elif tag in (qn("w:tab"), qn("w:ptab")):
            parts.append(" ")
        elif tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            parts.append("-")
        else:
            parts.append(_run_text(child))
    return "".join(parts)


def _clean(line: str) -> str:
    # A leading tab would read as a table cell; leading (full-width) indentation is layout.
    return line.replace("\t", " ").strip(" \u3000\u00a0\r\f\v")


def _paragraph_lines(p, numbering: ListNumbering) -> list[str]:
    text = _run_text(p)
    label = numbering.label(p)
    lines = [_clean(part) for part in text.split("\n")]
    lines = [line for line in lines if line]
    if label and lines:
        lines[0] = label + lines[0]
    # Text boxes anchored in this paragraph follow it as their own lines.
    for box in p.iter(qn("w:txbxContent")):
        for inner in box.iter(_W_P):
            lines.extend(line for line in (_clean(x) for x in _run_text(inner).split("\n")) if line)
    return lines


def _cell_lines(tc) -> list[str]:
    """Non-blank lines of a cell (a blank line would end the row in the flattened text)."""
    lines: list[str] = []
    for block in _blocks(tc):
        if block.tag == _W_TBL:
            for row in _rows(block):
                lines.extend(line for cell in row for line in cell.lines or [])
        else:
            lines.extend(line for line in (_clean(x) for x in _run_text(block).split("\n")) if line)
    return lines


def _rows(tbl) -> list[list[GridCell]]:
    """Rows of cells at their grid columns; a vertically continued merged cell is MERGED."""
    rows: list[list[GridCell]] = []
    for tr in _children(tbl, qn("w:tr")):
        column = _int_val(tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}"), 0)
        cells = [GridCell(i, []) for i in range(column)]
        for tc in _children(tr, _W_TC):
            tc_pr = tc.find(qn("w:tcPr"))
            v_merge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
            continued = v_merge is not None and v_merge.get(qn("w:val"), "continue") == "continue"
            cells.append(GridCell(column, MERGED if continued else _cell_lines(tc)))
            column += _int_val(tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None, 1)
        rows.append(cells)
    return rows


def _int_val(el, default: int) -> int:
    value = el.get(qn("w:val"), "") if el is not None else ""
    return int(value) if value.isdigit() else default


def _children(parent, tag: str):
    """Direct children with `tag`, also those wrapped in content controls or custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == _W_SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == qn("w:customXml"):
            yield from _children(child, tag)


def _table_lines(tbl) -> list[str]:
    return flatten_rows(_rows(tbl))
