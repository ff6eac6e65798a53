"""A document's own history: when and by whom it was passed, approved, promulgated, revised, put in force,
made and forwarded.

Regulations carry it in dated lines under the title ("2021年9月1日 南阳市…会议通过", "2012年12月12日 …公告第4号
公布", "…第一次修订  2022年3月29日…第二次修订") and in a closing article ("本条例自2022年1月1日起施行").
A forwarding notice ("X关于转发[Y]《T》的通知") names who forwards it; who made the text is Y, or the
unit that signs it at the end over a date line. Pure functions over the lines, tested with inline fixtures.
"""

from __future__ import annotations

import re

from assistant.corpus.metadata import DATE_TEXT, chinese_date, header_lines, signature
from assistant.corpus.normalize import repair_spaces
from assistant.lexicon import FORWARDING, IN_FORCE
from assistant.models import DocumentEvent, DocumentMeta

# One dated step in a header line: the date, who (a meeting, a 公告), and the step; a line may hold several.
_STEP = re.compile(rf"(?P<date>{DATE_TEXT})\s*(?P<body>[^（）()]{{0,60}}?)\s*(?P<kind>通过|批准|公布|修订|修正|施行)")
_PASSED_BY_MEETING = re.compile(r"已经(?P<body>[^，。；]{2,30}?会议)(?:审议|讨论|研究)?通过")


def document_events(doc: str, lines: list[str], meta: DocumentMeta) -> list[DocumentEvent]:
    """The dated steps the document states about itself, in the order it states them."""
    events: list[DocumentEvent] = []
    header = header_lines(lines)
    for n, line in enumerate(header, 1):
        text = repair_spaces(line.strip())
        for step in _STEP.finditer(text):
            events.append(DocumentEvent(doc, step.group("kind"), step.group("date"), _body(step.group("body")), n,
                                        said=step.group(0)))
        if passed := _PASSED_BY_MEETING.search(text):
            events.append(DocumentEvent(doc, "通过", "", passed.group("body"), n, said=passed.group(0)))
    forwarded = next(((n, m) for n, line in enumerate(header, 1)
                      if (m := FORWARDING.match(repair_spaces(line.strip())))), None)
    signed = signature(lines)
    if forwarded is not None:
        n, match = forwarded
        events.append(DocumentEvent(doc, "转发", chinese_date(meta.date), match.group("by"), n))
        author = match.group("author").strip() or (signed[0] if signed else "")
        if author:
            by_signer = signed is not None and (not match.group("author").strip() or signed[0].endswith(author))
            line, date = (signed[2], signed[1]) if by_signer else (n, "")
            events.append(DocumentEvent(doc, "制定", date, author, line, line + 1 if by_signer else n))
    if signed is not None:
        events.append(DocumentEvent(doc, "落款", signed[1], signed[0], signed[2], signed[2] + 1))
    for n, line in enumerate(lines, 1):
        for match in IN_FORCE.finditer(repair_spaces(line)):
            if not any(e.kind == "施行" and e.date == match.group("date") for e in events):
                events.append(DocumentEvent(doc, "施行", match.group("date"), "", n, said=match.group(0)))
    return events


def _body(text: str) -> str:
    return text.strip(" 　，,（(")
