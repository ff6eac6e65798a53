import io
import zipfile
from pathlib import Path

import pytest

from assistant.errors import IngestError
from assistant.ingest.validate import TooLargeError, doc_id_for, read_upload, safe_name, sniff_kind, validate_upload

from .builders import make_docx, make_pdf

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("given", "expected"), [
    ("青溪区方案.docx", "青溪区方案.docx"),
    ("uploads/2024/青溪区方案.pdf", "青溪区方案.pdf"),
    ("C_drive\\docs\\方案.txt", "方案.txt"),
    ("方案<草稿>?.docx", "方案_草稿__.docx"),
    ("  方案.docx  ", "方案.docx"),
])
def test_safe_name_keeps_only_the_file_name(given, expected):
    assert safe_name(given) == expected


@pytest.mark.parametrize(("given", "message"), [
    ("../../etc/passwd", "“..”"),
    ("docs/../../方案.docx", "“..”"),
    ("..\\..\\方案.docx", "“..”"),
    ("/etc/cron.d/方案.txt", "绝对路径"),
    ("\\\\server\\share\\方案.txt", "绝对路径"),
    ("C:\\Windows\\方案.txt", "绝对路径"),
    ("", "文件名为空"),
    ("   ", "文件名为空"),
    ("docs/", "文件名为空"),
    ("方案\x00.docx", "控制字符"),
    ("方\n案.docx", "控制字符"),
    (".lock", "不能以“.”开头"),
    ("甲" * 121 + ".docx", "太长"),
])
def test_safe_name_refuses_names_that_could_escape(given, message):
    with pytest.raises(IngestError, match=message):
        safe_name(given)


@pytest.mark.parametrize(("name", "doc"), [
    ("青溪区方案.docx", "青溪区方案.txt"),
    ("青溪区方案.PDF", "青溪区方案.txt"),
    ("qingxi.2024.plan.docx", "qingxi.2024.plan.txt"),
    ("notes.txt", "notes.txt"),
    ("方案", "方案.txt"),
])
def test_doc_id_is_the_stem_with_txt(name, doc):
    assert doc_id_for(name) == doc


def test_type_is_decided_by_content_not_extension():
    assert sniff_kind(make_docx(), "方案.pdf") == "docx"
    assert sniff_kind(make_pdf(), "方案.docx") == "pdf"
    assert sniff_kind("一、总体要求\n".encode("gb18030"), "方案.docx") == "txt"
    assert sniff_kind("\ufeff一、总体要求\n".encode("utf-16"), "方案.txt") == "txt"


@pytest.mark.parametrize(("data", "message"), [
    (PNG, "PNG图片"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG图片"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, r"旧版Word/WPS（\.doc）"),
    (b"PK\x03\x04" + b"\x13garbage" * 20, "损坏的压缩文件"),
    (_zip({"readme.txt": b"hi"}), "zip压缩包"),
    (_zip({"xl/workbook.xml": b"<x/>", "[Content_Types].xml": b"<x/>"}), "Excel表格"),
    (b"abc\x00\x01\x02def" * 10, "二进制文件"),
])
def test_renamed_binaries_are_refused_with_what_they_are(data, message):
    with pytest.raises(IngestError, match=message):
        validate_upload(data, "青溪区方案.docx", max_mb=20)


def test_empty_file_is_refused():
    with pytest.raises(IngestError, match="空文件"):
        validate_upload(b"", "青溪区方案.txt", max_mb=20)


def test_big_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "青溪区方案.pdf"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them

    def never(self):
        raise AssertionError(f"{self} was read although it is over the limit")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(IngestError, match=r"太大（50\.0 MB），上限是 20 MB"):
        read_upload(big, max_mb=20)


def test_limit_is_the_setting(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("一、总体要求\n".encode() * 100_000)  # 1.8 MB
    with pytest.raises(IngestError, match="上限是 1 MB"):
        read_upload(path, max_mb=1)
    assert read_upload(path, max_mb=2).kind == "txt"


def test_upload_carries_safe_name_and_doc_id():
    upload = validate_upload(make_docx(), "uploads/x/青溪区方案.docx", max_mb=20)
    assert (upload.name, upload.doc, upload.kind) == ("青溪区方案.docx", "青溪区方案.txt", "docx")
    renamed = validate_upload(make_docx(), "青溪区方案.docx", max_mb=20, doc="qingxi-2024-ebike.txt")
    assert renamed.doc == "qingxi-2024-ebike.txt"
    with pytest.raises(IngestError, match="“..”"):
        validate_upload(make_docx(), "青溪区方案.docx", max_mb=20, doc="../metadata.json")


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(IngestError, match="文件不存在"):
        read_upload(tmp_path / "nope.docx", max_mb=20)
    with pytest.raises(IngestError, match="不是文件"):
        read_upload(tmp_path, max_mb=20)


def _bomb(document_xml_mb: int, filler: bytes = b"0") -> bytes:
    """A small .docx whose word/document.xml unpacks to `document_xml_mb` MB (deflated, it is tiny)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", filler * (document_xml_mb * 1024 * 1024))
    return buffer.getvalue()


def test_a_docx_that_unpacks_past_the_limit_is_refused_before_parsing():
    data = _bomb(80)
    assert len(data) < 1024 * 1024  # a small upload…
    with pytest.raises(TooLargeError, match=r"解压后有 80 MB（上限 60 MB）"):  # …that unpacks to 80 MB
        validate_upload(data, "方案.docx", max_mb=20)
    with pytest.raises(TooLargeError, match="上限 5 MB"):
        sniff_kind(_bomb(6), "方案.docx", max_unpacked_mb=5)
    assert sniff_kind(_bomb(4), "方案.docx", max_unpacked_mb=5) == "docx"
