"""The 任务分解 and 文件 tabs' handlers on the real corpus (the chat turn is in test_ui.py)."""

import csv

import pytest
from openpyxl import load_workbook

from assistant.server.export import COLUMNS, task_row
from assistant.server.feedback import FeedbackStore
from assistant.server.runtime import Runtime
from assistant.server.ui import ALL, ALL_LABEL, ChatHandlers

from .helpers import KAIZHOU

pytestmark = pytest.mark.slow


@pytest.fixture
def handlers(settings, assistant, tmp_path):
    return ChatHandlers(Runtime(settings, assistant=assistant), FeedbackStore(tmp_path / "fb.sqlite3"))


def test_task_table_filters_like_the_ledger(handlers, assistant):
    rows, count = handlers.task_table("区财政局", ALL, "", "")
    assert rows == [task_row(t) for t in assistant.tasks(unit="区财政局")]
    assert count == f"共 {len(rows)} 条任务" and rows
    rows, _ = handlers.task_table("", KAIZHOU, "2023-12-31", "")
    assert rows == [task_row(t) for t in assistant.tasks(doc=KAIZHOU, deadline_before="2023-12-31")]
    all_rows, _ = handlers.task_table("", ALL, "", "")
    keyword_rows, _ = handlers.task_table("", ALL, "", "电动自行车")
    assert 0 < len(keyword_rows) < len(all_rows)


def test_bad_date_gives_an_empty_table_not_an_error(handlers):
    with pytest.warns(UserWarning, match="日期格式"):
        rows, count = handlers.task_table("", ALL, "明年", "")
    assert (rows, count) == ([], "共 0 条任务")


def test_exports_hold_the_filtered_rows(handlers, assistant):
    expected = [task_row(t) for t in assistant.tasks(unit="区财政局")]
    with open(handlers.export("csv", "区财政局", ALL, "", ""), encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == [COLUMNS, *expected]
    sheet = load_workbook(handlers.export("xlsx", "区财政局", ALL, "", "")).active
    values = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values == [COLUMNS, *expected]


def test_documents_choices_and_outline(handlers, assistant):
    choices = handlers.doc_choices()
    assert choices[0] == (ALL_LABEL, ALL)
    assert [value for _, value in choices[1:]] == [m.doc for m in assistant.documents()]
    table = handlers.documents_table()
    assert [row[0] for row in table] == [m.doc for m in assistant.documents()]
    # every row says how many tasks the ledger holds and how many lines are left for a person to check
    assert all(int(row[6]) == assistant.coverage(row[0]).tasks > 0 for row in table)
    assert all(int(row[7]) == len(assistant.coverage(row[0]).unparsed) for row in table)
    outline = handlers.outline(KAIZHOU)
    first = assistant.outline(KAIZHOU)[0]
    assert outline.startswith('<ul class="outline">') and first.title in outline
    assert 'class="coverage"' in outline and f"{assistant.coverage(KAIZHOU).tasks} 项任务" in outline
    assert handlers.outline(ALL) == ""
    assert handlers.outline("<b>nope.txt").startswith("<p>⚠️ ") and "&lt;b&gt;nope.txt" in handlers.outline("<b>nope.txt")
