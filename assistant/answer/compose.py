"""Offline answer composition: a short answer from the task ledger or the best sentences, with sources.

No language model is involved: responsibility and deadline answers come from ledger
entries matched to the question, list answers enumerate the ledger exhaustively, and
number/fact answers are the shortest source sentences that answer. When nothing matches
well enough the draft says so instead of answering from a weak match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answer import understand as q
from assistant.answer.match import Overlap, dates_in, numbers_in, parse_date, sentences
from assistant.corpus.document import Corpus
from assistant.models import Hit, Task

MIN_TASK_MATCH = 0.45  # share of the question's (weighted) bigrams a task must cover
MIN_SENTENCE_MATCH = 0.42
AMBIGUOUS_RATIO = 0.92  # another district's task this close to the best → answer per district


@dataclass
class Source:
    """A span of a document that supports (part of) an answer."""

    doc: str
    clause: str
    line_start: int
    line_end: int
    highlight: str = ""


@dataclass
class Draft:
    type: str
    found: bool
    short: str  # the short answer: the first paragraph, what is asked and nothing else
    details: list[str] = field(default_factory=list)  # context after the short answer
    sources: list[Source] = field(default_factory=list)
    suggestions: list[Source] = field(default_factory=list)
    doc: str | None = None
    topic: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join([self.short, *[d for d in self.details if d]])


ROLE_LABEL = {q.LEAD: "牵头单位", q.COOPERATING: "配合单位", q.RESPONSIBLE: "责任单位"}


class Composer:
    """Composes a `Draft` for an understood question from retrieval hits and the ledger."""

    def __init__(self, corpus: Corpus, overlap: Overlap) -> None:
        self.corpus = corpus
        self.overlap = overlap

    def __call__(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        if u.type == q.CHITCHAT:
            return Draft(u.type, False, "您好！我可以回答消防政策文件中的问题，例如某项任务由哪些单位牵头、什么时候完成、有什么要求。")
        if u.type == q.LIST:
            return self.list_tasks(u)
        if u.type == q.ROSTER:
            return self.roster(u, hits)
        if u.type == q.COMPARE:
            return self.compare(u, hits)
        if u.type in (q.LEAD, q.COOPERATING, q.RESPONSIBLE):
            return self.responsibility(u, hits)
        if u.type == q.DEADLINE:
            return self.deadline(u, hits)
        return self.sentence_answer(u, hits, need_number=u.type == q.NUMBER)

    # -- ledger matching -------------------------------------------------------------------
    def rank_tasks(self, u: q.Understanding, hits: list[Hit], docs: list[str] | None = None) -> list[tuple[float, Task]]:
        scope = set(docs or u.docs) or set(self.corpus.documents)
        hit_bonus: dict[tuple[str, int], float] = {}
        for rank, hit in enumerate(hits):
            for line in range(hit.chunk.line_start, hit.chunk.line_end + 1):
                key = (hit.chunk.doc, line)
                hit_bonus[key] = max(hit_bonus.get(key, 0.0), 1.0 / (rank + 2))
        ranked = []
        for task in self.corpus.tasks:
            if task.doc not in scope or not task.all_units:
                continue
            lexical = self.overlap.coverage(u.topic, f"{task.group} {task.title} {task.text}")
            bonus = max((hit_bonus.get((task.doc, line), 0.0) for line in range(task.line_start, task.line_end + 1)),
                        default=0.0)
            ranked.append((lexical + 0.3 * bonus, task))
        ranked.sort(key=lambda pair: -pair[0])
        return ranked

    def _matched(self, u: q.Understanding, hits: list[Hit]) -> list[tuple[float, Task]]:
        return [(s, t) for s, t in self.rank_tasks(u, hits) if s >= MIN_TASK_MATCH]

    # -- responsibility -------------------------------------------------------------------------
    def responsibility(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        matched = self._matched(u, hits)
        if not matched:
            return self.sentence_answer(u, hits, need_units=True)
        best_score, best = matched[0]
        rivals = self._other_districts(matched, best_score, best, u)
        if rivals:
            return self._per_district(u, [best, *rivals])
        label, units = units_for(u.type, best)
        draft = Draft(u.type, True, f"{label}：{'、'.join(units)}。" if units else f"该任务未列{ROLE_LABEL[u.type]}。",
                      doc=best.doc, topic=u.topic)
        draft.sources = self.task_sources(best)
        draft.details.append(self.describe(best, exclude=label))
        for other in self.conflicting(best):
            other_label, other_units = units_for(u.type, other)
            draft.details.append(
                f"注意：同一任务在{_where(other)}写的{other_label}是{'、'.join(other_units)}，与上面的{_where(best)}不一致，请以两处原文为准。"
            )
            draft.sources.extend(self.task_sources(other))
        return draft

    def _other_districts(self, matched, best_score, best, u) -> list[Task]:
        if u.docs:
            return []
        rivals, seen = [], {best.doc}
        for score, task in matched[1:]:
            if task.doc not in seen and score >= best_score * AMBIGUOUS_RATIO:
                rivals.append(task)
                seen.add(task.doc)
        return rivals

    def _per_district(self, u: q.Understanding, tasks: list[Task]) -> Draft:
        parts, sources = [], []
        for task in tasks:
            label, units = units_for(u.type, task)
            parts.append(f"{self.region(task.doc)}：{label}为{'、'.join(units) or '未列出'}")
            sources.extend(self.task_sources(task))
        short = "多个区的文件都有这项任务，分别是——" + "；".join(parts) + "。"
        return Draft(u.type, True, short, ["如只问某一个区，请在问题里写明区名。"], sources, topic=u.topic)

    def conflicting(self, task: Task) -> list[Task]:
        by_id = {t.id: t for t in self.corpus.tasks if t.doc == task.doc}
        return [by_id[i] for i in task.conflicts if i in by_id]

    # -- deadlines --------------------------------------------------------------------------------
    def deadline(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        matched = self._matched(u, hits)
        with_deadline = [(s, t) for s, t in matched if t.deadline]
        if with_deadline and (not matched or with_deadline[0][0] >= matched[0][0] * 0.85):
            _, task = with_deadline[0]
            sentence = _sentence_with(task.text, task.deadline)
            short = sentence if sentence else f"完成时限：{task.deadline}。"
            draft = Draft(u.type, True, short, [self.describe(task)], self.task_sources(task), doc=task.doc,
                          topic=u.topic)
            draft.sources[0].highlight = sentence or task.deadline
            return draft
        return self.sentence_answer(u, hits, need_date=True)

    # -- lists ------------------------------------------------------------------------------------
    def list_tasks(self, u: q.Understanding) -> Draft:
        scope = set(u.docs) or set(self.corpus.documents)
        tasks = [t for t in self.corpus.tasks if t.doc in scope]
        what = []
        if u.units:
            role = q.COOPERATING if "配合" in u.question else q.LEAD if "牵头" in u.question else None
            wanted = {self.corpus.gazetteer.canonical(n) for n in u.units}
            tasks = [t for t in tasks if wanted & {self.corpus.gazetteer.canonical(n) for n in role_units(t, role)}]
            what.append(f"{'、'.join(u.units)}{ROLE_LABEL.get(role, '负责') if role else '负责或参与'}")
        if u.deadline_before:
            tasks = [t for t in tasks if _due_by(t, u.deadline_before)]
            what.append(f"完成时限在{u.deadline_before}之前")
        if not tasks:
            return Draft(u.type, False, f"未找到{'、'.join(what) or '符合条件'}的任务。", topic=u.topic)
        lines = [f"{i}. 【{self.region(t.doc)}·{t.clause}】{t.title or t.text[:60]}"
                 + (f"（{t.deadline}）" if u.deadline_before else "") for i, t in enumerate(tasks, 1)]
        short = f"{'，'.join(what)}的任务共 {len(tasks)} 项：\n" + "\n".join(lines)
        sources = [s for t in tasks for s in self.task_sources(t)[:1]]
        return Draft(u.type, True, short, [], sources, doc=tasks[0].doc if len({t.doc for t in tasks}) == 1 else None)

    # -- sentences (numbers, facts, fallbacks) ----------------------------------------------------
    def sentence_answer(self, u: q.Understanding, hits: list[Hit], need_number=False, need_date=False,
                        need_units=False) -> Draft:
        scored = []
        for rank, hit in enumerate(hits[:10]):
            chunk = hit.chunk
            context = self.overlap.coverage(u.topic, chunk.context)
            for offset, line in enumerate(chunk.text.split("\n")):
                for sentence in sentences(line):
                    if need_number and not numbers_in(sentence) or need_date and not dates_in(sentence):
                        continue
                    if need_units and not self.corpus.gazetteer.find_in(sentence):
                        continue
                    cover = self.overlap.coverage(u.topic, sentence)
                    score = cover + 0.35 * context + 0.1 / (rank + 1)
                    scored.append((score, cover, sentence, chunk, chunk.line_start + offset))
        scored.sort(key=lambda item: -item[0])
        if not scored or max(scored[0][1], 0.0) + 0.35 * self.overlap.coverage(u.topic, scored[0][3].context) < MIN_SENTENCE_MATCH:
            return self.not_found(u, hits)
        _, _, sentence, chunk, _ = scored[0]
        source = Source(chunk.doc, chunk.path, chunk.line_start, chunk.line_end, highlight=sentence)
        return Draft(u.type, True, sentence, [f"出自{self.region(chunk.doc)}《{chunk.title}》{chunk.path}。"],
                     [source], doc=chunk.doc, topic=u.topic)

    def not_found(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        suggestions = [Source(h.chunk.doc, h.chunk.path, h.chunk.line_start, h.chunk.line_end) for h in hits[:3]]
        short = "未找到：现有文件中没有能回答这个问题的条款。"
        details = ["下面是最接近的条款，供参考。"] if suggestions else []
        return Draft(u.type, False, short, details, [], suggestions, topic=u.topic)

    # -- roster, comparison -------------------------------------------------------------------
    def roster(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        scope = set(u.docs) or set(self.corpus.documents)
        entries = [e for d in self.corpus.documents.values() if d.doc in scope for e in d.roster]
        wanted = [e for e in entries if e.role and e.role in u.question] or entries
        if "副组长" not in u.question:
            wanted = [e for e in wanted if e.role != "副组长" or "组长" not in u.question] or wanted
        if not wanted:
            return self.sentence_answer(u, hits)
        short = "；".join(f"{e.role}：{e.name}（{e.post}）" for e in wanted) + "。"
        sources = [Source(e.doc, e.group, e.line_start, e.line_end, highlight=e.name) for e in wanted]
        return Draft(u.type, True, short, [], sources, doc=wanted[0].doc, topic=u.topic)

    def compare(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        inner = q.classify(u.question.replace("分别", "").replace("各自", ""))
        parts, sources, found = [], [], False
        for doc in u.docs:
            sub = q.Understanding(u.question, u.text, inner if inner != q.COMPARE else q.FACT, [doc], u.units, u.topic)
            doc_hits = [h for h in hits if h.chunk.doc == doc]
            draft = self(sub, doc_hits)
            found = found or draft.found
            parts.append(f"{self.region(doc)}：{draft.short}")
            sources.extend(draft.sources)
        return Draft(q.COMPARE, found, "\n".join(parts), [], sources, topic=u.topic)

    # -- helpers ------------------------------------------------------------------------------------
    def region(self, doc: str) -> str:
        meta = self.corpus.documents[doc].meta
        return meta.region or meta.title

    def task_sources(self, task: Task) -> list[Source]:
        sources = [Source(task.doc, task.clause, task.line_start, task.line_end, highlight=task.title)]
        header = self._group_header(task)
        if header:
            sources.append(header)
        return sources

    def _group_header(self, task: Task) -> Source | None:
        """The table group header a lead unit was inherited from (cited too, so the unit is checkable)."""
        document = self.corpus.documents[task.doc]
        for rows in document.tables:
            own = next((r for r in rows if r.line_start == task.line_start), None)
            if own is None or "牵头单位" not in own.inherited or not own.group:
                continue
            holders = [r for r in rows if r.group == own.group and r.line_start <= own.line_start
                       and any("牵头" in v for k, v in r.cells.items() if k not in r.inherited)]
            if not holders or holders[-1] is own:
                return None
            holder = holders[-1]
            end = holder.line_start
            while end < holder.line_end and "牵头" not in document.lines[end - 1]:
                end += 1
            return Source(task.doc, f"{holder.path} 专项行动", holder.line_start, end, highlight=own.group)
        return None

    def describe(self, task: Task, exclude: str = "") -> str:
        roles = [("牵头单位", task.lead_units), ("配合单位", task.cooperating_units), ("责任单位", task.responsible_units)]
        extra = "；".join(f"{label}：{'、'.join(units)}" for label, units in roles if units and label != exclude)
        deadline = f"；完成时限：{task.deadline}" if task.deadline else ""
        return f"（{_where(task, self.region(task.doc))}「{_clip(task.title or task.text)}」{('；' + extra) if extra else ''}{deadline}）"


def units_for(qtype: str, task: Task) -> tuple[str, list[str]]:
    """The label and units that answer a responsibility question, using the document's own label."""
    if qtype == q.LEAD:
        if task.lead_units:
            return "牵头单位", task.lead_units
        return "责任单位", task.responsible_units
    if qtype == q.COOPERATING:
        return "配合单位", task.cooperating_units
    if task.responsible_units:
        return "责任单位", task.responsible_units
    return "牵头单位", task.lead_units


def role_units(task: Task, role: str | None) -> list[str]:
    if role == q.LEAD:
        return task.lead_units
    if role == q.COOPERATING:
        return task.cooperating_units
    return task.lead_units + task.responsible_units


def _due_by(task: Task, date: str) -> bool:
    due = [parse_date(p) for p in dates_in(task.deadline)] if task.deadline else []
    due = [d for d in due if d]
    return bool(due) and max(due) <= date


def _sentence_with(text: str, phrase: str) -> str:
    for sentence in sentences(text):
        if phrase and phrase in sentence:
            return sentence
    return ""


def _where(task: Task, region: str = "") -> str:
    place = "任务表" if task.source == "table" else "正文"
    return f"{region}{place}{task.clause}"


def _clip(text: str, n: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"
