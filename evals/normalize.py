"""Chinese-aware text normalisation for scoring: one canonical form for answers and gold.

General RAG scorers split on "." and compare words; Chinese answers have neither spaces
nor ASCII punctuation, so here every comparison is a substring test on a canonical form:
NFKC (full-width → half-width), no whitespace, one punctuation per role, variant
characters unified (査 → 查), dates written one way.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

ALIASES_FILE = Path(__file__).with_name("aliases.json")

# Marker words that open a citation/source section; the short answer stops before them.
SOURCE_MARKERS = ("来源", "依据", "出处", "参考资料", "参考", "引用")
NOT_FOUND_PHRASES = (
    "未找到", "没有找到", "找不到", "未能找到", "未检索到", "没有检索到", "文件中未", "文件中没有",
    "文件未", "未涉及", "没有涉及", "未提及", "没有提及", "没有相关", "无相关", "无法回答", "notfound",
)

_PUNCT = str.maketrans({
    "、": ",", "，": ",", "；": ",", ";": ",", "。": ".", "〔": "[", "〕": "]", "【": "[", "】": "]",
    "—": "-", "–": "-", "―": "-", "－": "-", "～": "-", "~": "-", "·": "", "•": "",
    "“": "", "”": "", "‘": "", "’": "", '"': "", "'": "", "「": "", "」": "", "『": "", "』": "",
    "《": "", "》": "", "〈": "", "〉": "",
})
_CITE_MARK = re.compile(r"\[\d+(?:[,，、\s]*\d+)*\]|【\d+】|\^\d+")
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")
_MARKERS = "|".join(SOURCE_MARKERS)
# "来源：…" anywhere, "【来源】"/"（依据）" anywhere, or a line that starts with a marker word alone.
_SECTION = re.compile(
    rf"[（(【\[]?\s*(?:{_MARKERS})\s*[】\])）]?\s*[:：]"
    rf"|【(?:{_MARKERS})[^】]*】"
    rf"|(?m:^[ \t>*#\-]*(?:{_MARKERS})[ \t]*$)"
)


@lru_cache(maxsize=1)
def alias_table() -> dict:
    """The equivalence table in `evals/aliases.json` (variants and unit aliases)."""
    return json.loads(ALIASES_FILE.read_text(encoding="utf-8"))


# A scan's OCR writes a figure's 0 as O and its 1 as l or I ("1O月3l日前"): gold quotes the file, the product shows the
# figure put right, and both are the same text.
_OCR_FIGURE = re.compile(r"(?<![A-Za-z0-9])(?=[0-9OolI]*[0-9])(?=[0-9]*[OolI])[0-9OolI]+(?![A-Za-z0-9])")
_OCR_DIGITS = str.maketrans("OolI", "0011")


def normalize(text: str) -> str:
    """Canonical form for substring comparison (see module docstring)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(alias_table()["variants"].get(ch, ch) for ch in text)
    text = re.sub(r"\s+", "", text).translate(_PUNCT)
    text = _OCR_FIGURE.sub(lambda m: m.group().translate(_OCR_DIGITS), text)
    return text.lower()


def short_answer(answer: str) -> str:
    """The part of an answer that is scored: before the first blank line or source section.

    Citation markers such as "[1]" are dropped so that their digits are not read as numbers.
    """
    text = _BLANK_LINE.split(answer or "", maxsplit=1)[0]
    match = _SECTION.search(text)
    if match:
        text = text[: match.start()]
    return _CITE_MARK.sub("", text).strip()


def says_not_found(prediction: dict) -> bool:
    """True when the prediction reports that the documents do not answer the question."""
    if prediction.get("found") is False:
        return True
    text = normalize(short_answer(prediction.get("answer", "")))
    return any(phrase in text for phrase in NOT_FOUND_PHRASES)


# -- dates ------------------------------------------------------------------------------------
_CN_DIGIT = dict(zip("〇零一二三四五六七八九", "00123456789"))
def _ymd(m: re.Match) -> str:
    return f"{m[1]}年{int(m[2])}月{int(m[3])}日"


_DATE_RULES = [
    (re.compile(r"[〇零一二三四五六七八九]{4}(?=年)"), lambda m: "".join(_CN_DIGIT[c] for c in m.group(0))),
    (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), lambda m: _ymd(m)),
    (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})(?![\d.])"), lambda m: f"{m[1]}年{int(m[2])}月"),
    (re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})[日号]"), lambda m: _ymd(m)),
    (re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月"), lambda m: f"{m[1]}年{int(m[2])}月"),
    (re.compile(r"(?<!\d)(\d{4})年(?:底|末)"), lambda m: f"{m[1]}年12月底"),
    (re.compile(r"月末"), lambda m: "月底"),
    (re.compile(r"(年|月|日|底)(?:之前|以前|前)"), lambda m: m[1]),
]


def canon_dates(text: str) -> str:
    """Rewrite dates one way in normalised text: 2023-09-30 → 2023年9月30日, 2021年底前 → 2021年12月底.

    A year-end ("年底") stays distinct from a day ("12月31日"): the documents use both and
    do not say they are the same deadline.
    """
    for pattern, repl in _DATE_RULES:
        text = pattern.sub(repl, text)
    return text


def contains(haystack: str, needle: str) -> bool:
    """Substring test that does not let a number match inside a longer number (2 in 12)."""
    if not needle:
        return False
    pattern = re.escape(needle)
    if needle[0].isdigit():
        pattern = r"(?<!\d)(?<!\d\.)" + pattern  # not inside 12 or 1.5; "。10月" (normalised ".10月") is fine
    if needle[-1].isdigit():
        pattern += r"(?![\d.]?\d)"
    return re.search(pattern, haystack) is not None
