"""Document metadata: title, issuer, region, date and 文号, from corpus/metadata.json or the header.

metadata.json holds hand-checked values for the known documents (keyed by file name); a
document that is not listed there gets what `derive_metadata` can read from its header.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from assistant.corpus.clauses import heading_of
from assistant.corpus.normalize import repair_spaces
from assistant.corpus.places import find_place
from assistant.errors import CorpusError
from assistant.models import DocumentMeta

METADATA_FILE = "metadata.json"
_HEADER_LINES = 25
# A 文号 is an issuer abbreviation + 发/办/函…, the year in brackets and a serial: "渝北府办发〔2021〕28号".
# The Chinese run before the bracket may carry text from a joined line ("…工作方案青溪府办发〔2024〕9号");
# it is cut after the last word that ends a title or a phrase, which never occurs inside an abbreviation.
_NUMBER = re.compile(r"([\u4e00-\u9fff]+)\s*[〔\[［【（(]\s*(\d{4})\s*[〕\]］】）)]\s*(\d{1,5})\s*号")
_NUMBER_CUT = re.compile(r"^.*(?:方案|通知|意见|规划|办法|计划|决定|细则|规定|文件|公告|通告|通报|批复|报告|纲要|"
                         r"人民政府|办公室|委员会|关于|印发|的|根据|按照|依据|参照|引用)")
_ABBREVIATION_CHARS = (2, 8)
DATE_TEXT = r"\d{4}年\d{1,2}月\d{1,2}日"
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_DATE_LINE = re.compile(r"[（(]?" + _DATE.pattern + r"[）)]?(?:印发|发布|签发)?")
_SIGNATURE_LINES = 15
_ISSUER_NAME = r"(.{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府|委员会办公室|委员会|办公室|办事处|管委会|管理局|局|委|办|支队|大队))"
_ISSUER = re.compile(rf"^{_ISSUER_NAME}(?:文件)?$")
# "上海市奉贤区人民政府办公室关于印发《…》的通知": the issuer opens the notice's title line.
_ISSUER_OF_NOTICE = re.compile(rf"^{_ISSUER_NAME}关于")
_TITLE_IN_NOTICE = re.compile(r"(?:印发|转发)[^《“]{0,30}?[《“](.+?)[》”](?:的)?通知|印发[《“]?(.+?)[》”]?的通知")


def load_metadata(corpus_dir: Path) -> dict[str, DocumentMeta]:
    """Hand-checked metadata keyed by file name; {} when the folder has no metadata.json.

    Raises:
        CorpusError: metadata.json exists but is not valid.
    """
    path = Path(corpus_dir) / METADATA_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        return {doc: DocumentMeta(doc=doc, **{k: v for k, v in fields.items() if k != "doc"})
                for doc, fields in data.items()}
    except (ValueError, TypeError, AttributeError) as exc:
        raise CorpusError(f"{path} 格式不正确：{exc}") from exc


def derive_metadata(doc: str, lines: list[str]) -> DocumentMeta:
    """What the document itself says about it (fields it does not state stay "")."""
    header = header_lines(lines)
    joined = "".join(repair_spaces(line.strip()) for line in header)
    number = next((n for line in header if (n := _number_in(repair_spaces(line.strip())))), "")
    issuer, date = _signature(lines, header, joined)
    title_match = _TITLE_IN_NOTICE.search(joined)
    title = (title_match.group(1) or title_match.group(2)) if title_match else _fallback_title(header, doc)
    first = repair_spaces(lines[0].strip()) if lines else ""
    place = find_place(issuer, title, first, lines)
    return DocumentMeta(doc=doc, title=title, issuer=issuer, region=place.region,
                        region_aliases=sorted(place.names, key=len), parents=place.parents,
                        subplaces=place.subplaces, date=date, number=number)


def complete_metadata(given: DocumentMeta, lines: list[str]) -> DocumentMeta:
    """Hand-checked metadata, with what it leaves out (parents, sub-places) read from the text."""
    derived = derive_metadata(given.doc, lines)
    own = set(given.region_aliases) | {given.region}
    return DocumentMeta(**{**given.to_dict(), "parents": given.parents or derived.parents,
                           "subplaces": given.subplaces or [p for p in derived.subplaces if p not in own]})


def _signature(lines: list[str], header: list[str], joined: str) -> tuple[str, str]:
    """The issuer and date: a unit line (or the unit opening the title line) and a line that is only a date
    in the header, else the signature block at the end (a unit line over a date line, or a last date line).
    A date inside the text ("2025年1月1日起施行") is no signing date."""
    texts = [repair_spaces(line.strip()) for line in header]
    issuer = next((m.group(1) for pattern in (_ISSUER, _ISSUER_OF_NOTICE) for text in texts
                   if (m := pattern.match(text)) and not m.group(1).startswith(("关于", "各", "区政府各"))), "")
    date = next((_iso(d) for text in texts if (d := _DATE_LINE.fullmatch(text))), "")
    if (signed := signature(lines)) is not None:
        return issuer or signed[0], date or _iso(_DATE.fullmatch(signed[1]))
    tail = [repair_spaces(line.strip()) for line in lines[-_SIGNATURE_LINES:]]
    if not date:
        date = next((_iso(d) for text in reversed(tail) if (d := _DATE_LINE.fullmatch(text))), "")
    if not date:  # a notice that states its date only inside the header text
        found = _DATE.search(joined)
        date = _iso(found) if found and not re.match(r"\s*(?:起|开始|以前|前|之前|至|到|后)", joined[found.end():]) else ""
    return issuer, date


def signature(lines: list[str]) -> tuple[str, str, int] | None:
    """The unit that signs the text over a date line: (unit, date as written, line of the unit), else None.
    The block at the end; with an annex after it ("附件：…分工表" and its table), the last block after the header."""
    header = len(header_lines(lines))
    numbered = [(n, repair_spaces(line.strip())) for n, line in enumerate(lines, 1)
                if line.strip() and not line.startswith("\t")]  # a table's cells sign nothing
    blocks = [(unit, _DATE.search(below).group(0), n) for (n, above), (_, below) in zip(numbered, numbered[1:])
              if (unit := issuer_line(above)) and _DATE_LINE.fullmatch(below)]
    after_header = [block for block in blocks if block[2] > header]
    at_end = [block for block in after_header if block[2] > len(lines) - _SIGNATURE_LINES]
    if at_end:
        return at_end[0]
    if after_header:
        return after_header[-1]
    tail = [block for block in blocks if block[2] > len(lines) - _SIGNATURE_LINES]  # a short notice, all header
    return tail[-1] if tail else None


def issuer_line(text: str) -> str:
    """The unit a line consists of ("上海市金山区消防救援支队"), "" when it is something else."""
    match = _ISSUER.match(text)
    return match.group(1) if match else ""


def chinese_date(iso: str) -> str:
    """"2021-07-12" → "2021年7月12日", the way documents write dates ("" stays "")."""
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


def _iso(match: re.Match[str]) -> str:
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def _number_in(line: str) -> str:
    """The first 文号 in one line, without text joined in front of it, brackets as 〔〕 ("" if none)."""
    for match in _NUMBER.finditer(line):
        if re.search(r"[》”][（(]\s*$", line[: match.start()]):
            continue  # "《消防安全责任制实施办法》（国办发〔2017〕87号）" cites another document
        issuer = _NUMBER_CUT.sub("", match.group(1))
        if _ABBREVIATION_CHARS[0] <= len(issuer) <= _ABBREVIATION_CHARS[1]:
            return f"{issuer}〔{match.group(2)}〕{match.group(3)}号"
    return ""


def header_lines(lines: list[str]) -> list[str]:
    """The lines before the first numbered heading (at most the first 25)."""
    out: list[str] = []
    for line in lines[:_HEADER_LINES]:
        heading = heading_of(line)
        if heading is not None and heading.style not in ("bullet", "dash"):
            break
        out.append(line)
    return out


def _fallback_title(header: list[str], doc: str) -> str:
    """The first line that reads as a title: not the issuer, a 文号, a date, an addressee ("各街道：") or a sentence."""
    for line in header:
        text = repair_spaces(line.strip())
        if not 4 <= len(text) <= 40 or text.endswith(("。", "：", ":")) or text in ("前言", "目录"):
            continue
        if _ISSUER.match(text) or _number_in(text) == text or _DATE_LINE.fullmatch(text):
            continue
        return text
    return Path(doc).stem
