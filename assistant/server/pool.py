"""Every core: questions are answered in N worker processes, the web front stays one process.

The server is one process that speaks HTTP (the Gradio chat, /api, /v1, Dify) and N worker
processes that answer. The chat cannot be spread over processes that share a socket: Gradio
joins its queue with one request and streams the result on another, and both must reach the
process that holds the session. Answering is where the CPU goes (embedding the question,
ranking, composing), and that is what the workers do, each with its own Assistant over the
same corpus and index folder, loaded read-only (memory-mapped).

- After an add/remove, a worker serves the new version before its next question: it compares
  index/CURRENT with the version it holds (a read of one small file) and loads the new one.
- A worker that dies is replaced; the question it held fails with a one-line error and the
  next one goes to a fresh worker.
- Feedback is written by the front only (SQLite, one connection per call), so nothing is
  lost or written twice.

Only plain values cross between processes: the question in, `Answer.to_dict()` out.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from assistant.errors import AssistantError
from assistant.models import Answer
from assistant.settings import Settings

log = logging.getLogger(__name__)

ANSWER_TIMEOUT_SECONDS = 120.0  # a worker that takes longer is considered stuck

PARENT_CHECK_SECONDS = 1.0  # how often a worker checks that its server still runs
READY_TIMEOUT_SECONDS = 600.0  # for every worker to load its Assistant
_assistant = None  # the Assistant of this worker process
_all_started = None  # a Barrier of the worker set this process belongs to


class PoolError(AssistantError):
    """A worker process failed while answering (it is replaced; the question can be asked again)."""


def _start_worker(settings_json: str, all_started) -> None:
    """Worker initializer: load the Assistant once (the front has already built the index)."""
    global _assistant, _all_started
    from assistant.answer.pipeline import Assistant

    _all_started = all_started
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()
    _assistant = Assistant.from_settings(Settings.model_validate_json(settings_json), log=lambda message: None)


def _exit_with_parent(parent: int) -> None:
    """A worker whose server is gone (even killed with SIGKILL) exits instead of waiting on its queue."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _ready() -> int:
    """Held until every worker holds one, so that each of N such tasks runs in a process of its own."""
    _all_started.wait(READY_TIMEOUT_SECONDS)
    return os.getpid()


def _ask(question: str, doc: str | None, history: list[dict] | None) -> dict:
    _assistant.refresh()  # the version another process made live, before this question
    return _assistant.ask(question, doc=doc, history=history).to_dict()


class AnswerPool:
    """N worker processes answering with their own Assistant.

    Args:
        settings: what each worker loads (sent as JSON); `embedding_threads` should split the cores.
        workers: the number of processes.
    """

    def __init__(self, settings: Settings, workers: int) -> None:
        self.workers = workers
        self._settings_json = settings.model_dump_json()
        self._lock = threading.Lock()
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker,
                                   initargs=(self._settings_json, context.Barrier(self.workers)))

    def start(self) -> list[int]:
        """Start every worker and wait until each has loaded its Assistant; their process ids."""
        with self._lock:
            executor = self._executor
        pids = {future.result() for future in [executor.submit(_ready) for _ in range(self.workers)]}
        return sorted(pids)

    def ask(self, question: str, doc: str | None = None, history: list[dict] | None = None) -> Answer:
        """The answer of one worker; an error it raised is raised here (InputError, …).

        Raises:
            PoolError: the worker died or took longer than ANSWER_TIMEOUT_SECONDS.
        """
        with self._lock:
            executor = self._executor
        try:
            future = executor.submit(_ask, question, doc, history)
            return Answer.from_dict(future.result(timeout=ANSWER_TIMEOUT_SECONDS))
        except BrokenProcessPool as exc:
            self._replace(executor)
            raise PoolError("回答进程意外退出，已重新启动，请再问一次") from exc
        except TimeoutError as exc:
            raise PoolError(f"回答超时（{ANSWER_TIMEOUT_SECONDS:.0f} 秒）") from exc

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """A new set of workers for a broken one (once, however many questions saw it break)."""
        with self._lock:
            if self._executor is not broken:
                return
            self._executor = self._new_executor()
        broken.shutdown(wait=False, cancel_futures=True)
        log.warning("回答进程意外退出，已重新启动")
        threading.Thread(target=self.start, name="pool-restart", daemon=True).start()

    def close(self) -> None:
        """Stop the workers and wait for them (idle ones exit at once; a question in flight is finished)."""
        with self._lock:
            executor = self._executor
        executor.shutdown(wait=True, cancel_futures=True)
