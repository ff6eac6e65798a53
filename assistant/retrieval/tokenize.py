"""Chinese tokenisation for BM25: jieba with a user dictionary built from the corpus.

Unit names (区消防救援支队, 区住房城乡建委 …) and domain terms (消防车通道, 微型消防站 …)
are added to a private jieba dictionary so they stay whole tokens; otherwise jieba splits
them into generic words and BM25 cannot tell one unit from another.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache

import jieba

from assistant.corpus.normalize import normalize_for_match

# Domain terms that occur across the genre; unit names come from the corpus gazetteer.
DOMAIN_TERMS = [
    "消防车通道", "微型消防站", "小型消防站", "消防救援站", "政府专职消防队", "专职消防队", "志愿消防队",
    "消防安全委员会", "消防设施", "消防控制室", "市政消火栓", "消火栓", "自动喷水灭火系统", "独立式感烟火灾报警器",
    "感烟火灾报警器", "火灾报警器", "电动自行车", "充电设施", "充电桩", "老旧小区", "高层建筑", "外墙保温",
    "可燃雨棚", "防护网", "生命通道", "群租房", "三合一", "九小场所", "人员密集场所", "消防宣传", "消防主题公园",
    "网格化管理", "网格员", "消防监督检查", "重大火灾隐患", "火灾隐患", "挂牌督办", "醇基燃料", "物业服务企业",
    "完成时限", "牵头单位", "配合单位", "责任单位", "领导小组", "组长", "副组长", "独居老人", "留守儿童",
    "消防站", "消防员", "消防水源", "物联网", "智慧消防", "养老机构", "养老服务机构", "古镇", "森林防火",
]

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
logging.getLogger("jieba").setLevel(logging.WARNING)
jieba.setLogLevel(logging.WARNING)


class Tokenizer:
    """jieba tokenizer with its own dictionary (never touches jieba's global instance)."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        words = tuple(sorted({normalize_for_match(w) for w in list(user_words) + DOMAIN_TERMS}))
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
