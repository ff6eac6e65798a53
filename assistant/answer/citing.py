"""Where an answer comes from: source spans for tasks and clauses, and how tasks are described.

`SourceBook` holds the lookups from (document, line) to table rows and clauses that
citations need: the row a task came from, the group header its lead unit was inherited
from, a clause's whole subtree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.match import sentences
from assistant.corpus.document import Corpus
from assistant.corpus.grammar import deadline_of_heading, people_in
from assistant.corpus.normalize import normalize_for_match
from assistant.lexicon import deadlines_in
from assistant.models import Chunk, Clause, TableRow, Task


@dataclass
class Source:
    """A span of a document that supports (part of) an answer."""

    doc: str
    clause: str
    line_start: int
    line_end: int
    highlight: str = ""


class SourceBook:
    """Citation lookups over one corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.rows: dict[tuple[str, int], TableRow] = {
            (d.doc, row.line_start): row for d in corpus.documents.values() for rows in d.tables for row in rows
        }
        self.clauses: dict[tuple[str, int], Clause] = {
            (d.doc, c.line_start): c for d in corpus.documents.values() for c in d.all_clauses()
        }
        self.parents: dict[tuple[str, int], Clause] = {  # (doc, a child's first line) → its parent clause
            (d.doc, child.line_start): c for d in corpus.documents.values() for c in d.all_clauses() for child in c.children
        }

    def region(self, doc: str) -> str:
        meta = self.corpus.documents[doc].meta
        return meta.region or meta.title

    def from_line(self, doc: str, *clauses: str) -> str:
        """"出自《标题》二、（五）18。": the document and clause(s) an answer comes from, in one clean line."""
        title = self.corpus.documents[doc].meta.title if doc in self.corpus.documents else ""
        clause = "、".join(dict.fromkeys(re.sub(r"[.．、。]+$", "", c.strip()) for c in clauses))
        return f"出自《{title}》{clause}。" if title else f"出自{clause}。"

    def text_of(self, source: Source) -> str:
        """The source lines a span covers."""
        return self.corpus.documents[source.doc].source_text(source.line_start, source.line_end)

    def task_sources(self, task: Task, highlight: str = "") -> list[Source]:
        sources = [Source(task.doc, task.clause, task.line_start, task.line_end, highlight=highlight or task.title)]
        header = self.group_header(task)
        if header:
            sources.append(header)
        sources += self.spanning_rows(task)
        lines = self.corpus.documents[task.doc].lines
        # "X应当履行下列职责：" above the item, or the unit heading it sits under; "未列完成时限的，于…前完成"
        for clause, number, end in ((task.owner_clause, task.owner_line, task.owner_line_end),
                                    (task.deadline_clause, task.deadline_line, 0)):
            if number:
                sources.append(Source(task.doc, clause, number, max(end, number), highlight=lines[number - 1].strip()))
        return sources

    def group_header(self, task: Task) -> Source | None:
        """The table group header a lead unit was inherited from (cited too, so the unit is checkable)."""
        own = self.rows.get((task.doc, task.line_start))
        if own is None or "牵头单位" not in own.inherited or not own.group:
            return None
        document = self.corpus.documents[task.doc]
        rows = document.tables[own.table]
        holders = [r for r in rows if r.group == own.group and r.line_start < own.line_start
                   and any("牵头" in v for k, v in r.cells.items() if k not in r.inherited)]
        if not holders:
            return None
        holder = holders[-1]
        end = holder.line_start
        while end < holder.line_end and "牵头" not in document.lines[end - 1]:
            end += 1
        return Source(task.doc, f"{holder.path} 专项行动", holder.line_start, end, highlight=own.group)

    def spanning_rows(self, task: Task) -> list[Source]:
        """Rows above whose merged unit cells this row inherits (a cell written once for several rows)."""
        own = self.rows.get((task.doc, task.line_start))
        if own is None:
            return []
        inherited = [name for name in own.inherited if name in own.cells and "牵头单位" != name or
                     (name == "牵头单位" and not own.group)]
        unit_columns = [n for n in inherited if any(n == k for k in own.cells) and _is_unit_column(n)]
        if not unit_columns:
            return []
        rows = self.corpus.documents[task.doc].tables[own.table]
        for row in reversed([r for r in rows if r.line_start < own.line_start]):
            if all(name not in row.inherited and row.cells.get(name) == own.cells[name] for name in unit_columns):
                return [Source(task.doc, row.path, row.line_start, row.line_end, highlight=row.cells[unit_columns[0]])]
        return []

    def deadline_sources(self, task: Task, due: str) -> list[Source]:
        """The line that states a deadline the task inherits (its item's opening date, its phase heading)."""
        document = self.corpus.documents[task.doc]
        phrase = normalize_for_match(due.split("；")[0])
        if not phrase or phrase in normalize_for_match(document.source_text(task.line_start, task.line_end)):
            return []
        # before it (an item's opening date, a phase heading), else after it (a table's note: "表中未注明完成时限的，均于…")
        after = range(task.line_end + 1, min(len(document.lines), task.line_end + 60) + 1)
        for number in [*range(task.line_start - 1, max(0, task.line_start - 60), -1), *after]:
            if phrase in normalize_for_match(document.lines[number - 1]):
                clause = next((c.path for c in document.all_clauses() if c.line_start <= number <= c.line_end), "")
                return [Source(task.doc, clause, number, number, highlight=due)]
        return []

    def holding(self, doc: str, line: int) -> list[Clause]:
        """The clauses of `doc` whose subtree holds `line`, outermost first."""
        return [c for c in self.corpus.documents[doc].all_clauses() if c.line_start <= line <= c.subtree_end]

    def phase_of(self, task: Task) -> str:
        """The dates of the phase heading a task sits under ("（二）集中整改、区级督导阶段(6月-8月)" → "6月-8月"), or ""."""
        innermost_first = sorted(self.holding(task.doc, task.line_start), key=lambda c: -c.level)
        return next((due for c in innermost_first if (due := deadline_of_heading(c.title))), "")

    def describe(self, task: Task, exclude: str = "") -> str:
        """One line of context: where the task is, its name, the roles not already answered, its deadline."""
        exclude = "责任单位" if exclude == "负责单位" else exclude
        roles = [("牵头单位", task.lead_units), ("配合单位", task.cooperating_units), ("责任单位", task.responsible_units)]
        extra = "；".join(f"{label}：{'、'.join(units)}" for label, units in roles if units and label != exclude)
        deadline = self.due(task)
        tail = "".join(f"；{part}" for part in [extra, f"完成时限：{deadline}" if deadline else ""] if part)
        return f"（{where(task, self.region(task.doc))}「{clip(task_label(task))}」{tail}）"

    def deadline_column(self, task: Task) -> str:
        """The task's 完成时限 cell when it comes from a table with such a column."""
        row = self.rows.get((task.doc, task.line_start))
        # a sentence of the row with owners of its own has its own date
        return deadline_cell(row) if row is not None and not task.row_sentence else ""

    def people_column(self, task: Task, question: str) -> tuple[str, list[str]] | None:
        """A table task's column of people the question names ("责任领导是谁" → 责任领导), else the first one
        whose name says 领导: (header, people), or None when the task has no such row."""
        from assistant.lexicon import label_role

        row = self.rows.get((task.doc, task.line_start))
        if row is None:
            return None
        columns = [(name, value) for name, value in row.cells.items()
                   if (found := label_role(name)) and found[1] and value.strip()]
        named = [c for c in columns if c[0] in question] or [c for c in columns if "领导" in c[0]] or columns
        if not named:
            return None
        name, value = named[0]
        return name, people_in(value)

    def due(self, task: Task) -> str:
        """By when a task is due, as an answer says it: its 完成时限 cell, else the ledger's deadline."""
        return self.deadline_column(task) or task.deadline

    def subtree_source(self, chunk: Chunk) -> Source:
        """A clause chunk's whole subtree (when its sub-clauses are the answer)."""
        clause = self.clauses[(chunk.doc, chunk.line_start)]
        return Source(chunk.doc, clause.path, clause.line_start, clause.subtree_end)


def _is_unit_column(name: str) -> bool:
    from assistant.lexicon import label_role

    return label_role(name) is not None


def deadline_cell(row: TableRow) -> str:
    """The row's non-empty 完成时限 / 完成时间 cell, "" if the table has none."""
    return next((v.strip() for k, v in row.cells.items() if ("时限" in k or "时间" in k) and v.strip()), "")


_LIST_NUMBER = re.compile(r"^\s*(?:\d+\s*[.．、]|[（(][一二三四五六七八九十\d]+[）)])\s*")


def task_label(task: Task) -> str:
    """A task's name for lists: its short title and what it says ("纳入考核体系：将街道…纳入…"), or its first sentence."""
    parts = [_LIST_NUMBER.sub("", p) for p in sentences(task.text)] or [task.text]
    title = task.title.rstrip("…")
    if len(parts) > 1 and (normalize_for_match(parts[0]) == normalize_for_match(title) or (
            deadlines_in(title) and normalize_for_match(parts[0]).rstrip("。；;：:") == normalize_for_match(title))):
        # a row's text opens with its name column ("3.纳入考核体系\n将街道…"); a phase's title names its time, not the
        # work ("集中整治阶段（10月11日至12月31日）。镇安监站会同…")
        parts = parts[1:]
    first = parts[0]
    if title and not normalize_for_match(first).startswith(normalize_for_match(title)):
        return f"{title}：{clip(first, 60)}"
    return clip(first, 80)


def where(task: Task, region: str = "") -> str:
    """"渝北区任务表附件 第15项" / "开州区正文二、（四）19." (no "任务表" twice for "任务分解表 第43项")."""
    place = "正文" if task.source != "table" else "" if "表" in task.clause else "任务表"
    return f"{region}{place}{task.clause}"


def clip(text: str, n: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


