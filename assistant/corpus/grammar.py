"""The responsibility grammar: every way the genre writes who leads, cooperates or is responsible.

`GRAMMAR` is the table: one `Rule` per written form, each with a one-line example and the claims
it must yield (tests/corpus/test_grammar.py runs every entry). The ledger (corpus/ledger.py)
applies the rules to clause texts; nothing else in the code recognises an owner.

Forms, by how explicit they are:
- annotations in any bracket with any colon: "（责任单位：A、B，配合单位：C）", "〔牵头单位：X〕";
- annotations by verb: "（X负责）", "（X负责，Y配合）", "（X、Y按职责分工负责）", "（X牵头，Y等部门配合）",
  "（X会同Y负责）" — each closes the sentence or item it follows;
- label lines: "牵头单位:区教育局、交通局" / "牵头领导：…" / "完成时限：…", one label per line;
- duty sections: "X应当履行下列职责：" before a list, a line "民政部门：督促…", a heading that is a unit;
- prose: "由X牵头，Y配合", "X负责…", "X会同Y…", "9月30日前，X完成…", "建设主体为X".
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import jieba

from assistant.corpus.normalize import repair_spaces
from assistant.corpus.units import (
    EACH_PLACE,
    MAX_UNIT_CHARS,
    WHOLE_WORD_UNITS,
    UnitGazetteer,
    each_too,
    is_generic,
    is_relative_name,
    is_unit_like,
    split_outside_brackets,
    starts_like_sentence,
)
from assistant.lexicon import (
    ACTION_VERBS,
    AGENT_ADVERBS,
    AGENT_FIRST,
    AGENT_MARK,
    CHANGED_TO,
    CLOSERS,
    DEADLINE_PATTERN,
    DUTY_INTRO,
    GRID_PEOPLE,
    GROUP_MEMBER_LABELS,
    LABEL_PATTERN,
    MECHANISM_WORDS,
    NO_LONGER,
    OPENERS,
    OVERSEEING_ALONE,
    OWN_BODIES,
    PLACE_SUFFIXES,
    POST_PATTERN,
    ROLE_VERB,
    ROLE_VERB_PATTERN,
    Role,
    STANDALONE_BODY,
    STANDING_TIME_SLOTS,
    TELLING,
    TOGETHER_WITH,
    TOPIC_PHRASE,
    UNIT_LABEL_PATTERN,
    UNIT_SUFFIXES,
    VERBS,
    deadlines_in,
    is_deadline_label,
    label_role,
    role_of_words,
    verb_role,
)


@dataclass(frozen=True)
class Claim:
    """One statement of ownership: `units` have `role` for the text the claim belongs to."""

    role: Role
    units: tuple[str, ...]
    label: str  # the document's own word: "牵头单位", "负责", "配合" …
    person: bool = False  # 牵头领导/责任人: people, not bodies
    start: int = 0  # where the claim sits in the text it was read from
    end: int = 0
    sentence: str = ""  # for claims read from sentences inside a label: the sentence


@dataclass(frozen=True)
class Annotation:
    """A bracketed annotation: its span in the text and its claims (and a deadline, when labelled)."""

    start: int
    end: int
    claims: tuple[Claim, ...]
    deadline: str = ""
    parts: tuple[tuple[Role | None, str, str], ...] = field(default=())  # (role, label, raw content)


# --- annotations ------------------------------------------------------------------------------------

_LABEL_START = re.compile(rf"^\s*(?P<label>{LABEL_PATTERN})\s*[:：]\s*")
_LABEL_SPLIT = re.compile(rf"[；;，,。]\s*(?=(?:{LABEL_PATTERN})\s*[:：])")
# "【牵头：X　配合：Y　时限：二季度】": a space before the next label separates as "；" does
_LABEL_GAP = re.compile(rf"(?<=\S)(?:\u3000+|[ \t]{{2,}})(?=(?:{LABEL_PATTERN})\s*[:：])")  # not a PDF space in a label
# "…管理。责任单位：X；配合单位：Y。完成时间：全年", "◆ 开展…——牵头：X；配合：Y；时限：…": labels closing an
# item without a bracket, after its sentence or a long dash
_TRAILING_LABELS = re.compile(rf"(?:(?<=[。；;])|(?<=——))[ \t\u3000]*(?=(?:{LABEL_PATTERN})\s*[:：])")
_PART_SPLIT = re.compile(r"[，,；;]")
_DEADLINE_PART = re.compile(rf"(?P<due>(?:(?:{DEADLINE_PATTERN.pattern})\s*)+|{'|'.join(STANDING_TIME_SLOTS)})(?:完成|办结)?")
_VERB_ALTERNATION = "|".join(sorted((v for vs in VERBS.values() for v in vs), key=len, reverse=True))
# Closing an annotation, a together-word with no partner after it cooperates: "（X主责，Y、Z协同）".
_VERB_PART = re.compile(rf"^(?P<units>.+?)(?P<verb>{_VERB_ALTERNATION}|{'|'.join(TOGETHER_WITH)})(?:实施|落实|推进)?$")
_TOGETHER_PART = re.compile(
    rf"^(?P<lead>.+?)(?:{'|'.join(TOGETHER_WITH)})(?P<coop>.+?)(?P<verb>{_VERB_ALTERNATION})?(?:实施|落实|推进)?$")


def brackets(text: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of every outermost bracket pair, any bracket style, nesting kept."""
    out, depth, start = [], 0, 0
    for pos, ch in enumerate(text):
        if ch in OPENERS:
            if depth == 0:
                start = pos
            depth += 1
        elif ch in CLOSERS and depth:
            depth -= 1
            if depth == 0:
                out.append((start, pos + 1, text[start + 1 : pos]))
    return out


def parse_annotation(inner: str, gazetteer: UnitGazetteer | None = None, start: int = 0,
                     end: int = 0) -> Annotation | None:
    """The claims of one bracket's content, or None when it is not a responsibility annotation."""
    gazetteer = gazetteer or UnitGazetteer()
    inner = repair_spaces(_LABEL_GAP.sub("；", inner)).strip()
    if _LABEL_START.match(inner):
        return _labelled(inner, gazetteer, start, end)
    return _by_verbs(inner, gazetteer, start, end)


def _labelled(inner: str, gazetteer: UnitGazetteer, start: int, end: int) -> Annotation | None:
    claims, parts, deadline = [], [], ""
    for piece in _LABEL_SPLIT.split(inner):
        match = _LABEL_START.match(piece)
        if not match:
            continue
        label = re.sub(r"\s+", "", match.group("label"))
        content = piece[match.end():].strip(" 。；;，,")
        if is_deadline_label(label):
            deadline = content
            parts.append((None, label, content))
            continue
        found = label_role(label)
        if found is None and label in GROUP_MEMBER_LABELS and any(c.role is Role.LEAD for c in claims):
            found = (Role.COOPERATING, False)  # "组长单位：X；成员单位：Y"
        if found is None or not content:
            continue
        if "。" in content and _all_units(gazetteer.split(content.split("。")[0])):
            content = content.split("。")[0]  # "成员单位：X、Y。主要职责：…": the list ends with its sentence
        role, person = found
        aside = _ASIDE.search(content) if not person else None
        noted = (_by_verbs(aside.group("inner"), gazetteer, start, end)
                 or _labelled(aside.group("inner"), gazetteer, start, end)) if aside else None
        # "责任单位：X（Y、Z按职责配合）", "责任单位：X（配合：Y）": the bracket's own owners, in their own roles
        if noted is not None:
            content = content[: aside.start()].strip()
        units = tuple(gazetteer.split(content)) if not person else tuple(people_in(content))
        if units and not person and not all(is_unit_like(u) or u in gazetteer for u in units):
            # "责任单位和部门：区消防救援大队统筹负责…，区水利局协助配合。": owners stated in sentences
            for sentence in re.split(r"(?<=[。；;])", content):
                claims += [Claim(c.role, c.units, c.label, False, start, end, sentence)
                           for c in prose_claims(sentence, gazetteer, strict=False)]
            parts.append((role, label, content))
            continue
        if units:
            leads, units = lead_marked(units) if not person else ((), units)
            if leads:  # "责任单位：区应急局（牵头）、区公安分局": the marked one leads
                claims.append(Claim(Role.LEAD, leads, "牵头", False, start, end))
            if units:
                claims.append(Claim(role, units, label, person, start, end))
            parts.append((role, label, content))
        claims += noted.claims if noted is not None else ()
    if not claims and not deadline:
        return None
    return Annotation(start, end, tuple(claims), deadline, tuple(parts))


_ASIDE = re.compile(r"[（(](?P<inner>[^（）()]+)[）)]\s*$")  # a bracket closing a label's value
_LEAD_MARK = re.compile(r"\s*(?:[（(]\s*(?:牵头|牵头单位|主责)\s*[）)]|[*＊★])\s*$")  # "县应急管理局*"


def lead_marked(units) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A list of units where one is marked as the lead ("区应急局（牵头）、区公安分局") → (leads, the others)."""
    leads = tuple(_LEAD_MARK.sub("", u) for u in units if _LEAD_MARK.search(u))
    return leads, tuple(u for u in units if not _LEAD_MARK.search(u))


def people_in(content: str) -> list[str]:
    """The people a label or a people column lists ("张三（副区长）、李四", one per line or separated by 、，；)."""
    return [p.strip() for p in re.split(r"[、，,；;\n]", content) if p.strip()]


def _by_verbs(inner: str, gazetteer: UnitGazetteer, start: int, end: int) -> Annotation | None:
    """"X负责" / "X牵头，Y配合" / "X、Y按职责分工负责" / "X会同Y负责": every part must be units + a role verb."""
    claims, deadline = [], ""
    for part in (p.strip() for p in _PART_SPLIT.split(inner)):
        if not part:
            continue
        if claims and (due := _DEADLINE_PART.fullmatch(part)):
            deadline = due.group("due").strip()  # "（X牵头；Y配合；2025年底前完成）"
            continue
        together = _TOGETHER_PART.match(part)
        if together and _all_units(gazetteer.split(together.group("lead"))) \
                and _all_units(gazetteer.split(together.group("coop"))):
            claims.append(Claim(Role.LEAD, tuple(gazetteer.split(together.group("lead"))), "牵头", False, start, end))
            claims.append(Claim(Role.COOPERATING, tuple(gazetteer.split(together.group("coop"))), "配合", False,
                                start, end))
            continue
        match = _VERB_PART.match(part)
        if not match:
            return None
        units = gazetteer.split(match.group("units"))
        if not _all_units(units):
            return None
        verb = match.group("verb")
        if verb in TOGETHER_WITH:
            claims.append(Claim(Role.COOPERATING, tuple(units), _TOGETHER_ALONE, False, start, end))
        else:
            claims.append(Claim(verb_role(verb) or Role.RESPONSIBLE, tuple(units), _verb_label(verb), False, start, end))
    claims = _joint(claims)
    return Annotation(start, end, tuple(claims), deadline) if claims else None


def _partners(after: str, gazetteer: UnitGazetteer) -> tuple[str, ...]:
    """Who a together-word names after it ("会同|区消防救援支队、区住建委开展…"), or ()."""
    readings = _by_continuation(after, leading_units(after, gazetteer, generic_ok=True))
    return readings[0][0] if readings else ()


_TOGETHER_ALONE = "协同"  # the label of a together-word with no partner after it ("…，Y协同"): see `_joint`


def _joint(claims: list[Claim]) -> list[Claim]:
    """Bodies that act together with no partner named ("Y协同") cooperate with the lead named before them
    ("X主责、Y协同"); with none, they are jointly responsible ("区应急局、区公安分局协同推进").
    (lexicon.TOGETHER_WITH)"""
    led = False
    out = []
    for claim in claims:
        led = led or claim.role is Role.LEAD
        if claim.label == _TOGETHER_ALONE and not led:
            claim = dataclasses.replace(claim, role=Role.RESPONSIBLE, label="负责")
        out.append(claim)
    return out


def _all_units(units: list[str]) -> bool:
    return bool(units) and all(is_unit_like(u) for u in units)


def _verb_label(verb: str) -> str:
    return (verb_role(verb) or Role.RESPONSIBLE).verb


def annotations_in(text: str, gazetteer: UnitGazetteer | None = None) -> list[Annotation]:
    """Every responsibility annotation in `text`, in order."""
    out = []
    for start, end, inner in brackets(text):
        if _on_label_line(text, start):
            continue  # "责任单位：X（Y按职责配合）": part of a label line's value (`label_line`)
        annotation = parse_annotation(inner, gazetteer, start, end)
        if annotation is not None:
            out.append(annotation)
    closed = out[-1].end if out else 0
    for run in _TRAILING_LABELS.finditer(text, closed):
        if _open_brackets(text[: run.end()]) or _on_label_line(text, run.start()):
            continue  # inside a bracket, or on a label line of its own (`label_line`)
        line_end = text.find("\n", run.end())  # the labels run to the end of their line
        line_end = len(text) if line_end < 0 else line_end
        annotation = parse_annotation(text[run.end():line_end], gazetteer, run.end(), line_end)
        if annotation is not None and annotation.parts:
            out.append(annotation)
            break
    return out


def _on_label_line(text: str, at: int) -> bool:
    """Does the line of `text` that holds position `at` open with a label ("责任单位：…")?"""
    return bool(_LABEL_START.match(text[text.rfind("\n", 0, at) + 1:]))


def labelled_annotations(text: str) -> list[Annotation]:
    """The annotations that carry a label ("（牵头单位：…）"), with their raw contents (for the gazetteer)."""
    return [a for a in annotations_in(text) if a.parts]


# --- label lines ----------------------------------------------------------------------------------

_LABEL_LINE = re.compile(rf"^\s*[●•·\-—]*\s*(?P<label>{LABEL_PATTERN})\s*[:：]\s*(?P<content>.+?)\s*$")


def label_line(line: str, gazetteer: UnitGazetteer | None = None) -> Annotation | None:
    """"牵头单位:区教育局、交通局" / "责任领导：张三" / "完成时限：2024年底": a line that is one label."""
    match = _LABEL_LINE.match(repair_spaces(_LABEL_GAP.sub("；", line)))
    if not match:
        return None
    return _labelled(f"{match.group('label')}：{match.group('content')}", gazetteer or UnitGazetteer(), 0, len(line))


# --- duty sections ----------------------------------------------------------------------------------

_DUTY_LINE = re.compile(r"^\s*(?P<owner>[^：:，。；]{2,30}?)\s*[：:]\s*(?P<duties>\S.*)$")
_OWNER_TAIL = re.compile(r"(?:的)?(?:主要)?(?:工作)?(?:职责|责任)$")


def duty_intro(sentence: str, gazetteer: UnitGazetteer | None = None) -> tuple[str, ...]:
    """The owners of the list a sentence announces ("X应当履行下列职责：", "X消防工作职责："), or ()."""
    gazetteer = gazetteer or UnitGazetteer()
    text = re.sub(r"^第[一二三四五六七八九十百零〇\d]+条\s*", "", repair_spaces(sentence).strip())
    if not DUTY_INTRO.search(text):
        return ()
    clauses = re.split(r"(?<=[，,])", text)
    for start in range(len(clauses)):  # "在物业服务区域内，X应当履行下列责任：": an opening before the subject
        body = "".join(clauses[start:])
        for units, end in _by_continuation(body, leading_units(body, gazetteer, generic_ok=True)):
            rest = body[end:]
            if rest and rest[0] not in "的之、和及与或等":
                # "各成员单位…还应当履行下列共同职责：": the members of a body are a set the document defines;
                # "各有关部门应当履行下列职责：" names nobody
                # …but "各部门除履行上述职责外，还应当共同履行以下职责" names the set the list above defined
                shared = bool(re.search(r"上述|共同履行|共同职责", text))
                return units if shared or not all(is_generic(u) and "成员" not in u for u in units) else ()
    return ()


def duty_line(line: str, gazetteer: UnitGazetteer | None = None) -> tuple[tuple[str, ...], str]:
    """"民政部门：督促、指导…" → (("民政部门",), "督促、指导…"); ((), "") when the line is no duty line."""
    match = _DUTY_LINE.match(repair_spaces(line))
    if not match or label_role(match.group("owner")) or is_deadline_label(match.group("owner")):
        return (), ""
    units = _owner_units(match.group("owner"), gazetteer)
    return (units, match.group("duties")) if units else ((), "")


def unit_heading(title: str, gazetteer: UnitGazetteer | None = None) -> tuple[str, ...]:
    """A heading that is only a unit name ("（三）住建部门", "1.街道消委办") owns what follows it."""
    title = repair_spaces(title).strip("。.：: ")
    title = _OWNER_TAIL.sub("", title).strip()
    verb = _HEADING_VERB.match(title)
    if verb and title not in (gazetteer or UnitGazetteer()) and title[verb.end():] not in UNIT_SUFFIXES:
        return ()  # "建设小型消防站" is a task; "宣传部门" (a verb and a bare suffix) or a listed name is a unit
    return _owner_units(title, gazetteer)


# Headings are mostly tasks, verb first ("建设小型消防站"), so one that opens with a verb is a unit only
# when it is known from a list or is the verb and a bare suffix ("规划部门").
_HEADING_VERB = re.compile("|".join(re.escape(v) for v in sorted((v for v in ACTION_VERBS if len(v) >= 2),
                                                                key=len, reverse=True)))


def _owner_units(text: str, gazetteer: UnitGazetteer | None) -> tuple[str, ...]:
    gazetteer = gazetteer or UnitGazetteer()
    units = gazetteer.split(text)
    if units and all(is_unit_like(u) or u in gazetteer for u in units) and not all(is_generic(u) for u in units):
        return tuple(units)
    return ()


# --- prose ------------------------------------------------------------------------------------------

# …and the voice of minutes and requests: "会议要求X…", "会议明确，由X…", "责成X…"
_CONNECTIVE = re.compile(r"^(?:同时|此外|另外|其中|并且|并|对此|为此|然后|最后|首先|其次|必要时|一是|二是|三是|四是|五是|六是|请|"
                         r"(?:会议|会上)(?:要求|明确|强调|指出|同意|决定|议定|提出)|责成)[，,、]?")
_DIRECTIVE = re.compile(r"^(?:请|责成|(?:会议|会上)要求)")
# "2022年底前，" / "第一季度：" (a schedule's period label) opens what its subject does
DEADLINE_FIRST = re.compile(rf"^(?:(?:{DEADLINE_PATTERN.pattern})\s*)+[，,、：:]?\s*")
_MODAL_TAIL = re.compile(r"(?:将会(?!同)|将要|将(?!会同)|要|应当|应(?!急)|须|必须|需要|需|可|也|还|仍|均|都|各自|分别|共同|积极|切实|认真|继续|"
                         r"进一步|主动|定期|统一|及时|全面|严格|依法|按照规定|按规定|逐步|逐级|尽快|加快|率先|每年|每月|"
                         r"每季度|年内|年底前|持续|不断|着力|重点|同步|适时|全力)+$")
_MODAL_HEAD = re.compile(_MODAL_TAIL.pattern.rstrip("$").replace("(?:", "^(?:", 1))
_SUFFIX_END = re.compile("|".join(re.escape(s) for s in sorted(UNIT_SUFFIXES, key=len, reverse=True)))
_WHOLE_WORD_END = re.compile("|".join(re.escape(s) for s in sorted(WHOLE_WORD_UNITS, key=len, reverse=True)))
_WHOLE_AREA = re.compile(r"^(?:全区|全市|全县|全镇)(?=.{2,})")
_SHARED_TAIL = re.compile(r"^等(?:[一二三四五六七八九十两\d]+个?)?[^，。；、]{0,14}?(?:部门|单位|机构|机关)")
_NAME_NOTE = re.compile(r"[（(](?:设在|设于|挂靠|以下简称|简称|下称)[^（）()]{1,40}[）)]")
_MEMBERS_OF = re.compile(r"^各(?:成员单位|成员部门|有关部门|部门|单位|科室|处室|股室)")  # "区消安委各成员单位": the body's members
# An ordinary verb after a named unit still assigns work ("区司法局将…纳入…", "区政府建立…").
_ASSIGNING = re.compile("|".join(re.escape(v) if v != "应" else "应(?!急)"
                                 for v in sorted(ACTION_VERBS, key=len, reverse=True)))
# …but not a description of it ("区消防救援支队现有消防站9个", "区政府是第一责任主体").
_OWNER_STATEMENT = re.compile(r"^(?:是|为|作为)[^，。；]{0,24}?(?:责任主体|主体责任单位|牵头单位|责任单位|牵头部门|责任部门|"
                              r"配合单位|配合部门|协办单位|组长单位|成员单位|第一责任人)")
_COLLECTIVE_TOLD = re.compile(rf"^(?:要|应当|应(?!急)|须|必须|于?(?:{DEADLINE_PATTERN.pattern})|在各自(?:的)?职责范围内|"
                              r"按照各自(?:的)?职责|按(?:照)?职责分工)")  # "各成员单位每年12月底前…"
# "…，各街道（镇）完成辖区…摸排": "各…" doing a task named by its verb, in a schedule's run of tasks
_COLLECTIVE_ACTS = re.compile(r"^(?:完成|开展|组织|建立|制定)")
_HOLDER = r"[\u4e00-\u9fff]{2,14}?(?:场所|综合体|公共建筑|住宅建筑|高层建筑|建筑)"
_DUTY_HOLDER = re.compile(rf"^(?!对|在|把|向|从|为|与|按|根据|依据|关于|针对|除|经)(?P<holders>{_HOLDER}(?:[、和]{_HOLDER})*)(?:应当|必须)")
_HEAD_OF_BODY = re.compile(r"^(?:主要负责人|主要负责同志|分管[^，,。；;]{0,10}?负责(?:人|同志)|法定代表人)")
_PERSON_OF_BODY = re.compile(r"^(?:党组织|党委|党支部|党总支|党工委)?(?:书记|主任)(?:为|是|任|担任)")
_MODAL_START = re.compile(r"^(?:要|应当|应(?!急)|须|必须|将|负责|具体负责)")
_NOT_ASSIGNING = re.compile(r"^(?:现有|共有|拥有|有|是|为|作为|属于|位于|下设|已|已经|曾|成立于|名为|简称|以下简称|"
                            r"(?:普遍|均|仍|尚|都)?未|没有)")  # "…值班人员未持证上岗": a finding, not a duty
# "县应急管理局分管负责同志任办公室副主任": a post in a body, not a task (checked before any role verb)
_HOLDS_A_POST = re.compile(rf"^[^，,。；;]{{0,8}}?(?:担任|兼任|任)(?:{POST_PATTERN})")
_RELATIVE_AGENT = re.compile(r"[^，,。；;]*的")
_BARE_AGENT = re.compile(rf"(?:{AGENT_ADVERBS})?{AGENT_MARK}[^，,。；;]{{2,40}}?(?:{ROLE_VERB_PATTERN}|督促落实|组织实施|(?:予以)?保障)")
_AGENT_MARK = re.compile(rf"{AGENT_MARK}(?=[\u4e00-\u9fff])")  # "由X牵头", "由X负责", "由X组织实施"
_COOPERATE_PART = re.compile(rf"^(?P<units>[^，。；]{{2,80}}?)(?:等(?:部门|单位))?(?:要|应|应当|予以|积极|全力|共同)*"
                             rf"(?P<verb>{'|'.join(VERBS[Role.COOPERATING])})")
_SUBJECT_LABEL = re.compile(r"(?P<label>建设主体|责任主体|实施主体|第一责任主体|直接责任主体|主体责任单位|"
                            rf"{UNIT_LABEL_PATTERN}|{'|'.join(GROUP_MEMBER_LABELS)})(?:为|是)(?P<units>[^，。；）)]{{2,60}})")  # "牵头单位为X"
MAX_SUBJECT_CHARS = 80


def prose_claims(sentence: str, gazetteer: UnitGazetteer | None = None, strict: bool = True) -> list[Claim]:
    """Owners stated in one sentence: "由X牵头，Y配合", "X负责…", "X会同Y…", "9月30日前，X完成…".

    Args:
        strict: the subject of an ordinary verb ("X加强…") counts only when it is a named body
            (a unit with a level prefix or an institution suffix, not "有关部门"); 负责/牵头/配合
            make any unit subject count.
    """
    gazetteer = gazetteer or UnitGazetteer()
    text = repair_spaces(sentence).strip()
    claims: list[Claim] = []
    for match in _SUBJECT_LABEL.finditer(text):
        units = _units_or_none(match.group("units"), gazetteer)
        if units and match.group("label") in GROUP_MEMBER_LABELS:  # "组长单位为X，成员单位为Y": Y cooperates
            claims.append(Claim(Role.COOPERATING, units, _MEMBERS, False, match.start(), match.end()))
        elif units:
            role = (label_role(match.group("label")) or (Role.RESPONSIBLE,))[0]
            claims.append(Claim(role, units, role.verb, False, match.start(), match.end()))
    labelled = [(c.start, c.end) for c in claims]
    for agent in _AGENT_MARK.finditer(text):
        after = text[agent.end():]
        if text[: agent.start()].endswith(NO_LONGER):
            continue  # "第8项不再由区文广新局负责，改由区文化和旅游局负责": the owner before the change owns nothing
        readings = leading_units(after, gazetteer) or [  # "由专班挂牌督办": the document's own body
            (units, end) for units, end in leading_units(after, gazetteer, generic_ok=True)
            if all(OWN_BODIES.fullmatch(u) for u in units)]
        for units, end in _by_continuation(after, readings):
            if (head := _HEAD_OF_BODY.match(after[end:])) and len(units) == 1:
                units, end = (units[0] + head.group(),), end + head.end()  # "由区政府主要负责同志牵头"
            verb = text[agent.end() + end:]
            if not verb or verb[0] in "的之、和及与或等，,。；;":
                continue
            if _AGENT_OF_A_BODY.match(verb) or _ROSTER_TAIL.match(verb):
                break  # "成立由政府分管负责同志任组长的工作专班", "成员由…等部门分管负责同志组成": who sits in a body
            here = (agent.start(), agent.end() + end)
            if (changed := CHANGED_TO.match(verb)) and (new := leading_units(verb[changed.end():], gazetteer)):
                # "牵头单位由区安监局调整为区应急管理局": the units after the change, in the role the sentence names
                label = _LABEL_BEFORE.search(text[: agent.start()])
                role = (label_role(label.group()) or (Role.RESPONSIBLE,))[0] if label else Role.RESPONSIBLE
                claims.append(Claim(role, new[0][0], "调整为", False, *here))
                break
            together = next((word for word in TOGETHER_WITH if verb.startswith(word)), "")
            if together and (partners := _partners(verb[len(together):], gazetteer)):
                # "由平安办会同各社区居委会…": X leads, Y cooperates
                claims += [Claim(Role.LEAD, units, "牵头", False, *here), Claim(Role.COOPERATING, partners, "配合", False, *here)]
                break
            role = verb_role(verb) or Role.RESPONSIBLE  # "由X牵头" leads; "由X统筹安排/组织实施" is X's to do
            claims.append(Claim(role, units, _verb_label(verb), False, *here))
            said = max((v for v in VERBS.get(role, ()) if verb.startswith(v)), key=len, default="")
            rest = verb[len(said):]
            if role is Role.LEAD and said and (partners := _partners_alone(rest, gazetteer, whole=False)):
                claims += [dataclasses.replace(c, start=here[0], end=here[1]) for c in partners]  # "由X牵头Y配合…"
            if role is Role.COOPERATING and said and (served := served_units(rest, gazetteer)):
                claims.append(Claim(Role.RESPONSIBLE, served, "负责", False, *here))  # "由居委会协助街道办事处落实…"
            break
    for lead in _EMBEDDED_LEAD.finditer(text):
        # "建立…火灾事故区政府牵头调查机制", "实行区消防救援支队牵头的联合检查制度": a mechanism a body leads
        if any(c.start <= lead.start() < c.end for c in claims):
            continue
        units = _proper_unit_before(text, lead.start(), gazetteer)
        if units:
            claims.append(Claim(Role.LEAD, units, "牵头", False, lead.start() - len(units[0]), lead.end()))
    # "X履行…情况纳入考评，由Y负责" / "X…标准化建设由Y负责推进": what comes before an agent who acts is Y's to do
    agents = [c.start for c in claims if text.startswith(AGENT_MARK, c.start) and c.role is not Role.COOPERATING
              and not _RELATIVE_AGENT.match(text, c.start)]  # not "按照由X制定的标准"
    offset, carried, carried_at, opening = 0, None, 0, True  # `opening`: no clause with content seen yet
    listed: tuple[str, ...] = ()  # "由X牵头，Y，Z配合" (a list typed with commas): the names before "Z配合"
    clauses = outside_brackets(_PROSE_CLAUSE.split(text))
    for index, clause in enumerate(clauses):
        body = clause.strip("，,；; ")
        start, offset = offset, offset + len(clause)
        if not body:
            continue
        following = clauses[index + 1].strip("，,；;。 ") if index + 1 < len(clauses) else ""
        if not opening and clause.rstrip().endswith(("，", ",")) and (cooperate := _COOPERATE_PART.match(following)) \
                and "，" not in cooperate.group("units") and (names := _units_or_none(body, gazetteer)):
            listed += names
            continue
        # the next clause gives this one to its agent when it says no more than who ("，由X按职责分工负责。") or this
        # one is its condition ("…未履行职责的，由消防救援机构责令改正"); "…，由区政府负责审定" is a second task
        given = AGENT_FIRST.match(following) and (_BARE_AGENT.fullmatch(following) or body.endswith("的"))
        if given and not body.endswith("的") and _goes_on(clauses[index + 2:]) and \
                leading_units(DEADLINE_FIRST.sub("", _CONNECTIVE.sub("", body)), gazetteer):
            given = False  # "…X于10月底前完成修编，由Y牵头，Z配合，11月开展…": Y's task follows; X keeps its own
        reach = offset + len(clauses[index + 1]) if given else offset
        if any(start <= at < reach and not ROLE_VERB.search(text[start:at]) for at in agents) or any(
                start <= at < offset for at, _ in labelled):
            opening = False  # …or the clause is a label's ("组长单位为X"), read above
            continue
        if body.endswith(("：", ":")) and not ROLE_VERB.search(body) and not TELLING.search(body) \
                and not is_unit_like(body.rstrip("：: ")):
            continue  # "9.医疗机构消防安全管理：区卫生健康局负责…": the task's name before its owners, no owner itself
        if opening and (not DEADLINE_FIRST.sub("", _CONNECTIVE.sub("", body + "，")).strip() or _only_time(body)):
            continue  # "2022年底前，" / "同时，" / "每学期开学后两周内，" open the sentence; its subject comes next
        together = next((word for word in TOGETHER_WITH if _CONNECTIVE.sub("", body).startswith(word)), "")
        if together and carried is None and any(c.role is Role.LEAD and c.start < start for c in claims):
            # "由开发区安委办牵头，会同开发区消防救援站组成考核组": the lead's partners cooperate
            if partners := _partners(_CONNECTIVE.sub("", body)[len(together):], gazetteer):
                claims.append(Claim(Role.COOPERATING, partners, "配合", False, start, offset))
            opening = False
            continue
        if carried is not None:
            own = [] if _ASSIGNING.match(_CONNECTIVE.sub("", body)) else _subject_claims(body, gazetteer, strict, first=True)
            # "责任单位：市教育局，各区教育局具体落实": a second subject after the first one's comma acts beside it
            found = [Claim(Role.RESPONSIBLE, carried, "负责", False, 0, len(body)), *own] if own else \
                _subject_claims(body, gazetteer, strict, first=True, subject=carried)
            carried, start = None, carried_at
        else:
            found = _subject_claims(body, gazetteer, strict, first=opening)
            if not found and any(c.role is Role.LEAD for c in claims):
                found = _partners_alone(body, gazetteer)  # "由区应急局牵头，相关部门配合": collectives support a lead
            if not found and opening:
                carried = _units_or_none(_CONNECTIVE.sub("", body), gazetteer)  # a subject alone before a comma
                carried_at = start
        opening = False
        if listed and found and found[0].role is Role.COOPERATING:
            found, listed = [dataclasses.replace(found[0], units=listed + found[0].units), *found[1:]], ()
        claims += [Claim(c.role, c.units, c.label, c.person, start + c.start, start + c.end) for c in found]
    if not any(c.role is Role.LEAD for c in claims):  # "…等机构为成员单位": a committee's members, no group's
        claims = [c for c in claims if c.label != _MEMBERS]
    return _merge(_joint([dataclasses.replace(c, label="配合") if c.label == _MEMBERS else c for c in claims]))


_LABEL_BEFORE = re.compile(rf"(?:{UNIT_LABEL_PATTERN})\s*$")  # "…牵头单位|由X调整为Y": the role the change is of
_MEMBERS = "成员"  # the label of "Y为成员单位" until a head of the group ("X为组长单位") is found beside it

# Clauses of a sentence; "X牵头、Y配合，…" / "X主责、Y协同，…" are two clauses.
# A colon ends a clause too ("电动自行车充电设施建设：区住建局牵头，…": a task's name, then its owners), but not inside a
# title (《附件4：…汇总表》).
_PROSE_CLAUSE = re.compile(r"(?<=[，,；;])|(?<=[：:])(?![^《》，,；;。]*》)|" + "|".join(
    f"(?<={verb}、)" for verb in sorted({v for v in (*VERBS[Role.LEAD], *VERBS[Role.RESPONSIBLE]) if len(v) == 2})))
_ROSTER_TAIL = re.compile(rf"[^，,。；;]*?(?:组成|担任|兼任)(?=[，,。；;]|$)|[^，,。；;]{{0,12}}?(?<![责])任(?:{POST_PATTERN})")
_AGENT_OF_A_BODY = re.compile(rf"[^，,。；;]*?的[^，,。；;]{{0,12}}?(?:{MECHANISM_WORDS}|领导小组|委员会)")
# "X牵头" inside a clause, before what X leads ("…调查机制", "的联合检查制度", "、各部门参与的…机制").
_EMBEDDED_LEAD = re.compile(rf"(?<=[\u4e00-\u9fff])(?:{'|'.join(VERBS[Role.LEAD])})(?=[^，,。；;：:]{{0,16}}?(?:{MECHANISM_WORDS}))")


def _partners_alone(clause: str, gazetteer: UnitGazetteer, whole: bool = True) -> list[Claim]:
    """"相关部门配合" (`whole`: the clause says no more), "区公安分局协同配合开展…": who supports a lead
    named before, collectives included."""
    cooperate = _COOPERATE_PART.match(_CONNECTIVE.sub("", clause.strip("，,；;。 ")))
    if not cooperate or (whole and clause.strip("，,；;。 ")[cooperate.end():].strip("、 ")):
        return []
    units = _units_or_none(re.sub(r"(?:协同|共同|积极)$", "", cooperate.group("units")), gazetteer, all_generic_ok=True)
    return [Claim(Role.COOPERATING, units, "配合", False, 0, len(clause))] if units else []


def _goes_on(clauses: list[str]) -> bool:
    """Do the clauses after an agent ("由Y牵头，") state a task of its own, past its partners ("Z配合，",
    "W具体负责，"): a next step with its own time ("11月组织开展…"), not more of the same task ("明确整改措施…")?"""
    for clause in clauses:
        body = clause.strip("，,；;。 ")
        partner = _COOPERATE_PART.match(body) or _BARE_RESPONSIBLE.match(body)
        if partner and not body[partner.end():].strip():
            continue
        return bool(DEADLINE_FIRST.match(body))
    return False


_BARE_RESPONSIBLE = re.compile(rf"^[^，。；]{{2,80}}?(?:{'|'.join(VERBS[Role.RESPONSIBLE])})")


def _proper_unit_before(text: str, end: int, gazetteer: UnitGazetteer) -> tuple[str, ...]:
    """The longest body named with its level that ends at `end` ("…事故|区政府" → 区政府), else ()."""
    for start in range(max(0, end - MAX_UNIT_CHARS), end - 1):
        name = text[start:end]
        if is_unit_like(name) and _proper(name, gazetteer) and not is_generic(name):
            return (name,)
    return ()


def _subject_claims(clause: str, gazetteer: UnitGazetteer, strict: bool, first: bool,
                    subject: tuple[str, ...] | None = None) -> list[Claim]:
    """The owner of one clause: the longest run of unit names it opens with and the verb after it
    (or `subject`, carried from a clause before it)."""
    body = _CONNECTIVE.sub("", clause)
    directed = bool(_DIRECTIVE.match(clause.strip()))  # "…，请服务办于7月21日前上报…": the one asked is told to act
    body = DEADLINE_FIRST.sub("", body) if first or DEADLINE_FIRST.match(body) else body
    if subject is None:
        cooperate = _COOPERATE_PART.match(body)
        if cooperate:
            units = _units_or_none(cooperate.group("units"), gazetteer)
            if units:
                served = served_units(body[cooperate.end():], gazetteer)
                return [Claim(Role.COOPERATING, units, "配合", False, 0, len(clause))] + (
                    [Claim(Role.RESPONSIBLE, served, "负责", False, 0, len(clause))] if served else [])
    if subject is None and is_unit_like(body.strip("。；;，, ")):
        return []  # a name standing alone (a signature line) assigns nothing
    readings = [(subject, 0)] if subject is not None else _by_continuation(body, leading_units(body, gazetteer))
    told = directed  # the subject is told to act (a collective, or anyone a request names)
    if not readings and subject is None and (first or body.startswith("各")):
        # "各部门、各相关单位要加强…", "相关单位应当组织…": collectives told to act (not "有关部门依法查处…");
        # later in a sentence only "各…" ("实行月报告制度，各承办单位要于每月25日前报送…")
        readings = [(units, end) for units, end in leading_units(body, gazetteer, generic_ok=True)
                    if _COLLECTIVE_TOLD.match(body[end:]) or _OWNER_STATEMENT.match(body[end:])][:1]
        told = bool(readings)
    if not readings and subject is None and first and (holder := _DUTY_HOLDER.match(body)):
        # "人员密集场所应当按照标准配置消防设施": a regulation's duty holder may be the place itself
        return [Claim(Role.RESPONSIBLE, tuple(split_outside_brackets(holder.group("holders").replace("和", "、"))),
                      "负责", False, 0, len(clause))]
    for units, end in readings:
        if _HEAD_OF_BODY.match(body[end:]) and any(e > end for _, e in readings):
            continue  # "本区各级人民政府主要负责人应当…": the person of the body is the subject
        rest = _MODAL_HEAD.sub("", body[end:])
        told_with = rest != body[end:] and rest[:1] in "与和同跟"  # "各学校要与教职工…签订": with whom, not "X与Y"
        rest = re.sub(rf"^(?:将|要|应当|应|须|还要|也要)(?={'|'.join(TOGETHER_WITH)})", "", rest)  # "将会同…"
        if not rest or (rest[0] in "的之、和及与或等，,。；;" and not told_with):
            continue
        if AGENT_FIRST.match(rest):
            return []  # "网格员由各社区居委会负责选配": what the agent after 由 deals with, not an owner
        if rest.rstrip("，,、；;。 ") in TOGETHER_WITH:  # "X主责、Y协同，开展…": Y cooperates (see `_joint`)
            return [Claim(Role.COOPERATING, units, _TOGETHER_ALONE, False, 0, len(clause))]
        if not first and rest.rstrip("，,、；;。 ") in OVERSEEING_ALONE:  # "各街道负责，…，区消防救援大队督导，…"
            return [Claim(Role.COOPERATING, units, "配合", False, 0, len(clause))]
        together = next((word for word in TOGETHER_WITH if rest.startswith(word)), "")
        if together:
            partners = _partners(rest[len(together):], gazetteer)
            return [Claim(Role.LEAD, units, "牵头", False, 0, len(clause))] + (
                [Claim(Role.COOPERATING, partners, "配合", False, 0, len(clause))] if partners else [])
        if _HOLDS_A_POST.match(body[end:]) or _PERSON_OF_BODY.match(rest):
            return []  # "社区党组织书记为本社区…第一责任人": a person of the body, not the body
        statement = _OWNER_STATEMENT.match(rest)
        if statement:  # "区政府是…第一责任主体", "X为牵头单位", "Y为配合单位", "X为组长单位，Y为成员单位"
            said = statement.group()
            if said.endswith("成员单位"):
                return [Claim(Role.COOPERATING, units, _MEMBERS, False, 0, len(clause))]
            role = Role.LEAD if said.endswith("组长单位") else role_of_words(said) or Role.RESPONSIBLE
            return [Claim(role, units, role.verb, False, 0, len(clause))]
        if TOPIC_PHRASE.fullmatch(rest.rstrip("，,；;。 ")):
            return []  # "养老机构这块，市民政局要…": what the sentence is about, not who acts
        role = verb_role(rest)
        if role is None and all(u.endswith(GRID_PEOPLE) for u in units) and not (
                _ASSIGNING.match(rest) or _MODAL_START.match(body[end:]) or _ADVERBIAL.match(rest)):
            return []  # "网格员消防工作补贴按…发放": the people's name begins a noun, they are told nothing
        # Later in a sentence, a new subject with an ordinary verb must be a named body that is told to
        # act ("…，住建部门要…", "…，住建部门在消防审验中严把源头关").
        later = not first and not told and not (all(_named(u, gazetteer) for u in units) and (
            _MODAL_START.match(body[end:]) or _ASSIGNING.match(rest) or all(_proper(u, gazetteer) for u in units)))
        later = later and not (body.startswith("各") and _COLLECTIVE_ACTS.match(rest))
        if role is None and (later or (strict and _NOT_ASSIGNING.match(body[end:])) or not _word_ends(body, end)):
            return []
        return [Claim(role or Role.RESPONSIBLE, units, _verb_label(rest) if role else "负责", False, 0, len(clause))]
    return []


def _only_time(clause: str) -> bool:
    """"每学期开学后两周内": a clause that says only when (its deadline phrases and nothing else)."""
    phrases, rest = deadlines_in(clause), clause
    for phrase in sorted(phrases, key=len, reverse=True):
        rest = rest.replace(phrase, "")
    return bool(phrases) and len(re.sub(r"[^\u4e00-\u9fff\d]", "", rest)) <= 1


_RESPECTIVELY = re.compile(r"分别(?:负责|对|承担|做好|抓好|牵头)?")


def respective(text: str, units: list[str]) -> list[tuple[str, str]]:
    """"A、B分别负责学校、医疗机构的消防安全管理": each unit with what it alone is given (A → 学校, B → 医疗机构),
    when as many objects follow 分别 as units precede it; [] otherwise."""
    plain = repair_spaces(text)
    for match in _RESPECTIVELY.finditer(plain):
        before = plain[: match.start()]
        if len(units) < 2 or not all(u in before for u in units):
            continue
        objects = re.split(r"[，,。；;]", plain[match.end():], maxsplit=1)[0].split("、")
        if len(objects) == len(units):
            # what follows the last object is said of each ("…医疗机构|的消防安全管理", "…养老机构|开展…")
            cut = _SHARED_PREDICATE.search(objects[-1])
            tail = objects[-1][cut.start():] if cut and cut.start() else ""
            objects[-1] = objects[-1][: len(objects[-1]) - len(tail)]
            return [(unit, obj + tail) for unit, obj in zip(units, objects)]
    return []


_SHARED_PREDICATE = re.compile(r"的|开展|进行|实施|落实|加强|组织")


def served_units(after: str, gazetteer: UnitGazetteer) -> tuple[str, ...]:
    """Whom a cooperation serves: "配合|县消防救援大队开展…" → the 县消防救援大队, whose task it is; () when
    配合 is followed by no unit and a verb ("配合做好…")."""
    readings = sorted(_by_continuation(after, leading_units(after, gazetteer)), key=lambda r: -r[1])  # 市委宣传部, not 市委
    for units, end in readings:
        rest = _MODAL_HEAD.sub("", re.sub(r"^等(?=[\u4e00-\u9fff])", "", after[end:]))  # "…村（居）民委员会等做好"
        if (rest and rest[0] not in "的之、和及与或等，,。；;") or (rest[:1] in ("", "，", ",")
                                                                  and all(is_unit_like(u) for u in units)):
            return units  # "配合市委宣传部，在…开设专栏": the whole name ends the clause, what is done comes next
    return ()


@lru_cache(maxsize=1)
def _words() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()  # jieba's own dictionary only: the ledger must not depend on the index's words


@lru_cache(maxsize=4096)
def _word_ends(text: str, end: int) -> bool:
    """True when a word ends at `end` of `text`: a subject read before an ordinary verb must end where a
    word does, or it is a piece of a longer word ("建强综合性消防救援队|伍", "市级消防科|普教育基地")."""
    if end <= 0:
        return True  # a subject carried from the clause before
    position = 0
    for word in _words().cut(text, HMM=False):
        position += len(word)
        if position >= end:
            return position == end
    return True


# A subject, then when or where it acts, then the verb: "网格员在社区…指导下开展", "平安办每半年对各社区开展…".
_ADVERBIAL = re.compile(rf"(?:在|于|对|向|每|按|经|从)(?=[\u4e00-\u9fff])|(?:{DEADLINE_PATTERN.pattern})")


def _by_continuation(body: str, readings: list) -> list:
    """Readings followed by a verb first, shortest first ("各行业主管部门|组织所辖…单位完成…"; "区政府|工作部门…"
    is not followed by a verb, so "区政府工作部门|应当…" wins), then the others, longest first."""
    def verb_follows(reading) -> bool:
        after = body[reading[1]:]
        rest = _MODAL_HEAD.sub("", after)
        return bool(rest) and (bool(_MODAL_START.match(after)) or verb_role(rest) is not None
                               or bool(_ASSIGNING.match(rest)) or rest.startswith(TOGETHER_WITH)
                               or bool(_ADVERBIAL.match(rest)))

    def truncated(reading) -> bool:
        """"区委|宣传部…" cuts a longer name ("区委宣传部") short; "区人社局|会同…" does not ("区人社局会" is
        a suffix character that starts the next verb)."""
        units = reading[0]
        return any(other[1] > reading[1] and len(other[0]) == len(units) and other[0][-1] != units[-1]
                   and other[0][-1].startswith(units[-1])
                   and (len(other[0][-1]) - len(units[-1]) >= 2 or verb_follows(other))
                   and (units[-1] in PLACE_SUFFIXES  # "开发区|组织人事局": a place's name alone is no body
                        or not starts_like_sentence(other[0][-1][len(units[-1]):]))  # "各街道|设立消防安全委员会"
                   for other in readings)

    followed = sorted((r for r in readings if verb_follows(r) and not truncated(r)), key=lambda r: r[1])
    return followed + sorted((r for r in readings if r not in followed), key=lambda r: -r[1])


def leading_units(text: str, gazetteer: UnitGazetteer,
                  generic_ok: bool = False) -> list[tuple[tuple[str, ...], int]]:
    """The readings of `text` as unit names followed by something else, longest first.

    A reading ends where a unit suffix ends ("区财政局、区发改委|负责…"), with a trailing "（街道）" or
    "等部门" kept; "区住房保障房屋管理局和区公安分局各辖区派出所" is one reading, so is its first name.
    """
    readings = []
    ends = [m.end() for m in _SUFFIX_END.finditer(text[: MAX_SUBJECT_CHARS + 4])]
    ends += [m.end() for m in _WHOLE_WORD_END.finditer(text[: MAX_SUBJECT_CHARS + 4])]  # "…、县残联，"
    ends += [m.end() for m in STANDALONE_BODY.finditer(text[: MAX_SUBJECT_CHARS + 4])]  # "居委、物业定期…"
    if place := EACH_PLACE.match(text):  # "各县（市、区）要…": no suffix ends the name
        ends = sorted({place.end(), *ends})
    for end in ends:
        paren = re.match(r"[（(][^（）()]{1,20}[）)]", text[end:])
        note = _NAME_NOTE.match(text[end:])  # "市消安委办公室（设在市消防救援支队）负责…": said of the name, not in it
        name_end = end
        if paren or note:
            end += (note or paren).end()
            name_end = name_end if note else end
        shared = _SHARED_TAIL.match(text[end:])
        members = _MEMBERS_OF.match(text[end:]) if not shared else None
        if shared or members:
            end += (shared or members).end()
        if end < 2 or _open_brackets(text[:end]):
            continue
        name = text[:name_end] if note else text[:end]
        units = _units_or_none(_WHOLE_AREA.sub("", name), gazetteer, all_generic_ok=generic_ok)
        if members and _units_or_none(text[: end - members.end()], gazetteer):
            units = (text[:end],)  # "区消安委各成员单位": one collective, the members of a named body
        if units and (units, end) not in readings:
            readings.append((units, end))
    return sorted(readings, key=lambda r: r[1])  # shortest first: the subject ends at the first verb


def _open_brackets(text: str) -> bool:
    return sum(text.count(ch) for ch in OPENERS) != sum(text.count(ch) for ch in CLOSERS)


def outside_brackets(pieces: list[str]) -> list[str]:
    """Pieces of a split joined again where a cut fell inside a bracket ("X（以下简称Y，设在Z）要…" is one clause)."""
    joined: list[str] = []
    for piece in pieces:
        if joined and _open_brackets(joined[-1]):
            joined[-1] += piece
        else:
            joined.append(piece)
    return joined


def _proper(unit: str, gazetteer: UnitGazetteer) -> bool:
    """A body named with its level ("区消防救援支队") or known from the corpus's labelled lists."""
    return unit.startswith(("区", "市", "县", "镇", "乡")) or unit in gazetteer


def _named(unit: str, gazetteer: UnitGazetteer) -> bool:
    """A named body: a known unit, a unit with a level prefix, or a sector office (住建部门, 公安派出所)."""
    return unit in gazetteer or (is_unit_like(unit) and not is_generic(unit) and not unit.startswith(("各", "有关", "相关")))


def _units_or_none(text: str, gazetteer: UnitGazetteer, all_generic_ok: bool = False) -> tuple[str, ...] | None:
    """The units `text` consists of, or None. Collectives ("各有关部门") may stand beside a named unit
    (or alone, with `all_generic_ok`: "会同相关单位"). "居民住宅区的物业服务人" is the 物业服务人."""
    text = DEADLINE_FIRST.sub("", text.strip("，,、 "))
    text = re.sub(r"^其(?!他|余|中)(?=.{2})", "", text)  # "由其管理单位实行…": 其 is the owner's possessive
    if not 2 <= len(text) <= MAX_SUBJECT_CHARS or re.search(r"[。；：:《》“”]", text):
        return None
    units = [_after_qualifier(u) for u in gazetteer.split(text)]
    if not units or not all(is_unit_like(u) or u in gazetteer or is_relative_name(u) or is_generic(u) or each_too(units, n)
                            for n, u in enumerate(units)):
        return None
    if all(is_generic(u) for u in units) and not all_generic_ok:
        return None
    return tuple(units)


def _after_qualifier(unit: str) -> str:
    """"高层住宅建筑的物业服务人" → "物业服务人": a name qualified by where it works. "对…范围的政府专职消防站"
    is no subject: what follows 对/把/在 is the object of the sentence."""
    head, sep, tail = unit.rpartition("的")
    if is_relative_name(unit) and (is_generic(tail) or not is_unit_like(tail)):
        return unit  # "发生火灾的单位", "专职消防队的组建单位": the clause is the name
    if sep and is_unit_like(tail) and not is_unit_like(head) and not starts_like_sentence(head):
        return tail
    return unit


def _merge(claims: list[Claim]) -> list[Claim]:
    """One claim per (role, units); a unit that acts in a sentence is not also listed as cooperating there."""
    out: list[Claim] = []
    for claim in claims:
        if any(c.role == claim.role and set(claim.units) <= set(c.units) for c in out):
            continue
        out.append(claim)
    acting = {u for c in out if c.role is not Role.COOPERATING for u in c.units}
    return [c for c in out if c.role is not Role.COOPERATING or not set(c.units) <= acting]


_MONTH_ONLY = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,2})月份?(?:上旬|中旬|下旬|底|中)?$")
_TRAILING_BRACKET = re.compile(r"[（(]([^（）()]{2,30})[）)]\s*[。.]?\s*$")


def deadline_of_heading(title: str) -> str:
    """A phase heading dates everything under it: "动员部署阶段（8月31日前）" → "8月31日前", "集中攻坚（2020年）" →
    "2020年". A date inside a heading's wording ("“十二五”时期的主要任务") is no deadline of the items under it."""
    from assistant.lexicon import deadlines_in

    text = repair_spaces(title).strip()
    bracket = _TRAILING_BRACKET.search(text)
    if bracket and deadlines_in(bracket.group(1)):
        return "；".join(deadlines_in(bracket.group(1)))
    if bracket and _MONTH_ONLY.match(bracket.group(1).strip()):
        return bracket.group(1).strip()  # "检查阶段（9月）": a month is a phase's time in a phase heading
    found = deadlines_in(text)
    return found[-1] if found and text.rstrip("。. ").endswith(found[-1]) else ""


# --- the table --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """One written form of ownership, with the one-line example that shows it."""

    name: str
    form: str  # annotation | label_line | duty | prose
    example: str
    expected: tuple[tuple[Role, tuple[str, ...]], ...]
    read: Callable[[str], list[Claim]]


def _annotation_claims(text: str) -> list[Claim]:
    return [c for a in annotations_in(text) for c in a.claims]


def _label_line_claims(text: str) -> list[Claim]:
    found = label_line(text)
    return list(found.claims) if found else []


def _duty_intro_claims(text: str) -> list[Claim]:
    return [Claim(Role.RESPONSIBLE, units, "负责")] if (units := duty_intro(text)) else []


def _duty_line_claims(text: str) -> list[Claim]:
    units, _duties = duty_line(text)
    return [Claim(Role.RESPONSIBLE, units, "负责")] if units else []


def _unit_heading_claims(text: str) -> list[Claim]:
    return [Claim(Role.RESPONSIBLE, units, "负责")] if (units := unit_heading(text)) else []


L, C, R = Role.LEAD, Role.COOPERATING, Role.RESPONSIBLE
GRAMMAR: tuple[Rule, ...] = (
    Rule("bracket label", "annotation", "强化队伍建设。（责任单位：区应急局、区消防支队，配合单位：区财政局）",
         ((R, ("区应急局", "区消防支队")), (C, ("区财政局",))), _annotation_claims),
    Rule("square bracket label", "annotation", "建强工作机构。〔责任单位：区消防救援支队，乡镇（街道）〕",
         ((R, ("区消防救援支队", "乡镇（街道）")),), _annotation_claims),
    Rule("lenticular label, ASCII colon", "annotation", "完善规划。【牵头单位:区规划资源局；配合单位:区住建委】",
         ((L, ("区规划资源局",)), (C, ("区住建委",))), _annotation_claims),
    Rule("half-width bracket label", "annotation", "落实经费。(牵头部门:区财政局)", ((L, ("区财政局",)),),
         _annotation_claims),
    Rule("co-organiser label", "annotation", "开展宣传。（主办单位：区委宣传部；协办单位：区教育局）",
         ((L, ("区委宣传部",)), (C, ("区教育局",))), _annotation_claims),
    Rule("(X负责)", "annotation", "加强村庄规划管理。（规划建设处负责）", ((R, ("规划建设处",)),), _annotation_claims),
    Rule("(X负责，Y配合)", "annotation", "整治农村火灾隐患。（农业农村处负责，执法中队配合）",
         ((R, ("农业农村处",)), (C, ("执法中队",))), _annotation_claims),
    Rule("(X、Y按职责分工负责)", "annotation", "加强行业监管。（经济发展处、社会事务处按职责分工负责）",
         ((R, ("经济发展处", "社会事务处")),), _annotation_claims),
    Rule("(X牵头，Y配合)", "annotation", "推进消防站建设。（区应急局牵头，区财政局配合）",
         ((L, ("区应急局",)), (C, ("区财政局",))), _annotation_claims),
    Rule("(X牵头，Y等部门配合)", "annotation", "整治商业场所。（市商务局、消防支队牵头，发改、财政、人社等部门配合）",
         ((L, ("市商务局", "消防支队")), (C, ("发改部门", "财政部门", "人社部门"))), _annotation_claims),
    Rule("(X会同Y负责)", "annotation", "建设消防水源。（区水务局会同区消防救援支队负责）",
         ((L, ("区水务局",)), (C, ("区消防救援支队",))), _annotation_claims),
    Rule("(X主责，Y协同)", "annotation", "整治商场动火作业。（市商务局主责，市市场监管局、市住建局协同）",
         ((L, ("市商务局",)), (C, ("市市场监管局", "市住建局"))), _annotation_claims),
    Rule("bare role words as labels", "annotation", "推进站点建设。（牵头：区应急局；配合：区公安分局）",
         ((L, ("区应急局",)), (C, ("区公安分局",))), _annotation_claims),
    Rule("the lead marked in a list", "annotation", "推进站点建设。（责任单位：区应急局（牵头）、区公安分局）",
         ((L, ("区应急局",)), (R, ("区公安分局",))), _annotation_claims),
    Rule("(X牵头；Y配合；date)", "annotation", "推进站点建设（区应急局牵头；区公安分局配合；2025年底前完成）",
         ((L, ("区应急局",)), (C, ("区公安分局",))), _annotation_claims),
    Rule("labels parted by spaces", "annotation", "加强文物建筑管理。【牵头：县文广旅体局　配合：县委统战部　时限：二季度】",
         ((L, ("县文广旅体局",)), (C, ("县委统战部",))), _annotation_claims),
    Rule("labels closing an item, no bracket", "annotation", "开展全面体检。责任单位：县住建局；配合单位：各乡镇人民政府。",
         ((R, ("县住建局",)), (C, ("各乡镇人民政府",))), _annotation_claims),
    Rule("(X按职责分工负责，a standing time)", "annotation", "查处违法行为。（县市场监管局、县公安局按职责分工负责，全年）",
         ((R, ("县市场监管局", "县公安局")),), _annotation_claims),
    Rule("label line", "label_line", "牵头单位:区教育局、交通局", ((L, ("区教育局", "交通局")),), _label_line_claims),
    Rule("office label line", "label_line", "牵头科室：规划建设办；配合单位：各社区居委会",
         ((L, ("规划建设办",)), (C, ("各社区居委会",))), _label_line_claims),
    Rule("a working group's head and members", "annotation", "（二）灭火救援组。组长单位：县消防救援大队；成员单位：县水务局。主要职责：扑救火灾。",
         ((L, ("县消防救援大队",)), (C, ("县水务局",))), _annotation_claims),
    Rule("handed-over line (交办: 承办 leads, 协办 assists)", "label_line", "承办单位：城南街道办事处；协办单位：区水务局",
         ((L, ("城南街道办事处",)), (C, ("区水务局",))), _label_line_claims),
    Rule("a label's value with its own bracket of owners", "label_line", "责任单位：东坝镇人民政府（区民政局按职责配合）",
         ((R, ("东坝镇人民政府",)), (C, ("区民政局",))), _label_line_claims),
    Rule("a label's value with a bracket of labels", "label_line", "责任单位：镇市场监管所（配合：龙湾派出所）",
         ((R, ("镇市场监管所",)), (C, ("龙湾派出所",))), _label_line_claims),
    Rule("leader line", "label_line", "牵头领导：王明（副区长）", ((L, ("王明（副区长）",)),), _label_line_claims),
    Rule("responsible line", "label_line", "●责任单位及部门：区水利局、区住建局", ((R, ("区水利局", "区住建局")),),
         _label_line_claims),
    Rule("duty list intro (level qualifier folded)", "duty", "市、县（市、区）人民政府民政部门应当履行下列职责：",
         ((R, ("民政部门",)),), _duty_intro_claims),
    Rule("duty heading with 职责", "duty", "街道办事处消防工作职责：", ((R, ("街道办事处",)),), _duty_intro_claims),
    Rule("duty list of a body's members", "duty", "各成员单位除履行上述职责外，还应当履行下列共同职责：",
         ((R, ("各成员单位",)),), _duty_intro_claims),
    Rule("duty line", "duty", "民政部门：督促、指导养老机构落实消防安全主体责任。", ((R, ("民政部门",)),),
         _duty_line_claims),
    Rule("unit heading", "duty", "住建部门", ((R, ("住建部门",)),), _unit_heading_claims),
    Rule("由X牵头，Y配合", "prose", "将老旧小区消防设施改造列为实事项目，由区住建委牵头，区财政局、区应急局配合。",
         ((L, ("区住建委",)), (C, ("区财政局", "区应急局"))), prose_claims),
    Rule("由X负责", "prose", "推进社区微型消防站建设，由属地街道负责站点选址。", ((R, ("属地街道",)),), prose_claims),
    Rule("X负责", "prose", "区财政局、区发改委负责保障改造资金。", ((R, ("区财政局", "区发改委")),), prose_claims),
    Rule("X具体承办 after a body's name defined", "prose",
         "区消防安全委员会（以下简称区消安委）负责组织领导，开发区组织人事局具体承办。",
         ((R, ("区消防安全委员会",)), (R, ("开发区组织人事局",))), prose_claims),
    Rule("X牵头, Y配合 in one sentence", "prose", "区市场监管局牵头开展专项检查，区公安分局配合查处拼装车辆。",
         ((L, ("区市场监管局",)), (C, ("区公安分局",))), prose_claims),
    Rule("X会同Y", "prose", "区文物局将会同区消防支队开展联合检查。", ((L, ("区文物局",)), (C, ("区消防支队",))),
         prose_claims),
    Rule("由X牵头，会同Y…", "prose", "由开发区安委办牵头，会同开发区消防救援站组成考核组。",
         ((L, ("开发区安委办",)), (C, ("开发区消防救援站",))), prose_claims),
    Rule("由X会同Y", "prose", "由平安办会同各社区居委会于4月15日前完成网格划定。",
         ((L, ("平安办",)), (C, ("各社区居委会",))), prose_claims),
    Rule("X主责、Y协同 in one clause", "prose", "县市场监管局主责、县公安局和县消防救援大队协同，开展专项检查。",
         ((L, ("县市场监管局",)), (C, ("县公安局", "县消防救援大队"))), prose_claims),
    Rule("Y配合X做…: the task is X's", "prose", "县教育局配合县消防救援大队开展校外培训机构隐患排查。",
         ((C, ("县教育局",)), (R, ("县消防救援大队",))), prose_claims),
    Rule("the thing before 由 is no owner", "prose", "网格员由各社区居委会负责选配。", ((R, ("各社区居委会",)),),
         prose_claims),
    Rule("a topic, then 由X负责 in the next clause", "prose", "物业服务企业履职情况纳入考评，由区住建局按职责分工负责。",
         ((R, ("区住建局",)),), prose_claims),
    Rule("a condition, then 由X…", "prose", "物业服务企业未按期整改的，由区消防救援支队责令改正。",
         ((R, ("区消防救援支队",)),), prose_claims),
    Rule("X does one thing, 由Y another", "prose", "区应急局制定应急预案，由区政府负责审定。",
         ((R, ("区政府",)), (R, ("区应急局",))), prose_claims),
    Rule("the voice of minutes", "prose", "会议要求区财政局统筹安排隐患整改补助资金。", ((R, ("区财政局",)),), prose_claims),
    Rule("X会同Y, Y followed by an adverb", "prose", "请区发改局会同区自然资源局抓紧办理立项手续。",
         ((L, ("区发改局",)), (C, ("区自然资源局",))), prose_claims),
    Rule("who sits in a body is no owner", "prose", "成员由县教育局、县民政局分管负责同志组成，县应急局分管负责同志任办公室副主任。",
         (), prose_claims),
    Rule("date first", "prose", "9月30日前，区建设管理委、区住房保障房屋管理局对照标准完成底数排查。",
         ((R, ("区建设管理委", "区住房保障房屋管理局")),), prose_claims),
    Rule("named body + any verb", "prose", "区司法局将消防知识纳入年度普法计划。", ((R, ("区司法局",)),),
         prose_claims),
    Rule("X牵头 inside a clause, before the mechanism it leads", "prose",
         "建立重大火灾事故区政府牵头调查机制。", ((L, ("区政府",)),), prose_claims),
    Rule("建设主体为X", "prose", "该项目建设主体为区应急局，按计划推进施工。", ((R, ("区应急局",)),), prose_claims),
    Rule("牵头单位为X，配合单位为Y", "prose", "该项工作牵头单位为区应急局，配合单位为区公安分局。",
         ((L, ("区应急局",)), (C, ("区公安分局",))), prose_claims),
    Rule("X为牵头单位，Y为配合单位", "prose", "区委宣传部为牵头单位，区教育局为配合单位。",
         ((L, ("区委宣传部",)), (C, ("区教育局",))), prose_claims),
    Rule("collectives told to act", "prose", "各部门、各有关单位要加强消防演练。",
         ((R, ("各部门", "各有关单位")),), prose_claims),
    Rule("collectives given a date", "prose", "各成员单位每年12月底前向县消安委报送工作总结。",
         ((R, ("各成员单位",)),), prose_claims),
    Rule("Y配合X, and what is done after a comma", "prose", "区融媒体中心要配合区委宣传部，在平台开设专栏。",
         ((C, ("区融媒体中心",)), (R, ("区委宣传部",))), prose_claims),
    Rule("a body told to act with others (要与…)", "prose", "春季开学前，各学校要与教职工逐级签订责任书。",
         ((R, ("各学校",)),), prose_claims),
    Rule("an opening that says only when", "prose", "每学期开学后两周内，各中小学校要开展一次全面自查。",
         ((R, ("各中小学校",)),), prose_claims),
    Rule("a working group led, others taking part (参加)", "prose", "由县应急管理局牵头，县公安局、县卫生健康局参加。",
         ((L, ("县应急管理局",)), (C, ("县公安局", "县卫生健康局"))), prose_claims),
    Rule("X为组长单位，Y为成员单位", "prose", "县卫生健康局为组长单位，县红十字会为成员单位。",
         ((L, ("县卫生健康局",)), (C, ("县红十字会",))), prose_claims),
    Rule("a committee's members (成员单位 with no head) own nothing", "prose", "街道党政、建管等机构为成员单位。", (),
         prose_claims),
    Rule("a collective told later in a sentence", "prose", "实行周调度制度，各责任单位要于每周五前报送进度。",
         ((R, ("各责任单位",)),), prose_claims),
    Rule("a collective named the first responsible", "prose", "各承办单位是整改的第一责任单位，要制定整改方案。",
         ((R, ("各承办单位",)),), prose_claims),
    Rule("the governments of every place of a level", "prose", "各县（市、区）要成立由政府分管负责同志任组长的工作专班。",
         ((R, ("各县（市、区）",)),), prose_claims),
    Rule("sector list with shared suffix", "prose", "教育、民政、文旅等部门要开展行业专项治理。",
         ((R, ("教育部门", "民政部门", "文旅部门")),), prose_claims),
    Rule("a schedule's period label before the subject", "prose", "第一季度：区应急局制定印发考核细则。",
         ((R, ("区应急局",)),), prose_claims),
    Rule("a short-name note with a comma inside it", "prose",
         "区消防安全委员会办公室（以下简称区消安委办公室，设在区消防救援大队）要召开全区消防工作会议。",
         ((R, ("区消防安全委员会办公室",)),), prose_claims),
    Rule("a subject's own task before an agent who leads the next", "prose",
         "区规划资源局于10月底前完成规划修编，由区委宣传部牵头，区融媒体中心配合，11月开展宣传月活动。",
         ((L, ("区委宣传部",)), (C, ("区融媒体中心",)), (R, ("区规划资源局",))), prose_claims),
    Rule("a collective doing a task later in a schedule", "prose", "区应急局制定细则，各街道（镇）完成底数摸排。",
         ((R, ("区应急局",)), (R, ("各街道（镇）",))), prose_claims),
    Rule("the members of a named body", "prose", "区消安委各成员单位要明确1名联络员。",
         ((R, ("区消安委各成员单位",)),), prose_claims),
    Rule("a person of a body is no owner", "prose", "社区党组织书记为本社区消防安全第一责任人。", (), prose_claims),
    Rule("由X协助Y: Y's task", "prose", "未实施物业管理的小区，由社区居委会协助街道办事处落实停放管理。",
         ((C, ("社区居委会",)), (R, ("街道办事处",))), prose_claims),
    Rule("组长单位为X，成员单位为Y", "prose", "组长单位为镇综合执法队，成员单位为镇规划建设办、银滩供电所，负责排查。",
         ((L, ("镇综合执法队",)), (C, ("镇规划建设办", "银滩供电所"))), prose_claims),
    Rule("the document's own body named bare", "prose", "重大隐患由专班挂牌督办。", ((R, ("专班",)),), prose_claims),
    Rule("a working group named by its work (排查组)", "prose", "整改完成后，由隐患排查组组织验收销号。",
         ((R, ("隐患排查组",)),), prose_claims),
    Rule("market actors of a regulation (…者)", "prose", "电动自行车销售者应当建立进货查验制度。",
         ((R, ("电动自行车销售者",)),), prose_claims),
    Rule("由X牵头Y配合, with no comma", "prose", "由区应急局牵头区公安分局配合开展检查。",
         ((L, ("区应急局",)), (C, ("区公安分局",))), prose_claims),
    Rule("collectives supporting a lead", "prose", "由区应急局牵头，相关部门配合。",
         ((L, ("区应急局",)), (C, ("相关部门",))), prose_claims),
    Rule("a place as a regulation's duty holder", "prose", "人员密集场所、大型商业综合体应当设置疏散示意图。",
         ((R, ("人员密集场所", "大型商业综合体")),), prose_claims),
    Rule("an opening condition (必要时)", "prose", "必要时，区公安分局应当协助维护现场秩序。",
         ((C, ("区公安分局",)),), prose_claims),
    Rule("collectives acting within their remit", "prose", "其他相关单位在各自的职责范围内，共同做好火灾防控。",
         ((R, ("其他相关单位",)),), prose_claims),
    Rule("a note in brackets about the name (设在…)", "prose", "市消安委办公室（设在市消防救援支队）负责任务调度。",
         ((R, ("市消安委办公室",)),), prose_claims),
    Rule("the head of a body as the subject", "prose", "县人民政府主要负责人应当定期研究消防工作。",
         ((R, ("县人民政府主要负责人",)),), prose_claims),
    Rule("the head of a body as the lead (由X主要负责同志牵头)", "prose",
         "由区政府主要负责同志牵头，区住建局具体负责，区商务局配合，明确整改措施。",
         ((L, ("区政府主要负责同志",)), (R, ("区住建局",)), (C, ("区商务局",))), prose_claims),
    Rule("a request after a purpose clause (为…，请X…)", "prose", "为及时汇总，请平安办于5月10日前报送排查情况。",
         ((R, ("平安办",)),), prose_claims),
    Rule("a bare word for a body (物业)", "prose", "居委、物业每月在小区开展防火巡查。",
         ((R, ("居委", "物业")),), prose_claims),
    Rule("places sharing one government (A区、B区人民政府)", "prose", "请河东区、岚山区人民政府于11月15日前报送整改计划。",
         ((R, ("河东区人民政府", "岚山区人民政府")),), prose_claims),
    Rule("a second subject in a label's list (X，Y具体落实)", "annotation", "清理疏散通道。责任单位：市教育局，各区教育局具体落实。",
         ((R, ("市教育局",)), (R, ("各区教育局",))), _annotation_claims),
    Rule("a finding, not a duty (X未…)", "prose", "养老机构消防控制室值班人员未持证上岗。", (), prose_claims),
    Rule("labels after a long dash (——牵头：X；配合：Y)", "annotation",
         "◆ 开展电动自行车专项治理——牵头：县公安局；配合：县住建局；时限：12月31日前",
         ((L, ("县公安局",)), (C, ("县住建局",))), _annotation_claims),
    Rule("partners listed with commas (由X牵头，Y，Z配合)", "prose", "由经济发展局牵头，规划建设局，各街道办事处配合。",
         ((L, ("经济发展局",)), (C, ("规划建设局", "各街道办事处"))), prose_claims),
    Rule("an owner changed (牵头单位由X调整为Y)", "prose", "原方案第5项牵头单位由区安监局调整为区应急管理局，配合单位不变。",
         ((L, ("区应急管理局",)),), prose_claims),
    Rule("an owner no longer (不再由X负责，改由Y负责)", "prose", "第8项不再由区文广新局负责，改由区文化和旅游局负责。",
         ((R, ("区文化和旅游局",)),), prose_claims),
)
