"""Match a question to task-ledger entries, and read the units that answer it.

Tasks come in two kinds. *Labelled* tasks carry the document's own labels (a table's
牵头单位/配合单位/责任单位 columns, a 〔责任单位：…〕 annotation): their units answer as
they stand. *Sentence* tasks were read from prose ("消防救援部门和公安派出所负责查处…"): a
clause may name several subjects in several sentences, so the answer takes the units of
the one sentence that matches the question, split into who acts and who cooperates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer.match import Overlap, sentences
from assistant.corpus.normalize import normalize_for_match
from assistant.lexicon import ASK_COOPERATING, VERBS, QuestionType, Role
from assistant.models import Hit, Task

LEXICAL_WEIGHT, RETRIEVAL_WEIGHT = 0.65, 0.35
SENTENCE_TASK_PENALTY = 0.85  # prose-derived units are less certain than a labelled column
NO_LEAD_PENALTY = 0.9  # asked who leads, the task only names responsible units
_ACTS = re.compile("|".join(VERBS[Role.LEAD] + VERBS[Role.RESPONSIBLE]))
_LEADS = re.compile("|".join(VERBS[Role.LEAD]))


@dataclass
class Match:
    task: Task
    score: float
    lexical: float
    sentence: str = ""  # for sentence tasks: the sentence the units are read from
    units: dict[str, list[str]] = field(default_factory=dict)  # role ("lead"/"cooperating"/"responsible") → units

    @property
    def labelled(self) -> bool:
        return is_labelled(self.task)


def is_labelled(task: Task) -> bool:
    return task.labelled


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

    def __init__(self, tasks: list[Task], overlap: Overlap) -> None:
        labelled = [t for t in tasks if t.all_units and is_labelled(t)]
        # A prose task that restates a labelled one (a body clause repeating its table row) is
        # left out: the labelled row says who is responsible in the document's own terms.
        prose = [t for t in tasks if t.all_units and not is_labelled(t)
                 and not any(u.doc == t.doc and overlap.coverage(u.text, t.text) >= 0.6 for u in labelled)]
        self.tasks = labelled + prose
        self.overlap = overlap
        self.task_lines = {(t.doc, n) for t in self.tasks for n in range(t.line_start, t.line_end + 1)}

    def rank(self, topic: str, qtype: str, hits: list[Hit], docs: set[str]) -> list[Match]:
        bonus = retrieval_bonus(hits, self.task_lines)
        matches = []
        for task in self.tasks:
            if task.doc not in docs:
                continue
            match = self.match(topic, task)
            ret = max((bonus.get((task.doc, n), 0.0) for n in range(task.line_start, task.line_end + 1)), default=0.0)
            score = LEXICAL_WEIGHT * match.lexical + RETRIEVAL_WEIGHT * ret
            if not match.labelled:
                score *= SENTENCE_TASK_PENALTY
            if qtype is QuestionType.LEAD and not match.units.get("lead"):
                score *= NO_LEAD_PENALTY
            match.score = score
            matches.append(match)
        matches.sort(key=lambda m: -m.score)
        return matches

    def match(self, topic: str, task: Task) -> Match:
        """How well `task` matches the topic, and (for prose tasks) the sentence whose units answer."""
        whole = self.overlap.coverage(topic, f"{task.group} {task.title} {task.text}") + number_bonus(topic, task.text)
        if is_labelled(task):
            units = {"lead": task.lead_units, "cooperating": task.cooperating_units,
                     "responsible": task.responsible_units}
            return Match(task, 0.0, whole, units=units)
        best, best_cover = "", -1.0
        for sentence in sentences(task.text):
            if not units_in(task, sentence):
                continue
            cover = self.overlap.coverage(topic, sentence)
            if cover > best_cover:
                best, best_cover = sentence, cover
        if not best:
            return Match(task, 0.0, 0.5 * whole, units={"responsible": task.responsible_units + task.lead_units,
                                                        "cooperating": task.cooperating_units})
        return Match(task, 0.0, best_cover, best, sentence_roles(task, best))


def number_bonus(topic: str, text: str) -> float:
    """Numbers in a question ("那28个社区") single out the task that states them."""
    wanted = set(re.findall(r"\d+", topic))
    if not wanted:
        return 0.0
    present = set(re.findall(r"\d+", normalize_for_match(text)))
    return 0.15 * len(wanted & present) / len(wanted)


def units_in(task: Task, sentence: str) -> list[str]:
    """The task's units that this sentence names ("民政部门" counts when "民政" is listed)."""
    text = normalize_for_match(sentence)
    found = []
    for unit in task.all_units:
        key = normalize_for_match(unit)
        stem = key[:-2] if key.endswith("部门") and len(key) > 3 else key
        if key in text or stem in text:
            found.append(unit)
    return found


def sentence_roles(task: Task, sentence: str) -> dict[str, list[str]]:
    """Split a sentence's units into who acts (lead/responsible) and who cooperates."""
    acting, cooperating = [], []
    for part in re.split(r"[，,；;。]", sentence):
        names = units_in(task, part)
        (cooperating if ASK_COOPERATING.search(part) and not _ACTS.search(part) else acting).extend(names)
    acting = [u for u in dict.fromkeys(acting)]
    cooperating = [u for u in dict.fromkeys(cooperating) if u not in acting]
    return {"lead": acting if _LEADS.search(sentence) else [], "responsible": acting, "cooperating": cooperating}


def answer_units(qtype: str, match: Match) -> tuple[str, list[str]]:
    """The label and units that answer a responsibility question, in the document's own terms."""
    lead, coop, resp = (match.units.get(k, []) for k in ("lead", "cooperating", "responsible"))
    if qtype is QuestionType.COOPERATING:
        return "配合单位", coop
    if qtype is QuestionType.LEAD:
        if lead:
            return "牵头单位", lead
        return ("责任单位" if match.labelled else "负责单位"), resp
    if resp:
        return ("责任单位" if match.labelled else "负责单位"), resp
    return "牵头单位", lead
