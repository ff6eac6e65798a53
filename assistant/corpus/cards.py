"""Task cards: a 任务书 that gives each task a small table of its own, two columns, one field per line.

    任务编号 | 2025-03
    任务名称 | 高层住宅建筑消防安全综合治理
    牵头单位 | 市住建局
    配合单位 | 市消防救援支队、各区（县）政府
    完成时限 | 2025年9月30日前
    工作要求 | 对全市1286栋高层住宅建筑消防设施开展全面检测评估，…
    建成、消防设施损坏严重的213栋高层住宅制定改造计划…      ← the value above, continued

A field line is "字段 | 值", "字段<TAB>值" or "字段：值". A card opens with a field that names or numbers
its task (任务编号, 任务名称, 事项名称, 序号…), holds at least `MIN_FIELDS` fields, one of them a role
label (牵头单位, 配合单位, 责任单位, 责任领导…), and ends at a blank line that nothing of the card follows
or where the next card opens. Each card is a `TableRow` of one table, so the ledger reads it as it reads
any other table's row. Pure functions over the document's lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.corpus.clauses import heading_of
from assistant.corpus.tables import Table, known_header, unique_label
from assistant.lexicon import label_role
from assistant.models import TableRow

MIN_FIELDS = 3  # fewer field lines are label lines under a heading, which the body reader reads
LOOKAHEAD = 3  # lines after a blank (a page footer removed) searched for a field the card still lacks
_FIELD_LINE = re.compile(r"^\s*(?P<key>[\u4e00-\u9fff]{2,8})\s*(?:\||\t|[：:])\s*(?P<value>.*?)\s*$")
# fields that name or number the task a card is about, so the card opens with one of them
_OPENING = re.compile(r"^[\u4e00-\u9fff]{0,4}(?:编号|名称)$|^序号$")
_NUMBER = re.compile(r"^[\u4e00-\u9fff]{0,4}编号$|^序号$")
# fields of a card beyond a table's headers: what the task demands and how it is checked
_CARD_FIELD = re.compile(r"^[\u4e00-\u9fff]{0,4}(?:编号|名称|要求|方式|目标|标准|依据)$")


def _field(line: str) -> tuple[str, str] | None:
    match = _FIELD_LINE.match(line)
    if match is None or "|" in match.group("value"):  # "序号 | 任务 | 牵头单位": a table's header row
        return None
    key = match.group("key")
    if known_header(key) or label_role(key) is not None or _CARD_FIELD.match(key):
        return key, match.group("value")
    return None


@dataclass
class _Card:
    start: int  # 1-based
    end: int
    fields: dict[str, list[str]] = field(default_factory=dict)  # key → the value's lines
    last: str = ""

    @property
    def opening(self) -> str:
        return next(iter(self.fields))

    def is_card(self) -> bool:
        return (len(self.fields) >= MIN_FIELDS and bool(_OPENING.match(self.opening))
                and any(label_role(key) is not None for key in self.fields))


def _cards(lines: list[str], taken: set[int]) -> list[_Card]:
    cards: list[_Card] = []
    current: _Card | None = None
    blank = False

    def close() -> None:
        nonlocal current
        if current is not None and current.is_card():
            cards.append(current)
        current = None

    for number, line in enumerate(lines, start=1):
        if number in taken:
            close()
            continue
        if not line.strip():
            blank = current is not None
            continue
        found = _field(line)
        if found is not None and (current is None or found[0] in current.fields or (blank and found[0] == current.opening)):
            close()  # a field the card already has: the next card opens
        if found is not None and current is None and not _OPENING.match(found[0]):
            blank = False
            continue
        if found is not None:
            current = current or _Card(number, number)
            current.fields[found[0]] = [found[1]]
            current.last, current.end, blank = found[0], number, False
        elif current is not None and heading_of(line.strip()) is None and (not blank or _resumes(lines, number, current)):
            current.fields[current.last].append(line.strip())
            current.end, blank = number, False
        else:
            close()
    close()
    return cards


def _resumes(lines: list[str], number: int, card: _Card) -> bool:
    """After a blank (where a page footer was), does a field the card lacks follow within LOOKAHEAD lines?"""
    for line in lines[number : number + LOOKAHEAD]:
        if (found := _field(line)) is not None:
            return found[0] not in card.fields
    return False


def find_cards(doc: str, lines: list[str], taken: set[int], previous: list[Table]) -> list[Table]:
    """The task cards of a document as one table per run of cards (lines in `taken` belong to other tables)."""
    tables: list[Table] = []
    for card in _cards(lines, taken):
        if not tables or any(t.line_end > tables[-1].line_end and t.line_start < card.start for t in previous):
            index = len(previous) + len(tables)
            tables.append(Table(index, "", _label(lines, card.start, [*previous, *tables]), [], card.start, card.end))
        table = tables[-1]
        cells = {key: "\n".join(value).strip() for key, value in card.fields.items()}
        table.headers += [key for key in cells if key not in table.headers]
        number = next((value for key, value in cells.items() if _NUMBER.match(key) and value), "")
        table.rows.append(TableRow(
            doc=doc, table=table.index, table_title=table.title, number=number, cells=cells, inherited=[],
            section="", group="", path=_path(table, card, cells, number), line_start=card.start, line_end=card.end))
        table.line_end = card.end
    return tables


def _label(lines: list[str], start: int, previous: list[Table]) -> str:
    """The annex or box heading above the first card ("附件2"), else "任务卡"; unique among `previous`."""
    floor = max((t.line_end for t in previous if t.line_end < start), default=0)
    for number in range(start - 1, floor, -1):
        heading = heading_of(lines[number - 1])
        if heading is not None and heading.style in ("annex", "box"):
            return unique_label(heading.label, [t for t in previous if t.line_end < start])
    return unique_label("任务卡", previous)


def _path(table: Table, card: _Card, cells: dict[str, str], number: str) -> str:
    """"附件 任务2025-03" for a card numbered by 任务编号, else "附件 第N项" in the order of the cards."""
    key = next((k for k in cells if _NUMBER.match(k)), "")
    if number and key.endswith("编号") and len(key) > 2:
        return f"{table.label} {key[:-2]}{number}"
    if number:
        return f"{table.label} 第{number}项"
    return f"{table.label} 第{len(table.rows) + 1}项"

