"""Answers about the documents themselves: leading-group rosters, 文号/印发日期/发文单位, which document."""

from __future__ import annotations

from assistant.answer.citing import Source, SourceBook
from assistant.answer.draft import Draft
from assistant.answer.match import Overlap
from assistant.answer.sentences import SentenceAnswerer
from assistant.answer.understand import Understanding
from assistant.corpus.document import Corpus
from assistant.corpus.normalize import normalize_for_match
from assistant.models import Hit


class DocumentFacts:
    """Roster and metadata answers; anything they cannot answer goes to the sentence answerer."""

    def __init__(self, corpus: Corpus, overlap: Overlap, book: SourceBook, sentences: SentenceAnswerer) -> None:
        self.corpus = corpus
        self.overlap = overlap
        self.book = book
        self.sentences = sentences

    def roster(self, u: Understanding, hits: list[Hit]) -> Draft:
        scope = u.scope(self.corpus.documents)
        entries = [e for d in self.corpus.documents.values() if d.doc in scope for e in d.roster]
        wanted = [e for e in entries if u.roster_role and e.role == u.roster_role]
        if not wanted:
            return self.sentences(u, hits)
        short = "；".join(f"{e.role}：{e.name}（{e.post}）" for e in wanted) + "。"
        sources = [Source(e.doc, e.group, e.line_start, e.line_end, highlight=e.name) for e in wanted]
        return Draft(u.type, True, short, [f"出自{wanted[0].group}名单。"], sources, doc=wanted[0].doc, topic=u.topic)

    def metadata(self, u: Understanding, hits: list[Hit]) -> Draft:
        docs = list(u.docs) or sorted({h.chunk.doc for h in hits[:3]}, key=lambda d: [h.chunk.doc for h in hits].index(d))
        if u.meta_field == "文件":
            return self.which_document(u, hits)
        parts, sources = [], []
        for doc in docs[:2]:
            document = self.corpus.documents[doc]
            meta = document.meta
            field_name, value = u.meta_field, meta_value(meta, u.meta_field)
            if not value:
                continue
            line = _line_with(document.lines, value)
            if not line:
                continue
            parts.append(f"{self.book.region(doc)}《{meta.title}》的{field_name}是{value}")
            sources.append(Source(doc, "文件头", line, line, highlight=document.lines[line - 1].strip()))
        if not parts:
            return self.sentences(u, hits)
        return Draft(u.type, True, "；".join(parts) + "。", [], sources, doc=docs[0] if len(docs) == 1 else None,
                     topic=u.topic)

    def which_document(self, u: Understanding, hits: list[Hit]) -> Draft:
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


def meta_value(meta, field_name: str) -> str:
    """A document property as an answer states it ("印发日期" → "2021年7月12日")."""
    if field_name == "文号":
        return meta.number
    if field_name == "发文单位":
        return meta.issuer
    if field_name == "文件":
        return meta.title
    if meta.date:
        year, month, day = meta.date.split("-")
        return f"{int(year)}年{int(month)}月{int(day)}日"
    return ""


def _line_with(lines: list[str], value: str) -> int:
    """The first line (1-based) that contains `value`, 0 if none."""
    key = normalize_for_match(value)
    return next((n for n, text in enumerate(lines, 1) if key in normalize_for_match(text)), 0)
