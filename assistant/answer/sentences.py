"""Answers that are sentences: numbers, facts, and the fallback for everything else.

The shortest source sentence that answers wins: scored by how much of the question's topic
it covers, how well its clause matches, and its retrieval rank; a quantity question needs a
sentence stating a number with the same measure word, a year in the question must be in
the sentence. A heading that announces a list is answered by its sub-clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.citing import Source, SourceBook
from assistant.answer.draft import Draft
from assistant.answer.match import Overlap, numbers_in, sentences, states_measure
from assistant.answer.understand import Understanding
from assistant.corpus.document import Corpus
from assistant.corpus.normalize import normalize_for_match
from assistant.lexicon import QuestionType, deadlines_in
from assistant.models import Chunk, Hit

_YEAR = re.compile(r"20\d\d年")


@dataclass(frozen=True)
class SentenceWeights:
    """How a sentence is scored as an answer. Tuned on the five + the tuning half (benchmarks/tune_answer.py)."""

    cover: float = 0.55  # share of the topic's bigrams the sentence covers
    context: float = 0.25  # …that its chunk (title, headings, text) covers
    rank: float = 0.2  # 1/(1+rank) of its chunk among the hits
    min_score: float = 0.36  # below this the sentence does not answer
    closest: float = 0.30  # …but above this it is given as the closest match,
    closest_coverage: float = 0.5  # …when it covers at least this share of the topic (it is about the same thing)
    listing_bonus: float = 0.15  # an enumeration asked ("分哪三个阶段") and a heading with sub-clauses
    bare_heading: float = 0.85  # a short numbered heading names the topic but rarely answers it
    other_year: float = 0.6  # the question names a year the sentence does not
# "（责任单位：区消防救援局、…）" standing alone after a sentence says who, not what: it is no answer sentence.
_ANNOTATION_ONLY = re.compile(r"^\s*[（(〔【][^（(〔【]{0,6}(?:单位|部门|时限)[:：][^）)〕】]*[）)〕】]\s*$")
_CLAUSE_LABEL = re.compile(r"^\s*(?:[（(]\d+[）)]|\d+\s*[.．、]|第.{1,3}[条章])\s*")


class SentenceAnswerer:
    """Picks the sentence that answers a number or fact question from the retrieved chunks."""

    def __init__(self, corpus: Corpus, overlap: Overlap, book: SourceBook,
                 weights: SentenceWeights = SentenceWeights()) -> None:
        self.corpus = corpus
        self.overlap = overlap
        self.book = book
        self.weights = weights

    def __call__(self, u: Understanding, hits: list[Hit], need_number=False, need_date=False,
                 need_units=False) -> Draft:
        """The best-matching sentence of the top hits, or 未找到 when none matches well enough."""
        need_number = need_number or u.type is QuestionType.NUMBER
        years = set(u.years)
        enumerate_asked = u.enumeration
        measure = u.measure if need_number else None
        w = self.weights
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
                score = w.cover * cover + w.context * context + w.rank / (rank + 1)
                if enumerate_asked and self._children_listing(hit.chunk, sentence):
                    score += w.listing_bonus
                elif _CLAUSE_LABEL.match(sentence) and len(sentence) < 30:
                    score *= w.bare_heading
                if years and not years <= set(_YEAR.findall(normalize_for_match(sentence))):
                    score *= w.other_year
                if best is None or score > best[0]:
                    best = (score, sentence, hit.chunk, cover)
        if best is None or best[0] < w.closest or (best[0] < w.min_score and best[3] < w.closest_coverage):
            draft = not_found(u, hits)
            draft.confidence = best[0] if best else 0.0
            return draft
        _, sentence, chunk, cover = best
        listing = self._children_listing(chunk, sentence)
        short = listing or sentence
        source = Source(chunk.doc, chunk.path, chunk.line_start, chunk.line_end, highlight=sentence)
        sources = [source] + ([self.book.subtree_source(chunk)] if listing else [])
        return Draft(u.type, True, short, [f"出自《{chunk.title}》{chunk.path}。"], sources, doc=chunk.doc,
                     topic=u.topic, confidence=best[0], coverage=cover, closest=best[0] < w.min_score)

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
    return [s for line in chunk.text.split("\n") for s in sentences(line) if not _ANNOTATION_ONLY.match(s)]


def not_found(u: Understanding, hits: list[Hit]) -> Draft:
    """未找到, with the nearest clauses as suggestions (never as citations)."""
    suggestions = [Source(h.chunk.doc, h.chunk.path, h.chunk.line_start, h.chunk.line_end) for h in hits[:3]]
    details = ["下面是最接近的条款，供参考。"] if suggestions else []
    return Draft(u.type, False, "未找到：现有文件中没有能回答这个问题的条款。", details, [], suggestions, topic=u.topic)
