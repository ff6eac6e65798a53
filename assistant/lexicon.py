"""The genre's vocabulary, in one place: roles and their labels and verbs, deadline phrases,
unit and place suffixes, and the words questions are asked with.

The parser (corpus/), the question understanding and the answerers (answer/) all read these
tables; nothing else in the code spells out a role label, a cooperation verb or a deadline
pattern. Every entry is general to Chinese government documents on assigning work — none is
taken from one document — and each is exercised by tests/test_lexicon.py.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache


class Role(StrEnum):
    """Who does what for a task."""

    LEAD = "lead"  # 牵头: leads, convenes the others
    COOPERATING = "cooperating"  # 配合: supports the lead
    RESPONSIBLE = "responsible"  # 负责/责任: owns it (no lead/support split stated)

    @property
    def answer_label(self) -> str:
        """How an answer names the role when the document's own label is not known."""
        return {Role.LEAD: "牵头单位", Role.COOPERATING: "配合单位", Role.RESPONSIBLE: "责任单位"}[self]

    @property
    def verb(self) -> str:
        """The word that says the role in a sentence ("牵头", "配合", "负责"): a claim's label when no label is written."""
        return {Role.LEAD: "牵头", Role.COOPERATING: "配合", Role.RESPONSIBLE: "负责"}[self]

    @property
    def field(self) -> str:
        """The `Task` attribute holding the units of this role."""
        return f"{self.value}_units"


# --- labels: "牵头单位：…", a table column "配合部门", "〔责任单位：…〕" ------------------------------

# A unit label is a role word and a body word ("牵头单位", "配合部门"), or two body words joined
# ("责任单位和部门", "牵头单位（部门）", "配合单位、部门").
LABEL_ROLE_WORDS: dict[Role, tuple[str, ...]] = {
    # 承办单位 is the unit a matter is handed to (交办/督办), 协办单位 assist it: the pair 主办/协办 under another name
    Role.LEAD: ("牵头", "主办", "主责", "牵头责任", "承办", "组长"),  # 组长单位: the body that heads a working group
    Role.COOPERATING: ("配合", "协办", "协助", "参与", "参加", "协同"),
    Role.RESPONSIBLE: ("责任", "实施"),
}
# 承办 pairs with 协办 as 主办 does; a 承办单位/承办机构 with no partner beside it is who handles the matter (responsible)
HANDLING = "承办"
LABEL_BODY_WORDS = ("单位", "部门", "科室", "处室", "股室", "机构")  # a 街道's or a bureau's offices are its 科室/处室/股室
_JOINED_BODIES = tuple(f"{a}{joint}{b}" for a in LABEL_BODY_WORDS for b in LABEL_BODY_WORDS if a != b
                       for joint in ("和", "及", "、", "/")) + tuple(
    f"{a}（{b}）" for a in LABEL_BODY_WORDS for b in LABEL_BODY_WORDS if a != b)
UNIT_LABELS: dict[str, Role] = {
    f"{word}{body}": role for role, words in LABEL_ROLE_WORDS.items() for word in words
    for body in (*LABEL_BODY_WORDS, *_JOINED_BODIES)
}
# A role word alone as a label: "（牵头：区应急局；配合：区公安分局）", a 牵头/配合 column.
UNIT_LABELS.update({word: role for role, words in LABEL_ROLE_WORDS.items() for word in words
                    if word not in ("责任", "实施", "参与", "参加", "牵头责任", "组长")})  # "组长：张三" is a person
UNIT_LABELS["责任主体"] = Role.RESPONSIBLE  # a workflow table's "责任主体" column
# a 督办 table's "督办对象" / "整改对象" column: the body told to put the matter right
UNIT_LABELS.update({f"{word}对象": Role.RESPONSIBLE for word in ("督办", "整改", "交办", "挂牌督办")})
# People rather than bodies: "牵头领导：张三（副区长）", a 责任人 column.
PERSON_LABELS: dict[str, Role] = {
    "牵头领导": Role.LEAD, "分管领导": Role.LEAD, "责任领导": Role.RESPONSIBLE, "责任人": Role.RESPONSIBLE,
    "联系领导": Role.LEAD, "包保领导": Role.RESPONSIBLE, "督办领导": Role.LEAD,
}
_LEADER_OF_LEVEL = re.compile(r"(牵头|分管|责任|联系|包保)(?:市|区|县|镇|乡|街道)领导")
# A table's remarks column, where a row may name more owners ("配合：区住建局", "各街道具体组织实施")
REMARK_HEADERS = ("备注", "说明", "备注说明")
# A cell that repeats the one above it ("完成时限：同上")
DITTO_MARKS = ("同上", "同上。", "同前", "〃", "\"")  # the ditto mark of a typed table
# A cell that repeats another row's ("同任务2025-03", "同第3项", "同序号5"): `ref` is that row's number
SAME_AS_ROW = re.compile(r"^同(?:任务|第|序号|编号|项目)?\s*(?P<ref>[0-9A-Za-z][0-9A-Za-z\-－.]*)\s*项?[。.]?$")
# A responsibility matrix (tasks down, units across) marks each unit's part in a cell: the marks the genre uses for
# the lead and for the others, when no legend under the table ("★为牵头单位，√为配合单位") says otherwise
LEAD_MARKS = "★●▲◆■"
OTHER_MARKS = "√✓✔☆○△◇□◎"
# "★为牵头单位", "√表示配合单位", "●：责任单位": a matrix's legend
MARK_LEGEND = re.compile(rf"(?P<mark>[{LEAD_MARKS}{OTHER_MARKS}])\s*(?:为|表示|代表|是|[:：])\s*(?P<label>牵头|主办|配合|协办|责任)")
DEADLINE_LABELS = ("完成时限", "完成时间", "时间节点", "时间安排", "完成期限", "整改期限", "整改时限", "时间要求", "检查时间", "实施时间", "时限要求", "办结时限", "办结期限", "办理时限", "时限", "时间")
ALL_LABELS = {**UNIT_LABELS, **PERSON_LABELS}


def _spaced(word: str) -> str:
    """A regex for `word` that tolerates PDF spaces between its characters ("牵头 单位")."""
    return r"\s*".join(re.escape(ch) for ch in word)


def _alternation(words) -> str:
    return "|".join(_spaced(w) for w in sorted(words, key=len, reverse=True))


# "组长单位：X；成员单位：Y": a working group's members cooperate with the body that heads it. Alone,
# "成员单位" names the members of a committee (各成员单位, 其他成员单位：…), which is no role.
GROUP_MEMBER_LABELS = ("成员单位",)
LABEL_PATTERN = _alternation([*ALL_LABELS, *DEADLINE_LABELS, *GROUP_MEMBER_LABELS])
UNIT_LABEL_PATTERN = _alternation(UNIT_LABELS)
_LONG_UNIT_LABELS = sorted((name for name in UNIT_LABELS if len(name) == 4 and name.endswith(LABEL_BODY_WORDS)),
                           key=len, reverse=True)
OPENERS, CLOSERS = "（(〔【[［", "）)〕】]］"
COLONS = "：:"


# Bodies that oversee what another body does ("监管责任单位", "督导单位" beside a 整改责任单位 column): they
# cooperate in the task; the body that does it is responsible.
SUPERVISING = ("监管", "监督", "督导", "督办")
# Words that tell someone to act ("X要…", "X应当…"): a title or a task's name holds none of them
TELLING = re.compile(r"应当|应(?!急)|要|须|必须|将|可以")
# A body named with one of these and nothing after it, among a task's owners ("各街道负责，Y配合，区消防救援大队督导，
# 10月底前…"), oversees or guides the work: it cooperates. With an object ("X指导物业服务企业…") it is X's own task.
OVERSEEING_ALONE = ("督导", "指导", "监督", "业务指导", "技术指导")
# A notice that changes owners: the column or the clause of the owners it replaces ("调整前牵头单位", "原牵头单位")
# names nobody's task any more; "调整后牵头单位" is the owner now.
SUPERSEDED = ("调整前", "变更前", "修改前", "原")
CURRENT = ("调整后", "变更后", "修改后", "现")
# "牵头单位由区安监局调整为区应急管理局": the owner named after the change is the owner now; "不再由X负责": X is not
CHANGED_TO = re.compile(r"^(?:调整|变更|更改|更换|改|划转|移交)(?:为|给|至|到)")
NO_LONGER = ("不再",)  # before the agent mark: "不再|由X负责"
# "…任务完成时限延期至2025年9月30日": a later part (or a later notice) moves a task's deadline
EXTENDED = re.compile(r"(?:完成)?(?:时限|期限|时间)(?:延期|顺延|延长|推迟|调整)(?:至|到|为)")
UNCHANGED = ("不变", "保持不变", "维持不变", "按原方案", "按原方案执行", "同原方案", "原时限")  # "完成时限：不变" gives no date


def label_role(label: str) -> tuple[Role, bool] | None:
    """(role, is a person label) for a label or table header, None when it names no role."""
    key = re.sub(r"\s+", "", label)
    if key.startswith(SUPERSEDED) and len(key) > 3:
        return None
    current = next((key[len(word):] for word in CURRENT if key.startswith(word) and len(key) > len(word) + 1), "")
    if current and (found := label_role(current)):
        return found
    if key in UNIT_LABELS:
        return UNIT_LABELS[key], False
    if key in PERSON_LABELS:
        return PERSON_LABELS[key], True
    if (leader := _LEADER_OF_LEVEL.fullmatch(key)) and leader.group(1) + "领导" in PERSON_LABELS:
        return PERSON_LABELS[leader.group(1) + "领导"], True  # "牵头市领导", "包保镇领导": the level's leader
    if key.startswith(SUPERVISING) and key.endswith(LABEL_BODY_WORDS) and len(key) <= 6:
        return Role.COOPERATING, False  # "监管责任单位", "督导单位"
    # "考核责任部门", "整改责任单位": a unit label with what the units are responsible for in front of it
    qualified = next((name for name in _LONG_UNIT_LABELS if key.endswith(name) and len(key) - len(name) <= 4), None)
    return (UNIT_LABELS[qualified], False) if qualified and re.fullmatch(r"[\u4e00-\u9fff]+", key) else None


def is_deadline_label(label: str) -> bool:
    key = re.sub(r"\s+", "", label)
    return any(key.startswith(d) for d in DEADLINE_LABELS) or key in ("完成情况时限",)


# --- verbs: "X牵头", "Y配合", "X负责", "X会同Y" ----------------------------------------------------

# Order matters where one verb contains another (牵头负责 is leading, 协助配合 is cooperating).
VERBS: dict[Role, tuple[str, ...]] = {
    Role.LEAD: ("牵头负责", "负责牵头", "牵头抓总", "统筹负责", "牵头", "主办", "主责"),
    Role.COOPERATING: ("按职责分工配合", "按照职责分工配合", "按职责配合", "协助配合", "配合做好", "积极配合", "予以配合", "配合",
                       "协助", "协办", "参与", "参加"),
    Role.RESPONSIBLE: ("按职责分工负责", "按照职责分工负责", "按职责负责", "分别负责", "具体负责", "具体落实", "共同负责",
                       "负总责", "负责", "具体承办", "承办", "承担", "落实"),
}
# What a body leads when "X牵头" stands inside a clause: "建立…区政府牵头调查机制", "区消防救援支队牵头的联合检查制度".
MECHANISM_WORDS = "机制|制度|模式|格局|体系|工作组|专班|联席会议|工作小组"
# "X会同Y…": X leads, Y cooperates. With no partner after it, a together-word cooperates with a lead named
# before it ("X主责、Y协同"), else the bodies are jointly responsible ("X、Y要协同强化…"): grammar._joint.
TOGETHER_WITH = ("会同", "联合", "协同", "协调")
# "由X牵头" / "由X负责": the agent is introduced by 由.
AGENT_MARK = "由"
# A clause that opens with its agent ("，分别由X、Y督促落实", "，均由X负责"): what comes before it is X's to do.
AGENT_ADVERBS = "分别|均|统一|一律|则|仍"  # not 并 ("并由"): that names a second owner
AGENT_FIRST = re.compile(rf"^(?:{AGENT_ADVERBS})?{AGENT_MARK}")


def verb_role(phrase: str) -> Role | None:
    """The role the verb phrase `phrase` starts with assigns (longest verb first: 负责牵头 leads), or None."""
    return next((role for verb, role in _VERBS_LONGEST if phrase.startswith(verb)), None)


_VERBS_LONGEST = sorted(((v, role) for role, verbs in VERBS.items() for v in verbs), key=lambda vr: -len(vr[0]))
ROLE_VERB_PATTERN = _alternation([v for verbs in VERBS.values() for v in verbs])
ROLE_VERB = re.compile(ROLE_VERB_PATTERN)  # any verb of a role, anywhere


def role_of_words(text: str) -> Role | None:
    """The role a question or a sentence speaks of by its verbs, cooperation first ("配合单位" is not 负责)."""
    if any(v in text for v in VERBS[Role.COOPERATING]):
        return Role.COOPERATING
    if any(v in text for v in VERBS[Role.LEAD]):
        return Role.LEAD
    if any(v in text for v in VERBS[Role.RESPONSIBLE]) or "责任" in text:
        return Role.RESPONSIBLE
    return None


# Verbs that make an ordinary sentence an assignment when its subject is a unit ("区司法局将…纳入…").
ACTION_VERBS = (
    "要", "应当", "应", "须", "必须", "将", "指导", "做好", "组织", "加强", "开展", "建立", "依法", "按照", "督促", "推动",
    "推进", "制定", "定期", "及时", "切实", "全面", "严格", "持续", "进一步", "积极", "出台", "研究", "实施", "完善",
    "健全", "编制", "根据", "发挥", "予以", "优先", "充分", "大力", "深入", "对", "在", "完成", "做到", "确保", "抓好",
    "统筹", "协调", "监督", "审查", "查处", "核查", "认定", "组建", "建设", "设立", "安排", "保障", "提供", "会同", "联合",
    "进行", "负责", "牵头", "配合", "协助", "成立", "召开", "印发", "报送", "上报", "检查", "排查", "整治", "落实", "明确",
    "结合", "聚焦", "围绕", "针对", "把", "对照", "全部", "逐步", "加快", "强化", "深化", "推行", "发动", "引导",
    "根据", "依据", "通过", "利用", "依托", "指定", "确定", "设置", "配备", "配置", "编制", "参与", "参加", "作出",
    "办理", "受理", "处理", "公布", "发布", "宣传", "培训", "鼓励", "支持", "严把", "抓", "压实", "细化", "牵头",
    "履行", "承担", "指导", "管理", "维护", "审批", "查验", "组织实施", "列出", "汇总", "核定", "审核", "派员", "派驻",
    "进驻", "签订", "公示", "通报", "约谈", "挂牌", "整改", "验收", "调整", "制作", "张贴", "清理", "巡查", "排摸",
    "摸排", "登记", "建档", "搭建", "收集", "掌握", "评估", "研判", "部署", "召集", "协同", "联动", "投入", "承办",
    "接到", "收到", "发现", "责令", "处以",
)
# Owners declared for the list that follows: "以下工作由镇应急管理办牵头，镇派出所配合：", "以下各项由各村（社区）负责落实："
LIST_DECLARATION = re.compile(r"(?:以下|下列|如下)(?:各项|[\u4e00-\u9fff]{0,4}?(?:工作|任务|事项|措施))[^。；;]*[：:]\s*$")
# Duties announced for a list that follows: "X应当履行下列职责：", "X消防工作职责："
DUTY_INTRO = re.compile(
    r"(?:履行|承担|负责|做好)(?:以下|下列|如下)[^，。；：:]{0,12}?(?:职责|责任|工作|任务)[:：]?\s*$"
    r"|(?:的)?(?:主要)?(?:消防安全|消防)?(?:工作)?(?:职责|责任)(?:是|为|如下)?[:：]\s*$"
)


# --- deadlines --------------------------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十两"
_YEAR = r"(?:19|20)\d\d\s*年"
# months and days in figures or in Chinese numerals ("6月15日", "六月十五日", "十二月底")
_MONTH = r"(?:\d{1,2}\s*|十[一二]|[一二三四五六七八九十])月"
_DAY = r"(?:\d{1,2}\s*|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日"
_DATE = rf"(?:{_YEAR}\s*)?(?:{_MONTH}\s*)?(?:{_DAY})?"
_HOUR = r"(?:\s*\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?(?=\s*(?:之前|以前|前)))?"  # "1月25日18时前", "每日17时前"
_RELATIVE_YEAR = r"次年|翌年|今年|明年|当年|本年度?"  # "明年一季度", "今年6月底前": the year said from the text's date
_HOLIDAY = r"春节|元旦|元宵节?|国庆节?|中秋节?|清明节?|端午节?|“五一”|五一|“十一”"
DEADLINE_PATTERN = re.compile(
    "|".join([
        # before a holiday, a season or the school calendar: "春节前", "汛期前", "2025年秋季开学前", "寒暑假前"
        rf"(?:{_YEAR}\s*)?(?:(?:{_HOLIDAY})、)*(?:[“\"]?(?:{_HOLIDAY})[”\"]?|汛期|入汛|入冬|(?:春季|秋季)?开学|寒暑假|寒假|暑假|春运(?:开始)?|"
        r"供暖季?|采暖季|(?:旅游)?旺季|雨季|冬季|夏季|秋冬季|冬春季|农忙(?:季节)?|农闲(?:时节)?|秋收|夏收|麦收)\s*(?:之前|以前|前后|前)",
        # a holiday as the time: "春节、元宵节期间"; a whole season: "整个冬春季"
        rf"(?:(?:{_HOLIDAY})、)*(?:{_HOLIDAY}|春运)\s*期间|整个(?:冬春|秋冬|冬|夏|春|秋)季",
        # a season of farm work as the time: "每年农闲时节", "农忙季节期间"
        r"(?:农忙|农闲)(?:季节|时节)(?:期间|内)?",
        # a fire season named as the time: "禁火期内", "高火险期间", "秸秆禁烧期内"
        r"(?:森林防火|禁火|防火|高火险|(?:秸秆)?禁烧)期(?:内|间)",
        # …or as the time before it: "进入防火期之前"
        r"(?:进入)?(?:森林防火|防火|高火险|(?:秸秆)?禁烧)期\s*(?:之前|以前|前)",
        # said as people say it: "这个月底之前", "下个月15号前", "10月15号前" (号 for 日, only before 前)
        rf"(?:这个|本|下个?|当)月\s*(?:底|末)\s*(?:之前|以前|前)?",
        rf"(?:这个|本|下个?|{_MONTH})\s*月?\s*\d{{1,2}}\s*号\s*(?:之前|以前|前)",
        # notice given ahead: "提前1天向…报告", "提前3个工作日申请"
        rf"提前\s*[\d{_CN_NUM}]+\s*个?(?:工作日|日|天|小时)",
        # 9月1日至11月30日, 4月-5月, 2021—2025年
        rf"(?:{_YEAR}\s*)?{_MONTH}(?:\s*{_DAY})?\s*(?:至|到|-|—|－|~)\s*(?:(?:{_YEAR}\s*|次年|翌年)?{_MONTH}(?:\s*{_DAY})?|(?<=日[至到])\s*{_DAY})"
        r"(?:\s*(?:底|末))?",
        # a month named as one: "七月份", "11月份前"
        rf"(?:{_YEAR}\s*)?{_MONTH}份(?:\s*(?:之前|以前|前|底|末))?",
        # a date in figures, as a form or a typist writes it: "2025-10-31", "2025.9.30", "2025/6/30前"
        r"(?:到|至|于|在)?(?:19|20)\d\d(?:\.\d{1,2}\.|-\d{1,2}-|/\d{1,2}/)\d{1,2}(?![\d.])(?:\s*(?:之前|以前|前))?",
        # 2021年6月底前, 9月30日前, 到2025年底, 从2022年起, 2023年9月30日, 10月底前
        rf"(?:到|至|于|在|从)?(?:{_RELATIVE_YEAR})?(?:{_YEAR}\s*{_MONTH}\s*{_DAY}|{_YEAR}\s*{_MONTH}|{_MONTH}\s*{_DAY}|{_YEAR}|{_MONTH})"
        rf"(?:\s*(?:底|末|上旬|中旬|下旬|上半年|下半年|前后))?{_HOUR}(?:\s*(?:之前|以前|前|起|内))?",
        r"(?:今年|明年|本年|年|月|季)\s*(?:底|末)\s*(?:之前|以前|前)?", r"年内|年中|当年|次年|上半年|下半年|逐年|每年度",
        rf"(?:(?:{_RELATIVE_YEAR})|(?<![上下本每该同]))第?[一二三四1-4]季度(?:\s*(?:末|底))?(?:\s*(?:之前|以前|前))?",
        # a weekday and an hour: "每周五下午4点前"
        r"每周[一二三四五六日天](?![次回遍个])(?:\s*(?:上午|下午|中午)?\s*\d{1,2}\s*[点时])?\s*(?:之前|以前|前)?",
        # 每季度, 每月19日, 每年12月底前, 每年11月, 每月底前, 次月5日前, 每季度最后一个周五前
        r"(?:每|次)(?:年|半年|季度|个?月|半个?月|周|日|天|旬|学期|学年|晚|夜)(?:度)?"
        rf"(?:最后一个?[^，。；]{{0,4}}前|(?:\d{{1,2}}\s*月|末月|最后一个月的?)?\s*(?:\d{{1,2}}\s*日|底|末)?{_HOUR}(?:\s*(?:之前|以前|前))?)",
        rf"[\d{_CN_NUM}]+\s*个?(?:工作日|自然日|日|天|小时|分钟|个月|月|周|年)\s*(?:之内|以内|内)",
        # how often, as a manner: "按月开展…排查", "按季度拨付"
        r"按(?:季度|月|周)(?=[\u4e00-\u9fff])(?![度份底末计])",
        # how often, counted: "每2小时续报一次", "每3年修订一次"
        r"每\s*(?:\d+|[两二三四五六七八九十]+)\s*个?(?:小时|天|日|周|个月|月|季度|年)(?![内以之])",  # not "每一季度"
        # before a term runs out: "督办期限届满15日前"
        rf"(?:[\u4e00-\u9fff]{{2}}期限)?(?:届满|到期)\s*[\d{_CN_NUM}]+\s*个?(?:工作日|日|天)\s*(?:之前|以前|前)",
        r"“?十[一二三四五六七八九]五”?\s*(?:期间|期末|末期|末|时期)",
        r"持续推进|长期坚持|长期推进|常态化推进",
        # procedural: "投入使用、营业前", "开工前", "竣工验收前"
        r"(?:投入使用|使用|营业|开业|开工|施工|竣工验收|竣工|验收|交付使用|交付|行政许可|许可|审批|核发|(?:活动)?(?:举办|举行))"
        r"(?:、(?:投入使用|使用|营业|开业))?前",
    ])
)
# What a figure counts or measures ("多少个", "网格数（个）", "15分"): the measure words of the genre, a longer one
# before the one it starts with ("人次" before "人": "培训2000人次" counts attendances, not people).
MEASURE_UNITS = ("平方米", "平方公里", "立方米", "公里", "千米", "毫米", "厘米", "万元", "亿元", "人次", "场次", "车次", "户次", "家次", "学时", "课时", "个", "名", "人", "起", "辆", "台",
                 "套", "间", "栋", "座", "支", "所", "处", "次", "天", "年", "类", "项", "米", "岁", "元", "家", "条", "批", "吨",
                 "户", "场", "分", "%")
# A time slot that stands for a deadline only as a whole cell or annotation part ("完成时限：全年", "（…负责，全年）").
STANDING_TIME_SLOTS = ("全年", "常年", "长期", "立行立改", "即查即改")
# Phrases that match the pattern but are not deadlines: a count of years or months ("3年", "6月").
_NOT_DEADLINE = re.compile(rf"^(?:{_MONTH}|\d{{1,3}}\s*年|{_DAY})$")


BULLETS = "●•·■◆▲□◇○◎"  # marks that open a bullet item ("●2021年，完成…")


def deadlines_in(text: str) -> list[str]:
    """Deadline phrases in order of appearance, each once: "2021年6月底前", "9月30日前", "每季度", "7个工作日内"."""
    from assistant.corpus.normalize import repair_spaces

    out: list[str] = []
    kept_end = -1  # where the last phrase kept ends: "每年|第三季度", "每年|旅游旺季前" are one phrase
    spelled_out = -1  # "每季度最后一个周五前（9月30日、12月30日）": the dates in the bracket spell out the phrase
    for match in DEADLINE_PATTERN.finditer(repair_spaces(text).translate(_HALF_WIDTH_DIGITS)):
        phrase = match.group().strip()
        if match.start() < spelled_out:
            continue
        if not phrase or _NOT_DEADLINE.match(phrase):
            continue
        bare_year = re.fullmatch(rf"(?:于|在)?({_YEAR})", phrase)
        if bare_year and not _year_is_deadline(match):
            continue
        if _PERIOD_END.fullmatch(phrase) and _names_an_event(match.string[match.end():]):
            continue  # "实行年初签约、年底考核制度": when something recurs, not a deadline
        if phrase.startswith("每") and _RATE.match(match.string[match.end():]):
            continue  # "补贴按每人每月300元的标准发放": a rate, not how often something is done
        phrase = re.sub(r"^(?:于|在)", "", phrase)  # "于2021年开工", "在11月15日前" → the date itself
        phrase = _from_event(match.string[: match.start()]) + phrase
        if dates := _DATES_IN_BRACKET.match(match.string, match.end()):
            phrase, spelled_out = phrase + dates.group(), dates.end()
        if out and match.start() == kept_end and out[-1].startswith("每") and not phrase.startswith("每"):
            out[-1] += phrase
        elif phrase not in out:
            out.append(phrase)
        kept_end = match.end()
    return out


_DATES_IN_BRACKET = re.compile(rf"[（(]\s*(?:{DEADLINE_PATTERN.pattern})(?:\s*[、，,和及]\s*(?:{DEADLINE_PATTERN.pattern}))*\s*[）)]")
_HALF_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")  # "２０２５年７月１５日前" as any date


_PERIOD_END = re.compile(r"(?:今年|本年)?(?:年|月|季)(?:底|末)")
_RATE = re.compile(r"\s*[\d.]+\s*(?:元|万元)")
# A time limit counted from an event: "自收到督办建议之日起|3个工作日内", "确认重大火灾隐患后|10个工作日内". The event
# runs back from 后/之日起 to the word that opens it (自/在/于/经/应当…) or the start of the clause.
_EVENT_END = re.compile(r"(?:之日起|之日后|后|起)\s*$")
_EVENT_OPENER = re.compile(r".*(?:应当|必须|(?<![响反适供])应(?![急对])|须|要|并|由|在|于|将|[，,。；;：:、（(\s])")
_MAX_EVENT_CHARS = 12


def _from_event(before: str) -> str:
    """The event a time limit right after `before` is counted from ("自收到督办建议之日起"), or ""."""
    if not _EVENT_END.search(before):
        return ""
    window = before[-_MAX_EVENT_CHARS - 2:]
    opener = _EVENT_OPENER.match(window)
    event = window[opener.end():] if opener else (before if len(before) <= len(window) else "")
    event = event.strip()
    if event.startswith("自"):
        return event
    bare = _EVENT_END.sub("", event)
    return event if (2 <= len(bare) or bare in _ONE_CHARACTER_EVENTS) and not re.search(r"\d", event) else ""


_ONE_CHARACTER_EVENTS = ("会", "节", "灾", "事", "赛", "汛")  # "会后2个工作日内", "节后3日内", "灾后…"


def _names_an_event(after: str) -> bool:
    return _noun_phrase_opens(after[:8])


@lru_cache(maxsize=4096)
def _noun_phrase_opens(after: str) -> bool:
    """True when what follows a bare "年底" is a noun phrase ("年底考核制度"), not what is to be done by then
    ("年底实现…", "年底基本建成")."""
    if not re.match(r"[\u4e00-\u9fff]", after):
        return False
    import jieba.posseg

    words = list(jieba.posseg.cut(after, HMM=False))[:2]
    nouns = ("n", "vn", "nz")
    return bool(words) and words[0].flag in nouns and (len(words) < 2 or words[1].flag in nouns + ("x",))


def _year_is_deadline(match: re.Match[str]) -> bool:
    """A bare "2022年" is a deadline where it opens a clause or follows 于/在 ("，2022年在…"), not in "2022年度"
    or a list of years ("2018年、2019年")."""
    text, start, end = match.string, match.start(), match.end()
    after = text[end : end + 1]
    if after in ("度", "版", "第", "、", "—", "-", "至", "和", "及") or re.match(r"\d", after):
        return False
    if match.group().startswith(("于", "在")):
        return True
    before = text[start - 1] if start else ""
    return before in ("", "。", "；", "，", "：", "\n", "\t", "（", "(", " ", "、", *BULLETS) or bool(
        re.search(r"(?:^|\D)\d{1,3}\s*[.．、]$", text[max(0, start - 4) : start]))


# How a question asks for a time limit ("多少天内", "多长时间内要复查完"); also what the topic leaves out.
ASK_INTERVAL = r"多少天内|几天内|多少个?工作日|几个工作日|多长时间内|多久内|最晚多久|多少日内|几日内|要几天|多少天"
# What kind of time a deadline question asks for, and what a deadline phrase of that kind looks like.
_ASK_DAY = r"(?:哪天|哪一天|何时|什么时候|几月几[日号]|几号)"
# A period asked from its start to its end ("从哪天开始到哪天结束", "起止时间"): the words, taken out of the topic
ASK_PERIOD = rf"从?{_ASK_DAY}开始[，、,]?(?:到|至)?{_ASK_DAY}(?:结束|为止)|起止(?:时间|日期)"
ASK_WHEN_FORMS: dict[str, re.Pattern[str]] = {
    "period": re.compile(ASK_PERIOD),
    "until": re.compile(r"(?:延续|持续|截止|截至|进行|开展|延长)到(?:什么时候|何时|哪年|哪一年|几月)|到(?:什么时候|何时)(?:结束|为止)|什么时候结束|何时结束"),
    "interval": re.compile(ASK_INTERVAL),
    "frequency": re.compile(r"多久.{0,8}一(次|批|回)|多长时间.{0,8}一(次|批|回)|频次|频率|隔多久|多少天一次|每.{0,2}多少次"),
    "day": re.compile(r"几号|哪天|哪一天|几日(?!内)|什么日子"),
    "weekday": re.compile(r"周几|星期几|礼拜几"),
    "quarter": re.compile(r"哪个季度|哪季度|第几季度|哪一季度"),
    "month": re.compile(r"几月|哪个月|哪月"),
    "year": re.compile(r"哪年|哪一年|什么年份|哪个年度"),
}
DEADLINE_FORMS: dict[str, re.Pattern[str]] = {
    "period": re.compile(r"\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*(?:至|到|—|－|-|～)\s*(?:(?:19|20)\d\d\s*年\s*)?\d{1,2}\s*月"),
    "until": re.compile(r"^(?:至|到|截至|截止)\s*(?:(?:19|20)\d\d\s*年|\d{1,2}\s*月)"),  # "（延续）至2022年12月"
    "interval": re.compile(r"\d+\s*个?(?:工作日|自然日|日|天|小时|个月|月|周|年)\s*(?:之内|以内|内)|[一二三四五六七八九十两]+\s*个?(?:工作日|日|天|月|年)内"),
    "frequency": re.compile(r"每(?:年|半年|季度|月|半月|周|日|天|旬|学期)|逐年"),
    "day": re.compile(r"\d{1,2}\s*日|月\s*(?:底|末)"),  # "2月底" names a day too: the month's last
    "weekday": re.compile(r"(?:周|星期)[一二三四五六日天]"),  # "每周三前"
    "quarter": re.compile(r"季度"),
    "month": re.compile(r"\d{1,2}\s*月"),
    "year": re.compile(r"(?:19|20)\d\d\s*年"),
}


def asked_when_form(question: str) -> str:
    """"每个月几号报送" → "day"; "多久挂牌督改一批" → "frequency"; "一直延续到什么时候" → "until" (the end of a period);
    "" when the question does not say."""
    return next((form for form, pattern in ASK_WHEN_FORMS.items() if pattern.search(question)), "")


# --- units and places ---------------------------------------------------------------------------------

# Endings that make a phrase the name of a body. Longest first, so "委员会" wins over "会".
# The working groups of an emergency or event plan ("综合协调组：组长由…担任；负责…"): bodies that own duties.
WORKING_GROUPS = ("协调组", "检查组", "巡查组", "排查组", "处置组", "救援组", "保障组", "引导组", "警戒组", "监测组", "救护组",
                  "宣传组", "报道组")
# A document's own working body named without its name ("重大隐患由专班挂牌督办"): it owns what it is given.
OWN_BODIES = re.compile(r"(?:工作)?专班|工作(?:小)?组|领导小组|指挥部")
UNIT_SUFFIXES = (
    "人民政府办公室", "人民政府", "办事处", "管委会", "委员会", "办公室", "管理局", "管理处", "服务中心", "联合会",
    "支队", "大队", "总队", "中队", "分局", "中心", "公司", "集团", "企业", "服务人", "工作人员", "管理人员", "巡查人员",
    "值班人员", "执法人员", "专职人员", "操作人员", "检查人员", "政府", "街道", "乡镇", "居委会", "村委会",
    "社区", "部门", "单位", "机构", "机关", "派出所", "所", "站", "局", "委", "办", "处", "科", "厅", "院", "队",
    "部", "镇", "乡", "村", "街镇", "镇街", "团", "会", "股", "报社", "电视台", "电台", "旅行社", "出版社", "合作社", "校", "室", "领导小组", "协调小组", "工作小组", "小组", "检查组",
    "督导组", "督查组", "工作组", "专班", "商户", "林场", "农场", *WORKING_GROUPS, "团体", "开发区", "园区", "学校", "幼儿园", "医院",
    # the parties of fire law, who hold duties as bodies do ("产权人、使用人应当…", "承租人对…负责")
    "产权人", "所有人", "管理人", "使用人", "出租人", "承租人", "承包人", "责任人", "负责人", "法定代表人", "经营者",
    "管理者", "使用者", "所有者", "销售者", "生产者", "业主", "执业人员", "相关人员", "有关人员", "媒体", "工商户",
    # the people of grid and building management, who are given duties as bodies are ("网格员每周巡查…")
    # the parties of a responsibility letter (责任书), named once ("甲方：苇塘镇人民政府") and then by their letter
    *(PARTIES := ("甲方", "乙方", "丙方")),
    # a letter's addressee, named once in its greeting line ("青石区人民政府：") and then as "你区"
    *(ADDRESSEES := ("你区", "你县", "你市", "你镇", "你乡", "你街道", "你局", "你委", "你办", "你单位", "你们", "贵单位",
                     "贵局", "贵区", "贵县", "贵市")),
    # a body writing of itself (a 答复 letter's "我委将会同…"): the document's issuer. Not 我区/我县/我市/我镇, which
    # a plan uses for the place ("我区各街道")
    *(SPEAKERS := ("我委", "我局", "我办", "我单位", "我中心", "我队", "我所", "我站", "我厅", "我处", "我部")),
    *(GRID_PEOPLE := ("网格员", "网格长", "楼长", "栋长", "信息员", "联络员", "巡查员", "安全员", "管理员",
                      "包村干部", "驻村干部", "包片干部", "护林员", "巡护员", "宿管员", "村民小组长", "工作队员", "挂村领导",
                      "包村领导", "民警", "辅警", "包户干部", "包片村干部", "村干部", "村文书")),
    # a household, who answers for its own home in a village's rules ("户主是本户消防安全的第一责任人")
    "户主", "农户", "住户", "经营户",
    # the head of a school, clinic or station answering for it ("村小学校长、村卫生室负责人分别负责本校、本室…")
    "校长", "院长", "园长", "站长", "所长", "队长",
)
# Bodies named by a bare word of what they are, a unit only as the whole name ("会同物业每周…"; not "承接物业项目")
STANDALONE_BODY = re.compile(r"(?:各|小区|各小区|住宅小区)?物业(?:方|企业|服务企业)?")
# Words that end like a unit but are not bodies ("设施" ends in nothing; these end in 所/站/部/会 …).
NOT_UNIT_ENDINGS = (
    "场所", "住所", "处所", "厕所", "诊所", "网站", "车站", "站点", "全部", "内部", "外部", "局部", "部分", "干部",
    "总部", "底部", "顶部", "中部", "东部", "西部", "南部", "北部", "头部", "面部", "机会", "社会", "协会",
    "晚会", "展会", "控制室", "城镇", "村镇", "集镇", "小镇", "值班室", "办公室内", "专委会", "理事会", "体会",
    "都会", "就会", "才会", "不会", "将会", "学会", "培训班", "集团化", "单位内", "上级单位", "本单位", "各单位",
    "成员单位", "公司化", "中心城区", "社区内", "乡村", "农村", "城乡", "村庄", "村民", "团队", "梯队", "排队",
    "军队", "队伍", "布局", "格局", "大局", "全局", "结局", "开局", "变局", "时局", "本办", "该办", "相关人员", "有关人员", "其他人员", "工作人员中", "督办", "承办", "举办", "主办", "协办", "创办", "查办", "交办", "督查", "开办", "兴办", "包办",
)
# Collective owners that name nobody in particular when they stand alone as a subject.
GENERIC_OWNERS = re.compile(
    r"^(?:全区|全市|全县|本区|本市|[区市县乡镇]属)?(?:各级)?(?:各|有关|相关|其他|上级|本级|所属|各有关|各相关)?各?(?:有关|相关)?"
    r"(?:职能)?(?:成员|承办|协办|主办|牵头|责任|配合)?(?:部门|单位|机关|机构|方面|人员|工作组|小组|专班)(?:和|及|、)?(?:单位|部门)?$"
)
LEVEL_PREFIXES = ("区", "市", "县", "省", "镇", "乡", "街道")
# Places: what a name ends with, longest first ("综合实验区" before "区").
PLACE_SUFFIXES = ("综合实验区", "经济技术开发区", "高新技术产业开发区", "经济开发区", "开发区", "高新区", "新区", "自治州", "自治县", "片区",
                  "街道", "省", "市", "区", "县", "州", "盟", "旗", "镇", "乡")
# Two-or-three-character words that end like a place but are not names of places.
NOT_PLACES = {
    "全区", "我区", "本区", "城区", "社区", "园区", "港区", "景区", "辖区", "片区", "林区", "矿区", "全市", "我市",
    "本市", "城市", "全县", "我县", "本县", "县市", "开发区", "新区", "主城区", "老城区", "市区", "郊区", "山区",
    "库区", "街区", "校区", "厂区", "营区", "分区", "小区", "地区", "集聚区", "全省", "本省", "我省", "各区", "各县",
    "各市", "各省", "该区", "该市", "各街道", "本街道", "城镇", "乡镇", "集镇", "村镇", "各镇", "全镇", "本镇",
    "住宅区", "居住区", "示范区", "风景区", "保护区", "功能区", "核心区", "商业区", "工业区", "旅游区", "行政区",
    "居民区", "实验区", "试验区", "重点区", "高发区", "盲区", "禁区", "都市", "超市", "城乡", "县乡", "乡村",
    "街镇", "镇街", "各乡镇", "市县", "省市", "省级", "市级", "县级", "区级", "地市", "门市", "上市", "下县",
}


# --- question words ----------------------------------------------------------------------------------

class QuestionType(StrEnum):
    LEAD = "lead_unit"
    COOPERATING = "cooperating_units"
    RESPONSIBLE = "responsible_units"  # "谁负责": whatever role the document uses; "谁来管": the lead, if any
    DEADLINE = "deadline"
    NUMBER = "number"
    FACT = "fact"
    LIST = "list"
    COMPARE = "compare"
    ROSTER = "roster"
    METADATA = "metadata"
    MENTIONS = "mentions"  # "哪几个区的文件提到了群租房？"
    CHITCHAT = "chitchat"

    @property
    def role(self) -> Role | None:
        return {QuestionType.LEAD: Role.LEAD, QuestionType.COOPERATING: Role.COOPERATING,
                QuestionType.RESPONSIBLE: Role.RESPONSIBLE}.get(self)


CHITCHAT = re.compile(r"^(你好|您好|嗨|hi|hello|谢谢|多谢|再见|你是谁|你能做什么|在吗)[!！。.?？~]*$", re.IGNORECASE)
ASK_LIST = re.compile(
    r"(哪些|哪几项|几项|所有|全部|列出|清单|都有什么|有什么)(任务|工作|事项|事)|(?:牵头|负责|配合)(?:了)?(?:哪些|哪几项|几项)|"
    r"(?:牵头|负责|配合|参与)的(任务|工作|事项)(?:有|包括|是)?(哪些|哪几项|几项)|"  # "X牵头的任务有哪几项"
    r"哪些.{0,12}(要在|需在|需要在|在).{0,10}(前|之前|以前)?完成|哪些.{0,16}(20\d\d年).{0,8}(完成|建成|完工|投用)")
# A list question bounded by a date ("2023年底前要完成哪些", "哪些要在2022年6月完成"), not a plan's year ("2026年各村负责哪些")
ASK_DUE_BY = re.compile(r"(?:19|20)\d\d\s*年[^，。？?]{0,10}?(?:底|末|前|以内|完成|建成|完工|投用|到期|截止)")
ASK_ROSTER = re.compile(r"组长(?!单位)|副组长|领导小组.{0,6}(成员|有谁|是谁|由谁)|办公室主任|成员名单|"
                        r"(?:副)?(?:主任|总指挥|召集人)[^，。？]{0,2}(?:是谁|由谁|是哪位)|(?:谁|哪位)[^，。？]{0,2}(?:担任|任)(?:副)?(?:主任|总指挥|召集人)")
# A post in a body ("任副组长", "担任办公室主任", "兼任秘书长"): who sits in it, never a task.
POST_PATTERN = r"(?:第一|常务)?(?:办公室)?副?(?:组长|主任|总指挥|召集人|成员)|秘书长"
ROSTER_ROLES = ("第一副组长", "常务副组长", "副组长", "组长", "成员", "办公室主任", "办公室副主任", "秘书长", "联络员",
                "副总指挥", "总指挥", "副主任", "主任", "召集人")
ASK_COMPARE = re.compile(r"分别|比较|对比|各自|各要求|各需|各配|各有|各是|有何不同|有什么不同|区别|差别|相比|异同|两(个)?(区|地|文件)")
# "依据/根据哪份文件制定的" asks for a document the text cites, not for this document's properties.
# A document the text acts on ("根据《…的通知》（岱政办发〔2025〕9号）要求"): the title and its number, if given.
CITES_DOCUMENT = re.compile(r"(?:根据|依据|按照|依照|贯彻|落实|遵照)[^。；《]{0,12}(?P<titles>《[^》]{4,80}》"
                            r"(?:[（(][^（()）]{2,24}〔\d{4}〕[^（()）]{1,10}[）)])?(?:[、和及][^。；《]{0,6}《[^》]{4,80}》"
                            r"(?:[（(][^（()）]{2,24}〔\d{4}〕[^（()）]{1,10}[）)])?)*)")
ASK_CITED_DOCUMENT = re.compile(r"(?:依据|根据|按照|依照|贯彻|落实)[^，。？]{0,12}哪(?:份|个|一份|些)(?:文件|规定|意见|通知|办法)")
ASK_META = re.compile(
    r"哪份|哪一份|哪个文件|哪个方案|哪个规划|文号|字号|发文号|文件编号|(哪天|何时|什么时候|哪一天|几号|日期).{0,4}(印发|发布|发文|出台|签发)|"
    r"(印发|发布|发文|成文)(日期|时间|于哪天|的日期)|发文(单位|机关)|(哪个|什么)(单位|部门|机关)(印发|发布|发文|发)的?|由.{2,14}(印发|发布)的|"
    r"(哪个|什么)(单位|部门|机关)[、，和及]?(哪天|何时|什么时候)(印发|发布|发文|发)的")
ASK_WHICH_DOCUMENT = re.compile(r"哪份|哪一份|哪个文件|哪个方案|哪个规划")
ASK_NUMBER_FIELD = re.compile(r"文号|字号|发文号|文件编号")
ASK_ISSUER_FIELD = re.compile(r"单位|机关|办公室|委员会|政府|由.{2,14}(印发|发布)")
ASK_WHEN_WORDS = re.compile(r"什么时候|何时|哪年|哪一年|哪天|几月|啥时候|什么时间|时限|期限|截止|多久|哪个季度|"
                            r"多少天内|几天内|多少个?工作日|几个工作日|要几天|多少天|多长时间")  # "审核要几天": a time limit
ASK_ABOUT = re.compile(r"怎么|如何|什么要求|要求|措施|内容|做法|目标|是什么|哪些|包括|怎样|为什么|依据|原则")
# --- a document's own history: "2021年9月1日 …会议通过", "…公告第4号公布", "本条例自2022年1月1日起施行" ------
# What its header lines and closing article call each dated step, and what a forwarding notice says.
DOCUMENT_EVENTS = ("通过", "批准", "公布", "修订", "修正", "施行", "转发", "制定", "落款")
IN_FORCE = re.compile(r"本(?:条例|办法|规定|细则|方案|意见|决定|制度|规则|标准)(?:[^。；]{0,40}?[，,])?(?:自|从)\s*(?P<date>\d{4}年\d{1,2}月\d{1,2}日)\s*"
                      r"起(?:施行|实施|执行|生效)")
FORWARDING = re.compile(r"^(?P<by>.{2,40}?)关于转发(?P<author>[^《“]{0,24}?)[《“](?P<title>.+?)[》”]的通知")
# Questions about those steps: "哪天通过、哪天批准", "什么时候起施行", "最近一次修订是哪天", "谁制定的", "由哪个单位转发",
# "落款日期" (group: the step asked about).
_EVENT_WORD = r"(通过|批准|公布|修订|修正|施行|生效|转发|制定|落款)"
_EVENT_ASK = r"(?:哪天|开始|何时|哪一天|什么时候|几号|哪年|哪一年|日期|时间|是谁|由谁|谁|哪个单位|哪个部门|哪个机关|什么单位|什么机关)"
ASK_EVENT = re.compile(rf"{_EVENT_ASK}[^，。？?、；]{{0,4}}?{_EVENT_WORD}|{_EVENT_WORD}[^，。？?、；]{{0,6}}?{_EVENT_ASK}")
EVENT_SYNONYMS = {"生效": "施行", "修正": "修订"}  # a question's word → the step it means; an amendment is a revision
# …asked of a document, named by what kind of document it is ("条例是哪天通过的"), not of a task ("什么时候通过验收").
DOCUMENT_NOUN = re.compile(r"条例|办法|规定|细则|方案|意见|计划|规划|通知|文件|决定|制度|规则|标准|落款")
ASK_LATEST = re.compile(r"最近|最新|最后一次|最晚一次")
# How questions name a role: "谁配合/协同…" asks for the cooperating units, "谁牵头/统筹…" for the lead.
# "归谁管", "谁来抓": who is in charge. Of a task with both a lead and responsible units, that is the lead.
ASK_IN_CHARGE = re.compile(r"谁(?:来)?(?:管|抓)|归谁(?:管)?[？?]?$|主抓|哪(?:个|些)(?:部门|单位)(?:来)?(?:管|抓)")
# "牵头的市领导是哪位", "这项是哪位市领导牵头的": the leader (a person) a task names, not its units
# "这项的责任人是谁": a column of people named by its label (PERSON_LABELS), asked as such
ASK_LEADER = re.compile(r"(?:市|区|县|镇|乡|局)?领导是(?:谁|哪位|哪个|哪一位)|哪(?:位|一位)(?:市|区|县|镇|乡|局)?领导|领导有哪些"
                        rf"|(?<!第一)(?<!主要)(?<!直接)(?:{'|'.join(PERSON_LABELS)})(?:是|为)(?:谁|哪位|哪一位)")
# "办公室设在哪个单位": where a body sits, a fact the sentence that seats it states ("…办公室设在县消防救援大队").
ASK_SEAT = re.compile(r"(?:设在|设于|放在|设置在)(?:哪|什么|何处)")
SEATED = re.compile(r"设在|设于|设置在|设立|设置")  # …and the sentence that answers it
ASK_COOPERATING = re.compile(rf"(?<!各)配合|协助|协办|协同|参与|参加|(?:{'|'.join(SUPERVISING)})(?:责任)?(?:单位|部门)(?:有|是|为|包括)|(?:会同|联合|和|与|同|跟)(?:哪些|哪个|哪家|谁)")
# "城管中队是配合哪个部门在做？": whom a named unit supports, that is the lead ("由哪些部门配合" asks who supports).
ASK_SUPPORTED = re.compile(r"(?:配合|协助|协同|协办)(?:哪个|哪些|哪家|哪一个|谁)")
ASK_FIRST_LEAD = re.compile(r"总牵头|第一牵头")  # "总牵头单位是哪个": of several leads, the one listed first
# "各牵头单位…要在什么时间前报上去": 各 + a role label names the units that act (the subject), it asks nothing.
ASK_LEAD = re.compile(r"(?<!各)牵头|主责|主办|(?:承办|组长)单位(?:是|有|为)|带头|领头|统筹")
ASK_WHO = re.compile(
    r"谁(来)?(负责|管|抓|落实|承担|干|做|查|牵头|配合|组织|实施|监管|维护|整治|建)|哪(些|个|家|几个|一个|一级|级)(单位|部门|机构|机关|科室|处室|股室|政府)|"
    r"由谁|归谁|(?:落在|落到|压在)谁|谁身上|"
    r"责任(单位|部门|主体|科室|处室|股室)|负责(单位|部门)|什么(单位|部门|机构)|谁的(事|责任|职责|任务|工作)|主管部门|谁来|谁去|主体是"
)
ASK_WHEN = re.compile(r"什么时候|何时|时限|期限|截止|哪年|哪一年|几月|几号|哪天|哪一天|多久|完成时间|时间节点|啥时候|(之前|以前|前)完成吗|时间上|时间要求|"
                      r"年底|到期|进度安排|时间安排|什么时间|几天内|多长时间|几个工作日|多少个?工作日|多少天|要几天|哪个季度|哪季度|"
                      r"周几|星期几|礼拜几|起止时间|起止日期")
# What a who-question asks the owner to do: "归谁查处", "由哪些部门负责解释", "谁来组织协调" (group 1).
ASK_OWNER_VERB = re.compile(r"(?:谁|哪个(?:部门|单位|机构)|哪些(?:部门|单位|机构)|哪家(?:单位)?)(?:来|去)?(?:负责|具体|共同)*"
                            r"([\u4e00-\u9fff]{2,4}?)(?:[？?，。]|$|的|工作|任务)")
ROLE_WORD = re.compile(r"负责|牵头|配合|协助|承担|落实|管|主管|是|担任|来管|牵头负责|负责实施|实施")
# "哪个标准号/规范编号": a standard's code is wanted, and an answer must state one ("GB/T35547—2017", "DB50/T 123").
ASK_STANDARD_CODE = re.compile(r"标准号|标准编号|规范编号|规范号|国标号|行标号")
STANDARD_CODE = re.compile(r"(?<![A-Za-z])(?:GB|GB/T|GB\s*/\s*T|DB\d*(?:/T)?|JGJ|XF|CECS|GA)\s*[\d.]+", re.IGNORECASE)
# "几类/几个" counts; "哪几类/哪几个" asks which (an enumeration), not how many.
ASK_HOW_MANY = re.compile(r"多少|(?<!哪)几(?:个|名|人|处|次|栋|座|支|天|类|辆|台|套|间|项|米|所|家|年|元|级|%|分(?=[？?，,。]|$))|"
                          r"多大|多长|多高|多宽|多远|多粗|比例|数量|规模|百分之|覆盖率")
ASK_WHICH = re.compile(r"哪(?:支|个|些|几|家|项|类|所|座|条)")  # asks which one(s), not when or how many
# A date the question states itself ("2025年底前要新建哪支…"): with a which-word it says when, it does not ask when.
STATED_DATE = re.compile(r"20\d\d年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末|上半年|下半年)?(?:前|之前|以前)?")
ASK_ENUMERATION = re.compile(r"哪几|哪些|哪[一二三四五六七八九十两]|都有什么|都有哪|分哪|包括什么|包括哪|有几种|几类|几个阶段")
# Composite questions: a total over parts ("一共几个"), a name the text quotes ("推行的是什么工作模式").
ASK_TOTAL = re.compile(r"一共|总共|共计|合计|总计|加起来|加在一起|累计|总数|总量|共有多少|共多少|共几|共要")
# "得了85分，算什么等次？": the band of a scale a figure falls in ("80分至89.9分为良好")
ASK_BAND = re.compile(r"(?:算|属于|是|评为|定为|为|评)(?:什么|哪个|哪一|哪)个?(?:等次|等级|档次|档|级别)")
ASK_NAME = re.compile(r"叫什么|什么名称|名称是|称为什么|统称|简称|(?:什么|哪种|哪个)[^，。？]{0,6}(?:模式|机制|体系|工作法|理念|口号|格局|"
                      r"工程|事项)|什么样的[^，。？]{0,10}(?:体系|模式|机制|格局)")
ASK_STAGE = re.compile(r"阶段")
# "点名要建设的消防救援站一共几个" counts the things a text names (group 1: what is counted).
ASK_COUNTED = (re.compile(r"(?:一共|总共|共计|合计|共有|总计)(?:有)?(?:几|多少)个([\u4e00-\u9fff]{2,8})"),
               re.compile(r"([\u4e00-\u9fff]{2,10}?)(?:一共|总共|共计|合计|共有|总计)(?:有)?(?:几|多少)个"),
               re.compile(r"(?<!哪)(?:几|多少)个([\u4e00-\u9fff]{2,8}?)(?:[？?，。]|$)"))
# Verbs a name of a thing to be built follows: "年内开工建设|山阳消防救援站", "筹备|廊下、漕泾…消防救援站".
BUILD_VERBS = ("开工建设", "新建", "建成", "开工", "筹备", "筹建", "改建", "扩建", "迁建", "续建", "启动", "加快推进")
# "梁山街道以外的乡镇一共几栋" / "除双桂街道外": what a total leaves out (group 1: the names).
ASK_EXCLUDED = (re.compile(r"(?:除了?|除去)?([\u4e00-\u9fff、]{2,16}?)(?:以外|之外)"),
                re.compile(r"除了?([\u4e00-\u9fff、]{2,16}?)外"))
EXCLUDING_WORD = re.compile(r"^(?:除了?|除去)")
ASK_WHICH_STAGE = re.compile(r"(?:哪个|哪一|什么|处在|处于|属于)[^，。？]{0,3}阶段")
# "分几个阶段", "有哪些阶段": the phases of a plan; "第二个阶段" (group 1: which one).
ASK_PHASES = re.compile(r"(?:分|有|包括|划分为?)(?:几|哪几|哪些|多少)个?阶段|哪几个阶段|几个阶段|哪些阶段")
ASK_NTH_STAGE = re.compile(r"第([一二三四五六七八九十\d]{1,2})个?阶段")
# "哪些文件/哪几个区提到…": which documents mention something.
ASK_MENTIONS = re.compile(r"(?:哪些|哪几个|哪几份|哪几家|几个|哪个)(?:文件|区|地方|地区|区（市）|区\(市\)|区县|市|县|单位)?"
                          r"[^，。？]{0,6}(?:提到|提及|涉及|写到|讲到|说到|谈到|有关于)")
# A question that points back at the task just answered: "这个阶段是几月到几月？", "该项工作什么时候完成？".
POINTS_BACK = re.compile(r"^(?:那|那么)?(?:(?:这个|这一|这项|该项|这些|此项|该)(?:阶段|任务|工作|项目|事项|措施|行动|活动|规定)|"
                         rf"{ASK_NTH_STAGE.pattern})")
# Short forms staff and documents write for the same thing, read as one when texts are matched word by word
# (answer.match.bigrams): "消安委办" and "消防安全委员会办" match each other whichever side writes which.
MATCH_SYNONYMS = {
    "消安委": "消防安全委员会", "消安办": "消防安全委员会办公室", "烟感": "感烟", "消防车道": "消防车通道",
    "微站": "微型消防站", "专职队": "专职消防队", "每个月": "每月", "每个季度": "每季度", "下面设": "下设",
    "每一年": "每年", "每个星期": "每周", "每天": "每日",
    # the fire service's bodies since 2018 are 消防救援支队/大队/站; people still say 消防支队/大队
    "消防支队": "消防救援支队", "消防大队": "消防救援大队", "到期": "届满",
    # everyday words for what the documents name formally
    "煤气罐": "液化气钢瓶", "液化气罐": "液化气钢瓶", "电动车": "电动自行车",
}
# Words that name no task of their own: "具体由谁负责实施？" asks more about the task before it.
CONTENT_FREE = re.compile(r"具体|实施|落实|开展|完成|组织|推进|执行|办理|工作|任务|事项|情况|事情|上述|这一项|这件事|"
                          r"的|了|要|需要|应当|应该|主要|都|还|又|再|也")
# "养老机构这块，市民政局要…", "学校方面，…": what a sentence is about, named before its subject; it owns nothing.
TOPIC_PHRASE = re.compile(r"(?:这|那)一?(?:块|边)$|方面$|领域$|部分$")
# Words that say what is asked rather than what it is about; removed to get the task phrase.
QUESTION_FILLER = re.compile(
    rf"{ASK_PERIOD}|"
    r"请问|一下|这项|这个|那个|这块|那块|该项|的话|呢|吗|吧|啊|呀|嘛|"
    r"归哪(?:个|些|家)(?:部门|单位)?来?管|由哪些(?:单位|部门)|由哪个(?:单位|部门)|哪些单位|哪个单位|哪些部门|哪个部门|什么单位|什么部门|哪家|谁来|由谁|归谁|是谁|有谁|谁|"
    r"(?<!各)(?:牵头单位|配合单位|责任单位|负责单位|主管部门|牵头|配合|协助|负责)|谁管|来管|归谁管|"  # "各牵头单位" names units
    r"什么时候|何时|完成时限|时限|期限|截止|多久内?|多长时间内?|啥时候|什么时间|完成时间|多远|多高|多宽|多深|多厚|多长|"
    rf"{ASK_INTERVAL}|"
    r"一共有|总共有|共有|多少[个名人家项处次支所条台辆套分]?|几个|几名|几分|几人|几处|几次|几号|几日|几月份|几月|周几|星期几|数量|怎么要求|怎么|如何|什么要求|要求|怎样|有哪些|哪些|什么|"
    r"哪[一二三四五六七八九十两几]?(个|次|类|项|家|所|处|支|份|天|年)?|打算|准备|最少|至少|最多|最小|最大|最晚|最迟|最低|"
    r"一直|具体|大概|一共|总共|总计|分别|是不是|有没有|能不能|需不需要|要在|需要在|需在|应在|得在|"
    r"[的了]|"
    r"[，。？?！!、；;：:“”\"'（）()\s]"
)
