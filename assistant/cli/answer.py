"""`ask` command: one question, or a batch file (the contract other tools depend on)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from assistant.cli.common import corpus_options
from assistant.errors import InputError
from assistant.models import Answer
from assistant.settings import Settings


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
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for item in items:
            answer = assistant.ask(item["question"], doc=item.get("doc") or doc, history=item.get("history"))
            fh.write(json.dumps(batch_record(item["id"], answer), ensure_ascii=False) + "\n")
    tmp.replace(out)
    click.echo(f"已回答 {len(items)} 个问题，写入 {out}", err=True)


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
    if not path.is_file():
        raise InputError(f"找不到批量问题文件：{path}")
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path} 第 {n} 行不是合法 JSON：{exc.msg}") from exc
        if not isinstance(item, dict) or not str(item.get("question", "")).strip() or "id" not in item:
            raise InputError(f'{path} 第 {n} 行缺少 "id" 或 "question"')
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
