"""List answers: every task of a unit (in a role) or every task due by a date — from the whole ledger.

Retrieval top-k cannot list "all tasks 区财政局 leads"; the ledger can. Table rows that are
not ledger tasks but carry a 完成时限 column (a station plan) are listed by date too.
"""

from __future__ import annotations

import re

from assistant.answer.citing import Source, SourceBook, clip, deadline_cell, task_label
from assistant.answer.draft import Draft
from assistant.answer.match import Overlap, parse_date
from assistant.answer.understand import Understanding
from assistant.corpus.document import Corpus
from assistant.lexicon import Role, deadlines_in
from assistant.models import Hit, Task
_LIST_GENERIC = re.compile(r"任务|工作|事项|事情|计划|完成|建成|完工|投用|到位|含|提档升级|\d+|年|月|日|底|前|之|以|要|需|在")


RESTATED_SHARE = 0.9  # of a task's words another task holds, for it to be that task restated (decided on 泓川's 汇总表)


class ListAnswerer:
    """Enumerates ledger tasks (and dated rows) for list questions."""

    def __init__(self, corpus: Corpus, overlap: Overlap, book: SourceBook) -> None:
        self.corpus = corpus
        self.overlap = overlap
        self.book = book

    def __call__(self, u: Understanding, hits: list[Hit]) -> Draft:
        """Every ledger task (or dated table row) of a unit or due by a date: the whole ledger, not top-k."""
        tasks = [t for t in self.corpus.tasks if t.doc in u.scope(self.corpus.documents)]
        what = []
        if u.units:
            role = u.role
            wanted = {self.corpus.gazetteer.canonical(n) for n in u.units}
            tasks = [t for t in tasks if wanted & {self.corpus.gazetteer.canonical(n) for n in role_units(t, role)}]
            what.append(f"{'、'.join(u.units)}{'作为' + role.answer_label if role else '负责或参与'}")
        kept = self._without_restatements(tasks)
        items = [(t.doc, t.clause, task_label(t), self.book.due(t), t.line_start, t.line_end) for t in kept]
        if u.deadline_before:
            items = [item for item in items if due_by(item[3], u.deadline_before)]
            if not u.units:
                items += self._dated_rows(u, {t.line_start for t in tasks})
            what.append(f"完成时限在{_chinese_date(u.deadline_before)}之前")
            subject = _LIST_GENERIC.sub("", u.topic.replace(" ", ""))
            if len(subject) >= 2:  # "哪些消防站…": only the items about that subject
                items = [item for item in items if self.overlap.coverage(subject, item[2]) >= 0.5]
                what.insert(0, subject)
        if not items:
            return Draft(u.type, False, f"未找到{'、'.join(what) or '符合条件'}的任务。", topic=u.topic)
        lines = [f"{i}. 【{self.book.region(doc)}·{path}】{label}" + (f"（{deadline}）" if u.deadline_before else "")
                 for i, (doc, path, label, deadline, _, _) in enumerate(items, 1)]
        short = f"{'，'.join(what)}的任务共 {len(items)} 项：\n" + "\n".join(lines)
        sources = [Source(doc, path, start, end, highlight=label) for doc, path, label, _, start, end in items]
        listed = {(item[0], item[4]) for item in items}
        sources += self._owner_sources([t for t in kept if (t.doc, t.line_start) in listed])
        docs = {item[0] for item in items}
        return Draft(u.type, True, short, [], sources, doc=docs.pop() if len(docs) == 1 else None, topic=u.topic)

    def _owner_sources(self, tasks: list[Task]) -> list[Source]:
        """The lines that name owners outside the tasks' own lines (a part's title "一、…（县消防救援大队牵头）" over
        rows that name only who cooperates, a duty intro), each once."""
        named = dict.fromkeys((t.doc, t.owner_clause, t.owner_line, max(t.owner_line, t.owner_line_end))
                              for t in tasks if t.owner_line)
        return [Source(doc, clause, line, end, highlight=self.corpus.documents[doc].lines[line - 1].strip())
                for doc, clause, line, end in named]

    def _without_restatements(self, tasks: list[Task]) -> list[Task]:
        """The tasks but the table rows that another, longer row of the document restates with the same owners (a 汇总表
        row naming a task card: "多种形式消防救援力量建设" beside the card "加强多种形式消防救援力量建设…新建…6支…")."""
        def restated(task: Task) -> bool:
            return task.source == "table" and any(
                other is not task and other.doc == task.doc and other.source == "table"
                and len(other.text) > 2 * len(task.text) and set(task.all_units) <= set(other.all_units)
                and self.overlap.coverage(task.text, other.text) >= RESTATED_SHARE for other in tasks)

        return [t for t in tasks if not restated(t)]

    def _dated_rows(self, u: Understanding, task_rows: set[int]) -> list[tuple]:
        """Table rows that are not ledger tasks (e.g. a station plan) but have a 完成时限 column."""
        items = []
        for (doc, start), row in self.book.rows.items():
            if doc not in u.scope(self.corpus.documents) or start in task_rows:
                continue
            due = deadline_cell(row)
            if due and due_by(due, u.deadline_before):
                label = " ".join(v.strip() for k, v in row.cells.items()
                                 if v.strip() and "序号" not in k and v.strip() != due and v.strip() != "——")
                items.append((doc, row.path, clip(label, 60), due, row.line_start, row.line_end))
        return sorted(items, key=lambda item: (item[0], item[4]))


def role_units(task: Task, role: Role | None) -> list[str]:
    """The task's units in `role`; without a role, the units that act (lead or responsible)."""
    if role is Role.LEAD or role is Role.COOPERATING:
        return task.units(role)
    return task.lead_units + task.responsible_units


def due_by(deadline: str, date: str) -> bool:
    """True when a deadline ("2023年9月30日", "2021年底前"; not "从2021年起") falls on or before `date`."""
    if not deadline or "起" in deadline:
        return False  # "从2021年起" is a start, not a deadline
    due = [d for d in (parse_date(p) for p in deadlines_in(deadline)) if d]
    return bool(due) and max(due) <= date


def _chinese_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"
