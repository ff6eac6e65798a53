"""Turn a validated upload (.txt / .docx / .pdf) into the corpus's flattened UTF-8 text."""

from __future__ import annotations

import logging
import re

from assistant.errors import CorpusError, IngestError
from assistant.ingest.pdf import pdf_to_text
from assistant.ingest.validate import Upload
from assistant.ingest.word import docx_to_text

log = logging.getLogger(__name__)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def txt_to_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM) or GB18030/GBK text; normalise line ends.

    Raises:
        IngestError: the bytes are not text in a supported encoding.
    """
    from assistant.corpus.loading import decode_bytes

    try:
        text = decode_bytes(data, name)
    except CorpusError as exc:
        raise IngestError(str(exc)) from exc
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def convert(upload: Upload) -> str:
    """The flattened text of an upload, ready for `parse_text`.

    Raises:
        IngestError: the file cannot be read, or holds no text.
    """
    converters = {"pdf": pdf_to_text, "docx": docx_to_text, "txt": txt_to_text}
    if upload.kind not in converters:
        raise IngestError(f"不支持的文件类型：{upload.kind}")
    try:
        text = converters[upload.kind](upload.data, upload.name)
    except IngestError:
        raise
    except Exception as exc:  # broken files make the libraries raise anything; say so in one line
        log.debug("converting %s failed", upload.name, exc_info=True)
        raise IngestError(f"{upload.name} 无法读取（文件可能已损坏）：{type(exc).__name__}") from exc
    # Form feeds and other control characters from converters are not text; tabs and newlines are.
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise IngestError(f"{upload.name} 没有任何文字内容")
    return text if text.endswith("\n") else text + "\n"
