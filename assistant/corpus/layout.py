"""The page layout a PDF converter, a scanner's OCR or a typist leaves in a text: page footers, running page headers,
lines wrapped at a fixed width in the middle of a sentence or a name ("由县住建局牵头，县消防救援大队、县应急管\\n理局配合"),
OCR's letters in figures ("1O月3l日前"), and tables typed as columns ("任务……县住建局　　9月底前") or copied from a PDF
a cell to a line; such tables are written in tabs, a row to a line, as a spreadsheet pasted as text is.

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
    """`lines` with page footers and running headers blanked, wrapped lines joined, a table typed with its columns
    apart in tabs, and what a scan's OCR misread put right (and the punctuation a typist took from an English keyboard
    in its Chinese form)."""
    lines = _run_on(_unmarked(_ocr_repaired([widen_punctuation(line) for line in lines])))
    footers = {n for n, line in enumerate(lines) if PAGE_FOOTER.match(line)}
    headers = _running_headers(lines, footers)
    plain = cell_line_tables(spaced_tables(["" if n in footers or n in headers else line for n, line in enumerate(lines)]))
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
    dropped = dropped | _page_breaks(lines, dropped)
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
            # not a cell's next line (a heading is none: "（三）巩固提升阶段…" right under a table's last row)
            target = n if text.strip() and (n == 0 or "\t" not in lines[n - 1] or heading_of(text.strip())) else None
        if not (columns(text) >= width - WRAP_SLACK and not text.endswith(_ENDS_PARAGRAPH)):
            target = None  # the line ended its paragraph
    return out


def _page_breaks(lines: list[str], dropped: set[int]) -> set[int]:
    """The blank lines around a page's footer and header ("…“飞线充" / "" / "·1·" / "" / "石堰镇人民政府文件" / "" /
    "电”现象…"): a run of blank and dropped lines that holds a dropped one is a page break, no paragraph's end."""
    breaks: set[int] = set()
    run: list[int] = []
    for n, line in enumerate([*lines, "end"]):
        if n in dropped or not line.strip():
            run.append(n)
            continue
        if any(k in dropped for k in run):
            breaks.update(run)
        run = []
    return breaks - dropped


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


# --- a scanned page read by OCR -------------------------------------------------------------------
# OCR reads a figure's 0 as the letter O and its 1 as l or I ("1O月3l日前", "2O25年", "3OO户"): in a run of digits and
# those letters that holds a digit and one of them, and touches no other letter or digit, the letters are digits.
_OCR_FIGURE = re.compile(r"(?<![A-Za-z0-9])(?=[0-9OolI]*[0-9])(?=[0-9]*[OolI])[0-9OolI]+(?![A-Za-z0-9])")
_OCR_DIGITS = str.maketrans("OolI", "0011")
_OCR_ONE = "ー"  # the katakana long mark, OCR's reading of the numeral 一 ("ー、整治重点", "(ー)")
# A table's left border read as a character at the start of a line ("丨1  建成…", "|出租房屋…"): no other bar follows
_OCR_BORDER = re.compile(r"^(\s*)[丨|](?=[^|]*$)(?=\s*[\u4e00-\u9fff0-9])")


def _ocr_repaired(lines: list[str]) -> list[str]:
    """`lines` with the misreadings of OCR put right: letters in figures, ー for 一, a border's bar at a line's start
    (not in a document of pipe tables, whose rows open with a bar)."""
    piped = sum(line.count("|") >= 2 for line in lines) >= 2
    out = []
    for line in lines:
        if _OCR_ONE in line:
            line = line.replace(_OCR_ONE, "一")
        if any(ch in line for ch in "OolI"):
            line = _OCR_FIGURE.sub(lambda m: m.group().translate(_OCR_DIGITS), line)
        if not piped:
            line = _OCR_BORDER.sub(r"\1", line)
        out.append(line)
    return out


# --- a table typed with its columns apart -----------------------------------------------------------
# Between the columns of a table typed as text: a run of spaces, or a dot leader from a task to its owners
# ("1．开展人员密集场所消防安全大检查……………县消防救援大队（牵头）、县市场监管局　　7月31日前")
_COLUMN_GAP = re.compile(r"[ \u3000]{2,}|…{3,}|[·•・.．]{4,}")
_ROW_START = re.compile(r"^(?:\d{1,3}(?:\s*[.．、]|[ \u3000])|[（(]\d{1,3}[）)])")  # "1．", "9、", "16.", "1  ", "（3）"
MIN_SPACED_COLUMNS = 3  # a header of fewer names is a line of text with a gap in it
MAX_SPACED_HEADER = 40  # a header whose names one space parts ("序号 任务 责任单位 完成时限") is short


def _gap_cells(text: str) -> list[str]:
    return [cell for cell in (c.strip() for c in _COLUMN_GAP.split(text.strip())) if cell]


def _padded(cells: list[str], width: int) -> list[str]:
    """A typed row's cells with the ones it leaves empty written as empty: a list leaves a cell blank, it merges none.
    A row that ends in a date left out the cells before it ("…培训　　7月31日前"), any other the last ones."""
    from assistant.lexicon import deadlines_in

    missing = [""] * (width - len(cells))
    return [*cells[:-1], *missing, cells[-1]] if deadlines_in(cells[-1]) else [*cells, *missing]


def _spaced_header(line: str) -> list[str]:
    """The column names of a table header typed with gaps ("任务内容　　　责任单位　　　完成时限"), or []."""
    from assistant.corpus.tables import header_name

    text = line.strip()
    if not text or "\t" in line or "|" in line:
        return []
    cells = _gap_cells(text)
    if len(cells) >= MIN_SPACED_COLUMNS:
        known = sum(map(header_name, cells))
        return cells if known >= 2 and known * 3 >= len(cells) * 2 else []
    words = text.split()
    if len(text) <= MAX_SPACED_HEADER and len(words) >= MIN_SPACED_COLUMNS and all(map(header_name, words)):
        return words
    return []


def spaced_tables(lines: list[str]) -> list[str]:
    """`lines` with each table typed with its columns apart written in tabs, a row to a line, as a spreadsheet pasted
    as text is: the header, then each numbered row. A row's first cell broken onto a second line ("10．督促…消防车
    通道和" / "疏散楼梯开展…………配合：…　　9月10日前") is joined on its first line; an indented line under a row is
    the rest of its longest cell ("为独居老人…安装独立式烟" / "感报警器300户"). A section heading between rows stays as it
    is (the table reader takes it for a section row); any other line ends the table."""
    from assistant.corpus.clauses import heading_of

    out = list(lines)
    n = 0
    while n < len(lines):
        header = _spaced_header(lines[n])
        if not header:
            n += 1
            continue
        out[n] = "\t".join(header)
        n = _spaced_rows(lines, out, n + 1, len(header), heading_of)
    return out


def _spaced_rows(lines: list[str], out: list[str], start: int, width: int, heading_of) -> int:
    """Write the rows under a spaced header in tabs; the index of the first line after the table."""
    last = pending = None  # the line of the row written last; a numbered row's first line, its other cells to come
    for n in range(start, len(lines)):
        raw = lines[n]
        text = raw.strip()
        if not text:
            continue
        if "|" in text or "\t" in raw:
            return n  # a pipe or tab table's line: not this table's
        cells = _gap_cells(text)
        numbered = bool(_ROW_START.match(text))
        if pending is not None and len(cells) >= 2 and not numbered:
            out[pending] = "\t".join(_padded([lines[pending].strip() + cells[0], *cells[1:]], width))
            out[n], last, pending = "", pending, None
        elif numbered and 2 <= len(cells) <= width:
            out[n], last, pending = "\t".join(_padded(cells, width)), n, None
        elif numbered and len(cells) == 1:
            pending = n
        elif len(cells) == 1 and last == n - 1 and raw[:1].isspace() and heading_of(text) is None:
            row = out[last].split("\t")
            longest = max(range(len(row)), key=lambda k: len(row[k]))
            row[longest] += text
            out[last], out[n] = "\t".join(row), ""
        elif len(cells) == 1 and heading_of(text) is not None and pending is None:
            last = None  # a section heading between rows
        else:
            return n
    return len(lines)


# --- a table copied from a PDF a cell to a line -------------------------------------------------------
# PDF text extraction leaves a table's header as one name per line ("序号" / "重点任务" / … / "完成时限") and each row as
# its cells in order, one per line, a cell wrapped at its column's width continuing on the next line ("区应急局、各街道办
# 事处、镇" / "人民政府"), a merged cell written in its first row only.
MIN_CELL_HEADER = 3  # names on consecutive lines that make a header
_ROW_NUMBER_LINE = re.compile(r"^\s*\d{1,3}\s*$")
_TEXT_MARK = re.compile(r"[，,。；;：:！？%]|\d+\s*(?:个|家|栋|处|名|次|所|户|座|支|条|万|%)")  # what unit lists never hold
_NONE_CELL = ("/", "—", "——", "-", "无", "－")
# the start of a line that goes on with the name the line above broke ("管局", "人民政府", "办事处"): a bare suffix
_NAME_TAIL = re.compile(r"^(?:人民政府|政府|办事处|管委会|委员会|办公室|管理局|局|委|办|处|所|站|队|中心|公司|部|院)(?:[、，,]|$)")


def cell_line_tables(lines: list[str]) -> list[str]:
    """`lines` with each table a PDF copy left a cell to a line written in tabs, a row to a line (on its 序号's line), as
    a spreadsheet pasted as text is; its repeated headers blanked; a group heading between rows stays as it is."""
    from assistant.corpus.tables import header_name

    out = list(lines)
    n = 0
    while n < len(lines):
        names = _cell_header(lines, n, header_name)
        if len(names) < MIN_CELL_HEADER or not _ROW_NUMBER_LINE.match(_first_row(lines, n + len(names))):
            n += 1
            continue
        out[n], out[n + 1 : n + len(names)] = "\t".join(names), [""] * (len(names) - 1)
        n = _cell_rows(lines, out, n + len(names), names, header_name)
    return out


def _cell_header(lines: list[str], start: int, header_name) -> list[str]:
    """The column names on the lines from `start` ("序号" first), or [] when a header does not start there."""
    from assistant.lexicon import is_deadline_label, label_role

    names = []
    for line in lines[start:]:
        text = line.strip()
        if not text or "\t" in line or "|" in line or len(text) > 8 or not header_name(text):
            break
        names.append(text)
    labelled = any(label_role(name) is not None or is_deadline_label(name) for name in names)
    return names if names and names[0] == "序号" and labelled else []


def _first_row(lines: list[str], start: int) -> str:
    """The first text line from `start` that is no group heading."""
    from assistant.corpus.clauses import heading_of

    return next((line for line in lines[start:] if line.strip() and (heading_of(line.strip()) is None
                                                                      or _ROW_NUMBER_LINE.match(line))), "")


def _cell_rows(lines: list[str], out: list[str], start: int, names: list[str], header_name) -> int:
    """Write each row under a cell-per-line header in tabs; the index of the first line after the table."""
    from assistant.corpus.clauses import heading_of

    n = start
    while n < len(lines):
        text = lines[n].strip()
        if not text:
            n += 1
            continue
        if _cell_header(lines, n, header_name) == names:  # the header again, after a page break
            out[n : n + len(names)] = [""] * len(names)
            n += len(names)
            continue
        if heading_of(text) is not None and not _ROW_NUMBER_LINE.match(text):
            n += 1  # a group heading between rows ("一、火灾隐患排查整治"): a section row
            continue
        if not _ROW_NUMBER_LINE.match(text):
            return n
        end = n + 1
        while end < len(lines) and lines[end].strip() and not _ROW_NUMBER_LINE.match(lines[end]) \
                and heading_of(lines[end].strip()) is None and _cell_header(lines, end, header_name) != names:
            end += 1
        out[n] = "\t".join([text, *_row_cells([line.strip() for line in lines[n + 1 : end]], names[1:])])
        out[n + 1 : end] = [""] * (end - n - 1)
        n = end
    return n


def _row_cells(cells: list[str], names: list[str]) -> list[str]:
    """A row's lines (its 序号 left out) as the cells of the columns `names`: the date last, the unit columns before it
    from the lines that hold only names, the text columns first (a short first line names the task when two text
    columns precede; a merged one is left empty)."""
    from assistant.lexicon import is_deadline_label, label_role

    row = {name: "" for name in names}
    lines = list(cells)
    dated = [name for name in names if is_deadline_label(name)]
    if dated and names[-1] == dated[0] and lines:
        row[dated[0]] = lines.pop()
    unit_columns = [name for name in names if label_role(name) is not None and not label_role(name)[1]]
    text_columns = [name for name in names if name not in unit_columns and name not in dated]
    cells, lines = _unit_cells(lines, len(unit_columns))
    for name, cell in zip(unit_columns, cells):
        row[name] = cell
    if len(text_columns) >= 2 and len(lines) >= 2 and _names_the_task(lines):
        row[text_columns[0]], lines = lines[0], lines[1:]
    if text_columns:
        row[text_columns[-1]] = "".join(lines)
    return [row[name] for name in names]


def _holds_names(line: str) -> bool:
    """A line of a unit cell: names and 、 only (or the cell's "/" or "无")."""
    return line in _NONE_CELL or (not _TEXT_MARK.search(line) and len(line) <= 40)


def _unit_cells(lines: list[str], columns: int) -> tuple[list[str], list[str]]:
    """The last lines of a row that hold `columns` unit cells, as those cells, and the lines above them. Read from the
    end: a line goes on with the one below it when it ends a list ("…、") or the one below starts with a bare suffix or
    a fragment ("…、镇" / "人民政府", "区住建委、区房" / "管局"); else it opens the cell before, while cells are missing."""
    cells: list[list[str]] = []
    while lines and len(lines) > 1 and _holds_names(lines[-1]):
        line, below = lines[-1], cells[0][0] if cells else ""
        if cells and (line.endswith(("、", "，")) or _NAME_TAIL.match(below) or len(below) <= MAX_NAME_FRAGMENT) \
                and cells[0][0] not in _NONE_CELL:
            cells[0].insert(0, lines.pop())
        elif len(cells) < columns:
            cells.insert(0, [lines.pop()])
        else:
            break
    joined = ["".join(cell) for cell in cells]
    return joined + [""] * (columns - len(joined)), lines


MAX_NAME_FRAGMENT = 3  # a line this short under a unit line is the rest of a name the column's width broke


def _names_the_task(lines: list[str]) -> bool:
    """Is the first text line of a row its task's name ("重大火灾隐患挂牌督办"), shorter than the content wrapped under it?"""
    first, rest = lines[0], lines[1:]
    return not _TEXT_MARK.search(first) and len(first) < 0.8 * max(len(line) for line in rest)
