"""The plain JSON API under /api: ask, search, tasks, documents (list, add, remove), feedback."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile

from assistant.errors import IngestError, InputError
from assistant.ingest.validate import check_size
from assistant.server import schemas, upload
from assistant.server.deps import require_key, runtime_of, settings_of, store_of

MAX_K = 50

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(require_key)])

_ERRORS = {
    400: {"model": schemas.ErrorResponse, "description": "问题为空、过长或参数错误"},
    401: {"model": schemas.ErrorResponse, "description": "缺少或无效的 API 密钥"},
    404: {"model": schemas.ErrorResponse, "description": "未知文件"},
    503: {"model": schemas.ErrorResponse, "description": "索引正在加载"},
}


def _blank_to_none(value: str | None) -> str | None:
    return value if value and value.strip() else None


@router.post("/ask", response_model=schemas.AskResponse, responses=_ERRORS, summary="提问（带引用的回答）")
def ask(body: schemas.AskRequest, request: Request) -> dict:
    """Answer one question; the body is the same object as `python -m assistant ask --json`."""
    history = [turn.model_dump() for turn in body.history] if body.history else None
    answer = runtime_of(request).ask(body.question, doc=_blank_to_none(body.doc), history=history)
    store_of(request).log_answer(answer, source="api")
    return answer.to_dict()


@router.get("/search", response_model=schemas.SearchResponse, responses=_ERRORS, summary="检索条款和表格行")
def search(
    request: Request,
    q: str = Query(description="检索词"),
    doc: str | None = Query(None, description="只在此文件中查找"),
    k: int = Query(8, description=f"返回条数（1–{MAX_K}）"),
) -> dict:
    """Ranked chunks (clauses, table rows, rosters) for a query."""
    if not 1 <= k <= MAX_K:
        raise InputError(f"k 必须在 1 到 {MAX_K} 之间")
    hits = runtime_of(request).get().search(q, k=k, doc=_blank_to_none(doc))
    return {
        "query": q,
        "doc": _blank_to_none(doc),
        "hits": [
            {**_chunk_fields(hit.chunk), "score": hit.score, "bm25": hit.bm25, "dense": hit.dense}
            for hit in hits
        ],
    }


def _chunk_fields(chunk) -> dict:
    data = chunk.to_dict()
    data.pop("context", None)  # the indexing text is an internal detail
    return data


@router.get("/tasks", response_model=schemas.TasksResponse, responses=_ERRORS, summary="任务分解台账")
def tasks(
    request: Request,
    unit: str | None = Query(None, description="单位（牵头、配合或责任），如“区财政局”"),
    doc: str | None = Query(None, description="只看此文件"),
    deadline_before: str | None = Query(None, description="完成时限不晚于此日期（YYYY-MM-DD）"),
) -> dict:
    """Task-ledger rows, filtered by unit, document and deadline."""
    assistant = runtime_of(request).get()
    unit = _blank_to_none(unit)
    rows = assistant.tasks(unit=unit, doc=_blank_to_none(doc), deadline_before=schemas.check_date(deadline_before))
    suggestions = assistant.similar_units(unit) if unit and not rows else []
    return {"count": len(rows), "tasks": [task.to_dict() for task in rows], "suggestions": suggestions}


@router.get("/documents", response_model=schemas.DocumentsResponse, responses=_ERRORS, summary="已索引的文件")
def documents(request: Request) -> dict:
    """The indexed documents with their metadata."""
    return {"documents": [meta.to_dict() for meta in runtime_of(request).get().documents()]}


@router.post("/feedback", response_model=schemas.FeedbackResponse, responses=_ERRORS, summary="对回答点赞/点踩")
def feedback(body: schemas.FeedbackRequest, request: Request) -> dict:
    """Store a 👍/👎 on an answer, for the maintainers (`python -m assistant feedback`)."""
    record_id = store_of(request).add(
        body.rating,
        question=body.question,
        answer=body.answer,
        citations=body.citations,
        doc=body.doc,
        source="api",
        comment=body.comment,
    )
    return {"id": record_id}


# ---------------------------------------------------------------- adding and removing documents

_UPLOAD_STATUS = {upload.UploadTooLargeError: 413, upload.UnsupportedFileError: 415,
                  upload.DocumentExistsError: 409, upload.BusyError: 423}
_UPLOAD_ERRORS = {
    **_ERRORS,
    400: {"model": schemas.ErrorResponse, "description": "文件名不安全、空文件、日期格式错误或内容无法解析"},
    409: {"model": schemas.ErrorResponse, "description": "已有同名文件（替换请传 replace=true）"},
    413: {"model": schemas.ErrorResponse, "description": "文件超过大小上限"},
    415: {"model": schemas.ErrorResponse, "description": "不是 Word（.docx）、PDF 或文本文件"},
    423: {"model": schemas.ErrorResponse, "description": "另一个添加/删除操作正在进行"},
}


def _refusal(exc: IngestError) -> HTTPException | IngestError:
    status = next((code for kind, code in _UPLOAD_STATUS.items() if isinstance(exc, kind)), None)
    return HTTPException(status, str(exc)) if status else exc


@router.get("/documents/{doc}/coverage", response_model=schemas.CoverageResponse, responses=_ERRORS,
            summary="台账覆盖：含责任/时限用语却未生成任务的行")
def document_coverage(doc: str, request: Request) -> dict:
    """The lines of one document that speak of responsibility or deadlines but gave no ledger entry."""
    return runtime_of(request).get().coverage(doc).to_dict()


@router.post("/documents", status_code=201, response_model=schemas.AddDocumentResponse, responses=_UPLOAD_ERRORS,
             summary="添加文件（.docx / .pdf / .txt）")
def upload_document(
    request: Request,
    file: Annotated[UploadFile, File(description="Word（.docx）、PDF 或 UTF-8/GBK 文本文件")],
    title: str | None = Form(None, description="标题（留空则从文件头识别）"),
    issuer: str | None = Form(None, description="发文机关"),
    date: str | None = Form(None, description="成文日期，如 2024-03-05 或 2024年3月5日"),
    region: str | None = Form(None, description="地区，如“青溪区”"),
    number: str | None = Form(None, description="文号，如“青溪府办发〔2024〕9号”"),
    replace: bool = Form(False, description="替换同名文件"),
) -> dict:
    """Add a document to the corpus and the index; questions are answered from it at once."""
    max_mb = settings_of(request).max_upload_mb
    try:
        check_size(_size_of(file.file), max_mb, file.filename or "文件")  # refused by its real size, unread
        data = file.file.read(max_mb * upload.MB + 1)
        result = upload.DocumentAdmin(runtime_of(request)).add(
            data, file.filename or "", upload.overrides_from(title, issuer, date, region, number),
            replace_existing=replace)
    except IngestError as exc:
        raise _refusal(exc) from exc
    return _added(result)


def _added(result) -> dict:
    return {"doc": result.doc, "meta": result.meta.to_dict(), "kind": result.kind, "replaced": result.replaced,
            "lines": result.lines, "clauses": result.clauses, "table_rows": result.table_rows,
            "tasks": result.tasks, "chunks": result.chunks,
            "embedded": result.index.embedded if result.index else 0, "seconds": round(result.seconds, 3),
            "message": upload.added_message(result),
            "unparsed": [{"line": u.line, "text": u.text} for u in result.unparsed]}


def _size_of(stream) -> int:
    """The size of an uploaded file's spooled stream, without reading it."""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


@router.patch("/documents/{doc}", response_model=schemas.AddDocumentResponse, responses=_UPLOAD_ERRORS,
              summary="更正文件信息")
def correct_document(doc: str, body: schemas.DocumentMetaPatch, request: Request) -> dict:
    """Correct a document's title, issuer, date, region or 文号; it is indexed again with them."""
    try:
        result = upload.DocumentAdmin(runtime_of(request)).correct(doc, **body.model_dump())
    except IngestError as exc:
        raise _refusal(exc) from exc
    return _added(result)


@router.delete("/documents/{doc}", response_model=schemas.RemoveDocumentResponse, responses=_UPLOAD_ERRORS,
               summary="删除文件")
def delete_document(doc: str, request: Request) -> dict:
    """Remove a document (its id from /api/documents) from the corpus and the index."""
    runtime = runtime_of(request)
    try:
        result = upload.DocumentAdmin(runtime).remove(doc)
    except IngestError as exc:
        raise _refusal(exc) from exc
    return {"doc": result.doc, "documents": len(runtime.get().documents()), "seconds": round(result.seconds, 3),
            "message": upload.removed_message(result)}
