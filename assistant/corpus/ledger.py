"""The task ledger: who leads, cooperates on or is responsible for each task, and by when.

Sources, most explicit first: table rows with unit columns; body clauses with an
annotation (〔责任单位：…〕, （牵头单位：…）); a "●责任单位和部门：…" bullet (for its whole
专栏 box); and, where nothing is labelled, sentences whose subject is a unit
("消防救援部门和公安派出所负责查处…", "教育、民政…等重点行业部门，2020年组织…").
A body clause and a table row that describe the same work with different units are kept
both, each listing the other in `conflicts`.
"""

from __future__ import annotations

import re

from assistant.corpus.clauses import heading_of, make_title
from assistant.corpus.normalize import normalize_for_match, repair_spaces
from assistant.corpus.tables import CONTENT_HEADERS
from assistant.corpus.units import UnitGazetteer, is_unit_like, labelled_lists
from assistant.models import Clause, TableRow, Task

ROLE_OF_LABEL = {"牵头": "lead", "配合": "cooperating", "协办": "cooperating", "责任": "responsible",
                 "主办": "lead"}
ANNOTATION_LABELS = {"牵头单位", "配合单位", "责任单位", "牵头部门", "配合部门", "责任部门", "责任单位和部门"}
_DEADLINE_HEADERS = ("完成时限", "完成时间", "时间节点", "时间安排")
_LINE_LABEL = re.compile(r"^\s*[●•]?\s*((?:牵头|责任|配合)(?:单位|部门)(?:和部门)?)\s*[:：]\s*(.+)$", re.DOTALL)
# Headings whose text describes the situation or aims, not assignments of work.
_NO_TASKS = re.compile(
    r"形势|回顾|进展|机遇|指导思想|基本原则|发展目标|总体要求|整治目标|工作目标|总体目标|具体目标|前言"
)


def extract_tasks(doc: str, clauses: list[Clause], tables: list[list[TableRow]],
                  gazetteer: UnitGazetteer) -> list[Task]:
    """All tasks of one document, in line order, with body↔table conflicts marked."""
    tasks = [task for rows in tables for row in rows if (task := row_task(row, gazetteer))]
    tasks += _body_tasks(doc, clauses, gazetteer)
    tasks.sort(key=lambda t: (t.line_start, t.source))
    mark_conflicts(tasks, gazetteer)
    return tasks


def row_task(row: TableRow, gazetteer: UnitGazetteer) -> Task | None:
    """The task of a table row, or None when the row names no unit."""
    roles = _Roles()
    for name, value in row.cells.items():
        if re.search(r"单位|部门", name) and name[:2] in ROLE_OF_LABEL:
            roles.add(ROLE_OF_LABEL[name[:2]], name, gazetteer.split(value))
    if not roles.labels:
        return None
    cells = row.cells
    content = next((cells[h] for h in CONTENT_HEADERS if cells.get(h, "").strip()), "")
    # 梁平's 工作任务 column is a short name of the task when the content is elsewhere.
    short = cells.get("工作任务", "") if cells.get("工作任务", "") != content else ""
    deadline = next((cells[h].strip() for h in _DEADLINE_HEADERS
                     if cells.get(h, "").strip() not in ("", "—", "——", "/")), "")
    return roles.task(
        doc=row.doc, source="table", clause=row.path, title=make_title(short) if short else _lead_title(content),
        text=content, deadline=deadline or "；".join(deadlines_in(content)),
        line_start=row.line_start, line_end=row.line_end, group=row.group or row.section,
    )


class _Roles:
    """Units gathered per role, and the document's labels that named them."""

    def __init__(self) -> None:
        self.units: dict[str, list[str]] = {"lead": [], "cooperating": [], "responsible": []}
        self.labels: list[str] = []

    def add(self, role: str, label: str, units: list[str]) -> None:
        for unit in units:
            if unit not in self.units[role]:
                self.units[role].append(unit)
        if units and label not in self.labels:
            self.labels.append(label)

    def task(self, **fields) -> Task:
        return Task(lead_units=self.units["lead"], cooperating_units=self.units["cooperating"],
                    responsible_units=self.units["responsible"], labels=self.labels, **fields)


def _lead_title(content: str) -> str:
    return make_title(re.sub(r"^\s*\d{1,3}\s*[.．、]+\s*", "", content))


def _body_tasks(doc: str, clauses: list[Clause], gazetteer: UnitGazetteer) -> list[Task]:
    tasks: dict[str, Task] = {}  # by clause path: a path is an id, so two sources of one path merge

    def visit(node: Clause, parent: Clause | None, quiet: bool) -> None:
        quiet = quiet or node.kind == "preamble" or bool(_NO_TASKS.search(node.title))
        task = _clause_task(doc, node, parent, gazetteer, quiet)
        if task is not None:
            tasks[task.clause] = _merge(tasks[task.clause], task) if task.clause in tasks else task
        for child in node.children:
            visit(child, node, quiet)

    for root in clauses:
        visit(root, None, False)
    return list(tasks.values())


def _clause_task(doc: str, node: Clause, parent: Clause | None, gazetteer: UnitGazetteer,
                 quiet: bool) -> Task | None:
    body = _without_label(node.text)
    roles = _Roles()
    target = node
    annotations = labelled_lists(body)
    line_label = _LINE_LABEL.match(body)
    if annotations:
        for label, content, _start, _end in annotations:
            for part_label, part in _label_parts(label, content):
                roles.add(ROLE_OF_LABEL[part_label[:2]], part_label, gazetteer.split(part))
    elif line_label:
        label, content = line_label.group(1), line_label.group(2)
        if parent is not None and parent.kind == "box" and node.kind == "bullet":
            target = parent  # "●责任单位和部门：…" speaks for the whole box
        items = gazetteer.split(content)
        if items and all(len(u) <= 20 and is_unit_like(u) for u in items):
            roles.add(ROLE_OF_LABEL[label[:2]], label, items)
        else:
            _sentence_units(content, gazetteer, explicit=True, roles=roles)
    elif not quiet:
        _sentence_units(body, gazetteer, explicit=False, roles=roles)
    if not roles.labels:
        return None
    whole_box = target is not node
    text = "\n".join(c.text for c in target.walk()) if whole_box else node.text
    return roles.task(
        doc=doc, source="body", clause=target.path, title=target.title, text=text,
        deadline="；".join(deadlines_in(text)), line_start=target.line_start,
        line_end=target.subtree_end if whole_box else node.line_end,
        group=parent.title if parent is not None and not whole_box else "",
    )


def _merge(first: Task, second: Task) -> Task:
    for field in ("lead_units", "cooperating_units", "responsible_units", "labels"):
        values = getattr(first, field)
        values += [v for v in getattr(second, field) if v not in values]
    if len(second.text) > len(first.text):
        first.text, first.deadline = second.text, second.deadline
    first.line_start = min(first.line_start, second.line_start)
    first.line_end = max(first.line_end, second.line_end)
    return first


def _without_label(text: str) -> str:
    """A node's text without its heading numbering ("18." / "（一）"), so sentences start clean."""
    first, _, rest = text.strip("\n").partition("\n")
    heading = heading_of(first)
    if heading is not None and heading.style not in ("bullet", "dash", "box", "annex"):
        first = heading.rest
    elif heading is not None and heading.style in ("bullet", "dash"):
        first = re.sub(r"^\s*(?:[●•]|——)\s*", "", first)
    return f"{first}\n{rest}" if rest else first


def _label_parts(label: str, content: str) -> list[tuple[str, str]]:
    """"牵头单位：A；配合单位：B" inside one bracket → two labelled parts."""
    pieces = re.split(r"[；;，,]\s*(?=(?:牵头|责任|配合)(?:单位|部门)\s*[:：])", content)
    out = [(label, pieces[0])]
    for piece in pieces[1:]:
        name, rest = re.split(r"[:：]", piece, maxsplit=1)
        out.append((name.strip(), rest))
    return out


# --- responsibility stated in sentences -------------------------------------------------

_STRONG = r"统筹负责|负责|牵头|协助配合|配合|协助"
_GENERAL = (r"要|应当|应|须|必须|将|指导|做好|组织|加强|开展|建立|依法|按照|督促|推动|推进|落实|制定|定期|"
            r"及时|切实|对|在|会同|联合|全面|严格|持续|进一步|积极|出台|研究|实施|完善|健全|编制|根据|"
            r"发挥|予以|协同|优先|充分|大力|深入|每|把")
_SUBJECT_VERB = re.compile(rf"^(?P<subject>[^，。；：]{{2,60}}?)(?P<verb>{_STRONG}|{_GENERAL})")
_SECTOR_LIST = re.compile(r"^(?P<items>[^，。；：]{2,80}?)等[^，。；、]{0,12}?部门")
_GENERIC = re.compile(r"^(?:全区|全市|全县)?(?:各级)?(?:各|有关|相关|其他|上级|本级)?各?(?:有关|相关)?"
                      r"(?:行业)?(?:主管)?(?:牵头|责任|成员)?(?:部门|单位|机关|机构)$")
# A subject never starts with a verb: "建立多部门…", "健全部门…", "委托专业机构…" are not units.
_MULTI_CHAR_VERBS = "|".join(v for v in f"{_STRONG}|{_GENERAL}".split("|") if len(v) > 1 and v != "组织")
_VERB_START = re.compile(
    rf"^(?:{_MULTI_CHAR_VERBS}|组织(?!部)|应(?!急)|要|须|对|在|将|每|把|并|及|可|为|向|由|与|从|同|和|以|经|待|如|凡|"
    r"协同|依托|结合|通过|报告|委托|鼓励|支持|引导|发动|动员|要求|围绕|针对|聚焦|坚持|确保|提升|提高|强化|深化|"
    r"构建|打造|配备|配齐|新建|建设|形成|实现|明确|规范|力争|逐步|统一)"
)
_PARTS = re.compile(r"[。；;\n，,：:]")
_SECTOR_BODY = re.compile(r"(?:部门|(?<![全内外干总])部|机关|机构|派出所)$")  # 住建部门, 组织部, 公安派出所


def _sentence_units(text: str, gazetteer: UnitGazetteer, explicit: bool, roles: _Roles) -> None:
    """Units that are the subject of a clause part: "X负责…", "X、Y等部门…", "区水利局协助配合".

    Args:
        explicit: the text sits under a "责任单位：" label, so any unit subject counts;
            otherwise the subject must be a named body or the verb must be 负责/牵头/配合.
    """
    for part in _PARTS.split(repair_spaces(text)):
        part = part.strip()
        sectors = _SECTOR_LIST.match(part)
        if sectors and not _VERB_START.match(part):
            items = [i.strip() for i in sectors.group("items").split("、")]
            items = [i for i in items if i and not _GENERIC.match(i)]
            if items and all(len(i) <= 10 for i in items):
                # "教育、民政等部门" means 教育部门、民政部门
                roles.add("responsible", "负责",
                          [u if is_unit_like(u) else f"{u}部门" for i in items for u in _split_and(i)])
                continue
        match = _SUBJECT_VERB.match(part)
        if not match:
            continue
        units = _subject_units(match.group("subject"), gazetteer, explicit)
        strong = re.match(_STRONG, match.group("verb"))
        if not units or not (explicit or strong or _well_known(units, gazetteer)):
            continue
        verb = part[match.start("verb") : match.start("verb") + 8]
        if "牵头" in verb:
            roles.add("lead", "牵头", units)
        elif re.search("配合|协助", verb):
            roles.add("cooperating", "配合", units)
        else:
            roles.add("responsible", "负责", units)
    units = roles.units
    units["cooperating"] = [u for u in units["cooperating"] if u not in units["lead"] + units["responsible"]]
    for role, label in (("cooperating", "配合"), ("lead", "牵头")):
        if not units[role] and label in roles.labels:
            roles.labels.remove(label)  # "X负责…，X予以配合": X's main role wins


def _split_and(item: str) -> list[str]:
    """"市政府及住建" → ["市政府", "住建"]; "文体广电和旅游" stays whole (its first half is no unit)."""
    match = re.search(r"和|及|与", item)
    if match and is_unit_like(item[: match.start()]) and item[match.end() :]:
        return [item[: match.start()], item[match.end() :]]
    return [item]


def _subject_units(subject: str, gazetteer: UnitGazetteer, explicit: bool) -> list[str]:
    """The unit names a sentence subject consists of, or [] when it is not only units."""
    if _VERB_START.match(subject):
        return []
    units: list[str] = []
    for item in subject.split("、"):
        item = item.strip()
        if _GENERIC.match(item):
            continue  # "有关部门" names nobody
        halves = re.split(r"和|及|与", item)
        if len(halves) > 1 and all(is_unit_like(h) for h in halves):
            units += halves
        elif is_unit_like(item):
            units.append(item)
        else:
            return []
    named = (u in gazetteer or _SECTOR_BODY.search(u) or re.match(r"[区市县]", u) for u in units)
    if not explicit and not all(named):
        return []
    return units


def _well_known(units: list[str], gazetteer: UnitGazetteer) -> bool:
    """Named bodies (区财政局, 公安派出所, 住建部门) may take any verb; anything vaguer needs 负责/牵头/配合."""
    return all(u in gazetteer or _SECTOR_BODY.search(u) or re.search(r"(?:局|委|办|支队|大队)$", u) for u in units)


# --- deadlines --------------------------------------------------------------------------

_DEADLINE = re.compile(
    r"(?:到|至|从)?\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末)?(?:之前|前|起)"  # 2021年6月底前, 从2022年起
    r"|(?:到|至)\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末)?"  # 到2021年底
    r"|\d{4}年\d{1,2}月\d{1,2}日"  # 2023年9月30日
    r"|(?:^|(?<=[。；，：\n.．、])|(?<=于|在))\d{4}年(?:\d{1,2}月)?(?:底|末)?"  # "，2022年在…", "于2021年开工"
    r"|“?十[一二三四五六七八九]五”?(?:期间|末)"
    r"|每年|每半年|每季度|持续推进|长期坚持",
    re.MULTILINE,
)


def deadlines_in(text: str) -> list[str]:
    """Deadline phrases in order: "2021年6月底前", "到2025年", "2023年9月30日", "每年", "持续推进" …"""
    out: list[str] = []
    for match in _DEADLINE.finditer(repair_spaces(text)):
        phrase = match.group()
        if phrase not in out:
            out.append(phrase)
    return out


# --- conflicts --------------------------------------------------------------------------

def mark_conflicts(tasks: list[Task], gazetteer: UnitGazetteer, threshold: float = 0.6) -> None:
    """Link each table row to the annotated body clause that contains its text, when their units differ.

    A row matches the body clause holding the largest share of the row's character bigrams
    (at least `threshold`), so the pairing does not depend on numbering.
    """
    body = [t for t in tasks if t.source == "body" and ANNOTATION_LABELS & set(t.labels)]
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
