"""Question understanding: what kind of answer is wanted, about which task, in which scope.

Pure functions over the question text (plus the unit gazetteer and the district names of
the indexed documents), so every rule is tested with a one-line Chinese question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.answer.match import parse_date
from assistant.corpus.normalize import normalize_for_match

# Question types. "responsible" is the generic "谁负责/谁来管": the answer uses whatever
# label the document itself uses for that task (责任单位, else 牵头单位).
LEAD, COOPERATING, RESPONSIBLE = "lead_unit", "cooperating_units", "responsible_units"
DEADLINE, NUMBER, FACT, LIST, COMPARE, ROSTER, CHITCHAT, META = (
    "deadline", "number", "fact", "list", "compare", "roster", "chitchat", "metadata",
)

_CHITCHAT = re.compile(r"^(你好|您好|嗨|hi|hello|谢谢|多谢|再见|你是谁|你能做什么|在吗)[!！。.?？~]*$", re.IGNORECASE)
_LIST = re.compile(r"(哪些|哪几项|几项|所有|全部|列出|清单|都有什么|有什么)(任务|工作|事项|事)|牵头(了)?哪些|负责(了)?哪些|配合(了)?哪些|"
                   r"哪些.{0,12}(要在|需在|需要在|在).{0,10}(前|之前|以前)?完成|哪些.{0,16}(20\d\d年).{0,8}(完成|建成|完工|投用)")
_ROSTER = re.compile(r"组长|副组长|领导小组.{0,6}(成员|有谁|是谁|由谁)|办公室主任|成员名单")
_COOPERATING = re.compile(r"配合|协助|协办|协同")
_LEAD = re.compile(r"牵头|主责|主办|带头|领头|统筹")
_RESPONSIBLE = re.compile(r"谁(来)?(负责|管|抓|落实|承担|干|做|查)|哪(些|个|家|几个)(单位|部门|机构)|由谁|归谁|责任(单位|部门|主体)|"
                          r"负责(单位|部门)|什么(单位|部门)|谁的(事|责任)|主管部门|谁来")
_DEADLINE = re.compile(r"什么时候|何时|时限|期限|截止|哪年|哪一年|几月|多久|完成时间|时间节点|啥时候|"
                       r"(之前|以前|前)完成吗|年底|到期|进度安排|时间安排|什么时间")
_NUMBER = re.compile(r"多少|几个|几名|几人|几处|几次|几栋|几座|几支|几天|几类|几辆|几台|几套|几间|几项|几米|几栋|几所|几家|"
                     r"多大|多长|多高|多宽|多远|多粗|比例|数量|不少于几|规模|几年|百分之|几%|覆盖率|达到几")
_COMPARE = re.compile(r"分别|比较|对比|各自|各要求|各需|各配|各有|各是|有何不同|有什么不同|区别|差别|相比|异同|两(个)?(区|地|文件)")
_META = re.compile(r"哪份|哪一份|哪个文件|哪个方案|哪个规划|文号|字号|发文号|文件编号|(哪天|何时|什么时候|哪一天|几号|日期).{0,4}(印发|发布|发文|出台|签发)|"
                   r"(印发|发布|发文|成文)(日期|时间|于哪天|的日期)|发文(单位|机关)|哪个(单位|部门|机关)(印发|发布|发文)|"
                   r"由.{2,14}(印发|发布)的")
_WHEN_WORDS = re.compile(r"什么时候|何时|哪年|哪一年|哪天|几月|啥时候|什么时间|时限|期限|截止")
_FACT = re.compile(r"怎么|如何|什么要求|要求|措施|内容|做法|目标|是什么|哪些|包括|怎样|为什么|依据|原则")

# Words that say what is asked rather than what it is about; removed to get the task phrase.
_QUESTION_WORDS = re.compile(
    r"请问|一下|这项|这个|那个|这块|那块|该项|的话|呢|吗|吧|啊|呀|嘛|"
    r"由哪些单位|由哪个单位|哪些单位|哪个单位|哪些部门|哪个部门|什么单位|什么部门|哪家|谁来|由谁|归谁|是谁|有谁|谁|"
    r"牵头单位|配合单位|责任单位|负责单位|主管部门|牵头|配合|协助|负责|谁管|来管|归谁管|"
    r"什么时候|何时|完成时限|时限|期限|截止|多久|啥时候|什么时间|完成时间|"
    r"多少|几个|几名|几人|几处|几次|数量|怎么要求|怎么|如何|什么要求|要求|怎样|有哪些|哪些|什么|"
    r"哪[一二三四五六七八九十两几]?(个|次|类|项|家|所|处|支|份|天|年)?|打算|准备|最少|至少|最多|最小|最大|最晚|最迟|最低|"
    r"一直|具体|大概|一共|总共|总计|分别|是不是|有没有|能不能|需不需要|要在|需要在|需在|应在|得在|"
    r"[的了]|"
    r"[，。？?！!、；;：:“”\"'（）()\s]"
)
_THAT_ONE = re.compile(r"^(那|那么|还有|另外|再说说)?(.+?)(的)?呢[？?]?$")


@dataclass
class Understanding:
    """What the pipeline needs to know about one question."""

    question: str  # as asked
    text: str  # the question with follow-up context folded in (used for retrieval)
    type: str
    docs: list[str] = field(default_factory=list)  # documents in scope (empty = all)
    units: list[str] = field(default_factory=list)  # unit names mentioned in the question
    topic: str = ""  # the task phrase: the question minus question words, districts and units
    deadline_before: str | None = None  # list questions: "2023-12-31"
    follow_up: bool = False
    unknown_place: str = ""  # a district the question names that no indexed document covers
    inherited_scope: bool = False  # docs come from an earlier turn, not from this question

    def scope(self, all_docs) -> set[str]:
        """The documents this question is about: its own scope, else every document."""
        return set(self.docs) or set(all_docs)


# A question that opens with a place name (万州区…, 北京市…) the corpus does not cover.
_LEADING_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,4}?)(区|县|市)")
_NOT_PLACES = ("哪个", "哪些", "各个", "全", "本", "城", "社", "小", "片", "园", "辖", "市", "那", "这")


def classify(question: str, has_units: bool = False) -> str:
    """The question type from its wording alone."""
    q = normalize_for_match(question)
    if _CHITCHAT.match(q):
        return CHITCHAT
    if _META.search(q):
        return META
    if _LIST.search(q) and (has_units or _DEADLINE.search(q) or "哪些任务" in q or re.search(r"20\d\d年", q)):
        return LIST
    if _ROSTER.search(q):
        return ROSTER
    if _COOPERATING.search(q):
        return COOPERATING
    if _LEAD.search(q):
        return LEAD
    if _RESPONSIBLE.search(q):
        return RESPONSIBLE
    if _NUMBER.search(q) and not _WHEN_WORDS.search(q):
        return NUMBER  # "到2025年底要新建多少个" asks how many, not when
    if _DEADLINE.search(q):
        return DEADLINE
    if _NUMBER.search(q):
        return NUMBER
    return FACT


def meta_field(question: str, meta) -> tuple[str, str]:
    """Which document property a metadata question asks for, and its value in `meta`."""
    q = normalize_for_match(question)
    if re.search(r"哪份|哪一份|哪个文件|哪个方案|哪个规划", q) and not re.search(r"印发|发布|发文", q):
        return "文件", meta.title
    if re.search(r"文号|字号|发文号|文件编号", q):
        return "文号", meta.number
    if re.search(r"单位|机关|办公室|委员会|政府|由.{2,14}(印发|发布)", q):
        return "发文单位", meta.issuer
    if meta.date:
        year, month, day = meta.date.split("-")
        return "印发日期", f"{int(year)}年{int(month)}月{int(day)}日"
    return "印发日期", ""


def topic_of(question: str, remove: list[str]) -> str:
    """The task phrase: what the question is about, without question words, districts or units."""
    q = normalize_for_match(question)
    for word in sorted(remove, key=len, reverse=True):
        if word:
            q = q.replace(normalize_for_match(word), " ")
    q = _QUESTION_WORDS.sub(" ", q)
    for short, full in ABBREVIATIONS.items():
        q = q.replace(short, full)
    return " ".join(q.split())


# Everyday short forms staff type, and the documents' own wording.
ABBREVIATIONS = {
    "消安委": "消防安全委员会", "消安办": "消防安全委员会办公室", "烟感": "感烟", "消防车道": "消防车通道",
    "喷淋": "喷淋", "微站": "微型消防站", "专职队": "专职消防队", "网格长": "网格员",
}


def deadline_of(question: str) -> str | None:
    """'2023年底前' → '2023-12-31'; '2022年6月底前' → '2022-06-30'."""
    return parse_date(question)


def understand(
    question: str,
    history: list[dict] | None,
    find_units: Callable[[str], list[str]],
    detect_docs: Callable[[str], list[str]],
    region_words: list[str],
) -> Understanding:
    """Classify the question, find its scope and topic, and fold in the previous turn for follow-ups.

    Args:
        find_units: unit names mentioned in a text (the corpus gazetteer).
        detect_docs: documents whose district a text names.
        region_words: every district name/alias, removed from the topic.
    """
    units = find_units(question)
    qtype = classify(question, has_units=bool(units))
    docs = detect_docs(question)
    # Units named in a list question are its filter; elsewhere they describe the task itself.
    topic = topic_of(question, region_words + (units if qtype == LIST else []))
    text = question
    follow, inherited = False, False
    previous, earlier = _previous_question(history)
    if previous and qtype != CHITCHAT:
        # The previous question may itself be a follow-up: understand it with its own history.
        prev = understand(previous, earlier, find_units, detect_docs, region_words)
        own_type = _has_type_words(question)
        if len(topic.lstrip("那么还有另外").replace(" ", "")) <= 3:
            # Elliptical: "那配合单位呢？", "开州的呢？", "什么时候完成？" — the previous task.
            follow, topic, text = True, prev.topic, f"{prev.text} {question}"
            qtype = qtype if own_type else prev.type
            if qtype == LIST and not units:
                units = prev.units
        elif _THAT_ONE.match(normalize_for_match(question)):
            own = topic.lstrip("那么还有另外").strip()
            if re.fullmatch(r"[\d年月日底前后\s]+", own):
                # "2022年呢？": the previous task, for another year.
                follow, topic, text = True, f"{prev.topic} {own}", f"{prev.text} {question}"
            else:
                # "那打通生命通道的呢？": a new task, asked the way the previous question asked.
                follow, topic = True, own
            qtype = qtype if own_type else prev.type
        if not docs and prev.docs:
            docs, inherited = prev.docs, not follow
    if len(docs) >= 2 and qtype not in (LIST, CHITCHAT) and _COMPARE.search(normalize_for_match(question)):
        qtype = COMPARE
    unknown = ""
    place = _LEADING_PLACE.match(normalize_for_match(question))
    if place and not docs and not follow and not place.group(1).startswith(_NOT_PLACES):
        unknown = place.group(0)
    return Understanding(
        question=question,
        text=text,
        type=qtype,
        docs=docs,
        units=units,
        topic=topic,
        deadline_before=deadline_of(question) if qtype == LIST else None,
        follow_up=follow,
        unknown_place=unknown,
        inherited_scope=inherited,
    )


def _has_type_words(question: str) -> bool:
    """Does the question say what it asks (who/when/how many…), or only what about?"""
    return classify(question) != FACT or bool(_FACT.search(normalize_for_match(question)))


def _previous_question(history: list[dict] | None) -> tuple[str, list[dict]]:
    """The last user question in the history, and the history before it."""
    turns = list(history or [])
    for i in range(len(turns) - 1, -1, -1):
        turn = turns[i]
        if isinstance(turn, dict) and turn.get("role") == "user" and str(turn.get("content", "")).strip():
            return str(turn["content"]).strip(), turns[:i]
    return "", []
