"""Answers that are sentences: numbers, facts, and the fallback for everything else.

The shortest source sentence that answers wins: scored by how much of the question's topic
it covers, how well its clause matches, and its retrieval rank; a quantity question needs a
sentence stating a number with the same measure word, a year in the question must be in
the sentence. A heading that announces a list is answered by its sub-clauses.
"""

from __future__ import annotations

import re

from assistant.answer.citing import Source, SourceBook
from assistant.answer.draft import Draft
from assistant.answer.match import Overlap, numbers_in, sentences, states_measure
from assistant.answer.understand import Understanding
from assistant.corpus.document import Corpus
from assistant.corpus.normalize import normalize_for_match
from assistant.lexicon import QuestionType, deadlines_in
from assistant.models import Chunk, Hit

MIN_SENTENCE_SCORE = 0.36
_YEAR = re.compile(r"20\d\d年")
_CLAUSE_LABEL = re.compile(r"^\s*(?:[（(]\d+[）)]|\d+\s*[.．、]|第.{1,3}[条章])\s*")


class SentenceAnswerer:
    """Picks the sentence that answers a number or fact question from the retrieved chunks."""

    def __init__(self, corpus: Corpus, overlap: Overlap, book: SourceBook) -> None:
        self.corpus = corpus
        self.overlap = overlap
        self.book = book

    def __call__(self, u: Understanding, hits: list[Hit], need_number=False, need_date=False,
                 need_units=False) -> Draft:
        """The best-matching sentence of the top hits, or 未找到 when none matches well enough."""
        need_number = need_number or u.type is QuestionType.NUMBER
        years = set(u.years)
        enumerate_asked = u.enumeration
        measure = u.measure if need_number else None
        best = None
        for rank, hit in enumerate(hits[:10]):
            context = self.overlap.coverage(u.topic, hit.chunk.context)
            for sentence in candidate_sentences(hit.chunk):
                bare = _CLAUSE_LABEL.sub("", sentence)  # "（1）建设…" has no number in it
                if (need_number and not numbers_in(bare)) or (need_date and not deadlines_in(bare)):
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
            draft = not_found(u, hits)
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



def candidate_sentences(chunk: Chunk) -> list[str]:
    """Sentences of a clause; a table row is one sentence (its cells only mean something together)."""
    if chunk.kind == "row":
        cells = [part.strip() for part in chunk.text.split("\n") if part.strip()]
        if cells and re.fullmatch(r"\d{1,3}", cells[0]):
            cells = cells[1:]  # the row's 序号 is not part of what it says
        return [" ".join(cells)]
    return [s for line in chunk.text.split("\n") for s in sentences(line)]


def not_found(u: Understanding, hits: list[Hit]) -> Draft:
    """未找到, with the nearest clauses as suggestions (never as citations)."""
    suggestions = [Source(h.chunk.doc, h.chunk.path, h.chunk.line_start, h.chunk.line_end) for h in hits[:3]]
    details = ["下面是最接近的条款，供参考。"] if suggestions else []
    return Draft(u.type, False, "未找到：现有文件中没有能回答这个问题的条款。", details, [], suggestions, topic=u.topic)
