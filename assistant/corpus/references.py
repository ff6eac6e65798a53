"""Cross-references inside a regulation: "符合本办法第三条第一项至第四项情形的，给予…奖励",
"违反本条例第十二条规定的，处…罚款".

The clause that sets the reward or the fine names the case only by number; the case itself is written
in the article it points to. `referenced_text` returns that article's (or those items') text, so a
question about the case ("举报安全出口严重堵塞能拿多少奖励？") finds the clause that answers it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.models import Clause

_NUMERAL = "一二三四五六七八九十百零〇两\\d"
# how a document names itself when it points into itself: "本办法第三条", "本规范第3.2条"
SELF_REFERENCE = r"本(?:办法|条例|规定|细则|实施办法|实施细则|措施|制度|规范|方案|实施方案|意见|通知)"
_REFERENCE = re.compile(
    rf"(?:{SELF_REFERENCE})?第(?P<article>[{_NUMERAL}]+)条"
    rf"(?:第[{_NUMERAL}]+款)?"
    rf"(?:第(?P<items>[{_NUMERAL}]+项?(?:(?:至|、|和|及|到|-|—)第?[{_NUMERAL}]+项?)*)(?<=项))?"
)
_ITEM_LABEL = re.compile(rf"^[（(]([{_NUMERAL}]+)[）)]$|^([{_NUMERAL}]+)[.．、]$")
MAX_REFERENCED_CHARS = 400
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


@dataclass(frozen=True)
class Reference:
    """"第三条第一项至第四项" → Reference(3, (1, 2, 3, 4)); "第十二条" → Reference(12, ())."""

    article: int
    items: tuple[int, ...] = ()


def chinese_number(text: str) -> int | None:
    """"三" → 3, "十二" → 12, "二十一" → 21, "一百零五" → 105, "12" → 12; None when it is no number."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in "十百":
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
        else:
            return None
    return total + digit


def references_in(text: str) -> list[Reference]:
    """The articles and items a sentence points to, in order."""
    found = []
    for match in _REFERENCE.finditer(text):
        if not text[: match.start()].strip() and not match.group().startswith("本"):
            continue  # "第二条 本市…": the article's own label, no reference
        article = chinese_number(match.group("article"))
        if article is None:
            continue
        found.append(Reference(article, tuple(numbers_of(match.group("items") or ""))))
    return found


_SPAN = "至到—－～-"  # the joints that mean "through" (the hyphen last: a character class reads it literally)


def numbers_of(text: str) -> list[int]:
    """The numbers a list of them names, ranges spelled out: "第一项至第四项" → [1, 2, 3, 4]; "（二）、（三）" → [2, 3];
    "1至3" → [1, 2, 3]."""
    parts = re.split(rf"([{_SPAN}]|、|和|及)", re.sub(r"[项第（）()\s]", "", text))
    numbers = [chinese_number(p) if p else None for p in parts[::2]]
    items = [numbers[0]] if numbers and numbers[0] is not None else []
    for n, joint in zip(numbers[1:], parts[1::2], strict=False):
        if n is not None and items and joint in _SPAN:
            items += range(items[-1] + 1, n + 1)  # "第一项至第四项": one to four
        elif n is not None:
            items.append(n)
    return sorted(set(items))


def label_number(label: str) -> int | None:
    """The number of an item's label ("（三）" → 3, "2." → 2), None for any other label."""
    match = _ITEM_LABEL.match(label.strip())
    return chinese_number(next(g for g in match.groups() if g)) if match else None


def articles_of(clauses: list[Clause]) -> dict[int, Clause]:
    """The document's articles ("第三条") by number."""
    out = {}
    for root in clauses:
        for node in root.walk():
            match = re.fullmatch(rf"第([{_NUMERAL}]+)条", node.label.strip())
            number = chinese_number(match.group(1)) if match else None
            if number is not None:
                out.setdefault(number, node)
    return out


def referenced_text(sentence: str, articles: dict[int, Clause]) -> str:
    """The text of what `sentence` points to (the article's lead sentence and the items named), or ""."""
    parts = []
    for reference in references_in(sentence):
        article = articles.get(reference.article)
        if article is None:
            continue
        if not reference.items:
            parts.append(article.text)
            continue
        for child in article.children:
            if label_number(child.label) in reference.items:
                parts.append(child.text)
    return "；".join(p.strip() for p in parts if p.strip())[:MAX_REFERENCED_CHARS]
