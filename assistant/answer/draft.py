"""The composer's output: a short answer, details, and the source spans behind them."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answer.citing import Source
from assistant.models import Task


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
    coverage: float = 0.0  # share of the question's topic the answering text covers
    closest: bool = False  # the evidence is relevant but weaker than the bar: given as the closest match
    task: Task | None = None  # the ledger task the answer rests on (a follow-up may ask more of it)
    derived: list[str] = field(default_factory=list)  # figures computed from cited ones ("共7个" of 4＋2＋1)

    @property
    def text(self) -> str:
        return "\n\n".join([self.short, *[d for d in self.details if d]])
