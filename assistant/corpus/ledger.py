"""The task ledger: who leads, cooperates on or is responsible for each task, and by when.

Sources, most explicit first (the forms themselves are `corpus/grammar.py`'s table):
1. table rows with unit (or person) columns;
2. annotations closing an item or a sentence — "（责任单位：…）", "（X牵头，Y配合）": each closes the text
   since the previous annotation, so an item with two annotated sentences gives two tasks;
3. label lines under a heading ("牵头单位：…" / "牵头领导：…"): the heading is the task;
4. duty sections: the items after "X应当履行下列职责：", under a heading that is a unit, or after
   "X：" — each clause is X's task, in the role its verb says (牵头 → lead, 配合/协助 → cooperating);
5. prose: each sentence (or clause) with an owner ("由X牵头，Y配合", "X负责…", "9月30日前，X完成…").
A task without a deadline of its own takes the date that opens its item or that its heading
states ("（一）动员部署阶段（8月31日前）"). A body clause and a table row describing the same work
with different units are both kept, each listing the other in `conflicts`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.corpus.clauses import heading_of, make_title
from assistant.corpus.grammar import (
    DEADLINE_FIRST,
    Annotation,
    Claim,
    annotations_in,
    deadline_of_heading,
    duty_intro,
    duty_line,
    label_line,
    lead_marked,
    outside_brackets,
    people_in,
    prose_claims,
    respective,
    served_units,
    unit_heading,
)
from assistant.corpus.normalize import normalize_for_match, repair_spaces
from assistant.corpus.references import SELF_REFERENCE, label_number, numbers_of
from assistant.corpus.tables import NAME_HEADERS, content_cell, detail_cells, group_lead
from assistant.corpus.units import UnitGazetteer, is_unit_like, unit_key
from assistant.lexicon import (
    ADDRESSEES,
    AGENT_FIRST,
    DEADLINE_PATTERN,
    EXTENDED,
    HANDLING,
    LIST_DECLARATION,
    PARTIES,
    REMARK_HEADERS,
    ROLE_VERB,
    ROLE_VERB_PATTERN,
    SPEAKERS,
    TELLING,
    TOGETHER_WITH,
    UNCHANGED,
    Role,
    deadlines_in,
    is_deadline_label,
    label_role,
    verb_role,
)
from assistant.models import Clause, TableRow, Task

# Headings whose text describes the situation or aims, not assignments of work.
_NO_TASKS = re.compile(
    r"形势|回顾|进展|机遇|指导思想|基本原则|发展目标|总体要求|整治目标|工作目标|总体目标|具体目标|前言|适用范围|治理范围|"
    r"名词解释|"
    # what was done and what is lacking, in a 总结 or a 答复 ("一、2025年工作开展情况", "一、基本情况", "二、存在的问题")
    r"基本情况|开展情况|工作成效|主要成效|取得的?成效|存在的?问题|主要问题"
)
MAX_HEADING_CHARS = 20  # a longer title is an item's lead sentence, not a section heading


def _background(title: str) -> bool:
    """"（一）工作目标", "一、指导思想": a heading of a section that sets out aims, not tasks. A lead sentence
    that uses such a word ("…健全考核评价体系，明确消防工作目标责任") is no such heading."""
    title = title.strip()
    return len(title) <= MAX_HEADING_CHARS and not re.search(r"[，,；;]", title) and bool(_NO_TASKS.search(title))


_SENTENCE = re.compile(r"(?<=[。；;！？!?])|\n")
_SET_APART = re.compile(r"^其中[，,]")  # "其中，“消防安全第一课”由市教育局负责": a part of a task with its own owner
_CLAUSE = re.compile(r"(?<=[，,；;。])")
_DATE_OPENING = re.compile(rf"^\s*(?P<date>(?:{DEADLINE_PATTERN.pattern})(?:\s*(?:{DEADLINE_PATTERN.pattern}))*)\s*[，,、]")
# A sentence that opens with its time, after a connective or a request ("此后，请于每季度最后一个周五前…")
_TIMED_SENTENCE = re.compile(rf"^\s*(?:此后|之后|然后|同时|并)?[，,]?\s*(?:请|要|须|应)?(?:于|在)?\s*(?:{DEADLINE_PATTERN.pattern})")
_CONDITION_FIRST = re.compile(r"^[^，,。；;]*的[，,]")
# "第一季度：A…，B…；第二季度：…": a schedule's period label dates every task up to the next label
_PERIOD_LABEL = re.compile(rf"^\s*(?P<date>(?:{DEADLINE_PATTERN.pattern}))\s*[：:]")
# "需要查询…的，" / "对无行业主管部门的高层建筑，": a condition or a topic, not a duty of the owner in force.
_CONDITION = re.compile(r"的[，,]\s*$|^\s*(?:对于|对|针对|关于|凡是|凡)[^，,。；]{1,40}[，,]\s*$")
_ROLE_VERB_START = re.compile(
    r"^(?:[^，,。；;]{1,4}?并|同时|还|也|要|应|积极|主动|负责)?(?P<verb>牵头|配合|协助|协同|会同|参与|具体负责|负责)")
_ITEM_MARK = re.compile(r"^(?:[①-⑳]|[（(]\d{1,2}[）)])\s*")
# A table cell of numbered duties ("①承担…；②每年牵头…；③会同…"): each item is a task of the row's units.
_CELL_ITEM = re.compile(r"(?=[①-⑳])|(?<=[。；;])\s*(?=[（(]\d{1,2}[）)])")
_JOINTLY_WITH = re.compile(r"^(?:并|还|要|应)?(?:与|和|同)(?P<partners>[^，,。；;与和]{2,40}?)共同(?!牵头)")
# A clause that is only a date or a connective ("年底前，", "同时，") opens what follows; it is nobody's task.
_OPENING_ONLY = re.compile(rf"^\s*(?:同时|此外|另外|其中|并且|对此|为此|必要时)?\s*(?:(?:{DEADLINE_PATTERN.pattern})\s*)*[，,、]?\s*$")
# "积极依托“红色物业”创建工作，" / "按照市里部署要求，": the means or grounds of what the next clause does
_MEANS_ONLY = re.compile(r"^\s*(?:积极|充分|要|应|并)?(?:依托|结合|围绕|借助|依据|根据|按照|立足|利用|紧扣)[^，,。；;]{1,24}?"
                         r"(?:工作|计划|要求|部署|实际|契机|平台|机制|活动|行动|优势|职能|职责|资源|规定|精神)[，,]\s*$")
_BARE_LEAD = re.compile(r"^(?:由)?[^，,。；;]{2,40}?(?:牵头|负责牵头|牵头负责)[，,]$")
# "排查主体：…", "工作要求：…": a short label before a sentence that is not a unit.
_LEAD_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,6}[：:]")


def extract_tasks(doc: str, clauses: list[Clause], tables: list[list[TableRow]],
                  gazetteer: UnitGazetteer, lines: list[str] | None = None, issuer: str = "") -> list[Task]:
    """All tasks of one document, in line order, with body↔table conflicts marked. `lines`: the document's
    lines, where a table's note stating how it names its lead may stand outside every clause; `issuer`: the body
    that issued it, who "我委" / "我局" is."""
    texts = lines if lines is not None else [c.text for top in clauses for c in top.walk()]
    reader, rest_role = BodyReader(doc, gazetteer), _document_rule(texts, _FIRST_LISTED_LEADS)
    marked_rest = _document_rule(texts, _MARKED_LEADS)
    tasks = []
    for row in (row for rows in tables for row in rows):
        if (task := row_task(row, gazetteer, marked_rest)) is None:
            continue
        if rest_role is not None and _lead_left_blank(row) and task.responsible_units:
            # "“牵头单位”栏标注“/”的，表中排在第一位的为牵头单位，其余为配合单位": the document's own rule
            first, *rest = task.responsible_units
            task.lead_units, task.responsible_units = [first], rest if rest_role is Role.RESPONSIBLE else []
            task.cooperating_units = task.cooperating_units + (rest if rest_role is Role.COOPERATING else [])
        tasks += reader.duties_of_row(task, detail_cells(row.cells))
    for task in tasks:
        if not task.deadline:  # a duty roster under "（二）活动期间管控阶段（1月29日至2月4日）": the phase's dates
            task.deadline = _heading_deadline(clauses, task.line_start)
    tasks += BodyReader(doc, gazetteer).read(clauses)
    _move_extended_deadlines(tasks)
    for default in _default_deadlines(texts):
        for task in tasks:  # "注：表中未注明完成时限的，均于2025年12月底前完成": the deadline of every row without one
            if default.covers(task, lines is not None):
                task.deadline = default.deadline
                if not (task.line_start <= default.line <= task.line_end):  # cite the rule beside the task
                    task.deadline_clause, task.deadline_line = _clause_at(clauses, default.line), default.line
    if greetings := _greetings(clauses, gazetteer):
        for task in tasks:  # "由你区向市消安委办…提出销案申请" in a letter to "青石区人民政府："
            addressed = [units for line, units in greetings if line < task.line_start][-1:]
            for role in Role:
                named = [[*addressed[0]] if addressed and u in ADDRESSEES else [u] for u in task.units(role)]
                setattr(task, role.field, list(dict.fromkeys(n for names in named for n in names)))
    if issuer and any(u in SPEAKERS for task in tasks for u in task.all_units):
        speaker = _own_spelling(issuer, tasks, gazetteer, lines or [])
        named = [n for n, line in enumerate(lines or [], start=1) if speaker in line]  # lines that name it
        for task in tasks:  # "我委将会同区消防救援支队…" in a letter of 檀州区住房和城乡建设委员会, who calls itself 区住建委
            if not any(u in SPEAKERS for u in task.all_units):
                continue
            for role in Role:
                setattr(task, role.field, list(dict.fromkeys(speaker if u in SPEAKERS else u for u in task.units(role))))
            if named and not task.owner_line:  # cite the line that names the speaker: the nearest above, else below
                line = max((n for n in named if n <= task.line_start), default=named[0])
                task.owner_clause, task.owner_line = _clause_at(clauses, line), line
    if parties := defined_parties(clauses):
        for task in tasks:  # "乙方负责…" of a 责任书 whose "乙方：＿＿村民委员会" names the party
            named = [parties[u] for u in task.all_units if u in parties]
            for role in Role:
                setattr(task, role.field, [parties[u].name if u in parties else u for u in task.units(role)])
            if named and not task.owner_line:  # cite the line that names the party
                task.owner_clause, task.owner_line = named[0].clause, named[0].line
    tasks.sort(key=lambda t: (t.line_start, t.source, t.part))
    mark_conflicts(tasks, gazetteer)
    return tasks


def _clause_at(clauses: list[Clause], line: int) -> str:
    """The path of the innermost clause holding `line`, "" when none does."""
    holding = [c for root in clauses for c in root.walk() if c.line_start <= line <= c.line_end]
    return min(holding, key=lambda c: c.line_end - c.line_start).path if holding else ""


MAX_SPELLING_CHARS = 12  # a body's short name in its own letter ("区住建委", "县应急管理局") is no longer


def _own_spelling(issuer: str, tasks: list[Task], gazetteer: UnitGazetteer, lines: list[str]) -> str:
    """How a document names its issuer ("该建议由区住建委主办" for 檀州区住房和城乡建设委员会): the shortest spelling
    of the same body among its owners, else in its text, else the gazetteer's, else the issuer's name as given."""
    same = [u for task in tasks for u in task.all_units if u not in SPEAKERS and gazetteer.same(u, issuer)]
    if not same:  # a spelling in the text: a stretch ending where the issuer's name ends ("…委"), the same body
        ends = {issuer[-1], unit_key(issuer)[-1:]}
        same = [line[start:end] for line in lines for end, char in enumerate(line, start=1) if char in ends
                for start in range(max(0, end - MAX_SPELLING_CHARS), end - 2)
                if line[start:end] != issuer and gazetteer.same(line[start:end], issuer)]
    return min(same, key=len, default=None) or gazetteer.resolve(issuer) or issuer


MIN_NAME_OVERLAP = 0.3  # share of a task name's character pairs a table row must hold to be the task it names


def _move_extended_deadlines(tasks: list[Task]) -> None:
    """"2.充电点位建设。剩余5处…充电点位建设任务完成时限延期至2025年8月31日": the table row of the task a later part
    names gets the new deadline (the row with the largest share of the name's character pairs)."""
    rows = [t for t in tasks if t.source == "table"]
    for task in (t for t in tasks if t.source == "body"):
        text = _text_without_label(task.text)
        if not rows or not (moved := EXTENDED.search(text)) or not (dates := deadlines_in(text[moved.end():])):
            continue
        # the name: the item's own title ("下塘村通道清障"), or that with what the sentence says before the new date
        names = [normalize_for_match(name) for name in (task.title, task.title + text[: moved.start()])]
        pairs = [{name[i : i + 2] for i in range(len(name) - 1)} for name in names]

        def overlap(row: Task) -> float:
            named = normalize_for_match(row.title + row.text)
            return max(sum(pair in named for pair in these) / max(len(these), 1) for these in pairs)

        best = max(rows, key=overlap)
        if overlap(best) >= MIN_NAME_OVERLAP:
            best.deadline = dates[0]


NO_VALUE = ("", "—", "——", "/", "－", "-", "无")  # a cell that says there is none ("配合单位：—")
_FIRST_LISTED_LEADS = re.compile(r"(?:排在第一位|排名第一|排在首位|排在最前|列第一位)的?(?:单位)?(?:为|是)牵头单位"
                                 r"(?:[，,；;]\s*(?:其余|其他)(?:的|单位)?(?:为|是)(?P<rest>配合单位|责任单位))?")


# "注:责任单位栏中标注“（牵头）”或“*”号的为牵头单位，其余为配合单位": what the units beside a marked lead are
_MARKED_LEADS = re.compile(r"(?:标注|标有|标明|注明|标)[^。；;]{0,30}?的?(?:为|是)牵头单位"
                           r"[，,；;]\s*(?:其余|其他|另一|另外)(?:的|个)?(?:单位)?(?:为|是)(?P<rest>配合单位|责任单位)")


# "表中未注明完成时限的，均于…前完成", "以上职责除另有时限要求外，均为常态化工作，每季度至少开展一次"
# "完成时限栏未填写的，均于…前完成": the column named first
_DEFAULT_DEADLINE = re.compile(r"[^。；;]{0,12}?(?:(?:未注明|未明确|未列明|未列|未标注|没有注明|除另有|除注明外)"
                               r"[^。；;]{0,16}?(?:时限|时间)[^。；;]{0,8}?"
                               r"|(?:时限|时间)[^。；;]{0,4}?(?:未填写|未填|为空|空白|未注明|未标注|未列明))"
                               r"[的外][，,]?(?P<rest>[^。；;]{2,40})")


@dataclass(frozen=True)
class DefaultDeadline:
    """A deadline a document gives every task that states none, in its tables or in the text above it."""

    deadline: str
    of_tables: bool
    line: int  # 1-based line of the rule (the text above it is what "以上" covers); 0 when unknown
    whole: bool = False  # said of the whole document ("本任务书…未列完成时限的，于…前完成"), not of "以上": every task

    def covers(self, task: Task, lines_known: bool) -> bool:
        if task.deadline:
            return False
        if self.whole:
            return True
        above = self.of_tables or not lines_known or task.line_start < self.line
        return (task.source == "table") == self.of_tables and above


def _default_deadlines(texts: list[str]) -> list[DefaultDeadline]:
    found = []
    for number, text in enumerate(texts, start=1):
        for rule in _DEFAULT_DEADLINE.finditer(text):
            if dates := deadlines_in(rule.group("rest")):
                said_of = text[rule.start(): rule.start("rest")]
                # said of a table or a list: in the rule's own words, or in its paragraph ("任务清单共列…。…未标注时限的任务于…")
                of_tables = bool(re.search(r"表中|表内|上表|表格|清单中|栏", said_of)) \
                    or bool(re.search(r"表格|清单|[上下附]表", text[: rule.start()]))
                whole = not of_tables and not re.search(r"以上|上述|上列", text[: rule.start("rest")])
                found.append(DefaultDeadline(dates[0], of_tables, number, whole))
    return found


def _lead_left_blank(row: TableRow) -> bool:
    """Does the row have a 牵头单位 column with nothing (or "/") in it?"""
    return any(label_role(name) == (Role.LEAD, False) and value.strip() in NO_VALUE for name, value in row.cells.items())


def _document_rule(texts: list[str], rule: re.Pattern[str]) -> Role | None:
    """When the document states how a table names its lead (a table's 说明: `_FIRST_LISTED_LEADS`,
    `_MARKED_LEADS`), the role of the other units (cooperating when it says "其余为配合单位"), else None."""
    for text in texts:
        if match := rule.search(text):
            return Role.COOPERATING if match.group("rest") == "配合单位" else Role.RESPONSIBLE
    return None


def _heading_deadline(clauses: list[Clause], line: int) -> str:
    """The dates of the innermost phase heading over `line` (a table's line: the last heading before it and
    the headings that heading sits under), or ""."""
    nodes = [n for root in clauses for n in root.walk() if n.line_start <= line]
    if not nodes:
        return ""
    last = max(nodes, key=lambda n: n.line_start)
    due = ""
    for node in nodes:  # in document order, outer before inner
        if node.kind not in ("preamble", "annex") and node.line_start <= last.line_start <= node.subtree_end:
            due = deadline_of_heading(node.title) or due
    return due


_PARTY = re.compile(rf"(?P<party>{'|'.join(PARTIES)})\s*[:：]\s*[＿_\s]*(?!{'|'.join(PARTIES)})(?P<name>[^＿_\s：:（(，,；;。]{{2,30}})")


@dataclass(frozen=True)
class Party:
    """A party a responsibility letter names once (甲方, 乙方): its name and the line that gives it."""

    name: str
    clause: str  # where the letter names it
    line: int


def defined_parties(clauses: list[Clause]) -> dict[str, Party]:
    """The parties a responsibility letter defines ("甲方：苇塘镇人民政府　乙方：＿＿＿＿村民委员会" → 甲方 is
    苇塘镇人民政府, 乙方 村民委员会); the first definition of each, with the line that gives it."""
    parties: dict[str, Party] = {}
    for clause in (c for top in clauses for c in top.walk()):
        for offset, text in enumerate(clause.text.split("\n")):
            line = clause.text_lines[offset] if offset < len(clause.text_lines) else clause.line_start + offset
            for match in _PARTY.finditer(text):
                if is_unit_like(match.group("name")):
                    parties.setdefault(match.group("party"), Party(match.group("name"), clause.path, line))
    return parties


_GREETING = re.compile(r"^\s*(?P<names>[^：:。；;！!？?]{2,80}?)\s*[：:]\s*$")


def _greetings(clauses: list[Clause], gazetteer: UnitGazetteer) -> list[tuple[int, tuple[str, ...]]]:
    """The greeting lines of a document's letters ("青石区人民政府：", "市教育局、市民政局："): the line and who
    is addressed, whom "你区" / "你单位" in the letter below it names."""
    found = []
    for clause in (c for top in clauses for c in top.walk()):
        for offset, text in enumerate(clause.text.split("\n")):
            line = clause.text_lines[offset] if offset < len(clause.text_lines) else clause.line_start + offset
            if (greeting := _GREETING.match(text)) and (units := gazetteer.split(greeting.group("names"))) and all(
                    is_unit_like(u) for u in units):
                found.append((line, tuple(units)))
    return sorted(found)


# --- tables -------------------------------------------------------------------------------------

class _Roles:
    """Units (and people) gathered per role, and the document's labels that named them."""

    def __init__(self) -> None:
        self.units: dict[Role, list[str]] = {role: [] for role in Role}
        self.leaders: list[str] = []
        self.labels: list[str] = []
        self.statements: list[dict] = []

    def add(self, role: Role, label: str, units, person: bool = False) -> None:
        target = self.leaders if person else self.units[role]
        for unit in units:
            if unit not in target:
                target.append(unit)
        if units and label not in self.labels:
            self.labels.append(label)

    def add_claims(self, claims) -> None:
        for claim in claims:
            self.add(claim.role, claim.label, claim.units, claim.person)
            if claim.sentence:
                statement = next((s for s in self.statements if s["text"] == claim.sentence), None)
                if statement is None:
                    statement = {"text": claim.sentence, **{role.value: [] for role in Role}}
                    self.statements.append(statement)
                statement[claim.role.value] += [u for u in claim.units if u not in statement[claim.role.value]]

    def __bool__(self) -> bool:
        return bool(self.labels)

    def key(self) -> tuple:
        return tuple(tuple(self.units[r]) for r in Role) + (tuple(self.leaders),)

    def task(self, **fields) -> Task:
        return Task(lead_units=self.units[Role.LEAD], cooperating_units=self.units[Role.COOPERATING],
                    responsible_units=self.units[Role.RESPONSIBLE], leaders=self.leaders, labels=self.labels,
                    statements=self.statements if len(self.statements) > 1 else [], **fields)


def row_task(row: TableRow, gazetteer: UnitGazetteer, marked_rest: Role | None = None) -> Task | None:
    """The task of a table row, or None when the row names no unit or person. `marked_rest`: the role of
    the units beside one marked as the lead ("县住建局（牵头）、县财政局"), when the document rules it."""
    roles = _Roles()
    partnered = any(label_role(name) == (Role.COOPERATING, False) for name in row.cells)
    for name, value in row.cells.items():
        found = label_role(name)
        if found is not None and value.strip() not in NO_VALUE:
            role, person = found
            if name.startswith(HANDLING) and not partnered:  # a 权责清单's 承办机构: who handles it, no 协办 beside
                role = Role.RESPONSIBLE
            if not person and (labelled := label_line(value.strip(), gazetteer)) is not None and labelled.claims:
                roles.add_claims(labelled.claims)  # "配合：县公安局、县商务局" in a 责任单位 cell: the cell's own label
                continue
            units = gazetteer.split(value) if not person else people_in(value)
            leads, units = lead_marked(units) if not person else ((), units)
            if leads:  # a 责任单位 cell "区应急局（牵头）、区公安分局": the marked one leads
                roles.add(Role.LEAD, "牵头", list(leads))
                role = marked_rest or role
            roles.add(role, name, list(units), person)
    for name in REMARK_HEADERS:  # "备注：配合：区住建局、区消防救援大队": owners the remarks add
        for line in filter(str.strip, (row.cells.get(name) or "").split("\n")):
            labelled = label_line(line, gazetteer)
            roles.add_claims(labelled.claims if labelled is not None else prose_claims(line, gazetteer))
    if not roles:
        return None
    section_lead = ""
    if roles.units[Role.COOPERATING] and not roles.units[Role.LEAD] and not roles.units[Role.RESPONSIBLE] \
            and (section_lead := group_lead(row.section)):
        # a row that names only who cooperates, under "一、隐患排查整治（县消防救援大队牵头）": the section's lead leads it
        roles.add(Role.LEAD, "牵头", gazetteer.split(section_lead))
    cells = row.cells
    content = content_cell(cells)
    # A short name of the task in its own column ("工作任务") when the content is elsewhere.
    short = next((cells[h] for h in NAME_HEADERS if cells.get(h, "").strip() and cells[h] != content), "")
    details = detail_cells(cells)
    deadline = next((v.strip() for k, v in cells.items()
                     if is_deadline_label(k) and v.strip() not in NO_VALUE + UNCHANGED), "")
    text = "\n".join([short, content, *details] if short else [content, *details])
    task = roles.task(
        doc=row.doc, source="table", clause=row.path,
        title=make_title(re.sub(r"^\s*\d{1,3}\s*[.．、]+\s*", "", short)) if short else _lead_title(content),
        text=text, deadline=deadline or "；".join(deadlines_in(content)),
        line_start=row.line_start, line_end=row.line_end, group=row.group or row.section,
    )
    if section_lead and row.section_line:  # cite the section row that names the lead beside the row
        heading = heading_of(row.section)
        task.owner_clause = f"{row.path.rsplit(' 第', 1)[0]} {heading.label if heading else row.section[:12]}"
        task.owner_line = row.section_line
    return task


# A task's name that opens its item ("（五）老旧小区和城中村消防车通道整治。"): the places it names own nothing, unless the
# title itself says who acts ("（三）区住建局牵头开展…", "（二）各乡镇要…")
_ITEM_LABEL = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}[）)]?[、.．]?$")  # "（五）", "三、", "2." (not "第三条")


def _without_title_owner(line: str, node: Clause) -> str:
    """`line` with its item's title sentence left out when that title names places but tells no one to act (the
    sentence stays the task's text through the node; only its owners are not read from it)."""
    title = node.title
    head = re.match(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、])?\s*", line)
    if not title or len(title) > MAX_HEADING_CHARS or not _ITEM_LABEL.match(node.label):
        return line
    rest = line[head.end():]
    name = normalize_for_match(title).rstrip("。.")
    if not normalize_for_match(rest).startswith(name + "。") or ROLE_VERB.search(title) or TELLING.search(title):
        return line
    cut = rest.find("。") + 1
    return line[: head.end()] + rest[cut:] if cut > 0 else line


def _lead_title(content: str) -> str:
    return make_title(re.sub(r"^\s*\d{1,3}\s*[.．、]+\s*", "", content))


# --- body text ------------------------------------------------------------------------------------

def _naming_sentence(segment: "_Segment") -> str:
    """The sentence of a segment that names its first owner ("" when none does)."""
    units = [u for role in Role for u in segment.roles.units[role]]
    return next((s for s in _SENTENCE.split(segment.text) if any(u in s for u in units[:1])), "")


@dataclass
class _Segment:
    """A piece of a clause's text with its owners: the text of one task."""

    text: str
    roles: _Roles
    deadline: str = ""
    label_line: bool = False  # owners from a "牵头单位：…" line


@dataclass
class _Context:
    """What a clause inherits: the owners of a duty list it belongs to, dates of its headings."""

    owners: tuple[str, ...] = ()
    heading_deadline: str = ""
    quiet: bool = False
    group: str = ""
    parent: Clause | None = None
    owner_at: tuple[str, int] = ("", 0)  # clause path and line where `owners` are named


_NUMBERS = "一二三四五六七八九十"
_OUTLINE_NUMBER = r"\d{1,2}(?:\.\d{1,2}){1,3}"
# "第（二）、（三）项", "第（五）至（六）项", "第（四）项第1至3点", "第4点", "其余任务": a reference to a plan's tasks by number
_ASSIGNED = re.compile(rf"第(?P<items>[（(][{_NUMBERS}]+[）)](?:\s*(?:、|和|及|至|到|—|－|-|～)\s*第?[（(][{_NUMBERS}]+[）)])*)\s*项"
                       r"(?:第(?P<points>\d{1,2}(?:\s*(?:至|到|、|和|-|—)\s*\d{1,2})*)\s*(?:点|条|项))?"
                       r"|第(?P<only_points>\d{1,2}(?:\s*(?:至|到|、|和|-|—)\s*\d{1,2})*)\s*点"
                       r"|(?P<others>其余(?:各项(?:任务|工作|事项)?|任务|工作|事项))"
                       # the items "1." of the list the sentence closes: "上述第1至3项工作须于…完成", "其中，第4项由…负责"
                       r"|第(?P<local>\d{1,2}(?:\s*(?:至|到|、|和|-|—)\s*\d{1,2})*)\s*项"
                       # a standard's sections by their decimal numbers: "第3.2条、第3.3条", "第4.3.3条"
                       rf"|第(?P<outline>{_OUTLINE_NUMBER}\s*条(?:\s*(?:、|和|及)\s*第?{_OUTLINE_NUMBER}\s*条)*)")


# A unit's share of the plan's tasks, by their numbers, on the unit's own line ("县住建局：牵头第（二）项，配合第（一）项")
_BY_UNIT_VERB = re.compile(rf"^(?:并|还|同时)?(?:与(?P<with>[^，,；;]{{2,40}}?)共同)?(?P<verb>{ROLE_VERB_PATTERN})")
_IN_PHASE = re.compile(r"^\s*(?:均|都)?(?:于|在)[^，,。；;]{0,12}阶段(?:内)?(?:组织实施|完成|落实)")  # under that phase's heading
MIN_UNIT_LINES = 2  # one line alone ("县财政局：负责第三条规定的…") is a duty, not a plan's division of its tasks


@dataclass(frozen=True)
class Assignment:
    """One reference of a sentence to a plan's tasks by number, and what it says of them."""

    items: tuple[int, ...]  # the numbered tasks "（一）"… (empty: the items of the reference before it)
    points: tuple[int, ...]  # their points "1."…, or () for all of them
    rest: str  # the sentence after the reference, up to the next one: "由县商务局负责"
    opens: bool  # the reference opens its part of the sentence (it says who or by when); inside one it is an object
    others: bool = False  # "其余任务": the tasks no other reference gave owners
    sections: tuple[str, ...] = ()  # or a standard's sections by number: "3.2", "4.3.3"
    local: tuple[int, ...] = ()  # or the items "1." of the list the sentence closes

    def targets(self, listing: Clause | None, nodes: list[Clause], near: Clause | None = None) -> list[Clause]:
        if self.sections:  # a section's items, or the section when it has none
            return [target for node in nodes if node.label in self.sections for target in node.children or [node]]
        if self.local:  # the list holding the sentence's item, or the list of the node the sentence is in
            siblings = near.children if near is not None and near.children else next(
                (n.children for n in nodes if near in n.children), [])
            return [c for c in siblings if label_number(c.label) in self.local]
        items = [c for c in listing.children if label_number(c.label) in self.items] if listing else []
        found = []
        for item in items:
            points = [c for c in item.children if label_number(c.label) in self.points] if self.points else item.children
            found += points or ([] if self.points else [item])
        return found


def assignments_in(sentence: str) -> list[Assignment]:
    """The references of a sentence to tasks by number, each with the text it governs."""
    matches = list(_ASSIGNED.finditer(sentence))
    found, items = [], ()
    for n, match in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(sentence)
        rest = sentence[match.end() : end]
        before = re.sub(rf"(?:{SELF_REFERENCE}|上述|以上|前述)\s*$", "", sentence[matches[n - 1].end() if n else 0 : match.start()])
        opens = not before.strip() or before.rstrip().endswith(("，", ",", "；", ";"))
        if match.group("outline"):
            sections = tuple(re.findall(_OUTLINE_NUMBER, match.group("outline")))
            found.append(Assignment((), (), rest, opens, sections=sections))
            continue
        if match.group("local"):
            found.append(Assignment((), (), rest, opens, local=tuple(numbers_of(match.group("local")))))
            continue
        if match.group("items"):
            items = tuple(numbers_of(match.group("items")))
        points = tuple(numbers_of(match.group("points") or match.group("only_points") or ""))
        if match.group("only_points") and not items:
            continue
        found.append(Assignment(items, points, rest, opens, bool(match.group("others"))))
    return found if any(a.items or a.others or a.sections or a.local for a in found) else []


def _without_assignments(text: str, numbers: set[int | None]) -> str:
    """`text` without its sentences that give owners or dates to items of the list around it by their `numbers`
    ("上述第1至3项工作须于…完成" under the last item speaks of the list; the by-number pass reads it)."""
    if "第" not in text:
        return text

    def of_the_list(sentence: str) -> bool:
        pieces = [p for p in assignments_in(sentence) if p.opens]
        return bool(pieces) and all(p.local and set(p.local) <= numbers for p in pieces)

    kept = [s for s in re.split(r"(?<=[。；;])", text) if not of_the_list(s)]
    return "".join(kept) if any(k.strip() for k in kept) else text


def _before_list(node: Clause) -> tuple[str, str]:
    """A node's own text (without its label) before its list of children, and the rest of it after them."""
    text = _text_without_label(node.text)
    if not node.children:
        return text, ""
    lines = text.split("\n")
    before = node.children[0].line_start - node.line_start  # the node's own lines before its list
    return "\n".join(lines[:before]), "\n".join(lines[before:])


def _closing_label(item: Clause, gazetteer: UnitGazetteer) -> tuple[Annotation, int] | None:
    """The label line with owners that ends an item on a line of its own, and its line number; or None."""
    lines = [(n, line) for n, line in zip(item.text_lines, item.text.split("\n")) if line.strip()]
    if len(lines) < 2:
        return None
    annotation = label_line(lines[-1][1], gazetteer)
    return (annotation, lines[-1][0]) if annotation is not None and annotation.claims else None


def _line_of(node: Clause, sentence: str) -> int:
    """The 1-based line of `node` that holds the start of `sentence`."""
    head = sentence.strip()[:12]
    return next((node.line_start + n for n, line in enumerate(node.text.split("\n")) if head and head in line),
                node.line_start)


def _task_list(nodes: list[Clause], pieces: list[Assignment]) -> Clause | None:
    """The part of the plan whose numbered items the references count: the one holding every number they name,
    among them the one with the fewest owners of its own."""
    wanted = {i for p in pieces for i in p.items}
    if not wanted:
        return None
    candidates = [n for n in nodes if wanted <= {label_number(c.label) for c in n.children if c.label.startswith(("（", "("))}]
    return candidates[0] if len(candidates) == 1 else next(
        (n for n in candidates if re.search(r"任务|措施|举措|工作", n.title)), candidates[0] if candidates else None)


class BodyReader:
    """Reads the tasks of a document's clause tree (sources 2–5 above)."""

    def __init__(self, doc: str, gazetteer: UnitGazetteer) -> None:
        self.doc, self.gazetteer = doc, gazetteer
        self.tasks: dict[tuple[str, int], Task] = {}
        self.headed = True  # the document has headings of its own (set by `read`)
        self.declared: set[tuple[str, int]] = set()  # tasks whose owners a list's declaration gave

    def read(self, clauses: list[Clause]) -> list[Task]:
        self.headed = any(c.kind not in ("preamble", "annex") for c in clauses)
        self._visit_children(clauses, _Context())
        self._declared_for_list(clauses)
        self._assigned_by_unit(clauses)  # before the dates given by number, which date what it assigned
        self._assigned_by_number(clauses)
        self._closed_by_labels(clauses)
        return list(self.tasks.values())

    def _declared_for_list(self, clauses: list[Clause]) -> None:
        """"以下工作由镇应急管理办牵头，镇派出所、镇消防救援站配合：1.…2.…", "以下各项由各村（社区）负责落实：（1）…": the
        owners a sentence declares for the list that follows are the owners of its items that name none."""
        for node in (n for root in clauses for n in root.walk() if n.children):
            sentences = [s for s in _SENTENCE.split(_before_list(node)[0]) if s.strip()]
            if not sentences or not LIST_DECLARATION.search(sentences[-1]):
                continue
            if not (claims := prose_claims(sentences[-1], self.gazetteer)):
                continue
            at = (node.path, self._intro_line(node))
            for key in [k for k, t in self.tasks.items() if k[0] == node.path and LIST_DECLARATION.search(t.text)]:
                del self.tasks[key]  # the declaring sentence is no task itself
            for item in node.children:
                for target in item.children or [item]:
                    if not self._tasks_of(target):
                        self._assign(target, claims, at, node.title)
                        self.declared |= {k for k in self.tasks if k[0] == target.path}

    def _closed_by_labels(self, clauses: list[Clause]) -> None:
        """"4.4.1 推进…\n4.4.2 建立…\n责任部门：经济发展局  完成时间：2025-12-31": label lines of their own under the
        last item of a list, where no other item has any, close the whole list: its items without owners take them."""
        for parent in (n for root in clauses for n in root.walk()):
            items = parent.children
            if len(items) < 2 or any(item.children for item in items):
                continue
            closing = [_closing_label(item, self.gazetteer) for item in items]
            if closing[-1] is None or any(closing[:-1]):
                continue
            annotation, line = closing[-1]
            for item in items[:-1]:
                self._assign(item, annotation.claims, (items[-1].path, line), parent.title, annotation.deadline)

    def _assigned_by_number(self, clauses: list[Clause]) -> None:
        """A plan that lists its tasks by number and names their owners and dates in a later part, by those
        numbers: "第（一）项由县住建局牵头，县消防救援大队配合；第（二）、（三）项由县商务局负责；第（四）项第1至3点由…，
        第4点由…；其余任务由…负责", "第（七）项须于8月31日前完成", and a phase that "组织实施第（一）至（六）项" dates them."""
        nodes = [n for root in clauses for n in root.walk()]
        found = [(node, sentence, pieces) for node in nodes for sentence in _SENTENCE.split(_text_without_label(node.text))
                 if (pieces := assignments_in(sentence))]
        if not found:
            return
        owned, dated, phased, rest = [], [], [], None
        for node, sentence, pieces in found:
            at = (node.path, _line_of(node, sentence))  # where the owners are named, cited beside the task
            for piece in pieces:
                claims = prose_claims(piece.rest, self.gazetteer) if piece.opens else []
                if piece.others and claims:
                    rest = (claims, at)
                elif claims:
                    owned.append((piece, claims, at, node))
                elif piece.opens and (dates := deadlines_in(piece.rest)):
                    dated.append((piece, dates[0], node, at[1]))
                elif (not piece.opens or _IN_PHASE.match(piece.rest)) and (phase := deadline_of_heading(node.title)):
                    # "…阶段组织实施第（一）至（六）项", "第（一）至（六）项于集中整治阶段完成": the phase heading's dates
                    phased.append((piece, phase, node, node.line_start))
            # the owners' sentence is no task itself (but "第8项改由…负责" of a table's row, which no list item numbers)
            if any(p.opens and (not p.local or p.targets(None, nodes, node)) for p in pieces):
                for key in [k for k, t in self.tasks.items()
                            if k[0] == node.path
                            and _ASSIGNED.match(re.sub(f"^{SELF_REFERENCE}", "", _text_without_label(t.text).strip()))]:
                    del self.tasks[key]
        listing = _task_list(nodes, [p for p, *_ in owned]) or _task_list(nodes, [p for p, *_ in dated + phased])
        if listing is None and not any(p.sections or p.local for p, *_ in owned + dated):
            return
        assigned: set[str] = set()
        for piece, claims, at, near in owned:
            for target in piece.targets(listing, nodes, near):
                for key in [k for k in self.declared if k[0] == target.path]:  # named by number over the list's owners
                    del self.tasks[key]
                    self.declared.discard(key)
                self._assign(target, claims, at, listing.title if listing else "",
                             "；".join(deadlines_in(piece.rest)) if piece.local else "")
                assigned.add(target.path)
        if rest is not None and listing is not None:  # "其余任务由各乡镇人民政府和县直有关部门按职责分工落实"
            for item in listing.children:
                for target in item.children or [item]:
                    if target.path not in assigned and not self._tasks_of(target):
                        self._assign(target, rest[0], rest[1], listing.title)
        for piece, deadline, near, line in dated + phased:  # a date the item states itself comes first, then by number
            for target in piece.targets(listing, nodes, near):
                for task in self._tasks_of(target):
                    if not task.deadline:  # cite the line that gives it beside the task
                        task.deadline, task.deadline_clause, task.deadline_line = deadline, near.path, line

    def _assigned_by_unit(self, clauses: list[Clause]) -> None:
        """A plan that lists its tasks by number and gives their owners from the units' side, a line each: "县住建局：牵头第
        （二）、（五）项，配合第（一）项；", "县应急管理局：与县工信局共同牵头第（七）项", "县消防救援大队：…参与其余各项",
        "各乡镇人民政府：负责本辖区内第（一）至（十）项的组织实施". Each task takes every unit's share of it; the lines
        are no tasks themselves."""
        nodes = [n for root in clauses for n in root.walk()]
        lines = []  # (the unit's shares: (piece, role, units), where the line is, its node)
        for node in nodes:
            for text, number in zip(node.text.split("\n"), node.text_lines or range(node.line_start, node.line_end + 1)):
                units, duties = duty_line(text, self.gazetteer)
                shares = [share for part in re.split(r"[，,；;。]", duties) for share in self._unit_shares(part, units)]
                if shares and all(piece.items or piece.others for piece, *_ in shares):
                    lines.append((shares, (node.path, number), node))
        if len(lines) < MIN_UNIT_LINES or (listing := _task_list(nodes, [p for shares, *_ in lines for p, *_ in shares])) is None:
            return
        items = [target for item in listing.children for target in item.children or [item]]
        given: dict[str, list[Claim]] = {}
        cited: dict[str, list[tuple[str, int]]] = {}  # the lines that name each task's owners
        for shares, at, near in lines:
            named = {t.path for piece, *_ in shares if not piece.others for t in piece.targets(listing, nodes, near)}
            for piece, role, units in shares:
                targets = [t for t in items if t.path not in named] if piece.others else piece.targets(listing, nodes, near)
                for target in targets:
                    given.setdefault(target.path, []).append(Claim(role, units, role.verb))
                    cited.setdefault(target.path, []).append(at)
            for key in [k for k, t in self.tasks.items() if t.line_start == at[1] and k[0] == at[0]]:
                del self.tasks[key]  # the unit's line is no task itself
        for target in items:
            if target.path in given:
                first, last = min(cited[target.path], key=lambda a: a[1]), max(a[1] for a in cited[target.path])
                self._assign(target, given[target.path], first, listing.title)
                for task in self._tasks_of(target):  # cite the lines from the first that names an owner to the last
                    task.owner_line_end = last if task.owner_line == first[1] else task.owner_line_end

    def _unit_shares(self, part: str, units: tuple[str, ...]) -> list[tuple[Assignment, Role, tuple[str, ...]]]:
        """"与县工信局共同牵头第（七）项" → the reference with LEAD and both units; "参与其余各项" → the others, cooperating."""
        verb = _BY_UNIT_VERB.match(part.strip())
        if not units or verb is None:
            return []
        role = verb_role(verb.group("verb")) or Role.RESPONSIBLE
        partners = tuple(self.gazetteer.split(verb.group("with"))) if verb.group("with") else ()
        return [(piece, role, units + partners if role is Role.LEAD else units) for piece in assignments_in(part)]

    def _tasks_of(self, node: Clause) -> list[Task]:
        return [t for (path, _), t in self.tasks.items() if path == node.path]

    def _assign(self, target: Clause, claims, at: tuple[str, int], group: str, deadline: str = "") -> None:
        if any(t.all_units for t in self._tasks_of(target)):
            return  # an item that names its own owners keeps them
        roles = _Roles()
        roles.add_claims(claims)
        text = _text_without_label(target.text)
        self._add(target, 0, _Segment(text, roles), "；".join(deadlines_in(text)) or deadline, group, at)

    def _visit_children(self, nodes: list[Clause], context: _Context) -> None:
        owners, owner_at = context.owners, context.owner_at
        for node in nodes:
            node_context = _Context(owners, context.heading_deadline, context.quiet, context.group, context.parent,
                                    owner_at)
            trailing = self._visit(node, node_context)
            if trailing:
                # "公安派出所应当履行下列职责：" closes this item and opens the next list
                owners, owner_at = trailing, (node.path, node.line_end)

    def _visit(self, node: Clause, context: _Context) -> tuple[str, ...]:
        """Read one node and its children; returns the owners a trailing duty intro announces."""
        # a preamble is the wrapper of the body that follows it (a 通知's addressees and purpose), unless the document
        # has no headings: then it is the body ("…镇应急办牵头，联合…" in an article or a short notice)
        quiet = context.quiet or (node.kind == "preamble" and self.headed) or _background(node.title)
        heading_deadline = deadline_of_heading(node.title) or context.heading_deadline
        body, intro_owners, trailing = self._split_intro(node)
        siblings = context.parent.children if context.parent is not None else []
        body = _without_assignments(body, {label_number(c.label) for c in [*siblings, *node.children]})
        own_owners = unit_heading(node.title, self.gazetteer) if node.kind not in ("preamble", "annex") else ()
        owners = own_owners or context.owners
        owner_at = (node.path, node.line_start) if own_owners else context.owner_at
        segments = self._segments(node, body, owners, quiet)
        opening = _DATE_OPENING.match(_text_without_label(node.text))
        item_deadline = opening.group("date") if opening else ""
        box = context.parent if context.parent is not None and context.parent.kind == "box" else None
        if box is not None and node.kind == "bullet" and segments and all(s.label_line for s in segments):
            self._add_to_box(box, segments)  # "●责任单位和部门：…" speaks for its whole 专栏 box
        else:
            for part, segment in enumerate(segments):
                deadline = segment.deadline or "；".join(deadlines_in(segment.text)) or item_deadline or heading_deadline
                self._add(node, part, segment, deadline, context.group, owner_at)
        child_at = (node.path, self._intro_line(node)) if intro_owners else owner_at
        child_context = _Context(intro_owners or own_owners or context.owners, heading_deadline, quiet,
                                 node.title if node.kind not in ("preamble",) else "", node, child_at)
        self._visit_children(node.children, child_context)
        return trailing

    def _split_intro(self, node: Clause) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        """The node's own text, the owners its duty intro gives its children, and a trailing intro's owners.
        The intro is the last sentence before the children; a paragraph after them stays the node's own."""
        text = _text_without_label(node.text)
        head, tail = _before_list(node)
        sentences = [s for s in _SENTENCE.split(head) if s.strip()]
        if not sentences:
            return text, (), ()
        last = sentences[-1].strip()
        owners = duty_intro(last, self.gazetteer) or duty_intro(f"{node.title}：", self.gazetteer)
        if not owners:
            return text, (), ()
        rest = "".join(sentences[:-1]) + (f"\n{tail}" if tail else "") if duty_intro(last, self.gazetteer) else text
        if node.children:
            return rest, owners, ()
        return rest, (), owners

    @staticmethod
    def _intro_line(node: Clause) -> int:
        """The line of the sentence that announces a node's list: its last own line before the children."""
        if not node.children:
            return node.line_end
        return max(node.line_start, min(node.line_end, node.children[0].line_start - 1))

    def _segments(self, node: Clause, text: str, owners: tuple[str, ...], quiet: bool) -> list[_Segment]:
        if not text.strip():
            return []
        annotations = annotations_in(text, self.gazetteer)
        if annotations:
            return _annotated(text, annotations, self._owned)
        lines = [label_line(line, self.gazetteer) for line in text.split("\n")]
        if any(a is not None and a.claims for a in lines):
            roles = _Roles()
            deadline = ""
            for annotation in (a for a in lines if a is not None):
                roles.add_claims(annotation.claims)
                deadline = deadline or annotation.deadline
            # "…三是严查…，此项由石梁市场监管所负责，七月十日前完成。" under the labels: that sentence is its own task
            last_label = max(n for n, a in enumerate(lines) if a is not None and a.claims)
            prose = "\n".join(line for n, (line, a) in enumerate(zip(text.split("\n"), lines))
                              if a is None and n < last_label)
            after = "\n".join(line for line, a in zip(text.split("\n")[last_label + 1:], lines[last_label + 1:])
                              if a is None)
            # …named with 负责/牵头… in the sentence that names its owner, not in a later one ("北关镇小商品批发市场
            # 区域性火灾隐患。…落实主体责任"): a place naming what the item is about owns nothing. After the labels,
            # which closed the task they follow, a sentence with a subject is a task of its own ("此外，物业企业要…")
            own = [s for s in self._owned(prose) if s.roles and ROLE_VERB.search(_naming_sentence(s))] + [
                s for s in self._owned(after) if s.roles]
            labelled = node.text if not own else _text_without_label(node.text)
            for segment in own:  # the labels' task is the item without the sentences that have owners of their own
                labelled = labelled.replace(segment.text.strip(), "")
            return [_Segment(labelled, roles, deadline, label_line=True), *own]
        segments: list[_Segment] = []
        # "完成时限：六月二十日前" on its own line under an item whose owners are in its prose: the item's deadline
        dated = next((a.deadline for a in lines if a is not None and a.deadline and not a.claims), "")
        for line, label in zip(text.split("\n"), lines):
            if dated and label is not None and label.deadline and not label.claims:
                continue
            line_owners, duties = duty_line(line, self.gazetteer)
            if line_owners:
                owned = self._owned(duties, line_owners)
                if owned:  # the task's text keeps its owner: "县教育局：负责…" is what a reader cites
                    repaired = repair_spaces(line)  # `duties` is a tail of the line as duty_line read it
                    owned[0].text = repaired[: len(repaired) - len(duties)].lstrip() + owned[0].text
                segments += owned
            elif owners:
                segments += self._owned(_drop_unit_title(line, owners), owners)
            elif not quiet:
                segments += self._owned(_without_title_owner(line, node))
        if dated:
            for segment in segments:
                segment.deadline = segment.deadline or (dated if not deadlines_in(segment.text) else "")
        return segments

    def _owned(self, text: str, owners: tuple[str, ...] = ()) -> list[_Segment]:
        """Tasks of a text, clause by clause: a clause with its own subject belongs to that subject (who
        then goes on owning the clauses after it); a clause without one belongs to the owner in force
        (`owners` of a duty section, else the last subject), in the role its opening verb states.
        A condition ("…的，") or a date ("年底前，") opens the next clause; a dated sentence without a
        subject ("2021年，完成…") is the schedule of the item's first task."""
        segments: list[_Segment] = []
        current, current_role, pending = owners, Role.RESPONSIBLE, ""
        was_dated = False  # the sentence before opened with its own time ("每半月上门督促…；")
        for sentence in (s for s in _SENTENCE.split(text) if s.strip()):
            # "…上报《附件4》；此后，请于每季度最后一个周五前…更新报送" / "…；每半月上门督促…；结合…开展帮扶结对":
            # where sentences that open with their own time begin or end, a task ends (not at "2020年底前未完成的，")
            dated = bool(_TIMED_SENTENCE.match(sentence)) and not _CONDITION_FIRST.match(sentence)
            apart, was_dated = dated != was_dated, dated
            # a short label ("排查主体："), or an item's number inside the line ("【街道城管中队】1.依法查处…；2.配合…"),
            # opens no name
            opening = _LEAD_LABEL.match(sentence) or _INLINE_NUMBER.match(sentence)
            shift = opening.end() if opening else 0
            plain, at = _unbracketed(sentence[shift:])  # "会同【街道城管中队】开展…"
            claims = [dataclasses.replace(c, start=at(c.start) + shift, end=at(c.end) + shift)
                      for c in prose_claims(plain, self.gazetteer)]
            if not claims and segments and not owners and _DATE_OPENING.match(sentence):
                segments[0].text += sentence
                continue
            offset, first_here = 0, len(segments)
            clauses = outside_brackets([c for c in _CLAUSE.split(sentence) if c])
            for n, clause in enumerate(clauses):
                start, offset = offset, offset + len(clause)
                own = [c for c in claims if start <= c.start < offset]
                roles = _Roles()
                # "未实行物业管理的居民住宅区，由乡镇人民政府…组织协调…": what the next clause's agent is given
                topic = n + 1 < len(clauses) and AGENT_FIRST.match(clauses[n + 1].lstrip()) and any(
                    offset <= c.start < offset + len(clauses[n + 1]) for c in claims)
                if not own and (_OPENING_ONLY.match(clause) or _MEANS_ONLY.match(clause) or _CONDITION.search(clause)
                                or topic):
                    pending += clause
                    continue
                if own:
                    roles.add_claims(own)
                    acting = [c for c in own if c.role is not Role.COOPERATING]
                    # "由X牵头，Y具体负责，Z配合，…": those who do the work the lead just named leads
                    joins_lead = n > 0 and _BARE_LEAD.match(clauses[n - 1].strip()) and all(
                        c.role is Role.RESPONSIBLE for c in acting) and len(segments) > first_here
                    if joins_lead or (not acting and len(segments) > first_here):
                        segments[-1].roles.add_claims(own)  # "…，Y配合" supports the task before it
                        segments[-1].text += pending + clause
                        pending = ""
                        continue
                    if acting:
                        current = tuple(u for c in acting for u in c.units)
                        current_role = acting[0].role
                elif current and len(segments) > first_here and not _ROLE_VERB_START.match(
                        _INLINE_NUMBER.sub("", clause.strip())):  # "；2.配合街道平安办…": the number opens no verb
                    segments[-1].text += pending + clause  # "X会同Y，对…进行督导": the same owners go on
                    pending = ""
                    continue
                elif current:
                    self._by_opening_verb(clause, current, roles, current_role)
                if not roles:
                    if segments and not pending:
                        segments[-1].text += clause
                    else:
                        pending += clause
                    continue
                _append(segments, pending + clause, roles, merge=not (apart and len(segments) == first_here))
                pending = ""
            if period := _PERIOD_LABEL.match(sentence):
                for segment in segments[first_here:]:  # a task's own date ("…（3月15日前）") is more exact
                    own = [d for d in deadlines_in(segment.text) if d != period.group("date")]
                    segment.deadline = "；".join(own) or period.group("date")
        return segments

    def _by_opening_verb(self, clause: str, owners: tuple[str, ...], roles: _Roles,
                         default: Role = Role.RESPONSIBLE) -> None:
        """The owner in force does what a subjectless clause says, in the role of its first verb:
        "牵头开展…" leads, "配合/协助…" cooperates (and "配合X开展…" makes the task X's), "会同/协同Y…" leads
        with Y cooperating; with no such verb, in the role it had (a lead goes on leading)."""
        clause = _unbracketed(clause)[0]
        jointly = _JOINTLY_WITH.match(clause.strip())
        if jointly and (partners := self.gazetteer.split(jointly.group("partners"))) and all(
                is_unit_like(p) for p in partners):
            roles.add(Role.RESPONSIBLE, "负责", (*owners, *partners))  # "与街道城管中队共同做好…": both own it
            return
        clause = DEADLINE_FIRST.sub("", _ITEM_MARK.sub("", _INLINE_NUMBER.sub("", clause.strip())))  # "②每年牵头组织…"
        verb = _ROLE_VERB_START.match(clause)
        name = verb.group("verb") if verb else ""
        if name in ("会同", "协同"):
            # "要" keeps the owner apart from the verb: "居委" + "会同物业…" is not "居委会" + "同物业…"
            partners = prose_claims(f"{owners[0]}要{clause.strip()[verb.start('verb'):]}", self.gazetteer)
            if any(c.role is Role.COOPERATING for c in partners):
                roles.add(Role.LEAD, "牵头", owners)
                roles.add_claims(c for c in partners if c.role is Role.COOPERATING)
                return
        role = {"会同": Role.LEAD, "协同": Role.COOPERATING}.get(name) or (verb_role(name) if name else None) \
            or default
        roles.add(role, role.verb, owners)
        if name and verb_role(name) is Role.COOPERATING and (
                served := served_units(clause.strip()[verb.end():], self.gazetteer)):
            roles.add(Role.RESPONSIBLE, "负责", served)  # "配合县消防救援大队开展…": the task is the 大队's

    def duties_of_row(self, task: Task, details: list[str] = ()) -> list[Task]:
        """A row whose content cell numbers the duties of the units beside it ("县应急管理局 | ①承担…；②每年牵头
        组织…；③会同县消防救援大队…") as one task per duty, each in the role its verb gives; else the row's task."""
        items = [i for i in _CELL_ITEM.split(task.text) if i.strip()]
        owners = tuple(task.all_units)
        # the row's own deadline is its 完成时限 cell's, not the dates its duties state one by one
        row_deadline = "" if task.deadline == "；".join(deadlines_in(task.text)) else task.deadline
        numbered = len(items) >= 2 or bool(items and _ITEM_MARK.match(items[0]))  # "③牵头推进…" under a merged cell
        if not numbered or not owners or task.leaders or task.lead_units or task.cooperating_units:
            return [task, *self._owned_sentences(task, details)]
        parts = []
        for item in items:
            mark = _ITEM_MARK.match(item.strip())
            bare = item.strip()[mark.end():] if mark else item.strip()  # "②县财政局…": the mark is no part of a name
            segments = self._owned(bare, owners) or [_Segment(bare, _roles_of(owners))]
            segments[0].text = (mark.group() if mark else "") + segments[0].text
            for segment in segments:
                duty = segment.roles.task(
                    doc=task.doc, source=task.source, clause=task.clause, title=make_title(segment.text),
                    text=segment.text.strip(), line_start=task.line_start, line_end=task.line_end, group=task.group,
                    deadline="；".join(deadlines_in(segment.text)) or row_deadline)
                parts.append(dataclasses.replace(duty, part=len(parts), labels=list(task.labels)))
        return parts

    def _owned_sentences(self, task: Task, details: list[str]) -> list[Task]:
        """The parts of a row with owners of their own: each sentence of how the work is shared out (`details`:
        "县住建局负责…；各乡镇人民政府负责…"), and a part set apart in the content ("其中，…由市教育局负责，9月15日前
        完成"), each a task beside the row's. The other sentences of a content cell are the row's, whoever they name."""
        parts = []
        set_apart = [s for s in _SENTENCE.split(task.text) if _SET_APART.match(s.strip())]
        for segment in (s for text in [*details, *set_apart] for s in self._owned(text)):
            if segment.roles and segment.text.strip() != task.text.strip():
                duty = segment.roles.task(  # the row's name is the group of its sentences
                    doc=task.doc, source=task.source, clause=task.clause, title=make_title(segment.text),
                    text=segment.text.strip(), line_start=task.line_start, line_end=task.line_end,
                    group=task.group or task.title, deadline="；".join(deadlines_in(segment.text)))
                parts.append(dataclasses.replace(duty, part=len(parts) + 1))
        return parts

    def _add_to_box(self, box: Clause, segments: list[_Segment]) -> None:
        text = "\n".join(c.text for c in box.walk())
        key = (box.path, 0)
        roles = _Roles()
        if key in self.tasks:
            existing = self.tasks[key]
            for role in Role:
                roles.add(role, "", existing.units(role))
            roles.labels = list(existing.labels)
        if key in self.tasks:
            roles.statements = list(self.tasks[key].statements)
        for segment in segments:
            for role in Role:
                roles.add(role, "", segment.roles.units[role])
            roles.labels += [label for label in segment.roles.labels if label not in roles.labels]
            roles.statements += segment.roles.statements
        roles.labels = [label for label in roles.labels if label]
        self.tasks[key] = roles.task(doc=self.doc, source="body", clause=box.path, title=box.title, text=text,
                                     deadline="；".join(deadlines_in(text)), line_start=box.line_start,
                                     line_end=box.subtree_end)

    def _add(self, node: Clause, part: int, segment: _Segment, deadline: str, group: str,
             owner_at: tuple[str, int] = ("", 0)) -> None:
        lines = _lines_of(node, segment.text)
        whole = len(segment.text.strip()) >= len(_text_without_label(node.text).strip()) - 2
        title = node.title if whole or not node.title or unit_heading(node.title, self.gazetteer) == () else ""
        text = node.text if whole else segment.text.strip()
        if part == 0 and not whole:
            # the first task keeps the item's numbering ("(一)…") and a title sentence that owns nothing before
            # it ("（一）综合协调组。由县应急管理局牵头…")
            own = _text_without_label(node.text)
            at = own.find(text)
            head = own[:at] if 0 < at <= len(node.title) + 1 and own[:at].rstrip().endswith("。") else ""
            text = _label_of(node.text) + head + text
        task = segment.roles.task(
            doc=self.doc, source="body", clause=node.path, part=part,
            title=title or make_title(segment.text), text=text,
            deadline=deadline, line_start=lines[0], line_end=lines[1], group=group,
        )
        for role in Role:
            if not task.statements and (pairs := respective(segment.text, task.units(role))):
                task.statements = [{"text": f"{unit}{what}", "object": what.split("的")[0],
                                    **{r.value: [unit] if r is role else [] for r in Role}}
                                   for unit, what in pairs]  # "A、B分别负责X、Y": who answers for X alone
        named_here = normalize_for_match(task.text)
        if owner_at[1] and not (owner_at[1] >= task.line_start and owner_at[1] <= task.line_end) and not all(
                normalize_for_match(u) in named_here for u in task.all_units):
            task.owner_clause, task.owner_line = owner_at  # the duty intro or heading that names the owner
        self.tasks[(node.path, part)] = task


_STATES_OWNERS = re.compile(rf"{ROLE_VERB.pattern}|{'|'.join(TOGETHER_WITH)}|由")  # a text that may name its owners
_INLINE_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.．、](?![\d.．])\s*")
_BRACKETED_NAME = re.compile(r"【([^】：:（）()]{2,30})】")


def _unbracketed(text: str) -> tuple[str, Callable[[int], int]]:
    """A unit named in square brackets inside a sentence ("会同【街道城管中队】开展…", "【鹭洲消防救援站】协助…") read
    as the name, and a map from an offset of the text without the brackets to one of `text`."""
    positions: list[int] = []
    plain, last = [], 0
    for match in _BRACKETED_NAME.finditer(text):
        plain.append(text[last:match.start()])
        positions += range(last, match.start())
        plain.append(match.group(1))
        positions += range(match.start(1), match.end(1))
        last = match.end()
    plain.append(text[last:])
    positions += range(last, len(text) + 1)
    return "".join(plain), lambda i: positions[min(i, len(positions) - 1)]


def _roles_of(owners: tuple[str, ...]) -> _Roles:
    roles = _Roles()
    roles.add(Role.RESPONSIBLE, "负责", owners)
    return roles


def _verb_of(verb: str) -> Role:
    if verb in ("会同", "协同"):
        return Role.LEAD
    return verb_role(verb) or Role.RESPONSIBLE


def _append(segments: list[_Segment], text: str, roles: _Roles, merge: bool = True) -> None:
    """Add a segment; a clause with the same owners as the one before extends it (when `merge`)."""
    if not roles:
        if segments:
            segments[-1].text += text
        return
    if merge and segments and segments[-1].roles.key() == roles.key():
        segments[-1].text += text
    else:
        segments.append(_Segment(text, roles))


def _annotated(text: str, annotations: list[Annotation], owned: Callable[[str], list[_Segment]]) -> list[_Segment]:
    """The text closed by each annotation (from the previous one's end) is that annotation's task; one
    that gives only a time ("整改时限：11月30日前") dates the task before it, or the owners its text states
    ("整改要求：由市人社局会同市民政局组织…。整改时限：…", read by `owned`)."""
    segments, start = [], 0
    for annotation in annotations:
        roles = _Roles()
        roles.add_claims(annotation.claims)
        piece = text[start : annotation.end]
        start = annotation.end
        if not roles and not annotation.deadline:
            continue
        if roles:
            segments.append(_Segment(piece, roles, annotation.deadline))
        elif _STATES_OWNERS.search(piece) and (stated := [s for s in owned(piece) if s.roles]):
            stated[0].text = piece
            segments += [dataclasses.replace(s, deadline=annotation.deadline) for s in stated[:1]]
        elif segments:
            segments[-1].deadline = annotation.deadline
    if segments and text[start:].strip(" \n。；;"):
        segments[-1].text += text[start:]  # a sentence after the last annotation still belongs to the item
    if len(segments) == 1:
        segments[0].text = text
    return segments


def _drop_unit_title(line: str, owners: tuple[str, ...]) -> str:
    """"1.街道消委办。牵头开展…" → "牵头开展…" (the unit's name is the heading, not a duty)."""
    text = _text_without_label(line)
    for owner in owners:
        if normalize_for_match(text).startswith(normalize_for_match(owner)):
            rest = text[len(owner):]
            if rest[:1] in "。．.：:，, ":
                return rest[1:]
    return text


def _label_of(text: str) -> str:
    """The numbering a node's text opens with ("(一)", "3．"), "" if none."""
    first = text.strip("\n").partition("\n")[0]
    heading = heading_of(first)
    if heading is None or heading.style in ("box", "annex"):
        return ""
    stripped = first.strip()
    return stripped[: len(stripped) - len(heading.rest)] if stripped.endswith(heading.rest) else ""


def _text_without_label(text: str) -> str:
    """A node's text without its heading numbering ("18." / "（一）"), so sentences start clean."""
    first, _, rest = text.strip("\n").partition("\n")
    heading = heading_of(first)
    if heading is not None and heading.style not in ("box", "annex"):
        first = heading.rest
    return f"{first}\n{rest}" if rest else first


def _lines_of(node: Clause, segment: str) -> tuple[int, int]:
    """The 1-based lines of `node` that hold `segment` (the node's span when it cannot be placed)."""
    key = normalize_for_match(segment)[:12]
    lines = node.text.split("\n")
    numbers = node.text_lines if len(node.text_lines) == len(lines) else list(range(node.line_start, node.line_start + len(lines)))
    last_line = next((part for part in reversed(segment.split("\n")) if part.strip()), segment)
    tail = normalize_for_match(last_line)[-12:]  # on one line: "…处置率。\n责任科室：平安办" ends on the label
    for offset, line in enumerate(lines):
        if key and key in normalize_for_match(line):
            end = offset
            for later in range(offset, len(lines)):
                if tail in normalize_for_match(lines[later]):
                    end = later
                    break
            return numbers[offset], numbers[end]
    return node.line_start, node.line_end


# --- conflicts --------------------------------------------------------------------------------------

def mark_conflicts(tasks: list[Task], gazetteer: UnitGazetteer, threshold: float = 0.6) -> None:
    """Link each table row to the labelled body clause that contains its text, when their units differ.

    A row matches the body clause holding the largest share of the row's character bigrams
    (at least `threshold`), so the pairing does not depend on numbering.
    """
    body = [t for t in tasks if t.source == "body" and t.labelled]
    if not body:
        return
    body_grams = [(t, _bigrams(t.text)) for t in body]
    for row in (t for t in tasks if t.source == "table"):
        grams = _bigrams(re.sub(r"^\s*\d{1,3}\s*[.．、]+", "", row.text))
        if not grams:
            continue
        best, score = max(((b, len(grams & g) / len(grams)) for b, g in body_grams if b.doc == row.doc),
                          key=lambda pair: pair[1], default=(None, 0.0))
        if best is None or score < threshold:
            continue
        if {gazetteer.canonical(u) for u in best.all_units} != {gazetteer.canonical(u) for u in row.all_units}:
            if best.id not in row.conflicts:
                row.conflicts.append(best.id)
            if row.id not in best.conflicts:
                best.conflicts.append(row.id)


def _bigrams(text: str) -> set[str]:
    s = re.sub(r"[^\u4e00-\u9fff0-9a-zA-Z]", "", normalize_for_match(text))
    return {s[i : i + 2] for i in range(len(s) - 1)}
