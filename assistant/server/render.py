"""Turn an Answer into what people read: plain text with [n] markers, or chat HTML.

Pure functions over `assistant.models` records; every piece of source text is escaped
before it is put into HTML.
"""

from __future__ import annotations

import html
import re

from assistant.corpus.coverage import Coverage
from assistant.models import Answer, Citation, Clause

_MARKER = re.compile(r"\[(\d+)\]")


def span_label(line_start: int, line_end: int) -> str:
    """"第12行" or "第12–15行"."""
    return f"第{line_start}行" if line_start == line_end else f"第{line_start}–{line_end}行"


def citation_label(c: Citation) -> str:
    """One line naming a source: "[1] 《title》 clause（第12–15行）"."""
    clause = f" {c.clause}" if c.clause else ""
    return f"[{c.n}] 《{c.title}》{clause}（{span_label(c.line_start, c.line_end)}）"


def answer_text(answer: Answer) -> str:
    """The answer as plain text: [n] markers in the text and a numbered source list below.

    Used wherever only text travels (OpenAI-compatible chat, bots), so the sources
    stay visible even in tools that ignore the structured `citations` field.
    """
    text = answer.answer.strip()
    if answer.citations and not _MARKER.search(text):
        text += " " + "".join(f"[{c.n}]" for c in answer.citations)
    if answer.citations:
        text += "\n\n来源：\n" + "\n".join(citation_label(c) for c in answer.citations)
    elif answer.suggestions:
        text += "\n\n可参考：\n" + "\n".join(citation_label(c) for c in answer.suggestions)
    return text


def mark(text: str, highlight: str) -> str:
    """Escape `text` and wrap each occurrence of `highlight` in <mark>.

    When the exact highlight is not found (the corpus has PDF spaces inside words),
    it is matched again with whitespace allowed between any two characters.
    """
    highlight = highlight.strip()
    if not highlight:
        return html.escape(text)
    pattern = re.escape(highlight)
    if highlight not in text:
        pattern = r"\s*".join(re.escape(ch) for ch in highlight if not ch.isspace())
    out, last = [], 0
    for m in re.finditer(pattern, text):
        if m.end() == m.start():
            continue
        out.append(html.escape(text[last : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def enclosing_clause(clauses: list[Clause], line_start: int, line_end: int, max_lines: int = 40) -> Clause | None:
    """The smallest clause whose own span covers the cited lines (None if none, or too long to show)."""
    best: Clause | None = None
    for top in clauses:
        for clause in top.walk():
            covers = clause.line_start <= line_start and line_end <= clause.line_end
            if covers and (best is None or clause.line_end - clause.line_start < best.line_end - best.line_start):
                best = clause
    if best is not None and best.line_end - best.line_start + 1 > max_lines:
        return None
    return best


def source_block(lines: list[str], c: Citation, clause: Clause | None) -> str:
    """HTML of the full source clause around a citation, the cited text highlighted.

    Args:
        lines: the document's original lines (index 0 is line 1).
        c: the citation.
        clause: the enclosing clause, or None to show only the cited lines.
    """
    start, end = c.line_start, c.line_end
    if clause is not None:
        start, end = min(start, clause.line_start), max(end, clause.line_end)
    if lines:
        start, end = max(start, 1), min(end, len(lines))
        while start < end and not lines[start - 1].strip():
            start += 1
        while end > start and not lines[end - 1].strip():
            end -= 1
        shown = "\n".join(lines[start - 1 : end])
    else:
        shown = c.text
    # No raw newlines: a blank line would end Markdown's raw-HTML block mid-citation.
    body = mark(shown, c.highlight or c.text).replace("\t", "&emsp;").replace("\n", "<br>")
    return f'<div class="src" data-lines="{start}-{end}">{body}</div>'


def citation_details(c: Citation, lines: list[str], clause: Clause | None) -> str:
    """One citation as an expandable <details> block (no blank lines: Markdown keeps it as raw HTML)."""
    path = html.escape(c.clause or (clause.path if clause else ""))
    summary = (
        f'<span class="cite-n">[{c.n}]</span> 《{html.escape(c.title)}》 {path}'
        f' <span class="cite-span">{span_label(c.line_start, c.line_end)}</span>'
    )
    meta = f'<div class="cite-meta">文件：{html.escape(c.doc)} · 条款：{path or "—"} · {span_label(c.line_start, c.line_end)}</div>'
    return (
        f'<details class="citation" data-n="{c.n}" data-doc="{html.escape(c.doc)}">'
        f"<summary>{summary}</summary>{meta}{source_block(lines, c, clause)}</details>"
    )


def answer_html(answer: Answer, sources: dict[str, list[str]], outlines: dict[str, list[Clause]]) -> str:
    """The chat message for an answer: the answer first, then numbered expandable citations.

    Args:
        answer: the answer.
        sources: doc id → original lines, for every cited document.
        outlines: doc id → clause tree, to find the clause around each citation.
    """
    parts = [html.escape(answer.answer.strip()).replace("\n", "<br>")]
    cited, heading = answer.citations, "引用来源"
    if not cited and answer.suggestions:
        cited, heading = answer.suggestions, "未找到确切依据，最相近的条款"
    if cited:
        blocks = []
        for c in cited:
            clause = enclosing_clause(outlines.get(c.doc, []), c.line_start, c.line_end)
            blocks.append(citation_details(c, sources.get(c.doc, []), clause))
        parts.append(f'<div class="citations"><div class="cite-head">{heading}</div>{"".join(blocks)}</div>')
    return "\n\n".join(parts)


def outline_html(clauses: list[Clause], max_depth: int = 3) -> str:
    """A document's clause tree as nested lists: path, title and line span of each node."""

    def render(nodes: list[Clause], depth: int) -> str:
        if not nodes or depth > max_depth:
            return ""
        items = []
        for c in nodes:
            shown = "•" if c.kind == "bullet" else c.label or c.path  # a bullet shows as one, not as "——1"
            label = html.escape(f"{shown} {c.title}".strip())
            span = span_label(c.line_start, c.subtree_end)
            items.append(f'<li><span class="ol-path">{label}</span> <span class="cite-span">{span}</span>'
                         f"{render(c.children, depth + 1)}</li>")
        return f'<ul class="outline">{"".join(items)}</ul>'

    return render(clauses, 1) or "<p>（无条款结构）</p>"


def coverage_html(found: Coverage, limit: int = 50) -> str:
    """The document's lines that speak of responsibility or deadlines but gave no task, for a person to check."""
    if not found.unparsed:
        return (f'<p class="coverage">台账：{found.tasks} 项任务；含“牵头/负责/配合/责任/完成/…前”的 '
                f"{found.candidate_lines} 行均已生成任务。</p>")
    items = "".join(f'<li><span class="cite-span">第{u.line}行</span> {html.escape(u.text[:120])}</li>'
                    for u in found.unparsed[:limit])
    more = f"<p>……另有 {len(found.unparsed) - limit} 行</p>" if len(found.unparsed) > limit else ""
    return (f'<details class="coverage"><summary>台账：{found.tasks} 项任务；{len(found.unparsed)} 行含责任或时限用语'
            f"却未生成任务（请核对，多为目标或背景语句）</summary><ul>{items}</ul>{more}</details>")
