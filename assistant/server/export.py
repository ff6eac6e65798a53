"""The task ledger as a table: rows for the UI, and CSV / Excel files to download."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from assistant.models import Task

# What is asked first (the task and its units) comes first: a phone shows only the first columns.
COLUMNS = ["任务", "牵头单位", "配合单位", "责任单位", "完成时限", "文件", "条款", "来源", "行号"]
_WIDTHS = [40, 24, 30, 24, 18, 34, 16, 8, 10]
_SOURCE_NAMES = {"table": "分解表", "body": "正文"}


def task_row(task: Task) -> list[str]:
    """One ledger row as display strings, in COLUMNS order."""
    span = str(task.line_start) if task.line_start == task.line_end else f"{task.line_start}-{task.line_end}"
    return [
        task.title,
        "、".join(task.lead_units),
        "、".join(task.cooperating_units),
        "、".join(task.responsible_units),
        task.deadline,
        task.doc,
        task.clause,
        _SOURCE_NAMES.get(task.source, task.source),
        span,
    ]


def filter_tasks(tasks: Iterable[Task], keyword: str = "") -> list[Task]:
    """Tasks whose title, text, clause or units contain `keyword` (all when it is blank)."""
    keyword = keyword.strip()
    if not keyword:
        return list(tasks)
    return [
        t for t in tasks
        if keyword in t.title or keyword in t.text or keyword in t.clause or any(keyword in u for u in t.all_units)
    ]


def write_csv(tasks: Iterable[Task], path: Path) -> Path:
    """Write the ledger as CSV (UTF-8 with BOM, so Excel opens the Chinese text correctly)."""
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(task_row(t) for t in tasks)
    return path


def write_xlsx(tasks: Iterable[Task], path: Path) -> Path:
    """Write the ledger as an Excel workbook with one sheet "任务分解"."""
    path = Path(path)
    book = Workbook()
    sheet = book.active
    sheet.title = "任务分解"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for task in tasks:
        sheet.append(task_row(task))
    for i, width in enumerate(_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    book.save(path)
    return path
