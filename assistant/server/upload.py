"""Adding and removing documents on the running server: the steps the API and the UI share.

    check the upload → add it (the ingest embeds only the new chunks) → reload the Assistant

The Assistant keeps answering from the old index while the new one is built; `reload`
swaps the new one in atomically. One add/remove runs at a time per corpus folder in this
process (so a reload never sees another add half done); the ingest's file lock also keeps
out a CLI run in another process.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assistant.errors import AssistantError, IndexError_, IngestError, UnknownDocumentError
from assistant.ingest import (
    AddResult,
    MetaOverrides,
    RemoveResult,
    Upload,
    add_document,
    remove_document,
    validate_upload,
)
from assistant.ingest.staging import ORIGINALS
from assistant.ingest.store import BUSY_MESSAGE
from assistant.ingest.validate import TooLargeError, check_size, safe_name, sniff_kind
from assistant.server.runtime import Runtime

MB = 1024 * 1024
# Passages per call on the shared model: its lock is released in between, so the questions of
# other users are embedded while a long document is being added.
INTERLEAVE_BATCH = 16


UploadTooLargeError = TooLargeError  # over `Settings.max_upload_mb`, or unpacking past `max_unpacked_mb`


class UnsupportedFileError(IngestError):
    """The content is not .docx, .pdf or text, whatever its extension says."""


class DocumentExistsError(IngestError):
    """A document with this name is already in the corpus and replacing was not asked for."""


class BusyError(IngestError):
    """Another add/remove is running."""


def overrides_from(title: str | None = None, issuer: str | None = None, date: str | None = None,
                   region: str | None = None, number: str | None = None) -> MetaOverrides | None:
    """Metadata typed by the person; blank fields are left to detection from the header."""
    values = {"title": title, "issuer": issuer, "date": date, "region": region, "number": number}
    given = {name: value.strip() for name, value in values.items() if value and value.strip()}
    return MetaOverrides(**given) if given else None


def check_upload(data: bytes, filename: str, max_mb: int, max_unpacked_mb: int) -> Upload:
    """`validate_upload`, refusing with the specific error class of each kind of problem.

    Raises:
        IngestError: bad or empty name, empty file; UploadTooLargeError; UnsupportedFileError.
    """
    name = safe_name(filename)
    check_size(len(data), max_mb, name)
    try:
        sniff_kind(data, name, max_unpacked_mb)
    except TooLargeError:
        raise
    except IngestError as exc:
        raise UnsupportedFileError(str(exc)) from exc
    return validate_upload(data, filename, max_mb, max_unpacked_mb=max_unpacked_mb)


def read_limited(path: Path, max_mb: int) -> bytes:
    """A file's bytes, reading at most one byte over the limit (so the size check still fires)."""
    with open(path, "rb") as fh:
        return fh.read(max_mb * MB + 1)


class _Interleaved:
    """The server's loaded embedder, fed in small batches; everything else is delegated."""

    def __init__(self, embedder) -> None:
        self._embedder = embedder

    def __getattr__(self, name: str):
        return getattr(self._embedder, name)

    def embed_passages(self, texts: list[str], batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        parts = [self._embedder.embed_passages(texts[i : i + INTERLEAVE_BATCH], batch_size=batch_size)
                 for i in range(0, len(texts), INTERLEAVE_BATCH)]
        return np.concatenate(parts) if parts else self._embedder.embed_passages([])


_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def _corpus_lock(corpus_dir: Path) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(Path(corpus_dir).resolve(), threading.Lock())


@dataclass
class DocumentAdmin:
    """Adds and removes documents of the corpus a runtime serves, then reloads its Assistant.

    Args:
        runtime: the server's runtime (its settings name the corpus and index folders).
        lock_timeout: seconds to wait for an add/remove of another process (CLI).
    """

    runtime: Runtime
    lock_timeout: float = 5.0

    @property
    def settings(self):
        return self.runtime.settings

    @contextlib.contextmanager
    def _exclusive(self):
        lock = _corpus_lock(self.settings.corpus_dir)
        if not lock.acquire(blocking=False):
            raise BusyError(BUSY_MESSAGE)
        try:
            yield
        except IngestError as exc:
            if str(exc) == BUSY_MESSAGE and not isinstance(exc, BusyError):
                raise BusyError(str(exc)) from exc
            raise
        finally:
            lock.release()

    def add(self, data: bytes, filename: str, overrides: MetaOverrides | None = None, *,
            replace_existing: bool = False) -> AddResult:
        """Validate, add and serve a file; `seconds` of the result includes the reload.

        Raises:
            NotReadyError: the index is still loading.
            IngestError (or a subclass above): refused; corpus and index are unchanged.
        """
        started = time.perf_counter()
        assistant = self.runtime.get()
        upload = check_upload(data, filename, self.settings.max_upload_mb, self.settings.max_unpacked_mb)
        with self._exclusive():
            if not replace_existing and (self.settings.corpus_dir / upload.doc).exists():
                raise DocumentExistsError(f"语料中已有同名文件 {upload.doc}：如要替换，请勾选“替换同名文件”"
                                          "（API 传 replace=true），或换一个文件名")
            result = add_document(self.settings, upload, overrides, replace=replace_existing,
                                  embedder=_Interleaved(assistant.embedder), lock_timeout=self.lock_timeout)
            self._reload(assistant, f"{result.doc} 已添加")
        return replace(result, seconds=time.perf_counter() - started)

    def correct(self, doc: str, title: str | None = None, issuer: str | None = None, date: str | None = None,
                region: str | None = None, number: str | None = None) -> AddResult:
        """Correct a document's metadata (None keeps a field as it is): the document is added again, from
        its stored original (else its corpus text), with every field given, so citations and the
        districts' names follow at once.

        Raises:
            UnknownDocumentError: no such document.
            IngestError: a bad date, or another add/remove is running.
        """
        assistant = self.runtime.get()
        current = {m.doc: m for m in assistant.documents()}.get(doc)
        if current is None:
            raise UnknownDocumentError(f"未知文件：{doc}")
        given = {"title": title, "issuer": issuer, "date": date, "region": region, "number": number}
        fields = {name: getattr(current, name) if value is None else value for name, value in given.items()}
        corpus_dir = Path(self.settings.corpus_dir)
        originals = sorted((corpus_dir / ORIGINALS).glob(f"{Path(doc).stem}.*"))
        source = originals[0] if originals else corpus_dir / doc
        return self.add(source.read_bytes(), source.name, MetaOverrides(**fields), replace_existing=True)

    def remove(self, doc: str) -> RemoveResult:
        """Remove a document from corpus and index, and serve the rest.

        Raises:
            UnknownDocumentError: no such document.
            IngestError: it is the last document, or another add/remove is running.
        """
        started = time.perf_counter()
        assistant = self.runtime.get()
        with self._exclusive():
            result = remove_document(self.settings, doc, embedder=_Interleaved(assistant.embedder),
                                     lock_timeout=self.lock_timeout)
            self._reload(assistant, f"{result.doc} 已删除")
        return replace(result, seconds=time.perf_counter() - started)

    @staticmethod
    def _reload(assistant, done: str) -> None:
        try:
            assistant.reload()
        except AssistantError as exc:
            raise IndexError_(f"{done}，但服务重新加载索引失败：{exc}（请重启服务）") from exc


def added_message(result: AddResult) -> str:
    """One line for the person who added the file."""
    meta = result.meta
    embedded = result.index.embedded if result.index else 0
    verb = "已替换" if result.replaced else "已添加"
    details = "，".join(part for part in (meta.region, meta.date, meta.number) if part)
    unparsed = (f"另有 {len(result.unparsed)} 行含责任或时限用语却未生成任务，可在「文件」页的条款目录下核对。"
                if result.unparsed else "")
    return (f"{verb} {result.doc}（{meta.title}{'；' + details if details else ''}）："
            f"{result.clauses} 条条款、{result.table_rows} 行表格、{result.tasks} 项任务，"
            f"新嵌入 {embedded} 个片段（共 {result.chunks} 个），用时 {result.seconds:.1f} 秒。{unparsed}")


def removed_message(result: RemoveResult) -> str:
    return f"已删除 {result.doc}，用时 {result.seconds:.1f} 秒。"
