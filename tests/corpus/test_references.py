"""Cross-references of regulations: "符合本办法第三条第一项至第四项情形的" points to those items."""

import pytest

from assistant.corpus.clauses import parse_clauses
from assistant.corpus.references import Reference, articles_of, chinese_number, referenced_text, references_in


@pytest.mark.parametrize("text, number", [("三", 3), ("十", 10), ("十二", 12), ("二十一", 21), ("一百零五", 105),
                                          ("12", 12), ("条", None)])
def test_chinese_number(text, number):
    assert chinese_number(text) == number


@pytest.mark.parametrize("text, expected", [
    ("符合本办法第三条第一项至第四项情形的", [Reference(3, (1, 2, 3, 4))]),
    ("违反本条例第十二条规定的，处五百元罚款", [Reference(12)]),
    ("有第三条第一、二项情形之一的", [Reference(3, (1, 2))]),
    ("依照第八条第二款第三项", [Reference(8, (3,))]),
    ("依照第二十一条、第二十二条的规定", [Reference(21), Reference(22)]),
    ("第二条 本市行政区域内的建设工程适用本规定。", []),  # the article's own label
    ("本办法自发布之日起施行。", []),
])
def test_references_in(text, expected):
    assert references_in(text) == expected


REGULATION = """第一条 下列隐患纳入举报奖励范围：
（一）疏散通道、安全出口严重堵塞的；
（二）在高层建筑内使用瓶装液化石油气的；
（三）电动自行车在门厅停放充电的。
第二条 举报奖励标准如下：
（一）符合本办法第一条第一项情形的，给予举报人500元奖励；
（二）符合本办法第一条第二项至第三项情形的，给予举报人200元奖励。""".split("\n")


def test_a_clause_that_names_its_case_by_number_reads_that_case():
    articles = articles_of(parse_clauses("t.txt", REGULATION))
    assert set(articles) == {1, 2}
    assert "安全出口严重堵塞" in referenced_text(REGULATION[5], articles)
    both = referenced_text(REGULATION[6], articles)
    assert "瓶装液化石油气" in both and "门厅停放充电" in both and "安全出口" not in both
    assert referenced_text("符合本办法第九条情形的", articles) == ""  # no such article
