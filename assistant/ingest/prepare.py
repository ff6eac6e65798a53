"""Convert, describe and parse an upload in memory, so every refusal happens before the corpus is touched."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from assistant.errors import AssistantError, IngestError
from assistant.ingest.loaders import convert
from assistant.ingest.validate import TooLargeError, Upload
from assistant.models import DocumentMeta, ParsedDocument
from assistant.settings import MAX_TEXT_CHARS

log = logging.getLogger(__name__)

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_REGION_SUFFIX = re.compile(r"(自治县|自治州|新区|区|县|市|镇|乡|街道)$")


@dataclass
class MetaOverrides:
    """Metadata given by the person adding the document; None keeps the detected value."""

    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    region: str | None = None
    number: str | None = None


@dataclass
class Prepared:
    """An upload converted to corpus text and parsed, not yet written anywhere."""

    upload: Upload
    text: str
    document: ParsedDocument
    chunk_count: int

    @property
    def doc(self) -> str:
        return self.upload.doc

    @property
    def meta(self) -> DocumentMeta:
        return self.document.meta


def iso_date(value: str) -> str:
    """"2024-3-5", "2024年3月5日", "2024/03/05" → "2024-03-05"; "" stays "".

    Raises:
        IngestError: not a date in one of these forms.
    """
    if not value.strip():
        return ""
    match = _DATE.match(value)
    if not match:
        raise IngestError(f"日期格式不对：{value}（应为 2024-03-05 或 2024年3月5日）")
    year, month, day = (int(part) for part in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise IngestError(f"日期不存在：{value}")
    return f"{year:04d}-{month:02d}-{day:02d}"


def apply_overrides(meta: DocumentMeta, overrides: MetaOverrides) -> DocumentMeta:
    """Detected metadata with the person's values in place of the detected ones."""
    changes: dict = {}
    for name in ("title", "issuer", "number"):
        value = getattr(overrides, name)
        if value is not None:
            changes[name] = value.strip()
    if overrides.date is not None:
        changes["date"] = iso_date(overrides.date)
    if overrides.region is not None:
        region = overrides.region.strip()
        short = _REGION_SUFFIX.sub("", region)
        changes["region"] = region
        changes["region_aliases"] = [alias for alias in dict.fromkeys([short, region]) if alias]
    return replace(meta, **changes)


def prepare_document(upload: Upload, overrides: MetaOverrides | None = None,
                     max_chars: int = MAX_TEXT_CHARS) -> Prepared:
    """Convert and parse an upload; refuse it if nothing searchable comes out, or too much text.

    Raises:
        IngestError: unreadable, no text, over `max_chars` characters, or nothing parsed into clauses or rows.
    """
    from assistant.corpus.document import parse_text, text_layout
    from assistant.corpus.metadata import derive_metadata
    from assistant.retrieval.chunks import build_chunks

    text = convert(upload)
    if len(text) > max_chars:
        raise TooLargeError(f"{upload.name} 转换后有 {len(text)} 字（上限 {max_chars} 字），"
                            "不像一份公文，未添加；请拆分后再试")
    try:
        layout = text_layout(text)
        meta = derive_metadata(upload.doc, layout.lines)
        meta = apply_overrides(meta, overrides or MetaOverrides())
        if not meta.title:
            meta = replace(meta, title=upload.doc.removesuffix(".txt"))
        document = parse_text(upload.doc, text, meta, layout=layout)
        chunks = build_chunks(document)
    except AssistantError:
        raise
    except Exception as exc:  # a parser bug on an odd file must not reach the user as a traceback
        log.debug("parsing %s failed", upload.name, exc_info=True)
        raise IngestError(f"{upload.name} 解析失败（{type(exc).__name__}: {exc}）") from exc
    if not chunks:
        raise IngestError(f"{upload.name} 没有可用的内容：没有识别出任何条款、表格或正文")
    return Prepared(upload=upload, text=text, document=document, chunk_count=len(chunks))
