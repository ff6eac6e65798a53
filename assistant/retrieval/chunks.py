"""Turn the corpus model into retrievable chunks: clause nodes, table rows, rosters.

A chunk's `text` is the exact source (what a citation shows); its `context` is what gets
embedded and BM25-indexed: the document title and region, the clause path and heading
chain, table headers with their cell values, and the normalised text. That is what makes
a table row such as "加快石坪消防站建设… | 创新经济走廊公司 | 区消防救援支队" findable by
meaning, and lets a question naming a district match that district's chunks.
"""

from __future__ import annotations

from assistant.corpus.normalize import normalize_for_match, repair_spaces
from assistant.corpus.references import articles_of, referenced_text
from assistant.models import Chunk, Clause, ParsedDocument, TableRow, stable_id

import re

MAX_CONTEXT_CHARS = 1200  # e5-small reads 512 tokens; longer contexts are cut by the model anyway
# No passage is longer than this: a longer clause (a 职责分工 paragraph of twenty duties, a converter's
# one-paragraph document) is split at sentence ends into parts, each cited by its own lines. The encoder
# reads ~512 tokens (about as many characters), so a duty past that was never embedded. Decided on five +
# tuning + written + batch 7: 2000 → 500 changed nothing on the first three, +0.9 points of answers on batch 7.
MAX_PASSAGE_CHARS = 500
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")


def build_chunks(document: ParsedDocument) -> list[Chunk]:
    """All chunks of one parsed document, in document order."""
    chunks: list[Chunk] = []
    articles = articles_of(document.clauses)
    for clause, heads in _walk_with_heads(document.clauses, []):
        chunks.extend(_clause_chunks(document, clause, heads, referenced_text(clause.text, articles) if articles else ""))
    for rows in document.tables:
        chunks.extend(_row_chunk(document, row) for row in rows)
    if document.roster:
        chunks.append(_roster_chunk(document))
    chunks.sort(key=lambda c: (c.line_start, c.kind != "clause"))
    return chunks


def _walk_with_heads(clauses: list[Clause], heads: list[str]):
    for clause in clauses:
        yield clause, heads
        yield from _walk_with_heads(clause.children, heads + [repair_spaces(clause.title)])


def _clause_chunks(document: ParsedDocument, clause: Clause, heads: list[str], referenced: str = "") -> list[Chunk]:
    # A clause's own text leaves out any table inside its span (e.g. a box holding a table):
    # the table's rows are chunks of their own. A clause that names its case by number ("符合本办法
    # 第三条第一项情形的") is found by what that article says.
    text = clause.text.strip()
    if not normalize_for_match(text):
        return []
    meta = document.meta
    header = " ".join(part for part in [meta.title, meta.region, clause.path, *heads[-2:]] if part)
    skipped = clause.text[: len(clause.text) - len(clause.text.lstrip())].count("\n")
    parts = passages(text)

    def line_of(offset: int) -> int:  # the file line of the clause text's line `offset` (blank lines are not in it)
        offset += skipped
        return clause.text_lines[offset] if offset < len(clause.text_lines) else clause.line_start + offset

    return [Chunk(
        id=clause.id if len(parts) == 1 else f"{clause.id}-{n}",
        doc=document.doc,
        kind="clause",
        path=clause.path,
        title=meta.title,
        region=meta.region,
        text=part,
        context=_cap(f"{header}\n{normalize_for_match(part)}"
                     + (f"\n{normalize_for_match(referenced)}" if referenced else "")),
        line_start=clause.line_start if len(parts) == 1 else line_of(before),
        line_end=clause.line_end if len(parts) == 1 else min(clause.line_end, line_of(before + part.count("\n"))),
    ) for n, (part, before) in enumerate(parts)]


def passages(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[tuple[str, int]]:
    """`text` in parts of at most `limit` characters, cut after sentence ends (mid-sentence only when one
    sentence is longer), each with the number of lines before it."""
    if len(text) <= limit:
        return [(text, 0)]
    pieces = [p for s in _SENTENCE_END.split(text) for p in (s[i : i + limit] for i in range(0, len(s), limit)) if p]
    parts, current, lines = [], "", 0
    for piece in pieces:
        if current and len(current) + len(piece) > limit:
            parts.append((current, lines))
            lines += current.count("\n")
            current = ""
        current += piece
    parts.append((current, lines))
    return [(part.strip(), before + part[: len(part) - len(part.lstrip())].count("\n"))
            for part, before in parts if part.strip()]


def _row_chunk(document: ParsedDocument, row: TableRow) -> Chunk:
    meta = document.meta
    cells = " | ".join(
        f"{normalize_for_match(name)}：{normalize_for_match(value)}" for name, value in row.cells.items() if value.strip()
    )
    header = " ".join(
        part
        for part in [meta.title, meta.region, normalize_for_match(row.table_title), row.path,
                     normalize_for_match(row.section), normalize_for_match(row.group)]
        if part
    )
    return Chunk(
        id=row.id,
        doc=document.doc,
        kind="row",
        path=row.path,
        title=meta.title,
        region=meta.region,
        text=_clip(document.source_text(row.line_start, row.line_end).strip("\n")),
        context=_cap(f"{header}\n{cells}"),
        line_start=row.line_start,
        line_end=row.line_end,
    )


def _roster_chunk(document: ParsedDocument) -> Chunk:
    entries = document.roster
    start = min(e.line_start for e in entries)
    end = max(e.line_end for e in entries)
    group = entries[0].group
    members = "；".join(f"{e.role}：{e.name} {e.post}" for e in entries)
    return Chunk(
        id=stable_id(document.doc, "roster", group),
        doc=document.doc,
        kind="roster",
        path=group or "成员名单",
        title=document.meta.title,
        region=document.meta.region,
        text=_clip(document.source_text(start, end).strip()),
        context=_cap(f"{document.meta.title} {document.meta.region} {group} 成员名单\n{members}"),
        line_start=start,
        line_end=end,
    )


def _clip(text: str) -> str:
    """A table row or roster is cited whole; one longer than a passage shows its first part."""
    return text if len(text) <= MAX_PASSAGE_CHARS else text[: MAX_PASSAGE_CHARS - 1] + "…"


def _cap(text: str) -> str:
    return text[:MAX_CONTEXT_CHARS]
