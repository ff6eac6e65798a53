"""The page layout a PDF converter leaves in a text: page footers, running page headers, and lines wrapped at
a fixed width in the middle of a sentence or a name ("由县住建局牵头，县消防救援大队、县应急管\\n理局配合").

Pure functions over the document's lines. The line count never changes (a joined line's continuation is
left empty), so line numbers stay those of the file, which is what citations point to.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from assistant.corpus.normalize import EMOJI, PAGE_FOOTER, widen_punctuation

MIN_WRAP_COLUMNS = 40  # a converter wraps at a page's width; shorter "widths" are runs of headings
WRAPPED_SHARE = 0.35  # share of text lines within WRAP_SLACK columns of the width, for a wrapped text
WRAP_SLACK = 3  # a line this many columns short of the width still ran to the margin
MIN_WRAPPED_LINES = 4  # fewer lines at one width are a few long paragraphs, not a page's margin
_ENDS_PARAGRAPH = tuple("。！？!?；;：:")
RUNNING_HEADER_MIN = 2  # a line seen at the top of this many pages is the page's header


def columns(line: str) -> int:
    """Display width: a CJK or full-width character, and the quotes and dashes of CJK text (“” — …), take two
    columns."""
    return len(line) + len(_WIDE.findall(line))


# East Asian wide and full-width characters, and the ambiguous ones a CJK font draws wide (unicodedata
# per character would be exact and ten times slower over a whole corpus)
_WIDE = re.compile("[\u1100-\u115f\u2014\u2018\u2019\u201c\u201d\u2026\u2e80-\u303e\u3041-\u33ff"
                   "\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f"
                   "\uff00-\uff60\uffe0-\uffe6\u2460-\u24ff\u25a0-\u25ff\u2605\u2606]")


@dataclass(frozen=True)
class PageLayout:
    """A document's lines as its pages leave them to the parser."""

    lines: list[str]  # page footers and running headers blanked, wrapped text lines joined
    wrapped: bool  # the converter wrapped lines at a fixed width: a table cell's lines are one text too


def page_layout(lines: list[str]) -> PageLayout:
    """`lines` with page footers and running headers blanked and wrapped lines joined (and the punctuation a typist
    took from an English keyboard in its Chinese form)."""
    lines = _run_on(_unmarked([widen_punctuation(line) for line in lines]))
    footers = {n for n, line in enumerate(lines) if PAGE_FOOTER.match(line)}
    headers = _running_headers(lines, footers)
    plain = ["" if n in footers or n in headers else line for n, line in enumerate(lines)]
    width = wrap_width(plain)
    return PageLayout(_unwrap(plain, footers | headers, width) if width else plain, width is not None)


def _running_headers(lines: list[str], footers: set[int]) -> set[int]:
    """The lines that open each page ("梅岗县人民政府办公室文件" right after "- 2 -"), when the same text does so
    on two pages or more."""
    tops: dict[str, list[int]] = {}
    for footer in sorted(footers):
        top = next((n for n in range(footer + 1, len(lines)) if lines[n].strip()), None)
        if top is not None and top not in footers and "\t" not in lines[top]:
            tops.setdefault(lines[top].strip(), []).append(top)
    return {n for seen in tops.values() if len(seen) >= RUNNING_HEADER_MIN for n in seen}


def wrap_width(lines: list[str]) -> int | None:
    """The width a converter wrapped the text's lines at, or None when its lines are paragraphs."""
    widths = [columns(line.rstrip()) for line in lines if len(line.strip()) >= 10 and "\t" not in line]
    if not widths:
        return None
    counts = Counter(widths)
    width = max(counts, key=lambda w: (sum(counts[k] for k in range(w - WRAP_SLACK, w + 1)), w))
    near = sum(counts[k] for k in range(width - WRAP_SLACK, width + 1))
    return width if width >= MIN_WRAP_COLUMNS and near >= max(MIN_WRAPPED_LINES, WRAPPED_SHARE * len(widths)) else None


def _unwrap(lines: list[str], dropped: set[int], width: int) -> list[str]:
    """Join each text line that ran to the margin without ending its sentence to the text line after it (past
    the page footer and header between them). A heading, a blank line or a table's lines are never joined
    (the table reader joins a cell's wrapped lines: a blank line there would end its row)."""
    from assistant.corpus.clauses import heading_of

    out = list(lines)
    target = None  # the line a continuation is joined to
    for n, line in enumerate(lines):
        if n in dropped:
            continue
        text = line.rstrip()
        if "\t" in text:
            target = None
            continue
        if target is not None and text.strip() and heading_of(text.strip()) is None:
            out[target] += text.strip()
            out[n] = ""
        else:
            target = n if text.strip() and (n == 0 or "\t" not in lines[n - 1]) else None  # not a cell's next line
        if not (columns(text) >= width - WRAP_SLACK and not text.endswith(_ENDS_PARAGRAPH)):
            target = None  # the line ended its paragraph
    return out


# What a text copied from a phone's article (an official account's 公众号 post) carries besides its words: emoji that
# open a line ("🔥01 …", "👉责任单位：…"), markdown bold ("**7月20日前**"), and placeholders of its pictures.
_LINE_EMOJI = re.compile(rf"^(\s*)(?:[{EMOJI}]\s*)+")
_PICTURE = re.compile(r"^\s*\[(?:图片|视频|动图|表情)\]\s*$")
_RUNS_ON = ("，", "、", ",")  # a paragraph that ends so has not ended its sentence


def _unmarked(lines: list[str]) -> list[str]:
    return ["" if _PICTURE.match(line) else _LINE_EMOJI.sub(r"\1", line).replace("**", "") for line in lines]


def _run_on(lines: list[str]) -> list[str]:
    """A sentence an article breaks into short paragraphs ("对发现的…行为，" / "一律当场劝阻、限期整改；" /
    "拒不整改的，由…处罚") is one text again: a text line that ends mid-sentence takes the next text line after
    the blank lines between them, unless that one is a heading or a table's."""
    from assistant.corpus.clauses import heading_of

    out = list(lines)
    target = None
    for n, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if target is not None and "\t" not in line and heading_of(text) is None and n > target + 1:
            out[target] += text
            out[n] = ""
        else:
            target = n
        if "\t" in line or not out[target].rstrip().endswith(_RUNS_ON):
            target = None
    return out
