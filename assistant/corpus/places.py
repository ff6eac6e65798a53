"""Places: which place a document is about, the short names people use for it, and the places a
question names.

A document's place comes from its issuing body and its title, which both open with the
administrative chain ("上海市闵行区人民政府古美路街道办事处" → 上海市 › 闵行区 › 古美路街道); the
most specific link is the document's region, the others its parents. Short forms are the
name without its level suffix (青浦区 → 青浦, 平潭综合实验区 → 平潭, 广东省 → 广东). Sub-places
are the towns and streets its text names (彭浦镇, 石门二路街道). No place name is written here:
the chain is read by its suffixes.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.lexicon import NOT_PLACES

_HAN = r"[\u4e00-\u9fff]"
_DISTRICT_SUFFIX = r"(?:综合实验区|经济技术开发区|高新技术产业开发区|开发区|新区|自治县|区|县)"
_TOWN_SUFFIX = r"(?:街道|镇|乡)"
_CHAIN = re.compile(
    rf"^(?P<province>{_HAN}{{2,3}}?(?:省|自治区))?"
    rf"(?P<city>{_HAN}{{2,3}}?市)?"
    rf"(?P<district>{_HAN}{{2,4}}?{_DISTRICT_SUFFIX})?"
    rf"(?:人民政府|政府)?(?P<town>{_HAN}{{2,5}}?{_TOWN_SUFFIX})?"
    rf"(?P<village>{_HAN}{{2,4}}?村(?![民委务规级庄镇]))?"  # "杏林村村民委员会": a village issues its own rules
)
# Words that end in 村 and name a kind of village, not one ("城中村改造…")
_NOT_VILLAGES = ("城中村", "行政村", "自然村", "新农村", "美丽乡村", "全村", "本村", "各村")
# Leading words of a title before its place: "关于印发《2026年虹口区…", "关于推进奉贤区…".
_TITLE_LEAD = re.compile(r"^(?:关于(?:印发|转发|推进|进一步|加强|开展|做好|建立|实施)?|印发|转发|《|“|\d{4}\s*年度?|"
                         r"[（(]?\d{4}[—\-－]\d{4}年?[)）]?)+")
# Characters that never occur inside a place name (function words, verbs of titles).
_NOT_IN_NAME = re.compile(r"[的和与及或在对为是等了着把被将从向于以其之各本全该所每此这那印发转通知办法意见方案规划]")  # not 关: 山海关区
_TIME_WORD = re.compile(r"(?:今|明|去|前|后|本|当|全|同|次|上|下)年|近年|年内|年底|年初|月底")  # a stem that says when
# …nor, in a question, its question words ("…要在什么时间前报县政府" names no 么时间前报县)
_NOT_IN_ASKED_NAME = re.compile(r"[么谁哪几吗呢啥怎要报]")
# "金穗市场", "城区域": the suffix character begins a word ("市场"); "杏林四个片区": a count of areas, no name
_WORD_GOES_ON = re.compile(r"市[场民政容]|区域|县域")
_COUNTED = re.compile(r"[一二三四五六七八九十两几\d]个")
_MENTION = re.compile(rf"{_HAN}{{2,5}}?(?:综合实验区|开发区|新区|自治县|自治区|街道|省|市|区|县|镇|乡)")
_QUESTION_STARTS = ("哪", "什么", "那", "这", "各", "本", "全", "该", "我", "你", "其", "某", "每", "此", "城", "社", "小",
                    "片", "园", "辖", "市", "区", "县", "镇", "乡")
_DEMONSTRATIVE = re.compile(r"[那这](?![个些里边儿样么])")
_SUFFIXES_LONGEST = ("综合实验区", "经济技术开发区", "高新技术产业开发区", "经济开发区", "开发区", "高新区", "新区", "自治县",
                     "自治区", "街道", "省", "市", "区", "县", "镇", "乡")
# What people call a zone for short: "望海经济开发区" is "望海开发区" and "望海经开区"; a 高新技术产业开发区 is a 高新区.
_ZONE_SHORT = {"经济技术开发区": ("开发区", "经开区"), "经济开发区": ("开发区", "经开区"), "高新技术产业开发区": ("高新区",)}


# Endings of areas that are not administrative places ("老旧小区", "居民社区"); "荔城区" ends in 城区 and is one.
_NOT_PLACE_TAILS = ("小区", "社区", "园区", "景区", "辖区", "校区", "厂区", "营区", "街区")  # not 山区: 金山区 is a place


@dataclass
class Place:
    """A document's place and how people name it."""

    region: str = ""  # the most specific place: "青浦区", "古美路街道", "广东省"
    names: list[str] = field(default_factory=list)  # region and its short forms: ["青浦区", "青浦"]
    parents: list[str] = field(default_factory=list)  # enclosing places and their short forms: ["上海市", "上海"]
    subplaces: list[str] = field(default_factory=list)  # towns and streets the text names


def place_suffix(name: str) -> str:
    """The suffix a place name ends in ("综合实验区", "街道", "区"), or ""."""
    return next((s for s in _SUFFIXES_LONGEST if name.endswith(s)), "")


def short_forms(name: str) -> list[str]:
    """"青浦区" → ["青浦区", "青浦"]; "古美路街道" → ["古美路街道", "古美路", "古美"]; short forms keep ≥ 2 characters."""
    out = [name]
    if name.endswith("村") and len(name) >= 3:
        return [name, name[:-1]]  # "杏林村" → "杏林"
    for suffix in _SUFFIXES_LONGEST:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            out.append(stem)
            out += [stem + short for short in _ZONE_SHORT.get(suffix, ())]
            if stem.endswith("路") and len(stem) >= 3:
                out.append(stem[:-1])
            break
    return out


def _valid(part: str | None) -> bool:
    if not part or part in _NOT_VILLAGES:
        return False
    suffix = next((s for s in _SUFFIXES_LONGEST if part.endswith(s)), "")
    stem = part[: -len(suffix)] if suffix else part
    if len(stem) < 2 or _NOT_IN_NAME.search(stem) or _TIME_WORD.match(stem):
        return False  # "今年市政消火栓…" names no 今年市
    # "居民住宅区" ends in a word that is no place; "澜屿综合实验区" ends in its own suffix, and is one.
    return part not in NOT_PLACES and not part.endswith(_NOT_PLACE_TAILS) and not any(
        part.endswith(w) for w in NOT_PLACES if len(w) >= 3 and len(w) > len(suffix))


def is_place_name(name: str) -> bool:
    """A name with a place's suffix that reads as one ("成都市", not "老城区" or "今年市")."""
    return bool(place_suffix(name)) and _valid(name)


def chain_of(text: str) -> list[str]:
    """The administrative chain a string opens with, most general first ("上海市", "闵行区", "古美路街道")."""
    text = _TITLE_LEAD.sub("", re.sub(r"\s+", "", text))
    match = _CHAIN.match(text)
    if not match:
        return []
    parts = [match.group(k) for k in ("province", "city", "district", "town", "village")]
    out = []
    for part in parts:
        if not _valid(part):
            if out:
                break
            continue
        out.append(part)
    return out


def subplaces_in(lines: list[str], own: set[str]) -> list[str]:
    """Towns and streets a document names (彭浦镇, 石门二路街道), in order of first mention."""
    counts: Counter[str] = Counter()
    for line in lines:
        for match in re.finditer(rf"(?:^|(?<=[、，,（(：:\s]))({_HAN}{{2,5}}?{_TOWN_SUFFIX})(?=[、，,）)。；;\s]|人民政府|政府|办事处|$)",
                                 line):
            name = match.group(1)
            if (_valid(name) and name not in own and not name.startswith(("各", "乡", "城", "集", "村"))
                    and not _reads_as_verb(name)):
                counts[name] += 1
    return list(counts)


def _reads_as_verb(name: str) -> bool:
    """"明确街道（镇）职责" names no street: the stem before 街道/镇/乡 is one verb, adverb or adjective."""
    stem = re.sub(rf"{_TOWN_SUFFIX}$", "", name)
    tagged = _tagged(stem)
    return len(tagged) == 1 and tagged[0][1][:1] in ("v", "a", "d")


def find_place(issuer: str, title: str, first_line: str, lines: list[str]) -> Place:
    """The place of a document from its issuer, its title, its first line, else its most named place."""
    chains = [chain_of(s) for s in (issuer, title, first_line) if s]
    chain = max(chains, key=len, default=[])
    # A title may be more specific than its issuer ("闵行区…办事处" issues "古美路街道…方案").
    for other in chains:
        if other and chain and other[-1] not in chain and len(other) >= 1 and other[0] not in chain[:-1] \
                and _level(other[-1]) > _level(chain[-1]):
            chain = [*chain, other[-1]]
    if not chain:
        chain = _frequent(lines)
    if not chain:
        return Place()
    region = chain[-1]
    names = short_forms(region)
    parents = [name for part in chain[:-1] for name in short_forms(part)]
    own = {*names, *parents}
    return Place(region=region, names=names, parents=parents, subplaces=subplaces_in(lines, own))


def _level(name: str) -> int:
    if name.endswith("村"):
        return 4
    if name.endswith(("街道", "镇", "乡")):
        return 3
    if name.endswith(("区", "县")):
        return 2
    if name.endswith("市"):
        return 1
    return 0


def _frequent(lines: list[str]) -> list[str]:
    counts = Counter(m.group() for line in lines for m in re.finditer(rf"{_HAN}{{2,3}}(?:区|市|县)(?!长)", line)
                     if _valid(m.group()) and m.group()[1:] not in NOT_PLACES)
    for name, count in counts.most_common():
        if count >= 3:
            return [name]
    return []


def place_mentions(text: str) -> list[tuple[int, str]]:
    """Place-like names in a question ("万州区", "上海市", "古美路街道", and names written without a
    suffix that jieba knows as places: "深圳", "平潭"), with their offsets."""
    out = []
    position = 0
    while (match := _MENTION.search(text, position)) is not None:
        name = match.group()
        goes_on = _WORD_GOES_ON.match(text, match.end() - 1)  # "金穗市场东区…": 市 begins 市场
        # "渝北区财政局": the shortest reading that is a place ("渝北区"), not the longest.
        if name.startswith(_QUESTION_STARTS) or not _valid(name) or _NOT_IN_ASKED_NAME.search(name) or goes_on or \
                _COUNTED.search(name):
            # "那星河区呢？": the name starts after a demonstrative ("那个区县" is no name); after 市场, past it
            position = goes_on.end() if goes_on else match.start() + (1 if _DEMONSTRATIVE.match(name) else len(name))
            continue
        out.append((match.start(), name))
        position = match.end()
    covered = {i for start, name in out for i in range(start, start + len(name))}
    position = 0
    for word, flag in _tagged(text):
        if flag == "ns" and len(word) >= 2 and not covered & set(range(position, position + len(word))):
            out.append((position, word))
        position += len(word)
    return sorted(out)


def opening_name(text: str) -> str:
    """A question that opens with a bare two-character proper name ("静安推进…", "普陀的…", which jieba reads as
    a person's): that name, a place the question may be about; "" otherwise. Only ever a candidate for a
    place no document has: a word the corpus writes ("养老", "幼儿园") is not taken for a place."""
    tagged = _tagged(text)
    if tagged and tagged[0][1] in ("nr", "nrt") and len(tagged[0][0]) == 2:
        return tagged[0][0]
    return ""


@lru_cache(maxsize=1024)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return tuple((w.word, w.flag) for w in jieba.posseg.cut(text, HMM=False))
