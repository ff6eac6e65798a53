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
from assistant.corpus.tables import FIGURE_CELL, FIGURE_HEADER, NAMED_FIGURE
from assistant.lexicon import ACTION_VERBS, BUILD_VERBS, is_deadline_label, label_role
from assistant.models import TableRow

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
            if value is None or (re.match(rf"{_YEAR}$", match.group(1)) and match.group(2) == "年"):
                continue  # "2025年" is a year; "培训2000人次" counts
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


# --- a figure of a table of figures (corpus/tables.FIGURE_HEADER): "上湾社区划了几个网格" of one row,
# "城郊片几个社区加起来一共多少个网格" summed over the rows of a merged group cell -----------------------------
_PART_NAME_CHARS = 12  # a longer cell is a task's text, not a row's name


@dataclass(frozen=True)
class Figure:
    """A figure a table gives: of one row, or summed over the rows of a group (its parts)."""

    name: str  # the row's own name ("上湾社区"), or the group's ("城郊片")
    column: str  # the column's name without its unit ("网格数")
    header: str  # the column as the table names it ("网格数（个）")
    value: float
    unit: str
    rows: tuple[TableRow, ...]
    parts: tuple[tuple[str, float], ...] = ()  # a total: each row's name and figure

    @property
    def amount(self) -> str:
        return f"{_figure(self.value)}{self.unit}"

    def show(self) -> str:
        if not self.parts:
            return f"{self.name}{self.column}{self.amount}"
        summed = "＋".join(f"{name}{_figure(value)}{self.unit}" for name, value in self.parts)
        return f"{self.name}{self.column}共{self.amount}（{summed}）"


def _figure(value: float) -> str:
    return f"{value:.12g}"  # 18.0 → "18", 1234567.0 → "1234567"


def table_figure(rows: list[TableRow], question: str, measure: str, topic: str = "",
                 total: bool = False) -> Figure | None:
    """The figure a question asks of a table: the column whose unit is the measure asked ("几个" → "网格数（个）",
    or cells written "15分"), of several such the one the question names; the row the question names by one
    of its own cells, or — asked for a total — the rows of the group it names (a merged cell, "城郊片"), summed.
    None when the question names no row (or two), or no column fits."""
    question = normalize_for_match(question)
    grouping = {k for row in rows for k in row.inherited}  # merged cells name groups of rows, not one row
    if total and (whole := _groups_summed(rows, grouping, question, measure)) is not None:
        return whole
    columns = _figure_columns(rows, measure)
    if len(columns) > 1:  # "多少名网格员": the column the question names
        columns = [c for c in columns if normalize_for_match(c[1]) in question + topic] or columns
    if len(columns) != 1:
        return None
    header, name, unit = columns[0]

    def figure(row: TableRow) -> float | None:
        match = FIGURE_CELL.fullmatch(row.cells.get(header, "").strip())
        return float(match.group("n")) if match else None

    def names_in(row: TableRow, keys) -> list[str]:
        return [v.strip() for k, v in row.cells.items() if k in keys and k != header and len(v.strip()) >= 2
                and not FIGURE_CELL.fullmatch(v.strip()) and normalize_for_match(v.strip()) in question]

    if total:
        groups = {(k, v) for row in rows for k in sorted(grouping) for v in names_in(row, {k})}
        whole = not groups and normalize_for_match(name) in question  # "四个片区的联系户数加起来": the whole column
        if len(groups) != 1 and not whole:
            return None
        key, group = next(iter(groups)) if groups else ("", "全表")
        members = [row for row in rows if (whole or row.cells.get(key, "").strip() == group) and figure(row) is not None]
        own = [k for k in rows[0].cells if k not in grouping and k != header and k != "序号"
               and label_role(k) is None and not is_deadline_label(k)]  # a row is named by what it is, not who

        def part_name(row: TableRow) -> str:  # "花园社区"; a long content cell is shown by its number ("第3项")
            short = [row.cells[k].strip() for k in own if 2 <= len(row.cells.get(k, "").strip()) <= _PART_NAME_CHARS
                     and not FIGURE_CELL.fullmatch(row.cells[k].strip())]
            return short[0] if short else f"第{row.number}项" if row.number else row.path

        parts = tuple((part_name(row), figure(row)) for row in members)
        return Figure(group, name, header, sum(v for _, v in parts), unit, tuple(members), parts) \
            if len(members) > 1 else None
    named = [(row, max(found, key=len)) for row in rows
             if (found := names_in(row, set(row.cells) - grouping)) and figure(row) is not None]
    if len(named) != 1:
        return None  # two rows named ask for more than one figure
    row, row_name = named[0]
    return Figure(row_name, name, header, figure(row), unit, (row,))


def _groups_summed(rows: list[TableRow], grouping: set[str], question: str, measure: str) -> Figure | None:
    """"各大项分值加起来是多少": the figures the merged group cells state ("消防安全责任14分"), summed — when the
    question speaks of each group (各…项) and every group of a column states one in the unit asked."""
    if "各" not in question:
        return None
    for key in [k for k in (rows[0].cells if rows else {}) if k in grouping]:  # in the table's order
        groups = list(dict.fromkeys(row.cells.get(key, "").strip() for row in rows))
        stated = [NAMED_FIGURE.fullmatch(g) for g in groups if g]
        if len(stated) < 2 or not all(m and re.fullmatch(measure, m.group("unit")) for m in stated):
            continue
        parts = tuple((m.group("name"), float(m.group("n"))) for m in stated)
        first = {g: next(row for row in rows if row.cells.get(key, "").strip() == g) for g in groups if g}
        return Figure("各", key, key, sum(v for _, v in parts), stated[0].group("unit"), tuple(first.values()), parts)
    return None


def _figure_columns(rows: list[TableRow], measure: str) -> list[tuple[str, str, str]]:
    """(header, name, unit) of the columns of figures whose unit is `measure`: named "网格数（个）", or whose
    every cell is a figure with that unit ("15分")."""
    columns = []
    for header in (rows[0].cells if rows else {}):
        named = FIGURE_HEADER.match(header)
        if named and re.fullmatch(measure, named.group("unit")):
            columns.append((header, named.group("name"), named.group("unit")))
            continue
        cells = [FIGURE_CELL.fullmatch(row.cells.get(header, "").strip()) for row in rows]
        units = {cell.group("unit") for cell in cells if cell}
        if all(cells) and len(units) == 1 and (unit := units.pop()) and re.fullmatch(measure, unit):
            columns.append((header, header, unit))
    return columns


# --- the band of a scale: "90分及以上为优秀，80分至89.9分为良好，60分以下为不合格" + "85分算什么等次？" → 良好 ---------
_BAND_UNIT = r"分|人|个|%"  # what a scale's bands are counted in
_BAND = re.compile(rf"(?P<lo>\d+(?:\.\d+)?)\s*(?P<unit>{_BAND_UNIT})\s*(?:(?P<up>及以上|以上)|(?P<down>以下)|"
                   r"(?:至|到|-|—|～|~)\s*(?P<hi>\d+(?:\.\d+)?)\s*(?P=unit))(?:的)?为(?P<name>[\u4e00-\u9fff]{2,5}?)(?=[，,。；;、）)]|$)")


def figure_asked(question: str) -> tuple[float, str] | None:
    """The figure a band question states ("得了85分，算什么等次？" → 85, 分), or None."""
    asked = re.search(rf"(\d+(?:\.\d+)?)\s*({_BAND_UNIT})", question)
    return (float(asked.group(1)), asked.group(2)) if asked else None


def band_of(text: str, value: float, unit: str) -> tuple[str, str] | None:
    """(band name, the phrase that defines it) of the scale in `text` that `value` falls in, or None when the text
    states no scale in that unit or none of its bands holds the value."""
    for band in _BAND.finditer(text):
        if band.group("unit") != unit:
            continue
        low = float(band.group("lo"))
        if band.group("up"):
            holds = value >= low
        elif band.group("down"):
            holds = value < low
        else:
            holds = low <= value <= float(band.group("hi"))
        if holds:
            return band.group("name"), band.group()
    return None


# "消防宣传“五进”" / "“三进”是进哪三个地方": a count and the character each item of a list opens with
_ABBREVIATION = re.compile(r"[“\"]([一二三四五六七八九十两])([\u4e00-\u9fff])[”\"]")


def abbreviation_of(question: str) -> tuple[int, str] | None:
    """(count, opening character) of a numbered abbreviation the question quotes ("“五进”" → (5, "进")), or None."""
    match = _ABBREVIATION.search(normalize_for_match(question))
    if match is None:
        return None
    count = chinese_number(match.group(1).replace("两", "二"))
    return (count, match.group(2)) if count and count >= 2 else None


def spells_out(sentence: str, abbreviation: tuple[int, str]) -> bool:
    """Does the sentence list as many items as the abbreviation counts, each opening with its character
    ("进企业、进农村、进社区、进学校、进家庭" for "五进")?"""
    count, head = abbreviation
    items = re.findall(rf"(?:^|[、“，,（(])\s*{re.escape(head)}[\u4e00-\u9fff]{{1,6}}(?=[、”，,）)。；]|$)", sentence)
    return len(items) >= count
