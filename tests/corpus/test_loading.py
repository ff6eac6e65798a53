"""Decoding corpus files and refusing what is not text, with one-line messages."""

from __future__ import annotations

import pytest

from assistant.corpus.loading import decode_bytes, read_text
from assistant.errors import CorpusError

TEXT = "一、总体要求\n（一）加强领导。区消防救援支队负责。\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("gbk"),
        TEXT.encode("gb18030"),
        TEXT.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "utf-16-bom"],
)
def test_decodes_supported_encodings(data):
    assert decode_bytes(data, "a.txt") == TEXT


def test_crlf_becomes_lf(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("gbk"))
    assert read_text(path) == TEXT


def test_missing_file(tmp_path):
    with pytest.raises(CorpusError, match="文件不存在") as info:
        read_text(tmp_path / "nope.txt")
    assert "\n" not in str(info.value)


def test_directory(tmp_path):
    with pytest.raises(CorpusError, match="文件夹"):
        read_text(tmp_path)


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t", b"\xef\xbb\xbf\n"])
def test_empty_file(tmp_path, data):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(CorpusError, match="空的"):
        read_text(path)


def test_nul_bytes_are_binary():
    with pytest.raises(CorpusError, match="二进制.*NUL"):
        decode_bytes(b"PK\x03\x04\x00\x00abc", "a.zip.txt")


def test_control_characters_are_binary():
    data = bytes(range(1, 32)) * 20 + "正文".encode()
    with pytest.raises(CorpusError, match="二进制"):
        decode_bytes(data, "noise.txt")


def test_undecodable_names_encodings_and_offset():
    with pytest.raises(CorpusError) as info:
        decode_bytes(b"abc\x80\xffdef", "bad.txt")
    message = str(info.value)
    assert "bad.txt" in message
    assert "UTF-8（第 3 字节处失败）" in message
    assert "GB18030（第 3 字节处失败）" in message
    assert "\n" not in message
