"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from assistant.settings import Settings, load_settings


def corpus_options(command):
    """Add `--corpus DIR` and `--index DIR` (env ASSISTANT_CORPUS_DIR / ASSISTANT_INDEX_DIR) and pass `settings`."""

    @click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=None,
                  help="语料文件夹（默认 corpus/，或环境变量 ASSISTANT_CORPUS_DIR）")
    @click.option("--index", "index_dir", type=click.Path(path_type=Path), default=None,
                  help="索引文件夹（默认 index/，或环境变量 ASSISTANT_INDEX_DIR）")
    @functools.wraps(command)
    def wrapper(*args, corpus_dir: Path | None, index_dir: Path | None, **kwargs):
        return command(*args, settings=make_settings(corpus_dir, index_dir), **kwargs)

    return wrapper


def make_settings(corpus_dir: Path | None = None, index_dir: Path | None = None) -> Settings:
    overrides = {}
    if corpus_dir is not None:
        overrides["corpus_dir"] = corpus_dir
    if index_dir is not None:
        overrides["index_dir"] = index_dir
    return load_settings(**overrides)
