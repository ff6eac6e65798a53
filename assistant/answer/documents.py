"""Answers about the documents themselves: leading-group rosters, 文号/印发日期/发文单位, which document."""

from __future__ import annotations

import re
from functools import cached_property

from assistant.answer.citing import Source, SourceBook
from assistant.answer.draft import Draft
from assistant.answer.match import Overlap
from assistant.answer.sentences import SentenceAnswerer
from assistant.answer.understand import Understanding
from assistant.corpus.document import Corpus
from assistant.corpus.metadata import chinese_date
from assistant.corpus.normalize import normalize_for_match
from assistant.lexicon import DOCUMENT_EVENTS, EVENT_SYNONYMS
from assistant.models import DocumentEvent, Hit


MIN_DOCS_FOR_COMMON = 4  # with fewer documents no word is "in nearly every one"
COMMON_SHARE = 1.0  # a word in this share of the documents (all of them) is common to the corpus
MAX_META_DOCS = 5  # documents a metadata question may ask about at once ("开州和梁平的文件分别是谁发的？")
ROSTER_HITS = 3  # a roster question that names no place is answered from the documents of this many top hits


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
        # "巡查检查组组长是谁": the group the question names; else, with no place named, the documents it found
        named = [e for e in wanted if len(e.group) >= 3 and normalize_for_match(e.group) in u.normalized]
        found = {h.chunk.doc for h in hits[:ROSTER_HITS]}
        wanted = named or ([e for e in wanted if e.doc in found] if not u.docs else wanted)
        if not wanted:
            return self.sentences(u, hits)
        short = "；".join(f"{e.role}：{e.name}" + (f"（{e.post}）" if e.post else "") for e in wanted) + "。"
        sources = [Source(e.doc, e.group, e.line_start, e.line_end, highlight=e.name) for e in wanted]
        return Draft(u.type, True, short, [f"出自{wanted[0].group}名单。"], sources, doc=wanted[0].doc, topic=u.topic)

    def metadata(self, u: Understanding, hits: list[Hit]) -> Draft:
        docs = list(u.docs) or sorted({h.chunk.doc for h in hits[:3]}, key=lambda d: [h.chunk.doc for h in hits].index(d))
        if u.meta_field == "文件":
            return self.which_document(u, hits)
        parts, sources, derived = [], [], []
        for doc in docs[:MAX_META_DOCS]:
            document = self.corpus.documents[doc]
            meta = document.meta
            said, told = [], set()
            for field_name in u.meta_fields or (u.meta_field,):
                if field_name in DOCUMENT_EVENTS:
                    events = [e for e in document.events if EVENT_SYNONYMS.get(e.kind, e.kind) == field_name]
                    for event in events[-1:] if u.latest else events:
                        if event.kind == "落款" and (event.body, event.date) in told:
                            continue  # "谁制定的？落款日期？" of a text its maker signed: said once
                        told.add((event.body, event.date))
                        said.append(event_text(event))
                        sources.append(Source(doc, self._clause_at(doc, event.line) or "文件头", event.line,
                                              max(event.line, event.line_end), highlight=event.said or event.body))
                    continue
                value = meta_value(meta, field_name)
                if not value:
                    continue
                line = _line_with(document.lines, value)
                said.append(f"{field_name}是{value}")
                if line:
                    sources.append(Source(doc, "文件头", line, line, highlight=document.lines[line - 1].strip()))
                else:  # written in by a person (metadata.json, the 文件 tab): the document's first line, as 文件信息
                    sources.append(Source(doc, "文件信息", 1, 1))
                    derived.append(value)
            if said:
                asked_steps = (u.meta_fields or (u.meta_field,))[0] in DOCUMENT_EVENTS  # "…》2021年…通过" / "…》的文号是…"
                parts.append(f"{self.book.region(doc)}《{meta.title}》" + ("" if asked_steps else "的") + "，".join(said))
        if not parts:
            return self.sentences(u, hits)
        return Draft(u.type, True, "；".join(parts) + "。", [], sources, doc=docs[0] if len(docs) == 1 else None,
                     topic=u.topic, derived=derived)

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


    def mentions(self, u: Understanding, hits: list[Hit]) -> Draft:
        """"哪几个区的文件提到群租房？": every document in scope is read (not only the top hits); each that
        mentions it is listed with one citation, and the ones that do not are named too."""
        phrases = mention_phrases(u.question)
        if not phrases:
            return self.sentences(u, hits)
        scope = sorted(u.scope(self.corpus.documents))
        found, sources = [], []
        common = self._common_words(phrases)
        for doc in scope:
            line = _mentioning_line(self.corpus.documents[doc].lines, phrases, common)
            if line:
                found.append(doc)
                sources.append(Source(doc, self._clause_at(doc, line), line, line,
                                      highlight=self.corpus.documents[doc].lines[line - 1].strip()))
        what = "、".join(f"“{p}”" for p in phrases)
        if not found:
            return Draft(u.type, False, f"未找到：现有文件都没有提到{what}。", topic=u.topic)
        names = "、".join(self.book.region(d) for d in found)
        others = list(dict.fromkeys(self.book.region(d) for d in scope if d not in found))
        count = f"{len(found)}份"
        short = f"提到{what}的有{count}文件：{names}。"
        details = [f"没有提到的：{'、'.join(others)}。"] if others else []
        return Draft(u.type, True, short, details, sources, topic=u.topic, derived=[count])

    def _common_words(self, phrases: list[str]) -> set[str]:
        """Words of the phrases that nearly every document has ("火灾", "消防" in a fire-safety corpus): they do not
        tell which documents mention the phrase."""
        texts = self._texts
        words = {w for p in phrases for w in _words(p) if len(w) >= 2}
        return {w for w in words if len(texts) >= MIN_DOCS_FOR_COMMON
                and sum(1 for t in texts if w in t) >= COMMON_SHARE * len(texts)}

    @cached_property
    def _texts(self) -> list[str]:
        """Each document's whole text, normalised once (not per question)."""
        return [normalize_for_match("\n".join(d.lines)) for d in self.corpus.documents.values()]

    def _clause_at(self, doc: str, line: int) -> str:
        holding = self.book.holding(doc, line)
        return holding[-1].path if holding else ""


def mention_phrases(question: str) -> list[str]:
    """What a "哪些文件提到X" question asks about: its quoted words, else the phrase after 提到."""
    quoted = re.findall(r"[“\"「](.{1,20}?)[”\"」]", question)
    if quoted:
        return quoted
    match = re.search(r"(?:提到|提及|涉及|写到|讲到|说到|谈到|有关于)了?(.{2,20}?)(?:的(?:内容|文件|要求))?[？?。]?$", question)
    return [match.group(1).strip("“”\"")] if match else []


def _variants(phrase: str) -> list[str]:
    """"消防（车）取水码头" → with and without what the bracket holds; a bracket of two characters or more may
    also name the alternative of what precedes it: "电动自行车（电动车）" → 电动车, "火灾（安全）隐患" → 安全隐患."""
    inner = re.sub(r"[（(]([^（）()]*)[）)]", r"\1", phrase)
    bare = re.sub(r"[（(][^（）()]*[）)]", "", phrase)
    alternative = re.search(r"[（(]([^（）()]{2,})[）)](.*)$", phrase)
    other = alternative.group(1) + re.sub(r"[（(][^（）()]*[）)]", "", alternative.group(2)) if alternative else ""
    return list(dict.fromkeys(normalize_for_match(v) for v in (phrase, inner, bare, other) if v))


def _mentioning_line(lines: list[str], phrases: list[str], common: set[str] = frozenset()) -> int:
    """The first line (1-based) that mentions every phrase; a phrase is mentioned by any of its variants, or
    when all its words of two characters or more are on the line ("建消防主题公园" by "消防主题公园"), words
    every document has (`common`) left out when two or more others remain ("火灾隐患举报奖励" by "举报投诉奖励")."""
    wanted = []  # per phrase: its variants, and its words of two characters or more (read once, not per line)
    for phrase in phrases:
        words = [w for w in _words(re.sub(r"[（(][^（）()]*[）)]", "", phrase)) if len(w) >= 2]
        telling = [w for w in words if w not in common]
        words = telling if len(telling) >= 2 else words
        wanted.append((_variants(phrase), words if len(words) >= 2 else []))

    def mentions(text: str, variants: list[str], words: list[str]) -> bool:
        return any(v in text for v in variants) or bool(words) and all(w in text for w in words)

    for n, line in enumerate(lines, 1):
        text = normalize_for_match(line)
        if all(mentions(text, variants, words) for variants, words in wanted):
            return n
    return 0


def _words(text: str) -> list[str]:
    from assistant.corpus.grammar import _words as tokenizer

    return list(tokenizer().cut(normalize_for_match(text), HMM=False))


def event_text(event: DocumentEvent) -> str:
    """One step of a document's history as an answer states it: "2021年9月1日南阳市…会议通过", "由区消防支队制定"."""
    if event.kind == "落款":
        return f"落款为{event.body}（{event.date}）"
    if event.kind in ("制定", "转发"):
        return f"由{event.body}{event.kind}" + (f"（{event.date}）" if event.date else "")
    return " ".join(event.said.split()) or f"{event.date}{event.body}{event.kind}"


def meta_value(meta, field_name: str) -> str:
    """A document property as an answer states it ("印发日期" → "2021年7月12日")."""
    if field_name == "文号":
        return meta.number
    if field_name == "发文单位":
        return meta.issuer
    if field_name == "文件":
        return meta.title
    return chinese_date(meta.date)


def _line_with(lines: list[str], value: str) -> int:
    """The first line (1-based) that contains `value`, 0 if none."""
    key = normalize_for_match(value)
    return next((n for n, text in enumerate(lines, 1) if key in normalize_for_match(text)), 0)
