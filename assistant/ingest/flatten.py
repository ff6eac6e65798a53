"""Write a table's rows in the corpus's flattened convention, resolving vertically merged cells.

The convention: one cell per line starting with a tab, a cell's further lines without a
tab, a blank line between rows. A vertically merged cell continues in the rows below:
in grouping columns (left of the task-content column, e.g. 专项行动) it becomes an empty
cell, which the table parser inherits from the row above and marks as inherited; in the
content column and right of it (牵头单位, 配合单位, 完成时限) the parser never inherits,
because there an empty cell means "none", so the merged value is written again.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.corpus.tables import CONTENT_HEADERS

MERGED = None  # marks a cell covered by a vertically merged cell above


@dataclass
class GridCell:
    """A cell at its grid column; `lines` is MERGED for a vertical-merge continuation."""

    column: int
    lines: list[str] | None


def content_column(rows: list[list[GridCell]]) -> int:
    """Grid column of the task text: a known content header, else the column with the most text."""
    if rows:
        for cell in rows[0]:
            header = "".join("".join(cell.lines or []).split())
            if header in CONTENT_HEADERS:
                return cell.column
    totals: dict[int, int] = {}
    for row in rows[1:] or rows:
        for cell in row:
            totals[cell.column] = totals.get(cell.column, 0) + sum(len(line) for line in cell.lines or [])
    return max(totals, key=lambda column: (totals[column], -column)) if totals else 0


def flatten_rows(rows: list[list[GridCell]]) -> list[str]:
    """The table as flattened lines, starting and ending with a blank line."""
    content = content_column(rows)
    above: dict[int, list[str]] = {}
    lines: list[str] = [""]
    for row in rows:
        cells: list[list[str]] = []
        for cell in row:
            if cell.lines is MERGED:
                cells.append(list(above.get(cell.column, [])) if cell.column >= content else [])
            else:
                above[cell.column] = cell.lines
                cells.append(cell.lines)
        if not any(cells):
            continue
        for cell_lines in cells:
            lines.append("\t" + (cell_lines[0] if cell_lines else ""))
            lines.extend(cell_lines[1:])
        lines.append("")
    return lines
