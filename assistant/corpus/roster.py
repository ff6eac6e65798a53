"""Leading-group rosters: "组      长：唐  军  区政府副区长" and the lines that follow it.

A line without a role continues the role above ("徐  勇  区政府副区长" under 第一副组长);
a line with no name continues the post above ("区委宣传部副部长，\\n区融媒体中心主任");
names keep no inner spaces ("唐  军" → "唐军"). A closing sentence such as
"由区消防救援支队支队长张勇任办公室主任" adds the office director.
"""

from __future__ import annotations

import re

from assistant.corpus.clauses import heading_of
from assistant.corpus.normalize import repair_spaces
from assistant.corpus.units import split_outside_brackets
from assistant.lexicon import POST_PATTERN, WORKING_GROUPS
from assistant.models import RosterEntry

_ROLE = re.compile(
    r"^\s*(?:(?:工作)?专班|领导小组|工作小组|指挥部|委员会)?(?P<role>组\s*长|第\s*一\s*副\s*组\s*长|常\s*务\s*副\s*组\s*长|副\s*组\s*长|成\s*员|秘\s*书\s*长|"
    r"办\s*公\s*室\s*主\s*任|联\s*络\s*员)\s*[:：]\s*(?P<rest>.*)$"
)
_APPOINT = re.compile(
    r"由(?P<post>[^，。；由]*?(?:长|主任|书记|委员))(?P<name>[\u4e00-\u9fff]{2,3})任(?P<role>办公室主任|办公室副主任|秘书长)"
)
_NAME_MAX = 4


# A body set up in a sentence and who chairs it: "设立消防安全委员会，由行政主要领导担任主任，分管领导担任副主任".
_BODY = re.compile(rf"(?P<body>[\u4e00-\u9fff\d]{{2,24}}?(?:委员会|领导小组|工作小组|工作组|指挥部|联席会议|{'|'.join(WORKING_GROUPS)}))")
_SENTENCE_ROLE = re.compile(rf"(?:由)?(?P<who>[^，。；：由]{{2,20}}?)(?:担任|兼任|任)(?P<role>{POST_PATTERN})"
                            r"(?=[，。；、]|$)")
# …or the post first: "组长由分管副区长担任", "办公室主任由县应急管理局局长兼任"
_ROLE_FIRST = re.compile(rf"(?<![\u4e00-\u9fff])(?P<role>{POST_PATTERN})由(?P<who>[^，。；：由]{{2,40}}?)(?:担任|兼任)(?=[，。；、]|$)")
_GROUP_LINE = re.compile(rf"^\s*(?P<body>[\u4e00-\u9fff]{{2,12}}?(?:{'|'.join(WORKING_GROUPS)}|工作组|小组))\s*[:：]")  # "巡查检查组："


def parse_roster(doc: str, lines: list[str]) -> list[RosterEntry]:
    """Every roster entry in a document, in line order: role lines, and bodies chaired in a sentence."""
    entries: list[RosterEntry] = []
    number = 1
    while number <= len(lines):
        if _ROLE.match(lines[number - 1]):
            group = _group_title(lines, number)
            number = _read_roster(doc, lines, number, group, entries)
        else:
            entries += sentence_roster(doc, lines[number - 1], number)
        number += 1
    return entries


def sentence_roster(doc: str, line: str, number: int) -> list[RosterEntry]:
    """"各街道设立消防安全委员会，由行政主要领导担任主任，分管领导担任副主任" → 主任: 行政主要领导, 副主任: 分管领导,
    each in the body the sentence sets up."""
    entries = []
    text = repair_spaces(line)
    heading = _GROUP_LINE.match(text)
    current = heading.group("body") if heading else ""  # "巡查检查组：组长由…担任": the group the line is about
    for sentence in re.split(r"[。；]", text):
        body = _BODY.search(sentence)
        if body is not None:
            current = _set_up(body.group("body"))
        elif not current:
            continue
        start = body.end() if body is not None else 0  # "成立…领导小组。组长由分管副区长担任": the body goes on
        found = [*_SENTENCE_ROLE.finditer(sentence, start), *_ROLE_FIRST.finditer(sentence, start)]
        for match in sorted(found, key=lambda m: m.start()):
            who = re.sub(r"^(?:[，、]|由|并)+", "", match.group("who")).strip()
            if 2 <= len(who) <= 40:
                entries.append(RosterEntry(doc=doc, group=current, role=match.group("role"), name=who, post="",
                                           line_start=number, line_end=number))
    return entries


def _group_title(lines: list[str], first: int) -> str:
    """The roster's title: the short lines above its first role line, up to the annex heading."""
    parts: list[str] = []
    for number in range(first - 1, max(0, first - 8), -1):
        text = lines[number - 1].strip()
        if not text:
            continue
        heading = heading_of(text)
        if (heading is not None and heading.style == "annex") or len(text) > 40 or text.endswith("。"):
            break
        parts.insert(0, text)
    title = repair_spaces("".join(parts))
    if not title.endswith(("名单", "小组", "委员会", "指挥部")) and (body := _BODY.search(title)):
        title = _set_up(body.group("body"))  # "三、组织领导街道成立…工作领导小组，组成人员如下：" → the body's name
    return re.sub(r"(?:成员)?名单$", "", title) or "领导小组"


def _set_up(body: str) -> str:
    """"街道成立消防安全网格化管理工作领导小组" → "消防安全网格化管理工作领导小组": the name of the body set up."""
    return re.sub(r"^.*(?:设立|成立|组建|建立|调整为)", "", body)


def _read_roster(doc: str, lines: list[str], start: int, group: str, entries: list[RosterEntry]) -> int:
    """Read entries from line `start` on; return the last line that belonged to the roster."""
    role = ""
    last = start
    for number in range(start, len(lines) + 1):
        line = lines[number - 1]
        text = line.strip()
        if not text:
            continue
        match = _ROLE.match(line)
        if match:
            role, text = re.sub(r"\s+", "", match.group("role")), match.group("rest").strip()
            if not text:
                last = number
                continue
        elif line.startswith("\t") or len(text) > 40 or text.endswith("。") or heading_of(text):
            _appointments(doc, group, line, number, entries)
            return last if not _APPOINT.search(line) else number
        _person(doc, group, role, text, number, entries)
        last = number
    return last


_NAME_WITH_POST = re.compile(r"^(?P<name>[^（(、，,；;]{2,12}?)\s*[（(](?P<post>[^（）()]{2,30})[）)]$")  # "张立群（街道办事处主任）"


def _person(doc: str, group: str, role: str, text: str, number: int, entries: list[RosterEntry]) -> None:
    items = [i.strip() for i in split_outside_brackets(text) if i.strip()]  # "刘某某（镇党委委员、政法委员）、…"
    if items and _NAME_WITH_POST.match(items[0]):
        # "陈建国（平安办主任）、刘晓燕（党政办主任）、各社区居委会主任": names with their posts in brackets, a
        # post alone for members named by office
        for item in items:
            match = _NAME_WITH_POST.match(item)
            name, post = (re.sub(r"\s+", "", match.group("name")), match.group("post")) if match else (item, "")
            entries.append(RosterEntry(doc=doc, group=group, role=role, name=name, post=post,
                                       line_start=number, line_end=number))
        return
    segments = text.split()
    name, used = segments[0], 1
    while len(name) < 2 and used < len(segments) - 1:  # "唐  军" is written with a gap
        name += segments[used]
        used += 1
    post = "".join(segments[used:])
    if post and len(name) <= _NAME_MAX:
        entries.append(RosterEntry(doc=doc, group=group, role=role, name=name, post=post,
                                   line_start=number, line_end=number))
    elif entries and entries[-1].group == group:
        entries[-1].post += "".join(segments)  # a post that wrapped onto the next line
        entries[-1].line_end = number


def _appointments(doc: str, group: str, line: str, number: int, entries: list[RosterEntry]) -> None:
    for match in _APPOINT.finditer(repair_spaces(line)):
        entries.append(RosterEntry(doc=doc, group=group, role=match.group("role"), name=match.group("name"),
                                   post=match.group("post"), line_start=number, line_end=number))
