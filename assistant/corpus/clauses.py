"""The clause tree: document → chapters/sections → clauses → items → bullets, with line spans.

Nesting is not fixed per numbering style: the first style met becomes the outer level and
each new style nests inside the current one, so "一、/1." (渝北), "一、/（一）/1./（1）" (梁平)
and "第一章、/（一）/1." (大丰) all come out right. 专栏 boxes nest under the clause they
follow and end at the next numbered heading; 附件 annexes are always top level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.corpus.normalize import EMOJI, repair_spaces
from assistant.lexicon import DOCUMENT_NOUN
from assistant.models import Clause

_CN = "一二三四五六七八九十百零〇"
_BULLETS = "●•◆◇■□▲△★☆▪►▶▷➤◎"  # ● of Word, the bullets of slides pasted into a plan, an article's arrows
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("annex", re.compile(r"^附\s*[件录]\s*(\d+|[一二三四五六七八九十]+|[A-Z])?\s*(?:([:：])\s*(.*))?$")),
    ("chapter", re.compile(rf"^第\s*([{_CN}\d]+)\s*章[、，．.\s]*(.*)$")),
    ("article", re.compile(rf"^第\s*([{_CN}\d]+)\s*条[、，．.\s]*(.*)$")),
    ("box", re.compile(r"^((?:重点工程|重点项目|重点任务)?专栏\s*\d+)\s*[:：]?\s*(.*)$")),
    # "交办事项1：…", "重点任务二：…": a work item numbered after its noun, with a colon
    ("named", re.compile(r"^((?:交办|督办|重点|工作|整改|专项)?(?:事项|任务|问题|项目)\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}))"
                         r"\s*[:：]\s*(.+)$")),
    ("section", re.compile(r"^([一二三四五六七八九十]+)\s*、\s*(.+)$")),
    # a standard's decimal outline: "3.2.1 督促新建…" (one style per depth, so each nests in the one above), and
    # its chapters "4 监督检查和隐患整改" (a figure, a space, a short title: kept only where the outline has them)
    ("outline", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\s*(?![\d.])(.+)$")),
    ("outline1", re.compile(r"^(\d{1,2})\s+([^\s\d.、，,。：:；;%％][^\s。；;，,：:]{1,20})$")),
    # "🔥01 压实责任 织密防线", "PART 02｜紧盯“小电驴”": an article's numbered parts, as official accounts (公众号) head
    # them — a number padded to two digits after an optional emoji, then a short title (not "01.…", an item)
    ("part", re.compile(rf"^(?:[{EMOJI}\u2600-\u27BF]\s*)*(?:PART|Part|part)?\s*(0[1-9]|1\d)"
                        r"(?:\s+|\s*[|｜丨]\s*)([^\s。；，,.|｜丨][^。；]{1,28})$")),
    # "【街道平安办】1.牵头组织…": a duty section opened by its owner in square brackets (never a label "【牵头：X】")
    ("owner", re.compile(r"^【([^】：:（）()]{2,30})】\s*(.*)$")),
    # "一是开展高层住宅消防设施“体检”。…", each on its own line: the items of the clause above
    ("ordinal", re.compile(r"^([一二三四五六七八九十]{1,3})是\s*(?![的否为])(.+)$")),
    ("clause", re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*(.+)$")),
    ("subitem", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.+)$")),
    ("circled", re.compile(r"^([①-⑳])\s*(.+)$")),
    ("item", re.compile(r"^(\d{1,3})\s*[.．、](?:(?![\d.．])|(?=\d{1,2}月|\d{4}年))\s*(.+)$")),
    ("bullet", re.compile(rf"^[{_BULLETS}]\s*(.+)$")),
    ("dash", re.compile(r"^——\s*(.+)$")),
]
_KIND = {
    "annex": "annex", "chapter": "chapter", "article": "clause", "box": "box", "section": "section", "part": "section",
    "outline1": "section", "outline2": "clause", "outline3": "item", "outline4": "subitem",
    "owner": "clause",
    "clause": "clause", "subitem": "subitem", "circled": "subitem", "item": "item", "named": "item", "ordinal": "item",
    "bullet": "bullet", "dash": "bullet", "boxsub": "item", "para": "item",
}
_LOOSE = {"bullet", "dash", "box", "boxsub"}  # styles that a numbered heading closes
# "1.5米", "2.5万", "3、4号楼": a number followed by a measure is text, not a heading.
_MEASURE_START = re.compile(r"^(?:\d|米|万|亿|千|百|%|％|倍|元|个|年|月|日|号|层|栋|公里|平方|立方|吨|人|次)")
_DATE_START = re.compile(r"^(?:\d{1,2}月|\d{4}年)")  # "1.9月30日前，…" is item 1, dated
_ANNEX_LIST = re.compile(r"^附\s*件\s*[:：]")
_TITLE_MAX = 40
PREAMBLE_PATH = "（文首）"


@dataclass
class Heading:
    style: str  # key of _PATTERNS (or "boxsub")
    label: str  # normalised numbering, e.g. "（三）", "2.", "重点工程专栏05"
    rest: str  # the heading line after its numbering


def _titles_a_table(number: int, lines: list[str], table_lines: set[int]) -> bool:
    """True when the next non-blank line after line `number` (1-based) belongs to a table."""
    following = next((n for n in range(number + 1, len(lines) + 1) if lines[n - 1].strip()), None)
    return following is not None and following in table_lines


def heading_of(line: str) -> Heading | None:
    """The heading a line starts with, or None for body text."""
    text = line.strip()
    for style, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        if style == "annex":
            number, colon, rest = match.group(1), match.group(2), match.group(3)
            if number is None and colon:
                return None  # "附件：…" lists the annexes; it does not start one
            return Heading("annex", f"{text[0]}{text.lstrip('附 ')[0]}{number or ''}", (rest or "").strip())
        if style in ("bullet", "dash"):  # the symbol is kept: bullets of two symbols are two levels
            return Heading(style, text[0] if style == "bullet" else "——", match.group(1))
        number, rest = match.group(1), match.group(2)
        if style == "outline":  # "3.2.1": the depth is the style ("4.1 日常检查", not "1.5米" or "1.9月30日前，…")
            if not text[len(number)].isspace() and _MEASURE_START.match(rest):
                continue
            style = f"outline{number.count('.') + 1}"
        if style in ("item", "part", "outline1") and _MEASURE_START.match(rest) \
                and not (style == "item" and _DATE_START.match(rest)):
            return None
        if style == "owner":  # the owner is the heading's title; its duties may follow on the same line
            return Heading(style, f"【{number}】", f"{number}。{rest}" if rest else number)
        return Heading(style, _label(style, number), rest)
    return None


def _label(style: str, number: str) -> str:
    return {
        "chapter": f"第{number}章", "article": f"第{number}条", "box": re.sub(r"\s+", "", number),
        "named": re.sub(r"\s+", "", number), "ordinal": f"{number}是",
        "section": f"{number}、", "clause": f"（{number}）", "subitem": f"（{number}）", "item": f"{number}.",
    }.get(style, number)


def make_title(rest: str, style: str = "") -> str:
    """A heading's title: its text up to the first 。 (or ： for boxes and bullets), spaces repaired."""
    text = repair_spaces(rest).strip()
    cut = text.find("。")
    if style in ("box", "bullet", "dash", "annex"):
        colon = text.find("：")
        if 0 <= colon < _TITLE_MAX and (cut < 0 or colon < cut):
            text = text[colon + 1 :] if style in ("box", "annex") else text[:colon]
            cut = text.find("。")
    if cut >= 0:
        text = text[:cut]
    text = text.strip("：:，,；; ")
    return text if len(text) <= _TITLE_MAX else text[: _TITLE_MAX - 1] + "…"


def parse_clauses(doc: str, lines: list[str], skip: set[int] = frozenset()) -> list[Clause]:
    """The clause tree of a document.

    Args:
        doc: document id.
        lines: original lines (index 0 is line 1).
        skip: 1-based line numbers that belong to tables; they are neither headings nor text.

    Returns:
        Top-level nodes: a "preamble" node for the lines before the first heading, then
        sections/chapters/annexes with their children.
    """
    roots: list[Clause] = []
    stack: list[tuple[str, Clause]] = []
    own: dict[int, list[int]] = {}  # id(node) → its own line numbers
    in_annex_list = False
    preamble: list[int] = []
    headings = {number: heading_of(line) for number, line in enumerate(lines, start=1) if number not in skip}
    bare = bare_headings(lines, skip, headings)
    for number, level in bare.items():
        headings[number] = Heading(f"bare{level}", "", lines[number - 1].strip())
    for number, count in _paragraphs(bare, lines, skip, headings).items():
        headings[number] = Heading("para", f"第{count}段", lines[number - 1].strip())
    chapters = {h.label.split(".")[0] for h in headings.values()  # the chapters a decimal outline uses ("3" of "3.2.1")
                if h is not None and h.style.startswith("outline") and h.style != "outline1"}
    for number, line in enumerate(lines, start=1):
        if number in skip:
            continue
        heading = headings[number]
        if heading is not None and heading.style == "outline1" and heading.label not in chapters:
            heading = None  # "1 总则" heads a chapter only where "1.1 …" follows
        if in_annex_list:
            # "附件：1．…名单\n2．…分解表" lists the annexes; its numbers are not items. Any other heading
            # ("附件1", or "一、工作目标" of a plan that follows its notice) ends the list.
            if heading is not None and heading.style == "item":
                heading = None
            elif heading is not None:
                in_annex_list = False
        elif heading is None and _ANNEX_LIST.match(line.strip()):
            if _titles_a_table(number, lines, skip):  # "附件：…任务分解表" right above the table: the annex starts
                heading = Heading("annex", "附件", _ANNEX_LIST.sub("", line.strip()).strip())
            else:
                in_annex_list = True
        if heading is None and stack and line.startswith("\t") and _in_box(stack) and _is_box_subheading(line):
            heading = Heading("boxsub", "", line.strip())
        if heading is None:
            if _closes_enumeration(stack, own, lines) and not line.rstrip().endswith(("：", ":")):
                stack.pop()  # "…职责：（一）…；…（六）…。" then a paragraph of the article itself
            (own[id(stack[-1][1])] if stack else preamble).append(number)
            continue
        parent = _place(stack, heading.style, heading.label)
        node = _make_node(doc, heading, number, parent, lines)
        (parent.children if parent else roots).append(node)
        stack.append((heading.style, node))
        own[id(node)] = [number]
    _dedupe_paths(roots)
    for root in roots:
        for node in root.walk():
            _set_text(node, own.get(id(node), []), lines)
    if any(lines[n - 1].strip() for n in preamble):
        roots.insert(0, _preamble(doc, preamble, lines))
    return roots


MIN_ENUMERATION_ITEMS = 3  # items of one line each before a paragraph is read as the parent's, not the last item's


def _closes_enumeration(stack: list[tuple[str, Clause]], own: dict[int, list[int]], lines: list[str]) -> bool:
    """True when an unnumbered line follows the last item of an announced list of one-line items
    ("应当履行下列职责：" / "（一）…；" … "（六）…。"): the line goes on with the clause that announced the
    list. An item with a body of its own ("（一）加强组织领导。" + paragraphs) keeps its paragraphs, and a line
    that announces the next list ("公安派出所应当履行下列职责：") stays with the last item, which it closes."""
    if len(stack) < 2:
        return False
    item, parent = stack[-1][1], stack[-2][1]
    siblings = parent.children
    if len(siblings) < MIN_ENUMERATION_ITEMS or siblings[-1] is not item:
        return False
    announced = lines[own[id(parent)][0] - 1].rstrip().endswith(("：", ":"))
    one_liners = all(own.get(id(c)) == [c.line_start] and not c.children
                     and lines[c.line_start - 1].rstrip().endswith(("；", ";", "。")) for c in siblings)
    return announced and one_liners and lines[item.line_start - 1].rstrip().endswith("。")


def _in_box(stack: list[tuple[str, Clause]]) -> bool:
    return any(style == "box" for style, _ in stack)


def _is_box_subheading(line: str) -> bool:
    text = line.strip()
    return 0 < len(text) <= 25 and "。" not in text and heading_of(text) is None


def _place(stack: list[tuple[str, Clause]], style: str, label: str = "") -> Clause | None:
    """Pop the stack to where a heading of `style` belongs; return its parent. Bullets of one symbol are
    siblings (● and —— alike); another symbol nests under the bullet above it ("★ 重点任务" › "◆ 开展…"),
    up to a bullet of its own symbol."""
    if style == "annex":
        stack.clear()
    elif style in ("bullet", "dash"):
        symbol = _bullet_symbol(label)
        if any(s in ("bullet", "dash") and _bullet_symbol(c.label) == symbol for s, c in stack):
            while stack:  # up to and past the last bullet of this symbol, and what nests in it ("①…" under "◆")
                popped_style, popped = stack.pop()
                if popped_style in ("bullet", "dash") and _bullet_symbol(popped.label) == symbol:
                    break
    elif style == "boxsub":
        while stack and stack[-1][0] in ("bullet", "dash", "boxsub"):
            stack.pop()
    elif style == "para":
        while stack and stack[-1][0] == "para":
            stack.pop()
    elif style.startswith("bare"):  # up to the bare heading one level above it
        while stack and stack[-1][0] not in ("annex", "chapter", "section") and not (
                stack[-1][0].startswith("bare") and int(stack[-1][0][4:]) < int(style[4:])):
            stack.pop()
    elif style == "box":
        while stack and stack[-1][0] in _LOOSE:
            stack.pop()
    elif any(s == style for s, _ in stack):
        while stack[-1][0] != style:
            stack.pop()
        stack.pop()
    elif not (style == "circled" and stack and stack[-1][0] in ("bullet", "dash")):  # "◆ 开展…" › "①依法查处…"
        while stack and stack[-1][0] in _LOOSE:
            stack.pop()
    return stack[-1][1] if stack else None


def _bullet_symbol(label: str) -> str:
    symbol = label.rstrip("0123456789")[:1]
    return "●" if symbol in ("●", "•", "—") else symbol


def _make_node(doc: str, heading: Heading, number: int, parent: Clause | None, lines: list[str]) -> Clause:
    style, label = heading.style, heading.label
    if style in ("bullet", "dash"):
        count = 1 + sum(1 for c in (parent.children if parent else []) if c.kind == "bullet")  # ● and —— alike
        label = "●" if label == "•" else label
        label = f"{label}{count}"
    title = make_title(heading.rest, style)
    if style == "annex" and not title:
        title = _next_text(lines, number)
    if style in ("annex", "box") or style.startswith("outline"):  # "3.2.1" names itself
        path = label
    elif style == "boxsub" or style.startswith("bare"):
        path = f"{parent.path}·{title}" if parent else title
    elif style == "para":
        path = f"{parent.path} {label}" if parent else label
    elif style in ("bullet", "dash"):  # cited as people cite them: "重点工程专栏01 第2项", not "…01●2"
        item = f"第{label.lstrip(_BULLETS + '—')}项"
        path = f"{parent.path} {item}" if parent else item
    else:
        path = f"{parent.path}{label}" if parent else label
    level = (parent.level + 1) if parent else 1
    kind = _KIND[style] if style in _KIND else _BARE_KINDS[min(int(style[4:]), len(_BARE_KINDS)) - 1]
    return Clause(doc=doc, path=path, label=label, kind=kind, level=level, title=title,
                  text="", line_start=number, line_end=number)


# A document copied out of Word whose automatic numbering was lost: its headings are short lines with no number
# and no punctuation ("重点任务", "老旧小区电动自行车整治"), its items plain paragraphs. Read only where the body has
# no numbered headings of its own; a run of such lines nests ("重点任务" › "电动自行车火灾风险整治" › …), and a run
# after body text ends at the depth the last run reached (its last line a sibling of the last heading there).
_BARE_KINDS = ("section", "clause", "item", "subitem")
BARE_HEADING_MAX = 25  # characters
MIN_BARE_HEADINGS = 4  # fewer such lines in a body are no outline
_NUMBERED = ("chapter", "article", "section", "clause", "outline2", "outline3", "named", "part", "owner")
_BARE_PUNCTUATION = re.compile(r"[。，,；;：:？?！!（(【〔\[）)】〕\]|\t]|\S\s{2,}\S")
# a date, a 文号, a title ("…实施方案"): the lines around a document's title are no headings of its body
_BARE_NOT = re.compile(rf"\d{{4}}\s*年|\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|〔|号$|(?:{DOCUMENT_NOUN.pattern}|函|报告|纪要)$")


def bare_headings(lines: list[str], skip: set[int], headings: dict[int, Heading | None]) -> dict[int, int]:
    """{line: level} of the unnumbered headings of a document whose numbering was lost (see above)."""
    from assistant.corpus.units import is_unit_like

    if any(h is not None and h.style in _NUMBERED for h in headings.values()):
        return {}
    body = [n for n in range(1, len(lines) + 1) if n not in skip and lines[n - 1].strip()]
    following = {n: body[i + 1] for i, n in enumerate(body[:-1])}

    def bare(n: int) -> bool:
        text = lines[n - 1].strip()
        return (2 <= len(text) <= BARE_HEADING_MAX and headings.get(n) is None and not lines[n - 1][:1].isspace()
                and not _BARE_PUNCTUATION.search(text) and not _BARE_NOT.search(text) and not is_unit_like(text)
                and not re.search(r"\d", text))

    candidates = [n for n in body[1:] if bare(n) and n in following and following[n] not in skip
                  and (headings.get(following[n]) is None or headings[following[n]].style == "annex")]
    chosen = [n for n in candidates if bare(following[n]) or len(lines[following[n] - 1].strip()) > BARE_HEADING_MAX]
    if len(chosen) < MIN_BARE_HEADINGS:
        return {}
    levels: dict[int, int] = {}
    depth, run = 1, []
    for n in chosen + [0]:
        if run and n == following.get(run[-1]):
            run.append(n)
            continue
        if run:
            first = max(1, depth - len(run) + 1) if levels else 1
            for k, m in enumerate(run):
                levels[m] = first + k
            depth = first + len(run) - 1
        run = [n]
    return levels


def _paragraphs(bare: dict[int, int], lines: list[str], skip: set[int],
                headings: dict[int, Heading | None]) -> dict[int, int]:
    """{line: k} of the paragraphs under a bare heading that holds two or more: each is an item of its own ("第2段"),
    as its lost number made it. A paragraph goes on over the list it announces ("…以下要求：" / "…；" lines)."""
    starts: dict[int, int] = {}
    for heading in bare:
        found, previous = [], ""
        for number in range(heading + 1, len(lines) + 1):
            text = lines[number - 1].strip()
            if number in skip or number in bare or headings.get(number) is not None:
                break
            if not text:
                continue
            if not previous or (previous.endswith("。") and not text.endswith(("；", ";"))):
                found.append(number)
            previous = text
        if len(found) >= 2:
            starts.update({number: k for k, number in enumerate(found, start=1)})
    return starts


def _next_text(lines: list[str], number: int) -> str:
    """An annex's title: the short lines after "附件1", joined ("…突出问题" + "…成员名单")."""
    parts: list[str] = []
    for line in lines[number : number + 6]:
        text = line.strip()
        if not text:
            continue
        if line.startswith("\t") or len(text) > 40 or "：" in text or "。" in text or heading_of(text):
            break
        parts.append(text)
    return make_title("".join(parts)) if parts else ""


def _set_text(node: Clause, numbers: list[int], lines: list[str]) -> None:
    """Own text: the node's own lines (blank lines between them kept), up to its last text line."""
    mine = set(numbers)
    written = [n for n in numbers if lines[n - 1].strip()]
    node.line_end = max(written) if written else node.line_start
    node.text_lines = [n for n in range(node.line_start, node.line_end + 1) if n in mine]
    node.text = "\n".join(lines[n - 1] for n in node.text_lines)


def _preamble(doc: str, numbers: list[int], lines: list[str]) -> Clause:
    body = [n for n in numbers if lines[n - 1].strip()]
    node = Clause(doc=doc, path=PREAMBLE_PATH, label="", kind="preamble", level=1,
                  title=make_title(lines[body[0] - 1]), text="", line_start=body[0], line_end=body[-1])
    _set_text(node, body, lines)
    return node


def _dedupe_paths(roots: list[Clause]) -> None:
    """Paths are ids; a malformed document may repeat a numbering, so make each one unique."""
    seen: dict[str, int] = {}
    for root in roots:
        for node in root.walk():
            if node.path in seen:
                seen[node.path] += 1
                node.path = f"{node.path}#{seen[node.path]}"
            else:
                seen[node.path] = 1
