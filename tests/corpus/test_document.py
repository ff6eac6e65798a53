"""Parsing one document and loading a corpus folder."""

from __future__ import annotations

import shutil
import time

import pytest

from assistant.corpus.document import load_corpus, parse_document, parse_text, split_lines
from assistant.errors import CorpusError, UnknownDocumentError

from .conftest import CORPUS_DIR, GENRE_FIXTURE, KAIZHOU, YUBEI


def test_split_lines_counts_like_cat_n():
    assert split_lines("a\r\nb\n\nc\n") == ["a", "b", "", "c"]
    assert split_lines("a\nb") == ["a", "b"]


def test_parse_text_is_pure_and_ids_are_stable():
    text = GENRE_FIXTURE.read_text(encoding="utf-8")
    first, second = parse_text("x.txt", text), parse_text("x.txt", text)
    assert [t.to_dict() for t in first.tasks] == [t.to_dict() for t in second.tasks]
    assert [c.id for c in first.all_clauses()] == [c.id for c in second.all_clauses()]
    assert first.sha256 == second.sha256 and len(first.sha256) == 64
    assert first.source_text(24, 24).startswith("1. 建设集中充电场所")


def test_load_corpus_uses_metadata_json_and_derives_the_rest(tmp_path):
    shutil.copy(CORPUS_DIR / YUBEI, tmp_path)
    shutil.copy(CORPUS_DIR / "metadata.json", tmp_path)
    shutil.copy(GENRE_FIXTURE, tmp_path)
    corpus = load_corpus(tmp_path)
    assert list(corpus.documents) == [GENRE_FIXTURE.name, YUBEI]
    assert corpus.get(YUBEI).meta.number == "渝北府办发〔2021〕28号"
    assert corpus.get(GENRE_FIXTURE.name).meta.region == "青溪区"
    assert "区供电公司" in corpus.gazetteer and "区退役军人事务局" in corpus.gazetteer
    assert len(corpus.tasks) == sum(len(d.tasks) for d in corpus)


def test_parse_document_reads_metadata_next_to_the_file():
    assert parse_document(CORPUS_DIR / KAIZHOU).meta.title == "关于进一步加强基层消防治理工作实施方案"


def test_get_and_resolve(corpus):
    assert corpus.resolve("yubei").doc == YUBEI
    assert corpus.resolve(YUBEI.removesuffix(".txt")).doc == YUBEI
    with pytest.raises(UnknownDocumentError, match="nope"):
        corpus.get("nope")
    with pytest.raises(UnknownDocumentError):
        corpus.resolve("zzz")  # no document starts with zzz
    with pytest.raises(UnknownDocumentError):
        corpus.resolve("")


def test_whole_corpus_loads_in_under_a_second():
    start = time.perf_counter()
    load_corpus(CORPUS_DIR)
    assert time.perf_counter() - start < 1.0


def test_bad_corpus_folders(tmp_path):
    with pytest.raises(CorpusError, match="不存在"):
        load_corpus(tmp_path / "missing")
    with pytest.raises(CorpusError, match="没有 .txt"):
        load_corpus(tmp_path)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    with pytest.raises(CorpusError, match="bad.txt"):
        load_corpus(tmp_path)
