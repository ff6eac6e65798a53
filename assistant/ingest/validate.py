"""Check a file before anything is parsed: size, a name that stays inside the corpus, type by content."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import IngestError
from assistant.settings import MAX_UNPACKED_MB

SUPPORTED = ("pdf", "docx", "txt")
_UNSAFE_CHARS = re.compile(r'[<>:"|?*\\/\x00-\x1f\x7f]')
_MAX_NAME_CHARS = 120
# Magic numbers of files people upload by mistake, to name them in the refusal.
_KNOWN_BINARIES = (
    (b"\x89PNG\r\n\x1a\n", "PNG图片"),
    (b"\xff\xd8\xff", "JPEG图片"),
    (b"GIF8", "GIF图片"),
    (b"II*\x00", "TIFF图片"),
    (b"MM\x00*", "TIFF图片"),
    (b"Rar!", "RAR压缩包"),
    (b"7z\xbc\xaf", "7z压缩包"),
    (b"\x1f\x8b", "gzip压缩包"),
    (b"MZ", "可执行程序"),
    (b"\x7fELF", "可执行程序"),
    (b"{\\rtf", "RTF文档"),
)


class TooLargeError(IngestError):
    """The file, or what it unpacks to, is over its limit."""


@dataclass(frozen=True)
class Upload:
    """A file that passed validation: its safe name, document id, detected type and bytes."""

    name: str  # original file name without directories, e.g. "某区方案.docx"
    doc: str  # corpus document id, e.g. "某区方案.txt"
    kind: str  # "pdf" | "docx" | "txt"
    data: bytes


def safe_name(filename: str) -> str:
    """The file name part of `filename`, refused if it could point outside the corpus folder.

    Raises:
        IngestError: empty, absolute, containing "..", control characters, or hidden.
    """
    raw = unicodedata.normalize("NFC", filename or "").strip()
    if not raw:
        raise IngestError("文件名为空")
    if any(unicodedata.category(ch) == "Cc" for ch in raw):
        raise IngestError("文件名含有控制字符，请重命名后再添加")
    parts = re.split(r"[\\/]+", raw)
    if raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw):
        raise IngestError(f"文件名不能是绝对路径：{raw}")
    if ".." in parts:
        raise IngestError(f"文件名不能包含“..”：{raw}")
    name = parts[-1].strip()
    if not name or name in (".", ".."):
        raise IngestError("文件名为空")
    if name.startswith("."):
        raise IngestError(f"文件名不能以“.”开头：{name}")
    name = _UNSAFE_CHARS.sub("_", name)
    if len(name) > _MAX_NAME_CHARS:
        raise IngestError(f"文件名太长（超过{_MAX_NAME_CHARS}个字符）：{name[:30]}…")
    return name


def doc_id_for(name: str) -> str:
    """The corpus document id for an uploaded file: its stem + ".txt" (the stored converted text)."""
    stem = Path(name).stem if Path(name).suffix.lower() in (".pdf", ".docx", ".txt", ".doc") else name
    stem = stem.strip(" .")
    if not stem:
        raise IngestError(f"文件名没有可用的主体部分：{name}")
    return stem + ".txt"


def check_size(size: int, max_mb: int, name: str) -> None:
    """Refuse files over the upload limit before reading or parsing them."""
    if size > max_mb * 1024 * 1024:
        raise TooLargeError(f"{name} 太大（{size / 1024 / 1024:.1f} MB），上限是 {max_mb} MB")
    if size == 0:
        raise IngestError(f"{name} 是空文件")


def sniff_kind(data: bytes, name: str, max_unpacked_mb: int = MAX_UNPACKED_MB) -> str:
    """"pdf", "docx" or "txt", decided by the bytes, whatever the extension says.

    Raises:
        IngestError: the content is none of the supported types (naming what it seems to be).
    """
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, name, max_unpacked_mb)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise IngestError(f"{name} 是旧版Word/WPS（.doc）格式，暂不支持，请另存为 .docx 或 PDF 后再添加")
    for magic, what in _KNOWN_BINARIES:
        if data.startswith(magic):
            raise IngestError(f"{name} 的内容是{what}，不是Word（.docx）、PDF或文本文件")
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(f"{name} 是二进制文件，不是Word（.docx）、PDF或文本文件")
    return "txt"


def _zip_kind(data: bytes, name: str, max_unpacked_mb: int) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise IngestError(f"{name} 是损坏的压缩文件（.docx 本质是zip），无法打开") from exc
    # zipfile never unpacks an entry past its declared size, so the declared sizes bound what parsing reads.
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > max_unpacked_mb * 1024 * 1024:
        raise TooLargeError(f"{name} 解压后有 {unpacked / 1024 / 1024:.0f} MB（上限 {max_unpacked_mb} MB），"
                          "不像正常的公文，未添加；如确需添加，请另存为PDF或拆分后再试")
    names = {entry.filename for entry in entries}
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise IngestError(f"{name} 是Excel表格，请把表格放进Word文件或另存为PDF后再添加")
    if "ppt/presentation.xml" in names:
        raise IngestError(f"{name} 是PowerPoint演示文稿，暂不支持")
    raise IngestError(f"{name} 是zip压缩包，不是Word（.docx）文件")


def validate_upload(data: bytes, filename: str, max_mb: int, doc: str | None = None,
                    max_unpacked_mb: int = MAX_UNPACKED_MB) -> Upload:
    """Validate an uploaded file's name, size, type and (for a .docx) what it unpacks to.

    Args:
        data: the file's bytes.
        filename: the name given by the user or the browser (may contain directories).
        max_mb: upload size limit (`Settings.max_upload_mb`).
        doc: optional document id to store it under instead of the file's own stem.
        max_unpacked_mb: limit on the unpacked size of a .docx (`Settings.max_unpacked_mb`).
    """
    name = safe_name(filename)
    check_size(len(data), max_mb, name)
    kind = sniff_kind(data, name, max_unpacked_mb)
    doc_id = doc_id_for(safe_name(doc)) if doc else doc_id_for(name)
    return Upload(name=name, doc=doc_id, kind=kind, data=data)


def read_upload(path: Path, max_mb: int, doc: str | None = None, max_unpacked_mb: int = MAX_UNPACKED_MB) -> Upload:
    """Validate a local file; its size is checked before it is read."""
    if not path.exists():
        raise IngestError(f"文件不存在：{path}")
    if not path.is_file():
        raise IngestError(f"不是文件：{path}")
    name = safe_name(path.name)
    check_size(path.stat().st_size, max_mb, name)
    return validate_upload(path.read_bytes(), name, max_mb, doc, max_unpacked_mb)
