"""The task ledger as table rows, CSV and Excel."""

import csv

from openpyxl import load_workbook

from assistant.models import Task
from assistant.server.export import COLUMNS, filter_tasks, task_row, write_csv, write_xlsx

TASKS = [
    Task(doc="kaizhou.txt", source="table", clause="附件 第43项", title="配置独立式感烟探测器",
         text="为老弱病残等特殊群体家庭配置独立式感烟探测器", responsible_units=["区大数据发展局", "区消防救援支队"],
         deadline="2025年12月31日", line_start=371, line_end=374),
    Task(doc="yubei.txt", source="body", clause="三、（二）", title="保障经费", text="落实消防经费",
         lead_units=["区财政局"], cooperating_units=["区应急局"], line_start=80, line_end=80),
]


def test_task_row_joins_units_and_names_the_source():
    assert task_row(TASKS[0]) == ["配置独立式感烟探测器", "", "", "区大数据发展局、区消防救援支队", "2025年12月31日",
                                  "kaizhou.txt", "附件 第43项", "分解表", "371-374"]
    assert task_row(TASKS[1])[1:3] == ["区财政局", "区应急局"]
    assert task_row(TASKS[1])[7:] == ["正文", "80"]


def test_filter_tasks_by_keyword_in_text_or_units():
    assert filter_tasks(TASKS, "  ") == TASKS
    assert filter_tasks(TASKS, "感烟") == [TASKS[0]]
    assert filter_tasks(TASKS, "应急局") == [TASKS[1]]
    assert filter_tasks(TASKS, "无此词") == []


def test_write_csv_round_trips_with_bom(tmp_path):
    path = write_csv(TASKS, tmp_path / "t.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == COLUMNS
    assert rows[1:] == [task_row(t) for t in TASKS]


def test_write_xlsx_round_trips(tmp_path):
    path = write_xlsx(TASKS, tmp_path / "t.xlsx")
    sheet = load_workbook(path).active
    assert sheet.title == "任务分解"
    values = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == COLUMNS
    assert values[1:] == [task_row(t) for t in TASKS]
