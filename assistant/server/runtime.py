"""The server's handle on the Assistant: loaded in the background, shared by API and UI.

The server starts listening at once and reports `loading` on /healthz while the
index is loaded or built, so a supervisor can tell "starting" from "dead". Once loaded, it
follows index/CURRENT: a version that another worker (or a CLI `add`) made live is served
within `follow_seconds`, without a restart.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError
from assistant.server.pool import AnswerPool
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.answer.pipeline import Assistant
    from assistant.models import Answer

log = logging.getLogger(__name__)

FOLLOW_SECONDS = 1.0  # how often a loaded runtime looks at index/CURRENT


class NotReadyError(AssistantError):
    """The index is still loading (or failed to load): the request cannot be served yet."""


def _load_assistant(settings: Settings) -> Assistant:
    from assistant.answer.pipeline import Assistant  # heavy import (torch): only when loading

    return Assistant.from_settings(settings, progress=True)


class Runtime:
    """Owns the one Assistant of this process.

    Args:
        settings: passed to `Assistant.from_settings`.
        assistant: an already loaded Assistant to serve (tests share one between servers).
        loader: how to build the Assistant; defaults to `Assistant.from_settings`.
    """

    def __init__(
        self,
        settings: Settings,
        assistant: Assistant | None = None,
        loader: Callable[[Settings], Assistant] | None = None,
        follow_seconds: float = FOLLOW_SECONDS,
        workers: int = 1,
    ):
        self.settings = settings
        self._assistant = assistant
        self._loader = loader or _load_assistant
        self._error = ""
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._follow_seconds = follow_seconds
        self._stop = threading.Event()
        self.workers = workers
        self.pool: AnswerPool | None = None

    @property
    def status(self) -> str:
        """"ok", "loading" or "error"."""
        if self._assistant is not None:
            return "ok"
        return "error" if self._error else "loading"

    @property
    def error(self) -> str:
        return self._error

    def start(self, background: bool = True) -> None:
        """Load the Assistant (once); in a daemon thread unless `background` is False."""
        with self._lock:
            if self._assistant is not None or self._thread is not None:
                return
            if not background:
                self._load()
                return
            self._thread = threading.Thread(target=self._load, name="assistant-loader", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until loading has finished; True if the Assistant is ready."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self._assistant is not None

    def _load(self) -> None:
        try:
            self._assistant = self._loader(self.settings)
        except AssistantError as exc:
            self._error = str(exc)
            log.error("索引加载失败: %s", exc)
        except Exception as exc:  # reported on /healthz instead of killing the server
            self._error = f"索引加载失败: {type(exc).__name__}"
            log.exception("索引加载失败")
        else:
            if self._follow_seconds > 0 and hasattr(self._assistant, "refresh"):
                threading.Thread(target=self._follow, name="index-follower", daemon=True).start()
            if self.workers > 1:
                self._start_pool()

    def _start_pool(self) -> None:
        """N answering processes; until they are up (or if they cannot start) this process answers."""
        pool = AnswerPool(self.settings, self.workers)
        try:
            pids = pool.start()
        except Exception as exc:  # e.g. a worker could not load: keep answering here, say why
            pool.close()
            log.error("回答进程启动失败，由主进程回答: %s", exc)
            return
        self.pool = pool
        log.info("%d 个回答进程已就绪: %s", len(pids), pids)

    def ask(self, question: str, doc: str | None = None, history: list[dict] | None = None) -> Answer:
        """Answer in a worker process when there are workers, else in this one."""
        assistant = self.get()
        if self.pool is not None:
            return self.pool.ask(question, doc=doc, history=history)
        return assistant.ask(question, doc=doc, history=history)

    def _follow(self) -> None:
        """Serve each index version made live elsewhere; a failed look is logged and tried again."""
        while not self._stop.wait(self._follow_seconds):
            try:
                if self._assistant.refresh():
                    log.info("已切换到新的索引版本 %s", self._assistant.index.folder.name)
            except Exception as exc:  # a half-written or pruned version: keep serving the one loaded
                log.warning("读取新的索引版本失败，继续使用当前版本: %s", exc)

    def stop(self) -> None:
        """Stop following index/CURRENT and stop the workers (the server is shutting down)."""
        self._stop.set()
        if self.pool is not None:
            self.pool.close()

    def get(self) -> Assistant:
        """The loaded Assistant.

        Raises:
            NotReadyError: still loading, or loading failed.
        """
        if self._assistant is None:
            if self._error:
                raise NotReadyError(f"服务不可用: {self._error}")
            raise NotReadyError("索引正在加载，请稍后再试")
        return self._assistant

    def health(self) -> dict[str, Any]:
        """The /healthz body: status and what is indexed."""
        body: dict[str, Any] = {"status": self.status, "documents": 0, "chunks": 0,
                                "workers": self.pool.workers if self.pool is not None else 1}
        if self._assistant is not None:
            body["documents"] = len(self._assistant.documents())
            body["chunks"] = count_chunks(self._assistant)
        elif self._error:
            body["error"] = self._error
        return body


def count_chunks(assistant: Any) -> int:
    """Number of indexed chunks (the loaded index's chunk list)."""
    index = getattr(assistant, "index", None)
    chunks = getattr(index, "chunks", None)
    return len(chunks) if chunks is not None else 0
