"""Render Word's automatic list numbering ("%1、" + chineseCounting …) as literal text.

Word stores "一、", "（二）", "3." of an automatically numbered paragraph only as a
rule in numbering.xml; the text itself lacks them. The clause parser needs them in the
text, so the converter asks `ListNumbering.label(paragraph)` for each paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def chinese_counting(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    parts: list[str] = []
    pending_zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = n // power % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        # "十一", not "一十一", when the number starts in the tens.
        if not (unit == units[0] and digit == 1 and not parts):
            parts.append(digits[digit])
        parts.append(unit)
    return "".join(parts)


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter: a … z, aa … zz.
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, num_fmt: str) -> str:
    """One counter value in one of Word's numFmt styles (unknown styles fall back to decimal)."""
    if num_fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
                   "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting"):
        return chinese_counting(n)
    if num_fmt in ("chineseLegalSimplified", "japaneseLegal"):
        return chinese_counting(n, _CN_LEGAL_DIGITS, "拾佰仟")
    if num_fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if num_fmt in ("ideographTraditional", "ideographLegalTraditional"):
        return _HEAVENLY_STEMS[(n - 1) % 10]
    if num_fmt == "ideographZodiac":
        return _EARTHLY_BRANCHES[(n - 1) % 12]
    if num_fmt == "decimalEnclosedCircle" or num_fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if num_fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if num_fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if num_fmt == "decimalFullWidth" or num_fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if num_fmt == "decimalZero":
        return f"{n:02d}"
    if num_fmt == "lowerLetter":
        return _letters(n)
    if num_fmt == "upperLetter":
        return _letters(n).upper()
    if num_fmt == "lowerRoman":
        return _roman(n)
    if num_fmt == "upperRoman":
        return _roman(n).upper()
    if num_fmt == "none":
        return ""
    return str(n)


@dataclass
class Level:
    """One level of an abstract list definition."""

    start: int = 1
    num_fmt: str = "decimal"
    lvl_text: str = "%1."
    suffix: str = "tab"  # "tab" | "space" | "nothing"
    is_legal: bool = False
    style: str = ""  # paragraph style bound to this level (w:pStyle)


def _val(el, tag: str, default: str = "") -> str:
    child = el.find(qn(tag)) if el is not None else None
    if child is None:
        return default
    return child.get(qn("w:val"), default)


def _parse_level(lvl) -> Level:
    start = _val(lvl, "w:start", "1")
    return Level(
        start=int(start) if start.lstrip("-").isdigit() else 1,
        num_fmt=_val(lvl, "w:numFmt", "decimal"),
        lvl_text=_val(lvl, "w:lvlText", ""),
        suffix=_val(lvl, "w:suff", "tab"),
        is_legal=lvl.find(qn("w:isLgl")) is not None,
        style=_val(lvl, "w:pStyle", ""),
    )


def _bullet(text: str) -> str:
    # Symbol/Wingdings bullets live in the private-use area and mean nothing as text.
    return "".join("●" if 0xE000 <= ord(ch) <= 0xF8FF else ch for ch in text)


class ListNumbering:
    """Counters for a document's numbered paragraphs, consulted in document order."""

    def __init__(self, numbering_el, styles_el) -> None:
        self._levels: dict[str, dict[int, Level]] = {}  # abstractNumId → ilvl → Level
        self._nums: dict[str, str] = {}  # numId → abstractNumId
        self._overrides: dict[str, dict[int, int]] = {}  # numId → ilvl → start
        self._counters: dict[str, dict[int, int]] = {}  # abstractNumId → ilvl → value
        self._started: set[str] = set()
        self._style_num: dict[str, tuple[str, int | None]] = {}
        self._style_based: dict[str, str] = {}
        if numbering_el is not None:
            self._read_numbering(numbering_el)
        if styles_el is not None:
            self._read_styles(styles_el)

    def _read_numbering(self, root) -> None:
        for absn in root.findall(qn("w:abstractNum")):
            levels = {int(lvl.get(qn("w:ilvl"), "0")): _parse_level(lvl) for lvl in absn.findall(qn("w:lvl"))}
            self._levels[absn.get(qn("w:abstractNumId"), "")] = levels
        for num in root.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"), "")
            self._nums[num_id] = _val(num, "w:abstractNumId")
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start.isdigit():
                    ilvl = int(override.get(qn("w:ilvl"), "0"))
                    self._overrides.setdefault(num_id, {})[ilvl] = int(start)

    def _read_styles(self, root) -> None:
        for style in root.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"), "")
            based = _val(style, "w:basedOn")
            if based:
                self._style_based[style_id] = based
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                ilvl = _val(num_pr, "w:ilvl")
                self._style_num[style_id] = (_val(num_pr, "w:numId"), int(ilvl) if ilvl.isdigit() else None)

    def _num_pr(self, p) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph: its own w:numPr, else its style's (following basedOn)."""
        ppr = p.find(qn("w:pPr"))
        own = ppr.find(qn("w:numPr")) if ppr is not None else None
        style_id = _val(ppr, "w:pStyle") if ppr is not None else ""
        num_id, ilvl = "", None
        if own is not None:
            num_id = _val(own, "w:numId")
            ilvl_text = _val(own, "w:ilvl")
            ilvl = int(ilvl_text) if ilvl_text.isdigit() else None
        seen: set[str] = set()
        while not num_id and style_id and style_id not in seen:
            seen.add(style_id)
            num_id, style_ilvl = self._style_num.get(style_id, ("", None))
            ilvl = ilvl if ilvl is not None else style_ilvl
            style_id = self._style_based.get(style_id, "")
        if not num_id or num_id == "0" or num_id not in self._nums:
            return None
        if ilvl is None:
            # A style bound to a level (w:lvl/w:pStyle) gives the level; else level 0.
            levels = self._levels.get(self._nums[num_id], {})
            para_style = _val(ppr, "w:pStyle") if ppr is not None else ""
            ilvl = next((i for i, lv in levels.items() if para_style and lv.style == para_style), 0)
        return num_id, ilvl

    def label(self, p) -> str:
        """The rendered numbering of paragraph element `p` ("一、", "（二）", "3. "), or ""."""
        found = self._num_pr(p)
        if found is None:
            return ""
        num_id, ilvl = found
        abs_id = self._nums[num_id]
        levels = self._levels.get(abs_id, {})
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self._counters.setdefault(abs_id, {})
        overrides = self._overrides.get(num_id, {})
        if num_id not in self._started:
            # A w:num with startOverride restarts the shared list where it begins.
            self._started.add(num_id)
            for lvl_i, start in overrides.items():
                counters[lvl_i] = start - 1
                for deeper in [k for k in counters if k > lvl_i]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.num_fmt == "bullet":
            text = _bullet(level.lvl_text)
        else:
            text = re.sub(r"%([1-9])", lambda m: self._render(levels, counters, int(m.group(1)) - 1, level),
                          level.lvl_text)
        if not text:
            return ""
        return text + _suffix(text, level.suffix)

    @staticmethod
    def _render(levels: dict[int, Level], counters: dict[int, int], i: int, current: Level) -> str:
        lv = levels.get(i, Level())
        value = counters.get(i, lv.start)
        return format_number(value, "decimal" if current.is_legal else lv.num_fmt)


def _suffix(text: str, suffix: str) -> str:
    if suffix == "nothing":
        return ""
    # A tab after "一、" or "（一）" is only layout; after "1." it separates like a space.
    if text[-1] in "、．）)：:】〕" or "\u4e00" <= text[-1] <= "\u9fff":
        return ""
    return " "
