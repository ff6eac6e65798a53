"""Numbers compared as numbers, with boundaries, multipliers, Chinese numerals and measure words."""

import pytest

from evals.numbers import arabic, cn_to_int, number_matches, parse_quantity


@pytest.mark.parametrize("gold, answer, ok", [
    ("2人", "每站不少于2人", True),
    ("2人", "每站不少于12人", False),
    ("100万元", "保额不低于100万元/人/年", True),
    ("100万元", "保额不低于1000万元", False),
    ("100万元", "1000000元", True),
    ("100万元", "100万", True),
    ("550个", "550 个", True),
    ("550个", "五百五十个", True),
    ("550个", "共550", True),
    ("550个", "550栋", False),
    ("20名", "2台消防车和20名消防员", True),
    ("20名", "20人", True),
    ("3.44人", "万人拥有消防人员3.44人", True),
    ("3.44人", "3.4人", False),
    ("90%", "不低于百分之九十", True),
    ("90%", "不低于９０％", True),
    ("100毫米", "管径不小于100mm", True),
    ("100毫米", "不小于100米", False),
    ("500立方米", "不小于500立方米", True),
    ("29个", "2025年配齐29个社区", True),
    ("29个", "2025年", False),
])
def test_number_matches(gold, answer, ok):
    assert number_matches(gold, answer) is ok


@pytest.mark.parametrize("text, value", [("五百五十", 550), ("二十", 20), ("十", 10), ("两千零一", 2001),
                                         ("三万", 30000), ("十四五", None), ("万", None)])
def test_chinese_numerals(text, value):
    assert cn_to_int(text) == value


def test_arabic_leaves_names_alone():
    assert arabic("十四五规划") == "十四五规划"
    assert arabic("五百五十个") == "550个"


def test_parse_quantity_folds_multiplier():
    assert parse_quantity("100万元") == (1_000_000.0, "元")
    assert parse_quantity("3.44人") == (3.44, "人")
    assert parse_quantity("持续推进") is None
