"""The Milvus store on a real milvus-lite engine in a temp folder: the same rows and scores as FaissStore."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pymilvus", reason="pymilvus is not installed: the Milvus store is not tested")
pytest.importorskip("milvus_lite", reason="milvus-lite is not installed: the Milvus store is not tested")

import faiss  # noqa: E402

from assistant.errors import IndexError_  # noqa: E402
from assistant.models import Chunk  # noqa: E402
from assistant.retrieval.bm25 import BM25Index  # noqa: E402
from assistant.retrieval.index import LoadedIndex  # noqa: E402
from assistant.retrieval.milvus import BM25Weights, MilvusStore, collection_name, milvus_uri  # noqa: E402
from assistant.retrieval.store import FaissStore, open_store  # noqa: E402
from assistant.retrieval.tokenize import Tokenizer  # noqa: E402
from assistant.settings import Settings, load_settings  # noqa: E402

TOKENS = [
    ["消防站", "建设", "消防站"],
    ["区消防救援支队", "消防站"],
    ["区财政局", "经费", "保障"],
    [],  # a chunk without tokens (Milvus refuses an empty sparse vector)
    ["消防", "通道", "整治", "通道", "占用"],
    ["区财政局", "消防站", "经费", "建设", "标准", "达标"],
    ["电动自行车", "充电", "通道"],
    ["消防", "宣传", "培训", "消防"],
]
DOCS = ["a.txt", "a.txt", "a.txt", "b.txt", "b.txt", "c.txt", "c.txt", "c.txt"]
QUERIES = [["消防站"], ["区财政局", "经费"], ["通道", "通道", "消防"], ["消防站", "建设", "达标", "未知词"]]
DIM = 8
TOKENIZER = Tokenizer()  # the store never tokenises; a LoadedIndex carries one


def tiny_index(version: str = "v-20260101T000000-aaaaaa", seed: int = 0) -> LoadedIndex:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((len(TOKENS), DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    flat = faiss.IndexFlatIP(DIM)
    flat.add(vectors)
    chunks = [Chunk(f"c{i}", doc, "clause", f"{i + 1}.", "标题", "", " ".join(t), " ".join(t), i + 1, i + 1)
              for i, (doc, t) in enumerate(zip(DOCS, TOKENS))]
    return LoadedIndex(Path(version), {}, chunks, flat, BM25Index.build(TOKENS), TOKENIZER)


def settings_for(tmp_path: Path, **values) -> Settings:
    return Settings(index_dir=tmp_path / "index", store="milvus", **values)


@pytest.fixture(scope="module")
def index() -> LoadedIndex:
    return tiny_index()


@pytest.fixture(scope="module")
def store(tmp_path_factory, index) -> MilvusStore:
    """One filled collection for the tests that only search (creating one costs ~1 s: pymilvus polls)."""
    return MilvusStore.open(settings_for(tmp_path_factory.mktemp("shared")), index)


def _query_vectors(n: int = 5) -> np.ndarray:
    q = np.random.default_rng(42).standard_normal((n, DIM)).astype(np.float32)
    return q / np.linalg.norm(q, axis=1, keepdims=True)


def test_the_weights_inner_product_is_the_bm25_score(index):
    weights = BM25Weights(index.bm25)
    documents = weights.documents()
    for tokens in QUERIES:
        query = weights.query(tokens)
        dots = [sum(w * doc.get(t, 0.0) for t, w in query.items()) for doc in documents]
        np.testing.assert_allclose(dots, index.bm25.scores(tokens), rtol=1e-6)
    assert documents[3] == {weights.padding: 1.0}  # a chunk without tokens, on a dimension no query has


def test_sparse_scores_equal_bm25_scores(store, index):
    faiss_store = FaissStore(index)
    for tokens in QUERIES:
        expected = {i: float(s) for i, s in enumerate(index.bm25.scores(tokens)) if s > 0}
        got = store.sparse(tokens, 50, None)
        assert set(got) == set(expected)
        np.testing.assert_allclose([got[i] for i in expected], list(expected.values()), rtol=1e-6)
        assert list(got) == list(faiss_store.sparse(tokens, 50, None))  # same order, ties by row
    assert store.sparse(["未知词"], 50, None) == {}
    assert list(store.sparse(["消防站"], 2, None)) == list(faiss_store.sparse(["消防站"], 2, None))


def test_dense_equals_faiss(store, index):
    faiss_store = FaissStore(index)
    for vector in _query_vectors():
        for n in (3, 50):
            expected, got = faiss_store.dense(vector, n, None), store.dense(vector, n, None)
            assert list(got) == list(expected)
            np.testing.assert_allclose(list(got.values()), list(expected.values()), rtol=1e-5)


def test_rows_restrict_both_searches(store, index):
    faiss_store = FaissStore(index)
    rows = np.array([5, 0, 6], dtype=np.int64)
    for vector, tokens in zip(_query_vectors(len(QUERIES)), QUERIES):
        assert set(store.dense(vector, 50, rows)) == {0, 5, 6}
        assert list(store.dense(vector, 50, rows)) == list(faiss_store.dense(vector, 50, rows))
        assert set(store.sparse(tokens, 50, rows)) <= {0, 5, 6}
        assert list(store.sparse(tokens, 50, rows)) == list(faiss_store.sparse(tokens, 50, rows))
    every = np.arange(len(index.chunks), dtype=np.int64)
    assert list(store.sparse(["消防站"], 50, every)) == list(store.sparse(["消防站"], 50, None))


def test_whole_documents_filter_by_document_and_parts_by_id(store, index):
    assert store._filter(np.array([5, 6, 7, 3, 4])) == 'doc in ["b.txt", "c.txt"]'  # a district scope
    assert store._filter(np.array([5, 6])) == "id in [5,6]"  # part of c.txt: chunk tests narrowed it
    assert store._filter(np.arange(len(index.chunks))) == ""
    faiss_store = FaissStore(index)
    rows = np.array([3, 4, 5, 6, 7], dtype=np.int64)
    for vector, tokens in zip(_query_vectors(len(QUERIES)), QUERIES):
        assert list(store.dense(vector, 50, rows)) == list(faiss_store.dense(vector, 50, rows))
        assert list(store.sparse(tokens, 50, rows)) == list(faiss_store.sparse(tokens, 50, rows))


def test_no_rows_allowed_means_no_call(tmp_path, index):
    store = MilvusStore.open(settings_for(tmp_path), index)
    store.client.drop_collection(store.collection)  # any search would now fail
    empty = np.zeros(0, dtype=np.int64)
    assert store.dense(_query_vectors(1)[0], 50, empty) == {}
    assert store.sparse(["消防站"], 50, empty) == {}
    with pytest.raises(IndexError_, match="Milvus 检索失败"):
        store.sparse(["消防站"], 50, None)


def test_a_second_open_reuses_the_collection(tmp_path, index):
    settings = settings_for(tmp_path)
    first = MilvusStore.open(settings, index)
    again = MilvusStore.open(settings, index)
    assert first.filled and not again.filled
    assert again.collection == first.collection
    stats = again.client.query(again.collection, filter="", output_fields=["count(*)"])
    assert stats[0]["count(*)"] == len(index.chunks)  # not inserted twice


def test_a_partly_filled_collection_is_completed(tmp_path, index):
    settings = settings_for(tmp_path)
    first = MilvusStore.open(settings, index)
    first.client.delete(first.collection, ids=[0, 1])
    again = MilvusStore.open(settings, index)
    assert again.filled
    assert 0 in again.sparse(["消防站"], 50, None)


def test_a_new_version_gets_its_own_collection_and_old_ones_are_dropped(tmp_path):
    settings = settings_for(tmp_path)
    versions = [f"v-2026010{d}T000000-aaaaaa" for d in (1, 2, 3)]
    stores = [MilvusStore.open(settings, tiny_index(v, seed=d)) for d, v in enumerate(versions)]
    names = [collection_name("fire_assistant", v) for v in versions]
    assert [s.collection for s in stores] == names
    client = stores[-1].client
    assert set(client.list_collections()) == set(names[1:])  # the newest other stays for a worker on it
    MilvusStore.open(settings, tiny_index(versions[0]))  # a late worker on an old version
    assert set(client.list_collections()) == {names[0], names[2]}
    other = MilvusStore.open(settings_for(tmp_path, milvus_collection="other"), tiny_index(versions[1]))
    assert set(other.client.list_collections()) == {names[0], names[2], collection_name("other", versions[1])}


def test_collection_names_and_the_default_file():
    name = collection_name("fire_assistant", "v-20261201T145856-0edf00")
    assert name == "fire_assistant_v_20261201T145856_0edf00"
    assert collection_name("1-x", "v-1") == "c_1_x_v_1"
    settings = Settings(index_dir=Path("/data/suite/index"))
    assert milvus_uri(settings) == "/data/suite/index/milvus.db"
    assert milvus_uri(Settings(milvus_uri="http://milvus:19530")) == "http://milvus:19530"


def test_open_store_picks_milvus_from_the_environment(tmp_path, monkeypatch, index):
    monkeypatch.setenv("ASSISTANT_STORE", "milvus")
    store = open_store(load_settings(index_dir=tmp_path / "index"), index)
    assert store.name == "milvus"
    assert (tmp_path / "index" / "milvus.db").is_dir()


def test_engine_hybrid_with_all_weight_on_dense_is_the_dense_ranking(store):
    for vector, tokens in zip(_query_vectors(len(QUERIES)), QUERIES):
        fused = store.hybrid(vector, tokens, 50, None, {"dense": 1.0, "bm25": 0.0})
        assert list(fused) == list(store.dense(vector, 50, None))
        rows = np.array([1, 2, 5], dtype=np.int64)
        assert set(store.hybrid(vector, tokens, 50, rows, {"dense": 0.2, "bm25": 0.8})) <= {1, 2, 5}


HOLDER = textwrap.dedent("""
    import sys
    from pymilvus import MilvusClient
    client = MilvusClient(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.read()  # hold the file until the test closes our stdin
""")


def test_a_file_held_by_another_process_is_a_one_line_error(tmp_path, index):
    """milvus-lite lets one process open a file: a second one gets a clear IndexError_, not a traceback."""
    settings = settings_for(tmp_path)
    path = milvus_uri(settings)
    Path(path).parent.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, path], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(IndexError_, match="正被另一个进程使用") as caught:
            MilvusStore.open(settings, index)
        assert "\n" not in str(caught.value)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert MilvusStore.open(settings, index).filled  # free again once the other process is gone


REAL_QUESTIONS = [
    "渝北区消防车通道整治由哪个单位牵头？",
    "大丰区“十四五”期间要建设多少个消防站？",
    "梁平区高层建筑消防设施改造的完成时限是什么时候？",
    "开州区基层消防网格化管理的责任单位有哪些？",
    "兴化市电动自行车充电设施建设由谁负责？",
    "微型消防站建设有什么要求？",
]


@pytest.mark.slow
def test_the_real_assistant_gives_the_same_hits_and_answers_on_milvus(real_assistant, embedder, tmp_path,
                                                                        monkeypatch):
    from assistant.answer.pipeline import Assistant

    monkeypatch.setenv("ASSISTANT_STORE", "milvus")
    monkeypatch.setenv("ASSISTANT_MILVUS_URI", str(tmp_path / "milvus.db"))
    base = real_assistant.settings
    settings = load_settings(corpus_dir=base.corpus_dir, index_dir=base.index_dir)
    milvus = Assistant(settings, real_assistant.corpus, real_assistant.index, embedder)
    assert milvus.retriever.store.name == "milvus" and real_assistant.retriever.store.name == "faiss"
    for question in REAL_QUESTIONS:
        for mode in ("hybrid", "bm25", "dense"):
            expected = [h.chunk.id for h in real_assistant.retriever.search(question, k=8, mode=mode)]
            got = [h.chunk.id for h in milvus.retriever.search(question, k=8, mode=mode)]
            assert got == expected, (question, mode)
        assert milvus.ask(question).to_dict() == real_assistant.ask(question).to_dict()
