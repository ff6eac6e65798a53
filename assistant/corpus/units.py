"""Unit names (区财政局, 乡镇（街道）, 街道消委办 …) by grammar: what a name looks like, how lists of
names are written, and when two spellings name the same body.

A unit is a phrase ending in an institution suffix (局 委 办 处 队 所 中心 政府 街道 部门 …, see
`lexicon.UNIT_SUFFIXES`). Lists are split on 、，；/line breaks and on 和/及/与 between two names;
names run together ("区退役军人事务局区人社局") are split where a name ends and a level prefix
starts; a list that shares one suffix ("发改、财政、人社等部门") is expanded to full names.
Two spellings are one body when their *keys* agree: the key folds the standard abbreviations
of Chinese government names (住房和城乡建设 → 住建, 委员会 → 委, 应急管理 → 应急 …) and the
names of the corpus's own places ("青浦区消防救援支队" → "区消防救援支队"). No name of one
district is written in this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.corpus.normalize import normalize_for_match, repair_spaces
from assistant.lexicon import (
    ACTION_VERBS,
    DEADLINE_PATTERN,
    GENERIC_OWNERS,
    GRID_PEOPLE,
    NOT_UNIT_ENDINGS,
    PARTIES,
    ROLE_VERB_PATTERN,
    STANDALONE_BODY,
    UNIT_SUFFIXES,
    WORKING_GROUPS,
)

# Standard abbreviations of government names, long form → short form (applied longest first).
# General to Chinese administration; each pair is two spellings of the same office.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("住房和城乡建设管理", "住建"), ("住房城乡建设管理", "住建"), ("住房和城乡建设", "住建"), ("住房城乡建设", "住建"),
    ("住房与城乡建设", "住建"), ("住房城乡建", "住建"), ("建设管理", "建管"),
    ("发展和改革", "发改"), ("发展改革", "发改"),
    ("人力资源和社会保障", "人社"), ("人力资源社会保障", "人社"), ("人力社保", "人社"),
    ("卫生和健康", "卫健"), ("卫生健康", "卫健"), ("卫生计生", "卫计"),
    ("市场监督管理", "市场监管"),
    ("规划和自然资源", "规划资源"), ("自然资源和规划", "规划资源"), ("规划自然资源", "规划资源"),
    ("自然资源规划", "规划资源"),
    ("城市管理综合执法", "城管执法"), ("城市管理行政执法", "城管执法"), ("城市管理", "城管"),
    ("文化和旅游", "文旅"), ("文化旅游", "文旅"), ("文化广电旅游", "文广旅"),
    ("经济和信息化", "经信"), ("经济信息化", "经信"), ("经济信息", "经信"),
    ("应急管理", "应急"), ("大数据应用发展管理", "大数据"), ("大数据发展管理", "大数据"), ("大数据发展", "大数据"),
    ("退役军人事务", "退役军人"), ("医疗保障", "医保"), ("交通运输", "交通"), ("生态环境", "环境"),
    ("住房保障和房屋管理", "房管"), ("住房保障房屋管理", "房管"), ("房屋管理", "房管"),
    ("消防安全委员会办公室", "消安办"), ("消安委办公室", "消安办"), ("消安委办", "消安办"), ("消防安全委员会", "消安委"),
    ("消防救援", "消防"), ("公安消防", "消防"),
    ("教育委员会", "教委"), ("政府办公室", "政府办"), ("政府办公厅", "政府办"),
    ("委员会", "委"), ("办公室", "办"), ("公安分局", "公安局"),
)
_GOVERNMENT_OFFICE = re.compile(r"(?<![政])府办")  # 区府办 = 区政府办
_PARENTHETICAL = re.compile(r"[（(][^（）()]*[）)]$")
_SEPARATORS = re.compile(r"[、，,；;\n/／]+")
_TRIM = " \t\u3000。.、，,；;：:"
# "区退役军人事务局区人社局": a unit ending followed directly by the next unit's level prefix.
_RUN_TOGETHER = re.compile(r"(?<=[局委办队部])(?=(?:区|市|县)(?!委|政府|级|直))")
_AND = re.compile(r"以及|及其|或者|和|及|与|或")
_SUFFIX_ALTERNATION = "|".join(sorted(UNIT_SUFFIXES, key=len, reverse=True))
_ENDS_WITH_SUFFIX = re.compile(rf"(?:{_SUFFIX_ALTERNATION})$")
_NOT_UNIT_ENDING = re.compile(rf"(?:{'|'.join(sorted(NOT_UNIT_ENDINGS, key=len, reverse=True))})$")
WHOLE_WORD_UNITS = ("妇联", "残联", "科协", "工商联", "总工会", "团区委", "团市委", "团县委", "红十字会", "关工委")
# Verbs never found inside a unit's name: a phrase holding one is a clause ("各行业主管部门组织所辖…单位").
# Verbs that also make up names (宣传部, 组织部, 建设管理委, 规划资源局, 监督, 管理, 保障, 协调办) are not listed.
_IN_NAMES = ("宣传", "组织", "建设", "规划", "监督", "管理", "保障", "协调", "统筹", "安排", "审查", "审批", "服务", "维护",
             "检查", "联合", "培训", "发布", "处理", "受理", "办理", "设置", "配置", "编制")
_VERB_INSIDE = re.compile(
    rf"(?:{ROLE_VERB_PATTERN})|组织(?!部|人事)|联合(?!会)|(?<!主)要|应当|必须|由|将|纳入|打通|现有|共有|拥有|"
    r"提请|兼任|担任|组成|设在|向|抓紧|尽快|加快|及时|立即|迅速|可以|委托|为组长|为成员|是|对(?!外)|"
    + "|".join(sorted((v for v in ACTION_VERBS if len(v) >= 2 and v not in _IN_NAMES), key=len, reverse=True))
    + r"|[，。；：:！？]"
)
_DATED = re.compile(rf"(?:{DEADLINE_PATTERN.pattern})")
_SHORT_NAME_NOTE = re.compile(r"[（(](?:以下)?简称[^（）()]{1,20}[）)]")  # the short name a text defines, no part of the name
# "各县（市、区）", "各区", "各县区": the governments of every place of a level, told to act as bodies are
EACH_PLACE = re.compile(r"各(?:县区|区县|县市区|县|区|市)(?:[（(][县市区、，,]+[）)])?")
# Words a sentence may start with but a unit name never does (so "加强部门协作" or "实行督办" is no unit).
# Verbs that also begin unit names (宣传部, 组织部, 建设管理委, 规划资源局, 审计局) are not listed.
_STARTS_WITH_VERB = re.compile(
    r"^(?:表中|上述|下列|以上|上列|本(?:任务书|清单|方案|办法|规定|通知|意见|细则|规范|制度|计划|规划|表)|第[一二三四五六七八九十]+(?=责任|负责)|组织(?!部|人事)|协调(?!办)|应(?!急)|要|须|对|在|将|每|把|并|及|可|为|向|由|与|从|同(?!级)|和|以|经过|经由|经(?=[区市县省我])|待|如|凡|是|有(?!关)|该|其(?!他)|这|此|"
    r"加强|开展|建立|推进|推动|落实|制定|完善|传达|统筹(?!办)|调度(?!中心)|健全|做好|确保|实行|推行|实施|依托|结合|通过|报告|委托|鼓励|支持|引导|发动|"
    r"动员|围绕|针对|聚焦|坚持|提升|提高|强化|深化|构建|打造|配备|配齐|新建|形成|实现|明确|规范|力争|逐步|统一|督促|指导|"
    r"按|凡是|对于|关于|根据|依据|按照|除|若|如果|负责|牵头|配合|协助|参与|积极|切实|认真|全面|严格|依法|定期|及时|进一步|"
    r"筹备|筹建|增建|改建|扩建|建成|完成|开工|加快|启动|探索|试点|实体化|设立|成立|组建|新增|增设|增配|增招|招录|招聘|补建|优化|扩大|"
    r"增强|夯实|筑牢|抓好|做实|压实|细化|深入|广泛|全力|着力|大力|不断|持续|坚决|切实|严格|严厉|加大|创新|发展(?!和?改革)|"
    r"保障|保持|维护|开辟|畅通|打通|拓展|拓宽|落细|做强|做大|用好|管好|建好|建立健全|健全完善)"
)
# "各乡镇（街道）" / "街道（乡镇）": a trailing parenthetical that is part of the name.
_NAME_PAREN = re.compile(r"[（(](?:街道|乡镇|镇|园区|开发区|管委会|社区)[）)]$")
MAX_UNIT_CHARS = 30
MAX_GROUP_CHARS = 8


def starts_like_sentence(text: str) -> bool:
    """True when `text` opens with a verb or preposition no unit name opens with ("对…", "加强…")."""
    return bool(_STARTS_WITH_VERB.match(repair_spaces(text).strip(_TRIM)))


def is_unit_like(phrase: str) -> bool:
    """True when `phrase` has the form of a unit name: it ends in an institution suffix, holds no verb or
    sentence punctuation, and does not start like a sentence. A trailing "（街道）" or alias list is ignored."""
    text = repair_spaces(phrase).strip(_TRIM)
    core = text if _NAME_PAREN.search(text) else _PARENTHETICAL.sub("", text).strip()
    core = _NAME_PAREN.sub("", core).strip()
    suffix = _ENDS_WITH_SUFFIX.search(core)
    stem_end = suffix.start() if suffix else len(core)  # "街道巡查人员": the suffix's own verb is no verb inside
    group = core.endswith(WORKING_GROUPS) and len(core) <= MAX_GROUP_CHARS  # "巡查检查组": a group is named by its work
    if core in _BARE_HEADS:
        return False  # "…各承办单位是第一责任单位，主要负责人为第一责任人": the head of the body just named
    if not 2 <= len(core) <= MAX_UNIT_CHARS or _STARTS_WITH_VERB.match(core) or any(
            m.start() < stem_end for m in _VERB_INSIDE.finditer(core) if not group) or _DATED.search(core[:stem_end]):
        return False  # "各成员单位每年12月底前向县消安委": a date is never part of a name
    if _COUNT_OF.search(core) or _COUNTED.match(core):
        return False  # "已整改71处，未完成9处": a count of places, no office (处) or station (站); "31家养老机构": places counted
    if _SOME_OF.search(core[:stem_end]):
        return False  # "霁州高新区部分企业", "个别行业主管部门": some of a kind, described, never an owner
    if core.endswith(WHOLE_WORD_UNITS + GRID_PEOPLE) or core in PARTIES or EACH_PLACE.fullmatch(text) or \
            STANDALONE_BODY.fullmatch(core):  # "包村干部" (not "干部")
        return True
    return bool(_ENDS_WITH_SUFFIX.search(core)) and not _NOT_UNIT_ENDING.search(core)


_BARE_HEADS = ("主要负责人", "分管负责人")
_COUNT_OF = re.compile(r"[\d一二三四五六七八九十两百千]\s*(?:处|所|个|家|站|队)$")
_COUNTED = re.compile(r"^(?:全[省市区县镇乡]|辖区|本[区县市镇])?\d+\s*(?:家|个|所|栋|座|处|支|户)")
_SOME_OF = re.compile(r"部分|个别|少数(?!民族)|一些|有的|不少")


# "提供消防技术服务的单位", "发生火灾的单位", "专职消防队的组建单位": a body named by what it does, the way
# regulations name duty holders. The head is a relative clause (it may hold verbs), the tail a bare body word.
_RELATIVE_NAME = re.compile(r"^(?P<head>[^，。；：、的]{2,24})的(?P<tail>(?:[\u4e00-\u9fff]{2})?(?:单位|部门|机构|机关|企业)|(?:相关)?人员)$")
_PREPOSITION = re.compile(r"^(?:对于|对|在|把|向|从|为|由|与|和|按照|按|根据|依据|关于|针对|除|经)")


def is_relative_name(phrase: str) -> bool:
    """True for a body named by a relative clause ("发生火灾的单位"), not for "对…的单位" (an object)."""
    match = _RELATIVE_NAME.match(repair_spaces(phrase).strip(_TRIM))
    return bool(match) and not _PREPOSITION.match(match.group("head"))


def is_generic(name: str) -> bool:
    """"有关部门", "各单位", "相关职能部门": a collective that names nobody in particular."""
    return bool(GENERIC_OWNERS.match(normalize_for_match(name)))


def suffix_of(name: str) -> str:
    """The institution suffix a unit name ends with ("部门" of "公安消防部门"), "" if none."""
    match = _ENDS_WITH_SUFFIX.search(_PARENTHETICAL.sub("", name))
    return match.group() if match else ""


EACH_TOO_PLACES = ("镇", "乡", "村", "区", "县")


def each_too(items: list[str], n: int) -> bool:
    """Is items[n] a place word alone after "各X" ("各街道、镇": each 街道 and each 镇)?"""
    return n > 0 and len(items[n]) == 1 and items[n] in EACH_TOO_PLACES and items[n - 1].startswith("各")


def expand_shared_suffix(items: list[str], suffix: str = "") -> list[str]:
    """Lists that write a suffix (and a level prefix) once for all their items.

    "发改、财政、人社" + "部门" → 发改部门、财政部门、人社部门; ["区质监", "工商", "公安消防部门"] →
    区质监部门、区工商部门、区公安消防部门; [..., "区城管局", "龙山", "龙溪街道"] → …、龙山街道、龙溪街道.
    Items that are names already stay as they are.
    """
    items = [half for i in items for half in _split_and_unit(i.strip(_TRIM)) if half]
    if not items:
        return []
    if not suffix and any(each_too(items, n) for n in range(1, len(items))):
        return items  # "各街道、镇，…成员单位": 镇 is each town, not a stem of 单位
    if not suffix:
        last = items[-1]
        suffix = suffix_of(last)
        if not suffix or suffix not in _SHARED_SUFFIXES or len(last) - len(suffix) > 8 or len(items) < 2:
            return items
        run = len(items) - 1  # the stems written just before the last name share its suffix
        while run > 0 and not is_unit_like(items[run - 1]) and len(items[run - 1]) <= 6:
            run -= 1
        if run == len(items) - 1:
            return items
        return items[:run] + expand_shared_suffix(items[run:-1] + [last[: -len(suffix)]], suffix)
    if any(_NOT_IN_STEM.search(i) for i in items if not is_unit_like(i)):
        return items  # "增建、改建工作由住房城乡建设、…等部门" is a sentence, not a list of names
    first_stem = next((i for i in items if not is_unit_like(i)), "")
    prefix = next((p for p in ("区", "市", "县") if first_stem.startswith(p) and not first_stem.startswith(_LEVEL_WORDS)), "")
    out = []
    for item in items:
        name = item if is_unit_like(item) else f"{item}{suffix}"
        if prefix and (not name.startswith(("区", "市", "县", "省", "镇", "乡")) or name.startswith(_NOT_LEVELS)):
            name = f"{prefix}{name}"
        out.append(name)
    return out


# Words that start with a level character without being a level prefix ("市场监管" is no 市 office).
_NOT_LEVELS = ("市场", "市政", "市容", "市民", "区域", "县域", "区块")  # "区…、市政等部门": 区市政部门
_LEVEL_WORDS = ("区委", "市委", "县委", "市级", "区级", "县级", *_NOT_LEVELS)
_COLLECTIVE_OFFICES = re.compile(r"^(?:区政府|市政府|县政府)?(?:各有关|各相关|有关|相关|各)?[委办局](?:[、，][委办局])+$")
_NOT_IN_STEM = re.compile(r"由|的|工作|[，。；：]")
_SHARED_SUFFIXES = ("部门", "单位", "机构", "机关", "街道", "镇", "乡", "社区", "村")
# "市、县（市、区）人民政府应急管理部门" is the department of each of those governments: 应急管理部门.
_LEVELS = r"(?:[省市县区乡镇](?:[（(][^（）()]*[）)])?、?)+"
_LEVEL_QUALIFIED = re.compile(rf"^(?:(?:县级以上|各级|本级|同级|上级)(?:地方)?|{_LEVELS})(?:人民政府|政府)?(?P<body>.{{2,}}(?:部门|机构|机关|部))$")
_LEVEL_GOVERNMENTS = re.compile(rf"^各?(?P<levels>{_LEVELS})(?P<tail>(?:人民政府|政府))$")
_ENDS_WITH_ROLE_VERB = re.compile(rf"(?:{ROLE_VERB_PATTERN})$")  # "各区教育局具体落实": a sentence, no name
# "河东区、岚山区人民政府": the government of each place named
_PLACE = r"[\u4e00-\u9fff]{1,6}?(?:区|县|市|镇|乡)"
_PLACES_GOVERNMENTS = re.compile(rf"^(?P<places>(?:{_PLACE}、)+{_PLACE})(?P<tail>人民政府|政府)$")
_LIST_WITH_SHARED_SUFFIX = re.compile(
    r"^(?P<items>[^，。；：]{1,80}?)等(?:[一二三四五六七八九十两\d]+个?)?(?:(?!部门|单位|机构|或|和|及)[^，。；、]){0,14}?"
    r"(?P<suffix>部门|单位|机构|机关)$"
)


_OF_EACH = re.compile(r"^(?P<items>[^的，。；：]+、[^的，。；：]+)的(?P<tail>[^、，。；：的]{2,20})$")
_LIST_OF_KINDS = re.compile(r"^(?P<items>[^，。；：]{1,60}?)等(?P<kind>[^，。；：、等]{2,10})$")
_SHARED_LIST_AND_UNIT = re.compile(r"^(?P<list>[^，。；]{2,80}?等[^，。；、]{0,10}?(?:部门|单位|机构))(?:和|及|以及|与)(?P<unit>[^，。；、]{2,30})$")


def _split_and_unit(item: str) -> list[str]:
    """"市政府及住建" → ["市政府", "住建"]: a name joined by 和/及/与 to the next item of a list."""
    match = _AND.search(item)
    if match and is_unit_like(item[: match.start()]) and item[match.end():]:
        return [item[: match.start()], item[match.end():]]
    return [item]


def unit_key(name: str, places: Iterable[str] = ()) -> str:
    """The matching key of a unit name: normalised, abbreviations folded, the corpus's place names taken out.

    Two spellings of one body get one key: 区住房城乡建委 / 区住房和城乡建设委员会 / 区住建委; 区应急局 /
    区应急管理局; 青浦区消防救援局 / 区消防救援局; 公安青浦分局 / 区公安分局.
    """
    key = normalize_for_match(repair_spaces(name)).strip(_TRIM)
    if not _NAME_PAREN.search(key):
        key = _PARENTHETICAL.sub("", key).strip() or key
    key = key.replace("(", "（").replace(")", "）")
    for place in sorted(places, key=len, reverse=True):
        if len(place) < 2:
            continue
        if key.startswith(place) and len(key) > len(place) + 1:
            level = place[-1] if place[-1] in "区市县镇乡" else ""
            key = level + key[len(place):] if not key[len(place):].startswith(("区", "市", "县")) else key[len(place):]
        elif key.startswith("公安") and key.endswith("分局") and key[2:-2] == place.rstrip("区市县"):
            key = "区公安分局"
    key = _GOVERNMENT_OFFICE.sub("政府办", key)
    for long, short in ABBREVIATIONS:
        key = key.replace(long, short)
    key = re.sub(r"(?<=[\u4e00-\u9fff]{2})和(?=[\u4e00-\u9fff]{2})", "", key)
    key = re.sub(r"^各(?=.{2,})", "", key)
    return key


class UnitGazetteer:
    """The units a corpus names, matched by key (so any standard spelling of a known unit is found)."""

    def __init__(self, names: Iterable[str] = (), places: Iterable[str] = ()) -> None:
        self.places: tuple[str, ...] = tuple(sorted({p for p in places if len(p) >= 2}, key=len, reverse=True))
        self._names: dict[str, str] = {}  # normalised spelling → display name (first spelling seen)
        self._keys: dict[str, str] = {}  # key → display name of the first spelling with that key
        self.add(names)

    @classmethod
    def from_texts(cls, texts: Iterable[str], places: Iterable[str] = ()) -> UnitGazetteer:
        """A gazetteer of the units named in table unit cells and labelled annotations of `texts`."""
        from assistant.corpus.grammar import labelled_annotations
        from assistant.corpus.layout import page_layout
        from assistant.corpus.tables import parse_tables, unit_cells

        gazetteer = cls(places=places)
        for text in texts:
            layout = page_layout(text.split("\n"))  # a name wrapped at the page's edge is one name
            lines = layout.lines
            for rows in parse_tables("", lines, cells_wrap=layout.wrapped):
                for row in rows:
                    for cell in unit_cells(row):
                        gazetteer.add(gazetteer.split(cell))
            for annotation in labelled_annotations("\n".join(lines)):
                for _role, _label, content in annotation.parts:
                    gazetteer.add(gazetteer.split(content))
        return gazetteer

    def with_places(self, places: Iterable[str]) -> UnitGazetteer:
        """The same names, matched with these place names folded out of them."""
        return UnitGazetteer(self._names.values(), places=(*self.places, *places))

    def add(self, names: Iterable[str]) -> None:
        for name in names:
            display = repair_spaces(name).strip(_TRIM)
            if not display or len(display) > MAX_UNIT_CHARS or _ENDS_WITH_ROLE_VERB.search(display):
                continue  # "责任单位：市教育局，各区教育局具体落实": a sentence in the list, not a name
            self._names.setdefault(normalize_for_match(display), display)
            for key in self._lookup_keys(display):
                self._keys.setdefault(key, display)

    def _lookup_keys(self, name: str) -> list[str]:
        """The unit's key, and the key without its level prefix ("财政局" finds 区财政局)."""
        key = unit_key(name, self.places)
        keys = [key]
        if len(key) >= 4 and key[0] in "区市县" and not key.startswith(("区委", "市委", "县委", "区政府", "市政府", "县政府")):
            keys.append(key[1:])
        return keys

    @property
    def names(self) -> list[str]:
        """Every known spelling, sorted."""
        return sorted(self._names.values())

    def __contains__(self, name: str) -> bool:
        return normalize_for_match(name) in self._names or unit_key(name, self.places) in self._keys

    def __len__(self) -> int:
        return len(self._names)

    def canonical(self, name: str) -> str:
        """The matching key of a unit name (see `unit_key`)."""
        return unit_key(name, self.places)

    def same(self, a: str, b: str) -> bool:
        return self.canonical(a) == self.canonical(b)

    def resolve(self, name: str) -> str | None:
        """The corpus's own spelling of `name` (any standard spelling, with or without 区/市/县), or None."""
        normalised = normalize_for_match(name)
        if normalised in self._names:
            return self._names[normalised]
        key = unit_key(name, self.places)
        return self._keys.get(key) or self._keys.get(key[1:] if key[:1] in "区市县" else f"区{key}")

    def split(self, text: str) -> list[str]:
        """Split a unit list ("区财政局、区消防救援支队\\n各镇街") into names, keeping their wording.

        Lists that share a suffix are expanded ("发改、财政等部门" → 发改部门、财政部门), names joined
        by 和/及 are split when both halves are names, and names run together are separated.
        """
        text = _SHORT_NAME_NOTE.sub("", repair_spaces(text)).strip(_TRIM)  # "…委员会（以下简称区消安委）"
        if _COLLECTIVE_OFFICES.match(text):
            return [text]  # "各有关委、办、局" is one collective, not three names
        qualified = _LEVEL_QUALIFIED.match(text)
        if qualified and ("、" in text[: qualified.start("body")] or text.startswith(("本级", "同级", "上级"))):
            body = qualified.group("body")
            return self.split(body) if body != text else [body]
        owned = _OF_EACH.match(text)
        if owned and is_unit_like(owned.group("tail")) and all(
                is_unit_like(i) for i in split_outside_brackets(owned.group("items"))):
            return [text]  # "乡镇人民政府、街道办事处的消防安全委员会": one committee of each, named once
        tail = _SHARED_LIST_AND_UNIT.match(text)
        if tail and is_unit_like(tail.group("unit")):  # "水利、农业等部门和乡镇人民政府"
            return [*self.split(tail.group("list")), *self.split(tail.group("unit"))]
        governments = _LEVEL_GOVERNMENTS.match(text)
        if governments and "、" in governments.group("levels"):
            return [f"{level}{governments.group('tail')}" for level in split_outside_brackets(governments.group("levels"))]
        places = _PLACES_GOVERNMENTS.match(text)
        if places and not any(is_unit_like(p) for p in places.group("places").split("、")):
            return [f"{place}{places.group('tail')}" for place in places.group("places").split("、")]
        shared = _LIST_WITH_SHARED_SUFFIX.match(text)
        category = _LIST_OF_KINDS.match(text)
        if not shared and category and is_unit_like(category.group("kind")) and not any(
                is_unit_like(i) for i in split_outside_brackets(category.group("items"))):
            return [category.group("kind")]  # "报刊、广播、电视等新闻媒体": kinds of one kind of body
        if shared and not all(is_unit_like(i) for i in split_outside_brackets(shared.group("items"))):
            pieces = expand_shared_suffix(split_outside_brackets(shared.group("items")), shared.group("suffix"))
        else:
            pieces = [p.strip(_TRIM) for p in split_outside_brackets(text)]
            pieces = expand_shared_suffix(pieces) if len(pieces) >= 2 else pieces
        out: list[str] = []
        for piece in pieces:
            piece = re.sub(r"(?<=.{2})等(?:[一二三四五六七八九十两\d]+个?)?(?:有关|相关)?(?:部门|单位|机构)?$", "", piece.strip(_TRIM))
            if not piece:
                continue
            for name in self._segment(piece):
                name = name.strip(_TRIM)
                if name and name not in out:
                    out.append(name)
        return out

    def _segment(self, piece: str) -> list[str]:
        """One list entry as the names it holds: itself, or two names joined by 和/及, or names run together."""
        if normalize_for_match(piece) in self._names:
            return [piece]
        halves = _AND.split(piece)
        if len(halves) >= 2 and all(is_unit_like(h) or is_relative_name(h) or is_generic(h) for h in halves) and not all(
                is_generic(h) for h in halves):
            return halves
        known = self._cover(piece)
        if known:
            return known
        return _RUN_TOGETHER.split(piece)

    def _cover(self, piece: str) -> list[str] | None:
        """`piece` as two or more known names back to back, or None."""
        known = {display for display in self._names.values() if 2 <= len(display) <= len(piece)}

        def cover(start: int) -> list[str] | None:
            if start == len(piece):
                return []
            for end in range(len(piece), start + 1, -1):
                if piece[start:end] in known:
                    rest = cover(end)
                    if rest is not None:
                        return [piece[start:end], *rest]
            return None

        parts = cover(0)
        return parts if parts and len(parts) >= 2 else None

    def find_in(self, text: str, surface: bool = False) -> list[str]:
        """Known units mentioned in free text, in text order, in the corpus's own spelling (or, with
        `surface`, as the text writes them — what a grounding check looks for in the sources).

        A mention is a known spelling, or any phrase ending in a unit suffix whose key is a known unit's
        key ("区住房和城乡建设委员会" finds 区住房城乡建委; "财政局" finds 区财政局). Longest mention wins.
        """
        normalised = normalize_for_match(text)
        taken = [False] * len(normalised)
        found: list[tuple[int, str]] = []
        for key in sorted(self._names, key=len, reverse=True):
            if len(key) < 2:
                continue
            start = normalised.find(key)
            while start != -1:
                end = start + len(key)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * len(key)
                    found.append((start, self._names[key]))
                start = normalised.find(key, end)
        for match in _ENDS_WITH_SUFFIX_ANYWHERE.finditer(normalised):
            end = match.end()
            for start in range(max(0, end - MAX_UNIT_CHARS), end - 1):
                if any(taken[start:end]) or not normalised[start].isalnum():
                    continue  # a name starts with a character of a name ("牵头单位：住建委" → 住建委, not "：住建委")
                name = self.resolve(normalised[start:end]) if is_unit_like(normalised[start:end]) else None
                if name:
                    taken[start:end] = [True] * (end - start)
                    found.append((start, normalised[start:end] if surface else name))
                    break
        names: list[str] = []
        for _, name in sorted(found):
            if name not in names:
                names.append(name)
        return names


_ENDS_WITH_SUFFIX_ANYWHERE = re.compile(rf"(?:{_SUFFIX_ALTERNATION})")


def split_outside_brackets(text: str) -> list[str]:
    """Split a list on 、，；/line breaks, but not inside brackets ("县（市、区）" stays whole)."""
    out, depth, current = [], 0, []
    for ch in text:
        if ch in "（(〔【[":
            depth += 1
        elif ch in "）)〕】]" and depth:
            depth -= 1
        if depth == 0 and _SEPARATORS.match(ch):
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    pieces = [p for p in (piece.strip(_TRIM) for piece in out) if p]
    return _join_collectives(pieces)


_OFFICE_CHAR = re.compile(r"^(?:(?:区政府|市政府|县政府)?(?:各有关|各相关|有关|相关|各)?)[委办局]$")


def _join_collectives(pieces: list[str]) -> list[str]:
    """["各街道", "相关委", "办", "局"] → ["各街道", "相关委、办、局"]: one collective of offices."""
    out: list[str] = []
    for piece in pieces:
        if piece in ("委", "办", "局") and out and _OFFICE_CHAR.match(out[-1].split("、")[0]):
            out[-1] += f"、{piece}"
        else:
            out.append(piece)
    return out
