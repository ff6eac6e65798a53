"""Coverage of the ledger: the lines that speak of responsibility or deadlines but gave no ledger entry.

A line holding 牵头/负责/配合/责任/完成 or a deadline ("9月30日前", "年底前") that no task covers is
where the grammar (corpus/grammar.py) may be missing a form, so `python -m assistant check FILE…`
lists them, per document, with counts. Lines of the notice header and of tables without unit
columns are reported too: they are for a person to look at, not all of them are tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.corpus.normalize import repair_spaces
from assistant.lexicon import DEADLINE_PATTERN, is_deadline_label, label_role
from assistant.models import ParsedDocument

RESPONSIBILITY_WORDS = re.compile(r"牵头|负责|配合|协助|责任|完成")  # the words of issue 10: 牵头/负责/配合/责任/完成
_DEADLINE_BEFORE = re.compile(r"(?:日|月|年|底|季度)\s*(?:之)?前")


@dataclass(frozen=True)
class UnparsedLine:
    line: int  # 1-based
    text: str


@dataclass
class Coverage:
    """One document's lines with responsibility or deadline words, and those no ledger entry covers."""

    doc: str
    tasks: int
    candidate_lines: int
    unparsed: list[UnparsedLine] = field(default_factory=list)

    @property
    def covered_share(self) -> float:
        return 1.0 - len(self.unparsed) / self.candidate_lines if self.candidate_lines else 1.0

    def to_dict(self) -> dict:
        return {"doc": self.doc, "tasks": self.tasks, "candidate_lines": self.candidate_lines,
                "unparsed": [{"line": u.line, "text": u.text} for u in self.unparsed]}


def speaks_of_responsibility(line: str) -> bool:
    """True when a line holds a role word (牵头/负责/配合/责任/完成) or a deadline ("…前"), and is more than a
    table's column name ("牵头单位", "完成时限": a header cell is no task)."""
    from assistant.corpus.tables import header_name

    text = repair_spaces(line)
    if label_role(text.strip()) is not None or is_deadline_label(text.strip()):
        return False
    if "\t" in line and all(header_name(cell) for cell in line.split("\t") if cell.strip()):
        return False  # a table's header row in tabs ("序号\t任务\t责任单位\t完成时限")
    return bool(RESPONSIBILITY_WORDS.search(text) or (_DEADLINE_BEFORE.search(text) and DEADLINE_PATTERN.search(text)))


def coverage(document: ParsedDocument) -> Coverage:
    """The lines of `document` that speak of responsibility or deadlines, and those left out of its ledger."""
    covered = set()
    for task in document.tasks:
        covered.update(range(task.line_start, task.line_end + 1))
        covered.update(n for n in (task.owner_line, task.deadline_line) if n)
        covered.update(range(task.owner_line, task.owner_line_end + 1))
    candidates = [(n, line) for n, line in enumerate(document.lines, 1) if line.strip() and speaks_of_responsibility(line)]
    unparsed = [UnparsedLine(n, line.strip()) for n, line in candidates if n not in covered]
    return Coverage(document.doc, len(document.tasks), len(candidates), unparsed)
