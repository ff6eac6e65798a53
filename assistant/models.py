"""Typed records passed between the stages: corpus model → chunks → hits → answers.

Every record carries the document id (`doc`, the corpus file name) and a 1-based,
inclusive line span into the original file, so that any answer can be traced back to
the exact lines a person can open and read.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.lexicon import LABEL_BODY_WORDS


def stable_id(*parts: str) -> str:
    """A short id that depends only on its parts (so ids survive index rebuilds)."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


@dataclass
class DocumentMeta:
    """Who issued a document, for which region, and when."""

    doc: str  # corpus file name, the document id in citations
    title: str
    issuer: str = ""
    region: str = ""  # e.g. "渝北区", "兴化市"
    region_aliases: list[str] = field(default_factory=list)  # e.g. ["渝北"]
    parents: list[str] = field(default_factory=list)  # enclosing places and their short forms, e.g. ["重庆市", "重庆"]
    subplaces: list[str] = field(default_factory=list)  # towns and streets the text names, e.g. ["玉峰山镇"]
    date: str = ""  # ISO yyyy-mm-dd where known
    number: str = ""  # 文号, e.g. "渝北府办发〔2021〕28号"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Clause:
    """One node of a document's clause tree (a numbered heading, item, box or bullet)."""

    doc: str
    path: str  # numbering path, e.g. "二、（三）2." or "附件2" or "重点工程专栏05"
    label: str  # this node's own numbering, e.g. "2."
    kind: str  # "chapter" | "section" | "clause" | "item" | "subitem" | "box" | "bullet" | "annex" | "preamble"
    level: int
    title: str  # heading or lead sentence
    text: str  # this node's own original lines (no children), joined with "\n"
    line_start: int
    line_end: int  # end of own text
    children: list[Clause] = field(default_factory=list)
    text_lines: list[int] = field(default_factory=list)  # the line of each line of `text` (a paragraph after
    # the children is the node's own: its lines do not follow on from the heading's)

    @property
    def id(self) -> str:
        return stable_id(self.doc, "clause", self.path)

    @property
    def subtree_end(self) -> int:
        return max([self.line_end] + [c.subtree_end for c in self.children])

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class TableRow:
    """One row of a (flattened) table, its cells keyed by header name."""

    doc: str
    table: int  # 0-based table index within the document
    table_title: str  # e.g. "渝北区…重点任务分解表"
    number: str  # the row's own 序号 (or leading "15." of its content), "" if none
    cells: dict[str, str]  # header name → cell text (original characters, cell lines joined by "\n")
    inherited: list[str]  # header names whose value came from a merged cell / group header above
    section: str  # section row in force, e.g. "三、完善消防安全共建共治共享格局"
    group: str  # group header in force, e.g. "建筑消防设施整治攻坚行动（牵头单位：区消防救援支队）"
    path: str  # citation path, e.g. "附件 第15项"
    line_start: int
    line_end: int
    section_line: int = 0  # 1-based line of the section row in force (it may name the part's lead), 0 if none

    @property
    def id(self) -> str:
        return stable_id(self.doc, "row", str(self.table), self.path)


@dataclass
class Task:
    """A ledger entry: who leads / cooperates / is responsible for a task, and by when."""

    doc: str
    source: str  # "table" | "body"
    clause: str  # clause path or table path, e.g. "二、（三）2." / "附件 第15项"
    title: str  # short name of the task
    text: str  # original text of the task
    lead_units: list[str] = field(default_factory=list)
    cooperating_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)  # people: 牵头领导/责任领导/责任人 (names or posts)
    labels: list[str] = field(default_factory=list)  # the document's own labels: 牵头单位/配合单位/责任单位/负责/配合
    deadline: str = ""  # raw deadline text(s) joined by "；", e.g. "2023年12月31日"
    line_start: int = 0
    line_end: int = 0
    group: str = ""  # section/group the task sits in
    conflicts: list[str] = field(default_factory=list)  # ids of tasks that describe the same work with other units
    part: int = 0  # the n-th task of one clause (sentences with their own owners)
    owner_clause: str = ""  # where the owners are named when not in the task's own lines (a duty intro, a heading)
    owner_line: int = 0
    owner_line_end: int = 0  # …to this line, when they are named over several (a 责任分工 section, unit by unit)
    deadline_clause: str = ""  # where the deadline is given when not in the task's own lines (a 说明's rule for all)
    deadline_line: int = 0
    # Owners stated sentence by sentence inside one label ("责任单位和部门：X统筹负责…，Y协助配合。Z负责…"):
    # [{"text": sentence, "lead": [...], "cooperating": [...], "responsible": [...]}]
    statements: list[dict] = field(default_factory=list)

    @property
    def id(self) -> str:
        parts = (self.doc, "task", self.source, self.clause) + ((str(self.part),) if self.part else ())
        return stable_id(*parts)

    @property
    def row_sentence(self) -> bool:
        """A sentence of a table row with owners of its own (its 职责分工, "其中，…由X负责"), a task beside the row's."""
        return self.source == "table" and self.part > 0 and not self.labelled

    @property
    def labelled(self) -> bool:
        """True when the document labelled the owners (a 牵头单位 column, a 〔责任单位：…〕 annotation)."""
        return any(label.endswith((*LABEL_BODY_WORDS, "领导", "责任人")) for label in self.labels)

    def units(self, role) -> list[str]:
        """The units of one `lexicon.Role`."""
        return getattr(self, role.field)

    @property
    def all_units(self) -> list[str]:
        seen: list[str] = []
        for unit in self.lead_units + self.responsible_units + self.cooperating_units:
            if unit not in seen:
                seen.append(unit)
        return seen

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["id"] = self.id
        return data


@dataclass
class DocumentEvent:
    """One dated step of a document's own history (corpus/events.py)."""

    doc: str
    kind: str  # one of lexicon.DOCUMENT_EVENTS: "通过" "批准" "公布" "修订" "施行" "转发" "制定" "落款"
    date: str  # as written, "2021年9月1日"; "" when the text names none ("已经区政府第135次常务会议通过")
    body: str  # who took it: a meeting, a 公告, a unit ("" when unnamed)
    line: int  # 1-based line that states it
    line_end: int = 0  # …and the last one (a signature: the unit over its date line)
    said: str = ""  # the document's own words for a dated step ("2013年1月1日 施行", "本条例自2022年1月1日起施行")


@dataclass
class RosterEntry:
    """One member of a leading group roster (组长/副组长/成员 …)."""

    doc: str
    group: str  # e.g. "梁平区高层建筑消防安全综合治理工作领导小组"
    role: str  # "组长", "第一副组长", "副组长", "成员", "办公室主任"
    name: str
    post: str  # e.g. "区政府副区长"
    line_start: int
    line_end: int

    @property
    def id(self) -> str:
        return stable_id(self.doc, "roster", self.role, self.name, str(self.line_start))


@dataclass
class ParsedDocument:
    """The structured model of one corpus file."""

    meta: DocumentMeta
    lines: list[str]  # original lines (index 0 is line 1)
    clauses: list[Clause]  # top-level nodes of the clause tree
    tables: list[list[TableRow]]
    tasks: list[Task]
    roster: list[RosterEntry]
    sha256: str = ""
    events: list[DocumentEvent] = field(default_factory=list)  # its own history: passed, in force, forwarded …

    @property
    def doc(self) -> str:
        return self.meta.doc

    def source_text(self, line_start: int, line_end: int) -> str:
        return "\n".join(self.lines[line_start - 1 : line_end])

    def all_clauses(self):
        for clause in self.clauses:
            yield from clause.walk()


@dataclass
class Chunk:
    """A retrievable unit: a clause node, a table row or a roster, with context for embedding."""

    id: str
    doc: str
    kind: str  # "clause" | "row" | "roster"
    path: str  # clause path, e.g. "二、（三）2." or "附件 第15项"
    title: str  # document title
    region: str
    text: str  # original source text (what a citation shows)
    context: str  # text that is embedded / indexed: title + path + headers + normalised text
    line_start: int
    line_end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Hit:
    """A chunk with its retrieval scores."""

    chunk: Chunk
    score: float
    bm25: float | None = None
    dense: float | None = None


@dataclass
class Citation:
    """A numbered source shown under an answer."""

    n: int
    doc: str
    title: str
    clause: str
    line_start: int
    line_end: int
    text: str  # exact source text of the cited lines
    highlight: str = ""  # the part of `text` that supports the answer

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    """The result of one question."""

    question: str
    answer: str
    type: str
    found: bool
    citations: list[Citation] = field(default_factory=list)
    suggestions: list[Citation] = field(default_factory=list)  # nearest clauses when not found
    doc: str | None = None  # document scope the answer settled on (for follow-ups)
    task: str | None = None  # task phrase the answer was about (for follow-ups)
    mode: str = "offline"  # "offline" | "llm"
    closest: bool = False  # no clause answers exactly: the citation is the closest match

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "type": self.type,
            "found": self.found,
            "citations": [c.to_dict() for c in self.citations],
            "suggestions": [c.to_dict() for c in self.suggestions],
            "doc": self.doc,
            "task": self.task,
            "mode": self.mode,
            "closest": self.closest,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        """The Answer `to_dict` gave (how answers cross from a worker process)."""
        return cls(**{**data, "citations": [Citation(**c) for c in data.get("citations", [])],
                      "suggestions": [Citation(**c) for c in data.get("suggestions", [])]})
