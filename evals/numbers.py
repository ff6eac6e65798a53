"""Numbers with their measure word, compared as numbers: 2人 ≠ 12人, 100万元 ≠ 1000万元."""

from __future__ import annotations

import re

from evals.normalize import normalize

# Measure words the documents use interchangeably for the same count.
UNIT_EQUIVALENTS = {
    "名": ("人",), "人": ("名",), "毫米": ("mm",), "立方米": ("m3", "方"), "%": ("％",),
}
_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)")
_CN_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_CN_DIGITS = {**dict(zip("零〇一二三四五六七八九", (0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9))), "两": 2}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese numeral such as 五百五十 or 二十, or None when it is not a plain number."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in "零〇" and digit is None and (section or total):
            continue  # the placeholder in 两千零一
        if ch in _CN_DIGITS:
            if digit is not None:  # two digits in a row ("十四五") is a name, not a number
                return None
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch in _CN_BIG:
            section += digit or 0
            if section == 0:
                return None
            total += section * _CN_BIG[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def arabic(text: str) -> str:
    """Rewrite Chinese numerals as digits (百分之九十 → 90%); unparseable runs stay as they are."""
    def percent(match: re.Match) -> str:
        value = cn_to_int(match.group(1))
        return match.group(0) if value is None else f"{value}%"

    text = re.sub(r"百分之([零〇一二两三四五六七八九十百]+)", percent, text)

    def repl(match: re.Match) -> str:
        value = cn_to_int(match.group(0))
        return match.group(0) if value is None else str(value)

    return _CN_RUN.sub(repl, text)


def quantities(text: str) -> list[tuple[float, str]]:
    """(value, following text) for every number in normalised `text`; 万/亿 are folded into the value."""
    found = []
    for match in _NUMBER.finditer(text):
        value = float(match.group(1))
        rest = text[match.end(): match.end() + 6]
        if rest[:1] in _MULTIPLIERS:
            value *= _MULTIPLIERS[rest[0]]
            rest = rest[1:]
        found.append((value, rest))
    return found


def parse_quantity(gold: str) -> tuple[float, str] | None:
    """The gold number and its measure word, e.g. "100万元" → (1000000.0, "元")."""
    found = quantities(arabic(normalize(gold)))
    if not found:
        return None
    value, rest = found[0]
    unit = re.match(r"[^\d,.:()\[\]/-]*", rest).group(0)
    return value, unit


def _unit_ok(gold_unit: str, rest: str) -> bool:
    if not gold_unit or not rest:
        return True
    if rest.startswith(gold_unit) or any(rest.startswith(u) for u in UNIT_EQUIVALENTS.get(gold_unit, ())):
        return True
    # A bare number ("550" before punctuation) is accepted; a different measure word is not.
    return not (rest[0].isalpha() or rest[0] == "%")


def number_matches(gold: str, answer_text: str) -> bool:
    """True when `answer_text` states the gold quantity (same value, same or no measure word)."""
    parsed = parse_quantity(gold)
    if parsed is None:
        return False
    value, unit = parsed
    candidates = quantities(arabic(normalize(answer_text)))
    return any(abs(v - value) < 1e-9 and _unit_ok(unit, rest) for v, rest in candidates)
