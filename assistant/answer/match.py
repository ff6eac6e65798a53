"""Lexical matching helpers for answer composition: weighted bigram overlap, sentences, dates, numbers."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from assistant.corpus.normalize import normalize_for_match
from assistant.lexicon import MATCH_SYNONYMS, MEASURE_UNITS

_NOT_CJK_OR_ALNUM = re.compile(r"[^\u4e00-\u9fff0-9a-zA-Z%]")
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])|\n")

# Digits, or a Chinese numeral before a measure word ("二名", "一次"; not the "一" of "一是").
_MEASURES = "个|名|人|次|项|处|支|辆|台|套|间|栋|座|所|家|条|批|吨|元|万|亿|米|天|日|年|月|倍|级|类|种|户|小时|分钟|周|层"
_CN_NUMERAL = "零〇一二两三四五六七八九十百千"
NUMBER_PATTERN = re.compile(r"\d+(?:\.\d+)?")  # what a grounding check compares: digits
QUANTITY_PATTERN = re.compile(rf"\d+(?:\.\d+)?|[{_CN_NUMERAL}]+(?=(?:{_MEASURES}))")


def bigrams(text: str) -> list[str]:
    """Character bigrams of the CJK/alphanumeric content of `text` (after normalisation, short forms read
    as their long forms: lexicon.MATCH_SYNONYMS)."""
    s = _NOT_CJK_OR_ALNUM.sub("", normalize_for_match(text))
    for short, full in MATCH_SYNONYMS.items():
        if short in s:
            s = s.replace(short, full)
    if len(s) == 1:
        return [s]
    return [s[i : i + 2] for i in range(len(s) - 1)]


@lru_cache(maxsize=200_000)
def gram_set(text: str) -> frozenset[str]:
    """Cached bigram set, without digit grams: ledger and chunk texts are matched against every question.

    Years and counts are compared as whole numbers elsewhere; as bigrams ("20", "02", "23")
    they would make any dated sentence look like a match for any dated question.
    """
    return frozenset(g for g in bigrams(text) if not any(ch.isdigit() for ch in g))


class Overlap:
    """How much of a query's (IDF-weighted) bigrams a text covers, from 0 to 1."""

    def __init__(self, corpus_texts: Iterable[str]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for text in corpus_texts:
            df.update(set(bigrams(text)))
            n += 1
        self._n = max(n, 1)
        self._df = df

    def idf(self, gram: str) -> float:
        return math.log(1 + self._n / (1 + self._df.get(gram, 0)))

    def coverage(self, query: str, text: str) -> float:
        q = gram_set(query)
        if not q:
            return 0.0
        t = gram_set(text)
        total = sum(self.idf(g) for g in q)
        return sum(self.idf(g) for g in q & t) / total if total else 0.0


def sentences(text: str) -> list[str]:
    """Split a clause into sentences on 。；！？ and line breaks; keep the punctuation."""
    parts = [p.strip(" \t\u3000") for p in _SENTENCE_END.split(text)]
    return [p for p in parts if p and _NOT_CJK_OR_ALNUM.sub("", p)]


def numbers_in(text: str) -> list[str]:
    """Quantities a text states: digits, and Chinese numerals before a measure word ("二名")."""
    return QUANTITY_PATTERN.findall(normalize_for_match(text))


def parse_date(phrase: str) -> str | None:
    """The last day a deadline phrase allows, as yyyy-mm-dd ('2021年6月底前' → '2021-06-30')."""
    m = re.search(r"(20\d\d)年(?:(\d{1,2})月)?(?:(\d{1,2})日)?", normalize_for_match(phrase))
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else 12
    if m.group(3):
        return f"{year:04d}-{month:02d}-{int(m.group(3)):02d}"
    if "上半年" in phrase:
        month = 6
    days = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return f"{year:04d}-{month:02d}-{days:02d}"


# What a "how many/much" question counts, so the answer sentence must count the same thing
# ("多少起火灾" needs "N起", "补贴多少" needs an amount of money).
_MEASURE_AFTER = re.compile(rf"(?:多少|几)({'|'.join(u for u in MEASURE_UNITS if u not in ('分', '%'))}|分(?=[？?，,。！!]|$))")
_MONEY = re.compile(r"多少钱|经费|补贴|预算|资金|投入|费用|金额|工资|标准是多少|奖励|奖金|罚款|罚|处以|赔偿|补助")
_MONEY_ASKED = re.compile(r"多少(?:钱|奖金|奖励|经费|补贴|资金|费用|罚款)|(?:奖励|奖金|补贴|罚款|罚|赔偿|补助)多少")
_LENGTH_ASKED = re.compile(r"多远|多高|多宽|多深|多厚|(?:距离|间距|高度|宽度|长度)[^，,。？?]{0,4}?(?:是|为|要|不少于)?多少")
_DURATION_ASKED = re.compile(r"多长时间|多久|(?:期限|时间|周期|期)[^，,。？?]{0,4}?多长")
_EQUIVALENT = {"人": "人|名", "名": "名|人", "元": "元", "万元": "万元|亿元|元", "亿元": "亿元|万元", "天": "天|日",
               "日": "日|天", "场": "场次|场", "家": "家次|家"}


def asked_measure(question: str) -> str | None:
    """The measure word a quantity question asks for, as a regex alternative ("人|名"), or None."""
    q = re.sub(r"好几|几乎", "", normalize_for_match(question))  # "好几个隐患" asks nothing
    if _MONEY_ASKED.search(q):
        return "元"
    if re.search(r"多少比例|(?:比例|占比|比重)[^，,。？?]{0,4}?多少|百分之多少|多少%|(?:覆盖|完成|达标|接入|联网|建成|整改)?率(?:要|应|需)?(?:是|为|达到)?多少|"
                 r"多大比例", q):
        return "%"
    if re.search(r"(?:多少|几)个?(?:小时|钟头)", q):
        return "小时"
    if _LENGTH_ASKED.search(q):
        return "米|公里|千米|厘米|毫米"  # "柴草堆要离房子多远": a distance
    if _DURATION_ASKED.search(q):
        return "个月|月|天|日|年|小时|分钟|工作日"  # "督办期限一般是多长": a length of time
    if re.search(r"(?:多少|几)个?(?:名|人(?!次))", q):
        return _EQUIVALENT["人"]
    m = _MEASURE_AFTER.search(q)
    if m:
        return _EQUIVALENT.get(m.group(1), m.group(1))
    if re.search(r"满分|总分|分值|得分", q) and re.search(r"多少|几", q):
        return "分"  # "各大项分值加起来满分是多少": points
    if _MONEY.search(q) and re.search(r"多少|几", q):
        return "元"
    return None


def states_measure(sentence: str, measure: str) -> bool:
    """Does the sentence state a number with that measure word ("550个", "10万元", "3名")?"""
    return re.search(rf"(?:\d[\d.]*|[{_CN_NUMERAL}]+)\s*(?:万|亿)?\s*(?:{measure})",
                     normalize_for_match(sentence)) is not None
