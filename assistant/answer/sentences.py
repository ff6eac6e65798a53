"""Answers that are sentences: numbers, facts, and the fallback for everything else.

The shortest source sentence that answers wins: scored by how much of the question's topic
it covers, how well its clause matches, and its retrieval rank; a quantity question needs a
sentence stating a number with the same measure word, a year in the question must be in
the sentence. A heading that announces a list is answered by its sub-clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.citing import Source, SourceBook, clip
from assistant.answer.draft import Draft
from assistant.answer.composite import (
    abbreviation_of,
    asked_heads,
    band_of,
    clock_hours,
    figure_asked,
    named_items,
    months_of_phase,
    parts_of,
    quoted_names,
    series_value,
    series_values,
    spells_out,
    stated_total,
    table_figure,
    total_of,
)
from assistant.answer.match import Overlap, numbers_in, sentences, states_measure
from assistant.answer.understand import Understanding
from assistant.corpus.clauses import PREAMBLE_PATH, heading_of
from assistant.corpus.document import Corpus
from assistant.corpus.grammar import deadline_of_heading
from assistant.corpus.normalize import normalize_for_match
from assistant.lexicon import ASK_STAGE, CITES_DOCUMENT, DEADLINE_FORMS, SEATED, STANDARD_CODE, QuestionType, deadlines_in
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
    constrained_coverage: float = 0.15  # …or this share, when it must state what was asked (a measure, a date)
    closest_measured: float = 0.25  # a sentence stating the measure asked ("扣几分": "每次扣5分") is the closest match above this
    listing_bonus: float = 0.15  # an enumeration asked ("分哪三个阶段") and a heading with sub-clauses
    named_item: float = 0.15  # the question names the clause by its title ("第二类…")
    bare_heading: float = 0.85  # a short numbered heading names the topic but rarely answers it
    other_year: float = 0.6  # the question names a year the sentence does not
    other_when_form: float = 0.7  # asked "每月几号", the sentence's dates are of another kind
    sibling_hits: int = 5  # an enumeration answered by a list whose items are among this many top hits
    sibling_bonus: float = 0.3  # …scored up by the share of those hits that are its items
    lead_share: float = 0.95  # a later sentence is scored with its clause's first sentence as its subject, times this
    reference_share: float = 0.95  # …and a sentence naming its case by number ("第三条第一项") with that item's text
    composite_hits: int = 6  # a total, a series or a quoted name is looked for in this many top hits
    spelled_out: float = 0.3  # the question quotes "五进" and the sentence lists its five "进…" items
    column_hits: int = 3  # an enumeration naming a table's first column is answered from a row among this many hits
# "（责任单位：区消防救援局、…）" standing alone after a sentence says who, not what: it is no answer sentence.
_ANNOTATION_ONLY = re.compile(r"^\s*[（(〔【][^（(〔【]{0,6}(?:单位|部门|时限)[:：][^）)〕】]*[）)〕】]\s*$")
_ENUMERATION_GOES_ON = re.compile(r"^\s*(?:[②-⑳]|[二三四五六七八九十]是)")
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
        if need_number and u.measure and (figure := self._table_figure(u, hits)) is not None:
            return figure  # "上湾社区划了几个网格", "城郊片一共多少个网格": a table's figure, by its row and column
        if u.cited_asked and (cited := self._cited_document(u, hits)) is not None:
            return cited
        if u.enumeration and (column := self._column_listing(u, hits)) is not None:
            return column  # "闭环处置要走哪几个环节": the 环节 column of the table the question found
        if u.band_asked and (band := self._best_clause(u, hits, self._band)) is not None:
            return band
        composite = self._composite(u, hits) if need_number or u.name_asked or u.stage_asked or u.phases_asked \
            or u.stage_number else None
        if composite is not None:
            return composite
        years = set(u.years)
        enumerate_asked = u.enumeration
        abbreviation = abbreviation_of(u.question)
        measure = u.measure if need_number else None
        w = self.weights
        best = None
        for rank, hit in enumerate(hits[:10]):
            context = self.overlap.coverage(u.topic, hit.chunk.context)
            candidates = candidate_sentences(hit.chunk)
            clause = self.book.clauses.get((hit.chunk.doc, hit.chunk.line_start))
            # "第二类网格化排查针对哪些场所": the item "2.第二类" is named; its parent's list of all items is not wanted
            named = _titled_in(u, clause)
            names_a_child = clause is not None and any(_titled_in(u, c) for c in clause.children)
            for position, sentence in enumerate(candidates):
                bare = _CLAUSE_LABEL.sub("", sentence)  # "（1）建设…" has no number in it
                if (need_number and not numbers_in(bare)) or (need_date and not deadlines_in(bare)):
                    continue
                if measure and not states_measure(bare, measure):
                    continue  # asked "几辆", the sentence counts something else
                if need_units and not self.corpus.gazetteer.find_in(sentence):
                    continue
                if u.code_asked and not STANDARD_CODE.search(normalize_for_match(sentence)):
                    continue  # asked "哪个标准号", the sentence states none
                if u.seat_asked and not SEATED.search(sentence):
                    continue  # asked where a body is set up, the sentence does not seat it
                # A later sentence of a clause goes on about the subject its first sentence named.
                lead = candidates[0] if position and hit.chunk.kind == "clause" else ""
                # "违反…第三项规定的，责令改正；拒不改正的，处以二百元罚款": the part before ； is its condition
                condition = candidates[position - 1] if position and candidates[position - 1].endswith(("；", ";")) else ""
                cover = self.overlap.coverage(u.topic, sentence)
                for before in dict.fromkeys(b for b in (lead, condition) if b):
                    cover = max(cover, w.lead_share * self.overlap.coverage(u.topic, before + sentence))
                ranked = 1 / (rank + 1)
                if referenced := self.corpus.referenced(hit.chunk.doc, condition + sentence):  # "符合本办法第三条第一项情形的"
                    cover = max(cover, w.reference_share * self.overlap.coverage(u.topic, referenced + sentence))
                    pointed = _rank_of(referenced, hit.chunk.doc, hits)  # the case it points to was a better hit
                    ranked = max(ranked, w.reference_share / (pointed + 1)) if pointed is not None else ranked
                score = w.cover * cover + w.context * context + w.rank * ranked
                if enumerate_asked and self._children_listing(hit.chunk, sentence) and not names_a_child:
                    score += w.listing_bonus
                elif _CLAUSE_LABEL.match(sentence) and len(sentence) < 30:
                    score *= w.bare_heading
                if named:
                    score += w.named_item
                if abbreviation and spells_out(sentence, abbreviation):
                    score, cover = score + w.spelled_out, max(cover, w.closest_coverage)
                if years and not years <= set(_YEAR.findall(normalize_for_match(sentence))):
                    score *= w.other_year
                if need_date and u.when_form and not any(DEADLINE_FORMS[u.when_form].search(d)
                                                         for d in deadlines_in(bare)):
                    score *= w.other_when_form
                if best is None or score > best[0]:
                    best = (score, sentence, hit.chunk, cover)
        if enumerate_asked:
            siblings = self._sibling_listing(u, hits)
            if siblings is not None and siblings[0] >= w.closest and (best is None or siblings[0] > best[0]):
                score, parent, listing = siblings
                sources = [Source(parent.doc, parent.path, parent.line_start, parent.subtree_end, highlight=parent.title)]
                return Draft(u.type, True, listing, [self.book.from_line(parent.doc, parent.path)], sources, doc=parent.doc, topic=u.topic,
                             confidence=score, coverage=score)
        # a sentence that had to state the measure or the date asked is about it with less of the question's wording
        same_thing = w.constrained_coverage if (measure or need_date) else w.closest_coverage
        floor = w.closest_measured if measure else w.closest
        if best is None or best[0] < floor or (best[0] < w.min_score and best[3] < same_thing):
            if need_number and not u.total and (counted := self._named_count(u, hits)) is not None:
                return counted  # "金山要新建几个消防救援站": no sentence counts them, a clause names them (a total
                # question tried this already, in `_composite`)
            draft = not_found(u, hits)
            draft.confidence = best[0] if best else 0.0
            return draft
        _, sentence, chunk, cover = best
        listing = self._children_listing(chunk, sentence)
        if not listing and enumerate_asked:
            sentence = _enumeration_from(candidate_sentences(chunk), sentence, self._title_sentence(chunk, sentence))
        short = listing or sentence
        source = Source(chunk.doc, chunk.path, chunk.line_start, chunk.line_end, highlight=sentence)
        sources = [source] + ([self.book.subtree_source(chunk)] if listing else [])
        return Draft(u.type, True, short, [self.book.from_line(chunk.doc, chunk.path)], sources, doc=chunk.doc,
                     topic=u.topic, confidence=best[0], coverage=cover, closest=best[0] < w.min_score)

    # -- answers that combine what a clause states in parts (answer/composite.py) ------------------------
    def _composite(self, u: Understanding, hits: list[Hit]) -> Draft | None:
        """A total over parts, one year of a series, a quoted name or a stage heading — when the question
        asks for one and a well-matching clause states the parts."""
        if u.stage_asked and (u.years or u.months):
            return self._stage(u)
        if u.phases_asked or u.stage_number:
            return self._phases(u)
        if u.type is QuestionType.NUMBER and u.measure == "小时" and (hours := self._best_clause(u, hits, self._hours)):
            return hours  # "每天接听几个小时" over "上午9时至11时以及下午13时至17时"
        if u.type is QuestionType.NUMBER and u.total and u.measure:
            return self._best_clause(u, hits, self._total) or self._total_over_years(u, hits) \
                or self._named_count(u, hits)
        if u.type is QuestionType.NUMBER and len(u.years) == 1:
            return self._best_clause(u, hits, self._series)
        if u.name_asked:
            return self._best_clause(u, hits, self._quoted)
        return None

    def _best_sentence(self, u: Understanding, hits: list[Hit], read):
        """(score, chunk, sentence, found) of the best-matching sentence of the top hits that `read` can answer
        from (found = read(u, sentence): what it answers, highlight, figures computed rather than quoted, and
        how exactly it fits what was asked, 0–1), or None when none scores `min_score`."""
        w, best = self.weights, None
        for rank, hit in enumerate(hits[: w.composite_hits]):
            context = self.overlap.coverage(u.topic, hit.chunk.context)
            for sentence in candidate_sentences(hit.chunk):
                found = read(u, sentence)
                if found is None:
                    continue
                score = (w.cover * self.overlap.coverage(u.topic, sentence) + w.context * context
                         + w.rank / (rank + 1) + w.listing_bonus * found[3])
                if best is None or score > best[0]:
                    best = (score, hit.chunk, sentence, found)
        return best if best is not None and best[0] >= w.min_score else None

    def _best_clause(self, u: Understanding, hits: list[Hit], read) -> Draft | None:
        """The answer `read` gives from the best-matching sentence of the top hits (see `_best_sentence`)."""
        best = self._best_sentence(u, hits, read)
        if best is None:
            return None
        score, chunk, sentence, (short, highlight, derived, _) = best
        source = Source(chunk.doc, chunk.path, chunk.line_start, chunk.line_end, highlight=highlight or sentence)
        return Draft(u.type, True, short, [self.book.from_line(chunk.doc, chunk.path)], [source], doc=chunk.doc,
                     topic=u.topic, confidence=score, coverage=score, derived=derived)

    def _total_over_years(self, u: Understanding, hits: list[Hit]) -> Draft | None:
        """"2024年和2025年一共…" where each year is its own clause or task row ("2024年，配齐…28个社区…";
        "2025年，配齐…29个社区…"): the best-matching clause of each year, then the sum."""
        if len(u.years) < 2:
            return None
        picked = []
        for year in u.years:
            def one_part(u: Understanding, sentence: str, year: str = year):
                parts = parts_of(sentence, u.measure, (year,))
                return (parts[0], "", [], 0.0) if len(parts) == 1 else None

            best = self._best_sentence(u, hits, one_part)
            if best is None:
                return None
            score, chunk, sentence, (part, *_) = best
            picked.append((score, chunk, sentence, part))
        if len({part.measure for *_, part in picked}) > 1 or len({chunk.id for _, chunk, _, _ in picked}) < len(picked):
            return None
        total = f"共{sum(part.value for *_, part in picked):g}{picked[0][3].measure}"
        short = f"{total}（{'＋'.join(part.show() for *_, part in picked)}）。"
        sources = [Source(c.doc, c.path, c.line_start, c.line_end, highlight=sentence) for _, c, sentence, _ in picked]
        docs = dict.fromkeys(c.doc for _, c, _, _ in picked)
        citations = [self.book.from_line(doc, *(c.path for _, c, _, _ in picked if c.doc == doc)) for doc in docs]
        score = min(score for score, *_ in picked)
        return Draft(u.type, True, short, citations, sources, doc=picked[0][1].doc, topic=u.topic, confidence=score,
                     coverage=score, derived=[total])

    @staticmethod
    def _total(u: Understanding, text: str) -> tuple[str, str] | None:
        stated = stated_total(text, u.measure)
        if stated is not None and not u.years:
            value, measure = stated
            return f"共{value:g}{measure}。", "", [], 1.0
        series = series_values(text, u.measure)
        if series and len(u.years) >= 2:  # "2021到2023年这三年一共…" over "2021-2025年分别…160、80、80、32、32名"
            first, last = min(int(y[:4]) for y in u.years), max(int(y[:4]) for y in u.years)
            picked = [(year, series[year]) for year in range(first, last + 1) if year in series]
            if len(picked) == last - first + 1:
                measure = picked[0][1][1]
                value = sum(v for _, (v, _) in picked)
                total = f"共{value:g}{measure}"
                shown = "＋".join(f"{year}年{v:g}{m}" for year, (v, m) in picked)
                return f"{total}（{shown}）。", "", [total, *(f"{year}年" for year, _ in picked)], 1.0
        summed = total_of(text, u.measure, u.years, u.excluded)
        if summed is None:
            return None
        value, parts = summed
        total = f"共{value:g}{parts[0].measure}"
        return f"{total}（{'＋'.join(p.show() for p in parts)}）。", "", [total], 0.0

    def _table_figure(self, u: Understanding, hits: list[Hit]) -> Draft | None:
        """The figure (or a group's total) of the table of the first top hit that is a row of one whose row
        and column the question names."""
        for hit in hits[: self.weights.composite_hits]:
            row = self.book.rows.get((hit.chunk.doc, hit.chunk.line_start)) if hit.chunk.kind == "row" else None
            if row is None:
                continue
            figure = table_figure(self.corpus.documents[row.doc].tables[row.table], u.normalized, u.measure,
                                  u.topic, total=u.total)
            if figure is None:
                continue
            sources = [Source(r.doc, r.path, r.line_start, r.line_end, highlight=r.cells.get(figure.header, ""))
                       for r in figure.rows]
            derived = [figure.amount] if figure.parts else []  # a sum the documents do not state
            return Draft(u.type, True, f"{figure.show()}。", [self.book.from_line(row.doc, *(r.path for r in figure.rows))],
                         sources, doc=row.doc, topic=u.topic, confidence=1.0, coverage=1.0, derived=derived)
        return None

    def _named_count(self, u: Understanding, hits: list[Hit]) -> Draft | None:
        """"…的消防救援站一共几个" where a clause names them ("开工建设山阳消防救援站，…筹备廊下、漕泾消防救援站"):
        the names, counted, from the best-matching clause of the top hits that names two or more."""
        if not u.counted:
            return None
        w, best = self.weights, None
        for rank, hit in enumerate(hits[: w.composite_hits]):
            names = named_items(hit.chunk.text, u.counted)
            if len(names) >= 2:
                score = w.cover * self.overlap.coverage(u.topic, hit.chunk.context) + w.rank / (rank + 1)
                if best is None or score > best[0]:
                    best = (score, hit.chunk, names)
        if best is None or best[0] < w.min_score:
            return None
        score, chunk, names = best
        total = f"共{len(names)}个"
        source = Source(chunk.doc, chunk.path, chunk.line_start, chunk.line_end, highlight=u.counted)
        return Draft(u.type, True, f"{total}{u.counted}：{'、'.join(names)}。", [self.book.from_line(chunk.doc, chunk.path)],
                     [source], doc=chunk.doc, topic=u.topic, confidence=score, coverage=score, derived=[total])

    @staticmethod
    def _hours(u: Understanding, text: str) -> tuple[str, str, list[str], float] | None:
        spans = clock_hours(text)
        if not spans or states_measure(text, "小时"):
            return None  # no span of the clock, or the hours are stated
        total = f"共{sum(h for _, h in spans):g}小时"
        shown = [f"{written}{h:g}小时" for written, h in spans]
        return f"{total}（{'＋'.join(shown)}）。", "", [total, *(f"{h:g}小时" for _, h in spans)], 1.0

    @staticmethod
    def _series(u: Understanding, text: str) -> tuple[str, str] | None:
        value = series_value(text, u.years[0], u.measure)
        return (f"{value}（{u.years[0]}）。", "", [u.years[0]], 0.0) if value else None  # the year picked from a range

    @staticmethod
    def _band(u: Understanding, text: str) -> tuple[str, str, list[str], float] | None:
        asked = figure_asked(u.normalized)
        band = band_of(text, *asked) if asked else None
        return (f"{band[0]}（{band[1]}）。", band[1], [], 1.0) if band else None  # the band is quoted, not computed

    def _cited_document(self, u: Understanding, hits: list[Hit]) -> Draft | None:
        """"是根据县里哪个文件开展的": the document(s) its preamble says the text acts on ("根据《…》（…〔2025〕9号）
        要求"), in the question's document, else in the best hit's; a 《…》 the body names later is no answer."""
        for doc in u.docs or list(dict.fromkeys(h.chunk.doc for h in hits))[:1]:
            for number, line in enumerate(self.corpus.documents[doc].lines, 1):
                heading = heading_of(line.strip())
                if heading is not None and heading.style not in ("annex", "bullet", "dash"):
                    break  # the body begins: the preamble is over
                if (cited := CITES_DOCUMENT.search(line)) is None:
                    continue
                holding = self.book.holding(doc, number)
                path = holding[-1].path if holding else PREAMBLE_PATH
                titles = cited.group("titles")
                return Draft(u.type, True, f"{titles}。", [self.book.from_line(doc, path)],
                             [Source(doc, path, number, number, highlight=titles)], doc=doc, topic=u.topic,
                             confidence=1.0, coverage=1.0)
        return None

    def _quoted(self, u: Understanding, text: str) -> tuple[str, str] | None:
        names = [(name, noun) for name, noun in quoted_names(text, asked_heads(u.normalized))
                 if normalize_for_match(name) not in u.normalized]  # the question's own quote is what it asks about
        if not names:
            return None
        # the name whose following word the question asks about ("…工作模式" for "什么工作模式")
        name, noun = max(names, key=lambda nn: (nn[1].lstrip("的") in u.normalized, len(nn[1]),
                                                self.overlap.coverage(u.topic, nn[0] + nn[1])))
        fit = 1.0 if len(noun.lstrip("的")) > 2 and noun.lstrip("的") in u.normalized else 0.0  # "工作模式" as asked
        return f"“{name}”{noun}。", name, [], fit

    def _phases(self, u: Understanding) -> Draft | None:
        """"分几个阶段" → the phase headings of the best-matching plan in scope, in order, with their dates;
        "第二个阶段是什么时候" → that one. A plan's phases are sibling headings that each end in 阶段 or carry
        dates ("（一）动员部署阶段（8月31日前）")."""
        best = None
        for doc in sorted(u.scope(self.corpus.documents)):
            for clause in self.corpus.documents[doc].all_clauses():
                phases = [c for c in clause.children if ASK_STAGE.search(c.title) or deadline_of_heading(c.title)]
                if len(phases) < 2 or len(phases) < len(clause.children) / 2:
                    continue
                context = " ".join([self.corpus.documents[doc].meta.title, clause.title, clause.text])
                score = self.overlap.coverage(u.topic, context) + 0.1 * sum(bool(ASK_STAGE.search(c.title)) for c in phases)
                if best is None or score > best[0]:
                    best = (score, clause, phases)
        if best is None or (u.stage_number and u.stage_number > len(best[2])):
            return None
        _, parent, phases = best
        if u.stage_number:
            phase = phases[u.stage_number - 1]
            due = deadline_of_heading(phase.title)
            name = re.sub(r"[（(][^（）()]*[）)]\s*$", "", phase.title).strip()
            body = _CLAUSE_LABEL.sub("", phase.text.split("\n", 1)[1] if "\n" in phase.text else "").strip()
            short = f"完成时限：{due}（{name}）。" if u.type is QuestionType.DEADLINE and due \
                else f"{phase.title.rstrip('。：:')}：{clip(body, 120)}" if body else f"{phase.title}。"
            source = Source(phase.doc, phase.path, phase.line_start, phase.line_end, highlight=phase.title)
            return Draft(u.type, True, short, [self.book.from_line(phase.doc, phase.path)], [source], doc=phase.doc,
                         topic=u.topic, confidence=best[0])
        count = f"{len(phases)}个阶段"
        short = f"分{count}：" + "；".join(f"{i}. {c.title.rstrip('。：:')}" for i, c in enumerate(phases, 1)) + "。"
        sources = [Source(c.doc, c.path, c.line_start, c.line_end, highlight=c.title) for c in phases]
        return Draft(u.type, True, short, [self.book.from_line(parent.doc, parent.path)], sources, doc=parent.doc,
                     topic=u.topic, confidence=best[0], derived=[count])

    def _stage(self, u: Understanding) -> Draft | None:
        """"2021年那个阶段叫什么" / "10月份处在哪个阶段": the phase heading dated that year, or whose dates
        ("（9月1日至11月30日）") hold that month, in the documents in scope."""
        scope = u.scope(self.corpus.documents)
        best = None
        for doc in sorted(scope):
            for clause in self.corpus.documents[doc].all_clauses():
                due = deadline_of_heading(clause.title)
                if u.years and not (due and any(y in due for y in u.years)):
                    continue
                if u.months and not (ASK_STAGE.search(clause.title) and set(u.months) & months_of_phase(clause.title)):
                    continue
                score = self.overlap.coverage(u.topic, " ".join(
                    c.title for c in self.corpus.documents[doc].all_clauses() if c.line_start <= clause.line_start))
                if best is None or score > best[0]:
                    best = (score, clause)
        if best is None:
            return None
        clause = best[1]
        name = re.sub(r"[（(][^（）()]*[）)]\s*$", "", clause.title).strip()
        source = Source(clause.doc, clause.path, clause.line_start, clause.line_end, highlight=clause.title)
        when = "、".join(u.years) or re.sub(r"^.*?[（(]([^（）()]*)[）)]\s*$", r"\1", clause.title)
        return Draft(u.type, True, f"{name}（{when}）。", [self.book.from_line(clause.doc, clause.path)],
                     [source], doc=clause.doc, topic=u.topic, confidence=best[0])

    def _column_listing(self, u: Understanding, hits: list[Hit]) -> Draft | None:
        """An enumeration that names a table's first column ("要走哪几个环节" of an 环节 / 工作内容 / … table)
        found among the top hits: that column's values, row by row."""
        for hit in hits[: self.weights.column_hits]:
            found = self.book.rows.get((hit.chunk.doc, hit.chunk.line_start)) if hit.chunk.kind == "row" else None
            if found is None:
                continue
            rows = self.corpus.documents[found.doc].tables[found.table]
            first = next(iter(rows[0].cells), "")
            if len(first) < 2 or first == "序号" or first not in normalize_for_match(u.question):
                continue
            values = [_without_numbering(r.cells[first]) for r in rows if r.cells.get(first, "").strip()]
            if len(values) < 2:
                continue
            listing = "、".join(dict.fromkeys(v.replace("\n", "") for v in values)) + "。"
            sources = [Source(r.doc, r.path, r.line_start, r.line_end, highlight=r.cells[first]) for r in rows]
            return Draft(u.type, True, listing, [self.book.from_line(hit.chunk.doc, rows[0].path)], sources,
                         doc=hit.chunk.doc, topic=u.topic, confidence=1.0, coverage=1.0)
        return None

    def _sibling_listing(self, u: Understanding, hits: list[Hit]) -> tuple[float, object, str] | None:
        """Several top hits that are items of one list ("（一）…（二）…" under "有下列情形之一的，不予奖励：")
        answer an enumeration question with the whole list."""
        w = self.weights
        counts: dict[tuple[str, int], list[int]] = {}
        for rank, hit in enumerate(hits[: w.sibling_hits]):
            parent = self.book.parents.get((hit.chunk.doc, hit.chunk.line_start))
            if parent is not None and len(parent.children) >= 2:
                counts.setdefault((parent.doc, parent.line_start), []).append(rank)
        found = [(key, ranks) for key, ranks in counts.items() if len(ranks) >= 2]
        if not found:
            return None
        key, ranks = max(found, key=lambda kr: (len(kr[1]), -kr[1][0]))
        parent = self.book.clauses[key]
        if any(_titled_in(u, c) for c in parent.children):
            return None  # "第二类网格化排查针对哪些场所": that item, not the list
        cover = self.overlap.coverage(u.topic, f"{parent.title} {parent.text}")
        items = [re.sub(r"[；;。]$", "", _CLAUSE_LABEL.sub("", c.text.split("\n")[0]).strip()) for c in parent.children]
        score = w.cover * cover + w.rank / (ranks[0] + 1) + w.sibling_bonus * len(ranks) / w.sibling_hits
        listing = f"{parent.title.rstrip('：:。')}：" + "；".join(f"{i}. {clip(t, 60)}" for i, t in enumerate(items, 1)) + "。"
        return score, parent, listing

    def _title_sentence(self, chunk: Chunk, sentence: str) -> bool:
        """Is `sentence` its clause's title sentence ("（六）工作原则。")?"""
        clause = self.book.clauses.get((chunk.doc, chunk.line_start))
        if clause is None or chunk.kind != "clause":
            return False
        heading = heading_of(sentence)
        said = normalize_for_match(heading.rest if heading else sentence).rstrip("。：: ")
        return said == normalize_for_match(clause.title)

    def _children_listing(self, chunk: Chunk, sentence: str) -> str:
        """A heading that announces a list ("开展五大隐患整治行动") is answered by its sub-clauses."""
        clause = self.book.clauses.get((chunk.doc, chunk.line_start))
        if chunk.kind != "clause" or clause is None or len(clause.children) < 2 or len(sentence) > 40:
            return ""
        titles = [c.title.rstrip("。；;") for c in clause.children]
        return f"{sentence.rstrip('。')}：" + "；".join(f"{i}. {t}" for i, t in enumerate(titles, 1)) + "。"



def _without_numbering(cell: str) -> str:
    """"1.网格员发现" → "网格员发现": a cell's text after the numbering a heading would have."""
    heading = heading_of(cell)
    return (heading.rest if heading is not None else cell).strip()


def candidate_sentences(chunk: Chunk) -> list[str]:
    """Sentences of a clause; a table row is one sentence (its cells only mean something together)."""
    if chunk.kind == "row":
        cells = [part.strip() for part in chunk.text.split("\n") if part.strip()]
        if cells and re.fullmatch(r"\d{1,3}", cells[0]):
            cells = cells[1:]  # the row's 序号 is not part of what it says
        return [" ".join(cells)]
    return [s for line in chunk.text.split("\n") for s in sentences(line) if not _ANNOTATION_ONLY.match(s)]


def _enumeration_from(candidates: list[str], sentence: str, titled: bool) -> str:
    """An enumeration answered from one sentence: a title sentence with the sentence after it ("（六）工作原则。" +
    "坚持…，坚持…"), and the items that go on after it ("…问题：①…；" + "②…；" + "③…。")."""
    if sentence not in candidates:
        return sentence
    at = candidates.index(sentence)
    if titled and at + 1 < len(candidates):
        at += 1
        sentence += candidates[at]
    for more in candidates[at + 1:]:
        if not _ENUMERATION_GOES_ON.match(more):
            break
        sentence += more
    return sentence


def _titled_in(u: Understanding, clause) -> bool:
    """Does the question name this clause by its title ("第二类"; "整治的范围" names "整治范围")?"""
    return clause is not None and len(title := normalize_for_match(clause.title)) >= 2 and (
        title in u.normalized or title in u.normalized.replace("的", ""))


def _rank_of(text: str, doc: str, hits: list[Hit]) -> int | None:
    """The rank of the best hit of `doc` whose chunk is (part of) `text`, or None."""
    wanted = normalize_for_match(text)
    return next((rank for rank, hit in enumerate(hits) if hit.chunk.doc == doc
                 and normalize_for_match(hit.chunk.text).strip() in wanted), None)


def not_found(u: Understanding, hits: list[Hit]) -> Draft:
    """未找到, with the nearest clauses as suggestions (never as citations)."""
    suggestions = [Source(h.chunk.doc, h.chunk.path, h.chunk.line_start, h.chunk.line_end) for h in hits[:3]]
    details = ["下面是最接近的条款，供参考。"] if suggestions else []
    return Draft(u.type, False, "未找到：现有文件中没有能回答这个问题的条款。", details, [], suggestions, topic=u.topic)
