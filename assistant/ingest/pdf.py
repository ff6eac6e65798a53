"""Convert a text PDF into the corpus's flattened text (body lines + tab-indented table cells).

pdfplumber gives both the text lines and the ruled tables with cell positions, which is
what the flattened convention needs: body lines in reading order, one cell per tab line,
a cell's own line breaks kept (several units one per line) while lines that merely wrap
at the cell's or page's right edge are joined again. pypdf is the text-only fallback.
"""

from __future__ import annotations

import io
import logging
import re

import pdfplumber

from assistant.errors import IngestError
from assistant.ingest.flatten import MERGED, GridCell, flatten_rows

log = logging.getLogger(__name__)

_PAGE_NUMBER = re.compile(r"^[-—–－ ]*\d{1,4}[-—–－ ]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
_HEADING_START = re.compile(
    r"^(第[一二三四五六七八九十百]+[章节条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|[①-⑳●]|附件)"
)


def scanned_message(name: str) -> str:
    return f"{name} 是扫描版PDF（没有文字层），暂不支持OCR，请提供文字版PDF或Word文件"


def pdf_to_text(data: bytes, name: str) -> str:
    """Flattened corpus text of a PDF with a text layer.

    Raises:
        IngestError: encrypted, unreadable, or scanned (no text layer).
    """
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            blocks = [_page_lines(page) for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        if "password" in type(exc).__name__.lower() or "encrypt" in str(exc).lower():
            raise IngestError(f"{name} 是加密的PDF，请先解除密码保护") from exc
        log.info("pdfplumber failed on %s (%s); falling back to pypdf", name, exc)
        blocks = [_pypdf_lines(data, name)]
    lines = [line for page in blocks for line in page]
    if not any(line.strip() for line in lines):
        raise IngestError(scanned_message(name))
    return "\n".join(lines).strip("\n") + "\n"


def _pypdf_lines(data: bytes, name: str) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{name} 是加密的PDF，请先解除密码保护")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(f"{name} 不是可读取的PDF文件：{type(exc).__name__}") from exc
    return [line.strip() for line in text.splitlines() if line.strip()]


def _page_lines(page) -> list[str]:
    """One page: body lines and tables, ordered top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    body = [line for line in page.filter(outside).extract_text_lines() if line["text"].strip()]
    body = _drop_page_furniture(body)
    items: list[tuple[float, list[str]]] = []
    if body:
        left = min(line["x0"] for line in body)
        # Margins are near symmetric; without that, the longest of a few short lines would count as "full".
        right = max(max(line["x1"] for line in body), float(page.width) - left)
        for top, text in _join_wrapped(body, left, right):
            items.append((top, [text]))
    for table in tables:
        items.append((table.bbox[1], _table_lines(page, table)))
    items.sort(key=lambda item: item[0])
    return [line for _, block in items for line in block]


def _drop_page_furniture(lines: list[dict]) -> list[dict]:
    """Page numbers ("— 3 —", "第3页 共9页") at the top or bottom of a page are not content."""
    while lines and _PAGE_NUMBER.match(lines[-1]["text"].strip()):
        lines = lines[:-1]
    while lines and _PAGE_NUMBER.match(lines[0]["text"].strip()):
        lines = lines[1:]
    return lines


def _char_width(line: dict) -> float:
    text = line["text"].replace(" ", "")
    return (line["x1"] - line["x0"]) / max(len(text), 1)


def _join_wrapped(lines: list[dict], left: float, right: float) -> list[tuple[float, str]]:
    """Join lines that only wrap at the right edge back into one line (one paragraph = one line)."""
    out: list[tuple[float, str]] = []
    previous: dict | None = None
    for line in lines:
        text = line["text"].strip()
        if previous is not None and _wraps(previous, line, left, right):
            top, joined = out[-1]
            out[-1] = (top, _concat(joined, text))
        else:
            out.append((line["top"], text))
        previous = line
    return out


def _wraps(previous: dict, line: dict, left: float, right: float) -> bool:
    width = _char_width(previous)
    full = right - previous["x1"] < 1.5 * width
    indented = line["x0"] - left > 1.5 * width
    close = line["top"] - previous["bottom"] < 1.2 * (previous["bottom"] - previous["top"])
    return full and close and not indented and not _HEADING_START.match(line["text"].strip())


def _concat(a: str, b: str) -> str:
    # Chinese wraps anywhere without a space; Latin words need one back.
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


def _table_lines(page, table) -> list[str]:
    """A table in the flattened convention (see `flatten`)."""
    column_x0 = sorted({cell[0] for row in table.rows for cell in row.cells if cell})
    rows: list[list[GridCell]] = []
    for row in table.rows:
        cells: list[GridCell] = []
        span_right = -1.0
        for j, bbox in enumerate(row.cells):
            if bbox is None:
                # Covered by a cell to the left (horizontal span): no cell of its own;
                # covered from above: a vertically merged cell.
                x0 = column_x0[j] if j < len(column_x0) else span_right
                if x0 >= span_right - 1:
                    cells.append(GridCell(j, MERGED))
                continue
            span_right = bbox[2]
            cells.append(GridCell(j, _cell_lines(page, bbox)))
        rows.append(cells)
    return flatten_rows(rows)


def _cell_lines(page, bbox) -> list[str]:
    x0, top, x1, bottom = bbox
    inner = page.crop((x0, top, x1, bottom), strict=False)
    lines = [line for line in inner.extract_text_lines() if line["text"].strip()]
    if not lines:
        return []
    left = min(line["x0"] for line in lines)
    # The cell's own right edge minus padding, so a unit list with short lines stays one unit per line.
    right = max(max(line["x1"] for line in lines), x1 - 2 * _char_width(lines[0]))
    return [text.replace("\t", " ") for _, text in _join_wrapped(lines, left, right)]
