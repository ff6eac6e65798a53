"""Flattened tables: one cell per tab-indented line, a blank line between rows.

A table starts at a header row (序号/主要内容/牵头单位/…). Lines without a tab continue
the cell above ("区应急局\\n区消防救援支队"); an empty cell in a grouping column (left of
the content column) continues the merged cell above; a lone first cell is a section row
("一、…"); a repeated header (after a page break) is dropped and the group stays in force;
a group header "…行动（牵头单位：X）" gives its rows X as 牵头单位.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations
from math import comb

from assistant.corpus.clauses import heading_of, make_title
from assistant.corpus.normalize import repair_spaces, strip_all_spaces
from assistant.corpus.units import is_generic, is_unit_like, split_outside_brackets
from assistant.lexicon import (ALL_LABELS, DEADLINE_LABELS, DITTO_MARKS, LEAD_MARKS, MARK_LEGEND, MEASURE_UNITS, OTHER_MARKS,
                              SAME_AS_ROW, STANDING_TIME_SLOTS, Role, deadlines_in, is_deadline_label, label_role)
from assistant.models import TableRow

KNOWN_HEADERS = {"整治任务", "整治内容", "主要措施", "工作事项", "任务",
    "序号", "主要内容", "完成情况", "备注", "专项行动", "类别", "项目", "任务名称", "事项名称", "工作任务", "工作内容", "主要任务",
    "任务内容", "具体任务", "重点任务", "具体内容", "工作措施", "项目名称", "建设内容", "工作目标", "任务分工",
    "具体措施", "整治措施", "工作举措", "主要举措", "具体举措", "重点工作", "主要工作", "整治项目", "整治重点", "领域",
    "考核内容", "检查内容", "排查内容", "考核项目", "检查项目", "分值", "评分标准",
    "整改措施", "整改内容", "整改要求", "存在问题", "隐患内容", "主要问题", "问题描述", "隐患问题", "单位名称", "所在地",
    "检查范围", "检查对象", "检查重点", "组别", "场所类别", "阶段", "工作阶段", "实施阶段", "步骤", "工作步骤",
    *ALL_LABELS, *DEADLINE_LABELS,
}
# The column holding the task itself, by preference ("工作任务" is only a short name when
# "工作内容" is also there, as in the 梁平 table).
CONTENT_HEADERS = ["工作内容", "主要内容", "任务内容", "具体内容", "建设内容", "整治内容", "工作措施", "主要措施", "具体措施",
                   "整治措施", "工作举措", "主要举措", "具体举措", "主要任务", "工作任务", "重点任务", "具体任务", "整治任务",
                   "重点工作", "主要工作", "考核内容", "检查内容", "排查内容", "工作事项", "任务",
                   # a 隐患整改清单: what is to be put right, the measures first
                   "整改措施", "整改内容", "整改要求", "存在问题", "隐患内容", "主要问题", "问题描述", "隐患问题",
                   # an inspection plan's groups: what each group inspects
                   "检查范围", "检查对象", "检查重点"]
# "保障任务", "防控措施", "督办事项", "整治重点": any short header naming a task, measure or matter, after the list above;
# "点位", "值守岗位": the posts of a duty roster, each its own task; "主要职责": a 责任清单's duties of its units
_CONTENT_HEADER = re.compile(r"^(?:[\u4e00-\u9fff]{1,4}(?:任务|内容|措施|举措|事项|重点|要求)|[\u4e00-\u9fff]{0,4}(?:点位|岗位|部位|职责))$")


# A short name of the task in a column of its own, beside the content ("工作任务" | "工作内容")
NAME_HEADERS = ("工作任务", "项目", "任务名称", "项目名称", "事项名称")
# How the work of a row is shared out, in a column of its own ("职责分工": "县住建局负责…；县财政局负责…")
DETAIL_HEADER = re.compile(r"^[\u4e00-\u9fff]{0,4}分工$")


def content_cell(cells: dict[str, str]) -> str:
    """The text of a row's task: its first non-empty content column (`content_order`), "" when none."""
    return next((cells[h] for h in content_order(cells) if cells.get(h, "").strip()), "")


def detail_cells(cells: dict[str, str]) -> list[str]:
    """The texts of a row's columns of how its work is shared out (`DETAIL_HEADER`), but its content's."""
    content = content_cell(cells)
    return [v for k, v in cells.items() if DETAIL_HEADER.match(k) and v.strip() and v != content]


def is_content_header(header: str) -> bool:
    return header in CONTENT_HEADERS or (bool(_CONTENT_HEADER.match(header)) and label_role(header) is None)


def content_order(headers) -> list[str]:
    """The headers of a table that may hold its task, by preference (CONTENT_HEADERS, then any other)."""
    return [h for h in CONTENT_HEADERS if h in headers] + [h for h in headers if h not in CONTENT_HEADERS
                                                           and is_content_header(h)]


def known_header(name: str) -> bool:
    return name in KNOWN_HEADERS or is_content_header(name)


LEAD = "牵头单位"
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.．、]")
_YEAR_LINES = 12  # a document states its year in its first lines (title, 文号, date)
_MAX_PLACEMENTS = 2000  # ways to place a short row's cells tried at most; beyond, only runs of cells
_MAX_CONTINUATION = 15  # a non-tab line after a blank line still inside a table ("（2035年）")


@dataclass
class Table:
    """One table: its rows and where it sits in the document."""

    index: int
    title: str
    label: str  # citation prefix: "附件2", "重点工程专栏05", "任务分解表"
    headers: list[str]
    line_start: int  # 1-based; includes a plain title line right above the header
    line_end: int
    rows: list[TableRow] = field(default_factory=list)


@dataclass
class _Block:
    start: int  # 1-based
    end: int
    cells: list[list[str]]  # each cell as its lines
    untabbed: bool = False  # a row whose first cell is written without a tab
    inline: bool = False  # a row on one line, its cells split by tabs (a spreadsheet pasted as text)


def parse_tables(doc: str, lines: list[str], cells_wrap: bool = False) -> list[list[TableRow]]:
    """The rows of every table in a document, table by table."""
    return [table.rows for table in find_tables(doc, lines, cells_wrap)]


def table_lines(tables: list[Table]) -> set[int]:
    """The 1-based line numbers that tables occupy (to leave out of the clause tree), but for a title line
    that is an annex's heading ("附件：…分工表"): that one starts the annex in the clause tree."""
    return {n for t in tables for n in range(t.line_start, t.line_end + 1)
            if not (n == t.line_start and t.title.startswith("附件") and t.title != t.label)}


def unit_cells(row: TableRow) -> list[str]:
    """The texts of a row's unit columns (牵头单位, 配合单位, 责任单位, 责任部门 …; not people's columns)."""
    return [value for name, value in row.cells.items()
            if (found := label_role(name)) is not None and not found[1] and value.strip()]


def find_tables(doc: str, lines: list[str], cells_wrap: bool = False) -> list[Table]:
    """Every flattened table in `lines`, with rows, title, label and line span.

    Args:
        cells_wrap: the converter wrapped the text at a fixed width, so a cell's lines are one text
            ("县消防救援大队*、县市\n场监管局"), not one entry per line.
    """
    blocks = _join_untabbed_first_cells(_blocks(lines), lines)
    tables: list[Table] = []
    i = 0
    while i < len(blocks):
        if blocks[i].cells and _header_names(blocks[i]):
            end = _table_end(blocks, i, lines)  # may extend the header's last cell ("远景控制\n（2035年）")
            headers = _header_names(blocks[i])
            headers = (_split_header(headers, blocks[i + 1]) if end > i else None) or headers
            table = _build(doc, len(tables), lines, headers, blocks[i : end + 1], tables, cells_wrap)
            tables.append(table)
            i = end + 1
        else:
            i += 1
    from assistant.corpus.cards import find_cards  # cards read the lines no table holds

    tables += find_cards(doc, lines, table_lines(tables), tables)
    for table in tables:
        _resolve_same_as(table.rows)
    return tables


def _resolve_same_as(rows: list[TableRow]) -> None:
    """A cell "同任务2025-03" / "同第3项" takes the value of that row's cell of the same column."""
    by_number = {row.number: row for row in rows if row.number}
    for row in rows:
        for name, value in row.cells.items():
            if (same := SAME_AS_ROW.match(value.strip())) and (other := by_number.get(same.group("ref"))) is not row \
                    and other is not None and other.cells.get(name, "").strip():
                row.cells[name] = other.cells[name]
                row.inherited.append(name)


def _blocks(lines: list[str]) -> list[_Block]:
    """Runs of non-blank lines. A line holding only a tab is an empty cell, not a blank line."""
    blocks: list[_Block] = []
    current: _Block | None = None
    piped: _Block | None = None  # a markdown row still open: its cell text broke onto the next line
    width = 0  # the cells of the header of a table whose rows are pipes without the outer bars ("序号 | 任务 | …")
    tab_width = 0  # the cells of the first of a run of one-line tab rows (its header)
    for number, line in enumerate(lines, start=1):
        if piped is not None:
            piped.cells[-1][0] += line.strip()
            piped.end = number
            if line.rstrip().endswith("|"):
                piped.cells = _pipe_cells(piped.cells[0][0])
                piped = None
            continue
        if width and (row := _bare_row(line, width)) is not None:
            if blocks and blocks[-1].inline:
                blocks.append(_Block(number, number, [[cell] for cell in row], inline=True))
                current = None
            continue
        if width and blocks and blocks[-1].end == number - 1 and _continues(line, blocks[-1], width):
            row = blocks[-1]  # "…、区应急管理局、" / "区文化和旅游局 | 不变", " |  | 岑口自来水厂 |  |": a cell's next line
            parts = [p.strip() for p in line.split("|")]
            if line.lstrip().startswith("|"):  # each cell's next line, in its column
                for cell, part in zip(row.cells, parts):
                    cell += [part] if part else []
            else:  # the last cell broke: its rest, then the cells after it
                row.cells[-1][-1] += parts[0]
                row.cells += [[p] for p in parts[1:]]
            row.end = number
            continue
        if width and blocks and blocks[-1].end == number - 1 and _ends_a_row(line, blocks[-1], width):
            blocks[-1].cells[-1][-1] += line.strip()  # "…；\n各乡镇人民政府负责…": the last cell broke onto a line
            blocks[-1].end = number
            continue
        if _BARE_PIPE_ROW.match(line) and not _PIPE_ROW.match(line):
            cells = [p.strip() for p in line.split("|")]
            header = bool(_header_names(_Block(number, number, [[cell] for cell in cells])))  # a new table's header
            width = width if blocks and blocks[-1].inline and width and not header else len(cells)
            blocks.append(_Block(number, number, [[cell] for cell in cells], inline=True))
            current = None
            continue
        width = 0 if line.strip() else width
        if _PIPE_RULE.match(line):
            continue  # "|---|---|": the line under a markdown header
        if _PIPE_ROW.match(line):  # "| 1 | 开展… | 区住建局 | … |": a table pasted from a web page or markdown
            block = _Block(number, number, [[line.strip()]], inline=True)
            blocks.append(block)
            current = None
            if line.rstrip().endswith("|") and len(line.strip()) > 1:
                block.cells = _pipe_cells(line.strip())
            else:
                piped = block
            continue
        if "\t" not in line and not line.strip():
            current = None
            continue
        if _INLINE_ROW.match(line):  # "1\t组织召开…\t\t办公室\t…": a spreadsheet row, one line each
            parts = line.split("\t")
            previous = blocks[-1] if blocks and blocks[-1].inline and blocks[-1].end == number - 1 else None
            tab_width = tab_width if previous is not None else len(parts)
            if previous is not None and _completes(previous, parts, tab_width) and not _ROW_NUMBER.match(line):
                previous.cells[-1][-1] += parts[0].strip()  # a row broken inside a cell: the rest on the next line
                previous.cells += [[part] for part in parts[1:]]
                previous.end = number
            else:
                blocks.append(_Block(number, number, [[part] for part in parts], inline=True))
            current = None
            continue
        if current is None or (line.startswith("\t") and not lines[current.start - 1].startswith("\t")):
            current = _Block(number, number, [])  # a tab line right under text starts its own block
            blocks.append(current)
        current.end = number
        if line.startswith("\t"):
            current.cells.extend([part] for part in line.split("\t")[1:])
        elif current.cells:
            current.cells[-1].append(line)  # a cell continued on a line without a tab
    return blocks


_INLINE_ROW = re.compile(r"^[^\t\s][^\t]*\t")
_ROW_NUMBER = re.compile(r"\s*\d{1,3}\s*[|\t]")  # a row's 序号 cell opens the line
_PIPE_ROW = re.compile(r"^\s*\|[^|]*\|")  # a markdown row: it opens with "|" and has a cell before the next one
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BARE_PIPE_ROW = re.compile(r"^\s*[^|\s][^|]*\|[^|]*\|")  # "1 | 2 | 全区重大火灾隐患… | 区安监局 | …": pipes, no outer bars
_SPACED = re.compile(r"\s{2,}|\u3000+")


def _bare_row(line: str, width: int) -> list[str] | None:
    """A line of a pipe table's rows copied without the pipes ("9  电动自行车…  岑口派出所  …", cells between runs of
    spaces, as many as the header has): its cells, or None for any other line. The header repeated on a new page is such
    a line too; the rows reader skips it, as it skips any header repeated after a page break."""
    if "|" in line or "\t" in line or not line.strip():
        return None
    cells = _SPACED.split(line.strip())
    return cells if len(cells) == width else None


def _continues(line: str, row: _Block, width: int) -> bool:
    """Is `line` more of a pipe row (a row of the line above): its empty first cells in pipes, or the rest of a row
    that broke off before its last cells?"""
    if not line.strip() or not row.inline:
        return False
    if line.lstrip().startswith("|"):
        return not line.split("|")[0].strip() and len(line.split("|")) >= width - 1
    starts_a_row = _ROW_NUMBER.match(line)
    return _completes(row, line.split("|"), width) and not starts_a_row


def _completes(row: _Block, parts: list[str], width: int) -> bool:
    """Do a line's cells, the first continuing the row's last cell, fill the row up to the header's width?"""
    return len(row.cells) < width and len(row.cells) + len(parts) - 1 == width


def _ends_a_row(line: str, row: _Block, width: int) -> bool:
    """Is a line without pipes, right under a full pipe row, the rest of its last cell (not a note or a heading)?"""
    text = line.strip()
    return (row.inline and len(row.cells) == width and bool(text) and "|" not in text and "\t" not in line
            and not re.match(r"^(?:注|说明|备注|附件|附表|第[一二三四五六七八九十]+(?:部分|章|节))", text)
            and not _SPACED.search(text) and heading_of(text) is None)  # "第二部分  部门职责边界清单": a title


def _pipe_cells(row: str) -> list[list[str]]:
    """"| **一、隐患排查整治** | | |" → one cell (a section row); "<br>" inside a cell is a line of it."""
    cells = [_PIPE_BREAK.sub("\n", c).replace("**", "").strip() for c in row.strip().strip("|").split("|")]
    if len(cells) > 1 and not any(cells[1:]):
        cells = cells[:1]
    return [c.split("\n") for c in cells]


def _is_tab_block(block: _Block, lines: list[str]) -> bool:
    return lines[block.start - 1].startswith("\t") or block.untabbed or block.inline


def _join_untabbed_first_cells(blocks: list[_Block], lines: list[str]) -> list[_Block]:
    """Tables whose rows write their first cell without a tab ("类别\n\t项目\n\t主要任务…").

    Where a header is written so, every row of that table is a text line with tab lines right under
    it (joined into one row), or a text paragraph alone (a row whose other cells span from above),
    until a heading or another table ends it.
    """
    out: list[_Block] = []
    i, in_table = 0, False
    while i < len(blocks):
        block = blocks[i]
        pair = (i + 1 < len(blocks) and not block.cells and block.end + 1 == blocks[i + 1].start
                and blocks[i + 1].cells)
        by_labels = _labelled_cells(blocks[i + 1]) >= 2 and _untabbed_row_at(blocks, i + 2) if pair else False
        if pair and block.end > block.start and (known_header(strip_all_spaces(lines[block.end - 1])) or by_labels):
            # "…考核内容及分值表\n序号\n\t考核项目…": the title right above a header's untabbed first cell
            out.append(_Block(block.start, block.end - 1, []))
            block = _Block(block.end, block.end, [])
        if pair:
            joined = _Block(block.start, blocks[i + 1].end,
                            [[line for line in lines[block.start - 1 : block.end]]] + blocks[i + 1].cells, True)
            first = strip_all_spaces(lines[block.start - 1])
            names = _header_names(joined) if block.start == block.end else []
            if names and (
                    known_header(first) or any(FIGURE_HEADER.match(n) for n in names)
                    or (by_labels and heading_of(first) is None and len(first) <= _MAX_FIRST_NAME)):
                in_table = True
            if in_table:
                out.append(joined)
                i += 2
                continue
        elif in_table and not block.cells and _continues_table(block, lines):
            out.append(_Block(block.start, block.end, [[line for line in lines[block.start - 1 : block.end]]], True))
            i += 1
            continue
        elif not block.cells:
            in_table = False
        out.append(block)
        i += 1
    return out


_MAX_FIRST_NAME = 8  # an untabbed first header cell no list knows is a short name ("环节"), never a sentence


def _labelled_cells(block: _Block) -> int:
    """How many of a block's cells are role or deadline labels: "环节" above "工作内容 / 责任主体 / 办理时限" is a
    header whose first name no list knows."""
    return sum(label_role(n) is not None or is_deadline_label(n) for n in _cell_names(block))


def _untabbed_row_at(blocks: list[_Block], i: int) -> bool:
    """Is blocks[i] a row written as its header is, a text line with tab lines right under it?"""
    return i + 1 < len(blocks) and not blocks[i].cells and blocks[i].end + 1 == blocks[i + 1].start \
        and bool(blocks[i + 1].cells)


def _continues_table(block: _Block, lines: list[str]) -> bool:
    """A paragraph inside a table written without tabs: a row with only its content cell."""
    text = lines[block.start - 1].strip()
    heading = heading_of(text)
    # a numbered sentence alone ("4.属地街道（镇）负责督促…。", "8.加强宣传。…（责任单位：…）") is the text going on
    # after the table
    numbered_sentence = heading is not None and heading.style not in ("bullet", "dash") and "。" in text
    return not (heading is not None and heading.style in ("annex", "chapter", "section")) and not numbered_sentence \
        and len(text) > 10 and not _TABLE_NOTE.match(text)


_TABLE_NOTE = re.compile(r"^(?:注|备注|说明|填表说明)\s*\d?\s*[：:.．]")  # "注：…标注“*”的为牵头单位": said of the table


# A column of figures, named with its unit: "网格数（个）", "建筑面积（平方米）".
FIGURE_HEADER = re.compile(rf"^(?P<name>[^（(]{{1,10}})[（(](?P<unit>{'|'.join(MEASURE_UNITS)})[）)]$")


def _cell_names(block: _Block) -> list[str]:
    return [strip_all_spaces("".join(cell)) for cell in block.cells]


def header_name(name: str) -> bool:
    """Is `name` (spaces aside) one a table's header uses: a task column, a role or deadline label, a figure's column,
    a month of a schedule?"""
    name = strip_all_spaces(name)
    return known_header(name) or label_role(name) is not None or bool(FIGURE_HEADER.match(name)) \
        or bool(SCHEDULE_COLUMN.fullmatch(name))


# A schedule (进度安排表): one column per month, a mark ("●") in the months a task runs; the task is due by the end of
# the last month marked ("9月 … 11月 ●" → "11月底前"). A month smaller than the first column's is of the next year.
SCHEDULE_COLUMN = re.compile(r"(?:(?P<year>20\d\d)年)?(?P<month>1[0-2]|[1-9])月(?:份)?")
MIN_SCHEDULE_MONTHS = 3


def schedule_columns(headers: list[str]) -> list[str]:
    months = [h for h in headers if SCHEDULE_COLUMN.fullmatch(strip_all_spaces(h))]
    return months if len(months) >= MIN_SCHEDULE_MONTHS else []


def schedule_due(marked: list[str], columns: list[str], year: int | None) -> str:
    """"11月底前" for a row marked up to 11月 (with the year where the schedule runs into the next one)."""
    first = int(SCHEDULE_COLUMN.fullmatch(strip_all_spaces(columns[0])).group("month"))
    last = SCHEDULE_COLUMN.fullmatch(strip_all_spaces(marked[-1]))
    month = int(last.group("month"))
    stated = last.group("year")
    if stated:
        return f"{stated}年{month}月底前"
    return f"{year + 1}年{month}月底前" if month < first and year else f"{month}月底前"


def _header_names(block: _Block) -> list[str]:
    names = _cell_names(block)
    known = sum(map(header_name, names))
    # 大丰's station table has only 序号 and 完成时限 among six names, hence "a third".
    if len(names) >= 2 and known >= 2 and (known * 3 >= len(names) or matrix_columns(names)):
        return names
    return []


MIN_MATRIX_UNITS = 3  # a responsibility matrix has a column for each of at least this many units


def matrix_columns(headers: list[str]) -> list[str]:
    """The unit columns of a responsibility matrix ("序号 | 重点工作任务 | 完成时限 | 区应急局 | 区住建局 | …", a mark in
    each unit's cell): the names right of the last column a table of tasks names, when most of them name units."""
    last = max((n for n, h in enumerate(headers) if known_header(h) or label_role(h) is not None), default=None)
    if last is None:
        return []
    units = headers[last + 1 :]
    named = sum(1 for h in units if _names_units(h))
    return units if named >= MIN_MATRIX_UNITS and named * 3 >= len(units) * 2 else []


_ROLE_COLUMN = {Role.LEAD: LEAD, Role.COOPERATING: "配合单位", Role.RESPONSIBLE: "责任单位"}
_LEGEND_LINES = 6  # a matrix's legend is in the note right under it
_LEGEND_ROLE = {"牵头": Role.LEAD, "主办": Role.LEAD, "配合": Role.COOPERATING, "协办": Role.COOPERATING,
                "责任": Role.RESPONSIBLE}


def mark_roles(marks: set[str], legend: str = "") -> dict[str, Role]:
    """What each mark of a matrix means: the legend's word ("注：★为牵头单位，√为配合单位"), else the genre's habit
    (★/● the lead, √/○ the others); a matrix of one mark only ("√") marks who is responsible."""
    roles = {m.group("mark"): _LEGEND_ROLE[m.group("label")] for m in MARK_LEGEND.finditer(legend)}
    if roles:
        return roles
    if len(marks) == 1:
        return {mark: Role.RESPONSIBLE for mark in marks}
    return {mark: Role.LEAD if mark in LEAD_MARKS else Role.COOPERATING for mark in marks}


def _split_header(headers: list[str], block: _Block) -> list[str] | None:
    """A second header row that splits one cell of the first ("责任单位" over "牵头单位 / 配合单位", an Excel header of
    two rows): the headers with that cell replaced by its parts, else None."""
    parts = _cell_names(block)
    if not 2 <= len(parts) < len(headers) or not all(label_role(p) is not None for p in parts):
        return None
    umbrella = next((n for n, h in enumerate(headers) if label_role(h) is not None and h not in parts), None)
    return None if umbrella is None else [*headers[:umbrella], *parts, *headers[umbrella + 1:]]


def _table_end(blocks: list[_Block], first: int, lines: list[str]) -> int:
    """Index of the table's last block (header at `first`)."""
    end, headers = first, _header_names(blocks[first])
    for j in range(first + 1, len(blocks)):
        block = blocks[j]
        if _is_tab_block(block, lines):
            if _header_names(block) and _header_names(block) != headers and not (
                    j == first + 1 and _split_header(headers, block)):
                break  # another table starts (not the second row of a header of two)
            end = j
            continue
        text = lines[block.start - 1].strip()
        next_is_row = (j + 1 < len(blocks) and _is_tab_block(blocks[j + 1], lines)
                       and not _header_names(blocks[j + 1]))
        if blocks[first].inline and block.start == block.end and next_is_row and blocks[j + 1].inline:
            blocks[j] = _Block(block.start, block.end, [[text]], inline=True)  # "二、风险防控…": a section row
            end = j
            continue
        if block.start == block.end and len(text) <= _MAX_CONTINUATION and next_is_row and not heading_of(text):
            blocks[end].cells[-1].append(text)  # a cell continued after a blank line
            blocks[end].end = block.end
            continue
        break
    return end


def _build(doc: str, index: int, lines: list[str], headers: list[str], blocks: list[_Block],
           previous: list[Table], cells_wrap: bool = False) -> Table:
    header_line = blocks[0].start
    title, title_line = _title(lines, header_line, previous)
    label = unique_label(_label(lines, header_line, title, index, previous), previous)
    table = Table(index, title, label, headers, title_line or header_line, max(b.end for b in blocks))
    legend = "\n".join(lines[table.line_end : table.line_end + _LEGEND_LINES])  # a matrix's note, right under it
    year = re.search(r"(20\d\d)\s*年", "\n".join(lines[:_YEAR_LINES]))  # a schedule's months are of the document's year
    _Rows(doc, table, cells_wrap, legend, int(year.group(1)) if year else None).read(blocks[1:])
    return table


def _title(lines: list[str], header_line: int, previous: list[Table]) -> tuple[str, int | None]:
    """The line right above the header: a plain title (part of the table) or a box heading."""
    floor = max((t.line_end for t in previous if t.line_end < header_line), default=0)
    for number in range(header_line - 1, max(floor, header_line - 4), -1):
        line = lines[number - 1]
        if not line.strip():
            continue
        text = repair_spaces(line.strip())
        heading = heading_of(text)
        if heading is not None and heading.style == "box":
            return text, None
        if heading is None and len(text) <= 60 and not text.endswith("。"):
            return text, number
        return "", None
    return "", None


def _label(lines: list[str], header_line: int, title: str, index: int, previous: list[Table]) -> str:
    floor = max((t.line_end for t in previous if t.line_end < header_line), default=0)
    for number in range(header_line - 1, floor, -1):
        heading = heading_of(lines[number - 1])
        if heading is not None and heading.style in ("annex", "box"):
            return heading.label
        if heading is not None and not title and number >= header_line - 2:
            return make_title(heading.rest)[:12]  # "三、任务分工" right above the header names the table
    # a caption's number ("表1　…进展情况表（截至2025年7月15日）" is 表1), else its end without a closing bracket
    core = re.sub(r"[（(][^（）()]*[）)]\s*$", "", title).strip()
    if numbered := re.match(r"表\s*[\d一二三四五六七八九十]+", core):
        return strip_all_spaces(numbered.group())
    match = re.search(r"(?:重点)?任务\S{0,4}(?:表|清单)$", core)
    return match.group() if match else (core[-8:] if core else f"表{index + 1}")


def unique_label(label: str, previous: list[Table]) -> str:
    """Row paths are ids, so a second table under the same label gets "附件2 表2"."""
    same = sum(1 for t in previous if t.label == label or t.label.startswith(f"{label} 表"))
    return f"{label} 表{same + 1}" if same else label


class _Rows:
    """Reads a table's body blocks into `TableRow`s, carrying sections, groups and merged cells."""

    def __init__(self, doc: str, table: Table, cells_wrap: bool = False, legend: str = "", year: int | None = None) -> None:
        self.doc, self.table, self.cells_wrap = doc, table, cells_wrap  # a cell's lines are one wrapped text
        headers = table.headers
        self.matrix, self.legend = matrix_columns(headers), legend  # a responsibility matrix's unit columns
        self.schedule, self.year = schedule_columns(headers), year  # a schedule's month columns, the document's year
        self.marks: dict[str, Role] = {}
        content = next(iter(content_order(headers)), None)
        stop = headers.index(content) if content else 0
        self.grouping = [h for h in headers[:stop] if h != "序号"]
        self.section, self.extra_group = "", ""
        self.section_line = 0
        self.carry: dict[str, str] = {}
        self.previous: dict[str, str] = {}
        self.paths: set[str] = set()
        self.content = content
        # A pasted spreadsheet leaves a merged cell empty below its first row: people columns are merged so, and the
        # principal unit column (every task of a table of tasks has an owner there: its lead, or who is responsible
        # where none leads), so an empty cell there is the owner of the rows it spans.
        roles = {h: found for h in headers if (found := label_role(h)) is not None}
        principal = Role.LEAD if any(r is Role.LEAD and not person for r, person in roles.values()) else Role.RESPONSIBLE
        self.merged_columns = {h for h, (role, person) in roles.items() if person or role is principal}

    def read(self, blocks: list[_Block]) -> None:
        # 开州's rows carry one more cell than the header names: an unnamed group column
        # ("（一）建强…") in front. Decide once per table, so a short last row stays aligned.
        widths = [len(b.cells) for b in blocks if len(b.cells) > 1 and not _header_names(b)]
        wider = sum(1 for w in widths if w == len(self.table.headers) + 1)
        self.extra_column = bool(widths) and wider * 2 > len(widths)
        if self.matrix:
            marks = {text[0] for b in blocks for cell in b.cells if (text := "".join(cell).strip())
                     and text[0] in LEAD_MARKS + OTHER_MARKS and len(text) <= 2}
            self.marks = mark_roles(marks, self.legend)
        for block in blocks:
            cells = [("".join(line.strip() for line in cell) if self.cells_wrap else "\n".join(cell)).strip()
                     for cell in block.cells]
            if not any(cells) or _header_names(block):
                continue  # an empty row, or the header repeated after a page break
            filled = [c for c in cells if c]
            content_only = len(cells) == 1 and self.content and _looks_like_content(cells[0]) \
                and not _section_title(cells[0])
            if not content_only and (len(cells) == 1 or (len(filled) == 1 and cells[0]
                                                          and len(cells) < len(self.table.headers))):
                self.section, self.section_line = repair_spaces(cells[0].replace("\n", "")), block.start
                self.extra_group, self.carry = "", {}
                continue
            self._row(block, cells)

    def _row(self, block: _Block, cells: list[str]) -> None:
        headers = self.table.headers
        if self.extra_column:
            if cells[0]:
                self.extra_group = repair_spaces(cells[0].replace("\n", ""))
            cells = cells[1:]
        elif len(cells) > len(headers):
            cells = cells[: len(headers) - 1] + ["\n".join(cells[len(headers) - 1 :])]
        inherited: list[str] = []
        missing: list[str] = []
        if self.matrix and len(cells) < len(headers):
            cells = cells + [""] * (len(headers) - len(cells))  # a matrix row drops its empty cells at the end
        if len(cells) < len(headers):
            columns = self._placement(cells)
            missing = [h for n, h in enumerate(headers) if n not in columns]  # in the header's order
            placed = dict(zip(columns, cells))
            cells = [placed.get(n, "") for n in range(len(headers))]
        values = dict(zip(headers, cells))
        for name, value in values.items():
            ditto = value.strip() in DITTO_MARKS  # "同上": the cell above, repeated
            merged = block.inline and not value.strip() and name in self.merged_columns
            if (ditto or merged) and self.previous.get(name):
                values[name] = self.previous[name]
                inherited.append(name)
        for name in missing:
            # A cell that spans rows is written only in the first row it covers (right of the content too).
            if name not in self.grouping and self.previous.get(name):
                values[name] = self.previous[name]
                inherited.append(name)
        for position, name in enumerate(self.grouping):
            if values[name]:
                if values[name] != self.carry.get(name):
                    for later in self.grouping[position + 1 :]:
                        self.carry.pop(later, None)
                self.carry[name] = values[name]
            elif name in self.carry:
                values[name] = self.carry[name]
                inherited.append(name)
        if self.matrix:
            self._marked_units(values)
        if self.schedule:
            marked = [name for name in self.schedule if values.pop(name, "").strip()]
            if marked and not any(is_deadline_label(h) for h in values):
                values["完成时限"] = schedule_due(marked, self.schedule, self.year)
        group = repair_spaces(values[self.grouping[0]].replace("\n", "")) if self.grouping else self.extra_group
        if LEAD not in values:
            lead = group_lead(group)
            if lead:
                values[LEAD] = lead
                inherited.append(LEAD)
        self.previous = dict(values)
        number = self._number(values)
        path = self._path(number)
        self.table.rows.append(TableRow(
            doc=self.doc, table=self.table.index, table_title=self.table.title, number=number, cells=values,
            inherited=inherited, section=self.section, group=group, path=path,
            line_start=block.start, line_end=block.end, section_line=self.section_line,
        ))

    def _marked_units(self, values: dict[str, str]) -> None:
        """A matrix row's marks ("区应急局: ★", "区住建局: √") as the unit columns a table of tasks has
        ("牵头单位: 区应急局", "配合单位: 区住建局")."""
        by_role: dict[Role, list[str]] = {}
        for name in self.matrix:
            mark = values.pop(name, "").strip()[:1]
            if mark in self.marks:
                by_role.setdefault(self.marks[mark], []).append(name)
        for role, names in by_role.items():
            values[_ROLE_COLUMN[role]] = "、".join(names)

    def _placement(self, cells: list[str]) -> tuple[int, ...]:
        """The columns a short row's cells go to, in order: the choice whose columns fit them best (a long
        sentence in the content column, unit lists in unit columns, digits under 序号, dates under 完成时限).
        Ties go to cells side by side, then right: the cells a row leaves out are mostly the grouping columns
        on the left that span from above, but a merged 牵头单位 or 完成时限 leaves a gap of its own."""
        headers = self.table.headers
        if len(cells) == 1 and self.content and _looks_like_content(cells[0]):
            return (headers.index(self.content),)
        fit = [[_fit(header, kind) for header in headers] for kind in map(_CellKind.of, cells)]
        runs = [tuple(range(k, k + len(cells))) for k in range(len(headers) - len(cells) + 1)]
        choices = combinations(range(len(headers)), len(cells)) if comb(len(headers), len(cells)) <= _MAX_PLACEMENTS \
            else runs  # a very wide table: cells side by side only
        scored = [(sum(fit[n][k] for n, k in enumerate(columns)), columns in runs, columns) for columns in choices]
        return max(scored)[2]

    def _number(self, values: dict[str, str]) -> str:
        own = values.get("序号", "").strip()
        if own:
            return str(int(own)) if own.isdigit() else own
        content = next((values[h] for h in content_order(values) if values.get(h)), "")
        match = _LEADING_NUMBER.match(content)
        return match.group(1) if match else ""

    def _path(self, number: str) -> str:
        label = self.table.label
        base = f"{label} 第{number}项" if number else f"{label} 第{len(self.table.rows) + 1}行"
        path, n = base, 1
        while path in self.paths:
            n += 1
            path = f"{base}#{n}"
        self.paths.add(path)
        return path


def group_lead(group: str) -> str:
    """The 牵头单位 a group header names ("…攻坚行动（牵头单位：区消防救援支队）", "一、隐患排查整治（县消防救援大队牵头）"),
    "" if none."""
    from assistant.corpus.grammar import annotations_in

    for annotation in annotations_in(group):
        if not annotation.parts and (leads := [c for c in annotation.claims if c.role is Role.LEAD and c.units]):
            return "、".join(leads[0].units)
        for role, _label, content in annotation.parts:
            if role is Role.LEAD:
                return content.strip()
    return ""


def _section_title(cell: str) -> bool:
    """"二、电动自行车及住宅小区消防治理（县住建局牵头）": a part's title between rows, however long, is no row."""
    heading = heading_of(cell.strip())
    return heading is not None and heading.style in ("section", "chapter") and "。" not in cell


def _looks_like_content(cell: str) -> bool:
    text = cell.strip()
    return len(text) >= 20 or "。" in text


@dataclass(frozen=True)
class _CellKind:
    """What a cell's text is, read once per cell and compared with each column's name (`_fit`)."""

    text: str
    dated: bool  # it states a deadline
    digits: bool  # it is a number alone ("12")
    units: bool  # it names units or people
    content: bool  # it reads like a task's text
    figure: bool  # a figure, with or without its unit ("9", "15分", "3.5万元")

    @classmethod
    def of(cls, cell: str) -> _CellKind:
        text = cell.strip()
        return cls(text, bool(deadlines_in(text)) or text in STANDING_TIME_SLOTS, bool(re.fullmatch(r"\d{1,3}", text)),
                   bool(text) and _names_units(text),
                   _looks_like_content(text), bool(FIGURE_CELL.fullmatch(text)))


# A cell that is a figure, with or without its unit ("9", "15分", "3.5万元"), and a group cell that states one
# after its name ("消防安全责任14分"); read as whole cells (fullmatch).
FIGURE_CELL = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>(?:万|亿)?[^\d\s.，。；]{0,2})")
NAMED_FIGURE = re.compile(r"(?P<name>\D+?)\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s.，。；]{1,2})")
FIGURE_COLUMNS = ("分值", "数量", "金额", "面积")  # columns of figures named without a unit


def _fit(header: str, cell: _CellKind) -> float:
    """How well a cell fits a column (positive fits, negative does not, 0 says nothing)."""
    text = cell.text
    if not text:
        return 0.0
    if header == "序号":
        return 1.0 if cell.digits else -1.0
    if label_role(header) is not None:
        if len(text) > 60 or "。" in text or cell.digits or (cell.dated and not cell.units):
            return -1.0
        if label_role(header)[1]:  # a column of people (牵头市领导): a name with a post fits it better than a body
            return 1.0 if _PERSON_WITH_POST.search(text) else 0.5 if cell.units else 0.0
        return 1.0 if cell.units else 0.0
    if any(header.startswith(d) for d in DEADLINE_LABELS):
        return 1.0 if cell.dated or text in ("—", "——", "/") else -1.0
    if FIGURE_HEADER.match(header) or header in FIGURE_COLUMNS:
        return 1.0 if cell.figure else -1.0
    if is_content_header(header):
        if cell.content:
            return 1.0
        return 0.5 if not (cell.digits or cell.figure or cell.dated or cell.units) else -0.5
    return 0.0 if cell.units else 0.5 if len(text) <= 30 else -0.5  # units belong in unit columns


_PERSON_WITH_POST = re.compile(r"(?:市长|区长|县长|镇长|乡长|书记|主任|局长|部长|同志)(?:[）)])?$|^[\u4e00-\u9fff]{2,4}[（(]")


def _names_units(text: str) -> bool:
    """A cell that is a list of unit names or people ("县住建局、各乡镇人民政府", "王强（镇党委委员）"), of collectives
    among them ("区消防安全委员会成员单位、各相关部门、镇街")."""
    names = [n for part in split_outside_brackets(text) for n in re.split(r"\s+|和|及", part) if n]  # "各县（市、区）政府"
    return bool(names) and all(is_unit_like(n) or is_generic(n) or n.endswith(("成员单位", "镇街", "街镇"))
                               or re.fullmatch(r"[\u4e00-\u9fff]{2,4}[（(][^（）()]{2,20}[）)]", n) for n in names)
