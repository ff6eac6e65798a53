"""`ask` command: one question, or a batch file (the contract other tools depend on)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click

from assistant.cli.common import corpus_options
from assistant.errors import AssistantError, InputError
from assistant.models import Answer
from assistant.settings import Settings

log = logging.getLogger(__name__)


@click.command("ask")
@click.argument("question", required=False)
@click.option("--doc", default=None, help="只在此文件中查找（文件名）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（与 POST /api/ask 相同）")
@click.option("--batch", "batch", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help='批量提问：JSONL 文件，每行 {"id": ..., "question": ..., "history": [...]}')
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="批量答案输出文件（JSONL），与 --batch 一起用")
@corpus_options
def ask_command(settings: Settings, question: str | None, doc: str | None, as_json: bool,
                batch: Path | None, out: Path | None) -> None:
    """提问并给出带出处的简短答案。Answer QUESTION with numbered citations."""
    from assistant.answer.pipeline import Assistant

    if batch is None and not question:
        raise InputError("请给出问题，或用 --batch FILE 批量提问")
    if batch is not None and out is None:
        raise InputError("--batch 需要同时给出 --out FILE")
    items = _read_batch(batch) if batch is not None else []
    assistant = Assistant.from_settings(settings, progress=True, log=lambda m: click.echo(m, err=True))
    if batch is None:
        answer = assistant.ask(question, doc=doc)
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1) if as_json else render(answer))
        return
    failed = 0
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for item in items:
            record = item if "error" in item else _answer_item(assistant, item, doc)
            failed += "error" in record
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(out)
    click.echo(f"已回答 {len(items) - failed} 个问题，{failed} 个失败，写入 {out}"
               + ("（失败的行是 {\"id\", \"error\"} 记录）" if failed else ""), err=True)
    if failed:
        raise click.exceptions.Exit(1)


def _answer_item(assistant, item: dict, doc: str | None) -> dict:
    """The output record of one batch line: its answer, or {"id", "error"} when it cannot be answered."""
    try:
        answer = assistant.ask(item["question"], doc=item.get("doc") or doc, history=item.get("history"))
    except AssistantError as exc:
        return {"id": item["id"], "error": str(exc)}
    except Exception as exc:  # one odd question must not cost the rest of the batch
        log.exception("batch item %r failed", item["id"])
        return {"id": item["id"], "error": f"内部错误（{type(exc).__name__}），此题未回答"}
    return batch_record(item["id"], answer)


def batch_record(item_id, answer: Answer) -> dict:
    """One output line of `ask --batch` (keep stable: other tools read it)."""
    return {
        "id": item_id,
        "answer": answer.answer,
        "citations": [
            {k: c[k] for k in ("doc", "title", "clause", "line_start", "line_end", "text")}
            for c in (c.to_dict() for c in answer.citations)
        ],
        "type": answer.type,
        "found": answer.found,
    }


def _read_batch(path: Path) -> list[dict]:
    """The batch's questions in order; a line that is not a question becomes {"id", "error"} in its place
    (its id, or "第N行" when it has none), so the other lines are still answered.

    Raises:
        InputError: the file does not exist or is not UTF-8 text.
    """
    if not path.is_file():
        raise InputError(f"找不到批量问题文件：{path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} 不是 UTF-8 文本：{exc.reason}") from exc
    items = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            items.append({"id": f"第{n}行", "error": f"第 {n} 行不是合法 JSON：{exc.msg}"})
            continue
        item_id = item.get("id", f"第{n}行") if isinstance(item, dict) else f"第{n}行"
        if not isinstance(item, dict) or "id" not in item:
            items.append({"id": item_id, "error": f'第 {n} 行缺少 "id"'})
        elif not isinstance(item.get("question"), str) or not item["question"].strip():
            items.append({"id": item_id, "error": f'第 {n} 行的 "question" 应为非空字符串'})
        elif not isinstance(item.get("history"), (list, type(None))) or not isinstance(item.get("doc"), (str, type(None))):
            items.append({"id": item_id, "error": f'第 {n} 行的 "history" 应为列表、"doc" 应为字符串'})
        else:
            items.append(item)
    return items


def render(answer: Answer) -> str:
    """Plain-text rendering: the answer, then numbered citations."""
    lines = [answer.answer, ""]
    if answer.citations:
        lines.append("出处：")
        for c in answer.citations:
            lines.append(f"[{c.n}] {c.doc} · {c.clause} · 第{c.line_start}-{c.line_end}行")
            lines.append("    " + " ".join(c.text.split())[:200])
    if answer.suggestions:
        lines.append("相近条款：")
        for c in answer.suggestions:
            lines.append(f"- {c.doc} · {c.clause} · 第{c.line_start}-{c.line_end}行：" + " ".join(c.text.split())[:80])
    return "\n".join(lines).rstrip()


COMMANDS = [ask_command]
