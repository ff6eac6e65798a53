"""The Gradio chat page (in Chinese): 问答 with cited answers, 任务分解 ledger, 文件 list with add/remove.

The chat turn is also a Gradio API endpoint (`/ask`), so `gradio_client` can drive it.
"""

from __future__ import annotations

import html
import logging
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import gradio as gr
from fastapi import FastAPI

from assistant.errors import AssistantError
from assistant.ingest.validate import check_size
from assistant.models import Answer
from assistant.server.auth import ui_login
from assistant.server.export import COLUMNS, filter_tasks, task_row, write_csv, write_xlsx
from assistant.server.feedback import FeedbackStore
from assistant.server.render import answer_html, coverage_html, outline_html
from assistant.server.runtime import Runtime
from assistant.server.schemas import check_date
from assistant.server.upload import (
    DocumentAdmin,
    added_message,
    overrides_from,
    read_limited,
    removed_message,
)
from assistant.settings import Settings

log = logging.getLogger(__name__)

ALL = "__all__"
ALL_LABEL = "全部文件"
UI_CONTEXT_ANSWERS = 6  # earlier question/answer pairs sent with each chat question
EXAMPLES = [
    "开州给独居老人装烟感报警器这项由哪些单位负责？",
    "大丰老旧小区改造里电动自行车充电设施怎么要求？",
    "兴化养老机构的消防整治谁来管？",
    "区财政局牵头哪些任务？",
]
ASK_CONCURRENCY = 8
TASK_WIDTHS = ["320px", "140px", "160px", "140px", "110px", "150px", "110px", "70px", "80px"]
DOC_COLUMNS = ["文件", "标题", "发文机关", "地区", "日期", "文号", "任务", "待核对行"]
# Gradio words its own controls (login page, "Use via API", progress) in the browser's language; staff
# browsers are often set to English, so the page asks for Chinese before Gradio starts.
PAGE_TITLE = "消防政策问答助手"
ZH_CN_HEAD = """<script>
(function () {
  var zh = ["zh-CN", "zh"];
  try {
    Object.defineProperty(navigator, "language", {get: function () { return zh[0]; }});
    Object.defineProperty(navigator, "languages", {get: function () { return zh; }});
  } catch (e) {}
  document.documentElement.lang = zh[0];
})();
</script>"""



class ChinesePage:
    """ASGI middleware: the chat page's HTML (login page included) is served as lang="zh-CN", titled in
    Chinese, with `ZH_CN_HEAD` first in its head, so Gradio's own words are Chinese too."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in ("/", "/index.html"):
            return await self.app(scope, receive, send)
        start, chunks = {}, []

        async def hold(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    await self._send(send, start, b"".join(chunks))
            else:
                await send(message)

        await self.app(scope, receive, hold)

    @staticmethod
    async def _send(send, start: dict, body: bytes) -> None:
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
            page = body.decode("utf-8", "replace")
            page = re.sub(r'<html(\s+)lang="[^"]*"', r'<html\1lang="zh-CN"', page, count=1)
            page = page.replace("<head>", "<head>" + ZH_CN_HEAD, 1)
            page = re.sub(r'(<meta (?:property="og:title"|name="twitter:title") content=")Gradio"', rf'\1{PAGE_TITLE}"', page)
            body = page.encode("utf-8")
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})


CSS = """
.citations { margin-top: .6em; border-top: 1px solid var(--border-color-primary); padding-top: .4em; }
.cite-head { font-weight: 600; margin-bottom: .3em; }
details.citation { margin: .25em 0; }
details.citation summary { cursor: pointer; }
.cite-n { font-weight: 600; color: var(--color-accent); }
.cite-span, .cite-meta { color: var(--body-text-color-subdued); font-size: .9em; }
.src { padding: .4em .6em; margin-top: .3em; background: #fffaf0; border-left: 3px solid #f5a623; border-radius: 4px; }
.src mark { background: #ffe58f; padding: 0 1px; }
/* the question box stays in view: the chat takes the height the window has left */
#chatbot { height: max(300px, calc(100vh - 360px)) !important; }
@media (max-width: 640px) {
  #chatbot { height: max(220px, calc(100vh - 470px)) !important; }
  #question-row { flex-wrap: nowrap; }
}
"""


def _doc_value(doc: str | None) -> str | None:
    return None if not doc or doc == ALL else doc


class ChatHandlers:
    """The event handlers of the page, bound to the runtime and the feedback store."""

    def __init__(self, runtime: Runtime, store: FeedbackStore):
        self.runtime = runtime
        self.store = store

    # ---- chat
    def render(self, answer: Answer) -> str:
        assistant = self.runtime.get()
        docs = {c.doc for c in answer.citations + answer.suggestions}
        sources = {doc: assistant.source(doc) for doc in docs}
        outlines = {doc: assistant.outline(doc) for doc in docs}
        return answer_html(answer, sources, outlines)

    def ask_json(self, question: str, doc: str = ALL, history: list[dict] | None = None) -> dict:
        """问答（JSON）：与 POST /api/ask 的回复相同。question 问题；doc 文件 id（"__all__" 为全部文件）；
        history 此前的对话 [{"role": "user"|"assistant", "content": "…"}]。"""
        try:
            answer = self.runtime.ask(question or "", doc=_doc_value(doc), history=history or None)
        except AssistantError as exc:
            raise gr.Error(str(exc)) from exc
        return answer.to_dict()

    def respond(self, message: str, history: list, doc: str, answers: list):
        """One chat turn: returns (cleared textbox, chat messages, answers state)."""
        message = (message or "").strip()
        history = list(history or [])
        answers = list(answers or [])
        if not message:
            gr.Warning("请输入问题")
            return "", history, answers
        plain = []
        for record in answers[-UI_CONTEXT_ANSWERS:]:  # a follow-up needs the last few turns, not the whole chat
            plain += [{"role": "user", "content": record["answer"]["question"]},
                      {"role": "assistant", "content": record["answer"]["answer"]}]
        history.append({"role": "user", "content": message})
        try:
            answer = self.runtime.ask(message, doc=_doc_value(doc), history=plain or None)
            reply = self.render(answer)
        except AssistantError as exc:  # the message is written for the user
            history.append({"role": "assistant", "content": f"⚠️ {exc}"})
            return "", history, answers
        self.store.log_answer(answer, source="ui")
        history.append({"role": "assistant", "content": reply})
        answers.append({"index": len(history) - 1, "answer": answer.to_dict()})
        return "", history, answers

    def like(self, answers: list, data: gr.LikeData) -> None:
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        record = next((r for r in answers or [] if r["index"] == index), None)
        if record is None or not isinstance(data.liked, bool):
            return
        self.store.rate(data.liked, record["answer"], source="ui")
        gr.Info("已记录反馈，谢谢！")

    # ---- documents and tasks
    def doc_choices(self) -> list[tuple[str, str]]:
        if self.runtime.status != "ok":  # still loading: the corpus folder's files (what API clients see)
            folder = Path(self.runtime.settings.corpus_dir)
            return [(ALL_LABEL, ALL)] + [(p.stem, p.name) for p in sorted(folder.glob("*.txt"))]
        metas = self.runtime.get().documents()
        return [(ALL_LABEL, ALL)] + [(f"{m.region or m.doc} · {m.title}", m.doc) for m in metas]

    def on_load(self):
        choices = self.doc_choices()
        status = "" if self.runtime.status == "ok" else "⏳ 索引正在加载，请稍候刷新页面。"
        first = choices[1][1] if len(choices) > 1 else None
        return (gr.Dropdown(choices=choices), gr.Dropdown(choices=choices),
                gr.Dropdown(choices=choices[1:], value=first), self.documents_table(), gr.Markdown(status))

    def documents_table(self) -> list[list[str]]:
        if self.runtime.status != "ok":
            return []
        assistant = self.runtime.get()
        rows = []
        for m in assistant.documents():
            found = assistant.coverage(m.doc)
            rows.append([m.doc, m.title, m.issuer, m.region, m.date, m.number, str(found.tasks), str(len(found.unparsed))])
        return rows

    def outline(self, doc: str | None) -> str:
        if not doc or doc == ALL:
            return ""
        try:
            assistant = self.runtime.get()
            return outline_html(assistant.outline(doc)) + coverage_html(assistant.coverage(doc))
        except AssistantError as exc:
            return f"<p>⚠️ {html.escape(str(exc))}</p>"

    def tasks(self, unit: str, doc: str, deadline_before: str, keyword: str):
        try:
            rows = self.runtime.get().tasks(unit=(unit or "").strip() or None, doc=_doc_value(doc),
                                            deadline_before=check_date(deadline_before))
        except AssistantError as exc:
            gr.Warning(str(exc))
            return []
        return filter_tasks(rows, keyword or "")

    def task_table(self, unit: str, doc: str, deadline_before: str, keyword: str):
        rows = [task_row(t) for t in self.tasks(unit, doc, deadline_before, keyword)]
        similar = self.runtime.get().similar_units(unit.strip()) if (unit or "").strip() and not rows else []
        hint = f"；您是不是要找：{'、'.join(similar)}" if similar else ""
        return rows, f"共 {len(rows)} 条任务{hint}"

    def export(self, fmt: str, unit: str, doc: str, deadline_before: str, keyword: str) -> str:
        tasks = self.tasks(unit, doc, deadline_before, keyword)
        folder = Path(tempfile.mkdtemp(prefix="tasks-"))
        name = f"任务分解-{time.strftime('%Y%m%d-%H%M%S')}.{fmt}"
        writer = write_csv if fmt == "csv" else write_xlsx
        return str(writer(tasks, folder / name))


# ---------------------------------------------------------------- 文件 tab: add / remove documents


class DocumentsPanel:
    """Add and remove documents from the 文件 tab, then refresh every list of the page.

    The handlers return, after the message, new values for the page's lists in `REFRESHED` order:
    chat doc filter, task doc filter, outline doc, documents table, remove dropdown, task table,
    task count, outline, correct dropdown.
    """

    REFRESHED = 9

    def __init__(self, handlers: ChatHandlers):
        self.h = handlers
        self.admin = DocumentAdmin(handlers.runtime)

    def remove_choices(self):
        """The remove dropdown, its entries led by the file name (what is removed)."""
        return gr.update(choices=[(f"{doc} · {label}", doc) for label, doc in self.h.doc_choices()[1:]], value=None)

    def add(self, file: str | None, title: str, issuer: str, date: str, region: str, number: str,
            replace: bool, unit: str, task_doc: str, deadline: str, keyword: str) -> list:
        """Add the uploaded file; returns [message, file box, *refreshed lists]."""
        if not file:
            return ["⚠️ 请先选择要添加的文件", gr.skip(), *self._unchanged()]
        try:
            path = Path(file)
            check_size(path.stat().st_size, self.admin.settings.max_upload_mb, path.name)
            data = read_limited(path, self.admin.settings.max_upload_mb)
            result = self.admin.add(data, path.name, overrides_from(title, issuer, date, region, number),
                                    replace_existing=bool(replace))
        except AssistantError as exc:  # the message is written for the user
            return [f"⚠️ {exc}", gr.skip(), *self._unchanged()]
        except Exception:  # never a traceback on the page
            log.exception("adding %s failed", file)
            return ["⚠️ 添加失败：服务器内部错误，详情见服务日志", gr.skip(), *self._unchanged()]
        return [f"✅ {added_message(result)}", None,
                *self._refreshed([unit, task_doc, deadline, keyword], show=result.doc)]

    def meta_values(self, doc: str | None) -> list[str]:
        """The metadata fields of `doc` (title, issuer, date, region, 文号), to correct them."""
        meta = {m.doc: m for m in self.h.runtime.get().documents()}.get(doc or "")
        return [meta.title, meta.issuer, meta.date, meta.region, meta.number] if meta else [""] * 5

    def correct(self, doc: str | None, title: str, issuer: str, date: str, region: str, number: str,
                unit: str, task_doc: str, deadline: str, keyword: str) -> list:
        """Save corrected metadata of `doc`; returns [message, *refreshed lists]."""
        if not doc:
            return ["⚠️ 请先选择要更正的文件", *self._unchanged()]
        try:
            result = self.admin.correct(doc, title=title, issuer=issuer, date=date, region=region, number=number)
        except AssistantError as exc:
            return [f"⚠️ {exc}", *self._unchanged()]
        except Exception:
            log.exception("correcting %s failed", doc)
            return ["⚠️ 更正失败：服务器内部错误，详情见服务日志", *self._unchanged()]
        return [f"✅ 已更正 {result.doc} 的文件信息（{result.meta.title}）",
                *self._refreshed([unit, task_doc, deadline, keyword], show=result.doc)]

    def confirm(self, doc: str | None):
        """The confirmation row for removing `doc`: (row, prompt)."""
        if not doc:
            return gr.update(visible=False), "⚠️ 请先选择要删除的文件"
        return gr.update(visible=True), f"确定要删除 **{html.escape(doc)}** 吗？它将从语料和索引中移除。"

    def remove(self, doc: str | None, chat_doc: str, unit: str, task_doc: str, deadline: str,
               keyword: str) -> list:
        """Remove the confirmed document; returns [message, confirmation row, *refreshed lists]."""
        hide = gr.update(visible=False)
        if not doc:
            return ["⚠️ 请先选择要删除的文件", hide, *self._unchanged()]
        try:
            result = self.admin.remove(doc)
        except AssistantError as exc:
            return [f"⚠️ {exc}", hide, *self._unchanged()]
        except Exception:
            log.exception("removing %s failed", doc)
            return ["⚠️ 删除失败：服务器内部错误，详情见服务日志", hide, *self._unchanged()]
        return [f"✅ {removed_message(result)}", hide,
                *self._refreshed([unit, task_doc, deadline, keyword], chat_doc=chat_doc, gone=result.doc)]

    def _unchanged(self) -> list:
        return [gr.skip()] * self.REFRESHED

    def _refreshed(self, filters: list, *, show: str | None = None, chat_doc: str | None = None,
                   gone: str | None = None) -> list:
        choices = self.h.doc_choices()
        docs = choices[1:]
        unit, task_doc, deadline, keyword = filters
        # A filter still set to a removed document would only answer "未知文件": back to all files.
        chat = gr.update(choices=choices, value=ALL) if gone and chat_doc == gone else gr.update(choices=choices)
        task_doc = ALL if gone and task_doc == gone else task_doc
        shown = show or (docs[0][1] if docs else None)
        rows, count = self.h.task_table(unit, task_doc, deadline, keyword)
        return [chat, gr.update(choices=choices, value=task_doc), gr.update(choices=docs, value=shown),
                self.h.documents_table(), self.remove_choices(), rows, count, self.h.outline(shown),
                self.remove_choices()]


def build_ui(runtime: Runtime, store: FeedbackStore) -> gr.Blocks:
    """The Blocks of the chat page."""
    h = ChatHandlers(runtime, store)
    private: dict[str, Any] = {"api_visibility": "private"}
    choices = h.doc_choices()
    with gr.Blocks(title="消防政策问答助手", analytics_enabled=False) as demo:
        gr.Markdown("## 消防政策问答助手\n回答均注明出处：点开引用可查看原文条款（高亮部分为依据）。")
        status = gr.Markdown("")
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                # Custom values allowed: the list fills in on page load (the index may still be loading
                # when the page is built), and API callers may pass any document id; unknown ids are
                # answered with the assistant's own "未知文件" message.
                doc_filter = gr.Dropdown(label="只在此文件中查找", choices=choices, value=ALL,
                                         allow_custom_value=True, elem_id="doc-filter")
                chatbot = gr.Chatbot(label="对话", height=560, elem_id="chatbot", buttons=["copy"],
                                     placeholder="请输入问题，或点击下方示例。")
                with gr.Row(elem_id="question-row"):
                    question = gr.Textbox(label="问题", show_label=False, placeholder="输入问题，按回车发送", scale=8,
                                          elem_id="question", max_lines=4)
                    send = gr.Button("发送", variant="primary", scale=1, elem_id="send")
                gr.Examples(EXAMPLES, inputs=[question], label="示例问题")
                clear = gr.Button("清空对话", size="sm")
                answers = gr.State([])
            with gr.Tab("任务分解", id="tasks"):
                with gr.Row():
                    unit = gr.Textbox(label="单位（牵头/配合/责任）", placeholder="如：区财政局")
                    task_doc = gr.Dropdown(label="文件", choices=choices, value=ALL, allow_custom_value=True)
                    deadline = gr.Textbox(label="完成时限不晚于", placeholder="YYYY-MM-DD")
                    keyword = gr.Textbox(label="关键词", placeholder="如：烟感")
                with gr.Row():
                    search_btn = gr.Button("查询", variant="primary")
                    csv_btn = gr.Button("导出 CSV")
                    xlsx_btn = gr.Button("导出 Excel")
                count = gr.Markdown("")
                table = gr.Dataframe(headers=COLUMNS, type="array", wrap=True, interactive=False,
                                     show_search="search", elem_id="task-table", column_widths=TASK_WIDTHS)
                download = gr.File(label="下载", interactive=False)
            with gr.Tab("文件", id="docs"):
                docs_table = gr.Dataframe(headers=DOC_COLUMNS, type="array", wrap=True, interactive=False)
                with gr.Accordion("添加 / 删除文件", open=False, elem_id="upload-slot"):
                    gr.Markdown("上传 Word（.docx）、PDF 或文本（.txt）文件。下列信息留空时从文件头自动识别。")
                    up_file = gr.File(label="选择文件（.docx / .pdf / .txt）", type="filepath", elem_id="upload-file")
                    with gr.Row():
                        up_title = gr.Textbox(label="标题", placeholder="留空自动识别")
                        up_issuer = gr.Textbox(label="发文机关", placeholder="留空自动识别")
                        up_date = gr.Textbox(label="日期", placeholder="YYYY-MM-DD")
                        up_region = gr.Textbox(label="地区", placeholder="如：青溪区")
                        up_number = gr.Textbox(label="文号", placeholder="留空自动识别")
                    with gr.Row():
                        up_replace = gr.Checkbox(label="替换同名文件", value=False)
                        up_add = gr.Button("添加", variant="primary", elem_id="upload-add")
                    with gr.Row():
                        rm_doc = gr.Dropdown(label="删除文件", choices=[], value=None, elem_id="remove-doc")
                        rm_ask = gr.Button("删除", variant="stop")
                    with gr.Row():
                        fix_doc = gr.Dropdown(label="更正文件信息（选择后，上面的标题等栏填入当前值）", choices=[],
                                              value=None, elem_id="correct-doc")
                        fix_save = gr.Button("保存更正", elem_id="correct-save")
                    with gr.Row(visible=False) as rm_row:
                        rm_prompt = gr.Markdown("")
                        rm_yes = gr.Button("确认删除", variant="stop", elem_id="remove-confirm")
                        rm_no = gr.Button("取消")
                    up_message = gr.Markdown("", elem_id="upload-message")
                outline_doc = gr.Dropdown(label="查看条款目录", choices=[], value=None)
                outline = gr.HTML("")

        filters = [unit, task_doc, deadline, keyword]
        turn = {"fn": h.respond, "inputs": [question, chatbot, doc_filter, answers],
                "outputs": [question, chatbot, answers]}
        # Several staff ask at once: the Assistant is thread-safe, so do not queue them one by one.
        question.submit(**turn, api_name="ask", concurrency_limit=ASK_CONCURRENCY)
        gr.api(h.ask_json, api_name="ask_json", concurrency_limit=ASK_CONCURRENCY)  # for scripts: JSON, not HTML
        send.click(**turn, concurrency_limit=ASK_CONCURRENCY, **private)
        chatbot.like(h.like, inputs=[answers], outputs=None, **private)
        clear.click(lambda: ([], []), outputs=[chatbot, answers], **private)
        chatbot.clear(list, outputs=answers, **private)  # the chat box's own 🗑 button
        search_btn.click(h.task_table, inputs=filters, outputs=[table, count], **private)
        keyword.submit(h.task_table, inputs=filters, outputs=[table, count], **private)
        unit.submit(h.task_table, inputs=filters, outputs=[table, count], **private)
        csv_btn.click(lambda *f: h.export("csv", *f), inputs=filters, outputs=download, **private)
        xlsx_btn.click(lambda *f: h.export("xlsx", *f), inputs=filters, outputs=download, **private)
        outline_doc.change(h.outline, inputs=outline_doc, outputs=outline, **private)
        demo.load(h.on_load, outputs=[doc_filter, task_doc, outline_doc, docs_table, status], **private)
        # Adding/removing: one at a time (a shared queue of one), in Gradio's worker threads, so
        # chat turns keep running; the Assistant swaps in the new index when it is ready.
        panel = DocumentsPanel(h)
        refreshed = [doc_filter, task_doc, outline_doc, docs_table, rm_doc, table, count, outline, fix_doc]
        meta_fields = [up_title, up_issuer, up_date, up_region, up_number]
        documents_queue: dict[str, Any] = {"concurrency_limit": 1, "concurrency_id": "documents", **private}
        up_add.click(panel.add, inputs=[up_file, up_title, up_issuer, up_date, up_region, up_number, up_replace,
                                        *filters], outputs=[up_message, up_file, *refreshed], **documents_queue)
        rm_ask.click(panel.confirm, inputs=rm_doc, outputs=[rm_row, rm_prompt], **private)
        rm_no.click(lambda: gr.update(visible=False), outputs=rm_row, **private)
        rm_yes.click(panel.remove, inputs=[rm_doc, doc_filter, *filters],
                     outputs=[up_message, rm_row, *refreshed], **documents_queue)
        demo.load(panel.remove_choices, outputs=rm_doc, **private)
        demo.load(panel.remove_choices, outputs=fix_doc, **private)
        fix_doc.change(panel.meta_values, inputs=fix_doc, outputs=meta_fields, **private)
        fix_save.click(panel.correct, inputs=[fix_doc, *meta_fields, *filters], outputs=[up_message, *refreshed],
                       **documents_queue)
        demo.load(h.task_table, inputs=filters, outputs=[table, count], **private)
    return demo


def mount_ui(app: FastAPI, runtime: Runtime, store: FeedbackStore, settings: Settings) -> None:
    """Mount the chat page at `/`; with API keys configured, its login password is an API key."""
    gr.mount_gradio_app(
        app,
        build_ui(runtime, store),
        path="/",
        auth=ui_login(settings.api_keys),
        auth_message="请输入任一用户名，密码为 API 密钥。",
        footer_links=["api"],
        run_history=False,
        ssr_mode=False,
        theme=gr.themes.Soft(primary_hue="red"),
        css=CSS,
        max_file_size=f"{settings.max_upload_mb}mb",
    )
    app.add_middleware(ChinesePage)
