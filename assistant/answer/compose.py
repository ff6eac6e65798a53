"""Offline answer composition: a short answer from the task ledger or the best sentences, with sources.

No language model is involved: responsibility and deadline answers come from ledger
entries matched to the question, list answers enumerate the ledger exhaustively, and
number/fact answers are the shortest source sentences that answer. When nothing matches
well enough the draft says so instead of answering from a weak match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer import understand as q
from assistant.answer.citing import Source, SourceBook, clip, task_label, where
from assistant.answer.ledger_match import LedgerMatcher, Match, answer_units
from assistant.answer.match import (
    Overlap,
    asked_measure,
    dates_in,
    numbers_in,
    parse_date,
    sentences,
    states_measure,
)
from assistant.corpus.document import Corpus
from assistant.corpus.normalize import normalize_for_match
from assistant.models import Chunk, Hit, Task

MIN_TASK_SCORE = 0.33
MIN_SENTENCE_SCORE = 0.36
MIN_DATED_TASK = 0.2  # lexical match a task needs before its 完成时限 column answers
AMBIGUOUS_RATIO = 0.95  # another district's task this close to the best → answer per district
ROLE_LABEL = {q.LEAD: "牵头单位", q.COOPERATING: "配合单位", q.RESPONSIBLE: "责任单位"}
_YEAR = re.compile(r"20\d\d年")
_CLAUSE_LABEL = re.compile(r"^\s*(?:[（(]\d+[）)]|\d+\s*[.．、]|第.{1,3}[条章])\s*")
_LIST_GENERIC = re.compile(r"任务|工作|事项|事情|计划|完成|建成|完工|投用|到位|含|提档升级|\d+|年|月|日|底|前|之|以|要|需|在")
_ENUMERATE = re.compile(r"哪几|哪些|哪[一二三四五六七八九十两]|都有什么|都有哪|分哪|包括什么|包括哪")


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
    confidence: float = 0.0  # the match score the answer rests on (for choosing between drafts)

    @property
    def text(self) -> str:
        return "\n\n".join([self.short, *[d for d in self.details if d]])


class Composer:
    """Composes a `Draft` for an understood question from retrieval hits and the ledger."""

    def __init__(self, corpus: Corpus, overlap: Overlap) -> None:
        self.corpus = corpus
        self.overlap = overlap
        self.ledger = LedgerMatcher(corpus.tasks, overlap)
        self.book = SourceBook(corpus)
        self.tasks_by_id = {t.id: t for t in corpus.tasks}

    def __call__(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        if u.type == q.CHITCHAT:
            return Draft(u.type, False, "您好！我可以回答消防政策文件中的问题，例如某项任务由哪些单位牵头、什么时候完成、有什么要求。")
        if u.unknown_place:
            names = "、".join(self.book.region(d) for d in self.corpus.documents)
            return Draft(u.type, False, f"未找到：现有文件不包括{u.unknown_place}（已收录：{names}）。", topic=u.topic)
        handler = {
            q.LIST: self.list_tasks, q.ROSTER: self.roster, q.COMPARE: self.compare, q.META: self.metadata,
            q.LEAD: self.responsibility, q.COOPERATING: self.responsibility, q.RESPONSIBLE: self.responsibility,
            q.DEADLINE: self.deadline,
        }.get(u.type, self.sentence_answer)
        draft = handler(u, hits)
        if draft.found and not u.docs and draft.doc and u.type not in (q.LIST, q.COMPARE) \
                and self.book.region(draft.doc) not in draft.short:
            # The question named no district: say whose document answers it.
            draft.short = f"{self.book.region(draft.doc)}：{draft.short}"
        return draft

    # -- responsibility ----------------------------------------------------------------------------
    def _scope(self, u: q.Understanding) -> set[str]:
        return set(u.docs) or set(self.corpus.documents)

    def responsibility(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        matches = [m for m in self.ledger.rank(u.topic, u.type, hits, self._scope(u)) if m.score >= MIN_TASK_SCORE]
        if not matches:
            return self.sentence_answer(u, hits, need_units=True)
        best = matches[0]
        rivals = self._other_districts(matches, u)
        if rivals:
            return self._per_district(u, [best, *rivals])
        label, units = answer_units(u.type, best)
        short = f"{label}：{'、'.join(units)}。" if units else f"这项任务没有列出{ROLE_LABEL[u.type]}。"
        draft = Draft(u.type, True, short, doc=best.task.doc, topic=u.topic, confidence=best.score)
        draft.sources = self.book.task_sources(best.task, highlight=best.sentence or "、".join(units))
        draft.details.append(self.book.describe(best.task, exclude=label))
        for other in self.conflicting(best.task):
            other_label, other_units = answer_units(u.type, self.ledger.match(u.topic, other))
            if other_units and set(other_units) != set(units):
                draft.details.append(
                    f"注意：同一任务在{where(other)}写的{other_label}是{'、'.join(other_units)}，"
                    f"与上面的{where(best.task)}不一致，两处原文都列在出处中。"
                )
                draft.sources.extend(self.book.task_sources(other))
        return draft

    def _other_districts(self, matches: list[Match], u: q.Understanding) -> list[Match]:
        if u.docs:
            return []
        best, rivals, seen = matches[0], [], {matches[0].task.doc}
        for match in matches[1:]:
            if match.task.doc not in seen and match.score >= best.score * AMBIGUOUS_RATIO:
                if set(answer_units(u.type, match)[1]) != set(answer_units(u.type, best)[1]):
                    rivals.append(match)
                seen.add(match.task.doc)
        return rivals

    def _per_district(self, u: q.Understanding, matches: list[Match]) -> Draft:
        parts, sources = [], []
        for match in matches:
            label, units = answer_units(u.type, match)
            parts.append(f"{self.book.region(match.task.doc)}{label}为{'、'.join(units) or '未列出'}")
            sources.extend(self.book.task_sources(match.task))
        short = "多个区的文件都有这项任务：" + "；".join(parts) + "。"
        return Draft(u.type, True, short, ["如只问某一个区，请在问题里写明区名，或在“只在此文件中查找”里选定文件。"],
                     sources, topic=u.topic)

    def conflicting(self, task: Task) -> list[Task]:
        """The tasks the parser marked as describing the same work with other units."""
        return [self.tasks_by_id[i] for i in task.conflicts if i in self.tasks_by_id]

    # -- deadlines ---------------------------------------------------------------------------------
    def deadline(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        """A task's 完成时限 column when a dated task matches about as well as the best; else a dated sentence."""
        ranked = self.ledger.rank(u.topic, u.type, hits, self._scope(u))[:8]
        best_lexical = max((m.lexical for m in ranked), default=0.0)
        for match in ranked:
            column = self.book.deadline_column(match.task)
            if column and match.lexical >= max(MIN_DATED_TASK, 0.85 * best_lexical):
                task = match.task
                draft = Draft(u.type, True, f"完成时限：{column}。", [self.book.describe(task)], doc=task.doc,
                              topic=u.topic, confidence=match.score)
                draft.sources = self.book.task_sources(task, highlight=column)
                return draft
        return self.sentence_answer(u, hits, need_date=True)

    # -- lists --------------------------------------------------------------------------------------
    def list_tasks(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        """Every ledger task (or dated table row) of a unit or due by a date: the whole ledger, not top-k."""
        tasks = [t for t in self.corpus.tasks if t.doc in self._scope(u)]
        what = []
        if u.units:
            role = q.COOPERATING if "配合" in u.question else q.LEAD if re.search("牵头|统筹", u.question) else None
            wanted = {self.corpus.gazetteer.canonical(n) for n in u.units}
            tasks = [t for t in tasks if wanted & {self.corpus.gazetteer.canonical(n) for n in role_units(t, role)}]
            what.append(f"{'、'.join(u.units)}{'作为' + ROLE_LABEL[role] if role else '负责或参与'}")
        items = [(t.doc, t.clause, task_label(t), self.book.deadline_column(t) or t.deadline, t.line_start, t.line_end)
                 for t in tasks]
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
        docs = {item[0] for item in items}
        return Draft(u.type, True, short, [], sources, doc=docs.pop() if len(docs) == 1 else None, topic=u.topic)

    def _dated_rows(self, u: q.Understanding, task_rows: set[int]) -> list[tuple]:
        """Table rows that are not ledger tasks (e.g. a station plan) but have a 完成时限 column."""
        items = []
        for (doc, start), row in self.book.rows.items():
            if doc not in self._scope(u) or start in task_rows:
                continue
            due = next((v.strip() for k, v in row.cells.items() if "时限" in k or "时间" in k), "")
            if due and due_by(due, u.deadline_before):
                label = " ".join(v.strip() for k, v in row.cells.items()
                                 if v.strip() and "序号" not in k and v.strip() != due and v.strip() != "——")
                items.append((doc, row.path, clip(label, 60), due, row.line_start, row.line_end))
        return sorted(items, key=lambda item: (item[0], item[4]))

    # -- sentences (numbers, facts, fallbacks) ------------------------------------------------------
    def sentence_answer(self, u: q.Understanding, hits: list[Hit], need_number=False, need_date=False,
                        need_units=False) -> Draft:
        need_number = need_number or u.type == q.NUMBER
        years = set(_YEAR.findall(normalize_for_match(u.question)))
        enumerate_asked = bool(_ENUMERATE.search(u.question))
        measure = asked_measure(u.question) if need_number else None
        best = None
        for rank, hit in enumerate(hits[:10]):
            context = self.overlap.coverage(u.topic, hit.chunk.context)
            for sentence in candidate_sentences(hit.chunk):
                bare = _CLAUSE_LABEL.sub("", sentence)  # "（1）建设…" has no number in it
                if (need_number and not numbers_in(bare)) or (need_date and not dates_in(bare)):
                    continue
                if measure and not states_measure(bare, measure):
                    continue  # asked "几辆", the sentence counts something else
                if need_units and not self.corpus.gazetteer.find_in(sentence):
                    continue
                cover = self.overlap.coverage(u.topic, sentence)
                score = 0.55 * cover + 0.25 * context + 0.2 / (rank + 1)
                if enumerate_asked and self._children_listing(hit.chunk, sentence):
                    score += 0.15  # "分哪三个阶段" is answered by a heading with sub-clauses
                elif _CLAUSE_LABEL.match(sentence) and len(sentence) < 30:
                    score *= 0.85  # a bare heading names the topic but rarely answers it
                if years and not years <= set(_YEAR.findall(normalize_for_match(sentence))):
                    score *= 0.6  # the question asks about a year this sentence does not mention
                if best is None or score > best[0]:
                    best = (score, sentence, hit.chunk)
        if best is None or best[0] < MIN_SENTENCE_SCORE:
            draft = self.not_found(u, hits)
            draft.confidence = best[0] if best else 0.0
            return draft
        _, sentence, chunk = best
        listing = self._children_listing(chunk, sentence)
        short = listing or sentence
        source = Source(chunk.doc, chunk.path, chunk.line_start, chunk.line_end, highlight=sentence)
        sources = [source] + ([self.book.subtree_source(chunk)] if listing else [])
        return Draft(u.type, True, short, [f"出自《{chunk.title}》{chunk.path}。"], sources, doc=chunk.doc,
                     topic=u.topic, confidence=best[0])

    def _children_listing(self, chunk: Chunk, sentence: str) -> str:
        """A heading that announces a list ("开展五大隐患整治行动") is answered by its sub-clauses."""
        clause = self.book.clauses.get((chunk.doc, chunk.line_start))
        if chunk.kind != "clause" or clause is None or len(clause.children) < 2 or len(sentence) > 40:
            return ""
        titles = [c.title.rstrip("。；;") for c in clause.children]
        return f"{sentence.rstrip('。')}：" + "；".join(f"{i}. {t}" for i, t in enumerate(titles, 1)) + "。"

    def not_found(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        suggestions = [Source(h.chunk.doc, h.chunk.path, h.chunk.line_start, h.chunk.line_end) for h in hits[:3]]
        details = ["下面是最接近的条款，供参考。"] if suggestions else []
        return Draft(u.type, False, "未找到：现有文件中没有能回答这个问题的条款。", details, [], suggestions, topic=u.topic)

    # -- roster, metadata, comparison ------------------------------------------------------------
    def roster(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        entries = [e for d in self.corpus.documents.values() if d.doc in self._scope(u) for e in d.roster]
        roles = sorted({e.role for e in entries if e.role and e.role in u.question}, key=len, reverse=True)
        wanted = [e for e in entries if roles and e.role == roles[0]]
        if not wanted:
            return self.sentence_answer(u, hits)
        short = "；".join(f"{e.role}：{e.name}（{e.post}）" for e in wanted) + "。"
        sources = [Source(e.doc, e.group, e.line_start, e.line_end, highlight=e.name) for e in wanted]
        return Draft(u.type, True, short, [f"出自{wanted[0].group}名单。"], sources, doc=wanted[0].doc, topic=u.topic)

    def metadata(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        docs = u.docs or sorted({h.chunk.doc for h in hits[:3]}, key=lambda d: [h.chunk.doc for h in hits].index(d))
        if q.meta_field(u.question, self.corpus.documents[docs[0]].meta)[0] == "文件" if docs else False:
            return self.which_document(u, hits)
        parts, sources = [], []
        for doc in docs[:2]:
            document = self.corpus.documents[doc]
            meta = document.meta
            field_name, value = q.meta_field(u.question, meta)
            if not value:
                continue
            line = _line_with(document.lines, value)
            if not line:
                continue
            parts.append(f"{self.book.region(doc)}《{meta.title}》的{field_name}是{value}")
            sources.append(Source(doc, "文件头", line, line, highlight=document.lines[line - 1].strip()))
        if not parts:
            return self.sentence_answer(u, hits)
        return Draft(u.type, True, "；".join(parts) + "。", [], sources, doc=docs[0] if len(docs) == 1 else None,
                     topic=u.topic)

    def which_document(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        """"哪份是…规划": the document whose title (and retrieved text) fits the description."""
        docs = u.docs or list(self.corpus.documents)
        share = {d: sum(1 for h in hits[:5] if h.chunk.doc == d) / 5 for d in docs}
        scored = sorted(docs, key=lambda d: -(self.overlap.coverage(u.topic, self.corpus.documents[d].meta.title)
                                              + 0.5 * share[d]))
        document = self.corpus.documents[scored[0]]
        line = _line_with(document.lines, document.meta.title) or 1
        return Draft(u.type, True, f"是{self.book.region(document.doc)}的《{document.meta.title}》。", [],
                     [Source(document.doc, "文件头", line, line, highlight=document.meta.title)], doc=document.doc,
                     topic=u.topic)

    def compare(self, u: q.Understanding, hits: list[Hit]) -> Draft:
        inner = q.classify(re.sub("分别|各自|比较|对比", "", u.question))
        inner = q.FACT if inner in (q.COMPARE, q.LIST) else inner
        parts, sources, found = [], [], False
        for doc in u.docs:
            sub = q.Understanding(u.question, u.text, inner, [doc], u.units, u.topic)
            draft = self(sub, [h for h in hits if h.chunk.doc == doc])
            found = found or draft.found
            parts.append(f"{self.book.region(doc)}：{draft.short}")
            sources.extend(draft.sources)
        return Draft(q.COMPARE, found, "\n".join(parts), [], sources, topic=u.topic)

def candidate_sentences(chunk: Chunk) -> list[str]:
    """Sentences of a clause; a table row is one sentence (its cells only mean something together)."""
    if chunk.kind == "row":
        cells = [part.strip() for part in chunk.text.split("\n") if part.strip()]
        if cells and re.fullmatch(r"\d{1,3}", cells[0]):
            cells = cells[1:]  # the row's 序号 is not part of what it says
        return [" ".join(cells)]
    return [s for line in chunk.text.split("\n") for s in sentences(line)]


def role_units(task: Task, role: str | None) -> list[str]:
    if role == q.LEAD:
        return task.lead_units
    if role == q.COOPERATING:
        return task.cooperating_units
    return task.lead_units + task.responsible_units


def due_by(deadline: str, date: str) -> bool:
    """True when a deadline ("2023年9月30日", "2021年底前"; not "从2021年起") falls on or before `date`."""
    phrases = [p for p in dates_in(deadline) if not re.search(r"起|开始", p)] if deadline else []
    if "起" in (deadline or ""):
        return False
    due = [d for d in (parse_date(p) for p in phrases) if d]
    return bool(due) and max(due) <= date


def _chinese_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


def _line_with(lines: list[str], value: str) -> int:
    """The first line (1-based) that contains `value`, 0 if none."""
    key = normalize_for_match(value)
    return next((n for n, text in enumerate(lines, 1) if key in normalize_for_match(text)), 0)
