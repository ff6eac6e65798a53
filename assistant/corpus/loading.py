"""Read a corpus file as text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK.

Every refusal is a `CorpusError` whose message is one line a user can act on.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from assistant.errors import CorpusError

# Tried in this order. GB18030 is a superset of GBK and GB2312, so it covers both.
ENCODINGS = ("utf-8", "gb18030")
_NON_TEXT_RATIO = 0.02  # share of control/unassigned characters above which a file is "binary"
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f"}


def read_text(path: Path) -> str:
    """The decoded text of a corpus file, with "\\r\\n" line ends turned into "\\n".

    Raises:
        CorpusError: missing file, a directory, empty, binary, or undecodable bytes.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"文件不存在：{path}")
    if path.is_dir():
        raise CorpusError(f"这是一个文件夹，不是文本文件：{path}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"无法读取文件 {path}：{exc.strerror or exc}") from exc
    return decode_bytes(data, str(path))


def decode_bytes(data: bytes, name: str) -> str:
    """Decode the bytes of a text document named `name` (used in messages).

    Raises:
        CorpusError: empty, binary (NUL bytes or mostly non-text), or undecodable bytes.
    """
    if not data.strip():
        raise CorpusError(f"文件是空的：{name}")
    text = _decode_utf16(data) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else None
    if text is None:
        if b"\x00" in data:
            raise CorpusError(f"{name} 看起来是二进制文件（含 NUL 字节），不是文本")
        text = _decode(data, name)
    if not text.strip():
        raise CorpusError(f"文件是空的：{name}")
    if _non_text_ratio(text) > _NON_TEXT_RATIO:
        raise CorpusError(f"{name} 看起来是二进制文件（大部分不是文字），不是文本")
    return text.replace("\r\n", "\n")


def _decode_utf16(data: bytes) -> str | None:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError:
        return None


def _decode(data: bytes, name: str) -> str:
    failures: list[str] = []
    for encoding in ENCODINGS:
        try:
            text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError as exc:
            failures.append(f"{encoding.upper()}（第 {exc.start} 字节处失败）")
            continue
        return text
    raise CorpusError(f"无法解码 {name}：已尝试 {'、'.join(failures)}；请另存为 UTF-8")


def _non_text_ratio(text: str) -> float:
    bad = 0
    for ch in text:
        if ch in _TEXT_CONTROLS:
            continue
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            bad += 1
    return bad / max(len(text), 1)
