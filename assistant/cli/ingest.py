"""`add` and `remove` commands: change the corpus and its index in one step."""

from __future__ import annotations

from pathlib import Path

import click

from assistant.cli.common import corpus_options
from assistant.settings import Settings


def _index_line(index) -> str:
    if index is None:
        return "索引未更新（--no-index），下次提问或运行 index 时会自动重建"
    return f"索引已更新：共 {index.chunks} 个片段，新计算向量 {index.embedded} 个，用时 {index.seconds:.1f}s"


@click.command("add")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--doc", "doc", default=None, help="存入语料的文件名（默认：原文件名，扩展名改为 .txt）")
@click.option("--title", default=None, help="标题（默认从文件开头识别）")
@click.option("--issuer", default=None, help="发文机关")
@click.option("--date", default=None, help="成文日期，如 2024-03-05 或 2024年3月5日")
@click.option("--region", default=None, help="地区，如 青溪区")
@click.option("--number", default=None, help="文号，如 青溪府办发〔2024〕9号")
@click.option("--replace", is_flag=True, help="替换语料中的同名文件")
@click.option("--no-index", "no_index", is_flag=True, help="只加入语料，不更新索引（批量添加时用）")
@click.option("--lock-timeout", default=10.0, show_default=True, type=float,
              help="等待其他添加/删除操作的秒数")
@corpus_options
def add(settings: Settings, file: Path, doc: str | None, title: str | None, issuer: str | None,
        date: str | None, region: str | None, number: str | None, replace: bool, no_index: bool,
        lock_timeout: float) -> None:
    """把一个文件（.docx / .pdf / .txt）加入语料并更新索引。Add FILE to the corpus.

    The converted text is stored as <name>.txt in the corpus folder (citations and line
    numbers refer to it); the uploaded file is kept in <corpus>/originals/.
    """
    from assistant.ingest import MetaOverrides, add_document, read_upload

    upload = read_upload(file, settings.max_upload_mb, doc, settings.max_unpacked_mb)
    overrides = MetaOverrides(title=title, issuer=issuer, date=date, region=region, number=number)
    result = add_document(settings, upload, overrides, replace=replace, update_index=not no_index,
                          lock_timeout=lock_timeout)
    meta = result.meta
    verb = "已替换" if result.replaced else "已添加"
    click.echo(f"{verb} {result.doc}（{result.kind}）：{meta.title}")
    details = [f"发文：{meta.issuer}" if meta.issuer else "", f"文号：{meta.number}" if meta.number else "",
               f"日期：{meta.date}" if meta.date else "", f"地区：{meta.region}" if meta.region else ""]
    if any(details):
        click.echo("  " + "；".join(d for d in details if d))
    click.echo(f"  {result.lines} 行，条款 {result.clauses} 个，表格行 {result.table_rows} 个，"
               f"任务 {result.tasks} 条，检索片段 {result.chunks} 个")
    click.echo("  " + _index_line(result.index))
    if result.unparsed:
        click.echo(f"  另有 {len(result.unparsed)} 行含“牵头/负责/配合/责任/完成/…前”却未生成任务（python -m assistant check 可列出）：")
        for item in result.unparsed[:5]:
            click.echo(f"    第{item.line}行  {item.text[:60]}")


@click.command("remove")
@click.argument("doc")
@click.option("--no-index", "no_index", is_flag=True, help="只从语料删除，不更新索引")
@click.option("--lock-timeout", default=10.0, show_default=True, type=float,
              help="等待其他添加/删除操作的秒数")
@corpus_options
def remove(settings: Settings, doc: str, no_index: bool, lock_timeout: float) -> None:
    """从语料和索引中删除文件 DOC（语料中的文件名）。Remove DOC from the corpus."""
    from assistant.ingest import remove_document

    result = remove_document(settings, doc, update_index=not no_index, lock_timeout=lock_timeout)
    click.echo(f"已删除 {result.doc}")
    click.echo("  " + _index_line(result.index))


COMMANDS = [add, remove]
