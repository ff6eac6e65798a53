"""Match a question to task-ledger entries, and read the units that answer it.

Every ledger task carries its owners per role, whether the document labelled them (a 牵头单位
column, a 〔责任单位：…〕 annotation) or stated them in a sentence ("由X牵头，Y配合"); a task is
one item or one sentence, so its units are the answer as they stand. A task's score combines
how much of the question's topic its wording covers with the retrieval rank of its lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer.match import Overlap, gram_set
from assistant.corpus.normalize import normalize_for_match
from assistant.lexicon import AGENT_MARK, ROLE_VERB_PATTERN, QuestionType, Role
from assistant.models import Hit, Task


@dataclass(frozen=True)
class MatchWeights:
    """How a task is scored for a question. Tuned on the five + the tuning half (benchmarks/tune_answer.py)."""

    lexical: float = 0.65  # share of the topic's (IDF-weighted) bigrams the task's wording covers
    retrieval: float = 0.35  # 1/(1+rank) of the best hit holding the task's lines
    prose_penalty: float = 0.9  # owners read from a sentence are less certain than a labelled column
    no_lead_penalty: float = 0.9  # asked who leads, the task names only responsible units
    no_cooperating_penalty: float = 0.7  # asked who cooperates, the task names nobody who does
    only_cooperating_penalty: float = 0.7  # asked who leads or answers for it, the task names only who cooperates
    number_bonus: float = 0.15  # a number in the question ("那28个社区") that the task states
    asked_verb: float = 0.3  # the owner is said to do what the question asks ("归谁查处" over "…负责查处…"); 0.3–0.6 score alike
    restated: float = 0.6  # a prose task that covers this much of a labelled one restates it (dropped)
    named_penalty: float = 0.5  # the units that would answer are the ones the question names ("学校的…由哪个部门负责")


@dataclass
class Match:
    task: Task
    score: float
    lexical: float
    units: dict[Role, list[str]] = field(default_factory=dict)

    @property
    def labelled(self) -> bool:
        return self.task.labelled


def retrieval_bonus(hits: list[Hit], task_lines: set[tuple[str, int]]) -> dict[tuple[str, int], float]:
    """(doc, line) → 1/(1+rank) of the best hit covering that line.

    Ranks count only hits that hold a ledger task: a body paragraph that merely repeats a
    table row's wording should not push the row (which has the units) down.
    """
    bonus: dict[tuple[str, int], float] = {}
    rank = 0
    for hit in hits:
        lines = [(hit.chunk.doc, n) for n in range(hit.chunk.line_start, hit.chunk.line_end + 1)]
        if not any(key in task_lines for key in lines):
            continue
        for key in lines:
            bonus[key] = max(bonus.get(key, 0.0), 1.0 / (rank + 1))
        rank += 1
    return bonus


class LedgerMatcher:
    """Ranks ledger tasks for a question by wording overlap and retrieval rank."""

    def __init__(self, tasks: list[Task], overlap: Overlap, weights: MatchWeights = MatchWeights()) -> None:
        self.weights = weights
        labelled = [t for t in tasks if (t.all_units or t.leaders) and t.labelled]
        # A prose task that restates a labelled one (a body clause repeating its table row) is
        # left out: the labelled row says who is responsible in the document's own terms. The
        # comparison is with the prose task's whole clause, which a row usually restates.
        clause_text: dict[tuple[str, str], str] = {}
        for t in tasks:
            if not t.labelled:
                clause_text[(t.doc, t.clause)] = clause_text.get((t.doc, t.clause), "") + t.text
        prose = [t for t in tasks if t.all_units and not t.labelled and (t.row_sentence or not any(
            u.doc == t.doc and overlap.coverage(u.text, clause_text[(t.doc, t.clause)]) >= weights.restated
            for u in labelled))]  # a row's own sentences ("县林业局负责审批…" in its 职责分工) are parts of it, kept
        self.tasks = labelled + prose
        self.overlap = overlap
        self.task_lines = {(t.doc, n) for t in self.tasks for n in range(t.line_start, t.line_end + 1)}
        self._normalized = [normalize_for_match(t.text) for t in self.tasks]  # for the asked verb, read once
        # A row whose sentences are tasks of their own ("职责分工": "县住建局负责…；各乡镇负责…") matches by the rest of its
        # text: a question on one sentence finds that sentence, one on the whole item (its name) finds the row.
        parts: dict[tuple[str, str], list[Task]] = {}
        for t in (t for t in self.tasks if t.row_sentence):
            parts.setdefault((t.doc, t.clause), []).append(t)
        self._own_text: dict[int, str] = {}
        for t in self.tasks:
            if t.source == "table" and not t.part and (t.doc, t.clause) in parts:
                own = t.text
                for part in parts[(t.doc, t.clause)]:
                    own = own.replace(part.text, "")
                self._own_text[id(t)] = own

    def rank(self, topic: str, qtype: QuestionType, hits: list[Hit], docs: set[str], verb: str = "",
             asked: str = "", in_charge: bool = False) -> list[Match]:
        """Tasks of `docs` by how well they match; `verb` is what the question asks the owner does ("归谁查处" →
        查处): a task whose owner is said to do it ("…负责查处…", "由X组织协调…") is scored up. A task whose answer
        would be only units the question itself names (`asked`, normalised) is scored down: "学校的消防安全由哪个部门
        负责" asks who answers for the schools, not the schools, and "城管中队是配合哪个部门" not the 城管中队."""
        w = self.weights
        bonus = retrieval_bonus(hits, self.task_lines)
        does = re.compile(rf"(?:{ROLE_VERB_PATTERN}|{AGENT_MARK}[^，。；]{{2,30}}?)(?:实施|具体|共同)?{re.escape(verb)}") \
            if verb else None
        matches = []
        for task, normalized in zip(self.tasks, self._normalized):
            if task.doc not in docs:
                continue
            match = self.match(topic, task)
            ret = max((bonus.get((task.doc, n), 0.0) for n in range(task.line_start, task.line_end + 1)), default=0.0)
            score = w.lexical * match.lexical + w.retrieval * ret
            if does is not None and does.search(normalized):
                score += w.asked_verb
            if not match.labelled and not task.row_sentence:  # a row's own sentence is as sure as its columns
                score *= w.prose_penalty
            if qtype is QuestionType.LEAD and not match.units.get(Role.LEAD):
                score *= w.no_lead_penalty
            if qtype is QuestionType.COOPERATING and not match.units.get(Role.COOPERATING):
                score *= w.no_cooperating_penalty
            if qtype in (QuestionType.LEAD, QuestionType.RESPONSIBLE) and match.units.get(Role.COOPERATING) and not (
                    match.units.get(Role.LEAD) or match.units.get(Role.RESPONSIBLE)):
                score *= w.only_cooperating_penalty  # "由哪个部门牵头" over "派出所。配合开展…关爱工作"
            if asked and (answer := answer_units(qtype, match, in_charge)[1]) and \
                    all(normalize_for_match(unit) in asked for unit in answer):
                score *= w.named_penalty
            match.score = score
            matches.append(match)
        # of a row and its own sentence as good, the sentence ("其中，…由市教育局负责" of a card)
        matches.sort(key=lambda m: (-m.score, not m.task.row_sentence))
        return matches

    def match(self, topic: str, task: Task) -> Match:
        """How well `task` matches the topic; where the task states its owners sentence by sentence, the
        units of the sentence that matches best answer."""
        lexical = self.overlap.coverage(topic, f"{task.group} {task.title} {self._own_text.get(id(task), task.text)}")
        lexical += number_bonus(topic, task.text, self.weights.number_bonus)
        units = {role: task.units(role) for role in Role}
        if task.statements and task.statements[0].get("object"):
            named = [s for s in task.statements if gram_set(s["object"]) & gram_set(topic)]
            if len(named) == 1:  # "A、B分别负责学校、医疗机构的…" asked of 学校 alone: A; of both or neither, both
                units = {role: named[0][role.value] for role in Role}
        elif task.statements:
            best = max(task.statements, key=lambda s: self.overlap.coverage(topic, s["text"]))
            if self.overlap.coverage(topic, best["text"]) > 0:
                units = {role: best[role.value] for role in Role}
        return Match(task, 0.0, lexical, units=units)


def number_bonus(topic: str, text: str, weight: float) -> float:
    """Numbers in a question ("那28个社区") single out the task that states them."""
    wanted = set(re.findall(r"\d+", topic))
    if not wanted:
        return 0.0
    present = set(re.findall(r"\d+", normalize_for_match(text)))
    return weight * len(wanted & present) / len(wanted)


def answer_units(qtype: QuestionType, match: Match, in_charge: bool = False) -> tuple[str, list[str]]:
    """The label and units that answer a responsibility question, in the document's own terms.

    "谁负责" is answered with the role the document uses for that task: its responsible units, else its
    lead units; who leads, when the task names only responsible units, is answered with those. "归谁管"
    (`in_charge`) asks who is in charge: the lead, when the task names one.
    """
    lead, coop, resp = (match.units.get(role, []) for role in (Role.LEAD, Role.COOPERATING, Role.RESPONSIBLE))
    own = "责任单位" if match.labelled else "负责单位"
    if qtype is QuestionType.COOPERATING:
        return "配合单位", coop
    if (qtype is QuestionType.LEAD or in_charge) and lead:
        return "牵头单位", lead
    if resp:
        return own, resp
    if lead:
        return "牵头单位", lead
    if match.task.leaders:
        return "责任人", match.task.leaders
    return ("配合单位", coop) if coop else (own, [])  # the task names only who supports it
