"""Local store of answer feedback (👍/👎) and of questions that got 未找到.

One SQLite file beside the index directory (not inside it: the index is rebuilt and
versioned, the feedback is the maintainers' to keep). Every call opens its own
connection, so the store can be shared by the API's worker threads and the UI.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.models import Answer
from assistant.settings import Settings

KINDS = ("up", "down", "not_found")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,
    kind TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL DEFAULT '',
    citations TEXT NOT NULL DEFAULT '[]',
    doc TEXT,
    source TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT ''
)
"""


@dataclass
class FeedbackRecord:
    """One stored rating or 未找到 question."""

    id: int
    created: float  # unix time
    kind: str  # "up" | "down" | "not_found"
    question: str
    answer: str = ""
    citations: list[dict[str, Any]] = field(default_factory=list)
    doc: str | None = None
    source: str = ""  # "ui" | "api" | "openai" — which edge recorded it
    comment: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.created))
        return data


def default_feedback_path(settings: Settings) -> Path:
    """Settings.feedback_db, else `feedback.sqlite3` beside (not inside) the index directory."""
    if settings.feedback_db is not None:
        return Path(settings.feedback_db)
    return Path(settings.index_dir).resolve().parent / "feedback.sqlite3"


class FeedbackStore:
    """Append-only feedback log in SQLite."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute(_SCHEMA)
            # Readers never wait for a writer, and writers of several processes queue on the busy timeout.
            conn.execute("PRAGMA journal_mode=WAL")

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedbackStore:
        return cls(default_feedback_path(settings))

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # A busy timeout instead of failing when two threads write at once.
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            with conn:  # commits, or rolls back on error
                yield conn
        finally:
            conn.close()

    def add(
        self,
        kind: str,
        question: str,
        answer: str = "",
        citations: Iterable[dict[str, Any]] = (),
        doc: str | None = None,
        source: str = "",
        comment: str = "",
    ) -> int:
        """Store one record and return its id.

        Raises:
            ValueError: `kind` is not one of KINDS.
        """
        if kind not in KINDS:
            raise ValueError(f"unknown feedback kind: {kind!r}")
        row = (time.time(), kind, question, answer, json.dumps(list(citations), ensure_ascii=False),
               doc, source, comment)
        with self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (created, kind, question, answer, citations, doc, source, comment)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cur.lastrowid)

    def rate(self, liked: bool, answer: dict[str, Any], source: str, comment: str = "") -> int:
        """Store a 👍 (liked) or 👎 for an answer given as `Answer.to_dict()`."""
        return self.add(
            "up" if liked else "down",
            question=answer.get("question", ""),
            answer=answer.get("answer", ""),
            citations=answer.get("citations", []),
            doc=answer.get("doc"),
            source=source,
            comment=comment,
        )

    def log_answer(self, answer: Answer, source: str) -> int | None:
        """Log the question if it got 未找到; return the new record id, else None."""
        if answer.found:
            return None
        return self.add(
            "not_found",
            question=answer.question,
            answer=answer.answer,
            citations=[c.to_dict() for c in answer.suggestions],
            doc=answer.doc,
            source=source,
        )

    def list(self, kinds: Iterable[str] | None = None, limit: int | None = None) -> list[FeedbackRecord]:
        """Records, newest first, optionally only of the given kinds."""
        sql = "SELECT id, created, kind, question, answer, citations, doc, source, comment FROM feedback"
        params: list[Any] = []
        kinds = list(kinds) if kinds is not None else None
        if kinds:
            sql += f" WHERE kind IN ({','.join('?' * len(kinds))})"
            params.extend(kinds)
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        with self._connect() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [
            FeedbackRecord(id=r[0], created=r[1], kind=r[2], question=r[3], answer=r[4],
                           citations=json.loads(r[5] or "[]"), doc=r[6], source=r[7], comment=r[8])
            for r in rows
        ]
