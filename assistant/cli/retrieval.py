"""`index` and `search` commands."""

from __future__ import annotations

import json

import click

from assistant.cli.common import corpus_options
from assistant.settings import Settings


@click.command("index")
@click.option("--force", is_flag=True, help="即使索引是最新的也重建")
@corpus_options
def index_command(settings: Settings, force: bool) -> None:
    """构建（或按需重建）语料索引。Build the index for the corpus folder."""
    from assistant.corpus.document import load_corpus
    from assistant.errors import IndexError_
    from assistant.retrieval.embeddings import load_embedder
    from assistant.retrieval.index import build_index, ensure_index, load_index

    embedder = load_embedder(settings)
    if force:
        try:
            previous = load_index(settings.index_dir)
        except IndexError_:  # a missing or corrupt previous index simply is not reused
            previous = None
        corpus = load_corpus(settings.corpus_dir)
        index = build_index(corpus, settings.corpus_dir, settings.index_dir, embedder, previous, progress=True)
    else:
        index = ensure_index(settings, embedder=embedder, progress=True, log=lambda m: click.echo(m, err=True))
    m = index.manifest
    state = f"构建用时 {index.build_seconds:.1f}s" if index.build_seconds else "已是最新，无需重建"
    click.echo(
        f"索引：{index.folder}  文件 {len(m['documents'])} 个，片段 {m['chunk_count']} 个，"
        f"模型 {m['embedding']['model_id']}（{m['embedding']['dim']} 维）；{state}"
    )


@click.command("search")
@click.argument("query")
@click.option("--doc", default=None, help="只在此文件中查找（文件名）")
@click.option("--k", "k", default=8, show_default=True, type=int, help="返回条数")
@click.option("--mode", type=click.Choice(["hybrid", "bm25", "dense"]), default="hybrid", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@corpus_options
def search_command(settings: Settings, query: str, doc: str | None, k: int, mode: str, as_json: bool) -> None:
    """检索相关条款（带分数和条款路径）。Show ranked chunks for QUERY."""
    from assistant.retrieval.embeddings import load_embedder
    from assistant.retrieval.index import ensure_index
    from assistant.retrieval.search import FusionWeights, Retriever
    from assistant.retrieval.store import open_store

    embedder = load_embedder(settings)
    index = ensure_index(settings, embedder=embedder, progress=True, log=lambda m: click.echo(m, err=True))
    hits = Retriever(index, embedder, FusionWeights.from_settings(settings), open_store(settings, index)).search(query, k=k, doc=doc, mode=mode)
    if as_json:
        click.echo(json.dumps([dict(h.chunk.to_dict(), score=h.score, bm25=h.bm25, dense=h.dense) for h in hits],
                              ensure_ascii=False, indent=1))
        return
    for rank, hit in enumerate(hits, start=1):
        c = hit.chunk
        dense = f"{hit.dense:.3f}" if hit.dense is not None else "-"
        click.echo(f"{rank:>2}. [{hit.score:.4f} bm25={hit.bm25:.2f} dense={dense}] {c.doc} {c.path} "
                   f"(第{c.line_start}-{c.line_end}行)")
        click.echo("    " + " ".join(c.text.split())[:160])


COMMANDS = [index_command, search_command]
