"""`tasks` (the task ledger) and `outline` (a document's clause tree) on the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click

from assistant.corpus.document import Corpus, load_corpus, parse_document
from assistant.corpus.normalize import normalize_for_match
from assistant.errors import InputError
from assistant.models import ParsedDocument, Task
from assistant.settings import load_settings

_corpus_option = click.option(
    "--corpus", "corpus_dir", type=click.Path(path_type=Path), default=None,
    help="语料文件夹（默认 corpus/，或环境变量 ASSISTANT_CORPUS_DIR）",
)
_ROLES = (("lead_units", "牵头单位"), ("cooperating_units", "配合单位"), ("responsible_units", "责任单位"))
CSV_COLUMNS = ["id", "doc", "source", "clause", "title", "lead_units", "cooperating_units", "responsible_units",
               "leaders", "labels", "deadline", "line_start", "line_end", "group", "conflicts", "text"]


def _corpus(corpus_dir: Path | None) -> Corpus:
    settings = load_settings(corpus_dir=corpus_dir) if corpus_dir is not None else load_settings()
    return load_corpus(settings.corpus_dir)


@click.command()
@click.option("--doc", default=None, help="只看这个文档（文件名，或唯一的开头如 yubei）")
@click.option("--unit", default=None, help="只看涉及这个单位的任务（任何角色；认别名，如 区住建委）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 数组")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="另存为 CSV（UTF-8 带 BOM，Excel 可直接打开）")
@_corpus_option
def tasks(doc: str | None, unit: str | None, as_json: bool, csv_path: Path | None, corpus_dir: Path | None) -> None:
    """列出任务台账：每项任务的牵头/配合/责任单位、完成时限和出处行号。"""
    corpus = _corpus(corpus_dir)
    selected = corpus.resolve(doc).tasks if doc else corpus.tasks
    if unit is not None:
        if not unit.strip():
            raise InputError("--unit 不能为空")
        selected = [t for t in selected if task_has_unit(t, unit, corpus)]
    if csv_path is not None:
        write_csv(selected, csv_path)
    if as_json:
        click.echo(json.dumps([t.to_dict() for t in selected], ensure_ascii=False, indent=2))
    elif csv_path is not None:
        click.echo(f"已写入 {len(selected)} 项任务：{csv_path}")
    else:
        click.echo(render_tasks(selected, corpus, unit))


def task_has_unit(task: Task, unit: str, corpus: Corpus) -> bool:
    """True when `unit` (or an alias of it) is among the task's units in any role."""
    wanted, needle = corpus.gazetteer.canonical(unit), normalize_for_match(unit)
    return any(corpus.gazetteer.canonical(name) == wanted or needle in normalize_for_match(name)
               for name in task.all_units)


def render_tasks(selected: list[Task], corpus: Corpus, unit: str | None = None) -> str:
    """The ledger as plain text: one block per task, grouped by document."""
    if not selected:
        return f"没有涉及“{unit}”的任务。" if unit else "没有任务。"
    by_id = {t.id: t for t in corpus.tasks}
    out: list[str] = []
    current = None
    for task in selected:
        if task.doc != current:
            current = task.doc
            meta = corpus.documents[task.doc].meta
            out += ["", f"== {meta.title}（{task.doc}）"]
        source = "表格" if task.source == "table" else "正文"
        out.append(f"{task.clause}  [{source}] 第{task.line_start}–{task.line_end}行")
        out.append(f"  {task.title}")
        for field, name in _ROLES:
            units = getattr(task, field)
            if units:
                out.append(f"  {name}：{'、'.join(units)}")
        if task.leaders:
            out.append(f"  责任人：{'、'.join(task.leaders)}")
        if task.deadline:
            out.append(f"  完成时限：{task.deadline}")
        if task.source == "body" and not task.labelled:
            out.append(f"  （依据正文句子：{'、'.join(task.labels)}）")
        for other in task.conflicts:
            if other in by_id:
                where = "表格" if by_id[other].source == "table" else "正文"
                out.append(f"  ⚠ 与{where} {by_id[other].clause} 所列单位不一致")
    what = f"涉及“{unit}”的任务" if unit else "任务"
    out += ["", f"共 {len(selected)} 项{what}。"]
    return "\n".join(out).lstrip("\n")


def write_csv(selected: list[Task], path: Path) -> None:
    """Write tasks as CSV with a BOM, so Excel opens the Chinese text correctly.

    Raises:
        InputError: the file cannot be written.
    """
    try:
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            for task in selected:
                data = task.to_dict()
                writer.writerow([_csv_cell(column, data[column]) for column in CSV_COLUMNS])
    except OSError as exc:
        raise InputError(f"无法写入 {path}：{exc.strerror or exc}") from exc


def _csv_cell(column: str, value: object) -> object:
    if isinstance(value, list):
        return (" " if column == "conflicts" else "、").join(value)
    return value


@click.command()
@click.argument("file")
@_corpus_option
def outline(file: str, corpus_dir: Path | None) -> None:
    """显示一个文档的条款树（编号路径、标题、行号范围）。FILE 是语料中的文件名或一个文件路径。"""
    path = Path(file)
    if path.exists() or "/" in file or "\\" in file:
        document = parse_document(path)
    else:
        document = _corpus(corpus_dir).resolve(file)
    click.echo(render_outline(document))


def render_outline(document: ParsedDocument) -> str:
    """The clause tree, indented, with each node's line span and the tables in place."""
    entries: list[tuple[int, int, str]] = []  # (line, order, text)
    depth_at: list[tuple[int, int]] = []
    for node in document.all_clauses():
        indent = "  " * (node.level - 1)
        end = node.subtree_end
        span = f"{node.line_start}–{end}" if end != node.line_start else f"{node.line_start}"
        entries.append((node.line_start, 0, f"{indent}{node.path}  {node.title}  [{span}]"))
        depth_at.append((node.line_start, node.level))
    for rows in document.tables:
        if not rows:
            continue
        start, end = min(r.line_start for r in rows), max(r.line_end for r in rows)
        level = next((lvl for line, lvl in reversed(depth_at) if line < start), 0)
        entries.append((start, 1, f"{'  ' * level}[表] {rows[0].table_title}：{len(rows)} 行  [{start}–{end}]"))
    header = f"{document.meta.title}（{document.doc}）"
    return "\n".join([header, *(text for _, _, text in sorted(entries, key=lambda e: (e[0], e[1])))])


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option("--lines/--counts", "show_lines", default=True, help="列出每一行（默认），或只给计数")
def check(files: tuple[Path, ...], as_json: bool, show_lines: bool) -> None:
    """检查台账覆盖：列出含“牵头/负责/配合/责任/完成/…前”却没有生成任务的行。Lines the ledger missed.

    FILE may be a corpus .txt or any .docx / .pdf / .txt to be added (it is converted the way `add` would).
    """
    from assistant.corpus.coverage import coverage

    reports = [coverage(_parse_any(path)) for path in files]
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
        return
    for report in reports:
        click.echo(f"{report.doc}：任务 {report.tasks} 条；含责任/时限用语的行 {report.candidate_lines} 行，"
                   f"未生成任务 {len(report.unparsed)} 行")
        if show_lines:
            for item in report.unparsed:
                click.echo(f"  第{item.line}行  {item.text[:80]}")
    if len(reports) > 1:
        click.echo(f"合计：{len(reports)} 份文件，未生成任务 {sum(len(r.unparsed) for r in reports)} 行")


def _parse_any(path: Path) -> ParsedDocument:
    """A corpus text file as it is, or a .docx/.pdf/.txt converted the way `add` converts it."""
    if not path.is_file():
        raise InputError(f"找不到文件：{path}")
    if path.suffix.lower() == ".txt":
        return parse_document(path)
    from assistant.ingest import read_upload
    from assistant.ingest.prepare import prepare_document

    return prepare_document(read_upload(path, load_settings().max_upload_mb, None)).document


COMMANDS = [check, tasks, outline]
