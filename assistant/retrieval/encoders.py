"""What turns texts into vectors for the `Embedder`: sentence-transformers, or the same model in ONNX Runtime.

- `TorchEncoder`: a loaded `SentenceTransformer` (any local folder).
- `OnnxEncoder`: the folder's transformer exported once to ONNX (`export_onnx`), run by
  ONNX Runtime with the folder's own tokenizer, pooling and normalisation. The same weights,
  about 3× faster per query on 2 cores (7 ms against 23 ms for a short question,
  `benchmarks/bench_embeddings.py`), and no torch in a process that only answers.

An export is checked against sentence-transformers' own vectors before it is used
(`MIN_COSINE`); a folder whose module stack the export does not cover (anything beyond
Transformer → Pooling (mean or CLS) → Normalize) stays on torch.
"""

from __future__ import annotations

import hashlib
import json
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.errors import ModelError
from assistant.retrieval.folders import build_folder_once

MIN_COSINE = 0.999  # an export whose vectors differ more from sentence-transformers' is not used
EXPORT_VERSION = 1  # bump when the export changes: cached exports are redone
OPSET = 17
# Texts the export is checked on (the genre's sentences, a question, mixed digits and Latin letters).
CHECK_TEXTS = (
    "query: 开州给独居老人装烟感报警器这项由哪些单位负责？",
    "passage: 为独居老人家庭安装独立式感烟火灾探测报警器，由区民政局牵头，区消防救援支队配合，2025年12月底前完成。",
    "passage: 二、（三）2. 电动自行车集中充电设施建设 区住房城乡建委 各镇街 持续推进",
    "passage: 全区共建成微型消防站 56 个（梁山街道 50 个、双桂街道 1 个），GB 50016-2014。",
)


class Encoder(Protocol):
    """L2-normalised vectors for texts, each read with `prompt` before it ("query: ")."""

    dim: int
    max_tokens: int

    def encode(self, texts: list[str], prompt: str, batch_size: int, show_progress: bool) -> np.ndarray: ...

    def token_count(self, text: str) -> int: ...


class TorchEncoder:
    """A loaded `SentenceTransformer`; `lock` serialises calls (a fast tokenizer is not re-entrant)."""

    runtime = "torch"

    def __init__(self, model, lock: threading.Lock | None = None) -> None:
        self.model = model
        self._lock = lock or threading.Lock()
        dim = model.get_embedding_dimension()
        if dim is None:  # some module stacks cannot tell without running
            dim = len(model.encode(["维度"], convert_to_numpy=True)[0])
        self.dim = int(dim)
        self.max_tokens = int(model.max_seq_length)

    def encode(self, texts: list[str], prompt: str = "", batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        with self._lock:
            vectors = self.model.encode(list(texts), prompt=prompt, batch_size=batch_size, show_progress_bar=show_progress,
                                        convert_to_numpy=True, normalize_embeddings=True)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def token_count(self, text: str) -> int:
        with self._lock:
            return len(self.model.tokenizer(text, verbose=False)["input_ids"])


@dataclass(frozen=True)
class Pooling:
    """How token vectors become one text vector, as the folder's 1_Pooling/config.json says."""

    mode: str  # "mean" | "cls"
    normalize: bool

    def __call__(self, hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        if self.mode == "cls":
            vectors = hidden[:, 0]
        else:
            weights = mask[..., None].astype(np.float32)
            vectors = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        if self.normalize:
            vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(vectors, dtype=np.float32)


class OnnxEncoder:
    """The exported transformer in ONNX Runtime, with the folder's tokenizer and pooling."""

    runtime = "onnx"

    def __init__(self, export: Path, threads: int) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        info = json.loads((export / "export.json").read_text(encoding="utf-8"))
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self._session = ort.InferenceSession(str(export / "model.onnx"), options,
                                                 providers=["CPUExecutionProvider"])
        except Exception as exc:  # a truncated or foreign file: the caller re-exports or falls back
            raise ModelError(f"无法加载 ONNX 模型 {export}: {type(exc).__name__}") from exc
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._counter = Tokenizer.from_file(str(export / "tokenizer.json"))  # untruncated, for token_count
        self._tokenizer = Tokenizer.from_file(str(export / "tokenizer.json"))
        self.max_tokens = int(info["max_tokens"])
        self._tokenizer.enable_truncation(self.max_tokens)
        self._tokenizer.enable_padding(pad_id=int(info["pad_id"]), pad_token=info["pad_token"])
        self.pooling = Pooling(info["pooling"], bool(info["normalize"]))
        self.dim = int(info["dim"])
        self._lock = threading.Lock()

    def encode(self, texts: list[str], prompt: str = "", batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad little
        for start in range(0, len(order), batch_size):
            part = order[start:start + batch_size]
            out[part] = self._run([prompt + texts[i] for i in part])
        return out

    def _run(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feed)[0]
        return self.pooling(hidden, mask)

    def token_count(self, text: str) -> int:
        with self._lock:
            return len(self._counter.encode(text).ids)


def onnx_export(folder: Path, cache_dir: Path, load_torch) -> Path:
    """The checked ONNX export of sentence-transformers folder `folder`, made once under `cache_dir/onnx/`.

    Args:
        load_torch: returns the folder's loaded `SentenceTransformer` (only called when exporting).
    Raises:
        ModelError: the folder's modules are not Transformer → Pooling (→ Normalize), or the
            export's vectors differ from sentence-transformers' (cosine below MIN_COSINE).
    """
    target = Path(cache_dir).expanduser() / "onnx" / _export_key(folder)
    if (target / "export.json").is_file():
        return target
    pooling = _pooling_of(folder)
    return build_folder_once(target, lambda done: (done / "export.json").is_file(),
                             lambda tmp: _export(load_torch(), pooling, tmp),
                             lock=Path(str(target) + ".lock"), failure="导出 ONNX 模型")


def _export_key(folder: Path) -> str:
    """Names the export by what it was made from: the folder, its weights' size and time, the versions."""
    from importlib import metadata

    digest = hashlib.sha256(f"{EXPORT_VERSION}\x1f{folder.resolve()}".encode())
    for path in sorted(folder.glob("*.safetensors")) + sorted(folder.glob("*.bin")) + [folder / "tokenizer.json"]:
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    for package in ("torch", "onnxruntime"):
        digest.update(metadata.version(package).encode())
    return digest.hexdigest()[:16]


def _pooling_of(folder: Path) -> Pooling:
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
            raise ModelError(f"模型模块 {kinds} 不在 ONNX 导出支持的范围内（Transformer → Pooling → Normalize）")
        config = json.loads((folder / modules[1]["path"] / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, IndexError) as exc:
        raise ModelError(f"无法读取 {folder} 的模块配置: {type(exc).__name__}") from exc
    modes = [mode for mode in ("mean", "cls") if config.get(f"pooling_mode_{mode}_tokens" if mode == "mean"
                                                                    else "pooling_mode_cls_token")]
    others = [key for key, on in config.items() if key.startswith("pooling_mode_") and on
              and key not in ("pooling_mode_mean_tokens", "pooling_mode_cls_token")]
    if len(modes) != 1 or others or not config.get("include_prompt", True):
        raise ModelError(f"池化方式 {config} 不在 ONNX 导出支持的范围内（mean 或 CLS）")
    return Pooling(modes[0], normalize=len(modules) == 3)


def _export(model, pooling: Pooling, folder: Path) -> None:
    """Write model.onnx (the transformer: ids, mask → token vectors), tokenizer.json and export.json."""
    import torch

    transformer = model[0].auto_model.eval()
    tokenizer = model.tokenizer

    class TokenVectors(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    sample = tokenizer(["维度检查", "导出"], padding=True, return_tensors="pt")  # padded: the mask is traced
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the legacy exporter's tracer notes; the result is checked below
        torch.onnx.export(
            TokenVectors(transformer), (sample["input_ids"], sample["attention_mask"]), str(folder / "model.onnx"),
            input_names=["input_ids", "attention_mask"], output_names=["token_vectors"],
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                          "token_vectors": {0: "batch", 1: "tokens"}},
            opset_version=OPSET, dynamo=False,
        )
    tokenizer.backend_tokenizer.save(str(folder / "tokenizer.json"))
    info = {"export_version": EXPORT_VERSION, "max_tokens": int(model.max_seq_length), "pooling": pooling.mode,
            "normalize": pooling.normalize, "dim": int(model.get_embedding_dimension()),
            "pad_id": int(tokenizer.pad_token_id), "pad_token": tokenizer.pad_token}
    (folder / "export.json").write_text(json.dumps(info), encoding="utf-8")  # the folder goes live only when checked
    ours = OnnxEncoder(folder, threads=1).encode(list(CHECK_TEXTS))
    theirs = model.encode(list(CHECK_TEXTS), prompt="", convert_to_numpy=True, normalize_embeddings=True)
    worst = float((ours * theirs).sum(axis=1).min())
    if worst < MIN_COSINE:
        raise ModelError(f"ONNX 导出与 sentence-transformers 的向量不一致（余弦 {worst:.5f} < {MIN_COSINE}）")
    info["min_cosine"] = round(worst, 7)
    (folder / "export.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
