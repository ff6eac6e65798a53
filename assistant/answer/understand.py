"""Question understanding: everything the answerers need to know about a question, read once.

`understand()` normalises the question once and returns a frozen `Understanding`: the type of
answer wanted, the role asked about, the scope (documents), the units named, the topic, the years,
the measure word of a quantity question, whether an enumeration is asked for, which document
property a metadata question wants, and how an earlier turn completes a follow-up. Answerers read
these fields and never the raw question. Pure functions over the question text plus the corpus's
units and places, so every rule is tested with a one-line Chinese question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from assistant.answer.match import asked_measure, parse_date
from assistant.answer.scope import Places
from assistant.corpus.normalize import normalize_for_match
from assistant.corpus.references import chinese_number
from assistant.lexicon import (
    ASK_ABOUT,
    ASK_BAND,
    ASK_CITED_DOCUMENT,
    ASK_DUE_BY,
    ASK_COMPARE,
    ASK_COOPERATING,
    ASK_COUNTED,
    ASK_ENUMERATION,
    ASK_EVENT,
    ASK_EXCLUDED,
    ASK_FIRST_LEAD,
    ASK_HOW_MANY,
    ASK_IN_CHARGE,
    ASK_ISSUER_FIELD,
    ASK_LATEST,
    ASK_LEAD,
    ASK_LEADER,
    ASK_SUPPORTED,
    ASK_LIST,
    ASK_MENTIONS,
    ASK_META,
    ASK_NAME,
    ASK_NTH_STAGE,
    ASK_NUMBER_FIELD,
    ASK_OWNER_VERB,
    ASK_PHASES,
    ASK_ROSTER,
    ASK_SEAT,
    ASK_STAGE,
    ASK_STANDARD_CODE,
    ASK_TOTAL,
    ASK_WHEN,
    ASK_WHEN_WORDS,
    ASK_WHICH,
    ASK_WHICH_DOCUMENT,
    ASK_WHICH_STAGE,
    ASK_WHO,
    CHITCHAT,
    CONTENT_FREE,
    DOCUMENT_NOUN,
    EVENT_SYNONYMS,
    EXCLUDING_WORD,
    POINTS_BACK,
    QUESTION_FILLER,
    ROLE_WORD,
    ROSTER_ROLES,
    STATED_DATE,
    QuestionType,
    Role,
    asked_when_form,
)

_YEAR = re.compile(r"20\d\d年")
_THAT_ONE = re.compile(r"^(那|那么|还有|另外|再说说)?(.+?)(的)?呢[？?]?$")
# "那桐溪呢？网格员谁来选配？": the opening switches the place, the question after it stands on its own
_PLACE_THEN_QUESTION = re.compile(r"^(?:那|那么)?(?P<place>[^，,。？?]{2,12}?)(?:的)?呢[？?，,]\s*(?P<rest>\S.{3,})$")
_TO_BE_ISSUED = re.compile(r"(?:什么时候|何时|哪天|几号)(?:(?:要|能|将|会|可以)(?:出台|印发|发布)|出台(?![的了过]))")
_FUNCTION_CHARS = set("对于在和与及或向从把被给的了着过是有也还都")  # shared, they make no case the same
_CONTINUES = re.compile(r"^(?:那么|那|还有|另外|再问一下|再问)(?!个|些|时)")  # a question that goes on in the same place
_TOPIC_CHARS = 6  # a question with this much before "由哪个单位发布" names what is published
_ELLIPSIS_LEFT = 3  # a question with at most this many topic characters left is elliptical ("那配合单位呢？")
_VARIATION_LEFT = 5  # "那…" with at most this many varies the previous question ("那对单位罚多少？"), more is a new task


@dataclass(frozen=True)
class Understanding:
    """What the answerers need to know about one question (frozen: use `dataclasses.replace`)."""

    question: str  # as asked
    normalized: str  # normalize_for_match(question)
    text: str  # the retrieval query: the question, with an earlier turn folded in for follow-ups
    type: QuestionType
    role: Role | None = None  # the role asked about (responsibility and list questions)
    docs: tuple[str, ...] = ()  # documents in scope (empty = all)
    units: tuple[str, ...] = ()  # units named in the question
    topic: str = ""  # the task phrase: the question minus question words, places and (for lists) units
    years: tuple[str, ...] = ()  # "2021年" … named in the question
    months: tuple[int, ...] = ()  # "10月份" → (10,): a month without a day
    excluded: tuple[str, ...] = ()  # "梁山街道以外的…" → ("梁山街道",): what a total leaves out
    measure: str | None = None  # quantity questions: the measure word asked for, as a regex ("人|名")
    when_form: str = ""  # deadline questions: "day" | "month" | "year" | "quarter" | "frequency" | "interval" | "until"
    when_too: bool = False  # a who-question that also asks by when ("…谁来写？什么时候前要出来？")
    first_lead: bool = False  # "总牵头单位是哪个": of several leads the one listed first (the documents' convention)
    enumeration: bool = False  # "哪几个/哪些/分哪几个阶段": a list is wanted
    meta_field: str = ""  # metadata questions: "文件" | "文号" | "发文单位" | "印发日期"
    meta_fields: tuple[str, ...] = ()  # …all the properties asked, the first being `meta_field`, or the steps of
    # its history asked about ("通过", "施行", "制定" …: lexicon.DOCUMENT_EVENTS)
    latest: bool = False  # "最近一次修订": the last of several
    roster_role: str = ""  # roster questions: "组长", "副组长" …
    inner_type: QuestionType | None = None  # comparisons: what is compared (who leads, when …)
    deadline_before: str | None = None  # list questions: "2023-12-31"
    total: bool = False  # quantity questions: "一共几个" — a sum over the parts a clause lists
    counted: str = ""  # "…建设的消防救援站一共几个" → "消防救援站": what a count of named things counts
    code_asked: bool = False  # "哪个标准号": an answer must state a standard's code
    seat_asked: bool = False  # "办公室设在哪个单位": an answer must say where it is set up
    leader_asked: bool = False  # "牵头的市领导是哪位": the person a task names as its leader
    asked_verb: str = ""  # who-questions: what the owner is asked to do ("归谁查处" → "查处", "由谁组织协调" → "组织协调")
    in_charge: bool = False  # who-questions: "归谁管", "谁来抓" ask who is in charge (lexicon.ASK_IN_CHARGE)
    band_asked: bool = False  # "得了85分，算什么等次？": the band of a scale a figure falls in
    cited_asked: bool = False  # "是依据县里哪个文件制定的？": a document the text acts on
    name_asked: bool = False  # "推行的是什么工作模式？", "2021年那个阶段叫什么？": a quoted name or a stage heading
    stage_asked: bool = False
    phase_asked: bool = False  # a deadline question about a stage ("这个阶段是几月到几月？"): the phase's dates
    phases_asked: bool = False  # "分几个阶段": the phases of a plan
    stage_number: int = 0  # "第二个阶段…" → 2
    follow_up: bool = False  # elliptical or anaphoric: it goes on with the previous question's task
    same_task: bool = False  # …and asks another property of that very task ("那时限呢？", "配合单位呢？")
    unknown_place: str = ""  # a place the question names that no document mentions
    inherited_scope: bool = False  # docs come from an earlier turn, not from this question
    earlier: Understanding | None = None  # a question standing alone: the earlier question of the conversation
    places: tuple[str, ...] = field(default=())  # the place names the question used
    previous: Understanding | None = None  # the question a follow-up goes on from
    parts: tuple[Understanding, ...] = ()  # "渝北…是哪几个镇？开州…又是哪几个镇？": one question per place asked

    def scope(self, all_docs) -> set[str]:
        """The documents this question is about: its own scope, else every document."""
        return set(self.docs) or set(all_docs)


def classify(normalized: str, has_units: bool = False) -> QuestionType:
    """The question type from its (normalised) wording alone."""
    q = normalized
    if CHITCHAT.match(q):
        return QuestionType.CHITCHAT
    if ASK_MENTIONS.search(q):
        return QuestionType.MENTIONS
    meta = ASK_META.search(q)
    if meta and "发布" in meta.group() and not DOCUMENT_NOUN.search(q) and len(q[: meta.start()]) >= _TOPIC_CHARS:
        meta = None  # "高火险天气预警由哪个单位发布": something else is published, unless a document is named
    if meta and _TO_BE_ISSUED.search(q):
        meta = None  # "操作细则什么时候出台？": a document still to be issued is a task; "…是哪天印发的" is this one
    if (meta and not ASK_CITED_DOCUMENT.search(q)) or events_asked(q):
        return QuestionType.METADATA
    if ASK_LIST.search(q) and (has_units or ASK_WHEN.search(q) or "哪些任务" in q or _YEAR.search(q)):
        return QuestionType.LIST
    if ASK_ROSTER.search(q):
        return QuestionType.ROSTER
    if ASK_SEAT.search(q):
        return QuestionType.FACT
    if ASK_LEADER.search(q):
        return QuestionType.RESPONSIBLE  # "这项的责任领导是谁": the task's column of people
    if ASK_SUPPORTED.search(q):
        return QuestionType.LEAD  # "X是配合哪个部门": the one X supports
    if ASK_COOPERATING.search(q):
        return QuestionType.COOPERATING
    if ASK_LEAD.search(q):
        return QuestionType.LEAD
    if ASK_WHO.search(q):
        return QuestionType.RESPONSIBLE
    if ASK_HOW_MANY.search(q) and not ASK_WHEN_WORDS.search(q):
        return QuestionType.NUMBER  # "到2025年底要新建多少个" asks how many, not when
    if ASK_WHEN.search(STATED_DATE.sub("", q) if ASK_WHICH.search(q) else q):
        return QuestionType.DEADLINE  # "2025年底前要新建哪支专职消防队" states its date and asks which
    if ASK_HOW_MANY.search(q):
        return QuestionType.NUMBER
    return QuestionType.FACT


def meta_field(normalized: str) -> str:
    """Which document property a metadata question asks for."""
    if ASK_WHICH_DOCUMENT.search(normalized) and not re.search(r"印发|发布|发文", normalized):
        return "文件"
    if ASK_NUMBER_FIELD.search(normalized):
        return "文号"
    if ASK_ISSUER_FIELD.search(normalized):
        return "发文单位"
    return "印发日期"


def events_asked(normalized: str) -> tuple[str, ...]:
    """The steps of a document's history a question asks about, in its order ("条例是哪天通过、哪天批准的？" →
    通过, 批准; "是谁制定的、由哪个单位转发？" → 制定, 转发): asked of a document, never of a task."""
    found = []
    for match in ASK_EVENT.finditer(normalized):
        word = next(g for g in match.groups() if g)
        if "前" in match.group() or re.search(r"(?:要|需|须|应|得)在$", normalized[: match.start()]):
            continue  # "方案要在什么时间之前制定出来": by when a task is due, not a step of this document's history
        if re.search(r"谁(?:来|去|负责)|(?:要|将|负责)$", normalized[: match.start()] + match.group()[:-len(word)]):
            continue  # "考核细则谁来制定": who is to do it, a task ("是谁制定的" asks the document's history)
        if DOCUMENT_NOUN.search(normalized[: match.end()]):
            found.append(EVENT_SYNONYMS.get(word, word))
    return tuple(dict.fromkeys(found))


def meta_fields(normalized: str) -> tuple[str, ...]:
    """Every document property a metadata question asks for ("文号是多少？哪天印发的？" → 文号, 印发日期; the
    steps of its history when it asks about those: 通过, 施行 …)."""
    if events := events_asked(normalized):
        number = ("文号",) if ASK_NUMBER_FIELD.search(normalized) else ()  # "文号和落款日期？"
        return (*number, *events)
    first = meta_field(normalized)
    more = [f for f, asked in (("文号", ASK_NUMBER_FIELD.search(normalized)),
                               ("发文单位", re.search(r"(?:哪个|什么)(?:单位|部门|机关)|发文(?:单位|机关)", normalized)),
                               ("印发日期", re.search(r"哪天|何时|哪一天|日期|什么时候|几号|时间", normalized))) if asked]
    return tuple(dict.fromkeys([first, *more])) if first != "文件" else (first,)


def topic_of(normalized: str, remove: list[str]) -> str:
    """The task phrase: what the question is about, without question words, places or units."""
    q = normalized
    for word in sorted(remove, key=len, reverse=True):
        if word:
            q = q.replace(normalize_for_match(word), " ")
    q = QUESTION_FILLER.sub(" ", q)
    return " ".join(q.split())


def asked_verb(normalized: str) -> str:
    """"归谁查处" → "查处", "由哪些部门负责解释" → "解释", "谁来组织协调" → "组织协调": what a who-question asks
    the owner does; "" when it asks only who is responsible ("谁负责", "由谁牵头")."""
    match = ASK_OWNER_VERB.search(normalized)
    verb = match.group(1) if match else ""
    return "" if not verb or ROLE_WORD.fullmatch(verb) else verb


def stage_number(normalized: str) -> int:
    """"第二个阶段是什么时候" → 2 (0 when no stage is named by its number)."""
    match = ASK_NTH_STAGE.search(normalized)
    return (chinese_number(match.group(1)) or 0) if match else 0


def counted_in(normalized: str) -> str:
    """"点名要建设的消防救援站一共几个" / "一共有几个消防站" → the thing counted ("消防救援站")."""
    for pattern in ASK_COUNTED:
        if match := pattern.search(normalized):
            return match.group(1).rpartition("的")[2]
    return ""


def excluded_in(normalized: str) -> tuple[str, ...]:
    """"梁山街道以外的乡镇" / "除梁山街道外" → ("梁山街道",): the names a question leaves out."""
    found = [part for pattern in ASK_EXCLUDED for part in pattern.findall(normalized)]
    names = [n for part in found for n in EXCLUDING_WORD.sub("", part).split("、") if len(n) >= 2]
    return tuple(dict.fromkeys(names))


def months_in(normalized: str) -> tuple[int, ...]:
    """"10月份处在哪个阶段" → (10,): months named without a day."""
    return tuple(int(m) for m in re.findall(r"(?<!\d)(1[0-2]|0?[1-9])\s*月(?:份)?(?!\s*\d{1,2}\s*日)", normalized))


_YEAR_RANGE = re.compile(r"(20\d\d)\s*年?\s*(?:到|至|-|—|–|~|～)\s*(20\d\d)\s*年")


def years_in(normalized: str) -> tuple[str, ...]:
    """"2021年" … named in a question; a range ("2021到2023年") names its first and last year."""
    found = [f"{y}年" for pair in _YEAR_RANGE.findall(normalized) for y in pair] + _YEAR.findall(normalized)
    return tuple(dict.fromkeys(found))


def deadline_of(question: str) -> str | None:
    """'2023年底前' → '2023-12-31'; '2022年6月底前' → '2022-06-30'."""
    return parse_date(question)


def _list_role(normalized: str) -> Role | None:
    if ASK_COOPERATING.search(normalized):
        return Role.COOPERATING
    if ASK_LEAD.search(normalized):
        return Role.LEAD
    return None  # "X负责哪些/X的任务": any role but cooperating


MAX_CONTEXT_QUESTIONS = 3  # how far back a chain of follow-ups is followed ("那配合单位呢？" after "时限呢？")


def understand(
    question: str,
    history: list[dict] | None,
    find_units: Callable[[str], list[str]],
    places: Places,
    depth: int = 0,
) -> Understanding:
    """Read a question once: type, role, scope, units, topic and the rest; follow-ups take the earlier turn.

    The history supplies only what the question lacks. A question with its own place, document or
    task stands alone; an elliptical one ("那配合单位呢？", "时限呢？", "开州的呢？") or one that points
    back ("这项任务…") goes on with the previous question's task, and in its place unless it names one.

    Args:
        find_units: unit names mentioned in a text (the corpus gazetteer).
        places: the corpus's place names.
        depth: how many questions back this one is (the chain is followed MAX_CONTEXT_QUESTIONS deep).
    """
    switch = _PLACE_THEN_QUESTION.match(question.strip())
    if switch and places.scope(switch.group("place")).named:
        asked = f"那{switch.group('place')}{switch.group('rest')}"  # goes on as "那广东对单位罚多少？" would
        return replace(understand(asked, history, find_units, places, depth), question=question)
    normalized = normalize_for_match(question)
    if depth == 0 and len(parts := question_parts(question, places)) > 1:
        # each part follows the one before it ("开州的…是哪天印发的？渝北的呢？")
        asked = tuple(understand(part, [*(history or []), *([{"role": "user", "content": parts[n - 1]}] if n else [])],
                                 find_units, places, depth + 1) for n, part in enumerate(parts))
        return Understanding(question=question, normalized=normalized, text=question, type=QuestionType.COMPARE,
                             docs=tuple(d for part in asked for d in part.docs), topic=" ".join(p.topic for p in asked),
                             places=tuple(n for p in asked for n in p.places), parts=asked)
    units = tuple(find_units(question))
    qtype = classify(normalized, has_units=bool(units))
    scope = places.scope(question)
    docs = scope.docs
    topic = topic_of(normalized, places.words + (list(units) if qtype is QuestionType.LIST else []))
    text, follow, same_task, inherited, prev = question, False, False, False, None
    previous, earlier = _previous_question(history) if depth < MAX_CONTEXT_QUESTIONS else ("", [])
    if previous and qtype is not QuestionType.CHITCHAT:
        # The previous question may itself be a follow-up: understand it with its own history.
        prev = understand(previous, earlier, find_units, places, depth + 1)
        own_type = classify(normalized) is not QuestionType.FACT or bool(ASK_ABOUT.search(normalized))
        left = CONTENT_FREE.sub("", topic.lstrip("那么还有另外").replace(" ", ""))  # "具体由谁负责实施？"
        names_its_own = bool(units) and not _THAT_ONE.match(normalized)  # "区财政局牵头哪些任务？" (not "区应急局呢？")
        if (len(left) <= _ELLIPSIS_LEFT or POINTS_BACK.match(normalized)) and not names_its_own:
            # Elliptical: "那配合单位呢？", "开州的呢？", "这项什么时候完成？" — the previous task.
            follow, topic, text = True, prev.topic, f"{prev.text} {question}"
            same_task = not units and not scope.named and not scope.unknown_place \
                and not stage_number(normalized)  # "那普陀区呢？": another place; "第二个阶段…": one of a list
            qtype = qtype if own_type else prev.type
            if qtype is QuestionType.LIST and not units:
                units = prev.units
        elif _THAT_ONE.match(normalized):
            own = topic.lstrip("那么还有另外").strip()
            if re.fullmatch(r"[\d年月日底前后\s]+", own):
                # "2022年呢？": the previous task, for another year.
                follow, topic, text = True, f"{prev.topic} {own}", f"{prev.text} {question}"
            else:
                # "那打通生命通道的呢？": a new task, asked the way the previous question asked.
                follow, topic = True, own
            qtype = qtype if own_type else prev.type
        elif _CONTINUES.match(normalized) and not units:
            follow = True  # "那微型消防站基础建设归谁负责？": a new task, in the conversation's place
            if len(left) <= _VARIATION_LEFT and (set(left) & set(prev.topic)) - _FUNCTION_CHARS:
                # "那对单位罚多少？" after "…占用消防车登高作业场地，对个人怎么罚？": the same case, another party
                topic, text = f"{prev.topic} {topic}", f"{prev.text} {question}"
        if follow and not docs and prev.docs and not scope.unknown_place:
            docs, inherited = prev.docs, True  # a question that stands alone is not held to the earlier place
    if len(docs) >= 2 and qtype not in (QuestionType.LIST, QuestionType.CHITCHAT, QuestionType.METADATA,
                                        QuestionType.MENTIONS) and ASK_COMPARE.search(normalized):
        qtype = QuestionType.COMPARE
    inner = None
    if qtype is QuestionType.COMPARE:
        inner = classify(re.sub("分别|各自|比较|对比", "", normalized))
        inner = QuestionType.FACT if inner in (QuestionType.COMPARE, QuestionType.LIST) else inner
    role = qtype.role
    if qtype is QuestionType.LIST:
        role = _list_role(normalized)
    asked_type = inner or qtype
    return Understanding(
        question=question,
        normalized=normalized,
        text=text,
        type=qtype,
        role=role,
        docs=tuple(docs),
        units=units,
        topic=topic,
        years=years_in(normalized),
        months=months_in(normalized),
        excluded=excluded_in(normalized),
        measure=asked_measure(normalized) if asked_type is QuestionType.NUMBER else None,
        when_form=asked_when_form(normalized) if asked_type is QuestionType.DEADLINE else "",
        enumeration=bool(ASK_ENUMERATION.search(normalized)),
        meta_field=meta_field(normalized) if asked_type is QuestionType.METADATA else "",
        meta_fields=meta_fields(normalized) if asked_type is QuestionType.METADATA else (),
        latest=bool(ASK_LATEST.search(normalized)),
        roster_role=next((r for r in ROSTER_ROLES if r in normalized), "") if qtype is QuestionType.ROSTER else "",
        inner_type=inner,
        deadline_before=deadline_of(question) if qtype is QuestionType.LIST and ASK_DUE_BY.search(question) else None,
        total=asked_type is QuestionType.NUMBER and bool(ASK_TOTAL.search(normalized)),
        counted=counted_in(normalized) if asked_type is QuestionType.NUMBER else "",
        asked_verb=asked_verb(normalized) if asked_type.role is not None else "",
        when_too=asked_type.role is not None and bool(ASK_WHEN.search(normalized)),
        first_lead=asked_type is QuestionType.LEAD and bool(ASK_FIRST_LEAD.search(normalized)),
        in_charge=asked_type is QuestionType.RESPONSIBLE and bool(ASK_IN_CHARGE.search(normalized)),
        code_asked=bool(ASK_STANDARD_CODE.search(normalized)),
        seat_asked=bool(ASK_SEAT.search(normalized)),
        leader_asked=bool(ASK_LEADER.search(normalized)),
        band_asked=bool(ASK_BAND.search(normalized)),
        cited_asked=bool(ASK_CITED_DOCUMENT.search(normalized)),
        name_asked=bool(ASK_NAME.search(normalized)),
        stage_asked=bool((ASK_NAME.search(normalized) or ASK_WHICH_STAGE.search(normalized))
                         and ASK_STAGE.search(normalized)),
        phase_asked=asked_type is QuestionType.DEADLINE and bool(ASK_STAGE.search(normalized)),
        phases_asked=bool(ASK_PHASES.search(normalized)),
        stage_number=stage_number(normalized),
        follow_up=follow,
        same_task=same_task,
        unknown_place=scope.unknown_place if not scope.docs else "",  # "那普陀区呢？" too: a place no document has
        inherited_scope=inherited,
        places=scope.named,
        previous=prev if follow else None,
        earlier=prev if not follow and not scope.named else None,
    )


def question_parts(question: str, places: Places) -> list[str]:
    """The sentences of a question that each ask about their own place ("渝北2021年要完成…的是哪几个镇？开州要
    新建…的又是哪几个镇？"), or [question] when it is one question or its sentences share a place."""
    parts = [p.strip() for p in re.findall(r"[^？?]+[？?]?", question) if CONTENT_FREE.sub("", p).strip("？? ，,")]
    if len(parts) < 2:
        return [question]
    scopes = [set(places.scope(p).docs) for p in parts]
    if not all(scopes) or any(a & b for i, a in enumerate(scopes) for b in scopes[i + 1:]):
        return [question]
    return parts


def for_document(u: Understanding, doc: str, qtype: QuestionType | None = None) -> Understanding:
    """The same question restricted to one document (and asked as `qtype`), e.g. one side of a comparison."""
    return replace(u, docs=(doc,), type=qtype or u.type, role=(qtype or u.type).role, inner_type=None)


def with_previous_topic(u: Understanding) -> Understanding | None:
    """A follow-up that varies the previous question ("那对单位罚多少？" after "…占用消防车登高作业场地，对个人
    怎么罚？"; "那广东呢？对单位罚多少？"), read with that question's topic folded in — or None when the
    question does not go on from one, or already carries its task."""
    prev = u.previous
    if prev is None or u.same_task or not u.follow_up:
        return None
    return replace(u, text=f"{prev.text} {u.question}", topic=f"{prev.topic} {u.topic}".strip())


def in_conversation_place(u: Understanding) -> list[Understanding]:
    """A question with no place after one about a district ("要多久搞一次演练？" after "桐溪社区微型消防站日常谁来管？"),
    read in that district: alone, then with the earlier topic folded in; [] when it names its own place or unit
    ("区气象局在消防工作里要做什么？" asks of that unit wherever it is)."""
    earlier = u.earlier
    if earlier is None or not earlier.docs or u.docs or u.unknown_place or u.units:
        return []
    held = replace(u, docs=earlier.docs, inherited_scope=True, earlier=None)
    return [held, replace(held, text=f"{earlier.text} {u.question}", topic=f"{earlier.topic} {u.topic}".strip())]


def _previous_question(history: list[dict] | None) -> tuple[str, list[dict]]:
    """The last user question in the history, and the history before it."""
    turns = list(history or [])
    for i in range(len(turns) - 1, -1, -1):
        turn = turns[i]
        if isinstance(turn, dict) and turn.get("role") == "user" and str(turn.get("content", "")).strip():
            return str(turn["content"]).strip(), turns[:i]
    return "", []
