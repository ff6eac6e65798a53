"""The question → answer flow, in one place: understand → retrieve → compose → (LLM) → verify → cite."""

from __future__ import annotations

import threading
import time
from collections import Counter
from functools import partial

from dataclasses import replace

from assistant.answer.citing import Source
from assistant.answer.compose import Composer
from assistant.answer.draft import Draft
from assistant.answer.lists import due_by
from assistant.answer.match import Overlap
from assistant.answer.scope import Places
from assistant.answer.understand import in_conversation_place, understand, with_previous_topic
from assistant.answer.verify import Check, check
from assistant.corpus.coverage import Coverage, coverage
from assistant.corpus.document import Corpus, load_corpus
from assistant.corpus.normalize import normalize_for_match
from assistant.errors import InputError
from assistant.lexicon import QuestionType
from assistant.models import Answer, Citation, Clause, DocumentMeta, Hit, Task
from assistant.retrieval.embeddings import Embedder, load_embedder
from assistant.retrieval.index import LoadedIndex, corpus_fingerprint, current_version, ensure_index, load_index
from assistant.retrieval.search import FusionWeights, Retriever
from assistant.retrieval.store import open_store
from assistant.settings import Settings, load_settings

RETRIEVE_K = 12
# A question with no place after one about a district is answered there when that answer is at least this sure,
# relative to the best answer anywhere (multi_turn of the five + tuning + written).
CONVERSATION_PLACE_SHARE = 0.8
MAX_UNIT_SUGGESTIONS = 5  # "您是不是要找" lists at most this many units
MIN_UNIT_CLOSENESS = 0.3  # …that share at least this much of the name asked for
# What a follow-up can ask of the previous answer's task.
TASK_PROPERTIES = (QuestionType.DEADLINE, QuestionType.LEAD, QuestionType.COOPERATING, QuestionType.RESPONSIBLE)


class Assistant:
    """Answers questions over one corpus + index. Thread-safe for concurrent `ask` calls."""

    def __init__(self, settings: Settings, corpus: Corpus, index: LoadedIndex, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        self._lock = threading.Lock()
        self._install(corpus, index)
        self.llm = None
        if settings.llm_enabled:
            from assistant.answer.llm import LLMWriter

            self.llm = LLMWriter.from_settings(settings)

    def _install(self, corpus: Corpus, index: LoadedIndex) -> None:
        # Built fully before being swapped in, so concurrent questions see old or new, never half.
        retriever = Retriever(index, self.embedder, FusionWeights.from_settings(self.settings),
                              open_store(self.settings, index))
        composer = Composer(corpus, Overlap(chunk.context for chunk in index.chunks))
        places = Places((d.meta for d in corpus), {d.doc: "\n".join(d.lines) for d in corpus})
        with self._lock:
            self.corpus, self.index, self.retriever, self.composer, self.places = (
                corpus, index, retriever, composer, places)
        self.build_seconds = index.build_seconds

    @classmethod
    def from_settings(cls, settings: Settings | None = None, progress: bool = False, log=print,
                      embedder: Embedder | None = None) -> Assistant:
        """Load the corpus and the index (building it when missing or stale)."""
        settings = settings or load_settings()
        embedder = embedder or load_embedder(settings)
        corpus = load_corpus(settings.corpus_dir)
        index = ensure_index(settings, corpus=corpus, embedder=embedder, progress=progress, log=log)
        return cls(settings, corpus, index, embedder)

    def reload(self) -> None:
        """Re-read the corpus and index (after documents were added or removed)."""
        corpus = load_corpus(self.settings.corpus_dir)
        index = ensure_index(self.settings, corpus=corpus, embedder=self.embedder, log=lambda m: None)
        self._install(corpus, index)

    def refresh(self) -> bool:
        """Serve the index version another process (worker) made live, without building anything.

        Returns True when a new version was installed. False when the live version is the one
        served, or when the corpus does not yet match it (the add/remove that switched it is still
        moving its files into place: the next call picks it up).
        """
        index_dir, corpus_dir = self.settings.index_dir, self.settings.corpus_dir
        if current_version(index_dir) in (None, self.index.folder.name):
            return False
        files = corpus_fingerprint(corpus_dir)
        index = load_index(index_dir)
        if index.manifest.get("corpus_files") != files:
            return False
        corpus = load_corpus(corpus_dir)
        if corpus_fingerprint(corpus_dir) != files:  # changed while it was read
            return False
        self._install(corpus, index)
        return True

    # -- the flow ---------------------------------------------------------------------------------
    def ask(self, question: str, doc: str | None = None, history: list[dict] | None = None) -> Answer:
        """Answer one question, optionally restricted to one document and following a chat history."""
        question = self._check_question(question)
        history = self._check_history(history)
        retriever, composer = self.retriever, self.composer
        u = understand(question, history, self.corpus.gazetteer.find_in, self.places)
        if doc:
            u = replace(u, docs=(retriever.check_doc(doc),), unknown_place="")
        hits = self._retrieve(u)
        draft = self._from_previous_task(u) or composer(u, hits)
        if (not draft.found or draft.closest) and (varied := with_previous_topic(u)) is not None:
            # Alone the follow-up finds nothing sure: it varies the previous question, so read it with that topic.
            again = composer(varied, self._retrieve(varied))
            if again.found and (not again.closest or not draft.found):
                u, draft = varied, again
        for held in in_conversation_place(u):
            # "要多久搞一次演练？" after a question on 桐溪: answered there, when that is about as sure
            local = composer(held, self._retrieve(held))
            if local.found and not local.closest and (not draft.found or draft.closest or draft.doc in held.docs
                                                      or local.confidence >= CONVERSATION_PLACE_SHARE * draft.confidence):
                u, draft = held, local
                break
        if not draft.found and u.inherited_scope:
            # The district came from an earlier turn; this question may be about another one.
            u = replace(u, docs=(), inherited_scope=False)
            draft = composer(u, retriever.search(u.text, k=RETRIEVE_K, auto_scope=False))
        if draft.found and u.inherited_scope and draft.doc:
            draft.short = f"按上一问的{composer.book.region(draft.doc)}任务：{draft.short}"  # say what it rests on
        answer = self._cite(question, draft)
        check_answer = partial(self._check, derived=draft.derived)
        if self.llm is not None and answer.found:
            answer = self.llm.rewrite(answer, check_answer) or answer
        return self._verify(answer, check_answer)

    def _retrieve(self, u) -> list[Hit]:
        """The chunks for a question: in its scope; for a comparison, the best of each document compared."""
        if u.type is QuestionType.CHITCHAT:
            return []
        if u.parts:
            return [h for part in u.parts for h in self._retrieve(part)]
        if u.type is QuestionType.COMPARE:
            return [h for doc in u.docs for h in self.retriever.search(u.text, k=RETRIEVE_K, docs=[doc], auto_scope=False)]
        return self.retriever.search(u.text, k=RETRIEVE_K, docs=list(u.docs), auto_scope=False)

    def _from_previous_task(self, u) -> Draft | None:
        """"那时限呢？" after "X由谁负责？": the same task's deadline, found by answering the previous question
        again (the chat sends its text, not its citations)."""
        if not u.same_task or u.previous is None or u.type not in TASK_PROPERTIES:
            return None
        task, source = self._answered_by(u.previous)
        if task is not None:
            return self.composer.from_task(u, task)
        return self.composer.from_source(u, source) if source is not None else None

    def _answered_by(self, u) -> tuple[Task | None, Source | None]:
        """The ledger task an answer to `u` rests on (for a follow-up, that of the question it follows),
        else the sentence it quoted."""
        if u.same_task and u.previous is not None:
            task, source = self._answered_by(u.previous)
            if task is not None or source is not None:
                return task, source
        draft = self.composer(u, self._retrieve(u))
        if not draft.found or not draft.sources:
            return None, None
        source = draft.sources[0]
        return draft.task or self.composer.task_at(source.doc, source.line_start), source

    def _check_history(self, history) -> list[dict]:
        """The earlier turns, bounded: a clear error past the bound, never a crash."""
        if history is None:
            return []
        if not isinstance(history, list) or not all(
                isinstance(t, dict) and isinstance(t.get("content", ""), str) for t in history):
            raise InputError("对话历史格式不对：应为 [{\"role\": \"user\", \"content\": \"…\"}, …]")
        if len(history) > self.settings.max_history_turns:
            raise InputError(f"对话历史太长（{len(history)} 条），最多 {self.settings.max_history_turns} 条，请清空对话后再问")
        chars = sum(len(t.get("content", "")) for t in history)
        if chars > self.settings.max_history_chars:
            raise InputError(f"对话历史太长（{chars} 字），最多 {self.settings.max_history_chars} 字，请清空对话后再问")
        return history

    def _check_question(self, question: str) -> str:
        question = (question or "").strip()
        if not question:
            raise InputError("问题不能为空")
        if len(question) > self.settings.max_question_chars:
            raise InputError(f"问题太长（{len(question)} 字），请控制在 {self.settings.max_question_chars} 字以内")
        return question

    def _cite(self, question: str, draft: Draft) -> Answer:
        return Answer(
            question=question,
            answer=draft.text,
            type=draft.type,
            found=draft.found,
            citations=self._citations(draft.sources),
            suggestions=self._citations(draft.suggestions),
            doc=draft.doc,
            task=draft.topic or None,
            closest=draft.closest,
        )

    def _citations(self, sources: list[Source]) -> list[Citation]:
        citations: list[Citation] = []
        seen = set()
        for source in sources:
            key = (source.doc, source.line_start, source.line_end)
            if key in seen:
                continue
            seen.add(key)
            document = self.corpus.documents[source.doc]
            citations.append(Citation(
                n=len(citations) + 1,
                doc=source.doc,
                title=document.meta.title,
                clause=source.clause,
                line_start=source.line_start,
                line_end=source.line_end,
                text=document.source_text(source.line_start, source.line_end),
                highlight=source.highlight,
            ))
        return citations

    def _check(self, text: str, answer: Answer, derived: list[str] = ()) -> Check:
        """Ground `text` in the answer's citations. Figures the composer computed from cited ones (a total
        over cited parts) are exempt, and so are the cited documents' titles; the parts themselves are checked."""
        labels = [c.clause for c in answer.citations] + [c.title for c in answer.citations] + self.places.words \
            + list(derived)  # a title ("2026年…40个…场所…方案") names the document, it states nothing
        # a cited table row as the parser read it: a matrix row's marks ("★", "√") stand for the units of its header
        rows = [row for c in answer.citations if (row := self.composer.book.rows.get((c.doc, c.line_start)))]
        return check(text, [c.text for c in answer.citations] + ["；".join(r.cells.values()) for r in rows],
                     lambda t: self.corpus.gazetteer.find_in(t, surface=True), ignore=labels)

    def _verify(self, answer: Answer, check_answer=None) -> Answer:
        """Drop every statement whose units, numbers or dates are not in the cited sources."""
        if not answer.found:
            return answer
        result = (check_answer or self._check)(answer.answer, answer)
        if result.unsupported:
            answer.answer = result.text or "未找到：候选答案未能通过原文核对。"
            answer.found = bool(result.text)
        return answer

    # -- the rest of what the UI and API show ---------------------------------------------------
    def search(self, query: str, k: int = 8, doc: str | None = None, where=None) -> list[Hit]:
        """Ranked chunks; `where(chunk)` filters them before ranking (Dify's metadata conditions)."""
        return self.retriever.search(query, k=k, doc=doc, where=where)

    def tasks(self, unit: str | None = None, doc: str | None = None, deadline_before: str | None = None) -> list[Task]:
        tasks = self.corpus.tasks
        if doc:
            self.retriever.check_doc(doc)
            tasks = [t for t in tasks if t.doc == doc]
        if unit:
            units = self.corpus.gazetteer
            key = units.canonical(units.resolve(unit) or unit)  # "财政局" and "区财政局" are one unit
            tasks = [t for t in tasks if key in {units.canonical(n) for n in t.all_units}]
        if deadline_before:
            tasks = [t for t in tasks if due_by(t.deadline, deadline_before)]
        return tasks

    def similar_units(self, unit: str, limit: int = MAX_UNIT_SUGGESTIONS) -> list[str]:
        """"您是不是要找": the ledger's units closest to a name that matched none (shared characters, then
        shared pairs of characters), most tasks first among equals."""
        wanted = normalize_for_match(unit)
        pairs = {wanted[i : i + 2] for i in range(len(wanted) - 1)}
        counts = Counter(name for task in self.corpus.tasks for name in task.all_units)

        def closeness(name: str) -> float:
            text = normalize_for_match(name)
            shared = sum(1 for pair in pairs if pair in text) / max(len(pairs), 1)
            return shared + 0.1 * len(set(wanted) & set(text)) / max(len(set(wanted)), 1)

        scored = {name: (closeness(name), count) for name, count in counts.items()}
        ranked = sorted(scored, key=scored.get, reverse=True)
        return [name for name in ranked if scored[name][0] >= MIN_UNIT_CLOSENESS][:limit]

    def documents(self) -> list[DocumentMeta]:
        return [d.meta for d in self.corpus.documents.values()]

    def outline(self, doc: str) -> list[Clause]:
        return self.corpus.get(doc).clauses

    def coverage(self, doc: str) -> Coverage:
        """The lines of `doc` that speak of responsibility or deadlines but gave no ledger entry."""
        return coverage(self.corpus.get(doc))

    def source(self, doc: str) -> list[str]:
        return self.corpus.get(doc).lines


def timed_ask(assistant: Assistant, question: str, **kwargs) -> tuple[Answer, float]:
    """An answer and its latency in milliseconds."""
    started = time.perf_counter()
    answer = assistant.ask(question, **kwargs)
    return answer, (time.perf_counter() - started) * 1000
