"""Chinese tokenisation for BM25: jieba with a user dictionary built from the corpus.

Unit names (区消防救援支队, 区住房城乡建委 …) and domain terms (消防车通道, 微型消防站 …)
are added to a private jieba dictionary so they stay whole tokens; otherwise jieba splits
them into generic words and BM25 cannot tell one unit from another.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import jieba

from assistant.corpus.normalize import normalize_for_match

# Genre words that jieba splits but people type whole; the rest of the dictionary (unit names,
# places, and phrases that recur in the corpus) comes from the corpus itself (`corpus_terms`).
GENRE_TERMS = [
    "完成时限", "牵头单位", "配合单位", "责任单位", "领导小组", "组长", "副组长", "消防安全委员会", "消防车通道",
    "微型消防站", "专职消防队", "消防救援站", "火灾隐患",
]
TERM_MIN_COUNT = 4  # a pair of adjacent words that recurs this often in the corpus is one term
TERM_MIN_PMI = 6  # …and occurs together this much more often than chance (log2); both swept on five + tuning

STOPWORDS = frozenset(
    ["的", "了", "和", "与", "及", "或", "等", "在", "对", "为", "是", "由", "将", "把", "被", "从", "向", "以", "于", "按", "其", "之", "这", "那", "哪", "哪些", "哪个", "什么", "怎么", "怎样", "如何", "吗", "呢", "吧", "啊", "呀", "谁", "要", "有", "个", "项", "里", "中", "上", "下", "这项", "那个", "这个", "一下", "请问", "是否", "多少", "几", "什么时候", "何时", "要求", "工作", "进行", "开展", "相关", "有关", "一", "各", "该", "并", "且", "也", "都", "还", "又", "就", "可", "能", "应", "需", "需要", "我", "你", "他", "它", "我们", "他们"]
)

@lru_cache(maxsize=4)
def _jieba_with(words: tuple[str, ...]) -> jieba.Tokenizer:
    """A jieba instance with these user words; shared, since loading jieba's dictionary takes ~1 s."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in words:
        if len(word) >= 2:
            # A high frequency makes jieba prefer the whole name over its parts.
            tokenizer.add_word(word, freq=200000)
    return tokenizer


_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
logging.getLogger("jieba").setLevel(logging.WARNING)
jieba.setLogLevel(logging.WARNING)


def corpus_terms(texts: Iterable[str]) -> list[str]:
    """Phrases that recur in the corpus as two adjacent words ("消防车+通道", "独居+老人"), by pointwise mutual
    information, so that BM25 matches them whole; no list of topics is written in code."""
    base = _jieba_with(())
    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for text in texts:
        words = [w for w in base.cut(normalize_for_match(text), HMM=False) if _CJK_WORD.fullmatch(w)]
        counts.update(words)
        pairs.update(zip(words, words[1:]))
    total = sum(counts.values()) or 1
    terms = []
    for (left, right), n in pairs.items():
        if n < TERM_MIN_COUNT or len(left) + len(right) > 8 or left in STOPWORDS or right in STOPWORDS:
            continue
        pmi = math.log2(n * total / (counts[left] * counts[right]))
        if pmi >= TERM_MIN_PMI:
            terms.append(left + right)
    return sorted(terms)


class Tokenizer:
    """jieba tokenizer with its own dictionary (never touches jieba's global instance)."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        words = tuple(sorted({normalize_for_match(w) for w in list(user_words) + GENRE_TERMS}))
        self._jieba = _jieba_with(words)
        self.user_words = list(words)

    def tokens(self, text: str) -> list[str]:
        """Tokens for indexing and querying: normalised, search-mode cut, no stopwords/punctuation."""
        normalised = normalize_for_match(text).lower()
        out = []
        for token in self._jieba.cut_for_search(normalised, HMM=True):
            token = token.strip()
            if not token or token in STOPWORDS or _PUNCT.match(token):
                continue
            out.append(token)
        return out
