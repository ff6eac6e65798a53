"""Offline answer composition: a short answer from the task ledger or the best sentences, with sources.

No language model is involved: responsibility and deadline answers come from ledger entries
matched to the question, list answers enumerate the ledger exhaustively, and number/fact
answers are the shortest source sentences that answer. When nothing matches well enough the
draft says so; when the best evidence is relevant but weaker than the bar, the draft gives that
clause as the closest match instead of refusing outright.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.citing import Source, SourceBook, where
from assistant.answer.documents import DocumentFacts
from assistant.answer.draft import Draft
from assistant.answer.ledger_match import LedgerMatcher, Match, MatchWeights, answer_units
from assistant.answer.lists import ListAnswerer
from assistant.answer.match import Overlap
from assistant.answer.sentences import SentenceAnswerer, SentenceWeights
from assistant.answer.understand import Understanding, for_document
from assistant.corpus.document import Corpus
from assistant.lexicon import DEADLINE_FORMS, QuestionType, Role, deadlines_in, label_role
from assistant.models import Hit, Task


@dataclass(frozen=True)
class ComposeWeights:
    """When a ledger task answers. Tuned on the five + the tuning half (benchmarks/tune_answer.py)."""

    min_task: float = 0.33  # a task's match score needed to answer from it
    closest_task: float = 0.27  # above this (and below min_task) the task is given as the closest match
    min_dated_task: float = 0.2  # lexical match a task needs before its deadline answers
    dated_share: float = 0.85  # …and it must be this close to the best lexical match
    ambiguous: float = 0.95  # another district's task this close to the best → answer per district
    other_part: float = 0.1  # a follow-up's wording covers another part of the clause by this much more → that part


CLOSEST_NOTE = "（没有完全对应的条款，以下是最接近的一条，请核对原文。）"


class Composer:
    """Composes a `Draft` for an understood question from retrieval hits and the ledger."""

    def __init__(self, corpus: Corpus, overlap: Overlap, weights: ComposeWeights = ComposeWeights(),
                 match_weights: MatchWeights = MatchWeights(), sentence_weights: SentenceWeights = SentenceWeights()):
        self.corpus = corpus
        self.overlap = overlap
        self.weights = weights
        self.ledger = LedgerMatcher(corpus.tasks, overlap, match_weights)
        self.book = SourceBook(corpus)
        self.tasks_by_id = {t.id: t for t in corpus.tasks}
        self.sentences = SentenceAnswerer(corpus, overlap, self.book, sentence_weights)
        self.lists = ListAnswerer(corpus, overlap, self.book)
        self.facts = DocumentFacts(corpus, overlap, self.book, self.sentences)
        self.answerers = {
            QuestionType.LIST: self.lists, QuestionType.ROSTER: self.facts.roster, QuestionType.COMPARE: self.compare,
            QuestionType.METADATA: self.facts.metadata, QuestionType.MENTIONS: self.facts.mentions,
            QuestionType.LEAD: self.responsibility,
            QuestionType.COOPERATING: self.responsibility, QuestionType.RESPONSIBLE: self.responsibility,
            QuestionType.DEADLINE: self.deadline, QuestionType.NUMBER: self.sentences, QuestionType.FACT: self.sentences,
        }

    def __call__(self, u: Understanding, hits: list[Hit]) -> Draft:
        if u.type is QuestionType.CHITCHAT:
            return Draft(u.type, False, "您好！我可以回答消防政策文件中的问题，例如某项任务由哪些单位牵头、什么时候完成、有什么要求。")
        if u.unknown_place:
            names = "、".join(dict.fromkeys(self.book.region(d) for d in self.corpus.documents))
            return Draft(u.type, False, f"未找到：现有文件不包括{u.unknown_place}（已收录：{names}）。", topic=u.topic)
        draft = self.answerers[u.type](u, hits)
        if draft.found and not u.docs and draft.doc and u.type not in (QuestionType.LIST, QuestionType.COMPARE,
                                                                        QuestionType.MENTIONS) \
                and self.book.region(draft.doc) not in draft.short:
            # The question named no district: say whose document answers it.
            draft.short = f"{self.book.region(draft.doc)}：{draft.short}"
        if draft.found and draft.closest:
            draft.short = f"{CLOSEST_NOTE}{draft.short}"
        return draft

    # -- responsibility ----------------------------------------------------------------------------
    def responsibility(self, u: Understanding, hits: list[Hit]) -> Draft:
        ranked = self.ledger.rank(u.topic, u.type, hits, u.scope(self.corpus.documents), verb=u.asked_verb,
                                  asked=u.normalized, in_charge=u.in_charge)
        matches = [m for m in ranked if m.score >= self.weights.min_task]
        closest = False
        if not matches:
            draft = self.sentences(u, hits, need_units=True)
            if (draft.found and not draft.closest) or not ranked or ranked[0].score < self.weights.closest_task:
                return draft
            matches, closest = ranked[:1], True  # relevant, but weaker than the bar: the closest match
        best = matches[0]
        rivals = self._other_districts(matches, u)
        if rivals:
            return self._per_district(u, [best, *rivals])
        return self._units_draft(u, best, closest)

    def from_task(self, u: Understanding, task: Task) -> Draft | None:
        """What a follow-up asks of the task the previous answer rested on ("那时限呢？", "配合单位呢？"),
        or None when that task does not say it."""
        if u.type is QuestionType.DEADLINE:
            # "这个阶段是几月到几月？": the dates of the task's phase, not its own deadline
            due = (u.phase_asked and self.book.phase_of(task)) or self.book.due(task)
            return self._deadline_draft(u, task, due, 1.0) if due else None
        if u.type in (QuestionType.LEAD, QuestionType.COOPERATING, QuestionType.RESPONSIBLE):
            task = self._part_asked(u, task)
            if u.role is not None and not task.units(u.role):
                task = self._restating(task, u.role) or task  # "配合的有哪些？" of a row with no 配合 column
            return self._units_draft(u, self.ledger.match(u.topic, task), closest=False)
        return None

    def _restating(self, task: Task, role: Role) -> Task | None:
        """Another task of the same document that restates `task` (a body clause and its table row) and
        names `role`, or None; "restates" as the ledger matcher reads it (MatchWeights.restated)."""
        threshold = self.ledger.weights.restated
        scored = [(self.overlap.coverage(task.text, t.text), t) for t in self.corpus.documents[task.doc].tasks
                  if t is not task and t.units(role)]
        cover, best = max(scored, key=lambda ct: ct[0], default=(0.0, None))
        return best if cover >= threshold else None

    def _part_asked(self, u: Understanding, task: Task) -> Task:
        """"具体由谁负责实施？" after an answer from "X对…实施监督管理，并由Y负责实施": the part of the same
        clause, with other owners, whose wording the follow-up repeats better than the answered part's."""
        own = self.overlap.coverage(u.normalized, task.text)
        parts = [(self.overlap.coverage(u.normalized, t.text), t) for t in self.corpus.documents[task.doc].tasks
                 if t.clause == task.clause and t.part != task.part and set(t.all_units) != set(task.all_units)]
        cover, best = max(parts, key=lambda cp: cp[0], default=(0.0, task))
        return best if cover > own + self.weights.other_part else task

    def from_source(self, u: Understanding, source: Source) -> Draft | None:
        """"那时限呢？" after an answer quoted a sentence no task holds: the date that sentence states."""
        if u.type is not QuestionType.DEADLINE:
            return None
        dates = deadlines_in(source.highlight or self.book.text_of(source))
        if not dates:
            return None
        return Draft(u.type, True, f"完成时限：{'；'.join(dates)}。", [self.book.from_line(source.doc, source.clause)], [source],
                     doc=source.doc, topic=u.topic, confidence=1.0)

    def _units_draft(self, u: Understanding, best: Match, closest: bool) -> Draft:
        label, units = answer_units(u.type, best, u.in_charge)
        if u.leader_asked and best.task.leaders:  # "牵头的市领导是哪位": the task's column of people
            label = next((name for name in best.task.labels if (found := label_role(name)) and found[1]), "责任领导")
            label, units = self.book.people_column(best.task, u.normalized) or (label, best.task.leaders)
        if u.first_lead and len(units) > 1:  # "排名第一的为总牵头单位，其他为共同牵头单位"
            label, units = f"总{label}", units[:1]
        short = f"{label}：{'、'.join(units)}。" if units else f"这项任务没有列出{u.role.answer_label}。"
        due = self.book.due(best.task) if u.when_too else ""
        short += f"完成时限：{due}。" if due else ""  # "…谁来写？什么时候前要出来？": both asked, both said
        draft = Draft(u.type, True, short, doc=best.task.doc, topic=u.topic, confidence=best.score, closest=closest,
                      task=best.task)
        draft.sources = self.book.task_sources(best.task, highlight="、".join(units))
        draft.details.append(self.book.describe(best.task, exclude=label))
        for other in self.conflicting(best.task):
            other_label, other_units = answer_units(u.type, self.ledger.match(u.topic, other), u.in_charge)
            if other_units and set(other_units) != set(units):
                draft.details.append(
                    f"注意：同一任务在{where(other)}写的{other_label}是{'、'.join(other_units)}，"
                    f"与上面的{where(best.task)}不一致，两处原文都列在出处中。"
                )
                draft.sources.extend(self.book.task_sources(other))
        return draft

    def _other_districts(self, matches: list[Match], u: Understanding) -> list[Match]:
        if u.docs:
            return []
        best, rivals, seen = matches[0], [], {matches[0].task.doc}
        for match in matches[1:]:
            if match.task.doc not in seen and match.score >= best.score * self.weights.ambiguous:
                if set(answer_units(u.type, match, u.in_charge)[1]) != set(answer_units(u.type, best, u.in_charge)[1]):
                    rivals.append(match)
                seen.add(match.task.doc)
        return rivals

    def _per_district(self, u: Understanding, matches: list[Match]) -> Draft:
        parts, sources = [], []
        for match in matches:
            label, units = answer_units(u.type, match, u.in_charge)
            parts.append(f"{self.book.region(match.task.doc)}{label}为{'、'.join(units) or '未列出'}")
            sources.extend(self.book.task_sources(match.task))
        short = "多个区的文件都有这项任务：" + "；".join(parts) + "。"
        return Draft(u.type, True, short, ["如只问某一个区，请在问题里写明区名，或在“只在此文件中查找”里选定文件。"],
                     sources, topic=u.topic)

    def task_at(self, doc: str, line: int) -> Task | None:
        """The narrowest ledger task of `doc` whose lines hold `line`."""
        holding = [t for t in self.corpus.documents[doc].tasks if t.line_start <= line <= t.line_end] \
            if doc in self.corpus.documents else []
        return min(holding, key=lambda t: (t.line_end - t.line_start, t.part), default=None)

    def conflicting(self, task: Task) -> list[Task]:
        """The tasks the parser marked as describing the same work with other units."""
        return [self.tasks_by_id[i] for i in task.conflicts if i in self.tasks_by_id]

    # -- deadlines ---------------------------------------------------------------------------------
    def deadline(self, u: Understanding, hits: list[Hit]) -> Draft:
        """A matched task's deadline (its 完成时限 column, or the date its text or heading states) when a
        dated task matches about as well as the best; else a sentence that states a date."""
        w = self.weights
        sentence = self.sentences(u, hits, need_date=True)
        if u.stage_number and sentence.found:
            return sentence  # "第二个阶段是什么时候": that phase heading's dates, not a task's
        ranked = self.ledger.rank(u.topic, u.type, hits, u.scope(self.corpus.documents))[:8]
        best_lexical = max((m.lexical for m in ranked), default=0.0)
        for match in ranked:
            task = match.task
            due = self.book.due(task)
            if not due or match.lexical < max(w.min_dated_task, w.dated_share * best_lexical):
                continue
            if u.when_form and not DEADLINE_FORMS[u.when_form].search(due):
                continue  # asked "每月几号", the task's deadline is of another kind
            if sentence.found and not sentence.closest and sentence.coverage > match.lexical:
                break  # a sentence that states the date covers the question better than the task does
            return self._deadline_draft(u, task, due, match.score)
        return sentence

    def _deadline_draft(self, u: Understanding, task: Task, due: str, confidence: float) -> Draft:
        draft = Draft(u.type, True, f"完成时限：{due}。", [self.book.describe(task)], doc=task.doc,
                      topic=u.topic, confidence=confidence, task=task)
        draft.sources = self.book.task_sources(task, highlight=due) + self.book.deadline_sources(task, due)
        return draft

    def compare(self, u: Understanding, hits: list[Hit]) -> Draft:
        """The same item side by side, one line per place compared; a place with several documents answers
        from the one that answers best."""
        regions: dict[str, list[Draft]] = {}
        if u.parts:  # one question per place: each answered as asked
            for part in u.parts:
                draft = self(part, [h for h in hits if h.chunk.doc in part.docs])
                regions.setdefault("、".join(dict.fromkeys(self.book.region(d) for d in part.docs)), []).append(draft)
        for doc in () if u.parts else u.docs:
            draft = self(for_document(u, doc, u.inner_type), [h for h in hits if h.chunk.doc == doc])
            regions.setdefault(self.book.region(doc), []).append(draft)
        best = {region: max(drafts, key=lambda d: (d.found and not d.closest, d.found, d.confidence))
                for region, drafts in regions.items()}
        parts = [f"{region}：{draft.short}" for region, draft in best.items()]
        sources = [s for draft in best.values() for s in draft.sources]
        return Draft(QuestionType.COMPARE, any(d.found for d in best.values()), "\n".join(parts), [], sources,
                     topic=u.topic)
