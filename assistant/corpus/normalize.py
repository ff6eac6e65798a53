"""Text normalisation for matching, and the repair of PDF-extraction spaces for display.

Original text is never changed in the corpus model (citations quote it exactly); these
functions produce *derived* strings: `normalize_for_match` for comparing and indexing,
`repair_spaces` for titles and unit names shown to people.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Variant characters that occur in the corpus (PDF/OCR output used the Japanese form
# 査 for 查 throughout the 梁平 table). Extend this table when a new document brings
# another variant; every entry must be a true variant, never a different word.
VARIANTS: dict[str, str] = {
    "査": "查",
}

_FULLWIDTH_START, _FULLWIDTH_END = 0xFF01, 0xFF5E  # ！ … ～, the full-width forms of ASCII
_IDEOGRAPHIC_SPACE = "\u3000"
# Brackets and sentence punctuation have a native full-width form in Chinese text; their
# canonical form is full-width (so "乡镇(街道)" matches "乡镇（街道）"). Everything else
# (letters, digits, ．＋％／ …) folds to half-width.
_KEEP_FULLWIDTH = set("（）：，；！？")
_TO_FULLWIDTH = {"(": "（", ")": "）"}
_TO_FULLWIDTH_NEAR_CJK = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}


def is_cjk(ch: str) -> bool:
    """True for Han characters and CJK/full-width punctuation (where spaces carry no meaning)."""
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF  # unified ideographs
        or 0x3400 <= code <= 0x4DBF  # extension A
        or 0x3000 <= code <= 0x303F  # 、。〔〕「」 …
        or 0xFF00 <= code <= 0xFFEF  # （），：； full-width forms
        or 0x2E80 <= code <= 0x2FDF  # radicals (PDF extraction sometimes emits these)
        or code in (0x2014, 0x2026, 0x2018, 0x2019, 0x201C, 0x201D, 0x00B7)  # — … ‘ ’ “ ” ·
        or 0x2460 <= code <= 0x24FF  # ① ②
        or ch in "●•"
    )


def _fold_char(ch: str) -> str:
    code = ord(ch)
    if ch in _KEEP_FULLWIDTH:
        return ch
    if ch in _TO_FULLWIDTH:
        return _TO_FULLWIDTH[ch]
    if _FULLWIDTH_START <= code <= _FULLWIDTH_END:
        return chr(code - 0xFEE0)
    if ch == _IDEOGRAPHIC_SPACE:
        return " "
    if 0x2E80 <= code <= 0x2FDF:  # Kangxi/CJK radicals → the ordinary ideograph
        return unicodedata.normalize("NFKC", ch)
    return VARIANTS.get(ch, ch)


_WHITESPACE_RUN = re.compile(r"\s+")


def _drop_spaces(text: str, keep_newlines: bool) -> str:
    """Remove whitespace runs that touch CJK text; collapse or keep the others."""
    pattern = re.compile(r"[^\S\n]+") if keep_newlines else _WHITESPACE_RUN

    def replace(match: re.Match[str]) -> str:
        start, end = match.span()
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        if keep_newlines:
            # Display repair: only a gap *between* two CJK characters is an extraction artefact.
            return "" if before and after and is_cjk(before) and is_cjk(after) else match.group()
        if (before and is_cjk(before)) or (after and is_cjk(after)):
            return ""
        return " "

    return pattern.sub(replace, text)


@lru_cache(maxsize=16384)  # the same names and lines are compared again and again while a corpus is parsed
def normalize_for_match(text: str) -> str:
    """A canonical form for comparing and indexing text.

    Full-width letters, digits and symbols become half-width ("１．" → "1."), brackets and
    CJK sentence punctuation take their full-width form ("(" → "（", and "," → "，" next to
    Chinese text), variant characters are unified (査→查), whitespace next to CJK text is
    removed (PDF extraction puts spaces inside words: "区消 防救援支队" → "区消防救援支队"),
    and any other whitespace collapses to one space.
    """
    folded = "".join(_fold_char(ch) for ch in text)
    folded = _NEAR_CJK_PUNCT.sub(_widen_near_cjk, folded)
    return _drop_spaces(folded, keep_newlines=False).strip()


_NEAR_CJK_PUNCT = re.compile(r"[,:;!?]")


def _widen_near_cjk(match: re.Match[str]) -> str:
    text, start = match.string, match.start()
    before = text[start - 1] if start > 0 else ""
    after = text[start + 1] if start + 1 < len(text) else ""
    if (before and is_cjk(before)) or (after and is_cjk(after)):
        return _TO_FULLWIDTH_NEAR_CJK[match.group()]
    return match.group()


# A text typed with an English keyboard's punctuation ("由经济发展局牵头,规划建设局配合,2025年底前完成."): a mark
# that touches Chinese text is the Chinese mark, a full stop included; one between figures or letters ("3.2.1",
# "10:30", "GB/T 1.1") stays as it is.
_ASCII_STOP = re.compile(r"(?<=[\u4e00-\u9fff”’）)\]])\.(?=\s|$|[\u4e00-\u9fff“‘（(])")
_ASCII_PAIR = re.compile(r"\(([^()]*)\)")


def widen_punctuation(line: str) -> str:
    """`line` with its ASCII punctuation in Chinese text in the Chinese form (the length never changes)."""
    if not any(ch in line for ch in ",;:!?.()"):
        return line

    def pair(match: re.Match[str]) -> str:
        start, end, inside = match.start(), match.end(), match.group(1)
        around = line[start - 1 : start] + line[end : end + 1]
        return f"（{inside}）" if any(is_cjk(ch) for ch in inside + around) else match.group()

    line = _NEAR_CJK_PUNCT.sub(_widen_near_cjk, _ASCII_PAIR.sub(pair, line))
    return _ASCII_STOP.sub("。", line)


def repair_spaces(text: str) -> str:
    """Remove only the spaces between two CJK characters; everything else stays as it is.

    Use it for titles and unit names shown to users ("唐  军" → "唐军").
    """
    return _drop_spaces(text, keep_newlines=True)


def strip_all_spaces(text: str) -> str:
    """Text with every whitespace character removed (for header names like "工   作   内   容")."""
    return _WHITESPACE_RUN.sub("", text)


# A converted page's number on its own line ("— 2 —", "- 3 -", "·3·", "第2页 共5页"): no content, and it must not
# end a table or a clause it falls inside. (A bare "8" is a table's 序号 cell, so dashes, dots or 第…页 are required.)
PAGE_FOOTER = re.compile(r"^\s*(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|[·•・]\s*\d{1,4}\s*[·•・]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?)\s*$")
# Emoji (and the joiners that build them) as a character class's body: decoration a text copied from a phone puts
# before a line ("🔥01 …", "👉责任单位：…")
EMOJI = "\U0001F000-\U0001FAFF\uFE0F\u200D"
