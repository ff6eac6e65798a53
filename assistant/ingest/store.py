"""Add or remove a corpus document together with its index, all or nothing.

add:    lock → validate/convert/parse (in memory) → stage the new corpus view →
        build the index from the view (only new chunks are embedded) and switch it →
        rename the staged files into the corpus folder.
remove: the same, with a view that lacks the document.

A failure before the index switch leaves corpus and index exactly as they were; a crash
after it is finished by the next add/remove (see `staging.recover`). The converted text is
stored as `<stem>.txt` (the document id in citations, whose line numbers refer to it) and
the uploaded file is kept as `originals/<stem>.<ext>`.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from assistant.errors import AssistantError, IngestError, UnknownDocumentError
from assistant.ingest.prepare import MetaOverrides, prepare_document
from assistant.ingest.staging import METADATA, ORIGINALS, Stage, corpus_texts, recover
from assistant.ingest.validate import Upload, safe_name
from assistant.corpus.coverage import UnparsedLine, coverage
from assistant.models import DocumentMeta
from assistant.settings import Settings

BUSY_MESSAGE = "另一个添加/删除操作正在进行，请稍后再试"


@dataclass
class IndexUpdate:
    seconds: float
    chunks: int
    embedded: int  # chunks whose vectors had to be computed (the rest were reused)


@dataclass
class AddResult:
    doc: str
    meta: DocumentMeta
    kind: str
    replaced: bool
    lines: int
    clauses: int
    table_rows: int
    tasks: int
    chunks: int
    index: IndexUpdate | None  # None when the index was not updated (--no-index)
    seconds: float
    unparsed: list[UnparsedLine] = field(default_factory=list)  # lines with 牵头/负责/…前 but no ledger entry


@dataclass
class RemoveResult:
    doc: str
    index: IndexUpdate | None
    seconds: float


@contextlib.contextmanager
def corpus_lock(settings: Settings, timeout: float):
    """Hold corpus_dir/.lock, then finish or drop what a crashed add/remove left behind."""
    corpus_dir = settings.corpus_dir
    if not corpus_dir.is_dir():
        raise IngestError(f"语料文件夹不存在：{corpus_dir}")
    lock = FileLock(str(corpus_dir / ".lock"), timeout=timeout)
    try:
        lock.acquire()
    except Timeout as exc:
        raise IngestError(BUSY_MESSAGE) from exc
    try:
        recover(corpus_dir, lambda: _live_fingerprint(settings.index_dir))
        yield corpus_dir
    finally:
        lock.release()


@contextlib.contextmanager
def _settled(settings: Settings):
    """A new stage; on any failure it is finished if its index already went live, else dropped."""
    try:
        stage = Stage(settings.corpus_dir)
    except OSError as exc:
        raise IngestError(f"无法写入语料文件夹 {settings.corpus_dir}：{exc.strerror or exc}") from exc
    try:
        yield stage
    except OSError as exc:
        recover(settings.corpus_dir, lambda: _live_fingerprint(settings.index_dir))
        raise IngestError(f"写入语料文件夹失败：{exc.strerror or exc}") from exc
    except BaseException:
        recover(settings.corpus_dir, lambda: _live_fingerprint(settings.index_dir))
        raise


def add_document(settings: Settings, upload: Upload, overrides: MetaOverrides | None = None, *,
                 replace: bool = False, embedder=None, update_index: bool = True,
                 lock_timeout: float = 10.0) -> AddResult:
    """Add a validated upload to the corpus and the index.

    Args:
        settings: corpus_dir and index_dir are used.
        upload: from `validate_upload` / `read_upload`.
        overrides: metadata given by the person (title, issuer, date, region, number).
        replace: allow replacing a document with the same id.
        embedder: an `Embedder` (default: `load_embedder(settings)` when the index is updated).
        update_index: False only stages the corpus; the next query rebuilds the stale index.
        lock_timeout: seconds to wait for another add/remove.
    Raises:
        IngestError: refused or failed; corpus and index are unchanged.
    """
    started = time.perf_counter()
    prepared = prepare_document(upload, overrides, settings.max_text_chars)
    doc = prepared.doc
    with corpus_lock(settings, lock_timeout) as corpus_dir:
        exists = (corpus_dir / doc).exists()
        if exists and not replace:
            raise IngestError(f"语料中已有同名文件 {doc}，如要替换请加 --replace（或换一个文件名）")
        original = doc.removesuffix(".txt") + "." + upload.kind
        with _settled(settings) as stage:
            stage.copy_corpus(exclude={doc})
            for old in _originals_of(corpus_dir, doc):
                if old.name != original:
                    stage.discard(f"{ORIGINALS}/{old.name}")
            stage.put_original(original, upload.data)
            stage.put(doc, prepared.text.encode("utf-8"))
            stage.put(METADATA, _metadata_with(stage.view / METADATA, doc, prepared.meta))
            index = _reindex(settings, stage, embedder) if update_index else None
            stage.commit()
    document = prepared.document
    return AddResult(
        doc=doc, meta=document.meta, kind=upload.kind, replaced=exists, lines=len(document.lines),
        clauses=sum(1 for _ in document.all_clauses()), table_rows=sum(len(rows) for rows in document.tables),
        tasks=len(document.tasks), chunks=prepared.chunk_count, index=index,
        seconds=time.perf_counter() - started, unparsed=coverage(document).unparsed,
    )


def remove_document(settings: Settings, doc: str, *, embedder=None, update_index: bool = True,
                    lock_timeout: float = 10.0) -> RemoveResult:
    """Remove document `doc` (its file name) from the corpus and the index.

    Raises:
        UnknownDocumentError: no such document.
        IngestError: it is the last document, or the index could not be updated.
    """
    started = time.perf_counter()
    doc = safe_name(doc)
    with corpus_lock(settings, lock_timeout) as corpus_dir:
        names = [path.name for path in corpus_texts(corpus_dir)]
        if doc not in names:
            raise UnknownDocumentError(f"语料中没有文件：{doc}")
        if names == [doc]:
            raise IngestError(f"{doc} 是语料中的最后一个文件，不能删除")
        with _settled(settings) as stage:
            stage.copy_corpus(exclude={doc})
            stage.put(METADATA, _metadata_with(stage.view / METADATA, doc, None))
            stage.discard(doc)
            for old in _originals_of(corpus_dir, doc):
                stage.discard(f"{ORIGINALS}/{old.name}")
            index = _reindex(settings, stage, embedder) if update_index else None
            stage.commit()
    return RemoveResult(doc=doc, index=index, seconds=time.perf_counter() - started)


def _reindex(settings: Settings, stage: Stage, embedder) -> IndexUpdate:
    """Build and switch the index for the staged view; vectors of unchanged chunks are reused."""
    from assistant.corpus.document import load_corpus
    from assistant.errors import IndexError_
    from assistant.retrieval.index import build_index, corpus_fingerprint, load_index

    started = time.perf_counter()
    try:
        if embedder is None:
            from assistant.retrieval.embeddings import load_embedder

            embedder = load_embedder(settings)
        corpus = load_corpus(stage.view)
        try:
            previous = load_index(settings.index_dir)
        except IndexError_:  # missing or corrupt: everything is embedded afresh
            previous = None
        stage.write_plan("indexing", corpus_fingerprint(stage.view))
        loaded = build_index(corpus, stage.view, settings.index_dir, embedder, previous)
    except AssistantError as exc:
        raise IngestError(f"更新索引失败，语料和索引保持原样：{exc}") from exc
    except Exception as exc:
        raise IngestError(f"更新索引失败，语料和索引保持原样（{type(exc).__name__}: {exc}）") from exc
    same_model = previous is not None and previous.model_id == embedder.model_id
    reused = set(previous.vector_keys) if same_model else set()
    embedded = sum(1 for key in loaded.vector_keys if key not in reused)
    return IndexUpdate(seconds=time.perf_counter() - started, chunks=len(loaded.chunks), embedded=embedded)


def _live_fingerprint(index_dir: Path) -> dict | None:
    from assistant.errors import IndexError_
    from assistant.retrieval.index import load_index

    try:
        return load_index(index_dir).manifest.get("corpus_files")
    except IndexError_:
        return None


def _originals_of(corpus_dir: Path, doc: str) -> list[Path]:
    folder = corpus_dir / ORIGINALS
    stem = doc.removesuffix(".txt")
    return sorted(p for p in folder.iterdir() if p.is_file() and p.stem == stem) if folder.is_dir() else []


def _metadata_with(path: Path, doc: str, meta: DocumentMeta | None) -> bytes:
    """metadata.json with `doc`'s entry set to `meta` (or removed when None)."""
    entries: dict = {}
    if path.is_file():
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise IngestError(f"{METADATA} 不是有效的JSON，请先修正：{exc}") from exc
    entries.pop(doc, None)
    if meta is not None:
        entries[doc] = {key: value for key, value in meta.to_dict().items() if key != "doc"}
    return _dump_metadata(entries).encode("utf-8")


def _dump_metadata(entries: dict) -> str:
    """JSON in the hand-written file's layout (one field per line, lists inline), so diffs stay small."""
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    blocks = []
    for doc, fields in entries.items():
        if isinstance(fields, dict):
            inner = ",\n".join(f"    {dump(key)}: {dump(value)}" for key, value in fields.items())
            blocks.append(f"  {dump(doc)}: {{\n{inner}\n  }}" if inner else f"  {dump(doc)}: {{}}")
        else:
            blocks.append(f"  {dump(doc)}: {dump(fields)}")
    return "{\n" + ",\n".join(blocks) + "\n}\n"
