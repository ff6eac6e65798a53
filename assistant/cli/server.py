"""`serve` (web chat + HTTP API in one process) and `feedback` (what users rated or missed)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import click

from assistant.settings import load_settings

_KIND_LABELS = {"up": "👍", "down": "👎", "not_found": "未找到"}


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="ASSISTANT_HOST",
              help="监听地址；非本机地址（如 0.0.0.0）必须配置 API 密钥")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535), envvar="ASSISTANT_PORT")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="文件目录（默认 Settings.corpus_dir）")
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="索引目录（默认 Settings.index_dir）")
@click.option("--workers", default=None, type=click.IntRange(1, 64), envvar="ASSISTANT_WORKERS",
              help="回答问题的进程数（默认：CPU 核数；1 = 在服务进程内回答）")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(host: str, port: int, corpus_dir: Path | None, index_dir: Path | None, workers: int | None,
          log_level: str) -> None:
    """启动网页问答（/）和 HTTP API（/api、/v1、/retrieval、/docs）。

    The index is loaded (or built) in the background with progress on the console;
    GET /healthz says "loading" until it is ready. API keys come from
    ASSISTANT_API_KEYS (a JSON list), CORS origins from ASSISTANT_CORS_ORIGINS.
    With N workers, questions are answered in N processes (assistant/server/pool.py), each
    embedding with cores ÷ N threads; the web front stays one process.
    """
    from assistant.server.auth import check_bind

    overrides = {k: v for k, v in {"corpus_dir": corpus_dir, "index_dir": index_dir}.items() if v is not None}
    settings = load_settings(**overrides)
    check_bind(host, settings.api_keys)  # before any slow import: refuse early and clearly
    workers = workers or os.cpu_count() or 1
    if workers > 1 and settings.store == "milvus" and _milvus_lite(settings):
        raise click.UsageError("milvus-lite 的数据文件只能由一个进程打开：请用 --workers 1，"
                               "或把 ASSISTANT_MILVUS_URI 设为 Milvus 服务地址（http://…）")
    if workers > 1 and not settings.embedding_threads:  # N workers × threads must not oversubscribe the cores
        settings = settings.model_copy(update={"embedding_threads": max(1, (os.cpu_count() or 1) // workers)})

    import uvicorn

    from assistant.server.app import create_app

    app = create_app(settings, workers=workers)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    click.echo(f"消防政策问答助手：正在加载索引…（地址 {url}，就绪检查 {url}healthz，{workers} 个回答进程）", err=True)
    threading.Thread(target=_announce_ready, args=(app.state.runtime, url), daemon=True).start()
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def _milvus_lite(settings) -> bool:
    from assistant.retrieval.milvus import is_lite, milvus_uri

    return is_lite(milvus_uri(settings))


def _announce_ready(runtime, url: str) -> None:
    """One console line when the index is loaded: where to open the chat, or why it cannot start."""
    ready = runtime.wait()
    click.echo(f"已就绪：{url}（API 文档 {url}docs）" if ready else f"索引加载失败：{runtime.error}", err=True)


@click.command()
@click.option("--not-found", "not_found", is_flag=True, help="只列出得到“未找到”的问题")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（每行一条记录）")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, None), help="最多列出条数")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="反馈数据库（默认 Settings.feedback_db，或索引目录旁的 feedback.sqlite3）")
def feedback(not_found: bool, as_json: bool, limit: int, db_path: Path | None) -> None:
    """列出用户的 👍/👎 反馈和“未找到”的问题，供维护人员改进文件与索引。"""
    from assistant.server.feedback import FeedbackStore, default_feedback_path

    path = db_path or default_feedback_path(load_settings())
    if not path.exists():
        click.echo(f"还没有反馈记录（{path}）", err=True)
        return
    kinds = ["not_found"] if not_found else None
    records = FeedbackStore(path).list(kinds=kinds, limit=limit)
    if as_json:
        for record in records:
            click.echo(json.dumps(record.to_dict(), ensure_ascii=False))
        return
    if not records:
        click.echo("没有符合条件的记录", err=True)
        return
    for r in records:
        scope = f" [{r.doc}]" if r.doc else ""
        click.echo(f"{r.to_dict()['created_at']}  {_KIND_LABELS.get(r.kind, r.kind)}  {r.question}{scope}")
        if r.kind != "not_found" and r.answer:
            click.echo(f"    答：{r.answer.splitlines()[0][:80]}")
        if r.comment:
            click.echo(f"    备注：{r.comment}")


COMMANDS = [serve, feedback]
