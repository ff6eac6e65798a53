"""Answers that combine facts a clause states in parts: a total over enumerated parts, one year of a
series, a quoted name. Pure functions over clause text, each tested with a one-line fixture
(tests/answer/test_composite.py); the sentence answerer calls them and shows the arithmetic.

- "2021年在龙山建设4个，2022年在两路建设2个，2023年建设1个" + "一共几个？" → 4＋2＋1＝7个;
- "在大中街道、丰华街道、新丰镇等镇各建成1处" + "一共几处？" → one part per place listed before 各;
- "2021—2025年分别完成40、60、80、90、100个" + "2024年多少？" → 90个;
- "推行“政府出资保障、消防承办教学”工作模式" + "推行的是什么工作模式？" → the quoted name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from assistant.corpus.normalize import normalize_for_match
from assistant.corpus.references import chinese_number
from assistant.lexicon import ACTION_VERBS, BUILD_VERBS

_CN = "零〇一二两三四五六七八九十百千"
_YEAR = r"20\d\d"
_TOTAL_WORD = r"(?:合计|总计|累计|总共|一共|共计|(?<![公总])共(?!同|享|治|商|建共))"
_TOTAL_FIGURE = re.compile(r"[^\d，。；、]{0,10}?(?P<n>\d+(?:\.\d+)?|[" + _CN
                           + r"]+)\s*(?P<unit>万|亿)?\s*(?P<m>[^\d\s，。；、]{1,3})")  # after a total word
_SERIES = re.compile(rf"(?P<y1>{_YEAR})\s*(?:年)?\s*(?:[-—–－~～至到])\s*(?P<y2>{_YEAR})\s*年[^。；]{{0,40}}?"
                     r"(?:分别|依次|逐年)[^。；\d]{0,12}?(?P<values>(?:\d+(?:\.\d+)?%?\s*[、，,和]\s*)+\d+(?:\.\d+)?%?)")
_ONE_CHAR_MEASURE = r"[^\d\s，。；、]"
# Five-year plans: "“十四五”期间" is 2021–2025 (national planning periods, every document of the genre uses them).
_PLAN_PERIODS = {"十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}
_PLAN_SERIES = re.compile(r"[“\"]?(?P<plan>十[一二三四五]五)[”\"]?\s*(?:期间|时期)?[^。；]{0,40}?(?:分别|依次|逐年)[^。；\d]{0,12}?"
                          r"(?P<values>(?:\d+(?:\.\d+)?%?\s*[、，,和]\s*)+\d+(?:\.\d+)?%?)")
_QUOTE = re.compile(r"[“\"「『](?P<name>[^”\"」』]{2,40})[”\"」』](?P<noun>的?[\u4e00-\u9fff\d]{0,10})")
# What a name is a name of: "推行的是什么工作模式？" wants a quote followed by …模式.
NAME_HEADS = ("模式", "机制", "体系", "工作法", "理念", "口号", "格局", "行动", "工程", "事项", "做法", "制度", "名称")


@dataclass(frozen=True)
class Part:
    """One counted part of a total: what it is counted for (a year or place) and how many."""

    label: str
    value: float
    measure: str
    year: str = ""

    def show(self) -> str:
        return f"{self.label}{_number(self.value)}{self.measure}"


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _value(text: str) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    n = chinese_number(text.replace("两", "二"))
    return float(n) if n is not None else None


def each_of(before: str) -> list[str]:
    """The places or bodies a distributive 各 spreads over: "在大中街道、丰华街道、新丰镇等人口较多的镇各…"
    → [大中街道, 丰华街道, 新丰镇] (the first 、-list of the clause, ended by 等)."""
    listed = re.search(r"[\u4e00-\u9fff（）()]{2,16}(?:、[\u4e00-\u9fff（）()]{2,16})+", before)
    if not listed:
        return []
    items = []
    for item in listed.group().split("、"):
        head, ended = item.split("等", 1)[0], "等" in item
        items.append(re.sub(r"^(?:在|对|由|于|向)", "", head))
        if ended:
            break
    return [i for i in items if len(i) >= 2]


def parts_of(text: str, measure: str, years: tuple[str, ...] = ()) -> list[Part]:
    """The quantities of `text` with that measure word, each labelled by the year (or the clause) it is for;
    "A、B、C各1处" is one part for each of A, B, C. With `years`, only the parts of those years."""
    text = normalize_for_match(text)
    parts: list[Part] = []
    year = None
    for clause in re.split(r"([，,；;。])", text):
        if clause and clause in "；;。":
            year = None  # a year heads the rest of its sentence ("2022年，在A、B各建成1处")
            continue
        year = re.search(rf"{_YEAR}年", clause) or year
        matches = list(re.finditer(rf"(\d+(?:\.\d+)?|[{_CN}]+)\s*({measure})(?![\u4e00-\u9fff]{{0,1}}(?:以上|以下|以内))",
                                   clause))
        breakdowns = _breakdowns(clause, matches)
        for match in matches:
            value = _value(match.group(1))
            if value is None or re.match(rf"{_YEAR}$", match.group(1)):
                continue
            before = clause[: match.start()]
            if re.search(_TOTAL_WORD + r"[^\d]{0,10}$", before) or match.start() in breakdowns:
                continue  # a total the text states is no part
            inside = any(opened < match.start() < closed for opened, closed in breakdowns.values())
            named = re.search(r"([\u4e00-\u9fff]{2,8})$", before) if inside else None
            year_label = year.group() if year else ""
            label = named.group(1) if named else year_label
            if years and year_label not in years:
                continue
            each = re.search(r"各[\u4e00-\u9fff]{0,6}$", before)
            spread = each_of(before[: each.start()]) if each else []
            labels = spread if len(spread) >= 2 else [label]
            parts.extend(Part(item, value, match.group(2), year_label) for item in labels)
    return parts


def _breakdowns(clause: str, matches: list[re.Match[str]]) -> dict[int, tuple[int, int]]:
    """Totals followed by their parts in brackets: "56栋（梁山街道50栋、双桂街道1栋、屏锦镇4栋、福禄镇1栋）" →
    {start of 56栋: (bracket open, bracket close)} when the bracketed numbers add up to the total."""
    found = {}
    for match in matches:
        opened = re.match(r"\s*[（(]", clause[match.end():])
        if not opened:
            continue
        start = match.end() + opened.end() - 1
        close = re.search(r"[）)]", clause[start:])
        if not close:
            continue
        end = start + close.start()
        inner = [_value(m.group(1)) for m in matches if start < m.start() < end]
        total = _value(match.group(1))
        if len(inner) >= 2 and None not in inner and total is not None and abs(sum(inner) - total) < 1e-9:
            found[match.start()] = (start, end)
    return found


def without(parts: list[Part], excluded: tuple[str, ...]) -> list[Part]:
    """The parts not labelled by an excluded place ("梁山街道以外的…")."""
    return [p for p in parts if not any(x and (x in p.label or (p.label and p.label in x)) for x in excluded)]


def stated_total(text: str, measure: str) -> tuple[float, str] | None:
    """A total the text states itself ("共建成微型消防站352个"; "共设三级网格42个", where the 三 of 三级
    counts nothing), or None."""
    text = normalize_for_match(text)
    for word in re.finditer(_TOTAL_WORD, text):
        at = word.end()
        while (match := _TOTAL_FIGURE.match(text, at)) is not None:
            said = re.match(measure, match.group("m"))  # a full match is a match
            value = _value(match.group("n")) if said else None
            if value is not None:
                return value, f"{match.group('unit') or ''}{said.group()}"
            at = match.end("n")  # the figure counts something else: look further in the phrase
    return None


def total_of(text: str, measure: str, years: tuple[str, ...] = (),
             excluded: tuple[str, ...] = ()) -> tuple[float, list[Part]] | None:
    """The sum of two or more parts of one measure ("4个 + 2个 + 1个"), without the excluded places' parts,
    or None."""
    parts = without(parts_of(text, measure, years), excluded)
    if len(parts) < 2 or len({p.measure for p in parts}) > 1:
        return None
    return sum(p.value for p in parts), parts


def series_values(text: str, measure: str | None = None) -> dict[int, tuple[float, str]]:
    """"2021—2025年分别完成40、60、80、90、100个" → {2021: (40, "个"), …}; a five-year plan's period
    ("“十四五”期间分别按42%、21%…") stands for its years. With `measure`, only a series of that measure."""
    text = normalize_for_match(text)
    for match in _SERIES.finditer(text):
        found = _series(match, int(match.group("y1")), int(match.group("y2")), measure)
        if found:
            return found
    for match in _PLAN_SERIES.finditer(text):
        first = _PLAN_PERIODS[match.group("plan")]
        found = _series(match, first, first + 4, measure)
        if found:
            return found
    return {}


def _series(match: re.Match[str], first: int, last: int, measure: str | None) -> dict[int, tuple[float, str]]:
    values = re.split(r"\s*[、，,和]\s*", match.group("values"))
    if len(values) != last - first + 1:
        return {}
    after = re.match(r"\s*(" + (measure or _ONE_CHAR_MEASURE) + ")", match.string[match.end():])
    percent = values[0].endswith("%")
    if measure and not after and not (percent and "%" in measure):
        return {}
    unit = "%" if percent else after.group(1) if after else ""
    return {first + i: (float(v.rstrip("%")), unit) for i, v in enumerate(values)}


def series_value(text: str, year: str, measure: str | None = None) -> str | None:
    """"2021—2025年分别完成40、60、80、90、100个" and "2024年" → "90个"."""
    found = series_values(text, measure).get(int(year.rstrip("年")[:4]))
    return f"{_number(found[0])}{found[1]}" if found else None


def quoted_names(text: str, heads: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The quoted names of a sentence with the word after them: ("五整治、四提升", "9项行动"). With `heads`,
    only names followed by one of them ("…工作模式" for 模式)."""
    found = []
    for match in _QUOTE.finditer(text):
        noun = match.group("noun")
        if heads:
            head = next((h for h in heads if h in noun), "")
            if not head:
                continue
            noun = noun[: noun.index(head) + len(head)]
        found.append((match.group("name"), noun))
    return found


def asked_heads(question: str) -> tuple[str, ...]:
    """The kinds of name a question asks for ("什么工作模式" → 模式)."""
    return tuple(h for h in NAME_HEADS if h in question)


# "上午9时至中午11时以及下午13时至17时", "8:30-17:30": spans of the clock (a later half of the day may be written
# in 12-hour form after 下午/晚上: "下午1时至5时").
_HALF_DAY = r"(?:上午|中午|下午|晚上|早上|凌晨)?"
_CLOCK = rf"{_HALF_DAY}(\d{{1,2}})\s*(?:时|点|[:：](\d{{2}}))(?:\s*(\d{{1,2}})\s*分)?"
_CLOCK_SPAN = re.compile(rf"{_CLOCK}\s*(?:至|到|—|-|～|~)\s*{_CLOCK}")


def clock_hours(text: str) -> list[tuple[str, float]]:
    """Each span of the clock a text states, with its length in hours: "上午9时至中午11时" → 2.0."""
    spans = []
    for match in _CLOCK_SPAN.finditer(text):
        split = match.start(4) - match.start()  # where the span's end is written
        first, second = match.group(0)[:split], match.group(0)[split:]
        afternoon = bool(re.search(r"下午|晚上", first)) and not re.search(_HALF_DAY[3:-2], second)
        start = _clock(first, match.groups()[:3])
        end = _clock(second, match.groups()[3:], afternoon)
        if end > start:
            spans.append((match.group(0), end - start))
    return spans


_BRACKETED = re.compile(r"[（(][^（）()]{0,12}[）)]")
_BEFORE_A_NAME = re.compile("|".join(re.escape(v) for v in sorted(set(ACTION_VERBS + BUILD_VERBS), key=len, reverse=True)))


def named_items(text: str, head: str) -> list[str]:
    """The things of one kind a text names, in order ("年内开工建设山阳消防救援站，加快推进兴塔消防救援站建设。筹备
    廊下、漕泾、金山工业区（小型）消防救援站建设" with head 消防救援站 → 山阳, 兴塔, 廊下, 漕泾, 金山工业区); a
    mention without a name ("依托消防救援站建设…") counts nothing."""
    names: list[str] = []
    for match in re.finditer(re.escape(head), text):
        before = _BRACKETED.sub("", re.split(r"[，。；：,;:\s“”]", text[: match.start()])[-1])
        for piece in before.split("、"):
            name = _BEFORE_A_NAME.split(piece)[-1].strip()
            if 2 <= len(name) <= 8 and name not in names and not name.endswith("的") and not _qualifier(name):
                names.append(name)
    return names


@lru_cache(maxsize=4096)
def _qualifier(word: str) -> bool:
    """"小型", "专职": a word that says what kind of thing, not which one (jieba's 区别词/形容词/数量词)."""
    import jieba.posseg

    return all(w.flag in ("b", "a", "m", "q", "d", "v", "vn") for w in jieba.posseg.cut(word, HMM=False))


def _clock(written: str, groups: tuple[str | None, ...], afternoon: bool = False) -> float:
    """The hour a clock time names, in 24-hour form ("下午1时" → 13)."""
    hour, minutes = int(groups[0]), int(groups[1] or groups[2] or 0)
    if hour < 12 and (afternoon or re.search(r"下午|晚上", written)):
        hour += 12
    return hour + minutes / 60


_MONTH_SPAN = re.compile(r"(1[0-2]|0?[1-9])\s*月(?:\s*\d{1,2}\s*日)?\s*(?:[-—–－~～至到])\s*(?:20\d\d\s*年\s*)?(1[0-2]|0?[1-9])\s*月")


def months_of_phase(heading: str) -> set[int]:
    """The months a phase heading's dates hold: "排查整治阶段（9月1日至11月30日）" → {9, 10, 11}; a phase
    due by a date ("（8月31日前）") holds that month."""
    span = _MONTH_SPAN.search(heading)
    if span:
        first, last = int(span.group(1)), int(span.group(2))
        return set(range(first, last + 1)) if first <= last else set(range(first, 13)) | set(range(1, last + 1))
    due = re.search(r"(1[0-2]|0?[1-9])\s*月(?:\s*\d{1,2}\s*日)?\s*(?:前|之前|以前)", heading)
    return {int(due.group(1))} if due else set()


# --- a figure in a table of figures: "上湾社区划了几个网格" over a row of 社区/网格数（个）/网格员（名） --------
_HEADER_UNIT = re.compile(r"^(?P<name>[^（(]{1,10})[（(](?P<unit>[^（）()]{1,4})[）)]$")  # "网格数（个）"
_FIGURE = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Cell:
    """One figure of a table, named by its row and its column."""

    row: str  # the row's own name ("上湾社区")
    column: str  # the column's name without its unit ("网格数")
    value: str
    unit: str
    line_start: int  # 0-based, in the text read
    line_end: int

    def show(self) -> str:
        return f"{self.row}{self.column}{self.value}{self.unit}"


def table_cell(text: str, question: str, measure: str, topic: str = "") -> Cell | None:
    """The figure a question asks of a table of figures in `text` (one cell per line, a tab before every cell
    after the first, a blank line between rows, merged cells only in the first row they cover): the row the
    question names by one of its cells, the column whose unit is the measure asked ("几个" → "网格数（个）"),
    of several such the one whose name the question uses. None when the question names no row or no
    column fits."""
    question = normalize_for_match(question)
    blocks, lines, start = [], text.split("\n"), 0
    for n, line in enumerate([*lines, ""]):
        if not line.strip():
            if n > start:
                blocks.append((start, n - 1, [cell.strip() for cell in lines[start:n]]))
            start = n + 1
    for h, (_, _, headers) in enumerate(blocks):
        units = [_HEADER_UNIT.match(name) for name in headers]
        if len(headers) < 3 or not any(units) or any(_FIGURE.match(name) or len(name) > 12 for name in headers):
            continue
        wanted = [k for k, unit in enumerate(units) if unit and re.fullmatch(measure, unit.group("unit"))]
        if len(wanted) > 1:  # "多少名网格员": the column the question names
            named = [k for k in wanted if normalize_for_match(units[k].group("name")) in question + topic]
            wanted = named or wanted
        if len(wanted) != 1:
            continue
        column = wanted[0]
        rows = []
        for first, last, cells in blocks[h + 1:]:
            if len(cells) > len(headers) or not any(_FIGURE.match(c) for c in cells):
                break  # the table has ended
            rows.append((first, last, [""] * (len(headers) - len(cells)) + cells))  # merged cells are on the left
        # A column some rows leave out is merged: its cells name groups of rows, not one row ("城区片").
        grouping = len(headers) - min((len([c for c in row if c]) for *_, row in rows), default=len(headers))
        named = []
        for first, last, row in rows:
            asked = [c for c in row[grouping:] if c and not _FIGURE.match(c) and len(c) >= 2
                     and normalize_for_match(c) in question]
            if asked and _FIGURE.match(row[column]):
                named.append(Cell(max(asked, key=len), units[column].group("name"), row[column],
                                  units[column].group("unit"), first, last))
        return named[0] if len(named) == 1 else None  # two rows named ask for more than one figure
    return None
